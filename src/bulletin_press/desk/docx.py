"""`bulletin import`: a contributor's Word file becomes a content file of the issue.

Each .docx is read (desk/wordfile.py: legacy TCVN3/VNI fonts converted to Unicode, tracked
changes accepted), its title, lead and byline are looked for, the rest becomes Markdown
(## and ### headings, paragraphs with bold and italic, lists, tables, photos with captions),
its pictures are normalised into img/, and the file is listed in issue.yaml. All files of one
import are written at once, or none: a Word file that cannot be read stops the whole import.

Where the header comes from:

- title: the first paragraph in Word's Title style (with the Title paragraphs right after it);
  else the first paragraph of text if it is a heading, wholly bold, or centred capitals; else
  the document's Title property; else the Word file's name (to be corrected).
- lead (articles and reports): the paragraph right after the title when it is in the Subtitle
  style, or wholly bold or wholly italic.
- author and unit (articles): a line "Tác giả: …" (or "Người viết:", "Bài và ảnh:"), and
  "Đơn vị: …"; else the last paragraph when it is right-aligned and short, else a short
  right-aligned paragraph right under the title. "Nguyễn Văn A – Đảng ủy xã Tân An",
  "Nguyễn Văn A (Đảng ủy xã Tân An)" and "Nguyễn Văn A, Đảng ủy xã Tân An" give both; two
  right-aligned lines at the end give the author, then the unit. For a report, a line
  "Nguồn: …" or the right-aligned last line becomes `source`.
- a photo's caption: text after the picture in its own paragraph; else the next paragraph when
  it is in the Caption style, starts with "Ảnh"/"Hình", is centred or wholly italic (and
  short); else the picture's alternative text; else "Ảnh: (chưa có chú thích)", reported.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from bulletin_press import output
from bulletin_press.content import photos as photo_rules
from bulletin_press.desk.add import file_name, free_name, list_files, yaml_text
from bulletin_press.desk.markdown_writer import inline_markdown, plain_markdown
from bulletin_press.desk.wordfile import (Cell, Paragraph, Picture, Segment, Table, WordDocument,
                                          read_word)
from bulletin_press.errors import BulletinError, Problem
from bulletin_press.legacy import LABELS, find_legacy_word
from bulletin_press.manifest import ISSUE_FILE, PUBLISHED_DIR, issue_folder
from bulletin_press.model import KINDS
from bulletin_press.vietnamese import normalise

PHOTO_DIR = "img"
CAPTION_PLACEHOLDER = "Ảnh: (chưa có chú thích)"
MAX_TITLE = 250      # characters: a longer first paragraph is text, not a title
MAX_LEAD = 800
MAX_BYLINE = 150
MAX_CAPTION = 300
# A photo across a column needs about 950 pixels at A5 and 600 at 19 × 27 cm (README, "Ảnh").
NARROW_PHOTO_PX = 950

_BYLINE = re.compile(r"^(?:tác giả|người viết|bài và ảnh|bài, ảnh|bài và ảnh của)\s*:\s*(.+)$",
                     re.IGNORECASE)
_UNIT_LINE = re.compile(r"^đơn vị(?: công tác)?\s*:\s*(.+)$", re.IGNORECASE)
_SOURCE_LINE = re.compile(r"^nguồn\s*:\s*(.+)$", re.IGNORECASE)
# Titles that Word or converters write in the file's properties without anyone choosing them.
_DEFAULT_PROPERTY = re.compile(r"^(?:word document|microsoft word\b|document\d*$|tài liệu\d*$)",
                               re.IGNORECASE)
_TYPED_NUMBER = re.compile(r"^(?:[IVXLC]+|\d+(?:\.\d+)*)[.)]\s")
_DATE_LINE = re.compile(r"\bngày\s+\d{1,2}\b", re.IGNORECASE)
_CAPTION_START = re.compile(r"^\(?(?:ảnh|hình|hình ảnh)\b", re.IGNORECASE)
_MADE_UP_ALT = re.compile(r"generated|tự động|^(?:picture|image|hình|ảnh|photo|pic)\s*\d*$|"
                          r"\.(?:jpe?g|png|gif|bmp|tiff?|emf|wmf|webp|heic)$", re.IGNORECASE)

TITLE_FROM = {
    "title_style": "đoạn kiểu Title (Tiêu đề) của Word",
    "heading": "tiêu đề đầu tiên của tệp Word",
    "bold_line": "dòng in đậm đầu tiên",
    "capitals_line": "dòng chữ hoa căn giữa đầu tiên",
    "document_property": "thuộc tính Title (File > Properties) của tệp Word",
    "file_name": "tên tệp Word",
}
BYLINE_FROM = {
    "byline_line": "dòng “Tác giả: …” trong bài",
    "last_line": "dòng căn phải cuối bài",
    "under_title": "dòng căn phải dưới tên bài",
}
CAPTION_FROM = {
    "same_paragraph": "chữ cùng đoạn với ảnh",
    "next_paragraph": "đoạn ngay dưới ảnh",
    "alt_text": "văn bản thay thế (alt text) của ảnh",
    "none": "chưa có",
}


# --- Results -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ImportedPhoto:
    file: str                 # inside the issue folder: img/…
    caption: str
    caption_from: str         # a key of CAPTION_FROM
    size_px: tuple[int, int]
    source_format: str        # as stored in the Word file: "JPEG", "PNG", "BMP"…


@dataclass(frozen=True)
class Converted:
    """Runs of one legacy font converted to Unicode."""

    font: str
    encoding: str             # "tcvn3" or "vni"
    capitals: bool
    runs: int
    paragraphs: int

    @property
    def message(self) -> str:
        kind = "phông chữ hoa, " if self.capitals else ""
        return (f"{self.runs} đoạn chữ (run) trong {self.paragraphs} đoạn văn đặt phông "
                f"{self.font} ({kind}bảng mã {LABELS[self.encoding]})")


@dataclass(frozen=True)
class Dropped:
    """Something of the Word file that is not in the content file."""

    kind: str
    count: int
    message: str


@dataclass(frozen=True)
class Imported:
    """One Word file made into one content file."""

    source: Path
    file: Path
    kind: str
    title: str
    title_from: str
    lead: str | None
    author: str | None
    unit: str | None
    issuer: str | None        # a report's `source`
    byline_from: str | None
    photos: tuple[ImportedPhoto, ...]
    paragraphs: int
    headings: int
    list_items: int
    tables: int
    converted: tuple[Converted, ...]
    dropped: tuple[Dropped, ...]
    checks: tuple[str, ...]
    tracked_changes: dict[str, int]   # accepted: "inserted", "deleted", "moved", "formatting"
    text: str = field(repr=False)                        # the content file
    files: dict[str, bytes] = field(repr=False, default_factory=dict)  # photos, by name

    def as_json(self) -> dict:
        return {
            "source": _display(self.source), "file": _display(self.file), "kind": self.kind,
            "title": self.title, "title_from": self.title_from, "lead": self.lead,
            "author": self.author, "unit": self.unit, "issuer": self.issuer,
            "byline_from": self.byline_from,
            "photos": [{"file": p.file, "caption": p.caption, "caption_from": p.caption_from,
                        "size_px": list(p.size_px), "source_format": p.source_format}
                       for p in self.photos],
            "content": {"paragraphs": self.paragraphs, "headings": self.headings,
                        "list_items": self.list_items, "tables": self.tables,
                        "photos": len(self.photos)},
            "converted": [{"font": c.font, "encoding": c.encoding, "capitals": c.capitals,
                           "runs": c.runs, "paragraphs": c.paragraphs, "message": c.message}
                          for c in self.converted],
            "dropped": [{"kind": d.kind, "count": d.count, "message": d.message}
                        for d in self.dropped],
            "tracked_changes": {"accepted": True, **self.tracked_changes} if self.tracked_changes
            else None,
            "checks": list(self.checks),
        }

    def as_text(self) -> str:
        """What was done with the Word file, for the editor, in Vietnamese."""
        lines = [f"{_display(self.source)} → {_display(self.file)} ({KINDS[self.kind]})",
                 f"  Tên bài: {self.title} (lấy từ {TITLE_FROM[self.title_from]})"]
        if self.lead:
            lines.append(f"  Sapo: {self.lead[:80]}{'…' if len(self.lead) > 80 else ''}")
        if self.author:
            lines.append(f"  Tác giả: {self.author}" + (f"; đơn vị: {self.unit}" if self.unit else ""))
        if self.issuer:
            lines.append(f"  Nguồn: {self.issuer}")
        content = [f"{self.paragraphs} đoạn văn"] + [f"{count} {label}" for count, label in (
            (self.headings, "tiêu đề phụ"), (self.list_items, "mục danh sách"),
            (self.tables, "bảng"), (len(self.photos), "ảnh")) if count]
        lines.append("  Nội dung: " + ", ".join(content) + ".")
        lines += [f"    {photo.file}: {photo.caption}" for photo in self.photos]
        for heading, entries, none in (
                ("Đã chuyển sang Unicode", [c.message for c in self.converted],
                 "không có chữ đặt phông cũ TCVN3, VNI."),
                ("Đã bỏ", [d.message for d in self.dropped], "không có."),
                ("Cần kiểm tra", list(self.checks), "")):
            if entries:
                lines.append(f"  {heading}:")
                lines += [f"    - {entry}" for entry in entries]
            elif none:
                lines.append(f"  {heading}: {none}")
        return "\n".join(lines)


@dataclass(frozen=True)
class ImportResult:
    issue_dir: Path
    manifest: Path
    section: str
    new_section: bool
    imported: tuple[Imported, ...]
    manifest_text: str = field(repr=False)

    @property
    def files(self) -> dict[str, bytes]:
        """Everything to write, by name inside the issue folder."""
        files: dict[str, bytes] = {}
        for item in self.imported:
            files[item.file.name] = item.text.encode()
            files.update(item.files)
        files[ISSUE_FILE] = self.manifest_text.encode()
        return files

    def as_json(self) -> dict:
        return {"issue": self.issue_dir.name, "issue_file": _display(self.manifest),
                "section": self.section, "new_section": self.new_section,
                "imported": [item.as_json() for item in self.imported]}


# --- The door ------------------------------------------------------------------------------------

def import_docx(files: Iterable[Path], issue_dir: Path, kind: str = "article",
                section: str | None = None) -> ImportResult:
    """Import Word files into the issue and list them under `section` (the last section by
    default; a new one is added at the end). Everything is written, or nothing."""
    result = plan_import(files, issue_dir, kind, section)
    output.write_all(result.issue_dir, result.files)
    return result


def plan_import(files: Iterable[Path], issue_dir: Path, kind: str = "article",
                section: str | None = None) -> ImportResult:
    """What importing would write; nothing is written. Raises BulletinError with every
    problem of every file."""
    issue_dir = issue_folder(issue_dir)
    manifest = issue_dir / ISSUE_FILE
    if kind not in KINDS:
        raise BulletinError([Problem(manifest, None, (
            f"loại bài phải là article (bài viết), report (báo cáo) hoặc briefing (tin vắn), "
            f"không phải “{kind}”."))])
    if not manifest.is_file():
        raise BulletinError([Problem(manifest, None, (
            "không tìm thấy tệp issue.yaml: hãy chỉ --issue tới thư mục một số bản tin, ví dụ "
            "bulletins/2024-02 (tạo số mới bằng lệnh: bulletin new)."))])
    if (issue_dir / PUBLISHED_DIR).exists():
        raise BulletinError([Problem(manifest, None, (
            f"số {issue_dir.name} đã xuất bản, không thêm bài được nữa; hãy nhập bài vào số "
            "đang chuẩn bị."))])
    problems: list[Problem] = []
    imported: list[Imported] = []
    taken_files: set[str] = set()
    taken_photos: set[str] = set()
    seen: set[Path] = set()
    for path in files:
        path = Path(path)
        if path.resolve() in seen:
            continue
        seen.add(path.resolve())
        try:
            imported.append(_import_one(path, issue_dir, kind, taken_files, taken_photos))
        except BulletinError as error:
            problems += error.problems
    if problems:
        raise BulletinError(problems)
    listing = list_files(manifest, [item.file.name for item in imported], section)
    return ImportResult(issue_dir=issue_dir, manifest=manifest, section=listing.section,
                        new_section=listing.new_section, imported=tuple(imported),
                        manifest_text=listing.text)


def _import_one(source: Path, issue_dir: Path, kind: str, taken_files: set[str],
                taken_photos: set[str]) -> Imported:
    word = read_word(source)
    draft = _Draft(word, kind, source)
    draft.find_header()
    stem = file_name(draft.title)
    target = free_name(issue_dir, stem, taken_files)
    taken_files.add(target.name)
    photo_files = draft.save_photos(issue_dir, target.stem, taken_photos)
    body = draft.markdown()
    if not body.strip():
        raise BulletinError([Problem(source, None, (
            "tệp Word không có nội dung nào ngoài tên bài; hãy kiểm tra lại tệp người viết gửi."))])
    header = {"kind": kind, "title": draft.title}
    if kind != "briefing" and draft.lead:
        header["lead"] = draft.lead
    if kind == "article" and draft.author:
        header["author"] = draft.author
        if draft.unit:
            header["unit"] = draft.unit
    if kind == "report" and draft.issuer:
        header["source"] = draft.issuer
    text = "---\n" + "".join(f"{key}: {yaml_text(value)}\n" for key, value in header.items())
    text += "---\n" + body
    return Imported(
        source=source, file=target, kind=kind, title=draft.title, title_from=draft.title_from,
        lead=header.get("lead"), author=header.get("author"), unit=header.get("unit"),
        issuer=header.get("source"), byline_from=draft.byline_from,
        photos=tuple(draft.photos), paragraphs=draft.counts["paragraphs"],
        headings=draft.counts["headings"], list_items=draft.counts["list_items"],
        tables=draft.counts["tables"],
        converted=tuple(Converted(f.font, f.encoding, f.capitals, f.runs, f.paragraphs)
                        for f in word.legacy),
        dropped=tuple(draft.dropped()), checks=tuple(draft.checks(target, text)),
        tracked_changes={key: word.tracked[key] for key in ("inserted", "deleted", "moved",
                                                            "formatting")} if word.tracked else {},
        text=text, files=photo_files)


# --- From blocks to a content file ---------------------------------------------------------------

@dataclass
class _Photo:
    """A picture in the text, with its caption once known."""

    picture: Picture
    caption: str | None = None
    caption_from: str = "none"
    file: str | None = None


class _Draft:
    """One Word document on its way to a content file."""

    def __init__(self, word: WordDocument, kind: str, source: Path):
        self.word, self.kind, self.source = word, kind, source
        self.notes: list[str] = []            # what the editor should check, found on the way
        self.layout_tables = 0
        self.units = self._units(word.blocks)
        self.title = ""
        self.title_from = ""
        self.after_title: int | None = None   # where the text after a title found in it starts
        self.lead: str | None = None
        self.lead_from: str | None = None
        self.author: str | None = None
        self.unit: str | None = None
        self.issuer: str | None = None
        self.byline_from: str | None = None
        self.photos: list[ImportedPhoto] = []
        self.unreadable: list[str] = []
        self.counts: Counter = Counter()
        self.simplified = 0                   # paragraphs whose bold/italic could not be kept
        self.table_notes: list[str] = []

    # Units: top-level paragraphs, photos and tables, layout tables taken apart

    def _units(self, blocks: list) -> list:
        units: list = []
        for block in blocks:
            if isinstance(block, Table):
                if _is_layout_table(block):
                    self.layout_tables += 1
                    units += self._layout_units(block)
                else:
                    units.append(block)
                continue
            if not block.pictures:
                units.append(block)
                continue
            # Text after a picture in its own paragraph is its caption when short; any other
            # text of the paragraph stays a paragraph of its own.
            pending: list[Segment] = []
            photo: _Photo | None = None
            for part in [*block.parts, None]:
                if isinstance(part, Segment):
                    pending.append(part)
                    continue
                text = _with_parts(block, pending)
                if photo is not None and text.text and len(text.text) <= MAX_CAPTION:
                    photo.caption, photo.caption_from = text.text, "same_paragraph"
                elif text.text:
                    units.append(text)
                pending = []
                if part is not None:
                    photo = _Photo(part)
                    units.append(photo)
        return units

    def _layout_units(self, table: Table) -> list:
        """A table placing pictures (or framing text) taken apart in reading order; the text
        in the cell under a lone picture is its caption."""
        units: list = []
        for top, below in _reading_order(table):
            above = self._units(top.blocks)
            under = self._units(below.blocks) if below is not None else []
            photos = [u for u in above if isinstance(u, _Photo)]
            if len(photos) == 1 and photos[0].caption is None and len(under) == 1 and isinstance(
                    under[0], Paragraph) and 0 < len(under[0].text) <= MAX_CAPTION:
                photos[0].caption, photos[0].caption_from = under[0].text, "next_paragraph"
                under = []
            units += above + under
        return units

    # Header: title, lead, byline

    def find_header(self) -> None:
        self._find_title()
        if self.kind != "briefing":
            self._find_lead()
        if self.kind == "article":
            self._find_author()
        elif self.kind == "report":
            self._find_issuer()
        self._find_captions()

    def _texts(self) -> list[tuple[int, Paragraph]]:
        return [(i, u) for i, u in enumerate(self.units) if isinstance(u, Paragraph) and u.text]

    def _find_title(self) -> None:
        texts = self._texts()
        styled = [(i, u) for i, u in texts[:8] if u.title_style]
        if styled:
            first = styled[0][0]
            taken = [first]
            while first + len(taken) < len(self.units) and isinstance(
                    self.units[first + len(taken)], Paragraph) and self.units[
                    first + len(taken)].title_style:
                taken.append(first + len(taken))
            self._take_title(" ".join(self.units[i].text for i in taken), "title_style", taken)
            return
        if texts:
            index, first = texts[0]
            if not first.list and len(first.text) <= MAX_TITLE:
                if first.heading:
                    self._take_title(first.text, "heading", [index])
                    return
                if _wholly(first, "bold"):
                    self._take_title(first.text, "bold_line", [index])
                    return
                if first.align == "center" and _capitals(first.text):
                    self._take_title(first.text, "capitals_line", [index])
                    return
        if self.word.core_title and not _DEFAULT_PROPERTY.match(self.word.core_title):
            self._take_title(self.word.core_title, "document_property", [])
        else:
            name = " ".join(re.sub(r"[_-]+", " ", self.source.stem).split()) or "Bài mới"
            self._take_title(normalise(name), "file_name", [])

    def _take_title(self, title: str, origin: str, indexes: list[int]) -> None:
        self.title, self.title_from = " ".join(title.split()), origin
        self.after_title = min(indexes) if indexes else None
        for index in sorted(indexes, reverse=True):
            del self.units[index]

    def _find_lead(self) -> None:
        index = self.after_title
        if index is None:
            return
        if index < len(self.units) and isinstance(self.units[index], Paragraph) and \
                _is_signature(self.units[index]):
            index += 1   # a byline right under the title, then the lead
        if index >= len(self.units) or not isinstance(self.units[index], Paragraph):
            return
        candidate = self.units[index]
        if candidate.heading or candidate.list or candidate.caption_style or _is_signature(candidate):
            return
        if not 20 <= len(candidate.text) <= MAX_LEAD:
            return
        if candidate.subtitle_style or _wholly(candidate, "bold") or _wholly(candidate, "italic"):
            self.lead = candidate.text
            self.lead_from = "subtitle" if candidate.subtitle_style else "emphasis"
            del self.units[index]

    def _byline_candidates(self):
        """(index, text, origin): "Tác giả:" lines, the last paragraph, the one under the title."""
        for index, unit in self._texts():
            if not unit.heading and not unit.list and _BYLINE.match(unit.text):
                yield [index], _BYLINE.match(unit.text)[1], "byline_line"
        texts = [(i, u) for i, u in self._texts() if not u.heading and not u.list]
        if texts and _is_signature(texts[-1][1]):
            last_index, last = texts[-1]
            if len(texts) > 1 and _is_signature(texts[-2][1]) and not _split_byline(
                    texts[-2][1].text)[1] and texts[-2][0] == last_index - 1:
                yield [texts[-2][0], last_index], texts[-2][1].text + " – " + last.text, "last_line"
            yield [last_index], last.text, "last_line"
        start = self.after_title
        if start is not None and start < len(self.units) and isinstance(
                self.units[start], Paragraph) and _is_signature(self.units[start]) and len(
                self.units[start].text) <= 80:
            yield [start], self.units[start].text, "under_title"

    def _find_author(self) -> None:
        found = next(iter(self._byline_candidates()), None)
        taken: list[int] = []
        if found:
            taken, text, self.byline_from = found
            self.author, self.unit = _split_byline(text)
        for index, unit in self._texts():
            if not self.unit and self.author and _UNIT_LINE.match(unit.text) and not unit.list:
                self.unit = _clean(_UNIT_LINE.match(unit.text)[1])
                taken.append(index)
        for index in sorted(set(taken), reverse=True):
            del self.units[index]

    def _find_issuer(self) -> None:
        for index, unit in self._texts():
            if _SOURCE_LINE.match(unit.text) and not unit.list:
                self.issuer, self.byline_from = _clean(_SOURCE_LINE.match(unit.text)[1]), "byline_line"
                del self.units[index]
                return
        texts = [(i, u) for i, u in self._texts() if not u.heading and not u.list]
        if texts and _is_signature(texts[-1][1]):
            self.issuer, self.byline_from = _clean(texts[-1][1].text), "last_line"
            del self.units[texts[-1][0]]

    def _find_captions(self) -> None:
        units: list = []
        index = 0
        while index < len(self.units):
            unit = self.units[index]
            units.append(unit)
            index += 1
            if not isinstance(unit, _Photo) or unit.caption is not None:
                continue
            following = self.units[index] if index < len(self.units) else None
            if isinstance(following, Paragraph) and _is_caption(following):
                unit.caption, unit.caption_from = following.text, "next_paragraph"
                index += 1
            elif unit.picture.alt and not _MADE_UP_ALT.search(unit.picture.alt):
                unit.caption, unit.caption_from = " ".join(unit.picture.alt.split()), "alt_text"
            else:
                unit.caption, unit.caption_from = CAPTION_PLACEHOLDER, "none"
        self.units = units

    # Photos

    def save_photos(self, issue_dir: Path, stem: str, taken: set[str]) -> dict[str, bytes]:
        """Normalise every picture into img/<stem>-N.jpg|png; those that cannot be converted
        are left out and reported."""
        files: dict[str, bytes] = {}
        done: dict[str, tuple[str, tuple[int, int], str] | None] = {}
        kept = []
        for unit in self.units:
            if not isinstance(unit, _Photo):
                kept.append(unit)
                continue
            key = unit.picture.key
            if key not in done:
                done[key] = self._save_photo(unit.picture, issue_dir, stem, taken, files)
            if done[key] is None:
                continue
            unit.file, size, source_format = done[key]
            self.photos.append(ImportedPhoto(unit.file, unit.caption or CAPTION_PLACEHOLDER,
                                             unit.caption_from, size, source_format))
            kept.append(unit)
        self.units = kept
        return files

    def _save_photo(self, picture: Picture, issue_dir: Path, stem: str, taken: set[str],
                    files: dict[str, bytes]):
        """The picture normalised into files; (name, size, format in the Word file), or None
        when it cannot be made a photo (reported)."""
        source_format = photo_rules.image_format(picture.data) or _vector_format(picture)
        shown = source_format or "không rõ dạng"
        reason = None
        if source_format in _VECTOR_FORMATS:
            reason = _unconvertible(source_format)
        else:
            try:
                data = picture.data
                if source_format not in ("JPEG", "PNG", "GIF"):
                    data = _to_jpeg(data)
                photo = photo_rules.normalise_photo(data, self.source)
            except BulletinError as error:
                reason = error.problems[0].message
            except Exception:  # Pillow raises many kinds on a damaged or unknown picture
                reason = _unconvertible(source_format)
        if reason:
            self.unreadable.append(f"ảnh thứ {picture.number} ({shown}): {reason}")
            return None
        suffix = ".jpg" if photo.format == "JPEG" else ".png"
        path = free_name(issue_dir / PHOTO_DIR, f"{stem}-{len(files) + 1}", taken, suffix=suffix)
        taken.add(path.name)
        name = f"{PHOTO_DIR}/{path.name}"
        files[name] = photo.data
        return name, photo.size_px, source_format or "?"

    # Markdown

    def markdown(self) -> str:
        headings = sorted({_heading_of(u) for u in self.units
                           if isinstance(u, Paragraph) and _heading_of(u) is not None})
        if len(headings) > 2:
            self.notes.append(f"tệp Word có {len(headings)} cấp tiêu đề; bản tin chỉ có hai "
                              "(## và ###), các cấp sâu hơn đã thành ###: xem lại các tiêu đề.")
        depth = {level: "##" if n == 0 else "###" for n, level in enumerate(headings)}
        blocks: list[str] = []
        items: list[str] = []          # the list being written
        stack: list[tuple[int, int]] = []   # (level, indent of its text) of the open items

        def close_list() -> None:
            if items:
                blocks.append("\n".join(items))
                items.clear()
                stack.clear()

        for unit in self.units:
            if isinstance(unit, Paragraph) and unit.list and unit.list.kind in ("bullet", "ordered") \
                    and _heading_of(unit) is None:
                text = self._inline(unit.segments)
                if not text:
                    continue
                level = unit.list.level
                while stack and stack[-1][0] >= level:
                    stack.pop()
                indent = stack[-1][1] if stack else 0
                marker = "- " if unit.list.kind == "bullet" else f"{unit.list.number}. "
                items.append(" " * indent + marker + text)
                stack.append((level, indent + len(marker)))
                self.counts["list_items"] += 1
                continue
            close_list()
            if isinstance(unit, _Photo):
                blocks.append(f"![{plain_markdown(unit.caption or CAPTION_PLACEHOLDER, caption=True)}]"
                              f"({unit.file})")
            elif isinstance(unit, Table):
                table = self._table(unit)
                if table:
                    blocks.append(table)
            elif _heading_of(unit) is not None:
                text = unit.text
                if text and unit.list and unit.list.kind != "bullet" and self.kind != "report":
                    text = unit.list.label + " " + text   # a report's headings number themselves
                text = plain_markdown(text, table=True)   # after "## ", not at the start of a line
                if text:
                    blocks.append(f"{depth[_heading_of(unit)]} {text}")
                    self.counts["headings"] += 1
                    if self.kind == "report" and _TYPED_NUMBER.match(unit.text):
                        self.counts["numbered_headings"] += 1
            else:
                text = self._inline(unit.segments)
                if not text:
                    continue
                if unit.list:   # numbered "a)", "Điều 1.": the label is kept as text
                    text = plain_markdown(unit.list.label) + " " + text
                    self.counts["list_items"] += 1
                    self.counts["labelled"] += 1
                else:
                    self.counts["paragraphs"] += 1
                    if self.kind == "briefing" and not _starts_bold(unit):
                        self.counts["briefing_unbold"] += 1
                blocks.append(text)
        close_list()
        return "\n\n".join(blocks) + "\n" if blocks else ""

    def _inline(self, segments: list[Segment], table: bool = False) -> str:
        text, simplified = inline_markdown(segments, table=table)
        self.simplified += simplified
        return text

    def _table(self, table: Table) -> str:
        rows: list[list[str]] = []
        aligns: list[list[str]] = []
        merged = multiline = False
        for row in table.rows:
            cells, row_aligns = [], []
            for cell in row:
                if cell.continued:
                    merged = True
                    cells.append("")
                else:
                    paragraphs = _cell_paragraphs(cell)
                    multiline |= len(paragraphs) > 1
                    cells.append(" ".join(t for t in (self._cell_text(p) for p in paragraphs) if t))
                row_aligns.append(_cell_align(cell))
                if cell.span > 1:
                    merged = True
                    cells += [""] * (cell.span - 1)
                    row_aligns += [""] * (cell.span - 1)
            if any(cells):
                rows.append(cells)
                aligns.append(row_aligns)
        if not rows:
            return ""
        width = max(len(row) for row in rows)
        rows = [row + [""] * (width - len(row)) for row in rows]
        columns = []
        for column in range(width):
            seen = Counter(a[column] for a in aligns[1:] if column < len(a) and a[column])
            common = seen.most_common(1)[0][0] if seen else ""
            columns.append({"right": "---:", "end": "---:", "center": ":---:"}.get(common, "---"))
        self.counts["tables"] += 1
        number = self.counts["tables"]
        notes = []
        if merged:
            notes.append("ô gộp đã được tách, phần gộp để trống")
        if multiline:
            notes.append("ô có nhiều đoạn đã được nối thành một dòng")
        if any(isinstance(b, Table) for row in table.rows for cell in row for b in cell.blocks):
            notes.append("bảng lồng trong ô đã thành chữ")
        self.table_notes.append(
            f"bảng {number} ({len(rows)} hàng × {width} cột): hàng đầu được dùng làm hàng tiêu đề"
            + (f"; {'; '.join(notes)}" if notes else "") + ". So với bảng trong tệp Word.")
        lines = ["| " + " | ".join(rows[0]) + " |", "|" + "|".join(columns) + "|"]
        lines += ["| " + " | ".join(row) + " |" for row in rows[1:]]
        return "\n".join(lines)

    def _cell_text(self, paragraph: Paragraph) -> str:
        text = self._inline([Segment(s.text.replace("\n", " "), s.bold, s.italic)
                             for s in paragraph.segments], table=True)
        if text and paragraph.list:
            text = ("–" if paragraph.list.kind == "bullet" else plain_markdown(paragraph.list.label,
                                                                       table=True)) + " " + text
        return text

    # Report

    def dropped(self) -> list[Dropped]:
        word, out = self.word, []

        def add(kind: str, count: int, message: str) -> None:
            if count:
                out.append(Dropped(kind, count, message))

        def examples(kind: str) -> str:
            shown = word.examples.get(kind, [])
            return (": " + ", ".join(f"“{e}”" for e in shown)) if shown else ""

        d = word.dropped
        tracked = word.tracked
        if tracked:
            parts = [f"giữ {tracked['inserted']} chỗ thêm"] if tracked["inserted"] else []
            if tracked["deleted"] or tracked["deleted_rows"]:
                parts.append(f"bỏ {tracked['deleted'] + tracked['deleted_rows']} chỗ xóa")
            if tracked["moved"]:
                parts.append(f"giữ {tracked['moved']} chỗ di chuyển ở vị trí mới")
            if tracked["formatting"]:
                parts.append(f"theo định dạng mới ở {tracked['formatting']} chỗ")
            add("tracked_changes", sum(tracked.values()), (
                "sửa đổi đang theo dõi (Track Changes): đã chấp nhận tất cả — " + ", ".join(parts)
                + ". Nếu người viết chưa duyệt các sửa đổi này, hãy so với bản Word."))
        add("comment", d["comment"], f"{d['comment']} lời bình (comment) của người góp ý.")
        add("footnote", d["footnote"], f"{d['footnote']} chú thích cuối trang (footnote), cả số "
                                       "đánh dấu trong bài; nếu cần, viết nội dung vào thân bài.")
        add("endnote", d["endnote"], f"{d['endnote']} chú thích cuối bài (endnote); nếu cần, viết "
                                     "nội dung vào thân bài.")
        add("text_box", d["text_box"], f"{d['text_box']} khung chữ (text box){examples('text_box')}"
                                       "; nếu cần, chép chữ trong khung vào bài.")
        add("header_footer", d["header_footer"], f"đầu trang, chân trang{examples('header_footer')}.")
        add("object", d["object"], f"{d['object']} đối tượng nhúng (bảng tính, công thức, tài liệu "
                                   f"khác){examples('object')}.")
        add("chart", d["chart"], f"{d['chart']} biểu đồ; hãy xin người viết ảnh chụp biểu đồ "
                                 "(JPEG, PNG) hoặc số liệu để làm bảng.")
        add("smartart", d["smartart"], f"{d['smartart']} sơ đồ SmartArt.")
        add("equation", d["equation"], f"{d['equation']} công thức toán.")
        add("shape", d["shape"], f"{d['shape']} hình vẽ (đường kẻ, khung, mũi tên…).")
        add("picture_group", d["picture_group"], f"{d['picture_group']} ảnh nằm trong nhóm hình "
                                                 "(group); hãy xin người viết ảnh riêng.")
        add("linked_picture", d["linked_picture"], f"{d['linked_picture']} ảnh chỉ liên kết tới tệp "
                                                   "ngoài, không nằm trong tệp Word; hãy xin ảnh gốc.")
        add("unreadable_picture", len(self.unreadable), "; ".join(self.unreadable))
        add("symbol", d["symbol"], f"{d['symbol']} ký hiệu chèn từ phông Symbol/Wingdings.")
        add("hidden", d["hidden"], f"{d['hidden']} đoạn chữ ẩn (hidden){examples('hidden')}.")
        add("toc", d["toc"], "mục lục tự động của tệp Word (bản tin tự làm mục lục).")
        add("underline", word.underlined, f"gạch chân ở {word.underlined} đoạn chữ (bản tin không "
                                          "in gạch chân; chữ vẫn giữ).")
        add("emphasis", self.simplified, f"in đậm, in nghiêng của {self.simplified} đoạn văn không "
                                         "giữ được trọn (chữ vẫn giữ); xem lại các đoạn này.")
        return out

    def checks(self, target: Path, text: str) -> list[str]:
        checks = []
        title_origin = TITLE_FROM[self.title_from]
        if self.title_from in ("document_property", "file_name"):
            checks.append(f"không thấy tên bài trong tệp Word (không có đoạn kiểu Title, tiêu đề "
                          f"hay dòng in đậm ở đầu bài): tạm lấy {title_origin} “{self.title}”; "
                          "hãy sửa dòng title.")
        else:
            checks.append(f"tên bài lấy từ {title_origin}: “{self.title}”; sửa dòng title nếu "
                          "chưa đúng.")
        if self.lead:
            checks.append("sapo (lead) là đoạn " + ("kiểu Subtitle" if self.lead_from == "subtitle"
                                                     else "in đậm hoặc nghiêng")
                          + " ngay sau tên bài; xóa dòng lead nếu không phải.")
        if self.kind == "article":
            if self.author:
                who = f"tác giả “{self.author}”" + (f", đơn vị “{self.unit}”" if self.unit else "")
                checks.append(f"{who} lấy từ {BYLINE_FROM[self.byline_from]}; kiểm tra tên, chức "
                              "danh và đơn vị.")
            else:
                checks.append("không thấy tác giả (dòng “Tác giả: …” hay dòng căn phải cuối bài); "
                              "nếu bài có tác giả, thêm author và unit vào phần đầu.")
        if self.kind == "report" and self.issuer:
            checks.append(f"nguồn “{self.issuer}” lấy từ {BYLINE_FROM[self.byline_from]}.")
        found = [p for p in self.photos if p.caption_from in ("same_paragraph", "next_paragraph")]
        if found:
            checks.append(f"chú thích của {len(found)} ảnh lấy từ chữ ngay dưới ảnh trong tệp Word "
                          f"({', '.join(p.file for p in found)}); xem lại.")
        for photo in self.photos:
            if photo.caption_from == "alt_text":
                checks.append(f"ảnh {photo.file}: chú thích lấy từ văn bản thay thế (alt text) "
                              f"của ảnh, “{photo.caption}”; xem lại.")
            elif photo.caption_from == "none":
                checks.append(f"ảnh {photo.file} chưa có chú thích: thay “{CAPTION_PLACEHOLDER}” "
                              "bằng chú thích thật (nội dung ảnh, tên người chụp).")
            if photo.size_px[0] < NARROW_PHOTO_PX:
                checks.append(f"ảnh {photo.file} chỉ rộng {photo.size_px[0]} điểm ảnh, có thể không "
                              "đủ nét để in (Word thường nén ảnh); nên xin người viết ảnh gốc.")
            if photo.source_format not in ("JPEG", "PNG", "GIF"):
                checks.append(f"ảnh {photo.file} được chuyển từ dạng {photo.source_format} sang JPEG.")
        if self.layout_tables:
            checks.append(f"{self.layout_tables} bảng dùng để xếp ảnh hay đóng khung chữ đã được "
                          "tách thành ảnh và đoạn văn; kiểm tra thứ tự và chú thích ảnh.")
        checks += self.table_notes
        for font, runs in sorted(self.word.unicode_in_legacy_font.items()):
            checks.append(f"{runs} đoạn chữ đặt phông cũ {font} nhưng đã gõ bằng Unicode nên được "
                          "giữ nguyên; xem lại các đoạn này.")
        if self.counts["labelled"]:
            checks.append(f"{self.counts['labelled']} mục đánh số kiểu “a)”, “I.” hay “Điều 1.” được "
                          "giữ thành chữ ở đầu đoạn.")
        if self.counts["briefing_unbold"]:
            checks.append(f"{self.counts['briefing_unbold']} đoạn chưa bắt đầu bằng phần in đậm: "
                          "mỗi tin vắn phải bắt đầu như **Xã Tân An:** nội dung.")
        if self.counts["numbered_headings"]:
            checks.append(f"{self.counts['numbered_headings']} tiêu đề có số thứ tự gõ tay (“I.”, "
                          "“1.”…): báo cáo tự đánh số các tiêu đề ## và ###, hãy xóa số gõ tay.")
        checks += self.notes
        for number, line in enumerate(text.split("\n"), start=1):
            legacy = find_legacy_word(line)
            if legacy:
                checks.append(
                    f"dòng {number}: chữ “{legacy.word}” trông như gõ bằng bảng mã cũ "
                    f"{LABELS[legacy.encoding]} (đọc đúng là “{legacy.converted}”) mà tệp Word "
                    f"không đặt phông cũ; nếu đúng vậy, chạy: bulletin convert {_display(target)}")
                break
        return checks


def _display(path: Path) -> str:
    """A path relative to the working directory when it lies inside it (as errors show it)."""
    return Problem(Path(path), None, "").display_path()


# --- Helpers on paragraphs and tables ------------------------------------------------------------

def _with_parts(paragraph: Paragraph, parts: list) -> Paragraph:
    return Paragraph(parts=list(parts), style=paragraph.style, heading=paragraph.heading,
                     title_style=paragraph.title_style, subtitle_style=paragraph.subtitle_style,
                     caption_style=paragraph.caption_style, align=paragraph.align,
                     list=paragraph.list)


def _wholly(paragraph: Paragraph, attribute: str) -> bool:
    """Every character of text (not spaces) is bold, or italic."""
    shown = [s for s in paragraph.segments if s.text.strip()]
    return bool(shown) and all(getattr(s, attribute) for s in shown)


def _starts_bold(paragraph: Paragraph) -> bool:
    shown = [s for s in paragraph.segments if s.text.strip()]
    return bool(shown) and shown[0].bold


def _capitals(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _is_signature(paragraph: Paragraph) -> bool:
    """A short right-aligned line: a signature or a byline (not a place and date line)."""
    return (paragraph.align in ("right", "end") and 0 < len(paragraph.text) <= MAX_BYLINE
            and not paragraph.heading and not paragraph.list and not paragraph.pictures
            and not _DATE_LINE.search(paragraph.text))


def _is_caption(paragraph: Paragraph) -> bool:
    if paragraph.heading or paragraph.list or not paragraph.text or len(paragraph.text) > MAX_CAPTION:
        return False
    return (paragraph.caption_style or bool(_CAPTION_START.match(paragraph.text))
            or paragraph.align == "center" or _wholly(paragraph, "italic"))


def _clean(text: str) -> str:
    return " ".join(text.split()).strip(" .;,–—-")


_BYLINE_SEPARATOR = re.compile(r"\s+[–—-]\s+|\s*\(|,\s*")


def _split_byline(text: str) -> tuple[str, str | None]:
    """'Nguyễn Văn A – Đảng ủy xã Tân An' → ('Nguyễn Văn A', 'Đảng ủy xã Tân An'); also
    'Nguyễn Văn A (Đảng ủy xã Tân An)' and 'Nguyễn Văn A, Đảng ủy xã Tân An'. A name holds
    none of these separators, so the first one ends it."""
    text = _clean(text)
    match = _BYLINE_SEPARATOR.search(text)
    if not match:
        return text, None
    author, unit = _clean(text[:match.start()]), text[match.end():]
    if match[0].strip() == "(" and unit.endswith(")") and "(" not in unit:
        unit = unit[:-1]
    return (author, _clean(unit) or None) if author else (text, None)


def _heading_of(unit) -> int | None:
    if not isinstance(unit, Paragraph):
        return None
    if unit.title_style:
        return 0
    return unit.heading


def _is_layout_table(table: Table) -> bool:
    """A table used to place pictures, or a one-cell frame round some text."""
    cells = [cell for row in table.rows for cell in row]
    with_pictures = any(isinstance(b, Paragraph) and b.pictures for c in cells for b in c.blocks)
    return with_pictures or len(cells) == 1


def _reading_order(table: Table) -> list[tuple[Cell, Cell | None]]:
    """Cells of a layout table in reading order, row by row; a row of pictures followed by a
    row of text (their captions) is read column by column, each picture's cell paired with the
    cell under it."""
    def pictured(row):
        return any(isinstance(b, Paragraph) and b.pictures for c in row for b in c.blocks)

    order: list[tuple[Cell, Cell | None]] = []
    rows = table.rows
    index = 0
    while index < len(rows):
        row = rows[index]
        below = rows[index + 1] if index + 1 < len(rows) else None
        if below is not None and pictured(row) and not pictured(below) and len(below) == len(row):
            order += list(zip(row, below))
            index += 2
        else:
            order += [(cell, None) for cell in row]
            index += 1
    return [(top, below) for top, below in order if not top.continued]


def _cell_paragraphs(cell: Cell) -> list[Paragraph]:
    out = []
    for block in cell.blocks:
        if isinstance(block, Table):
            out += [p for c in (c for row in block.rows for c in row) for p in _cell_paragraphs(c)]
        elif block.text:
            out.append(block)
    return out


def _cell_align(cell: Cell) -> str:
    aligns = [b.align for b in cell.blocks if isinstance(b, Paragraph) and b.text]
    return aligns[0] if aligns else ""


def _vector_format(picture: Picture) -> str | None:
    head = picture.data[:64]
    if head[:4] == b"\x01\x00\x00\x00" and picture.data[40:44] == b" EMF":
        return "EMF"
    if head[:4] in (b"\xd7\xcd\xc6\x9a", b"\x01\x00\x09\x00"):
        return "WMF"
    if b"<svg" in picture.data[:512]:
        return "SVG"
    return None


_VECTOR_FORMATS = ("EMF", "WMF", "SVG")


def _unconvertible(source_format: str | None) -> str:
    if source_format in _VECTOR_FORMATS:
        return ("đây là hình vẽ dạng vector (thường là biểu đồ hay hình dán từ Excel, PowerPoint), "
                "không chuyển thành ảnh được; hãy xin người viết ảnh JPEG hoặc PNG, hoặc chụp lại "
                "hình.")
    return "không đọc được ảnh này; hãy xin người viết ảnh gốc (JPEG hoặc PNG)."


def _to_jpeg(data: bytes) -> bytes:
    """A picture in another format (BMP, TIFF, WebP…) as a JPEG, transparency on white."""
    from PIL import Image, ImageOps

    with Image.open(io.BytesIO(data)) as image:
        if image.size[0] * image.size[1] > photo_rules.MAX_PIXELS:
            raise ValueError("too large")
        image.load()
        image = ImageOps.exif_transpose(image)
        profile = image.info.get("icc_profile")
        if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
            rgba = image.convert("RGBA")
            image = Image.new("RGB", rgba.size, (255, 255, 255))
            image.paste(rgba, mask=rgba.getchannel("A"))
            profile = None
        elif image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
            profile = None
        out = io.BytesIO()
        image.save(out, "JPEG", quality=photo_rules.JPEG_QUALITY,
                   subsampling=photo_rules.JPEG_SUBSAMPLING, **({"icc_profile": profile}
                                                                if profile else {}))
        return out.getvalue()
