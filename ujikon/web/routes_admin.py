"""The administrator's pages: users and their passwords, the body's profile, the signing keys.

Every page and every form needs the administrator's capability for its area
(``manage-users``, ``manage-body``, ``manage-keys``), asked of the service on every
request, GET or POST, before anything is read or done; the use cases behind the forms
check their own rules again (``admin-manages-users``, ``admin-manages-workspace``).
The forms call what the CLI calls: :meth:`Service.add_user` and
:meth:`Service.set_password` (``ujikon user``), :meth:`DecreeDesk.set_profile`
(``ujikon body set``), :func:`describe_pkcs12` / :meth:`DecreeDesk.register_key` /
:func:`import_pkcs12` (``ujikon keys import``) and :func:`create_dev_ca` (``ujikon keys
dev-ca``).
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, Depends
from pydantic import ValidationError
from starlette.datastructures import FormData, UploadFile
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from ujikon.documents.keys import (
    CA_CERT_FILE,
    CA_KEY_FILE,
    KeyAccessError,
)
from ujikon.domain.access import Capability
from ujikon.domain.body import BodyProfile, SignerRole, format_decree_number
from ujikon.domain.roles import Role
from ujikon.domain.users import AddUser
from ujikon.errors import InputError, RuleViolation, schema_message
from ujikon.service import PASSWORD_MIN_LENGTH, check_password_strength
from ujikon.web.deps import Viewer, checked_form, current_viewer
from ujikon.web.render import page
from ujikon.web.state import WebState, web_state

if TYPE_CHECKING:
    from ujikon.service import DecreeDesk

__all__ = ["FieldError", "router"]

router = APIRouter(include_in_schema=False)

GENERAL = "_form"
"""The error key of a refusal that names no field: shown at the top of its form."""

_MAX_SIGNERS = 6
"""Signer rows read from the profile form at most."""
_SIGNER_FIELDS = ("role", "office", "name", "nip", "rank", "key_name")
_PROFILE_TEXT = (
    "name",
    "place",
    "issuer",
    "address",
    "contact",
    "number_pattern",
    "number_code",
    "number_unit",
)
_PROFILE_LINES = ("letterhead", "own_rules", "copies")


# -- errors next to their fields -------------------------------------------------------


@dataclass(frozen=True)
class FieldError:
    """A refusal as a form shows it beside a field: both languages, and the rule and
    article when a legal or workspace rule refused."""

    text_id: str
    text_en: str
    rule: str = ""
    article: str = ""

    @classmethod
    def of_rule(cls, exc: RuleViolation) -> FieldError:
        return cls(exc.message_id, exc.message_en, exc.rule, exc.article)

    @classmethod
    def bilingual(cls, text: str) -> FieldError:
        """A message written ``Indonesian / English`` (as ujikon's input errors are)."""
        text_id, sep, text_en = text.partition(" / ")
        return cls(text_id, text_en) if sep else cls(text, text)


Errors = dict[str, FieldError]


def _input_text(exc: InputError) -> str:
    return exc.message.removeprefix(f"{exc.where}: ")


def _path(loc: Iterable[int | str]) -> str:
    """A pydantic location as a dotted field path: ``("signers", 0, "nip")`` →
    ``signers[0].nip`` (the form of :attr:`RuleViolation.field`)."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or GENERAL


_PATTERN_HINTS: dict[str, tuple[str, str]] = {
    "username": (
        "Nama pengguna: 2–40 karakter huruf kecil, angka, titik, garis bawah atau tanda "
        "hubung, diawali huruf.",
        "User name: 2–40 lower-case letters, digits, dots, underscores or hyphens, "
        "starting with a letter.",
    ),
    "nip": (
        "NIP hanya angka dan spasi (paling banyak 30).",
        "NIP: digits and spaces only (at most 30).",
    ),
    "key_name": (
        "Nama kunci: huruf kecil, angka, '-' atau '_' (paling banyak 40).",
        "Key name: lower-case letters, digits, '-' or '_' (at most 40).",
    ),
}


def _pydantic_error(field: str, err: Mapping[str, Any]) -> FieldError:
    kind = str(err.get("type", ""))
    last = field.rsplit(".", 1)[-1]
    if kind == "string_pattern_mismatch" and last in _PATTERN_HINTS:
        return FieldError(*_PATTERN_HINTS[last])
    message_id, message_en = schema_message(err)
    if message_id == message_en:  # ujikon's own validator: "Indonesian / English"
        return FieldError.bilingual(message_id)
    return FieldError(message_id, message_en)


def _validation_errors(exc: ValidationError, rename: Mapping[str, str] | None = None) -> Errors:
    """The first error of each field; ``rename`` maps path prefixes (``signers[0]``) to
    the form's own (``signers[2]``: blank signer rows are not sent to the desk)."""
    errors: Errors = {}
    for err in exc.errors():
        field = _path(err["loc"])
        for old, new in (rename or {}).items():
            if field == old or field.startswith((old + ".", old + "[")):
                field = new + field[len(old) :]
                break
        errors.setdefault(field, _pydantic_error(field, err))
    return errors


# -- request helpers ----------------------------------------------------------------------


async def form_data(request: Request) -> FormData:
    """The posted form (already read, and its CSRF token checked, by ``checked_form``)."""
    return await request.form()


Form = Annotated[FormData, Depends(form_data)]
Posted = Annotated[Viewer, Depends(checked_form)]
Reader = Annotated[Viewer, Depends(current_viewer)]


def _text(form: FormData, name: str) -> str:
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


def _secret(form: FormData, name: str) -> str:
    """A password or passphrase: taken exactly as typed."""
    value = form.get(name)
    return value if isinstance(value, str) else ""


def _lines(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in text.splitlines() if line.strip())


def _allowed(request: Request, viewer: Viewer, capability: Capability) -> WebState:
    state = web_state(request)
    state.app.cases.require(viewer.actor, capability)
    return state


def _done(viewer: Viewer, target: str, text_id: str, text_en: str, kind: str = "ok") -> Response:
    viewer.session.flash(kind, text_id, text_en)
    return RedirectResponse(target, status_code=303)


def _password_errors(username: str, password: str, again: str) -> Errors:
    """A new password checked the way the service will check it, and typed twice alike."""
    errors: Errors = {}
    try:
        check_password_strength(username, password)
    except InputError as exc:
        errors["password"] = FieldError.bilingual(_input_text(exc))
    if password != again:
        errors["password2"] = FieldError(
            "Kedua kata sandi tidak sama.", "The two passwords are not the same."
        )
    return errors


# -- users --------------------------------------------------------------------------------


def _users_page(
    request: Request,
    state: WebState,
    *,
    status: int = 200,
    form: Mapping[str, str] | None = None,
    errors: Errors | None = None,
    pw_for: str = "",
    pw_errors: Errors | None = None,
    edit_for: str = "",
    edit_errors: Errors | None = None,
    edit: Mapping[str, str] | None = None,
) -> HTMLResponse:
    service = state.app.cases
    users = sorted(service.users(), key=lambda u: u.username)
    return page(
        request,
        "web/admin/users.html",
        status=status,
        users=[(u, service.has_password(u.username)) for u in users],
        roles=list(Role),
        form=form or {},
        errors=errors or {},
        pw_for=pw_for,
        pw_errors=pw_errors or {},
        edit_for=edit_for,
        edit_errors=edit_errors or {},
        edit=edit or {},
        min_length=PASSWORD_MIN_LENGTH,
    )


@router.get("/admin/users", response_class=HTMLResponse)
def users_page(request: Request, viewer: Reader) -> HTMLResponse:
    state = _allowed(request, viewer, Capability.MANAGE_USERS)
    return _users_page(request, state)


@router.post("/admin/users")
def add_user(request: Request, viewer: Posted, form: Form) -> Response:
    state = _allowed(request, viewer, Capability.MANAGE_USERS)
    typed = {
        f: _text(form, f) for f in ("username", "role", "full_name", "unit", "nip", "position")
    }
    password = _secret(form, "password")
    errors: Errors = {}
    payload: AddUser | None = None
    try:
        payload = AddUser.model_validate(typed)
    except ValidationError as exc:
        errors.update(_validation_errors(exc))
    # The password is checked before the user is added: a bad one adds nobody.
    errors.update(_password_errors(typed["username"], password, _secret(form, "password2")))
    if errors or payload is None:
        return _users_page(request, state, status=422, form=typed, errors=errors)
    try:
        user = state.app.cases.add_user(viewer.actor, payload)
    except RuleViolation as exc:
        errors[exc.field or GENERAL] = FieldError.of_rule(exc)
        return _users_page(request, state, status=422, form=typed, errors=errors)
    state.app.cases.set_password(viewer.actor, user.username, password)
    return _done(
        viewer,
        "/admin/users",
        f"Pengguna {user.username} ditambahkan dengan kata sandi.",
        f"User {user.username} added, with a password.",
    )


_PROFILE_FIELDS = ("full_name", "nip", "position", "role", "unit")


@router.post("/admin/users/{username}/profile")
def update_user(request: Request, username: str, viewer: Posted, form: Form) -> Response:
    """An admin changes a user's name, NIP, jabatan, role or unit (one event)."""
    state = _allowed(request, viewer, Capability.MANAGE_USERS)
    target = state.app.cases.user(username)  # an unknown user is a 404
    typed = {f: _text(form, f) for f in _PROFILE_FIELDS}
    errors: Errors = {}
    try:
        state.app.cases.update_user(viewer.actor, target.username, typed)
    except RuleViolation as exc:
        shown_at = exc.field if exc.field in _PROFILE_FIELDS else GENERAL
        errors[shown_at] = FieldError.of_rule(exc)
    except InputError as exc:
        errors[GENERAL] = FieldError.bilingual(exc.message)
    if errors:
        return _users_page(
            request, state, status=422, edit_for=target.username, edit_errors=errors, edit=typed
        )
    return _done(
        viewer,
        "/admin/users",
        f"Profil {target.username} diubah; riwayatnya tetap.",
        f"Profile of {target.username} changed; their history stays as it was.",
    )


@router.post("/admin/users/{username}/active")
def set_active(request: Request, username: str, viewer: Posted, form: Form) -> Response:
    """Deactivate (``active=0``) or reactivate (``active=1``) a user; a deactivated
    user's sessions end at once."""
    state = _allowed(request, viewer, Capability.MANAGE_USERS)
    target = state.app.cases.user(username)
    active = _text(form, "active") == "1"
    try:
        state.app.cases.set_user_active(
            viewer.actor, target.username, active, _text(form, "reason")
        )
    except RuleViolation as exc:
        errors: Errors = {GENERAL: FieldError.of_rule(exc)}
        return _users_page(request, state, status=422, edit_for=target.username, edit_errors=errors)
    if active:
        return _done(viewer, "/admin/users", f"Pengguna {target.username} diaktifkan kembali.",
                     f"User {target.username} reactivated.")  # fmt: skip
    # The service ended their sessions with the change (on every worker).
    return _done(
        viewer,
        "/admin/users",
        f"Pengguna {target.username} dinonaktifkan; semua sesi masuknya diakhiri. Namanya "
        "tetap pada riwayat.",
        f"User {target.username} deactivated; all their sessions ended. Their name "
        "stays in the history.",
    )


@router.post("/admin/users/{username}/password")
def set_password(request: Request, username: str, viewer: Posted, form: Form) -> Response:
    state = _allowed(request, viewer, Capability.MANAGE_USERS)
    target = state.app.cases.user(username)  # an unknown user is a 404
    password = _secret(form, "password")
    errors = _password_errors(target.username, password, _secret(form, "password2"))
    ended = 0
    if not errors:
        try:
            ended = state.app.cases.set_password(viewer.actor, target.username, password)
        except RuleViolation as exc:
            errors[GENERAL] = FieldError.of_rule(exc)
    if errors:
        return _users_page(request, state, status=422, pw_for=target.username, pw_errors=errors)
    if target.username == viewer.username:
        return RedirectResponse("/login", status_code=303)  # their own session ended too
    return _done(
        viewer,
        "/admin/users",
        f"Kata sandi {target.username} diganti; {ended} sesi masuknya diakhiri.",
        f"Password of {target.username} changed; {ended} of their sessions ended.",
    )


# -- the body's profile -----------------------------------------------------------------


def _blank_signer(role: str = "") -> dict[str, str]:
    return {f: "" for f in _SIGNER_FIELDS} | {"role": role}


def _with_blank_rows(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """The signer rows, with empty ones to fill in for the signer roles not yet named."""
    rows = list(rows)
    for role in SignerRole:
        if len(rows) < len(SignerRole) and role.value not in {r["role"] for r in rows}:
            rows.append(_blank_signer(role.value))
    return rows


def _profile_form(profile: BodyProfile | None) -> tuple[dict[str, str], list[dict[str, str]]]:
    if profile is None:
        defaults = BodyProfile.model_fields
        typed = {f: "" for f in _PROFILE_TEXT}
        for f in ("number_pattern", "number_code", "number_unit"):
            typed[f] = str(defaults[f].default)
        typed |= {f: "" for f in _PROFILE_LINES}
        return typed, _with_blank_rows([])
    data = profile.model_dump(mode="json")
    typed = {f: str(data[f]) for f in _PROFILE_TEXT}
    typed |= {f: "\n".join(data[f]) for f in _PROFILE_LINES}
    rows = [{f: str(s[f]) for f in _SIGNER_FIELDS} for s in data["signers"]]
    return typed, _with_blank_rows(rows)


def _body_page(
    request: Request,
    state: WebState,
    *,
    status: int = 200,
    typed: Mapping[str, str] | None = None,
    signers: list[dict[str, str]] | None = None,
    errors: Errors | None = None,
) -> HTMLResponse:
    profile = state.app.decrees.profile()
    if typed is None or signers is None:
        typed, signers = _profile_form(profile)
    example = ""
    if profile is not None:
        today = state.app.cases.today()
        example = format_decree_number(profile, 1, today.year, today.month)
    return page(
        request,
        "web/admin/body.html",
        status=status,
        profile=profile,
        example_number=example,
        form=typed,
        signers=signers,
        signer_roles=list(SignerRole),
        errors=errors or {},
    )


@router.get("/admin/body", response_class=HTMLResponse)
def body_page(request: Request, viewer: Reader) -> HTMLResponse:
    state = _allowed(request, viewer, Capability.MANAGE_BODY)
    return _body_page(request, state)


@router.post("/admin/body")
def set_body(request: Request, viewer: Posted, form: Form) -> Response:
    state = _allowed(request, viewer, Capability.MANAGE_BODY)
    typed = {f: _text(form, f) for f in _PROFILE_TEXT}
    lines = {f: _secret(form, f) for f in _PROFILE_LINES}
    rows = [
        {f: _text(form, f"signers-{i}-{f}") for f in _SIGNER_FIELDS}
        for i in range(_MAX_SIGNERS)
        if f"signers-{i}-role" in form
    ]
    kept = [i for i, row in enumerate(rows) if any(v for k, v in row.items() if k != "role")]
    data: dict[str, Any] = dict(typed)
    data |= {f: _lines(text) for f, text in lines.items()}
    data["signers"] = tuple(rows[i] for i in kept)
    shown = typed | lines
    errors: Errors = {}
    try:  # the form read into its schema, to put each error beside its field
        BodyProfile.model_validate(data)
    except ValidationError as exc:
        rename = {f"signers[{n}]": f"signers[{i}]" for n, i in enumerate(kept)}
        errors = _validation_errors(exc, rename)
    if not errors:
        try:
            state.app.decrees.set_profile(viewer.actor, data)
        except RuleViolation as exc:
            errors[exc.field or GENERAL] = FieldError.of_rule(exc)
        except InputError as exc:
            field = exc.where if exc.where in data else GENERAL
            errors[field] = FieldError.bilingual(_input_text(exc))
    if errors:
        return _body_page(
            request, state, status=422, typed=shown, signers=_with_blank_rows(rows), errors=errors
        )
    return _done(viewer, "/admin/body", "Profil badan publik disimpan.", "Body profile saved.")


# -- signing keys -----------------------------------------------------------------------


def _key_options(desk: DecreeDesk) -> list[tuple[str, str]]:
    """The keys a signer of the profile signs with: (key name, whose)."""
    profile = desk.profile()
    if profile is None or not profile.signers:
        return [(r.value, r.value) for r in SignerRole]
    options: dict[str, str] = {}
    for signer in profile.signers:
        options.setdefault(signer.key, f"{signer.role.value}: {signer.name}")
    return list(options.items())


def _keys_page(
    request: Request,
    state: WebState,
    *,
    status: int = 200,
    typed: Mapping[str, Any] | None = None,
    errors: Errors | None = None,
    dev_typed: Mapping[str, Any] | None = None,
    dev_errors: Errors | None = None,
) -> HTMLResponse:
    desk = state.app.decrees
    now = state.app.cases.now().isoformat()
    keys = desk.installed_keys()
    for key in keys:
        key["file_present"] = (desk.keys_dir / f"{key['key_name']}.p12").is_file()
        key["expired"] = str(key["not_after"]) < now
    profile = desk.profile()
    installed = {k["key_name"] for k in keys if k["file_present"]}
    signers = list(profile.signers) if profile else []
    return page(
        request,
        "web/admin/keys.html",
        status=status,
        keys=keys,
        any_dev=any(k["is_dev"] for k in keys),
        ca_present=(desk.keys_dir / CA_CERT_FILE).is_file(),
        signers=signers,
        missing=[s for s in signers if s.key not in installed],
        key_options=_key_options(desk),
        form=typed or {},
        errors=errors or {},
        dev_form=dev_typed or {},
        dev_errors=dev_errors or {},
    )


@router.get("/admin/keys", response_class=HTMLResponse)
def keys_page(request: Request, viewer: Reader) -> HTMLResponse:
    state = _allowed(request, viewer, Capability.MANAGE_KEYS)
    return _keys_page(request, state)


@router.post("/admin/keys/import")
def import_key(request: Request, viewer: Posted, form: Form) -> Response:
    """A PKCS#12 key, as ``ujikon keys import``: opened with its passphrase first (a wrong
    passphrase or a file that is no key installs nothing), recorded, then copied in."""
    state = _allowed(request, viewer, Capability.MANAGE_KEYS)
    desk = state.app.decrees
    key_name = _text(form, "key_name")
    overwrite = bool(_text(form, "overwrite"))
    passphrase = _secret(form, "passphrase")
    upload = form.get("file")
    data = upload.file.read() if isinstance(upload, UploadFile) else b""
    typed = {"key_name": key_name, "overwrite": overwrite}
    errors: Errors = {}
    if key_name not in dict(_key_options(desk)):
        errors["key_name"] = FieldError(
            "Pilih kunci salah satu penanda tangan profil.", "Choose a signer's key."
        )
    if not data:
        errors["file"] = FieldError(
            "Pilih berkas kunci PKCS#12 (.p12/.pfx).", "Choose a PKCS#12 key file (.p12/.pfx)."
        )
    if not passphrase:
        errors["passphrase"] = FieldError("Wajib diisi.", "Required.")
    if not errors and (desk.keys_dir / f"{key_name}.p12").exists() and not overwrite:
        errors["overwrite"] = FieldError(
            "Kunci dengan nama ini sudah terpasang; centang 'timpa' untuk menggantinya.",
            "A key of this name is installed; tick 'replace' to replace it.",
        )
    if errors:
        return _keys_page(request, state, status=422, typed=typed, errors=errors)
    secret = passphrase.encode("utf-8")
    with tempfile.TemporaryDirectory(prefix="ujikon-key-") as tmp:
        source = Path(tmp) / f"{key_name}.p12"
        source.write_bytes(data)
        source.chmod(0o600)
        try:
            info = desk.import_key(viewer.actor, source, key_name, secret)
        except KeyAccessError as exc:
            field = "passphrase" if exc.reason == "passphrase" else "file"
            errors[field] = FieldError.bilingual(exc.message.removeprefix(f"{exc.path}: "))
            return _keys_page(request, state, status=422, typed=typed, errors=errors)
    if info.is_dev:
        return _done(
            viewer,
            "/admin/keys",
            f"Kunci {key_name} dipasang. PERHATIAN: sertifikat PENGEMBANGAN, tidak tepercaya.",
            f"Key {key_name} installed. WARNING: a DEVELOPMENT certificate, not trusted.",
            "error",
        )
    return _done(viewer, "/admin/keys", f"Kunci {key_name} dipasang.", f"Key {key_name} installed.")


@router.post("/admin/keys/dev-ca")
def dev_ca(request: Request, viewer: Posted, form: Form) -> Response:
    """Development keys for the profile's signers (demos and tests only)."""
    state = _allowed(request, viewer, Capability.MANAGE_KEYS)
    desk = state.app.decrees
    overwrite = bool(_text(form, "overwrite"))
    passphrase = _secret(form, "passphrase")
    typed = {"overwrite": overwrite}
    errors: Errors = {}
    profile = desk.profile()
    pairs = [(s.key, s.name) for s in profile.signers] if profile else []
    if not pairs:
        errors[GENERAL] = FieldError(
            "Isi profil badan publik dan penanda tangannya dahulu (Profil badan).",
            "Fill in the body's profile and its signers first (Body profile).",
        )
    if not passphrase:
        errors["passphrase"] = FieldError("Wajib diisi.", "Required.")
    elif passphrase != _secret(form, "passphrase2"):
        errors["passphrase2"] = FieldError(
            "Kedua kata sandi tidak sama.", "The two passphrases are not the same."
        )
    finals = [f"{k}.p12" for k, _ in pairs] + [CA_KEY_FILE, CA_CERT_FILE]
    existing = [name for name in finals if (desk.keys_dir / name).exists()]
    if pairs and existing and not overwrite:
        errors["overwrite"] = FieldError(
            f"Berkas kunci sudah ada: {', '.join(existing)}; centang 'timpa' untuk menggantinya.",
            f"Key files already exist: {', '.join(existing)}; tick 'replace' to replace them.",
        )
    if not errors and profile is not None:
        try:
            ca = desk.install_dev_keys(viewer.actor, pairs, passphrase.encode("utf-8"))
        except InputError as exc:
            errors[GENERAL] = FieldError.bilingual(_input_text(exc))
        else:
            names = ", ".join(info.key_name for info in ca.signers)
            return _done(
                viewer,
                "/admin/keys",
                f"Kunci PENGEMBANGAN dibuat ({names}): TIDAK TEPERCAYA, hanya untuk demo dan uji.",
                f"DEVELOPMENT keys created ({names}): NOT trusted, for demos and tests only.",
                "error",
            )
    return _keys_page(request, state, status=422, dev_typed=typed, dev_errors=errors)
