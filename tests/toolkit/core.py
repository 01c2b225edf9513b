"""The test clock, the users of every role, a service over a store, the samples."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from ujikon.law import load_catalogue
from ujikon.service.caseplan import load_plan
from ujikon.service.cases import Service
from ujikon.store import open_store

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "ujikon" / "samples"


class Clock:
    """A clock that starts at 2026-11-25 09:00 WIB and moves one second per reading."""

    def __init__(self, start: datetime | None = None) -> None:
        self.now = start or datetime(2026, 11, 25, 2, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now

    def at(self, day: date, hour: int = 9) -> None:
        """Move the clock to ``hour``:00 WIB on ``day``."""
        self.now = at_wib(day, hour)

    def next_day(self) -> None:
        self.now += timedelta(days=1)


def at_wib(day: date, hour: int = 9) -> datetime:
    """``day`` at ``hour``:00 WIB, in UTC."""
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC) - timedelta(hours=7)


USERS = [
    ("siti", "officer", "Bagian Hukum"),
    ("wulan", "officer", "BPKAD"),
    ("agus", "officer", "Dinas Sosial"),
    ("rina", "ppid", "Diskominfo"),
    ("budi", "ppid", "Diskominfo"),
    ("hendra", "head", "Setda"),
    ("dewi", "auditor", "Inspektorat"),
]
"""(username, role, unit) of the users :func:`add_users` adds after ``admin``."""


def make_service(url: str, clock: Clock | None = None) -> Service:
    """A service over an initialised store at ``url``, on the test clock."""
    return Service(open_store(url, create=True), load_catalogue(), clock=clock or Clock())


def add_users(service: Service) -> None:
    """The admin, then one user per role (see ``USERS``)."""
    service.add_user(None, {"username": "admin", "role": "admin"})
    for username, role, unit in USERS:
        service.add_user("admin", {"username": username, "role": role, "unit": unit})


def approved_case(
    service: Service, sample: str, *, by: str | None = None, comments: str = "Disetujui."
) -> str:
    """The sample case walked through its steps (as its file says, or as ``by``) and
    approved by budi; its revision ref (``UK-2026-0001/1``)."""
    case = service.import_case(by, load_plan(SAMPLES / sample))
    return service.act("budi", case.case_id, "approve", {"comments": comments}).ref
