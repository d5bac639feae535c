"""Writing a build's outputs: all files or none, never a half-written file."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_all(directory: Path, files: dict[str, bytes]) -> dict[str, Path]:
    """Write every file (name: a path relative to directory) to a temporary name first, then
    rename them into place.

    A failure before the renames leaves the previous outputs untouched.
    """
    staged: list[tuple[str, Path]] = []
    try:
        for name, data in files.items():
            target = directory / name
            target.parent.mkdir(parents=True, exist_ok=True)
            handle, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.",
                                            suffix=".tmp")
            staged.append((name, Path(temp)))
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
                stream.flush()
                os.fsync(stream.fileno())
    except BaseException:
        for _, temp in staged:
            temp.unlink(missing_ok=True)
        raise
    written = {}
    for name, temp in staged:
        target = directory / name
        os.chmod(temp, 0o644)
        os.replace(temp, target)
        written[name] = target
    return written
