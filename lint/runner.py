"""Collecting files and checking them: the glue between CLI, readers, engine and fixer."""
from __future__ import annotations

import difflib
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


def collect(paths: t.Sequence[str], settings: Settings) -> tuple[list[str], list[str]]:
    """Files to check and error messages (missing paths, directories with nothing to check).

    Explicitly named files are always checked; directories are walked for files matching
    ``include`` and not ``exclude``.
    """
    files: list[str] = []
    errors: list[str] = []
    for p in paths:
        if p == "-":
            files.append(p)
        elif os.path.isfile(p):
            files.append(p)
        elif os.path.isdir(p):
            found = []
            for root, dirs, names in os.walk(p, followlinks=False):
                dirs[:] = sorted(d for d in dirs if not settings.is_excluded(os.path.join(root, d)))
                for n in sorted(names):
                    fp = os.path.join(root, n)
                    if settings.is_included(fp) and not settings.is_excluded(fp) and os.path.isfile(fp):
                        found.append(fp)
            if not found:
                errors.append(f"{p}: 目录中没有可检查的文件 no checkable files (include: {', '.join(settings.include)})")
            files.extend(found)
        elif os.path.lexists(p):
            errors.append(f"{p}: 不是普通文件 not a regular file")
        else:
            errors.append(f"{p}: 路径不存在 no such file or directory")
    return list(dict.fromkeys(files)), errors


def check_one(linter: Linter, path: str, opts: RunOptions, data: bytes | None = None) -> LintResult:
    """Read, lint and (with --fix/--diff) fix one file.  Never raises for bad input."""
    from lint.readers import read_bytes, read_path

    try:
        doc = read_bytes(path, data, opts.encoding) if data is not None else read_path(path, opts.encoding)
    except InputError as e:
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
    return "".join(difflib.unified_diff(before.splitlines(True), after.splitlines(True),
                                        fromfile=f"a/{path}", tofile=f"b/{path}"))
