"""The print-shop package of the sample issues: PDF/X-4 print file, black-only file, office
booklet, reader PDF; as a print shop's tools see them."""

from __future__ import annotations

import hashlib
import io
import shutil
import subprocess
from collections import defaultdict
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pytest
from projects import REPO

from bulletin_press.press.colour import black_only, grey
from bulletin_press.press.images import placements

PROFILE = REPO / "layouts" / "_shared" / "icc" / "cmyk-fogra39-tac300.icc"
COLOUR_OPERATORS = {"rg", "RG", "k", "K", "g", "G", "sc", "scn", "SC", "SCN"}


def output(sample, kind: str) -> Path:
    return Path(sample.result["outputs"][kind])


def colour_operations(pdf: pikepdf.Pdf) -> set[tuple[str, tuple]]:
    """Every colour operator with its operands, on every page and in every form it draws."""
    found, seen = set(), set()

    def walk(holder, resources):
        if holder.objgen in seen and holder.objgen != (0, 0):
            return
        seen.add(holder.objgen)
        for operands, operator in pikepdf.parse_content_stream(holder):
            name = str(operator)
            if name in COLOUR_OPERATORS or name in ("cs", "CS"):
                found.add((name, tuple(str(v) for v in operands)))
        for xobject in (resources or {}).get("/XObject", {}).values():
            if xobject.get("/Subtype") == pikepdf.Name.Form:
                walk(xobject, xobject.get("/Resources", resources))

    for page in pdf.pages:
        walk(page.obj, page.obj.get("/Resources"))
    return found


def test_the_print_file_is_pdf_x4_with_the_cmyk_output_intent(sample):
    with pikepdf.open(output(sample, "print")) as pdf:
        with pdf.open_metadata() as meta:
            assert meta.get("pdfx:GTS_PDFXVersion") == "PDF/X-4"
        [intent] = pdf.Root.OutputIntents
        assert intent.S == pikepdf.Name("/GTS_PDFX")
        assert intent.DestOutputProfile.read_bytes() == PROFILE.read_bytes()
        assert len(pdf.trailer.ID) == 2 and str(pdf.docinfo.Trapped) == "/False"
        assert float(pdf.pdf_version) >= 1.6


def test_the_print_file_has_no_annotation_and_its_art_box_is_the_trim(sample):
    with pikepdf.open(output(sample, "print")) as pdf:
        assert sum(len(page.obj.get("/Annots", [])) for page in pdf.pages) == 0
        assert all(list(page.obj.ArtBox) == list(page.obj.TrimBox) for page in pdf.pages)
    with pikepdf.open(output(sample, "reader")) as pdf:  # the reader keeps its links
        assert sum(len(page.obj.get("/Annots", [])) for page in pdf.pages) > 10


def test_text_and_rules_are_on_the_black_plate_and_the_red_is_fixed(sample):
    with pikepdf.open(output(sample, "print")) as pdf:
        operations = colour_operations(pdf)
    assert not {op for op in operations if op[0] in ("rg", "RG", "g", "G", "k", "K")}
    assert {op[1] for op in operations if op[0] in ("cs", "CS")} == {("/DeviceCMYK",)}
    colours = {op[1] for op in operations if op[0] in ("scn", "SCN", "sc", "SC")}
    black, paper, red, grey_tint = (("0", "0", "0", "1"), ("0", "0", "0", "0"),
                                    ("0", "0.95", "0.8", "0.4"), ("0", "0", "0", "0.12"))
    assert {black, paper, red} <= colours <= {black, paper, red, grey_tint}


def test_photos_are_between_200_and_450_ppi_in_cmyk_for_print_and_150_for_the_reader(sample):
    with pikepdf.open(output(sample, "print")) as pdf:
        drawn = placements(pdf)
        assert drawn
        for placement in drawn:
            assert 200 <= placement.effective_ppi <= 450
            assert placement.image.ColorSpace == pikepdf.Name.DeviceCMYK
    with pikepdf.open(output(sample, "reader")) as pdf:
        for placement in placements(pdf):
            assert placement.effective_ppi <= 151
            assert placement.image.ColorSpace[0] == pikepdf.Name.ICCBased


def test_a_subset_name_always_stands_for_the_same_glyphs(built):
    """Three issues once embedded different data under the same name (HUQPOW+Noto-Serif)."""
    programs = defaultdict(set)
    for sample in built.values():
        for kind in ("print", "reader", "print_black"):
            with pikepdf.open(output(sample, kind)) as pdf:
                for font in pdf.objects:
                    if isinstance(font, pikepdf.Dictionary) and font.get("/Subtype") == pikepdf.Name.Type0:
                        program = font.DescendantFonts[0].FontDescriptor.FontFile2.read_bytes()
                        programs[str(font.BaseFont)].add(hashlib.sha256(program).hexdigest())
    assert programs and all(len(hashes) == 1 for hashes in programs.values())
    assert len({name.split("+")[1] for name in programs}) < len(programs)  # names do differ


def test_the_black_only_file_has_nothing_on_cyan_magenta_or_yellow(sample):
    with pikepdf.open(output(sample, "print_black")) as pdf:
        operations = colour_operations(pdf)
        assert {op[1] for op in operations if op[0] in ("cs", "CS")} == {("/DeviceGray",)}
        assert all(len(op[1]) == 1 for op in operations if op[0] in ("scn", "SCN", "sc", "SC"))
        assert {str(p.image.ColorSpace) for p in placements(pdf)} <= {"/DeviceGray"}
        assert pdf.Root.OutputIntents[0].S == pikepdf.Name("/GTS_PDFX")


def test_the_black_only_file_has_the_same_pages_and_text(sample):
    colour, black = (pdfium.PdfDocument(output(sample, kind)) for kind in ("print", "print_black"))
    assert len(colour) == len(black)
    for index in range(len(colour)):
        assert (colour[index].get_textpage().get_text_range()
                == black[index].get_textpage().get_text_range())


def test_the_red_becomes_a_dark_grey_and_white_stays_white():
    assert grey([0, 0.95, 0.8, 0.4]) == pytest.approx(0.21, abs=0.01)
    assert [grey([0, 0, 0, 1]), grey([0, 0, 0, 0]), grey([0, 0, 0, 0.12])] == pytest.approx(
        [0, 1, 0.88])
    assert grey([1, 0, 0]) == pytest.approx(0.299)


def test_the_black_only_conversion_of_a_coloured_page(tmp_path):
    """Twin: a page with RGB and CMYK fills really has colour before the conversion."""
    from weasyprint import HTML

    html = ('<p style="color: rgb(200, 0, 0)">Đỏ</p>'
            '<p style="color: device-cmyk(0 1 1 0)">Đỏ CMYK</p>')
    coloured = HTML(string=html).write_pdf()
    with pikepdf.open(io.BytesIO(coloured)) as pdf:
        assert any(op[0] == "rg" for op in colour_operations(pdf))
    with pikepdf.open(io.BytesIO(black_only(coloured))) as pdf:
        operations = colour_operations(pdf)
    assert not any(op[0] in ("rg", "RG", "k", "K") for op in operations)
    assert all(len(op[1]) == 1 for op in operations if op[0] in ("scn", "SCN", "g", "G"))


def test_the_office_booklet_has_a_sheet_side_for_every_two_pages(sample):
    pages = sample.result["pages"]
    booklet = pdfium.PdfDocument(output(sample, "booklet"))
    assert len(booklet) == pages // 2
    width, height = (round(v / 72 * 25.4) for v in booklet[0].get_size())
    assert (width, height) == ((297, 210) if sample.issue.layout.name == "a5" else (420, 297))
    first_side = booklet[0].get_textpage().get_text_range()
    assert "Giấy phép xuất bản" in first_side and "THÔNG TIN NỘI BỘ" in first_side


@pytest.mark.parametrize("kind", ["print", "print_black", "booklet", "reader"])
def test_every_output_renders_in_pdfium_poppler_and_ghostscript(sample, kind, tmp_path):
    path = output(sample, kind)
    document = pdfium.PdfDocument(path)
    assert document[0].render(scale=0.2).to_pil().getbbox()
    tools = {"pdftoppm": ["pdftoppm", "-r", "10", "-png", str(path), str(tmp_path / "p")],
             "gs": ["gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=nullpage", str(path)]}
    missing = [name for name in tools if shutil.which(name) is None]
    for name, command in tools.items():
        if name not in missing:
            result = subprocess.run(command, capture_output=True, text=True)
            assert result.returncode == 0 and "Error" not in result.stderr, (name, result.stderr)
    if missing:
        pytest.skip(f"{' and '.join(missing)} not installed (Debian poppler-utils, ghostscript; "
                    f".ci/run installs them)")
