"""`bulletin preview`: every page of an issue as a picture, and one contact sheet with the pages
side by side as they will be read (the cover alone on the right, then the spreads)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from bulletin_press import output

PAGE_DPI = 100          # each page picture: readable on screen
THUMB_HEIGHT_PX = 300   # each page on the contact sheet
GAP_PX, MARGIN_PX = 24, 24
PREVIEW_DIR = "xem-truoc"


@dataclass(frozen=True)
class Preview:
    pages: tuple[Path, ...]
    contact_sheet: Path


def page_pictures(pdf: bytes, dpi: int = PAGE_DPI, only: set[int] | None = None) -> dict[int, bytes]:
    """Page number (from 1) → PNG of that page; only the pages in `only` when given."""
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        pictures = {}
        for index in range(len(document)):
            if only is None or index + 1 in only:
                image = document[index].render(scale=dpi / 72).to_pil()
                pictures[index + 1] = _png(image)
        return pictures
    finally:
        document.close()


def spreads(pages: int) -> list[tuple[int | None, int | None]]:
    """Facing pages as a reader sees them: (None, 1), (2, 3), …, (last, None)."""
    pairs = [(None, 1)]
    pairs += [(left, left + 1 if left + 1 <= pages else None) for left in range(2, pages + 1, 2)]
    return pairs


def contact_sheet(pictures: dict[int, bytes], columns: int = 3) -> bytes:
    """All pages as thumbnails, in spreads, `columns` spreads a row, numbered."""
    from PIL import Image, ImageDraw

    thumbs = {}
    for number, png in pictures.items():
        image = Image.open(io.BytesIO(png)).convert("RGB")
        width = round(image.width * THUMB_HEIGHT_PX / image.height)
        thumbs[number] = image.resize((width, THUMB_HEIGHT_PX))
    page_w = max(t.width for t in thumbs.values())
    pairs = spreads(max(thumbs))
    rows = -(-len(pairs) // columns)
    spread_w = 2 * page_w
    sheet = Image.new("RGB", (MARGIN_PX * 2 + columns * spread_w + (columns - 1) * GAP_PX,
                              MARGIN_PX * 2 + rows * (THUMB_HEIGHT_PX + GAP_PX)), "#d9d9d9")
    draw = ImageDraw.Draw(sheet)
    for index, pair in enumerate(pairs):
        x = MARGIN_PX + (index % columns) * (spread_w + GAP_PX)
        y = MARGIN_PX + (index // columns) * (THUMB_HEIGHT_PX + GAP_PX)
        for side, number in enumerate(pair):
            if number is None or number not in thumbs:
                continue
            left = x + side * page_w
            sheet.paste(thumbs[number], (left, y))
            draw.rectangle((left, y, left + page_w - 1, y + THUMB_HEIGHT_PX - 1), outline="#808080")
            draw.text((left + 4, y + THUMB_HEIGHT_PX - 14), str(number), fill="#c00000")
    return _png(sheet)


def write_preview(pdf: bytes, out_dir: Path, stem: str, only: set[int] | None = None) -> Preview:
    """Write the page pictures (all, or those in `only`) and the contact sheet into out_dir."""
    pictures = page_pictures(pdf)
    files = {f"{stem}-trang-{n:02d}.png": png for n, png in pictures.items()
             if only is None or n in only}
    files[f"{stem}-toan-so.png"] = contact_sheet(pictures)
    written = output.write_all(out_dir, files)
    pages = tuple(out_dir / f"{stem}-trang-{n:02d}.png" for n in sorted(pictures))
    return Preview(pages=pages, contact_sheet=written[f"{stem}-toan-so.png"])


def _png(image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False)
    return out.getvalue()
