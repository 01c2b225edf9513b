"""Fixtures for every test package: stores on each backend (SQLite and PostgreSQL).

* ``sqlite``: a database file in the test's ``tmp_path``.
* ``postgresql``: a fresh schema per test in the database named by ``UJIKON_TEST_PG_URL``
  (default :data:`DEFAULT_PG_URL`), dropped afterwards. The schema is chosen through
  the URL itself (libpq ``options=-csearch_path=...``), so a URL handed to another
  process lands in the same schema. If the server does not answer the PostgreSQL runs
  are skipped, unless ``CI=true``: then they fail.

``store_url`` is a URL of an empty, uninitialised store; ``event_log`` an initialised
:class:`~ujikon.store.sql.SqlEventLog` on such a URL.
"""

from __future__ import annotations

import os
import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest
from psycopg import sql

from ujikon.store import SqlEventLog, open_store

__all__ = ["BACKENDS", "DEFAULT_PG_URL", "pg_base_url", "pg_url_for_schema"]

DEFAULT_PG_URL = "postgresql://postgres@127.0.0.1:5432/test"
BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


def pg_base_url() -> str:
    """The PostgreSQL database the tests may create schemas in."""
    return os.environ.get("UJIKON_TEST_PG_URL") or DEFAULT_PG_URL


def _libpq(url: str) -> str:
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
    with psycopg.connect(_libpq(base_url), autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(schema)))
    try:
        yield schema
    finally:
        with psycopg.connect(_libpq(base_url), autocommit=True) as conn:
            conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema)))


@pytest.fixture(scope="session")
def pg_base() -> str:
    """The PostgreSQL base URL, once it has answered; skip (or, in CI, fail) if not."""
    url = pg_base_url()
    try:
        with psycopg.connect(_libpq(url), connect_timeout=5) as conn:
            conn.execute("SELECT 1")
    except psycopg.Error as exc:
        shown = re.sub(r"(://[^:/@]*:)[^@]*@", r"\1***@", url)
        message = f"PostgreSQL at {shown} does not answer ({exc}); set UJIKON_TEST_PG_URL"
        if os.environ.get("CI") == "true":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    return url


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """``sqlite`` or ``postgresql``."""
    return str(request.param)


@pytest.fixture
def store_url(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    """URL of an empty store, not yet initialised (``open_store(url, create=True)`` does)."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'ujikon.db'}"
        return
    base = request.getfixturevalue("pg_base")
    with fresh_pg_schema(base) as schema:
        yield pg_url_for_schema(base, schema)


@pytest.fixture
def event_log(store_url: str) -> Iterator[SqlEventLog]:
    """An initialised, empty event log on the backend under test."""
    log = open_store(store_url, create=True)
    try:
        yield log
    finally:
        log.close()
