"""Page by page comparison of two PDFs: their text and their pixels."""

from __future__ import annotations

from dataclasses import dataclass

# Resolution of the comparison renders: fine enough to see a changed letter at 7 pt.
COMPARE_DPI = 100


@dataclass(frozen=True)
class Comparison:
    pages: tuple[int, int]          # page counts of the two files
    text_differs: tuple[int, ...]   # 1-based page numbers whose text differs
    pixels_differ: tuple[int, ...]  # 1-based page numbers whose rendering differs

    @property
    def visible_pages(self) -> tuple[int, ...]:
        """Pages a reader would see change, extra or missing pages included."""
        extra = range(min(self.pages) + 1, max(self.pages) + 1)
        return tuple(sorted({*self.text_differs, *self.pixels_differ, *extra}))


def compare_pdfs(first: bytes, second: bytes) -> Comparison:
    import pypdfium2

    documents = [pypdfium2.PdfDocument(data) for data in (first, second)]
    try:
        counts = (len(documents[0]), len(documents[1]))
        text, pixels = [], []
        for index in range(min(counts)):
            pages = [document[index] for document in documents]
            if len({page.get_textpage().get_text_range() for page in pages}) > 1:
                text.append(index + 1)
            renders = [page.render(scale=COMPARE_DPI / 72, grayscale=True).to_pil().tobytes()
                       for page in pages]
            if renders[0] != renders[1]:
                pixels.append(index + 1)
        return Comparison(counts, tuple(text), tuple(pixels))
    finally:
        for document in documents:
            document.close()
