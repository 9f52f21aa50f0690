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
    """The source line, clipped to MAX_EXCERPT columns around the range (… marks a cut), and a
    caret line under the visible part of the range."""
    start, end = col - 1, max(end_col - 1, col)
    lo = max(0, start - 20) if len(line_text) > MAX_EXCERPT // 2 else 0
    hi, width = lo, 0
    while hi < len(line_text):  # linear: a 1 MB line costs no more than MAX_EXCERPT characters
        w = display_width(line_text[hi])
        if width + w > MAX_EXCERPT:
            break
        width += w
        hi += 1
    prefix = "…" if lo else ""
    suffix = "…" if hi < len(line_text) else ""
    shown = line_text[lo:hi].replace("\t", " ")
    pad = display_width(prefix) + display_width(line_text[lo:start].replace("\t", " "))
    caret = max(1, display_width(line_text[start:min(end, hi)].replace("\t", " ")))
    return prefix + shown + suffix, " " * pad + "^" * caret


def _show(text: str, limit: int = 12) -> str:
    """Quoted text for a fix description, with line breaks made visible."""
    text = text.replace("\r\n", "↵").replace("\n", "↵").replace("\r", "↵")
    return f"“{text[:limit]}…”" if len(text) > limit else f"“{text}”"


def _describe_fix(doc, f) -> str:
    rep = fix_replacement(doc, f)
    if rep is not None:
        return f"改为“{rep}”" if rep else "删除"
    # The fix also edits outside the finding (a joined line break, a removed blank line).
    parts = []
    for e in f.fix.edits:
        old = doc.text[e.start:e.end]
        parts.append(f"删除{_show(old)}" if not e.replacement else
                     f"在此插入{_show(e.replacement)}" if not old else f"{_show(old)}改为{_show(e.replacement)}")
    return "；".join(parts)


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
                safety = "安全" if f.fix.applicability.value == "safe" else "不安全，需 --unsafe-fixes"
                out.write(f"    修复（{safety}）：{_describe_fix(doc, f)}\n")
    if not quiet:
        total = sum(counts.values())
        by = "，".join(f"{n} {s}" for s, n in sorted(counts.items(), key=lambda x: -"iwe".index(x[0][0])))
        out.write(f"检查了 {files} 个文件，发现 {total} 个问题" + (f"（{by}）" if total else "") +
                  f" / {files} file(s) checked, {total} finding(s)\n")
