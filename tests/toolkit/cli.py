"""``ujikon`` run in-process, as a test sees it.

:func:`cli_env` pins what changes the look of the output (``COLUMNS``, ``NO_COLOR=1``,
``TERM=dumb``) and clears every ``UJIKON_*`` setting a developer's shell may hold, so
their own workspace, database, user, mail relay or key passphrases never leak into a
test. :class:`Cli` runs the real root app against one workspace and re-raises anything
that is not a clean exit, so a test sees the real error.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from typer.testing import CliRunner, Result

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
BOX = re.compile(r"[│╭╮╰╯─┃━┏┓┗┛┡┩┣┫╇╋┳┻└┘┴┬┼├┤┌┐]")

CLEARED = (
    "UJIKON_DB",
    "UJIKON_USER",
    "UJIKON_SMTP_HOST",
    "UJIKON_SMTP_PORT",
    "UJIKON_SMTP_STARTTLS",
    "UJIKON_SMTP_USER",
    "UJIKON_SMTP_PASSWORD",
    "UJIKON_SMTP_FROM",
    "UJIKON_DIGEST_RECIPIENTS",
    "UJIKON_DIGEST_DOMAIN",
    "UJIKON_KEY_PASSPHRASE",
    "UJIKON_KEY_PASSPHRASE_PPID",
    "UJIKON_KEY_PASSPHRASE_HEAD",
)
"""The settings :func:`cli_env` clears unless the test sets them."""


def flat(text: str) -> str:
    """Output with colours, box drawing and line breaks removed: one line of words."""
    return " ".join(BOX.sub(" ", ANSI.sub("", text)).split())


def cli_env(
    workspace: Path, db: str | None = None, *, columns: int = 100, **extra: str | None
) -> dict[str, str | None]:
    """The environment of ``ujikon`` on ``workspace`` (its store at ``db``, or the
    workspace's own), with ``extra`` on top (``None`` unsets a variable)."""
    env: dict[str, str | None] = {
        "COLUMNS": str(columns),
        "LINES": "50",
        "NO_COLOR": "1",
        "TERM": "dumb",
        "FORCE_COLOR": None,
        **dict.fromkeys(CLEARED),
        "UJIKON_WORKSPACE": str(workspace),
        "UJIKON_DB": db,
    }
    env.update(extra)
    return env


@dataclass
class Cli:
    """Runs ``ujikon`` in-process against one workspace."""

    runner: CliRunner
    workspace: Path

    @classmethod
    def on(
        cls, workspace: Path, db: str | None = None, *, columns: int = 100, **extra: str | None
    ) -> Cli:
        """A runner on ``workspace`` with the environment of :func:`cli_env`."""
        return cls(CliRunner(env=cli_env(workspace, db, columns=columns, **extra)), workspace)

    def __call__(
        self,
        *args: str,
        user: str | None = None,
        code: int | None = 0,
        env: Mapping[str, str | None] | None = None,
    ) -> Result:
        """``ujikon [--as user] args``; asserts the exit ``code`` unless it is ``None``.
        ``env`` is added to the runner's environment for this call only."""
        from ujikon.cli.main import app

        argv = ["--as", user, *args] if user else list(args)
        result = self.runner.invoke(app, argv, env=dict(env) if env else None)
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise result.exception
        if code is not None:
            assert result.exit_code == code, (
                f"ujikon {' '.join(argv)} exited {result.exit_code}, expected {code}:\n"
                f"{result.output}"
            )
        return result

    def json(self, *args: str, user: str | None = None, code: int | None = 0) -> Any:
        return json.loads(self(*args, "--json", user=user, code=code).stdout)

    def events(self, case_id: str) -> int:
        """How many events the case's history holds."""
        return len(self.json("case", "history", case_id, user="budi")["events"])

    def init(
        self,
        users: Iterable[tuple[str, str] | tuple[str, str, str | None]] = (),
        *,
        body_name: str | None = None,
    ) -> Cli:
        """``ujikon init`` (naming the body if ``body_name``), the admin, then ``users``
        as (name, role) or (name, role, unit), added by the admin."""
        self("init", *(("--body-name", body_name) if body_name else ()))
        self("user", "add", "admin", "--role", "admin")
        for name, role, *rest in users:
            unit = rest[0] if rest else None
            self("user", "add", name, "--role", role, *(("--unit", unit) if unit else ()),
                 user="admin")  # fmt: skip
        return self


def cli_runner(
    workspace: Path, users: Iterable[tuple[str, str] | tuple[str, str, str | None]]
) -> Cli:
    """``ujikon`` on a fresh workspace with an admin and ``users`` (name, role[, unit]):
    call it as ``run(*args, user=None, code=0)``."""
    return Cli.on(workspace).init(users)
