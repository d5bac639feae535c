"""The bundled Noto fonts for the web edition: the faces its stylesheet uses, each reduced to
the characters of the page (and the Vietnamese alphabet) and written as WOFF2 beside it.

The page then looks like the printed bulletin on every device and reads nothing from the
network; a subset of the characters used weighs about 10 kB a face (WOFF2) instead of 500–650 kB.
Subsets are made by the pinned fontTools with the font's own timestamp kept, so the same
page gives the same bytes. The fonts' licence (SIL OFL 1.1) goes with them.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

FONTS_DIR = "phong-chu"  # beside index.html


@dataclass(frozen=True)
class Face:
    family: str
    weight: int
    style: str
    source: str  # under the project's fonts/

    @property
    def file_name(self) -> str:
        return Path(self.source).with_suffix(".woff2").name


# What layouts/_web/style.css sets text in: Noto Serif for reading, Noto Sans for headings,
# tables, captions and the page's own labels.
FACES = (
    Face("Noto Serif", 400, "normal", "noto-serif/NotoSerif-Regular.ttf"),
    Face("Noto Serif", 700, "normal", "noto-serif/NotoSerif-Bold.ttf"),
    Face("Noto Serif", 400, "italic", "noto-serif/NotoSerif-Italic.ttf"),
    Face("Noto Serif", 700, "italic", "noto-serif/NotoSerif-BoldItalic.ttf"),
    Face("Noto Sans", 400, "normal", "noto-sans/NotoSans-Regular.ttf"),
    Face("Noto Sans", 700, "normal", "noto-sans/NotoSans-Bold.ttf"),
    Face("Noto Sans", 400, "italic", "noto-sans/NotoSans-Italic.ttf"),
)
LICENCES = {"noto-serif/OFL.txt": "OFL-Noto-Serif.txt", "noto-sans/OFL.txt": "OFL-Noto-Sans.txt"}
# Always kept, whatever the page says: printable ASCII and the Vietnamese letters, so a
# word an editor adds in a browser's find box or a later correction renders in the same face.
BASE_CHARACTERS = (
    "".join(chr(c) for c in range(0x20, 0x7F))
    + "ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝàáâãèéêìíòóôõùúýĂăĐđĨĩŨũƠơƯư"
    + "".join(chr(c) for c in range(0x1EA0, 0x1EFA))
    + "\u00a0–—‘’“”…·×°²³%‰€₫"
)


def font_files(fonts_dir: Path, text: str) -> dict[str, bytes]:
    """File name (under FONTS_DIR) → bytes: every face subset to text, and the licences."""
    characters = sorted({ord(c) for c in BASE_CHARACTERS + text
                         if c.isprintable() or c == "\u00a0"})
    files = {face.file_name: woff2_subset((fonts_dir / face.source).read_bytes(), characters)
             for face in FACES}
    files.update({name: (fonts_dir / source).read_bytes() for source, name in LICENCES.items()})
    return files


def woff2_subset(data: bytes, characters: list[int]) -> bytes:
    """The font reduced to characters, its kerning and ligatures kept, as WOFF2.

    Only those two layout features are kept: the text is NFC, so no mark has to be placed on
    a letter, and closing over every feature would take four times as long.
    """
    from fontTools import subset  # imported here: `bulletin check` never subsets a font
    from fontTools.ttLib import TTFont

    options = subset.Options(hinting=False, ignore_missing_glyphs=True,
                             ignore_missing_unicodes=True, layout_features=["kern", "liga"],
                             name_IDs=["*"], name_languages=["*"], notdef_outline=True)
    font = TTFont(io.BytesIO(data), lazy=True, recalcTimestamp=False)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=characters)
    subsetter.subset(font)
    font.flavor = "woff2"
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def font_face_css(prefix: str = FONTS_DIR) -> str:
    """The @font-face rules naming the files font_files writes."""
    return "\n".join(
        f'@font-face {{ font-family: "{face.family}"; font-weight: {face.weight}; '
        f'font-style: {face.style}; font-display: swap; '
        f'src: url("{prefix}/{face.file_name}") format("woff2"); }}' for face in FACES) + "\n"
