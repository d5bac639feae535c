"""`make bench`: time every stage of building synthetic issues (16, 40 and 160 pages of Vietnamese
text; 32 pages with 20 phone photos), compare a full build with the `weasyprint` command on the
very HTML the pipeline produced and with WeasyPrint alone writing the three PDF variants a
build delivers (`--floor`), measure peak memory, a no-op `build-all` and a watch rebuild,
and report the size of each sample issue's screen PDF against its target and of its web edition.

Every measurement runs in a fresh interpreter (`--child`), as an editor's command does; the
medians of RUNS runs are printed and written to benchmarks/RESULTS.md with the machine.
Nothing is asserted. The 160-page issue is beyond the legal maximum of 64 pages (Law on Press
2016, Art. 34): for that measurement only, the child lifts the page limits.

    python benchmarks/build_stages.py [RUNS]
"""

from __future__ import annotations

import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
RUNS = int(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1].isdigit() else 3
# name → (paragraphs, photos): calibrated to about 16, 40 and 160 A5 pages, and 32 with photos
ISSUES = {"16 trang": (44, 0), "40 trang": (182, 0), "160 trang": (820, 0),
          "32 trang, 20 ảnh": (92, 20)}
TARGET_RATIO = 1.15  # the whole build against the `weasyprint` command, at 40 pages
FLOOR_VARIANTS = ("pdf/x-4", "pdf/a-3b", "pdf/ua-1")
STAGES = ("validate", "render", "layout", "rules", "pdf", "preflight", "black_only", "booklet",
          "print_order", "web", "write")


def child(issue_dir: Path, out: Path, lift_limits: bool) -> None:
    """One cold build, stage by stage, in this fresh interpreter; prints a JSON line."""
    start = time.perf_counter()
    if lift_limits:
        import bulletin_press.manifest.licence as licence
        import bulletin_press.press.preflight as preflight_module

        licence.MAX_PAGES = preflight_module.MAX_PAGES = 10_000
    import weasyprint  # noqa: F401  (counted in "import", as an editor waits for it)

    from bulletin_press import build, output, render, sources, typeset, web
    from bulletin_press.press import (colour, imposition, layoutrules, preflight, printfile,
                                      printorder, printrun)

    times = {"import": time.perf_counter() - start}

    def timed(name, function, *args):
        begin = time.perf_counter()
        value = function(*args)
        times[name] = time.perf_counter() - begin
        return value

    checked = timed("validate", build.validate, issue_dir)
    issue = checked.issue
    inputs = sources.issue_sources(checked)
    rendered = timed("render", render.render, checked)
    document, _ = timed("layout", typeset.lay_out, rendered)
    timed("rules", layoutrules.broken_rules, document, checked)
    files = timed("pdf", printfile.make, document, issue, inputs)
    report = timed("preflight", preflight.check_print_file, files.print_pdf, issue)
    black = timed("black_only", colour.black_only, files.print_pdf)
    booklet = timed("booklet", imposition.booklet, files.print_pdf)
    run = printrun.count(files.pages, issue.print, issue.distribution, issue.layout,
                         report.colour_pages)
    order = printorder.print_order(issue, run, "ban-in.pdf")
    order_pdf, _ = timed("print_order", printorder.order_pdf, order, issue)
    edition = timed("web", web.edition, checked)
    timed("write", output.write_all, out, {"a.pdf": files.print_pdf, "b.pdf": files.reader_pdf,
                                           "c.pdf": black, "d.pdf": booklet.pdf,
                                           "e.pdf": order_pdf or b"", "f.pdf": files.screen_pdf,
                                           **{f"web/{name}": data
                                              for name, data in edition.files.items()}})
    times["total"] = time.perf_counter() - start
    (out / "issue.html").write_text(standalone_html(rendered), encoding="utf-8")
    print(json.dumps({"times": times, "pages": files.pages,
                      "peak_mb": max(resource.getrusage(who).ru_maxrss for who in (
                          resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)) / 1024,
                      "print_bytes": len(files.print_pdf)}))


def floor(html: Path, out: Path) -> None:
    """WeasyPrint alone, with nothing of the pipeline: the HTML laid out once and written as
    the three PDF variants a build must deliver (print PDF/X-4, reader PDF/A-3b, screen
    PDF/UA-1), two of them in forked copies as the build writes them: the least a build can take
    that has WeasyPrint write them."""
    import weasyprint

    document = weasyprint.HTML(filename=str(html)).render()
    children = []
    for variant in FLOOR_VARIANTS[1:]:
        pid = os.fork()
        if pid == 0:
            document.write_pdf(out / f"floor-{variant.replace('/', '')}.pdf", pdf_variant=variant)
            os._exit(0)
        children.append(pid)
    document.write_pdf(out / "floor-print.pdf", pdf_variant=FLOOR_VARIANTS[0])
    for pid in children:
        if os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) != 0:
            raise SystemExit(f"writing a variant of {html} failed")


def standalone_html(rendered) -> str:
    """The pipeline's HTML with its stylesheets linked and its base set to the real folders,
    for the `weasyprint` command (the pipeline serves the same files from memory)."""
    links = "".join(f'<link rel="stylesheet" href="{_real(rendered, url).as_uri()}">'
                    for url in rendered.stylesheets)
    base = f'<base href="{rendered.issue_dir.as_uri()}/">'
    return rendered.html.replace("<head>", f"<head>{base}{links}", 1)


def _real(rendered, url: str) -> Path:
    from bulletin_press.render import VIRTUAL_ROOT

    inside = url.removeprefix(VIRTUAL_ROOT)
    for name, target in rendered.folders.items():
        if inside == name:
            return target
        if inside.startswith(name + "/"):
            return target / inside.removeprefix(name + "/")
    raise ValueError(url)


def run_child(issue_dir: Path, out: Path, lift: bool) -> dict:
    command = [sys.executable, __file__, "--child", str(issue_dir), str(out)]
    command += ["--lift-limits"] if lift else []
    result = subprocess.run(command, capture_output=True, text=True, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def timed_command(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, capture_output=True, check=True)
    return time.perf_counter() - start


def median(values) -> float:
    return statistics.median(values)


def measure(temp: Path) -> dict:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from synthetic import make_issue

    results = {}
    for name, (paragraphs, photos) in ISSUES.items():
        lift = paragraphs > 200
        issue_dir = make_issue(temp / name.replace(" ", "-"), "2024-03", paragraphs, photos,
                               licence_pages=400 if lift else 64)
        out = issue_dir.parent.parent / "out"
        runs = [run_child(issue_dir, out, lift) for _ in range(RUNS)]
        entry = {"pages": runs[0]["pages"], "peak_mb": max(r["peak_mb"] for r in runs),
                 "print_mb": runs[0]["print_bytes"] / 1e6,
                 "stages": {stage: median(r["times"][stage] for r in runs)
                            for stage in ("import", *STAGES, "total")}}
        html = out / "issue.html"
        entry["weasyprint"] = median(timed_command([str(BIN / "weasyprint"), str(html),
                                                    str(out / "raw.pdf")]) for _ in range(RUNS))
        entry["floor"] = median(timed_command([sys.executable, __file__, "--floor", str(html),
                                               str(out)]) for _ in range(RUNS))
        if not lift:
            entry["bulletin_build"] = median(timed_command(
                [str(BIN / "bulletin"), "build", str(issue_dir), "--out", str(out / "cli")])
                for _ in range(RUNS))
        results[name] = entry
    return results


def noop_build_all(temp: Path) -> tuple[float, list[str]]:
    """A no-op `bulletin build-all` over copies of the sample issues, and the sizes of the
    screen PDFs and web editions the first build-all wrote."""
    sys.path.insert(0, str(ROOT / "tests"))
    from projects import copy_samples

    from bulletin_press.press.printfile import SCREEN_TARGET_BYTES

    bulletins = copy_samples(temp / "samples")
    command = [str(BIN / "bulletin"), "build-all", str(bulletins), "--out", str(temp / "all")]
    subprocess.run(command, capture_output=True, check=True)
    sizes = []
    for screen in sorted((temp / "all").glob("*/*-ban-man-hinh.pdf")):
        edition = [path for path in (screen.parent / "web").rglob("*") if path.is_file()]
        size = screen.stat().st_size
        sizes.append(f"Sample {screen.parent.name}: screen PDF {size / 1e6:.2f} MB, "
                     f"{'under' if size <= SCREEN_TARGET_BYTES else 'OVER'} the "
                     f"{SCREEN_TARGET_BYTES / 1e6:.1f} MB target; web edition "
                     f"{sum(p.stat().st_size for p in edition) / 1e6:.2f} MB in "
                     f"{len(edition)} files.")
    return median(timed_command(command) for _ in range(max(RUNS, 5))), sizes


def report(results: dict, noop: float, sizes: list[str], watch: list[str]) -> str:
    lines = [f"Machine: {platform.machine()}, {os.cpu_count()} cores, {platform.system()} "
             f"{platform.release()}, Python {platform.python_version()}.",
             f"Command: `make bench` (python benchmarks/build_stages.py {RUNS}); medians of "
             f"{RUNS} runs, each a fresh interpreter; seconds.", "",
             "| issue | pages | " + " | ".join(("import", *STAGES, "total")) + " |",
             "|---|---:|" + "---:|" * (len(STAGES) + 2)]
    for name, entry in results.items():
        stages = entry["stages"]
        lines.append(f"| {name} | {entry['pages']} | " + " | ".join(
            f"{stages[s]:.2f}" for s in ("import", *STAGES, "total")) + " |")
    lines += ["", "The whole command writes six PDFs (print, reader, screen, black-only, booklet, "
                  "print order) and the web edition, and preflights the print file; `weasyprint` "
                  "writes one PDF. \"Up to the "
                  "print PDF\" is the same work as the `weasyprint` command: import, validate, "
                  "render, layout, pdf (the reader and screen PDFs are written alongside, in forked "
                  "copies).", "",
              "\"Three variants\" is WeasyPrint alone, in one fresh interpreter, laying out the "
              "same HTML once and writing the three PDFs every build must deliver (print "
              "PDF/X-4, reader PDF/A-3b, screen PDF/UA-1; two in forked copies, as the build "
              "does); no build that has WeasyPrint write them can take less.", "",
              "| issue | `bulletin build` (whole command) | up to the print PDF | `weasyprint` on "
              "the same HTML | three variants | ratio, whole | ratio, up to the print PDF | "
              "ratio, three variants | peak memory | print PDF |",
              "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for name, entry in results.items():
        ours = entry.get("bulletin_build", entry["stages"]["total"])
        same = sum(entry["stages"][s] for s in ("import", "validate", "render", "layout", "pdf"))
        raw, least = entry["weasyprint"], entry["floor"]
        lines.append(f"| {name} | {ours:.2f} | {same:.2f} | {raw:.2f} | {least:.2f} | "
                     f"{ours / raw:.2f} | {same / raw:.2f} | {least / raw:.2f} | "
                     f"{entry['peak_mb']:.0f} MB | {entry['print_mb']:.1f} MB |")
    forty = results["40 trang"]
    whole = forty["bulletin_build"] / forty["weasyprint"]
    lines += ["", f"Target for the whole build at 40 pages, at most {TARGET_RATIO:.2f} × the "
                  f"`weasyprint` command: {whole:.2f} ×, "
                  f"{'met' if whole <= TARGET_RATIO else 'not met'}.",
              f"At 40 pages, WeasyPrint alone writing the three variants takes "
                  f"{forty['floor'] / forty['weasyprint']:.2f} × the `weasyprint` command; the "
                  f"whole build takes {forty['bulletin_build'] / forty['floor']:.2f} × that least "
                  "time, for the print order, the black-only file, the booklet, the preflight, "
                  "the web edition and the checks on top."]
    big = results["160 trang"]["stages"]["total"]
    lines += ["", f"160 pages against 40 pages (stage totals): "
                  f"{big / forty['stages']['total']:.2f} ×.",
              f"No-op `bulletin build-all` over the three sample issues: {noop:.2f} s.", "",
              *sizes, "", *watch, "", f"Load average at the end: "
              f"{', '.join(f'{x:.1f}' for x in os.getloadavg())}."]
    return "\n".join(lines) + "\n"


def main() -> None:
    if "--floor" in sys.argv:
        html, out = (Path(a) for a in sys.argv[sys.argv.index("--floor") + 1:][:2])
        floor(html, out)
        return
    if "--child" in sys.argv:
        issue_dir, out = (Path(a) for a in sys.argv[sys.argv.index("--child") + 1:][:2])
        child(issue_dir, out, "--lift-limits" in sys.argv)
        return
    with tempfile.TemporaryDirectory() as temp:
        results = measure(Path(temp))
        noop, sizes = noop_build_all(Path(temp))
        from watch_rebuild import report as watch_report

        watch = watch_report(Path(temp), max(RUNS, 5))
    text = report(results, noop, sizes, watch)
    print(text)
    (Path(__file__).resolve().parent / "RESULTS.md").write_text(
        "# Benchmark results\n\n" + text, encoding="utf-8")


if __name__ == "__main__":
    main()
