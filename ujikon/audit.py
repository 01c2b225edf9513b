"""The auditor's use cases: check the whole history and the issued decrees, read the log.

Everything here reads; nothing writes. An auditor needs no user account for it: what
they hold is the database (or, away from it, an evidence pack, :mod:`ujikon.evidence`).

:func:`verify_workspace` answers one question -- has anything been changed since it was
recorded? -- in three checks, in this order, and names the first thing that does not
match:

1. **the hash chain** (:meth:`~ujikon.store.sql.SqlEventLog.verify_chain`): every
   event's hash recomputed from its stored columns, each linked to the one before,
   ``seq`` without gaps, the chain head naming the last event. Streamed in batches
   inside one snapshot: memory stays flat however long the log;
2. **each issued decree's anchor**: a decree records the chain head at the moment it
   was issued (``chain_seq``, ``chain_head``; printed on its last page and carried in its
   embedded decision). The event at ``chain_seq`` must still have that hash. A history
   rewritten *and re-chained* before the decree passes check 1 but fails here -- which
   is how an old decree proves the history before it;
3. **each issued decree's file**: ``<workspace>/<issue.file>`` exists and its SHA-256 is
   the ``pdf_sha256`` recorded when it was issued.

When the chain is broken, checks 2 and 3 are not run: they compare files with records
that can no longer be trusted.

:func:`iter_events` streams the log filtered (by case, actor, role, action prefix, WIB
dates); only the events of one case are read when a case is named.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from ujikon.dates import WIB
from ujikon.domain.case import case_subject, parse_case_ref
from ujikon.domain.decree import IssueRecord, apply_decree
from ujikon.domain.events import GENESIS_HASH, StoredEvent, format_utc
from ujikon.domain.roles import Role
from ujikon.errors import InputError, UjikonError

if TYPE_CHECKING:
    from ujikon.domain.decree import Decree
    from ujikon.store.api import ChainReport, EventLog

__all__ = [
    "EXIT_EVENT_PROBLEM",
    "EXIT_FILE_PROBLEM",
    "LOG_CSV_COLUMNS",
    "AuditFailed",
    "AuditReport",
    "IssuedDecree",
    "LogFilter",
    "Problem",
    "Progress",
    "chain_problem",
    "event_row",
    "file_sha256",
    "issued_decrees",
    "iter_events",
    "log_csv_row",
    "parse_day",
    "verify_workspace",
]

logger = logging.getLogger(__name__)

Progress = Callable[[int], None]
"""Called with the number of events handled so far (for a progress bar)."""

EXIT_EVENT_PROBLEM = 12
"""Exit code of ``ujikon audit verify`` / ``verify-pack`` when an event does not match."""
EXIT_FILE_PROBLEM = 13
"""Exit code when the events match but a file (a decree PDF, a pack member) does not."""

ProblemKind = Literal["event", "decree", "file", "pack"]


@dataclass(frozen=True)
class Problem:
    """One thing that does not match, said precisely.

    ``code`` is stable for programs: ``hash_mismatch``, ``broken_link``, ``gap``,
    ``head_mismatch``, ``unreadable`` (events); ``anchor_mismatch`` (a decree's recorded
    chain head); ``missing``, ``file_hash_mismatch``, ``unlisted``, ``signature``,
    ``decision_mismatch`` (files); ``manifest`` (a pack's manifest).
    """

    kind: ProblemKind
    code: str
    message: str
    """Indonesian, then English."""
    seq: int | None = None
    file: str | None = None
    decree: str | None = None
    """The decree's number."""

    @property
    def where(self) -> str:
        if self.kind == "event" and self.seq is not None:
            return f"event seq {self.seq}"
        if self.file is not None:
            return f"berkas / file {self.file}"
        if self.decree is not None:
            return f"SK / decree {self.decree}"
        return "paket / pack"

    def line(self) -> str:
        return f"{self.where}: {self.message}"

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "code": self.code,
            "seq": self.seq,
            "file": self.file,
            "decree": self.decree,
            "message": self.message,
        }

    @property
    def exit_code(self) -> int:
        return EXIT_EVENT_PROBLEM if self.kind in ("event", "decree") else EXIT_FILE_PROBLEM


class AuditFailed(UjikonError):
    """The history (or a file) did not match; raised where going on would certify it."""

    def __init__(self, problem: Problem, what_id: str, what_en: str) -> None:
        self.problem = problem
        self.exit_code = problem.exit_code
        super().__init__(
            f"{what_id}: {problem.where} tidak cocok. / {what_en}: {problem.where} does not "
            f"match.\n{problem.message}\nJalankan / run `ujikon audit verify`."
        )


# --------------------------------------------------------------------------- decrees


@dataclass(frozen=True)
class IssuedDecree:
    """A decree that was issued (it may have been revoked since), with where it was."""

    decree_id: str
    state: str
    record: IssueRecord
    seq: int
    """The ``seq`` of its ``decree.issued`` event."""
    cases: tuple[str, ...]

    @property
    def number(self) -> str:
        return self.record.number


def issued_decrees(log: EventLog) -> list[IssuedDecree]:
    """Every decree that was issued, in the order of issue."""
    found: list[IssuedDecree] = []
    for subject in log.subjects("decree:"):
        decree: Decree | None = None
        issued_seq = 0
        for event in log.read(subject):
            decree = apply_decree(decree, event)
            if event.action == "decree.issued":
                issued_seq = event.seq
        if decree is not None and decree.issue is not None:
            found.append(
                IssuedDecree(
                    decree.decree_id,
                    decree.state.value,
                    decree.issue,
                    issued_seq,
                    tuple(decree.cases),
                )
            )
    return sorted(found, key=lambda d: d.seq)


def file_sha256(path: Path) -> str:
    """SHA-256 of a file, read in chunks."""
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def check_anchor(decree: IssuedDecree, hash_at: Callable[[int], str | None]) -> Problem | None:
    """The decree's recorded chain head against the event at its ``chain_seq``.

    :param hash_at: the hash of the event at a seq (``None`` if there is none).
    """
    record = decree.record
    if record.chain_seq == 0:
        actual: str | None = GENESIS_HASH
    elif record.chain_seq >= decree.seq:
        actual = None
    else:
        actual = hash_at(record.chain_seq)
    if actual == record.chain_head:
        return None
    if actual is None:
        found_id = f"tidak ada event seq {record.chain_seq} sebelum SK ini"
        found_en = f"there is no event seq {record.chain_seq} before this decree"
    else:
        found_id = f"event seq {record.chain_seq} kini ber-hash {actual[:16]}…"
        found_en = f"event seq {record.chain_seq} now hashes to {actual[:16]}…"
    return Problem(
        "decree",
        "anchor_mismatch",
        f"SK ini mencatat kepala rantai seq {record.chain_seq} {record.chain_head[:16]}… saat "
        f"diterbitkan, tetapi {found_id}: riwayat sebelum SK ini telah ditulis ulang. / "
        f"This decree recorded the chain head seq {record.chain_seq} "
        f"{record.chain_head[:16]}… when issued, but {found_en}: the history before it has "
        "been rewritten.",
        seq=record.chain_seq,
        decree=record.number,
    )


def check_file(workdir: Path, decree: IssuedDecree) -> Problem | None:
    """The decree's PDF in the workspace: present, and the bytes that were issued."""
    record = decree.record
    path = workdir / record.file
    if not path.is_file():
        pending = sorted(p.name for p in path.parent.glob(f"{path.name}.*.tmp"))
        hint = (
            f" Ada berkas sementara {pending[0]} (penerbitan terputus; perintah `ujikon decree` "
            "berikutnya menyelesaikannya). / A temporary file "
            f"{pending[0]} exists (an interrupted issue; the next `ujikon decree` command "
            "completes it)."
            if pending
            else ""
        )
        return Problem(
            "file",
            "missing",
            f"berkas SK {record.number} tidak ada di {path}. / the decree's file is missing."
            + hint,
            file=record.file,
            decree=record.number,
        )
    actual = file_sha256(path)
    if actual != record.pdf_sha256:
        return Problem(
            "file",
            "file_hash_mismatch",
            f"SHA-256 berkas {actual[:16]}… berbeda dengan yang dicatat saat SK {record.number} "
            f"diterbitkan ({record.pdf_sha256[:16]}…): berkas diubah atau diganti. / The file's "
            f"SHA-256 differs from the one recorded at issue: the file was changed or replaced.",
            file=record.file,
            decree=record.number,
        )
    return None


# --------------------------------------------------------------------------- verifying


@dataclass(frozen=True)
class AuditReport:
    """What :func:`verify_workspace` found."""

    events: int
    """Events whose hash and link were checked and found right."""
    head_seq: int
    head_hash: str
    """The last good event (the whole log's head when intact)."""
    decrees: int
    """Issued decrees whose anchor and file were checked."""
    decree_files_ok: int
    problems: tuple[Problem, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def first_problem(self) -> Problem | None:
        return self.problems[0] if self.problems else None

    @property
    def exit_code(self) -> int:
        return 0 if self.ok else self.problems[0].exit_code

    def summary_lines(self) -> list[str]:
        if self.ok:
            return [
                f"Utuh / intact: {self.events} event, head {self.head_hash} (seq {self.head_seq})"
                f" (+ {self.decree_files_ok} berkas SK cocok / decree files match)"
            ]
        first = self.problems[0]
        lines = [f"TIDAK UTUH / NOT INTACT: {first.line()}"]
        if first.kind == "event":
            lines.append(
                f"Event sebelum itu utuh / events before it intact: {self.events} "
                f"(s.d. / up to seq {self.head_seq})"
            )
            lines.append(
                "Berkas SK tidak diperiksa karena rantai rusak / decree files not checked "
                "because the chain is broken"
            )
        else:
            lines.append(
                f"Rantai utuh / chain intact: {self.events} event, head {self.head_hash}; "
                f"{self.decree_files_ok}/{self.decrees} berkas SK cocok / decree files match"
            )
        lines.extend(f"  - {p.line()}" for p in self.problems[1:])
        return lines

    def to_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "events": self.events,
            "head": {"seq": self.head_seq, "hash": self.head_hash},
            "decrees_checked": self.decrees,
            "decree_files_ok": self.decree_files_ok,
            "first_problem": self.problems[0].to_json() if self.problems else None,
            "problems": [p.to_json() for p in self.problems],
            "exit_code": self.exit_code,
        }


def _walk_chain(log: EventLog, progress: Progress | None) -> ChainReport:
    return log.verify_chain(progress=progress)


def chain_problem(reason: str, seq: int | None) -> Problem:
    """A :class:`Problem` for a chain walk's reason text (the store's wording)."""
    from ujikon.store.sql import (
        REASON_BROKEN_LINK,
        REASON_GAP,
        REASON_HASH_MISMATCH,
        REASON_HEAD_MISMATCH,
    )

    code = "chain"
    for prefix, name in (
        (REASON_GAP, "gap"),
        (REASON_BROKEN_LINK, "broken_link"),
        (REASON_HASH_MISMATCH, "hash_mismatch"),
        (REASON_HEAD_MISMATCH, "head_mismatch"),
    ):
        if reason.startswith(prefix):
            code = name
            break
    return Problem("event", code, reason, seq=seq)


def _hash_at(log: EventLog) -> Callable[[int], str | None]:
    def hash_at(seq: int) -> str | None:
        event = next(iter(log.read_all(after_seq=seq - 1, batch_size=1)), None)
        return event.hash if event is not None and event.seq == seq else None

    return hash_at


def verify_workspace(log: EventLog, workdir: Path, progress: Progress | None = None) -> AuditReport:
    """Recompute the whole chain, then check every issued decree's anchor and file.

    :param workdir: the workspace directory the decrees' files are relative to.
    :param progress: called after every batch with the number of events checked.
    """
    report = _walk_chain(log, progress)
    if not report.ok:
        return AuditReport(
            events=report.events,
            head_seq=report.events,
            head_hash=report.head,
            decrees=0,
            decree_files_ok=0,
            problems=(chain_problem(report.reason, report.first_bad_seq),),
        )
    problems: list[Problem] = []
    files_ok = 0
    decrees = [d for d in issued_decrees(log) if d.seq <= report.events]
    hash_at = _hash_at(log)
    for decree in decrees:
        anchor = check_anchor(decree, hash_at)
        if anchor is not None:
            problems.append(anchor)
        problem = check_file(workdir, decree)
        if problem is None:
            files_ok += 1
        else:
            problems.append(problem)
    for problem in problems:
        logger.info("audit: %s", problem.line())
    return AuditReport(
        events=report.events,
        head_seq=report.events,
        head_hash=report.head,
        decrees=len(decrees),
        decree_files_ok=files_ok,
        problems=tuple(problems),
    )


# --------------------------------------------------------------------------- reading


def parse_day(text: str | None, option: str) -> date | None:
    """``2026-11-25`` → a date (``None`` stays ``None``).

    :raises InputError: naming ``option``.
    """
    if text is None or text == "":
        return None
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        raise InputError(
            option,
            f"'{text}' bukan tanggal TTTT-BB-HH / is not a date YYYY-MM-DD",
        ) from None
    if not 1900 <= day.year <= 9000:
        raise InputError(option, f"'{text}': tahun 1900-9000 / the year must be 1900-9000")
    return day


def _day_start(day: date) -> datetime:
    """Midnight WIB at the start of ``day``, in UTC."""
    return datetime.combine(day, time(0), tzinfo=WIB).astimezone(UTC)


@dataclass(frozen=True)
class LogFilter:
    """Which events to show. Every criterion given must hold; dates are WIB days,
    both ends included."""

    case: str | None = None
    """``UK-2026-0001`` (every revision) or ``UK-2026-0001/2``."""
    actor: str | None = None
    role: str | None = None
    action: str | None = None
    """An action or its beginning: ``case.`` matches ``case.identified``…"""
    since: date | None = None
    until: date | None = None

    def __post_init__(self) -> None:
        if self.case is not None and parse_case_ref(self.case) is None:
            raise InputError(
                "--case", f"'{self.case}' bukan nomor kasus / is not a case id like UK-2026-0001"
            )
        if self.role is not None and self.role not in {r.value for r in Role}:
            roles = ", ".join(r.value for r in Role)
            raise InputError("--role", f"'{self.role}' bukan peran / is not a role ({roles})")
        if self.since is not None and self.until is not None and self.since > self.until:
            raise InputError(
                "--since/--until",
                f"{self.since} sesudah / is after {self.until}",
            )

    @property
    def start(self) -> datetime | None:
        return _day_start(self.since) if self.since is not None else None

    @property
    def end(self) -> datetime | None:
        """The first instant after the range (exclusive)."""
        return _day_start(self.until + timedelta(days=1)) if self.until is not None else None

    def in_range(self, moment: datetime) -> bool:
        start, end = self.start, self.end
        return (start is None or moment >= start) and (end is None or moment < end)

    def matches(self, event: StoredEvent) -> bool:
        if self.actor is not None and event.actor != self.actor:
            return False
        if self.role is not None and event.role != self.role:
            return False
        if self.action is not None and not event.action.startswith(self.action):
            return False
        return self.in_range(event.recorded_at)

    def describe(self) -> dict[str, Any]:
        return {
            "case": self.case,
            "actor": self.actor,
            "role": self.role,
            "action": self.action,
            "since": self.since.isoformat() if self.since else None,
            "until": self.until.isoformat() if self.until else None,
        }


def iter_events(log: EventLog, flt: LogFilter, batch_size: int = 1000) -> Iterator[StoredEvent]:
    """The events that pass ``flt``, in ``seq`` order, streamed.

    With a case named only that case's events are read (a case's history is small);
    otherwise the whole log is streamed ``batch_size`` events at a time.
    """
    if flt.case is not None:
        ref = parse_case_ref(flt.case)
        assert ref is not None  # checked by LogFilter
        if ref.revision is not None:
            events = log.read(case_subject(ref.case_id, ref.revision))
        else:
            events = sorted(
                log.read_subjects(f"case:{ref.case_id}/", batch_size=batch_size),
                key=lambda e: e.seq,
            )
        yield from (e for e in events if flt.matches(e))
        return
    for event in log.read_all(batch_size=batch_size):
        if flt.matches(event):
            yield event


def event_row(event: StoredEvent) -> dict[str, Any]:
    """An event as the audit log shows it (JSON, CSV): the stored fields, the state it
    moved a case from and to (when it did), and its time in WIB."""
    payload = event.payload
    local = event.recorded_at.astimezone(WIB)
    return {
        "seq": event.seq,
        "recorded_at": format_utc(event.recorded_at),
        "time_wib": f"{local:%Y-%m-%d %H:%M:%S}",
        "actor": event.actor,
        "role": event.role,
        "action": event.action,
        "subject": event.subject,
        "subject_version": event.subject_version,
        "from": payload.get("from") if isinstance(payload.get("from"), str) else None,
        "to": payload.get("to") if isinstance(payload.get("to"), str) else None,
        "payload_version": event.payload_version,
        "payload": payload,
        "prev_hash": event.prev_hash,
        "hash": event.hash,
    }


LOG_CSV_COLUMNS = (
    "seq",
    "recorded_at",
    "time_wib",
    "actor",
    "role",
    "action",
    "subject",
    "subject_version",
    "from",
    "to",
    "hash",
    "prev_hash",
    "payload",
)
"""The columns of the log as CSV (``ujikon audit log --csv`` and the web's download)."""


def log_csv_row(row: dict[str, Any]) -> list[Any]:
    """One :func:`event_row` as a CSV line; the payload as canonical-ish JSON text."""
    values = dict(row)
    values["payload"] = json.dumps(row["payload"], ensure_ascii=False, sort_keys=True)
    return ["" if values[c] is None else values[c] for c in LOG_CSV_COLUMNS]
