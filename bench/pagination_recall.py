#!/usr/bin/env python3
"""Recall and false joins of broken-paragraph (ZH302) and page-marker (ZH301) on synthetic
print-extracted pages.  Prints figures; asserts nothing.

    python bench/pagination_recall.py                          # corpus ../shared/corpus, 300 pages, seed 1
    python bench/pagination_recall.py --pages 500 --seed 7 --show 5
    python bench/pagination_recall.py --seed-only                 # news prose of the seed page only

Pages are built reproducibly (seeded) like the seed page: paragraphs separated by blank lines,
taken from the corpus (laws and case summaries, Markdown headings, lists, code and HTML dropped)
and from the seed's own intact paragraphs, mixed with
  (a) paragraphs split in two at a column break: in the middle of a word, at a word boundary,
      after a comma, after other punctuation, or elsewhere (before a mark, next to a digit);
  (b) jump markers （上接第三版） glued to a paragraph's start or end, or on a line of their own;
  (c) headings (numbered, short and long unnumbered, headlines with a comma or space, 专栏N
      titles), captions and bylines, none of which may be joined to the next paragraph.
Pages are flush (like the seed), indented (paragraphs start with 　　, continuations flush) or
indented throughout (the extractor indented the continuation too).
"""
from __future__ import annotations

import argparse
import random
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SEED = ROOT / "fixtures" / "seed" / "000_fb18030615153122.txt"
HAN = re.compile(r"[\u4e00-\u9fff]")
TERM = "。！？!?…”’」』）)》〉】；;：:"


def clean_inline(s: str) -> str:
    s = re.sub(r"\*\*|__|`|<[^>]+>", "", s)
    s = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", s)
    return s.strip()


def corpus_material(corpus: Path) -> tuple[list[str], list[str]]:
    """(paragraphs, headings) of the corpus's laws and case summaries."""
    paras, heads = [], []
    for p in sorted((corpus / "lawrefbook-laws").rglob("*.md")):
        text = p.read_text(encoding="utf-8", errors="replace")
        text = re.sub(r"```.*?```", "", text, flags=re.S)
        for block in re.split(r"\n\s*\n", text):
            block = block.strip()
            if not block or block.startswith(("<!--", "|", ">", "    ", "\t")):
                continue
            if block.startswith("#"):
                h = clean_inline(block.lstrip("#"))
                if "\n" not in h and 4 <= len(h) <= 40 and "。" not in h and HAN.search(h):
                    heads.append(h)
                continue
            if re.match(r"\A(?:[-*+]\s|\d+[.)]\s)", block):
                continue  # a list
            s = clean_inline(block.replace("\n", ""))
            han = len(HAN.findall(s))
            if 40 <= len(s) <= 600 and s[-1] in "。！？" and han * 10 >= 6 * len(s):
                # Most held-out pages are news, not statutes: drop most article numbers.
                if len(s) % 4:
                    s = re.sub(r"\A第[〇零一二三四五六七八九十百千]+条[\s\u3000]*", "", s)
                paras.append(s)
    return paras, heads


def seed_material() -> tuple[list[str], list[str]]:
    from lint.readers import read_path

    doc = read_path(str(SEED))
    paras, heads = [], []
    for b in doc.blocks_of():
        s = doc.text[b.start:b.end].strip()
        if b.kind == "heading":
            if "版）" not in s:  # the seed's own jump marker is not a heading
                heads.append(s)
        elif s[-1:] in "。！？" and "版）" not in s and len(s) >= 40:
            paras.append(s)
    return paras, heads


# --------------------------------------------------------------------------- splits

def split_kinds(p: str) -> dict[str, list[int]]:
    """Candidate split positions of ``p`` by kind (never right after a sentence end)."""
    from lint import nlp

    bounds: set[int] = set()
    inner: set[int] = set()
    for _tok, s, e in nlp.tokenize(p):
        bounds.add(s)
        for k in range(s + 1, e):
            inner.add(k)
    out: dict[str, list[int]] = defaultdict(list)
    for i in range(2, len(p) - 2):
        a, b = p[i - 1], p[i]
        if a in TERM or a.isspace() or b.isspace():
            continue  # a break after a sentence end or at a space is no evidence of anything
        if a in "，,":
            out["after_comma"].append(i)
        elif not HAN.match(a) and not a.isalnum():
            out["after_punct"].append(i)  # 、 “ 《 （ ...
        elif HAN.match(a) and HAN.match(b):
            out["mid_word" if i in inner else "word_boundary"].append(i)
        else:
            out["other"].append(i)  # before a mark, next to a digit or Latin letter
    return out


KINDS = ("mid_word", "word_boundary", "after_comma", "after_punct", "other")

# --------------------------------------------------------------------------- markers, headings

CN = "一二三四五六七八九十"


def marker(rng: random.Random) -> str:
    n = rng.randint(1, 16)
    num = rng.choice([str(n), f"{n:02d}", str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９")),
                      (CN[n - 1] if n <= 10 else "十" + CN[n - 11])])
    page = rng.choice([f"第{num}版", f"{num}版", f"第{rng.choice('ABC')}{n}版", f"{rng.choice('ABC')}{n:02d}版",
                       f"第 {num} 版"])
    verb = rng.choice(["上接", "下转", "转", "接", "紧接", "续接"])
    return rng.choice(["（{}{}）", "（{}{}）", "({}{})", "（ {}{} ）", "{}{}"]).format(verb, page)


def heading(rng: random.Random, heads: list[str], paras: list[str]) -> tuple[str, str]:
    kind = rng.choice(["numbered", "short", "long", "headline", "box"])
    if kind == "numbered":
        base = rng.choice([h for h in heads if len(h) <= 20] or heads)
        base = re.sub(r"\A(?:第[^\s　]+[章节编条]|[（(][^）)]+[）)]|[一二三四五六七八九十]+、)\s*", "", base) or base
        mark = rng.choice(["一、", "二、", "（三）", "（四）", "3.", "2．", "第二章 ", "第五节 ", "（1）"])
        return kind, mark + base
    if kind == "short":
        cands = [h for h in heads if len(h) <= 20 and not re.match(r"\A第|[（(一二三四五六七八九十]", h)]
        return kind, rng.choice(cands or heads)
    if kind == "long":
        cands = [h for h in heads if 21 <= len(h) <= 40]
        if cands and rng.random() < 0.5:
            return kind, rng.choice(cands)
        # A clause of running text as a long headline.
        p = rng.choice(paras)
        clause = re.split(r"[，,。；;：:、]", p)[0]
        return kind, clause[:36] if len(clause) >= 21 else rng.choice(cands or heads)
    if kind == "headline":
        p = rng.choice(paras)
        parts = [c for c in re.split(r"[，,。；;：:、]", p) if 4 <= len(c) <= 12]
        if len(parts) >= 2:
            return kind, parts[0] + rng.choice(["，", " ", "　"]) + parts[1]
        return kind, rng.choice(heads)
    topic = rng.choice([h for h in heads if len(h) <= 16] or heads)
    topic = re.sub(r"\A(?:第[^\s　]+[章节编条]|[（(][^）)]+[）)]|[一二三四五六七八九十]+、)\s*", "", topic) or topic
    return kind, rng.choice(["专栏{} {}", "专栏{}　{}", "专栏{}：{}"]).format(rng.choice(["1", "2", "3", "二"]), topic)


NAMES = ["张伟", "李娜", "王芳", "刘洋", "陈静", "赵磊", "孙悦", "周杰"]


def furniture_negative(rng: random.Random) -> tuple[str, str]:
    kind = rng.choice(["caption", "byline"])
    if kind == "caption":
        return kind, rng.choice(["图为", "图："]) + rng.choice(["村民在田间查看作物长势", "工人在生产线上作业",
                                                             "游客在景区参观"]) + "。　" + rng.choice(NAMES) + "摄"
    return kind, rng.choice(["本报记者　", "本报记者 ", "记者 "]) + rng.choice(NAMES)


# --------------------------------------------------------------------------- pages

class Page:
    def __init__(self, indent: str) -> None:
        self.parts: list[str] = []
        self.after: list[str] = []  # label of the boundary after each part
        self.markers: list[tuple[int, int, str]] = []
        self.indent = indent  # flush | indent | indent_all

    def add(self, text: str, label: str, *, para: bool = True, continuation: bool = False) -> None:
        if para and (self.indent == "indent_all" or (self.indent == "indent" and not continuation)):
            text = "\u3000\u3000" + text
        self.parts.append(text)
        self.after.append(label)

    def render(self) -> tuple[str, dict[int, str]]:
        """The text and {offset of a part's end: label of the boundary after it}."""
        out, ends, pos = [], {}, 0
        for i, (p, lab) in enumerate(zip(self.parts, self.after)):
            out.append(p)
            pos += len(p)
            if i < len(self.parts) - 1:
                ends[pos - (len(p) - len(p.rstrip()))] = lab
                out.append("\n\n")
                pos += 2
        return "".join(out) + "\n", ends


def build_page(rng: random.Random, paras: list[str], heads: list[str], n_items: int = 16):
    page = Page(rng.choices(["flush", "indent", "indent_all"], [0.6, 0.25, 0.15])[0])
    markers: list[tuple[str, str]] = []  # (marker text, placement)
    splits: list[tuple[str, int, int]] = []  # (kind, first fragment length, second length)
    for _ in range(n_items):
        r = rng.random()
        p = rng.choice(paras)
        if r < 0.35:
            page.add(p, "intact")
        elif r < 0.65:
            cands = split_kinds(p)
            kind = rng.choice([k for k in KINDS if cands.get(k)])
            i = rng.choice(cands[kind])
            page.add(p[:i], f"split:{kind}:{i}:{len(p) - i}")
            page.add(p[i:], "intact", continuation=True)
            splits.append((kind, i, len(p) - i))
        elif r < 0.83:
            hk, h = heading(rng, heads, paras)
            page.add(h, f"heading:{hk}", para=False)
            page.add(p, "intact")
        elif r < 0.93:
            m = marker(rng)
            where = rng.choice(["start", "end", "line"])
            if where == "start":
                page.add(m + p, "intact")
            elif where == "end":
                page.add(p + m, "intact")
            else:
                page.add(m, "marker", para=False)
                page.add(p, "intact")
            markers.append((m, where))
        else:
            fk, f = furniture_negative(rng)
            if fk == "caption":
                page.add(f, "caption", para=False)
                page.add(p, "intact")
            else:
                page.add(p, "intact")
                page.add(f, "byline", para=False)
    return page, markers


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus"))
    ap.add_argument("--pages", type=int, default=300)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--seed-only", action="store_true", help="only the seed's paragraphs and headings (news prose)")
    ap.add_argument("--show", type=int, default=0, help="print this many examples of each miss / false join")
    args = ap.parse_args()

    from lint.config import Settings
    from lint.engine import Linter
    from lint.readers import parse
    from lint.registry import default_registry

    cp, ch = ([], []) if args.seed_only else corpus_material(Path(args.corpus))
    if not args.seed_only and not cp:
        sys.exit(f"no corpus paragraphs under {args.corpus}")
    sp, sh = seed_material()
    paras, heads = cp + sp * 3, ch + sh * 3
    registry = default_registry()
    linter = Linter(registry, Settings(root=str(ROOT)), registry.select(["broken-paragraph", "page-marker"]))
    rng = random.Random(args.seed)

    found = Counter()
    total = Counter()
    examples: dict[str, list[str]] = defaultdict(list)
    stray = 0
    m_total, m_found, m_false = Counter(), Counter(), 0
    safe = 0
    for _ in range(args.pages):
        page, markers = build_page(rng, paras, heads)
        text, ends = page.render()
        doc = parse("page.txt", text)
        findings = linter.lint(doc)
        joined = {}
        for f in findings:
            if f.rule.code == "ZH302":
                if f.end in ends:
                    joined[f.end] = f
                else:
                    stray += 1
                    examples["stray"].append(text[max(0, f.start - 30):f.end + 30])
        for off, lab in ends.items():
            parts = lab.split(":")
            key = parts[0] if parts[0] != "split" else f"split:{parts[1]}"
            keys = [key, f"{key}@{page.indent}"]
            if parts[0] == "split":
                keys.append("split:short_first" if int(parts[2]) <= 25 else "split:long_first")
                if int(parts[3]) <= 25:
                    keys.append("split:short_second")
            for k in keys:
                total[k] += 1
                found[k] += off in joined
            if off in joined and parts[0] == "split" and joined[off].fix.applicability.value == "safe":
                safe += 1
            hit = off in joined
            if hit != (parts[0] == "split"):
                i = text.rfind("\n\n", 0, off) + 2
                j = text.find("\n\n", off + 2)
                examples[key].append(f"{text[max(i, off - 40):off]}⏎⏎{text[off + 2:min(j if j > 0 else len(text), off + 42)]}")
        # page-marker recall: a ZH301 finding covering exactly the marker
        spans = {(f.start, f.end) for f in findings if f.rule.code == "ZH301"}
        pos = 0
        got = set()
        for m, where in markers:
            k = text.find(m, pos)
            m_total[where] += 1
            if (k, k + len(m)) in spans:
                m_found[where] += 1
                got.add((k, k + len(m)))
            else:
                examples[f"marker:{where}"].append(text[max(0, k - 20):k + len(m) + 20])
            pos = k + len(m)
        m_false += len(spans - got)

    def row(k: str) -> str:
        return f"{found[k]:5d}/{total[k]:<5d} {100 * found[k] / max(1, total[k]):5.1f}%"

    print(f"pages {args.pages}, seed {args.seed}, corpus paragraphs {len(cp)}, headings {len(ch)}")
    print("\nbroken-paragraph RECALL (joined / true breaks)")
    for k in KINDS:
        print(f"  {k:16s} {row('split:' + k)}")
    for k in ("split:short_first", "split:long_first", "split:short_second"):
        print(f"  {k[6:]:16s} {row(k)}")
    for style in ("flush", "indent", "indent_all"):
        tk = [k for k in total if k.startswith("split:") and k.endswith("@" + style)]
        f_, t_ = sum(found[k] for k in tk), sum(total[k] for k in tk)
        print(f"  @{style:15s} {f_:5d}/{t_:<5d} {100 * f_ / max(1, t_):5.1f}%")
    all_s = sum(total["split:" + k] for k in KINDS)
    hit_s = sum(found["split:" + k] for k in KINDS)
    print(f"  {'ALL':16s} {hit_s:5d}/{all_s:<5d} {100 * hit_s / max(1, all_s):5.1f}%   (safe fix on {safe})")
    print("\nFALSE JOINS (joined / boundaries that must stay)")
    neg = [k for k in sorted(total) if not k.startswith("split") and "@" not in k]
    for k in neg:
        print(f"  {k:24s} {row(k)}")
    fj = sum(found[k] for k in neg)
    print(f"  stray findings (not at a boundary) {stray}")
    print(f"  precision {100 * hit_s / max(1, hit_s + fj + stray):.2f}%  ({fj + stray} false of {hit_s + fj + stray})")
    print("\npage-marker RECALL")
    for w in ("start", "end", "line"):
        print(f"  {w:6s} {m_found[w]:4d}/{m_total[w]:<4d} {100 * m_found[w] / max(1, m_total[w]):5.1f}%")
    print(f"  other ZH301 findings {m_false}")
    if args.show:
        for k, ex in sorted(examples.items()):
            print(f"\n== {k} ({len(ex)})")
            for e in ex[:args.show]:
                print("   ", e.replace("\n", "⏎"))


if __name__ == "__main__":
    main()
