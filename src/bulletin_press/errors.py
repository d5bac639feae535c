"""One exception family for everything caused by the input."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One located problem an editor can act on."""

    file: Path
    line: int | None
    message: str

    def display_path(self) -> str:
        """The file, relative to the working directory when it lies inside it."""
        try:
            return os.path.relpath(self.file)
        except ValueError:
            return str(self.file)

    def __str__(self) -> str:
        where = self.display_path() if self.line is None else f"{self.display_path()}:{self.line}"
        return f"{where}: {self.message}"

    def as_dict(self) -> dict:
        return {"file": self.display_path(), "line": self.line, "message": self.message}


class BulletinError(Exception):
    """Input that cannot become a bulletin; carries every problem found."""

    def __init__(self, problems: list[Problem] | tuple[Problem, ...]):
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class Problems:
    """Collects problems during one stage, then raises them together."""

    def __init__(self) -> None:
        self.items: list[Problem] = []

    def add(self, file: Path, line: int | None, message: str) -> None:
        self.items.append(Problem(Path(file), line, message))

    def extend(self, problems) -> None:
        self.items.extend(problems)

    def raise_if_any(self) -> None:
        if self.items:
            raise BulletinError(self.items)
