#!/usr/bin/env python3
"""Speed work must not change findings: compare every finding of this tree with a git revision's.

    python3 bench/same_findings.py --base HEAD~3 fixtures ../shared/corpus /tmp/bench-input

Checks out ``--base`` in a temporary git worktree, runs ``jiaodui check --format json`` there and
here over the same paths with an empty configuration (so fixtures are not excluded), and compares
all findings: rule, path, positions, message and fix.  Prints the counts and the first
differences; exits 1 when they differ.  Every commit of the 2026-11-29 speed passes was checked
this way (over fixtures/, the corpus and two 4 M-character bench inputs, 26,133 findings).
"""
from __future__ import annotations

import argparse
import collections
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def findings(tree: Path, paths: list[str], config: str, env: dict[str, str] | None = None) -> collections.Counter:
    out = subprocess.run([sys.executable, "-m", "lint", "check", "--config", config, "--format", "json", *paths],
                         cwd=tree, capture_output=True, text=True, env=env)
    if out.returncode not in (0, 1, 2) or not out.stdout.strip():  # 2: some input files are unreadable
        sys.exit(f"{tree}: jiaodui exited {out.returncode}: {out.stderr.strip()[-500:]}")
    # Paths under the tree are printed relative to it, so both trees' fixtures compare equal.
    return collections.Counter(json.dumps(f, sort_keys=True, ensure_ascii=False) for f in json.loads(out.stdout))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--base", required=True, help="git revision to compare with (e.g. HEAD, main~5)")
    ap.add_argument("paths", nargs="+", help="files or directories (relative paths are taken from this tree)")
    args = ap.parse_args()
    paths = [str(Path(p).resolve()) for p in args.paths]
    with tempfile.TemporaryDirectory(prefix="jiaodui-same-") as tmp:
        base = Path(tmp) / "base"
        subprocess.run(["git", "worktree", "add", "--detach", str(base), args.base], cwd=ROOT, check=True,
                       capture_output=True)
        try:
            config = os.path.join(tmp, "empty.toml")
            Path(config).write_text("", encoding="utf-8")
            # Paths inside this tree are checked in the base tree's copy of them.  The base runs
            # the pure-Python kernels: its C extension is not built in the worktree, and an
            # editable install's import finder would hand it this tree's (tests/test_kernels.py
            # checks that both kernels give the same findings).
            base_env = {**os.environ, "JIAODUI_PURE_PYTHON": "1"}
            old = findings(base, [p.replace(str(ROOT), str(base), 1) for p in paths], config, base_env)
            new = findings(ROOT, paths, config)
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(base)], cwd=ROOT, capture_output=True)
    missing, extra = old - new, new - old
    print(f"{args.base}: {sum(old.values())} findings, this tree: {sum(new.values())}; "
          f"missing {sum(missing.values())}, extra {sum(extra.values())}")
    for k in list(missing)[:10]:
        print("  - " + k[:300])
    for k in list(extra)[:10]:
        print("  + " + k[:300])
    sys.exit(1 if missing or extra else 0)


if __name__ == "__main__":
    main()
