"""Document structure: numbering levels and sequences (numbering), stated counts vs. listed items
(count-mismatch).

Both rules work on one outline of the document, built once per document (cached on its id):
numbered items found at the start of blocks and lines (一、 （一） 1. （1） ① 第X章/节/条, Markdown
headings and ordered lists), captions (图N 表N 专栏N 附件N) and in-sentence lists (一是…二是…).
"""
from __future__ import annotations

import bisect
import functools
import re
import typing as t
from dataclasses import dataclass, field, replace
from operator import itemgetter

from lint.cjk import END_PUNCT, HAN, HAN_RE, lazy_compile
from lint.document import HEADING, LIST_ITEM, MASK, PARAGRAPH, PROSE_KINDS, Block, Document
from lint.model import Edit, Finding, Fix, Severity, rule

# ---------------------------------------------------------------------------- numbers

_CN_DIGIT = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
             "八": 8, "九": 9}
_CN = "〇零一二三四五六七八九十百千两"


@functools.lru_cache(maxsize=4096)  # called for every numbered item: most documents use a few numerals
def cn_int(s: str) -> int | None:
    """Value of a Chinese numeral up to 999 (一 十一 二十 一百零五), None if malformed."""
    if not s:
        return None
    total, cur, seen_unit = 0, None, False
    for ch in s:
        if ch in "〇零" and seen_unit:
            continue  # 一百零五: a place holder
        if ch in _CN_DIGIT:
            if cur is not None and not seen_unit:
                return None  # 一二: two digits in a row
            cur = _CN_DIGIT[ch]
            seen_unit = False
        elif ch == "十":
            total += (1 if cur is None else cur) * 10
            cur, seen_unit = None, True
        elif ch in "百千":
            if cur is None:
                return None
            total += cur * (100 if ch == "百" else 1000)
            cur, seen_unit = None, True
        else:
            return None
        if ch in _CN_DIGIT:
            seen_unit = False
    value = total + (cur or 0)
    return value or None


def int_cn(n: int) -> str:
    """一 … 九十九 … 九百九十九 (the form used in numbering)."""
    digits = "〇一二三四五六七八九"
    if n < 10:
        return digits[n]
    if n < 20:
        return "十" + (digits[n - 10] if n > 10 else "")
    if n < 100:
        return digits[n // 10] + "十" + (digits[n % 10] if n % 10 else "")
    if n >= 1000:
        rest = n % 1000
        head = digits[n // 1000] + "千"
        if rest == 0:
            return head
        return head + ("零" + int_cn(rest) if rest < 100 else int_cn(rest)).replace("零十", "零一十")
    rest = n % 100
    head = digits[n // 100] + "百"
    if rest == 0:
        return head
    if rest < 10:
        return head + "零" + digits[rest]
    return head + digits[rest // 10] + "十" + (digits[rest % 10] if rest % 10 else "")


_CIRCLED = {chr(0x2460 + i): i + 1 for i in range(20)}
_CIRCLED.update({chr(0x3251 + i): i + 21 for i in range(15)})
_CIRCLED_OF = {v: k for k, v in _CIRCLED.items()}

# ---------------------------------------------------------------------------- markers

_MARK = re.compile(
    rf"""
    第(?P<chap>[{_CN}]{{1,8}}|\d{{1,4}})(?P<unit>部分|[编篇部章节条])(?P<zhi>之[一二三四五六七八九十]+)?
  | (?P<cn>[{_CN}]{{1,4}})(?P<cn_p>[、.．，,])
  | (?P<pcn_o>[（(])(?P<pcn>[{_CN}]{{1,4}})(?P<pcn_c>[）)])(?P<pcn_p>[、.．，,]?)
  | (?P<dec>\d{{1,2}}(?:[.．]\d{{1,2}}){{1,3}})(?![\d%％])(?P<dec_p>[.．]?)
  | (?P<ar>\d{{1,3}})(?P<ar_p>[.．、)）])(?![\d.．])
  | (?P<par_o>[（(])(?P<par>\d{{1,3}})(?P<par_c>[）)])(?P<par_p>[、.．，,]?)
  | (?P<circ>[\u2460-\u2487\u3251-\u325f])(?P<circ_p>[、.．，,]?)
    """,
    re.X,
)
_CAPTION = re.compile(r"(?P<name>专栏|附件|附表|附图|图|表)\s?(?P<n>\d{1,3})(?:[-－—.．](?P<sub>\d{1,3}))?"
                      r"(?=[\s\u3000：:]|$)")
_HAN_RE = HAN_RE  # shared: compiling the Han class costs ~1.3 ms per pattern
_ATTACH = re.compile(r"附件[：:][ \t\u3000]*(?=\d|[（(])")
_ATT_NUM = re.compile(r"(\d{1,2})([.．、])(?=\d)")
_SPACES = " \t\u3000\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f"
_LEAD = _SPACES + MASK + "*#>"  # what may precede a marker at a line start (masked markup)
_TRAIL = _SPACES + MASK
_TEXT_KINDS = PROSE_KINDS - {"table_cell"}
_UNITS = "亿万千百十倍元米个年月日时分秒次人%％吨克升公平亩户家辆台所座件项条名只"
_OPENERS = "“‘《「『【〔"
_TOC = re.compile(r"^[ \t\u3000\ufffc#*]*目[ \t\u3000]*录[ \t\u3000\ufffc*]*$")
_JUMP = re.compile(r"^[（(]?\s*(?:上接|紧接|续接|接)\s*第?\s*[0-9０-９一二三四五六七八九十百〇零两]{1,4}\s*版")
_EXCERPT = re.compile(r"节选|摘编|摘登|节录|（摘要）|\(摘要\)")

# Level of each kind of marker (smaller = higher); 条 sits between 节 and 一、.
_CHAPTER_KINDS = ("编", "篇", "部", "部分", "章", "节", "条")
_RANK = {"编": 0, "篇": 0, "部": 0, "部分": 0, "章": 1, "节": 2, "条": 3, "cn": 4, "pcn": 5, "ar": 6, "par": 7, "circ": 8}


@dataclass(eq=False, slots=True)
class Item:
    # _parse_marker (one call per item) passes the first fields by position: keep their order.
    kind: str          # 编/篇/部/章/节/条, cn, pcn, ar, par, circ
    n: int
    start: int         # absolute offsets of the marker (its punctuation included)
    end: int
    block: Block
    family: tuple      # (0, 0) plain text and Markdown paragraphs; (-1, level) Markdown headings
    style: tuple = ()  # brackets / punctuation as written
    punct: str = ""    # punctuation after the marker as written ("" when none)
    punct_at: int = 0  # absolute offset of that punctuation
    arabic: bool = False  # 第1条 rather than 第一条
    glued: bool = False   # found after a sentence end inside a paragraph (4.8)
    para: bool = False    # in a paragraph, not a heading

    @property
    def key(self) -> tuple:
        return self.family + (self.kind,)

    @property
    def rank(self) -> tuple:
        return self.family + (_RANK[self.kind],)

    def label(self, n: int | None = None, *, style: tuple | None = None) -> str:
        n = self.n if n is None else n
        st = self.style if style is None else style
        if self.kind in _CHAPTER_KINDS:
            return f"第{n if self.arabic else int_cn(n)}{self.kind}"
        if self.kind == "cn":
            return f"{int_cn(n)}、"
        if self.kind == "pcn":
            return f"{st[0]}{int_cn(n)}{st[1]}"
        if self.kind == "ar":
            return f"{n}{st[0]}"
        if self.kind == "par":
            if st == ("⑴", ""):
                return chr(0x2473 + n) if 1 <= n <= 20 else f"({n})"
            return f"{st[0]}{n}{st[1]}"
        return _CIRCLED_OF.get(n, str(n))


def _skip_lead(prose: str, i: int) -> int:
    while i < len(prose) and prose[i] in _LEAD:
        i += 1
    return i


def _after(prose: str, j: int) -> str:
    return prose[j] if j < len(prose) else ""


def _parse_marker(prose: str, i: int, block: Block, heading: bool, family: tuple = (0, 0)) -> Item | None:
    """A numbering marker at ``prose[i]`` that reads as one (not 一、二类, 1.5亿, 第三条规定)."""
    m = _MARK.match(prose, i)
    if not m:
        return None
    (chap, unit, zhi, cn, cn_p, pcn_o, pcn, pcn_c, pcn_p, dec, _dec_p, ar, ar_p, par_o, par, par_c, par_p,
     circ, circ_p) = m.groups()
    j = m.end()
    size = len(prose)
    nxt = prose[j] if j < size else ""
    start, end, para = block.start + m.start(), block.start + j, not heading
    if chap:
        if zhi:
            return None  # 第十条之一 is inserted between articles: not part of the count
        arabic = chap[0].isdigit()
        n = int(chap) if arabic else cn_int(chap)
        if not n:
            return None
        # In running text 第三条 is usually a reference (第三条规定…); an article starts with a space
        # (after any masked emphasis: **第三条**　).
        k = j
        while k < size and prose[k] == MASK:
            k += 1
        if k > j and k < size and prose[k] in _SPACES:
            nxt = prose[k]
        if not (nxt in _SPACES or nxt == "" or (heading and unit != "条" and _HAN_RE.match(nxt))):
            return None
        return Item(unit, n, start, end, block, family, arabic=arabic, para=para)
    k = j
    while k < size and prose[k] in _SPACES:
        k += 1
    nxt_solid = prose[k] if k < size else ""
    if not nxt_solid or not (_HAN_RE.match(nxt_solid) or nxt_solid in _OPENERS or nxt_solid.isalpha()
                             or nxt_solid.isdigit()):
        return None
    if (cn or ar) and nxt_solid in _CN:
        return None  # 一、二类
    if ar and nxt_solid.isdigit() and (nxt not in _SPACES or ar_p == "、"):
        return None  # 3、4月  1.5
    if cn:
        n = cn_int(cn)
        if not n or n > 99 or (cn_p in "，," and not heading):
            return None
        if cn_p != "、" and not _HAN_RE.match(nxt):
            return None
        return Item("cn", n, start, end, block, family, (cn_p,), cn_p, block.start + m.start("cn_p"), para=para)
    if pcn:
        n = cn_int(pcn)
        if not n or n > 99:
            return None
        return Item("pcn", n, start, end, block, family, (pcn_o, pcn_c), pcn_p, block.start + m.start("pcn_p"),
                    para=para)
    if dec:
        return None  # 1.1 / 2.3.4: handled by _decimal_items
    if ar:
        n = int(ar)
        if n == 0 or nxt_solid in ("%", "％"):
            return None
        return Item("ar", n, start, end, block, family, (ar_p,), ar_p, block.start + m.start("ar_p"), para=para)
    if par:
        n = int(par)
        if n == 0:
            return None
        return Item("par", n, start, end, block, family, (par_o, par_c), par_p, block.start + m.start("par_p"),
                    para=para)
    if circ and "\u2474" <= circ <= "\u2487":
        return Item("par", ord(circ) - 0x2473, start, end, block, family, ("⑴", ""), circ_p,
                    block.start + m.start("circ_p"), para=para)
    if circ:
        return Item("circ", _CIRCLED[circ], start, end, block, family, (), circ_p, block.start + m.start("circ_p"),
                    para=para)
    return None


def _skip_ws(prose: str, j: int) -> int:
    while j < len(prose) and prose[j] in _SPACES:
        j += 1
    return j


def _line_starts(prose: str) -> list[int]:
    return [0] + [m.end() for m in _NL.finditer(prose)]


_FIRST_LINE = (0,)
_NL = re.compile(r"\n")
# Characters a marker, caption, attachment list or decimal number can start with (plus any
# Unicode decimal digit and the circled numbers): lines starting otherwise are skipped cheaply.
_STARTERS = frozenset(_CN + "第（(专附图表")
_WRAP = "\r\n" + _SPACES + MASK  # what may stand between a line's end and the next line


def _listlike(prose: str, i: int) -> bool:
    """A line starting at ``i`` that reads as a list item or caption: the next line may start one too."""
    return bool(_MARK.match(prose, i) or _CAPTION.match(prose, i))


# A marker glued after a sentence end inside a paragraph: ……取得明显成效。（二）加快建设……
# (the match starts at the sentence end, not after it, so that the scan can skip ahead to the
# next 。！？; the marker starts at the match's end).
_GLUED = lazy_compile(rf"[。！？][{_SPACES}]*(?=[（(][{_CN}]{{1,3}}[）)]|[{_CN}]{{1,3}}、|\d{{1,2}}[.．、](?!\d))")
# Pre-scans of the text for the paragraphs with a _GLUED match (see Document.blocks_where): one
# pattern per sentence end, each led by a literal for a fast scan.
_GLUED_SCANS = tuple(re.compile(rf"{c}[{_SPACES}]*(?:[（(][{_CN}]{{1,3}}[）)]|[{_CN}]{{1,3}}、|\d{{1,2}}[.．、])")
                     for c in "。！？")


@dataclass
class Caption:
    name: str
    n: int
    sub: int | None
    start: int
    end: int


@dataclass
class Outline:
    items: list[Item] = field(default_factory=list)       # block/line-start items in order (+ glued)
    lists: list[list[tuple[int, Block]]] = field(default_factory=list)  # Markdown ordered lists
    captions: list[Caption] = field(default_factory=list)
    decimals: list[tuple[tuple[int, ...], int, int]] = field(default_factory=list)
    breaks: list[int] = field(default_factory=list)       # offsets of lead-ins / unnumbered headings
    pops: list[tuple[int, tuple]] = field(default_factory=list)  # Markdown unnumbered headings
    resumes: list[int] = field(default_factory=list)      # （上接第X版） inside the text
    toc_ends: list[int] = field(default_factory=list)     # the body's first item after a 目录 listing it
    lead_ins: set[int] = field(default_factory=set)       # the breaks that are lead-ins ending with a colon
    continuation: bool = False
    excerpt: bool = False


_DEC = re.compile(r"(?P<dec>\d{1,2}(?:[.．]\d{1,2}){1,3})[.．]?(?=[ \t\u3000]|[\u4e00-\u9fff])")


def _list_indent(doc: Document, block: Block) -> int:
    ls = doc.text.rfind("\n", 0, block.start) + 1
    prefix = doc.text[ls:block.start]
    marker = block.meta.get("marker", "")
    i = prefix.rfind(marker) if marker else -1
    return i if i >= 0 else len(prefix) - len(prefix.lstrip(" \t>"))


def _indent_of(doc: Document, block: Block) -> int:
    ls = doc.text.rfind("\n", 0, block.start) + 1
    line = doc.text[ls:block.start + 1]
    return len(line) - len(line.lstrip(" \t>"))


def _build(doc: Document) -> Outline:
    out = Outline()
    md = doc.format == "markdown"
    first_prose = True
    toc: list[Item] | None = None  # items listed under a 目录 heading, until the body repeats the first
    open_lists: dict[int, tuple[str, list]] = {}  # indent -> (delimiter or bullet, items)
    for block in doc.blocks:
        kind = block.kind
        # Markdown list bookkeeping (ordered lists are checked per list).
        if md:
            if kind == LIST_ITEM and "marker" in block.meta:
                ind = _list_indent(doc, block)
                for k in [k for k in open_lists if k > ind]:
                    out.lists.append(open_lists.pop(k)[1])
                marker = block.meta["marker"]
                ordered = bool(block.meta.get("ordered"))
                delim = marker[-1] if ordered else "bullet"
                cur = open_lists.get(ind)
                if cur is None or cur[0] != delim:
                    if cur is not None:
                        out.lists.append(cur[1])
                    cur = (delim, [])
                    open_lists[ind] = cur
                n = int(marker[:-1]) if ordered and marker[:-1].isdigit() else 0
                cur[1].append((n, block))
            elif open_lists:
                ind = _indent_of(doc, block)
                for k in [k for k in open_lists if k >= ind]:
                    out.lists.append(open_lists.pop(k)[1])
        if kind not in _TEXT_KINDS:
            continue
        prose = block.prose
        size = len(prose)
        lead = _skip_lead(prose, 0) if size and prose[0] in _LEAD else 0
        if (lead < size and (prose[lead] in "（(上紧续接" or prose[lead].isspace()) and "接" in prose
                and _JUMP.match(prose[lead:])):  # (every jump has 接: spare the copy of the block)
            if first_prose:
                out.continuation = True
            else:
                out.resumes.append(block.start)  # another article continued from another page
        first_prose = False
        if "录" in prose and _TOC.match(prose):
            toc = []
        if block.index < 4 and _EXCERPT.search(prose[:60]):
            out.excerpt = True
        if kind == "quote":
            continue
        heading = kind == HEADING
        family = (-1, block.level or 0) if (md and heading) else (0, 0)
        found_at_start = False
        prev_at = -1  # where the previous line's text starts, if it may start an item
        for ls in _line_starts(prose) if "\n" in prose else _FIRST_LINE:
            if ls >= size:
                continue
            i = _skip_lead(prose, ls) if prose[ls] in _LEAD else ls  # most lines start with text
            if i >= size:
                continue
            ch = prose[i]
            if not (ch in _STARTERS or ch.isdecimal() or "\u2460" <= ch <= "\u2487" or "\u3251" <= ch <= "\u325f"):
                prev_at = -1  # nothing below can match here
                continue
            if ls > 0:
                # Inside a block a line starts an item only after a finished line or another item;
                # otherwise it is a hard wrap (……第\n（二）项).
                k = ls
                while k > 0 and prose[k - 1] in _WRAP:
                    k -= 1
                if not ((k > 0 and prose[k - 1] in END_PUNCT) or (prev_at >= 0 and _listlike(prose, prev_at))):
                    prev_at = -1
                    continue
            prev_at = i
            # Each pattern below needs its first character: skip the calls that cannot match.
            att = _ATTACH.match(prose, i) if ch == "附" else None
            if att:  # 附件：1.实施方案 — the attachment list starts here
                out.breaks.append(block.start + i)
                i = att.end()
                # 附件：1.2023年度统计表 — here a number before digits is still the item's number.
                am = _ATT_NUM.match(prose, i)
                if am:
                    out.items.append(Item(kind="ar", n=int(am.group(1)), start=block.start + i,
                                          end=block.start + am.end(), block=block, family=family,
                                          style=(am.group(2),), punct=am.group(2),
                                          punct_at=block.start + am.start(2), para=not heading))
                    found_at_start = found_at_start or ls == 0
                    continue
            cap = _CAPTION.match(prose, i) if prose[i] in "专附图表" else None
            if cap and kind in (HEADING, PARAGRAPH, LIST_ITEM):
                sub = cap.group("sub")
                out.captions.append(Caption(cap.group("name"), int(cap.group("n")), int(sub) if sub else None,
                                            block.start + cap.start(), block.start + cap.end()))
                out.breaks.append(block.start + cap.start())  # a sidebar may carry its own numbering
                continue
            dm = _DEC.match(prose, i) if prose[i].isdecimal() else None
            if dm and (heading or prose[dm.end()] in _SPACES) and kind != LIST_ITEM:
                parts = tuple(int(x) for x in re.split(r"[.．]", dm.group("dec")))
                after_ws = _skip_ws(prose, dm.end())
                # In a heading, "3.2 分项比较" is a section number followed by its title; only a
                # unit glued to the number ("3.2分") makes it a quantity.
                titled = heading and after_ws > dm.end()
                unit = _after(prose, after_ws)
                if all(parts) and (titled or (unit not in _UNITS and not unit.isdigit())):
                    out.decimals.append((parts, block.start + dm.start(), block.start + dm.end("dec")))
                continue
            if kind == LIST_ITEM and ls == 0 and "marker" in block.meta:
                continue  # the Markdown list marker is the item's number; its text is content
            item = _parse_marker(prose, i, block, heading, family)
            if item is not None:
                out.items.append(item)
                if ls == 0:
                    found_at_start = True
                if toc is not None:  # the body starts where the first listed item comes again
                    if toc and (item.key, item.n) == (toc[0].key, toc[0].n):
                        out.toc_ends.append(item.start)
                        toc = None
                    else:
                        toc.append(item)
        if not found_at_start:
            if md and heading:
                out.pops.append((block.start, (-1, block.level or 0)))
            elif heading and not _CAPTION.match(prose, lead):
                out.breaks.append(block.start)
            elif prose.rstrip(_TRAIL).endswith(("：", ":")):
                out.breaks.append(block.start)
                out.lead_ins.add(block.start)
    for _, lst in open_lists.values():
        out.lists.append(lst)
    # Sub-headings glued to the end of the previous sentence in a paragraph (4.8); kept only if
    # they fit.  (No other item starts where one of these does: the sort below puts them in place.)
    for block in doc.blocks_where(*_GLUED_SCANS, kinds=(PARAGRAPH,)):
        for g in _GLUED.finditer(block.prose):
            item = _parse_marker(block.prose, g.end(), block, False)
            if item is not None and item.kind in ("cn", "pcn", "ar"):
                item.glued = True
                out.items.append(item)
    out.items.sort(key=lambda it: it.start)
    return out


def outline(doc: Document) -> Outline:
    return doc.memo("structure.outline", _build)


# ---------------------------------------------------------------------------- numbering


@dataclass(eq=False)
class _Entry:
    key: tuple
    rank: tuple
    last: Item
    alt: int | None = None   # after an error, the value the writer probably meant
    broken: bool = False     # a lead-in / unnumbered heading came after ``last``


def _line(doc: Document, offset: int) -> int:
    return bisect.bisect_right(doc.lines.starts, offset)  # doc.lines.position(offset)[0]


def _majority_styles(items: list[Item]) -> dict[tuple, tuple]:
    counts: dict[tuple, dict[tuple, int]] = {}
    for it in items:
        if it.glued or it.kind not in ("ar", "pcn", "par"):
            continue
        c = counts.setdefault(it.key, {})
        c[it.style] = c.get(it.style, 0) + 1
    out = {}
    for key, c in counts.items():
        best = max(c.values())
        # Ties go to the national-standard forms (full-width brackets, 1.), else to the first seen.
        tied = [s for s, v in c.items() if v == best]
        out[key] = next((s for s in tied if s in (("（", "）"), (".",))), tied[0])
    return out


def _punct_findings(doc: Document, items: list[Item], official: bool,
                    majority: dict[tuple, tuple]) -> t.Iterator[Finding]:
    """Wrong punctuation after a marker (一. （一）、 ①、) and mixed styles within one level."""
    arabic: dict[tuple, list[int]] = {}
    for it in items:
        if it.kind in _CHAPTER_KINDS:
            arabic.setdefault(it.key, [0, 0])[it.arabic] += 1
    for it in items:
        if it.glued:
            continue
        key = it.key
        written = doc.text[it.start:it.end]
        if key in arabic:
            cn_count, ar_count = arabic[key]
            if it.arabic and cn_count > ar_count or not it.arabic and ar_count > cn_count:
                fixed = f"第{int_cn(it.n) if it.arabic else it.n}{it.kind}"
                yield Finding(it.start, it.end, f"“第X{it.kind}”的数字形式应全文统一：此处“{written}”应为“{fixed}”",
                              fix=Fix.unsafe(Edit(it.start, it.end, fixed)))
            continue
        if it.kind == "cn" and it.punct != "、":
            yield Finding(it.start, it.end, f"序号“{written}”后应用顿号，写作“{it.label()}”",
                          fix=Fix.safe(Edit(it.punct_at, it.punct_at + 1, "、")))
            continue
        if it.kind in ("pcn", "par", "circ") and it.punct:
            bare = written[: len(written) - len(it.punct)]
            yield Finding(it.start, it.end, f"括号序号和圈码后不加标点：“{written}”应为“{bare}”",
                          fix=Fix.safe(Edit(it.punct_at, it.punct_at + len(it.punct), "")))
            continue
        if it.kind in ("pcn", "par") and (it.style[0] == "（") != (it.style[1] == "）"):
            want = ("（", "）") if "（" in it.style or "）" in it.style else ("(", ")")
            maj = majority.get(key)
            if maj and (maj[0] == "（") == (maj[1] == "）"):
                want = maj
            fixed = it.label(style=want)
            yield Finding(it.start, it.end, f"序号“{written}”的括号不配对，应为“{fixed}”",
                          fix=Fix.safe(Edit(it.start, it.end, fixed)))
            continue
        maj = majority.get(key)
        if maj is not None and it.style != maj and it.kind in ("ar", "pcn", "par"):
            fixed = it.label(style=maj)
            yield Finding(it.start, it.end, f"同一层级的序号写法不统一：本级多写作“{it.label(1, style=maj)}”，"
                          f"此处“{written}”应为“{fixed}”", fix=Fix.unsafe(Edit(it.start, it.end, fixed)))
            continue
        if official and it.kind == "ar" and it.punct == "、":
            yield Finding(it.start, it.end, f"阿拉伯数字序号后用下脚点：“{written}”应为“{it.n}.”",
                          fix=Fix.safe(Edit(it.punct_at, it.punct_at + 1, ".")))


def _sequence_findings(doc: Document, o: Outline, majority: dict[tuple, tuple]) -> t.Iterator[Finding]:
    stack: list[_Entry] = []
    seen: set[tuple] = set()
    popped: dict[tuple, tuple[Item, Item | None]] = {}  # key -> (last item, the numbered item that popped it)
    global_last: dict[tuple, Item] = {}                  # 条: numbered through the whole text
    events: list[tuple[int, int, t.Any]] = []
    for it in o.items:
        events.append((it.start, 1, it))
    for b in o.breaks:
        events.append((b, 0, None if b not in o.lead_ins else "lead-in"))
    for b, fam in o.pops:
        events.append((b, 0, fam))
    for b in o.resumes:
        events.append((b, 0, "resume"))
    for b in o.toc_ends:
        events.append((b, 0, "toc-end"))
    events.sort(key=itemgetter(0, 1))
    continuation = o.continuation
    first_item = True
    first_of: dict[tuple, Item] = {}
    conventions: dict[tuple, dict[bool, Item]] = {}  # child key -> {runs on: example, restarts: example}
    pending_runs: list[tuple[Item, Item]] = []
    lead_in_before_first = False

    def pop_to(rank: tuple, by: Item | None) -> None:
        while stack and stack[-1].rank >= rank:
            e = stack.pop()
            popped[e.key] = (e.last, by)
            if e.key[-1] == "条":
                global_last[e.key] = e.last

    for _, kind, obj in events:
        if kind == 0:
            first_of.clear()  # 3.4 looks within one section only
            if obj == "resume":  # a new text continued from another page: start afresh
                stack.clear()
                seen.clear()
                popped.clear()
                global_last.clear()
                first_item, continuation = True, True
                continue
            if obj == "toc-end":  # the 目录 listed the headings; the body numbers them again
                stack.clear()
                seen.clear()
                popped.clear()
                global_last.clear()
                first_item = True
                continue
            if obj is None or obj == "lead-in":  # a lead-in ending with a colon or an unnumbered heading
                for e in stack:
                    e.broken = True
                if first_item and obj == "lead-in":
                    lead_in_before_first = True
            else:  # Markdown unnumbered heading: everything at its level and below ends
                pop_to(obj + (-1,), None)
                for e in stack:
                    e.broken = True
            continue
        it: Item = obj
        key = it.key
        if first_item:
            first_item = False
            if it.n > 1:
                continuation = True
        if key in majority and it.kind in ("ar", "pcn", "par"):
            it = _restyled(it, majority[key])
        entry = None
        for e in stack:
            if e.key == key:
                entry = e
                break
        if it.glued:
            # Only a sub-heading that continues its level's sequence counts (4.8).
            if entry is None or entry.last.n + 1 != it.n:
                continue
            if entry.last.para and not _is_subheading_para(entry.last):
                continue
            while stack[-1] is not entry:
                e = stack.pop()
                popped[e.key] = (e.last, it)
            entry.last, entry.alt, entry.broken = it, None, False
            nl = doc.source.newline if doc.source.newline in ("\n", "\r\n") else "\n"
            gap_start = it.start
            while gap_start > it.block.start and doc.text[gap_start - 1] in _SPACES:
                gap_start -= 1
            yield Finding(it.start, it.end, f"小标题“{doc.text[it.start:it.end]}”接在上一句之后，应另起一段",
                          fix=Fix.unsafe(Edit(gap_start, it.start, nl * 2)))
            continue
        if entry is not None:
            while stack[-1] is not entry:
                e = stack.pop()
                popped[e.key] = (e.last, it)
                if e.key[-1] == "条":
                    global_last[e.key] = e.last
            prev = entry.last
            ok = it.n == prev.n + 1 or (entry.alt is not None and it.n == entry.alt + 1)
            msg = None
            if ok:
                pass
            elif it.n == 1 and entry.broken:
                pass  # a new list after a lead-in or a heading
            elif (o.excerpt or (it.kind == "条" and it.n > prev.n + 20)) and it.n > prev.n:
                pass  # excerpts may skip (3.3); a far jump in articles quotes another text
            else:
                want = it.label(prev.n + 1)
                where = f"第{_line(doc, prev.start)}行的“{doc.text[prev.start:prev.end]}”"
                if it.n == prev.n:
                    msg = f"序号重复：上一项{where}与此处相同，此处应为“{want}”"
                elif it.n == 1:
                    msg = f"序号重新从“{doc.text[it.start:it.end]}”开始，但上一项{where}之后没有新的上级标题；应为“{want}”"
                elif it.n > prev.n + 1:
                    miss = "" if it.n == prev.n + 2 else f"缺少“{it.label(prev.n + 1)}”至“{it.label(it.n - 1)}”，"
                    msg = f"序号不连续：上一项是{where}，{miss}此处应为“{want}”"
                else:
                    msg = f"序号顺序颠倒：上一项是{where}，此处应为“{want}”"
            entry.alt = prev.n + 1 if msg else None
            entry.last, entry.broken = it, False
            if msg:
                yield Finding(it.start, it.end, msg)
            continue
        # A level not open now: it opens below the nearest higher level.
        pop_to(it.rank, it)
        parent = stack[-1] if stack else None
        msg = None
        if it.kind == "条" and key in global_last:
            prev = global_last[key]
            # A far jump is a quoted provision (修正案 quoting the articles it inserts), not a gap.
            if it.n != prev.n + 1 and not ((o.excerpt or it.n > prev.n + 20) and it.n > prev.n):
                msg = (f"条文序号不连续：上一条是第{_line(doc, prev.start)}行的“{doc.text[prev.start:prev.end]}”，"
                       f"此处应为“{it.label(prev.n + 1)}”")
        elif it.kind == "条":
            pass
        elif key in popped and popped[key][1] is not None and it.n in (1, popped[key][0].n + 1):
            # After a new parent the child level restarts (GB/T 9704) or, in many 国务院 documents,
            # runs on (一、（一）（二）二、（三）): only a document that does both is inconsistent.
            by = popped[key][1]
            runs_on = it.n != 1
            conventions.setdefault(key, {})[runs_on] = it
            if runs_on:
                pending_runs.append((it, by))
        elif it.n == 1:
            pass
        elif parent is not None:
            if not (o.excerpt or (continuation and key not in seen and parent.last.n > 1
                    and parent.last.start == getattr(_first(o), "start", -1))):
                msg = (f"这是第{_line(doc, parent.last.start)}行“{doc.text[parent.last.start:parent.last.end]}”"
                       f"下的第一项，应为“{it.label(1)}”")
                if key in popped and popped[key][1] is not None:
                    last = popped[key][0]
                    msg += f"（若全文接续编号，则接第{_line(doc, last.start)}行的“{doc.text[last.start:last.end]}”应为“{it.label(last.n + 1)}”）"
        elif parent is None and key not in seen and not continuation and it.kind == "cn":
            msg = f"这是全文第一个此级序号，应从“{it.label(1)}”开始"
        # Child levels that came before any parent (3.4): 文首（一）…而后出现一、
        if parent is None and key not in seen and it.n == 1 and not continuation and not lead_in_before_first:
            kids = [c for c in first_of.values() if c.rank > it.rank and c.family == it.family]
            if kids:
                c = min(kids, key=lambda x: x.start)
                yield Finding(c.start, c.end, f"下级序号“{doc.text[c.start:c.end]}”出现在第{_line(doc, it.start)}行的"
                              f"上级序号“{doc.text[it.start:it.end]}”之前：缺少上级标题")
        first_of.setdefault(key, it)
        seen.add(key)
        stack.append(_Entry(key, it.rank, it))
        if msg:
            yield Finding(it.start, it.end, msg)
    for it, by in pending_runs:
        restart = conventions[it.key].get(False)
        if restart is not None:
            yield Finding(it.start, it.end, f"上级已换为第{_line(doc, by.start)}行的“{doc.text[by.start:by.end]}”，"
                          f"下级序号应像第{_line(doc, restart.start)}行那样重新编号，此处应为“{it.label(1)}”")


def _restyled(it: Item, style: tuple) -> Item:
    """The item as the sequence checks see it: expected labels are written in the level's usual style."""
    return it if it.style == style else replace(it, style=style)


def _first(o: Outline) -> Item | None:
    return next((i for i in o.items if not i.glued), None)


def _is_subheading_para(it: Item) -> bool:
    """A paragraph that opens with a short title sentence: （一）着力扩大国内需求。推动……"""
    text = it.block.prose
    rel = it.end - it.block.start
    stop = min((text.find(c, rel) for c in "。！？" if text.find(c, rel) >= 0), default=-1)
    return 0 <= stop - rel <= 40 and "，" not in text[rel:stop]


def _list_findings(doc: Document, o: Outline) -> t.Iterator[Finding]:
    """Markdown ordered lists: 1. 2. 4. (gap) or 1. 2. 2. (duplicate); lazy 1. 1. 1. is fine."""
    for lst in o.lists:
        nums = [n for n, _ in lst]
        if len(lst) < 2 or not all(nums) or len(set(nums)) == 1:
            continue
        prev_n, alt = nums[0], None
        prev_b = lst[0][1]
        for n, b in lst[1:]:
            if n == prev_n + 1 or (alt is not None and n == alt + 1):
                alt = None
            else:
                s, e = _marker_span(doc, b)
                want = f"{prev_n + 1}{b.meta['marker'][-1]}"
                what = "重复" if n == prev_n else "不连续" if n > prev_n else "顺序颠倒"
                yield Finding(s, e, f"列表序号{what}：上一项是第{_line(doc, prev_b.start)}行的“{prev_n}"
                              f"{b.meta['marker'][-1]}”，此处应为“{want}”")
                alt = prev_n + 1
            prev_n, prev_b = n, b


def _marker_span(doc: Document, b: Block) -> tuple[int, int]:
    ls = doc.text.rfind("\n", 0, b.start) + 1
    prefix = doc.text[ls:b.start]
    marker = b.meta.get("marker", "")
    i = prefix.rfind(marker)
    if i < 0:
        return b.start, b.start
    return ls + i, ls + i + len(marker)


def _caption_findings(doc: Document, o: Outline) -> t.Iterator[Finding]:
    """图/表/专栏/附件 captions numbered in order; references to numbers no caption has."""
    last: dict[tuple, Caption] = {}
    by_name: dict[str, set[int]] = {}
    for c in o.captions:
        key = (c.name, c.n if c.sub is not None else None)
        value = c.sub if c.sub is not None else c.n
        by_name.setdefault(c.name, set()).add(c.n)
        prev = last.get(key)
        last[key] = c
        if prev is None:
            continue
        pv = prev.sub if prev.sub is not None else prev.n
        label = (lambda v: f"{c.name}{c.n}-{v}") if c.sub is not None else (lambda v: f"{c.name}{v}")
        if value == pv + 1:
            continue
        if c.name == "附件" and (value == pv or value == 1):
            continue  # 附件说明 and the attachment itself both carry 附件1
        where = f"第{_line(doc, prev.start)}行的“{doc.text[prev.start:prev.end]}”"
        if value == pv:
            msg = f"{c.name}编号重复：{where}与此处相同，此处应为“{label(pv + 1)}”"
        elif value > pv:
            msg = f"{c.name}编号不连续：上一个是{where}，此处应为“{label(pv + 1)}”"
        else:
            msg = f"{c.name}编号顺序颠倒：上一个是{where}，此处应为“{label(pv + 1)}”"
        yield Finding(c.start, c.end, msg)
    # References (见图4, 如表5所示) to a figure/table number beyond the captions present.
    for name in ("图", "表"):
        nums = by_name.get(name)
        if not nums:
            continue
        top = max(nums)
        ref = re.compile(rf"(?:(?<=[见如由从据照按和与及至到、（(\s])|(?<![{HAN}A-Za-z0-9])){name}\s?(\d{{1,3}})(?![\d\-－.．])")
        starts = {c.start for c in o.captions}
        for block in doc.blocks_of():
            for m in ref.finditer(block.prose):
                s = block.start + m.start()
                if s - 1 in starts or s in starts:
                    continue
                n = int(m.group(1))
                if n > top:
                    yield Finding(s, block.start + m.end(), f"文中引用了“{name}{n}”，但全文的{name}题注只编到“{name}{top}”；"
                                  f"请核对编号")


def _decimal_findings(doc: Document, o: Outline) -> t.Iterator[Finding]:
    """Decimal heading numbers: 1.1 1.2 2.1 — siblings in order, a new parent restarts at 1."""
    last_at: dict[int, tuple[int, ...]] = {}
    where_at: dict[int, int] = {}
    for parts, s, e in o.decimals:
        depth = len(parts)
        prev = last_at.get(depth)
        for d in [d for d in last_at if d > depth]:
            del last_at[d]
        last_at[depth] = parts
        where = where_at.get(depth)
        where_at[depth] = s
        if prev is None:
            continue
        if prev[:-1] == parts[:-1]:
            if parts[-1] == prev[-1] + 1:
                continue
            want = ".".join(map(str, parts[:-1] + (prev[-1] + 1,)))
            what = "重复" if parts[-1] == prev[-1] else "不连续" if parts[-1] > prev[-1] else "顺序颠倒"
        else:
            if parts[-1] == 1 or parts[:-1] < prev[:-1]:
                continue
            want = ".".join(map(str, parts[:-1] + (1,)))
            what = "未重新编号"
        written = doc.text[s:e]
        yield Finding(s, e, f"标题编号{what}：上一个是第{_line(doc, where)}行的“{'.'.join(map(str, prev))}”，"
                      f"此处“{written}”应为“{want}”")


# In-sentence lists: 一是…二是…三是 / 第一，…第二，… / 其一…其二 (3.8).
# Each starts at the start of the text or after one of the listed characters.  The patterns
# open with a character (class) so that the regex engine can skip ahead to candidates; the
# test on the character before the match comes after the first one, as ``(?<![^…][\s\S])``.
_SHI = re.compile(r"(?P<ord>[一二三四五六七八九十](?<![^。；：，！？、\s“（(][\s\S])[一二三四五六七八九十]?)是"
                  r"(?!\s*[一二三四五六七八九十]是)")
_DI = lazy_compile(rf"第(?<![^。；：！？\s][\s\S])(?P<ord>[一二三四五六七八九十][一二三四五六七八九十]?)[，、,](?=[{HAN}“])")
_QI = re.compile(r"其(?<![^。；：，！？\s][\s\S])(?P<ord>[一二三四五六七八九十][一二三四五六七八九十]?)[，、,：:；]")


def _ordinal_items(doc: Document) -> list[tuple[str, int, int, int, Block]]:
    """(style, value, start, end, block) for every 一是 / 第一， / 其一 in the prose (scanned once
    per document: numbering and count-mismatch both use it; callers must not modify it)."""
    return doc.memo("structure.ordinals", _scan_ordinal_items)


# Pre-scans of the text for the blocks with one of them (see Document.blocks_where): each matches
# within every match of its pattern, and opens with a literal for a fast scan.
_ORDINAL_SCANS = (re.compile("是(?<=[一二三四五六七八九十]是)"),
                  re.compile("第[一二三四五六七八九十][一二三四五六七八九十]?[，、,]"),
                  re.compile("其[一二三四五六七八九十][一二三四五六七八九十]?[，、,：:；]"))


def _scan_ordinal_items(doc: Document) -> list[tuple[str, int, int, int, Block]]:
    out = []
    for block in doc.blocks_where(*_ORDINAL_SCANS, kinds=_TEXT_KINDS):
        prose = block.prose
        for style, rx in (("是", _SHI), ("第", _DI), ("其", _QI)):
            if style not in prose:  # each pattern needs its character: skip the regex scan
                continue
            for m in rx.finditer(prose):
                n = cn_int(m.group("ord"))
                if not n:
                    continue
                # 一是一，二是二: an idiom, not a list
                if style == "是" and prose[m.end():m.end() + 1] == m.group("ord"):
                    continue
                s = block.start + m.start()
                out.append((style, n, s, s + len(m.group(0).rstrip("，、,：:；")), block))
    out.sort(key=lambda x: x[2])
    return out


def _ordinal_word(style: str, n: int) -> str:
    return {"是": f"{int_cn(n)}是", "第": f"第{int_cn(n)}", "其": f"其{int_cn(n)}"}[style]


def _ordinal_findings(doc: Document, o: Outline) -> t.Iterator[Finding]:
    items = _ordinal_items(doc)
    resets = sorted([it.start for it in o.items] + o.breaks + [b for b, _ in o.pops]
                    + [b.start for b in doc.blocks_of(HEADING)])
    active: dict[str, tuple[int, int, int]] = {}  # style -> (value, start, block index)
    ri = 0
    for style, n, s, e, block in items:
        while ri < len(resets) and resets[ri] <= s:
            ri += 1
            active.clear()
        cur = active.get(style)
        if cur is not None and block.index - cur[2] > 2:
            cur = None
        if n == 1:
            active[style] = (1, s, block.index)
            continue
        if cur is None:
            continue
        if n == cur[0] + 1:
            active[style] = (n, s, block.index)
            continue
        want = _ordinal_word(style, cur[0] + 1)
        prev = _ordinal_word(style, cur[0])
        what = "重复" if n == cur[0] else "不连续" if n > cur[0] else "顺序颠倒"
        yield Finding(s, e, f"列举序号{what}：前面是第{_line(doc, cur[1])}行的“{prev}”，此处应为“{want}”")
        active[style] = (n, s, block.index)


# Lists inside a paragraph after a colon: 主要检查：1.……；2.……；3.…… / （1）……；（2）…… / ①……；②……
# (the match starts with the separator before the item, for a fast scan).
_INLINE_ITEM = re.compile(
    rf"(?P<sep>[：:；;。，,])\s*(?P<item>(?P<ar>\d{{1,2}})[.．、](?![\d.．])(?=[{HAN}“《])"
    rf"|(?P<po>[（(])(?P<par>\d{{1,2}})[）)]|(?P<circ>[\u2460-\u2473])"
    rf"|[（(](?P<pcn>[一二三四五六七八九十]{{1,3}})[）)])"
)
# Pre-scans of the text for the blocks where such a list starts (see Document.blocks_where): an
# item numbered 1 after a colon (one pattern per colon, each led by a literal for a fast scan).
_INLINE_FIRST = tuple(re.compile(c + r"\s*(?:[（(]?[\d一]|①)") for c in "：:")


def _inline_findings(doc: Document) -> t.Iterator[Finding]:
    for block in doc.blocks_where(*_INLINE_FIRST, kinds=(PARAGRAPH, LIST_ITEM)):
        prose = block.prose
        runs: dict[str, tuple[int, int, int, str]] = {}  # kind -> (value, start, end, text)
        for m in _INLINE_ITEM.finditer(prose):
            kind = next(k for k in ("ar", "par", "circ", "pcn") if m.group(k))
            raw = m.group(kind)
            n = int(raw) if kind in ("ar", "par") else _CIRCLED.get(raw) if kind == "circ" else cn_int(raw)
            if not n:
                continue
            s = m.start("item")
            sep = m.group("sep")
            text = prose[s:m.end()]
            cur = runs.get(kind)
            if n == 1 and sep in "：:":
                runs[kind] = (1, s, m.end(), text)
                continue
            if cur is None or sep not in "；;。，,":
                continue
            if n != cur[0] + 1 and not (len(cur) > 4 and n == cur[4] + 1):
                what = "重复" if n == cur[0] else "不连续" if n > cur[0] else "顺序颠倒"
                want = {"ar": f"{cur[0] + 1}{text[-1]}", "circ": _CIRCLED_OF.get(cur[0] + 1, ""),
                        "par": f"{text[0]}{cur[0] + 1}{text[-1]}",
                        "pcn": f"{text[0]}{int_cn(cur[0] + 1)}{text[-1]}"}[kind]
                yield Finding(block.start + s, block.start + m.end(),
                              f"列举序号{what}：前面是“{cur[3]}”，此处应为“{want}”")
                runs[kind] = (n, s, m.end(), text, cur[0] + 1)  # the value meant, to resynchronise
                continue
            runs[kind] = (n, s, m.end(), text)


@rule(code="ZH401", name="numbering", category="numbering", severity=Severity.WARNING, fixable="sometimes",
      options={"style": "publishing"})
def numbering(doc: Document, ctx) -> t.Iterator[Finding]:
    r"""编号层次与序列：跳号、重号、不重启、层级错乱、序号标点不规范或同级写法不统一。

    ## 检查什么
    段首、行首的层次序号（一、 →（一）→ 1. →（1）→ ①，第X编/章/节/条，Markdown 标题中的序号与
    有序列表，1.1 式小节号），题注序列（图N、表N、专栏N、附件N）和句内列举（一是、二是；第一，第二，；
    其一、其二）：
    - 同级序号跳号（（一）→（三））、重号、顺序颠倒；
    - 无新上级却重新从 1 编号；上级下的第一项不是 1；上级已变下级却接着编号——只在同一文本里
      另有重新编号之处时报（国务院文件常见全文接续的“一、（一）（二）二、（三）”，这本身不算错）；
    - 下级序号出现在全文第一个上级序号之前（文首（一）…后文出现一、）；
    - 序号后的标点不规范（一. → 一、；（一）、 →（一）；①、 → ①），同一层级写法混用（1. 与 2、）；
    - 图、表、专栏、附件编号不连续或重复，正文引用了不存在的图号、表号；
    - 小标题句粘在上一段末尾（……取得明显成效。（二）加快建设……）；
    - 句首的“其次，”前面（本段和前两段）没有“首先”“第一”“一是”“其一”（“首先”单用、
      “其次是”表排序、“退而求其次”不报）。
    续文（以“（上接第X版）”开头，或第一个序号就从中途开始）可从中途编号；节选、摘编可跳号；
    法规“第X条”全文连续编号，不因章节重启，“第X条之一”不计；列表前有以冒号结尾的引导语时
    可重新从 1 编号（法规各款的（一）（二）……）。选项 `style = "official"` 时另报“1、”（公文应为“1.”）。

    ## 为什么
    GB/T 9704 和出版规范要求层次序数完整、连续、同级同式。跳号、重号多是增删条目后忘了改号，
    读者会以为内容缺失；标点不规范是排版常见差错。

    ## 反例
        一、总体要求\n\n（一）指导思想\n\n（三）主要目标
        一、加强领导\n\n二、压实责任\n\n二、强化考核
        一、总体要求\n\n1.加强领导\n\n2.压实责任\n\n二、主要任务\n\n1.扩大内需\n\n三、保障措施\n\n2.强化考核
        一、总体要求\n\n（一）指导思想\n\n（二）基本原则\n\n（一）主要目标
        一.总体要求\n\n二.主要任务
        一、总体要求\n\n（一）、指导思想\n\n（二）基本原则
        1.加强领导\n\n2、压实责任\n\n3.强化考核
        表1 主要指标\n\n表3 资金安排
        重点抓好三项工作：一是加强领导，二是健全机制，四是强化考核。
        一、总体要求\n\n（一）加快发展。推动高质量发展取得新成效。（二）扩大开放。推进高水平对外开放。
        第一条 为了规范管理，制定本办法。\n\n第二条 本办法适用于全省。\n\n第四条 本办法自发布之日起施行。
        食堂开张一个月，老人们反映不错。\n\n其次，菜价还可以再降一些。

    ## 正例
        （上接第三版）构建利益共同体。\n\n（三）基本原则\n\n二、中国的实践\n\n（一）数字经济
        一、总体要求\n\n（一）指导思想\n\n（二）基本原则\n\n二、主要任务\n\n（一）扩大内需
        一、总体要求\n\n（一）指导思想\n\n（二）基本原则\n\n二、重点任务\n\n（三）加强老旧小区改造
        第十四条 有下列情形之一的：\n\n（一）连续工作满十年的；\n\n（二）其他情形。\n\n用人单位违反规定的，有下列情形之一的：\n\n（一）未订立合同的；\n\n（二）其他。
        ## 第一章 总则\n\n第一条 为了规范管理，制定本法。\n\n## 第二章 附则\n\n第二条 本法自公布之日起施行。
        1.加强领导\n\n2.压实责任\n\n3.强化考核
        表1 主要指标\n\n如表1所示，增长较快。\n\n表2 资金安排
        一是一，二是二，不能含糊。
        他首先发言，介绍了运营情况。老人最关心的是价格，其次是口味。
        首先，菜价要降。\n\n另外，送餐要准时。\n\n其次，覆盖面要扩大。
        分为一、二两类。
        目　　录\n\n第一章　总则\n第二章　附则\n\n第一章　总则\n\n第一条　为了规范管理，制定本办法。\n\n第二章　附则\n\n第二条　本办法自发布之日起施行。
        三、保障措施\n\n（一）加强领导。\n\n（二）加大投入。\n\n附件：1.2023年度统计表\n　　　　　2.重点项目清单

    ## 修复安全性
    只对标点给出安全修复（一. → 一、；（一）、 →（一）；括号不配对）。同级写法混用给出不安全修复
    （改为本级多数写法）。小标题粘连给出不安全修复（另起一段）。改号从不自动进行：跳号可能是漏了
    条目，也可能是编号写错，须由编辑判断。
    """
    o = outline(doc)
    official = str(ctx.options.get("style", "publishing")) == "official"
    majority = _majority_styles(o.items)
    out = list(_punct_findings(doc, o.items, official, majority))
    out.extend(_sequence_findings(doc, o, majority))
    out.extend(_list_findings(doc, o))
    out.extend(_caption_findings(doc, o))
    out.extend(_decimal_findings(doc, o))
    out.extend(_ordinal_findings(doc, o))
    out.extend(_inline_findings(doc))
    out.extend(_qici_findings(doc, o))
    out.sort(key=lambda f: (f.start, f.end))
    return iter(out)


# 其次 opening a sentence as a connective (其次，/其次：); 其次是 often ranks (最多的是A，其次是B).
_QICI = re.compile(r"(?:(?<=[。！？!?])|^)[ \t\u3000\ufffc*]*(?P<w>其次)[，,：:]")
_QICI_SCAN = re.compile("其次[，,：:]")  # a pre-scan of the text (see Document.blocks_where)
# What may come before 其次: a first item, or a ranking (最重要的是……。其次，……).
_FIRST_OF = re.compile(r"首先|第一|一是|其一|一来|先是|最先|首要|一方面|最[重主关根基直大]")


def _qici_findings(doc: Document, o: Outline) -> t.Iterator[Finding]:
    """其次 opening a sentence with no 首先/第一 before it in its paragraph or the two before (3.9:
    the norm says one, but a 首先 item often runs over two paragraphs)."""
    for block in doc.blocks_where(_QICI_SCAN, kinds=_TEXT_KINDS):
        prose = block.prose
        prev: list[Block] = []  # the two prose blocks before
        k = block.index
        while len(prev) < 2 and k > 0:
            k -= 1
            if doc.blocks[k].is_prose:
                prev.insert(0, doc.blocks[k])
        for m in _QICI.finditer(prose):
            if _FIRST_OF.search(prose, 0, m.start("w")) or any(_FIRST_OF.search(b.prose) for b in prev):
                continue
            # An excerpt or a text continued from another page may have its 首先 elsewhere.
            if not prev and (o.continuation or o.excerpt):
                continue
            s = block.start + m.start("w")
            yield Finding(s, s + 2, "“其次”前面（本段和前两段）没有“首先”或“第一”，列举不完整；"
                                    "应在前文补上“首先”，或把“其次”改为“另外”“此外”")


# ---------------------------------------------------------------------------- count-mismatch

# The number (十 十一…十九 两 二…九 2…19) not preceded by a digit, 第 or 余/多/几/数.  As with _SHI,
# the pattern opens with a character class (the number's first character) for a fast scan; a
# quick look at the next character (a second digit or a classifier), the test on the character
# before and the rest of the number follow.
_COUNT = re.compile(
    rf"(?P<num>[十两二三四五六七八九1-9](?=[一二三四五六七八九0-9个方大项条点种类件步招句层])"
    rf"(?<![{_CN}\d第余多几数][\s\S])"
    r"(?:(?<=十)[一二三四五六七八九]?|(?<=1)[0-9]|(?<=[两二三四五六七八九2-9])))"
    r"(?P<cls>个方面|方面|个|大|项|条|点|种|类|件|步|招|句话|层)"
)
_COLON_GAP = re.compile(r"[^，。；！？、,;!?：:\n]{0,12}?[：:]")
_INLINE = {
    "par": re.compile(r"(?<![第款项条])[（(](?P<n>\d{1,2})[）)]"),
    "pcn": re.compile(r"(?<![第款项条])[（(](?P<n>[一二三四五六七八九十]{1,3})[）)]"),
    "circ": re.compile(r"(?P<n>[\u2460-\u2473])"),
}
_FIRST_WORDS = ("首先", "其次", "再次", "最后")


def _fixed_terms() -> frozenset[str]:
    from rules._data import word_set

    return word_set("structure-fixed-terms.txt")


def _inline_value(kind: str, s: str) -> int | None:
    if kind == "par":
        return int(s)
    if kind == "circ":
        return _CIRCLED.get(s)
    return cn_int(s)


def _item_start(it: Item) -> int:
    return it.start


def _count_run(values: list[tuple[int, int, int]]) -> tuple[int, int, int] | None:
    """Items of one list: starts at 1, goes on while values do not fall back; (count, start, end)."""
    if not values or values[0][0] != 1:
        return None
    count, cur, end = 0, 0, values[0][2]
    for n, s, e in values:
        if count and (n == 1 or n < cur):
            break
        count, cur, end = count + 1, n, e
    return count, values[0][1], end


def _items_after(doc: Document, o: Outline, ords: list, block: Block, colon: int) -> tuple[int, int, int] | None:
    """What follows a stated count's colon: (number of items, start of the first, end of the last)."""
    prose = block.prose
    rel = colon + 1 - block.start
    rest = prose[rel:]
    head = rest.lstrip(_SPACES + MASK + "“")
    near = block.start + rel + (len(rest) - len(head))  # where the first item must start
    blocks = doc.blocks
    nxt = next((blocks[k] for k in range(block.index + 1, len(blocks)) if blocks[k].is_prose), None)
    if not head and nxt is not None:
        near = nxt.start + _skip_lead(nxt.prose, 0)
    # 一是…二是… / 第一，…第二，… / 其一…其二…: in this block and the blocks that follow.
    for style in ("是", "第", "其"):
        run = [(n, s, e, b) for st, n, s, e, b in ords if st == style and s >= near]
        if run and run[0][1] <= near + 1 and run[0][0] == 1:
            vals, prev_idx = [], block.index
            for n, s, e, b in run:
                if b.index - prev_idx > 2:
                    break
                vals.append((n, s, e))
                prev_idx = b.index
            return _count_run(vals)
    if head.startswith("首先"):
        n, last = 1, near + 2
        for w in _FIRST_WORDS[1:]:
            k = prose.find(w, rel)
            if k >= 0:
                n, last = n + 1, block.start + k + 2
        return n, near, last
    if head:
        for kind, rx in _INLINE.items():
            m = rx.match(prose, rel + (len(rest) - len(head)))
            if not m:
                continue
            vals = []
            for m2 in rx.finditer(prose, m.start()):
                v = _inline_value(kind, m2.group("n"))
                if v:
                    vals.append((v, block.start + m2.start(), block.start + m2.end()))
            return _count_run(vals)
        return _dun_list(prose, rel, block)
    # The colon ends the block: a list of blocks follows.
    if nxt is None:
        return None
    if _FIRST_WORD_AT.match(nxt.prose, _skip_lead(nxt.prose, 0)):
        return _first_word_blocks(doc, nxt)
    for lst in o.lists:
        if lst and lst[0][1] is nxt:
            return len(lst), nxt.start, lst[-1][1].end
    # o.items is sorted by start: look at the items that start inside the block only.
    items = o.items
    inside = range(bisect.bisect_left(items, nxt.start, key=_item_start),
                   bisect.bisect_left(items, nxt.end, key=_item_start))
    first = next((items[j] for j in inside if not items[j].glued and items[j].block is nxt), None)
    if first is not None and first.start - nxt.start <= 4:
        vals = []
        # it.rank < first.rank and it.key == first.key without building the tuples for every item
        family, kind, r = first.family, first.kind, _RANK[first.kind]
        for j in range(bisect.bisect_left(items, first.start, key=_item_start), len(items)):
            it = items[j]
            if it.glued:
                continue
            if it.family != family:
                if it.family < family:
                    break
            elif it.kind == kind:
                vals.append((it.n, it.start, it.end))
            elif _RANK[it.kind] < r:
                break
        return _count_run(vals)
    return None


_FIRST_WORD_AT = re.compile(r"(首先|其次|再次|最后)[，,：:]")


def _first_word_blocks(doc: Document, first: Block) -> tuple[int, ...] | None:
    """首先，……\n\n其次，……\n\n最后，……: paragraphs opening with 首先/其次/再次/最后, up to 最后
    or the next heading (items may run over several paragraphs)."""
    n, end, closed = 1, first.end, False
    seen = 0
    for k in range(first.index + 1, len(doc.blocks)):
        b = doc.blocks[k]
        if not b.is_prose:
            continue
        if b.kind == HEADING or seen >= 12:
            break
        seen += 1
        fw = _FIRST_WORD_AT.match(b.prose, _skip_lead(b.prose, 0))
        w = fw.group(1) if fw else ""  # 最后，… is an item; 最后一天… is not
        if w == "首先":
            return None  # another list starts: not ours to count
        if w in _FIRST_WORDS[1:]:
            n, end = n + 1, b.end
            if w == "最后":
                closed = True
                break
    if n < 2:
        return None
    # Without 最后 the list may go on in other words (此外、另外……): then only more items than
    # stated is a mismatch, so every larger count is accepted (the fourth and later values).
    return (n, first.start, end) if closed else (n, first.start, end, *range(n + 1, 21))


def _dun_list(prose: str, rel: int, block: Block) -> tuple[int, int, int] | None:
    """五大发展理念：创新、协调、绿色、开放、共享。— a short list joined by 、 up to the sentence end."""
    m = re.match(r"[^。；;！？\n]*", prose[rel:])
    seg = m.group(0) if m else ""
    body = seg.rstrip("。；;！？ ")
    if not body or "，" in body or "," in body or "、" not in body or "等" in body:
        return None
    parts = _split_dun(body)
    if parts is None or any(len(p) > 12 for p in parts):
        return None
    # 经济、政治、文化和社会: the last item may join two with 和/与/及.
    joined = len(re.findall("以及|和|与|及|同", parts[-1]))
    return len(parts), block.start + rel, block.start + rel + len(body), len(parts) + joined


def _split_dun(s: str) -> list[str] | None:
    parts, depth, cur = [], 0, ""
    for ch in s:
        if ch in "“‘《（(【「":
            depth += 1
        elif ch in "”’》）)】」":
            depth -= 1
        if ch == "、" and depth == 0:
            parts.append(cur)
            cur = ""
        else:
            cur += ch
    parts.append(cur)
    if any(not p.strip() for p in parts):
        return None
    return parts


def _preceding_list(prose: str, i: int) -> tuple[int, bool, int] | None:
    """``A、B、C三个方面``: (number of items, whether 等 closes the list, start) just before ``i``."""
    k = i
    etc = False
    if k > 0 and prose[k - 1] in "这此":
        k -= 1
    if k > 0 and prose[k - 1] == "等":
        k -= 1
        etc = True
    j = k
    while j > 0 and prose[j - 1] not in "，。；：！？,;:!?\n" and k - j < 80:
        j -= 1
    clause = prose[j:k]
    if "、" not in clause:
        return None
    parts = _split_dun(clause)
    if parts is None or len(parts) < 2 or any(len(p) > 14 for p in parts[1:]):
        return None
    # 妊娠后六个月、在两个以上: the number measures something else than the listed items.
    if parts[-1][-1:] in "后前内外在于的是有为到至近约共各每逾满达超" or parts[-1][-1:].isdigit():
        return None
    if any(re.fullmatch(rf"[{_CN}\d]+", p) for p in parts):
        return None  # 二、三个月: an approximate number
    if any(re.search(rf"\d|[{_CN}]+[个项名座所家条处台辆次场]", p) for p in parts[:-1]):
        return None  # 体育公园10个、健身中心5个: each item carries its own count
    return len(parts), etc, j


@rule(code="ZH402", name="count-mismatch", category="numbering", severity=Severity.WARNING, fixable="never")
def count_mismatch(doc: Document, ctx) -> t.Iterator[Finding]:
    r"""总述中的数目（五大工程、三个方面、以下四点）与其后列举的条目数不一致。

    ## 检查什么
    总述数目后紧跟冒号时，数冒号后的条目：同段的“一是……二是……”“第一，……第二，……”“其一……”
    “首先……其次……最后”“（1）（2）”“①②”、顿号列举（创新、协调、绿色），或下面各段的序号
    （（一）（二）、1. 2.）、Markdown 列表、“一是”开头的段落。也查紧贴数目的顿号列举
    （“A、B、C三个方面”；用“等”煞尾的只在列出的比总数还多时报）。
    数目后带引号的词（两个“确保”、“三个确保”、三个“一批”）数冒号后（或同句“，即”后）重复该词的
    并列项：引号短语“确保A”“确保B”，或以该词开头（每项都含该词）的分句。列举在前、总述在后
    （“一是……三是……。这三个方面……”“第一……第二……以上两点”）时，数紧挨着的前一串序号。
    冒号结尾的段落后各段以“首先”“其次”“再次”“最后”开头时，数到“最后”为止；没有“最后”的只在
    段数比总数多时报。
    “三个代表”“四个全面”“两个确立”等定型术语不展开列举，不查（rules/data/structure-fixed-terms.txt）。

    ## 为什么
    增删条目后忘了改总述中的数目，是公文和报道常见的硬伤，读者一数就会发现。

    ## 反例
        重点抓好三个方面：一是加强领导，二是健全机制，三是强化考核，四是严格问责。
        主要有以下四点：\n\n1.统一思想\n\n2.加强培训\n\n3.严格考核
        坚持创新、协调、绿色、开放、共享四个原则。
        实施五大工程：（1）网络覆盖；（2）农村电商；（3）网络扶智；（4）信息服务。
        要做到两个“确保”：“确保不发生重大事故”“确保不发生群体性事件”“确保按期完工”。
        今年重点推进三个“一批”：开工一批，投产一批。
        一是健全组织，二是加强队伍建设，三是强化保障，四是推进阵地建设。这三个方面缺一不可。
        把握四个原则：\n\n首先，尊重民意。\n\n其次，统筹资金。\n\n最后，建立长效机制。

    ## 正例
        《行动计划》包括五大工程：一是网络覆盖，二是农村电商，三是网络扶智，四是信息服务，五是网络公益。
        实施网络覆盖、农村电商、网络扶智、信息服务、网络公益等五大工程。
        增强“四个意识”、坚定“四个自信”、做到“两个维护”：这是根本政治要求。
        北京、上海等十个城市参加试点。
        新建体育公园10个以上、全民健身中心5个、社区运动场30个。
        重点抓好三个方面：\n\n（一）加强领导\n\n（二）健全机制\n\n（三）强化考核
        落实四个“坚持”：坚持党的领导，坚持人民至上。
        全力实现三个“确保”：确保资金到位，确保人员到岗，确保按期完工。
        一是摸清底数，二是制定方案。这两个月来，各街道已完成入户调查。
        把握四个环节：\n\n首先，摸底要细。\n\n其次，施工要稳。\n\n此外，验收要严。

    ## 修复安全性
    不提供修复：数目错了还是条目漏了，须由作者判断。
    """
    o = outline(doc)
    ords = _ordinal_items(doc)
    fixed = _fixed_terms()
    lengths = sorted({len(term) for term in fixed})
    for block in doc.blocks_of():
        if block.kind == "table_cell":
            continue
        prose = block.prose
        for m in _COUNT.finditer(prose):
            num = m.group("num")
            n = int(num) if num.isdigit() else cn_int(num)
            if not n or n < 2:
                continue
            # A fixed term starting at the number (within 12 characters) or one or two before it;
            # set look-ups by term length rather than a startswith per term.
            ms = m.start()
            if any(prose[ms:ms + n_] in fixed for n_ in lengths if n_ <= 12) or any(
                    prose[ms - k:ms - k + n_] in fixed
                    for k in (1, 2) if ms >= k for n_ in lengths if n_ > k):
                continue
            start = block.start + m.start()
            qk = _quoted_key(prose, m)
            if qk is not None:
                key, after = qk
                if prose[ms:m.end()] + key in fixed:
                    continue  # 两个“维护”: the fixed term with its word in quotes
                found = _key_items(prose, after, key)
                if found is not None:
                    count = found[0]
                    if count != n and count >= 2:
                        phrase = prose[ms:after]
                        if "“" not in phrase:
                            phrase = phrase[:-1]  # “三个确保”: the count opens inside the quotation marks
                        shown = phrase.replace("“", "‘").replace("”", "’")  # quotes inside the message's quotes
                        fs = block.start + found[1]
                        first = prose[found[1]:found[1] + 7].lstrip("“").split("”")[0]
                        yield Finding(start, start + len(phrase),
                                      f"总述为“{shown}”，但其后列举了{count}个“{key}”（从第{_line(doc, fs)}行的“{first}……”起）；"
                                      f"应改为“{_recount(shown, num, count)}”，或补齐、删减条目")
                    continue
            cm = _COLON_GAP.match(prose, m.end())
            if cm and not re.search(rf"[{_CN}\d](?:个方面|方面|个|大|项|条|点|种|类)", cm.group(0)):
                phrase = re.split(r"进行|开展|推进|展开|部署|实施|落实|抓好|做好|加以", prose[m.start():cm.end() - 1])[0]
                phrase = phrase.rstrip(_SPACES)
                if phrase.endswith("”") and "“" not in phrase:
                    phrase = phrase[:-1]  # “三个确保”：the count opens inside the quotation marks
                found = _items_after(doc, o, ords, block, block.start + cm.end() - 1)
                if found is not None and found[0] != n and found[0] >= 2 and n not in found[3:]:
                    count, fs, fe = found[:3]
                    first = doc.text[fs:min(fe, fs + 6)].split("\n")[0].strip()
                    yield Finding(start, block.start + m.start() + len(phrase),
                                  f"总述为“{phrase}”，但其后列举了{count}项（从第{_line(doc, fs)}行的“{first}……”起）；"
                                  f"应改为“{_recount(phrase, num, count)}”，或补齐、删减条目")
                continue
            if re.match(r"以上|以下|左右|多|来|月|小时|星期|周|年|天|日|世纪|百分点", prose[m.end():m.end() + 3]):
                continue
            back = _ordinals_before(doc, ords, block, m.start())
            if back is not None:
                count, fs = back
                if count != n:
                    # 这三个方面 / 这三项任务: the classifier, or the noun after it (two characters at most)
                    noun = "" if m.group("cls") in ("个方面", "方面", "点", "句话", "层") else \
                        re.match(rf"[{HAN}]{{0,2}}", prose[m.end():]).group(0)
                    phrase = prose[m.start():m.end()] + re.split("[的和与及都是在要]", noun)[0]
                    first = doc.text[fs:fs + 6].split("\n")[0]
                    yield Finding(start, start + len(phrase),
                                  f"“{phrase}”前面列举了{count}项（从第{_line(doc, fs)}行的“{first}……”起），"
                                  f"数目不一致；应改为“{_recount(phrase, num, count)}”，或核对所列各项")
                continue
            pl = _preceding_list(prose, m.start())
            if pl is not None:
                count, etc, ls = pl
                if (count > n) if etc else (count != n and not _and_split(prose[ls:m.start()], n, count)):
                    noun = re.match(rf"[{HAN}]{{0,4}}", prose[m.end():]).group(0)
                    phrase = prose[m.start():m.end()] + re.split("[的和与及]", noun)[0]
                    yield Finding(start, start + len(phrase), f"“{phrase}”前面列举了{count}项（“{prose[ls:m.start()].strip()}”），"
                                  f"数目不一致；应改为“{_recount(phrase, num, count)}”，或核对所列各项")


def _ordinals_before(doc: Document, ords: list, block: Block, rel: int) -> tuple[int, int] | None:
    """一是…二是…三是……这三个方面: the list that ends right before a count introduced by 这/此/
    以上/上述 — (its number of items, start of the first), or None."""
    prose = block.prose
    lead = next((w for w in ("以上", "上述", "前述", "这", "此") if prose.endswith(w, 0, rel)), None)
    if lead is None:
        return None
    # The count must open a sentence (……三是强化保障。这三个方面……): in 三是加强C和D，这两个方面
    # 要统筹 it counts the parts of one item.
    if prose[:rel - len(lead)].rstrip(_SPACES + MASK)[-1:] not in ("", "。", "！", "？", "!", "?"):
        return None
    at = block.start + rel
    k = bisect.bisect_left(ords, at, key=lambda x: x[2]) - 1
    if k < 0:
        return None
    style, last, _, end, b = ords[k]
    if last < 2 or b is not block and any(x.is_prose for x in doc.blocks[b.index + 1:block.index]):
        return None  # the list must end in this paragraph or the one before
    if k + 1 < len(ords) and ords[k + 1][0] == style and ords[k + 1][1] == last + 1 and ords[k + 1][4] is block:
        return None  # 一是……二是……，这两方面……；三是……: the list goes on after the count
    # The count belongs to the sentence right after the last item's (or to the same one).
    between = doc.text[end:at]
    if sum(between.count(c) for c in "。！？!?") > 1:
        return None
    # Walk back through the same style: last, last-1, …, 1, each at most two blocks before the next.
    want, first, idx = last - 1, ords[k][2], b.index
    for st, v, s, _, bb in reversed(ords[:k]):
        if want == 0:
            break
        if st != style:
            continue
        if v != want or idx - bb.index > 2:
            return None
        want, first, idx = want - 1, s, bb.index
    return (last, first) if want == 0 else None


def _quoted_key(prose: str, m: re.Match) -> tuple[str, int] | None:
    """两个“确保” / “三个确保”: (the word each item repeats, offset after the closing quote)."""
    e = m.end()
    if prose[e:e + 1] == "“":
        q = _QKEY.match(prose, e + 1)
    elif m.start() > 0 and prose[m.start() - 1] == "“":
        q = _QKEY.match(prose, e)
    else:
        return None
    return (q.group(1), q.end()) if q else None


_QKEY = lazy_compile(rf"([{HAN}]{{1,4}})”")
_KEY_LEAD = re.compile(r"[：:]|[，,]\s*(?:即|也就是|就是)?[：:]?|——")


def _key_items(prose: str, after: int, key: str) -> tuple[int, int] | None:
    """Items repeating ``key`` right after a quoted count (after a colon, or ，即 in the same sentence):
    “确保A”“确保B” or 确保A，确保B — (their number, offset of the first); None if they do not follow."""
    lead = _KEY_LEAD.match(prose, after)
    if not lead:
        return None
    colon = lead.group(0)[-1:] in "：:"
    i = _skip_ws(prose, lead.end())
    seg = re.match(r"[^。！？!?\n]*", prose[i:]).group(0)
    if seg.startswith("“"):
        # A run of quoted phrases, joined by nothing, 、 or ，: each must hold the key.
        run, pos = 0, 0
        for q in re.finditer(r"“([^“”]{1,40})”", seg):
            if seg[pos:q.start()].strip(_SPACES + "、，,；;") or key not in q.group(1):
                break
            run, pos = run + 1, q.end()
        rest = seg[pos:].strip(_SPACES + "。；;")
        # 两个“确保”：“确保A”“确保B”等: an open list, or text going on after the run, is not counted.
        if run and (not rest or colon) and not rest.startswith(("等", "这", "的")):
            return run, i
        return None
    clauses = [c.strip(_SPACES + "“”") for c in re.split(r"[，,、；;]", seg)]
    if len(clauses) >= 2 and all(c.count(key) == 1 and len(c) > len(key) for c in clauses):
        return len(clauses), i  # 三个“一批”：开工一批，投产一批 — every clause holds the key once
    if not clauses or not clauses[0].startswith(key) or len(clauses[0]) <= len(key):
        return None
    # 确保A，确保B，确保C: clauses that start with the key; the others continue an item.
    return sum(1 for c in clauses if c.startswith(key)), i


def _recount(phrase: str, num: str, count: int) -> str:
    """The stated count rewritten with the number of items found, in the same form (三个 → 四个)."""
    if num.isdigit():
        new = str(count)
    else:
        new = "两" if count == 2 else int_cn(count)
    return new + phrase[len(num):]


def _and_split(clause: str, n: int, count: int) -> bool:
    """A、B和C三个: the last item may hold 和/与/及 joining two items."""
    return n == count + len(re.findall("以及|和|与|及|同", clause.split("、")[-1]))


RULES = (numbering, count_mismatch)
