"""Where a workspace lives and how to open it: the directory, the database URL, the service.

Defaults: the directory ``decisions/`` under the current one (``UJIKON_WORKSPACE``
or ``--workspace`` to change it) and a SQLite database ``ujikon.db`` in it
(``UJIKON_DB`` or ``--db`` for another URL, e.g. ``postgresql://user@host/db``).
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
from ujikon.service import Service

if TYPE_CHECKING:
    from ujikon.decrees import DecreeDesk

__all__ = ["DB_FILE", "DEFAULT_DIR", "DEV_CA_FILE", "Workspace"]

DEFAULT_DIR = Path("decisions")
DB_FILE = "ujikon.db"
DEV_CA_FILE = "dev-ca.pem"


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

    def init(self) -> Service:
        """Create the directory and the schema (or bring an older schema up to date)."""
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(
                f"Direktori ruang kerja {self.directory} tidak dapat dibuat: {exc.strerror}. / "
                f"The workspace directory {self.directory} cannot be created."
            ) from None
        return self.open(create=True)

    def decrees(self, service: Service) -> DecreeDesk:
        """The decree use cases over ``service``, filing PDFs and keys in this workspace."""
        from ujikon.decrees import DecreeDesk

        return DecreeDesk(service, self.directory)

    @property
    def keys_dir(self) -> Path:
        return self.directory / "keys"

    @property
    def dev_ca(self) -> Path:
        """The development CA's certificate (``keys/dev-ca.pem``) when ``keys dev-ca`` made
        one: the trust root of verification in demos and tests, never in production."""
        return self.keys_dir / DEV_CA_FILE

    def open(self, *, create: bool = False, clock: Callable[[], datetime] | None = None) -> Service:
        """The service over this workspace's store."""
        from ujikon.store import open_store

        log = open_store(self.db_url, create=create)
        if clock is None:
            return Service(log, load_catalogue())
        return Service(log, load_catalogue(), clock=clock)
