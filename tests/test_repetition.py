"""repeated-word (ZH101) and duplicate-paragraph (ZH201) beyond the fixture goldens: allow-lists
from data and config, segmentation traps, the cross-file mode, and the duplicate join's pruning."""
from __future__ import annotations

import random
from pathlib import Path

import pytest

from lint.config import settings_from_dict
from lint.engine import Linter
from lint.readers import parse
from lint.registry import default_registry
from rules import repetition
from rules._data import table

ROOT = Path(__file__).resolve().parent.parent
SHARED_TSV = ROOT.parent / "shared" / "docs" / "reduplication.tsv"


def lint(text: str, rule: str = "repeated-word", config: dict | None = None, path: str = "t.txt"):
    reg = default_registry()
    settings = settings_from_dict(config or {}, reg)
    linter = Linter(reg, settings, reg.select([rule]))
    doc = parse(path, text)
    return doc, linter.lint(doc)


def flagged(text: str, **kw) -> list[str]:
    doc, findings = lint(text, **kw)
    return [doc.text[f.start:f.end] for f in findings]


# ------------------------------------------------------------------------------------ repeated-word

@pytest.mark.parametrize("text,span", [
    ("制定行业行业自律公约。", "行业行业"),
    ("好声音传播得更更快。", "更更"),
    ("我们的的目标是提高质量。", "的的"),
    ("他们按时完成了了任务。", "了了"),
    ("要切实维护网络安全网络安全。", "网络安全网络安全"),
    ("他他们都同意这个方案。", "他他"),
    ("该企业的的的确存在违规行为。", "的的"),  # the last 的 belongs to 的确
    ("并在2021年年3月提交了报告。", "年年"),  # a classifier after a number is never reduplicated
    ("（三三）有符合法律规定的条件。", "三三"),
    ("`KeepAlive` 是一个一个内置组件。", "一个一个"),  # 一X一X before a noun
    ("这些钩子函数会会在适当时机被调用。", "会会"),  # the AA word 会会 before a preposition
    ("它确保了在切换时时，条件区块内的事件监听器被销毁。", "时时"),  # a postposition closing a clause
    ("例如例如，在计算属性中不要改变其他状态。", "例如例如"),
])
def test_errors_are_found(text, span):
    assert flagged(text) == [span]


@pytest.mark.parametrize("text", [
    # the seed's word-boundary look-alikes
    "各国有权根据本国国情制定政策。", "主要互联网网站和应用支持度显著提升。",
    "远程医疗实现国家级贫困县县级医院全覆盖。", "以地方性法规规章为依托。", "牵头建立全球微生物物种库目录。",
    # function words next to a word that starts or ends with them
    "这是达到目的的手段。", "为了了解情况，记者走访了多户人家。", "只是对对方的报价还有疑问。",
    "决定战争和和平的问题。", "判断方法是是否可以合法地写在后面。", "在2020年年底前完成。",
    # numbers read digit by digit
    "一九九九年、二〇一一年、二O二二年增长15500元，占1.11%。",
    # productive reduplication the list does not enumerate
    "她的脸红扑扑的，手冰冰凉凉的。", "你也可能被要求去爬爬论坛的旧文。", "好的好的，我马上去办。",
    "风萧萧兮易水寒。", "我为人人，人人为我。",
    "把组件一个一个检查一遍。", "我们要一步一步地往前走。", "周末去会会老朋友。", "他时时关心群众。",
    "不是偶尔，而是常常。",
    # nicknames the dictionary does not know
    "丽丽说她明天来。", "昨天欢欢和乐乐去了公园。",
    "他走着走着，说着说着就哭了。", "“对不起对不起，我来晚了。”",
])
def test_lookalikes_and_reduplication_are_silent(text):
    assert flagged(text) == []


def _shared_rows() -> list[tuple[str, str]]:
    if not SHARED_TSV.exists():
        pytest.skip("shared reduplication.tsv not available")
    rows = [line.split("\t") for line in SHARED_TSV.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]
    return [(r[0], r[1]) for r in rows]


def test_data_list_keeps_every_legitimate_form_and_no_lookalike():
    listed = {row[0] for row in table("reduplication.txt")}
    shared = _shared_rows()
    assert {f for f, kind in shared if kind != "BOUNDARY"} <= listed
    assert not {f for f, kind in shared if kind == "BOUNDARY"} & listed


def test_every_shared_form_is_silent_in_context():
    bad = []
    for form, kind in _shared_rows():
        for template in ("大家{}也有。", "据了解，{}的情况比较复杂。"):
            text = template.format(form)
            if flagged(text):
                bad.append(text)
    assert bad == []


def test_user_allow_list_from_words_and_rule_option():
    text = "制定行业行业自律公约，维护网络安全网络安全。"
    both = ["行业行业", "网络安全网络安全"]
    assert flagged(text) == both
    assert flagged(text, config={"words": {"allow": both}}) == []
    assert flagged(text, config={"rules": {"repeated-word": {"allow": ["行业行业"]}}}) == both[1:]


def test_segmenter_runs_only_on_small_windows(monkeypatch):
    from lint import nlp

    seen: list[str] = []
    real = nlp.tokenize

    def spy(text):
        seen.append(text)
        return real(text)

    monkeypatch.setattr(nlp, "tokenize", spy)
    filler = "网络空间治理体系更加公正合理，发展成果惠及各国人民。" * 40
    assert flagged(filler) == [] and seen == []  # no candidate, no segmentation
    flagged(filler + "制定行业行业自律公约。" + filler)
    assert seen and all(len(s) <= 2 * 8 + 2 * 12 for s in seen)


def test_code_urls_and_latin_are_never_checked():
    text = "运行 `行业行业` 命令，见 <https://example.com/的的>。The the end.\n\n```\n的的\n```\n"
    assert flagged(text, path="t.md") == []


# ------------------------------------------------------------------------------ duplicate-paragraph

PARA = "各地要加强农村公路养护管理，健全养护长效机制，落实县级人民政府主体责任，确保农村公路路况良好、安全畅通、服务到位。"


def test_exact_and_near_duplicates_name_the_earlier_line():
    near = PARA.replace("健全", "完善")
    doc, findings = lint(f"{PARA}\n\n其他内容其他内容其他内容其他内容其他内容其他内容。\n\n{near}\n\n{PARA}\n",
                         rule="duplicate-paragraph")
    got = [(doc.lines.position(f.start)[0], f.message) for f in findings]
    assert [line for line, _ in got] == [5, 7]
    assert "第 1 行" in got[0][1] and "相似度 9" in got[0][1]
    assert "第 1 行" in got[1][1] and "完全相同" in got[1][1]
    assert findings[1].related == (0,)


def test_threshold_and_min_length_options():
    near = PARA.replace("安全畅通", "安全通畅")
    text = f"{PARA}\n\n{near}\n"
    assert len(lint(text, rule="duplicate-paragraph")[1]) == 1
    strict = {"rules": {"duplicate-paragraph": {"threshold": 100}}}
    assert lint(text, rule="duplicate-paragraph", config=strict)[1] == []
    long_only = {"rules": {"duplicate-paragraph": {"min_length": 200}}}
    assert lint(f"{PARA}\n\n{PARA}\n", rule="duplicate-paragraph", config=long_only)[1] == []


def test_short_blocks_headings_and_list_items_are_exempt():
    text = "（完）\n\n（完）\n\n一、总体要求\n\n一、总体要求\n\n- " + PARA + "\n- " + PARA + "\n"
    assert lint(text, rule="duplicate-paragraph", path="t.md")[1] == []


def test_box_heading_is_named():
    text = f"{PARA}\n\n专栏3 农村公路\n\n{PARA}\n"
    (f,) = lint(text, rule="duplicate-paragraph")[1]
    assert "专栏3 农村公路" in f.message and "两段之间" in f.message


def test_cross_file_mode_reports_the_later_file_only_once():
    reg = default_registry()
    rule = reg.get("duplicate-paragraph")
    linter = Linter(reg, settings_from_dict({"cross-file": True}, reg), [rule])
    a = parse("a.txt", f"{PARA}\n\n甲文件独有的段落，内容与其他文件都不相同，用来凑足长度。\n")
    b = parse("b.txt", f"乙文件独有的段落，说的是另外一件事情，和甲文件没有关系。\n\n{PARA}\n\n{PARA}\n")
    out = linter.lint_project([a, b])
    assert list(out) == ["b.txt"]
    (f,) = out["b.txt"]  # b's second copy is the per-file check's business
    assert b.lines.position(f.start)[0] == 3 and "a.txt 第 1 行" in f.message
    assert linter.lint(b)[0].message.startswith("本段与第 3 行")


def _mutate(rng: random.Random, s: str, edits: int) -> str:
    chars = list(s)
    for _ in range(edits):
        i = rng.randrange(len(chars))
        op = rng.choice("sid")
        if op == "s":
            chars[i] = rng.choice("的一是在不了有和人这中大为上个国我以要他")
        elif op == "i":
            chars.insert(i, rng.choice("的一是在不了有和人这"))
        elif len(chars) > 10:
            del chars[i]
    return "".join(chars)


@pytest.mark.parametrize("cutoff", [95.0, 90.0, 80.0])
def test_pruned_join_equals_brute_force(cutoff):
    from rapidfuzz.fuzz import ratio

    rng = random.Random(7)
    # common characters, so that grams recur across paragraphs as in real text
    alphabet = [chr(c) for c in range(0x4E00, 0x4E00 + 400)]
    base = ["".join(rng.choice(alphabet) for _ in range(rng.randrange(30, 120))) for _ in range(60)]
    texts = list(base)
    for _ in range(120):
        texts.append(_mutate(rng, rng.choice(base), rng.randrange(0, 8)))
    rng.shuffle(texts)
    stats = repetition.JoinStats()
    got = repetition.find_duplicates(texts, cutoff, stats)
    want: dict[int, set[int]] = {}
    for j in range(len(texts)):
        for i in range(j):
            if texts[i] == texts[j] or ratio(texts[i], texts[j], score_cutoff=cutoff):
                want.setdefault(j, set()).add(i)
    got_pairs = {j: {i for i, _ in v} for j, v in got.items() if v}
    # Exact copies are linked to their first occurrence only; everything else must match exactly.
    for j, earlier in want.items():
        assert got_pairs.get(j), f"missed duplicate {j}"
        assert got_pairs[j] <= earlier
    assert set(got_pairs) == set(want)
    assert stats.compared_pairs < len(texts) * (len(texts) - 1) // 2


def test_join_finds_near_copies_that_share_no_gram():
    # At a low threshold a near copy can share no 4-gram at all: a character inserted after
    # every third one (ratio 86).  Edits within the budget can destroy every gram of such texts,
    # so the search compares them directly instead of through the gram index.
    from rapidfuzz.fuzz import ratio

    rng = random.Random(5)
    alphabet = [chr(c) for c in range(0x4E00, 0x4E00 + 400)]
    base = "".join(rng.choice(alphabet) for _ in range(60))
    spread = "".join(base[k:k + 3] + "的" for k in range(0, 60, 3))
    assert ratio(base, spread) >= 80
    assert not {base[k:k + 4] for k in range(57)} & {spread[k:k + 4] for k in range(77)}
    others = ["".join(rng.choice(alphabet) for _ in range(70)) for _ in range(20)]
    texts = others[:10] + [base] + others[10:] + [spread]
    got = repetition.find_duplicates(texts, 80.0)
    assert [i for i, _ in got.get(len(texts) - 1, [])] == [10]


def test_join_does_not_compare_unrelated_paragraphs():
    rng = random.Random(3)
    alphabet = [chr(c) for c in range(0x4E00, 0x4E00 + 3000)]
    texts = ["".join(rng.choice(alphabet) for _ in range(100)) for _ in range(2000)]
    texts.append(_mutate(rng, texts[10], 3))
    stats = repetition.JoinStats()
    got = repetition.find_duplicates(texts, 95.0, stats)
    assert {j: [i for i, _ in v] for j, v in got.items()} == {2000: [10]}
    assert stats.compared_pairs < 100


# ------------------------------------------------------------------------------------ documentation

@pytest.mark.parametrize("name", ["repeated-word", "duplicate-paragraph"])
def test_docstring_examples(name):
    rule = default_registry().get(name)
    for section, expect in (("反例", True), ("正例", False)):
        for line in rule.section(section).splitlines():
            if not line.strip():
                continue
            text = line.strip().replace("\\n", "\n")
            found = lint(text, rule=name)[1]
            assert bool(found) == expect, f"{section}: {text!r} -> {[f.message for f in found]}"
