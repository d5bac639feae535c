"""Work that overlaps: a pure function run in a forked copy of this process.

A build writes several PDFs from one laid-out document, which cannot be pickled and sent to
another process; a fork inherits it. The process is single-threaded (WeasyPrint, Pango and
fontconfig start no threads), so forking is safe. The function must be pure: if the copy
fails in any way, it is simply run again here, so any error is raised where it is handled.
"""

from __future__ import annotations

import os
import pickle
import signal
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class Forked(Generic[T]):
    """function() begun in a forked copy; use as a context manager, which stops the copy if
    its value is never asked for (the build failed meanwhile)."""

    def __init__(self, function: Callable[[], T]):
        self.function = function
        self.pid = None
        if not hasattr(os, "fork") or (os.cpu_count() or 1) < 2:
            return
        self.read, write = os.pipe()
        self.pid = os.fork()
        if self.pid == 0:
            os.close(self.read)
            try:
                data = pickle.dumps(function(), protocol=pickle.HIGHEST_PROTOCOL)
                with os.fdopen(write, "wb") as pipe:
                    pipe.write(data)
            finally:
                os._exit(0)
        os.close(write)

    def result(self) -> T:
        if self.pid is None:
            return self.function()
        with os.fdopen(self.read, "rb") as pipe:
            data = pipe.read()
        _, status = os.waitpid(self.pid, 0)
        self.pid = None
        if data and os.waitstatus_to_exitcode(status) == 0:
            try:
                return pickle.loads(data)
            except (pickle.UnpicklingError, EOFError):
                pass
        return self.function()

    def __enter__(self) -> Forked[T]:
        return self

    def __exit__(self, *exc) -> None:
        if self.pid is not None:
            os.kill(self.pid, signal.SIGKILL)
            os.close(self.read)
            os.waitpid(self.pid, 0)
            self.pid = None
