"""The QR code printed beside the decree's signature.

It carries :attr:`~ujikon.documents.model.DecreeDocument.qr_text` (the decree number and
the SHA-256 of the decision JSON inside the PDF), so that a reader with a phone can
compare what the paper says with what the file holds.

The code is drawn as inline SVG (vector, so it stays sharp at any print resolution) with:

* error correction level M (15 % of the modules may be lost: a stamp or a fold);
* the full quiet zone of 4 modules *inside* the drawing, on an opaque white square, so
  neither CSS padding nor a watermark behind it can eat the border readers need;
* a ``viewBox`` and no fixed size: the stylesheet sets the printed size.
"""

from __future__ import annotations

import io

__all__ = ["QR_BORDER", "QR_ERROR", "qr_svg"]

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
