"""`bulletin verify`: rebuild published issues and compare with the stored files byte for byte,
saying why they differ when they do."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from bulletin_press import build, sources
from bulletin_press.archive import record, toolchain
from bulletin_press.archive.compare import compare_pdfs
from bulletin_press.errors import BulletinError, Problem
from bulletin_press.manifest import PUBLISHED_DIR, issue_folder


@dataclass(frozen=True)
class Verdict:
    issue_dir: Path
    issue: str
    tampered: tuple[str, ...] = ()         # stored files that no longer match the record
    differing: tuple[str, ...] = ()        # stored files that the rebuild does not reproduce
    changed_inputs: tuple[str, ...] = ()   # inputs whose hash differs from the record
    toolchain: tuple[str, ...] = ()        # 'name: recorded → current'
    visible_pages: dict[str, tuple[int, ...]] = field(default_factory=dict)
    problems: tuple[Problem, ...] = ()     # the rebuild itself failed

    @property
    def ok(self) -> bool:
        return not (self.tampered or self.differing or self.problems)

    def line(self) -> str:
        """One line in Vietnamese for this issue."""
        if self.ok:
            return f"{self.issue}: khớp từng byte với các tệp đã lưu."
        parts = []
        if self.tampered:
            parts.append("tệp đã lưu không khớp hồ sơ (đã bị sửa): " + ", ".join(self.tampered))
        if self.problems:
            parts.append("không dựng lại được: " + "; ".join(str(p) for p in self.problems))
        if self.differing:
            parts.append("dựng lại khác với tệp đã lưu: " + ", ".join(self.differing))
            if self.changed_inputs:
                parts.append("vì đầu vào đã đổi: " + ", ".join(self.changed_inputs))
            elif self.toolchain:
                parts.append("đầu vào không đổi nhưng bộ công cụ khác: " + "; ".join(self.toolchain))
            for name, pages in self.visible_pages.items():
                parts.append(f"{name}: khác biệt nhìn thấy ở trang {', '.join(map(str, pages))}"
                             if pages else f"{name}: khác biệt không nhìn thấy (cùng chữ, cùng hình)")
        return f"{self.issue}: KHÁC — " + "; ".join(parts) + "."

    def as_json(self) -> dict:
        return {"issue": self.issue, "ok": self.ok, "tampered": list(self.tampered),
                "differing": list(self.differing), "changed_inputs": list(self.changed_inputs),
                "toolchain": list(self.toolchain),
                "visible_pages": {k: list(v) for k, v in self.visible_pages.items()},
                "errors": [p.as_dict() for p in self.problems], "message": self.line()}


def published_issues(bulletins_dir: Path) -> list[Path]:
    return sorted(path.parent.parent for path in
                  Path(bulletins_dir).glob(f"*/{PUBLISHED_DIR}/{record.RECORD_FILE}"))


def verify(issue_dir: Path) -> Verdict:
    issue_dir = issue_folder(issue_dir)
    published = record.read(issue_dir)
    if published is None:
        raise BulletinError([Problem(issue_dir / "issue.yaml", None, (
            "số này chưa xuất bản nên không có gì để đối chiếu; xuất bản bằng: bulletin publish"))])
    current = published.current
    stored_dir = issue_dir / PUBLISHED_DIR
    stored = {name: (stored_dir / name).read_bytes() if (stored_dir / name).is_file() else b""
              for name in current.files}
    tampered = tuple(name for name, data in stored.items()
                     if sources.sha256_bytes(data) != current.files[name])
    with tempfile.TemporaryDirectory(prefix="bulletin-verify-") as temp:
        try:
            result = build.build(issue_dir, Path(temp))
        except BulletinError as error:
            return Verdict(issue_dir, published.issue, tampered=tampered, problems=error.problems)
        rebuilt = {path.name: path.read_bytes() for path in result.outputs.values()}
    differing = tuple(name for name in stored
                      if name in rebuilt and rebuilt[name] != stored[name])
    if not differing:
        return Verdict(issue_dir, published.issue, tampered=tampered)
    now = sources.hashes(result.sources)
    changed = tuple(name for name in sorted(set(now) | set(current.inputs))
                    if now.get(name) != current.inputs.get(name))
    visible = {name: compare_pdfs(stored[name], rebuilt[name]).visible_pages
               for name in differing if name.endswith(".pdf") and stored[name]}
    return Verdict(issue_dir, published.issue, tampered=tampered, differing=differing,
                   changed_inputs=changed,
                   toolchain=tuple(toolchain.differences(current.toolchain, toolchain.versions())),
                   visible_pages=visible)
