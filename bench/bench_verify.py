"""What ``ujikon verify`` costs since it reads the QR code printed on the page.

Builds the demo workspace once in a temporary directory (:func:`ujikon.service.demo.run_demo`:
seven cases, one decree signed by the PPID Utama and the Atasan PPID, not timed), then
times, ``--n`` times each after one warm-up run, alternating:

* ``verify_pdf``         -- the signatures alone (:func:`ujikon.documents.verify.verify_pdf`),
  what the whole verdict cost before the printed QR code was read;
* ``read_printed_qr``    -- rasterising the page(s) with the caption (PDFium, 150 dpi) and
  decoding the code (zxing-cpp);
* ``verify_decree_file`` -- the whole verdict: signatures, signers, printed QR, info key,
  embedded decision, the log;
* ``ujikon verify``      -- the command in a fresh process, start-up included.

Run::

    .venv/bin/python bench/bench_verify.py          # N=20
    .venv/bin/python bench/bench_verify.py --n 50
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

try:
    import ujikon  # noqa: F401
except ModuleNotFoundError:  # run from a checkout without an install
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rich.console import Console

from ujikon.documents.keys import load_certificates
from ujikon.documents.qr import read_printed_qr
from ujikon.documents.verify import verify_pdf
from ujikon.service.demo import run_demo
from ujikon.service.verification import verify_decree_file
from ujikon.service.workspace import Workspace


def _median(run: Callable[[], object], n: int) -> float:
    run()
    times = []
    for _ in range(n):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="ujikon-bench-verify-") as tmp:
        directory = Path(tmp) / "ws"
        workspace = Workspace.locate(directory)
        if run_demo(workspace, Console(file=io.StringIO())) != 0:
            print("the demo did not build", file=sys.stderr)
            return 1
        (pdf,) = sorted((directory / "sk").rglob("*.pdf"))
        ca = workspace.dev_ca
        data = pdf.read_bytes()
        roots = load_certificates(ca)
        service = workspace.open()
        desk = workspace.decrees(service)
        verdict = verify_decree_file(pdf, trust_roots=[ca], desk=desk)
        assert verdict.ok, verdict.summary_lines()
        rows = [
            ("verify_pdf", _median(lambda: verify_pdf(data, trust_roots=roots), args.n)),
            ("read_printed_qr", _median(lambda: read_printed_qr(data), args.n)),
            (
                "verify_decree_file",
                _median(lambda: verify_decree_file(pdf, trust_roots=[ca], desk=desk), args.n),
            ),
        ]
        service.log.close()
        command = [str(Path(sys.executable).parent / "ujikon"), "verify", str(pdf)]
        env = {**os.environ, "UJIKON_WORKSPACE": str(directory)}

        def cli() -> None:
            done = subprocess.run(
                [*command, "--trust", str(ca)], env=env, capture_output=True, check=False
            )
            assert done.returncode == 0, done.stdout + done.stderr

        rows.append(("ujikon verify", _median(cli, max(3, args.n // 4))))
    pages = verdict.printed_qr.pages if verdict.printed_qr else ()
    print(f"decree: {len(data)} bytes, QR on page(s) {pages}; medians of {args.n} runs")
    for name, seconds in rows:
        print(f"  {name:20} {seconds * 1000:8.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
