"""Punctuation (GB/T 15834-2011): half-width marks in Chinese sentences, doubled marks,
unbalanced pairs, ellipsis and dash forms, marks at the start of a hard-wrapped line."""
from __future__ import annotations

import re
import typing as t

from lint.cjk import HAN, HAN_RE, is_han, lazy_compile, scan_pattern
from lint.document import MASK, Block, Document
from lint.model import Edit, Finding, Fix, Severity, rule

_HAN = HAN_RE  # shared: compiling the Han class costs ~1.3 ms per pattern
# Chinese punctuation that makes the neighbouring half-width mark "Chinese context" as much as a Han character.
_CN_PUNCT = "，。、；：？！“”‘’（）《》〈〉【】「」『』…—"
_FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", ".": "。", "(": "（", ")": "）"}
_SP = " \t"
_ALNUM = re.compile(r"[A-Za-z0-9]")
_LETTER = re.compile(r"[A-Za-z]")

_HALF_CHARS = re.compile(r"[,;:?!.]")  # what _HALF needs
_HALF = re.compile(r"[,;:]|[?!]+|(?<!\.)\.(?!\.)")
_STRAIGHT = re.compile('"')
_PARENS = re.compile(r"[()]")
_DOUBLED = re.compile(r"[，。、；：？！]{2,}")
_PERIOD_AFTER_CLOSER = re.compile(r"。[”’）]。")
_TWO_MARKS = re.compile(r"[，。、；：？！][，。、；：？！”’）]")  # what _DOUBLED or _PERIOD_AFTER_CLOSER needs
_DOTS = re.compile(r"\.{3,}|。{3,}|[·•・]{3,}")
_SINGLE_ELLIPSIS = re.compile(r"(?<!…)…(?!…)")
_ELLIPSIS_STOP = re.compile(r"……。")
_DASHLIKE = r"-\u2015\u2500\uff0d\u30fc"  # hyphen, ―, ─ (box drawing), － and ー standing in for —
_DOUBLE_HYPHEN = re.compile(rf"(?<![{_DASHLIKE}A-Za-z0-9_])(?:-{{2,3}}|\u2015{{2}}|\u2500{{2}}|\uff0d{{2}}|\u30fc{{2}})"
                            rf"(?![{_DASHLIKE}A-Za-z0-9_])")
_ANY_DASH = re.compile(f"[{_DASHLIKE}—]")  # what _DOUBLE_HYPHEN or _SINGLE_DASH needs ("-" first: literal)
_SINGLE_DASH = re.compile(r"(?<!—)—(?!—)")
# A numbering marker ("一." "二．") at a line start is the numbering rules' business.
_CN_NUMBER_DOT = re.compile(r"[ \t\u3000]*[〇零一二三四五六七八九十]{1,3}")
# Emoticons made of half-width marks: :) ;-) :D :P; emoji shortcodes :smile:; HTML entities &nbsp;
_EMOTICON = re.compile(r"[:;]-?[()DPp]")
_SHORTCODE = re.compile(r":[a-z0-9_+-]+:")
_ENTITY = re.compile(r"&(?:[A-Za-z][A-Za-z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});")

_PAIRS = {"“": "”", "‘": "’", "（": "）", "《": "》", "〈": "〉", "【": "】", "「": "」", "『": "』"}
_CLOSE = {v: k for k, v in _PAIRS.items()}
_PAIR_MARKS = re.compile("[" + "".join(_PAIRS) + "".join(_CLOSE) + "]")
# A closing bracket after a short ordinal at the start of an item is an ordinal (1） a） 一）), not a pair.
_ORDINAL_CHARS = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz一二三四五六七八九十"
                           + "".join(chr(c) for c in range(0x2460, 0x2474)))
_ORDINAL_SEP = " \t\r\n\u3000：:；;，,。、"
# A pair with no paired mark inside, and a ） that _ordinal_before might take for an ordinal's.
_INNERMOST_PAIR = lazy_compile("|".join(f"{o}[^{''.join(_PAIRS)}{''.join(_CLOSE)}]*{c}" for o, c in _PAIRS.items()))
_ORD = "".join(sorted(_ORDINAL_CHARS))
_MAYBE_ORDINAL = lazy_compile(rf"）(?:(?<=[{_ORDINAL_SEP}][{_ORD}]）)|(?<=[{_ORDINAL_SEP}][{_ORD}]{{2}}）)"
                              rf"|(?<=^[{_ORD}]）)|(?<=^[{_ORD}]{{2}}）))")
_SENTENCE_END = "。！？!?…”’）》」』"

_LINE_START_BANNED = "，。、；：？！”’）》〉】」』"
_LINE_END_BANNED = "“‘（《〈【「『"


# A necessary condition of every _halfwidth report (see the neighbour tests there).
_NEAR_CN = re.compile(f"[{HAN}{_CN_PUNCT}][,;:?!.]|[,;:?!][{HAN}]|[0-9],[0-9]")


def _cn(ch: str) -> bool:
    """Han or Chinese punctuation: what makes a neighbour 'Chinese'."""
    return bool(ch) and (ch in _CN_PUNCT or bool(_HAN.match(ch)))


def _spaces_before(p: str, i: int) -> int:
    j = i
    while j > 0 and p[j - 1] in _SP:
        j -= 1
    return j


def _spaces_after(p: str, i: int) -> int:
    j = i
    while j < len(p) and p[j] in _SP:
        j += 1
    return j


def _absorb(p: str, s: int, e: int) -> tuple[int, int]:
    """Widen [s, e) over spaces that touch a Chinese mark: they go away with the fix (§1.16),
    but never over indentation at a line start or spaces at a line end."""
    a = _spaces_before(p, s)
    if a < s and a > 0 and p[a - 1] not in "\r\n" and p[a - 1] != MASK:
        s = a
    b = _spaces_after(p, e)
    if b > e and b < len(p) and p[b] not in "\r\n" and p[b] != MASK:
        e = b
    return s, e


_THOUSANDS = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+(?![0-9])")


def _listed_numbers(p: str, i: int) -> bool:
    """A comma between digits that is not a thousands separator, in a Chinese phrase: 3,4号."""
    a = i
    while a > 0 and p[a - 1].isascii() and (p[a - 1].isdigit() or p[a - 1] == ","):
        a -= 1
    b = i
    while b < len(p) and p[b].isascii() and (p[b].isdigit() or p[b] == ","):
        b += 1
    if _THOUSANDS.fullmatch(p, a, b) and not (a > 0 and p[a - 1] == "."):
        return False
    return is_han(p[a - 1] if a else "") or is_han(p[b] if b < len(p) else "")


# A bibliography entry (GB/T 7714) keeps half-width punctuation: 张三, 李四. 标题[J]. 学报, 2020, 43(5): 1-10.
_REFERENCE = re.compile(r"\[(?:[JMCDRSPNZGAK]|EB|DB|CP|DS|CM)(?:/(?:OL|CD|MT|DK))?\]")


def _reference_lines(p: str) -> list[tuple[int, int]]:
    """Spans of the lines of ``p`` that are bibliography entries."""
    if "[" not in p:
        return []
    return [(m.start(), m.end()) for m in re.finditer(r"[^\r\n]+", p) if _REFERENCE.search(m.group())]


def _english_around(p: str, i: int) -> bool:
    """Whether the line around ``i`` is mostly Latin words (an English sentence quoting a
    Chinese word keeps its half-width marks)."""
    a = p.rfind("\n", max(0, i - 120), i) + 1 or max(0, i - 120)
    b = p.find("\n", i, i + 120)
    b = min(len(p), i + 120) if b < 0 else b
    window = p[a:b]
    letters = len(_LETTER.findall(window))
    return letters > 0 and letters > 2 * len(_HAN.findall(window))  # most windows have no letter: no Han count


def _halfwidth(block: Block) -> t.Iterator[Finding]:
    p = block.prose
    base = block.start
    # Look first: _HALF's look-behind makes scans slow, and a mark can only be reported next to
    # Chinese (after Han or a Chinese mark, before Han) or between digits (3,4号).
    has_marks = _HALF_CHARS.search(p) is not None and _NEAR_CN.search(p) is not None
    references = _reference_lines(p) if has_marks else []
    for m in _HALF.finditer(p) if has_marks else ():
        s, e = m.start(), m.end()
        mark = m.group()
        prev, nxt = p[s - 1:s], p[e:e + 1]
        listed = False
        if mark in ",:." and prev.isascii() and prev.isdigit() and nxt.isascii() and nxt.isdigit():
            if mark != "," or not _listed_numbers(p, s):
                continue  # 1,000  3:30  1.5
            listed = True
        # The cheap neighbour tests first: most half-width marks sit in English or code.
        if mark == ".":
            # A full stop only after Han text and before a break, a space or more Han.
            if not (_cn(prev) and prev not in "“‘（《【") or (nxt and not (nxt in " \t\r\n" or is_han(nxt))):
                continue
        elif not listed:
            after_cn = _cn(prev) and prev not in "“‘（《【"
            before_han = is_han(nxt) and not (prev.isascii() and prev.isdigit())
            if not (after_cn or before_han):
                continue
        if mark in ":;" and _EMOTICON.match(p, s):
            continue
        if mark == ":" and any(m2.start() <= s < m2.end() for m2 in _SHORTCODE.finditer(p, max(0, s - 40), s + 40)):
            continue
        if mark == ";" and any(m2.end() == e for m2 in _ENTITY.finditer(p, max(0, s - 40), e)):
            continue
        if mark == ".":
            ls = max(p.rfind("\n", max(0, s - 8), s), p.rfind("\r", max(0, s - 8), s)) + 1
            if (ls > 0 or s <= 8) and _CN_NUMBER_DOT.fullmatch(p, ls, s):
                continue
        if _english_around(p, s) or any(a <= s < b for a, b in references):
            continue
        full = "".join(_FULL[c] for c in mark)
        fs, fe = _absorb(p, s, e)
        if listed:  # 3,4号楼: “，” or “、”, the author decides
            yield Finding(base + s, base + e, "数字之间的半角逗号“,”不是千分撇，应改为全角“，”或顿号“、”",
                          fix=Fix.unsafe(Edit(base + fs, base + fe, "、")))
            continue
        yield Finding(base + s, base + e,
                      f"中文句子中的半角标点“{mark}”应改为全角“{full}”",
                      fix=Fix.safe(Edit(base + fs, base + fe, full)))
    yield from _halfwidth_parens(block)
    yield from _straight_quotes(block)


def _straight_quotes(block: Block) -> t.Iterator[Finding]:
    """Straight double quotes around Chinese words (§1.1): 他说:"明天见。" → “明天见。”.
    Only pairs on one line, with Han inside, outside code-like and English lines."""
    p = block.prose
    if '"' not in p:
        return
    base = block.start
    for m in re.finditer(r"[^\r\n]+", p):
        line = m.group()
        if '"' not in line:
            continue
        idx = [q.start() for q in _STRAIGHT.finditer(line)]
        if not idx or len(idx) % 2:
            continue  # unpaired: inches, code or a quotation across lines; leave it
        if any(c in line for c in "{}=[]<>") or '","' in line or line.lstrip().startswith(("!!!", "???", ":::")):
            continue  # JSON, CSV, code, markup, admonition titles (!!! note "提示")
        for o, c in zip(idx[::2], idx[1::2]):
            inner = line[o + 1:c]
            if not _HAN.search(inner) or MASK in inner:
                continue
            before = line[o - 1] if o else ""
            if before == "=" or (before and _ALNUM.match(before)):
                continue  # an attribute value or a string in code: name="值"
            if _english_around(line, o):
                continue
            a, b = base + m.start() + o, base + m.start() + c
            yield Finding(a, b + 1, "中文里的引号应使用弯引号“”，不用直引号\"",
                          fix=Fix.unsafe(Edit(a, a + 1, "“"), Edit(b, b + 1, "”")))


def _halfwidth_parens(block: Block) -> t.Iterator[Finding]:
    p = block.prose
    if "(" not in p:
        return
    base = block.start
    stack: list[int] = []
    for q in _PARENS.finditer(p):  # visit only the parentheses
        i, ch = q.start(), q.group()
        if ch == "(":
            stack.append(i)
        elif ch == ")" and stack:
            o = stack.pop()
            if i - o > 200:
                continue  # not a parenthetical aside
            inner = p[o + 1:i]
            if not _HAN.search(inner):
                continue  # f(x), (AI), (1): not a Chinese parenthetical
            prev = p[o - 1] if o else ""
            after = p[i + 1] if i + 1 < len(p) else ""
            if (prev and prev in " \t") or (not prev and after in ("", " ", "\t")):
                continue  # spaced half-width parentheses: a deliberate house style (tech docs)
            if (prev.isascii() and (prev.isalnum() or prev in "_$.")) and any(c in inner for c in "\"'=,;{}"):
                continue  # a call in code: print("你好")
            # Spaces inside the parentheses go with the fix; outside only the one after ）
            # when Chinese follows (the one before ( never exists here, see above).
            _, oe = _absorb(p, o, o + 1)
            cs, ce = _absorb(p, i, i + 1)
            os_ = o
            if ce > i + 1 and not _cn(p[ce] if ce < len(p) else ""):
                ce = i + 1
            yield Finding(base + o, base + i + 1, "中文句子中的半角括号“()”应改为全角“（）”",
                          fix=Fix.safe(Edit(base + os_, base + oe, "（"), Edit(base + cs, base + ce, "）")))


def _doubled(block: Block) -> t.Iterator[Finding]:
    p = block.prose
    if not _TWO_MARKS.search(p):
        return  # one scan rules out both patterns below
    base = block.start
    for m in _DOUBLED.finditer(p):
        run = m.group()
        s, e = base + m.start(), base + m.end()
        if set(run) <= set("？！"):
            if len(run) > 3:
                yield Finding(s, e, f"问号、叹号连用“{run}”过多，最多叠用三个")
            continue
        if set(run) == {"。"} and len(run) >= 3:
            continue  # 。。。 is an ellipsis written wrong; reported by _ellipsis
        if len(set(run)) == 1:
            yield Finding(s, e, f"标点“{run[0]}”重复，应只保留一个",
                          fix=Fix.safe(Edit(s, e, run[0])))
        elif run[-1] == "。" and set(run[:-1]) <= set("？！"):
            yield Finding(s, e, f"句末点号叠用“{run}”：问号、叹号已结束句子，应删去句号",
                          fix=Fix.safe(Edit(e - 1, e, "")))
        elif len(run) == 2:  # longer runs of different marks are lists of the marks themselves
            yield Finding(s, e, f"标点“{run}”连用，应只保留一个")
    for m in _PERIOD_AFTER_CLOSER.finditer(p):
        s = base + m.start()
        yield Finding(s, s + 3, f"句末点号叠用“{m.group()}”：引号或括号内已有句号，应删去其一",
                      fix=Fix.unsafe(Edit(s + 2, s + 3, "")))


def _ellipsis(block: Block) -> t.Iterator[Finding]:
    p = block.prose
    base = block.start
    if not ("..." in p or "。。。" in p or "…" in p or "·" in p or "•" in p or "・" in p):
        return  # none of the three patterns can match (a cheap test before regex scans)
    for m in _DOTS.finditer(p):
        s, e = m.start(), m.end()
        prev, nxt = p[s - 1:s], p[e:e + 1]
        run = m.group()
        if run[0] != "。" and not (_cn(prev) or (_cn(nxt) and not _ALNUM.match(prev or " "))):
            continue  # English "..." or code
        fs, fe = _absorb(p, s, e) if run[0] == "." else (s, e)
        yield Finding(base + s, base + e, f"省略号应写作“……”（两个“…”），不写“{run}”",
                      fix=Fix.safe(Edit(base + fs, base + fe, "……")))
    for m in _SINGLE_ELLIPSIS.finditer(p):
        s = m.start()
        prev, nxt = p[s - 1:s], p[s + 1:s + 2]
        end = nxt in ("", "\n", "\r") or _cn(nxt)
        if not (is_han(prev) or (prev and prev in "，、；：") or (_cn(nxt) and not _ALNUM.match(prev or " "))
                or (prev == MASK and end)):  # `a`、`b`… after inline code
            continue
        yield Finding(base + s, base + s + 1, "省略号应写作“……”（两个“…”），这里只有一个",
                      fix=Fix.safe(Edit(base + s, base + s + 1, "……")))
    # GB/T 15834 4.11: the ellipsis ends the sentence itself; a full stop after it is redundant.
    for m in _ELLIPSIS_STOP.finditer(p):
        s = base + m.end() - 1
        yield Finding(s, s + 1, "省略号后不再加句号，应删去“。”",
                      fix=Fix.unsafe(Edit(s, s + 1, "")))


def _dashes(block: Block) -> t.Iterator[Finding]:
    p = block.prose
    base = block.start
    # Both patterns start with a look-behind, which makes a scan slow: look for the marks first.
    if not _ANY_DASH.search(p):
        return
    for m in _DOUBLE_HYPHEN.finditer(p):
        s, e = m.start(), m.end()
        a, b = _spaces_before(p, s), _spaces_after(p, e)
        prev = p[a - 1] if a else ""
        nxt = p[b] if b < len(p) else ""
        if _LETTER.match(p[e:e + 1]) or (p[s - 1:s] and _ALNUM.match(p[s - 1])):
            continue  # --fix, a--b
        if not (_cn(prev) or _cn(nxt)):
            continue
        if m.group()[0] in "\u30fc" and not (is_han(prev) and is_han(nxt)):
            continue  # ー is the katakana long vowel mark in Japanese
        fs, fe = _absorb(p, s, e)
        yield Finding(base + s, base + e, f"破折号应写作“——”（两个 U+2014），不写“{m.group()}”",
                      fix=Fix.safe(Edit(base + fs, base + fe, "——")))
    for m in _SINGLE_DASH.finditer(p):
        s = m.start()
        prev, nxt = p[s - 1:s], p[s + 1:s + 2]
        punct = "，。、；：？！"
        at_start = prev in ("", "\n", "\r") and is_han(nxt)
        at_end = nxt in ("", "\n", "\r") and is_han(prev)
        if not ((prev and prev in punct) or (nxt and nxt in punct) or at_start or at_end):
            continue  # 2018—2020年、北京—上海: a single — is the 一字线
        yield Finding(base + s, base + s + 1,
                      "破折号应写作“——”（两个“—”），单个“—”是连接号（一字线）",
                      fix=Fix.unsafe(Edit(base + s, base + s + 1, "——")))


def _ordinal_before(p: str, i: int, pending: bool = False) -> bool:
    """A closing bracket right after a one- or two-character ordinal that starts an item (1） a）).
    ``pending``: a （ is open, so after a space the bracket closes it (（单位 ms）, （约 5 s）)."""
    j = i
    while j > 0 and i - j < 3 and p[j - 1] in _ORDINAL_CHARS:
        j -= 1
    if j >= 2 and p[j - 1] in ":：,，" and p[j - 2].isdigit():
        return False  # 9:00—18:00） 1,500） — the minutes or digits of a number, not an ordinal
    if pending and j > 0 and p[j - 1] in " \t":
        return False
    return 0 < i - j <= 2 and (j == 0 or p[j - 1] in _ORDINAL_SEP)


def _next_prose(doc: Document, block: Block) -> Block | None:
    nxt = doc.next_block(block)
    return nxt if nxt is not None and nxt.is_prose else None


def _prev_prose(doc: Document, block: Block) -> Block | None:
    prev = doc.previous_block(block)
    return prev if prev is not None and prev.is_prose else None


def _all_paired(p: str) -> bool:
    """Whether every paired mark in ``p`` surely pairs up as _unbalanced pairs them (no ） is an
    ordinal's, and taking out innermost pairs a few times leaves no mark): nothing to report.
    (Deeper nesting is left to _unbalanced: a pass per level would be quadratic.)"""
    if _MAYBE_ORDINAL.search(p):
        return False
    for _ in range(3):
        p, n = _INNERMOST_PAIR.subn("", p)
        if not n:
            break
    return not _PAIR_MARKS.search(p)


def _ends_sentence(block: Block) -> bool:
    s = block.prose.rstrip(" \t\u3000\r\n" + MASK)
    return bool(s) and s[-1] in _SENTENCE_END


def _unbalanced(doc: Document, block: Block) -> t.Iterator[Finding]:
    p = block.prose
    if not _PAIR_MARKS.search(p) or _all_paired(p):  # the common case: a few regex calls, no loop
        return
    base = block.start
    # Plain-text blocks may be fragments of a paragraph split by the page layout, whatever
    # their kind (a short fragment reads as a heading).
    is_text = doc.format == "text"
    opens: dict[str, list[int]] = {}
    stray: list[int] = []
    for m in _PAIR_MARKS.finditer(p):  # only the marks, not every character
        i, ch = m.start(), m.group()
        if ch in _PAIRS:
            opens.setdefault(ch, []).append(i)
        elif ch in _CLOSE:
            if ch == "）" and _ordinal_before(p, i, bool(opens.get("（"))):
                continue
            stack = opens.get(_CLOSE[ch])
            if stack:
                stack.pop()
            else:
                stray.append(i)
    unclosed = sorted(i for v in opens.values() for i in v)
    # ‘ ’ next to Latin letters are apostrophes or English quotes (it’s, ‘Vue’): not counted.
    if any(_LETTER.match(p[j]) for i in unclosed + stray if p[i] in "‘’"
           for j in (i - 1, i + 1) if 0 <= j < len(p)):
        unclosed = [i for i in unclosed if p[i] != "‘"]
        stray = [i for i in stray if p[i] != "’"]
    if not unclosed and not stray:
        return
    nxt = _next_prose(doc, block)
    prv = _prev_prose(doc, block)
    first_text = len(p) - len(p.lstrip(" \t\u3000" + MASK))
    closed_later: dict[str, bool] = {}
    opened_earlier: dict[str, bool] = {}
    nxt_text = nxt.prose.lstrip(" \t\u3000") if nxt is not None else ""
    for i in unclosed:
        ch = p[i]
        if ch in "“「" and nxt_text.startswith(ch):
            continue  # a quotation of several paragraphs: each opens with “, only the last closes
        if nxt is not None and not _ends_sentence(block) and (block.kind == "paragraph" or is_text):
            continue  # the paragraph is cut off (broken-paragraph's business); its closer is further on
        if ch not in closed_later:
            closed_later[ch] = _paired_nearby(doc, block, ch, forward=True)
        if closed_later[ch]:
            continue  # the quotation runs on into the next paragraphs; the closer is reported there
        yield Finding(base + i, base + i + 1, f"成对标号“{ch}”在本段内没有对应的“{_PAIRS[ch]}”，请补全或删去")
    for i in stray:
        ch = p[i]
        if prv is not None and not _ends_sentence(prv) and (block.kind == "paragraph" or is_text):
            continue
        if _CLOSE[ch] not in opened_earlier:
            opened_earlier[_CLOSE[ch]] = _paired_nearby(doc, block, _CLOSE[ch], forward=False)
        if opened_earlier[_CLOSE[ch]]:
            # The quotation began in an earlier paragraph: only a closer that starts the paragraph
            # is wrong (the paragraph break was put before it instead of after it).
            if i > first_text:
                continue
            yield Finding(base + i, base + i + 1,
                          f"“{ch}”不能出现在段首：它是上一段引文的后半，应移到上一段末尾")
            continue
        yield Finding(base + i, base + i + 1, f"成对标号“{ch}”在本段内没有对应的“{_CLOSE[ch]}”，请补全或删去")


def _balance(p: str, opener: str) -> tuple[int, int]:
    """(closers before any opener, openers left unclosed) for one pair type in ``p``."""
    closer = _PAIRS[opener]
    depth = stray = 0
    for ch in p:
        if ch == opener:
            depth += 1
        elif ch == closer:
            if depth:
                depth -= 1
            else:
                stray += 1
    return stray, depth


_LOOKAROUND = 3  # paragraphs a quotation may span before we call its mark unpaired


def _paired_nearby(doc: Document, block: Block, opener: str, forward: bool) -> bool:
    """Whether a quotation opened in ``block`` closes in one of the next few paragraphs
    (``forward``), or one closed in ``block`` was opened in one of the previous few."""
    step = _next_prose if forward else _prev_prose
    b = block
    for _ in range(_LOOKAROUND):
        b = step(doc, b)
        if b is None:
            return False
        stray, unclosed = _balance(b.prose, opener)
        if stray if forward else unclosed:
            return True
    return False


# Vertical presentation forms (U+FE10–FE19, U+FE30–FE48) left over from vertical typesetting or
# a PDF: their horizontal counterparts.  ︱ is left out: WeChat titles use it as a separator (深度︱).
_VERTICAL = {"︐": "，", "︑": "、", "︒": "。", "︓": "：", "︔": "；", "︕": "！", "︖": "？",
             "︗": "〖", "︘": "〗", "︵": "（", "︶": "）", "︷": "｛", "︸": "｝", "︹": "〔", "︺": "〕",
             "︻": "【", "︼": "】", "︽": "《", "︾": "》", "︿": "〈", "﹀": "〉", "﹁": "「", "﹂": "」",
             "﹃": "『", "﹄": "』", "﹇": "［", "﹈": "］"}
# [...]|︙+ written to start with a class, which the regex engine skips to quickly.
_VERTICAL_RE = re.compile("[" + "".join(_VERTICAL) + "︙](?:(?<=︙)︙*)?")


_VERTICAL_PAIRS = ("︗︘", "︵︶", "︷︸", "︹︺", "︻︼", "︽︾", "︿﹀", "﹁﹂", "﹃﹄", "﹇﹈")


def _vertical(block: Block) -> t.Iterator[Finding]:
    p = block.prose
    for m in _VERTICAL_RE.finditer(p):
        old = m.group()
        before, after = p[m.start() - 1:m.start()], p[m.end():m.end() + 1]
        pair = p[m.start():m.start() + 2]
        if (before and after and before in "“‘「《" and after in "”’」》") or pair in _VERTICAL_PAIRS \
                or p[m.start() - 1:m.end()] in _VERTICAL_PAIRS:
            continue  # the mark named, not used: “﹁”, 竖排的﹁﹂
        new = "……" if old[0] == "︙" else _VERTICAL[old]
        s, e = block.start + m.start(), block.start + m.end()
        yield Finding(s, e, f"“{old}”是竖排专用的标点，横排文本中应改为“{new}”",
                      fix=Fix.safe(Edit(s, e, new)))


def _line_edges(doc: Document, block: Block) -> t.Iterator[Finding]:
    """Hard line breaks inside a plain-text paragraph: no closing mark at a line start,
    no opening mark at a line end."""
    p = block.prose
    if "\n" not in p and "\r" not in p:
        return
    base = block.start
    for m in re.finditer(r"\r\n|\r|\n", p):
        bs, be = m.start(), m.end()
        if be < len(p) and p[be] in _LINE_START_BANNED:
            mark = p[be]
            yield Finding(base + be, base + be + 1, f"“{mark}”不能出现在行首，应移到上一行末尾",
                          fix=Fix.unsafe(Edit(base + bs, base + be + 1, mark + m.group())))
        if bs > 0 and p[bs - 1] in _LINE_END_BANNED:
            mark = p[bs - 1]
            yield Finding(base + bs - 1, base + bs, f"“{mark}”不能出现在行末，应移到下一行开头",
                          fix=Fix.unsafe(Edit(base + bs - 1, base + be, m.group() + mark)))


# _halfwidth_parens reports a ( only when Han comes before its ), at most 200 characters on.  A )
# with no ( and none of these characters between is the one in the prose too: a masked stretch
# that reaches it from after the ( starts with one of them (lint.readers.inline: "://" or "www."
# for a URL) or holds a line break (a container prefix).
_MASK_STARTS = r"`<\[\]\\&*~_@:.\r\n"
_UNMASKED = rf"[^(){_MASK_STARTS}]{{0,198}}"
# Where each check can report (see lint.cjk.scan_pattern): a necessary condition of every report
# it makes, at one character.
_MARKS = {
    "，。、；：？！": "(?=[，。、；：？！”’）])|(?<=。)(?=。。)",  # _doubled (_TWO_MARKS); 。。。 (_DOTS)
    # _halfwidth: a mark next to Chinese (_NEAR_CN, at the mark); ... (_DOTS)
    ",;:?!.": rf"(?<=[{HAN}{_CN_PUNCT}][,;:?!.])|(?<=[,;:?!])(?=[{HAN}])|(?<=[0-9],)(?=[0-9])|(?<=\.)(?=\.\.)",
    "(": rf"(?={_UNMASKED}?[{HAN}]|{_UNMASKED}[({_MASK_STARTS}])",  # _halfwidth_parens (see above)
    '"': rf'(?=[^"\r\n]*?[{HAN}])',  # _straight_quotes: Han before the next quote on the line
    "…": "",  # _ellipsis: … and ……。
    "·•・": "(?=[·•・]{2})",  # _ellipsis: ··· (_DOTS)
    "—": "",  # _dashes: a single — (_SINGLE_DASH)
    # _dashes: a doubled stand-in for — (_DOUBLE_HYPHEN)
    "-\u2015\u2500\uff0d\u30fc": "|".join(f"(?<={c})(?={c})" for c in "-\u2015\u2500\uff0d\u30fc"),
    "".join(_VERTICAL) + "︙": "",  # _vertical
}
_SCAN = scan_pattern(_MARKS)
# Plain text: also a mark that starts or ends a line (_line_edges), looked for at the mark (breaks
# are frequent): one of _LINE_START_BANNED (the first entry's marks and the closers) after a
# break, one of _LINE_END_BANNED before one.
_SCAN_TEXT = scan_pattern({**_MARKS, "，。、；：？！": _MARKS["，。、；：？！"] + r"|(?<=[\r\n].)",
                           "”’）》〉】」』": r"(?<=[\r\n].)", _LINE_END_BANNED: r"(?=[\r\n])"})


@rule(code="ZH601", name="punctuation", category="punctuation", severity=Severity.WARNING,
      fixable="sometimes")
def punctuation(doc: Document, ctx) -> t.Iterator[Finding]:
    r"""中文句子里的标点形式错误：半角标点、重复或叠用的点号、不配对的标号、省略号与破折号写法、行首禁则。

    ## 检查什么
    - 直引号 " " 括住中文词句（同一行内成对），应改为弯引号 “ ”。
    - 半角 , ; : ? ! . ( ) 紧贴汉字（至少一侧）出现在中文句子中，应改为全角 ，；：？！。（）。
      括号只在括号内有汉字时才报；前面空一格的半角括号（技术文档的排版风格）不报。千分撇 1,000、
      时刻 3:30、小数 1.5、版本号 v2.1、序号 1.、表情 :)、整句英文、参考文献条目（[J] [M]）、
      代码和 URL 都不报。数字间不是千分撇的逗号（3,4号楼）照报。
    - 重复的点号（，，  。。  、、）；句末点号叠用（？。  ！。  。”。）；问号、叹号叠用超过三个。
      “？？”“！！”“？！”表示强烈语气，合法。
    - 成对标号 “” ‘’ （） 《》 〈〉 【】 「」 『』 在同一段内不配对。多段引文（每段以“开头、
      只在末段收引号）、序次语 1） a）、英文撇号 it’s、被截断的段落不报。
    - 省略号后又加句号（……。）。
    - 省略号写成 ... / 。。。 / ··· 或只有一个 …；破折号写成 -- / ――（U+2015）/ ──（制表符）/ ーー，
      或紧挨点号的单个 —。
      单个 — 在数字、地名之间是一字线（2018—2020年、北京—上海），不报；“一一”是词，不报。
    - 纯文本硬换行段落中，点号和后半个标号出现在行首、前半个标号出现在行末。
    - 竖排专用的标点（﹁﹂﹃﹄︵︶︽︾︒︑︙ 等 U+FE10–FE48 的竖排形式）残留在横排文本中，
      应改为对应的横排标点。“︱”常用作标题分隔符（深度︱），不报。

    ## 为什么
    GB/T 15834-2011 规定中文句子用全角标点，点号不叠用，成对标号要配对，省略号占两个字（……），
    破折号占两个字（——），点号不出现在行首。半角标点和不配对的引号多半来自输入法切换或复制粘贴。

    ## 反例
        会议讨论了预算,通过了决议。
        请注意:本条自公布之日起施行。
        你真的去了吗?
        这项工作已经完成.下一步是推广。
        住在3,4号楼的居民。
        他说:"明天见。"
        通过了决议(草案)。
        我们认为，，这个方案可行。
        你真的去了吗？。
        他说：“明天见。
        详见《红楼梦〉一书。
        苹果、香蕉、橘子等等...
        苹果、香蕉、橘子。。。
        苹果、香蕉、橘子等等…
        他说：“翻过前面那道梁就到了……。”
        北京--中国的首都。
        他停了一下，—又接着说下去。
        这次会议开得很成功，各方都表示满意\n。会议决定明年继续举办。
        ﹁老街不只是景点，更是我们的家。﹂一位居民写道。

    ## 正例
        全年产量1,000吨，上午3:30开会，增长1.5倍，升级到v2.1。
        他说：“明天见。”
        难道你还不明白？！真的吗？？
        2018—2020年，北京—上海高铁运行平稳。
        一一列举，一一对应。
        苹果、香蕉、橘子……
        人工智能(AI)发展很快。
        He said: "Hello, world!" 然后离开了。
        It’s fine，我们继续。
        条件包括：1）年满十八岁；2）身体健康。
        我好开心:)
        售后服务热线：400-123-4567（工作日9:00—18:00）
        运行 f(x) 得到结果。
        [1] 张三, 李四. 标点符号研究[J]. 语言文字应用, 2020, 43(5): 1-10.
        “第一段引文。\n\n“第二段引文，到此结束。”
        深度︱老街再生计划启动（单位 ms）。

    ## 修复安全性
    半角改全角、删去重复的点号、省略号和 -- 改为规范形式是安全修复（替换唯一；紧贴的空格一并删去）。
    竖排标点改为横排形式是安全修复（一一对应）。单个 — 改为 ——、“。”。”删去句号、行首标点移到上一行末尾、直引号改弯引号、数字间的逗号
    （3,4号楼）改顿号是不安全修复，需人工确认。
    不配对的标号和混用的点号（“，。”）只报告，不修复：应补哪一半、留哪一个要看原意。
    """
    is_text = doc.format == "text"
    for block in doc.blocks_where(_SCAN_TEXT if is_text else _SCAN):
        yield from _halfwidth(block)
        yield from _doubled(block)
        yield from _ellipsis(block)
        yield from _dashes(block)
        yield from _vertical(block)
        if is_text:
            yield from _line_edges(doc, block)
    for block in doc.blocks_where(_PAIR_MARKS):  # all _unbalanced looks at
        yield from _unbalanced(doc, block)


RULES = (punctuation,)
