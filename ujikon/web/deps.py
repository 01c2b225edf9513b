"""Who is asking: the session behind a request, and the CSRF check of a form."""

from __future__ import annotations

from dataclasses import dataclass

from starlette.requests import Request

from ujikon.domain.roles import Actor
from ujikon.errors import PermissionDenied
from ujikon.service import Session
from ujikon.web.security import same_token
from ujikon.web.state import web_state

__all__ = ["CsrfFailed", "LoginRequired", "Viewer", "checked_form", "current_viewer", "is_api"]

_UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class LoginRequired(Exception):
    """No valid session: pages redirect to the log-in form, the API answers 401."""


class CsrfFailed(Exception):
    """A form or API write without the session's CSRF token: 403."""


@dataclass(frozen=True)
class Viewer:
    """The logged-in user of a request."""

    session: Session
    actor: Actor

    @property
    def username(self) -> str:
        return self.actor.username


def is_api(request: Request) -> bool:
    return request.url.path == "/api" or request.url.path.startswith("/api/")


def bearer_token(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def _session(request: Request) -> Session | None:
    state = web_state(request)
    token = bearer_token(request)
    if token is not None:
        session = state.sessions.get(token)
        return session if session is not None and session.kind == "token" else None
    session = state.sessions.get(request.cookies.get(state.session_cookie))
    return session if session is not None and session.kind == "cookie" else None


def current_viewer(request: Request) -> Viewer:
    """The logged-in user; a deactivated or removed user's session ends here.

    A cookie session's unsafe API request must carry ``X-CSRF-Token``.
    """
    session = _session(request)
    if session is None:
        raise LoginRequired()
    state = web_state(request)
    try:
        actor = state.app.cases.actor(session.username)
    except PermissionDenied:
        state.sessions.drop(session.id)
        raise LoginRequired() from None
    if (
        is_api(request)
        and session.kind == "cookie"
        and request.method in _UNSAFE
        and not same_token(request.headers.get("x-csrf-token"), session.csrf)
    ):
        raise CsrfFailed()
    request.state.viewer = Viewer(session, actor)
    return request.state.viewer  # type: ignore[no-any-return]


async def checked_form(request: Request) -> Viewer:
    """For a page's POST: the logged-in user, once the form's ``csrf_token`` matches."""
    viewer = current_viewer(request)
    form = await request.form()
    token = form.get("csrf_token")
    if not isinstance(token, str) or not same_token(token, viewer.session.csrf):
        raise CsrfFailed()
    return viewer
