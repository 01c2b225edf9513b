"""Fixtures of the CLI tests: a real SQLite workspace in ``tmp_path`` and a runner.

The runner's environment (``toolkit.cli.cli_env``) pins what changes the look of the
output (``COLUMNS=100``, ``NO_COLOR=1``, ``TERM=dumb``) and clears ``UJIKON_*`` so the
developer's own workspace, database and user never leak into a test. The helpers live in
``cli_support`` and ``toolkit`` (modules with names of their own, so test files never
import an ambiguous ``conftest``).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_support import OpenCase
from toolkit.cli import Cli, cli_env
from typer.testing import CliRunner


@pytest.fixture
def runner_env(tmp_path: Path) -> dict[str, str | None]:
    return cli_env(tmp_path / "ws")


@pytest.fixture
def cli(tmp_path: Path, runner_env: dict[str, str | None]) -> Cli:
    """A runner on an empty, not yet initialised workspace."""
    return Cli(CliRunner(env=runner_env), tmp_path / "ws")


@pytest.fixture
def ready(cli: Cli) -> Cli:
    """An initialised workspace with an admin, two officers and two PPIDs (all of Bagian
    Hukum) and a head."""
    unit = "Bagian Hukum"
    users = [("siti", "officer", unit), ("agus", "officer", unit), ("budi", "ppid", unit),
             ("rina", "ppid", unit), ("hendra", "head")]  # fmt: skip
    return cli.init(users, body_name="Pemerintah Kabupaten Contoh")


@pytest.fixture
def open_case(ready: Cli) -> OpenCase:
    """Open a case (as ``user``) and return its id."""

    def _open(user: str = "siti", summary: str = "Uji") -> str:
        data = ready.json("case", "new", "--trigger", "proactive", "--summary", summary, user=user)
        return str(data["case_id"])

    return _open
