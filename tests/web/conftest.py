"""Fixtures of the web tests; the helpers live in ``web_support`` and ``toolkit.web``."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

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
