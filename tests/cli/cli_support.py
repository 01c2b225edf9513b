"""Helpers of the CLI tests: the steps of a simple case as ``ujikon`` options, a decree
put in through the service, and how a forger attacks a signed decree.

The runner itself (:class:`~toolkit.cli.Cli`) and its fixtures (``cli``, ``ready``,
``open_case``, ``runner_env`` in ``conftest.py``) come from the toolkit.

Forgeries are made for real on real PDFs: every forging function takes the bytes of a
genuinely issued and signed decree and returns the bytes of a forgery, the way an
attacker's tools would make it: pyHanko's incremental writer for edits, a self-made
certificate (``cryptography``) for re-signing.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from io import BytesIO
from pathlib import Path
from typing import Any

from toolkit import BODY_NAME
from toolkit import walk as walk_steps
from toolkit.cli import ANSI, Cli, flat
from typer.testing import Result

from ujikon.canonical import sha256_hex
from ujikon.documents.signing import LoadedSigner, SignSettings, load_signer, sign_pdf
from ujikon.service.workspace import Workspace

__all__ = [
    "ANSI",
    "Cli",
    "OpenCase",
    "append_content_revision",
    "auditor_client",
    "cli_steps",
    "days",
    "decree",
    "edit_decision",
    "edit_info_key",
    "first_revision",
    "flat",
    "resign",
    "revision_ends",
    "self_signed_signer",
    "walk",
]

OpenCase = Callable[..., str]


def days(n: int) -> str:
    """Today plus ``n`` days, as YYYY-MM-DD (the CLI runs on the real clock)."""
    return (date.today() + timedelta(days=n)).isoformat()


def cli_steps(
    information: str = "Hasil pemeriksaan kesehatan",
) -> list[tuple[str, tuple[str, ...]]]:
    """Every step of a simple case as ``ujikon case`` options (17h2, partly exempt,
    permanent): (trigger, (command, options...)), the case id going after the command."""
    return [
        ("identify", (
            "identify", "--title", "Berkas kepegawaian", "--unit", "BKPSDM",
            "--date", days(-100), "--form", "printed", "--information", information,
            "--scope", "part", "--part", "Lampiran 4",
        )),
        ("cite_grounds", ("cite", "--ground", "17h2", "--analysis", "Rahasia pribadi")),
        ("assess_harm", ("harm", "--harm", "17h2=Stigma bagi pegawai")),
        ("weigh_public_interest", (
            "weigh", "--interest", "Akuntabilitas kepegawaian",
            "--balance", "Privasi lebih berat", "--outweighs", "harm",
        )),
        ("conclude", (
            "conclude", "--outcome", "partly_exempt", "--part", "Lampiran 4",
            "--permanent", "--reasoning", "Cukup dihitamkan",
        )),
        ("submit", ("submit",)),
    ]  # fmt: skip


def walk(
    cli: Cli,
    case_id: str,
    user: str,
    *,
    submit: bool = True,
    until: str | None = None,
    steps: Sequence[tuple[str, tuple[str, ...]]] | None = None,
    **changes: Any,
) -> list[Result]:
    """Record the steps of :func:`cli_steps` (or ``steps``) on the case as ``user``, up to
    ``submit`` (or ``conclude`` when not ``submit``, or ``until``): :func:`toolkit.walk`
    over the command line."""

    def record(trigger: str, command: tuple[str, ...]) -> Result:
        return cli("case", command[0], case_id, *command[1:], user=user)

    last = until or ("submit" if submit else "conclude")
    return walk_steps(record, cli_steps() if steps is None else steps, until=last, **changes)


def decree(cli: Cli, case_id: str) -> None:
    """Put an approved case into a decree through the service: the decree commands are
    not part of the case CLI."""
    service = Workspace.locate(cli.workspace).open()
    try:
        service.act(
            "budi",
            case_id,
            "include_in_decree",
            {"decree_number": "188.4/001/PPID/XI/2026", "decree_date": date.today()},
        )
    finally:
        service.log.close()


# --------------------------------------------------------------------------- forgeries


def revision_ends(data: bytes) -> list[int]:
    """Offsets just past each ``%%EOF`` (and its end of line), first revision first."""
    ends = []
    position = 0
    while (found := data.find(b"%%EOF", position)) >= 0:
        end = found + len(b"%%EOF")
        while data[end : end + 1] in (b"\r", b"\n"):
            end += 1
        ends.append(end)
        position = end
    return ends


def first_revision(data: bytes) -> bytes:
    """The file as WeasyPrint wrote it, before any signature: its first revision."""
    return data[: revision_ends(data)[0]]


def self_signed_signer(directory: Path, common_name: str) -> LoadedSigner:
    """A key and a self-signed certificate whose CN is ``common_name``, made on the spot."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.hazmat.primitives.serialization import pkcs12
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, BODY_NAME),
            x509.NameAttribute(NameOID.COUNTRY_NAME, "ID"),
        ]
    )
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=365))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False
        )
        .sign(key, hashes.SHA256())
    )
    passphrase = b"pemalsu"
    path = directory / f"palsu-{hashlib.sha256(common_name.encode()).hexdigest()[:8]}.p12"
    path.write_bytes(
        pkcs12.serialize_key_and_certificates(
            b"palsu", key, cert, None, serialization.BestAvailableEncryption(passphrase)
        )
    )
    return load_signer(path, passphrase)


def _info_ref(writer: Any) -> Any:
    return writer.trailer.raw_get("/Info")


def _decision_spec(writer: Any) -> Any:
    """The file specification of ``keputusan.json`` (an indirect reference)."""
    names = writer.root["/Names"]["/EmbeddedFiles"]["/Names"]
    items = list(names)
    for index in range(0, len(items), 2):
        if str(items[index]) == "keputusan.json":
            return names.raw_get(index + 1)
    raise AssertionError("no keputusan.json in the PDF")


def _qr_line(number: str, decision: bytes) -> str:
    return f"UJIKON-SK/1;{number};sha256={sha256_hex(decision.decode('utf-8'))}"


def edit_decision(data: bytes, change: Any) -> tuple[bytes, bytes]:
    """An incremental update on ``data`` that replaces ``keputusan.json`` by ``change``
    applied to it (a function on the parsed JSON) and puts the new hash into the
    document-info key ``/UjikonQR``, as a careful forger would; the printed page is left
    alone. Returns the new PDF and the new JSON."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(BytesIO(data))
    spec_ref = _decision_spec(writer)
    spec = spec_ref.get_object()
    old = spec["/EF"]["/F"].get_object()
    decision = json.loads(bytes(old.data))
    change(decision)
    new = json.dumps(decision, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    new_bytes = new.encode("utf-8")
    stream = generic.StreamObject(
        {
            generic.NameObject("/Type"): generic.NameObject("/EmbeddedFile"),
            generic.NameObject("/Subtype"): generic.NameObject("/application#2Fjson"),
        },
        stream_data=new_bytes,
    )
    stream.compress()
    ref = writer.add_object(stream)
    spec["/EF"] = generic.DictionaryObject(
        {generic.NameObject("/F"): ref, generic.NameObject("/UF"): ref}
    )
    writer.update_container(spec)
    info_ref = _info_ref(writer)
    info = info_ref.get_object()
    info[generic.NameObject("/UjikonQR")] = generic.TextStringObject(
        _qr_line(decision["decree"]["number"], new_bytes)
    )
    writer.mark_update(info_ref)
    out = BytesIO()
    writer.write(out)
    return out.getvalue(), new_bytes


def edit_info_key(data: bytes, text: str) -> bytes:
    """An incremental update that changes only the document-info key ``/UjikonQR``."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(BytesIO(data))
    info_ref = _info_ref(writer)
    info = info_ref.get_object()
    info[generic.NameObject("/UjikonQR")] = generic.TextStringObject(text)
    writer.mark_update(info_ref)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def append_content_revision(data: bytes) -> bytes:
    """An incremental update that replaces the first page's content with other text."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(BytesIO(data))
    page_ref, _ = writer.find_page_for_modification(0)
    page = page_ref.get_object()
    forged = generic.StreamObject(stream_data=b"BT /F1 24 Tf 72 700 Td (DIBUKA SEMUA) Tj ET")
    page["/Contents"] = writer.add_object(forged)
    writer.mark_update(page_ref)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def resign(data: bytes, signers: list[tuple[str, LoadedSigner]], place: str) -> bytes:
    """Sign ``data`` again in the decree's own fields (``TandaTangan_<role>``)."""
    for role, signer in signers:
        data = sign_pdf(
            data,
            signer,
            SignSettings(
                field_name=f"TandaTangan_{role}",
                reason="Menetapkan SK",
                location=place,
                name=signer.common_name,
            ),
        )
    return data


@contextmanager
def auditor_client(workspace: Path, password: str, auditor: str = "dewi") -> Iterator[Any]:
    """The web application over ``workspace``, a client logged in as ``auditor``."""
    from fastapi.testclient import TestClient
    from toolkit.web import ORIGIN, login

    from ujikon.web import create_app

    ws = Workspace.locate(workspace)
    service = ws.open()
    try:
        service.set_password("admin", auditor, password)
    finally:
        service.log.close()
    app = create_app(ws)
    with TestClient(app, base_url=ORIGIN, headers={"origin": ORIGIN}) as client:
        login(client, auditor, password)
        yield client
