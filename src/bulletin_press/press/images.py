"""Images inside a finished PDF: where each is drawn and how large, and resampling them per output.

`placements` walks every page's content stream, tracking the current transformation matrix
(CTM) through q/Q/cm, into Form XObjects (WeasyPrint draws translucent boxes and backgrounds
inside forms) and into tiling patterns (repeated backgrounds). An image XObject paints the
unit square under the CTM, so its printed width is the length of the CTM's first row vector
and its printed height that of the second, whatever the rotation or flip.

`resample` then rewrites each image object so it holds at most `ppi` pixels per printed inch
along each axis at the largest size it is drawn, never more pixels than it had, and converts
it to the output's colour. Only image streams change: pages, content streams and the CTMs that
place images stay as they were, so the layout is untouched.

Choices:
- effective ppi is the lower of the two axes (`Placement.effective_ppi`): the worst case is
  what preflight warns about. Resampling targets each axis separately.
- an image keeps its compression family: DCT (JPEG) is re-encoded as JPEG at `jpeg_quality`
  with 4:2:0 chroma (at print resolution the eye does not see the halved colour resolution),
  Flate stays lossless Flate. content/photos.py already chose JPEG for photographs and PNG
  (Flate here) for graphics, and a layout's own logos and rules stay sharp.
- an image that needs neither fewer pixels nor another colour space is left byte for byte.
- soft masks (SMask) are resampled with their image; the bulletin's photos carry none (alpha
  is flattened onto white when they are loaded), layout graphics may.
- grey images stay DeviceGray in every output: black ink only, even in a CMYK file.
- left untouched: image masks, colour-key masks, bit depths other than 8, Decode arrays other
  than the inverted-CMYK one, colour spaces Pillow cannot decode; inline images (BI … EI),
  which WeasyPrint does not write, are not reported.
"""

from __future__ import annotations

import hashlib
import io
import math
from collections import OrderedDict
from dataclasses import dataclass

import pikepdf
from pikepdf import Name
from pikepdf.models.image import PdfImage
from PIL import Image, ImageChops, ImageCms

from bulletin_press.content.photos import REDUCING_GAP
from bulletin_press.press.digest import object_digest

COLOURS = ("rgb", "cmyk", "gray")
JPEG_SUBSAMPLING = "4:2:0"
_SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
_COLOUR_SPACES = {"L": Name.DeviceGray, "RGB": Name.DeviceRGB, "CMYK": Name.DeviceCMYK}
# Pillow writes CMYK JPEGs inverted, the Adobe way; PDF readers need this Decode to undo it.
_INVERTED_CMYK = [1, 0] * 4
_OPERATORS = "q Q cm Do cs sc scn g rg k f F f* B B* b b*"
_FILLS = {"f", "F", "f*", "B", "B*", "b", "b*"}
_UNDECODABLE = (pikepdf.PikepdfError, NotImplementedError, ValueError, OSError, KeyError)


@dataclass(frozen=True, eq=False)
class Placement:
    """One drawing of an image XObject on a page."""

    page: int                         # page index, from 0
    image: pikepdf.Object             # the image XObject stream
    size_px: tuple[int, int]          # its width and height in pixels
    matrix: tuple[float, ...]         # the CTM (a b c d e f) mapping its unit square to the page

    @property
    def size_pt(self) -> tuple[float, float]:
        """Printed width and height in points (1/72 inch)."""
        a, b, c, d, _, _ = self.matrix
        return math.hypot(a, b), math.hypot(c, d)

    @property
    def ppi(self) -> tuple[float, float]:
        """Pixels per printed inch along the image's width and its height."""
        return tuple(px * 72 / pt if pt else math.inf for px, pt in zip(self.size_px, self.size_pt))

    @property
    def effective_ppi(self) -> float:
        """The lower of the two: the resolution the reader actually gets."""
        return min(self.ppi)

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        """The page area the image covers (x0, y0, x1, y1), in points."""
        a, b, c, d, e, f = self.matrix
        xs = (e, a + e, c + e, a + c + e)
        ys = (f, b + f, d + f, b + d + f)
        return min(xs), min(ys), max(xs), max(ys)


def placements(pdf: pikepdf.Pdf) -> list[Placement]:
    """Every image XObject drawn on every page, in drawing order."""
    found: list[Placement] = []
    for index, page in enumerate(pdf.pages):
        _walk(page.obj, _page_resources(page.obj), pikepdf.Matrix(), index, found, ())
    return found


def _page_resources(node: pikepdf.Object) -> pikepdf.Object | None:
    while node is not None and "/Resources" not in node:
        node = node.get("/Parent")
    return None if node is None else node.Resources


def _walk(stream, resources, base: pikepdf.Matrix, page: int, found: list[Placement],
          inside: tuple) -> None:
    """Follow one content stream whose own space maps to the page through `base`."""
    resources = resources if resources is not None else pikepdf.Dictionary()
    xobjects = resources.get("/XObject", pikepdf.Dictionary())
    patterns = resources.get("/Pattern", pikepdf.Dictionary())
    ctm, fill, saved = base, None, []
    for operands, operator in pikepdf.parse_content_stream(stream, _OPERATORS):
        op = str(operator)
        if op == "q":
            saved.append((ctm, fill))
        elif op == "Q" and saved:
            ctm, fill = saved.pop()
        elif op == "cm":
            ctm = pikepdf.Matrix(*(float(v) for v in operands)) @ ctm
        elif op == "scn" and operands and isinstance(operands[-1], Name):
            fill = operands[-1]
        elif op in ("cs", "sc", "scn", "g", "rg", "k"):
            fill = None
        elif op == "Do":
            _draw(xobjects.get(operands[0]), resources, ctm, page, found, inside)
        elif op in _FILLS and fill is not None:
            # A tiling pattern's matrix maps pattern space to this stream's own space.
            pattern = patterns.get(fill)
            if pattern is not None and pattern.get("/PatternType") == 1:
                matrix = pikepdf.Matrix(*_numbers(pattern.get("/Matrix"))) @ base
                _nested(pattern, resources, matrix, page, found, inside)


def _draw(xobject, resources, ctm, page, found, inside) -> None:
    if xobject is None:
        return
    if xobject.get("/Subtype") == Name.Image:
        found.append(Placement(page, xobject, (int(xobject.Width), int(xobject.Height)),
                               ctm.shorthand))
    elif xobject.get("/Subtype") == Name.Form:
        matrix = pikepdf.Matrix(*_numbers(xobject.get("/Matrix"))) @ ctm
        _nested(xobject, resources, matrix, page, found, inside)


def _nested(stream, parent_resources, matrix, page, found, inside) -> None:
    key = stream.objgen
    if key != (0, 0) and key in inside:
        return  # a form that draws itself
    _walk(stream, stream.get("/Resources", parent_resources), matrix, page, found,
          inside + (key,))


def _numbers(array) -> tuple[float, ...]:
    return tuple(float(v) for v in array) if array is not None else (1, 0, 0, 1, 0, 0)


def resample(pdf_bytes: bytes, ppi: float, colour: str, cmyk_profile: bytes | None,
             jpeg_quality: int) -> bytes:
    """The PDF with every image at most `ppi` at its largest printed size, in `colour`.

    colour: "rgb" (DeviceRGB, grey stays grey), "cmyk" (sRGB → CMYK through `cmyk_profile`,
    the bytes of an ICC profile,
    perceptual intent with black point compensation) or "gray" (DeviceGray).
    """
    if colour not in COLOURS:
        raise ValueError(f"colour must be one of {COLOURS}, not {colour!r}")
    if colour == "cmyk" and cmyk_profile is None:
        raise ValueError("colour 'cmyk' needs a CMYK ICC profile")
    to_cmyk = None
    if colour == "cmyk":
        to_cmyk = ImageCms.buildTransform(
            _SRGB, ImageCms.ImageCmsProfile(io.BytesIO(cmyk_profile)), "RGB", "CMYK",
            renderingIntent=ImageCms.Intent.PERCEPTUAL,
            flags=ImageCms.Flags.BLACKPOINTCOMPENSATION)
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        largest: dict[tuple[int, int], tuple[float, float]] = {}
        for placement in placements(pdf):
            width, height = largest.get(placement.image.objgen, (0.0, 0.0))
            printed_width, printed_height = placement.size_pt
            largest[placement.image.objgen] = (max(width, printed_width),
                                               max(height, printed_height))
        profile = hashlib.sha256(cmyk_profile or b"").digest()
        for image in _images(pdf):
            _rewrite(image, largest.get(image.objgen), ppi, colour, to_cmyk, jpeg_quality,
                     profile)
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True, compress_streams=True)
    return out.getvalue()


def _images(pdf: pikepdf.Pdf) -> list[pikepdf.Object]:
    """Every image XObject in the file except those serving as another image's mask."""
    streams = [obj for obj in pdf.objects
               if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == Name.Image]
    masks = {obj.get(key).objgen for obj in streams for key in ("/SMask", "/Mask")
             if isinstance(obj.get(key), pikepdf.Stream)}
    return [obj for obj in streams if obj.objgen not in masks]


@dataclass(frozen=True)
class _Stored:
    """What an image stream becomes: its new bytes and what its dictionary says of them."""

    data: bytes
    jpeg: bool
    size: tuple[int, int]
    mode: str


# Images rewritten lately, by what they were made from and for: the reader PDF rebuilt after
# an edit of the text (bulletin watch) holds the same photos at the same sizes. None: kept.
_RECENT: OrderedDict[tuple, _Stored | None] = OrderedDict()
RECENT_IMAGES = 64


def _rewrite(image, printed, ppi, colour, to_cmyk, quality, profile: bytes) -> None:
    if (image.get("/ImageMask", False) or "/Mask" in image
            or image.get("/BitsPerComponent") != 8):
        return
    if isinstance(image.get("/SMask"), pikepdf.Stream):  # resampled with its image, below
        stored = _resampled(image, printed, ppi, colour, to_cmyk, quality)
        if stored is not None:
            size = (int(image.Width), int(image.Height))
            _apply(image, stored)
            if stored.size != size:
                _resample_mask(image.SMask, stored.size)
        return
    key = (object_digest(image), printed, ppi, colour, profile, quality)
    if key in _RECENT:
        _RECENT.move_to_end(key)
        stored = _RECENT[key]
    else:
        stored = _resampled(image, printed, ppi, colour, to_cmyk, quality)
        _RECENT[key] = stored
        while len(_RECENT) > RECENT_IMAGES:
            _RECENT.popitem(last=False)
    if stored is not None:
        _apply(image, stored)


def _resampled(image, printed, ppi, colour, to_cmyk, quality) -> _Stored | None:
    """The image at its target size and colour, encoded; None when it stays as it is."""
    source = _decoded(image)
    if source is None:
        return None
    size = _target_size(source.size, printed, ppi)
    pixels = source if size == source.size else source.resize(
        size, Image.Resampling.LANCZOS, reducing_gap=REDUCING_GAP)
    pixels = _in_colour(pixels, colour, to_cmyk)
    if pixels is source:
        return None  # already small enough and in the right colour: keep its bytes
    return _encoded(pixels, Name.DCTDecode in _filters(image), quality)


def _decoded(image) -> Image.Image | None:
    """The pixels as a viewer shows them, in L, RGB or CMYK; None if not decodable here."""
    decode = image.get("/Decode")
    try:
        pdf_image = PdfImage(image)
        pixels = pdf_image.as_pil_image()
        icc = pdf_image.icc
    except _UNDECODABLE:  # a colour space or filter Pillow cannot read: left as it is
        return None
    if pixels.mode == "CMYK" and Name.DCTDecode in _filters(image):
        # Pillow reads every CMYK JPEG as Adobe-inverted; a viewer inverts only by Decode.
        if decode is None:
            pixels = ImageChops.invert(pixels)
        elif [float(v) for v in decode] != _INVERTED_CMYK:
            return None
    elif decode is not None:
        return None
    if pixels.mode in ("1", "P", "LA", "RGBA"):
        # pikepdf hands an image with a soft mask over with the mask as alpha: the mask
        # stays a separate object here, so the colour image drops it.
        pixels = pixels.convert({"1": "L", "P": "RGB", "LA": "L", "RGBA": "RGB"}[pixels.mode])
    if pixels.mode not in _COLOUR_SPACES:
        return None
    if icc is not None:
        try:
            converted = ImageCms.profileToProfile(
                pixels, icc, _SRGB, renderingIntent=ImageCms.Intent.PERCEPTUAL, outputMode="RGB")
        except ImageCms.PyCMSError:
            return None
        pixels = converted.convert("L") if pixels.mode == "L" else converted
    return pixels


def _target_size(size, printed, ppi) -> tuple[int, int]:
    if printed is None:
        return size
    # floor: at most `ppi`; the tiny epsilon keeps an exact fit from losing a pixel.
    return tuple(min(px, max(1, math.floor(pt / 72 * ppi + 1e-6)))
                 for px, pt in zip(size, printed))


def _in_colour(pixels: Image.Image, colour: str, to_cmyk) -> Image.Image:
    if colour == "gray" and pixels.mode != "L":
        return pixels.convert("RGB").convert("L")
    if colour == "cmyk" and pixels.mode == "RGB":
        return ImageCms.applyTransform(pixels, to_cmyk)
    if colour == "rgb" and pixels.mode == "CMYK":
        return pixels.convert("RGB")
    return pixels


def _filters(image) -> list:
    filters = image.get("/Filter")
    if filters is None:
        return []
    return list(filters) if isinstance(filters, pikepdf.Array) else [filters]


def _encoded(pixels: Image.Image, jpeg: bool, quality: int) -> _Stored:
    if jpeg:
        out = io.BytesIO()
        options = {"subsampling": JPEG_SUBSAMPLING} if pixels.mode == "RGB" else {}
        pixels.save(out, "JPEG", quality=quality, optimize=True, **options)
        return _Stored(out.getvalue(), True, pixels.size, pixels.mode)
    return _Stored(pixels.tobytes(), False, pixels.size, pixels.mode)


def _apply(image, stored: _Stored) -> None:
    if stored.jpeg:
        image.write(stored.data, filter=Name.DCTDecode)
    else:
        image.write(stored.data)  # Flate-compressed when the file is saved
    image.Width, image.Height = stored.size
    image.ColorSpace = _COLOUR_SPACES[stored.mode]
    image.BitsPerComponent = 8
    if "/Decode" in image:
        del image.Decode
    if stored.jpeg and stored.mode == "CMYK":
        image.Decode = pikepdf.Array(_INVERTED_CMYK)


def _resample_mask(mask, size: tuple[int, int]) -> None:
    try:
        alpha = PdfImage(mask).as_pil_image().convert("L")
    except _UNDECODABLE:
        return
    mask.write(alpha.resize(size, Image.Resampling.LANCZOS, reducing_gap=REDUCING_GAP).tobytes())
    mask.Width, mask.Height = size
    mask.ColorSpace = Name.DeviceGray
    mask.BitsPerComponent = 8
    if "/Decode" in mask:
        del mask.Decode
