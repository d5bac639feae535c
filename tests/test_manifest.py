"""Loading an issue: a valid project becomes an Issue; every mistake becomes a located problem."""

from __future__ import annotations

import json
import re
from datetime import date
from decimal import Decimal

import pytest
from click.testing import CliRunner
from projects import make_project, markdown, replace, line_of

from bulletin_press import manifest
from bulletin_press.cli import main
from bulletin_press.errors import BulletinError, Problem
from bulletin_press.model import Recipient

VIETNAMESE_LETTERS = set("ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ")
LOCATED_LINE = re.compile(r"^\S+:\d+: .+")


def problems_of(issue_dir) -> list[Problem]:
    with pytest.raises(BulletinError) as info:
        manifest.load_issue(issue_dir)
    return list(info.value.problems)


def is_vietnamese(message: str) -> bool:
    return bool(VIETNAMESE_LETTERS & set(message.lower()))


# --- a valid project ----------------------------------------------------------------------

def test_minimal_project_loads_into_an_issue(tmp_path):
    issue_dir = make_project(tmp_path)
    issue = manifest.load_issue(issue_dir)

    assert (issue.id, issue.number, issue.month, issue.date) == (
        "2024-01", 1, date(2024, 1, 1), date(2024, 1, 15))
    assert issue.root == tmp_path.resolve()
    assert issue.layout.name == "a5"
    assert issue.series.slug == "ban-tin"
    assert issue.series.name == "BẢN TIN THỬ"
    assert (issue.print.copies, issue.print.overs_percent, issue.print.paper_gsm,
            issue.print.make_ready, issue.print.cover_gsm) == (100, Decimal(3), 80, 0, None)
    assert issue.distribution == (Recipient("Đảng ủy xã Tân An", 60), Recipient("Lưu trữ", 40))
    assert (issue.licence.number, issue.licence.trim_mm, issue.licence.pages) == (
        "01/GP-STTTT", (148.0, 210.0), 32)
    assert [s.title for s in issue.sections] == ["Thời sự", "Tin vắn"]
    assert [(i.kind, i.title, i.file.name) for i in issue.items] == [
        ("article", "Hội nghị tổng kết", "tin-chinh.md"), ("briefing", "Tin vắn", "tin-van.md")]
    article = issue.items[0]
    assert article.author == "Thu Hà"
    assert article.body_line == 6  # '---', kind, title, author, '---', then the body
    assert article.body.startswith("Ngày 10 tháng 01 năm 2024")


def test_issue_overrides_series_print_settings_and_distribution(tmp_path):
    issue_dir = make_project(tmp_path)
    replace(issue_dir / "issue.yaml", "date: 2024-01-15\n",
            "date: 2024-01-15\nprint:\n  cover_gsm: 200\n"
            "distribution:\n  - { recipient: Huyện ủy, copies: 100 }\n")
    issue = manifest.load_issue(issue_dir)
    assert (issue.print.copies, issue.print.cover_gsm) == (100, 200)
    assert issue.distribution == (Recipient("Huyện ủy", 100),)


def test_nfd_text_is_loaded_as_nfc(tmp_path):
    issue_dir = make_project(tmp_path)
    replace(issue_dir / "issue.yaml", "title: Thời sự", "title: Tho\u031b\u0300i su\u031b\u0323")
    assert manifest.load_issue(issue_dir).sections[0].title == "Thời sự"


# --- each mistake: one located Vietnamese problem -------------------------------------------

MISTAKES = {
    # id: (file under bulletins/, old text, new text, text on the expected line, message part)
    "unknown key": (
        "2024-01/issue.yaml", "date: 2024-01-15\n", "date: 2024-01-15\nlayuot: a5\n", "layuot",
        "khóa 'layuot' không được hỗ trợ. Có phải ý bạn là 'layout'?"),
    "unknown print key": (
        "ban-tin.yaml", "overs_percent: 3", "overs_percen: 3", "overs_percen",
        "Có phải ý bạn là 'overs_percent'?"),
    "wrong type": (
        "2024-01/issue.yaml", "number: 1", "number: ba", "number:",
        "'number' phải là một số nguyên, không phải “ba”."),
    "bad date": (
        "2024-01/issue.yaml", "date: 2024-01-15", "date: 15/01/2024", "date:",
        "'date' phải là một ngày dạng NĂM-THÁNG-NGÀY"),
    "bad month": (
        "2024-01/issue.yaml", 'month: "2024-01"', 'month: "01/2024"', "month:",
        "'month' phải có dạng NĂM-THÁNG, ví dụ 2024-01, không phải “01/2024”."),
    "date outside the issue month": (
        "2024-01/issue.yaml", "date: 2024-01-15", "date: 2024-02-03", "date:",
        "ngày phát hành 2024-02-03 không thuộc tháng 01/2024 của số này."),
    "missing .md file": (
        "2024-01/issue.yaml", "- tin-van.md", "- tin-khac.md", "tin-khac.md",
        "không tìm thấy tệp tin-khac.md trong thư mục 2024-01/."),
    "item outside the issue folder": (
        "2024-01/issue.yaml", "- tin-van.md", "- ../tin-van.md", "../tin-van.md",
        "phải là một tệp .md nằm trong thư mục 2024-01/."),
    "distribution does not add up": (
        "ban-tin.yaml", "Lưu trữ, copies: 40", "Lưu trữ, copies: 30", "distribution:",
        "danh sách phát hành cộng lại 90 bản, khác số bản in 100."),
    "no licence for the year": (
        "ban-tin.yaml", "year: 2024", "year: 2023", "licences:",
        "chưa có giấy phép xuất bản cho năm 2024"),
    "licence format does not match the layout": (
        "ban-tin.yaml", "format: 14,8 × 21 cm", "format: 19 × 27 cm", "format:",
        "giấy phép ghi khổ 19 × 27 cm nhưng bố cục 'a5'"),
    "licence expired": (
        "ban-tin.yaml", "valid_until: 2024-12-31", "valid_until: 2024-01-10", "valid_until:",
        "không bao gồm ngày phát hành 2024-01-15"),
    "unknown layout in the issue": (
        "2024-01/issue.yaml", "date: 2024-01-15\n", "date: 2024-01-15\nlayout: a4\n", "layout:",
        "không có bố cục 'a4'. Các bố cục hiện có: 19x27, a5."),
    "unknown layout in the series": (
        "ban-tin.yaml", "layout: a5", "layout: a4", "layout:",
        "không có bố cục 'a4'. Các bố cục hiện có: 19x27, a5."),
    "duplicate YAML key": (
        "2024-01/issue.yaml", "number: 1\n", "number: 1\nnumber: 2\n", "number: 2",
        "khóa 'number' bị khai báo hai lần"),
    "colon in an unquoted value": (
        "2024-01/issue.yaml", "bulletin: ban-tin", "bulletin: ban-tin: x", "ban-tin: x",
        "hãy đặt cả giá trị trong ngoặc kép, ví dụ: title: \"Hỏi – đáp: pháp luật\""),
    "YAML syntax error": (
        "2024-01/issue.yaml", 'month: "2024-01"', 'month: "2024-01', 'month: "2024-01',
        "lỗi cú pháp YAML"),
    "TCVN3 text in a Markdown body": (
        "2024-01/tin-chinh.md", "Hội nghị có 120 đại biểu", "Héi nghÞ cã 120 ®¹i biÓu",
        "®¹i", "chữ “Héi” có vẻ được gõ bằng bảng mã cũ TCVN3 (ABC) (đọc đúng là “Hội”)"),
    "VNI text in a Markdown body": (
        "2024-01/tin-chinh.md", "tổ chức hội nghị", "toå chöùc hoäi nghò", "chöùc",
        "chữ “toå” có vẻ được gõ bằng bảng mã cũ VNI (đọc đúng là “tổ”)"),
    "eth instead of Đ": (
        "2024-01/tin-van.md", "thôn Đông", "thôn Ðông", "Ðông", "eth"),
    "CJK character no font has": (
        "2024-01/tin-chinh.md", "120 đại biểu", "120 đại biểu 中", "中",
        "phông chữ của bản tin không có ký tự “中” (U+4E2D)"),
    "emoji no font has": (
        "2024-01/issue.yaml", "title: Tin vắn", "title: Tin vắn 🎉", "🎉",
        "không có ký tự “🎉” (U+1F389)"),
    "wrong kind": (
        "2024-01/tin-chinh.md", "kind: article", "kind: bai-viet", "kind:",
        "'kind' phải là article (bài viết), report (báo cáo) hoặc briefing (tin vắn)"),
    "key not used by the kind": (
        "2024-01/tin-van.md", "title: Tin vắn", "title: Tin vắn\nauthor: Thu Hà", "author:",
        "khóa 'author' không dùng cho loại briefing (tin vắn)."),
}


@pytest.mark.parametrize("name, old, new, needle, message", MISTAKES.values(), ids=MISTAKES.keys())
def test_each_mistake_is_one_located_vietnamese_problem(tmp_path, name, old, new, needle, message):
    issue_dir = make_project(tmp_path)
    path = issue_dir.parent / name
    replace(path, old, new)

    problems = problems_of(issue_dir)

    assert len(problems) == 1, [str(p) for p in problems]
    problem = problems[0]
    assert problem.file == path.resolve()
    assert problem.line == line_of(path, needle)
    assert message in problem.message
    assert is_vietnamese(problem.message)


def test_markdown_body_problem_is_on_the_body_line(tmp_path):
    issue_dir = make_project(tmp_path)
    replace(issue_dir / "tin-chinh.md", "Hội nghị có", "Héi nghÞ cã")
    (problem,) = problems_of(issue_dir)
    assert problem.line == 8  # 5 header lines, body line 1 is 6, blank 7, then this one


def test_file_not_in_utf8_is_located(tmp_path):
    issue_dir = make_project(tmp_path)
    # Windows-1258 bytes: 0xF9 is not valid UTF-8 and sits on line 5.
    (issue_dir / "tin-van.md").write_bytes(
        b"---\nkind: briefing\ntitle: Tin\n---\n**X\xe3 T\xe2n An:** Tin t\xf9c.\n")
    (problem,) = problems_of(issue_dir)
    assert (problem.file.name, problem.line) == ("tin-van.md", 5)
    assert "không phải mã UTF-8" in problem.message


def test_same_number_twice_in_one_year_is_a_problem(tmp_path):
    issue_dir = make_project(tmp_path)
    make_project(tmp_path, month="2024-02",
                 issue_yaml=(issue_dir / "issue.yaml").read_text().replace(
                     '"2024-01"', '"2024-02"').replace("2024-01-15", "2024-02-15"))

    (problem,) = problems_of(issue_dir)

    assert problem.file == (issue_dir / "issue.yaml").resolve()
    assert problem.line == line_of(issue_dir / "issue.yaml", "number:")
    assert problem.message.startswith("số 01 đã dùng cho số tháng 2024-02 (2024-02/issue.yaml)")


def test_same_number_in_another_year_is_fine(tmp_path):
    issue_dir = make_project(tmp_path)
    make_project(tmp_path, month="2023-01",
                 issue_yaml=(issue_dir / "issue.yaml").read_text().replace(
                     '"2024-01"', '"2023-01"').replace("2024-01-15", "2023-01-15"))
    assert manifest.load_issue(issue_dir).number == 1


def test_all_problems_of_a_run_come_together(tmp_path):
    issue_dir = make_project(tmp_path)
    issue_yaml, series_yaml = issue_dir / "issue.yaml", issue_dir.parent / "ban-tin.yaml"
    replace(issue_yaml, "number: 1", "number: ba")
    replace(issue_yaml, "- tin-van.md", "- tin-khac.md")
    replace(series_yaml, "format: 14,8 × 21 cm", "format: 19 × 27 cm")
    replace(issue_dir / "tin-chinh.md", "Hội nghị có", "Héi nghÞ cã")

    problems = problems_of(issue_dir)

    assert sorted((p.file.name, p.line) for p in problems) == sorted([
        ("issue.yaml", line_of(issue_yaml, "number:")),
        ("issue.yaml", line_of(issue_yaml, "tin-khac.md")),
        ("ban-tin.yaml", line_of(series_yaml, "format:")),
        ("tin-chinh.md", 8),
    ])


# --- the contract: five mistakes → five `file:line: message` lines --------------------------

FIVE_MISTAKES_LINES = [
    "bulletins/2024-01/issue.yaml:4:",   # date outside January
    "bulletins/2024-01/issue.yaml:5:",   # unknown key 'layuot'
    "bulletins/2024-01/issue.yaml:12:",  # tin-khac.md does not exist
    "bulletins/ban-tin.yaml:12:",        # distribution adds up to 90, not 100
    "bulletins/2024-01/tin-chinh.md:8:",  # TCVN3 text in the body
]


@pytest.fixture
def five_mistakes(tmp_path, monkeypatch):
    """A project with five different mistakes; the working directory is its root."""
    issue_dir = make_project(tmp_path)
    replace(issue_dir / "issue.yaml", "date: 2024-01-15\n", "date: 2024-02-03\nlayuot: a5\n")
    replace(issue_dir / "issue.yaml", "- tin-van.md", "- tin-khac.md")
    replace(issue_dir.parent / "ban-tin.yaml", "Lưu trữ, copies: 40", "Lưu trữ, copies: 30")
    replace(issue_dir / "tin-chinh.md", "Hội nghị có", "Héi nghÞ cã")
    monkeypatch.chdir(tmp_path)
    return issue_dir


@pytest.mark.parametrize("command", [["check"], ["build", "--out", "out"]])
def test_five_mistakes_give_five_located_lines(five_mistakes, tmp_path, command):
    result = CliRunner().invoke(main, [*command, "bulletins/2024-01"])

    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert not isinstance(result.exception, BulletinError)
    lines = result.stderr.splitlines()
    located = [line for line in lines if LOCATED_LINE.match(line)]
    assert len(located) == 5, result.output
    assert sorted(line.split(" ", 1)[0] for line in located) == sorted(FIVE_MISTAKES_LINES)
    assert all(is_vietnamese(line.split(": ", 1)[1]) for line in located)
    assert lines == [*located, "Có 5 lỗi; hãy sửa rồi chạy lại."]
    out = tmp_path / "out"
    assert not out.exists() or not list(out.rglob("*.pdf"))


def test_check_json_lists_the_five_problems(five_mistakes):
    result = CliRunner().invoke(main, ["check", "--json", "bulletins/2024-01"])

    assert result.exit_code == 1
    errors = json.loads(result.stdout)["errors"]
    assert len(errors) == 5
    assert all(set(e) == {"file", "line", "message"} for e in errors)
    assert sorted(f"{e['file']}:{e['line']}:" for e in errors) == sorted(FIVE_MISTAKES_LINES)
    assert all(isinstance(e["line"], int) and is_vietnamese(e["message"]) for e in errors)


# --- legacy encodings at load, and the editor's way out --------------------------------------

@pytest.mark.parametrize("line, word, encoding, meant", [
    ("Céng hoµ x· héi chñ nghÜa", "Céng", "TCVN3 (ABC)", "Cộng"),
    ("®ång chÝ BÝ th­ HuyÖn ñy", "®ång", "TCVN3 (ABC)", "đồng"),
    ("Vieät Nam", "Vieät", "VNI", "Việt"),
])
def test_legacy_text_is_named_with_its_encoding_and_the_command_that_converts_it(
        tmp_path, line, word, encoding, meant):
    issue_dir = make_project(tmp_path)
    replace(issue_dir / "tin-chinh.md", "Hội nghị có 120 đại biểu tham dự.", line)
    [problem] = problems_of(issue_dir)
    assert problem.message.startswith(
        f"chữ “{word}” có vẻ được gõ bằng bảng mã cũ {encoding} (đọc đúng là “{meant}”)")
    assert "bulletin convert tin-chinh.md" in problem.message


def test_foreign_names_with_latin_letters_are_not_legacy_text(tmp_path):
    issue_dir = make_project(tmp_path)
    replace(issue_dir / "tin-chinh.md", "Hội nghị có 120 đại biểu tham dự.",
            "Chuyên gia Müller và François dự hội thảo ở São Paulo, nhiệt độ 5 °C.")
    assert manifest.load_issue(issue_dir).items[0].body.count("Müller") == 1


def test_keep_words_in_the_series_file_silence_a_word_flagged_as_legacy(tmp_path):
    issue_dir = make_project(tmp_path)
    replace(issue_dir / "tin-chinh.md", "Hội nghị có 120 đại biểu tham dự.",
            "Đoàn công tác đến thăm thành phố Bø.")
    assert "chữ “Bø”" in problems_of(issue_dir)[0].message
    series = issue_dir.parent / "ban-tin.yaml"
    series.write_text(series.read_text(encoding="utf-8") + "keep_words:\n  - Bø\n",
                      encoding="utf-8")
    assert manifest.load_issue(issue_dir).items[0].title == "Hội nghị tổng kết"
