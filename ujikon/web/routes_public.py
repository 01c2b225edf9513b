"""Pages anyone may open without logging in: the check a decree's QR code opens, and
the body's emblem the header of every page shows.

``/cek?nomor=…&sha256=…`` is the address the QR code of a decree carries when the body's
profile names its verification page (``verification_url``): a phone that scans the code
lands here and reads whether this body issued that decree and whether it still stands.
A visitor may also paste the text of a code. Nothing of a decree's cases is shown, and an
unknown number answers exactly as a known number with a wrong hash.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from ujikon.web.render import page
from ujikon.web.state import web_state

__all__ = ["router"]

router = APIRouter(include_in_schema=False)


_EMBLEM_TYPES = {".png": "image/png", ".svg": "image/svg+xml"}


@router.get("/emblem")
def emblem(request: Request) -> Response:
    """The body's emblem (``logo_file`` of the profile, in ``assets/``), for every page's
    header; 404 when the profile names none. An SVG is served so that nothing in it can
    run or fetch (it is shown as an image, and its own policy forbids both)."""
    state = web_state(request)
    profile = state.app.decrees.profile()
    name = profile.logo_file if profile is not None else ""
    path = state.app.workspace.directory / "assets" / name
    kind = _EMBLEM_TYPES.get(path.suffix.lower())
    if not name or kind is None or not path.is_file():
        return Response(status_code=404)
    return Response(
        path.read_bytes(),
        media_type=kind,
        headers={
            "Cache-Control": "max-age=300",
            "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'",
            "X-Content-Type-Options": "nosniff",
        },
    )


@router.get("/cek", response_class=HTMLResponse)
def public_check(
    request: Request,
    nomor: Annotated[str, Query(max_length=200)] = "",
    sha256: Annotated[str, Query(max_length=64)] = "",
    kode: Annotated[str, Query(max_length=600)] = "",
) -> HTMLResponse:
    verification = web_state(request).app.verification
    asked = bool(kode.strip() or nomor.strip() or sha256.strip())
    if kode.strip():
        check = verification.public_check_of_code(kode)
    elif asked:
        check = verification.public_check(nomor, sha256)
    else:
        check = None
    response = page(
        request,
        "web/public/check.html",
        check=check,
        nomor=nomor,
        sha256=sha256,
        kode=kode,
    )
    # The answer may change (a decree revoked): never kept by a cache on the way.
    response.headers["Cache-Control"] = "no-store"
    return response
