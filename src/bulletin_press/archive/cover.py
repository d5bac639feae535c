"""A small picture of an issue's cover, for the archive index."""

from __future__ import annotations

import io

COVER_WIDTH_PX = 240
COVER_FILE = "bia.png"  # a published issue's cover picture, in its xuat-ban/ folder


def cover_png(pdf: bytes, width_px: int = COVER_WIDTH_PX) -> bytes:
    """Page 1 of pdf rendered to PNG, width_px wide."""
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        page = document[0]
        image = page.render(scale=width_px / page.get_width()).to_pil()
        out = io.BytesIO()
        image.convert("RGB").save(out, format="PNG", optimize=True)
        return out.getvalue()
    finally:
        document.close()
