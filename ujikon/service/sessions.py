"""Web sessions and the log-in limiter, kept in the workspace's store.

Every worker serving a workspace (``ujikon serve --workers N``) builds its own
:class:`SessionStore` and :class:`LoginLimiter` over the same database, so a session made
by one worker is known to every other, the failed log-ins of all of them count together,
and a restart logs nobody out.

- The browser (or API client) holds a random id of 256 bits; the store keeps only its
  **SHA-256** (:func:`session_key`), so a read of the table (a backup, a stolen copy of
  ``ujikon.db``) hands out no live session. The CSRF token of a session is derived from
  the id (:func:`csrf_of`), so it is not stored either, and one session's token is
  worthless in another.
- A session ends on log-out, after :attr:`SessionPolicy.idle` without a request, or
  :attr:`SessionPolicy.absolute` after log-in; expired rows are dropped when met and at
  every log-in, and beyond :attr:`SessionPolicy.max_sessions` the least recently seen go.
  Times are seconds of the wall clock (not a process's monotonic clock), so they hold
  across restarts.
- Sessions are not events: nothing of them enters the hash-chained log.

A workspace opened read-only (an auditor's copy) cannot store anything: there the
sessions and failures stay in the memory of the one process (:class:`MemorySessions`),
and a restart logs everybody out.
"""

from __future__ import annotations

import hashlib
import secrets
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from ujikon.store.api import SessionTable, StoredSession

__all__ = [
    "LoginLimiter",
    "MemorySessions",
    "Session",
    "SessionPolicy",
    "SessionStore",
    "csrf_of",
    "session_key",
]


@dataclass(frozen=True)
class SessionPolicy:
    idle: float = 30 * 60.0
    """Seconds of inactivity after which a session ends."""
    absolute: float = 12 * 3600.0
    """Seconds after log-in after which a session ends whatever its activity."""
    max_sessions: int = 10_000
    """Sessions kept at most; the least recently seen are dropped beyond this."""
    touch_every: float = 60.0
    """A session's last request is written to the store at most this often (a request
    is otherwise only a read), so idle time counts from up to this much earlier."""


def session_key(session_id: str) -> str:
    """What the store keeps of a session id: its SHA-256, in hex."""
    return hashlib.sha256(session_id.encode()).hexdigest()


def csrf_of(session_id: str) -> str:
    """The CSRF token of a session: derived from its id, never stored, different from
    :func:`session_key` (another input), and no way back to the id."""
    return hashlib.sha256(b"ujikon-csrf\x00" + session_id.encode()).hexdigest()


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
    table: SessionTable | None = field(default=None, repr=False, compare=False)
    """Where the flashes are kept for the next request (any worker may answer it)."""

    @property
    def key(self) -> str:
        return session_key(self.id)

    def flash(self, kind: str, text_id: str, text_en: str) -> None:
        flash = (kind, text_id, text_en)
        self.flashes.append(flash)
        if self.table is not None:
            self.table.add_flash(self.key, flash)

    def take_flashes(self) -> list[tuple[str, str, str]]:
        """The messages for this page, gone from the session afterwards."""
        if not self.flashes:
            return []
        taken = self.table.take_flashes(self.key) if self.table is not None else self.flashes
        self.flashes = []
        return taken


class SessionStore:
    """Server-side sessions by id, over a :class:`~ujikon.store.api.SessionTable`."""

    def __init__(
        self,
        table: SessionTable,
        policy: SessionPolicy | None = None,
        *,
        clock: Callable[[], float],
    ) -> None:
        self.policy = policy or SessionPolicy()
        self.table = table
        self._clock = clock

    def create(self, username: str, kind: str = "cookie") -> Session:
        now = self._clock()
        session_id = secrets.token_urlsafe(32)
        self.table.create(
            StoredSession(session_key(session_id), username, kind, now, now),
            stale_before=now - self.policy.idle,
            born_before=now - self.policy.absolute,
            keep=self.policy.max_sessions,
        )
        return Session(session_id, username, csrf_of(session_id), now, now, kind, [], self.table)

    def get(self, session_id: str | None) -> Session | None:
        """The live session of ``session_id`` (its last request noted), or ``None``:
        unknown, ended or expired (an expired one is dropped here)."""
        if not session_id or len(session_id) > 200:
            return None
        key = session_key(session_id)
        stored = self.table.get(key)
        if stored is None:
            return None
        now = self._clock()
        if self._expired(stored, now):
            self.table.delete(key)
            return None
        if now - stored.last_seen >= self.policy.touch_every:
            self.table.touch(key, now)
            stored = replace(stored, last_seen=now)
        return Session(
            session_id,
            stored.username,
            csrf_of(session_id),
            stored.created,
            stored.last_seen,
            stored.kind,
            list(stored.flashes),
            self.table,
        )

    def drop(self, session_id: str | None) -> None:
        if session_id:
            self.table.delete(session_key(session_id))

    def drop_user(self, username: str) -> int:
        """End every session of ``username``; how many ended."""
        return self.table.delete_user(username)

    def _expired(self, session: StoredSession, now: float) -> bool:
        return (
            now - session.last_seen > self.policy.idle
            or now - session.created > self.policy.absolute
        )


@dataclass
class LoginLimiter:
    """Failed log-ins per key in a sliding window, counted in the store: every worker's
    failures count together (four workers do not give four times the attempts).

    Keys are ``user:<name>`` (``max_failures``) and ``addr:<address>``
    (``max_failures_per_address``, higher: a whole office often shares one address).
    """

    table: SessionTable
    clock: Callable[[], float]
    max_failures: int = 5
    window: float = 15 * 60.0
    max_failures_per_address: int = 50

    def _limit(self, key: str) -> int:
        return self.max_failures_per_address if key.startswith("addr:") else self.max_failures

    def retry_after(self, *keys: str) -> int:
        """Seconds until a log-in may be tried again for any of ``keys`` (0: now)."""
        now = self.clock()
        wait = 0.0
        for key, (count, oldest) in self.table.failures(keys, now - self.window).items():
            if count >= self._limit(key):
                wait = max(wait, oldest + self.window - now)
        return int(wait) + 1 if wait > 0 else 0

    def failed(self, *keys: str) -> None:
        now = self.clock()
        self.table.add_failures(keys, now, forget_before=now - self.window)

    def succeeded(self, key: str) -> None:
        self.table.clear_failures(key)


class MemorySessions:
    """A :class:`~ujikon.store.api.SessionTable` in this process's memory: for a
    workspace that cannot be written (one process; a restart logs everybody out)."""

    def __init__(self) -> None:
        self._sessions: dict[str, StoredSession] = {}
        self._failures: list[tuple[str, float]] = []
        self._lock = threading.Lock()

    def create(
        self, session: StoredSession, *, stale_before: float, born_before: float, keep: int
    ) -> None:
        with self._lock:
            for key, held in list(self._sessions.items()):
                if held.last_seen < stale_before or held.created < born_before:
                    del self._sessions[key]
            excess = len(self._sessions) - keep + 1
            if excess > 0:
                for held in sorted(self._sessions.values(), key=lambda s: s.last_seen)[:excess]:
                    del self._sessions[held.key]
            self._sessions[session.key] = session

    def get(self, key: str) -> StoredSession | None:
        with self._lock:
            return self._sessions.get(key)

    def touch(self, key: str, last_seen: float) -> None:
        with self._lock:
            held = self._sessions.get(key)
            if held is not None and held.last_seen < last_seen:
                self._sessions[key] = replace(held, last_seen=last_seen)

    def add_flash(self, key: str, flash: tuple[str, str, str]) -> None:
        with self._lock:
            held = self._sessions.get(key)
            if held is not None:
                self._sessions[key] = replace(held, flashes=(*held.flashes, flash))

    def take_flashes(self, key: str) -> list[tuple[str, str, str]]:
        with self._lock:
            held = self._sessions.get(key)
            if held is None:
                return []
            self._sessions[key] = replace(held, flashes=())
            return list(held.flashes)

    def delete(self, key: str) -> None:
        with self._lock:
            self._sessions.pop(key, None)

    def delete_user(self, username: str) -> int:
        with self._lock:
            gone = [k for k, s in self._sessions.items() if s.username == username]
            for key in gone:
                del self._sessions[key]
        return len(gone)

    def count(self) -> int:
        with self._lock:
            return len(self._sessions)

    def add_failures(self, keys: Sequence[str], at: float, *, forget_before: float) -> None:
        with self._lock:
            self._failures = [(k, t) for k, t in self._failures if t >= forget_before]
            self._failures += [(key, at) for key in keys]

    def failures(self, keys: Sequence[str], since: float) -> dict[str, tuple[int, float]]:
        found: dict[str, tuple[int, float]] = {}
        with self._lock:
            for key, at in self._failures:
                if key in keys and at > since:
                    count, oldest = found.get(key, (0, at))
                    found[key] = (count + 1, min(oldest, at))
        return found

    def clear_failures(self, key: str) -> None:
        with self._lock:
            self._failures = [(k, t) for k, t in self._failures if k != key]
