"""``--format rdjson``: reviewdog's Diagnostic Format (``reviewdog -f=rdjson``).

reviewdog counts columns in UTF-8 bytes (its ``Position.column``), not code points, so this
reporter converts; ranges stay end-exclusive.  Fixes become ``suggestions``.
"""
from __future__ import annotations

import json
import typing as t

from lint.formats.common import iter_findings

SEVERITY = {"error": "ERROR", "warning": "WARNING", "info": "INFO"}


def _position(doc, offset: int) -> dict:
    line, col = doc.lines.position(offset)
    start = doc.lines.line_start(line)
    return {"line": line, "column": len(doc.text[start:offset].encode("utf-8")) + 1}


def _range(doc, start: int, end: int) -> dict:
    return {"start": _position(doc, start), "end": _position(doc, end)}


def build(results, registry) -> dict:
    diagnostics = []
    for r, path, f in iter_findings(results):
        doc = r.document
        d: dict[str, t.Any] = {
            "message": f.message,
            "location": {"path": path, "range": _range(doc, f.start, f.end)},
            "severity": SEVERITY[f.severity.value],
            "source": {"name": "jiaodui"},
            "code": {"value": f.rule.code},
        }
        # reviewdog applies suggestions as they are; only offer the safe ones.
        if f.fix is not None and f.fix.applicability.value == "safe":
            d["suggestions"] = [{"range": _range(doc, e.start, e.end), "text": e.replacement}
                                for e in f.fix.edits]
        diagnostics.append(d)
    return {"source": {"name": "jiaodui"}, "diagnostics": diagnostics}


def render(results, registry, out: t.TextIO, **_: t.Any) -> None:
    json.dump(build(results, registry), out, ensure_ascii=False, indent=2)
    out.write("\n")
