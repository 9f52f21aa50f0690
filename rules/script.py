"""Mixed scripts: traditional (and Japanese) characters in a simplified text, simplified
characters in a traditional one (editorial-norms §5.1–§5.6), with OpenCC."""
from __future__ import annotations

import functools
import re
import typing as t

from lint.cjk import HAN_RE
from lint.document import MASK, QUOTE, Block, Document
from lint.model import Edit, Finding, Fix, Severity, rule
from rules._data import table, word_set

SCRIPTS = ("auto", "simplified", "traditional")
# Inside these pairs text is often quoted in its original form (《說文解字》, a name, a citation).
_OPEN_CLOSE = {"《": "》", "〈": "〉", "“": "”", "「": "」", "『": "』"}


@functools.cache
def _converter(config: str):
    import opencc

    return opencc.OpenCC(config)


@functools.cache
def _char(config: str, ch: str) -> str:
    """Character-level conversion (no phrase context)."""
    return _converter(config).convert(ch)


@functools.cache
def _japanese() -> dict[str, str]:
    return {row[0]: row[1] for row in table("script-japanese.tsv") if len(row) >= 2}


@functools.cache
def _t2s_candidates() -> frozenset[str] | None:
    """The characters OpenCC's character-level t2s changes (rules/data/script-t2s-chars.txt): a
    block with none of them has no traditional character to report, so pages in simplified
    script never load OpenCC's t2s dictionaries (about 30 ms).  None, and no shortcut, when the
    list was generated from another OpenCC version than the installed one."""
    import opencc

    rows = table("script-t2s-chars.txt")
    if not rows or rows[0] != ("opencc", getattr(opencc, "__version__", None)):
        return None
    return frozenset("".join(r[0] for r in rows[1:]))


@functools.cache
def _suspect_chars() -> frozenset[str] | None:
    """Every t2s candidate and every Japanese form in the BMP: a string without one of them (or
    an astral character) has nothing for mixed-script to report in a simplified text.  None
    when there is no candidate list."""
    candidates = _t2s_candidates()
    if candidates is None:
        return None
    return frozenset(c for c in candidates | _japanese().keys() if len(c) == 1 and c <= "\uffff")


_ASTRAL_CLASS = "\U00010000-\U0010ffff"
_ASTRAL = re.compile(f"[{_ASTRAL_CLASS}]")
# Compiling the class of all suspect characters costs about 7 ms; below this length a set test
# per character is cheaper, so a page never compiles it.
_SET_SCAN_MAX = 50_000


@functools.cache
def _suspect_re() -> re.Pattern:
    """_suspect_chars as one class, for one C scan of a long text; astral characters all match,
    because ``re`` tests a class of scattered astral characters one by one."""
    bmp = "".join(sorted(_suspect_chars() or ()))
    return re.compile(f"[{re.escape(bmp)}{_ASTRAL_CLASS}]")


def _suspect_search(length: int) -> t.Callable[[str], object] | None:
    """A test of whether a string holds a suspect character (see _suspect_chars), for strings
    of about ``length`` characters: the compiled class once a long text needed it, a set test
    before.  None without a candidate list (then every string may hold one)."""
    chars = _suspect_chars()
    if chars is None:
        return None
    if _class_scan(length):
        return _suspect_re().search
    return lambda text: not chars.isdisjoint(text) or _ASTRAL.search(text) is not None


def _class_scan(length: int) -> bool:
    """Whether to test a string of ``length`` characters with the compiled class of suspects:
    for a long one, and for any once a long one had it compiled."""
    return length > _SET_SCAN_MAX or bool(_suspect_re.cache_info().currsize)


def _t2s_chars_file() -> str:
    """The text of rules/data/script-t2s-chars.txt for the installed OpenCC: every code point
    converted on its own (one call: a line break separates them and no dictionary entry spans
    one)."""
    import opencc

    chars = [chr(i) for i in range(0x20, 0x110000) if not 0xD800 <= i <= 0xDFFF and chr(i) not in "\r\n"]
    out = _converter("t2s").convert("\n".join(chars)).split("\n")
    changed = "".join(c for c, o in zip(chars, out) if o != c)
    head = _T2S_HEADER + f"opencc\t{opencc.__version__}\n"
    return head + "".join(changed[i:i + 50] + "\n" for i in range(0, len(changed), 50))


_T2S_HEADER = """\
# Characters that OpenCC's character-level t2s conversion changes: the only characters mixed-script
# can report as traditional.  A block containing none of them is skipped without loading OpenCC
# (about 30 ms at start-up).  Rule: mixed-script (ZH701).  The first entry names the OpenCC version
# the list was made from; with another version installed the list is ignored.  Regenerate with
#   python -c "from rules.script import _t2s_chars_file as f; print(f(), end='')" > rules/data/script-t2s-chars.txt
"""


@functools.cache
def _japanese_re() -> re.Pattern:
    """One scan per block instead of a dictionary look-up per character."""
    chars = sorted(c for c in _japanese() if len(c) == 1)
    return re.compile("[" + "".join(map(re.escape, chars)) + "]" if chars else "(?!)")


def _aligned(source: str, converted: str) -> list[tuple[int, str]]:
    """(position, new character) for every character the conversion changed.  OpenCC keeps one
    character per character almost always; otherwise align the two (difflib) and keep the
    one-for-one replacements."""
    if source == converted:  # the common case: nothing to convert, skip the per-character scan
        return []
    if len(source) == len(converted):
        return [(i, b) for i, (a, b) in enumerate(zip(source, converted)) if a != b]
    import difflib

    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, source, converted, autojunk=False).get_opcodes():
        if op == "replace" and i2 - i1 == j2 - j1:
            out.extend((i1 + k, converted[j1 + k]) for k in range(i2 - i1))
    return out


def traditional_chars(prose: str) -> list[tuple[int, str]]:
    """Positions of traditional characters with their simplified form: the character changes
    under character-level t2s AND still changes when its context goes through phrase-level t2s
    (乾隆, 慰藉, 宫商角徵羽 stay as they are).  s2t is never used as evidence here."""
    return list(_traditional(prose))


@functools.lru_cache(maxsize=4096)
def _traditional(prose: str) -> tuple[tuple[int, str], ...]:
    # Cached: mixed-script asks twice for most blocks (to find the main script, then to report).
    if not HAN_RE.search(prose):
        return ()
    candidates = _t2s_candidates()
    # The candidate set decides; the compiled class, when in use, is a faster first look.
    if candidates is not None and ((_class_scan(len(prose)) and not _suspect_re().search(prose))
                                   or candidates.isdisjoint(prose)):
        return ()  # no character that t2s changes: the result is empty without asking OpenCC
    changed = _aligned(prose, _converter("t2s").convert(prose))
    return tuple((i, new) for i, new in changed if _char("t2s", prose[i]) != prose[i])


def simplified_chars(prose: str) -> list[tuple[int, str]]:
    """Positions of simplified-only characters with a traditional suggestion: phrase-level s2t
    changes them, character-level t2s does not, and the character is not itself a traditional
    character too (后 皇后, 干 若干, 里 公里, 台 舞台: `script-shared.txt`)."""
    if not HAN_RE.search(prose):
        return []
    shared = word_set("script-shared.txt")
    changed = _aligned(prose, _converter("s2t").convert(prose))
    return [(i, new) for i, new in changed
            if prose[i] not in shared and _char("t2s", prose[i]) == prose[i] and HAN_RE.match(prose[i])]


_MARKS = re.compile("[" + "".join(_OPEN_CLOSE) + "".join(_OPEN_CLOSE.values()) + "]")


def _quoted_spans(prose: str) -> list[tuple[int, int]]:
    """[start, end) of each outermost title or quotation, from its opening mark to its closing
    mark (an unclosed pair runs to the end of the block).  Only the marks are visited, not
    every character: this runs on every block of every document."""
    spans: list[tuple[int, int]] = []
    stack: list[str] = []  # expected closing marks
    opened = 0
    for m in _MARKS.finditer(prose):
        i = m.start()
        ch = prose[i]
        if stack and ch == stack[-1]:
            stack.pop()
            if not stack:
                spans.append((opened, i + 1))
            continue
        if ch in _OPEN_CLOSE:
            if not stack:
                opened = i
            stack.append(_OPEN_CLOSE[ch])
    if stack:
        spans.append((opened, len(prose)))
    return spans


def _quoted(prose: str) -> list[int]:
    """Per position: the offset of the enclosing title or quotation mark, or -1 (an unclosed
    pair runs to the end of the block)."""
    out = [-1] * len(prose)
    for s, e in _quoted_spans(prose):
        out[s:e] = [s] * (e - s)
    return out


def _unquote_own_script(prose: str, quoted: list[int], hits: list, script: str) -> None:
    """A quotation that itself has characters only the main script uses is written in the main
    script, so the other script's characters in it are slips, not a quotation in its own script
    (「我們在这裡住了一輩子」 in a traditional text; “我们在這里” in a simplified one)."""
    own = traditional_chars if script == "traditional" else simplified_chars
    for start in {quoted[i] for i, _, _ in hits if quoted[i] >= 0}:
        end = start
        while end < len(quoted) and quoted[end] == start:
            end += 1
        if own(prose[start:end]):
            quoted[start:end] = [-1] * (end - start)


def _runs(hits: list[tuple[int, str]]) -> list[tuple[int, int, str]]:
    """Consecutive positions merged: 互聯網與 gives one finding for 聯網與."""
    runs: list[list] = []
    for i, new in sorted(hits):
        if runs and runs[-1][1] == i:
            runs[-1][1] = i + 1
            runs[-1][2] += new
        else:
            runs.append([i, i + 1, new])
    return [(s, e, r) for s, e, r in runs]


def _allowed_mask(prose: str, words: t.Iterable[str]) -> set[int]:
    covered: set[int] = set()
    for w in words:
        if not w:
            continue
        i = prose.find(w)
        while i >= 0:
            covered.update(range(i, i + len(w)))
            i = prose.find(w, i + 1)
    return covered


def _unquoted(block: Block) -> str:
    """The block's prose with quotations and titles masked (and nothing at all of a quote
    block): quoted text keeps its own script and says nothing about the document's."""
    if block.kind == QUOTE:
        return ""
    prose = block.prose
    if not any(c in prose for c in _OPEN_CLOSE):
        return prose
    parts, prev = [], 0
    for s, e in _quoted_spans(prose):
        parts += (prose[prev:s], MASK * (e - s))
        prev = e
    parts.append(prose[prev:])
    return "".join(parts)


def main_script(blocks: list[Block]) -> str:
    """"traditional" when traditional-only characters outnumber simplified-only ones outside
    quotations, else "simplified" (editorial-norms §5.2, step one)."""
    # _unquoted only masks: a block whose prose has no t2s candidate has no traditional character.
    search = _suspect_search(sum(len(b.prose) for b in blocks))
    trad = sum(len(traditional_chars(_unquoted(b))) for b in blocks if search is None or search(b.prose))
    if trad == 0:
        return "simplified"
    simp = 0
    for b in blocks:  # stop as soon as the simplified side has caught up: the answer is known
        simp += len(simplified_chars(_unquoted(b)))
        if simp >= trad:
            return "simplified"
    return "traditional" if trad > simp else "simplified"


def document_script(doc: Document) -> str:
    """The main script of ``doc``'s prose, computed once per document (mixed-script and
    number-format both ask)."""
    return doc.memo("script.main", lambda d: main_script(list(d.blocks_of())))


@rule(code="ZH701", name="mixed-script", category="script", severity=Severity.ERROR,
      fixable="sometimes", options={"script": "auto", "allow": []})
def mixed_script(doc: Document, ctx) -> t.Iterator[Finding]:
    r"""简繁混用：简体文本中夹杂繁体字、异体字或日文汉字，繁体文本中夹杂简体字。

    ## 检查什么
    先判定全文的主体字形（`script = "auto"`，默认）：不计书名号、引号和引文中的字，繁体特有字
    多于简体特有字时按繁体文本处理，否则按简体文本；也可在配置中指定
    `script = "simplified"` 或 `"traditional"`。

    简体文本中，一个字要同时满足两条才报：字级 OpenCC t2s 会改变它，并且把它连同所在段落
    交给词语级 t2s 转换后它仍被改变。于是两种写法相同的字（人、大、中）从不成为候选，
    《通用规范汉字表》按词保留的字（乾坤、乾隆、慰藉、狼藉、瞭望、宫商角徵羽）也不报，
    这些词另列在 `rules/data/script-allow.txt` 中，不随 OpenCC 版本变化。决不拿“s2t 会改变
    它”当证据：皇后、若干、公里、头发、舞台、看着里的字都是规范字。OpenCC t2s 顺带把
    已淘汰的异体字（峯、羣、牀、綫）归一，日文新字体（広、読、駅、円、県）另用
    `rules/data/script-japanese.tsv` 对照。

    繁体文本中，报简体特有字：词语级 s2t 会改变它、它不是繁体字、也不是“一简对多繁”中
    本身就是繁体字之一的字（后、干、里、台、余、面……，见 `rules/data/script-shared.txt`）。

    书名号、引号内的片段与引文段落（引用块）按原书、原文字形著录的情形常见，这些位置的
    结果降为提示（info），每处引文只报一条，修复也只作为不安全修复提供；但引文本身含有主体
    字形特有的字时，它就是用主体字形写的（繁体文本中的「我們在这裡住」），其中的另一种字形
    是录入差错，照常报告。《通用规范汉字表》恢复用于人名的“昇”“陞”，改成“升”后与前后字
    都不成词时视为人名（全汉昇），不报；成词时（东昇、昇华）照报。其他人名、专名可用 `allow`
    词表放行；语言名称的自称（繁體中文、日本語）已在 `script-allow.txt` 中。

    配置：

        [tool.jiaodui.rules.mixed-script]
        script = "auto"        # "simplified" | "traditional"
        allow = ["於梨华"]

    ## 为什么
    以简体为主的出版物应使用规范字，夹杂的繁体字多来自复制粘贴、输入法切换或港台来稿，
    读者一眼就能看出，却很难被拼写检查发现。

    ## 反例
        推动互聯網與实体经济深度融合。
        这个问题的关键在於沟通。
        高峯论坛在広岛举行。
        我們在這裡討論網路發展的問題，大家都很關心这个。

    ## 正例
        乾隆年间，他写下了“扭转乾坤”四个字。
        皇后若干年后回到故里，走了三公里，头发全白，登上舞台。
        他著名的诗句给人慰藉，站在瞭望塔上看着远方。
        我們在這裡討論網路發展的問題，大家都很關心。
        这段史料转引自全汉昇的《唐宋帝国与运河》。

    ## 修复安全性
    简体文本中的繁体字、异体字：安全，繁转简是多对一，转换结果唯一（取词语级 t2s 的结果）；
    位于书名号、引号或引文中的降为不安全。日文汉字：不安全（可能是日文人名或引文），级别为 warning。
    繁体文本中的简体字：不提供修复，简转繁是一对多（发→發/髮，后→後/后），只在消息中给出
    词语级 s2t 的建议。
    """
    script = ctx.options.get("script", "auto")
    if script not in SCRIPTS:
        script = "auto"
    # In a simplified text every hit is a t2s candidate or a Japanese form, and a text without
    # candidates has simplified as its main script: blocks without either are skipped, and a
    # text without either (prose is the text with some characters masked) has nothing to report.
    search = _suspect_search(len(doc.text)) if script != "traditional" else None
    if search is not None and not search(doc.text):
        return
    blocks = list(doc.blocks_of())
    if not any(HAN_RE.search(b.prose) for b in blocks):
        return
    if script == "auto":
        script = document_script(doc)
    if script != "simplified":
        search = None
    allowed = ctx.allowed_words() | word_set("script-allow.txt")
    for block in blocks:
        prose = block.prose
        if search is not None and not search(prose):
            continue
        if script == "simplified":
            hits = [(i, new, "trad") for i, new in traditional_chars(prose)]
            jp = _japanese()
            seen = {i for i, _, _ in hits}
            hits += [(m.start(), jp[m.group()], "jp") for m in _japanese_re().finditer(prose)
                     if m.start() not in seen]
        else:
            hits = [(i, new, "simp") for i, new in simplified_chars(prose)]
        if not hits:
            continue
        covered = _allowed_mask(prose, allowed)
        hits = [h for h in hits if h[0] not in covered and not _name_variant(prose, h[0], h[1])]
        quoted = [0] * len(prose) if block.kind == QUOTE else _quoted(prose)
        if block.kind != QUOTE:
            _unquote_own_script(prose, quoted, hits, script)
        for kind in ("trad", "jp", "simp"):
            mine = [(i, n) for i, n, k in hits if k == kind]
            # Quoted text is usually quoted in its own script: one finding per quotation.
            segments: dict[int, list[tuple[int, str]]] = {}
            for i, n in mine:
                if quoted[i] >= 0:
                    segments.setdefault(quoted[i], []).append((i, n))
            for group in segments.values():
                yield _quoted_finding(block, group, kind)
            for s, e, new in _runs([(i, n) for i, n in mine if quoted[i] < 0]):
                yield _finding(block, s, e, new, kind, False)


# Variants the 通用规范汉字表 (2013) restores as standard characters in personal names.
_NAME_VARIANTS = frozenset("昇陞")


def _name_variant(prose: str, i: int, new: str) -> bool:
    """A name character (全汉昇, 李陞): its simplified form makes no word with its neighbours,
    whereas 东昇, 昇华 are the word 东升, 升华 written with the variant."""
    if prose[i] not in _NAME_VARIANTS:
        return False
    from lint import nlp

    return not any(nlp.has_word(w) for w in (prose[i - 1:i] + new, new + prose[i + 1:i + 2]) if len(w) == 2)


def _finding(block: Block, s: int, e: int, new: str, kind: str, quoted: bool) -> Finding:
    start, end = block.start + s, block.start + e
    old = block.prose[s:e]
    # Japanese forms are a warning (editorial-norms §5.6): they may be a Japanese name or quotation.
    severity = Severity.INFO if quoted else Severity.WARNING if kind == "jp" else None
    if kind == "simp":
        return Finding(start, end, f"“{old}”是简体字，繁体文本中应作“{new}”（按词语转换的建议，请核对）",
                       severity=severity)
    if kind == "jp":
        what = "日文汉字"
    else:
        what = _label(block.prose, s, e)
    where = "（位于书名号、引号或引文中，若为照录原文可忽略）" if quoted else ""
    msg = f"“{old}”是{what}，简体文本中应作“{new}”{where}"
    edit = Edit(start, end, new)
    fix = Fix.safe(edit) if kind == "trad" and not quoted else Fix.unsafe(edit)
    return Finding(start, end, msg, fix=fix, severity=severity)


def _quoted_finding(block: Block, group: list[tuple[int, str]], kind: str) -> Finding:
    """One finding for all such characters of a quotation, from the first to the last."""
    s, e = group[0][0], group[-1][0] + 1
    if len(group) == 1:
        return _finding(block, s, e, group[0][1], kind, True)
    new = {i: n for i, n in group}
    old = block.prose[s:e]
    fixed = "".join(new.get(i, c) for i, c in enumerate(old, s))
    chars = "".join(block.prose[i] for i, _ in group)
    start, end = block.start + s, block.start + e
    if kind == "simp":
        msg = f"引文“{old}”中有简体字（{chars}），繁体文本中应作“{fixed}”（按词语转换的建议，请核对）"
        return Finding(start, end, msg, severity=Severity.INFO)
    what = "日文汉字" if kind == "jp" else "繁体字"
    msg = (f"书名号、引号或引文中的“{old}”有{what}（{chars}），简体文本中应作“{fixed}”"
           "（若为照录原文可忽略）")
    return Finding(start, end, msg, fix=Fix.unsafe(Edit(start, end, fixed)), severity=Severity.INFO)


def _label(prose: str, s: int, e: int) -> str:
    """Wording only, never evidence: a traditional character comes back when the simplified
    context goes through s2t (乾燥→干燥→乾燥), a variant does not (高峯→高峰→高峰)."""
    a, b = max(0, s - 4), min(len(prose), e + 4)
    simplified = _converter("t2s").convert(prose[a:b])
    back = _converter("s2t").convert(simplified)
    if len(back) != b - a:
        return "繁体字或异体字"
    same = [back[i - a] == prose[i] for i in range(s, e)]
    return "繁体字" if all(same) else "异体字" if not any(same) else "繁体字或异体字"


RULES = (mixed_script,)
