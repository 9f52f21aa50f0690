"""The loops over every character of a corpus (or every gram of a paragraph), with a compiled
version of each.

The ``*_py`` functions below are the definitions: plain Python, always available.  When the
optional C extension ``lint._speedups`` was built at install time (setup.py; it needs a C
compiler and is skipped without one), the same functions run from it instead, about 6x faster
on a corpus.  Results are identical (tests/test_kernels.py compares them on fixtures and on
random text).  Set ``JIAODUI_PURE_PYTHON=1`` to run the Python definitions.

Why compiled code here and nowhere else: duplicate-paragraph must count the 4-gram at every
position of the document (no exact filter avoids it) and then walk each paragraph's grams
(text_prefix), and repeated-word must test, at every position, twelve unit lengths for an
immediate repeat.  In Python the first and last cost 130 and 48 nanoseconds per character: a
third of a corpus run.  numpy would do the counting in C too, but adds 70 MB to the install
and 40-100 ms to start-up.
"""
from __future__ import annotations

import functools
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


def gram_ids_py(s: str, q: int) -> tuple[t.Sequence[int], t.Mapping[int, int]]:
    """``(ids, occ)``: for every position p of ``s`` with a whole q-gram, ``ids[p]`` is the
    position where the gram ``s[p:p + q]`` first occurs; ``occ[f]`` is how many positions hold
    the gram first seen at f (0 elsewhere).  Equal grams, equal ids, and the ids are small
    integers: cheap to hash, count and sort.

    When every character is in the BMP, each gram is hashed as one 64-bit integer made at C
    speed, with no string per gram: the low bytes of its q UTF-16 code units, then the high
    bytes (for q = 4; other sizes use strings).  Otherwise the grams are hashed as strings."""
    positions = len(s) - q + 1
    if positions <= 0:
        return [], Counter()
    first: dict[int | str, int] = {}
    data = s.encode("utf-16-le", "surrogatepass")
    if q != 4 or len(data) != 2 * len(s):
        ids = [first.setdefault(s[p:p + q], p) for p in range(positions)]
        return ids, Counter(ids)
    low, high = data[0::2], data[1::2]
    packed = bytearray(8 * positions)  # 8 bytes per position
    for k in range(q):
        packed[k::8] = low[k:k + positions]
        packed[q + k::8] = high[k:k + positions]
    ids = list(map(first.setdefault, memoryview(packed).cast("Q"), range(positions)))
    return ids, Counter(ids)


def gram_ids(s: str, q: int) -> tuple[t.Sequence[int], t.Mapping[int, int]]:
    """``gram_ids_py``, compiled when available (int32 arrays instead of a list and a Counter)."""
    if _speedups is None:
        return gram_ids_py(s, q)
    try:
        raw_ids, raw_occ = _speedups.gram_ids(s, q)
    except OverflowError:  # over 536 M positions (int32 ids): the Python version has no limit
        return gram_ids_py(s, q)
    ids, occ = array("i"), array("i")
    ids.frombytes(raw_ids)
    occ.frombytes(raw_occ)
    return ids, occ


def text_prefix_py(ids: t.Sequence[int], occ: t.Mapping[int, int], a: int, b: int, budget: int,
                   q: int) -> tuple[list[int], bool]:
    """``(prefix, complete)``: the grams a text must index so that every text within ``budget``
    insertions and deletions of it shares one of them, as ids (from ``gram_ids``; the text's
    grams are those at positions ``a``..``b - 1``), in the global order (occurrences, id).

    The prefix is the shortest run of the text's distinct grams, in that order, that no
    ``budget`` edits can all destroy, without the grams that occur nowhere else (they sort
    first and can meet no other text).  An edit destroys only the grams that overlap it, which
    start at most ``q`` consecutive positions apart, so the fewest edits that destroy every
    occurrence of a set of grams is a greedy stabbing of their positions with windows of ``q``.
    (Counting q grams per edit instead, as plain prefix filtering does, gives prefixes up to q
    times longer: rare grams seldom overlap.)

    If two texts are within ``budget`` edits and one of them is ``complete``, they share a gram,
    and the first shared one in the global order is in both prefixes: the grams of either text
    ranked before it are missing from the other, so the edits destroy them all, and a prefix
    ends only after more than that.  ``complete`` is False when ``budget`` edits can destroy
    every gram of the text (a short text, or a low similarity threshold): the prefix is then all
    its grams, and a partner that is not complete either may share none."""
    # The grams no other text has sort first: if no ``budget`` edits destroy them all, there is
    # nothing to sort (a gram occurs once exactly where it is its own first occurrence).  First
    # a quick look, with C-level loops, at every q-th position from each start: those grams do
    # not overlap, so each once-only one needs its own edit; then the exact count.
    once = (1).__eq__
    if any(sum(map(once, map(occ.__getitem__, ids[a + k:b:q]))) > budget for k in range(q)):
        return [], True
    count, covered = 0, -1
    for p in range(a, b):
        if ids[p] == p and occ[p] == 1 and p > covered:
            count += 1
            if count > budget:
                return [], True
            covered = p + q - 1
    order = sorted(set(ids[a:b]))
    order.sort(key=occ.__getitem__)  # stable: (occurrences, id)
    k = len(order)
    # An edit destroys the grams of at most q positions, so ``budget`` edits never destroy
    # q * budget + 1 grams: the prefix has at most that many (fewer where grams recur in the
    # text, as every occurrence must be destroyed).
    hi = min(q * budget + 1, k)
    complete = hi < k
    if hi:
        rank = {g: i for i, g in enumerate(order[:hi])}
        ranks = [rank.get(g, hi) for g in ids[a:b]]

        def edits_to_destroy(last: int) -> int:  # the grams ranked 0..last, up to budget + 1
            count, covered = 0, -1
            for p, r in enumerate(ranks):
                if r <= last and p > covered:
                    count += 1
                    if count > budget:
                        break
                    covered = p + q - 1
            return count

        if complete or edits_to_destroy(hi - 1) > budget:
            complete, lo = True, 0
            while lo < hi - 1:  # the first prefix (lo + 1 .. hi grams) that needs more edits
                mid = (lo + hi) // 2
                if edits_to_destroy(mid - 1) > budget:
                    hi = mid
                else:
                    lo = mid
            k = hi
    own = sum(1 for g in order[:k] if occ[g] == 1)  # the once-only grams sort first
    return order[own:k], complete


def text_prefix(ids: t.Sequence[int], occ: t.Mapping[int, int], a: int, b: int, budget: int,
                q: int) -> tuple[list[int], bool]:
    """``text_prefix_py``, compiled when available (``ids`` and ``occ`` as ``gram_ids`` gives them)."""
    if _speedups is None or not isinstance(ids, array):
        return text_prefix_py(ids, occ, a, b, budget, q)
    return _speedups.text_prefix(ids, occ, a, b, budget, q)


_MAX_UNIT = 12


@functools.cache
def _doubles_pattern(max_unit: int) -> re.Pattern[str]:
    return re.compile(rf"(?=([{HAN}]{{1,{max_unit}}}?)\1)")


def han_doubles_py(s: str, pos: int = 0, max_unit: int = _MAX_UNIT) -> list[tuple[int, int]]:
    """``[(start, unit), ...]``: every start (from ``pos``) where a run of 1 to ``max_unit`` Han
    characters is immediately followed by itself, with the shortest such unit (行业行业: start
    at 行, unit 2; 更更快: unit 1)."""
    return [(m.start(), len(m.group(1))) for m in _doubles_pattern(max_unit).finditer(s, pos)]


# The Han class as native uint32 (low, high) pairs, inclusive, for the compiled version.
_RANGES = array("I", [bound for pair in HAN_RANGES for bound in pair]).tobytes()


def han_doubles(s: str, pos: int = 0, max_unit: int = _MAX_UNIT) -> list[tuple[int, int]]:
    """``han_doubles_py``, compiled when available."""
    if _speedups is None:
        return han_doubles_py(s, pos, max_unit)
    return _speedups.han_doubles(s, pos, max_unit, _RANGES)


def describe() -> str:
    """Which kernels run, and why not the compiled ones (printed by bench/bench.py)."""
    if _speedups is not None:
        return "compiled (lint._speedups)"
    reason = "JIAODUI_PURE_PYTHON is set" if os.environ.get("JIAODUI_PURE_PYTHON") else "lint._speedups not built"
    return f"pure Python ({reason}; {sys.implementation.name})"
