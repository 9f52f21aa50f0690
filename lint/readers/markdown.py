"""Markdown reader (markdown-it-py, CommonMark + tables): prose blocks mapped back to exact
source offsets; code, HTML and front matter become non-prose blocks; inline code, HTML,
link targets, autolinks and markup are masked inside prose."""
from __future__ import annotations

import functools
import re
from operator import attrgetter

from lint.document import (CODE, FRONT_MATTER, HEADING, HTML, LIST_ITEM, MASK, PARAGRAPH, QUOTE,
                           TABLE_CELL, Block, Document, LineIndex, Source)
from lint.readers.inline import mask_markdown

_FRONT_MATTER = re.compile(r"\A(?:---|\+\+\+)[ \t]*\r?\n")
_NOT_BREAK = re.compile(r"[^\r\n]")
# The token types read_markdown acts on; the others (most of them) are skipped at once.
_HANDLED = frozenset({"inline", "blockquote_open", "bullet_list_open", "ordered_list_open", "blockquote_close",
                      "bullet_list_close", "ordered_list_close", "list_item_open", "heading_open", "fence",
                      "code_block", "html_block"})


@functools.cache
def _parser():
    from markdown_it import MarkdownIt  # lazy: plain-text runs never import it

    # Only block tokens (their type, map and raw inline content) are used: inline parsing into
    # children, half of markdown-it's time, is switched off; mask_markdown handles inline markup.
    md = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"]).disable(["inline", "text_join"])
    _silence_block_rules(md)
    return md


class _NoLog:
    @staticmethod
    def debug(*args, **kwargs) -> None:
        pass


def _silence_block_rules(md) -> None:
    """markdown-it's block rules log every attempt (``LOGGER.debug``, 150 k calls on 1 M
    characters, 4 % of parsing).  Give ``md``'s rules copies of themselves whose module global
    LOGGER is a no-op: markdown-it's modules and other parsers keep logging.  A rule that does
    not look like that (another markdown-it version) is left as it is."""
    import logging
    import types

    ruler = md.block.ruler
    for rule in getattr(ruler, "__rules__", ()):
        fn = rule.fn
        if isinstance(fn, types.FunctionType) and isinstance(fn.__globals__.get("LOGGER"), logging.Logger):
            quiet = types.FunctionType(fn.__code__, {**fn.__globals__, "LOGGER": _NoLog}, fn.__name__,
                                       fn.__defaults__, fn.__closure__)
            quiet.__kwdefaults__ = fn.__kwdefaults__
            ruler.at(rule.name, quiet, {"alt": rule.alt})


def _front_matter_end(text: str) -> int:
    """Offset just past the closing fence of a leading YAML/TOML front matter, or 0."""
    m = _FRONT_MATTER.match(text)
    if not m:
        return 0
    fence = text[:3]
    closers = ("---", "...") if fence == "---" else ("+++",)
    pos = m.end()
    while pos < len(text):
        nl = text.find("\n", pos)
        line_end = len(text) if nl < 0 else nl
        if text[pos:line_end].rstrip("\r \t") in closers:
            return line_end if nl < 0 else nl + 1
        if nl < 0:
            break
        pos = nl + 1
    return 0


class _Builder:
    def __init__(self, text: str, lines: LineIndex) -> None:
        self.text = text
        # markdown-it replaces NUL with U+FFFD in token content; search a copy that does the
        # same (same length), so blocks on lines with NUL bytes still map to exact offsets.
        self.find_text = text.replace("\0", "\ufffd") if "\0" in text else text
        self.lines = lines
        self.blocks: list[Block] = []

    def add(self, kind: str, start: int, end: int, prose: str | None = None, **kw) -> Block:
        if prose is None:
            prose = MASK * (end - start) if kind in (CODE, HTML, FRONT_MATTER) else self.text[start:end]
        b = Block(kind, start, end, prose, len(self.blocks), **kw)
        self.blocks.append(b)
        return b

    def line_span(self, first: int, last: int) -> tuple[int, int]:
        """Offsets of 0-based lines [first, last)."""
        last = min(last, self.lines.count)
        return self.lines.line_start(first + 1), self.lines.line_end(max(last, first + 1))

    def inline(self, kind: str, token_map: list[int], content: str, **kw) -> Block | None:
        """Map an inline token's content (lines joined by \\n, container prefixes removed)
        back onto the source lines of ``token_map``."""
        if not content.strip():
            return None
        text = self.find_text
        starts, line_end = self.lines.starts, self.lines.line_end
        pieces: list[tuple[int, int]] = []
        for line_no, cl in enumerate(content.split("\n"), token_map[0] + 1):
            if line_no > len(starts):
                break
            ls, le = starts[line_no - 1], line_end(line_no)
            src = text[ls:le]
            body = cl.rstrip()
            trimmed = src.rstrip()
            if body and trimmed.endswith(body):
                s = ls + len(trimmed) - len(body)
            else:
                i = src.find(body) if body else -1
                s = ls + i if i >= 0 else ls + len(src) - len(src.lstrip())
            pieces.append((s, s + len(body)))
        if not pieces:
            return None
        start, end = pieces[0][0], pieces[-1][1]
        src = self.text
        text_ = src[start:end]
        if len(pieces) > 1:
            # Mask container prefixes (quote markers, list indentation) on continuation lines:
            # the gaps between pieces.  Usually a gap is just the line break: nothing to mask.
            gaps = [(prev_end, s) for (_, prev_end), (s, _) in zip(pieces, pieces[1:])]
            if any(s < prev_end or src[prev_end:s].strip("\r\n") for prev_end, s in gaps):
                text_ = _mask_gaps(src, start, end, gaps)
        prose = mask_markdown(text_)
        return self.add(kind, start, end, prose, **kw)


def _mask_gaps(src: str, start: int, end: int, gaps: list[tuple[int, int]]) -> str:
    """``src[start:end]`` with the characters of ``gaps`` masked, keeping their line breaks."""
    parts: list[str] = []
    prev = start
    for prev_end, s in gaps:
        if s < prev_end:  # pieces out of order (should not happen): mask character by character
            break
        gap = src[prev_end:s]
        parts += (src[prev:prev_end], _NOT_BREAK.sub(MASK, gap) if gap.strip("\r\n") else gap)
        prev = s
    else:
        parts.append(src[prev:end])
        return "".join(parts)
    chars = list(src[start:end])
    for prev_end, s in gaps:
        for i in range(prev_end - start, s - start):
            if chars[i] not in "\r\n":
                chars[i] = MASK
    return "".join(chars)


def read_markdown(path: str, text: str, source: Source | None = None) -> Document:
    lines = LineIndex(text)
    b = _Builder(text, lines)
    fm_end = _front_matter_end(text)
    parse_src = text
    if fm_end:
        b.add(FRONT_MATTER, 0, fm_end)
        # Keep the line count so token maps still point at the right source lines.
        parse_src = re.sub(r"[^\r\n]", " ", text[:fm_end]) + text[fm_end:]
    tokens = _parser().parse(parse_src)

    containers: list[str] = []  # "quote" | "list"
    pending_marker: dict | None = None
    heading: tuple[int, bool] | None = None
    row_cursor: dict[int, int] = {}
    for i, tok in enumerate(tokens):
        ty = tok.type
        if ty not in _HANDLED:
            continue  # paragraph_open, *_close of items and headings, hr, table rows...
        if ty == "inline":
            if tok.map is None:
                continue
            prev = tokens[i - 1].type if i else ""
            if heading is not None and prev == "heading_open":
                level, setext = heading
                b.inline(HEADING, tok.map, tok.content, level=level, meta={"setext": setext})
                heading = None
            elif prev in ("th_open", "td_open"):
                _table_cell(b, tok, row_cursor)
            else:
                kind = PARAGRAPH
                if containers:
                    kind = LIST_ITEM if containers[-1] == "list" else QUOTE
                meta: dict = {"container": containers[-1] if containers else None}
                if kind == LIST_ITEM and pending_marker is not None:
                    meta.update(pending_marker)
                    pending_marker = None
                b.inline(kind, tok.map, tok.content, meta=meta)
        elif ty == "blockquote_open":
            containers.append("quote")
        elif ty in ("bullet_list_open", "ordered_list_open"):
            containers.append("list")
        elif ty in ("blockquote_close", "bullet_list_close", "ordered_list_close"):
            if containers:
                containers.pop()
        elif ty == "list_item_open":
            ordered = tok.markup in (".", ")")
            pending_marker = {"marker": (tok.info + tok.markup) if ordered else tok.markup, "ordered": ordered}
        elif ty == "heading_open":
            heading = (int(tok.tag[1]), tok.markup in ("=", "-"))
        elif ty in ("fence", "code_block") and tok.map:
            s, e = b.line_span(*tok.map)
            b.add(CODE, s, e, meta={"info": tok.info.strip()})
        elif ty == "html_block" and tok.map:
            s, e = b.line_span(*tok.map)
            b.add(HTML, s, e)
    blocks = sorted(b.blocks, key=attrgetter("start", "end"))
    for n, blk in enumerate(blocks):
        blk.index = n
    return Document(path=path, text=text, blocks=blocks, format="markdown", source=source or Source(),
                    _lines=lines)


def _table_cell(b: _Builder, tok, row_cursor: dict[int, int]) -> None:
    line_no = tok.map[0] + 1
    ls, le = b.lines.line_start(line_no), b.lines.line_end(line_no)
    cursor = row_cursor.get(line_no, ls)
    body = tok.content.strip()
    if not body:
        # Skip past the next pipe so empty cells do not stall the cursor.
        nxt = b.find_text.find("|", cursor + 1, le)
        row_cursor[line_no] = nxt if nxt >= 0 else le
        return
    i = b.find_text.find(body, cursor, le)
    if i < 0:
        return
    row_cursor[line_no] = i + len(body)
    b.add(TABLE_CELL, i, i + len(body), mask_markdown(b.text[i:i + len(body)]))
