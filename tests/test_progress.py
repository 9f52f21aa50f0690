"""Progress on standard error: only on a terminal and only for many files."""
from __future__ import annotations

import io

from click.testing import CliRunner

from lint import progress
from lint.cli import cli
from lint.progress import Progress


class FakeTTY(io.StringIO):
    def isatty(self) -> bool:
        return True


def run(stream, total: int) -> str:
    with Progress(total, stream) as p:
        for i in range(total):
            p.advance(f"f{i}.txt")
    return stream.getvalue()


def test_silent_when_not_a_terminal():
    assert run(io.StringIO(), 500) == ""


def test_silent_for_few_files(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    assert run(FakeTTY(), progress.MIN_FILES - 1) == ""


def test_shown_on_a_terminal_and_erased_at_the_end(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    out = run(FakeTTY(), 200)
    assert "检查中 1/200" in out and "200/200" in out  # first and last file always drawn
    assert out.endswith("\r\x1b[K")  # the line is gone before the report is printed


def test_dumb_terminal_is_silent(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv("TERM", "dumb")
    assert run(FakeTTY(), 200) == ""


def test_cli_with_many_files_prints_no_progress_when_piped(tmp_path):
    for i in range(progress.MIN_FILES + 5):
        (tmp_path / f"{i:03}.txt").write_text("一切正常。\n", encoding="utf-8")
    res = CliRunner().invoke(cli, ["check", str(tmp_path)])
    assert res.exit_code == 0, res.output
    assert "检查中" not in res.output and "\x1b" not in res.output
