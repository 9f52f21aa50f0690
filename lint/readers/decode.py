"""Bytes to text, recording encoding, BOM and newline style (``--fix`` writes them back)."""
from __future__ import annotations

import codecs

from lint.document import Source
from lint.errors import InputError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Legacy Chinese encodings we accept from detection; GBK/GB2312 text decodes identically as GB18030.
_CHINESE = {"gb18030": "gb18030", "gbk": "gb18030", "gb2312": "gb18030", "hz": "hz",
            "big5": "big5", "big5hkscs": "big5hkscs", "cp950": "cp950", "cp936": "gb18030"}


def newline_style(text: str) -> str:
    crlf = text.count("\r\n")
    lf = text.count("\n") - crlf
    cr = text.count("\r") - crlf
    best = max((crlf, "\r\n"), (lf, "\n"), (cr, "\r"))
    return best[1] if best[0] else "\n"


def decode(data: bytes, path: str, encoding: str | None = None) -> tuple[str, Source]:
    """Decode ``data``; raise :class:`InputError` naming ``path`` and the cause."""
    if encoding:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise InputError(path, f"未知编码 unknown encoding {encoding!r}") from None
        bom = False
        for mark, _ in _BOMS:
            if data.startswith(mark) and encoding.lower().replace("_", "-").startswith(("utf-8", "utf-16", "utf-32", "utf8")):
                data = data[len(mark):]
                bom = True
                break
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as e:
            raise InputError(path, f"无法按 {encoding} 解码 cannot decode as {encoding} at byte {e.start}") from None
        return text, Source(encoding=encoding, bom=bom, newline=newline_style(text))

    for mark, name in _BOMS:
        if data.startswith(mark):
            try:
                text = data[len(mark):].decode(name)
            except UnicodeDecodeError as e:
                raise InputError(path, f"invalid {name} after its BOM at byte {e.start + len(mark)}") from None
            return text, Source(encoding=name, bom=True, newline=newline_style(text))

    if b"\x00" in data[:8192]:
        raise InputError(path, "二进制文件，已跳过 binary file (contains NUL bytes), skipped")
    try:
        text = data.decode("utf-8")
        return text, Source(encoding="utf-8", newline=newline_style(text))
    except UnicodeDecodeError as utf8_error:
        position = utf8_error.start

    from charset_normalizer import from_bytes  # lazy: only non-UTF-8 files pay for it

    best = from_bytes(data[:200_000]).best()
    name = _CHINESE.get(best.encoding.replace("_", "").lower()) if best is not None else None
    if best is not None and name is None and best.encoding.lower().startswith("gb"):
        name = "gb18030"
    if name is None:
        guess = f" (looks like {best.encoding})" if best is not None else ""
        raise InputError(path, f"不是 UTF-8 编码且无法识别 not valid UTF-8 (byte {position}){guess}; "
                               "use --encoding")
    try:
        text = data.decode(name)
    except UnicodeDecodeError as e:
        raise InputError(path, f"无法解码 cannot decode as {name} at byte {e.start}; use --encoding") from None
    return text, Source(encoding=name, newline=newline_style(text), detected=True)
