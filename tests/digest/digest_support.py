"""Helpers and fixtures of the digest tests: an office with deadlines in two units, the
``ujikon`` command line with the ``digest`` group, and a local SMTP server (aiosmtpd).

``office`` is a store (SQLite and PostgreSQL, through ``store_url``) with the users of
``toolkit.USERS`` (siti: Bagian Hukum, wulan: BPKAD, agus: Dinas Sosial; rina and
budi: PPID Utama; hendra: head; dewi: auditor) and these cases; the digests are asked
for as of :data:`AS_OF`, Wednesday 25 November 2026:

==========================  ============  ===================================================
case (``office.refs`` key)   unit          why it is (not) in a digest as of 25 Nov 2026
==========================  ============  ===================================================
``hukum_near``               Bagian Hukum  request received 13 Nov, due 27 Nov: near (2 left)
``hukum_late``               Bagian Hukum  request received 20 Mar, due 8 Apr: late
``hukum_ok``                 Bagian Hukum  request received 25 Nov, due 9 Dec: not listed
``bpkad_near``               BPKAD         request received 16 Nov, due 30 Nov: near (3 left)
``bpkad_late``               BPKAD         request received 2 Nov, due 16 Nov: late
``sosial_ok``                Dinas Sosial  request received 24 Nov: not listed
``sosial_review``            Dinas Sosial  waiting in review (PPID Utama and head only)
``bpkad_ending``             BPKAD         exempt until 10 Dec 2026: ends in 15 days
``hukum_ending``             Bagian Hukum  exempt until 20 Dec 2026: ends in 25 days
``bpkad_ended``              BPKAD         exempt until 20 Nov 2026, not expired yet
``hukum_later``              Bagian Hukum  exempt until 1 Mar 2027: beyond 30 days
``hukum_permanent``          Bagian Hukum  exempt for good: never listed
==========================  ============  ===================================================

The decreed cases are walked on 16 November 2026; the requests are opened on 25 November.
So agus (an ``ok`` request and a case in review) has nothing to report.
"""

from __future__ import annotations

import email
import socket
import ssl
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from email.message import EmailMessage
from email.policy import default as default_policy
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP as SMTPServer
from aiosmtpd.smtp import AuthResult, Envelope, LoginPassword, Session
from toolkit import Clock, add_users, at_wib, case_plan, make_service
from toolkit.cli import Cli
from typer.testing import Result

from ujikon.service.cases import Service

__all__ = [
    "AS_OF",
    "Mailbox",
    "Office",
    "Received",
    "digest_cli",
    "free_port",
    "office",
    "smtp_server",
    "tls_files",
    "tls_smtp_server",
]

AS_OF = date(2026, 11, 25)
DECREED_ON = date(2026, 11, 16)

TITLES = {
    "hukum_near": "Permohonan salinan SK mutasi",
    "hukum_late": "Permohonan notulen rapat pimpinan",
    "hukum_ok": "Permohonan peraturan bupati",
    "bpkad_near": "Permohonan daftar aset daerah",
    "bpkad_late": "Permohonan laporan realisasi anggaran",
    "sosial_ok": "Permohonan data penerima bansos",
    "sosial_review": "Laporan evaluasi program bansos",
    "bpkad_ending": "Dokumen penawaran tender",
    "hukum_ending": "Rancangan perjanjian kerja sama",
    "bpkad_ended": "Harga perkiraan sendiri",
    "hukum_later": "Kajian hukum sengketa lahan",
    "hukum_permanent": "Rekam medis pegawai",
}


def _until(day: str) -> dict[str, Any]:
    return {"kind": "until_date", "end_date": day}


@dataclass
class Office:
    service: Service
    clock: Clock
    store_url: str
    refs: dict[str, str] = field(default_factory=dict)
    """Key of :data:`TITLES` → case id (requests, review) or revision ref (decreed)."""

    def at(self, day: date) -> None:
        self.clock.now = at_wib(day)

    def decreed(self, key: str, ground: str, period: dict[str, Any], by: str, unit: str) -> None:
        case = self.service.import_case(
            None, case_plan(TITLES[key], ground, period, by=by, unit=unit)
        )
        ref = self.service.act("budi", case.case_id, "approve", {"comments": "Setuju."}).ref
        self.service.act(
            "budi",
            ref,
            "include_in_decree",
            {"decree_number": "188.4/031/PPID/XI/2026", "decree_date": self.service.today()},
        )
        self.refs[key] = ref

    def request(self, key: str, by: str, received: str) -> None:
        opening = {
            "trigger": {"kind": "request", "reference": f"{key.upper()}/PPID", "dated": received},
            "summary": TITLES[key],
        }
        self.refs[key] = self.service.open_case(by, opening).case_id

    def title(self, key: str) -> str:
        return TITLES[key]


def build_office(store_url: str) -> Office:
    clock = Clock(at_wib(DECREED_ON))
    service = make_service(store_url, clock)
    add_users(service)
    office = Office(service, clock, store_url)
    office.decreed("bpkad_ending", "17b", _until("2026-12-10"), "wulan", "BPKAD")
    office.decreed("hukum_ending", "17b", _until("2026-12-20"), "siti", "Bagian Hukum")
    office.decreed("bpkad_ended", "17b", _until("2026-11-20"), "wulan", "BPKAD")
    office.decreed("hukum_later", "17b", _until("2027-03-01"), "siti", "Bagian Hukum")
    office.decreed("hukum_permanent", "17h2", {"kind": "permanent"}, "siti", "Bagian Hukum")
    office.at(AS_OF)
    office.request("hukum_near", "siti", "2026-11-13")
    office.request("hukum_late", "siti", "2026-03-20")
    office.request("hukum_ok", "siti", "2026-11-25")
    office.request("bpkad_near", "wulan", "2026-11-16")
    office.request("bpkad_late", "wulan", "2026-11-02")
    office.request("sosial_ok", "agus", "2026-11-24")
    review = service.import_case(
        None,
        case_plan(
            TITLES["sosial_review"], "17b", _until("2027-06-30"), by="agus", unit="Dinas Sosial"
        ),
    )
    office.refs["sosial_review"] = review.ref
    return office


@pytest.fixture
def office(store_url: str) -> Iterator[Office]:
    """The office of the table above, on both backends."""
    built = build_office(store_url)
    try:
        yield built
    finally:
        built.service.log.close()


# --------------------------------------------------------------------------- the CLI


def digest_cli(office: Office, workspace: Path) -> Callable[..., Result]:
    """``run(*args, code=0, env_extra=None)``: ``ujikon`` in-process on the office's store,
    with every ``UJIKON_SMTP_*`` / ``UJIKON_DIGEST_*`` of the developer's shell cleared
    (``toolkit.cli.cli_env``)."""
    cli = Cli.on(workspace, office.store_url, columns=120)

    def run(*args: str, code: int | None = 0, env_extra: dict[str, str] | None = None) -> Result:
        return cli(*args, code=code, env=env_extra)

    return run


# --------------------------------------------------------------------------- SMTP


def free_port() -> int:
    """A TCP port on 127.0.0.1 nobody listens on (just now)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass(frozen=True)
class Received:
    """One message as the server received it."""

    mail_from: str
    rcpt_tos: tuple[str, ...]
    message: EmailMessage

    @property
    def text(self) -> str:
        body = self.message.get_body(("plain",))
        assert body is not None
        return str(body.get_content())  # type: ignore[attr-defined]


class Mailbox:
    """An aiosmtpd handler that keeps what it receives and refuses the addresses in
    :attr:`refuse` at RCPT TO (``550``), as a relay does for an unknown mailbox."""

    def __init__(self) -> None:
        self.received: list[Received] = []
        self.refuse: set[str] = set()
        self.logins: list[str] = []

    async def handle_RCPT(
        self,
        server: SMTPServer,
        session: Session,
        envelope: Envelope,
        address: str,
        rcpt_options: list[str],
    ) -> str:
        if address in self.refuse:
            return f"550 5.1.1 <{address}>: Recipient address rejected: User unknown"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTPServer, session: Session, envelope: Envelope) -> str:
        raw = envelope.original_content or envelope.content
        assert isinstance(raw, bytes)
        message = email.message_from_bytes(raw, policy=default_policy)
        assert isinstance(message, EmailMessage)
        self.received.append(Received(str(envelope.mail_from), tuple(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"

    def to(self, address: str) -> Received:
        """The one message received for ``address``."""
        found = [m for m in self.received if address in m.rcpt_tos]
        assert len(found) == 1, f"{len(found)} messages for {address}"
        return found[0]

    @property
    def recipients(self) -> set[str]:
        return {a for m in self.received for a in m.rcpt_tos}


@dataclass(frozen=True)
class SmtpServer:
    mailbox: Mailbox
    host: str
    port: int


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    """A plain SMTP server on 127.0.0.1 and a free port, stopped after the test."""
    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield SmtpServer(mailbox, "127.0.0.1", controller.port)
    finally:
        controller.stop()


# --------------------------------------------------------------------------- TLS


@dataclass(frozen=True)
class TlsFiles:
    cert: Path
    key: Path

    def server_context(self) -> ssl.SSLContext:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(self.cert, self.key)
        return context

    def client_context(self) -> ssl.SSLContext:
        """A client context that trusts this certificate alone (host name checked)."""
        return ssl.create_default_context(cafile=str(self.cert))


def tls_files(directory: Path) -> TlsFiles:
    """A self-signed certificate for 127.0.0.1 (and localhost), with its key."""
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "ujikon test relay")])
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.IPAddress(ipaddress.ip_address("127.0.0.1")), x509.DNSName("localhost")]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = directory / "relay.pem", directory / "relay.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return TlsFiles(cert_path, key_path)


class Passwords:
    """An aiosmtpd authenticator with one account."""

    def __init__(self, mailbox: Mailbox, login: str, password: str) -> None:
        self.mailbox, self.login, self.password = mailbox, login, password

    def __call__(
        self,
        server: SMTPServer,
        session: Session,
        envelope: Envelope,
        mechanism: str,
        auth_data: Any,
    ) -> AuthResult:
        if (
            isinstance(auth_data, LoginPassword)
            and auth_data.login.decode() == self.login
            and auth_data.password.decode() == self.password
        ):
            self.mailbox.logins.append(self.login)
            return AuthResult(success=True)
        return AuthResult(success=False, handled=False)


@pytest.fixture
def tls_smtp_server(tmp_path: Path) -> Iterator[tuple[SmtpServer, TlsFiles]]:
    """An SMTP server that requires STARTTLS and then a log-in (``ujikon`` /
    ``rahasia-relay``), with the certificate its clients must trust."""
    files = tls_files(tmp_path)
    mailbox = Mailbox()
    controller = Controller(
        mailbox,
        hostname="127.0.0.1",
        port=free_port(),
        tls_context=files.server_context(),
        require_starttls=True,
        authenticator=Passwords(mailbox, "ujikon", "rahasia-relay"),
        auth_require_tls=True,
        auth_required=True,
    )
    controller.start()
    try:
        yield SmtpServer(mailbox, "127.0.0.1", controller.port), files
    finally:
        controller.stop()
