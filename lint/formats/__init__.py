"""Reporters: each module exposes ``render(results, registry, out, **options)``.

Reporters know nothing about rules beyond the metadata on a finding.  Modules are imported
only when their format is asked for.
"""
from __future__ import annotations

import importlib
import typing as t

# format name -> module under lint.formats
FORMATS: dict[str, str] = {
    "text": "text",
    "json": "json_format",
    "html": "html",
    "concise": "concise",
    "github": "github",
    "rdjson": "rdjson",
    "sarif": "sarif",
}


def renderer(name: str) -> t.Callable[..., None]:
    return importlib.import_module(f"lint.formats.{FORMATS[name]}").render
