"""``--format concise``: one line per finding, ``path:line:col: CODE [*] message`` (``[*]``:
``--fix`` can fix it; ``[!]``: only with ``--unsafe-fixes``).  No excerpt, no summary."""
from __future__ import annotations

import typing as t

from lint.formats.common import iter_findings, span_positions


def render(results, registry, out: t.TextIO, **_: t.Any) -> None:
    for r, path, f in iter_findings(results):
        line, col, _, _ = span_positions(r.document, f)
        mark = "" if f.fix is None else " [*]" if f.fix.applicability.value == "safe" else " [!]"
        # Messages never contain line breaks by contract; guard anyway so one finding stays one line.
        message = f.message.replace("\r", " ").replace("\n", " ")
        out.write(f"{path}:{line}:{col}: {f.rule.code}{mark} {message}\n")
