"""Preflight: what a print shop checks in a print PDF before it goes to press.

`run(pdf_bytes, …)` opens the file once and runs every check; each check is a function of the
file (and of its issue, when one is known) returning a Result: a name, passed or not (None when
skipped, with the reason), a Vietnamese detail and any warnings. `Report.lines()` is the text
report, one line per check, `Report.as_json()` the same as data. `check_file` is `bulletin
preflight` (it finds the issue a PDF belongs to); `check_print_file` runs on every build: a
failed check stops the build, warnings join the build's.

The rules (PRINT.md says why):
- fonts: every font embedded as a subset, of a font in fonts/ (when the project is known).
- pages: a multiple of 4 (saddle stitch), at most 64 (Law on Press 2016, Art. 34); licence: at
  most the pages the issue's licence allows.
- trim: the TrimBox at most 19 × 27 cm; with the issue, the layout's trim.
- boxes: the /TrimBox and /BleedBox keys on every page (libraries fall back to the MediaBox when
  they are missing, so the keys are looked at), one trim for every page, the BleedBox the TrimBox
  grown by the bleed on every side (the layout's, or the standard 3 mm without the issue) and
  inside the MediaBox; 0.05 pt tolerance.
- pdfx: an output intent /GTS_PDFX whose DestOutputProfile is a CMYK ICC profile, the PDF/X
  version in the XMP metadata (or the Info dictionary), and no RGB colour or image: the press
  prints this file's CMYK as written, an RGB colour would be converted by the shop's RIP
  (black text into four-colour black).
- black text: every stroke without C, M or Y (tints of K; white); text in a CMYK or grey colour
  (RGB, Lab and spot colours fail); body text, the size most text is set in, on the black plate
  (some K, no C, M, Y) unless bold; and any other text off the black plate, a colour or white
  knocked out of a background, at least 9 pt, or 7 pt when bold: misregistration of a plate
  blurs thin type, not large or heavy type. The cover's red accents (7,5 pt bold and up) and its
  white lines on the red band (9 pt and up) pass; small captions, folios or table text in
  colour or knock-out, and body text in colour, fail.
- ink: total ink (C + M + Y + K) at most 300 %, the output profile's limit, for every colour
  painted (fills, strokes, text) and every pixel of a CMYK image, with one 8-bit step (0,39 %)
  allowed for rounding; a colour whose ink cannot be known (RGB, Lab) is a warning.
- resolution: the effective resolution of every image where it is drawn (the lower axis, as
  press/images.py measures it): below 200 ppi a warning (it prints soft; the shop can still
  print it, and the build names the photo file), above 450 ppi a warning (bytes the press
  does not use).
- annotations: none on any page (PDF/X forbids them in the print file).
- black only (asked for with --black-only): nothing on C, M or Y: no colour with C, M or Y, no
  RGB, Lab or spot colour, no CMYK image pixel above one 8-bit step on C, M or Y.
- print run (needs the issue): the last page says "Số lượng: N bản", N the issue's copies.
"""

from __future__ import annotations

import io
import math
import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pikepdf
from fontTools.ttLib import TTFont

from bulletin_press.errors import BulletinError, Problem, os_problem
from bulletin_press.fonts import bundled_fonts
from bulletin_press.manifest import PUBLISHED_DIR, find_root, load_issue
from bulletin_press.manifest.layouts import MAX_TRIM_MM
from bulletin_press.manifest.licence import MAX_PAGES
from bulletin_press.model import Issue
from bulletin_press.press.inks import INK_STEP_PERCENT, Inks, colour_pages, read as read_inks
from bulletin_press.vietnamese import format_number

_SUBSET_TAG = re.compile(r"^[A-Z]{6}\+")
_HEX = re.compile(rb"<([0-9A-Fa-f]+)>")


@dataclass(frozen=True)
class EmbeddedFont:
    """A font as the PDF carries it."""

    base_font: str
    postscript_name: str | None
    program: bytes | None
    characters: str

    @property
    def subset(self) -> bool:
        return bool(_SUBSET_TAG.match(self.base_font))


def embedded_fonts(pdf_bytes: bytes) -> list[EmbeddedFont]:
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        return _embedded_fonts(pdf)


def _embedded_fonts(pdf: pikepdf.Pdf) -> list[EmbeddedFont]:
    """Every font the pages use, in their resources and those of their forms and patterns."""
    fonts: dict[str, EmbeddedFont] = {}
    seen: set[tuple[int, int]] = set()
    pending = [page.obj.get("/Resources") for page in pdf.pages]
    while pending:
        resources = pending.pop()
        if not isinstance(resources, pikepdf.Dictionary):
            continue
        for font in resources.get("/Font", {}).values():
            base = str(font.get("/BaseFont", "?")).lstrip("/")
            if base not in fonts:
                fonts[base] = _describe(font, base)
        for group in ("/XObject", "/Pattern"):
            for child in resources.get(group, {}).values():
                if isinstance(child, pikepdf.Stream) and child.objgen not in seen:
                    seen.add(child.objgen)
                    pending.append(child.get("/Resources"))
    return list(fonts.values())


def _describe(font, base: str) -> EmbeddedFont:
    descriptor = font.get("/FontDescriptor")
    if "/DescendantFonts" in font:
        descriptor = font.DescendantFonts[0].get("/FontDescriptor")
    program = None
    if descriptor is not None:
        stream = next((descriptor[k] for k in ("/FontFile2", "/FontFile3", "/FontFile")
                       if k in descriptor), None)
        program = stream.read_bytes() if stream is not None else None
    name = None
    if program:
        try:
            with TTFont(io.BytesIO(program), lazy=True) as parsed:
                name = parsed["name"].getDebugName(6)
        except Exception:  # a font program fontTools cannot read is simply not one of ours
            name = None
    characters = _to_unicode(font["/ToUnicode"].read_bytes()) if "/ToUnicode" in font else ""
    return EmbeddedFont(base, name, program, characters)


def _to_unicode(cmap: bytes) -> str:
    """The characters a ToUnicode CMap maps glyphs to (bfchar and bfrange entries)."""
    chars: set[str] = set()
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", cmap, re.S):
        values = _HEX.findall(block)
        chars.update(_utf16(v) for v in values[1::2])
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", cmap, re.S):
        for line in block.strip().splitlines():
            values = _HEX.findall(line)
            if len(values) == 3:
                start, end, first = (int(v, 16) for v in values)
                chars.update(chr(first + i) for i in range(end - start + 1))
    return "".join(sorted(chars))


def _utf16(hex_value: bytes) -> str:
    return bytes.fromhex(hex_value.decode()).decode("utf-16-be", errors="replace")


def foreign_fonts(pdf_bytes: bytes, fonts_dir: Path) -> list[EmbeddedFont]:
    """Fonts in the PDF that are not an embedded subset of a font in fonts/."""
    return _foreign(embedded_fonts(pdf_bytes), fonts_dir)


def _foreign(fonts: list[EmbeddedFont], fonts_dir: Path | None) -> list[EmbeddedFont]:
    """Fonts not embedded as a subset, or (with fonts_dir) not of a font in fonts_dir."""
    ours = {font.postscript_name for font in bundled_fonts(fonts_dir)} if fonts_dir else None
    return [font for font in fonts if not (font.program and font.subset and (
        ours is None or font.postscript_name in ours))]


# ---- Rules -------------------------------------------------------------------------------------

MM = 72 / 25.4                         # points per millimetre
STANDARD_BLEED_MM = 3.0                # without the issue's layout
BOX_TOLERANCE_PT = 0.05
TRIM_TOLERANCE_MM = 0.1
MAX_INK_PERCENT = 300.0
MIN_PPI, MAX_PPI = 200.0, 450.0
SOFT = "dưới"  # how the warning about a photo under MIN_PPI begins
MIN_COLOUR_TEXT_PT, MIN_COLOUR_BOLD_TEXT_PT = 9.0, 7.0
SIZE_TOLERANCE_PT = 0.01
PRINT_NAME = re.compile(r"^(?P<series>.+)-(?P<month>\d{4}-\d{2})-ban-in\.pdf$")
SHOWN = 5                              # places listed in a detail before "and N more"
_NO_ISSUE = "không biết tệp thuộc số nào; hãy chạy lại với --issue THƯ_MỤC_SỐ."

LABELS = {
    "fonts": "Phông chữ",
    "pages": "Số trang",
    "licence": "Số trang theo giấy phép",
    "trim": "Khổ thành phẩm",
    "boxes": "TrimBox và BleedBox (tràn lề)",
    "pdfx": "PDF/X và hồ sơ màu CMYK",
    "black_text": "Chữ và nét kẻ trên bản đen (K)",
    "ink": "Tổng lượng mực",
    "resolution": "Độ phân giải ảnh",
    "annotations": "Annotation (liên kết, ghi chú)",
    "black_only": "Chỉ in một màu đen",
    "print_run": "Số lượng in ở trang cuối",
}
_STATUS = {"passed": "ĐẠT", "warning": "CẢNH BÁO", "failed": "LỖI", "skipped": "BỎ QUA"}


@dataclass(frozen=True)
class Result:
    """One check's verdict on one file."""

    name: str
    passed: bool | None                # None: skipped (detail says why)
    detail: str
    warnings: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return LABELS[self.name]

    @property
    def status(self) -> str:
        if self.passed is None:
            return "skipped"
        if not self.passed:
            return "failed"
        return "warning" if self.warnings else "passed"

    def line(self) -> str:
        text = f"[{_STATUS[self.status]}] {self.label}: {self.detail}"
        return text + "".join(f" Cảnh báo: {warning}" for warning in self.warnings)

    def as_json(self) -> dict:
        return {"name": self.name, "label": self.label, "status": self.status,
                "passed": self.passed, "detail": self.detail, "warnings": list(self.warnings)}


@dataclass(frozen=True)
class Report:
    """Every check on one file."""

    file: Path | None
    issue: str | None                  # the issue the file was checked against
    results: tuple[Result, ...]
    colour_pages: tuple[int, ...] = ()  # page numbers (from 1) with ink on C, M or Y

    @property
    def passed(self) -> bool:
        return all(result.passed is not False for result in self.results)

    @property
    def failures(self) -> tuple[Result, ...]:
        return tuple(result for result in self.results if result.passed is False)

    def lines(self) -> list[str]:
        against = f" (số {self.issue})" if self.issue else ""
        counts = {status: sum(r.status == status for r in self.results) for status in _STATUS}
        summary = (f"{counts['passed'] + counts['warning']} đạt"
                   + (f" ({counts['warning']} có cảnh báo)" if counts["warning"] else "")
                   + f", {counts['failed']} lỗi, {counts['skipped']} bỏ qua")
        verdict = "sẵn sàng gửi nhà in" if self.passed else "CHƯA gửi nhà in được"
        return ([f"Kiểm tra trước khi in: {self.file}{against}"]
                + [f"  {result.line()}" for result in self.results]
                + [f"  Kết quả: {summary}; tệp {verdict}."])

    def as_json(self) -> dict:
        return {"file": str(self.file) if self.file else None, "issue": self.issue,
                "passed": self.passed, "checks": [result.as_json() for result in self.results]}


@dataclass
class Subject:
    """What the checks look at: the PDF, opened once, and what is known around it."""

    pdf: pikepdf.Pdf
    data: bytes
    issue: Issue | None
    no_issue: str = ""                 # why there is no issue, for the checks that need one
    fonts_dir: Path | None = None

    @cached_property
    def inks(self) -> Inks:
        return read_inks(self.pdf)

    @cached_property
    def coloured(self) -> list[int]:
        """Indices (from 0) of the pages with ink on C, M or Y."""
        return colour_pages(self.inks)


def run(pdf_bytes: bytes, issue: Issue | None = None, *, fonts_dir: Path | None = None,
        black_only: bool = False, no_issue: str = "", file: Path | None = None,
        checks: tuple = ()) -> Report:
    """Every check on a print PDF (or the checks given). Without an issue, the checks needing
    it are skipped, saying no_issue; fonts_dir defaults to the issue's project fonts/."""
    if issue is not None and fonts_dir is None:
        fonts_dir = issue.root / "fonts"
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        subject = Subject(pdf, pdf_bytes, issue, no_issue or _NO_ISSUE, fonts_dir)
        checks = (checks or CHECKS) + ((check_black_only,) if black_only else ())
        results = tuple(check(subject) for check in checks)
        # Found by the ink check; the reader's checks leave it out, and reading every page's
        # inks is a tenth of a preview's rebuild.
        coloured = tuple(index + 1 for index in subject.coloured) if check_ink in checks else ()
    return Report(file, issue.id if issue else None, results, coloured)


def _passed(name: str, detail: str, warnings=()) -> Result:
    return Result(name, True, detail, tuple(warnings))


def _failed(name: str, detail: str, warnings=()) -> Result:
    return Result(name, False, detail, tuple(warnings))


def _skipped(name: str, why: str) -> Result:
    return Result(name, None, why)


# ---- The checks --------------------------------------------------------------------------------

def check_fonts(subject: Subject) -> Result:
    fonts = _embedded_fonts(subject.pdf)
    foreign = _foreign(fonts, subject.fonts_dir)
    if not foreign:
        where = ("của phông trong fonts/" if subject.fonts_dir
                 else "(chưa so với thư mục fonts/: không tìm thấy kho bản tin)")
        return _passed("fonts", f"{len(fonts)} phông, đều nhúng dạng tập con (subset) {where}.")
    described = []
    for font in foreign[:SHOWN]:
        if not font.program:
            why = "không nhúng"
        elif not font.subset:
            why = "nhúng cả phông, không phải tập con"
        else:
            why = "không phải phông trong thư mục fonts/"
        shown = ", ".join(f"“{c}” (U+{ord(c):04X})" for c in font.characters[:20]) or "không rõ"
        described.append(f"{font.base_font} ({why}) cho các ký tự: {shown}")
    return _failed("fonts", (
        f"{len(foreign)} phông không hợp lệ: " + "; ".join(described) + _more(foreign)
        + ". Chỉ dùng phông trong fonts/ (xem fonts/fonts.css); hãy thay hoặc xóa các ký tự "
          "này trong bài."))


def check_pages(subject: Subject) -> Result:
    pages = len(subject.pdf.pages)
    wrong = []
    if pages == 0:
        wrong.append("tệp không có trang nào")
    elif pages % 4:
        wrong.append(f"không chia hết cho 4 (đóng ghim giữa cần bội số của 4; thêm "
                     f"{-pages % 4} trang trắng trước trang cuối)")
    if pages > MAX_PAGES:
        wrong.append(f"vượt {MAX_PAGES} trang, số trang tối đa của bản tin (Luật Báo chí, Điều 34)")
    if wrong:
        return _failed("pages", f"{pages} trang: " + "; ".join(wrong) + ".")
    return _passed("pages", f"{pages} trang: chia hết cho 4, không quá {MAX_PAGES} trang.")


def check_licence(subject: Subject) -> Result:
    if subject.issue is None:
        return _skipped("licence", subject.no_issue)
    pages, licence = len(subject.pdf.pages), subject.issue.licence
    if pages > licence.pages:
        return _failed("licence", (
            f"{pages} trang, vượt số trang giấy phép {licence.number} cho phép "
            f"({licence.pages} trang). Hãy bớt bài hoặc rút ngắn bài."))
    return _passed("licence", f"{pages} trang, trong {licence.pages} trang giấy phép "
                              f"{licence.number} cho phép.")


def check_trim(subject: Subject) -> Result:
    sizes = {}
    for index, page in enumerate(subject.pdf.pages):
        if "/TrimBox" in page.obj:
            x0, y0, x1, y1 = _box(page.obj.TrimBox)
            sizes.setdefault((round((x1 - x0) / MM, 1), round((y1 - y0) / MM, 1)), index)
    if not sizes:
        return _failed("trim", "không trang nào có TrimBox nên không biết khổ thành phẩm; "
                               "bản in phải khai báo TrimBox.")
    wrong = []
    for size, index in sizes.items():
        if max(size) > max(MAX_TRIM_MM) + TRIM_TOLERANCE_MM or \
                min(size) > min(MAX_TRIM_MM) + TRIM_TOLERANCE_MM:
            wrong.append(f"trang {index + 1}: {_size(size)} lớn hơn 19 × 27 cm, khổ tối đa của "
                         "bản tin (Luật Báo chí, Điều 34)")
        if subject.issue is not None and any(
                abs(a - b) > TRIM_TOLERANCE_MM for a, b in zip(size, subject.issue.layout.trim_mm)):
            wrong.append(f"trang {index + 1}: {_size(size)}, khác khổ của bố cục "
                         f"{subject.issue.layout.name} ({_size(subject.issue.layout.trim_mm)})")
    shown = ", ".join(_size(size) for size in sizes)
    if wrong:
        return _failed("trim", "; ".join(wrong[:SHOWN]) + _more(wrong) + ".")
    layout = f", đúng khổ bố cục {subject.issue.layout.name}" if subject.issue else ""
    return _passed("trim", f"{shown}, trong khổ tối đa 19 × 27 cm{layout}.")


def check_boxes(subject: Subject) -> Result:
    bleed_mm = subject.issue.layout.bleed_mm if subject.issue else STANDARD_BLEED_MM
    bleed = bleed_mm * MM
    wrong, trims = [], set()
    for index, page in enumerate(subject.pdf.pages):
        missing = [key[1:] for key in ("/TrimBox", "/BleedBox") if key not in page.obj]
        if missing:
            wrong.append(f"trang {index + 1} thiếu {' và '.join(missing)}")
            continue
        trim, bleed_box = _box(page.obj.TrimBox), _box(page.obj.BleedBox)
        media = _box(page.mediabox)
        trims.add(tuple(round(v, 1) for v in (trim[2] - trim[0], trim[3] - trim[1])))
        sides = (trim[0] - bleed_box[0], trim[1] - bleed_box[1], bleed_box[2] - trim[2],
                 bleed_box[3] - trim[3])
        if any(abs(side - bleed) > BOX_TOLERANCE_PT for side in sides):
            shown = ", ".join(_mm(side / MM) for side in sides)
            wrong.append(f"trang {index + 1}: tràn lề {shown} mm (trái, dưới, phải, trên), "
                         f"phải là {_mm(bleed_mm)} mm mỗi cạnh")
        tolerance = BOX_TOLERANCE_PT
        if (bleed_box[0] < media[0] - tolerance or bleed_box[1] < media[1] - tolerance
                or bleed_box[2] > media[2] + tolerance or bleed_box[3] > media[3] + tolerance):
            wrong.append(f"trang {index + 1}: BleedBox vượt ra ngoài MediaBox")
    if len(trims) > 1:
        wrong.append("các trang có TrimBox khác cỡ nhau")
    origin = (f"bố cục {subject.issue.layout.name}" if subject.issue
              else "mức chuẩn; chưa biết bố cục của số")
    if wrong:
        return _failed("boxes", "; ".join(wrong[:SHOWN]) + _more(wrong)
                       + f" (tràn lề theo {origin}).")
    return _passed("boxes", f"mọi trang ({len(subject.pdf.pages)}) có TrimBox và BleedBox; "
                            f"tràn lề {_mm(bleed_mm)} mm mỗi cạnh, theo {origin}.")


def check_pdfx(subject: Subject) -> Result:
    pdf, wrong = subject.pdf, []
    intents = [intent for intent in pdf.Root.get("/OutputIntents", [])
               if intent.get("/S") == "/GTS_PDFX"]
    condition = None
    if not intents:
        wrong.append("không có output intent PDF/X (/GTS_PDFX) khai báo điều kiện in")
    else:
        intent = intents[0]
        condition = str(intent.get("/OutputConditionIdentifier", "")) or "không tên"
        profile = intent.get("/DestOutputProfile")
        header = profile.read_bytes()[:20] if isinstance(profile, pikepdf.Stream) else b""
        if len(header) < 20 or header[16:20] != b"CMYK":
            wrong.append("output intent không kèm hồ sơ màu CMYK (DestOutputProfile)")
    version = _pdfx_version(pdf)
    if version is None:
        wrong.append("không khai báo phiên bản PDF/X (GTS_PDFXVersion) trong siêu dữ liệu")
    rgb_pages = sorted({p.page for p in subject.inks.paints if p.colour.family == "rgb"}
                       | {i.page for i in subject.inks.images if i.family == "rgb"})
    if rgb_pages:
        wrong.append(f"có màu RGB ở {_pages(rgb_pages)}: bản in chỉ được dùng CMYK hoặc xám "
                     "(nhà in sẽ tự chuyển RGB, chữ đen thành đen bốn màu)")
    if wrong:
        return _failed("pdfx", "; ".join(wrong) + ".")
    return _passed("pdfx", f"{version}, output intent “{condition}” với hồ sơ màu CMYK; "
                           "không có màu RGB.")


def check_black_text(subject: Subject) -> Result:
    body = subject.inks.body_size
    rules = {
        "stroke": "nét kẻ chỉ được in bằng mực K",
        "device": "chữ phải in bằng màu CMYK hoặc xám",
        "body": f"chữ thân bài ({_pt(body or 0)} pt) phải in bằng mực K",
        "small": (f"chữ màu hay chữ trắng trên nền màu phải từ {_pt(MIN_COLOUR_TEXT_PT)} pt "
                  f"({_pt(MIN_COLOUR_BOLD_TEXT_PT)} pt nếu chữ đậm), nhỏ hơn thì in bằng mực K"),
    }
    wrong: dict[str, list[tuple[int, str]]] = {}
    allowed = []
    for paint in subject.inks.paints:
        if paint.kind == "stroke" and paint.colour.on_cmy():
            wrong.setdefault("stroke", []).append((paint.page, f"nét kẻ {paint.colour}"))
        if paint.kind != "text" or paint.colour.black_plate():
            continue
        what = f"chữ {_pt(paint.size_pt)} pt{' đậm' if paint.bold else ''} màu {paint.colour}"
        if paint.colour.plates is None:
            rule = "device"
        elif body is not None and not paint.bold and abs(paint.size_pt - body) <= SIZE_TOLERANCE_PT:
            rule = "body"
        elif paint.size_pt + SIZE_TOLERANCE_PT < (
                MIN_COLOUR_BOLD_TEXT_PT if paint.bold else MIN_COLOUR_TEXT_PT):
            rule = "small"
        else:
            allowed.append(paint)
            continue
        wrong.setdefault(rule, []).append((paint.page, what))
    if wrong:
        parts = []
        for rule, found in wrong.items():
            places = _grouped(found)
            parts.append(f"{rules[rule]}: " + ", ".join(places[:SHOWN]) + _more(places))
        return _failed("black_text", "; ".join(parts) + ".")
    detail = "mọi nét kẻ và chữ thân bài in bằng mực K"
    if allowed:
        sizes = sorted({paint.size_pt for paint in allowed})
        detail += (f"; chữ màu hoặc chữ trắng trên nền màu chỉ ở cỡ lớn hay đậm "
                   f"({_pt(sizes[0])}–{_pt(sizes[-1])} pt) ở {_pages({p.page for p in allowed})}")
    return _passed("black_text", detail + ".")


def check_ink(subject: Subject) -> Result:
    limit = MAX_INK_PERCENT + INK_STEP_PERCENT
    wrong, unknown = [], []
    heaviest: tuple[float, int, str] | None = None
    for paint in subject.inks.paints:
        ink = paint.colour.total_ink
        if ink is None:
            unknown.append((paint.page, f"màu {paint.colour}"))
            continue
        kind = {"text": "chữ", "stroke": "nét kẻ", "fill": "nền"}[paint.kind]
        if ink > limit:
            wrong.append((paint.page, f"{kind} màu {paint.colour} ({_percent(ink)} %)"))
        if heaviest is None or ink > heaviest[0]:
            heaviest = (ink, paint.page, kind)
    heaviest_image = None
    for image in subject.inks.images:
        if image.max_ink is None:
            unknown.append((image.page, f"ảnh {image.family.upper()}"))
            continue
        if image.max_ink > limit:
            wrong.append((image.page, f"ảnh có điểm ảnh {_percent(image.max_ink)} %"))
        if heaviest_image is None or image.max_ink > heaviest_image[0]:
            heaviest_image = (image.max_ink, image.page)
    warnings = []
    if unknown:
        places = _grouped(unknown)
        warnings.append("không đo được lượng mực của " + "; ".join(places[:SHOWN]) + _more(places)
                        + " (không phải màu CMYK hay xám).")
    if wrong:
        places = _grouped(wrong)
        return _failed("ink", (f"vượt {_percent(MAX_INK_PERCENT)} % ở " + "; ".join(places[:SHOWN])
                               + _more(places) + ". Giảm màu nền hoặc chuyển ảnh sang CMYK qua "
                                                 "hồ sơ màu của bản in."), warnings)
    parts = []
    if heaviest:
        parts.append(f"chữ, nét, nền tối đa {_percent(heaviest[0])} % "
                     f"({heaviest[2]}, trang {heaviest[1] + 1})")
    if heaviest_image:
        parts.append(f"ảnh tối đa {_percent(heaviest_image[0])} % (trang {heaviest_image[1] + 1})")
    coloured = subject.coloured
    where = f"; có mực C, M, Y ở {_pages(coloured)}" if coloured else "; chỉ có mực K"
    return _passed("ink", f"không quá {_percent(MAX_INK_PERCENT)} %: "
                   + ", ".join(parts or ["không có màu nào đo được"]) + where + ".", warnings)


def check_resolution(subject: Subject) -> Result:
    from bulletin_press.press.images import placements

    drawn = placements(subject.pdf)
    if not drawn:
        return _passed("resolution", "không có ảnh.")
    low = [p for p in drawn if p.effective_ppi < MIN_PPI]
    high = [p for p in drawn if p.effective_ppi > MAX_PPI]
    lowest = min(p.effective_ppi for p in drawn)
    highest = max(p.effective_ppi for p in drawn)
    spread = (f"{len(drawn)} ảnh, " + (f"từ {_ppi(lowest)} đến {_ppi(highest)}"
                                       if _ppi(lowest) != _ppi(highest) else _ppi(lowest))
              + " ppi hiệu dụng")
    warnings = []
    if high:
        places = [f"trang {p.page + 1} ({_ppi(p.effective_ppi)} ppi)" for p in high]
        warnings.append(f"ảnh trên {_ppi(MAX_PPI)} ppi, thừa dung lượng: "
                        + ", ".join(places[:SHOWN]) + _more(places) + ".")
    if low:
        places = [_soft_image(p) for p in low]
        warnings.append(f"{SOFT} {_ppi(MIN_PPI)} ppi sẽ in mờ: " + "; ".join(places[:SHOWN])
                        + _more(places) + ". Hãy dùng ảnh gốc lớn hơn hoặc in ảnh nhỏ hơn.")
    return _passed("resolution", f"{spread} (nên từ {_ppi(MIN_PPI)} trở lên).", warnings)


def _soft_image(placement) -> str:
    """Where a soft image is, how large, and the pixels it would need: enough for an editor to
    find the photo in img/ (the PDF does not know its file name)."""
    width_pt, height_pt = placement.size_pt
    needed = [math.ceil(pt / 72 * MIN_PPI) for pt in (width_pt, height_pt)]
    return (f"trang {placement.page + 1}: ảnh {placement.size_px[0]} × {placement.size_px[1]} "
            f"điểm ảnh in {_mm(width_pt / MM)} × {_mm(height_pt / MM)} mm "
            f"({_ppi(placement.effective_ppi)} ppi; cần ít nhất {needed[0]} × {needed[1]} "
            "điểm ảnh)")


def check_annotations(subject: Subject) -> Result:
    found = []
    for index, page in enumerate(subject.pdf.pages):
        annotations = page.obj.get("/Annots")
        if annotations is not None and len(annotations):
            kinds = sorted({str(a.get("/Subtype", "?")).lstrip("/") for a in annotations})
            found.append(f"trang {index + 1} ({len(annotations)}: {', '.join(kinds)})")
    if found:
        return _failed("annotations", "có annotation ở " + ", ".join(found[:SHOWN]) + _more(found)
                       + "; PDF/X không cho phép annotation trong bản in.")
    return _passed("annotations", "không trang nào có annotation.")


def check_black_only(subject: Subject) -> Result:
    step = INK_STEP_PERCENT
    wrong = []
    for paint in subject.inks.paints:
        if paint.colour.on_cmy():
            kind = {"text": "chữ", "stroke": "nét kẻ", "fill": "nền"}[paint.kind]
            wrong.append((paint.page, f"{kind} màu {paint.colour}"))
    for image in subject.inks.images:
        if image.family == "gray":
            continue
        if image.family != "cmyk" or image.max_cmy is None:
            wrong.append((image.page, f"ảnh {image.family.upper()}"))
        elif image.max_cmy > step:
            wrong.append((image.page, f"ảnh CMYK có mực C, M, Y đến {_percent(image.max_cmy)} %"))
    if wrong:
        places = _grouped(wrong)
        return _failed("black_only", ("bản một màu có mực C, M, Y hoặc màu RGB ở "
                                      + "; ".join(places[:SHOWN]) + _more(places) + "."))
    return _passed("black_only", "mọi chữ, nét, nền và ảnh chỉ dùng mực K (ảnh xám).")


def check_print_run(subject: Subject) -> Result:
    if subject.issue is None:
        return _skipped("print_run", subject.no_issue)
    copies = subject.issue.print.copies
    expected = f"Số lượng: {format_number(copies)} bản"
    pages = len(subject.pdf.pages)
    text = _page_text(subject.data, pages - 1) if pages else ""
    found = re.findall(r"Số lượng: ?([\d.]+) ?bản", text)
    if not found:
        return _failed("print_run", f"trang cuối không có dòng “Số lượng: … bản”; tệp khai báo "
                                    f"số in {format_number(copies)} bản.")
    if any(int(number.replace(".", "")) != copies for number in found):
        shown = ", ".join(f"“Số lượng: {n} bản”" for n in found)
        return _failed("print_run", f"trang cuối ghi {shown}, khác số lượng in trong tệp khai "
                                    f"báo ({format_number(copies)} bản). Hãy dựng lại số này.")
    return _passed("print_run", f"trang cuối ghi “{expected}”, đúng tệp khai báo.")


CHECKS = (check_fonts, check_pages, check_licence, check_trim, check_boxes, check_pdfx,
          check_black_text, check_ink, check_resolution, check_annotations, check_print_run)
# What holds for the reader PDF too: the same fonts, pages and back page as the print file.
READER_CHECKS = (check_fonts, check_pages, check_licence, check_print_run)


# ---- On every build ----------------------------------------------------------------------------

def check_print_file(pdf_bytes: bytes, issue: Issue, checks: tuple = CHECKS) -> Report:
    """Refuse a print file that fails a check; its report otherwise."""
    report = run(pdf_bytes, issue, checks=checks)
    where = {"licence": issue.series.file, "trim": issue.layout.directory / "layout.yaml",
             "boxes": issue.layout.directory / "layout.yaml"}
    problems = [Problem(where.get(r.name, issue.file), None,
                        f"bản in không đạt kiểm tra “{r.label}”: {r.detail}")
                for r in report.failures]
    if problems:
        raise BulletinError(problems)
    return report


def build_warnings(report: Report, issue: Issue) -> tuple[Problem, ...]:
    """A report's warnings as the build's; a soft photo is left to press/resolution.py, which
    names its file."""
    return tuple(Problem(issue.file, None, f"bản in, {r.label.lower()}: {warning}")
                 for r in report.results for warning in r.warnings
                 if not (r.name == "resolution" and warning.startswith(SOFT)))


# ---- bulletin preflight: a file and its issue --------------------------------------------------

def check_file(path: Path, issue_dir: Path | None = None, black_only: bool = False) -> Report:
    """Check a PDF on disk against issue_dir, or the issue found from where the file lies."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise BulletinError([os_problem(path, error, "đọc")]) from None
    if issue_dir is not None:
        issue, no_issue = load_issue(issue_dir), ""
    else:
        issue, no_issue = find_issue(path)
    fonts_dir = issue.root / "fonts" if issue else _project_fonts(path)
    try:
        return run(data, issue, fonts_dir=fonts_dir, black_only=black_only, no_issue=no_issue,
                   file=path)
    except pikepdf.PdfError as error:
        raise BulletinError([Problem(path, None, (
            f"không đọc được tệp PDF ({error}); tệp hỏng hoặc không phải PDF."))]) from None


def find_issue(path: Path) -> tuple[Issue | None, str]:
    """The issue a print PDF belongs to, from where it lies: build/<YYYY-MM>/ or
    bulletins/<YYYY-MM>/xuat-ban/ of a project, named <series>-<YYYY-MM>-ban-in.pdf. Without
    one, the reason, for the checks that are skipped."""
    path = Path(path).resolve()
    name = PRINT_NAME.match(path.name)
    folder = path.parent
    if name is None:
        return None, (f"tên tệp không theo mẫu <bản tin>-<NĂM-THÁNG>-ban-in.pdf nên không biết "
                      f"tệp thuộc số nào; hãy chạy lại với --issue THƯ_MỤC_SỐ.")
    month = name["month"]
    if folder.name == month and folder.parent.name == "build":
        issue_dir = folder.parent.parent / "bulletins" / month
    elif folder.name == PUBLISHED_DIR and folder.parent.name == month:
        issue_dir = folder.parent
    else:
        return None, (f"tệp không nằm trong build/{month}/ hay bulletins/{month}/{PUBLISHED_DIR}/ "
                      f"của một kho bản tin nên không biết tệp thuộc số nào; hãy chạy lại với "
                      f"--issue THƯ_MỤC_SỐ.")
    if not (issue_dir / "issue.yaml").is_file():
        return None, f"không thấy {issue_dir / 'issue.yaml'}; hãy chạy lại với --issue THƯ_MỤC_SỐ."
    try:
        issue = load_issue(issue_dir)
    except BulletinError as error:
        return None, (f"tệp khai báo của số {month} có {len(error.problems)} lỗi (xem: bulletin "
                      f"check {issue_dir}); hãy sửa rồi chạy lại.")
    if issue.series.slug != name["series"]:
        return None, (f"tệp mang tên bản tin “{name['series']}” nhưng số {month} thuộc bản tin "
                      f"“{issue.series.slug}”; hãy chạy lại với --issue THƯ_MỤC_SỐ.")
    return issue, ""


def _project_fonts(path: Path) -> Path | None:
    for start in (Path(path).resolve().parent, Path.cwd()):
        try:
            return find_root(start) / "fonts"
        except BulletinError:
            continue
    return None


# ---- Reading and saying ------------------------------------------------------------------------

def _box(array) -> tuple[float, float, float, float]:
    x0, y0, x1, y1 = (float(v) for v in array)
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


def _pdfx_version(pdf: pikepdf.Pdf) -> str | None:
    if "/Metadata" in pdf.Root:
        xml = pdf.Root.Metadata.read_bytes().decode("utf-8", errors="replace")
        match = re.search(r"GTS_PDFXVersion(?:>|=\")\s*([^<\"]+?)\s*[<\"]", xml)
        if match:
            return match[1]
    version = pdf.trailer.get("/Info", {}).get("/GTS_PDFXVersion")
    return str(version) if version is not None else None




def _page_text(pdf_bytes: bytes, index: int) -> str:
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf_bytes)
    try:
        text = document[index].get_textpage().get_text_range()
    finally:
        document.close()
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text))


def _pages(indices) -> str:
    """Page indices (from 0) as 'trang 1, 3, 7–9'."""
    numbers = sorted({i + 1 for i in indices})
    runs: list[list[int]] = []
    for number in numbers:
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    return "trang " + ", ".join(f"{r[0]}–{r[-1]}" if len(r) > 2 else ", ".join(map(str, r))
                                for r in runs)


def _grouped(found: list[tuple[int, str]]) -> list[str]:
    """(page index, what) pairs as 'what (trang 1, 3–5)', one entry for each what."""
    pages: dict[str, set[int]] = {}
    for page, what in found:
        pages.setdefault(what, set()).add(page)
    return [f"{what} ({_pages(indices)})" for what, indices in pages.items()]


def _more(items) -> str:
    return f" và {len(items) - SHOWN} chỗ khác" if len(items) > SHOWN else ""


def _decimal(value: float, decimals: int = 1) -> str:
    """A number with at most `decimals` decimals, Vietnamese style, no trailing zeros."""
    text = format_number(value, decimals)
    return text.rstrip("0").rstrip(",") if "," in text else text


def _pt(value: float) -> str:
    return _decimal(value, 1)


def _mm(value: float) -> str:
    return _decimal(value, 1)


def _ppi(value: float) -> str:
    return "vô cực" if math.isinf(value) else format_number(value)


def _percent(value: float) -> str:
    return _decimal(value, 1)


def _size(size_mm) -> str:
    width, height = size_mm
    return f"{_decimal(width / 10, 2)} × {_decimal(height / 10, 2)} cm"
