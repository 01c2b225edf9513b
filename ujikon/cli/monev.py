"""``ujikon monev assess``: the self-assessment (penilaian mandiri) for the Komisi
Informasi's monitoring (monev, Perki 1/2022), scored from the log.

Each indicator of the set (the shipped default, the workspace's ``monev-indicators.yaml``
or ``--indicators FILE``) is scored for ``--year`` and for the year before, with the
evidence it rests on (:mod:`ujikon.service.monev`). A reading command: it reads every
unit's cases and decrees, so the roles that read the whole log run it (PPID Utama, Atasan
PPID, auditors); an officer, whose duty is their own unit, and the administrator, who
reads no case, are refused (:data:`ujikon.cli.gate.READING_COMMANDS`).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from ujikon.cli.common import JsonOpt, emit_json, format_date_id, out
from ujikon.cli.gate import open_app

if TYPE_CHECKING:
    from ujikon.service import Assessment

__all__ = ["monev_app"]

monev_app = typer.Typer(
    help="Penilaian mandiri monev Komisi Informasi dari log / the self-assessment for the "
    "Komisi Informasi's monitoring, from the log",
    no_args_is_help=True,
)


def _score(score: int | None) -> str:
    return "-" if score is None else str(score)


def _total(total: float | None) -> str:
    return "-" if total is None else f"{total:g}"


def _print(result: Assessment) -> None:
    console = out()
    console.soft_wrap = True
    console.print(
        f"Penilaian mandiri {result.year} per {format_date_id(result.as_of)} / self-assessment "
        f"{result.year} as of that day; dibanding / compared with {result.year - 1} "
        f"(per {format_date_id(result.previous_as_of)})"
    )
    console.print(f"Indikator / indicators: {result.source}")
    table = Table(show_lines=False)
    table.add_column("Indikator / indicator")
    table.add_column("Status")
    table.add_column("Skor / score", justify="right")
    table.add_column(str(result.year - 1), justify="right")
    table.add_column("Bukti / evidence", justify="right")
    for now, before in result.pairs():
        table.add_row(
            f"{now.indicator.id} (bobot / weight {now.indicator.weight:g})",
            f"{now.status.label_id} / {now.status.label_en}",
            _score(now.score),
            _score(before.score),
            str(now.counted),
        )
    table.add_row(
        "Total (tertimbang / weighted)",
        "",
        _total(result.total),
        _total(result.previous_total),
        "",
    )
    console.print(table)
    for now in result.findings:
        ind = now.indicator
        console.print()
        console.print(f"{ind.id}: {ind.question_id} / {ind.question_en} ({ind.basis})")
        console.print(f"  {now.status.label_id} / {now.status.label_en}: {now.reason}")
        for line in now.evidence:
            mark = {True: "+", False: "-", None: "·"}[line.counts]
            seq = f" [#{line.seq}]" if line.seq is not None else ""
            console.print(f"  {mark} {line.text}{seq}")


@monev_app.command("assess")
def assess(
    ctx: typer.Context,
    year: Annotated[
        int,
        typer.Option(
            "--year", metavar="YYYY", help="Tahun yang dinilai / the year assessed", min=2011
        ),
    ],
    indicators: Annotated[
        Path | None,
        typer.Option(
            "--indicators",
            metavar="FILE",
            dir_okay=False,
            help="Berkas indikator YAML (bawaan: monev-indicators.yaml di ruang kerja, atau "
            "bawaan ujikon) / indicators file (default: the workspace's "
            "monev-indicators.yaml, else ujikon's own)",
            show_default=False,
        ),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Nilai indikator monev dari log / Score the monitoring indicators from the log.

    Setiap indikator: terpenuhi, sebagian, tidak terpenuhi atau tanpa bukti, dengan
    skor 0-100, buktinya dan skor tahun sebelumnya / each indicator: met, partly, not met
    or no evidence, with a 0-100 score, its evidence and the year before's score.
    """
    app = open_app(ctx)
    chosen = app.monev.indicators(indicators)
    result = app.monev.assess(year, chosen)
    if as_json:
        emit_json(result.as_json())
        return
    _print(result)
