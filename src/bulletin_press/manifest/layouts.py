"""Print layouts: folders under layouts/ holding layout.yaml, templates and CSS."""

from __future__ import annotations

import re
from pathlib import Path

from bulletin_press.errors import BulletinError, Problem, Problems
from bulletin_press.manifest import yamlfile
from bulletin_press.model import Layout

SHARED = "_shared"
# Templates of the archive's own pages (index web page, yearly report). No issue reads them, so
# they are not among an issue's inputs: changing them changes no bulletin's bytes.
ARCHIVE = "_archive"
# The web edition's template and stylesheet, whatever the print layout. Not an input of an
# issue either (web/__init__.py): it changes the web edition only.
WEB = "_web"
# Law on Press 2016, Art. 34 and Circular 41/2020/TT-BTTTT: a bản tin is at most 19 × 27 cm.
MAX_TRIM_MM = (190.0, 270.0)
DEFAULT_BLEED_MM, MAX_BLEED_MM = 3, 10
LAYOUT_KEYS = {"title", "trim", "sheet", "press_sheet", "bleed_mm", "cover_colours"}
# Press sheets offset shops buy paper in run from about 32 × 45 cm to 120 × 160 cm; these bounds
# catch a size typed in the wrong unit, not a shop's limits.
PRESS_SHEET_MM = (200.0, 1600.0)
_SIZE = re.compile(r"^\s*(\d+(?:[.,]\d+)?)\s*[x×X]\s*(\d+(?:[.,]\d+)?)\s*(mm|cm)\s*$")


def parse_size(text: str) -> tuple[float, float] | None:
    """'14,8 × 21 cm' or '190 x 270 mm' → (148.0, 210.0) in millimetres."""
    match = _SIZE.match(str(text))
    if not match:
        return None
    scale = 10.0 if match.group(3) == "cm" else 1.0
    return tuple(round(float(match.group(i).replace(",", ".")) * scale, 1) for i in (1, 2))


def press_sheet_problem(press: tuple[float, float] | None, trim: tuple[float, float] | None,
                        text: str) -> str | None:
    """What is wrong with a press sheet written as text (parsed into press), or None.

    It must hold at least two pages of the trim side by side: a folded sheet carries pages
    in pairs.
    """
    low, high = PRESS_SHEET_MM
    if press is None or not all(low <= side <= high for side in press):
        return (f"khổ giấy in “{text}” phải có dạng rộng × cao, mỗi cạnh từ {low / 10:g} đến "
                f"{high / 10:g} cm, ví dụ 65 × 86 cm hoặc 79 × 109 cm.")
    if trim and not any(2 * trim[0] <= wide and trim[1] <= high_side
                        for wide, high_side in (press, press[::-1])):
        width, height = (f"{side / 10:g}".replace(".", ",") for side in trim)
        return (f"khổ giấy in “{text}” không đặt được hai trang khổ {width} × {height} cm cạnh "
                "nhau; hãy chọn khổ giấy in lớn hơn.")
    return None


def available(layouts_dir: Path) -> list[str]:
    return sorted(p.parent.name for p in layouts_dir.glob("*/layout.yaml"))


def load_layout(layouts_dir: Path, name: str) -> Layout:
    """Read layouts_dir/name/layout.yaml (layouts_dir: the project's layouts/ or a frozen copy)."""
    from bulletin_press.manifest.fields import Fields

    path = layouts_dir / name / "layout.yaml"
    if not path.is_file():
        raise BulletinError([Problem(path, None, (
            f"không có bố cục '{name}'. Các bố cục hiện có: {', '.join(available(layouts_dir))}."))])
    doc = yamlfile.load(path)
    problems = Problems()
    fields = Fields(doc, problems)
    data = fields.mapping(doc.data, (), LAYOUT_KEYS)
    title = fields.get(data, ("title",), str, required=False) or name
    trim, sheet = parse_size(data.get("trim", "")), parse_size(data.get("sheet", ""))
    if trim is None or sheet is None:
        fields.error(("trim" if trim is None else "sheet",), (
            "'trim' là khổ thành phẩm (ví dụ 14,8 × 21 cm) và 'sheet' là khổ tờ in hai trang "
            "(ví dụ 29,7 × 21 cm); cả hai đều bắt buộc."))
    elif max(trim) > max(MAX_TRIM_MM) or min(trim) > min(MAX_TRIM_MM):
        fields.error(("trim",), "khổ bản tin tối đa là 19 × 27 cm (Luật Báo chí 2016, Điều 34); "
                                "hãy chọn khổ nhỏ hơn.")
    press = None
    if "press_sheet" in data:
        text = str(data["press_sheet"])
        press = parse_size(text)
        problem = press_sheet_problem(press, trim, text)
        if problem:
            fields.error(("press_sheet",), f"'press_sheet' (khổ giấy nhà in mua): {problem}")
    bleed = data.get("bleed_mm", DEFAULT_BLEED_MM)
    if isinstance(bleed, bool) or not isinstance(bleed, (int, float)) or not 0 <= bleed <= MAX_BLEED_MM:
        fields.error(("bleed_mm",), f"'bleed_mm' (tràn lề, mm) phải là một số từ 0 đến "
                                    f"{MAX_BLEED_MM}, thường là 3; không phải “{bleed}”.")
    cover = (fields.colours(data, ("cover_colours",), "màu in bìa của bố cục", blank_back=True)
             if "cover_colours" in data else None)
    problems.raise_if_any()
    return Layout(name=name, directory=path.parent, title=title, trim_mm=trim, sheet_mm=sheet,
                  bleed_mm=float(bleed), press_sheet_mm=press, cover_colours=cover)
