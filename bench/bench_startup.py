"""Start-up time of the CLI, against the bare interpreter (``python -c pass``).

Runs each command ``--runs`` times in a fresh process and reports the median wall time,
its difference from ``python -c pass`` and the ratio to it, and the median CPU time
(user + system) of the process: on a machine shared with other work the wall time grows
with the load, the CPU time much less. The commands take turns
(one run of each, then the next round), so a machine that is busy for a while slows all
of them alike instead of one. ``import typer, rich`` and ``import weasyprint`` are shown
for reference: what any Typer + Rich CLI pays before doing anything, and what a command
pays that loads the PDF library.

The budget (issue 11): ``ujikon --help`` and ``ujikon law grounds`` within 0.15 s of
``python -c pass``. The last lines say whether each is within it; the exit status stays 0
(a bench measures, it does not gate).

Run from the project (or a worktree, with its tree first on the path):
``PYTHONPATH=$PWD .venv/bin/python bench/bench_startup.py [--runs 21]``. The ``ujikon``
console script beside the interpreter is what is timed; it imports ``ujikon`` from
``PYTHONPATH`` when that is set.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BIN = Path(sys.executable).parent
BUDGET_SECONDS = 0.15
BUDGETED = ("ujikon --help", "ujikon law grounds")
BASE = "python -c pass"


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_once(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall, CPU) seconds of one run of ``cmd``."""
    cpu = _children_cpu()
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    return time.perf_counter() - start, _children_cpu() - cpu


def medians(
    commands: dict[str, list[str]], runs: int, env: dict[str, str]
) -> dict[str, tuple[float, float]]:
    """The median (wall, CPU) seconds of each command over ``runs`` rounds (one warm-up
    round, not counted, fills the OS file cache)."""
    walls: dict[str, list[float]] = {name: [] for name in commands}
    cpus: dict[str, list[float]] = {name: [] for name in commands}
    for round_ in range(runs + 1):
        for name, cmd in commands.items():
            wall, cpu = run_once(cmd, env)
            if round_:
                walls[name].append(wall)
                cpus[name].append(cpu)
    return {
        name: (statistics.median(walls[name]), statistics.median(cpus[name])) for name in commands
    }


def report(results: dict[str, tuple[float, float]]) -> str:
    base, base_cpu = results[BASE]
    lines = [
        f"{'command':<32}{'median s':>10}{'- python':>10}{'x python':>10}"
        f"{'cpu s':>8}{'- python':>10}"
    ]
    for name, (seconds, cpu) in results.items():
        lines.append(
            f"{name:<32}{seconds:>10.3f}{seconds - base:>10.3f}{seconds / base:>10.1f}"
            f"{cpu:>8.3f}{cpu - base_cpu:>10.3f}"
        )
    lines.append("")
    for name in BUDGETED:
        over = results[name][0] - base
        verdict = "within" if over <= BUDGET_SECONDS else "OVER"
        lines.append(f"{name}: +{over:.3f} s over python, {verdict} the {BUDGET_SECONDS} s budget")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=21)
    args = parser.parse_args()
    ujikon = str(BIN / "ujikon")
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "UJIKON_WORKSPACE": tmp, "UJIKON_USER": "admin"}
        subprocess.run([ujikon, "init"], check=True, stdout=subprocess.DEVNULL, env=env)
        for user, role in (("admin", "admin"), ("audit", "auditor")):
            subprocess.run(
                [ujikon, "user", "add", user, "--role", role],
                check=True,
                stdout=subprocess.DEVNULL,
                stdin=subprocess.DEVNULL,
                env=env,
            )
        env["UJIKON_USER"] = "audit"  # case list is a reading command: an auditor may
        commands = {
            BASE: [sys.executable, "-c", "pass"],
            "import typer, rich (reference)": [sys.executable, "-c", "import typer, rich.console"],
            "import weasyprint (reference)": [sys.executable, "-c", "import weasyprint"],
            "ujikon --help": [ujikon, "--help"],
            "ujikon law grounds": [ujikon, "law", "grounds"],
            "ujikon case list (SQLite)": [ujikon, "case", "list"],
        }
        results = medians(commands, args.runs, env)
    print(report(results))


if __name__ == "__main__":
    main()
