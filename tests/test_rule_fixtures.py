"""Every rule's fixture folder: exact findings, fix goldens, and fix invariants.

fixtures/rules/<rule-name>/ holds documents (``*.txt``/``*.md``).  ``good*`` documents must
produce no finding of the rule; every other document ``<name>.<ext>`` has ``<name>.<ext>.expected`` with the exact
findings and, when the rule fixed something, ``<name>.fixed.<ext>`` with the fixed text
(all fixes, unsafe included).  An optional ``jiaodui.toml`` in the folder configures the rule.
Run ``pytest --update-goldens`` to rewrite goldens, then review the diff.
"""
from __future__ import annotations

import pytest

from harness import FIXTURES, fixed_text, golden_lines, lint_file, linter_for, rel, reparse, rule_fixture_cases
from lint.registry import default_registry

CASES = rule_fixture_cases()


@pytest.mark.parametrize("rule_name,path", CASES, ids=[rel(p) for _, p in CASES])
def test_fixture(rule_name, path, update_goldens):
    linter = linter_for([rule_name], path.parent / "jiaodui.toml")
    doc, findings = lint_file(path, linter)
    got = golden_lines(doc, findings)
    for f in findings:  # the reported range is exactly what the rule saw
        assert 0 <= f.start <= f.end <= len(doc.text)
    if path.name.startswith("good"):
        assert got == [], f"false alarms in {rel(path)}:\n" + "\n".join(got)
        return
    expected_file = path.with_name(path.name + ".expected")
    fixed_file = path.with_name(path.stem + ".fixed" + path.suffix)
    after = fixed_text(doc, linter)
    if update_goldens:
        expected_file.write_text("".join(line + "\n" for line in got), encoding="utf-8")
        if after != doc.text:
            fixed_file.write_text(after, encoding="utf-8", newline="")
        elif fixed_file.exists():
            fixed_file.unlink()
    assert expected_file.exists(), f"missing golden {rel(expected_file)} (run pytest --update-goldens)"
    expected = expected_file.read_text(encoding="utf-8").splitlines()
    assert got == expected
    assert got, f"{rel(path)} is a bad-case fixture but the rule found nothing"
    if after != doc.text:
        assert fixed_file.exists(), f"missing fix golden {rel(fixed_file)}"
        assert after == fixed_file.read_bytes().decode("utf-8")  # bytes: keep CRLF as written
        # Fixing is idempotent: a second round changes nothing.
        assert fixed_text(reparse(doc, after), linter) == after
    else:
        assert not fixed_file.exists(), f"{rel(fixed_file)} exists but the rule fixes nothing"


def test_every_rule_has_fixtures():
    folders = {p.name for p in (FIXTURES / "rules").iterdir() if p.is_dir()}
    names = {r.name for r in default_registry()}
    assert names - folders == set(), "rules without a fixture folder"
    assert folders - names == set(), "fixture folders without a rule"
    for name in names:
        docs = [p.name for p in (FIXTURES / "rules" / name).iterdir()]
        assert any(d.startswith("good") for d in docs), f"{name}: no good* (false-alarm) document"
        assert any(d.endswith(".expected") for d in docs), f"{name}: no bad-case document"
