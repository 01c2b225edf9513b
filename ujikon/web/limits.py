"""Request-body limits, the origin check of unsafe requests and the security headers
every response carries (pure ASGI, so that an oversized upload is refused while it
streams, before it is held in memory, and a foreign form before it is read)."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlsplit

from starlette.requests import cookie_parser
from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["BodyLimit", "SameOrigin", "SecurityHeaders", "origin_of"]

_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
    (
        b"content-security-policy",
        b"default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        b"frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'",
    ),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
]


class SecurityHeaders:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {k.lower() for k, _ in headers}
                headers += [(k, v) for k, v in _HEADERS if k not in present]
                if b"cache-control" not in present:
                    headers.append((b"cache-control", b"no-store"))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, with_headers)


class _TooLarge(Exception):
    pass


class BodyLimit:
    """Refuse (413) a body above ``upload_limit`` (multipart) or ``form_limit`` (any
    other), by its Content-Length or, without one, as soon as it streams past."""

    def __init__(self, app: ASGIApp, upload_limit: int, form_limit: int) -> None:
        self.app = app
        self.upload_limit = upload_limit
        self.form_limit = form_limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.lower(): v for k, v in scope.get("headers", [])}
        multipart = headers.get(b"content-type", b"").startswith(b"multipart/")
        limit = self.upload_limit if multipart else self.form_limit
        declared = headers.get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await _refuse(scope, send, limit)
            return
        seen = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise _TooLarge()
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except _TooLarge:
            if not started:
                await _refuse(scope, send, limit)


async def _refuse(scope: Scope, send: Send, limit: int) -> None:
    megabytes = limit / (1024 * 1024)
    size = f"{megabytes:.1f} MB" if megabytes >= 0.1 else f"{limit // 1024} KB"
    text_id = f"Berkas atau formulir terlalu besar (batas {size})."
    text_en = f"The file or form is too large (limit {size})."
    path = str(scope.get("path", ""))
    body: Any
    if path == "/api" or path.startswith("/api/"):
        body = json.dumps(
            {"error": "PayloadTooLarge", "message": f"{text_id} / {text_en}", "limit": limit}
        ).encode()
        ctype = b"application/json"
    else:
        body = (
            f'<!doctype html><html lang="id"><meta charset="utf-8"><title>413</title>'
            f'<main><h1>413</h1><p>{text_id}</p><p lang="en">{text_en}</p>'
            f'<p><a href="/">Beranda / Home</a></p></main></html>'
        ).encode()
        ctype = b"text/html; charset=utf-8"
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [(b"content-type", ctype), (b"content-length", str(len(body)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": body})


# -- the origin of unsafe requests --------------------------------------------------------------

_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
_DEFAULT_PORTS = {"http": 80, "https": 443}

Origin = tuple[str, str, int]
"""(scheme, host, port), lower-case, the port spelled out."""


def origin_of(url: str) -> Origin | None:
    """The origin of an absolute ``http(s)`` URL (or of an ``Origin`` header); ``None``
    for anything else (``null``, another scheme, no host, a bad port)."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not parts.hostname:
        return None
    return scheme, parts.hostname.lower(), port or _DEFAULT_PORTS[scheme]


def _own_origin(scope: Scope, host: str) -> Origin | None:
    """The origin the request came to: its scheme (the proxy's ``X-Forwarded-Proto`` only
    when that proxy is believed) and its ``Host``."""
    return origin_of(f"{scope.get('scheme', 'http')}://{host}")


class SameOrigin:
    """Refuse (403) an unsafe request that a browser's cookie could authorise unless it
    comes from a page of the application's own origin.

    Which requests: every unsafe request to a page (``POST /login`` included: a log-in
    from a foreign page would plant its session), and an unsafe API request that carries
    the session cookie. A bearer-token API request carries no ambient authority (a page
    of another site can neither read the token nor, without CORS, send the header), so it
    is not checked; nor is an API request with no session cookie (``POST /api/session``).

    The check: the ``Origin`` header must name the application's origin (``public_url``
    when configured, else the scheme and ``Host`` of the request); without ``Origin``, the
    ``Referer`` must. ``Origin: null`` is refused. So is a request with neither: the Fetch
    standard has browsers send ``Origin`` on every request whose method is not GET or HEAD
    (Chrome, Edge, Safari, and Firefox since version 70, same-origin form posts included),
    and this application's ``Referrer-Policy: same-origin`` keeps ``Referer`` on its own
    requests, so a form post of a current browser always carries one of them; clients that
    are not browsers use the bearer-token API. This comes on top of the CSRF token, which
    is still required.
    """

    def __init__(self, app: ASGIApp, public_url: str | None, session_cookie: str) -> None:
        self.app = app
        self.public = origin_of(public_url) if public_url else None
        if public_url and self.public is None:
            raise ValueError(f"public_url must be an http(s) URL: {public_url!r}")
        self.session_cookie = session_cookie

    def _exempt(self, path: str, headers: dict[bytes, bytes]) -> bool:
        if not (path == "/api" or path.startswith("/api/")):
            return False
        scheme, _, token = headers.get(b"authorization", b"").decode("latin-1").partition(" ")
        if scheme.lower() == "bearer" and token.strip():
            return True
        cookies = cookie_parser(headers.get(b"cookie", b"").decode("latin-1"))
        return self.session_cookie not in cookies

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in _SAFE_METHODS:
            await self.app(scope, receive, send)
            return
        headers = {k.lower(): v for k, v in scope.get("headers", [])}
        path = str(scope.get("path", ""))
        if self._exempt(path, headers):
            await self.app(scope, receive, send)
            return
        own = self.public or _own_origin(scope, headers.get(b"host", b"").decode("latin-1"))
        origin = headers.get(b"origin")
        referer = headers.get(b"referer")
        if origin is not None:
            claimed = origin_of(origin.decode("latin-1"))
        elif referer is not None:
            claimed = origin_of(referer.decode("latin-1"))
        else:
            claimed = None
        if own is not None and claimed == own:
            await self.app(scope, receive, send)
            return
        await _refuse_origin(scope, send, own)


def _origin_text(origin: Origin | None) -> str:
    if origin is None:
        return "?"
    scheme, host, port = origin
    shown = f"[{host}]" if ":" in host else host
    return f"{scheme}://{shown}" + ("" if _DEFAULT_PORTS[scheme] == port else f":{port}")


async def _refuse_origin(scope: Scope, send: Send, own: Origin | None) -> None:
    where = _origin_text(own)
    text_id = (
        f"Permintaan ditolak: dikirim dari halaman asal lain, bukan {where} "
        "(Origin/Referer). Buka ujikon langsung, lalu kirim lagi."
    )
    text_en = (
        f"Request refused: it was sent from a page of another origin, not {where} "
        "(Origin/Referer). Open ujikon directly and send it again."
    )
    path = str(scope.get("path", ""))
    body: Any
    if path == "/api" or path.startswith("/api/"):
        body = json.dumps(
            {"error": "CrossOrigin", "message": f"{text_id} / {text_en}"}, ensure_ascii=False
        ).encode()
        ctype = b"application/json"
    else:
        body = (
            f'<!doctype html><html lang="id"><meta charset="utf-8"><title>403</title>'
            f'<main><h1>403</h1><p>{_html(text_id)}</p><p lang="en">{_html(text_en)}</p>'
            f'<p><a href="/">Beranda / Home</a></p></main></html>'
        ).encode()
        ctype = b"text/html; charset=utf-8"
    await send(
        {
            "type": "http.response.start",
            "status": 403,
            "headers": [(b"content-type", ctype), (b"content-length", str(len(body)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": body})


def _html(text: str) -> str:
    from html import escape

    return escape(text)
