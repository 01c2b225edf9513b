"""An admin changes a user's profile, role or unit and deactivates a user, as events
(rule admin-manages-users, Perki 1/2021; UU 14/2008 Pasal 13): a deactivated user can
neither log in nor act, the history keeps their name, and the workspace never loses its
last active admin. The jabatan on the profile is what a berita acara prints."""

from __future__ import annotations

import pytest
from toolkit import SAMPLES, add_users, make_service

from ujikon.domain.roles import Role
from ujikon.errors import InputError, PermissionDenied, RuleViolation
from ujikon.service import Service
from ujikon.service.caseplan import load_plan

PASSWORD = "Garam-Laut-Sukamaju-2026"


@pytest.fixture(name="svc")
def svc_fixture(store_url: str) -> Service:
    service = make_service(store_url)
    add_users(service)
    yield service
    service.log.close()


def test_an_admin_changes_name_nip_position_role_and_unit(svc: Service) -> None:
    user = svc.update_user(
        "admin",
        "siti",
        {
            "full_name": "Siti Aminah, S.H.",
            "nip": "198503122010012003",
            "position": "Analis Hukum Ahli Muda",
            "role": "ppid",
            "unit": "Diskominfo",
        },
    )
    assert (user.full_name, user.nip, user.position) == (
        "Siti Aminah, S.H.",
        "198503122010012003",
        "Analis Hukum Ahli Muda",
    )
    assert (user.role, user.unit) == (Role.PPID, "Diskominfo")
    actor = svc.actor("siti")
    assert actor.role is Role.PPID and actor.position == "Analis Hukum Ahli Muda"
    events = [e.action for e in svc.log.read("user:siti")]
    assert events == ["user.added", "user.updated"]


def test_only_an_admin_changes_a_profile(svc: Service) -> None:
    with pytest.raises(RuleViolation) as refused:
        svc.update_user("budi", "siti", {"unit": "BPKAD"})
    assert refused.value.rule == "admin-manages-users"
    assert svc.user("siti").unit == "Bagian Hukum"


def test_a_change_that_changes_nothing_is_refused(svc: Service) -> None:
    with pytest.raises(RuleViolation, match="Tidak ada yang berubah"):
        svc.update_user("admin", "siti", {"unit": "Bagian Hukum"})
    assert [e.action for e in svc.log.read("user:siti")] == ["user.added"]


def test_a_bad_field_is_named_and_nothing_is_stored(svc: Service) -> None:
    with pytest.raises(InputError, match="nip"):
        svc.update_user("admin", "siti", {"nip": "NIP-12"})
    with pytest.raises(InputError, match="role"):
        svc.update_user("admin", "siti", {"role": "bupati"})
    assert [e.action for e in svc.log.read("user:siti")] == ["user.added"]


def test_a_deactivated_user_can_neither_log_in_nor_act(svc: Service) -> None:
    svc.set_password("admin", "siti", PASSWORD)
    assert svc.authenticate("siti", PASSWORD) is not None
    svc.set_user_active("admin", "siti", False, "mutasi ke BPKAD")
    assert svc.authenticate("siti", PASSWORD) is None
    with pytest.raises(PermissionDenied, match="dinonaktifkan"):
        svc.import_case("siti", load_plan(SAMPLES / "01-rekam-medis-pegawai.yaml"))
    assert svc.list_cases(viewer="budi") == []


def test_the_history_keeps_the_name_of_a_deactivated_user(svc: Service) -> None:
    case = svc.import_case("siti", load_plan(SAMPLES / "01-rekam-medis-pegawai.yaml"))
    svc.set_user_active("admin", "siti", False)
    kept = svc.get_case(case.case_id, viewer="budi")
    assert kept.opened_by == "siti"
    assert {e.actor for e in svc.log.read(case.subject)} == {"siti"}
    assert svc.user("siti").active is False


def test_a_reactivated_user_acts_again(svc: Service) -> None:
    svc.set_user_active("admin", "siti", False)
    svc.set_user_active("admin", "siti", True)
    assert svc.actor("siti").username == "siti"
    assert [e.action for e in svc.log.read("user:siti")][-2:] == [
        "user.deactivated",
        "user.reactivated",
    ]


def test_deactivating_twice_is_refused(svc: Service) -> None:
    svc.set_user_active("admin", "siti", False)
    with pytest.raises(RuleViolation, match="sudah nonaktif"):
        svc.set_user_active("admin", "siti", False)


def test_only_an_admin_deactivates(svc: Service) -> None:
    with pytest.raises(RuleViolation) as refused:
        svc.set_user_active("budi", "siti", False)
    assert refused.value.rule == "admin-manages-users"
    assert svc.user("siti").active


def test_the_last_active_admin_can_be_neither_deactivated_nor_demoted(svc: Service) -> None:
    with pytest.raises(RuleViolation, match="satu-satunya admin"):
        svc.set_user_active("admin", "admin", False)
    with pytest.raises(RuleViolation, match="satu-satunya admin"):
        svc.update_user("admin", "admin", {"role": "ppid"})
    svc.add_user("admin", {"username": "admin2", "role": "admin"})
    svc.set_user_active("admin2", "admin", False)
    assert svc.user("admin").active is False


def test_init_rebuilds_a_case_list_written_by_an_older_ujikon(tmp_path: object) -> None:
    """A row of the older shape lacks the new keys; after ``init`` audit verify agrees."""
    from pathlib import Path

    from ujikon.service import Workspace

    root = Path(str(tmp_path)) / "ws"
    workspace = Workspace.locate(root, f"sqlite:///{root / 'ujikon.db'}")
    service = workspace.init()
    add_users(service)
    case = service.import_case("siti", load_plan(SAMPLES / "01-rekam-medis-pegawai.yaml"))
    entry = service.log.index("case")[0]
    old = {k: v for k, v in entry.data.items() if k not in ("request_reference", "document")}
    service.log.replace_index("case", [type(entry)(kind="case", key=entry.key, state=entry.state,
                                                   data=old)])  # fmt: skip
    service.log.set_meta("case_index_format", "1")
    service.log.close()
    again = workspace.init()
    try:
        rows = again.list_cases(text="BKPSDM/ARSIP")
        assert [r.case_id for r in rows] == [case.case_id]
        assert again.log.get_meta("case_index_format") == "2"
    finally:
        again.log.close()
