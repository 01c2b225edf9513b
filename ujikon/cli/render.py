"""Showing cases: the readable record of a case, the case list, the history of events
(with what changed between records and revisions), lint warnings and precedents found.

Every function takes what the service returned and prints it; none asks the service
anything or decides anything.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from rich import box
from rich.console import Console
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from ujikon.cli.common import (
    format_date_id,
    format_time_wib,
    label,
    next_step_lines,
    next_triggers,
)
from ujikon.cli.terminal import TerminalConsole, json_text, showing
from ujikon.domain import payloads as p
from ujikon.domain.case import Case, StepRecord
from ujikon.domain.history import (
    SAID_IN,
    Between,
    FieldChange,
    StepDiff,
    event_data,
    history_diffs,
    revision_of,
    said,
)
from ujikon.domain.lint import open_register_findings
from ujikon.domain.roles import Actor
from ujikon.domain.states import CaseState
from ujikon.domain.textdiff import word_diff
from ujikon.law import Catalogue

if TYPE_CHECKING:
    from ujikon.domain.events import StoredEvent
    from ujikon.domain.lint import LintWarning
    from ujikon.service import (
        CaseDeadlines,
        CaseSummary,
        PendingObjection,
        PrecedentSearch,
        RequestDeadline,
    )

__all__ = [
    "FieldChange",
    "StepDiff",
    "TerminalConsole",
    "case_json",
    "diff_json",
    "history_diffs",
    "history_json",
    "json_text",
    "lint_json",
    "print_case",
    "print_history",
    "print_lint",
    "print_list",
    "print_search",
    "print_step_result",
    "search_json",
    "state_text",
    "summary_json",
    "word_diff",
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
    deadlines: CaseDeadlines | None = None,
) -> None:
    """Every recorded step of a case revision, in the law's order, then what comes next
    (with ``deadlines``: the request's answer and each objection's limits)."""
    console = showing(console)
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

    standing = open_register_findings(case)
    if standing:
        sec = _Section(
            console, "Temuan DIK lama, belum diperbaiki / Old register findings, not yet fixed"
        )
        for finding in standing:
            sec.row(finding.rule, f"[{finding.column}] {finding.message_id} ({finding.article})")
        sec.print()

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

    if deadlines is not None:
        _print_deadlines(console, deadlines)

    always = frozenset(c.id for c in catalogue.always_available)
    flags = case.flags(always)
    if flags:
        sec = _Section(console, "Perhatian peninjau / Reviewer flags")
        for f in flags:
            sec.row(f.code, f"{f.article}: {f.message_id}\n{f.message_en}")
        sec.print()

    _print_next(console, case, actor)


def _countdown(due: date, status: str, left: int) -> str:
    words = {
        "late": f"LEWAT {-left} hari kerja / PAST by {-left} working days",
        "near": f"tenggat dekat: {left} hari kerja lagi / due soon: {left} working days left",
        "ok": f"{left} hari kerja lagi / {left} working days left",
    }
    return f"{format_date_id(due)} ({words[status]})"


def _print_deadlines(console: Console, deadlines: CaseDeadlines) -> None:
    sec = _Section(console, "Tenggat (hari kerja) / Deadlines (working days)")
    answer = deadlines.answer
    if answer is not None:
        what = "Jawaban permohonan / Answer to the request (Pasal 22(7)"
        what += "-(8), diperpanjang / extended)" if answer.extended else ")"
        sec.row(what, _countdown(answer.due, answer.status, answer.working_days_left))
    for view in deadlines.objections:
        o, t = view.record, view.timeline
        f = o.filing
        sec.row(f"Keberatan / Objection {o.reference}", f"{f.objector}: {f.reasons}")
        sec.row(
            "  jawaban yang ditolak / answer objected to",
            " ".join(x for x in (f.answer_reference, format_date_id(f.answer_date)) if x),
        )
        sec.row(
            "  diterima / received",
            f"{format_date_id(f.filed_on)} (batas / limit {format_date_id(t.filing_due)}, "
            "Pasal 36(1))",
        )
        if o.answer is None:
            assert t.answer_left is not None
            sec.row(
                "  tanggapan Atasan PPID / answer due (Pasal 36(2))",
                _countdown(t.answer_due, t.status, t.answer_left),
            )
            continue
        a = o.answer
        late = " — TERLAMBAT / LATE" if t.answered_late else ""
        sec.row(
            "  tanggapan / answer",
            f"{label(a.outcome.value)}: {a.reference}, {format_date_id(a.answered_on)} "
            f"({o.answered_by}; batas / limit {format_date_id(t.answer_due)}){late}",
        )
        sec.row("  pertimbangan / reasons", a.reasons)
        if t.dispute_due is not None:
            sec.row(
                "  sengketa ke KI / dispute to the KI (Pasal 37(2))",
                f"paling lambat / by {format_date_id(t.dispute_due)}",
            )
    if sec.grid.row_count:
        sec.print()


def deadlines_json(deadlines: CaseDeadlines) -> dict[str, Any]:
    answer = deadlines.answer
    return {
        "answer": (
            {
                "received": answer.received.isoformat(),
                "due": answer.due.isoformat(),
                "extended": answer.extended,
                "working_days_left": answer.working_days_left,
                "status": answer.status,
            }
            if answer
            else None
        ),
        "objections": [
            {
                "reference": v.record.reference,
                "filed_on": v.record.filing.filed_on.isoformat(),
                "filing_due": v.timeline.filing_due.isoformat(),
                "answer_due": v.timeline.answer_due.isoformat(),
                "status": v.timeline.status,
                "working_days_left": v.timeline.answer_left,
                "outcome": v.record.answer.outcome.value if v.record.answer else None,
                "answered_late": v.timeline.answered_late,
                "dispute_due": v.timeline.dispute_due.isoformat()
                if v.timeline.dispute_due
                else None,
            }
            for v in deadlines.objections
        ],
    }


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
    console = showing(console)
    console.print(Text(f"{case.ref}: {state_text(case.state)}", style="bold green"))
    _print_next(console, case, actor)


def case_json(case: Case, catalogue: Catalogue, actor: Actor | None) -> dict[str, Any]:
    always = frozenset(c.id for c in catalogue.always_available)
    return {
        "ref": case.ref,
        **case.model_dump(mode="json"),
        "state_label": {"id": case.state.label_id, "en": case.state.label_en},
        "flags": [f.model_dump(mode="json") for f in case.flags(always)],
        "register_findings_open": [f.model_dump(mode="json") for f in open_register_findings(case)],
        "next_steps": next_triggers(case, actor),
    }


def summary_json(
    row: CaseSummary,
    answer: RequestDeadline | None = None,
    objection: PendingObjection | None = None,
) -> dict[str, Any]:
    return {
        "request_received": row.request_dated.isoformat() if row.request_dated else None,
        "answer_due": answer.due.isoformat() if answer else None,
        "answer_status": answer.status if answer else None,
        "objections_pending": row.objections_pending,
        "objection_answer_due": objection.due.isoformat() if objection else None,
        "objection_answer_status": objection.status if objection else None,
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


def print_list(
    console: Console,
    rows: Sequence[CaseSummary],
    deadlines: Mapping[str, RequestDeadline] | None = None,
    objections: Mapping[str, PendingObjection] | None = None,
) -> None:
    console = showing(console)
    due = deadlines or {}
    pending = objections or {}
    table = Table(title=f"Kasus / Cases ({len(rows)})", box=box.SIMPLE_HEAD, expand=True)
    table.add_column("Kasus / Case", no_wrap=True)
    table.add_column("Status / State", width=14)
    table.add_column("Judul, unit / Title, unit", ratio=1, min_width=16)
    table.add_column("Dasar / Grounds", width=10)
    table.add_column("Kesimpulan / Outcome", width=12)
    if due or pending:
        table.add_column("Tenggat / Due", width=16)
    table.add_column("Diperbarui / Updated", width=11)
    for r in rows:
        outcome = label(r.outcome, outcome=True).split(" / ")[0] if r.outcome else ""
        answer = due.get(r.case_id)
        objection = pending.get(r.case_id)
        lines = []
        if answer:
            lines.append(
                f"jawaban / answer {format_date_id(answer.due)}\n"
                f"{answer.label_id} / {answer.label_en}"
            )
        if objection:
            lines.append(
                f"keberatan / objection {format_date_id(objection.due)}\n"
                f"{objection.label_id} / {objection.label_en}"
            )
        answer_cell = ["\n".join(lines)] if due or pending else []
        table.add_row(
            r.ref,
            f"{r.state.label_id} ({r.state.value})",
            f"{r.title}\n{r.unit}" if r.unit else r.title,
            ", ".join(r.grounds),
            outcome,
            *answer_cell,
            format_date_id(r.updated_at) if r.updated_at else "",
        )
    console.print(table)


# -- history: the events of each revision, the reviewer's comments, what changed ----------


def _why(between: Between | None) -> str:
    if between is None:
        return ""
    what = label("returned" if between.action == "case.returned" else "revised")
    text = f"{what} → {between.to_step}, {between.actor} ({between.role}), seq {between.seq}"
    return f"{text}: {between.text}" if between.text else text


def diff_json(diff: StepDiff) -> dict[str, Any]:
    """One :class:`~ujikon.domain.history.StepDiff` as ``case history --json`` gives it."""
    return {
        "kind": diff.kind,
        "step": diff.step.value,
        "revision": diff.revision,
        "against": diff.against,
        "status": diff.status,
        "old_seq": diff.old_seq,
        "new_seq": diff.new_seq,
        "changes": [{"field": c.field, "old": c.old, "new": c.new} for c in diff.changes],
        "diff": list(diff.diff),
        "why": _why(diff.why),
    }


def history_json(
    ref: str, events: Sequence[StoredEvent], diffs: Sequence[StepDiff]
) -> dict[str, Any]:
    return {
        "ref": ref,
        "events": [e.model_dump(mode="json") for e in events],
        "diffs": [diff_json(d) for d in diffs],
    }


def _indent(renderable: Text, level: int) -> Padding:
    """``renderable`` indented by ``level`` spaces, wrapped lines too."""
    return Padding(renderable, (0, 0, 0, level))


def _change_text(change: FieldChange) -> Text:
    text = Text()
    text.append(f"{change.field}: ", style="bold")
    if change.runs is not None:
        for kind, words in change.runs:
            if not text.plain.endswith(" "):
                text.append(" ")
            if kind == "=":
                text.append(words)
            elif kind == "-":
                text.append(f"[-{words}-]", style="red strike")
            else:
                text.append(f"{{+{words}+}}", style="green")
        return text
    if change.old is not None:
        text.append(f"\n- {change.old}", style="red")
    if change.new is not None:
        text.append(f"\n+ {change.new}", style="green")
    return text


def _print_diff(console: Console, diff: StepDiff, *, why: bool = True) -> None:
    step = f"{diff.step.value} ({label(diff.step.value)})"
    if diff.kind == "re-recorded":
        head = f"  {step}: dicatat ulang / recorded again, seq {diff.old_seq} → {diff.new_seq}"
    elif diff.status == "not_recorded":
        head = (
            f"  {step}: belum dicatat di revisi {diff.revision} / "
            f"not recorded in revision {diff.revision} yet"
        )
    else:
        head = f"  {step}"
    if diff.status == "unchanged":
        head += " — tidak berubah / unchanged"
    console.print(Text(head, style="bold" if diff.status == "changed" else ""))
    if diff.why is not None and why:
        console.print(_indent(Text(f"setelah / after: {_why(diff.why)}", style="yellow"), 4))
    for change in diff.changes:
        console.print(_indent(_change_text(change), 4))


def _events_table(title: str, events: Sequence[StoredEvent]) -> Table:
    table = Table(title=title, box=box.SIMPLE_HEAD, pad_edge=False)
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
            e.action.removeprefix("case.") + (" *" if said(e) else ""),
            f"{source} →\n{dest}" if source and source != dest else str(dest or ""),
            e.hash[:10],
            style="bold yellow" if e.action == "case.returned" else None,
        )
    return table


def print_history(
    console: Console,
    ref: str,
    events: Sequence[StoredEvent],
    diffs: Sequence[StepDiff] = (),
) -> None:
    """The case's story, revision by revision: its events (a return in bold), the words
    people wrote (``*`` in the table: the reviewer's comments first among them), the
    steps recorded again and how they changed, and how a retest differs from the
    revision it retests."""
    console = showing(console)
    console.print(Text(f"Riwayat / History {ref} ({len(events)} event)", style="bold"))
    by_revision: dict[int, list[StoredEvent]] = {}
    for e in events:
        by_revision.setdefault(revision_of(e), []).append(e)
    for revision, group in sorted(by_revision.items()):
        console.print()
        console.print(_events_table(f"Revisi / Revision {revision} ({len(group)} event)", group))
        with_words = [(e, words) for e in group if (words := said(e))]
        if with_words:
            console.rule(
                Text("Komentar dan catatan / Comments and notes", style="bold"), align="left"
            )
            for e, words in with_words:
                _, heading_id, heading_en = SAID_IN[e.action]
                heading = f"{heading_id} / {heading_en}"
                returned = e.action == "case.returned"
                to_step = event_data(e).get("to_step")
                where = f" → {to_step}" if to_step else ""
                line = Text(f"seq {e.seq} · {heading}{where} · {e.actor} ({e.role}), ")
                line.append(format_time_wib(e.recorded_at))
                console.print(_indent(line, 2), style="bold yellow" if returned else "bold")
                said_text = Text(f"«{words}»", style="bold yellow" if returned else "")
                console.print(_indent(said_text, 4))
        within = [d for d in diffs if d.kind == "re-recorded" and d.revision == revision]
        if within:
            console.rule(
                Text("Langkah yang dicatat ulang / Steps recorded again", style="bold"),
                align="left",
            )
            shown_why: Between | None = None
            for diff in within:  # one return or revision often redoes several steps
                _print_diff(console, diff, why=diff.why != shown_why)
                shown_why = diff.why
        across = [d for d in diffs if d.kind == "revision" and d.revision == revision]
        if across:
            against = across[0].against
            console.rule(
                Text(
                    f"Perbedaan dengan revisi {against} / Differences from revision {against}",
                    style="bold",
                ),
                align="left",
            )
            for diff in across:
                _print_diff(console, diff)


# -- lint and precedent search ----------------------------------------------------------


def lint_json(ref: str, warnings: Sequence[LintWarning]) -> dict[str, Any]:
    return {"ref": ref, "warnings": [w.model_dump(mode="json") for w in warnings]}


def print_lint(console: Console, ref: str, warnings: Sequence[LintWarning]) -> None:
    """The lint warnings of a case as a table; advice, nothing is refused."""
    console = showing(console)
    if not warnings:
        console.print(
            Text(
                f"{ref}: tidak ada peringatan penalaran / no reasoning warnings",
                style="green",
            )
        )
        return
    table = Table(
        title=f"Peringatan penalaran / Reasoning warnings {ref} ({len(warnings)})",
        caption="Tidak menolak apa pun; perkuat uraiannya sebelum diajukan. / "
        "Nothing is refused; strengthen the reasoning before submitting.",
        box=box.SIMPLE_HEAD,
        expand=True,
    )
    table.add_column("Langkah, kolom / Step, field", no_wrap=True)
    table.add_column("Peringatan / Warning", ratio=1)
    for w in warnings:
        where = Text(w.step.value, style="bold")
        where.append(f"\n{w.field}")
        where.append(f"\n{w.code}", style="dim")
        message = Text(w.message_id)
        message.append(f"\n{w.message_en}", style="italic")
        message.append(f"\n{w.article}", style="dim")
        table.add_row(where, message)
    console.print(table)


def search_json(result: PrecedentSearch) -> dict[str, Any]:
    return {
        "text": result.text,
        "words": list(result.words),
        "ground": result.ground,
        "order": result.order,
        "limit": result.limit,
        "rebuild_needed": result.rebuild_needed,
        "results": [
            {
                "ref": hit.ref,
                "state": hit.state.value,
                "title": hit.title,
                "unit": hit.unit,
                "grounds": list(hit.grounds),
                "outcome": hit.outcome,
                "decided_at": hit.decided_at.isoformat(),
                "decree_number": hit.decree_number,
                "decree_date": hit.decree_date.isoformat() if hit.decree_date else None,
                "superseded_by": hit.superseded_by,
                "field": hit.field,
                "snippet": hit.snippet,
                "score": hit.score,
            }
            for hit in result.precedents
        ],
    }


def print_search(console: Console, result: PrecedentSearch) -> None:
    """Precedents found, newest decision first (or by relevance), with their snippets."""
    console = showing(console)
    if result.rebuild_needed:
        console.print(
            Text(
                "Indeks pencarian belum dibangun untuk kasus lama; jalankan `ujikon index "
                "rebuild`. / The search index lags the log; run `ujikon index rebuild`.",
                style="bold yellow",
            )
        )
    what = " ".join(result.words) or "*"
    if result.ground:
        what += f" (dasar / ground {result.ground})"
    if not result.precedents:
        console.print(f"Tidak ditemukan preseden / no precedent found: {what}")
        return
    table = Table(
        title=f"Preseden / Precedents: {what} ({len(result.precedents)})",
        box=box.SIMPLE_HEAD,
        expand=True,
    )
    table.add_column("Kasus / Case", no_wrap=True)
    table.add_column("Judul, dasar / Title, grounds", ratio=2, min_width=16)
    table.add_column("Cuplikan / Snippet", ratio=3, min_width=20)
    pattern = (
        r"(?i)\b(?:" + "|".join(re.escape(w) for w in result.words) + r")\w*"
        if result.words
        else None
    )
    for hit in result.precedents:
        case = Text(hit.ref, style="bold")
        case.append(f"\n{hit.state.label_id} ({hit.state.value})")
        case.append(f"\n{format_date_id(hit.decided_at)}")
        if hit.decree_number:
            case.append(f"\nSK {hit.decree_number}")
        if hit.superseded_by is not None:
            case.append(f"\ndiganti / superseded by /{hit.superseded_by}", style="dim")
        about = Text(hit.title)
        if hit.unit:
            about.append(f"\n{hit.unit}", style="dim")
        about.append(f"\n{', '.join(hit.grounds)}")
        if hit.outcome:
            about.append(f" · {label(hit.outcome, outcome=True).split(' / ')[0]}")
        snippet = Text(f"{hit.field}: ", style="dim")
        body = Text(hit.snippet)
        if pattern:
            body.highlight_regex(pattern, style="bold reverse")
        snippet.append_text(body)
        table.add_row(case, about, snippet)
    console.print(table)
