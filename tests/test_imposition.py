"""The booklet file for office duplex printers: page order, sheet, bleed, crop marks.

The print PDFs are synthetic: WeasyPrint pages with bleed, a grey page background that runs
into the bleed, a 1 mm black frame just inside the trim and one label per page ("Trang 7").
"""

from __future__ import annotations

import io
import math
import time
from decimal import Decimal
from functools import cache
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pytest

from projects import REPO

from bulletin_press.errors import BulletinError
from bulletin_press.press.imposition import booklet, choose_sheet

MM = 72 / 25.4
A5 = (148, 210)
B19 = (190, 270)
A4_PT = (297 * MM, 210 * MM)
A3_PT = (420 * MM, 297 * MM)
BLEED = 3 * MM
SCALE = 3  # pixels per point when rendering


@cache
def print_pdf(pages: int, size: tuple[int, int] = A5) -> bytes:
    from weasyprint import HTML

    width, height = size
    font = (REPO / "fonts/noto-sans/NotoSans-Bold.ttf").as_uri()
    html = f"""<style>
      @font-face {{ font-family: Label; src: url({font}) }}
      @page {{ size: {width}mm {height}mm; bleed: 3mm; margin: 0; background: #ccc }}
      body {{ margin: 0; font: 40pt Label }}
      section {{ box-sizing: border-box; height: {height}mm; border: 1mm solid black;
                 display: flex; align-items: center; justify-content: center;
                 break-after: page }}
      section:last-child {{ break-after: auto }}
    </style>""" + "".join(f"<section>Trang {n}</section>" for n in range(1, pages + 1))
    pdf = HTML(string=html).write_pdf()
    with pikepdf.open(io.BytesIO(pdf)) as check:
        assert len(check.pages) == pages
    return pdf


@cache
def imposed(pages: int, size: tuple[int, int] = A5):
    return booklet(print_pdf(pages, size))


def expected_sides(pages: int) -> list[tuple[int, int]]:
    """(left, right) per sheet side, front then back of each sheet, outer sheet first."""
    sides = []
    for sheet in range(1, pages // 4 + 1):
        sides.append((pages - 2 * sheet + 2, 2 * sheet - 1))  # front: (P, 1), (P − 2, 3), …
        sides.append((2 * sheet, pages - 2 * sheet + 1))      # back: (2, P − 1), (4, P − 3), …
    return sides


def side_labels(pdf: bytes) -> list[tuple[str, str]]:
    """The text on the left and on the right half of every sheet side."""
    document = pdfium.PdfDocument(pdf)
    labels = []
    for page in document:
        width, height = page.get_size()
        text = page.get_textpage()
        labels.append((text.get_text_bounded(left=0, bottom=0, right=width / 2, top=height).strip(),
                       text.get_text_bounded(left=width / 2, bottom=0, right=width, top=height).strip()))
    return labels


def assert_saddle_stitch_order(pdf: bytes, pages: int) -> None:
    assert side_labels(pdf) == [(f"Trang {left}", f"Trang {right}")
                                for left, right in expected_sides(pages)]


def test_expected_order_is_the_saddle_stitch_rule():
    assert expected_sides(8) == [(8, 1), (2, 7), (6, 3), (4, 5)]
    assert expected_sides(4) == [(4, 1), (2, 3)]


@pytest.mark.parametrize(("pages", "size"), [(4, A5), (8, A5), (28, A5), (64, A5), (8, B19)])
def test_each_sheet_side_holds_the_saddle_stitch_pair(pages, size):
    result = imposed(pages, size)
    assert (result.pages, result.sheets) == (pages, pages // 4)
    assert_saddle_stitch_order(result.pdf, pages)


def _reorder(pdf: bytes, order: list[int]) -> bytes:
    with pikepdf.open(io.BytesIO(pdf)) as source, pikepdf.new() as out:
        for index in order:
            out.pages.append(source.pages[index])
        data = io.BytesIO()
        out.save(data)
        return data.getvalue()


def _mirror_side(pdf: bytes, index: int) -> bytes:
    with pikepdf.open(io.BytesIO(pdf)) as source:
        forms = source.pages[index].obj.Resources.XObject
        forms.L, forms.R = forms.R, forms.L
        data = io.BytesIO()
        source.save(data)
        return data.getvalue()


@pytest.mark.parametrize("damage", ["front and back of sheet 1 swapped",
                                    "left and right of a back side swapped"])
def test_order_check_fails_on_a_wrongly_imposed_booklet(damage):
    pdf = imposed(8).pdf
    broken = (_reorder(pdf, [1, 0, 2, 3]) if damage.startswith("front") else _mirror_side(pdf, 3))
    with pytest.raises(AssertionError):
        assert_saddle_stitch_order(broken, 8)


def _box(page, key: str) -> list[float]:
    return [float(v) for v in page.obj[key]]


def _close(a: list[float], b: list[float]) -> bool:
    return all(math.isclose(x, y, abs_tol=0.01) for x, y in zip(a, b, strict=True))


def test_a5_pages_go_on_a4_trimmed_to_fit():
    result = imposed(8, A5)
    assert (result.sheet, result.sheet_mm) == ("A4", (297.0, 210.0))
    assert (result.trimmed_to_fit, result.crop_marks, result.bleed_mm) == (True, False, 0.0)
    with pikepdf.open(io.BytesIO(result.pdf)) as pdf:
        for page in pdf.pages:
            sheet = [0, 0, *A4_PT]
            assert _close(_box(page, "/MediaBox"), sheet)
            # Fold-only: the finished piece is the whole sheet.
            assert _close(_box(page, "/TrimBox"), sheet)
            assert _close(_box(page, "/BleedBox"), sheet)
            spread_x = (A4_PT[0] - 296 * MM) / 2
            assert _close(_box(page, "/ArtBox"), [spread_x, 0, A4_PT[0] - spread_x, A4_PT[1]])


def test_19x27_pages_go_on_a3_with_bleed_and_marks():
    result = imposed(8, B19)
    assert (result.sheet, result.sheet_mm) == ("A3", (420.0, 297.0))
    assert (result.trimmed_to_fit, result.crop_marks, result.bleed_mm) == (False, True, 3.0)
    x0, y0 = (A3_PT[0] - 380 * MM) / 2, (A3_PT[1] - 270 * MM) / 2
    trim = [x0, y0, A3_PT[0] - x0, A3_PT[1] - y0]
    with pikepdf.open(io.BytesIO(result.pdf)) as pdf:
        for page in pdf.pages:
            assert _close(_box(page, "/MediaBox"), [0, 0, *A3_PT])
            assert _close(_box(page, "/TrimBox"), trim)
            assert _close(_box(page, "/ArtBox"), trim)
            assert _close(_box(page, "/BleedBox"), [trim[0] - BLEED, trim[1] - BLEED,
                                                    trim[2] + BLEED, trim[3] + BLEED])


@pytest.mark.parametrize(("page_mm", "expected"), [
    ((105, 148), ("A4", True)),    # A6: fits A4 with bleed and marks
    ((148, 210), ("A4", False)),   # A5: A4 only at trim size
    ((190, 270), ("A3", True)),
    ((210, 297), ("SRA3", True)),  # A4 pages: A3 has no room for bleed and marks
    ((230, 330), None),
])
def test_sheet_choice(page_mm, expected):
    choice = choose_sheet(page_mm, 3.0)
    assert (None if choice is None else (choice[0].name, choice[1])) == expected


def test_too_large_pages_are_refused():
    with pytest.raises(BulletinError, match="quá lớn"):
        booklet(print_pdf(4, (230, 330)))


class _Drawing:
    """What a sheet's own content stream draws, in sheet coordinates."""

    def __init__(self, page) -> None:
        # Paths as lists of subpaths, each a list of points.
        self.strokes: list[tuple[list[list[tuple[float, float]]], float]] = []  # path, width
        self.fills: list[list[list[tuple[float, float]]]] = []
        self.placed: list[tuple[str, list[float] | None]] = []  # XObject name, clip bbox
        self.colour_operators: list[tuple[str, list[float]]] = []
        ctm, width, clip, path, pending_clip = (1, 0, 0, 1, 0, 0), 1.0, None, [], False
        stack = []
        for operands, operator in pikepdf.parse_content_stream(page):
            op = str(operator)
            values = [float(v) for v in operands if isinstance(v, (int, float, Decimal))]
            if op == "q":
                stack.append((ctm, width, clip))
            elif op == "Q":
                ctm, width, clip = stack.pop()
            elif op == "cm":
                a, b, c, d, e, f = values
                A, B, C, D, E, F = ctm
                ctm = (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D,
                       e * A + f * C + E, e * B + f * D + F)
            elif op == "w":
                width = values[0]
            elif op == "m":
                path.append([self._map(ctm, *values)])
            elif op == "l":
                path[-1].append(self._map(ctm, *values))
            elif op in ("c", "v", "y"):
                path[-1].extend(self._map(ctm, *values[i:i + 2])
                                for i in range(0, len(values), 2))
            elif op == "re":
                x, y, w, h = values
                path.append([self._map(ctm, px, py) for px, py in
                             ((x, y), (x + w, y), (x + w, y + h), (x, y + h), (x, y))])
            elif op in ("W", "W*"):
                pending_clip = True
            elif op in ("S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "n"):
                if op in ("S", "s", "B", "B*", "b", "b*"):
                    self.strokes.append((path, width * math.sqrt(abs(ctm[0] * ctm[3]
                                                                     - ctm[1] * ctm[2]))))
                if op in ("f", "F", "f*", "B", "B*", "b", "b*"):
                    self.fills.append(path)
                if pending_clip:
                    box = _bbox([point for subpath in path for point in subpath])
                    clip = box if clip is None else _intersect(clip, box)
                path, pending_clip = [], False
            elif op == "Do":
                self.placed.append((str(operands[0]), clip))
            elif op in ("g", "G", "rg", "RG", "k", "K", "cs", "CS", "sc", "SC", "scn", "SCN"):
                self.colour_operators.append((op, values))

    @staticmethod
    def _map(ctm, x, y) -> tuple[float, float]:
        a, b, c, d, e, f = ctm
        return a * x + c * y + e, b * x + d * y + f

    def stroke_segments(self):
        """Each stroked path as its segments' bounding boxes, widened by half the line width."""
        for path, width in self.strokes:
            for points in path:
                for start, end in zip(points, points[1:]):
                    (x0, y0, x1, y1), half = _bbox([start, end]), width / 2
                    yield start, end, [x0 - half, y0 - half, x1 + half, y1 + half]


def _bbox(points) -> list[float]:
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return [min(xs), min(ys), max(xs), max(ys)]


def _intersect(a, b) -> list[float]:
    return [max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3])]


def _gap(box, outer) -> float:
    """How far box lies outside outer (negative when they overlap)."""
    return max(outer[0] - box[2], box[0] - outer[2], outer[1] - box[3], box[1] - outer[3])


def test_crop_marks_lie_outside_the_bleed():
    with pikepdf.open(io.BytesIO(imposed(8, B19).pdf)) as pdf:
        for page in pdf.pages:
            drawing = _Drawing(page)
            bleed, trim = _box(page, "/BleedBox"), _box(page, "/TrimBox")
            assert drawing.fills == []
            segments = list(drawing.stroke_segments())
            # Every mark starts about 2 mm beyond the bleed and is about 5 mm long.
            for start, end, box in segments:
                assert _gap(box, bleed) >= 1.9 * MM
                assert math.dist(start, end) == pytest.approx(5 * MM, abs=0.5 * MM)
            # Each corner of the trim has a horizontal and a vertical mark on its trim lines.
            for x in (trim[0], trim[2]):
                for y in (trim[1], trim[3]):
                    assert any(s[1] == e[1] == pytest.approx(y, abs=0.01)
                               and min(abs(s[0] - x), abs(e[0] - x)) < 10 * MM
                               for s, e, _ in segments)
                    assert any(s[0] == e[0] == pytest.approx(x, abs=0.01)
                               and min(abs(s[1] - y), abs(e[1] - y)) < 10 * MM
                               for s, e, _ in segments)


@pytest.mark.parametrize("size", [A5, B19])
def test_each_page_is_clipped_to_its_half_of_the_spread(size):
    """Bleed on the three outer edges only: the two pages meet at the fold, neither reaches
    into the other's half (a page without a background would show the other's gutter bleed)."""
    result = imposed(8, size)
    with pikepdf.open(io.BytesIO(result.pdf)) as pdf:
        for page in pdf.pages:
            x0, y0, x1, y1 = _box(page, "/ArtBox")  # the trimmed spread
            fold, bleed = (x0 + x1) / 2, result.bleed_mm * MM
            clips = sorted(clip for _, clip in _Drawing(page).placed)
            assert len(clips) == 2
            assert _close(clips[0], [x0 - bleed, y0 - bleed, fold, y1 + bleed])
            assert _close(clips[1], [fold, y0 - bleed, x1 + bleed, y1 + bleed])


@pytest.mark.parametrize("size", [A5, B19])
def test_sheets_draw_only_in_100_percent_k(size):
    with pikepdf.open(io.BytesIO(imposed(8, size).pdf)) as pdf:
        for page in pdf.pages:
            drawing = _Drawing(page)
            assert {op for op, _ in drawing.colour_operators} <= {"K"}
            assert all(values == [0, 0, 0, 1] for _, values in drawing.colour_operators)
            if drawing.strokes:
                assert drawing.colour_operators


def _render(pdf: bytes, index: int):
    page = pdfium.PdfDocument(pdf)[index]
    image = page.render(scale=SCALE).to_pil().convert("L")
    height = page.get_size()[1]

    def pixel(x: float, y: float) -> int:
        return image.getpixel((int(x * SCALE), int((height - y) * SCALE)))

    def darkest(box) -> int:
        x0, y0, x1, y1 = box
        return image.crop((int(x0 * SCALE), int((height - y1) * SCALE),
                           int(x1 * SCALE), int((height - y0) * SCALE))).getextrema()[0]

    return pixel, darkest


BLACK, GREY, WHITE = range(0, 60), range(170, 235), range(250, 256)


@pytest.mark.parametrize("side", [0, 3])
def test_19x27_sheet_pages_meet_at_the_fold_with_bleed_outside_and_marks_beyond(side):
    result = imposed(8, B19)
    pixel, darkest = _render(result.pdf, side)
    with pikepdf.open(io.BytesIO(result.pdf)) as pdf:
        x0, y0, x1, y1 = trim = _box(pdf.pages[side], "/TrimBox")
    fold = (x0 + x1) / 2
    for y in (y0 + 20 * MM, (y0 + y1) / 2 + 30 * MM, y1 - 20 * MM):
        # Both frames touch the fold: no gap, no page covering the other.
        assert pixel(fold - 0.5 * MM, y) in BLACK and pixel(fold + 0.5 * MM, y) in BLACK
        assert pixel(fold - 1.5 * MM, y) in GREY and pixel(fold + 1.5 * MM, y) in GREY
        # Outer edges: frame inside the trim, grey bleed outside it, then white paper.
        for x, outward in ((x0, -1), (x1, 1)):
            assert pixel(x - outward * 0.5 * MM, y) in BLACK
            assert pixel(x + outward * 1.5 * MM, y) in GREY
            assert pixel(x + outward * (3 + 1) * MM, y) in WHITE
    for x in (x0 + 30 * MM, fold - 30 * MM, fold + 30 * MM, x1 - 30 * MM):
        for y, outward in ((y0, -1), (y1, 1)):
            assert pixel(x, y - outward * 0.5 * MM) in BLACK
            assert pixel(x, y + outward * 1.5 * MM) in GREY
            assert pixel(x, y + outward * 4 * MM) in WHITE
    # Nothing at all in the 2 mm between the bleed and the marks (a little less, for
    # anti-aliasing), and marks beyond that at every corner.
    b0, c1, b1 = 3.3 * MM, 4.7 * MM, 10.5 * MM
    ring = [(x0 - c1, y0 - c1, x0 - b0, y1 + c1), (x1 + b0, y0 - c1, x1 + c1, y1 + c1),
            (x0 - c1, y0 - c1, x1 + c1, y0 - b0), (x0 - c1, y1 + b0, x1 + c1, y1 + c1)]
    for box in ring:
        assert darkest(box) in WHITE
    for cx, sx in ((x0, -1), (x1, 1)):
        for cy, sy in ((y0, -1), (y1, 1)):
            xs, ys = sorted((cx, cx + sx * b1)), sorted((cy, cy + sy * b1))
            assert darkest((xs[0], ys[0], xs[1], ys[1])) < 230  # a 0.25 pt hairline, anti-aliased
    assert trim[2] - trim[0] == pytest.approx(380 * MM, abs=0.01)


@pytest.mark.parametrize("side", [0, 1])
def test_a5_on_a4_pages_meet_at_the_fold_without_bleed(side):
    pixel, darkest = _render(imposed(8, A5).pdf, side)
    width, height = A4_PT
    fold, x0 = width / 2, (width - 296 * MM) / 2
    for y in (20 * MM, height / 2 + 30 * MM, height - 20 * MM):
        assert pixel(fold - 0.5 * MM, y) in BLACK and pixel(fold + 0.5 * MM, y) in BLACK
        assert pixel(fold - 1.5 * MM, y) in GREY and pixel(fold + 1.5 * MM, y) in GREY
        # The frame runs to the trim, which is the edge of the spread; no bleed beyond it.
        assert pixel(x0 + 0.5 * MM, y) in BLACK and pixel(width - x0 - 0.5 * MM, y) in BLACK
    assert darkest((0, 0, x0 - 0.15 * MM, height)) in WHITE
    assert darkest((width - x0 + 0.15 * MM, 0, width, height)) in WHITE
    for x in (x0 + 30 * MM, fold - 30 * MM, fold + 30 * MM, width - x0 - 30 * MM):
        assert pixel(x, 0.5 * MM) in BLACK and pixel(x, height - 0.5 * MM) in BLACK


@pytest.mark.parametrize("pages", [6, 2, 30])
def test_a_page_count_not_a_multiple_of_four_is_refused(pages):
    source = Path("bulletins/2024-01/ban-in.pdf")
    with pytest.raises(BulletinError) as caught:
        booklet(print_pdf(pages), source=source)
    (problem,) = caught.value.problems
    assert (problem.file, problem.line) == (source, None)
    assert problem.message.startswith(f"bản in có {pages} trang, không phải bội số của 4")


def test_same_input_gives_identical_bytes():
    first = booklet(print_pdf(28))
    time.sleep(1.1)  # a file ID or date taken from the clock would now differ
    second = booklet(print_pdf(28))
    assert first.pdf == second.pdf
    assert first == second


def test_a_print_file_without_trimbox_is_refused():
    with pikepdf.open(io.BytesIO(print_pdf(4))) as pdf:
        del pdf.pages[2].obj["/TrimBox"]
        data = io.BytesIO()
        pdf.save(data)
    with pytest.raises(BulletinError, match="trang 3 của bản in không có TrimBox"):
        booklet(data.getvalue())
