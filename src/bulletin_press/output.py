"""Writing a build's outputs: all files or none, never a half-written file.

Every file is first written and synced under a temporary name beside its target; only then
are they renamed into place, each rename atomic. A failure before the renames leaves the
previous outputs untouched and removes the temporary files; those a killed process left
behind are removed by the next write to the same folder.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from bulletin_press.errors import BulletinError, os_problem

TEMP_SUFFIX = ".tmp"


def write_all(directory: Path, files: dict[str, bytes]) -> dict[str, Path]:
    """Write every file (name: a path relative to directory), all or none; an OS failure is
    raised as a Vietnamese BulletinError naming the path."""
    staged: list[tuple[str, Path, Path]] = []
    target = Path(directory)
    try:
        for name in files:
            target = Path(directory) / name
            target.parent.mkdir(parents=True, exist_ok=True)
            remove_stale(target)
        for name, data in files.items():
            target = Path(directory) / name
            staged.append((name, target, _stage(target, data)))
        written = {}
        for name, target, temp in staged:
            os.replace(temp, target)
            written[name] = target
        return written
    except OSError as exc:
        raise BulletinError([os_problem(target, exc, "ghi")]) from None
    finally:
        for _, _, temp in staged:
            temp.unlink(missing_ok=True)


def _stage(target: Path, data: bytes) -> Path:
    handle, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.",
                                    suffix=TEMP_SUFFIX)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(handle, view):]
        os.fsync(handle)
        os.fchmod(handle, 0o644)
    except BaseException:
        os.close(handle)
        os.unlink(name)
        raise
    os.close(handle)
    return Path(name)


def remove_stale(target: Path) -> None:
    """Temporary files that a killed write of target left behind."""
    for stale in target.parent.glob(f".{target.name}.*{TEMP_SUFFIX}"):
        stale.unlink(missing_ok=True)


def prune(directory: Path, keep) -> None:
    """Remove the files under directory that are not in keep (paths), then its empty folders:
    what a former build wrote there and this one no longer makes (a photo taken out)."""
    kept = {Path(path) for path in keep}
    if not directory.is_dir():
        return
    try:
        for path in sorted(directory.rglob("*"), reverse=True):
            if path.is_file() and path not in kept:
                path.unlink()
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()
    except OSError as exc:
        raise BulletinError([os_problem(directory, exc, "xóa")]) from None
