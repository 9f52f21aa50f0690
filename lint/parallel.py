"""``-j/--jobs N``: check files in worker processes; results identical to a serial run and in
the order of the files given.

Workers rebuild the linter from the (picklable) settings, because rules hold functions that
cannot be pickled; findings travel back as plain tuples and get their rules re-attached from
the parent's registry.  Writing fixes stays in the parent process.
"""
from __future__ import annotations

import os
import typing as t

from lint.engine import LintResult, Linter
from lint.model import Edit, Finding, Fix, Severity
from lint.runner import RunOptions, check_one, release

_worker: tuple[Linter, RunOptions] | None = None


def effective_jobs(jobs: int, n_files: int) -> int:
    """Worker count: ``0`` means one per CPU; never more than there are files."""
    if jobs <= 0:
        jobs = os.cpu_count() or 1
    return max(1, min(jobs, n_files))


def iter_check_files(linter: Linter, files: t.Sequence[str], opts: RunOptions, jobs: int = 1
                     ) -> t.Iterator[LintResult]:
    """``check_one`` for every file, in order, in ``jobs`` processes when that can help; each
    result is yielded as soon as it and all earlier ones are done (so the caller can report
    progress and write fixes while later files are checked)."""
    n = effective_jobs(jobs, len(files))
    if n <= 1:
        for path in files:
            yield check_one(linter, path, opts)
        return
    from concurrent.futures import ProcessPoolExecutor

    chunk = max(1, min(8, len(files) // (n * 4)))
    try:
        pool = ProcessPoolExecutor(max_workers=n, initializer=_init, initargs=(linter.settings, opts))
    except (OSError, NotImplementedError):  # no working multiprocessing (e.g. no /dev/shm): go serial
        for path in files:
            yield check_one(linter, path, opts)
        return
    with pool:
        for packed in pool.map(_check, files, chunksize=chunk):
            yield _unpack(packed, linter)


def _init(settings, opts: RunOptions) -> None:
    global _worker
    from lint.registry import default_registry

    _worker = (Linter(default_registry(), settings), opts)


def _check(path: str) -> tuple:
    assert _worker is not None
    linter, opts = _worker
    result = check_one(linter, path, opts)
    if opts.release and not (opts.fix or opts.diff):
        # Released here, the parent receives only what its reporters read (the parent releases
        # fixed files itself, after writing them).
        release(result, opts.keep_text)
        return _pack(result, ship=lambda doc: doc)
    return _pack(result)


def _pack_finding(f: Finding) -> tuple:
    fix = None if f.fix is None else (f.fix.applicability.value, tuple((e.start, e.end, e.replacement) for e in f.fix.edits))
    return (f.start, f.end, f.message, fix, f.severity.value if f.severity else None, f.rule.code, f.related)


def _unpack_finding(p: tuple, registry) -> Finding:
    start, end, message, fix, severity, code, related = p
    if fix is not None:
        edits = tuple(Edit(s, e, r) for s, e, r in fix[1])
        fix = Fix.safe(*edits) if fix[0] == "safe" else Fix.unsafe(*edits)
    return Finding(start, end, message, fix=fix, severity=Severity(severity) if severity else None,
                   rule=registry.get(code), related=tuple(related))


def _slim(doc):
    if doc is not None:
        doc._lines = None  # rebuilt on demand; no need to ship it
        doc._memo.clear()  # rules' shared analyses: derived, not part of the result
    return doc


def _pack(r: LintResult, ship: t.Callable = _slim) -> tuple:
    return (r.path, ship(r.document), [_pack_finding(f) for f in r.findings], r.error, r.notes, r.fixed,
            r.fixed_text, ship(r.original))


def _unpack(p: tuple, linter: Linter) -> LintResult:
    path, doc, findings, error, notes, fixed, fixed_text, original = p
    return LintResult(path, doc, [_unpack_finding(f, linter.registry) for f in findings], error=error,
                      notes=list(notes), fixed=fixed, fixed_text=fixed_text, original=original)
