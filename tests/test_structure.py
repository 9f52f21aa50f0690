"""numbering (ZH401) and count-mismatch (ZH402): docs examples, the seed, and the cases the
fixtures do not pin down (options, continuations, messages, fixes)."""
from __future__ import annotations

import pytest

from harness import FIXTURES, linter_for
from lint.config import Settings
from lint.engine import Linter
from lint.fixer import fix_document
from lint.readers import parse
from lint.registry import default_registry
from rules.structure import cn_int, int_cn

SEED = FIXTURES / "seed" / "000_fb18030615153122.txt"
RULES = ("numbering", "count-mismatch")


def lint(text: str, rule: str, path: str = "doc.txt", options: dict | None = None):
    registry = default_registry()
    settings = Settings(rule_options={rule: options} if options else {})
    linter = Linter(registry, settings, registry.select([rule]))
    doc = parse(path, text, None)
    return doc, linter.lint(doc)


def lines_of(doc, findings) -> list[int]:
    return [doc.lines.position(f.start)[0] for f in findings]


def examples(rule_name: str, section: str) -> list[str]:
    r = next(r for r in default_registry() if r.name == rule_name)
    return [line.strip() for line in r.section(section).splitlines() if line.strip()]


@pytest.mark.parametrize("rule_name", RULES)
@pytest.mark.parametrize("path", ["doc.txt", "doc.md"])
def test_docstring_examples(rule_name, path):
    bad = examples(rule_name, "反例")
    good = examples(rule_name, "正例")
    assert len(bad) >= 4 and len(good) >= 4
    for ex in bad:
        _, found = lint(ex.replace("\\n", "\n"), rule_name, path)
        assert found, f"反例 not reported ({path}): {ex}"
    for ex in good:
        _, found = lint(ex.replace("\\n", "\n"), rule_name, path)
        assert not found, f"正例 reported ({path}): {ex}: {[f.message for f in found]}"


@pytest.mark.parametrize("rule_name", RULES)
def test_seed_is_silent(rule_name):
    _, found = lint(SEED.read_text(encoding="utf-8"), rule_name, SEED.name)
    assert found == []


def test_seed_gap_is_found_with_expected_label_and_previous_line():
    text = SEED.read_text(encoding="utf-8").replace("（三）网络空间法治体系不断完善", "（四）网络空间法治体系不断完善")
    doc, found = lint(text, "numbering", SEED.name)
    # L55 now reads （四）: reported once there; （四） at L67 is a duplicate of it.
    assert lines_of(doc, found)[:1] == [55]
    assert "应为“（三）”" in found[0].message and "第39行" in found[0].message


def test_seed_without_jump_marker_is_still_a_continuation():
    # The first numbered item （三） is mid-sequence: the page continues another one (3.11).
    text = SEED.read_text(encoding="utf-8").replace("（上接第三版）", "")
    _, found = lint(text, "numbering", SEED.name)
    assert found == []


def test_seed_count_mismatch_when_an_item_is_dropped():
    text = SEED.read_text(encoding="utf-8")
    line49 = text.splitlines()[48]
    cut = line49[: line49.index("五是")] + "。"
    doc, found = lint(text.replace(line49, cut, 1), "count-mismatch", SEED.name)
    assert lines_of(doc, found) == [49]
    assert "五大工程" in found[0].message and "4项" in found[0].message


def test_first_item_mid_sequence_needs_no_marker_but_a_later_gap_is_found():
    doc, found = lint("（三）甲\n\n（四）乙\n\n（六）丙", "numbering")
    assert lines_of(doc, found) == [5]


def test_mid_document_jump_marker_starts_afresh():
    text = "一、总体要求\n\n二、主要任务\n\n（上接第二版）\n\n（三）加强领导\n\n（四）强化考核"
    assert lint(text, "numbering")[1] == []


def test_restart_after_lead_in_but_not_without_one():
    ok = "第五条 有下列情形之一的：\n\n（一）甲；\n\n（二）乙。\n\n有下列行为之一的：\n\n（一）丙；\n\n（二）丁。"
    assert lint(ok, "numbering")[1] == []
    bad = "一、总体要求\n\n（一）甲\n\n（二）乙\n\n（一）丙"
    doc, found = lint(bad, "numbering")
    assert lines_of(doc, found) == [7] and "应为“（三）”" in found[0].message


def test_articles_run_through_chapters():
    text = "## 第一章 总则\n\n第一条 甲。\n\n第二条 乙。\n\n## 第二章 附则\n\n第三条 丙。\n\n第五条 丁。"
    doc, found = lint(text, "numbering", "law.md")
    assert lines_of(doc, found) == [11] and "第四条" in found[0].message


def test_article_insertions_are_not_counted():
    text = "第一条 甲。\n\n第一条之一 乙。\n\n第二条 丙。"
    assert lint(text, "numbering")[1] == []


def test_safe_fix_only_for_marker_punctuation():
    doc, found = lint("一.总体要求\n\n二、主要任务\n\n（一）、扩大内需\n\n（三）扩大开放", "numbering")
    fixes = {doc.text[f.start:f.end]: f.fix for f in found}
    assert fixes["一."].applicability.value == "safe"
    assert fixes["（一）、"].applicability.value == "safe"
    assert fixes["（三）"] is None  # renumbering is never automatic
    fixed, _, _ = fix_document(doc, linter_for(["numbering"]).lint, unsafe=False)
    assert fixed.text == "一、总体要求\n\n二、主要任务\n\n（一）扩大内需\n\n（三）扩大开放"


def test_official_style_reports_arabic_with_dunhao():
    text = "1、加强领导\n\n2、压实责任"
    assert lint(text, "numbering")[1] == []  # publishing style (default) accepts 1、
    doc, found = lint(text, "numbering", options={"style": "official"})
    assert lines_of(doc, found) == [1, 3]
    assert found[0].fix.applicability.value == "safe" and found[0].fix.edits[0].replacement == "."


def test_glued_subheading_is_reported_and_counted():
    text = "一、主要任务\n\n（一）扩大内需。推动消费增长。（二）扩大开放。推进对外开放。\n\n（三）深化改革。"
    doc, found = lint(text, "numbering")
    assert lines_of(doc, found) == [3] and "另起一段" in found[0].message
    assert found[0].fix.applicability.value == "unsafe"
    # Without the glued （二）, （三） would be a gap: it is not reported.
    assert all("（三）" not in doc.text[f.start:f.end] for f in found)


def test_inline_enumeration_after_a_colon_is_not_a_glued_heading():
    text = "一、主要任务\n\n（一）扩大内需。主要做法：（1）促消费；（2）扩投资。\n\n（二）扩大开放。"
    assert lint(text, "numbering")[1] == []


def test_markdown_lists():
    assert lint("1. 甲\n1. 乙\n1. 丙\n", "numbering", "a.md")[1] == []  # lazy numbering
    doc, found = lint("1. 甲\n2. 乙\n2. 丙\n", "numbering", "a.md")
    assert lines_of(doc, found) == [3] and "应为“3.”" in found[0].message
    # A list interrupted by a paragraph may continue at 3 (CommonMark start number).
    assert lint("1. 甲\n2. 乙\n\n说明文字。\n\n3. 丙\n", "numbering", "a.md")[1] == []


def test_lists_restart_under_new_markdown_headings():
    text = "## 安装\n\n（一）下载\n\n（二）解压\n\n## 配置\n\n（一）打开\n\n（二）修改"
    assert lint(text, "numbering", "a.md")[1] == []


def test_captions_and_references():
    text = "如图1和图2所示。\n\n图1 总体架构\n\n图2 数据流程\n\n详见图5。"
    doc, found = lint(text, "numbering")
    assert lines_of(doc, found) == [7] and "图5" in found[0].message
    # Without any caption, references are not checked (figures may live elsewhere).
    assert lint("详见图5和表3。", "numbering")[1] == []


def test_attachments_may_repeat_once_listed():
    text = "附件1 实施方案\n\n附件2 任务清单\n\n附件1 实施方案\n\n附件2 任务清单"
    assert lint(text, "numbering")[1] == []


def test_ordinal_words_are_not_list_items_inside_words():
    text = "统一是前提，唯一是目标，第一次会议，世界第一，二是二。"
    assert lint(text, "numbering")[1] == []


@pytest.mark.parametrize("text", [
    "坚持“三个代表”重要思想，统筹推进“五位一体”总体布局：一是加强领导，二是狠抓落实。",
    "北京、上海、广州等十个城市开展试点。",
    "女方在怀孕期间、分娩后一年内或者终止妊娠后六个月内，男方不得提出离婚。",
    "本次共有三个方面：\n\n这是一段说明文字，没有列举。",
    "主要有三点：一是甲，二是乙，三是丙。另外还有两点：一是丁，二是戊。",
])
def test_count_mismatch_stays_silent(text):
    assert lint(text, "count-mismatch")[1] == []


@pytest.mark.parametrize("text,count", [
    ("包括以下四个方面：一是甲；二是乙；三是丙。", 3),
    ("分为两类：\n\n1. 甲\n2. 乙\n3. 丙\n", 3),
    ("要做好三件事：\n\n一是加强领导。\n\n二是健全机制。\n\n三是强化考核。\n\n四是严格问责。", 4),
    ("落实四项措施：第一，甲；第二，乙；第三，丙。", 3),
])
def test_count_mismatch_reports_the_items_found(text, count):
    path = "doc.md" if "\n1. " in text else "doc.txt"
    doc, found = lint(text, "count-mismatch", path)
    assert len(found) == 1 and f"{count}项" in found[0].message
    assert found[0].fix is None


def test_chinese_numerals():
    for n in (1, 9, 10, 11, 20, 99, 100, 101, 110, 999, 1000, 1010, 1063, 1260):
        assert cn_int(int_cn(n)) == n
    assert cn_int("两") == 2 and cn_int("一二") is None and cn_int("") is None
