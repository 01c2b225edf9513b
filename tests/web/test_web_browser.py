"""The whole web journey in a real browser: Debian's Chromium driven by Playwright.

An officer walks a case through every step of the consequence test, the PPID Utama
returns it, the officer fixes it, the PPID Utama approves it and issues a signed decree,
and an auditor verifies the downloaded PDF and the log's chain. Each page visited is
saved as a full-page screenshot (``UJIKON_ARTEFACTS``, default ``tests/web/artefacts/``).
A second test checks that the pages work from the keyboard and that every field of the
case forms has a label.

The application runs on SQLite (the pages are the same on PostgreSQL; the other web
tests run both) in a background thread on a free loopback port.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from browser_support import (
    PASSPHRASE,
    PASSWORDS,
    SIGNER_NAME,
    LiveServer,
    Shots,
    artefacts_dir,
    require_chromium,
)
from playwright.sync_api import Locator, Page, ViewportSize, expect
from toolkit import SAMPLES

from ujikon.service.caseplan import load_plan

require_chromium()

pytestmark = pytest.mark.slow

expect.set_options(timeout=20_000)

PHONE: ViewportSize = {"width": 390, "height": 844}
DESKTOP: ViewportSize = {"width": 1280, "height": 900}

# What the officer types: the facts of sample 01 (a personnel file with medical records),
# on a request received five days ago.
REQUEST_NUMBER = "071/PPID/XI/2026"
REQUEST_DATE = "2026-11-20"
TITLE = "Berkas Kepegawaian a.n. Pegawai NIP 19800101 200501 1 001"
PARTS = ["Lampiran 4 (hasil pemeriksaan kesehatan)", "Lampiran 5 (surat keterangan dokter)"]
ANALYSIS = (
    "Lampiran 4 dan 5 memuat riwayat, kondisi dan perawatan kesehatan fisik dan psikis "
    "seseorang, yang secara tegas dilindungi sebagai rahasia pribadi. Pegawai yang "
    "bersangkutan tidak memberikan persetujuan tertulis."
)
WEAK_HARM = "Dapat merugikan pegawai."
GOOD_HARM = (
    "Diagnosis dan riwayat pengobatan yang terbuka dapat menimbulkan stigma dan "
    "diskriminasi terhadap pegawai di tempat kerja maupun di lingkungannya, memengaruhi "
    "peluang promosi, dan tidak dapat ditarik kembali setelah tersebar."
)
BALANCE = (
    "Kepentingan publik atas akuntabilitas kepegawaian terpenuhi dengan membuka data "
    "kepegawaian lain dalam berkas. Isi pemeriksaan kesehatan tidak menambah pengawasan "
    "publik, sedangkan kerugian bagi pegawai nyata dan permanen."
)
RETURN_COMMENTS = (
    "Uraian konsekuensi terlalu singkat: jelaskan kerugian nyata bagi pegawai dan "
    "mengapa tidak dapat dipulihkan."
)


# The fixtures ``live`` (the served application) and ``page`` (Chromium) are in conftest.py.


# -- the user's moves ----------------------------------------------------------------------------


class Journey:
    """The browser as one person after another uses it; every page it lands on is
    photographed."""

    def __init__(self, page: Page, base: str, shots: Shots) -> None:
        self.page = page
        self.base = base
        self.shots = shots

    def shot(self, name: str) -> None:
        self.shots(self.page, name)

    def go(self, path: str, name: str) -> None:
        self.page.goto(self.base + path)
        expect(self.page.locator("h1")).to_be_visible()
        self.shot(name)

    def submit(self, button: Locator, name: str) -> None:
        """Press a button that sends a form, wait for the page the server answers."""
        with self.page.expect_navigation(wait_until="load"):
            button.click()
        self.shot(name)

    def follow(self, link: Locator, name: str) -> None:
        with self.page.expect_navigation(wait_until="load"):
            link.click()
        self.shot(name)

    def log_in(self, username: str, home: str) -> None:
        if not self.page.url.endswith("/login"):
            self.go("/login", f"login-{username}")
        self.page.get_by_label("Nama pengguna").fill(username)
        self.page.get_by_label("Kata sandi").fill(PASSWORDS[username])
        self.submit(self.page.get_by_role("button", name="Masuk"), home)
        expect(self.page.locator("header .who")).to_contain_text(username)
        expect(self.page.locator("h1")).to_have_text("Beranda")

    def log_out(self, name: str) -> None:
        self.submit(self.page.get_by_role("button", name="Keluar"), name)
        expect(self.page).to_have_url(re.compile(r"/login$"))

    def step(self, trigger: str) -> Locator:
        """The form of ``trigger`` on the case page."""
        section = self.page.locator(f"#step-{trigger}")
        expect(section).to_be_visible()
        return section

    def record(self, trigger: str, button: str, name: str) -> None:
        """Press the step's own button and see it recorded."""
        self.submit(self.step(trigger).get_by_role("button", name=button, exact=True), name)
        expect(self.flash).to_contain_text(f"Tercatat: {button}")

    @property
    def flash(self) -> Locator:
        return self.page.locator(".flash-ok")

    @property
    def state(self) -> Locator:
        return self.page.locator("main h1 + p .badge")

    def phone_shot(self, name: str) -> None:
        self.page.set_viewport_size(PHONE)
        try:
            self.shot(name)
        finally:
            self.page.set_viewport_size(DESKTOP)


def lines(values: list[str]) -> str:
    return "\n".join(values)


# -- the journey ---------------------------------------------------------------------------------


def test_officer_reviewer_and_auditor_take_a_case_from_request_to_verified_decree(
    live: LiveServer, page: Page, tmp_path: Path
) -> None:
    you = Journey(page, live.url, Shots(artefacts_dir()))

    # The officer logs in and opens a case on a request.
    you.go("/login", "login")
    you.log_in("siti", "officer-home")
    you.follow(page.get_by_role("link", name="Buka kasus baru"), "new-case")
    page.get_by_role("radio", name="Atas permohonan informasi").check()
    page.get_by_label("Nomor permohonan / nomor perkara").fill(REQUEST_NUMBER)
    page.get_by_label("Tanggal permohonan / perintah").fill(REQUEST_DATE)
    page.get_by_label("Catatan", exact=True).fill(
        "Permohonan salinan berkas kepegawaian oleh pihak ketiga."
    )
    page.get_by_label("Judul kerja (untuk daftar kasus)").fill(
        "Berkas kepegawaian yang memuat rekam medis pegawai"
    )
    you.submit(page.get_by_role("button", name="Buka kasus"), "case-opened")
    expect(you.flash).to_contain_text("dibuka")
    case_id = page.url.rsplit("/", 1)[1]
    assert re.fullmatch(r"UK-2026-\d{4}", case_id), page.url
    facts = page.locator("main > dl.facts")
    expect(facts).to_contain_text(f"Atas permohonan informasi: {REQUEST_NUMBER}")
    expect(facts).to_contain_text("20 November 2026")
    expect(you.state).to_have_text("Draf (alasan pengujian tercatat)")
    you.phone_shot("case-phone")

    # Step 2: identify the document and the information.
    form = you.step("identify")
    form.get_by_label("Judul dokumen").fill(TITLE)
    form.get_by_label("Unit pemilik dokumen").fill("Badan Kepegawaian dan Pengembangan SDM")
    form.get_by_label("Tanggal dokumen").fill("2025-03-12")
    form.get_by_label("Bentuk", exact=True).select_option("printed")
    form.get_by_label("Nomor dokumen (bila ada)").fill("BKPSDM/ARSIP/2025/0113")
    form.get_by_label("Informasi yang diuji").fill(
        "Hasil pemeriksaan kesehatan jasmani dan rohani pegawai, termasuk diagnosis, riwayat "
        "pengobatan dan surat keterangan dokter, yang dilampirkan pada berkas kepegawaian."
    )
    form.get_by_role("radio", name="Sebagian dokumen").check()
    form.get_by_label("Bagian dokumen (satu per baris)").fill(lines(PARTS))
    you.record("identify", "Identifikasi dokumen dan informasi", "identified")
    expect(page.locator("main h1")).to_contain_text(TITLE)

    # Step 3: cite a ground, picked from the catalogue.
    form = you.step("cite_grounds")
    picker = form.get_by_label("Dasar pengecualian (Pasal 17)").first
    picker.select_option("17h2")
    expect(picker.locator("option:checked")).to_contain_text("17h2 · Riwayat, kondisi")
    expect(picker.locator("optgroup", has=page.locator("option[value='17h2']"))).to_have_attribute(
        "label", re.compile("rahasia pribadi")
    )
    form.get_by_label("Analisis: mengapa informasi termasuk dasar ini").first.fill(ANALYSIS)
    you.record("cite_grounds", "Kutip dasar pengecualian", "grounds-cited")

    # Step 4: the harm, one field per ground cited (too short, at first).
    form = you.step("assess_harm")
    form.get_by_label("Konsekuensi untuk 17h2").fill(WEAK_HARM)
    you.record("assess_harm", "Uraikan konsekuensi bila dibuka", "harm-assessed")

    # Steps 5-6: the public interest and the balance.
    form = you.step("weigh_public_interest")
    form.get_by_label("Kepentingan publik yang dilayani bila dibuka").fill(
        lines(
            [
                "Akuntabilitas proses pengangkatan dan pembinaan pegawai",
                "Pengawasan publik atas kepatuhan BKPSDM pada prosedur kepegawaian",
            ]
        )
    )
    form.get_by_label("Pertimbangan: konsekuensi ditimbang terhadap kepentingan publik").fill(
        BALANCE
    )
    form.get_by_role("radio", name="Konsekuensi bila dibuka lebih besar").check()
    you.record("weigh_public_interest", "Timbang kepentingan publik", "public-interest-weighed")

    # Steps 6-7: partly exempt, the parts to black out, and a period.
    form = you.step("conclude")
    form.get_by_role("radio", name="Dikecualikan sebagian").check()
    form.get_by_label("Bagian yang dihitamkan/dikaburkan").fill(lines(PARTS))
    form.get_by_label("Cara", exact=True).select_option("blacken")
    form.get_by_label("Jenis", exact=True).select_option("until_date")
    form.get_by_label("Tanggal berakhir (atau paling lambat)").fill("2031-12-31")
    form.get_by_label("Uraian kesimpulan").fill(
        "Berkas diberikan setelah Lampiran 4 dan 5 dihitamkan; bagian lain terbuka."
    )
    you.record("conclude", "Simpulkan dan tetapkan jangka waktu", "concluded")
    expect(you.state).to_have_text("Disimpulkan")

    # The lint warnings show before submitting: the harm statement is too short.
    warnings = page.locator("section[aria-labelledby='h-lint']")
    expect(warnings.locator("li[data-code='reasoning-too-short']")).to_have_count(1)
    expect(warnings).to_contain_text("Konsekuensi 1, uraian")
    expect(warnings).not_to_contain_text("harms[0]")
    form = you.step("submit")
    form.get_by_label("Catatan untuk peninjau").fill("Mohon ditinjau.")
    you.record("submit", "Ajukan untuk ditinjau", "submitted")
    expect(you.state).to_have_text("Ditinjau PPID Utama")
    you.log_out("officer-logged-out")

    # The PPID Utama finds it in the review queue and returns it to the harm step.
    you.log_in("budi", "ppid-home")
    you.go("/review", "review-queue")
    row = page.locator("tr", has=page.get_by_role("link", name=f"{case_id}/1"))
    expect(row).to_contain_text(TITLE)
    you.follow(row.get_by_role("link", name=f"{case_id}/1"), "review-case")
    form = you.step("return_for_revision")
    form.get_by_label("Kembalikan ke langkah").select_option("assess_harm")
    form.get_by_label("Komentar untuk penyusun").fill(RETURN_COMMENTS)
    you.record("return_for_revision", "Kembalikan untuk diperbaiki", "returned")
    expect(you.state).to_have_text("Dasar pengecualian dikutip")
    you.log_out("ppid-logged-out")

    # The officer sees the comments, fixes the harm and redoes the steps after it.
    you.log_in("siti", "officer-home-returned")
    # the dashboard lists the returned case in its own section, the comment behind a click
    returned = page.locator("section[aria-labelledby='h-returned']")
    expect(returned).to_contain_text("Dikembalikan — perlu perbaikan")
    you.follow(returned.get_by_role("link", name=f"{case_id}/1"), "case-returned")
    returned = page.locator("section[aria-labelledby='h-returned']")
    expect(returned).to_contain_text(RETURN_COMMENTS)
    expect(returned).to_contain_text("budi")
    expect(returned).to_contain_text("Konsekuensi bila dibuka")
    harm = you.step("assess_harm").get_by_label("Konsekuensi untuk 17h2")
    expect(harm).to_have_value(WEAK_HARM)  # the step as recorded, to fix
    harm.fill(GOOD_HARM)
    you.record("assess_harm", "Uraikan konsekuensi bila dibuka", "harm-fixed")
    expect(
        you.step("weigh_public_interest").get_by_role(
            "radio", name="Konsekuensi bila dibuka lebih besar"
        )
    ).to_be_checked()
    you.record("weigh_public_interest", "Timbang kepentingan publik", "public-interest-again")
    expect(you.step("conclude").get_by_role("radio", name="Dikecualikan sebagian")).to_be_checked()
    you.record("conclude", "Simpulkan dan tetapkan jangka waktu", "concluded-again")
    expect(page.locator("li.warning", has_text="harms[0].harm")).to_have_count(0)
    you.record("submit", "Ajukan untuk ditinjau", "submitted-again")
    expect(you.state).to_have_text("Ditinjau PPID Utama")
    expect(page.locator("#step-approve")).to_have_count(0)  # never the drafter's to approve
    you.log_out("officer-logged-out-again")

    # The PPID Utama, who did not draft it, approves it.
    you.log_in("budi", "ppid-home-again")
    you.go("/review", "review-queue-again")
    you.follow(page.get_by_role("link", name=f"{case_id}/1"), "review-case-again")
    expect(page.locator("section[aria-labelledby='h-story']")).to_contain_text("dikembalikan")
    you.step("approve").get_by_label("Komentar persetujuan").fill("Uraian sudah memadai.")
    you.record("approve", "Setujui", "approved")
    expect(you.state).to_have_text("Disetujui")
    expect(page.locator("main > dl.facts")).to_contain_text("budi")

    # ... composes a decree from the approved cases, previews it, issues and signs it.
    you.go("/decrees/new", "decree-compose")
    ticked = page.get_by_label(re.compile(f"^{re.escape(case_id)}/1: "))
    expect(ticked).to_be_checked()
    you.submit(page.get_by_role("button", name="Susun konsep SK"), "decree-draft")
    expect(page.locator("main h1")).to_contain_text("Konsep SK D-2026-")
    preview_link = page.get_by_role("link", name=re.compile("^Pratinjau PDF"))
    preview = page.request.get(live.url + str(preview_link.get_attribute("href")))
    assert preview.status == 200
    assert preview.headers["content-type"] == "application/pdf"
    assert preview.body().startswith(b"%PDF-")
    page.get_by_label(
        re.compile(f"^PIN kunci Anda \\(PPID Utama: {re.escape(SIGNER_NAME)}\\)")
    ).fill(PASSPHRASE)
    you.submit(page.get_by_role("button", name="Terbitkan dan tandatangani"), "decree-issued")
    expect(you.flash).to_contain_text("diterbitkan dan ditandatangani")
    heading = page.locator("main h1")
    expect(heading).to_contain_text("SK Nomor ")
    number = heading.inner_text().removeprefix("SK Nomor ").strip()
    expect(page.get_by_role("table")).to_contain_text(SIGNER_NAME)
    with page.expect_download() as fetched:
        page.get_by_role("link", name="Unduh PDF bertanda tangan").click()
    download = fetched.value
    assert download.suggested_filename.startswith("SK_") and download.suggested_filename.endswith(
        ".pdf"
    )
    signed = tmp_path / download.suggested_filename
    download.save_as(signed)
    assert signed.read_bytes().startswith(b"%PDF-")
    you.go(f"/cases/{case_id}", "case-decreed")
    expect(you.state).to_have_text("Ditetapkan dengan SK")
    expect(page.locator("main > dl.facts")).to_contain_text(number)
    you.log_out("ppid-logged-out-again")

    # The auditor verifies the downloaded PDF, then the whole chain.
    you.log_in("dewi", "auditor-home")
    you.go("/verify", "verify-pdf")
    page.get_by_label("Berkas PDF").set_input_files(str(signed))
    you.submit(page.get_by_role("button", name="Periksa"), "verify-pdf-result")
    verdict = page.locator("#verdict")
    expect(verdict.locator(".verdict-ok")).to_have_text("SAH")
    expect(verdict.locator(".signer")).to_contain_text(SIGNER_NAME)
    expect(verdict).to_contain_text(number)
    expect(verdict).to_contain_text("tidak berubah sejak ditandatangani")
    expect(verdict.locator(".log-status")).to_contain_text("cocok")
    you.go("/audit/verify", "verify-chain")
    you.submit(page.get_by_role("button", name="Verifikasi sekarang"), "verify-chain-result")
    expect(page.locator("#result .verdict-ok")).to_have_text("UTUH")
    expect(page.locator("#result")).to_contain_text("1 / 1")


# -- the keyboard and the labels -------------------------------------------------------------------


_NAME_OF = (
    "e => { const id = e.id ? '#' + e.id : ''; "
    "return e.tagName.toLowerCase() + id + (e.name ? '[name=' + e.name + ']' : ''); }"
)
_LABELLED = (
    "e => Array.from(e.labels || []).some(l => l.textContent.trim().length > 0)"
    " || !!(e.getAttribute('aria-label') || '').trim()"
    " || !!e.getAttribute('aria-labelledby')"
)


_FOCUS_TOP = (
    "() => { const b = document.body; b.tabIndex = -1; b.focus(); b.removeAttribute('tabindex'); }"
)
"""Put the keyboard's starting point at the top of the page, as before any Tab."""


def unlabelled_fields(page: Page) -> tuple[int, list[str]]:
    """How many fields the page has, and those no label names."""
    fields = page.locator("input:not([type=hidden]), textarea, select")
    missing = [
        str(fields.nth(i).evaluate(_NAME_OF))
        for i in range(fields.count())
        if not fields.nth(i).evaluate(_LABELLED)
    ]
    return fields.count(), missing


def focused(page: Page) -> Any:
    return page.evaluate(
        "() => { const e = document.activeElement; return {tag: e.tagName.toLowerCase(), "
        "id: e.id, cls: e.className, text: (e.textContent || '').trim()}; }"
    )


def test_pages_work_from_the_keyboard_and_every_case_field_has_a_label(
    live: LiveServer, page: Page
) -> None:
    shots = Shots(artefacts_dir(), prefix="keyboard-")
    plan = load_plan(SAMPLES / "01-rekam-medis-pegawai.yaml")
    identified = live.service.import_case("siti", replace(plan, by="siti", steps=plan.steps[:1]))
    concluded = live.service.import_case("siti", replace(plan, by="siti", steps=plan.steps[:5]))

    page.goto(live.url + "/login")
    assert focused(page)["id"] == "username"  # the log-in field has the focus at once
    shots(page, "login")
    # From the top of the page: the skip link comes first, then the log-in fields.
    page.evaluate(_FOCUS_TOP)
    page.keyboard.press("Tab")
    first = focused(page)
    assert first["tag"] == "a" and "skip" in first["cls"], first
    assert first["text"] == "Lompat ke isi"
    order = []
    for _ in range(10):
        page.keyboard.press("Tab")
        order.append(focused(page)["id"] or focused(page)["text"])
        if order[-1] == "Masuk":
            break
    assert order.index("username") < order.index("password") < order.index("Masuk"), order
    # Logging in needs nothing but the keyboard.
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    page.keyboard.type("siti")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORDS["siti"])
    with page.expect_navigation(wait_until="load"):
        page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Beranda")
    # The skip link jumps to the content.
    page.keyboard.press("Tab")
    assert "skip" in focused(page)["cls"]
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "main"
    shots(page, "home")

    for path, name in (
        ("/cases/new", "new-case"),
        (f"/cases/{identified.case_id}", "case-identified"),
        (f"/cases/{concluded.case_id}", "case-concluded"),
    ):
        page.goto(live.url + path)
        shots(page, name)
        count, missing = unlabelled_fields(page)
        assert count > 3, f"{path}: expected a form, found {count} fields"
        assert missing == [], f"{path}: fields without a label: {missing}"


_WIDER_THAN_SCREEN = (
    "() => Array.from(document.querySelectorAll('main *'))"
    ".filter(e => e.getBoundingClientRect().right > window.innerWidth + 1"
    " && !e.closest('.table-wrap'))"
    ".slice(0, 3).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')"
    " + (e.className ? '.' + e.className : ''))"
)


def test_the_case_pages_fit_a_phone_screen(live: LiveServer, page: Page) -> None:
    shots = Shots(artefacts_dir(), prefix="phone-")
    plan = load_plan(SAMPLES / "01-rekam-medis-pegawai.yaml")
    cases = {
        name: live.service.import_case("siti", replace(plan, by="siti", steps=plan.steps[:n]))
        for name, n in (("draft", 0), ("identified", 1), ("grounds-cited", 2), ("concluded", 5))
    }
    page.set_viewport_size(PHONE)
    Journey(page, live.url, shots).log_in("siti", "home")
    too_wide = {}
    for path, name in (
        ("/cases/new", "new-case"),
        *((f"/cases/{case.case_id}", f"case-{name}") for name, case in cases.items()),
    ):
        page.goto(live.url + path)
        shots(page, name)
        overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        if overflow > 1:  # tables scroll inside their .table-wrap; the page itself must not
            too_wide[path] = (overflow, page.evaluate(_WIDER_THAN_SCREEN))
    assert too_wide == {}, f"pages wider than a 390px phone (px, elements): {too_wide}"
