"""The editor's month: new issues, new articles, mistakes in file names and pasted text."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from projects import REPO, SAMPLE_ISSUES, copy_samples, make_project, markdown, replace

from bulletin_press import build, content, manifest
from bulletin_press.cli import main
from bulletin_press.desk.add import file_name


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


# 8 -------------------------------------------------------------------------------------------
def test_8_new_twice_does_not_create_an_empty_month_after_next(tmp_path):
    bulletins = copy_samples(tmp_path / "project")
    assert invoke("new", bulletins).exit_code == 0
    second = invoke("new", bulletins)
    assert second.exit_code == 1
    assert "số mới nhất (2024-02) chưa có bài nào, nên chưa tạo số tiếp theo" in second.stderr
    assert sorted(p.name for p in bulletins.iterdir() if p.is_dir()) == [*SAMPLE_ISSUES, "2024-02"]


# 9 -------------------------------------------------------------------------------------------
def test_9_a_content_file_the_manifest_does_not_list_is_named_in_a_warning(tmp_path):
    issue_dir = make_project(tmp_path)
    (issue_dir / "bai-quen.md").write_text(markdown("article", "Nội dung.\n"), encoding="utf-8")
    result = invoke("check", "--json", issue_dir)
    assert result.exit_code == 0
    [warning] = json.loads(result.stdout)["warnings"]
    assert warning.split(": ", 1)[0].endswith("2024-01/bai-quen.md")
    assert "không có trong issue.yaml nên sẽ không được in" in warning


def test_9_twin_no_warning_when_every_file_is_listed(tmp_path):
    issue_dir = make_project(tmp_path)
    assert json.loads(invoke("check", "--json", issue_dir).stdout)["warnings"] == []


# 10 ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("typed, meant", [("tin-chin.md", "tin-chinh.md"),
                                          ("Tin-Van.md", "tin-van.md"),
                                          ("tin chinh.md", "tin-chinh.md")])
def test_10_a_mistyped_content_file_gets_the_near_match(tmp_path, typed, meant):
    issue_dir = make_project(tmp_path)
    replace(issue_dir / "issue.yaml", f"- {meant}", f"- {typed}")
    result = invoke("check", issue_dir)
    assert f"không tìm thấy tệp {typed} trong thư mục 2024-01/. Có phải ý bạn là “{meant}”?" \
        in result.stderr


# 11 ------------------------------------------------------------------------------------------
def test_11_a_colon_in_an_unquoted_title_says_to_quote_it(tmp_path):
    issue_dir = make_project(tmp_path)
    replace(issue_dir / "issue.yaml", "title: Tin vắn", "title: Hỏi – đáp: pháp luật")
    result = invoke("check", issue_dir)
    assert "issue.yaml:9: dòng này có dấu hai chấm “:” giữa chữ" in result.stderr
    assert 'đặt cả giá trị trong ngoặc kép, ví dụ: title: "Hỏi – đáp: pháp luật"' in result.stderr
    assert "mapping values" not in result.output


# 12 ------------------------------------------------------------------------------------------
PASTED = ("Ngày 10/01, xã tổ chức hội nghị sơ kết.\n"
          "Hội nghị đánh giá kết quả thu ngân sách.\n"
          "**Hỏi:** Ai được hỗ trợ?\n"
          "**Trả lời:** Hộ gia đình có đủ điều kiện\n"
          "theo quy định của huyện.\n")


def test_12_paragraphs_pasted_from_word_stay_paragraphs(tmp_path):
    issue_dir = make_project(tmp_path)
    (issue_dir / "tin-chinh.md").write_text(markdown("article", PASTED), encoding="utf-8")
    html = content.convert(manifest.load_issue(issue_dir)).fragments[0].html
    assert html.count("<p>") == 4
    assert "<p>Hội nghị đánh giá kết quả thu ngân sách.</p>" in html
    assert "Hộ gia đình có đủ điều kiện\ntheo quy định của huyện.</p>" in html  # one sentence


def test_12_a_mistake_after_pasted_paragraphs_keeps_its_line(tmp_path):
    issue_dir = make_project(tmp_path)
    (issue_dir / "tin-chinh.md").write_text(
        markdown("article", PASTED + "\n# Tiêu đề sai\n"), encoding="utf-8")
    result = invoke("check", issue_dir)
    assert "tin-chinh.md:11: tiêu đề “#”" in result.stderr


# 13 ------------------------------------------------------------------------------------------
def test_13_add_creates_an_article_and_lists_it_keeping_comments(tmp_path):
    bulletins = copy_samples(tmp_path / "project", ["2024-01"])
    issue_dir = bulletins / "2024-01"
    before = (issue_dir / "issue.yaml").read_text(encoding="utf-8")
    result = invoke("add", issue_dir, "article", "Hội nghị: sơ kết #1 quý I", "--section",
                    "Thời sự – sự kiện")
    assert result.exit_code == 0, result.output
    created = issue_dir / "hoi-nghi-so-ket-1-quy-i.md"
    after = (issue_dir / "issue.yaml").read_text(encoding="utf-8")
    assert after.splitlines()[0] == before.splitlines()[0]  # the comment on top is kept
    assert after.replace("      - hoi-nghi-so-ket-1-quy-i.md\n", "", 1) == before
    item = next(i for i in manifest.load_issue(issue_dir).items if i.file == created)
    assert (item.kind, item.title) == ("article", "Hội nghị: sơ kết #1 quý I")
    assert item.date.isoformat() == "2024-01-15"
    assert build.validate(issue_dir)  # the new issue is valid as it is


def test_13_add_to_a_new_section_and_twice_the_same_title(tmp_path):
    issue_dir = copy_samples(tmp_path / "project", ["2024-01"]) / "2024-01"
    for _ in range(2):
        assert invoke("add", issue_dir, "briefing", "Tin vắn biên giới",
                      "--section", "Tin biên giới").exit_code == 0
    data = yaml.safe_load((issue_dir / "issue.yaml").read_text(encoding="utf-8"))
    assert data["sections"][-1] == {"title": "Tin biên giới",
                                    "items": ["tin-van-bien-gioi.md", "tin-van-bien-gioi-2.md"]}


def test_13_add_to_a_new_issue_whose_sections_are_still_empty(tmp_path):
    bulletins = copy_samples(tmp_path / "project", ["2024-01"])
    assert invoke("new", bulletins).exit_code == 0
    manifest = bulletins / "2024-02" / "issue.yaml"
    before = manifest.read_text(encoding="utf-8")
    result = invoke("add", bulletins / "2024-02", "article", "Bài đầu tiên", "--section", "Tin vắn")
    assert result.exit_code == 0, result.output
    # only the last section changes: its empty list becomes a block list, indented as before
    assert manifest.read_text(encoding="utf-8") == before.replace(
        "- title: Tin vắn\n  items: []\n", "- title: Tin vắn\n  items:\n  - bai-dau-tien.md\n")
    assert "date: 2024-02-15" in (bulletins / "2024-02" / "bai-dau-tien.md").read_text(
        encoding="utf-8")


def test_13_add_refuses_an_unknown_kind():
    result = invoke("add", "bulletins/2024-01", "news", "Tin")
    assert result.exit_code == 2 and "giá trị của KIND phải là một trong" in result.stderr


@pytest.mark.parametrize("title, name", [
    ("Hội nghị tổng kết năm 2023", "hoi-nghi-tong-ket-nam-2023"),
    ("ĐẢNG BỘ XÃ ĐỒNG THẠNH: 50 NĂM", "dang-bo-xa-dong-thanh-50-nam"),
    ("Gương điển hình “giữ lửa”", "guong-dien-hinh-giu-lua"),
    ("!!!", "bai-moi"),
])
def test_13_file_names_are_made_without_diacritics(title, name):
    assert file_name(title) == name


# 14 ------------------------------------------------------------------------------------------
def test_14_the_tests_samples_ignore_an_issue_in_preparation(tmp_path):
    live = tmp_path / "live"
    shutil.copytree(REPO / "bulletins", live, ignore=shutil.ignore_patterns("xuat-ban"))
    for name in ("layouts", "fonts"):
        (tmp_path / name).symlink_to(REPO / name)
    assert invoke("new", live).exit_code == 0  # an editor starts next month
    copied = copy_samples(tmp_path / "copy", source=live)
    assert sorted(p.name for p in copied.iterdir() if p.is_dir()) == list(SAMPLE_ISSUES)
    assert invoke("check", *(copied / m for m in SAMPLE_ISSUES)).exit_code == 0
