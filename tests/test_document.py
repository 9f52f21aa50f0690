"""The document model: block kinds, exact offsets, masking, and the line index."""
from __future__ import annotations

import re

import pytest

from lint.document import (CODE, FRONT_MATTER, HEADING, HTML, LIST_ITEM, MASK, PARAGRAPH, QUOTE, TABLE_CELL, Block,
                           Document, LineIndex)
from lint.readers import parse


def kinds(doc):
    return [(b.kind, doc.text[b.start:b.end]) for b in doc.blocks]


def test_line_index_handles_every_newline_style():
    text = "甲\r\n乙\n丙\r丁"
    li = LineIndex(text)
    assert [li.position(text.index(c)) for c in "甲乙丙丁"] == [(1, 1), (2, 1), (3, 1), (4, 1)]
    assert li.line_text(1) == "甲" and li.line_text(3) == "丙" and li.line_text(4) == "丁"
    assert li.position(len(text)) == (4, 2)


def test_columns_count_code_points_not_utf16_units():
    text = "𠀀𠀁的的"  # CJK Extension B: two UTF-16 units each, one code point
    assert LineIndex(text).position(2) == (1, 3)


def test_plain_text_blocks_and_headings():
    text = "一、总体要求\n\n（一）主要目标\n\n　　我们要加强领导，压实责任。\n\n专栏2 国家网络安全宣传周\n网民的网络安全意识，关乎人民群众的切身利益。\n"
    doc = parse("a.txt", text)
    assert kinds(doc) == [
        (HEADING, "一、总体要求"), (HEADING, "（一）主要目标"),
        (PARAGRAPH, "我们要加强领导，压实责任。"),  # indentation is not part of the block
        (HEADING, "专栏2 国家网络安全宣传周"), (PARAGRAPH, "网民的网络安全意识，关乎人民群众的切身利益。"),
    ]
    assert [b.level for b in doc.blocks[:2]] == [1, 2]


def test_plain_text_one_paragraph_per_line_without_blank_lines():
    text = "第一段说明情况。\n第二段提出要求。\n第三段作出部署。\n"
    doc = parse("a.txt", text)
    assert [doc.text[b.start:b.end] for b in doc.blocks] == ["第一段说明情况。", "第二段提出要求。", "第三段作出部署。"]


def test_plain_text_hard_wrapped_paragraph_is_one_block():
    text = "各地要加快推进基础设施\n建设，确保按期完工，并且\n做好安全生产工作。\n"
    doc = parse("a.txt", text)
    assert len(doc.blocks) == 1
    assert doc.text[doc.blocks[0].start:doc.blocks[0].end] == text.rstrip("\n")


def test_plain_text_masks_urls_and_emails():
    text = "详见https://example.com/a,b?x=1，或写信给 someone@example.org。"
    (b,) = parse("a.txt", text).blocks
    assert "example" not in b.prose and len(b.prose) == b.end - b.start
    assert b.prose.startswith("详见" + MASK) and b.prose.endswith("。")


MD = """---
title: 测试
---

# 标题 一

这是`代码的的`段落，见[链接文字](https://a.com/x,y)。
第二行 **粗体** <span>标签</span>

> 引用内容
> 第二行

- 项目一
- 项目二

3. 第三
4) 第四

```python
print("代码块，，")
```

    缩进代码块

<div>
HTML 块
</div>

| 甲 | 乙 |
|---|---|
| 单元 | 格子 |
"""


def test_markdown_blocks():
    doc = parse("a.md", MD)
    got = [(b.kind, b.level) for b in doc.blocks]
    assert got == [(FRONT_MATTER, None), (HEADING, 1), (PARAGRAPH, None), (QUOTE, None),
                   (LIST_ITEM, None), (LIST_ITEM, None), (LIST_ITEM, None), (LIST_ITEM, None),
                   (CODE, None), (CODE, None), (HTML, None),
                   (TABLE_CELL, None), (TABLE_CELL, None), (TABLE_CELL, None), (TABLE_CELL, None)]
    items = [b for b in doc.blocks if b.kind == LIST_ITEM]
    assert [b.meta["marker"] for b in items] == ["-", "-", "3.", "4)"]


def test_markdown_offsets_round_trip_and_masking():
    doc = parse("a.md", MD)
    para = next(b for b in doc.blocks if b.kind == PARAGRAPH)
    src = doc.text[para.start:para.end]
    assert src.startswith("这是`代码的的`段落") and src.endswith("</span>")
    assert len(para.prose) == len(src)
    # Inline code, link target, emphasis markers and HTML tags are masked; link text is prose.
    assert "代码的的" not in para.prose and "https" not in para.prose and "span" not in para.prose
    assert "链接文字" in para.prose and "粗体" in para.prose and "标签" in para.prose
    quote = next(b for b in doc.blocks if b.kind == QUOTE)
    assert doc.text[quote.start:quote.end] == "引用内容\n> 第二行"
    assert quote.prose == "引用内容\n" + MASK * 2 + "第二行"
    heading = next(b for b in doc.blocks if b.kind == HEADING)
    assert doc.text[heading.start:heading.end] == "标题 一"
    assert doc.lines.position(heading.start) == (5, 3)
    cells = [doc.text[b.start:b.end] for b in doc.blocks if b.kind == TABLE_CELL]
    assert cells == ["甲", "乙", "单元", "格子"]


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_markdown_positions_with_crlf(newline):
    text = newline.join(["# 标题", "", "正文第一段。", "", "- 项目"]) + newline
    doc = parse("a.md", text)
    assert [doc.lines.position(b.start) for b in doc.blocks] == [(1, 3), (3, 1), (5, 3)]
    assert [doc.text[b.start:b.end] for b in doc.blocks] == ["标题", "正文第一段。", "项目"]


def test_block_prose_always_has_the_source_length():
    for path, text in (("a.md", MD), ("a.txt", MD)):
        doc = parse(path, text)
        for b in doc.blocks:
            assert len(b.prose) == b.end - b.start


def test_url_with_a_chinese_path_segment_is_masked_to_its_end():
    text = "资料见 https://zh.wikipedia.org/wiki/香港法例 一文，或见https://example.com/。"
    (b,) = parse("a.txt", text).blocks
    assert "香港法例" not in b.prose and "一文" in b.prose
    assert b.prose.endswith(MASK + "。")


def test_memo_computes_a_shared_analysis_once_per_document():
    calls = []
    doc = parse("a.txt", "一段文字。")
    build = lambda d: calls.append(d) or len(d.blocks)
    assert doc.memo("k", build) == 1 and doc.memo("k", build) == 1
    assert len(calls) == 1
    assert parse("a.txt", "一段文字。").memo("k", build) == 1 and len(calls) == 2  # a new document, a new analysis


BLOCKS_MD = "# 标题甲\n\n第一段，甲。\n\n```\n甲 = 1\n```\n\n第二段乙。\n\n- 列表甲，见`乙`\n"


def texts(doc, blocks):
    return [doc.text[b.start:b.end] for b in blocks]


def test_blocks_where_finds_every_block_with_a_match_in_order():
    doc = parse("a.md", BLOCKS_MD)
    assert texts(doc, doc.blocks_where(re.compile("甲"))) == ["标题甲", "第一段，甲。", "列表甲，见`乙`"]
    # several scans: the union, in document order, each block once
    assert texts(doc, doc.blocks_where(re.compile("乙"), re.compile("段"))) == [
        "第一段，甲。", "第二段乙。", "列表甲，见`乙`"]
    # the scan is of the text, not the prose: a match in inline code (masked) still picks the block
    assert texts(doc, doc.blocks_where(re.compile("`乙"))) == ["列表甲，见`乙`"]
    assert doc.blocks_where(re.compile("丙")) == []


def test_blocks_where_keeps_blocks_of_the_given_kinds():
    doc = parse("a.md", BLOCKS_MD)
    scan = re.compile("甲")
    assert texts(doc, doc.blocks_where(scan, kinds=(PARAGRAPH,))) == ["第一段，甲。"]
    assert texts(doc, doc.blocks_where(scan, kinds=(CODE, LIST_ITEM))) == ["```\n甲 = 1\n```", "列表甲，见`乙`"]
    assert texts(doc, doc.blocks_where(scan)) == ["标题甲", "第一段，甲。", "列表甲，见`乙`"]  # prose: no code


def made(text, spans, kind=PARAGRAPH):
    blocks = [Block(kind, s, e, text[s:e], index=i) for i, (s, e) in enumerate(spans)]
    return Document(path="a.txt", text=text, blocks=blocks)


def test_a_match_counts_for_the_block_it_starts_in():
    doc = made("甲乙丙丁戊", [(0, 2), (2, 4)])
    assert texts(doc, doc.blocks_where(re.compile("乙丙"))) == ["甲乙"]
    assert texts(doc, doc.blocks_where(re.compile("丙"))) == ["丙丁"]
    doc = made("甲乙丙丁戊", [(0, 1), (3, 5)])  # 乙丙 is between the blocks
    assert doc.blocks_where(re.compile("乙丙丁")) == []
    assert texts(doc, doc.blocks_where(re.compile("(?<=丙)丁"))) == ["丁戊"]  # look-arounds see the whole text


def test_overlapping_blocks_are_all_returned():
    """With overlapping blocks a match's block is not clear: every block of the kinds is returned."""
    doc = made("甲乙丙丁戊", [(0, 3), (2, 5), (4, 5)])
    assert texts(doc, doc.blocks_where(re.compile("无"))) == ["甲乙丙", "丙丁戊", "戊"]
    doc = made("甲乙丙丁戊", [(0, 3), (2, 5), (4, 5)])
    doc.blocks[1].kind = CODE
    assert texts(doc, doc.blocks_where(re.compile("无"))) == ["甲乙丙", "戊"]
    # blocks_spanning needs no fallback: the furthest end so far bounds its walk back
    assert texts(doc, doc.blocks_spanning(3, 4)) == ["甲乙丙"]
    assert texts(doc, doc.blocks_spanning(3, 4, kinds=(CODE, PARAGRAPH))) == ["甲乙丙", "丙丁戊"]


def test_blocks_spanning():
    doc = parse("a.md", BLOCKS_MD)
    line = doc.lines.starts
    assert texts(doc, doc.blocks_spanning(line[2], line[3])) == ["第一段，甲。"]
    assert doc.blocks_spanning(line[5], line[6]) == []  # a line of the code block
    assert texts(doc, doc.blocks_spanning(line[5], line[6], kinds=(CODE,))) == ["```\n甲 = 1\n```"]
    assert texts(doc, doc.blocks_spanning(line[8], None)) == ["第二段乙。", "列表甲，见`乙`"]


def test_block_queries_on_an_empty_document():
    doc = parse("a.md", "")
    assert doc.blocks_where(re.compile("甲"), re.compile("乙")) == []
    assert doc.blocks_spanning(0, None) == []
