"""mixed-script (ZH701): OpenCC's behaviour pinned, the one-to-many traps, the main-script
detection, both directions, quotations and allowed words."""
from __future__ import annotations

import pytest

from harness import FIXTURES, lint_file, linter_for
from lint.config import Settings
from lint.engine import Linter
from lint.readers import parse
from lint.registry import default_registry
from rules import script as script_mod
from rules._data import table, word_set

SEED = FIXTURES / "seed" / "000_fb18030615153122.txt"


def t2s(text: str) -> str:
    return script_mod._converter("t2s").convert(text)


def s2t(text: str) -> str:
    return script_mod._converter("s2t").convert(text)


def run(text: str, path: str = "doc.txt", **settings):
    """(text, message, severity, replacement or None, applicability or None) per finding."""
    rule = default_registry().get("mixed-script")
    doc = parse(path, text)
    out = []
    for f in Linter(default_registry(), Settings(**settings), [rule]).lint(doc):
        fix = (f.fix.edits[0].replacement, f.fix.applicability.value) if f.fix else (None, None)
        out.append((doc.text[f.start:f.end], f.message, f.severity.value, *fix))
    return out


# ---------------------------------------------------------------------------- OpenCC, pinned

@pytest.mark.parametrize("char,expected", [
    ("乾", "干"), ("後", "后"), ("髮", "发"), ("裏", "里"), ("臺", "台"), ("峯", "峰"), ("於", "于"),
    ("徵", "征"),
    # Kept by character-level t2s: never candidates at all.
    ("藉", "藉"), ("瞭", "瞭"), ("著", "著"), ("馀", "馀"), ("広", "広"),
])
def test_opencc_character_level_t2s(char, expected):
    assert t2s(char) == expected


@pytest.mark.parametrize("phrase,expected", [
    # Phrase-level t2s keeps the characters the 通用规范汉字表 keeps in these words ...
    ("乾隆", "乾隆"), ("乾坤", "乾坤"), ("慰藉", "慰藉"), ("狼藉", "狼藉"), ("瞭望", "瞭望"),
    ("宫商角徵羽", "宫商角徵羽"), ("著名", "著名"),
    # ... and changes them where they are traditional.
    ("乾燥", "干燥"), ("頭髮", "头发"), ("後來", "后来"), ("互聯網與", "互联网与"),
    # Where OpenCC 1.4 gets it wrong, rules/data/script-allow.txt holds the word.
    ("乾清宫", "干清宫"), ("乾县", "干县"),
])
def test_opencc_phrase_level_t2s(phrase, expected):
    assert t2s(phrase) == expected


@pytest.mark.parametrize("word", ["乾清宫", "乾县"])
def test_opencc_gaps_are_in_the_allow_list(word):
    assert word in word_set("script-allow.txt")
    assert run(f"他参观了{word}。") == []


@pytest.mark.parametrize("word", sorted(word_set("script-allow.txt")))
def test_every_allowed_word_is_silent_in_simplified_text(word):
    assert run(f"我们读到了“{word}”和{word}这个词。") == []


def test_s2t_changes_standard_simplified_characters_so_it_is_never_evidence():
    # s2t changes plain simplified words; counting these as "traditional-looking" would be wrong.
    assert s2t("头发") == "頭髮" and s2t("舞台") == "舞臺"
    assert s2t("皇后") == "皇后" and s2t("若干") == "若干" and s2t("公里") == "公里"


# ---------------------------------------------------------------------------- simplified text

@pytest.mark.parametrize("text", [
    "皇后若干年后回到故里，走了三公里，头发全白，登上舞台。",
    "他看着远方，著名的学者给人慰藉。",
    "乾隆年间，扭转乾坤；站在瞭望塔上。",
    "宫商角徵羽是五音；宴后杯盘狼藉。",
    "一只鹰在山谷的松树上，剩余的面条，制造，征求意见，姓范，云彩。",
])
def test_one_to_many_traps_are_silent_in_simplified_text(text):
    assert script_mod.traditional_chars(text) == []
    assert run(text) == []


def test_traditional_characters_in_simplified_text():
    got = run("推动互聯網與实体经济深度融合，关键在於沟通，高峯论坛。")
    assert [(g[0], g[3], g[4]) for g in got] == [("聯網與", "联网与", "safe"), ("於", "于", "safe"),
                                                ("峯", "峰", "safe")]
    assert got[0][1] == "“聯網與”是繁体字，简体文本中应作“联网与”"
    assert {g[2] for g in got} == {"error"}


def test_phrase_level_result_is_the_fix():
    assert run("天气乾燥，要多喝水。") == [("乾", "“乾”是繁体字，简体文本中应作“干”", "error", "干", "safe")]


def test_japanese_shinjitai_with_an_unsafe_fix():
    got = run("会议在広岛举行，从駅出发。")
    assert [(g[0], g[3], g[4]) for g in got] == [("広", "广", "unsafe"), ("駅", "驿", "unsafe")]
    assert "日文汉字" in got[0][1]
    assert {g[2] for g in got} == {"warning"}


def test_japanese_table_maps_to_simplified_characters_only():
    for jp, simplified in table("script-japanese.tsv"):
        assert t2s(jp) == jp, jp  # t2s alone misses them: that is why the table exists
        assert t2s(simplified) == simplified, (jp, simplified)
        assert jp != simplified


def test_quoted_titles_and_quotations_are_downgraded_to_info():
    got = run("许慎的《說文解字》很重要。")
    assert got == [("說", "“說”是繁体字，简体文本中应作“说”（位于书名号、引号或引文中，若为照录原文可忽略）",
                    "info", "说", "unsafe")]
    got = run("他引用了“倉頡之初作書”这句话。")
    assert len(got) == 1 and got[0][0] == "倉頡之初作書" and got[0][2] == "info" and got[0][4] == "unsafe"


def test_quote_blocks_are_downgraded_in_markdown():
    got = run("引文如下：\n\n> 倉頡之初作書，蓋依類象形。\n\n正文里的後来要改。\n", path="doc.md")
    assert [(g[0], g[2]) for g in got] == [("倉頡之初作書，蓋依類", "info"), ("後", "error")]


def test_allowed_words_from_config():
    assert len(run("於梨华是作家。")) == 1
    assert run("於梨华是作家。", allow=["於梨华"]) == []
    assert run("於梨华是作家。", rule_options={"mixed-script": {"allow": ["於梨华"]}}) == []


def test_code_is_not_checked():
    md = "设置 `language: 繁體中文`。\n\n```\n歡迎使用\n```\n"
    assert run(md, path="doc.md") == []


def test_seed_is_silent():
    _, findings = lint_file(SEED, linter_for(["mixed-script"]))
    assert findings == []


# ---------------------------------------------------------------------------- traditional text

TRAD = "我們在這裡討論網路發展的問題，皇后區若干讀者走了幾公里，在台上分享。大家都很關心这个。"


def test_main_script_is_detected_by_majority():
    blocks = list(parse("a.txt", TRAD).blocks_of())
    assert script_mod.main_script(blocks) == "traditional"
    blocks = list(parse("a.txt", "推动互聯網與实体经济深度融合，大家都很关心这个问题。").blocks_of())
    assert script_mod.main_script(blocks) == "simplified"


def test_simplified_characters_in_traditional_text_have_no_fix():
    got = run(TRAD)
    assert got == [("这个", "“这个”是简体字，繁体文本中应作“這個”（按词语转换的建议，请核对）", "error", None, None)]


def test_shared_characters_never_count_as_simplified():
    shared = word_set("script-shared.txt")
    assert {"后", "干", "里", "台", "余", "面"} <= shared
    assert not {"发", "这", "钟"} & shared
    assert script_mod.simplified_chars("皇后區若干公里，台上。") == []


def test_script_option_overrides_detection():
    text = "這是一段繁體文字，只有一個这字。"
    assert [g[0] for g in run(text)] == ["这"]
    forced = run(text, rule_options={"mixed-script": {"script": "simplified"}})
    assert "這" in [g[0] for g in forced] and "这" not in [g[0] for g in forced]
    forced = run("推动互聯網與实体经济。", rule_options={"mixed-script": {"script": "traditional"}})
    assert {g[0] for g in forced} >= {"动", "实体经济"}  # 推 is the same in both scripts
