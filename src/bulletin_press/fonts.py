"""The fonts bundled in fonts/: the only ones a bulletin may use."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from fontTools.ttLib import TTFont

FONT_SUFFIXES = {".ttf", ".otf"}


@dataclass(frozen=True)
class BundledFont:
    path: Path
    postscript_name: str
    codepoints: frozenset[int]


@lru_cache(maxsize=4)
def bundled_fonts(fonts_dir: Path) -> tuple[BundledFont, ...]:
    fonts = []
    for path in sorted(fonts_dir.rglob("*")):
        if path.suffix.lower() in FONT_SUFFIXES:
            with TTFont(path, lazy=True) as font:
                fonts.append(BundledFont(path, font["name"].getDebugName(6),
                                         frozenset(font.getBestCmap())))
    return tuple(fonts)


@lru_cache(maxsize=4)
def coverage(fonts_dir: Path) -> frozenset[int]:
    """Every character that some bundled font can draw."""
    return frozenset().union(*(font.codepoints for font in bundled_fonts(fonts_dir)))


def missing_characters(text: str, fonts_dir: Path) -> list[str]:
    covered = coverage(fonts_dir)
    return sorted({c for c in text if ord(c) not in covered and not c.isspace()})
