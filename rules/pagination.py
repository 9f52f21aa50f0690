"""Print-layout residue: page-jump markers (and, later, broken paragraphs and page furniture)."""
from __future__ import annotations

import re
import typing as t

from lint.cjk import HAN
from lint.document import Block, Document
from lint.model import Edit, Finding, Fix, Severity, rule

_NUM = "0-9０-９一二三四五六七八九十百〇零两"
_PAGE = rf"第?\s*[{_NUM}]{{1,4}}\s*版"
_VERB = r"上接|下转|紧接|续接|转|接"
# Bracketed form: allowed anywhere in a block.
_BRACKETED = re.compile(rf"[（(]\s*(?:{_VERB})\s*{_PAGE}\s*[）)]")
# Unbracketed, or with one bracket lost in extraction: only at the very start or end of a block.
_AT_START = re.compile(rf"\A[（(]?\s*(?P<verb>{_VERB})\s*{_PAGE}\s*[）)]?")
_AT_END = re.compile(rf"(?P<pre>.?)[（(]?\s*(?P<verb>{_VERB})\s*{_PAGE}\s*[）)]?\Z", re.S)
_HAN = re.compile(f"[{HAN}]")
_WS = " \t\u3000"


def _removal(doc: Document, block: Block, start: int, end: int) -> Edit:
    """The edit that removes a marker at absolute [start, end) from ``block``: the marker with
    the spaces around it, or the whole block with its separating blank lines when the marker
    is all there is."""
    text = doc.text
    if start == block.start and end == block.end:
        nxt = doc.next_block(block)
        if nxt is not None:
            return Edit(block.start, nxt.start)
        prev = doc.previous_block(block)
        if prev is not None:
            return Edit(prev.end, block.end)
        return Edit(block.start, block.end)
    s, e = start, end
    if start == block.start:
        while e < block.end and text[e] in _WS:
            e += 1
    elif end == block.end:
        while s > block.start and text[s - 1] in _WS:
            s -= 1
    return Edit(s, e)


def _markers(block: Block) -> t.Iterator[tuple[int, int]]:
    prose = block.prose
    seen: list[tuple[int, int]] = []
    m = _AT_START.match(prose)
    if m:
        seen.append((m.start(), m.end()))
    m = _AT_END.search(prose)
    if m:
        s = m.start() + len(m.group("pre"))
        bracketed = prose[s] in "（("
        # A bare single-character verb glued to Han text is a word (直接, 运转), not a marker.
        if bracketed or len(m.group("verb")) == 2 or not (m.group("pre") and _HAN.match(m.group("pre"))):
            seen.append((s, m.end()))
    for m in _BRACKETED.finditer(prose):
        seen.append((m.start(), m.end()))
    # Longest first, drop overlaps.
    taken: list[tuple[int, int]] = []
    for s, e in sorted(set(seen), key=lambda x: (x[0], -(x[1] - x[0]))):
        if all(e <= a or s >= b for a, b in taken):
            taken.append((s, e))
    return iter(sorted(taken))


@rule(code="ZH301", name="page-marker", category="pagination", severity=Severity.ERROR, fixable="always")
def page_marker(doc: Document, ctx) -> t.Iterator[Finding]:
    r"""转版标记（上接第X版、下转第X版）残留在正文中。

    ## 检查什么
    报纸的转版提示“（上接第三版）”“（下转第十一版）”“（转3版）”“（紧接第一版）”等：全角或半角括号，
    有无“第”，汉字或阿拉伯版号。带括号的标记在段中任何位置都报；丢了括号的标记只在段首或段尾才认，
    且单字“转”“接”前不能紧贴汉字（“直接”“运转”是词）。

    ## 为什么
    转版标记是版面导航，不属于正文。从报纸版面抽取文本时它们会粘在段首、段尾或独占一行，
    留在稿件中会打断阅读，也会让编号、断段等检查误判。

    ## 反例
        （上接第三版）构建责任共同体，就是坚持多边参与。
        推动高质量发展取得新成效。\n\n（下转第十一版）
        各地区各部门要坚持稳中求进(转3版)
        上接第1版）要坚持系统观念。

    ## 正例
        详见第五版。
        本书第2版已经出版，见本报今日第3版的报道。
        这项工作直接第三版面向读者。

    ## 修复安全性
    安全：删除标记及其旁边的空格；标记独占一段时连同它与下一段之间的空行一起删除。
    删除后若前后两段原本是一段，由 broken-paragraph 规则另行提示合并。
    """
    for block in doc.blocks_of():
        for s, e in _markers(block):
            start, end = block.start + s, block.start + e
            marker = doc.text[start:end]
            yield Finding(start, end, f"转版标记“{marker}”不属于正文，应删除",
                          fix=Fix.safe(_removal(doc, block, start, end)))


RULES = (page_marker,)
