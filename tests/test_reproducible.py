"""Same inputs, same bytes: on any machine, in any time zone, with or without HarfBuzz-Subset."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from projects import REPO, copy_samples

from bulletin_press.press.fontsubset import subset_font
from conftest import run_build

NOTO_SERIF = REPO / "fonts" / "noto-serif" / "NotoSerif-Regular.ttf"


def _same_outputs(first: dict, second: dict) -> None:
    """Every output the same, the screen PDF and the web edition's whole folder included."""
    assert first["outputs"].keys() == second["outputs"].keys() >= {"screen", "web"}
    for kind, path in first["outputs"].items():
        assert Path(second["outputs"][kind]).read_bytes() == Path(path).read_bytes(), kind
    assert _files(Path(first["outputs"]["web"]).parent) == _files(
        Path(second["outputs"]["web"]).parent)


def _files(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def test_build_without_harfbuzz_subset_is_byte_identical(built, tmp_path, monkeypatch):
    """WeasyPrint falls back to fontTools when the library is missing (an editor's machine)."""
    import weasyprint.pdf.fonts

    monkeypatch.setattr(weasyprint.pdf.fonts, "harfbuzz_subset", None)
    again = run_build(built["2023-12"].issue_dir, tmp_path)
    assert again["warnings"] == []
    _same_outputs(built["2023-12"].result, again)


@pytest.mark.parametrize("zone", ["Asia/Ho_Chi_Minh", "America/Los_Angeles"])
def test_build_in_another_time_zone_is_byte_identical(built, tmp_path, zone):
    issue = built["2023-11"]
    env = {**os.environ, "TZ": zone}
    env.pop("SOURCE_DATE_EPOCH", None)
    outcome = subprocess.run([sys.executable, "-m", "bulletin_press", "build", str(issue.issue_dir),
                              "--out", str(tmp_path), "--json"],
                             capture_output=True, text=True, env=env, check=False)
    assert outcome.returncode == 0, outcome.stderr
    _same_outputs(issue.result, json.loads(outcome.stdout))


def test_a_build_in_another_checkout_folder_is_byte_identical(built, tmp_path):
    """WeasyPrint names images after their URLs: no absolute path may reach the PDF."""
    elsewhere = copy_samples(tmp_path / "một thư mục khác", ["2023-12"])
    again = run_build(elsewhere / "2023-12", tmp_path / "out")
    _same_outputs(built["2023-12"].result, again)


def test_a_subset_keeps_the_font_timestamp_whatever_the_clock(monkeypatch):
    glyphs = range(3, 120)
    first = subset_font(NOTO_SERIF.read_bytes(), glyphs)
    monkeypatch.setattr(time, "time", lambda: 2_000_000_000.0)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1999999999")
    second = subset_font(NOTO_SERIF.read_bytes(), glyphs)
    assert first == second
    assert TTFont(io.BytesIO(first))["head"].modified == TTFont(NOTO_SERIF)["head"].modified


def test_a_subset_holds_only_the_glyphs_asked_for():
    """Twin of the test above: other glyphs give other bytes, and outlines are kept."""
    few = TTFont(io.BytesIO(subset_font(NOTO_SERIF.read_bytes(), range(3, 60))))
    more = TTFont(io.BytesIO(subset_font(NOTO_SERIF.read_bytes(), range(3, 120))))
    drawn = [name for name in few.getGlyphOrder() if few["glyf"][name].numberOfContours]
    assert 30 < len(drawn) < 60
    assert len([n for n in more.getGlyphOrder() if more["glyf"][n].numberOfContours]) > len(drawn)
    assert "GSUB" not in few and "GPOS" not in few
