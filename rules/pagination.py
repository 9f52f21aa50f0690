"""Print-layout residue: page-jump markers, page furniture (page numbers, running heads) and
paragraphs broken by a column or page break."""
from __future__ import annotations

import bisect
import re
import typing as t

from lint.cjk import END_PUNCT, HAN, HAN_RE, lazy_compile, NUMBER_MARKER
from lint.document import HEADING, PARAGRAPH, TABLE_CELL, Block, Document
from lint.model import Edit, Finding, Fix, Severity, rule

_NUM = "0-9０-９一二三四五六七八九十百〇零两"
_PAGE = rf"第?\s*[A-HＡ-Ｈ]?\s*[{_NUM}]{{1,4}}\s*版"  # 第三版, 3版, A3版
_VERB = r"上接|下转|下接|紧接|续接|转|接"
# Bracketed form: allowed anywhere in a block.
_BRACKETED = re.compile(rf"[（(]\s*(?:{_VERB})\s*{_PAGE}\s*[）)]")
# Page-based jumps of books and magazines: only bracketed ("见第12页" is a cross-reference).
_BRACKETED_PAGE = re.compile(rf"[（(]\s*(?:{_VERB}|续)\s*(?:[上下前]页|第?\s*[0-9０-９]{{1,4}}\s*页)\s*[）)]")
# Unbracketed, or with one bracket lost in extraction: only at the very start or end of a block.
_AT_START = re.compile(rf"\A[（(]?\s*(?P<verb>{_VERB})\s*{_PAGE}\s*[）)]?")
_AT_END = re.compile(rf"(?P<pre>.?)[（(]?\s*(?P<verb>{_VERB})\s*{_PAGE}\s*[）)]?\Z", re.S)
# What may follow the verb of a marker at the end of a block (checked on the tail with each
# whitespace run collapsed to one space, so the nested ``\s*`` cannot backtrack over long runs).
_AFTER_VERB = re.compile(rf"\s*{_PAGE}\s*[）)]?\Z")
_WS_RUN = re.compile(r"\s+")
_VERBS2 = frozenset(v for v in _VERB.split("|") if len(v) == 2)
_HAN = HAN_RE  # shared: compiling the Han class costs ~1.3 ms per pattern
_WS = " \t\u3000"
_BLANK = " \t\u3000\f\v\r\n"


def _removal(doc: Document, block: Block, start: int, end: int) -> Edit:
    """The edit that removes a marker at absolute [start, end) from ``block``: the marker with
    the spaces around it, or the whole block with its separating blank lines when the marker
    is all there is."""
    text = doc.text
    if start == block.start and end == block.end:
        nxt = doc.next_block(block)
        if nxt is not None:
            return Edit(block.start, _keep_indent(text, block.end, nxt.start))
        prev = doc.previous_block(block)
        if prev is not None:
            return Edit(prev.end, block.end)
        return Edit(block.start, block.end)
    s, e = start, end
    if start == block.start:
        while e < block.end and text[e] in _WS:
            e += 1
    elif end == block.end:
        while s > block.start and text[s - 1] in _WS:
            s -= 1
    return Edit(s, e)


def _at_end(prose: str) -> re.Match | None:
    """``_AT_END.search(prose)`` in linear time.  A plain search retries the pattern at every
    position of a long whitespace run; instead locate the verb (every verb ends in 接 or 转,
    and nothing after it may contain either, so it ends at the last of them), check the rest
    once, and search only from the leftmost start the pattern could have."""
    j = max(prose.rfind("接"), prose.rfind("转"))
    if j < 0 or not _AFTER_VERB.match(_WS_RUN.sub(" ", prose[j + 1:])):
        return None
    v = j - 1 if j > 0 and prose[j - 1:j + 1] in _VERBS2 else j  # the verb's start (longest first)
    while v > 0 and prose[v - 1].isspace():  # the \s* before the verb
        v -= 1
    if v > 0 and prose[v - 1] in "（(":
        v -= 1
    return _AT_END.search(prose, max(0, v - 1))  # one character more for ``pre``


def _markers(block: Block) -> list[tuple[int, int]]:
    return _marker_spans(block.prose)


def _marker_spans(prose: str) -> list[tuple[int, int]]:
    """Jump markers in a block's prose, as (start, end) offsets into it."""
    if "接" not in prose and "转" not in prose and "续" not in prose:
        return []  # every marker has a verb, and every verb has one of these characters
    seen: list[tuple[int, int]] = []
    m = _AT_START.match(prose)
    if m:
        seen.append((m.start(), m.end()))
    m = _at_end(prose)
    if m:
        s = m.start() + len(m.group("pre"))
        bracketed = prose[s] in "（("
        # A bare single-character verb glued to Han text is a word (直接, 运转), not a marker.
        if bracketed or len(m.group("verb")) == 2 or not (m.group("pre") and _HAN.match(m.group("pre"))):
            seen.append((s, m.end()))
    for pattern in (_BRACKETED, _BRACKETED_PAGE):
        for m in pattern.finditer(prose):
            seen.append((m.start(), m.end()))
    # Longest first, drop overlaps.
    taken: list[tuple[int, int]] = []
    for s, e in sorted(set(seen), key=lambda x: (x[0], -(x[1] - x[0]))):
        if all(e <= a or s >= b for a, b in taken):
            taken.append((s, e))
    return sorted(taken)


# Every marker has a verb ending in 接, 转 or 续 followed by its page (版 or 页) with only these
# characters between; one literal-led pattern per verb character for a fast scan of the text.
_VERB_TO_PAGE = tuple(re.compile(rf"{c}[\s第A-HＡ-Ｈ{_NUM}上下前]*[版页]") for c in "接转续")


def _marker_blocks(doc: Document) -> list[Block]:
    """The prose blocks that may hold a jump marker (those with one of _VERB_TO_PAGE), in order."""
    return doc.blocks_where(*_VERB_TO_PAGE)


def _unterminated(text: str) -> bool:
    text = text.rstrip(_BLANK)
    return bool(text) and text[-1] not in END_PUNCT


def _stranded(doc: Document, block: Block, start: int, end: int) -> bool:
    """Whether a forward jump ("下转第四版") ends an unfinished paragraph that the next block
    does not continue: "…源头治理（下转第四版）" + "（上接第一版）沿黄九省区…".  Deleting the marker
    would make the two look like one broken paragraph, so it is reported without a fix."""
    text = doc.text
    if "下" not in text[start:end] and "转" not in text[start:end]:
        return False
    if doc.text[end:block.end].strip(_BLANK):
        return False  # text follows in the same block: the marker sits mid-paragraph
    if start > block.start:
        before = text[block.start:start]
    else:
        prev = doc.previous_block(block)
        if prev is None or prev.kind != PARAGRAPH:
            return False
        before = prev.prose
    nxt = doc.next_block(block)
    while nxt is not None and nxt.is_prose and _markers(nxt) and _markers(nxt)[0] == (0, nxt.end - nxt.start):
        nxt = doc.next_block(nxt)  # other markers go too: look at the text after them
    return _unterminated(before) and nxt is not None and nxt.kind == PARAGRAPH


# --------------------------------------------------------------------------- page furniture

_SP = "[ \t\u3000]*"
# Page numbers that cannot be anything else when they fill a line.
_PAGE_STRONG = lazy_compile(
    rf"""\A\f?{_SP}(?:
        [—–－─━-]{{1,2}}{_SP}\d{{1,4}}{_SP}[—–－─━-]{{1,2}}                 # — 12 —   - 12 -
      | [·•・]{_SP}\d{{1,4}}{_SP}[·•・]                                      # ·12·
      | 第{_SP}\d{{1,4}}{_SP}页(?:{_SP}[,，/／]?{_SP}共{_SP}\d{{1,4}}{_SP}页)?  # 第12页  第 3 页 共 30 页
      | 共{_SP}\d{{1,4}}{_SP}页{_SP}[,，]?{_SP}第{_SP}\d{{1,4}}{_SP}页
      | (?i:page){_SP}\d{{1,4}}(?:{_SP}(?i:of|/){_SP}\d{{1,4}})?
    ){_SP}\Z""",
    re.X,
)
# A bare number ("12") or "12/30" alone on a line: a page number only in context.
_PAGE_WEAK = re.compile(rf"\A\f?{_SP}(?P<n>\d{{1,3}})(?:{_SP}[/／]{_SP}(?P<of>\d{{1,3}}))?{_SP}\Z")
_CREDIT_ROLE = r"(?:本版责编|本版编辑|责任编辑|美术编辑|版式设计|视觉设计|责编|美编|编辑|校对|组版|制版)"
_CREDITS = lazy_compile(
    rf"\A\f?{_SP}(?:(?P<role>{_CREDIT_ROLE})(?:[：:]{_SP}|[ \t\u3000]+)"
    # A two-character name is often spaced out to the width of three (孙 磊, 陈　晨).
    rf"(?:(?!{_CREDIT_ROLE})(?:[{HAN}][ \u3000]{{1,2}}[{HAN}](?![{HAN}])|[{HAN}·]{{2,5}})[ \t\u3000、，,]*)+)+\Z")
# Cheap necessary conditions, tested first so that the patterns above (each [HAN] class costs
# ~1.3 ms to compile) are only built for pages that have such lines.
_PAGE_STRONG_FIRST = "—–－─━-·•・第共pP"  # the first character of every alternative
_CREDIT_ROLES = tuple(_CREDIT_ROLE[3:-1].split("|"))
_GENERIC_PAPER = lazy_compile(f"[{HAN}]{{2,6}}(?:日报|晚报|时报|晨报|早报|周报|商报)")


def _head_token_re() -> re.Pattern:
    from rules._data import table

    papers = sorted((w for k, w in table("pagination-running-heads.txt") if k == "paper"), key=len, reverse=True)
    sections = sorted((w for k, w in table("pagination-running-heads.txt") if k == "section"), key=len, reverse=True)
    return re.compile(
        rf"""(?P<paper>{'|'.join(map(re.escape, papers))}|{_GENERIC_PAPER.pattern})
          | (?P<date>\d{{4}}{_SP}年{_SP}\d{{1,2}}{_SP}月{_SP}\d{{1,2}}{_SP}日|\d{{4}}[-./]\d{{1,2}}[-./]\d{{1,2}})
          | (?P<week>星期[一二三四五六日天]|周[一二三四五六日])
          | (?P<issue>(?:\d{{4}}{_SP}年{_SP})?(?:第{_SP}\d{{1,3}}{_SP}卷{_SP})?第{_SP}\d{{1,2}}{_SP}期)
          | (?P<journal>[{HAN}]{{2,10}}(?:学刊|学报|杂志))
          | (?P<edition>第{_SP}[0-9０-９一二三四五六七八九十]{{1,3}}{_SP}版|[A-Z]?\d{{1,2}}{_SP}版|[A-Z]\d{{2}}(?!\d))
          | (?P<lunar>农历[{HAN}]{{2,12}})
          | (?P<section>{'|'.join(map(re.escape, sections))}|[{HAN}]{{2,4}}(?:新闻|要闻|时评|专刊|周刊|副刊|视点|观察))
          | (?P<num>\d{{1,3}}(?!\d))
          | (?P<sep>[ \t\u3000|｜·•/／\f]+)""",
        re.X,
    )


_HEAD_TOKEN: re.Pattern | None = None
# What the tokens above can be made of, for a cheap necessary test before _HEAD_TOKEN (whose
# compilation, ~5 ms, is then needed only on pages with a plausible running head): Han, decimal
# digits (\d), A-Z, the separators, and "-"/"." only between digits (inside a date).
_HEAD_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ \t\u3000|｜·•/／\f")
_HEAD_WORDS: re.Pattern | None = None  # one of those words, or a letter A-Z


def _could_be_head(line: str) -> bool:
    """False when ``line`` cannot be a running head: a character no token has, or none of the
    words _is_running_head requires (a paper, a 版次 (版 or A-Z), a section, an issue 期)."""
    global _HEAD_WORDS
    n = len(line)
    for i, c in enumerate(line):
        if ("\u4e00" <= c <= "\u9fff" or c in _HEAD_CHARS or c.isdecimal() or "\u3400" <= c <= "\u4dbf"
                or "\uf900" <= c <= "\ufaff" or "\U00020000" <= c <= "\U0003134f"):
            continue
        if c in "-." and 0 < i < n - 1 and line[i - 1].isdecimal() and line[i + 1].isdecimal():
            continue
        return False
    if _HEAD_WORDS is None:
        from rules._data import table

        words = ({w for _k, w in table("pagination-running-heads.txt")}
                 | {"日报", "晚报", "时报", "晨报", "早报", "周报", "商报",  # _GENERIC_PAPER
                    "新闻", "要闻", "时评", "专刊", "周刊", "副刊", "视点", "观察",  # sections
                    "版", "期"})
        _HEAD_WORDS = re.compile("|".join(map(re.escape, sorted(words))) + "|[A-Z]")
    return _HEAD_WORDS.search(line) is not None


def _is_running_head(line: str) -> bool:
    """A line made only of newspaper-name, date, weekday, 版次, section and page-number tokens."""
    global _HEAD_TOKEN
    if not _could_be_head(line):
        return False
    if _HEAD_TOKEN is None:
        _HEAD_TOKEN = _head_token_re()
    pos, kinds = 0, []
    while pos < len(line):
        m = _HEAD_TOKEN.match(line, pos)
        if not m or m.end() == pos:
            return False
        if m.lastgroup != "sep":
            kinds.append(m.lastgroup)
        pos = m.end()
    if len(kinds) < 2:
        return False
    # A date with a weekday is also a diary heading; ask for something only a newspaper page has.
    return ("paper" in kinds or "edition" in kinds or ("section" in kinds and ("date" in kinds or "num" in kinds))
            # a journal's running head: ·58·　城市规划学刊　2023年第4期
            or ("issue" in kinds and ("journal" in kinds or "num" in kinds)))


class _Line(t.NamedTuple):
    start: int
    end: int
    block: Block


def _prose_lines(doc: Document) -> t.Iterator[_Line]:
    """Every line of every prose block (table cells and Markdown headings excluded), block by block."""
    starts, line_end = doc.lines.starts, doc.lines.line_end
    for b in doc.blocks_of():
        if _has_prose_lines(doc, b):
            # 1-based line numbers of the block's ends, as lines.position(...)[0] gives them.
            for n in range(bisect.bisect_right(starts, b.start), bisect.bisect_right(starts, b.end) + 1):
                yield _Line(starts[n - 1], line_end(n), b)


def _has_prose_lines(doc: Document, b: Block) -> bool:
    """Whether _prose_lines takes the lines of ``b``."""
    return b.is_prose and b.kind != TABLE_CELL and not (b.kind == HEADING and doc.format == "markdown")


def _on_line(doc: Document, n: int) -> list[Block]:
    """The blocks that _prose_lines gives 1-based line ``n`` for: those with a prose line
    starting before the next line and ending on this one or after."""
    starts = doc.lines.starts
    return [b for b in doc.blocks_spanning(starts[n - 1], starts[n] if n < len(starts) else None)
            if _has_prose_lines(doc, b)]


# A necessary condition of each test of a line in _find_furniture, matched at the line's start
# (after a line break, or at the start of the text) so that only those lines are looked at:
# (1) _PAGE_STRONG, (2) _PAGE_WEAK, (3) the credit roles — all three after a quick test of the
# first character — or (4) _could_be_head's characters with the blanks that _BLANK strips, in
# a line of at most 60.
_FURNITURE_LINE = (
    r"(?:(?=[\f \t\u3000]*[—–－─━\-·•・第共pP\d" + "".join(sorted({r[0] for r in _CREDIT_ROLES})) + "])"
    r"(?=[\f \t\u3000]*(?:(?:[—–－─━\-]{1,2}|[·•・第共]|(?i:page))" + _SP + r"\d"
    r"|\d{1,3}(?:" + _SP + "[/／]" + _SP + r"\d{1,3})?" + _SP + r"(?:[\r\n]|\Z)"
    r"|" + _CREDIT_ROLE + "))"
    r"|(?=[" + HAN + r"\d"
    + re.escape("".join(sorted(_HEAD_CHARS)) + "-.\v") + r"]{1,60}(?:[\r\n]|\Z)))"
)
_FURNITURE_AT = re.compile(_FURNITURE_LINE)
_FURNITURE_AFTER_LF = re.compile("\n" + _FURNITURE_LINE)  # (a literal first: the fastest scan)
_FURNITURE_AFTER_BREAK = lazy_compile("[\r\n]" + _FURNITURE_LINE)  # only texts with a \r


def _furniture_candidates(text: str) -> list[int]:
    """The starts of the lines that may be page furniture."""
    out = [0] if _FURNITURE_AT.match(text) else []
    after = _FURNITURE_AFTER_BREAK if "\r" in text else _FURNITURE_AFTER_LF
    out.extend(m.end() for m in after.finditer(text))
    return out


def _nonblank_before(text: str, pos: int) -> int:
    """Offset just past the last non-blank character before ``pos`` (0 when none)."""
    while pos > 0 and text[pos - 1] in _BLANK:
        pos -= 1
    return pos


def _keep_indent(text: str, lo: int, pos: int) -> int:
    """``pos`` moved back to the start of its line when only blanks precede it there (after
    ``lo``): removing a line must not eat the next paragraph's indentation."""
    nl = max(text.rfind("\n", lo, pos), text.rfind("\r", lo, pos))
    return nl + 1 if nl >= 0 else pos


def _nonblank_after(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in _BLANK:
        pos += 1
    return pos


def _unfinished_before(doc: Document, ln: _Line, starts: list[int]) -> bool:
    """The text before the line is a paragraph that stops mid-sentence: the line interrupts it.
    ``starts``: the blocks' start offsets."""
    text = doc.text
    p = _nonblank_before(text, ln.start)
    if p == 0 or _nonblank_after(text, ln.end) >= len(text):
        return False
    i = bisect.bisect_right(starts, p - 1) - 1
    prev = doc.blocks[i] if i >= 0 and doc.blocks[i].end >= p else None
    return (prev is not None and prev.kind == PARAGRAPH and not prev.meta.get("heading_like")
            and text[p - 1] not in END_PUNCT and _HAN.match(text[p - 1]) is not None)


def _furniture(doc: Document) -> list[tuple[int, int, str]]:
    """Lines that are page furniture: (line start, line end, kind) with kind "page" (page number),
    "head" (running head) or "credit" (版面责任编辑 line); computed once per document, shared by
    page-marker and broken-paragraph."""
    return doc.memo("pagination.furniture", _find_furniture)


def _find_furniture(doc: Document) -> list[tuple[int, int, str]]:
    text = doc.text
    line_starts = doc.lines.starts
    found: dict[int, tuple[int, int, str]] = {}
    weak: list[tuple[_Line, int, str | None]] = []
    for ls in _furniture_candidates(text):
        n = bisect.bisect_right(line_starts, ls)  # its 1-based number
        holders = _on_line(doc, n)
        if not holders:
            continue
        le = doc.lines.line_end(n)
        s = text[ls:le]
        if not s.strip(_BLANK):
            continue
        if s.lstrip("\f \t\u3000")[:1] in _PAGE_STRONG_FIRST and _PAGE_STRONG.match(s):
            found[ls] = (ls, le, "page")
        elif (m := _PAGE_WEAK.match(s)) is not None:
            weak.extend((_Line(ls, le, b), int(m.group("n")), m.group("of")) for b in holders)
        elif len(s) <= 60 and _is_running_head(s.strip(_BLANK)):
            found[ls] = (ls, le, "head")
        elif (s.lstrip("\f \t\u3000").startswith(_CREDIT_ROLES) and _CREDITS.match(s)
              and (len(_CREDITS_ROLE.findall(s)) >= 2 or "本版" in s)):
            found[ls] = (ls, le, "credit")
    # Bare numbers: page numbers when one interrupts a sentence, or when they count up through
    # the text a page apart (not section numbers: the first comes after running text, and short
    # numbered poems or items are not a page long).
    if weak:
        weak.sort(key=lambda w: (w[0].block.index, w[0].start))  # in _prose_lines' order
        starts = [b.start for b in doc.blocks]
        first_text = next((ln.block.start for ln in _prose_lines(doc) if ln.block.kind == PARAGRAPH
                           and not _PAGE_WEAK.match(text[ln.start:ln.end])), None)
        runs: list[list[tuple[_Line, int, str | None]]] = []
        gaps: list[list[int]] = []
        for w in weak:
            if runs:
                (ln0, n0, of0) = runs[-1][-1]
                gap = len(re.sub(r"\s", "", text[ln0.end:w[0].start]))
                if 1 <= w[1] - n0 <= 2 and of0 == w[2] and gap >= 300:
                    runs[-1].append(w)
                    gaps[-1].append(gap)
                    continue
            runs.append([w])
            gaps.append([])
        for run, g in zip(runs, gaps):
            cut = [_unfinished_before(doc, ln, starts) for ln, _, _ in run]
            # Full pages hold about the same amount of text; sections do not.
            paged = (len(run) >= 3 and first_text is not None and run[0][0].start > first_text
                     and max(g) <= 2 * min(g))
            for (ln, _, _), c in zip(run, cut):
                if c or (len(run) >= 2 and any(cut)) or paged:
                    found[ln.start] = (ln.start, ln.end, "page")
    # Running heads that repeat next to the page numbers ("网络安全法释义" above every "— 3 —").
    if doc.format != "markdown" and found:
        pages = [v for v in found.values() if v[2] == "page"]
        near: dict[str, list[_Line]] = {}
        for ps, pe, _ in pages:
            for pos in (_nonblank_before(text, ps) - 1, _nonblank_after(text, pe)):
                ln = _line_around(doc, pos)
                if ln is None or ln.start in found:
                    continue
                s = text[ln.start:ln.end].strip(_BLANK)
                if 2 <= len(s) <= 40 and s[-1] not in END_PUNCT and "。" not in s:
                    near.setdefault(re.sub(r"\A\d{1,4}\s*|\s*\d{1,4}\Z", "", s), []).append(ln)
        for same in near.values():
            if len({ln.start for ln in same}) >= 2:
                for ln in same:
                    found[ln.start] = (ln.start, ln.end, "head")
    return sorted(found.values())


_CREDITS_ROLE = re.compile(_CREDIT_ROLE)


def _line_around(doc: Document, pos: int) -> _Line | None:
    """The prose line holding the character at offset ``pos``."""
    if not 0 <= pos < len(doc.text):
        return None
    n = doc.lines.position(pos)[0]
    holders = _on_line(doc, n)
    return _Line(doc.lines.line_start(n), doc.lines.line_end(n), holders[-1]) if holders else None


def _line_removal(doc: Document, start: int, end: int) -> Edit:
    """Remove a whole line: with the blank lines after it when it stands alone between blank
    lines, else with its own line break; at the end of the text, with the break before it."""
    text = doc.text
    after = _nonblank_after(text, end)
    if after < len(text):
        # Keep the blank-line separation that was before the line when it stood alone.
        before = _nonblank_before(text, start)
        alone = before == 0 or len(re.findall(r"\r\n|\r|\n", text[before:start])) >= 2
        if alone:
            return Edit(start, _keep_indent(text, end, after))
        nl = end
        if text.startswith("\r\n", nl):
            nl += 2
        elif nl < len(text) and text[nl] in "\r\n":
            nl += 1
        return Edit(start, nl)
    before = _nonblank_before(text, start)
    return Edit(before, end) if before > 0 else Edit(start, end)


@rule(code="ZH301", name="page-marker", category="pagination", severity=Severity.ERROR, fixable="sometimes")
def page_marker(doc: Document, ctx) -> t.Iterator[Finding]:
    r"""转版标记、页码、报头等版面信息残留在正文中。

    ## 检查什么
    1. 报纸的转版提示“（上接第三版）”“（下转第十一版）”“（转3版）”“（紧接第一版）”，书刊的“（转下页）”
       “（接上页）”等：全角或半角括号，有无“第”，汉字或阿拉伯版号。带括号的标记在段中任何位置都报；
       丢了括号的标记只在段首或段尾才认，且单字“转”“接”前不能紧贴汉字（“直接”“运转”是词）。
    2. 独占一行的页码：“— 12 —”“- 12 -”“·12·”“第12页”“第 3 页 共 30 页”“Page 3 of 10”。
       单独一行的裸数字（“12”“3/30”）只在它打断了一句话、或在正文中逐页递增时才算页码。
    3. 报头、栏头（running heads）：整行只由报名、日期、星期、版次、栏目名和页码组成，
       如“人民日报 2023年3月6日 星期一 第2版 要闻”，期刊的“·58·　城市规划学刊　2023年第4期”
       （刊名或页码加卷期）；版面责任编辑行“责任编辑：张三　版式设计：李四”；
       以及在多个页码旁重复出现的同一页眉行。

    ## 为什么
    这些都是版面导航和版面信息，不属于正文。从报纸、PDF 抽取文本时它们会粘在段首、段尾或独占一行，
    留在稿件中会打断阅读，也会让编号、断段等检查误判。

    ## 反例
        （上接第三版）构建责任共同体，就是坚持多边参与。
        推动高质量发展取得新成效。\n\n（下转第十一版）
        各地区各部门要坚持稳中求进(转3版)
        上接第1版）要坚持系统观念。
        各地要加快推进基础设施建设。\n\n— 3 —\n\n确保按期完工。
        第一段的内容。\n\n人民日报 2023年3月6日 星期一 第2版 要闻\n\n第二段的内容。
        第一段的内容。\n\n本版编辑：孙 磊　　美术编辑：陈 晨\n\n第二段的内容。
        ·58·　　城市规划学刊　2023年第4期\n\n从表2可以看出，老城区的覆盖率更高。
        各地要统筹安排资金，严格项目管理，加快推进基础设施\n\n12\n\n建设，确保按期完工。

    ## 正例
        详见第五版。
        本书第2版已经出版，见本报今日第3版的报道。
        这项工作直接第三版面向读者。
        相关数据见第12页。
        2023年3月6日 星期一\n\n今天天气晴朗。
        本文发表于城市规划学刊 2023年第4期。
        1\n\n第一首诗。\n\n2\n\n第二首诗。

    ## 修复安全性
    安全：删除标记及其旁边的空格；标记、页码或报头独占一行时连同它后面的空行一起删除。
    删除后若前后两段原本是一段，由 broken-paragraph 规则另行提示合并。
    转版标记前面的文字没有说完、后面又紧接着别的段落时（“……源头治理（下转第四版）”之后是另一版的续文），
    不提供修复：删掉标记会让两段不相干的文字看起来像断段，需要编辑把续文接上后手工删除。
    """
    for block in _marker_blocks(doc):
        for s, e in _markers(block):
            start, end = block.start + s, block.start + e
            marker = doc.text[start:end]
            if _stranded(doc, block, start, end):
                yield Finding(start, end, f"转版标记“{marker}”不属于正文，应删除；但它两侧的文字分属不同版面，"
                                          "前文未完，删除后不能与下文直接相接，请把续文接上后手工删除")
            else:
                yield Finding(start, end, f"转版标记“{marker}”不属于正文，应删除",
                              fix=Fix.safe(_removal(doc, block, start, end)))
    for ls, le, kind in _furniture(doc):
        raw = doc.text[ls:le]
        s = ls + len(raw) - len(raw.lstrip(_BLANK))
        e = ls + len(raw.rstrip(_BLANK))
        shown = doc.text[s:e]
        what = {"page": "页码", "head": "报头、页眉", "credit": "版面责任编辑信息"}[kind]
        yield Finding(s, e, f"{what}“{shown}”是版面信息，不属于正文，应删除整行",
                      fix=Fix.safe(_line_removal(doc, ls, le)))


# --------------------------------------------------------------------------- broken paragraphs

_OPENERS = "“‘「『（(《〈【〔［"
_CLOSE_OF = {"“": "”", "‘": "’", "「": "」", "『": "』", "（": "）", "(": ")", "《": "》", "〈": "〉", "【": "】"}
# Characters a sentence cannot start with: a block starting with one continues the previous one.
_NO_START = "，,、。．；;：:）)》〉」』”’！!？?"
# Of those, the marks that no heading or new paragraph is followed by (a closing quotation mark
# may end a quotation that spans paragraphs).
_NO_START_MARK = "，,、。．；;：:！!？?"
# Single characters that close a phrase on their own (一年内, 春节前, 发展中): a headline may
# end with one that happens to form a word with the next line (一年内|在职工 -> 内在).
_PHRASE_FINAL = set("内外前后中上下里间时者等们性化家年月日处边方面度型式员长旁底初末")
# Words that can hardly end a sentence, or start one.
_WEAK_END = set("的在和与及对把被将向从其并而或但且由让使给于")
_WEAK_START = set("的地得了着过们之于")
_CLAUSE_PUNCT = "，,、。！？!?；;：:"
_NO_BREAK_END = END_PUNCT + "—-–…·\ufffc"  # a block ending with one of these does not go on
_BULLET = re.compile(r"\A[•·●○■□◆◇▪▶►※★☆◎▲△▼*+>＞-]")
_ENUM = re.compile(r"\A[一二三四五六七八九十]+是")
# "地址：" "联系人：" "问：": a field label; "表示：" "说：" introduce speech and continue a sentence.
_LABEL = lazy_compile(rf"\A(?![{HAN}]*(?:说|表示|指出|强调|认为|介绍|提出|透露|坦言|告诉|写道|要求|宣布|称)[：:])"
                    rf"[{HAN}A-Za-z]{{1,8}}[：:]")
# New-article and metadata starts: dateline, byline, caption, source lines.
_NEW_ITEM = lazy_compile(
    rf"\A(?:(?:本报|新华社|中新社|新华网|人民网|央视网?|据)[{HAN}A-Za-z0-9 ]{{0,12}}(?:电|讯)"
    r"|本报记者|本报通讯员|本报评论员|新华社记者|记者[ \u3000]|图为|图片|图[：:/]|摄影|供图|资料图|来源[：:]"
    r"|编者按|编辑[：:]|作者[：:]|注[：:]|附[：:]|——)"
)
_CAPTION_END = lazy_compile(rf"(?:[ \u3000][{HAN}·]{{2,5}}摄|供图|制图|摄影)\Z")
# Sentence openers followed by a comma ("同时，" "近年来，"): the next block starts a sentence of
# its own, so the first one more likely lacks a full stop than continues there.
_OPENER = re.compile(r"\A(?:同时|此外|另外|目前|当前|近年来|近日|日前|据悉|据了解|据介绍|其中|对此|为此|因此|总之|"
                     r"首先|其次|再次|最后|然而|但是|不过|与此同时|下一步|今年以来|今年|去年|未来)[，,]")
# A quotation's source after a dash: "……。——鲁迅" "- Kent C. Dodds - Testing Library 的作者".
_ATTRIBUTION = re.compile(r"(?:——|—|\s[-–]\s)[^。！？!?，,]{1,30}\Z")
_BYLINE = lazy_compile(rf"\A(?:本报|新华社|特约)?(?:记者|通讯员|评论员)[ \u3000]+[{HAN}·]{{2,5}}"
                     rf"(?:[ \u3000、，,]+[{HAN}·]{{2,5}})*\Z")
_TABLE_GAP = re.compile(r"\S(?:\t|[ \u3000]{2,})\S")
# Necessary conditions of the four lazily compiled patterns above, tested first (cheap).
_NEW_ITEM_FIRST = "本新中人央据记图摄供资来编作注附—"  # first character of every alternative
_CAPTION_TAILS = ("摄", "供图", "制图", "摄影")


def _label(s: str) -> bool:
    return ("：" in s[:9] or ":" in s[:9]) and _LABEL.match(s) is not None


def _byline(s: str) -> bool:
    return ("记者" in s or "通讯员" in s or "评论员" in s) and _BYLINE.match(s) is not None


def _chinese(line: str) -> bool:
    """Chinese running text rather than code, a formula or a Latin-script line."""
    han = len(_HAN_ALL.findall(line))
    return han >= 1 and han * 10 >= 3 * len(re.sub(r"\s", "", line))


_HAN_ALL = re.compile(f"[{HAN}]")


def _strip_end(s: str) -> str:
    return s.rstrip(_BLANK)


def _last_line(s: str) -> str:
    return s[max(s.rfind("\n"), s.rfind("\r")) + 1:]  # after the last \n, \r\n or \r


def _first_line(s: str) -> str:
    return re.split(r"\r\n|\r|\n", s)[0]


def _split_word(a: str, b: str) -> tuple[str, str, str] | None:
    """A dictionary word that the segmenter finds across the join of ``a`` and ``b``:
    (word, part in a, part in b), or None."""
    from lint import nlp

    tail = re.search(f"[{HAN}]{{1,8}}\\Z", a)  # one is enough: "……，弘" + "扬慈善文化"
    head = re.match(f"[{HAN}]{{1,8}}", b)
    if not tail or not head:
        return None
    window = tail.group() + head.group()
    j = len(tail.group())
    for tok, s, e in nlp.tokenize(window):
        if s < j < e and e - s >= 2 and nlp.has_word(tok):
            if j - s >= 2 and e - j >= 2 and nlp.has_word(window[s:j]) and nlp.has_word(window[j:e]):
                return None  # two whole words that happen to make a compound (责任|事故): no split
            # Read alone, each side must end / start where the word does: 力量|地方 makes 量地 only
            # by cutting 力量 and 地方, 热得早|生道 makes 早生 by cutting 生道.
            if s not in nlp.word_boundaries(tail.group()) or e - j not in nlp.word_boundaries(head.group()):
                return None
            if e - j == 1 and window[j] in _CLAUSE_START and j - s == 1:
                return None  # "……热得早" + "以转业方式……": 早以 is a dictionary accident
            # A compound such as 利用网络: name the part that was split (网络), not the compound.
            for k in range(s + 1, e):
                if k != j and k - s >= 2 and e - k >= 2 and nlp.has_word(window[s:k]) and nlp.has_word(window[k:e]):
                    s, e = (s, k) if k > j else (k, e)
                    break
            return window[s:e], window[s:j], window[j:e]
    return None


def _unbalanced(a: str, b: str) -> bool:
    """``a`` leaves a quotation mark or bracket open that ``b`` closes first."""
    for o, c in _CLOSE_OF.items():
        if o != c and a.count(o) > a.count(c):
            bi = b.find(c)
            if bi >= 0 and (b.find(o) < 0 or b.find(o) > bi):
                return True
    return False


def _next_text_block(doc: Document, block: Block, ends: dict[int, int]) -> Block | None:
    """The block after ``block``, skipping blocks that are only page furniture (``ends``: line
    start -> line end of each furniture line)."""

    def skip(b: Block) -> bool:
        if ends and b.end <= ends.get(doc.lines.line_start(doc.lines.position(b.start)[0]), -1):
            return True
        return not b.prose.strip(_BLANK)  # or a form feed alone

    nxt = doc.next_block(block)
    while nxt is not None and skip(nxt):
        nxt = doc.next_block(nxt)
    return nxt


def _joinable(b: Block) -> bool:
    return b.kind == PARAGRAPH and not b.meta.get("heading_like") and not b.meta.get("container")


def _heading_like(doc: Document, a: Block) -> bool | None:
    """Whether a block that may be a broken paragraph's first fragment looks like a heading
    (then only proof joins it); None when it cannot be such a fragment."""
    if not _joinable(a):
        return True if _heading_fragment(doc, a) else None
    # A headline too long for the reader's heading test: treat alike.
    return doc.format == "text" and _TITLE_SHAPED.match(a.prose.strip(_BLANK)) is not None


def _tail_start(a_text: str, a_start: int, line_start: int) -> int:
    """Where the reported fragment starts: its last clause (extended back over clauses shorter
    than four characters), within its last line and at most 20 characters."""
    i = len(a_text) - 1
    while True:
        k = max(a_text.rfind(c, 0, i) for c in _CLAUSE_PUNCT)
        if k < 0 or len(a_text) - (k + 1) >= 4 or a_text[k] in "。！？!?；;":
            break
        i = k
    return max(a_start + k + 1, a_start + len(a_text) - 20, line_start)


def _indented(doc: Document, b: Block) -> bool:
    starts = doc.lines.starts
    ls = starts[bisect.bisect_right(starts, b.start) - 1]  # the start of b's first line
    return bool(doc.text[ls:b.start].strip("\f\v")) or b.prose[:1] in "\u3000\t"


def _indents(doc: Document) -> bool:
    return doc.memo("pagination.indents", _indent_style)


def _indent_style(doc: Document) -> bool:
    """Whether the text marks paragraphs by indenting their first line (most paragraphs do)."""
    if doc.format != "text":
        return False
    paras = [b for b in doc.blocks if b.kind == PARAGRAPH]
    if len(paras) < 3:
        return False
    # Count until the answer is known: more than half indented, or too few left to make it so.
    need, indented = len(paras) // 2 + 1, 0
    for k, b in enumerate(paras):
        if _indented(doc, b):
            indented += 1
            if indented >= need:
                return True
        elif k + 1 - indented > len(paras) - need:
            return False
    return False


# A split word alone (3) on a weak background is reported but not trusted for a safe join; with
# the paragraph also ending mid-sentence and looking like running text it is.
_SAFE_SCORE = 5


class _Break(t.NamedTuple):
    score: int
    word: tuple[str, str, str] | None


def _assess(a_text: str, b_text: str, prev_len: int | None) -> _Break | None:
    """Score the evidence that paragraph ``a_text`` continues in ``b_text`` (editorial norms 4.5,
    4.6, 4.9); None when one of the blocks is plainly something that must not be joined."""
    a, b = _strip_end(a_text), b_text.lstrip(_BLANK)
    if not a or not b:
        return None
    end, start = a[-1], b[0]
    if end in END_PUNCT or end in "—-–…·" or end == "\ufffc" or start == "\ufffc":
        return None
    a_line, b_line = _last_line(a).strip(_BLANK), _first_line(b)
    # Lists, numbered headings, enumerations, new articles, captions and bylines start fresh.
    if (NUMBER_MARKER.match(b) or _BULLET.match(b) or _ENUM.match(b)
            or (b[:1] in _NEW_ITEM_FIRST and _NEW_ITEM.match(b)) or _label(b) or _AT_START.match(b)):
        return None
    if any(e == len(a) for _, e in _marker_spans(a)):
        return None  # "下转第四版" without brackets: the text goes on on another page
    if _BULLET.match(a) or not (_chinese(a_line) and _chinese(b_line)):
        return None
    # A numbered line without a full stop is a heading or a list item, however long; a law's
    # 第X条 is running text.
    numbered = NUMBER_MARKER.match(a.lstrip(_BLANK)) or _ENUM.match(a.lstrip(_BLANK))
    if numbered and numbered.group()[-1] not in "条款" and not re.search("[。！？!?]", a):
        return None
    last_clause = re.split(f"[{re.escape(_CLAUSE_PUNCT)}]", a_line.rstrip("，,、"))[-1]
    if ((a_line.endswith(_CAPTION_TAILS) and _CAPTION_END.search(a_line)) or _label(last_clause.strip(_BLANK))
            or _ATTRIBUTION.search(a_line) or _byline(a_line)
            or (_label(a_line) and not re.search("[。！？!?]", a_line))):
        return None
    # Table rows laid out with runs of spaces.
    if _TABLE_GAP.search(a_line) or _TABLE_GAP.search(b_line):
        return None
    # Verse and other runs of short lines.
    la, lb = len(a_line), len(b_line.rstrip(_BLANK))
    few_clauses = len(re.findall(f"[{re.escape(_CLAUSE_PUNCT)}]", a_line[:-1])) <= 1
    if (((la < 20 and lb < 30) or (few_clauses and prev_len is not None and prev_len < 26 and la < 26 and lb < 26))
            and start not in _NO_START_MARK):  # no verse line starts with a comma
        return None

    score = 0
    if end in "，,":
        # A comma after a clause of some length, before a line of prose: not a verse line.
        score += 2 + (la >= 15 and lb >= 30)
    elif end == "、" or end in _OPENERS:
        score += 3
    elif _HAN.match(end):
        score += 1 + (end in _WEAK_END)  # 虚词 cannot end a sentence: as strong as a comma
    elif end.isascii() and end.isalnum():
        score += 1
    else:
        return None
    if _OPENER.match(b):
        score -= 2
    if start in _NO_START:
        score += 3
    elif _HAN.match(start):
        if start in _WEAK_START and _first_token_len(b) == 1:  # 的 but not 的确, 地 but not 地方
            score += 3 if start in _PARTICLES else 1
    elif start in _OPENERS:
        score -= 1  # a paragraph opening with a quotation is common; a break right before one is not
    elif not (start.isascii() and start.isalnum()):
        score -= 1
    word = _split_word(a, b) if _HAN.match(end) and _HAN.match(start) else None
    if word:
        score += 3
    if _unbalanced(a_line, b_line):
        score += 2
    # Running text rather than a heading: whole sentences, or a string of clauses longer than
    # any headline.
    if re.search("[。！？!?]", a) or (len(re.findall("[，,；;]", a)) >= 2 and len(a) > 60):
        score += 1
    elif not re.search("[，,；;、：:]", a):
        score -= 2  # one unpunctuated clause: a title or a caption, not running text
    if len(a) > 25:
        score += 1
    elif len(a) < 12 and not (end == "、" or end in _OPENERS):  # "国家机关、" is no title either
        score -= 2
    return _Break(score, word)


# Single characters that open a clause on their own (prepositions, pronouns, adverbs): a word
# made of one of them and the character before the break is more often an accident.
_CLAUSE_START = frozenset("以在对为从把被将和与由向让使给是有要会能可也都就还又才再更很不没这那我他她它你其而但并或如若因")
# Particles that never open a sentence when they stand alone (的 but not 的确, 了 but not 了解);
# not 和 or 过 ("和去年相比，……" "过了一会儿，……").
_PARTICLES = frozenset("的地得了着们之")


def _first_token_len(b: str) -> int:
    head = re.match(f"[{HAN}]{{1,6}}", b)
    if not head:
        return 0
    from lint import nlp

    toks = nlp.tokenize(head.group())
    return toks[0][2] if toks else 0


def _particle_start(b: str) -> bool:
    return b[:1] in _PARTICLES and _first_token_len(b) == 1


def _strong(a_text: str, b_text: str, verdict: _Break) -> bool:
    """Evidence no author's paragraph break leaves: the next block opens with a comma, a full
    stop or the like, one character of a word was left behind ("在互" + "联网"), or a quotation
    or bracket left open is closed there."""
    a, b = _strip_end(a_text), b_text.lstrip(_BLANK)
    if (b[:1] and b[0] in _NO_START_MARK) or a[-1:] == "、" or _particle_start(b):
        return True
    if verdict.word and len(verdict.word[1]) == 1 and verdict.word[1] not in _PHRASE_FINAL:
        from lint import nlp

        if len(verdict.word[2]) >= 2 and nlp.has_word(verdict.word[2]):
            return False  # a character and a whole word: the dictionary has junk like 案|一审
        # The stranded character must not end a word of its own line (标题“……发展” + “中国……”
        # tokenises as 发展中 across the join, but 发展 is whole without it).
        tail = re.search(f"[{HAN}]{{1,8}}\\Z", a)
        toks = nlp.tokenize(tail.group()) if tail else []
        # (A token the dictionary lacks may be a name: "本报记者 张伟" + "民事……" makes 伟民.)
        return bool(toks) and toks[-1][2] - toks[-1][1] == 1
    return _unbalanced(_last_line(a).strip(_BLANK), _first_line(b))


# One line of 21 to 40 characters without a comma or a full stop: as often a long headline
# ("某公司诉某报社、某网站侵犯名誉权案") as a paragraph's first fragment.
_TITLE_SHAPED = re.compile(r"\A[^\r\n，,；;：:。！？!?]{21,40}\Z")


def _heading_fragment(doc: Document, a: Block) -> bool:
    """A plain-text line the reader took for a heading (short, unpunctuated) that may be the
    first fragment of a broken paragraph; numbered headings (一、 （三） 专栏1) never are, but a
    statute's "第十二条 ……" is running text."""
    if doc.format != "text" or a.kind != HEADING or not a.meta.get("heading_like"):
        return False
    m = NUMBER_MARKER.match(a.prose.lstrip(_BLANK))
    return m is None or (m.group()[-1] in "条款" and len(a.prose.strip(_BLANK)) > len(m.group()) + 1)


@rule(code="ZH302", name="broken-paragraph", category="pagination", severity=Severity.WARNING,
      fixable="always", options={"threshold": 3})
def broken_paragraph(doc: Document, ctx) -> t.Iterator[Finding]:
    r"""段落被分栏或分页断开：前一段没有句末标点，后一段接着同一句话。

    ## 检查什么
    相邻的两个正文段落：前一段末尾没有句末标点（停在逗号、顿号、前引号或半个词上），
    后一段接着同一句话往下写。综合打分判断（编辑规范 4.5、4.6、4.9）：前段以逗号、顿号、
    虚词结尾，后段以标点或“的”“了”等开头，拼接后引号括号才配对，前段是多句的长段，
    都是断段的证据；分词时有词语跨越断点（“在互|联网”“利用网|络”）是最强的证据，
    消息中给出接好的词。中间夹着的页码、报头（page-marker）会被跳过。
    标题（编号行、短的无标点行、Markdown 标题）、列表项、表格、诗行、图说、署名、电头、
    转版标记前后的段落都不合并。短的无标点行（以及 21～40 字、没有逗号句号的一行）像标题，
    只有断开处本身能证明是断段时才合并：下一段以逗号、顿号、句号或“的”“了”等虚词开头，
    前一行以顿号结尾，或一个字被留在行末（“收”+“入”）。段落都缩进时，缩进的下一段通常是新段落；
    但若证明是断段的续文也缩进了，说明抽取时每块都加了缩进，缩进就不再作为证据。

    ## 为什么
    从报纸、PDF 抽取文本时，分栏和分页会把一段话切成两块，中间插入空行；
    断开处常常落在词语中间。不合并，读者看到的是半句话，标点、重复等检查也会误判。

    ## 反例
        农业数字化转型稳步推进，积极推动水利公共基础设施的数字化管理与智能化改造，推动农业农村大数据应用，\n\n建立农业全产业链信息服务体系。
        网上主流思想舆论不断巩固壮大。各族人民好的时代主旋律在互\n\n联网上高亢响亮，先进文化和时代精神充盈网络空间。
        中国坚决执行联合国安理会有关决议，坚决打击恐怖组织利用网\n\n络策划、实施恐怖活动，持续做好反恐宣传教育工作。
        各地要加快推进基础设施建设，统筹安排资金，严格项目管理，同时要加强对\n\n— 3 —\n\n工程质量的监督，确保按期完工。
        村里的集体经济收\n\n入去年突破了五十万元，比三年前翻了一番，村民们在家门口就能拿到分红。
        育秧工厂里的秧苗整齐排列\n\n，温度、湿度都由电脑自动控制。

    ## 正例
        （三）构建网络空间命运共同体的基本原则\n\n构建网络空间命运共同体，坚持以下基本原则：
        专栏1 网络扶贫行动计划\n\n中国充分发挥互联网在助推脱贫攻坚中的重要作用。
        床前明月光，\n\n疑是地上霜。
        推动高质量发展取得新成效，各地区各部门要坚持稳中求进（下转第四版）\n\n本报北京3月5日电 国务院新闻办公室今天举行发布会。
        会议强调，要加强组织领导，落实工作责任，确保各项任务落地见效\n\n1. 加强组织领导。
        重点项目力争一年内\n\n在职工技能培训方面，今年全市将新建公共实训基地五个。
        某海外代购公司诉某商业通讯报社、某门户网站侵犯名誉权案\n\n一审法院经审理认为，被告不构成侵权。
        营商环境持续优化\n\n和去年相比，今年一季度全市新设市场主体增长百分之十二。

    ## 修复安全性
    修复是删除两段之间的断行（以及夹在中间的页码、报头、分页符），把两段接成一段。
    有词语跨越断点、且还有别的断段证据时安全（半个词不可能是作者有意分段）；
    否则不安全（需 --unsafe-fixes）：标点和语气都像断段，但作者也可能有意分段，或只是漏了句末标点。

    ## 选项
    `threshold`（默认 3）：报告所需的证据分数。调高则只报把握更大的断段（如以逗号结尾、跨断点成词），
    调低会多报，也会多误报。
    """
    threshold = int(ctx.options.get("threshold", 3))
    furniture = {s: e for s, e, _ in _furniture(doc)}
    text = doc.text
    pairs: list[tuple[Block, Block, _Break, bool]] = []
    for a in doc.blocks_of():
        # _assess turns down every block that ends with a sentence end (most do): skip them first.
        end = a.prose.rstrip(_BLANK)[-1:]
        if not end or end in _NO_BREAK_END:
            continue
        head_like = _heading_like(doc, a)
        if head_like is None:
            continue
        # The length of the previous short line, to recognise runs of verse lines.
        prev = doc.previous_block(a)
        this_prev = (len(_last_line(_strip_end(prev.prose)).strip(_BLANK))
                     if prev is not None and prev.is_prose and _heading_like(doc, prev) is not None else None)
        b = _next_text_block(doc, a, furniture)
        if b is None or not _joinable(b):
            continue
        gap = text[a.end:b.start]
        if "\n" not in gap and "\r" not in gap:
            continue
        verdict = _assess(a.prose, b.prose, this_prev)
        if verdict is not None and doc.next_block(a) is not b:
            # A page number or running head between the fragments: the break is a page break.
            verdict = verdict._replace(score=verdict.score + 1)
        if verdict is None:
            continue
        strong = (head_like or verdict.score < threshold or (_indents(doc) and _indented(doc, b))) and _strong(
            a.prose, b.prose, verdict)
        if head_like and not strong:
            continue  # a short unpunctuated line reads as a heading: only proof joins it
        if strong:  # whatever the other clues (a short fragment's shortness counts against it)
            verdict = verdict._replace(score=max(verdict.score, threshold))
        pairs.append((a, b, verdict, strong))
    # Where paragraphs are indented, a flush continuation is a fragment, an indented one a new
    # paragraph -- unless a continuation that the break itself proves is indented too: then the
    # extractor indented every block and indentation tells nothing.
    indents = bool(pairs) and _indents(doc)
    blind = indents and any(strong and _indented(doc, b) for _, b, _, strong in pairs)
    for a, b, verdict, strong in pairs:
        if indents and not blind:
            if not _indented(doc, b):
                verdict = verdict._replace(score=verdict.score + 1)
            elif not strong:
                verdict = verdict._replace(score=verdict.score - 1)
        if verdict.score < threshold:
            continue
        a_text = _strip_end(a.prose)
        line = doc.lines.position(b.start + len(b.prose) - len(b.prose.lstrip(_BLANK)))[0]
        # Report the fragment's last clause (see _tail_start).
        a_end = a.start + len(a_text)
        line_start = doc.lines.line_start(doc.lines.position(a_end - 1)[0])
        tail_start = _tail_start(a_text, a.start, line_start)
        b_head = _first_line(b.prose.lstrip(_BLANK))
        b_head = re.split(f"[{re.escape(_CLAUSE_PUNCT)}]", b_head)[0][:8] or b_head[:8]
        b_body = b.prose.lstrip(_BLANK)
        b_start = b.start + len(b.prose) - len(b_body)  # past a form feed or indentation
        latin = a_text[-1].isascii() and a_text[-1].isalnum() and b_body[0].isascii() and b_body[0].isalnum()
        joiner = " " if latin else ""  # two Latin words must not run together
        edit = Edit(a_end, b_start, joiner)
        if verdict.word:
            w, left, right = verdict.word
            yield Finding(tail_start, a_end,
                          f"段落断在词语中间：“{left}”与第 {line} 行的“{right}”应连成“{w}”，应删去断行，与下一段合为一段",
                          fix=Fix.safe(edit) if verdict.score >= _SAFE_SCORE else Fix.unsafe(edit))
        else:
            yield Finding(tail_start, a_end,
                          f"段落未完即断开：“{text[tail_start:a_end]}”后没有句末标点，第 {line} 行“{b_head}”接着同一句话，"
                          "应与下一段合为一段",
                          fix=Fix.unsafe(edit))


RULES = (page_marker, broken_paragraph)
