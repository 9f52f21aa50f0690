#!/usr/bin/env python3
"""The 100 MB hostile-input check (too slow for the unit suite, which runs 1 MB lines and 4 MB
files): a generated 100 MB CRLF file and a 100 MB GB18030 file through ``python -m lint check``
with every rule.  Prints wall time and peak memory; exits 1 if the run fails or the planted
page marker on the last line is not reported at the right line and column.

    python3 bench/large_input.py [--mb 100]
"""
from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "fixtures" / "seed" / "000_fb18030615153122.txt"
MARKER = "（下转第十一版）"


def make(path: Path, mb: int, encoding: str, newline: str) -> tuple[int, int]:
    """Write ~``mb`` MB of the seed's paragraphs; return the (line, column) of the planted marker."""
    paras = [p.strip() for p in SEED.read_text(encoding="utf-8").split("\n") if p.strip()]
    block = newline.join(paras) + newline
    chunk = block.encode(encoding, errors="replace")
    repeats = mb * 1_000_000 // len(chunk) + 1
    with open(path, "wb") as fh:
        for _ in range(repeats):
            fh.write(chunk)
        fh.write(("尾段文字。" + MARKER + newline).encode(encoding))
    return repeats * len(paras) + 1, 6


def run(path: Path, where: tuple[int, int]) -> bool:
    t0 = time.time()
    proc = subprocess.run([sys.executable, "-m", "lint", "check", "--format", "json", str(path)],
                          capture_output=True, cwd=ROOT)
    wall = time.time() - t0
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    if proc.returncode not in (0, 1):
        print(f"{path.name}: exit {proc.returncode}: {proc.stderr.decode(errors='replace')[-2000:]}")
        return False
    items = json.loads(proc.stdout)
    ok = any((i["line"], i["column"]) == where and i["code"] == "ZH301" for i in items)
    print(f"{path.name}: {path.stat().st_size / 1e6:.0f} MB, {len(items)} findings, {wall:.1f} s, "
          f"peak RSS {peak:.0f} MB, marker at {where}: {'found' if ok else 'MISSING'}")
    return ok


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=int, default=100)
    args = ap.parse_args()
    ok = True
    with tempfile.TemporaryDirectory() as d:
        for name, encoding, newline in (("crlf.txt", "utf-8", "\r\n"), ("gb18030.txt", "gb18030", "\n")):
            path = Path(d) / name
            where = make(path, args.mb, encoding, newline)
            ok &= run(path, where)
            path.unlink()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
