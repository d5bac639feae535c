"""`bulletin preview`: the reader PDF of an issue, every page as a picture, and one contact sheet
with the pages side by side as they will be read (the cover alone on the right, then the
spreads 2–3, 4–5 …, the last page alone on the left).

A Previewer kept between previews (`bulletin watch`) keeps the fonts and parsed stylesheets
loaded (typeset.Typesetter) and draws again only the pages that changed: a page is known by a
digest of everything its drawing depends on (content stream and resources), and a page drawn
again whose pixels came out the same is not written again.
"""

from __future__ import annotations

import functools
import hashlib
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from bulletin_press import build, output, typeset
from bulletin_press.errors import Problem
from bulletin_press.fonts import bundled_fonts
from bulletin_press.model import Issue
from bulletin_press.press.digest import object_digest
from bulletin_press.vietnamese import issue_line

PREVIEW_DIR = "xem-truoc"   # in build/<YYYY-MM>/
PAGE_DPI = 100              # each page picture: readable on screen
THUMB_HEIGHT_PX = 300       # each page on the contact sheet
SPREADS_PER_ROW = 4
MARGIN_PX = 32              # around the sheet
SPREAD_GAP_PX = 40          # between two spreads of a row
LABEL_PX = 30               # under each row: the page numbers
CAPTION_PX = 44             # above the first row: the issue
BACKGROUND = (226, 226, 226)
OUTLINE = (140, 140, 140)
INK = (40, 40, 40)
LABEL_FONT, CAPTION_FONT = "NotoSans-Regular", "NotoSans-Bold"
# Keys of a page dictionary that change how it is drawn (not /Parent, /Annots, /StructParents).
_DRAWN_KEYS = ("/Contents", "/Resources", "/MediaBox", "/CropBox", "/Rotate", "/Group",
               "/UserUnit")


@dataclass(frozen=True)
class Preview:
    issue: Issue
    pages: int
    blank_pages: int
    reader: Path
    page_pictures: tuple[Path, ...]
    contact_sheet: Path
    redrawn: tuple[int, ...]      # the pages whose picture was written (every page the first time)
    sources: dict[str, Path]      # every input, by its project name (sources.py)
    warnings: tuple[Problem, ...]


def preview_dir(issue: Issue) -> Path:
    return issue.root / "build" / issue.id / PREVIEW_DIR


def file_names(issue: Issue) -> tuple[str, str, str]:
    """The reader PDF, the page pictures (a pattern taking the page number), the sheet."""
    stem = f"{issue.series.slug}-{issue.id}"
    return (build.output_names(issue)["reader"], f"{stem}-trang-{{:02d}}.png",
            f"{stem}-toan-so.png")


def preview(issue_dir: Path, out_dir: Path | None = None) -> Preview:
    """Build the issue's reader PDF and write it with its pictures into out_dir (default:
    build/<YYYY-MM>/xem-truoc/)."""
    return Previewer(out_dir).preview(issue_dir)


class Previewer:
    """Previews of one issue, again and again; see the module's docstring."""

    def __init__(self, out_dir: Path | None = None) -> None:
        self.out_dir = Path(out_dir) if out_dir is not None else None
        self.typesetter = typeset.Typesetter()
        self.pictures = PagePictures()

    def preview(self, issue_dir: Path) -> Preview:
        made = build.build_reader(issue_dir, self.typesetter)
        issue = made.issue
        out_dir = self.out_dir or preview_dir(issue)
        reader_name, page_name, sheet_name = file_names(issue)
        # The reader first: it is what an editor opens to proof.
        reader = output.write_all(out_dir, {reader_name: made.reader_pdf})[reader_name]
        caption = (f"Bản tin {issue.series.name} · {issue_line(issue.number, issue.month)} · "
                   f"{made.pages} trang")
        pictures, sheet, redrawn = self.pictures.write(
            made.reader_pdf, out_dir, page_name, sheet_name, caption, issue.root / "fonts")
        warnings = made.warnings
        if issue.frozen:
            warnings += (build.frozen_notice(issue, out_dir),)
        return Preview(issue=issue, pages=made.pages, blank_pages=made.blank_pages,
                       reader=reader, page_pictures=pictures, contact_sheet=sheet,
                       redrawn=redrawn, sources=made.sources, warnings=warnings)


@dataclass
class _Picture:
    digest: str        # of its pixels
    thumbnail: object  # PIL image, THUMB_HEIGHT_PX high
    png: bytes | None = None


@dataclass
class PagePictures:
    """The pictures of the pages of the PDFs written last, by page key (page_keys)."""

    by_key: dict[str, _Picture] = field(default_factory=dict)
    written: dict[Path, str] = field(default_factory=dict)  # file → digest of its pixels

    def write(self, pdf: bytes, out_dir: Path, page_name: str, sheet_name: str,
              caption: str, fonts_dir: Path) -> tuple[tuple[Path, ...], Path, tuple[int, ...]]:
        """Write the pictures of the pages that changed and the contact sheet; remove the
        pictures of pages the PDF no longer has. Returns every page picture, the sheet and
        the numbers of the pages written."""
        import pypdfium2

        keys = page_keys(pdf)
        document = pypdfium2.PdfDocument(pdf)
        try:
            pictures, files, redrawn = {}, {}, []
            for number, key in enumerate(keys, 1):
                picture = self.by_key.get(key)
                image = None
                if picture is None:
                    image = render_page(document, number)
                    picture = _Picture(pixel_digest(image), thumbnail(image))
                pictures[key] = picture
                target = out_dir / page_name.format(number)
                if self.written.get(target) == picture.digest and target.is_file():
                    continue
                if picture.png is None:
                    picture.png = _png(image or render_page(document, number))
                files[target.name] = picture.png
                redrawn.append(number)
        finally:
            document.close()
        thumbs = [pictures[key].thumbnail for key in keys]
        files[sheet_name] = contact_sheet(thumbs, caption, fonts_dir)
        written = output.write_all(out_dir, files)
        self.by_key = pictures
        for number in redrawn:
            self.written[out_dir / page_name.format(number)] = pictures[keys[number - 1]].digest
        pages = tuple(out_dir / page_name.format(n) for n in range(1, len(keys) + 1))
        for stale in _pictures_beyond(out_dir, page_name, len(keys)):
            stale.unlink(missing_ok=True)
            self.written.pop(stale, None)
        return pages, written[sheet_name], tuple(redrawn)


def _pictures_beyond(out_dir: Path, page_name: str, pages: int) -> list[Path]:
    """Pictures of pages after the last one, left by a longer version of the issue."""
    head, _, tail = page_name.partition("{:02d}")
    pattern = re.compile(re.escape(head) + r"(\d+)" + re.escape(tail))
    return [path for path in out_dir.glob(f"{head}*{tail}")
            if (match := pattern.fullmatch(path.name)) and int(match[1]) > pages]


def render_page(document, number: int, dpi: int = PAGE_DPI):
    """Page number (from 1) of an open pypdfium2 document as an RGB picture. Annotations
    (the links of the contents) are not drawn: they are invisible, and the page key
    leaves them out."""
    return document[number - 1].render(scale=dpi / 72, draw_annots=False).to_pil().convert("RGB")


def page_pictures(pdf: bytes, dpi: int = PAGE_DPI) -> dict[int, bytes]:
    """Page number (from 1) → PNG of that page."""
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        return {number: _png(render_page(document, number, dpi))
                for number in range(1, len(document) + 1)}
    finally:
        document.close()


def pixel_digest(image) -> str:
    return hashlib.sha256(f"{image.mode}{image.size}".encode() + image.tobytes()).hexdigest()


def thumbnail(image):
    from PIL import Image

    width = round(image.width * THUMB_HEIGHT_PX / image.height)
    return image.resize((width, THUMB_HEIGHT_PX), Image.Resampling.LANCZOS)


def page_keys(pdf: bytes) -> list[str]:
    """For each page, a digest of everything its drawing depends on: its content stream and
    every resource it uses (fonts, photos, colour spaces), by their bytes. The same key means
    the same picture; objects shared by pages are read once."""
    import pikepdf

    memo: dict = {}
    with pikepdf.open(io.BytesIO(pdf)) as document:
        keys = []
        for page in document.pages:
            digest = hashlib.sha256()
            for name in _DRAWN_KEYS:
                if name in page.obj:
                    digest.update(name.encode() + object_digest(page.obj[name], memo))
            keys.append(digest.hexdigest())
        return keys


def spreads(pages: int) -> list[tuple[int | None, int | None]]:
    """Facing pages as a reader sees them: (None, 1), (2, 3), …, (last, None)."""
    pairs = [(None, 1)]
    pairs += [(left, left + 1 if left + 1 <= pages else None) for left in range(2, pages + 1, 2)]
    return pairs


@dataclass(frozen=True)
class SheetLayout:
    size: tuple[int, int]
    boxes: dict[int, tuple[int, int, int, int]]  # page → (left, top, right, bottom), exclusive


def sheet_layout(pages: int, page_size: tuple[int, int],
                 per_row: int = SPREADS_PER_ROW) -> SheetLayout:
    """Where each page's thumbnail goes: spreads in rows of per_row, the two pages of a
    spread touching at the spine."""
    width, height = page_size
    pairs = spreads(pages)
    rows = -(-len(pairs) // per_row)
    columns = min(per_row, len(pairs))
    boxes = {}
    for index, pair in enumerate(pairs):
        x = MARGIN_PX + (index % per_row) * (2 * width + SPREAD_GAP_PX)
        y = MARGIN_PX + CAPTION_PX + (index // per_row) * (height + LABEL_PX)
        for side, number in enumerate(pair):
            if number is not None:
                left = x + side * width
                boxes[number] = (left, y, left + width, y + height)
    size = (2 * MARGIN_PX + columns * 2 * width + (columns - 1) * SPREAD_GAP_PX,
            2 * MARGIN_PX + CAPTION_PX + rows * (height + LABEL_PX))
    return SheetLayout(size, boxes)


def contact_sheet(thumbnails: list, caption: str = "", fonts_dir: Path | None = None) -> bytes:
    """Every page (thumbnails in page order, all of one size) in spreads, numbered, under a
    caption; a PNG."""
    from PIL import Image, ImageDraw

    layout = sheet_layout(len(thumbnails), thumbnails[0].size)
    sheet = Image.new("RGB", layout.size, BACKGROUND)
    draw = ImageDraw.Draw(sheet)
    label_font = _font(fonts_dir, LABEL_FONT, 15)
    if caption:
        draw.text((MARGIN_PX, MARGIN_PX + CAPTION_PX // 2 - 4), caption, fill=INK,
                  font=_font(fonts_dir, CAPTION_FONT, 20), anchor="lm")
    for number, image in enumerate(thumbnails, 1):
        sheet.paste(image, layout.boxes[number][:2])
    # Frames after every page is in place: the spine of a spread is one line.
    for number in range(1, len(thumbnails) + 1):
        left, top, right, bottom = layout.boxes[number]
        draw.rectangle((left - 1, top - 1, right, bottom), outline=OUTLINE)
        draw.text(((left + right) // 2, bottom + LABEL_PX // 2), str(number), fill=INK,
                  font=label_font, anchor="mm")
    return _png(sheet)


@functools.lru_cache(maxsize=8)
def _font(fonts_dir: Path | None, postscript_name: str, size: int):
    """A bundled font (Vietnamese in the caption), or Pillow's own."""
    from PIL import ImageFont

    path = next((font.path for font in bundled_fonts(fonts_dir)
                 if font.postscript_name == postscript_name), None) if fonts_dir else None
    return ImageFont.truetype(str(path), size) if path else ImageFont.load_default(size)


def _png(image) -> bytes:
    """zlib level 3: for these pictures both faster and smaller than Pillow's default 6
    (the contact sheet of a 20-page issue: 0,06 s and 1,1 MB against 0,11 s and 1,3 MB)."""
    out = io.BytesIO()
    image.save(out, format="PNG", compress_level=3)
    return out.getvalue()
