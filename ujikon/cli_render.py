"""Showing cases: the readable record of a case, the case list, the history of events.

Every function takes what the service returned and prints it; none asks the service
anything or decides anything.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ujikon.cli_common import (
    format_date_id,
    format_time_wib,
    label,
    next_step_lines,
    next_triggers,
)
from ujikon.domain import payloads as p
from ujikon.domain.case import Case, StepRecord
from ujikon.domain.roles import Actor
from ujikon.domain.states import CaseState
from ujikon.law import Catalogue

if TYPE_CHECKING:
    from ujikon.domain.events import StoredEvent
    from ujikon.service import CaseSummary

__all__ = [
    "case_json",
    "history_json",
    "print_case",
    "print_history",
    "print_list",
    "print_step_result",
    "state_text",
    "summary_json",
]

logger = logging.getLogger(__name__)


def state_text(state: CaseState) -> str:
    return f"{state.label_id} / {state.label_en} ({state.value})"


def _by(record: StepRecord | None) -> str:
    if record is None:
        return "-"
    return f"{record.by} ({record.role.value}), {format_time_wib(record.at)}"


class _Section:
    """One titled block of key/value lines."""

    def __init__(self, console: Console, title: str) -> None:
        self.console = console
        self.title = title
        self.grid = Table.grid(padding=(0, 2))
        self.grid.add_column(style="bold", no_wrap=True)
        self.grid.add_column()

    def row(self, key: str, value: str | None) -> None:
        if value:
            self.grid.add_row(key, value)

    def print(self) -> None:
        self.console.rule(Text(self.title, style="bold"), align="left")
        self.console.print(self.grid)


def _period_text(period: p.Period | None) -> str:
    if period is None:
        return "-"
    if period.kind is p.PeriodKind.PERMANENT:
        return label("permanent")
    if period.kind is p.PeriodKind.UNTIL_DATE:
        return f"sampai / until {format_date_id(period.end_date)}"
    text = f"sampai / until: {period.condition}"
    if period.end_date is not None:
        text += f" (paling lambat / at the latest {format_date_id(period.end_date)})"
    return text


def _ground_text(catalogue: Catalogue, ground_id: str) -> str:
    ground = catalogue.ground(ground_id)
    if ground is None:
        return ground_id
    return f"{ground.article}: {ground.label_id} / {ground.label_en}"


def print_case(
    console: Console,
    case: Case,
    catalogue: Catalogue,
    actor: Actor | None,
) -> None:
    """Every recorded step of a case revision, in the law's order, then what comes next."""
    head = _Section(console, f"Kasus / Case {case.ref}")
    head.row("Status / State", state_text(case.state))
    head.row("Judul / Title", case.title)
    head.row("Unit", case.unit)
    head.row("Dibuka / Opened", f"{case.opened_by}, {format_time_wib(case.opened_at)}")
    head.row("Diperbarui / Updated", format_time_wib(case.updated_at))
    head.row("Katalog / Catalogue", case.catalogue_version)
    if case.previous_revision is not None:
        head.row("Revisi sebelumnya / Previous", f"{case.case_id}/{case.previous_revision}")
        head.row("Alasan uji ulang / Retest reason", case.retest_reason)
    if case.next_revision is not None:
        head.row("Revisi baru / Newer revision", f"{case.case_id}/{case.next_revision}")
    head.print()

    why = _Section(console, "1. Alasan pengujian / Why the test runs")
    why.row("Pemicu / Trigger", label(case.trigger.kind.value))
    why.row("Nomor / Reference", case.trigger.reference)
    why.row("Tanggal / Date", format_date_id(case.trigger.dated) if case.trigger.dated else "")
    why.row("Catatan / Note", case.trigger.note)
    why.row("Ringkasan / Summary", case.summary)
    why.print()

    ident = case.identification
    if ident is not None:
        sec = _Section(console, "2. Dokumen dan informasi / Document and information")
        doc = ident.document
        sec.row("Dokumen / Document", doc.title)
        sec.row("Unit pemilik / Owning unit", doc.owning_unit)
        sec.row("Tanggal / Dated", format_date_id(doc.dated))
        sec.row("Bentuk / Form", label(doc.form.value))
        sec.row("Nomor / Reference", doc.reference)
        category = catalogue.category(doc.category)
        sec.row(
            "Kategori / Category",
            f"{doc.category} — {category.article}: {category.label_id}"
            if category
            else label(doc.category),
        )
        sec.row("Informasi / Information", ident.information)
        sec.row("Cakupan / Scope", label(ident.scope.value))
        sec.row("Bagian / Parts", "; ".join(ident.parts))
        sec.row("Alasan seluruh / Why whole", ident.whole_justification)
        sec.row("Oleh / By", _by(case.steps.get(p.Step.IDENTIFY)))
        sec.print()

    if case.grounds is not None:
        sec = _Section(console, "3. Dasar pengecualian / Exemption grounds")
        for cited in case.grounds.citations:
            sec.row(cited.ground, _ground_text(catalogue, cited.ground))
            sec.row("  analisis / analysis", cited.analysis)
            if cited.statute is not None:
                sec.row("  undang-undang / statute", cited.statute.cite())
        sec.row("Persetujuan / Consent", "ya / yes" if case.grounds.subject_consent else "")
        sec.row(
            "Jabatan publik / Public office",
            "ya / yes" if case.grounds.concerns_public_office else "",
        )
        sec.row("Oleh / By", _by(case.steps.get(p.Step.CITE_GROUNDS)))
        sec.print()

    if case.harm is not None:
        sec = _Section(console, "4. Konsekuensi bila dibuka / Harm of disclosure")
        for h in case.harm.harms:
            sec.row(h.ground, h.harm)
        sec.row("Oleh / By", _by(case.steps.get(p.Step.ASSESS_HARM)))
        sec.print()

    if case.weighing is not None:
        sec = _Section(console, "5. Kepentingan publik / Public interest and balance")
        for i, interest in enumerate(case.weighing.interests, start=1):
            sec.row(f"Kepentingan / Interest {i}", interest)
        sec.row("Pertimbangan / Balance", case.weighing.balance)
        sec.row("Lebih berat / Outweighs", label(case.weighing.outweighs.value))
        sec.row("Oleh / By", _by(case.steps.get(p.Step.WEIGH_PUBLIC_INTEREST)))
        sec.print()

    if case.conclusion is not None:
        c = case.conclusion
        sec = _Section(console, "6. Kesimpulan dan jangka waktu / Conclusion and period")
        sec.row("Kesimpulan / Outcome", label(c.outcome.value, outcome=True))
        sec.row("Bagian dikecualikan / Parts withheld", "; ".join(c.parts_withheld))
        if c.parts_withheld:
            sec.row("Cara / Redaction", label(c.redaction.value))
        sec.row("Jangka waktu / Period", _period_text(c.period) if c.outcome.withholds else "")
        sec.row("Alasan / Reasoning", c.reasoning)
        sec.row("Oleh / By", _by(case.steps.get(p.Step.CONCLUDE)))
        sec.print()

    if case.reviews:
        sec = _Section(console, "7. Peninjauan / Review")
        for r in case.reviews:
            what = label(r.kind)
            if r.to_step is not None:
                what += f" → {r.to_step.value}"
            sec.row(format_time_wib(r.at), f"{what}: {r.by} ({r.role.value})")
            sec.row("  komentar / comments", r.comments)
        sec.print()

    after = _Section(console, "8. Penetapan dan penutupan / Decree and closing")
    if case.decree is not None:
        after.row("SK / Decree", f"{case.decree.number}, {format_date_id(case.decree.dated)}")
    if case.expiry is not None:
        after.row("Berakhir / Expired", format_date_id(case.expiry.as_of))
        after.row("  catatan / note", case.expiry.note)
    if case.overturn is not None:
        o = case.overturn
        after.row(
            "Dibatalkan / Overturned",
            f"{label(o.authority.value)}: {o.ruling_reference}, {format_date_id(o.ruling_date)}",
        )
        after.row("  ringkasan / summary", o.summary)
    if case.withdrawal is not None:
        after.row("Ditarik / Withdrawn", case.withdrawal.reason)
    if after.grid.row_count:
        after.print()

    always = frozenset(c.id for c in catalogue.always_available)
    flags = case.flags(always)
    if flags:
        sec = _Section(console, "Perhatian peninjau / Reviewer flags")
        for f in flags:
            sec.row(f.code, f"{f.article}: {f.message_id}\n{f.message_en}")
        sec.print()

    _print_next(console, case, actor)


def _print_next(console: Console, case: Case, actor: Actor | None) -> None:
    who = f" untuk / for {actor.username} ({actor.role.value})" if actor else ""
    console.print(Text(f"Langkah berikutnya / Next steps{who}:", style="bold"))
    lines = next_step_lines(case, actor)
    if not lines:
        console.print("  (tidak ada / none)")
        return
    grid = Table.grid(padding=(0, 2))
    grid.add_column(no_wrap=True)
    grid.add_column()
    for how, what in lines:
        grid.add_row(f"  {how}", what)
    console.print(grid)


def print_step_result(console: Console, case: Case, actor: Actor | None) -> None:
    """What a step did: the case's new state and what the actor may do next."""
    console.print(Text(f"{case.ref}: {state_text(case.state)}", style="bold green"))
    _print_next(console, case, actor)


def case_json(case: Case, catalogue: Catalogue, actor: Actor | None) -> dict[str, Any]:
    always = frozenset(c.id for c in catalogue.always_available)
    return {
        "ref": case.ref,
        **case.model_dump(mode="json"),
        "state_label": {"id": case.state.label_id, "en": case.state.label_en},
        "flags": [f.model_dump(mode="json") for f in case.flags(always)],
        "next_steps": next_triggers(case, actor),
    }


def summary_json(row: CaseSummary) -> dict[str, Any]:
    return {
        "case_id": row.case_id,
        "revision": row.revision,
        "ref": row.ref,
        "state": row.state.value,
        "title": row.title,
        "unit": row.unit,
        "opened_by": row.opened_by,
        "updated_at": row.updated_at,
        "grounds": list(row.grounds),
        "outcome": row.outcome,
    }


def print_list(console: Console, rows: Sequence[CaseSummary]) -> None:
    table = Table(title=f"Kasus / Cases ({len(rows)})", box=box.SIMPLE_HEAD, expand=True)
    table.add_column("Kasus / Case", no_wrap=True)
    table.add_column("Status / State", width=14)
    table.add_column("Judul, unit / Title, unit", ratio=1, min_width=16)
    table.add_column("Dasar / Grounds", width=10)
    table.add_column("Kesimpulan / Outcome", width=12)
    table.add_column("Diperbarui / Updated", width=11)
    for r in rows:
        outcome = label(r.outcome, outcome=True).split(" / ")[0] if r.outcome else ""
        table.add_row(
            r.ref,
            f"{r.state.label_id} ({r.state.value})",
            f"{r.title}\n{r.unit}" if r.unit else r.title,
            ", ".join(r.grounds),
            outcome,
            format_date_id(r.updated_at) if r.updated_at else "",
        )
    console.print(table)


def history_json(events: Sequence[StoredEvent]) -> list[dict[str, Any]]:
    return [e.model_dump(mode="json") for e in events]


def print_history(console: Console, ref: str, events: Sequence[StoredEvent]) -> None:
    table = Table(
        title=f"Riwayat / History {ref} ({len(events)})", box=box.SIMPLE_HEAD, pad_edge=False
    )
    table.add_column("Seq", justify="right", no_wrap=True)
    table.add_column("Rev", justify="right", no_wrap=True)
    table.add_column("Waktu / Time", no_wrap=True)
    table.add_column("Pelaku / Actor", min_width=9)
    table.add_column("Aksi / Action", no_wrap=True)
    table.add_column("Dari → Ke\nFrom → To", no_wrap=True)
    table.add_column("Hash", no_wrap=True)
    for e in events:
        source, dest = e.payload.get("from"), e.payload.get("to")
        local = format_time_wib(e.recorded_at).rsplit(" ", 2)
        table.add_row(
            str(e.seq),
            e.subject.rsplit("/", 1)[-1],
            f"{local[0]}\n{local[1]} {local[2]}",
            f"{e.actor}\n({e.role})",
            e.action.removeprefix("case."),
            f"{source} →\n{dest}" if source and source != dest else str(dest or ""),
            e.hash[:10],
        )
    console.print(table)
