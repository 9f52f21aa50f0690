"""``--format text``: ``path:line:col: CODE [rule] message``, the source line, a caret under
the range (East Asian wide characters take two columns), and a closing summary."""
from __future__ import annotations

import typing as t
from collections import Counter

from lint.cjk import display_width
from lint.engine import display_path
from lint.formats.common import fix_replacement, span_positions

_COLORS = {"error": "31", "warning": "33", "info": "36"}
MAX_EXCERPT = 120  # display columns of source shown around a finding


def _c(s: str, code: str, color: bool) -> str:
    return f"\x1b[{code}m{s}\x1b[0m" if color else s


def _excerpt(line_text: str, col: int, end_col: int) -> tuple[str, str]:
    """The source line (clipped around the range on long lines) and its caret line."""
    start, end = col - 1, max(end_col - 1, col)
    lo = 0
    if display_width(line_text) > MAX_EXCERPT:
        lo = max(0, start - 20)
        line_text = line_text[lo:]
        while display_width(line_text) > MAX_EXCERPT and len(line_text) > end - lo:
            line_text = line_text[:-1]
    pad = display_width(line_text[: start - lo].replace("\t", " "))
    width = max(1, display_width(line_text[start - lo : end - lo]))
    prefix = "…" if lo else ""
    return prefix + line_text.replace("\t", " "), " " * (pad + display_width(prefix)) + "^" * width


def render(results, registry, out: t.TextIO, *, color: bool = False, quiet: bool = False, **_: t.Any) -> None:
    counts: Counter[str] = Counter()
    files = 0
    for r in results:
        if r.document is None:
            continue
        files += 1
        doc = r.document
        path = display_path(r.path)
        for f in r.findings:
            line, col, end_line, end_col = span_positions(doc, f)
            counts[f.severity.value] += 1
            sev = _c(f.severity.value, _COLORS[f.severity.value], color)
            where = f"{line}:{col}"
            if doc.format == "docx":  # Word has no lines: paragraph number and character in it
                from lint.readers.docx import location

                where = "第{}段第{}字".format(*location(doc, f.start))
            head = f"{path}:{where}: {_c(f.rule.code, '1', color)} [{f.rule.name}] {sev}: {f.message}"
            out.write(head + "\n")
            if quiet:
                continue
            src = doc.lines.line_text(line)
            stop = end_col if end_line == line else len(src) + 1
            excerpt, caret = _excerpt(src, col, stop)
            out.write(f"    {excerpt}\n    {_c(caret, _COLORS[f.severity.value], color)}\n")
            if f.fix is not None:
                rep = fix_replacement(doc, f)
                what = f"改为“{rep}”" if rep else "删除"
                out.write(f"    修复（{'安全' if f.fix.applicability.value == 'safe' else '不安全'}）：{what}\n")
    if not quiet:
        total = sum(counts.values())
        by = "，".join(f"{n} {s}" for s, n in sorted(counts.items(), key=lambda x: -"iwe".index(x[0][0])))
        out.write(f"检查了 {files} 个文件，发现 {total} 个问题" + (f"（{by}）" if total else "") +
                  f" / {files} file(s) checked, {total} finding(s)\n")
