"""Where a workspace lives and how to open it: the directory, the database URL, the service.

Defaults: the directory ``decisions/`` under the current one (``UJIKON_WORKSPACE``
or ``--workspace`` to change it) and a SQLite database ``ujikon.db`` in it
(``UJIKON_DB`` or ``--db`` for another URL, e.g. ``postgresql://user@host/db``).

The directory also holds the checkpoint file ``chain-head.log``
(:mod:`ujikon.store.witness`), for a PostgreSQL workspace too: every commit through a
workspace opened here writes the new chain head to it.

A workspace whose directory (or, for SQLite, database file) this user cannot write --
a copy on read-only media, a share mounted read-only -- is opened **read-only**: an
auditor can verify and read it, nothing is written (no checkpoint, no ``-wal``), and a
command that would write is refused by name. ``UJIKON_READ_ONLY=1`` asks for the same on
a writable copy.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from ujikon.errors import StoreError
from ujikon.law import load_catalogue
from ujikon.service.cases import Service

if TYPE_CHECKING:
    from ujikon.service.decrees import DecreeDesk

__all__ = ["DB_FILE", "DEFAULT_DIR", "DEV_CA_FILE", "READ_ONLY_ENV", "Workspace"]

DEFAULT_DIR = Path("decisions")
DB_FILE = "ujikon.db"
DEV_CA_FILE = "dev-ca.pem"
READ_ONLY_ENV = "UJIKON_READ_ONLY"
"""Set to ``1`` to open the workspace read-only even where it could be written."""


@dataclass(frozen=True)
class Workspace:
    directory: Path
    db_url: str

    @classmethod
    def locate(cls, directory: str | Path | None = None, db_url: str | None = None) -> Workspace:
        """The workspace named by the arguments, else the environment, else the defaults."""
        chosen = Path(directory or os.environ.get("UJIKON_WORKSPACE") or DEFAULT_DIR)
        url = db_url or os.environ.get("UJIKON_DB") or f"sqlite:///{(chosen / DB_FILE).resolve()}"
        return cls(chosen, url)

    @property
    def is_sqlite(self) -> bool:
        return self.db_url.startswith("sqlite:")

    @property
    def shown_db_url(self) -> str:
        """:attr:`db_url` with any password replaced by ``***``, for messages."""
        from ujikon.store.sql import mask_url

        return mask_url(self.db_url)

    @property
    def checkpoint_file(self) -> Path:
        """``<workspace>/chain-head.log``: the chain head witnessed outside the database."""
        from ujikon.store.witness import CHECKPOINT_FILE

        return self.directory / CHECKPOINT_FILE

    @property
    def read_only(self) -> bool:
        """Whether :meth:`open` opens it read-only: asked for (``UJIKON_READ_ONLY=1``), or
        the directory -- for SQLite also the database file -- cannot be written by this
        user (``access(2)``, which says so for root too on a read-only mount)."""
        if os.environ.get(READ_ONLY_ENV, "").strip() in ("1", "true", "yes"):
            return True
        if self.directory.is_dir() and not os.access(self.directory, os.W_OK):
            return True
        database = self._sqlite_file
        return database is not None and database.exists() and not os.access(database, os.W_OK)

    @property
    def _sqlite_file(self) -> Path | None:
        if not self.is_sqlite:
            return None
        from sqlalchemy.engine.url import make_url

        try:
            name = make_url(self.db_url).database
        except Exception:  # the store names a bad URL better
            return None
        return Path(name) if name and name != ":memory:" else None

    def init(self) -> Service:
        """Create the directory and the schema (or bring an older schema up to date,
        and a case list written by an older ujikon: it is rebuilt from the log)."""
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(
                f"Direktori ruang kerja {self.directory} tidak dapat dibuat: {exc.strerror}. / "
                f"The workspace directory {self.directory} cannot be created."
            ) from None
        service = self.open(create=True)
        from ujikon.service.cases import CASE_INDEX_FORMAT

        if service.log.get_meta("case_index_format") != CASE_INDEX_FORMAT:
            service.rebuild_index()
            service.log.set_meta("case_index_format", CASE_INDEX_FORMAT)
        return service

    def decrees(self, service: Service) -> DecreeDesk:
        """The decree use cases over ``service``, filing PDFs and keys in this workspace."""
        from ujikon.service.decrees import DecreeDesk

        return DecreeDesk(service, self.directory)

    @property
    def keys_dir(self) -> Path:
        return self.directory / "keys"

    @property
    def dev_ca(self) -> Path:
        """The development CA's certificate (``keys/dev-ca.pem``) when ``keys dev-ca`` made
        one: the trust root of verification in demos and tests, never in production."""
        return self.keys_dir / DEV_CA_FILE

    def open(
        self,
        *,
        create: bool = False,
        clock: Callable[[], datetime] | None = None,
        read_only: bool | None = None,
    ) -> Service:
        """The service over this workspace's store: read-only when :attr:`read_only` (or
        ``read_only`` says so), else writing the chain head to :attr:`checkpoint_file`
        after every commit."""
        from ujikon.store import open_store
        from ujikon.store.witness import HeadWitness

        if read_only is None:
            read_only = False if create else self.read_only
        witness = None if read_only else HeadWitness(self.checkpoint_file)
        log = open_store(self.db_url, create=create, read_only=read_only, witness=witness)
        if clock is None:
            return Service(log, load_catalogue())
        return Service(log, load_catalogue(), clock=clock)
