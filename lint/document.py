"""One document model for every reader: the original text, ordered blocks with absolute
code-point offsets, and a line index used only when reporting."""
from __future__ import annotations

import bisect
import operator
import re
import typing as t
from dataclasses import dataclass, field
from itertools import accumulate, islice

if t.TYPE_CHECKING:
    from lint.cjk import LazyPattern

# Masked characters in ``Block.prose`` (inline code, URLs, markup) are replaced by this
# character, so that prose has the same length as the source and offsets stay exact.
MASK = "\ufffc"

# Block kinds.  Prose rules look at PROSE_KINDS; code, html and front matter are never prose.
HEADING = "heading"
PARAGRAPH = "paragraph"
LIST_ITEM = "list_item"
QUOTE = "quote"
TABLE_CELL = "table_cell"
CODE = "code"
HTML = "html"
FRONT_MATTER = "front_matter"
PROSE_KINDS = frozenset({HEADING, PARAGRAPH, LIST_ITEM, QUOTE, TABLE_CELL})


@dataclass(slots=True)
class Block:
    """A structural unit of the document.

    ``start``/``end`` are absolute offsets into ``Document.text``; ``prose`` is the same
    slice with non-prose characters (inline code, URLs, link targets, markup, HTML)
    replaced by :data:`MASK`, so ``len(prose) == end - start`` always.
    """

    kind: str
    start: int
    end: int
    prose: str
    index: int = 0
    level: int | None = None  # heading level (Markdown #, or the numbering level in plain text)
    # Reader facts rules may use: "marker" (a list/numbering marker outside the span, e.g. "1."),
    # "setext", "ordered", "container" ("quote", "list"), "heading_like" (plain-text heuristics).
    meta: dict[str, t.Any] = field(default_factory=dict)

    @property
    def is_prose(self) -> bool:
        return self.kind in PROSE_KINDS


_BREAK = re.compile(r"\r\n?|\n")


class LineIndex:
    """Converts absolute offsets to 1-based (line, column) in code points.

    Line breaks are ``\\n``, ``\\r\\n`` and a lone ``\\r``; the text keeps them as they were.
    """

    __slots__ = ("starts", "_text")

    def __init__(self, text: str) -> None:
        self._text = text
        if "\r" not in text:  # fast path: most files have no \r at all
            # Each line starts one past the end of the one before: running sums of length + 1.
            starts = list(accumulate(map((1).__add__, map(len, text.split("\n")[:-1])), initial=0))
        else:
            # A regex, not a loop over characters: a 100 MB CRLF file has 100 M characters.
            starts = [0]
            starts.extend(m.end() for m in _BREAK.finditer(text))
        self.starts = starts

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of ``offset``."""
        line = bisect.bisect_right(self.starts, offset) - 1
        return line + 1, offset - self.starts[line] + 1

    def line_start(self, line: int) -> int:
        return self.starts[line - 1]

    def line_end(self, line: int) -> int:
        """Offset of the end of 1-based ``line``, before its line break."""
        if line < len(self.starts):
            end = self.starts[line]
            text = self._text
            if end > 0 and text[end - 1] == "\n":
                end -= 1
            if end > 0 and text[end - 1] == "\r":
                end -= 1
            return end
        return len(self._text)

    def line_text(self, line: int) -> str:
        return self._text[self.line_start(line) : self.line_end(line)]

    @property
    def count(self) -> int:
        return len(self.starts)


def merge_ranges(ranges: t.Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """``ranges`` (start, end) sorted, with overlapping and touching ones joined."""
    merged: list[list[int]] = []
    for lo, hi in sorted(ranges):
        if merged and lo <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], hi)
        else:
            merged.append([lo, hi])
    return [(lo, hi) for lo, hi in merged]


class SparseText:
    """Some stretches of a text at their original offsets, for a document whose other lines are
    no longer needed (a checked document kept only for its report).  Reads like the text inside
    the stretches (``t[a:b]``, ``t[i]``, ``len(t)``); reading outside them is a bug and raises
    IndexError."""

    __slots__ = ("_starts", "_ends", "_at", "_data", "_length")

    def __init__(self, text: str, ranges: t.Iterable[tuple[int, int]]) -> None:
        merged = merge_ranges(ranges)
        self._starts = [lo for lo, _ in merged]
        self._ends = [hi for _, hi in merged]
        self._at = list(accumulate((hi - lo for lo, hi in merged), initial=0))  # offsets in _data
        self._data = "".join(text[lo:hi] for lo, hi in merged)
        self._length = len(text)

    def __len__(self) -> int:
        return self._length

    def __getitem__(self, key: int | slice) -> str:
        if isinstance(key, slice):
            start, stop, step = key.indices(self._length)
            if step != 1:
                raise IndexError("SparseText: slices with a step are not supported")
            if start >= stop:
                return ""
        else:
            start = key + self._length if key < 0 else key
            stop = start + 1
        i = bisect.bisect_right(self._starts, start) - 1
        if i < 0 or stop > self._ends[i] or not 0 <= start < self._length:
            raise IndexError(f"SparseText: [{start}:{stop}] is outside the kept lines")
        shift = self._at[i] - self._starts[i]
        return self._data[start + shift:stop + shift]


def content_digest(data: bytes) -> str:
    """The fingerprint recorded in ``Source.digest`` and compared before ``--fix`` or
    ``--annotate`` writes, so a file changed meanwhile is never overwritten."""
    try:  # hashlib.blake2b is _blake2's; importing hashlib loads OpenSSL (~3 ms of start-up)
        from _blake2 import blake2b
    except ImportError:  # another Python implementation
        from hashlib import blake2b
    return blake2b(data, digest_size=16).hexdigest()


@dataclass(slots=True)
class Source:
    """How the text was stored, so ``--fix`` can write it back byte-faithfully."""

    encoding: str = "utf-8"
    bom: bool = False
    newline: str = "\n"  # dominant style: "\n", "\r\n", "\r" (mixed files keep each break as is)
    detected: bool = False  # encoding was guessed (e.g. GB18030) rather than UTF-8/BOM
    digest: str | None = None  # hash of the bytes read; --fix refuses to write if the file changed


class _BlockIndex:
    """The blocks' starts (sorted: blocks are in document order), ends and furthest end so far,
    for Document.blocks_where and Document.blocks_spanning; built once per document (memo)."""

    __slots__ = ("text", "blocks", "starts", "ends", "reach", "disjoint")

    def __init__(self, doc: Document) -> None:
        self.text, self.blocks = doc.text, doc.blocks
        self.starts = list(map(operator.attrgetter("start"), doc.blocks))
        self.ends = list(map(operator.attrgetter("end"), doc.blocks))
        self.reach = list(accumulate(self.ends, max))
        # (no reader makes overlapping blocks, but nothing forbids them)
        self.disjoint = all(map(operator.le, self.reach, islice(self.starts, 1, None)))

    def where(self, scans: tuple[re.Pattern[str] | LazyPattern, ...], kinds: t.Container[str]) -> list[Block]:
        text, blocks, starts, ends = self.text, self.blocks, self.starts, self.ends
        if not self.disjoint:
            return [b for b in blocks if b.kind in kinds]
        found: list[int] = []
        for scan in scans:
            search, pos = scan.search, 0
            while (m := search(text, pos)) is not None:
                i = bisect.bisect_right(starts, m.start()) - 1
                if i >= 0 and m.start() < ends[i]:
                    if blocks[i].kind in kinds:
                        found.append(i)
                    pos = ends[i]  # one match is enough: go on after the block
                elif i + 1 < len(starts):
                    pos = starts[i + 1]  # between blocks: go on at the next one
                else:
                    break
        if len(scans) > 1:
            found = sorted(set(found))
        return [blocks[i] for i in found]

    def spanning(self, lo: int, hi: int | None, kinds: t.Container[str]) -> list[Block]:
        blocks, reach = self.blocks, self.reach
        i = (bisect.bisect_left(self.starts, hi) if hi is not None else len(blocks)) - 1
        out = []
        while i >= 0 and reach[i] >= lo:
            if blocks[i].end >= lo and blocks[i].kind in kinds:
                out.append(blocks[i])
            i -= 1
        out.reverse()
        return out


@dataclass(slots=True)
class Document:
    path: str
    text: str
    blocks: list[Block]
    format: str = "text"  # "text" | "markdown" | ...
    source: Source = field(default_factory=Source)
    _lines: LineIndex | None = None
    _memo: dict[str, t.Any] = field(default_factory=dict, repr=False)

    @property
    def lines(self) -> LineIndex:
        if self._lines is None:
            self._lines = LineIndex(self.text)
        return self._lines

    def keep_lines(self, spans: t.Iterable[tuple[int, int]]) -> None:
        """Keep of the text only the lines that ``spans`` touch, with their line breaks (as a
        SparseText, at the same offsets), for a checked document kept for its report: reporters
        read the text only on the lines of its findings and fixes.  When those lines are most of
        the text, it stays as it is: the copy would save little and, made while the text still
        exists, raise the peak."""
        if isinstance(self.text, SparseText):  # released twice (-j: in the worker, then here)
            return
        lines, length = self.lines, len(self.text)
        ranges = []
        for lo, hi in spans:
            first, last = lines.position(lo)[0], lines.position(hi)[0]
            # From the first line's start to the next line's (the last line's break included).
            ranges.append((lines.line_start(first), lines.line_start(last + 1) if last < lines.count else length))
        ranges = merge_ranges(ranges)
        if sum(hi - lo for lo, hi in ranges) * 2 > length:
            return
        self.text = lines._text = SparseText(self.text, ranges)  # type: ignore[assignment]

    def memo(self, key: str, build: t.Callable[["Document"], t.Any]) -> t.Any:
        """An analysis of this document computed once and shared by the rules that need it
        (e.g. the numbering outline used by both numbering rules); callers must not modify it."""
        try:
            return self._memo[key]
        except KeyError:
            value = self._memo[key] = build(self)
            return value

    def blocks_of(self, *kinds: str) -> t.Iterator[Block]:
        """Blocks of the given kinds; with no kinds, every prose block."""
        wanted = frozenset(kinds) if kinds else PROSE_KINDS
        return (b for b in self.blocks if b.kind in wanted)

    def prose_blocks(self) -> t.Iterator[Block]:
        return self.blocks_of()

    def blocks_where(self, *scans: re.Pattern[str] | LazyPattern,
                     kinds: t.Container[str] = PROSE_KINDS) -> list[Block]:
        """The blocks of ``kinds``, in order, in which a match of one of ``scans`` (compiled
        patterns, or lint.cjk.LazyPattern) in ``text`` starts.

        A pre-scan for a check that reports in few blocks: one regex pass over the whole text
        instead of tests of every block in Python.  It is exact when the scan matches the text
        wherever the check finds something in a block's prose: the prose is the block's slice of
        the text with some characters masked, so what the check finds there (on characters that
        are not masked, look-arounds included) is in the text at the same offsets, and a match of
        the scan is a necessary condition of every report.  A match that starts in one block and
        runs into the next counts for the first only.  If blocks overlap (no reader makes them),
        a match's block is ambiguous: all the blocks of ``kinds`` are returned."""
        return self.memo("block_index", _BlockIndex).where(scans, kinds)

    def blocks_spanning(self, lo: int, hi: int | None,
                        kinds: t.Container[str] = PROSE_KINDS) -> list[Block]:
        """The blocks of ``kinds``, in order, starting before ``hi`` (None: anywhere) and ending at
        ``lo`` or after, e.g. those with a line of the text between ``lo`` and ``hi``."""
        return self.memo("block_index", _BlockIndex).spanning(lo, hi, kinds)

    def block_at(self, offset: int) -> Block | None:
        starts = [b.start for b in self.blocks]
        i = bisect.bisect_right(starts, offset) - 1
        if i >= 0 and self.blocks[i].start <= offset < max(self.blocks[i].end, self.blocks[i].start + 1):
            return self.blocks[i]
        return None

    def next_block(self, block: Block) -> Block | None:
        i = block.index + 1
        return self.blocks[i] if i < len(self.blocks) else None

    def previous_block(self, block: Block) -> Block | None:
        i = block.index - 1
        return self.blocks[i] if i >= 0 else None
