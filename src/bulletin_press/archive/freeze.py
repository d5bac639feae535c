"""A published issue is frozen: every input changed since its publication is an error."""

from __future__ import annotations

from pathlib import Path

from bulletin_press import build, sources
from bulletin_press.archive import record
from bulletin_press.content import Content
from bulletin_press.errors import BulletinError, Problem
from bulletin_press.manifest import issue_folder
from bulletin_press.vietnamese import short_date


def check(path: Path) -> Content:
    """`bulletin check` of one issue: validation, and for a published issue its inputs
    compared with the record; every problem raised together."""
    issue_dir = issue_folder(path)
    problems: list[Problem] = []
    checked = None
    try:
        checked = build.validate(issue_dir)
    except BulletinError as error:
        problems += error.problems
    problems += changes(issue_dir, checked)
    if problems:
        raise BulletinError(problems)
    return checked


def changes(issue_dir: Path, checked: Content | None) -> list[Problem]:
    """One problem per input that differs from the issue's publication record."""
    published = record.read(issue_dir)
    if published is None:
        return []
    recorded = published.current.inputs
    when = short_date(published.current.published_on)
    fix = (f"Hãy lấy lại bản đã xuất bản (git checkout -- <tệp>), hoặc đính chính bằng: "
           f"bulletin publish {issue_dir} --correction \"lý do\".")
    problems = []
    for name, digest in recorded.items():
        path = sources.locate(issue_dir, name)
        if not path.is_file():
            problems.append(Problem(path, None, f"tệp {name} đã bị xóa hoặc đổi tên sau khi số "
                                                f"được xuất bản ngày {when}. {fix}"))
        elif sources.sha256(path) != digest:
            problems.append(Problem(path, None, f"tệp {name} đã thay đổi sau khi số được xuất bản "
                                                f"ngày {when}; số đã xuất bản không được sửa. {fix}"))
    if checked is not None:
        for name, path in sources.issue_sources(checked).items():
            if name not in recorded:
                problems.append(Problem(path, None, f"tệp {name} mới được dùng từ sau khi số được "
                                                    f"xuất bản ngày {when}. {fix}"))
    return problems
