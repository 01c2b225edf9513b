"""What the web application holds while it runs: the application over the workspace
(built once for the process), the sessions, the log-in limiter and the page templates."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields
from typing import TYPE_CHECKING, Any

import jinja2
from starlette.requests import Request

from ujikon.service import LoginLimiter, SessionPolicy, SessionStore

if TYPE_CHECKING:
    from ujikon.service import Application, Workspace

__all__ = ["WebSettings", "WebState", "web_state"]


@dataclass(frozen=True)
class WebSettings:
    """How the web application behaves; every field has a safe default."""

    secure_cookies: bool = True
    """Mark cookies ``Secure`` (only sent over HTTPS, or to ``localhost``). Turn off only
    for a plain-HTTP test on a trusted network."""
    max_upload_bytes: int = 10 * 1024 * 1024
    """The largest request body accepted (an uploaded PDF, key or register file)."""
    max_form_bytes: int = 256 * 1024
    """The largest body of a form or JSON request without a file."""
    session: SessionPolicy = field(default_factory=SessionPolicy)
    login_max_failures: int = 5
    """Failed log-ins per user name or client address before log-in is refused ..."""
    login_window_seconds: float = 15 * 60.0
    """... for this many seconds after the oldest of them."""
    login_max_failures_per_address: int = 50
    """Failed log-ins from one address (an office often shares one) before refusing."""
    forwarded_allow_ips: tuple[str, ...] = ()
    """Addresses (or networks, ``10.0.0.0/8``) of the reverse proxies whose
    ``X-Forwarded-For`` and ``X-Forwarded-Proto`` are believed: the client's address (the
    per-address log-in limit) and the scheme (the origin of a form) come from those headers
    only when the connection comes from one of them. None by default: a header anyone can
    send names nothing."""
    public_url: str | None = None
    """The address users open (``https://ppid.example.go.id``). When set, a form or a
    cookie-session write is accepted only from a page of this origin; when not, from the
    origin of the request itself (its scheme and ``Host``)."""

    def to_json(self) -> str:
        """These settings as JSON text: how ``ujikon serve`` hands them to its workers."""
        return json.dumps(asdict(self), sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> WebSettings:
        """The settings :meth:`to_json` wrote (unknown keys refused, missing ones default).

        :raises ValueError: not such a JSON object.
        """
        data: Any = json.loads(text)
        if not isinstance(data, dict):
            raise ValueError("web settings: not a JSON object")
        known = {f.name for f in fields(cls)}
        unknown = set(data) - known
        if unknown:
            raise ValueError(f"web settings: unknown keys {sorted(unknown)}")
        if "session" in data:
            data["session"] = SessionPolicy(**data["session"])
        if "forwarded_allow_ips" in data:
            data["forwarded_allow_ips"] = tuple(data["forwarded_allow_ips"])
        return cls(**data)


@dataclass
class WebState:
    app: Application
    settings: WebSettings
    sessions: SessionStore
    limiter: LoginLimiter
    templates: jinja2.Environment

    @property
    def workspace(self) -> Workspace:
        return self.app.workspace

    @property
    def session_cookie(self) -> str:
        return "__Host-ujikon" if self.settings.secure_cookies else "ujikon_session"

    @property
    def login_csrf_cookie(self) -> str:
        return "__Host-ujikon-login" if self.settings.secure_cookies else "ujikon_login"


def web_state(request: Request) -> WebState:
    state: WebState = request.app.state.ujikon
    return state
