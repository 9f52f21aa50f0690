"""Number forms (GB/T 15835-2011): full-width digits, shortened and mixed-style years,
doubled approximation words, 〇 versus 零, numbers split across lines, 4千5百."""
from __future__ import annotations

import re
import typing as t

from lint.cjk import lazy_compile, scan_pattern
from lint.document import Block, Document
from lint.model import Edit, Finding, Fix, Severity, rule

_FW = str.maketrans("０１２３４５６７８９．％", "0123456789.%")
_FW.update({c: c - 0xFEE0 for c in range(0xFF21, 0xFF5B) if chr(c).isalpha()})  # Ａ-Ｚ ａ-ｚ
# A number with at least one full-width digit, point or percent sign in it, with the
# full-width letters glued to it (５Ｇ).
_FW_NUMBER = re.compile(r"[0-9０-９]+(?:[.．][0-9０-９]+)?(?:[%％]|[Ａ-Ｚａ-ｚ]{1,3}(?![A-Za-zＡ-Ｚａ-ｚ]))?")
_FW_CHARS = re.compile("[０-９．％]")
_KANA = re.compile("[\u3040-\u30ff]")

# Words before "NN年" that make it a duration or an ordinal, not a shortened year.
_NOT_A_YEAR_BEFORE = ("第", "近", "前", "满", "每", "逾", "超过", "达", "约", "徒刑", "刑期", "拘役", "服刑", "工龄",
                      "历时", "为期")


def _era_or_count_before(text: str) -> bool:
    """Whether ``text`` (what precedes "NN年") ends with an era name (rules/data/numbers-eras.txt)
    or a word that makes NN年 a count of years."""
    from rules._data import word_set

    text = text.rstrip()
    return text.endswith(_NOT_A_YEAR_BEFORE) or any(text.endswith(w) for w in word_set("numbers-eras.txt"))


# 22年底 22年3月 22年上半年: the only places where "NN年" is surely a year (§2.3).
_SHORT_YEAR = re.compile(
    r"(?<![0-9０-９.．/\-A-Za-z])(?P<yy>[0-9]{2})年"
    r"(?=(?P<m>[0-9]{1,2})月|[一二三四五六七八九十]{1,2}月|底|初|末|全年|上半年|下半年|第?[一二三四1-4]季度)")
# ’22年: an apostrophe standing for the century, not the closing quote of ‘……’22年来.
_SHORT_YEAR_APOS = re.compile(r"(?:^|(?<=[\s（(，,、]))['’‘](?P<yy>[0-9]{2})年(?![来前后间内多余])", re.M)
_YY_YEAR = re.compile("[0-9]{2}年")  # what all three short-year patterns contain
_SHORT_YEAR_PAIR = re.compile(
    r"(?<![0-9])(?:19|20)[0-9]{2}年?\s*[和、与及至到—～~-]\s*(?P<yy>[0-9]{2})年(?![前后来间内以多余左之里中代])")

_CN_DIGIT = "〇一二三四五六七八九"
_BAD_ZERO = "零OＯ○"
_CN_YEAR = re.compile(rf"(?<![{_CN_DIGIT}{_BAD_ZERO}十百千万])[一二][{_CN_DIGIT}{_BAD_ZERO}]{{3}}年")
_AR_YEAR = re.compile(r"(?<![0-9.．,])(?:1[5-9]|20)[0-9]{2}年(?!代|来|之久|多|余|左右|历史)")
_ZERO_IN_AMOUNT = re.compile(r"(?<=[千百万亿])〇(?=[一二三四五六七八九])")

_NUM = r"(?:[0-9]+(?:[.,][0-9]+)*|[一二三四五六七八九十百千两几数]+)"
_UNIT = r"(?:[%％]|[个人家名元次天年月日岁米吨台辆件项位条张本只头斤克里公千平方分秒小时周倍度层户所座栋套份批场届期号级亩株]{1,3})"
_APPROX_BEFORE = (r"(?:将近|大约|大概|(?<![合契签节制预公违履特条盟婚誓邀相失解守集隐简和缔租])约"
                  r"|(?<![接最附靠临逼贴亲将邻远就新晚])近)")
# 约50余家 近100多名: an approximation word before the number and 余/多 right after it.
_APPROX_YU = lazy_compile(rf"(?P<q>{_APPROX_BEFORE})(?:有|为|是|计)?{_NUM}[万亿]?(?P<r>余|多)(?=[\u4e00-\u9fff%％])")
# 约30人左右 大约5%上下
_APPROX_ZUOYOU = lazy_compile(
    rf"(?P<q>{_APPROX_BEFORE})(?:有|为|是|计)?{_NUM}[万亿]?{_UNIT}?(?P<r>左右|上下)(?!班|楼|级|游|文|车|其|为难|逢源|开弓)")

_SPLIT = re.compile(r"(?<=[0-9])(?P<dot>[.．]?)(?P<br>\r\n|\r|\n)(?P<ind>[ \t\u3000]*)(?=[.．]?[0-9]|[%％])")
_NUMBERING_START = re.compile(r"[0-9]{1,3}[.、．)）](?![0-9])")

_ARABIC_WITH_CN = re.compile(
    r"(?<![A-Za-z0-9.])(?P<num>[0-9]+(?:\.[0-9]+)?)(?P<u>[千百])(?P<rest>(?:[0-9]+[百十])*)"
    r"(?![米克瓦伏帕卡焦赫字兆分])")
_CN_UNIT = {"千": 1000, "百": 100, "十": 10}

# Where each per-block check can report (see lint.cjk.scan_pattern): a necessary
# condition of every report, at one character.  Frequent characters first.
_SCAN = scan_pattern({
    # _arabic_with_cn: a digit before 千 or 百; _split: a digit (and a point) before a line break,
    # then a digit or a percent sign (_SPLIT)
    "0123456789": r"(?=[千百]|[.．]?(?:\r\n|\r|\n)[ \t\u3000]*(?:[.．]?[0-9]|[%％]))",
    "年": "(?<=[0-9]{2}年)",  # _short_years (_YY_YEAR)
    # _zeros: a wrong zero in a year (_CN_YEAR), 〇 in an amount (_ZERO_IN_AMOUNT)
    _BAD_ZERO: f"(?=[{_CN_DIGIT}{_BAD_ZERO}]{{0,2}}年)",
    "〇": "(?<=[千百万亿]〇)(?=[一二三四五六七八九])",
    "约近概": "(?=(?:有|为|是|计)?[0-9一二三四五六七八九十百千两几数])",  # _approx: 约 近 大概 before a number
    "０１２３４５６７８９．％": "",  # _full_width (_FW_CHARS)
})
# _split_across_blocks: a digit (and a point) at a block end, a line break, a digit or a percent sign.
_SPLIT_ACROSS_SCAN = lazy_compile(r"[0-9](?=[.．]?\n?[ \t\u3000]*(?:\r\n|\r|\n)[ \t\u3000]*(?:[.．]?[0-9]|[%％]))")
# _year_styles: a year of _CN_YEAR or _AR_YEAR.
_YEAR_SCAN = lazy_compile(f"年(?:(?<=[0-9]{{4}}年)|(?<=[一二][{_CN_DIGIT}{_BAD_ZERO}]{{3}}年))")


def _japanese(doc: Document) -> bool:
    """Full-width digits are normal in Japanese text (§2.8)."""
    return len(_KANA.findall(doc.text[:20000])) > 50


def _traditional_document(doc: Document) -> bool:
    """Traditional-script documents (Taiwan, Hong Kong) follow their own typesetting, where
    full-width digits are common; GB/T 15835 is a mainland norm (editorial-norms §2.8)."""
    from rules.script import document_script  # lazy: OpenCC only when a page has full-width digits

    return document_script(doc) == "traditional"


def _full_width(doc: Document, block: Block) -> t.Iterator[Finding]:
    p = block.prose
    if not _FW_CHARS.search(p) or _KANA.search(p):
        return  # a block quoting Japanese keeps its full-width digits
    base = block.start
    for m in _FW_NUMBER.finditer(p):
        if not _FW_CHARS.search(m.group()):
            continue
        s, e = base + m.start(), base + m.end()
        half = m.group().translate(_FW)
        if _traditional_document(doc):
            return
        yield Finding(s, e, f"数字应使用半角：“{m.group()}”应写作“{half}”",
                      fix=Fix.safe(Edit(s, e, half)))


def _short_years(block: Block) -> t.Iterator[Finding]:
    p = block.prose
    if "年" not in p or not _YY_YEAR.search(p):
        return  # every pattern below needs two digits and 年 (their look-behinds make scans slow)
    base = block.start
    seen: set[int] = set()
    candidates: list[re.Match] = []
    for m in _SHORT_YEAR.finditer(p):
        if m.group("m") and not 1 <= int(m.group("m")) <= 12:
            continue
        if _era_or_count_before(p[max(0, m.start() - 6):m.start()]):
            continue
        candidates.append(m)
    candidates += list(_SHORT_YEAR_APOS.finditer(p)) + list(_SHORT_YEAR_PAIR.finditer(p))
    for m in candidates:
        s = m.start("yy")
        if s in seen:
            continue
        seen.add(s)
        if s > 0 and p[s - 1] in "'’‘":
            s -= 1
        e = m.end("yy") + 1
        yy = m.group("yy")
        yield Finding(base + s, base + e,
                      f"年份不应简写：“{p[s:e]}”应写全四位（如“20{yy}年”或“19{yy}年”）")


def _approx(block: Block) -> t.Iterator[Finding]:
    p = block.prose
    if not any(w in p for w in ("约", "近")):
        return
    base = block.start
    # Each pattern needs its second word in the block (cheap test; compiling them is not).
    for rx, present in ((_APPROX_YU, "余" in p or "多" in p), (_APPROX_ZUOYOU, "左右" in p or "上下" in p)):
        for m in rx.finditer(p) if present else ():
            q, r = m.group("q"), m.group("r")
            s, e = base + m.start(), base + m.end()
            yield Finding(s, e, f"“{q}”与“{r}”都表示概数，不能叠用，应删去其一",
                          fix=Fix.unsafe(Edit(base + m.start("r"), base + m.end("r"), "")))


def _zeros(block: Block) -> t.Iterator[Finding]:
    p = block.prose
    if "〇" not in p and ("年" not in p or not any(c in p for c in _BAD_ZERO)):
        return  # _CN_YEAR reports only years with a wrong zero; _ZERO_IN_AMOUNT needs 〇
    base = block.start
    for m in _CN_YEAR.finditer(p):
        year = m.group()[:4]
        if not any(c in _BAD_ZERO for c in year) or sum(c in "一二三四五六七八九" for c in year) < 2:
            continue
        for k, c in enumerate(year):
            if c in _BAD_ZERO:
                i = base + m.start() + k
                yield Finding(i, i + 1, f"年份中的“{c}”应写作“〇”（U+3007）：编号、年份逐位读出时用“〇”",
                              fix=Fix.safe(Edit(i, i + 1, "〇")))
    for m in _ZERO_IN_AMOUNT.finditer(p):
        i = base + m.start()
        yield Finding(i, i + 1, "数值中的“〇”应写作“零”：按数值读出时用“零”（如“三千零五十二”）",
                      fix=Fix.safe(Edit(i, i + 1, "零")))


def _split(block: Block) -> t.Iterator[Finding]:
    p = block.prose
    if "\n" not in p and "\r" not in p:
        return
    base = block.start
    for m in _SPLIT.finditer(p):
        line_start = max(p.rfind("\n", 0, m.start()), p.rfind("\r", 0, m.start())) + 1
        line = p[line_start:m.start()]
        if not re.search(r"[^\W\d_]", line) or not re.search("[\u4e00-\u9fff]", line):
            continue  # a line of numbers only: a table, not a split number
        if _NUMBERING_START.match(p, m.end()):
            continue  # the next line starts with a numbering marker (1. 2、)
        j = m.start()
        while j > line_start and (p[j - 1].isdigit() or p[j - 1] in ".．,"):
            j -= 1
        if j == line_start or p[j - 1] in " \t\u3000":
            continue  # a number standing apart (a page number in a contents line), not glued to text
        s, e = base + m.start("br"), base + m.end()
        yield Finding(base + m.start() - 1, base + m.end() + 1,
                      "数字被换行拆开，应把它写在同一行",
                      fix=Fix.unsafe(Edit(s, e, "")))


def _split_across_blocks(doc: Document) -> t.Iterator[Finding]:
    """Plain text: when consecutive lines are read as separate blocks (a short line reads as a
    heading; lines that mostly end in punctuation are one paragraph each), a number split by
    the line break spans two blocks with nothing but the break between them."""
    text = doc.text
    for block in doc.blocks_where(_SPLIT_ACROSS_SCAN):
        nxt = doc.next_block(block)
        if nxt is None or not nxt.is_prose:
            continue
        p, q = block.prose, nxt.prose
        if not re.search(r"[^\s0-9.．,][0-9,]*[0-9][.．]?$", p[-40:]) or not re.match(r"[.．]?[0-9]|[%％]", q):
            continue  # the number must be glued to the text before it (达到52), not a page number
        if not re.search("[\u4e00-\u9fff]", p) or _NUMBERING_START.match(q):
            continue  # a line of numbers (a table), or the next line is numbered (1. 2、)
        gap = text[block.end:nxt.start]
        if gap.strip(" \t\u3000") not in ("\n", "\r\n", "\r"):
            continue  # a blank line between: broken-paragraph's business
        yield Finding(block.end - 1, nxt.start + 1, "数字被换行拆开，应把它写在同一行",
                      fix=Fix.unsafe(Edit(block.end, nxt.start, "")))


def _arabic_with_cn(block: Block) -> t.Iterator[Finding]:
    p = block.prose
    if not any(u in p for u in "千百"):
        return
    base = block.start
    for m in _ARABIC_WITH_CN.finditer(p):
        s, e = base + m.start(), base + m.end()
        text = m.group()
        fix = None
        after = p[m.end():m.end() + 1]
        if not after.isdigit():
            from decimal import Decimal  # rare path: keep it out of start-up

            value = Decimal(m.group("num")) * _CN_UNIT[m.group("u")]
            for part in re.finditer(r"([0-9]+)([百十])", m.group("rest")):
                value += Decimal(part.group(1)) * _CN_UNIT[part.group(2)]
            if value == value.to_integral_value():
                fix = Fix.unsafe(Edit(s, e, str(int(value))))
        suggestion = f"，“{text}”应写作“{fix.edits[0].replacement}”" if fix else ""
        yield Finding(s, e, f"阿拉伯数字不能与“千”“百”“十”连写{suggestion}（只能与“万”“亿”连用）", fix=fix)


def _year_styles(doc: Document) -> t.Iterator[Finding]:
    """Years in body paragraphs written both as 二〇二二年 and 2022年 (§2.2)."""
    cn: list[tuple[int, int, str]] = []
    ar: list[tuple[int, int, str]] = []
    for block in doc.blocks_where(_YEAR_SCAN):
        p = block.prose
        if block.kind not in ("paragraph", "list_item") or "。" not in p:
            continue  # headings, captions, date lines and sign-offs are their own category
        for rx, out in ((_CN_YEAR, cn), (_AR_YEAR, ar)):
            for m in rx.finditer(p):
                if _quoted(p, m.start()):
                    continue
                out.append((block.start + m.start(), block.start + m.end(), m.group()))
    if not cn or not ar:
        return
    major, minor = (ar, cn) if len(ar) >= len(cn) else (cn, ar)
    if len(major) < 2 or len(major) == len(minor):
        return
    example = major[0][2]
    for s, e, y in minor:
        conv = _convert_year(y)
        yield Finding(s, e, f"同一文本中年份写法应统一：本文多写作“{example}”式（{len(major)} 处），"
                            f"此处“{y}”宜写作“{conv}”",
                      fix=Fix.unsafe(Edit(s, e, conv)))


_TO_CN = str.maketrans("0123456789", "〇一二三四五六七八九")
_TO_AR = str.maketrans("〇零OＯ○一二三四五六七八九", "00000123456789")


def _convert_year(y: str) -> str:
    return y.translate(_TO_AR) if y[0] in "一二" else y.translate(_TO_CN)


def _quoted(p: str, i: int) -> bool:
    """Inside 《》 or “” (a title or a quotation keeps its own number style)."""
    for o, c in (("《", "》"), ("“", "”")):
        a = p.rfind(o, 0, i)
        if a >= 0 and p.rfind(c, a, i) < 0 and p.find(c, i) >= 0:
            return True
    return False


@rule(code="ZH901", name="number-format", category="numbers", severity=Severity.WARNING, fixable="sometimes")
def number_format(doc: Document, ctx) -> t.Iterator[Finding]:
    r"""数字写法不合规范：全角数字、年份简写、年份写法混用、概数词叠用、〇与零、数字被换行拆开、4千5百。

    ## 检查什么
    - 全角数字、全角小数点和百分号：２０２２年、５．６％（日文文本、繁体文本不报：GB/T 15835
      是大陆出版规范，台港排版常用全角数字）。
    - 年份简写：只在“22年底”“23年3月”“22年上半年”“’22年”和与完整年份并列（2021年和22年）时报；
      “工作了22年”“80年代”“90后”“民国22年”不报（纪年名称见 rules/data/numbers-eras.txt，可增补）。
    - 同一文本正文中公历年份既写“二〇二二年”又写“2022年”：报少数派的写法。标题、落款、
      日期行、书名号和引号内的年份不参与统计。
    - 概数词叠用：“约30人左右”“大约有50余家”“近100多名”；“左右为难”“约定”“多个”与此无关。
    - 年份中的“零”、拉丁字母 O、圆圈 ○ 应写作“〇”（二〇二二年）；数值中的“〇”应写作“零”（三千零五十二）。
    - 一个数被硬换行拆在两行（20\n22年、3.\n5亿元）；表格中逐行的数字、编号列表不报。
    - 阿拉伯数字与“千”“百”连写：4千5百元、3百万元、1千多人（“千米”“千克”“百分点”等单位不报）。

    ## 为什么
    GB/T 15835-2011 规定：数字一律用半角；公历年份写全，不简写；同一文本中同类数字形式一致；
    “约”“近”与“左右”“余”“多”不能叠用；编号中的 0 写“〇”、数值中的 0 写“零”；阿拉伯数字只能与
    “万”“亿”连用；一个数值不能拆在两行。

    ## 反例
        ２０２２年全市生产总值增长５．６％。
        推进５Ｇ网络建设。
        截至23年底，全市共有企业一万家。
        会议定于22年3月召开。
        二〇二一年召开第一次会议。2022年召开第二次会议。2023年召开第三次会议。
        现场约30人左右。
        全市大约有50余家企业参加。
        二零二二年工作报告已经发布。
        全年收入增长了20\n22万元，比上年有所提高
        共筹集资金4千5百元。

    ## 正例
        2022年全市生产总值增长5.6%。
        他在这里工作了22年，见证了80年代以来的变化。
        现场约30人。现场30人左右。全市有50余家企业。
        二〇二二年召开第一次会议，二〇二三年召开第二次会议。
        左右为难的时候，约定俗成的做法是多个方案并行。
        零下五度，零售价格三千零五十二元。
        全程5千米，体重60千克，提高3个百分点。
        1.\n2.
        第２條　本法所稱主管機關，在中央為內政部，於２０２３年施行。

    ## 修复安全性
    全角改半角、年份中的“零”改“〇”是安全修复。删去叠用的概数词、合并被拆开的数字、
    “4千5百元”改“4500元”、统一年份写法是不安全修复，需人工确认。年份简写只报告：世纪要由作者确定。
    """
    blocks = doc.blocks_where(_SCAN)
    # Full-width digits are rare: look for them before scanning the text for kana.
    if any(_FW_CHARS.search(b.prose) for b in blocks) and not _japanese(doc):
        for block in blocks:
            yield from _full_width(doc, block)
    for block in blocks:
        yield from _short_years(block)
        yield from _approx(block)
        yield from _zeros(block)
        yield from _split(block)
        yield from _arabic_with_cn(block)
    if doc.format == "text":
        yield from _split_across_blocks(doc)
    yield from _year_styles(doc)


RULES = (number_format,)
