"""Typeset stage: WeasyPrint lays the rendered HTML out into pages, with bundled fonts only
and a fetcher that reads nothing outside the allowed folders."""

from __future__ import annotations

import hashlib
import io
import logging
import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bulletin_press.errors import BulletinError, Problem
from bulletin_press.render import VIRTUAL_ROOT, Rendered
from bulletin_press.typeset_log import Logged, translate


def _fetcher_class():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class SandboxedFetcher(URLFetcher):
        """Serves the files of the readable folders, given under VIRTUAL_ROOT; refuses
        everything else. Between begin() and end() it notes what it read, so a Typesetter
        can tell when a parsed stylesheet is out of date."""

        def __init__(self, folders: dict[str, Path], resources: dict[str, bytes]):
            super().__init__(allowed_protocols={"file"})
            self.serve(folders, resources)
            self._read: dict[str, tuple | None] | None = None
            self._bodies: dict[str, bytes] = {}

        def serve(self, folders: dict[str, Path], resources: dict[str, bytes]) -> None:
            """What to serve from now on; forgets the URLs refused so far."""
            self.folders = {name: folder.resolve() for name, folder in folders.items()}
            self.resources = resources
            self.refused: list[str] = []

        def begin(self) -> None:
            self._read, self._bodies = {}, {}

        def end(self) -> tuple[dict[str, tuple | None], dict[str, bytes], list[str]]:
            """URL → stamp of what was read since begin(), the bodies served, the URLs
            refused; the refused ones are then forgotten."""
            read, bodies, refused = self._read or {}, self._bodies, self.refused
            self._read, self._bodies, self.refused = None, {}, []
            return read, bodies, refused

        def stamp(self, url: str) -> tuple | None:
            """What tells this URL's content has changed: a served resource's bytes, a file's
            modification time and size; None when it is not served."""
            inside = self._inside(url)
            if url.startswith(VIRTUAL_ROOT) and inside in self.resources:
                return ("resource", hashlib.sha256(self.resources[inside]).hexdigest())
            path = self.local_path(url)
            if path is None:
                return None
            try:
                status = path.stat()
            except OSError:
                return None
            return ("file", status.st_mtime_ns, status.st_size)

        def fetch(self, url, headers=None):
            if self._read is not None:
                self._read[url] = self.stamp(url)
            inside = self._inside(url)
            if url.startswith(VIRTUAL_ROOT) and inside in self.resources:
                body = self.resources[inside]
            else:
                path = self.local_path(url)
                if path is None:
                    self.refused.append(url)
                    raise ValueError(f"refused: {url}")
                body = path.read_bytes()
            if self._read is not None:
                self._bodies[url] = body
            return URLFetcherResponse(url, body=body)

        def local_path(self, url: str) -> Path | None:
            if not url.startswith(VIRTUAL_ROOT):
                return None
            inside = self._inside(url)
            for name, folder in self.folders.items():
                if inside == name:
                    return folder if folder.is_file() else None
                if inside.startswith(name + "/"):
                    path = (folder / inside.removeprefix(name + "/")).resolve()
                    return path if path.is_relative_to(folder) and path.is_file() else None
            return None

        @staticmethod
        def _inside(url: str) -> str:
            return unquote(urlsplit(url).path).removeprefix(urlsplit(VIRTUAL_ROOT).path)

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
    return Typesetter().lay_out(rendered)


# A stylesheet whose parsing changes more than itself: @font-face adds fonts to the font
# configuration, @color-profile fills the profiles every stylesheet shares, @import reads
# another file. Such a stylesheet cannot be parsed again alone into the state it already
# changed; a false match (in a comment) only costs a fresh start.
_SHARED_STATE_RULES = re.compile(rb"@(font-face|color-profile|import)\b", re.IGNORECASE)


@dataclass
class _Stylesheet:
    url: str
    css: object                            # weasyprint.CSS, bound to the session's fonts
    read: dict[str, tuple | None]          # every URL the parse fetched → its stamp then
    logged: list[Logged]                   # what WeasyPrint said while parsing it
    refused: list[str]                     # URLs the fetcher refused while parsing it
    shared_state: bool                     # see _SHARED_STATE_RULES


@dataclass
class _Session:
    """A font configuration and the stylesheets parsed into it, with the colour profiles they
    declared: the three belong together (a parsed stylesheet refers to its fonts)."""

    folders: dict[str, Path]
    font_config: object
    color_profiles: dict = field(default_factory=dict)
    stylesheets: list[_Stylesheet] = field(default_factory=list)

    def fresh_profiles(self) -> dict:
        """New copies of the declared colour profiles, for one document. Once WeasyPrint has
        read a profile's name (for a PDF's output intent), LittleCMS serialises it with other
        bytes; a document given the parsed profiles themselves would embed bytes that depend
        on the documents written before it."""
        from weasyprint.css import ColorProfile

        return {name: ColorProfile(io.BytesIO(profile.content), profile.src,
                                   profile.rendering_intent, profile.components)
                for name, profile in self.color_profiles.items()}


class Typesetter:
    """Lays out one issue after another, keeping WeasyPrint's font configuration (with the
    bundled fonts loaded) and the parsed stylesheets between calls (`bulletin watch`).

    A parsed stylesheet is reused while every file its parsing read (itself, and the fonts
    or profiles it names) keeps its modification time and size. A changed stylesheet that
    only holds style rules is parsed again alone; when one that declares fonts, colour
    profiles or imports changes, or the list of stylesheets does, everything starts afresh
    with a new font configuration. The result is the document a fresh Typesetter (lay_out)
    gives for the same files.
    """

    def __init__(self) -> None:
        self._fetcher = None
        self._session: _Session | None = None
        self.parsed = 0  # stylesheets parsed so far, for tests and benchmarks

    def lay_out(self, rendered: Rendered):
        """Lay the issue out into a WeasyPrint Document; returns it with the warnings."""
        from weasyprint import HTML

        fetcher = self._fetcher_for(rendered)
        session = self._stylesheets(rendered, fetcher)
        logged = [entry for sheet in session.stylesheets for entry in sheet.logged]
        with collect_warnings(rendered.issue_dir) as lines:
            document = HTML(string=rendered.html, base_url=rendered.base_url,
                            url_fetcher=fetcher).render(
                stylesheets=[sheet.css for sheet in session.stylesheets],
                font_config=session.font_config, color_profiles=session.fresh_profiles())
        logged += lines
        refused = [url for sheet in session.stylesheets for url in sheet.refused]
        refused += fetcher.refused
        if refused:
            raise BulletinError([Problem(rendered.issue_dir, None, (
                f"bố cục hoặc bài viết đòi đọc {url}, nằm ngoài thư mục của số, layouts/ và "
                "fonts/. Chỉ dùng ảnh và tệp trong các thư mục đó."))
                for url in sorted(set(refused))])
        return document, warnings_or_raise(logged)

    def _fetcher_for(self, rendered: Rendered):
        if self._fetcher is None:
            self._fetcher = _fetcher_class()(rendered.folders, rendered.resources)
        fetcher = self._fetcher
        fetcher.serve(rendered.folders, rendered.resources)
        return fetcher

    def _stylesheets(self, rendered: Rendered, fetcher) -> _Session:
        from weasyprint.text.fonts import FontConfiguration

        session = self._session
        if (session is None or session.folders != rendered.folders
                or [sheet.url for sheet in session.stylesheets] != list(rendered.stylesheets)):
            session = None
        else:
            for index, sheet in enumerate(session.stylesheets):
                if all(fetcher.stamp(url) == stamp for url, stamp in sheet.read.items()):
                    continue
                if sheet.shared_state:
                    session = None
                    break
                session.stylesheets[index] = self._parse(sheet.url, session, fetcher,
                                                          rendered.issue_dir)
                if session.stylesheets[index].shared_state:
                    session = None
                    break
        if session is None:
            session = _Session(dict(rendered.folders), FontConfiguration())
            session.stylesheets = [self._parse(url, session, fetcher, rendered.issue_dir)
                                   for url in rendered.stylesheets]
        self._session = session
        return session

    def _parse(self, url: str, session: _Session, fetcher, issue_dir: Path) -> _Stylesheet:
        from weasyprint import CSS

        fetcher.begin()
        try:
            # A style rule WeasyPrint skips is reported at its line in its own file.
            with collect_warnings(fetcher.local_path(url) or issue_dir) as lines:
                css = CSS(url=url, font_config=session.font_config, url_fetcher=fetcher,
                          color_profiles=session.color_profiles)
        finally:
            read, bodies, refused = fetcher.end()
        self.parsed += 1
        shared = (set(read) != {url} or url not in bodies
                  or bool(_SHARED_STATE_RULES.search(bodies[url])))
        return _Stylesheet(url, css, read, list(lines), refused, shared)
