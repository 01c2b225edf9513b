"""Sessions, CSRF tokens and log-in rate limiting for the web application.

- A **session** is server-side: the browser holds only a random id (256 bits) in a
  ``Secure; HttpOnly; SameSite=Strict`` cookie (named ``__Host-ujikon`` when secure, so
  no sub-domain can plant one). Sessions end on log-out, after
  :attr:`SessionPolicy.idle` of inactivity, or :attr:`SessionPolicy.absolute` after
  log-in. The JSON API uses the same sessions through ``Authorization: Bearer``.
- **CSRF**: every form carries the session's token, compared in constant time; the
  log-in form (before any session) uses a double-submit cookie. Bearer requests carry
  no cookie and need none.
- **Rate limiting**: failed log-ins are counted per user name and per client address
  in a sliding window; past the limit, log-in answers 429 with ``Retry-After``.

All state is in memory of the one server process (``ujikon serve`` runs one worker):
a restart logs everybody out, which is the safe direction.
"""

from __future__ import annotations

import hmac
import secrets
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

__all__ = ["LoginLimiter", "Session", "SessionPolicy", "SessionStore", "same_token"]


@dataclass(frozen=True)
class SessionPolicy:
    idle: float = 30 * 60.0
    """Seconds of inactivity after which a session ends."""
    absolute: float = 12 * 3600.0
    """Seconds after log-in after which a session ends whatever its activity."""
    max_sessions: int = 10_000
    """Sessions kept at most; the oldest are dropped beyond this."""


@dataclass
class Session:
    id: str
    username: str
    csrf: str
    created: float
    last_seen: float
    kind: str = "cookie"
    """``cookie`` (the pages) or ``token`` (the JSON API, as a bearer token)."""
    flashes: list[tuple[str, str, str]] = field(default_factory=list)
    """Messages for the next page: (kind, Indonesian, English)."""

    def flash(self, kind: str, text_id: str, text_en: str) -> None:
        self.flashes.append((kind, text_id, text_en))

    def take_flashes(self) -> list[tuple[str, str, str]]:
        taken, self.flashes = self.flashes, []
        return taken


def _token() -> str:
    return secrets.token_urlsafe(32)


def same_token(given: str | None, expected: str) -> bool:
    """Constant-time comparison of a submitted token with the expected one."""
    if not given:
        return False
    return hmac.compare_digest(given.encode(), expected.encode())


class SessionStore:
    """Server-side sessions by id."""

    def __init__(
        self, policy: SessionPolicy | None = None, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.policy = policy or SessionPolicy()
        self._clock = clock
        self._sessions: dict[str, Session] = {}
        self._lock = threading.Lock()

    def create(self, username: str, kind: str = "cookie") -> Session:
        now = self._clock()
        session = Session(_token(), username, _token(), now, now, kind)
        with self._lock:
            self._prune(now)
            self._sessions[session.id] = session
        return session

    def get(self, session_id: str | None) -> Session | None:
        if not session_id:
            return None
        now = self._clock()
        with self._lock:
            session = self._sessions.get(session_id)
            if session is None:
                return None
            if self._expired(session, now):
                del self._sessions[session_id]
                return None
            session.last_seen = now
            return session

    def drop(self, session_id: str | None) -> None:
        if session_id:
            with self._lock:
                self._sessions.pop(session_id, None)

    def drop_user(self, username: str) -> int:
        """End every session of ``username`` (their password changed); how many ended."""
        with self._lock:
            gone = [k for k, s in self._sessions.items() if s.username == username]
            for key in gone:
                del self._sessions[key]
        return len(gone)

    def _expired(self, session: Session, now: float) -> bool:
        return (
            now - session.last_seen > self.policy.idle
            or now - session.created > self.policy.absolute
        )

    def _prune(self, now: float) -> None:
        for key in [k for k, s in self._sessions.items() if self._expired(s, now)]:
            del self._sessions[key]
        excess = len(self._sessions) - self.policy.max_sessions + 1
        if excess > 0:
            oldest = sorted(self._sessions.values(), key=lambda s: s.last_seen)[:excess]
            for session in oldest:
                del self._sessions[session.id]


@dataclass
class LoginLimiter:
    """Failed log-ins per key in a sliding window.

    Keys are ``user:<name>`` (``max_failures``) and ``addr:<address>``
    (``max_failures_per_address``, higher: a whole office often shares one address).
    """

    max_failures: int = 5
    window: float = 15 * 60.0
    max_failures_per_address: int = 50
    clock: Callable[[], float] = time.monotonic
    _failures: dict[str, deque[float]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def _limit(self, key: str) -> int:
        return self.max_failures_per_address if key.startswith("addr:") else self.max_failures

    def retry_after(self, *keys: str) -> int:
        """Seconds until a log-in may be tried again for any of ``keys`` (0: now)."""
        now = self.clock()
        wait = 0.0
        with self._lock:
            for key in keys:
                seen = self._recent(key, now)
                if len(seen) >= self._limit(key):
                    wait = max(wait, seen[0] + self.window - now)
        return int(wait) + 1 if wait > 0 else 0

    def failed(self, *keys: str) -> None:
        now = self.clock()
        with self._lock:
            for key in keys:
                self._recent(key, now)
                self._failures.setdefault(key, deque()).append(now)

    def succeeded(self, key: str) -> None:
        with self._lock:
            self._failures.pop(key, None)

    def _recent(self, key: str, now: float) -> deque[float]:
        seen = self._failures.get(key, deque())
        while seen and seen[0] <= now - self.window:
            seen.popleft()
        if not seen:
            self._failures.pop(key, None)
        return seen
