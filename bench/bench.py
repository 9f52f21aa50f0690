#!/usr/bin/env python3
"""jiaodui benchmark: throughput, start-up, scaling and peak memory.  Prints figures; asserts nothing.

    python3 bench/bench.py                       # inputs generated from the repo's fixtures
    python3 bench/bench.py --corpus ../shared/corpus --mb 10
    python3 bench/bench.py --per-rule            # also seconds per rule on the throughput input
    python3 bench/bench.py --memory-mb 100       # also the 100 MB peak-memory run (slow)
    JIAODUI_PURE_PYTHON=1 python3 bench/bench.py # without the compiled kernels (lint/kernels.py)

Inputs are built reproducibly (seeded runs of whole documents from the fixtures, or from a
corpus directory given on the command line); nothing is downloaded.  Throughput is measured
in-process on one core (all default rules, text and Markdown files, one file at a time);
start-up is the wall time of a fresh ``python -m lint check`` on one page, interpreter start
included.
"""
from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SEED = ROOT / "fixtures" / "seed" / "000_fb18030615153122.txt"


def documents(sources: list[Path]) -> tuple[list[str], list[str]]:
    """Whole plain-text and Markdown documents (decodable as UTF-8) of ``sources``."""
    txt, md = [], []
    for p in sources:
        try:
            text = p.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        if not text.strip():
            continue
        if p.suffix in (".md", ".markdown"):
            md.append(text.strip("\n"))
            # Its prose paragraphs (those without markup), in order, also make a plain-text
            # document, so a corpus of Markdown files does not leave the text half to a few files.
            prose = [x for x in text.split("\n\n")
                     if x.strip() and not re.search(r"[`#*_<>\[\]|:]|^\s*[-+>]|^\s*\d+\.", x)]
            if prose:
                txt.append("\n\n".join(prose))
        else:
            txt.append(text.strip("\n"))
    return txt, md


def build_inputs(out: Path, total_chars: int, txt: list[str], md: list[str], file_chars: int = 200_000,
                 seed: int = 42) -> list[Path]:
    """Files of about ``file_chars`` characters each, alternating text and Markdown, each a run of
    whole documents in a seeded random order, no document twice in a file (unless the pool is
    smaller than a file).

    Whole documents keep their real structure: numbering, lists and paragraphs as written.  Earlier
    versions drew single paragraphs with replacement, which broke every numbered list (15,000
    numbering findings per 4 M chars) and repeated hundreds of paragraphs per file (5,000
    duplicate-paragraph findings): a load no real archive has.
    """
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    orders: dict[int, list[str]] = {}
    files, made, n = [], 0, 0
    while made < total_chars:
        pool = md if (n % 2 and md) else txt or md
        chunk, size = [], 0
        while size < min(file_chars, total_chars - made):
            order = orders.setdefault(id(pool), [])
            if not order:  # a new pass; documents already in this file go last (pop takes the end)
                fresh, used = rng.sample(pool, len(pool)), {id(d) for d in chunk}
                order.extend([d for d in fresh if id(d) in used] + [d for d in fresh if id(d) not in used])
            doc = order.pop()
            chunk.append(doc)
            size += len(doc) + 2
        path = out / f"doc{n:04d}{'.md' if pool is md else '.txt'}"
        path.write_text("\n\n".join(chunk) + "\n", encoding="utf-8")
        files.append(path)
        made += size
        n += 1
    return files


def lint_files(files: list[Path]) -> tuple[int, int, float]:
    """(characters, findings, seconds) for checking ``files`` in-process, one at a time."""
    from lint.config import Settings
    from lint.engine import Linter
    from lint.readers import read_path
    from lint.registry import default_registry

    linter = Linter(default_registry(), Settings(root=str(ROOT)))
    chars = findings = 0
    # Warm-up: load lazily imported resources (segmenter, OpenCC, automata) outside the timing.
    linter.lint(read_path(str(SEED)))
    t0 = time.perf_counter()
    for f in files:
        doc = read_path(str(f))
        chars += len(doc.text)
        findings += len(linter.lint(doc))
    return chars, findings, time.perf_counter() - t0


def seconds_per_rule(files: list[Path]) -> dict[str, float]:
    """In-process seconds spent reading ``files`` and in each default rule's check (the rules
    run one after another over each document, as the engine runs them)."""
    from lint.config import Settings
    from lint.engine import Linter
    from lint.readers import read_path
    from lint.registry import default_registry

    linter = Linter(default_registry(), Settings(root=str(ROOT)))
    linter.lint(read_path(str(SEED)))  # warm-up, as in lint_files
    spent: dict[str, float] = {"(reading)": 0.0}
    for f in files:
        t0 = time.perf_counter()
        doc = read_path(str(f))
        spent["(reading)"] += time.perf_counter() - t0
        for rule in linter.rules_for(doc.path):
            t0 = time.perf_counter()
            for _ in rule.check(doc, linter.context(rule)):
                pass
            spent[rule.name] = spent.get(rule.name, 0.0) + time.perf_counter() - t0
    return dict(sorted(spent.items(), key=lambda kv: -kv[1]))


def wall(cmd: list[str], runs: int, env: dict[str, str] | None = None) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT, env=env)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def peak_rss_mb(cmd: list[str]) -> float:
    """Peak resident memory of ``cmd``, in MB, measured from a fresh wrapper process so that
    earlier children do not count (Linux ru_maxrss is in KB)."""
    probe = ("import resource, subprocess, sys; "
             "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL); "
             "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    out = subprocess.run([sys.executable, "-c", probe, *cmd], capture_output=True, text=True, cwd=ROOT)
    return int(out.stdout.strip() or 0) / 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, help="directory of .txt/.md files to build inputs from")
    ap.add_argument("--mb", type=float, default=10, help="size of the throughput input, in millions of characters")
    ap.add_argument("--runs", type=int, default=7, help="start-up runs (median)")
    ap.add_argument("--scaling", default="1,2,4,8,16", help="sizes (millions of characters) for the scaling run")
    ap.add_argument("--memory-mb", type=float, default=0, help="also measure peak memory on this many MB of UTF-8 input (e.g. 100)")
    ap.add_argument("--jobs", type=int, default=2, help="-j for the multi-process CLI run")
    ap.add_argument("--per-rule", action="store_true", help="also print seconds per rule on the throughput input")
    args = ap.parse_args()
    from lint import kernels

    # JIAODUI_PURE_PYTHON=1 measures the pure-Python kernels (as without a C compiler).
    print(f"kernels: {kernels.describe()}")

    sources = sorted(p for p in (args.corpus or ROOT / "fixtures").rglob("*") if p.suffix in (".txt", ".md"))
    txt, md = documents(sources + [SEED])
    py = sys.executable
    with tempfile.TemporaryDirectory(prefix="jiaodui-bench-") as tmp:
        tmp = Path(tmp)
        print(f"inputs from: {args.corpus or 'fixtures/'} ({len(txt)} text, {len(md)} Markdown documents)")

        # Start-up: one page, all default rules, fresh interpreter.  Measured as an installed
        # package runs: with bytecode caches (written to a temporary prefix, not the checkout),
        # even when the environment sets PYTHONDONTWRITEBYTECODE.
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["PYTHONPYCACHEPREFIX"] = str(tmp / "pycache")
        page_chars = len(SEED.read_text(encoding="utf-8"))
        page = [py, "-m", "lint", "check", "-q", str(SEED)]
        wall(page, 1, env)  # writes the bytecode caches
        t_help = wall([py, "-m", "lint", "--help"], args.runs, env)
        t_version = wall([py, "-m", "lint", "--version"], args.runs, env)
        t_page = wall(page, args.runs, env)
        print(f"start-up: --help {t_help * 1000:.0f} ms, --version {t_version * 1000:.0f} ms, "
              f"check one page ({page_chars:,} chars) {t_page * 1000:.0f} ms  [target <= 150 ms]")
        if os.environ.get("PYTHONDONTWRITEBYTECODE"):
            t_cold = wall(page, args.runs)
            print(f"start-up without bytecode caches (PYTHONDONTWRITEBYTECODE is set here): "
                  f"check one page {t_cold * 1000:.0f} ms")

        # Throughput, one core, in-process.
        files = build_inputs(tmp / "throughput", int(args.mb * 1_000_000), txt, md)
        chars, findings, secs = lint_files(files)
        print(f"throughput: {chars:,} chars in {len(files)} files, {secs:.2f} s, "
              f"{chars / secs / 1e6:.2f} M chars/s on one core, {findings:,} findings  [target >= 2 M chars/s]")

        if args.per_rule:
            for name, secs in seconds_per_rule(files).items():
                print(f"  {name:<22} {secs:6.3f} s")

        # CLI with -j (when the CLI supports it).
        t_serial = wall([py, "-m", "lint", "check", "-q", str(tmp / "throughput")], 1)
        probe = subprocess.run([py, "-m", "lint", "check", "--help"], capture_output=True, text=True, cwd=ROOT)
        if "--jobs" in probe.stdout:
            t_par = wall([py, "-m", "lint", "check", "-q", "-j", str(args.jobs), str(tmp / "throughput")], 1)
            print(f"CLI: serial {t_serial:.2f} s, -j {args.jobs} {t_par:.2f} s (x{t_serial / t_par:.2f})")
        else:
            print(f"CLI: serial {t_serial:.2f} s (no -j option in this build)")

        # Scaling: time per doubling.
        sizes = [float(s) for s in args.scaling.split(",")]
        prev = None
        for size in sizes:
            fs = build_inputs(tmp / f"scale{size}", int(size * 1_000_000), txt, md)
            c, _, s = lint_files(fs)
            ratio = f", x{s / prev:.2f} vs previous" if prev else ""
            print(f"scaling: {c / 1e6:5.1f} M chars {s:7.2f} s{ratio}  [target <= 2.3 per doubling]")
            prev = s

        if args.memory_mb:
            # The target is for megabytes of input (UTF-8 files), not millions of characters.
            pool = "".join(txt + md)
            chars = int(args.memory_mb * 1_000_000 * len(pool) / len(pool.encode("utf-8")))
            big = build_inputs(tmp / "memory", chars, txt, md)
            size = sum(f.stat().st_size for f in big) / 1e6
            rss = peak_rss_mb([py, "-m", "lint", "check", "-q", str(tmp / "memory")])
            print(f"memory: peak RSS {rss:.0f} MB on {size:.0f} MB ({chars / 1e6:.0f} M chars) in {len(big)} files"
                  f"  [target <= 300 MB]")


if __name__ == "__main__":
    main()
