"""`bulletin add`: start a new article, report or briefing of an issue from a template, and
list it in issue.yaml, keeping that file's comments and layout.

`list_files` and `free_name` are shared with `bulletin import` (desk/docx.py), which lists
the content files it makes from Word files the same way."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path

from bulletin_press import output
from bulletin_press.errors import BulletinError, Problem
from bulletin_press.manifest import ISSUE_FILE, issue_folder, load_issue, yamlfile
from bulletin_press.model import KINDS
from bulletin_press.vietnamese import fold, normalise

MAX_NAME = 60  # characters of a file name made from a title


@dataclass(frozen=True)
class Added:
    file: Path
    section: str
    new_section: bool


@dataclass(frozen=True)
class Listing:
    """issue.yaml with new files listed, not yet written."""

    text: str           # the file's new text
    section: str        # the section the files went to
    new_section: bool   # that section was added at the end


def file_name(title: str) -> str:
    """'Hội nghị tổng kết năm 2023' → 'hoi-nghi-tong-ket-nam-2023' (no diacritics)."""
    words = re.findall(r"[a-z0-9]+", fold(title))
    name = ""
    for word in words:
        if len(name) + len(word) + 1 > MAX_NAME:
            break
        name = f"{name}-{word}" if name else word
    return name or "bai-moi"


def add(issue_dir: Path, kind: str, title: str, section: str | None = None) -> Added:
    """Create the content file and list it under `section` (the last section by default; a
    section that does not exist yet is added at the end). Both files are written or neither."""
    issue_dir = issue_folder(issue_dir)
    manifest = issue_dir / ISSUE_FILE
    title = normalise(title).strip()
    if kind not in KINDS:
        raise BulletinError([Problem(manifest, None, (
            f"loại bài phải là article (bài viết), report (báo cáo) hoặc briefing (tin vắn), "
            f"không phải “{kind}”."))])
    if not title:
        raise BulletinError([Problem(manifest, None, "hãy ghi tên bài, ví dụ: \"Hội nghị sơ kết\".")])
    published = _issue_date(issue_dir)
    path = free_name(issue_dir, file_name(title))
    template = resources.files("bulletin_press.desk").joinpath("mau", f"{kind}.md").read_text(
        encoding="utf-8")
    listing = list_files(manifest, [path.name], section)
    text = template.format(title=yaml_text(title), date=published.isoformat())
    output.write_all(issue_dir, {path.name: text.encode(), ISSUE_FILE: listing.text.encode()})
    return Added(file=path, section=listing.section, new_section=listing.new_section)


def _issue_date(issue_dir: Path) -> date:
    """The issue's publication date. A new issue, whose sections are still empty, is not yet
    valid as a whole: the whole issue is checked only when its date cannot be read."""
    data = yamlfile.load(issue_dir / ISSUE_FILE).data
    published = data.get("date") if isinstance(data, dict) else None
    return published if isinstance(published, date) else load_issue(issue_dir).date


def list_files(manifest: Path, names: Sequence[str], section: str | None = None) -> Listing:
    """issue.yaml's text with `names` appended to the items of `section` (the last section by
    default; a section that does not exist yet is added at the end). Comments, order and
    quoting are kept; nothing is written."""
    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedSeq
    from ruamel.yaml.util import load_yaml_guess_indent

    located = yamlfile.load(manifest)  # syntax errors reported at their line, in Vietnamese
    data = located.data
    sections = data.get("sections") if isinstance(data, dict) else None
    if not isinstance(data, dict) or not isinstance(sections, (list, type(None))) or not all(
            isinstance(s, dict) and "title" in s for s in sections or []):
        raise BulletinError([Problem(manifest, located.line(("sections",)), (
            "mục 'sections' phải là danh sách các chuyên mục, mỗi chuyên mục có 'title' và "
            "'items'; hãy sửa issue.yaml (xem README) rồi chạy lại."))])
    if not sections and not section:
        raise BulletinError([Problem(manifest, located.line(("sections",)), (
            "issue.yaml chưa có chuyên mục nào; hãy ghi tên chuyên mục để xếp bài, ví dụ: "
            "--section \"Thời sự – sự kiện\"."))])
    text = manifest.read_text(encoding="utf-8")
    yaml = YAML()  # round-trip: comments, order and quoting of issue.yaml are kept
    yaml.preserve_quotes = True
    # Lists keep their indentation: "  - title" as in the samples, "- title" as `bulletin new`
    # writes it.
    _, sequence, offset = load_yaml_guess_indent(text)
    yaml.indent(mapping=2, sequence=sequence or 4, offset=2 if offset is None else offset)
    yaml.width = 100
    data = yaml.load(text)
    if data.get("sections") is None:
        data["sections"] = []
    sections = data["sections"]
    wanted = normalise(section).strip() if section else str(sections[-1]["title"])
    target = next((s for s in sections if normalise(str(s["title"])) == wanted), None)
    new_section = target is None
    if target is None:
        target = {"title": wanted, "items": []}
        sections.append(target)
    if target.get("items") is None:
        target["items"] = []
    items = target["items"]
    if isinstance(items, CommentedSeq) and items.fa.flow_style():
        items.fa.set_block_style()  # `items: []` as `bulletin new` writes it
    items.extend(names)
    out = io.StringIO()
    yaml.dump(data, out)
    return Listing(text=out.getvalue(), section=wanted, new_section=new_section)


def free_name(issue_dir: Path, stem: str, taken: Collection[str] = (),
              suffix: str = ".md") -> Path:
    """issue_dir/stem.md, or stem-2.md, stem-3.md… the first name neither in the folder nor
    in `taken` (names planned but not yet written)."""
    path, number = issue_dir / f"{stem}{suffix}", 2
    while path.exists() or path.is_symlink() or path.name in taken:
        path, number = issue_dir / f"{stem}-{number}{suffix}", number + 1
    return path


def yaml_text(text: str) -> str:
    """A text as a one-line YAML value: plain when the project's YAML reader gives it back
    unchanged, else double-quoted (':', '#', quotes, 'true', '2024'…)."""
    try:
        if yamlfile.parse(Path(ISSUE_FILE), f"value: {text}").data == {"value": text}:
            return text
    except BulletinError:
        pass
    return json.dumps(text, ensure_ascii=False)
