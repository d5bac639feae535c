"""Time each stage of building the sample issues, and a no-op `bulletin build-all`: `make bench`.

Prints the median of several runs per stage, then the size of each issue's screen PDF against
its target and of its web edition; nothing is asserted.
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bulletin_press import build, content, manifest, render, sources, typeset, web
from bulletin_press.press import preflight, printfile

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ("2023-11", "2023-12", "2024-01")
RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 3


def timed(function, *args, **kwargs):
    start = time.perf_counter()
    value = function(*args, **kwargs)
    return value, time.perf_counter() - start


def sample_project(folder: Path) -> Path:
    """Copies of the sample issues' sources in a project under folder; returns bulletins/."""
    for name in ("layouts", "fonts"):
        (folder / name).symlink_to(ROOT / name)
    bulletins = folder / "bulletins"
    bulletins.mkdir()
    shutil.copy(ROOT / "bulletins" / "thong-tin-noi-bo.yaml", bulletins)
    for month in SAMPLES:
        shutil.copytree(ROOT / "bulletins" / month, bulletins / month,
                        ignore=shutil.ignore_patterns("xuat-ban"))
    return bulletins


def stages(bulletins: Path) -> None:
    print(f"{'issue':<9}{'check':>9}{'render':>9}{'layout':>9}{'pdf':>9}{'preflight':>10}"
          f"{'web':>9}{'build':>9}  (s, median of {RUNS})")
    sizes = []
    for month in SAMPLES:
        issue_dir = bulletins / month
        samples: dict[str, list[float]] = {}
        for _ in range(RUNS):
            checked, t_check = timed(lambda d: content.convert(manifest.load_issue(d)), issue_dir)
            rendered, t_render = timed(render.render, checked)
            (document, _), t_layout = timed(typeset.lay_out, rendered)
            files, t_pdf = timed(printfile.make, document, checked.issue,
                                 sources.issue_sources(checked))
            _, t_preflight = timed(preflight.check_print_file, files.print_pdf, checked.issue)
            edition, t_web = timed(web.edition, checked)
            with tempfile.TemporaryDirectory() as out:
                _, t_build = timed(build.build, issue_dir, Path(out))
            for name, value in zip(("check", "render", "layout", "pdf", "preflight", "web",
                                    "build"),
                                   (t_check, t_render, t_layout, t_pdf, t_preflight, t_web,
                                    t_build)):
                samples.setdefault(name, []).append(value)
        row = "".join(f"{statistics.median(v):{10 if name == 'preflight' else 9}.3f}"
                      for name, v in samples.items())
        print(f"{month:<9}{row}")
        sizes.append((month, files.pages, len(files.screen_pdf), edition.files))
    for month, pages, screen, files in sizes:
        verdict = "under" if screen <= printfile.SCREEN_TARGET_BYTES else "OVER"
        print(f"{month}: screen PDF {screen / 1e6:.2f} MB for {pages} pages, {verdict} the "
              f"{printfile.SCREEN_TARGET_BYTES / 1e6:.2f} MB target; web edition "
              f"{sum(map(len, files.values())) / 1e6:.2f} MB in {len(files)} files "
              f"(page {len(files[web.PAGE]) / 1e3:.0f} kB)")


def noop_build_all(bulletins: Path, out: Path) -> None:
    """`bulletin build-all` when nothing changed, as an editor runs it (a new process)."""
    command = [str(Path(sys.executable).with_name("bulletin")), "build-all", str(bulletins),
               "--out", str(out)]
    subprocess.run(command, check=True, capture_output=True)
    times = [timed(subprocess.run, command, capture_output=True)[1] for _ in range(max(RUNS, 5))]
    print(f"no-op build-all over {len(SAMPLES)} issues: {statistics.median(times):.3f} s "
          f"(median of {len(times)}, whole command)")


def main() -> None:
    with tempfile.TemporaryDirectory() as temp:
        bulletins = sample_project(Path(temp))
        stages(bulletins)
        noop_build_all(bulletins, Path(temp) / "build")


if __name__ == "__main__":
    main()
