"""Colour and ink in a finished PDF: what every text, stroke, fill and image puts on which plate.

`read(pdf)` walks every page's content stream, as a separations preview would count it: the
colour operators of every colour space WeasyPrint and the finishing pass write (g/G, rg/RG, k/K,
cs/CS with sc/scn/SC/SCN over DeviceGray, DeviceRGB, DeviceCMYK and ICCBased, and also Indexed,
Separation, DeviceN, CalGray, CalRGB, Lab and patterns), tracking q/Q, the CTM and the text
state, into Form XObjects and patterns. It records each painting: text (with its size on the
page and whether its font is bold), strokes and fills, and each image with its colour and, for
grey and CMYK images, the highest total ink and the highest C, M or Y over its pixels.

Choices:
- Colours are read as device values: an ICCBased space of 4 components is CMYK ink as written
  (the output intent's profile describes it), of 1 component grey, of 3 RGB; CalGray is grey,
  CalRGB is RGB. RGB and Lab put no known ink on any plate until a RIP converts them: their ink
  is unknown (None), and they are never "black only".
- DeviceGray g is K = 1 − g. Separation and DeviceN colorants named Cyan, Magenta, Yellow and
  Black are those plates; All is every plate, None no ink; any other name is a spot colour.
- Shadings (`sh` and shading patterns) are read through their function: the colours at both ends
  of each exponential (type 2) piece, stitched (type 3) or not, which bound the blend where it
  is linear; other functions and mesh shadings give an unknown colour.
- A tiling pattern paints what its cell paints (coloured) or the colour given with it
  (uncoloured); a stencil mask (ImageMask) paints the fill colour.
- Text in render mode 3 (invisible) or 7 (clip only), or an empty string, paints nothing.
- Text size is the height of the font size vector on the page: Tf size × text matrix × CTM.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace

import pikepdf
from pikepdf import Name
from pikepdf.models.image import PdfImage
from PIL import Image, ImageChops, ImageMath

PROCESS = ("Cyan", "Magenta", "Yellow", "Black")
_BOLD_NAME = re.compile(r"bold|black|heavy|semibold|demi", re.IGNORECASE)
_FORCE_BOLD = 1 << 18  # FontDescriptor /Flags bit 19
_INVERTED_CMYK = [1.0, 0.0] * 4
_STROKE_OPS, _FILL_OPS, _BOTH_OPS = {"S", "s"}, {"f", "F", "f*"}, {"B", "B*", "b", "b*"}
_TEXT_OPS = {"Tj", "TJ", "'", '"'}
_UNDECODABLE = (pikepdf.PikepdfError, NotImplementedError, ValueError, OSError, KeyError,
                TypeError)


@dataclass(frozen=True)
class Colour:
    """A colour as painted: its family and its component values (0–1)."""

    family: str                     # "gray", "rgb", "cmyk", "lab", "spot" or "unknown"
    values: tuple[float, ...]
    names: tuple[str, ...] = ()     # spot colorants

    @property
    def plates(self) -> tuple[float, float, float, float] | None:
        """Ink on C, M, Y and K (0–1 each), or None when the colour does not say."""
        if self.family == "gray":
            return 0.0, 0.0, 0.0, 1.0 - self.values[0]
        if self.family == "cmyk":
            return self.values  # type: ignore[return-value]
        return None

    @property
    def total_ink(self) -> float | None:
        """C + M + Y + K in percent (spot colours: the sum of their tints)."""
        if self.family == "spot":
            return 100 * sum(self.values)
        plates = self.plates
        return None if plates is None else 100 * sum(plates)

    def on_cmy(self, tolerance: float = 1e-6) -> bool:
        """Ink on cyan, magenta or yellow, or a colour whose plates are not known."""
        plates = self.plates
        return plates is None or max(plates[:3]) > tolerance

    def black_plate(self, tolerance: float = 1e-6) -> bool:
        """Printed by the black plate alone: some K, nothing on C, M or Y."""
        return not self.on_cmy(tolerance) and self.plates[3] > tolerance

    def __str__(self) -> str:
        """As a print shop writes it: C0 M95 Y80 K40, xám K100, RGB 255 0 0, màu pha …"""
        if self.family == "cmyk":
            return " ".join(f"{plate}{_share(v)}" for plate, v in zip("CMYK", self.values))
        if self.family == "gray":
            return f"xám K{_share(1 - self.values[0])}"
        if self.family == "rgb":
            return "RGB " + " ".join(str(round(255 * v)) for v in self.values)
        if self.family == "spot":
            return "màu pha " + ", ".join(f"{name} {_share(v)} %"
                                          for name, v in zip(self.names, self.values))
        if self.family == "lab":
            return "Lab " + " ".join(_share(v / 100) for v in self.values)
        return "màu không rõ"


def _share(value: float) -> str:
    """0.955 → '95,5': a share of 1 in percent, Vietnamese decimal comma, no trailing zero."""
    text = f"{100 * value:.1f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text.replace(".", ",")


@dataclass(frozen=True)
class Paint:
    """One way colour is put on a page (each distinct one recorded once per page)."""

    page: int                       # from 0
    kind: str                       # "text", "stroke" or "fill"
    colour: Colour
    size_pt: float | None = None    # text: the type size on the page
    bold: bool = False              # text: its font is bold
    font: str = ""                  # text: the font's name without its subset tag


@dataclass(frozen=True)
class ImageInk:
    """An image drawn on a page, with its colour."""

    page: int
    name: str                       # the image's object number, or "inline"
    family: str                     # as Colour.family
    max_ink: float | None           # percent: the highest C+M+Y+K of a pixel (None: unknown)
    max_cmy: float | None           # percent: the highest C, M or Y of a pixel (None: unknown)


@dataclass(frozen=True)
class Inks:
    paints: tuple[Paint, ...]
    images: tuple[ImageInk, ...]
    text_sizes: tuple[tuple[float, int], ...]  # (size in pt, bytes of text shown), most first

    @property
    def body_size(self) -> float | None:
        """The size most text is set in: the body text's."""
        return self.text_sizes[0][0] if self.text_sizes else None


INK_STEP_PERCENT = 100 / 255  # one 8-bit step, allowed for rounding


def colour_pages(found: Inks) -> list[int]:
    """Indices (from 0) of the pages that put ink on the cyan, magenta or yellow plate."""
    pages = {p.page for p in found.paints if p.colour.on_cmy()}
    pages |= {i.page for i in found.images
              if i.family != "gray" and (i.max_cmy is None or i.max_cmy > INK_STEP_PERCENT)}
    return sorted(pages)


def read(pdf: pikepdf.Pdf) -> Inks:
    """Every colour painted and every image drawn, page by page."""
    walker = _Walker()
    for index, page in enumerate(pdf.pages):
        walker.page = index
        walker.walk(page.obj, _page_resources(page.obj), _State(), ())
    sizes = sorted(walker.text_sizes.items(), key=lambda item: (-item[1], item[0]))
    return Inks(tuple(walker.paints), tuple(walker.images), tuple(sizes))


# ---- Colour spaces -----------------------------------------------------------------------------

@dataclass(frozen=True)
class _Space:
    kind: str                       # "gray", "rgb", "cmyk", "lab", "indexed", "separation",
    #                                 "devicen", "pattern", "unknown"
    components: int
    base: _Space | None = None      # indexed: the base; pattern: the underlying space, if any
    names: tuple[str, ...] = ()     # separation, devicen: the colorants
    lookup: bytes = b""             # indexed: the palette
    hival: int = 0
    icc: bool = False               # an ICCBased space

    def initial(self) -> Colour | None:
        """The colour `cs` sets with the space (PDF 32000, 8.6.8)."""
        if self.kind == "cmyk" and not self.icc:
            return self.colour((0.0, 0.0, 0.0, 1.0))
        if self.kind in ("separation", "devicen"):
            return self.colour((1.0,) * self.components)
        if self.kind == "pattern":
            return None
        return self.colour((0.0,) * max(self.components, 1))

    def colour(self, values: tuple[float, ...]) -> Colour:
        if self.kind in ("gray", "rgb", "cmyk", "lab"):
            width = {"gray": 1, "rgb": 3, "cmyk": 4, "lab": 3}[self.kind]
            values = (tuple(values) + (0.0,) * width)[:width]
            if self.kind != "lab":
                values = tuple(min(max(v, 0.0), 1.0) for v in values)
            return Colour(self.kind, values)
        if self.kind == "indexed" and self.base is not None:
            index = min(max(int(values[0]) if values else 0, 0), self.hival)
            width = self.base.components
            entry = self.lookup[index * width:(index + 1) * width]
            return self.base.colour(tuple(byte / 255 for byte in entry))
        if self.kind in ("separation", "devicen"):
            return _colorants(self.names, values)
        return Colour("unknown", tuple(values))


_DEVICE = {"/DeviceGray": ("gray", 1), "/G": ("gray", 1), "/CalGray": ("gray", 1),
           "/DeviceRGB": ("rgb", 3), "/RGB": ("rgb", 3), "/CalRGB": ("rgb", 3),
           "/DeviceCMYK": ("cmyk", 4), "/CMYK": ("cmyk", 4), "/Lab": ("lab", 3)}


def _space(obj, resources, depth: int = 0) -> _Space:
    """The colour space a name or array stands for, looked up in resources when named."""
    if depth > 8 or obj is None:
        return _Space("unknown", 0)
    if isinstance(obj, Name):
        key = str(obj)
        if key in _DEVICE:
            return _Space(*_DEVICE[key])
        if key == "/Pattern":
            return _Space("pattern", 0)
        named = resources.get("/ColorSpace", {}).get(key) if resources is not None else None
        return _space(named, resources, depth + 1) if named is not None else _Space("unknown", 0)
    if not isinstance(obj, pikepdf.Array) or len(obj) == 0:
        return _Space("unknown", 0)
    family = str(obj[0])
    if family in ("/CalGray", "/CalRGB", "/Lab"):
        return _Space(*_DEVICE[family])
    if family == "/ICCBased":
        components = int(obj[1].get("/N", 0))
        kind = {1: "gray", 3: "rgb", 4: "cmyk"}.get(components, "unknown")
        return _Space(kind, components, icc=True)
    if family in ("/Indexed", "/I"):
        base = _space(obj[1], resources, depth + 1)
        table = obj[3]
        lookup = table.read_bytes() if isinstance(table, pikepdf.Stream) else bytes(table)
        return _Space("indexed", 1, base=base, lookup=lookup, hival=int(obj[2]))
    if family == "/Separation":
        return _Space("separation", 1, names=(str(obj[1]).lstrip("/"),))
    if family == "/DeviceN":
        names = tuple(str(n).lstrip("/") for n in obj[1])
        return _Space("devicen", len(names), names=names)
    if family == "/Pattern":
        base = _space(obj[1], resources, depth + 1) if len(obj) > 1 else None
        return _Space("pattern", base.components if base else 0, base=base)
    return _Space(*_DEVICE.get(family, ("unknown", 0)))


def _colorants(names: tuple[str, ...], tints) -> Colour:
    plates, spots, spot_tints = [0.0] * 4, [], []
    for name, tint in zip(names, tints):
        tint = min(max(float(tint), 0.0), 1.0)
        if name in PROCESS:
            plates[PROCESS.index(name)] = tint
        elif name == "All":
            plates = [tint] * 4
        elif name != "None":
            spots.append(name)
            spot_tints.append(tint)
    if any(t > 0 for t in spot_tints):
        return Colour("spot", tuple(spot_tints), tuple(spots))
    return Colour("cmyk", tuple(plates))


def _shading_colours(shading, resources) -> list[Colour]:
    """The colours a shading blends between (see the module's choices)."""
    if not isinstance(shading, pikepdf.Dictionary):
        return [Colour("unknown", ())]
    space = _space(shading.get("/ColorSpace"), resources)
    if int(shading.get("/ShadingType", 0)) not in (2, 3):
        return [Colour("unknown", ())]
    ends = _function_ends(shading.get("/Function"))
    if ends is None:
        return [Colour("unknown", ())]
    return [space.colour(values) for values in ends]


def _function_ends(function) -> list[tuple[float, ...]] | None:
    if isinstance(function, pikepdf.Array):  # one function per component
        parts = [_function_ends(f) for f in function]
        if any(p is None or len(p) != 2 for p in parts):
            return None
        return [tuple(p[i][0] for p in parts) for i in (0, 1)]
    if not isinstance(function, (pikepdf.Dictionary, pikepdf.Stream)):
        return None
    kind = int(function.get("/FunctionType", -1))
    if kind == 2:
        return [tuple(float(v) for v in function.get("/C0", [0])),
                tuple(float(v) for v in function.get("/C1", [1]))]
    if kind == 3:
        ends = []
        for part in function.get("/Functions", []):
            found = _function_ends(part)
            if found is None:
                return None
            ends += found
        return ends
    return None


# ---- Fonts -------------------------------------------------------------------------------------

def _font_name(font) -> str:
    base = str(font.get("/BaseFont", "")).lstrip("/") if font is not None else ""
    return base.split("+", 1)[1] if "+" in base[:7] else base


def _bold(font) -> bool:
    """Bold by the descriptor's weight or ForceBold flag, or else by the font's name."""
    if font is None:
        return False
    descriptor = font.get("/FontDescriptor")
    if "/DescendantFonts" in font:
        descriptor = font.DescendantFonts[0].get("/FontDescriptor")
    if descriptor is not None:
        if descriptor.get("/FontWeight") is not None:
            return float(descriptor.FontWeight) >= 600
        if int(descriptor.get("/Flags", 0)) & _FORCE_BOLD:
            return True
    return bool(_BOLD_NAME.search(_font_name(font)))


# ---- Walking content streams -------------------------------------------------------------------

@dataclass(frozen=True)
class _Pattern:
    """A fill or stroke set to a pattern, with the colour an uncoloured pattern paints with."""

    name: str
    colour: Colour | None


@dataclass(frozen=True)
class _State:
    ctm: pikepdf.Matrix = pikepdf.Matrix()
    fill_space: _Space = _Space("gray", 1)
    stroke_space: _Space = _Space("gray", 1)
    fill: Colour | _Pattern | None = Colour("gray", (0.0,))
    stroke: Colour | _Pattern | None = Colour("gray", (0.0,))
    font: object = None
    font_size: float = 0.0
    render_mode: int = 0
    text_matrix: pikepdf.Matrix = pikepdf.Matrix()


def _page_resources(node):
    while node is not None and "/Resources" not in node:
        node = node.get("/Parent")
    return None if node is None else node.Resources


def _numbers(values) -> tuple[float, ...]:
    return tuple(float(v) for v in values if not isinstance(v, Name))


def _matrix(array) -> pikepdf.Matrix:
    return pikepdf.Matrix(*(float(v) for v in array)) if array is not None else pikepdf.Matrix()


class _Walker:
    def __init__(self) -> None:
        self.page = 0
        self.paints: dict[Paint, None] = {}
        self.images: list[ImageInk] = []
        self._image_inks: dict[tuple[int, int], tuple[str, float | None, float | None]] = {}
        self._pattern_paints: dict[tuple, list[Paint]] = {}
        self.text_sizes: dict[float, int] = {}

    def walk(self, stream, resources, state: _State, inside: tuple) -> None:
        resources = resources if resources is not None else pikepdf.Dictionary()
        base = state.ctm  # the stream's own space: patterns are placed against it
        saved: list[_State] = []
        for instruction in pikepdf.parse_content_stream(stream):
            try:
                state = self._step(instruction, state, saved, base, resources, inside)
            except (IndexError, TypeError, ValueError):
                continue  # an instruction with operands it cannot take: viewers skip it too

    def _step(self, instruction, state: _State, saved: list, base, resources,
              inside) -> _State:
        """Follow one instruction; the graphics state after it."""
        op = str(instruction.operator)
        operands = instruction.operands
        if op == "q":
            saved.append(state)
        elif op == "Q":
            state = saved.pop() if saved else state
        elif op == "cm":
            state = replace(state, ctm=_matrix(operands) @ state.ctm)
        elif op in ("g", "rg", "k", "G", "RG", "K"):
            kind = {"g": "gray", "rg": "rgb", "k": "cmyk"}[op.lower()]
            space = _Space(kind, len(operands))
            colour = space.colour(_numbers(operands))
            state = (replace(state, fill_space=space, fill=colour) if op.islower()
                     else replace(state, stroke_space=space, stroke=colour))
        elif op in ("cs", "CS"):
            space = _space(operands[0], resources)
            state = (replace(state, fill_space=space, fill=space.initial()) if op == "cs"
                     else replace(state, stroke_space=space, stroke=space.initial()))
        elif op in ("sc", "scn", "SC", "SCN"):
            space = state.fill_space if op.islower() else state.stroke_space
            colour = self._set_colour(space, operands)
            state = (replace(state, fill=colour) if op.islower()
                     else replace(state, stroke=colour))
        elif op == "BT":
            state = replace(state, text_matrix=pikepdf.Matrix())
        elif op == "Tm":
            state = replace(state, text_matrix=_matrix(operands))
        elif op == "Tf":
            fonts = resources.get("/Font", {})
            state = replace(state, font=fonts.get(str(operands[0])),
                            font_size=float(operands[1]))
        elif op == "Tr":
            state = replace(state, render_mode=int(operands[0]))
        elif op in _TEXT_OPS:
            shown = _text_shown(op, operands)
            if shown:
                self._text(state, base, resources, inside, shown)
        elif op in _STROKE_OPS:
            self._paint("stroke", state.stroke, base, resources, inside)
        elif op in _FILL_OPS:
            self._paint("fill", state.fill, base, resources, inside)
        elif op in _BOTH_OPS:
            self._paint("fill", state.fill, base, resources, inside)
            self._paint("stroke", state.stroke, base, resources, inside)
        elif op == "sh":
            shading = resources.get("/Shading", {}).get(str(operands[0]))
            for colour in _shading_colours(shading, resources):
                self._record(Paint(self.page, "fill", colour))
        elif op == "Do":
            self._draw(resources.get("/XObject", {}).get(str(operands[0])), resources,
                       state, inside)
        elif op == "INLINE IMAGE":
            self._inline_image(operands[0], resources, state)
        return state

    def _set_colour(self, space: _Space, operands) -> Colour | _Pattern | None:
        if operands and isinstance(operands[-1], Name):  # a pattern, maybe with a colour
            base = space.base
            colour = base.colour(_numbers(operands)) if base is not None else None
            return _Pattern(str(operands[-1]), colour)
        return space.colour(_numbers(operands))

    def _record(self, paint: Paint) -> None:
        self.paints.setdefault(paint, None)

    def _text(self, state: _State, base, resources, inside, shown: int) -> None:
        mode = state.render_mode
        if mode in (3, 7):
            return
        transform = state.text_matrix @ state.ctm
        size = round(abs(state.font_size) * math.hypot(transform.c, transform.d), 2)
        self.text_sizes[size] = self.text_sizes.get(size, 0) + shown
        details = {"size_pt": size, "bold": _bold(state.font), "font": _font_name(state.font)}
        if mode in (0, 2, 4, 6):
            self._paint("text", state.fill, base, resources, inside, details)
        if mode in (1, 2, 5, 6):
            self._paint("text", state.stroke, base, resources, inside, details)

    def _paint(self, kind: str, colour, base, resources, inside,
               details: dict | None = None) -> None:
        details = details or {}
        if isinstance(colour, Colour):
            self._record(Paint(self.page, kind, colour, **details))
        elif isinstance(colour, _Pattern):
            for found in self._pattern(colour, base, resources, inside):
                self._record(Paint(self.page, kind, found, **details))
        elif colour is None:  # a pattern space without a pattern: nothing known is painted
            self._record(Paint(self.page, kind, Colour("unknown", ()), **details))

    def _pattern(self, paint: _Pattern, base, resources, inside) -> list[Colour]:
        """The colours a pattern paints; a coloured tiling pattern's cell is walked once a page."""
        pattern = resources.get("/Pattern", {}).get(paint.name)
        if pattern is None:
            return [Colour("unknown", ())]
        if int(pattern.get("/PatternType", 0)) == 2:
            return _shading_colours(pattern.get("/Shading"), resources)
        if int(pattern.get("/PaintType", 1)) == 2:
            return [paint.colour or Colour("unknown", ())]
        key = pattern.objgen
        if key in inside:
            return []
        if (self.page, key) not in self._pattern_paints:
            cell = _Walker()
            cell.page = self.page
            cell._image_inks = self._image_inks
            cell.walk(pattern, pattern.get("/Resources", resources),
                      _State(ctm=_matrix(pattern.get("/Matrix")) @ base), inside + (key,))
            self._pattern_paints[(self.page, key)] = list(cell.paints)
            self.images += cell.images
            for size, shown in cell.text_sizes.items():
                self.text_sizes[size] = self.text_sizes.get(size, 0) + shown
        return [p.colour for p in self._pattern_paints[(self.page, key)]]

    def _draw(self, xobject, resources, state: _State, inside) -> None:
        if xobject is None:
            return
        subtype = xobject.get("/Subtype")
        if subtype == Name.Image:
            if xobject.get("/ImageMask", False):
                self._paint("fill", state.fill, base, resources, inside)
                return
            key = xobject.objgen
            if key not in self._image_inks:
                self._image_inks[key] = _image_ink(xobject, resources, lambda: _pixels(xobject))
            family, max_ink, max_cmy = self._image_inks[key]
            self.images.append(ImageInk(self.page, f"{key[0]} {key[1]} R", family, max_ink,
                                        max_cmy))
        elif subtype == Name.Form:
            key = xobject.objgen
            if key != (0, 0) and key in inside:
                return  # a form that draws itself
            nested = replace(state, ctm=_matrix(xobject.get("/Matrix")) @ state.ctm)
            self.walk(xobject, xobject.get("/Resources", resources), nested, inside + (key,))

    def _inline_image(self, image, resources, state: _State) -> None:
        info = image.obj
        if info.get("/ImageMask", False):
            self._paint("fill", state.fill, state.ctm, resources, ())
            return
        family, max_ink, max_cmy = _image_ink(info, resources, image.as_pil_image)
        self.images.append(ImageInk(self.page, "inline", family, max_ink, max_cmy))


def _text_shown(op: str, operands) -> int:
    """How many bytes of text a text-showing operator shows (0: it paints nothing)."""
    shown = operands[-1] if operands else None
    if op == "TJ" and isinstance(shown, pikepdf.Array):
        return sum(len(bytes(part)) for part in shown if isinstance(part, pikepdf.String))
    return len(bytes(shown)) if isinstance(shown, pikepdf.String) else 0


# ---- Image pixels ------------------------------------------------------------------------------

def _image_ink(info, resources, pixels) -> tuple[str, float | None, float | None]:
    """(family, highest total ink %, highest C/M/Y %) of an image; the pixels are read only for
    grey, CMYK and black-separation images, the others' ink being unknown."""
    space = _space(info.get("/ColorSpace"), resources)
    if space.kind == "indexed" and space.base is not None:
        width = space.base.components
        entries = [space.base.colour(tuple(b / 255 for b in space.lookup[i:i + width]))
                   for i in range(0, len(space.lookup) - width + 1, width)]
        family = entries[0].family if entries else _family(space.base)
        inks = [e.total_ink for e in entries]
        if not entries or any(i is None for i in inks):
            return family, None, None
        if any(e.plates is None for e in entries):
            return family, max(inks), None
        return family, max(inks), 100 * max(max(e.plates[:3]) for e in entries)
    if space.kind == "separation" and space.names == ("Black",):
        family = "cmyk"
    elif space.kind in ("gray", "cmyk"):
        family = space.kind
    else:
        return _family(space), None, None
    try:
        decoded = _device_values(info, pixels(), space)
    except _UNDECODABLE:
        return family, None, None
    if decoded is None:
        return family, None, None
    return (family, *_extremes(decoded))


def _family(space: _Space) -> str:
    if space.kind in ("separation", "devicen"):
        return "spot"
    return space.kind if space.kind in ("gray", "rgb", "cmyk", "lab") else "unknown"


def _pixels(image) -> Image.Image:
    return PdfImage(image).as_pil_image()


def _device_values(info, pixels: Image.Image, space: _Space) -> Image.Image | None:
    """The pixels as ink: CMYK as the plates receive it, or one channel of K for grey and a
    black separation; None when a Decode array or mode is not understood here."""
    decode = info.get("/Decode")
    decode = None if decode is None else [float(v) for v in decode]
    filters = info.get("/Filter")
    filters = list(filters) if isinstance(filters, pikepdf.Array) else [filters]
    if space.kind == "cmyk":
        if pixels.mode != "CMYK":
            return None
        if Name.DCTDecode in filters:
            # Pillow reads every CMYK JPEG as Adobe-inverted; a viewer inverts only by Decode.
            if decode is None:
                return ImageChops.invert(pixels)
            return pixels if decode == _INVERTED_CMYK else None
        if decode is None or decode == [0.0, 1.0] * 4:
            return pixels
        return ImageChops.invert(pixels) if decode == _INVERTED_CMYK else None
    if pixels.mode not in ("L", "1"):
        return None
    pixels = pixels.convert("L")
    if space.kind == "gray":  # grey level g prints K = 1 − g, or g under Decode [1 0]
        if decode is None or decode == [0.0, 1.0]:
            return ImageChops.invert(pixels)
        return pixels if decode == [1.0, 0.0] else None
    if decode is None or decode == [0.0, 1.0]:  # a separation's sample is its tint
        return pixels
    return ImageChops.invert(pixels) if decode == [1.0, 0.0] else None


def _extremes(ink: Image.Image) -> tuple[float, float]:
    """(highest C+M+Y+K, highest of C, M, Y) in percent over the pixels."""
    if ink.mode == "L":
        return 100 * ink.getextrema()[1] / 255, 0.0
    channels = [channel.convert("I") for channel in ink.split()]
    total = ImageMath.lambda_eval(lambda a: a["c"] + a["m"] + a["y"] + a["k"],
                                  c=channels[0], m=channels[1], y=channels[2], k=channels[3])
    colour = max(channel.getextrema()[1] for channel in ink.split()[:3])
    return 100 * total.getextrema()[1] / 255, 100 * colour / 255
