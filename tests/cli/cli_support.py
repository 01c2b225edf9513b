"""Fixtures for the CLI tests: a real SQLite workspace in ``tmp_path`` and a runner.

The runner's environment pins what changes the look of the output (``COLUMNS=100``,
``NO_COLOR=1``, ``TERM=dumb``) and clears ``UJIKON_*`` so the developer's own
workspace, database and user never leak into a test.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from ujikon.cli.main import app
from ujikon.service.workspace import Workspace

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
BOX = re.compile(r"[│╭╮╰╯─┃━┏┓┗┛┡┩┣┫╇╋┳┻└┘┴┬┼├┤┌┐]")


def flat(text: str) -> str:
    """Output with colours, box drawing and line breaks removed: one line of words."""
    return " ".join(BOX.sub(" ", ANSI.sub("", text)).split())


def days(n: int) -> str:
    """Today plus ``n`` days, as YYYY-MM-DD (the CLI runs on the real clock)."""
    return (date.today() + timedelta(days=n)).isoformat()


@dataclass
class Cli:
    """Runs ``ujikon`` in-process against one workspace."""

    runner: CliRunner
    workspace: Path

    def __call__(self, *args: str, user: str | None = None, code: int | None = 0) -> Result:
        argv = ["--as", user, *args] if user else list(args)
        result = self.runner.invoke(app, argv)
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise result.exception
        if code is not None:
            assert result.exit_code == code, (
                f"ujikon {' '.join(argv)} exited {result.exit_code}, expected {code}:\n"
                f"{result.output}"
            )
        return result

    def json(self, *args: str, user: str | None = None) -> Any:
        return json.loads(self(*args, "--json", user=user).stdout)

    def events(self, case_id: str) -> int:
        """How many events the case's history holds."""
        return len(self.json("case", "history", case_id, user="budi")["events"])


@pytest.fixture
def runner_env(tmp_path: Path) -> dict[str, str | None]:
    return {
        "COLUMNS": "100",
        "LINES": "50",
        "NO_COLOR": "1",
        "TERM": "dumb",
        "FORCE_COLOR": None,
        "UJIKON_WORKSPACE": str(tmp_path / "ws"),
        "UJIKON_DB": None,
        "UJIKON_USER": None,
    }


@pytest.fixture
def cli(tmp_path: Path, runner_env: dict[str, str | None]) -> Cli:
    """A runner on an empty, not yet initialised workspace."""
    return Cli(CliRunner(env=runner_env), tmp_path / "ws")


@pytest.fixture
def ready(cli: Cli) -> Cli:
    """An initialised workspace with an admin, two officers and two PPIDs."""
    cli("init", "--body-name", "Pemerintah Kabupaten Contoh")
    cli("user", "add", "admin", "--role", "admin")
    for name, role in (
        ("siti", "officer"),
        ("agus", "officer"),
        ("budi", "ppid"),
        ("rina", "ppid"),
    ):
        cli("user", "add", name, "--role", role, "--unit", "Bagian Hukum", user="admin")
    cli("user", "add", "hendra", "--role", "head", user="admin")
    return cli


OpenCase = Callable[..., str]


@pytest.fixture
def open_case(ready: Cli) -> OpenCase:
    """Open a case (as ``user``) and return its id."""

    def _open(user: str = "siti", summary: str = "Uji") -> str:
        data = ready.json("case", "new", "--trigger", "proactive", "--summary", summary, user=user)
        return str(data["case_id"])

    return _open


def walk(cli: Cli, case_id: str, user: str, *, submit: bool = True) -> None:
    """Record every step of a simple case by options (17h2, partly exempt, permanent)."""
    cli(
        "case", "identify", case_id, "--title", "Berkas kepegawaian", "--unit", "BKPSDM",
        "--date", days(-100), "--form", "printed", "--information", "Hasil pemeriksaan kesehatan",
        "--scope", "part", "--part", "Lampiran 4", user=user,
    )  # fmt: skip
    cli("case", "cite", case_id, "--ground", "17h2", "--analysis", "Rahasia pribadi", user=user)
    cli("case", "harm", case_id, "--harm", "17h2=Stigma bagi pegawai", user=user)
    cli(
        "case", "weigh", case_id, "--interest", "Akuntabilitas kepegawaian",
        "--balance", "Privasi lebih berat", "--outweighs", "harm", user=user,
    )  # fmt: skip
    cli(
        "case", "conclude", case_id, "--outcome", "partly_exempt", "--part", "Lampiran 4",
        "--permanent", "--reasoning", "Cukup dihitamkan", user=user,
    )  # fmt: skip
    if submit:
        cli("case", "submit", case_id, user=user)


def decree(cli: Cli, case_id: str) -> None:
    """Put an approved case into a decree through the service: the decree commands are
    not part of the case CLI."""
    service = Workspace.locate(cli.workspace).open()
    try:
        service.act(
            "budi",
            case_id,
            "include_in_decree",
            {"decree_number": "188.4/001/PPID/XI/2026", "decree_date": date.today()},
        )
    finally:
        service.log.close()
