"""event log: events, chain_head, index_entries, meta

Revision ID: 0001
Revises:
Create Date: 2026-01-15

The first schema of the store. Events keep ``recorded_at`` as the exact
``format_utc`` text and ``payload`` as canonical JSON text, so that the hash chain
can be recomputed from what is stored, byte for byte. ``chain_head`` has exactly one
row (id 1): the seq and hash of the last event; appenders on PostgreSQL lock it.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# INTEGER PRIMARY KEY is SQLite's rowid alias: no second index beside the table.
_SEQ = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
_GENESIS_HASH = "0" * 64


def upgrade() -> None:
    op.create_table(
        "events",
        sa.Column("seq", _SEQ, autoincrement=False, nullable=False),
        sa.Column("subject", sa.String(200), nullable=False),
        sa.Column("subject_version", sa.Integer(), nullable=False),
        sa.Column("action", sa.Text(), nullable=False),
        sa.Column("actor", sa.Text(), nullable=False),
        sa.Column("role", sa.Text(), nullable=False),
        sa.Column("recorded_at", sa.String(32), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("payload_version", sa.Integer(), nullable=False),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("seq", name="pk_events"),
        sa.UniqueConstraint("subject", "subject_version", name="uq_events_subject_version"),
    )
    chain_head = op.create_table(
        "chain_head",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_chain_head"),
        sa.CheckConstraint("id = 1", name="ck_chain_head_one_row"),
    )
    op.bulk_insert(chain_head, [{"id": 1, "seq": 0, "hash": _GENESIS_HASH}])
    op.create_table(
        "index_entries",
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("state", sa.Text(), nullable=False),
        sa.Column("data", sa.Text(), nullable=False),
        sa.Column("updated_seq", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("kind", "key", name="pk_index_entries"),
    )
    op.create_index("ix_index_entries_kind_state", "index_entries", ["kind", "state"])
    op.create_table(
        "meta",
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name="pk_meta"),
    )


def downgrade() -> None:
    op.drop_table("meta")
    op.drop_index("ix_index_entries_kind_state", table_name="index_entries")
    op.drop_table("index_entries")
    op.drop_table("chain_head")
    op.drop_table("events")
