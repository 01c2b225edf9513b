"""Alembic migrations of the event store, driven from code (no ``alembic.ini``).

:func:`ujikon.store.sql.open_store` calls :func:`upgrade_to_head` (``create=True``,
i.e. ``ujikon init``) or :func:`current_revisions` (every other open) on a connection
it already holds, so the migration runs in the caller's transaction and
``alembic_version`` lands wherever that connection creates tables (for PostgreSQL:
the first schema on its ``search_path``).

A developer adding a schema change writes a new file in ``versions/``::

    from alembic import command
    from ujikon.store.migrations import alembic_config
    command.revision(alembic_config(), "what changed", rev_id="0002")

then mirrors the change in the tables of :mod:`ujikon.store.sql` (a test compares
the two).
"""

from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection

__all__ = [
    "MIGRATIONS_DIR",
    "alembic_config",
    "current_revisions",
    "head_revision",
    "known_revisions",
    "upgrade_to_head",
]

logger = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent
"""This package's folder: Alembic's ``script_location``."""


def alembic_config(connection: Connection | None = None, url: str | None = None) -> Config:
    """An Alembic configuration built in code.

    :param connection: run ``env.py`` on this connection (and its transaction).
    :param url: otherwise connect to this SQLAlchemy URL (developer tooling only).
    """
    cfg = Config(attributes={"connection": connection})
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    if url is not None:
        cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


@lru_cache(maxsize=1)
def _script() -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config())


def head_revision() -> str:
    """The revision a current database is at."""
    head = _script().get_current_head()
    if head is None:  # pragma: no cover - the package always ships revisions
        raise RuntimeError("no migration revisions found in " + str(MIGRATIONS_DIR))
    return head


def known_revisions() -> frozenset[str]:
    """Every revision this version of ujikon knows."""
    return frozenset(script.revision for script in _script().walk_revisions())


def current_revisions(connection: Connection) -> tuple[str, ...]:
    """The revisions recorded in the database's ``alembic_version`` (empty if none)."""
    return tuple(MigrationContext.configure(connection).get_current_heads())


def upgrade_to_head(connection: Connection) -> None:
    """Run every pending migration on ``connection``; a no-op on a current database."""
    logger.info("upgrading the store schema to revision %s", head_revision())
    command.upgrade(alembic_config(connection), "head")
