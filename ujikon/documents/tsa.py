"""A small RFC 3161 timestamp server on the loopback interface, for tests and demos.

:class:`LocalTimestampServer` answers ``POST`` requests of type
``application/timestamp-query`` with ``application/timestamp-reply`` tokens, signed by a
certificate of its own (RSA-2048, extended key usage ``timeStamping``, common name
"ujikon DEV TSA - TIDAK TEPERCAYA / NOT TRUSTED"). The tokens themselves are made by
pyHanko's :class:`~pyhanko.sign.timestamps.DummyTimeStamper`, so this module adds only the
HTTP transport: a real signing run (``SignSettings.tsa_url``) goes over HTTP to it, exactly
as it would to a production TSA.

It listens on 127.0.0.1 only, on a port the system picks, serves one request at a time
(each read bounded in size and time) and stops when its ``with`` block ends::

    with LocalTimestampServer() as tsa:
        signed = sign_pdf(pdf, signer, SignSettings(tsa_url=tsa.url))
        verdict = verify_pdf(signed, trust_roots=[ca_cert, tsa.tsa_cert])

Never use it for real documents: its certificate is created fresh at every start and is
trusted by nobody.
"""

from __future__ import annotations

import logging
import threading
from datetime import UTC, datetime, timedelta
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self

if TYPE_CHECKING:
    from http.server import BaseHTTPRequestHandler, HTTPServer

    from cryptography import x509

__all__ = ["DEV_TSA_COMMON_NAME", "LocalTimestampServer"]

logger = logging.getLogger(__name__)

DEV_TSA_COMMON_NAME = "ujikon DEV TSA - TIDAK TEPERCAYA / NOT TRUSTED"
"""Common name of the local timestamp server's certificate."""

_QUERY_TYPE = "application/timestamp-query"
_REPLY_TYPE = "application/timestamp-reply"
_MAX_REQUEST = 16 * 1024
"""Largest request body accepted; an RFC 3161 query is about a hundred bytes."""
_IO_TIMEOUT = 5.0
"""Seconds a connection may take to send its request."""


class LocalTimestampServer:
    """An RFC 3161 timestamp authority on ``127.0.0.1``, running in a background thread.

    :param fixed_time: stamp every token with this time (timezone-aware) instead of the
        current time, for deterministic tests.
    :param max_request_bytes: refuse larger request bodies (HTTP 413).

    .. versionadded:: 0.1.0
    """

    def __init__(
        self, *, fixed_time: datetime | None = None, max_request_bytes: int = _MAX_REQUEST
    ) -> None:
        if fixed_time is not None and fixed_time.utcoffset() is None:
            raise ValueError("fixed_time must be timezone-aware")
        self.fixed_time = fixed_time
        self.max_request_bytes = max_request_bytes
        self.requests_served = 0
        """How many timestamp tokens were handed out (for tests)."""
        self._server: HTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._tsa_cert: x509.Certificate | None = None
        self._lock = threading.Lock()

    # -- lifecycle ----------------------------------------------------------------------

    def start(self) -> Self:
        """Create the certificate, bind to an ephemeral port on 127.0.0.1 and serve."""
        if self._server is not None:
            raise RuntimeError("the timestamp server is already running")
        from http.server import HTTPServer

        from asn1crypto import keys as asn1_keys
        from asn1crypto import x509 as asn1_x509
        from cryptography.hazmat.primitives import serialization
        from pyhanko.sign.timestamps import DummyTimeStamper

        key, cert = _make_tsa_certificate(self.fixed_time)
        der = serialization.Encoding.DER
        stamper = DummyTimeStamper(
            tsa_cert=asn1_x509.Certificate.load(cert.public_bytes(der)),
            tsa_key=asn1_keys.PrivateKeyInfo.load(
                key.private_bytes(
                    der, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
                )
            ),
            fixed_dt=self.fixed_time,
        )
        server = HTTPServer(("127.0.0.1", 0), _handler_class(self, stamper))
        server.timeout = _IO_TIMEOUT
        self._tsa_cert = cert
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"ujikon-tsa-{server.server_address[1]}",
            daemon=True,
        )
        self._thread.start()
        logger.info("local timestamp server listening on %s", self.url)
        return self

    def stop(self) -> None:
        """Stop serving and close the socket (waits for a request in progress)."""
        server, thread = self._server, self._thread
        if server is None:
            return
        server.shutdown()
        server.server_close()
        if thread is not None:
            thread.join(timeout=_IO_TIMEOUT + 1)
        self._server = self._thread = None
        logger.info("local timestamp server stopped after %d token(s)", self.requests_served)

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # -- what callers need --------------------------------------------------------------

    @property
    def url(self) -> str:
        """``http://127.0.0.1:<port>/tsa`` -- give it as ``SignSettings.tsa_url``."""
        if self._server is None:
            raise RuntimeError("the timestamp server is not running")
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}/tsa"

    @property
    def tsa_cert(self) -> x509.Certificate:
        """The server's (self-signed) certificate: a verifier's trust root for its tokens."""
        if self._tsa_cert is None:
            raise RuntimeError("the timestamp server has not been started")
        return self._tsa_cert

    def _count(self) -> None:
        with self._lock:
            self.requests_served += 1


def _handler_class(owner: LocalTimestampServer, stamper: Any) -> type[BaseHTTPRequestHandler]:
    """A request handler bound to ``owner`` and its pyHanko ``DummyTimeStamper``."""
    from http.server import BaseHTTPRequestHandler

    from asn1crypto import tsp

    class _Handler(BaseHTTPRequestHandler):
        server_version = "ujikon-dev-tsa/0.1"
        timeout = _IO_TIMEOUT

        def do_POST(self) -> None:
            content_type = self.headers.get("Content-Type", "").split(";")[0].strip()
            if content_type != _QUERY_TYPE:
                self._fail(415, f"expected {_QUERY_TYPE}")
                return
            try:
                length = int(self.headers.get("Content-Length", ""))
            except ValueError:
                self._fail(411, "Content-Length required")
                return
            if not 0 < length <= owner.max_request_bytes:
                self._fail(413, "request too large")
                return
            body = self.rfile.read(length)
            try:
                request = tsp.TimeStampReq.load(body)
                request.native  # noqa: B018 -- parse all of it now, not lazily later
                response = stamper.request_tsa_response(request)
                payload = response.dump()
            except (ValueError, TypeError, KeyError) as exc:
                logger.debug("bad timestamp request: %s", exc)
                self._fail(400, "malformed RFC 3161 request")
                return
            owner._count()
            self.send_response(200)
            self.send_header("Content-Type", _REPLY_TYPE)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def do_GET(self) -> None:
            self._fail(405, "POST an RFC 3161 request")

        def _fail(self, status: int, text: str) -> None:
            data = text.encode("ascii") + b"\n"
            self.send_response(status)
            self.send_header("Content-Type", "text/plain; charset=ascii")
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: Any) -> None:
            logger.debug("tsa %s: " + format, self.address_string(), *args)

    return _Handler


def _make_tsa_certificate(fixed_time: datetime | None) -> tuple[Any, x509.Certificate]:
    """A fresh self-signed RSA-2048 timestamping certificate.

    Valid from a day before to a day after both now and ``fixed_time``, so its tokens
    verify whichever of the two they carry.
    """
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import rsa

    from ujikon.documents.keys import signing_key_usage

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name(
        [
            x509.NameAttribute(x509.NameOID.COUNTRY_NAME, "ID"),
            x509.NameAttribute(x509.NameOID.ORGANIZATION_NAME, "ujikon"),
            x509.NameAttribute(x509.NameOID.COMMON_NAME, DEV_TSA_COMMON_NAME),
        ]
    )
    moments = [datetime.now(UTC)] + ([fixed_time] if fixed_time is not None else [])
    public = key.public_key()
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(public)
        .serial_number(x509.random_serial_number())
        .not_valid_before(min(moments) - timedelta(days=1))
        .not_valid_after(max(moments) + timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            signing_key_usage(),
            critical=True,
        )
        .add_extension(
            x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.TIME_STAMPING]), critical=True
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
        .sign(key, hashes.SHA256())
    )
    return key, cert
