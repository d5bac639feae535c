"""The screen PDF for the portal and e-mail (…-ban-man-hinh.pdf): PDF/UA-1, tagged, linked
contents and bookmarks, no bleed, 150 ppi photos, no attachments, the reader's pages and text,
under its size target. Its bytes are checked with every output in test_reproducible.py."""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
from projects import make_project

from bulletin_press.press import printfile
from bulletin_press.press.images import placements
from conftest import run_build

MM = 72 / 25.4


def screen(sample) -> Path:
    return Path(sample.result["outputs"]["screen"])


def accessibility(path: Path) -> dict:
    """What makes a PDF a tagged PDF/UA-1 file, as found in it."""
    with pikepdf.open(path) as pdf:
        with pdf.open_metadata() as meta:
            part = meta.get("pdfuaid:part")
        root = pdf.Root
        tree = root.get("/StructTreeRoot")
        return {"pdfua": part,
                "marked": bool(root.get("/MarkInfo", {}).get("/Marked", False)),
                "structure": tree is not None and len(tree.get("/K", [])) > 0,
                "lang": str(root.get("/Lang", "")),
                "title_shown": bool(root.get("/ViewerPreferences", {}).get("/DisplayDocTitle",
                                                                           False))}


def test_the_screen_pdf_is_named_for_the_series_and_month(sample):
    issue = sample.issue
    assert screen(sample).name == f"{issue.series.slug}-{issue.id}-ban-man-hinh.pdf"
    assert screen(sample).parent == sample.reader.parent


def test_it_declares_pdf_ua_1_and_is_tagged(sample):
    assert accessibility(screen(sample)) == {"pdfua": "1", "marked": True, "structure": True,
                                             "lang": "vi", "title_shown": True}


def test_the_reader_pdf_is_not_tagged(sample):
    """Twin of the test above: the check tells an untagged file."""
    found = accessibility(sample.reader)
    assert found["pdfua"] is None and not found["structure"] and not found["marked"]


def test_its_figures_carry_the_captions_as_alternate_text(built):
    sample = built["2024-01"]
    with pikepdf.open(screen(sample)) as pdf:
        figures = [obj for obj in pdf.objects if isinstance(obj, pikepdf.Dictionary)
                   and obj.get("/Type") == pikepdf.Name.StructElem
                   and obj.get("/S") == pikepdf.Name.Figure]
        alts = sorted(str(figure.get("/Alt", "")) for figure in figures)
    assert len(alts) == len(sample.photos) and all(alts)
    assert any(alt.startswith("Đồng chí Trần Quang Vinh") for alt in alts)


def test_it_has_bookmarks_and_a_linked_table_of_contents(sample):
    issue = sample.issue
    with pikepdf.open(screen(sample)) as pdf:
        with pdf.open_outline() as outline:
            sections = [entry.title for entry in outline.root]
            items = [child.title for entry in outline.root for child in entry.children]
        toc_targets = {str(a.Dest) for a in pdf.pages[1].obj.get("/Annots", [])
                       if a.get("/Subtype") == pikepdf.Name.Link}
        cover_targets = {str(a.Dest) for a in pdf.pages[0].obj.get("/Annots", [])
                         if a.get("/Subtype") == pikepdf.Name.Link}
        names = pdf.Root.Names.Dests.Names
        destinations = {str(names[i]): names[i + 1] for i in range(0, len(names), 2)}
        first_item_page = pdf.pages.index(pikepdf.Page(destinations["muc-1"][0]))
    anchors = {f"muc-{number}" for number in range(1, len(issue.items) + 1)}
    assert sections[0] == "Mục lục" and len(sections) == len(issue.sections) + 1
    assert len(items) == len(issue.items)
    assert toc_targets == anchors and cover_targets < anchors
    assert anchors <= destinations.keys() and first_item_page >= 2


def test_no_bleed_every_page_is_the_trim(sample):
    width, height = (side * MM for side in sample.issue.layout.trim_mm)
    with pikepdf.open(screen(sample)) as pdf:
        for page in pdf.pages:
            assert [round(float(v), 2) for v in page.obj.MediaBox] == [
                0, 0, round(width, 2), round(height, 2)]
            assert "/BleedBox" not in page.obj and "/CropBox" not in page.obj


def test_photos_are_at_most_150_ppi_in_rgb(sample):
    with pikepdf.open(screen(sample)) as pdf:
        drawn = placements(pdf)
        assert len(drawn) == len(sample.photos)
        for placement in drawn:
            assert 120 <= placement.effective_ppi <= 150.5
            assert placement.image.ColorSpace[0] == pikepdf.Name.ICCBased
            assert placement.image.ColorSpace[1].N == 3


def test_the_print_file_s_photos_would_fail_that_check(sample):
    """Twin of the test above: the same check on the print file's 300 ppi photos."""
    with pikepdf.open(sample.print_file) as pdf:
        assert all(placement.effective_ppi > 150.5 for placement in placements(pdf))


def test_it_carries_no_attachment(sample):
    with pikepdf.open(screen(sample)) as pdf:
        assert len(pdf.attachments) == 0 and "/AF" not in pdf.Root
    with pikepdf.open(sample.reader) as pdf:  # the reader carries the sources
        assert len(pdf.attachments) > 5


def test_its_pages_and_their_text_are_the_reader_s(sample):
    shown, reader = pdfium.PdfDocument(screen(sample)), pdfium.PdfDocument(sample.reader)
    assert len(shown) == len(reader) == sample.result["pages"]
    for index in range(len(reader)):
        assert (shown[index].get_textpage().get_text_range()
                == reader[index].get_textpage().get_text_range()), f"page {index + 1}"


def test_a_different_page_text_is_told_apart(built):
    """Twin of the test above: page 3 of one issue is not page 3 of another."""
    texts = [pdfium.PdfDocument(screen(built[month]))[2].get_textpage().get_text_range()
             for month in ("2023-11", "2023-12")]
    assert texts[0] != texts[1]


def test_it_weighs_less_than_the_target(sample):
    size = screen(sample).stat().st_size
    assert size < printfile.SCREEN_TARGET_BYTES
    assert size < 0.6 * sample.reader.stat().st_size


def test_a_screen_pdf_over_the_target_is_a_warning(tmp_path, monkeypatch):
    issue_dir = make_project(tmp_path / "project")
    small = run_build(issue_dir, tmp_path / "out")
    size = Path(small["outputs"]["screen"]).stat().st_size
    assert not any("bản màn hình nặng" in w for w in small["warnings"])
    monkeypatch.setattr(printfile, "SCREEN_TARGET_BYTES", size - 1)
    heavy = run_build(issue_dir, tmp_path / "out")
    [warning] = [w for w in heavy["warnings"] if "bản màn hình nặng" in w]
    assert f"quá mức {printfile.megabytes(size - 1)} MB" in warning


def test_megabytes_are_written_the_vietnamese_way():
    assert printfile.megabytes(1_234_567) == "1,23"
    assert printfile.megabytes(480_000) == "0,48"
