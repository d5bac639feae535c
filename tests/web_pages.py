"""Reading a web edition's page as a parsed HTML5 tree, and the checks the web tests share."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit
from xml.etree.ElementTree import Element

import tinyhtml5

NS = "{http://www.w3.org/1999/xhtml}"
HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
# Elements whose text is one block of reading (paragraphs, list items, cells, captions…).
BLOCKS = {"p", "li", "h2", "h3", "h4", "th", "td", "figcaption", "blockquote"}
_CSS_URL = re.compile(r"""url\(\s*["']?([^"')]+?)["']?\s*\)|@import\s+["']([^"']+)["']""")


def parse(path: Path) -> Element:
    return tinyhtml5.parse(path.read_text(encoding="utf-8"))


def name(element: Element) -> str:
    return element.tag.removeprefix(NS) if isinstance(element.tag, str) else ""


def find_all(root: Element, tag: str) -> list[Element]:
    return list(root.iter(NS + tag))


def text(element: Element) -> str:
    """The element's text as a reader sees it: words separated by single spaces."""
    return " ".join("".join(element.itertext()).split())


def headings(root: Element) -> list[tuple[int, str, str | None]]:
    """(level, text, id) of every heading, in document order."""
    return [(int(name(e)[1]), text(e), e.get("id")) for e in root.iter()
            if name(e) in HEADINGS]


def outline_problems(found: list[tuple[int, str, str | None]]) -> list[str]:
    """What breaks a proper outline: not exactly one h1, first; a level skipped going down."""
    problems = []
    if [level for level, _, _ in found].count(1) != 1 or not found or found[0][0] != 1:
        problems.append("the page must open with its only h1")
    for (before, _, _), (level, title, _) in zip(found, found[1:]):
        if level > before + 1:
            problems.append(f"h{level} “{title}” follows an h{before}")
    return problems


def references(root: Element) -> list[str]:
    """Every address the page asks a browser to load or follow, except links inside it
    (#id): src, href, srcset, and url() or @import in its style."""
    found = []
    for element in root.iter():
        for attribute in ("src", "href", "poster", "data"):
            value = element.get(attribute)
            if value and not value.startswith("#"):
                found.append(value)
        if element.get("srcset"):
            found += [part.split()[0] for part in element.get("srcset").split(",")]
        if name(element) == "style" or element.get("style"):
            css = element.text if name(element) == "style" else element.get("style")
            found += [a or b for a, b in _CSS_URL.findall(css or "")]
    return found


def outside(references_found: list[str], folder: Path) -> list[str]:
    """The references that are not a relative path to a file inside folder."""
    bad = []
    for reference in references_found:
        parts = urlsplit(reference)
        target = (folder / unquote(parts.path)).resolve()
        if (parts.scheme or parts.netloc or reference.startswith("/")
                or not target.is_relative_to(folder.resolve()) or not target.is_file()):
            bad.append(reference)
    return bad


def blocks(element: Element) -> list[str]:
    """The text of each innermost reading block under element (a list item holding
    paragraphs gives its paragraphs)."""
    found = []
    for block in element.iter():
        if name(block) in BLOCKS and not any(name(inner) in BLOCKS for inner in block.iter()
                                             if inner is not block):
            found.append(text(block))
    return [block for block in found if block]


def articles(root: Element) -> list[Element]:
    return find_all(root, "article")
