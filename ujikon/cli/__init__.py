"""The command line: :mod:`ujikon.cli.main` is the root (``ujikon``), each command group
its own module, loaded when it is used.

This package module itself imports nothing, so that ``ujikon`` (the console script
``ujikon.cli:main``) pays for no command group before it knows which one is asked for.
"""

from __future__ import annotations

__all__ = ["main"]


def main() -> None:
    """Console entry point: see :func:`ujikon.cli.main.main`."""
    from ujikon.cli.main import main as run

    run()
