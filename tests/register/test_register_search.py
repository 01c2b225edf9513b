"""The register's search (``dik_as_of(text=…)``, what the register page's search box
asks): the case number, the title, the request number, the document, the information,
the ground and the decree number; each row keeps its number in the register."""

from __future__ import annotations

import dataclasses
from datetime import date

from register_support import T1, T2, Timeline

from ujikon.service.register import RegisterRow, dik_as_of, register_info


def found(timeline: Timeline, text: str, as_of: date = T1, **filters: str) -> list[str]:
    return timeline.ids(dik_as_of(timeline.service, as_of, text=text, **filters))


def test_no_search_is_the_whole_register(timeline: Timeline) -> None:
    assert found(timeline, "") == found(timeline, "   ") == ["P", "U", "X", "O", "R"]


def test_the_search_looks_in_each_field(timeline: Timeline) -> None:
    case_number = timeline.refs["X"].split("/")[0]
    assert found(timeline, case_number.lower()) == ["X"]  # the case number, any case
    assert found(timeline, "rekening BANSOS") == ["O"]  # the title (the document's), by word
    assert found(timeline, "metode kerja") == ["U"]  # the information
    assert found(timeline, "17h2") == ["P"]  # the ground's id
    assert found(timeline, "angka") == ["P", "X", "O"]  # the legal basis as the annex words it
    assert found(timeline, timeline.numbers["SK1"]) == ["P", "U", "X", "O", "R"]
    assert found(timeline, timeline.numbers["SK2"], T2) == ["L"]  # the decree number
    assert found(timeline, "tidak-ada-apa-apa") == []


def test_the_search_narrows_the_filters_and_keeps_the_register_numbers(
    timeline: Timeline,
) -> None:
    rows = dik_as_of(timeline.service, T1, text="penyidikan")
    assert [(timeline.ids([r])[0], r.no) for r in rows] == [("X", 3)]
    assert found(timeline, "pegawai", T2, unit="BKPSDM") == ["P", "L"]
    assert found(timeline, "penilaian", T2, unit="BKPSDM") == ["L"]
    assert found(timeline, "penilaian", T2, unit="Setda") == []


def test_the_heading_names_the_search(timeline: Timeline) -> None:
    info = register_info(timeline.service, T1, unit="BKPSDM", text=" pegawai ")
    assert info.filters == "Unit: BKPSDM; Pencarian: “pegawai”"
    assert register_info(timeline.service, T1).filters == ""


def test_a_row_matches_its_request_number_and_document_number() -> None:
    row = RegisterRow(
        no=1,
        case_ref="UK-2026-0001/1",
        information="Hasil pemeriksaan kesehatan",
        document="Berkas Kepegawaian",
        owning_unit="BKPSDM",
        grounds=("17h2",),
        legal_basis=("Pasal 17 huruf h angka 2",),
        consequence="",
        public_interest="",
        conclusion="",
        outcome="exempt",
        period="",
        period_kind="permanent",
        period_end=None,
        decree_number="188.4/001/PPID/2026",
        decree_date=date(2026, 12, 1),
        document_reference="BKPSDM/ARSIP/2025/0113",
        title="Berkas Kepegawaian",
        request_reference="045/PPID/X/2026",
    )
    assert row.matches("045/ppid/x")
    assert row.matches("arsip/2025")
    assert row.matches("188.4/001")
    assert not row.matches("045/PPID/XI")
    assert not dataclasses.replace(row, request_reference="").matches("045/PPID")
