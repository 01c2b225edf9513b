"""PostgreSQL schemas for a test: created empty, chosen through the URL, dropped after."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
from psycopg import sql


def libpq(url: str) -> str:
    """A SQLAlchemy-style URL as libpq takes it (``postgresql+psycopg://`` → ``postgresql://``)."""
    return re.sub(r"^postgres(ql)?(\+\w+)?://", "postgresql://", url)


def pg_url_for_schema(base_url: str, schema: str) -> str:
    """``base_url`` whose sessions use ``schema`` (first on their ``search_path``)."""
    if not re.fullmatch(r"[a-z_][a-z0-9_]*", schema):
        raise ValueError(f"not a plain schema name: {schema!r}")
    separator = "&" if "?" in base_url else "?"
    return f"{base_url}{separator}options=-csearch_path%3D{schema}"


@contextmanager
def fresh_pg_schema(base_url: str) -> Iterator[str]:
    """Create an empty schema with a unique name; drop it (and all in it) afterwards."""
    schema = f"ujikon_t_{uuid.uuid4().hex[:16]}"
    with psycopg.connect(libpq(base_url), autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(schema)))
    try:
        yield schema
    finally:
        with psycopg.connect(libpq(base_url), autocommit=True) as conn:
            conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema)))


@contextmanager
def fresh_pg_url(base_url: str) -> Iterator[str]:
    """:func:`fresh_pg_schema`, as the URL of the new schema."""
    with fresh_pg_schema(base_url) as schema:
        yield pg_url_for_schema(base_url, schema)
