"""Shared fixtures: the sample issues are built once per test session."""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import os

import pytest
from click.testing import CliRunner
from hypothesis import settings

from projects import SAMPLE_ISSUES, copy_samples

from bulletin_press.cli import main
from bulletin_press.manifest import load_issue

settings.register_profile("default", max_examples=150)
settings.register_profile("thorough", max_examples=3000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


@dataclass(frozen=True)
class BuiltIssue:
    """One sample issue as `bulletin build --json` left it."""

    issue_dir: Path
    result: dict

    @property
    def reader(self) -> Path:
        return Path(self.result["outputs"]["reader"])

    @property
    def print_file(self) -> Path:
        return Path(self.result["outputs"]["print"])

    @property
    def issue(self):
        return load_issue(self.issue_dir)

    @property
    def photos(self) -> list[Path]:
        """The photo files the issue's items show, once each, in the order they appear."""
        from bulletin_press.content import convert

        return list(convert(self.issue).photos)


def run_build(issue_dir: Path, out: Path) -> dict:
    outcome = CliRunner().invoke(main, ["build", str(issue_dir), "--out", str(out), "--json"])
    assert outcome.exit_code == 0, outcome.output
    return json.loads(outcome.stdout)


@pytest.fixture(scope="session")
def samples(tmp_path_factory) -> Path:
    """A project holding copies of the sample issues' sources; tests must not change it."""
    return copy_samples(tmp_path_factory.mktemp("samples"))


@pytest.fixture(scope="session")
def built(samples, tmp_path_factory) -> dict[str, BuiltIssue]:
    out = tmp_path_factory.mktemp("build")
    return {name: BuiltIssue(samples / name, run_build(samples / name, out))
            for name in SAMPLE_ISSUES}


@pytest.fixture(params=SAMPLE_ISSUES)
def sample(request, built) -> BuiltIssue:
    return built[request.param]


# The day the sample issues are published in the tests' archive.
PUBLISHED_ON = date(2023, 12, 20)


@pytest.fixture(scope="session")
def published_samples(tmp_path_factory) -> Path:
    """A project holding the sample issues with 2023-11 and 2023-12 published (2024-01 not);
    returns its bulletins/. Tests must not change it: take an archive_copy instead."""
    from bulletin_press.archive.publish import publish

    bulletins = copy_samples(tmp_path_factory.mktemp("published"))
    for month in ("2023-11", "2023-12"):
        publish(bulletins / month, today=PUBLISHED_ON)
    return bulletins


@pytest.fixture
def archive_copy(published_samples, tmp_path) -> Path:
    """A fresh copy of the published samples' project that a test may change; its bulletins/."""
    root = tmp_path / "project"
    shutil.copytree(published_samples.parent, root, symlinks=True)
    return root / "bulletins"
