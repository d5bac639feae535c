"""Formatted text written as CommonMark that reads back as written.

`inline_markdown` turns segments of text, each bold, italic or neither, into inline Markdown
for a paragraph, a list item or a table cell: Markdown's own characters are escaped, and so is
what would start a list, a heading or a quote at the start of a line; a line break becomes a
hard break. Every result is parsed again: when CommonMark's rules for `*` and `**` would read
the bold or italic otherwise than meant, italic is left out, then bold, and the caller is told.
"""

from __future__ import annotations

import itertools
import re
import unicodedata

from bulletin_press.desk.wordfile import Segment

def inline_markdown(segments: list[Segment], table: bool = False,
                    emphasis: bool = True) -> tuple[str, bool]:
    """Formatted text as one block of inline Markdown, and whether some of its bold or italic
    had to be left out. Line breaks ("\n") become hard breaks, except in a table cell.

    Every result is read back with a CommonMark parser: when the text, bold or italic would
    not come out as written, italic is left out, then bold.
    """
    chars = _styled_chars(segments, table)
    plain = [(c, False, False) for c, _, _ in chars]
    if not emphasis or not any(b or i for _, b, i in chars):
        return _emit(plain, table), False
    for keep in (("b", "i"), ("b",), ()):
        styled = _tidy([(c, b and "b" in keep, i and "i" in keep) for c, b, i in chars])
        text = _emit(styled, table)
        if _reads_back(text, styled):
            return text, keep != ("b", "i")
    return _emit(plain, table), True


def plain_markdown(text: str, caption: bool = False, table: bool = False) -> str:
    """Text as Markdown with no formatting; in a caption ("![…]") brackets are escaped too."""
    out = _emit([(c, False, False) for c, _, _ in _styled_chars(
        [Segment(text.replace("\n", " "))], table)], table)
    return out.replace("]", "\\]") if caption else out


def _styled_chars(segments: list[Segment], table: bool) -> list[tuple[str, bool, bool]]:
    """(character, bold, italic), spaces collapsed, no space round a line break."""
    out: list[tuple[str, bool, bool]] = []
    for segment in segments:
        for char in unicodedata.normalize("NFC", segment.text):
            if char in "\t\v\f\r" or (char == "\n" and table):
                char = " "
            elif char in "\u200b\ufeff\u00ad" or (unicodedata.category(char) == "Cc" and char != "\n"):
                continue
            if char == " " and (not out or out[-1][0] in " \n"):
                continue
            if char == "\n":
                while out and out[-1][0] == " ":
                    out.pop()
                if not out or out[-1][0] == "\n":
                    continue
            out.append((char, segment.bold, segment.italic))
    while out and out[-1][0] in " \n":
        out.pop()
    return out


def _punctuation(char: str) -> bool:
    return unicodedata.category(char)[0] in "PS"


def _tidy(chars: list[tuple[str, bool, bool]]) -> list[tuple[str, bool, bool]]:
    """Spaces take the formatting both of their neighbours share; a line break none; and
    punctuation at the edge of bold or italic text that touches a letter outside is moved out,
    so that the `**` and `*` around it are read as such (CommonMark's flanking rules)."""
    chars = [list(c) for c in chars]
    for index, (char, _, _) in enumerate(chars):
        if char == "\n":
            chars[index][1] = chars[index][2] = False
        elif char == " ":
            before = chars[index - 1] if index else None
            after = chars[index + 1] if index + 1 < len(chars) else None
            for attribute in (1, 2):
                chars[index][attribute] = bool(before and after and before[attribute]
                                               and after[attribute])
    for attribute in (1, 2):
        for _ in range(3):
            changed = False
            index = 0
            while index < len(chars):
                if not chars[index][attribute]:
                    index += 1
                    continue
                end = index
                while end < len(chars) and chars[end][attribute]:
                    end += 1
                start = index
                while start < end and _punctuation(chars[start][0]) and start > 0 and \
                        chars[start - 1][0].isalnum():
                    chars[start][attribute] = False
                    start, changed = start + 1, True
                while end > start and _punctuation(chars[end - 1][0]) and end < len(chars) and \
                        chars[end][0].isalnum():
                    chars[end - 1][attribute] = False
                    end, changed = end - 1, True
                index = max(end, index + 1)
            if not changed:
                break
    return [tuple(c) for c in chars]


_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_ESCAPED = set("\\`*_[<|")


def _escape(text: str) -> str:
    out = []
    for index, char in enumerate(text):
        if char == "\n":
            out.append("\\\n")
        elif char in _ESCAPED or (char == "&" and _ENTITY.match(text, index)):
            out.append("\\" + char)
        else:
            out.append(char)
    return "".join(out)


_LINE_STARTS = (
    (re.compile(r"^([-+])(?=\s|$)"), r"\\\1"),                  # a bullet
    (re.compile(r"^(\d{1,9})([.)])(?=\s|$)"), r"\1\\\2"),       # a number: "1. "
    (re.compile(r"^([#>=])"), r"\\\1"),                         # a heading, a quote, an underline
    (re.compile(r"^(-)(?=[-\s]*$)"), r"\\\1"),                  # a rule or an underline: "---"
)


def _emit(chars: list[tuple[str, bool, bool]], table: bool) -> str:
    out: list[str] = []
    stack: list[str] = []
    groups = [(marks, "".join(c for c, _, _ in group)) for marks, group in itertools.groupby(
        chars, key=lambda c: tuple(m for m, on in (("**", c[1]), ("*", c[2])) if on))]
    for index, (wanted, text) in enumerate(groups):
        while any(mark not in wanted for mark in stack):
            out.append(stack.pop())

        def reach(mark: str) -> int:   # how many groups the mark lasts: the longer goes outside
            return next((n for n, (marks, _) in enumerate(groups[index:]) if mark not in marks),
                        len(groups) - index)

        for mark in sorted((m for m in wanted if m not in stack), key=reach, reverse=True):
            out.append(mark)
            stack.append(mark)
        out.append(_escape(text))
    out += reversed(stack)
    text = "".join(out)
    if table:
        return text
    lines = text.split("\n")
    for number, line in enumerate(lines):
        for pattern, replacement in _LINE_STARTS:
            line = pattern.sub(replacement, line, count=1)
        lines[number] = line
    return "\n".join(lines)


def _reader():
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False}).enable("table")


_PARSER = None


def _reads_back(text: str, chars: list[tuple[str, bool, bool]]) -> bool:
    """Whether CommonMark reads text as exactly these characters, bold and italic."""
    global _PARSER
    if _PARSER is None:
        _PARSER = _reader()
    tokens = _PARSER.parseInline(text)
    got: list[tuple[str, bool, bool]] = []
    bold = italic = 0
    for token in (tokens[0].children or []) if tokens else []:
        if token.type in ("text", "text_special"):
            got += [(c, bold > 0, italic > 0) for c in token.content]
        elif token.type == "hardbreak":
            got.append(("\n", bold > 0, italic > 0))
        elif token.type in ("strong_open", "strong_close"):
            bold += 1 if token.type == "strong_open" else -1
        elif token.type in ("em_open", "em_close"):
            italic += 1 if token.type == "em_open" else -1
        else:
            return False
    return got == list(chars)
