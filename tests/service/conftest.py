"""A service over a real store (SQLite and PostgreSQL) with users in every role."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from toolkit import add_users, make_service

from ujikon.service.cases import Service


@pytest.fixture
def service(store_url: str) -> Iterator[Service]:
    svc = make_service(store_url)
    add_users(svc)
    try:
        yield svc
    finally:
        svc.log.close()
