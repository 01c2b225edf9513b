"""The administrator's pages: users and passwords, the body's profile, the signing keys."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from web_support import WebBench, csrf_of, logged_in, login, post_form

from ujikon.documents.keys import create_dev_ca

NEW_PASSWORD = "sandi-baru-yang-panjang-2026"

OFFICER = {
    "username": "agus",
    "role": "officer",
    "full_name": "Agus Salim",
    "unit": "Dinas Sosial",
    "nip": "19800101 200501 1 001",
    "password": NEW_PASSWORD,
    "password2": NEW_PASSWORD,
}

PROFILE = {
    "name": "Pemerintah Kabupaten Sukamaju",
    "place": "Sukamaju",
    "issuer": "",
    "letterhead": "PEMERINTAH KABUPATEN SUKAMAJU\nDINAS KOMUNIKASI DAN INFORMATIKA",
    "address": "Jl. Merdeka No. 1, Sukamaju",
    "contact": "",
    "number_pattern": "{code}/{serial:03d}/{unit}/{month}/{year}",
    "number_code": "188.4",
    "number_unit": "PPID",
    "own_rules": "",
    "signers-0-role": "ppid",
    "signers-0-name": "Drs. Budi Santoso, M.Si.",
    "signers-0-office": "PPID UTAMA PEMERINTAH KABUPATEN SUKAMAJU",
    "signers-0-nip": "19700101 199503 1 001",
    "signers-0-rank": "",
    "signers-0-key_name": "",
    "signers-1-role": "head",
    "signers-1-name": "",
    "signers-1-office": "",
    "signers-1-nip": "",
    "signers-1-rank": "",
    "signers-1-key_name": "",
}

PASSPHRASE = "frasa-kunci-uji-2026"


def usernames(web: WebBench) -> list[str]:
    return sorted(u.username for u in web.service.users())


def field_error(html: str, field_id: str) -> str:
    """The error shown beside the input ``field_id`` (empty when there is none)."""
    found = re.search(
        rf'<p class="field-error" id="{re.escape(field_id)}-error"[^>]*>(.*?)</p>', html, re.S
    )
    return found.group(1) if found else ""


def save_profile(admin: TestClient, **changes: str) -> Any:
    return post_form(admin, "/admin/body", "/admin/body", {**PROFILE, **changes})


def key_files(web: WebBench) -> list[str]:
    keys = web.workspace.keys_dir
    return sorted(p.name for p in keys.iterdir()) if keys.exists() else []


# -- users ------------------------------------------------------------------------------


def test_admin_adds_an_officer_who_can_then_log_in(web: WebBench) -> None:
    admin = web.as_user("root")
    response = post_form(admin, "/admin/users", "/admin/users", OFFICER)
    assert response.status_code == 303
    assert response.headers["location"] == "/admin/users"
    user = web.service.user("agus")
    assert (user.role.value, user.unit, user.full_name) == ("officer", "Dinas Sosial", "Agus Salim")
    assert user.added_by == "root"
    listing = admin.get("/admin/users").text
    assert "Pengguna agus ditambahkan" in listing
    assert "Agus Salim" in listing and "19800101 200501 1 001" in listing
    officer = web.client()
    assert login(officer, "agus", NEW_PASSWORD).status_code == 303
    assert logged_in(officer)


def test_a_short_password_is_refused_next_to_the_field_and_adds_nobody(web: WebBench) -> None:
    admin = web.as_user("root")
    before = usernames(web)
    response = post_form(
        admin,
        "/admin/users",
        "/admin/users",
        {**OFFICER, "password": "pendek", "password2": "pendek"},
    )
    assert response.status_code == 422
    assert "minimal 10 karakter" in field_error(response.text, "password")
    assert 'value="Agus Salim"' in response.text  # what was typed stays
    assert usernames(web) == before


def test_a_username_outside_the_pattern_is_refused_next_to_the_field(web: WebBench) -> None:
    admin = web.as_user("root")
    response = post_form(
        admin, "/admin/users", "/admin/users", {**OFFICER, "username": "Agus Salim"}
    )
    assert response.status_code == 422
    assert "huruf kecil" in field_error(response.text, "username")
    assert "agus" not in usernames(web)


def test_two_different_passwords_are_refused(web: WebBench) -> None:
    admin = web.as_user("root")
    response = post_form(
        admin, "/admin/users", "/admin/users", {**OFFICER, "password2": NEW_PASSWORD + "x"}
    )
    assert response.status_code == 422
    assert "tidak sama" in field_error(response.text, "password2")
    assert "agus" not in usernames(web)


def test_a_duplicate_username_is_refused_by_the_rule(web: WebBench) -> None:
    admin = web.as_user("root")
    head = web.service.log.head()
    response = post_form(admin, "/admin/users", "/admin/users", {**OFFICER, "username": "siti"})
    assert response.status_code == 422
    error = field_error(response.text, "username")
    assert "sudah ada" in error and "admin-manages-users" in error
    assert web.service.log.head() == head
    assert web.service.user("siti").unit == "Bagian Hukum"


def test_a_script_in_a_full_name_shows_escaped(web: WebBench) -> None:
    admin = web.as_user("root")
    evil = '<script>alert("x")</script>'
    post_form(admin, "/admin/users", "/admin/users", {**OFFICER, "full_name": evil})
    page = admin.get("/admin/users").text
    assert evil not in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page


def test_the_list_says_who_has_a_web_password(web: WebBench) -> None:
    web.service.add_user("root", {"username": "tanpa", "role": "auditor"})
    page = web.as_user("root").get("/admin/users").text
    row = page[page.index("<code>tanpa</code>") :].split("</tr>", 1)[0]
    assert "belum ada" in row


def test_a_password_change_ends_the_users_sessions(web: WebBench) -> None:
    officer = web.as_user("siti")
    assert logged_in(officer)
    admin = web.as_user("root")
    response = post_form(
        admin,
        "/admin/users",
        "/admin/users/siti/password",
        {"password": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 303
    assert not logged_in(officer)
    assert logged_in(admin)
    assert login(web.client(), "siti").status_code == 403  # the old password is gone
    assert login(web.client(), "siti", NEW_PASSWORD).status_code == 303


def test_an_administrator_who_changes_their_own_password_logs_in_again(web: WebBench) -> None:
    admin = web.as_user("root")
    response = post_form(
        admin,
        "/admin/users",
        "/admin/users/root/password",
        {"password": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/login"
    assert not logged_in(admin)
    assert login(web.client(), "root", NEW_PASSWORD).status_code == 303


def test_a_short_new_password_changes_nothing(web: WebBench) -> None:
    officer = web.as_user("siti")
    admin = web.as_user("root")
    head = web.service.log.head()
    response = post_form(
        admin, "/admin/users", "/admin/users/siti/password", {"password": "x", "password2": "x"}
    )
    assert response.status_code == 422
    assert "minimal" in field_error(response.text, "pw-siti")
    assert web.service.log.head() == head
    assert logged_in(officer)


def test_the_password_of_an_unknown_user_is_a_404(web: WebBench) -> None:
    admin = web.as_user("root")
    response = post_form(
        admin,
        "/admin/users",
        "/admin/users/tidak-ada/password",
        {"password": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 404


# -- only the administrator ---------------------------------------------------------------

ADMIN_PAGES = ["/admin/users", "/admin/body", "/admin/keys"]
NON_ADMINS = ["siti", "budi", "hendra", "dewi"]


@pytest.mark.parametrize("username", NON_ADMINS)
def test_only_the_administrator_opens_the_admin_pages(web: WebBench, username: str) -> None:
    client = web.as_user(username)
    for path in ADMIN_PAGES:
        response = client.get(path)
        assert response.status_code == 403, path
        assert "tidak berwenang" in response.text


@pytest.mark.parametrize("username", NON_ADMINS)
def test_a_non_administrators_admin_forms_store_nothing(web: WebBench, username: str) -> None:
    client = web.as_user(username)
    token = csrf_of(client.get("/").text)
    users, head = usernames(web), web.service.log.head()
    posts: list[tuple[str, dict[str, Any]]] = [
        ("/admin/users", {**OFFICER}),
        (
            f"/admin/users/{username}/password",
            {"password": NEW_PASSWORD, "password2": NEW_PASSWORD},
        ),
        ("/admin/users/root/password", {"password": NEW_PASSWORD, "password2": NEW_PASSWORD}),
        ("/admin/body", {**PROFILE}),
        ("/admin/keys/dev-ca", {"passphrase": PASSPHRASE, "passphrase2": PASSPHRASE}),
    ]
    for action, data in posts:
        response = client.post(action, data={**data, "csrf_token": token}, follow_redirects=False)
        assert response.status_code == 403, action
    upload = client.post(
        "/admin/keys/import",
        data={"key_name": "ppid", "passphrase": PASSPHRASE, "csrf_token": token},
        files={"file": ("ppid.p12", b"not a key", "application/x-pkcs12")},
        follow_redirects=False,
    )
    assert upload.status_code == 403
    assert usernames(web) == users
    assert web.service.log.head() == head
    assert key_files(web) == []
    assert logged_in(client)  # their own password did not change either


def test_admin_forms_need_the_session_token(web: WebBench) -> None:
    admin = web.as_user("root")
    response = admin.post(
        "/admin/users", data={**OFFICER, "csrf_token": "forged"}, follow_redirects=False
    )
    assert response.status_code == 403
    assert "agus" not in usernames(web)


# -- the body's profile -------------------------------------------------------------------


def test_the_body_profile_saves_and_shows(web: WebBench) -> None:
    admin = web.as_user("root")
    assert "Profil belum diisi" in admin.get("/admin/body").text
    response = save_profile(admin)
    assert response.status_code == 303
    profile = web.app.state.ujikon.app.decrees.profile()
    assert profile is not None
    assert profile.place == "Sukamaju"
    assert profile.letterhead == (
        "PEMERINTAH KABUPATEN SUKAMAJU",
        "DINAS KOMUNIKASI DAN INFORMATIKA",
    )
    assert [(s.role.value, s.name, s.nip) for s in profile.signers] == [
        ("ppid", "Drs. Budi Santoso, M.Si.", "19700101 199503 1 001")
    ]  # the empty head row is no signer
    page = admin.get("/admin/body").text
    assert "Profil badan publik disimpan" in page
    assert "188.4/001/PPID/XI/2026" in page
    assert 'value="Drs. Budi Santoso, M.Si."' in page
    assert "DINAS KOMUNIKASI DAN INFORMATIKA" in page


def test_a_profile_without_signers_is_refused_by_the_rule(web: WebBench) -> None:
    admin = web.as_user("root")
    response = save_profile(
        admin, **{"signers-0-name": "", "signers-0-office": "", "signers-0-nip": ""}
    )
    assert response.status_code == 422
    error = field_error(response.text, "signers")
    assert "admin-manages-workspace" in error and "penanda tangan" in error
    assert web.app.state.ujikon.app.decrees.profile() is None


def test_a_wrong_signer_nip_is_refused_next_to_its_field(web: WebBench) -> None:
    admin = web.as_user("root")
    response = save_profile(
        admin,
        **{"signers-1-name": "H. Ahmad", "signers-1-office": "BUPATI", "signers-1-nip": "abc"},
    )
    assert response.status_code == 422
    assert "NIP hanya angka" in field_error(response.text, "signers-1-nip")
    assert 'value="H. Ahmad"' in response.text
    assert web.app.state.ujikon.app.decrees.profile() is None


def test_a_number_pattern_without_a_serial_is_refused(web: WebBench) -> None:
    admin = web.as_user("root")
    response = save_profile(admin, number_pattern="{code}/{year}")
    assert response.status_code == 422
    assert "{serial}" in field_error(response.text, "number_pattern")


# -- signing keys -------------------------------------------------------------------------


def create_dev_keys(admin: TestClient, **changes: str) -> Any:
    data = {"passphrase": PASSPHRASE, "passphrase2": PASSPHRASE, **changes}
    return post_form(admin, "/admin/keys", "/admin/keys/dev-ca", data)


def test_a_dev_ca_is_created_and_its_keys_listed_as_untrusted(web: WebBench) -> None:
    admin = web.as_user("root")
    save_profile(admin, **{"signers-1-name": "H. Ahmad", "signers-1-office": "BUPATI SUKAMAJU"})
    response = create_dev_keys(admin)
    assert response.status_code == 303
    assert key_files(web) == ["dev-ca.key.pem", "dev-ca.pem", "head.p12", "ppid.p12"]
    keys = web.app.state.ujikon.app.decrees.installed_keys()
    assert [(k["key_name"], k["is_dev"], k["installed_by"]) for k in keys] == [
        ("head", True, "root"),
        ("ppid", True, "root"),
    ]
    page = admin.get("/admin/keys").text
    assert 'id="dev-warning"' in page and "TIDAK TEPERCAYA" in page
    assert "M.Si. (DEV)" in page  # the holder, marked as a development certificate
    assert keys[1]["fingerprint_sha256"][:16] in page


def test_dev_keys_are_not_overwritten_unless_asked(web: WebBench) -> None:
    admin = web.as_user("root")
    save_profile(admin)
    create_dev_keys(admin)
    first = web.app.state.ujikon.app.decrees.installed_keys()
    again = create_dev_keys(admin)
    assert again.status_code == 422
    assert "sudah ada" in field_error(again.text, "dev-overwrite")
    assert web.app.state.ujikon.app.decrees.installed_keys() == first
    replaced = create_dev_keys(admin, overwrite="1")
    assert replaced.status_code == 303
    assert web.app.state.ujikon.app.decrees.installed_keys() != first


def test_dev_keys_need_a_profile_and_a_passphrase_typed_twice(web: WebBench) -> None:
    admin = web.as_user("root")
    no_profile = create_dev_keys(admin)
    assert no_profile.status_code == 422
    assert "profil" in field_error(no_profile.text, "dev").lower()
    save_profile(admin)
    mismatch = create_dev_keys(admin, passphrase2="lain")
    assert mismatch.status_code == 422
    assert "tidak sama" in field_error(mismatch.text, "dev-passphrase2")
    assert key_files(web) == []


def upload_key(
    admin: TestClient, content: bytes, passphrase: str = PASSPHRASE, **extra: str
) -> Any:
    token = csrf_of(admin.get("/admin/keys").text)
    return admin.post(
        "/admin/keys/import",
        data={"key_name": "ppid", "passphrase": passphrase, "csrf_token": token, **extra},
        files={"file": ("ppid.p12", content, "application/x-pkcs12")},
        follow_redirects=False,
    )


def a_pkcs12(tmp_path: Path) -> bytes:
    made = create_dev_ca(
        tmp_path / "elsewhere",
        body_name="Pemerintah Kabupaten Sukamaju",
        signers=[("ppid", "Budi Santoso")],
        passphrase=PASSPHRASE.encode(),
    )
    return made.signer("ppid").path.read_bytes()


def test_a_file_that_is_no_pkcs12_is_refused_and_nothing_installed(web: WebBench) -> None:
    admin = web.as_user("root")
    save_profile(admin)
    head = web.service.log.head()
    response = upload_key(admin, b"%PDF-1.7 bukan kunci")
    assert response.status_code == 422
    assert "bukan berkas kunci PKCS#12" in field_error(response.text, "import-file")
    assert key_files(web) == []
    assert web.service.log.head() == head


def test_a_pkcs12_key_is_imported_for_a_signer(web: WebBench, tmp_path: Path) -> None:
    admin = web.as_user("root")
    save_profile(admin)
    content = a_pkcs12(tmp_path)
    response = upload_key(admin, content)
    assert response.status_code == 303
    assert (web.workspace.keys_dir / "ppid.p12").read_bytes() == content
    [key] = web.app.state.ujikon.app.decrees.installed_keys()
    assert key["key_name"] == "ppid" and "Budi Santoso (DEV)" in key["subject"]
    page = admin.get("/admin/keys").text
    assert "Kunci ppid dipasang" in page


def test_a_wrong_passphrase_is_refused_next_to_its_field(web: WebBench, tmp_path: Path) -> None:
    admin = web.as_user("root")
    save_profile(admin)
    response = upload_key(admin, a_pkcs12(tmp_path), passphrase="bukan-frasanya")
    assert response.status_code == 422
    assert "kata sandi tidak dapat membuka" in field_error(response.text, "import-passphrase")
    assert key_files(web) == []


def test_an_installed_key_is_not_replaced_unless_asked(web: WebBench, tmp_path: Path) -> None:
    admin = web.as_user("root")
    save_profile(admin)
    content = a_pkcs12(tmp_path)
    upload_key(admin, content)
    again = upload_key(admin, content)
    assert again.status_code == 422
    assert "sudah terpasang" in field_error(again.text, "import-overwrite")
    assert upload_key(admin, content, overwrite="1").status_code == 303
