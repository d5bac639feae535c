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

import hashlib
import io
from collections import OrderedDict

from fontTools import subset
from fontTools.ttLib import TTFont

UNUSED_TABLES = ("GSUB", "GPOS", "GDEF", "BASE", "JSTF", "SVG ", "DSIG")


def subset_font(data: bytes, glyph_ids, index: int = 0, notdef_outline: bool = False) -> bytes:
    """The font program reduced to glyph_ids, glyph numbers kept (the PDF refers to them)."""
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


# The subsets made lately, by what they are made from. Subsetting is most of the time spent
# writing a PDF, and a rebuild after a small edit (bulletin watch) mostly needs the same
# glyphs of the same fonts again; the subset of the same input is the same bytes anyway.
_RECENT: OrderedDict[tuple, bytes] = OrderedDict()
RECENT_SUBSETS = 32


def _weasyprint_font_subset(font, to_unicode, hinting) -> None:
    """Drop-in for weasyprint.pdf.fonts.Font.subset."""
    if not to_unicode:
        return
    glyph_ids = tuple(sorted(to_unicode))
    key = (hashlib.sha256(font.file_content).digest(), font.index, glyph_ids,
           bool(font.missing))
    if key in _RECENT:
        _RECENT.move_to_end(key)
    else:
        _RECENT[key] = subset_font(font.file_content, glyph_ids, font.index, bool(font.missing))
        while len(_RECENT) > RECENT_SUBSETS:
            _RECENT.popitem(last=False)
    font.file_content = _RECENT[key]


def install() -> None:
    """Make WeasyPrint subset every font with subset_font, whatever the machine has."""
    from weasyprint.pdf.fonts import Font

    Font.subset = _weasyprint_font_subset
