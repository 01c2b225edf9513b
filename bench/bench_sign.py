"""Signing and verification cost of ujikon.documents, against pyHanko called directly.

Measures, on a WeasyPrint PDF/A-3b decree with a ``--rows``-row annex (made once, not
timed) and a development key loaded once:

* ``sign B-B``  -- :func:`ujikon.documents.signing.sign_pdf` vs ``pyhanko.sign.signers.
  sign_pdf`` with the same metadata (PAdES, SHA-256, same reason/location/field) and the
  same ``bytes_reserved``: the baseline of ``perf-baseline.md`` ("with bytes_reserved set");
* ``sign B-T``  -- the same with a timestamp from the local RFC 3161 server (HTTP on
  127.0.0.1), both sides using pyHanko's ``HTTPTimeStamper``;
* ``verify``    -- :func:`ujikon.documents.verify.verify_pdf` (validation, overall verdict,
  embedded files, metadata) vs pyHanko's ``validate_pdf_signature`` alone, per document;
* for context, pyHanko signing without ``bytes_reserved`` (it signs twice).

The two sides of each pair run alternately, ``--n`` times each after one warm-up run;
the table gives the medians and ujikon's time as a ratio of pyHanko's.

Run::

    .venv/bin/python bench/bench_sign.py            # N=50, 20 rows
    .venv/bin/python bench/bench_sign.py --n 200 --rows 200
"""

from __future__ import annotations

import argparse
import logging
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from io import BytesIO
from pathlib import Path
from typing import Any

try:
    import ujikon  # noqa: F401
except ModuleNotFoundError:  # run from a checkout without an install
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ujikon.documents.keys import create_dev_ca
from ujikon.documents.signing import SignSettings, load_signer, sign_pdf
from ujikon.documents.tsa import LocalTimestampServer
from ujikon.documents.verify import verify_pdf

logger = logging.getLogger("bench_sign")

PASSPHRASE = b"bench-passphrase"
REASON = "Menetapkan keputusan PPID"
LOCATION = "Sukamaju"

ROW = (
    "<tr><td>{n}</td><td>Dokumen kontrak pengadaan nomor {n} beserta lampiran harga satuan "
    "dan spesifikasi teknis yang belum selesai dievaluasi</td><td>Pasal 17 huruf b UU "
    "14/2008</td><td>Membuka informasi ini dapat mengganggu proses penegakan hukum dan "
    "persaingan usaha yang sehat karena memuat rincian penawaran para peserta lelang yang "
    "masih dapat berubah selama masa sanggah berlangsung</td><td>Kepentingan publik atas "
    "transparansi anggaran tetap terlayani melalui ringkasan nilai kontrak yang dibuka"
    "</td><td>Dikecualikan</td><td>5 tahun</td></tr>"
)


def make_decree(rows: int) -> bytes:
    """A decree-like PDF/A-3b with an annex of ``rows`` rows of about 80 words."""
    import weasyprint

    body = "".join(ROW.format(n=n + 1) for n in range(rows))
    html = (
        "<!doctype html><html lang='id'><head><meta charset='utf-8'>"
        "<title>Keputusan PPID 188.4/012/PPID/XI/2026</title>"
        "<style>@page{size:A4;margin:2cm} body{font:10pt serif} "
        "td{border:1px solid #000;vertical-align:top;padding:2pt}</style></head><body>"
        "<h1>KEPUTUSAN PPID</h1><p>Menimbang: bahwa berdasarkan uji konsekuensi ...</p>"
        f"<table><thead><tr><th>No</th><th>Informasi</th><th>Dasar</th><th>Konsekuensi</th>"
        f"<th>Kepentingan publik</th><th>Kesimpulan</th><th>Jangka waktu</th></tr></thead>"
        f"<tbody>{body}</tbody></table></body></html>"
    )
    pdf: bytes = weasyprint.HTML(string=html).write_pdf(
        pdf_variant="pdf/a-3b",
        attachments=[weasyprint.Attachment(string='{"nomor":"188.4"}', name="keputusan.json")],
    )
    return pdf


def hanko_sign(pdf: bytes, signer: Any, bytes_reserved: int | None, timestamper: Any) -> bytes:
    """The baseline: pyHanko's own high-level call, same settings as ujikon's."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    meta = signers.PdfSignatureMetadata(
        field_name="Signature1",
        md_algorithm="sha256",
        reason=REASON,
        location=LOCATION,
        subfilter=fields.SigSeedSubFilter.PADES,
    )
    out = signers.sign_pdf(
        IncrementalPdfFileWriter(BytesIO(pdf)),
        meta,
        signer=signer,
        timestamper=timestamper,
        bytes_reserved=bytes_reserved,
    )
    data: bytes = out.getvalue()
    return data


def hanko_validate(pdf: bytes, roots: list[Any]) -> bool:
    """The baseline: pyHanko's validation of the (only) signature, nothing more."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    reader = PdfFileReader(BytesIO(pdf))
    context = ValidationContext(trust_roots=roots, allow_fetching=False)
    status = validate_pdf_signature(reader.embedded_signatures[0], context)
    return bool(status.bottom_line)


def timed_pair(
    n: int, ours: Callable[[], object], theirs: Callable[[], object]
) -> tuple[float, float]:
    """Medians of ``ours`` and ``theirs``, run alternately ``n`` times after a warm-up."""
    ours()
    theirs()
    mine: list[float] = []
    base: list[float] = []
    for _ in range(n):
        start = time.perf_counter()
        ours()
        mine.append(time.perf_counter() - start)
        start = time.perf_counter()
        theirs()
        base.append(time.perf_counter() - start)
    return statistics.median(mine), statistics.median(base)


def timed(n: int, work: Callable[[], object]) -> float:
    work()
    times = []
    for _ in range(n):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=50, help="runs per measurement (50)")
    parser.add_argument("--rows", type=int, default=20, help="annex rows of the decree (20)")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)

    from asn1crypto import x509 as asn1_x509
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization
    from pyhanko.sign.timestamps import HTTPTimeStamper

    pdf = make_decree(args.rows)
    with tempfile.TemporaryDirectory(prefix="bench-sign-") as tmp:
        ca = create_dev_ca(
            Path(tmp),
            body_name="Pemerintah Kabupaten Sukamaju",
            signers=[("ppid", "Drs. Budi Santoso, M.Si.")],
            passphrase=PASSPHRASE,
        )
        start = time.perf_counter()
        signer = load_signer(ca.signer("ppid").path, PASSPHRASE)
        load_seconds = time.perf_counter() - start
        ca_pem = ca.ca_cert_path.read_bytes()

    settings = SignSettings(reason=REASON, location=LOCATION)
    reserved = settings.bytes_reserved
    rows: list[tuple[str, float, float | None]] = []

    ours, theirs = timed_pair(
        args.n,
        lambda: sign_pdf(pdf, signer, settings),
        lambda: hanko_sign(pdf, signer.signer, reserved, None),
    )
    rows.append(("sign B-B (bytes_reserved set)", ours, theirs))
    rows.append(
        (
            "  pyHanko, no bytes_reserved (context)",
            timed(args.n, lambda: hanko_sign(pdf, signer.signer, None, None)),
            None,
        )
    )

    with LocalTimestampServer() as tsa:
        ts_settings = SignSettings(reason=REASON, location=LOCATION, tsa_url=tsa.url)
        stamper = HTTPTimeStamper(tsa.url)
        ours, theirs = timed_pair(
            args.n,
            lambda: sign_pdf(pdf, signer, ts_settings),
            lambda: hanko_sign(pdf, signer.signer, reserved, stamper),
        )
        rows.append(("sign B-T (local TSA over HTTP)", ours, theirs))

    signed = sign_pdf(pdf, signer, settings)
    root = asn1_x509.Certificate.load(
        x509.load_pem_x509_certificate(ca_pem).public_bytes(serialization.Encoding.DER)
    )
    assert verify_pdf(signed, trust_roots=[ca_pem]).ok
    assert hanko_validate(signed, [root])
    ours, theirs = timed_pair(
        args.n,
        lambda: verify_pdf(signed, trust_roots=[ca_pem]),
        lambda: hanko_validate(signed, [root]),
    )
    rows.append(("verify, per document", ours, theirs))

    print(
        f"\nujikon.documents signing/verification, {args.rows}-row PDF/A-3b "
        f"({len(pdf) / 1024:.0f} KiB unsigned, {len(signed) / 1024:.0f} KiB signed), "
        f"RSA-2048 dev key, N={args.n}, bytes_reserved={reserved}"
    )
    print(f"load_signer (PKCS#12, once per process): {load_seconds:.3f} s\n")
    print(f"{'operation':<40} {'ujikon s':>10} {'pyHanko s':>10} {'ratio':>7}")
    print("-" * 70)
    for name, mine, base in rows:
        if base is None:
            print(f"{name:<40} {'':>10} {mine:>10.4f} {'':>7}")
        else:
            print(f"{name:<40} {mine:>10.4f} {base:>10.4f} {mine / base:>7.2f}")


if __name__ == "__main__":
    main()
