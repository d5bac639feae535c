"""`bulletin publish`: store what went to the print shop in the issue folder, freeze the
issue's settings, and write (or extend, for a correction) its publication record."""

from __future__ import annotations

import dataclasses
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from bulletin_press import build, output, sources
from bulletin_press.archive import index, record, toolchain
from bulletin_press.archive.cover import COVER_FILE, cover_png
from bulletin_press.errors import BulletinError, Problem
from bulletin_press.manifest import FROZEN_DIR, PUBLISHED_DIR, issue_folder
from bulletin_press.press import printrun
from bulletin_press.vietnamese import short_date


@dataclass(frozen=True)
class Published:
    record: record.Record
    stored: dict[str, Path]   # stored file name → path
    index: Path               # the archive index (bulletins/README.md), rewritten
    warnings: tuple[Problem, ...]


def publish(issue_dir: Path, correction: str | None = None, today: date | None = None) -> Published:
    """Build the issue and store its files; a published issue needs a correction's reason."""
    issue_dir = issue_folder(issue_dir)
    previous = record.read(issue_dir)
    _check_request(issue_dir, previous, correction)
    with tempfile.TemporaryDirectory(prefix="bulletin-publish-") as temp:
        result = build.build(issue_dir, Path(temp))
        files = {path.name: path.read_bytes() for kind, path in result.outputs.items()
                 if kind in build.STORED_KINDS}
        preview_notice = build.frozen_notice(result.issue, Path(temp) / result.issue.id)
    files[COVER_FILE] = cover_png(files[build.output_names(result.issue)["reader"]])
    issue = result.issue
    published_dir = issue_dir / PUBLISHED_DIR
    settings = {} if issue.frozen else {
        f"{FROZEN_DIR}/{name.removeprefix('bulletins/')}": path.read_bytes()
        for name, path in sources.settings_sources(issue).items()}
    entry = record.Publication(
        published_on=today or date.today(), reason=correction.strip() if correction else None,
        folder=".", pages=result.pages, print_run=printrun.as_json(result.print_run),
        files={name: sources.sha256_bytes(data) for name, data in files.items()},
        inputs=sources.hashes(result.sources), toolchain=toolchain.versions())
    history = ()
    if previous:
        history = _move_current_files(published_dir, previous)
    new_record = record.Record(issue=issue.id, bulletin=issue.series.slug, number=issue.number,
                               date=issue.date, publications=(*history, entry))
    stored = output.write_all(published_dir, {**files, **settings})
    output.write_all(published_dir, {record.RECORD_FILE: record.dump(new_record)})
    warnings = tuple(w for w in result.warnings if w != preview_notice)
    return Published(record=new_record, stored={name: stored[name] for name in files},
                     index=index.write(issue_dir.parent).readme, warnings=warnings)


def _check_request(issue_dir: Path, previous: record.Record | None, correction: str | None) -> None:
    where = record.path_of(issue_dir)
    if previous and correction is None:
        raise BulletinError([Problem(where, None, (
            f"số {previous.issue} đã xuất bản ngày {short_date(previous.publications[0].published_on)}. "
            "Muốn đính chính sau khi in, chạy lại với lý do: "
            f"bulletin publish {issue_dir} --correction \"lý do đính chính\"."))])
    if previous is None and correction is not None:
        raise BulletinError([Problem(issue_dir / "issue.yaml", None, (
            "số này chưa xuất bản lần nào nên chưa có gì để đính chính; bỏ --correction."))])
    if correction is not None and not correction.strip():
        raise BulletinError([Problem(where, None, "hãy ghi lý do đính chính sau --correction.")])


def _move_current_files(published_dir: Path, previous: record.Record) -> tuple:
    """Copy the files of the publication being corrected into lan-N/ and note where they went."""
    folder = f"lan-{len(previous.publications)}"
    current = previous.current
    output.write_all(published_dir / folder, {
        name: (published_dir / name).read_bytes() for name in current.files
        if (published_dir / name).is_file()})
    return (*previous.publications[:-1], dataclasses.replace(current, folder=folder))

