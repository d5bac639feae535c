"""Photos from the issue folder: normalised pixels, refused files, addresses resolved safely.

Every image is generated here with Pillow (or written byte by byte where Pillow cannot).
"""

from __future__ import annotations

import io
import struct
import unicodedata
import zlib
from pathlib import Path

import pytest
from icc_profiles import SRGB_BLUE, SRGB_GREEN, SRGB_RED, cmyk_profile, rgb_profile
from PIL import Image, ImageChops, ImageFile

from bulletin_press.content import photos
from bulletin_press.content.markdown import _MD
from bulletin_press.content.photos import load_photo, resolve_photo
from bulletin_press.errors import BulletinError


def write(path: Path, image: Image.Image, fmt: str, **options) -> Path:
    out = io.BytesIO()
    image.save(out, fmt, **options)
    path.write_bytes(out.getvalue())
    return path


def reopened(photo: photos.Photo) -> Image.Image:
    image = Image.open(io.BytesIO(photo.data))
    image.load()
    return image


def close(actual, expected, tolerance: int = 6) -> bool:
    actual = actual if isinstance(actual, tuple) else (actual,)
    expected = expected if isinstance(expected, tuple) else (expected,)
    return len(actual) == len(expected) and all(
        abs(a - e) <= tolerance for a, e in zip(actual, expected))


def refusal(path: Path) -> str:
    with pytest.raises(BulletinError) as info:
        load_photo(path)
    [problem] = info.value.problems
    assert problem.file == path and problem.line is None
    return problem.message


def noise(size: tuple[int, int], seed: int = 1) -> Image.Image:
    """A photo-like image: smooth gradients under fine noise, the same on every run."""
    width, height = size
    gradient = Image.linear_gradient("L").resize(size)
    noisy = Image.frombytes("L", size, bytes((i * 7919 + seed * 104729) % 251
                                             for i in range(width * height)))
    return Image.merge("RGB", (gradient, Image.blend(gradient, noisy, 0.3),
                               ImageChops.invert(gradient)))


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_bytes(width: int, height: int, bit_depth: int, colour_type: int, rows: bytes) -> bytes:
    """A PNG written by hand: Pillow cannot write 16-bit RGB, nor lie about the size."""
    header = struct.pack(">IIBBBBB", width, height, bit_depth, colour_type, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", header)
            + png_chunk(b"IDAT", zlib.compress(rows)) + png_chunk(b"IEND", b""))


def without_segment(jpeg: bytes, marker: int) -> bytes:
    """The JPEG with every segment of one marker type (before the first scan) removed."""
    out, pos = bytearray(jpeg[:2]), 2
    while jpeg[pos + 1] != 0xDA:
        length = int.from_bytes(jpeg[pos + 2:pos + 4], "big")
        if jpeg[pos + 1] != marker:
            out += jpeg[pos:pos + 2 + length]
        pos += 2 + length
    return bytes(out + jpeg[pos:])


# --- orientation, modes, alpha -------------------------------------------------------------

def test_exif_orientation_6_is_turned_upright(tmp_path):
    # Stored landscape, 60 × 40, with a red block in the stored top-left corner. Orientation 6:
    # the stored top row is the visual right side, the stored left column the visual top.
    stored = Image.new("RGB", (60, 40), (0, 0, 255))
    stored.paste((255, 0, 0), (0, 0, 16, 16))
    exif = Image.Exif()
    exif[0x0112] = 6
    photo = load_photo(write(tmp_path / "doc.jpg", stored, "JPEG", quality=95, exif=exif))
    upright = reopened(photo)
    assert photo.size_px == upright.size == (40, 60)
    assert photo.rotated
    assert close(upright.getpixel((40 - 5, 5)), (255, 0, 0), 30)  # visual top-right
    assert close(upright.getpixel((5, 5)), (0, 0, 255), 30)
    # The output carries no orientation any more, or the renderer would turn it a second time.
    assert 0x0112 not in upright.getexif()


# --- no more pixels than the page can print ------------------------------------------------

# A5 with 3 mm bleed at 300 ppi: 154 × 216 mm → 1.819 × 2.552 px.
A5_LARGEST = photos.largest_px((154, 216))


def test_largest_px_is_the_page_with_bleed_at_print_resolution():
    assert A5_LARGEST == (1819, 2552)
    assert photos.largest_px((196, 276)) == (2315, 3260)   # 19 × 27 cm


def test_a_phone_photo_is_brought_down_to_the_page_width(tmp_path):
    # 4.000 × 3.000: printed at most as wide as the page, 1.819 px, at 300 ppi.
    path = write(tmp_path / "phone.jpg", noise((4000, 3000)), "JPEG", quality=90)
    photo = load_photo(path, A5_LARGEST)
    assert photo.size_px == reopened(photo).size == (1819, 1365)
    # Twin: without a page the photo keeps every pixel.
    assert load_photo(path).size_px == (4000, 3000)


def test_a_tall_photo_is_limited_by_the_page_height(tmp_path):
    # 1.000 × 4.000: as tall as the page (2.552 px) it is 638 px wide, not 1.819.
    photo = load_photo(write(tmp_path / "tall.png", noise((1000, 4000)), "PNG"), A5_LARGEST)
    assert photo.size_px == (638, 2552)


def test_a_photo_the_page_can_print_whole_is_left_as_it_is(tmp_path):
    path = write(tmp_path / "small.jpg", noise((1400, 930)), "JPEG", quality=90)
    assert load_photo(path, A5_LARGEST).data == load_photo(path).data


def test_a_turned_phone_photo_is_fitted_upright(tmp_path):
    # Stored 4.000 × 3.000 on its side (orientation 6): upright 3.000 × 4.000, as wide as the
    # page at 1.819 px; the red block of the stored top-left corner ends at the visual top-right.
    stored = noise((4000, 3000))
    stored.paste((255, 0, 0), (0, 0, 800, 800))
    exif = Image.Exif()
    exif[0x0112] = 6
    photo = load_photo(write(tmp_path / "turned.jpg", stored, "JPEG", quality=90, exif=exif),
                       A5_LARGEST)
    upright = reopened(photo)
    assert photo.size_px == upright.size == (1819, 2426)
    assert close(upright.getpixel((1819 - 100, 100)), (255, 0, 0), 40)
    assert not close(upright.getpixel((100, 100)), (255, 0, 0), 40)


def test_rgba_png_is_flattened_onto_white(tmp_path):
    image = Image.new("RGBA", (40, 20), (0, 0, 0, 0))
    image.paste((255, 0, 0, 128), (20, 0, 40, 20))
    photo = load_photo(write(tmp_path / "logo.png", image, "PNG"))
    flat = reopened(photo)
    assert (photo.format, photo.mode, flat.mode) == ("PNG", "RGB", "RGB")
    assert photo.had_alpha
    assert flat.getpixel((5, 5)) == (255, 255, 255)
    assert close(flat.getpixel((30, 5)), (255, 127, 127), 2)


def test_opaque_rgba_is_not_reported_as_transparent(tmp_path):
    photo = load_photo(write(tmp_path / "a.png", Image.new("RGBA", (8, 8), (9, 9, 9, 255)), "PNG"))
    assert not photo.had_alpha and reopened(photo).getpixel((1, 1)) == (9, 9, 9)


def test_16_bit_grey_png_is_scaled_not_clipped(tmp_path):
    image = Image.new("I;16", (30, 10))
    for band, value in enumerate((0, 128 * 257, 65535)):
        image.paste(value, (10 * band, 0, 10 * band + 10, 10))
    photo = load_photo(write(tmp_path / "grey16.png", image, "PNG"))
    out = reopened(photo)
    assert (photo.source_mode, photo.mode, photo.format, out.mode) == ("I;16", "L", "PNG", "L")
    assert [out.getpixel((10 * band + 5, 5)) for band in range(3)] == [0, 128, 255]


def test_16_bit_rgb_png_becomes_8_bit(tmp_path):
    pixel = struct.pack(">HHH", 0x8000, 0x4000, 0xFFFF)
    path = tmp_path / "rgb16.png"
    path.write_bytes(png_bytes(2, 1, 16, 2, b"\x00" + pixel * 2))
    photo = load_photo(path)
    out = reopened(photo)
    assert out.mode == "RGB" and out.getpixel((0, 0)) == (128, 64, 255)


def test_palette_png_with_transparency(tmp_path):
    image = Image.new("P", (20, 10), 0)
    image.putpalette([0, 160, 0, 0, 0, 255] + [0] * 762)
    image.paste(1, (10, 0, 20, 10))
    photo = load_photo(write(tmp_path / "so-do.png", image, "PNG", transparency=1))
    out = reopened(photo)
    assert photo.source_mode == "P" and photo.had_alpha and out.mode == "RGB"
    assert out.getpixel((2, 2)) == (0, 160, 0)
    assert out.getpixel((15, 5)) == (255, 255, 255)


@pytest.mark.parametrize(("mode", "key", "kept"), [("RGB", (0, 0, 0), (0, 0, 200)), ("L", 0, 90)])
def test_transparent_colour_key_is_flattened(tmp_path, mode, key, kept):
    # A PNG without alpha may still name one colour transparent (its tRNS chunk).
    image = Image.new(mode, (20, 10), key)
    image.paste(kept, (10, 0, 20, 10))
    photo = load_photo(write(tmp_path / "key.png", image, "PNG", transparency=key))
    out = reopened(photo)
    assert photo.had_alpha and out.mode == mode and "transparency" not in out.info
    assert out.getpixel((2, 2)) == _white(mode) and out.getpixel((15, 5)) == kept


def _white(mode: str):
    return (255, 255, 255) if mode == "RGB" else 255


def test_grey_with_alpha_is_flattened_to_grey(tmp_path):
    image = Image.new("LA", (20, 10), (0, 0))
    image.paste((40, 255), (10, 0, 20, 10))
    photo = load_photo(write(tmp_path / "la.png", image, "PNG"))
    out = reopened(photo)
    assert (photo.source_mode, out.mode) == ("LA", "L")
    assert out.getpixel((2, 2)) == 255 and out.getpixel((15, 5)) == 40


# --- colour ------------------------------------------------------------------------------

def test_adobe_cmyk_jpeg_comes_out_in_the_right_colours(tmp_path):
    # Pillow writes CMYK JPEGs the Adobe way: inverted, with an APP14 "Adobe" segment.
    image = Image.new("CMYK", (32, 16), (0, 255, 255, 0))
    image.paste((0, 0, 0, 128), (16, 0, 32, 16))
    path = write(tmp_path / "adobe.jpg", image, "JPEG", quality=95)
    assert b"Adobe" in path.read_bytes()
    photo = load_photo(path)
    out = reopened(photo)
    assert photo.source_mode == "CMYK" and out.mode == "RGB"
    assert close(out.getpixel((4, 8)), (255, 0, 0))
    assert close(out.getpixel((28, 8)), (127, 127, 127))


def test_plain_cmyk_jpeg_is_not_read_inverted(tmp_path):
    # Without the Adobe segment the samples are stored as they are: save the negative the
    # Adobe way (which inverts it back), then drop the segment.
    image = Image.new("CMYK", (16, 16), (0, 255, 255, 0))
    out = io.BytesIO()
    ImageChops.invert(image).save(out, "JPEG", quality=95)
    path = tmp_path / "plain.jpg"
    path.write_bytes(without_segment(out.getvalue(), 0xEE))
    assert b"Adobe" not in path.read_bytes()
    assert close(reopened(load_photo(path)).getpixel((8, 8)), (255, 0, 0))


def test_cmyk_jpeg_with_profile_is_converted_through_it(tmp_path):
    # The test profile's r = (1 − c)(1 − k): C = K = 50 % gives a quarter of red; Pillow's
    # plain formula, used without a profile, would give none.
    image = Image.new("CMYK", (16, 16), (128, 0, 0, 128))
    photo = load_photo(write(tmp_path / "profiled.jpg", image, "JPEG", quality=95,
                             icc_profile=cmyk_profile()))
    assert photo.profile == "Test CMYK (textbook formula)"
    assert close(reopened(photo).getpixel((8, 8)), (64, 128, 128))


def test_embedded_rgb_profile_is_converted_to_srgb(tmp_path):
    # A profile whose red and blue primaries are swapped: stored red is really blue.
    swapped = rgb_profile(SRGB_BLUE, SRGB_GREEN, SRGB_RED, description="Swapped primaries")
    image = Image.new("RGB", (16, 16), (255, 0, 0))
    photo = load_photo(write(tmp_path / "wide.jpg", image, "JPEG", quality=95,
                             icc_profile=swapped))
    out = reopened(photo)
    assert photo.profile == "Swapped primaries" and not photo.ignored_profile
    assert close(out.getpixel((8, 8)), (0, 0, 255))
    assert "icc_profile" not in out.info


@pytest.mark.parametrize("fmt", ["JPEG", "PNG"])
def test_unusable_profile_is_ignored_flagged_and_dropped(tmp_path, fmt):
    image = Image.new("RGB", (16, 16), (200, 100, 50))
    photo = load_photo(write(tmp_path / f"junk.{fmt.lower()}", image, fmt,
                             icc_profile=b"not a profile at all" * 8))
    out = reopened(photo)
    assert photo.ignored_profile and photo.profile is None and photo.format == fmt
    assert close(out.getpixel((8, 8)), (200, 100, 50), 0 if fmt == "PNG" else 6)
    assert "icc_profile" not in out.info and b"not a profile" not in photo.data


# --- frames ------------------------------------------------------------------------------

def test_animated_gif_keeps_the_first_frame_and_says_so(tmp_path):
    frames = [Image.new("RGB", (16, 16), colour) for colour in ((255, 0, 0), (0, 0, 255))]
    path = write(tmp_path / "dong.png", frames[0], "GIF", save_all=True,
                 append_images=frames[1:], duration=100, loop=0)
    photo = load_photo(path)
    assert photo.source_format == "GIF" and photo.animated
    assert reopened(photo).getpixel((8, 8)) == (255, 0, 0)


def test_animated_png_keeps_the_first_frame_and_says_so(tmp_path):
    frames = [Image.new("RGB", (16, 16), colour) for colour in ((0, 128, 0), (0, 0, 255))]
    photo = load_photo(write(tmp_path / "apng.png", frames[0], "PNG", save_all=True,
                             append_images=frames[1:], duration=100))
    assert photo.animated and reopened(photo).getpixel((8, 8)) == (0, 128, 0)


def test_multi_picture_jpeg_from_a_phone_is_a_still_photo(tmp_path):
    frames = [noise((64, 48)), Image.new("RGB", (64, 48), (0, 0, 255))]
    photo = load_photo(write(tmp_path / "mpo.jpg", frames[0], "MPO", save_all=True,
                             append_images=frames[1:]))
    assert (photo.source_format, photo.format, photo.animated) == ("JPEG", "JPEG", False)
    assert photo.size_px == (64, 48)


# --- encoding ----------------------------------------------------------------------------

def test_output_is_deterministic_and_without_metadata(tmp_path):
    exif = Image.Exif()
    exif[0x0132] = "2024:01:15 08:30:00"  # DateTime
    exif[0x010F] = "Máy ảnh"
    image = noise((300, 200))
    first = write(tmp_path / "a.jpg", image, "JPEG", quality=90, exif=exif,
                  icc_profile=photos._SRGB.tobytes())
    second = tmp_path / "img" / "bản sao.jpg"
    second.parent.mkdir()
    second.write_bytes(first.read_bytes())
    one, two = load_photo(first), load_photo(second)
    assert one.data == two.data == load_photo(first).data
    out = reopened(one)
    assert out.size == (300, 200)  # full resolution kept
    assert not {"exif", "icc_profile", "xmp", "comment"} & set(out.info)
    assert b"Exif" not in one.data and b"2024:01:15" not in one.data


def test_png_without_text_chunks(tmp_path):
    from PIL.PngImagePlugin import PngInfo
    info = PngInfo()
    info.add_text("Software", "Trình sửa ảnh", zip=True)
    photo = load_photo(write(tmp_path / "chart.png", Image.new("RGB", (50, 30), "white"), "PNG",
                             pnginfo=info))
    assert photo.format == "PNG" and b"Software" not in photo.data and b"tEXt" not in photo.data


@pytest.mark.parametrize(("source", "image", "expected"), [
    ("JPEG", "flat", "JPEG"),    # a JPEG stays JPEG whatever it shows
    ("PNG", "flat", "PNG"),      # a chart or screenshot stays lossless
    ("PNG", "noise", "JPEG"),    # a photograph saved as PNG becomes JPEG
])
def test_jpeg_for_photographs_png_for_graphics(tmp_path, source, image, expected):
    picture = noise((120, 80)) if image == "noise" else Image.new("RGB", (120, 80), "white")
    if image == "flat":
        picture.paste((200, 30, 30), (20, 20, 100, 60))
    photo = load_photo(write(tmp_path / f"x.{source.lower()}", picture, source))
    assert photo.format == expected
    assert Image.open(io.BytesIO(photo.data)).format == expected


def test_large_graphic_is_judged_on_all_of_it(tmp_path):
    # 1,5 MP: looked at in bands. A photo strip on top, two thirds of flat page below.
    picture = Image.new("RGB", (1000, 1500), "white")
    picture.paste(noise((1000, 500)), (0, 0))
    assert load_photo(write(tmp_path / "trang.png", picture, "PNG")).format == "PNG"


# --- refused files -----------------------------------------------------------------------

def jpeg_bytes(size=(200, 150)) -> bytes:
    out = io.BytesIO()
    noise(size).save(out, "JPEG", quality=90)
    return out.getvalue()


@pytest.fixture(params=["pillow default", "weasyprint imported"])
def truncation_flag(request, monkeypatch):
    """Truncation must be found whatever ImageFile.LOAD_TRUNCATED_IMAGES says."""
    if request.param == "weasyprint imported":
        import weasyprint  # noqa: F401  (sets the flag as a side effect)
        assert ImageFile.LOAD_TRUNCATED_IMAGES is True
    else:
        monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", False)
    value = ImageFile.LOAD_TRUNCATED_IMAGES
    yield
    assert ImageFile.LOAD_TRUNCATED_IMAGES is value  # put back as it was


def forbid_decoding(monkeypatch):
    def decoded(*args, **kwargs):
        raise AssertionError("pixels were decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", decoded)
    monkeypatch.setattr(Image, "open", decoded)


TRUNCATED = ("tệp ảnh bị cắt cụt (thiếu phần cuối), thường do chép hoặc tải về chưa xong. "
             "Hãy chép lại ảnh gốc (từ máy ảnh, điện thoại hoặc người gửi) vào thư mục img/.")


@pytest.mark.parametrize("keep", [0.98, 0.66, 0.3])
def test_truncated_jpeg_is_refused_from_its_structure(tmp_path, monkeypatch, truncation_flag, keep):
    # Found in the marker structure, before and without decoding: no flag can hide it.
    data = jpeg_bytes()
    path = tmp_path / "cut.jpg"
    path.write_bytes(data[:int(len(data) * keep)])
    forbid_decoding(monkeypatch)
    assert refusal(path) == TRUNCATED


@pytest.mark.parametrize("keep", [0.98, 0.66, 0.3])
def test_truncated_png_is_refused_from_its_structure(tmp_path, monkeypatch, truncation_flag, keep):
    out = io.BytesIO()
    noise((200, 150)).save(out, "PNG")
    path = tmp_path / "cut.png"
    path.write_bytes(out.getvalue()[:int(out.tell() * keep)])
    forbid_decoding(monkeypatch)
    assert refusal(path) == TRUNCATED


def test_truncated_phone_photo_is_refused_despite_its_thumbnails_end_marker(tmp_path, monkeypatch):
    # A phone photo carries a JPEG thumbnail, end marker included, inside its EXIF segment:
    # looking for an end marker anywhere in the file would take the cut photo for whole.
    exif = Image.Exif()
    exif[0x0112] = 1
    thumbnail = io.BytesIO()
    noise((32, 24)).save(thumbnail, "JPEG")
    out = io.BytesIO()
    noise((200, 150)).save(out, "JPEG", exif=exif.tobytes() + thumbnail.getvalue())
    data = out.getvalue()
    path = tmp_path / "cut.jpg"
    path.write_bytes(data[:len(data) - 200])
    assert b"\xff\xd9" in path.read_bytes()
    forbid_decoding(monkeypatch)
    assert refusal(path) == TRUNCATED


def test_damaged_png_is_refused(tmp_path, truncation_flag):
    out = io.BytesIO()
    noise((200, 150)).save(out, "PNG")
    data = bytearray(out.getvalue())
    middle = len(data) // 2
    data[middle:middle + 16] = bytes(16)  # IDAT bytes changed: its checksum no longer matches
    path = tmp_path / "hong.png"
    path.write_bytes(bytes(data))
    assert "bị hỏng" in refusal(path)


def test_jpeg_with_a_trailer_after_its_end_is_accepted(tmp_path):
    path = tmp_path / "trailer.jpg"
    path.write_bytes(jpeg_bytes() + b"\x00" * 16 + b"SEFT trailer data")
    assert load_photo(path).size_px == (200, 150)


def test_missing_file(tmp_path):
    assert refusal(tmp_path / "khong-co.jpg").startswith("không tìm thấy tệp ảnh này")


def test_unreadable_file(tmp_path, monkeypatch):
    path = tmp_path / "khoa.jpg"
    path.write_bytes(jpeg_bytes())

    def denied(self):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", denied)
    assert refusal(path).startswith("không có quyền đọc tệp ảnh này")


def test_empty_file(tmp_path):
    path = tmp_path / "rong.jpg"
    path.write_bytes(b"")
    assert refusal(path).startswith("tệp ảnh trống (0 byte)")


def test_text_named_png(tmp_path):
    path = tmp_path / "anh.png"
    path.write_text("Ảnh sẽ gửi sau.\n", encoding="utf-8")
    assert refusal(path).startswith("tệp này chứa văn bản, không phải ảnh")


def test_web_page_named_jpg(tmp_path):
    path = tmp_path / "anh.jpg"
    path.write_text("<!DOCTYPE html><html><body><img src=x></body></html>", encoding="utf-8")
    assert refusal(path).startswith("tệp này là một trang web (HTML)")


def test_webp_named_jpg(tmp_path):
    message = refusal(write(tmp_path / "zalo.jpg", noise((40, 30)), "WEBP"))
    assert message.startswith("tệp này thực ra là ảnh WebP, không phải ảnh JPEG hay PNG.")
    assert "lưu lại (xuất) dưới dạng JPEG" in message


def test_heic_named_jpg(tmp_path):
    path = tmp_path / "iphone.jpg"
    path.write_bytes(b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + bytes(64))
    message = refusal(path)
    assert message.startswith("tệp này thực ra là ảnh HEIC/HEIF")
    assert "Cài đặt > Camera > Định dạng > Tương thích nhất" in message


def test_unknown_binary(tmp_path):
    path = tmp_path / "la.jpg"
    path.write_bytes(bytes(range(256)) * 4)
    assert refusal(path).startswith("tệp này không phải ảnh JPEG hay PNG")


@pytest.mark.parametrize(("width", "height"), [(9000, 8000), (40000, 40000)])
def test_decompression_bomb_png_is_refused_unread(tmp_path, monkeypatch, width, height):
    # 72 MP is under Pillow's own limit (89 MP) but over ours; 1 600 MP is over both.
    path = tmp_path / "bom.png"
    path.write_bytes(png_bytes(width, height, 8, 2, b"\x00" * 64))
    forbid_decoding(monkeypatch)
    message = refusal(path)
    assert message.startswith(f"ảnh quá lớn: {width:,} × {height:,} điểm ảnh".replace(",", "."))
    assert "vượt giới hạn 60 triệu điểm ảnh" in message


def test_decompression_bomb_jpeg_is_refused_unread(tmp_path, monkeypatch):
    data = bytearray(jpeg_bytes((16, 16)))
    sof = data.index(b"\xff\xc0")
    data[sof + 5:sof + 9] = struct.pack(">HH", 10000, 10000)  # height, width
    path = tmp_path / "bom.jpg"
    path.write_bytes(bytes(data))
    forbid_decoding(monkeypatch)
    assert refusal(path).startswith("ảnh quá lớn: 10.000 × 10.000 điểm ảnh (100,0 triệu)")


@pytest.mark.parametrize("pillow_limit", [1_000, 1_500])
def test_pillow_bomb_signals_are_refusals_too(tmp_path, monkeypatch, pillow_limit):
    # Should Pillow's own limit be set lower somewhere: 2 500 pixels are over twice 1 000,
    # where Pillow raises, and over 1 500, where it only warns. Both refuse the photo.
    path = write(tmp_path / "a.png", Image.new("RGB", (50, 50)), "PNG")
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", pillow_limit)
    assert refusal(path).startswith("ảnh quá lớn: 50 × 50 điểm ảnh")


def test_limit_is_the_module_constant(tmp_path, monkeypatch):
    path = write(tmp_path / "a.png", Image.new("RGB", (100, 100)), "PNG")
    monkeypatch.setattr(photos, "MAX_PIXELS", 9_999)
    assert refusal(path).startswith("ảnh quá lớn")
    monkeypatch.setattr(photos, "MAX_PIXELS", 10_000)
    assert load_photo(path).size_px == (100, 100)


# --- addresses ---------------------------------------------------------------------------

def markdown_src(destination: str) -> str:
    """The address exactly as markdown-it hands it over for ![x](destination)."""
    inline = next(t for t in _MD.parse(f"![x]({destination})\n") if t.type == "inline")
    return next(c for c in inline.children if c.type == "image").attrGet("src")


@pytest.fixture
def issue_dir(tmp_path) -> Path:
    folder = tmp_path / "2024-01"
    (folder / "img").mkdir(parents=True)
    (folder / "img" / "anh.jpg").write_bytes(jpeg_bytes((16, 16)))
    return folder


def address_refusal(issue_dir: Path, src: str) -> str:
    with pytest.raises(BulletinError) as info:
        resolve_photo(issue_dir, src)
    [problem] = info.value.problems
    assert problem.file == issue_dir and problem.line is None
    return problem.message


@pytest.mark.parametrize(("on_disk", "written"), [("NFD", "NFC"), ("NFC", "NFD")])
def test_vietnamese_name_with_spaces_found_in_either_normal_form(issue_dir, on_disk, written):
    name = "trạm y tế xã Tân An.jpg"
    disk_name = unicodedata.normalize(on_disk, name)
    (issue_dir / "img" / disk_name).write_bytes(b"x")
    src = markdown_src(f"<img/{unicodedata.normalize(written, name)}>")
    assert "%20" in src and src.isascii()  # markdown-it percent-encodes the address
    assert resolve_photo(issue_dir, src) == issue_dir / "img" / disk_name


def test_plain_and_dotted_addresses(issue_dir):
    expected = issue_dir / "img" / "anh.jpg"
    for src in ("img/anh.jpg", "./img/anh.jpg", "img/../img/anh.jpg", "img//anh.jpg"):
        assert resolve_photo(issue_dir, src) == expected, src


@pytest.mark.parametrize(("src", "start"), [
    ("http://example.com/anh.jpg", "ảnh “http://example.com/anh.jpg” là địa chỉ trên mạng."),
    ("https://example.com/anh.jpg", "ảnh “https://example.com/anh.jpg” là địa chỉ trên mạng."),
    ("//example.com/anh.jpg", "ảnh “//example.com/anh.jpg” là địa chỉ trên mạng."),
    ("file:///etc/passwd", "ảnh “file:///etc/passwd” dùng địa chỉ kiểu “file:”"),
    ("data:image/png;base64,iVBORw0KGgo=", "ảnh “data:image/png;base64,iVBORw0KGgo=” dùng "
                                           "địa chỉ kiểu “data:”"),
    ("ftp://example.com/anh.jpg", "ảnh “ftp://example.com/anh.jpg” dùng địa chỉ kiểu “ftp:”"),
    ("/etc/passwd", "ảnh “/etc/passwd” dùng đường dẫn tuyệt đối."),
    ("../2023-12/img/anh.jpg", "ảnh “../2023-12/img/anh.jpg” nằm ngoài thư mục của số"),
    ("img/../../anh.jpg", "ảnh “img/../../anh.jpg” nằm ngoài thư mục của số"),
    ("img/%2e%2e/%2e%2e/anh.jpg", "ảnh “img/../../anh.jpg” nằm ngoài thư mục của số"),
    ("img/anh.jpg?v=2", "đường dẫn ảnh “img/anh.jpg?v=2” có ký tự “?” hoặc “#”"),
    ("img/anh%5Cmoi.jpg", "đường dẫn ảnh “img/anh\\moi.jpg” dùng dấu “\\”."),
    ("", "ảnh chưa có đường dẫn"),
    ("img", "“img” không phải tệp ảnh."),
])
def test_refused_addresses(issue_dir, src, start):
    assert address_refusal(issue_dir, src).startswith(start)


def test_symlink_leading_outside_is_refused(issue_dir, tmp_path):
    outside = tmp_path / "bi-mat.jpg"
    outside.write_bytes(b"x")
    (issue_dir / "img" / "lien-ket.jpg").symlink_to(outside)
    (issue_dir / "img" / "ben-trong.jpg").symlink_to(issue_dir / "img" / "anh.jpg")
    assert address_refusal(issue_dir, "img/lien-ket.jpg").startswith(
        "ảnh “img/lien-ket.jpg” là liên kết (symlink) trỏ ra ngoài thư mục của số.")
    assert resolve_photo(issue_dir, "img/ben-trong.jpg") == issue_dir / "img" / "ben-trong.jpg"


def test_symlinked_folder_leading_outside_is_refused(issue_dir, tmp_path):
    (tmp_path / "khac").mkdir()
    (tmp_path / "khac" / "anh.jpg").write_bytes(b"x")
    (issue_dir / "ngoai").symlink_to(tmp_path / "khac")
    assert "trỏ ra ngoài thư mục của số" in address_refusal(issue_dir, "ngoai/anh.jpg")


def test_missing_photo_names_the_folder_and_a_case_variant(issue_dir):
    assert address_refusal(issue_dir, "img/khong-co.jpg") == (
        "không tìm thấy ảnh img/khong-co.jpg trong thư mục 2024-01/.")
    assert address_refusal(issue_dir, "IMG/Anh.JPG") == (
        "không tìm thấy ảnh IMG/Anh.JPG trong thư mục 2024-01/. Có “img” chỉ khác chữ hoa, "
        "chữ thường: hãy sửa cho khớp.")
    assert address_refusal(issue_dir, "img/Anh.JPG") == (
        "không tìm thấy ảnh img/Anh.JPG trong thư mục 2024-01/. Có “img/anh.jpg” chỉ khác "
        "chữ hoa, chữ thường: hãy sửa cho khớp.")
