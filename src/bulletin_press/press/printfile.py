"""Padding to a multiple of four pages, then the print PDF (with bleed) and the reader PDF."""

from __future__ import annotations

import io
from dataclasses import dataclass

import pikepdf

from bulletin_press.typeset import collect_warnings
from bulletin_press.errors import Problem
from bulletin_press.press import fontsubset
from bulletin_press.render import SPARE_BLANK_PAGES


@dataclass(frozen=True)
class PrintFiles:
    print_pdf: bytes
    reader_pdf: bytes
    pages: int
    blank_pages: int
    warnings: tuple[Problem, ...]


def padded_pages(pages: list) -> tuple[list, int]:
    """Keep the 0–3 spare blank pages that bring the count to a multiple of four.

    The document ends with SPARE_BLANK_PAGES blank pages and the back page; the blanks go
    before the back page so the colophon stays on the last page, as the law requires.
    """
    content, spares, back = (pages[:-SPARE_BLANK_PAGES - 1], pages[-SPARE_BLANK_PAGES - 1:-1],
                             pages[-1:])
    needed = -(len(content) + 1) % 4
    return content + spares[:needed] + back, needed


def make(document, issue_dir) -> PrintFiles:
    pages, blanks = padded_pages(list(document.pages))
    fontsubset.install()
    with collect_warnings(issue_dir) as warnings:
        print_pdf = document.copy(pages).write_pdf()
    return PrintFiles(print_pdf=print_pdf, reader_pdf=trimmed(print_pdf), pages=len(pages),
                      blank_pages=blanks, warnings=tuple(warnings))


def trimmed(print_pdf: bytes) -> bytes:
    """The reader's copy: every page cut to its TrimBox, without bleed."""
    out = io.BytesIO()
    with pikepdf.open(io.BytesIO(print_pdf)) as pdf:
        for page in pdf.pages:
            page.obj.MediaBox = page.obj.TrimBox
            for key in ("/BleedBox", "/CropBox"):
                if key in page.obj:
                    del page.obj[key]
        pdf.save(out, deterministic_id=True, compress_streams=True)
    return out.getvalue()
