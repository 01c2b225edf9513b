"""Long case pages: a jump link to "Langkah Anda sekarang" at the top, saving a step
lands on the next step's form, and what identification named is not asked twice."""

from __future__ import annotations

from web_support import CITE, HARM, IDENTIFY, WEIGH, PageForms, WebBench, act, open_case, walk


def test_saving_a_step_lands_on_the_next_steps_form(web: WebBench) -> None:
    siti = web.as_user("siti")
    case_id = open_case(siti)
    for trigger, data, following in (
        ("identify", IDENTIFY, "cite_grounds"),
        ("cite_grounds", CITE, "assess_harm"),
        ("assess_harm", HARM, "weigh_public_interest"),
        ("weigh_public_interest", WEIGH, "conclude"),
    ):
        response = act(siti, case_id, trigger, data)
        assert response.status_code == 303
        assert response.headers["location"] == f"/cases/{case_id}#step-{following}"


def test_the_top_of_the_page_jumps_to_the_step_to_take(web: WebBench) -> None:
    siti = web.as_user("siti")
    case_id = open_case(siti)
    page = siti.get(f"/cases/{case_id}").text
    jump = page.split('<nav class="jump"', 1)[1].split("</nav>", 1)[0]
    assert 'href="#step-identify"' in jump and "Langkah Anda sekarang" in jump
    assert page.index('<nav class="jump"') < page.index('<dl class="facts">')
    assert 'id="step-identify"' in page


def test_the_parts_named_at_identification_are_offered_in_the_conclusion(web: WebBench) -> None:
    siti = web.as_user("siti")
    case_id = open_case(siti)
    walk(siti, case_id, until="weigh_public_interest")
    page = PageForms(siti.get(f"/cases/{case_id}").text)
    offered = page.value("/act/conclude", "parts_withheld").splitlines()
    assert offered == IDENTIFY["parts"].splitlines()
