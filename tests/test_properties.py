"""Property-based tests: whatever an editor types, the loader and the Markdown path answer with
located problems or a result, never a traceback."""

from __future__ import annotations

import string

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from projects import ISSUE_YAML, SERIES_YAML, make_project, markdown

from bulletin_press import content, manifest
from bulletin_press.errors import BulletinError

VIETNAMESE = "aăâbcdđeêghiklmnoôơpqrstuưvxyàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵĐĂÂÊÔƠƯ"
TEXT = st.text(alphabet=VIETNAMESE + string.ascii_letters + string.digits + " -:#*_[]()!`>|\n\t.,'\"",
               max_size=200)
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6), st.floats(allow_nan=False),
                    st.dates(), TEXT, st.sampled_from(["2024-01-15", "2024-02-30", "010", "08", "yes",
                                                       "tin-chinh.md", "../x.md", "a5", "19x27"]))
VALUES = st.recursive(SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.sampled_from(
        ["title", "items", "copies", "year", "recipient", "make_ready", "x"]), inner, max_size=4)),
    max_leaves=12)
ISSUE_KEYS = ["bulletin", "number", "month", "date", "layout", "print", "distribution", "sections",
              "layuot"]
# The number of examples comes from the Hypothesis profile (conftest.py): a few hundred in
# `make test`, thousands with HYPOTHESIS_PROFILE=thorough.
FAST = settings(deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@pytest.fixture(scope="module")
def issue_dir(tmp_path_factory):
    return make_project(tmp_path_factory.mktemp("properties"))


def outcome(load):
    """Load, accepting only a result or a BulletinError whose problems are Vietnamese text."""
    try:
        return load()
    except BulletinError as error:
        assert error.problems and all(p.message for p in error.problems)
        return None


@FAST
@given(text=TEXT)
def test_any_issue_yaml_text_gives_a_result_or_located_problems(issue_dir, text):
    (issue_dir / "issue.yaml").write_text(text, encoding="utf-8")
    outcome(lambda: manifest.load_issue(issue_dir))


@FAST
@given(data=st.dictionaries(st.sampled_from(ISSUE_KEYS), VALUES, max_size=8))
def test_any_issue_yaml_structure_gives_a_result_or_located_problems(issue_dir, data):
    (issue_dir / "issue.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    outcome(lambda: manifest.load_issue(issue_dir))


@FAST
@given(changes=st.dictionaries(st.sampled_from(["name", "print", "distribution", "licences",
                                                "editorial_board", "keep_words", "layout"]),
                               VALUES, max_size=4))
def test_any_series_settings_give_a_result_or_located_problems(issue_dir, changes):
    series = yaml.safe_load(SERIES_YAML) | changes
    (issue_dir / "issue.yaml").write_text(ISSUE_YAML, encoding="utf-8")
    (issue_dir.parent / "ban-tin.yaml").write_text(yaml.safe_dump(series, allow_unicode=True),
                                                  encoding="utf-8")
    try:
        outcome(lambda: manifest.load_issue(issue_dir))
    finally:
        (issue_dir.parent / "ban-tin.yaml").write_text(SERIES_YAML, encoding="utf-8")


@FAST
@given(body=TEXT, kind=st.sampled_from(["article", "report", "briefing"]))
def test_any_markdown_body_gives_html_or_located_problems(issue_dir, body, kind):
    (issue_dir / "issue.yaml").write_text(ISSUE_YAML, encoding="utf-8")
    (issue_dir / "tin-chinh.md").write_text(markdown(kind, body or "x"), encoding="utf-8")
    issue = outcome(lambda: manifest.load_issue(issue_dir))
    if issue is not None:
        converted = outcome(lambda: content.convert(issue))
        if converted is not None:
            assert "<script" not in converted.fragments[0].html
