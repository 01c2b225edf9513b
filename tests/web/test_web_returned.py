"""A case the PPID Utama returned is marked "Dikembalikan — perlu perbaikan" on the
dashboard and in every list, with the reviewer's comment a click away, until it is
submitted again; state badges are coloured by what the state means."""

from __future__ import annotations

import re

from web_support import WebBench, open_case, walk

COMMENT = "Uraian konsekuensi terlalu umum: sebutkan kerugian nyata bagi pegawai."


def _returned(web: WebBench) -> str:
    siti = web.as_user("siti")
    case_id = open_case(siti)
    walk(siti, case_id, until="submit")
    web.service.act("budi", case_id, "return_for_revision",
                    {"to_step": "assess_harm", "comments": COMMENT})  # fmt: skip
    return case_id


def _section(html: str, heading_id: str) -> str:
    found = re.search(rf'<section aria-labelledby="{heading_id}".*?</section>', html, re.S)
    return found.group(0) if found else ""


def test_the_officers_dashboard_lists_the_returned_case_with_the_comment(web: WebBench) -> None:
    case_id = _returned(web)
    home = web.as_user("siti").get("/").text
    returned = _section(home, "h-returned")
    assert "Dikembalikan — perlu perbaikan (1)" in returned
    assert f"/cases/{case_id}" in returned
    assert "<summary>Komentar peninjau</summary>" in returned and COMMENT in returned


def test_every_case_list_marks_it(web: WebBench) -> None:
    case_id = _returned(web)
    for user, path in (("siti", "/cases"), ("budi", "/cases"), ("budi", "/")):
        page = web.as_user(user).get(path).text
        row = re.search(rf'<tr>\s*<td[^>]*><a href="/cases/{case_id}">.*?</tr>', page, re.S)
        assert row, (user, path)
        assert "badge-returned" in row.group(0) and COMMENT in row.group(0), (user, path)


def test_the_mark_goes_once_the_case_is_submitted_again(web: WebBench) -> None:
    case_id = _returned(web)
    siti = web.as_user("siti")
    web.service.act("siti", case_id, "assess_harm", web.service.get_case(case_id).harm)
    for trigger in ("weigh_public_interest", "conclude"):
        step = {"weigh_public_interest": "weighing", "conclude": "conclusion"}[trigger]
        web.service.act("siti", case_id, trigger, getattr(web.service.get_case(case_id), step))
    web.service.act("siti", case_id, "submit", {"note": "Sudah diperbaiki."})
    assert "badge-returned" not in siti.get("/cases").text
    assert 'aria-labelledby="h-returned"' not in siti.get("/").text


def test_state_badges_are_coloured_by_meaning(web: WebBench) -> None:
    case_id = _returned(web)
    page = web.as_user("budi").get("/cases").text
    row = re.search(rf'<tr>\s*<td[^>]*><a href="/cases/{case_id}">.*?</tr>', page, re.S)
    assert row and "badge badge-work" in row.group(0)
    walk_id = open_case(web.as_user("siti"))
    walk(web.as_user("siti"), walk_id, until="submit")
    queue = web.as_user("budi").get("/review").text
    assert "badge badge-wait" in queue
