"""Persistence: the append-only, hash-chained event log and the index beside it.

The service layer depends on the :class:`EventLog` protocol only; :func:`open_store`
gives the one implementation, :class:`SqlEventLog`, on SQLite (the default, one file
in the workspace) or PostgreSQL, chosen by URL::

    log = open_store("sqlite:///decisions/ujikon.db", create=True)   # ujikon init
    log = open_store("postgresql://ppid@db.example/ujikon")           # afterwards
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ujikon.store.api import (
    AppendBatch,
    AppendPlan,
    ChainHead,
    ChainReport,
    EventLog,
    IndexEntry,
)

if TYPE_CHECKING:
    from ujikon.store.sql import SqlEventLog, open_store

__all__ = [
    "AppendBatch",
    "AppendPlan",
    "ChainHead",
    "ChainReport",
    "EventLog",
    "IndexEntry",
    "SqlEventLog",
    "open_store",
]


def __getattr__(name: str) -> Any:
    # SQLAlchemy loads only when a store is opened, not when the service is imported,
    # so the CLI starts fast and ``ujikon --help`` never pays for it. The arrow points
    # one way: this package reaches into ``sql``, which imports ``api``, ``migrations``
    # and ``witness`` by their own names and never this package.
    if name == "SqlEventLog":
        from ujikon.store.sql import SqlEventLog

        return SqlEventLog
    if name == "open_store":
        from ujikon.store.sql import open_store

        return open_store
    raise AttributeError(f"module 'ujikon.store' has no attribute {name!r}")
