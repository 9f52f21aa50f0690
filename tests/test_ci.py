"""CI on edits (--diff-base REV, in full and shallow clones) and baselines (--baseline,
--write-baseline) through the real command line and a real git."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from lint.cli import cli
from lint.gitdiff import LineFilter, parse_diff
from lint.model import Finding
from lint.readers import parse

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

OLD = "（上接第三版）会议强调，要坚持稳中求进。"
NEW = "（下转第四版）各地区要抓好落实。"
PLAIN = "这是一段没有问题的文字。"
GOOD_MD = "# 说明\n\n这是一段没有问题的文字。\n"


def git(cwd, *args) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com", "GIT_CONFIG_NOSYSTEM": "1",
           "HOME": str(cwd)}
    p = subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    return p.stdout


def write(path: Path, *paragraphs: str) -> None:
    path.write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")


def check(*args):
    r = CliRunner().invoke(cli, ["check", "--select", "ZH301", "--format", "json", *args], catch_exceptions=False)
    data = json.loads(r.stdout) if r.exit_code in (0, 1) and r.stdout.strip() else None
    return r, data


@pytest.fixture
def repo(tmp_path, monkeypatch):
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    write(root / "a.txt", PLAIN, OLD, PLAIN)
    git(root, "add", "a.txt")
    git(root, "commit", "-q", "-m", "one")
    monkeypatch.chdir(root)
    return root


def test_only_changed_lines_are_reported(repo):
    write(repo / "a.txt", PLAIN, OLD, PLAIN, NEW)
    r, data = check("--diff-base", "HEAD", "a.txt")
    assert r.exit_code == 1
    assert [(f["line"], f["message"]) for f in data] == [(7, "转版标记“（下转第四版）”不属于正文，应删除")]
    # Without --diff-base both are reported; with only old findings it is clean.
    assert len(check("a.txt")[1]) == 2
    write(repo / "a.txt", PLAIN, OLD, PLAIN)
    r, data = check("--diff-base", "HEAD", "a.txt")
    assert (r.exit_code, data) == (0, [])


def test_staged_changes_and_untracked_files_count(repo):
    write(repo / "a.txt", NEW, PLAIN, OLD, PLAIN)
    git(repo, "add", "a.txt")
    write(repo / "new.txt", OLD)  # untracked: everything in it is new
    (repo / ".gitignore").write_text("gen/\n", encoding="utf-8")
    (repo / "gen").mkdir()
    write(repo / "gen" / "out.txt", OLD)  # ignored by git, but checked: new as well
    r, data = check("--diff-base", "HEAD", "a.txt", "new.txt", "gen/out.txt")
    assert [(f["path"], f["line"]) for f in data] == [("a.txt", 1), ("new.txt", 1), ("gen/out.txt", 1)]


def test_edit_inside_a_line_reports_that_line(repo):
    write(repo / "a.txt", PLAIN, OLD.replace("会议", "大会"), PLAIN)
    _, data = check("--diff-base", "HEAD", "a.txt")
    assert [f["line"] for f in data] == [3]


def test_merge_base_ignores_what_the_target_branch_did(repo):
    git(repo, "checkout", "-q", "-b", "feature")
    write(repo / "a.txt", PLAIN, OLD, PLAIN, NEW)
    git(repo, "commit", "-q", "-am", "feature adds a marker")
    git(repo, "checkout", "-q", "main")
    write(repo / "a.txt", PLAIN, PLAIN)  # main removes the old marker after the branch point
    git(repo, "commit", "-q", "-am", "main fixes")
    git(repo, "checkout", "-q", "feature")
    _, data = check("--diff-base", "main", "a.txt")
    # Compared with main's tip the old marker would look "added"; the merge base knows better.
    assert [f["line"] for f in data] == [7]


def test_unknown_revision_is_a_clear_error(repo):
    r, _ = check("--diff-base", "no-such-branch", "a.txt")
    assert r.exit_code == 2
    assert "unknown revision 'no-such-branch'" in r.stderr
    assert "fetch" in r.stderr


def test_outside_a_repository_is_an_error(tmp_path, monkeypatch):
    (tmp_path / "x").mkdir()
    monkeypatch.chdir(tmp_path / "x")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    write(tmp_path / "x" / "a.txt", OLD)
    r, _ = check("--diff-base", "HEAD", "a.txt")
    assert r.exit_code == 2
    assert "not inside a git repository" in r.stderr


def test_diff_base_refuses_fix_and_stdin(repo):
    assert check("--diff-base", "HEAD", "--fix", "a.txt")[0].exit_code == 2
    r = CliRunner().invoke(cli, ["check", "--diff-base", "HEAD", "-"], input=OLD)
    assert r.exit_code == 2


def test_shallow_clone_missing_base_then_deepen(repo, tmp_path, monkeypatch):
    write(repo / "a.txt", PLAIN, OLD, PLAIN, NEW)
    git(repo, "commit", "-q", "-am", "two")
    shallow = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth", "1", repo.as_uri(), str(shallow))
    monkeypatch.chdir(shallow)
    r, _ = check("--diff-base", "HEAD~1", "a.txt")
    assert r.exit_code == 2
    assert "unknown revision 'HEAD~1'" in r.stderr
    assert "git fetch --deepen" in r.stderr and "fetch-depth: 0" in r.stderr
    git(shallow, "fetch", "-q", "--deepen=1")
    r, data = check("--diff-base", "HEAD~1", "a.txt")
    assert r.exit_code == 1
    assert [f["line"] for f in data] == [7]


def test_shallow_clone_without_merge_base(repo, tmp_path, monkeypatch):
    """The usual CI setup: a depth-1 checkout of the branch plus a depth-1 fetch of main."""
    git(repo, "checkout", "-q", "-b", "feature")
    write(repo / "a.txt", PLAIN, OLD, PLAIN, NEW)
    git(repo, "commit", "-q", "-am", "feature")
    git(repo, "checkout", "-q", "main")
    write(repo / "b.txt", PLAIN)
    git(repo, "add", "b.txt")
    git(repo, "commit", "-q", "-m", "main moves on")
    shallow = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth", "1", "--branch", "feature", repo.as_uri(), str(shallow))
    git(shallow, "fetch", "-q", "--depth", "1", "origin", "main:refs/remotes/origin/main")
    monkeypatch.chdir(shallow)
    r, _ = check("--diff-base", "origin/main", "a.txt")
    assert r.exit_code == 2
    assert "no merge base" in r.stderr and "git fetch --deepen" in r.stderr
    git(shallow, "fetch", "-q", "--unshallow", "origin")
    r, data = check("--diff-base", "origin/main", "a.txt")
    assert [f["line"] for f in data] == [7]


# --- parsing git's diff ------------------------------------------------------------------

def test_parse_diff_names_hunks_and_deletions():
    diff = "\n".join([
        "diff --git a/x y.md b/x y.md",
        "--- a/x y.md\t",
        "+++ b/x y.md\t",
        "@@ -3 +3 @@",
        "-old",
        "+new",
        "@@ -10,2 +9,0 @@",  # lines removed: the line that now follows (10) is marked
        "-gone",
        "-gone",
        "diff --git a/中文.md b/中文.md",
        "new file mode 100644",
        "--- /dev/null",
        "+++ b/中文.md",
        "@@ -0,0 +1,2 @@",
        "+++ an added line that looks like a header",
        "+second",
        'diff --git "a/tab\\tname.md" "b/tab\\tname.md"',
        '--- "a/tab\\tname.md"',
        '+++ "b/tab\\tname.md"',
        "@@ -1 +1,3 @@",
        "+x",
        "diff --git a/u16.txt b/u16.txt",
        "Binary files a/u16.txt and b/u16.txt differ",
        "diff --git a/gone.md b/gone.md",
        "deleted file mode 100644",
        "--- a/gone.md",
        "+++ /dev/null",
        "@@ -1 +0,0 @@",
        "-bye",
        "",
    ]).encode("utf-8")
    assert parse_diff(diff) == {
        b"x y.md": {3, 10},
        "中文.md".encode(): {1, 2},
        b"tab\tname.md": {1, 2, 3},
        b"u16.txt": None,
    }


def test_parse_diff_octal_quoted_names():
    name = "文".encode()
    quoted = "".join(f"\\{b:03o}" for b in name)
    diff = f'diff --git "a/{quoted}" "b/{quoted}"\n+++ "b/{quoted}"\n@@ -1 +1 @@\n+x\n'.encode()
    assert parse_diff(diff) == {name: {1}}


def test_whole_document_findings_kept_when_a_related_line_changed(tmp_path):
    doc = parse(str(tmp_path / "d.md"), "甲段。\n\n乙段。\n\n甲段。\n")
    dup = Finding(10, 13, "与第 1 行的段落重复", related=(0,))
    filt = LineFilter(str(tmp_path), {os.path.realpath(doc.path): frozenset({1})})
    lines = filt.lines_for(doc.path)
    assert filt.keep(doc, dup, lines)  # its earlier copy (line 1) changed
    assert not filt.keep(doc, Finding(5, 8, "x"), lines)
    assert not filt.keep(doc, Finding(10, 13, "x"), filt.lines_for(str(tmp_path / "other.md")))
    multi = Finding(1, 9, "跨行")  # lines 1..3
    assert filt.keep(doc, multi, frozenset({3}))


# --- baseline ----------------------------------------------------------------------------

def test_baseline_survives_edits_above_and_reports_new(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    doc = tmp_path / "docs" / "a.txt"
    doc.parent.mkdir()
    write(doc, PLAIN, OLD, PLAIN)
    r = CliRunner().invoke(cli, ["check", "--select", "ZH301", "--write-baseline", "base.json", "docs"])
    assert r.exit_code == 0, r.output
    assert "recorded 1 finding(s)" in r.stderr
    entries = json.loads((tmp_path / "base.json").read_text(encoding="utf-8"))["findings"]
    assert entries == [{"path": "docs/a.txt", "code": "ZH301", "text": "（上接第三版）", "before": "",
                        "after": "会议强调，要坚持", "count": 1}]  # 8 code points of context
    # Text added above, a line ending style change: still known.
    doc.write_bytes(("新的第一段。\r\n\r\n" + "\r\n\r\n".join([PLAIN, OLD, PLAIN]) + "\r\n").encode("utf-8"))
    r, data = check("--baseline", "base.json", "docs")
    assert (r.exit_code, data) == (0, [])
    # A new copy of the same defect elsewhere is new; so is another defect.
    write(doc, "新的第一段。", PLAIN, OLD, PLAIN, OLD, NEW)
    r, data = check("--baseline", "base.json", "docs")
    assert r.exit_code == 1
    assert [f["line"] for f in data] == [9, 11]
    # Run from another directory: paths are relative to the baseline file.
    monkeypatch.chdir(doc.parent)
    r, data = check("--baseline", "../base.json", "a.txt")
    assert [f["line"] for f in data] == [9, 11]


def test_baseline_editing_the_finding_itself_brings_it_back(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "a.txt", OLD)
    CliRunner().invoke(cli, ["check", "--select", "ZH301", "--write-baseline", "b.json", "a.txt"])
    write(tmp_path / "a.txt", OLD.replace("会议强调", "会议指出"))
    r, data = check("--baseline", "b.json", "a.txt")
    assert r.exit_code == 1 and len(data) == 1


def test_baseline_errors_exit_2(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "a.txt", OLD)
    r, _ = check("--baseline", "missing.json", "a.txt")
    assert r.exit_code == 2 and "baseline file not found" in r.stderr
    (tmp_path / "bad.json").write_text("[1, 2]", encoding="utf-8")
    r, _ = check("--baseline", "bad.json", "a.txt")
    assert r.exit_code == 2 and "not a jiaodui baseline" in r.stderr


# --- many files: -j/--jobs ---------------------------------------------------------------

def _many(tmp_path: Path) -> Path:
    root = tmp_path / "many"
    root.mkdir()
    for i in range(14):
        body = [PLAIN] * (i % 3) + ([OLD] if i % 2 else []) + ([NEW] if i % 5 == 0 else [PLAIN])
        write(root / f"f{i:02d}.{'md' if i % 4 == 0 else 'txt'}", *body)
    (root / "gb.txt").write_bytes((OLD + "\n").encode("gb18030"))  # a note on stderr
    (root / "bin.txt").write_bytes(b"\x00\x01binary")  # skipped, with a note
    return root


@pytest.mark.parametrize("extra", [["--format", "json"], ["--format", "sarif"], ["--diff"], [],
                                   ["--format", "html"], ["--cross-file", "--format", "json"]])
def test_jobs_output_identical_to_serial(tmp_path, monkeypatch, extra):
    monkeypatch.chdir(_many(tmp_path))
    runs = [CliRunner().invoke(cli, ["check", "--select", "ZH301", "--no-color", *extra, "-j", j, "."])
            for j in ("1", "4", "0")]
    assert runs[0].exit_code == 1
    assert "bin.txt" in runs[0].stderr and "gb.txt" in runs[0].stderr  # notes keep their order too
    assert runs[0].stdout.count("ZH301") >= 7 or "--diff" in extra
    for r in runs[1:]:
        assert (r.exit_code, r.stdout, r.stderr) == (runs[0].exit_code, runs[0].stdout, runs[0].stderr)


def test_jobs_fix_writes_the_same_files(tmp_path, monkeypatch):
    serial, parallel = tmp_path / "s", tmp_path / "p"
    serial.mkdir()
    parallel.mkdir()
    src = _many(tmp_path)
    for d in (serial, parallel):
        for f in src.iterdir():
            shutil.copy2(f, d / f.name)
    CliRunner().invoke(cli, ["check", "--select", "ZH301", "--fix", str(serial)])
    CliRunner().invoke(cli, ["check", "--select", "ZH301", "--fix", "-j", "3", str(parallel)])
    assert {f.name: f.read_bytes() for f in serial.iterdir()} == {f.name: f.read_bytes() for f in parallel.iterdir()}
    assert (serial / "f01.txt").read_bytes() != (src / "f01.txt").read_bytes()


def test_jobs_spawns_no_workers_for_one_file(tmp_path, monkeypatch):
    import concurrent.futures

    class NoPool:
        def __init__(self, *a, **kw):
            raise AssertionError("a process pool was started")

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", NoPool)
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "a.txt", OLD)
    write(tmp_path / "b.txt", OLD)
    assert CliRunner().invoke(cli, ["check", "-j", "8", "a.txt"], catch_exceptions=False).exit_code == 1
    with pytest.raises(AssertionError, match="process pool"):
        CliRunner().invoke(cli, ["check", "-j", "8", "a.txt", "b.txt"], catch_exceptions=False)


# --- the composite GitHub Action's script ----------------------------------------------

def test_action_script_runs(repo, tmp_path):
    """Run action.yml's `run:` step with bash, as the runner would, against this checkout."""
    import sys

    yaml = pytest.importorskip("yaml")
    if shutil.which("bash") is None:
        pytest.skip("bash is not installed")
    action = yaml.safe_load((Path(__file__).resolve().parent.parent / "action.yml").read_text(encoding="utf-8"))
    step = action["runs"]["steps"][-1]
    assert step["shell"] == "bash"
    bindir = tmp_path / "bin"
    bindir.mkdir()
    shim = bindir / "jiaodui"
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m lint "$@"\n', encoding="utf-8")
    shim.chmod(0o755)

    def run(**inputs):
        env = {**os.environ, "PATH": f"{bindir}{os.pathsep}{os.environ['PATH']}",
               **{f"JIAODUI_{k.upper()}": v for k, v in inputs.items()}}
        for key, value in step["env"].items():  # every env entry comes from a declared input
            name = value.removeprefix("${{ inputs.").removesuffix(" }}")
            assert name in action["inputs"], key
            env.setdefault(key, action["inputs"][name].get("default", ""))
        return subprocess.run(["bash", "-c", step["run"]], cwd=repo, env=env, capture_output=True, text=True)

    r = run(args="--select ZH301", paths="a.txt")
    assert r.returncode == 1, r.stderr
    assert r.stdout.startswith("::error file=a.txt,line=3,col=1,")
    write(repo / "a.txt", PLAIN, OLD, PLAIN, NEW)
    r = run(args="--select ZH301", paths="a.txt", diff_base="HEAD")
    assert r.returncode == 1
    assert r.stdout.count("::error") == 1 and "line=7" in r.stdout
    write(repo / "a.txt", PLAIN, OLD, PLAIN)
    (repo / "x.md").write_text(GOOD_MD, encoding="utf-8")
    r = run(paths="a.txt *.md", diff_base="HEAD")  # the glob expands to x.md, which is new and clean
    assert (r.returncode, r.stdout, r.stderr) == (0, "", "")
