"""How well ``register import`` finds the defects of an old DIK: precision and recall per
kind, on a labelled register written for it (``bench/data/dik-berlabel.csv``).

The register's last column, "Cacat (label)", holds the defects a careful reading of each
row finds (rule or lint codes, space-separated; empty for a clean row or one concluded
open). The column is cut off before the import reads the file, so the checks never see it.
A kind's precision is the share of its flags that are right, its recall the share of its
labelled defects that were flagged. Rows wrongly flagged and defects missed are listed by
the register's own number.

Run from the project: ``PYTHONPATH=$PWD .venv/bin/python bench/bench_register_checks.py``
(``--register FILE`` for another labelled register with the same last column).
"""

from __future__ import annotations

import argparse
import csv
import sys
import tempfile
from collections import Counter
from pathlib import Path

from ujikon.law import load_catalogue
from ujikon.service.cases import Service
from ujikon.service.demo import USERS as DEMO_USERS
from ujikon.service.register_import import import_register
from ujikon.store import open_store

LABEL = "Cacat (label)"
DEFAULT = Path(__file__).with_name("data") / "dik-berlabel.csv"


def labelled(path: Path) -> tuple[list[str], list[list[str]], dict[str, set[str]]]:
    """(header without the label, rows without it, register number → labelled kinds)."""
    with path.open(encoding="utf-8", newline="") as handle:
        header, *rows = list(csv.reader(handle, delimiter=";"))
    at = header.index(LABEL)
    labels = {row[0]: set(row[at].split()) for row in rows}
    return header[:at] + header[at + 1 :], [r[:at] + r[at + 1 :] for r in rows], labels


def flagged(header: list[str], rows: list[list[str]], work: Path) -> dict[str, set[str]]:
    """Register number → the kinds the import flags (a dry run: nothing stored)."""
    service = Service(open_store(f"sqlite:///{work / 'ujikon.db'}", create=True), load_catalogue())
    service.add_user(None, {"username": "admin", "role": "admin"})
    for user in DEMO_USERS:
        service.add_user("admin", user)
    source = work / "dik.csv"
    with source.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, delimiter=";").writerows([header, *rows])
    report = import_register(service, source, "siti", dry_run=True)
    by_line = {number: row[0] for number, row in enumerate(rows, start=2)}
    found = {by_line[r.row]: {d.rule for d in r.defects} for r in report.rows}
    service.log.close()
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--register", type=Path, default=DEFAULT)
    args = parser.parse_args()
    header, rows, labels = labelled(args.register)
    with tempfile.TemporaryDirectory() as tmp:
        found = flagged(header, rows, Path(tmp))
    right: Counter[str] = Counter()
    wrong: Counter[str] = Counter()
    missed: Counter[str] = Counter()
    notes: list[str] = []
    for number, expected in labels.items():
        got = found.get(number, set())
        for kind in got & expected:
            right[kind] += 1
        for kind in sorted(got - expected):
            wrong[kind] += 1
            notes.append(f"  butir {number}: flagged {kind}, not labelled")
        for kind in sorted(expected - got):
            missed[kind] += 1
            notes.append(f"  butir {number}: labelled {kind}, not flagged")
    kinds = sorted(set(right) | set(wrong) | set(missed))
    clean = [n for n, e in labels.items() if not e]
    print(f"{args.register.name}: {len(rows)} rows, {len(clean)} clean or open, "
          f"{sum(len(e) for e in labels.values())} labelled defects")  # fmt: skip
    print(f"{'kind':32} {'labelled':>8} {'flagged':>8} {'right':>6} {'precision':>9} {'recall':>7}")
    for kind in kinds:
        labelled_n = right[kind] + missed[kind]
        flagged_n = right[kind] + wrong[kind]
        precision = right[kind] / flagged_n if flagged_n else float("nan")
        recall = right[kind] / labelled_n if labelled_n else float("nan")
        print(
            f"{kind:32} {labelled_n:8} {flagged_n:8} {right[kind]:6} {precision:9.2f} {recall:7.2f}"
        )
    total_right = sum(right.values())
    total_flagged = total_right + sum(wrong.values())
    total_labelled = total_right + sum(missed.values())
    print(f"{'all kinds':32} {total_labelled:8} {total_flagged:8} {total_right:6} "
          f"{total_right / total_flagged:9.2f} {total_right / total_labelled:7.2f}")  # fmt: skip
    falsely = [n for n in clean if found.get(n)]
    print(f"clean or open rows flagged: {len(falsely)} of {len(clean)}")
    if notes:
        print("differences:")
        print("\n".join(notes))
    return 0


if __name__ == "__main__":
    sys.exit(main())
