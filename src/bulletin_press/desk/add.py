"""`bulletin add`: start a new article, report or briefing of an issue from a template, and
list it in issue.yaml, keeping that file's comments and layout."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from bulletin_press.errors import BulletinError, Problem
from bulletin_press.manifest import ISSUE_FILE, issue_folder, load_issue
from bulletin_press.model import KINDS
from bulletin_press.vietnamese import fold, normalise

MAX_NAME = 60  # characters of a file name made from a title


@dataclass(frozen=True)
class Added:
    file: Path
    section: str
    new_section: bool


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
    section that does not exist yet is added at the end)."""
    from ruamel.yaml import YAML

    issue_dir = issue_folder(issue_dir)
    manifest = issue_dir / ISSUE_FILE
    title = normalise(title).strip()
    if kind not in KINDS:
        raise BulletinError([Problem(manifest, None, (
            f"loại bài phải là article (bài viết), report (báo cáo) hoặc briefing (tin vắn), "
            f"không phải “{kind}”."))])
    if not title:
        raise BulletinError([Problem(manifest, None, "hãy ghi tên bài, ví dụ: \"Hội nghị sơ kết\".")])
    issue = load_issue(issue_dir)
    yaml = YAML()  # round-trip: comments, order and quoting of issue.yaml are kept
    yaml.preserve_quotes = True
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 100
    data = yaml.load(manifest.read_text(encoding="utf-8"))
    sections = data["sections"]
    wanted = normalise(section).strip() if section else str(sections[-1]["title"])
    target = next((s for s in sections if normalise(str(s["title"])) == wanted), None)
    if target is None:
        target = {"title": wanted, "items": []}
        sections.append(target)
    path = _free_name(issue_dir, file_name(title))
    template = resources.files("bulletin_press.desk").joinpath("mau", f"{kind}.md").read_text(
        encoding="utf-8")
    path.write_text(template.format(title=_yaml_text(title), date=issue.date.isoformat()),
                    encoding="utf-8")
    if target.get("items") is None:
        target["items"] = []
    target["items"].append(path.name)
    out = io.StringIO()
    yaml.dump(data, out)
    manifest.write_text(out.getvalue(), encoding="utf-8")
    return Added(file=path, section=wanted, new_section=not any(
        normalise(str(s.title)) == wanted for s in issue.sections))


def _free_name(issue_dir: Path, stem: str) -> Path:
    path, number = issue_dir / f"{stem}.md", 2
    while path.exists():
        path, number = issue_dir / f"{stem}-{number}.md", number + 1
    return path


def _yaml_text(text: str) -> str:
    """A title as a YAML value: quoted when YAML would misread it (':', '#', quotes…)."""
    if re.search(r"[:#\[\]{}&*!|>'\"%@`]|^[-?,]", text):
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return text
