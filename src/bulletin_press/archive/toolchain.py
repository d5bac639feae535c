"""The versions of everything that decides a build's bytes, read without importing WeasyPrint."""

from __future__ import annotations

import ctypes
import ctypes.util
import hashlib
import platform
import zlib
from functools import lru_cache
from importlib import metadata
from pathlib import Path

# Python packages whose version changes the bytes of a PDF or a cover image.
PACKAGES = ("weasyprint", "pydyf", "fonttools", "pillow", "pikepdf", "pypdfium2",
            "markdown-it-py", "jinja2", "pyyaml", "tinycss2", "tinyhtml5", "cssselect2")
# System libraries WeasyPrint lays text out with: (label, library, version function).
LIBRARIES = (("pango", "pango-1.0", "pango_version_string"),
             ("harfbuzz", "harfbuzz", "hb_version_string"),
             ("fontconfig", "fontconfig", "FcGetVersion"))


@lru_cache(maxsize=1)
def versions() -> dict[str, str]:
    """Name → version for this program, Python, the packages and the system libraries."""
    found = {"bulletin_press": f"{metadata.version('bulletin_press')}+{code_fingerprint()}",
             "python": platform.python_version()}
    for package in PACKAGES:
        try:
            found[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            found[package] = "không có"
    for label, library, function in LIBRARIES:
        found[label] = _library_version(library, function)
    found["zlib"] = zlib.ZLIB_RUNTIME_VERSION
    return found


def code_fingerprint() -> str:
    """First 12 hex digits of the SHA-256 of this package's source: changes with the code."""
    package = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def _library_version(library: str, function: str) -> str:
    name = ctypes.util.find_library(library)
    if name is None:
        return "không có"
    try:
        call = getattr(ctypes.CDLL(name), function)
    except (OSError, AttributeError):
        return "không rõ"
    if function == "FcGetVersion":
        call.restype = ctypes.c_int
        number = call()
        return f"{number // 10000}.{number // 100 % 100}.{number % 100}"
    call.restype = ctypes.c_char_p
    return call().decode()


def differences(recorded: dict[str, str], current: dict[str, str]) -> list[str]:
    """'name: recorded → current' for every version that differs."""
    return [f"{name}: {recorded.get(name, '—')} → {current.get(name, '—')}"
            for name in sorted(set(recorded) | set(current))
            if recorded.get(name) != current.get(name)]
