"""Helpers of ``bench_web_load.py``: the workspace, the server process, the PostgreSQL
schema, and the after-run check that no acknowledged write was lost.

Kept apart so that the bench itself reads as what it measures.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# This checkout's ujikon, before any installed one (the server child imports the same).
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import ujikon
from ujikon.domain.workflow import ACTIONS
from ujikon.service.caseplan import CasePlan, load_plan
from ujikon.service.demo import sample_files
from ujikon.service.workspace import Workspace

__all__ = [
    "DEFAULT_PG_URL",
    "PLANS",
    "Account",
    "Check",
    "Server",
    "build_workspace",
    "check_store",
    "jsonable",
    "pg_schema",
]

DEFAULT_PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
UNITS = (
    "Bagian Hukum Sekretariat Daerah",
    "Badan Pengelolaan Keuangan dan Aset Daerah",
    "Dinas Sosial",
    "Dinas Kesehatan",
    "Badan Kepegawaian dan Pengembangan SDM",
)


def jsonable(value: Any) -> Any:
    """A plan's payload as JSON would carry it (dates as ISO text)."""
    return json.loads(json.dumps(value, default=lambda v: v.isoformat()))


def _walkable_plans() -> list[CasePlan]:
    """The shipped sample cases that walk to review without a refusal (01-08)."""
    return [load_plan(p) for p in sample_files() if p.name[:2].isdigit() and p.name[0] == "0"]


PLANS: list[CasePlan] = _walkable_plans()


# --------------------------------------------------------------------------- workspace


@dataclass(frozen=True)
class Account:
    username: str
    password: str
    role: str
    unit: str


def build_workspace(directory: Path, url: str, officers: int, units: int) -> list[Account]:
    """A fresh workspace: an admin, ``officers`` officers spread over ``units`` units and
    one PPID, each with a web password. Returns the accounts that will log in."""
    workspace = Workspace(directory, url)
    service = workspace.init()
    accounts: list[Account] = []
    try:
        service.add_user(None, {"username": "root", "role": "admin"})
        service.set_password(None, "root", "sandi-bench-root-2026")
        for n in range(1, officers + 1):
            unit = UNITS[(n - 1) % min(units, len(UNITS))]
            name = f"petugas{n:02d}"
            service.add_user(
                "root",
                {"username": name, "role": "officer", "unit": unit, "full_name": f"Petugas {n}"},
            )
            accounts.append(Account(name, f"sandi-bench-{name}-2026", "officer", unit))
        service.add_user(
            "root",
            {"username": "ppid", "role": "ppid", "unit": "Diskominfo", "full_name": "PPID Utama"},
        )
        accounts.append(Account("ppid", "sandi-bench-ppid-2026", "ppid", "Diskominfo"))
        for account in accounts:
            service.set_password("root", account.username, account.password)
        service.log.set_meta("body_name", "Pemerintah Kabupaten Bench")
    finally:
        service.log.close()
    return accounts


@contextmanager
def pg_schema(base_url: str) -> Iterator[str | None]:
    """A throw-away schema's URL (dropped afterwards), or ``None`` if PostgreSQL does not
    answer."""
    try:
        import psycopg
    except ModuleNotFoundError:
        print("  (psycopg is not installed: PostgreSQL skipped)")
        yield None
        return
    libpq = base_url.replace("postgresql+psycopg://", "postgresql://")
    schema = f"ujikon_webload_{uuid.uuid4().hex[:12]}"
    try:
        with psycopg.connect(libpq, autocommit=True, connect_timeout=5) as conn:
            conn.execute(f'CREATE SCHEMA "{schema}"')
    except psycopg.Error as exc:
        print(f"  (PostgreSQL does not answer, skipped: {' '.join(str(exc).split())})")
        yield None
        return
    separator = "&" if "?" in base_url else "?"
    try:
        yield f"{base_url}{separator}options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(libpq, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


# --------------------------------------------------------------------------- the server


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass
class Server:
    """``ujikon serve`` itself (``workers`` uvicorn workers, loopback only) in a child
    process; its output goes to ``server.log`` in the workspace."""

    directory: Path
    url: str
    workers: int = 1
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def log_path(self) -> Path:
        return self.directory / "server.log"

    def start(self, timeout: float = 60.0) -> Server:
        import httpx

        command = [
            sys.executable,
            "-c",
            "from ujikon.cli.main import main; main()",
            "--workspace",
            str(self.directory),
            "--db",
            self.url,
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--workers",
            str(self.workers),
        ]
        env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "200"}
        env.pop("UJIKON_USER", None)
        # The child runs in the workspace folder: it must import this ujikon, not whichever
        # one the interpreter would find from there (a relative PYTHONPATH, another checkout).
        here = str(Path(ujikon.__file__).resolve().parent.parent)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (here, env.get("PYTHONPATH")) if p)
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(
                command, stdout=log, stderr=subprocess.STDOUT, env=env, cwd=self.directory
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"ujikon serve ended early:\n{self.tail()}")
            try:
                if httpx.get(f"{self.base}/healthz", timeout=2).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"ujikon serve did not answer in {timeout:.0f} s:\n{self.tail()}")

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def tail(self, lines: int = 30) -> str:
        try:
            text = self.log_path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return "(no server log)"
        return "\n".join(text.splitlines()[-lines:])

    def errors_logged(self) -> list[str]:
        """Tracebacks and ERROR lines the server wrote (a 5xx leaves one)."""
        try:
            text = self.log_path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return []
        return [line for line in text.splitlines() if "ERROR" in line or "Traceback" in line]


# --------------------------------------------------------------------------- the check


@dataclass
class Check:
    """What the store holds after the run, against the writes the clients saw succeed."""

    acknowledged: int
    """Events the 2xx answers promise (one per open and one per step)."""
    stored: int
    """Case events in the store."""
    lost: int
    """Acknowledged but not in the store: must be 0."""
    extra: int
    """In the store but never acknowledged (a write whose answer the client did not get)."""
    unknown: int
    """Writes whose answer never arrived (timeouts, dropped connections) or was a 5xx."""
    chain_ok: bool
    chain_events: int
    head_seq: int
    index_mismatches: int
    """Cases whose row in the case list disagrees with the state their events give."""
    lost_examples: list[str]

    @property
    def ok(self) -> bool:
        return (
            self.lost == 0
            and self.extra <= self.unknown
            and self.chain_ok
            and self.chain_events == self.head_seq
            and self.index_mismatches == 0
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "acknowledged_writes": self.acknowledged,
            "stored_case_events": self.stored,
            "lost": self.lost,
            "extra": self.extra,
            "unknown_outcome_writes": self.unknown,
            "chain_ok": self.chain_ok,
            "chain_events": self.chain_events,
            "head_seq": self.head_seq,
            "index_mismatches": self.index_mismatches,
            "lost_examples": self.lost_examples,
        }


def check_store(
    url: str, directory: Path, acknowledged: dict[str, Counter[str]], unknown: int
) -> Check:
    """Read the store directly: every acknowledged write must be there as its event,
    the chain must verify, and the case list must agree with the events.

    ``acknowledged`` maps a case id to the actions (``case.opened``, ``case.identified``
    …) whose requests answered 2xx.
    """
    from ujikon.service.audit import verify_workspace
    from ujikon.store import open_store

    log = open_store(url)
    try:
        stored: dict[str, Counter[str]] = defaultdict(Counter)
        last_state: dict[str, tuple[int, str]] = {}
        for event in log.read_subjects("case:"):
            case_id, _, revision = event.subject.removeprefix("case:").partition("/")
            stored[case_id][event.action] += 1
            held = last_state.get(case_id)
            if held is None or int(revision) >= held[0]:
                last_state[case_id] = (int(revision), str(event.payload.get("to", "")))
        lost = extra = 0
        examples: list[str] = []
        for case_id in sorted(set(acknowledged) | set(stored)):
            want, have = acknowledged.get(case_id, Counter()), stored.get(case_id, Counter())
            missing = want - have
            lost += sum(missing.values())
            extra += sum((have - want).values())
            if missing and len(examples) < 5:
                examples.append(f"{case_id}: {dict(missing)}")
        mismatches = sum(
            1
            for entry in log.index("case")
            if entry.key in last_state and last_state[entry.key][1] != entry.state
        )
        mismatches += len(set(last_state) - {e.key for e in log.index("case")})
        report = verify_workspace(log, directory)
        head = log.head()
        return Check(
            acknowledged=sum(sum(c.values()) for c in acknowledged.values()),
            stored=sum(sum(c.values()) for c in stored.values()),
            lost=lost,
            extra=extra,
            unknown=unknown,
            chain_ok=report.ok,
            chain_events=report.events,
            head_seq=head.seq,
            index_mismatches=mismatches,
            lost_examples=examples,
        )
    finally:
        log.close()


STEP_AFTER_STATE: dict[str, str] = {
    "draft": "identify",
    "identified": "cite_grounds",
    "grounds_cited": "assess_harm",
    "harm_assessed": "weigh_public_interest",
    "weighed": "conclude",
    "concluded": "submit",
}
"""The step an officer records next on a case in each drafting state."""

ACTION_OF = ACTIONS
