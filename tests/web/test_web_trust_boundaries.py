"""The web application's trust boundaries: whose forwarded headers it believes, and which
sites' forms it accepts.

- ``X-Forwarded-For`` / ``X-Forwarded-Proto`` are believed only from the addresses given
  to ``ujikon serve --forwarded-allow-ips`` (default none): otherwise anyone who can reach
  the port -- a process on the server itself included -- could name a new address on every
  log-in and never meet the per-address limit.
- An unsafe request that a browser's cookie authorises (a page's form, the log-in form, a
  cookie-session API write) must come from the application's own origin (``Origin``, or
  ``Referer`` when a browser sends no ``Origin``): a valid CSRF token from a foreign page is
  refused. A request with neither is refused too: every current browser sends ``Origin``
  on a POST. Bearer-token API requests carry no cookie and are not subject to it.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from toolkit import cli_runner
from typer.testing import CliRunner
from web_support import PASSWORDS, WebBench, api_as, csrf_of, make_web_bench

from ujikon.web.state import WebSettings

OWN = "https://testserver"
EVIL = "https://evil.example"
OPEN = {"trigger.kind": "proactive", "summary": "Uji asal formulir"}


def _bench(store_url: str, tmp_path: Path, **settings: Any) -> Iterator[WebBench]:
    yield from make_web_bench(
        store_url, tmp_path / "ws", WebSettings(login_max_failures_per_address=3, **settings)
    )


@pytest.fixture
def strict(store_url: str, tmp_path: Path) -> Iterator[WebBench]:
    yield from _bench(store_url, tmp_path)


@pytest.fixture
def behind_proxy(store_url: str, tmp_path: Path) -> Iterator[WebBench]:
    yield from _bench(store_url, tmp_path, forwarded_allow_ips=("127.0.0.1",))


def _from(bench: WebBench, peer: str) -> TestClient:
    """A client whose connection comes from ``peer`` (a proxy on the same host: 127.0.0.1)."""
    return TestClient(bench.app, base_url=OWN, client=(peer, 40000), headers={"origin": OWN})


def _fail_login(client: TestClient, name: str, forwarded: str) -> int:
    form = client.get("/login", headers={"x-forwarded-for": forwarded})
    response = client.post(
        "/login",
        data={"username": name, "password": "salah", "csrf_token": csrf_of(form.text)},
        headers={"x-forwarded-for": forwarded},
        follow_redirects=False,
    )
    return response.status_code


# -- forwarded headers ---------------------------------------------------------------------------


def test_rotating_x_forwarded_for_from_loopback_does_not_reset_the_address_limit(
    strict: WebBench,
) -> None:
    client = _from(strict, "127.0.0.1")
    codes = [
        _fail_login(client, name, f"203.0.113.{n}")
        for n, name in enumerate(["siti", "wulan", "budi", "rina", "hendra"])
    ]
    assert codes == [403, 403, 403, 429, 429]


def test_forwarded_for_is_believed_from_an_allowed_proxy(behind_proxy: WebBench) -> None:
    client = _from(behind_proxy, "127.0.0.1")
    for name in ("siti", "wulan", "budi"):
        assert _fail_login(client, name, "203.0.113.7") == 403
    assert _fail_login(client, "rina", "203.0.113.7") == 429  # that address is limited ...
    assert _fail_login(client, "rina", "198.51.100.2") == 403  # ... another is not


def test_forwarded_for_from_a_peer_not_allowed_is_ignored(behind_proxy: WebBench) -> None:
    client = _from(behind_proxy, "192.0.2.50")
    codes = [
        _fail_login(client, name, f"203.0.113.{n}")
        for n, name in enumerate(["siti", "wulan", "budi", "rina"])
    ]
    assert codes == [403, 403, 403, 429]


def _served(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *options: str) -> Any:
    """The ASGI application exactly as ``ujikon serve OPTIONS`` has uvicorn run it (the
    app wrapped by the middleware uvicorn adds for the arguments it was given)."""
    import uvicorn

    from ujikon.cli.main import app
    from ujikon.web.app import SETTINGS_ENV

    handed = ("UJIKON_WORKSPACE", "UJIKON_DB", SETTINGS_ENV)
    seen: list[tuple[Any, dict[str, Any], dict[str, str | None]]] = []
    monkeypatch.setattr(
        uvicorn,
        "run",
        lambda asgi, **kw: seen.append((asgi, kw, {k: os.environ.get(k) for k in handed})),
    )
    if not (tmp_path / "ws").exists():
        cli_runner(tmp_path / "ws", [])
    runner = CliRunner(env={"UJIKON_WORKSPACE": str(tmp_path / "ws"), "UJIKON_DB": None})
    result = runner.invoke(app, ["serve", *options])
    assert result.exit_code == 0, result.output
    [(asgi, kw, environment)] = seen
    # The worker builds its application from what serve handed it in the environment
    # (the runner has put the test's own environment back by now).
    for name, value in environment.items():
        assert value is not None, name
        monkeypatch.setenv(name, value)
    config = uvicorn.Config(asgi, **kw)
    config.load()
    return config.loaded_app


def _rotating(asgi: Any, attempts: int, forwarded: Callable[[int], str]) -> list[int]:
    client = TestClient(asgi, base_url=OWN, client=("127.0.0.1", 40000), headers={"origin": OWN})
    return [_fail_login(client, f"tamu{n}", forwarded(n)) for n in range(attempts)]


def test_serve_by_default_believes_no_forwarded_for_from_loopback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """51 failed log-ins from 127.0.0.1, each naming another X-Forwarded-For: the limit of
    50 per address still holds."""
    codes = _rotating(_served(tmp_path, monkeypatch), 51, lambda n: f"203.0.113.{n}")
    assert codes[:50] == [403] * 50 and codes[50] == 429


def test_serve_believes_forwarded_for_from_the_proxies_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asgi = _served(tmp_path, monkeypatch, "--forwarded-allow-ips", "127.0.0.1")
    codes = _rotating(asgi, 51, lambda n: "203.0.113.7" if n < 50 else "198.51.100.2")
    assert codes == [403] * 51  # the 51st names another client: it has its own count
    assert _rotating(asgi, 1, lambda n: "203.0.113.7") == [429]


def test_serve_options_are_checked_and_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asgi = _served(
        tmp_path,
        monkeypatch,
        "--forwarded-allow-ips",
        "127.0.0.1, 10.0.0.0/8",
        "--public-url",
        "https://ppid.sukamaju.go.id/",
    )
    app = asgi
    while not hasattr(app, "state"):
        app = app.app
    assert app.state.ujikon.settings.forwarded_allow_ips == ("127.0.0.1", "10.0.0.0/8")
    assert app.state.ujikon.settings.public_url == "https://ppid.sukamaju.go.id"
    runner = CliRunner(env={"UJIKON_WORKSPACE": str(tmp_path / "ws"), "UJIKON_DB": None})
    from ujikon.cli.main import app as cli_app

    for option, value in (
        ("--public-url", "ppid.sukamaju.go.id"),
        ("--public-url", "https://ppid.sukamaju.go.id/masuk"),
        ("--forwarded-allow-ips", "127.0.0.1,localhost"),
        ("--forwarded-allow-ips", "10.0.0.1/8"),
    ):
        bad = runner.invoke(cli_app, ["serve", option, value])
        assert bad.exit_code == 2 and option in bad.output, (option, value, bad.output)


# -- the origin of unsafe requests ---------------------------------------------------------------


def _logged_in(bench: WebBench, username: str = "siti") -> tuple[TestClient, str]:
    client = TestClient(bench.app, base_url=OWN, headers={"origin": OWN})
    form = client.get("/login")
    response = client.post(
        "/login",
        data={
            "username": username,
            "password": PASSWORDS[username],
            "csrf_token": csrf_of(form.text),
        },
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    return client, csrf_of(client.get("/cases/new").text)


def _open(client: TestClient, token: str, **headers: str) -> Any:
    return client.post(
        "/cases/new",
        data={**OPEN, "csrf_token": token},
        headers=headers,
        follow_redirects=False,
    )


@pytest.mark.parametrize(
    "headers",
    [
        {"origin": EVIL},
        {"origin": "null"},
        {"origin": "http://testserver"},  # same host, other scheme
        {"origin": "https://testserver:8443"},  # same host, other port
        {"origin": "https://testserver.evil.example"},
        {"referer": f"{EVIL}/halaman"},
        {},  # neither: no current browser posts a form so
    ],
    ids=["foreign", "null", "scheme", "port", "suffix", "foreign-referer", "neither"],
)
def test_a_valid_csrf_token_from_another_origin_is_refused(
    strict: WebBench, headers: dict[str, str]
) -> None:
    client, token = _logged_in(strict)
    client.headers.pop("origin")
    before = strict.service.log.head()
    response = _open(client, token, **headers)
    assert response.status_code == 403
    assert "asal lain" in response.text and "another origin" in response.text
    assert strict.service.log.head() == before


@pytest.mark.parametrize(
    "headers",
    [{"origin": OWN}, {"origin": "https://TESTSERVER:443"}, {"referer": f"{OWN}/cases/new"}],
    ids=["origin", "origin-default-port", "referer"],
)
def test_the_applications_own_pages_may_post(strict: WebBench, headers: dict[str, str]) -> None:
    client, token = _logged_in(strict)
    client.headers.pop("origin")
    assert _open(client, token, **headers).status_code == 303


def test_the_login_form_from_another_origin_is_refused(strict: WebBench) -> None:
    client = TestClient(strict.app, base_url=OWN)
    token = csrf_of(client.get("/login").text)
    response = client.post(
        "/login",
        data={"username": "siti", "password": PASSWORDS["siti"], "csrf_token": token},
        headers={"origin": EVIL},
        follow_redirects=False,
    )
    assert response.status_code == 403
    assert not any(c.startswith("__Host-ujikon=") for c in response.headers.get_list("set-cookie"))


def test_a_cookie_session_api_write_from_another_origin_is_refused(strict: WebBench) -> None:
    client, token = _logged_in(strict)  # the session's token, as a page's script sends it
    body = {"trigger": {"kind": "proactive"}, "summary": "Dari situs lain"}
    refused = client.post("/api/cases", json=body, headers={"x-csrf-token": token, "origin": EVIL})
    assert refused.status_code == 403
    assert refused.json()["error"] == "CrossOrigin"
    assert client.post("/api/cases", json=body, headers={"x-csrf-token": token}).status_code == 201


def test_bearer_api_requests_are_not_subject_to_it(strict: WebBench) -> None:
    client = api_as(strict, "siti")
    client.headers.pop("origin", None)
    body = {"trigger": {"kind": "proactive"}, "summary": "Lewat API"}
    assert client.post("/api/cases", json=body).status_code == 201
    assert client.post("/api/cases", json=body, headers={"origin": EVIL}).status_code == 201
    bare = TestClient(strict.app, base_url=OWN)
    login = bare.post("/api/session", json={"username": "siti", "password": PASSWORDS["siti"]})
    assert login.status_code == 200


def test_with_a_public_url_only_that_origin_may_post(store_url: str, tmp_path: Path) -> None:
    for bench in _bench(store_url, tmp_path, public_url="https://ppid.sukamaju.go.id"):
        client = TestClient(bench.app, base_url=OWN, headers={"origin": OWN})
        token = csrf_of(client.get("/login").text)
        data = {"username": "siti", "password": PASSWORDS["siti"], "csrf_token": token}
        assert client.post("/login", data=data, follow_redirects=False).status_code == 403
        client.headers["origin"] = "https://ppid.sukamaju.go.id"
        assert client.post("/login", data=data, follow_redirects=False).status_code == 303
