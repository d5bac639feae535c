"""Time each stage of building the sample issues: `make bench`.

Prints the median of several runs per stage; nothing is asserted.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from bulletin_press import build, content, manifest, pdf, render
from bulletin_press.press import printfile

ROOT = Path(__file__).resolve().parents[1]
RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 3


def timed(function, *args):
    start = time.perf_counter()
    value = function(*args)
    return value, time.perf_counter() - start


def main() -> None:
    print(f"{'issue':<9}{'check':>9}{'render':>9}{'layout':>9}{'pdf':>9}{'build':>9}  (s, median of {RUNS})")
    for issue_dir in sorted(p.parent for p in (ROOT / "bulletins").glob("*/issue.yaml")):
        samples: dict[str, list[float]] = {}
        for _ in range(RUNS):
            checked, t_check = timed(lambda d: content.convert(manifest.load_issue(d)), issue_dir)
            rendered, t_render = timed(render.render, checked)
            (document, _), t_layout = timed(pdf.lay_out, rendered)
            _, t_pdf = timed(printfile.make, document)
            with tempfile.TemporaryDirectory() as out:
                _, t_build = timed(build.build, issue_dir, Path(out))
            for name, value in zip(("check", "render", "layout", "pdf", "build"),
                                   (t_check, t_render, t_layout, t_pdf, t_build)):
                samples.setdefault(name, []).append(value)
        row = "".join(f"{statistics.median(v):9.3f}" for v in samples.values())
        print(f"{issue_dir.name:<9}{row}")


if __name__ == "__main__":
    main()
