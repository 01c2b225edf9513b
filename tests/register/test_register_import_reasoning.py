"""``register import`` reads the reasoning of an old register as a careful PPID lawyer would:
the harm, the public interest, the citations, rows concluded open and copied text. Each
test is one defect of real registers, on rows written for it (a dry run: nothing stored)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from register_support import OLD_REGISTER_HEADER

from ujikon.domain.lint import ARTICLES
from ujikon.domain.rules import RULES
from ujikon.service.cases import Service
from ujikon.service.register_import import Defect, ImportReport, import_register

HEADER = OLD_REGISTER_HEADER
INFORMATION = "Rekam medis pegawai"
BASIS = "Pasal 17 huruf h angka 2 UU 14/2008"
HARM = "Pegawai penderita penyakit kronis terpapar stigma dan diskriminasi di tempat kerja"
PUBLIC = "Warga dapat mengawasi layanan klinik, namun privasi pasien lebih berat"


def _import(
    tmp_path: Path, workspace: Service, header: list[str], rows: list[list[str]]
) -> ImportReport:
    path = tmp_path / "dik.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle, delimiter=";").writerows([header, *rows])
    return import_register(workspace, path, "siti", dry_run=True)


def _row(**cells: str) -> list[str]:
    values = {
        "no": "1",
        "information": INFORMATION,
        "unit": "BKPSDM",
        "basis": BASIS,
        "harm": HARM,
        "public": PUBLIC,
        "period": "Permanen",
        "dated": "2025-03-12",
    } | cells
    return list(values.values())


def _defects(tmp_path: Path, workspace: Service, **cells: str) -> list[Defect]:
    (found,) = _import(tmp_path, workspace, HEADER, [_row(**cells)]).rows
    return list(found.defects)


def _rules(defects: list[Defect]) -> list[str]:
    return [d.rule for d in defects]


def test_a_clean_row_has_no_defect(tmp_path: Path, workspace: Service) -> None:
    assert _defects(tmp_path, workspace) == []


# -- the harm -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "harm",
    [
        "idem",
        "s.d.a.",
        "(tidak dinyatakan)",
        "Lihat di atas",
        "Sama dengan nomor 14",
        "lihat butir 3",
    ],
)
def test_a_placeholder_harm_is_no_harm(tmp_path: Path, workspace: Service, harm: str) -> None:
    (defect,) = _defects(tmp_path, workspace, harm=harm)
    assert defect.rule == "harm-per-ground"
    assert defect.column == "Konsekuensi"


def test_a_harm_outside_pasal_17_is_flagged(tmp_path: Path, workspace: Service) -> None:
    harm = "Bila dibuka akan menimbulkan kegaduhan dan merusak nama baik instansi di mata publik"
    (defect,) = _defects(tmp_path, workspace, harm=harm)
    assert defect.rule == "harm-outside-article"
    assert defect.article == ARTICLES["harm-outside-article"]
    assert "kegaduhan" in defect.message_id


def test_misuse_of_data_is_not_a_harm_of_competition(tmp_path: Path, workspace: Service) -> None:
    harm = "Dikhawatirkan terjadi penyalahgunaan data oleh pihak yang tidak bertanggung jawab"
    defects = _defects(
        tmp_path,
        workspace,
        information="Dokumen penawaran peserta tender",
        basis="Pasal 17 huruf b UU 14/2008",
        harm=harm,
        period="Sampai kontrak ditandatangani",
    )
    assert _rules(defects) == ["harm-not-of-ground"]


def test_the_aim_of_closing_given_as_the_harm_is_flagged(
    tmp_path: Path, workspace: Service
) -> None:
    defects = _defects(tmp_path, workspace, harm="Menjaga kerahasiaan data pribadi pegawai")
    assert _rules(defects) == ["harm-states-aim"]


def test_a_harm_that_only_restates_the_ground_is_flagged(
    tmp_path: Path, workspace: Service
) -> None:
    defects = _defects(
        tmp_path, workspace, harm="Mengungkap riwayat kondisi dan perawatan kesehatan seseorang"
    )
    assert "harm-restates-ground" in _rules(defects)


def test_the_same_harm_copied_to_another_item_is_flagged_naming_the_item(
    tmp_path: Path, workspace: Service
) -> None:
    rows = [
        _row(),
        _row(no="7", information="Data kesehatan pegawai honorer", harm=HARM + "."),
        _row(
            no="8",
            information="Hasil tes psikologi pegawai",
            basis="Pasal 17 huruf h angka 4",
            harm="Skor kepribadian yang buruk dipakai atasan untuk menekan pegawai",
        ),
    ]
    report = _import(tmp_path, workspace, HEADER, rows)
    assert [_rules(r.defects) for r in report.rows] == [[], ["harm-copied"], []]
    (copied,) = report.rows[1].defects
    assert "butir 1" in copied.message_id and "17h2" in copied.message_id


# -- citations ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "basis",
    [
        "Pasal 17 huruf h angka 1-5",
        "Pasal 17 huruf h angka 1 s/d 5",
        "Pasal 17 huruf h angka 1, 2 dan 3",
        "Pasal 17 huruf h angka 1; huruf h angka 2",
    ],
)
def test_several_items_cited_with_one_harm_each_need_their_own(
    tmp_path: Path, workspace: Service, basis: str
) -> None:
    defects = _defects(tmp_path, workspace, basis=basis)
    assert _rules(defects) == ["harm-per-ground"]
    assert "17h1" in defects[0].message_id and "17h2" in defects[0].message_id


@pytest.mark.parametrize(
    "basis",
    [
        "Permendagri 12/2017",
        "Perbup Nomor 5 Tahun 2020",
        "PP 61/2010 Pasal 5",
        "SK Kepala Bappeda Nomor 100/2020 tentang Klasifikasi Arsip",
        "Perki 1/2021 Pasal 3",
        "Keputusan Bupati Nomor 7 Tahun 2019",
    ],
)
def test_a_regulation_below_statute_alone_is_a_finding_under_17j(
    tmp_path: Path, workspace: Service, basis: str
) -> None:
    (defect,) = _defects(tmp_path, workspace, basis=basis)
    assert defect.rule == "17j-needs-statute"
    assert defect.article == RULES["17j-needs-statute"].article
    assert "Undang-Undang" in defect.message_id


@pytest.mark.parametrize(
    "information",
    [
        "Putusan/penetapan pengadilan negeri atas sengketa tanah",
        "Penetapan pengadilan tentang wali anak",
        "Salinan putusan dan penetapan hakim",
    ],
)
def test_court_rulings_and_decisions_are_pasal_18_whatever_the_wording(
    tmp_path: Path, workspace: Service, information: str
) -> None:
    defects = _defects(tmp_path, workspace, information=information)
    assert "not-exemptible" in _rules(defects)


# -- the public interest ------------------------------------------------------------------


def test_a_public_interest_that_only_says_why_closing_protects_is_flagged(
    tmp_path: Path, workspace: Service
) -> None:
    (defect,) = _defects(tmp_path, workspace, public="Ditutup: melindungi privasi pegawai")
    assert defect.rule == "public-interest-not-weighed"
    assert defect.column == "Kepentingan Publik"


def test_an_if_opened_if_closed_layout_is_read_and_the_closed_column_judged(
    tmp_path: Path, workspace: Service
) -> None:
    header = ["No", "Informasi", "Unit", "Dasar Hukum", "Jika Dibuka", "Jika Ditutup",
              "Jangka Waktu", "Tanggal Dokumen"]  # fmt: skip
    row = _row(public="Privasi pegawai terlindungi")
    report = _import(tmp_path, workspace, header, [row])
    assert report.mapping["consequence"] == "Jika Dibuka"
    assert report.mapping["if_closed"] == "Jika Ditutup"
    (found,) = report.rows
    (defect,) = found.defects
    assert defect.rule == "public-interest-weighed"
    assert defect.column == "Jika Ditutup"
    assert "bukan pertimbangan kepentingan publik" in defect.message_id


# -- rows concluded open --------------------------------------------------------------------


def test_a_row_concluded_open_gets_no_finding_meant_for_exemptions(
    tmp_path: Path, workspace: Service
) -> None:
    header = [*HEADER, "Kesimpulan"]
    row = [*_row(basis="", harm="-", public="", period=""), "Terbuka"]
    (found,) = _import(tmp_path, workspace, header, [row]).rows
    assert found.defects == []
    partly = [*_row(basis="", harm="-", public="", period=""), "Dikecualikan sebagian"]
    (withheld,) = _import(tmp_path, workspace, header, [partly]).rows
    assert "ground-must-exist" in _rules(withheld.defects)


def test_a_ground_that_does_not_fit_the_kind_of_information_is_advice(
    tmp_path: Path, workspace: Service
) -> None:
    defects = _defects(
        tmp_path,
        workspace,
        information="Data NIK dan alamat rumah pelapor",
        basis="Pasal 17 huruf g UU 14/2008",
        harm="Pelapor didatangi terlapor di rumahnya dan diintimidasi agar mencabut laporan",
    )
    assert _rules(defects) == ["ground-fit"]
    assert defects[0].column == "Dasar Hukum"


# -- the findings stay on the case until fixed --------------------------------------------------


def test_the_findings_are_kept_on_each_draft_case_until_their_step_is_recorded(
    tmp_path: Path, workspace: Service
) -> None:
    from ujikon.domain.lint import lint_case, open_register_findings

    path = tmp_path / "dik.csv"
    row = _row(basis="Pasal 17 huruf h", harm="idem", public="Ditutup: melindungi privasi")
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle, delimiter=";").writerows([HEADER, row])
    (imported,) = import_register(workspace, path, "siti").rows
    case = workspace.get_case(imported.case_ref)
    kept = [f.rule for f in case.register_findings]
    assert kept == ["ground-needs-item", "harm-per-ground", "public-interest-not-weighed"]
    warned = [w.message_id for w in lint_case(case, workspace.catalogue)]
    assert any("DIK lama" in m and "[harm-per-ground]" in m for m in warned)

    cited = workspace.act(
        "siti",
        imported.case_ref,
        "cite_grounds",
        {"citations": [{"ground": "17h2", "analysis": "Riwayat kesehatan pegawai di klinik."}]},
    )
    assert [f.rule for f in open_register_findings(cited)] == [
        "harm-per-ground",
        "public-interest-not-weighed",
    ]
    harmed = workspace.act(
        "siti",
        imported.case_ref,
        "assess_harm",
        {"harms": [{"ground": "17h2", "harm": HARM}]},
    )
    assert [f.rule for f in open_register_findings(harmed)] == ["public-interest-not-weighed"]
    assert len(harmed.register_findings) == 3  # the history keeps what the register said


def test_the_import_advice_on_a_pasal_18_document_is_what_the_rule_allows(
    tmp_path: Path, workspace: Service
) -> None:
    """The advice and rule not-exemptible agree: not even a part; a third party's data in
    the document is tested as information of its own."""
    defects = _defects(tmp_path, workspace, information="Salinan putusan pengadilan negeri")
    (advice,) = [d for d in defects if d.rule == "not-exemptible"]
    assert "sebagian pun" in advice.message_id
    assert "informasi tersendiri" in advice.message_id
