"""``--write-baseline FILE`` records today's findings; ``--baseline FILE`` reports only new ones.

A finding is keyed by its file, its rule, the text it covers and a few characters of context on
each side (within its line), never by line number or message: editing text above a finding, or
elsewhere in a long paragraph, does not bring it back.  Identical keys are counted, so a second
copy of a known defect in the same file is still reported.
"""
from __future__ import annotations

import json
import os
import typing as t
from collections import Counter

from lint.errors import JiaoduiError

VERSION = 1
CONTEXT = 8  # code points of context on each side of the finding, clipped to its line
MAX_TEXT = 200  # long ranges (whole paragraphs) are keyed by their two ends


class BaselineError(JiaoduiError):
    """The baseline file cannot be read, parsed or written; the CLI exits 2."""


def _norm(s: str) -> str:
    return s.replace("\r\n", "\n").replace("\r", "\n")


def _rel(path: str, root: str) -> str:
    rel = os.path.relpath(os.path.abspath(path), root) if path not in ("-", "<stdin>") else path
    return rel.replace(os.sep, "/")


def finding_key(doc, finding, path: str) -> tuple[str, str, str, str, str]:
    """(path, rule code, text, context before, context after) of one finding."""
    text = doc.text
    lines = doc.lines
    line, _ = lines.position(finding.start)
    end_line, _ = lines.position(finding.end)
    lo = max(lines.line_start(line), finding.start - CONTEXT)
    hi = min(lines.line_end(end_line), finding.end + CONTEXT)
    hi = max(hi, finding.end)
    covered = text[finding.start:finding.end]
    if len(covered) > MAX_TEXT:
        covered = covered[:MAX_TEXT // 2] + "…" + covered[-MAX_TEXT // 2:]
    return (path, finding.rule.code, _norm(covered), _norm(text[lo:finding.start]), _norm(text[finding.end:hi]))


def _keys(results, root: str) -> t.Iterator[tuple[t.Any, t.Any, tuple]]:
    for r in results:
        if r.document is None:
            continue
        path = _rel(r.path, root)
        for f in r.findings:
            yield r, f, finding_key(r.document, f, path)


def write(path: str, results) -> int:
    """Record every finding of ``results`` in ``path``; returns how many."""
    root = os.path.dirname(os.path.abspath(path))
    counts = Counter(key for _, _, key in _keys(results, root))
    entries = [{"path": p, "code": c, "text": x, "before": b, "after": a, "count": n}
               for (p, c, x, b, a), n in sorted(counts.items())]
    data = {"tool": "jiaodui", "version": VERSION, "findings": entries}
    try:
        with open(path, "w", encoding="utf-8", newline="\n") as fh:
            json.dump(data, fh, ensure_ascii=False, indent=1)
            fh.write("\n")
    except OSError as e:
        raise BaselineError(f"{path}: 无法写入基线 cannot write baseline: {e.strerror or e}") from None
    return sum(counts.values())


def load(path: str) -> Counter:
    try:
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
    except FileNotFoundError:
        raise BaselineError(f"{path}: 基线文件不存在 baseline file not found "
                            "(create it with --write-baseline)") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        raise BaselineError(f"{path}: 无法读取基线 cannot read baseline: {e}") from None
    if not isinstance(data, dict) or data.get("tool") != "jiaodui" or data.get("version") != VERSION:
        raise BaselineError(f"{path}: 不是 jiaodui 基线文件（版本 {VERSION}）not a jiaodui baseline (version {VERSION})")
    counts: Counter = Counter()
    try:
        for e in data["findings"]:
            counts[(e["path"], e["code"], e["text"], e["before"], e["after"])] += int(e.get("count", 1))
    except (KeyError, TypeError, ValueError) as e:
        raise BaselineError(f"{path}: 基线条目格式错误 malformed baseline entry: {e!r}") from None
    return counts


def filter_new(path: str, results) -> int:
    """Drop from ``results`` the findings recorded in baseline ``path`` (each recorded key
    absorbs as many findings as it was counted); returns how many were dropped."""
    known = load(path)
    root = os.path.dirname(os.path.abspath(path))
    dropped = 0
    for r in results:
        if r.document is None or not r.findings:
            continue
        keep = []
        rel = _rel(r.path, root)
        for f in r.findings:
            key = finding_key(r.document, f, rel)
            if known[key] > 0:
                known[key] -= 1
                dropped += 1
            else:
                keep.append(f)
        r.findings = keep
    return dropped
