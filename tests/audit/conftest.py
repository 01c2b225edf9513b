"""Fixtures of the audit tests: workspaces on each backend, a CLI runner bound to one,
and the hands of someone who edits the database behind ujikon's back.

* ``issued`` (one per test module and backend): users, two approved sample cases, a
  body profile, development keys and one decree issued and signed -- rendering and
  signing take a second, so tests that tamper with it put everything back
  (``Tamper.restored``).
* ``small`` (one per test): users and a few cases walked a few steps, no decree; the
  clock can be moved a day on (``small.clock.next_day()``).

Helpers reach the test modules as fixtures (``tamper``), never by importing this file.
"""

from __future__ import annotations

import json
import re
import shutil
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import psycopg
import pytest
import sqlalchemy as sa
from psycopg import sql
from toolkit import SAMPLES, Clock, add_users, make_service
from typer.testing import CliRunner, Result

from ujikon.canonical import canonical_json, sha256_hex
from ujikon.cli.main import app
from ujikon.documents.keys import DevCA, create_dev_ca
from ujikon.domain.events import event_hash_input
from ujikon.service.caseplan import load_plan
from ujikon.service.cases import Service
from ujikon.service.decrees import DecreeDesk
from ujikon.service.evidence import RECORD_FIELDS
from ujikon.store.sql import SqlEventLog

AUDIT_BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
PASSPHRASE = b"kata-sandi-audit"
PROFILE = {
    "name": "Pemerintah Kabupaten Sukamaju",
    "place": "Sukamaju",
    "letterhead": ["PEMERINTAH KABUPATEN SUKAMAJU", "DINAS KOMUNIKASI DAN INFORMATIKA"],
    "address": "Jalan Merdeka No. 1, Sukamaju",
    "signers": [
        {
            "role": "ppid",
            "office": "PPID Utama Pemerintah Kabupaten Sukamaju",
            "name": "Drs. Budi Santoso, M.Si.",
            "nip": "197204161998031004",
        }
    ],
}
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
BOX = re.compile(r"[│╭╮╰╯─┃━┏┓┗┛┡┩┣┫╇╋┳┻└┘┴┬┼├┤┌┐]")


def _libpq(url: str) -> str:
    return re.sub(r"^postgres(ql)?(\+\w+)?://", "postgresql://", url)


@contextmanager
def _pg_schema(base_url: str) -> Iterator[str]:
    """A fresh schema and a URL whose sessions use it; dropped afterwards."""
    schema = f"ujikon_a_{uuid.uuid4().hex[:16]}"
    with psycopg.connect(_libpq(base_url), autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(schema)))
    separator = "&" if "?" in base_url else "?"
    try:
        yield f"{base_url}{separator}options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(_libpq(base_url), autocommit=True) as conn:
            conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema)))


class DayClock(Clock):
    """The test clock, which can also jump to the next day."""

    def next_day(self) -> None:
        self.now += timedelta(days=1)


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

    def env(self, **extra: str | None) -> dict[str, str | None]:
        env: dict[str, str | None] = {
            "COLUMNS": "100",
            "LINES": "50",
            "NO_COLOR": "1",
            "TERM": "dumb",
            "FORCE_COLOR": None,
            "UJIKON_WORKSPACE": str(self.workdir),
            "UJIKON_DB": self.url,
            "UJIKON_USER": None,
        }
        env.update(extra)
        return env

    def cli(self, *args: str, code: int | None = 0, **env: str | None) -> Result:
        result = CliRunner(env=self.env(**env)).invoke(app, list(args))
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise result.exception
        if code is not None:
            assert result.exit_code == code, (
                f"ujikon {' '.join(args)} exited {result.exit_code}, expected {code}:\n"
                f"{result.output}"
            )
        return result

    def cli_json(self, *args: str, code: int | None = 0) -> Any:
        return json.loads(self.cli(*args, "--json", code=code).stdout)

    @staticmethod
    def flat(text: str) -> str:
        """Output without colours, box drawing or line breaks: one line of words."""
        return " ".join(BOX.sub(" ", ANSI.sub("", text)).split())


@dataclass
class Issued(Workspace):
    desk: DecreeDesk
    decree_id: str
    number: str
    pdf: Path
    ca_pem: Path
    cases: list[str]


def approved_case(service: Service, sample: str) -> str:
    case = service.import_case(None, load_plan(SAMPLES / sample))
    return service.act("budi", case.case_id, "approve", {"comments": "Disetujui."}).ref


@pytest.fixture(scope="session")
def audit_keys(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, DevCA]:
    directory = tmp_path_factory.mktemp("audit-keys")
    ca = create_dev_ca(
        directory,
        body_name="Pemerintah Kabupaten Sukamaju",
        signers=[("ppid", "Drs. Budi Santoso, M.Si.")],
        passphrase=PASSPHRASE,
    )
    return directory, ca


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
    with _pg_schema(base) as url:
        yield url, workdir


def build_issued(url: str, workdir: Path, keys: tuple[Path, DevCA], clock: DayClock) -> Issued:
    service = make_service(url, clock)
    add_users(service)
    keys_dir, _ca = keys
    (workdir / "keys").mkdir()
    for name in ("ppid.p12", "dev-ca.pem"):
        shutil.copy(keys_dir / name, workdir / "keys" / name)
    desk = DecreeDesk(service, workdir)
    desk.set_profile("admin", PROFILE)
    cases = [
        approved_case(service, "01-rekam-medis-pegawai.yaml"),
        approved_case(service, "05-data-wajib-pajak.yaml"),
    ]
    draft = desk.draft("budi", cases, "Triwulan IV")
    issued = desk.issue("budi", draft.decree_id, {"ppid": PASSPHRASE})
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
    audit_keys: tuple[Path, DevCA],
) -> Iterator[Issued]:
    """A workspace with one issued, signed decree (shared by a test module: put back
    whatever you change)."""
    with _store(request.param, tmp_path_factory.mktemp("issued"), request) as (url, workdir):
        ws = build_issued(url, workdir, audit_keys, DayClock())
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
