"""`bulletin watch`: build the reader PDF and the previews again whenever a file of the issue is
saved.

The files are polled (modification time and size, every POLL_SECONDS): no dependency, and it
works the same on every file system, shared folders included. A file whose time changed but
whose bytes did not (saved without an edit) does not start a build. One Previewer serves the
whole session, so WeasyPrint stays imported, the fonts loaded, the stylesheets parsed, and
only the pages that changed are drawn again.
"""

from __future__ import annotations

import gc
import hashlib
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Callable

from bulletin_press import sources
from bulletin_press.desk.preview import Preview, Previewer
from bulletin_press.errors import BulletinError, Problem, os_problem
from bulletin_press.manifest import PUBLISHED_DIR, find_root

POLL_SECONDS = 0.1  # a save is noticed within 0,1 s; a poll costs under a millisecond
# Files an editor or the system leaves beside the sources: never inputs.
_SCRATCH_SUFFIXES = (".swp", ".swx", ".tmp", ".bak", "~")


@dataclass(frozen=True)
class Rebuilt:
    at: datetime
    seconds: float
    changed: tuple[Path, ...]   # the files whose change started it (none for the first build)
    preview: Preview


@dataclass(frozen=True)
class Failed:
    at: datetime
    seconds: float
    changed: tuple[Path, ...]
    problems: tuple[Problem, ...]


Event = Rebuilt | Failed


class Watcher:
    """The files of one issue, and its preview built again when they change.

    poll() looks at the files once: it builds on the first call, then only when the bytes of
    a watched file changed, or a file appeared or went, and returns what happened (None when
    nothing did). A failed build is an event like the others; the next change tries again.
    """

    def __init__(self, issue_dir: Path, out_dir: Path | None = None,
                 now: Callable[[], datetime] = datetime.now) -> None:
        """Refuses (BulletinError) a folder that does not exist or is outside a project: a
        mistake in the command, not in the issue."""
        if not Path(issue_dir).is_dir():
            raise BulletinError([Problem(Path(issue_dir), None, (
                "không có thư mục này. Hãy nêu thư mục của một số, ví dụ bulletins/2024-01."))])
        self.issue_dir = Path(issue_dir)
        self.root = find_root(self.issue_dir)
        self.out_dir = Path(out_dir) if out_dir is not None else None
        self.previewer = Previewer(self.out_dir)
        # The previews' own folder, when --out puts it inside the issue folder: not watched.
        out = self.out_dir.resolve() if self.out_dir is not None else None
        inside = out.relative_to(self.issue_dir.resolve()).parts if (
            out is not None and out.is_relative_to(self.issue_dir.resolve())) else ()
        self._out_parts = inside or (PUBLISHED_DIR,)
        self.now = now
        self.sources: dict[str, Path] = {}   # the inputs of the last successful build
        self._stamps: dict[Path, tuple[int, int]] | None = None
        self._digests: dict[Path, str | None] = {}
        self._real_paths: dict[Path, Path] = {}
        self._garbage = False

    def watched(self) -> set[Path]:
        """The inputs of the last good build, every file of the issue folder (a new photo, a
        layout override, an unlisted article) and the files of the layout folders (a new
        template); before any build succeeded, the project's settings and layouts. Each
        file once, by its real path."""
        return {self._real(path) for path in self._candidates()}

    def _real(self, path: Path) -> Path:
        if path not in self._real_paths:
            self._real_paths[path] = path.resolve()
        return self._real_paths[path]

    def _candidates(self) -> set[Path]:
        found = set(self.sources.values()) | self._issue_folder_files()
        layouts = {name.split("/")[1] for name in self.sources if name.startswith("layouts/")}
        if self.sources:
            for name in layouts:
                found.update(sources.files_in(sources.locate(self.issue_dir, f"layouts/{name}")))
        else:
            found.update(self.issue_dir.parent.glob("*.yaml"))
            found.update(sources.files_in(self.root / "layouts"))
            found.add(self.root / "fonts" / "fonts.css")
        return found

    def poll(self) -> Event | None:
        stamps = _stamps(self.watched())
        if self._stamps is None:
            self._stamps = stamps
            self._digests = {path: _digest(path) for path in stamps}
            return self._build(())
        if stamps == self._stamps:
            if self._garbage:  # left by the last build; collected now, while nothing happens
                gc.collect()
                self._garbage = False
            return None
        moved = [path for path in stamps.keys() | self._stamps.keys()
                 if stamps.get(path) != self._stamps.get(path)]
        self._stamps = stamps
        changed = []
        for path in sorted(moved):
            digest = _digest(path)
            if digest != self._digests.get(path, "unknown"):
                changed.append(path)
            self._digests[path] = digest
        return self._build(tuple(changed)) if changed else None

    def _build(self, changed: tuple[Path, ...]) -> Event:
        start = time.perf_counter()
        # Laying out allocates millions of objects; collecting cycles meanwhile costs a tenth
        # of the build. The garbage is collected at the next idle poll instead.
        enabled = gc.isenabled()
        gc.disable()
        self._garbage = True
        try:
            made = self.previewer.preview(self.issue_dir)
        except BulletinError as error:
            return Failed(self.now(), time.perf_counter() - start, changed, error.problems)
        except OSError as error:  # a file taken away while it was read
            problem = os_problem(error.filename or self.issue_dir, error, "đọc")
            return Failed(self.now(), time.perf_counter() - start, changed, (problem,))
        finally:
            if enabled:
                gc.enable()
        seconds = time.perf_counter() - start
        self.sources = made.sources
        # Files watched from now on (the first build's fonts and layout files) start from
        # their bytes of now.
        for path, stamp in _stamps(self.watched() - self._stamps.keys()).items():
            self._stamps[path] = stamp
            self._digests[path] = _digest(path)
        return Rebuilt(self.now(), seconds, changed, made)

    def _issue_folder_files(self) -> set[Path]:
        found = set()
        for path in self.issue_dir.rglob("*"):
            inside = path.relative_to(self.issue_dir).parts
            if (inside[0] == PUBLISHED_DIR or inside[:len(self._out_parts)] == self._out_parts
                    or any(part.startswith((".", "~")) for part in inside)
                    or path.name.endswith(_SCRATCH_SUFFIXES) or not path.is_file()):
                continue
            found.add(path)
        return found


def watch(watcher: Watcher, on_event: Callable[[Event], None],
          stop: Callable[[], bool] = lambda: False,
          sleep: Callable[[float], None] | None = None,
          interval: float = POLL_SECONDS) -> None:
    """Build the issue's preview, then again after every change, until stop() is true (or
    the process is interrupted: KeyboardInterrupt is the caller's); on_event receives each
    build or failure as it happens. sleep defaults to time.sleep."""
    while not stop():
        event = watcher.poll()
        if event is not None:
            on_event(event)
        (sleep or time.sleep)(interval)


def _stamps(paths) -> dict[Path, tuple[int, int]]:
    found = {}
    for path in paths:
        try:
            status = path.stat()
        except OSError:
            continue
        found[path] = (status.st_mtime_ns, status.st_size)
    return found


def _digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None
