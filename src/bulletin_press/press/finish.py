"""The finishing pass over the PDFs WeasyPrint wrote, for the press and for the reader.

- Fonts: WeasyPrint names a subset after the font it comes from ("ABCDEF+Noto-Serif" in every
  issue); a shop that merges jobs needs each name to stand for one set of glyphs, so the tag
  is made from the subset's own bytes.
- Print file (PDF/X-4): no annotations (PDF/X refuses them), ArtBox on the trim, photos
  resampled to PRINT_PPI and converted to CMYK through the output profile.
- Reader file (PDF/A-3b): cut to the trim, photos at READER_PPI tagged as sRGB (the file's
  output intent is CMYK, and PDF/A wants device RGB explained), attachments typed by name.
- Screen file (PDF/UA-1, tagged): cut to the trim like the reader, photos at SCREEN_PPI in
  sRGB at SCREEN_JPEG_QUALITY; links, bookmarks and the structure tree are kept as written.

Only objects change, never the content streams: the layout is the same in every output.
"""

from __future__ import annotations

import hashlib
import io
import re
import string
import uuid
from importlib import resources
from pathlib import Path

import pikepdf
from pikepdf import Name

from bulletin_press.content.photos import PRINT_PPI
from bulletin_press.press.images import resample

READER_PPI, SCREEN_PPI = 150, 150
_DOCUMENT_ID = re.compile(rb"(xmp\.did:)[0-9a-f-]{36}")
PRINT_JPEG_QUALITY, READER_JPEG_QUALITY, SCREEN_JPEG_QUALITY = 90, 82, 80
# Attachments get their media type from this table, never from the machine's mime.types.
MEDIA_TYPES = {".md": "text/markdown", ".yaml": "application/yaml", ".jpg": "image/jpeg",
               ".jpeg": "image/jpeg", ".png": "image/png", ".css": "text/css",
               ".html": "text/html", ".icc": "application/vnd.iccprofile",
               ".txt": "text/plain", ".sh": "text/x-shellscript"}


def print_file(pdf: bytes, cmyk_profile: bytes) -> bytes:
    """The print PDF as the press receives it."""
    pdf = resample(pdf, PRINT_PPI, "cmyk", cmyk_profile, PRINT_JPEG_QUALITY)
    with pikepdf.open(io.BytesIO(pdf)) as document:
        _fix_document_id(document)
        for page in document.pages:
            if "/Annots" in page.obj:
                del page.obj.Annots
            page.obj.ArtBox = page.obj.TrimBox
        _name_subsets_by_content(document)
        return saved(document)


def reader_file(pdf: bytes) -> bytes:
    """The reader's archival copy: cut to the trim, lighter photos, typed attachments."""
    pdf = resample(pdf, READER_PPI, "rgb", None, READER_JPEG_QUALITY)
    with pikepdf.open(io.BytesIO(pdf)) as document:
        _trim(document)
        for name, spec in document.attachments.items():
            spec.obj.EF.F.Subtype = Name("/" + MEDIA_TYPES.get(Path(name).suffix.lower(),
                                                               "application/octet-stream"))
        _tag_rgb_images_as_srgb(document)
        _name_subsets_by_content(document)
        return saved(document)


def screen_file(pdf: bytes) -> bytes:
    """The screen copy for the portal and e-mail: cut to the trim, light photos."""
    pdf = resample(pdf, SCREEN_PPI, "rgb", None, SCREEN_JPEG_QUALITY)
    with pikepdf.open(io.BytesIO(pdf)) as document:
        _trim(document)
        _tag_rgb_images_as_srgb(document)
        _name_subsets_by_content(document)
        return saved(document)


def _trim(document: pikepdf.Pdf) -> None:
    """Every page cut to its trim: no bleed, no crop marks' room."""
    for page in document.pages:
        page.obj.MediaBox = page.obj.TrimBox
        for key in ("/BleedBox", "/CropBox"):
            if key in page.obj:
                del page.obj[key]


def _fix_document_id(document: pikepdf.Pdf) -> None:
    """WeasyPrint gives a PDF/X file a random XMP DocumentID; make it one derived from the
    document's metadata and pages, so the same inputs give the same bytes."""
    if "/Metadata" not in document.Root:
        return
    xml = document.Root.Metadata.read_bytes()
    digest = hashlib.sha256(_DOCUMENT_ID.sub(lambda m: m[1] + b"0" * 36, xml))
    for page in document.pages:
        contents = page.obj.get("/Contents")
        for stream in contents if isinstance(contents, pikepdf.Array) else [contents]:
            digest.update(stream.read_bytes() if stream is not None else b"")
    fixed = str(uuid.UUID(bytes=digest.digest()[:16], version=4)).encode()
    document.Root.Metadata.write(_DOCUMENT_ID.sub(lambda m: m[1] + fixed, xml))


def saved(document: pikepdf.Pdf) -> bytes:
    """The file with an /ID computed from its content (WeasyPrint's first ID element hashes
    the random identifier it wrote into the XMP metadata)."""
    if "/ID" in document.trailer:
        del document.trailer.ID
    out = io.BytesIO()
    document.save(out, deterministic_id=True, compress_streams=True)
    return out.getvalue()


def _name_subsets_by_content(document: pikepdf.Pdf) -> None:
    """Give every embedded subset a tag made from its bytes: same tag, same glyphs."""
    for font in _fonts(document):
        descriptor = font.DescendantFonts[0].FontDescriptor if "/DescendantFonts" in font \
            else font.get("/FontDescriptor")
        program = next((descriptor[key] for key in ("/FontFile2", "/FontFile3", "/FontFile")
                        if descriptor is not None and key in descriptor), None)
        if program is None:
            continue
        base = str(font.BaseFont)[1:]
        name = base.split("+", 1)[1] if "+" in base[:7] else base
        renamed = Name(f"/{_tag(program.read_bytes())}+{name}")
        font.BaseFont = renamed
        descriptor.FontName = renamed
        if "/DescendantFonts" in font:
            font.DescendantFonts[0].BaseFont = renamed


def _fonts(document: pikepdf.Pdf) -> list:
    return [obj for obj in document.objects
            if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == Name.Font
            and obj.get("/Subtype") in (Name.Type0, Name.TrueType, Name.Type1)]


def _tag(program: bytes) -> str:
    """Six capital letters from the SHA-256 of the font program (PDF 32000, 9.6.4)."""
    digest = hashlib.sha256(program).digest()
    return "".join(string.ascii_uppercase[byte % 26] for byte in digest[:6])


def _tag_rgb_images_as_srgb(document: pikepdf.Pdf) -> None:
    profile = None
    for obj in document.objects:
        if (isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == Name.Image
                and obj.get("/ColorSpace") == Name.DeviceRGB):
            if profile is None:
                data = resources.files("weasyprint.pdf").joinpath("sRGB2014.icc").read_bytes()
                profile = document.make_stream(data)
                profile.N = 3
            obj.ColorSpace = pikepdf.Array([Name.ICCBased, profile])
