"""Whole documents under all rules together: held-out-style precision and recall.

fixtures/documents/clean/ holds realistic documents of many genres (news extracted from print,
reports, laws, Markdown docs, essays, fiction, verse, name lists) full of legitimate look-alikes:
every rule together must stay silent on them.  fixtures/documents/defects/ holds documents with
planted defects of every kind; ``<name>.<ext>.expected`` is the exact golden of all rules
(tests/harness.py format).  Run ``pytest --update-goldens tests/test_documents.py`` to rewrite
the goldens, then review the diff line by line.
"""
from __future__ import annotations

import pytest

from harness import FIXTURES, fixture_documents, golden_lines, lint_file, linter_for, rel

CLEAN = fixture_documents(FIXTURES / "documents" / "clean")
DEFECTS = fixture_documents(FIXTURES / "documents" / "defects")


@pytest.fixture(scope="module")
def linter():
    return linter_for()  # every rule, default options


def test_corpus_present():
    assert len(CLEAN) >= 10 and len(DEFECTS) >= 5


@pytest.mark.parametrize("path", CLEAN, ids=[rel(p) for p in CLEAN])
def test_clean_document_is_silent(path, linter):
    doc, findings = lint_file(path, linter)
    got = golden_lines(doc, findings)
    assert got == [], f"false alarms in {rel(path)}:\n" + "\n".join(got)


@pytest.mark.parametrize("path", DEFECTS, ids=[rel(p) for p in DEFECTS])
def test_defects_document_matches_golden(path, linter, update_goldens):
    doc, findings = lint_file(path, linter)
    got = golden_lines(doc, findings)
    expected_file = path.with_name(path.name + ".expected")
    if update_goldens:
        expected_file.write_text("".join(line + "\n" for line in got), encoding="utf-8")
    assert expected_file.exists(), f"missing golden {rel(expected_file)} (run pytest --update-goldens)"
    assert got == expected_file.read_text(encoding="utf-8").splitlines()
    assert got, f"{rel(path)} has planted defects but nothing was found"
