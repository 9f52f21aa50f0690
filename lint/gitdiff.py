"""``--diff-base REV``: which lines of the checked files were added or changed since REV.

The comparison is between the merge base of REV and HEAD (what a pull request changes, not
what the target branch did since) and the working tree, so staged and unstaged edits count.
Files git does not track (new or ignored), and files git treats as binary (UTF-16), count as
entirely new.
"""
from __future__ import annotations

import os
import re
import subprocess
import typing as t

from lint.errors import JiaoduiError

# A file maps to the set of its changed 1-based line numbers, or to ALL_LINES.
ALL_LINES = None
ChangedLines = t.Dict[str, t.Optional[t.FrozenSet[int]]]

_HUNK = re.compile(rb"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@")
_SHALLOW_HINT = ("在浅克隆中请先取得更多历史 in a shallow clone fetch more history first: "
                 "`git fetch --deepen=100 origin <branch>` (or `git fetch --unshallow`), "
                 "or check out with `fetch-depth: 0` (GitHub Actions) / `GIT_DEPTH: 0` (GitLab CI)")


class DiffBaseError(JiaoduiError):
    """REV cannot be resolved or git cannot be run; the CLI exits 2."""


def _git(args: t.Sequence[str], cwd: str) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(["git", "-c", "core.quotepath=off", *args], cwd=cwd,
                              capture_output=True, check=False)
    except FileNotFoundError:
        raise DiffBaseError("--diff-base 需要 git，但找不到 git 命令 git is not installed") from None


def _toplevel(cwd: str) -> str:
    p = _git(["rev-parse", "--show-toplevel"], cwd)
    if p.returncode != 0:
        raise DiffBaseError(f"--diff-base: {os.path.abspath(cwd)} 不在 git 仓库中 not inside a git repository")
    return os.path.realpath(p.stdout.decode("utf-8", "surrogateescape").strip())


def _is_shallow(top: str) -> bool:
    p = _git(["rev-parse", "--is-shallow-repository"], top)
    return p.stdout.strip() == b"true"


def merge_base(rev: str, top: str) -> str:
    """The commit to compare with: the merge base of REV and HEAD (REV itself when HEAD does
    not exist yet).  Raises DiffBaseError with a hint for shallow clones."""
    if rev.startswith("-"):
        raise DiffBaseError(f"--diff-base: '{rev}' 不是修订版本 is not a revision")
    p = _git(["rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"], top)
    if p.returncode != 0:
        hint = f"; {_SHALLOW_HINT}" if _is_shallow(top) else (
            "; 如果是 CI 中的分支名，请先 git fetch 该分支 if it is a branch in CI, fetch it first "
            "(e.g. `git fetch origin main` and use origin/main), or check out with `fetch-depth: 0`")
        raise DiffBaseError(f"--diff-base: 找不到修订版本 unknown revision '{rev}'{hint}")
    base = p.stdout.decode().strip()
    if _git(["rev-parse", "--verify", "--quiet", "HEAD"], top).returncode != 0:
        return base
    mb = _git(["merge-base", base, "HEAD"], top)
    if mb.returncode != 0:
        hint = _SHALLOW_HINT if _is_shallow(top) else "the histories are unrelated"
        raise DiffBaseError(f"--diff-base: '{rev}' 与 HEAD 没有共同祖先 no merge base with HEAD; {hint}")
    return mb.stdout.decode().strip()


def _unquote(raw: bytes) -> bytes:
    """Undo git's C-style quoting of unusual path names ("a\\tb", "\\346\\226\\207")."""
    if not raw.startswith(b'"'):
        return raw
    body, out, i = raw[1:-1], bytearray(), 0
    simple = {ord("n"): 10, ord("t"): 9, ord("r"): 13, ord('"'): 34, ord("\\"): 92,
              ord("a"): 7, ord("b"): 8, ord("f"): 12, ord("v"): 11}
    while i < len(body):
        c = body[i]
        if c == 92 and i + 1 < len(body):
            nxt = body[i + 1]
            if 48 <= nxt <= 55:
                out.append(int(body[i + 1:i + 4], 8))
                i += 4
                continue
            out.append(simple.get(nxt, nxt))
            i += 2
            continue
        out.append(c)
        i += 1
    return bytes(out)


def parse_diff(diff: bytes) -> dict[bytes, t.Optional[set[int]]]:
    """Changed new-side line numbers per path (relative to the repository root) from
    ``git diff --unified=0`` output; binary files map to None (all lines).

    A pure deletion marks the line that now follows it: removing an item or paragraph can
    break numbering or continuity right there.
    """
    out: dict[bytes, t.Optional[set[int]]] = {}
    current: t.Optional[bytes] = None
    header = False  # between "diff --git" and the first hunk: an added line may start with "+++"
    for line in diff.split(b"\n"):
        if line.startswith(b"diff --git "):
            current, header = None, True
        elif header and line.startswith(b"+++ "):
            target = line[4:]
            if not target.startswith(b'"') and target.endswith(b"\t"):
                target = target[:-1]  # git appends a tab to names containing spaces
            current = None if target == b"/dev/null" else _unquote(target)[2:]  # drop "b/"
            if current is not None:
                out.setdefault(current, set())
        elif header and line.startswith(b"Binary files ") and line.endswith(b" differ"):
            m = re.match(rb"Binary files (.*) and (.*) differ$", line)
            if m and m.group(2) != b"/dev/null":
                out[_unquote(m.group(2))[2:]] = None
        elif line.startswith(b"@@"):
            header = False
            m = _HUNK.match(line)
            if current is None or not m or out.get(current, ()) is None:
                continue
            start, count = int(m.group(1)), int(m.group(2) or b"1")
            if count == 0:
                out[current].add(start + 1)
            else:
                out[current].update(range(start, start + count))
    return out


def changed_lines(rev: str, cwd: str = ".") -> tuple[str, ChangedLines, frozenset[str]]:
    """(repository root, {real absolute path: changed line numbers or ALL_LINES}, tracked paths).

    Files that differ from the base appear in the mapping; a file git does not track (new,
    or ignored) is entirely new; any other tracked file has no changed lines.
    """
    top = _toplevel(cwd)
    base = merge_base(rev, top)
    p = _git(["diff", "--unified=0", "--no-color", "--no-ext-diff", "--no-textconv", "--find-renames",
              "--src-prefix=a/", "--dst-prefix=b/", base, "--"], top)
    if p.returncode != 0:
        raise DiffBaseError(f"--diff-base: git diff failed: {p.stderr.decode('utf-8', 'replace').strip()}")
    result: ChangedLines = {}
    for rel, lines in parse_diff(p.stdout).items():
        path = os.path.join(top, os.fsdecode(rel))
        result[path] = ALL_LINES if lines is None else frozenset(lines)
    tracked = _git(["ls-files", "-z", "--cached"], top)
    paths = frozenset(os.path.join(top, os.fsdecode(rel)) for rel in tracked.stdout.split(b"\0") if rel)
    return top, result, paths


class LineFilter:
    """Keeps a finding when one of its lines (its range, or its related places) changed."""

    def __init__(self, top: str, changed: ChangedLines, tracked: t.Optional[frozenset[str]] = None) -> None:
        self.top = top
        self.changed = changed
        self.tracked = tracked  # None: unknown, every file not in ``changed`` is unchanged

    def lines_for(self, path: str) -> t.Optional[t.FrozenSet[int]]:
        real = os.path.realpath(path)
        if real in self.changed:
            return self.changed[real]
        if not (real == self.top or real.startswith(self.top + os.sep)):
            return ALL_LINES  # outside the repository: git knows nothing, report everything
        if self.tracked is not None and real not in self.tracked:
            return ALL_LINES  # not in git (new or ignored): all of it is new
        return frozenset()

    def keep(self, doc, finding, lines: t.Optional[t.FrozenSet[int]]) -> bool:
        if lines is None:
            return True
        if not lines:
            return False
        pos = doc.lines.position
        first = pos(finding.start)[0]
        last = pos(max(finding.start, finding.end - 1))[0]
        if any(n in lines for n in range(first, last + 1)):
            return True
        return any(pos(o)[0] in lines for o in finding.related)
