"""``ujikon demo``: the command hands over to :func:`ujikon.service.demo.run_demo`."""

from __future__ import annotations

import pytest
from cli_support import Cli


def test_demo_builds_a_workspace(cli: Cli) -> None:
    pytest.importorskip("ujikon.service.demo", reason="ujikon.service.demo is not written yet")
    result = cli("demo", code=None)
    assert result.exit_code == 0, result.output
    cases = cli.json("case", "list", user="dewi")
    assert cases, "the demo leaves cases in the workspace"
    assert {u["role"] for u in cli.json("user", "list")} >= {"admin", "officer", "ppid"}
