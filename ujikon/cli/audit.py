"""``ujikon audit …``: verify the history, read and filter it, pack it as evidence.

Every command here reads; none takes ``--as``. ``verify`` and ``verify-pack`` exit 0
when everything matches, 12 when an event (or a decree's recorded chain head, or a
checkpoint of the head) does not or is missing, 13 when a file does not (a decree PDF, a
pack member, a signature), ``verify`` 14 when a projection (the case list, the decree
index, the search) disagrees with the log; ``pack`` exits the
same way when ``--allow-broken`` wrote a pack that records a failure. ``verify-pack``
opens no workspace: it runs on any machine with ujikon installed.

The use cases are :mod:`ujikon.service.audit` and :mod:`ujikon.service.evidence`; this
module parses, calls and prints. On a terminal, long walks show a progress bar on stderr.
"""

from __future__ import annotations

import csv
import json
import os
import secrets
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich import box
from rich.console import Console
from rich.table import Table

from ujikon.cli.common import JsonOpt, emit_json, out
from ujikon.cli.gate import open_app
from ujikon.cli.terminal import TerminalConsole, json_text
from ujikon.domain.text import printable
from ujikon.errors import InputError
from ujikon.service import LOG_CSV_COLUMNS, log_csv_row

if TYPE_CHECKING:
    from ujikon.service import Progress

__all__ = ["PROGRESS_MIN_EVENTS", "audit_app"]

PROGRESS_MIN_EVENTS = 20_000
"""Below this many events no progress bar is shown (the walk takes well under a second)."""

audit_app = typer.Typer(
    help="Audit: periksa rantai log dan berkas SK, baca riwayat, paket bukti / "
    "audit: verify the log chain and decree files, read the history, evidence packs",
    no_args_is_help=True,
)


SinceOpt = Annotated[
    str | None,
    typer.Option(
        "--since",
        metavar="DATE",
        help="Sejak tanggal ini (TTTT-BB-HH, WIB, termasuk) / from this date (YYYY-MM-DD, "
        "WIB, included)",
        show_default=False,
    ),
]
UntilOpt = Annotated[
    str | None,
    typer.Option(
        "--until",
        metavar="DATE",
        help="Sampai tanggal ini (termasuk) / up to this date (included)",
        show_default=False,
    ),
]


@contextmanager
def _progress(total: int, what: str, *, quiet: bool) -> Iterator[Progress | None]:
    """A progress bar on stderr when it is a terminal and the walk is long; else nothing."""
    console = TerminalConsole(stderr=True, highlight=False)
    if quiet or total < PROGRESS_MIN_EVENTS or not console.is_terminal:
        yield None
        return
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        TextColumn,
        TimeRemainingColumn,
    )
    from rich.progress import Progress as Bar

    with Bar(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=console,
        transient=True,
    ) as bar:
        task = bar.add_task(what, total=total)
        yield lambda done: bar.update(task, completed=done)


def _say() -> Console:
    console = out()
    console.soft_wrap = True
    return console


def _print_problems(console: Console, lines: list[str], ok: bool) -> None:
    for number, line in enumerate(lines):
        console.print(line, style=None if ok or number else "bold red")


# -- verify -------------------------------------------------------------------------------


@audit_app.command("verify")
def audit_verify(ctx: typer.Context, as_json: JsonOpt = False) -> None:
    """Periksa rantai hash, saksi, SK, indeks / Check the hash chain, witnesses, SKs, indexes.

    Seluruh rantai hash dihitung ulang / the whole hash chain is recomputed.

    Juga: kepala rantai yang dicatat tiap SK dan tiap baris chain-head.log harus sama
    dengan event pada seq itu, dan log tidak boleh lebih pendek; setiap PDF di sk/ harus
    dicatat log; daftar kasus, indeks SK dan pencarian harus sama dengan lipatan log.
    Keluar 0 bila utuh, 12 bila sebuah event tidak cocok atau hilang, 13 bila sebuah
    berkas, 14 bila sebuah proyeksi / also: the chain head each decree and each line of
    chain-head.log recorded must match the event at that seq, and the log may not be
    shorter; every PDF under sk/ must be recorded by the log; the case list, the decree
    index and the search must equal a fold of the log. Exits 0 when intact, 12 when an
    event does not match or is missing, 13 when a file does not, 14 when a projection
    does not. Runs on a read-only copy too (nothing is written).
    """
    app = open_app(ctx)
    log = app.cases.log
    total = log.head().seq
    with _progress(total, "Memeriksa rantai / checking the chain", quiet=as_json) as progress:
        report = app.audit.verify(progress)
    read_only = bool(getattr(log, "read_only", False))
    mode = getattr(log, "read_only_mode", None)
    if as_json:
        emit_json({**report.to_json(), "store": {"read_only": read_only, "mode": mode}})
    else:
        lines = report.summary_lines()
        if read_only:
            lines.append(
                "Dibuka hanya-baca, tidak ada yang ditulis / opened read-only, nothing written"
                + (f" (SQLite: {mode})" if mode else "")
            )
        _print_problems(_say(), lines, report.ok)
    raise typer.Exit(report.exit_code)


# -- log ----------------------------------------------------------------------------------


def _stream_json(rows: Iterable[dict[str, Any]]) -> None:
    """A JSON array written element by element (indented as ``emit_json`` does)."""
    write = sys.stdout.write
    write("[")
    count = 0
    for row in rows:
        text = json_text(row)
        write(("," if count else "") + "\n  " + text.replace("\n", "\n  "))
        count += 1
    write("\n]\n" if count else "]\n")
    sys.stdout.flush()


def _write_csv(rows: Iterable[dict[str, Any]], target: str) -> int:
    """Write the rows as CSV to ``target`` (``-``: stdout); a file is written to a
    temporary name and renamed. UTF-8 with a BOM in a file, so spreadsheets read it."""
    count = 0
    if target == "-":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(LOG_CSV_COLUMNS)
        for row in rows:
            # On a terminal: every character that would drive it written out (a file
            # keeps the data as stored).
            writer.writerow([printable(str(cell)) for cell in log_csv_row(row)])
            count += 1
        sys.stdout.flush()
        return count
    path = Path(target)
    if not path.parent.is_dir():
        raise InputError("--csv", f"folder {path.parent} tidak ada / does not exist")
    tmp = path.with_name(f".{path.name}.{os.getpid()}-{secrets.token_hex(4)}.tmp")
    try:
        with open(tmp, "w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(LOG_CSV_COLUMNS)
            for row in rows:
                writer.writerow(log_csv_row(row))
                count += 1
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return count


def _from_to(row: dict[str, Any]) -> str:
    source, dest = row["from"], row["to"]
    if source and dest:
        return f"{source}→{dest}"
    return source or dest or ""


@audit_app.command("log")
def audit_log(
    ctx: typer.Context,
    case: Annotated[
        str | None,
        typer.Option(
            "--case",
            metavar="ID",
            help="Satu kasus (semua revisi) atau satu revisi / one case (every revision) "
            "or one revision",
            show_default=False,
        ),
    ] = None,
    actor: Annotated[
        str | None,
        typer.Option("--actor", metavar="USER", help="Pelaku / actor", show_default=False),
    ] = None,
    role: Annotated[
        str | None,
        typer.Option(
            "--role",
            metavar="ROLE",
            help="Peran pelaku (officer, ppid, head, auditor, admin) / the actor's role",
            show_default=False,
        ),
    ] = None,
    action: Annotated[
        str | None,
        typer.Option(
            "--action",
            metavar="ACTION",
            help="Aksi atau awalannya, mis. case. / an action or its beginning, e.g. case.",
            show_default=False,
        ),
    ] = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    as_json: JsonOpt = False,
    csv_file: Annotated[
        str | None,
        typer.Option(
            "--csv",
            metavar="FILE",
            help="Tulis CSV ke berkas (- untuk stdout) / write CSV to a file (- for stdout)",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Riwayat log, disaring / The history, filtered (table, JSON or CSV)."""
    from ujikon.service import LogFilter, event_row, parse_day

    if as_json and csv_file:
        raise InputError("--json / --csv", "pilih salah satu / choose one")
    flt = LogFilter(
        case=case,
        actor=actor,
        role=role,
        action=action,
        since=parse_day(since, "--since"),
        until=parse_day(until, "--until"),
    )
    rows = (event_row(e) for e in open_app(ctx).audit.events(flt))
    if as_json:
        _stream_json(rows)
        return
    if csv_file is not None:
        count = _write_csv(rows, csv_file)
        if csv_file != "-":
            _say().print(f"{count} event ditulis ke / events written to {csv_file}")
        return
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("Seq", justify="right", no_wrap=True)
    table.add_column("Waktu (WIB) / Time", no_wrap=True)
    table.add_column("Pelaku (peran) / Actor (role)", overflow="fold")
    table.add_column("Aksi / Action", overflow="fold")
    table.add_column("Subjek / Subject", overflow="fold")
    table.add_column("Dari→ke / From→to", overflow="fold")
    table.add_column("Hash", no_wrap=True)
    count = 0
    for row in rows:
        table.add_row(
            str(row["seq"]),
            row["time_wib"],
            f"{row['actor']} ({row['role']})",
            row["action"],
            row["subject"],
            _from_to(row),
            row["hash"][:10],
        )
        count += 1
    table.title = f"Log audit / audit log ({count} event)"
    out().print(table)


# -- pack ---------------------------------------------------------------------------------


@audit_app.command("pack")
def audit_pack(
    ctx: typer.Context,
    out_file: Annotated[
        Path,
        typer.Option(
            "--out",
            metavar="FILE.zip",
            help="Berkas paket yang ditulis / the pack file to write",
            dir_okay=False,
            show_default=False,
        ),
    ],
    decree: Annotated[
        str | None,
        typer.Option(
            "--decree",
            metavar="NUMBER",
            help="Hanya satu SK (nomor atau D-…) dan kasusnya / one decree (number or D-…) "
            "and its cases",
            show_default=False,
        ),
    ] = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    overwrite: Annotated[
        bool, typer.Option("--overwrite", help="Timpa berkas yang ada / replace an existing file")
    ] = False,
    allow_broken: Annotated[
        bool,
        typer.Option(
            "--allow-broken",
            help="Tulis paket walau pemeriksaan gagal (paket mencatat kegagalannya) / write "
            "the pack even when a check fails (it records the failure)",
        ),
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """Tulis paket bukti (ZIP): event, PDF SK, manifest, laporan / Write an evidence pack.

    Paket sebagian selalu memuat semua event dari seq 1 sampai event terpilih terakhir /
    a partial pack always holds every event from seq 1 to the last one selected.
    """
    from ujikon.service import PackRequest, parse_day

    request = PackRequest(
        decree=decree, since=parse_day(since, "--since"), until=parse_day(until, "--until")
    )
    app = open_app(ctx)
    total = app.cases.log.head().seq
    with _progress(total, "Menulis paket / writing the pack", quiet=as_json) as progress:
        result = app.audit.write_pack(
            out_file,
            request,
            overwrite=overwrite,
            allow_broken=allow_broken,
            progress=progress,
        )
    code = result.problems[0].exit_code if result.problems else 0
    if as_json:
        emit_json(
            {
                "ok": result.ok,
                "path": str(result.path),
                "sha256": result.sha256,
                "bytes": result.size,
                "events": result.events,
                "selected_events": result.selected_events,
                "decrees": list(result.decrees),
                "chain_head": {"seq": result.head_seq, "hash": result.head_hash},
                "selection": result.manifest["selection"],
                "problems": [p.to_json() for p in result.problems],
                "exit_code": code,
            }
        )
        raise typer.Exit(code)
    console = _say()
    console.print(f"Paket bukti / evidence pack: {result.path} ({result.size} bita / bytes)")
    console.print(f"  SHA-256: {result.sha256}")
    console.print(
        f"  Event: {result.events} (seq 1..{result.events}); terpilih / selected: "
        f"{result.selected_events}"
    )
    console.print(f"  SK / decrees: {', '.join(result.decrees) or '-'}")
    console.print(f"  Kepala rantai / chain head: seq {result.head_seq} {result.head_hash}")
    if result.ok:
        console.print("  Pemeriksaan / checks: utuh / intact")
    else:
        _print_problems(
            console, [f"  TIDAK UTUH / NOT INTACT: {p.line()}" for p in result.problems], False
        )
    raise typer.Exit(code)


# -- verify-pack --------------------------------------------------------------------------


def _decree_lines(report: Any) -> list[str]:
    lines = []
    for check in report.decrees:
        trust = (
            ""
            if check.trusted is None
            else (" (tepercaya / trusted)" if check.trusted else " (akar tidak tepercaya / "
                  "root not trusted; --trust CERT)")
        )  # fmt: skip
        lines.append(
            f"  SK {check.number}: {check.file} — PDF "
            + ("cocok / matches" if check.pdf_matches else "TIDAK cocok / does NOT match")
            + f"; tanda tangan / signatures: {check.signatures}{trust}"
        )
    return lines


def _pack_events(file: Path) -> int:
    """How many events the pack's manifest announces (0 if it cannot tell): the length
    of the progress bar."""
    import zipfile

    from ujikon.service import MANIFEST_FILE, read_member

    if not file.is_file():
        return 0  # verify_pack names what it is
    try:
        with zipfile.ZipFile(file) as zf:
            count = json.loads(read_member(zf, MANIFEST_FILE))["events"]["count"]
    except (OSError, KeyError, TypeError, ValueError, zipfile.BadZipFile):
        return 0
    return count if isinstance(count, int) else 0


@audit_app.command("verify-pack")
def audit_verify_pack(
    file: Annotated[
        Path,
        typer.Argument(metavar="FILE.zip", help="Paket bukti / evidence pack", dir_okay=False),
    ],
    trust: Annotated[
        list[Path] | None,
        typer.Option(
            "--trust",
            metavar="CERT.pem",
            help="Sertifikat akar tepercaya (berulang) / trusted root certificate (repeatable)",
            show_default=False,
        ),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Periksa paket bukti, tanpa ruang kerja / Check an evidence pack, with no workspace.

    Keluar 0 bila utuh, 12 bila sebuah event tidak cocok, 13 bila sebuah berkas /
    exits 0 when intact, 12 when an event does not match, 13 when a file does not.
    """
    from ujikon.service import verify_pack

    roots: list[Any] = []
    if trust:
        from ujikon.documents.keys import load_certificates

        roots = [cert for path in trust for cert in load_certificates(path)]
    total = _pack_events(file)
    with _progress(total, "Memeriksa paket / checking the pack", quiet=as_json) as progress:
        report = verify_pack(file, trust_roots=roots, progress=progress)
    if as_json:
        emit_json(report.to_json())
        raise typer.Exit(report.exit_code)
    console = _say()
    _print_problems(console, report.summary_lines(), report.ok)
    for line in _decree_lines(report):
        console.print(line)
    raise typer.Exit(report.exit_code)
