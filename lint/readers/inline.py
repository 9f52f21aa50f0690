"""Masks the parts of a line that are not prose (URLs, e-mail addresses, inline code,
markup), keeping the length so offsets stay exact."""
from __future__ import annotations

import bisect
import re

from lint.cjk import lazy_compile
from lint.document import MASK

# A URL ends at whitespace, at CJK text or full-width punctuation, or at closing brackets.
_URL = lazy_compile(
    r"(?:[a-zA-Z][a-zA-Z0-9+.-]{1,15}://|www\.)[^\s<>\"'\u3000-\u303f\u3400-\u9fff\uff00-\uffef“”‘’（）【】《》]+"
    # A path segment in Chinese right after "/" or "=" (…/wiki/香港法例) belongs to the URL, up to
    # white space or Chinese punctuation; masking too much only silences, never misreports.
    r"(?:(?<=[/=])[\u3400-\u9fff][^\s<>\"'\u3000-\u303f\uff00-\uffef“”‘’（）【】《》]*)?"
)
# ASCII local part starting a run: ``\w`` would also take the Han text before the address
# ("发至邮箱abc@x.com") and, tried at every position of a long run, take quadratic time.
_EMAIL = re.compile(r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")

_MD_INLINE = lazy_compile(
    r"""
    (?P<code>`+)                                                 # code span opener (closed in mask_markdown)
  | (?P<autolink><(?:[a-zA-Z][a-zA-Z0-9+.-]{1,31}:[^<>\s]*|[^<>\s@]+@[^<>\s]+)>)
  | (?P<comment><!--)                                            # comment opener (closed in mask_markdown)
  | (?P<tag></?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>)           # inline HTML
  | (?P<dest>\]\((?:<[^<>\n]*>|[^()\s]*(?:\([^()\s]*\)[^()\s]*)*)(?:\s+(?:"[^"]*"|'[^']*'|\([^()]*\)))?\s*\))
  | (?P<ref>\]\[[^\]]*\])                                        # reference link label
  | (?P<open>!?\[)                                               # link/image text opener
  | (?P<escape>\\[!-/:-@\[-`{-~])                                # backslash escape
  | (?P<entity>&(?:[A-Za-z][A-Za-z0-9]{1,31}|\#[0-9]{1,7}|\#[xX][0-9A-Fa-f]{1,6});)
  | (?P<emph>\*{1,3}|~~|(?<![A-Za-z0-9])_{1,3}|_{1,3}(?![A-Za-z0-9]))
    """,
    re.X | re.S,
)

_MD_START = re.compile(r"[`<\]\[!\\&*~_]")  # the first character of every _MD_INLINE alternative
# A character (or string) every alternative of _MD_INLINE, _URL and _EMAIL needs.
_MARKUP = re.compile(r"[`<\[\]\\&*~_@]|://|www\.")


_NOT_BREAK = re.compile(r"[^\r\n]")
_TICKS = re.compile("`+")


def _masked(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with every character inside one of ``spans`` ([start, end), in any order,
    possibly overlapping) except line breaks replaced by MASK: one slice per span instead of a
    character list."""
    parts: list[str] = []
    prev = 0  # everything before ``prev`` is in ``parts``
    for start, end in sorted(spans):
        start = max(start, prev)
        if start >= end:
            continue
        piece = text[start:end]
        parts += (text[prev:start], _NOT_BREAK.sub(MASK, piece) if "\n" in piece or "\r" in piece
                  else MASK * (end - start))
        prev = end
    parts.append(text[prev:])
    return "".join(parts)


def mask_plain(text: str) -> str:
    """Plain text: only URLs and e-mail addresses are not prose."""
    if "@" not in text and "://" not in text and "www." not in text:
        return text
    return _masked(text, [m.span() for rx in (_URL, _EMAIL) for m in rx.finditer(text)])


def _tick_runs(text: str) -> dict[int, list[int]]:
    """Start offsets of the maximal backtick runs, by run length."""
    runs: dict[int, list[int]] = {}
    for m in _TICKS.finditer(text):
        runs.setdefault(m.end() - m.start(), []).append(m.start())
    return runs


def _code_span_end(runs: dict[int, list[int]], start: int, end: int) -> int:
    """End of the code span opened by the backtick run [start, end): just past the next run of
    exactly the same length (CommonMark), or -1."""
    same = runs.get(end - start, ())
    i = bisect.bisect_left(same, end)
    return same[i] + end - start if i < len(same) else -1


def mask_markdown(text: str) -> str:
    """Markdown inline content: code spans, HTML, link targets, markup and URLs are masked;
    link text stays prose."""
    if not _MARKUP.search(text):
        return text  # most prose has no markup
    spans: list[tuple[int, int]] = []
    # Code spans and comments are closed by hand, not by a lazy ``.*?``: an unclosed opener
    # would make the regex scan to the end of the text from every opener (quadratic time on
    # adversarial input such as a long line of "<!--<!--<!--").
    runs: dict[int, list[int]] | None = None
    comments_closed = True
    pos = 0
    # Every alternative starts with one of _MD_START's characters: jump from one to the next and
    # try the pattern there (``match`` still sees the text before, for the look-behind).  Same
    # matches as ``_MD_INLINE.search``, whose alternation is slow to scan.
    start_at, match = _MD_START.search, _MD_INLINE.match
    while True:
        c = start_at(text, pos)
        if c is None:
            break
        m = match(text, c.start())
        if m is None:
            pos = c.start() + 1
            continue
        kind = m.lastgroup
        start, end = m.start(), m.end()
        if kind == "code":
            if runs is None:
                runs = _tick_runs(text)
            end = _code_span_end(runs, start, end)
            if end < 0:  # no closing run of the same length: the backticks are literal
                pos = m.end()
                continue
        elif kind == "comment":
            close = text.find("-->", end) if comments_closed else -1
            if close < 0:
                comments_closed = False  # no "-->" after here: no later opener closes either
                pos = end
                continue
            end = close + 3
        # An escape keeps the escaped character and masks only the backslash.
        spans.append((start, start + 1) if kind == "escape" else (start, end))
        pos = end
    for rx, present in ((_URL, "://" in text or "www." in text), (_EMAIL, "@" in text)):
        if present:  # each needs its literal: skip the scan
            spans += [m.span() for m in rx.finditer(text)]
    return _masked(text, spans) if spans else text
