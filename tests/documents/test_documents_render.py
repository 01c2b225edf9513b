"""The decree PDF read back: text, pages, attachment, QR code, PDF/A, fonts, escaping.

One realistic decree (twelve annex rows with long Indonesian texts, a 17j row naming its
statute, a partial exemption, two signers, one row holding ``<script>``) is rendered once
per module and read back with poppler (``pdftotext -layout``, ``pdfinfo``, ``pdffonts``,
``pdfdetach``, ``pdftoppm``) and pyHanko's PDF reader. Without poppler the tests are
skipped, unless ``CI=true``: then they fail.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest

from ujikon.canonical import canonical_json, sha256_hex
from ujikon.documents import templates
from ujikon.documents.model import (
    AnnexRow,
    DecreeDocument,
    Letterhead,
    SheetEntry,
    SheetStep,
    SignatureBlock,
)
from ujikon.documents.model import TestSheet as SheetModel  # not a test class
from ujikon.documents.qr import qr_svg
from ujikon.documents.render import RenderSettings, annex_heading, render_html, render_pdf

NUMBER = "188.4/012/PPID/XI/2026"
POPPLER = ("pdftotext", "pdfinfo", "pdffonts", "pdfdetach", "pdftoppm")
ANNEX_HEADERS = (
    "No",
    "Informasi yang dikecualikan",
    "Dasar hukum",
    "Konsekuensi bila dibuka",
    "Pertimbangan kepentingan publik",
    "Kesimpulan",
    "Jangka waktu",
)
SCRIPT_TEXT = '<script>alert("dibuka")</script>'

# ----------------------------------------------------------------------------- the document

UU_KIP = "UU 14/2008"
_ELABORATION = (
    "Informasi tersebut disimpan oleh unit pemilik dalam arsip aktif dan hanya dapat diakses "
    "oleh pejabat yang berwenang sesuai dengan tugas dan fungsinya, sehingga pembukaan kepada "
    "publik tanpa pengujian akan melampaui tujuan pelayanan informasi yang wajar."
)

# (information, document, unit, legal basis, harm, public interest, conclusion, period)
_ROWS: tuple[tuple[str, str, str, tuple[str, ...], str, str, str, str], ...] = (
    (
        "Riwayat, kondisi dan perawatan kesehatan fisik dan psikis pegawai yang tercatat dalam "
        "rekam medis hasil pemeriksaan kesehatan berkala aparatur sipil negara tahun 2025",
        "Rekapitulasi Rekam Medis Pemeriksaan Kesehatan Berkala ASN Tahun 2025",
        "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
        (f"Pasal 17 huruf h angka 2 {UU_KIP}",),
        "Membuka rekam medis akan mengungkap rahasia pribadi pegawai, menimbulkan stigma di "
        "lingkungan kerja, dan dapat dipakai untuk diskriminasi dalam promosi jabatan.",
        "Publik berkepentingan mengetahui pelaksanaan program kesehatan pegawai, namun "
        "kepentingan itu terpenuhi melalui laporan agregat tanpa identitas. Kepentingan "
        "perlindungan data pribadi lebih besar.",
        "Dikecualikan",
        "Permanen (tanpa batas waktu; Pasal 17 huruf h)",
    ),
    (
        "Berkas penyidikan dugaan tindak pidana pelanggaran peraturan daerah tentang "
        "ketertiban umum oleh Penyidik Pegawai Negeri Sipil, termasuk berita acara "
        "pemeriksaan saksi dan rencana tindakan penyidikan",
        "Berkas Perkara PPNS Nomor BP/07/PPNS/IX/2026",
        "Satuan Polisi Pamong Praja",
        (f"Pasal 17 huruf a angka 1 {UU_KIP}", f"Pasal 17 huruf a angka 2 {UU_KIP}"),
        "17a1: Pembukaan berkas akan menghambat proses penyidikan karena tersangka dapat "
        "menghilangkan barang bukti.\n17a2: Identitas saksi pelapor akan terungkap sehingga "
        "saksi terancam intimidasi.",
        "Kepentingan publik atas akuntabilitas penegakan peraturan daerah dipenuhi melalui "
        "pengumuman status perkara. Kepentingan penyidikan yang sedang berjalan lebih besar.",
        "Dikecualikan",
        "Sampai penyidikan dihentikan atau perkara diputus berkekuatan hukum tetap, paling "
        "lambat 31 Desember 2031",
    ),
    (
        "Dokumen penawaran teknis dan harga peserta tender pembangunan gedung pelayanan "
        "terpadu yang memuat metode kerja, rincian harga satuan dan strategi pelaksanaan "
        "milik masing-masing penyedia",
        "Dokumen Penawaran Tender Gedung Mal Pelayanan Publik",
        "Bagian Pengadaan Barang dan Jasa",
        (f"Pasal 17 huruf b {UU_KIP}",),
        "Rincian harga satuan dan metode kerja merupakan rahasia dagang penyedia; pembukaan "
        "sebelum kontrak selesai akan menimbulkan persaingan usaha tidak sehat.",
        "Publik berkepentingan atas transparansi pengadaan; hasil evaluasi dan pemenang "
        "tender diumumkan di LPSE. Kepentingan persaingan usaha yang sehat lebih besar.",
        "Dikecualikan",
        "Sampai dengan 31 Desember 2028",
    ),
    (
        "Rencana awal pembelian tanah untuk perluasan tempat pemrosesan akhir sampah termasuk "
        "lokasi bidang, luas, dan perkiraan nilai ganti kerugian sebelum penetapan lokasi",
        "Kajian Rencana Pengadaan Tanah TPA Regional Tahun 2027",
        "Dinas Lingkungan Hidup",
        (f"Pasal 17 huruf e angka 4 {UU_KIP}",),
        "Pembukaan rencana awal akan memicu spekulasi harga tanah di lokasi yang direncanakan "
        "sehingga biaya pengadaan meningkat dan merugikan keuangan daerah.",
        "Masyarakat terdampak berhak atas konsultasi publik yang diselenggarakan setelah "
        "penetapan lokasi. Kepentingan menjaga keuangan daerah lebih besar saat ini.",
        "Dikecualikan",
        "Sampai penetapan lokasi pengadaan tanah diumumkan, paling lambat 30 Juni 2027",
    ),
    (
        "Data wajib pajak daerah berupa nama, nomor pokok wajib pajak daerah, omzet yang "
        "dilaporkan dan jumlah pajak terutang setiap wajib pajak hotel dan restoran",
        "Basis Data Wajib Pajak Hotel dan Restoran 2026",
        "Badan Pendapatan Daerah",
        (
            f"Pasal 17 huruf j {UU_KIP} jo. Undang-Undang Nomor 6 Tahun 1983 tentang "
            "Ketentuan Umum dan Tata Cara Perpajakan sebagaimana telah diubah terakhir "
            "dengan Undang-Undang Nomor 6 Tahun 2023, Pasal 34",
        ),
        "Undang-undang perpajakan mewajibkan pejabat merahasiakan keterangan wajib pajak; "
        "pembukaan akan melanggar kewajiban itu dan merugikan kepercayaan wajib pajak.",
        "Realisasi penerimaan pajak daerah secara agregat tetap diumumkan setiap triwulan. "
        "Larangan undang-undang tidak dapat dikesampingkan oleh kepentingan publik.",
        "Dikecualikan",
        "Permanen (tanpa batas waktu; Pasal 17 huruf j)",
    ),
    (
        "Nota dinas dan catatan rapat pimpinan daerah mengenai pertimbangan awal rotasi "
        "pejabat pimpinan tinggi pratama yang belum diputuskan",
        "Nota Dinas Sekretaris Daerah Nomor 800/112/BKPSDM/2026",
        "Sekretariat Daerah",
        (f"Pasal 17 huruf i {UU_KIP}",),
        "Nota dinas bersifat rahasia dan memuat pertimbangan yang belum final; pembukaan akan "
        "mengganggu proses pengambilan keputusan dan menimbulkan spekulasi.",
        "Keputusan rotasi yang sudah ditetapkan tetap diumumkan. Kepentingan proses "
        "deliberasi internal lebih besar sebelum keputusan diambil.",
        "Dikecualikan",
        "Sampai keputusan rotasi ditetapkan, paling lambat 31 Maret 2027",
    ),
    (
        "Daftar penerima bantuan sosial tunai daerah tahun 2026 yang memuat nama, alamat, "
        "nomor induk kependudukan dan nomor rekening bank setiap penerima",
        "Daftar Penerima Bantuan Sosial Tunai Daerah 2026",
        "Dinas Sosial",
        (f"Pasal 17 huruf h angka 3 {UU_KIP}",),
        "Nomor rekening dan NIK penerima adalah data keuangan dan identitas pribadi; "
        "pembukaan membuka peluang penipuan dan penyalahgunaan rekening penerima.",
        "Publik berkepentingan mengawasi ketepatan sasaran bantuan sosial; nama penerima dan "
        "desa tetap dibuka. Kepentingan publik terpenuhi dengan pembukaan sebagian.",
        "Dikecualikan sebagian (dihitamkan): kolom nomor rekening bank; kolom NIK",
        "Permanen (tanpa batas waktu; Pasal 17 huruf h)",
    ),
    (
        "Hasil asesmen kompetensi manajerial dan sosial kultural calon pejabat administrator "
        "beserta rekomendasi asesor untuk masing-masing peserta",
        "Laporan Hasil Asesmen Kompetensi Pejabat Administrator 2026",
        "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
        (f"Pasal 17 huruf h angka 4 {UU_KIP}",),
        "Hasil evaluasi kemampuan dan rekomendasi asesor merupakan rahasia pribadi peserta; "
        "pembukaan merusak reputasi peserta yang belum memenuhi standar.",
        "Publik berkepentingan atas pengisian jabatan berbasis merit; metode dan rekapitulasi "
        "tanpa nama diumumkan. Perlindungan rahasia pribadi lebih besar.",
        "Dikecualikan",
        "Permanen (tanpa batas waktu; Pasal 17 huruf h)",
    ),
    (
        "Rencana pengamanan gudang logistik dan jalur distribusi kotak suara pemilihan kepala "
        "daerah termasuk jadwal patroli dan titik penjagaan",
        "Rencana Pengamanan Logistik Pilkada 2026",
        "Badan Kesatuan Bangsa dan Politik",
        (f"Pasal 17 huruf a angka 5 {UU_KIP}",),
        "Jadwal patroli dan titik penjagaan akan dapat dimanfaatkan untuk menyerang atau "
        "merusak sarana pengamanan logistik pemilihan.",
        "Publik berkepentingan atas pemilihan yang aman; informasi umum tentang pengamanan "
        "diumumkan oleh penyelenggara. Kepentingan keamanan lebih besar.",
        "Dikecualikan",
        "Sampai seluruh tahapan pemilihan selesai, paling lambat 31 Desember 2026",
    ),
    (
        "Hasil pengawasan internal terhadap bank perekonomian rakyat milik daerah termasuk "
        "kualitas aset, rasio kredit bermasalah dan rencana tindak penyehatan",
        "Laporan Pengawasan BPR Bank Sukamaju 2026",
        "Bagian Perekonomian dan Sumber Daya Alam",
        (f"Pasal 17 huruf e angka 6 {UU_KIP}",),
        "Pembukaan kualitas aset sebelum penyehatan selesai dapat memicu penarikan dana massal "
        "dan mengganggu ketahanan ekonomi daerah.",
        "Laporan keuangan tahunan BPR yang telah diaudit tetap diumumkan. Kepentingan "
        "stabilitas lembaga keuangan daerah lebih besar saat ini.",
        "Dikecualikan",
        "Sampai rencana tindak penyehatan selesai, paling lambat 31 Desember 2027",
    ),
    (
        "Identitas dan data pribadi pelapor dugaan pungutan liar pada layanan perizinan yang "
        "disampaikan melalui kanal pengaduan daerah",
        "Register Pengaduan Masyarakat 2026",
        "Inspektorat Daerah",
        (
            f"Pasal 17 huruf a angka 2 {UU_KIP}",
            f"Pasal 17 huruf j {UU_KIP} jo. Undang-Undang Nomor 27 Tahun 2022 tentang "
            "Pelindungan Data Pribadi, Pasal 65",
        ),
        "17a2: Identitas pelapor akan terungkap sehingga pelapor dapat diintimidasi.\n"
        "17j: Undang-undang pelindungan data pribadi melarang pengungkapan data pribadi "
        "tanpa dasar pemrosesan yang sah.",
        "Publik berkepentingan atas penanganan pengaduan; rekapitulasi tindak lanjut tetap "
        "diumumkan. Perlindungan pelapor lebih besar.",
        "Dikecualikan",
        "Permanen (tanpa batas waktu; Pasal 17 huruf j)",
    ),
    (
        f"Catatan insiden keamanan sistem informasi {SCRIPT_TEXT} yang memuat alamat "
        "server, celah keamanan yang belum ditutup dan langkah pemulihan",
        "Laporan Insiden Keamanan Siber Oktober 2026",
        "Dinas Komunikasi dan Informatika",
        (f"Pasal 17 huruf i {UU_KIP}",),
        "Celah keamanan yang belum ditutup dapat dieksploitasi pihak lain untuk mengganggu "
        "layanan publik daring.",
        "Publik berkepentingan atas keamanan layanan; ringkasan insiden diumumkan setelah "
        "pemulihan. Kepentingan keamanan sistem lebih besar.",
        "Dikecualikan",
        "Sampai seluruh celah ditutup, paling lambat 30 Juni 2027",
    ),
)


def _long(text: str) -> str:
    return f"{text} {_ELABORATION}"


def _sheet(row: AnnexRow) -> SheetModel:
    recorder = "sari (PPID Pelaksana)"
    return SheetModel(
        case_ref=row.case_ref,
        title=row.document,
        steps=(
            SheetStep(
                number=1,
                title="Langkah 1 — Alasan pengujian",
                entries=(
                    SheetEntry(label="Alasan pengujian", text="Proaktif (sebelum ada permohonan)"),
                    SheetEntry(label="Catatan", text="Pemutakhiran DIK tahunan 2026"),
                ),
                recorded_by=recorder,
                recorded_at="3 November 2026 09.14 WIB",
            ),
            SheetStep(
                number=2,
                title="Langkah 2 — Identifikasi dokumen dan informasi",
                entries=(
                    SheetEntry(label="Dokumen", text=row.document),
                    SheetEntry(label="Unit pemilik", text=row.owning_unit),
                    SheetEntry(label="Informasi yang diuji", text=row.information),
                ),
                recorded_by=recorder,
                recorded_at="3 November 2026 09.40 WIB",
            ),
            SheetStep(
                number=3,
                title="Langkah 3 — Dasar pengecualian (Pasal 17)",
                entries=tuple(
                    SheetEntry(
                        label=line, text=f"Informasi memenuhi unsur pasal ini. {_ELABORATION}"
                    )
                    for line in row.legal_basis
                ),
                recorded_by="andi (Tim Pertimbangan)",
                recorded_at="4 November 2026 10.02 WIB",
            ),
            SheetStep(
                number=4,
                title="Langkah 4 — Konsekuensi bila dibuka",
                entries=(SheetEntry(label="Konsekuensi", text=row.consequence),),
                recorded_by="andi (Tim Pertimbangan)",
                recorded_at="4 November 2026 10.30 WIB",
            ),
            SheetStep(
                number=5,
                title="Langkah 5 — Kepentingan publik dan pertimbangan",
                entries=(SheetEntry(label="Pertimbangan", text=row.public_interest),),
                recorded_by=recorder,
                recorded_at="5 November 2026 13.05 WIB",
            ),
            SheetStep(
                number=6,
                title="Langkah 6–7 — Kesimpulan dan jangka waktu",
                entries=(
                    SheetEntry(label="Kesimpulan", text=row.conclusion),
                    SheetEntry(label="Jangka waktu", text=row.period),
                ),
                recorded_by=recorder,
                recorded_at="5 November 2026 14.20 WIB",
            ),
        ),
        team=(recorder, "andi (Tim Pertimbangan)"),
        reviews=(
            SheetEntry(label="Diajukan oleh sari, 5 November 2026 14.30 WIB", text="-"),
            SheetEntry(
                label="Dikembalikan oleh budi, 6 November 2026 08.10 WIB (ke langkah harm)",
                text="Uraikan konsekuensi per dasar pengecualian.",
            ),
            SheetEntry(label="Disetujui oleh budi, 10 November 2026 15.45 WIB", text="-"),
        ),
        approved_by="budi (PPID Utama)",
        approved_at="10 November 2026 15.45 WIB",
    )


def make_document(rows: int = len(_ROWS), *, preview: bool = False) -> DecreeDocument:
    """A realistic decree of a regency's PPID Utama with ``rows`` annex rows."""
    annex = tuple(
        AnnexRow(
            no=i + 1,
            case_ref=f"UK-2026-{i + 1:03d}",
            information=_long(info),
            document=document,
            owning_unit=unit,
            legal_basis=basis,
            consequence=_long(harm),
            public_interest=_long(public),
            conclusion=conclusion,
            period=period,
        )
        for i, (info, document, unit, basis, harm, public, conclusion, period) in enumerate(
            _ROWS[:rows]
        )
    )
    number = "(nomor diberikan saat diterbitkan)" if preview else NUMBER
    decision = {
        "format": "ujikon/decision-1",
        "decree": {"number": number, "dated": "2026-11-25", "place": "Sukamaju"},
        "items": [
            {"case": r.case_ref, "information": r.information, "period": r.period} for r in annex
        ],
        "note": "Keputusan — uji konsekuensi “DIK” (UTF-8)",
    }
    decision_json = canonical_json(decision)
    issuer = "PPID Utama Pemerintah Kabupaten Sukamaju"
    return DecreeDocument(
        letterhead=Letterhead(
            lines=(
                "PEMERINTAH KABUPATEN SUKAMAJU",
                "DINAS KOMUNIKASI DAN INFORMATIKA",
            ),
            address="Jalan Merdeka Nomor 17, Sukamaju, Jawa Barat 45111",
            contact="Telepon (0231) 555-0170 · ppid@sukamajukab.go.id · ppid.sukamajukab.go.id",
        ),
        title=f"KEPUTUSAN {issuer.upper()}",
        number=number,
        about="PENETAPAN INFORMASI YANG DIKECUALIKAN DI LINGKUNGAN PEMERINTAH KABUPATEN SUKAMAJU",
        issuer=f"{issuer.upper()},",
        menimbang=(
            "bahwa berdasarkan Pasal 17 dan Pasal 19 Undang-Undang Nomor 14 Tahun 2008 tentang "
            "Keterbukaan Informasi Publik, Pejabat Pengelola Informasi dan Dokumentasi wajib "
            "melakukan pengujian tentang konsekuensi dengan saksama dan penuh ketelitian "
            "sebelum menyatakan Informasi Publik tertentu dikecualikan;",
            f"bahwa uji konsekuensi atas {len(annex)} informasi di lingkungan Pemerintah "
            "Kabupaten Sukamaju telah dilaksanakan dan hasilnya disetujui sebagaimana "
            "tercatat dalam Lembar Uji Konsekuensi terlampir;",
            "bahwa berdasarkan pertimbangan sebagaimana dimaksud dalam huruf a dan huruf b, "
            f"perlu menetapkan Keputusan {issuer} tentang Penetapan Informasi yang "
            "Dikecualikan;",
        ),
        mengingat=(
            "Undang-Undang Nomor 14 Tahun 2008 tentang Keterbukaan Informasi Publik;",
            "Peraturan Pemerintah Nomor 61 Tahun 2010 tentang Pelaksanaan Undang-Undang "
            "Nomor 14 Tahun 2008 tentang Keterbukaan Informasi Publik;",
            "Peraturan Komisi Informasi Nomor 1 Tahun 2021 tentang Standar Layanan Informasi "
            "Publik;",
            "Undang-Undang Nomor 6 Tahun 1983 tentang Ketentuan Umum dan Tata Cara Perpajakan "
            "sebagaimana telah diubah terakhir dengan Undang-Undang Nomor 6 Tahun 2023;",
            "Undang-Undang Nomor 27 Tahun 2022 tentang Pelindungan Data Pribadi;",
            "Peraturan Bupati Sukamaju Nomor 12 Tahun 2024 tentang Pedoman Pengelolaan "
            "Informasi dan Dokumentasi.",
        ),
        menetapkan=(
            f"KEPUTUSAN {issuer.upper()} TENTANG PENETAPAN INFORMASI YANG DIKECUALIKAN DI "
            "LINGKUNGAN PEMERINTAH KABUPATEN SUKAMAJU."
        ),
        dicta=(
            SheetEntry(
                label="KESATU",
                text="Menetapkan informasi sebagaimana tercantum dalam Lampiran Keputusan ini "
                "sebagai Informasi yang Dikecualikan di lingkungan Pemerintah Kabupaten "
                f"Sukamaju, berdasarkan hasil uji konsekuensi terhadap {len(annex)} informasi.",
            ),
            SheetEntry(
                label="KEDUA",
                text="Informasi yang dikecualikan sebagian diberikan kepada Pemohon setelah "
                "bagian yang dikecualikan dihitamkan atau dikaburkan.",
            ),
            SheetEntry(
                label="KETIGA",
                text="Jangka waktu pengecualian setiap informasi adalah sebagaimana tercantum "
                "dalam Lampiran; setelah jangka waktu berakhir informasi tersebut menjadi "
                "informasi publik yang dapat diakses.",
            ),
            SheetEntry(
                label="KEEMPAT", text="Keputusan ini mulai berlaku pada tanggal ditetapkan."
            ),
        ),
        place="Sukamaju",
        date_text="25 November 2026",
        copies=("Bupati Sukamaju (sebagai laporan)", "Komisi Informasi Provinsi Jawa Barat"),
        signers=(
            SignatureBlock(
                office="KEPALA DINAS KOMUNIKASI DAN INFORMATIKA SELAKU PPID UTAMA",
                name="Dr. Hendra Wijaya, S.Kom., M.Si.",
                nip="19780512 200312 1 004",
                rank="Pembina Utama Muda (IV/c)",
            ),
            SignatureBlock(
                office="SEKRETARIS DAERAH SELAKU ATASAN PPID",
                name="Ir. Ratna Dewi Lestari, M.T.",
                nip="19690317 199403 2 002",
                rank="Pembina Utama Madya (IV/d)",
                above="Mengetahui,",
            ),
        ),
        annex_title=(
            f"LAMPIRAN KEPUTUSAN {issuer.upper()} NOMOR {number} TANGGAL 25 NOVEMBER 2026 — "
            "DAFTAR INFORMASI YANG DIKECUALIKAN"
        ),
        annex_rows=annex,
        sheets=tuple(_sheet(r) for r in annex),
        qr_text=f"UJIKON-SK/1;{number};sha256={sha256_hex(decision_json)}",
        decision_json=decision_json,
        chain_seq=4211,
        chain_head="9f2c4e0b7a1d3f5e8c6b2a0d4f1e3c5b7a9d0e2f4c6b8a1d3e5f7c9b0a2d4e6f",
        catalogue_version="2026.1",
        preview=preview,
    )


# ----------------------------------------------------------------------------- poppler


def _need_poppler() -> None:
    missing = [tool for tool in POPPLER if shutil.which(tool) is None]
    if not missing:
        return
    message = f"poppler-utils missing ({', '.join(missing)}): apt-get install poppler-utils"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


def _run(*args: str | Path) -> str:
    done = subprocess.run(
        [str(a) for a in args], capture_output=True, text=True, check=True, timeout=120
    )
    return done.stdout


@dataclass(frozen=True)
class Rendered:
    doc: DecreeDocument
    path: Path
    pages: tuple[str, ...]
    """``pdftotext -layout`` text of each page."""
    page_count: int

    def page_of(self, needle: str) -> int:
        """Index (0-based) of the first page whose text holds ``needle``."""
        for i, text in enumerate(self.pages):
            if needle in text:
                return i
        raise AssertionError(f"{needle!r} on no page")


def _read_back(doc: DecreeDocument, path: Path) -> Rendered:
    text = _run("pdftotext", "-layout", "-enc", "UTF-8", path, "-")
    pages = tuple(text.split("\f"))
    if pages and not pages[-1].strip():
        pages = pages[:-1]
    info = _run("pdfinfo", path)
    match = re.search(r"^Pages:\s+(\d+)$", info, re.MULTILINE)
    assert match, info
    return Rendered(doc=doc, path=path, pages=pages, page_count=int(match[1]))


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Rendered:
    _need_poppler()
    doc = make_document()
    path = tmp_path_factory.mktemp("decree") / "keputusan.pdf"
    path.write_bytes(render_pdf(doc))
    return _read_back(doc, path)


@pytest.fixture(scope="module")
def preview(tmp_path_factory: pytest.TempPathFactory) -> Rendered:
    _need_poppler()
    doc = make_document(2, preview=True)
    path = tmp_path_factory.mktemp("preview") / "pratinjau.pdf"
    path.write_bytes(render_pdf(doc))
    return _read_back(doc, path)


# ----------------------------------------------------------------------------- text matching

_WINDOW = 90
"""How many foreign words may sit between two consecutive words of one wrapped text.

``pdftotext -layout`` prints a table line by line, so the words of one cell are
interleaved with those of its neighbours (and, at a page break, with the footer and the
repeated header row)."""


def _words(text: str) -> list[str]:
    """Words, cut after hyphens and slashes too: a column may wrap "Undang-Undang" or
    "</script>" there, and the two halves then stand on different lines."""
    return re.findall(r"[^\s/-]+[/-]?|[/-]", text)


def wrapped_in(needle: str, haystack: str, window: int = _WINDOW) -> bool:
    """Whether the words of ``needle`` occur in ``haystack`` in order, each within
    ``window`` words of the one before (the text as wrapped in a table column)."""
    words = _words(needle)
    hay = _words(haystack)
    positions: dict[str, list[int]] = {}
    for i, word in enumerate(hay):
        positions.setdefault(word, []).append(i)
    reachable = positions.get(words[0], [])
    for word in words[1:]:
        candidates = positions.get(word, [])
        nxt = []
        for pos in candidates:
            # some reachable q with pos - window <= q < pos
            lo = bisect_left(reachable, pos - window)
            hi = bisect_right(reachable, pos - 1)
            if lo < hi:
                nxt.append(pos)
        if not nxt:
            return False
        reachable = nxt
    return True


def _annex_pages(rendered: Rendered) -> list[str]:
    first = rendered.page_of("LAMPIRAN")
    last = rendered.page_of("BERITA ACARA UJI KONSEKUENSI")
    return list(rendered.pages[first:last])


# ----------------------------------------------------------------------------- tests


def test_matcher_is_not_vacuous(rendered: Rendered) -> None:
    annex = "\n".join(_annex_pages(rendered))
    row = rendered.doc.annex_rows[3]
    assert wrapped_in(row.information, annex)
    shuffled = " ".join(reversed(_words(row.information)))
    assert not wrapped_in(shuffled, annex)
    assert not wrapped_in(row.information + " kalimat tambahan yang tidak ada", annex)


def test_annex_has_every_row(rendered: Rendered) -> None:
    annex = "\n".join(_annex_pages(rendered))
    for row in rendered.doc.annex_rows:
        assert wrapped_in(row.information, annex), f"row {row.no}: information"
        for line in row.legal_basis:
            assert wrapped_in(line, annex), f"row {row.no}: ground {line!r}"
        assert wrapped_in(row.period, annex), f"row {row.no}: period"
        assert wrapped_in(row.conclusion, annex), f"row {row.no}: conclusion"
        assert wrapped_in(row.case_ref, annex), f"row {row.no}: case ref"


def test_17j_row_names_its_statute(rendered: Rendered) -> None:
    annex = "\n".join(_annex_pages(rendered))
    assert wrapped_in("Undang-Undang Nomor 6 Tahun 1983", annex)
    assert wrapped_in(
        "jo. Undang-Undang Nomor 27 Tahun 2022 tentang Pelindungan Data Pribadi, Pasal 65", annex
    )


def test_page_numbers_count_every_page(rendered: Rendered) -> None:
    n = rendered.page_count
    assert len(rendered.pages) == n
    assert n > 10  # SK, a multi-page annex and twelve sheets
    assert f"Halaman 1 dari {n}" in rendered.pages[0]
    for i, text in enumerate(rendered.pages, start=1):
        assert f"Halaman {i} dari {n}" in text, f"page {i}"


def test_number_on_the_decree_and_in_every_footer(rendered: Rendered) -> None:
    assert f"NOMOR {NUMBER}" in rendered.pages[0]
    for i, text in enumerate(rendered.pages, start=1):
        assert f"Nomor: {NUMBER}" in text, f"page {i}"


def test_header_row_repeats_on_every_annex_page(rendered: Rendered) -> None:
    pages = _annex_pages(rendered)
    assert len(pages) >= 2, "the annex should span pages for this test to mean something"
    column_numbers = re.compile(r"^\s*1\s+2\s+3\s+4\s+5\s+6\s+7\s*$", re.MULTILINE)
    for i, text in enumerate(pages, start=1):
        # The header row ends with the row of column numbers; above it stand the header
        # cells, wrapped inside their columns: look for every word of each, in order.
        end = column_numbers.search(text)
        assert end, f"annex page {i}: no header row"
        head = text[: end.start()]
        for header in ANNEX_HEADERS:
            assert wrapped_in(header, head, window=20), f"annex page {i}: {header!r}"


def test_annex_pages_are_landscape_and_the_rest_portrait(rendered: Rendered) -> None:
    info = _run("pdfinfo", "-f", "1", "-l", str(rendered.page_count), rendered.path)
    sizes = re.findall(r"^Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", info, re.MULTILINE)
    assert len(sizes) == rendered.page_count
    first = rendered.page_of("LAMPIRAN")
    last = rendered.page_of("BERITA ACARA UJI KONSEKUENSI")
    for i, (w, h) in enumerate(sizes):
        landscape = float(w) > float(h)
        assert landscape == (first <= i < last), f"page {i + 1}: {w} x {h}"
        assert sorted((round(float(w)), round(float(h)))) == [595, 842]  # A4


def test_decree_parts_and_signers(rendered: Rendered) -> None:
    doc = rendered.doc
    sk = "\n".join(rendered.pages[: rendered.page_of("LAMPIRAN")])
    for needle in ("TENTANG", "Menimbang", "Mengingat", "MEMUTUSKAN:", "Menetapkan"):
        assert needle in sk
    for dictum in doc.dicta:
        assert dictum.label in sk
    assert wrapped_in(f"Ditetapkan di : {doc.place}", sk)
    assert wrapped_in(f"pada tanggal : {doc.date_text}", sk)
    for signer in doc.signers:
        assert signer.name in sk
        assert f"NIP. {signer.nip}" in sk
    assert "Pindai untuk memeriksa keaslian" in sk
    assert "scan to verify" not in sk
    # a printout shows the decree is signed, and who acknowledges rather than issues
    assert sk.count("Ditandatangani secara elektronik oleh") == len(doc.signers)
    assert wrapped_in("Mengetahui, SEKRETARIS DAERAH SELAKU ATASAN PPID,", sk)
    assert wrapped_in("Tembusan: 1. Bupati Sukamaju (sebagai laporan); 2. Komisi Informasi "
                      "Provinsi Jawa Barat.", sk)  # fmt: skip


def test_one_sheet_per_case_with_its_steps(rendered: Rendered) -> None:
    sheets = "\n".join(rendered.pages[rendered.page_of("BERITA ACARA UJI KONSEKUENSI") :])
    assert sheets.count("BERITA ACARA UJI KONSEKUENSI") == len(rendered.doc.sheets)
    for sheet in rendered.doc.sheets:
        assert sheet.case_ref in sheets
        for step in sheet.steps:
            assert wrapped_in(step.title, sheets)
    assert "Disetujui oleh:" in sheets
    assert "budi (PPID Utama)" in sheets
    # every sheet page names its case in the footer, continuation pages too
    for i in range(rendered.page_of("BERITA ACARA UJI KONSEKUENSI"), rendered.page_count):
        assert re.search(r"Lembar uji konsekuensi UK-2026-\d{3}", rendered.pages[i]), i + 1


def test_colophon_on_the_last_page(rendered: Rendered) -> None:
    last = rendered.pages[-1]
    doc = rendered.doc
    assert f"nomor urut {doc.chain_seq}," in last
    assert doc.chain_head in last.replace("\n", "")
    assert doc.catalogue_version in last
    assert "Kepala rantai log" in last


def test_embedded_json_round_trips(rendered: Rendered, tmp_path: Path) -> None:
    listing = _run("pdfdetach", "-list", rendered.path)
    assert "1 embedded files" in listing and "keputusan.json" in listing, listing
    _run("pdfdetach", "-saveall", "-o", tmp_path, rendered.path)
    saved = tmp_path / "keputusan.json"
    assert saved.read_bytes() == rendered.doc.decision_json.encode("utf-8")


def test_pdf_structure_attachment_info_and_language(rendered: Rendered) -> None:
    from pyhanko.pdf_utils.reader import PdfFileReader

    with rendered.path.open("rb") as fh:
        reader = PdfFileReader(fh, strict=False)
        root = reader.root
        assert str(root["/Lang"]) == "id"
        af = root["/AF"]
        assert len(af) == 1
        spec = af[0].get_object()
        assert spec["/AFRelationship"] == "/Data"
        assert str(spec["/UF"]) == "keputusan.json"
        stream = spec["/EF"]["/F"].get_object()
        assert stream["/Subtype"] == "/application/json"
        assert stream.data == rendered.doc.decision_json.encode("utf-8")
        info = reader.trailer["/Info"].get_object()
        assert str(info["/UjikonQR"]) == rendered.doc.qr_text
        assert str(info["/Title"]) == f"{rendered.doc.title} NOMOR {NUMBER}"
        xmp = root["/Metadata"].get_object().data.decode("utf-8")
    assert re.search(r'pdfaid:part(="|>)3', xmp), xmp
    assert re.search(r'pdfaid:conformance(="|>)B', xmp), xmp


def test_bookmarks_name_the_decree_the_annex_and_each_sheet(rendered: Rendered) -> None:
    from pyhanko.pdf_utils.reader import PdfFileReader

    titles = []
    with rendered.path.open("rb") as fh:
        reader = PdfFileReader(fh, strict=False)
        item = reader.root["/Outlines"].get("/First")
        while item is not None:
            entry = item.get_object()
            titles.append(str(entry["/Title"]))
            item = entry.get("/Next")
    doc = rendered.doc
    assert titles == [
        doc.title,
        "Lampiran: DAFTAR INFORMASI YANG DIKECUALIKAN",
        *(f"Lembar uji konsekuensi {sheet.case_ref}" for sheet in doc.sheets),
    ]


def test_every_font_is_embedded(rendered: Rendered) -> None:
    lines = _run("pdffonts", rendered.path).splitlines()
    header, rule, *fonts = lines
    start = header.index("emb")
    assert rule.startswith("---") and fonts
    for line in fonts:
        assert line[start : start + 3] == "yes", line
    assert any("Liberation" in line or "DejaVu" in line for line in fonts)


def test_qr_code_decodes_to_the_qr_text(rendered: Rendered, tmp_path: Path) -> None:
    zxingcpp = pytest.importorskip("zxingcpp")
    from PIL import Image

    page = rendered.page_of("Pindai untuk memeriksa") + 1
    prefix = tmp_path / "page"
    _run("pdftoppm", "-r", "200", "-f", str(page), "-l", str(page), "-png", rendered.path, prefix)
    (png,) = sorted(tmp_path.glob("page*.png"))
    with Image.open(png) as image:
        results = zxingcpp.read_barcodes(image)
    texts = [r.text for r in results if r.format == zxingcpp.BarcodeFormat.QRCode]
    assert texts == [rendered.doc.qr_text]


def test_html_escapes_user_text() -> None:
    html = render_html(make_document())
    assert SCRIPT_TEXT not in html
    assert "&lt;script&gt;alert(&#34;dibuka&#34;)&lt;/script&gt;" in html
    assert "<script" not in html.lower()


def test_escaped_text_prints_as_text(rendered: Rendered) -> None:
    annex = "\n".join(_annex_pages(rendered))
    assert wrapped_in(SCRIPT_TEXT, annex)


def test_preview_is_watermarked_on_every_page(preview: Rendered) -> None:
    assert preview.page_count >= 4
    for i, text in enumerate(preview.pages, start=1):
        # the line at the top of the page ...
        assert "PRATINJAU — BUKAN DOKUMEN RESMI" in text, f"page {i}"
        assert "PREVIEW" not in text, f"page {i}: Bahasa Indonesia only (UU 24/2009 Pasal 27)"
        # ... and the diagonal watermark (rotated, so extracted word by word)
        raw = _run("pdftotext", "-raw", "-f", str(i), "-l", str(i), preview.path, "-")
        assert raw.count("PRATINJAU") >= 2, f"page {i}"


def test_preview_says_the_signatures_are_still_to_come(preview: Rendered) -> None:
    sk = "\n".join(preview.pages[: preview.page_of("LAMPIRAN")])
    assert "Ditandatangani secara elektronik" not in sk
    assert wrapped_in("(tanda tangan elektronik dibubuhkan saat diterbitkan)", sk)


def test_final_document_has_no_watermark(rendered: Rendered) -> None:
    assert not any("PRATINJAU" in text for text in rendered.pages)


def test_same_input_same_html_and_text(preview: Rendered, tmp_path: Path) -> None:
    doc = preview.doc
    assert render_html(doc) == render_html(doc)
    again = tmp_path / "again.pdf"
    again.write_bytes(render_pdf(doc))
    assert _read_back(doc, again).pages == preview.pages


def test_fixed_attachment_time_gives_identical_bytes() -> None:
    doc = make_document(1)
    settings = RenderSettings(attachment_time=datetime(2026, 11, 25, 3, 0, tzinfo=UTC))
    assert render_pdf(doc, settings) == render_pdf(doc, settings)


# ----------------------------------------------------------------------------- units


@pytest.mark.parametrize(
    "settings",
    [
        RenderSettings(pdf_variant="pdf/a-2b"),
        RenderSettings(pdf_variant="pdf/a-4f"),
        RenderSettings(pdf_variant="pdf/x-4"),
        RenderSettings(attachment_name="keputusan.xml"),
        RenderSettings(attachment_name="../keputusan.json"),
        RenderSettings(attachment_relationship="Related"),
        RenderSettings(attachment_time=datetime(2026, 11, 25)),  # naive
        RenderSettings(qr_info_key="Title"),
        RenderSettings(qr_info_key="Ujikon QR"),
        RenderSettings(jpeg_quality=100),
        RenderSettings(dpi=0),
    ],
)
def test_settings_refused(settings: RenderSettings) -> None:
    with pytest.raises(ValueError):
        settings.assert_viable()


def test_settings_defaults_are_viable() -> None:
    RenderSettings().assert_viable()
    RenderSettings(pdf_variant=None, qr_info_key=None).assert_viable()
    assert RenderSettings().pdf_variant == "pdf/a-3b"
    assert RenderSettings().attachment_name == "keputusan.json"


def test_bad_settings_refused_before_rendering() -> None:
    with pytest.raises(ValueError, match="pdf_variant"):
        render_pdf(make_document(1), RenderSettings(pdf_variant="pdf/a-1b"))


def test_annex_heading_drops_the_repeated_reference() -> None:
    doc = make_document(1)
    assert annex_heading(doc) == "DAFTAR INFORMASI YANG DIKECUALIKAN"
    plain = doc.model_copy(update={"annex_title": "DAFTAR INFORMASI YANG DIKECUALIKAN 2026"})
    assert annex_heading(plain) == "DAFTAR INFORMASI YANG DIKECUALIKAN 2026"


def test_qr_svg_is_inline_svg() -> None:
    svg = qr_svg("UJIKON-SK/1;x;sha256=" + "0" * 64)
    assert svg.startswith("<svg ") and svg.endswith("</svg>")
    assert "viewBox=" in svg and "<?xml" not in svg
    with pytest.raises(ValueError):
        qr_svg("")
    with pytest.raises(ValueError):
        qr_svg("x" * 5000)


def test_templates_come_from_the_checkout() -> None:
    root = Path(__file__).resolve().parents[2]
    assert templates.checkout_templates() == root / "templates"
    assert templates.environment().autoescape is True
    assert "@page" in templates.read_text("decree/decree.css")


def test_templates_override_by_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "decree").mkdir()
    (tmp_path / "decree" / "decree.css").write_text("/* custom */", encoding="utf-8")
    monkeypatch.setenv(templates.TEMPLATES_ENV, str(tmp_path))
    assert templates.read_text("decree/decree.css") == "/* custom */"


def test_importing_the_renderer_does_not_import_weasyprint() -> None:
    code = (
        "import sys, ujikon.documents.render, ujikon.documents.qr\n"
        "assert 'weasyprint' not in sys.modules, 'weasyprint imported'\n"
        "assert 'segno' not in sys.modules, 'segno imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


ENGLISH_WORDS = frozenset(
    [
        "the",
        "of",
        "by",
        "items",
        "approved",
        "recorded",
        "team",
        "reviews",
        "catalogue",
        "version",
        "preview",
        "official",
        "filter",
        "column",
        "ends",
        "within",
        "days",
        "chain",
        "head",
        "title",
        "why",
        "runs",
        "signature",
        "enactment",
        "until",
        "condition",
        "left",
        "generated",
        "truncated",
        "scan",
        "verify",
    ]
)
"""Words of the English labels the documents once carried beside the Indonesian ones."""


def test_the_decree_its_annex_and_its_sheets_are_in_bahasa_indonesia_only(
    rendered: Rendered,
) -> None:
    """UU 24/2009 Pasal 27: Bahasa Indonesia in official documents; no English label."""
    import re

    for i, text in enumerate(rendered.pages, start=1):
        words = set(re.findall(r"[a-z]+", text.lower()))
        assert not words & ENGLISH_WORDS, f"page {i}: {sorted(words & ENGLISH_WORDS)}"
