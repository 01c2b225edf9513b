"""The event log on SQLite or PostgreSQL, through SQLAlchemy Core.

One class, :class:`SqlEventLog`, serves both databases; :func:`open_store` turns a URL
into one. What differs between the two is kept to the connection set-up:

* **SQLite** (``sqlite:///path/ujikon.db``): WAL journal, ``synchronous=NORMAL``,
  foreign keys on, a busy timeout of :data:`SQLITE_BUSY_TIMEOUT_S`. The ``sqlite3``
  driver's own transaction handling is switched off (``isolation_level = None``) and
  SQLAlchemy emits ``BEGIN IMMEDIATE`` for every write and a plain ``BEGIN`` for reads
  (SQLAlchemy's documented pysqlite recipe), so concurrent appenders queue on the
  database's write lock instead of failing half-way.
* **PostgreSQL** (``postgresql://...``, run with psycopg 3): an appender locks the
  single row of ``chain_head`` (``SELECT ... FOR UPDATE``) before it reads any
  version, so appenders serialise on that row.

Either way an append is one transaction: every batch's ``expected_version`` is checked,
the events get the next global ``seq`` numbers and their place in the hash chain, the
chain head and the index rows are written, or nothing is. The unique
``(subject, subject_version)`` constraint is the backstop behind the version check.
:meth:`SqlEventLog.append_numbered` numbers a new subject (a case id) inside that
transaction, after the lock, so two callers at once never choose the same number.

``recorded_at`` is stored as its exact :func:`~ujikon.domain.events.format_utc` text and
``payload`` as canonical JSON text, so :meth:`SqlEventLog.verify_chain` recomputes every
hash from exactly what is stored.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import re
import shutil
import sqlite3
import tempfile
import threading
import time
import weakref
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from pydantic import ValidationError
from sqlalchemy import exc as sa_exc
from sqlalchemy.dialects import postgresql as pg_dialect
from sqlalchemy.dialects import sqlite as sqlite_dialect
from sqlalchemy.engine import Connection, Engine, Row
from sqlalchemy.engine.url import URL, make_url
from sqlalchemy.pool import StaticPool

import ujikon.store.migrations as migrations
from ujikon.canonical import canonical_json
from ujikon.domain.events import (
    GENESIS_HASH,
    ChainBreak,
    ChainChecker,
    NewEvent,
    StoredEvent,
    event_hash,
    format_utc,
)
from ujikon.errors import ConflictError, StoreError
from ujikon.store.api import (
    AppendBatch,
    AppendPlan,
    ChainHead,
    ChainReport,
    IndexEntry,
    LockedLog,
    SearchDoc,
    SearchHit,
    SearchOrder,
    StoredSession,
)
from ujikon.store.witness import HeadWitness

__all__ = [
    "PG_CONNECT_TIMEOUT_S",
    "SQLITE_BUSY_TIMEOUT_S",
    "SqlEventLog",
    "mask_url",
    "metadata",
    "open_store",
]

logger = logging.getLogger(__name__)

SQLITE_BUSY_TIMEOUT_S = 10.0
"""How long a SQLite writer waits for another writer's lock before giving up."""

PG_CONNECT_TIMEOUT_S = 10
"""How long to wait for a PostgreSQL server to answer (unless the URL says otherwise)."""

_WRITE = "ujikon_write"
"""Execution option marking a connection whose transaction writes (SQLite: BEGIN IMMEDIATE)."""
_WAIT = "ujikon_wait_s"
"""Execution option: how long this writer waits for the write lock (SQLite's busy timeout)."""

_UNIQUE_VERSION = "uq_events_subject_version"

_LEADING_DIGITS = re.compile(r"[0-9]+")

_Writes = tuple[Sequence[AppendBatch], Sequence[IndexEntry], Callable[[Connection], None] | None]
"""What one append transaction writes: the batches, the index rows, more writes (or None)."""

# --------------------------------------------------------------------------- schema
# The tables as the queries see them. The DDL lives in the Alembic migrations
# (``migrations/versions``); a test checks that the two agree.

metadata = sa.MetaData()

_SEQ = sa.BigInteger().with_variant(sa.Integer(), "sqlite")

events = sa.Table(
    "events",
    metadata,
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
    sa.UniqueConstraint("subject", "subject_version", name=_UNIQUE_VERSION),
)

chain_head = sa.Table(
    "chain_head",
    metadata,
    sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
    sa.Column("seq", sa.BigInteger(), nullable=False),
    sa.Column("hash", sa.String(64), nullable=False),
    sa.PrimaryKeyConstraint("id", name="pk_chain_head"),
    sa.CheckConstraint("id = 1", name="ck_chain_head_one_row"),
)

index_entries = sa.Table(
    "index_entries",
    metadata,
    sa.Column("kind", sa.Text(), nullable=False),
    sa.Column("key", sa.Text(), nullable=False),
    sa.Column("state", sa.Text(), nullable=False),
    sa.Column("data", sa.Text(), nullable=False),
    sa.Column("updated_seq", sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint("kind", "key", name="pk_index_entries"),
    sa.Index("ix_index_entries_kind_state", "kind", "state"),
)

meta = sa.Table(
    "meta",
    metadata,
    sa.Column("key", sa.Text(), nullable=False),
    sa.Column("value", sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint("key", name="pk_meta"),
)

# Web sessions and failed log-ins (migration 0003): beside the log, never in it.
web_sessions = sa.Table(
    "web_sessions",
    metadata,
    sa.Column("key", sa.String(64), nullable=False),
    sa.Column("username", sa.Text(), nullable=False),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("created", sa.Float(), nullable=False),
    sa.Column("last_seen", sa.Float(), nullable=False),
    sa.Column("flashes", sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint("key", name="pk_web_sessions"),
    sa.Index("ix_web_sessions_username", "username"),
    sa.Index("ix_web_sessions_last_seen", "last_seen"),
)

login_failures = sa.Table(
    "login_failures",
    metadata,
    sa.Column("id", _SEQ, nullable=False),
    sa.Column("key", sa.Text(), nullable=False),
    sa.Column("at", sa.Float(), nullable=False),
    sa.PrimaryKeyConstraint("id", name="pk_login_failures"),
    sa.Index("ix_login_failures_key_at", "key", "at"),
    sa.Index("ix_login_failures_at", "at"),
)

# The statements of the append path, built once (building them per call costs more
# than the SQL itself on SQLite).
_SELECT_HEAD = sa.select(chain_head.c.seq, chain_head.c.hash).where(chain_head.c.id == 1)
_LOCK_HEAD = _SELECT_HEAD.with_for_update()  # FOR UPDATE on PostgreSQL; nothing on SQLite
_SUBJECT_VERSION = sa.select(sa.func.coalesce(sa.func.max(events.c.subject_version), 0)).where(
    events.c.subject == sa.bindparam("subject")
)
_INSERT_EVENTS = events.insert()
_UPDATE_HEAD = (
    chain_head.update()
    .where(chain_head.c.id == 1)
    .values(seq=sa.bindparam("head_seq"), hash=sa.bindparam("head_hash"))
)

# --------------------------------------------------------------------------- URLs

_PASSWORD_IN_URL = re.compile(r"^(?P<head>[^:/?#]+://[^:/?#@]*:)(?P<pw>.*)@(?=[^@]*$)")
_PASSWORD_IN_QUERY = re.compile(r"(?P<head>[?&]password=)[^&]*", re.IGNORECASE)
_SQLITE_DRIVERS = {"sqlite", "sqlite+pysqlite"}
_PG_DRIVERS = {"postgresql", "postgres", "postgresql+psycopg"}


def mask_url(url: str) -> str:
    """``url`` with any password replaced by ``***``, for messages and logs."""
    masked = _PASSWORD_IN_URL.sub(r"\g<head>***@", url, count=1)
    return _PASSWORD_IN_QUERY.sub(r"\g<head>***", masked)


def _store_error(shown: str, message_id: str, message_en: str, detail: str = "") -> StoreError:
    """One paragraph: the URL and the message in Indonesian, then in English, then the
    driver's own words (if any)."""
    text = f"Penyimpanan {shown}: {message_id}. / Store {shown}: {message_en}."
    if detail:
        text += f" [{detail}]"
    return StoreError(text)


def _parse_url(url: str, shown: str) -> URL:
    try:
        parsed = make_url(url)
    except sa_exc.ArgumentError:
        parsed = None
    if parsed is None or parsed.drivername not in _SQLITE_DRIVERS | _PG_DRIVERS:
        raise _store_error(
            shown,
            "URL penyimpanan tidak dikenali atau tidak didukung; gunakan "
            "'sqlite:///folder/ujikon.db' atau 'postgresql://pengguna@host/basisdata'",
            "the store URL is not recognised or not supported; use "
            "'sqlite:///folder/ujikon.db' or 'postgresql://user@host/database'",
        )
    if parsed.drivername in _PG_DRIVERS:
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def _driver_detail(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None) or exc
    text = " ".join(str(orig).split())
    return text[:300] or type(orig).__name__


# --------------------------------------------------------------------------- engines


def _sqlite_engine(url: URL, shown: str, create: bool, read_only: bool = False) -> Engine:
    database = url.database or ""
    in_memory = database in ("", ":memory:")
    if not in_memory:
        path = Path(database)
        if not path.parent.is_dir():
            raise _store_error(
                shown,
                f"folder '{path.parent}' untuk berkas basis data tidak ada; jalankan "
                "`ujikon init` untuk membuat ruang kerja, atau perbaiki path di URL",
                f"the folder '{path.parent}' for the database file does not exist; run "
                "`ujikon init` to create the workspace, or correct the path in the URL",
            )
        if not create and not path.exists():
            raise _store_error(
                shown,
                "berkas basis data belum ada; jalankan `ujikon init` untuk membuatnya",
                "the database file does not exist yet; run `ujikon init` to create it",
            )
    connect_args: dict[str, Any] = {"timeout": SQLITE_BUSY_TIMEOUT_S}
    kwargs: dict[str, Any] = {}
    if in_memory:
        # One shared connection, or every checkout would see a new, empty database.
        connect_args["check_same_thread"] = False
        kwargs["poolclass"] = StaticPool
    elif read_only:
        kwargs["creator"] = _ReadOnlyOpener(Path(database))
    engine = sa.create_engine(url, connect_args=connect_args, **kwargs)
    if "creator" in kwargs:
        _READ_ONLY_OPENERS[engine] = kwargs["creator"]
    busy_ms = int(SQLITE_BUSY_TIMEOUT_S * 1000)

    @sa.event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, record: Any) -> None:
        # Take BEGIN away from the sqlite3 module: SQLAlchemy emits it (below).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout = {busy_ms}")
            record.info["busy_ms"] = busy_ms
            if read_only:
                # Nothing that writes: not even the journal mode (WAL is a property of
                # the file, already set when it was written).
                cursor.execute("PRAGMA query_only = ON")
            else:
                cursor.execute("PRAGMA journal_mode = WAL")
                cursor.execute("PRAGMA synchronous = NORMAL")
            cursor.execute("PRAGMA foreign_keys = ON")
        finally:
            cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        # A writer takes the write lock at once (waiting up to busy_timeout), so it
        # never fails later trying to upgrade a read lock; a reader takes a snapshot.
        options = conn.get_execution_options()
        immediate = options.get(_WRITE, False)
        if immediate:
            wait_s = options.get(_WAIT)
            want = busy_ms if wait_s is None else int(wait_s * 1000)
            info = conn.connection.info
            if info.get("busy_ms") != want:
                conn.exec_driver_sql(f"PRAGMA busy_timeout = {want}")
                info["busy_ms"] = want
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


_READ_ONLY_OPENERS: weakref.WeakKeyDictionary[Engine, _ReadOnlyOpener] = weakref.WeakKeyDictionary()
"""The opener of each engine over a read-only SQLite file (to clean up a temporary copy)."""

_MEMORY_LOCKS: dict[tuple[int, str], threading.Lock] = {}
"""The locks of :meth:`SqlEventLog.exclusive` on in-memory databases."""


class _ReadOnlyOpener:
    """Opens a SQLite file that must not be written (a copy on read-only media, or a file
    this user may not write), choosing the one way that reads it faithfully:

    * no ``-wal`` beside it, or an empty one: ``immutable=1`` -- SQLite then takes no
      lock and creates no ``-shm``/``-wal`` file (which a read-only folder would refuse);
    * a ``-wal`` holding transactions not yet copied into the file, and a ``-shm``:
      ``mode=ro``, which reads them;
    * a ``-wal`` without a ``-shm`` in a folder that cannot be written: SQLite cannot
      read that in place, so the file and its ``-wal`` are copied to a temporary folder
      (removed on close) and read there. Without this the last transactions would be
      silently missing.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.copy_dir: Path | None = None
        wal = Path(f"{path}-wal")
        shm = Path(f"{path}-shm")
        wal_size = wal.stat().st_size if wal.exists() else 0
        if wal_size == 0:
            self.mode = "immutable"
            self.target = path
        elif shm.exists() or os.access(path.parent, os.W_OK):
            self.mode = "ro"
            self.target = path
        else:
            self.mode = "copy"
            self.copy_dir = Path(tempfile.mkdtemp(prefix="ujikon-ro-"))
            self.target = self.copy_dir / path.name
            shutil.copyfile(path, self.target)
            shutil.copyfile(wal, Path(f"{self.target}-wal"))
            logger.info(
                "read-only %s has a -wal and no -shm: reading a copy in %s", path, self.copy_dir
            )

    @property
    def uri(self) -> str:
        from urllib.parse import quote

        query = "immutable=1" if self.mode == "immutable" else "mode=ro"
        return f"file:{quote(str(self.target.resolve()))}?{query}"

    def __call__(self) -> sqlite3.Connection:
        return sqlite3.connect(
            self.uri, uri=True, timeout=SQLITE_BUSY_TIMEOUT_S, check_same_thread=False
        )

    def cleanup(self) -> None:
        if self.copy_dir is not None:
            shutil.rmtree(self.copy_dir, ignore_errors=True)
            self.copy_dir = None


def _pg_engine(url: URL, read_only: bool = False) -> Engine:
    connect_args: dict[str, Any] = {}
    if "connect_timeout" not in url.query:
        connect_args["connect_timeout"] = PG_CONNECT_TIMEOUT_S
    if "application_name" not in url.query:
        connect_args["application_name"] = "ujikon"
    engine = sa.create_engine(url, connect_args=connect_args)
    if read_only:

        @sa.event.listens_for(engine, "connect")
        def _on_connect(dbapi_connection: Any, _record: Any) -> None:
            with dbapi_connection.cursor() as cursor:
                cursor.execute("SET default_transaction_read_only = on")
            dbapi_connection.commit()

    return engine


# --------------------------------------------------------------------------- opening


def open_store(
    url: str,
    *,
    create: bool = False,
    read_only: bool = False,
    witness: HeadWitness | None = None,
) -> SqlEventLog:
    """Open the event log at ``url``.

    :param url: ``sqlite:///path/ujikon.db`` (the folder must exist) or
        ``postgresql://user:password@host:port/database`` (run with psycopg 3; libpq
        options such as ``?options=-csearch_path%3Dschema`` pass through).
    :param create: create or upgrade the schema (what ``ujikon init`` does): runs the
        Alembic migrations up to the newest revision; harmless on a current database.
        Without it the schema must already be current.
    :param read_only: open it for reading only (an auditor's copy on read-only media):
        SQLite opens the file without writing anything beside it (see
        :class:`_ReadOnlyOpener`), PostgreSQL sessions are read-only; every write is
        refused with a :class:`StoreError` that says so.
    :param witness: the checkpoint file to write the chain head to after every commit
        (:mod:`ujikon.store.witness`); ignored when ``read_only``.
    :raises StoreError: the URL is wrong or unsupported, the database does not answer,
        is not initialised, is at an older schema (``ujikon init`` upgrades it), or was
        written by a newer ujikon.
    """
    if create and read_only:
        raise ValueError("a store opened read-only cannot be created")
    shown = mask_url(url)
    parsed = _parse_url(url, shown)
    if parsed.get_backend_name() == "sqlite":
        engine = _sqlite_engine(parsed, shown, create, read_only)
    else:
        engine = _pg_engine(parsed, read_only)
    try:
        if create:
            _migrate(engine, shown)
        else:
            _check_schema(engine, shown)
    except StoreError:
        _dispose(engine)
        raise
    except sa_exc.DBAPIError as exc:
        _dispose(engine)
        if read_only and parsed.get_backend_name() == "sqlite":
            raise _store_error(
                shown,
                "berkas basis data hanya-baca tidak dapat dibaca; periksa bahwa berkas itu "
                "utuh dan dapat dibaca pengguna ini (salinan lengkap: ujikon.db, dan bila ada "
                "ujikon.db-wal beserta ujikon.db-shm)",
                "the read-only database file cannot be read; check that it is complete and "
                "readable by this user (a whole copy: ujikon.db, and ujikon.db-wal with "
                "ujikon.db-shm if there are any)",
                _driver_detail(exc),
            ) from exc
        raise _store_error(
            shown,
            "basis data tidak dapat dibuka; periksa bahwa server berjalan, URL benar, dan "
            "pengguna berhak mengaksesnya, lalu ulangi",
            "the database cannot be opened; check that the server is running, the URL is "
            "right and the user may access it, then try again",
            _driver_detail(exc),
        ) from exc
    log = SqlEventLog(engine, display_url=shown, read_only=read_only)
    if witness is not None and not read_only:
        log.attach_witness(witness)
    logger.debug("opened %r", log)
    return log


def _dispose(engine: Engine) -> None:
    engine.dispose()
    opener = _READ_ONLY_OPENERS.get(engine)
    if opener is not None:
        opener.cleanup()


def _unknown_revision_error(shown: str, revisions: Sequence[str]) -> StoreError:
    found = ", ".join(revisions)
    return _store_error(
        shown,
        f"skema basis data berada pada revisi {found} yang tidak dikenal versi ujikon ini "
        "(dibuat oleh ujikon yang lebih baru, atau basis data milik aplikasi lain); "
        "perbarui ujikon atau periksa URL",
        f"the database schema is at revision {found}, unknown to this version of ujikon "
        "(written by a newer ujikon, or another application's database); upgrade ujikon "
        "or check the URL",
    )


def _check_schema(engine: Engine, shown: str) -> None:
    with engine.connect() as conn:
        current = migrations.current_revisions(conn)
    head = migrations.head_revision()
    if current == (head,):
        return
    if not current:
        raise _store_error(
            shown,
            "basis data belum disiapkan untuk ujikon; jalankan `ujikon init` terlebih dahulu",
            "the database is not initialised for ujikon; run `ujikon init` first",
        )
    if not set(current) <= migrations.known_revisions():
        raise _unknown_revision_error(shown, current)
    raise _store_error(
        shown,
        f"skema basis data versi lama (revisi {', '.join(current)}, terbaru {head}); "
        "jalankan `ujikon init` untuk memperbaruinya (data tetap utuh)",
        f"the database schema is older (revision {', '.join(current)}, current {head}); "
        "run `ujikon init` to upgrade it (the data is kept)",
    )


def _migrate(engine: Engine, shown: str) -> None:
    with engine.connect() as conn:
        conn.execution_options(**{_WRITE: True})
        with conn.begin():
            if conn.dialect.name == "postgresql":
                # Two `ujikon init` at once on one schema: the second waits, then finds
                # the schema current and does nothing.
                conn.execute(
                    sa.text(
                        "SELECT pg_advisory_xact_lock("
                        "hashtext(coalesce(current_schema(), '') || :purpose))"
                    ),
                    {"purpose": "/ujikon-migrate"},
                )
                if conn.execute(sa.text("SELECT current_schema()")).scalar() is None:
                    raise _store_error(
                        shown,
                        "tidak ada skema PostgreSQL tempat membuat tabel (search_path menunjuk "
                        "ke skema yang tidak ada); buat skema itu atau perbaiki URL",
                        "there is no PostgreSQL schema to create the tables in (search_path "
                        "names no existing schema); create the schema or correct the URL",
                    )
            current = migrations.current_revisions(conn)
            if not set(current) <= migrations.known_revisions():
                raise _unknown_revision_error(shown, current)
            migrations.upgrade_to_head(conn)


# --------------------------------------------------------------------------- helpers


def _parse_time(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        raise ValueError(f"recorded_at without a time zone: {text!r}")
    return moment.astimezone(UTC)


def _broken_report(chain: ChainChecker, broken: ChainBreak) -> ChainReport:
    """The report of a chain walk stopped at ``broken``, in the log's words."""
    reason = f"{broken.reason}: {_break_detail(broken)}"
    logger.warning("chain check failed at seq %d: %s", broken.seq, reason)
    return ChainReport(
        ok=False,
        events=chain.count,
        head=chain.last_hash,
        first_bad_seq=broken.seq,
        reason=reason,
        code=broken.rule,
    )


def _break_detail(broken: ChainBreak) -> str:
    """What differs, said of the stored rows and the ``chain_head`` row."""
    found, expected = broken.found, broken.expected
    if broken.rule == "gap":
        return (
            f"seq {expected} tidak ada, berikutnya {found} / "
            f"seq {expected} is missing, next is {found}"
        )
    if broken.rule == "broken_link":
        return (
            f"prev_hash {str(found)[:12]}…, event sebelumnya / previous event {str(expected)[:12]}…"
        )
    if broken.rule == "hash_mismatch":
        if expected is None:
            return broken.why
        return f"tersimpan/stored {str(found)[:12]}…, dihitung/computed {str(expected)[:12]}…"
    if not isinstance(found, tuple):
        return "chain_head kosong / empty"
    head_seq, head_hash = found
    last_seq, last_hash = expected if isinstance(expected, tuple) else (None, None)
    return (
        f"chain_head seq {head_seq} {str(head_hash)[:12]}…, "
        f"event terakhir / last event seq {last_seq} {str(last_hash)[:12]}…"
    )


def _check_batches(batches: Sequence[AppendBatch]) -> None:
    """Refuse malformed batches before any database work."""
    for batch in batches:
        if batch.expected_version < 0:
            raise ValueError(f"expected_version of {batch.subject} is negative")
        for event in batch.events:
            if event.subject != batch.subject:
                raise ValueError(f"event for {event.subject!r} in the batch of {batch.subject!r}")


def _is_version_clash(exc: sa_exc.IntegrityError) -> bool:
    diag = getattr(exc.orig, "diag", None)
    if diag is not None and getattr(diag, "constraint_name", None):
        return bool(diag.constraint_name == _UNIQUE_VERSION)
    text = str(exc.orig)
    return _UNIQUE_VERSION in text or "events.subject, events.subject_version" in text


# --------------------------------------------------------------------------- the log


class _Locked:
    """:class:`~ujikon.store.api.LockedLog` over a write transaction that holds the lock."""

    def __init__(self, log: SqlEventLog, conn: Connection, head: tuple[int, str]) -> None:
        self._log = log
        self._conn = conn
        self._head = head

    @property
    def head(self) -> ChainHead:
        return ChainHead(seq=self._head[0], hash=self._head[1])

    def version(self, subject: str) -> int:
        return self._log._subject_version(self._conn, subject)

    def highest_number(self, prefix: str) -> int:
        if not prefix:
            raise ValueError("highest_number needs a prefix")
        return self._log._highest_number(self._conn, prefix, self._head)


class _Snapshot:
    """:class:`~ujikon.store.api.LogSnapshot`: reads in one read-only transaction."""

    def __init__(self, log: SqlEventLog, conn: Connection) -> None:
        self._log = log
        self._conn = conn

    def head(self) -> ChainHead:
        row = self._conn.execute(_SELECT_HEAD).one_or_none()
        if row is None:
            return ChainHead(seq=0, hash=GENESIS_HASH)
        return ChainHead(seq=int(row.seq), hash=str(row.hash))

    def read_subjects(self, prefix: str, batch_size: int = 1000) -> Iterator[StoredEvent]:
        after: tuple[str, int] | None = None
        while True:
            stmt = sa.select(events)
            if prefix:
                stmt = stmt.where(events.c.subject.startswith(prefix, autoescape=True))
            if after is not None:
                stmt = stmt.where(
                    sa.or_(
                        events.c.subject > after[0],
                        sa.and_(events.c.subject == after[0], events.c.subject_version > after[1]),
                    )
                )
            stmt = stmt.order_by(events.c.subject, events.c.subject_version).limit(batch_size)
            rows = self._conn.execute(stmt).all()
            for row in rows:
                if row.subject.startswith(prefix):
                    yield self._log._to_event(row)
            if len(rows) < batch_size:
                return
            after = (rows[-1].subject, rows[-1].subject_version)

    def index_kinds(self) -> list[str]:
        kinds = self._conn.execute(sa.select(index_entries.c.kind).distinct()).scalars().all()
        return sorted(str(k) for k in kinds)

    def index(self, kind: str) -> list[IndexEntry]:
        rows = self._conn.execute(
            sa.select(index_entries).where(index_entries.c.kind == kind)
        ).all()
        entries = [
            IndexEntry(kind=row.kind, key=row.key, state=row.state, data=json.loads(row.data))
            for row in rows
        ]
        return sorted(entries, key=lambda entry: entry.key)

    def search_kinds(self) -> list[str]:
        found = self._conn.execute(sa.text("SELECT DISTINCT kind FROM search_docs")).scalars()
        return sorted(str(k) for k in found.all())

    def stored_search(self, kind: str) -> dict[str, SearchDoc]:
        rows = self._conn.execute(
            sa.text("SELECT key, title, body, tags, sort_key FROM search_docs WHERE kind = :kind"),
            {"kind": kind},
        ).all()
        return {
            str(row.key): SearchDoc(
                kind=kind,
                key=str(row.key),
                title=str(row.title),
                body=str(row.body),
                tags=tuple(str(row.tags).split()),
                sort_key=str(row.sort_key),
            )
            for row in rows
        }


class SqlEventLog:
    """:class:`~ujikon.store.api.EventLog` on SQLite or PostgreSQL.

    Build it with :func:`open_store`. Safe to share between threads; each process
    opens its own. Usable as a context manager (closes on exit).

    :param engine: an engine prepared by :func:`open_store` (for SQLite its connect
        and begin hooks are what make appends serialise).
    :param display_url: the URL as shown to people (password masked).
    """

    def __init__(
        self, engine: Engine, *, display_url: str | None = None, read_only: bool = False
    ) -> None:
        self._engine = engine
        self._url = display_url or engine.url.render_as_string(hide_password=True)
        self._dialect = engine.dialect.name
        self._read_only = read_only
        self._witness: HeadWitness | None = None
        self._numbered: dict[str, tuple[int, int, str]] = {}
        """Per prefix of :meth:`append_numbered`: the highest number among the events up
        to a seq, that seq and its hash (the log only grows, so it stays true)."""

    # ---------------------------------------------------------------- properties

    @property
    def engine(self) -> Engine:
        """The SQLAlchemy engine (for maintenance tools and tests)."""
        return self._engine

    @property
    def url(self) -> str:
        """The store's URL with any password masked."""
        return self._url

    @property
    def dialect(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return self._dialect

    @property
    def read_only(self) -> bool:
        """Opened for reading only: every write raises :class:`StoreError`."""
        return self._read_only

    @property
    def witness(self) -> HeadWitness | None:
        """The checkpoint file the head is written to after every commit, if any."""
        return self._witness

    def attach_witness(self, witness: HeadWitness | None) -> None:
        """Write the chain head to ``witness`` after every commit from now on (``None``:
        stop). Ignored on a read-only store, which never commits."""
        self._witness = None if self._read_only else witness

    @property
    def read_only_mode(self) -> str | None:
        """How a read-only SQLite file was opened (``immutable``, ``ro`` or ``copy``, see
        :class:`_ReadOnlyOpener`); ``None`` otherwise."""
        opener = _READ_ONLY_OPENERS.get(self._engine)
        return opener.mode if opener is not None else None

    def __repr__(self) -> str:
        return f"SqlEventLog({self._url!r})"

    def __enter__(self) -> SqlEventLog:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # ---------------------------------------------------------------- transactions

    @contextmanager
    def _guard(self) -> Iterator[None]:
        """Turn a lost server or a lock that never came free into a :class:`StoreError`."""
        try:
            yield
        except sa_exc.OperationalError as exc:
            raise _store_error(
                self._url,
                "basis data tidak dapat dipakai saat ini; periksa bahwa server berjalan "
                "(atau tidak ada proses lain yang menahan kunci terlalu lama), lalu ulangi",
                "the database cannot be used right now; check that the server is running "
                "(or that no other process holds the lock too long), then try again",
                _driver_detail(exc),
            ) from exc

    @contextmanager
    def _read(self, snapshot: bool = False) -> Iterator[Connection]:
        with self._guard(), self._engine.connect() as conn:
            if snapshot and self._dialect == "postgresql":
                conn.execution_options(isolation_level="REPEATABLE READ", postgresql_readonly=True)
            with conn.begin():
                yield conn

    @contextmanager
    def _write(self, wait_s: float | None = None) -> Iterator[Connection]:
        if self._read_only:
            raise _store_error(
                self._url,
                "ruang kerja ini dibuka hanya-baca (salinan di media hanya-baca, atau berkas "
                "yang tidak boleh ditulis pengguna ini); memeriksa dan membaca tetap dapat, "
                "menulis tidak",
                "this workspace is open read-only (a copy on read-only media, or files this "
                "user may not write); verifying and reading work, writing does not",
            )
        with self._guard(), self._engine.connect() as conn:
            options: dict[str, Any] = {_WRITE: True}
            if wait_s is not None:
                options[_WAIT] = wait_s
            conn.execution_options(**options)
            with conn.begin():
                yield conn

    def _lock_head(self, conn: Connection) -> tuple[int, str]:
        """Read (and on PostgreSQL lock) the chain head; appenders queue here."""
        row = conn.execute(_LOCK_HEAD).one_or_none()
        if row is None:
            raise _store_error(
                self._url,
                "baris chain_head hilang, skema rusak; jalankan `ujikon audit verify` dan "
                "hubungi admin",
                "the chain_head row is missing, the schema is damaged; run "
                "`ujikon audit verify` and call your administrator",
            )
        return int(row.seq), str(row.hash)

    def _subject_version(self, conn: Connection, subject: str) -> int:
        value = conn.execute(_SUBJECT_VERSION, {"subject": subject}).scalar_one()
        return int(value)

    def _upsert(self, table: sa.Table, keys: Sequence[str]) -> Any:
        """INSERT ... ON CONFLICT (keys) DO UPDATE, in this database's dialect."""
        insert = pg_dialect.insert if self._dialect == "postgresql" else sqlite_dialect.insert
        stmt = insert(table)
        updates = {c.name: stmt.excluded[c.name] for c in table.columns if c.name not in keys}
        return stmt.on_conflict_do_update(index_elements=list(keys), set_=updates)

    def _write_index(self, conn: Connection, entries: Sequence[IndexEntry], seq: int) -> None:
        rows: dict[tuple[str, str], dict[str, Any]] = {}
        for entry in entries:  # the last entry for a key wins
            rows[(entry.kind, entry.key)] = {
                "kind": entry.kind,
                "key": entry.key,
                "state": entry.state,
                "data": canonical_json(entry.data),
                "updated_seq": seq,
            }
        if rows:
            conn.execute(self._upsert(index_entries, ("kind", "key")), list(rows.values()))

    # ---------------------------------------------------------------- exclusive work

    @contextmanager
    def exclusive(self, name: str, wait_s: float = SQLITE_BUSY_TIMEOUT_S) -> Iterator[None]:
        """Hold a lock named ``name`` among every user of this store -- threads, processes
        and, on PostgreSQL, machines -- for work that spans more than one transaction
        (rendering and signing a decree before it is recorded). It is not the append
        lock: appenders who do not ask for ``name`` never wait for it.

        PostgreSQL: a session advisory lock (``pg_advisory_lock``) on a connection of its
        own, the key derived from the schema and ``name``. SQLite: an ``flock`` of the
        file ``<database>.<name>.lock`` beside the database (a thread lock for an
        in-memory one).

        :raises StoreError: not obtained within ``wait_s`` seconds, or the store is
            read-only.
        """
        if not re.fullmatch(r"[a-z0-9-]{1,40}", name):
            raise ValueError(f"lock name {name!r}: lower-case letters, digits and '-' only")
        if self._read_only:
            with self._write():  # raises the read-only refusal
                pass
        if self._dialect == "postgresql":
            with self._pg_exclusive(name, wait_s):
                yield
            return
        database = self._engine.url.database or ""
        if database in ("", ":memory:"):
            lock = _MEMORY_LOCKS.setdefault((id(self._engine), name), threading.Lock())
            if not lock.acquire(timeout=wait_s):
                raise self._lock_timeout(name, wait_s)
            try:
                yield
            finally:
                lock.release()
            return
        handle = os.open(f"{database}.{name}.lock", os.O_RDWR | os.O_CREAT, 0o644)
        try:
            deadline = time.monotonic() + wait_s
            while True:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        raise self._lock_timeout(name, wait_s) from None
                    time.sleep(0.02)
            yield
        finally:
            os.close(handle)  # releases the lock

    @contextmanager
    def _pg_exclusive(self, name: str, wait_s: float) -> Iterator[None]:
        key = sa.text("hashtext(coalesce(current_schema(), '') || :purpose)")
        with self._guard(), self._engine.connect() as conn:
            conn = conn.execution_options(isolation_level="AUTOCOMMIT")
            conn.execute(sa.text(f"SET lock_timeout = '{max(1, int(wait_s * 1000))}ms'"))
            try:
                conn.execute(
                    sa.select(sa.func.pg_advisory_lock(key)), {"purpose": f"/ujikon-{name}"}
                )
            except sa_exc.OperationalError as exc:
                if "lock timeout" in str(exc.orig).lower():
                    raise self._lock_timeout(name, wait_s) from exc
                raise
            finally:
                conn.execute(sa.text("RESET lock_timeout"))
            try:
                yield
            finally:
                conn.execute(
                    sa.select(sa.func.pg_advisory_unlock(key)), {"purpose": f"/ujikon-{name}"}
                )

    def _lock_timeout(self, name: str, wait_s: float) -> StoreError:
        return _store_error(
            self._url,
            f"kunci '{name}' tidak didapat dalam {wait_s:.0f} detik (proses lain masih "
            "mengerjakannya); ulangi sebentar lagi",
            f"the lock '{name}' was not obtained within {wait_s:.0f} seconds (another "
            "process is still at it); try again shortly",
        )

    # ---------------------------------------------------------------- writing

    def append(
        self,
        batches: Sequence[AppendBatch],
        index: Sequence[IndexEntry] = (),
        search: Sequence[SearchDoc] = (),
        unsearch: Sequence[tuple[str, str]] = (),
    ) -> list[StoredEvent]:
        """Store every batch and index row in one transaction, or nothing; and in the
        same transaction write the search documents: each of ``search`` replaces the
        document of its kind and key, each (kind, key) of ``unsearch`` is removed (if it
        was there).

        Batches are checked and stored in the order given; a subject may appear in
        more than one batch of a call, each expecting the version the one before left.

        :raises ConflictError: a subject is no longer at its ``expected_version``;
            nothing of the call is stored (no event, index row or document).
        :raises ValueError: an event's subject differs from its batch's, a negative
            ``expected_version``, or a tag that is not lower-case letters and digits.
        :raises StoreError: the database cannot be used.
        """
        if not batches and not index and not search and not unsearch:
            _check_batches(batches)
            return []
        also = self._search_writer(search, unsearch) if search or unsearch else None
        stored = self._append_tx(batches, index, also)
        if stored:
            logger.debug(
                "appended seq %d..%d (%d subjects)", stored[0].seq, stored[-1].seq, len(batches)
            )
        return stored

    def _append_tx(
        self,
        batches: Sequence[AppendBatch],
        index: Sequence[IndexEntry],
        also: Callable[[Connection], None] | None = None,
    ) -> list[StoredEvent]:
        """One write transaction: the batches, the index rows, then ``also`` (more writes
        that stand or fall with the events); a version clash becomes ConflictError."""
        _check_batches(batches)
        return self._append_locked(lambda _conn, _head: (batches, index, also))

    def _append_locked(
        self,
        plan: Callable[[Connection, tuple[int, str]], _Writes],
        wait_s: float | None = None,
    ) -> list[StoredEvent]:
        """One write transaction: lock the chain head, ask ``plan`` what to write (given
        the connection and the locked head's seq and hash, it may read under the lock),
        then write the batches, the index rows and the extra writes it returned; a
        version clash becomes ConflictError. After the commit the new head goes to the
        witness (the checkpoint file), if there is one."""
        batches: Sequence[AppendBatch] = ()
        try:
            with self._write(wait_s) as conn:
                head = self._lock_head(conn)
                batches, index, also = plan(conn, head)
                stored = self._append(conn, head, batches, index)
                if also is not None:
                    also(conn)
        except sa_exc.IntegrityError as exc:
            if not batches or not _is_version_clash(exc):
                raise _store_error(
                    self._url,
                    "basis data menolak penulisan; jalankan `ujikon audit verify` untuk "
                    "memeriksa log",
                    "the database refused the write; run `ujikon audit verify` to check the log",
                    _driver_detail(exc),
                ) from exc
            raise self._conflict_after_clash(batches) from exc
        if stored and self._witness is not None:
            self._witness.record_quietly(stored[-1].seq, stored[-1].hash)
        return stored

    def _append(
        self,
        conn: Connection,
        head: tuple[int, str],
        batches: Sequence[AppendBatch],
        index: Sequence[IndexEntry],
    ) -> list[StoredEvent]:
        """Write under the locked ``head`` (its seq and hash, from :meth:`_lock_head`)."""
        seq, prev_hash = head
        versions: dict[str, int] = {}
        rows: list[dict[str, Any]] = []
        stored: list[StoredEvent] = []
        for batch in batches:
            actual = versions.get(batch.subject)
            if actual is None:
                actual = self._subject_version(conn, batch.subject)
            if actual != batch.expected_version:
                raise ConflictError(batch.subject, batch.expected_version, actual)
            version = actual
            for event in batch.events:
                seq += 1
                version += 1
                row, stored_event = self._chain(event, seq, version, prev_hash)
                rows.append(row)
                stored.append(stored_event)
                prev_hash = stored_event.hash
            versions[batch.subject] = version
        if rows:
            conn.execute(_INSERT_EVENTS, rows)
            conn.execute(_UPDATE_HEAD, {"head_seq": seq, "head_hash": prev_hash})
        if index:
            self._write_index(conn, index, seq)
        return stored

    @staticmethod
    def _chain(
        event: NewEvent, seq: int, version: int, prev_hash: str
    ) -> tuple[dict[str, Any], StoredEvent]:
        recorded_at = format_utc(event.recorded_at)
        payload_text = canonical_json(event.payload)
        payload = json.loads(payload_text)  # exactly what a reader will get back
        digest = event_hash(
            seq=seq,
            subject=event.subject,
            subject_version=version,
            action=event.action,
            actor=event.actor,
            role=event.role,
            recorded_at=event.recorded_at,
            payload=payload,
            payload_version=event.payload_version,
            prev_hash=prev_hash,
        )
        row = {
            "seq": seq,
            "subject": event.subject,
            "subject_version": version,
            "action": event.action,
            "actor": event.actor,
            "role": event.role,
            "recorded_at": recorded_at,
            "payload": payload_text,
            "payload_version": event.payload_version,
            "prev_hash": prev_hash,
            "hash": digest,
        }
        stored = StoredEvent(
            seq=seq,
            subject=event.subject,
            subject_version=version,
            action=event.action,
            actor=event.actor,
            role=event.role,
            recorded_at=event.recorded_at,
            payload=payload,
            payload_version=event.payload_version,
            prev_hash=prev_hash,
            hash=digest,
        )
        return row, stored

    def _conflict_after_clash(self, batches: Sequence[AppendBatch]) -> ConflictError:
        """The unique constraint fired: find the subject that moved under us."""
        with self._read() as conn:
            versions: dict[str, int] = {}
            for batch in batches:
                actual = versions.get(batch.subject)
                if actual is None:
                    actual = self._subject_version(conn, batch.subject)
                if actual != batch.expected_version:
                    return ConflictError(batch.subject, batch.expected_version, actual)
                versions[batch.subject] = actual + len(batch.events)
        first = batches[0]
        return ConflictError(first.subject, first.expected_version, first.expected_version + 1)

    def append_numbered(self, prefix: str, build: Callable[[int], AppendPlan]) -> list[StoredEvent]:
        """Give a new subject the next number after ``prefix`` and store it, atomically:
        :meth:`append_under_lock` with :meth:`LockedLog.highest_number`, as one call (not
        part of the :class:`~ujikon.store.api.EventLog` protocol; the writer does the same).

        In the append transaction, after the chain head is locked (SQLite: after
        ``BEGIN IMMEDIATE``), so that every appender queues behind it: the highest
        number ``n`` of ``prefix`` (:meth:`_highest_number`), then ``build(n + 1)``,
        whose plan (events, index rows, search documents) is written in that same
        transaction. Two callers at once therefore never get the same number, and no
        caller has to retry.

        ``build`` is called once, with the lock held: keep it quick and pure (it must
        not use the log; read what it needs before). Whatever it raises ends the call
        with nothing stored.

        :raises ConflictError: a batch of the plan is not at its ``expected_version``
            (never for a subject that only the new number names); nothing is stored.
        :raises ValueError: an empty ``prefix``, or a malformed plan (as :meth:`append`
            and :meth:`append_with_search`).
        :raises StoreError: the database cannot be used.
        """
        if not prefix:
            raise ValueError("append_numbered needs a prefix")

        def numbered(locked: LockedLog) -> AppendPlan:
            number = locked.highest_number(prefix) + 1
            logger.debug("numbered %s%d", prefix, number)
            return build(number)

        return self.append_under_lock(numbered)

    def append_under_lock(
        self, build: Callable[[LockedLog], AppendPlan], *, wait_s: float | None = None
    ) -> list[StoredEvent]:
        """Decide what to write while holding the lock every appender queues on, and
        write it in the same transaction.

        ``build`` gets a :class:`~ujikon.store.api.LockedLog`: the chain head as locked,
        and the version of any subject and the highest number of any prefix as they are
        under the lock, which no other appender can change before this transaction ends.
        Its plan is then written as :meth:`append_with_search` would. So a counter kept
        as a subject's version (the decree serial of a year) can be taken without a
        conflict and without retrying: read it in ``build``, expect it in the plan.

        ``build`` is called once. It may take a while (rendering and signing a decree):
        every other appender waits meanwhile -- ``wait_s`` is how long this caller waits
        for the lock itself (SQLite's busy timeout; default
        :data:`SQLITE_BUSY_TIMEOUT_S`; PostgreSQL waits for the row lock as long as it
        takes). Whatever it raises ends the call with nothing stored.

        :raises ConflictError: a batch is not at its ``expected_version``; nothing stored.
        :raises ValueError: a malformed plan.
        :raises StoreError: the database cannot be used, or the store is read-only.
        """

        def plan(conn: Connection, head: tuple[int, str]) -> _Writes:
            made = build(_Locked(self, conn, head))
            _check_batches(made.batches)
            return made.batches, made.index, self._search_writer(made.search, made.unsearch)

        return self._append_locked(plan, wait_s)

    def _highest_number(self, conn: Connection, prefix: str, head: tuple[int, str]) -> int:
        """The highest number stored subjects carry right after ``prefix`` (the ASCII
        digits that follow it; subjects without any are ignored), 0 if none.

        ``head`` is the chain head as locked. Events are never changed once stored, so
        the highest number found up to a seq stays true: it is kept (per prefix, with
        that seq and its hash) and next time only the events after that seq are read,
        a range of the primary key, instead of every subject of the prefix (which on
        PostgreSQL means the whole table unless the collation is ``C``). If the event at
        that seq is no longer the one seen (a database restored or replaced), all are read.
        """
        after, highest = 0, 0
        kept = self._numbered.get(prefix)
        if kept is not None:
            kept_highest, kept_seq, kept_hash = kept
            if kept_seq == head[0]:
                still = kept_hash == head[1]
            elif kept_seq < head[0]:
                found = conn.execute(
                    sa.select(events.c.hash).where(events.c.seq == kept_seq)
                ).scalar()
                still = found == kept_hash
            else:
                still = False
            if still:
                after, highest = kept_seq, kept_highest
        if after < head[0]:
            highest = max(highest, self._highest_number_between(conn, prefix, after, head[0]))
        self._numbered[prefix] = (highest, head[0], head[1])
        return highest

    def _highest_number_between(self, conn: Connection, prefix: str, after: int, upto: int) -> int:
        """:meth:`_highest_number` among the events after seq ``after`` up to ``upto``."""
        stmt = sa.select(events.c.subject).where(
            events.c.subject.startswith(prefix, autoescape=True)
        )
        if after:
            # Both bounds, so that even without statistics the planner reads a range of
            # the primary key, not the table.
            stmt = stmt.where(events.c.seq > after, events.c.seq <= upto)
        elif self._dialect == "sqlite" and prefix[-1] != chr(0x10FFFF):
            # In code point order (SQLite's BINARY) the subjects with the prefix are one
            # range of the unique index; LIKE alone would scan it all (it ignores case).
            above = prefix[:-1] + chr(ord(prefix[-1]) + 1)
            stmt = stmt.distinct().where(events.c.subject >= prefix, events.c.subject < above)
        else:
            stmt = stmt.distinct()
        highest = 0
        for subject in conn.execute(stmt).scalars():
            if not subject.startswith(prefix):  # SQLite's LIKE ignores ASCII case
                continue
            digits = _LEADING_DIGITS.match(subject, len(prefix))
            if digits is not None:
                highest = max(highest, int(digits.group()))
        return highest

    def replace_index(self, kind: str, entries: Sequence[IndexEntry]) -> None:
        """Drop and rewrite a whole projection (after a rebuild from the log).

        :raises ValueError: an entry of another kind.
        """
        for entry in entries:
            if entry.kind != kind:
                raise ValueError(f"index entry of kind {entry.kind!r} given to replace {kind!r}")
        with self._write() as conn:
            seq, _ = self._lock_head(conn)  # no append slips in between
            conn.execute(index_entries.delete().where(index_entries.c.kind == kind))
            self._write_index(conn, entries, seq)

    def set_meta(self, key: str, value: str) -> None:
        """Store ``value`` under ``key``, replacing any earlier value."""
        with self._write() as conn:
            conn.execute(self._upsert(meta, ("key",)), [{"key": key, "value": value}])

    # ---------------------------------------------------------------- reading

    @staticmethod
    def _to_event(row: Row[Any]) -> StoredEvent:
        try:
            return StoredEvent(
                seq=row.seq,
                subject=row.subject,
                subject_version=row.subject_version,
                action=row.action,
                actor=row.actor,
                role=row.role,
                recorded_at=_parse_time(row.recorded_at),
                payload=json.loads(row.payload),
                payload_version=row.payload_version,
                prev_hash=row.prev_hash,
                hash=row.hash,
            )
        except (ValueError, ValidationError) as exc:
            raise StoreError(
                f"Event seq {row.seq} tersimpan rusak dan tidak dapat dibaca; jalankan "
                f"`ujikon audit verify`. / The stored event seq {row.seq} is damaged and "
                f"cannot be read; run `ujikon audit verify`. ({exc})"
            ) from exc

    def read(self, subject: str, upto: int | None = None) -> list[StoredEvent]:
        """The subject's events in order (up to ``subject_version`` ``upto``)."""
        stmt = sa.select(events).where(events.c.subject == subject)
        if upto is not None:
            stmt = stmt.where(events.c.subject_version <= upto)
        with self._read() as conn:
            rows = conn.execute(stmt.order_by(events.c.subject_version)).all()
        return [self._to_event(row) for row in rows]

    def read_all(self, after_seq: int = 0, batch_size: int = 1000) -> Iterator[StoredEvent]:
        """Every event after ``after_seq``, streamed in ``seq`` order.

        Reads ``batch_size`` rows per query (keyset on ``seq``) and holds no connection
        between batches, so memory stays flat and an abandoned iterator costs nothing.
        Events appended meanwhile are included: they only ever come at the end.
        """
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        last = after_seq
        while True:
            with self._read() as conn:
                rows = conn.execute(
                    sa.select(events)
                    .where(events.c.seq > last)
                    .order_by(events.c.seq)
                    .limit(batch_size)
                ).all()
            for row in rows:
                yield self._to_event(row)
            if len(rows) < batch_size:
                return
            last = rows[-1].seq

    def read_subjects(self, prefix: str, batch_size: int = 1000) -> Iterator[StoredEvent]:
        """Every event of the subjects starting with ``prefix``, streamed subject by subject
        (each subject's events in order), so a projection can fold one subject at a time.

        Keyset paging on ``(subject, subject_version)``, the unique index; no connection is
        held between batches.
        """
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        last_subject, last_version = "", 0
        first = True
        while True:
            stmt = sa.select(events)
            if prefix:
                stmt = stmt.where(events.c.subject.startswith(prefix, autoescape=True))
            if not first:
                stmt = stmt.where(
                    sa.or_(
                        events.c.subject > last_subject,
                        sa.and_(
                            events.c.subject == last_subject,
                            events.c.subject_version > last_version,
                        ),
                    )
                )
            stmt = stmt.order_by(events.c.subject, events.c.subject_version).limit(batch_size)
            with self._read() as conn:
                rows = conn.execute(stmt).all()
            for row in rows:
                if row.subject.startswith(prefix):
                    yield self._to_event(row)
            if len(rows) < batch_size:
                return
            first = False
            last_subject, last_version = rows[-1].subject, rows[-1].subject_version

    def version(self, subject: str) -> int:
        """How many events the subject has (0 if none)."""
        with self._read() as conn:
            return self._subject_version(conn, subject)

    def subjects(self, prefix: str) -> list[str]:
        """Subjects starting with ``prefix`` (case-sensitive), sorted by code point."""
        stmt = sa.select(events.c.subject).distinct()
        if prefix:
            stmt = stmt.where(events.c.subject.startswith(prefix, autoescape=True))
        with self._read() as conn:
            found = conn.execute(stmt).scalars().all()
        # SQLite's LIKE ignores ASCII case: filter exactly here. Sorting here too keeps
        # the order independent of the database's collation.
        return sorted(s for s in found if s.startswith(prefix))

    def head(self) -> ChainHead:
        """Seq and hash of the last event (0 and ``GENESIS_HASH`` when empty)."""
        with self._read() as conn:
            row = conn.execute(_SELECT_HEAD).one_or_none()
        if row is None:
            return ChainHead(seq=0, hash=GENESIS_HASH)
        return ChainHead(seq=int(row.seq), hash=str(row.hash))

    def index(self, kind: str, state: str | None = None) -> list[IndexEntry]:
        """Projection rows of a kind, optionally only those in ``state``, sorted by key."""
        stmt = sa.select(index_entries).where(index_entries.c.kind == kind)
        if state is not None:
            stmt = stmt.where(index_entries.c.state == state)
        with self._read() as conn:
            rows = conn.execute(stmt).all()
        entries = [
            IndexEntry(kind=row.kind, key=row.key, state=row.state, data=json.loads(row.data))
            for row in rows
        ]
        return sorted(entries, key=lambda entry: entry.key)

    def get_meta(self, key: str) -> str | None:
        """The value stored under ``key``, or ``None``."""
        with self._read() as conn:
            value = conn.execute(sa.select(meta.c.value).where(meta.c.key == key)).scalar()
        return None if value is None else str(value)

    def index_kinds(self) -> list[str]:
        """The kinds the projection table holds rows of (``case``, ``decree``…), sorted."""
        with self.snapshot() as view:
            return view.index_kinds()

    @contextmanager
    def snapshot(self) -> Iterator[_Snapshot]:
        """Read the events, the projections and the head as of one moment (one read-only
        transaction: a snapshot on SQLite, ``REPEATABLE READ`` on PostgreSQL), so that a
        fold of the log and the stored projections can be compared while others append."""
        with self._read(snapshot=True) as conn:
            yield _Snapshot(self, conn)

    # ---------------------------------------------------------------- auditing

    def hashes_at(self, seqs: Sequence[int], batch_size: int = 500) -> dict[int, str]:
        """The stored hash of each event named by ``seqs`` (absent seqs are left out)."""
        wanted = sorted(set(seqs))
        found: dict[int, str] = {}
        with self._read() as conn:
            for start in range(0, len(wanted), batch_size):
                chunk = wanted[start : start + batch_size]
                rows = conn.execute(
                    sa.select(events.c.seq, events.c.hash).where(events.c.seq.in_(chunk))
                ).all()
                found.update((int(row.seq), str(row.hash)) for row in rows)
        return found

    def verify_chain(
        self, batch_size: int = 2000, progress: Callable[[int], None] | None = None
    ) -> ChainReport:
        """Recompute every hash from the stored columns; name the first that differs.

        Walks the log in ``seq`` order inside one read-only snapshot, ``batch_size``
        rows at a time, through the one chain check
        (:class:`~ujikon.domain.events.ChainChecker`): each event's ``seq`` follows the
        one before (``gap``; ``first_bad_seq`` is then the missing number), its
        ``prev_hash`` is the stored hash of the one before (``broken_link``), its hash
        recomputes (``hash_mismatch``). Last, the ``chain_head`` row must name the last
        event (``head_mismatch``). ``code`` names the rule broken, ``reason`` starts with
        its words (:data:`~ujikon.domain.events.CHAIN_REASONS`).

        ``events`` counts the events that passed; ``head`` is the hash of the last of
        them (``GENESIS_HASH`` if none). ``progress``, when given, is called after every
        batch with the number of events checked so far (for a progress bar).
        """
        chain = ChainChecker()
        check = chain.check
        with self._read(snapshot=True) as conn:
            while True:
                rows = conn.execute(
                    sa.select(events)
                    .where(events.c.seq > chain.count)
                    .order_by(events.c.seq)
                    .limit(batch_size)
                ).all()
                for row in rows:
                    broken = check(
                        seq=row.seq,
                        subject=row.subject,
                        subject_version=row.subject_version,
                        action=row.action,
                        actor=row.actor,
                        role=row.role,
                        recorded_at=row.recorded_at,
                        payload_json=row.payload,
                        payload_version=row.payload_version,
                        prev_hash=row.prev_hash,
                        hash=row.hash,
                    )
                    if broken is not None:
                        return _broken_report(chain, broken)
                if progress is not None:
                    progress(chain.count)
                if len(rows) < batch_size:
                    break
            head = conn.execute(_SELECT_HEAD).one_or_none()
        broken = (
            chain.check_head(None, None)
            if head is None
            else chain.check_head(int(head.seq), str(head.hash))
        )
        if broken is not None:
            return _broken_report(chain, broken)
        return ChainReport(ok=True, events=chain.count, head=chain.last_hash)

    # ---------------------------------------------------------------- web sessions

    @property
    def sessions(self) -> _SqlSessions:
        """The web sessions and failed log-ins (tables ``web_sessions`` and
        ``login_failures``, migration 0003): not events, written outside the chain."""
        return _SqlSessions(self)

    # ---------------------------------------------------------------- lifetime

    def close(self) -> None:
        """Close every pooled connection; the object is not used afterwards."""
        _dispose(self._engine)

    # ---------------------------------------------------------------- full-text search
    # Precedent search (``ujikon case search``). The table ``search_docs`` and its
    # full-text index are dialect-specific DDL of migration 0002, outside ``metadata``:
    # an FTS5 table on SQLite, a generated ``tsvector`` column with a GIN index on
    # PostgreSQL. Only words reach either (:meth:`_search_words`, for the documents and
    # for the query alike), so both databases index and match the same words, and no
    # text a user types is ever read as query syntax.

    _SEARCH_PREFIX = "search_docs"
    _SEARCH_REBUILD_META = "search_rebuild_needed:"
    _SEARCH_MAX_WORDS = 16
    _SEARCH_MAX_LIMIT = 1000
    _SEARCH_TAG = re.compile(r"^[0-9a-z]{1,40}$")
    _SEARCH_UPSERT = sa.text(
        "INSERT INTO search_docs (kind, key, title, body, tags, sort_key) "
        "VALUES (:kind, :key, :title, :body, :tags, :sort_key) "
        "ON CONFLICT (kind, key) DO UPDATE SET title = excluded.title, body = excluded.body, "
        "tags = excluded.tags, sort_key = excluded.sort_key"
    )
    _SEARCH_DELETE = sa.text("DELETE FROM search_docs WHERE kind = :kind AND key = :key")

    @staticmethod
    def include_in_autogenerate(name: str | None, type_: str, parent_names: Any) -> bool:
        """Alembic ``include_name`` hook: leave out the search objects (names starting
        with ``search_docs``), which are dialect-specific DDL kept outside
        :data:`metadata` (migration 0002)."""
        return not (name or "").startswith(SqlEventLog._SEARCH_PREFIX)

    @staticmethod
    def _search_words(text: str) -> list[str]:
        """The words of ``text`` as the index holds them: lower case, accents dropped,
        runs of letters and digits (everything else separates words), none longer than
        100 characters (PostgreSQL would drop those from an index or a query silently)."""
        import unicodedata

        decomposed = unicodedata.normalize("NFKD", text.casefold())
        plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
        return [word for word in re.findall(r"[^\W_]+", plain) if len(word) <= 100]

    def _search_rows(self, docs: Sequence[SearchDoc]) -> list[dict[str, Any]]:
        rows: dict[tuple[str, str], dict[str, Any]] = {}
        for doc in docs:  # the last document for a key wins
            for tag in doc.tags:
                if not self._SEARCH_TAG.match(tag):
                    raise ValueError(f"search tag {tag!r}: lower-case letters and digits only")
            rows[(doc.kind, doc.key)] = {
                "kind": doc.kind,
                "key": doc.key,
                "title": " ".join(self._search_words(doc.title)),
                "body": " ".join(self._search_words(doc.body)),
                "tags": f" {' '.join(sorted(set(doc.tags)))} ",
                "sort_key": doc.sort_key,
            }
        return list(rows.values())

    def append_with_search(
        self,
        batches: Sequence[AppendBatch],
        index: Sequence[IndexEntry] = (),
        search: Sequence[SearchDoc] = (),
        unsearch: Sequence[tuple[str, str]] = (),
    ) -> list[StoredEvent]:
        """:meth:`append` by its older name (the store's tests and scripts use it; the
        application's one writer calls :meth:`append`)."""
        return self.append(batches, index, search, unsearch)

    def _search_writer(
        self, search: Sequence[SearchDoc], unsearch: Sequence[tuple[str, str]]
    ) -> Callable[[Connection], None] | None:
        """The writes of ``search`` and ``unsearch`` for an append transaction (``None``
        if there are none).

        :raises ValueError: a tag that is not lower-case letters and digits.
        """
        if not search and not unsearch:
            return None
        rows = self._search_rows(search)
        drops = [{"kind": kind, "key": key} for kind, key in unsearch]

        def write_search(conn: Connection) -> None:
            if drops:
                conn.execute(self._SEARCH_DELETE, drops)
            if rows:
                conn.execute(self._SEARCH_UPSERT, rows)

        return write_search

    def search(
        self,
        kind: str,
        words: Sequence[str],
        *,
        tag: str | None = None,
        limit: int = 20,
        order: SearchOrder = "newest",
    ) -> list[SearchHit]:
        """Documents of ``kind`` holding every word (as a word or the start of one),
        only those tagged ``tag`` if given; with no words, every such document.

        ``order`` ``newest`` sorts by ``sort_key`` (descending), then relevance;
        ``relevance`` the other way round. Relevance is FTS5's ``bm25`` (negated) on
        SQLite and ``ts_rank`` on PostgreSQL, the title weighing more than the body.
        At most :attr:`_SEARCH_MAX_WORDS` words are used. Each word is reduced to
        letters and digits and then quoted (FTS5: ``"word"*``; PostgreSQL:
        ``'word':*``), so quotes, ``*``, ``NEAR``, ``OR``, ``-`` are plain text.

        :raises ValueError: ``limit`` outside 1-1000, an unknown ``order``, or a
            ``tag`` that is not lower-case letters and digits.
        """
        if not 1 <= limit <= self._SEARCH_MAX_LIMIT:
            raise ValueError(f"limit must be 1-{self._SEARCH_MAX_LIMIT}, not {limit}")
        if order not in ("newest", "relevance"):
            raise ValueError(f"unknown order {order!r}")
        if tag is not None and not self._SEARCH_TAG.match(tag):
            raise ValueError(f"search tag {tag!r}: lower-case letters and digits only")
        terms = list(dict.fromkeys(t for word in words for t in self._search_words(word)))
        terms = terms[: self._SEARCH_MAX_WORDS]
        params: dict[str, Any] = {"kind": kind, "limit": limit}
        where = "d.kind = :kind"
        if tag is not None:
            where += " AND d.tags LIKE :tag"
            params["tag"] = f"% {tag} %"
        ranked = {
            "newest": "d.sort_key DESC, score DESC, d.key DESC",
            "relevance": "score DESC, d.sort_key DESC, d.key DESC",
        }[order]
        if not terms:
            sql = (
                "SELECT d.key AS key, d.sort_key AS sort_key, 0.0 AS score "
                f"FROM search_docs AS d WHERE {where} "
                "ORDER BY d.sort_key DESC, d.key DESC LIMIT :limit"
            )
        elif self._dialect == "postgresql":
            params["query"] = " & ".join(f"'{term}':*" for term in terms)
            sql = (
                "SELECT d.key AS key, d.sort_key AS sort_key, ts_rank(d.tsv, q) AS score "
                "FROM search_docs AS d, to_tsquery('simple', :query) AS q "
                f"WHERE {where} AND d.tsv @@ q ORDER BY {ranked} LIMIT :limit"
            )
        else:
            params["query"] = " AND ".join('"' + term.replace('"', '""') + '"*' for term in terms)
            sql = (
                "SELECT d.key AS key, d.sort_key AS sort_key, "
                "-bm25(search_docs_fts, 4.0, 1.0) AS score "
                "FROM search_docs_fts JOIN search_docs AS d ON d.id = search_docs_fts.rowid "
                f"WHERE search_docs_fts MATCH :query AND {where} "
                f"ORDER BY {ranked} LIMIT :limit"
            )
        with self._read() as conn:
            rows = conn.execute(sa.text(sql), params).all()
        return [
            SearchHit(key=str(row.key), sort_key=str(row.sort_key), score=float(row.score))
            for row in rows
        ]

    def replace_search(self, kind: str, docs: Sequence[SearchDoc]) -> None:
        """Drop and rewrite every search document of a kind (after a rebuild from the
        log), and clear the note that the kind needs a rebuild; one transaction.

        :raises ValueError: a document of another kind, or a bad tag.
        """
        for doc in docs:
            if doc.kind != kind:
                raise ValueError(f"search document of kind {doc.kind!r} given to replace {kind!r}")
        rows = self._search_rows(docs)
        with self._write() as conn:
            self._lock_head(conn)  # no append slips in between
            conn.execute(sa.text("DELETE FROM search_docs WHERE kind = :kind"), {"kind": kind})
            if rows:
                conn.execute(self._SEARCH_UPSERT, rows)
            conn.execute(meta.delete().where(meta.c.key == self._SEARCH_REBUILD_META + kind))

    def search_form(self, doc: SearchDoc) -> SearchDoc:
        """``doc`` as the index stores it: title and body reduced to their words (lower
        case, accents dropped), the tags sorted and unique -- what :meth:`stored_search`
        gives back for it.

        :raises ValueError: a tag that is not lower-case letters and digits.
        """
        row = self._search_rows([doc])[0]
        return SearchDoc(
            kind=doc.kind,
            key=doc.key,
            title=row["title"],
            body=row["body"],
            tags=tuple(row["tags"].split()),
            sort_key=row["sort_key"],
        )

    def stored_search(self, kind: str) -> dict[str, SearchDoc]:
        """Every search document of ``kind`` as stored, by key (for ``audit verify``,
        which compares them with :meth:`search_form` of a fold of the log)."""
        with self.snapshot() as view:
            return view.stored_search(kind)

    def search_kinds(self) -> list[str]:
        """The kinds the search table holds documents of, sorted."""
        with self.snapshot() as view:
            return view.search_kinds()

    def search_needs_rebuild(self, kind: str) -> bool:
        """Whether the search documents of ``kind`` are known to lag the log: migration
        0002 notes it when it adds the (empty) index to a database that holds cases."""
        return self.get_meta(self._SEARCH_REBUILD_META + kind) is not None


# --------------------------------------------------------------------------- web sessions


def _flashes_text(flashes: Sequence[tuple[str, str, str]]) -> str:
    return json.dumps([list(f) for f in flashes], ensure_ascii=False)


def _flashes_of(text: str) -> tuple[tuple[str, str, str], ...]:
    try:
        items = json.loads(text)
    except ValueError:
        return ()
    if not isinstance(items, list):
        return ()
    return tuple(
        (str(i[0]), str(i[1]), str(i[2])) for i in items if isinstance(i, list) and len(i) == 3
    )


class _SqlSessions:
    """:class:`~ujikon.store.api.SessionTable` on the log's own database: each method one
    short transaction of its own, outside the chain (no lock on ``chain_head``)."""

    def __init__(self, log: SqlEventLog) -> None:
        self._log = log

    def create(
        self, session: StoredSession, *, stale_before: float, born_before: float, keep: int
    ) -> None:
        row = {
            "key": session.key,
            "username": session.username,
            "kind": session.kind,
            "created": session.created,
            "last_seen": session.last_seen,
            "flashes": _flashes_text(session.flashes),
        }
        with self._log._write() as conn:
            conn.execute(
                web_sessions.delete().where(
                    (web_sessions.c.last_seen < stale_before)
                    | (web_sessions.c.created < born_before)
                )
            )
            held = conn.execute(sa.select(sa.func.count()).select_from(web_sessions)).scalar_one()
            excess = int(held) - keep + 1
            if excess > 0:
                oldest = (
                    sa.select(web_sessions.c.key)
                    .order_by(web_sessions.c.last_seen, web_sessions.c.key)
                    .limit(excess)
                    .scalar_subquery()
                )
                conn.execute(web_sessions.delete().where(web_sessions.c.key.in_(oldest)))
            conn.execute(web_sessions.insert(), [row])

    def get(self, key: str) -> StoredSession | None:
        with self._log._read() as conn:
            row = conn.execute(sa.select(web_sessions).where(web_sessions.c.key == key)).first()
        if row is None:
            return None
        return StoredSession(
            key=row.key,
            username=row.username,
            kind=row.kind,
            created=float(row.created),
            last_seen=float(row.last_seen),
            flashes=_flashes_of(row.flashes),
        )

    def touch(self, key: str, last_seen: float) -> None:
        with self._log._write() as conn:
            conn.execute(
                web_sessions.update()
                .where(web_sessions.c.key == key, web_sessions.c.last_seen < last_seen)
                .values(last_seen=last_seen)
            )

    def _flashes_locked(
        self, conn: Connection, key: str
    ) -> tuple[tuple[str, str, str], ...] | None:
        text = conn.execute(
            sa.select(web_sessions.c.flashes).where(web_sessions.c.key == key).with_for_update()
        ).scalar()
        return None if text is None else _flashes_of(text)

    def add_flash(self, key: str, flash: tuple[str, str, str]) -> None:
        with self._log._write() as conn:
            held = self._flashes_locked(conn, key)
            if held is not None:
                conn.execute(
                    web_sessions.update()
                    .where(web_sessions.c.key == key)
                    .values(flashes=_flashes_text([*held, flash]))
                )

    def take_flashes(self, key: str) -> list[tuple[str, str, str]]:
        with self._log._write() as conn:
            held = self._flashes_locked(conn, key)
            if held:
                conn.execute(
                    web_sessions.update().where(web_sessions.c.key == key).values(flashes="[]")
                )
        return list(held or ())

    def delete(self, key: str) -> None:
        with self._log._write() as conn:
            conn.execute(web_sessions.delete().where(web_sessions.c.key == key))

    def delete_user(self, username: str) -> int:
        with self._log._write() as conn:
            result = conn.execute(web_sessions.delete().where(web_sessions.c.username == username))
        return int(result.rowcount or 0)

    def count(self) -> int:
        with self._log._read() as conn:
            return int(
                conn.execute(sa.select(sa.func.count()).select_from(web_sessions)).scalar_one()
            )

    def add_failures(self, keys: Sequence[str], at: float, *, forget_before: float) -> None:
        with self._log._write() as conn:
            conn.execute(login_failures.delete().where(login_failures.c.at < forget_before))
            if keys:
                conn.execute(login_failures.insert(), [{"key": k, "at": at} for k in keys])

    def failures(self, keys: Sequence[str], since: float) -> dict[str, tuple[int, float]]:
        if not keys:
            return {}
        stmt = (
            sa.select(login_failures.c.key, sa.func.count(), sa.func.min(login_failures.c.at))
            .where(login_failures.c.key.in_(list(keys)), login_failures.c.at > since)
            .group_by(login_failures.c.key)
        )
        with self._log._read() as conn:
            return {str(k): (int(n), float(oldest)) for k, n, oldest in conn.execute(stmt)}

    def clear_failures(self, key: str) -> None:
        with self._log._write() as conn:
            conn.execute(login_failures.delete().where(login_failures.c.key == key))
