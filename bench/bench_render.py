"""Rendering a decree to PDF/A, against WeasyPrint alone on the same HTML.

For each size (default 20 and 200 annex rows of ~80 words each, plus one test sheet per
row) it measures, in the same run and alternating so that drift hits both sides:

* ``ujikon render_pdf``  -- :func:`ujikon.documents.render.render_pdf` end to end:
  Jinja2, the QR code, WeasyPrint with ``pdf/a-3b``, the JSON attachment, the finisher;
* ``weasyprint alone``   -- ``weasyprint.HTML(string=html).write_pdf(pdf_variant=...)``
  on the very HTML :func:`render_html` produced (made once, outside the timing);
* ``render_html``        -- the Jinja2 part alone, for the record.

Reports the median of ``--runs`` runs (after one warm-up), the cost per row, the marginal
cost per row between the smallest and the largest size, and the ratio ujikon / WeasyPrint.

Run::

    .venv/bin/python bench/bench_render.py                 # 20 and 200 rows, 3 runs
    .venv/bin/python bench/bench_render.py --rows 20 --runs 5
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

try:
    import ujikon  # noqa: F401
except ModuleNotFoundError:  # run from a checkout without an install
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ujikon.canonical import canonical_json, sha256_hex
from ujikon.documents.model import (
    AnnexRow,
    DecreeDocument,
    Letterhead,
    SheetEntry,
    SheetStep,
    SignatureBlock,
    TestSheet,
)
from ujikon.documents.render import RenderSettings, render_html, render_pdf

_INFO = (
    "Daftar penerima bantuan sosial tunai daerah tahun anggaran berjalan yang memuat nama, "
    "alamat, nomor induk kependudukan dan nomor rekening bank setiap penerima pada kecamatan"
)  # 25 words
_HARM = (
    "Nomor rekening dan NIK penerima adalah data keuangan dan identitas pribadi; pembukaan "
    "membuka peluang penipuan dan penyalahgunaan rekening penerima oleh pihak yang tidak berhak."
)  # 24 words
_PUBLIC = (
    "Publik berkepentingan mengawasi ketepatan sasaran bantuan sosial; nama penerima dan desa "
    "tetap dibuka sehingga kepentingan publik terpenuhi dengan pembukaan sebagian saja."
)  # 22 words
_BASIS = ("Pasal 17 huruf h angka 3 UU 14/2008",)  # 7 words
_CONCLUSION = "Dikecualikan sebagian (dihitamkan): nomor rekening; NIK"  # 6 words
_PERIOD = "Permanen (Pasal 17 huruf h)"  # 4 words


def _sheet(row: AnnexRow) -> TestSheet:
    def step(number: int, title: str, *entries: tuple[str, str]) -> SheetStep:
        return SheetStep(
            number=number,
            title=title,
            entries=tuple(SheetEntry(label=label, text=text) for label, text in entries),
            recorded_by="sari (PPID Pelaksana)",
            recorded_at="3 November 2026 09.14 WIB",
        )

    return TestSheet(
        case_ref=row.case_ref,
        title=row.document,
        steps=(
            step(1, "Langkah 1 — Alasan pengujian", ("Alasan", "Proaktif")),
            step(
                2,
                "Langkah 2 — Identifikasi dokumen dan informasi",
                ("Dokumen", row.document),
                ("Unit pemilik", row.owning_unit),
                ("Informasi yang diuji", row.information),
            ),
            step(3, "Langkah 3 — Dasar pengecualian", (row.legal_basis[0], row.information)),
            step(4, "Langkah 4 — Konsekuensi bila dibuka", ("17h3", row.consequence)),
            step(5, "Langkah 5 — Kepentingan publik", ("Pertimbangan", row.public_interest)),
            step(
                6,
                "Langkah 6–7 — Kesimpulan dan jangka waktu",
                ("Kesimpulan", row.conclusion),
                ("Jangka waktu", row.period),
            ),
        ),
        team=("sari (PPID Pelaksana)", "andi (Tim Pertimbangan)"),
        reviews=(SheetEntry(label="Disetujui oleh budi, 10 November 2026 15.45 WIB", text="-"),),
        approved_by="budi (PPID Utama)",
        approved_at="10 November 2026 15.45 WIB",
    )


def make_document(rows: int) -> DecreeDocument:
    """A decree of ``rows`` annex rows (~80 words each) and one test sheet per row."""
    annex = tuple(
        AnnexRow(
            no=i,
            case_ref=f"UK-2026-{i:04d}",
            information=f"{_INFO} {i}",
            document=f"Daftar Penerima Bantuan Sosial Kecamatan {i}",
            owning_unit="Dinas Sosial",
            legal_basis=_BASIS,
            consequence=_HARM,
            public_interest=_PUBLIC,
            conclusion=_CONCLUSION,
            period=_PERIOD,
        )
        for i in range(1, rows + 1)
    )
    number = "188.4/012/PPID/XI/2026"
    decision_json = canonical_json({"number": number, "items": [r.model_dump() for r in annex]})
    issuer = "PPID UTAMA PEMERINTAH KABUPATEN SUKAMAJU"
    return DecreeDocument(
        letterhead=Letterhead(
            lines=("PEMERINTAH KABUPATEN SUKAMAJU", "DINAS KOMUNIKASI DAN INFORMATIKA"),
            address="Jalan Merdeka Nomor 17, Sukamaju 45111",
            contact="Telepon (0231) 555-0170 · ppid@sukamajukab.go.id",
        ),
        title=f"KEPUTUSAN {issuer}",
        number=number,
        about="PENETAPAN INFORMASI YANG DIKECUALIKAN DI LINGKUNGAN PEMERINTAH KABUPATEN SUKAMAJU",
        issuer=f"{issuer},",
        menimbang=(
            "bahwa berdasarkan Pasal 17 dan Pasal 19 Undang-Undang Nomor 14 Tahun 2008 PPID "
            "wajib melakukan uji konsekuensi sebelum menyatakan informasi dikecualikan;",
            f"bahwa uji konsekuensi atas {rows} informasi telah dilaksanakan dan disetujui;",
        ),
        mengingat=(
            "Undang-Undang Nomor 14 Tahun 2008 tentang Keterbukaan Informasi Publik;",
            "Peraturan Pemerintah Nomor 61 Tahun 2010;",
            "Peraturan Komisi Informasi Nomor 1 Tahun 2021.",
        ),
        menetapkan=f"KEPUTUSAN {issuer} TENTANG PENETAPAN INFORMASI YANG DIKECUALIKAN.",
        dicta=(
            SheetEntry(label="KESATU", text="Menetapkan informasi dalam Lampiran dikecualikan."),
            SheetEntry(label="KEDUA", text="Keputusan ini mulai berlaku pada tanggal ditetapkan."),
        ),
        place="Sukamaju",
        date_text="25 November 2026",
        signers=(
            SignatureBlock(office=f"{issuer}", name="Dr. Hendra Wijaya", nip="197805122003121004"),
        ),
        annex_title=f"LAMPIRAN KEPUTUSAN {issuer} — DAFTAR INFORMASI YANG DIKECUALIKAN",
        annex_rows=annex,
        sheets=tuple(_sheet(r) for r in annex),
        qr_text=f"UJIKON-SK/1;{number};sha256={sha256_hex(decision_json)}",
        decision_json=decision_json,
        chain_seq=42,
        chain_head="0" * 64,
        catalogue_version="2026.1",
    )


@dataclass
class Row:
    rows: int
    ujikon: float
    weasyprint: float
    html: float
    pages: int
    size: int


def _seconds(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def _pages(pdf: bytes) -> int:
    """Page count through poppler's ``pdfinfo`` (0 when it is not installed)."""
    if shutil.which("pdfinfo") is None:
        return 0
    done = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True)
    match = re.search(rb"^Pages:\s+(\d+)", done.stdout, re.MULTILINE)
    return int(match[1]) if match else 0


def measure(rows: int, runs: int, variant: str | None) -> Row:
    import weasyprint

    doc = make_document(rows)
    settings = RenderSettings(pdf_variant=variant)
    html = render_html(doc)

    def ours() -> bytes:
        return render_pdf(doc, settings)

    def theirs() -> bytes:
        pdf: bytes = weasyprint.HTML(string=html).write_pdf(pdf_variant=variant)
        return pdf

    pdf = ours()  # warm-up (fonts, caches), and the figures of the file
    theirs()
    ujikon_times, weasy_times = [], []
    for _ in range(runs):  # alternate, so drift hits both sides alike
        ujikon_times.append(_seconds(ours))
        weasy_times.append(_seconds(theirs))
    html_time = statistics.median(_seconds(lambda: render_html(doc)) for _ in range(3))
    return Row(
        rows=rows,
        ujikon=statistics.median(ujikon_times),
        weasyprint=statistics.median(weasy_times),
        html=html_time,
        pages=_pages(pdf),
        size=len(pdf),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[20, 200])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--variant", default="pdf/a-3b", help="PDF variant, 'none' for plain")
    args = parser.parse_args()
    variant = None if args.variant == "none" else args.variant

    results = []
    for rows in args.rows:
        print(f"… {rows} rows", file=sys.stderr, flush=True)
        results.append(measure(rows, args.runs, variant))

    print(f"variant {variant}, median of {args.runs} runs (after a warm-up)")
    header = (
        f"{'rows':>5}{'pages':>7}{'KiB':>7}{'ujikon s':>10}{'weasy s':>10}{'ratio':>7}"
        f"{'ujikon ms/row':>15}{'weasy ms/row':>14}{'html s':>8}"
    )
    print(header)
    for r in results:
        print(
            f"{r.rows:>5}{r.pages:>7}{r.size / 1024:>7.0f}{r.ujikon:>10.3f}{r.weasyprint:>10.3f}"
            f"{r.ujikon / r.weasyprint:>7.2f}{1000 * r.ujikon / r.rows:>15.1f}"
            f"{1000 * r.weasyprint / r.rows:>14.1f}{r.html:>8.3f}"
        )
    if len(results) >= 2:
        lo, hi = results[0], results[-1]
        span = hi.rows - lo.rows
        if span > 0:
            ours = 1000 * (hi.ujikon - lo.ujikon) / span
            theirs = 1000 * (hi.weasyprint - lo.weasyprint) / span
            print(
                f"marginal cost per row ({lo.rows}→{hi.rows}): ujikon {ours:.1f} ms, "
                f"weasyprint {theirs:.1f} ms, ratio {ours / theirs:.2f}"
            )


if __name__ == "__main__":
    main()
