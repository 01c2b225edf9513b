"""Fixtures of the CLI tests; the helpers themselves live in ``cli_support`` (a module with a
name of its own, so test files never import an ambiguous ``conftest``)."""

from cli_support import cli, open_case, ready, runner_env

__all__ = ["cli", "open_case", "ready", "runner_env"]
