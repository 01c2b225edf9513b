"""Each signer signs from their own account (rule ``signer-own-account``, UU ITE Pasal
11(1)(b) and 12): the PPID Utama numbers and signs, the decree waits for the Atasan PPID,
who signs it with their own PIN; the last signature issues it."""

from __future__ import annotations

import pytest
from toolkit import HEAD_SIGNER, KEY_PASSPHRASE, PPID_SIGNER, approved_case
from toolkit.decrees import DecreeBench as Bench

from ujikon.domain.decree import DecreeState
from ujikon.domain.states import CaseState
from ujikon.errors import RuleViolation, StoreError
from ujikon.service.verification import verify_decree_file

PIN = KEY_PASSPHRASE.encode()


@pytest.fixture
def two(bench: Bench) -> Bench:
    """The bench with a profile naming the PPID Utama, then the Atasan PPID."""
    profile = bench.desk.require_profile().model_dump()
    bench.desk.set_profile("admin", {**profile, "signers": [PPID_SIGNER, HEAD_SIGNER]})
    return bench


def _signed_by_ppid(bench: Bench, refs: list[str] | None = None) -> str:
    draft = bench.desk.draft("budi", refs)
    bench.desk.issue("budi", draft.decree_id, {"ppid": PIN})
    return draft.decree_id


def test_the_issuer_signs_and_the_decree_awaits_the_head(two: Bench) -> None:
    decree_id = _signed_by_ppid(two)
    decree = two.desk.get(decree_id)
    assert decree.state is DecreeState.SIGNING and decree.issue is None
    assert decree.awaiting == ("head",) and decree.issued_by == "budi"
    assert decree.signing is not None and decree.number == decree.signing.number
    assert [s.role for s in decree.signing.signers] == ["ppid"]
    kept = two.workdir / decree.signing.file
    assert kept.name.endswith(".menunggu-ttd.pdf") and kept.is_file()
    assert not kept.with_name(kept.name.replace(".menunggu-ttd", "")).exists()
    # the number is taken, the cases are not yet set
    for ref in two.cases:
        assert two.service.get_case(ref).state is CaseState.APPROVED
    # not a decree anyone may cite yet: the check by number finds none
    assert two.desk.by_number(decree.number or "") is None


def test_the_head_signs_with_their_own_pin_and_that_issues_it(two: Bench) -> None:
    decree_id = _signed_by_ppid(two)
    waiting = two.desk.get(decree_id)
    assert waiting.signing is not None
    result = two.desk.issue("hendra", decree_id, {"head": PIN})
    decree = result.decree
    assert decree.state is DecreeState.ISSUED and decree.issue is not None
    assert decree.issue.number == waiting.signing.number
    assert decree.issue.dated == waiting.signing.dated  # "ditetapkan" when first signed
    assert [s.role for s in decree.issue.signers] == ["ppid", "head"]
    assert decree.issued_by == "budi" and decree.awaiting == ()
    assert result.path == two.workdir / decree.issue.file and result.path.is_file()
    assert not (two.workdir / waiting.signing.file).exists()
    for ref in two.cases:
        case = two.service.get_case(ref)
        assert case.state is CaseState.DECREED and case.decree is not None
        assert case.decree.number == decree.issue.number
    verdict = verify_decree_file(result.path, trust_roots=[two.ca.ca_cert_path], desk=two.desk)
    assert verdict.ok, verdict.summary_lines()
    assert verdict.log_status == "matches"
    assert [s.signer_name.split(" (DEV)")[0] for s in verdict.pdf.signatures] == [
        PPID_SIGNER["name"],
        HEAD_SIGNER["name"],
    ]
    assert two.service.log.verify_chain().ok


def test_the_ppid_may_not_type_the_heads_pin(two: Bench) -> None:
    draft = two.desk.draft("budi", None)
    before = two.service.log.head().seq
    with pytest.raises(RuleViolation) as refused:
        two.desk.issue("budi", draft.decree_id, {"ppid": PIN, "head": PIN})
    assert refused.value.rule == "signer-own-account"
    assert "Pasal 11" in refused.value.article
    assert refused.value.field == "passphrase_head"
    assert two.service.log.head().seq == before
    assert not list(two.workdir.rglob("*.pdf*"))


def test_the_ppid_may_not_place_the_heads_signature(two: Bench) -> None:
    decree_id = _signed_by_ppid(two)
    with pytest.raises(RuleViolation) as refused:
        two.desk.issue("budi", decree_id, {})
    assert refused.value.rule == "signer-own-account"
    assert HEAD_SIGNER["name"] in refused.value.message_id


def test_the_head_does_not_sign_first_where_the_ppid_issues(two: Bench) -> None:
    draft = two.desk.draft("budi", None)
    with pytest.raises(RuleViolation) as refused:
        two.desk.issue("hendra", draft.decree_id, {"head": PIN})
    assert refused.value.rule == "signer-own-account"
    assert PPID_SIGNER["name"] in refused.value.message_id


def test_a_signer_named_by_account_signs_from_that_account_only(two: Bench) -> None:
    profile = two.desk.require_profile().model_dump()
    two.desk.set_profile(
        "admin", {**profile, "signers": [{**PPID_SIGNER, "username": "rina"}, HEAD_SIGNER]}
    )
    draft = two.desk.draft("budi", None)
    with pytest.raises(RuleViolation) as refused:
        two.desk.issue("budi", draft.decree_id, {"ppid": PIN})
    assert refused.value.rule == "signer-own-account" and "rina" in refused.value.message_id
    two.desk.issue("rina", draft.decree_id, {"ppid": PIN})
    assert two.desk.get(draft.decree_id).state is DecreeState.SIGNING


def test_a_pdf_changed_while_it_waits_is_not_signed(two: Bench) -> None:
    decree_id = _signed_by_ppid(two)
    record = two.desk.get(decree_id).signing
    assert record is not None
    kept = two.workdir / record.file
    kept.write_bytes(kept.read_bytes() + b"\n% altered\n")
    before = two.service.log.head().seq
    with pytest.raises(StoreError, match="berubah sejak ditandatangani"):
        two.desk.issue("hendra", decree_id, {"head": PIN})
    assert two.service.log.head().seq == before
    assert two.desk.get(decree_id).state is DecreeState.SIGNING
    assert not list(kept.parent.glob("*.tmp"))


def test_a_case_awaiting_its_decree_is_listed_by_no_other(two: Bench) -> None:
    _signed_by_ppid(two, two.cases[:1])
    with pytest.raises(RuleViolation) as refused:
        two.desk.draft("budi", two.cases[:1])
    assert refused.value.rule == "decree-lists-cases" and refused.value.field == "cases[0]"
    assert two.desk.draft("budi", None).cases == two.cases[1:]  # every approved: not it


def test_withdrawing_a_decree_awaiting_a_signature_leaves_its_number_unused(two: Bench) -> None:
    decree_id = _signed_by_ppid(two, two.cases[:1])
    waiting = two.desk.get(decree_id)
    assert waiting.signing is not None
    withdrawn = two.desk.discard("budi", decree_id)
    assert withdrawn.state is DecreeState.DISCARDED and withdrawn.number == waiting.number
    assert not (two.workdir / waiting.signing.file).exists()
    assert two.service.get_case(two.cases[0]).state is CaseState.APPROVED
    # the cases are free again; the next decree takes the next number, the first stays void
    again = _signed_by_ppid(two, two.cases[:1])
    number = two.desk.get(again).number or ""
    assert number.split("/")[1] == "002"
    with pytest.raises(RuleViolation) as refused:
        two.desk.issue("hendra", decree_id, {"head": PIN})
    assert refused.value.rule == "decree-state"


def test_a_profile_changed_while_signing_is_refused_not_guessed(two: Bench) -> None:
    decree_id = _signed_by_ppid(two)
    profile = two.desk.require_profile().model_dump()
    two.desk.set_profile("admin", {**profile, "signers": [PPID_SIGNER]})
    with pytest.raises(RuleViolation) as refused:
        two.desk.issue("hendra", decree_id, {"head": PIN})
    assert refused.value.rule == "decree-state" and "berubah" in refused.value.message_id


def test_a_single_signer_profile_issues_at_once(bench: Bench) -> None:
    draft = bench.desk.draft("budi", None)
    result = bench.desk.issue("budi", draft.decree_id, {"ppid": PIN})
    assert result.decree.state is DecreeState.ISSUED
    assert [s.role for s in result.decree.issue.signers] == ["ppid"]  # type: ignore[union-attr]


def test_the_dashboard_list_puts_the_viewers_own_signature_first(two: Bench) -> None:
    first = _signed_by_ppid(two, two.cases[:1])
    hendra = two.service.actor("hendra")
    budi = two.service.actor("budi")
    assert [d.decree_id for d in two.desk.awaiting(hendra)] == [first]
    assert [s.role.value for s in two.desk.signs_next(hendra, two.desk.get(first))] == ["head"]
    assert two.desk.signs_next(budi, two.desk.get(first)) == []
    assert two.desk.awaiting(two.service.actor("siti")) == []


def test_an_interrupted_countersign_is_completed_from_the_log(
    two: Bench, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Crash after the record, before the rename: the signed file waits under its
    temporary name, and the next decree command puts it in place."""
    decree_id = _signed_by_ppid(two)

    class Crash(Exception):
        pass

    def crash(point: str) -> None:
        if point == "after-record":
            raise Crash(point)

    monkeypatch.setattr(two.desk, "_crash", crash)
    with pytest.raises(Crash):
        two.desk.issue("hendra", decree_id, {"head": PIN})
    decree = two.desk.get(decree_id)
    assert decree.state is DecreeState.ISSUED and decree.issue is not None
    final = two.workdir / decree.issue.file
    assert not final.exists()
    assert two.desk.finish_pending() == [final]
    verdict = verify_decree_file(final, trust_roots=[two.ca.ca_cert_path], desk=two.desk)
    assert verdict.ok, verdict.summary_lines()


def test_the_issued_decree_with_a_second_draft_later(two: Bench) -> None:
    decree_id = _signed_by_ppid(two, two.cases[:1])
    two.desk.issue("hendra", decree_id, {"head": PIN})
    other = approved_case(two.service, "02-berkas-penyidikan-ppns.yaml")
    second = _signed_by_ppid(two, [other])
    number = two.desk.get(second).number or ""
    assert number.split("/")[1] == "002"


def test_the_pdf_awaiting_a_signature_is_no_valid_decree(two: Bench) -> None:
    """Signed by the PPID Utama and numbered, but the head it names has not signed: the
    check says so (exit "signers"), with or without the workspace's log."""
    decree_id = _signed_by_ppid(two)
    record = two.desk.get(decree_id).signing
    assert record is not None
    kept = two.workdir / record.file
    for desk in (two.desk, None):
        verdict = verify_decree_file(kept, trust_roots=[two.ca.ca_cert_path], desk=desk)
        assert not verdict.ok and verdict.outcome == "signers", verdict.summary_lines()
        assert verdict.signer_problems  # the head it names has not signed
