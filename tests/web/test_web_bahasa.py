"""Only Bahasa Indonesia by default: no English fragments and no developer names in what
a page shows (attributes such as ``data-rule`` may keep the codes for tools), library
messages translated; English when chosen with ``/lang/en``."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from web_support import DecreeWeb, act, open_case, post_form, walk

ENGLISH = (
    "Wrong user name",
    "Field required",
    "String should have",
    "not found",
    "Not found",
    "Refused by",
    "Recorded by",
    " request",
    "permanent",
    "(officer)",
    "(ppid)",
    "(head)",
    "ujikon case list",
)
DEVELOPER = re.compile(
    r"\b(?:harms|citations)\[\d+\]|\b[a-z]+(?:-[a-z0-9]+){2,}\b|\bcase\.[a-z_]+\b"
)
"""A payload path, a rule or lint code (``reasoning-too-short``), an event name."""


class _Visible(HTMLParser):
    """The text a reader sees: no tags, attributes, scripts or styles."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._hidden += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def visible(html: str) -> str:
    parser = _Visible()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def _no_english(text: str, where: str) -> None:
    found = [word for word in ENGLISH if word in text]
    codes = [m for m in DEVELOPER.findall(text) if not m.startswith(("uji-", "sandi-"))]
    assert not found and not codes, (where, found, codes, text[:2000])


def test_a_wrong_password_is_said_in_bahasa(decree_web: DecreeWeb) -> None:
    client = decree_web.web.client()
    login = client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', login.text).group(1)  # type: ignore[union-attr]
    refused = client.post("/login", data={"csrf_token": token, "username": "siti",
                                          "password": "salah-sekali-2026"})  # fmt: skip
    text = visible(refused.text)
    assert "Nama pengguna atau kata sandi salah." in text
    _no_english(text, "/login")


def test_an_unknown_case_is_said_in_bahasa_without_a_command(decree_web: DecreeWeb) -> None:
    page = decree_web.web.as_user("siti").get("/cases/UK-2026-9999")
    assert page.status_code == 404
    text = visible(page.text)
    assert "tidak ditemukan" in text
    _no_english(text, "/cases/UK-2026-9999")


def test_a_case_with_warnings_and_a_decreed_story_is_all_bahasa(decree_web: DecreeWeb) -> None:
    decree = decree_web.issued()
    for ref in decree.cases:
        case_id = ref.split("/")[0]
        for user in ("siti", "budi", "dewi"):
            page = decree_web.web.as_user(user).get(f"/cases/{case_id}")
            if page.status_code == 404:  # another unit's case, for the officer
                continue
            _no_english(visible(page.text), f"/cases/{case_id} as {user}")


def test_a_refused_step_is_all_bahasa(decree_web: DecreeWeb) -> None:
    siti = decree_web.web.as_user("siti")
    case_id = open_case(siti)
    walk(siti, case_id, until="assess_harm")
    refused = act(siti, case_id, "weigh_public_interest", {})
    _no_english(visible(refused.text), "weigh refused")
    short = act(siti, case_id, "withdraw", {"reason": "x"})
    _no_english(visible(short.text), "withdraw refused")


def test_a_too_short_revocation_reason_is_said_in_bahasa(decree_web: DecreeWeb) -> None:
    decree = decree_web.issued()
    budi = decree_web.web.as_user("budi")
    refused = post_form(budi, f"/decrees/{decree.decree_id}",
                        f"/decrees/{decree.decree_id}/revoke", {"reason": "x"})  # fmt: skip
    text = visible(refused.text)
    assert "Terlalu pendek" in text or "Wajib diisi" in text, text[:1500]
    _no_english(text, "revoke refused")


@pytest.mark.parametrize("path", ["/", "/cases", "/decrees", "/register", "/review"])
def test_the_lists_are_all_bahasa(decree_web: DecreeWeb, path: str) -> None:
    decree_web.issued()
    for user in ("siti", "budi", "dewi"):
        page = decree_web.web.as_user(user).get(path)
        if page.status_code in (403, 404):
            continue
        _no_english(visible(page.text), f"{path} as {user}")


def test_the_decree_page_names_signers_certificates_as_people_read_them(
    decree_web: DecreeWeb,
) -> None:
    decree = decree_web.issued()
    text = visible(decree_web.web.as_user("budi").get(f"/decrees/{decree.decree_id}").text)
    assert "CN=" not in text and "O=Pemerintah" not in text
    assert "— Pemerintah Kabupaten Sukamaju" in text


def test_english_is_there_when_chosen(decree_web: DecreeWeb) -> None:
    client = decree_web.web.as_user("siti")
    client.get("/lang/en?next=/")
    page = client.get("/cases/UK-2026-9999")
    assert "not found" in visible(page.text)
    assert "tidak ditemukan" not in visible(page.text)
