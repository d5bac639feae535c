"""An issue's photos made light enough for a phone: at most WEB_MAX_WIDTH pixels wide.

They start from the photos the content stage decoded and normalised (upright, sRGB or grey,
opaque, no metadata), so what the web shows is what the PDFs print. A photo is never made
larger: one narrower than the limit keeps its size and is only re-encoded (the content stage
keeps print quality, JPEG 92 at 4:4:4, far heavier than a screen needs). Photographs become
JPEG, graphics that the content stage kept as PNG stay lossless PNG. No metadata, no
timestamps: the same photo always gives the same bytes.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import Image

from bulletin_press.content.photos import REDUCING_GAP, Photo

# Wide enough for a full-width photo on a desktop column (about 42 rem) at twice the pixel
# density, and for any phone; a 1200 px JPEG at this quality weighs 100–250 kB.
WEB_MAX_WIDTH = 1200
WEB_JPEG_QUALITY = 80
WEB_JPEG_SUBSAMPLING = "4:2:0"


@dataclass(frozen=True)
class WebPhoto:
    data: bytes
    suffix: str               # ".jpg" or ".png"
    size_px: tuple[int, int]  # width, height


def web_photo(photo: Photo) -> WebPhoto:
    """The photo at most WEB_MAX_WIDTH pixels wide, encoded for the web."""
    with Image.open(io.BytesIO(photo.data)) as image:
        image.load()
        width, height = image.size
        if width > WEB_MAX_WIDTH:
            size = (WEB_MAX_WIDTH, max(1, round(height * WEB_MAX_WIDTH / width)))
            image = image.resize(size, Image.Resampling.LANCZOS, reducing_gap=REDUCING_GAP)
        out = io.BytesIO()
        if photo.format == "PNG":
            image.save(out, "PNG", optimize=True)
            suffix = ".png"
        else:
            image.save(out, "JPEG", quality=WEB_JPEG_QUALITY, subsampling=WEB_JPEG_SUBSAMPLING,
                       optimize=True, progressive=True)
            suffix = ".jpg"
        return WebPhoto(out.getvalue(), suffix, image.size)
