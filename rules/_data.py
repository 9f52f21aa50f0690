"""Cached loaders for the rules' data files in ``rules/data/`` (word lists, pair tables).

Data format: UTF-8 text, one entry per line, ``#`` starts a comment line, columns separated
by tabs.  Editors can extend a style by editing these files, without Python.
"""
from __future__ import annotations

import functools
import os

# The data files sit next to this module (importlib.resources would cost ~4 ms of imports at
# start-up for the same path).
_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")


def _lines(name: str):
    with open(os.path.join(_DIR, name), encoding="utf-8") as f:
        text = f.read()
    for line in text.splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            yield line.rstrip("\r")


@functools.cache
def word_set(name: str) -> frozenset[str]:
    """First column of every entry."""
    return frozenset(line.split("\t")[0].strip() for line in _lines(name))


@functools.cache
def table(name: str) -> tuple[tuple[str, ...], ...]:
    """All columns of every entry (tab-separated, stripped)."""
    return tuple(tuple(c.strip() for c in line.split("\t")) for line in _lines(name))
