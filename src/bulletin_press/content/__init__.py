"""Content stage: every item's Markdown body → a safe HTML fragment for the templates."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bulletin_press.content.markdown import to_html
from bulletin_press.content.photos import Photo, largest_px
from bulletin_press.errors import Problem, Problems
from bulletin_press.model import Issue, Item


@dataclass(frozen=True)
class Fragment:
    """One item ready for a template: its anchor and its body as HTML."""

    item: Item
    anchor: str
    html: str

    @property
    def on_cover(self) -> bool:
        return self.item.on_cover


@dataclass(frozen=True)
class Content:
    issue: Issue
    fragments: tuple[Fragment, ...]
    photos: dict[Path, Photo]  # every photo the items show, decoded and normalised
    warnings: tuple[Problem, ...]


def unlisted(issue: Issue) -> list[Problem]:
    """A warning for each content file in the issue folder that issue.yaml does not list."""
    listed = {item.file for item in issue.items}
    return [Problem(path, None, (
        "tệp bài này không có trong issue.yaml nên sẽ không được in; nếu cần in, hãy thêm tên "
        f"tệp vào 'items' của một chuyên mục (hoặc chạy: bulletin add)."))
        for path in sorted(issue.directory.glob("*.md")) if path.resolve() not in listed]


def convert(issue: Issue) -> Content:
    """Convert every item of the issue; raise every problem found together."""
    problems = Problems()
    warnings: list[Problem] = []
    photos: dict[Path, Photo] = {}
    fragments = []
    bleed = issue.layout.bleed_mm
    largest = largest_px(tuple(side + 2 * bleed for side in issue.layout.trim_mm))
    for number, item in enumerate(issue.items, start=1):
        html = to_html(item, issue.directory, problems, warnings, photos, largest)
        fragments.append(Fragment(item=item, anchor=f"muc-{number}", html=html))
    problems.raise_if_any()
    warnings += unlisted(issue)
    return Content(issue=issue, fragments=tuple(fragments), photos=photos, warnings=tuple(warnings))
