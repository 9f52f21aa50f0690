"""Registry invariants: identities, metadata honesty, selection."""
from __future__ import annotations

import re

import pytest

from lint.errors import ConfigError
from lint.registry import default_registry

CANONICAL = {"repeated-word", "duplicate-paragraph", "page-marker", "broken-paragraph", "numbering",
             "count-mismatch", "typo", "punctuation", "mixed-script", "spacing", "number-format"}


def test_codes_and_names_are_unique_and_well_formed():
    reg = default_registry()
    codes = [r.code for r in reg]
    names = [r.name for r in reg]
    assert len(set(codes)) == len(codes) and len(set(names)) == len(names)
    for r in reg:
        assert re.fullmatch(r"ZH\d{3}", r.code)
        assert re.fullmatch(r"[a-z][a-z0-9]*(-[a-z0-9]+)*", r.name)
        assert r.severity.value in ("error", "warning", "info")


def test_registered_names_are_within_the_contract():
    # New names may be added; the canonical ones must keep their meaning when present.
    reg = default_registry()
    assert "page-marker" in {r.name for r in reg}
    for r in reg:
        if r.name in CANONICAL:
            assert reg.get(r.name) is r


def test_selection():
    reg = default_registry()
    assert reg.select(["ALL"]) == reg.rules
    assert [r.name for r in reg.select(["ZH301"])] == ["page-marker"]
    assert [r.name for r in reg.select(["page-marker"])] == ["page-marker"]
    assert "page-marker" in [r.name for r in reg.select(["pagination"])]
    assert "page-marker" not in [r.name for r in reg.select(["ALL"], ignore=["ZH3"])]
    with pytest.raises(ConfigError, match="did you mean 'page-marker'"):
        reg.select(["page_marker"])
