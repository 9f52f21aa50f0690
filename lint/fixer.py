"""Applies fixes: non-overlapping edits, repeated until stable; atomic, byte-faithful writes."""
from __future__ import annotations

import os
import tempfile
import typing as t

from lint.document import Document, Source, content_digest
from lint.errors import InputError
from lint.model import Applicability, Edit, Finding

MAX_ROUNDS = 10


def applicable(f: Finding, unsafe: bool) -> bool:
    return f.fix is not None and (f.fix.applicability is Applicability.SAFE or unsafe)


def apply_fixes(text: str, findings: t.Iterable[Finding], unsafe: bool = False) -> tuple[str, int]:
    """Apply every applicable fix whose edits do not overlap an earlier accepted fix.

    Returns the new text and the number of fixes applied.
    """
    accepted: list[Edit] = []
    count = 0
    taken: list[tuple[int, int]] = []
    for f in sorted((f for f in findings if applicable(f, unsafe)), key=lambda f: (f.fix.start, f.fix.end)):
        edits = f.fix.edits
        if any(_overlaps(e, a, b) for e in edits for a, b in taken):
            continue
        accepted.extend(edits)
        taken.extend((e.start, e.end) for e in edits)
        count += 1
    if not accepted:
        return text, 0
    parts: list[str] = []
    pos = 0
    for e in sorted(accepted, key=lambda e: (e.start, e.end)):
        parts.append(text[pos:e.start])
        parts.append(e.replacement)
        pos = e.end
    parts.append(text[pos:])
    return "".join(parts), count


def _overlaps(e: Edit, a: int, b: int) -> bool:
    """Whether edit ``e`` conflicts with an accepted edit over ``[a, b)``; an insertion
    conflicts with anything touching its point, so the order of edits is never ambiguous."""
    if e.start < b and a < e.end:
        return True
    if e.start == e.end and a <= e.start <= b:
        return True
    return a == b and e.start <= a <= e.end


def fix_document(doc: Document, lint: t.Callable[[Document], list[Finding]], unsafe: bool = False
                 ) -> tuple[Document, int, list[Finding]]:
    """Lint and fix until no applicable fix is left (at most MAX_ROUNDS rounds).

    Returns the final document, the number of fixes applied and the remaining findings.
    """
    from lint.readers import parse

    total = 0
    findings = lint(doc)
    for _ in range(MAX_ROUNDS):
        text, n = apply_fixes(doc.text, _native_newlines(findings, doc.source.newline), unsafe)
        if n == 0 or text == doc.text:
            break
        total += n
        doc = parse(doc.path, text, doc.source)
        findings = lint(doc)
    return doc, total, findings


def _native_newlines(findings: list[Finding], newline: str) -> list[Finding]:
    """Line breaks a fix inserts take the file's own style (a CRLF file stays CRLF)."""
    if newline == "\n":
        return findings
    import dataclasses
    import re

    out = []
    for f in findings:
        if f.fix is not None and any("\n" in e.replacement for e in f.fix.edits):
            edits = tuple(dataclasses.replace(e, replacement=re.sub(r"\r\n|\n", newline, e.replacement))
                          for e in f.fix.edits)
            f = dataclasses.replace(f, fix=dataclasses.replace(f.fix, edits=edits))
        out.append(f)
    return out


def encode(text: str, source: Source) -> bytes:
    data = text.encode(source.encoding)
    if source.bom:
        import codecs

        bom = {"utf-8": codecs.BOM_UTF8, "utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE,
               "utf-32-le": codecs.BOM_UTF32_LE, "utf-32-be": codecs.BOM_UTF32_BE}.get(source.encoding.lower(), b"")
        data = bom + data
    return data


def write_atomic(path: str, text: str, source: Source) -> None:
    """Write ``text`` back in the file's original encoding and BOM (newlines are kept in the
    text itself), via a temporary file in the same directory and an atomic replace.  Refuses
    when the file changed since it was read."""
    try:
        data = encode(text, source)
    except UnicodeEncodeError as e:
        raise InputError(path, f"修复后的文本无法用 {source.encoding} 编码 fixed text not encodable: {e.reason}") from None
    # Write through a symbolic link to its target: replacing the link with a regular file would
    # silently detach it.
    target = os.path.realpath(path) if os.path.islink(path) else path
    try:
        with open(target, "rb") as fh:
            current = fh.read()
    except OSError as e:
        raise InputError(path, f"cannot re-read before writing: {e.strerror or e}") from None
    if source.digest is not None and content_digest(current) != source.digest:
        raise InputError(path, "文件在检查期间被修改，未写入 file changed while it was being checked; not written")
    directory = os.path.dirname(os.path.abspath(target))
    mode = os.stat(target).st_mode & 0o7777
    fd, tmp = tempfile.mkstemp(prefix=".jiaodui-", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
