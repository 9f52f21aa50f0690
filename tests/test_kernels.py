"""lint/kernels.py: the Python definitions are right, and the compiled versions equal them."""
from __future__ import annotations

import json
import os
import random
import re
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lint import kernels
from lint.cjk import HAN

ROOT = Path(__file__).resolve().parent.parent
compiled = pytest.mark.skipif(not kernels.COMPILED, reason=f"kernels: {kernels.describe()}")

# Han (BMP and beyond), repeated often, with the other characters that sit next to them.
_ALPHABET = "的的了行业业更快𠀀𠀀𫠝一二 a1\n，。〇"
texts = st.text(alphabet=_ALPHABET, max_size=40) | st.text(max_size=40)


def _fixture_texts() -> list[str]:
    out = []
    for path in sorted((ROOT / "fixtures").rglob("*")):
        if path.suffix in (".txt", ".md"):
            try:
                out.append(path.read_text(encoding="utf-8"))
            except UnicodeDecodeError:
                continue
    return out


def _brute_gram_ids(s: str, q: int) -> tuple[list[int], dict[int, int]]:
    ids = [s.index(s[p:p + q]) for p in range(len(s) - q + 1)]
    occ: dict[int, int] = {}
    for f in ids:
        occ[f] = occ.get(f, 0) + 1
    return ids, occ


def _brute_doubles(s: str, pos: int, max_unit: int) -> list[tuple[int, int]]:
    han = re.compile(f"[{HAN}]")
    out = []
    for i in range(pos, len(s)):
        for unit in range(1, max_unit + 1):
            if i + unit > len(s) or not han.match(s[i + unit - 1]):
                break
            if s[i + unit:i + 2 * unit] == s[i:i + unit]:
                out.append((i, unit))
                break
    return out


@given(texts, st.integers(1, 6))
@settings(max_examples=400, deadline=None)
def test_gram_ids_py_is_first_position_and_count(s, q):
    ids, occ = kernels.gram_ids_py(s, q)
    want_ids, want_occ = _brute_gram_ids(s, q)
    assert list(ids) == want_ids
    assert {p: occ[p] for p in range(len(ids)) if occ[p]} == want_occ


@given(texts, st.integers(0, 5), st.integers(1, 13))
@settings(max_examples=400, deadline=None)
def test_han_doubles_py_finds_every_doubled_han_run(s, pos, max_unit):
    assert kernels.han_doubles_py(s, pos, max_unit) == _brute_doubles(s, pos, max_unit)


def _brute_prefix(ids, occ, a: int, b: int, budget: int, q: int) -> list[int]:
    """text_prefix by definition: the shortest prefix (in (occurrences, id) order) whose grams
    need more than ``budget`` edits to destroy, every prefix tried, less the once-only grams."""
    order = sorted(set(ids[a:b]), key=lambda g: (occ[g], g))

    def edits(j: int) -> int:  # the fewest windows of q positions that cover the first j grams
        chosen, count, covered = set(order[:j]), 0, -1
        for p in range(a, b):
            if ids[p] in chosen and p > covered:
                count, covered = count + 1, p + q - 1
        return count

    k = next((j for j in range(1, len(order) + 1) if edits(j) > budget), None)
    complete = k is not None
    return [g for g in order[:k if complete else len(order)] if occ[g] != 1], complete


_REPETITIVE = "的了行业更快一二三"


@given(st.text(alphabet=_REPETITIVE, max_size=50), st.data(), st.integers(0, 8), st.integers(1, 5))
@settings(max_examples=400, deadline=None)
def test_text_prefix_py_is_the_shortest_prefix_edits_cannot_destroy(s, data, budget, q):
    ids, occ = kernels.gram_ids_py(s, 4)
    a = data.draw(st.integers(0, len(ids)))
    b = data.draw(st.integers(a, len(ids)))
    assert kernels.text_prefix_py(ids, occ, a, b, budget, q) == _brute_prefix(ids, occ, a, b, budget, q)


def _edit(rng: random.Random, text: str, edits: int) -> str:
    chars = list(text)
    for _ in range(edits):
        if chars and rng.random() < 0.5:
            del chars[rng.randrange(len(chars))]
        else:
            chars.insert(rng.randrange(len(chars) + 1), rng.choice(_REPETITIVE))
    return "".join(chars)


def test_texts_within_the_budget_share_a_prefix_gram():
    # What the duplicate search relies on: two texts at most d insertions and deletions apart
    # both index some gram, unless d edits can destroy every gram of both (not "complete"; the
    # search compares those directly).  Edits cluster as often as they spread.
    rng = random.Random(11)
    checked = 0
    for _ in range(3000):
        x = "".join(rng.choice(_REPETITIVE + "网络扶贫计划") for _ in range(rng.randint(4, 60)))
        d = rng.randint(0, 6)
        y = _edit(rng, x, rng.randint(0, d))
        ids, occ = kernels.gram_ids_py(x + y, 4)
        # Each text's own grams: positions inside it (grams across the seam count as shared).
        px, x_complete = kernels.text_prefix_py(ids, occ, 0, max(len(x) - 3, 0), d, 4)
        py, y_complete = kernels.text_prefix_py(ids, occ, len(x), len(x) + max(len(y) - 3, 0), d, 4)
        if x_complete or y_complete:
            assert set(px) & set(py), (x, y, d)
            checked += 1
    assert checked > 1000


def test_han_doubles_py_examples():
    assert kernels.han_doubles_py("制定行业行业自律公约") == [(2, 2)]
    assert kernels.han_doubles_py("传播得更更快广更远") == [(3, 1)]
    assert kernels.han_doubles_py("abab 1111 ——") == []


@compiled
@given(texts, st.integers(1, 6))
@settings(max_examples=600, deadline=None)
def test_compiled_gram_ids_equal_python(s, q):
    ids, occ = kernels.gram_ids(s, q)
    want_ids, want_occ = kernels.gram_ids_py(s, q)
    assert list(ids) == list(want_ids)
    assert [occ[p] for p in range(len(ids))] == [want_occ[p] for p in range(len(ids))]


@compiled
@given(texts, st.integers(-2, 5), st.integers(1, 13))
@settings(max_examples=600, deadline=None)
def test_compiled_han_doubles_equal_python(s, pos, max_unit):
    assert kernels.han_doubles(s, pos, max_unit) == kernels.han_doubles_py(s, max(pos, 0), max_unit)


@compiled
@given(st.text(alphabet=_REPETITIVE, max_size=60), st.data(), st.integers(0, 8), st.integers(1, 5))
@settings(max_examples=600, deadline=None)
def test_compiled_text_prefix_equals_python(s, data, budget, q):
    ids, occ = kernels.gram_ids(s, 4)
    py_ids, py_occ = kernels.gram_ids_py(s, 4)
    a = data.draw(st.integers(0, len(ids)))
    b = data.draw(st.integers(a, len(ids)))
    assert kernels.text_prefix(ids, occ, a, b, budget, q) == kernels.text_prefix_py(py_ids, py_occ, a, b, budget, q)


@compiled
def test_compiled_kernels_equal_python_on_fixtures():
    for text in _fixture_texts():
        assert kernels.han_doubles(text) == kernels.han_doubles_py(text)
        squeezed = "".join(text.split())
        ids, occ = kernels.gram_ids(squeezed, 4)
        want_ids, want_occ = kernels.gram_ids_py(squeezed, 4)
        assert list(ids) == list(want_ids)
        assert all(occ[f] == want_occ[f] for f in set(want_ids))


@compiled
def test_compiled_kernels_reject_bad_arguments():
    from lint import _speedups

    with pytest.raises(ValueError):
        _speedups.gram_ids("abc", 0)
    with pytest.raises(ValueError):
        _speedups.han_doubles("abc", 0, 12, b"\x00\x00\x00")  # not (low, high) uint32 pairs
    with pytest.raises(TypeError):
        _speedups.gram_ids(b"abc", 4)
    assert _speedups.han_doubles("行业行业", 0, 0, kernels._RANGES) == []
    ids, occ = kernels.gram_ids("网络扶贫网络扶贫", 4)
    for bad in ((ids, occ, 0, 99, 1, 4), (ids, occ, 3, 2, 1, 4), (ids, occ, 0, 5, -1, 4), (ids, occ, 0, 5, 1, 0),
                (ids, occ[:2], 0, 5, 1, 4), (ids, b"\x00", 0, 5, 1, 4)):
        with pytest.raises(ValueError):
            _speedups.text_prefix(*bad)
    assert _speedups.han_doubles("行业行业", 99, 12, kernels._RANGES) == []


def _has_compiler() -> bool:
    cc = (sysconfig.get_config_var("CC") or "cc").split()[0]
    return shutil.which(cc) is not None


@pytest.mark.skipif(bool(os.environ.get("JIAODUI_PURE_PYTHON")), reason="JIAODUI_PURE_PYTHON is set")
@pytest.mark.skipif(not _has_compiler(), reason="no C compiler: the optional extension cannot be built here")
def test_extension_was_built():
    # The build is optional (it must not fail an install without a compiler), so a broken build
    # would pass every other test and only show as a 30 % slower corpus run.
    assert kernels.COMPILED, "lint._speedups did not build or import: re-run `pip install -e .`"


@compiled
def test_findings_do_not_depend_on_the_kernels(tmp_path):
    paths = [str(ROOT / "fixtures" / "seed"), str(ROOT / "fixtures" / "documents"), str(ROOT / "fixtures" / "rules")]
    config = tmp_path / "empty.toml"
    config.write_text("")
    runs = []
    for pure in (False, True):
        env = {k: v for k, v in os.environ.items() if k != "JIAODUI_PURE_PYTHON"}
        if pure:
            env["JIAODUI_PURE_PYTHON"] = "1"
        out = subprocess.run([sys.executable, "-m", "lint", "check", "--config", str(config), "--format", "json",
                              "--cross-file", *paths], capture_output=True, text=True, cwd=ROOT, env=env)
        assert out.returncode in (0, 1), out.stderr
        runs.append(json.loads(out.stdout))
    assert runs[0] == runs[1]
    assert any(f["rule"] == "duplicate-paragraph" for f in runs[0])
    assert any(f["rule"] == "repeated-word" for f in runs[0])


def test_random_documents_dup_search_is_kernel_independent():
    # find_duplicates gives the same pairs with either gram_ids (the ids are equal by the
    # tests above; this checks the rule reads them only through the shared interface).
    from rules import repetition

    rng = random.Random(3)
    base = [("".join(rng.choice("的了行业更快一二三网络扶贫计划") for _ in range(rng.randint(40, 90)))) for _ in range(30)]
    texts = base + [t[:10] + "改" + t[11:] for t in base[:10]] + base[:5]
    got = repetition.find_duplicates(texts, 95.0)
    original = repetition.gram_ids
    try:
        repetition.gram_ids = kernels.gram_ids_py
        assert repetition.find_duplicates(texts, 95.0) == got
    finally:
        repetition.gram_ids = original
    assert set(got) >= set(range(30, 45))
