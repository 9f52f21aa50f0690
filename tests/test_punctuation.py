"""punctuation (ZH601): documented examples, false-alarm traps, exact positions and fixes."""
from __future__ import annotations

import pytest

from harness import fixed_text, lint_text
from harness import spans as _spans
from lint.registry import default_registry

RULE = default_registry().get("punctuation")


def lint(text: str, path: str = "t.txt"):
    return lint_text("punctuation", text, path)


def spans(text: str, path: str = "t.txt") -> list[str]:
    return _spans("punctuation", text, path)


@pytest.mark.parametrize("text", [
    "全年产量1,000吨，3:30开会，增长1.5倍，v2.1版本。",
    "请访问 https://example.com/a?b=1&c=2 查看。",
    "He asked: why? 他没有回答。",
    "Vue (发音为 /vjuː/，类似 view) 是一款框架。",  # spaced half-width parentheses: a house style
    "一、总体要求",
    "一一对应，二者缺一不可。",
    "北京—上海高铁，1031—1095年。",
    "他好开心:-) 我们也是。",
    "（1）压实责任；（2）加大投入。",
    "真的吗？？真的！！？",
    "好的:smile:我们走吧。",  # emoji shortcode
    "空格&nbsp;中文。",  # HTML entity in plain text
    "目录\n表格──────中文",  # box-drawing rule, not a dash
    '{"名称": "值", "类型": "字符串"}',  # JSON in a plain-text file
    '屏幕尺寸为27"，分辨率很高。',  # inches
    '"张三","李四","王五"',  # CSV
    '!!! note "提示"',  # MkDocs admonition title
    "— 2 —",  # page number of an official document (GB/T 9704)
    "…and so on",
    "[1] 张三, 李四. 汉语标点研究[J]. 语言文字应用, 2020, 43(5): 1-10.",  # GB/T 7714 reference
])
def test_traps_are_silent(text):
    assert spans(text) == []


def test_code_and_urls_in_markdown_are_silent():
    md = "# 标题\n\n使用 `a,b;c:d` 即可。\n\n```py\nprint('你好,世界')\n```\n\n[链接](http://x.org/a,b)。\n"
    assert spans(md, "t.md") == []


def test_halfwidth_comma_position_and_fix():
    doc, findings, linter = lint("会议讨论了预算, 通过了决议。")
    assert [(f.start, f.end) for f in findings] == [(7, 8)]
    assert fixed_text(doc, linter) == "会议讨论了预算，通过了决议。"


def test_english_sentence_keeps_its_marks():
    assert spans("The files (劳动人事, 民法典, 消费购物) are summaries of court cases, kept as they are.") == []


def test_multi_paragraph_quotation_is_not_unbalanced():
    text = "“第一段。\n\n“第二段。\n\n“第三段，结束。”\n"
    assert spans(text) == []


def test_closing_quote_moved_to_next_paragraph_is_reported_once():
    text = "法律规定：“劳动者享有休息的权利。\n\n”这一规定十分明确，用人单位应当遵守。\n"
    doc, findings, _ = lint(text)
    assert [doc.text[f.start:f.end] for f in findings] == ["”"]
    assert "段首" in findings[0].message


def test_unclosed_quote_reported_at_the_opener():
    text = "他说：“明天见。大家都笑了。\n\n第二天，他果然来了。\n"
    doc, findings, _ = lint(text)
    assert [(f.start, doc.text[f.start:f.end]) for f in findings] == [(3, "“")]


def test_line_initial_mark_with_crlf():
    text = "老王说，以前一到下雨天，楼道里就积水\r\n，大家出门都得绕着走，现在好了\r\n"
    doc, findings, linter = lint(text)
    assert [doc.text[f.start:f.end] for f in findings] == ["，"]
    assert fixed_text(doc, linter) == "老王说，以前一到下雨天，楼道里就积水，\r\n大家出门都得绕着走，现在好了\r\n"


def test_line_initial_mark_only_in_plain_text():
    md = "楼道里就积水\n，大家出门都得绕着走，现在好了。\n"
    assert spans(md, "t.md") == []


def test_ellipsis_and_dash_fixes():
    doc, _, linter = lint("苹果、香蕉等等... 都有。北京 -- 中国的首都。")
    assert fixed_text(doc, linter) == "苹果、香蕉等等……都有。北京——中国的首都。"


def test_doubled_marks_keep_one():
    doc, _, linter = lint("我们认为，，这个方案可行。。你去吗？。")
    assert fixed_text(doc, linter) == "我们认为，这个方案可行。你去吗？"


def test_dash_substitutes():
    assert spans("北京――中国的首都。") == ["――"]  # U+2015 from the old GB 2312 mapping
    assert spans("北京──中国的首都。") == ["──"]  # U+2500 box drawing
    assert spans("住在3,4号楼。") == [","]  # not a thousands separator


def test_straight_quotes_around_chinese():
    doc, findings, linter = lint('他说："明天见。"大家都笑了。')
    assert [doc.text[f.start:f.end] for f in findings] == ['"明天见。"']
    assert fixed_text(doc, linter) == "他说：“明天见。”大家都笑了。"
