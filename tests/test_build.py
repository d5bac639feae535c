"""End-to-end: the sample issues built once (see conftest) and inspected as a reader would."""

from __future__ import annotations

import io
import re
import shutil
import unicodedata
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pytest
from click.testing import CliRunner
from fontTools.ttLib import TTFont
from markdown_it import MarkdownIt

from bulletin_press.cli import main
from bulletin_press.fonts import bundled_fonts
from bulletin_press.press.preflight import embedded_fonts, foreign_fonts
from conftest import run_build
from projects import REPO as ROOT, copy_samples

MM = 72 / 25.4
# Top and bottom page margins of each layout (style.css): running heads and folios live there.
MARGINS_MM = {"a5": (17, 16), "19x27": (20, 18)}
BLEED_PT = 3 * MM


def normal(text: str) -> str:
    """Compare text as a reader sees it: NFC, one kind of quote, single spaces.

    A line may break after a slash ("tạ/ha"), so a space after a slash is not compared.
    """
    text = unicodedata.normalize("NFC", text)
    for straight, curly in (('"', "“”"), ("'", "‘’")):
        text = re.sub(f"[{curly}]", straight, text)
    # pdfium reports a hyphen that ends a line as U+0002.
    text = text.replace("\x02", "-").replace("...", "…").replace("---", "—").replace("--", "–")
    return re.sub(r"/ ", "/", re.sub(r"\s+", " ", text)).strip()


def page_texts(pdf_path: Path, layout: str) -> list[str]:
    """Each page's text inside the type area (running heads and page numbers left out)."""
    texts = []
    pdf = pdfium.PdfDocument(pdf_path)
    for index in range(len(pdf)):
        text_page = pdf[index].get_textpage()
        text = type_area_text(text_page, layout)
        # List bullets are drawn after the page's text; they are layout, not words.
        texts.append(normal(text.replace("•", " ")))
    pdf.close()
    return texts


def type_area_text(text_page, layout: str) -> str:
    """The raw text inside the type area, line breaks kept."""
    top, bottom = (m * MM for m in MARGINS_MM[layout])
    left, low, right, high = text_page.page.get_trimbox()  # the page less its bleed, if any
    return text_page.get_text_bounded(left=left, right=right, bottom=low + bottom - 1,
                                      top=high - top + 1)


def full_page_text(pdf_path: Path, index: int) -> str:
    pdf = pdfium.PdfDocument(pdf_path)
    text = normal(pdf[index].get_textpage().get_text_range())
    pdf.close()
    return text


_MD = MarkdownIt("commonmark").enable("table")


def _inline_text(children) -> str:
    parts = []
    for child in children:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "image":
            parts.append(_inline_text(child.children or []))
    return "".join(parts)


def source_sentences(item) -> list[str]:
    """Every sentence an editor wrote: header title and lead, body paragraphs, cells, captions."""
    blocks = [item.title, item.lead or ""]
    blocks += [_inline_text(t.children) for t in _MD.parse(item.body) if t.type == "inline"]
    sentences = []
    for block in blocks:
        sentences += [s for s in re.split(r"(?<=[.?!:…])\s+", normal(block)) if s]
    return sentences


def test_build_json_contract(sample):
    result = sample.result
    assert result["issue"] == sample.issue_dir.name
    assert result["pages"] % 4 == 0 and 16 <= result["pages"] <= 32
    assert sample.reader.is_file() and sample.print_file.is_file()
    run = result["print_run"]
    assert run["pages"] == result["pages"]
    assert run["sheets_per_copy"] == result["pages"] // 4
    assert run["total_sheets"] == -(-run["copies"] * run["sheets_per_copy"] * 103 // 100)
    assert run["reams"] == round(run["total_sheets"] / 500, 2)
    assert sum(r["copies"] for r in run["distribution"]) == run["copies"]
    assert len(run["distribution"]) >= 10
    assert result["warnings"] == []
    assert len(pikepdf.open(sample.print_file).pages) == result["pages"]


def test_every_sentence_is_printed(sample):
    issue = sample.issue
    body = " ".join(page_texts(sample.print_file, issue.layout.name)[2:-1])
    missing = [(item.file.name, sentence) for item in issue.items
               for sentence in source_sentences(item) if sentence not in body]
    assert missing == []


def test_a_changed_sentence_is_not_found(built):
    """Twin of the test above: one word changed and the sentence is no longer in the PDF."""
    sample = built["2023-12"]
    body = " ".join(page_texts(sample.print_file, "a5")[2:-1])
    sentence = next(s for s in source_sentences(sample.issue.items[0]) if len(s) > 60)
    assert sentence in body
    changed = sentence.replace(sentence.split()[2], "không", 1)
    assert changed not in body


def test_table_of_contents_points_to_first_page_of_each_item(sample):
    issue = sample.issue
    toc = page_texts(sample.print_file, issue.layout.name)[1]
    pages = page_texts(sample.print_file, issue.layout.name)
    printed, starts = [], []
    for item in issue.items:
        title = normal(item.title)
        entry = re.search(re.escape(title) + r"[\s.]*(\d+)", toc)
        assert entry, title
        printed.append(int(entry.group(1)))
        starts.append(next(i + 1 for i, text in enumerate(pages) if i >= 2 and title in text))
    assert printed == starts


def test_cover_carries_what_article_34_requires(sample):
    issue = sample.issue
    series = issue.series
    cover = full_page_text(sample.print_file, 0)
    month = f"{issue.month.month:02d}/{issue.month.year}"
    for field in ("BẢN TIN", series.name, series.publisher, series.parent,
                  f"Số {issue.number:02d} - Tháng {month}", "LƯU HÀNH NỘI BỘ"):
        assert normal(field) in cover
    day = issue.date
    expected = f"Phát hành ngày {day.day:02d} tháng {day.month if day.month > 2 else f'{day.month:02d}'} năm {day.year}"
    assert expected in cover
    assert _top_of(sample.print_file, 0, "Phát") < _top_of(sample.print_file, 0, "NỘI BỘ")


def test_colophon_is_at_the_bottom_of_the_last_page(sample):
    issue = sample.issue
    licence = issue.licence
    pdf = pdfium.PdfDocument(sample.print_file)
    last = full_page_text(sample.print_file, len(pdf) - 1)
    for field in (f"Giấy phép xuất bản số {licence.number}", licence.issued_by,
                  f"In tại: {issue.series.printing_place}", f"Số lượng: {issue.print.copies} bản",
                  f"Định kỳ: {issue.series.frequency}",
                  f"Chịu trách nhiệm xuất bản: {issue.series.responsible}"):
        assert normal(field) in last
    height = pdf[len(pdf) - 1].get_height()
    assert _top_of(sample.print_file, len(pdf) - 1, licence.number) < height / 4


def _top_of(pdf_path: Path, index: int, text: str) -> float:
    """Height above the page bottom of the first match of text (PDF points)."""
    pdf = pdfium.PdfDocument(pdf_path)
    text_page = pdf[index].get_textpage()
    found = text_page.search(text).get_next()
    assert found, f"{text!r} not on page {index + 1}"
    return text_page.get_charbox(found[0])[3]


def test_padding_pages_are_blank_and_before_the_last_page(sample):
    issue = sample.issue
    pages = page_texts(sample.print_file, issue.layout.name)
    last_content = max(i for i, text in enumerate(pages[:-1]) if text)
    assert all(text == "" for text in pages[last_content + 1:-1])
    assert "Giấy phép xuất bản" in full_page_text(sample.print_file, len(pages) - 1)


def test_print_file_has_trim_and_bleed_boxes(sample):
    width, height = (v * MM for v in _trim_mm(sample))
    with pikepdf.open(sample.print_file) as pdf:
        for page in pdf.pages:
            assert "/TrimBox" in page.obj and "/BleedBox" in page.obj
            trim = [float(v) for v in page.obj.TrimBox]
            bleed = [float(v) for v in page.obj.BleedBox]
            assert trim == pytest.approx([0, 0, width, height], abs=0.01)
            assert bleed == pytest.approx([-BLEED_PT, -BLEED_PT, width + BLEED_PT,
                                           height + BLEED_PT], abs=0.01)


def test_reader_file_is_cut_to_the_trim(sample):
    width, height = (v * MM for v in _trim_mm(sample))
    with pikepdf.open(sample.reader) as pdf:
        boxes = {tuple(round(float(v), 2) for v in page.obj.MediaBox) for page in pdf.pages}
        assert boxes == {(0, 0, round(width, 2), round(height, 2))}
        assert "/BleedBox" not in pdf.pages[0].obj
        assert str(pdf.Root.Lang) == "vi"
        assert str(pdf.docinfo.Title).startswith("Bản tin THÔNG TIN NỘI BỘ")
        assert str(pdf.docinfo.Author) == sample.issue.series.publisher
        with pdf.open_outline() as outline:
            titles = [entry.title for entry in outline.root]
    assert [normal(s.title).upper() for s in sample.issue.sections] == [
        normal(t).upper() for t in titles[1:]]


def _trim_mm(sample) -> tuple[float, float]:
    return sample.issue.layout.trim_mm


def test_every_font_is_a_subset_of_a_bundled_font(sample):
    bundled = {font.postscript_name: font.path for font in bundled_fonts(ROOT / "fonts")}
    for pdf_path in (sample.print_file, sample.reader):
        fonts = embedded_fonts(pdf_path.read_bytes())
        assert fonts
        for font in fonts:
            assert re.match(r"^[A-Z]{6}\+", font.base_font), font.base_font
            assert font.postscript_name in bundled, font.base_font
            _assert_same_outlines(font.program, bundled[font.postscript_name])


def _assert_same_outlines(program: bytes, original: Path) -> None:
    """Every glyph drawn by the embedded subset has the outline of a glyph of the original."""
    subset, full = TTFont(io.BytesIO(program)), TTFont(original)
    outlines = {_outline(full["glyf"], name) for name in full.getGlyphOrder()}
    drawn = [name for name in subset.getGlyphOrder() if subset["glyf"][name].numberOfContours]
    assert drawn
    assert [n for n in drawn if _outline(subset["glyf"], n) not in outlines] == []


def _outline(glyf, name: str) -> tuple:
    coordinates, ends, _ = glyf[name].getCoordinates(glyf)
    return tuple(coordinates), tuple(ends)


def test_a_font_from_outside_fonts_is_caught(tmp_path):
    """Twin of the test above: a renamed copy of a bundled font is reported as foreign."""
    from weasyprint import HTML

    font = TTFont(ROOT / "fonts" / "noto-sans" / "NotoSans-Regular.ttf")
    for record in font["name"].names:
        if record.nameID in (1, 4, 6):
            record.string = "Foreign-Regular" if record.nameID == 6 else "Foreign"
    font.save(tmp_path / "foreign.ttf")
    html = ("<style>@font-face { font-family: Foreign; src: url(foreign.ttf) }"
            "body { font-family: Foreign }</style><p>Tiếng Việt</p>")
    pdf = HTML(string=html, base_url=str(tmp_path) + "/").write_pdf()
    [foreign] = foreign_fonts(pdf, ROOT / "fonts")
    assert "ế" in foreign.characters and "V" in foreign.characters


def test_two_builds_are_byte_identical(built, tmp_path):
    first = built["2023-12"]
    again = run_build(first.issue_dir, tmp_path)
    for kind, path in first.result["outputs"].items():
        assert Path(again["outputs"][kind]).read_bytes() == Path(path).read_bytes(), kind


def test_a_failed_build_keeps_the_last_good_output(built, tmp_path):
    issue_dir = copy_samples(tmp_path / "project", ["2023-12"]) / "2023-12"
    out = tmp_path / "out"
    good = run_build(issue_dir, out)
    before = {kind: Path(path).read_bytes() for kind, path in good["outputs"].items()}

    manifest = issue_dir / "issue.yaml"
    manifest.write_text(manifest.read_text().replace("date: 2023-12-15", "date: 2023-12-45"))
    outcome = CliRunner().invoke(main, ["build", str(issue_dir), "--out", str(out)])

    assert outcome.exit_code == 1
    assert "issue.yaml:5:" in outcome.stderr and "Traceback" not in outcome.output
    assert {kind: Path(path).read_bytes() for kind, path in good["outputs"].items()} == before
    assert sorted(p.relative_to(out / "2023-12").as_posix() for p in (out / "2023-12").iterdir()
                  if p.is_file()) + ["web/index.html"] == sorted(
        Path(p).relative_to(out / "2023-12").as_posix() for p in good["outputs"].values())
