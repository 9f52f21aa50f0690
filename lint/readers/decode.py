"""Bytes to text, recording encoding, BOM and newline style (``--fix`` writes them back).

Order of decisions: a Unicode BOM always wins (it is a declaration inside the file, so a
project-wide ``encoding = "gb18030"`` does not garble the odd UTF-8-with-BOM file); then
``--encoding``; then NUL bytes mean a binary file; then UTF-8; then the legacy Chinese
encodings (GB18030, which covers GBK/GB2312, and Big5), chosen by strict decoding plus a
frequency score, because generic detectors misread short Chinese texts (charset-normalizer
calls an 11-character GBK sentence cp949).  Every legacy decoding is checked to re-encode to
the same bytes, so ``--fix`` never changes a byte outside its edits.
"""
from __future__ import annotations

import codecs
import functools

from lint.document import Source
from lint.errors import InputError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: FF FE 00 00 starts both
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# How far into the file NUL bytes mark it as binary (git's heuristic looks at 8000 bytes).
BINARY_SNIFF = 8192
# Bytes of a legacy-encoded file scored to choose between GB18030 and Big5.
SCORE_SAMPLE = 256 * 1024
# Below this share of "common" characters a decoding is considered garbage (e.g. a cp1252
# file that happens to decode as GB18030).
MIN_SCORE = 0.5
_LEGACY = ("gb18030", "big5", "cp950", "big5hkscs")


class BinaryFileError(InputError):
    """The file looks binary: it is skipped (reported as a note, not as an error)."""


def newline_style(text: str) -> str:
    if "\r" not in text:  # most files: one scan instead of three
        return "\n"
    crlf = text.count("\r\n")
    lf = text.count("\n") - crlf
    cr = text.count("\r") - crlf
    best = max((crlf, "\r\n"), (lf, "\n"), (cr, "\r"))
    return best[1] if best[0] else "\n"


def _canonical(encoding: str) -> str:
    try:
        info = codecs.lookup(encoding)
    except LookupError:
        return ""
    return info.name if getattr(info, "_is_text_encoding", True) else ""


def _byte_offset_hint(data: bytes, pos: int) -> str:
    """Where the bad byte is: line (counting LF bytes, right for ASCII-compatible encodings),
    byte offset and value."""
    line = data.count(b"\n", 0, pos) + 1
    value = f" 0x{data[pos]:02x}" if pos < len(data) else ""
    return f"第 {line} 行 line {line}, byte {pos}{value}"


def _decode_unicode(data: bytes, skip: int, name: str, path: str) -> tuple[str, Source]:
    """Decode what follows a BOM of ``skip`` bytes."""
    try:
        text = data[skip:].decode(name)
    except UnicodeDecodeError as e:
        raise InputError(path, f"有 {name} BOM，但内容不是有效的 {name} 编码 invalid {name} after its BOM "
                               f"at byte {e.start + skip}: {e.reason}") from None
    return text, Source(encoding=name, bom=True, newline=newline_style(text))


def decode(data: bytes, path: str, encoding: str | None = None) -> tuple[str, Source]:
    """Decode ``data``; raise :class:`InputError` naming ``path`` and the cause
    (:class:`BinaryFileError` for binary files)."""
    for mark, name in _BOMS:
        if data.startswith(mark):
            return _decode_unicode(data, len(mark), name, path)

    if encoding:
        name = _canonical(encoding)
        if not name:
            raise InputError(path, f"未知编码 unknown encoding {encoding!r}")
        # Without a BOM, "utf-16" means the platform's byte order; record it explicitly so the
        # encoder does not add a BOM when writing back ("utf-8-sig" likewise).
        name = {"utf-16": "utf-16-le", "utf-32": "utf-32-le", "utf-8-sig": "utf-8"}.get(name, name)
        try:
            text = data.decode(name)
        except UnicodeDecodeError as e:
            raise InputError(path, f"无法按 {encoding} 解码 cannot decode as {encoding}: "
                                   f"{_byte_offset_hint(data, e.start)}: {e.reason}") from None
        if name not in ("utf-8", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"):
            try:
                same = text.encode(name) == data
            except UnicodeEncodeError:
                same = False
            if not same:
                raise InputError(path, f"按 {encoding} 解码后无法还原为相同字节，--fix 会改动原文 "
                                       f"decoding as {encoding} does not round-trip; refusing to check")
        return text, Source(encoding=name, newline=newline_style(text))

    if b"\x00" in data[:BINARY_SNIFF]:
        raise BinaryFileError(path, "二进制文件（含 NUL 字节），已跳过 binary file (contains NUL bytes), skipped")
    try:
        text = data.decode("utf-8")
        return text, Source(encoding="utf-8", newline=newline_style(text))
    except UnicodeDecodeError as utf8_error:
        utf8_pos, utf8_reason = utf8_error.start, utf8_error.reason

    best: tuple[float, str, str] | None = None
    for name in _LEGACY:
        try:
            text = data.decode(name)
            if text.encode(name) != data:
                continue
        except (UnicodeDecodeError, UnicodeEncodeError):
            continue
        score = _score(text[: SCORE_SAMPLE], name)
        if score >= MIN_SCORE and (best is None or score > best[0]):
            best = (score, name, text)
        if name == "big5" and best is not None and best[1] == "big5":
            break  # cp950 and big5hkscs are supersets: same text, same score
    if best is None:
        raise InputError(path, f"不是 UTF-8 编码，也不像 GB18030/GBK/Big5，请用 --encoding 指定 "
                               f"not valid UTF-8 ({_byte_offset_hint(data, utf8_pos)}: {utf8_reason})"
                               f"{_guess(data)}; use --encoding")
    _, name, text = best
    return text, Source(encoding=name, newline=newline_style(text), detected=True)


def _guess(data: bytes) -> str:
    """' (looks like X)' from charset-normalizer, for the error message only."""
    try:
        from charset_normalizer import from_bytes  # lazy: only files we cannot decode pay for it
    except ImportError:  # pragma: no cover - it is a dependency
        return ""
    best = from_bytes(data[:SCORE_SAMPLE]).best()
    return f" (looks like {best.encoding})" if best is not None else ""


@functools.cache
def _common_chars(name: str) -> frozenset[str]:
    """Characters an encoding's own layout marks as common: the GB2312 level-1 hanzi (the 3755
    most frequent, bytes B0A1-D7F9) and the symbol rows A1-A3, A9 for GB18030; the Big5
    "frequently used" hanzi (A440-C67E) and symbol rows A1-A3 for Big5.  A text decoded with
    the wrong one of the two lands mostly outside these sets (kana, box drawing, rare hanzi)."""
    if name == "gb18030":
        ranges = [(0xB0, 0xD7, 0xA1, 0xFE), (0xA1, 0xA3, 0xA1, 0xFE), (0xA9, 0xA9, 0xA1, 0xFE)]
    else:
        ranges = [(0xA4, 0xC5, 0x40, 0xFE), (0xC6, 0xC6, 0x40, 0x7E), (0xA1, 0xA3, 0x40, 0xFE)]
    out = set()
    for lo, hi, tlo, thi in ranges:
        for lead in range(lo, hi + 1):
            for trail in range(tlo, thi + 1):
                try:
                    out.add(bytes((lead, trail)).decode(name))
                except UnicodeDecodeError:
                    pass
    return frozenset(out)


def _score(text: str, name: str) -> float:
    """Share of the non-ASCII characters of ``text`` that are common in encoding ``name``."""
    common = _common_chars("gb18030" if name == "gb18030" else "big5")
    total = hits = 0
    for ch in text:
        if ch >= "\x80":
            total += 1
            hits += ch in common
    return hits / total if total else 0.0
