"""Sessions, CSRF tokens and log-in rate limiting for the web application.

- A **session** is server-side: the browser holds only a random id (256 bits) in a
  ``Secure; HttpOnly; SameSite=Strict`` cookie (named ``__Host-ujikon`` when secure, so
  no sub-domain can plant one). Sessions end on log-out, after
  :attr:`~ujikon.service.SessionPolicy.idle` of inactivity, or
  :attr:`~ujikon.service.SessionPolicy.absolute` after log-in. The JSON API uses the same
  sessions through ``Authorization: Bearer``.
- **CSRF**: every form carries the session's token, compared in constant time; the
  log-in form (before any session) uses a double-submit cookie. Bearer requests carry
  no cookie and need none.
- **Rate limiting**: failed log-ins are counted per user name and per client address
  in a sliding window; past the limit, log-in answers 429 with ``Retry-After``.

The sessions and the failed log-ins live in the workspace's store, beside the log and
never in it (``app.sessions``, :mod:`ujikon.service.sessions`): every worker of
``ujikon serve --workers N`` shares them and a restart logs nobody out. The store keeps
only the SHA-256 of a session id. This module holds what is the web's own: the
constant-time comparison.
"""

from __future__ import annotations

import hmac

__all__ = ["same_token"]


def same_token(given: str | None, expected: str) -> bool:
    """Constant-time comparison of a submitted token with the expected one."""
    if not given:
        return False
    return hmac.compare_digest(given.encode(), expected.encode())
