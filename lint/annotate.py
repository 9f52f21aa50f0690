"""``--annotate OUT.docx``: a copy of a checked Word document with a comment (批注) anchored
at each finding.  The original file is never written.

Word anchors a comment on whole runs, so the runs around a finding are first split at the
finding's boundaries (the split runs keep their formatting; the text is unchanged, so the
offsets of the document model stay valid after every split).
"""
from __future__ import annotations

import copy
import os
import typing as t

from lint.document import Document
from lint.errors import InputError
from lint.model import Finding
from lint.readers.docx import SEPARATOR, W, child_text, open_docx, paragraphs, run_elements, run_text

AUTHOR = "jiaodui"
INITIALS = "校"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def comment_text(doc: Document, f: Finding) -> str:
    """What the comment says: rule, message, and the suggested replacement when there is one."""
    from lint.formats.common import fix_replacement

    text = f"{f.rule.code} {f.rule.name}：{f.message}" if f.rule is not None else f.message
    if f.fix is not None:
        rep = fix_replacement(doc, f)
        if rep is not None:
            text += f"\n建议：{'改为“' + rep + '”' if rep else '删除'}"
    return text


def _split_run(r, k: int):
    """Split run ``r`` after its ``k``-th character (0 < k < len); returns the second run.
    Both halves keep the run properties; a zero-width child (field character, drawing) stays
    on the side of ``k`` it was on."""
    second = copy.deepcopy(r)
    r.addnext(second)
    for run, first in ((r, True), (second, False)):
        pos = 0
        for child in list(run):
            if child.tag == W + "rPr":
                continue
            begin = pos
            pos += len(child_text(child))
            end = pos
            if begin < k < end:  # only a w:t can straddle the split
                child.text = child.text[: k - begin] if first else child.text[k - begin:]
                child.set(_XML_SPACE, "preserve")
            elif first and begin >= k:
                run.remove(child)
            elif not first and (end <= k if end > begin else begin < k):
                run.remove(child)
    return second


def _boundary(p, k: int) -> None:
    """Make character offset ``k`` of paragraph ``p`` fall on a run boundary."""
    pos = 0
    for r in run_elements(p):
        n = len(run_text(r))
        if pos < k < pos + n:
            _split_run(r, k - pos)
            return
        pos += n


def _runs_in(p, a: int, b: int) -> list:
    """The runs of ``p`` whose text lies in [a, b) (boundaries already split), non-empty ones."""
    out, pos = [], 0
    for r in run_elements(p):
        n = len(run_text(r))
        if n and a <= pos and pos + n <= b:
            out.append(r)
        pos += n
    return out


def _paragraph_spans(doc: Document) -> list[tuple[int, int]]:
    """[start, end) of each paragraph's whole text in ``doc.text``, per block."""
    blocks = doc.blocks
    return [(b.meta["para_start"],
             blocks[i + 1].meta["para_start"] - len(SEPARATOR) if i + 1 < len(blocks) else len(doc.text))
            for i, b in enumerate(blocks)]


def _anchor(spans: list[tuple[int, int]], f: Finding) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """((block index, start char), (block index, end char)) the comment covers: the finding's
    range clamped to paragraph text, at least one character wide."""
    if not spans:
        return None
    s, e = f.start, max(f.end, f.start)
    if s == e:  # an insertion point: mark the character before it (or after it at a paragraph start)
        i = next((j for j, (ps, pe) in enumerate(spans) if ps <= s <= pe), None)
        if i is None:
            return None
        ps, pe = spans[i]
        if pe == ps:
            return None
        a = s - 1 if s > ps else s
        return (i, a - ps), (i, a - ps + 1)
    first = next((j for j, (ps, pe) in enumerate(spans) if s < pe), None)
    last = next((j for j in range(len(spans) - 1, -1, -1) if spans[j][0] < e), None)
    if first is None or last is None or first > last:
        return None
    a = max(s, spans[first][0]) - spans[first][0]
    z = min(e, spans[last][1]) - spans[last][0]
    return (first, a), (last, z)


def annotate(src: str, out: str, doc: Document, findings: t.Sequence[Finding]) -> int:
    """Write ``out``: a copy of the .docx ``src`` with one comment per finding; returns the
    number of comments written.  ``doc`` is the model ``src`` was read into."""
    from docx.text.run import Run

    if os.path.exists(out) and os.path.samefile(src, out):
        raise InputError(out, "--annotate 不能覆盖原文件 must not overwrite the checked file")
    with open(src, "rb") as fh:
        data = fh.read()
    from lint.document import content_digest

    if doc.source.digest and content_digest(data) != doc.source.digest:
        raise InputError(src, "检查后文件已被改动 the file changed while it was checked")
    wdoc = open_docx(data, src)
    ps = [p for p, _ in paragraphs(wdoc.element.body)]
    body = wdoc._body  # Run objects need a parent that knows the document part
    spans = _paragraph_spans(doc)
    n = 0
    for f in findings:
        anchor = _anchor(spans, f)
        if anchor is None:
            continue
        (bi, a), (bj, z) = anchor
        p_first = ps[doc.blocks[bi].meta["docx_index"]]
        p_last = ps[doc.blocks[bj].meta["docx_index"]]
        _boundary(p_first, a)
        _boundary(p_last, z)
        if p_first is p_last:
            runs = _runs_in(p_first, a, z)
        else:
            runs = _runs_in(p_first, a, 1 << 30) + _runs_in(p_last, 0, z)
        if not runs:
            continue
        wdoc.add_comment([Run(runs[0], body), Run(runs[-1], body)], text=comment_text(doc, f),
                         author=AUTHOR, initials=INITIALS)
        n += 1
    tmp = f"{out}.jiaodui-tmp"
    try:
        wdoc.save(tmp)
        os.replace(tmp, out)
    except OSError as e:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise InputError(out, f"无法写入 cannot write: {e.strerror or e}") from None
    return n
