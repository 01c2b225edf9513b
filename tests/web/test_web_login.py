"""Logging in and out: argon2 passwords, secure cookies, CSRF, rate limiting."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient
from web_support import (
    ORIGIN,
    PASSWORDS,
    WebBench,
    csrf_of,
    logged_in,
    login,
    make_web_bench,
    post_form,
)

from ujikon.service import passwords
from ujikon.web.state import WebSettings


def test_pages_need_a_login(web: WebBench) -> None:
    response = web.client().get("/cases", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=%2Fcases"


def test_right_password_logs_in_with_a_secure_httponly_strict_cookie(web: WebBench) -> None:
    client = web.client()
    response = login(client, "siti")
    assert response.status_code == 303
    cookie = next(
        c for c in response.headers.get_list("set-cookie") if c.startswith("__Host-ujikon=")
    )
    flags = {part.strip().lower() for part in cookie.split(";")[1:]}
    assert {"httponly", "secure", "path=/", "samesite=strict"} <= flags
    assert not any(f.startswith("domain=") for f in flags)
    assert logged_in(client)


def test_wrong_password_is_refused_without_saying_which_part_was_wrong(web: WebBench) -> None:
    client = web.client()
    wrong = login(client, "siti", "bukan-kata-sandinya")
    nobody = login(client, "tidak-ada", "bukan-kata-sandinya")
    assert wrong.status_code == nobody.status_code == 403
    assert "Nama pengguna atau kata sandi salah" in wrong.text
    assert wrong.text.count("salah") == nobody.text.count("salah")
    assert not logged_in(client)


def test_passwords_are_stored_as_argon2id_and_never_in_the_log(web: WebBench) -> None:
    stored = web.service.log.get_meta(passwords.meta_key("siti"))
    assert stored is not None and stored.startswith("$argon2id$")
    assert PASSWORDS["siti"] not in stored
    events = web.service.log.read("user:siti")
    assert [e.action for e in events] == ["user.added", "user.password_set"]
    assert "argon2" not in repr([e.payload for e in events])


def test_login_form_needs_its_csrf_token(web: WebBench) -> None:
    client = web.client()
    client.get("/login")
    response = client.post(
        "/login",
        data={"username": "siti", "password": PASSWORDS["siti"], "csrf_token": "forged"},
        follow_redirects=False,
    )
    assert response.status_code == 403
    assert not logged_in(client)


def test_a_form_without_the_session_token_changes_nothing(web: WebBench) -> None:
    client = web.as_user("siti")
    response = client.post("/logout", data={"csrf_token": "forged"}, follow_redirects=False)
    assert response.status_code == 403
    assert logged_in(client)


def test_logout_ends_the_session_on_the_server(web: WebBench) -> None:
    client = web.as_user("siti")
    cookie = client.cookies.get("__Host-ujikon")
    response = post_form(client, "/", "/logout", {})
    assert response.status_code == 303
    assert not logged_in(client)
    replay = TestClient(web.app, base_url="https://testserver", headers={"origin": ORIGIN})
    replay.cookies.set("__Host-ujikon", cookie or "")
    assert not logged_in(replay)


def test_login_is_rate_limited_per_user_name(web: WebBench) -> None:
    client = web.client()
    for _ in range(WebSettings().login_max_failures):
        assert login(client, "siti", "salah-terus-menerus").status_code == 403
    blocked = login(client, "siti")  # even the right password, for now
    assert blocked.status_code == 429
    assert int(blocked.headers["retry-after"]) > 0
    assert "Terlalu banyak percobaan" in blocked.text
    assert not logged_in(client)
    other = web.client()
    assert login(other, "budi").status_code == 303  # another user name is not blocked


def test_next_never_leaves_the_site(web: WebBench) -> None:
    client = web.client()
    form = client.get("/login?next=https://evil.example/")
    response = client.post(
        "/login",
        data={
            "username": "siti",
            "password": PASSWORDS["siti"],
            "csrf_token": csrf_of(form.text),
            "next": "//evil.example/",
        },
        follow_redirects=False,
    )
    assert response.headers["location"] == "/"


def test_language_switch_keeps_the_page_and_sets_english(web: WebBench) -> None:
    client = web.as_user("siti")
    assert "Keluar" in client.get("/").text
    response = client.get("/lang/en?next=/", follow_redirects=True)
    assert "Log out" in response.text
    assert '<html lang="en">' in response.text


def test_every_page_carries_the_security_headers(web: WebBench) -> None:
    response = web.client().get("/login")
    assert response.headers["x-frame-options"] == "DENY"
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["cache-control"] == "no-store"


def test_login_is_rate_limited_per_address_too(store_url: str, tmp_path: Path) -> None:
    settings = WebSettings(login_max_failures_per_address=3)
    for bench in make_web_bench(store_url, tmp_path / "ws", settings):
        client = bench.client()
        for name in ("siti", "wulan", "budi"):
            assert login(client, name, "salah-terus-menerus").status_code == 403
        assert login(client, "dewi").status_code == 429
