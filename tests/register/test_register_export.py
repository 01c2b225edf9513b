"""Each export format, written and read back: the register's rows are in it."""

from __future__ import annotations

import csv
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from register_support import T2, Timeline

from ujikon.service.register import (
    COLUMNS,
    RegisterInfo,
    RegisterRow,
    dik_as_of,
    export,
    register_info,
)


@pytest.fixture
def rows(timeline: Timeline) -> list[RegisterRow]:
    found = dik_as_of(timeline.service, T2)
    assert len(found) == 6
    return found


@pytest.fixture
def info(timeline: Timeline) -> RegisterInfo:
    return register_info(timeline.service, T2)


def test_the_heading_names_the_body_and_the_date(info: RegisterInfo) -> None:
    assert info.full_title == (
        "DAFTAR INFORMASI YANG DIKECUALIKAN DI LINGKUNGAN PEMERINTAH KABUPATEN SUKAMAJU "
        "per tanggal 11 Januari 2027"
    )


def test_csv_has_a_bom_a_header_and_every_row(
    rows: list[RegisterRow], info: RegisterInfo, tmp_path: Path
) -> None:
    path = tmp_path / "dik.csv"
    assert export(rows, info, "csv", path) == 6
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        read = list(csv.DictReader(handle))
    assert list(read[0]) == [c.header for c in COLUMNS]
    assert [r["Nomor Kasus"] for r in read] == [r.case_ref for r in rows]
    assert [r["No"] for r in read] == ["1", "2", "3", "4", "5", "6"]
    first = read[0]
    assert first["Dasar Hukum"] == "UU 14/2008 Pasal 17 huruf h angka 2"
    assert first["Jangka Waktu"] == "Permanen (tanpa batas waktu; Pasal 17 huruf h)"
    assert first["Tanggal SK"] == "2026-12-01"
    assert first["Unit Pemilik Informasi"] == "BKPSDM"


def test_csv_keeps_formula_like_text_as_text(
    info: RegisterInfo, rows: list[RegisterRow], tmp_path: Path
) -> None:
    from dataclasses import replace

    tricky = [replace(rows[0], information='=HYPERLINK("http://x")', consequence="- daftar")]
    path = tmp_path / "dik.csv"
    export(tricky, info, "csv", path)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        (row,) = list(csv.DictReader(handle))
    assert row["Informasi yang Dikecualikan"] == '\'=HYPERLINK("http://x")'
    assert row["Konsekuensi bila Dibuka"] == "- daftar"


def test_xlsx_is_formatted_and_holds_every_row(
    rows: list[RegisterRow], info: RegisterInfo, tmp_path: Path
) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    path = tmp_path / "dik.xlsx"
    assert export(rows, info, "xlsx", path) == 6
    wb = openpyxl.load_workbook(path)
    ws = wb["DIK"]
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == f"A1:M{len(rows) + 1}"  # 13 columns
    header = [c.value for c in ws[1]]
    assert header == [c.header for c in COLUMNS]
    assert all(c.font.bold for c in ws[1])
    assert ws.column_dimensions["B"].width == 40
    values = [[c.value for c in r] for r in ws.iter_rows(min_row=2)]
    assert [v[9] for v in values] == [r.case_ref for r in rows]
    assert values[0][0] == 1
    assert ws.cell(2, 2).alignment.wrap_text
    assert ws.cell(2, 2).alignment.vertical == "top"
    assert ws.cell(2, 12).value.date() == rows[0].decree_date
    about = {r[0].value: r[1].value for r in wb["Keterangan"].iter_rows()}
    assert about["Per tanggal"] == "11 Januari 2027"
    assert about["Jumlah informasi"] == "6"


def test_xlsx_never_turns_text_into_a_formula(
    rows: list[RegisterRow], info: RegisterInfo, tmp_path: Path
) -> None:
    from dataclasses import replace

    openpyxl = pytest.importorskip("openpyxl")
    path = tmp_path / "dik.xlsx"
    export([replace(rows[0], information="=1+1\x07")], info, "xlsx", path)
    cell = openpyxl.load_workbook(path)["DIK"].cell(2, 2)
    assert cell.value == "=1+1"
    assert cell.data_type == "s"


class _Cells(HTMLParser):
    """The text of each body row's cells, and the page title."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self.title = ""
        self._in: list[str] = []
        self._cell: list[str] | None = None
        self._in_body = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._in.append(tag)
        if tag == "tbody":
            self._in_body = True
        elif tag == "tr" and self._in_body:
            self.rows.append([])
        elif tag == "td" and self._in_body:
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if self._in and self._in[-1] == tag:
            self._in.pop()
        if tag == "td" and self._cell is not None:
            self.rows[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tbody":
            self._in_body = False

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br" and self._cell is not None:
            self._cell.append(" ")

    def handle_data(self, data: str) -> None:
        if self._in and self._in[-1] == "title":
            self.title += data
        if self._cell is not None:
            self._cell.append(data)


def test_html_is_standalone_escaped_and_holds_every_row(
    rows: list[RegisterRow], info: RegisterInfo, tmp_path: Path
) -> None:
    path = tmp_path / "dik.html"
    assert export(rows, info, "html", path) == 6
    text = path.read_text(encoding="utf-8")
    assert "<link" not in text and "<script" not in text and "src=" not in text
    parser = _Cells()
    parser.feed(text)
    assert parser.title == info.full_title
    assert len(parser.rows) == 6
    assert [r[0] for r in parser.rows] == ["1.", "2.", "3.", "4.", "5.", "6."]
    for cells, row in zip(parser.rows, rows, strict=True):
        assert f"Kasus: {row.case_ref}" in cells[1]
        assert f"Unit: {row.owning_unit}" in cells[1]
        assert cells[2] == row.legal_basis[0]
        assert row.decree_number in cells[7]


def test_html_escapes_what_users_typed(timeline: Timeline, tmp_path: Path) -> None:
    from datetime import date

    rows = dik_as_of(timeline.service, date(2026, 12, 1), unit="BPKAD")
    path = tmp_path / "dik.html"
    export(rows, register_info(timeline.service, date(2026, 12, 1)), "html", path)
    text = path.read_text(encoding="utf-8")
    assert "Harga satuan &lt;b&gt;penawaran&lt;/b&gt; &amp; metode kerja" in text
    assert "<b>" not in text


def test_an_empty_register_says_so(info: RegisterInfo, tmp_path: Path) -> None:
    path = tmp_path / "dik.html"
    assert export([], info, "html", path) == 0
    assert "Tidak ada informasi yang dikecualikan" in path.read_text(encoding="utf-8")


def test_pdf_is_landscape_paged_and_holds_every_row(
    rows: list[RegisterRow], info: RegisterInfo, tmp_path: Path, pdftotext: str
) -> None:
    path = tmp_path / "dik.pdf"
    assert export(rows, info, "pdf", path) == 6
    assert path.read_bytes().startswith(b"%PDF-")
    text = subprocess.run(
        [pdftotext, "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    flat = " ".join(text.split())
    assert "DAFTAR INFORMASI YANG DIKECUALIKAN DI LINGKUNGAN PEMERINTAH KABUPATEN SUKAMAJU" in flat
    assert "per tanggal 11 Januari 2027" in flat
    assert "Halaman 1 dari 1" in flat
    for row in rows:
        assert row.case_ref in flat
    info_out = subprocess.run(
        ["pdfinfo", str(path)], check=False, capture_output=True, text=True
    ).stdout
    if info_out:
        assert "841.89 x 595.276" in info_out  # A4 landscape, in points


def test_many_rows_repeat_the_header_on_every_page(
    rows: list[RegisterRow], info: RegisterInfo, tmp_path: Path, pdftotext: str
) -> None:
    from dataclasses import replace

    many = [replace(rows[i % len(rows)], no=i + 1) for i in range(60)]
    path = tmp_path / "dik.pdf"
    export(many, info, "pdf", path)
    pages = subprocess.run(
        [pdftotext, "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout.split("\f")
    pages = [p for p in pages if p.strip()]
    assert len(pages) > 2
    for number, page in enumerate(pages, start=1):
        flat = " ".join(page.split())
        assert "Informasi yang dikecualikan" in flat
        assert f"Halaman {number} dari {len(pages)}" in flat
        assert "DIK per tanggal 11 Januari 2027" in flat


def test_a_failed_write_leaves_no_file(
    rows: list[RegisterRow], info: RegisterInfo, tmp_path: Path
) -> None:
    from ujikon.errors import InputError

    target = tmp_path / "missing-dir" / "dik.csv"
    with pytest.raises(InputError, match="cannot be written"):
        export(rows, info, "csv", target)
    assert not target.parent.exists()
