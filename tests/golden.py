"""Golden page images: chosen pages of each layout, rendered at a fixed resolution.

`make golden` (python tests/golden.py) builds copies of the sample issues and writes the
pictures under tests/golden/; review the changed pictures in the diff before committing them.
The tests compare fresh renders with them (tests/test_visual.py).
"""

from __future__ import annotations

import io
import sys
import tempfile
from pathlib import Path

GOLDEN = Path(__file__).resolve().parent / "golden"
DPI = 60
# A pixel counts as changed when its grey level moves by more than this (anti-aliasing noise
# stays below it), and a page fails when more than TOLERANCE of its pixels changed. Calibrated
# so that one changed word fails (tests/test_visual.py shows it): a word at 10,5 pt changes
# about 0,1 % of an A5 page at 60 dpi.
THRESHOLD = 48
TOLERANCE = 0.0002
# (sample issue, layout, page number from 1, name): cover, contents, an article with a photo,
# a report with a table, and the back page of each layout.
PAGES = (
    ("2023-12", "a5", 1, "bia"), ("2023-12", "a5", 2, "muc-luc"), ("2023-12", "a5", 3, "bai"),
    ("2023-12", "a5", 14, "bang"), ("2023-12", "a5", 24, "trang-cuoi"),
    ("2024-01", "19x27", 1, "bia"), ("2024-01", "19x27", 2, "muc-luc"),
    ("2024-01", "19x27", 3, "bai"), ("2024-01", "19x27", 11, "bang"),
    ("2024-01", "19x27", 20, "trang-cuoi"),
)


def render(pdf: Path | bytes, page: int):
    """Page `page` (from 1) as a greyscale Pillow image at DPI."""
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        return document[page - 1].render(scale=DPI / 72, grayscale=True).to_pil().convert("L")
    finally:
        document.close()


def golden_path(layout: str, name: str) -> Path:
    return GOLDEN / layout / f"{name}.png"


def changed_share(image, reference) -> float:
    """The share of pixels whose grey level differs by more than THRESHOLD."""
    from PIL import ImageChops

    if image.size != reference.size:
        return 1.0
    difference = ImageChops.difference(image, reference).point(lambda v: 255 if v > THRESHOLD else 0)
    return difference.histogram()[255] / (image.width * image.height)


def regenerate() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from projects import copy_samples

    from bulletin_press.build import build

    with tempfile.TemporaryDirectory() as temp:
        bulletins = copy_samples(Path(temp) / "project")
        readers = {}
        for issue, layout, page, name in PAGES:
            if issue not in readers:
                readers[issue] = build(bulletins / issue, Path(temp) / "out").outputs["reader"]
            path = golden_path(layout, name)
            path.parent.mkdir(parents=True, exist_ok=True)
            out = io.BytesIO()
            render(readers[issue], page).save(out, format="PNG", optimize=True)
            path.write_bytes(out.getvalue())
            print(path.relative_to(GOLDEN.parent.parent))


if __name__ == "__main__":
    regenerate()
