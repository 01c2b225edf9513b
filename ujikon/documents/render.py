"""A :class:`~ujikon.documents.model.DecreeDocument` to HTML (Jinja2) and to PDF/A (WeasyPrint).

* :func:`render_html` lays the whole decree out as one self-contained HTML document: the
  SK, its annex (the DIK, on landscape pages) and one test sheet per case; the stylesheet
  and the QR code are inlined, nothing is fetched.
* :func:`render_pdf` turns that HTML into PDF/A-3b with WeasyPrint and attaches the
  decision (``doc.decision_json``, canonical JSON) as the embedded, associated file
  ``keputusan.json`` (``application/json``, ``/AFRelationship /Data``). The document
  information carries the title (title and number), the language (``id``, from
  ``<html lang>``) and the QR text under the custom key ``/UjikonQR``.

WeasyPrint is imported inside :func:`render_pdf` only: importing this module costs the
command line nothing. The same document renders the same HTML, and so the same text and
layout; only the PDF's creation stamps (the attachment's dates, unless
:attr:`RenderSettings.attachment_time` is set) differ between runs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from ujikon.documents import templates
from ujikon.documents.model import DecreeDocument, TestSheet
from ujikon.documents.qr import qr_svg

if TYPE_CHECKING:  # pragma: no cover
    import pydyf

__all__ = [
    "ATTACHABLE_VARIANTS",
    "DECREE_STYLESHEET",
    "DECREE_TEMPLATE",
    "SHEET_TEMPLATE",
    "RenderSettings",
    "SheetContext",
    "annex_heading",
    "render_html",
    "render_pdf",
    "render_sheet_html",
    "render_sheet_pdf",
]

DECREE_TEMPLATE = "decree/decree.html.j2"
SHEET_TEMPLATE = "decree/sheet_alone.html.j2"
DECREE_STYLESHEET = "decree/decree.css"

ATTACHABLE_VARIANTS = frozenset({"pdf/a-3b", "pdf/a-3u", "pdf/a-3a"})
"""PDF variants that may carry a JSON attachment (as an associated file).

PDF/A-1 forbids embedded files and PDF/A-2 allows only PDF/A files (WeasyPrint silently
drops the others), so the decision would vanish; PDF/A-4 forbids the document
information dictionary the QR key lives in. ``None`` (plain PDF) is allowed for drafts
and benchmarks.
"""

_RELATIONSHIPS = frozenset({"Source", "Data", "Alternative", "Supplement", "Unspecified"})
_STANDARD_INFO_KEYS = frozenset(
    {
        "Title",
        "Author",
        "Subject",
        "Keywords",
        "Creator",
        "Producer",
        "CreationDate",
        "ModDate",
        "Trapped",
    }
)


@dataclass(frozen=True)
class RenderSettings:
    """How :func:`render_pdf` writes the PDF. The defaults make the archival decree."""

    pdf_variant: str | None = "pdf/a-3b"
    """WeasyPrint's ``pdf_variant``; one of :data:`ATTACHABLE_VARIANTS`, or ``None`` for a
    plain PDF (not archival; for drafts and benchmarks)."""

    attachment_name: str = "keputusan.json"
    """File name of the embedded decision; must end in ``.json`` (the MIME type,
    ``application/json``, is derived from it)."""

    attachment_description: str = (
        "Keputusan dalam bentuk data (JSON kanonik) / the decision as canonical JSON"
    )
    """``/Desc`` of the embedded file, shown by PDF readers in the attachment list."""

    attachment_relationship: str = "Data"
    """PDF/A-3 ``/AFRelationship`` of the attachment: the JSON is the data the annex is
    drawn from. One of Source, Data, Alternative, Supplement, Unspecified."""

    attachment_time: datetime | None = None
    """Creation and modification time stamped on the attachment (timezone-aware); ``None``
    means now. Fix it to make two renderings byte-comparable."""

    qr_info_key: str | None = "UjikonQR"
    """Key of the document information entry that repeats ``doc.qr_text`` (ASCII letters
    and digits, not a standard key); ``None`` to leave it out."""

    optimize_images: bool = True
    """Lossless size optimisation of raster images (the letterhead logo)."""

    jpeg_quality: int | None = None
    """Re-encode JPEG images at this quality (0-95); ``None`` keeps them as they are."""

    dpi: int | None = None
    """Downsample raster images above this resolution; ``None`` keeps them as they are."""

    full_fonts: bool = False
    """Embed whole font files instead of the subsets used (bigger files, same look)."""

    pdf_tags: bool = False
    """Write a tagged (structured) PDF for assistive technology. Off by default: not
    required by PDF/A-3b, and it adds to the layout time."""

    def assert_viable(self) -> None:
        """Raise :class:`ValueError` naming the first setting that cannot work."""
        if self.pdf_variant is not None and self.pdf_variant not in ATTACHABLE_VARIANTS:
            raise ValueError(
                f"pdf_variant {self.pdf_variant!r}: lampiran JSON tidak dapat dimuat / "
                f"cannot carry the JSON attachment; use one of {sorted(ATTACHABLE_VARIANTS)} "
                "or None"
            )
        name = self.attachment_name
        if (
            not name.endswith(".json")
            or name == ".json"
            or any(c in name for c in "/\\\0")
            or not name.isprintable()
        ):
            raise ValueError(
                f"attachment_name {name!r}: a plain file name ending in .json is required"
            )
        if self.attachment_relationship not in _RELATIONSHIPS:
            raise ValueError(
                f"attachment_relationship {self.attachment_relationship!r}: one of "
                f"{sorted(_RELATIONSHIPS)}"
            )
        if self.attachment_time is not None and self.attachment_time.utcoffset() is None:
            raise ValueError("attachment_time must be timezone-aware")
        key = self.qr_info_key
        if key is not None and (
            not key.isascii() or not key.isalnum() or key in _STANDARD_INFO_KEYS
        ):
            raise ValueError(
                f"qr_info_key {key!r}: ASCII letters and digits, not a standard info key"
            )
        if self.jpeg_quality is not None and not 0 <= self.jpeg_quality <= 95:
            raise ValueError(f"jpeg_quality {self.jpeg_quality}: between 0 and 95")
        if self.dpi is not None and self.dpi <= 0:
            raise ValueError(f"dpi {self.dpi}: must be positive")


def annex_heading(doc: DecreeDocument) -> str:
    """The centred heading of the annex.

    The reference block above it (LAMPIRAN / title / NOMOR / TANGGAL / TENTANG) is laid out
    from the document's fields, so when ``annex_title`` repeats that reference before an
    em dash ("LAMPIRAN KEPUTUSAN ... — DAFTAR INFORMASI YANG DIKECUALIKAN") only the part
    after the dash is used; otherwise the whole title.
    """
    title = doc.annex_title.strip()
    if title.upper().startswith("LAMPIRAN") and " — " in title:
        tail = title.rsplit(" — ", 1)[1].strip()
        if tail:
            return tail
    return title


def render_html(doc: DecreeDocument) -> str:
    """The whole decree as one self-contained HTML document (``lang="id"``)."""
    env = templates.environment()
    template = env.get_template(DECREE_TEMPLATE)
    return template.render(
        doc=doc,
        css=Markup(templates.read_text(DECREE_STYLESHEET)),  # our own stylesheet
        qr=Markup(qr_svg(doc.qr_text)),  # drawn by segno: paths only
        annex_heading=annex_heading(doc),
    )


def _finisher(doc: DecreeDocument, settings: RenderSettings) -> Callable[[Any, Any], None]:
    def finish(_document: Any, pdf: pydyf.PDF) -> None:
        import pydyf

        if settings.qr_info_key is not None:
            pdf.info[settings.qr_info_key] = pydyf.String(doc.qr_text)
        # WeasyPrint lists each attachment twice in /AF (once from the name tree, once
        # from the file specifications); an associated file is listed once.
        af = pdf.catalog.get("AF")
        if af is not None:
            unique: list[Any] = []
            for ref in af:
                if ref not in unique:
                    unique.append(ref)
            pdf.catalog["AF"] = pydyf.Array(unique)

    return finish


def render_pdf(doc: DecreeDocument, settings: RenderSettings = RenderSettings()) -> bytes:
    """The decree as PDF/A-3b bytes, with ``doc.decision_json`` attached inside.

    Raises :class:`ValueError` when ``settings`` cannot work (see
    :meth:`RenderSettings.assert_viable`).
    """
    settings.assert_viable()
    html_text = render_html(doc)

    import weasyprint  # heavy (~0.6 s): only when a PDF is really made

    stamp = settings.attachment_time or datetime.now(UTC)
    stamp = stamp.astimezone(UTC)
    attachment = weasyprint.Attachment(
        string=doc.decision_json.encode("utf-8"),
        name=settings.attachment_name,
        description=settings.attachment_description,
        created=stamp,
        modified=stamp,
        relationship=settings.attachment_relationship,
    )
    # Only data: URLs may be fetched (the inlined logo); the text is the users', so no
    # file or network access can be smuggled in through it.
    fetcher = weasyprint.URLFetcher(allowed_protocols=["data"])
    html = weasyprint.HTML(string=html_text, url_fetcher=fetcher)
    pdf: bytes = html.write_pdf(
        finisher=_finisher(doc, settings),
        pdf_variant=settings.pdf_variant,
        attachments=[attachment],
        optimize_images=settings.optimize_images,
        jpeg_quality=settings.jpeg_quality,
        dpi=settings.dpi,
        full_fonts=settings.full_fonts,
        pdf_tags=settings.pdf_tags,
    )
    return pdf


@dataclass(frozen=True)
class SheetContext:
    """What a berita acara printed alone says of its decree (nothing when not decreed)."""

    number: str = ""
    date_text: str = ""
    sheets: tuple[TestSheet, ...] = ()
    preview: bool = False
    font_family: str = ""
    font_size_pt: int = 12


def render_sheet_html(sheet: TestSheet, context: SheetContext = SheetContext()) -> str:
    """One berita acara as a self-contained HTML document (``lang="id"``)."""
    template = templates.environment().get_template(SHEET_TEMPLATE)
    return template.render(
        sheet=sheet, doc=context, css=Markup(templates.read_text(DECREE_STYLESHEET))
    )


def render_sheet_pdf(sheet: TestSheet, context: SheetContext = SheetContext()) -> bytes:
    """One berita acara as a PDF/A-3b to print alone (``ujikon case sheet``); unsigned: the
    signed copy is the decree's LAMPIRAN II."""
    import weasyprint

    fetcher = weasyprint.URLFetcher(allowed_protocols=["data"])
    html = weasyprint.HTML(string=render_sheet_html(sheet, context), url_fetcher=fetcher)
    pdf: bytes = html.write_pdf(pdf_variant="pdf/a-3b")
    return pdf
