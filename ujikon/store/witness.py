"""The chain head witnessed outside the database: the checkpoint file ``chain-head.log``.

The hash chain proves that no event *inside* the log was changed, but not that none was
cut off its end: delete the last events, point ``chain_head`` at the one before, and the
chain is consistent again. The checkpoint file is a second copy of the head, kept in the
workspace directory beside the database (for a PostgreSQL workspace too), where someone
who edits the database does not necessarily reach.

After every append that commits, one line is added::

    <seq> <hash> <time> <link>

``seq`` and ``hash`` are the chain head after the commit, ``time`` the wall-clock time
(UTC) it was written, ``link`` the SHA-256 of the previous line (its text, without the
line break) followed by a space and this line's first three fields -- so the lines form
a chain of their own and a line cannot be changed or removed in the middle unseen. The
first line links to :data:`~ujikon.domain.events.GENESIS_HASH`.

Appenders in several processes write under an exclusive ``flock`` of the file; a head
that is not beyond the last line's seq is not written (a later head, already witnessed,
implies it), so the seqs grow line by line.

``audit verify`` (:mod:`ujikon.service.audit`) reads the file *before* it takes its snapshot of
the chain and checks that every line names an event of the chain with that hash and
that the chain does not end before the last line.

What it cannot do: whoever can write both the database and this file can cut both. The
signed decrees in ``sk/`` are the witnesses such a person cannot rewrite (README, "What
audit verify detects / does not detect").
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import logging
import os
import re
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from ujikon.domain.events import GENESIS_HASH, format_utc

__all__ = [
    "CHECKPOINT_FILE",
    "Checkpoint",
    "CheckpointRead",
    "HeadWitness",
    "line_link",
    "read_checkpoints",
]

logger = logging.getLogger(__name__)

CHECKPOINT_FILE = "chain-head.log"
"""The checkpoint file's name in the workspace directory."""

_LINE = re.compile(
    r"(?P<seq>[1-9][0-9]{0,18}) (?P<hash>[0-9a-f]{64}) (?P<at>[0-9T:.\-]{19,32}Z) "
    r"(?P<link>[0-9a-f]{64})"
)
_TAIL_BYTES = 4096
"""How much of the file's end is read to find its last line (a line is ~170 bytes)."""


def line_link(previous_line: str | None, seq: int, head_hash: str, at: str) -> str:
    """The link of a line: SHA-256 of the previous line's text and this line's fields."""
    before = GENESIS_HASH if previous_line is None else previous_line
    return hashlib.sha256(f"{before} {seq} {head_hash} {at}".encode()).hexdigest()


@dataclass(frozen=True)
class Checkpoint:
    """One line of the checkpoint file."""

    line: int
    """Its line number (1 first)."""
    seq: int
    hash: str
    at: str


@dataclass(frozen=True)
class CheckpointRead:
    """What the checkpoint file holds, and what is wrong with it."""

    exists: bool
    checkpoints: tuple[Checkpoint, ...] = ()
    """The lines that parsed, in file order."""
    problems: tuple[tuple[int, str], ...] = ()
    """(line number, why), in Indonesian then English: unreadable lines, broken links,
    seqs that go backwards."""


def _read_shared(path: Path) -> bytes:
    """The file's bytes, read under a shared ``flock``: appenders write a line under the
    exclusive lock, so a reader never sees half a line being written (which it would
    report as a torn line). Where the file system refuses locks (some network or
    read-only media) it is read without one."""
    handle = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
    try:
        with contextlib.suppress(OSError):
            fcntl.flock(handle, fcntl.LOCK_SH)
        chunks = []
        while chunk := os.read(handle, 1 << 20):
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(handle)  # closing releases the lock


def read_checkpoints(path: Path) -> CheckpointRead:
    """Read and check the checkpoint file (its own format and links only; the chain is
    compared by :mod:`ujikon.service.audit`). A missing file is ``exists=False``, not a problem."""
    try:
        data = _read_shared(path)
    except FileNotFoundError:
        return CheckpointRead(exists=False)
    found: list[Checkpoint] = []
    problems: list[tuple[int, str]] = []
    previous: str | None = None
    last_seq = 0
    text = data.decode("utf-8", errors="replace")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    elif lines:
        problems.append(
            (
                len(lines),
                "baris terakhir tidak lengkap (tanpa akhir baris) / the last line is "
                "incomplete (no line break)",
            )
        )
    for number, line in enumerate(lines, start=1):
        match = _LINE.fullmatch(line)
        if match is None:
            problems.append(
                (
                    number,
                    f"bukan baris checkpoint 'seq hash waktu tautan': {line[:60]!r} / not a "
                    "checkpoint line 'seq hash time link'",
                )
            )
            previous = line
            continue
        seq = int(match["seq"])
        if match["link"] != line_link(previous, seq, match["hash"], match["at"]):
            problems.append(
                (
                    number,
                    "tautan ke baris sebelumnya tidak cocok: baris diubah, disisipkan atau "
                    "dihapus / the link to the line before does not match: a line was "
                    "changed, inserted or removed",
                )
            )
        if seq <= last_seq:
            problems.append(
                (
                    number,
                    f"seq {seq} tidak lebih besar dari baris sebelumnya ({last_seq}) / seq "
                    f"{seq} is not beyond the line before ({last_seq})",
                )
            )
        last_seq = max(last_seq, seq)
        found.append(Checkpoint(number, seq, match["hash"], match["at"]))
        previous = line
    return CheckpointRead(exists=True, checkpoints=tuple(found), problems=tuple(problems))


def _last_line(handle: int, size: int) -> str | None:
    """The last complete line of the file open as ``handle`` (``None`` if empty)."""
    if size == 0:
        return None
    start = max(0, size - _TAIL_BYTES)
    os.lseek(handle, start, os.SEEK_SET)
    tail = os.read(handle, size - start).decode("utf-8", errors="replace")
    lines = tail.rstrip("\n").split("\n")
    return lines[-1] if lines else None


def _ends_with_newline(handle: int, size: int) -> bool:
    os.lseek(handle, size - 1, os.SEEK_SET)
    return os.read(handle, 1) == b"\n"


class HeadWitness:
    """Writes the chain head to the checkpoint file after each commit.

    The file stays open between commits (reopened after a fork, or when the file at
    ``path`` was replaced), and the last line written is remembered, so a commit costs
    one ``flock``, one ``fstat`` and one ``write`` -- the tail is read again only when
    another writer wrote since. Safe to share between threads.

    :param path: the checkpoint file (``<workspace>/chain-head.log``).
    :param every: write a line only when the head is at least this many events beyond
        the last line (1: after every commit). A forced write (each decree) ignores it.
    """

    def __init__(self, path: Path, *, every: int = 1) -> None:
        if every < 1:
            raise ValueError("every must be at least 1")
        self.path = path
        self.every = every
        self._mutex = threading.Lock()
        self._fd: int | None = None
        self._owner = 0
        self._known: tuple[int, str] | None = None
        """(the file's size after our last write, that last line)."""

    def __repr__(self) -> str:
        return f"HeadWitness({str(self.path)!r}, every={self.every})"

    def _handle(self) -> int:
        """The open file, reopened after a fork or when ``path`` names another file."""
        fd = self._fd
        if fd is not None and self._owner == os.getpid():
            try:
                same = os.stat(self.path).st_ino == os.fstat(fd).st_ino
            except FileNotFoundError:
                same = False
            if same:
                return fd
        if fd is not None and self._owner == os.getpid():
            os.close(fd)
        flags = os.O_RDWR | os.O_CREAT | os.O_APPEND | getattr(os, "O_CLOEXEC", 0)
        self._fd = os.open(self.path, flags, 0o644)
        self._owner = os.getpid()
        self._known = None
        return self._fd

    def close(self) -> None:
        """Close the file (it is reopened by the next :meth:`record`)."""
        with self._mutex:
            if self._fd is not None and self._owner == os.getpid():
                os.close(self._fd)
            self._fd = None

    def record(
        self, seq: int, head_hash: str, *, force: bool = False, durable: bool = False
    ) -> bool:
        """Add a line for the head ``seq``/``head_hash`` (just committed), unless the last
        line is already at or beyond it (or, without ``force``, fewer than ``every``
        events behind). ``durable`` also syncs the file to disk (a decree's head).

        Returns whether a line was written.

        :raises OSError: the file cannot be written (the caller decides what that means;
            the events are committed either way).
        """
        with self._mutex:
            handle = self._handle()
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                size = os.fstat(handle).st_size
                if self._known is not None and self._known[0] == size:
                    previous: str | None = self._known[1]
                else:
                    previous = _last_line(handle, size)
                if previous is not None:
                    match = _LINE.fullmatch(previous)
                    last_seq = int(match["seq"]) if match else 0
                    if seq <= last_seq or (not force and seq - last_seq < self.every):
                        self._known = (size, previous)
                        return False
                at = format_utc(datetime.now(UTC))
                body = f"{seq} {head_hash} {at} {line_link(previous, seq, head_hash, at)}"
                line = body + "\n"
                if size and not _ends_with_newline(handle, size):
                    line = "\n" + line  # after a torn line: that one stays visible as torn
                data = line.encode()
                os.write(handle, data)
                if durable:
                    os.fsync(handle)
                self._known = (size + len(data), body)
                return True
            except BaseException:
                self._known = None
                raise
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def record_quietly(self, seq: int, head_hash: str, *, force: bool = False) -> None:
        """:meth:`record`, logging instead of raising when the file cannot be written
        (after a commit there is nothing to undo; ``audit verify`` will see a line missing
        only as a shorter witness)."""
        try:
            self.record(seq, head_hash, force=force, durable=force)
        except OSError as exc:
            logger.warning(
                "checkpoint %s not written (seq %d): %s", self.path, seq, exc.strerror or exc
            )
