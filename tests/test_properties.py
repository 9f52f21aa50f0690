"""Property tests over every registered rule (rules added later are covered automatically):
arbitrary Unicode and generated Chinese-like text with injected defects never raise; every
reported range lies within the text and converts to a line/column that maps back to it; fixing
twice equals fixing once; a round of fixes changes nothing outside its edits' ranges."""
from __future__ import annotations

import functools
import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from harness import linter_for
from lint.document import MASK, merge_ranges
from lint.fixer import apply_fixes, fix_document
from lint.readers import parse

# Modest by default so the suite stays fast; JIAODUI_PROPERTY_EXAMPLES=5000 for a long local run.
SETTINGS = settings(max_examples=int(os.environ.get("JIAODUI_PROPERTY_EXAMPLES", 120)), deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])

WORDS = ["经济", "发展", "我们", "国家", "人民", "政府", "会议", "指出", "工作", "研究", "问题", "学习", "中国",
         "北京", "记者", "今天", "表示", "的", "了", "是", "在", "和", "一", "二", "三", "第一", "十一", "百分之五",
         "2024年", "3.5%", "12:30", "1,000", "AI", "Python", "GB/T 15834", "ＡＢＣ", "１２３"]
PUNCT = list("，。、；：？！“”‘’（）《》〈〉【】「」·…—～") + ["——", "……"]
DEFECTS = ["的的", "了了", "我们我们", ",", ".", "?", "!", ":", ";", "。。", "？。", "！！！", "，，", " ", "  ",
           "\u3000", "\t", "（上接第三版）", "（下转第3版）", "转第二版", "經濟", "發展", "国際", "一、", "（一）",
           "1.", "2.", "(3)", "①", "...", "。。。", "--", "-", "~", "\"", "'", "(", ")", "[", "]", "《", "》",
           "“", "”", "\u200b", "\ufeff", "\u00a0", "😀", "𠀀", "é", "\u0301", MASK, "\ufffd", "\0",
           "https://example.com/a?b=c", "a@b.cn", "`code`", "**粗体**", "*斜*", "[链接](http://x.cn)",
           "<b>", "<!-- 注释 -->", "&amp;", "\\*"]
LINE_STARTS = ["# ", "## ", "> ", "- ", "* ", "1. ", "2) ", "| ", "    ", "　　", "```\n", "---\n", "第一章 ",
               "一、", "（二）", "3．", "专栏1 "]
BREAKS = ["\n", "\n\n", "\r\n", "\r\n\r\n", "\r", "\n| --- | --- |\n", "\n```\n"]

chinese_like = st.lists(
    st.one_of(
        *[st.sampled_from(WORDS)] * 5, *[st.sampled_from(PUNCT)] * 2, *[st.sampled_from(DEFECTS)] * 3,
        st.sampled_from(BREAKS).flatmap(lambda b: st.sampled_from(LINE_STARTS).map(lambda s: b + s)),
        st.sampled_from(BREAKS), st.text(max_size=3),
    ),
    max_size=100,
).map("".join)

# Arbitrary Unicode (lone surrogates included), mixed with the characters readers treat specially.
SPECIAL = list("\r\n\t \u3000\0\ufeff\ufffc\u2028\u0085\x0c#>-*`[]()<>!|_~\\") + ["\r\n", "```", "<!--", "-->"]
arbitrary = st.lists(st.one_of(st.characters(), st.sampled_from(SPECIAL)), max_size=120).map("".join)

texts = st.one_of(arbitrary, chinese_like)
suffixes = st.sampled_from([".txt", ".md"])


@functools.cache
def _linter():
    return linter_for()


def _lint(doc):
    return _linter().lint(doc)


@SETTINGS
@given(texts, suffixes)
def test_readers_keep_offsets_exact(text, suffix):
    doc = parse("doc" + suffix, text)
    assert doc.text == text
    previous = 0
    for i, b in enumerate(doc.blocks):
        assert b.index == i and previous <= b.start <= b.end <= len(text)
        previous = b.start
        assert len(b.prose) == b.end - b.start
        assert all(p == c or p == MASK for p, c in zip(b.prose, text[b.start:b.end])), b


@SETTINGS
@given(texts, suffixes)
def test_findings_lie_within_the_text(text, suffix):
    doc = parse("doc" + suffix, text)
    lines = doc.lines
    for f in _lint(doc):
        assert 0 <= f.start <= f.end <= len(text), f
        assert f.message and f.rule is not None
        for offset in (f.start, f.end, *f.related):
            assert 0 <= offset <= len(text), f
            line, col = lines.position(offset)
            # The reported line/column leads back to the same offset (so to the same substring).
            assert lines.line_start(line) + col - 1 == offset
        if f.fix is not None:
            edits = f.fix.edits
            assert edits
            for e in edits:
                assert 0 <= e.start <= e.end <= len(text), f
            for a, b in zip(edits, edits[1:]):
                assert a.end <= b.start, f"overlapping edits in one fix: {f}"


@SETTINGS
@given(texts, suffixes, st.booleans())
def test_fixing_twice_equals_fixing_once(text, suffix, unsafe):
    doc = parse("doc" + suffix, text)
    once, _, _ = fix_document(doc, _lint, unsafe)
    twice, n, _ = fix_document(parse(doc.path, once.text), _lint, unsafe)
    assert twice.text == once.text, f"a second --fix changed the text again ({n} fixes)"


def _unchanged_outside(before: str, after: str, ranges: list[tuple[int, int]]) -> bool:
    """Whether ``after`` is ``before`` with only the given ranges replaced: the parts between
    the (merged) ranges must appear in ``after`` in order, the first as a prefix and the last
    as a suffix."""
    cuts = [0] + [x for m in merge_ranges(ranges) for x in m] + [len(before)]
    keep = [before[cuts[i]:cuts[i + 1]] for i in range(0, len(cuts), 2)]
    if not after.startswith(keep[0]) or not after.endswith(keep[-1]):
        return False
    pos, limit = len(keep[0]), len(after) - len(keep[-1])
    if pos > limit:
        return False
    for piece in keep[1:-1]:
        i = after.find(piece, pos, limit)
        if i < 0:
            return False
        pos = i + len(piece)
    return True


@SETTINGS
@given(texts, suffixes)
def test_fixes_change_nothing_outside_their_edits(text, suffix):
    doc = parse("doc" + suffix, text)
    findings = _lint(doc)
    after, n = apply_fixes(text, findings, unsafe=True)
    ranges = [(e.start, e.end) for f in findings if f.fix is not None for e in f.fix.edits]
    if n == 0:
        assert after == text
    else:
        assert _unchanged_outside(text, after, ranges)


def test_the_outside_check_can_fail():
    assert _unchanged_outside("甲乙丙丁", "甲X丙丁", [(1, 2)])
    assert not _unchanged_outside("甲乙丙丁", "甲X丙戊", [(1, 2)])
    assert not _unchanged_outside("甲乙丙丁", "乙丙丁", [(1, 2)])
