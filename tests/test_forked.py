"""The forked copy that writes the reader PDF alongside the print file."""

import os
from pathlib import Path

import pytest

from bulletin_press import forked

pytestmark = pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="one core: nothing is forked")


def test_value_comes_from_the_copy():
    parent = os.getpid()
    with forked.Forked(os.getpid) as job:
        assert job.result() != parent


def test_a_failing_copy_reruns_here_and_raises_here():
    calls = []

    def failing():
        calls.append(os.getpid())
        raise ValueError("hỏng")

    with forked.Forked(failing) as job, pytest.raises(ValueError, match="hỏng"):
        job.result()
    assert calls == [os.getpid()]  # the copy's attempt is not seen here


def test_an_unpicklable_value_is_computed_here():
    with forked.Forked(lambda: (lambda: 1)) as job:
        assert job.result()() == 1


def test_leaving_early_stops_the_copy(tmp_path):
    flag = tmp_path / "done"

    def slow():
        import time
        time.sleep(3)
        flag.write_text("x")

    with forked.Forked(slow) as job:
        pid = job.pid
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)
    assert not flag.exists()


def test_a_build_on_one_core_gives_the_same_bytes(built, monkeypatch, tmp_path):
    """The forked copies start from the state the print file leaves; in one process the reader
    and the screen PDF are written after it: every output is the same either way."""
    from conftest import run_build

    sample = built["2024-01"]
    monkeypatch.setattr(forked.os, "cpu_count", lambda: 1)
    result = run_build(sample.issue_dir, tmp_path)
    assert {kind: Path(path).read_bytes() for kind, path in result["outputs"].items()
            if path.endswith(".pdf")} == {
        kind: Path(path).read_bytes() for kind, path in sample.result["outputs"].items()
        if path.endswith(".pdf")}
