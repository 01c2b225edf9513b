"""``ujikon register …``: the DIK (register of exempt information), exported and imported.

``export`` writes the register as it stood on a date (:func:`ujikon.service.register.dik_as_of`)
as CSV, XLSX, HTML or PDF, each row marked when its period ends within 30 or 31–90 days
of that date (``--ending-within 30|90`` keeps only those); ``import`` turns an old
register (CSV/XLSX) into draft cases with a defects report (:mod:`ujikon.service.register_import`).
The DIK is the body's public register of exempt information (it is published), so every
role reads all of it, every unit's rows included; but like every read of the workspace it
needs a known acting user (``--as`` / ``UJIKON_USER``). Importing opens cases, so it needs
one who may (an officer or a PPID).

Start-up stays light: the register modules (and openpyxl, WeasyPrint inside them) are
imported by the commands that use them.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table

from ujikon.cli.common import JsonOpt, emit_json, format_date_id, globals_of, out
from ujikon.cli.gate import open_app
from ujikon.errors import InputError

if TYPE_CHECKING:
    from collections.abc import Sequence

    from ujikon.service import Format, ImportReport, RegisterRow

__all__ = ["register_app"]

register_app = typer.Typer(
    help="Daftar Informasi yang Dikecualikan (DIK): ekspor dan impor / "
    "the register of exempt information (DIK): export and import",
    no_args_is_help=True,
)

_LARGE_PDF = 2000
"""Above this many rows a PDF export says beforehand that it will take a while."""

_FORMAT_HELP = "csv | xlsx | html | pdf (bawaan: dari akhiran --out / default: from --out's suffix)"


def _opt(*names: str, help: str, metavar: str | None = None) -> Any:
    return typer.Option(*names, help=help, show_default=False, metavar=metavar)


def _say() -> Any:
    console = out()
    console.soft_wrap = True
    return console


def _format_of(fmt: str | None, out_file: Path | None) -> Format:
    from ujikon.service import FORMATS

    chosen = (fmt or (out_file.suffix.lstrip(".") if out_file else "")).lower()
    if chosen not in FORMATS:
        raise InputError(
            "--format",
            f"'{chosen or '?'}': sebutkan salah satu / give one of {', '.join(FORMATS)}",
        )
    return chosen


@register_app.command("export")
def register_export(
    ctx: typer.Context,
    fmt: Annotated[str | None, _opt("--format", help=_FORMAT_HELP, metavar="FORMAT")] = None,
    out_file: Annotated[
        Path | None,
        _opt("--out", help="Berkas tujuan / file to write", metavar="FILE"),
    ] = None,
    as_of: Annotated[
        datetime | None,
        typer.Option(
            "--as-of",
            formats=["%Y-%m-%d"],
            metavar="YYYY-MM-DD",
            help="DIK sebagaimana pada tanggal ini (bawaan: hari ini) / the register as it "
            "stood on this date (default: today)",
            show_default=False,
        ),
    ] = None,
    unit: Annotated[
        str | None,
        _opt("--unit", help="Hanya unit pemilik ini / only this owning unit", metavar="UNIT"),
    ] = None,
    ground: Annotated[
        str | None,
        _opt(
            "--ground",
            help="Hanya dasar ini: huruf (17h) atau angka (17h2) / only this ground: a letter "
            "(17h) or an item (17h2)",
            metavar="GROUND",
        ),
    ] = None,
    ending_within: Annotated[
        int | None,
        _opt(
            "--ending-within",
            help="Hanya yang berakhir dalam 30 atau 90 hari dari tanggal DIK / only items "
            "whose period ends within 30 or 90 days of the register's date",
            metavar="30|90",
        ),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Tulis DIK per tanggal / Write the register as of a date (CSV, XLSX, HTML, PDF).

    Yang jangka waktunya telah berakhir tidak tercantum / ended periods are left out.
    "Berakhir dalam 30 hari" / "31–90 hari" dihitung dari tanggal DIK / "ends within 30
    days" and "31–90 days" are counted from the register's date.
    """
    from ujikon.service import check_ending_within

    if out_file is None and not as_json:
        raise InputError("--out", "sebutkan berkas tujuan (atau --json) / give a file (or --json)")
    chosen = _format_of(fmt, out_file) if out_file is not None else None
    check_ending_within(ending_within)
    app = open_app(ctx)
    today = app.cases.today()
    day: date = as_of.date() if as_of is not None else today
    if day > today:
        raise InputError(
            "--as-of",
            f"{day.isoformat()} ada di masa depan; DIK hanya dapat dibaca sampai hari ini "
            f"({today.isoformat()}) / is in the future; the register can be read up to today",
        )
    rows = app.register.rows(day, unit=unit, ground=ground, ending_within=ending_within)
    info = app.register.info(day, unit=unit, ground=ground, ending_within=ending_within)
    if out_file is not None and chosen is not None:
        if chosen == "pdf" and len(rows) > _LARGE_PDF:
            typer.echo(
                f"PDF {len(rows)} informasi: beberapa menit dan beberapa GB memori (WeasyPrint); "
                f"XLSX/CSV/HTML selesai dalam detik / a PDF of {len(rows)} items takes minutes "
                "and gigabytes of memory; XLSX, CSV and HTML take seconds",
                err=True,
            )
        app.register.export(rows, info, chosen, out_file)
    if as_json:
        emit_json(
            {
                "title": info.title,
                "as_of": day.isoformat(),
                "unit": unit,
                "ground": ground,
                "ending_within": ending_within,
                "file": str(out_file) if out_file is not None else None,
                "format": chosen,
                "rows": [r.as_json() for r in rows],
            }
        )
        return
    filters = f" ({info.filters})" if info.filters else ""
    console = _say()
    console.print(
        f"DIK per tanggal {format_date_id(day)}{filters}: {len(rows)} informasi / items "
        f"→ {out_file} ({chosen})"
    )
    ending = _ending_counts(rows)
    if ending:
        console.print(f"Dihitung dari {format_date_id(day)} / counted from that date: {ending}")


def _ending_counts(rows: Sequence[RegisterRow]) -> str:
    """``berakhir dalam 30 hari / ends within 30 days: 1; …`` for the windows with rows."""
    from ujikon.service import WINDOW_BOUNDS, ending_words

    parts = []
    for window in WINDOW_BOUNDS:
        count = sum(1 for r in rows if r.ending_window == window)
        if count:
            words_id, words_en = ending_words(window)
            parts.append(f"{words_id} / {words_en}: {count}")
    return "; ".join(parts)


@register_app.command("import")
def register_import(
    ctx: typer.Context,
    file: Annotated[
        Path,
        typer.Argument(
            metavar="FILE",
            help="DIK lama (.csv atau .xlsx) / the old register (.csv or .xlsx)",
            dir_okay=False,
        ),
    ],
    column_map: Annotated[
        list[str] | None,
        _opt(
            "--map",
            help="Pemetaan kolom (berulang), mis. 'Uraian=information'; FIELD: information, "
            "document, unit, legal_basis, consequence, public_interest, conclusion, period, "
            "document_date, form, no, ignore / column mapping (repeatable)",
            metavar="COLUMN=FIELD",
        ),
    ] = None,
    by: Annotated[
        str | None,
        _opt(
            "--by",
            help="Pembuka kasus (bawaan: --as) / who opens the cases (default: --as)",
            metavar="USER",
        ),
    ] = None,
    dry_run: Annotated[
        bool,
        typer.Option(
            "--dry-run", help="Periksa dan laporkan saja, tanpa menyimpan / report, store nothing"
        ),
    ] = False,
    report_file: Annotated[
        Path | None,
        _opt(
            "--report",
            help="Tulis laporan cacat ke berkas (.csv, .xlsx atau .pdf, berbahasa Indonesia) / "
            "write the defects report to a file (.csv, .xlsx or .pdf, in Bahasa Indonesia)",
            metavar="FILE",
        ),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Impor DIK lama sebagai kasus draf + laporan cacat / Old register to drafts + defects.

    Tidak ada yang dikecualikan oleh impor / nothing is exempted by importing.
    """
    from ujikon.service import REPORT_SUFFIXES, parse_map, write_defects

    explicit = parse_map(column_map or [])
    if report_file is not None and report_file.suffix.lower() not in REPORT_SUFFIXES:
        raise InputError(
            "--report",
            f"'{report_file.name}': tulis .csv, .xlsx atau .pdf / write .csv, .xlsx or .pdf",
        )
    report = open_app(ctx).register.import_file(
        file, by or globals_of(ctx).acting, explicit, dry_run=dry_run
    )
    if report_file is not None:
        lines = write_defects(report, report_file)
    if as_json:
        emit_json(report.as_json())
        return
    _print_report(report)
    if report_file is not None:
        _say().print(f"Laporan cacat / defects report: {report_file} ({lines} baris / lines)")


def _print_report(report: ImportReport) -> None:
    from ujikon.service import FIELDS, iter_defects

    console = _say()
    mapped = ", ".join(f"{name} ← '{header}'" for name, header in report.mapping.items())
    console.print(f"Berkas / file: {report.source}")
    console.print(f"Kolom / columns: {mapped}")
    for name in report.missing_columns:
        console.print(
            f"Kolom tidak ada / no column: {FIELDS[name].label} ({name}); setiap baris dinilai "
            f"tanpa isinya / every row is checked as lacking it (petakan / map: --map "
            f"'KOLOM={name}')"
        )
    table = Table(
        title=f"Laporan cacat / defects report ({len(report.rows)} baris / rows)", expand=True
    )
    table.add_column("No.", justify="right", no_wrap=True)
    table.add_column("Baris / Row", justify="right", no_wrap=True)
    table.add_column("Kasus / Case", no_wrap=True)
    table.add_column("Status", no_wrap=True)
    table.add_column("Informasi", ratio=2)
    table.add_column("Aturan / Rule", no_wrap=True)
    table.add_column("Pasal / Article", ratio=2)
    table.add_column("Keterangan / Detail", ratio=5)
    previous = -1
    for row, defect in iter_defects(report):
        first = row.row != previous
        previous = row.row
        table.add_row(
            (row.item or str(row.row)) if first else "",
            str(row.row) if first else "",
            row.case_ref if first else "",
            row.state if first else "",
            row.information if first else "",
            defect.rule if defect else "-",
            defect.article if defect else "",
            f"[{defect.column}] {defect.message_id}" if defect else "tidak ada cacat / no defects",
        )
    console.print(table)
    waiting: dict[str, list[str]] = {}
    for row in report.rows:
        if row.identify_missing:
            waiting.setdefault(", ".join(row.identify_missing), []).append(str(row.row))
    for missing, numbers in waiting.items():
        console.print(
            f"Identifikasi belum dicatat, kurang / identify not recorded, lacking {missing}: "
            f"baris / rows {', '.join(numbers)}"
        )
    for number, why in report.skipped:
        console.print(f"Baris / row {number} dilewati / skipped: {why}")
    counts = report.by_rule()
    if counts:
        console.print(
            "Per aturan / by rule: " + ", ".join(f"{rule} {n}" for rule, n in counts.items())
        )
    identified = sum(1 for r in report.rows if r.state == "identified")
    if report.stored:
        console.print(
            f"Disimpan / stored: {len(report.rows)} kasus draf / draft cases ({identified} "
            "teridentifikasi / identified); tidak ada yang dikecualikan / nothing is exempted. "
            "Lanjutkan / continue: ujikon case list --state draft"
        )
    else:
        console.print(
            f"Tidak disimpan (--dry-run) / not stored: {len(report.rows)} kasus / cases "
            f"({identified} teridentifikasi / identified)"
        )
