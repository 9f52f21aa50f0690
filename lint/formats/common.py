"""Helpers shared by reporters: positions and fix replacement text for a finding."""
from __future__ import annotations

import typing as t

from lint.document import Document
from lint.model import Finding


def iter_findings(results) -> t.Iterator[tuple[t.Any, str, Finding]]:
    """(result, display path, finding) for every finding of every checked document, in order."""
    from lint.engine import display_path

    for r in results:
        if r.document is None:
            continue
        path = display_path(r.path)
        for f in r.findings:
            yield r, path, f


def span_positions(doc: Document, f: Finding) -> tuple[int, int, int, int]:
    """1-based (line, column, end_line, end_column) in code points; end exclusive."""
    line, col = doc.lines.position(f.start)
    end_line, end_col = doc.lines.position(f.end)
    return line, col, end_line, end_col


def fix_replacement(doc: Document, f: Finding) -> str | None:
    """The text that replaces the finding's own range when its fix is applied, or None when
    the fix also edits outside that range (reporters then give the edits themselves)."""
    if f.fix is None:
        return None
    if all(f.start <= e.start and e.end <= f.end for e in f.fix.edits):
        out, pos = [], f.start
        for e in f.fix.edits:
            out.append(doc.text[pos:e.start])
            out.append(e.replacement)
            pos = e.end
        out.append(doc.text[pos:f.end])
        return "".join(out)
    return None


def finding_dict(doc: Document, f: Finding, path: str) -> dict:
    """The JSON contract of DEVELOPERS.md for one finding (plus ``edits`` inside ``fix``)."""
    line, col, end_line, end_col = span_positions(doc, f)
    fix = None
    if f.fix is not None:
        edits = []
        for e in f.fix.edits:
            el, ec = doc.lines.position(e.start)
            eel, eec = doc.lines.position(e.end)
            edits.append({"line": el, "column": ec, "end_line": eel, "end_column": eec,
                          "replacement": e.replacement})
        replacement = fix_replacement(doc, f)
        fix = {"replacement": replacement if replacement is not None else "",
               "applicability": f.fix.applicability.value, "edits": edits}
    return {
        "path": path, "line": line, "column": col, "end_line": end_line, "end_column": end_col,
        "code": f.rule.code, "rule": f.rule.name, "severity": f.severity.value,
        "message": f.message, "fix": fix,
    }
