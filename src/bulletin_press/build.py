"""The whole path from an issue folder to the files the print shop receives."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from bulletin_press import content, forked, manifest, output, render, sources, typeset, web
from bulletin_press.errors import BulletinError, Problem
from bulletin_press.model import Issue
from bulletin_press.press import (colour, imposition, layoutrules, preflight, printfile,
                                  printorder, printrun, resolution)


@dataclass(frozen=True)
class BuildResult:
    issue: Issue
    pages: int
    blank_pages: int
    outputs: dict[str, Path]
    print_run: printrun.PrintRun
    print_run_text: str
    sources: dict[str, Path]  # every input, by its project name (sources.py)
    warnings: tuple[Problem, ...]
    broken_rules: tuple[Problem, ...] = ()  # the layout rules among the warnings

    def as_json(self) -> dict:
        return {
            "issue": self.issue.id,
            "pages": self.pages,
            "outputs": {kind: str(path) for kind, path in self.outputs.items()},
            "print_run": printrun.as_json(self.print_run),
            "warnings": [str(warning) for warning in self.warnings],
        }


def validate(issue_dir: Path) -> content.Content:
    """Everything short of laying out pages: manifest, headers, text, photos, Markdown."""
    return content.convert(manifest.load_issue(issue_dir))


def frozen_notice(issue: Issue, out_dir: Path) -> Problem:
    """The warning that a build of a published issue is only a preview."""
    return Problem(issue.file, None, (
        f"số {issue.id} đã xuất bản: bản vừa dựng trong {out_dir} chỉ để xem trước, các tệp đã "
        f"lưu trong {manifest.PUBLISHED_DIR}/ không đổi. Muốn đính chính, sửa bài rồi chạy: "
        f"bulletin publish {issue.directory} --correction \"lý do\""))


# Output kind → file name after '<series>-<YYYY-MM>-'.
OUTPUT_SUFFIXES = {
    "reader": "ban-doc.pdf",                 # to read and proof: PDF/A, trimmed, sources attached
    "screen": "ban-man-hinh.pdf",            # for the portal and e-mail: PDF/UA, light, no sources
    "print": "ban-in.pdf",                   # to the press: PDF/X-4, CMYK, 3 mm bleed
    "print_black": "ban-in-mot-mau.pdf",     # to a one-colour press: black plate only
    "booklet": "ban-in-van-phong.pdf",       # to an office duplex printer: imposed booklet
    "print_run_text": "so-luong-in.txt",
    "print_run_json": "so-luong-in.json",
    "print_order": "phieu-dat-in.pdf",       # the print order (phiếu đặt in) for the shop
    "print_order_json": "phieu-dat-in.json",
}
# The web edition: a folder of its own in the build folder, its page under this name.
WEB_DIR = "web"
WEB_PAGE = f"{WEB_DIR}/{web.PAGE}"
# What publishing stores: what went to the print shop and the archival copy. The black-only
# file, the booklet, the screen PDF and the web edition are made again from the stored sources
# by any build.
STORED_KINDS = ("reader", "print", "print_run_text", "print_run_json", "print_order",
                "print_order_json")


@dataclass(frozen=True)
class ReaderBuild:
    """The reader PDF of an issue, made without the print files (previews)."""

    issue: Issue
    pages: int
    blank_pages: int
    reader_pdf: bytes
    sources: dict[str, Path]
    warnings: tuple[Problem, ...]


def output_names(issue: Issue) -> dict[str, str]:
    """Output kind → its path in the build folder."""
    stem = f"{issue.series.slug}-{issue.id}"
    return {**{kind: f"{stem}-{suffix}" for kind, suffix in OUTPUT_SUFFIXES.items()},
            "web": WEB_PAGE}


def build(issue_dir: Path, out_root: Path | None = None, strict: bool = False) -> BuildResult:
    """Build an issue; strict: a broken layout rule is an error and nothing is written."""
    checked = validate(issue_dir)
    issue = checked.issue
    inputs = sources.issue_sources(checked)
    # The web edition needs only the converted content: it is made in a forked copy while
    # the pages are laid out and written here.
    with forked.Forked(lambda: web.edition(checked)) as web_job:
        rendered = render.render(checked)
        document, layout_warnings = typeset.lay_out(rendered)
        broken = tuple(layoutrules.broken_rules(document, checked))
        if strict and broken:
            raise BulletinError(broken)
        files = printfile.make(document, issue, inputs)
        edition = web_job.result()
    checked_print = preflight.check_print_file(files.print_pdf, issue)
    run = printrun.count(files.pages, issue.print, issue.distribution, issue.layout,
                         checked_print.colour_pages)
    heading = f"SỐ LƯỢNG IN – {rendered.title}"
    text = printrun.as_text(run, heading)
    names = output_names(issue)
    payload = {
        names["reader"]: files.reader_pdf,
        names["screen"]: files.screen_pdf,
        names["print"]: files.print_pdf,
        names["print_black"]: colour.black_only(files.print_pdf),
        names["booklet"]: imposition.booklet(files.print_pdf, source=Path(names["print"])).pdf,
        names["print_run_text"]: text.encode(),
        names["print_run_json"]: (json.dumps(printrun.as_json(run), ensure_ascii=False, indent=2)
                                  + "\n").encode(),
    }
    order = printorder.print_order(issue, run, names["print"])
    order_pdf, order_warnings = printorder.order_pdf(order, issue)
    if order_pdf is not None:
        payload[names["print_order"]] = order_pdf
        payload[names["print_order_json"]] = (json.dumps(printorder.as_json(order),
                                                         ensure_ascii=False, indent=2) + "\n").encode()
    if edition is not None:
        payload.update({f"{WEB_DIR}/{name}": data for name, data in edition.files.items()})
    out_dir = (out_root or issue.root / "build") / issue.id
    written = output.write_all(out_dir, payload)
    output.prune(out_dir / WEB_DIR, [out_dir / name for name in payload])
    outputs = {kind: written[name] for kind, name in names.items() if name in written}
    warnings = (*checked.warnings, *layout_warnings, *broken, *files.warnings, *order_warnings,
                *resolution.low_resolution(document, checked),
                *preflight.build_warnings(checked_print, issue), *printrun.colour_warnings(run, issue))
    if edition is None:
        warnings += (web.missing_layout(issue),)
    if issue.frozen:
        warnings += (frozen_notice(issue, out_dir),)
    return BuildResult(issue=issue, pages=files.pages, blank_pages=files.blank_pages,
                       outputs=outputs, print_run=run, print_run_text=text, sources=inputs,
                       warnings=warnings, broken_rules=broken)


def build_reader(issue_dir: Path, typesetter: typeset.Typesetter | None = None) -> ReaderBuild:
    """The path of build() as far as the reader PDF, the same bytes, with the same errors and
    warnings save those of the print files; writes nothing. A typesetter kept between calls
    keeps the fonts and the parsed stylesheets loaded."""
    checked = validate(issue_dir)
    issue = checked.issue
    inputs = sources.issue_sources(checked)
    rendered = render.render(checked)
    document, layout_warnings = (typesetter or typeset.Typesetter()).lay_out(rendered)
    files = printfile.make_reader(document, issue, inputs)
    # The reader has the print file's fonts and pages: the same checks hold.
    preflight.check_print_file(files.reader_pdf, issue, preflight.READER_CHECKS)
    warnings = (*checked.warnings, *layout_warnings, *files.warnings,
                *resolution.low_resolution(document, checked))
    return ReaderBuild(issue=issue, pages=files.pages, blank_pages=files.blank_pages,
                       reader_pdf=files.reader_pdf, sources=inputs, warnings=warnings)
