#!/usr/bin/env python3
"""duplicate-paragraph (ZH201) scaling: the duplicate search must not compare every pair.

    python3 bench/bench_duplicates.py            # 5k-50k paragraphs in one document; 10-100 files of 500
    python3 bench/bench_duplicates.py --quick    # smaller sizes

Paragraphs are generated reproducibly from a Zipf-distributed vocabulary of common characters,
so that 3-grams recur across paragraphs as in real prose (the hard case for pruning).  About 1%
of them are planted exact copies and 1% near copies (1-5 changed characters).  For each size it
prints the wall time of the whole rule, the pairs an all-pairs search would compare, the
candidate pairs the prefix index produced, the pairs actually compared with rapidfuzz, the exact
copies (found by hashing, never compared), and the findings against the planted copies that
reach the threshold (a few more findings than planted: random paragraphs can collide).
Asserts nothing.
"""
from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lint.config import Settings  # noqa: E402
from lint.engine import Linter  # noqa: E402
from lint.readers import parse  # noqa: E402
from lint.registry import default_registry  # noqa: E402
from rules import repetition  # noqa: E402

COMMON = ("的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种"
          "面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去"
          "把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但"
          "质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式"
          "活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回")


def vocabulary(rng: random.Random, size: int = 6000) -> list[str]:
    words = set()
    while len(words) < size:
        words.add("".join(rng.choice(COMMON) for _ in range(rng.choice((1, 2, 2, 2, 3, 4)))))
    return sorted(words)


def paragraph(rng: random.Random, vocab: list[str], weights: list[float]) -> str:
    out = []
    for _ in range(rng.randrange(2, 6)):
        words = rng.choices(vocab, weights, k=rng.randrange(8, 20))
        out.append("".join(words) + (rng.choice("，。；") if len(out) < 4 else "。"))
    return "".join(out).rstrip("，；") + "。"


def mutate(rng: random.Random, text: str) -> str:
    chars = list(text)
    for _ in range(rng.randrange(1, 6)):
        i = rng.randrange(len(chars) - 1)
        chars[i] = rng.choice(COMMON)
    return "".join(chars)


def corpus(rng: random.Random, n: int) -> tuple[list[str], int]:
    """``n`` paragraphs with ~1% exact and ~1% near copies; returns them and the number of planted
    copies similar enough to be reported at the default threshold (95)."""
    from rapidfuzz.fuzz import ratio

    vocab = vocabulary(rng)
    weights = [1.0 / (k + 1) for k in range(len(vocab))]
    paras: list[str] = []
    planted = 0
    for _ in range(n):
        r = rng.random()
        if paras and r < 0.01:
            paras.append(rng.choice(paras))
            planted += 1
        elif paras and r < 0.02:
            source = rng.choice(paras)
            paras.append(mutate(rng, source))
            planted += ratio(source, paras[-1]) >= 95
        else:
            paras.append(paragraph(rng, vocab, weights))
    return paras, planted


def stats_for(docs) -> repetition.JoinStats:
    """The join's counters for the same input the rule sees."""
    stats = repetition.JoinStats()
    items = [(n, norm) for doc in docs for _, norm, n in repetition._eligible(doc, 20)]
    repetition.find_duplicates([norm for _, norm in items], 95.0, stats, fuzzy=[n >= 40 for n, _ in items])
    return stats


def report(label: str, n: int, planted: int, seconds: float, stats: repetition.JoinStats, found: int) -> None:
    all_pairs = n * (n - 1) // 2
    print(f"{label:<28} {n:>7} {seconds:>8.2f}s {all_pairs:>14,} {stats.candidate_pairs:>12,} "
          f"{stats.compared_pairs:>10,} {stats.exact_pairs:>7,} {found:>6}/{planted:<6}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="smaller sizes (a few seconds)")
    args = ap.parse_args()
    reg = default_registry()
    rule = reg.get("duplicate-paragraph")
    linter = Linter(reg, Settings(), [rule])
    ctx = linter.context(rule)
    rng = random.Random(20261129)

    print(f"{'input':<28} {'paras':>7} {'time':>9} {'all pairs':>14} {'candidates':>12} "
          f"{'compared':>10} {'exact':>7} {'found/planted'}")
    # One document, growing: the time per doubling of paragraphs (target <= 2.3, issue 9).
    sizes = (500, 1000, 2000) if args.quick else (5000, 10000, 20000, 50000)
    previous = None
    for n in sizes:
        paras, planted = corpus(rng, n)
        doc = parse("bench.txt", "\n\n".join(paras) + "\n")
        t0 = time.perf_counter()
        found = sum(1 for _ in rule.check(doc, ctx))
        seconds = time.perf_counter() - t0
        report("one document", n, planted, seconds, stats_for([doc]), found)
        if previous:
            print(f"  x{_per_doubling(previous, (n, seconds)):.2f} per doubling of paragraphs")
        previous = (n, seconds)

    # Files of 500 paragraphs, growing in number: per-file checks plus the cross-file check.
    counts = (2, 4, 10) if args.quick else (10, 20, 40, 100)
    previous = None
    for files in counts:
        per_file_size = 500
        paras, planted = corpus(rng, files * per_file_size)
        docs = [parse(f"f{k:03d}.txt", "\n\n".join(paras[k * per_file_size:(k + 1) * per_file_size]) + "\n")
                for k in range(files)]
        t0 = time.perf_counter()
        per_file = sum(1 for d in docs for _ in rule.check(d, ctx))
        t1 = time.perf_counter()
        cross = sum(1 for _ in rule.check_project(docs, ctx))
        t2 = time.perf_counter()
        print(f"  {files} per-file checks: {t1 - t0:.2f}s, {per_file} findings; cross-file check: {t2 - t1:.2f}s, "
              f"{cross} findings")
        n = files * per_file_size
        report(f"{files} files (per-file+cross)", n, planted, t2 - t0, stats_for(docs), per_file + cross)
        if previous:
            print(f"  x{_per_doubling(previous, (n, t2 - t0)):.2f} per doubling of paragraphs")
        previous = (n, t2 - t0)


def _per_doubling(before: tuple[int, float], after: tuple[int, float]) -> float:
    """How much the time grows per doubling of the input between two (size, seconds) runs."""
    import math

    return (after[1] / before[1]) ** (math.log(2) / math.log(after[0] / before[0]))


if __name__ == "__main__":
    main()
