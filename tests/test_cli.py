"""The `bulletin` command line: help texts, `new` on a copy of the samples, `check` on them."""

from __future__ import annotations

import re
import shutil
from datetime import date

import pytest
import yaml
from click.testing import CliRunner
from projects import SAMPLE_ISSUES, copy_samples, replace

from bulletin_press.cli import main

JANUARY_SECTIONS = ["Thời sự – sự kiện", "Văn bản mới – chính sách mới",
                    "Tài liệu sinh hoạt chi bộ", "Hỏi – đáp pháp luật", "Gương điển hình",
                    "Tin vắn"]
OVERRIDES = """\
layout: 19x27
print:
  copies: 500
  cover_gsm: 150
distribution:
  - { recipient: Văn phòng Huyện ủy, copies: 300 }
  - { recipient: Lưu trữ, copies: 200 }
"""


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def new_issue_data(bulletins, month: str) -> dict:
    return yaml.safe_load((bulletins / month / "issue.yaml").read_text(encoding="utf-8"))


# Click's own words; argument names such as ISSUE_DIR or PATHS are the documented contract.
ENGLISH = re.compile(r"Usage|Options|Commands|Show this|Error|default|Missing|Try |No such|"
                     r"Invalid|required|\bPATH\b|\bTEXT\b|\bINTEGER\b")


@pytest.mark.parametrize("args, text", [
    (["--help"], "Dàn trang bản tin nội bộ tiếng Việt"),
    (["build", "--help"], "Dàn trang một số bản tin"),
    (["check", "-h"], "Kiểm tra tệp khai báo và bài viết"),
    (["new", "--help"], "Tạo thư mục số tháng sau"),
    (["archive", "--help"], "Viết mục lục kho bản tin"),
    (["report", "--help"], "Báo cáo tổng hợp một năm"),
])
def test_help(args, text):
    result = invoke(*args)
    assert result.exit_code == 0
    assert text in result.output
    assert "Cách dùng:" in result.output


@pytest.mark.parametrize("command", sorted(main.commands))
def test_every_command_has_vietnamese_help_and_no_english_of_click(command):
    result = invoke(command, "--help")
    assert result.exit_code == 0
    assert result.output.startswith(f"Cách dùng: bulletin {command} [TÙY_CHỌN]")
    assert "Tùy chọn:" in result.output and "Hiện hướng dẫn này rồi thoát." in result.output
    assert main.commands[command].help and not ENGLISH.search(result.output), result.output


@pytest.mark.parametrize("args, message", [
    (["build"], "Lỗi: thiếu ISSUE_DIR."),
    (["build", "bulletins/2024-01", "--bogus"], "Lỗi: không có tùy chọn --bogus."),
    (["biuld", "x"], "Lỗi: không có lệnh “biuld”. Có phải ý bạn là “build”?"),
    (["convert", "--from", "abc", "x.md"],
     "Lỗi: giá trị của --from phải là một trong: auto, tcvn3, vni."),
    (["build-all", "--jobs", "0"], "Lỗi: --jobs phải là một số nguyên từ 1 trở lên."),
    (["publish", "x", "--correction"], "Lỗi: tùy chọn --correction cần một giá trị đi kèm."),
    (["check", "a", "b", "--json", "c", "--out"], "Lỗi: không có tùy chọn --out."),
])
def test_usage_errors_are_vietnamese_with_exit_code_2(args, message):
    result = invoke(*args)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0].startswith(message), result.stderr
    assert not ENGLISH.search(result.output), result.output
    assert "Traceback" not in result.output


def test_new_after_january_creates_february_with_overrides(tmp_path):
    bulletins = copy_samples(tmp_path)
    replace(bulletins / "2024-01" / "issue.yaml", "layout: 19x27\n", OVERRIDES)

    result = invoke("new", bulletins)

    assert result.exit_code == 0, result.output
    assert f"Đã tạo số mới: {bulletins / '2024-02'}" in result.output
    assert (bulletins / "2024-02" / "img").is_dir()
    data = new_issue_data(bulletins, "2024-02")
    assert (data["bulletin"], data["number"], data["month"], data["date"]) == (
        "thong-tin-noi-bo", 2, "2024-02", date(2024, 2, 15))
    assert data["layout"] == "19x27"
    assert data["print"] == {"copies": 500, "cover_gsm": 150}
    assert data["distribution"] == [{"recipient": "Văn phòng Huyện ủy", "copies": 300},
                                    {"recipient": "Lưu trữ", "copies": 200}]
    assert [s["title"] for s in data["sections"]] == JANUARY_SECTIONS
    assert [s["items"] for s in data["sections"]] == [[]] * len(JANUARY_SECTIONS)


def test_new_after_december_starts_numbering_again_in_january(tmp_path):
    bulletins = copy_samples(tmp_path)
    shutil.rmtree(bulletins / "2024-01")

    result = invoke("new", bulletins)

    assert result.exit_code == 0, result.output
    data = new_issue_data(bulletins, "2024-01")
    assert (data["number"], data["month"], data["date"], data["layout"]) == (
        1, "2024-01", date(2024, 1, 15), "a5")
    assert "print" not in data and "distribution" not in data
    assert [s["items"] for s in data["sections"]] == [[]] * 6


def test_new_refuses_to_overwrite_an_existing_folder(tmp_path):
    bulletins = copy_samples(tmp_path)
    (bulletins / "2024-02").mkdir()
    (bulletins / "2024-02" / "ghi-chu.md").write_text("giữ nguyên", encoding="utf-8")

    result = invoke("new", bulletins)

    assert result.exit_code == 1
    assert "thư mục số này đã có; không ghi đè." in result.output
    assert "Traceback" not in result.output
    assert [p.name for p in (bulletins / "2024-02").iterdir()] == ["ghi-chu.md"]


def test_new_without_any_issue_is_a_problem(tmp_path):
    (tmp_path / "bulletins").mkdir()
    result = invoke("new", tmp_path / "bulletins")
    assert result.exit_code == 1
    assert "chưa có số nào" in result.output


def test_check_accepts_the_three_sample_issues(samples):
    result = invoke("check", *(samples / month for month in SAMPLE_ISSUES))
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1] == "Không có lỗi (3 số đã kiểm tra)."


def test_check_accepts_an_issue_yaml_path(samples):
    result = invoke("check", samples / "2024-01" / "issue.yaml")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1] == "Không có lỗi (1 số đã kiểm tra)."
