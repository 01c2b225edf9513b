"""``ujikon body``, ``ujikon keys``, ``ujikon decree`` and ``ujikon verify``.

The body's profile (who the decree speaks for, who signs it), the signing keys, the
decree itself (draft, preview, issue, revoke) and the offline check of a signed PDF.
As everywhere in the CLI, a command parses what the user typed, calls one use case of
:class:`~ujikon.service.decrees.DecreeDesk` (or
:func:`~ujikon.service.verification.verify_decree_file`) and prints the result; the rules
live in the domain.

Key passphrases come from the environment (``UJIKON_KEY_PASSPHRASE_<KEY>`` for one key,
then ``UJIKON_KEY_PASSPHRASE``) or from a hidden prompt; never from an option, which
would show in the process list and the shell history.

Start-up stays light: the decree desk, the key functions (``cryptography``), rendering
(WeasyPrint) and signing (pyHanko) are imported inside the commands that need them.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import sys
from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from ujikon.cli.common import (
    WIB,
    JsonOpt,
    emit_json,
    format_date_id,
    format_time_wib,
    globals_of,
    out,
    workspace_of,
)
from ujikon.cli.gate import open_app
from ujikon.errors import InputError, StoreError
from ujikon.service import DEV_CA_FILE

if TYPE_CHECKING:
    from ujikon.domain.body import BodyProfile
    from ujikon.domain.decree import Decree
    from ujikon.service import DecreeDesk, DecreeVerdict

__all__ = ["body_app", "decree_app", "key_env_var", "keys_app", "verify"]

logger = logging.getLogger(__name__)

PASSPHRASE_ENV = "UJIKON_KEY_PASSPHRASE"
"""Same as :data:`ujikon.documents.keys.PASSPHRASE_ENV` (not imported: start-up cost)."""
"""Same as :data:`ujikon.documents.keys.CA_CERT_FILE`."""

body_app = typer.Typer(
    help="Profil badan publik: nama, kop, penomoran, penanda tangan / "
    "the public body's profile: name, letterhead, numbering, signers",
    no_args_is_help=True,
)
keys_app = typer.Typer(
    help="Kunci tanda tangan (PKCS#12) di ruang kerja / signing keys (PKCS#12) in the workspace",
    no_args_is_help=True,
)
decree_app = typer.Typer(
    help="SK penetapan informasi yang dikecualikan: susun, pratinjau, terbitkan, tandatangani, "
    "cabut / decrees setting exempt information: draft, preview, issue, sign, revoke",
    no_args_is_help=True,
)


def _opt(*names: str, help: str, metavar: str | None = None) -> Any:
    return typer.Option(*names, help=help, show_default=False, metavar=metavar)


def _say() -> Console:
    """A console on stdout whose lines are not broken: paths and commands stay whole, to be
    copied."""
    console = out()
    console.soft_wrap = True
    return console


def _desk(ctx: typer.Context) -> DecreeDesk:
    """The decree desk over the chosen workspace; its store is closed when the command ends."""
    return open_app(ctx).decrees


# -- passphrases --------------------------------------------------------------------------


def key_env_var(key_name: str) -> str:
    """The environment variable holding one key's passphrase: ``ppid`` →
    ``UJIKON_KEY_PASSPHRASE_PPID`` (``-`` and other signs become ``_``)."""
    return f"{PASSPHRASE_ENV}_{re.sub(r'[^A-Z0-9]', '_', key_name.upper())}"


def _env_bytes(var: str) -> bytes | None:
    value = os.environ.get(var)
    return value.encode("utf-8") if value else None


def read_passphrase(key_names: Sequence[str], *, confirm: bool) -> bytes:
    """The passphrase for ``key_names`` (one passphrase protecting them all).

    The keys' own variables first (all of them set and equal), then
    ``UJIKON_KEY_PASSPHRASE``, then a hidden prompt (twice when ``confirm``). Without
    a terminal and without the variables: an :class:`InputError`, never a hang.
    """
    per_key = {name: _env_bytes(key_env_var(name)) for name in key_names}
    given = {v for v in per_key.values() if v is not None}
    names = ", ".join(key_names)
    variables = ", ".join(key_env_var(n) for n in key_names)
    if given:
        if len(given) > 1 or None in per_key.values():
            raise InputError(
                "kata sandi kunci / key passphrase",
                f"kunci {names} memakai satu kata sandi; isi semua {variables} dengan nilai "
                f"yang sama, atau pakai {PASSPHRASE_ENV} / keys {names} share one passphrase; "
                f"set every one of {variables} to the same value, or use {PASSPHRASE_ENV}",
            )
        return given.pop()
    general = _env_bytes(PASSPHRASE_ENV)
    if general is not None:
        return general
    if not sys.stdin.isatty():
        raise InputError(
            "kata sandi kunci / key passphrase",
            f"tidak ada terminal untuk bertanya dan {PASSPHRASE_ENV} (atau {variables}) tidak "
            f"diisi / no terminal to ask at and {PASSPHRASE_ENV} (or {variables}) is not set; "
            "kata sandi tidak pernah diterima sebagai opsi / a passphrase is never taken as "
            "an option",
        )
    value: str = typer.prompt(
        f"Kata sandi kunci / key passphrase ({names})",
        hide_input=True,
        confirmation_prompt=confirm,
        err=True,
    )
    return value.encode("utf-8")


class _Passphrases(Mapping[str, "bytes | None"]):
    """The passphrase of each signer key, read (from the environment or a prompt) only
    when the desk asks for it: after the profile and the key files have been checked."""

    def __init__(self, key_names: Sequence[str]) -> None:
        self._names = list(dict.fromkeys(key_names))
        self._read: dict[str, bytes] = {}

    def __getitem__(self, key: str) -> bytes | None:
        if key not in self._names:
            raise KeyError(key)
        if key not in self._read:
            self._read[key] = read_passphrase([key], confirm=False)
        return self._read[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)


# -- body ---------------------------------------------------------------------------------


def _parse_signer(text: str) -> dict[str, str]:
    parts = text.split(":", 3)
    if len(parts) != 4:
        raise InputError(
            "--signer",
            f"'{text}': tulis / write ROLE:NAMA:NIP:JABATAN, mis. / e.g. "
            "'ppid:Drs. Budi Santoso, M.Si.:19700101 199503 1 001:PPID UTAMA' "
            "(ROLE ppid|head; NIP boleh kosong / NIP may be empty)",
        )
    role, name, nip, office = (p.strip() for p in parts)
    if role not in ("ppid", "head"):
        raise InputError("--signer", f"'{role}': ROLE harus / must be ppid atau / or head")
    return {"role": role, "name": name, "nip": nip, "office": office}


_LOGO_SUFFIXES = (".png", ".svg", ".jpg", ".jpeg")


def _check_logo(logo: Path) -> None:
    if logo.suffix.lower() not in _LOGO_SUFFIXES:
        raise InputError(str(logo), f"logo harus / the logo must be {', '.join(_LOGO_SUFFIXES)}")
    if not logo.is_file() or not os.access(logo, os.R_OK):
        raise InputError(str(logo), "tidak ada atau tidak dapat dibaca / missing or unreadable")


@body_app.command("set")
def body_set(
    ctx: typer.Context,
    name: Annotated[
        str | None, _opt("--name", help="Nama badan publik / the public body's name")
    ] = None,
    letterhead: Annotated[
        list[str] | None,
        _opt(
            "--letterhead",
            help="Baris kop surat (berulang) / letterhead line, repeatable",
            metavar="LINE",
        ),
    ] = None,
    address: Annotated[str | None, _opt("--address", help="Alamat / address")] = None,
    contact: Annotated[
        str | None, _opt("--contact", help="Telepon, surel, laman / phone, e-mail, web")
    ] = None,
    place: Annotated[
        str | None, _opt("--place", help="Tempat penetapan SK / where decrees are set")
    ] = None,
    issuer: Annotated[
        str | None, _opt("--issuer", help="Pejabat yang menetapkan / who sets the decree")
    ] = None,
    number_code: Annotated[
        str | None, _opt("--number-code", help="Kode klasifikasi nomor / number code (188.4)")
    ] = None,
    number_unit: Annotated[
        str | None, _opt("--number-unit", help="Unit dalam nomor / unit in the number (PPID)")
    ] = None,
    number_pattern: Annotated[
        str | None,
        _opt(
            "--number-pattern",
            help="Pola nomor / number pattern, mis. / e.g. '{code}/{serial:03d}/{unit}/{month}/"
            "{year}'",
        ),
    ] = None,
    signers: Annotated[
        list[str] | None,
        _opt(
            "--signer",
            help="Penanda tangan (berulang; ROLE ppid|head, NIP boleh kosong) / signer "
            "(repeatable; ROLE ppid|head, NIP may be empty); menggantikan semua / replaces all",
            metavar="ROLE:NAME:NIP:OFFICE",
        ),
    ] = None,
    rules: Annotated[
        list[str] | None,
        _opt(
            "--rule",
            help="Peraturan badan sendiri di Mengingat (berulang) / the body's own rule "
            "cited under Mengingat, repeatable",
            metavar="TEXT",
        ),
    ] = None,
    logo: Annotated[
        Path | None,
        _opt(
            "--logo", help="Logo PNG/SVG, disalin ke assets/ / copied into assets/", metavar="FILE"
        ),
    ] = None,
    tsa_url: Annotated[
        str | None,
        _opt(
            "--tsa-url",
            help="Otoritas cap waktu RFC 3161 ('' menghapus) / timestamp authority ('' removes it)",
            metavar="URL",
        ),
    ] = None,
    verification_url: Annotated[
        str | None,
        _opt(
            "--verification-url",
            help="Halaman publik pemeriksa SK yang dibuka kode QR, mis. https://ppid.…/cek "
            "('' menghapus) / the public check page the QR code opens ('' removes it)",
            metavar="URL",
        ),
    ] = None,
    copies: Annotated[
        list[str] | None,
        _opt(
            "--copy",
            help="Penerima tembusan (berulang) / a recipient of a copy, Tembusan (repeatable)",
            metavar="RECIPIENT",
        ),
    ] = None,
    font: Annotated[
        str | None,
        _opt("--font", help="serif (Liberation Serif) | sans (Liberation Sans)", metavar="FONT"),
    ] = None,
    font_size: Annotated[
        int | None,
        _opt("--font-size", help="Ukuran huruf / body text size, 10-14 pt", metavar="PT"),
    ] = None,
    file: Annotated[
        Path | None,
        _opt(
            "--file",
            help="Profil dalam YAML/JSON (opsi lain menimpanya) / profile as "
            "YAML/JSON (other options override it)",
            metavar="FILE",
        ),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Isi atau ubah profil (admin); yang tidak disebut tetap / Set the profile (admin);
    fields not given keep their value."""
    from ujikon.cli.inputs import load_payload_file

    data: dict[str, Any] = load_payload_file(file) if file is not None else {}
    options: dict[str, Any] = {
        "name": name,
        "letterhead": tuple(letterhead) if letterhead else None,
        "address": address,
        "contact": contact,
        "place": place,
        "issuer": issuer,
        "number_code": number_code,
        "number_unit": number_unit,
        "number_pattern": number_pattern,
        "signers": tuple(_parse_signer(s) for s in signers) if signers else None,
        "own_rules": tuple(rules) if rules else None,
        "tsa_url": tsa_url,
        "verification_url": verification_url,
        "copies": tuple(copies) if copies else None,
        "font": font,
        "font_size_pt": font_size,
    }
    data.update({k: v for k, v in options.items() if v is not None})
    if logo is not None:
        _check_logo(logo)
        data["logo_file"] = logo.name
    if not data:
        raise InputError(
            "opsi / options",
            "sebutkan yang diubah (lihat --help) / give what to change (see --help)",
        )
    ws = workspace_of(ctx)
    desk = _desk(ctx)
    acting = globals_of(ctx).acting
    copied: Path | None = None
    if logo is not None:
        target = ws.directory / "assets" / logo.name
        if not target.exists():  # the desk checks the logo is there: copy first, undo on refusal
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(logo, target)
            copied = target
        try:
            profile = desk.set_profile(acting, data)
        except BaseException:
            if copied is not None:
                copied.unlink(missing_ok=True)
            raise
        if copied is None and target.resolve() != logo.resolve():
            tmp = target.with_name(f".{target.name}.tmp")
            shutil.copyfile(logo, tmp)
            os.replace(tmp, target)
    else:
        profile = desk.set_profile(acting, data)
    if as_json:
        emit_json(profile.model_dump(mode="json"))
        return
    _say().print("Profil badan publik disimpan / body profile saved.")
    _print_profile(profile)


@body_app.command("show")
def body_show(ctx: typer.Context, as_json: JsonOpt = False) -> None:
    """Tampilkan profil badan publik / Show the body's profile."""
    profile = _desk(ctx).profile()
    if as_json:
        emit_json(profile.model_dump(mode="json") if profile else None)
        return
    if profile is None:
        _say().print(
            "Profil belum diisi / no profile yet: ujikon body set --name … --place … "
            "--signer ppid:NAMA:NIP:JABATAN"
        )
        return
    _print_profile(profile)


def _print_profile(profile: BodyProfile) -> None:
    from ujikon.domain.body import format_decree_number

    console = _say()
    now = datetime.now(WIB)
    example = format_decree_number(profile, 1, now.year, now.month)
    rows = [
        ("Nama / Name", profile.name),
        ("Kop / Letterhead", " | ".join(profile.heading)),
        ("Alamat / Address", profile.address or "-"),
        ("Kontak / Contact", profile.contact or "-"),
        ("Tempat / Place", profile.place),
        ("Penetap / Issuer", profile.issuer_name),
        ("Pola nomor / Number pattern", profile.number_pattern),
        ("Contoh nomor / Example number", example),
        ("Logo", f"assets/{profile.logo_file}" if profile.logo_file else "-"),
        ("Cap waktu / Timestamp (TSA)", profile.tsa_url or "-"),
        ("Halaman cek QR / QR check page", profile.verification_url or "-"),
    ]
    width = max(len(k) for k, _ in rows)
    for key, value in rows:
        console.print(f"{key:<{width}}  {value}")
    if profile.own_rules:
        console.print("Peraturan badan / Own rules:")
        for rule in profile.own_rules:
            console.print(f"  - {rule}")
    table = Table(title="Penanda tangan / Signers")
    for column in ("Peran / Role", "Nama / Name", "NIP", "Jabatan / Office", "Kunci / Key"):
        table.add_column(column)
    for signer in profile.signers:
        table.add_row(signer.role.value, signer.name, signer.nip or "-", signer.office, signer.key)
    console.print(table)


# -- keys ---------------------------------------------------------------------------------


def _parse_key_signer(text: str) -> tuple[str, str]:
    key_name, sep, common_name = text.partition("=")
    if not sep or not key_name.strip() or not common_name.strip():
        raise InputError(
            "--signer", f"'{text}': tulis / write KEY_NAME=NAMA, mis. / e.g. 'ppid=Budi Santoso'"
        )
    return key_name.strip(), common_name.strip()


@keys_app.command("dev-ca")
def keys_dev_ca(
    ctx: typer.Context,
    signers: Annotated[
        list[str] | None,
        _opt(
            "--signer",
            help="Kunci dan nama (berulang; bawaan: penanda tangan di profil) / key and name "
            "(repeatable; default: the profile's signers)",
            metavar="KEY_NAME=COMMON NAME",
        ),
    ] = None,
    overwrite: Annotated[
        bool,
        typer.Option("--overwrite", help="Timpa kunci yang ada / replace existing keys"),
    ] = False,
) -> None:
    """Buat CA dan kunci PENGEMBANGAN (tidak tepercaya) / Create DEVELOPMENT keys (not
    trusted), for demos and tests."""

    ws = workspace_of(ctx)
    desk = _desk(ctx)
    profile = desk.profile()
    if signers:
        pairs = [_parse_key_signer(s) for s in signers]
    elif profile is not None:
        pairs = [(s.key, s.name) for s in profile.signers]
    else:
        raise InputError(
            "--signer",
            "profil belum diisi: jalankan `ujikon body set …` atau sebutkan --signer "
            "KEY_NAME=NAMA / no body profile: run `ujikon body set …` or give --signer",
        )
    keys_dir = ws.keys_dir
    finals = [keys_dir / f"{k}.p12" for k, _ in pairs]
    finals += [keys_dir / "dev-ca.key.pem", keys_dir / DEV_CA_FILE]
    existing = [p.name for p in finals if p.exists()]
    if existing and not overwrite:
        raise InputError(
            str(keys_dir),
            f"berkas kunci sudah ada, tidak ditimpa (pakai --overwrite) / key files already "
            f"exist, not overwritten (use --overwrite): {', '.join(existing)}",
        )
    passphrase = read_passphrase([k for k, _ in pairs], confirm=True)
    ca = desk.install_dev_keys(globals_of(ctx).acting, pairs, passphrase)
    console = _say()
    console.print(
        "PERHATIAN: kunci PENGEMBANGAN, TIDAK TEPERCAYA untuk penggunaan nyata / "
        "WARNING: DEVELOPMENT keys, NOT trusted for real use."
    )
    console.print(f"CA pengembangan / development CA: {ca.subject}")
    for info in ca.signers:
        console.print(
            f"  {info.key_name}: {info.common_name} -> {keys_dir / (info.key_name + '.p12')} "
            f"(s.d. / until {format_date_id(info.not_after)})"
        )
    ca_path = keys_dir / DEV_CA_FILE
    console.print(f"Sertifikat CA / CA certificate: {ca_path}")
    console.print(
        f"Untuk memeriksa SK di luar ruang kerja / to check a decree elsewhere: "
        f"ujikon verify FILE.pdf --trust {ca_path}"
    )


@keys_app.command("import")
def keys_import(
    ctx: typer.Context,
    source: Annotated[
        Path,
        typer.Argument(
            metavar="FILE.p12", help="Kunci PKCS#12 (.p12/.pfx) / PKCS#12 key", dir_okay=False
        ),
    ],
    key_name: Annotated[
        str,
        typer.Option(
            "--key-name", help="Nama kunci, mis. ppid atau head / key name", metavar="NAME"
        ),
    ],
    overwrite: Annotated[
        bool,
        typer.Option("--overwrite", help="Timpa kunci bernama sama / replace a key of that name"),
    ] = False,
) -> None:
    """Impor kunci tanda tangan nyata / Import a real signing key (admin)."""
    from ujikon.documents.keys import check_key_name

    check_key_name(key_name, "--key-name")  # before the name is joined to any path
    ws = workspace_of(ctx)
    desk = _desk(ctx)
    target = ws.keys_dir / f"{key_name}.p12"
    if target.exists() and not overwrite:
        raise InputError(
            str(target),
            "kunci dengan nama ini sudah ada (pakai --overwrite) / a key of this name already "
            "exists (use --overwrite)",
        )
    passphrase = read_passphrase([key_name], confirm=False)
    info = desk.import_key(
        globals_of(ctx).acting, source, key_name, passphrase, overwrite=overwrite
    )
    console = _say()
    console.print(f"Kunci / key {info.key_name}: {info.path}")
    console.print(f"  Subjek / subject: {info.subject}")
    console.print(f"  Penerbit / issuer: {info.issuer}")
    console.print(
        f"  Berlaku / valid: {format_date_id(info.not_before)} s.d. / to "
        f"{format_date_id(info.not_after)}; SHA-256 {info.fingerprint_sha256}"
    )
    if info.is_dev:
        console.print("  PERHATIAN: sertifikat PENGEMBANGAN / WARNING: a DEVELOPMENT certificate")


def _common_name(subject: str) -> str:
    """``CN=Budi\\, M.Si. (DEV),O=…`` (RFC 4514) → ``Budi, M.Si. (DEV)``; else the subject."""
    match = re.search(r"(?:^|,)CN=((?:\\.|[^,])*)", subject)
    return re.sub(r"\\(.)", r"\1", match[1]) if match else subject


@keys_app.command("list")
def keys_list(ctx: typer.Context, as_json: JsonOpt = False) -> None:
    """Kunci yang terpasang / Installed signing keys."""
    ws = workspace_of(ctx)
    keys = _desk(ctx).installed_keys()
    for key in keys:
        key["file"] = str(ws.keys_dir / f"{key['key_name']}.p12")
        key["file_present"] = (ws.keys_dir / f"{key['key_name']}.p12").is_file()
    if as_json:
        emit_json(keys)
        return
    table = Table(title=f"Kunci tanda tangan / Signing keys ({len(keys)})")
    for column in (
        "Kunci / Key",
        "Pemegang / Holder",
        "Berlaku s.d. / Until",
        "Jenis / Kind",
        "Berkas / File",
        "Dipasang / Installed",
    ):
        table.add_column(column)
    for key in keys:
        table.add_row(
            key["key_name"],
            _common_name(key["subject"]),
            format_date_id(key["not_after"]),
            "PENGEMBANGAN / DEV" if key["is_dev"] else "nyata / real",
            "ada / present" if key["file_present"] else "HILANG / MISSING",
            f"{key['installed_by']}, {format_time_wib(key['installed_at'])}",
        )
    console = _say()
    console.print(table)
    ca = ws.keys_dir / DEV_CA_FILE
    if ca.is_file():
        console.print(f"CA pengembangan / development CA: {ca} (TIDAK tepercaya / NOT trusted)")


# -- decrees ------------------------------------------------------------------------------

DecreeArg = Annotated[
    str, typer.Argument(metavar="ID", help="Nomor konsep SK, mis. D-2026-0001 / draft id")
]
DecreeKeyArg = Annotated[
    str,
    typer.Argument(
        metavar="ID_OR_NUMBER",
        help="Nomor konsep (D-2026-0001) atau nomor SK / draft id or decree number",
    ),
]


def _state(decree: Decree) -> str:
    return f"{decree.state.label_id} / {decree.state.label_en}"


def _decree_json(decree: Decree) -> dict[str, Any]:
    data = decree.model_dump(mode="json")
    data["subject"] = decree.subject
    return data


def _is_dev_key(desk: DecreeDesk, fingerprint: str, subject: str) -> bool:
    for key in desk.installed_keys():
        if key.get("fingerprint_sha256") == fingerprint:
            return bool(key.get("is_dev"))
    return "(DEV)" in subject


@decree_app.command("draft")
def decree_draft(
    ctx: typer.Context,
    cases: Annotated[
        list[str] | None,
        _opt(
            "--case",
            help="Kasus yang dicantumkan (berulang) / case to list (repeatable)",
            metavar="ID",
        ),
    ] = None,
    all_approved: Annotated[
        bool,
        typer.Option(
            "--all-approved",
            help="Semua kasus disetujui yang dikecualikan / every approved exempt case",
        ),
    ] = False,
    note: Annotated[str, _opt("--note", help="Catatan / note")] = "",
    as_json: JsonOpt = False,
) -> None:
    """Susun konsep SK (PPID Utama) / Draft a decree (PPID Utama)."""
    if bool(cases) == all_approved:
        raise InputError(
            "--case / --all-approved",
            "sebutkan --case ID (berulang) ATAU --all-approved / give --case ID (repeatable) "
            "OR --all-approved",
        )
    desk = _desk(ctx)
    decree = desk.draft(globals_of(ctx).acting, None if all_approved else list(cases or []), note)
    if as_json:
        emit_json(_decree_json(decree))
        return
    console = _say()
    console.print(
        f"Konsep SK / draft decree: {decree.decree_id} ({len(decree.cases)} kasus / cases)"
    )
    for ref in decree.cases:
        summary = desk.service.get_case(ref).summary
        console.print(f"  - {ref}" + (f": {summary}" if summary else ""))
    console.print(f"Pratinjau / preview: ujikon decree preview {decree.decree_id}")
    console.print(f"Terbitkan / issue:   ujikon decree issue {decree.decree_id}")


@decree_app.command("preview")
def decree_preview(
    ctx: typer.Context,
    decree_id: DecreeArg,
    out_file: Annotated[
        Path | None,
        _opt(
            "--out",
            help="Berkas PDF (bawaan: previews/<ID>.pdf di ruang kerja) / PDF file "
            "(default: previews/<ID>.pdf in the workspace)",
            metavar="FILE",
        ),
    ] = None,
) -> None:
    """Pratinjau PDF tanpa tanda tangan, bertanda air / Unsigned, watermarked PDF preview."""
    ws = workspace_of(ctx)
    desk = _desk(ctx)
    decree = desk.get(decree_id)
    pdf = desk.preview(decree.decree_id)
    target = out_file or ws.directory / "previews" / f"{decree.decree_id}.pdf"
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.tmp")
        tmp.write_bytes(pdf)
        os.replace(tmp, target)
    except OSError as exc:
        raise InputError(
            str(target), f"tidak dapat ditulis / cannot be written: {exc.strerror or exc}"
        ) from None
    _say().print(f"Pratinjau / preview ({len(pdf)} bita / bytes): {target}")


@decree_app.command("issue")
def decree_issue(ctx: typer.Context, decree_id: DecreeArg, as_json: JsonOpt = False) -> None:
    """Beri nomor, tandatangani dan terbitkan / Number, sign and issue a drafted decree.

    Anda menandatangani dengan kunci Anda sendiri; bila profil menyebut penanda tangan
    lain (Atasan PPID), SK menunggu tanda tangannya (`ujikon decree sign`) / you sign with
    your own key; another signer of the profile then signs from their own account.
    Kata sandi kunci dari UJIKON_KEY_PASSPHRASE_<KEY> atau UJIKON_KEY_PASSPHRASE, atau
    ditanyakan / key passphrases from those variables, or asked for.
    """
    _place_signatures(ctx, decree_id, as_json)


@decree_app.command("sign")
def decree_sign(ctx: typer.Context, key: DecreeKeyArg, as_json: JsonOpt = False) -> None:
    """Tandatangani SK yang menunggu tanda tangan Anda / Sign a decree awaiting your signature.

    Dari akun Anda sendiri, dengan PIN kunci Anda sendiri (aturan signer-own-account) /
    from your own account, with your own key's PIN.
    """
    _place_signatures(ctx, key, as_json)


def _place_signatures(ctx: typer.Context, key: str, as_json: bool) -> None:
    """The acting user's signatures on the decree ``key``: only their own keys' PINs are
    read (the desk refuses before any prompt when the next signature is someone else's)."""
    ws = workspace_of(ctx)
    desk = _desk(ctx)
    acting = globals_of(ctx).acting
    mine = desk.signatures_to_place(acting, key)
    result = desk.issue(acting, key, _Passphrases([s.key for s in mine]))
    decree = result.decree
    record = decree.issue or decree.signing
    assert record is not None
    dev = any(
        _is_dev_key(desk, s.certificate_sha256, s.certificate_subject) for s in record.signers
    )
    ca = ws.keys_dir / DEV_CA_FILE
    verify_cmd = f"ujikon verify {result.path}"
    if dev and ca.is_file():
        verify_cmd += f" --trust {ca}"
    from ujikon.domain.decree import DecreeState

    waiting = decree.state is DecreeState.SIGNING
    if as_json:
        data = _decree_json(decree)
        data["path"] = str(result.path)
        if not waiting:
            data["verify_command"] = verify_cmd
        emit_json(data)
        return
    console = _say()
    if waiting:
        console.print(
            f"SK Nomor {record.number} ditandatangani; menunggu tanda tangan / signed, "
            f"awaiting: {', '.join(_role_words(r) for r in decree.awaiting)}"
        )
    else:
        console.print(f"SK diterbitkan / decree issued: {record.number}")
    console.print(f"  Tanggal / date: {format_date_id(record.dated)}, {record.place}")
    console.print(f"  Berkas / file:  {result.path}")
    console.print(f"  SHA-256:        {record.pdf_sha256}")
    for signer in record.signers:
        console.print(
            f"  Penanda tangan / signer ({signer.role}): {signer.name} — "
            f"{signer.certificate_subject}"
        )
    console.print(f"  Kasus / cases ({len(decree.cases)}): {', '.join(decree.cases)}")
    if dev:
        console.print(
            "  PERHATIAN: ditandatangani dengan kunci PENGEMBANGAN / WARNING: signed with a "
            "DEVELOPMENT key"
        )
    if waiting:
        console.print(
            "Penanda tangan berikutnya masuk dengan akunnya sendiri lalu menjalankan / the next "
            f"signer, from their own account: ujikon --user <akun> decree sign {decree.decree_id}"
        )
    else:
        console.print(f"Periksa / verify: {verify_cmd}")


def _role_words(role: str) -> str:
    from ujikon.domain.body import SignerRole

    try:
        signer_role = SignerRole(role)
    except ValueError:
        return role
    return f"{signer_role.label_id} / {signer_role.label_en}"


@decree_app.command("list")
def decree_list(ctx: typer.Context, as_json: JsonOpt = False) -> None:
    """Daftar SK dan konsepnya / List decrees and drafts."""
    decrees = sorted(_desk(ctx).all(), key=lambda d: d.decree_id)
    if as_json:
        emit_json([_decree_json(d) for d in decrees])
        return
    table = Table(title=f"SK / Decrees ({len(decrees)})")
    table.add_column("ID", no_wrap=True)
    table.add_column("Status")
    table.add_column("Nomor / Number", no_wrap=True)
    table.add_column("Tanggal / Date")
    table.add_column("Kasus / Cases")
    for d in decrees:
        table.add_row(
            d.decree_id,
            _state(d),
            d.number or "-",
            format_date_id(d.numbered.dated) if d.numbered else "-",
            ", ".join(d.cases),
        )
    _say().print(table)


@decree_app.command("show")
def decree_show(ctx: typer.Context, key: DecreeKeyArg, as_json: JsonOpt = False) -> None:
    """Tampilkan satu SK / Show one decree."""
    desk = _desk(ctx)
    decree = desk.find(key)
    if as_json:
        emit_json(_decree_json(decree))
        return
    console = _say()
    console.print(f"SK / Decree {decree.decree_id}: {_state(decree)}")
    console.print(f"  Disusun / drafted: {decree.drafted_by}, {format_time_wib(decree.drafted_at)}")
    if decree.note:
        console.print(f"  Catatan / note: {decree.note}")
    console.print(f"  Kasus / cases ({len(decree.cases)}):")
    for ref in decree.cases:
        console.print(f"    - {ref}")
    record = decree.numbered
    if decree.awaiting:
        console.print(
            "  Menunggu tanda tangan / awaiting the signature of: "
            + ", ".join(_role_words(r) for r in decree.awaiting)
            + f" (ujikon decree sign {decree.decree_id})"
        )
    if record is not None:
        console.print(f"  Nomor / number: {record.number}")
        console.print(f"  Ditetapkan / set: {record.place}, {format_date_id(record.dated)}")
        console.print(f"  Diterbitkan oleh / issued by: {decree.issued_by}")
        console.print(f"  Berkas / file: {desk.workdir / record.file}")
        console.print(f"  SHA-256 PDF: {record.pdf_sha256}")
        console.print(f"  SHA-256 keputusan / decision: {record.decision_sha256}")
        for signer in record.signers:
            nip = f", NIP {signer.nip}" if signer.nip else ""
            console.print(
                f"  Penanda tangan / signer ({signer.role}): {signer.name}{nip}, {signer.office}"
            )
    if decree.revocation is not None:
        replaced = decree.revocation.replaced_by
        console.print(
            f"  DICABUT / REVOKED {format_time_wib(decree.revoked_at)}: "
            f"{decree.revocation.reason}"
            + (f" (diganti / replaced by {replaced})" if replaced else "")
        )


@decree_app.command("revoke")
def decree_revoke(
    ctx: typer.Context,
    key: DecreeKeyArg,
    reason: Annotated[str, typer.Option("--reason", help="Alasan / reason", show_default=False)],
    replaced_by: Annotated[
        str,
        _opt(
            "--replaced-by",
            help="Nomor SK pengganti / the replacing decree's number",
            metavar="NUMBER",
        ),
    ] = "",
) -> None:
    """Cabut SK yang telah terbit / Revoke an issued decree."""
    decree = _desk(ctx).revoke(globals_of(ctx).acting, key, reason, replaced_by)
    number = decree.issue.number if decree.issue else decree.decree_id
    _say().print(f"SK / decree {number} ({decree.decree_id}): {_state(decree)}")


@decree_app.command("discard")
def decree_discard(ctx: typer.Context, decree_id: DecreeArg) -> None:
    """Batalkan konsep SK, atau tarik SK yang menunggu tanda tangan / Discard a draft, or
    withdraw a decree awaiting a signature."""
    decree = _desk(ctx).discard(globals_of(ctx).acting, decree_id)
    if decree.number:
        _say().print(
            f"SK / decree {decree.decree_id} ditarik sebelum ditandatangani semua; nomor "
            f"{decree.number} tidak dipakai / withdrawn before every signature; its number "
            "stays unused"
        )
        return
    _say().print(f"Konsep / draft {decree.decree_id}: {_state(decree)}")


# -- verify -------------------------------------------------------------------------------


def _verify_desk(ctx: typer.Context) -> tuple[DecreeDesk | None, Path | None, str]:
    """The workspace's decree desk, if there is a workspace to compare with, its keys
    directory (for its trust roots) and a note on what was (not) used."""
    from ujikon.service import DB_FILE, Application

    ws = workspace_of(ctx)
    if ws.is_sqlite and not (ws.directory / DB_FILE).is_file():
        return (
            None,
            None,
            f"Tanpa ruang kerja (tidak ada {ws.directory}) / no workspace at {ws.directory}",
        )
    try:
        app = Application.open(ws)
    except StoreError as exc:
        return None, None, f"Ruang kerja tidak dapat dibuka / workspace cannot be opened: {exc}"
    ctx.find_root().call_on_close(app.close)
    return app.decrees, ws.keys_dir, f"Ruang kerja / workspace: {ws.directory}"


def _verdict_json(verdict: DecreeVerdict, dev_ca_left_out: Path | None) -> dict[str, Any]:
    pdf = verdict.pdf
    printed = verdict.printed_qr
    return {
        "ok": verdict.ok,
        "outcome": verdict.outcome,
        "result": verdict.result_line,
        "file": pdf.source,
        "sha256": pdf.sha256,
        "number": verdict.number,
        "signatures": [
            {
                "signer": s.signer_name,
                "subject": s.signer_subject,
                "field": s.field_name,
                "kind": s.kind,
                "intact": s.intact,
                "trusted": s.trusted,
                "is_dev": s.is_dev,
                "timestamp": s.timestamp_time.isoformat() if s.timestamp_time else None,
            }
            for s in pdf.signatures
        ],
        "signers": [
            {
                "role": c.role,
                "name": c.name,
                "field": c.field_name,
                "signed": c.signature is not None,
                "problem": c.problem,
            }
            for c in verdict.signers
        ],
        "extra_signatures": [s.field_name for s in verdict.extra_signatures],
        "signer_problems": verdict.signer_problems,
        "modified_after_signing": pdf.modified_after_signing,
        "decision_matches_qr": verdict.decision_matches_qr,
        "qr": {
            "printed": list(printed.texts) if printed is not None else None,
            "printed_pages": list(printed.pages) if printed is not None else None,
            "info": verdict.qr_text,
            "decision_sha256": verdict.decision_sha256,
            "disagreeing": list(verdict.qr_disagreeing),
        },
        "log_status": verdict.log_status,
        "log_notes": list(verdict.log_notes),
        "revocation": verdict.revocation,
        "trust_roots": [
            {"path": r.path, "subject": r.subject, "development": r.development}
            for r in verdict.trust_roots
        ],
        "development_trust": verdict.development_trust,
        "dev_ca_not_trusted": str(dev_ca_left_out) if dev_ca_left_out else None,
        "exit_code": verdict.exit_code,
    }


def verify(
    ctx: typer.Context,
    file: Annotated[
        Path,
        typer.Argument(metavar="FILE.pdf", help="SK bertanda tangan / a signed decree PDF"),
    ],
    trust: Annotated[
        list[Path] | None,
        _opt(
            "--trust",
            help="Sertifikat akar tepercaya (PEM/DER, berulang) / trusted root "
            "certificate (PEM/DER, repeatable)",
            metavar="CERT.pem",
        ),
    ] = None,
    no_workspace: Annotated[
        bool,
        typer.Option(
            "--no-workspace",
            help="Jangan bandingkan dengan log ruang kerja / do not compare with the workspace log",
        ),
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """Periksa SK bertanda tangan, luring / Check a signed decree, offline.

    Keluar 0 hanya bila sah / exits 0 only when valid: 10 diubah / modified, 11 tidak sah
    / not valid, 14 penanda tangan tidak dikenal / signer not trusted, 15 penanda tangan
    tidak sesuai SK / signers do not match, 16 kode QR tidak cocok / QR disagrees.
    """
    from ujikon.service import verify_decree_file, workspace_trust_roots

    roots = list(trust or [])
    desk: DecreeDesk | None = None
    note = "Log ruang kerja tidak dipakai (--no-workspace) / workspace log not used"
    keys_dir: Path | None = None
    if not no_workspace:
        desk, keys_dir, note = _verify_desk(ctx)
    if keys_dir is not None:
        named = {p.resolve() for p in roots if p.exists()}
        roots.extend(p for p in workspace_trust_roots(keys_dir) if p.resolve() not in named)
    # The development CA is never trusted on its own: only when named with --trust.
    dev_ca = keys_dir / DEV_CA_FILE if keys_dir is not None else None
    left_out = (
        dev_ca
        if dev_ca is not None
        and dev_ca.is_file()
        and all(not p.exists() or p.resolve() != dev_ca.resolve() for p in roots)
        else None
    )
    verdict = verify_decree_file(file, trust_roots=roots, desk=desk)
    if as_json:
        emit_json(_verdict_json(verdict, left_out))
        raise typer.Exit(verdict.exit_code)
    console = _say()
    console.print(note)
    for root in verdict.trust_roots:
        kind = (
            " (CA PENGEMBANGAN, dipercaya hanya karena disebut dengan --trust, hanya untuk uji / "
            "a DEVELOPMENT CA, trusted only because named with --trust, for testing only)"
            if root.development
            else ""
        )
        console.print(f"Akar tepercaya / trust root: {root.path}{kind}")
    if not verdict.trust_roots:
        console.print("Tanpa akar tepercaya / no trust root")
    if left_out is not None:
        console.print(
            f"CA pengembangan ruang kerja {left_out} TIDAK dipercaya; untuk uji sebut dengan "
            f"--trust / the workspace's development CA is NOT trusted; for tests name it "
            f"with --trust"
        )
    for line in verdict.summary_lines():
        console.print(line)
    raise typer.Exit(verdict.exit_code)
