"""The pages on a phone (375×667) in the real browser: the header is one line with a
folded menu, the lists' tables become cards (each cell labelled by its column), no page
scrolls sideways, and what still scrolls takes the keyboard. The desktop keeps its
header and its tables. Screenshots go to ``UJIKON_ARTEFACTS`` (``layout-*``)."""

from __future__ import annotations

import pytest
from browser_support import (
    LiveServer,
    Shots,
    artefacts_dir,
    import_titled,
    log_in,
    require_chromium,
)
from playwright.sync_api import Page, expect
from toolkit import SAMPLES

require_chromium()

pytestmark = pytest.mark.slow

expect.set_options(timeout=20_000)

PHONE = {"width": 375, "height": 667}
DESKTOP = {"width": 1280, "height": 900}
HEADER_MAX_PX = 80
"""A folded header: the brand line and the menu's button, well under an eighth of the
phone's height."""

_SIDEWAYS = "() => document.documentElement.scrollWidth <= window.innerWidth"

_UNREACHABLE = """() => [...document.querySelectorAll('body *')].filter(el => {
  const style = getComputedStyle(el);
  return ['auto', 'scroll'].includes(style.overflowX) && el.scrollWidth > el.clientWidth + 1
    && el.tabIndex < 0;
}).map(el => el.tagName + '.' + el.className)"""
"""The regions that scroll sideways but take no keyboard focus (axe's rule
scrollable-region-focusable)."""


def _seed(live: LiveServer) -> dict[str, str]:
    """A case in review, a returned one, and one in the register (a long title each)."""

    def made(title: str) -> str:
        return import_titled(live, SAMPLES / "01-rekam-medis-pegawai.yaml", title)

    service = live.service
    review = made("Berkas Kepegawaian a.n. Pegawai NIP 19800101 200501 1 001 beserta lampirannya")
    returned = made("Laporan hasil pemeriksaan kesehatan berkala seluruh pegawai tahun 2026")
    service.act("budi", returned, "return_for_revision",
                {"to_step": "assess_harm", "comments": "Perjelas kerugiannya."})  # fmt: skip
    decreed = made("Rekam medis pegawai yang dilampirkan pada berkas kenaikan pangkat")
    service.act("budi", decreed, "approve", {"comments": "Setuju."})
    decree = {"decree_number": "188.4/010/PPID/XI/2026", "decree_date": "2026-11-25"}
    service.act("budi", decreed, "include_in_decree", decree)
    return {"review": review, "returned": returned, "decreed": decreed}


def test_every_list_fits_a_phone_and_the_desktop_keeps_its_layout(
    live: LiveServer, page: Page
) -> None:
    shots = Shots(artefacts_dir(), prefix="layout-")
    ids = _seed(live)
    paths = {
        "dashboard": "/",
        "case-list": "/cases",
        "review-queue": "/review",
        "register": "/register",
        "case-page": f"/cases/{ids['review']}",
        "audit-log": "/audit",
    }
    log_in(page, live.url, "budi")
    page.set_viewport_size(PHONE)  # type: ignore[arg-type]
    for name, path in paths.items():
        page.goto(live.url + path)
        assert page.evaluate(_SIDEWAYS), f"{path} scrolls sideways on a phone"
        assert page.evaluate(_UNREACHABLE) == [], path
        header = page.locator("header.top").bounding_box()
        assert header is not None and header["height"] <= HEADER_MAX_PX, (path, header)
        expect(page.get_by_role("navigation", name="Menu utama")).to_be_hidden()
        shots(page, f"phone-{name}")
    # the audit log's wide table still scrolls, in its own region, and takes the keyboard
    region = page.locator(".table-wrap").first
    assert region.evaluate("el => el.scrollWidth > el.clientWidth")
    region.focus()
    expect(region).to_be_focused()
    # the list's rows are cards, each cell labelled by its column; the sort links stay
    page.goto(live.url + "/review")
    cell = page.locator("tbody td[data-label='Judul']").first
    assert cell.evaluate("el => getComputedStyle(el).display") == "block"
    assert cell.evaluate("el => getComputedStyle(el, '::before').content") == '"Judul"'
    expect(page.get_by_role("columnheader", name="Judul").get_by_role("link")).to_be_visible()
    # the menu unfolds from its button, by keyboard too
    button = page.locator("details.menu > summary")
    expect(button).to_have_text("Menu")
    button.focus()
    page.keyboard.press("Enter")
    nav = page.get_by_role("navigation", name="Menu utama")
    expect(nav).to_be_visible()
    expect(nav.get_by_role("link", name="DIK")).to_be_visible()
    assert page.evaluate(_SIDEWAYS)
    shots(page, "phone-menu-open")
    # on a desktop the menu is open, its button hidden, the tables are tables
    page.set_viewport_size(DESKTOP)  # type: ignore[arg-type]
    for name in ("dashboard", "case-list"):
        page.goto(live.url + paths[name])
        expect(page.get_by_role("navigation", name="Menu utama")).to_be_visible()
        expect(page.locator("details.menu > summary")).to_be_hidden()
        header = page.locator("header.top").bounding_box()
        assert header is not None and header["height"] <= HEADER_MAX_PX, header
        first = page.locator("tbody td").first
        assert first.evaluate("el => getComputedStyle(el).display") == "table-cell"
        shots(page, f"desktop-{name}")
    # a phone-sized window made wide again opens the menu again
    page.set_viewport_size(PHONE)  # type: ignore[arg-type]
    expect(page.get_by_role("navigation", name="Menu utama")).to_be_hidden()
    page.set_viewport_size(DESKTOP)  # type: ignore[arg-type]
    expect(page.get_by_role("navigation", name="Menu utama")).to_be_visible()
