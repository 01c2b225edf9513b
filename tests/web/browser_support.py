"""The browser tests' helpers: Debian's Chromium driven by Playwright, over the real
application served by uvicorn on a free loopback port.

* :func:`require_chromium` skips (or, under ``CI=true``, fails) when the browser is
  missing; nothing is ever downloaded (the test command installs the Debian package).
* :func:`build_workspace` makes a workspace like ``toolkit.web`` does (a user of every
  role, each with a password), plus the body's profile and development signing keys in
  ``<workspace>/keys`` (``toolkit.body``), so that a decree can be issued and verified.
* :class:`LiveServer` runs the application in a background thread; the browser talks to
  ``http://localhost:<port>`` (Chromium keeps ``Secure`` cookies for ``localhost``).
* :class:`Shots` saves a full-page screenshot of every page the journey visits into
  ``UJIKON_ARTEFACTS`` (default ``tests/web/artefacts/``), numbered in order.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from toolkit import (
    HEAD_NAME,
    KEY_PASSPHRASE,
    PPID_NAME,
    Clock,
    install_profile,
    make_dev_keys,
)
from toolkit.web import PASSWORDS, setup_web_users

from ujikon.service.cases import Service
from ujikon.service.workspace import Workspace
from ujikon.web import create_app

__all__ = [
    "CHROMIUM",
    "CHROMIUM_ARGS",
    "FULL_NAMES",
    "PASSPHRASE",
    "PASSWORDS",
    "SIGNER_NAME",
    "LiveServer",
    "Shots",
    "artefacts_dir",
    "browser",
    "build_workspace",
    "import_titled",
    "log_in",
    "require_chromium",
]

CHROMIUM = Path(os.environ.get("UJIKON_CHROMIUM") or "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

PASSPHRASE = KEY_PASSPHRASE
"""Protects the development signing keys; the PPID types it to issue a decree."""

SIGNER_NAME = PPID_NAME

FULL_NAMES = {
    "root": "Admin Sekretariat PPID",
    "siti": "Siti Rahmawati, S.H.",
    "wulan": "Wulandari, S.E.",
    "budi": SIGNER_NAME,
    "rina": "Rina Marlina, S.IP.",
    "hendra": HEAD_NAME,
    "dewi": "Dewi Lestari, S.H., M.H.",
}


def require_chromium() -> Path:
    """Debian's Chromium, or skip the module (fail it under ``CI=true``)."""
    if CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK):
        return CHROMIUM
    message = (
        f"{CHROMIUM} is missing: install Debian's browser (`apt-get install chromium`, or "
        "`scripts/ensure-chromium.sh`); the browser tests never download one"
    )
    if os.environ.get("CI") == "true":
        pytest.fail(message, pytrace=False)
    pytest.skip(message, allow_module_level=True)
    raise AssertionError("unreachable")  # pragma: no cover


class SafeClock:
    """The tests' clock (2026-11-25 09:00 WIB, one second per reading), safe to read
    from the server's worker threads."""

    def __init__(self) -> None:
        self._clock = Clock()
        self._lock = threading.Lock()

    def __call__(self) -> datetime:
        with self._lock:
            return self._clock()


def build_workspace(directory: Path) -> Workspace:
    """A SQLite workspace with a user of every role (passwords as in ``web_support``),
    the body's profile and development signing keys for the PPID and the head."""
    workspace = Workspace(directory, f"sqlite:///{directory / 'ujikon.db'}")
    setup = workspace.init()
    try:
        setup_web_users(setup, FULL_NAMES)
        install_profile(workspace.decrees(setup), "root")
        make_dev_keys(workspace.keys_dir)
        # The auditor's check trusts this development CA because the body put it among
        # its roots on purpose (``keys/trusted/``); it is never trusted on its own.
        trusted = workspace.keys_dir / "trusted"
        trusted.mkdir(exist_ok=True)
        shutil.copyfile(workspace.keys_dir / "dev-ca.pem", trusted / "dev-ca.pem")
    finally:
        setup.log.close()
    return workspace


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass
class LiveServer:
    """The application over ``workspace``, served by uvicorn in a background thread."""

    workspace: Workspace
    port: int = field(default_factory=free_port)
    app: Any = None
    _server: Any = None
    _thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://localhost:{self.port}"

    def start(self) -> LiveServer:
        import uvicorn

        self.app = create_app(self.workspace, clock=SafeClock())
        config = uvicorn.Config(
            self.app, host="127.0.0.1", port=self.port, log_level="warning", lifespan="on"
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, name="ujikon-live", daemon=True)
        self._thread.start()
        deadline = time.monotonic() + 30
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError(f"the application did not start on port {self.port}")
            time.sleep(0.05)
        return self

    @property
    def service(self) -> Service:
        """The application's own service (the same store and clock as the pages)."""
        service: Service = self.app.state.ujikon.app.cases
        return service

    def stop(self) -> None:
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=30)


def artefacts_dir() -> Path:
    chosen = os.environ.get("UJIKON_ARTEFACTS")
    return Path(chosen) if chosen else Path(__file__).resolve().parent / "artefacts"


class Shots:
    """Numbered full-page screenshots: ``01-login.png``, ``02-officer-home.png``, ..."""

    def __init__(self, directory: Path, prefix: str = "") -> None:
        self.directory = directory
        self.prefix = prefix
        self.count = 0
        self.saved: list[Path] = []
        directory.mkdir(parents=True, exist_ok=True)
        for old in directory.glob(f"{prefix}[0-9][0-9]-*.png"):
            old.unlink()

    def __call__(self, page: Any, name: str, *, full_page: bool = True) -> Path:
        self.count += 1
        slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
        path = self.directory / f"{self.prefix}{self.count:02d}-{slug}.png"
        page.screenshot(path=str(path), full_page=full_page)
        self.saved.append(path)
        return path


@contextmanager
def browser(profile_dir: Path, **options: Any) -> Iterator[Any]:
    """A fresh Chromium (its own user data directory) as a Playwright browser context
    that accepts downloads; closed and stopped afterwards."""
    from playwright.sync_api import sync_playwright

    require_chromium()
    if profile_dir.exists():
        shutil.rmtree(profile_dir)
    profile_dir.mkdir(parents=True)
    driver = sync_playwright().start()
    try:
        settings: dict[str, Any] = {
            "headless": True,
            "accept_downloads": True,
            "locale": "id-ID",
            "timezone_id": "Asia/Jakarta",
            "viewport": {"width": 1280, "height": 900},
            **options,
        }
        context = driver.chromium.launch_persistent_context(
            user_data_dir=str(profile_dir),
            executable_path=str(CHROMIUM),
            args=CHROMIUM_ARGS,
            **settings,
        )
        context.set_default_timeout(30_000)
        try:
            yield context
        finally:
            context.close()
    finally:
        driver.stop()


def log_in(page: Any, base: str, username: str) -> None:
    """Log ``username`` in through the form and land on the dashboard."""
    from playwright.sync_api import expect

    page.goto(base + "/login")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(PASSWORDS[username])
    with page.expect_navigation():
        page.get_by_role("button", name="Masuk").click()
    expect(page.locator("h1")).to_have_text("Beranda")


def import_titled(live: LiveServer, sample: Path, title: str) -> str:
    """The sample case walked by siti (every step its file has), its document titled
    ``title``; the case id."""
    import copy
    import dataclasses

    from ujikon.service.caseplan import load_plan

    plan = load_plan(sample)
    steps = []
    for step in plan.steps:
        payload = copy.deepcopy(step.payload)
        if step.trigger == "identify":
            payload["document"]["title"] = title
        steps.append(dataclasses.replace(step, payload=payload))
    return live.service.import_case(
        "siti", dataclasses.replace(plan, by="siti", steps=tuple(steps))
    ).case_id
