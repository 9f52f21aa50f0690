"""``--format json``: one JSON array of findings (the contract in DEVELOPERS.md)."""
from __future__ import annotations

import json
import typing as t

from lint.formats.common import finding_dict, iter_findings


def render(results, registry, out: t.TextIO, **_: t.Any) -> None:
    items = [finding_dict(r.document, f, path) for r, path, f in iter_findings(results)]
    json.dump(items, out, ensure_ascii=False, indent=2)
    out.write("\n")
