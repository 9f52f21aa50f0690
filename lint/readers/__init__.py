"""Readers turn a file into one :class:`~lint.document.Document`, built once per file."""
from __future__ import annotations

import os

from lint.document import Document
from lint.readers.decode import decode
from lint.readers.text import read_text

MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd")
DOCX_SUFFIXES = (".docx",)


def parse(path: str, text: str, source=None) -> Document:
    """Build the document model for ``text`` as the reader for ``path``'s extension would."""
    if path.lower().endswith(MARKDOWN_SUFFIXES):
        from lint.readers.markdown import read_markdown

        return read_markdown(path, text, source)
    return read_text(path, text, source)


def read_bytes(path: str, data: bytes, encoding: str | None = None) -> Document:
    from lint.document import content_digest

    if path.lower().endswith(DOCX_SUFFIXES):  # a zip of XML, not text: its own reader
        from lint.readers.docx import read_docx

        return read_docx(path, data)

    text, source = decode(data, path, encoding)
    source.digest = content_digest(data)
    return parse(path, text, source)


def read_path(path: str | os.PathLike, encoding: str | None = None) -> Document:
    from lint.errors import InputError

    p = os.fspath(path)
    try:
        with open(p, "rb") as fh:
            data = fh.read()
    except FileNotFoundError:
        raise InputError(p, "文件不存在 no such file") from None
    except IsADirectoryError:
        raise InputError(p, "是目录 is a directory") from None
    except PermissionError:
        raise InputError(p, "无权读取 permission denied") from None
    except OSError as e:
        raise InputError(p, f"无法读取 cannot read: {e.strerror or e}") from None
    return read_bytes(p, data, encoding)
