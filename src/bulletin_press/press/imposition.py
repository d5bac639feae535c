"""The booklet file: the print PDF imposed two pages a side for an office duplex printer.

Order. A saddle-stitched booklet of P pages (P a multiple of 4) is P / 4 sheets, each
printed on both sides with two pages side by side. Sheet sides follow one another in the
order the printer needs them: front of sheet 1, back of sheet 1, front of sheet 2, … and
side k (counting from 1) carries the pair (left, right):

    k odd:  (P − k + 1, k)        (P, 1), (P − 2, 3), …
    k even: (k, P − k + 1)        (2, P − 1), (4, P − 3), …

Print on both sides with "flip on short edge". A landscape sheet then turns over about its
vertical centre line, like a book leaf: the back side comes out upright, and the left half
of the back lies behind the right half of the front, so page 2 lands behind page 1 and
page P − 1 behind page P. That is why no back side is rotated in this file; with "flip on
long edge" every back side would come out upside down. Keep the stack in print order with the side holding page 1 outwards, fold
it in half and staple on the fold: sheet 1 is the outer sheet and the pages read 1 to P.

Sheet. Candidates are A4 (297 × 210 mm), A3 (420 × 297 mm) and SRA3 (450 × 320 mm), all
landscape. The spread (two pages side by side, meeting at the fold with no gap) is centred
on the first of them, smallest first, that holds it with the bleed on the outer edges and
crop marks around it (marks 5 mm long, starting 2 mm beyond the bleed, 100 % K); the sheet
is cut to the trim after folding. One exception: a spread that fits A4 only at its trimmed
size (two A5 pages, 296 × 210 mm) goes on A4 with each page cut to its TrimBox, without
bleed or marks; the office folds and staples the sheets as printed and does not trim. The
result says so with trimmed_to_fit=True. A4 is the sheet every office printer takes, so it
wins over a larger sheet with marks. (An office printer leaves a few millimetres
unprinted at the edge of the sheet; the 5 mm text margin keeps the text clear of it.)

The pages meet at the fold, which is the centre line of the sheet in both cases. Each source
page is placed as a Form XObject (vector, nothing is rasterised); the output is
deterministic for a given input.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pikepdf

from bulletin_press.errors import BulletinError, Problem

MM = 72 / 25.4  # points per millimetre
MARK_OFFSET_MM = 2.0  # gap between the bleed and the start of a crop mark
MARK_LENGTH_MM = 5.0
MARK_WIDTH_PT = 0.25
_SIZE_TOLERANCE_PT = 0.5  # pages differing by less than this count as the same size
_FIT_TOLERANCE_PT = 0.01  # rounding in the boxes WeasyPrint writes


@dataclass(frozen=True)
class Sheet:
    name: str
    size_mm: tuple[float, float]  # landscape: width, height


SHEETS = (Sheet("A4", (297.0, 210.0)), Sheet("A3", (420.0, 297.0)),
          Sheet("SRA3", (450.0, 320.0)))


@dataclass(frozen=True)
class Booklet:
    """The imposed file: one PDF page per sheet side, in print order."""

    pdf: bytes
    sheet: str  # "A4", "A3" or "SRA3"
    sheet_mm: tuple[float, float]  # landscape: width, height
    sheets: int  # paper sheets per copy, each printed on both sides
    pages: int
    trimmed_to_fit: bool  # pages cut to their trim, no bleed, no marks: fold only
    crop_marks: bool
    bleed_mm: float  # bleed kept on the outer edges; 0 when trimmed to fit


def side_pairs(pages: int) -> list[tuple[int, int]]:
    """The (left, right) page numbers of each sheet side, in print order."""
    return [(pages - i, i + 1) if i % 2 == 0 else (i + 1, pages - i) for i in range(pages // 2)]


def choose_sheet(page_mm: tuple[float, float], bleed_mm: float) -> tuple[Sheet, bool] | None:
    """The sheet for a page trim size and whether bleed and marks are on it (see the module
    docstring); None when the spread fits no sheet."""
    width, height = page_mm
    outer = bleed_mm + MARK_OFFSET_MM + MARK_LENGTH_MM

    def fits(margin: float, sheet: Sheet) -> bool:
        tolerance = _FIT_TOLERANCE_PT / MM
        sheet_w, sheet_h = sheet.size_mm
        return (2 * (width + margin) <= sheet_w + tolerance
                and height + 2 * margin <= sheet_h + tolerance)

    for sheet in SHEETS:
        if fits(outer, sheet):
            return sheet, True
        if sheet is SHEETS[0] and fits(0, sheet):  # A4 at trim size: fold only
            return sheet, False
    return None


def booklet(print_pdf: bytes, *, source: Path = Path("ban-in.pdf")) -> Booklet:
    """Impose the print PDF (single pages in reading order, with TrimBox and BleedBox, a
    multiple of 4 of them) as a booklet for a duplex printer; see the module docstring.

    source names the print file in error messages. Raises BulletinError when the file cannot
    be imposed: unreadable, a page count that is not a multiple of 4, a page without TrimBox,
    rotated or of another size than page 1, or a spread too large for SRA3.
    """
    def refuse(message: str) -> BulletinError:
        return BulletinError([Problem(source, None, message)])

    try:
        src = pikepdf.open(io.BytesIO(print_pdf))
    except pikepdf.PdfError as error:
        raise refuse(f"không đọc được bản in để dàn trang gấp cuốn: {error}.") from None
    with src:
        count = len(src.pages)
        if count == 0:
            raise refuse("bản in không có trang nào. Hãy dựng lại bản in.")
        if count % 4:
            raise refuse(f"bản in có {count} trang, không phải bội số của 4, nên không dàn "
                         "được thành cuốn đóng ghim giữa. Hãy dựng lại bản in.")
        trim, bleed = _geometry(src, refuse)
        width, height = trim[2] - trim[0], trim[3] - trim[1]
        choice = choose_sheet((width / MM, height / MM), bleed / MM)
        if choice is None:
            raise refuse(f"trang {width / MM:.0f} × {height / MM:.0f} mm quá lớn: hai trang "
                         "cạnh nhau không vừa tờ SRA3 (450 × 320 mm).")
        sheet, with_marks = choice
        if not with_marks:
            bleed = 0.0

        out = pikepdf.new()  # nothing of the source but the placed pages: no links, outlines
        sheet_w, sheet_h = (side * MM for side in sheet.size_mm)
        x0, y0 = (sheet_w - 2 * width) / 2, (sheet_h - height) / 2  # trimmed spread, centred
        spread = [x0, y0, x0 + 2 * width, y0 + height]
        for left, right in side_pairs(count):
            forms, draw = {}, []
            for name, number, slot_x, clip in (
                    ("/L", left, x0, [x0 - bleed, y0 - bleed, x0 + width, y0 + height + bleed]),
                    ("/R", right, x0 + width,
                     [x0 + width, y0 - bleed, x0 + 2 * width + bleed, y0 + height + bleed])):
                page = src.pages[number - 1]
                form = page.as_form_xobject()
                # as_form_xobject bounds the form by the TrimBox; keep the bleed, the clip
                # below decides how much of it shows.
                form.BBox = page.obj.get("/BleedBox", page.mediabox)
                forms[name] = out.copy_foreign(form)
                page_trim = [float(v) for v in page.obj.TrimBox]
                draw.append(f"q {_rect(clip)} re W n 1 0 0 1 {_num(slot_x - page_trim[0])} "
                            f"{_num(y0 - page_trim[1])} cm {name} Do Q")
            if with_marks:
                draw.append(_marks(spread, bleed))
            _add_sheet(out, sheet_w, sheet_h, spread, bleed, with_marks, forms, "\n".join(draw))
        data = io.BytesIO()  # saved while the source is open: copied streams read from it
        out.save(data, deterministic_id=True, compress_streams=True)
    return Booklet(pdf=data.getvalue(), sheet=sheet.name, sheet_mm=sheet.size_mm,
                   sheets=count // 4, pages=count, trimmed_to_fit=not with_marks,
                   crop_marks=with_marks, bleed_mm=round(bleed / MM, 2))


def _geometry(src: pikepdf.Pdf, refuse) -> tuple[list[float], float]:
    """The first page's TrimBox and the smallest bleed of any page on any edge, in points."""
    first: list[float] | None = None
    bleeds = []
    for number, page in enumerate(src.pages, start=1):
        if "/TrimBox" not in page.obj:
            raise refuse(f"trang {number} của bản in không có TrimBox (khổ thành phẩm), nên "
                         "không biết cắt ở đâu. Hãy dựng lại bản in.")
        if int(page.obj.get("/Rotate", 0)) % 360 or "/UserUnit" in page.obj:
            raise refuse(f"trang {number} của bản in bị xoay hoặc đổi đơn vị đo, không dàn "
                         "được thành cuốn. Hãy dựng lại bản in.")
        trim = [float(v) for v in page.obj.TrimBox]
        outer = [float(v) for v in page.obj.get("/BleedBox", page.mediabox)]
        first = first or trim
        if (abs((trim[2] - trim[0]) - (first[2] - first[0])) > _SIZE_TOLERANCE_PT
                or abs((trim[3] - trim[1]) - (first[3] - first[1])) > _SIZE_TOLERANCE_PT):
            raise refuse(f"trang {number} của bản in khác khổ với trang 1; mọi trang của cuốn "
                         "phải cùng khổ.")
        bleeds += [trim[0] - outer[0], trim[1] - outer[1], outer[2] - trim[2], outer[3] - trim[3]]
    return first, max(min(bleeds), 0.0)


def _marks(spread: list[float], bleed: float) -> str:
    """Crop marks at the four corners of the trimmed spread and fold marks at its centre,
    starting MARK_OFFSET_MM beyond the bleed, stroked in 100 % K only (DeviceCMYK)."""
    x0, y0, x1, y1 = spread
    near = bleed + MARK_OFFSET_MM * MM
    far = near + MARK_LENGTH_MM * MM
    lines = []
    for x, outward in ((x0, -1), (x1, 1)):
        for y in (y0, y1):  # horizontal marks, on the line of the top and bottom trim
            lines.append((x + outward * near, y, x + outward * far, y))
    for x in (x0, (x0 + x1) / 2, x1):
        for y, outward in ((y0, -1), (y1, 1)):  # vertical marks: trim edges and the fold
            lines.append((x, y + outward * near, x, y + outward * far))
    path = " ".join(f"{_num(a)} {_num(b)} m {_num(c)} {_num(d)} l" for a, b, c, d in lines)
    return f"q 0 0 0 1 K {_num(MARK_WIDTH_PT)} w 0 J [] 0 d {path} S Q"


def _add_sheet(out, sheet_w, sheet_h, spread, bleed, with_marks, forms, content) -> None:
    media = [0, 0, sheet_w, sheet_h]
    page = pikepdf.Page(pikepdf.Dictionary(
        Type=pikepdf.Name.Page,
        MediaBox=_box(media),
        # With marks the sheet is cut to the spread after folding: TrimBox is the trimmed
        # spread and BleedBox adds the bleed on its outer edges. Fold-only sheets are not cut,
        # so the finished piece is the whole sheet and both boxes equal the MediaBox.
        TrimBox=_box(spread if with_marks else media),
        BleedBox=_box([spread[0] - bleed, spread[1] - bleed, spread[2] + bleed, spread[3] + bleed]
                      if with_marks else media),
        # ArtBox: where the two pages' content sits, in both cases.
        ArtBox=_box(spread),
        Resources=pikepdf.Dictionary(XObject=pikepdf.Dictionary(forms)),
        Contents=out.make_stream(content.encode("ascii")),
    ))
    out.pages.append(page)


def _box(values) -> pikepdf.Array:
    return pikepdf.Array([Decimal(_num(v)) for v in values])


def _rect(box: list[float]) -> str:
    x0, y0, x1, y1 = box
    return f"{_num(x0)} {_num(y0)} {_num(x1 - x0)} {_num(y1 - y0)}"


def _num(value: float) -> str:
    """A number as content streams and boxes write it: fixed precision, no trailing zeros."""
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text
