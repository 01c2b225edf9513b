"""Every route of the web application, and a way to call it as any user: the role x route
matrix and the escaping test walk them all.

Routes are read from the routers themselves (``ROUTE_MODULES``), so a route added later
is walked too -- and fails the matrix test until its row is written.
"""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass
from typing import Any

from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from web_support import PASSWORDS, WebBench, csrf_of

from ujikon.web.app import ROUTE_MODULES

__all__ = ["Caller", "RouteKey", "Seeds", "all_routes", "fill_path", "is_denied"]

RouteKey = tuple[str, str]
"""(method, path template)."""


def all_routes() -> list[RouteKey]:
    keys: list[RouteKey] = []
    for name in ROUTE_MODULES:
        for route in importlib.import_module(name).router.routes:
            if isinstance(route, APIRoute):
                for method in sorted(route.methods - {"HEAD"}):
                    keys.append((method, route.path))
    return keys


@dataclass
class Seeds:
    """The ids the path parameters take."""

    case_id: str
    decree_id: str
    trigger: str = "approve"
    username: str = "siti"

    def values(self) -> dict[str, str]:
        return {
            "case_id": self.case_id,
            "decree_id": self.decree_id,
            "trigger": self.trigger,
            "username": self.username,
            "ground_id": "17h2",
            "code": "en",
            "name": "ujikon.css",
        }


def fill_path(template: str, seeds: Seeds) -> str:
    values = seeds.values()
    return re.sub(r"\{(\w+)(?::\w+)?\}", lambda m: values[m.group(1)], template)


_ROLE_RULES = ("role-may-act", "admin-manages-users", "admin-manages-workspace", "own-unit")


def is_denied(response: Any) -> bool:
    """Refused for who the user is: 401/403, a hidden case (404 naming rule own-unit), or
    a refusal by a rule about roles (422 naming it)."""
    if response.status_code in (401, 403):
        return True
    text = response.text
    if response.status_code == 404 and "own-unit" in text:
        return True
    return response.status_code == 422 and any(rule in text for rule in _ROLE_RULES)


class Caller:
    """Calls routes as one user: pages with the session cookie and the page's CSRF
    token, the API with a bearer token."""

    def __init__(self, bench: WebBench, username: str | None) -> None:
        self.bench = bench
        self.username = username
        self.pages = bench.client()
        self.api = bench.client()
        self.token = ""
        self.csrf = ""
        if username is not None:
            from web_support import login

            login(self.pages, username)
            self.csrf = csrf_of(self.pages.get("/").text)
            answer = self.api.post(
                "/api/session", json={"username": username, "password": PASSWORDS[username]}
            )
            if answer.status_code in (200, 201):
                self.token = answer.json()["token"]

    def call(self, method: str, path: str, body: Any = None) -> Any:
        if path.startswith("/api"):
            headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
            if method in ("GET", "DELETE"):
                return self.api.request(method, path, headers=headers)
            return self.api.request(method, path, headers=headers, json=body or {})
        client: TestClient = self.pages
        if method == "GET":
            return client.get(path, follow_redirects=False)
        data = {**(body or {}), "csrf_token": self.csrf}
        return client.request(method, path, data=data, follow_redirects=False)
