"""A cold `bulletin build` against a `bulletin watch` rebuild after a one-word edit: `make bench`.

Cold: `bulletin build ISSUE` in a new process, timed from start to exit, as an editor runs it.
Rebuild: `bulletin watch ISSUE` runs in its own process; the benchmark saves a content file with
one word changed and times from just before the save until the new reader PDF is in place
(the file is replaced atomically, so its inode changes), then until the watch reports the
rebuild (page pictures and contact sheet written). The time includes noticing the save (the
watch polls every 0,1 s). Cold builds and rebuilds alternate. Medians; nothing is asserted.
`make bench` runs this from build_stages.py and writes the figures to RESULTS.md.

    python benchmarks/watch_rebuild.py [RUNS] [ISSUE]     (default: 5, 2024-01)
"""

from __future__ import annotations

import os
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNS = 5
ISSUE = "2024-01"
BULLETIN = str(Path(sys.executable).with_name("bulletin"))
WORDS = ("huyện", "tỉnh")  # the edit swaps the first of one for the other, back and forth


def cold_build(issue_dir: Path, out: Path) -> float:
    start = time.perf_counter()
    subprocess.run([BULLETIN, "build", str(issue_dir), "--out", str(out)], check=True,
                   capture_output=True)
    return time.perf_counter() - start


def content_file(issue_dir: Path) -> Path:
    """The first content file holding one of WORDS in its body."""
    for path in sorted(issue_dir.glob("*.md")):
        body = path.read_text(encoding="utf-8").split("---", 2)[-1]
        if any(word in body for word in WORDS):
            return path
    raise SystemExit(f"no content file of {issue_dir} holds {WORDS}")


def one_word_edit(path: Path, edit: int) -> None:
    old, new = WORDS if edit % 2 == 0 else reversed(WORDS)
    head, marker, body = path.read_text(encoding="utf-8").rpartition("\n---\n")
    path.write_text(head + marker + body.replace(old, new, 1), encoding="utf-8")


def measure(issue_dir: Path, build_out: Path, watch_out: Path, runs: int = RUNS):
    """Cold builds and watch rebuilds taken in turn, so a change in the machine's load touches
    both alike. The watch process sits idle (polling) while a cold build runs."""
    cold_build(issue_dir, build_out)  # warms the disk cache and fontconfig's cache
    # Ctrl-C reaches the watch even when this script runs in the background, where the shell
    # has it ignored and the ignoring would be inherited.
    watch = subprocess.Popen([BULLETIN, "watch", str(issue_dir), "--out", str(watch_out)],
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                             preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    lines: list[str] = []
    reported = threading.Condition()

    def read() -> None:
        for line in watch.stdout:
            with reported:
                lines.append(line)
                reported.notify_all()

    threading.Thread(target=read, daemon=True).start()

    def wait_for_reports(count: int) -> None:
        with reported:
            reported.wait_for(lambda: sum(line.startswith("[") for line in lines) >= count, 120)

    wait_for_reports(1)
    reader = next(watch_out.glob("*-ban-doc.pdf"))
    edited = content_file(issue_dir)
    cold, to_reader, to_report = [], [], []
    try:
        for edit in range(runs):
            cold.append(cold_build(issue_dir, build_out))
            time.sleep(1.0)  # the watch collects the garbage of its last build when idle
            before = reader.stat().st_ino
            start = time.perf_counter()
            one_word_edit(edited, edit)
            while not reader.exists() or reader.stat().st_ino == before:
                time.sleep(0.005)
            to_reader.append(time.perf_counter() - start)
            wait_for_reports(edit + 2)
            to_report.append(time.perf_counter() - start)
    finally:
        watch.send_signal(signal.SIGINT)
        watch.wait(30)
    return cold, to_reader, to_report


def report(temp: Path, runs: int = RUNS, issue: str = ISSUE) -> list[str]:
    """The measurement on a copy of a sample issue, as lines of text."""
    sys.path.insert(0, str(ROOT / "tests"))
    from projects import copy_samples

    bulletins = copy_samples(temp / "watch-project")
    cold, to_reader, to_report = measure(bulletins / issue, temp / "watch-build",
                                         temp / "xem-truoc", runs)
    median = statistics.median(cold)
    lines = [f"Cold `bulletin build` of sample {issue} (new process): {median:.2f} s "
             f"(runs: {', '.join(f'{t:.2f}' for t in cold)})."]
    for label, times in (("save → new reader PDF", to_reader),
                         ("save → page pictures and contact sheet written", to_report)):
        value = statistics.median(times)
        # Each rebuild against the cold build just before it: the load of the machine changes.
        paired = statistics.median(t / c for t, c in zip(times, cold))
        lines.append(f"`bulletin watch` rebuild after a one-word edit, {label}: {value:.2f} s = "
                     f"{value / median:.0%} of a cold build ({paired:.0%} paired with the build "
                     f"before it; runs: {', '.join(f'{t:.2f}' for t in times)}).")
    return lines


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else RUNS
    issue = sys.argv[2] if len(sys.argv) > 2 else ISSUE
    with tempfile.TemporaryDirectory() as temp:
        print("\n".join(report(Path(temp), runs, issue)))
    print(f"load average: {', '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
