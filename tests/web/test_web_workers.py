"""``ujikon serve --workers 2`` for real: a child process on a free loopback port over a
temporary workspace, on each store backend. One browser logs in and keeps its session,
its CSRF token and its flashes over many requests, each on a new connection (so the two
workers share them); then the server is killed and started again, and the same cookie
still works."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
from toolkit.web import PASSWORDS, csrf_of, setup_web_users

import ujikon
from ujikon.service import Workspace

REQUESTS = 24
"""Form round trips before the restart (each three requests on new connections)."""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def serving(directory: Path, url: str, port: int, log: Path) -> Iterator[subprocess.Popen[bytes]]:
    """``ujikon serve --workers 2`` until the block ends, then killed (SIGKILL to its
    process group: the parent and both workers, as a crash would end them)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("UJIKON_")}
    # This checkout's ujikon, whatever the interpreter would find on its own.
    env["PYTHONPATH"] = str(Path(ujikon.__file__).resolve().parent.parent)
    command = [
        sys.executable,
        "-m",
        "ujikon.cli.main",
        "--workspace",
        str(directory),
        "--db",
        url,
        "serve",
        "--port",
        str(port),
        "--workers",
        "2",
        "--insecure-cookies",
    ]
    with open(log, "ab") as sink:
        server = subprocess.Popen(
            command, env=env, stdout=sink, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        for _ in range(600):
            if server.poll() is not None:
                raise AssertionError(f"serve ended early:\n{log.read_text()}")
            try:
                if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2).text == "ok":
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        else:
            raise AssertionError(f"serve did not answer:\n{log.read_text()}")
        yield server
    finally:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=30)


def _browser(port: int) -> httpx.Client:
    """No kept-alive connection: every request is a new one, for either worker to take."""
    origin = f"http://127.0.0.1:{port}"
    return httpx.Client(
        base_url=origin,
        headers={"origin": origin},
        limits=httpx.Limits(max_keepalive_connections=0),
        timeout=30,
    )


def _log_in(browser: httpx.Client) -> None:
    form = browser.get("/login")
    answer = browser.post(
        "/login",
        data={
            "username": "root",
            "password": PASSWORDS["root"],
            "csrf_token": csrf_of(form.text),
            "next": "/",
        },
    )
    assert answer.status_code == 303, answer.text[:300]


def _round_trip(browser: httpx.Client, n: int, token: str | None = None) -> str:
    """A page, a form with its token, the flash on the next page; the token used."""
    page = browser.get("/admin/users")
    assert page.status_code == 200, f"round {n}: logged out ({page.status_code})"
    token = token or csrf_of(page.text)
    done = browser.post(
        "/admin/users/root/profile",
        data={"full_name": f"Root {n}", "role": "admin", "unit": "", "csrf_token": token},
    )
    assert done.status_code == 303, f"round {n}: form refused ({done.status_code})"
    shown = browser.get("/admin/users").text
    assert "Profil root diubah" in shown, f"round {n}: the flash was lost"
    return token


def test_two_workers_share_sessions_and_a_restart_logs_nobody_out(
    store_url: str, tmp_path: Path
) -> None:
    directory = tmp_path / "ws"
    setup = Workspace(directory, store_url).init()
    setup_web_users(setup)
    setup.log.close()
    port, log = _free_port(), tmp_path / "serve.log"

    with serving(directory, store_url, port, log):
        browser = _browser(port)
        _log_in(browser)
        token = ""
        for n in range(REQUESTS):
            token = _round_trip(browser, n)
    workers = set(re.findall(r"Started server process \[(\d+)\]", log.read_text()))
    assert len(workers) == 2, log.read_text()

    with serving(directory, store_url, port, log):
        # The same cookie, and the token a page of the killed server gave, still work.
        _round_trip(browser, REQUESTS, token)
        for n in range(REQUESTS + 1, REQUESTS + 6):
            _round_trip(browser, n)
    assert "Traceback" not in log.read_text()
