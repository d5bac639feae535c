"""One exception family for everything caused by the input."""

from __future__ import annotations

import errno
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
        self.problems = tuple(in_order(problems))
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
            raise BulletinError(in_order(self.items))


def in_order(problems) -> list[Problem]:
    """Problems sorted by file, then line (a whole-file problem first), each once."""
    unique = dict.fromkeys(problems)
    return sorted(unique, key=lambda p: (str(p.file), p.line or 0))


_OS_REASONS = {
    errno.ENOENT: "không tồn tại (hoặc không tạo được thư mục ở đó)",
    errno.EACCES: "không có quyền {action}; hãy kiểm tra quyền truy cập hoặc chọn chỗ khác",
    errno.EPERM: "không có quyền {action}; hãy kiểm tra quyền truy cập hoặc chọn chỗ khác",
    errno.ENOTDIR: "một phần của đường dẫn là tệp chứ không phải thư mục; hãy chọn một thư mục",
    errno.EISDIR: "đây là một thư mục, không phải tệp",
    errno.ENOSPC: "ổ đĩa đã đầy; hãy giải phóng chỗ trống rồi chạy lại",
    errno.EDQUOT: "đã hết hạn mức dung lượng; hãy giải phóng chỗ trống rồi chạy lại",
    errno.EROFS: "ổ đĩa chỉ cho đọc; hãy chọn một thư mục khác",
    errno.ENAMETOOLONG: "tên tệp hoặc đường dẫn quá dài; hãy đặt tên ngắn hơn",
    errno.EIO: "lỗi đọc/ghi của ổ đĩa; hãy kiểm tra ổ đĩa rồi chạy lại",
    errno.EEXIST: "đã có một tệp trùng tên ở đây",
}


def os_problem(path: Path | str, exc: OSError, action: str) -> Problem:
    """A Vietnamese problem for an operating-system failure; action: 'đọc', 'ghi', 'tạo'."""
    reason = _OS_REASONS.get(exc.errno, "lỗi hệ thống {code}; hãy thử lại hoặc chọn chỗ khác")
    code = errno.errorcode.get(exc.errno or 0, "không rõ mã")
    where = exc.filename if getattr(exc, "filename", None) else path
    return Problem(Path(where), None, f"không {action} được: " + reason.format(action=action,
                                                                              code=code) + ".")
