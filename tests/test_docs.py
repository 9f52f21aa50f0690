"""The rules' documentation is their docstrings: complete, true (every 反例 is reported, every
正例 is not), and docs/rules.md is the current rendering of it."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from harness import ROOT
from lint.cli import cli
from lint.config import Settings
from lint.docs import examples
from lint.engine import Linter
from lint.readers import parse
from lint.registry import default_registry

RULES = list(default_registry())
REFERENCE = ROOT / "docs" / "rules.md"
SECTIONS = ("检查什么", "为什么", "反例", "正例")


def test_rules_reference_is_current():
    res = CliRunner().invoke(cli, ["rules", "--format", "markdown"])
    assert res.exit_code == 0, res.output
    assert REFERENCE.exists(), "docs/rules.md missing: run `jiaodui rules --format markdown > docs/rules.md`"
    assert REFERENCE.read_text(encoding="utf-8") == res.output, (
        "docs/rules.md is stale: run `python -m lint rules --format markdown > docs/rules.md`")


def test_reference_covers_every_rule():
    text = REFERENCE.read_text(encoding="utf-8")
    for r in RULES:
        assert f"\n## {r.code} {r.name}\n" in text


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.name)
def test_docstring_sections(rule):
    assert rule.summary, f"{rule.name}: docstring needs a one-line summary"
    needed = SECTIONS + (("修复安全性",) if rule.fixable != "never" else ())
    missing = [s for s in needed if not rule.section(s).strip()]
    assert not missing, f"{rule.name}: docstring lacks ## {', ## '.join(missing)}"
    assert examples(rule, "反例"), f"{rule.name}: no 反例 example lines (indented 4 spaces)"
    assert examples(rule, "正例"), f"{rule.name}: no 正例 example lines (indented 4 spaces)"


def _findings(rule, text: str):
    """Findings of ``rule`` alone on ``text`` read as a plain-text document."""
    linter = Linter(default_registry(), Settings(), [rule])
    return [f for f in linter.lint(parse("example.txt", text)) if f.rule.code == rule.code]


def _cases(section: str):
    return [pytest.param(r, ex, id=f"{r.name}-{i}") for r in RULES for i, ex in enumerate(examples(r, section))]


@pytest.mark.parametrize("rule,example", _cases("反例"))
def test_bad_example_is_reported(rule, example):
    assert _findings(rule, example), f"{rule.name}: 反例 not reported: {example!r}"


@pytest.mark.parametrize("rule,example", _cases("正例"))
def test_good_example_is_silent(rule, example):
    got = _findings(rule, example)
    assert not got, f"{rule.name}: 正例 reported: {example!r} -> {[f.message for f in got]}"


def test_readme_rule_table_is_current():
    import re

    from lint.docs import summary_table

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    m = re.search(r"<!-- rules-table:start.*?-->\n<!-- jiaodui-disable -->\n(.*?)<!-- jiaodui-enable -->\n"
                  r"<!-- rules-table:end -->", readme, re.S)
    assert m, "README.md lacks the generated rules table markers"
    assert m.group(1) == summary_table(RULES, "docs/rules.md"), "README rule table is stale"


def test_repository_docs_pass_their_own_check():
    """The repository checks itself (README, docs/, the clean fixture documents), as its
    pre-commit hook does; the pyproject [tool.jiaodui] exclude keeps defective fixtures out."""
    res = CliRunner().invoke(cli, ["check", str(ROOT), "--format", "concise"])
    assert res.exit_code == 0, res.output
