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
    doc = yamlfile.load(latest / ISSUE_FILE)
    data = doc.data if isinstance(doc.data, dict) else {}
    year, month = (int(part) for part in latest.name.split("-"))
    year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    number = 1 if month == 1 else int(data.get("number", 0)) + 1
    previous_day = data["date"].day if isinstance(data.get("date"), date) else 15
    published = date(year, month, min(previous_day, calendar.monthrange(year, month)[1]))
    folder = bulletins_dir / f"{year}-{month:02d}"
    if folder.exists():
        raise BulletinError([Problem(folder, None, "thư mục số này đã có; không ghi đè.")])
    lines = [
        f"# Số {number:02d} - Tháng {month:02d}/{year}. Sửa ngày phát hành nếu cần, rồi",
        "# liệt kê các bài (.md trong thư mục này) ở từng chuyên mục theo thứ tự in.",
        f"bulletin: {data.get('bulletin', '')}",
        f"number: {number}",
        f'month: "{year}-{month:02d}"',
        f"date: {published.isoformat()}",
    ]
    carried = {key: data[key] for key in CARRIED_OVER if key in data}
    if carried:
        lines.append(yaml.safe_dump(carried, allow_unicode=True, sort_keys=False).rstrip())
    lines.append("sections:")
    for section in data.get("sections") or []:
        title = section.get("title", "") if isinstance(section, dict) else ""
        lines += [f"  - title: {title}", "    items: []"]
    folder.mkdir()
    (folder / "img").mkdir()
    (folder / ISSUE_FILE).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder
