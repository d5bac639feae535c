"""Typeset stage: WeasyPrint lays the rendered HTML out into pages, with bundled fonts only
and a fetcher that reads nothing outside the allowed folders."""

from __future__ import annotations

import logging
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bulletin_press.errors import BulletinError, Problem
from bulletin_press.render import VIRTUAL_ROOT, Rendered
from bulletin_press.typeset_log import Logged, translate


def _fetcher_class():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class SandboxedFetcher(URLFetcher):
        """Serves the files of the readable folders, given under VIRTUAL_ROOT; refuses
        everything else."""

        def __init__(self, folders: dict[str, Path], resources: dict[str, bytes]):
            super().__init__(allowed_protocols={"file"})
            self.folders = {name: folder.resolve() for name, folder in folders.items()}
            self.resources = resources
            self.refused: list[str] = []

        def fetch(self, url, headers=None):
            inside = unquote(urlsplit(url).path).removeprefix(urlsplit(VIRTUAL_ROOT).path)
            if url.startswith(VIRTUAL_ROOT) and inside in self.resources:
                return URLFetcherResponse(url, body=self.resources[inside])
            path = self.local_path(url)
            if path is None:
                self.refused.append(url)
                raise ValueError(f"refused: {url}")
            return URLFetcherResponse(url, body=path.read_bytes())

        def local_path(self, url: str) -> Path | None:
            if not url.startswith(VIRTUAL_ROOT):
                return None
            inside = unquote(urlsplit(url).path).removeprefix(urlsplit(VIRTUAL_ROOT).path)
            for name, folder in self.folders.items():
                if inside == name:
                    return folder if folder.is_file() else None
                if inside.startswith(name + "/"):
                    path = (folder / inside.removeprefix(name + "/")).resolve()
                    return path if path.is_relative_to(folder) and path.is_file() else None
            return None

    return SandboxedFetcher


class _Collect(logging.Handler):
    def __init__(self, file: Path) -> None:
        super().__init__(logging.WARNING)
        self.file = file
        self.logged: list[Logged] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.logged.append(translate(self.file, record.getMessage()))


@contextmanager
def collect_warnings(file: Path):
    """WeasyPrint's log lines about file, in Vietnamese, as data for the build result."""
    logger = logging.getLogger("weasyprint")
    handler = _Collect(file)
    logger.addHandler(handler)
    try:
        yield handler.logged
    finally:
        logger.removeHandler(handler)


def warnings_or_raise(logged: list[Logged]) -> tuple[Problem, ...]:
    """The warnings; a line reporting that something is missing from the PDF is an error."""
    errors = [entry.problem for entry in logged if entry.error]
    if errors:
        raise BulletinError(errors)
    return tuple(entry.problem for entry in logged)


def lay_out(rendered: Rendered):
    """Lay the issue out into a WeasyPrint Document; returns it with the warnings."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    fetcher = _fetcher_class()(rendered.folders, rendered.resources)
    font_config = FontConfiguration()
    color_profiles: dict = {}  # filled by @color-profile rules, shared by every stylesheet
    logged: list[Logged] = []
    stylesheets = []
    for url in rendered.stylesheets:
        # A style rule WeasyPrint skips is reported at its line in its own file.
        with collect_warnings(fetcher.local_path(url) or rendered.issue_dir) as lines:
            stylesheets.append(CSS(url=url, font_config=font_config, url_fetcher=fetcher,
                                   color_profiles=color_profiles))
        logged += lines
    with collect_warnings(rendered.issue_dir) as lines:
        document = HTML(string=rendered.html, base_url=rendered.base_url,
                        url_fetcher=fetcher).render(stylesheets=stylesheets,
                                                    font_config=font_config,
                                                    color_profiles=color_profiles)
    logged += lines
    if fetcher.refused:
        raise BulletinError([Problem(rendered.issue_dir, None, (
            f"bố cục hoặc bài viết đòi đọc {url}, nằm ngoài thư mục của số, layouts/ và fonts/. "
            "Chỉ dùng ảnh và tệp trong các thư mục đó.")) for url in sorted(set(fetcher.refused))])
    return document, warnings_or_raise(logged)
