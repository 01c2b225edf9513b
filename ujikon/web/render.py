"""Pages: the Jinja2 environment of ``templates/web/`` and the one function that
renders a page with what every page needs (language, user, CSRF token, navigation)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import jinja2
from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import HTMLResponse

from ujikon import __version__
from ujikon.documents.templates import template_loader
from ujikon.domain.access import Capability, may
from ujikon.domain.roles import Actor, Role
from ujikon.domain.text import printable
from ujikon.errors import UjikonError
from ujikon.web.i18n import LANG_COOKIE, LANGUAGES, format_date, format_moment, pick

__all__ = [
    "NAV",
    "NavItem",
    "deadlines_of",
    "lang_of",
    "make_environment",
    "objection_deadlines_of",
    "page",
    "render_text",
]


@dataclass(frozen=True)
class NavItem:
    path: str
    label_id: str
    label_en: str
    capability: Capability | None = None
    roles: frozenset[Role] | None = None

    def shown_to(self, actor: Actor) -> bool:
        if self.roles is not None and actor.role not in self.roles:
            return False
        return self.capability is None or may(actor, self.capability)


NAV: tuple[NavItem, ...] = (
    NavItem("/", "Beranda", "Home"),
    NavItem("/cases", "Kasus", "Cases", Capability.READ_CASES),
    NavItem("/review", "Antrean tinjauan", "Review queue", roles=frozenset({Role.PPID})),
    NavItem("/decrees", "SK", "Decrees", Capability.READ_DECREES),
    NavItem("/audit", "Log audit", "Audit log", Capability.READ_AUDIT_LOG),
    NavItem("/register", "DIK", "Register (DIK)", Capability.READ_REGISTER),
    NavItem("/monev", "Monev", "Monitoring", Capability.READ_AUDIT_LOG),
    NavItem("/verify", "Verifikasi", "Verify", Capability.VERIFY_DOCUMENTS),
    NavItem("/admin/users", "Pengguna", "Users", Capability.MANAGE_USERS),
    NavItem("/admin/body", "Profil badan", "Body profile", Capability.MANAGE_BODY),
    NavItem("/admin/keys", "Kunci", "Keys", Capability.MANAGE_KEYS),
)
"""The menu; each entry is shown to the roles that may use it (the routes check again)."""


def lang_of(request: Request) -> str:
    chosen = request.cookies.get(LANG_COOKIE, "id")
    return chosen if chosen in LANGUAGES else "id"


@jinja2.pass_context
def _t(context: Any, text_id: str, text_en: str) -> str:
    return pick(str(context.get("lang", "id")), text_id, text_en)


@jinja2.pass_context
def _date(context: Any, value: Any) -> str:
    return format_date(value, str(context.get("lang", "id")))


@jinja2.pass_context
def _moment(context: Any, value: Any) -> str:
    return format_moment(value, str(context.get("lang", "id")))


_TONES = {
    "in_review": "wait",
    "approved": "done",
    "decreed": "done",
    "withdrawn": "closed",
    "expired": "closed",
    "overturned": "closed",
}


def state_tone(state: Any) -> str:
    """The colour of a state's badge by what it means: being drafted (``work``), waiting
    for the reviewer (``wait``), approved or set by decree (``done``), closed otherwise
    (``closed``)."""
    return _TONES.get(str(getattr(state, "value", state)), "work")


def readable_name(dn: str) -> str:
    """A certificate's subject (RFC 4514: ``CN=Drs. Budi Santoso\\, M.Si.,O=Pemerintah
    Kabupaten Sukamaju,C=ID``) as people read it: "Drs. Budi Santoso, M.Si. —
    Pemerintah Kabupaten Sukamaju"; the text itself when it is no such string."""
    parts: dict[str, str] = {}
    key, value, escaped, in_value = "", "", False, False
    for char in dn + ",":
        if escaped:
            value += char
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "=" and not in_value:
            in_value = True
        elif char in ",+" and in_value:
            parts.setdefault(key.strip().upper(), value.strip())
            key, value, in_value = "", "", False
        elif in_value:
            value += char
        else:
            key += char
    name = parts.get("CN", "")
    if not name:
        return dn
    body = parts.get("O", "")
    return f"{name} — {body}" if body else name


def bilingual(text: str) -> tuple[str, str]:
    """A message written "Bahasa Indonesia. / English." (as the service words its
    refusals) as its two halves; a text without that seam is both."""
    for seam in (". / ", "! / ", ") / "):
        head, found, tail = text.partition(seam)
        if found:
            return head + seam[0], tail
    head, found, tail = text.partition(" / ")
    if found and " / " not in tail:
        return head, tail
    return text, text


@jinja2.pass_context
def _in_lang(context: Any, text: Any) -> str:
    """``message|in_lang``: the half of a bilingual message in the page's language."""
    text_id, text_en = bilingual(str(text))
    return pick(str(context.get("lang", "id")), text_id, text_en)


def _shown(value: Any) -> Any:
    """Every value a page prints, with control, bidi and zero-width characters written
    out (``\\u202e``): a log written before rule ``storable-text`` may hold them, and a
    right-to-left override would turn the text around on the page."""
    if isinstance(value, Markup):
        shown = printable(str(value))
        return value if shown == str(value) else Markup(shown)
    if isinstance(value, str):
        return printable(value)
    return value


def make_environment() -> jinja2.Environment:
    """Autoescape always on (every text on a page may come from a user); undefined names
    fail loudly so that a template mistake is a test failure, not a blank."""
    env = jinja2.Environment(
        loader=template_loader(),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=_shown,
    )
    env.globals["t"] = _t
    env.globals["state_tone"] = state_tone
    env.filters["in_lang"] = _in_lang
    env.filters["readable_name"] = readable_name
    env.filters["date"] = _date
    env.filters["moment"] = _moment
    return env


def _profile(state: Any) -> Any:
    """The body's profile for the header and footer (``None`` before the admin sets it)."""
    try:
        return state.app.decrees.profile()
    except UjikonError:  # a page must render even when the profile cannot be read
        return None


def render_text(request: Request, template: str, **context: Any) -> str:
    from ujikon.web.state import web_state

    state = web_state(request)
    viewer = getattr(request.state, "viewer", None)
    lang = lang_of(request)
    session = viewer.session if viewer is not None else None
    base: dict[str, Any] = {
        "request": request,
        "lang": lang,
        "viewer": viewer,
        "actor": viewer.actor if viewer is not None else None,
        "csrf_token": session.csrf if session is not None else context.pop("csrf_token", ""),
        "nav": [n for n in NAV if viewer is not None and n.shown_to(viewer.actor)],
        "flashes": session.take_flashes() if session is not None else [],
        "path": request.url.path,
        "body_name": state.app.cases.log.get_meta("body_name") or "ujikon",
        "body": _profile(state),
        "version": __version__,
    }
    base.update(context)
    return state.templates.get_template(template).render(base)


def page(request: Request, template: str, *, status: int = 200, **context: Any) -> HTMLResponse:
    """Render ``templates/<template>`` as a full page."""
    return HTMLResponse(render_text(request, template, **context), status_code=status)


def deadlines_of(request: Request, rows: Sequence[Any]) -> dict[str, Any]:
    """The answer deadlines of the listed cases that answer a request (by case id)."""
    from ujikon.web.state import web_state

    if not any(getattr(r, "request_dated", None) for r in rows):
        return {}
    return dict(web_state(request).app.deadlines.of_requests(rows))


def objection_deadlines_of(request: Request, rows: Sequence[Any]) -> dict[str, Any]:
    """The answer deadline of the earliest objection awaiting the Atasan PPID on each
    listed case that has one (Pasal 36(2)), by case id."""
    from ujikon.web.state import web_state

    if not any(getattr(r, "objection_filed_on", None) for r in rows):
        return {}
    return dict(web_state(request).app.deadlines.of_objections(rows))
