"""Issuing decrees end to end, against WeasyPrint and pyHanko doing the same work alone.

For a decree of ``N`` approved cases (``--items``, default 20 and 200), and for a batch of
``--batch`` decrees (default 50, two cases each), measures in the same run:

* ``ujikon issue``   -- :meth:`DecreeDesk.issue`: compose the decision and the document,
  render the PDF/A, sign it (PAdES, key loaded once), write it atomically, and record
  number, decree and every case in one transaction (SQLite);
* ``baseline``       -- ``weasyprint.HTML(string=<the same HTML>).write_pdf(pdf/a-3b)``
  followed by ``pyhanko.sign.signers.sign_pdf`` with the same key and ``bytes_reserved``:
  what the two libraries cost alone for the same document.

The ratio ``ujikon / baseline`` is what ujikon adds on top of its two libraries.

Run: ``.venv/bin/python bench/bench_decree.py [--items 20 200] [--batch 50]``
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from io import BytesIO
from pathlib import Path
from typing import Any

try:
    import ujikon  # noqa: F401
except ModuleNotFoundError:  # run from a checkout without an install
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ujikon.documents.compose import DecreeFacts, decree_document
from ujikon.documents.keys import create_dev_ca
from ujikon.documents.render import render_html
from ujikon.documents.signing import DEFAULT_BYTES_RESERVED, load_signer
from ujikon.law import load_catalogue
from ujikon.service.caseplan import load_plan
from ujikon.service.cases import Service
from ujikon.service.decrees import DecreeDesk
from ujikon.service.demo import PROFILE, sample_files
from ujikon.service.demo import USERS as DEMO_USERS
from ujikon.store import open_store

PASS = b"bench"


def workspace(root: Path, cases: int, tagged: bool | None = None) -> tuple[DecreeDesk, list[str]]:
    root.mkdir(parents=True)
    service = Service(open_store(f"sqlite:///{root / 'ujikon.db'}", create=True), load_catalogue())
    service.add_user(None, {"username": "admin", "role": "admin"})
    for user in DEMO_USERS:
        service.add_user("admin", user)
    desk = DecreeDesk(service, root)
    profile = {**PROFILE, "signers": PROFILE["signers"][:1]}
    if tagged is not None:
        profile["tagged_pdf"] = tagged
    desk.set_profile("admin", profile)
    create_dev_ca(
        root / "keys",
        body_name=PROFILE["name"],
        signers=[("ppid", PROFILE["signers"][0]["name"])],
        passphrase=PASS,
    )
    plans = [
        load_plan(p) for p in sample_files() if not p.name.startswith(("08", "9"))
    ]  # withheld outcomes only
    refs = []
    for n in range(cases):
        plan = plans[n % len(plans)]
        case = service.import_case(None, plan)
        refs.append(service.act("budi", case.case_id, "approve", {}).ref)
    return desk, refs


def baseline(desk: DecreeDesk, refs: list[str], signer: Any) -> float:
    """WeasyPrint + pyHanko alone on the same decree."""
    import weasyprint
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    service = desk.service
    cases = [service.get_case(r) for r in refs]
    head = service.log.head()
    facts = DecreeFacts(
        number="188.4/999/PPID/XI/2026",
        dated=service.today(),
        place="Sukamaju",
        chain_seq=head.seq,
        chain_head=head.hash,
    )
    document, _ = decree_document(
        cases, desk.require_profile(), service.catalogue, facts, people=desk._people(cases)
    )
    html = render_html(document)
    start = time.perf_counter()
    pdf = weasyprint.HTML(string=html).write_pdf(pdf_variant="pdf/a-3b")
    writer = IncrementalPdfFileWriter(BytesIO(pdf))
    meta = signers.PdfSignatureMetadata(
        field_name="Sig1", md_algorithm="sha256", subfilter=fields.SigSeedSubFilter.PADES
    )
    signers.sign_pdf(writer, meta, signer=signer, bytes_reserved=DEFAULT_BYTES_RESERVED)
    return time.perf_counter() - start


def issue(desk: DecreeDesk, refs: list[str]) -> float:
    draft = desk.draft("budi", refs)
    start = time.perf_counter()
    desk.issue("budi", draft.decree_id, {"ppid": PASS})
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, nargs="*", default=[20, 200])
    parser.add_argument("--batch", type=int, default=50)
    parser.add_argument(
        "--tagged",
        choices=("yes", "no"),
        help="the profile's tagged_pdf (default: the profile's own default)",
    )
    args = parser.parse_args()
    tagged = None if args.tagged is None else args.tagged == "yes"
    print(f"{'work':<28}{'ujikon s':>10}{'baseline s':>12}{'ratio':>8}")
    with tempfile.TemporaryDirectory() as tmp:
        for items in args.items:
            root = Path(tmp) / f"items{items}"
            desk, refs = workspace(root, items, tagged)
            signer = load_signer(root / "keys" / "ppid.p12", PASS).signer
            # baseline before and after, so a change in machine load shows in both sides
            first = baseline(desk, refs, signer)
            ours = issue(desk, refs)
            base = (first + baseline(desk, refs, signer)) / 2
            print(f"{f'decree of {items} items':<28}{ours:>10.2f}{base:>12.2f}{ours / base:>8.2f}")
        if args.batch:
            root = Path(tmp) / "batch"
            desk, refs = workspace(root, 2 * args.batch, tagged)
            signer = load_signer(root / "keys" / "ppid.p12", PASS).signer
            groups = [refs[i : i + 2] for i in range(0, len(refs), 2)]
            base = ours = 0.0
            for group in groups:  # alternate the two sides decree by decree
                base += baseline(desk, group, signer)
                ours += issue(desk, group)
            label = f"{args.batch} decrees x 2 items"
            print(f"{label:<28}{ours:>10.2f}{base:>12.2f}{ours / base:>8.2f}")


if __name__ == "__main__":
    main()
