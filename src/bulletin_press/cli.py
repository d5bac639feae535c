"""Command line: parse, call the library, report, exit. No logic a test would want to call."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from bulletin_press import clitext
from bulletin_press.errors import BulletinError


OUTPUT_LABELS = {
    "reader": "Bản đọc, đính kèm nguồn của số (PDF/A)",
    "screen": "Bản màn hình cho cổng thông tin và thư điện tử (PDF/UA)",
    "print": "Bản in gửi nhà in (PDF/X-4, CMYK, tràn lề 3 mm)",
    "print_black": "Bản in một màu, chỉ mực đen (PDF/X-4)",
    "booklet": "Bản in đóng cuốn cho máy in văn phòng (in hai mặt, lật cạnh ngắn)",
    "print_run_text": "Số lượng in (văn bản)",
    "print_run_json": "Số lượng in (JSON)",
    "print_order": "Phiếu đặt in (PDF)",
    "print_order_json": "Phiếu đặt in (JSON)",
    "web": "Bản web (mở tệp này bằng trình duyệt; đăng cả thư mục web/)",
}

STRICT_HELP = ("Coi các cảnh báo về dàn trang (tiêu đề hay dòng lẻ ở cuối trang, ảnh xa chú thích, "
               "hàng bảng bị cắt, chữ tràn lề, trang gần trống, chữ bị mất) là lỗi: không ghi tệp "
               "nào, thoát với mã 1.")


def _fail(error: BulletinError, as_json: bool) -> None:
    if as_json:
        click.echo(json.dumps({"errors": [p.as_dict() for p in error.problems]},
                              ensure_ascii=False, indent=2))
    else:
        for problem in error.problems:
            click.echo(str(problem), err=True)
        click.echo(f"Có {len(error.problems)} lỗi; hãy sửa rồi chạy lại.", err=True)
    sys.exit(1)


@click.group(cls=clitext.Group, name="bulletin", context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="bulletin_press", message="%(prog)s, phiên bản %(version)s",
                      help="Hiện phiên bản rồi thoát.")
def main() -> None:
    """Dàn trang bản tin nội bộ tiếng Việt thành tệp PDF sẵn sàng để in."""


@main.command()
@click.argument("issue_dir", type=click.Path(path_type=Path))
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=None, metavar="THƯ_MỤC",
              help="Thư mục đầu ra (mặc định: build/ trong kho bản tin).")
@click.option("--strict", is_flag=True, help=STRICT_HELP)
@click.option("--json", "as_json", is_flag=True, help="In kết quả dạng JSON.")
def build(issue_dir: Path, out_dir: Path | None, strict: bool, as_json: bool) -> None:
    """Dàn trang một số bản tin (ISSUE_DIR, ví dụ bulletins/2024-01) thành PDF."""
    from bulletin_press.build import build as build_issue
    from bulletin_press.press.printfile import megabytes

    try:
        result = build_issue(issue_dir, out_dir, strict=strict)
    except BulletinError as error:
        _fail(error, as_json)
    if as_json:
        click.echo(json.dumps(result.as_json(), ensure_ascii=False, indent=2))
        return
    click.echo(f"Đã dàn trang số {result.issue.id}: {result.pages} trang"
               + (f" (thêm {result.blank_pages} trang trắng trước trang cuối)" if result.blank_pages else "")
               + ".")
    for kind, path in result.outputs.items():
        size = f" ({megabytes(path.stat().st_size)} MB)" if kind == "screen" else ""
        click.echo(f"  {OUTPUT_LABELS[kind]}: {path}{size}")
    click.echo("")
    click.echo(result.print_run_text, nl=False)
    for warning in result.warnings:
        click.echo(f"Cảnh báo: {warning}", err=True)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="In lỗi dạng JSON.")
def check(paths: tuple[Path, ...], as_json: bool) -> None:
    """Kiểm tra tệp khai báo và bài viết của một hay nhiều số, không dàn trang."""
    from bulletin_press.archive.freeze import check as check_issue

    problems = []
    warnings = []
    for path in paths:
        try:
            warnings += check_issue(path).warnings
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
@click.argument("issue_dir", type=click.Path(path_type=Path))
@click.option("--correction", metavar="LÝ_DO", default=None,
              help="Đính chính một số đã xuất bản, với lý do (lưu trong hồ sơ xuất bản).")
@click.option("--json", "as_json", is_flag=True, help="In kết quả dạng JSON.")
def publish(issue_dir: Path, correction: str | None, as_json: bool) -> None:
    """Xuất bản một số: lưu bản in, bản đọc và số lượng in vào ISSUE_DIR/xuat-ban/ cùng hồ sơ
    xuất bản; sau đó số này không được sửa nữa (trừ khi đính chính)."""
    from bulletin_press.archive.publish import publish as publish_issue

    try:
        result = publish_issue(issue_dir, correction)
    except BulletinError as error:
        _fail(error, as_json)
    current = result.record.current
    if as_json:
        click.echo(json.dumps({"issue": result.record.issue, "pages": current.pages,
                               "publications": len(result.record.publications),
                               "stored": {name: str(path) for name, path in result.stored.items()},
                               "warnings": [str(w) for w in result.warnings]},
                              ensure_ascii=False, indent=2))
        return
    what = "Đã đính chính" if current.reason else "Đã xuất bản"
    click.echo(f"{what} số {result.record.issue}: {current.pages} trang. Các tệp đã lưu:")
    for path in result.stored.values():
        click.echo(f"  {path}")
    click.echo(f"Đã cập nhật mục lục kho: {result.index}")
    click.echo("Hãy commit thư mục xuat-ban/ và mục lục vào git để lưu trữ.")
    for warning in result.warnings:
        click.echo(f"Cảnh báo: {warning}", err=True)


@main.command()
@click.argument("issue_dirs", nargs=-1, type=click.Path(path_type=Path))
@click.option("--bulletins", "bulletins_dir", type=click.Path(path_type=Path),
              default=Path("bulletins"), metavar="THƯ_MỤC",
              help="Thư mục kho bản tin, khi không nêu số nào (mặc định: bulletins).")
@click.option("--json", "as_json", is_flag=True, help="In kết quả dạng JSON.")
def verify(issue_dirs: tuple[Path, ...], bulletins_dir: Path, as_json: bool) -> None:
    """Dựng lại các số đã xuất bản (mặc định: mọi số) và so từng byte với các tệp đã lưu."""
    from bulletin_press.archive.verify import published_issues, verify as verify_issue

    targets = list(issue_dirs) or published_issues(bulletins_dir)
    verdicts = []
    for target in targets:
        try:
            verdicts.append(verify_issue(target))
        except BulletinError as error:
            _fail(error, as_json)
    if as_json:
        click.echo(json.dumps({"issues": [v.as_json() for v in verdicts],
                               "ok": all(v.ok for v in verdicts)}, ensure_ascii=False, indent=2))
    else:
        for verdict in verdicts:
            click.echo(verdict.line(), err=not verdict.ok)
        if not verdicts:
            click.echo(f"Chưa có số nào đã xuất bản trong {bulletins_dir}.")
    if not all(v.ok for v in verdicts):
        sys.exit(1)


@main.command()
@click.argument("pdfs", metavar="PDF...", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--issue", "issue_dir", type=click.Path(path_type=Path), default=None,
              metavar="THƯ_MỤC_SỐ",
              help="Số bản tin của tệp (ví dụ bulletins/2024-01), để so số trang với giấy phép, "
                   "khổ và tràn lề với bố cục, số lượng in với tệp khai báo. Mặc định: tìm theo "
                   "chỗ để tệp (build/NĂM-THÁNG/ hoặc bulletins/NĂM-THÁNG/xuat-ban/).")
@click.option("--black-only", is_flag=True,
              help="Bản in một màu: không được có mực C, M, Y hay màu RGB.")
@click.option("--json", "as_json", is_flag=True, help="In kết quả dạng JSON.")
def preflight(pdfs: tuple[Path, ...], issue_dir: Path | None, black_only: bool,
              as_json: bool) -> None:
    """Kiểm tra bản in PDF trước khi gửi nhà in: phông chữ, số trang, khổ và tràn lề, PDF/X và
    hồ sơ màu, chữ trên bản đen, tổng lượng mực, độ phân giải ảnh, annotation, số lượng in."""
    from bulletin_press.press.preflight import check_file

    try:
        reports = [check_file(pdf, issue_dir, black_only) for pdf in pdfs]
    except BulletinError as error:
        _fail(error, as_json)
    passed = all(report.passed for report in reports)
    if as_json:
        click.echo(json.dumps({"files": [report.as_json() for report in reports],
                               "passed": passed}, ensure_ascii=False, indent=2))
    else:
        for report in reports:
            for line in report.lines():
                click.echo(line)
        if not passed:
            failed = sum(not report.passed for report in reports)
            click.echo(f"Có {failed} tệp chưa đạt; hãy sửa rồi dựng và kiểm tra lại.", err=True)
    if not passed:
        sys.exit(1)


@main.command()
@click.argument("pdf", type=click.Path(path_type=Path))
@click.argument("target", type=click.Path(path_type=Path))
def extract(pdf: Path, target: Path) -> None:
    """Lấy lại nguồn của một số (issue.yaml, bài, ảnh, thiết lập, bố cục) từ bản đọc PDF
    đã xuất bản vào thư mục mới TARGET, để dựng lại đúng từng byte."""
    from bulletin_press.archive.extract import extract as extract_sources

    try:
        result = extract_sources(pdf, target)
    except BulletinError as error:
        _fail(error, False)
    click.echo(f"Đã trích {len(result.files)} tệp nguồn vào {result.project}.")
    click.echo(f"Dựng lại bằng: bulletin build {result.issue_dir}")


@main.command("build-all")
@click.argument("bulletins_dir", type=click.Path(path_type=Path), default=Path("bulletins"))
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=None, metavar="THƯ_MỤC",
              help="Thư mục đầu ra (mặc định: build/ trong kho bản tin).")
@click.option("--jobs", type=click.IntRange(min=1), default=None, metavar="SỐ",
              help="Số số bản tin dựng cùng lúc (mặc định: số lõi máy).")
@click.option("--strict", is_flag=True, help=STRICT_HELP)
@click.option("--json", "as_json", is_flag=True, help="In kết quả dạng JSON.")
def build_all(bulletins_dir: Path, out_dir: Path | None, jobs: int | None, strict: bool,
              as_json: bool) -> None:
    """Dựng mọi số trong kho BULLETINS_DIR; số nào đầu vào không đổi từ lần dựng trước thì bỏ qua."""
    from bulletin_press.archive.incremental import build_all as build_archive, issue_dirs

    labels = {"built": "đã dựng", "skipped": "bỏ qua (không đổi)", "failed": "LỖI"}
    total = len(issue_dirs(bulletins_dir))
    if sys.stderr.isatty() and not as_json:
        with click.progressbar(length=total, label="Đang dựng kho bản tin", file=sys.stderr) as bar:
            outcomes = build_archive(bulletins_dir, out_dir, jobs, lambda _: bar.update(1),
                                     strict=strict)
    else:
        outcomes = build_archive(bulletins_dir, out_dir, jobs, strict=strict)
    counts = {status: sum(o.status == status for o in outcomes) for status in labels}
    if as_json:
        click.echo(json.dumps({**{status: [o.issue for o in outcomes if o.status == status]
                                  for status in labels},
                               "issues": [o.as_json() for o in outcomes]},
                              ensure_ascii=False, indent=2))
    else:
        for outcome in outcomes:
            seconds = f" ({outcome.seconds:.1f} giây)" if outcome.status == "built" else ""
            click.echo(f"{outcome.issue}: {labels[outcome.status]}{seconds}")
            for error in outcome.errors:
                where = f"{error['file']}:{error['line']}" if error["line"] else error["file"]
                click.echo(f"  {where}: {error['message']}", err=True)
            for warning in outcome.warnings:
                click.echo(f"  Cảnh báo: {warning}", err=True)
        click.echo(f"Tổng cộng {len(outcomes)} số: {counts['built']} đã dựng, "
                   f"{counts['skipped']} bỏ qua, {counts['failed']} lỗi.")
    if counts["failed"]:
        sys.exit(1)


@main.command()
@click.argument("words", nargs=-1, required=True)
@click.option("--bulletins", "bulletins_dir", type=click.Path(path_type=Path),
              default=Path("bulletins"), metavar="THƯ_MỤC",
              help="Thư mục kho bản tin (mặc định: bulletins).")
@click.option("--json", "as_json", is_flag=True, help="In kết quả dạng JSON.")
def find(words: tuple[str, ...], bulletins_dir: Path, as_json: bool) -> None:
    """Tìm WORDS trong tên bài và nội dung mọi số, có dấu hay không dấu đều được
    (gõ "hoa" tìm ra cả "hòa", "hoà", "hóa")."""
    from bulletin_press.archive.search import find as search

    query = " ".join(words)
    result = search(query, bulletins_dir)
    if as_json:
        click.echo(json.dumps({"query": query, "hits": [h.as_json() for h in result.hits],
                               "not_built": list(result.not_built)},
                              ensure_ascii=False, indent=2))
        return
    for hit in result.hits:
        click.echo(f"{hit.issue} · trang {hit.page} · {hit.title}")
        click.echo(f"    {hit.excerpt}")
    click.echo(f"Tìm thấy “{query}” ở {len(result.hits)} trang.")
    if result.not_built:
        click.echo(f"Chưa tìm trong các số chưa dựng: {', '.join(result.not_built)} "
                   "(dựng bằng: bulletin build-all).")


@main.command()
@click.argument("files", metavar="FILE...", nargs=-1, required=True,
                type=click.Path(path_type=Path))
@click.option("--from", "source", type=click.Choice(["auto", "tcvn3", "vni"]), default="auto",
              help="Bảng mã của chữ cũ: tcvn3 (ABC, phông .VnTime), vni (phông VNI-Times) "
                   "hoặc auto (tự nhận ra; mặc định).")
@click.option("--json", "as_json", is_flag=True, help="In kết quả dạng JSON.")
def convert(files: tuple[Path, ...], source: str, as_json: bool) -> None:
    """Chuyển chữ gõ bằng bảng mã cũ TCVN3 (ABC) hoặc VNI trong các tệp FILE sang Unicode.

    Chỉ những dòng gõ bằng bảng mã cũ được chuyển; tệp được ghi lại tại chỗ và bản gốc được
    giữ bên cạnh (tên tệp thêm đuôi .bak). Nếu một tệp có lỗi, không tệp nào bị ghi.
    """
    from bulletin_press.legacy import LABELS, plan_file, write_conversion

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


@main.command()
@click.argument("bulletins_dir", type=click.Path(path_type=Path), default=Path("bulletins"))
@click.option("--json", "as_json", is_flag=True, help="In kết quả dạng JSON.")
def archive(bulletins_dir: Path, as_json: bool) -> None:
    """Viết mục lục kho bản tin: BULLETINS_DIR/README.md (xem được trên trang kho mã) và trang
    web build/luu-tru/index.html có ảnh bìa; gồm mọi số, mới nhất trước, và bảng tra tên bài
    theo thứ tự chữ cái."""
    from bulletin_press.archive.index import write

    try:
        written = write(bulletins_dir)
    except BulletinError as error:
        _fail(error, as_json)
    if as_json:
        click.echo(json.dumps(written.as_json(), ensure_ascii=False, indent=2))
        return
    click.echo(f"Đã viết mục lục kho bản tin ({written.archive.summary.removesuffix('.')}):")
    click.echo(f"  {written.readme}")
    click.echo(f"  {written.web_page}")
    for entry in written.archive.entries:
        if entry.problems:
            click.echo(f"Cảnh báo: {entry.check_path}: có {len(entry.problems)} lỗi nên chưa liệt "
                       f"kê được nội dung; xem bằng: bulletin check {entry.check_path}", err=True)


@main.command()
@click.argument("bulletins_dir", type=click.Path(path_type=Path), default=Path("bulletins"))
@click.option("--year", type=click.IntRange(min=1), required=True, metavar="NĂM",
              help="Năm cần báo cáo, ví dụ 2023.")
@click.option("--json", "as_json", is_flag=True, help="In kết quả dạng JSON.")
def report(bulletins_dir: Path, year: int, as_json: bool) -> None:
    """Báo cáo tổng hợp một năm từ hồ sơ các số đã xuất bản: số bản, số trang, giấy in, bài,
    tác giả, đơn vị; in ra màn hình và ghi build/bao-cao-NĂM.pdf (một trang A4, có biểu đồ)."""
    from bulletin_press.archive.report import write

    try:
        written = write(bulletins_dir, year)
    except BulletinError as error:
        _fail(error, as_json)
    if as_json:
        click.echo(json.dumps(written.as_json(), ensure_ascii=False, indent=2))
        return
    click.echo(written.report.as_text(), nl=False)
    if written.pdf:
        click.echo(f"\nBáo cáo PDF (một trang A4): {written.pdf}")
    for warning in written.warnings:
        click.echo(f"Cảnh báo: {warning}", err=True)


@main.command()
@click.argument("issue_dir", type=click.Path(path_type=Path))
@click.argument("kind", type=click.Choice(["article", "report", "briefing"]))
@click.argument("title")
@click.option("--section", metavar="CHUYÊN_MỤC", default=None,
              help="Chuyên mục để xếp bài (mặc định: chuyên mục cuối; chưa có thì tạo mới).")
def add(issue_dir: Path, kind: str, title: str, section: str | None) -> None:
    """Tạo bài mới (article: bài viết, report: báo cáo, briefing: tin vắn) tên TITLE trong số
    ISSUE_DIR từ mẫu, rồi thêm tên tệp vào issue.yaml."""
    from bulletin_press.desk.add import add as add_item

    try:
        added = add_item(issue_dir, kind, title, section)
    except BulletinError as error:
        _fail(error, False)
    click.echo(f"Đã tạo {added.file}")
    where = "chuyên mục mới" if added.new_section else "chuyên mục"
    click.echo(f"Đã thêm vào issue.yaml, {where} “{added.section}”. Mở tệp để viết bài, rồi chạy: "
               "make check")


@main.command()
@click.argument("issue_dir", type=click.Path(path_type=Path))
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=None, metavar="THƯ_MỤC",
              help="Thư mục ghi bản xem trước (mặc định: build/NĂM-THÁNG/xem-truoc/ trong kho "
                   "bản tin).")
def preview(issue_dir: Path, out_dir: Path | None) -> None:
    """Xem trước một số (ISSUE_DIR): dựng bản đọc PDF, ghi ảnh từng trang và một ảnh toàn số
    với các trang đặt cạnh nhau như khi mở cuốn bản tin. Không dựng bản gửi nhà in."""
    from bulletin_press.desk.preview import preview as preview_issue

    try:
        made = preview_issue(issue_dir, out_dir)
    except BulletinError as error:
        _fail(error, False)
    click.echo(f"Đã dựng bản xem trước số {made.issue.id}: {made.pages} trang"
               + (f" (thêm {made.blank_pages} trang trắng trước trang cuối)"
                  if made.blank_pages else "") + ".")
    _echo_preview_files(made)
    click.echo(f"  Ảnh từng trang ({len(made.page_pictures)} tệp):")
    for path in made.page_pictures:
        click.echo(f"    {path}")
    for warning in made.warnings:
        click.echo(f"Cảnh báo: {warning}", err=True)


def _echo_preview_files(made) -> None:
    click.echo(f"  Bản đọc (PDF): {made.reader}")
    click.echo(f"  Ảnh toàn số: {made.contact_sheet}")


@main.command()
@click.argument("issue_dir", type=click.Path(path_type=Path))
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=None, metavar="THƯ_MỤC",
              help="Thư mục ghi bản xem trước (mặc định: build/NĂM-THÁNG/xem-truoc/ trong kho "
                   "bản tin).")
def watch(issue_dir: Path, out_dir: Path | None) -> None:
    """Theo dõi một số (ISSUE_DIR): mỗi khi lưu bài, ảnh hay tệp bố cục, tự dựng lại bản đọc
    và ảnh xem trước như lệnh preview. Bấm Ctrl-C để dừng."""
    from bulletin_press.desk.watch import Failed, Watcher, watch as watch_issue
    from bulletin_press.vietnamese import format_number

    shown_once = []

    def report(event) -> None:
        clock = event.at.strftime("%H:%M:%S")
        after = (f" sau khi lưu {', '.join(_shown(path) for path in event.changed)}"
                 if event.changed else "")
        seconds = f"{format_number(event.seconds, 1)} giây"
        if isinstance(event, Failed):
            for problem in event.problems:
                click.echo(str(problem), err=True)
            click.echo(f"[{clock}] Có {len(event.problems)} lỗi{after} ({seconds}); hãy sửa rồi "
                       "lưu lại, bản xem trước sẽ tự dựng lại.", err=True)
            return
        made = event.preview
        again = "lại " if event.changed else ""
        click.echo(f"[{clock}] Đã dựng {again}số {made.issue.id}{after}: {made.pages} trang, "
                   f"vẽ lại {len(made.redrawn)} trang ({seconds}).")
        if not shown_once:
            _echo_preview_files(made)
            shown_once.append(True)
        for warning in made.warnings:
            click.echo(f"Cảnh báo: {warning}", err=True)

    try:
        watcher = Watcher(issue_dir, out_dir)
    except BulletinError as error:
        _fail(error, False)
    click.echo(f"Đang theo dõi {issue_dir}: mỗi khi lưu bài, ảnh hay tệp bố cục, bản "
               "xem trước sẽ tự dựng lại. Bấm Ctrl-C để dừng.")
    try:
        watch_issue(watcher, on_event=report)
    except KeyboardInterrupt:
        click.echo("Đã dừng theo dõi.")


@main.command("import")
@click.argument("files", metavar="FILE.docx...", nargs=-1, required=True,
                type=click.Path(path_type=Path))
@click.option("--issue", "issue_dir", type=click.Path(path_type=Path), required=True,
              metavar="THƯ_MỤC_SỐ", help="Thư mục số bản tin nhận bài, ví dụ bulletins/2024-02.")
@click.option("--kind", type=click.Choice(["article", "report", "briefing"]), default="article",
              help="Loại bài: article (bài viết, mặc định), report (báo cáo), briefing (tin vắn).")
@click.option("--section", metavar="CHUYÊN_MỤC", default=None,
              help="Chuyên mục để xếp bài (mặc định: chuyên mục cuối; chưa có thì tạo mới).")
@click.option("--json", "as_json", is_flag=True, help="In kết quả dạng JSON.")
def import_(files: tuple[Path, ...], issue_dir: Path, kind: str, section: str | None,
            as_json: bool) -> None:
    """Nhập bài từ tệp Word (.docx) của cộng tác viên vào số bản tin --issue: mỗi tệp thành một
    tệp bài (.md) có phần đầu (tên bài, sapo, tác giả, đơn vị), ảnh được chép vào img/, chữ gõ
    bằng phông cũ TCVN3 (.VnTime) hay VNI được chuyển sang Unicode, rồi tên tệp được thêm vào
    issue.yaml. Sau đó in báo cáo: đã chuyển gì, đã bỏ gì, cần kiểm tra gì. Nếu một tệp có lỗi,
    không tệp nào được ghi."""
    from bulletin_press.desk.docx import import_docx

    try:
        result = import_docx(files, issue_dir, kind, section)
    except BulletinError as error:
        _fail(error, as_json)
    if as_json:
        click.echo(json.dumps(result.as_json(), ensure_ascii=False, indent=2))
        return
    for item in result.imported:
        click.echo(item.as_text())
    where = "chuyên mục mới" if result.new_section else "chuyên mục"
    click.echo(f"Đã thêm {len(result.imported)} bài vào {_shown(result.manifest)}, {where} "
               f"“{result.section}”. Hãy đọc lại từng bài so với bản Word, rồi chạy: "
               f"bulletin check {_shown(result.issue_dir)}")
