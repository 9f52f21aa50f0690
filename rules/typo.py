"""Misused words (错别字) from a curated wrong→right list, matched by a first-two-characters
scan plus look-ups (cost per character independent of the list's size) and vetoed where the
segmenter shows the same characters straddling a word boundary."""
from __future__ import annotations

import functools
import re
import typing as t

from lint.document import Document
from lint.model import Edit, Finding, Fix, Severity, rule
from rules._data import table

DATA = "typos.tsv"
# Characters of context on each side given to the segmenter; enough for a word on either edge.
_WINDOW = 8
# The segmenter's context stops at these (a word never spans them).
_STOPS = frozenset("，。、；：？！,.;:?!“”‘’\"'（）()《》〈〉【】[]「」『』—…\n\r\t \u3000\ufffc")


def _pairs() -> dict[str, tuple[str, str]]:
    """wrong -> (right, kind) from the data file."""
    out: dict[str, tuple[str, str]] = {}
    for row in table(DATA):
        if len(row) >= 2 and row[0] and row[1] and row[0] != row[1]:
            out[row[0]] = (row[1], row[2] if len(row) > 2 else "")
    return out


def _parse_extra(extra: t.Any) -> tuple[tuple[str, str], ...]:
    """User pairs: a table {"错词" = "正词"} or a list of "错词=正词" strings."""
    items: list[tuple[str, str]] = []
    if isinstance(extra, dict):
        items = [(str(k).strip(), str(v).strip()) for k, v in extra.items()]
    elif isinstance(extra, (list, tuple)):
        for s in extra:
            wrong, sep, right = str(s).partition("=")
            if sep:
                items.append((wrong.strip(), right.strip()))
    return tuple(sorted((w, r) for w, r in items if w and r and w != r))


@functools.cache
def _index(extra: tuple[tuple[str, str], ...] = ()):
    """The word list (plus the user's pairs) indexed for matching, built once per distinct user list.

    Matching scans for a listed first character followed by a listed second character (one
    character-class regex: its cost per character does not grow with the list), then looks up
    the few lengths a listed word can have at those positions.  Measured against pyahocorasick's
    automaton walk it finds the same occurrences about four times faster in Python, so the
    automaton is not used.  The last item lists the first two characters at every such position
    (in C, no match objects): a text where none of them starts a listed word has no match."""
    pairs = _pairs()
    for wrong, right in extra:
        pairs[wrong] = (right, "user")
    words = {w: (w, right, kind) for w, (right, kind) in pairs.items()}
    if not words:
        return re.compile("(?!)"), {}, frozenset(), (), None
    lengths = tuple(sorted({len(w) for w in words}))
    firsts = "".join(sorted({w[0] for w in words}))
    if lengths[0] < 2:  # a one-character word: every first character is a start
        return re.compile(f"[{re.escape(firsts)}]"), words, None, lengths, None
    seconds = "".join(sorted({w[1] for w in words}))
    first, second = f"[{re.escape(firsts)}]", f"[{re.escape(seconds)}]"
    return (re.compile(f"{first}(?={second})"), words, frozenset(w[:2] for w in words), lengths,
            re.compile(f"(?=({first}{second}))").findall)


def _matches(index, prose: str) -> list[tuple[int, int, str, str]]:
    """Non-overlapping matches, longest first (再接再励 over any shorter pair inside it)."""
    rx, words, heads, lengths, heads_at = index
    if heads_at is not None and heads.isdisjoint(heads_at(prose)):
        return []  # most blocks: no candidate position starts a listed word
    found = []
    for m in rx.finditer(prose):
        i = m.start()
        if heads is not None and prose[i:i + 2] not in heads:
            continue
        for n in lengths:
            hit = words.get(prose[i:i + n])
            if hit is not None and i + n <= len(prose):
                found.append((i, i + n, hit[0], hit[1]))
    if not found:  # candidate positions, but no listed word: nothing to sort
        return found
    found.sort(key=lambda m: (-(m[1] - m[0]), m[0]))
    taken: list[tuple[int, int, str, str]] = []
    for m in found:
        if all(m[1] <= s or m[0] >= e for s, e, _, _ in taken):
            taken.append(m)
    return sorted(taken)


def _window(prose: str, start: int, end: int) -> tuple[int, int]:
    lo = start
    while lo > 0 and start - lo < _WINDOW and prose[lo - 1] not in _STOPS:
        lo -= 1
    hi = end
    while hi < len(prose) and hi - end < _WINDOW and prose[hi] not in _STOPS:
        hi += 1
    return lo, hi


def straddles_word(prose: str, start: int, end: int, right: str) -> bool:
    """Whether a dictionary word of the segmented context crosses an edge of [start, end):
    一道|劲风 crosses the start of 道劲, 按|装箱单 the end of 按装.  A word that contains the
    whole candidate vetoes it only when it stops being a word once corrected (堪察加 is a
    name, 勘察加 nothing; the dictionary's 室内装璜 is just the typo of 室内装潢).  Words the
    segmenter only guessed (HMM, not in its dictionary) are no evidence."""
    from lint import nlp

    lo, hi = _window(prose, start, end)
    s, e = start - lo, end - lo
    for word, ws, we in nlp.tokenize(prose[lo:hi]):
        if not ((ws < s < we) or (ws < e < we)) or len(word) < 2 or not nlp.has_word(word):
            continue
        if ws <= s and e <= we:
            fixed = word[: s - ws] + right + word[e - ws :]
            if nlp.has_word(fixed):
                continue
        elif e - s >= 4:
            # A four-character idiom with a wrong character does not arise by chance across a
            # boundary; a word crossing its edge (两全齐美|美的) is the segmenter's artefact.
            continue
        return True
    return False


# A wrong form that is all there is between a pair of quotation marks is being talked about
# (把“再接再励”改成“再接再厉”), not used.
_QUOTES = {"“": "”", "‘": "’", "「": "」", "『": "』", '"': '"'}


def _mentioned(prose: str, start: int, end: int) -> bool:
    return start > 0 and end < len(prose) and _QUOTES.get(prose[start - 1]) == prose[end]


def _allowed_spans(prose: str, allowed: frozenset[str]) -> list[tuple[int, int]]:
    spans = []
    for word in allowed:
        if not word:
            continue
        i = prose.find(word)
        while i >= 0:
            spans.append((i, i + len(word)))
            i = prose.find(word, i + 1)
    return spans


@rule(code="ZH501", name="typo", category="typo", severity=Severity.WARNING, fixable="always",
      options={"extra": {}, "allow": []})
def typo(doc: Document, ctx) -> t.Iterator[Finding]:
    r"""常见错别字（再接再励、道劲、按装……），按词表报出并给出正确写法。

    ## 检查什么
    `rules/data/typos.tsv` 中的常见误用词（错词、正词、类别三列，成语 idiom、词语 word、
    已淘汰的异形写法 variant），外加用户在配置中补充的词对。表中每个错词都是在任何语境下
    都不成立的写法；“的/地/得”“做/作”“在/再”这类要看语境的混用不在表内。

    同样的字可能跨在两个词之间而完全正确：“一道劲风”是“一道｜劲风”，“按装箱单”是
    “按｜装箱单”。所以每个候选都要交给分词器看前后几个字：若有词典中的词跨过候选的边界，
    就不报。错词恰好是一对引号里的全部内容时（把“再接再励”改成“再接再厉”），是在谈论
    这个写法而不是使用它，也不报。用户允许的词（`[tool.jiaodui.words] allow` 或本规则的
    `allow`，例如含“安祥”的人名）与候选重叠时同样不报。

    配置：

        [tool.jiaodui.rules.typo]
        extra = { "帐薄" = "账簿" }   # 追加的错词 = 正词
        allow = ["王安祥"]            # 不报的词

    ## 为什么
    别字能通过拼写检查，却是读者最容易看出、最损害稿件可信度的差错；成语和常用词里的
    别字又高度集中在一批固定写法上，用词表可以高准确率地查出来。

    ## 反例
        网络正能量道劲充沛。
        我们要再接再励，争取更大成绩。
        工人正在按装空调。
        这部电影令人震憾。
        一如继往地支持改革。

    ## 正例
        他迎着一道劲风走去。
        请按装箱单核对货物。
        我们要再接再厉，争取更大成绩。
        书法笔力遒劲。
        这部电影令人震撼。
        校对时要把“再接再励”改成“再接再厉”。
        考察队抵达堪察加半岛。

    ## 修复安全性
    安全：替换为表中的正确写法。表内只收不依赖语境的错词，跨词边界的情形已由分词否决。
    """
    extra = _parse_extra(ctx.options.get("extra") or {})
    index = _index(extra)
    allowed = ctx.allowed_words()
    for block in doc.blocks_of():
        prose = block.prose
        matches = _matches(index, prose)
        if not matches:
            continue
        spans = _allowed_spans(prose, allowed) if allowed else []
        for s, e, wrong, right in matches:
            if wrong in allowed or any(a < e and s < b for a, b in spans):
                continue
            if _mentioned(prose, s, e) or straddles_word(prose, s, e, right):
                continue
            start, end = block.start + s, block.start + e
            yield Finding(start, end, f"“{wrong}”疑为“{right}”之误",
                          fix=Fix.safe(Edit(start, end, right)))


RULES = (typo,)
