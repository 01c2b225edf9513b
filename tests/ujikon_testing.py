"""Helpers shared by the test packages (importable because tests/ is on sys.path)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from typer.testing import Result

from ujikon.law import load_catalogue
from ujikon.service.cases import Service
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


def cli_runner(workspace: Path, users: list[tuple[str, str]]) -> Callable[..., Result]:
    """``ujikon`` in-process on a fresh workspace with an admin and ``users`` (name, role).

    The returned ``run(*args, user=None, code=0)`` asserts the exit code and re-raises
    anything that is not a clean exit, so a test sees the real error.
    """
    from typer.testing import CliRunner

    from ujikon.cli.main import app

    runner = CliRunner(
        env={
            "COLUMNS": "100",
            "NO_COLOR": "1",
            "TERM": "dumb",
            "UJIKON_WORKSPACE": str(workspace),
            "UJIKON_DB": None,
            "UJIKON_USER": None,
        }
    )

    def run(*args: str, user: str | None = None, code: int = 0) -> Result:
        argv = ["--as", user, *args] if user else list(args)
        result = runner.invoke(app, argv)
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise result.exception
        assert result.exit_code == code, result.output
        return result

    run("init")
    run("user", "add", "admin", "--role", "admin")
    for name, role in users:
        run("user", "add", name, "--role", role, user="admin")
    return run
