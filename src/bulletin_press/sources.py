"""The files an issue is made of, under stable names: what a record hashes, what the reader
PDF carries as attachments, what an incremental build watches.

Names are the paths the files have in a project ("bulletins/2023-11/issue.yaml",
"layouts/a5/style.css", "fonts/noto-serif/NotoSerif-Regular.ttf"), whether a published issue
reads its settings from the copies frozen beside it or the project's live ones.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from bulletin_press.content import Content
from bulletin_press.manifest import FONTS_CSS, find_root, frozen_settings, layouts
from bulletin_press.model import Issue

_CSS_URL = re.compile(r"""url\(\s*["']?([^"')]+?)["']?\s*\)""")
# Files in an issue folder that take part in the build when present: they override the layout.
OVERRIDES = ("style.css", "*.html")


def issue_sources(content: Content) -> dict[str, Path]:
    """Project name → file, for every file the issue's bytes depend on, sorted by name."""
    issue = content.issue
    found: dict[str, Path] = {}
    prefix = f"bulletins/{issue.id}"
    for path in (issue.file, *(item.file for item in issue.items), *content.photos,
                 *overrides(issue.directory)):
        found[f"{prefix}/{path.relative_to(issue.directory).as_posix()}"] = path
    found.update(settings_sources(issue))
    found.update(font_files(issue))
    return dict(sorted(found.items()))


def settings_sources(issue: Issue) -> dict[str, Path]:
    """What publishing freezes: the series file, the layout's folders (its own and the shared
    one) and the font declarations."""
    found = {f"bulletins/{issue.series.slug}.yaml": issue.series.file, FONTS_CSS: issue.fonts_css}
    layouts_dir = issue.layout.directory.parent
    for folder in (layouts_dir / layouts.SHARED, issue.layout.directory):
        for path in files_in(folder):
            found[f"layouts/{path.relative_to(layouts_dir).as_posix()}"] = path
    return found


def font_files(issue: Issue) -> dict[str, Path]:
    """The font files that the issue's fonts.css declares (others in fonts/ play no part)."""
    fonts_dir = issue.root / "fonts"
    found = {}
    for url in _CSS_URL.findall(issue.fonts_css.read_text(encoding="utf-8")):
        path = (fonts_dir / url).resolve()
        if path.is_relative_to(fonts_dir.resolve()) and path.is_file():
            found[f"fonts/{path.relative_to(fonts_dir.resolve()).as_posix()}"] = path
    return found


def locate(issue_dir: Path, name: str) -> Path:
    """Where the input called name is for the issue in issue_dir: in the issue folder, in the
    settings frozen at publication, or in the project."""
    parts = name.split("/")
    if parts[0] == "bulletins" and len(parts) > 2:
        return issue_dir.joinpath(*parts[2:])
    frozen = frozen_settings(issue_dir)
    if parts[0] == "bulletins":
        return (frozen or issue_dir.parent) / parts[1]
    if frozen and (parts[0] == "layouts" or name == FONTS_CSS):
        return frozen / name
    return find_root(issue_dir) / name


def overrides(issue_dir: Path) -> list[Path]:
    return sorted({path for pattern in OVERRIDES for path in issue_dir.glob(pattern)
                   if path.is_file()})


def files_in(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and not p.name.startswith("."))


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def hashes(sources: dict[str, Path]) -> dict[str, str]:
    return {name: sha256(path) for name, path in sources.items()}
