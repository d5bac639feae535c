"""Deflate for the PDF writer that remembers what it compressed lately.

pydyf compresses every stream at level 9: a third of the time spent writing a reader PDF, most
of it on bytes that a rebuild after a small edit (bulletin watch) gives again — the attached
sources and photos, the colour profile, the font subsets, the pages that did not change. The
same bytes are compressed by the same zlib calls the first time and taken from memory after,
so the PDF is the same, byte for byte.
"""

from __future__ import annotations

import hashlib
import zlib
from collections import OrderedDict

REMEMBERED_BYTES = 64 << 20   # compressed output kept, at most
SMALL = 4096                  # shorter inputs are compressed again: faster than remembering

_recent: OrderedDict[tuple[int, bytes], bytes] = OrderedDict()
_kept = 0


class _Compressor:
    """What pydyf asks of zlib.compressobj: compress(data), then flush()."""

    def __init__(self, level: int = zlib.Z_DEFAULT_COMPRESSION) -> None:
        self._level = level
        self._chunks: list[bytes] = []

    def compress(self, data) -> bytes:
        self._chunks.append(bytes(data))
        return b""

    def flush(self) -> bytes:
        if len(self._chunks) == 1 and len(self._chunks[0]) < SMALL:
            return _deflate(self._chunks, self._level)
        key = (self._level, hashlib.sha256(b"".join(self._chunks)).digest())
        if key in _recent:
            _recent.move_to_end(key)
            return _recent[key]
        compressed = _deflate(self._chunks, self._level)
        _remember(key, compressed)
        return compressed


def _deflate(chunks: list[bytes], level: int) -> bytes:
    compressor = zlib.compressobj(level=level)
    out = b"".join(compressor.compress(chunk) for chunk in chunks)
    return out + compressor.flush()


def _remember(key: tuple[int, bytes], compressed: bytes) -> None:
    global _kept
    _recent[key] = compressed
    _kept += len(compressed)
    while _kept > REMEMBERED_BYTES and _recent:
        _kept -= len(_recent.popitem(last=False)[1])


class _Zlib:
    """The zlib module as pydyf sees it once install() has run."""

    compressobj = _Compressor
    compress = staticmethod(zlib.compress)

    def __getattr__(self, name):
        return getattr(zlib, name)


def install() -> None:
    """Make pydyf (WeasyPrint's PDF writer) compress through this module."""
    import pydyf

    if not isinstance(pydyf.zlib, _Zlib):
        pydyf.zlib = _Zlib()
