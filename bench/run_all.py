"""Run every benchmark of bench/ in turn (``make bench``)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

for script in (
    "bench_store.py",
    "bench_projection.py",
    "bench_startup.py",
    "bench_render.py",
    "bench_sign.py",
    "bench_decree.py",
    "bench_audit.py",
    "bench_register.py",
    "bench_lifecycle.py",
    "bench_web_load.py",
):
    print(f"\n=== {script}", flush=True)
    subprocess.run([sys.executable, str(HERE / script)], check=True)
