"""Sessions in the workspace's store: shared by every worker, kept across a restart, and
never readable from the database as a live session (issue 14 item 11).

A second application over the same workspace stands for a second worker (or the same
server after a restart): it shares nothing with the first but the store.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from toolkit.core import Clock
from toolkit.web import ORIGIN, PASSWORDS, WebBench, csrf_of, logged_in, login, make_web_bench

from ujikon.service import SessionPolicy
from ujikon.store.sql import SqlEventLog
from ujikon.web import create_app
from ujikon.web.state import WebSettings

COOKIE = "__Host-ujikon"


class SessionClock:
    """The sessions' clock of a test: the wall clock moved by ``offset`` seconds."""

    def __init__(self, offset: float = 0.0) -> None:
        self.offset = offset

    def __call__(self) -> float:
        return time.time() + self.offset


@contextmanager
def worker(
    web: WebBench, session_clock: SessionClock | None = None, settings: WebSettings | None = None
) -> Iterator[TestClient]:
    """A browser on another application over ``web``'s workspace (another worker, or the
    server after a restart): nothing in common with ``web.app`` but the store."""
    app = create_app(web.workspace, settings, clock=Clock(), session_clock=session_clock)
    with TestClient(app, base_url=ORIGIN, headers={"origin": ORIGIN}) as client:
        yield client


def session_id(client: TestClient) -> str:
    value = client.cookies.get(COOKIE)
    assert value, "not logged in"
    return value


def carry(value: str, to: TestClient) -> None:
    """Give ``to`` the session cookie ``value`` (the same browser, another worker)."""
    to.cookies.set(COOKIE, value)


def session_rows(web: WebBench) -> list[dict[str, object]]:
    log = web.service.log
    assert isinstance(log, SqlEventLog)
    with log.engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(sa.text("SELECT * FROM web_sessions"))]


def profile_post(client: TestClient, n: int) -> object:
    """An admin's harmless form: root's own full name, which flashes a message."""
    token = csrf_of(client.get("/admin/users").text)
    return client.post(
        "/admin/users/root/profile",
        data={"full_name": f"Root {n}", "role": "admin", "unit": "", "csrf_token": token},
        follow_redirects=False,
    )


# -- what the table holds ------------------------------------------------------------------------


def test_the_table_holds_the_sha256_of_the_session_id_never_the_id(web: WebBench) -> None:
    browser = web.as_user("siti")
    cookie_id = session_id(browser)
    token = web.client().post(
        "/api/session", json={"username": "budi", "password": PASSWORDS["budi"]}
    )
    bearer = token.json()["token"]
    rows = session_rows(web)
    assert {r["key"] for r in rows} == {
        hashlib.sha256(cookie_id.encode()).hexdigest(),
        hashlib.sha256(bearer.encode()).hexdigest(),
    }
    csrf = csrf_of(browser.get("/cases/new").text)
    dumped = repr(rows)
    for secret in (cookie_id, bearer, csrf):
        assert secret not in dumped


def test_the_sqlite_file_holds_no_session_id(web: WebBench) -> None:
    if not web.workspace.is_sqlite:
        pytest.skip("the file of a SQLite workspace")
    cookie_id = session_id(web.as_user("siti"))
    database = Path(web.workspace.db_url.removeprefix("sqlite:///"))
    files = [database, Path(f"{database}-wal")]
    held = b"".join(p.read_bytes() for p in files if p.exists())
    assert hashlib.sha256(cookie_id.encode()).hexdigest().encode() in held  # the file is read
    assert cookie_id.encode() not in held


def test_the_stored_key_is_not_a_session(web: WebBench) -> None:
    """Who reads the table gets the hashes: handed back as a cookie or a bearer token,
    a hash opens nothing."""
    web.as_user("siti")
    web.client().post("/api/session", json={"username": "budi", "password": PASSWORDS["budi"]})
    for row in session_rows(web):
        thief = web.client()
        carry(str(row["key"]), thief)
        assert not logged_in(thief)
        api = web.client().get("/api/me", headers={"authorization": f"Bearer {row['key']}"})
        assert api.status_code == 401


def test_a_forged_cookie_opens_nothing_and_stores_nothing(web: WebBench) -> None:
    forger = web.client()
    for forged in ("A" * 43, "", "x" * 5000, "../../etc", hashlib.sha256(b"").hexdigest()):
        carry(forged, forger)
        assert not logged_in(forger)
    assert session_rows(web) == []


# -- several workers, one store -------------------------------------------------------------------


def test_a_session_made_by_one_worker_is_known_to_another(web: WebBench) -> None:
    browser = web.as_user("root")
    with worker(web) as other:
        carry(session_id(browser), other)
        assert logged_in(other)
        # A form with the token a page of the first worker gave: the second takes it.
        token = csrf_of(browser.get("/admin/users").text)
        done = other.post(
            "/admin/users/root/profile",
            data={"full_name": "Root Dua", "role": "admin", "unit": "", "csrf_token": token},
            follow_redirects=False,
        )
        assert done.status_code == 303
        # The flash it left is shown by the first worker, once.
        page = browser.get("/admin/users").text
        assert "Profil root diubah" in page
        assert "Profil root diubah" not in other.get("/admin/users").text


def test_logging_out_on_one_worker_ends_the_session_on_every_worker(web: WebBench) -> None:
    browser = web.as_user("siti")
    with worker(web) as other:
        carry(session_id(browser), other)
        assert logged_in(other)
        token = csrf_of(browser.get("/cases/new").text)
        assert browser.post("/logout", data={"csrf_token": token}).status_code == 200
        assert not logged_in(other)
    assert session_rows(web) == []


def test_the_csrf_token_of_another_session_is_refused(web: WebBench) -> None:
    mine, theirs = web.as_user("root"), web.as_user("root")
    foreign = csrf_of(theirs.get("/admin/users").text)
    assert foreign != csrf_of(mine.get("/admin/users").text)
    response = mine.post(
        "/admin/users/root/profile",
        data={"full_name": "Root Palsu", "role": "admin", "unit": "", "csrf_token": foreign},
        follow_redirects=False,
    )
    assert response.status_code == 403
    assert web.service.user("root").full_name != "Root Palsu"


def test_two_workers_logging_the_same_user_in_at_once(web: WebBench) -> None:
    with worker(web) as other:
        browsers = [web.client(), other]
        answers: list[int] = []

        def log_in(client: TestClient) -> None:
            answers.append(login(client, "siti").status_code)

        threads = [threading.Thread(target=log_in, args=(b,)) for b in browsers]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert answers == [303, 303]
        ids = [session_id(b) for b in browsers]
        assert ids[0] != ids[1]
        assert len(session_rows(web)) == 2
        for value in ids:  # each session works on either worker
            for client in (web.client(), other):
                carry(value, client)
                assert logged_in(client)


def test_failed_log_ins_count_across_workers(web: WebBench) -> None:
    with worker(web) as other:
        for n in range(5):  # the limit of one user name, spread over two workers
            client = web.client() if n % 2 else other
            assert login(client, "siti", "salah-terus-menerus").status_code == 403
        assert login(web.client(), "siti").status_code == 429
        assert login(other, "siti").status_code == 429


# -- a restart -------------------------------------------------------------------------------


def test_a_restart_logs_nobody_out(web: WebBench) -> None:
    value = session_id(web.as_user("siti"))
    web.app.state.ujikon.app.close()  # the first server is gone
    with worker(web, SessionClock(5 * 60)) as restarted:
        carry(value, restarted)
        assert logged_in(restarted)


def test_a_session_expired_while_the_server_was_down_stays_expired(web: WebBench) -> None:
    value = session_id(web.as_user("siti"))
    later = SessionClock(31 * 60)  # idle: 30 minutes
    with worker(web, later) as restarted:
        carry(value, restarted)
        assert not logged_in(restarted)
    assert session_rows(web) == []  # dropped when met


def test_a_busy_session_still_ends_at_its_absolute_expiry(web: WebBench) -> None:
    value = session_id(web.as_user("siti"))
    clock = SessionClock()
    with worker(web, clock) as busy:
        carry(value, busy)
        for _ in range(35):  # a request every 20 minutes for 11 h 40 min
            clock.offset += 20 * 60
            assert logged_in(busy)
        clock.offset += 25 * 60  # past 12 hours since the log-in
        assert not logged_in(busy)


def test_expired_sessions_are_purged_at_the_next_log_in(web: WebBench) -> None:
    web.as_user("siti")
    web.as_user("wulan")
    later = SessionClock(3600)
    with worker(web, later) as other:
        login(other, "budi")
    assert [r["username"] for r in session_rows(web)] == ["budi"]


def test_at_most_max_sessions_are_kept(store_url: str, tmp_path: Path) -> None:
    settings = WebSettings(session=SessionPolicy(max_sessions=2))
    for bench in make_web_bench(store_url, tmp_path / "ws", settings):
        first = bench.as_user("siti")
        bench.as_user("wulan")
        bench.as_user("budi")
        assert sorted(str(r["username"]) for r in session_rows(bench)) == ["budi", "wulan"]
        assert not logged_in(first)


# -- a user's sessions end with their password or their deactivation -------------------------------


def test_a_password_changed_from_the_command_line_ends_the_web_sessions(web: WebBench) -> None:
    """The CLI runs in a process of its own: it reaches the web's sessions only through
    the store (in memory they survived a `ujikon user passwd`)."""
    browser = web.as_user("siti")
    command = web.workspace.open()  # what `ujikon user passwd siti` opens
    try:
        assert command.set_password("root", "siti", "sandi-baru-siti-2027") == 1
    finally:
        command.log.close()
    assert not logged_in(browser)


def test_a_user_deactivated_from_the_command_line_has_no_session_left(web: WebBench) -> None:
    web.as_user("siti")
    web.as_user("wulan")
    command = web.workspace.open()
    try:
        command.set_user_active("root", "siti", False, "mutasi")
    finally:
        command.log.close()
    assert [r["username"] for r in session_rows(web)] == ["wulan"]


def test_a_session_of_another_workspace_opens_nothing(web: WebBench, tmp_path: Path) -> None:
    for elsewhere in make_web_bench(
        f"sqlite:///{tmp_path / 'ws2' / 'ujikon.db'}", tmp_path / "ws2"
    ):
        value = session_id(elsewhere.as_user("siti"))
        here = web.client()
        carry(value, here)
        assert not logged_in(here)


def test_a_read_only_workspace_keeps_its_sessions_in_memory(
    web: WebBench, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An auditor's copy cannot be written: log-in still works, in one process only."""
    monkeypatch.setenv("UJIKON_READ_ONLY", "1")
    with worker(web) as auditor:
        assert login(auditor, "dewi").status_code == 303
        assert logged_in(auditor)
    assert session_rows(web) == []


def test_moving_the_application_clock_ends_no_session(web: WebBench) -> None:
    """Case work may be dated any day (the tests' clock, a back-dated import): sessions
    count minutes of the wall clock, as they did in memory."""
    browser = web.as_user("siti")
    web.service.clock.now += timedelta(days=35)  # type: ignore[attr-defined]
    assert logged_in(browser)
