"""The register says when each row's period ends, counted from the register's date (not
today's clock): "berakhir dalam 30 hari" (0-30 days to the last day) and "31–90 hari", as
``ujikon lifecycle run`` classifies them; a condition says so; a permanent period says
nothing. ``ending_within`` keeps only the rows ending within 30 (or 90) days."""

from __future__ import annotations

import csv
import subprocess
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest
from register_support import PERMANENT, case_plan
from toolkit import at_wib

from ujikon.errors import InputError
from ujikon.service.cases import Service
from ujikon.service.lifecycle import run_lifecycle, window_of
from ujikon.service.register import RegisterRow, dik_as_of, export, register_info

D = date(2026, 11, 25)
"""The day the cases are decreed (the test clock's first day)."""

CONDITION = "Sampai penyidikan selesai"


@dataclass
class Ending:
    service: Service
    refs: dict[str, str]
    """Letter → case revision ref."""

    def ids(self, rows: list[RegisterRow]) -> list[str]:
        back = {ref: letter for letter, ref in self.refs.items()}
        return [back[r.case_ref] for r in rows]

    def row(self, rows: list[RegisterRow], letter: str) -> RegisterRow:
        return next(r for r in rows if r.case_ref == self.refs[letter])


@pytest.fixture
def ending(workspace: Service) -> Ending:
    """Decreed on ``D``: A ends D+20, B ends D+60, C ends D+120, P is permanent, K runs
    until a condition at the latest D+25, F until a condition at the latest in 2030."""

    def dated(days: int) -> dict[str, str]:
        return {"kind": "until_date", "end_date": (D + timedelta(days=days)).isoformat()}

    def condition(latest: date) -> dict[str, str]:
        return {"kind": "until_condition", "condition": CONDITION, "end_date": latest.isoformat()}

    plans = {
        "A": case_plan("Dokumen penawaran tender A", "BPKAD", "17b", dated(20)),
        "B": case_plan("Dokumen penawaran tender B", "BPKAD", "17b", dated(60)),
        "C": case_plan("Dokumen penawaran tender C", "BPKAD", "17b", dated(120)),
        "P": case_plan("Rekam medis pegawai", "BKPSDM", "17h2", PERMANENT),
        "K": case_plan("Berkas penyidikan K", "Satpol PP", "17a1", condition(D + timedelta(25))),
        "F": case_plan("Berkas penyidikan F", "Satpol PP", "17a1", condition(date(2030, 12, 31))),
    }
    refs = {}
    for letter, plan in plans.items():
        case = workspace.import_case(None, plan)
        workspace.act("budi", case.case_id, "approve", {"comments": "Setuju."})
        refs[letter] = workspace.act(
            "budi",
            case.case_id,
            "include_in_decree",
            {"decree_number": "188.4/001/PPID/XI/2026", "decree_date": D},
        ).ref
    assert workspace.today() == D
    return Ending(workspace, refs)


def test_window_of_puts_the_boundaries_where_the_lifecycle_lists_them() -> None:
    assert [window_of(n) for n in (None, -1, 0, 30, 31, 90, 91)] == [
        None,
        None,
        (0, 30),
        (0, 30),
        (31, 90),
        (31, 90),
        None,
    ]


def test_each_row_says_when_it_ends_relative_to_the_register_date(ending: Ending) -> None:
    rows = dik_as_of(ending.service, D)
    assert ending.ids(rows) == ["A", "B", "C", "P", "K", "F"]
    a, b, c, p, k, f = (ending.row(rows, x) for x in "ABCPKF")
    assert (a.days_left, a.ending_window) == (20, (0, 30))
    assert a.ending_text == ("Berakhir dalam 30 hari (20 hari lagi)")
    assert (b.days_left, b.ending_window) == (60, (31, 90))
    assert b.ending_text == "Berakhir dalam 31–90 hari (60 hari lagi)"
    assert (c.days_left, c.ending_window, c.ending_text) == (120, None, "")
    assert (p.days_left, p.ending_window, p.ending_text) == (None, None, "")
    assert k.ending_text == f"Sampai kondisi: {CONDITION}; paling lambat berakhir dalam 30 hari"
    assert k.ending_marker == "Sampai kondisi; paling lambat berakhir dalam 30 hari"
    assert f.ending_window is None
    assert f.ending_text == f"Sampai kondisi: {CONDITION}"


def test_ending_within_keeps_only_the_rows_ending_in_that_many_days(ending: Ending) -> None:
    within_30 = dik_as_of(ending.service, D, ending_within=30)
    assert ending.ids(within_30) == ["A", "K"]
    assert [r.no for r in within_30] == [1, 2]
    assert ending.ids(dik_as_of(ending.service, D, ending_within=90)) == ["A", "B", "K"]
    assert ending.ids(dik_as_of(ending.service, D, unit="BPKAD", ending_within=90)) == ["A", "B"]
    info = register_info(ending.service, D, unit="BPKAD", ending_within=30)
    assert info.filters == "Unit: BPKAD; Berakhir dalam 30 hari"


@pytest.mark.parametrize("days", [0, 31, 45, 365])
def test_ending_within_takes_only_the_lifecycle_windows(ending: Ending, days: int) -> None:
    with pytest.raises(InputError, match="30 atau / or 90"):
        dik_as_of(ending.service, D, ending_within=days)


def test_a_past_register_counts_from_its_own_date_not_from_today(ending: Ending) -> None:
    later = D + timedelta(days=35)  # A has ended by then; B is 25 days from its end
    ending.service.clock.now = at_wib(later + timedelta(days=10))  # type: ignore[attr-defined]
    assert ending.service.today() > later

    then = dik_as_of(ending.service, D)
    assert ending.row(then, "A").ending_window == (0, 30)
    assert ending.row(then, "B").days_left == 60
    assert ending.row(then, "B").ending_window == (31, 90)
    assert ending.ids(dik_as_of(ending.service, D, ending_within=30)) == ["A", "K"]

    on_later = dik_as_of(ending.service, later)
    assert "A" not in ending.ids(on_later)
    assert ending.row(on_later, "B").days_left == 25
    assert ending.row(on_later, "B").ending_window == (0, 30)
    assert ending.row(on_later, "C").ending_window == (31, 90)
    assert ending.ids(dik_as_of(ending.service, later, ending_within=30)) == ["B"]


def test_the_last_day_itself_is_within_30_days(ending: Ending) -> None:
    last_day = D + timedelta(days=20)
    ending.service.clock.now = at_wib(last_day + timedelta(days=1))  # type: ignore[attr-defined]
    row = ending.row(dik_as_of(ending.service, last_day), "A")
    assert (row.days_left, row.ending_window) == (0, (0, 30))
    assert row.ending_text.startswith("Berakhir dalam 30 hari (hari terakhir)")
    assert "A" not in ending.ids(dik_as_of(ending.service, last_day + timedelta(days=1)))


def test_the_register_and_the_lifecycle_agree_on_the_windows(ending: Ending) -> None:
    report = run_lifecycle(ending.service, "budi", D)
    listed = {
        (first, last): sorted(item.ref for item in items) for first, last, items in report.windows
    }
    rows = dik_as_of(ending.service, D)
    marked = {
        window: sorted(r.case_ref for r in rows if r.ending_window == window) for window in listed
    }
    assert listed == marked
    assert listed[(0, 30)] == sorted([ending.refs["A"], ending.refs["K"]])


def test_the_json_of_a_row_carries_the_days_and_the_window(ending: Ending) -> None:
    rows = dik_as_of(ending.service, D)
    doc = ending.row(rows, "B").as_json()
    assert doc["days_left"] == 60
    assert doc["ending_window"] == [31, 90]
    assert doc["ending"].startswith("Berakhir dalam 31–90 hari")
    assert doc["period_end_id"] == "24 Januari 2027"
    permanent = ending.row(rows, "P").as_json()
    assert (permanent["days_left"], permanent["ending_window"], permanent["ending"]) == (
        None,
        None,
        None,
    )
    assert ending.row(rows, "F").as_json()["period_condition"] == CONDITION


def test_csv_and_xlsx_have_an_ends_within_column(ending: Ending, tmp_path: Path) -> None:
    rows = dik_as_of(ending.service, D)
    info = register_info(ending.service, D)
    path = tmp_path / "dik.csv"
    export(rows, info, "csv", path)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        read = {r["Nomor Kasus"]: r["Berakhir Dalam"] for r in csv.DictReader(handle)}
    assert read[ending.refs["A"]].startswith("Berakhir dalam 30 hari (20 hari lagi)")
    assert read[ending.refs["B"]].startswith("Berakhir dalam 31–90 hari (60 hari lagi)")
    assert read[ending.refs["C"]] == read[ending.refs["P"]] == ""
    assert read[ending.refs["F"]].startswith(f"Sampai kondisi: {CONDITION}")

    openpyxl = pytest.importorskip("openpyxl")
    path = tmp_path / "dik.xlsx"
    export(rows, info, "xlsx", path)
    ws = openpyxl.load_workbook(path)["DIK"]
    header = [c.value for c in ws[1]]
    column = header.index("Berakhir Dalam") + 1
    cells = {ws.cell(n, 10).value: ws.cell(n, column) for n in range(2, len(rows) + 2)}
    a, b = cells[ending.refs["A"]], cells[ending.refs["B"]]
    assert a.value.startswith("Berakhir dalam 30 hari") and a.font.bold
    assert b.value.startswith("Berakhir dalam 31–90 hari") and not b.font.bold
    assert cells[ending.refs["P"]].value is None


def test_html_marks_the_period_cell(ending: Ending, tmp_path: Path) -> None:
    rows = dik_as_of(ending.service, D)
    path = tmp_path / "dik.html"
    export(rows, register_info(ending.service, D), "html", path)
    text = path.read_text(encoding="utf-8")
    near = '<div class="dik-ending dik-ending-near">Berakhir dalam 30 hari (20 hari lagi)'
    assert near in text
    assert '<div class="dik-ending">Berakhir dalam 31–90 hari (60 hari lagi)' in text
    assert '<div class="dik-ending">Sampai kondisi</div>' in text  # F
    assert "dihitung dari 25 November 2026" in text
    assert text.count('class="dik-ending') == 4  # A, B, K, F; not C, not P


def test_pdf_shows_the_marker(ending: Ending, tmp_path: Path, pdftotext: str) -> None:
    rows = dik_as_of(ending.service, D, ending_within=30)
    path = tmp_path / "dik.pdf"
    export(rows, register_info(ending.service, D, ending_within=30), "pdf", path)
    text = subprocess.run(
        [pdftotext, "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    flat = " ".join(text.split())
    assert "Saringan: Berakhir dalam 30 hari" in flat
    assert "(20 hari lagi)" in flat
    assert "Sampai kondisi; paling" in flat
    assert ending.refs["B"] not in flat
