"""web sessions and failed log-ins: web_sessions, login_failures

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-15

The web's sessions and its log-in limiter move from one process's memory into the
workspace's database, so that several workers (``ujikon serve --workers N``) share them
and a restart logs nobody out. They are not events: nothing here is hashed, chained,
witnessed or packed for an auditor.

* ``web_sessions``: one row per session, keyed by the **SHA-256 of the session id**
  (hex), never the id itself: reading the table (a backup, a copy of the file) hands out
  no live session. Times are seconds since the epoch (wall clock, it outlives a process).
* ``login_failures``: one row per failed log-in and key (``user:<name>``,
  ``addr:<address>``), dropped once older than the limiter's window.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# INTEGER PRIMARY KEY is SQLite's rowid alias; BIGSERIAL on PostgreSQL.
_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "web_sessions",
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("username", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("created", sa.Float(), nullable=False),
        sa.Column("last_seen", sa.Float(), nullable=False),
        sa.Column("flashes", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name="pk_web_sessions"),
    )
    op.create_index("ix_web_sessions_username", "web_sessions", ["username"])
    op.create_index("ix_web_sessions_last_seen", "web_sessions", ["last_seen"])
    op.create_table(
        "login_failures",
        sa.Column("id", _ID, nullable=False),
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("at", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_login_failures"),
    )
    op.create_index("ix_login_failures_key_at", "login_failures", ["key", "at"])
    op.create_index("ix_login_failures_at", "login_failures", ["at"])


def downgrade() -> None:
    op.drop_index("ix_login_failures_at", table_name="login_failures")
    op.drop_index("ix_login_failures_key_at", table_name="login_failures")
    op.drop_table("login_failures")
    op.drop_index("ix_web_sessions_last_seen", table_name="web_sessions")
    op.drop_index("ix_web_sessions_username", table_name="web_sessions")
    op.drop_table("web_sessions")
