"""Word segmentation for rules, which segment only short candidate spans.

The segmenter is rjieba (jieba-rs): the same dictionary and algorithm as jieba, at a fraction of
its import time.  But ``import rjieba`` still builds jieba's 349,045-word dictionary before the
first call, 80–95 ms on the 2-core dev machine: more than half of checking a page in a pre-commit
hook.  We avoid that cost exactly instead of approximately:

* jieba's segmentation of a span depends only on the dictionary words that occur inside the span
  and on the dictionary's total frequency (each word scores log(freq) − log(total)).
* ``lint/data/words.bin`` holds jieba's dictionary (words, frequencies, tags), bucketed by first
  character and compressed per bucket; a bucket is read the first time a span needs it.
* The extension is loaded without the rjieba package's module-level default instance, and
  segmentation runs on ``Jieba.empty()`` to which each span's dictionary words are added before
  it is cut.  A placeholder word (private-use characters, never in text) keeps the total frequency
  equal to the full dictionary's, so every route scores exactly as with the full dictionary.

tests/test_nlp.py checks cut/tokenize/tag/has_word against rjieba's own default instance on
thousands of spans.  If the extension cannot be loaded this way (a new rjieba layout) or the data
file is missing, the full ``import rjieba`` is used: slower, same results.  A long run (an
archive) that has read most of the buckets switches to rjieba's own dictionary, which is smaller
in memory than the buckets as Python objects.
"""
from __future__ import annotations

import os
import sys
import typing as t

WORDS_PATH = os.path.join(os.path.dirname(__file__), "data", "words.bin")
_MAGIC = b"JDW1"
# Never occurs in text: the Unicode private-use area.
_PLACEHOLDER = "\ue000\ue001"


class _Words:
    """jieba's dictionary from ``words.bin``, decompressed one first-character bucket at a time.

    Layout: magic, then a header line ``<buckets> <total frequency>``, the bucket characters as
    UTF-32-LE, their end offsets (``array('I')``), then the zlib-compressed buckets.  A bucket is
    its keys, one per line, a NUL, and their values, one per line: "freq tag" for a word, "" for a
    key that is only the beginning of longer words (so a scan can stop as soon as it leaves every
    word, as jieba's own prefix dictionary does).
    """

    def __init__(self, data: bytes) -> None:
        from array import array

        if not data.startswith(_MAGIC):
            raise ValueError(f"{WORDS_PATH}: not a word file")
        head_end = data.index(b"\n", len(_MAGIC))
        count, total = map(int, data[len(_MAGIC):head_end].split())
        pos = head_end + 1
        chars = data[pos:pos + 4 * count].decode("utf-32-le")
        pos += 4 * count
        ends = array("I")
        ends.frombytes(data[pos:pos + 4 * count])
        if sys.byteorder != "little":
            ends.byteswap()
        pos += 4 * count
        self._index = dict(zip(chars, range(count)))
        self._ends = ends
        self._base = pos
        self._data = data
        self._buckets: dict[str, dict[str, str]] = {}
        self.total = total

    @property
    def buckets_read(self) -> int:
        return len(self._buckets)

    def bucket(self, first: str) -> dict[str, str]:
        """Words and word beginnings starting with ``first``: word -> "freq tag", beginning -> ""."""
        got = self._buckets.get(first)
        if got is None:
            import zlib

            i = self._index.get(first)
            got = {}
            if i is not None:
                start = self._base + (self._ends[i - 1] if i else 0)
                text = zlib.decompress(self._data[start:self._base + self._ends[i]]).decode("utf-8")
                keys, values = text.split("\0")
                got = dict(zip(keys.split("\n"), values.split("\n")))
            self._buckets[first] = got
        return got

    def __contains__(self, word: str) -> bool:
        return bool(word) and bool(self.bucket(word[0]).get(word))


class _FullDictionary:
    """rjieba with its whole default dictionary: the fallback, and where a long run switches to."""

    kind = "full"

    def __init__(self, jieba: t.Any) -> None:
        self.jieba = jieba

    def for_text(self, text: str) -> t.Any:
        return self.jieba

    def has_word(self, word: str) -> bool:
        return self.jieba.has_word(word)


class _SpanSegmenter:
    """An empty rjieba instance that learns, before each call, the dictionary words of its input."""

    kind = "spans"
    # A long run (an archive) touches most buckets: all 11,772 take ~80 MB as Python objects,
    # rjieba's own dictionary ~34 MB and 85 ms once.  Past this many buckets (~20 MB; a 4 M-char
    # run reads ~900) we switch to it and free the buckets; same results either way.
    full_after_buckets = 1000

    def __init__(self, jieba_type: t.Any, words: _Words) -> None:
        self.jieba_type = jieba_type
        self.words = words
        self.jieba = jieba_type.empty()
        self.prepared: set[str] = set()  # spans already prepared (rules often segment a span twice)
        self.placeholder = words.total
        self.jieba.add_word(_PLACEHOLDER, self.placeholder, "x")

    def for_text(self, text: str) -> t.Any:
        """The instance to segment ``text`` with, holding every dictionary word inside it."""
        self.prepare(text)
        return self.jieba

    def outgrown(self) -> bool:
        return self.words.buckets_read > self.full_after_buckets

    def has_word(self, word: str) -> bool:
        return word in self.words

    def prepare(self, text: str) -> None:
        if text in self.prepared:
            return
        self.prepared.add(text)
        words, add, known = self.words, self.jieba.add_word, self.jieba.has_word
        added = 0
        n = len(text)
        for i in range(n):
            bucket = words.bucket(text[i])
            for j in range(i + 1, n + 1):
                w = text[i:j]
                entry = bucket.get(w)
                if entry is None:  # no word starts with w
                    break
                if entry and not known(w):
                    freq, tag = entry.split(" ")
                    added += add(w, int(freq), tag)  # add_word returns the frequency
        if added:
            # Keep the total equal to the full dictionary's (add_word adds each freq to it).
            self.placeholder -= added
            self.jieba.add_word(_PLACEHOLDER, self.placeholder, "x")


def _extension() -> t.Any:
    """rjieba's compiled module, loaded without running the package's ``__init__`` (which builds
    the full default dictionary).  It is registered under its usual name, so a later
    ``import rjieba`` reuses it instead of initialising the extension twice."""
    import importlib.machinery
    import importlib.util

    name = "rjieba.rjieba"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.find_spec("rjieba")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("rjieba is not installed")
    folder = spec.submodule_search_locations[0]
    for suffix in importlib.machinery.EXTENSION_SUFFIXES:
        path = os.path.join(folder, "rjieba" + suffix)
        if os.path.exists(path):
            break
    else:
        raise ImportError(f"no rjieba extension module in {folder}")
    ext_spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(ext_spec)
    ext_spec.loader.exec_module(module)
    sys.modules[name] = module
    return module


_active: _SpanSegmenter | _FullDictionary | None = None


def _backend() -> _SpanSegmenter | _FullDictionary:
    """The span segmenter normally; plain rjieba when the fast path cannot load."""
    global _active
    if _active is None:
        try:
            with open(WORDS_PATH, "rb") as fh:
                words = _Words(fh.read())
            _active = _SpanSegmenter(_extension().Jieba, words)
        except (OSError, ImportError, ValueError, AttributeError):
            import rjieba

            _active = _FullDictionary(rjieba)
    return _active


def _reset() -> None:
    """Forget the loaded segmenter (tests)."""
    global _active
    _active = None


def backend() -> str:
    """Which segmenter serves this process: "spans" (the fast path) or "full" (rjieba's whole
    dictionary: the fallback, or after a long run outgrew the spans)."""
    return _backend().kind


def _segmenter(text: str) -> t.Any:
    global _active
    seg = _backend()
    jieba = seg.for_text(text)
    if isinstance(seg, _SpanSegmenter) and seg.outgrown():
        _active = _FullDictionary(seg.jieba_type())  # the extension's default dictionary
    return jieba


def cut(text: str) -> list[str]:
    """Segment ``text`` into words (HMM on, like jieba's default)."""
    return _segmenter(text).cut(text)


def tokenize(text: str) -> list[tuple[str, int, int]]:
    """Words with their (start, end) offsets in ``text``."""
    return _segmenter(text).tokenize(text)


def tag(text: str) -> list[tuple[str, str]]:
    """Words with their part-of-speech tags (jieba's tag set)."""
    return _segmenter(text).tag(text)


def has_word(word: str) -> bool:
    """Whether ``word`` is in the segmenter's dictionary."""
    return _backend().has_word(word)


def word_boundaries(text: str) -> set[int]:
    """Offsets in ``text`` where a segmented word starts or ends."""
    bounds = {0, len(text)}
    for _, s, e in tokenize(text):
        bounds.add(s)
        bounds.add(e)
    return bounds


def build_word_file(dict_txt: str, out_path: str = WORDS_PATH) -> None:
    """Write ``words.bin`` from jieba's ``dict.txt`` (lines ``word freq tag``): the dictionary
    rjieba embeds.  Run when rjieba's dictionary changes:

        python -c "import jieba, os, lint.nlp as n; \\
                   n.build_word_file(os.path.join(os.path.dirname(jieba.__file__), 'dict.txt'))"
    """
    import zlib
    from array import array

    entries: dict[str, tuple[int, str]] = {}
    with open(dict_txt, encoding="utf-8") as fh:
        for line in fh:
            word, freq, tag_ = line.split()
            # A repeated word (B超 is listed twice) keeps its first tag and its last frequency,
            # and counts once in the total: what jieba-rs's dictionary loader does.
            entries[word] = int(freq), entries.get(word, (0, tag_))[1]
    total = sum(freq for freq, _ in entries.values())
    keys: dict[str, str] = {}
    for word, (freq, tag_) in entries.items():
        keys[word] = f"{freq} {tag_}"
        for k in range(1, len(word)):
            keys.setdefault(word[:k], "")
    buckets: dict[str, list[str]] = {}
    for key in sorted(keys):
        buckets.setdefault(key[0], []).append(key)
    chars = sorted(buckets)
    blobs = [zlib.compress(("\n".join(buckets[c]) + "\0" + "\n".join(keys[k] for k in buckets[c])).encode("utf-8"), 9)
             for c in chars]
    ends, end = array("I"), 0
    for blob in blobs:
        end += len(blob)
        ends.append(end)
    if sys.byteorder != "little":
        ends.byteswap()
    out = b"".join([_MAGIC, f"{len(chars)} {total}\n".encode(), "".join(chars).encode("utf-32-le"),
                    ends.tobytes(), *blobs])
    tmp = out_path + ".tmp"
    with open(tmp, "wb") as fh:
        fh.write(out)
    os.replace(tmp, out_path)
