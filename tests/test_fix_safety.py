"""The guarantees of --fix: only the edits change, all-or-nothing per fix, fixing twice equals
fixing once, atomic writes that keep encoding, BOM, newlines and file mode, and no write when
the file changed while it was being checked."""
from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from lint.cli import cli
from lint.config import Settings
from lint.engine import Linter
from lint.errors import InputError
from lint.fixer import apply_fixes, fix_document, write_atomic
from lint.model import Applicability, Edit, Finding, Fix
from lint.readers import parse, read_path
from lint.registry import default_registry

ROOT = Path(__file__).resolve().parent.parent
BAD = "（上接第三版）会议强调，要坚持稳中求进。"
FIXED = "会议强调，要坚持稳中求进。"


# --- apply_fixes: a property test over arbitrary fixes -----------------------------------

def _conflict(a: Edit, b: Edit) -> bool:
    """Edits that share a character, or an insertion touching the other edit (order ambiguous)."""
    if a.start < b.end and b.start < a.end:
        return True
    if a.start == a.end and b.start <= a.start <= b.end:
        return True
    return b.start == b.end and a.start <= b.start <= a.end


@st.composite
def fix_sets(draw):
    n = draw(st.integers(0, 24))
    # Every character is unique, so where each one went can be traced exactly.
    text = "".join(chr(0x4E00 + i) for i in range(n))
    fixes = []
    for k in range(draw(st.integers(0, 6))):
        points = sorted(draw(st.lists(st.integers(0, n), min_size=2, max_size=6).filter(lambda p: len(p) % 2 == 0)))
        marker = chr(0x41 + k)  # fix k inserts only its own letter
        edits = []
        for s, e in zip(points[::2], points[1::2]):
            rep = marker * draw(st.integers(0 if e > s else 1, 2))
            edits.append(Edit(s, e, rep))
        for a, b in zip(edits, edits[1:]):
            assume(a.end < b.start or (a.end == b.start and not (a.start == a.end and b.start == b.end)))
        safe = draw(st.booleans())
        fixes.append(Finding(0, 0, f"fix {k}", fix=(Fix.safe if safe else Fix.unsafe)(*edits)))
    return text, fixes, draw(st.booleans())


def _splice(text: str, fixes) -> str:
    out, pos = [], 0
    for e in sorted((e for f in fixes for e in f.fix.edits), key=lambda e: (e.start, e.end)):
        out += [text[pos:e.start], e.replacement]
        pos = e.end
    return "".join(out) + text[pos:]


def _compatible(a: Finding, b: Finding) -> bool:
    return not any(_conflict(x, y) for x in a.fix.edits for y in b.fix.edits)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(fix_sets())
def test_apply_fixes_changes_only_the_accepted_edits(case):
    """The result is exactly the splice of some set of whole fixes that are applicable,
    pairwise non-conflicting and maximal (any other applicable fix conflicts with one of
    them), and the count says how many: nothing outside those edits changes."""
    import itertools

    text, findings, unsafe = case
    result, count = apply_fixes(text, findings, unsafe)
    candidates = [f for f in findings if unsafe or f.fix.applicability is Applicability.SAFE]
    explained = False
    for chosen in itertools.combinations(candidates, count):
        if not all(_compatible(a, b) for a, b in itertools.combinations(chosen, 2)):
            continue
        rest = [f for f in candidates if not any(f is c for c in chosen)]
        if not all(any(not _compatible(f, c) for c in chosen) for f in rest):
            continue
        if _splice(text, chosen) == result:
            explained = True
            break
    assert explained, (text, result, count)


def test_apply_fixes_skips_unsafe_unless_asked():
    f = Finding(0, 1, "x", fix=Fix.unsafe(Edit(0, 1, "乙")))
    assert apply_fixes("甲", [f]) == ("甲", 0)
    assert apply_fixes("甲", [f], unsafe=True) == ("乙", 1)


# --- the real rules: edits well-formed, fixing twice equals fixing once -------------------

def _bad_documents() -> list[Path]:
    return sorted(p for p in (ROOT / "fixtures" / "rules").glob("*/bad*") if p.suffix in (".txt", ".md")
                  and ".fixed." not in p.name)


def _linter() -> Linter:
    return Linter(default_registry(), Settings(root=str(ROOT)))


@pytest.mark.parametrize("path", _bad_documents(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_real_fixes_are_well_formed_and_idempotent(path):
    linter = _linter()
    doc = read_path(path)
    for f in linter.lint(doc):
        if f.fix is None:
            continue
        edits = f.fix.edits
        assert all(0 <= e.start <= e.end <= len(doc.text) for e in edits), f
        assert all(a.end <= b.start for a, b in zip(edits, edits[1:])), f"{f.rule.name}: overlapping edits"
        changed, n = apply_fixes(doc.text, [f], unsafe=True)
        assert n == 1 and changed != doc.text, f"{f.rule.name}: a fix that changes nothing: {f.message}"
    for unsafe in (False, True):
        once, n1, _ = fix_document(doc, linter.lint, unsafe)
        twice, n2, _ = fix_document(parse(str(path), once.text, once.source), linter.lint, unsafe)
        assert n2 == 0 and twice.text == once.text, f"second --fix changed {path.name} (unsafe={unsafe})"


def test_fixture_documents_exist():
    assert _bad_documents(), "no fixture documents found: the parametrized test above would test nothing"


# --- writing: encodings, BOM, newlines, mode, atomicity, concurrent changes -------------

def fix(*args, **kw):
    return CliRunner().invoke(cli, ["check", "--select", "ZH301", "--fix", *args], catch_exceptions=False, **kw)


@pytest.mark.parametrize("encoding,bom,newline", [
    ("utf-8", b"", "\n"),
    ("utf-8", b"\xef\xbb\xbf", "\r\n"),
    ("gb18030", b"", "\r\n"),
    ("utf-16-le", b"\xff\xfe", "\n"),
    ("utf-8", b"", "\r"),
])
def test_fix_keeps_encoding_bom_and_newlines(tmp_path, encoding, bom, newline):
    paragraphs = ["第一段，没有问题。", BAD, "尾段。"]
    p = tmp_path / "a.txt"
    p.write_bytes(bom + (newline * 2).join(paragraphs).encode(encoding) + newline.encode(encoding))
    r = fix(str(p))
    assert r.exit_code == 0, r.output
    expected = bom + (newline * 2).join(["第一段，没有问题。", FIXED, "尾段。"]).encode(encoding) + newline.encode(encoding)
    assert p.read_bytes() == expected


def test_fix_keeps_mixed_newlines_byte_for_byte(tmp_path):
    p = tmp_path / "a.txt"
    raw = "甲。\r\n\r\n" + BAD + "\n\n乙。\r\n"
    p.write_bytes(raw.encode("utf-8"))
    assert fix(str(p)).exit_code == 0
    assert p.read_bytes() == raw.replace(BAD, FIXED).encode("utf-8")


@pytest.mark.parametrize("mode", [0o644, 0o600, 0o755, 0o664])
def test_fix_keeps_file_mode(tmp_path, mode):
    p = tmp_path / "a.md"
    p.write_text(BAD + "\n", encoding="utf-8")
    os.chmod(p, mode)
    assert fix(str(p)).exit_code == 0
    assert p.read_text(encoding="utf-8") == FIXED + "\n"
    assert stat.S_IMODE(os.stat(p).st_mode) == mode


def test_fix_through_a_symlink_keeps_the_link(tmp_path):
    target = tmp_path / "real.txt"
    target.write_text(BAD + "\n", encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    assert fix(str(link)).exit_code == 0
    assert link.is_symlink()
    assert target.read_text(encoding="utf-8") == FIXED + "\n"


def test_write_is_atomic_and_leaves_no_temporary_file(tmp_path, monkeypatch):
    p = tmp_path / "a.txt"
    p.write_text(BAD + "\n", encoding="utf-8")
    doc = read_path(p)
    fixed, _, _ = fix_document(doc, _linter().lint)
    seen = []
    real_replace = os.replace

    def failing_replace(src, dst):
        seen.append((os.path.dirname(os.path.abspath(src)), os.path.abspath(dst)))
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(OSError):
        write_atomic(str(p), fixed.text, doc.source)
    # The temporary file was in the same directory (so the replace is atomic), and is gone.
    assert seen == [(str(tmp_path), str(p))]
    assert sorted(os.listdir(tmp_path)) == ["a.txt"]
    assert p.read_text(encoding="utf-8") == BAD + "\n"
    monkeypatch.setattr(os, "replace", real_replace)
    write_atomic(str(p), fixed.text, doc.source)
    assert p.read_text(encoding="utf-8") == FIXED + "\n"
    assert sorted(os.listdir(tmp_path)) == ["a.txt"]


def test_refuses_to_write_a_file_that_changed_meanwhile(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text(BAD + "\n", encoding="utf-8")
    doc = read_path(p)
    fixed, _, _ = fix_document(doc, _linter().lint)
    p.write_text(BAD + "\n编辑器里刚加的一行。\n", encoding="utf-8")
    with pytest.raises(InputError, match="changed while it was being checked"):
        write_atomic(str(p), fixed.text, doc.source)
    assert p.read_text(encoding="utf-8") == BAD + "\n编辑器里刚加的一行。\n"


def test_cli_reports_a_concurrent_change_and_exits_2(tmp_path, monkeypatch):
    import lint.runner

    p = tmp_path / "a.txt"
    p.write_text(BAD + "\n", encoding="utf-8")
    real = lint.runner.check_one

    def check_then_someone_saves(*args, **kw):
        result = real(*args, **kw)
        p.write_text(BAD + "\n新内容。\n", encoding="utf-8")
        return result

    monkeypatch.setattr(lint.runner, "check_one", check_then_someone_saves)
    r = fix(str(p))
    assert r.exit_code == 2
    assert "changed while it was being checked" in r.stderr
    assert p.read_text(encoding="utf-8") == BAD + "\n新内容。\n"


def test_diff_shows_the_patch_and_writes_nothing(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text(BAD + "\n", encoding="utf-8")
    before = os.stat(p)
    r = CliRunner().invoke(cli, ["check", "--select", "ZH301", "--diff", str(p)])
    assert r.exit_code == 1
    assert f"-{BAD}\n+{FIXED}\n" in r.stdout
    assert p.read_text(encoding="utf-8") == BAD + "\n"
    assert os.stat(p).st_mtime_ns == before.st_mtime_ns


def test_fixing_twice_via_cli_and_exit_non_zero_on_fix(tmp_path):
    p = tmp_path / "a.md"
    p.write_text(f"# 标题\n\n{BAD}\n\n（下转第四版）\n\n结尾。\n", encoding="utf-8")
    first = fix("--exit-non-zero-on-fix", str(p))
    assert first.exit_code == 1  # changed the file, though nothing is left to report
    once = p.read_bytes()
    assert once == f"# 标题\n\n{FIXED}\n\n结尾。\n".encode("utf-8")
    second = fix("--exit-non-zero-on-fix", str(p))
    assert second.exit_code == 0
    assert p.read_bytes() == once
    # Without the flag, a fix that leaves nothing to report exits 0.
    p.write_text(BAD + "\n", encoding="utf-8")
    assert fix(str(p)).exit_code == 0


def test_exit_non_zero_on_fix_keeps_1_for_remaining_findings(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text(BAD + "\n", encoding="utf-8")
    r = CliRunner().invoke(cli, ["check", "--select", "ZH301", "--exit-non-zero-on-fix", str(p)])
    assert r.exit_code == 1  # no --fix: just the findings
    assert p.read_text(encoding="utf-8") == BAD + "\n"
