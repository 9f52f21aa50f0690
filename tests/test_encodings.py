"""Encodings: detection, explicit --encoding, clear errors, and byte-faithful --fix.

The samples in fixtures/encodings/ hold the same few paragraphs (with page markers, so there is
something to fix) in different encodings, BOMs and newline styles.  Findings are compared with
those of the same text read as UTF-8, so the tests do not depend on which rules exist.
"""
from __future__ import annotations

import codecs
import shutil

import pytest
from click.testing import CliRunner

from harness import FIXTURES, golden_lines, linter_for
from lint.cli import cli
from lint.errors import InputError
from lint.fixer import fix_document
from lint.readers import parse, read_path
from lint.readers.decode import BinaryFileError, decode

ENC = FIXTURES / "encodings"
BOM = {"utf-8": codecs.BOM_UTF8, "utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE,
       "utf-32-le": codecs.BOM_UTF32_LE}

# file: (Source.encoding, bom, newline, detected)
SAMPLES = {
    "utf8.txt": ("utf-8", False, "\n", False),
    "utf8-bom.txt": ("utf-8", True, "\n", False),
    "utf8-bom-crlf.md": ("utf-8", True, "\r\n", False),
    "utf16le-bom.txt": ("utf-16-le", True, "\n", False),
    "utf16be-bom.txt": ("utf-16-be", True, "\n", False),
    "utf16le-bom-crlf.md": ("utf-16-le", True, "\r\n", False),
    "utf32le-bom.txt": ("utf-32-le", True, "\n", False),
    "gb18030.txt": ("gb18030", False, "\n", True),
    "gbk.txt": ("gb18030", False, "\n", True),
    "gbk-crlf.md": ("gb18030", False, "\r\n", True),
    "gb2312-short.txt": ("gb18030", False, "\n", True),
    "big5.txt": ("big5", False, "\n", True),
    "big5-crlf.txt": ("big5", False, "\r\n", True),
    "crlf.txt": ("utf-8", False, "\r\n", False),
    "cr.txt": ("utf-8", False, "\r", False),
    "mixed-newlines.txt": ("utf-8", False, "\r\n", False),
}
# What each sample says, independently of the decoder (the generator's source text).
TEXT_OF = {
    "gb2312-short.txt": "中华人民共和国成立了。\n",
}
WITH_DEFECTS = sorted(set(SAMPLES) - set(TEXT_OF))


def _break_styles(text: str) -> set[str]:
    import re

    return set(re.findall(r"\r\n|\r|\n", text))


def _run(args, **kw):
    return CliRunner().invoke(cli, ["check", "--no-color", *args], catch_exceptions=False, **kw)


def _expected_text(name: str) -> str:
    """The sample decoded without the code under test: strip the BOM, decode with the codec
    the file was written in."""
    data = (ENC / name).read_bytes()
    enc, bom, _, _ = SAMPLES[name]
    if bom:
        assert data.startswith(BOM[enc])
        data = data[len(BOM[enc]):]
    return data.decode({"gb18030": "gb18030", "big5": "big5"}.get(enc, enc))


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_sample_is_decoded_exactly(name):
    doc = read_path(str(ENC / name))
    enc, bom, newline, detected = SAMPLES[name]
    assert (doc.source.encoding, doc.source.bom, doc.source.newline, doc.source.detected) == (enc, bom, newline, detected)
    assert doc.text == _expected_text(name)
    assert "\ufeff" not in doc.text
    if name in TEXT_OF:
        assert doc.text == TEXT_OF[name]
    # Nothing is lost: the text re-encodes to exactly the bytes read.
    assert BOM.get(enc, b"") * bom + doc.text.encode(enc) == (ENC / name).read_bytes()


@pytest.mark.parametrize("name", WITH_DEFECTS)
def test_findings_match_the_utf8_reading(name):
    linter = linter_for()
    doc = read_path(str(ENC / name))
    reference = parse(str(ENC / name), doc.text)  # the same text, as if it had been UTF-8
    assert golden_lines(doc, linter.lint(doc)) == golden_lines(reference, linter.lint(reference))
    assert linter.lint(doc), "samples contain page markers: something must be found"


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_cli_note_names_the_detected_encoding(name, tmp_path):
    shutil.copy(ENC / name, tmp_path / name)
    result = _run([str(tmp_path / name)])
    assert result.exit_code == (1 if name in WITH_DEFECTS else 0), result.output
    enc, _, _, detected = SAMPLES[name]
    notes = [line for line in result.stderr.splitlines() if "decoded as" in line]
    assert notes == ([f"jiaodui: {tmp_path / name}: 按 {enc} 编码读取 decoded as {enc}"] if detected else [])


@pytest.mark.parametrize("name", WITH_DEFECTS)
def test_fix_writes_back_encoding_bom_and_newlines(name, tmp_path):
    target = tmp_path / name
    shutil.copy(ENC / name, target)
    original = target.read_bytes()
    result = _run(["--fix", "--unsafe-fixes", str(target)])
    assert result.exit_code in (0, 1), result.output
    after = target.read_bytes()
    assert after != original, "the sample's page markers should have been removed"

    enc, bom, newline, _ = SAMPLES[name]
    doc = read_path(str(ENC / name))
    fixed, _, _ = fix_document(doc, linter_for().lint, unsafe=True)
    assert after == BOM.get(enc, b"") * bom + fixed.text.encode(enc)
    text = after[len(BOM.get(enc, b"")) * bom:].decode(enc)
    assert "上接第三版" not in text
    if name != "mixed-newlines.txt":  # one style in, the same style out
        assert _break_styles(text) == {newline}
    # Fixing again changes nothing.
    _run(["--fix", "--unsafe-fixes", str(target)])
    assert target.read_bytes() == after


def test_mixed_newlines_keep_every_break_as_it_was(tmp_path):
    target = tmp_path / "mixed.txt"
    target.write_bytes("第一行文字。\r\n\r\n（上接第三版）第二段文字。\n\n第三段文字。\r\r尾段（下转第十一版）\r\n".encode())
    _run(["--fix", str(target)])
    assert target.read_bytes() == "第一行文字。\r\n\r\n第二段文字。\n\n第三段文字。\r\r尾段\r\n".encode()


def test_inserted_line_breaks_follow_the_file_style():
    from lint.model import Edit, Finding, Fix

    doc = parse("a.txt", "甲。\r\n乙。\r\n")
    doc.source.newline = "\r\n"

    def lint(d):  # one fix that splits the first line, then nothing
        return [Finding(1, 1, "x", fix=Fix.safe(Edit(1, 1, "\n")))] if d.text.startswith("甲。") else []

    fixed, n, _ = fix_document(doc, lint)
    assert n == 1 and fixed.text == "甲\r\n。\r\n乙。\r\n"


def test_short_gbk_is_not_mistaken_for_korean():
    # charset-normalizer alone calls this cp949.
    text, source = decode("中华人民共和国成立了。".encode("gbk"), "x.txt")
    assert (text, source.encoding, source.detected) == ("中华人民共和国成立了。", "gb18030", True)


@pytest.mark.parametrize("text", [
    "本报台北电　行政院今天举行记者会，介绍经济运行情况。",
    "據報導，台灣的經濟成長率今年預計將達到百分之三。",
    "会议指出，要坚持稳中求进工作总基调，完整、准确、全面贯彻新发展理念。",
])
def test_gb_and_big5_are_told_apart(text):
    for enc in ("gb18030", "big5"):
        try:
            data = text.encode(enc)
        except UnicodeEncodeError:
            continue
        got, source = decode(data, "x.txt")
        assert (got, source.encoding) == (text, enc)


def test_explicit_encoding_skips_detection(tmp_path):
    target = tmp_path / "a.txt"
    shutil.copy(ENC / "gbk.txt", target)
    result = _run(["--encoding", "gbk", str(target)])
    assert result.exit_code == 1
    assert "decoded as" not in result.stderr
    doc = read_path(str(target), "GBK")
    assert doc.source.encoding == "gbk" and not doc.source.detected


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf_16_be"])
def test_explicit_unicode_encoding_without_bom_writes_no_bom(encoding, tmp_path):
    codec = {"utf-8-sig": "utf-8", "utf-16": "utf-16-le", "utf_16_be": "utf-16-be"}[encoding]
    data = "（上接第三版）正文。\n".encode(codec)
    text, source = decode(data, "x.txt", encoding)
    assert text == "（上接第三版）正文。\n"
    assert source.bom is False
    target = tmp_path / "a.txt"
    target.write_bytes(data)
    _run(["--fix", "--encoding", encoding, str(target)])
    assert target.read_bytes() == "正文。\n".encode(codec)


def test_a_bom_wins_over_the_configured_encoding():
    data = codecs.BOM_UTF8 + "正文。".encode()
    text, source = decode(data, "x.txt", "gb18030")
    assert (text, source.encoding, source.bom) == ("正文。", "utf-8", True)


@pytest.mark.parametrize("encoding,cause", [
    ("utf-8", "cannot decode as utf-8"),
    ("no-such-codec", "unknown encoding 'no-such-codec'"),
    ("rot13", "unknown encoding 'rot13'"),  # a str-to-str codec, not a text encoding
    ("base64", "unknown encoding 'base64'"),
])
def test_bad_explicit_encoding_is_one_clear_error(encoding, cause, tmp_path):
    target = tmp_path / "a.txt"
    shutil.copy(ENC / "gbk.txt", target)
    with pytest.raises(InputError) as e:
        read_path(str(target), encoding)
    assert str(e.value).startswith(f"{target}: ") and cause in str(e.value)
    result = _run(["--encoding", encoding, str(target)])
    assert result.exit_code == 2
    errors = [line for line in result.stderr.splitlines() if line.startswith("jiaodui: ")]
    assert len(errors) == 1 and cause in errors[0]


@pytest.mark.parametrize("name,cause", [
    ("invalid-utf8.txt", "not valid UTF-8 (第 3 行 line 3, byte 29 0xff"),
    ("utf8-encoded-surrogate.txt", "not valid UTF-8"),
    ("utf16le-lone-surrogate.txt", "illegal UTF-16 surrogate"),
])
def test_undecodable_file_is_an_error_and_the_others_are_still_checked(name, cause, tmp_path):
    shutil.copy(ENC / name, tmp_path / name)
    shutil.copy(ENC / "gbk.txt", tmp_path / "z.txt")
    result = _run([str(tmp_path)])
    assert result.exit_code == 2
    errors = [line for line in result.stderr.splitlines() if line.startswith(f"jiaodui: {tmp_path / name}: ")]
    assert len(errors) == 1 and cause in errors[0], result.stderr
    assert f"{tmp_path / 'z.txt'}:1:1: ZH301" in result.stdout


def test_binary_file_is_skipped_with_a_message(tmp_path):
    shutil.copy(ENC / "binary.txt", tmp_path / "binary.txt")
    shutil.copy(ENC / "utf8.txt", tmp_path / "utf8.txt")
    message = f"jiaodui: {tmp_path / 'binary.txt'}: 二进制文件（含 NUL 字节），已跳过 binary file"
    # Found by walking a directory: skipped with a note, no error.
    result = _run([str(tmp_path)])
    assert result.exit_code == 1
    assert message in result.stderr
    assert "binary.txt:" not in result.stdout
    assert f"{tmp_path / 'utf8.txt'}:1:1: ZH301" in result.stdout
    # Named explicitly: the same message, and an error (exit 2) since it could not be checked.
    result = _run([str(tmp_path / "binary.txt"), str(tmp_path / "utf8.txt")])
    assert result.exit_code == 2
    assert message in result.stderr and f"{tmp_path / 'utf8.txt'}:1:1: ZH301" in result.stdout
    with pytest.raises(BinaryFileError):
        read_path(str(ENC / "binary.txt"))


@pytest.mark.parametrize("name", ["empty.txt", "bom-only.txt"])
def test_empty_files(name, tmp_path):
    doc = read_path(str(ENC / name))
    assert doc.text == "" and doc.blocks == []
    shutil.copy(ENC / name, tmp_path / name)
    result = _run(["--fix", str(tmp_path / name)])
    assert result.exit_code == 0
    assert (tmp_path / name).read_bytes() == (ENC / name).read_bytes()


def test_fix_that_cannot_be_encoded_is_refused(tmp_path):
    from lint.document import Source
    from lint.fixer import write_atomic

    target = tmp_path / "a.txt"
    target.write_bytes("正文。".encode("big5"))
    with pytest.raises(InputError, match="not encodable"):
        write_atomic(str(target), "正文😀。", Source(encoding="big5"))
    assert target.read_bytes() == "正文。".encode("big5")


def test_fix_writes_through_a_symlink(tmp_path):
    real = tmp_path / "real.txt"
    shutil.copy(ENC / "gbk.txt", real)
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    _run(["--fix", str(link)])
    assert link.is_symlink()
    assert "上接第三版" not in real.read_bytes().decode("gbk")


@pytest.mark.parametrize("data,where", [
    ("国家统计局新闻发言人表示，经济运行稳中有进。".encode()[:30] + b"\x93" + "结尾。".encode(), "byte 30 0x93"),
    ("第一段。\n\n第二段“引文".encode() + b"\x94\n", "line 3, byte 32 0x94"),
    ("Café naïve résumé, déjà vu.".encode("cp1252"), "byte 3 0xe9"),
])
def test_stray_bytes_are_reported_not_read_as_a_legacy_encoding(data, where):
    # UTF-8 text with one bad byte also decodes as GB18030 (into nonsense): it must be an error
    # that points at the byte, not a silently garbled reading.
    with pytest.raises(InputError) as e:
        decode(data, "x.txt")
    assert str(e.value).startswith("x.txt: ") and "not valid UTF-8" in str(e.value) and where in str(e.value)
    assert "\n" not in str(e.value)
