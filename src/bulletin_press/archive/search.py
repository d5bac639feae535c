"""`bulletin find`: search the titles and text of every issue, whatever the diacritics."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bulletin_press.archive.incremental import issue_dirs
from bulletin_press.errors import BulletinError
from bulletin_press.manifest import PUBLISHED_DIR, find_root, load_issue
from bulletin_press.vietnamese import contains, terms

EXCERPT_WORDS = 12


@dataclass(frozen=True)
class Hit:
    issue: str
    page: int       # the page number printed on the page (the cover is page 1)
    title: str      # the item on that page, or the cover or contents
    excerpt: str
    published: bool

    def as_json(self) -> dict:
        return {"issue": self.issue, "page": self.page, "title": self.title,
                "excerpt": self.excerpt, "published": self.published}


@dataclass(frozen=True)
class Search:
    hits: tuple[Hit, ...]
    not_built: tuple[str, ...]  # issues with no PDF to search yet


def find(query: str, bulletins_dir: Path, out_root: Path | None = None) -> Search:
    """Every page of the printed PDFs (stored, or else the latest build) holding the query."""
    needle = terms(query)
    bulletins_dir = Path(bulletins_dir).resolve()
    out_root = Path(out_root or find_root(bulletins_dir) / "build")
    hits, not_built = [], []
    for issue_dir in reversed(issue_dirs(bulletins_dir)):
        stored = sorted((issue_dir / PUBLISHED_DIR).glob("*-ban-in.pdf"))
        pdf = stored or sorted((out_root / issue_dir.name).glob("*-ban-in.pdf"))
        if not pdf:
            not_built.append(issue_dir.name)
            continue
        hits += _search_pdf(pdf[0], issue_dir.name, needle, bool(stored), _titles(issue_dir))
    return Search(tuple(hits), tuple(not_built))


def _titles(issue_dir: Path) -> list[str] | None:
    """The items' titles as written (the PDF's bookmarks show them in capitals)."""
    try:
        return [item.title for item in load_issue(issue_dir).items]
    except BulletinError:
        return None


def _search_pdf(path: Path, issue: str, needle, published: bool,
                titles: list[str] | None) -> list[Hit]:
    import pypdfium2

    document = pypdfium2.PdfDocument(path)
    try:
        items = [(bookmark.get_dest().get_index(), bookmark.get_title())
                 for bookmark in document.get_toc() if bookmark.level == 1 and bookmark.get_dest()]
        if titles and len(titles) == len(items):
            items = [(start, title) for (start, _), title in zip(items, titles)]
        starts = sorted(items)
        hits = []
        for index in range(len(document)):
            text = " ".join(document[index].get_textpage().get_text_range().split())
            title = next((t for start, t in reversed(starts) if start <= index),
                         "Bìa" if index == 0 else "Mục lục")
            page_terms = terms(text)
            if contains(page_terms, needle) or contains(terms(title), needle):
                hits.append(Hit(issue, index + 1, title, _excerpt(text, needle), published))
        return hits
    finally:
        document.close()


def _excerpt(text: str, needle) -> str:
    """A few words around the first match on the page."""
    words = text.split()
    for start in range(len(words)):
        window = terms(" ".join(words[start:start + len(needle) + 2]))
        if contains(window, needle):
            first = max(0, start - EXCERPT_WORDS // 2)
            return ("… " if first else "") + " ".join(words[first:first + EXCERPT_WORDS]) + " …"
    return " ".join(words[:EXCERPT_WORDS]) + " …"
