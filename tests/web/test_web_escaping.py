"""Everything a user typed comes back inert: script tags stored in a case, a review
comment, a decree note and a user's name are shown as text on every page that shows them,
in every role's view (autoescaping, and no ``|safe`` on user data)."""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest
from toolkit import install_profile
from web_support import Caller, Seeds, WebBench, all_routes, fill_path, make_web_bench

from ujikon.service.caseplan import load_plan

SCRIPT = '<script>alert("ujikon")</script>'
INERT = "&lt;script&gt;alert("
SAMPLES = Path(__file__).resolve().parents[2] / "ujikon" / "samples"


@pytest.fixture
def tainted(store_url: str, tmp_path: Path) -> Iterator[tuple[WebBench, Seeds]]:
    for bench in make_web_bench(store_url, tmp_path / "ws"):
        service = bench.service
        service.add_user("root", {"username": "eko", "role": "officer", "full_name": SCRIPT})
        plan = load_plan(SAMPLES / "01-rekam-medis-pegawai.yaml")
        steps = []
        for step in plan.steps:
            payload = copy.deepcopy(step.payload)
            if step.trigger == "identify":
                payload["document"]["title"] = f"Berkas {SCRIPT}"
                payload["information"] = f"Informasi {SCRIPT} " + payload["information"]
            steps.append(dataclasses.replace(step, payload=payload))
        opening = {**plan.open, "summary": f"Ringkasan {SCRIPT}"}
        plan = dataclasses.replace(plan, open=opening, steps=tuple(steps))
        case = service.import_case("siti", plan)
        service.act(
            "budi",
            case.case_id,
            "return_for_revision",
            {"to_step": "assess_harm", "comments": f"Perbaiki {SCRIPT} uraiannya."},
        )
        other = service.import_case("siti", load_plan(SAMPLES / "05-data-wajib-pajak.yaml"))
        service.act("budi", other.case_id, "approve", {"comments": f"Setuju {SCRIPT}"})
        desk = bench.app.state.ujikon.app.decrees
        install_profile(desk, "root")
        draft = desk.draft("budi", [f"{other.case_id}/1"], f"Catatan {SCRIPT}")
        yield bench, Seeds(case_id=case.case_id, decree_id=draft.decree_id)


PAGES = sorted(
    path
    for method, path in all_routes()
    if method == "GET"
    and not path.startswith(("/api", "/static", "/lang", "/healthz"))
    and not path.endswith((".pdf", "/export"))
)


@pytest.mark.parametrize("username", ["siti", "budi", "dewi", "root"])
def test_typed_script_tags_come_back_as_text(
    tainted: tuple[WebBench, Seeds], username: str
) -> None:
    bench, seeds = tainted
    caller = Caller(bench, username)
    shown_inert = []
    for template in PAGES:
        path = fill_path(template, seeds)
        response = caller.call("GET", path)
        assert SCRIPT not in response.text, f"{path} as {username} shows a live script tag"
        assert "<script>alert" not in response.text
        if INERT in response.text:
            shown_inert.append(template)
    # The texts were really on the pages (escaped), not merely absent.
    expected = {
        "siti": {"/cases/{case_id}"},
        "budi": {"/cases/{case_id}", "/decrees/{decree_id}", "/audit"},
        "dewi": {"/cases/{case_id}", "/audit"},
        "root": {"/admin/users"},
    }[username]
    assert expected <= set(shown_inert), shown_inert


HOSTILE = "Rekam medis\x1b[2J gaji\u202efdp.exe\u200b"


def test_stored_bidi_and_control_characters_are_written_out_on_the_page(
    store_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A summary an older ujikon stored with a right-to-left override in it (rule
    ``storable-text`` now refuses it) is shown as ``\\u202e``, never turning the text."""
    import ujikon.domain.text as text

    for bench in make_web_bench(store_url, tmp_path / "ws"):
        with monkeypatch.context() as old_version:
            old_version.setattr(text, "first_unsafe", lambda _: None)
            plan = load_plan(SAMPLES / "01-rekam-medis-pegawai.yaml")
            plan = dataclasses.replace(plan, open={**plan.open, "summary": HOSTILE})
            case = bench.service.import_case("siti", plan)
        page = bench.as_user("siti").get(f"/cases/{case.case_id}")
        assert page.status_code == 200
        assert "\u202e" not in page.text and "\x1b" not in page.text and "\u200b" not in page.text
        assert "gaji\\u202efdp.exe" in page.text
