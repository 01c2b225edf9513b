"""The use cases over a real store: every write is load → decide → append, all or nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from toolkit import SAMPLES, make_service

from ujikon.domain.decide import decide
from ujikon.domain.states import CaseState
from ujikon.errors import ConflictError, InputError, NotFound, PermissionDenied, RuleViolation
from ujikon.service.caseplan import load_plan, parse_plan
from ujikon.service.cases import Service


def _import(service: Service, name: str) -> str:
    return service.import_case(None, load_plan(SAMPLES / name)).case_id


def test_a_sample_case_walks_every_step_into_review(service: Service) -> None:
    case_id = _import(service, "01-rekam-medis-pegawai.yaml")
    case = service.get_case(case_id)
    assert case.state is CaseState.IN_REVIEW
    assert [e.action for e in service.history(case_id)] == [
        "case.opened",
        "case.identified",
        "case.grounds_cited",
        "case.harm_assessed",
        "case.public_interest_weighed",
        "case.concluded",
        "case.submitted",
    ]
    assert case.grounds is not None and case.grounds.ground_ids() == ["17h2"]
    assert case.catalogue_version == service.catalogue.version


def test_case_ids_count_up_per_year(service: Service) -> None:
    first = service.open_case("siti", {"trigger": {"kind": "proactive"}})
    second = service.open_case("wulan", {"trigger": {"kind": "proactive"}})
    assert (first.case_id, second.case_id) == ("UK-2026-0001", "UK-2026-0002")


def test_list_follows_state_and_index_rebuilds_to_the_same(service: Service) -> None:
    for name in ("01-rekam-medis-pegawai.yaml", "05-data-wajib-pajak.yaml"):
        _import(service, name)
    service.act("budi", "UK-2026-0001", "approve", {"comments": "ok"})
    assert [c.case_id for c in service.list_cases(CaseState.APPROVED)] == ["UK-2026-0001"]
    assert [c.case_id for c in service.list_cases(CaseState.IN_REVIEW)] == ["UK-2026-0002"]
    before = service.list_cases()
    assert service.rebuild_index() == 2
    assert service.list_cases() == before


def test_a_refused_import_stores_nothing(service: Service) -> None:
    head = service.log.head()
    with pytest.raises(RuleViolation) as refused:
        service.import_case(None, load_plan(SAMPLES / "90-ditolak-17h-tanpa-angka.yaml"))
    assert refused.value.rule == "ground-needs-item"
    assert "cite_grounds" in refused.value.location and "line" in refused.value.location
    assert service.log.head() == head
    assert service.list_cases() == []


def test_a_refused_step_stores_nothing(service: Service) -> None:
    case = service.open_case("siti", {"trigger": {"kind": "proactive"}})
    head = service.log.head()
    with pytest.raises(RuleViolation) as refused:
        service.act(
            "siti", case.case_id, "assess_harm", {"harms": [{"ground": "17b", "harm": "x"}]}
        )
    assert refused.value.rule == "steps-in-order"
    assert service.log.head() == head


def test_a_stale_writer_gets_a_conflict_and_loses_nothing(service: Service) -> None:
    case_id = _import(service, "01-rekam-medis-pegawai.yaml")
    stale = service.get_case(case_id)
    service.act("budi", case_id, "return_for_revision", {"to_step": "conclude", "comments": "x"})
    actor = service.actor("rina")
    events = decide(stale, "approve", {}, actor, service.catalogue, service.now(), service.today())
    with pytest.raises(ConflictError) as clash:
        service._commit(stale, events)
    assert (clash.value.expected, clash.value.actual) == (stale.version, stale.version + 1)
    assert service.get_case(case_id).state is CaseState.WEIGHED
    assert service.log.verify_chain().ok


def test_two_services_on_one_store_never_reuse_a_case_id(store_url: str) -> None:
    first = make_service(store_url)
    first.add_user(None, {"username": "admin", "role": "admin"})
    first.add_user("admin", {"username": "siti", "role": "officer"})
    second = make_service(store_url)
    try:
        a = first.open_case("siti", {"trigger": {"kind": "proactive"}})
        b = second.open_case("siti", {"trigger": {"kind": "proactive"}})
        assert a.case_id != b.case_id
    finally:
        first.log.close()
        second.log.close()


def test_retest_opens_a_new_revision_linked_to_the_old(service: Service) -> None:
    case_id = _import(service, "06-nota-dinas-rapat-pimpinan.yaml")
    service.act("budi", case_id, "approve", {})
    service.act(
        "budi",
        case_id,
        "include_in_decree",
        {"decree_number": "188.4/001/PPID/XI/2026", "decree_date": "2026-11-25"},
    )
    new = service.act(
        "rina",
        case_id,
        "retest",
        {"reason": "Tinjauan DIK tahunan", "trigger": {"kind": "proactive"}},
    )
    assert (new.case_id, new.revision, new.previous_revision) == (case_id, 2, 1)
    assert new.state is CaseState.DRAFT
    assert service.get_case(case_id).revision == 2
    old = service.get_case(f"{case_id}/1")
    assert old.state is CaseState.DECREED and old.next_revision == 2
    assert [c.revision for c in service.revisions(case_id)] == [1, 2]
    assert {e.subject for e in service.history(case_id)} == {
        f"case:{case_id}/1",
        f"case:{case_id}/2",
    }
    assert service.list_cases()[0].revision == 2


def test_unknown_users_and_cases_are_named(service: Service) -> None:
    with pytest.raises(PermissionDenied, match="nobody"):
        service.open_case("nobody", {"trigger": {"kind": "proactive"}})
    with pytest.raises(PermissionDenied, match="UJIKON_USER"):
        service.open_case(None, {"trigger": {"kind": "proactive"}})
    with pytest.raises(NotFound, match="UK-2026-0099"):
        service.get_case("UK-2026-0099")
    with pytest.raises(InputError, match="not a case id"):
        service.get_case("kasus-satu")


def test_a_bad_payload_names_its_fields(service: Service) -> None:
    case = service.open_case("siti", {"trigger": {"kind": "proactive"}})
    with pytest.raises(InputError) as bad:
        service.act("siti", case.case_id, "identify", {"document": {"title": "X"}})
    assert "document.owning_unit" in bad.value.message
    assert "information" in bad.value.message


def test_users_first_admin_then_only_admins_add(store_url: str) -> None:
    svc = make_service(store_url)
    try:
        with pytest.raises(RuleViolation, match="admin"):
            svc.add_user(None, {"username": "siti", "role": "officer"})
        svc.add_user(None, {"username": "admin", "role": "admin"})
        svc.add_user("admin", {"username": "siti", "role": "officer"})
        with pytest.raises(RuleViolation) as refused:
            svc.add_user("siti", {"username": "agus", "role": "officer"})
        assert refused.value.rule == "admin-manages-users"
        assert [u.username for u in svc.users()] == ["admin", "siti"]
    finally:
        svc.log.close()


def test_every_sample_either_reaches_review_or_is_refused_by_its_rule(service: Service) -> None:
    expected_refusal = {
        "90-ditolak-17h-tanpa-angka": "ground-needs-item",
        "91-ditolak-peraturan-bupati": "not-exemptible",
        "92-ditolak-17j-permen": "17j-needs-statute",
    }
    for path in sorted(SAMPLES.glob("*.yaml")):
        plan = load_plan(path)
        if path.stem in expected_refusal:
            with pytest.raises(RuleViolation) as refused:
                service.import_case(None, plan)
            assert refused.value.rule == expected_refusal[path.stem]
        else:
            assert service.import_case(None, plan).state is CaseState.IN_REVIEW


def test_case_file_errors_name_file_and_line(tmp_path: Path) -> None:
    broken = tmp_path / "kasus.yaml"
    broken.write_text("format: ujikon/case-1\nopen:\n  trigger: {kind: proactive\nidentify: 1\n")
    with pytest.raises(InputError) as bad:
        load_plan(broken)
    assert str(broken) in bad.value.where and ":4:" in bad.value.where
    with pytest.raises(InputError, match="unknown key 'identfy'") as typo:
        parse_plan("open: {trigger: {kind: proactive}}\nidentfy: {}\n", "k.yaml")
    assert typo.value.where == "k.yaml:2"
    with pytest.raises(InputError, match="'open' is required"):
        parse_plan("identify: {}\n", "k.yaml")
    with pytest.raises(InputError, match="cannot be read"):
        load_plan(tmp_path / "missing.yaml")


def test_withdrawing_a_retest_lets_the_old_revision_be_retested_again(service: Service) -> None:
    case_id = _import(service, "06-nota-dinas-rapat-pimpinan.yaml")
    service.act("budi", case_id, "approve", {})
    service.act(
        "budi",
        case_id,
        "include_in_decree",
        {"decree_number": "188.4/001/PPID/XI/2026", "decree_date": "2026-11-25"},
    )
    retest = {"reason": "Tinjauan DIK tahunan", "trigger": {"kind": "proactive"}}
    second = service.act("rina", case_id, "retest", retest)
    withdrawn = service.act("rina", second.ref, "withdraw", {"reason": "Salah buka"})
    assert (withdrawn.revision, withdrawn.state) == (2, CaseState.WITHDRAWN)
    assert service.get_case(f"{case_id}/1").next_revision is None
    assert service.list_cases()[0].revision == 2
    third = service.act("rina", f"{case_id}/1", "retest", retest)
    assert (third.revision, third.previous_revision) == (3, 1)
    assert service.log.verify_chain().ok
