"""Throwaway bulletin projects for tests: a valid minimal one, plus helpers to break it.

The loader finds the project root by looking for layouts/ and fonts/, so both are
symlinked from the real repository; bulletins/ holds one series and one issue.
"""

from __future__ import annotations

import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# The sample archive the tests build: copies of these, never the live bulletins/ folder,
# which an editor may be in the middle of changing.
SAMPLE_ISSUES = ("2023-11", "2023-12", "2024-01")
SAMPLE_SERIES = "thong-tin-noi-bo.yaml"
# What publishing adds to an issue folder; a copy of the sources leaves it out.
PUBLISHED_FILES = ("xuat-ban",)
SLUG = "ban-tin"
MONTH = "2024-01"

SERIES_YAML = """\
name: BẢN TIN THỬ
publisher: BAN TUYÊN GIÁO HUYỆN ỦY THỬ
parent: ĐẢNG BỘ HUYỆN THỬ
responsible: Nguyễn Văn An, Trưởng ban
frequency: 01 kỳ/tháng
printing_place: Xưởng in Thử
layout: a5
print:
  copies: 100
  overs_percent: 3
  paper_gsm: 80
distribution:
  - { recipient: Đảng ủy xã Tân An, copies: 60 }
  - { recipient: Lưu trữ, copies: 40 }
licences:
  - year: 2024
    number: 01/GP-STTTT
    date: 2024-01-02
    issued_by: Sở Thông tin và Truyền thông
    valid_until: 2024-12-31
    copies: 100
    format: 14,8 × 21 cm
    pages: 32
    printer: Xưởng in Thử
"""

ISSUE_YAML = """\
bulletin: ban-tin
number: 1
month: "2024-01"
date: 2024-01-15
sections:
  - title: Thời sự
    items:
      - tin-chinh.md
  - title: Tin vắn
    items:
      - tin-van.md
"""

ARTICLE_BODY = """\
Ngày 10 tháng 01 năm 2024, huyện tổ chức hội nghị tổng kết.

Hội nghị có 120 đại biểu tham dự.
"""

BRIEFING_BODY = """\
**Xã Tân An:** Thu hoạch xong 350 ha lúa mùa.

**Xã Phú Mỹ:** Khánh thành nhà văn hóa thôn Đông.
"""


def markdown(kind: str, body: str, title: str = "Bài thử", **header: str) -> str:
    """A content file: YAML header between two '---' lines, then the body."""
    lines = ["---", f"kind: {kind}", f"title: {title}"]
    lines += [f"{key}: {value}" for key, value in header.items()]
    return "\n".join([*lines, "---", body])


def make_project(root: Path, month: str = MONTH, issue_yaml: str = ISSUE_YAML,
                 series_yaml: str = SERIES_YAML) -> Path:
    """Create a valid project under root and return its issue folder."""
    link_tree(root)
    bulletins = root / "bulletins"
    bulletins.mkdir(exist_ok=True)
    (bulletins / f"{SLUG}.yaml").write_text(series_yaml, encoding="utf-8")
    issue_dir = bulletins / month
    issue_dir.mkdir()
    (issue_dir / "issue.yaml").write_text(issue_yaml, encoding="utf-8")
    (issue_dir / "tin-chinh.md").write_text(
        markdown("article", ARTICLE_BODY, title="Hội nghị tổng kết", author="Thu Hà"),
        encoding="utf-8")
    (issue_dir / "tin-van.md").write_text(markdown("briefing", BRIEFING_BODY, title="Tin vắn"),
                                          encoding="utf-8")
    return issue_dir


def link_tree(root: Path) -> None:
    """Make root a project: layouts/ and fonts/ linked from the repository."""
    root.mkdir(parents=True, exist_ok=True)
    for name in ("layouts", "fonts"):
        if not (root / name).exists():
            (root / name).symlink_to(REPO / name, target_is_directory=True)


def copy_samples(root: Path, issues=SAMPLE_ISSUES, source: Path = REPO / "bulletins") -> Path:
    """The sample issues' sources copied into a project under root; returns its bulletins/.

    Only the named issues are copied, without what publishing added: an issue an editor is
    preparing in the live folder, or a published one, changes nothing for the tests.
    """
    link_tree(root)
    bulletins = root / "bulletins"
    bulletins.mkdir()
    shutil.copy(source / SAMPLE_SERIES, bulletins)
    for month in issues:
        shutil.copytree(source / month, bulletins / month,
                        ignore=shutil.ignore_patterns(*PUBLISHED_FILES))
    return bulletins


def replace(path: Path, old: str, new: str) -> None:
    """Replace one exact, unique snippet of a file (fails loudly if it is not there)."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    """1-based number of the only line of path containing needle."""
    hits = [n for n, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1)
            if needle in line]
    assert len(hits) == 1, f"{needle!r} is on lines {hits} of {path}"
    return hits[0]
