"""Collecting files and checking them: the glue between CLI, readers, engine and fixer."""
from __future__ import annotations

import os
import typing as t
from dataclasses import dataclass

from lint.config import Settings
from lint.engine import LintResult, Linter
from lint.errors import InputError


@dataclass
class RunOptions:
    fix: bool = False
    unsafe_fixes: bool = False
    diff: bool = False
    encoding: str | None = None
    # Once a file is checked (and fixed), drop what the reporters do not need (see release);
    # off when a later step needs whole documents (cross-file checks, --annotate).
    release: bool = False
    keep_text: bool = False  # released documents keep their text even without findings (HTML report)


class FoundPath(str):
    """A path found by walking a directory rather than named by the user: if it turns out to be
    binary it is skipped with a note; a binary file named explicitly is an error."""

    __slots__ = ()


def collect(paths: t.Sequence[str], settings: Settings, respect_gitignore: bool | None = None
            ) -> tuple[list[str], list[str]]:
    """Files to check and error messages (missing paths, unreadable directories, directories
    with nothing to check).

    Explicitly named files are always checked; directories are walked for files matching
    ``include`` and not ``exclude``.  Inside a git work tree, paths git ignores (.gitignore,
    .git/info/exclude, the global excludes file) are skipped too, unless ``respect_gitignore``
    is False (default: ``settings.respect_gitignore``).
    Symbolic links to directories are not followed (no loops); an unreadable directory gives
    one message and the rest is still walked.
    """
    if respect_gitignore is None:
        respect_gitignore = settings.respect_gitignore
    files: list[str] = []
    errors: list[str] = []
    for p in paths:
        if p == "-":
            files.append(p)
        elif os.path.isfile(p):
            files.append(p)
        elif os.path.isdir(p):
            listed = _git_files(p) if respect_gitignore else None
            found = _walk(p, settings, errors) if listed is None else _filter(listed, settings)
            if not found:
                errors.append(f"{p}: 目录中没有可检查的文件 no checkable files (include: {', '.join(settings.include)})")
            files.extend(found)
        elif os.path.islink(p):
            errors.append(f"{p}: 符号链接无法解析（目标不存在或循环链接） broken or looping symbolic link")
        elif os.path.lexists(p):
            errors.append(f"{p}: 不是普通文件 not a regular file")
        else:
            errors.append(f"{p}: 路径不存在 no such file or directory")
    return list(dict.fromkeys(files)), errors


def _walk(top: str, settings: Settings, errors: list[str]) -> list[str]:
    found: list[str] = []
    seen: set[str] = set()

    def onerror(e: OSError) -> None:
        errors.append(f"{e.filename or top}: 无法读取目录 cannot read directory: {e.strerror or e}")

    for root, dirs, names in os.walk(top, onerror=onerror, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not settings.is_excluded(os.path.join(root, d)))
        for n in sorted(names):
            fp = os.path.join(root, n)
            _add_checkable(fp, settings, seen, found)
    return found


def _filter(listed: list[str], settings: Settings) -> list[str]:
    found: list[str] = []
    seen: set[str] = set()
    for fp in listed:
        _add_checkable(fp, settings, seen, found)
    return found


def _add_checkable(fp: str, settings: Settings, seen: set[str], found: list[str]) -> None:
    """Append ``fp`` when it is an included, not excluded regular file not seen yet (two links
    to one file are checked, and fixed, once)."""
    if settings.is_included(fp) and not settings.is_excluded(fp) and os.path.isfile(fp):
        real = os.path.realpath(fp)
        if real not in seen:
            seen.add(real)
            found.append(FoundPath(fp))


def _git_files(top: str) -> list[str] | None:
    """Files under ``top`` that git does not ignore (tracked or untracked), as paths joined to
    ``top``; None when ``top`` is not in a git work tree or git is unavailable (then walk)."""
    import shutil
    import subprocess

    git = shutil.which("git")
    if git is None:
        return None
    cmd = [git, "-C", top, "ls-files", "--cached", "--others", "--exclude-standard", "-z", "--", "."]
    try:
        proc = subprocess.run(cmd, capture_output=True, timeout=60, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    if proc.returncode != 0:
        return None  # not a work tree, a bare repository, "dubious ownership", ...
    names = [os.fsdecode(n) for n in proc.stdout.split(b"\0") if n]
    if not names:
        # Nothing listed: an ignored directory named explicitly is still checked, by walking it.
        ignored = subprocess.run([git, "-C", top, "check-ignore", "-q", "."], capture_output=True,
                                 timeout=60, check=False)
        if ignored.returncode == 0:
            return None
    # --cached lists tracked files deleted from the work tree and submodules: keep real files.
    return sorted(os.path.join(top, n) for n in names)


def check_one(linter: Linter, path: str, opts: RunOptions, data: bytes | None = None) -> LintResult:
    """Read, lint and (with --fix/--diff) fix one file.  Never raises for bad input."""
    from lint.readers import read_bytes, read_path

    try:
        doc = read_bytes(path, data, opts.encoding) if data is not None else read_path(path, opts.encoding)
    except InputError as e:
        from lint.readers.decode import BinaryFileError

        if isinstance(e, BinaryFileError) and isinstance(path, FoundPath):
            return LintResult(path, None, notes=[str(e)])  # found by a walk: skipped, not an error
        return LintResult(path, None, error=str(e))
    result = LintResult(path, doc)
    if doc.source.detected:
        result.notes.append(f"{path}: 按 {doc.source.encoding} 编码读取 decoded as {doc.source.encoding}")
    if opts.fix or opts.diff:
        from lint.fixer import fix_document

        fixed, n, findings = fix_document(doc, linter.lint, opts.unsafe_fixes)
        result.findings = findings
        if n and fixed.text != doc.text:
            result.fixed = n
            result.fixed_text = fixed.text
            result.document = fixed
            result.original = doc
    else:
        result.findings = linter.lint(doc)
    return result


def unified_diff(path: str, before: str, after: str) -> str:
    import difflib  # --diff only: kept out of start-up

    return "".join(difflib.unified_diff(before.splitlines(True), after.splitlines(True),
                                        fromfile=f"a/{path}", tofile=f"b/{path}"))


def release(result: LintResult, keep_text: bool) -> None:
    """Keep memory flat over many files: reporters need a document's line index and the lines
    of its findings (the HTML report: every document's whole text), and never its blocks."""
    doc = result.document
    if doc is None:
        return
    if result.findings or keep_text:
        # Line starts as machine integers: 8 bytes a line instead of a list's 36.
        from array import array

        doc.lines.starts = array("q", doc.lines.starts)
        if doc.format != "docx":  # Word findings are located by paragraph, from the blocks
            doc.blocks = []
            if not keep_text:  # the text only where reporters read it: the findings' and fixes' lines
                spans = [(f.start, f.end) for f in result.findings]
                spans += [(e.start, e.end) for f in result.findings if f.fix for e in f.fix.edits]
                doc.keep_lines(spans)
    else:
        from lint.document import Document

        result.document = Document(path=doc.path, text="", blocks=[], format=doc.format, source=doc.source)
    doc._memo.clear()
    result.original = None
    result.fixed_text = None
