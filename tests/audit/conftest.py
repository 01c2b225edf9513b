"""Fixtures of the audit tests: workspaces on each backend, a CLI runner bound to one,
and the hands of someone who edits the database behind ujikon's back.

* ``issued`` (one per test module and backend): users, two approved sample cases, the
  body profile, the development keys (``toolkit.decrees.decree_bench``) and one decree
  issued and signed -- rendering and signing take a second, so tests that tamper with
  it put everything back (``Tamper.restored``).
* ``small`` (one per test): users and a few cases walked a few steps, no decree; the
  clock can be moved a day on (``small.clock.next_day()``).

Helpers reach the test modules as fixtures (``tamper``), never by importing this file.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from toolkit import SAMPLES, Clock, add_users, make_service
from toolkit.cli import Cli, flat
from toolkit.decrees import decree_bench
from toolkit.stores import fresh_pg_url
from typer.testing import Result

from ujikon.canonical import canonical_json, sha256_hex
from ujikon.documents.keys import DevCA
from ujikon.domain.events import event_hash_input
from ujikon.service.caseplan import load_plan
from ujikon.service.cases import Service
from ujikon.service.decrees import DecreeDesk
from ujikon.service.evidence import RECORD_FIELDS
from ujikon.store.sql import SqlEventLog

AUDIT_BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]

DayClock = Clock
"""The test clock, which can also jump to the next day (``clock.next_day()``)."""


@dataclass
class Workspace:
    """A workspace directory and its store, with a CLI runner bound to both."""

    service: Service
    workdir: Path
    url: str
    clock: DayClock

    @property
    def log(self) -> SqlEventLog:
        log = self.service.log
        assert isinstance(log, SqlEventLog)
        return log

    def cli(self, *args: str, code: int | None = 0, **env: str | None) -> Result:
        """``ujikon args`` on this workspace and store (``env`` set for this call)."""
        return Cli.on(self.workdir, self.url)(*args, code=code, env=env or None)

    def cli_json(self, *args: str, code: int | None = 0) -> Any:
        return json.loads(self.cli(*args, "--json", code=code).stdout)

    flat = staticmethod(flat)
    """Output without colours, box drawing or line breaks: one line of words."""


@dataclass
class Issued(Workspace):
    desk: DecreeDesk
    decree_id: str
    number: str
    pdf: Path
    ca_pem: Path
    cases: list[str]


@contextmanager
def _store(
    backend: str, directory: Path, request: pytest.FixtureRequest
) -> Iterator[tuple[str, Path]]:
    workdir = directory / "ws"
    workdir.mkdir(parents=True)
    if backend == "sqlite":
        yield f"sqlite:///{workdir / 'ujikon.db'}", workdir
        return
    base = request.getfixturevalue("pg_base")
    with fresh_pg_url(base) as url:
        yield url, workdir


def build_issued(url: str, workdir: Path, keys: DevCA, clock: DayClock) -> Issued:
    service = make_service(url, clock)
    add_users(service)
    ready = decree_bench(service, workdir, keys, url=url)
    desk, cases = ready.desk, ready.cases
    draft = desk.draft("budi", cases, "Triwulan IV")
    issued = desk.issue("budi", draft.decree_id, ready.passphrases)
    assert issued.decree.issue is not None
    return Issued(
        service=service,
        workdir=workdir,
        url=url,
        clock=clock,
        desk=desk,
        decree_id=draft.decree_id,
        number=issued.decree.issue.number,
        pdf=issued.path,
        ca_pem=workdir / "keys" / "dev-ca.pem",
        cases=cases,
    )


@pytest.fixture(scope="module", params=AUDIT_BACKENDS)
def issued(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    dev_keys: DevCA,
) -> Iterator[Issued]:
    """A workspace with one issued, signed decree (shared by a test module: put back
    whatever you change)."""
    with _store(request.param, tmp_path_factory.mktemp("issued"), request) as (url, workdir):
        ws = build_issued(url, workdir, dev_keys, DayClock())
        try:
            yield ws
        finally:
            ws.service.log.close()


@pytest.fixture(params=AUDIT_BACKENDS)
def small(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Workspace]:
    """Users and three cases a few steps in (about 25 events), no decree."""
    with _store(request.param, tmp_path, request) as (url, workdir):
        clock = DayClock()
        service = make_service(url, clock)
        add_users(service)
        plan = load_plan(SAMPLES / "01-rekam-medis-pegawai.yaml")
        service.import_case(None, plan)
        opened = service.open_case(
            "wulan", {"trigger": {"kind": "proactive"}, "summary": "Kontrak jalan"}
        )
        service.act("wulan", opened.case_id, "withdraw", {"reason": "Dibuka sukarela."})
        service.open_case("agus", {"trigger": {"kind": "proactive"}, "summary": "Data bansos"})
        try:
            yield Workspace(service=service, workdir=workdir, url=url, clock=clock)
        finally:
            service.log.close()


# --------------------------------------------------------------------------- tampering


EVENT_COLUMNS = RECORD_FIELDS
"""The columns of a stored event: the fields of an evidence pack's line."""


class Tamper:
    """Edits the events table directly, as someone with database access would."""

    def __init__(self, log: SqlEventLog) -> None:
        self.engine: sa.Engine = log.engine

    def run(self, statement: str, **params: Any) -> None:
        with self.engine.begin() as conn:
            conn.execute(sa.text(statement), params)

    def row(self, seq: int) -> dict[str, Any]:
        with self.engine.connect() as conn:
            found = conn.execute(sa.text("SELECT * FROM events WHERE seq = :s"), {"s": seq})
            return dict(found.mappings().one())

    def rows(self) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            found = conn.execute(sa.text("SELECT * FROM events ORDER BY seq"))
            return [dict(r) for r in found.mappings().all()]

    def head(self) -> tuple[int, str]:
        with self.engine.connect() as conn:
            row = conn.execute(sa.text("SELECT seq, hash FROM chain_head WHERE id = 1")).one()
            return int(row.seq), str(row.hash)

    def edit(self, seq: int, column: str, value: Any) -> None:
        assert column in EVENT_COLUMNS
        self.run(f"UPDATE events SET {column} = :v WHERE seq = :s", v=value, s=seq)

    def edit_payload(self, seq: int, change: dict[str, Any]) -> None:
        payload = json.loads(self.row(seq)["payload"])
        payload.setdefault("data", {}).update(change)
        self.edit(seq, "payload", canonical_json(payload))

    def delete(self, seq: int) -> None:
        self.run("DELETE FROM events WHERE seq = :s", s=seq)

    def swap(self, first: int, second: int) -> None:
        """Give two events each other's place in the sequence."""
        with self.engine.begin() as conn:
            for old, new in ((first, -1), (second, first), (-1, second)):
                conn.execute(
                    sa.text("UPDATE events SET seq = :new WHERE seq = :old"),
                    {"new": new, "old": old},
                )

    def rechain(self, start: int) -> None:
        """Recompute every hash from ``start`` on and move the head: a consistent rewrite
        of history, which the chain alone cannot tell from the real one."""
        rows = [r for r in self.rows() if r["seq"] >= start]
        prev = self.row(start - 1)["hash"] if start > 1 else "0" * 64
        with self.engine.begin() as conn:
            for row in rows:
                moment = datetime.fromisoformat(row["recorded_at"].replace("Z", "+00:00"))
                digest = sha256_hex(
                    canonical_json(
                        event_hash_input(
                            seq=row["seq"],
                            subject=row["subject"],
                            subject_version=row["subject_version"],
                            action=row["action"],
                            actor=row["actor"],
                            role=row["role"],
                            recorded_at=moment.astimezone(UTC),
                            payload=json.loads(row["payload"]),
                            payload_version=row["payload_version"],
                            prev_hash=prev,
                        )
                    )
                )
                conn.execute(
                    sa.text("UPDATE events SET prev_hash = :p, hash = :h WHERE seq = :s"),
                    {"p": prev, "h": digest, "s": row["seq"]},
                )
                prev = digest
            conn.execute(sa.text("UPDATE chain_head SET hash = :h WHERE id = 1"), {"h": prev})

    def restore(self, rows: Sequence[dict[str, Any]], head: tuple[int, str]) -> None:
        with self.engine.begin() as conn:
            conn.execute(sa.text("DELETE FROM events"))
            conn.execute(
                sa.text(
                    f"INSERT INTO events ({', '.join(EVENT_COLUMNS)}) VALUES "
                    f"({', '.join(':' + c for c in EVENT_COLUMNS)})"
                ),
                [{c: r[c] for c in EVENT_COLUMNS} for r in rows],
            )
            conn.execute(
                sa.text("UPDATE chain_head SET seq = :s, hash = :h WHERE id = 1"),
                {"s": head[0], "h": head[1]},
            )

    @contextmanager
    def restored(self) -> Iterator[Tamper]:
        """Whatever is done inside is undone afterwards (the rows and the head)."""
        rows, head = self.rows(), self.head()
        try:
            yield self
        finally:
            self.restore(rows, head)


@pytest.fixture
def tamper() -> type[Tamper]:
    return Tamper
