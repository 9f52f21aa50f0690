"""Inline suppression comments (Markdown):

    <!-- jiaodui-disable [RULE ...] -->        until the matching enable (RULE omitted: all rules)
    <!-- jiaodui-enable [RULE ...] -->
    <!-- jiaodui-disable-next-line [RULE ...] -->

RULE is a code, a code prefix, a name or a category, as on the command line.
"""
from __future__ import annotations

import re

from lint.document import Document

_DIRECTIVE = re.compile(r"<!--\s*jiaodui-(disable-next-line|disable|enable)\b([^>]*?)-->")


class Suppressions:
    def __init__(self, doc: Document, registry) -> None:
        self._ranges: list[tuple[int, int, frozenset[str] | None]] = []  # (first_line, last_line, codes)
        if "jiaodui-" not in doc.text:
            return
        open_: dict[str | None, int] = {}
        last = doc.lines.count
        for m in _DIRECTIVE.finditer(doc.text):
            kind = m.group(1)
            names = m.group(2).replace(",", " ").split()
            codes = self._codes(names, registry)
            line, _ = doc.lines.position(m.start())
            if kind == "disable-next-line":
                self._ranges.append((line + 1, line + 1, codes))
            elif kind == "disable":
                for code in (codes or {None}):
                    open_.setdefault(code, line)
            else:  # enable: with no names, closes every open disable
                for code in list(open_) if codes is None else codes:
                    if code in open_:
                        self._close(code, open_.pop(code), line)
        for code, start in open_.items():
            self._close(code, start, last)

    def _close(self, code: str | None, start: int, end: int) -> None:
        self._ranges.append((start, end, None if code is None else frozenset({code})))

    @staticmethod
    def _codes(names: list[str], registry) -> frozenset[str] | None:
        if not names:
            return None
        codes: set[str] = set()
        for n in names:
            try:
                codes.update(r.code for r in registry.matching(n))
            except Exception:  # an unknown name in a comment suppresses nothing
                pass
        return frozenset(codes)

    def __bool__(self) -> bool:
        return bool(self._ranges)

    def suppressed(self, line: int, code: str) -> bool:
        return any(a <= line <= b and (codes is None or code in codes) for a, b, codes in self._ranges)
