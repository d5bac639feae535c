"""One Markdown body → a safe HTML fragment, photos resolved inside the issue folder."""

from __future__ import annotations

import re
from html import escape
from pathlib import Path
from urllib.parse import quote

from markdown_it import MarkdownIt
from markdown_it.token import Token

from bulletin_press.content.photos import Photo, load_photo, resolve_photo
from bulletin_press.errors import BulletinError, Problem, Problems
from bulletin_press.model import Item
from bulletin_press.vietnamese import segments

PHOTO_SUFFIXES = {".jpg", ".jpeg", ".png"}
_UNGROUPED = re.compile(r"^\d{5,}$")
# CommonMark ends an address at a space; editors name photos "trạm y tế.jpg".
_SPACED_ADDRESS = re.compile(r"(!?\[[^\]\n]*\]\()\s*([^()<>\"'\n]*?\s[^()<>\"'\n]*?)\s*\)")
# What is left of an image or link Markdown could not read.
_LEFTOVER = re.compile(r"!?\[[^\]]*\]\([^)]*\)")
# "Bảng 1. Kết quả …" written just above a table is the table's caption.
_CAPTION = re.compile(r"^(?:\*\*|\*|_)?(?:Bảng|Biểu|Biểu đồ)\s+\d+\s*[.:]")


def _parser() -> MarkdownIt:
    # Raw HTML stays text: an article cannot inject markup, scripts or remote resources.
    md = MarkdownIt("commonmark", {"html": False, "typographer": True, "quotes": "“”‘’"})
    md.enable(["table", "replacements", "smartquotes"])
    # A paragraph indented by pasting is text, not a block of program code.
    md.disable(["html_block", "html_inline", "code"])
    # Every address becomes a token, so that a refused one (file:, data:, http:) is reported
    # at its line instead of being printed as literal Markdown.
    md.validateLink = lambda url: True
    md.core.ruler.push("caption_typography", _caption_typography)
    return md


def _caption_typography(state) -> None:
    """Curly quotes and dashes in photo captions too: markdown-it's typographer stops at the
    inline level, and a caption is the image's children, one level down."""
    from markdown_it.rules_core.replacements import replace_rare, replace_scoped
    from markdown_it.rules_core.smartquotes import process_inlines

    for token in state.tokens:
        for child in token.children or []:
            if child.type == "image" and child.children:
                replace_scoped(child.children)
                replace_rare(child.children)
                process_inlines(child.children, state)


_MD = _parser()


def to_html(item: Item, issue_dir: Path, problems: Problems, warnings: list[Problem],
            photos: dict[Path, Photo], largest: tuple[int, int] | None = None) -> str:
    """The item's body as HTML; problems and warnings are noted with their lines, and the
    photos it shows are decoded into photos, at most `largest` pixels (photos.largest_px)."""
    tokens = _split_pasted(_MD.parse(_SPACED_ADDRESS.sub(r"\1<\2>)", item.body)))

    def where(token: Token | None) -> int:
        return item.body_line + (token.map[0] if token is not None and token.map else 0)

    def problem(token: Token | None, message: str) -> None:
        problems.add(item.file, where(token), message)

    def warn(token: Token | None, message: str) -> None:
        warnings.append(Problem(item.file, where(token), message))

    for index, token in enumerate(tokens):
        if token.type == "heading_open" and token.tag not in ("h2", "h3"):
            problem(token, f"tiêu đề “{'#' * int(token.tag[1])}” không dùng được trong thân bài: "
                           "dùng ## cho tiêu đề phụ và ### cho tiêu đề nhỏ hơn; tên bài đặt ở 'title'.")
        elif token.type == "inline":
            leftover = next((c.content for c in token.children or [] if c.type == "text"
                             and _LEFTOVER.search(c.content)), None)
            if leftover:
                problem(token, f"“{_LEFTOVER.search(leftover)[0][:60]}” không đọc được thành ảnh "
                               "hay liên kết và sẽ in ra nguyên chữ; kiểm tra dấu ngoặc, ví dụ "
                               "![Chú thích](img/anh.jpg).")
            _tie_text(token.children or [])
            _check_images(token, issue_dir, problem, photos, warn, largest)
            _refuse_links(token, problem)
            if item.kind == "report" and _inside_table(tokens, index):
                _check_figures(token, item, where(token), warnings)
        elif token.type == "paragraph_open" and _is_table_caption(tokens, index):
            token.attrSet("class", "table-caption")
        elif (item.kind == "briefing" and token.type == "paragraph_open" and token.level == 0
              and not _starts_with_bold(tokens[index + 1])):
            problem(token, "mỗi tin vắn là một đoạn bắt đầu bằng phần in đậm, ví dụ: "
                           "**Xã Tân An:** nội dung tin.")
    out: list[Token] = []
    index = 0
    while index < len(tokens):
        if _is_photo_paragraph(tokens, index):
            out.append(_figure(tokens[index + 1]))
            index += 3
        else:
            out.append(tokens[index])
            index += 1
    return _MD.renderer.render(out, _MD.options, {})


# Text pasted from Word has one paragraph a line, with no blank line between: a line that
# ends a sentence followed by one that starts a new one is a new paragraph, not a line of the
# same paragraph (Markdown would join them).
_SENTENCE_END = re.compile(r"[.!?…:;]['\"”’)]*\s*$")
_SENTENCE_START = re.compile(r"^\W*[A-ZÀ-ỸĐ0-9]")


def _split_pasted(tokens: list[Token]) -> list[Token]:
    """Top-level paragraphs cut at the line breaks that end a sentence."""
    out: list[Token] = []
    index = 0
    while index < len(tokens):
        opening = tokens[index]
        if opening.type != "paragraph_open" or opening.level != 0:
            out.append(opening)
            index += 1
            continue
        inline, closing = tokens[index + 1], tokens[index + 2]
        parts: list[list[Token]] = [[]]
        children = inline.children or []
        for position, child in enumerate(children):
            before = next((c.content for c in reversed(parts[-1]) if c.type == "text"), "")
            after = next((c.content for c in children[position + 1:]
                          if c.type == "text" and c.content), "")
            if (child.type == "softbreak" and _SENTENCE_END.search(before)
                    and _SENTENCE_START.match(after)):
                parts.append([])
            else:
                parts[-1].append(child)
        line = inline.map[0] if inline.map else 0
        for number, part in enumerate(parts):
            start = line + sum(1 + sum(c.type == "softbreak" for c in p) for p in parts[:number])
            para = Token("paragraph_open", "p", 1, map=[start, start + 1], level=0, block=True)
            text = Token("inline", "", 0, map=[start, start + 1], level=1, children=part,
                         content="".join(c.content for c in part), block=True)
            out += [para, text, Token("paragraph_close", "p", -1, level=0, block=True)]
        index += 3
    return out


def _tie_text(children: list[Token]) -> None:
    """Keep the unbreakable runs of every text on one line (vietnamese.segments)."""
    kept: list[Token] = []
    for child in children:
        if child.children:
            _tie_text(child.children)
        if child.type != "text":
            kept.append(child)
            continue
        for piece, keep in segments(child.content):
            text = Token("text", "", 0, content=piece)
            kept += [_html('<span class="nobr">'), text, _html("</span>")] if keep else [text]
    children[:] = kept


def _html(markup: str) -> Token:
    return Token("html_inline", "", 0, content=markup)


def _check_images(inline: Token, issue_dir: Path, problem, photos: dict[Path, Photo],
                  warn, largest: tuple[int, int] | None) -> None:
    """Resolve, decode and caption every image; point its src at the file found."""
    for child in inline.children or []:
        if child.type != "image":
            continue
        src = child.attrGet("src") or ""
        try:
            path = resolve_photo(issue_dir, src)
        except BulletinError as error:
            problem(inline, error.problems[0].message)
            continue
        if path.suffix.lower() not in PHOTO_SUFFIXES:
            problem(inline, f"ảnh “{path.name}” phải là tệp .jpg hoặc .png.")
            continue
        if not child.content.strip():
            problem(inline, f"ảnh {path.relative_to(issue_dir)} chưa có chú thích: viết chú thích "
                            f"trong ngoặc vuông, ví dụ ![Chú thích ảnh]({src}).")
        if path not in photos:
            try:
                photos[path] = load_photo(path, largest)
            except BulletinError as error:
                problem(inline, f"ảnh {path.relative_to(issue_dir)}: {error.problems[0].message}")
                continue
            if photos[path].animated:
                warn(inline, f"ảnh {path.relative_to(issue_dir)} là ảnh động; chỉ khung hình đầu "
                             "được in.")
        child.attrSet("src", quote(path.relative_to(issue_dir).as_posix()))


def _refuse_links(inline: Token, problem) -> None:
    """A link's address is lost on paper: the editor writes it out as text instead."""
    for child in inline.children or []:
        if child.type == "link_open":
            address = child.attrGet("href") or ""
            problem(inline, (
                f"liên kết tới “{address[:80]}” không in ra được trên giấy (chỉ in chữ trong ngoặc "
                "vuông). Hãy viết địa chỉ thành chữ, ví dụ: Cổng dịch vụ công quốc gia "
                "(dichvucong.gov.vn), và bỏ dạng [chữ](địa chỉ)."))


def _is_photo_paragraph(tokens: list[Token], index: int) -> bool:
    if tokens[index].type != "paragraph_open" or index + 2 >= len(tokens):
        return False
    children = [c for c in tokens[index + 1].children or [] if c.type != "softbreak"]
    return len(children) == 1 and children[0].type == "image"


def _figure(inline: Token) -> Token:
    """The photo with its caption below it; the caption's words are also its alt text, which
    a tagged PDF and the web edition give to screen readers (untagged PDFs ignore it)."""
    image = next(c for c in inline.children if c.type == "image")
    caption = _MD.renderer.renderInline(image.children or [], _MD.options, {})
    alt = escape(" ".join(_plain_text(image.children or []).split()))
    figure = Token("html_block", "", 0)
    figure.content = (f'<figure class="photo"><img src="{escape(image.attrGet("src"))}" '
                      f'alt="{alt}"><figcaption>{caption}</figcaption></figure>\n')
    return figure


def _plain_text(tokens: list[Token]) -> str:
    """The words of inline tokens, without their markup."""
    return "".join(_plain_text(t.children) if t.children else
                   t.content if t.type in ("text", "code_inline") else
                   " " if t.type in ("softbreak", "hardbreak") else "" for t in tokens)


def _is_table_caption(tokens: list[Token], index: int) -> bool:
    following = tokens[index + 3] if index + 3 < len(tokens) else None
    return (following is not None and following.type == "table_open"
            and bool(_CAPTION.match(tokens[index + 1].content)))


def _starts_with_bold(inline: Token) -> bool:
    children = [c for c in inline.children or [] if not (c.type == "text" and not c.content)]
    return bool(children) and children[0].type == "strong_open"


def _inside_table(tokens: list[Token], index: int) -> bool:
    return tokens[index - 1].type in ("td_open", "th_open") if index else False


def _check_figures(cell: Token, item: Item, line: int, warnings: list[Problem]) -> None:
    text = cell.content.strip()
    if _UNGROUPED.match(text):
        warnings.append(Problem(item.file, line, f"số “{text}” trong bảng nên viết tách "
                                                 "hàng nghìn bằng dấu chấm, ví dụ 421.560."))
