"""The editor's month, parts 3 and 4: `bulletin preview` (page pictures and a contact sheet of
the spreads) and `bulletin watch` (the preview built again on every save)."""

from __future__ import annotations

import io
import os
import shutil
import time
from datetime import datetime
from pathlib import Path

import pikepdf
import pytest
from click.testing import CliRunner
from PIL import Image, ImageChops, ImageStat
from projects import REPO, copy_samples, line_of, replace
from pypdf import PdfReader

from bulletin_press import build, render, sources, typeset
from bulletin_press.cli import main
from bulletin_press.desk import preview, watch
from bulletin_press.press import printfile

MONTH = "2024-01"          # 20 pages, 19 × 27 cm
EDITED = "chuan-bi-tet-giap-thin.md"
HEADING = "## Bảo đảm nguồn hàng"
MISTAKE = "# Bảo đảm nguồn hàng"
WORD, NEW_WORD = "Phiên chợ nhân đạo", "Phiên chợ yêu thương"
CLOCK = datetime(2024, 1, 10, 14, 3, 12)


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def pdf_pages(path: Path) -> int:
    return len(PdfReader(path).pages)


def page_text(pdf: bytes) -> list[str]:
    """Each page's words, one space apart (justified lines have wider spaces)."""
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages]


def difference(a: Image.Image, b: Image.Image) -> float:
    """Mean absolute difference of two pictures of one size, 0–255."""
    return sum(ImageStat.Stat(ImageChops.difference(a.convert("RGB"), b.convert("RGB"))).mean) / 3


@pytest.fixture(scope="module")
def previewed(samples, tmp_path_factory):
    """`bulletin preview` of the sample January issue, as the command printed it."""
    out = tmp_path_factory.mktemp("xem-truoc")
    result = invoke("preview", samples / MONTH, "--out", out)
    assert result.exit_code == 0, result.output
    return out, result


# preview ---------------------------------------------------------------------------------------
def test_preview_writes_one_picture_per_page_and_prints_the_paths(previewed):
    out, result = previewed
    reader = out / f"thong-tin-noi-bo-{MONTH}-ban-doc.pdf"
    pictures = sorted(out.glob("*-trang-*.png"))
    assert pdf_pages(reader) == 20
    assert [p.name for p in pictures] == [f"thong-tin-noi-bo-{MONTH}-trang-{n:02d}.png"
                                          for n in range(1, 21)]
    assert result.stdout.startswith(f"Đã dựng bản xem trước số {MONTH}: 20 trang.")
    for path in (reader, out / f"thong-tin-noi-bo-{MONTH}-toan-so.png", *pictures):
        assert str(path) in result.stdout
    with Image.open(pictures[0]) as page:  # 19 × 27 cm at 100 dpi, rounded up
        assert page.size == (749, 1063)


def test_the_preview_reader_is_the_reader_of_a_build(previewed, built):
    out, _ = previewed
    assert (out / f"thong-tin-noi-bo-{MONTH}-ban-doc.pdf").read_bytes() == \
        built[MONTH].reader.read_bytes()


def sheet_and_pages(out: Path):
    sheet = Image.open(out / f"thong-tin-noi-bo-{MONTH}-toan-so.png").convert("RGB")
    pages = [Image.open(p).convert("RGB") for p in sorted(out.glob("*-trang-*.png"))]
    return sheet, pages


def test_contact_sheet_lays_the_pages_out_in_reading_spreads(previewed):
    out, _ = previewed
    sheet, pages = sheet_and_pages(out)
    size = preview.thumbnail(pages[0]).size
    layout = preview.sheet_layout(len(pages), size)
    assert sheet.size == layout.size
    box = layout.boxes
    # Four spreads a row: the cover and 2–7, then 8–15, then 16–20.
    rows = [sorted(n for n in box if box[n][1] == top) for top in sorted({b[1] for b in box.values()})]
    assert rows == [list(range(1, 8)), list(range(8, 16)), list(range(16, 21))]
    # Facing pages touch at the spine, even on the left, odd on the right.
    for left in range(2, 20, 2):
        assert box[left][2] == box[left + 1][0] and box[left][1] == box[left + 1][1]
    # The cover stands alone on the right, the last page alone on the left: the slot beside
    # each is empty sheet.
    assert box[1][0] == box[9][0] and box[20][0] == box[4][0]
    width, height = size
    for left, top in ((box[1][0] - width, box[1][1]), (box[20][2], box[20][1])):
        empty = sheet.crop((left + 2, top + 2, left + width - 2, top + height - 2))
        assert ImageStat.Stat(empty).extrema == [(v, v) for v in preview.BACKGROUND]


def test_each_thumbnail_is_its_page(previewed):
    out, _ = previewed
    sheet, pages = sheet_and_pages(out)
    layout = preview.sheet_layout(len(pages), preview.thumbnail(pages[0]).size)
    for number, page in enumerate(pages, 1):
        shown = sheet.crop(layout.boxes[number])
        assert difference(shown, preview.thumbnail(page)) < 2, number
        # Twin: the neighbouring page is not what is shown there.
        other = pages[number % len(pages)]
        assert difference(shown, preview.thumbnail(other)) > 8, number


def test_preview_is_deterministic(previewed, samples, tmp_path):
    out, _ = previewed
    assert invoke("preview", samples / MONTH, "--out", tmp_path).exit_code == 0
    first = {p.name: p.read_bytes() for p in out.iterdir()}
    assert first == {p.name: p.read_bytes() for p in tmp_path.iterdir()}


def test_preview_of_an_issue_with_a_mistake_fails_like_build(tmp_path):
    issue_dir = copy_samples(tmp_path / "project", issues=(MONTH,)) / MONTH
    article = issue_dir / EDITED
    replace(article, HEADING, MISTAKE)
    line = line_of(article, MISTAKE)
    result = invoke("preview", issue_dir)
    assert result.exit_code == 1
    assert f"{EDITED}:{line}: tiêu đề “#” không dùng được trong thân bài" in result.stderr
    assert result.stderr.endswith("Có 1 lỗi; hãy sửa rồi chạy lại.\n")
    assert "Traceback" not in result.output and result.stdout == ""
    assert not (tmp_path / "project" / "build").exists()


def test_preview_goes_to_the_build_folder_by_default(tmp_path):
    issue_dir = copy_samples(tmp_path / "project", issues=("2023-11",)) / "2023-11"
    made = preview.preview(issue_dir)
    folder = tmp_path / "project" / "build" / "2023-11" / "xem-truoc"
    assert made.contact_sheet == folder / "thong-tin-noi-bo-2023-11-toan-so.png"
    assert len(list(folder.glob("*-trang-*.png"))) == made.pages == 24


# page pictures ---------------------------------------------------------------------------------
def with_pages(pdf: bytes, order: list[int]) -> bytes:
    """The PDF with its pages (numbered from 1) in the given order."""
    with pikepdf.open(io.BytesIO(pdf)) as document:
        pages = [document.pages[n - 1] for n in order]
        out = pikepdf.new()
        for page in pages:
            out.pages.append(page)
        buffer = io.BytesIO()
        out.save(buffer, deterministic_id=True)
        return buffer.getvalue()


def test_only_changed_pages_are_drawn_again_and_pages_gone_are_removed(built, tmp_path):
    reader = built[MONTH].reader.read_bytes()
    pictures = preview.PagePictures()
    names = ("p-{:02d}.png", "sheet.png", "", REPO / "fonts")
    first = list(range(1, 9))
    _, _, drawn = pictures.write(with_pages(reader, first), tmp_path, *names)
    assert drawn == tuple(range(1, 9))
    before = {p.name: p.stat().st_mtime_ns for p in tmp_path.glob("p-*.png")}

    _, _, drawn = pictures.write(with_pages(reader, first), tmp_path, *names)
    assert drawn == ()
    # Page 5 now shows page 9; pages 7 and 8 are gone.
    _, _, drawn = pictures.write(with_pages(reader, [1, 2, 3, 4, 9, 6]), tmp_path, *names)
    assert drawn == (5,)
    after = {p.name: p.stat().st_mtime_ns for p in tmp_path.glob("p-*.png")}
    assert sorted(after) == [f"p-{n:02d}.png" for n in range(1, 7)]
    assert {n for n in after if after[n] != before[n]} == {"p-05.png"}
    expected = preview.page_pictures(with_pages(reader, [9]))[1]
    assert (tmp_path / "p-05.png").read_bytes() == expected


def test_a_page_key_follows_what_the_page_draws(built):
    reader = built[MONTH].reader.read_bytes()
    keys = preview.page_keys(reader)
    assert len(set(keys)) == len(keys)
    assert preview.page_keys(with_pages(reader, [3, 1])) == [keys[2], keys[0]]


# a kept typesetter ------------------------------------------------------------------------------
def test_a_kept_typesetter_gives_every_pdf_of_a_build_byte_for_byte(samples, built):
    """The second lay_out reuses the fonts and stylesheets of the first: the print file and the
    reader are still those of `bulletin build`."""
    checked = build.validate(samples / MONTH)
    rendered = render.render(checked)
    inputs = sources.issue_sources(checked)
    typesetter = typeset.Typesetter()
    for _ in range(2):
        document, _ = typesetter.lay_out(rendered)
        files = printfile.make(document, checked.issue, inputs)
    assert typesetter.parsed == 3
    assert files.reader_pdf == built[MONTH].reader.read_bytes()
    assert files.print_pdf == built[MONTH].print_file.read_bytes()


# watch -----------------------------------------------------------------------------------------
@pytest.fixture
def january(tmp_path) -> Path:
    return copy_samples(tmp_path / "project", issues=(MONTH,)) / MONTH


def watcher_for(issue_dir: Path, out: Path) -> watch.Watcher:
    return watch.Watcher(issue_dir, out, now=lambda: CLOCK)


def saved_later(path: Path, text: str) -> None:
    """Save path as an editor does, a moment after the last build."""
    path.write_text(text, encoding="utf-8")
    stamp = time.time_ns() + 2_000_000_000
    os.utime(path, ns=(stamp, stamp))


def one_shot_reader(issue_dir: Path, out: Path) -> bytes:
    return build.build(issue_dir, out).outputs["reader"].read_bytes()


def test_watch_builds_once_then_only_after_an_edit(january, tmp_path):
    out = tmp_path / "xem"
    watcher = watcher_for(january, out)
    first = watcher.poll()
    assert isinstance(first, watch.Rebuilt) and first.changed == () and first.at == CLOCK
    assert first.preview.redrawn == tuple(range(1, 21))
    assert watcher.poll() is None
    # Saved without a change: the time moves, the bytes do not.
    article = january / EDITED
    saved_later(article, article.read_text(encoding="utf-8"))
    assert watcher.poll() is None

    pictures = {p: p.stat().st_mtime_ns for p in first.preview.page_pictures}
    saved_later(article, article.read_text(encoding="utf-8").replace(WORD, NEW_WORD))
    again = watcher.poll()
    assert isinstance(again, watch.Rebuilt) and again.changed == (article.resolve(),)
    reader = again.preview.reader.read_bytes()
    text = page_text(reader)
    [page] = [n for n, words in enumerate(text, 1) if NEW_WORD in words]
    assert not any(WORD in words for words in text)
    # Only the pages that changed are drawn again, the page with the word among them.
    assert page in again.preview.redrawn and len(again.preview.redrawn) <= 3
    redrawn = {p for p, mtime in pictures.items() if p.stat().st_mtime_ns != mtime}
    assert redrawn == {again.preview.page_pictures[n - 1] for n in again.preview.redrawn}
    assert watcher.poll() is None
    # The fonts and stylesheets kept loaded give the bytes of a build from scratch.
    assert watcher.previewer.typesetter.parsed == 3
    assert reader == one_shot_reader(january, tmp_path / "build")


def test_watch_follows_a_layout_file_copied_into_the_issue(january, tmp_path):
    watcher = watcher_for(january, tmp_path / "xem")
    assert isinstance(watcher.poll(), watch.Rebuilt)
    parsed = watcher.previewer.typesetter.parsed
    override = january / "style.css"
    shutil.copy(REPO / "layouts" / "19x27" / "style.css", override)
    replace(override, "html { font-size: 10.5pt; }", "html { font-size: 11pt; }")
    bigger = watcher.poll()
    assert isinstance(bigger, watch.Rebuilt) and bigger.changed == (override.resolve(),)
    # A new stylesheet in the list: every one is parsed again, into new fonts.
    assert watcher.previewer.typesetter.parsed == parsed + 4
    assert bigger.preview.pages == 24

    saved_later(override, override.read_text(encoding="utf-8").replace(
        "html { font-size: 11pt; }", "html { font-size: 10.5pt; }"))
    back = watcher.poll()
    assert isinstance(back, watch.Rebuilt) and back.preview.pages == 20
    # A stylesheet of plain rules is parsed again alone; the others are kept.
    assert watcher.previewer.typesetter.parsed == parsed + 5
    assert back.preview.reader.read_bytes() == one_shot_reader(january, tmp_path / "build")


def test_watch_reports_a_mistake_where_it_is_and_recovers(january, tmp_path):
    watcher = watcher_for(january, tmp_path / "xem")
    good = watcher.poll().preview
    reader = good.reader.read_bytes()
    article = january / EDITED
    text = article.read_text(encoding="utf-8")
    saved_later(article, text.replace(HEADING, MISTAKE))
    failed = watcher.poll()
    assert isinstance(failed, watch.Failed) and failed.changed == (article.resolve(),)
    [problem] = failed.problems
    assert (problem.file.resolve(), problem.line) == (article.resolve(),
                                                      line_of(article, MISTAKE))
    assert problem.message.startswith("tiêu đề “#” không dùng được trong thân bài")
    # The last good preview stays; nothing is tried again until the next save.
    assert good.reader.read_bytes() == reader
    assert watcher.poll() is None
    saved_later(article, text)
    recovered = watcher.poll()
    assert isinstance(recovered, watch.Rebuilt)
    assert recovered.preview.reader.read_bytes() == reader
    assert recovered.preview.redrawn == ()


def test_the_watch_loop_runs_until_told_to_stop(january, tmp_path):
    article = january / EDITED
    events, naps = [], []

    def sleep(seconds):  # the editor saves during the second pause
        naps.append(seconds)
        if len(naps) == 2:
            saved_later(article, article.read_text(encoding="utf-8").replace(WORD, NEW_WORD))

    watch.watch(watcher_for(january, tmp_path / "xem"), events.append,
                stop=lambda: len(naps) == 4, sleep=sleep)
    assert [type(e) for e in events] == [watch.Rebuilt, watch.Rebuilt]
    assert events[1].changed == (article.resolve(),)
    assert naps == [watch.POLL_SECONDS] * 4


def test_watch_command_reports_in_vietnamese_and_stops_on_ctrl_c(january, tmp_path,
                                                                 monkeypatch):
    article = january / EDITED
    replace(article, HEADING, MISTAKE)  # a mistake from the start, fixed during the watch
    naps = []

    def sleep(seconds):
        naps.append(seconds)
        if len(naps) == 1:
            saved_later(article, article.read_text(encoding="utf-8").replace(MISTAKE, HEADING))
        if len(naps) == 2:
            raise KeyboardInterrupt

    monkeypatch.setattr(watch.time, "sleep", sleep)
    result = invoke("watch", january, "--out", tmp_path / "xem")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"Đang theo dõi {january}: mỗi khi lưu bài, ảnh hay tệp bố cục")
    assert lines[1].startswith("[") and f"] Đã dựng lại số {MONTH} sau khi lưu " in lines[1]
    assert lines[1].endswith(" giây).") and ": 20 trang, vẽ lại 20 trang (" in lines[1]
    assert lines[-1] == "Đã dừng theo dõi."
    errors = result.stderr.splitlines()
    assert f"{EDITED}:" in errors[0] and "tiêu đề “#” không dùng được" in errors[0]
    assert "] Có 1 lỗi (" in errors[1] and "hãy sửa rồi lưu lại" in errors[1]
    assert "Traceback" not in result.output


def test_watch_refuses_a_folder_that_is_not_there(tmp_path):
    result = invoke("watch", tmp_path / "khong-co")
    assert result.exit_code == 1
    assert "khong-co: không có thư mục này." in result.stderr
    assert "Traceback" not in result.output


def test_preview_and_watch_are_make_targets():
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    assert "preview: $(VENV)/.installed\n\t$(BULLETIN) preview $(ISSUE)\n" in makefile
    assert "watch: $(VENV)/.installed\n\t$(BULLETIN) watch $(ISSUE)\n" in makefile
