"""Log-in, log-out, the language switch, the stylesheet and the health check."""

from __future__ import annotations

import secrets
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import APIRouter, Depends, Form
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response

from ujikon.documents.templates import read_text
from ujikon.errors import NotFound
from ujikon.web.deps import CsrfFailed, Viewer, checked_form
from ujikon.web.i18n import LANG_COOKIE, LANGUAGES
from ujikon.web.login import log_in
from ujikon.web.render import page
from ujikon.web.security import same_token
from ujikon.web.state import web_state

__all__ = ["client_address", "login_page", "router", "safe_next"]

router = APIRouter(include_in_schema=False)

_STATIC = {"ujikon.css": "text/css; charset=utf-8", "ujikon.js": "text/javascript; charset=utf-8"}


def safe_next(target: str | None) -> str:
    """Only a path on this site: never another host (``//evil``, ``https://evil``)."""
    if not target:
        return "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return "/"
    if "\\" in target:
        return "/"
    return target


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def login_page(
    request: Request, *, status: int = 200, error: str = "", username: str = "", next_: str = ""
) -> HTMLResponse:
    state = web_state(request)
    token = request.cookies.get(state.login_csrf_cookie) or secrets.token_urlsafe(32)
    if not next_ and request.method == "GET":
        next_ = request.query_params.get("next", "")
    response = page(
        request,
        "web/login.html",
        status=status,
        csrf_token=token,
        error=error,
        username=username,
        next=safe_next(next_),
    )
    response.set_cookie(
        state.login_csrf_cookie,
        token,
        httponly=True,
        secure=state.settings.secure_cookies,
        samesite="strict",
        path="/",
        max_age=3600,
    )
    return response


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request) -> HTMLResponse:
    return login_page(request)


@router.post("/login")
def login_submit(
    request: Request,
    username: Annotated[str, Form(max_length=64)] = "",
    password: Annotated[str, Form(max_length=1024)] = "",
    csrf_token: Annotated[str, Form(max_length=100)] = "",
    next: Annotated[str, Form(max_length=2000)] = "/",
) -> Response:
    state = web_state(request)
    if not same_token(csrf_token, request.cookies.get(state.login_csrf_cookie, "") or "-"):
        raise CsrfFailed()
    if not username or not password:
        return login_page(
            request,
            status=422,
            error="Isi nama pengguna dan kata sandi. / Fill in user name and password.",
            username=username,
            next_=next,
        )
    _actor, session = log_in(state, username, password, client_address(request), "cookie")
    response = RedirectResponse(safe_next(next), status_code=303)
    response.set_cookie(
        state.session_cookie,
        session.id,
        httponly=True,
        secure=state.settings.secure_cookies,
        samesite="strict",
        path="/",
    )
    response.delete_cookie(state.login_csrf_cookie, path="/", secure=state.settings.secure_cookies)
    return response


@router.post("/logout")
def logout(request: Request, viewer: Annotated[Viewer, Depends(checked_form)]) -> Response:
    state = web_state(request)
    state.sessions.drop(viewer.session.id)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(
        state.session_cookie,
        path="/",
        secure=state.settings.secure_cookies,
        httponly=True,
        samesite="strict",
    )
    return response


@router.get("/lang/{code}")
def set_language(request: Request, code: str, next: str = "/") -> Response:
    if code not in LANGUAGES:
        raise NotFound("bahasa/language", code[:10], "id, en")
    response = RedirectResponse(safe_next(next), status_code=303)
    response.set_cookie(
        LANG_COOKIE,
        code,
        max_age=365 * 24 * 3600,
        secure=web_state(request).settings.secure_cookies,
        samesite="lax",
        path="/",
    )
    return response


@router.get("/static/{name}")
def static_file(name: str) -> Response:
    media = _STATIC.get(name)
    if media is None:
        raise NotFound("berkas/file", name[:40])
    return Response(
        read_text(f"web/static/{name}"),
        media_type=media,
        headers={"Cache-Control": "public, max-age=3600"},
    )


@router.get("/healthz")
def health(request: Request) -> PlainTextResponse:
    web_state(request).app.cases.log.version("meta:health")
    return PlainTextResponse("ok")
