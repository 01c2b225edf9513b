"""full-text search: search_docs (SQLite FTS5, PostgreSQL tsvector + GIN)

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01

A projection beside the log for precedent search (``ujikon case search``): one row per
searchable document (a decided case revision), written in the same transaction as the
events it comes from and rebuilt from the log by ``ujikon index rebuild``.

The full-text machinery differs by database, so these objects are written as DDL here
and are not part of ``ujikon.store.sql.metadata`` (the schema check leaves out names
starting with ``search_docs``, see ``SqlEventLog.include_in_autogenerate``):

* **SQLite**: a plain table ``search_docs`` and an FTS5 index ``search_docs_fts`` over
  its ``title`` and ``body`` (external content: the text is stored once, in the table),
  kept in step by three triggers. Tokenizer ``unicode61`` with diacritics removed.
* **PostgreSQL**: the table ``search_docs`` with a generated ``tsvector`` column ``tsv``
  (configuration ``simple``: PostgreSQL has no Indonesian one, and ``simple`` neither
  stems nor drops words, as FTS5 does not) and a GIN index on it; the title weighs
  ``A``, the body ``B``.

On a database that already holds cases the new index starts empty: the migration notes
that in ``meta`` (``search_rebuild_needed:case``) and ``ujikon case search`` asks for an
``ujikon index rebuild``, which fills it and clears the note.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_SQLITE = [
    """
    CREATE TABLE search_docs (
        id INTEGER NOT NULL PRIMARY KEY,
        kind TEXT NOT NULL,
        key TEXT NOT NULL,
        title TEXT NOT NULL,
        body TEXT NOT NULL,
        tags TEXT NOT NULL,
        sort_key TEXT NOT NULL,
        CONSTRAINT uq_search_docs_kind_key UNIQUE (kind, key)
    )
    """,
    "CREATE INDEX ix_search_docs_kind_sort ON search_docs (kind, sort_key)",
    """
    CREATE VIRTUAL TABLE search_docs_fts USING fts5(
        title, body,
        content='search_docs', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2'
    )
    """,
    """
    CREATE TRIGGER search_docs_ai AFTER INSERT ON search_docs BEGIN
        INSERT INTO search_docs_fts (rowid, title, body) VALUES (new.id, new.title, new.body);
    END
    """,
    """
    CREATE TRIGGER search_docs_ad AFTER DELETE ON search_docs BEGIN
        INSERT INTO search_docs_fts (search_docs_fts, rowid, title, body)
        VALUES ('delete', old.id, old.title, old.body);
    END
    """,
    """
    CREATE TRIGGER search_docs_au AFTER UPDATE ON search_docs BEGIN
        INSERT INTO search_docs_fts (search_docs_fts, rowid, title, body)
        VALUES ('delete', old.id, old.title, old.body);
        INSERT INTO search_docs_fts (rowid, title, body) VALUES (new.id, new.title, new.body);
    END
    """,
]

_POSTGRESQL = [
    """
    CREATE TABLE search_docs (
        kind TEXT NOT NULL,
        key TEXT NOT NULL,
        title TEXT NOT NULL,
        body TEXT NOT NULL,
        tags TEXT NOT NULL,
        sort_key TEXT NOT NULL,
        tsv tsvector GENERATED ALWAYS AS (
            setweight(to_tsvector('simple', title), 'A')
            || setweight(to_tsvector('simple', body), 'B')
        ) STORED,
        CONSTRAINT pk_search_docs PRIMARY KEY (kind, key)
    )
    """,
    "CREATE INDEX ix_search_docs_kind_sort ON search_docs (kind, sort_key)",
    "CREATE INDEX ix_search_docs_tsv ON search_docs USING gin (tsv)",
]

_FLAG_EXISTING_CASES = """
    INSERT INTO meta (key, value)
    SELECT 'search_rebuild_needed:case', '1'
    WHERE EXISTS (SELECT 1 FROM events WHERE subject LIKE 'case:%')
"""


def upgrade() -> None:
    dialect = op.get_context().dialect.name
    statements = _POSTGRESQL if dialect == "postgresql" else _SQLITE
    for statement in statements:
        op.execute(statement)
    op.execute(_FLAG_EXISTING_CASES)


def downgrade() -> None:
    if op.get_context().dialect.name == "postgresql":
        op.execute("DROP TABLE search_docs")
    else:
        for trigger in ("search_docs_au", "search_docs_ad", "search_docs_ai"):
            op.execute(f"DROP TRIGGER {trigger}")
        op.execute("DROP TABLE search_docs_fts")
        op.execute("DROP TABLE search_docs")
    op.execute("DELETE FROM meta WHERE key LIKE 'search_rebuild_needed:%'")
