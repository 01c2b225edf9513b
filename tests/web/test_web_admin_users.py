"""The admin keeps users as events from the web: changes a name, NIP, jabatan, role or
unit, deactivates a user (who is logged out at once and cannot log in or act; the
history keeps their name) and reactivates them; the last active admin stays."""

from __future__ import annotations

from web_support import WebBench, logged_in, login, open_case, post_form


def _profile(web: WebBench, username: str, **changes: str) -> object:
    user = web.service.user(username)
    fields = {"full_name": user.full_name, "nip": user.nip, "position": user.position,
              "role": user.role.value, "unit": user.unit, **changes}  # fmt: skip
    return post_form(web.as_user("root"), "/admin/users", f"/admin/users/{username}/profile",
                     fields)  # fmt: skip


def test_the_admin_changes_a_users_unit_and_jabatan(web: WebBench) -> None:
    response = _profile(web, "siti", unit="BPKAD", position="Analis Hukum Ahli Muda")
    assert response.status_code == 303  # type: ignore[attr-defined]
    user = web.service.user("siti")
    assert (user.unit, user.position) == ("BPKAD", "Analis Hukum Ahli Muda")
    page = web.as_user("root").get("/admin/users").text
    assert "Analis Hukum Ahli Muda" in page


def test_a_role_change_takes_effect_on_the_next_page(web: WebBench) -> None:
    siti = web.as_user("siti")
    assert siti.get("/review").status_code == 403
    _profile(web, "siti", role="ppid")
    assert siti.get("/review").status_code == 200


def test_a_change_that_changes_nothing_is_refused_on_the_page(web: WebBench) -> None:
    response = _profile(web, "siti")
    assert response.status_code == 422  # type: ignore[attr-defined]
    assert "Tidak ada yang berubah" in response.text  # type: ignore[attr-defined]


def test_a_deactivated_user_is_logged_out_and_cannot_log_in(web: WebBench) -> None:
    siti = web.as_user("siti")
    case_id = open_case(siti)
    assert logged_in(siti)
    response = post_form(web.as_user("root"), "/admin/users", "/admin/users/siti/active",
                         {"active": "0", "reason": "mutasi"})  # fmt: skip
    assert response.status_code == 303
    assert not logged_in(siti)
    assert login(web.client(), "siti").status_code == 403
    history = web.as_user("budi").get(f"/cases/{case_id}").text
    assert "siti" in history  # the history keeps their name
    page = web.as_user("root").get("/admin/users").text
    assert "nonaktif" in page and "Aktifkan kembali" in page


def test_a_reactivated_user_logs_in_again(web: WebBench) -> None:
    root = web.as_user("root")
    post_form(root, "/admin/users", "/admin/users/siti/active", {"active": "0"})
    post_form(root, "/admin/users", "/admin/users/siti/active", {"active": "1"})
    assert login(web.client(), "siti").status_code == 303


def test_the_last_admin_cannot_deactivate_themself(web: WebBench) -> None:
    response = post_form(web.as_user("root"), "/admin/users", "/admin/users/root/active",
                         {"active": "0"})  # fmt: skip
    assert response.status_code == 422
    assert "satu-satunya admin" in response.text
    assert web.service.user("root").active
