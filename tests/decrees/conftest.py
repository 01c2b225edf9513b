"""Fixtures of the decree tests: ``bench``, a workspace ready to issue decrees (users, two
approved cases, the body profile and development signing keys, ``toolkit.decrees``) on
each store backend."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from toolkit import add_users, make_service
from toolkit.decrees import DecreeBench, decree_bench

from ujikon.documents.keys import DevCA


@pytest.fixture
def bench(store_url: str, tmp_path: Path, dev_keys: DevCA) -> Iterator[DecreeBench]:
    service = make_service(store_url)
    add_users(service)
    files = ("ppid.p12", "head.p12", "dev-ca.pem")
    try:
        yield decree_bench(service, tmp_path / "ws", dev_keys, key_files=files, url=store_url)
    finally:
        service.log.close()
