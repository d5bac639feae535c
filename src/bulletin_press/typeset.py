"""Typeset stage: WeasyPrint lays the rendered HTML out into pages, with bundled fonts only
and a fetcher that reads nothing outside the allowed folders."""

from __future__ import annotations

import logging
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bulletin_press.errors import BulletinError, Problem
from bulletin_press.render import Rendered


def _fetcher_class():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class SandboxedFetcher(URLFetcher):
        """Serves local files under the allowed folders and refuses everything else."""

        def __init__(self, roots: tuple[Path, ...]):
            super().__init__(allowed_protocols={"file"})
            self.roots = tuple(root.resolve() for root in roots)
            self.refused: list[str] = []

        def fetch(self, url, headers=None):
            parts = urlsplit(url)
            path = Path(unquote(parts.path)).resolve()
            if parts.scheme != "file" or not any(path.is_relative_to(r) for r in self.roots):
                self.refused.append(url)
                raise ValueError(f"refused: {url}")
            return URLFetcherResponse(url, body=path.read_bytes())

    return SandboxedFetcher


class _Collect(logging.Handler):
    def __init__(self, file: Path) -> None:
        super().__init__(logging.WARNING)
        self.file = file
        self.messages: list[Problem] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(Problem(self.file, None, record.getMessage()))


@contextmanager
def collect_warnings(file: Path):
    """Turn WeasyPrint's log lines into warnings about file, data for the build result."""
    logger = logging.getLogger("weasyprint")
    handler = _Collect(file)
    logger.addHandler(handler)
    try:
        yield handler.messages
    finally:
        logger.removeHandler(handler)


def lay_out(rendered: Rendered):
    """Lay the issue out into a WeasyPrint Document; returns it with WeasyPrint's warnings."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    fetcher = _fetcher_class()(rendered.readable_roots)
    font_config = FontConfiguration()
    with collect_warnings(rendered.base_dir) as warnings:
        stylesheets = [CSS(filename=str(path), font_config=font_config, url_fetcher=fetcher)
                       for path in rendered.stylesheets]
        document = HTML(string=rendered.html, base_url=rendered.base_dir.as_uri() + "/",
                        url_fetcher=fetcher).render(stylesheets=stylesheets,
                                                    font_config=font_config)
    if fetcher.refused:
        raise BulletinError([Problem(rendered.base_dir, None, (
            f"bố cục hoặc bài viết đòi đọc {url}, nằm ngoài thư mục của số, layouts/ và fonts/. "
            "Chỉ dùng ảnh và tệp trong các thư mục đó.")) for url in sorted(set(fetcher.refused))])
    return document, warnings
