"""`bulletin extract`: recover an issue's sources from its archival reader PDF."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from bulletin_press import output
from bulletin_press.errors import BulletinError, Problem
from bulletin_press.manifest import ISSUE_DIR, find_root

# Attachment names are project paths under these folders, nothing else is written.
ALLOWED_TOP = ("bulletins", "layouts", "fonts")


@dataclass(frozen=True)
class Extracted:
    project: Path       # the folder written: bulletins/, layouts/ and fonts/
    issue_dir: Path     # the recovered issue folder, ready for `bulletin build`
    files: tuple[str, ...]


def extract(pdf_path: Path, target: Path, fonts_from: Path | None = None) -> Extracted:
    """Write the PDF's attached sources into a new project at target.

    The font files are not attached (they are the project's own, named by fonts.css, which
    is); they are copied from the project holding the PDF, or from fonts_from.
    """
    import pikepdf

    pdf_path, target = Path(pdf_path), Path(target)
    if target.exists() and any(target.iterdir()):
        raise BulletinError([Problem(target, None, (
            "thư mục đích đã có tệp; hãy chọn một thư mục mới hoặc rỗng để không ghi đè."))])
    try:
        with pikepdf.open(pdf_path) as pdf:
            files = {name: spec.get_file().read_bytes() for name, spec in pdf.attachments.items()}
    except (pikepdf.PdfError, OSError) as exc:
        raise BulletinError([Problem(pdf_path, None, (
            f"không đọc được tệp PDF ({exc.__class__.__name__}); hãy chọn bản đọc (…-ban-doc.pdf) "
            "đã xuất bản."))]) from None
    for name in files:
        path = PurePosixPath(name)
        if path.is_absolute() or ".." in path.parts or path.parts[0] not in ALLOWED_TOP:
            raise BulletinError([Problem(pdf_path, None, (
                f"tệp đính kèm “{name}” có đường dẫn không hợp lệ; không trích tệp nào."))])
    issues = {PurePosixPath(n).parts[1] for n in files
              if n.startswith("bulletins/") and len(PurePosixPath(n).parts) > 2}
    if len(issues) != 1 or not ISSUE_DIR.match(next(iter(issues))):
        raise BulletinError([Problem(pdf_path, None, (
            "tệp PDF này không mang nguồn của một số bản tin (đính kèm issue.yaml, bài viết, ảnh); "
            "hãy chọn bản đọc (…-ban-doc.pdf) do bulletin dựng."))])
    fonts = _fonts_dir(pdf_path, fonts_from)
    shutil.copytree(fonts, target / "fonts", ignore=shutil.ignore_patterns("*.css"))
    output.write_all(target, files)
    return Extracted(project=target, issue_dir=target / "bulletins" / issues.pop(),
                     files=tuple(sorted(files)))


def _fonts_dir(pdf_path: Path, fonts_from: Path | None) -> Path:
    for start in (fonts_from, pdf_path.resolve().parent, Path.cwd()):
        if start is None:
            continue
        try:
            return find_root(Path(start).resolve()) / "fonts"
        except BulletinError:
            continue
    raise BulletinError([Problem(pdf_path, None, (
        "không tìm thấy thư mục fonts/ của kho bản tin để dựng lại; hãy chạy lệnh trong kho "
        "bản tin."))])
