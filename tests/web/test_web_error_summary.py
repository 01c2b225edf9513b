"""A refused form says so at the top of the page: every problem of one submission at
once (the schema's and the law's rules'), each linked to the message beside its field,
the field-level messages kept."""

from __future__ import annotations

import re

from web_support import OPEN, PageForms, WebBench, act, open_case, post_form, walk


def _summary(html: str) -> list[tuple[str, str]]:
    """(link target, text) of each line of the error summary."""
    found = re.search(r'<div class="error-summary".*?</div>', html, re.S)
    assert found, "no error summary"
    return [
        (href, re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", text)).strip())
        for href, text in re.findall(r'<li><a href="#([^"]+)">(.*?)</a></li>', found.group(0), re.S)
    ]


def test_an_empty_weigh_form_names_all_three_problems_in_one_answer(web: WebBench) -> None:
    """Today's complaint: three submits to learn what the weigh step needs."""
    siti = web.as_user("siti")
    case_id = open_case(siti)
    walk(siti, case_id, until="assess_harm")
    response = act(siti, case_id, "weigh_public_interest", {"interests": "", "balance": ""})
    assert response.status_code == 422
    lines = _summary(response.text)
    targets = [href for href, _ in lines]
    assert targets == [
        "weigh_public_interest-interests-err1",
        "weigh_public_interest-balance-err1",
        "weigh_public_interest-outweighs-err1",
    ], lines
    assert lines[2][1] == "Yang lebih besar: Wajib diisi."
    assert lines[0][1].startswith("Kepentingan publik yang dilayani bila dibuka")
    assert "3 hal perlu diperbaiki" in response.text
    page = PageForms(response.text)
    assert "kepentingan publik" in page.described("/act/weigh_public_interest", "interests")
    assert "pertimbangan" in page.described("/act/weigh_public_interest", "balance")


def test_with_the_choice_made_the_rules_still_name_both_empty_texts(web: WebBench) -> None:
    siti = web.as_user("siti")
    case_id = open_case(siti)
    walk(siti, case_id, until="assess_harm")
    response = act(siti, case_id, "weigh_public_interest", {"outweighs": "harm"})
    assert response.status_code == 422
    targets = [href for href, _ in _summary(response.text)]
    assert targets == [
        "weigh_public_interest-interests-err1",
        "weigh_public_interest-balance-err1",
    ]
    assert "public-interest-weighed" in response.text


def test_each_summary_link_points_at_a_message_on_the_page(web: WebBench) -> None:
    siti = web.as_user("siti")
    case_id = open_case(siti)
    walk(siti, case_id, until="assess_harm")
    response = act(siti, case_id, "weigh_public_interest", {})
    for href, text in _summary(response.text):
        assert f'id="{href}"' in response.text, href
        assert text


def test_a_row_field_is_named_with_its_row(web: WebBench) -> None:
    siti = web.as_user("siti")
    case_id = open_case(siti)
    walk(siti, case_id, until="identify")
    response = act(siti, case_id, "cite_grounds", {"citations[0].ground": "17h2",
                                                   "citations[0].analysis": ""})  # fmt: skip
    assert response.status_code == 422
    (line,) = _summary(response.text)
    assert line[1].startswith("Kutipan 1 — Analisis"), line


def test_a_form_that_passes_has_no_summary(web: WebBench) -> None:
    siti = web.as_user("siti")
    case_id = open_case(siti)
    page = siti.get(f"/cases/{case_id}").text
    assert "error-summary" not in page


def test_the_new_case_form_has_the_summary_too(web: WebBench) -> None:
    siti = web.as_user("siti")
    response = post_form(siti, "/cases/new", "/cases/new", {**OPEN, "trigger.kind": "request",
                                                             "trigger.reference": ""})  # fmt: skip
    assert response.status_code == 422
    assert _summary(response.text)
