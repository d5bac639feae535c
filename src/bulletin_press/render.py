"""Jinja print layout → one HTML document for the whole issue."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

import jinja2
from markupsafe import Markup, escape

from bulletin_press.content import Content, Fragment
from bulletin_press.manifest import layouts
from bulletin_press.model import Layout
from bulletin_press.vietnamese import format_number, issue_line, long_date, segments, short_date

# WeasyPrint names images and other resources after their URLs, so files are given to it
# under this fixed root rather than their place on disk: a build gives the same bytes in any
# checkout folder.
VIRTUAL_ROOT = "file:///bulletin/"
# Blank pages rendered before the back page; the press stage keeps the 0–3 that make the
# page count a multiple of four and drops the others, so an issue is laid out only once.
# It finds them, and the back page, by these element ids.
SPARE_BLANK_PAGES = 3
BACK_PAGE_ID = "trang-cuoi"


def blank_page_id(number: int) -> str:
    return f"trang-trang-{number}"


@dataclass(frozen=True)
class RenderedSection:
    title: str
    fragments: tuple[Fragment, ...]
    new_page: bool


@dataclass(frozen=True)
class Rendered:
    """The issue as one HTML document, with what the pdf stage needs to lay it out."""

    html: str
    issue_dir: Path
    base_url: str
    stylesheets: tuple[str, ...]   # URLs under VIRTUAL_ROOT
    folders: dict[str, Path]       # name under VIRTUAL_ROOT → the real file or folder
    resources: dict[str, bytes]    # name under VIRTUAL_ROOT → bytes served instead of the file
    layout: Layout | None          # None for a page that is not an issue (render_page)
    title: str

    def url(self, path: Path) -> str:
        """The URL a file inside one of the folders has under VIRTUAL_ROOT."""
        for name, target in self.folders.items():
            if path == target:
                return f"{VIRTUAL_ROOT}{name}"
        # The deepest folder first: a frozen copy inside the issue folder is not the issue's.
        for name, target in sorted(self.folders.items(), key=lambda kv: -len(kv[1].parts)):
            if path.is_relative_to(target):
                return f"{VIRTUAL_ROOT}{name}/{path.relative_to(target).as_posix()}"
        raise ValueError(f"{path} is outside the readable folders")


def tie(text) -> Markup:
    """Text whose unbreakable runs (numbers with units, 'Số 01', '137/2020/NĐ-CP', ...) are
    kept on one line; the last two words too, so no word is left alone on a last line."""
    return Markup("".join(str(nobr(piece)) if keep else str(escape(piece))
                          for piece, keep in segments(str(text), keep_end=True)))


def nobr(text) -> Markup:
    """Text kept on one line (a name: 'Hoàng Minh Châu')."""
    return Markup(f'<span class="nobr">{escape(str(text))}</span>')


def template_path(issue_dir: Path, layout: Layout) -> list[Path]:
    """Where templates are looked up: the issue folder, the layout, then the shared defaults."""
    return [issue_dir, layout.directory, layout.directory.parent / layouts.SHARED]


def environment(search_path: list[Path]) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(p) for p in search_path]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(tie=tie, nobr=nobr, long_date=long_date, short_date=short_date,
                       number=format_number)
    return env


def render(content: Content) -> Rendered:
    issue = content.issue
    layout = issue.layout
    search_path = template_path(issue.directory, layout)
    fragments = iter(content.fragments)
    sections = tuple(RenderedSection(section.title,
                                     tuple(next(fragments) for _ in section.items),
                                     section.new_page)
                     for section in issue.sections)
    title = f"Bản tin {issue.series.name} – {issue_line(issue.number, issue.month)}"
    html = environment(search_path).get_template("document.html").render(
        issue=issue,
        series=issue.series,
        licence=issue.licence,
        layout=layout,
        sections=sections,
        title=title,
        issue_line=issue_line(issue.number, issue.month),
        spare_blank_pages=SPARE_BLANK_PAGES,
        blank_page_id=blank_page_id,
        back_page_id=BACK_PAGE_ID,
    )
    stylesheets = [issue.fonts_css]
    stylesheets += [folder / "style.css" for folder in reversed(search_path)
                    if (folder / "style.css").is_file()]
    issue_folder = f"bulletins/{issue.id}"
    # fonts.css may be a frozen copy; the font files it names are the project's.
    folders = {issue_folder: issue.directory, "layouts": layout.directory.parent,
               "fonts/fonts.css": issue.fonts_css, "fonts": issue.root / "fonts"}
    # Photos are served decoded and normalised (upright, sRGB, no alpha), not as on disk.
    resources = {f"{issue_folder}/{path.relative_to(issue.directory).as_posix()}": photo.data
                 for path, photo in content.photos.items()}
    rendered = Rendered(html=html, issue_dir=issue.directory,
                        base_url=f"{VIRTUAL_ROOT}{issue_folder}/", stylesheets=(),
                        folders=folders, resources=resources, layout=layout, title=title)
    return replace(rendered, stylesheets=tuple(rendered.url(path) for path in stylesheets))


def render_page(root: Path, template: str, title: str, folder: Path | None = None,
                fonts_css: Path | None = None, **variables) -> Rendered:
    """A page that is not an issue from a template in folder (default layouts/_archive/):
    the yearly report, an issue's print order (layouts/_shared/, or its frozen copy).

    It is laid out by typeset.lay_out like an issue: bundled fonts (fonts_css, default
    fonts/fonts.css, is its only stylesheet; the template brings its own @page), and only the
    layouts folder holding the template and fonts/ readable.
    """
    folder = folder or root / "layouts" / layouts.ARCHIVE
    fonts_css = fonts_css or root / "fonts" / "fonts.css"
    html = environment([folder]).get_template(template).render(title=title, **variables)
    folders = {"layouts": folder.parent, "fonts/fonts.css": fonts_css, "fonts": root / "fonts"}
    rendered = Rendered(html=html, issue_dir=folder,
                        base_url=f"{VIRTUAL_ROOT}layouts/{folder.name}/", stylesheets=(),
                        folders=folders, resources={}, layout=None, title=title)
    return replace(rendered, stylesheets=(rendered.url(fonts_css),))
