"""The one place where ujikon's errors meet HTTP: a status per kind of error, a JSON body
for the API, a page for the browser. Nothing here decides; it only reports."""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response

from ujikon.documents.keys import KeyAccessError
from ujikon.errors import (
    ConflictError,
    InputError,
    NotFound,
    PermissionDenied,
    RuleViolation,
    StoreError,
    UjikonError,
)
from ujikon.web.deps import CsrfFailed, LoginRequired, is_api
from ujikon.web.login import TooManyAttempts

__all__ = ["STATUS", "error_json", "install_error_handlers", "status_of"]

logger = logging.getLogger(__name__)

STATUS: tuple[tuple[type[UjikonError], int], ...] = (
    (TooManyAttempts, 429),
    (KeyAccessError, 422),
    (RuleViolation, 422),
    (InputError, 422),
    (ConflictError, 409),
    (NotFound, 404),
    (PermissionDenied, 403),
    (StoreError, 503),
)
"""HTTP status by error class (first match); any other ujikon error is a 400."""


def status_of(exc: UjikonError) -> int:
    for kind, status in STATUS:
        if isinstance(exc, kind):
            return status
    return 400


def error_json(exc: UjikonError) -> dict[str, Any]:
    """The API's error body: ``error`` (the class), ``message`` and the structured fields."""
    body: dict[str, Any] = {"error": type(exc).__name__, "message": exc.message}
    if isinstance(exc, RuleViolation):
        body.update(
            rule=exc.rule,
            article=exc.article,
            field=exc.field,
            message_id=exc.message_id,
            message_en=exc.message_en,
            also=[
                {
                    "rule": one.rule,
                    "article": one.article,
                    "field": one.field,
                    "message_id": one.message_id,
                    "message_en": one.message_en,
                }
                for one in exc.also
            ],
        )
    elif isinstance(exc, InputError):
        body["field"] = exc.where
    elif isinstance(exc, ConflictError):
        body.update(subject=exc.subject, expected=exc.expected, actual=exc.actual)
    elif isinstance(exc, NotFound):
        body.update(kind=exc.kind, id=exc.ident)
    return body


def _error_page(
    request: Request, status: int, title_id: str, title_en: str, **extra: Any
) -> Response:
    from ujikon.web.render import page

    return page(
        request, "web/error.html", status=status, title_id=title_id, title_en=title_en, **extra
    )


def _validation_detail(exc: RequestValidationError) -> list[dict[str, Any]]:
    """Where and what, without echoing the rejected input (it may not even be encodable:
    a lone surrogate in a JSON string)."""
    return [
        {
            "loc": [str(part) for part in error.get("loc", ())],
            "msg": str(error.get("msg", "")),
            "type": str(error.get("type", "")),
        }
        for error in exc.errors()
    ]


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> Response:
        detail = _validation_detail(exc)
        where = "; ".join(f"{'.'.join(d['loc'])}: {d['msg']}" for d in detail[:5])
        message = f"Masukan tidak valid / invalid input: {where}"
        if is_api(request):
            first = detail[0]["loc"] if detail else []
            field = ".".join(first[1:]) if first[:1] == ["body"] else ".".join(first)
            return JSONResponse(
                {"error": "InputError", "message": message, "field": field, "detail": detail},
                status_code=422,
            )
        return _error_page(request, 422, "Ditolak", "Refused", message=message)

    @app.exception_handler(LoginRequired)
    async def login_required(request: Request, exc: LoginRequired) -> Response:
        if is_api(request):
            return JSONResponse(
                {
                    "error": "LoginRequired",
                    "message": "Masuk dahulu (POST /api/session). / Log in first "
                    "(POST /api/session).",
                },
                status_code=401,
                headers={"WWW-Authenticate": "Bearer"},
            )
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?next={quote(target, safe='')}", status_code=303)

    @app.exception_handler(CsrfFailed)
    async def csrf_failed(request: Request, exc: CsrfFailed) -> Response:
        message = (
            "Token formulir tidak cocok atau kedaluwarsa; muat ulang halaman lalu kirim lagi. / "
            "The form's token is missing or stale; reload the page and send it again."
        )
        if is_api(request):
            return JSONResponse({"error": "CsrfFailed", "message": message}, status_code=403)
        return _error_page(request, 403, "Permintaan ditolak", "Request refused", message=message)

    @app.exception_handler(UjikonError)
    async def ujikon_error(request: Request, exc: UjikonError) -> Response:
        status = status_of(exc)
        if status >= 500:
            logger.error("%s on %s: %s", type(exc).__name__, request.url.path, exc.message)
        headers = (
            {"Retry-After": str(exc.retry_after)} if isinstance(exc, TooManyAttempts) else None
        )
        if is_api(request):
            return JSONResponse(error_json(exc), status_code=status, headers=headers)
        if isinstance(exc, TooManyAttempts | PermissionDenied) and request.url.path == "/login":
            from ujikon.web.routes_auth import login_page

            response = login_page(request, status=status, error=exc.message)
            if headers:
                response.headers.update(headers)
            return response
        titles = {
            403: ("Tidak berwenang", "Not allowed"),
            404: ("Tidak ditemukan", "Not found"),
            409: ("Konflik", "Conflict"),
            422: ("Ditolak", "Refused"),
            503: ("Penyimpanan tidak tersedia", "Store unavailable"),
        }
        title_id, title_en = titles.get(status, ("Kesalahan", "Error"))
        if isinstance(exc, NotFound):  # a page names what is missing, not a CLI command
            return _error_page(
                request, status, title_id, title_en, message=exc.message,
                message_id=exc.message_id, message_en=exc.message_en,
                own_unit="own-unit" in exc.message,
            )  # fmt: skip
        return _error_page(request, status, title_id, title_en, message=exc.message, error=exc)
