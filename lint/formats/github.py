"""``--format github``: GitHub Actions workflow commands, one annotation per finding::

    ::error file=a.md,line=3,col=5,endLine=3,endColumn=9,title=ZH301 page-marker::a.md:3:5: message

Columns are code points, end exclusive.  Severities: error→error, warning→warning, info→notice.
"""
from __future__ import annotations

import typing as t

from lint.formats.common import iter_findings, span_positions

COMMAND = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(s: str) -> str:
    """Escape a command's message (GitHub's ``escapeData``)."""
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(s: str) -> str:
    """Escape a property value (GitHub's ``escapeProperty``): also ``:`` and ``,``."""
    return escape_data(s).replace(":", "%3A").replace(",", "%2C")


def render(results, registry, out: t.TextIO, **_: t.Any) -> None:
    for r, path, f in iter_findings(results):
        line, col, end_line, end_col = span_positions(r.document, f)
        props = {"file": path, "line": line, "col": col, "endLine": end_line, "endColumn": end_col,
                 "title": f"{f.rule.code} {f.rule.name}"}
        head = ",".join(f"{k}={escape_property(str(v))}" for k, v in props.items())
        # The location is repeated in the message so the raw log is readable too.
        message = escape_data(f"{path}:{line}:{col}: {f.rule.code} {f.message}")
        out.write(f"::{COMMAND[f.severity.value]} {head}::{message}\n")
