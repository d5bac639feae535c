"""Images in finished PDFs: where they are drawn, how large, and resampling them per output.

The PDFs come from WeasyPrint, as the bulletin's do, except where a case needs a structure
built exactly (a rotated Form XObject), which is written with pikepdf.
"""

from __future__ import annotations

import io
import math
import time
from pathlib import Path

import pikepdf
import pypdfium2
import pytest
from icc_profiles import cmyk_profile
from PIL import Image
from pypdf import PdfReader

from bulletin_press.press.images import COLOURS, placements, resample

MM = 72 / 25.4  # points per millimetre
PHOTO_PX = (3000, 4000)


def photo_like(size: tuple[int, int]) -> Image.Image:
    """Gradients under Gaussian noise: compresses like a photograph, same on every run."""
    horizontal = Image.linear_gradient("L").rotate(90).resize(size)
    vertical = Image.linear_gradient("L").resize(size)
    noise = Image.effect_noise(size, 48)
    return Image.merge("RGB", (horizontal, Image.blend(vertical, noise, 0.5), vertical))


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    """The images the documents show, written once."""
    folder = tmp_path_factory.mktemp("images")
    photo_like(PHOTO_PX).save(folder / "photo.jpg", quality=90)
    photo_like((591, 400)).save(folder / "small.jpg", quality=90)
    red_grey = Image.new("RGB", (600, 600), (255, 0, 0))
    red_grey.paste((128, 128, 128), (300, 0, 600, 600))
    red_grey.save(folder / "red-grey.jpg", quality=95)
    logo = Image.new("RGBA", (2000, 1000), (0, 0, 0, 0))
    logo.paste((0, 90, 160, 255), (200, 200, 1800, 800))
    logo.save(folder / "logo.png")
    Image.new("RGB", (400, 400), (240, 200, 0)).save(folder / "tile.png")
    return folder


def render(folder: Path, body: str) -> bytes:
    from weasyprint import HTML

    html = ("<style>@page { size: A4; margin: 15mm } body { margin: 0 } "
            "img { display: block }</style>" + body)
    return HTML(string=html, base_url=folder.as_uri() + "/").write_pdf()


def placed(pdf_bytes: bytes):
    """(page, image object number, pixel size, printed size, ppi, bbox) of every placement."""
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        return [(p.page, p.image.objgen, p.size_px, p.size_pt, p.effective_ppi, p.bbox)
                for p in placements(pdf)]


def images(pdf_bytes: bytes) -> list[dict]:
    """Every image XObject drawn, with what its dictionary says."""
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        return [{"size": (int(p.image.Width), int(p.image.Height)),
                 "colour": str(p.image.ColorSpace), "filter": str(p.image.get("/Filter")),
                 "data": p.image.read_raw_bytes(),
                 "mask": "/SMask" in p.image and (int(p.image.SMask.Width),
                                                  int(p.image.SMask.Height))}
                for p in placements(pdf)]


def page_text(pdf_bytes: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf_bytes)).pages]


def contents(pdf_bytes: bytes) -> list[bytes]:
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        return [pikepdf.unparse_content_stream(pikepdf.parse_content_stream(page))
                for page in pdf.pages]


def near(actual: float, expected: float, relative: float) -> bool:
    return abs(actual - expected) <= relative * expected


@pytest.fixture(scope="module")
def photo_pdf(folder) -> bytes:
    return render(folder, '<p>Hội nghị sơ kết công tác tháng 01.</p>'
                          '<img src="photo.jpg" style="width: 100mm">'
                          '<p>Quang cảnh hội nghị.</p>')


def test_placement_gives_printed_size_and_effective_ppi(photo_pdf):
    [(page, _, size_px, (width, height), ppi, bbox)] = placed(photo_pdf)
    assert page == 0 and size_px == PHOTO_PX
    assert abs(width - 100 * MM) <= 0.5 and abs(height - 100 * MM * 4 / 3) <= 0.5
    assert near(ppi, 3000 / (100 / 25.4), 0.01)  # ≈ 762 ppi
    x0, y0, x1, y1 = bbox
    assert abs(x0 - 15 * MM) <= 0.5 and abs((x1 - x0) - width) <= 0.01


def test_resample_to_300_ppi_changes_the_image_only(photo_pdf):
    out = resample(photo_pdf, 300, "rgb", None, 85)
    [before], [after] = placed(photo_pdf), placed(out)
    assert after[2] == (1181, 1574)  # 100 mm and 133,3 mm at 300 ppi, never above it
    assert near(after[4], 300, 0.01) and after[4] <= 300
    assert after[3] == pytest.approx(before[3], abs=0.01)
    assert after[5] == pytest.approx(before[5], abs=0.01)
    assert page_text(out) == page_text(photo_pdf) and "Quang cảnh hội nghị." in page_text(out)[0]
    assert contents(out) == contents(photo_pdf)
    [image] = images(out)
    assert (image["colour"], image["filter"]) == ("/DeviceRGB", "/DCTDecode")
    assert len(out) < len(photo_pdf) / 3


def test_gray_output_has_grey_images(photo_pdf):
    out = resample(photo_pdf, 300, "gray", None, 85)
    [image] = images(out)
    assert image["colour"] == "/DeviceGray" and image["size"] == (1181, 1574)
    assert Image.open(io.BytesIO(image["data"])).mode == "L"
    assert page_text(out) == page_text(photo_pdf)


def test_cmyk_output_converts_through_the_profile(folder, tmp_path):
    profile = tmp_path / "test-cmyk.icc"
    profile.write_bytes(cmyk_profile())
    source = render(folder, '<img src="red-grey.jpg" style="width: 50mm">')
    out = resample(source, 300, "cmyk", profile.read_bytes(), 90)
    with pikepdf.open(io.BytesIO(out)) as pdf:
        [placement] = placements(pdf)
        image = placement.image
        assert image.ColorSpace == "/DeviceCMYK" and image.Filter == "/DCTDecode"
        assert list(image.Decode) == [1, 0] * 4  # Pillow's JPEGs are Adobe-inverted
        assert (int(image.Width), int(image.Height)) == (590, 590)  # 50 mm at 300 ppi
        pixels = pikepdf.PdfImage(image).as_pil_image()
        red, grey = pixels.getpixel((150, 295)), pixels.getpixel((440, 295))
        x0, y0, x1, y1 = placement.bbox
    # The test profile (icc_profiles.py) maps sRGB red to about C0 M97 Y98 K1 and a mid grey
    # to black ink only, K50; a plain formula without the profile would give C50 M50 Y50.
    assert all(abs(a - e) <= 12 for a, e in zip(red, (0, 247, 249, 3))), red
    assert all(abs(a - e) <= 12 for a, e in zip(grey, (0, 0, 0, 127))), grey
    # and a viewer shows red again, not its negative.
    page = pypdfium2.PdfDocument(out)[0]
    shown = page.render(scale=1).to_pil().getpixel(
        (round(x0 + (x1 - x0) / 4), round(page.get_height() - (y0 + y1) / 2)))
    assert shown[0] > 200 and shown[1] < 60 and shown[2] < 60, shown


def test_an_image_already_under_the_target_is_not_upsampled(folder):
    source = render(folder, '<img src="small.jpg" style="width: 100mm">')  # 591 px: 150 ppi
    [(_, _, size_px, _, ppi, _)] = placed(source)
    assert size_px == (591, 400) and near(ppi, 150, 0.01)
    rgb = resample(source, 300, "rgb", None, 85)
    assert images(rgb)[0]["data"] == images(source)[0]["data"]  # left byte for byte
    gray = resample(source, 300, "gray", None, 85)
    assert images(gray)[0]["size"] == (591, 400) and images(gray)[0]["colour"] == "/DeviceGray"


def test_the_same_image_twice_is_sized_for_its_largest_drawing(folder):
    source = render(folder, '<img src="photo.jpg" style="width: 100mm">'
                            '<img src="photo.jpg" style="width: 40mm">')
    large, small = placed(source)
    assert large[1] == small[1]  # one image object, drawn twice
    out = resample(source, 300, "rgb", None, 85)
    large, small = placed(out)
    assert large[1] == small[1] and large[2] == small[2] == (1181, 1574)
    assert near(large[4], 300, 0.01) and near(small[4], 750, 0.01)


def test_image_inside_a_transparency_group_form(folder):
    source = render(folder, '<div style="opacity: 0.5">'
                            '<img src="photo.jpg" style="width: 60mm"></div>')
    with pikepdf.open(io.BytesIO(source)) as pdf:
        drawn = [pdf.pages[0].Resources.XObject[operands[0]].Subtype
                 for operands, op in pikepdf.parse_content_stream(pdf.pages[0], "Do")]
    assert drawn == ["/Form"]  # the premise: the page itself draws no image
    [(_, _, _, (width, height), ppi, _)] = placed(source)
    assert abs(width - 60 * MM) <= 0.5 and abs(height - 80 * MM) <= 0.5
    assert near(ppi, 3000 / (60 / 25.4), 0.01)
    assert placed(resample(source, 300, "rgb", None, 85))[0][2] == (708, 944)


def test_image_in_a_repeated_background_pattern(folder):
    source = render(folder, '<div style="height: 60mm; background: url(tile.png) repeat; '
                            'background-size: 20mm 20mm"></div>')
    [(_, _, size_px, (width, height), ppi, _)] = placed(source)
    assert size_px == (400, 400)
    assert abs(width - 20 * MM) <= 0.5 and abs(height - 20 * MM) <= 0.5
    assert placed(resample(source, 300, "rgb", None, 85))[0][2] == (236, 236)


def test_rotated_and_scaled_form_matrix():
    pdf = pikepdf.new()
    page = pdf.add_blank_page(page_size=(600, 600))
    image = pikepdf.Stream(pdf, bytes(range(200)) * 30, Type=pikepdf.Name.XObject,
                           Subtype=pikepdf.Name.Image, Width=100, Height=20,
                           ColorSpace=pikepdf.Name.DeviceRGB, BitsPerComponent=8)
    form = pikepdf.Stream(pdf, b"q 100 0 0 50 0 0 cm /Im0 Do Q", Type=pikepdf.Name.XObject,
                          Subtype=pikepdf.Name.Form, BBox=[0, 0, 100, 50],
                          Matrix=[0, 1, -1, 0, 0, 0],  # a quarter turn
                          Resources=pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im0=image)))
    page.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Fm0=form))
    page.Contents = pdf.make_stream(b"q 2 0 0 2 300 100 cm /Fm0 Do Q /Fm0 Do")
    [doubled, plain] = placements(pdf)
    assert doubled.size_pt == pytest.approx((200, 100))
    assert doubled.bbox == pytest.approx((200, 100, 300, 300))  # turned: 100 wide, 200 high
    assert doubled.ppi == pytest.approx((100 * 72 / 200, 20 * 72 / 100))
    assert doubled.effective_ppi == pytest.approx(14.4)
    assert plain.size_pt == pytest.approx((100, 50))
    assert plain.bbox == pytest.approx((-50, 0, 0, 100))


def test_soft_mask_is_resampled_with_its_image(folder):
    source = render(folder, '<img src="logo.png" style="width: 50mm">')
    [before] = images(source)
    assert before["filter"] == "/FlateDecode" and before["mask"] == (2000, 1000)
    out = resample(source, 300, "rgb", None, 85)
    [after] = images(out)
    assert after["size"] == after["mask"] == (590, 295)  # 50 mm at 300 ppi
    assert after["filter"] == "/FlateDecode"  # a graphic stays lossless


def one_image_pdf(data: bytes, **entries) -> bytes:
    """A 100 pt page filled by one image."""
    pdf = pikepdf.new()
    page = pdf.add_blank_page(page_size=(100, 100))
    image = pikepdf.Stream(pdf, data, Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Image,
                           BitsPerComponent=8, **entries)
    page.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im0=image))
    page.Contents = pdf.make_stream(b"q 100 0 0 100 0 0 cm /Im0 Do Q")
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def shown(pdf_bytes: bytes) -> tuple[int, int, int]:
    return pypdfium2.PdfDocument(pdf_bytes)[0].render(scale=1).to_pil().getpixel((50, 50))


@pytest.mark.parametrize("inverted", [True, False])
def test_cmyk_jpeg_in_the_pdf_looks_the_same_once_converted(inverted):
    # WeasyPrint passes CMYK JPEGs through, adding the inverting Decode when the JPEG has an
    # Adobe segment; without it a viewer takes the samples as they are stored.
    jpeg = io.BytesIO()
    Image.new("CMYK", (16, 16), (0, 255, 255, 0)).save(jpeg, "JPEG", quality=95)
    extra = {"Decode": [1, 0] * 4} if inverted else {}
    source = one_image_pdf(jpeg.getvalue(), Width=16, Height=16, Filter=pikepdf.Name.DCTDecode,
                           ColorSpace=pikepdf.Name.DeviceCMYK, **extra)
    out = resample(source, 300, "rgb", None, 95)
    assert images(out)[0]["colour"] == "/DeviceRGB"
    before, after = shown(source), shown(out)
    assert all(abs(a - b) <= 40 for a, b in zip(before[:3], after[:3])), (before, after)
    assert (before[0] > 200) == inverted  # red with the Decode, near black without


def test_resampling_is_deterministic(photo_pdf, tmp_path):
    profile = tmp_path / "test-cmyk.icc"
    profile.write_bytes(cmyk_profile())
    first = {colour: resample(photo_pdf, 300, colour, profile.read_bytes(), 85) for colour in COLOURS}
    time.sleep(1.1)  # a file identifier taken from the clock would change by now
    for colour in COLOURS:
        assert resample(photo_pdf, 300, colour, profile.read_bytes(), 85) == first[colour]
        assert math.isclose(placed(first[colour])[0][4], 300, rel_tol=0.01)


def test_wrong_colour_or_missing_profile_is_a_programming_error(photo_pdf):
    with pytest.raises(ValueError):
        resample(photo_pdf, 300, "cmy", None, 85)
    with pytest.raises(ValueError):
        resample(photo_pdf, 300, "cmyk", None, 85)
