"""The command line: formats, exit codes, stdin, selection, configuration errors."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from lint.cli import cli

BAD = "（上接第三版）会议强调，要坚持稳中求进。\n"
GOOD = "会议强调，要坚持稳中求进。\n"


def run(*args, input=None, cwd=None):
    return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)


@pytest.fixture
def files(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bad.txt").write_text(BAD, encoding="utf-8")
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    return tmp_path


def test_exit_codes(files):
    assert run("check", "good.txt").exit_code == 0
    assert run("check", "bad.txt").exit_code == 1
    assert run("check", "missing.txt").exit_code == 2
    assert run("check").exit_code == 2  # no path: usage error
    assert run("check", "--format", "nope", "bad.txt").exit_code == 2


def test_text_report_has_location_caret_and_summary(files):
    r = run("check", "bad.txt", "--no-color")
    lines = r.output.splitlines()
    assert lines[0] == "bad.txt:1:1: ZH301 [page-marker] error: 转版标记“（上接第三版）”不属于正文，应删除"
    assert lines[1] == "    （上接第三版）会议强调，要坚持稳中求进。"
    assert lines[2] == "    " + "^" * 14  # seven wide characters take fourteen columns
    assert "检查了 1 个文件，发现 1 个问题" in r.output
    assert "\x1b[" not in r.output


def test_json_contract(files):
    r = run("check", "--format", "json", "bad.txt", "good.txt")
    data = json.loads(r.output)
    assert data == [{
        "path": "bad.txt", "line": 1, "column": 1, "end_line": 1, "end_column": 8,
        "code": "ZH301", "rule": "page-marker", "severity": "error",
        "message": "转版标记“（上接第三版）”不属于正文，应删除",
        "fix": {"replacement": "", "applicability": "safe",
                "edits": [{"line": 1, "column": 1, "end_line": 1, "end_column": 8, "replacement": ""}]},
    }]


def test_json_is_an_empty_array_when_clean(files):
    r = run("check", "--format", "json", "good.txt")
    assert r.exit_code == 0 and json.loads(r.output) == []


def test_stdin_with_filename(files):
    r = run("check", "-", "--stdin-filename", "x.md", "--format", "json", input=BAD.encode())
    assert r.exit_code == 1
    assert json.loads(r.output)[0]["path"] == "x.md"


def test_select_and_ignore(files):
    assert run("check", "bad.txt", "--ignore", "page-marker").exit_code == 0
    assert run("check", "bad.txt", "--ignore", "ZH3").exit_code == 0
    assert run("check", "bad.txt", "--ignore", "pagination").exit_code == 0
    assert run("check", "bad.txt", "--select", "ZH301").exit_code == 1
    r = run("check", "bad.txt", "--select", "page-markr")
    assert r.exit_code == 2 and "did you mean 'page-marker'" in r.output


def test_directory_recursion_and_empty_directory(files):
    (files / "sub").mkdir()
    (files / "sub" / "more.md").write_text("# 标题\n\n（下转第四版）\n", encoding="utf-8")
    (files / "sub" / "image.png").write_bytes(b"\x89PNG\x00\x00")
    data = json.loads(run("check", ".", "--format", "json").output)
    assert sorted({d["path"] for d in data}) == ["bad.txt", "sub/more.md"]
    (files / "empty").mkdir()
    r = run("check", "empty")
    assert r.exit_code == 2 and "empty" in r.output


def test_bad_file_is_reported_and_others_still_checked(files):
    (files / "binary.txt").write_bytes(b"\x00\x01\x02binary")
    r = run("check", "binary.txt", "bad.txt", "--format", "json")
    assert r.exit_code == 2
    assert "binary.txt" in r.stderr and "binary" in r.stderr
    assert json.loads(r.stdout)[0]["path"] == "bad.txt"


def test_fix_and_diff(files):
    r = run("check", "--diff", "bad.txt")
    assert r.exit_code == 1
    assert "-（上接第三版）会议强调" in r.output and "+会议强调" in r.output
    assert (files / "bad.txt").read_text(encoding="utf-8") == BAD  # --diff writes nothing
    r = run("check", "--fix", "bad.txt")
    assert (files / "bad.txt").read_text(encoding="utf-8") == GOOD
    assert r.exit_code == 0  # nothing left after the fix


def test_output_file_keeps_exit_code(files):
    r = run("check", "bad.txt", "--format", "json", "--output", "report.json")
    assert r.exit_code == 1
    assert json.loads((files / "report.json").read_text(encoding="utf-8"))[0]["rule"] == "page-marker"


def test_rules_listing_and_docs():
    r = run("rules")
    assert r.exit_code == 0 and "ZH301  page-marker" in r.output
    r = run("rules", "page-marker")
    assert "\n### 反例\n" in r.output and r.output.startswith("## ZH301 page-marker")
    assert run("rules", "ZH301").output == r.output
    assert run("rules", "page-markr").exit_code == 2


def test_python_dash_m_and_version():
    out = subprocess.run([sys.executable, "-m", "lint", "--version"], capture_output=True, text=True)
    assert out.returncode == 0 and out.stdout.startswith("jiaodui, version ")


def test_help_does_not_import_rule_dependencies():
    code = ("import sys; from click.testing import CliRunner; from lint.cli import cli; "
            "CliRunner().invoke(cli, ['--help']); CliRunner().invoke(cli, ['--version']); "
            "heavy = [m for m in ('rjieba', 'opencc', 'rapidfuzz', 'ahocorasick', 'markdown_it', 'rules') "
            "if m in sys.modules]; print(heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.stdout.strip() == "[]", out.stderr


def test_text_excerpt_is_clipped_around_long_ranges():
    from lint.cjk import display_width
    from lint.formats.text import _excerpt

    line = "甲" * 30 + "乙" * 300
    shown, caret = _excerpt(line, 31, 331)  # the range covers the 300 乙
    assert shown.startswith("…") and shown.endswith("…")
    assert display_width(shown) <= 122
    assert caret.startswith(" " * (1 + 40)) and set(caret.strip()) == {"^"}
    assert display_width(caret) <= display_width(shown)


def test_text_report_describes_fixes_outside_the_range(files):
    (files / "split.txt").write_text(
        "网上主流思想舆论不断巩固壮大，积极健康的优质网络内容不断增加，时代主旋律在互\n\n"
        "联网上高亢响亮，先进文化和时代精神充盈网络空间。\n", encoding="utf-8")
    r = run("check", "split.txt", "--select", "broken-paragraph", "--no-color")
    assert "修复（" in r.output and "删除“↵↵”" in r.output
