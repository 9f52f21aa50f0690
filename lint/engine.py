"""Runs rules over documents: selection per file, suppression, severities, ordering.

Pure data in, pure data out: no printing, no colours, no line/column strings.
"""
from __future__ import annotations

import os
import re
import typing as t
from dataclasses import dataclass, field, fields
from operator import attrgetter

from lint.config import Settings, severity_for
from lint.document import Document
from lint.model import Finding, Rule
from lint.registry import Registry
from lint.suppress import Suppressions


@dataclass
class Context:
    """What a rule's check receives besides the document."""

    options: t.Mapping[str, t.Any]
    settings: Settings

    def allowed_words(self) -> frozenset[str]:
        return frozenset(self.settings.allow) | frozenset(self.options.get("allow", ()) or ())


@dataclass
class LintResult:
    path: str
    document: Document | None
    findings: list[Finding] = field(default_factory=list)
    error: str | None = None  # the file could not be checked (message names the cause)
    notes: list[str] = field(default_factory=list)  # e.g. "encoding detected: gb18030"
    fixed: int = 0  # fixes applied by --fix
    fixed_text: str | None = None  # text after fixes (None: unchanged or not fixing)
    original: Document | None = None  # the document as read, when fixes changed it


# A finding's fields in order, to copy it positionally: dataclasses.replace, once per finding,
# costs twice as much.
_FIELDS = [f.name for f in fields(Finding)]
_finding_values = attrgetter(*_FIELDS)
_RULE, _SEVERITY = _FIELDS.index("rule"), _FIELDS.index("severity")


class Linter:
    def __init__(self, registry: Registry, settings: Settings, rules: t.Sequence[Rule] | None = None) -> None:
        self.registry = registry
        self.settings = settings
        self.rules = tuple(rules) if rules is not None else registry.select(
            settings.select, settings.ignore, settings.extend_select)
        self._contexts = {r.code: Context({**r.options, **settings.rule_options.get(r.name, {})}, settings)
                          for r in registry}
        self._severity = {r.code: severity_for(settings, r, registry) for r in registry}

    def context(self, rule: Rule) -> Context:
        return self._contexts[rule.code]

    def rules_for(self, path: str) -> tuple[Rule, ...]:
        ignored = self.settings.ignored_for(path)
        if not ignored:
            return self.rules
        drop = {r.code for sel in ignored for r in self.registry.matching(sel)}
        return tuple(r for r in self.rules if r.code not in drop)

    def _stamp(self, rule: Rule, f: Finding) -> Finding:
        values = list(_finding_values(f))
        values[_RULE] = rule
        values[_SEVERITY] = f.severity or self._severity[rule.code]
        return Finding(*values)

    def lint(self, doc: Document) -> list[Finding]:
        """All findings of the selected per-document rules, sorted and with suppressions applied."""
        out: list[Finding] = []
        checked = _without_surrogates(doc)
        for rule in self.rules_for(doc.path):
            ctx = self._contexts[rule.code]
            for f in rule.check(checked, ctx):
                out.append(self._stamp(rule, f))
        return self.finish(doc, out)

    def finish(self, doc: Document, findings: list[Finding]) -> list[Finding]:
        sup = Suppressions(doc, self.registry) if doc.format == "markdown" else None
        if sup:
            pos = doc.lines.position
            findings = [f for f in findings if not sup.suppressed(pos(f.start)[0], f.rule.code)]
        unique = {(f.start, f.end, f.rule.code, f.message): f for f in findings}
        return sorted(unique.values(), key=lambda f: (f.start, f.end, f.rule.code, f.message))

    def lint_project(self, docs: t.Sequence[Document]) -> dict[str, list[Finding]]:
        """Cross-file findings (rules with ``check_project``), grouped by document path."""
        out: dict[str, list[Finding]] = {}
        for rule in self.rules:
            if rule.check_project is None:
                continue
            ctx = self._contexts[rule.code]
            for doc, f in rule.check_project([_without_surrogates(d) for d in docs], ctx):
                if rule in self.rules_for(doc.path):
                    out.setdefault(doc.path, []).append(self._stamp(rule, f))
        return out


_SURROGATE = re.compile("[\ud800-\udfff]")


def _without_surrogates(doc: Document) -> Document:
    """``doc`` with lone surrogates replaced by U+FFFD (one code point each, so offsets hold).

    Decoded files never contain them, but API callers may pass text read with
    ``errors="surrogateescape"``, and C/Rust-backed libraries (OpenCC, rjieba) refuse them.
    """
    if not _SURROGATE.search(doc.text):
        return doc
    from dataclasses import replace

    sub = _SURROGATE.sub
    blocks = [replace(b, prose=sub("\ufffd", b.prose)) for b in doc.blocks]
    return replace(doc, text=sub("\ufffd", doc.text), blocks=blocks, _lines=None)


def display_path(path: str) -> str:
    """Paths as the user gave them, relative when under the working directory."""
    if os.path.isabs(path):
        rel = os.path.relpath(path)
        return path if rel.startswith("..") else rel
    return os.path.normpath(path) if path.startswith("./") else path
