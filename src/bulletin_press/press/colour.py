"""The black-only print file, for a one-colour press: everything on the black plate.

Every colour the page draws (text, rules, fills, in DeviceCMYK, DeviceRGB, DeviceGray or an
ICC-based space) becomes the DeviceGray of the same lightness, and every image is converted
to DeviceGray; under the file's CMYK output intent DeviceGray prints on K alone. Only colours
change: the text, the positions and the page boxes are those of the colour print file.
"""

from __future__ import annotations

import io

import pikepdf
from pikepdf import Name, Operator

from bulletin_press.press.finish import PRINT_JPEG_QUALITY, PRINT_PPI, saved
from bulletin_press.press.images import resample

# Operators that set a colour with its space implied, and their grey equivalents.
_IMPLIED = {"k": ("g", 4), "K": ("G", 4), "rg": ("g", 3), "RG": ("G", 3)}
_SET_SPACE = {"cs": "fill", "CS": "stroke"}
_SET_COLOUR = {"sc": "fill", "scn": "fill", "SC": "stroke", "SCN": "stroke"}


def black_only(print_pdf: bytes) -> bytes:
    """The print PDF with every colour and image on the black plate."""
    pdf = resample(print_pdf, PRINT_PPI, "gray", None, PRINT_JPEG_QUALITY)
    with pikepdf.open(io.BytesIO(pdf)) as document:
        done: set = set()
        for page in document.pages:
            _rewrite(page.obj, page.obj.get("/Resources"), done, document)
        return saved(document)


def grey(values: list[float]) -> float:
    """The DeviceGray level (0 black, 1 white) of a grey, RGB or CMYK colour, by lightness."""
    if len(values) == 1:
        return values[0]
    if len(values) == 4:
        c, m, y, k = values
        values = [(1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k)]
    red, green, blue = values
    return 0.299 * red + 0.587 * green + 0.114 * blue


def _rewrite(holder, resources, done: set, document: pikepdf.Pdf) -> None:
    """Rewrite the content of a page or form, then of the forms it draws."""
    key = holder.objgen
    if key in done and key != (0, 0):
        return
    done.add(key)
    spaces = {"fill": 1, "stroke": 1}  # components of the current colour space
    saved_spaces = []                  # q and Q save and restore it with the graphics state
    commands = []
    for operands, operator in pikepdf.parse_content_stream(holder):
        name = str(operator)
        if name == "q":
            saved_spaces.append(dict(spaces))
        elif name == "Q" and saved_spaces:
            spaces = saved_spaces.pop()
        elif name in _IMPLIED:
            replacement, _ = _IMPLIED[name]
            operands, operator = [_number(grey([float(v) for v in operands]))], Operator(replacement)
        elif name in _SET_SPACE:
            spaces[_SET_SPACE[name]] = _components(operands[0], resources)
            if spaces[_SET_SPACE[name]]:
                operands = [Name.DeviceGray]
        elif name in _SET_COLOUR and spaces[_SET_COLOUR[name]] and len(operands) in (1, 3, 4):
            operands = [_number(grey([float(v) for v in operands]))]
        commands.append((operands, operator))
    content = pikepdf.unparse_content_stream(commands)
    if isinstance(holder, pikepdf.Stream):
        holder.write(content)
    else:
        holder.Contents = document.make_stream(content)
    for xobject in (resources or {}).get("/XObject", {}).values():
        if xobject.get("/Subtype") == Name.Form:
            _rewrite(xobject, xobject.get("/Resources", resources), done, document)
    for pattern in (resources or {}).get("/Pattern", {}).values():
        if isinstance(pattern, pikepdf.Stream):
            _rewrite(pattern, pattern.get("/Resources", resources), done, document)


def _components(space, resources) -> int:
    """The number of components of a colour space operand; 0 for one left alone (Pattern)."""
    if space in (Name.DeviceGray, Name.DeviceRGB, Name.DeviceCMYK):
        return {Name.DeviceGray: 1, Name.DeviceRGB: 3, Name.DeviceCMYK: 4}[space]
    named = (resources or {}).get("/ColorSpace", {}).get(space)
    if isinstance(named, pikepdf.Array) and named[0] == Name.ICCBased:
        return int(named[1].N)
    return 0


def _number(value: float) -> float:
    return round(min(1.0, max(0.0, value)), 4)
