"""Schemathesis against the OpenAPI document: no generated request makes the API fail
with a server error (5xx, or an exception), whoever sends it.

The schema is loaded from the ASGI application itself. Every operation gets at most
``MAX_EXAMPLES`` cases of valid data, as many of invalid data, and (when its path names
a record) as many of valid data aimed at the records the workspace holds: a case in
review (``UK-2026-0001``) and a draft decree (``D-2026-0001``), so that requests reach
the rules and not only 404s. Derandomised, no deadline, no example database, no
shrinking (a failure names its operation and the falsifying case). It runs as a PPID
Utama, who may do the most, and as an officer, whom much is refused.

The cases come from ``APIOperation.as_strategy`` under ``hypothesis.given``:
schemathesis's own pytest loader for a fixture (``schemathesis.pytest.from_fixture``)
fails under pytest 9 (it sets ``Function._nodeid``). About 25 s per user on either
backend, so it runs on both.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import hypothesis
import hypothesis.errors
import pytest
import schemathesis
from schemathesis import Case, GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.schemas import BaseSchema
from web_support import PASSWORDS, WebBench, make_web_bench, token_for

from ujikon.web.state import WebSettings

MAX_EXAMPLES = 15

SESSION_ENDING = frozenset({"DELETE /api/session", "PUT /api/users/{username}/password"})
"""Operations that may end the token they are sent with: each gets a fresh one."""

KNOWN_PATH_VALUES = {"case_id": "UK-2026-0001", "decree_id": "D-2026-0001", "ground_id": "17h2"}

pytestmark = pytest.mark.slow


@pytest.fixture
def bench(store_url: str, tmp_path: Path) -> Iterator[WebBench]:
    """The web bench, with log-in limits high enough for the fuzzed failed log-ins."""
    settings = WebSettings(login_max_failures=10_000, login_max_failures_per_address=10_000)
    for bench in make_web_bench(store_url, tmp_path / "ws", settings):
        case_id = bench.import_sample("01-rekam-medis-pegawai.yaml", by="siti")
        assert case_id == "UK-2026-0001"
        approved = bench.import_sample("05-data-wajib-pajak.yaml", by="siti")
        bench.service.act("budi", approved, "approve", {"comments": "Disetujui."})
        decree = bench.app.state.ujikon.app.decrees.draft("budi", [f"{approved}/1"])
        assert decree.decree_id == "D-2026-0001"
        yield bench


@pytest.fixture
def api_schema(bench: WebBench) -> BaseSchema:
    # The token is the caller's; schemathesis generates no Authorization header of its own.
    config = SchemathesisConfig.from_dict({"generation": {"with-security-parameters": False}})
    return schemathesis.openapi.from_asgi("/api/openapi.json", bench.app, config=config)


class Caller:
    """Sends the generated cases with one user's bearer token.

    An operation that may end the token (log-out, a password change) gets a fresh one;
    afterwards the user's password is what the tests expect again and the token is new.
    """

    def __init__(self, bench: WebBench, username: str) -> None:
        self.bench = bench
        self.username = username
        self.token = token_for(bench, username)

    def check(self, case: Case) -> None:
        ending = case.operation.label in SESSION_ENDING
        token = token_for(self.bench, self.username) if ending else self.token
        response = case.call(headers={"Authorization": f"Bearer {token}"})
        if ending:
            self.bench.service.set_password("root", self.username, PASSWORDS[self.username])
            self.token = token_for(self.bench, self.username)
        case.validate_response(response, checks=[not_a_server_error])


def _strategies(operation: Any, username: str) -> list[tuple[str, Any]]:
    """Valid data, invalid data, and (for an operation with a path) valid data aimed at
    the records the workspace holds."""
    out = [
        ("positive", operation.as_strategy(generation_mode=GenerationMode.POSITIVE)),
        ("negative", operation.as_strategy(generation_mode=GenerationMode.NEGATIVE)),
    ]
    names = {p.name for p in operation.path_parameters}
    if names:
        known = {**KNOWN_PATH_VALUES, "username": username}
        fixed = {name: known[name] for name in names}
        out.append(("known records", operation.as_strategy(path_parameters=fixed)))
    return out


def _server_errors(schema: BaseSchema, caller: Caller) -> list[str]:
    """Run every operation's generated cases; the failures, each named."""
    failures: list[str] = []
    for result in schema.get_all_operations():
        operation = result.ok()
        for kind, strategy in _strategies(operation, caller.username):

            @hypothesis.settings(
                max_examples=MAX_EXAMPLES,
                derandomize=True,
                deadline=None,
                database=None,
                suppress_health_check=list(hypothesis.HealthCheck),
                phases=[hypothesis.Phase.explicit, hypothesis.Phase.generate],
            )
            @hypothesis.given(case=strategy)
            def run(case: Case) -> None:
                caller.check(case)

            try:
                run()
            except hypothesis.errors.Unsatisfiable:
                continue  # nothing to make invalid: no parameters, no body
            except Exception as exc:  # every failure is reported below
                notes = "\n".join(getattr(exc, "__notes__", []))
                failures.append(f"{operation.label} ({kind}): {type(exc).__name__}: {exc}\n{notes}")
    return failures


def test_no_server_error_for_the_ppid(api_schema: BaseSchema, bench: WebBench) -> None:
    assert _server_errors(api_schema, Caller(bench, "budi")) == []


def test_no_server_error_for_an_officer(api_schema: BaseSchema, bench: WebBench) -> None:
    assert _server_errors(api_schema, Caller(bench, "siti")) == []
