"""Word (.docx) reader: body paragraphs and table-cell paragraphs, in document order, become
the blocks of one Document whose text is the paragraphs joined by blank lines ("\\n\\n").

Findings in a .docx are located by paragraph number and character offset (see
:func:`location`), not by line: every non-empty paragraph is numbered from 1 in reading order
(table cells included), and ``Block.meta`` carries what is needed to go back to the Word XML:

- ``paragraph``: the 1-based paragraph number shown to users;
- ``para_start``: absolute offset in ``Document.text`` where the paragraph's text begins
  (the block itself may start later, leading spaces are not prose);
- ``docx_index``: index of the ``w:p`` element among all paragraphs walked (:func:`paragraphs`);
- ``table``: the paragraph is in a table cell.

python-docx is an optional dependency (``pip install 'jiaodui[docx]'``), imported only here.
"""
from __future__ import annotations

import io
import re
import typing as t

from lint.cjk import looks_like_heading, numbering_level
from lint.document import HEADING, PARAGRAPH, TABLE_CELL, Block, Document, Source
from lint.errors import InputError
from lint.readers.inline import mask_plain

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
SEPARATOR = "\n\n"
_SPACE = " \t\u3000\ufeff\n"

# Containers whose runs are part of the paragraph's visible text (hyperlinks, tracked
# insertions, content controls, simple fields...).  Deleted text (w:del, w:moveFrom) and
# text boxes inside drawings are not walked.
_RUN_CONTAINERS = frozenset(W + n for n in (
    "hyperlink", "ins", "smartTag", "sdt", "sdtContent", "customXml", "fldSimple", "moveTo", "dir", "bdo"))
# Containers of paragraphs at block level.
_BLOCK_CONTAINERS = frozenset(W + n for n in ("tbl", "tr", "tc", "sdt", "sdtContent", "customXml"))
_HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*(\d)$", re.I)


def require_docx(path: str = "python-docx"):
    try:
        import docx
    except ImportError:
        raise InputError(path, "读取 .docx 需要 python-docx：pip install 'jiaodui[docx]' "
                         "(reading .docx needs the docx extra)") from None
    return docx


def child_text(el) -> str:
    """The text a run child contributes (python-docx's mapping, page breaks included)."""
    tag = el.tag
    if tag == W + "t":
        return el.text or ""
    if tag in (W + "tab", W + "ptab"):
        return "\t"
    if tag in (W + "br", W + "cr"):
        return "\n"
    if tag == W + "noBreakHyphen":
        return "-"
    return ""


def run_elements(p) -> list:
    """The ``w:r`` elements of paragraph element ``p`` whose text is visible, in order."""
    out = []

    def walk(parent) -> None:
        for el in parent:
            if el.tag == W + "r":
                out.append(el)
            elif el.tag in _RUN_CONTAINERS:
                walk(el)

    walk(p)
    return out


def run_text(r) -> str:
    return "".join(child_text(c) for c in r)


def paragraphs(body) -> t.Iterator[tuple[t.Any, bool]]:
    """(``w:p`` element, in_table) for every paragraph of the body, in reading order."""

    def walk(parent, in_table: bool) -> t.Iterator[tuple[t.Any, bool]]:
        for el in parent:
            if el.tag == W + "p":
                yield el, in_table
            elif el.tag in _BLOCK_CONTAINERS:
                yield from walk(el, in_table or el.tag == W + "tbl")

    return walk(body, False)


def _heading_level(p, style_names: dict[str, str]) -> int | None:
    ppr = p.find(W + "pPr")
    if ppr is None:
        return None
    outline = ppr.find(W + "outlineLvl")
    if outline is not None and (outline.get(W + "val") or "").isdigit() and int(outline.get(W + "val")) < 9:
        return int(outline.get(W + "val")) + 1
    style = ppr.find(W + "pStyle")
    if style is None:
        return None
    name = style_names.get(style.get(W + "val") or "", "")
    if name.lower() == "title":
        return 1
    m = _HEADING_STYLE.match(name)
    return int(m.group(1)) if m else None


def open_docx(data: bytes, path: str):
    docx = require_docx(path)
    try:
        return docx.Document(io.BytesIO(data))
    except Exception as e:  # python-docx raises zipfile/KeyError/ValueError for non-docx input
        raise InputError(path, f"不是有效的 .docx 文件 not a valid .docx file ({type(e).__name__})") from None


def read_docx(path: str, data: bytes) -> Document:
    """Build the document model of the .docx ``data``."""
    from lint.document import content_digest

    wdoc = open_docx(data, path)
    style_names = {s.style_id: s.name or "" for s in wdoc.styles}
    parts: list[str] = []
    blocks: list[Block] = []
    pos = 0
    for i, (p, in_table) in enumerate(paragraphs(wdoc.element.body)):
        raw = "".join(run_text(r) for r in run_elements(p))
        if not raw.strip(_SPACE):
            continue
        if parts:
            parts.append(SEPARATOR)
            pos += len(SEPARATOR)
        para_start = pos
        parts.append(raw)
        pos += len(raw)
        lead = len(raw) - len(raw.lstrip(_SPACE))
        s, e = para_start + lead, para_start + len(raw.rstrip(_SPACE))
        body = raw[lead:len(raw.rstrip(_SPACE))]
        level = None if in_table else _heading_level(p, style_names)
        heading_like = False
        if in_table:
            kind = TABLE_CELL
        elif level is not None:
            kind = HEADING
        elif looks_like_heading(body):
            kind, heading_like, level = HEADING, True, numbering_level(body)
        else:
            kind = PARAGRAPH
        blocks.append(Block(kind=kind, start=s, end=e, prose=mask_plain(body), index=len(blocks), level=level,
                            meta={"paragraph": len(blocks) + 1, "para_start": para_start, "docx_index": i,
                                  "table": in_table, "heading_like": heading_like}))
    source = Source(encoding="docx", digest=content_digest(data))
    return Document(path=path, text="".join(parts), blocks=blocks, format="docx", source=source)


def location(doc: Document, offset: int) -> tuple[int, int]:
    """1-based (paragraph number, character in that paragraph) of ``offset`` in a .docx document."""
    import bisect

    if not doc.blocks:
        return 1, offset + 1
    i = max(bisect.bisect_right(doc.blocks, offset, key=lambda b: b.meta["para_start"]) - 1, 0)
    b = doc.blocks[i]
    return b.meta["paragraph"], offset - b.meta["para_start"] + 1
