"""The one commit path of the application: every use case that changes the log hands its
decision here, as an :class:`~ujikon.store.api.AppendPlan` (the events per subject with
the version each was decided at, the projection rows, the search documents).

Three shapes of decision, one transaction each, nothing retried:

- :meth:`LogWriter.commit` — the plan is known (a step of a case, a user, a profile);
  the store refuses it if a subject moved on since it was decided (``ConflictError``).
- :meth:`LogWriter.commit_numbered` — the plan needs the next number of a series (a
  new case, a draft decree, an imported register): the store takes the number under the
  append lock and calls the builder with it, so two at once never share a number.
- :meth:`LogWriter.commit_locked` — the plan needs versions read under that lock (the
  decree serial of a year, taken while the signed PDF is made).

No other module of ``ujikon/`` calls the store's append methods: ``tests/test_architecture.py``
says so, so that the next rule every write must obey (a scope of the public body, a
witness) is added here once.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from ujikon.store.api import AppendBatch, AppendPlan, IndexEntry, LockedLog

if TYPE_CHECKING:
    from ujikon.domain.events import StoredEvent
    from ujikon.store.api import EventLog

__all__ = ["LogWriter"]


class LogWriter:
    """Appends the decisions of the use cases to one log (see the module)."""

    def __init__(self, log: EventLog) -> None:
        self.log = log

    def commit(self, plan: AppendPlan) -> list[StoredEvent]:
        """Store ``plan`` atomically.

        :raises ConflictError: a batch's subject is no longer at its expected version;
            nothing is stored.
        """
        return self.log.append(plan.batches, plan.index, plan.search, plan.unsearch)

    def commit_events(
        self, batches: Sequence[AppendBatch], index: Sequence[IndexEntry] = ()
    ) -> list[StoredEvent]:
        """:meth:`commit` of a plan with no search documents (the common case)."""
        return self.log.append(batches, index)

    def commit_numbered(self, prefix: str, build: Callable[[int], AppendPlan]) -> list[StoredEvent]:
        """Store what ``build(n)`` decides for ``n``, the next number after ``prefix``,
        taken inside the transaction. ``build`` runs under the lock: it decides only (it
        must not read the log; read what it needs before)."""
        if not prefix:
            raise ValueError("a number needs a prefix")

        def numbered(locked: LockedLog) -> AppendPlan:
            return build(locked.highest_number(prefix) + 1)

        return self.log.append_under_lock(numbered)

    def commit_locked(
        self, build: Callable[[LockedLog], AppendPlan], *, wait_s: float | None = None
    ) -> list[StoredEvent]:
        """Store what ``build`` decides from versions and numbers read under the lock."""
        return self.log.append_under_lock(build, wait_s=wait_s)
