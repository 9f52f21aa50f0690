"""The two loops that visit every character of a corpus, with a compiled version of each.

The functions below are the definitions: plain Python, always available.  When the optional C
extension ``lint._speedups`` was built at install time (setup.py; it needs a C compiler and is
skipped without one), the same functions run from it instead, about 6x faster on a corpus.
Results are identical (tests/test_kernels.py compares them on fixtures and on random text).
Set ``JIAODUI_PURE_PYTHON=1`` to run the Python definitions.

Why compiled code here and nowhere else: duplicate-paragraph must count the 4-gram at every
position of the document (no exact filter avoids it), and repeated-word must test, at every
position, twelve unit lengths for an immediate repeat.  In Python these cost 130 and 48
nanoseconds per character: a third of a corpus run.  numpy would do the first in C too, but
adds 70 MB to the install and 40-100 ms to start-up.
"""
from __future__ import annotations

import os
import re
import sys
import typing as t
from array import array
from collections import Counter

from lint.cjk import HAN, HAN_RANGES

try:
    if os.environ.get("JIAODUI_PURE_PYTHON"):
        raise ImportError("JIAODUI_PURE_PYTHON is set")
    from lint import _speedups
except ImportError:
    _speedups = None

COMPILED = _speedups is not None


def gram_ids_py(s: str, q: int) -> tuple[t.Sequence[int], t.Mapping[int, int], t.Sequence[int]]:
    """``(ids, occ, once)``: for every position p of ``s`` with a whole q-gram, ``ids[p]`` is
    the position where the gram ``s[p:p + q]`` first occurs; ``occ[f]`` is how many positions
    hold the gram first seen at f (0 elsewhere); ``once[p]`` is 1 when the gram at p occurs
    nowhere else, else 0 (a slice of it is bytes, so ``once[a:b:k].count(1)`` counts at C
    speed).  Equal grams, equal ids, and the ids are small integers: cheap to hash, count and
    sort.

    When every character is in the BMP, each gram is hashed as one 64-bit integer made at C
    speed, with no string per gram: the low bytes of its q UTF-16 code units, then the high
    bytes (for q = 4; other sizes use strings).  Otherwise the grams are hashed as strings."""
    positions = len(s) - q + 1
    if positions <= 0:
        return _with_counts([])
    first: dict[int | str, int] = {}
    data = s.encode("utf-16-le", "surrogatepass")
    if q != 4 or len(data) != 2 * len(s):
        ids = [first.setdefault(s[p:p + q], p) for p in range(positions)]
        return _with_counts(ids)
    low, high = data[0::2], data[1::2]
    packed = bytearray(8 * positions)  # 8 bytes per position
    for k in range(q):
        packed[k::8] = low[k:k + positions]
        packed[q + k::8] = high[k:k + positions]
    return _with_counts(list(map(first.setdefault, memoryview(packed).cast("Q"), range(positions))))


def _with_counts(ids: list[int]) -> tuple[list[int], Counter[int], "_OnceFlags"]:
    occ = Counter(ids)
    return ids, occ, _OnceFlags(ids, occ)


class _OnceFlags:
    """The once-only flags of the pure-Python path, made for the positions asked for: a slice
    gives bytes, as the compiled path's flags do.  (Flags for every position up front cost more
    in Python than the few slices a chunk filter reads.)"""

    __slots__ = ("_ids", "_occ")

    def __init__(self, ids: list[int], occ: Counter[int]) -> None:
        self._ids, self._occ = ids, occ

    def __len__(self) -> int:
        return len(self._ids)

    def __getitem__(self, index: int | slice) -> int | bytes:
        if isinstance(index, slice):
            return bytes(map((1).__eq__, map(self._occ.__getitem__, self._ids[index])))
        return int(self._occ[self._ids[index]] == 1)


def gram_ids(s: str, q: int) -> tuple[t.Sequence[int], t.Mapping[int, int], t.Sequence[int]]:
    """``gram_ids_py``, compiled when available (int32 arrays instead of a list and a Counter)."""
    if _speedups is None:
        return gram_ids_py(s, q)
    try:
        raw_ids, raw_occ, once = _speedups.gram_ids(s, q)
    except OverflowError:  # over 536 M positions (int32 ids): the Python version has no limit
        return gram_ids_py(s, q)
    ids, occ = array("i"), array("i")
    ids.frombytes(raw_ids)
    occ.frombytes(raw_occ)
    return ids, occ, once


_MAX_UNIT = 12


def _doubles_pattern(max_unit: int) -> re.Pattern[str]:
    return re.compile(rf"(?=([{HAN}]{{1,{max_unit}}}?)\1)")


_PATTERNS: dict[int, re.Pattern[str]] = {}


def han_doubles_py(s: str, pos: int = 0, max_unit: int = _MAX_UNIT) -> list[tuple[int, int]]:
    """``[(start, unit), ...]``: every start (from ``pos``) where a run of 1 to ``max_unit`` Han
    characters is immediately followed by itself, with the shortest such unit (行业行业: start
    at 行, unit 2; 更更快: unit 1)."""
    pattern = _PATTERNS.get(max_unit)
    if pattern is None:
        pattern = _PATTERNS[max_unit] = _doubles_pattern(max_unit)
    return [(m.start(), len(m.group(1))) for m in pattern.finditer(s, pos)]


# The Han class as native uint32 (low, high) pairs, inclusive, for the compiled version.
_RANGES = array("I", [bound for pair in HAN_RANGES for bound in pair]).tobytes()


def han_doubles(s: str, pos: int = 0, max_unit: int = _MAX_UNIT) -> list[tuple[int, int]]:
    """``han_doubles_py``, compiled when available."""
    if _speedups is None:
        return han_doubles_py(s, pos, max_unit)
    return _speedups.han_doubles(s, pos, max_unit, _RANGES)


def describe() -> str:
    """For ``jiaodui --version``-style diagnostics and the bench: which kernels run."""
    if _speedups is not None:
        return "compiled (lint._speedups)"
    reason = "JIAODUI_PURE_PYTHON is set" if os.environ.get("JIAODUI_PURE_PYTHON") else "lint._speedups not built"
    return f"pure Python ({reason}; {sys.implementation.name})"
