"""Helpers of the JSON API tests: bearer tokens, JSON-ready sample payloads, and a
workspace ready to issue a decree (a body profile and development signing keys)."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from toolkit import SAMPLES
from web_support import PASSWORDS, WebBench

from ujikon.documents.keys import create_dev_ca
from ujikon.service.caseplan import CasePlan, load_plan

__all__ = [
    "KEY_PASSPHRASE",
    "PROFILE",
    "api_as",
    "as_json",
    "dev_keys",
    "install_keys",
    "plan_of",
    "token_for",
    "walk",
]

KEY_PASSPHRASE = "kata-sandi-kunci-uji"

PROFILE: dict[str, Any] = {
    "name": "Pemerintah Kabupaten Sukamaju",
    "place": "Sukamaju",
    "letterhead": ["PEMERINTAH KABUPATEN SUKAMAJU", "DINAS KOMUNIKASI DAN INFORMATIKA"],
    "address": "Jalan Merdeka No. 1, Sukamaju",
    "signers": [
        {
            "role": "ppid",
            "office": "PPID Utama Pemerintah Kabupaten Sukamaju",
            "name": "Drs. Budi Santoso, M.Si.",
            "nip": "197204161998031004",
        }
    ],
}


def token_for(web: WebBench, username: str) -> str:
    """A bearer token of ``username``, from ``POST /api/session``."""
    response = web.client().post(
        "/api/session", json={"username": username, "password": PASSWORDS[username]}
    )
    assert response.status_code == 200, response.text
    token: str = response.json()["token"]
    return token


def api_as(web: WebBench, username: str) -> TestClient:
    """A client that sends ``username``'s bearer token (and no cookie)."""
    client = web.client()
    client.headers["Authorization"] = f"Bearer {token_for(web, username)}"
    return client


def as_json(value: Any) -> Any:
    """A payload as a client sends it: dates as ISO strings."""

    def default(item: Any) -> str:
        if isinstance(item, date):
            return item.isoformat()
        raise TypeError(type(item).__name__)

    return json.loads(json.dumps(value, default=default))


def plan_of(sample: str) -> CasePlan:
    return load_plan(SAMPLES / sample)


def walk(client: TestClient, plan: CasePlan) -> tuple[str, list[Any]]:
    """Open the plan's case and post each step's payload; the case id and every answer
    (the walk stops at the first answer that is not a 200)."""
    opened = client.post("/api/cases", json=as_json(plan.open))
    assert opened.status_code == 201, opened.text
    case_id: str = opened.json()["case_id"]
    answers = [opened]
    for step in plan.steps:
        answer = client.post(f"/api/cases/{case_id}/{step.trigger}", json=as_json(step.payload))
        answers.append(answer)
        if answer.status_code != 200:
            break
    return case_id, answers


@pytest.fixture(scope="session")
def dev_keys(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A development CA and a PPID signing key (made once per test session)."""
    directory = tmp_path_factory.mktemp("api-keys")
    create_dev_ca(
        directory,
        body_name="Pemerintah Kabupaten Sukamaju",
        signers=[("ppid", "Drs. Budi Santoso, M.Si.")],
        passphrase=KEY_PASSPHRASE.encode(),
    )
    return directory


def install_keys(web: WebBench, keys: Path) -> None:
    """Copy the development keys into the workspace's ``keys/``."""
    target = web.workspace.directory / "keys"
    target.mkdir(parents=True, exist_ok=True)
    for name in ("ppid.p12", "dev-ca.pem"):
        shutil.copyfile(keys / name, target / name)
