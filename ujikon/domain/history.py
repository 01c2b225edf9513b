"""What changed in the steps of a case, from its events alone: the one engine behind the
CLI's ``case history`` and the web's diff page.

A step's record is flattened into ``field -> value`` lines (nested fields dotted, list
items indexed: ``citations[0].analysis``; a ticked box reads ``yes``, an unticked one,
an empty text or a missing value is left out; runs of white space count as one), and
two records are compared line by line, with the words changed in a line when the two
sides are alike enough (:func:`ujikon.domain.textdiff.word_diff`).

- :func:`history_diffs`: each step recorded again within a revision (after a return or
  a revision), and each revision opened by a retest against the one it retests.
- :func:`rerecorded_diffs`, :func:`revision_diffs`: one of those two views, for one
  revision or for any two revisions.

Pure: no I/O.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from ujikon.domain import payloads as p
from ujikon.domain.events import StoredEvent
from ujikon.domain.textdiff import word_diff
from ujikon.domain.upcast import upcast
from ujikon.domain.workflow import ACTIONS

__all__ = [
    "SAID_IN",
    "TICKED",
    "Between",
    "FieldChange",
    "StepDiff",
    "compare",
    "event_data",
    "history_diffs",
    "record_fields",
    "rerecorded_diffs",
    "revision_diffs",
    "revision_of",
    "said",
    "words_in",
]

TICKED = "yes"
"""How a true box reads in a record (the value of a ticked checkbox on the web form)."""

STEP_OF_ACTION: dict[str, p.Step] = {ACTIONS[step.value]: step for step in p.Step}
"""The event that records each step."""

_BETWEEN = frozenset({"case.returned", "case.revised"})
"""The events that send a case back to a step (their words: :func:`said`)."""

Status = Literal["changed", "unchanged", "not_recorded"]


@dataclass(frozen=True)
class FieldChange:
    """One field of a step's record, before and after (``None``: absent on that side)."""

    field: str
    old: str | None
    new: str | None
    runs: tuple[tuple[str, str], ...] | None = None
    """The words changed (``=``/``-``/``+`` runs) when both sides are there and alike
    enough for one marked-up line to read well; else ``None``."""


@dataclass(frozen=True)
class Between:
    """The return (by the reviewer) or revision (by the drafter) that sent the case back
    to a step before it was recorded again."""

    action: str
    """``case.returned`` or ``case.revised``."""
    actor: str
    role: str
    seq: int
    to_step: str
    text: str
    """The reviewer's comments or the drafter's note."""


@dataclass(frozen=True)
class StepDiff:
    """How one step's record differs: between two revisions, or within one revision
    when the step was recorded again after a return or a revision."""

    kind: Literal["revision", "re-recorded"]
    step: p.Step
    revision: int
    against: int
    """The revision compared with (the same one for ``re-recorded``)."""
    status: Status
    """``not_recorded``: the newer revision has not recorded the step (yet)."""
    old_seq: int | None
    new_seq: int | None
    changes: tuple[FieldChange, ...]
    diff: tuple[str, ...]
    """The changed lines, ``- field: old`` and ``+ field: new`` (difflib, no context)."""
    old_by: str = ""
    old_at: datetime | None = None
    new_by: str = ""
    new_at: datetime | None = None
    why: Between | None = None
    """For ``re-recorded``: the return or revision in between, if any."""


# -- one record as lines ------------------------------------------------------------------


def _flatten(value: Any, prefix: str, out: dict[str, str]) -> None:
    if isinstance(value, Mapping):
        for key, item in value.items():
            _flatten(item, f"{prefix}.{key}" if prefix else str(key), out)
    elif isinstance(value, list | tuple):
        for i, item in enumerate(value):
            _flatten(item, f"{prefix}[{i}]", out)
    elif isinstance(value, bool):
        if value:
            out[prefix] = TICKED
    elif value is not None and value != "":
        out[prefix] = " ".join(str(value).split())


def record_fields(data: Mapping[str, Any] | None) -> dict[str, str]:
    """A step's recorded data as ``field -> value`` lines, in the record's order."""
    out: dict[str, str] = {}
    if data:
        _flatten(data, "", out)
    return out


def compare(
    old: Mapping[str, str] | None, new: Mapping[str, str] | None
) -> tuple[tuple[FieldChange, ...], tuple[str, ...]]:
    """The fields that differ between two flattened records, and the changed lines."""
    before, after = old or {}, new or {}
    changes = []
    for name in [*before, *(f for f in after if f not in before)]:
        a, b = before.get(name), after.get(name)
        if a == b:
            continue
        runs = word_diff(a, b) if a is not None and b is not None else None
        changes.append(FieldChange(name, a, b, None if runs is None else tuple(runs)))
    lines = difflib.unified_diff(
        [f"{k}: {v}" for k, v in before.items()],
        [f"{k}: {v}" for k, v in after.items()],
        lineterm="",
        n=0,
    )
    diff = tuple(
        f"{line[0]} {line[1:]}" for line in lines if not line.startswith(("---", "+++", "@@"))
    )
    return tuple(changes), diff


# -- events -------------------------------------------------------------------------------


def event_data(event: StoredEvent) -> dict[str, Any]:
    """The ``data`` of an event's payload, upcast to the current payload version."""
    data = upcast(event.action, event.payload_version, event.payload).get("data", {})
    return data if isinstance(data, dict) else {}


def revision_of(event: StoredEvent) -> int:
    """The revision a case event belongs to (``case:UK-2026-0001/2`` → 2)."""
    return int(event.subject.rsplit("/", 1)[-1])


def _between(event: StoredEvent) -> Between:
    return Between(
        action=event.action,
        actor=event.actor,
        role=event.role,
        seq=event.seq,
        to_step=str(event_data(event).get("to_step", "") or ""),
        text=said(event),
    )


@dataclass(frozen=True)
class _Record:
    event: StoredEvent
    fields: dict[str, str]


def _in_order(events: Iterable[StoredEvent]) -> list[StoredEvent]:
    return sorted({e.seq: e for e in events}.values(), key=lambda e: e.seq)


def _walk(
    events: Iterable[StoredEvent], shown: set[int]
) -> tuple[dict[int, dict[p.Step, _Record]], dict[int, int], list[StepDiff]]:
    """The last record of each step per revision, the revision each retest retests, and
    the steps recorded again within the revisions in ``shown``."""
    last: dict[int, dict[p.Step, _Record]] = {}
    previous_of: dict[int, int] = {}
    pending: dict[int, StoredEvent] = {}
    again: list[StepDiff] = []
    for event in _in_order(events):
        revision = revision_of(event)
        records = last.setdefault(revision, {})
        if event.action == "case.opened":
            prev = event_data(event).get("previous_revision")
            if prev is not None:
                previous_of[revision] = int(prev)
        elif event.action in _BETWEEN:
            pending[revision] = event
        step = STEP_OF_ACTION.get(event.action)
        if step is None:
            continue
        record = _Record(event, record_fields(event_data(event)))
        before = records.get(step)
        if before is not None and revision in shown:
            changes, diff = compare(before.fields, record.fields)
            between = pending.get(revision)
            again.append(
                StepDiff(
                    kind="re-recorded",
                    step=step,
                    revision=revision,
                    against=revision,
                    status="changed" if changes else "unchanged",
                    old_seq=before.event.seq,
                    new_seq=event.seq,
                    changes=changes,
                    diff=diff,
                    old_by=before.event.actor,
                    old_at=before.event.recorded_at,
                    new_by=event.actor,
                    new_at=event.recorded_at,
                    why=(
                        _between(between)
                        if between is not None and between.seq > before.event.seq
                        else None
                    ),
                )
            )
        records[step] = record
    return last, previous_of, again


def _across(
    old: Mapping[p.Step, _Record], new: Mapping[p.Step, _Record], revision: int, against: int
) -> list[StepDiff]:
    out: list[StepDiff] = []
    for step in p.Step:
        before, after = old.get(step), new.get(step)
        if before is None and after is None:
            continue
        changes, diff = compare(before.fields if before else None, after.fields if after else None)
        status: Status = "not_recorded" if after is None else "changed" if changes else "unchanged"
        out.append(
            StepDiff(
                kind="revision",
                step=step,
                revision=revision,
                against=against,
                status=status,
                old_seq=before.event.seq if before else None,
                new_seq=after.event.seq if after else None,
                changes=() if status == "not_recorded" else changes,
                diff=() if status == "not_recorded" else diff,
                old_by=before.event.actor if before else "",
                old_at=before.event.recorded_at if before else None,
                new_by=after.event.actor if after else "",
                new_at=after.event.recorded_at if after else None,
            )
        )
    return out


def history_diffs(
    events: Sequence[StoredEvent], earlier: Sequence[StoredEvent] = ()
) -> list[StepDiff]:
    """What changed in the steps of a case, from its events alone.

    * **re-recorded**: within one revision, a step recorded again (after a return by
      the reviewer or a revision by the drafter) against its previous record, with the
      return or revision in between (``why``);
    * **revision**: for a revision opened by a retest, each step's last record against
      the last record of the revision it retests (``earlier`` may hold that revision's
      events when ``events`` holds only the newer one).
    """
    shown = {revision_of(e) for e in events}
    last, previous_of, out = _walk((*earlier, *events), shown)
    for revision, prev in sorted(previous_of.items()):
        if revision in shown and prev in last:
            out += _across(last[prev], last.get(revision, {}), revision, prev)
    return out


def rerecorded_diffs(events: Sequence[StoredEvent]) -> list[StepDiff]:
    """Within the revisions of ``events``: each step recorded again against its record
    before, with the return or revision in between."""
    return [d for d in history_diffs(events) if d.kind == "re-recorded"]


def revision_diffs(
    old: Sequence[StoredEvent], new: Sequence[StoredEvent], revision: int, against: int
) -> list[StepDiff]:
    """Each step of revision ``revision`` (its events ``new``) against the same step of
    revision ``against`` (its events ``old``), by their last records."""
    last, _, _ = _walk((*old, *new), set())
    return _across(last.get(against, {}), last.get(revision, {}), revision, against)


SAID_IN: dict[str, tuple[str, str, str]] = {
    "case.returned": ("comments", "Komentar peninjau", "Reviewer's comments"),
    "case.approved": ("comments", "Komentar persetujuan", "Approval comments"),
    "case.submitted": ("note", "Catatan pengajuan", "Submission note"),
    "case.revised": ("note", "Catatan perbaikan", "Revision note"),
    "case.withdrawn": ("reason", "Alasan penarikan", "Reason for withdrawal"),
    "case.retest_opened": ("reason", "Alasan uji ulang", "Reason for the retest"),
    "case.expired": ("note", "Catatan berakhirnya jangka waktu", "Note on the period's end"),
    "case.answer_extended": ("reason", "Alasan perpanjangan", "Reason for the extension"),
    "case.objection_filed": ("reasons", "Alasan keberatan", "The objector's reasons"),
    "case.objection_answered": ("reasons", "Tanggapan Atasan PPID", "The Atasan PPID's answer"),
    "case.overturned": ("summary", "Ringkasan putusan", "Summary of the ruling"),
}
"""The events that carry words a person wrote (a comment, a note, a reason), the field
that holds them and its heading (Indonesian, English): the CLI's history and the web's
case story show the same ones."""


def said(event: StoredEvent) -> str:
    """The words a person wrote in ``event`` (see :data:`SAID_IN`); empty when none."""
    return words_in(event.action, event_data(event)) if event.action in SAID_IN else ""


def words_in(action: str, data: Mapping[str, Any]) -> str:
    """:func:`said`, for an event's data already read."""
    field = SAID_IN.get(action, ("",))[0]
    return str(data.get(field) or "") if field else ""
