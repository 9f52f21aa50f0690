"""Small shared helpers about Chinese text (character classes, widths, numbering markers)."""
from __future__ import annotations

import re
import unicodedata

# Han characters: CJK Unified Ideographs, Extension A, the compatibility block and the
# supplementary planes' extensions (B-H).  One definition: HAN (a regex class body) is built
# from it, and lint.kernels hands the ranges to compiled code.
HAN_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x3134F))
HAN = "".join(rf"\U{lo:08x}-\U{hi:08x}" if hi > 0xFFFF else rf"\u{lo:04x}-\u{hi:04x}" for lo, hi in HAN_RANGES)
HAN_RE = re.compile(f"[{HAN}]")
CN_DIGITS = "〇零一二三四五六七八九十百千两"

# Sentence-final marks (a paragraph normally ends with one of these, possibly followed by closers).
TERMINAL = "。！？!?…"
CLOSERS = "”’」』）)》〉】"
# Marks that end a paragraph-like unit acceptably (terminal, or closer after terminal, or ：for lead-ins).
END_PUNCT = TERMINAL + CLOSERS + "；：:;"

# Numbering markers at the start of a line, GB/T 9704 levels and common variants.
NUMBER_MARKER = re.compile(
    rf"""^(?:
        (?P<chapter>第[{CN_DIGITS}\d]+[章节篇部编条款])
      | (?P<cn>[{CN_DIGITS}]+)(?P<cn_p>[、.．，,])
      | [（(](?P<pcn>[{CN_DIGITS}]+)[）)](?P<pcn_p>[、.．]?)
      | (?P<ar>\d{{1,3}})(?P<ar_p>[.．、)）](?!\d))
      | [（(](?P<par>\d{{1,3}})[）)](?P<par_p>[、.．]?)
      | (?P<circ>[\u2460-\u2473\u3251-\u325f])
      | (?P<box>专栏|图|表|附件|附表|附图|链接|背景)\s*(?P<box_n>\d{{1,3}}|[{CN_DIGITS}]+)?(?=[\s：:　]|$)
    )""",
    re.X,
)


def is_han(ch: str) -> bool:
    return bool(HAN_RE.match(ch))


def display_width(s: str) -> int:
    """Terminal columns: East Asian wide/full-width characters take two."""
    w = 0
    for ch in s:
        if unicodedata.combining(ch):
            continue
        w += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return w


def numbering_level(line: str) -> int | None:
    """GB/T 9704 level of a numbered heading: 一、=1, （一）=2, 1.=3, （1）=4, ①=5; 第X章=0."""
    m = NUMBER_MARKER.match(line)
    if not m:
        return None
    if m.group("chapter"):
        return 0
    if m.group("cn"):
        return 1
    if m.group("pcn"):
        return 2
    if m.group("ar"):
        return 3
    if m.group("par"):
        return 4
    if m.group("circ"):
        return 5
    return None


def looks_like_heading(line: str) -> bool:
    """A line that reads as a heading rather than running text: short, no sentence punctuation
    at its end, and either numbered (一、 （一） 1. 第一章 专栏1) or very short and comma-free."""
    s = line.strip(" \t\u3000\r\n")
    if not s or len(s) > 40:
        return False
    if s[-1] in "。！？!?；;，,、：:…—":
        return False
    if "。" in s:
        return False
    if NUMBER_MARKER.match(s):
        return True
    return len(s) <= 20 and "，" not in s and "," not in s


_PATTERN_API = ("match", "search", "fullmatch", "finditer", "findall", "sub", "subn", "split",
                "scanner", "pattern", "flags", "groups", "groupindex")


class LazyPattern:
    """A regex compiled on first use.  Every ``[HAN]`` class costs ~1.3 ms to compile (sre fills a
    64 k bitmap in Python), so module-level patterns that many runs never reach are built late.
    After the first use the pattern's methods sit in the instance dict: no per-call overhead."""

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self._source = (pattern, flags)
        self.pattern = pattern  # reading the source (to build a larger pattern) compiles nothing

    def __getattr__(self, name: str):
        if name not in _PATTERN_API:
            raise AttributeError(name)
        compiled = re.compile(*self._source)
        for attr in _PATTERN_API:
            setattr(self, attr, getattr(compiled, attr))
        return getattr(compiled, name)

    def __repr__(self) -> str:
        return f"LazyPattern({self._source[0]!r}, {self._source[1]!r})"


def lazy_compile(pattern: str, flags: int = 0) -> LazyPattern:
    """``re.compile`` deferred to first use (see LazyPattern)."""
    return LazyPattern(pattern, flags)


def scan_pattern(marks: dict[str, str]) -> LazyPattern:
    """A one-character pre-scan for ``Document.blocks_where``: ``marks`` maps characters to what
    must surround one of them (look-arounds, tested after the character, "" for nothing) for a
    check to report there.  The match is that one character; the pattern starts with a class of
    all of them, which the regex engine skips to quickly.  The first entry should be the most
    frequent characters: it is tried first, the others only behind one look-behind for all of
    theirs."""
    def cls(chars: str) -> str:
        return "[" + "".join("\\" + c if c in "\\]^-" else c for c in chars) + "]"

    def alternatives(items: list[tuple[str, str]]) -> str:
        return "|".join(f"(?<={cls(c)})(?:{around})" if around else f"(?<={cls(c)})" for c, around in items)

    first, *rest = marks.items()
    others = f"|(?<={cls(''.join(c for c, _ in rest))})(?:{alternatives(rest)})" if rest else ""
    return lazy_compile(f"{cls(''.join(marks))}(?:{alternatives([first])}{others})")
