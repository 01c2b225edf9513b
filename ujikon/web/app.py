"""The FastAPI application: pages for every role and the JSON API, over one workspace.

Every route calls the same :class:`~ujikon.service.app.Application` (built once for the
process) as the CLI; authorisation is the service's, checked again on every action whatever the page
shows. ``ujikon serve`` runs this with uvicorn, in one worker or several
(:func:`app_from_environment` builds each worker's own application; the sessions and the
log-in limiter are in the workspace's store, so the workers share them); forwarded
headers are believed here, by :class:`WebSettings` ``forwarded_allow_ips``, not
by uvicorn, so that the address every part of the application sees follows one setting.
"""

from __future__ import annotations

import importlib
import logging
import os
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from datetime import datetime

from fastapi import FastAPI

from ujikon.service import Application, Workspace
from ujikon.web.errors import install_error_handlers
from ujikon.web.limits import BodyLimit, SameOrigin, SecurityHeaders
from ujikon.web.render import make_environment
from ujikon.web.state import WebSettings, WebState

__all__ = ["ROUTE_MODULES", "SETTINGS_ENV", "app_from_environment", "create_app"]

logger = logging.getLogger(__name__)

ROUTE_MODULES = (
    "ujikon.web.routes_auth",
    "ujikon.web.routes_public",
    "ujikon.web.routes_home",
    "ujikon.web.routes_cases",
    "ujikon.web.routes_decrees",
    "ujikon.web.routes_audit",
    "ujikon.web.routes_admin",
    "ujikon.web.api",
)
"""Each module's ``router`` is mounted, in this order."""

SETTINGS_ENV = "UJIKON_WEB_SETTINGS"
"""Where ``ujikon serve`` puts its :class:`WebSettings` (JSON) for its workers."""


def create_app(
    workspace: Workspace,
    settings: WebSettings | None = None,
    *,
    clock: Callable[[], datetime] | None = None,
    session_clock: Callable[[], float] | None = None,
) -> FastAPI:
    """The application over ``workspace`` (which must exist: ``ujikon init``).

    :param clock: the application's clock (the dates of case work).
    :param session_clock: the sessions' and the log-in limiter's (seconds since the epoch;
        the wall clock by default).
    """
    settings = settings or WebSettings()
    application = Application.open(workspace, clock=clock)
    state = WebState(
        app=application,
        settings=settings,
        sessions=application.sessions.store(settings.session, session_clock),
        limiter=application.sessions.limiter(
            settings.login_max_failures,
            settings.login_window_seconds,
            settings.login_max_failures_per_address,
            session_clock,
        ),
        templates=make_environment(),
    )
    app = FastAPI(
        title="ujikon",
        summary="Uji konsekuensi UU 14/2008 / the consequence test of Indonesia's FOI law",
        description=(
            "JSON API of ujikon. Log in with `POST /api/session` and send the token as "
            "`Authorization: Bearer <token>`. Every action is authorised by the service "
            "layer exactly as on the pages; a refusal by a legal rule answers 422 with the "
            "rule, its article and the field concerned."
        ),
        version=_version(),
        # No bundled UI: Swagger/ReDoc load scripts from a CDN, which the CSP (and an
        # offline office network) refuses; any OpenAPI viewer reads the JSON below.
        docs_url=None,
        redoc_url=None,
        openapi_url="/api/openapi.json",
        lifespan=_closing(application),
    )
    app.state.ujikon = state
    for name in ROUTE_MODULES:
        app.include_router(importlib.import_module(name).router)
    install_error_handlers(app)
    # The last added runs first: the proxy's headers (if believed), then the security
    # headers on every answer, then the origin of unsafe requests, then the body limits.
    app.add_middleware(
        BodyLimit, upload_limit=settings.max_upload_bytes, form_limit=settings.max_form_bytes
    )
    app.add_middleware(
        SameOrigin, public_url=settings.public_url, session_cookie=state.session_cookie
    )
    app.add_middleware(SecurityHeaders)
    if settings.forwarded_allow_ips:
        from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

        app.add_middleware(ProxyHeadersMiddleware, trusted_hosts=list(settings.forwarded_allow_ips))

    return app


def app_from_environment() -> FastAPI:
    """uvicorn's application factory (``ujikon.web.app:app_from_environment``): each worker
    of ``ujikon serve --workers N`` builds its own application, over the workspace of
    ``UJIKON_WORKSPACE`` / ``UJIKON_DB`` with the settings of :data:`SETTINGS_ENV`, all
    three set by ``ujikon serve``. The workers share only the store, where the sessions
    and the failed log-ins are."""
    settings_text = os.environ.get(SETTINGS_ENV, "")
    settings = WebSettings.from_json(settings_text) if settings_text else WebSettings()
    return create_app(Workspace.locate(), settings)


def _closing(
    application: Application,
) -> Callable[[FastAPI], AbstractAsyncContextManager[None]]:
    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        application.close()

    return lifespan


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("ujikon")
    except PackageNotFoundError:  # pragma: no cover - a bare checkout
        return "0"
