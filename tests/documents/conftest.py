"""Fixtures for the signing and verification tests: real PDFs, real keys, no mocks.

* ``passphrase``, ``decision_json``, ``pdf_factory`` (HTML -> PDF/A-3b bytes);
* ``decree_pdf``: a one-page Indonesian PDF/A-3b made by WeasyPrint, with the decision
  attached as ``keputusan.json`` and a custom metadata entry;
* ``dev_ca``: a development CA with two signers, ``ppid`` and ``head``, in a temporary
  key directory (made once per session; tests that need their own make their own);
* ``ppid_signer`` / ``head_signer``: those keys, loaded once;
* ``signed_pdf``: ``decree_pdf`` signed by the PPID;
* ``pdfsig``: runs poppler's ``pdfsig`` on PDF bytes. When the tool is missing the test
  is skipped -- or fails, when ``CI=true``: CI must check signatures independently.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from cryptography import x509

from ujikon.documents.keys import DevCA, create_dev_ca
from ujikon.documents.signing import LoadedSigner, SignSettings, load_signer, sign_pdf

PASSPHRASE = b"rahasia-uji-123"
BODY = "Pemerintah Kabupaten Sukamaju"
PPID_NAME = "Drs. Budi Santoso, M.Si."
HEAD_NAME = "Ir. Hendra Wijaya, M.T."
DECISION_JSON = b'{"nomor":"188.4/012/PPID/XI/2026","kasus":["K-001","K-002"]}'

DECREE_HTML = """<!doctype html>
<html lang="id">
<head>
  <meta charset="utf-8">
  <title>Keputusan PPID Nomor 188.4/012/PPID/XI/2026</title>
  <meta name="author" content="PPID Utama Kabupaten Sukamaju">
  <meta name="ujikondecree" content="188.4/012/PPID/XI/2026">
  <style>@page { size: A4; margin: 2cm } body { font-family: serif; font-size: 11pt }</style>
</head>
<body>
  <h1>KEPUTUSAN PEJABAT PENGELOLA INFORMASI DAN DOKUMENTASI</h1>
  <p>Nomor 188.4/012/PPID/XI/2026 tentang Penetapan Informasi yang Dikecualikan.</p>
  <p>Menimbang: bahwa berdasarkan uji konsekuensi sebagaimana dimaksud dalam Pasal 19
  Undang-Undang Nomor 14 Tahun 2008 tentang Keterbukaan Informasi Publik, informasi
  tertentu perlu dikecualikan untuk jangka waktu tertentu.</p>
  <p>MEMUTUSKAN. Menetapkan: KESATU, informasi sebagaimana tercantum dalam Lampiran
  Keputusan ini sebagai Informasi yang Dikecualikan.</p>
  <p>Ditetapkan di Sukamaju pada tanggal 25 November 2026.</p>
</body>
</html>
"""


def make_pdf(html: str = DECREE_HTML) -> bytes:
    """``html`` as PDF/A-3b by WeasyPrint, with the decision JSON attached."""
    import weasyprint

    data: bytes = weasyprint.HTML(string=html).write_pdf(
        pdf_variant="pdf/a-3b",
        custom_metadata=True,
        attachments=[
            weasyprint.Attachment(
                string=DECISION_JSON.decode("utf-8"),
                name="keputusan.json",
                description="Keputusan dalam bentuk terbaca mesin",
            )
        ],
    )
    return data


@pytest.fixture(scope="session")
def passphrase() -> bytes:
    """The passphrase of every key the fixtures make."""
    return PASSPHRASE


@pytest.fixture(scope="session")
def decision_json() -> bytes:
    """The content of the ``keputusan.json`` attachment."""
    return DECISION_JSON


@pytest.fixture(scope="session")
def pdf_factory() -> Callable[[str], bytes]:
    """Makes a PDF/A-3b from HTML (with the decision attached)."""
    return make_pdf


@pytest.fixture(scope="session")
def decree_pdf() -> bytes:
    return make_pdf()


@pytest.fixture(scope="session")
def dev_ca(tmp_path_factory: pytest.TempPathFactory) -> DevCA:
    return create_dev_ca(
        tmp_path_factory.mktemp("keys"),
        body_name=BODY,
        signers=[("ppid", PPID_NAME), ("head", HEAD_NAME)],
        passphrase=PASSPHRASE,
    )


@pytest.fixture(scope="session")
def ca_cert(dev_ca: DevCA) -> x509.Certificate:
    return x509.load_pem_x509_certificate(dev_ca.ca_cert_path.read_bytes())


@pytest.fixture(scope="session")
def ppid_signer(dev_ca: DevCA) -> LoadedSigner:
    return load_signer(dev_ca.signer("ppid").path, PASSPHRASE)


@pytest.fixture(scope="session")
def head_signer(dev_ca: DevCA) -> LoadedSigner:
    return load_signer(dev_ca.signer("head").path, PASSPHRASE)


@pytest.fixture(scope="session")
def signed_pdf(decree_pdf: bytes, ppid_signer: LoadedSigner) -> bytes:
    settings = SignSettings(reason="Menetapkan keputusan PPID", location="Sukamaju")
    return sign_pdf(decree_pdf, ppid_signer, settings, source="sk-uji.pdf")


@pytest.fixture
def pdfsig(tmp_path: Path) -> Callable[[bytes], str]:
    """Run ``pdfsig`` (poppler) on PDF bytes; its standard output."""
    tool = shutil.which("pdfsig")
    if tool is None:
        message = "poppler's pdfsig is not installed (apt-get install poppler-utils)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)

    def run(data: bytes) -> str:
        path = tmp_path / "pdfsig-input.pdf"
        path.write_bytes(data)
        done = subprocess.run(
            [tool, str(path)], capture_output=True, text=True, timeout=60, check=False
        )
        return done.stdout + done.stderr

    return run
