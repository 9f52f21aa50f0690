"""Repetition: a character or word typed twice (重复字词) and a paragraph that occurs twice (重复段落).

repeated-word finds every immediately repeated run of Han characters in one pass
(lint.kernels.han_doubles), then keeps only the runs that segmentation says are whole words
typed twice: the segmenter runs on a small window around each candidate, never on the whole
document.

duplicate-paragraph joins the paragraphs on character 4-grams with prefix filtering (the
AllPairs/PPJoin idea, with ED-Join's location-based prefixes): each paragraph indexes only its
rarest grams, as few as the edit budget derived from the threshold allows
(lint.kernels.text_prefix), so only plausible pairs meet and cost stays near linear.
"""
from __future__ import annotations

import dataclasses
import functools
import re
import typing as t
from collections import defaultdict
from itertools import chain, compress, repeat

from lint.cjk import HAN, HAN_RE, lazy_compile, NUMBER_MARKER
from lint.document import MASK, PARAGRAPH, QUOTE, Block, Document
from lint.kernels import gram_ids, han_doubles, text_prefix
from lint.model import Edit, Finding, Fix, Severity, rule
from rules._data import table, word_set

# ---------------------------------------------------------------------------------------- repeated-word

_MAX_UNIT = 12  # longest repeated unit looked for ("网络空间命运共同体" is 9)
_LONG_RUN = 4  # copies: a longer run is not a slip of the keyboard but filler or a pattern
_HAN_RE = HAN_RE  # shared: compiling the Han class costs ~1.3 ms per pattern
# A line break inside a paragraph (soft wrap, print extraction) between two Han characters.
_WRAP = lazy_compile(rf"(?<=[{HAN}])[ \t\u3000]*\r?\n[ \t\u3000\ufffc]{{0,4}}(?=[{HAN}])")

_CN_NUMERALS = frozenset("〇零一二三四五六七八九十百千万亿两")
# A year or code read digit by digit, with the zeros people actually type (二O二二, 二○二二).
_DIGIT_RUN = _CN_NUMERALS | frozenset("OoＯｏ○◯0０")
# Function words and pronouns: doubling them is always a slip, so the generic reduplication
# patterns below (AA的, AA看, 一AA) never excuse them.
_FUNCTION = frozenset("的地得了着过是在和与及或把被对将就也都又还很更最太不没有从向于为以而并但则其之所"
                      "这那我你您他她它们个要会能可该让给跟同比由因如若虽且即便")
_PARTICLES_AFTER_VERB_REDUP = frozenset("吧呢啊嘛啦看")
# What typically precedes a tentative VV: 去/来 (去爬爬), modal and request verbs, 一起/出去 ...
_VERB_REDUP_CUES = frozenset("去来再要想让请帮给得该先多也都就还们起你我咱")
# What may stand before and after an utterance repeated for emphasis (not 、: a list item).
_CLAUSE_OPEN = frozenset(["", "，", "。", "！", "？", "；", "：", "“", "‘", "「", "（", "—", "…", " ", "\n"])
_CLAUSE_CLOSE = frozenset("，。！？…”’」!?～")
# Replies and calls people repeat on purpose.
_RESPONSES = frozenset(["好", "对", "是", "行", "嗯", "好的", "对的", "是的", "行了", "快", "快点", "走", "走吧",
                        "来", "来吧", "慢", "别", "不", "谢谢", "哎", "喂", "等等", "没事", "算了", "好了", "对不起",
                        "加油", "再见", "拜拜", "好啊", "是啊", "对啊"])
# AA words whose character is also a modal or degree word, and the part-of-speech tags of a
# following word that give the slip away (会会 + verb, 太太 + adjective).
_AMBIGUOUS_AA = {"会": ("v", "p"), "太": ("a",)}
# Characters that never form an AA word or name, so an unknown doubled form of them is a slip.
_NEVER_AA = _FUNCTION | frozenset("第前后内外中上下里间指全各每本此受使令应须即既该")
# Postpositions that close a clause (在切换时，): doubled there, they are never the AA word.
_POSTPOSITIONS = frozenset("时后前中上下里内外间")
# Units counted after a number whose doubling is a slip even before a Han character (2021年年3月).
_DATE_UNITS = frozenset("年月日时分秒次元个天周号岁")
# Single characters that are still a slip when the second copy starts a word (他他们, 更更加).
_GLUED_ERRORS = frozenset("我你他她它咱更很最太不")
# Bound noun suffixes: verb + (verb + suffix) is a legal term, not a slip (保管保管物, 出租出租人).
_NOUN_SUFFIXES = frozenset("物者人方费权品性化率员家式型金款额量期单证器机")


@functools.cache
def _listed() -> dict[str, str]:
    """The data allow-list: form -> type (AA, AABB, ABAB, ABB, NUMCL, ONOM, IDIOM, EMPH)."""
    return {row[0]: (row[1] if len(row) > 1 else "") for row in table("reduplication.txt")}


@functools.cache
def _allow_data() -> frozenset[str]:
    return frozenset(_listed())


@functools.cache
def _onomatopoeia_chars() -> frozenset[str]:
    return frozenset("".join(word_set("repetition-onomatopoeia.txt")))


def _view(prose: str) -> tuple[str, list[int] | None]:
    """``prose`` with in-paragraph line breaks between Han characters removed, and the map from
    view offsets back to prose offsets (None when nothing was removed)."""
    if "\n" not in prose:
        return prose, None
    parts: list[str] = []
    index: list[int] = []
    last = 0
    for m in _WRAP.finditer(prose):
        # Join only wrapped running text: a line with few Han characters is a label, a heading
        # or a container marker (":::warning 不推荐").
        if len(_HAN_RE.findall(prose, prose.rfind("\n", 0, m.start()) + 1, m.start())) < 10:
            continue
        parts.append(prose[last:m.start()])
        index.extend(range(last, m.start()))
        last = m.end()
    if last == 0:
        return prose, None
    parts.append(prose[last:])
    index.extend(range(last, len(prose)))
    return "".join(parts), index


def _covering(view: str, start: int, end: int, allowed: t.Container[str]) -> list[str]:
    """Allowed forms (叠词, idioms, user words) that cover ``view[start:end]`` in the text."""
    lo = max(0, start - 4)
    hi = min(len(view), end + 4)
    return [view[a:b] for a in range(lo, start + 1) for b in range(end, hi + 1) if view[a:b] in allowed]


def _is_numeral(ch: str) -> bool:
    return ch.isdigit() or ch in _CN_NUMERALS


def _no_aa(unit: str) -> bool:
    """The doubled character is neither a dictionary word nor a listed form (意意, not 人人)."""
    from lint import nlp

    # The set look-ups first: the dictionary (the segmenter, ~0.1 s to load) only when needed.
    return (unit * 2) not in _listed() and unit not in _NEVER_AA and not nlp.has_word(unit * 2)


def _word_from(view: str, start: int) -> bool:
    """Whether a dictionary word of 2-4 Han characters starts at ``start``."""
    from lint import nlp

    for k in range(2, 5):
        w = view[start:start + k]
        if len(w) < k or not _HAN_RE.match(w[-1]):
            break
        if nlp.has_word(w):
            return True
    return False


def _stray_copy(view: str, start: int, unit: str) -> bool:
    """A doubled character whose first copy closes a number or a long word and whose second copy
    starts nothing (2020年年, 5月月, 第五十八条条, 相对人人): a slip even when AA is a 叠词."""
    from lint import nlp

    if len(unit) != 1 or unit in _FUNCTION or start == 0:
        return False
    prev = view[start - 1]
    if start >= 2 and view[start - 2] == prev:  # AABB (冰冰凉凉)
        return False
    if _is_numeral(prev):
        # 一AA is numeral + reduplicated classifier (一次次), unless 一 ends a longer number.
        if prev == "一" and not (start >= 2 and (_is_numeral(view[start - 2]) or view[start - 2] == "第")):
            return False
        # Other classifiers may start a term the dictionary lacks (第四章|章名).
        after = view[start + 2:start + 3]
        if after and _HAN_RE.match(after) and unit not in _DATE_UNITS:
            return False
    elif not any(all(_HAN_RE.match(c) for c in view[start - k:start]) and nlp.has_word(view[start - k:start + 1])
                 for k in ((1, 2, 3) if _no_aa(unit) else (2, 3)) if start - k >= 0):
        # Only a word of three or more characters counts: 为人|人人 (我为人人) is a 叠词; a
        # two-character word counts when the doubled character is no word at all (注意|意安全).
        return False
    return not _word_from(view, start + 1)


def _judge(view: str, start: int, unit: str, copies: int, allowed: frozenset[str],
           listed: t.Mapping[str, str]) -> bool:
    """Whether the repeat of ``unit`` at ``start`` is an error."""
    size = len(unit)
    end = start + size * copies
    if all(c in _CN_NUMERALS for c in unit):
        lo, hi = start, end
        while lo > 0 and view[lo - 1] in _DIGIT_RUN:
            lo -= 1
        while hi < len(view) and view[hi] in _DIGIT_RUN:
            hi += 1
        places = any(c in "十百千万亿" for c in unit)
        # Digit by digit (一九九九年, 二〇一一) or a listed form (一一对应, 三三两两, 千千万万).
        if (not places and (lo < start or hi > end)) or _covering(view, start, end, allowed):
            return False
        return True  # （三三）, 第四百百二十九条, 第一百零五一百零五条
    covering = _covering(view, start, end, allowed)
    # A longer listed form (高高兴兴, 一个个, 井井有条) or the user's own word always wins.
    if any(len(w) > end - start or listed.get(w) is None for w in covering):
        return False
    if copies == 2 and _stray_copy(view, start, unit):
        return True
    if covering:
        return _listed_form_misused(view, start, unit, copies, [listed[w] for w in covering])
    if _generic_reduplication(view, start, unit, copies):
        return _numeral_classifier_misused(view, start, unit, copies)
    return _is_word_repeat(view, start, unit, copies)


def _next_word(view: str, end: int) -> tuple[str, str]:
    """The word right after ``end`` and its part-of-speech tag ('' when none starts there)."""
    from lint import nlp

    after = view[end:end + 6]
    if not after or not _HAN_RE.match(after[0]):
        return "", ""
    word = nlp.cut(after)[0]
    return word, _tag(word)


def _numeral_classifier_misused(view: str, start: int, unit: str, copies: int) -> bool:
    """一X一X before a noun or an adjective is one 一X typed twice (是一个一个内置组件); before a
    verb, 地 or a pause it is the distributive reduplication (一个一个检查, 一步一步地)."""
    if len(unit) != 2 or unit[0] != "一" or copies != 2:
        return False
    after = view[start + 4:start + 5]
    if not after or after in _CLAUSE_CLOSE or after in "、；：地":
        return False
    if not _HAN_RE.match(after):
        return after not in ")）"  # 一个一个 ref, 一些一些“副作用”
    # Not "a": the segmenter tags many verbs after it as adjectives (一条一条落实).
    return _next_word(view, start + 4)[1][:1] in ("n", "r", "b", "m", "q")


def _listed_form_misused(view: str, start: int, unit: str, copies: int, kinds: list[str]) -> bool:
    """A listed form in a place where it cannot be the 叠词 it looks like."""
    end = start + len(unit) * copies
    after = view[end:end + 1]
    if any(k.startswith("NUMCL") for k in kinds):
        return _numeral_classifier_misused(view, start, unit, copies)
    # 时 / 后 / 中 … closing a clause is the postposition (在切换时，) typed twice, not the
    # adverb 时时 or the noun 上上 (在切换时时，).
    if len(unit) == 1 and unit in _POSTPOSITIONS and (not after or after in _CLAUSE_CLOSE):
        return True
    # AA words whose character is also a modal or degree word: 会会 + verb, 太太 + adjective.
    want = _AMBIGUOUS_AA.get(unit)
    if want and copies == 2:
        word, tag = _next_word(view, end)
        from lint import nlp

        glued = nlp.tokenize(view[start:end + len(word)])
        if word and len(glued) >= 2 and glued[-1][0] == word and tag[:1] in want:
            return True
    return False


def _generic_reduplication(view: str, start: int, unit: str, copies: int) -> bool:
    """Productive reduplication patterns no list can enumerate."""
    end = start + len(unit) * copies
    before = view[start - 1:start]
    after = view[end:end + 1]
    if all(c in _onomatopoeia_chars() for c in unit):  # 哗哗 嗡嗡嗡 哔哩哔哩 滴答滴答
        return True
    if _tag(unit).startswith("o"):  # the tagger's 拟声词 (扑通扑通, 轰隆轰隆, 咔嚓咔嚓)
        return True
    # A clause that is nothing but a repeated reply or call is deliberate (对对，好的好的，快点快点！),
    # as is any repeated exclamation (…！), a repeat opening a quotation (“走走，…) or a
    # repeated soothing prohibition (不哭不哭。别急别急，).
    if (len(unit) <= 3 and before in _CLAUSE_OPEN and after and after in _CLAUSE_CLOSE
            and (unit in _RESPONSES or after in "！!？?" or (before and before in "“‘「")
                 or (len(unit) >= 2 and unit[0] in "不别莫"))):
        return True
    if len(unit) == 1 and copies == 2 and before in _CLAUSE_OPEN and after and after in _CLAUSE_CLOSE:
        # Parallel clauses that are each one doubled character (君君，臣臣，父父，子子).
        if any(len(x) == 2 and x[0] == x[1] and _HAN_RE.match(x[0])
               for x in (view[start - 3:start - 1], view[end + 1:end + 3])):
            return True
    if len(unit) == 1 and copies == 2 and unit not in _FUNCTION:
        # AABB: two doubled characters in a row (冰冰凉凉, 干干净净).
        if view[start - 2:start - 1] == before and before and _HAN_RE.match(before) and before not in _FUNCTION:
            return True
        nxt2 = view[end:end + 2]
        if len(nxt2) == 2 and nxt2[0] == nxt2[1] and _HAN_RE.match(nxt2[0]) and nxt2[0] not in _FUNCTION:
            return True
    if len(unit) == 1 and unit not in _FUNCTION:
        # Monosyllabic verb reduplication (去爬爬论坛, 出去走走, 说说看), recognised by its cues.
        if _tag(unit).startswith("v") and (before in _VERB_REDUP_CUES or after in _PARTICLES_AFTER_VERB_REDUP):
            return True
        if copies == 2:
            # AA的 / AA地 / AA儿: adjective and adverb reduplication (红红的 静静地 好好儿)
            if after and after in "的地儿":
                return True
            # 一AA: numeral + reduplicated classifier (一次次 一个个 一排排)
            if before == "一":
                return True
            # AA看 / AA吧: tentative verb reduplication (试试看 走走吧)
            if after and after in "看吧":
                return True
    if len(unit) == 2 and copies == 2:
        # V着V着: an action going on until something happens (走着走着, 说着说着就哭了); any
        # content character, since the tagger calls some verbs otherwise (等 is tagged "u").
        if unit[1] == "着" and unit[0] not in _FUNCTION:
            return True
        # 好A好A: colloquial emphasis (好忙好忙, 好大好大), like the listed 好多好多.
        if unit[0] == "好" and unit[1] != "好" and _tag(unit[1])[:1] in ("a", "v"):
            return True
        # 一X一X: numeral-classifier repetition (一步一步 一层一层 一件一件); the segmenter tags
        # 一件 as a numeral phrase even where it tags 件 alone as something else.
        if unit[0] == "一" and (_tag(unit)[:1] == "m" or _tag(unit[1])[:1] in ("q", "m")):
            return not _numeral_classifier_misused(view, start, unit, copies)
        # ABAB verb reduplication before a modal particle (琢磨琢磨吧); elsewhere only listed forms,
        # since in written prose 检查检查、处罚处罚 are far more often slips.
        if after in _PARTICLES_AFTER_VERB_REDUP and after and _is_verb(unit):
            return True
    return False


@functools.lru_cache(maxsize=4096)
def _tag(word: str) -> str:
    """The segmenter's part-of-speech tag of ``word`` when it is one word, else ''."""
    from lint import nlp

    tags = nlp.tag(word)
    return tags[0][1] if len(tags) == 1 else ""


def _is_verb(word: str) -> bool:
    return _tag(word).startswith("v")


def _is_word_repeat(view: str, start: int, unit: str, copies: int) -> bool:
    """Segmentation check: the first copy is made of whole words (a boundary before it and
    between the copies), and the repeat is not two different words that merely share the
    repeated characters (本国|国情, 这个人|人品)."""
    from lint import nlp

    size = len(unit)
    end = start + size * copies
    lo = max(0, start - 8)
    hi = min(len(view), end + 8)
    tokens = []
    for w, a, b in nlp.tokenize(view[lo:hi]):
        a, b = lo + a, lo + b
        if a == start and b == end and not nlp.has_word(w) and unit in _NEVER_AA:
            # The HMM glues an unknown doubled form into one "word" (其其, 第第): split it.  Other
            # unknown AA forms stay whole: they are mostly names and nicknames (丽丽, 欢欢).
            tokens.extend((unit, start + k * size, start + (k + 1) * size) for k in range(copies))
        else:
            tokens.append((w, a, b))
    bounds = {a for _, a, _ in tokens} | {b for _, _, b in tokens}
    if start not in bounds or start + size not in bounds:
        return False
    # A longer unit must be made of dictionary words (哔哩哔哩 is a name, not 哔哩 typed twice).
    if size > 1 and not all(nlp.has_word(w) for w, a, b in tokens if start <= a and b <= start + size):
        return False
    # The last copy begins a longer word (和|和平, 是|是否, 保管|保管物): usually two different
    # words, except after a pronoun or degree adverb (他他们, 更更加) or when a longer unit is
    # not a verb that the following word nominalises (当前|当前目录).
    if end not in bounds and unit not in _GLUED_ERRORS and (size == 1 or _is_verb(unit)):
        return False
    # ... or a word the dictionary lacks: the last copy plus a noun suffix (保管|保管物, 承租|承租人).
    nxt = next((w for w, a, _ in tokens if a == end), "")
    if nxt in _NOUN_SUFFIXES and unit not in _FUNCTION:
        return False
    # A word ending with the first copy and another starting with the last copy: a look-alike.
    left = any(_HAN_RE.match(view[start - k]) and nlp.has_word(view[start - k:start + size])
               for k in range(1, 4) if start - k >= lo)
    if left:
        last = end - size
        right = any(nlp.has_word(view[last:end + k]) for k in range(1, 4)
                    if end + k <= hi and _HAN_RE.match(view[end + k - 1]))
        if right:
            return False
    return True


def _simplified(view: str) -> str:
    """``view`` with traditional characters replaced one for one by simplified ones: the word
    lists and the segmenter's dictionary are simplified (便利商店|店員 must look like 商店|店员)."""
    from rules.script import traditional_chars

    changed = traditional_chars(view)
    if not changed:
        return view
    chars = list(view)
    for i, new in changed:
        chars[i] = new
    return "".join(chars)


def _repeats(view: str, allowed: frozenset[str],
             candidates: list[tuple[int, int]] | None = None) -> t.Iterator[tuple[int, str, int]]:
    """(start, unit, copies) of every repeat in ``view`` judged to be an error; ``candidates``:
    ``han_doubles(view)`` when the caller has it already."""
    listed = _listed()
    skip_to = 0
    # A long run already judged in vain: (end, period).  Its rotations (上接上接… read from 接)
    # are not judged again: each judgement segments the whole run, so judging every position
    # of a run of n copies would take time quadratic in n.
    judged_end, judged_period = 0, 1
    # Every position where a run of Han characters is immediately followed by itself, with the
    # shortest unit; longer units at the same position are tried here.
    for start, shortest in candidates if candidates is not None else han_doubles(view, 0, _MAX_UNIT):
        if start < skip_to:
            continue
        for size in range(shortest, _MAX_UNIT + 1):
            unit = view[start:start + size]
            if len(unit) < size or view[start + size:start + 2 * size] != unit:
                continue
            if not all(_HAN_RE.match(c) for c in unit):
                break  # longer units contain the same non-Han character
            if start + 2 * size <= judged_end and size % judged_period == 0:
                continue
            run = 2
            while view[start + run * size:start + (run + 1) * size] == unit:
                run += 1
            # The last copy of a longer run may belong to the next word (的的|的确): try fewer
            # (in a run longer than _LONG_RUN, only one fewer: each try segments the whole run).
            tries = range(run, 1, -1) if run <= _LONG_RUN else (run, run - 1)
            after = view[start + run * size:start + run * size + 1]
            if view[start - 1:start] in _CLAUSE_OPEN and after and after in _CLAUSE_CLOSE:
                tries = (run,)  # the run fills a clause (“对对对对对！”): no copy belongs to a next word
            copies = next((c for c in tries if _judge(view, start, unit, c, allowed, listed)), 0)
            if copies:
                yield start, unit, copies
                skip_to = start + copies * size
                break
            if run > _LONG_RUN:
                judged_end, judged_period = start + run * size, size


@rule(code="ZH101", name="repeated-word", category="repetition", severity=Severity.WARNING,
      fixable="always", options={"allow": []})
def repeated_word(doc: Document, ctx) -> t.Iterator[Finding]:
    r"""字或词误重复（“行业行业”“更更快”“我们的的目标”）。

    ## 检查什么
    紧邻重复的汉字或词（一个字到十二个字，如“的的”“了了”“行业行业”“网络安全网络安全”），
    包括段内跨行的重复。先用正则找出所有紧邻重复，再只对重复处前后几个字分词：第一份由完整的词
    组成、两份之间是词界，且不是“前一个词的词尾 + 后一个词的词头”（本国|国情、互联网|网站、
    贫困县|县级、法规|规章、微生物|物种、这个人|人品、和|和平、是|是否）时才报告。

    合法的重叠不报：叠词表 `rules/data/reduplication.txt` 中的 AA、AABB、ABAB、ABB、数量词重叠、
    拟声词、成语（常常、高高兴兴、研究研究、绿油油、一步一步、哈哈、井井有条），拟声字
    （`rules/data/repetition-onomatopoeia.txt`）与分词器标为拟声词的词（扑通扑通），能产的格式
    （AA的、AA地、AA儿、AABB、一AA、一X一X + 动词、AA看、ABAB吧、V着V着、好A好A），整句重复的应答（“对对，”“好的好的，”），以及词典里没有的
    叠字昵称（丽丽、欢欢）。叠词表里的形式用错了地方仍然报告：数字后的量词（2021年年3月、
    第五条条）、长词后多出的一个字（当事人人）、分句末尾的“时时”“后后”、名词前的“一个一个”、
    动词前的“会会”。繁体文本先逐字转成简体再查词典（便利商店|店員 同 商店|店员）。
    数字（一九九九年、二O二二年）、代码、网址、西文不查。用户可在配置中用
    `[tool.jiaodui.words] allow` 或本规则的 `allow` 选项补充允许的写法。

    ## 为什么
    录入、改稿或排版时多敲、多粘贴一次，是最常见的编校差错之一，读者一眼就能看出。

    ## 反例
        制定行业行业自律公约。
        好声音传播得更更快。
        我们的的目标是提高质量。
        他们按时完成了了任务。
        要切实维护网络安全网络安全。
        请参赛人员注意意安全。

    ## 正例
        各国有权根据本国国情制定政策。
        主要互联网网站和应用支持度显著提升。
        远程医疗实现国家级贫困县县级医院全覆盖。
        以地方性法规规章为依托。
        牵头建立全球微生物物种库目录。
        大家常常看看书，高高兴兴地研究研究，田野绿油油的，一步一步往前走，哈哈，井井有条。
        这个人人品很好，会议议程已经确定。
        1999年、二〇一一年增长15500元。
        奶奶哄着孩子：“乖乖，不哭不哭，奶奶在这儿。”我们凑合凑合就行。

    ## 修复安全性
    删除重复的第二份（及以后各份）。个别叠用可能是有意为之（人名、修辞），所以修复标为不安全，
    只在 `--unsafe-fixes` 时应用。
    """
    allowed = _allow_data() | ctx.allowed_words()
    for block in doc.blocks_of():
        prose = block.prose
        found = han_doubles(prose, 0, _MAX_UNIT)
        if not found and "\n" not in prose:
            continue
        view, index = _view(prose)
        shown = view
        view = _simplified(view)
        # Without joined lines the view is the prose: its candidates are known (or, when
        # _simplified changed characters, start at the first one).
        candidates = None
        if index is None and found:
            candidates = found if view is shown else han_doubles(view, found[0][0], _MAX_UNIT)
        for start, unit, copies in _repeats(view, allowed, candidates):
            size = len(unit)
            unit = shown[start:start + size]
            end = start + size * copies

            def at(i: int) -> int:  # view offset -> absolute offset
                return block.start + (index[i] if index is not None else i)

            s, e = at(start), at(end - 1) + 1
            # Remove each extra copy (a wrapped line break between copies stays).
            edits = [Edit(at(start + k * size), at(start + (k + 1) * size - 1) + 1) for k in range(1, copies)]
            if copies == 2:
                msg = f"“{unit}”重复了（“{unit * 2}”），应删去一个"
            else:
                msg = f"“{unit}”连续出现 {copies} 次，应只保留一个"
            yield Finding(s, e, msg, fix=Fix.unsafe(*edits))


# ---------------------------------------------------------------------------------- duplicate-paragraph

_Q = 4  # gram size: 4-grams of Chinese text are rare enough that few pairs share one
# Box (sidebar) headings of newspapers and reports: 专栏1, 链接, 背景, 【相关链接】 ...
_BOX = re.compile(r"^[【\[［]?\s*(?:专栏|相关链接|链接|背景资料|背景|延伸阅读|名词解释|记者手记)"
                  r"\s*(?:\d{1,3}|[一二三四五六七八九十]+)?\s*[】\]］]?(?:[\s：:]|$)")


@dataclasses.dataclass
class JoinStats:
    """What the duplicate search did (printed by bench/bench_duplicates.py)."""

    paragraphs: int = 0
    exact_pairs: int = 0
    candidate_pairs: int = 0
    compared_pairs: int = 0


def _normalise(text: str) -> str:
    # str.split() and the regex ``\s`` use the same whitespace test; split/join is ~4x faster.
    return "".join(text.split())


def _edit_budget(n: int, cutoff: float) -> int:
    """The most insertions and deletions between a text of ``n`` characters and a partner
    scoring at least ``cutoff`` (rapidfuzz ratio, 0-100; above 0).

    The ratio is 1 - d/(n+m) with d the insert/delete distance, so a partner has at most
    m <= n(2-r)/r characters and d <= (1-r)(n+m) edits."""
    r = cutoff / 100.0
    m_max = n * (2 - r) / r
    return int((1 - r) * (n + m_max) + 1e-9)


@functools.cache
def _ratio():
    """rapidfuzz's normalised insert/delete similarity, imported on first use."""
    from rapidfuzz.fuzz import ratio

    return ratio


def find_duplicates(texts: t.Sequence[str], cutoff: float, stats: JoinStats | None = None,
                    fuzzy: t.Sequence[bool] | None = None) -> dict[int, list[tuple[int, float]]]:
    """For each text (by index) the earlier texts it duplicates: ``{j: [(i, score), ...]}`` with
    i < j and score >= ``cutoff`` (100 = identical after normalisation).  Texts are compared only
    when they share an exact copy or one of their prefix grams and their lengths fit the cutoff.
    Texts whose ``fuzzy`` flag is false are matched only exactly."""
    stats = stats or JoinStats()
    stats.paragraphs += len(texts)
    out: dict[int, list[tuple[int, float]]] = defaultdict(list)
    # Exact copies: grouped by text, only the first of each group takes part in the fuzzy join.
    first: dict[str, int] = {}
    uniques: list[int] = []
    for j, s in enumerate(texts):
        i = first.setdefault(s, j)
        if i != j:
            out[j].append((i, 100.0))
            stats.exact_pairs += 1
        else:
            uniques.append(j)
    if cutoff >= 100:
        return out
    if fuzzy is not None:
        uniques = [j for j in uniques if fuzzy[j]]
    # The gram at every position of the texts laid end to end, as an id (its first position),
    # and how often each occurs: one hashing pass (lint.kernels).  Grams that cross from one
    # text into the next are counted too; that can only make a gram look shared, never make it
    # a text's own, so the filters stay exact.
    ids, occ = gram_ids("".join(texts[j] for j in uniques), _Q)
    r = cutoff / 100.0
    if r > 0:
        budget = {n: _edit_budget(n, cutoff) for n in {len(texts[j]) for j in uniques}}
    # Prefix filtering in one global order, rarest first: (occurrences, id).  Two texts within
    # the edit budget share a gram of both prefixes (text_prefix) unless edits within the budget
    # can destroy every gram of both; rarest first keeps the posting lists short.  The index:
    # each gram's first text (most grams are indexed by one text only, and need no list), then
    # the later ones.
    owner: dict[int, int] = {}
    later: dict[int, list[int]] = defaultdict(list)
    # Texts whose every gram the budget can destroy (short texts, low thresholds; none at the
    # defaults): a pair of them may share no gram, so they are compared with each other.
    frail: list[int] = []
    end = 0
    for j in uniques:  # ascending: the index holds only earlier texts
        n = len(texts[j])
        a, b = end, end + max(n - _Q + 1, 0)
        end += n
        # The rarest grams that no partner within d = _edit_budget(n) edits can lose all of,
        # less those no other text has (lint.kernels.text_prefix).  None and complete: the
        # text's own grams alone are more than d edits can destroy, so it has no partner (most
        # texts).
        prefix, complete = text_prefix(ids, occ, a, b, budget[n] if r > 0 else b - a + 1, _Q)
        candidates: set[int] = set()
        # j becomes the first text of its new grams; the others were indexed by earlier texts.
        # Prefix grams are distinct, so j can join their posting lists after all were read.
        shared = list(compress(prefix, map(j.__ne__, map(owner.setdefault, prefix, repeat(j)))))
        if shared:
            postings = list(map(later.__getitem__, shared))
            candidates.update(map(owner.__getitem__, shared))
            candidates.update(chain.from_iterable(postings))
            for posting in postings:
                posting.append(j)
        if not complete:
            candidates.update(frail)
            frail.append(j)
        if not candidates:
            continue
        stats.candidate_pairs += len(candidates)
        for i in sorted(candidates):
            m = len(texts[i])
            # Length filter: d >= |n - m| and d <= (1 - r)(n + m).
            if abs(n - m) > (1 - r) * (n + m) + 1e-9:
                continue
            stats.compared_pairs += 1
            score = _ratio()(texts[i], texts[j], score_cutoff=cutoff)
            if score:
                out[j].append((i, score))
    return out


_STANZA_LINE = 30  # longest line of a verse stanza
# A Markdown paragraph that is one emphasised sentence or two (a callout in reference docs).
_CALLOUT = re.compile(r"(\*\*|__|\*|_)[^*_\n]{1,80}\1")
_MID_STOP = re.compile(r"[。！？!?][^\s。！？!?”’」』）)…—]")  # a sentence that ends inside a line


def _stanza(prose: str) -> bool:
    """A verse stanza or song lyric: short lines, each ending where its sentence ends.  A
    refrain repeated word for word is the form, not a slip.  (Column-wrapped prose also has
    short lines, but its sentences end in the middle of them.)"""
    raw = prose.splitlines()
    if len(raw) < 2:  # one line is no stanza (most paragraphs: no per-line work)
        return False
    lines = [ln.strip(" \t\u3000" + MASK) for ln in raw]
    lines = [ln for ln in lines if ln]
    return (len(lines) >= 2 and all(len(ln) <= _STANZA_LINE for ln in lines)
            and not any(_MID_STOP.search(ln) for ln in lines))


def _eligible(doc: Document, min_length: int) -> list[tuple[Block, str, int]]:
    """Paragraphs long enough to compare, with their comparison text and prose length.

    Headings, list items, table cells, enumerated items (（一）…；, 1. …) and paragraphs with
    fewer than ``min_length`` prose characters never take part.  The comparison text is the
    source without whitespace: paragraphs that differ only in inline code or a link target
    are not copies of each other."""
    out = []
    for b in doc.blocks_of(PARAGRAPH, QUOTE):
        prose = b.prose
        if len(prose) < min_length:  # cheap bound before normalising
            continue
        if b.meta and (b.meta.get("heading_like") or b.meta.get("marker")):
            continue
        squeezed = _normalise(prose)
        masked = squeezed.count(MASK)
        length = len(squeezed) - masked
        # A stanza has two lines, and every line break is whitespace: none removed, no stanza.
        if length < min_length or (len(squeezed) != len(prose) and _stanza(prose)):
            continue
        # The prose is the source with characters replaced by MASK: without one, the same text.
        norm = _normalise(doc.text[b.start:b.end]) if masked else squeezed
        if doc.format == "markdown" and _CALLOUT.fullmatch(norm):
            continue  # **本钩子仅在开发模式下可用。** — a note repeated section by section on purpose
        m = NUMBER_MARKER.match(squeezed.lstrip(MASK))
        if m and not (m.group("chapter") or m.group("box")):
            continue
        out.append((b, norm, length))
    return out


def _eligible_memo(doc: Document, min_length: int) -> list[tuple[Block, str, int]]:
    """_eligible, computed once per document: the cross-file check reads it again."""
    return doc.memo(f"repetition.eligible.{min_length}", lambda d: _eligible(d, min_length))


# One to four whole sentences typed twice in a row inside a paragraph (copy-paste, or an
# extraction that repeated a line).  Shorter repeats are rhetoric (加油！加油！), hence _SENTENCE_MIN.
_SENTENCE_TWICE = re.compile(r"(?:(?<=[。！？!?])|^)((?:[^。！？!?\n]+[。！？!?]){1,4}?)\1", re.M)
_SENTENCE_MIN = 10  # Han characters in the repeated stretch
_SENTENCE = re.compile(r"[^。！？!?\n]+[。！？!?]")  # one sentence of _SENTENCE_TWICE
_TWO_STOPS = re.compile(r"[。！？!?][^。！？!?]*[。！？!?]")


def _repeated_sentences(doc: Document) -> t.Iterator[Finding]:
    for b in doc.blocks_of(PARAGRAPH, QUOTE):
        p = b.prose
        if not _TWO_STOPS.search(p):  # a repeat needs two sentences, so two sentence ends
            continue
        # A repeat starts with a sentence that occurs twice (both are _SENTENCE matches): one
        # linear scan rules out most paragraphs before the backtracking search.
        sentences = _SENTENCE.findall(p)
        if len(set(sentences)) == len(sentences):
            continue
        for m in _SENTENCE_TWICE.finditer(p):
            unit = m.group(1)
            if len(_HAN_RE.findall(unit)) < _SENTENCE_MIN or MASK in unit:
                continue
            s = b.start + m.start(1) + len(unit)
            shown = unit.strip() if len(unit) <= 30 else unit.strip()[:28] + "……"
            yield Finding(s, b.start + m.end(), f"句子重复：“{shown}”紧接着又出现了一次，应删去重复的一份",
                          related=(b.start + m.start(1),))


def _box_heading(doc: Document, block: Block) -> str | None:
    """The box heading (专栏1 …, 链接, 背景) right before ``block``, if any."""
    prev = doc.previous_block(block)
    if prev is not None and prev.is_prose:
        text = doc.text[prev.start:prev.end].strip()
        if _BOX.match(text):
            return text
    return None


def _similarity(score: float) -> str:
    return "完全相同" if score >= 100 else f"高度相似（相似度 {int(score)}%）"


def _message(where: str, score: float, box_between: str | None = None, box_earlier: str | None = None) -> str:
    msg = f"本段与{where}的段落{_similarity(score)}"
    if box_between:
        msg += f"；两段之间是版面框标题“{box_between}”，疑为框内文字混入正文"
    elif box_earlier:
        msg += f"；{where}那一份在版面框标题“{box_earlier}”之下，疑为框内文字在正文中重复出现"
    if score >= 100:
        return msg + "，应删除重复的一份"
    return msg + "，疑为重复，应核对后删除其中一份"


def _options(ctx) -> tuple[float, int, int]:
    o = ctx.options
    return float(o.get("threshold", 95)), int(o.get("min_length", 20)), int(o.get("near_min_length", 40))


@rule(code="ZH201", name="duplicate-paragraph", category="duplication", severity=Severity.WARNING,
      fixable="never", options={"threshold": 95, "min_length": 20, "near_min_length": 40})
def duplicate_paragraph(doc: Document, ctx) -> t.Iterator[Finding]:
    r"""段落重复（整段重复，或只差几个字的近似重复）。

    ## 检查什么
    文档中两段文字去掉空白后完全相同，或相似度（rapidfuzz 的 ratio，0–100）不低于 `threshold`
    （默认 95，约等于百字段落中改动五个字以内）。报告后出现的一份，消息给出前一份所在的行和相似度；
    两份之间或紧挨其中一份有“专栏N”“链接”“背景”等版面框标题时，一并指出，这多半是框内文字混入了正文。
    标题、列表项、表格、带序号的条目（“（一）……；”“1. ……”）和短于 `min_length`（默认 20 字）的
    段落不查，所以重复的小标题、“（完）”、表格行、法规中相同的项不会报；短于 `near_min_length`
    （默认 40 字）的段落只查完全相同，不查近似（短句差一两个字往往是并列的不同条文）。比较时保留
    行内代码和链接地址，只差在代码上的两段不算重复。打开跨文件模式（`--cross-file` 或配置
    `cross-file = true`）时，也查各文件之间重复的段落，报告在后一个文件里。

    同一段内紧挨着重复出现的整句（一至四句、合计不少于 10 个汉字，多为复制粘贴或抽取时重复了
    一行）也报告，标出后一份。
    诗词、歌词的诗节（每行都短、句子在行末结束）中整节重复的副歌，以及 Markdown 中整段加粗的
    提示句（参考文档在各节重复的“仅在开发模式下可用”之类）不算重复。

    只比较可能相似的段落：每段只用它最少见的几个四字片段建索引，再按长度比过滤，
    所以耗时随段落数近似线性增长，不会两两比较。

    ## 为什么
    从版面抽取文本时，专栏、链接框常被插进正文或出现两次；改稿时整段复制粘贴也容易留下重复。
    重复段落浪费版面，读者会以为排版出错。

    ## 反例
        中国充分发挥互联网在助推脱贫攻坚中的重要作用，制定网络扶贫行动计划，统筹推进网络扶贫工作。\n\n专栏1 网络扶贫行动计划\n\n中国充分发挥互联网在助推脱贫攻坚中的重要作用，制定网络扶贫行动计划，统筹推进网络扶贫工作。
        各地要加强农村公路养护管理，健全养护长效机制，确保农村公路路况良好、安全畅通、服务到位。\n\n各地要加强农村公路养护管理，健全养护长效机制，确保农村公路路况良好、安全通畅、服务到位。
        本次活动由工会负责解释。未尽事宜，另行通知。本次活动由工会负责解释。未尽事宜，另行通知。

    ## 正例
        （完）\n\n（完）
        再见了，我的同桌\n再见了，我的老师\n青春是一首唱不完的歌\n\n时光走得那么快\n转眼就到了分别\n\n再见了，我的同桌\n再见了，我的老师\n青春是一首唱不完的歌
        加油！加油！我们一定能赢！
        一、总体要求\n\n一、总体要求
        各地要加强农村公路养护管理，健全养护长效机制。\n\n各地要加快城市道路改造提升，完善停车设施布局。

    ## 修复安全性
    不提供自动修复：该删哪一份（正文还是专栏）要由编辑判断。
    """
    cutoff, min_length, near_min = _options(ctx)
    yield from _repeated_sentences(doc)
    items = _eligible_memo(doc, min_length)
    if len(items) < 2:
        return
    matches = find_duplicates([norm for _, norm, _ in items], cutoff, fuzzy=[n >= near_min for _, _, n in items])
    for j in sorted(matches):
        i, score = max(matches[j], key=lambda p: (p[1], -p[0]))
        earlier, later = items[i][0], items[j][0]
        line = doc.lines.position(earlier.start)[0]
        yield Finding(later.start, later.end,
                      _message(f"第 {line} 行", score, _box_heading(doc, later), _box_heading(doc, earlier)),
                      related=(earlier.start,))


def _duplicate_paragraph_project(docs: t.Sequence[Document], ctx) -> t.Iterator[tuple[Document, Finding]]:
    """Paragraphs that repeat a paragraph of an earlier checked file.  Copies within one file
    are left to the per-file check."""
    from lint.engine import display_path

    cutoff, min_length, near_min = _options(ctx)
    owners: list[int] = []
    blocks: list[Block] = []
    texts: list[str] = []
    fuzzy: list[bool] = []
    for d, doc in enumerate(docs):
        for b, norm, n in _eligible_memo(doc, min_length):
            owners.append(d)
            blocks.append(b)
            texts.append(norm)
            fuzzy.append(n >= near_min)
    matches = find_duplicates(texts, cutoff, fuzzy=fuzzy)
    shown = functools.cache(display_path)  # once per file, not per finding (it resolves the cwd)
    first_in_doc: dict[tuple[int, str], int] = {}
    for j, text in enumerate(texts):
        first_in_doc.setdefault((owners[j], text), j)
    for j in sorted(matches):
        if first_in_doc[owners[j], texts[j]] != j or any(owners[i] == owners[j] for i, _ in matches[j]):
            continue  # an earlier copy in the same file: the per-file check reports it
        i, score = max(matches[j], key=lambda p: (p[1], -p[0]))
        doc, other = docs[owners[j]], docs[owners[i]]
        line = other.lines.position(blocks[i].start)[0]
        later = blocks[j]
        yield doc, Finding(later.start, later.end,
                           _message(f" {shown(other.path)} 第 {line} 行", score))


duplicate_paragraph = dataclasses.replace(duplicate_paragraph, check_project=_duplicate_paragraph_project)

RULES = (repeated_word, duplicate_paragraph)
