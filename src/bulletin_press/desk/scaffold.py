"""`bulletin new`: next month's issue folder, scaffolded from the latest one."""

from __future__ import annotations

import calendar
from datetime import date
from pathlib import Path

import yaml

from bulletin_press.errors import BulletinError, Problem
from bulletin_press.manifest import ISSUE_DIR, ISSUE_FILE, yamlfile

CARRIED_OVER = ("layout", "print", "distribution")


def latest_issue(bulletins_dir: Path) -> Path:
    issues = sorted(p.parent for p in bulletins_dir.glob(f"*/{ISSUE_FILE}")
                    if ISSUE_DIR.match(p.parent.name))
    if not issues:
        raise BulletinError([Problem(bulletins_dir, None, (
            "chưa có số nào (thư mục NĂM-THÁNG có issue.yaml) để làm mẫu; hãy chép một số "
            "mẫu vào đây trước."))])
    return issues[-1]


def new_issue(bulletins_dir: Path) -> Path:
    """Create the folder after the latest: number + 1 (1 in January), next month, no contents."""
    latest = latest_issue(bulletins_dir)
    source = latest / ISSUE_FILE
    doc = yamlfile.load(source)
    data = doc.data if isinstance(doc.data, dict) else {}
    sections = [s for s in data.get("sections") or [] if isinstance(s, dict)]
    if not any(section.get("items") for section in sections):
        raise BulletinError([Problem(source, doc.line(("sections",)), (
            f"số mới nhất ({latest.name}) chưa có bài nào, nên chưa tạo số tiếp theo. Hãy viết "
            f"bài cho số {latest.name} trước; nếu số đó tạo nhầm, xóa thư mục {latest.name}."))])
    previous = data.get("number")
    if not isinstance(previous, int) or isinstance(previous, bool):
        raise BulletinError([Problem(source, doc.line(("number",)), (
            f"'number' của số {latest.name} phải là một số nguyên, không phải “{previous}”; "
            "hãy sửa số đó trước khi tạo số mới."))])
    year, month = (int(part) for part in latest.name.split("-"))
    year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    number = 1 if month == 1 else previous + 1
    previous_day = data["date"].day if isinstance(data.get("date"), date) else 15
    published = date(year, month, min(previous_day, calendar.monthrange(year, month)[1]))
    folder = bulletins_dir / f"{year}-{month:02d}"
    if folder.exists():
        raise BulletinError([Problem(folder, None, "thư mục số này đã có; không ghi đè.")])
    manifest = {"bulletin": data.get("bulletin", ""), "number": number,
                "month": f"{year}-{month:02d}", "date": published}
    manifest |= {key: data[key] for key in CARRIED_OVER if key in data}
    manifest["sections"] = [{"title": section.get("title", ""), "items": []}
                            for section in sections]
    text = (f"# Số {number:02d} - Tháng {month:02d}/{year}. Sửa ngày phát hành nếu cần, rồi\n"
            "# liệt kê các bài (.md trong thư mục này) ở từng chuyên mục theo thứ tự in.\n"
            + yaml.safe_dump(manifest, allow_unicode=True, sort_keys=False, width=100))
    folder.mkdir()
    (folder / "img").mkdir()
    (folder / ISSUE_FILE).write_text(text, encoding="utf-8")
    return folder
