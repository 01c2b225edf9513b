"""The storage contract: an append-only, hash-chained event log with a small index.

``EventLog`` is what the service layer sees; :mod:`ujikon.store.sql` implements it
for SQLite and PostgreSQL through SQLAlchemy Core. The index (``IndexEntry``) is a
projection kept in the same transaction as the events it summarises, so listing
cases by state does not replay the whole log; it can always be rebuilt from the log.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from ujikon.domain.events import NewEvent, StoredEvent

__all__ = ["AppendBatch", "ChainHead", "ChainReport", "EventLog", "IndexEntry"]


@dataclass(frozen=True)
class AppendBatch:
    """Events for one subject, valid only if the subject is still at ``expected_version``."""

    subject: str
    expected_version: int
    """How many events the subject had when the decision was made (0 for a new subject)."""
    events: Sequence[NewEvent]


@dataclass(frozen=True)
class IndexEntry:
    """One row of a projection kept beside the log (e.g. kind ``case``, key ``UK-2026-0001``)."""

    kind: str
    key: str
    state: str
    data: dict[str, Any] = field(default_factory=dict)


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


class EventLog(Protocol):
    """Append-only event log. Every write is all-or-nothing."""

    def append(
        self, batches: Sequence[AppendBatch], index: Sequence[IndexEntry] = ()
    ) -> list[StoredEvent]:
        """Store every batch and index row in one transaction, or nothing.

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

    def verify_chain(self) -> ChainReport:
        """Recompute every hash from the stored fields; name the first that differs."""
        ...

    def close(self) -> None: ...
