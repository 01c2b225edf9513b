"""axe-core over the pages every role uses, on desktop and on a phone: the accessibility
violations by rule (the figure issue 14 asks for). Not part of the test command: axe-core
is an npm package the auditor installs (``npm install axe-core@4`` in a folder), then

    .venv/bin/python bench/axe_pages.py --axe /path/to/node_modules/axe-core/axe.min.js

The application runs on a fresh SQLite workspace with the sample cases (one returned,
one approved, one issued in a decree) in a background thread, as the browser tests do.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections import Counter
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests" / "web"), str(ROOT / "tests"), str(ROOT)]

from browser_support import PASSPHRASE, PASSWORDS, LiveServer, browser, build_workspace  # noqa: E402
from toolkit import HEAD_SIGNER, PPID_SIGNER, SAMPLES  # noqa: E402

from ujikon.service.caseplan import load_plan  # noqa: E402

PAGES = {
    "siti": ["/", "/cases", "/cases/new", "/cases/{returned}", "/cases/{draft}", "/register"],
    "budi": [
        "/",
        "/review",
        "/cases/{review}",
        "/decrees",
        "/decrees/new",
        "/decrees/{decree}",
        "/decrees/{waiting}",
    ],
    "hendra": ["/", "/decrees/{waiting}"],
    "dewi": ["/", "/audit", "/audit/verify", "/verify", "/register", "/audit/pack", "/monev"],
    "root": ["/admin/users", "/admin/body", "/admin/keys"],
    "": ["/login", "/cek"],
}


def seed(live: LiveServer) -> dict[str, str]:
    service = live.service
    plan = load_plan(SAMPLES / "01-rekam-medis-pegawai.yaml")
    draft = service.import_case("siti", replace(plan, by="siti", steps=plan.steps[:2]))
    returned = service.import_case("siti", replace(plan, by="siti"))
    service.act("budi", returned.case_id, "return_for_revision",
                {"to_step": "assess_harm", "comments": "Perjelas kerugiannya."})  # fmt: skip
    review = service.import_case("siti", replace(plan, by="siti"))
    decided = service.import_case("siti", replace(plan, by="siti"))
    ref = service.act("budi", decided.case_id, "approve", {"comments": "Setuju."}).ref
    desk = live.app.state.ujikon.app.decrees
    made = desk.draft("budi", [ref])
    key = PASSPHRASE.encode() if isinstance(PASSPHRASE, str) else PASSPHRASE
    desk.issue("budi", made.decree_id, {"ppid": key})
    # a second decree, under a profile with the Atasan PPID signing too: it awaits the head
    desk.set_profile("root", {**desk.require_profile().model_dump(),
                              "signers": [PPID_SIGNER, HEAD_SIGNER]})  # fmt: skip
    later = service.import_case("siti", replace(plan, by="siti"))
    later_ref = service.act("budi", later.case_id, "approve", {"comments": "Setuju."}).ref
    waiting = desk.draft("budi", [later_ref])
    desk.issue("budi", waiting.decree_id, {"ppid": key})
    return {"draft": draft.case_id, "returned": returned.case_id, "review": review.case_id,
            "decree": made.decree_id, "waiting": waiting.decree_id}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--axe", type=Path, required=True, help="axe.min.js of axe-core")
    args = parser.parse_args()
    script = args.axe.read_text()
    by_rule: Counter[str] = Counter()
    nodes: Counter[str] = Counter()
    with tempfile.TemporaryDirectory() as tmp:
        live = LiveServer(build_workspace(Path(tmp) / "ws")).start()
        try:
            ids = seed(live)
            with browser(Path(tmp) / "chromium") as context:
                page = context.new_page()
                for user, paths in PAGES.items():
                    page.context.clear_cookies()
                    if user:
                        page.goto(live.url + "/login")
                        page.get_by_label("Nama pengguna").fill(user)
                        page.get_by_label("Kata sandi").fill(PASSWORDS[user])
                        with page.expect_navigation():
                            page.get_by_role("button", name="Masuk").click()
                    for path in paths:
                        for size in ({"width": 1280, "height": 900}, {"width": 390, "height": 844}):
                            page.set_viewport_size(size)  # type: ignore[arg-type]
                            page.goto(live.url + path.format(**ids))
                            page.evaluate(script)  # through the debugger: the CSP stays on
                            found = page.evaluate("async () => (await axe.run()).violations")
                            for v in found:
                                by_rule[f"{v['id']} ({v['impact']})"] += 1
                                nodes[v["id"]] += len(v["nodes"])
                                print(f"{user or '-':<5} {size['width']:>4} {path:<22} {v['id']}"
                                      f" ({v['impact']}) x{len(v['nodes'])}")  # fmt: skip
        finally:
            live.stop()
    pages = sum(len(p) for p in PAGES.values()) * 2
    print(f"\n{pages} page views; rules broken: {len(by_rule)}")
    for rule, count in by_rule.most_common():
        print(f"  {rule}: on {count} page views, {nodes[rule.split(' ')[0]]} nodes")


if __name__ == "__main__":
    main()
