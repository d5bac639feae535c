"""A contributor's Word file (.docx) read into blocks of Unicode text: paragraphs made of
formatted segments and pictures, and tables; with what was converted and what was left out.

Text set in a legacy Vietnamese font is converted run by run according to that font
(`legacy.font_encoding`). A run's font is the Latin font Word draws it with: w:rFonts
hAnsi (used for the letters above ASCII, where the legacy codes lie), else ascii, looked up on
the run, then its character style, its paragraph's style (each with the styles they are based
on) and the document defaults; a theme font is a Unicode font. Only when no level names a
Latin font are the eastAsia and cs fonts used. A run in a legacy font that already holds
Unicode Vietnamese letters (beyond the 8-bit codes) was typed in Unicode: it is kept, and so
are the other runs of that font in the same paragraph.

Word's tracked changes are accepted, as "Accept all" would: inserted text is kept, deleted
text left out, moved text kept where it was moved to, the current formatting used.

Bold, italic, capitals and hidden text follow Word's rule for these toggle properties: set on a
run they are what they say; set in a style they turn over what the styles below set, so an
emphasis style inside an italic paragraph style reads upright.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from bulletin_press.errors import BulletinError, Problem, os_problem
from bulletin_press.legacy import VNI_MARKS, decode_tcvn3, decode_vni, font_encoding

NS = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "pic": "http://schemas.openxmlformats.org/drawingml/2006/picture",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "v": "urn:schemas-microsoft-com:vml",
    "o": "urn:schemas-microsoft-com:office:office",
    "m": "http://schemas.openxmlformats.org/officeDocument/2006/math",
    "wps": "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
}
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_GRAPHIC = {
    "http://schemas.openxmlformats.org/drawingml/2006/picture": "picture",
    "http://schemas.openxmlformats.org/drawingml/2006/chart": "chart",
    "http://schemas.microsoft.com/office/drawing/2014/chartex": "chart",
    "http://schemas.openxmlformats.org/drawingml/2006/diagram": "smartart",
}
_FALSE = ("0", "false", "off", "none")
_FIELD_HIDDEN = ("TOC", "INDEX", "TOA")  # generated tables whose text the bulletin makes itself
# Latin-1 and the Windows-1252 characters of 0x80–0x9F: the only characters a legacy run holds.
_EIGHT_BIT = frozenset(chr(c) for c in range(0x100)) | frozenset(
    bytes([c]).decode("cp1252", errors="ignore") for c in range(0x80, 0xA0))


def _q(name: str) -> str:
    prefix, local = name.split(":")
    return f"{{{NS[prefix]}}}{local}"


W = {name: _q(f"w:{name}") for name in (
    "p", "r", "t", "tab", "ptab", "br", "cr", "noBreakHyphen", "softHyphen", "sym", "drawing",
    "pict", "object", "footnoteReference", "endnoteReference", "commentReference", "fldChar",
    "instrText", "fldSimple", "hyperlink", "ins", "del", "moveFrom", "moveTo", "smartTag",
    "sdt", "sdtContent", "sdtPr", "docPartObj", "docPartGallery", "customXml", "tbl", "tr",
    "tc", "tcPr", "trPr", "gridSpan", "vMerge", "pPr", "rPr", "pStyle", "rStyle", "rFonts",
    "b", "i", "caps", "vanish", "webHidden", "vertAlign", "u", "jc", "numPr", "numId", "ilvl",
    "outlineLvl", "style", "name", "basedOn", "docDefaults", "rPrDefault", "pPrDefault",
    "abstractNum", "abstractNumId", "num", "lvl", "numFmt", "lvlText", "start",
    "lvlOverride", "startOverride", "numStyleLink", "comment", "altChunk", "txbxContent",
    "rPrChange", "pPrChange", "tblPrChange", "trPrChange", "tcPrChange", "sectPrChange",
    "delText", "bdo", "dir", "footnote", "endnote")}
_VAL = _q("w:val")


# --- What the reader gives -----------------------------------------------------------------------

@dataclass
class Segment:
    """Text with one formatting; "\n" is a line break inside the paragraph."""

    text: str
    bold: bool = False
    italic: bool = False


@dataclass
class Picture:
    """A picture embedded in the Word file."""

    data: bytes = field(repr=False)
    key: str                 # the part holding it: the same picture shown twice is one file
    content_type: str
    alt: str                 # its alternative text (description or title), or ""
    number: int              # 1 for the document's first picture…


@dataclass
class ListMark:
    kind: str        # "bullet", "ordered" (1. 2. 3.) or "label" (any other numbering, as text)
    level: int       # 0 for the outermost list
    number: int      # the item's number at its level
    label: str       # what Word shows before the item: "1.", "a)", "Điều 3."…


@dataclass
class Paragraph:
    parts: list[Segment | Picture]
    style: str = ""                 # the style's name, lower case ("heading 1", "caption"…)
    heading: int | None = None      # 1 for Heading 1 (or outline level 1)… None for body text
    title_style: bool = False
    subtitle_style: bool = False
    caption_style: bool = False
    align: str = ""                 # "left", "center", "right", "both"…
    list: ListMark | None = None

    @property
    def segments(self) -> list[Segment]:
        return [part for part in self.parts if isinstance(part, Segment)]

    @property
    def pictures(self) -> list[Picture]:
        return [part for part in self.parts if isinstance(part, Picture)]

    @property
    def text(self) -> str:
        """The paragraph's text on one line, spaces collapsed."""
        return " ".join("".join(s.text for s in self.segments).split())


@dataclass
class Cell:
    blocks: list[Paragraph | Table]
    span: int = 1            # columns it covers
    continued: bool = False  # the lower part of cells merged vertically: shows nothing


@dataclass
class Table:
    rows: list[list[Cell]]
    nested: bool = False     # a table inside a table cell


@dataclass
class LegacyFont:
    font: str
    encoding: str            # "tcvn3" or "vni"
    capitals: bool
    runs: int = 0            # runs of text converted
    paragraphs: int = 0      # paragraphs (and table cells' paragraphs) holding them


@dataclass
class WordDocument:
    blocks: list[Paragraph | Table]
    core_title: str                               # File > Properties > Title, or ""
    legacy: list[LegacyFont]                      # what was converted, by font
    unicode_in_legacy_font: dict[str, int]        # font → runs kept: already Unicode
    dropped: Counter                              # what was left out → how many
    examples: dict[str, list[str]]                # what was left out → its first words
    tracked: Counter                              # "inserted", "deleted", "moved", "formatting"
    links: int                                    # hyperlinks whose address became text
    underlined: int                               # underlined runs (Markdown has no underline)


# --- Opening the file ----------------------------------------------------------------------------

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_SAVE_AS_DOCX = ("Hãy mở tệp bằng Word (hoặc LibreOffice Writer), chọn Lưu thành (Save As) "
                 "kiểu “Word Document (.docx)” rồi nhập lại.")


def read_word(path: Path) -> WordDocument:
    """Read a .docx file; a file that is not one, or is damaged, is a BulletinError naming it."""
    import docx

    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise _error(path, "không tìm thấy tệp Word này; hãy kiểm tra tên và đường dẫn.") from None
    except IsADirectoryError:
        raise _error(path, "đây là một thư mục, không phải tệp Word (.docx).") from None
    except OSError as exc:
        raise BulletinError([os_problem(path, exc, "đọc")]) from None
    _check_package(path, data)
    try:
        document = docx.Document(io.BytesIO(data))
        return _Reader(document).read()
    except BulletinError:
        raise
    except Exception:  # python-docx and lxml raise many kinds on a damaged package
        raise _error(path, "tệp Word bị hỏng, không đọc được nội dung (có thể tệp chép hoặc tải "
                           "về chưa xong). " + _SAVE_AS_DOCX) from None


def _check_package(path: Path, data: bytes) -> None:
    """Say what the file is when it is not a Word document."""
    if not data:
        raise _error(path, "tệp trống (0 byte), thường do chép hoặc tải về chưa xong; hãy chép "
                           "lại tệp gốc.")
    if data.startswith(_OLE):
        raise _error(path, "đây là tệp Word đời cũ (.doc, Word 97–2003) hoặc tệp Office cũ khác, "
                           "chương trình chỉ đọc được .docx. " + _SAVE_AS_DOCX)
    if data.startswith(b"%PDF-"):
        raise _error(path, "đây là tài liệu PDF, không phải tệp Word. Hãy xin người viết tệp Word "
                           "(.docx) gốc.")
    if data.lstrip().startswith(b"{\\rtf"):
        raise _error(path, "đây là tệp RTF, không phải .docx. " + _SAVE_AS_DOCX)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            names = set(package.namelist())
            mimetype = package.read("mimetype")[:80] if "mimetype" in names else b""
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        if data.startswith(b"PK"):
            raise _error(path, "tệp Word bị hỏng hoặc chưa chép xong (không mở được phần nén "
                               "bên trong); hãy chép lại tệp gốc.") from None
        raise _error(path, "tệp này không phải tệp Word (.docx): không nhận ra định dạng. Hãy xin "
                           "người viết tệp Word gốc.") from None
    if "word/document.xml" in names:
        return
    if b"opendocument.text" in mimetype:
        raise _error(path, "đây là tệp OpenDocument (.odt) của LibreOffice, không phải .docx. "
                           + _SAVE_AS_DOCX)
    if "xl/workbook.xml" in names:
        raise _error(path, "đây là bảng tính Excel, không phải tệp Word; hãy chép bảng vào một "
                           "tệp Word hoặc viết thẳng vào bài.")
    if "ppt/presentation.xml" in names:
        raise _error(path, "đây là tệp trình chiếu PowerPoint, không phải tệp Word.")
    if "[Content_Types].xml" not in names:
        raise _error(path, "tệp này là tệp nén (zip), không phải tệp Word (.docx).")


def _error(path: Path, message: str) -> BulletinError:
    return BulletinError([Problem(path, None, message)])


# --- Styles and numbering ------------------------------------------------------------------------

class _Styles:
    def __init__(self, root):
        self.by_id = {}
        self.default = {}
        for style in root.iter(W["style"]):
            style_id = style.get(_q("w:styleId"))
            self.by_id[style_id] = style
            if style.get(_q("w:default")) in ("1", "true", "on"):
                self.default[style.get(_q("w:type"))] = style_id
        defaults = root.find(W["docDefaults"])
        self.run_defaults = _find(defaults, "rPrDefault", "rPr")
        self.paragraph_defaults = _find(defaults, "pPrDefault", "pPr")
        self._chains: dict[str | None, list] = {}

    def chain(self, style_id: str | None) -> list:
        """The style and the styles it is based on, nearest first."""
        if style_id not in self._chains:
            chain, seen, current = [], set(), style_id
            while current in self.by_id and current not in seen:
                seen.add(current)
                style = self.by_id[current]
                chain.append(style)
                based = style.find(W["basedOn"])
                current = based.get(_VAL) if based is not None else None
            self._chains[style_id] = chain
        return self._chains[style_id]

    def names(self, style_id: str | None) -> list[str]:
        return [(_attr(style.find(W["name"])) or "").lower() for style in self.chain(style_id)]

    def properties(self, style_id: str | None, tag: str) -> list:
        return [el for el in (style.find(W[tag]) for style in self.chain(style_id)) if el is not None]


def _find(element, *tags):
    for tag in tags:
        if element is None:
            return None
        element = element.find(W[tag])
    return element


def _attr(element, name: str = "val") -> str | None:
    return None if element is None else element.get(_q(f"w:{name}"))


@dataclass
class _Level:
    format: str      # "bullet", "decimal", "lowerLetter", "none"…
    text: str        # "%1.", "%1)", "Điều %1."…
    start: int


class _Numbering:
    def __init__(self, root, styles: _Styles):
        self.abstract: dict[str, dict[int, object]] = {}
        self.links: dict[str, str] = {}  # abstract numbering → the numbering style it follows
        self.nums: dict[str, tuple[str, dict[int, object], dict[int, int]]] = {}
        self.styles = styles
        if root is None:
            return
        for abstract in root.iter(W["abstractNum"]):
            key = abstract.get(_q("w:abstractNumId"))
            self.abstract[key] = {int(_attr(lvl, "ilvl") or 0): lvl
                                  for lvl in abstract.findall(W["lvl"])}
            link = _attr(abstract.find(W["numStyleLink"]))
            if link:
                self.links[key] = link
        for num in root.iter(W["num"]):
            levels, starts = {}, {}
            for override in num.findall(W["lvlOverride"]):
                ilvl = int(_attr(override, "ilvl") or 0)
                if override.find(W["lvl"]) is not None:
                    levels[ilvl] = override.find(W["lvl"])
                start = _attr(override.find(W["startOverride"]))
                if start and start.isdigit():
                    starts[ilvl] = int(start)
            self.nums[num.get(_q("w:numId"))] = (_attr(num.find(W["abstractNumId"])), levels, starts)

    def level(self, num_id: str, ilvl: int, depth: int = 0) -> _Level | None:
        if num_id not in self.nums or depth > 3:
            return None
        abstract_id, overrides, starts = self.nums[num_id]
        lvl = overrides.get(ilvl) or self.abstract.get(abstract_id, {}).get(ilvl)
        if lvl is None and abstract_id in self.links:  # a list style: follow its numbering
            for ppr in self.styles.properties(self.links[abstract_id], "pPr"):
                linked = _attr(_find(ppr, "numPr", "numId"))
                if linked and linked != num_id:
                    return self.level(linked, ilvl, depth + 1)
            return None
        if lvl is None:
            return None
        start = _attr(lvl.find(W["start"]))
        return _Level(format=_attr(lvl.find(W["numFmt"])) or "decimal",
                      text=_attr(lvl.find(W["lvlText"])) or "",
                      start=starts.get(ilvl, int(start) if start and start.isdigit() else 1))


def _number_text(number: int, style: str) -> str:
    if style in ("lowerLetter", "upperLetter"):
        letters = ""
        while number > 0:
            number, rest = divmod(number - 1, 26)
            letters = chr(ord("a") + rest) + letters
        return letters.upper() if style == "upperLetter" else letters
    if style in ("lowerRoman", "upperRoman"):
        roman, value = "", number
        for amount, digits in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"),
                               (90, "xc"), (50, "l"), (40, "xl"), (10, "x"), (9, "ix"),
                               (5, "v"), (4, "iv"), (1, "i")):
            while value >= amount:
                roman, value = roman + digits, value - amount
        return roman.upper() if style == "upperRoman" else roman
    return str(number)


# --- Runs ----------------------------------------------------------------------------------------

@dataclass
class _Run:
    text: str
    bold: bool
    italic: bool
    caps: bool
    font: str | None          # the legacy font it is set in, else None


@dataclass
class _Field:
    instruction: str = ""
    result: bool = False      # past the separator: its text is shown
    start: int = 0            # where its result begins among the paragraph's parts
    paragraph: int = 0        # the paragraph its result begins in


@dataclass
class _Context:
    """The paragraph being read."""

    style_id: str | None
    parts: list = field(default_factory=list)   # _Run | Picture


class _Reader:
    def __init__(self, document):
        self.document = document
        self.part = document.part
        self.styles = _Styles(document.styles.element)
        try:
            numbering = self.part.numbering_part.element
        except (KeyError, NotImplementedError):
            numbering = None
        self.numbering = _Numbering(numbering, self.styles)
        self.counters: dict[str, list[int]] = {}
        self.fields: list[_Field] = []
        self.legacy: dict[str, LegacyFont] = {}
        self.legacy_paragraphs: dict[str, set[int]] = defaultdict(set)
        self.unicode_in_legacy: Counter = Counter()
        self.dropped: Counter = Counter()
        self.examples: dict[str, list[str]] = defaultdict(list)
        self.links = 0
        self.underlined = 0
        self.paragraph_number = 0
        self.picture_number = 0

    # The whole document

    def read(self) -> WordDocument:
        body = self.document.element.body
        blocks = self._blocks(body)
        self._count_outside_body(body)
        core_title = (self.document.core_properties.title or "").strip()
        for font, paragraphs in self.legacy_paragraphs.items():
            self.legacy[font].paragraphs = len(paragraphs)
        return WordDocument(
            blocks=blocks, core_title=unicodedata.normalize("NFC", core_title),
            legacy=sorted(self.legacy.values(), key=lambda f: (-f.runs, f.font)),
            unicode_in_legacy_font=dict(self.unicode_in_legacy), dropped=self.dropped,
            examples=dict(self.examples), tracked=_tracked_changes(body), links=self.links,
            underlined=self.underlined)

    def _drop(self, what: str, example: str = "") -> None:
        self.dropped[what] += 1
        example = " ".join(example.split())
        if example and len(self.examples[what]) < 3:
            self.examples[what].append(example[:60] + ("…" if len(example) > 60 else ""))

    def _count_outside_body(self, body) -> None:
        self.dropped["footnote"] += sum(1 for _ in body.iter(W["footnoteReference"]))
        self.dropped["endnote"] += sum(1 for _ in body.iter(W["endnoteReference"]))
        comments = [rel.target_part for rel in self.part.rels.values()
                    if rel.reltype == _REL + "comments" and not rel.is_external]
        references = {_attr(ref, "id") for ref in body.iter(W["commentReference"])}
        written = sum(len(_xml(part).findall(W["comment"])) for part in comments)
        self.dropped["comment"] += max(written, len(references))
        seen = set()
        for rel in self.part.rels.values():
            if rel.is_external or rel.reltype not in (_REL + "header", _REL + "footer"):
                continue
            text = " ".join(_visible_text(_xml(rel.target_part)).split())
            if re.search(r"[^\W\d_]", text) and text not in seen:   # not a bare page number
                seen.add(text)
                self._drop("header_footer", text)
        for what in [key for key, count in self.dropped.items() if not count]:
            del self.dropped[what]

    # Blocks

    def _blocks(self, container, in_table: bool = False) -> list[Paragraph | Table]:
        blocks: list[Paragraph | Table] = []
        joined: Paragraph | None = None   # a paragraph whose mark was deleted joins the next
        for child in self._block_children(container):
            if child.tag == W["p"]:
                paragraph, mark_deleted = self._paragraph(child)
                if joined is not None:
                    paragraph.parts = joined.parts + paragraph.parts
                    joined = None
                if mark_deleted:
                    joined = paragraph
                elif paragraph.parts:
                    blocks.append(paragraph)
            elif child.tag == W["tbl"]:
                if joined is not None:
                    blocks.append(joined)
                    joined = None
                blocks.append(self._table(child, nested=in_table))
        if joined is not None:
            blocks.append(joined)
        return blocks

    def _block_children(self, container):
        for child in container:
            tag = child.tag
            if tag in (W["p"], W["tbl"]):
                yield child
            elif tag == W["sdt"]:
                gallery = _attr(_find(child, "sdtPr", "docPartObj", "docPartGallery"))
                if gallery and "table of contents" in gallery.lower():
                    self._drop("toc")
                    continue
                yield from self._block_children(_content(child))
            elif tag in (W["customXml"], W["ins"], W["moveTo"]):
                yield from self._block_children(child)
            elif tag == _q("mc:AlternateContent"):
                choice = child.find(_q("mc:Choice"))
                yield from self._block_children(choice if choice is not None else ())
            elif tag == W["altChunk"]:
                self._drop("object", "tài liệu nhúng")

    def _table(self, element, nested: bool) -> Table:
        rows = []
        for tr in _children(element, W["tr"]):
            if _find(tr, "trPr", "del") is not None:   # a deleted row: the deletion is accepted
                continue
            cells = []
            for tc in _children(tr, W["tc"]):
                span = _attr(_find(tc, "tcPr", "gridSpan"))
                merge = _find(tc, "tcPr", "vMerge")
                cells.append(Cell(blocks=self._blocks(tc, in_table=True),
                                  span=int(span) if span and span.isdigit() else 1,
                                  continued=merge is not None and _attr(merge) != "restart"))
            rows.append(cells)
        return Table(rows=rows, nested=nested)

    # Paragraphs

    def _paragraph(self, p) -> tuple[Paragraph, bool]:
        self.paragraph_number += 1
        ppr = p.find(W["pPr"])
        style_id = _attr(ppr.find(W["pStyle"])) if ppr is not None and ppr.find(
            W["pStyle"]) is not None else self.styles.default.get("paragraph")
        levels = ([ppr] if ppr is not None else []) + self.styles.properties(style_id, "pPr")
        if self.styles.paragraph_defaults is not None:
            levels.append(self.styles.paragraph_defaults)
        context = _Context(style_id)
        # A field's code never runs past its paragraph: an unclosed one (a damaged file) must
        # not hide the rest of the document. Results may (a table of contents).
        self.fields = [f for f in self.fields if f.result]
        self._inline(p, context)
        names = self.styles.names(style_id)
        paragraph = Paragraph(parts=self._decode(context.parts),
                              style=names[0] if names else "",
                              heading=_heading_level(names, levels),
                              title_style="title" in names, subtitle_style="subtitle" in names,
                              caption_style=any("caption" in name for name in names),
                              align=_first(levels, "jc") or "",
                              list=self._list_mark(levels))
        mark_deleted = _find(ppr, "rPr", "del") is not None
        return paragraph, mark_deleted

    def _list_mark(self, levels) -> ListMark | None:
        num_id = next((v for v in (_attr(_find(l, "numPr", "numId")) for l in levels) if v), None)
        if not num_id or num_id == "0":
            return None
        ilvl_text = next((v for v in (_attr(_find(l, "numPr", "ilvl")) for l in levels) if v), "0")
        ilvl = int(ilvl_text) if ilvl_text.isdigit() else 0
        level = self.numbering.level(num_id, ilvl)
        if level is None or level.format == "none":
            return None
        counters = self.counters.setdefault(num_id, [0] * 9)
        for deeper in range(ilvl + 1, 9):
            counters[deeper] = 0
        counters[ilvl] = counters[ilvl] + 1 if counters[ilvl] else level.start
        if level.format == "bullet":
            return ListMark("bullet", ilvl, counters[ilvl], "–")

        def number(match: re.Match) -> str:
            at = int(match[1]) - 1
            shown = self.numbering.level(num_id, at) if at != ilvl else level
            value = counters[at] or (shown.start if shown else 1)
            return _number_text(value, shown.format if shown else "decimal")

        label = re.sub(r"%([1-9])", number, level.text).strip()
        plain = level.format in ("decimal", "decimalZero") and level.text.strip() in (
            f"%{ilvl + 1}.", f"%{ilvl + 1})")
        return ListMark("ordered" if plain else "label", ilvl, counters[ilvl], label)

    def _inline(self, element, context: _Context, deleted: bool = False) -> None:
        for child in element:
            tag = child.tag
            if tag == W["r"]:
                if not deleted:
                    self._run(child, context)
            elif tag in (W["del"], W["moveFrom"]):
                continue   # deletions accepted
            elif tag in (W["ins"], W["moveTo"], W["smartTag"], W["customXml"], W["bdo"], W["dir"]):
                self._inline(child, context, deleted)
            elif tag == W["sdt"]:
                self._inline(_content(child), context, deleted)
            elif tag == W["hyperlink"]:
                start = len(context.parts)
                self._inline(child, context, deleted)
                rel_id = child.get(_q("r:id"))
                rel = self.part.rels.get(rel_id) if rel_id else None
                if rel is not None and rel.is_external:
                    self._address(context, start, rel.target_ref)
            elif tag == W["fldSimple"]:
                instruction = child.get(_q("w:instr")) or ""
                if instruction.split()[:1] and instruction.split()[0].upper() in _FIELD_HIDDEN:
                    self._drop("toc")
                    continue
                start = len(context.parts)
                self._inline(child, context, deleted)
                self._field_address(context, instruction, start)
            elif tag in (_q("m:oMath"), _q("m:oMathPara")):
                self._drop("equation")
            elif tag == _q("mc:AlternateContent"):
                choice = child.find(_q("mc:Choice"))
                if choice is not None:
                    self._inline(choice, context, deleted)

    def _run(self, r, context: _Context) -> None:
        props = self._run_properties(r, context.style_id)
        text: list[str] = []

        def flush() -> None:
            if text:
                context.parts.append(_Run("".join(text), props["bold"], props["italic"],
                                          props["caps"], props["font"]))
                text.clear()

        for child in self._run_children(r):
            tag = child.tag
            if tag == W["fldChar"]:
                flush()
                self._field_char(child, context)
                continue
            if tag == W["instrText"]:
                if self.fields:
                    self.fields[-1].instruction += child.text or ""
                continue
            if not self._shown():
                continue
            if tag == W["t"]:
                text.append(child.text or "")
            elif tag in (W["tab"], W["ptab"]):
                text.append(" ")
            elif tag == W["br"]:
                text.append("\n" if _attr(child, "type") in (None, "textWrapping") else " ")
            elif tag == W["cr"]:
                text.append("\n")
            elif tag == W["noBreakHyphen"]:
                text.append("-")
            elif tag == W["sym"]:
                self._drop("symbol")
            elif tag == W["drawing"]:
                flush()
                self._drawing(child, context)
            elif tag == W["pict"]:
                flush()
                self._vml(child, context)
            elif tag == W["object"]:
                program = child.find(f".//{_q('o:OLEObject')}")
                self._drop("object", program.get("ProgID", "") if program is not None else "")
        if props["hidden"]:
            if "".join(text).strip():
                self._drop("hidden", "".join(text))
            return
        if props["superscript"] and "".join(text) in ("2", "3"):
            text[:] = ["²" if "".join(text) == "2" else "³"]   # m², m³
        if props["underline"] and "".join(text).strip():
            self.underlined += 1
        flush()

    def _run_children(self, r):
        for child in r:
            if child.tag == _q("mc:AlternateContent"):
                choice = child.find(_q("mc:Choice"))
                yield from (choice if choice is not None else ())
            else:
                yield child

    def _run_properties(self, r, style_id: str | None) -> dict:
        rpr = r.find(W["rPr"])
        direct = [rpr] if rpr is not None else []
        char_style = _attr(rpr.find(W["rStyle"])) if rpr is not None and rpr.find(
            W["rStyle"]) is not None else None
        # Nearest first: each style with the styles it is based on.
        character, paragraph = (self.styles.properties(char_style, "rPr"),
                                self.styles.properties(style_id, "rPr"))
        defaults = [self.styles.run_defaults] if self.styles.run_defaults is not None else []
        levels = direct + character + paragraph + defaults

        def toggled(tag: str) -> bool:
            return _toggled(direct, (paragraph, character), defaults, tag)

        return {
            "bold": toggled("b"), "italic": toggled("i"), "caps": toggled("caps"),
            "hidden": toggled("vanish") or _toggle(levels, "webHidden"),
            "superscript": _first(levels, "vertAlign") == "superscript",
            "underline": (_first(levels, "u") or "none") not in _FALSE,
            "font": _legacy_font(levels),
        }

    # Fields: only their results are text; a field's code ("PAGE", "HYPERLINK …") is not.

    def _field_char(self, element, context: _Context) -> None:
        kind = _attr(element, "fldCharType")
        if kind == "begin":
            self.fields.append(_Field(start=len(context.parts)))
        elif kind == "separate" and self.fields:
            self.fields[-1].result = True
            self.fields[-1].start = len(context.parts)
            self.fields[-1].paragraph = self.paragraph_number
            words = self.fields[-1].instruction.split()
            if words and words[0].upper() in _FIELD_HIDDEN:
                self._drop("toc")
        elif kind == "end" and self.fields:
            ended = self.fields.pop()
            if ended.result and ended.paragraph == self.paragraph_number:
                self._field_address(context, ended.instruction, ended.start)

    def _shown(self) -> bool:
        return all(f.result and not (f.instruction.split()[:1] and f.instruction.split()[0].upper()
                                     in _FIELD_HIDDEN) for f in self.fields)

    def _field_address(self, context: _Context, instruction: str, start: int) -> None:
        match = re.match(r'\s*HYPERLINK\s+"([^"]+)"', instruction)
        if match:
            self._address(context, start, match[1])

    def _address(self, context: _Context, start: int, address: str) -> None:
        """Paper cannot follow a link: its address is written after its text, in brackets."""
        shown = re.sub(r"^(?:https?://|mailto:)", "", address.strip(), flags=re.I).rstrip("/")
        if not shown or shown.startswith("#") or not self._shown():
            return
        text = "".join(p.text for p in context.parts[start:] if isinstance(p, _Run))
        self.links += 1
        if shown.lower() not in text.lower():
            context.parts.append(_Run(f" ({shown})", False, False, False, None))

    # Pictures and other drawings

    def _drawing(self, drawing, context: _Context) -> None:
        data = drawing.find(f".//{_q('a:graphicData')}")
        kind = _GRAPHIC.get(data.get("uri") if data is not None else "", "")
        described = drawing.find(f".//{_q('wp:docPr')}")
        alt = ""
        if described is not None:
            alt = (described.get("descr") or described.get("title") or "").strip()
        if kind == "picture":
            blip = drawing.find(f".//{_q('a:blip')}")
            embedded = blip.get(_q("r:embed")) if blip is not None else None
            self._picture(embedded, alt, context)
        elif drawing.find(f".//{W['txbxContent']}") is not None:
            self._drop("text_box", _visible_text(drawing))
        elif kind:
            self._drop(kind)
        elif drawing.find(f".//{_q('pic:pic')}") is not None:
            self._drop("picture_group")
        else:
            self._drop("shape")

    def _vml(self, pict, context: _Context) -> None:
        """An older drawing (VML): a text box, a picture or a shape."""
        if pict.find(f".//{W['txbxContent']}") is not None:
            self._drop("text_box", _visible_text(pict))
            return
        image = pict.find(f".//{_q('v:imagedata')}")
        if image is not None:
            shape = pict.find(f".//{_q('v:shape')}")
            alt = (shape.get("alt") or "").strip() if shape is not None else ""
            self._picture(image.get(_q("r:id")), alt, context)
        else:
            self._drop("shape")

    def _picture(self, rel_id: str | None, alt: str, context: _Context) -> None:
        self.picture_number += 1
        rel = self.part.rels.get(rel_id) if rel_id else None
        if rel is None or rel.is_external:
            self._drop("linked_picture")
            return
        target = rel.target_part
        context.parts.append(Picture(data=target.blob, key=str(target.partname),
                                     content_type=target.content_type,
                                     alt=unicodedata.normalize("NFC", alt),
                                     number=self.picture_number))

    # Legacy fonts

    def _decode(self, parts: list) -> list[Segment | Picture]:
        """The paragraph's runs as Unicode segments, each converted by its font."""
        runs = [p for p in parts if isinstance(p, _Run)]
        for run in runs:
            if run.font:   # text a symbol-font mapping stored in the private use area
                run.text = "".join(chr(ord(c) - 0xF000) if 0xF020 <= ord(c) <= 0xF0FF else c
                                   for c in run.text)
            else:   # a symbol-font character (Wingdings bullets…) no bundled font has
                private = sum(unicodedata.category(c) == "Co" for c in run.text)
                if private:
                    self.dropped["symbol"] += private
                    run.text = "".join(c for c in run.text if unicodedata.category(c) != "Co")
        typed_in_unicode = {run.font for run in runs if run.font and _has_unicode(run.text)}
        for font in typed_in_unicode:
            self.unicode_in_legacy[font] += sum(1 for run in runs if run.font == font)
        for run in runs:
            if run.font in typed_in_unicode:
                run.font = None
        _join_vni_marks(parts)
        out: list[Segment | Picture] = []
        for part in parts:
            if isinstance(part, Picture):
                out.append(part)
                continue
            text = part.text
            if part.font and text.strip():
                encoding = font_encoding(part.font)
                text = (decode_vni(text) if encoding.encoding == "vni"
                        else decode_tcvn3(text, capitals=encoding.capitals))
                entry = self.legacy.setdefault(part.font, LegacyFont(
                    part.font, encoding.encoding, encoding.capitals))
                entry.runs += 1
                self.legacy_paragraphs[part.font].add(self.paragraph_number)
            text = unicodedata.normalize("NFC", text)
            if part.caps:
                text = text.upper()
            out.append(Segment(text, part.bold, part.italic))
        return out


def _join_vni_marks(parts: list) -> None:
    """A VNI letter cut between two runs ("Vie" + "ät"): its mark bytes go back to the letter."""
    for before, after in zip(parts, parts[1:]):
        if not (isinstance(before, _Run) and isinstance(after, _Run)) or not (
                before.font and after.font):
            continue
        if font_encoding(before.font).encoding != "vni" or font_encoding(after.font).encoding != "vni":
            continue
        while after.text and after.text[0] in VNI_MARKS and before.text[-1:].isalpha():
            before.text += after.text[0]
            after.text = after.text[1:]


def _has_unicode(text: str) -> bool:
    """Letters or marks no legacy code stands for: text typed in Unicode."""
    return any(c not in _EIGHT_BIT and unicodedata.category(c)[0] in "LM" for c in text)


def _legacy_font(levels) -> str | None:
    """The legacy font a run is set in (see the module's docstring), or None."""
    font = None
    for keys in (("hAnsi", "ascii"), ("eastAsia", "cs")):
        for level in levels:
            fonts = level.find(W["rFonts"])
            if fonts is None:
                continue
            for key in keys:
                theme = fonts.get(_q(f"w:{key}Theme" if key != "cs" else "w:cstheme"))
                name = fonts.get(_q(f"w:{key}"))
                if theme is not None or name is not None:
                    font = name if theme is None else ""
                    break
            if font is not None:
                break
        if font is not None:
            break
    return font if font and font_encoding(font) else None


def _toggled(direct, styles, defaults, tag: str) -> bool:
    """A toggle property (bold, italic, caps, hidden; ECMA-376 Part 1, 17.7.3): set on the run
    itself it is what it says; otherwise each style that turns it on (the paragraph's style,
    then the run's character style, each as it inherits from the style it is based on)
    turns it over from the document default: emphasis inside an italic style reads upright."""
    if any(level.find(W[tag]) is not None for level in direct):
        return _toggle(direct, tag)
    state = _toggle(defaults, tag)
    for chain in styles:
        state ^= _toggle(chain, tag)
    return state


def _toggle(levels, tag: str) -> bool:
    for level in levels:
        element = level.find(W[tag])
        if element is not None:
            return (_attr(element) or "true").lower() not in _FALSE
    return False


def _first(levels, tag: str) -> str | None:
    for level in levels:
        element = level.find(W[tag])
        if element is not None:
            return _attr(element)
    return None


def _heading_level(names: list[str], levels) -> int | None:
    for name in names:
        match = re.fullmatch(r"heading ([1-9])", name)
        if match:
            return int(match[1])
    outline = _first(levels, "outlineLvl")
    if outline and outline.isdigit() and int(outline) < 9:
        return int(outline) + 1
    return None


def _children(element, tag: str):
    """Child elements with tag, also those wrapped in content controls or tracked insertions."""
    for child in element:
        if child.tag == tag:
            yield child
        elif child.tag in (W["sdt"], W["customXml"], W["ins"]):
            yield from _children(_content(child) if child.tag == W["sdt"] else child, tag)


def _content(sdt):
    """The content of a content control (w:sdt), or nothing."""
    content = sdt.find(W["sdtContent"])
    return content if content is not None else ()


def _xml(part):
    element = getattr(part, "element", None)
    if element is not None:
        return element
    from lxml import etree

    return etree.fromstring(part.blob)


def _visible_text(element) -> str:
    """The text an element shows: its w:t, not field codes or deleted text."""
    return " ".join(t.text or "" for t in element.iter(W["t"]))


def _tracked_changes(body) -> Counter:
    changes: Counter = Counter()
    changes["inserted"] = sum(1 for ins in body.iter(W["ins"])
                              if any(True for _ in ins.iter(W["t"])))
    changes["deleted"] = sum(1 for deleted in body.iter(W["del"])
                             if any(True for _ in deleted.iter(W["delText"])))
    changes["deleted_rows"] = sum(1 for tr in body.iter(W["tr"])
                                  if _find(tr, "trPr", "del") is not None)
    changes["moved"] = sum(1 for _ in body.iter(W["moveTo"]))
    changes["formatting"] = sum(1 for tag in ("rPrChange", "pPrChange", "tblPrChange",
                                              "trPrChange", "tcPrChange", "sectPrChange")
                                for _ in body.iter(W[tag]))
    return +changes
