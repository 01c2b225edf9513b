"""``register import``: an old DIK becomes draft cases and a defects report; nothing is
exempted, and a malformed file stores nothing."""

from __future__ import annotations

import csv
from datetime import datetime
from pathlib import Path

import pytest
from register_support import OLD_REGISTER_HEADER

from ujikon.domain.rules import RULES
from ujikon.domain.states import CaseState
from ujikon.errors import InputError, PermissionDenied
from ujikon.service.cases import Service
from ujikon.service.register import dik_as_of
from ujikon.service.register_import import Defect, import_register, read_citations

HEADER = OLD_REGISTER_HEADER
HARM = "Stigma dan diskriminasi bila dibuka"
PUBLIC = "Akuntabilitas; pertimbangan: privasi lebih berat"
H = (  # each row's own harm: a harm copied from another row is a defect of its own
    "Pegawai penderita penyakit kronis terpapar stigma dan diskriminasi di tempat kerja",
    "Pasien yang diagnosisnya diketahui umum dikucilkan tetangga dan kehilangan pekerjaan",
    "Penghasilan wajib pajak terbaca pesaing usahanya dan dipakai menekan harga",
    "Terlapor dapat menghilangkan barang bukti sebelum PPNS selesai memeriksa saksi",
    "Isi peraturan yang sudah berlaku tidak dapat lagi ditutupi dari warga",
    "Nomor pokok wajib pajak dapat dipakai untuk membuat faktur pajak palsu",
    "Alamat dan nomor identitas pengguna aplikasi dapat dipakai untuk penipuan",
    "Harga tanah di lokasi rencana naik sebelum pengadaan dan anggaran membengkak",
)
HX = (
    H[0],
    "Nilai asesmen yang rendah dipakai atasan menekan pegawai sebelum keberatan diputus",
    "Calon pembeli menawar di bawah nilai wajar karena tahu batas harga daerah",
)

# Each row with the rules it must fail (the file's own row numbers: the header is row 1).
ROWS: list[tuple[list[str], list[str]]] = [
    (
        ["1", "Rekam medis pegawai", "BKPSDM", "Pasal 17 huruf h angka 2 UU 14/2008", H[0],
         PUBLIC, "Permanen", "2025-03-12"],
        [],
    ),
    (
        ["2", "Data kesehatan pasien", "RSUD", "Pasal 17 huruf h UU KIP", H[1], PUBLIC,
         "Permanen", ""],
        ["ground-needs-item"],
    ),
    (
        ["3", "Data wajib pajak daerah", "BPKAD", "Pasal 17 huruf j UU 14/2008", H[2], PUBLIC,
         "Permanen", "01/02/2025"],
        ["17j-needs-statute"],
    ),
    (
        ["4", "Berkas penyidikan PPNS", "Satpol PP", "Pasal 17 huruf a angka 1", H[3], PUBLIC,
         "Permanen", "12 Maret 2025"],
        ["period-not-permanent-17a-f"],
    ),
    (
        ["5", "Hasil evaluasi kemampuan pegawai", "BKPSDM", "Pasal 17 huruf h angka 4", "-", "",
         "Permanen", "2025-01-02"],
        ["harm-per-ground", "public-interest-weighed"],
    ),
    (
        ["6", "Peraturan Bupati tentang tarif retribusi", "Bagian Hukum", "Pasal 17 huruf i",
         H[4], PUBLIC, "2 tahun", "2025-01-02"],
        ["not-exemptible"],
    ),
    (
        ["7", "Data NPWP wajib pajak", "BPKAD",
         "Pasal 17 huruf j UU KIP jo. Pasal 34 UU No. 6 Tahun 1983 tentang KUP", H[5], PUBLIC,
         "Permanen", "2025-01-02"],
        [],
    ),
    (["B. SEKRETARIAT DAERAH", "", "", "", "", "", "", ""], []),  # a section heading
    (
        ["8", "Data pribadi dalam aplikasi", "Diskominfo",
         "Pasal 17 huruf j jo. Permendagri 12/2017", H[6], PUBLIC, "", "2025-01-02"],
        ["17j-needs-statute", "period-stated"],
    ),
    (
        ["9", "Rencana pengadaan tanah", "Bappeda", "UU 27/2022 tentang PDP", H[7], PUBLIC,
         "Sampai 2030", "2025-01-02"],
        ["ground-must-exist"],
    ),
]  # fmt: skip
EXPECTED = {row: rules for row, (_, rules) in enumerate(ROWS, start=2) if row != 9}
IDENTIFIED = {2, 4, 5, 6, 7, 8, 10, 11}
"""Rows with a unit and a document date: the identification step is recorded."""


def write_csv(path: Path, rows: list[list[str]], *, delimiter: str = ";") -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        writer.writerows(rows)
    return path


def defects(report: object) -> dict[int, list[str]]:
    return {r.row: [d.rule for d in r.defects] for r in report.rows}  # type: ignore[attr-defined]


def test_citations_are_read_as_officers_write_them() -> None:
    assert read_citations("Pasal 17 huruf h angka 1 dan 2, huruf g").grounds == (
        "17h1",
        "17h2",
        "17g",
    )
    assert read_citations("Pasal 17 huruf a dan huruf b").grounds == ("17a", "17b")
    assert read_citations("Pasal 17 ayat (1) huruf c angka 3").grounds == ("17c3",)
    assert read_citations("17h2; 17 (a) (1)").grounds == ("17h2", "17a1")
    assert read_citations("UU No. 17 Tahun 2003 Pasal 3").grounds == ()


def test_a_csv_becomes_draft_cases_with_exactly_the_expected_defects(
    workspace: Service, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "dik-lama.csv", [HEADER, *(r for r, _ in ROWS)])
    report = import_register(workspace, path, "siti")
    assert report.stored
    assert defects(report) == EXPECTED
    assert report.skipped == [
        (9, "judul bagian, tanpa informasi / a section heading, no information")
    ]
    assert report.missing_columns == []
    for row in report.rows:
        for defect in row.defects:
            assert defect.article == RULES[defect.rule].article
    by_row = {r.row: r for r in report.rows}
    assert by_row[7].defects[0].column == "Informasi yang Dikecualikan"
    assert by_row[3].defects[0].column == "Dasar Hukum"
    assert by_row[3].identify_missing == ("document_date",)
    assert {r.row for r in report.rows if r.state == "identified"} == IDENTIFIED


def test_imported_cases_are_drafts_and_nothing_is_exempted(
    workspace: Service, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "dik-lama.csv", [HEADER, *(r for r, _ in ROWS)])
    report = import_register(workspace, path, "siti")
    assert len(workspace.list_cases()) == len(report.rows) == 9
    for row in report.rows:
        case = workspace.get_case(row.case_ref)
        assert case.state in (CaseState.DRAFT, CaseState.IDENTIFIED)
        assert case.grounds is None and case.conclusion is None and case.decree is None
        assert case.trigger.kind.value == "proactive"
        assert case.trigger.note.startswith(f"diimpor dari DIK lama baris {row.row}")
        assert "Dasar Hukum:" in case.trigger.note  # what the old register held is kept
        assert case.opened_by == "siti"
    medical = workspace.get_case(report.rows[0].case_ref)
    assert medical.identification is not None
    assert medical.identification.document.owning_unit == "BKPSDM"
    assert medical.identification.document.dated.isoformat() == "2025-03-12"
    assert medical.identification.information == "Rekam medis pegawai"
    assert dik_as_of(workspace, workspace.today()) == []


def test_an_imported_case_walks_the_steps_like_any_other(
    workspace: Service, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "dik.csv", [HEADER, ROWS[0][0]])
    (row,) = import_register(workspace, path, "siti").rows
    case = workspace.act(
        "siti",
        row.case_ref,
        "cite_grounds",
        {"citations": [{"ground": "17h2", "analysis": "Riwayat kesehatan seseorang."}]},
    )
    assert case.state is CaseState.GROUNDS_CITED
    from ujikon.errors import RuleViolation

    with pytest.raises(RuleViolation) as refused:
        workspace.act("budi", row.case_ref, "approve", {"comments": "Langsung?"})
    assert refused.value.rule == "steps-in-order"


def test_an_xlsx_with_a_title_merged_units_and_dates_gives_the_expected_defects(
    workspace: Service, tmp_path: Path
) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "DIK 2025"
    ws.append(["DAFTAR INFORMASI YANG DIKECUALIKAN PEMERINTAH KABUPATEN CONTOH TAHUN 2025"])
    ws.append([])
    ws.append(
        ["No", "Jenis Informasi", "Unit Kerja", "Dasar Hukum Pengecualian",
         "Konsekuensi Apabila Dibuka", "Pertimbangan Kepentingan Publik",
         "Jangka Waktu Pengecualian", "Tanggal Dokumen"]
    )  # fmt: skip
    ws.append([1, 2, 3, 4, 5, 6, 7, 8])
    ws.append([1, "Rekam medis pegawai", "BKPSDM", "17h2", HX[0], PUBLIC, "Permanen",
               datetime(2025, 3, 12)])  # fmt: skip
    ws.append([2, "Hasil asesmen pegawai", None, "Pasal 17 huruf h", HX[1], PUBLIC, "Permanen",
               datetime(2025, 3, 12)])  # fmt: skip
    ws.append([3, "Surat Edaran Sekda tentang jam kerja", None, "Pasal 17 huruf i", None, PUBLIC,
               "1 tahun", None])  # fmt: skip
    ws.merge_cells("C5:C7")  # one unit written once beside three rows
    ws.append([4, "Rencana penjualan aset", "BPKAD", "Pasal 17 huruf e angka 4", HX[2], PUBLIC,
               "Selamanya", "2025-02-01"])  # fmt: skip
    path = tmp_path / "dik-lama.xlsx"
    wb.save(path)

    report = import_register(workspace, path, "siti")
    assert defects(report) == {
        5: [],
        6: ["ground-needs-item"],
        7: ["harm-per-ground", "not-exemptible"],
        8: ["period-not-permanent-17a-f"],
    }
    assert report.mapping["information"] == "Jenis Informasi"
    assert report.mapping["unit"] == "Unit Kerja"
    by_row = {r.row: r for r in report.rows}
    assert by_row[6].state == "identified"  # the merged unit counts for every row
    assert workspace.get_case(by_row[6].case_ref).identification.document.owning_unit == "BKPSDM"  # type: ignore[union-attr]
    assert by_row[7].state == "draft"
    assert by_row[7].identify_missing == ("document_date",)


def test_the_register_exported_by_ujikon_can_be_read_back(
    workspace: Service, tmp_path: Path
) -> None:
    from ujikon.service.register import COLUMNS

    path = write_csv(
        tmp_path / "dik.csv",
        [
            [c.header for c in COLUMNS],
            ["1", "Hasil pemeriksaan kesehatan", "Berkas kepegawaian", "BKPSDM",
             "UU 14/2008 Pasal 17 huruf h angka 2", HARM, PUBLIC, "Dikecualikan",
             "Permanen (tanpa batas waktu; Pasal 17 huruf h)", "UK-2026-0001/1",
             "188.4/001/PPID/XII/2026", "2026-12-01", ""],
        ],
        delimiter=",",
    )  # fmt: skip
    report = import_register(workspace, path, "siti", dry_run=True)
    assert defects(report) == {2: []}
    assert report.mapping["document"] == "Dokumen"
    assert report.mapping["unit"] == "Unit Pemilik Informasi"
    assert report.mapping["public_interest"] == "Pertimbangan Kepentingan Publik"


def test_dry_run_reports_and_stores_nothing(workspace: Service, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "dik.csv", [HEADER, *(r for r, _ in ROWS)])
    report = import_register(workspace, path, "siti", dry_run=True)
    assert not report.stored
    assert defects(report) == EXPECTED
    assert workspace.log.subjects("case:") == []


def test_required_columns_are_asked_for_and_a_mapping_fixes_it(
    workspace: Service, tmp_path: Path
) -> None:
    header = ["No", "Uraian", "Pemilik Informasi", "Alasan", "Konsekuensi", "Jangka Waktu"]
    row = ["1", "Rekam medis", "BKPSDM", "Pasal 17 huruf h angka 2", HARM, "Permanen"]
    path = write_csv(tmp_path / "dik.csv", [header, row])
    with pytest.raises(InputError) as asked:
        import_register(workspace, path, "siti")
    message = str(asked.value)
    assert "information" in message and "legal_basis" in message
    assert "B 'Uraian'" in message and "D 'Alasan'" in message
    assert workspace.log.subjects("case:") == []

    report = import_register(workspace, path, "siti", {"Uraian": "information", "D": "legal_basis"})
    assert report.missing_columns == ["public_interest"]
    assert defects(report) == {2: ["public-interest-weighed"]}


@pytest.mark.parametrize(
    ("rows", "where"),
    [
        (
            [HEADER, ROWS[0][0], [*ROWS[1][0], "sel liar"]],
            "baris/row 3, kolom/column I",
        ),
        (
            [HEADER, ROWS[0][0], [*ROWS[1][0][:7], "kemarin"]],
            "baris/row 3, kolom/column H 'Tanggal Dokumen'",
        ),
        (
            [HEADER, ROWS[0][0], ["3", "", "BPKAD", "Pasal 17 huruf j", "", "", "", ""]],
            "baris/row 3, kolom/column B 'Informasi yang Dikecualikan'",
        ),
        ([HEADER], "no data rows"),
    ],
    ids=["ragged-row", "bad-date", "no-information", "no-rows"],
)
def test_a_malformed_csv_names_the_place_and_stores_nothing(
    workspace: Service, tmp_path: Path, rows: list[list[str]], where: str
) -> None:
    path = write_csv(tmp_path / "rusak.csv", rows)
    with pytest.raises(InputError) as refused:
        import_register(workspace, path, "siti")
    assert str(path) in str(refused.value)
    assert where in str(refused.value)
    assert workspace.log.subjects("case:") == []


def test_unreadable_files_are_refused(workspace: Service, tmp_path: Path) -> None:
    fake = tmp_path / "dik.xlsx"
    fake.write_bytes(b"bukan zip")
    with pytest.raises(InputError, match="not a readable XLSX"):
        import_register(workspace, fake, "siti")
    latin = tmp_path / "dik.csv"
    latin.write_bytes("No;Informasi\n1;Caf\xe9\n".encode("latin-1"))
    with pytest.raises(InputError, match=r"baris/line 2.*not UTF-8"):
        import_register(workspace, latin, "siti")
    other = tmp_path / "dik.ods"
    other.write_bytes(b"x")
    with pytest.raises(InputError, match=r"only \.csv or \.xlsx"):
        import_register(workspace, other, "siti")
    assert workspace.log.subjects("case:") == []


def test_only_a_drafter_may_import(workspace: Service, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "dik.csv", [HEADER, ROWS[0][0]])
    from ujikon.errors import RuleViolation

    with pytest.raises((RuleViolation, PermissionDenied)):
        import_register(workspace, path, "dewi")  # an auditor
    with pytest.raises(PermissionDenied):
        import_register(workspace, path, None)
    assert workspace.log.subjects("case:") == []


def test_ids_follow_the_cases_already_there(workspace: Service, tmp_path: Path) -> None:
    workspace.open_case("siti", {"trigger": {"kind": "proactive"}, "summary": "Sudah ada"})
    path = write_csv(tmp_path / "dik.csv", [HEADER, ROWS[0][0], ROWS[1][0]])
    report = import_register(workspace, path, "wulan")
    year = workspace.today().year
    assert [r.case_ref for r in report.rows] == [f"UK-{year}-0002/1", f"UK-{year}-0003/1"]


# -- bad input: a clear refusal, nothing stored, never a traceback ---------------------------


@pytest.mark.parametrize(
    ("cell", "code"),
    [("Rekam\x1b[2J medis", 0x1B), ("Rekam\u202emedis", 0x202E), ("Rekam\u200bmedis", 0x200B)],
    ids=["escape", "bidi", "zero-width"],
)
def test_a_cell_that_would_drive_a_terminal_is_refused(
    workspace: Service, tmp_path: Path, cell: str, code: int
) -> None:
    path = write_csv(
        tmp_path / "dik.csv", [HEADER, ROWS[0][0], [*ROWS[1][0][:4], cell, *ROWS[1][0][5:]]]
    )
    with pytest.raises(InputError) as refused:
        import_register(workspace, path, "siti")
    message = str(refused.value)
    assert "baris/row 3, kolom/column E" in message
    assert "[storable-text]" in message and f"U+{code:04X}" in message
    assert "\x1b" not in message and "\u202e" not in message
    assert workspace.log.subjects("case:") == []


def test_a_device_or_a_pipe_is_refused_before_it_is_read(
    workspace: Service, tmp_path: Path
) -> None:
    import os

    fifo = tmp_path / "dik.csv"
    os.mkfifo(fifo)  # reading it would wait for a writer forever
    with pytest.raises(InputError, match="not a regular file"):
        import_register(workspace, fifo, "siti")
    assert workspace.log.subjects("case:") == []


def test_a_register_too_large_is_refused(
    workspace: Service, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import ujikon.service.register_import as module

    monkeypatch.setattr(module, "SPREADSHEET_LIMIT", 1024)
    path = write_csv(tmp_path / "dik.csv", [HEADER] + [ROWS[0][0]] * 40)
    with pytest.raises(InputError, match="file too large"):
        import_register(workspace, path, "siti")
    assert workspace.log.subjects("case:") == []


def test_an_xlsx_that_unpacks_to_gigabytes_is_refused(workspace: Service, tmp_path: Path) -> None:
    import zipfile

    path = tmp_path / "bom.xlsx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\x00" * (210 * 1024 * 1024))
    assert path.stat().st_size < 1024 * 1024
    with pytest.raises(InputError, match="unpacks to too much"):
        import_register(workspace, path, "siti")
    assert workspace.log.subjects("case:") == []


def test_a_damaged_xlsx_is_refused_without_a_traceback(workspace: Service, tmp_path: Path) -> None:
    import zipfile

    path = tmp_path / "rusak.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types><Override PartName=")
        archive.writestr("xl/workbook.xml", "<workbook>")
    with pytest.raises(InputError, match="XLSX"):
        import_register(workspace, path, "siti")
    assert workspace.log.subjects("case:") == []


def _defects_of_one_row(workspace: Service, tmp_path: Path, period: str) -> list[Defect]:
    """The defects of a register of one otherwise clean row with ``period`` (a dry run)."""
    row = ["1", "Rekam medis pegawai", "BKPSDM", "Pasal 17 huruf h angka 2 UU 14/2008", HARM,
           PUBLIC, period, "2025-03-12"]  # fmt: skip
    report = import_register(
        workspace, write_csv(tmp_path / "dik.csv", [HEADER, row]), "siti", dry_run=True
    )
    (found,) = report.rows
    return list(found.defects)


@pytest.mark.parametrize(
    "period",
    [
        "Selama jangka waktu tertentu",
        "Sampai batas waktu yang ditentukan",
        "Sesuai ketentuan yang berlaku",
        "Selama diperlukan",
    ],
)
def test_a_period_that_sets_no_term_is_no_period(
    workspace: Service, tmp_path: Path, period: str
) -> None:
    """Pasal 20: a period that only promises a term someone will fix later is no period."""
    (defect,) = _defects_of_one_row(workspace, tmp_path, period)
    assert defect.rule == "period-stated"
    assert "31 Desember 2030" in defect.message_id


@pytest.mark.parametrize("period", ["Selama 5 tahun", "Sampai penyidikan selesai", "Permanen"])
def test_a_period_with_a_term_or_an_event_passes(
    workspace: Service, tmp_path: Path, period: str
) -> None:
    assert _defects_of_one_row(workspace, tmp_path, period) == []
