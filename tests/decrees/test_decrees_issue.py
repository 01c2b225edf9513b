"""Issuing a decree: one number per decree, none skipped; the file and the log agree."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest
from toolkit import KEY_PASSPHRASE, approved_case
from toolkit.decrees import DecreeBench as Bench

from ujikon.domain.decree import DecreeState
from ujikon.domain.payloads import Step
from ujikon.domain.states import CaseState
from ujikon.errors import InputError, RuleViolation, UjikonError
from ujikon.service.verification import verify_decree_file


def _issue(bench: Bench, refs: list[str] | None = None) -> Path:
    draft = bench.desk.draft("budi", refs)
    return bench.desk.issue("budi", draft.decree_id, bench.passphrases).path


def test_issuing_numbers_files_and_decrees_every_case(bench: Bench) -> None:
    path = _issue(bench)
    decree = bench.desk.all()[0]
    assert decree.state is DecreeState.ISSUED and decree.issue is not None
    assert decree.issue.number.startswith("188.4/001/PPID/")
    assert path == bench.workdir / decree.issue.file and path.is_file()
    assert not list(path.parent.glob("*.tmp"))
    for ref in bench.cases:
        case = bench.service.get_case(ref)
        assert case.state is CaseState.DECREED
        assert case.decree is not None and case.decree.number == decree.issue.number
    verdict = verify_decree_file(path, trust_roots=[bench.ca.ca_cert_path], desk=bench.desk)
    assert verdict.ok, verdict.summary_lines()
    assert verdict.log_status == "matches"
    assert verdict.pdf.trusted and verdict.pdf.signatures[0].is_dev
    decision = json.loads(verdict.pdf.embedded_files["keputusan.json"])
    assert [item["case"] for item in decision["items"]] == bench.cases
    assert decision["chain"]["seq"] == decree.issue.chain_seq
    assert bench.service.log.verify_chain().ok


def test_numbers_count_up_without_gaps(bench: Bench) -> None:
    _issue(bench, bench.cases[:1])
    _issue(bench, bench.cases[1:])
    numbers = sorted(d.issue.number for d in bench.desk.all() if d.issue)
    assert [n.split("/")[1] for n in numbers] == ["001", "002"]


def test_two_issuers_at_once_take_two_numbers(bench: Bench) -> None:
    drafts = [bench.desk.draft("budi", [ref]) for ref in bench.cases]
    errors: list[BaseException] = []

    def issue(decree_id: str) -> None:
        try:
            bench.desk.issue("budi", decree_id, bench.passphrases)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=issue, args=(d.decree_id,)) for d in drafts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    serials = sorted(d.issue.serial for d in bench.desk.all() if d.issue)
    assert serials == [1, 2]
    assert bench.service.log.verify_chain().ok


def test_two_signers_both_verify(bench: Bench) -> None:
    profile = bench.desk.require_profile().model_dump()
    profile["signers"] = [*profile["signers"],
        {"role": "head", "office": "Sekretaris Daerah selaku Atasan PPID",
         "name": "Ir. Hendra Gunawan, M.T.", "nip": "196805121994031006"},
    ]  # fmt: skip
    bench.desk.set_profile("admin", profile)
    draft = bench.desk.draft("budi", None)
    bench.desk.issue("budi", draft.decree_id, {"ppid": bench.passphrases["ppid"]})
    path = bench.desk.issue("hendra", draft.decree_id, {"head": bench.passphrases["head"]}).path
    verdict = verify_decree_file(path, trust_roots=[bench.ca.ca_cert_path])
    assert verdict.ok
    names = [s.signer_name for s in verdict.pdf.signatures]
    assert [n.split(" (DEV)")[0] for n in names] == [
        "Drs. Budi Santoso, M.Si.",
        "Ir. Hendra Gunawan, M.T.",
    ]


def test_a_body_may_issue_tagged_decrees_that_still_verify(bench: Bench) -> None:
    """Screen readers get the structure (a tagged PDF), the file stays PDF/A-3b, signed."""
    import subprocess

    profile = bench.desk.require_profile().model_dump()
    bench.desk.set_profile("admin", {**profile, "tagged_pdf": True})
    path = _issue(bench)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
    assert "Tagged:          yes" in info
    verdict = verify_decree_file(path, trust_roots=[bench.ca.ca_cert_path], desk=bench.desk)
    assert verdict.ok, verdict.summary_lines()
    assert verdict.pdf.xmp is not None and "pdfaid:part" in verdict.pdf.xmp
    untagged = _issue_default(bench, profile)
    assert (
        "Tagged:          no"
        in subprocess.run(["pdfinfo", str(untagged)], capture_output=True, text=True).stdout
    )


def _issue_default(bench: Bench, profile: dict[str, object]) -> Path:
    bench.desk.set_profile("admin", {**profile, "tagged_pdf": False})
    return _issue(bench, [approved_case(bench.service, "02-berkas-penyidikan-ppns.yaml")])


def test_a_wrong_passphrase_consumes_no_number(bench: Bench) -> None:
    draft = bench.desk.draft("budi", None)
    head = bench.service.log.head()
    with pytest.raises(UjikonError) as wrong:
        bench.desk.issue("budi", draft.decree_id, {"ppid": b"salah"})
    assert "ppid.p12" in str(wrong.value)
    assert bench.service.log.head() == head
    assert not (bench.workdir / "sk").exists() or not list((bench.workdir / "sk").rglob("*.pdf*"))
    issued = bench.desk.issue("budi", draft.decree_id, {"ppid": KEY_PASSPHRASE.encode()})
    assert issued.decree.issue is not None and issued.decree.issue.serial == 1


def test_a_decree_lists_only_approved_withheld_cases(bench: Bench) -> None:
    with pytest.raises(RuleViolation) as empty:
        bench.desk.draft("budi", [])
    assert empty.value.rule == "decree-lists-cases"
    pending = bench.service.open_case("siti", {"trigger": {"kind": "proactive"}})
    with pytest.raises(RuleViolation) as unapproved:
        bench.desk.draft("budi", [pending.case_id])
    assert unapproved.value.rule == "decree-needs-approved"
    open_case = approved_case(bench.service, "08-kontrak-pekerjaan-jalan.yaml")
    with pytest.raises(RuleViolation) as opened:
        bench.desk.draft("budi", [open_case])
    assert opened.value.rule == "decree-lists-exemptions"
    assert open_case not in bench.desk.draft("budi", None).cases
    with pytest.raises(RuleViolation) as officer:
        bench.desk.draft("siti", bench.cases)
    assert officer.value.rule == "role-may-act"


def test_a_decree_is_issued_once(bench: Bench) -> None:
    draft = bench.desk.draft("budi", None)
    bench.desk.issue("budi", draft.decree_id, bench.passphrases)
    head = bench.service.log.head()
    with pytest.raises(RuleViolation) as again:
        bench.desk.issue("budi", draft.decree_id, bench.passphrases)
    assert again.value.rule == "decree-state"
    assert bench.service.log.head() == head


def test_a_case_taken_by_another_decree_cannot_be_issued_again(bench: Bench) -> None:
    first = bench.desk.draft("budi", bench.cases)
    second = bench.desk.draft("budi", bench.cases[:1])
    bench.desk.issue("budi", first.decree_id, bench.passphrases)
    with pytest.raises(RuleViolation) as taken:
        bench.desk.issue("budi", second.decree_id, bench.passphrases)
    assert taken.value.rule == "decree-needs-approved"


def test_missing_profile_or_key_is_named_before_anything_is_written(bench: Bench) -> None:
    (bench.workdir / "keys" / "ppid.p12").unlink()
    draft = bench.desk.draft("budi", None)
    head = bench.service.log.head()
    with pytest.raises(InputError, match="ppid"):
        bench.desk.issue("budi", draft.decree_id, bench.passphrases)
    assert bench.service.log.head() == head


def test_revoking_shows_in_verify(bench: Bench) -> None:
    path = _issue(bench)
    number = bench.desk.all()[0].issue.number  # type: ignore[union-attr]
    bench.desk.revoke("budi", number, "Diganti SK baru hasil tinjauan tahunan", "188.4/002/PPID")
    verdict = verify_decree_file(path, trust_roots=[bench.ca.ca_cert_path], desk=bench.desk)
    assert verdict.pdf.ok and verdict.log_status == "revoked" and not verdict.ok
    assert any("188.4/002/PPID" in note for note in verdict.log_notes)
    offline = verify_decree_file(path, trust_roots=[bench.ca.ca_cert_path])
    assert offline.ok and offline.log_status == "not-checked"


def test_a_flipped_byte_is_modified_after_signing(bench: Bench, tmp_path: Path) -> None:
    path = _issue(bench)
    data = bytearray(path.read_bytes())
    data[len(data) // 3] ^= 0x01
    copy = tmp_path / "ubah.pdf"
    copy.write_bytes(bytes(data))
    verdict = verify_decree_file(copy, trust_roots=[bench.ca.ca_cert_path], desk=bench.desk)
    assert not verdict.ok and verdict.exit_code != 0
    assert not verdict.pdf.intact or verdict.pdf.modified_after_signing


def test_a_retest_decreed_supersedes_the_old_revision(bench: Bench) -> None:
    _issue(bench, bench.cases[:1])
    case_id = bench.cases[0].split("/")[0]
    new = bench.service.act(
        "siti", case_id, "retest", {"reason": "Tinjauan tahunan", "trigger": {"kind": "proactive"}}
    )
    old = bench.service.get_case(f"{case_id}/1")
    for trigger in ("identify", "cite_grounds", "assess_harm", "weigh_public_interest", "conclude"):
        payload = old.step_payload(Step(trigger))
        bench.service.act("siti", new.ref, trigger, payload)
    bench.service.act("siti", new.ref, "submit", {})
    bench.service.act("budi", new.ref, "approve", {})
    _issue(bench, [new.ref])
    old = bench.service.get_case(f"{case_id}/1")
    assert old.state is CaseState.DECREED and old.superseded_by == 2
    assert bench.service.get_case(case_id).state is CaseState.DECREED


def test_with_a_timestamp_authority_the_signature_is_pades_b_t(bench: Bench) -> None:
    from ujikon.documents.tsa import LocalTimestampServer

    with LocalTimestampServer() as tsa:
        bench.desk.set_profile("admin", {"tsa_url": tsa.url})
        path = _issue(bench)
        assert tsa.requests_served >= 1
    verdict = verify_decree_file(path, trust_roots=[bench.ca.ca_cert_path])
    assert verdict.ok
    signature = verdict.pdf.signatures[0]
    assert signature.timestamp_present and signature.timestamp_intact


def test_the_issued_decree_returned_is_the_one_the_log_holds(bench: Bench) -> None:
    """The desk applies its own events to the decree it read instead of reading it again:
    what it returns must be exactly what a fresh fold of the log gives."""
    draft = bench.desk.draft("budi", None)
    result = bench.desk.issue("budi", draft, bench.passphrases)
    assert result.decree == bench.desk.get(draft.decree_id)
    assert result.decree.state is DecreeState.ISSUED


def test_a_decree_read_before_it_changed_is_not_issued_stale(bench: Bench) -> None:
    """Handed a decree read earlier, the desk appends at that version: a decree issued
    meanwhile is refused, not issued twice."""
    draft = bench.desk.draft("budi", None)
    bench.desk.issue("budi", draft.decree_id, bench.passphrases)
    head = bench.service.log.head()
    with pytest.raises(UjikonError):
        bench.desk.issue("budi", draft, bench.passphrases)
    assert bench.service.log.head() == head
