"""Configuration: discovery, validation with suggestions, selection, severities, per-file ignores,
inline suppression."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from lint.cli import cli
from lint.config import find_config, settings_from_dict
from lint.errors import ConfigError
from lint.registry import default_registry

BAD = "（上接第三版）会议强调，要坚持稳中求进。\n"


def run(*args, input=None):
    return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.txt").write_text(BAD, encoding="utf-8")
    return tmp_path


def test_discovers_pyproject_upward(project):
    (project / "pyproject.toml").write_text('[tool.jiaodui]\nignore = ["page-marker"]\n', encoding="utf-8")
    assert find_config(str(project / "docs" / "a.txt")) == str(project / "pyproject.toml")
    assert run("check", "docs/a.txt").exit_code == 0


def test_pyproject_without_tool_section_is_skipped(project):
    (project / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    assert find_config(str(project / "docs")) is None or "pyproject" not in find_config(str(project / "docs"))


def test_jiaodui_toml_and_severity_override(project):
    (project / "jiaodui.toml").write_text('[severity]\n"page-marker" = "info"\n', encoding="utf-8")
    data = json.loads(run("check", "docs/a.txt", "--format", "json").output)
    assert data[0]["severity"] == "info"


def test_per_file_ignores(project):
    (project / ".jiaodui.toml").write_text('[per-file-ignores]\n"docs/*.txt" = ["ZH3"]\n', encoding="utf-8")
    assert run("check", "docs/a.txt").exit_code == 0


def test_explicit_config_overrides_discovery(project):
    (project / "jiaodui.toml").write_text('ignore = ["page-marker"]\n', encoding="utf-8")
    (project / "strict.toml").write_text('select = ["ALL"]\n', encoding="utf-8")
    assert run("check", "docs/a.txt").exit_code == 0
    assert run("check", "docs/a.txt", "--config", "strict.toml").exit_code == 1


@pytest.mark.parametrize("content,needle", [
    ('selcet = ["ALL"]\n', "unknown key 'selcet'; did you mean 'select'?"),
    ('ignore = ["page-markr"]\n', "did you mean 'page-marker'?"),
    ('ignore = "page-marker"\n', "'ignore' must be a list of strings"),
    ('[rules.page-markr]\nx = 1\n', "unknown rule 'rules.page-markr'"),
    ('[rules.page-marker]\nx = 1\n', "unknown option 'rules.page-marker.x'"),
    ('[words]\nalow = ["x"]\n', "did you mean 'allow'?"),
    ('[severity]\n"page-marker" = "fatal"\n', "must be error, warning or info"),
    ('select = [\n', "invalid TOML"),
])
def test_config_errors_exit_2_naming_file_and_key(project, content, needle):
    (project / "jiaodui.toml").write_text(content, encoding="utf-8")
    r = run("check", "docs/a.txt")
    assert r.exit_code == 2
    assert "jiaodui.toml" in r.output and needle in r.output
    assert "Traceback" not in r.output


def test_missing_config_file(project):
    r = run("check", "docs/a.txt", "--config", "nope.toml")
    assert r.exit_code == 2 and "nope.toml" in r.output


def test_settings_words_allow():
    s = settings_from_dict({"words": {"allow": ["道劲"]}}, default_registry())
    assert s.allow == ["道劲"]
    with pytest.raises(ConfigError):
        settings_from_dict({"words": {"allow": "道劲"}}, default_registry())


def test_markdown_inline_suppression(project):
    md = ("（上接第一版）第一段。\n\n"
          "<!-- jiaodui-disable-next-line page-marker -->\n（上接第二版）第二段。\n\n"
          "<!-- jiaodui-disable ZH301 -->\n\n（上接第三版）第三段。\n\n<!-- jiaodui-enable ZH301 -->\n\n"
          "（上接第四版）第四段。\n\n<!-- jiaodui-disable -->\n\n（上接第五版）第五段。\n")
    (project / "s.md").write_text(md, encoding="utf-8")
    data = json.loads(run("check", "s.md", "--format", "json").output)
    assert [d["line"] for d in data] == [1, 12]


def test_respect_gitignore_key(project):
    import subprocess

    subprocess.run(["git", "init", "-q"], cwd=project, check=True)
    (project / ".gitignore").write_text("ignored/\n", encoding="utf-8")
    (project / "ignored").mkdir()
    (project / "ignored" / "b.txt").write_text(BAD, encoding="utf-8")
    paths = lambda: sorted({d["path"] for d in json.loads(run("check", ".", "--format", "json").output)})
    assert paths() == ["docs/a.txt"]
    (project / "jiaodui.toml").write_text("respect-gitignore = false\n", encoding="utf-8")
    assert paths() == ["docs/a.txt", "ignored/b.txt"]
    (project / "jiaodui.toml").write_text('respect-gitignore = "no"\n', encoding="utf-8")
    assert run("check", ".").exit_code == 2
