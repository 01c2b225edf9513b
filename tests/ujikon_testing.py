"""Helpers shared by the test packages (importable because tests/ is on sys.path)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from ujikon.law import load_catalogue
from ujikon.service import Service
from ujikon.store import open_store

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "ujikon" / "samples"


class Clock:
    """A clock that starts at 2026-11-25 09:00 WIB and moves one second per reading."""

    def __init__(self, start: datetime | None = None) -> None:
        self.now = start or datetime(2026, 11, 25, 2, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now


USERS = [
    ("siti", "officer", "Bagian Hukum"),
    ("wulan", "officer", "BPKAD"),
    ("agus", "officer", "Dinas Sosial"),
    ("rina", "ppid", "Diskominfo"),
    ("budi", "ppid", "Diskominfo"),
    ("hendra", "head", "Setda"),
    ("dewi", "auditor", "Inspektorat"),
]


def make_service(url: str, clock: Clock | None = None) -> Service:
    """A service over an initialised store at ``url``, on the test clock."""
    return Service(open_store(url, create=True), load_catalogue(), clock=clock or Clock())


def add_users(service: Service) -> None:
    """The admin, then one user per role (see ``USERS``)."""
    service.add_user(None, {"username": "admin", "role": "admin"})
    for username, role, unit in USERS:
        service.add_user("admin", {"username": username, "role": role, "unit": unit})
