"""Fixtures of the web tests; the helpers live in ``web_support`` and ``toolkit.web``."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from toolkit.web import WebBench, make_web_bench
from web_support import DecreeWeb, decree_web

from ujikon.documents.keys import DevCA


@pytest.fixture
def web(store_url: str, tmp_path: Path) -> Iterator[WebBench]:
    yield from make_web_bench(store_url, tmp_path / "ws")


@pytest.fixture(name="decree_web")
def decree_web_fixture(web: WebBench, dev_keys: DevCA) -> DecreeWeb:
    """The decree pages' bench: the web workspace with the body profile, the development
    keys in its ``keys/`` folder and two approved exempt cases, on each store backend."""
    return decree_web(web, dev_keys)


# -- the browser tests' (browser_support is imported only by the tests that use them) ----------


@pytest.fixture
def live(tmp_path: Path) -> Iterator[Any]:
    """The application served on a free loopback port over a fresh SQLite workspace."""
    from browser_support import LiveServer, build_workspace

    server = LiveServer(build_workspace(tmp_path / "ws")).start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def page(tmp_path: Path) -> Iterator[Any]:
    """A Chromium page; confirmation dialogs (data-confirm buttons) are accepted."""
    from browser_support import browser

    with browser(tmp_path / "chromium") as context:
        context.on("dialog", lambda dialog: dialog.accept())
        yield context.new_page()
