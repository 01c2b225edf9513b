"""The indicators the register (DIK) evidences: set by an issued decree within the last
year, a test for every exempt item, a harm per ground and a balance, periods stated, the
register published (which the log cannot show), the yearly review; and the year before
scored beside the year. Built through the real service on both store backends."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from monev_support import TODAY, Office, write_old_register
from toolkit import PASSPHRASES, install_keys, install_profile, walk
from toolkit.walk import case_steps

from ujikon.documents.keys import DevCA
from ujikon.domain.decree import DecreeState
from ujikon.domain.monev import Check, Status
from ujikon.service.decrees import DecreeDesk
from ujikon.service.lifecycle import start_review
from ujikon.service.register_import import import_register


def _issue(office: Office, desk: DecreeDesk, refs: list[str]) -> str:
    draft = desk.draft("budi", refs)
    desk.issue("budi", draft.decree_id, PASSPHRASES)
    decree = desk.get(draft.decree_id)
    assert decree.state is DecreeState.ISSUED and decree.issue is not None
    return decree.issue.number


def _desk(office: Office, tmp_path: Path, dev_keys: DevCA) -> DecreeDesk:
    install_keys(dev_keys, tmp_path / "ws" / "keys")
    desk = DecreeDesk(office.service, tmp_path / "ws")
    install_profile(desk)
    return desk


# --------------------------------------------------------------------------- the decree


def test_a_decree_issued_this_year_sets_the_dik(
    office: Office, tmp_path: Path, dev_keys: DevCA
) -> None:
    desk = _desk(office, tmp_path, dev_keys)
    number = _issue(office, desk, [office.approved("Dokumen tender")])
    found = office.finding(2026, Check.DIK_DECREE)
    assert (found.status, found.score) == (Status.MET, 100)
    (line,) = found.evidence
    assert line.decree == number and line.seq is not None
    assert f"SK {number} terbit 25 November 2026" in line.text


def test_no_issued_decree_is_not_met(office: Office) -> None:
    office.approved("Dokumen tender")  # approved, never put in a decree
    found = office.finding(2026, Check.DIK_DECREE)
    assert (found.status, found.score) == (Status.NOT_MET, 0)
    assert "no issued DIK decree" in found.reason


def test_a_decree_over_a_year_old_is_partly_met_and_met_the_year_before(
    office: Office, tmp_path: Path, dev_keys: DevCA
) -> None:
    office.at(date(2025, 6, 2))
    desk = _desk(office, tmp_path, dev_keys)
    number = _issue(office, desk, [office.approved("Dokumen tender")])
    office.at(TODAY)
    result = office.assess(2026)
    now, before = next((n, b) for n, b in result.pairs() if n.indicator.check is Check.DIK_DECREE)
    assert (now.status, now.score) == (Status.PARTLY, 50)
    assert (before.status, before.score) == (Status.MET, 100)
    assert result.previous_as_of == date(2025, 12, 31)
    assert now.evidence[0].decree == number


def test_a_year_before_the_log_began_is_no_evidence(office: Office) -> None:
    office.decreed("Dokumen tender")
    before = office.previous(2026, Check.DIK_DECREE)
    assert (before.status, before.score) == (Status.NO_EVIDENCE, None)
    assert "log mulai 25 November 2026" in before.reason


# --------------------------------------------------------------------------- the items


def _old_register(office: Office, tmp_path: Path) -> None:
    """An old DIK with one row lacking its harm and its period, imported as a draft."""
    path = write_old_register(
        tmp_path / "dik-lama.csv",
        [["1", "Data pribadi pegawai", "BKPSDM", "Pasal 17 huruf h angka 2", "", "", "", ""]],
    )
    assert import_register(office.service, path, "siti").stored


def test_every_exempt_item_decreed_has_its_test_and_reasoning(office: Office) -> None:
    refs = [office.decreed("Dokumen tender"), office.decreed("Rencana pengadaan")]
    for check in (Check.TEST_PER_EXEMPT_ITEM, Check.HARM_AND_BALANCE, Check.PERIODS_STATED):
        found = office.finding(2026, check)
        assert (found.status, found.score) == (Status.MET, 100), check
        assert [e.case for e in found.evidence] == refs
        assert all(e.decree == "188.4/001/PPID/XI/2026" for e in found.evidence)


def test_an_old_register_row_not_yet_tested_counts_against_each_item_indicator(
    office: Office, tmp_path: Path
) -> None:
    office.decreed("Dokumen tender")
    _old_register(office, tmp_path)
    for check in (Check.TEST_PER_EXEMPT_ITEM, Check.HARM_AND_BALANCE, Check.PERIODS_STATED):
        found = office.finding(2026, check)
        assert (found.status, found.score) == (Status.PARTLY, 50), check
        against = [e for e in found.evidence if e.counts is False]
        assert len(against) == 1 and "old register row" in against[0].text


def test_the_findings_of_the_old_row_are_named(office: Office, tmp_path: Path) -> None:
    _old_register(office, tmp_path)
    harm = office.finding(2026, Check.HARM_AND_BALANCE)
    period = office.finding(2026, Check.PERIODS_STATED)
    assert (harm.status, period.status) == (Status.NOT_MET, Status.NOT_MET)
    assert "harm-per-ground" in harm.evidence[0].text
    assert "period-stated" in period.evidence[0].text


def test_an_empty_register_is_no_evidence(office: Office) -> None:
    office.approved("Dokumen tender")
    found = office.finding(2026, Check.TEST_PER_EXEMPT_ITEM)
    assert (found.status, found.score) == (Status.NO_EVIDENCE, None)


def test_the_publication_of_the_register_is_never_a_made_up_pass(office: Office) -> None:
    office.decreed("Dokumen tender")
    found = office.finding(2026, Check.REGISTER_PUBLISHED)
    assert (found.status, found.score) == (Status.NO_EVIDENCE, None)
    assert "records no publication" in found.reason
    assert "holds 1 items" in found.evidence[0].text and found.evidence[0].counts is None


# --------------------------------------------------------------------------- the review


def _decreed_last_year(office: Office) -> str:
    office.at(date(2025, 6, 2))
    ref = office.decreed("Dokumen tender", "188.4/001/PPID/VI/2025")
    office.at(date(2026, 2, 2))
    return ref


def test_no_yearly_review_is_not_met(office: Office) -> None:
    ref = _decreed_last_year(office)
    office.at(TODAY)
    found = office.finding(2026, Check.YEARLY_REVIEW)
    assert (found.status, found.score) == (Status.NOT_MET, 0)
    assert found.evidence[0].case == ref and "not reviewed" in found.evidence[0].text


def test_a_review_under_way_is_not_met_and_a_review_approved_is(office: Office) -> None:
    ref = _decreed_last_year(office)
    (opened,) = start_review(office.service, "budi", 2026).opened
    assert opened.new_ref is not None
    office.at(TODAY)
    assert office.finding(2026, Check.YEARLY_REVIEW).status is Status.NOT_MET
    steps = case_steps("Dokumen tender", "17b", {"kind": "until_date", "end_date": "2030-12-31"})
    steps[0][1]["document"]["dated"] = "2025-01-15"
    walk(lambda t, d: office.service.act("siti", opened.new_ref, t, d), steps)
    office.service.act("rina", opened.new_ref, "approve", {"comments": "Reviu: tetap."})
    found = office.finding(2026, Check.YEARLY_REVIEW)
    assert (found.status, found.score) == (Status.MET, 100)
    assert found.evidence[0].case == opened.new_ref
    assert found.evidence[0].text.startswith(f"{ref}: reviu {opened.new_ref}")


def test_nothing_in_force_on_the_first_of_january_is_no_evidence(office: Office) -> None:
    office.decreed("Dokumen tender")  # decreed in November: nothing to review in 2026
    found = office.finding(2026, Check.YEARLY_REVIEW)
    assert (found.status, found.score) == (Status.NO_EVIDENCE, None)
    assert "1 Januari 2026" in found.reason


def test_the_total_weighs_each_indicator_and_counts_no_evidence_as_zero(office: Office) -> None:
    office.decreed("Dokumen tender")
    result = office.assess(2026)
    weights = {f.indicator.check: f.indicator.weight for f in result.findings}
    met = sum(w for c, w in weights.items() if c in {
        Check.TEST_PER_EXEMPT_ITEM, Check.HARM_AND_BALANCE, Check.PERIODS_STATED})  # fmt: skip
    assert result.total == round(100 * met / sum(weights.values()), 1)
    assert result.previous_total == 0
