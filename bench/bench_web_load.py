"""The web application under load: 50 concurrent users reading and writing cases through
the JSON API for one minute, on SQLite and on PostgreSQL; then the proof that no write
was lost.

For each backend, a fresh workspace (``--officers`` officers in ``--units`` units and one
PPID, each with a password) is served by ``ujikon serve`` itself in a child process
(``--workers`` uvicorn workers, one by default; 127.0.0.1 only: the bench never leaves
the loopback; the workers share the sessions through the store). ``--users``
simulated users (asyncio + ``httpx.AsyncClient``, one connection each) log in through
``POST /api/session`` and send their bearer token; for ``--duration`` seconds, with no
think time, each loops over a mix:

* officers (nine in ten users): ``list`` (``GET /api/cases``), ``read``
  (``GET /api/cases/{id}``), ``open`` (``POST /api/cases``, the opening of a sample case
  of ``ujikon/samples``) and ``step`` (``POST /api/cases/{id}/{step}``, the next step of
  that sample on a case of their unit: identify, cite_grounds, assess_harm,
  weigh_public_interest, conclude, submit). Officers of one unit share their cases, so
  two of them sometimes race for the same step: one wins, the other is refused (409
  conflict, or 422 ``steps-in-order`` when the case has moved on) -- expected, counted
  apart, never a failure;
* PPID users: ``list`` and ``read`` across every unit.

Every request's latency is recorded: requests/s, p50/p95/p99 per kind, for the reads (list,
read) and the writes (open, step) together, and overall, and
the answers by status (5xx and transport errors are failures). Afterwards the server is
stopped and the store read directly (``ujikon.store.open_store``): every write that got a
2xx must be in the log as its event (opens and steps counted per case and action), the
hash chain must verify (``ujikon.service.audit.verify_workspace``) and the case list must agree
with the events. The exit code is 1 if a write was lost, the chain broke or a 5xx came.

Run::

    .venv/bin/python bench/bench_web_load.py                       # 60 s, 50 users, both
    .venv/bin/python bench/bench_web_load.py --duration 20 --backend sqlite
    .venv/bin/python bench/bench_web_load.py --json results.json   # also the figures as JSON
    .venv/bin/python bench/bench_web_load.py --workers 2           # ujikon serve --workers 2

PostgreSQL: ``--pg-url`` or ``UJIKON_TEST_PG_URL`` (default
``postgresql+psycopg://postgres@127.0.0.1:5432/test``); the run works in a schema of its
own and drops it afterwards. If the server does not answer, its run is left out.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# This checkout's ujikon, before any installed one (the server child imports the same).
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import ujikon  # noqa: F401

sys.path.insert(0, str(Path(__file__).resolve().parent))

import httpx
from web_load_support import (
    ACTION_OF,
    DEFAULT_PG_URL,
    PLANS,
    STEP_AFTER_STATE,
    Account,
    Check,
    Server,
    build_workspace,
    check_store,
    jsonable,
    pg_schema,
)

KINDS = ("list", "read", "open", "step")
GROUPS = {"reads": ("list", "read"), "writes": ("open", "step")}
"""Kinds reported together as well: every read, every write."""
OFFICER_MIX = {"list": 15, "read": 35, "open": 15, "step": 35}
PPID_MIX = {"list": 30, "read": 70}
TIMEOUT = httpx.Timeout(60.0, connect=10.0)


# --------------------------------------------------------------------------- the API
# The one place that knows the JSON API's shape.


async def api_login(client: httpx.AsyncClient, account: Account) -> str:
    response = await client.post(
        "/api/session", json={"username": account.username, "password": account.password}
    )
    response.raise_for_status()
    body = response.json()
    token = body.get("token") or body.get("access_token")
    if not isinstance(token, str):
        raise RuntimeError(f"POST /api/session gave no token: {sorted(body)}")
    return token


def case_id_of(body: Any) -> str | None:
    if isinstance(body, dict):
        for key in ("case_id", "id"):
            if isinstance(body.get(key), str):
                return str(body[key]).split("/", 1)[0]
        if isinstance(body.get("case"), dict):
            return case_id_of(body["case"])
    return None


def state_of(body: Any) -> str | None:
    if isinstance(body, dict):
        if isinstance(body.get("state"), str):
            return str(body["state"])
        if isinstance(body.get("case"), dict):
            return state_of(body["case"])
    return None


def rows_of(body: Any) -> list[dict[str, Any]]:
    if isinstance(body, list):
        return [r for r in body if isinstance(r, dict)]
    if isinstance(body, dict):
        for key in ("cases", "items", "results"):
            if isinstance(body.get(key), list):
                return [r for r in body[key] if isinstance(r, dict)]
    return []


# --------------------------------------------------------------------------- the figures


@dataclass
class Tally:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    statuses: dict[str, Counter[int]] = field(default_factory=lambda: defaultdict(Counter))
    acknowledged: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    unknown_writes: int = 0
    failures: list[str] = field(default_factory=list)
    examples: dict[str, str] = field(default_factory=dict)
    refusals: Counter[str] = field(default_factory=Counter)
    """409s and 422s by kind and reason (the rule, or the error), to tell an expected race
    from a payload the server did not take."""
    """The first answer of each (kind, status) that was not a 2xx, for the report."""

    def record(self, kind: str, seconds: float, status: int, what: str = "") -> None:
        self.latencies[kind].append(seconds)
        self.statuses[kind][status] += 1
        if (status == 0 or status >= 500) and len(self.failures) < 10:
            self.failures.append(f"{kind} {what}: {status or 'no answer'}")


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile of ``values`` (seconds)."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(q / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


@dataclass
class Known:
    plan: int
    state: str


@dataclass
class Board:
    """What the officers of one unit know of their cases (shared, as in an office)."""

    cases: dict[str, Known] = field(default_factory=dict)

    def drafting(self) -> list[str]:
        return [k for k, v in self.cases.items() if v.state in STEP_AFTER_STATE]

    def learn(self, case_id: str, state: str | None) -> None:
        if state and case_id in self.cases:
            self.cases[case_id].state = state


# --------------------------------------------------------------------------- the users


class User:
    def __init__(
        self,
        account: Account,
        base: str,
        boards: dict[str, Board],
        tally: Tally,
        rng: random.Random,
    ) -> None:
        self.account = account
        self.client = httpx.AsyncClient(base_url=base, timeout=TIMEOUT)
        self.boards = boards
        self.board = boards.setdefault(account.unit, Board())
        self.tally = tally
        self.rng = rng

    async def login(self) -> None:
        token = await api_login(self.client, self.account)
        self.client.headers["Authorization"] = f"Bearer {token}"

    async def call(self, kind: str, method: str, path: str, body: Any = None) -> tuple[int, Any]:
        began = time.perf_counter()
        try:
            response = await self.client.request(method, path, json=body)
            status = response.status_code
            if status >= 300 and f"{kind} {status}" not in self.tally.examples:
                self.tally.examples[f"{kind} {status}"] = " ".join(response.text.split())[:300]
            try:
                data = response.json()
            except ValueError:
                data = None
            if status in (409, 422):
                reason = data.get("rule") or data.get("error") if isinstance(data, dict) else None
                self.tally.refusals[f"{kind} {status} {reason or '?'}"] += 1
        except httpx.HTTPError as exc:
            status, data = 0, None
            if len(self.tally.failures) < 10:
                self.tally.failures.append(f"{method} {path}: {type(exc).__name__} {exc}")
        self.tally.record(kind, time.perf_counter() - began, status, f"{method} {path}")
        return status, data

    async def run(self, deadline: float) -> None:
        mix = OFFICER_MIX if self.account.role == "officer" else PPID_MIX
        kinds, weights = list(mix), list(mix.values())
        while time.monotonic() < deadline:
            kind = self.rng.choices(kinds, weights)[0]
            if kind == "step" and not self.board.drafting():
                kind = "open"
            if kind == "read" and not self._readable():
                kind = "list"
            await getattr(self, f"do_{kind}")()

    def _readable(self) -> list[str]:
        if self.account.role == "officer":
            return list(self.board.cases)
        return [k for board in self.boards.values() for k in board.cases]

    async def do_list(self) -> None:
        status, body = await self.call("list", "GET", "/api/cases")
        if status == 200 and self.account.role == "officer":
            for row in rows_of(body):
                case_id = case_id_of(row)
                if case_id:
                    self.board.learn(case_id, state_of(row))

    async def do_read(self) -> None:
        case_id = self.rng.choice(self._readable())
        status, body = await self.call("read", "GET", f"/api/cases/{case_id}")
        if status == 200 and self.account.role == "officer":
            self.board.learn(case_id, state_of(body))

    async def do_open(self) -> None:
        plan = self.rng.randrange(len(PLANS))
        status, body = await self.call("open", "POST", "/api/cases", jsonable(PLANS[plan].open))
        if 200 <= status < 300:
            case_id = case_id_of(body)
            if case_id is None:
                raise RuntimeError(f"POST /api/cases answered {status} without a case id")
            self.tally.acknowledged[case_id][ACTION_OF["open"]] += 1
            self.board.cases[case_id] = Known(plan, state_of(body) or "draft")
        elif status == 0 or status >= 500:
            self.tally.unknown_writes += 1

    async def do_step(self) -> None:
        case_id = self.rng.choice(self.board.drafting())
        known = self.board.cases[case_id]
        trigger = STEP_AFTER_STATE[known.state]
        plan = PLANS[known.plan]
        payload = next(s.payload for s in plan.steps if s.trigger == trigger)
        status, body = await self.call(
            "step", "POST", f"/api/cases/{case_id}/{trigger}", jsonable(payload)
        )
        if 200 <= status < 300:
            self.tally.acknowledged[case_id][ACTION_OF[trigger]] += 1
            after = state_of(body)
            if after is None:
                raise RuntimeError(f"POST /api/cases/{{id}}/{trigger} answered without a state")
            self.board.learn(case_id, after)
        elif status in (409, 422):
            # Someone of the unit was quicker: look at the case again before going on.
            await self.do_read_of(case_id)
        elif status == 0 or status >= 500:
            self.tally.unknown_writes += 1

    async def do_read_of(self, case_id: str) -> None:
        status, body = await self.call("read", "GET", f"/api/cases/{case_id}")
        if status == 200:
            self.board.learn(case_id, state_of(body))


# --------------------------------------------------------------------------- one run


@dataclass
class RunResult:
    backend: str
    workers: int
    users: int
    seconds: float
    tally: Tally
    check: Check
    server_errors: list[str]

    def rows(self) -> list[dict[str, Any]]:
        out = []
        everything: list[float] = []
        total: Counter[int] = Counter()
        for kind in (*KINDS, *GROUPS, "all"):
            if kind == "all":
                values, statuses = everything, total
            elif kind in GROUPS:
                values = [v for k in GROUPS[kind] for v in self.tally.latencies.get(k, [])]
                statuses = Counter()
                for k in GROUPS[kind]:
                    statuses.update(self.tally.statuses.get(k, Counter()))
            else:
                values = self.tally.latencies.get(kind, [])
                statuses = self.tally.statuses.get(kind, Counter())
                everything.extend(values)
                total.update(statuses)
            out.append(
                {
                    "kind": kind,
                    "requests": len(values),
                    "per_second": len(values) / self.seconds if self.seconds else 0.0,
                    "p50_ms": 1000 * percentile(values, 50),
                    "p95_ms": 1000 * percentile(values, 95),
                    "p99_ms": 1000 * percentile(values, 99),
                    "ok_2xx": sum(n for s, n in statuses.items() if 200 <= s < 300),
                    "conflict_409": statuses.get(409, 0),
                    "refused_422": statuses.get(422, 0),
                    "other_4xx": sum(
                        n for s, n in statuses.items() if 400 <= s < 500 and s not in (409, 422)
                    ),
                    "failed_5xx": sum(n for s, n in statuses.items() if s >= 500),
                    "no_answer": statuses.get(0, 0),
                    "statuses": {str(s): n for s, n in sorted(statuses.items())},
                }
            )
        return out

    @property
    def failed(self) -> bool:
        everything = self.rows()[-1]
        return (not self.check.ok) or everything["failed_5xx"] > 0 or everything["no_answer"] > 0

    def to_json(self) -> dict[str, Any]:
        return {
            "backend": self.backend,
            "workers": self.workers,
            "users": self.users,
            "seconds": round(self.seconds, 3),
            "kinds": self.rows(),
            "check": self.check.to_json(),
            "failures": self.tally.failures,
            "answers": self.tally.examples,
            "refusals": dict(self.tally.refusals.most_common()),
            "server_errors": self.server_errors[:20],
        }


async def drive(
    base: str, accounts: list[Account], users: int, duration: float, seed: int
) -> tuple[Tally, float]:
    tally = Tally()
    boards: dict[str, Board] = {}
    officers = [a for a in accounts if a.role == "officer"]
    ppids = [a for a in accounts if a.role == "ppid"]
    people: list[User] = []
    for n in range(users):
        reader = ppids and (n % 10 == 9)
        account = ppids[0] if reader else officers[n % len(officers)]
        people.append(User(account, base, boards, tally, random.Random(seed * 1000 + n)))
    try:
        await asyncio.gather(*(u.login() for u in people))
        began = time.monotonic()
        await asyncio.gather(*(u.run(began + duration) for u in people))
        seconds = time.monotonic() - began
    finally:
        await asyncio.gather(*(u.client.aclose() for u in people))
    return tally, seconds


def run_backend(backend: str, url: str, folder: Path, args: argparse.Namespace) -> RunResult:
    directory = folder / backend
    officers = args.officers or max(1, args.users - args.users // 10)
    print(
        f"[{backend}] workspace {directory}: {officers} officers in {args.units} units + 1 PPID",
        file=sys.stderr,
        flush=True,
    )
    accounts = build_workspace(directory, url, officers, args.units)
    server = Server(directory, url, workers=args.workers).start()
    print(
        f"[{backend}] ujikon serve --workers {args.workers} on {server.base}; "
        f"{args.users} users for {args.duration:g} s",
        file=sys.stderr,
        flush=True,
    )
    try:
        tally, seconds = asyncio.run(
            drive(server.base, accounts, args.users, args.duration, args.seed)
        )
    finally:
        server.stop()
    errors = server.errors_logged()
    print(f"[{backend}] checking the store …", file=sys.stderr, flush=True)
    check = check_store(url, directory, tally.acknowledged, tally.unknown_writes)
    return RunResult(backend, args.workers, args.users, seconds, tally, check, errors)


# --------------------------------------------------------------------------- output


def table(results: list[RunResult]) -> str:
    lines = [
        f"{'backend':<11}{'kind':<7}{'requests':>9}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}"
        f"{'p99 ms':>9}{'2xx':>8}{'409':>6}{'422':>6}{'4xx':>5}{'5xx':>5}{'err':>5}",
        "-" * 98,
    ]
    for result in results:
        for row in result.rows():
            lines.append(
                f"{result.backend:<11}{row['kind']:<7}{row['requests']:>9}"
                f"{row['per_second']:>9.1f}{row['p50_ms']:>9.1f}{row['p95_ms']:>9.1f}"
                f"{row['p99_ms']:>9.1f}{row['ok_2xx']:>8}{row['conflict_409']:>6}"
                f"{row['refused_422']:>6}{row['other_4xx']:>5}{row['failed_5xx']:>5}"
                f"{row['no_answer']:>5}"
            )
        c = result.check
        verdict = "no write lost" if c.ok else "WRITES LOST OR LOG BROKEN"
        lines.append(
            f"{'':<11}{verdict}: {c.acknowledged} acknowledged writes, {c.stored} case events "
            f"stored, lost {c.lost}, unacknowledged {c.extra} (writes without an answer: "
            f"{c.unknown}); chain {'verifies' if c.chain_ok else 'BROKEN'} over "
            f"{c.chain_events}/{c.head_seq} events; case list "
            f"{'agrees' if not c.index_mismatches else f'{c.index_mismatches} rows differ'}"
        )
        if c.lost_examples:
            lines.append(f"{'':<11}lost, e.g.: {'; '.join(c.lost_examples)}")
        if result.tally.refusals:
            counted = ", ".join(f"{k} ×{n}" for k, n in result.tally.refusals.most_common())
            lines.append(f"{'':<11}refused (expected races): {counted}")
        for what, text in sorted(result.tally.examples.items()):
            lines.append(f"{'':<11}{what}, e.g.: {text[:160]}")
        for failure in result.tally.failures[:5]:
            lines.append(f"{'':<11}failure: {failure}")
        for error in result.server_errors[:5]:
            lines.append(f"{'':<11}server: {error}")
        lines.append("")
    return "\n".join(lines).rstrip()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of load (60)")
    parser.add_argument("--users", type=int, default=50, help="concurrent users (50)")
    parser.add_argument(
        "--backend", choices=("sqlite", "postgres", "both"), default="both", help="(both)"
    )
    parser.add_argument(
        "--officers", type=int, default=0, help="officer accounts (default: 9 in 10 users)"
    )
    parser.add_argument("--units", type=int, default=5, help="units the officers work in (5)")
    parser.add_argument(
        "--workers", type=int, default=1, help="uvicorn workers of ujikon serve (1)"
    )
    parser.add_argument("--seed", type=int, default=2026, help="of the users' choices")
    parser.add_argument("--pg-url", default=os.environ.get("UJIKON_TEST_PG_URL") or DEFAULT_PG_URL)
    parser.add_argument("--dir", type=Path, help="where the workspaces go (default: a temp dir)")
    parser.add_argument(
        "--json",
        nargs="?",
        const="-",
        metavar="FILE",
        help="the figures as JSON: on stdout instead of the table, or also into FILE",
    )
    args = parser.parse_args(argv)
    if args.users < 1 or args.duration <= 0 or args.workers < 1:
        parser.error("--users, --duration and --workers must be positive")

    load_before = os.getloadavg()
    host: dict[str, Any] = {"cpus": os.cpu_count(), "load_average_before": list(load_before)}
    results: list[RunResult] = []
    with tempfile.TemporaryDirectory(prefix="ujikon-webload-", dir=args.dir) as tmp:
        folder = Path(tmp)
        if args.backend in ("sqlite", "both"):
            url = f"sqlite:///{folder / 'sqlite' / 'ujikon.db'}"
            results.append(run_backend("sqlite", url, folder, args))
        if args.backend in ("postgres", "both"):
            with pg_schema(args.pg_url) as pg_url:
                if pg_url is not None:
                    results.append(run_backend("postgresql", pg_url, folder, args))

    document = {
        "duration": args.duration,
        "users": args.users,
        "workers": args.workers,
        "host": host,
        "runs": [r.to_json() for r in results],
    }
    if args.json == "-":
        print(json.dumps(document, indent=2))
    else:
        load = ", ".join(f"{x:.1f}" for x in load_before)
        print(
            f"{args.users} users, {args.duration:g} s per backend, {args.workers} "
            f"worker(s); server and clients share "
            f"{host['cpus']} CPUs (load average before: {load})"
        )
        print(table(results))
        if args.json:
            Path(args.json).write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    return 1 if any(r.failed for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
