"""Plain-text reader: blank lines separate blocks; in chunks without blank lines, each line
is a paragraph when the lines read as whole paragraphs, else the chunk is one hard-wrapped
paragraph.  Heading-like lines (short, numbered, unpunctuated) always stand alone."""
from __future__ import annotations

import re

from lint.cjk import END_PUNCT, NUMBER_MARKER, looks_like_heading, numbering_level
from lint.document import HEADING, PARAGRAPH, Block, Document, Source
from lint.readers.inline import mask_plain

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")
_SPACE = " \t\u3000\ufeff"
# A chunk of a text without "\r": a maximal run of lines that are not blank (a blank line has only
# _SPACE characters).  Matches start at line starts: no match can begin inside a blank line.
_CHUNK = re.compile(r"[^\n]*[^ \t\u3000\ufeff\n][^\n]*(?:\n[^\n]*[^ \t\u3000\ufeff\n][^\n]*)*")


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end-without-break) of every line."""
    if "\r" not in text:  # fast path (most files): split instead of one regex match per line
        out, pos = [], 0
        for ln in text.split("\n"):
            out.append((pos, pos + len(ln)))
            pos += len(ln) + 1
        if len(out) > 1 and text.endswith("\n"):
            out.pop()  # the empty piece after a final break is not a line
        return out
    out = []
    for m in _LINE.finditer(text):
        if m.start() == len(text) and m.start() > 0:
            break
        s = m.group()
        out.append((m.start(), m.start() + len(s.rstrip("\r\n"))))
        if m.end() == len(text):
            break
    return out


def _lines_in(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(start, end) of the "\n"-separated lines of ``text[start:end]``."""
    out = []
    for ln in text[start:end].split("\n"):
        out.append((start, start + len(ln)))
        start += len(ln) + 1
    return out


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _SPACE:
        start += 1
    while end > start and text[end - 1] in _SPACE:
        end -= 1
    return start, end


def _is_indented(text: str, start: int) -> bool:
    return text.startswith("\u3000", start) or text.startswith("  ", start) or text.startswith("\t", start)


def read_text(path: str, text: str, source: Source | None = None) -> Document:
    spans: list[tuple[int, int, bool]] = []  # (start, end, heading_like)
    chunk: list[tuple[int, int]] = []

    def flush() -> None:
        if len(chunk) == 1:  # the common case: a one-line chunk is one span, heading or not
            s, e = _strip(text, *chunk[0])
            spans.append((s, e, looks_like_heading(text[s:e])))
            chunk.clear()
            return
        stripped = [_strip(text, s, e) for s, e in chunk]
        heading = [looks_like_heading(text[s:e]) for s, e in stripped]
        if len(chunk) > 1:
            # In a hard-wrapped chunk every line is short and unpunctuated; an unnumbered line
            # is a heading there only when clearly shorter than the chunk's body lines.
            longest = max(e - s for s, e in stripped)
            for i, (s, e) in enumerate(stripped):
                if heading[i] and numbering_level(text[s:e]) is None and not NUMBER_MARKER.match(text[s:e]):
                    heading[i] = (e - s) < 0.6 * longest
        # One paragraph per line when lines end like paragraphs or are indented like paragraphs.
        body = [i for i, h in enumerate(heading) if not h]
        ends = sum(1 for i in body[:-1] if text[stripped[i][1] - 1] in END_PUNCT)
        indented = sum(1 for i in body if _is_indented(text, chunk[i][0]))
        per_line = len(body) <= 1 or ends * 2 >= len(body) - 1 or indented * 2 >= len(body)
        run: list[int] = []

        def close_run() -> None:
            if run:
                spans.append((stripped[run[0]][0], stripped[run[-1]][1], False))
                run.clear()

        for i, (s, e) in enumerate(stripped):
            if heading[i] or per_line:
                close_run()
                spans.append((s, e, heading[i]))
            else:
                run.append(i)
        close_run()
        chunk.clear()

    if "\r" not in text:
        # Fast path: one regex match per chunk instead of a Python test per line.  A one-line
        # chunk (most of them) is handled here, without a call of flush().
        for m in _CHUNK.finditer(text):
            line = m.group()
            if "\n" in line:
                chunk.extend(_lines_in(text, *m.span()))
                flush()
                continue
            body = line.strip(_SPACE)
            s, e = m.span() if len(body) == len(line) else _strip(text, *m.span())
            # looks_like_heading() is false for a line longer than 40 (already stripped) characters.
            spans.append((s, e, len(body) <= 40 and looks_like_heading(body)))
    else:
        for s, e in _lines(text):
            if text[s:e].strip(_SPACE):
                chunk.append((s, e))
            elif chunk:
                flush()
        if chunk:
            flush()

    # Nothing to mask in any block when the whole text has no URL or e-mail address.
    mask = mask_plain if "@" in text or "://" in text or "www." in text else str
    blocks = []
    for i, (s, e, heading) in enumerate(spans):
        raw = text[s:e]
        level = numbering_level(raw) if heading else None
        blocks.append(Block(HEADING if heading else PARAGRAPH, s, e, mask(raw), i, level=level,
                            meta={"heading_like": heading}))
    return Document(path=path, text=text, blocks=blocks, format="text", source=source or Source())
