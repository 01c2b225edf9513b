"""A day's work counted in the real browser: one case from "Buka kasus baru" to a decree
issued, the PPID Utama signing first and the Atasan PPID signing from their own account
and dashboard (rule ``signer-own-account``). The clicks and page loads it takes are
written to ``UJIKON_ARTEFACTS/day-counts.json`` (the figure of issue 14), and the
citation row added in the page without a draft."""

from __future__ import annotations

import json
import re
from dataclasses import replace

import pytest
from browser_support import (
    PASSPHRASE,
    PASSWORDS,
    LiveServer,
    Shots,
    artefacts_dir,
    require_chromium,
)
from playwright.sync_api import Locator, Page, expect
from toolkit import HEAD_SIGNER, PPID_SIGNER, SAMPLES

from ujikon.domain.decree import DecreeState
from ujikon.service.caseplan import load_plan

require_chromium()

pytestmark = pytest.mark.slow

expect.set_options(timeout=20_000)


class Counted:
    """The browser with every click and page load counted."""

    def __init__(self, page: Page, base: str, shots: Shots) -> None:
        self.page, self.base, self.shots = page, base, shots
        self.clicks = 0
        self.loads = 0
        page.on("load", lambda _page: self._loaded())

    def _loaded(self) -> None:
        self.loads += 1

    def click(self, target: Locator, shot: str = "") -> None:
        """A click that leads to a new page."""
        self.clicks += 1
        with self.page.expect_navigation(wait_until="load"):
            target.click()
        if shot:
            self.shots(self.page, shot)

    def pick(self, target: Locator, value: str | None = None) -> None:
        """A click that stays on the page (a radio, a list's choice)."""
        self.clicks += 1
        if value is None:
            target.check()
        else:
            target.select_option(value)

    def log_in(self, username: str) -> None:
        self.page.goto(self.base + "/login")
        self.loads_before_login = self.loads
        self.page.get_by_label("Nama pengguna").fill(username)
        self.page.get_by_label("Kata sandi").fill(PASSWORDS[username])
        self.click(self.page.get_by_role("button", name="Masuk"))
        expect(self.page.locator("h1")).to_have_text("Beranda")

    def log_out(self) -> None:
        self.click(self.page.get_by_role("button", name="Keluar"))

    def record(self, trigger: str) -> Locator:
        form = self.page.locator(f"#step-{trigger}")
        self.click(form.locator("button[type=submit]:not([name=save_draft])"))
        expect(self.page.locator(".flash-ok")).to_contain_text("Tercatat")
        return form


def test_one_case_from_opening_to_a_decree_signed_by_both_from_their_accounts(
    live: LiveServer, page: Page
) -> None:
    desk = live.app.state.ujikon.app.decrees
    desk.set_profile(
        "root", {**desk.require_profile().model_dump(), "signers": [PPID_SIGNER, HEAD_SIGNER]}
    )
    you = Counted(page, live.url, Shots(artefacts_dir(), prefix="day-"))
    plan = load_plan(SAMPLES / "01-rekam-medis-pegawai.yaml")
    steps = {s.trigger: s.payload for s in plan.steps}

    you.log_in("siti")
    you.click(page.get_by_role("link", name="Buka kasus baru"))
    you.pick(page.get_by_role("radio", name="Atas permohonan informasi"))
    page.get_by_label("Nomor permohonan / nomor perkara").fill("071/PPID/XI/2026")
    page.get_by_label("Tanggal permohonan / perintah").fill("2026-11-20")
    page.get_by_label("Judul kerja (untuk daftar kasus)").fill("Rekam medis pegawai")
    you.click(page.get_by_role("button", name="Buka kasus"), "opened")
    case_id = page.url.split("#")[0].rsplit("/", 1)[1]
    # the stepper covers the whole path, numbered as the forms are
    pills = page.locator("ol.steps li")
    expect(pills).to_have_count(9)
    expect(pills.nth(0)).to_contain_text("1. Alasan pengujian")
    expect(pills.nth(8)).to_contain_text("10. Ditetapkan dengan SK")
    expect(page.locator("#h-step-identify")).to_have_text("2. Identifikasi dokumen dan informasi")

    identify = steps["identify"]
    form = page.locator("#step-identify")
    form.get_by_label("Judul dokumen").fill(identify["document"]["title"])
    form.get_by_label("Unit pemilik dokumen").fill(identify["document"]["owning_unit"])
    form.get_by_label("Tanggal dokumen").fill("2025-03-12")
    you.pick(form.get_by_label("Bentuk", exact=True), "printed")
    form.get_by_label("Informasi yang diuji").fill(identify["information"])
    you.pick(form.get_by_role("radio", name="Seluruh dokumen"))
    you.record("identify")

    cite = steps["cite_grounds"]["citations"][0]
    form = page.locator("#step-cite_grounds")
    you.pick(form.locator("select[name='citations[0].ground']"), "17h2")
    form.locator("textarea[name='citations[0].analysis']").fill(cite["analysis"])
    you.record("cite_grounds")

    harm = steps["assess_harm"]["harms"][0]
    page.locator("#step-assess_harm textarea").first.fill(harm["harm"])
    you.record("assess_harm")

    weigh = steps["weigh_public_interest"]
    form = page.locator("#step-weigh_public_interest")
    form.get_by_label("Kepentingan publik yang dilayani bila dibuka").fill(
        "\n".join(weigh["interests"])
    )
    form.get_by_label("Pertimbangan: konsekuensi ditimbang terhadap kepentingan publik").fill(
        weigh["balance"]
    )
    you.pick(form.get_by_role("radio", name="Konsekuensi bila dibuka lebih besar"))
    you.record("weigh_public_interest")

    form = page.locator("#step-conclude")
    you.pick(form.get_by_role("radio", name="Dikecualikan", exact=True))
    you.pick(form.get_by_label("Jenis", exact=True), "until_date")
    form.get_by_label("Tanggal berakhir (atau paling lambat)").fill("2031-12-31")
    form.get_by_label("Uraian kesimpulan").fill(steps["conclude"]["reasoning"])
    you.record("conclude")
    you.record("submit")
    you.log_out()

    you.log_in("budi")
    you.click(page.get_by_role("link", name=f"{case_id}/1").first)
    you.record("approve")
    you.click(page.get_by_role("link", name="Masukkan ke SK lewat penyusunan SK"))
    you.click(page.get_by_role("button", name="Susun konsep SK"))
    page.get_by_label(re.compile(r"^PIN kunci Anda \(PPID Utama")).fill(PASSPHRASE)
    expect(page.locator("input[name=passphrase_head]")).to_have_count(0)
    you.click(page.get_by_role("button", name="Terbitkan dan tandatangani"), "signed-by-ppid")
    expect(page.locator(".flash-ok")).to_contain_text("menunggu tanda tangan Atasan PPID")
    expect(page.locator("main h1")).to_contain_text("menunggu tanda tangan")
    you.log_out()

    you.log_in("hendra")
    waiting = page.locator("section[aria-labelledby='h-to-sign']")
    expect(waiting).to_contain_text("SK menunggu tanda tangan Anda (1)")
    you.shots(page, "head-dashboard")
    you.click(waiting.get_by_role("link").first)
    page.get_by_label(re.compile(r"^PIN kunci Anda .*Atasan PPID")).fill(PASSPHRASE)
    you.click(page.get_by_role("button", name="Tandatangani", exact=True), "issued")
    expect(page.locator(".flash-ok")).to_contain_text("diterbitkan dan ditandatangani")
    [decree] = desk.all()
    assert decree.state is DecreeState.ISSUED and decree.issue is not None
    assert [s.role for s in decree.issue.signers] == ["ppid", "head"]
    # the revoke form is folded behind its summary, not open under the download button
    expect(page.locator("section.danger-zone details")).not_to_have_attribute("open", "")
    expect(page.locator("#reason")).to_be_hidden()

    counts = {
        "clicks": you.clicks,
        "page_loads": you.loads,
        "before": {"clicks": 32, "page_loads": 22},
    }
    (artefacts_dir() / "day-counts.json").write_text(json.dumps(counts, indent=2))
    print(f"open a case -> decree issued: {you.clicks} clicks, {you.loads} page loads")


def test_a_citation_row_is_added_in_the_page_and_recorded(live: LiveServer, page: Page) -> None:
    plan = load_plan(SAMPLES / "05-data-wajib-pajak.yaml")
    case = live.service.import_case("siti", replace(plan, by="siti", steps=plan.steps[:1]))
    page.goto(live.url + "/login")
    page.get_by_label("Nama pengguna").fill("siti")
    page.get_by_label("Kata sandi").fill(PASSWORDS["siti"])
    with page.expect_navigation():
        page.get_by_role("button", name="Masuk").click()
    page.goto(f"{live.url}/cases/{case.case_id}")
    cite = page.locator("#step-cite_grounds")
    rows = cite.locator(".card[data-row='citations']")
    before = rows.count()
    expect(cite.locator("p[data-no-script]")).to_be_hidden()
    cite.get_by_role("button", name="+ Tambah kutipan").click()  # no page load
    expect(rows).to_have_count(before + 1)
    new = rows.nth(before)
    expect(new).to_contain_text(f"Kutipan {before + 1}")
    expect(new.locator(f"select[name='citations[{before}].ground']")).to_be_focused()
    for i, (ground, why) in enumerate(
        [
            (
                "17j",
                "Data wajib pajak dirahasiakan oleh undang-undang perpajakan; pejabat "
                "dilarang memberitahukannya kepada pihak lain.",
            ),
            (
                "17h1",
                "Rincian penghasilan dan harta wajib pajak orang pribadi adalah keadaan "
                "keuangan dan aset seseorang yang dilindungi sebagai rahasia pribadi.",
            ),
        ]
    ):
        index = 0 if i == 0 else before
        cite.locator(f"select[name='citations[{index}].ground']").select_option(ground)
        cite.locator(f"textarea[name='citations[{index}].analysis']").fill(why)
    statute = cite.locator(".card[data-row='citations']").nth(0)
    statute.locator("select[name='citations[0].statute.kind']").select_option("UU")
    statute.locator("input[name='citations[0].statute.number']").fill("28")
    statute.locator("input[name='citations[0].statute.year']").fill("2007")
    statute.locator("input[name='citations[0].statute.article']").fill("Pasal 34")
    with page.expect_navigation():
        cite.locator("button[type=submit]:not([name=save_draft])").click()
    expect(page.locator(".flash-ok")).to_contain_text("Tercatat")
    recorded = live.service.get_case(case.case_id)
    assert recorded.grounds is not None
    assert [c.ground for c in recorded.grounds.citations] == ["17j", "17h1"]
