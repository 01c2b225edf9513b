"""The web application in a test: a workspace with a user of every role (each with a
password), the application over it, and clients logged in as each of them.

Clients talk to ``https://testserver``: the session cookie is ``Secure`` and a client
over plain HTTP would rightly not send it back.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient

from toolkit.body import BODY_NAME
from toolkit.core import SAMPLES, Clock
from ujikon.service.caseplan import load_plan
from ujikon.service.cases import Service
from ujikon.service.workspace import Workspace
from ujikon.web import create_app
from ujikon.web.state import WebSettings

__all__ = [
    "ORIGIN",
    "PASSWORDS",
    "WEB_USERS",
    "WebBench",
    "csrf_of",
    "logged_in",
    "login",
    "make_web_bench",
    "post_form",
    "setup_web_users",
]

WEB_USERS: list[tuple[str, str, str]] = [
    ("root", "admin", ""),
    ("siti", "officer", "Bagian Hukum"),
    ("wulan", "officer", "BPKAD"),
    ("budi", "ppid", "Diskominfo"),
    ("rina", "ppid", "Diskominfo"),
    ("hendra", "head", "Setda"),
    ("dewi", "auditor", "Inspektorat"),
]
"""(username, role, unit): siti and wulan are officers of two different units."""

PASSWORDS = {name: f"sandi-uji-{name}-2026" for name, _, _ in WEB_USERS}

ORIGIN = "https://testserver"
"""Where the test clients open the application."""


@dataclass
class WebBench:
    workspace: Workspace
    app: FastAPI
    service: Service
    url: str

    def client(self) -> TestClient:
        """A browser on the application's own pages: it sends ``Origin`` on every unsafe
        request, as current browsers do (the application refuses forms without it)."""
        return TestClient(self.app, base_url=ORIGIN, headers={"origin": ORIGIN})

    def as_user(self, username: str) -> TestClient:
        client = self.client()
        login(client, username)
        return client

    def import_sample(self, sample: str, by: str = "siti") -> str:
        """Walk a sample case through the steps of its file as ``by``; its id."""
        plan = replace(load_plan(SAMPLES / sample), by=by)
        return self.service.import_case(by, plan).case_id


_HASHES: dict[str, str] = {}
"""Argon2id hash of each of :data:`PASSWORDS`, made once per test process."""


@contextmanager
def _hashes_made_once() -> Iterator[None]:
    """While setting up the bench users, ``passwords.hash_password`` gives each password
    the hash it gave it the first time in this process: a real argon2id hash (a log-in
    verifies it for real), only its salt is shared by the workspaces of one test
    session. Hashing takes about half a second a password; a bench has seven."""
    from ujikon.service import passwords

    real = passwords.hash_password

    def hash_once(password: str) -> str:
        if password not in _HASHES:
            _HASHES[password] = real(password)
        return _HASHES[password]

    passwords.hash_password = hash_once  # type: ignore[assignment]
    try:
        yield
    finally:
        passwords.hash_password = real  # type: ignore[assignment]


def setup_web_users(setup: Service, full_names: dict[str, str] | None = None) -> None:
    """The users of :data:`WEB_USERS` with their :data:`PASSWORDS` (``full_names`` by
    username, else each user's full name is the username and root has none), and the
    body's name."""
    with _hashes_made_once():
        _add_web_users(setup, full_names)
    setup.log.set_meta("body_name", BODY_NAME)


def _add_web_users(setup: Service, full_names: dict[str, str] | None) -> None:
    root: dict[str, Any] = {"username": "root", "role": "admin"}
    if full_names:
        root["full_name"] = full_names["root"]
    setup.add_user(None, root)
    setup.set_password(None, "root", PASSWORDS["root"])
    for name, role, unit in WEB_USERS[1:]:
        full_name = full_names[name] if full_names else name
        setup.add_user(
            "root", {"username": name, "role": role, "unit": unit, "full_name": full_name}
        )
        setup.set_password("root", name, PASSWORDS[name])


def make_web_bench(
    store_url: str, directory: Path, settings: WebSettings | None = None
) -> Iterator[WebBench]:
    workspace = Workspace(directory, store_url)
    setup = workspace.init()
    setup_web_users(setup)
    setup.log.close()
    app = create_app(workspace, settings, clock=Clock())
    bench = WebBench(workspace, app, app.state.ujikon.app.cases, store_url)
    with TestClient(app, base_url="https://testserver"):
        yield bench


_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_of(html: str) -> str:
    """The CSRF token of the first form on a page."""
    found = _TOKEN.search(html)
    assert found, "no csrf_token on the page"
    return found.group(1)


def login(client: TestClient, username: str, password: str | None = None) -> Any:
    form = client.get("/login")
    assert form.status_code == 200
    response = client.post(
        "/login",
        data={
            "username": username,
            "password": PASSWORDS[username] if password is None else password,
            "csrf_token": csrf_of(form.text),
            "next": "/",
        },
        follow_redirects=False,
    )
    return response


def logged_in(client: TestClient) -> bool:
    return client.get("/", follow_redirects=False).status_code == 200


def post_form(client: TestClient, page: str, action: str, data: dict[str, Any], **kw: Any) -> Any:
    """Open ``page``, take its CSRF token, post ``data`` to ``action`` (no redirects)."""
    token = csrf_of(client.get(page).text)
    return client.post(action, data={**data, "csrf_token": token}, follow_redirects=False, **kw)
