"""Evidence packs: the history and the issued decrees in one ZIP an auditor can check
anywhere, with no workspace, no database and -- for the events -- no ujikon.

Format ``ujikon/evidence-pack-1``; the members are:

``events.jsonl``
    One event per line, each the canonical JSON (keys sorted, no spaces, UTF-8) of
    ``seq, subject, subject_version, action, actor, role, recorded_at, payload,
    payload_version, prev_hash, hash`` exactly as stored. An event's ``hash`` is the
    SHA-256 of the canonical JSON of the same object *without* ``hash``; its
    ``prev_hash`` is the ``hash`` of the line before (64 zeros on the first line).
``sk/<year>/SK_….pdf``
    The signed decrees, under the path the log records for them (``issue.file``).
``LAPORAN-VERIFIKASI.txt``
    What was checked when the pack was made and the result, in plain words
    (Indonesian, then English), with the recipe to recheck the events by hand.
``manifest.json``
    The SHA-256 and size of every other member, the chain head of the log when the
    pack was made, the events' range, what was selected, the decrees included, the
    ujikon and statute-catalogue versions, and the checks made at packing.

**Partial packs** (``--decree NUMBER``, ``--since/--until``) always start at genesis:
``events.jsonl`` holds *every* event from seq 1 up to the last selected one, never a
slice, so the chain is rechecked from its first link and no anchor has to be taken on
trust. What was selected is named in the manifest (the subjects, or the date range,
the first and last selected seq and how many). A decree pack holds that decree's PDF,
a date-range pack the PDFs of the decrees issued in the range, a whole pack all of
them. The cost is size: the events before the selection ride along (they compress well).

The pack is written to a temporary file beside ``--out`` and renamed when complete;
before renaming, the chain of the events packed, each decree's recorded chain head
and each PDF's hash are checked as they are written. A failure stops the pack (nothing
is left behind) unless ``allow_broken`` is given: the pack then records the failure, as
evidence of the state found.

:func:`verify_pack` checks a pack: the chain of ``events.jsonl`` (each hash recomputed,
each link, ``seq`` from 1 without a gap), the manifest's hashes of every member and its
head, each selected decree's PDF against its ``decree.issued`` event and its recorded
chain head against the event at that seq, and -- when pyHanko is installed -- each PDF's
signatures (:func:`ujikon.documents.verify.verify_pdf`) and embedded decision. It names
the first problem.
"""

from __future__ import annotations

import hashlib
import importlib.util
import io
import json
import logging
import os
import secrets
import stat
import zipfile
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path, PurePosixPath
from typing import IO, TYPE_CHECKING, Any

from ujikon import __version__
from ujikon.canonical import canonical_json, sha256_hex
from ujikon.dates import format_time_wib
from ujikon.domain.body import BODY_SUBJECT, apply_body
from ujikon.domain.decree import IssueRecord, decree_subject, serial_subject
from ujikon.domain.events import (
    GENESIS_HASH,
    REASON_GAP,
    ChainBreak,
    ChainChecker,
    StoredEvent,
    format_utc,
)
from ujikon.errors import InputError
from ujikon.service.audit import (
    AuditFailed,
    IssuedDecree,
    LogFilter,
    Problem,
    Progress,
    check_anchor,
    check_checkpoints,
    check_decree_cases,
    check_file,
    check_unrecorded_files,
    decree_files,
    file_sha256,
    issued_decrees,
)

if TYPE_CHECKING:
    from ujikon.service.cases import Service
    from ujikon.store.api import EventLog

__all__ = [
    "EVENTS_FILE",
    "EVENT_LINE_LIMIT",
    "MANIFEST_FILE",
    "MEMBER_LIMIT",
    "PACK_FORMAT",
    "REPORT_FILE",
    "PackReport",
    "PackRequest",
    "PackResult",
    "RecordChain",
    "event_record",
    "read_member",
    "verify_pack",
    "write_pack",
]

logger = logging.getLogger(__name__)

PACK_FORMAT = "ujikon/evidence-pack-1"
EVENTS_FILE = "events.jsonl"
MANIFEST_FILE = "manifest.json"
REPORT_FILE = "LAPORAN-VERIFIKASI.txt"
DECISION_ATTACHMENT = "keputusan.json"
"""Same as :data:`ujikon.service.verification.ATTACHMENT`."""

RECORD_FIELDS = (
    "seq",
    "subject",
    "subject_version",
    "action",
    "actor",
    "role",
    "recorded_at",
    "payload",
    "payload_version",
    "prev_hash",
    "hash",
)
HASH_RECIPE = (
    "sha256(canonical_json(line without 'hash')) == hash; canonical JSON = keys sorted, "
    "separators ',' ':', UTF-8, non-ASCII unescaped; prev_hash == hash of the line before "
    "(64 zeros on the first); seq = line number"
)
_PROGRESS_EVERY = 2000
_CHUNK = 1 << 20


def event_record(event: StoredEvent) -> dict[str, Any]:
    """The event as one line of ``events.jsonl`` holds it (before canonical JSON)."""
    return {
        "seq": event.seq,
        "subject": event.subject,
        "subject_version": event.subject_version,
        "action": event.action,
        "actor": event.actor,
        "role": event.role,
        "recorded_at": format_utc(event.recorded_at),
        "payload": event.payload,
        "payload_version": event.payload_version,
        "prev_hash": event.prev_hash,
        "hash": event.hash,
    }


# --------------------------------------------------------------------------- the chain


class RecordChain:
    """The lines of ``events.jsonl`` through the one chain check
    (:class:`~ujikon.domain.events.ChainChecker`), as they come: each line must be a
    complete event record, then the chain's rules hold. Stops at the first problem
    (:attr:`problem`); memory stays constant."""

    def __init__(self) -> None:
        self._chain = ChainChecker()
        self.problem: Problem | None = None

    @property
    def count(self) -> int:
        """How many records passed."""
        return self._chain.count

    @property
    def prev_hash(self) -> str:
        """The hash of the last record that passed (``GENESIS_HASH`` before any)."""
        return self._chain.last_hash

    @property
    def expected_seq(self) -> int:
        return self._chain.expected_seq

    def check(self, record: Any, line: int | None = None) -> Problem | None:
        """Check the next record; returns the problem (once) or ``None``."""
        if self.problem is not None:
            return None
        problem = self._check(record, line)
        if problem is not None:
            self.problem = problem
            logger.info("pack chain: %s", problem.line())
        return problem

    def check_head(self, head_seq: int, head_hash: str) -> Problem | None:
        """The log's head, when the whole log was packed, must name the last record.

        A head that does not is reported but not kept in :attr:`problem`: the records
        themselves hold, and the checks that follow them still run."""
        if self.problem is not None:
            return None
        broken = self._chain.check_head(head_seq, head_hash)
        return None if broken is None else _chain_problem(broken, "")

    def unreadable(self, line: int, why: str) -> Problem:
        problem = Problem(
            "event",
            "unreadable",
            f"baris {line} tidak terbaca / line {line} cannot be read: {why}",
            seq=self.expected_seq,
        )
        if self.problem is None:
            self.problem = problem
        return problem

    def _check(self, record: Any, line: int | None) -> Problem | None:
        at = f"baris / line {line}: " if line is not None else ""
        if not isinstance(record, dict) or set(record) != set(RECORD_FIELDS):
            keys = sorted(record) if isinstance(record, dict) else type(record).__name__
            return Problem(
                "event",
                "unreadable",
                f"{at}bukan event lengkap / not a complete event (fields: {keys})",
                seq=self.expected_seq,
            )
        broken = self._chain.check(**record)
        return None if broken is None else _chain_problem(broken, at)


def _chain_problem(broken: ChainBreak, at: str) -> Problem:
    """A chain break as a :class:`Problem`, said of the pack's lines (``at``: which)."""
    return Problem(
        "event", broken.rule, f"{broken.reason}: {at}{_pack_detail(broken)}", seq=broken.seq
    )


def _pack_detail(broken: ChainBreak) -> str:
    found, expected = broken.found, broken.expected
    if broken.rule == "gap":
        how = (
            "hilang atau tertukar / missing or out of order"
            if isinstance(found, int) and isinstance(expected, int) and found > expected
            else "berulang atau tertukar / repeated or out of order"
        )
        return (
            f"seharusnya seq {expected}, tertulis seq {found} / expected "
            f"seq {expected}, found seq {found} ({how})"
        )
    if broken.rule == "broken_link":
        return (
            f"prev_hash {str(found)[:12]}…, event sebelumnya / previous event {str(expected)[:12]}…"
        )
    if broken.rule == "hash_mismatch":
        if expected is None:
            return broken.why
        return f"tertulis/stored {str(found)[:12]}…, dihitung/computed {str(expected)[:12]}…"
    head_seq, head_hash = found if isinstance(found, tuple) else (None, None)
    last_seq, last_hash = expected if isinstance(expected, tuple) else (None, None)
    return (
        f"kepala / head seq {head_seq} {str(head_hash)[:12]}…, event "
        f"terakhir / last event seq {last_seq} {str(last_hash)[:12]}…"
    )


# --------------------------------------------------------------------------- writing


@dataclass(frozen=True)
class PackRequest:
    """What to pack: everything (the default), one decree, or a WIB date range."""

    decree: str | None = None
    """A decree's number (``188.4/001/PPID/XI/2026``) or draft id (``D-2026-0001``)."""
    since: date | None = None
    until: date | None = None

    def __post_init__(self) -> None:
        if self.decree and (self.since or self.until):
            raise InputError(
                "--decree / --since / --until",
                "pilih satu SK ATAU rentang tanggal / choose one decree OR a date range",
            )
        LogFilter(since=self.since, until=self.until)  # checks the range

    @property
    def kind(self) -> str:
        if self.decree:
            return "decree"
        if self.since or self.until:
            return "range"
        return "all"


@dataclass(frozen=True)
class PackResult:
    path: Path
    sha256: str
    size: int
    events: int
    """Events in ``events.jsonl`` (seq 1 to the last selected)."""
    selected_events: int
    decrees: tuple[str, ...]
    head_seq: int
    head_hash: str
    problems: tuple[Problem, ...]
    manifest: dict[str, Any] = field(repr=False)

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass
class _Selection:
    kind: str
    last_seq: int
    selected: int
    first_selected: int | None
    last_selected: int | None
    decrees: list[IssuedDecree]
    details: dict[str, Any]

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            **self.details,
            "selected_events": self.selected,
            "first_selected_seq": self.first_selected,
            "last_selected_seq": self.last_selected,
            "decrees": [d.number for d in self.decrees],
        }


def _find_decree(decrees: Sequence[IssuedDecree], key: str) -> IssuedDecree:
    wanted = key.strip()
    for decree in decrees:
        if decree.number == wanted or decree.decree_id == wanted.upper():
            return decree
    raise InputError(
        "--decree",
        f"tidak ada SK terbit bernomor / no issued decree numbered '{key}' "
        "(lihat / see `ujikon decree list`)",
    )


def _select(log: EventLog, request: PackRequest, head_seq: int) -> _Selection:
    decrees = [d for d in issued_decrees(log) if d.seq <= head_seq]
    if request.kind == "all":
        return _Selection(
            "all",
            head_seq,
            head_seq,
            1 if head_seq else None,
            head_seq or None,
            decrees,
            {},
        )
    if request.kind == "decree":
        assert request.decree is not None
        target = _find_decree(decrees, request.decree)
        subjects = {decree_subject(target.decree_id)}
        for ref in target.cases:
            case_id = ref.split("/", 1)[0]
            subjects.update(log.subjects(f"case:{case_id}/"))
        seqs = [e.seq for s in subjects for e in log.read(s) if e.seq <= head_seq]
        seqs += [
            e.seq
            for e in log.read(serial_subject(target.record.year))
            if e.seq <= head_seq and e.payload.get("data", {}).get("number") == target.number
        ]
        return _Selection(
            "decree",
            max(seqs),
            len(seqs),
            min(seqs),
            max(seqs),
            [target],
            {"decree": target.number, "decree_id": target.decree_id, "subjects": sorted(subjects)},
        )
    flt = LogFilter(since=request.since, until=request.until)
    count, first, last = 0, None, None
    issued_in_range: set[int] = set()
    for event in log.read_all(batch_size=2000):
        if event.seq > head_seq:
            break
        if flt.in_range(event.recorded_at):
            count += 1
            first = event.seq if first is None else first
            last = event.seq
            if event.action == "decree.issued":
                issued_in_range.add(event.seq)
    if last is None:
        raise InputError(
            "--since / --until",
            "tidak ada event dalam rentang tanggal itu / no event in that date range",
        )
    return _Selection(
        "range",
        last,
        count,
        first,
        last,
        [d for d in decrees if d.seq in issued_in_range],
        {
            "since": request.since.isoformat() if request.since else None,
            "until": request.until.isoformat() if request.until else None,
            "time_zone": "Asia/Jakarta (WIB), both days included",
        },
    )


def _body_name(log: EventLog) -> str | None:
    profile = None
    for event in log.read(BODY_SUBJECT):
        profile = apply_body(profile, event)
    if profile is not None:
        return profile.name
    return log.get_meta("body_name")


def _arcname(relative: str) -> str:
    name = PurePosixPath(Path(relative).as_posix())
    if name.is_absolute() or ".." in name.parts:
        raise InputError(relative, "jalur berkas SK tidak aman / unsafe decree file path")
    return str(name)


def _fsync_dir(directory: Path) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_pack(
    service: Service,
    workdir: Path,
    out: Path,
    request: PackRequest | None = None,
    *,
    overwrite: bool = False,
    allow_broken: bool = False,
    progress: Progress | None = None,
) -> PackResult:
    """Write an evidence pack to ``out`` (see the module doc for what it holds).

    :param workdir: the workspace directory the decrees' files are relative to.
    :param allow_broken: write the pack even when a check fails (it then records the
        failure); otherwise :class:`~ujikon.service.audit.AuditFailed` and nothing is written.
    :param progress: called with the number of events written so far.
    :raises InputError: ``out`` exists (without ``overwrite``), nothing selected, an
        unknown decree.
    """
    request = request or PackRequest()
    log = service.log
    if out.exists() and not overwrite:
        raise InputError(str(out), "sudah ada; pakai --overwrite / already exists; use --overwrite")
    if not out.parent.is_dir():
        raise InputError(str(out), "folder tujuan tidak ada / the target folder does not exist")
    # The workspace's witnesses of the log's end, read before the head (see
    # ujikon.service.audit.verify_workspace): a pack of a log whose tail was cut is refused too.
    from ujikon.store.witness import CHECKPOINT_FILE, read_checkpoints

    witnessed = read_checkpoints(workdir / CHECKPOINT_FILE)
    found_files = decree_files(workdir)
    head = log.head()
    selection = _select(log, request, head.seq)
    now = service.now()
    tmp = out.parent / f".{out.name}.{os.getpid()}-{secrets.token_hex(4)}.tmp"
    files: dict[str, dict[str, Any]] = {}
    problems: list[Problem] = []
    try:
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
            chain, anchors, events_info = _write_events(
                zf, log, selection, {d.record.chain_seq for d in selection.decrees}, progress
            )
            files[EVENTS_FILE] = events_info
            if chain.problem is not None:
                problems.append(chain.problem)
            elif chain.count != selection.last_seq:
                problems.append(_short_problem(chain.count, selection.last_seq))
            elif selection.kind == "all" and (
                head_problem := chain.check_head(head.seq, head.hash)
            ):
                problems.append(head_problem)
            if chain.problem is None:
                every = [d for d in issued_decrees(log) if d.seq <= head.seq]
                problems.extend(check_checkpoints(witnessed, head.seq, log.hashes_at))
                for decree in selection.decrees:
                    problems.extend(check_decree_cases(log, decree))
                problems.extend(
                    check_unrecorded_files(workdir, found_files, every, head.seq, log.hashes_at)
                )
            files_ok = 0
            for decree in selection.decrees if chain.problem is None else []:
                anchor = check_anchor(decree, anchors.get)
                if anchor is not None:
                    problems.append(anchor)
                problem = check_file(workdir, decree)
                if problem is None:
                    files_ok += 1
                else:
                    problems.append(problem)
                source = workdir / decree.record.file
                if source.is_file():
                    arcname = _arcname(decree.record.file)
                    zf.write(source, arcname)
                    files[arcname] = {
                        "sha256": file_sha256(source),
                        "bytes": source.stat().st_size,
                        "decree": decree.number,
                    }
            checks = {
                "ok": not problems,
                "events_checked": chain.count,
                "decrees_checked": len(selection.decrees),
                "decree_files_ok": files_ok,
                "first_problem": problems[0].to_json() if problems else None,
                "problems": [p.to_json() for p in problems],
            }
            if problems and not allow_broken:
                raise AuditFailed(problems[0], "Paket bukti tidak dibuat", "Evidence pack not made")
            body = _body_name(log)
            report = _report_text(
                now=now,
                body=body,
                catalogue_version=service.catalogue.version,
                selection=selection,
                head=(head.seq, head.hash),
                events=chain.count,
                last_hash=chain.prev_hash,
                files_ok=files_ok,
                problems=problems,
            ).encode("utf-8")
            zf.writestr(REPORT_FILE, report)
            files[REPORT_FILE] = {
                "sha256": hashlib.sha256(report).hexdigest(),
                "bytes": len(report),
            }
            manifest = {
                "format": PACK_FORMAT,
                "created_at": format_utc(now),
                "created_at_wib": format_time_wib(now),
                "ujikon_version": __version__,
                "catalogue_version": service.catalogue.version,
                "body": body,
                "selection": selection.to_json(),
                "partial_packs": "events.jsonl always starts at genesis (seq 1) and ends at "
                "the last selected event / selalu dari genesis (seq 1) sampai event terpilih "
                "terakhir",
                "events": {
                    "file": EVENTS_FILE,
                    "first_seq": 1 if chain.count else None,
                    "last_seq": chain.count,
                    "count": chain.count,
                    "anchor_prev_hash": GENESIS_HASH,
                    "last_hash": chain.prev_hash,
                    "hash_recipe": HASH_RECIPE,
                },
                "chain_head": {"seq": head.seq, "hash": head.hash},
                "decrees": [_decree_json(d) for d in selection.decrees],
                "files": files,
                "checked_at_packing": checks,
            }
            zf.writestr(
                MANIFEST_FILE, json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True)
            )
        with open(tmp, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, out)
        _fsync_dir(out.parent)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return PackResult(
        path=out,
        sha256=file_sha256(out),
        size=out.stat().st_size,
        events=chain.count,
        selected_events=selection.selected,
        decrees=tuple(d.number for d in selection.decrees),
        head_seq=head.seq,
        head_hash=head.hash,
        problems=tuple(problems),
        manifest=manifest,
    )


def _write_events(
    zf: zipfile.ZipFile,
    log: EventLog,
    selection: _Selection,
    wanted: set[int],
    progress: Progress | None,
) -> tuple[RecordChain, dict[int, str], dict[str, Any]]:
    chain = RecordChain()
    anchors: dict[int, str] = {}
    digest = hashlib.sha256()
    size = 0
    pending: list[bytes] = []
    with zf.open(EVENTS_FILE, "w", force_zip64=True) as member:
        for event in log.read_all(batch_size=2000):
            if event.seq > selection.last_seq:
                break
            record = event_record(event)
            chain.check(record)
            if event.seq in wanted:
                anchors[event.seq] = event.hash
            pending.append((canonical_json(record) + "\n").encode("utf-8"))
            if len(pending) >= _PROGRESS_EVERY:
                size += _flush(member, digest, pending)
                if progress is not None:
                    progress(event.seq)
        size += _flush(member, digest, pending)
    if progress is not None:
        progress(selection.last_seq)
    return chain, anchors, {"sha256": digest.hexdigest(), "bytes": size}


def _flush(member: IO[bytes], digest: Any, pending: list[bytes]) -> int:
    data = b"".join(pending)
    pending.clear()
    member.write(data)
    digest.update(data)
    return len(data)


def _short_problem(count: int, last: int) -> Problem:
    return Problem(
        "event",
        "gap",
        f"{REASON_GAP}: log berakhir pada seq {count}, seharusnya sampai seq {last} / the log "
        f"ends at seq {count}, expected up to seq {last}",
        seq=count + 1,
    )


def _decree_json(decree: IssuedDecree) -> dict[str, Any]:
    record = decree.record
    return {
        "number": record.number,
        "decree_id": decree.decree_id,
        "state": decree.state,
        "file": _arcname(record.file),
        "pdf_sha256": record.pdf_sha256,
        "decision_sha256": record.decision_sha256,
        "issued_seq": decree.seq,
        "chain_seq": record.chain_seq,
        "chain_head": record.chain_head,
        "cases": list(decree.cases),
    }


def _selection_text(selection: _Selection) -> tuple[str, str]:
    d = selection.details
    if selection.kind == "decree":
        return (
            f"SK nomor {d['decree']} ({d['decree_id']}): {selection.selected} event tentang SK "
            f"itu dan kasus-kasusnya (seq {selection.first_selected} s.d. "
            f"{selection.last_selected})",
            f"decree number {d['decree']} ({d['decree_id']}): {selection.selected} events about "
            f"it and its cases (seq {selection.first_selected} to {selection.last_selected})",
        )
    if selection.kind == "range":
        since = d["since"] or "awal / the start"
        until = d["until"] or "akhir / the end"
        return (
            f"event tercatat {since} s.d. {until} (WIB): {selection.selected} event (seq "
            f"{selection.first_selected} s.d. {selection.last_selected})",
            f"events recorded {since} to {until} (WIB): {selection.selected} events (seq "
            f"{selection.first_selected} to {selection.last_selected})",
        )
    return (
        f"seluruh log: {selection.selected} event",
        f"the whole log: {selection.selected} events",
    )


def _report_text(
    *,
    now: datetime,
    body: str | None,
    catalogue_version: str,
    selection: _Selection,
    head: tuple[int, str],
    events: int,
    last_hash: str,
    files_ok: int,
    problems: Sequence[Problem],
) -> str:
    sel_id, sel_en = _selection_text(selection)
    n_pdf = len(selection.decrees)
    numbers = ", ".join(d.number for d in selection.decrees) or "-"
    partial = selection.last_seq < head[0]
    ok = not problems
    result_id = (
        "UTUH. Setiap hash dihitung ulang dan cocok, setiap tautan menunjuk ke event "
        "sebelumnya, nomor urut tanpa celah, dan setiap berkas SK sama dengan yang dicatat "
        "saat diterbitkan."
        if ok
        else f"TIDAK UTUH. Masalah pertama: {problems[0].line()}"
    )
    result_en = (
        "INTACT. Every hash recomputes and matches, every link points to the event before, "
        "the sequence has no gap, and every decree file is the one recorded when it was issued."
        if ok
        else f"NOT INTACT. First problem: {problems[0].line()}"
    )
    lines = [
        "LAPORAN VERIFIKASI PAKET BUKTI ujikon",
        "=====================================",
        "",
        f"Dibuat: {format_time_wib(now)} oleh ujikon {__version__} "
        f"(katalog dasar pengecualian versi {catalogue_version}).",
        f"Badan Publik: {body or '-'}",
        f"Yang dipilih: {sel_id}.",
        "",
        "Isi paket:",
        f"- {EVENTS_FILE}: {events} event, seq 1 s.d. {events}, satu event per baris dalam JSON "
        "kanonik. Paket ini selalu dimulai dari event pertama log (genesis), juga bila hanya "
        "sebagian yang dipilih, agar seluruh rantai dapat diperiksa dari awal.",
        f"- {n_pdf} berkas SK bertanda tangan (PDF): {numbers}.",
        f"- {MANIFEST_FILE}: SHA-256 setiap berkas, kepala rantai, pilihan, versi.",
        "",
        "Yang diperiksa saat paket dibuat:",
        f"1. Rantai hash: hash setiap event (seq 1 s.d. {events}) dihitung ulang dari isinya, "
        "setiap prev_hash menunjuk ke hash event sebelumnya, dan nomor urut tanpa celah.",
        f"2. Kepala rantai log saat ini: seq {head[0]}, hash {head[1]}."
        + (
            f" Paket berakhir pada seq {events} (hash {last_hash}); event sesudahnya tidak dipilih."
            if partial
            else ""
        ),
        "3. Jangkar tiap SK: kepala rantai yang dicatat SK saat terbit (dicetak kecil di "
        "halaman terakhirnya) sama dengan hash event pada seq itu -- bukti bahwa riwayat "
        "sebelum SK tidak ditulis ulang.",
        f"4. Berkas SK: {files_ok} dari {n_pdf} berkas ada dan SHA-256-nya sama dengan yang "
        "dicatat saat diterbitkan.",
        "",
        f"HASIL: {result_id}",
        "",
        "Cara memeriksa sendiri:",
        "- Dengan ujikon, di komputer mana pun (tanpa ruang kerja): "
        "`ujikon audit verify-pack PAKET.zip`. Perintah itu juga memeriksa tanda tangan PDF.",
        '- Tanpa ujikon: untuk setiap baris events.jsonl, hapus kolom "hash", tulis sisanya '
        "sebagai JSON kanonik (kunci terurut, tanpa spasi, UTF-8); SHA-256-nya harus sama "
        'dengan "hash". "prev_hash" harus sama dengan "hash" baris sebelumnya (baris '
        'pertama: 64 angka nol), dan "seq" sama dengan nomor baris.',
        "- Bandingkan kepala rantai di atas dengan `ujikon audit verify` pada log asli, dan "
        "SHA-256 setiap berkas dengan manifest.json.",
        "",
        "",
        "VERIFICATION REPORT OF A ujikon EVIDENCE PACK",
        "=============================================",
        "",
        f"Made: {now.astimezone(UTC):%Y-%m-%d %H:%M:%S} UTC by ujikon {__version__} "
        f"(statute catalogue version {catalogue_version}).",
        f"Public body: {body or '-'}",
        f"Selected: {sel_en}.",
        "",
        "Contents:",
        f"- {EVENTS_FILE}: {events} events, seq 1 to {events}, one per line in canonical JSON. "
        "The pack always starts at the log's first event (genesis), even when only part was "
        "selected, so the whole chain can be checked from its start.",
        f"- {n_pdf} signed decree file(s) (PDF): {numbers}.",
        f"- {MANIFEST_FILE}: the SHA-256 of every file, the chain head, the selection, versions.",
        "",
        "Checked when the pack was made:",
        f"1. Hash chain: every event's hash (seq 1 to {events}) recomputed from its content, "
        "every prev_hash pointing to the hash of the event before, no gap in the sequence.",
        f"2. The log's chain head now: seq {head[0]}, hash {head[1]}."
        + (
            f" The pack ends at seq {events} (hash {last_hash}); later events were not selected."
            if partial
            else ""
        ),
        "3. Each decree's anchor: the chain head a decree recorded when issued (printed small "
        "on its last page) equals the hash of the event at that seq -- proof that the history "
        "before the decree has not been rewritten.",
        f"4. Decree files: {files_ok} of {n_pdf} present with the SHA-256 recorded at issue.",
        "",
        f"RESULT: {result_en}",
        "",
        "To check it yourself:",
        "- With ujikon, on any computer (no workspace needed): "
        "`ujikon audit verify-pack PACK.zip`. It checks the PDF signatures too.",
        '- Without ujikon: for every line of events.jsonl, drop the "hash" field and write '
        "the rest as canonical JSON (keys sorted, no spaces, UTF-8); its SHA-256 must equal "
        '"hash". "prev_hash" must equal the "hash" of the line before (64 zeros on the '
        'first line), and "seq" the line number.',
        "- Compare the chain head above with `ujikon audit verify` on the original log, and "
        "each file's SHA-256 with manifest.json.",
    ]
    if problems:
        lines += ["", "Masalah / problems:"] + [f"- {p.line()}" for p in problems]
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- verifying


@dataclass(frozen=True)
class DecreeCheck:
    number: str
    file: str
    present: bool
    pdf_matches: bool
    signatures: str
    """``ok``, ``not-checked`` (no pyHanko) or what was wrong."""
    trusted: bool | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "file": self.file,
            "present": self.present,
            "pdf_matches_event": self.pdf_matches,
            "signatures": self.signatures,
            "trusted": self.trusted,
        }


@dataclass(frozen=True)
class PackReport:
    """What :func:`verify_pack` found."""

    path: str
    events: int
    last_hash: str
    head_seq: int | None
    head_hash: str | None
    selection: dict[str, Any]
    files_checked: int
    files_ok: int
    decrees: tuple[DecreeCheck, ...]
    signatures_checked: bool
    problems: tuple[Problem, ...]
    notes: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def exit_code(self) -> int:
        return 0 if self.ok else self.problems[0].exit_code

    def summary_lines(self) -> list[str]:
        lines = []
        if self.ok:
            signed = (
                f"; {len(self.decrees)} SK bertanda tangan utuh / decree signatures intact"
                if self.signatures_checked
                else "; tanda tangan tidak diperiksa (pyHanko tidak ada) / signatures not "
                "checked (no pyHanko)"
            )
            lines.append(
                f"Paket utuh / pack intact: {self.events} event (seq 1..{self.events}), "
                f"head {self.last_hash}; {self.files_ok} berkas cocok / files match{signed}"
            )
        else:
            lines.append(f"TIDAK UTUH / NOT INTACT: {self.problems[0].line()}")
            lines.extend(f"  - {p.line()}" for p in self.problems[1:])
        lines.extend(self.notes)
        return lines

    def to_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "pack": self.path,
            "events": self.events,
            "last_hash": self.last_hash,
            "chain_head": {"seq": self.head_seq, "hash": self.head_hash},
            "selection": self.selection,
            "files_checked": self.files_checked,
            "files_ok": self.files_ok,
            "decrees": [d.to_json() for d in self.decrees],
            "signatures_checked": self.signatures_checked,
            "first_problem": self.problems[0].to_json() if self.problems else None,
            "problems": [p.to_json() for p in self.problems],
            "notes": list(self.notes),
            "exit_code": self.exit_code,
        }


def _member_sha256(zf: zipfile.ZipFile, name: str) -> str:
    digest = hashlib.sha256()
    with zf.open(name) as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


MEMBER_LIMIT = 64 * 1024 * 1024
"""The most one file of a pack read whole (the manifest, a decree PDF) may hold once
unpacked: a member that unpacks to more (a ZIP bomb) is refused, not held in memory."""

EVENT_LINE_LIMIT = 4 * 1024 * 1024
"""The longest line of ``events.jsonl`` read (an event holds a few KiB)."""


class MemberTooLarge(OSError):
    """A member of the pack unpacks to more than the limit read for it."""


def read_member(zf: zipfile.ZipFile, name: str, limit: int | None = None) -> bytes:
    """The unpacked bytes of ``name``, read at most ``limit`` (:data:`MEMBER_LIMIT`) of
    them, whatever size the ZIP directory claims: it is the pack's word, not a fact."""
    limit = MEMBER_LIMIT if limit is None else limit
    with zf.open(name) as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise MemberTooLarge(
            f"{name}: lebih dari {limit // (1024 * 1024)} MiB setelah dibuka / unpacks to more "
            f"than {limit // (1024 * 1024)} MiB"
        )
    return data


def _lines(zf: zipfile.ZipFile) -> Iterator[tuple[int, str]]:
    with zf.open(EVENTS_FILE) as raw:
        text = io.TextIOWrapper(raw, encoding="utf-8", newline="\n")
        number = 0
        while line := text.readline(EVENT_LINE_LIMIT + 1):
            number += 1
            if len(line) > EVENT_LINE_LIMIT:
                raise MemberTooLarge(
                    f"{EVENTS_FILE}:{number}: baris lebih dari "
                    f"{EVENT_LINE_LIMIT // (1024 * 1024)} MiB / line longer than "
                    f"{EVENT_LINE_LIMIT // (1024 * 1024)} MiB"
                )
            yield number, line


_READ_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, UnicodeDecodeError, OSError)


class _PackChecker:
    def __init__(self, zf: zipfile.ZipFile, path: Path, progress: Progress | None) -> None:
        self.zf = zf
        self.path = path
        self.progress = progress
        self.problems: list[Problem] = []
        self.notes: list[str] = []
        self.names = {n for n in zf.namelist() if not n.endswith("/")}

    def manifest(self) -> dict[str, Any] | None:
        if MANIFEST_FILE not in self.names:
            self.problems.append(
                Problem("pack", "manifest", "manifest.json tidak ada / manifest.json is missing")
            )
            return None
        try:
            manifest = json.loads(read_member(self.zf, MANIFEST_FILE).decode("utf-8"))
        except (*_READ_ERRORS, ValueError) as exc:
            self.problems.append(
                Problem(
                    "pack",
                    "manifest",
                    f"manifest.json tidak terbaca / cannot be read: {exc}",
                    file=MANIFEST_FILE,
                )
            )
            return None
        if not isinstance(manifest, dict) or manifest.get("format") != PACK_FORMAT:
            self.problems.append(
                Problem(
                    "pack",
                    "manifest",
                    f"bukan paket bukti ujikon / not a ujikon evidence pack (format "
                    f"{manifest.get('format') if isinstance(manifest, dict) else '?'}; "
                    f"expected {PACK_FORMAT})",
                    file=MANIFEST_FILE,
                )
            )
            return None
        return manifest

    def events(self) -> tuple[RecordChain, dict[str, tuple[int, dict[str, Any], datetime]]]:
        """Walk the chain; the ``decree.issued`` events met, by decree id."""
        chain = RecordChain()
        issued: dict[str, tuple[int, dict[str, Any], datetime]] = {}
        if EVENTS_FILE not in self.names:
            chain.problem = Problem(
                "file", "missing", "events.jsonl tidak ada / is missing", file=EVENTS_FILE
            )
            self.problems.append(chain.problem)
            return chain, issued
        try:
            for number, line in _lines(self.zf):
                try:
                    record = json.loads(line)
                except ValueError as exc:
                    self.problems.append(chain.unreadable(number, f"bukan JSON / not JSON: {exc}"))
                    break
                problem = chain.check(record, number)
                if problem is not None:
                    self.problems.append(problem)
                    break
                if record["action"] == "decree.issued" and record["subject"].startswith("decree:"):
                    issued[record["subject"].split(":", 1)[1]] = (
                        record["seq"],
                        record["payload"].get("data", {}),
                        datetime.fromisoformat(record["recorded_at"].replace("Z", "+00:00")),
                    )
                if self.progress is not None and number % _PROGRESS_EVERY == 0:
                    self.progress(number)
        except _READ_ERRORS as exc:
            problem = Problem(
                "pack",
                "unreadable",
                f"events.jsonl tidak terbaca / cannot be read: {exc}",
                file=EVENTS_FILE,
            )
            chain.problem = chain.problem or problem
            self.problems.append(problem)
        if self.progress is not None:
            self.progress(chain.count)
        return chain, issued

    def hashes_at(self, seqs: set[int]) -> dict[int, str]:
        found: dict[int, str] = {}
        if not seqs:
            return found
        top = max(seqs)
        for number, line in _lines(self.zf):
            if number in seqs:
                found[number] = json.loads(line)["hash"]
            if number >= top:
                break
        return found

    def head(self, manifest: dict[str, Any], chain: RecordChain) -> None:
        events = manifest.get("events") or {}
        head = manifest.get("chain_head") or {}
        if chain.problem is not None:
            return
        if events.get("last_seq") != chain.count or events.get("last_hash") != chain.prev_hash:
            self.problems.append(
                Problem(
                    "pack",
                    "manifest",
                    f"manifest menyebut event terakhir seq {events.get('last_seq')} "
                    f"{str(events.get('last_hash'))[:12]}…, events.jsonl berakhir pada seq "
                    f"{chain.count} {chain.prev_hash[:12]}… / the manifest's last event differs "
                    "from events.jsonl",
                    file=MANIFEST_FILE,
                )
            )
            return
        head_seq, head_hash = head.get("seq"), head.get("hash")
        if not isinstance(head_seq, int) or head_seq < chain.count:
            self.problems.append(
                Problem(
                    "pack",
                    "manifest",
                    f"kepala rantai di manifest (seq {head_seq}) sebelum event terakhir paket "
                    f"(seq {chain.count}) / the manifest's chain head is before the pack's last "
                    "event",
                    file=MANIFEST_FILE,
                )
            )
        elif head_seq == chain.count and head_hash != chain.prev_hash:
            self.problems.append(
                Problem(
                    "pack",
                    "head_mismatch",
                    f"kepala rantai di manifest {str(head_hash)[:12]}… ≠ hash event terakhir "
                    f"{chain.prev_hash[:12]}… / the manifest's chain head is not the last event",
                    file=MANIFEST_FILE,
                )
            )
        elif head_seq > chain.count:
            self.notes.append(
                f"Paket sebagian: log berlanjut sampai seq {head_seq} (hash {head_hash}); "
                "bandingkan dengan log asli / partial pack: the log went on to that seq; "
                "compare with the original log"
            )

    def files(self, manifest: dict[str, Any]) -> tuple[int, int]:
        listed = manifest.get("files")
        if not isinstance(listed, dict):
            self.problems.append(
                Problem("pack", "manifest", "manifest tanpa daftar berkas / no file list")
            )
            return 0, 0
        checked = ok = 0
        for name in sorted(listed, key=lambda n: (n != EVENTS_FILE, n)):
            info = listed[name]
            checked += 1
            if name not in self.names:
                self.problems.append(
                    Problem(
                        "file",
                        "missing",
                        "tercantum di manifest tetapi tidak ada di paket / listed in the "
                        "manifest but not in the pack",
                        file=name,
                    )
                )
                continue
            try:
                actual = _member_sha256(self.zf, name)
            except _READ_ERRORS as exc:
                self.problems.append(
                    Problem(
                        "file", "unreadable", f"tidak terbaca / cannot be read: {exc}", file=name
                    )
                )
                continue
            expected = info.get("sha256") if isinstance(info, dict) else None
            if actual != expected:
                self.problems.append(
                    Problem(
                        "file",
                        "file_hash_mismatch",
                        f"SHA-256 {actual[:16]}… ≠ manifest {str(expected)[:16]}… / the file "
                        "differs from the manifest",
                        file=name,
                    )
                )
            else:
                ok += 1
        for name in sorted(self.names - set(listed) - {MANIFEST_FILE}):
            self.problems.append(
                Problem(
                    "file",
                    "unlisted",
                    "ada di paket tetapi tidak tercantum di manifest / in the pack but not in "
                    "the manifest",
                    file=name,
                )
            )
        return checked, ok

    def decrees(
        self,
        manifest: dict[str, Any],
        issued: dict[str, tuple[int, dict[str, Any], datetime]],
        trust_roots: Sequence[Any],
        signatures: bool,
    ) -> list[DecreeCheck]:
        selection = manifest.get("selection") or {}
        kind = selection.get("kind")
        records: list[IssuedDecree] = []
        for decree_id, (seq, data, _at) in issued.items():
            try:
                record = IssueRecord.model_validate(data)
            except ValueError as exc:
                self.problems.append(
                    Problem(
                        "event",
                        "unreadable",
                        f"decree.issued tidak terbaca / cannot be read: {exc}",
                        seq=seq,
                    )
                )
                continue
            records.append(IssuedDecree(decree_id, "issued", record, seq, record.cases))
        if kind == "decree":
            expected = [d for d in records if d.number == selection.get("decree")]
            if not expected:
                self.problems.append(
                    Problem(
                        "pack",
                        "manifest",
                        f"SK terpilih {selection.get('decree')} tidak ada di events.jsonl / "
                        "the selected decree is not in events.jsonl",
                        decree=str(selection.get("decree")),
                    )
                )
        elif kind == "range":
            try:
                flt = LogFilter(
                    since=_day(selection.get("since")), until=_day(selection.get("until"))
                )
            except (ValueError, InputError) as exc:
                self.problems.append(
                    Problem(
                        "pack",
                        "manifest",
                        f"rentang tanggal di manifest tidak terbaca / unreadable date range: {exc}",
                        file=MANIFEST_FILE,
                    )
                )
                return []
            expected = [d for d in records if flt.in_range(issued[d.decree_id][2])]
        else:
            expected = records
        expected.sort(key=lambda d: d.seq)
        listed = {d.get("number") for d in manifest.get("decrees") or [] if isinstance(d, dict)}
        wanted = {d.number for d in expected}
        if listed != wanted:
            self.problems.append(
                Problem(
                    "pack",
                    "manifest",
                    f"manifest mencantumkan SK {sorted(str(n) for n in listed)}, menurut "
                    f"events.jsonl seharusnya {sorted(wanted)} / the manifest's decrees differ "
                    "from those the events and the selection call for",
                    file=MANIFEST_FILE,
                )
            )
        anchors = self.hashes_at({d.record.chain_seq for d in expected if d.record.chain_seq})
        checks = []
        for decree in expected:
            anchor = check_anchor(decree, anchors.get)
            if anchor is not None:
                self.problems.append(anchor)
            checks.append(self._decree_file(decree, trust_roots, signatures))
        return checks

    def _decree_file(
        self, decree: IssuedDecree, trust_roots: Sequence[Any], signatures: bool
    ) -> DecreeCheck:
        record = decree.record
        name = str(PurePosixPath(Path(record.file).as_posix()))
        if name not in self.names:
            self.problems.append(
                Problem(
                    "file",
                    "missing",
                    f"PDF SK {record.number} tidak ada di paket / the decree's PDF is not in "
                    "the pack",
                    file=name,
                    decree=record.number,
                )
            )
            return DecreeCheck(record.number, name, False, False, "missing")
        try:
            data = read_member(self.zf, name)
        except _READ_ERRORS as exc:
            self.problems.append(
                Problem("file", "unreadable", f"tidak terbaca / cannot be read: {exc}", file=name)
            )
            return DecreeCheck(record.number, name, True, False, "unreadable")
        actual = hashlib.sha256(data).hexdigest()
        matches = actual == record.pdf_sha256
        if not matches:
            self.problems.append(
                Problem(
                    "file",
                    "file_hash_mismatch",
                    f"SHA-256 {actual[:16]}… ≠ yang dicatat event decree.issued seq {decree.seq} "
                    f"({record.pdf_sha256[:16]}…) / differs from the hash recorded when the "
                    "decree was issued",
                    file=name,
                    decree=record.number,
                )
            )
        if not signatures:
            return DecreeCheck(record.number, name, True, matches, "not-checked")
        return self._signatures(decree, name, data, matches, trust_roots)

    def _signatures(
        self,
        decree: IssuedDecree,
        name: str,
        data: bytes,
        matches: bool,
        trust_roots: Sequence[Any],
    ) -> DecreeCheck:
        from ujikon.documents.verify import verify_pdf
        from ujikon.errors import UjikonError

        record = decree.record
        try:
            verdict = verify_pdf(data, trust_roots=trust_roots, source=name)
        except UjikonError as exc:
            self.problems.append(
                Problem(
                    "file", "signature", f"PDF tidak terbaca / unreadable PDF: {exc}", file=name
                )
            )
            return DecreeCheck(record.number, name, True, matches, "unreadable")
        if not verdict.ok:
            summary = verdict.summary_lines()[0]
            self.problems.append(
                Problem(
                    "file",
                    "signature",
                    f"tanda tangan tidak sah / signature not valid: {summary}",
                    file=name,
                    decree=record.number,
                )
            )
            return DecreeCheck(record.number, name, True, matches, "invalid", verdict.trusted)
        decision = verdict.embedded_files.get(DECISION_ATTACHMENT)
        if decision is not None and sha256_hex(decision.decode("utf-8")) != record.decision_sha256:
            self.problems.append(
                Problem(
                    "file",
                    "decision_mismatch",
                    "keputusan tertanam berbeda dengan yang dicatat saat terbit / the embedded "
                    "decision differs from the one recorded at issue",
                    file=name,
                    decree=record.number,
                )
            )
            return DecreeCheck(record.number, name, True, matches, "decision-differs")
        return DecreeCheck(record.number, name, True, matches, "ok", verdict.trusted)


def _day(text: Any) -> date | None:
    return date.fromisoformat(str(text)) if text else None


def signatures_available() -> bool:
    """pyHanko is installed (signatures can be checked)."""
    return importlib.util.find_spec("pyhanko") is not None


def verify_pack(
    path: Path,
    *,
    trust_roots: Sequence[Any] = (),
    check_signatures: bool | None = None,
    progress: Progress | None = None,
) -> PackReport:
    """Check an evidence pack without any workspace (see the module doc).

    :param trust_roots: certificates (PEM/DER bytes) to report signers as trusted
        against; trust does not decide the result, an intact signature does.
    :param check_signatures: ``None``: when pyHanko is installed.
    :raises InputError: ``path`` is not a readable ZIP file.
    """
    signatures = signatures_available() if check_signatures is None else check_signatures
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            raise InputError(
                str(path),
                "bukan berkas biasa (direktori, perangkat, pipa), tidak dibaca / not a regular "
                "file (a directory, device or pipe), not read",
            )
        zf = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as exc:
        raise InputError(
            str(path), f"bukan berkas ZIP yang terbaca / not a readable ZIP file: {exc}"
        ) from None
    with zf:
        checker = _PackChecker(zf, path, progress)
        manifest = checker.manifest()
        if manifest is None:
            return PackReport(
                str(path), 0, GENESIS_HASH, None, None, {}, 0, 0, (), False,
                tuple(checker.problems),
            )  # fmt: skip
        chain, issued = checker.events()
        checker.head(manifest, chain)
        checked, ok = checker.files(manifest)
        decrees: list[DecreeCheck] = []
        if chain.problem is None:
            decrees = checker.decrees(manifest, issued, trust_roots, signatures)
        else:
            checker.notes.append(
                "SK tidak dicocokkan karena rantai event rusak / decrees not checked against "
                "the events because the chain is broken"
            )
        head = manifest.get("chain_head") or {}
        return PackReport(
            path=str(path),
            events=chain.count,
            last_hash=chain.prev_hash,
            head_seq=head.get("seq"),
            head_hash=head.get("hash"),
            selection=manifest.get("selection") or {},
            files_checked=checked,
            files_ok=ok,
            decrees=tuple(decrees),
            signatures_checked=signatures and chain.problem is None,
            problems=tuple(checker.problems),
            notes=tuple(checker.notes),
        )
