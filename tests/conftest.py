"""Shared fixtures: the sample issues are built once per test session."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from projects import SAMPLE_ISSUES, copy_samples

from bulletin_press.cli import main
from bulletin_press.manifest import load_issue


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
