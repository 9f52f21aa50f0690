"""Masks the parts of a line that are not prose (URLs, e-mail addresses, inline code,
markup), keeping the length so offsets stay exact."""
from __future__ import annotations

import re

from lint.document import MASK

# A URL ends at whitespace, at CJK text or full-width punctuation, or at closing brackets.
_URL = re.compile(
    r"(?:[a-zA-Z][a-zA-Z0-9+.-]{1,15}://|www\.)[^\s<>\"'\u3000-\u303f\u3400-\u9fff\uff00-\uffef“”‘’（）【】《》]+"
)
_EMAIL = re.compile(r"[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")

_MD_INLINE = re.compile(
    r"""
    (?P<code>(?P<ticks>`+)(?:(?!(?P=ticks)).)+?(?P=ticks))      # code span
  | (?P<autolink><(?:[a-zA-Z][a-zA-Z0-9+.-]{1,31}:[^<>\s]*|[^<>\s@]+@[^<>\s]+)>)
  | (?P<comment><!--.*?-->)
  | (?P<tag></?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>)           # inline HTML
  | (?P<dest>\]\((?:<[^>]*>|[^()\s]*(?:\([^()\s]*\)[^()\s]*)*)(?:\s+(?:"[^"]*"|'[^']*'|\([^)]*\)))?\s*\))
  | (?P<ref>\]\[[^\]]*\])                                        # reference link label
  | (?P<open>!?\[)                                               # link/image text opener
  | (?P<escape>\\[!-/:-@\[-`{-~])                                # backslash escape
  | (?P<entity>&(?:[A-Za-z][A-Za-z0-9]{1,31}|\#[0-9]{1,7}|\#[xX][0-9A-Fa-f]{1,6});)
  | (?P<emph>\*{1,3}|~~|(?<![A-Za-z0-9])_{1,3}|_{1,3}(?![A-Za-z0-9]))
    """,
    re.X | re.S,
)


def _fill(chars: list[str], start: int, end: int) -> None:
    for i in range(start, end):
        if chars[i] not in "\r\n":
            chars[i] = MASK


def mask_plain(text: str) -> str:
    """Plain text: only URLs and e-mail addresses are not prose."""
    if "@" not in text and "://" not in text and "www." not in text:
        return text
    chars = list(text)
    for rx in (_URL, _EMAIL):
        for m in rx.finditer(text):
            _fill(chars, m.start(), m.end())
    return "".join(chars)


def mask_markdown(text: str) -> str:
    """Markdown inline content: code spans, HTML, link targets, markup and URLs are masked;
    link text stays prose."""
    chars = list(text)
    changed = False
    for m in _MD_INLINE.finditer(text):
        kind = m.lastgroup
        if kind == "escape":  # keep the escaped character, mask the backslash
            _fill(chars, m.start(), m.start() + 1)
        else:
            _fill(chars, m.start(), m.end())
        changed = True
    for rx in (_URL, _EMAIL):
        for m in rx.finditer(text):
            _fill(chars, m.start(), m.end())
            changed = True
    return "".join(chars) if changed else text
