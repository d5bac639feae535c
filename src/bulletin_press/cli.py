"""Command line: parse, call the library, report, exit. No logic a test would want to call."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from bulletin_press.errors import BulletinError


def _fail(error: BulletinError, as_json: bool) -> None:
    if as_json:
        click.echo(json.dumps({"errors": [p.as_dict() for p in error.problems]},
                              ensure_ascii=False, indent=2))
    else:
        for problem in error.problems:
            click.echo(str(problem), err=True)
        click.echo(f"Có {len(error.problems)} lỗi; hãy sửa rồi chạy lại.", err=True)
    sys.exit(1)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="bulletin_press")
def main() -> None:
    """Dàn trang bản tin nội bộ tiếng Việt thành tệp PDF sẵn sàng để in."""


@main.command()
@click.argument("issue_dir", type=click.Path(path_type=Path))
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=None,
              help="Thư mục đầu ra (mặc định: build/ trong kho bản tin).")
@click.option("--json", "as_json", is_flag=True, help="In kết quả dạng JSON.")
def build(issue_dir: Path, out_dir: Path | None, as_json: bool) -> None:
    """Dàn trang một số bản tin (ISSUE_DIR, ví dụ bulletins/2024-01) thành PDF."""
    from bulletin_press.build import build as build_issue

    try:
        result = build_issue(issue_dir, out_dir)
    except BulletinError as error:
        _fail(error, as_json)
    if as_json:
        click.echo(json.dumps(result.as_json(), ensure_ascii=False, indent=2))
        return
    click.echo(f"Đã dàn trang số {result.issue.id}: {result.pages} trang"
               + (f" (thêm {result.blank_pages} trang trắng trước trang cuối)" if result.blank_pages else "")
               + ".")
    labels = {"reader": "Bản đọc (PDF)", "print": "Bản in gửi nhà in (PDF, có tràn lề 3 mm)",
              "print_run_text": "Số lượng in (văn bản)", "print_run_json": "Số lượng in (JSON)"}
    for kind, path in result.outputs.items():
        click.echo(f"  {labels[kind]}: {path}")
    click.echo("")
    click.echo(result.print_run_text, nl=False)
    for warning in result.warnings:
        click.echo(f"Cảnh báo: {warning}", err=True)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="In lỗi dạng JSON.")
def check(paths: tuple[Path, ...], as_json: bool) -> None:
    """Kiểm tra tệp khai báo và bài viết của một hay nhiều số, không dàn trang."""
    from bulletin_press.build import validate

    problems = []
    warnings = []
    for path in paths:
        try:
            warnings += validate(path).warnings
        except BulletinError as error:
            problems += error.problems
    if problems:
        _fail(BulletinError(problems), as_json)
    if as_json:
        click.echo(json.dumps({"errors": [], "warnings": [str(w) for w in warnings]},
                              ensure_ascii=False, indent=2))
    else:
        for warning in warnings:
            click.echo(f"Cảnh báo: {warning}", err=True)
        click.echo(f"Không có lỗi ({len(paths)} số đã kiểm tra).")


@main.command()
@click.argument("bulletins_dir", type=click.Path(path_type=Path), default=Path("bulletins"))
def new(bulletins_dir: Path) -> None:
    """Tạo thư mục số tháng sau từ số mới nhất trong BULLETINS_DIR."""
    from bulletin_press.desk.scaffold import new_issue

    try:
        created = new_issue(bulletins_dir)
    except BulletinError as error:
        _fail(error, False)
    click.echo(f"Đã tạo số mới: {created}")
    click.echo("Bước tiếp theo: viết bài (.md) vào thư mục này, liệt kê chúng trong issue.yaml "
               "ở mục 'sections', rồi chạy: make issue")


@main.command()
@click.argument("files", metavar="FILE...", nargs=-1, required=True,
                type=click.Path(path_type=Path))
@click.option("--from", "source", type=click.Choice(["auto", "tcvn3", "vni"]), default="auto",
              show_default=True,
              help="Bảng mã của chữ cũ: tcvn3 (ABC, phông .VnTime), vni (phông VNI-Times) "
                   "hoặc auto (tự nhận ra).")
@click.option("--json", "as_json", is_flag=True, help="In kết quả dạng JSON.")
def convert(files: tuple[Path, ...], source: str, as_json: bool) -> None:
    """Chuyển chữ gõ bằng bảng mã cũ TCVN3 (ABC) hoặc VNI trong các tệp FILE sang Unicode.

    Chỉ những dòng gõ bằng bảng mã cũ được chuyển; tệp được ghi lại tại chỗ và bản gốc được
    giữ bên cạnh (tên tệp thêm đuôi .bak). Nếu một tệp có lỗi, không tệp nào bị ghi.
    """
    from bulletin_press.content.legacy import LABELS, plan_file, write_conversion

    plans, problems, seen = [], [], set()
    for path in files:
        if path.resolve() in seen:
            continue
        seen.add(path.resolve())
        try:
            plans.append(plan_file(path, source))
        except BulletinError as error:
            problems += error.problems
    if problems:
        _fail(BulletinError(problems), as_json)
    done = []
    for plan in plans:
        try:
            done.append(write_conversion(plan))
        except BulletinError as error:
            if not as_json:
                for result in done:
                    click.echo(_conversion_line(result, LABELS))
            _fail(error, as_json)
    if as_json:
        click.echo(json.dumps({"files": [
            {"file": _shown(r.path), "encoding": r.encoding, "lines": r.lines,
             "backup": _shown(r.backup) if r.backup else None} for r in done]},
            ensure_ascii=False, indent=2))
        return
    for result in done:
        click.echo(_conversion_line(result, LABELS))


def _conversion_line(result, labels: dict[str, str]) -> str:
    if result.backup is None:
        return f"{_shown(result.path)}: không có chữ gõ bằng bảng mã cũ; tệp giữ nguyên."
    what = f"{result.lines} dòng từ bảng mã {labels[result.encoding]} sang Unicode"
    if result.eight_bit:
        what += " (tệp 8 bit, nay lưu bằng UTF-8)"
    return f"{_shown(result.path)}: đã chuyển {what}; bản gốc giữ tại {_shown(result.backup)}."


def _shown(path: Path) -> str:
    """A path as the editor typed it: relative to the working directory when inside it."""
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)
