"""Test harness: run rules on fixture documents and render findings in a stable golden format.

The golden format belongs to the tests (not to lint/formats), so restyling the text report
never churns the goldens.  One finding per line:

    L:C-L:C CODE rule severity message | applicability L:C-L:C "replacement"; ...
"""
from __future__ import annotations

import json
import os
from pathlib import Path

from lint.config import Settings, load_settings
from lint.document import Document
from lint.engine import Linter
from lint.fixer import fix_document
from lint.readers import parse, read_path
from lint.registry import default_registry

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
DOC_SUFFIXES = (".txt", ".md", ".markdown")


def linter_for(rule_names: list[str] | None = None, config: Path | None = None) -> Linter:
    registry = default_registry()
    settings = load_settings(str(config), registry) if config and config.exists() else Settings(root=str(ROOT))
    rules = registry.select(rule_names) if rule_names else None
    return Linter(registry, settings, rules)


def pos(doc: Document, offset: int) -> str:
    line, col = doc.lines.position(offset)
    return f"{line}:{col}"


def golden_lines(doc: Document, findings) -> list[str]:
    out = []
    for f in findings:
        s = f"{pos(doc, f.start)}-{pos(doc, f.end)} {f.rule.code} {f.rule.name} {f.severity.value} {f.message}"
        if f.fix is not None:
            edits = "; ".join(f"{pos(doc, e.start)}-{pos(doc, e.end)} {json.dumps(e.replacement, ensure_ascii=False)}"
                              for e in f.fix.edits)
            s += f" | {f.fix.applicability.value} {edits}"
        out.append(s)
    return out


def fixture_documents(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir()
                  if p.suffix in DOC_SUFFIXES and ".fixed." not in p.name and p.is_file())


def rule_fixture_cases() -> list[tuple[str, Path]]:
    cases = []
    rules_dir = FIXTURES / "rules"
    for folder in sorted(rules_dir.iterdir()) if rules_dir.exists() else []:
        if folder.is_dir():
            for doc in fixture_documents(folder):
                cases.append((folder.name, doc))
    return cases


def lint_file(path: Path, linter: Linter) -> tuple[Document, list]:
    doc = read_path(str(path))
    return doc, linter.lint(doc)


def fixed_text(doc: Document, linter: Linter) -> str:
    fixed, _, _ = fix_document(doc, linter.lint, unsafe=True)
    return fixed.text


def reparse(doc: Document, text: str) -> Document:
    return parse(doc.path, text, doc.source)


def rel(p: Path) -> str:
    return os.path.relpath(p, ROOT)


def lint_text(rule_name: str, text: str, path: str = "t.txt", config: Path | None = None):
    """(document, findings, linter) for ``text`` checked with one rule."""
    doc = parse(path, text)
    linter = linter_for([rule_name], config)
    return doc, linter.lint(doc), linter


def spans(rule_name: str, text: str, path: str = "t.txt", config: Path | None = None) -> list[str]:
    """The reported substrings of ``text``, in order."""
    doc, findings, _ = lint_text(rule_name, text, path, config)
    return [doc.text[f.start:f.end] for f in findings]
