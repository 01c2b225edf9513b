"""Pages anyone may open without logging in: the check a decree's QR code opens.

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
from starlette.responses import HTMLResponse

from ujikon.web.render import page
from ujikon.web.state import web_state

__all__ = ["router"]

router = APIRouter(include_in_schema=False)


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
