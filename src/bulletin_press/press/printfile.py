"""Padding to a multiple of four pages, then the print PDF (PDF/X-4, with bleed, CMYK output
intent), the reader PDF and the screen PDF, all three from the same laid-out pages.

The reader PDF is archival (PDF/A-3b) and carries the issue's sources as attachments, so the
issue can be recovered from it alone (`bulletin extract`). The screen PDF is for the portal
and e-mail: tagged for screen readers (PDF/UA-1), trimmed, light photos, no attachments; it is
written after the other two and changes none of their bytes.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import pikepdf

from bulletin_press import forked
from bulletin_press.errors import BulletinError, Problem
from bulletin_press.manifest import FONTS_CSS
from bulletin_press.model import Issue
from bulletin_press.press import deflate, finish, fontsubset
from bulletin_press.render import BACK_PAGE_ID, SPARE_BLANK_PAGES, blank_page_id, template_path
from bulletin_press.typeset import collect_warnings, warnings_or_raise
from bulletin_press.vietnamese import format_number

PRINT_VARIANT, READER_VARIANT, SCREEN_VARIANT = "pdf/x-4", "pdf/a-3b", "pdf/ua-1"
# What the screen PDF should weigh at most, to be sent by e-mail and opened on a phone; a
# heavier one is a warning (the 24-page samples weigh about a third of it).
SCREEN_TARGET_BYTES = 1_500_000


@dataclass(frozen=True)
class PrintFiles:
    print_pdf: bytes
    reader_pdf: bytes
    screen_pdf: bytes
    pages: int
    blank_pages: int
    warnings: tuple[Problem, ...]


@dataclass(frozen=True)
class ReaderFile:
    reader_pdf: bytes
    pages: int
    blank_pages: int
    warnings: tuple[Problem, ...]


def padded_pages(pages: list, issue: Issue) -> tuple[list, int]:
    """Keep the 0–3 spare blank pages that bring the count to a multiple of four.

    The document ends with SPARE_BLANK_PAGES blank pages and the back page, found by their
    element ids; the blanks kept go before the back page so the colophon stays on the last
    page, as the law requires. A back page longer than one page, or spares that are missing
    or not blank, are refused rather than cut.
    """
    document_html = next(folder / "document.html"
                         for folder in template_path(issue.directory, issue.layout)
                         if (folder / "document.html").is_file())
    back = [i for i, page in enumerate(pages) if BACK_PAGE_ID in page.anchors]
    if not back:
        raise BulletinError([Problem(document_html, None, (
            f"bố cục không có trang cuối (phần tử id=\"{BACK_PAGE_ID}\", mẫu back.html); trang "
            "cuối mang thông tin xuất bản bắt buộc (Luật Báo chí, Điều 34)."))])
    if back[0] != len(pages) - 1:
        raise BulletinError([Problem(issue.series.file, None, (
            f"trang cuối dài {len(pages) - back[0]} trang, phải vừa một trang: ban biên tập hoặc "
            "địa chỉ quá dài. Hãy rút gọn 'editorial_board' hoặc 'address'."))])
    spares = [next((i for i, page in enumerate(pages) if blank_page_id(n) in page.anchors), None)
              for n in range(1, SPARE_BLANK_PAGES + 1)]
    expected = list(range(back[0] - SPARE_BLANK_PAGES, back[0]))
    if spares != expected or not all(_is_blank(pages[i]) for i in expected):
        raise BulletinError([Problem(document_html, None, (
            f"mẫu trình bày phải kết thúc bằng {SPARE_BLANK_PAGES} trang trắng dự phòng rồi trang "
            "cuối (xem mục “How to add a layout” trong README); thiếu chúng, chương trình không "
            "thêm được trang trắng để số trang chia hết cho 4 mà không làm mất nội dung."))])
    covers = sum(page._page_box.page_type.name == "cover" for page in pages)
    if covers > 1:
        raise BulletinError([Problem(issue.file, None, (
            f"trang bìa dài {covers} trang, phải vừa một trang: mục “Trong số này” quá dài. Hãy "
            "bỏ bớt bài khỏi bìa bằng dòng 'cover: false' ở phần đầu bài."))])
    content = pages[:expected[0]]
    needed = -(len(content) + 1) % 4
    return content + [pages[i] for i in expected[:needed]] + [pages[-1]], needed


def blank_pages_warning(issue: Issue, pages: int, blanks: int) -> tuple[Problem, ...]:
    """Two or three blank pages before the back page are paper printed for nothing: say how
    much to add or cut. One is left unsaid: it is the usual cost of a multiple of four."""
    if blanks < 2:
        return ()
    return (Problem(issue.file, None, (
        f"số này in {pages} trang, trong đó {blanks} trang trắng thêm vào trước trang cuối cho "
        f"số trang chia hết cho 4. Hãy thêm khoảng {blanks} trang bài, hoặc bớt "
        f"{4 - blanks} trang để số chỉ còn {pages - 4} trang.")),)


def _is_blank(page) -> bool:
    """Nothing drawn on the page: no text, no image."""
    from weasyprint.formatting_structure import boxes

    return not any(isinstance(box, boxes.ReplacedBox) or
                   (isinstance(box, boxes.TextBox) and box.text.strip())
                   for box in page._page_box.descendants())


def make(document, issue: Issue, sources: dict[str, Path]) -> PrintFiles:
    """The print, reader and screen PDFs of a laid-out issue; sources become the reader's
    attachments."""
    laid_out, pages, blanks = _padded(document, issue)

    def reader() -> tuple[bytes, tuple[Problem, ...]]:
        _as_after_print_file(laid_out)
        with collect_warnings(issue.directory) as logged:
            archival = _archival(laid_out, issue, sources)
        return finish.reader_file(archival), warnings_or_raise(logged)

    def screen() -> tuple[bytes, tuple[Problem, ...]]:
        _as_after_print_file(laid_out)
        with collect_warnings(issue.directory) as logged:
            written = laid_out.write_pdf(pdf_variant=SCREEN_VARIANT)
        return finish.screen_file(written), warnings_or_raise(logged)

    # The three PDFs paint the same pages: the reader and the screen PDF are written in
    # forked copies while the print file is written here.
    with forked.Forked(reader) as reader_job, forked.Forked(screen) as screen_job:
        with collect_warnings(issue.directory) as logged:
            print_pdf = laid_out.write_pdf(pdf_variant=PRINT_VARIANT)
        warnings = warnings_or_raise(logged)
        profile = _required_profile(print_pdf, issue)
        print_pdf = finish.print_file(print_pdf, profile)
        (reader_pdf, reader_warnings), (screen_pdf, screen_warnings) = (
            reader_job.result(), screen_job.result())
    warnings = (*dict.fromkeys((*warnings, *reader_warnings, *screen_warnings)),
                *blank_pages_warning(issue, pages, blanks))
    if len(screen_pdf) > SCREEN_TARGET_BYTES:
        warnings += (screen_size_warning(issue, len(screen_pdf)),)
    return PrintFiles(print_pdf=print_pdf, reader_pdf=reader_pdf, screen_pdf=screen_pdf,
                      pages=pages, blank_pages=blanks, warnings=warnings)


def make_reader(document, issue: Issue, sources: dict[str, Path]) -> ReaderFile:
    """The reader PDF alone (for previews), byte for byte the one make() gives."""
    laid_out, pages, blanks = _padded(document, issue)
    _as_after_print_file(laid_out)
    with collect_warnings(issue.directory) as logged:
        archival = _archival(laid_out, issue, sources)
    warnings = (*warnings_or_raise(logged), *blank_pages_warning(issue, pages, blanks))
    _required_profile(archival, issue)
    return ReaderFile(reader_pdf=finish.reader_file(archival), pages=pages, blank_pages=blanks,
                      warnings=warnings)


def _as_after_print_file(laid_out) -> None:
    """Leave the document as writing the print file leaves it, as if the reader were written
    second: the print file's output intent reads its colour profile's name, after which
    LittleCMS serialises that profile with other bytes. The profile is chosen as
    WeasyPrint chooses it for the output intent."""
    profiles = laid_out.color_profiles
    chosen = (profiles.get(laid_out.output_intent) or profiles.get("device-cmyk")
              or next(iter(profiles.values()), None))
    if chosen is not None:
        chosen.name


def _padded(document, issue: Issue):
    """The document cut to the pages printed, their count and the blank pages kept."""
    pages, blanks = padded_pages(list(document.pages), issue)
    fontsubset.install()
    deflate.install()
    return document.copy(pages), len(pages), blanks


def _archival(laid_out, issue: Issue, sources: dict[str, Path]) -> bytes:
    """The reader PDF as WeasyPrint writes it: PDF/A-3b carrying the sources."""
    from weasyprint import Attachment

    published = datetime(issue.date.year, issue.date.month, issue.date.day, tzinfo=timezone.utc)
    attachments = [Attachment(file_obj=io.BytesIO(path.read_bytes()), name=name,
                              description=f"Nguồn của số {issue.id}: {name}",
                              created=published, modified=published, relationship="Source")
                   for name, path in sources.items()
                   if name == FONTS_CSS or not name.startswith("fonts/")]
    # The reader keeps the layout's CMYK output intent: its colours are those of the press.
    return laid_out.write_pdf(pdf_variant=READER_VARIANT, output_intent="device-cmyk",
                              attachments=attachments)


def _required_profile(pdf: bytes, issue: Issue) -> bytes:
    profile = output_profile(pdf)
    if profile is None:
        raise BulletinError([Problem(issue.layout.directory / "style.css", None, (
            "bố cục chưa khai báo hồ sơ màu CMYK cho nhà in: thêm vào style.css dòng "
            "@color-profile device-cmyk { src: url(\"icc/cmyk-fogra39-tac300.icc\"); "
            "components: c, m, y, k; } (xem layouts/_shared/style.css)."))])
    return profile


def screen_size_warning(issue: Issue, size: int) -> Problem:
    return Problem(issue.file, None, (
        f"bản màn hình nặng {megabytes(size)} MB, quá mức {megabytes(SCREEN_TARGET_BYTES)} MB "
        "nên khó gửi qua thư điện tử và mở chậm trên điện thoại. Ảnh trong bản này đã ở "
        f"{finish.SCREEN_PPI} ppi; hãy bớt ảnh hoặc chia số thành nhiều phần."))


def megabytes(size: int) -> str:
    """1_234_567 → '1,23' (decimal megabytes, Vietnamese decimal comma)."""
    return format_number(size / 1_000_000, 2)


def output_profile(pdf: bytes) -> bytes | None:
    """The ICC profile of the PDF's output intent, if it has one."""
    with pikepdf.open(io.BytesIO(pdf)) as document:
        intents = document.Root.get("/OutputIntents")
        if not intents or "/DestOutputProfile" not in intents[0]:
            return None
        return intents[0].DestOutputProfile.read_bytes()
