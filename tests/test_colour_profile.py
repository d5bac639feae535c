"""The CMYK output profile for the print file (layouts/_shared/icc/).

The profile is built once with Argyll's colprof (layouts/_shared/icc/build-profile.sh) and
committed; these tests check the properties a print shop relies on: total ink within
300 %, paper white without ink, neutral greys carried by the black plate, and that
WeasyPrint embeds it as the PDF/X output intent.
"""

from __future__ import annotations

import io
import struct
from decimal import Decimal

import pikepdf
import pytest
from PIL import Image, ImageCms

from projects import REPO

ICC = REPO / "layouts" / "_shared" / "icc" / "cmyk-fogra39-tac300.icc"
FONT = REPO / "fonts" / "noto-sans" / "NotoSans-Regular.ttf"

FULL = 255                      # 100 % of one ink in an 8-bit CMYK pixel
TAC_LIMIT = 3 * FULL + 1        # 300 % total ink, plus one 8-bit step for rounding
K_LIMIT = round(0.95 * FULL) + 1  # 95 % black, plus one step
GRID = 17                       # points per RGB axis: 17 x 17 x 17 = 4913 colours

INTENTS = {
    "perceptual": ImageCms.Intent.PERCEPTUAL,
    "relative-colorimetric": ImageCms.Intent.RELATIVE_COLORIMETRIC,
}


@pytest.fixture(scope="module")
def profile() -> ImageCms.ImageCmsProfile:
    return ImageCms.getOpenProfile(str(ICC))


def to_cmyk(profile, image: Image.Image, intent=ImageCms.Intent.PERCEPTUAL) -> Image.Image:
    transform = ImageCms.buildTransform(
        ImageCms.createProfile("sRGB"), profile, "RGB", "CMYK", renderingIntent=intent)
    return ImageCms.applyTransform(image, transform)


def cmyk_of(profile, rgb: tuple[int, int, int]) -> tuple[int, int, int, int]:
    """The CMYK pixel (0-255 a channel) that one sRGB colour converts to, perceptually."""
    return to_cmyk(profile, Image.new("RGB", (1, 1), rgb)).getpixel((0, 0))


def rgb_cube() -> Image.Image:
    levels = [round(i * FULL / (GRID - 1)) for i in range(GRID)]
    image = Image.new("RGB", (GRID * GRID, GRID))
    image.putdata([(r, g, b) for r in levels for g in levels for b in levels])
    return image


def tags(data: bytes) -> dict[str, bytes]:
    """An ICC profile's tags by signature, from its tag table (ICC.1, section 7.3)."""
    (count,) = struct.unpack_from(">I", data, 128)
    found = {}
    for i in range(count):
        signature, offset, size = struct.unpack_from(">4sII", data, 132 + 12 * i)
        found[signature.decode("ascii")] = data[offset:offset + size]
    return found


# -- the file ---------------------------------------------------------------------------

def test_profile_is_an_output_class_cmyk_profile(profile):
    info = profile.profile
    assert info.device_class == "prtr"          # output device class
    assert info.xcolor_space.strip() == "CMYK"
    assert info.connection_space.strip() in {"Lab", "XYZ"}


def test_profile_names_its_condition_and_licence(profile):
    info = profile.profile
    assert info.profile_description == "bulletin_press CMYK (FOGRA39, TAC 300%)"
    assert "FOGRA39" in info.copyright and "Zlib" in info.copyright


def test_profile_has_perceptual_and_colorimetric_tables():
    data = ICC.read_bytes()
    assert data[36:40] == b"acsp"
    table = tags(data)
    # A2B: CMYK to PCS (proofing, the output intent); B2A: PCS to CMYK (separation).
    assert {"A2B0", "A2B1", "B2A0", "B2A1"} <= table.keys()
    # The perceptual separation is gamut-mapped for sRGB photos, so it differs from the
    # colorimetric one.
    assert table["B2A0"] != table["B2A1"]


def test_profile_stays_small():
    assert ICC.stat().st_size < 1_000_000


# -- separations ------------------------------------------------------------------------

@pytest.mark.parametrize("intent", INTENTS.values(), ids=INTENTS.keys())
def test_rgb_cube_stays_within_the_ink_limits(profile, intent):
    raw = to_cmyk(profile, rgb_cube(), intent).tobytes()
    pixels = [tuple(raw[i:i + 4]) for i in range(0, len(raw), 4)]
    assert len(pixels) == GRID ** 3
    worst = max(pixels, key=sum)
    assert sum(worst) <= TAC_LIMIT, f"{worst}: {sum(worst) / 2.55:.1f} % total ink"
    assert max(k for *_, k in pixels) <= K_LIMIT


def test_paper_white_takes_no_ink(profile):
    assert cmyk_of(profile, (255, 255, 255)) == (0, 0, 0, 0)


def test_black_is_built_on_k_within_the_total_ink_limit(profile):
    c, m, y, k = cmyk_of(profile, (0, 0, 0))
    assert k >= 0.85 * FULL                     # measured: K 90 %
    assert c + m + y + k <= TAC_LIMIT           # measured: 296 % (C82 M72 Y51 K90)


def test_mid_grey_is_carried_mostly_by_k(profile):
    c, m, y, k = cmyk_of(profile, (128, 128, 128))
    # Measured: C4 M2 Y0 K61 %, a K share of 0.92. Argyll's default black ramp (-kr)
    # gives about 0.52 here, which would let a mid grey drift in colour on press.
    assert Decimal(k) / (c + m + y + k) >= Decimal("0.90")


def test_saturated_red_separates_to_magenta_and_yellow(profile):
    c, m, y, k = cmyk_of(profile, (255, 0, 0))
    # Measured: C0 M96 Y93 K1 %.
    assert m >= 0.85 * FULL and y >= 0.85 * FULL
    assert (m + y) / (c + m + y + k) >= 0.95


# -- WeasyPrint -------------------------------------------------------------------------

def colour_operators(page) -> tuple[set[str], list[tuple]]:
    """The operators a page's content uses, and the fill colour (space, components) in
    force at each text-showing operator."""
    space, colour = "/DeviceGray", (0.0,)
    operators, text_colours = set(), []
    for operands, operator in pikepdf.parse_content_stream(page):
        op = str(operator)
        operators.add(op)
        values = tuple(float(v) for v in operands if isinstance(v, (int, Decimal)))
        if op == "cs":
            space, colour = str(operands[0]), values
        elif op in ("sc", "scn"):
            colour = values
        elif op == "g":
            space, colour = "/DeviceGray", values
        elif op == "rg":
            space, colour = "/DeviceRGB", values
        elif op == "k":
            space, colour = "/DeviceCMYK", values
        elif op in ("Tj", "TJ", "'", '"'):
            text_colours.append((space, colour))
    return operators, text_colours


def test_weasyprint_writes_the_profile_as_pdfx4_output_intent():
    from weasyprint import HTML

    html = f"""<!doctype html><html><head><title>Output intent</title><style>
      @font-face {{ font-family: Body; src: url({FONT.as_uri()}) }}
      @color-profile device-cmyk {{ src: url({ICC.as_uri()}); components: c, m, y, k }}
      @page {{ size: 60mm 30mm; margin: 5mm }}
      body {{ font-family: Body; font-size: 10pt; color: device-cmyk(0 0 0 1) }}
    </style></head><body><p>Bản tin nội bộ</p></body></html>"""
    pdf = pikepdf.open(io.BytesIO(HTML(string=html).write_pdf(pdf_variant="pdf/x-4")))

    intents = pdf.Root.OutputIntents
    assert len(intents) == 1
    intent = intents[0]
    assert intent.S == pikepdf.Name.GTS_PDFX
    assert intent.DestOutputProfile.N == 4
    assert intent.DestOutputProfile.read_bytes() == ICC.read_bytes()
    assert pdf.open_metadata().get("pdfxid:GTS_PDFXVersion") == "PDF/X-4"

    operators, colours = colour_operators(pdf.pages[0])
    assert colours, "no text was drawn"
    # Black text on the black plate only: DeviceCMYK 0 0 0 1 (WeasyPrint 70 writes it as
    # `/DeviceCMYK cs 0 0 0 1 scn`, which equals `0 0 0 1 k`), never RGB.
    assert set(colours) == {("/DeviceCMYK", (0.0, 0.0, 0.0, 1.0))}
    assert not operators & {"rg", "RG"}
