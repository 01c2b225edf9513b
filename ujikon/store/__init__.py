"""Persistence: the append-only, hash-chained event log and the index beside it.

The service layer depends on the :class:`EventLog` protocol only; :func:`open_store`
gives the one implementation, :class:`SqlEventLog`, on SQLite (the default, one file
in the workspace) or PostgreSQL, chosen by URL::

    log = open_store("sqlite:///decisions/ujikon.db", create=True)   # ujikon init
    log = open_store("postgresql://ppid@db.example/ujikon")           # afterwards
"""

from ujikon.store.api import AppendBatch, ChainHead, ChainReport, EventLog, IndexEntry
from ujikon.store.sql import SqlEventLog, open_store

__all__ = [
    "AppendBatch",
    "ChainHead",
    "ChainReport",
    "EventLog",
    "IndexEntry",
    "SqlEventLog",
    "open_store",
]
