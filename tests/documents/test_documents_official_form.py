"""The decree's official form (Tata Naskah Dinas practice): numbers in figures and words,
Mengingat in the hierarchy of laws, the dicta a decree of exemptions needs, its two
annexes named and made part of it, and the Tembusan. The decree is composed from sample
cases walked through the service (``decree_document``), as ``decree issue`` composes it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from toolkit import approved_case, make_service
from toolkit.body import body_profile
from toolkit.core import add_users

from ujikon.documents.compose import DecreeFacts, counted, decree_document, number_words
from ujikon.documents.model import DecreeDocument
from ujikon.domain.body import BodyProfile
from ujikon.domain.case import Case
from ujikon.domain.payloads import StatuteKind, StatuteRef
from ujikon.service.cases import Service

FACTS = DecreeFacts(
    number="188.4/007/PPID/XII/2026",
    dated=date(2026, 12, 3),
    place="Sukamaju",
    chain_seq=10,
    chain_head="0" * 64,
)


@pytest.fixture(scope="module")
def service() -> Iterator[Service]:
    service = make_service("sqlite://")
    add_users(service)
    yield service
    service.log.close()


def _cases(service: Service, *samples: str) -> list[Case]:
    return [service.get_case(approved_case(service, sample)) for sample in samples]


def _document(service: Service, cases: list[Case], **profile: object) -> DecreeDocument:
    document, _ = decree_document(
        cases, BodyProfile.model_validate(body_profile(**profile)), service.catalogue, FACTS
    )
    return document


@pytest.mark.parametrize(
    ("n", "words"),
    [
        (0, "nol"),
        (1, "satu"),
        (7, "tujuh"),
        (10, "sepuluh"),
        (11, "sebelas"),
        (12, "dua belas"),
        (20, "dua puluh"),
        (45, "empat puluh lima"),
        (100, "seratus"),
        (105, "seratus lima"),
        (250, "dua ratus lima puluh"),
        (1000, "seribu"),
        (2026, "dua ribu dua puluh enam"),
    ],
)
def test_numbers_are_written_in_indonesian_words(n: int, words: str) -> None:
    assert number_words(n) == words


def test_a_count_is_a_figure_with_its_words() -> None:
    assert counted(7) == "7 (tujuh)"


def test_the_dicta_count_in_figures_and_words(service: Service) -> None:
    cases = _cases(service, "01-rekam-medis-pegawai.yaml", "02-berkas-penyidikan-ppns.yaml")
    document = _document(service, cases)
    first = document.dicta[0]
    assert first.label == "KESATU"
    assert "2 (dua) informasi" in first.text
    assert "seluruhnya sebanyak 1 (satu) dan sebagian sebanyak 1 (satu)" in first.text
    assert "Lampiran I" in first.text
    assert any("2 (dua) informasi" in line for line in document.menimbang)


def test_the_annexes_are_named_and_made_part_of_the_decree(service: Service) -> None:
    document = _document(service, _cases(service, "02-berkas-penyidikan-ppns.yaml"))
    integral = [d for d in document.dicta if "bagian yang tidak terpisahkan" in d.text]
    assert len(integral) == 1
    assert "Lampiran I" in integral[0].text and "Lampiran II" in integral[0].text
    assert document.dicta[-1].text == "Keputusan ini mulai berlaku pada tanggal ditetapkan."


def test_a_decree_of_whole_exemptions_has_no_dictum_on_blacking_out(service: Service) -> None:
    """A KEDUA about parts blacked out fits only a decree that lists a partial exemption."""
    whole = _document(service, _cases(service, "02-berkas-penyidikan-ppns.yaml"))
    assert not any("dihitamkan" in d.text for d in whole.dicta)
    assert not any("terbuka diberikan" in d.text for d in whole.dicta)
    assert [d.label for d in whole.dicta] == ["KESATU", "KEDUA", "KETIGA", "KEEMPAT", "KELIMA"]
    partly = _document(service, _cases(service, "01-rekam-medis-pegawai.yaml"))
    assert "dihitamkan" in partly.dicta[1].text
    assert [d.label for d in partly.dicta][-1] == "KEENAM"


def test_mengingat_follows_the_hierarchy_of_laws(service: Service) -> None:
    """UU 12/2011 Pasal 7: statutes (UU 14/2008 and the UU a 17j citation names) before
    the Government Regulation, before the Komisi Informasi regulations, before the body's
    own rules; Perki 1/2017 (classifying information) is cited."""
    cases = _cases(service, "05-data-wajib-pajak.yaml")  # 17j on UU 6/1983 (KUP)
    document = _document(service, cases, own_rules=["Peraturan Bupati Sukamaju Nomor 5 Tahun 2020"])
    lines = document.mengingat
    kinds = [line.split(" Nomor ")[0] for line in lines]
    assert kinds[0] == "Undang-Undang" and "14 Tahun 2008" in lines[0]
    assert kinds[1] == "Undang-Undang" and "6 Tahun 1983" in lines[1]
    government = kinds.index("Peraturan Pemerintah")
    perki = [i for i, line in enumerate(lines) if line.startswith("Peraturan Komisi Informasi")]
    assert government < perki[0]
    assert "Nomor 1 Tahun 2017" in lines[perki[0]] and "Nomor 1 Tahun 2021" in lines[perki[1]]
    assert lines[-1].startswith("Peraturan Bupati") and lines[-1].endswith(".")


def test_mengingat_names_the_amendments_of_a_cited_statute(service: Service) -> None:
    """A statute cited under 17j is named with its amendments, as a Mengingat line does."""
    cases = _cases(service, "05-data-wajib-pajak.yaml")
    (line,) = [m for m in _document(service, cases).mengingat if "Nomor 6 Tahun 1983" in m]
    assert line == (
        "Undang-Undang Nomor 6 Tahun 1983 tentang Ketentuan Umum dan Tata Cara Perpajakan "
        "sebagaimana telah beberapa kali diubah terakhir dengan Undang-Undang Nomor 6 Tahun "
        "2023 tentang Penetapan Peraturan Pemerintah Pengganti Undang-Undang Nomor 2 Tahun "
        "2022 tentang Cipta Kerja menjadi Undang-Undang;"
    )


@pytest.mark.parametrize(
    ("amended", "tail"),
    [
        ("", "tentang Administrasi Kependudukan"),
        (
            "Undang-Undang Nomor 24 Tahun 2013",
            "tentang Administrasi Kependudukan sebagaimana telah diubah dengan Undang-Undang "
            "Nomor 24 Tahun 2013",
        ),
        (
            "sebagaimana telah diubah dengan Undang-Undang Nomor 24 Tahun 2013;",
            "tentang Administrasi Kependudukan sebagaimana telah diubah dengan Undang-Undang "
            "Nomor 24 Tahun 2013",
        ),
    ],
)
def test_a_statutes_formal_name_carries_its_amendment(amended: str, tail: str) -> None:
    statute = StatuteRef(kind=StatuteKind.UU, number="23", year=2006, article="Pasal 79",
                         title="Administrasi Kependudukan", amended=amended)  # fmt: skip
    assert statute.formal() == "Undang-Undang Nomor 23 Tahun 2006 " + tail


def test_the_tembusan_comes_from_the_body_profile(service: Service) -> None:
    cases = _cases(service, "02-berkas-penyidikan-ppns.yaml")
    copies = ["Bupati Sukamaju (sebagai laporan)", "Komisi Informasi Provinsi Jawa Barat"]
    assert _document(service, cases, copies=copies).copies == tuple(copies)
    assert _document(service, cases).copies == ()


# -- the test sheets as a berita acara ---------------------------------------------------------


def test_the_day_is_written_as_a_berita_acara_opens() -> None:
    from ujikon.documents.compose import day_in_words

    assert day_in_words(date(2026, 12, 3)) == (
        "Kamis tanggal tiga bulan Desember tahun dua ribu dua puluh enam"
    )


def test_each_sheet_is_a_numbered_berita_acara_naming_people_not_log_ins(
    service: Service,
) -> None:
    from ujikon.documents.model import Person

    people = {
        "siti": Person(name="Siti Rahmawati, S.H.", nip="198703122010012003",
                       position="PPID Pelaksana / pejabat penguji, Bagian Hukum"),
        "budi": Person(name="Drs. Budi Santoso, M.Si.", nip="197001011995031001",
                       position="PPID Utama"),
    }  # fmt: skip
    cases = _cases(service, "01-rekam-medis-pegawai.yaml", "02-berkas-penyidikan-ppns.yaml")
    document, _ = decree_document(
        cases,
        BodyProfile.model_validate(body_profile()),
        service.catalogue,
        FACTS,
        people=people,
    )
    first, second = document.sheets
    assert (first.number, second.number) == (1, 2)
    assert first.opening.startswith("Pada hari ini ")
    assert " tanggal " in first.opening and " tahun dua ribu dua puluh enam" in first.opening
    assert "Tim Uji Konsekuensi Pemerintah Kabupaten" in first.opening
    assert [m.name for m in first.members] == ["Siti Rahmawati, S.H."]
    assert first.members[0].nip == "198703122010012003"
    assert first.approver is not None and first.approver.name == "Drs. Budi Santoso, M.Si."
    assert "Drs. Budi Santoso" in first.approved_by and "budi" not in first.approved_by.split()
    recorded = {step.recorded_by for step in first.steps}
    assert recorded == {"Siti Rahmawati, S.H."}


def test_a_user_the_workspace_knows_nothing_more_of_is_named_by_log_in(service: Service) -> None:
    document = _document(service, _cases(service, "02-berkas-penyidikan-ppns.yaml"))
    (sheet,) = document.sheets
    assert [m.name for m in sheet.members] == ["siti"]


def test_the_body_chooses_the_decrees_typeface_and_size(service: Service) -> None:
    """Arial-metric Liberation Sans 12 pt is common regional practice; the serif stays the
    default. The chosen face is the one embedded in the PDF."""
    import subprocess
    import tempfile
    from pathlib import Path

    from ujikon.documents.render import render_pdf

    cases = _cases(service, "02-berkas-penyidikan-ppns.yaml")
    assert "Liberation Serif" in _document(service, cases).font_family
    sans = _document(service, cases, font="sans", font_size_pt=12)
    assert sans.font_family.startswith('"Liberation Sans"') and sans.font_size_pt == 12
    with tempfile.TemporaryDirectory() as tmp:
        pdf = Path(tmp) / "sk.pdf"
        pdf.write_bytes(render_pdf(sans))
        fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
    assert "+Liberation-Sans " in fonts
    assert "Liberation-Serif" not in fonts
    with pytest.raises(ValueError, match="font_size_pt"):
        _document(service, cases, font_size_pt=30)
