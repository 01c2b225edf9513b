"""The QR code printed beside the decree's signature.

It carries :attr:`~ujikon.documents.model.DecreeDocument.qr_text` (the decree number and
the SHA-256 of the decision JSON inside the PDF), so that a reader with a phone can
compare what the paper says with what the file holds.

The code is drawn as inline SVG (vector, so it stays sharp at any print resolution) with:

* error correction level M (15 % of the modules may be lost: a stamp or a fold);
* the full quiet zone of 4 modules *inside* the drawing, on an opaque white square, so
  neither CSS padding nor a watermark behind it can eat the border readers need;
* a ``viewBox`` and no fixed size: the stylesheet sets the printed size.

:func:`read_printed_qr` goes the other way, for the verifier: it rasterises the pages
of a PDF that carry the QR code (PDFium, through ``pypdfium2``) and decodes what is
really printed there (``zxing-cpp``) -- not what the document information says is
printed. Both libraries are imported inside the function: the CLI does not pay for them
at start-up.
"""

from __future__ import annotations

import io
import threading
from dataclasses import dataclass
from typing import Any

__all__ = ["QR_BORDER", "QR_CAPTION", "QR_ERROR", "PrintedQr", "qr_svg", "read_printed_qr"]

QR_CAPTION = "Pindai untuk memeriksa"
"""The start of the caption printed under the code (``templates/decree/_macros.html.j2``):
the verifier rasterises the pages whose text holds it."""

_DPI = (150, 300)
"""Resolutions tried in turn: at 150 dpi a 3.2 cm code of version 6 has 3.8 pixels per
module, enough for zxing; 300 dpi is the fallback for a code printed smaller."""

_MAX_FALLBACK_PAGES = 30
"""Without the caption anywhere, at most this many pages are searched for a code."""

_PDFIUM_LOCK = threading.Lock()
"""PDFium is not thread-safe; the web server verifies uploads in worker threads."""

QR_ERROR = "M"
"""Error correction level."""

QR_BORDER = 4
"""Quiet zone in modules, as ISO/IEC 18004 asks for."""


def qr_svg(text: str, *, title: str = "Kode QR verifikasi / verification QR code") -> str:
    """An ``<svg>`` element (no XML declaration) drawing ``text`` as a QR code.

    Ready to inline into an HTML document: scalable through its ``viewBox``, with a
    ``<title>`` as its accessible name. Raises :class:`ValueError` for empty text or a
    text too long for any QR version at level M.
    """
    if not text:
        raise ValueError("kode QR tanpa isi / empty QR text")
    import segno  # light, but only the renderer needs it

    try:
        code = segno.make(text, error=QR_ERROR.lower(), boost_error=False, micro=False)
    except segno.DataOverflowError as exc:
        raise ValueError(
            f"teks terlalu panjang untuk kode QR / text too long for a QR code: {exc}"
        ) from exc
    out = io.BytesIO()
    code.save(
        out,
        kind="svg",
        border=QR_BORDER,
        dark="#000",
        light="#fff",
        xmldecl=False,
        svgns=True,
        omitsize=True,
        title=title,
        svgclass="qr-code",
        lineclass=None,
        nl=False,
    )
    return out.getvalue().decode("utf-8")


@dataclass(frozen=True)
class PrintedQr:
    """What the QR codes printed on the pages of a PDF say."""

    texts: tuple[str, ...]
    """Every QR code decoded, in page order (duplicates removed)."""
    pages: tuple[int, ...]
    """The pages (1-based) a code was found on."""
    problem: str | None = None
    """Why the pages could not be read at all (``None`` when they could)."""


def read_printed_qr(data: bytes, *, caption: str = QR_CAPTION) -> PrintedQr:
    """Rasterise the pages of the PDF ``data`` that carry ``caption`` and decode the QR
    codes printed on them; without the caption on any page, search the first pages.

    Never raises for a PDF PDFium cannot open: :attr:`PrintedQr.problem` says why.
    """
    try:
        import pypdfium2
        import zxingcpp  # noqa: F401 -- checked here, used in _read
    except ImportError as exc:  # an incomplete installation, not a verdict on the file
        return PrintedQr((), (), f"pembaca kode QR tidak terpasang / QR reader missing: {exc}")
    with _PDFIUM_LOCK:
        try:
            document = pypdfium2.PdfDocument(data)
        except pypdfium2.PdfiumError as exc:
            return PrintedQr((), (), f"PDF tidak dapat digambar / PDF cannot be rendered: {exc}")
        try:
            return _read(document, caption)
        finally:
            document.close()


def _read(document: Any, caption: str) -> PrintedQr:
    """The codes on the pages of an open ``pypdfium2.PdfDocument`` (lock held)."""
    import zxingcpp as zx

    only_qr = zx.BarcodeFormats(zx.BarcodeFormat.QRCode)
    count = len(document)
    marked = []
    for index in range(count):
        page = document[index]
        text_page = page.get_textpage()
        try:
            if caption in text_page.get_text_range():
                marked.append(index)
        finally:
            text_page.close()
            page.close()
    candidates = marked or list(range(min(count, _MAX_FALLBACK_PAGES)))
    texts: list[str] = []
    pages: list[int] = []
    for index in candidates:
        page = document[index]
        try:
            for dpi in _DPI:
                image = page.render(scale=dpi / 72, grayscale=True).to_pil()
                found = [
                    r.text for r in zx.read_barcodes(image, formats=only_qr) if r.valid and r.text
                ]
                if found:
                    pages.append(index + 1)
                    texts.extend(t for t in found if t not in texts)
                    break
        finally:
            page.close()
    return PrintedQr(tuple(texts), tuple(pages))
