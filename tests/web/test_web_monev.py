"""The self-assessment page (``/monev``): the indicators ``ujikon monev assess`` scores from
the log, beside the year before, for those who read the whole log."""

from __future__ import annotations

import re

from web_support import DecreeWeb


def test_the_auditor_reads_every_indicator_scored_with_its_evidence(decree_web: DecreeWeb) -> None:
    decree = decree_web.issued()
    assert decree.issue is not None
    page = decree_web.web.as_user("dewi").get("/monev")
    assert page.status_code == 200
    expected = decree_web.web.app.state.ujikon.app.monev.assess(decree.issue.dated.year)
    rows = re.findall(r'<tr id="indicator-([a-z0-9-]+)">', page.text)
    assert rows == [f.indicator.id for f in expected.findings]
    total = re.search(r'<span id="monev-total">([^<]*)</span>', page.text)
    assert total is not None and total.group(1) == f"{expected.total:.0f}"
    # the decree that sets the DIK is named in the evidence, as the CLI names it
    assert decree.issue.number in page.text
    assert 'data-status="met"' in page.text and 'data-status="no_evidence"' in page.text
    assert "terpenuhi" in page.text and "met</span>" not in page.text  # Bahasa by default
    assert "/service/data/" not in page.text  # the file's name, not the server's path


def test_a_year_that_is_no_year_is_refused_at_its_field(decree_web: DecreeWeb) -> None:
    page = decree_web.web.as_user("budi").get("/monev?year=dua-ribu")
    assert page.status_code == 422
    assert 'id="year-error" role="alert"' in page.text and "tidak dapat dinilai" in page.text
    assert '<tr id="indicator-' not in page.text


def test_an_officer_is_not_shown_the_assessment(decree_web: DecreeWeb) -> None:
    page = decree_web.web.as_user("siti").get("/monev")
    assert page.status_code == 403
    assert '<tr id="indicator-' not in page.text
    home = decree_web.web.as_user("siti").get("/").text
    assert (
        'href="/monev"' not in home
        and 'href="/monev"' in decree_web.web.as_user("dewi").get("/").text
    )
