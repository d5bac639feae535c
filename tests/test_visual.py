"""Visual regression: chosen pages of each layout against their golden pictures (make golden)."""

from __future__ import annotations

import pytest
from PIL import Image
from projects import copy_samples, replace

from conftest import run_build
from golden import PAGES, TOLERANCE, changed_share, golden_path, render


@pytest.mark.parametrize("issue, layout, page, name", PAGES,
                         ids=[f"{layout}-{name}" for _, layout, _, name in PAGES])
def test_a_page_looks_as_its_golden_picture(built, issue, layout, page, name):
    reference = Image.open(golden_path(layout, name)).convert("L")
    assert changed_share(render(built[issue].reader, page), reference) <= TOLERANCE


@pytest.mark.parametrize("issue, layout, page, file, word, other", [
    ("2023-12", "a5", 3, "van-ban-ho-tro-chuyen-doi-dat-lua.md", "chờ đợi", "mong đợi"),
    ("2024-01", "19x27", 3, "hoi-nghi-tong-ket-nam-2023.md", "Dự hội nghị", "Dự buổi họp"),
])
def test_one_changed_word_fails_the_comparison(tmp_path, issue, layout, page, file, word, other):
    """Twin: the tolerance is tight enough to see a single word changed on the page."""
    bulletins = copy_samples(tmp_path / "project", [issue])
    replace(bulletins / issue / file, word, other)
    reader = run_build(bulletins / issue, tmp_path / "out")["outputs"]["reader"]
    name = {(i, lay, p): n for i, lay, p, n in PAGES}[(issue, layout, page)]
    reference = Image.open(golden_path(layout, name)).convert("L")
    assert changed_share(render(reader, page), reference) > TOLERANCE
