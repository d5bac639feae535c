"""Writing a build's outputs: all files or none, never a half-written PDF."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_all(directory: Path, files: dict[str, bytes]) -> dict[str, Path]:
    """Write every file to a temporary name first, then rename them into place.

    A failure before the renames leaves the previous outputs untouched.
    """
    directory.mkdir(parents=True, exist_ok=True)
    staged: list[tuple[str, Path]] = []
    try:
        for name, data in files.items():
            handle, temp = tempfile.mkstemp(dir=directory, prefix=f".{name}.", suffix=".tmp")
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
                stream.flush()
                os.fsync(stream.fileno())
            staged.append((name, Path(temp)))
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
