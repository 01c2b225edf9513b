"""A day's work in the real browser (Chromium through Playwright): a refused form says so
at the top of the page, takes the focus there, and each line of its summary takes the
user to the field. Screenshots go to ``UJIKON_ARTEFACTS`` (``error-summary-*``)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from browser_support import (
    LiveServer,
    Shots,
    artefacts_dir,
    log_in,
    require_chromium,
)
from playwright.sync_api import Page, expect
from toolkit import SAMPLES

from ujikon.service.caseplan import load_plan

require_chromium()

pytestmark = pytest.mark.slow

expect.set_options(timeout=20_000)


def test_an_empty_weigh_form_is_summarised_at_the_top_with_the_focus_on_it(
    live: LiveServer, page: Page
) -> None:
    shots = Shots(artefacts_dir(), prefix="error-summary-")
    plan = load_plan(SAMPLES / "01-rekam-medis-pegawai.yaml")
    case = live.service.import_case("siti", replace(plan, by="siti", steps=plan.steps[:3]))
    log_in(page, live.url, "siti")
    page.goto(f"{live.url}/cases/{case.case_id}")
    form = page.locator("#step-weigh_public_interest")
    with page.expect_navigation():
        form.locator("button[type=submit]:not([name=save_draft])").click()
    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(summary.locator("li")).to_have_count(3)
    expect(summary.locator("h2")).to_contain_text("3 hal perlu diperbaiki")
    # the summary sits above the case's facts, where the eye lands first
    top = summary.bounding_box()
    facts = page.locator("dl.facts").first.bounding_box()
    assert top is not None and facts is not None and top["y"] < facts["y"]
    shots(page, "weigh")
    # each line takes the user to its field, ready to type
    summary.locator("li a").nth(1).click()
    expect(page.locator("#weigh_public_interest-balance")).to_be_focused()
    summary.locator("li a").nth(0).click()
    expect(page.locator("#weigh_public_interest-interests")).to_be_focused()
    summary.locator("li a").nth(2).click()
    expect(page.locator("input[name=outweighs]").first).to_be_focused()
    # the field-level messages stay beside their fields
    expect(page.locator("#weigh_public_interest-balance-err1")).to_be_visible()


_SCROLLERS = """(unfocusable) => [...document.querySelectorAll('body *')].filter(el => {
  const style = getComputedStyle(el);
  const scrolls = ['auto', 'scroll'].includes(style.overflowX)
    && el.scrollWidth > el.clientWidth + 1;
  return scrolls && (!unfocusable || el.tabIndex < 0);
}).map(el => el.tagName + '.' + el.className)"""
"""axe's rule scrollable-region-focusable: a region that scrolls must take the keyboard."""


def test_the_returned_case_is_marked_on_the_dashboard_and_every_table_scrolls_by_keyboard(
    live: LiveServer, page: Page
) -> None:
    shots = Shots(artefacts_dir(), prefix="returned-")
    plan = load_plan(SAMPLES / "01-rekam-medis-pegawai.yaml")
    case = live.service.import_case("siti", replace(plan, by="siti"))
    comment = "Uraian konsekuensi terlalu umum: sebutkan kerugian nyata bagi pegawai."
    live.service.act("budi", case.case_id, "return_for_revision",
                     {"to_step": "assess_harm", "comments": comment})  # fmt: skip
    log_in(page, live.url, "siti")
    returned = page.locator("section[aria-labelledby='h-returned']")
    expect(returned.locator("h2")).to_contain_text("Dikembalikan — perlu perbaikan (1)")
    expect(returned.get_by_text(comment)).to_be_hidden()
    returned.get_by_text("Komentar peninjau").click()
    expect(returned.get_by_text(comment)).to_be_visible()
    shots(page, "dashboard")
    page.set_viewport_size({"width": 390, "height": 844})
    for path in ("/", "/cases", f"/cases/{case.case_id}"):
        page.goto(live.url + path)
        assert page.evaluate(_SCROLLERS, True) == [], path
        if path == "/cases":  # the case table reflows into cards on a phone: nothing scrolls
            assert page.evaluate(_SCROLLERS, False) == [], path
            # (a table that still scrolls there, the audit log's: test_web_browser_phone)
    shots(page, "phone-case")
    page.goto(live.url + "/cases")
    region = page.locator(".table-wrap").first
    region.focus()
    expect(region).to_be_focused()
    page.keyboard.press("ArrowRight")


def test_saving_a_step_lands_on_the_next_form_in_view(live: LiveServer, page: Page) -> None:
    shots = Shots(artefacts_dir(), prefix="next-step-")
    plan = load_plan(SAMPLES / "01-rekam-medis-pegawai.yaml")
    case = live.service.import_case("siti", replace(plan, by="siti", steps=plan.steps[:1]))
    log_in(page, live.url, "siti")
    page.goto(f"{live.url}/cases/{case.case_id}")
    jump = page.locator("nav.jump a").first
    expect(jump).to_contain_text("Langkah Anda sekarang")
    cite = page.locator("#step-cite_grounds")
    cite.locator("select[name='citations[0].ground']").select_option("17h2")
    cite.locator("textarea[name='citations[0].analysis']").fill(
        "Lampiran 4 dan 5 memuat riwayat kesehatan pegawai yang dilindungi sebagai rahasia "
        "pribadi; pegawai tidak memberi persetujuan tertulis."
    )
    with page.expect_navigation():
        cite.locator("button[type=submit]:not([name=save_draft])").click()
    assert page.url.endswith("#step-assess_harm"), page.url
    expect(page.locator("#step-assess_harm")).to_be_in_viewport()
    shots(page, "harm-form")


def test_picking_17j_opens_the_statute_fields_at_once(live: LiveServer, page: Page) -> None:
    plan = load_plan(SAMPLES / "05-data-wajib-pajak.yaml")
    case = live.service.import_case("siti", replace(plan, by="siti", steps=plan.steps[:1]))
    log_in(page, live.url, "siti")
    page.goto(f"{live.url}/cases/{case.case_id}")
    cite = page.locator("#step-cite_grounds")
    statute = cite.locator("details.statute").first
    expect(statute).not_to_have_attribute("open", "")
    cite.locator("select[name='citations[0].ground']").select_option("17j")
    expect(statute).to_have_attribute("open", "")
    expect(cite.locator("input[name='citations[0].statute.number']")).to_be_visible()
