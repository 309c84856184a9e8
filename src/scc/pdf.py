"""PDF from a notice's HTML with WeasyPrint. The print stylesheet (notices/print.css) is inlined in
the HTML by the layout, so the HTML alone decides the PDF: A4, page numbers and the notice's
reference on every page come from its @page rules."""

from __future__ import annotations

from scc.notices import NOTICES_DIR


def render_pdf(html: str) -> bytes:
    # Imported here: loading WeasyPrint (Pango through cffi) takes a noticeable fraction of a
    # second, which every other `scc` command should not pay.
    from weasyprint import HTML  # type: ignore[import-untyped]

    pdf: bytes = HTML(string=html, base_url=str(NOTICES_DIR)).write_pdf()
    return pdf
