"""The defects report of a register import, as a file a PPID can act on (CSV, XLSX or PDF).

One line per finding, in Bahasa Indonesia only (it is an official working paper, UU 24/2009
Pasal 27), named by the register's own item number ("No" column) as well as the file's
row; each finding says which rule of which article, in which column, what is wrong, and
what would satisfy the rule, with a short example. A row without findings says "tidak ada
cacat" only when every check could run on it; otherwise it says which checks a register
row cannot give (a missing column, the identification of the document).

Pure over the report except for :func:`write_defects`, which writes the file.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from ujikon.errors import InputError

if TYPE_CHECKING:
    from ujikon.service.register_import import Defect, ImportedRow, ImportReport

__all__ = [
    "FIX_EXAMPLES",
    "HEADERS",
    "REPORT_SUFFIXES",
    "defect_lines",
    "defects_pdf",
    "write_defects",
]

HEADERS = (
    "No. Butir",
    "Baris Berkas",
    "Kasus",
    "Informasi",
    "Aturan",
    "Pasal",
    "Kolom",
    "Cacat",
    "Yang Memenuhi Aturan (contoh)",
)

FIX_EXAMPLES: dict[str, str] = {
    "ground-must-exist": "Kutip dasar Pasal 17 beserta huruf dan angkanya, mis. 'Pasal 17 huruf h "
    "angka 2 UU 14/2008'.",
    "ground-needs-item": "Sebutkan angkanya, mis. 'Pasal 17 huruf h angka 2' (riwayat kesehatan).",
    "17j-needs-statute": "Kutip Undang-Undang dan pasalnya, mis. 'Pasal 17 huruf j UU 14/2008 jo. "
    "Pasal 44 UU 43/2009 tentang Kearsipan'.",
    "harm-per-ground": "Satu uraian kerugian untuk setiap dasar, mis. '17h2: riwayat penyakit "
    "diketahui rekan kerja sehingga pegawai dikucilkan'.",
    "harm-outside-article": "Kerugian menurut bunyi dasarnya, mis. untuk 17a1 'tersangka dapat "
    "menghilangkan barang bukti sebelum penyidikan selesai'.",
    "harm-not-of-ground": "Kerugian yang sesuai dasar yang dikutip, mis. untuk 17b 'pesaing dapat "
    "meniru harga satuan penawaran'.",
    "harm-states-aim": "Apa yang terjadi bila dibuka, mis. 'nama pelapor diketahui terlapor "
    "sehingga pelapor terancam pembalasan'.",
    "harm-restates-ground": "Kerugian nyata, bukan bunyi pasal: siapa yang dirugikan dan "
    "bagaimana, mis. 'pasien dikucilkan tetangganya'.",
    "harm-copied": "Uraian sendiri untuk butir ini: kerugian yang timbul bila informasi ini "
    "(bukan butir lain) dibuka.",
    "public-interest-weighed": "Kepentingan publik yang dilayani bila dibuka dan timbangannya, "
    "mis. 'Warga dapat mengawasi anggaran, namun keselamatan saksi lebih berat'.",
    "public-interest-not-weighed": "Sebutkan manfaat bagi publik bila dibuka lalu bandingkan, "
    "mis. 'Warga dapat mengawasi layanan, namun privasi pasien lebih berat'.",
    "period-stated": "Tanggal atau peristiwa berakhirnya, mis. 'sampai 31 Desember 2030' atau "
    "'sampai putusan berkekuatan hukum tetap'.",
    "period-not-permanent-17a-f": "Batas waktu untuk dasar huruf a-f, mis. 'sampai penyidikan "
    "selesai' atau 'sampai 31 Desember 2030'.",
    "ground-fit": "Periksa dasarnya: kutip huruf yang melindungi jenis informasi ini, mis. data "
    "NIK pada 'Pasal 17 huruf h' atau undang-undang Adminduk melalui huruf j.",
    "not-exemptible": "Buka dokumennya. Data pribadi pihak lain di dalamnya (mis. NIK) diuji "
    "sebagai informasi tersendiri, mis. 'NIK para pihak dalam putusan', dasar Pasal 17 huruf h, "
    "dan dihitamkan saat dokumen diberikan.",
}
"""Per rule: what would satisfy it, with a short example (the message says what is wrong)."""

_UNCHECKABLE = {
    "consequence": "uraian konsekuensi (kolom Konsekuensi tidak ada)",
    "public_interest": "pertimbangan kepentingan publik (kolom Kepentingan Publik tidak ada)",
    "period": "jangka waktu (kolom Jangka Waktu tidak ada)",
}
_IDENTIFY = {
    "unit": "unit pemilik informasi",
    "document_date": "tanggal dokumen",
}
_FORMULA_START = re.compile(r"^[=+\-@\t\r]")


def _unchecked(report: ImportReport, row: ImportedRow) -> list[str]:
    """The checks a register row cannot give for this row."""
    out = [_UNCHECKABLE[name] for name in report.missing_columns if name in _UNCHECKABLE]
    if row.identify_missing:
        lacking = ", ".join(_IDENTIFY.get(m, m) for m in row.identify_missing)
        out.append(f"identifikasi dokumen dan Pasal 18 atas dokumennya (kurang: {lacking})")
    return out


def _finding(row: ImportedRow, defect: Defect) -> list[str]:
    return [
        row.item or str(row.row),
        str(row.row),
        row.case_ref,
        row.information,
        defect.rule,
        defect.article,
        defect.column,
        defect.message_id,
        FIX_EXAMPLES.get(defect.rule, ""),
    ]


def defect_lines(report: ImportReport) -> Iterator[list[str]]:
    """The report's lines under :data:`HEADERS`: each finding, and each row without one."""
    for row in report.rows:
        for defect in row.defects:
            yield _finding(row, defect)
        if row.defects:
            continue
        unchecked = _unchecked(report, row)
        verdict = (
            "Tidak ditemukan cacat pada kolom yang ada; belum dapat diperiksa dari baris "
            "register: " + "; ".join(unchecked) + "."
            if unchecked
            else "Tidak ada cacat."
        )
        yield [row.item or str(row.row), str(row.row), row.case_ref, row.information,
               "", "", "", verdict, ""]  # fmt: skip


def _safe(value: str) -> str:
    # A spreadsheet would run "=..." as a formula (CSV injection): keep it text.
    return "'" + value if _FORMULA_START.match(value) else value


REPORT_SUFFIXES = (".csv", ".xlsx", ".pdf")
"""The files :func:`write_defects` writes."""


def write_defects(report: ImportReport, target: Path) -> int:
    """Write the defects report to ``target`` (``.csv``, ``.xlsx`` or ``.pdf``); returns
    the lines.

    :raises InputError: another suffix.
    """
    suffix = target.suffix.lower()
    lines = list(defect_lines(report))
    if suffix == ".csv":
        with target.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\r\n")
            writer.writerow(HEADERS)
            writer.writerows([_safe(v) for v in line] for line in lines)
        return len(lines)
    if suffix == ".xlsx":
        _write_xlsx(report, lines, target)
        return len(lines)
    if suffix == ".pdf":
        data = defects_pdf(report, lines)
        tmp = target.with_name(f".{target.name}.tmp")
        tmp.write_bytes(data)
        tmp.replace(target)
        return len(lines)
    raise InputError(
        "--report",
        f"'{target.name}': tulis .csv, .xlsx atau .pdf / write .csv, .xlsx or .pdf",
    )


def defects_pdf(report: ImportReport, lines: list[list[str]] | None = None) -> bytes:
    """The report as a PDF working paper (A4 landscape, Bahasa Indonesia), through the
    register's WeasyPrint pipeline (nothing fetched)."""
    from datetime import datetime

    from markupsafe import Markup

    from ujikon.dates import WIB, format_date_id
    from ujikon.documents import templates
    from ujikon.service.register import html_to_pdf

    lines = list(defect_lines(report)) if lines is None else lines
    env = templates.environment()
    html = env.get_template("register/defects.html.j2").render(
        css=Markup(templates.read_text("register/defects.css")),  # our own stylesheet
        source=Path(report.source).name,
        made=format_date_id(datetime.now(WIB).date()),
        rows=len(report.rows),
        with_defects=sum(1 for r in report.rows if r.defects),
        findings=sum(len(r.defects) for r in report.rows),
        by_rule=list(report.by_rule().items()),
        unread=", ".join(report.missing_columns),
        headers=HEADERS,
        lines=lines,
    )
    return html_to_pdf(html)


_WIDTHS = (9, 9, 18, 36, 24, 28, 20, 60, 50)


def _write_xlsx(report: ImportReport, lines: list[list[str]], target: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Cacat"
    ws.append(list(HEADERS))
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="E6E6E6")
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for line in lines:
        ws.append(line)
        for cell in ws[ws.max_row]:
            cell.data_type = "s"  # never a formula, whatever the text starts with
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for index, width in enumerate(_WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions
    ws.page_setup.orientation = "landscape"
    ws.print_title_rows = "1:1"
    about = wb.create_sheet("Keterangan")
    about.append(["Berkas", report.source])
    about.append(["Baris diperiksa", len(report.rows)])
    about.append(["Baris dengan cacat", sum(1 for r in report.rows if r.defects)])
    for rule, count in report.by_rule().items():
        about.append([f"Aturan {rule}", count])
    wb.save(target)
