"""Start-up time of the CLI, against the interpreter and the CLI framework alone.

Runs each command ``--runs`` times in a fresh process and reports the median wall
time, so ``ujikon --help`` can be read as a multiple of ``python -c pass`` and of
``import typer, rich`` (what any Typer + Rich CLI pays before doing anything).

Run: ``.venv/bin/python bench/bench_startup.py [--runs 15]``
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BIN = Path(sys.executable).parent


def median_seconds(cmd: list[str], runs: int, env: dict[str, str]) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(
            cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env
        )
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    ujikon = str(BIN / "ujikon")
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "UJIKON_WORKSPACE": tmp, "UJIKON_USER": "admin"}
        subprocess.run([ujikon, "init"], check=True, stdout=subprocess.DEVNULL, env=env)
        subprocess.run(
            [ujikon, "user", "add", "admin", "--role", "admin"],
            check=True,
            stdout=subprocess.DEVNULL,
            env=env,
        )
        commands = {
            "python -c pass": [sys.executable, "-c", "pass"],
            "import typer, rich": [sys.executable, "-c", "import typer, rich.console"],
            "import weasyprint (reference)": [sys.executable, "-c", "import weasyprint"],
            "ujikon --help": [ujikon, "--help"],
            "ujikon law grounds": [ujikon, "law", "grounds"],
            "ujikon case list (SQLite)": [ujikon, "case", "list"],
        }
        results = {name: median_seconds(cmd, args.runs, env) for name, cmd in commands.items()}
    base = results["import typer, rich"]
    print(f"{'command':<32}{'median s':>10}{'× typer+rich':>14}")
    for name, seconds in results.items():
        print(f"{name:<32}{seconds:>10.3f}{seconds / base:>14.2f}")


if __name__ == "__main__":
    main()
