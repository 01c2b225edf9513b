"""The pure scoring of :mod:`ujikon.domain.monev`: a share of the lines that count, the
status it gives, and the weighted total (no evidence counts 0, never a pass)."""

from __future__ import annotations

from ujikon.domain.monev import Check, Evidence, Indicator, Status, finding, weighted_total


def _indicator(weight: float = 1, check: Check = Check.REQUESTS_IN_TIME) -> Indicator:
    return Indicator("x", "Pertanyaan", "Question", "UU 14/2008 Pasal 22", weight, check)


def _lines(*counts: bool | None) -> list[Evidence]:
    return [Evidence(f"line {n}", c) for n, c in enumerate(counts)]


def test_the_score_is_the_share_of_the_lines_that_count() -> None:
    assert finding(_indicator(), _lines(True, True), empty_reason="-").status is Status.MET
    partly = finding(_indicator(), _lines(True, False, False, None), empty_reason="-")
    assert (partly.status, partly.score, partly.counted) == (Status.PARTLY, 33, 3)
    assert "1 of 3" in partly.reason
    assert finding(_indicator(), _lines(False), empty_reason="-").status is Status.NOT_MET


def test_lines_that_are_only_shown_are_no_evidence_with_the_reason() -> None:
    shown = finding(_indicator(), _lines(None, None), empty_reason="nothing to score")
    assert (shown.status, shown.score, shown.reason) == (
        Status.NO_EVIDENCE,
        None,
        "nothing to score",
    )
    assert len(shown.evidence) == 2


def test_a_check_that_grades_itself_gives_its_score() -> None:
    graded = finding(_indicator(), _lines(False), empty_reason="", score=50, reason="old")
    assert (graded.status, graded.score, graded.reason) == (Status.PARTLY, 50, "old")


def test_the_total_is_weighted_and_no_evidence_counts_zero() -> None:
    met = finding(_indicator(3), _lines(True), empty_reason="-")
    none = finding(_indicator(1), [], empty_reason="-")
    assert weighted_total([met, none]) == 75.0
    assert weighted_total([]) is None
