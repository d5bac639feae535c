"""Font subsetting that gives the same bytes on every machine.

WeasyPrint subsets fonts with the system's HarfBuzz-Subset library when it is installed and
with fontTools otherwise; the two give different bytes, HarfBuzz's output changes with the
Debian release, and fontTools stamps each subset with the current time. A published issue
must rebuild byte for byte anywhere, so every subset is made here with the pinned fontTools,
keeping the font's own timestamp. The layout tables (GSUB, GPOS, GDEF) are dropped unread, as
WeasyPrint drops them: the PDF holds shaped glyphs. Glyphs are copied with their own bounding
boxes rather than recomputed, and a subset made once (the print and the reader PDF use the
same glyphs) is remembered: together that makes this as fast as HarfBuzz.
"""

from __future__ import annotations

import functools
import io

from fontTools import subset
from fontTools.ttLib import TTFont

UNUSED_TABLES = ("GSUB", "GPOS", "GDEF", "BASE", "JSTF", "SVG ", "DSIG")


def subset_font(data: bytes, glyph_ids, index: int = 0, notdef_outline: bool = False) -> bytes:
    """The font program reduced to glyph_ids, glyph numbers kept (the PDF refers to them)."""
    return _subset(data, tuple(sorted(glyph_ids)), index, notdef_outline)


@functools.lru_cache(maxsize=16)
def _subset(data: bytes, glyph_ids: tuple[int, ...], index: int, notdef_outline: bool) -> bytes:
    options = subset.Options(retain_gids=True, passthrough_tables=True,
                             ignore_missing_glyphs=True, hinting=False, desubroutinize=True,
                             notdef_outline=notdef_outline)
    font = TTFont(io.BytesIO(data), fontNumber=index, lazy=True, recalcTimestamp=False,
                  recalcBBoxes=False)
    for tag in UNUSED_TABLES:
        if tag in font:
            del font[tag]
    subsetter = subset.Subsetter(options)
    subsetter.populate(gids=list(glyph_ids))
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def _weasyprint_font_subset(font, to_unicode, hinting) -> None:
    """Drop-in for weasyprint.pdf.fonts.Font.subset."""
    if to_unicode:
        font.file_content = subset_font(font.file_content, sorted(to_unicode), font.index,
                                        bool(font.missing))


def install() -> None:
    """Make WeasyPrint subset every font with subset_font, whatever the machine has."""
    from weasyprint.pdf.fonts import Font

    Font.subset = _weasyprint_font_subset
