"""Spacing: stray spaces in Chinese sentences, spaces around Chinese punctuation, full-width
spaces inside sentences, trailing spaces, invisible characters, and (as an option) the
spacing convention between Chinese and Latin letters or digits."""
from __future__ import annotations

import bisect
import re
import typing as t
import unicodedata

from lint.cjk import HAN, HAN_RE, is_han, lazy_compile, scan_pattern
from lint.document import MASK, Block, Document
from lint.model import Edit, Finding, Fix, Severity, rule

_HAN = HAN_RE  # shared: compiling the Han class costs ~1.3 ms per pattern
_CN_PUNCT = "，。、；：？！“”‘’（）《》〈〉【】「」『』…—"
_SENTENCE_PUNCT = re.compile("[，。；！？]")
_LINE = re.compile(r"[^\r\n]+")
_HAN_GAP = lazy_compile(rf"(?<=[{HAN}])[ \t]+(?=[{HAN}])")  # compiled only if some text has a space
# Runs of spaces are matched from their first character only: no retry inside a long run.
_PUNCT_GAP = re.compile(rf"(?<![ \t])[ \t]+(?=[{_CN_PUNCT}])|(?<=[{_CN_PUNCT}])[ \t]+")
_IDEO_SPACE = re.compile("\u3000+")
_PUNCT_NEAR = re.compile(rf"[ \t][{_CN_PUNCT}]|[{_CN_PUNCT}][ \t]")  # matches where _PUNCT_GAP does
# A heading-like label at a line start, which is followed by a layout space (§6.7):
# 第一章 总则、第三十二条 宪法……、一、 （一） 1. 附件1
_LABEL = re.compile(
    r"^[ \t\u3000]*(?:第[〇零一二三四五六七八九十百千万\d]+(?:部分|[编章节条款项部篇回课讲編節條項課講])(?:之[一二三四五六七八九十]+)?"
    r"|[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d+[.、．]|[0-9A-Za-z]{1,2}[)）]"
    r"|(?:专栏|專欄|图|圖|表|附件|附表|附图|附圖|链接|鏈接|背景)\s*\d*"
    r"|[\u2460-\u2473])$")
_INVISIBLE = {
    "\u00a0": "不换行空格（NBSP）",
    "\u200b": "零宽空格（U+200B）",
    "\u200c": "零宽不连字（U+200C）",
    "\u200d": "零宽连字（U+200D）",
    "\u2060": "零宽不换行（U+2060）",
    "\ufeff": "文中的 BOM（U+FEFF）",
    "\u00ad": "软连字符（U+00AD）",
}
_INVISIBLE_RE = re.compile("[" + "".join(_INVISIBLE) + "]")
# The space after an article label at a line start (第十二条 ……) is a layout space that
# _after_label lets pass; law texts have one in nearly every paragraph, so the pre-scan passes
# over it too (a label of up to 8 numerals; a longer one, or one after indentation, is scanned).
_ARTICLE_GAP = "".join(rf"(?<![\r\n]第[〇零一二三四五六七八九十百千万\d]{{{k}}}[编章节条款项部篇回课讲編節條項課講][ \t])"
                       for k in range(1, 9))
# Where each per-block check can report (see lint.cjk.scan_pattern): a necessary
# condition of every report, at one character.
_SCAN = scan_pattern({
    # _inner_spaces: spaces between Han (_HAN_GAP); _punct_spaces: next to a Chinese mark (_PUNCT_NEAR)
    " \t": rf"(?<=[{HAN}][ \t])(?=[ \t]*[{HAN}]){_ARTICLE_GAP}|(?=[{_CN_PUNCT}])|(?<=[{_CN_PUNCT}][ \t])",
    "\u3000": "",  # _inner_spaces: a full-width space
    "".join(_INVISIBLE): "",  # _invisible
})
# A line break after a space: "\n" first, a literal, is the fastest to scan for; "\r" only in a
# text that has one.
_SPACE_BREAK = re.compile(r"\n(?<=[ \t\u3000]\n)")
_SPACE_BREAK_CR = re.compile(r"[\r\n](?<=[ \t\u3000][\r\n])")
_LATIN = lazy_compile(rf"(?:(?<=[{HAN}])(?P<a>[ ]*)(?=[A-Za-z0-9]))|(?:(?<=[A-Za-z0-9])(?P<b>[ ]*)(?=[{HAN}]))")
_CJK_LATIN = ("off", "space", "nospace", "consistent")
_MIN_HAN = 15  # a line shorter than this is a heading, a name list, a caption or verse, not a sentence


# At least _MIN_HAN Han characters (a match stops at the last one needed: no list of them all).
_ENOUGH_HAN = lazy_compile(rf"(?:[^{HAN}]*[{HAN}]){{{_MIN_HAN}}}")


def _sentence_line(line: str) -> bool:
    """A line of running text: long enough and punctuated like sentences (§6.2, §6.7)."""
    # Cheapest test first; counting the Han characters is the expensive one.
    return len(line) >= _MIN_HAN and bool(_SENTENCE_PUNCT.search(line)) and _ENOUGH_HAN.match(line) is not None


def _in_short_brackets(line: str, i: int) -> bool:
    """Inside a short bracketed aside such as a byline （记者 张三 李四）."""
    o = max(line.rfind("（", max(0, i - 15), i), line.rfind("(", max(0, i - 15), i))
    if o < 0:
        return False
    c = min((x for x in (line.find("）", i, o + 21), line.find(")", i, o + 21)) if x >= 0), default=-1)
    return c >= 0


_TITLE_SPAN = 60  # a 《title》 longer than this is not looked for


def _in_title(line: str, i: int) -> bool:
    """Inside 《》: titles of standards keep their spaces (《食品安全国家标准 食品添加剂使用标准》)."""
    o = line.rfind("《", max(0, i - _TITLE_SPAN), i)
    return o >= 0 and line.rfind("》", o, i) < 0 and line.find("》", i, i + _TITLE_SPAN) >= 0


_LIST_TOKEN = 4  # names and short terms in a space-separated list have at most this many characters


def _in_name_list(line: str, s: int, e: int) -> bool:
    """A run of three or more short Han words separated by spaces is a list of names or terms
    (出席会议的有：张三 李四 王五), not a sentence with a stray space (§6.7)."""
    def token_left(end: int) -> int:  # start of the Han token ending at ``end``; -1 if too long/none
        j = end
        while j > 0 and end - j <= _LIST_TOKEN and _HAN.match(line[j - 1]):
            j -= 1
        return j if 0 < end - j <= _LIST_TOKEN and not (j > 0 and _HAN.match(line[j - 1])) else -1

    def token_right(start: int) -> int:
        j = start
        while j < len(line) and j - start <= _LIST_TOKEN and _HAN.match(line[j]):
            j += 1
        return j if 0 < j - start <= _LIST_TOKEN and not (j < len(line) and _HAN.match(line[j])) else -1

    a, b = token_left(s), token_right(e)
    if a < 0 or b < 0:
        return False
    # One more space-separated short token on either side makes a list of three.
    j = a
    while j > 0 and line[j - 1] in " \t\u3000":
        j -= 1
    if j < a and token_left(j) >= 0:
        return True
    k = b
    while k < len(line) and line[k] in " \t\u3000":
        k += 1
    return k > b and token_right(k) >= 0


# Newspaper layout spaces (§6.7): after a dateline or a lead-in label (本报郑州3月5日电　记者……,
# 本报讯　, 编者按　), and inside a short credit at the end of a line (本报记者　王明远摄).
_LEAD_IN = re.compile(r"(?:电|讯|按|编者按|记者|通讯员|特约记者|摘要|关键词|导语)$")
_CREDIT = re.compile(r"记者|通讯员|摄|编辑|供图|撰稿|整理|报道|来源")
_SENTENCE_END = re.compile("[，。；！？：]")


def _newspaper_layout(line: str, s: int, e: int, first: int) -> bool:
    if s - first <= 25 and _LEAD_IN.search(line, first, s) and not _SENTENCE_END.search(line, first, s):
        return True
    # A credit after the last sentence: 图为……。本报记者　王明远摄
    tail_start = max((m.end() for m in _SENTENCE_END.finditer(line, max(0, s - 20), s)), default=first)
    if _SENTENCE_END.search(line, e) is None and len(line) - tail_start <= 20:
        return bool(_CREDIT.search(line, tail_start))
    return False


_LABEL_MAX = 16  # a numbering label before a layout space is short
# A field label spread out to the width of a longer one (摘　要：, 作　者：, 关　键　词：): layout.
_SPREAD_LABEL = lazy_compile(rf"[{HAN}](?:[\u3000 ]+[{HAN}]){{1,3}}[\u3000 ]*[：:]")


def _after_label(line: str, i: int) -> bool:
    # Markdown emphasis around the label (**第一条**　) is masked; the label is what counts.
    head = line[:i].replace(MASK, "")
    return len(head) <= _LABEL_MAX and bool(_LABEL.match(head))


def _text_bounds(line: str) -> tuple[int, int]:
    """Offsets of the first and just past the last non-space character of ``line``."""
    return len(line) - len(line.lstrip(" \t\u3000")), len(line.rstrip(" \t\u3000"))


def _lines(block: Block) -> t.Iterator[tuple[int, str]]:
    for m in _LINE.finditer(block.prose):
        yield m.start(), m.group()


def _han_gap(s: str) -> bool:
    return (" " in s or "\t" in s) and _HAN_GAP.search(s) is not None


def _inner_spaces(block: Block) -> t.Iterator[Finding]:
    if block.kind == "heading" or block.kind == "table_cell":
        return
    p = block.prose
    # Neither pattern crosses a line break, so a search of the whole block tells whether any
    # line can match: most blocks have spaces only next to Latin text.
    if "\u3000" not in p and not _han_gap(p):
        return  # nothing either pattern could match: skip the per-line work
    base = block.start
    for off, line in _lines(block):
        if ("\u3000" not in line and not _han_gap(line)) or not _sentence_line(line):
            continue
        first, last = _text_bounds(line)
        for m in _HAN_GAP.finditer(line):
            s, e = m.start(), m.end()
            if (_after_label(line, s) or _in_short_brackets(line, s) or _in_title(line, s)
                    or _in_name_list(line, s, e) or _newspaper_layout(line, s, e, first)):
                continue
            yield Finding(base + off + s, base + off + e,
                          f"句中两个汉字“{line[s - 1]}{line[e]}”之间有多余的空格，应删去",
                          fix=Fix.unsafe(Edit(base + off + s, base + off + e, "")))
        for m in _IDEO_SPACE.finditer(line):
            s, e = m.start(), m.end()
            if s <= first or e >= last:
                continue  # indentation at the line start; trailing spaces are reported separately
            if (_after_label(line, s) or _in_short_brackets(line, s) or _newspaper_layout(line, s, e, first)
                    or _in_name_list(line, s, e)):  # 出席的有：王　芳　李建国　张　伟
                continue
            label = _SPREAD_LABEL.match(line, first)
            if label and e < label.end():
                continue
            yield Finding(base + off + s, base + off + e,
                          "句中不应有全角空格（U+3000），应删去；全角空格只用于段首缩进和版式对齐",
                          fix=Fix.unsafe(Edit(base + off + s, base + off + e, "")))


def _style_space(line: str, s: int, e: int) -> bool:
    """Spaces that are a typographic choice rather than a slip (§1.1, §1.16):
    - outside curly quotes set off on both sides: “ ” ‘ ’ are shared with Western text and their
      width depends on the font, so tech docs often write 使用 “ref” 函数;
    - around a dash or an ellipsis set off symmetrically (时间杀手 —— 他们) or next to Latin text;
    - between two marks (a list of the marks themselves: “ ” ‘ ’);
    - next to masked markup (inline code, HTML) or a Markdown attribute block {#id}."""
    before = line[s - 1]
    after = line[e]
    if before == MASK or after == MASK or after == "{":
        return True
    if before in _CN_PUNCT and after in _CN_PUNCT:
        return True
    if after in "“‘":  # 使用 “ref” 函数: spaced on both sides (or closed by a mark) is a style
        c = line.find("”" if after == "“" else "’", e + 1, e + 80)
        return c >= 0 and (c + 1 == len(line) or not (is_han(line[c + 1]) or line[c + 1].isalnum()))
    if before in "”’":
        o = line.rfind("“" if before == "”" else "‘", max(0, s - 80), s - 1)
        return o >= 0 and (o == 0 or not (is_han(line[o - 1]) or line[o - 1].isalnum()))
    if after in "—…" or before in "—…":
        dash = after if after in "—…" else before
        if after in "—…":
            j = e
            while j < len(line) and line[j] == dash:
                j += 1
            other = line[j + 1] if j < len(line) and line[j] == " " and j + 1 < len(line) else ""
            far = before
        else:
            j = s - 1
            while j >= 0 and line[j] == dash:
                j -= 1
            other = line[j - 1] if j >= 1 and line[j] == " " else ""
            far = after
        if other:
            return True  # spaced on both sides: a consistent house style
        return not (is_han(far) or far in _CN_PUNCT)
    return False


def _punct_spaces(block: Block) -> t.Iterator[Finding]:
    p = block.prose
    if " " not in p and "\t" not in p or not _PUNCT_NEAR.search(p):
        return  # _PUNCT_GAP needs a space or tab next to a mark; _PUNCT_NEAR scans faster
    base = block.start
    # _PUNCT_GAP never crosses a line break and finds the same runs in the block as in each line
    # (a break, like a line start, is neither a space nor a mark): search the block once and
    # cut out the line of each match, instead of searching every line.
    off, end = -1, -1  # the current line: p[off:end]
    for m in _PUNCT_GAP.finditer(p):
        if m.start() >= end:
            lo = max(end, 0)  # the break ending the previous line: no search before it (linear)
            off = max(p.rfind("\n", lo, m.start()), p.rfind("\r", lo, m.start())) + 1
            line = _LINE.match(p, off).group()
            end = off + len(line)
            first = None
        s, e = m.start() - off, m.end() - off
        if first is None:
            first = _text_bounds(line)[0]
        if s <= first:
            continue  # indentation, or a Markdown list marker's space
        if e == len(line):
            continue  # trailing spaces: reported once, by _trailing
        if _style_space(line, s, e) or _after_label(line, s):
            continue
        before, after = line[s - 1], line[e]
        if block.kind == "heading" and (after in "“‘（《【「『" or before in "”’）》】」』"):
            continue  # a layout space in a title: 专题 《……》、第一部分 “一带一路”
        mark = after if after in _CN_PUNCT else before
        where = "前" if after in _CN_PUNCT else "后"
        yield Finding(base + off + s, base + off + e,
                      f"中文标点“{mark}”{where}不应有空格，应删去",
                      fix=Fix.safe(Edit(base + off + s, base + off + e, "")))


def _trailing(doc: Document) -> t.Iterator[Finding]:
    """Spaces at the end of a line of a prose block (a line from the one of its start to the one
    of its end), each line once, in order."""
    text = doc.text
    # The ends of the lines that end in a space (a line ends before "\n", "\r\n", "\r" or the
    # end of the text): most documents have none.
    line_ends = [m.start() for m in (_SPACE_BREAK_CR if "\r" in text else _SPACE_BREAK).finditer(text)]
    if text[-1:] in (" ", "\t", "\u3000"):
        line_ends.append(len(text))
    if not line_ends:
        return
    line_starts = doc.lines.starts
    markdown = doc.format == "markdown"
    for le in line_ends:
        n = bisect.bisect_right(line_starts, le) - 1  # the line, 0-based
        ls = line_starts[n]
        s = ls + len(text[ls:le].rstrip(" \t\u3000"))
        if s == ls:
            continue  # a blank line
        # A prose block's lines reach this one: it starts before the next line and ends on this one or later.
        if not doc.blocks_spanning(ls, line_starts[n + 1] if n + 1 < len(line_starts) else None):
            continue
        run = text[s:le]
        if markdown and len(run) >= 2 and set(run) == {" "}:
            continue  # Markdown hard line break
        yield Finding(s, le, "行尾有多余的空格，应删去",
                      fix=Fix.safe(Edit(s, le, "")), severity=Severity.INFO)


def _is_emoji(ch: str) -> bool:
    if not ch:
        return False
    o = ord(ch)
    return o >= 0x1F000 or 0x2600 <= o <= 0x27BF or o == 0xFE0F or unicodedata.category(ch) == "So"


def _invisible(block: Block) -> t.Iterator[Finding]:
    p = block.prose
    if not _INVISIBLE_RE.search(p):
        return
    base = block.start
    for m in _INVISIBLE_RE.finditer(p):
        i = m.start()
        ch = m.group()
        prev = p[i - 1] if i else ""
        nxt = p[i + 1] if i + 1 < len(p) else ""
        if ch == "\u200d" and (_is_emoji(prev) or _is_emoji(nxt)):
            continue  # emoji ZWJ sequence 👨‍👩‍👧
        if ch == "\u200c" and not (is_han(prev) or is_han(nxt)):
            continue  # ZWNJ is part of Persian, Indic… spelling
        if ch == "\u00a0" and not any(is_han(c) or (c and c in _CN_PUNCT) for c in (prev, nxt)):
            repl, how = " ", "应换成普通空格"
        else:
            repl, how = "", "应删去"
        yield Finding(base + i, base + i + 1, f"正文中有不可见字符：{_INVISIBLE[ch]}，{how}",
                      fix=Fix.safe(Edit(base + i, base + i + 1, repl)))


def _cjk_latin(doc: Document, mode: str) -> t.Iterator[Finding]:
    spaced: list[tuple[int, int]] = []
    glued: list[int] = []
    for block in doc.blocks_of():
        base = block.start
        for m in _LATIN.finditer(block.prose):
            gap = m.group("a") if m.group("a") is not None else m.group("b")
            if gap:
                spaced.append((base + m.start(), base + m.end()))
            else:
                glued.append(base + m.start())
    if mode == "consistent":
        if len(spaced) == len(glued):
            return
        mode = "space" if len(spaced) > len(glued) else "nospace"
    if mode == "space":
        for i in glued:
            yield Finding(i, i, "汉字与西文字母、数字之间应加一个空格（按配置 cjk_latin = \"space\"）",
                          fix=Fix.safe(Edit(i, i, " ")), severity=Severity.INFO)
    else:
        for s, e in spaced:
            yield Finding(s, e, "汉字与西文字母、数字之间不加空格（按配置 cjk_latin = \"nospace\"）",
                          fix=Fix.safe(Edit(s, e, "")), severity=Severity.INFO)


@rule(code="ZH801", name="spacing", category="spacing", severity=Severity.WARNING, fixable="sometimes",
      options={"cjk_latin": "off"})
def spacing(doc: Document, ctx) -> t.Iterator[Finding]:
    r"""多余或不规范的空格：汉字之间、中文标点前后、句中的全角空格、行尾空格、不可见字符。

    ## 检查什么
    - 句中两个汉字之间的空格（只在含逗号、句号等的长句行里报；标题、名单（三个以上以空格分隔的
      短词）、署名、诗句、书名号内的标准名称、“第一章 总则”“第三十二条 ……”这类编号后的版式空格、
      报纸电头和按语后的空格（本报郑州3月5日电　、编者按　）、行末图片署名（本报记者　王明远摄）不报）。
    - 中文标点（，。、；：？！“”（）《》…… 等）前后的空格。行首缩进不报；两侧对称留空的
      弯引号（使用 “ref” 函数）和破折号（时间杀手 —— 他们）是一些技术文档的排版风格，不报。
    - 句中的全角空格 U+3000（段首缩进、标题和署名中的对齐不报）。
    - 行尾的空格、制表符、全角空格（Markdown 中行尾两个以上空格是硬换行，不报）。
    - 正文中的不可见字符：NBSP、零宽空格、零宽连字（表情符号序列中的除外）、文中的 BOM、软连字符。
    - 选项 `cjk_latin`：汉字与西文字母、数字之间的空格约定。`"off"`（默认）不检查；`"space"`
      报缺少的空格（技术文档风格：在 GitHub 上提交 3 个 PR）；`"nospace"` 报多出的空格（出版风格）；
      `"consistent"` 统计全文多数做法，只报少数派。

    ## 为什么
    中文排版中汉字和中文标点自带字宽，句中的空格会把一句话断成两截，影响阅读、检索和分词；
    这些空格多来自排版软件导出、OCR 或网页复制。不可见字符肉眼看不到，却会破坏搜索与比对。

    ## 反例
        我们要加强 领导，压实各方责任，推动工作落到实处。
        说明如下 ：各单位要按时报送材料。
        会议已经圆满完成。 下一步要抓好落实。
        各地要加强　领导，压实责任，确保各项工作落到实处。
        完成了。  \n下一步。
        互联网​发展（中间有一个零宽空格）

    ## 正例
        第一章 总则
        第三十二条 宪法序言第七自然段修改为：国家实行社会主义市场经济，加强经济立法。
        本报记者 张三 李四
        本报郑州3月5日电　记者从黄河水利委员会获悉，黄河流域生态环境持续明显向好。
        图为宁夏中卫沙坡头的防护林，当地群众正在植树造林。本报记者　王明远摄
        出席会议的有：张三 李四 王五 赵六，以及各部门负责人，会议由张三主持。
        出席评审会议的有：王　芳　李建国　张　伟　陈小红。
        摘　要：本文分析了城市社区养老服务设施的空间分布特征。
        床前明月光 疑是地上霜
        　　各地要加强领导，压实责任，确保各项工作落到实处。
        在 GitHub 上提交 3 个 PR，共有3个项目。
        He said “yes” and left.

    ## 修复安全性
    删去标点旁的空格、行尾空格和不可见字符是安全修复（NBSP 在西文之间换成普通空格）。
    汉字之间的空格和全角空格的删除是不安全修复：空格可能代替了丢失的标点，需人工确认。
    `cjk_latin` 的增删空格是安全修复。
    """
    mode = ctx.options.get("cjk_latin", "off")
    if mode not in _CJK_LATIN:
        from lint.errors import ConfigError

        raise ConfigError(f"rules.spacing.cjk_latin 应为 {' / '.join(_CJK_LATIN)} 之一，而不是 {mode!r}")
    for block in doc.blocks_where(_SCAN):
        yield from _inner_spaces(block)
        yield from _punct_spaces(block)
        yield from _invisible(block)
    yield from _trailing(doc)
    if mode != "off":
        yield from _cjk_latin(doc, mode)


RULES = (spacing,)
