"""number-format (ZH901): documented examples, narrow patterns and their traps, fixes."""
from __future__ import annotations

import pytest

from harness import fixed_text, lint_text
from harness import spans as _spans
from lint.registry import default_registry

RULE = default_registry().get("number-format")


def lint(text: str, path: str = "t.txt"):
    return lint_text("number-format", text, path)


def spans(text: str, path: str = "t.txt") -> list[str]:
    return _spans("number-format", text, path)


@pytest.mark.parametrize("text", [
    "工作了22年，22年来始终如一。",
    "80年代、90后、00后都来了。",
    "民国22年3月，他离开了家乡。",
    "判处有期徒刑10年6个月。",
    "前后左右都是人，约定俗成，余额不足。",
    "节约10%左右的成本。",
    "最近100多名学生参加了活动。",
    "三〇五室的同事来了，二〇二二年的总结已经写好。",
    "体重60千克，功率5千瓦，距离3千米。",
    "1.\n2.\n3.",
    "12\n34\n56",
    "第一章 总则 1\n2 适用范围",  # a contents line's page number
    "提出‘两个一百年’20年来，成就显著。",  # a closing quote, not an apostrophe
])
def test_traps_are_silent(text):
    assert spans(text) == []


def test_full_width_fix():
    doc, _, linter = lint("增长５．６％，共２０２２人。")
    assert fixed_text(doc, linter) == "增长5.6%，共2022人。"


def test_japanese_quotation_keeps_full_width_digits():
    assert spans("日文写作「２０２２年」という表記です。") == []


def test_year_zero_fix():
    doc, _, linter = lint("二O二二年、二○二一年")
    assert fixed_text(doc, linter) == "二〇二二年、二〇二一年"


def test_short_year_pair_with_full_year():
    assert spans("2021年和22年的数据都已公布。") == ["22年"]


def test_mixed_year_styles_report_the_minority_only():
    text = "二〇二一年召开了第一次会议。\n\n2022年召开第二次会议。\n\n2023年召开第三次会议。\n"
    doc, findings, _ = lint(text)
    assert [doc.text[f.start:f.end] for f in findings] == ["二〇二一年"]
    assert findings[0].fix.edits[0].replacement == "2021年"


def test_mixed_year_styles_tie_is_silent():
    assert spans("二〇二一年召开了第一次会议。2022年召开第二次会议。") == []


def test_titles_and_date_lines_are_not_counted():
    text = "《二〇二〇年工作报告》已经归档，2021年和2023年的报告正在整理。\n\n二〇二四年一月一日\n"
    assert spans(text) == []


def test_arabic_with_qian_bai():
    doc, findings, linter = lint("投入4千5百元，新建3百所学校，4千5的说法不规范。")
    assert [doc.text[f.start:f.end] for f in findings] == ["4千5百", "3百", "4千"]
    assert findings[2].fix is None  # 4千5 = 4500 colloquially: no mechanical fix
    assert fixed_text(doc, linter) == "投入4500元，新建300所学校，4千5的说法不规范。"


def test_number_split_across_lines_in_a_wrapped_paragraph():
    doc, findings, linter = lint("收入增长了20\n22万元，比上年有所提高")
    assert len(findings) == 1
    assert fixed_text(doc, linter) == "收入增长了2022万元，比上年有所提高"
    doc, findings, linter = lint("全年财政收入达到3.\n5亿元，比上年有所增长")
    assert fixed_text(doc, linter) == "全年财政收入达到3.5亿元，比上年有所增长"


def test_number_split_between_lines_read_as_separate_paragraphs():
    text = "今年以来，全市经济运行稳中有进。\n人均可支配收入达到52\n360元，比上年增长5.1%。\n"
    doc, findings, linter = lint(text)
    assert [f.message for f in findings] == ["数字被换行拆开，应把它写在同一行"]
    assert "达到52360元" in fixed_text(doc, linter)
    # A blank line between them is a broken paragraph, not this rule's business.
    assert spans(text.replace("52\n", "52\n\n")) == []


def test_apostrophe_year():
    assert spans("’22年的计划已经完成。") == ["’22年"]
