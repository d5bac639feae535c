"""Layout rules checked on the laid-out pages (WeasyPrint's boxes, not pixels): the faults a
proofreader marks on a page. Each broken rule is a warning naming the page and the item;
`bulletin build --strict` makes them errors.

Pages are numbered as printed: the cover is page 1. "Container" below is where a piece of
text sits: a page, or one column of a page when the text is set in columns.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from bulletin_press.content import Content, Fragment
from bulletin_press.errors import Problem

MIN_FILL = 0.25        # a content page filled less than this, of its type area, looks abandoned
TOLERANCE_PX = 0.5     # WeasyPrint's rounding; text further out than this is outside
MM_PER_PX = 25.4 / 96
QUOTED_WORDS = 8       # words of a paragraph, row or lost passage quoted in a message

# Block-level tags of the rendered items: their text never runs into the next element's.
_BLOCK_TAGS = {"article", "section", "div", "p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol",
               "li", "blockquote", "pre", "table", "caption", "thead", "tbody", "tfoot", "tr",
               "th", "td", "figure", "figcaption", "hr", "br"}
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Mark:
    """One thing drawn in the type area: a line of text, an image or a table row."""

    page: int                           # index in document.pages
    column: tuple[object, int] | None   # in columns: the column box and its number from 1
    kind: str                           # "line", "image" or "row"
    element: object                     # the HTML element it belongs to
    box: object

    @property
    def generated(self) -> bool:
        """A list marker or other ::pseudo-element line, not the element's own text."""
        return "::" in (self.box.element_tag or "")

    def container(self) -> tuple[int, int | None]:
        return self.page, id(self.column[0]) if self.column else None

    def text(self) -> str:
        from weasyprint.formatting_structure import boxes

        return "".join(box.text for box in _descendants(self.box)
                       if isinstance(box, boxes.TextBox))


class _Tree:
    """The rendered HTML, seen from its elements: parents, items, sections."""

    def __init__(self, root, fragments: tuple[Fragment, ...]) -> None:
        self.parent = {child: parent for parent in root.iter() for child in parent}
        self.order = {element: index for index, element in enumerate(root.iter())}
        by_anchor = {fragment.anchor: fragment for fragment in fragments}
        self.fragments = {element: by_anchor[element.get("id")] for element in root.iter()
                          if _has_class(element, "item") and element.get("id") in by_anchor}
        self._items: dict = {}
        self._sections: dict = {}

    def ancestors(self, element):
        while element is not None:
            yield element
            element = self.parent.get(element)

    def item(self, element):
        """The item element (article.item) holding element, if any."""
        if element not in self._items:
            self._items[element] = next((e for e in self.ancestors(element)
                                         if e in self.fragments), None)
        return self._items[element]

    def section(self, element):
        """The section element (section.section) holding element, if any."""
        if element not in self._sections:
            self._sections[element] = next((e for e in self.ancestors(element)
                                            if e.tag == "section" and _has_class(e, "section")),
                                           None)
        return self._sections[element]

    def inside(self, element, tags: set[str]) -> bool:
        return any(e.tag in tags for e in self.ancestors(element))


def broken_rules(document, content: Content) -> list[Problem]:
    """Every layout rule the laid-out issue breaks, as warnings naming page and item."""
    pages = [page._page_box for page in document.pages]
    marks = _marks(pages)
    if not marks:
        return []
    tree = _Tree(pages[0].children[0].element, content.fragments)
    report = _Report(tree, content)
    _stranded_headings(marks, tree, report)
    _photos_apart_from_captions(marks, tree, report)
    _widows_and_orphans(marks, tree, report)
    _split_rows(marks, tree, report)
    _text_outside_type_area(marks, pages, tree, report)
    _nearly_empty_pages(marks, pages, tree, report)
    _lost_text(marks, tree, report)
    return [problem for _, problem in sorted(report.problems, key=lambda entry: entry[0])]


class _Report:
    def __init__(self, tree: _Tree, content: Content) -> None:
        self.tree = tree
        self.issue_file = content.issue.file
        self.problems: list[tuple[tuple[int, int], Problem]] = []

    def add(self, page: int, element, message: str) -> None:
        """A warning on page (an index) about the item holding element, if any."""
        fragment = self.tree.fragments.get(self.tree.item(element))
        file: Path = fragment.item.file if fragment else self.issue_file
        where = f"trang {page + 1}" + (f", bài “{fragment.item.title}”" if fragment else "")
        self.problems.append(((page, len(self.problems)), Problem(file, None,
                                                                  f"{where}: {message}")))


def _descendants(box):
    """box and everything inside it, absolutely positioned boxes included."""
    yield box
    for child in getattr(box, "children", ()):
        yield from _descendants(getattr(child, "_box", child))


def _marks(pages) -> list[Mark]:
    """The lines, images and table rows of every page's type area, in reading order."""
    from weasyprint.formatting_structure import boxes

    marks: list[Mark] = []

    def mark(page: int, column, kind: str, box) -> None:
        if box.element is not None:
            marks.append(Mark(page, column, kind, box.element, box))

    def walk(box, page: int, column) -> None:
        if isinstance(box, boxes.MarginBox):
            return
        if isinstance(box, boxes.LineBox):
            mark(page, column, "line", box)
            for child in _descendants(box):
                if isinstance(child, boxes.ReplacedBox):
                    mark(page, column, "image", child)
            return
        if isinstance(box, boxes.ReplacedBox):
            mark(page, column, "image", box)
            return
        if isinstance(box, boxes.TableRowBox):
            mark(page, column, "row", box)
        children = [getattr(child, "_box", child) for child in getattr(box, "children", ())]
        columns = [child for child in children if child.is_column]
        for child in children:
            walk(child, page, (child, columns.index(child) + 1) if child.is_column else column)

    for index, page_box in enumerate(pages):
        walk(page_box, index, None)
    return marks


def _has_class(element, name: str) -> bool:
    return name in (element.get("class") or "").split()


def _quote(text: str, words: int = QUOTED_WORDS) -> str:
    split = text.split()
    return " ".join(split[:words]) + ("…" if len(split) > words else "")


def _mm(px: float) -> str:
    """A length in millimetres, written the Vietnamese way: 54,3."""
    return f"{px * MM_PER_PX:.1f}".replace(".", ",")


def _where(mark: Mark) -> str:
    return f"cột {mark.column[1]} của trang {mark.page + 1}" if mark.column else \
        f"trang {mark.page + 1}"


def _foot(mark: Mark) -> str:
    return f"cuối cột {mark.column[1]}" if mark.column else "cuối trang"


def _moved(before: Mark, after: Mark) -> bool:
    """Whether after is set past a page or column break from before."""
    return after.page != before.page or (
        before.column is not None and after.column is not None and before.column != after.column)


# ---- 1. Headings and leads kept with what follows --------------------------------------------

def _kept_with_next(element) -> str | None:
    """What an element that must not end a page or column is called, or None."""
    if element.tag == "h1":
        return "tên chuyên mục"
    if element.tag == "h2" and _has_class(element, "item-title"):
        return "tên bài"
    if element.tag in ("h2", "h3", "h4"):
        return "tiêu đề phụ"
    if element.tag == "p":
        for name, label in (("lead", "đoạn dẫn"), ("report-source", "dòng nguồn"),
                            ("table-caption", "tên bảng")):
            if _has_class(element, name):
                return label
    return None


def _stranded_headings(marks: list[Mark], tree: _Tree, report: _Report) -> None:
    """A heading, lead, source line or table caption with none of its item's (a section
    title: its section's) text after it on its page, or in its column, while that text goes
    on after the break."""
    last: dict = {}
    for index, mark in enumerate(marks):
        if mark.kind == "line" and not mark.generated and _kept_with_next(mark.element):
            last[mark.element] = index
    for element, index in last.items():
        owner = tree.item(element) if element.tag != "h1" else tree.section(element)
        if owner is None:
            continue
        mark = marks[index]
        following = next((m for m in marks[index + 1:] if m.element is not element
                          and owner in tree.ancestors(m.element)), None)
        if following is not None and _moved(mark, following):
            report.add(mark.page, element, (
                f"{_kept_with_next(element)} “{_quote(_html_text(element))}” nằm một mình "
                f"ở {_foot(mark)}, còn phần chữ đi sau nó ở {_where(following)}. Hãy thêm hoặc "
                "bớt vài dòng phía trước để nó xuống cùng chỗ với phần chữ đó."))


# ---- 2. Photos with their captions ------------------------------------------------------------

def _photos_apart_from_captions(marks: list[Mark], tree: _Tree, report: _Report) -> None:
    """An image and its figure's caption in different pages or columns."""
    images = {}
    captions = {}
    for mark in marks:
        figure = next((e for e in tree.ancestors(mark.element) if e.tag == "figure"), None)
        if figure is None:
            continue
        if mark.kind == "image":
            images.setdefault(figure, mark)
        elif mark.kind == "line" and tree.inside(mark.element, {"figcaption"}):
            captions.setdefault(figure, mark)
    for figure, image in images.items():
        caption = captions.get(figure)
        if caption is not None and _moved(image, caption):
            report.add(image.page, figure, (
                f"ảnh ở {_where(image)} bị tách khỏi chú thích “{_quote(_html_text(figure))}” ở "
                f"{_where(caption)}. Ảnh và chú thích phải nằm cùng một chỗ; hãy chuyển ảnh lên "
                "trước hoặc xuống sau một đoạn văn."))


# ---- 3. Widows and orphans ------------------------------------------------------------------

def _widows_and_orphans(marks: list[Mark], tree: _Tree, report: _Report) -> None:
    """A paragraph or list item of an item's text split across pages or columns so that one
    line alone stays at the foot (orphan) or goes to the head (widow) of a page or column."""
    pieces: dict = {}
    for mark in marks:
        element = mark.element
        if (mark.kind != "line" or mark.generated or element.tag not in ("p", "li")
                or _kept_with_next(element) or tree.item(element) is None
                or tree.inside(element, {"table", "figure"})):
            continue
        runs = pieces.setdefault(element, [])
        if runs and runs[-1][0].container() == mark.container():
            runs[-1].append(mark)
        else:
            runs.append([mark])
    for element, runs in pieces.items():
        if len(runs) < 2:
            continue
        text = _quote(_html_text(element))
        first, last = runs[0], runs[-1]
        if len(first) == 1:
            report.add(first[0].page, element, (
                f"đoạn “{text}” bị ngắt, chỉ để lại một dòng ở {_foot(first[0])} (dòng mồ côi), "
                f"phần còn lại sang {_where(runs[1][0])}. Hãy thêm hoặc bớt vài chữ ở đoạn này "
                "hay đoạn trước."))
        if len(last) == 1:
            report.add(last[0].page, element, (
                f"dòng cuối của đoạn “{text}” bị đẩy một mình sang đầu {_where(last[0])} (dòng "
                "góa). Hãy thêm hoặc bớt vài chữ ở đoạn này hay đoạn trước."))


# ---- 4. Table rows whole ----------------------------------------------------------------------

def _split_rows(marks: list[Mark], tree: _Tree, report: _Report) -> None:
    """A table body row laid out on more than one page or column (a header row repeated on
    each page is not split)."""
    where: dict = {}
    for mark in marks:
        if mark.kind == "row" and not tree.inside(mark.element, {"thead", "tfoot"}):
            where.setdefault(mark.element, []).append(mark)
    for row, parts in where.items():
        if len(parts) > 1:
            report.add(parts[0].page, row, (
                f"một hàng của bảng (“{_quote(_html_text(row))}”) bị cắt ngang, nửa sau sang "
                f"{_where(parts[1])}. Hàng bảng phải nằm trọn một trang; hãy rút ngắn chữ trong "
                "hàng hoặc tách bảng."))


# ---- 5. Text inside the type area -----------------------------------------------------------

def _text_outside_type_area(marks: list[Mark], pages, tree: _Tree, report: _Report) -> None:
    """Text reaching past its column, or past the page's content box: an unbreakable word too
    long for its line, a table wider than the page. One warning per page and item, on its
    line reaching furthest out."""
    from weasyprint.formatting_structure import boxes

    worst: dict = {}
    for mark in marks:
        if mark.kind != "line":
            continue
        page = pages[mark.page]
        area = mark.column[0] if mark.column else page
        left, right = area.content_box_x(), area.content_box_x() + area.width
        top, bottom = page.content_box_y(), page.content_box_y() + page.height
        beyond = max((max(left - box.position_x, box.position_x + box.width - right,
                          top - box.position_y, box.position_y + box.height - bottom)
                      for box in _descendants(mark.box)
                      if isinstance(box, boxes.TextBox) and box.text.strip()), default=0)
        key = (mark.page, tree.item(mark.element))
        if beyond > max(TOLERANCE_PX, worst.get(key, (0, None))[0]):
            worst[key] = (beyond, mark)
    for beyond, mark in worst.values():
        edge = f"cột {mark.column[1]}" if mark.column else "vùng chữ của trang"
        report.add(mark.page, mark.element, (
            f"dòng “{_quote(mark.text(), 4)}” tràn {_mm(beyond)} mm ra ngoài {edge}. Hãy ngắt "
            "chữ quá dài (địa chỉ, chuỗi ký tự liền) bằng dấu cách, hoặc thu hẹp bảng."))


# ---- 6. Content pages filled ------------------------------------------------------------------

def _nearly_empty_pages(marks: list[Mark], pages, tree: _Tree, report: _Report) -> None:
    """A page carrying part of a section (not the cover, contents, blank pages or back page)
    whose text and images end in its first quarter."""
    by_page: dict[int, list[Mark]] = {}
    for mark in marks:
        if tree.section(mark.element) is not None and mark.kind != "row":
            by_page.setdefault(mark.page, []).append(mark)
    for index, found in sorted(by_page.items()):
        page = pages[index]
        lowest = max(m.box.position_y + m.box.margin_height() for m in found)
        fill = (lowest - page.content_box_y()) / page.height
        if fill < MIN_FILL:
            first = next((m for m in found if tree.item(m.element) is not None), found[0])
            report.add(index, first.element, (
                f"trang gần như trống: chữ và ảnh chỉ chiếm {fill * 100:.0f} % chiều cao vùng chữ "
                f"(dưới {MIN_FILL * 100:.0f} %). Hãy bỏ ngắt trang (new_page) ở chuyên mục sau, "
                "thêm ảnh hay bài, hoặc rút bớt để phần này lên trang trước."))


# ---- 7. No text lost --------------------------------------------------------------------------

def _words(text: str) -> list[str]:
    return [word.casefold() for word in _WORD.findall(text)]


def _html_text(element) -> str:
    """An element's text as written, block elements kept apart."""
    pieces: list[str] = []

    def visit(node) -> None:
        if not isinstance(node.tag, str):  # a comment: never printed
            return
        block = node.tag in _BLOCK_TAGS
        pieces.append(" " if block else "")
        pieces.append(node.text or "")
        for child in node:
            visit(child)
            pieces.append(child.tail or "")
        pieces.append(" " if block else "")

    visit(element)
    return "".join(pieces)


def _lost_text(marks: list[Mark], tree: _Tree, report: _Report) -> None:
    """Text of an item's HTML that none of its laid-out lines print (WeasyPrint can drop
    content in columns). Generated text (numbering, list markers) may be added and text may
    change order (a split table row); a passage is lost when some of its characters are
    printed fewer times than written and the passage is printed nowhere in the item."""
    laid: dict = {element: [] for element in tree.fragments}
    for mark in marks:
        item = tree.item(mark.element) if mark.kind == "line" else None
        if item is not None:
            laid[item] += [(word, mark.page) for word in _words(mark.text())]
    for item, placed in laid.items():
        source = _html_text(item)
        found = list(_WORD.finditer(source))
        written = [match.group().casefold() for match in found]
        printed = [word for word, _ in placed]
        everything = "".join(printed)
        if not Counter("".join(written)) - Counter(everything):
            continue
        matcher = difflib.SequenceMatcher(None, written, printed, autojunk=False)
        lost = [(i1, i2, j1) for tag, i1, i2, j1, j2 in matcher.get_opcodes()
                if tag in ("delete", "replace") and "".join(written[i1:i2]) not in everything]
        if not lost:
            continue
        i1, _, j1 = lost[0]
        if placed:
            page = placed[max(j1 - 1, 0)][1]
        else:  # nothing of it printed: the page where what comes before it ends
            before = [m.page for m in marks if tree.order.get(m.element, -1) < tree.order[item]]
            page = before[-1] if before else 0
        count = sum(i2 - i1 for i1, i2, _ in lost)
        report.add(page, item, (
            f"{count} từ không được in ra khi dàn trang, bắt đầu từ "
            f"“{_quote(source[found[i1].start():])}”. Thường do bố cục nhiều cột có phần tử "
            "trải qua các cột (column-span) gặp chỗ ngắt trang; hãy sửa style.css của số hoặc "
            "bố cục."))
