"""Alembic environment of the ujikon store.

Normally run by :func:`ujikon.store.migrations.upgrade_to_head`, which passes an open
connection (inside its transaction) through ``config.attributes["connection"]``. With
no connection it connects to ``sqlalchemy.url`` itself, or writes SQL (offline mode)
for a DBA who prefers to apply it by hand.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import context
from sqlalchemy.engine import Connection
from sqlalchemy.pool import NullPool

from ujikon.store.sql import SqlEventLog, metadata

config = context.config


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        # SQLite cannot ALTER most things: later migrations rebuild tables instead.
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        # The search tables are dialect-specific DDL outside `metadata` (0002).
        include_name=SqlEventLog.include_in_autogenerate,
    )
    # With a caller's transaction already open this is a no-op and the caller commits.
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    url = config.get_main_option("sqlalchemy.url")
    if not url:
        raise RuntimeError("set sqlalchemy.url or pass a connection in config.attributes")
    engine = sa.create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as conn:
            _run(conn)
            conn.commit()
    finally:
        engine.dispose()


def run_migrations_offline() -> None:
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=metadata,
        literal_binds=True,
        dialect_opts={"paramstyle": "named"},
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
