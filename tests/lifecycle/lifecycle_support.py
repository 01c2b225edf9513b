"""Helpers and fixtures of the lifecycle tests: decreed cases made quickly on a fixed clock.

``world`` is a service over a fresh store (SQLite and PostgreSQL, through ``store_url``)
with the users of ``toolkit.USERS`` and a :class:`Clock` the test moves from day
to day (``world.at(date)``: 09:00 WIB that day). ``world.decreed(...)`` walks a whole case
(``toolkit.case_plan``: import, approve, include in a decree) on the day the clock shows
and returns its ref.

``index_kind`` runs a test twice: on the case index as the service writes it today, and
on an index whose rows carry the period (:func:`ujikon.service.lifecycle.period_index_fields`,
the change proposed for ``service.case_index_entry``), so that both ways the lifecycle
finds its candidates are covered.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from toolkit import Clock, add_users, at_wib, case_plan, make_service
from toolkit.cli import Cli
from typer.testing import Result

import ujikon.service.cases as service_module
from ujikon.domain.case import Case
from ujikon.domain.states import CaseState
from ujikon.service.cases import Service
from ujikon.service.lifecycle import period_index_fields
from ujikon.service.workspace import Workspace
from ujikon.store.api import IndexEntry

START = date(2026, 11, 25)
"""The day the cases are opened and decreed (the test clock's first day)."""

PERMANENT: dict[str, Any] = {"kind": "permanent"}


def until(day: str) -> dict[str, Any]:
    return {"kind": "until_date", "end_date": day}


def until_condition(condition: str, latest: str | None = None) -> dict[str, Any]:
    period: dict[str, Any] = {"kind": "until_condition", "condition": condition}
    if latest is not None:
        period["end_date"] = latest
    return period


@dataclass
class World:
    service: Service
    clock: Clock
    store_url: str

    def at(self, day: date) -> None:
        """Move the clock to 09:00 WIB on ``day``."""
        self.clock.at(day)

    def approved(self, title: str, ground: str, period: dict[str, Any] | None, **kw: Any) -> str:
        case = self.service.import_case(None, case_plan(title, ground, period, **kw))
        return self.service.act("budi", case.case_id, "approve", {"comments": "Setuju."}).ref

    def decreed(self, title: str, ground: str, period: dict[str, Any] | None, **kw: Any) -> str:
        """A case walked to ``decreed`` today; returns its ref (``UK-2026-0001/1``)."""
        ref = self.approved(title, ground, period, **kw)
        self.service.act(
            "budi",
            ref,
            "include_in_decree",
            {"decree_number": "188.4/001/PPID/XI/2026", "decree_date": self.service.today()},
        )
        return ref

    def case(self, ref: str) -> Case:
        return self.service.get_case(ref)

    def state(self, ref: str) -> CaseState:
        return self.case(ref).state

    def events(self) -> int:
        return self.service.log.head().seq

    def other_service(self) -> Service:
        """A second service on the same store (another process, another user)."""
        return make_service(self.store_url, self.clock)


@pytest.fixture(params=["plain-index", "period-index"])
def index_kind(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """``plain-index``: the case index as the service writes it; ``period-index``: rows that
    also carry the period, as proposed for ``service.case_index_entry``."""
    if request.param == "period-index":
        original = service_module.case_index_entry

        def with_periods(case: Case) -> IndexEntry:
            entry = original(case)
            data = {**entry.data, **period_index_fields(case)}
            return IndexEntry(entry.kind, entry.key, entry.state, data)

        monkeypatch.setattr(service_module, "case_index_entry", with_periods)
    return str(request.param)


def _world(store_url: str) -> Iterator[World]:
    clock = Clock(at_wib(START))
    service = make_service(store_url, clock)
    add_users(service)
    try:
        yield World(service, clock, store_url)
    finally:
        service.log.close()


@pytest.fixture
def world(store_url: str) -> Iterator[World]:
    """A fresh store with users, on the fixed clock (both backends)."""
    yield from _world(store_url)


@pytest.fixture
def world_both(store_url: str, index_kind: str) -> Iterator[World]:
    """:func:`world`, on both kinds of case index."""
    yield from _world(store_url)


# --------------------------------------------------------------------------- the CLI


@dataclass
class CliWorld:
    """A SQLite workspace with users and cases, and ``ujikon`` run in-process on the
    same fixed clock (``Workspace.open`` is given it)."""

    world: World
    run: Callable[..., Result]


@pytest.fixture
def cli_world(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[CliWorld]:
    ws = Workspace.locate(tmp_path / "ws")
    fixed = Clock(at_wib(START))
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
    run = Cli.on(ws.directory, columns=120)
    try:
        yield CliWorld(World(service, fixed, ws.db_url), run)
    finally:
        service.log.close()
