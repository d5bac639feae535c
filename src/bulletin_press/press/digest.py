"""Digests of PDF objects by what they hold, not by their object numbers: the same page or
image in two PDFs written one after the other gets the same digest."""

from __future__ import annotations

import hashlib

import pikepdf


def object_digest(obj, memo: dict | None = None, visiting: set | None = None) -> bytes:
    """SHA-256 over the object and everything it refers to: stream bytes as stored, dictionary
    keys in order, array items, values. memo (by object number) spares objects shared by many
    (fonts, colour spaces) being read again; a reference loop is digested by its object number,
    which only makes the digest less often equal, never wrongly equal."""
    memo = {} if memo is None else memo
    visiting = set() if visiting is None else visiting
    if not isinstance(obj, pikepdf.Object):
        return repr(obj).encode()  # int, bool, Decimal
    objgen = obj.objgen if obj.is_indirect else None
    if objgen in memo:
        return memo[objgen]
    if objgen in visiting:
        return b"loop%d,%d" % objgen
    if objgen:
        visiting.add(objgen)
    digest = hashlib.sha256()
    if isinstance(obj, pikepdf.Stream):
        digest.update(b"stream" + obj.read_raw_bytes())
        obj = obj.stream_dict
    if isinstance(obj, pikepdf.Dictionary):
        for name in sorted(obj.keys()):
            digest.update(b"/" + name.encode() + object_digest(obj[name], memo, visiting))
    elif isinstance(obj, pikepdf.Array):
        digest.update(b"[")
        for item in obj:
            digest.update(object_digest(item, memo, visiting))
    else:
        digest.update(obj.unparse())
    if objgen:
        visiting.discard(objgen)
        memo[objgen] = digest.digest()
    return digest.digest()
