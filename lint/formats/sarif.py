"""``--format sarif``: SARIF 2.1.0 (GitHub code scanning and other viewers).

Columns are Unicode code points (``columnKind: unicodeCodePoints``), end exclusive, like every
other jiaodui position.  The rules that have results are described with their documentation.
"""
from __future__ import annotations

import hashlib
import json
import os
import pathlib
import typing as t
import urllib.parse

from lint import __version__
from lint.engine import display_path

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def _uri(path: str) -> str:
    # Relative paths stay relative (code scanning resolves them against the checkout root);
    # absolute ones become file: URIs.
    if os.path.isabs(path):
        return pathlib.Path(path).as_uri()
    return urllib.parse.quote(path.replace("\\", "/"), safe="/")


def _region(doc, start: int, end: int) -> dict:
    line, col = doc.lines.position(start)
    end_line, end_col = doc.lines.position(end)
    return {"startLine": line, "startColumn": col, "endLine": end_line, "endColumn": end_col}


def _rule_descriptor(rule) -> dict:
    from lint.docs import rule_doc_markdown

    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary or rule.name},
        "fullDescription": {"text": rule.section("检查什么") or rule.summary or rule.name},
        "help": {"text": rule.docs or rule.summary or rule.name, "markdown": rule_doc_markdown(rule)},
        "defaultConfiguration": {"level": LEVEL[rule.severity.value]},
        "properties": {"category": rule.category, "fixable": rule.fixable, "tags": [rule.category]},
    }


def build(results, registry) -> dict:
    from lint.baseline import finding_key

    used = sorted({f.rule.code: f.rule for r in results if r.document is not None for f in r.findings}.values(),
                  key=lambda rule: rule.code)
    index = {rule.code: i for i, rule in enumerate(used)}
    out = []
    for r in results:
        doc = r.document
        if doc is None:
            continue
        path = display_path(r.path)
        location = {"uri": _uri(path)}
        for f in r.findings:
            res: dict[str, t.Any] = {
                "ruleId": f.rule.code,
                "ruleIndex": index[f.rule.code],
                "level": LEVEL[f.severity.value],
                "message": {"text": f.message},
                "locations": [{"physicalLocation": {
                    "artifactLocation": dict(location),
                    "region": {**_region(doc, f.start, f.end),
                               "snippet": {"text": doc.text[f.start:f.end]}},
                }}],
                # Stable across edits elsewhere in the file (same key as --baseline), so code
                # scanning tracks an alert as the text around it moves.
                "partialFingerprints": {"jiaodui/v1": hashlib.sha256(
                    "\0".join(finding_key(doc, f, path)).encode("utf-8")).hexdigest()[:32]},
            }
            if f.related:
                res["relatedLocations"] = [
                    {"id": i, "message": {"text": "相关位置 related place"},
                     "physicalLocation": {"artifactLocation": dict(location), "region": _region(doc, o, o)}}
                    for i, o in enumerate(f.related)]
            if f.fix is not None:
                res["fixes"] = [{
                    "description": {"text": "安全修复 safe fix" if f.fix.applicability.value == "safe"
                                    else "不安全修复，需人工确认 unsafe fix, review it"},
                    "artifactChanges": [{"artifactLocation": dict(location), "replacements": [
                        {"deletedRegion": _region(doc, e.start, e.end), "insertedContent": {"text": e.replacement}}
                        for e in f.fix.edits]}],
                }]
                res["properties"] = {"applicability": f.fix.applicability.value}
            out.append(res)
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "jiaodui", "version": __version__, "semanticVersion": __version__,
                                "rules": [_rule_descriptor(rule) for rule in used]}},
            "columnKind": "unicodeCodePoints",
            "results": out,
            # Files that could not be checked (unreadable, undecodable) are not silently absent.
            "invocations": [{
                "executionSuccessful": not any(r.error for r in results),
                "toolExecutionNotifications": [
                    {"level": "error", "message": {"text": r.error},
                     "locations": [{"physicalLocation": {"artifactLocation": {"uri": _uri(display_path(r.path))}}}]}
                    for r in results if r.error],
            }],
        }],
    }


def render(results, registry, out: t.TextIO, **_: t.Any) -> None:
    json.dump(build(results, registry), out, ensure_ascii=False, indent=2)
    out.write("\n")
