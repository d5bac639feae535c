"""`bulletin build-all`: build every issue of the archive, skipping those whose inputs have not
changed since their last build, on every core."""

from __future__ import annotations

import json
import os
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from bulletin_press import output, sources, web
from bulletin_press.archive import toolchain
from bulletin_press.errors import BulletinError
from bulletin_press.manifest import ISSUE_DIR, ISSUE_FILE, find_root

STAMP = ".dau-vao.json"  # in each issue's build folder: what its last build was made from


@dataclass(frozen=True)
class Outcome:
    issue: str
    status: str  # "built", "skipped" or "failed"
    seconds: float = 0.0
    outputs: dict[str, str] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()
    errors: tuple[dict, ...] = ()

    def as_json(self) -> dict:
        return {"issue": self.issue, "status": self.status, "seconds": round(self.seconds, 2),
                "outputs": self.outputs, "warnings": list(self.warnings),
                "errors": list(self.errors)}


def issue_dirs(bulletins_dir: Path) -> list[Path]:
    return sorted(path.parent for path in Path(bulletins_dir).resolve().glob(f"*/{ISSUE_FILE}")
                  if ISSUE_DIR.match(path.parent.name))


def build_all(bulletins_dir: Path, out_root: Path | None = None, jobs: int | None = None,
              on_done: Callable[[Outcome], None] | None = None,
              strict: bool = False) -> list[Outcome]:
    """Build the issues whose inputs changed; on_done is called as each issue is settled.
    strict: a broken layout rule fails the issue, even one whose last build only warned."""
    folders = issue_dirs(bulletins_dir)
    out_root = Path(out_root or find_root(Path(bulletins_dir).resolve()) / "build").resolve()
    outcomes: list[Outcome] = []

    def settle(outcome: Outcome) -> None:
        outcomes.append(outcome)
        if on_done:
            on_done(outcome)

    stale = []
    for folder in folders:
        if up_to_date(folder, out_root / folder.name, strict):
            settle(Outcome(folder.name, "skipped"))
        else:
            stale.append(folder)
    if stale:
        workers = max(1, min(jobs or os.cpu_count() or 1, len(stale)))
        with ProcessPoolExecutor(max_workers=workers) as pool:
            for future in as_completed([pool.submit(build_one, f, out_root, strict) for f in stale]):
                settle(future.result())
    return sorted(outcomes, key=lambda o: o.issue)


def build_one(issue_dir: Path, out_root: Path, strict: bool = False) -> Outcome:
    """Build one issue and stamp its build folder with the inputs it was made from."""
    from bulletin_press.build import build

    start = time.perf_counter()
    stamp = out_root / issue_dir.name / STAMP
    try:
        result = build(issue_dir, out_root, strict)
    except BulletinError as error:
        stamp.unlink(missing_ok=True)
        return Outcome(issue_dir.name, "failed", time.perf_counter() - start,
                       errors=tuple(p.as_dict() for p in error.problems))
    record = {"toolchain": toolchain.versions(), "inputs": sources.hashes(result.sources),
              "listing": listing(issue_dir, result.sources),
              "web_layout": web_layout(issue_dir),
              "outputs": sorted(path.relative_to(stamp.parent).as_posix()
                                for path in result.outputs.values()),
              "broken_rules": len(result.broken_rules)}
    output.write_all(stamp.parent, {STAMP: json.dumps(record, ensure_ascii=False, indent=1).encode()})
    return Outcome(issue_dir.name, "built", time.perf_counter() - start,
                   outputs={kind: str(path) for kind, path in result.outputs.items()},
                   warnings=tuple(str(w) for w in result.warnings))


def up_to_date(issue_dir: Path, out_dir: Path, strict: bool = False) -> bool:
    """Whether the last build in out_dir was made from exactly the inputs issue_dir has now
    (and, if strict, broke no layout rule)."""
    try:
        stamp = json.loads((out_dir / STAMP).read_text(encoding="utf-8"))
        if stamp["toolchain"] != toolchain.versions() or (strict and stamp["broken_rules"]):
            return False
        if not all((out_dir / name).is_file() for name in stamp["outputs"]):
            return False
        if stamp["web_layout"] != web_layout(issue_dir):
            return False
        for name, digest in stamp["inputs"].items():
            path = sources.locate(issue_dir, name)
            if not path.is_file() or sources.sha256(path) != digest:
                return False
        return stamp["listing"] == listing(issue_dir, stamp["inputs"])
    except (OSError, ValueError, KeyError, TypeError, BulletinError):
        return False


def web_layout(issue_dir: Path) -> dict[str, str]:
    """The web layout's files and hashes: not inputs of the issue (they change no PDF), but
    a change to them makes the web edition out of date."""
    return sources.hashes(web.layout_files(find_root(issue_dir)))


def listing(issue_dir: Path, names) -> list[str]:
    """The files that would take part in the build if present, in the folders the inputs come
    from: a new layout file or override in the issue folder changes the build."""
    found = [f"bulletins/{issue_dir.name}/{p.name}" for p in sources.overrides(issue_dir)]
    folders = {"/".join(name.split("/")[:2]) for name in names if name.startswith("layouts/")}
    for folder in sorted(folders):
        base = sources.locate(issue_dir, folder)
        found += [f"{folder}/{p.relative_to(base).as_posix()}" for p in sources.files_in(base)]
    return sorted(found)
