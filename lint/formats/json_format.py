"""``--format json``: one JSON array of findings (the contract in DEVELOPERS.md)."""
from __future__ import annotations

import json
import typing as t

from lint.engine import display_path
from lint.formats.common import finding_dict


def render(results, registry, out: t.TextIO, **_: t.Any) -> None:
    items = [finding_dict(r.document, f, display_path(r.path))
             for r in results if r.document is not None for f in r.findings]
    json.dump(items, out, ensure_ascii=False, indent=2)
    out.write("\n")
