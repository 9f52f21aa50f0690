"""Fuzz target for the readers and the whole pipeline:
bytes -> decode -> parse (plain text or Markdown) -> every rule -> fixes -> encode.

The only acceptable failure is an InputError (a file that cannot be decoded, a fix that cannot
be encoded); anything else, or a broken invariant, is a bug.

    python tests/fuzz_pipeline.py                   # hypothesis, 2000 examples
    python tests/fuzz_pipeline.py --examples 50000
    python tests/fuzz_pipeline.py --atheris [libFuzzer options]   # when atheris is installed

test_hostile.py runs a short bounded hypothesis run in CI.
"""
from __future__ import annotations

import codecs
import functools
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from lint.document import MASK  # noqa: E402
from lint.errors import InputError  # noqa: E402

SUFFIXES = (".txt", ".md")
ENCODINGS = (None, None, None, "gb18030", "big5", "utf-16-le", "utf-8")


@functools.cache
def _linter():
    from harness import linter_for

    return linter_for()


def one_input(data: bytes) -> None:
    """Run the pipeline on ``data``; the first byte chooses the reader and --encoding."""
    from lint.fixer import encode, fix_document
    from lint.readers import read_bytes

    if not data:
        return
    selector, data = data[0], data[1:]
    path = "fuzz" + SUFFIXES[selector & 1]
    encoding = ENCODINGS[(selector >> 1) % len(ENCODINGS)]
    try:
        doc = read_bytes(path, data, encoding)
    except InputError:
        return
    text = doc.text
    for b in doc.blocks:
        assert 0 <= b.start <= b.end <= len(text) and len(b.prose) == b.end - b.start
        assert all(p == c or p == MASK for p, c in zip(b.prose, text[b.start:b.end]))
    lint = _linter().lint
    for f in lint(doc):
        assert 0 <= f.start <= f.end <= len(text), f
        doc.lines.position(f.start)
    fixed, _, _ = fix_document(doc, lint, unsafe=bool(selector & 0x80))
    try:
        out = encode(fixed.text, doc.source)
    except UnicodeEncodeError:
        return  # write_atomic reports this as an InputError for the file
    if fixed.text == text:  # nothing fixed: writing back gives exactly the bytes read
        assert out == data, (doc.source, data[:80], out[:80])


def _inputs():
    """Raw bytes, and Chinese-like text encoded the ways editors' files arrive."""
    from hypothesis import strategies as st
    from test_properties import chinese_like

    boms = st.sampled_from([b"", b"", codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE])
    encoded = st.tuples(chinese_like, st.sampled_from(["utf-8", "gb18030", "big5", "utf-16-le", "utf-16-be"]),
                        st.sampled_from(["\n", "\r\n", "\r"])).map(
        lambda t: t[0].replace("\n", t[2]).encode(t[1], errors="replace"))
    text = st.tuples(boms, encoded).map(lambda t: t[0] + t[1])
    return st.tuples(st.integers(0, 255), st.one_of(st.binary(max_size=300), text, text)).map(
        lambda t: bytes([t[0]]) + t[1])


def run_hypothesis(max_examples: int) -> None:
    from hypothesis import HealthCheck, given, settings

    @settings(max_examples=max_examples, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(_inputs())
    def fuzz(data: bytes) -> None:
        one_input(data)

    fuzz()


def main(argv: list[str]) -> None:
    if argv[:1] == ["--atheris"]:
        import atheris  # optional: pip install atheris

        atheris.Setup([sys.argv[0], *argv[1:]], one_input)
        atheris.Fuzz()
        return
    examples = int(argv[argv.index("--examples") + 1]) if "--examples" in argv else 2000
    run_hypothesis(examples)
    print(f"fuzz_pipeline: {examples} examples, no failure")


if __name__ == "__main__":
    main(sys.argv[1:])
