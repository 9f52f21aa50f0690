"""The span segmenter (lint/nlp.py) must give exactly what rjieba's full dictionary gives."""
from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

import pytest

from lint import nlp

ROOT = Path(__file__).resolve().parent.parent


def _fixture_spans(count: int, seed: int = 7) -> list[str]:
    """Deterministic random spans (1–60 characters) of the fixture documents' lines."""
    lines = []
    for path in sorted((ROOT / "fixtures").rglob("*")):
        if path.suffix in (".txt", ".md"):
            try:
                lines += [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
            except UnicodeDecodeError:
                continue
    rng = random.Random(seed)
    spans = []
    for _ in range(count):
        line = rng.choice(lines)
        start = rng.randrange(len(line))
        spans.append(line[start:start + rng.randint(1, 60)])
    return spans


@pytest.fixture(scope="module")
def full_rjieba():
    import rjieba  # builds the full default dictionary: the reference

    return rjieba


def test_fast_path_is_in_use():
    # A silent fallback to the full dictionary would cost 80–95 ms per run and pass every other test.
    assert nlp.backend() == "spans"


def test_spans_segment_like_the_full_dictionary(full_rjieba):
    spans = _fixture_spans(3000) + ["本国国情", "互联网网站", "贫困县县级", "法规规章", "在互", "联网上",
                                    "传播得更更快广更远", "制定行业行业自律公约", "ABC 测试 3.5%，", ""]
    for span in spans:
        assert nlp.cut(span) == full_rjieba.cut(span), span
        assert nlp.tokenize(span) == full_rjieba.tokenize(span), span
        assert nlp.tag(span) == full_rjieba.tag(span), span


def test_has_word_like_the_full_dictionary(full_rjieba):
    for span in _fixture_spans(1500, seed=11):
        for size in (1, 2, 3, 4):
            for i in range(len(span) - size + 1):
                word = span[i:i + size]
                assert nlp.has_word(word) == full_rjieba.has_word(word), word
    assert not nlp.has_word("")


def test_word_file_holds_jiebas_dictionary(full_rjieba):
    words = nlp._Words(Path(nlp.WORDS_PATH).read_bytes())
    listed = [w for first in words._index for w, entry in words.bucket(first).items() if entry]
    beginnings = [w for first in words._index for w, entry in words.bucket(first).items() if not entry]
    # The other keys are exactly the beginnings of words that are not words themselves.
    assert set(beginnings) == {w[:k] for w in listed for k in range(1, len(w))} - set(listed)
    assert not any(full_rjieba.has_word(w) for w in beginnings)
    assert len(listed) == len(set(listed)) == 349_045  # dict.txt lists B超 twice
    assert all(full_rjieba.has_word(w) for w in listed)


def test_fallback_to_full_dictionary(monkeypatch, full_rjieba):
    monkeypatch.setattr(nlp, "WORDS_PATH", str(ROOT / "no-such-words.bin"))
    nlp._reset()
    try:
        assert nlp.backend() == "full"
        assert nlp.cut("制定行业行业自律公约") == full_rjieba.cut("制定行业行业自律公约")
        assert nlp.has_word("互联网") and not nlp.has_word("互联网网")
    finally:
        nlp._reset()


def test_long_runs_switch_to_the_full_dictionary(monkeypatch, full_rjieba):
    nlp._reset()
    monkeypatch.setattr(nlp._SpanSegmenter, "full_after_buckets", 40)
    try:
        spans = _fixture_spans(400, seed=3)
        assert [nlp.tokenize(s) for s in spans] == [full_rjieba.tokenize(s) for s in spans]
        assert nlp.backend() == "full"
        assert nlp.has_word("互联网") and not nlp.has_word("互联网网")
    finally:
        nlp._reset()


def test_checking_a_page_does_not_build_the_full_dictionary():
    seed = ROOT / "fixtures" / "seed" / "000_fb18030615153122.txt"
    code = ("import sys; from lint.cli import main\n"
            "try:\n    sys.argv[1:] = ['check', '-q', sys.argv[1]]; main()\nexcept SystemExit as e:\n    code = e.code\n"
            "print('rjieba' in sys.modules, 'rjieba.rjieba' in sys.modules, code, file=sys.stderr)")
    out = subprocess.run([sys.executable, "-c", code, str(seed)], capture_output=True, text=True, cwd=ROOT)
    # The seed needs the segmenter (更更, 行业行业, 互|联网), through the extension alone.
    assert out.stderr.split()[-3:] == ["False", "True", "1"], out.stderr
