"""The user's sample document: byte-identical copy, and its exact expected findings (all rules)."""
from __future__ import annotations

from pathlib import Path

import pytest

from harness import FIXTURES, golden_lines, lint_file, linter_for

SEED = FIXTURES / "seed" / "000_fb18030615153122.txt"
SHARED_SEED = Path(__file__).resolve().parents[2] / "shared" / "seed" / SEED.name


def test_seed_is_byte_identical_to_the_users_file():
    if not SHARED_SEED.exists():
        pytest.skip("../shared/seed not present on this machine")
    assert SEED.read_bytes() == SHARED_SEED.read_bytes()


def test_seed_findings(update_goldens):
    doc, findings = lint_file(SEED, linter_for())
    got = golden_lines(doc, findings)
    expected = SEED.with_suffix(".expected")
    if update_goldens:
        expected.write_text("".join(g + "\n" for g in got), encoding="utf-8")
    assert got == expected.read_text(encoding="utf-8").splitlines()


def test_seed_page_markers_exact():
    doc, findings = lint_file(SEED, linter_for(["page-marker"]))
    spans = [(doc.lines.position(f.start), doc.lines.position(f.end), doc.text[f.start:f.end]) for f in findings]
    assert spans == [((3, 1), (3, 8), "（上接第三版）"), ((157, 1), (157, 9), "（下转第十一版）")]
