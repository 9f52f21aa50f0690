"""Built-in rules: one module per rule family, each exporting ``RULES``.

The list is explicit (no registration by import side effect); add a family module here.
Rule modules must import heavy libraries (segmenter, OpenCC, rapidfuzz) lazily, inside checks.
"""
from __future__ import annotations

import importlib

FAMILIES = (
    "rules.pagination",
    "rules.structure",
    "rules.punctuation",
    "rules.spacing",
    "rules.numbers",
    "rules.repetition",
    "rules.typo",
    "rules.script",
)


def builtin_rules():
    out = []
    for name in FAMILIES:
        out.extend(importlib.import_module(name).RULES)
    return tuple(out)
