"""The decree pages: the PPID Utama composes a decree from approved cases, previews it,
issues and signs it (or discards the draft, or later revokes the decree); everyone who
reads decrees sees the issued ones and downloads their signed PDF.

Every action goes to :class:`~ujikon.service.decrees.DecreeDesk`, as the CLI's ``ujikon decree``
does. Who may use each page is the service's capability table
(:data:`~ujikon.domain.access.CAPABILITIES`), asked on every request; the desk's own
rules (``role-may-act``, ``decree-state``, ``decree-lists-cases`` ...) then decide the
action itself. Drafts, like the cases' ``own-unit`` rule, are reported as not found to
anyone who may not draft: they are working papers, not decrees.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Depends, Form
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from ujikon.documents.keys import KeyAccessError
from ujikon.domain.access import DECREE_NOT_FOUND_HINT, Capability, may, may_see_decree
from ujikon.domain.decree import Decree, DecreeState
from ujikon.domain.payloads import Outcome
from ujikon.domain.states import CaseState
from ujikon.errors import InputError, NotFound, RuleViolation
from ujikon.service import decree_filename
from ujikon.web.deps import Viewer, checked_form, current_viewer
from ujikon.web.render import page
from ujikon.web.state import WebState, web_state

__all__ = ["FormError", "router"]

router = APIRouter(include_in_schema=False)

GENERAL = "_form"
"""The key of an error that names no field of the form."""

STATE_LABELS: dict[str, tuple[str, str]] = {state.value: state.labels for state in DecreeState}

_DECREE_ID = re.compile(r"(?i)D-\d{4}-\d{4,8}")
_PASSPHRASE_FIELD = "passphrase_"
_MAX_PASSPHRASE = 1024


@dataclass(frozen=True)
class FormError:
    """An error shown next to a field: both languages, and the rule when a rule refused."""

    text_id: str
    text_en: str
    rule: str = ""
    article: str = ""


def _rule_error(exc: RuleViolation) -> tuple[str, FormError]:
    return exc.field or GENERAL, FormError(exc.message_id, exc.message_en, exc.rule, exc.article)


def _input_error(exc: InputError, fields: tuple[str, ...] = ()) -> tuple[str, FormError]:
    key = exc.where if exc.where in fields else GENERAL
    return key, FormError(exc.message, exc.message)


def _key_error(exc: KeyAccessError) -> tuple[str, FormError]:
    """A key that did not open: next to its passphrase field when the passphrase was
    wrong; otherwise on the form (without the server's path, only the file's name)."""
    if exc.reason == "passphrase":
        return f"{_PASSPHRASE_FIELD}{exc.path.stem}", FormError(
            "Kata sandi (PIN) ini tidak dapat membuka kunci tanda tangan; tidak ada yang "
            "diterbitkan.",
            "This passphrase (PIN) does not open the signing key; nothing was issued.",
        )
    prefix = f"{exc.path}: "
    detail = exc.message[len(prefix) :] if exc.message.startswith(prefix) else exc.message
    text = f"{exc.path.name}: {detail}"
    return GENERAL, FormError(text, text)


# -- reading ------------------------------------------------------------------------------


def _may_see(viewer: Viewer, decree: Decree) -> bool:
    """Drafts (and discarded drafts) only to those who draft decrees."""
    return may_see_decree(viewer.actor, decree)


def _decree(state: WebState, viewer: Viewer, decree_id: str) -> Decree:
    """The decree ``decree_id`` as ``viewer`` may see it (after READ_DECREES): a draft
    they may not see is "not found" in the very words of an id that no decree has."""
    state.app.cases.require(viewer.actor, Capability.READ_DECREES)
    if not _DECREE_ID.fullmatch(decree_id):
        raise NotFound("SK/decree", decree_id[:40])
    try:
        decree = state.app.decrees.get(decree_id)
    except NotFound:
        decree = None
    if decree is None or not _may_see(viewer, decree):
        raise NotFound("SK/decree", decree_id, DECREE_NOT_FOUND_HINT)
    return decree


def _signers(state: WebState, decree: Decree) -> list[dict[str, str]]:
    """Who signed the decree (``signed``); for a draft, or a decree awaiting a signature,
    then who the profile says is still to sign (``awaited``)."""
    placed = decree.issue or decree.signing
    rows = [
        {
            "role": s.role,
            "name": s.name,
            "nip": s.nip,
            "office": s.office,
            "certificate": s.certificate_subject,
            "status": "signed",
        }
        for s in (placed.signers if placed else ())
    ]
    if decree.state not in (DecreeState.DRAFT, DecreeState.SIGNING):
        return rows
    profile = state.app.decrees.profile()
    if profile is None:
        return rows
    return rows + [
        {
            "role": s.role.value,
            "name": s.name,
            "nip": s.nip,
            "office": s.office,
            "certificate": "",
            "status": "awaited",
        }
        for s in profile.signers[len(rows) :]
    ]


def _detail(
    request: Request,
    viewer: Viewer,
    decree: Decree,
    *,
    status: int = 200,
    errors: dict[str, FormError] | None = None,
    form: str = "",
    values: dict[str, str] | None = None,
) -> HTMLResponse:
    state = web_state(request)
    actor = viewer.actor
    visible = {c.case_id: c for c in state.app.cases.list_cases(viewer=viewer.actor)}
    cases = []
    for ref in decree.cases:
        case_id = ref.split("/", 1)[0]
        summary = visible.get(case_id)
        cases.append({"ref": ref, "case_id": case_id, "title": summary.title if summary else ""})
    draft = decree.state is DecreeState.DRAFT
    signing = decree.state is DecreeState.SIGNING
    issued = decree.state is DecreeState.ISSUED
    issuer = may(actor, Capability.ISSUE_DECREES)
    mine = state.app.decrees.signs_next(actor, decree) if issuer else []
    return page(
        request,
        "web/decrees/detail.html",
        status=status,
        decree=decree,
        state_labels=STATE_LABELS,
        cases=cases,
        signers=_signers(state, decree),
        has_profile=state.app.decrees.profile() is not None,
        can_preview=draft and may(actor, Capability.DRAFT_DECREES),
        can_discard=draft and may(actor, Capability.DRAFT_DECREES),
        can_issue=(draft or signing) and bool(mine),
        own_signatures=[{"role": s.role.value, "name": s.name, "key": s.key} for s in mine],
        signing=signing,
        not_yours=(draft or signing) and issuer and not mine,
        can_withdraw=signing and may(actor, Capability.DRAFT_DECREES),
        can_revoke=issued and issuer,
        can_download=decree.issue is not None,
        can_read_waiting=signing,
        filename=decree_filename(decree.issue.number) if decree.issue else "",
        errors=errors or {},
        form=form,
        values=values or {},
    )


@router.get("/decrees", response_class=HTMLResponse)
def decree_list(
    request: Request, viewer: Annotated[Viewer, Depends(current_viewer)]
) -> HTMLResponse:
    state = web_state(request)
    state.app.cases.require(viewer.actor, Capability.READ_DECREES)
    decrees = sorted(
        (d for d in state.app.decrees.all() if _may_see(viewer, d)),
        key=lambda d: d.decree_id,
        reverse=True,
    )
    return page(
        request,
        "web/decrees/list.html",
        drafts=[d for d in decrees if d.state is DecreeState.DRAFT],
        signing=[d for d in decrees if d.state is DecreeState.SIGNING],
        decrees=[d for d in decrees if d.issue is not None],
        discarded=[d for d in decrees if d.state is DecreeState.DISCARDED],
        may_draft=may(viewer.actor, Capability.DRAFT_DECREES),
        state_labels=STATE_LABELS,
    )


# -- composing ----------------------------------------------------------------------------


def _compose(
    request: Request,
    viewer: Viewer,
    *,
    status: int = 200,
    ticked: list[str] | None = None,
    note: str = "",
    errors: dict[str, FormError] | None = None,
) -> HTMLResponse:
    state = web_state(request)
    every = state.app.cases.list_cases(CaseState.APPROVED, viewer=viewer.actor)
    approved = [c for c in every if c.outcome is not None and Outcome(c.outcome).withholds]
    approved.sort(key=lambda c: c.case_id)
    # Approved but concluded open: shown apart, with why they are not listed.
    left_out = sorted((c for c in every if c not in approved), key=lambda c: c.case_id)
    return page(
        request,
        "web/decrees/new.html",
        status=status,
        approved=approved,
        left_out=left_out,
        ticked=set(ticked) if ticked is not None else {c.ref for c in approved},
        note=note,
        errors=errors or {},
    )


@router.get("/decrees/new", response_class=HTMLResponse)
def decree_new(
    request: Request, viewer: Annotated[Viewer, Depends(current_viewer)]
) -> HTMLResponse:
    web_state(request).app.cases.require(viewer.actor, Capability.DRAFT_DECREES)
    return _compose(request, viewer)


@router.post("/decrees/new")
def decree_draft(
    request: Request,
    viewer: Annotated[Viewer, Depends(checked_form)],
    case: Annotated[list[str] | None, Form(max_length=40)] = None,
    note: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    state = web_state(request)
    state.app.cases.require(viewer.actor, Capability.DRAFT_DECREES)
    refs = list(case or [])
    try:
        decree = state.app.decrees.draft(viewer.actor, refs, note.strip())
    except RuleViolation as exc:
        key, error = _rule_error(exc)
        errors = {key: error}
        found = re.fullmatch(r"cases\[(\d+)\]", key)
        if found and int(found[1]) < len(refs):  # next to the case concerned, too
            errors[f"case:{refs[int(found[1])]}"] = error
        return _compose(request, viewer, status=422, ticked=refs, note=note, errors=errors)
    except InputError as exc:
        _key, error = _input_error(exc)
        return _compose(
            request, viewer, status=422, ticked=refs, note=note, errors={"cases": error}
        )
    viewer.session.flash(
        "ok",
        f"Konsep SK {decree.decree_id} disusun ({len(decree.cases)} kasus). Periksa "
        "pratinjaunya, lalu terbitkan.",
        f"Draft decree {decree.decree_id} composed ({len(decree.cases)} cases). Check the "
        "preview, then issue it.",
    )
    return RedirectResponse(f"/decrees/{decree.decree_id}", status_code=303)


# -- one decree ---------------------------------------------------------------------------


@router.get("/decrees/{decree_id}", response_class=HTMLResponse)
def decree_show(
    request: Request, decree_id: str, viewer: Annotated[Viewer, Depends(current_viewer)]
) -> HTMLResponse:
    decree = _decree(web_state(request), viewer, decree_id)
    return _detail(request, viewer, decree)


@router.get("/decrees/{decree_id}/preview.pdf")
def decree_preview(
    request: Request, decree_id: str, viewer: Annotated[Viewer, Depends(current_viewer)]
) -> Response:
    state = web_state(request)
    state.app.cases.require(viewer.actor, Capability.DRAFT_DECREES)
    decree = _decree(state, viewer, decree_id)
    pdf = state.app.decrees.preview(decree.decree_id)
    return Response(
        pdf,
        media_type="application/pdf",
        headers={
            "Content-Disposition": f'inline; filename="{decree.decree_id}-pratinjau.pdf"',
        },
    )


@router.get("/decrees/{decree_id}/download.pdf")
def decree_download(
    request: Request, decree_id: str, viewer: Annotated[Viewer, Depends(current_viewer)]
) -> Response:
    state = web_state(request)
    decree = _decree(state, viewer, decree_id)
    if decree.state is DecreeState.SIGNING and decree.signing is not None:
        # What the awaited signer reads before signing: the PDF signed so far, shown
        # in the browser (not a decree yet, so not offered as one to download).
        kept = state.app.decrees.workdir / decree.signing.file
        if not kept.is_file():
            raise NotFound("PDF SK/decree PDF", decree.signing.number)
        return Response(
            kept.read_bytes(),
            media_type="application/pdf",
            headers={"Content-Disposition": f'inline; filename="{kept.name}"'},
        )
    if decree.issue is None:
        raise NotFound(
            "PDF SK/decree PDF",
            decree.decree_id,
            "Konsep belum diterbitkan; belum ada PDF bertanda tangan. / A draft has no "
            "signed PDF yet.",
        )
    path = state.app.decrees.workdir / decree.issue.file
    if not path.is_file():
        raise NotFound("PDF SK/decree PDF", decree.issue.number)
    filename = decree_filename(decree.issue.number)
    return Response(
        path.read_bytes(),
        media_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


async def _posted(request: Request) -> FormData:
    """The submitted form (already read, and its CSRF token checked, by ``checked_form``)."""
    return await request.form()


def _passphrases(form: FormData) -> dict[str, bytes | None]:
    """``passphrase_<key>`` fields as the desk takes them: the key's name to its bytes."""
    out: dict[str, bytes | None] = {}
    for name, value in form.multi_items():
        if name.startswith(_PASSPHRASE_FIELD) and isinstance(value, str):
            out[name[len(_PASSPHRASE_FIELD) :]] = value[:_MAX_PASSPHRASE].encode("utf-8")
    return out


@router.post("/decrees/{decree_id}/issue")
def decree_issue(
    request: Request,
    decree_id: str,
    viewer: Annotated[Viewer, Depends(checked_form)],
    form: Annotated[FormData, Depends(_posted)],
) -> Response:
    state = web_state(request)
    state.app.cases.require(viewer.actor, Capability.ISSUE_DECREES)
    decree = _decree(state, viewer, decree_id)
    try:
        result = state.app.decrees.issue(viewer.actor, decree, _passphrases(form))
    except KeyAccessError as exc:
        key, error = _key_error(exc)
    except RuleViolation as exc:
        key, error = _rule_error(exc)
    except InputError as exc:
        key, error = _input_error(exc)
    else:
        done = result.decree
        number = done.number or done.decree_id
        if done.state is DecreeState.SIGNING:
            whose = _awaited_words(state, done)
            viewer.session.flash(
                "ok",
                f"SK Nomor {number} ditandatangani; menunggu tanda tangan {whose[0]}, yang "
                "menandatanganinya dari akunnya sendiri.",
                f"Decree {number} signed; it awaits the signature of {whose[1]}, who signs "
                "from their own account.",
            )
        else:
            viewer.session.flash(
                "ok",
                f"SK Nomor {number} diterbitkan dan ditandatangani.",
                f"Decree {number} issued and signed.",
            )
        return RedirectResponse(f"/decrees/{decree.decree_id}", status_code=303)
    if key != GENERAL and not key.startswith(_PASSPHRASE_FIELD):
        key = GENERAL  # e.g. cases[0]: the issue form has no such field
    if key.startswith(_PASSPHRASE_FIELD) and key not in _own_fields(state, viewer, decree):
        key = GENERAL  # another signer's PIN (signer-own-account): no field of this form
    current = state.app.decrees.get(decree.decree_id)
    return _detail(request, viewer, current, status=422, errors={key: error}, form="issue")


def _own_fields(state: WebState, viewer: Viewer, decree: Decree) -> set[str]:
    """The PIN fields the viewer's issue form shows."""
    return {
        f"{_PASSPHRASE_FIELD}{s.key}" for s in state.app.decrees.signs_next(viewer.actor, decree)
    }


def _awaited_words(state: WebState, decree: Decree) -> tuple[str, str]:
    """Who ``decree`` still awaits, in both languages ("Atasan PPID (Ir. Hendra …)")."""
    profile = state.app.decrees.profile()
    done = len(decree.signing.signers) if decree.signing else 0
    awaited = profile.signers[done:] if profile else ()
    return (
        ", ".join(f"{s.role.label_id} ({s.name})" for s in awaited),
        ", ".join(f"{s.role.label_en} ({s.name})" for s in awaited),
    )


@router.post("/decrees/{decree_id}/discard")
def decree_discard(
    request: Request, decree_id: str, viewer: Annotated[Viewer, Depends(checked_form)]
) -> Response:
    state = web_state(request)
    state.app.cases.require(viewer.actor, Capability.DRAFT_DECREES)
    decree = _decree(state, viewer, decree_id)
    try:
        discarded = state.app.decrees.discard(viewer.actor, decree.decree_id)
    except RuleViolation as exc:
        _key, error = _rule_error(exc)
        return _detail(request, viewer, decree, status=422, errors={GENERAL: error}, form="discard")
    if discarded.number:
        viewer.session.flash(
            "ok",
            f"SK {decree.decree_id} ditarik sebelum semua tanda tangan; nomor "
            f"{discarded.number} tidak dipakai dan kasusnya dapat dicantumkan lagi.",
            f"Decree {decree.decree_id} withdrawn before every signature; number "
            f"{discarded.number} stays unused and its cases may be listed again.",
        )
    else:
        viewer.session.flash(
            "ok",
            f"Konsep SK {decree.decree_id} dibatalkan; tidak ada nomor yang terpakai.",
            f"Draft decree {decree.decree_id} discarded; no number was used.",
        )
    return RedirectResponse(f"/decrees/{decree.decree_id}", status_code=303)


@router.post("/decrees/{decree_id}/revoke")
def decree_revoke(
    request: Request,
    decree_id: str,
    viewer: Annotated[Viewer, Depends(checked_form)],
    reason: Annotated[str, Form(max_length=2000)] = "",
    replaced_by: Annotated[str, Form(max_length=100)] = "",
) -> Response:
    state = web_state(request)
    state.app.cases.require(viewer.actor, Capability.ISSUE_DECREES)
    decree = _decree(state, viewer, decree_id)
    values = {"reason": reason, "replaced_by": replaced_by}
    errors: dict[str, FormError]
    try:
        revoked = state.app.decrees.revoke(
            viewer.actor, decree.decree_id, reason.strip(), replaced_by.strip()
        )
    except RuleViolation as exc:
        key, error = _rule_error(exc)
        errors = {key if key in values else GENERAL: error}
    except InputError as exc:
        errors = dict([_input_error(exc, tuple(values))])
    else:
        number = revoked.issue.number if revoked.issue else revoked.decree_id
        viewer.session.flash("ok", f"SK Nomor {number} dicabut.", f"Decree {number} revoked.")
        return RedirectResponse(f"/decrees/{decree.decree_id}", status_code=303)
    return _detail(request, viewer, decree, status=422, errors=errors, form="revoke", values=values)
