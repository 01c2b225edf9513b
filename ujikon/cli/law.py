"""``ujikon law …`` and ``ujikon workflow …``: the statute catalogue and the procedure, shown.

Everything printed here is read from the catalogue (:func:`ujikon.law.load_catalogue`)
or from ``TRANSITIONS`` (:mod:`ujikon.domain.workflow`); nothing is restated by hand.
"""

from __future__ import annotations

import dataclasses
import difflib
import logging
from enum import StrEnum
from typing import Annotated, Any

import typer
from rich.table import Table

from ujikon.cli.common import JsonOpt, emit_json, out
from ujikon.domain.states import CLOSED_STATES, CaseState
from ujikon.errors import NotFound
from ujikon.law import Catalogue, DocumentCategory, Ground, Letter, load_catalogue
from ujikon.law import normalise_ground_id as normalise

__all__ = ["diagram", "law_app", "workflow_app"]

logger = logging.getLogger(__name__)

law_app = typer.Typer(
    help="Katalog dasar pengecualian UU 14/2008 / the statute catalogue of exemption grounds",
    no_args_is_help=True,
)
workflow_app = typer.Typer(
    help="Prosedur uji konsekuensi / the procedure of the consequence test",
    no_args_is_help=True,
)


def _period_text(ground: Ground) -> str:
    rule = ground.period
    if rule.permanent_allowed:
        return "boleh permanen / may be permanent"
    if rule.end_required:
        return "wajib berakhir (tanggal/kondisi) / must end (date or condition)"
    return "-"


def _ceiling_text(ground: Ground) -> str:
    years = ground.period.ceiling_years
    return f"{years} tahun / years" if years is not None else "-"


def _ground_json(ground: Ground) -> dict[str, Any]:
    return dataclasses.asdict(ground)


@law_app.command("grounds")
def grounds(as_json: JsonOpt = False) -> None:
    """Daftar dasar pengecualian Pasal 17 / list the exemption grounds of Pasal 17."""
    catalogue = load_catalogue()
    if as_json:
        emit_json(
            {
                "version": catalogue.version,
                "grounds": [_ground_json(g) for g in catalogue.grounds],
            }
        )
        return
    table = Table(
        title=f"{catalogue.statute} — katalog / catalogue {catalogue.version}", expand=True
    )
    table.add_column("Dasar / Ground", no_wrap=True)
    table.add_column("Pasal / Article", ratio=1)
    table.add_column("Uraian / Label", ratio=3)
    table.add_column("Jangka waktu / Period", ratio=1)
    table.add_column("Batas / Ceiling", ratio=1)
    for g in catalogue.grounds:
        period = (
            "boleh permanen / may be permanent"
            if g.period.permanent_allowed
            else ("wajib berakhir / must end" if g.period.end_required else "-")
        )
        table.add_row(g.id, g.article, f"{g.label_id}\n{g.label_en}", period, _ceiling_text(g))
    out().print(table)


def _lookup(catalogue: Catalogue, raw: str) -> Ground | Letter | DocumentCategory:
    key = normalise(raw)
    found = catalogue.ground(key) or catalogue.letter(key) or catalogue.category(raw.strip())
    if found is not None:
        return found
    known = list(
        dict.fromkeys(
            [
                *(g.id for g in catalogue.grounds),
                *(x.id for x in catalogue.letters),
                *(c.id for c in (*catalogue.never_exemptible, *catalogue.always_available)),
            ]
        )
    )
    close = difflib.get_close_matches(key, known, n=4, cutoff=0.5)
    hint = (
        f"Mungkin maksud Anda / did you mean: {', '.join(close)}. " if close else ""
    ) + "Lihat / see `ujikon law grounds`."
    raise NotFound("dasar/ground", raw, hint)


def _show_ground(catalogue: Catalogue, ground: Ground) -> list[tuple[str, str]]:
    letter = catalogue.letter(f"17{ground.letter}")
    rule = ground.period
    rows = [
        ("Dasar / Ground", ground.id),
        ("Pasal / Article", ground.article),
        ("Uraian", ground.label_id),
        ("Label", ground.label_en),
    ]
    if letter is not None and letter.id != ground.id:
        rows.append(("Huruf / Letter", f"{letter.id}: {letter.label_id} / {letter.label_en}"))
    rows.append(
        (
            "Perlu UU lain / Needs a statute",
            "ya: sebut Undang-Undang, nomor, tahun, pasal (Pasal 17 huruf j) / yes: name the "
            "Undang-Undang, number, year and article"
            if ground.needs_statute
            else "tidak / no",
        )
    )
    rows.append(
        (
            "Dicabut persetujuan / Lifted by consent",
            "ya: persetujuan tertulis atau jabatan publik (Pasal 18 ayat (2)) / yes: written "
            "consent or a public office (Pasal 18(2))"
            if ground.consent_lifts
            else "tidak / no",
        )
    )
    rows.append(("Jangka waktu / Period", _period_text(ground)))
    rows.append(("Batas / Ceiling", _ceiling_text(ground)))
    rows.append(("Sumber / Source", rule.source))
    if rule.note_id:
        rows.append(("Catatan", rule.note_id))
    if rule.note_en:
        rows.append(("Note", rule.note_en))
    return rows


def _show_letter(catalogue: Catalogue, letter: Letter) -> list[tuple[str, str]]:
    rows = [
        ("Huruf / Letter", letter.id),
        ("Pasal / Article", letter.article),
        ("Uraian", letter.label_id),
        ("Label", letter.label_en),
        (
            "Dikutip / Cited",
            "hanya beserta angkanya / only with one of its items" if letter.items else letter.id,
        ),
    ]
    for item_id in letter.items:
        item = catalogue.ground(item_id)
        text = f"{item.label_id} / {item.label_en}" if item else ""
        rows.append((item_id, text))
    return rows


@law_app.command("show")
def show(
    ref: Annotated[
        list[str],
        typer.Argument(
            metavar="DASAR",
            help="Dasar atau huruf, mis. 17h2, '17 huruf h angka 2', 17j / a ground or letter",
        ),
    ],
    as_json: JsonOpt = False,
) -> None:
    """Jelaskan satu dasar pengecualian / explain one exemption ground."""
    catalogue = load_catalogue()
    found = _lookup(catalogue, " ".join(ref))
    if as_json:
        kind = (
            "ground"
            if isinstance(found, Ground)
            else "letter"
            if isinstance(found, Letter)
            else "category"
        )
        emit_json({"kind": kind, **dataclasses.asdict(found)})
        return
    if isinstance(found, Ground):
        rows = _show_ground(catalogue, found)
        if catalogue.letter(found.id) is not None and found.id == f"17{found.letter}":
            rows.insert(1, ("Huruf / Letter", "dapat dikutip langsung / citable as it stands"))
    elif isinstance(found, Letter):
        rows = _show_letter(catalogue, found)
    else:
        rows = [
            ("Kategori / Category", found.id),
            ("Pasal / Article", found.article),
            ("Uraian", found.label_id),
            ("Label", found.label_en),
        ]
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column()
    for key, value in rows:
        grid.add_row(key, value)
    out().print(grid)


@law_app.command("categories")
def categories(as_json: JsonOpt = False) -> None:
    """Kategori Pasal 18(1)/11(2) dan 11(1) / categories of Pasal 18(1)/11(2) and 11(1)."""
    catalogue = load_catalogue()
    sections = (
        (
            "never_exemptible",
            "Tidak dapat dikecualikan (Pasal 18(1), 11(2)) / never exempt",
            catalogue.never_exemptible,
        ),
        (
            "always_available",
            "Wajib tersedia setiap saat (Pasal 11(1)) / available at all times",
            catalogue.always_available,
        ),
    )
    if as_json:
        emit_json({key: [dataclasses.asdict(c) for c in cats] for key, title, cats in sections})
        return
    console = out()
    for _key, title, cats in sections:
        table = Table(title=title)
        table.add_column("Kategori / Category", no_wrap=True)
        table.add_column("Pasal / Article")
        table.add_column("Uraian / Label")
        for c in cats:
            table.add_row(c.id, c.article, f"{c.label_id}\n{c.label_en}")
        console.print(table)


# -- the procedure as a diagram ---------------------------------------------------------------

_ROUTE = "to:"


class DiagramFormat(StrEnum):
    MERMAID = "mermaid"
    DOT = "dot"


def _edges() -> list[tuple[str, str, str]]:
    """(source, dest, label) for every move ``TRANSITIONS`` declares."""
    from ujikon.domain.workflow import TRANSITIONS  # the payload models: not for `law`

    edges: list[tuple[str, str, str]] = []
    for t in TRANSITIONS:
        sources = t["source"] if isinstance(t["source"], list) else [t["source"]]
        conditions: list[str] = list(t.get("conditions", []))
        routes = [c[len(_ROUTE) :] for c in conditions if c.startswith(_ROUTE)]
        guards = [c for c in conditions if not c.startswith(_ROUTE)]
        text = t["trigger"]
        if routes:
            text += f" (to {', '.join(routes)})"
        if guards:
            text += f" [{', '.join(guards)}]"
        for source in sources:
            dest = t["dest"] if t["dest"] is not None else source
            edges.append((CaseState(source).value, CaseState(dest).value, text))
    return edges


def diagram(fmt: DiagramFormat = DiagramFormat.MERMAID) -> str:
    """The case machine, drawn from ``TRANSITIONS`` as Mermaid or Graphviz DOT text."""
    from ujikon.domain.workflow import PERMISSIONS

    edges = _edges()
    opener = "open [" + ", ".join(sorted(r.value for r in PERMISSIONS["open"])) + "]"
    lines: list[str] = []
    if fmt is DiagramFormat.MERMAID:
        lines.append("stateDiagram-v2")
        for state in CaseState:
            lines.append(f"    {state.value} : {state.label_id}")
        lines.append(f"    [*] --> {CaseState.DRAFT.value} : {opener}")
        lines += [f"    {src} --> {dst} : {text}" for src, dst, text in edges]
        lines += [f"    {s.value} --> [*]" for s in CaseState if s in CLOSED_STATES]
    else:
        lines.append("digraph ujikon {")
        lines.append("    rankdir=LR;")
        lines.append('    node [shape=box, style=rounded, fontname="Helvetica"];')
        lines.append('    start [shape=point, label=""];')
        for state in CaseState:
            lines.append(f'    {state.value} [label="{state.value}\\n{_dot(state.label_id)}"];')
        lines.append(f'    start -> {CaseState.DRAFT.value} [label="{_dot(opener)}"];')
        lines += [f'    {src} -> {dst} [label="{_dot(text)}"];' for src, dst, text in edges]
        lines.append("}")
    return "\n".join(lines)


def _dot(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


@workflow_app.command("diagram")
def draw(
    fmt: Annotated[
        DiagramFormat,
        typer.Option("--format", help="Format keluaran / output format"),
    ] = DiagramFormat.MERMAID,
) -> None:
    """Gambar alur kasus dari deklarasinya / draw the case machine from its declaration."""
    typer.echo(diagram(fmt))
