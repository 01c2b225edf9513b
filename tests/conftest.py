"""Fixtures for every test package: stores on each backend (SQLite and PostgreSQL).

* ``sqlite``: a database file in the test's ``tmp_path``.
* ``postgresql``: a fresh schema per test in the database named by ``UJIKON_TEST_PG_URL``
  (default :data:`DEFAULT_PG_URL`), dropped afterwards. The schema is chosen through
  the URL itself (libpq ``options=-csearch_path=...``), so a URL handed to another
  process lands in the same schema. If the server does not answer the PostgreSQL runs
  are skipped, unless ``CI=true``: then they fail.

``store_url`` is a URL of an empty, uninitialised store; ``event_log`` an initialised
:class:`~ujikon.store.sql.SqlEventLog` on such a URL; ``dev_keys`` the body's development
CA with the PPID's and the head's keys, made once per session (``toolkit.body``).

The helpers the test packages share are in ``toolkit`` (``tests/toolkit/``).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from toolkit.body import make_dev_keys
from toolkit.stores import fresh_pg_schema, libpq, pg_url_for_schema

from ujikon.documents.keys import DevCA
from ujikon.store import SqlEventLog, open_store

__all__ = ["BACKENDS", "DEFAULT_PG_URL", "pg_base_url", "pg_url_for_schema"]

DEFAULT_PG_URL = "postgresql://postgres@127.0.0.1:5432/test"
BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


def pg_base_url() -> str:
    """The PostgreSQL database the tests may create schemas in."""
    return os.environ.get("UJIKON_TEST_PG_URL") or DEFAULT_PG_URL


@pytest.fixture(scope="session")
def pg_base() -> str:
    """The PostgreSQL base URL, once it has answered; skip (or, in CI, fail) if not."""
    url = pg_base_url()
    try:
        with psycopg.connect(libpq(url), connect_timeout=5) as conn:
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


@pytest.fixture(scope="session")
def dev_keys(tmp_path_factory: pytest.TempPathFactory) -> DevCA:
    """The body's development CA, a PPID key and a head key (passphrase
    ``toolkit.KEY_PASSPHRASE``), made once per session: copy them, never change them."""
    return make_dev_keys(tmp_path_factory.mktemp("dev-keys"))
