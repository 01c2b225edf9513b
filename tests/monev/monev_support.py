"""Helpers and fixtures of the monev tests: a body on a clock the test moves, with cases
walked through the real service (``toolkit``), scored by :mod:`ujikon.service.monev`.

``office`` is a service over a fresh store (SQLite and PostgreSQL, through ``store_url``)
with the users of ``toolkit.USERS`` (siti: officer, Bagian Hukum; budi, rina: PPID Utama;
hendra: Atasan PPID; dewi: auditor; admin) on a clock that starts on
:data:`TODAY`, Wednesday 25 November 2026. ``office.assess(year)`` scores the default
indicators as of the clock's day; ``office.finding(year, check)`` is one indicator's.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from toolkit import Clock, add_users, at_wib, case_plan, make_service
from toolkit.cli import Cli
from typer.testing import Result

from ujikon.domain.monev import Check, Finding
from ujikon.service.calendar import CalendarDesk
from ujikon.service.caseplan import CasePlan
from ujikon.service.cases import Service
from ujikon.service.monev import DEFAULT_INDICATORS, Assessment, assess, load_indicators
from ujikon.service.workspace import Workspace

__all__ = ["TODAY", "Office", "office", "office_cli", "plan", "write_old_register"]

TODAY = date(2026, 11, 25)


def plan(title: str, ground: str = "17b", *, unit: str = "BPKAD", **kw: Any) -> CasePlan:
    """A proactive case about ``title`` (a document of 15 January 2025, exempt until the
    end of 2030) as a plan walked by siti to submission."""
    document = {"title": title, "owning_unit": unit, "dated": "2025-01-15", "form": "printed"}
    return case_plan(
        title,
        ground,
        {"kind": "until_date", "end_date": "2030-12-31"},
        unit=unit,
        identify={"document": document},
        **kw,
    )


@dataclass
class Office:
    service: Service
    clock: Clock
    store_url: str

    def at(self, day: date) -> None:
        """Move the clock to 09:00 WIB on ``day``."""
        self.clock.at(day)

    def approved(self, title: str, *, ground: str = "17b", **kw: Any) -> str:
        """A proactive case walked and approved by budi today; its ref."""
        case = self.service.import_case(None, plan(title, ground, **kw))
        return self.service.act("budi", case.case_id, "approve", {"comments": "Setuju."}).ref

    def decreed(self, title: str, number: str = "188.4/001/PPID/XI/2026", **kw: Any) -> str:
        """A case walked to ``decreed`` today (the decree step only, no PDF); its ref."""
        ref = self.approved(title, **kw)
        self.service.act(
            "budi",
            ref,
            "include_in_decree",
            {"decree_number": number, "decree_date": self.service.today()},
        )
        return ref

    def request(self, title: str, received: date) -> str:
        """A case opened today on a request received on ``received``, walked to submit
        (not approved); its case id."""
        opening = {
            "trigger": {"kind": "request", "reference": f"REQ/{title[:8]}", "dated": received},
            "summary": title,
        }
        return self.service.import_case(None, replace(plan(title), open=opening)).case_id

    def answer(self, case_id: str, on: date) -> str:
        """The PPID Utama approves the request's case on ``on``: the answer."""
        self.at(on)
        return self.service.act("budi", case_id, "approve", {"comments": "Setuju."}).ref

    def assess(self, year: int) -> Assessment:
        return assess(
            self.service, CalendarDesk(self.service), year, load_indicators(DEFAULT_INDICATORS)
        )

    def finding(self, year: int, check: Check) -> Finding:
        return next(f for f in self.assess(year).findings if f.indicator.check is check)

    def previous(self, year: int, check: Check) -> Finding:
        result = self.assess(year)
        return next(b for n, b in result.pairs() if n.indicator.check is check)


@pytest.fixture
def office(store_url: str) -> Iterator[Office]:
    """A fresh store with users, on a clock at 25 November 2026 (both backends)."""
    clock = Clock(at_wib(TODAY))
    service = make_service(store_url, clock)
    add_users(service)
    try:
        yield Office(service, clock, store_url)
    finally:
        service.log.close()


OLD_REGISTER_HEADER = [
    "No",
    "Informasi yang Dikecualikan",
    "Pemilik Informasi",
    "Dasar Hukum",
    "Konsekuensi",
    "Kepentingan Publik",
    "Jangka Waktu",
    "Tanggal Dokumen",
]


def write_old_register(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([OLD_REGISTER_HEADER, *rows])
    return path


# --------------------------------------------------------------------------- the CLI


@dataclass
class OfficeCli:
    office: Office
    run: Callable[..., Result]
    workspace: Path


@pytest.fixture
def office_cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[OfficeCli]:
    """A SQLite workspace with users and ``ujikon`` run in-process on the same clock."""
    ws = Workspace.locate(tmp_path / "ws")
    fixed = Clock(at_wib(TODAY))
    original = Workspace.open

    def open_on_clock(
        self: Workspace,
        *,
        create: bool = False,
        clock: Callable[[], datetime] | None = None,
        read_only: bool | None = None,
    ) -> Service:
        return original(self, create=create, clock=clock or fixed, read_only=read_only)

    monkeypatch.setattr(Workspace, "open", open_on_clock)
    service = ws.init()
    add_users(service)
    cli = Cli.on(ws.directory, columns=140)
    try:
        yield OfficeCli(Office(service, fixed, ws.db_url), cli, ws.directory)
    finally:
        service.log.close()
