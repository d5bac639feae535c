"""Checks on the finished PDF before it may be written: fonts and the licensed page count."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path

import pikepdf
from fontTools.ttLib import TTFont

from bulletin_press.errors import BulletinError, Problem
from bulletin_press.fonts import bundled_fonts
from bulletin_press.model import Issue

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
    fonts: dict[str, EmbeddedFont] = {}
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        for page in pdf.pages:
            resources = page.obj.get("/Resources", {})
            for font in resources.get("/Font", {}).values():
                base = str(font.get("/BaseFont", "?")).lstrip("/")
                if base not in fonts:
                    fonts[base] = _describe(font, base)
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
    ours = {font.postscript_name for font in bundled_fonts(fonts_dir)}
    return [font for font in embedded_fonts(pdf_bytes)
            if not (font.program and font.subset and font.postscript_name in ours)]


def check_print_file(pdf_bytes: bytes, pages: int, issue: Issue) -> None:
    """Refuse a print file with a foreign font or more pages than the licence allows."""
    problems = []
    for font in foreign_fonts(pdf_bytes, issue.root / "fonts"):
        shown = ", ".join(f"“{c}” (U+{ord(c):04X})" for c in font.characters[:20]) or "không rõ"
        problems.append(Problem(issue.file, None, (
            f"bản in phải dùng phông chữ khác ngoài thư mục fonts/ ({font.base_font}) cho các ký "
            f"tự: {shown}. Hãy thay hoặc xóa các ký tự này trong bài.")))
    licence = issue.licence
    if pages > licence.pages:
        problems.append(Problem(issue.series.file, None, (
            f"số này dài {pages} trang, vượt số trang giấy phép {licence.number} cho phép "
            f"({licence.pages} trang). Hãy bớt bài hoặc rút ngắn bài.")))
    if problems:
        raise BulletinError(problems)
