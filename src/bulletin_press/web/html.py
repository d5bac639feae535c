"""An item's HTML fragment (content stage) made into the web page's markup.

The fragment is markdown-it's own output, in which an editor's raw HTML is escaped text
(content/markdown.py), so every tag in it is markup the content stage wrote and can be
rewritten by pattern:

- headings one level down: the page's h1 is the issue and h2 each item, so `##` becomes h3
  and `###` h4; a report's are numbered in the text (I., II. … then 1., 2. …), as the print
  stylesheet numbers them, so the web reads and copies like the paper;
- tables: header cells get scope="col", the first cell of each body row becomes its row
  header (scope="row"); each table sits in a container that scrolls sideways on a narrow
  screen, a keyboard-reachable region named by the table's caption ("Bảng 1. …") or
  "Bảng số liệu";
- photos: the file of the web edition, with its pixel size so the page does not jump while
  it loads.
"""

from __future__ import annotations

import re
from html import escape
from typing import Callable

_HEADING = re.compile(r"<(/?)h([23])>")
_REPORT_HEADING = re.compile(r"<h([34])>")
_TABLE = re.compile(r'(?:<p class="table-caption">(?P<caption>.*?)</p>\n)?'
                    r"<table>(?P<body>.*?)</table>\n?", re.S)
_HEADER_CELL = re.compile(r"<th(?=[ >])")
_ROW_START = re.compile(r"<tr>\n<td(?P<attrs>[^>]*)>(?P<text>.*?)</td>", re.S)
_IMAGE = re.compile(r'<img src="(?P<src>[^"]*)"')


def web_fragment(html: str, kind: str, anchor: str,
                 photo: Callable[[str], tuple[str, tuple[int, int]]]) -> str:
    """The fragment for the web page; photo maps an img src of the fragment to the web
    edition's file name and pixel size; anchor names the item (for the tables' ids)."""
    html = _HEADING.sub(lambda m: f"<{m[1]}h{int(m[2]) + 1}>", html)
    if kind == "report":
        html = _number_headings(html)
    html = _tables(html, anchor)
    return _IMAGE.sub(lambda m: _image(m["src"], photo), html)


def _number_headings(html: str) -> str:
    chapter = point = 0

    def number(match: re.Match) -> str:
        nonlocal chapter, point
        if match[1] == "3":
            chapter, point = chapter + 1, 0
            return f"<h3>{roman(chapter)}. "
        point += 1
        return f"<h4>{point}. "

    return _REPORT_HEADING.sub(number, html)


def roman(number: int) -> str:
    """1 → 'I', 14 → 'XIV' (CSS upper-roman, as the print stylesheet counts)."""
    numerals = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
    text = ""
    for value, letters in numerals:
        count, number = divmod(number, value)
        text += letters * count
    return text


def _tables(html: str, anchor: str) -> str:
    count = 0

    def table(match: re.Match) -> str:
        nonlocal count
        count += 1
        body = _HEADER_CELL.sub('<th scope="col"', match["body"])
        head, _, rows = body.partition("<tbody>")
        if rows:
            rows = _ROW_START.sub(
                lambda m: f'<tr>\n<th scope="row"{m["attrs"]}>{m["text"]}</th>', rows)
            body = f"{head}<tbody>{rows}"
        if match["caption"] is None:
            return (f'<div class="table-scroll" role="region" aria-label="Bảng số liệu" '
                    f'tabindex="0">\n<table>{body}</table>\n</div>\n')
        caption_id = f"bang-{count}-{anchor}"
        return (f'<p class="table-caption" id="{caption_id}">{match["caption"]}</p>\n'
                f'<div class="table-scroll" role="region" aria-labelledby="{caption_id}" '
                f'tabindex="0">\n<table aria-labelledby="{caption_id}">{body}</table>\n</div>\n')

    return _TABLE.sub(table, html)


def _image(src: str, photo: Callable[[str], tuple[str, tuple[int, int]]]) -> str:
    name, (width, height) = photo(src)
    return f'<img src="{escape(name)}" width="{width}" height="{height}"'
