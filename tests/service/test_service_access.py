"""Who may see and change which case: rule ``own-unit`` and the capabilities of
``domain/access.py``, checked by the service whatever the CLI or the web shows.

Users (``toolkit.USERS``): siti (officer, Bagian Hukum), wulan (officer, BPKAD),
budi/rina (ppid), hendra (head), dewi (auditor), admin.
"""

from __future__ import annotations

import pytest

from ujikon.domain.access import CAPABILITIES, Capability
from ujikon.domain.roles import Role
from ujikon.errors import InputError, NotFound, PermissionDenied, RuleViolation
from ujikon.service.cases import Service

OPENING = {"trigger": {"kind": "proactive"}, "summary": "Daftar gaji pegawai Bagian Hukum"}
IDENTIFY = {
    "document": {
        "title": "Daftar Gaji Pegawai 2026",
        "owning_unit": "Bagian Hukum",
        "dated": "2026-01-05",
        "form": "electronic",
    },
    "information": "Nomor rekening bank setiap pegawai pada daftar gaji.",
    "scope": "part",
    "parts": ["Kolom nomor rekening"],
}


@pytest.fixture
def sitis_case(service: Service) -> str:
    return service.open_case("siti", OPENING).case_id


def test_an_officer_sees_their_own_units_case(service: Service, sitis_case: str) -> None:
    assert service.get_case(sitis_case, viewer="siti").unit == "Bagian Hukum"


def test_another_units_officer_cannot_read_it_by_guessing_its_id(
    service: Service, sitis_case: str
) -> None:
    with pytest.raises(NotFound) as hidden:
        service.get_case(sitis_case, viewer="wulan")
    assert "own-unit" in hidden.value.message
    with pytest.raises(NotFound):
        service.history(sitis_case, viewer="wulan")
    with pytest.raises(NotFound):
        service.revisions(sitis_case, viewer="wulan")
    assert [c.case_id for c in service.list_cases(viewer="wulan")] == []


def test_another_units_officer_cannot_change_it(service: Service, sitis_case: str) -> None:
    before = service.log.head()
    with pytest.raises(NotFound):
        service.act("wulan", sitis_case, "identify", IDENTIFY)
    assert service.log.head() == before
    assert service.get_case(sitis_case).state.value == "draft"


@pytest.mark.parametrize("viewer", ["budi", "hendra", "dewi"])
def test_body_wide_roles_see_every_unit(service: Service, sitis_case: str, viewer: str) -> None:
    assert service.get_case(sitis_case, viewer=viewer).case_id == sitis_case
    assert [c.case_id for c in service.list_cases(viewer=viewer)] == [sitis_case]


def test_the_administrator_reads_no_case(service: Service, sitis_case: str) -> None:
    with pytest.raises(PermissionDenied) as refused:
        service.get_case(sitis_case, viewer="admin")
    assert "read cases" in refused.value.message
    with pytest.raises(PermissionDenied):
        service.list_cases(viewer="admin")


def test_the_ppid_utama_acts_on_any_unit(service: Service, sitis_case: str) -> None:
    case = service.act("budi", sitis_case, "identify", IDENTIFY)
    assert case.state.value == "identified"


def test_rule_own_unit_refuses_in_the_domain_too(service: Service, sitis_case: str) -> None:
    """Below the service, the case machine itself refuses an officer of another unit."""
    from ujikon.domain.decide import decide

    case = service.get_case(sitis_case)
    wulan = service.actor("wulan")
    with pytest.raises(RuleViolation) as refused:
        decide(case, "identify", IDENTIFY, wulan, service.catalogue, service.now(), service.today())
    assert refused.value.rule == "own-unit"
    assert "Pasal 13" in refused.value.article


@pytest.mark.parametrize("capability", list(Capability))
@pytest.mark.parametrize("role", list(Role))
def test_require_follows_the_capability_table(
    service: Service, capability: Capability, role: Role
) -> None:
    username = {
        Role.OFFICER: "siti",
        Role.PPID: "budi",
        Role.HEAD: "hendra",
        Role.AUDITOR: "dewi",
        Role.ADMIN: "admin",
    }[role]
    if role in CAPABILITIES[capability]:
        assert service.require(username, capability).username == username
    else:
        with pytest.raises(PermissionDenied) as refused:
            service.require(username, capability)
        assert capability.label_en in refused.value.message


def test_a_password_is_set_by_an_admin_or_its_owner_only(service: Service) -> None:
    service.set_password("admin", "siti", "sandi-awal-siti-01")
    service.set_password("siti", "siti", "sandi-baru-siti-02")
    with pytest.raises(RuleViolation) as refused:
        service.set_password("wulan", "siti", "sandi-wulan-untuk-siti")
    assert refused.value.rule == "admin-manages-users"
    assert service.authenticate("siti", "sandi-baru-siti-02") is not None
    assert service.authenticate("siti", "sandi-awal-siti-01") is None
    assert service.authenticate("siti", "sandi-wulan-untuk-siti") is None


def test_a_weak_password_is_refused_before_anything_is_stored(service: Service) -> None:
    before = service.log.head()
    with pytest.raises(InputError) as refused:
        service.set_password("admin", "siti", "pendek")
    assert refused.value.where == "password"
    assert service.log.head() == before
    assert not service.has_password("siti")
