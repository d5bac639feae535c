"""One photo an editor put in the issue folder → upright, sRGB, 8-bit, opaque, metadata-free bytes.

`resolve_photo` turns the address written in Markdown into the file inside the issue folder;
`load_photo` reads that file, refuses what cannot be printed and normalises the rest:

- fully decoded with truncation refused, whatever ImageFile.LOAD_TRUNCATED_IMAGES says
  (WeasyPrint sets it on import): the JPEG and PNG marker/chunk structure must run to its end
  marker, and Pillow decodes with the flag off;
- EXIF orientation applied; first frame only of an animation (flagged for a warning);
- 16-bit, palette, bilevel and transparency-keyed images made 8-bit L or RGB, alpha
  flattened onto white;
- an embedded ICC profile converted to sRGB (perceptual); CMYK without a profile converted
  with Pillow's plain formula, after undoing Pillow's Adobe-inversion assumption when the JPEG
  has no Adobe marker;
- no metadata in the output (no EXIF, XMP, ICC or text chunks) and no timestamps, so the same
  file always gives the same bytes.

Output encoding: JPEG for JPEG sources and for photographic PNG/GIF sources, PNG for PNG/GIF
sources that are graphics (screenshots, charts, logos), judged by FLAT_SHARE. A photo with more
pixels than its page could ever use is brought down to `largest_px`, the page with its bleed at
PRINT_PPI, keeping its shape: wherever the layout places it, it still has at least PRINT_PPI.
A phone photo (4000 × 3000) becomes 1819 px wide for an A5 page, a fifth of the pixels
for every later step. The exact resampling to print resolution at the printed size happens in
the PDF (press/images.py).

Accepted content: JPEG (also MPO, which phones write) and PNG (also APNG), the project's two
photo formats, plus GIF, which can only arrive under a .jpg or .png name (markdown.py checks
the suffix) and converts to PNG without loss. WebP, HEIC, AVIF, TIFF, BMP… are refused, naming
the real format, with how to export a JPEG.
"""

from __future__ import annotations

import hashlib
import io
import math
import re
import unicodedata
import warnings
from collections import OrderedDict
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import NoReturn
from urllib.parse import unquote, urlsplit

from PIL import Image, ImageChops, ImageCms, ImageFile, ImageOps

from bulletin_press.errors import BulletinError, Problem
from bulletin_press.vietnamese import format_number

# Refused above this many pixels before anything is decoded: 60 MP is about seven times a
# full A4 page at 300 ppi, and about 180 MB once decoded as RGB.
MAX_PIXELS = 60_000_000
# High quality and full-resolution colour (4:4:4, not 4:2:0): a photo already at or below
# print resolution reaches the PDF with exactly these bytes (press/images.py keeps them) and
# needs all the detail it has; a larger one is decoded and re-encoded once more after
# resampling, and should not carry halved colour and a first round of loss into that.
JPEG_QUALITY = 92
JPEG_SUBSAMPLING = "4:4:4"
# A PNG or GIF where at least this share of horizontally adjacent pixels are identical is a
# graphic and stays lossless PNG; a photograph has noise everywhere and becomes JPEG.
# A wrong guess costs bytes (a photo kept as PNG) or a faint JPEG halo round sharp edges.
FLAT_SHARE = 0.5

# The print file's photo resolution (press/finish.py resamples to it at the printed size).
PRINT_PPI = 300
# Downsizing for print, screen and web (press/images.py, web/photos.py): Lanczos after a
# whole-number box reduction that leaves at least this factor to Lanczos. A phone photo
# (4000 × 3000) brought to 1417 px for print is made 2.3 times faster than by Lanczos alone,
# and differs from it by at most 2 levels of 255 (0.3 on average): invisible in print.
REDUCING_GAP = 1.0

_ACCEPTED = ("JPEG", "PNG", "GIF")
_PILLOW_FORMATS = {"JPEG": ["JPEG"], "PNG": ["PNG"], "GIF": ["GIF"]}
_SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
_WHITE = {"L": 255, "RGB": (255, 255, 255)}
_ORIENTATION = 0x0112
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_JPEG_SOF = {*range(0xC0, 0xD0)} - {0xC4, 0xC8, 0xCC}
# After a JPEG start-of-scan, the entropy-coded data runs to the next marker that is not a
# stuffed byte (FF 00) or a restart marker (FF D0–D7).
_NEXT_MARKER = re.compile(rb"\xff[^\x00\xd0-\xd7]")

_SEE_ORIGINAL = "Hãy chép lại ảnh gốc (từ máy ảnh, điện thoại hoặc người gửi) vào thư mục img/."
_EXPORT_JPEG = ("Chương trình chỉ nhận ảnh JPEG (.jpg) và PNG (.png): hãy mở ảnh bằng phần mềm "
                "xem hoặc sửa ảnh, lưu lại (xuất) dưới dạng JPEG rồi chép vào thư mục img/.")


@dataclass(frozen=True)
class Photo:
    """A photo ready for layout: `data` is a complete JPEG or PNG file."""

    file: Path
    data: bytes = field(repr=False)
    format: str               # "JPEG" or "PNG"
    size_px: tuple[int, int]  # width, height, upright
    mode: str                 # "RGB" or "L"
    source_format: str        # "JPEG", "PNG" or "GIF", as the file holds it
    source_mode: str          # Pillow's mode of the source: "RGB", "CMYK", "I;16", "P", …
    rotated: bool = False     # the EXIF orientation turned or mirrored it
    had_alpha: bool = False   # some pixels were transparent: they are now white
    animated: bool = False    # only the first frame was kept
    profile: str | None = None  # the embedded ICC profile converted from, by its description
    ignored_profile: bool = False  # an embedded profile was unusable: colours taken as sRGB


# Photos normalised lately, by file, bytes and the limits they were checked against: a rebuild
# after an edit of the text (bulletin watch) finds its photos here instead of decoding them
# again. A Photo is frozen.
_RECENT: OrderedDict[tuple, Photo] = OrderedDict()
REMEMBERED_BYTES = 128 << 20  # of normalised photo data, at most


def largest_px(page_mm: tuple[float, float]) -> tuple[int, int]:
    """The pixels a photo can use on a page of page_mm (width, height, bleed included)."""
    return tuple(math.ceil(side / 25.4 * PRINT_PPI) for side in page_mm)


def load_photo(path: Path, largest: tuple[int, int] | None = None) -> Photo:
    """Read and normalise one photo, at most `largest` (see largest_px); every problem is a
    BulletinError about `path`."""
    path = Path(path)
    data = _read(path)
    key = (path, hashlib.sha256(data).digest(), MAX_PIXELS, Image.MAX_IMAGE_PIXELS, largest)
    if key in _RECENT:
        _RECENT.move_to_end(key)
        return _RECENT[key]
    photo = normalise_photo(data, path, largest)
    _RECENT[key] = photo
    while sum(len(kept.data) for kept in _RECENT.values()) > REMEMBERED_BYTES:
        _RECENT.popitem(last=False)
    return photo


def image_format(data: bytes) -> str | None:
    """The real format of image bytes, whatever their name says: "JPEG", "PNG", "GIF",
    "WebP", "HEIC", "AVIF", "TIFF", "BMP", "PDF", "video", or None when not recognised."""
    return _sniff(data[:64])


def normalise_photo(data: bytes, path: Path, largest: tuple[int, int] | None = None) -> Photo:
    """Normalise the bytes of a photo as load_photo does; problems are reported about `path`
    (the file the bytes came from, or will be written to)."""
    path = Path(path)
    kind = _sniff(data[:64])
    if kind not in _ACCEPTED:
        _fail(path, _not_accepted(kind, data[:512]))
    size, complete = _structure(data, kind)
    if size is not None:
        _check_pixels(path, size)
    if not complete:
        _fail(path, "tệp ảnh bị cắt cụt (thiếu phần cuối), thường do chép hoặc tải về chưa xong. "
                    + _SEE_ORIGINAL)
    image = _decode(path, data, kind, largest)
    source_mode, info = image.mode, dict(image.info)
    animated = kind != "JPEG" and getattr(image, "n_frames", 1) > 1
    rotated = image.getexif().get(_ORIENTATION) in range(2, 9)
    image = ImageOps.exif_transpose(image)
    image, had_alpha = _opaque_8bit(image)
    image, profile, ignored = _to_srgb(image, info)
    if largest is not None:
        image = _fitted(image, largest)
    image.info = {}
    encoded, fmt = _encode(image, graphic=kind != "JPEG" and _is_graphic(image))
    return Photo(file=path, data=encoded, format=fmt, size_px=image.size, mode=image.mode,
                 source_format=kind, source_mode=source_mode, rotated=rotated,
                 had_alpha=had_alpha, animated=animated, profile=profile,
                 ignored_profile=ignored)


def _fail(file: Path, message: str) -> NoReturn:
    raise BulletinError([Problem(file, None, message)])


def _read(path: Path) -> bytes:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        _fail(path, "không tìm thấy tệp ảnh này. Hãy kiểm tra tên tệp và chép ảnh vào thư mục "
                    "img/ của số.")
    except IsADirectoryError:
        _fail(path, "đây là một thư mục, không phải tệp ảnh. Hãy ghi tên tệp ảnh, "
                    "ví dụ img/anh.jpg.")
    except PermissionError:
        _fail(path, "không có quyền đọc tệp ảnh này. Hãy cấp quyền đọc cho tệp (chmod a+r) hoặc "
                    "chép lại ảnh.")
    except OSError as error:
        _fail(path, f"không đọc được tệp ảnh này (mã lỗi {error.errno}). Hãy chép lại ảnh.")
    if not data:
        _fail(path, "tệp ảnh trống (0 byte), thường do chép chưa xong. " + _SEE_ORIGINAL)
    return data


def _sniff(head: bytes) -> str | None:
    """The file's real format, from its first bytes, whatever its name says."""
    if head.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if head.startswith(_PNG_SIGNATURE):
        return "PNG"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "GIF"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WebP"
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in (b"avif", b"avis"):
            return "AVIF"
        if brand in (b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1"):
            return "HEIC"
        return "video"
    if head[:4] in (b"II*\x00", b"MM\x00*"):
        return "TIFF"
    if head[:2] == b"BM":
        return "BMP"
    if head[:5] == b"%PDF-":
        return "PDF"
    return None


_KIND_NAMES = {
    "WebP": "ảnh WebP",
    "HEIC": "ảnh HEIC/HEIF (định dạng ảnh mặc định của iPhone)",
    "AVIF": "ảnh AVIF",
    "TIFF": "ảnh TIFF",
    "BMP": "ảnh BMP",
    "PDF": "tài liệu PDF",
    "video": "tệp video (MP4/MOV)",
}


def _not_accepted(kind: str | None, head: bytes) -> str:
    if kind in _KIND_NAMES:
        message = (f"tệp này thực ra là {_KIND_NAMES[kind]}, không phải ảnh JPEG hay PNG. "
                   + _EXPORT_JPEG)
        if kind == "HEIC":
            message += (" Muốn iPhone chụp sẵn ảnh JPEG: Cài đặt > Camera > Định dạng > "
                        "Tương thích nhất.")
        return message
    if b"\x00" not in head and not any(b < 9 or 13 < b < 32 for b in head):
        if b"<html" in head.lower() or b"<!doctype html" in head.lower():
            return ("tệp này là một trang web (HTML), không phải ảnh: có lẽ đã lưu trang chứa ảnh "
                    "thay vì chính ảnh. Hãy mở ảnh, chọn “Lưu ảnh” rồi chép tệp ảnh vào "
                    "thư mục img/.")
        return "tệp này chứa văn bản, không phải ảnh. " + _SEE_ORIGINAL
    return ("tệp này không phải ảnh JPEG hay PNG (không nhận ra định dạng, hoặc tệp đã hỏng). "
            + _SEE_ORIGINAL)


def _structure(data: bytes, kind: str) -> tuple[tuple[int, int] | None, bool]:
    """The pixel size the header declares and whether the file runs to its end marker.

    Read from the bytes, before Pillow allocates anything and independently of its flags.
    """
    if kind == "PNG":
        return _png_structure(data)
    if kind == "JPEG":
        return _jpeg_structure(data)
    width, height = int.from_bytes(data[6:8], "little"), int.from_bytes(data[8:10], "little")
    return ((width, height) if len(data) >= 10 else None), True  # GIF: Pillow decodes strictly


def _png_structure(data: bytes) -> tuple[tuple[int, int] | None, bool]:
    size = None
    pos = len(_PNG_SIGNATURE)
    while pos + 8 <= len(data):
        length = int.from_bytes(data[pos:pos + 4], "big")
        kind = data[pos + 4:pos + 8]
        end = pos + 12 + length
        if end > len(data):
            return size, False
        if kind == b"IHDR" and length >= 8:
            size = (int.from_bytes(data[pos + 8:pos + 12], "big"),
                    int.from_bytes(data[pos + 12:pos + 16], "big"))
        if kind == b"IEND":
            return size, True
        pos = end
    return size, False


def _jpeg_structure(data: bytes) -> tuple[tuple[int, int] | None, bool]:
    size = None
    pos = 2  # after SOI
    while pos + 2 <= len(data):
        if data[pos] != 0xFF:
            return size, False
        marker = data[pos + 1]
        if marker == 0xFF:  # fill byte
            pos += 1
            continue
        if marker == 0xD9:  # EOI; anything after it (camera trailers, MPO frames) is not ours
            return size, True
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:
            pos += 2
            continue
        if pos + 4 > len(data):
            return size, False
        length = int.from_bytes(data[pos + 2:pos + 4], "big")
        if marker in _JPEG_SOF and size is None and pos + 9 <= len(data):
            size = (int.from_bytes(data[pos + 7:pos + 9], "big"),
                    int.from_bytes(data[pos + 5:pos + 7], "big"))
        pos += 2 + length
        if marker == 0xDA:
            found = _NEXT_MARKER.search(data, pos)
            if found is None:
                return size, False
            pos = found.start()
    return size, False


def _check_pixels(path: Path, size: tuple[int, int]) -> None:
    if size[0] * size[1] > MAX_PIXELS:
        _fail(path, _too_large(size))


def _too_large(size: tuple[int, int], limit: int = MAX_PIXELS) -> str:
    width, height = size
    return (f"ảnh quá lớn: {format_number(width)} × {format_number(height)} điểm ảnh "
            f"({format_number(width * height / 1e6, 1)} triệu), vượt giới hạn "
            f"{format_number(limit / 1e6, 0 if limit >= 10**7 else 1)} triệu điểm ảnh. "
            "Hãy thu nhỏ ảnh (cạnh dài "
            "khoảng 4.000–6.000 điểm ảnh là đủ để in) rồi chép lại.")


@contextmanager
def _strict_decoding():
    """Pillow pads a truncated or damaged image with grey while LOAD_TRUNCATED_IMAGES is set."""
    saved = ImageFile.LOAD_TRUNCATED_IMAGES
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            yield
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = saved


def _decode(path: Path, data: bytes, kind: str,
            largest: tuple[int, int] | None = None) -> Image.Image:
    try:
        with _strict_decoding():
            image = Image.open(io.BytesIO(data), formats=_PILLOW_FORMATS[kind])
            _check_pixels(path, image.size)
            if kind == "JPEG" and largest is not None:
                _draft(image, largest)
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        # Only if Image.MAX_IMAGE_PIXELS was set below MAX_PIXELS somewhere: still too large.
        _fail(path, _too_large(_structure(data, kind)[0] or (0, 0), Image.MAX_IMAGE_PIXELS))
    except (OSError, SyntaxError, ValueError, EOFError, IndexError) as error:
        reason = "bị cắt cụt (thiếu phần cuối)" if "truncated" in str(error) else "bị hỏng"
        _fail(path, f"tệp ảnh {reason}, không giải mã được. " + _SEE_ORIGINAL)
    return image


def _opaque_8bit(image: Image.Image) -> tuple[Image.Image, bool]:
    """The image as 8-bit L, RGB or CMYK, transparency flattened onto white."""
    if "transparency" in image.info and image.mode in ("L", "RGB", "P"):
        image = image.convert("LA" if image.mode == "L" else "RGBA")
    if image.mode in ("1", "I;16", "I;16B", "I;16L", "I"):
        # 16-bit grey: scale to 8 bits; Pillow's plain convert("L") clips at 255.
        image = image.convert("L") if image.mode == "1" else (
            image.convert("I").point(lambda value: value / 257 + 0.5).convert("L"))
    elif image.mode in ("P", "PA", "RGBa", "RGBX", "YCbCr"):
        image = image.convert("RGBA" if image.mode in ("P", "PA", "RGBa") else "RGB")
    elif image.mode == "La":
        image = image.convert("LA")
    if image.mode not in ("LA", "RGBA"):
        return image, False
    alpha = image.getchannel("A")
    opaque = image.mode[:-1]
    flat = Image.new(opaque, image.size, _WHITE[opaque])
    flat.paste(image.convert(opaque), mask=alpha)
    return flat, alpha.getextrema()[0] < 255


def _to_srgb(image: Image.Image, info: dict) -> tuple[Image.Image, str | None, bool]:
    """Colours in sRGB (RGB) or grey (L); the profile's description, whether it was unusable."""
    if image.mode == "CMYK" and "adobe" not in info:
        # Pillow reads every CMYK JPEG as Adobe-inverted; without the Adobe marker it is not.
        image = ImageChops.invert(image)
    profile, ignored = None, False
    icc = info.get("icc_profile")
    if icc:
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            converted = ImageCms.profileToProfile(
                image, source, _SRGB, renderingIntent=ImageCms.Intent.PERCEPTUAL, outputMode="RGB")
            image = converted.convert("L") if image.mode == "L" else converted
            profile = ImageCms.getProfileDescription(source).strip() or "?"
        except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
            ignored = True
    if image.mode not in ("L", "RGB"):
        image = image.convert("RGB")
    return image, profile, ignored


def _printable(size: tuple[int, int], largest: tuple[int, int]) -> tuple[int, int]:
    """The most pixels of a photo of `size` that a page of `largest` pixels can print: as wide
    as the page, or as tall as the page for a tall photo; shape kept, never larger."""
    width, height = size
    needed = math.ceil(min(largest[0], largest[1] * width / height))
    if width <= needed:
        return size
    return needed, max(1, math.ceil(height * needed / width))


def _fitted(image: Image.Image, largest: tuple[int, int]) -> Image.Image:
    size = _printable(image.size, largest)
    if size == image.size:
        return image
    return image.resize(size, Image.Resampling.LANCZOS, reducing_gap=REDUCING_GAP)


def _draft(image: Image.Image, largest: tuple[int, int]) -> None:
    """Let the JPEG decoder scale by 1/2, 1/4 or 1/8 while still giving _fitted every pixel it
    keeps: a phone photo decodes several times faster."""
    turned = image.getexif().get(_ORIENTATION) in (5, 6, 7, 8)  # stored on its side
    stored = image.size
    upright = stored[::-1] if turned else stored
    needed = _printable(upright, largest)
    image.draft(None, needed[::-1] if turned else needed)


def _is_graphic(image: Image.Image) -> bool:
    width, height = image.size
    if width < 2:
        return True
    same = 0
    rows = max(1, 1_000_000 // width)  # in bands, so a large image is not copied whole
    for top in range(0, height, rows):
        bottom = min(height, top + rows)
        left = image.crop((0, top, width - 1, bottom))
        right = image.crop((1, top, width, bottom))
        changed = ImageChops.difference(left, right).point(lambda value: 255 if value else 0)
        same += changed.convert("L").histogram()[0]
    return same >= FLAT_SHARE * (width - 1) * height


def _encode(image: Image.Image, graphic: bool) -> tuple[bytes, str]:
    out = io.BytesIO()
    if graphic:
        image.save(out, "PNG", optimize=True)
        return out.getvalue(), "PNG"
    image.save(out, "JPEG", quality=JPEG_QUALITY, subsampling=JPEG_SUBSAMPLING, optimize=True)
    return out.getvalue(), "JPEG"


def resolve_photo(issue_dir: Path, src: str) -> Path:
    """The file a Markdown image address names inside the issue folder.

    `src` is the address as markdown-it gives it (percent-encoded). Refused: any scheme
    (http:, file:, data:, …), absolute paths, `..` leaving the folder, `?` and `#`, backslashes,
    symlinks leading outside. Each folder is searched comparing names in NFC, so a name a Mac
    wrote in NFD is found. Problems are raised as BulletinError with one
    Problem(issue_dir, None, message); the caller re-files the message under its own line.
    """
    issue_dir = Path(issue_dir)
    shown = unquote(src.strip())

    def refuse(message: str) -> NoReturn:
        _fail(issue_dir, message)

    address = urlsplit(src.strip())
    if address.scheme in ("http", "https") or src.strip().startswith("//"):
        refuse(f"ảnh “{shown}” là địa chỉ trên mạng. Hãy tải ảnh về, chép vào thư mục img/ của số "
               "rồi ghi đường dẫn như img/anh.jpg.")
    if address.scheme:
        refuse(f"ảnh “{shown[:60]}” dùng địa chỉ kiểu “{address.scheme}:”, không dùng được. Hãy "
               "chép ảnh vào thư mục img/ của số rồi ghi đường dẫn như img/anh.jpg.")
    if not shown:
        refuse("ảnh chưa có đường dẫn: ghi tên tệp trong ngoặc tròn, "
               "ví dụ ![Chú thích](img/anh.jpg).")
    if "?" in shown or "#" in shown:
        refuse(f"đường dẫn ảnh “{shown}” có ký tự “?” hoặc “#”, không dùng được. Hãy đổi tên tệp "
               "ảnh, chỉ dùng chữ, số, dấu cách và dấu gạch ngang.")
    if "\\" in shown:
        refuse(f"đường dẫn ảnh “{shown}” dùng dấu “\\”. Hãy dùng dấu “/”, ví dụ img/anh.jpg.")
    if shown.startswith("/"):
        refuse(f"ảnh “{shown}” dùng đường dẫn tuyệt đối. Hãy chép ảnh vào thư mục img/ của số rồi "
               "ghi đường dẫn tương đối, ví dụ img/anh.jpg.")
    parts: list[str] = []
    for part in shown.split("/"):
        if part == "..":
            if not parts:
                refuse(f"ảnh “{shown}” nằm ngoài thư mục của số (đường dẫn có “..”). Hãy chép "
                       "ảnh vào thư mục img/ của số.")
            parts.pop()
        elif part not in ("", "."):
            parts.append(part)
    path = issue_dir
    for index, part in enumerate(parts):
        found = _entry(path, part)
        if found is None:
            near = _case_variant(path, part)
            hint = (f" Có “{'/'.join(parts[:index] + [near])}” chỉ khác chữ hoa, chữ thường: "
                    "hãy sửa cho khớp." if near else "")
            refuse(f"không tìm thấy ảnh {shown} trong thư mục {issue_dir.name}/.{hint}")
        path = found
    if not path.resolve().is_relative_to(issue_dir.resolve()):
        refuse(f"ảnh “{shown}” là liên kết (symlink) trỏ ra ngoài thư mục của số. Hãy chép chính "
               "tệp ảnh vào thư mục img/.")
    if not path.is_file():
        refuse(f"“{shown}” không phải tệp ảnh. Hãy ghi tên tệp ảnh, ví dụ img/anh.jpg.")
    return path


def _nfc(name: str) -> str:
    return unicodedata.normalize("NFC", name)


def _entry(folder: Path, name: str) -> Path | None:
    """folder/name as written, or the entry whose name is the same in NFC."""
    exact = folder / name
    if exact.exists() or exact.is_symlink():
        return exact
    if not folder.is_dir():
        return None
    wanted = _nfc(name)
    matches = sorted(entry.name for entry in folder.iterdir() if _nfc(entry.name) == wanted)
    return folder / matches[0] if matches else None


def _case_variant(folder: Path, name: str) -> str | None:
    if not folder.is_dir():
        return None
    wanted = _nfc(name).casefold()
    matches = sorted(entry.name for entry in folder.iterdir()
                     if _nfc(entry.name).casefold() == wanted)
    return _nfc(matches[0]) if matches else None
