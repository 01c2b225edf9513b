"""Logging in, shared by the log-in form and ``POST /api/session``."""

from __future__ import annotations

from ujikon.domain.roles import Actor
from ujikon.errors import PermissionDenied, UjikonError
from ujikon.service import Session
from ujikon.web.state import WebState

__all__ = ["TooManyAttempts", "log_in"]


class TooManyAttempts(UjikonError):
    """Too many failed log-ins for this user name or address: 429."""

    def __init__(self, retry_after: int) -> None:
        self.retry_after = retry_after
        minutes = max(1, (retry_after + 59) // 60)
        super().__init__(
            f"Terlalu banyak percobaan masuk yang gagal; coba lagi dalam {minutes} menit. / "
            f"Too many failed log-ins; try again in {minutes} minute(s)."
        )


_WRONG = "Nama pengguna atau kata sandi salah. / Wrong user name or password."


def log_in(
    state: WebState, username: str, password: str, client: str, kind: str
) -> tuple[Actor, Session]:
    """A new session for ``username`` if the password is right and the limiter allows.

    :raises TooManyAttempts: the user name or the address failed too often lately.
    :raises PermissionDenied: wrong name or password (one message for both).
    """
    name = username.strip().lower()[:64]
    keys = (f"user:{name}", f"addr:{client}")
    wait = state.limiter.retry_after(*keys)
    if wait:
        raise TooManyAttempts(wait)
    actor = state.app.cases.authenticate(name, password[:1024])
    if actor is None:
        state.limiter.failed(*keys)
        raise PermissionDenied(_WRONG)
    state.limiter.succeeded(keys[0])
    return actor, state.sessions.create(actor.username, kind)
