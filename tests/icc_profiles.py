"""Small ICC v2 profiles built byte by byte, for tests: Pillow only creates sRGB, Lab and XYZ.

- `rgb_profile`: a matrix/TRC display profile from three D50 colorants and a gamma.
- `cmyk_profile`: a printer profile (lut16 A2B0/B2A0, Lab PCS) around the textbook formula
  r = (1 − c)(1 − k) over sRGB, so its conversions are known in advance. Not a press profile.
"""

from __future__ import annotations

import itertools
import struct
from functools import cache

D50 = (0.9642, 1.0, 0.8249)
# sRGB primaries adapted to D50, as in every sRGB ICC profile (rXYZ, gXYZ, bXYZ).
SRGB_RED = (0.4360747, 0.2225045, 0.0139322)
SRGB_GREEN = (0.3850649, 0.7168786, 0.0971045)
SRGB_BLUE = (0.1430804, 0.0606169, 0.7141733)


def _s15(value: float) -> bytes:
    return struct.pack(">i", round(value * 65536))


def _xyz(values) -> bytes:
    return b"XYZ \0\0\0\0" + b"".join(_s15(v) for v in values)


def _desc(text: str) -> bytes:
    ascii_text = text.encode("ascii") + b"\0"
    return (b"desc\0\0\0\0" + struct.pack(">I", len(ascii_text)) + ascii_text
            + struct.pack(">II", 0, 0) + struct.pack(">HB", 0, 0) + b"\0" * 67)


def _profile(device_class: bytes, space: bytes, pcs: bytes, tags: dict[bytes, bytes]) -> bytes:
    table_size = 4 + 12 * len(tags)
    offset = 128 + table_size
    entries, blobs = [], []
    for signature, blob in tags.items():
        blob += b"\0" * (-len(blob) % 4)
        entries.append(struct.pack(">4sII", signature, offset, len(blob)))
        blobs.append(blob)
        offset += len(blob)
    header = (struct.pack(">I", offset) + b"\0\0\0\0" + struct.pack(">I", 0x02100000)
              + device_class + space + pcs + b"\0" * 12 + b"acsp" + b"\0" * 24
              + struct.pack(">I", 0) + b"".join(_s15(v) for v in D50) + b"\0" * 48)
    assert len(header) == 128
    return header + struct.pack(">I", len(tags)) + b"".join(entries) + b"".join(blobs)


def rgb_profile(red, green, blue, gamma: float = 2.2, description: str = "Test RGB") -> bytes:
    curve = b"curv\0\0\0\0" + struct.pack(">IH", 1, round(gamma * 256))
    return _profile(b"mntr", b"RGB ", b"XYZ ", {
        b"desc": _desc(description), b"wtpt": _xyz(D50), b"rXYZ": _xyz(red),
        b"gXYZ": _xyz(green), b"bXYZ": _xyz(blue), b"rTRC": curve, b"gTRC": curve,
        b"bTRC": curve})


# --- the CMYK profile's colour arithmetic -------------------------------------------------

def _to_linear(v: float) -> float:
    return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4


def _to_srgb(v: float) -> float:
    v = min(max(v, 0.0), 1.0)
    return v * 12.92 if v <= 0.0031308 else 1.055 * v ** (1 / 2.4) - 0.055


def _f(t: float) -> float:
    return t ** (1 / 3) if t > (6 / 29) ** 3 else t / (3 * (6 / 29) ** 2) + 4 / 29


def _f_inv(t: float) -> float:
    return t ** 3 if t > 6 / 29 else 3 * (6 / 29) ** 2 * (t - 4 / 29)


def srgb_to_lab(rgb) -> tuple[float, float, float]:
    lin = [_to_linear(v) for v in rgb]
    xyz = [sum(p[i] * c for p, c in zip((SRGB_RED, SRGB_GREEN, SRGB_BLUE), lin)) for i in range(3)]
    fx, fy, fz = (_f(v / w) for v, w in zip(xyz, D50))
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def _lab_to_srgb(lab) -> list[float]:
    lightness, a, b = lab
    fy = (lightness + 16) / 116
    xyz = [w * _f_inv(f) for w, f in zip(D50, (fy + a / 500, fy, fy - b / 200))]
    # Inverse of the D50-adapted sRGB matrix.
    inverse = ((3.1338561, -1.6168667, -0.4906146), (-0.9787684, 1.9161415, 0.0334540),
               (0.0719453, -0.2289914, 1.4052427))
    return [_to_srgb(sum(m * v for m, v in zip(row, xyz))) for row in inverse]


def cmyk_to_srgb(cmyk) -> tuple[float, float, float]:
    """The profile's definition: 0–1 CMYK → 0–1 sRGB."""
    c, m, y, k = cmyk
    return (1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k)


def _srgb_to_cmyk(rgb) -> tuple[float, float, float, float]:
    k = 1 - max(rgb)
    if k >= 1:
        return 0.0, 0.0, 0.0, 1.0
    return tuple((1 - v - k) / (1 - k) for v in rgb) + (k,)


def _lab16(lab) -> list[int]:
    lightness, a, b = lab
    clip = lambda v: min(max(round(v), 0), 0xFFFF)  # noqa: E731
    return [clip(lightness * 0xFF00 / 100), clip((a + 128) * 256), clip((b + 128) * 256)]


def _lut16(inputs: int, outputs: int, grid: int, values: list[int]) -> bytes:
    identity = (1, 0, 0, 0, 1, 0, 0, 0, 1)
    return (b"mft2\0\0\0\0" + struct.pack(">BBBB", inputs, outputs, grid, 0)
            + b"".join(_s15(v) for v in identity) + struct.pack(">HH", 2, 2)
            + struct.pack(">HH", 0, 0xFFFF) * inputs
            + struct.pack(f">{len(values)}H", *values)
            + struct.pack(">HH", 0, 0xFFFF) * outputs)


@cache
def cmyk_profile() -> bytes:
    a2b_grid, b2a_grid = 9, 33
    a2b = []
    for cmyk in itertools.product(range(a2b_grid), repeat=4):
        a2b += _lab16(srgb_to_lab(cmyk_to_srgb([v / (a2b_grid - 1) for v in cmyk])))
    b2a = []
    for node in itertools.product(range(b2a_grid), repeat=3):
        lab = (node[0] / (b2a_grid - 1) * 0xFFFF * 100 / 0xFF00,
               node[1] / (b2a_grid - 1) * 0xFFFF / 256 - 128,
               node[2] / (b2a_grid - 1) * 0xFFFF / 256 - 128)
        b2a += [round(v * 0xFFFF) for v in _srgb_to_cmyk(_lab_to_srgb(lab))]
    return _profile(b"prtr", b"CMYK", b"Lab ", {
        b"desc": _desc("Test CMYK (textbook formula)"), b"wtpt": _xyz(D50),
        b"A2B0": _lut16(4, 3, a2b_grid, a2b), b"B2A0": _lut16(3, 4, b2a_grid, b2a)})
