"""A one-line progress indicator on standard error for long runs.

Shown only when there are many files and standard error is a terminal; otherwise (pipes, CI
logs, pre-commit, a handful of files) it writes nothing at all.
"""
from __future__ import annotations

import os
import sys
import time
import typing as t

MIN_FILES = 20  # fewer files finish before a progress line would help
INTERVAL = 0.1  # seconds between redraws: redrawing per file would cost more than checking it


class Progress:
    def __init__(self, total: int, stream: t.TextIO | None = None, enabled: bool | None = None) -> None:
        self.total = total
        self.stream = stream if stream is not None else sys.stderr
        if enabled is None:
            enabled = (total >= MIN_FILES and _isatty(self.stream)
                       and os.environ.get("TERM") != "dumb" and "CI" not in os.environ)
        self.enabled = enabled
        self.done = 0
        self._shown = False
        self._last = 0.0

    def advance(self, path: str = "") -> None:
        """One more file checked (``path`` is the file just finished)."""
        self.done += 1
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self._last < INTERVAL and self.done < self.total:
            return
        self._last = now
        width = 30
        filled = width * self.done // max(self.total, 1)
        line = f"检查中 {self.done}/{self.total} [{'#' * filled}{'.' * (width - filled)}] "
        # The line must never wrap, or \r would no longer return to its start.
        self.stream.write("\r\x1b[K" + line + _tail(path, _columns() - _width(line) - 1))
        self.stream.flush()
        self._shown = True

    def clear(self) -> None:
        """Erase the progress line (before other messages on standard error, and at the end)."""
        if self._shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self._shown = False
            self._last = 0.0  # redraw at the next file

    def __enter__(self) -> "Progress":
        return self

    def __exit__(self, *exc: t.Any) -> None:
        self.clear()


def _width(s: str) -> int:
    from lint.cjk import display_width

    return display_width(s)


def _columns() -> int:
    import shutil

    return shutil.get_terminal_size((80, 24)).columns


def _tail(path: str, room: int) -> str:
    """The end of ``path`` in at most ``room`` display columns."""
    if room <= 1:
        return ""
    if _width(path) <= room:
        return path
    while path and _width(path) > room - 1:
        path = path[1:]
    return "…" + path


def _isatty(stream: t.TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
