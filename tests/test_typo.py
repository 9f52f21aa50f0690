"""typo (ZH501): the word list's invariants, the seed's 道劲, the word-boundary traps, user pairs
and allowed words."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from harness import FIXTURES, ROOT, lint_file, linter_for
from lint.config import Settings
from lint.engine import Linter
from lint.readers import parse
from lint.registry import default_registry
from rules import typo as typo_mod
from rules._data import table

SEED = FIXTURES / "seed" / "000_fb18030615153122.txt"
CORPUS = ROOT.parent / "shared" / "corpus"
ROWS = table(typo_mod.DATA)


def run(text: str, path: str = "doc.txt", **settings) -> list[tuple[str, str, str | None]]:
    """(matched text, message, replacement) of every typo finding."""
    rule = default_registry().get("typo")
    doc = parse(path, text)
    out = []
    for f in Linter(default_registry(), Settings(**settings), [rule]).lint(doc):
        repl = f.fix.edits[0].replacement if f.fix else None
        out.append((doc.text[f.start:f.end], f.message, repl))
    return out


# ---------------------------------------------------------------------------- the data file

def test_list_has_at_least_500_pairs_with_three_columns():
    assert len(ROWS) >= 500
    for row in ROWS:
        assert len(row) == 3, row
        wrong, right, kind = row
        assert kind in ("idiom", "word", "variant"), row
        assert wrong and right and wrong != right, row
        assert len(wrong) == len(right), row  # a misused character, not a rewording
        assert re.fullmatch(r"[\u4e00-\u9fff]+", wrong + right), row


def test_no_duplicate_wrong_forms():
    wrongs = [r[0] for r in ROWS]
    assert len(wrongs) == len(set(wrongs))


def test_no_wrong_form_is_a_correct_form_or_inside_one():
    rights = {r[1] for r in ROWS}
    for wrong, _, _ in ROWS:
        assert not any(wrong in right for right in rights), wrong


def test_no_context_dependent_pairs():
    # 的/地/得, 做/作, 在/再 confusions depend on grammar, never on the string alone.  Only a
    # fixed four-character idiom (再所难免, 自做自受) pins them down.
    groups = [set("的地得"), set("做作"), set("在再")]
    for wrong, right, _ in ROWS:
        if len(wrong) >= 4:
            continue
        diff = {(a, b) for a, b in zip(wrong, right) if a != b}
        for a, b in diff:
            assert not any(a in g and b in g for g in groups), (wrong, right)


@pytest.mark.skipif(not CORPUS.exists(), reason="../shared/corpus not present")
def test_no_wrong_form_occurs_in_published_prose():
    texts = [p.read_text(encoding="utf-8", errors="replace")
             for p in CORPUS.rglob("*") if p.suffix in (".md", ".txt")]
    text = "\n".join(texts)
    assert [w for w, _, _ in ROWS if w in text] == []


# ---------------------------------------------------------------------------- the seed

def test_seed_daojin_is_caught_with_the_right_fix():
    doc, findings = lint_file(SEED, linter_for(["typo"]))
    got = [(doc.lines.position(f.start), doc.text[f.start:f.end], f.fix.edits[0].replacement) for f in findings]
    assert got == [((71, 6), "道劲", "遒劲")]
    assert findings[0].message == "“道劲”疑为“遒劲”之误"
    assert findings[0].fix.applicability.value == "safe"


# ---------------------------------------------------------------------------- word boundaries

@pytest.mark.parametrize("text", [
    "他迎着一道劲风走去。",          # 一道|劲风
    "请按装箱单核对货物。",          # 按|装箱单
    "不宜过度期待一夜成名。",        # 过度|期待
    "考察队抵达堪察加半岛。",        # 堪察加 is a name
    "他以德报怨，化解了矛盾。",
    "公司已交付产品。",              # 交付|产品, not 付产品
    "每股分红0.5元。",               # 每股|分红, not 股分
    "奔驰缓缓驶来。",                # 奔驰|缓缓, not 驰缓
    "讨论陷入僵局。",                # 讨论|陷入, not 论陷
    "他竟相信了。",                  # 竟|相信, not 竟相
    "请问侯先生在吗？",              # 请问|侯, not 问侯
    "门锁事故频发。",                # 门锁|事故, not 锁事
])
def test_same_characters_across_a_word_boundary_are_silent(text):
    assert run(text) == []


@pytest.mark.parametrize("text,wrong,right", [
    ("网络正能量道劲充沛。", "道劲", "遒劲"),
    ("工人正在按装空调。", "按装", "安装"),
    ("过度期的政策要稳。", "过度期", "过渡期"),
    ("进行地质堪察。", "堪察", "勘察"),
    ("室内装璜很好。", "装璜", "装潢"),     # the dictionary's 室内装璜 is only the typo of 室内装潢
    ("两全齐美的办法。", "两全齐美", "两全其美"),  # 美的 is no boundary inside an idiom
])
def test_typos_are_caught(text, wrong, right):
    assert run(text) == [(wrong, f"“{wrong}”疑为“{right}”之误", right)]


def test_straddle_veto_sees_only_dictionary_words_crossing_an_edge():
    p = "他迎着一道劲风走去"
    s = p.index("道劲")
    assert typo_mod.straddles_word(p, s, s + 2, "遒劲")
    p = "网络正能量道劲充沛"
    s = p.index("道劲")
    assert not typo_mod.straddles_word(p, s, s + 2, "遒劲")


def test_longest_match_wins_and_is_reported_once():
    assert run("落得个声名狼籍的下场。") == [("声名狼籍", "“声名狼籍”疑为“声名狼藉”之误", "声名狼藉")]


def test_a_quoted_mention_of_the_wrong_form_is_silent():
    assert run("校对时要把“再接再励”改成“再接再厉”。") == []
    assert run("我们要“再接再励”地干。") == []
    assert len(run("他说“我们要再接再励”。")) == 1


def test_code_and_urls_are_not_checked():
    md = "行内代码 `按装` 不检查，[说明](https://example.com/anzhuang) 也不。\n\n```\n再接再励\n```\n"
    assert run(md, path="doc.md") == []


# ---------------------------------------------------------------------------- configuration

def test_user_pairs_from_the_extra_option():
    opts = {"typo": {"extra": {"帐薄": "账簿"}}}
    assert run("请把帐薄交给会计。", rule_options=opts) == [("帐薄", "“帐薄”疑为“账簿”之误", "账簿")]
    assert run("请把帐薄交给会计。") == []
    # The built-in list still applies next to the user's pairs.
    assert len(run("再接再励，帐薄。", rule_options=opts)) == 2


def test_extra_accepts_a_list_of_wrong_equals_right():
    assert typo_mod._parse_extra(["帐薄=账簿", " 坐阵 = 坐镇 ", "bad", "同=同"]) == (("坐阵", "坐镇"), ("帐薄", "账簿"))


def test_extra_option_from_a_config_file(tmp_path: Path):
    cfg = tmp_path / "jiaodui.toml"
    cfg.write_text('[rules.typo]\nextra = { "帐薄" = "账簿" }\n', encoding="utf-8")
    doc = tmp_path / "a.txt"
    doc.write_text("请把帐薄交给会计。\n", encoding="utf-8")
    _, findings = lint_file(doc, linter_for(["typo"], cfg))
    assert [f.message for f in findings] == ["“帐薄”疑为“账簿”之误"]


def test_allowed_words_silence_overlapping_candidates():
    text = "记者安祥报道，现场气氛安祥。"
    assert len(run(text)) == 2
    assert run(text, allow=["记者安祥"]) == [("安祥", "“安祥”疑为“安详”之误", "安详")]
    assert run(text, rule_options={"typo": {"allow": ["安祥"]}}) == []


def test_index_is_built_once_per_user_list():
    typo_mod._index.cache_clear()
    run("再接再励。")
    run("一如继往。")
    assert typo_mod._index.cache_info().misses == 1
    run("再接再励。", rule_options={"typo": {"extra": {"帐薄": "账簿"}}})
    assert typo_mod._index.cache_info().misses == 2


def test_matching_equals_a_brute_force_search():
    """The prefix scan finds exactly what trying every listed word at every position finds."""
    import random

    index = typo_mod._index()
    words = index[1]
    wrong = sorted(words)
    rng = random.Random(7)
    filler = "的了在是和有中国发展工作问题再接厉一如既往"

    def brute(text):
        found = [(i, i + len(w), w, words[w][1]) for i in range(len(text)) for w in wrong if text.startswith(w, i)]
        found.sort(key=lambda m: (-(m[1] - m[0]), m[0]))
        taken = []
        for m in found:
            if all(m[1] <= s or m[0] >= e for s, e, _, _ in taken):
                taken.append(m)
        return sorted(taken)

    for _ in range(300):
        parts = [rng.choice(wrong) if rng.random() < 0.3 else rng.choice(filler) for _ in range(rng.randint(1, 12))]
        text = "".join(parts)
        assert typo_mod._matches(index, text) == brute(text), text
