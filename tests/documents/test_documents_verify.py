"""The offline verdict: intact, trusted, unchanged -- and every way a file can fail it.

Tampered files are made for real: a flipped byte, bytes appended after ``%%EOF``, an
incremental update that changes the page content (written with pyHanko's incremental
writer, as an attacker's tool would). Where it adds evidence, poppler's ``pdfsig``
judges the same file independently.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from io import BytesIO
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization

from ujikon.documents.keys import DevCA
from ujikon.documents.signing import LoadedSigner, SignSettings, sign_pdf
from ujikon.documents.verify import PdfVerdict, async_verify_pdf, verify_pdf
from ujikon.errors import InputError


def _flip_inside_signed_range(data: bytes) -> bytes:
    """``data`` with one bit flipped in the middle of the first (compressed) stream."""
    start = data.index(b"stream\n", 100) + len(b"stream\n")
    position = start + 200
    assert position < data.index(b"endstream", start)
    return data[:position] + bytes([data[position] ^ 0x01]) + data[position + 1 :]


def _append_content_revision(data: bytes) -> bytes:
    """An incremental update replacing the first page's content with other text."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(BytesIO(data))
    page_ref, _ = writer.find_page_for_modification(0)  # type: ignore[no-untyped-call]
    page = page_ref.get_object()
    forged = generic.StreamObject(stream_data=b"BT /F1 24 Tf 72 700 Td (DIBUKA SEMUA) Tj ET")
    page["/Contents"] = writer.add_object(forged)
    writer.mark_update(page_ref)
    out = BytesIO()
    writer.write(out)  # type: ignore[no-untyped-call]
    return out.getvalue()


# -- a good signature -------------------------------------------------------------------


def test_a_signed_decree_is_intact_and_trusted_with_the_dev_ca(
    signed_pdf: bytes,
    ca_cert: x509.Certificate,
    dev_ca: DevCA,
    decision_json: bytes,
) -> None:
    verdict = verify_pdf(signed_pdf, trust_roots=[ca_cert], source="sk-uji.pdf")
    assert isinstance(verdict, PdfVerdict)
    assert verdict.source == "sk-uji.pdf"
    assert verdict.size == len(signed_pdf)
    assert verdict.signed and verdict.intact and verdict.trusted and verdict.ok
    assert verdict.unchanged_since_last_signature
    assert not verdict.modified_after_signing
    assert verdict.appended_bytes == 0

    [signature] = verdict.signatures
    cert = x509.load_pem_x509_certificate(dev_ca.ca_cert_path.read_bytes())
    info = dev_ca.signer("ppid")
    assert signature.kind == "signature"
    assert signature.signer_name == "Drs. Budi Santoso, M.Si. (DEV)"
    assert signature.signer_subject == info.subject
    assert signature.issuer == info.issuer == cert.subject.rfc4514_string()
    assert signature.issuer_name == "ujikon DEV CA - TIDAK TEPERCAYA / NOT TRUSTED"
    assert signature.fingerprint_sha256 == info.fingerprint_sha256
    assert (signature.valid_from, signature.valid_until) == (info.not_before, info.not_after)
    assert signature.serial and int(signature.serial, 16) > 0
    assert signature.is_dev
    assert signature.intact and signature.trusted and signature.trust_problem is None
    assert signature.signing_time is not None
    assert abs(signature.signing_time - datetime.now(UTC)) < timedelta(minutes=10)
    assert not signature.timestamp_present and signature.timestamp_time is None
    assert signature.coverage == "entire_file" and signature.modification_level == "none"
    assert signature.md_algorithm == "sha256"

    assert verdict.embedded_files == {"keputusan.json": decision_json}
    assert verdict.metadata["Title"] == "Keputusan PPID Nomor 188.4/012/PPID/XI/2026"
    assert verdict.metadata["ujikondecree"] == "188.4/012/PPID/XI/2026"


def test_without_trust_roots_nothing_is_trusted_but_the_file_is_still_intact(
    signed_pdf: bytes,
) -> None:
    verdict = verify_pdf(signed_pdf)
    [signature] = verdict.signatures
    assert signature.intact and not signature.trusted
    assert signature.trust_problem == "NO_CERTIFICATE_CHAIN_FOUND"
    assert verdict.ok and not verdict.trusted

    lines = verdict.summary_lines()
    assert (
        "Tanda tangan / signature utuh / intact — Drs. Budi Santoso, M.Si. (DEV), "
        "dipercaya / trusted: tidak / no (sertifikat pengembangan / development certificate)"
    ) in lines


def test_intact_is_not_valid_without_a_trusted_signer(
    signed_pdf: bytes, ca_cert: x509.Certificate
) -> None:
    untrusted = verify_pdf(signed_pdf)
    assert untrusted.ok and not untrusted.signers_trusted and not untrusted.valid
    assert [s.field_name for s in untrusted.untrusted_signatures] == ["Signature1"]
    assert not untrusted.development_trust
    trusted = verify_pdf(signed_pdf, trust_roots=[ca_cert])
    assert trusted.valid and trusted.signers_trusted and trusted.untrusted_signatures == ()
    assert trusted.development_trust  # a DEV CA vouched, and the verdict knows it


def test_an_incremental_update_leaves_no_traceback_on_stderr(
    signed_pdf: bytes, ca_cert: x509.Certificate, tmp_path: Path
) -> None:
    # pyHanko's difference analysis logs "Error in diff operation ..." with a traceback
    # that carried "RuntimeError: no running event loop" as its context; the verdict
    # already says "modified after signing", so none of it may reach the terminal.
    # In a process of its own: pytest's log capture would hide logging's last resort.
    forged = tmp_path / "diubah.pdf"
    forged.write_bytes(_append_content_revision(signed_pdf))
    root = tmp_path / "ca.pem"
    root.write_bytes(ca_cert.public_bytes(serialization.Encoding.PEM))
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from ujikon.documents.verify import verify_pdf\n"
        "root = Path(sys.argv[2]).read_bytes()\n"
        "v = verify_pdf(Path(sys.argv[1]).read_bytes(), trust_roots=[root])\n"
        "print(v.modified_after_signing, v.signatures[0].modification_level)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(forged), str(root)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["True", "other"]
    assert done.stderr == "", done.stderr


def test_trust_roots_may_be_pem_bytes(signed_pdf: bytes, dev_ca: DevCA) -> None:
    verdict = verify_pdf(signed_pdf, trust_roots=[dev_ca.ca_cert_path.read_bytes()])
    assert verdict.trusted


def test_a_foreign_root_does_not_make_it_trusted(
    signed_pdf: bytes, tmp_path_factory: pytest.TempPathFactory, passphrase: bytes
) -> None:
    from ujikon.documents.keys import create_dev_ca

    other = create_dev_ca(
        tmp_path_factory.mktemp("other"),
        body_name="Badan Lain",
        signers=[("x", "X")],
        passphrase=passphrase,
    )
    verdict = verify_pdf(signed_pdf, trust_roots=[other.ca_cert_path.read_bytes()])
    assert not verdict.trusted and verdict.intact


def test_summary_lines_in_each_language(signed_pdf: bytes, ca_cert: x509.Certificate) -> None:
    verdict = verify_pdf(signed_pdf, trust_roots=[ca_cert], source="sk.pdf")
    indonesian = "\n".join(verdict.summary_lines("id"))
    english = "\n".join(verdict.summary_lines("en"))
    both = "\n".join(verdict.summary_lines())
    assert indonesian.startswith("sk.pdf: tanda tangan utuh, berkas tidak berubah")
    # A development CA given as root is trusted, but never with a bare "yes" beside an
    # issuer that calls itself NOT TRUSTED.
    assert (
        "Tanda tangan utuh — Drs. Budi Santoso, M.Si. (DEV), dipercaya: hanya untuk uji — "
        "CA PENGEMBANGAN yang diberikan sebagai akar"
    ) in indonesian
    assert "trusted" not in indonesian
    assert english.startswith("sk.pdf: signatures intact, file unchanged since signing")
    assert (
        "signature intact — Drs. Budi Santoso, M.Si. (DEV), trusted: for testing only — a "
        "DEVELOPMENT CA given as trust root"
    ) in english
    assert "trusted: yes" not in english
    assert "Berkas tidak berubah sejak tanda tangan terakhir / file unchanged" in both
    assert "keputusan.json" in both and verdict.sha256 in both
    with pytest.raises(ValueError):
        verdict.summary_lines("fr")  # type: ignore[arg-type]


def test_an_unsigned_pdf_is_not_signed(decree_pdf: bytes) -> None:
    verdict = verify_pdf(decree_pdf, source="draf.pdf")
    assert not verdict.signed and not verdict.intact and not verdict.ok
    assert not verdict.unchanged_since_last_signature
    assert verdict.signatures == ()
    assert verdict.summary_lines("en")[0] == "draf.pdf: NOT signed"
    assert "keputusan.json" in verdict.embedded_files


# -- tampering --------------------------------------------------------------------------


def test_a_flipped_byte_breaks_the_signature(
    signed_pdf: bytes, ca_cert: x509.Certificate, pdfsig: Callable[[bytes], str]
) -> None:
    tampered = _flip_inside_signed_range(signed_pdf)
    verdict = verify_pdf(tampered, trust_roots=[ca_cert], source="sk.pdf")
    [signature] = verdict.signatures
    assert not signature.intact
    assert not verdict.intact and not verdict.ok
    assert verdict.modified_after_signing
    assert not verdict.unchanged_since_last_signature
    assert "TIDAK UTUH" in verdict.summary_lines()[0]
    assert "file MODIFIED: the signed content no longer matches" in verdict.summary_lines("en")

    report = pdfsig(tampered)
    assert "Signature is Valid." not in report
    assert "Digest Mismatch." in report or "Signature is Invalid." in report, report


@pytest.mark.parametrize("garbage", [b"\n% ditambahkan\n", b"SAMPAH" * 400])
def test_bytes_after_eof_mean_modified_after_signing(
    signed_pdf: bytes, ca_cert: x509.Certificate, garbage: bytes
) -> None:
    verdict = verify_pdf(signed_pdf + garbage, trust_roots=[ca_cert], source="sk.pdf")
    assert verdict.intact  # the signature itself still checks out ...
    assert not verdict.unchanged_since_last_signature  # ... but the file does not
    assert verdict.appended_bytes == len(garbage.strip())
    assert verdict.modified_after_signing and not verdict.ok
    assert "MODIFIED AFTER SIGNING" in verdict.summary_lines("en")[0]


def test_trailing_whitespace_alone_is_not_a_modification(
    signed_pdf: bytes, ca_cert: x509.Certificate
) -> None:
    verdict = verify_pdf(signed_pdf + b"\r\n  \n", trust_roots=[ca_cert])
    assert verdict.ok and verdict.appended_bytes == 0


def test_an_appended_revision_that_changes_content_is_detected(
    signed_pdf: bytes, ca_cert: x509.Certificate, pdfsig: Callable[[bytes], str]
) -> None:
    forged = _append_content_revision(signed_pdf)
    assert forged.startswith(signed_pdf)
    verdict = verify_pdf(forged, trust_roots=[ca_cert], source="sk.pdf")
    [signature] = verdict.signatures
    assert signature.intact  # the signed revision is untouched ...
    assert signature.coverage == "entire_revision"
    assert signature.modification_level == "other"  # ... but the page was replaced
    assert not verdict.unchanged_since_last_signature
    assert verdict.modified_after_signing and not verdict.ok
    assert "DIUBAH SETELAH DITANDATANGANI" in verdict.summary_lines("id")[0]

    report = pdfsig(forged)
    assert "Not total document signed" in report


def test_content_changed_between_two_signatures_is_detected(
    signed_pdf: bytes, head_signer: LoadedSigner, ca_cert: x509.Certificate
) -> None:
    forged = _append_content_revision(signed_pdf)
    countersigned = sign_pdf(forged, head_signer, SignSettings())
    verdict = verify_pdf(countersigned, trust_roots=[ca_cert])
    first, second = verdict.signatures
    assert first.intact and second.intact
    assert second.coverage == "entire_file"
    assert verdict.unchanged_since_last_signature  # nothing after the head's signature ...
    assert first.modification_level == "other"  # ... but the PPID signed something else
    assert not first.later_changes_permitted
    assert verdict.modified_after_signing and not verdict.ok


def test_a_damaged_signature_container_gives_a_verdict_not_a_traceback(
    signed_pdf: bytes, ca_cert: x509.Certificate
) -> None:
    # overwrite the start of the CMS blob (outside the signed byte range) with zeros
    start = signed_pdf.rindex(b"/Contents <") + len(b"/Contents <")
    damaged = signed_pdf[:start] + b"0" * 64 + signed_pdf[start + 64 :]
    verdict = verify_pdf(damaged, trust_roots=[ca_cert], source="sk.pdf")
    [signature] = verdict.signatures
    assert signature.problem is not None
    assert not signature.intact and not verdict.intact and not verdict.ok
    assert verdict.signed
    assert "RUSAK / signature BROKEN" in "\n".join(verdict.summary_lines())


# -- unreadable input -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        (b"", "bukan berkas PDF / not a PDF file"),
        (b"PK\x03\x04 this is a zip", "bukan berkas PDF / not a PDF file"),
        (b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n", "PDF terpotong"),
        (b"%PDF-1.7\nnot really\n%%EOF\n", "damaged or truncated PDF"),
    ],
)
def test_unreadable_input_is_a_clear_error(data: bytes, fragment: str) -> None:
    with pytest.raises(InputError) as caught:
        verify_pdf(data, source="kiriman.pdf")
    assert caught.value.where == "kiriman.pdf"
    assert fragment in str(caught.value)
    assert caught.value.exit_code == 2


def test_a_truncated_pdf_is_a_clear_error(decree_pdf: bytes) -> None:
    with pytest.raises(InputError, match=r"^sk\.pdf: PDF terpotong.* / truncated PDF"):
        verify_pdf(decree_pdf[: len(decree_pdf) // 2], source="sk.pdf")


def test_a_signed_pdf_cut_inside_its_signature_is_not_signed(
    signed_pdf: bytes, decree_pdf: bytes
) -> None:
    # what is left is the unsigned original plus half a revision
    cut = signed_pdf[: len(decree_pdf) + 1000]
    verdict = verify_pdf(cut, source="sk.pdf")
    assert not verdict.signed and not verdict.ok
    assert verdict.appended_bytes > 0
    assert "unreadable bytes at the end" in verdict.summary_lines("en")[0]


# -- from async code --------------------------------------------------------------------


def test_verify_works_inside_a_running_event_loop(
    signed_pdf: bytes, ca_cert: x509.Certificate
) -> None:
    async def inside() -> tuple[PdfVerdict, PdfVerdict]:
        blocking = verify_pdf(signed_pdf, trust_roots=[ca_cert])
        awaited = await async_verify_pdf(signed_pdf, trust_roots=[ca_cert])
        return blocking, awaited

    blocking, awaited = asyncio.run(inside())
    assert blocking.ok and blocking.trusted
    assert awaited == blocking


# -- the printed QR code ------------------------------------------------------------------


QR_LINE = "UJIKON-SK/1;188.4/012/PPID/XI/2026;sha256=" + "ab" * 32


def _page_with_qr(pdf_factory: Callable[[str], bytes], *, caption: bool) -> bytes:
    from ujikon.documents.qr import qr_svg

    figure = qr_svg(QR_LINE)
    text = "<figcaption>Pindai untuk memeriksa keaslian</figcaption>" if caption else ""
    html = (
        "<!doctype html><html lang='id'><head><meta charset='utf-8'><title>SK</title>"
        "<style>@page { size: A4; margin: 2cm } svg { width: 3.2cm; height: 3.2cm }</style>"
        "</head><body><p>Halaman pertama tanpa kode.</p>"
        "<p style='break-before: page'>Ditetapkan di Sukamaju.</p>"
        f"<figure>{figure}{text}</figure></body></html>"
    )
    return pdf_factory(html)


@pytest.mark.parametrize("caption", [True, False], ids=["captioned", "no-caption"])
def test_the_printed_qr_code_is_read_off_the_page(
    pdf_factory: Callable[[str], bytes], caption: bool
) -> None:
    from ujikon.documents.qr import read_printed_qr

    printed = read_printed_qr(_page_with_qr(pdf_factory, caption=caption))
    assert printed.problem is None
    assert printed.texts == (QR_LINE,)
    assert printed.pages == (2,)


def test_a_page_without_a_qr_code_reads_nothing(decree_pdf: bytes) -> None:
    from ujikon.documents.qr import read_printed_qr

    printed = read_printed_qr(decree_pdf)
    assert printed.texts == () and printed.pages == () and printed.problem is None


def test_an_unrenderable_pdf_is_a_problem_not_an_exception() -> None:
    from ujikon.documents.qr import read_printed_qr

    printed = read_printed_qr(b"%PDF-1.7\nnot really\n%%EOF\n")
    assert printed.texts == () and printed.problem is not None
    assert "cannot be rendered" in printed.problem
