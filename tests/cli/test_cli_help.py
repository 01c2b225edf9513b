"""``--help`` of the root and of every command group, against checked-in snapshots.

Regenerate after a deliberate change with ``UJIKON_UPDATE_SNAPSHOTS=1``.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from cli_support import ANSI, Cli

SNAPSHOTS = Path(__file__).parent / "snapshots"
GROUPS = [
    "",
    "case",
    "user",
    "law",
    "workflow",
    "index",
    "body",
    "keys",
    "decree",
    "audit",
    "register",
    "calendar",
    "lifecycle",
    "review",
    "digest",
    "monev",
]


def _normal(text: str) -> str:
    lines = [line.rstrip() for line in ANSI.sub("", text).splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"


@pytest.mark.parametrize("group", GROUPS, ids=[g or "root" for g in GROUPS])
def test_help_matches_snapshot(cli: Cli, group: str) -> None:
    args = [group, "--help"] if group else ["--help"]
    text = _normal(cli(*args).stdout)
    path = SNAPSHOTS / f"help_{group or 'root'}.txt"
    if os.environ.get("UJIKON_UPDATE_SNAPSHOTS") == "1" or not path.exists():
        SNAPSHOTS.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
        if os.environ.get("UJIKON_UPDATE_SNAPSHOTS") != "1":
            pytest.fail(f"{path.name} did not exist; written now, check it in")
    assert text == path.read_text(encoding="utf-8"), (
        f"`ujikon {group} --help` changed; if on purpose, rerun with UJIKON_UPDATE_SNAPSHOTS=1"
    )


def test_every_group_has_a_snapshot() -> None:
    from typer.main import get_command

    from ujikon.cli.main import app

    groups = {
        name
        for name, command in get_command(app).commands.items()  # type: ignore[attr-defined]
        if hasattr(command, "commands")
    }
    assert groups == set(GROUPS) - {""}
