"""The publication record of an issue (xuat-ban/ho-so-xuat-ban.yaml), committed with it.

One entry per publication: the first, then one per correction (đính chính) with its reason.
Each entry keeps the page count, the print run, the SHA-256 of every stored file and of every
input, and the toolchain that made the bytes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml

from bulletin_press.errors import BulletinError, Problem
from bulletin_press.manifest import PUBLISHED_DIR

RECORD_FILE = "ho-so-xuat-ban.yaml"
HEADER = """\
# Hồ sơ xuất bản của số bản tin này, do lệnh `bulletin publish` ghi. Đừng sửa tay:
# `bulletin check` và `bulletin verify` so các tệp với mã SHA-256 ghi ở đây.
"""


@dataclass(frozen=True)
class Publication:
    """One publication of the issue: the first one, or a correction."""

    published_on: date          # the day `bulletin publish` ran
    reason: str | None          # None for the first publication, the correction's reason after
    folder: str                 # where its files are, relative to xuat-ban/ ("." = current)
    pages: int
    print_run: dict
    files: dict[str, str]       # stored file name → SHA-256
    inputs: dict[str, str]      # project name of each input → SHA-256
    toolchain: dict[str, str]


@dataclass(frozen=True)
class Record:
    issue: str
    bulletin: str
    number: int
    date: date                  # the issue's publication date, as printed on the cover
    publications: tuple[Publication, ...]

    @property
    def current(self) -> Publication:
        return self.publications[-1]


def path_of(issue_dir: Path) -> Path:
    return issue_dir / PUBLISHED_DIR / RECORD_FILE


def read(issue_dir: Path) -> Record | None:
    """The issue's record, or None if it was never published."""
    path = path_of(issue_dir)
    if not path.is_file():
        return None
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        return Record(issue=data["issue"], bulletin=data["bulletin"], number=data["number"],
                      date=data["date"], publications=tuple(
                          Publication(**entry) for entry in data["publications"]))
    except (yaml.YAMLError, KeyError, TypeError, UnicodeDecodeError) as exc:
        raise BulletinError([Problem(path, None, (
            f"hồ sơ xuất bản bị hỏng ({type(exc).__name__}); hãy lấy lại tệp này từ lịch sử git "
            "(git checkout -- <tệp>)."))]) from None


def dump(record: Record) -> bytes:
    data = {"issue": record.issue, "bulletin": record.bulletin, "number": record.number,
            "date": record.date,
            "publications": [vars(publication) for publication in record.publications]}
    return (HEADER + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)).encode()
