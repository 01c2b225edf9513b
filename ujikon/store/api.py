"""The storage contract: an append-only, hash-chained event log with a small index.

``EventLog`` is what the service layer sees; :mod:`ujikon.store.sql` implements it
for SQLite and PostgreSQL through SQLAlchemy Core. The index (``IndexEntry``) is a
projection kept in the same transaction as the events it summarises, so listing
cases by state does not replay the whole log; it can always be rebuilt from the log.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from ujikon.domain.events import NewEvent, StoredEvent

__all__ = [
    "AppendBatch",
    "AppendPlan",
    "ChainHead",
    "ChainReport",
    "EventLog",
    "IndexEntry",
    "LockedLog",
    "LogSnapshot",
    "SearchDoc",
    "SearchHit",
    "SearchOrder",
    "SessionTable",
    "StoredSession",
]


@dataclass(frozen=True)
class AppendBatch:
    """Events for one subject, valid only if the subject is still at ``expected_version``."""

    subject: str
    expected_version: int
    """How many events the subject had when the decision was made (0 for a new subject)."""
    events: Sequence[NewEvent]


@dataclass(frozen=True)
class AppendPlan:
    """Everything one append writes, in one transaction: what a builder given to
    :meth:`EventLog.append_under_lock` returns (the arguments of :meth:`EventLog.append`,
    together)."""

    batches: Sequence[AppendBatch]
    index: Sequence[IndexEntry] = ()
    search: Sequence[SearchDoc] = ()
    """Search documents to write (each replaces the one of its kind and key)."""
    unsearch: Sequence[tuple[str, str]] = ()
    """(kind, key) of search documents to remove."""


@dataclass(frozen=True)
class IndexEntry:
    """One row of a projection kept beside the log (e.g. kind ``case``, key ``UK-2026-0001``)."""

    kind: str
    key: str
    state: str
    data: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class SearchDoc:
    """One document of the full-text search index kept beside the log.

    Like the index, it is a projection: written in the same transaction as the events it
    comes from, and rebuildable from the log alone.
    """

    kind: str
    """What the documents are, e.g. ``case`` (one document per decided case revision)."""
    key: str
    """Unique within the kind, e.g. ``UK-2026-0001/1``."""
    title: str
    """Searched, and weighs more than the body."""
    body: str
    """Searched. Only words count (letters and digits); punctuation separates them."""
    tags: tuple[str, ...] = ()
    """Exact filter words (lower-case letters and digits), e.g. the grounds ``17h2``, ``17h``."""
    sort_key: str = ""
    """Orders the newest first (e.g. an ISO time); compared as text."""


SearchOrder = Literal["newest", "relevance"]


@dataclass(frozen=True)
class SearchHit:
    """A document that matched: its key, its sort key and how well it matched."""

    key: str
    sort_key: str
    score: float
    """Relevance, higher is better; 0 when no words were searched. Comparable only within
    one result (the two databases rank on different scales)."""


@dataclass(frozen=True)
class ChainHead:
    seq: int
    """Number of events in the log (0 when empty)."""
    hash: str
    """Hash of the last event (``GENESIS_HASH`` when empty)."""


@dataclass(frozen=True)
class ChainReport:
    """What a walk over the whole chain found."""

    ok: bool
    events: int
    head: str
    first_bad_seq: int | None = None
    reason: str = ""
    code: str = ""
    """The rule broken (:data:`~ujikon.domain.events.ChainRule`: ``gap``, ``broken_link``,
    ``hash_mismatch``, ``head_mismatch``); empty when ``ok``."""


@dataclass(frozen=True)
class StoredSession:
    """One web session as the store keeps it: by the SHA-256 of its id, never the id."""

    key: str
    """Hex SHA-256 of the session id (the cookie or bearer token holds the id itself)."""
    username: str
    kind: str
    """``cookie`` (the pages) or ``token`` (the JSON API)."""
    created: float
    """Seconds since the epoch (wall clock: it outlives the process)."""
    last_seen: float
    flashes: tuple[tuple[str, str, str], ...] = ()
    """Messages for the next page: (kind, Indonesian, English)."""


class SessionTable(Protocol):
    """Web sessions and failed log-ins, beside the log and never in it (they are not
    events: nothing of them is hashed, witnessed or handed to an auditor). Shared by every
    process serving the workspace, so any worker answers any session; every method is
    one transaction."""

    def create(
        self, session: StoredSession, *, stale_before: float, born_before: float, keep: int
    ) -> None:
        """Store ``session``; in the same transaction drop every session last seen before
        ``stale_before`` or created before ``born_before``, and the least recently seen
        ones beyond ``keep - 1`` (so at most ``keep`` remain)."""
        ...

    def get(self, key: str) -> StoredSession | None: ...

    def touch(self, key: str, last_seen: float) -> None: ...

    def add_flash(self, key: str, flash: tuple[str, str, str]) -> None: ...

    def take_flashes(self, key: str) -> list[tuple[str, str, str]]:
        """The session's flashes, removed from it."""
        ...

    def delete(self, key: str) -> None: ...

    def delete_user(self, username: str) -> int:
        """End every session of ``username``; how many there were."""
        ...

    def count(self) -> int: ...

    def add_failures(self, keys: Sequence[str], at: float, *, forget_before: float) -> None:
        """A failed log-in at ``at`` counted under each key (``user:<name>``,
        ``addr:<address>``); failures older than ``forget_before`` are dropped."""
        ...

    def failures(self, keys: Sequence[str], since: float) -> dict[str, tuple[int, float]]:
        """Per key with failures after ``since``: how many, and when the oldest was."""
        ...

    def clear_failures(self, key: str) -> None: ...


class LockedLog(Protocol):
    """What a builder given to :meth:`EventLog.append_under_lock` may read: the log as it
    is under the lock every appender queues on, which nobody else can change before the
    builder's plan is written."""

    @property
    def head(self) -> ChainHead:
        """The chain head as locked: the events of the plan follow it."""
        ...

    def version(self, subject: str) -> int:
        """How many events ``subject`` has (0 if none)."""
        ...

    def highest_number(self, prefix: str) -> int:
        """The highest number stored subjects carry right after ``prefix``: the digits
        right after it in any stored subject (``case:UK-2026-0007/2`` gives 7 for
        ``case:UK-2026-``; 0 when there is none). Under the lock, so ``n + 1`` is free
        until this plan is written: a new case or decree is numbered with no retry."""
        ...


class LogSnapshot(Protocol):
    """The log and its projections as of one moment (see :meth:`EventLog.snapshot`)."""

    def head(self) -> ChainHead: ...

    def read_subjects(self, prefix: str, batch_size: int = 1000) -> Iterator[StoredEvent]:
        """As :meth:`EventLog.read_subjects`, within the snapshot."""
        ...

    def index_kinds(self) -> list[str]: ...

    def index(self, kind: str) -> list[IndexEntry]: ...

    def search_kinds(self) -> list[str]: ...

    def stored_search(self, kind: str) -> dict[str, SearchDoc]: ...


class EventLog(Protocol):
    """Append-only event log. Every write is all-or-nothing."""

    def append(
        self,
        batches: Sequence[AppendBatch],
        index: Sequence[IndexEntry] = (),
        search: Sequence[SearchDoc] = (),
        unsearch: Sequence[tuple[str, str]] = (),
    ) -> list[StoredEvent]:
        """Store every batch and index row in one transaction, or nothing; in the same
        transaction replace the search documents of ``search`` (by kind and key) and
        remove those named by ``unsearch`` (kind, key).

        :raises ConflictError: a subject is no longer at its ``expected_version``;
            nothing of the call is stored.
        """
        ...

    def read(self, subject: str, upto: int | None = None) -> list[StoredEvent]:
        """The subject's events in order (up to ``subject_version`` ``upto``)."""
        ...

    def read_all(self, after_seq: int = 0, batch_size: int = 1000) -> Iterator[StoredEvent]:
        """Every event after ``after_seq``, streamed in ``seq`` order."""
        ...

    def read_subjects(self, prefix: str, batch_size: int = 1000) -> Iterator[StoredEvent]:
        """Events of the subjects starting with ``prefix``, grouped by subject, each in order."""
        ...

    def version(self, subject: str) -> int:
        """How many events the subject has (0 if none)."""
        ...

    def subjects(self, prefix: str) -> list[str]:
        """Subjects starting with ``prefix``, sorted."""
        ...

    def head(self) -> ChainHead: ...

    def index(self, kind: str, state: str | None = None) -> list[IndexEntry]:
        """Projection rows of a kind, optionally only those in ``state``, sorted by key."""
        ...

    def replace_index(self, kind: str, entries: Sequence[IndexEntry]) -> None:
        """Drop and rewrite a whole projection (after a rebuild from the log)."""
        ...

    def get_meta(self, key: str) -> str | None: ...

    def set_meta(self, key: str, value: str) -> None: ...

    def verify_chain(
        self, batch_size: int = 2000, progress: Callable[[int], None] | None = None
    ) -> ChainReport:
        """Recompute every hash from the stored fields; name the first that differs.

        ``progress`` is called with the number of events checked so far, once a batch.
        """
        ...

    def close(self) -> None: ...

    def append_under_lock(
        self, build: Callable[[LockedLog], AppendPlan], *, wait_s: float | None = None
    ) -> list[StoredEvent]:
        """Call ``build`` with the log as it is under the append lock and write its plan
        in the same transaction: a counter read there (a subject's version) can be taken
        with no conflict and no retry. ``build`` is called once; while it runs, other
        appenders wait. ``wait_s``: how long to wait for the lock (SQLite).

        :raises ConflictError: a batch of the plan is not at its ``expected_version``.
        """
        ...

    def exclusive(self, name: str, wait_s: float = 10.0) -> AbstractContextManager[None]:
        """Hold a lock named ``name`` among every user of the store (threads, processes,
        machines) for work spanning several transactions; appenders that do not ask for
        it never wait. :raises StoreError: not obtained within ``wait_s``."""
        ...

    # -- auditing the projections --------------------------------------------------------

    def index_kinds(self) -> list[str]:
        """The kinds the projection table holds rows of, sorted."""
        ...

    def hashes_at(self, seqs: Sequence[int], batch_size: int = 500) -> dict[int, str]:
        """The stored hash of each event named by ``seqs`` (absent ones left out)."""
        ...

    def search_form(self, doc: SearchDoc) -> SearchDoc:
        """``doc`` as the search index stores it (words only, tags sorted)."""
        ...

    def stored_search(self, kind: str) -> dict[str, SearchDoc]:
        """The search documents of ``kind`` as stored, by key."""
        ...

    def search_kinds(self) -> list[str]:
        """The kinds the search table holds documents of, sorted."""
        ...

    def snapshot(self) -> AbstractContextManager[LogSnapshot]:
        """The events, projections and head as of one moment, in one read transaction."""
        ...

    @property
    def read_only(self) -> bool:
        """Opened for reading only; every write raises ``StoreError``."""
        ...

    def search(
        self,
        kind: str,
        words: Sequence[str],
        *,
        tag: str | None = None,
        limit: int = 20,
        order: SearchOrder = "newest",
    ) -> list[SearchHit]:
        """Documents of ``kind`` holding every word (as a word or the start of one), only
        those tagged ``tag`` if given; with no words, every document (so filtered).

        Words are taken literally: quotes, ``*``, ``NEAR``, ``AND`` and the like are plain
        text, never query syntax.
        """
        ...

    def replace_search(self, kind: str, docs: Sequence[SearchDoc]) -> None:
        """Drop and rewrite every search document of a kind (after a rebuild from the log)."""
        ...

    @property
    def sessions(self) -> SessionTable:
        """The web sessions and failed log-ins of this store (not events)."""
        ...

    def search_needs_rebuild(self, kind: str) -> bool:
        """The search documents of ``kind`` are known to lag the log (e.g. the schema was
        upgraded over existing events); a rebuild from the log clears it."""
        ...
