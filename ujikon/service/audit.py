"""The auditor's use cases: check the whole history and the issued decrees, read the log.

Everything here reads; nothing writes. An auditor needs no user account for it: what
they hold is the database (or, away from it, an evidence pack, :mod:`ujikon.service.evidence`).

:func:`verify_workspace` answers one question -- has anything been changed since it was
recorded? -- in three checks, in this order, and names the first thing that does not
match:

1. **the hash chain** (:meth:`~ujikon.store.sql.SqlEventLog.verify_chain`, through the
   one chain check :class:`~ujikon.domain.events.ChainChecker` that ``audit verify-pack``
   uses too): every event's hash recomputed from its stored columns, each linked to the
   one before, ``seq`` without gaps, the chain head naming the last event. Streamed in
   batches inside one snapshot: memory stays flat however long the log;
2. **each issued decree's anchor**: a decree records the chain head at the moment it
   was issued (``chain_seq``, ``chain_head``; printed on its last page and carried in its
   embedded decision). The event at ``chain_seq`` must still have that hash. A history
   rewritten *and re-chained* before the decree passes check 1 but fails here -- which
   is how an old decree proves the history before it;
3. **each issued decree's file**: ``<workspace>/<issue.file>`` exists and its SHA-256 is
   the ``pdf_sha256`` recorded when it was issued.

then the witnesses of the log's **tail**, which a chain cut at its end and re-pointed
(``chain_head`` moved back) does not betray on its own:

4. **the checkpoint file** ``chain-head.log`` (:mod:`ujikon.store.witness`), read before
   the chain's snapshot is taken: every line names an event of the chain with that hash
   (``checkpoint_mismatch``), the chain does not end before the last line
   (``checkpoint_ahead``), and the lines' own links hold (``checkpoint_broken``);
5. **every PDF under sk/**, found by listing the folder (also before the snapshot), not
   by asking the log: the log records it (its SHA-256 in a ``decree.issued``), else
   ``unrecorded_decree`` says what its embedded decision names -- the number, and the
   chain head it was issued on, which must be a prefix of the chain;
6. **each issued decree's cases**: every case it lists was decreed by it in the log
   (``decree_case_missing``);

and last the **projections** beside the log (the case list, the decree index, the
precedent search): each compared with a fold of the log in one snapshot, every
difference named by subject and field with the stored and the computed value
(``projection_mismatch``, ``projection_missing``, ``projection_extra``,
``projection_unfoldable``; exit :data:`EXIT_PROJECTION_PROBLEM`).

When the chain is broken, nothing after check 1 is run: the rest compares files and
tables with records that can no longer be trusted.

:func:`iter_events` streams the log filtered (by case, actor, role, action prefix, WIB
dates); only the events of one case are read when a case is named.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
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
    from ujikon.domain.case import Case
    from ujikon.domain.decree import Decree
    from ujikon.law import Catalogue
    from ujikon.store.api import ChainReport, EventLog, IndexEntry, LogSnapshot, SearchDoc
    from ujikon.store.witness import CheckpointRead

__all__ = [
    "DECISION_ATTACHMENT",
    "EXIT_EVENT_PROBLEM",
    "EXIT_FILE_PROBLEM",
    "EXIT_PROJECTION_PROBLEM",
    "LOG_CSV_COLUMNS",
    "AuditFailed",
    "AuditReport",
    "DecreeFile",
    "IssuedDecree",
    "LogFilter",
    "Problem",
    "Progress",
    "chain_problem",
    "check_checkpoints",
    "check_decree_cases",
    "check_projections",
    "check_unrecorded_files",
    "decree_files",
    "embedded_decision",
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
EXIT_PROJECTION_PROBLEM = 14
"""Exit code when the history and the files match but a projection beside the log (the
case list, the decree index, the search documents) says something the log does not;
``ujikon index rebuild`` rewrites the case list and the search from the log."""

DECISION_ATTACHMENT = "keputusan.json"
"""The name of the decision JSON embedded in every decree PDF."""

ProblemKind = Literal["event", "decree", "file", "pack", "projection"]


@dataclass(frozen=True)
class Problem:
    """One thing that does not match, said precisely.

    ``code`` is stable for programs: ``hash_mismatch``, ``broken_link``, ``gap``,
    ``head_mismatch``, ``unreadable``, ``checkpoint_ahead``, ``checkpoint_mismatch``
    (events); ``anchor_mismatch``, ``unrecorded_decree``, ``decree_case_missing``
    (decrees); ``missing``, ``file_hash_mismatch``, ``unlisted``, ``signature``,
    ``decision_mismatch``, ``checkpoint_broken`` (files); ``manifest`` (a pack's
    manifest); ``projection_mismatch``, ``projection_missing``, ``projection_extra``,
    ``projection_unfoldable`` (projections).
    """

    kind: ProblemKind
    code: str
    message: str
    """Indonesian, then English."""
    seq: int | None = None
    file: str | None = None
    decree: str | None = None
    """The decree's number."""
    subject: str | None = None
    """A projection's row: ``case UK-2026-0001``, ``decree D-2026-0001``,
    ``search UK-2026-0001/1``."""
    field: str | None = None
    """The projection's field that differs (``state``, ``title``…); ``None`` for a row
    missing or extra as a whole."""
    stored: Any = None
    """What the projection holds (projections only)."""
    computed: Any = None
    """What a fold of the log gives (projections only)."""

    @property
    def where(self) -> str:
        if self.kind == "event" and self.seq is not None:
            return f"event seq {self.seq}"
        if self.kind == "projection" and self.subject is not None:
            return f"proyeksi / projection {self.subject}"
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
            "subject": self.subject,
            "field": self.field,
            "stored": self.stored,
            "computed": self.computed,
            "message": self.message,
        }

    @property
    def exit_code(self) -> int:
        if self.kind in ("event", "decree"):
            return EXIT_EVENT_PROBLEM
        if self.kind == "projection":
            return EXIT_PROJECTION_PROBLEM
        return EXIT_FILE_PROBLEM


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


# --------------------------------------------------------------------------- the tail


def _short(value: Any, limit: int = 200) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def embedded_decision(path: Path) -> dict[str, Any] | None:
    """The decision JSON embedded in a decree PDF (``keputusan.json``), or ``None`` when
    the file is not a PDF or holds none (read, not verified: the signature is
    ``ujikon verify``'s business)."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    try:
        reader = PdfFileReader(io.BytesIO(path.read_bytes()), strict=False)
        root = reader.root
        specs: list[Any] = []
        try:
            tree = root["/Names"]["/EmbeddedFiles"]
        except (KeyError, TypeError):
            tree = None
        if tree is not None:
            specs.extend(_name_tree_values(tree, 0))
        with contextlib.suppress(KeyError, TypeError):
            specs.extend(root["/AF"])
        for spec_obj in specs:
            spec = spec_obj.get_object()
            name = str(spec.get("/UF") or spec.get("/F") or "")
            if name != DECISION_ATTACHMENT:
                continue
            embedded = spec["/EF"]
            stream = (embedded.get("/UF") or embedded["/F"]).get_object()
            decision = json.loads(bytes(stream.data))
            return decision if isinstance(decision, dict) else None
    except Exception as exc:  # any unreadable PDF: the caller reports the file as unknown
        logger.info("%s: no readable embedded decision: %s", path, exc)
    return None


def _name_tree_values(node: Any, depth: int) -> Iterator[Any]:
    if depth > 32:
        return
    node = node.get_object()
    names = node.get("/Names")
    if names is not None:
        items = list(names)
        for index in range(1, len(items), 2):
            yield items[index]
    for kid in node.get("/Kids", ()):
        yield from _name_tree_values(kid, depth + 1)


@dataclass(frozen=True)
class DecreeFile:
    """A PDF found under ``sk/`` by listing the folder."""

    file: str
    """Its path relative to the workspace."""
    sha256: str


def decree_files(workdir: Path) -> list[DecreeFile]:
    """Every ``*.pdf`` under ``<workdir>/sk/`` (temporary ``*.tmp`` files are not decrees),
    with its SHA-256, sorted by path."""
    root = workdir / "sk"
    if not root.is_dir():
        return []
    found = []
    for path in sorted(root.rglob("*")):
        if path.is_file() and path.suffix.lower() == ".pdf":
            found.append(DecreeFile(str(path.relative_to(workdir)), file_sha256(path)))
    return found


def check_checkpoints(
    read: CheckpointRead,
    chain_events: int,
    hashes_at: Callable[[Sequence[int]], dict[int, str]],
) -> list[Problem]:
    """The checkpoint file against the chain (of ``chain_events`` events, all checked).

    Every line must name an event with that hash, and the chain must not end before the
    last line; a line that does not parse or whose link breaks is a problem of the file.
    """
    from ujikon.store.witness import CHECKPOINT_FILE

    problems: list[Problem] = []
    for line, why in read.problems:
        problems.append(
            Problem(
                "file",
                "checkpoint_broken",
                f"baris {line}: {why}",
                file=CHECKPOINT_FILE,
            )
        )
    if not read.checkpoints:
        return problems
    last = max(read.checkpoints, key=lambda c: c.seq)
    if last.seq > chain_events:
        problems.insert(
            0,
            Problem(
                "event",
                "checkpoint_ahead",
                f"{CHECKPOINT_FILE} baris {last.line} mencatat kepala rantai seq {last.seq} "
                f"{last.hash[:16]}… pada {last.at}, tetapi log berakhir pada seq "
                f"{chain_events}: event {chain_events + 1}–{last.seq} telah dihapus dari "
                f"ujung log. / {CHECKPOINT_FILE} line {last.line} witnessed the chain head "
                f"seq {last.seq} {last.hash[:16]}… at {last.at}, but the log ends at seq "
                f"{chain_events}: events {chain_events + 1}-{last.seq} were cut off its end.",
                seq=chain_events + 1,
                file=CHECKPOINT_FILE,
            ),
        )
    present = [c for c in read.checkpoints if c.seq <= chain_events]
    stored = hashes_at([c.seq for c in present])
    for checkpoint in present:
        actual = stored.get(checkpoint.seq)
        if actual == checkpoint.hash:
            continue
        problems.append(
            Problem(
                "event",
                "checkpoint_mismatch",
                f"{CHECKPOINT_FILE} baris {checkpoint.line} mencatat seq {checkpoint.seq} "
                f"ber-hash {checkpoint.hash[:16]}… pada {checkpoint.at}, tetapi event itu kini "
                f"ber-hash {(actual or '-')[:16]}…: riwayat sampai seq itu telah ditulis ulang. "
                f"/ {CHECKPOINT_FILE} line {checkpoint.line} witnessed seq {checkpoint.seq} "
                f"with hash {checkpoint.hash[:16]}… at {checkpoint.at}, but that event now "
                f"hashes to {(actual or '-')[:16]}…: the history up to it was rewritten.",
                seq=checkpoint.seq,
                file=CHECKPOINT_FILE,
            )
        )
    return problems


def check_unrecorded_files(
    workdir: Path,
    files: Iterable[DecreeFile],
    decrees: Sequence[IssuedDecree],
    chain_events: int,
    hashes_at: Callable[[Sequence[int]], dict[int, str]],
) -> list[Problem]:
    """Every PDF found under ``sk/`` that no issued decree of the log records (by path and
    SHA-256): what its embedded decision says, and whether the chain head it carries is
    still a prefix of the chain."""
    recorded = {(d.record.file, d.record.pdf_sha256) for d in decrees}
    known_paths = {d.record.file for d in decrees}
    problems: list[Problem] = []
    for found in files:
        if (found.file, found.sha256) in recorded or found.file in known_paths:
            continue  # a changed file of a recorded decree is check_file's to name
        decision = embedded_decision(workdir / found.file)
        decree = decision.get("decree") if decision else None
        chain = decision.get("chain") if decision else None
        number = decree.get("number") if isinstance(decree, dict) else None
        if not isinstance(chain, dict) or not isinstance(chain.get("seq"), int):
            problems.append(
                Problem(
                    "file",
                    "unlisted",
                    "berkas PDF di sk/ yang tidak dicatat log dan tidak memuat keputusan "
                    "ujikon; pindahkan bila bukan SK. / a PDF under sk/ that the log does not "
                    "record and that holds no ujikon decision; move it away if it is no decree.",
                    file=found.file,
                    decree=str(number) if number else None,
                )
            )
            continue
        seq, head = int(chain["seq"]), str(chain.get("head", ""))
        if seq > chain_events:
            anchor_id = (
                f"kepala rantai seq {seq} yang dibawanya sudah tidak ada: log kini hanya "
                f"{chain_events} event"
            )
            anchor_en = (
                f"the chain head seq {seq} it carries is gone: the log now holds only "
                f"{chain_events} events"
            )
        else:
            actual = hashes_at([seq]).get(seq) if seq else GENESIS_HASH
            if actual == head:
                anchor_id = f"kepala rantai seq {seq} yang dibawanya masih cocok"
                anchor_en = f"the chain head seq {seq} it carries still matches"
            else:
                anchor_id = (
                    f"kepala rantai seq {seq} {head[:16]}… yang dibawanya kini ber-hash "
                    f"{(actual or '-')[:16]}…"
                )
                anchor_en = (
                    f"the chain head seq {seq} {head[:16]}… it carries now hashes to "
                    f"{(actual or '-')[:16]}…"
                )
        problems.append(
            Problem(
                "decree",
                "unrecorded_decree",
                f"SK {number or '?'} ada di sk/ tetapi log tidak mencatat penerbitannya; "
                f"{anchor_id}: event penerbitannya telah dihapus dari log (atau berkas ini "
                f"bukan milik ruang kerja ini). / Decree {number or '?'} lies in sk/ but the "
                f"log does not record its issue; {anchor_en}: the events of its issue were "
                "removed from the log (or the file does not belong to this workspace).",
                seq=seq,
                file=found.file,
                decree=str(number) if number else None,
            )
        )
    return problems


def check_decree_cases(log: EventLog, decree: IssuedDecree) -> list[Problem]:
    """Each case the decree lists must have been decreed by it (``case.decreed`` with its
    number) in the log: the events of one issue are written together, so a case without
    it means events of the issue were removed."""
    from ujikon.domain.case import case_subject, parse_case_ref

    problems = []
    for ref in decree.cases:
        parsed = parse_case_ref(ref)
        events = (
            log.read(case_subject(parsed.case_id, parsed.revision))
            if parsed is not None and parsed.revision is not None
            else []
        )
        if any(
            e.action == "case.decreed"
            and isinstance(e.payload.get("data"), dict)
            and e.payload["data"].get("decree_number") == decree.number
            for e in events
        ):
            continue
        problems.append(
            Problem(
                "decree",
                "decree_case_missing",
                f"SK {decree.number} menetapkan kasus {ref}, tetapi log tidak mencatat kasus itu "
                f"ditetapkan olehnya (case.decreed): event penerbitan SK ini telah dihapus "
                f"sebagian. / Decree {decree.number} lists case {ref}, but the log does not "
                f"record that case as decreed by it (case.decreed): events of this decree's "
                "issue were removed.",
                decree=decree.number,
            )
        )
    return problems


# --------------------------------------------------------------------------- projections


def _plain(value: Any) -> Any:
    """A value as JSON gives it back (tuples as lists, dates as text)."""
    from ujikon.canonical import canonical_json

    return json.loads(canonical_json(value))


def _fold_cases(
    view: LogSnapshot, catalogue: Catalogue, unfoldable: dict[str, tuple[str, int, str]]
) -> tuple[dict[str, IndexEntry], dict[str, SearchDoc]]:
    """The case list and the search documents a fold of the log gives (as
    :meth:`ujikon.service.cases.Service.rebuild_index` builds them)."""
    from ujikon.domain.case import apply
    from ujikon.service.cases import case_index_entry
    from ujikon.service.precedents import case_search_doc

    latest: dict[str, IndexEntry] = {}
    docs: dict[str, SearchDoc] = {}

    def keep(case: Case | None) -> None:
        if case is None:
            return
        doc = case_search_doc(case, catalogue)
        if doc is not None:
            docs[doc.key] = doc
        held = latest.get(case.case_id)
        if held is None or int(held.data["revision"]) <= case.revision:
            latest[case.case_id] = case_index_entry(case)

    current: Case | None = None
    subject = ""
    broken = ""
    for event in view.read_subjects("case:"):
        if event.subject != subject:
            if not broken:
                keep(current)
            current, subject, broken = None, event.subject, ""
        if broken:
            continue
        try:
            current = apply(current, event)
        except Exception as exc:  # a subject that makes no case: noted, the rest goes on
            broken = f"{type(exc).__name__}: {exc}"
            ref = event.subject.removeprefix("case:")
            unfoldable[ref] = (event.subject, event.seq, broken)
            unfoldable.setdefault(ref.split("/", 1)[0], (event.subject, event.seq, broken))
    if not broken:
        keep(current)
    return latest, docs


def _fold_decrees(
    view: LogSnapshot, unfoldable: dict[str, tuple[str, int, str]]
) -> dict[str, IndexEntry]:
    from ujikon.service.decrees import decree_index_entry

    found: dict[str, IndexEntry] = {}
    current: Decree | None = None
    subject = ""
    broken = False

    def keep() -> None:
        if current is not None and not broken:
            entry = decree_index_entry(current)
            found[entry.key] = entry

    for event in view.read_subjects("decree:"):
        if event.subject != subject:
            keep()
            current, subject, broken = None, event.subject, False
        if broken:
            continue
        try:
            current = apply_decree(current, event)
        except Exception as exc:  # as for cases
            broken = True
            why = f"{type(exc).__name__}: {exc}"
            unfoldable[event.subject.removeprefix("decree:")] = (event.subject, event.seq, why)
    keep()
    return found


def _unfoldable(
    event_subject: str, seq: int, why: str, subject: str, stored: dict[str, Any]
) -> Problem:
    return Problem(
        "projection",
        "projection_unfoldable",
        f"proyeksi memuat {subject}, tetapi event {event_subject} (seq {seq}) tidak dapat "
        f"dilipat: {_short(why)} / the projection holds {subject}, but the events of "
        f"{event_subject} do not fold (seq {seq}).",
        seq=seq,
        subject=subject,
        stored=stored,
    )


def _compare_rows(
    what: str,
    stored: dict[str, dict[str, Any]],
    computed: dict[str, dict[str, Any]],
    problems: list[Problem],
    unfoldable: dict[str, tuple[str, int, str]],
) -> None:
    """Report every row missing, extra or different, field by field; a stored row of a
    subject whose events do not fold is reported as such."""
    hint = "`ujikon index rebuild` menulis ulang dari log / rewrites it from the log"
    for key in sorted(set(stored) | set(computed)):
        subject = f"{what} {key}"
        if key in stored and key not in computed and key in unfoldable:
            event_subject, seq, why = unfoldable[key]
            problems.append(_unfoldable(event_subject, seq, why, subject, stored[key]))
            continue
        if key not in stored:
            problems.append(
                Problem(
                    "projection",
                    "projection_missing",
                    f"log memuat {subject}, tetapi proyeksi tidak / the log holds {subject}, "
                    f"the projection does not ({hint}).",
                    subject=subject,
                    computed=computed[key],
                )
            )
            continue
        if key not in computed:
            problems.append(
                Problem(
                    "projection",
                    "projection_extra",
                    f"proyeksi memuat {subject} yang tidak ada di log / the projection holds "
                    f"{subject}, which the log does not ({hint}).",
                    subject=subject,
                    stored=stored[key],
                )
            )
            continue
        left, right = stored[key], computed[key]
        for name in sorted(set(left) | set(right), key=lambda n: (n != "state", n)):
            have, want = left.get(name), right.get(name)
            if have == want:
                continue
            problems.append(
                Problem(
                    "projection",
                    "projection_mismatch",
                    f"{subject}, kolom {name}: tersimpan {_short(have)!s}, menurut log "
                    f"{_short(want)!s} / field {name}: stored {_short(have)!s}, the log gives "
                    f"{_short(want)!s} ({hint}).",
                    subject=subject,
                    field=name,
                    stored=have,
                    computed=want,
                )
            )


def check_projections(log: EventLog, catalogue: Catalogue) -> tuple[int, list[Problem], list[str]]:
    """The projections beside the log against a fold of it, in one snapshot: the case
    list (``index_entries`` of kind ``case``), the decree index (kind ``decree``) and the
    precedent search (``search_docs`` of kind ``case``). Rows of any other kind are extra.

    Subjects whose events do not fold (written by another program, not by ujikon's use
    cases) have no computed row: a stored row for one is a problem, the rest a note.

    Returns how many rows were compared, every difference, and the notes.
    """
    problems: list[Problem] = []
    unfoldable: dict[str, tuple[str, int, str]] = {}
    with log.snapshot() as view:
        cases, docs = _fold_cases(view, catalogue, unfoldable)
        decrees = _fold_decrees(view, unfoldable)
        computed_index = {"case": cases, "decree": decrees}
        compared = 0
        for kind in sorted(set(view.index_kinds()) | set(computed_index)):
            stored_rows = {e.key: {"state": e.state, **_plain(e.data)} for e in view.index(kind)}
            computed_rows = {
                key: {"state": e.state, **_plain(e.data)}
                for key, e in computed_index.get(kind, {}).items()
            }
            compared += len(set(stored_rows) | set(computed_rows))
            _compare_rows(kind, stored_rows, computed_rows, problems, unfoldable)
        computed_search = {"case": docs}
        for kind in sorted(set(view.search_kinds()) | set(computed_search)):
            stored_docs = {
                key: _search_fields(doc) for key, doc in view.stored_search(kind).items()
            }
            computed_docs = {
                key: _search_fields(log.search_form(doc))
                for key, doc in computed_search.get(kind, {}).items()
            }
            compared += len(set(stored_docs) | set(computed_docs))
            _compare_rows(
                "search" if kind == "case" else f"search:{kind}",
                stored_docs,
                computed_docs,
                problems,
                unfoldable,
            )
    notes = []
    subjects = sorted({held[0] for held in unfoldable.values()})
    if subjects:
        notes.append(
            f"Catatan / note: {len(subjects)} subjek tidak dapat dilipat dan tidak punya "
            f"proyeksi / subjects do not fold and have no projection (e.g. {subjects[0]})"
        )
    return compared, problems, notes


def _search_fields(doc: SearchDoc) -> dict[str, Any]:
    return {
        "title": doc.title,
        "body": doc.body,
        "tags": " ".join(sorted(set(doc.tags))),
        "sort_key": doc.sort_key,
    }


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
    checkpoints: int = 0
    """Lines of the checkpoint file checked against the chain."""
    files_found: int = 0
    """PDFs found under sk/ by listing it."""
    projections_checked: int = 0
    """Projection rows (case list, decree index, search documents) compared with the log."""
    notes: tuple[str, ...] = ()
    """What could not be checked, and why (no checkpoint file…); not problems."""

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
                f" (+ {self.decree_files_ok} berkas SK cocok / decree files match)",
                f"Saksi di luar basis data / witnesses outside the database: {self.checkpoints} "
                f"baris checkpoint / checkpoint lines, {self.files_found} PDF di / under sk/; "
                f"{self.projections_checked} baris proyeksi cocok / projection rows match",
                *self.notes,
            ]
        first = self.problems[0]
        lines = [f"TIDAK UTUH / NOT INTACT: {first.line()}"]
        if first.kind == "event" and first.code not in ("checkpoint_ahead", "checkpoint_mismatch"):
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
        lines.extend(self.notes)
        return lines

    def to_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "events": self.events,
            "head": {"seq": self.head_seq, "hash": self.head_hash},
            "decrees_checked": self.decrees,
            "decree_files_ok": self.decree_files_ok,
            "checkpoints_checked": self.checkpoints,
            "decree_files_found": self.files_found,
            "projections_checked": self.projections_checked,
            "notes": list(self.notes),
            "first_problem": self.problems[0].to_json() if self.problems else None,
            "problems": [p.to_json() for p in self.problems],
            "exit_code": self.exit_code,
        }


def _walk_chain(log: EventLog, progress: Progress | None) -> ChainReport:
    return log.verify_chain(progress=progress)


def chain_problem(report: ChainReport) -> Problem:
    """The :class:`Problem` a broken chain walk reports: its rule's code
    (:data:`~ujikon.domain.events.ChainRule`) and its reason text, at its first bad seq."""
    return Problem("event", report.code or "chain", report.reason, seq=report.first_bad_seq)


def _hash_at(log: EventLog) -> Callable[[int], str | None]:
    def hash_at(seq: int) -> str | None:
        return log.hashes_at([seq]).get(seq)

    return hash_at


def verify_workspace(
    log: EventLog,
    workdir: Path,
    progress: Progress | None = None,
    *,
    catalogue: Catalogue | None = None,
) -> AuditReport:
    """Recompute the whole chain, then check its witnesses outside the database (the
    checkpoint file, every PDF under sk/), every issued decree's anchor, file and cases,
    and the projections beside the log (see the module doc).

    :param workdir: the workspace directory the decrees' files are relative to and the
        checkpoint file lies in.
    :param progress: called after every batch with the number of events checked.
    :param catalogue: the statute catalogue the search documents are built with (the
        package's own when not given).
    """
    from ujikon.store.witness import CHECKPOINT_FILE, read_checkpoints

    # The witnesses are read before the chain's snapshot is taken: whatever they name
    # was committed before it, so appends running meanwhile raise no false alarm.
    witnessed = read_checkpoints(workdir / CHECKPOINT_FILE)
    files = decree_files(workdir)
    report = _walk_chain(log, progress)
    if not report.ok:
        return AuditReport(
            events=report.events,
            head_seq=report.events,
            head_hash=report.head,
            decrees=0,
            decree_files_ok=0,
            problems=(chain_problem(report),),
        )
    notes: list[str] = []
    if not witnessed.exists:
        notes.append(
            f"Catatan / note: tidak ada {CHECKPOINT_FILE}; ujung log sesudah SK terakhir tidak "
            f"disaksikan / there is no {CHECKPOINT_FILE}; the log's end after the last decree "
            "is not witnessed"
        )
    problems = check_checkpoints(witnessed, report.events, log.hashes_at)
    files_ok = 0
    decrees = [d for d in issued_decrees(log) if d.seq <= report.events]
    hash_at = _hash_at(log)
    for decree in decrees:
        anchor = check_anchor(decree, hash_at)
        if anchor is not None:
            problems.append(anchor)
        problems.extend(check_decree_cases(log, decree))
        problem = check_file(workdir, decree)
        if problem is None:
            files_ok += 1
        else:
            problems.append(problem)
    problems.extend(check_unrecorded_files(workdir, files, decrees, report.events, log.hashes_at))
    if catalogue is None:
        from ujikon.law import load_catalogue

        catalogue = load_catalogue()
    compared, projection_problems, projection_notes = check_projections(log, catalogue)
    problems.extend(projection_problems)
    notes.extend(projection_notes)
    problems.sort(key=lambda p: _ORDER[p.kind])
    for problem in problems:
        logger.info("audit: %s", problem.line())
    return AuditReport(
        events=report.events,
        head_seq=report.events,
        head_hash=report.head,
        decrees=len(decrees),
        decree_files_ok=files_ok,
        problems=tuple(problems),
        checkpoints=len(witnessed.checkpoints),
        files_found=len(files),
        projections_checked=compared,
        notes=tuple(notes),
    )


_ORDER = {"event": 0, "decree": 1, "file": 2, "pack": 3, "projection": 4}
"""The order problems are reported in: the history first, the projections last."""


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
