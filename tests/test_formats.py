"""Machine-readable reports: SARIF 2.1.0 (validated against the official schema), GitHub
workflow commands (escaping), reviewdog rdjson (UTF-8 byte columns), concise."""
from __future__ import annotations

import json
import re
from io import StringIO
from pathlib import Path

import pytest
from click.testing import CliRunner

from lint.cli import cli
from lint.config import Settings
from lint.engine import LintResult, Linter
from lint.formats import FORMATS, renderer
from lint.model import Edit, Finding, Fix, Severity, rule
from lint.readers import parse
from lint.registry import Registry

ROOT = Path(__file__).resolve().parent.parent

SCHEMA = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"


@rule(code="ZH991", name="test-marker", category="test", severity=Severity.ERROR, fixable="always")
def _marker(doc, ctx):
    """测试规则：标出“■”。

    ## 检查什么
    字符“■”。
    """
    for m in re.finditer("■", doc.text):
        yield Finding(m.start(), m.end(), "多余的“■”，应删除", fix=Fix.safe(Edit(m.start(), m.end())))


@rule(code="ZH992", name="test-special", category="test", severity=Severity.WARNING)
def _special(doc, ctx):
    """测试规则：消息里有需要转义的字符。"""
    i = doc.text.find("§")
    if i >= 0:
        yield Finding(i, i + 1, "百分之百%，逗号,冒号:\r\n第二行", severity=Severity.INFO, related=(0,))


@rule(code="ZH993", name="test-unsafe", category="test", severity=Severity.WARNING, fixable="sometimes")
def _unsafe(doc, ctx):
    """测试规则：不安全修复。"""
    i = doc.text.find("𠮷")
    if i >= 0:
        yield Finding(i, i + 2, "“𠮷野”可能应为“吉野”", fix=Fix.unsafe(Edit(i, i + 1, "吉")))


REGISTRY = Registry([_marker, _special, _unsafe])
TEXT = "■开头。\n\n第二段𠮷野家§结束■。\n"


def results(path: str = "docs/a,b:c.md", text: str = TEXT) -> list[LintResult]:
    doc = parse(path, text)
    linter = Linter(REGISTRY, Settings())
    return [LintResult(path, doc, linter.lint(doc)), LintResult("broken.txt", None, error="unreadable")]


def render(fmt: str, res=None) -> str:
    out = StringIO()
    renderer(fmt)(results() if res is None else res, REGISTRY, out)
    return out.getvalue()


def test_every_format_is_registered_and_renders_an_empty_run():
    assert {"text", "json", "sarif", "github", "rdjson", "concise"} <= set(FORMATS)
    for fmt in FORMATS:
        render(fmt, [])  # no crash on nothing to report


# --- SARIF -------------------------------------------------------------------------------

def test_sarif_validates_against_the_official_schema():
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    log = json.loads(render("sarif"))
    jsonschema.Draft4Validator(schema).validate(log)
    # The validator must be able to fail: a wrong columnKind and a missing message are rejected.
    bad = json.loads(render("sarif"))
    bad["runs"][0]["columnKind"] = "codePoints"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft4Validator(schema).validate(bad)
    del log["runs"][0]["results"][0]["message"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft4Validator(schema).validate(log)


def test_sarif_content():
    log = json.loads(render("sarif"))
    assert log["version"] == "2.1.0"
    run = log["runs"][0]
    assert run["columnKind"] == "unicodeCodePoints"
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == ["ZH991", "ZH992", "ZH993"]
    assert rules[0]["name"] == "test-marker"
    assert rules[0]["help"]["text"].startswith("测试规则：标出“■”。")
    assert "## ZH991 test-marker" in rules[0]["help"]["markdown"]
    assert rules[0]["defaultConfiguration"]["level"] == "error"
    by_rule = {}
    for res in run["results"]:
        by_rule.setdefault(res["ruleId"], []).append(res)
        assert rules[res["ruleIndex"]]["id"] == res["ruleId"]
    # Severities: error -> error, warning -> warning, info -> note.
    assert {r["level"] for r in by_rule["ZH991"]} == {"error"}
    assert by_rule["ZH992"][0]["level"] == "note"
    assert by_rule["ZH993"][0]["level"] == "warning"
    loc = by_rule["ZH993"][0]["locations"][0]["physicalLocation"]
    # Code points: 𠮷 (outside the BMP) is one column; "第二段" precedes it on line 3.
    assert loc["region"] == {"startLine": 3, "startColumn": 4, "endLine": 3, "endColumn": 6, "snippet": {"text": "𠮷野"}}
    assert loc["artifactLocation"]["uri"] == "docs/a%2Cb%3Ac.md"  # ':' escaped: not a URI scheme
    second = by_rule["ZH991"][1]["locations"][0]["physicalLocation"]["region"]
    assert (second["startLine"], second["startColumn"]) == (3, 10)
    fix = by_rule["ZH991"][0]["fixes"][0]["artifactChanges"][0]["replacements"][0]
    assert fix["deletedRegion"] == {"startLine": 1, "startColumn": 1, "endLine": 1, "endColumn": 2}
    assert fix["insertedContent"] == {"text": ""}
    assert by_rule["ZH992"][0]["relatedLocations"][0]["physicalLocation"]["region"]["startLine"] == 1
    inv = run["invocations"][0]
    assert inv["executionSuccessful"] is False
    assert inv["toolExecutionNotifications"][0]["message"]["text"] == "unreadable"
    # Fingerprints are stable and distinct per finding.
    prints = [r["partialFingerprints"]["jiaodui/v1"] for r in run["results"]]
    assert len(set(prints)) == len(prints)


def test_sarif_uris(tmp_path):
    from lint.formats.sarif import _uri

    assert _uri("docs/说明 1.md") == "docs/%E8%AF%B4%E6%98%8E%201.md"
    assert _uri(str(tmp_path / "a b.md")) == (tmp_path / "a b.md").as_uri()
    assert _uri(str(tmp_path / "a b.md")).startswith("file:///")


def test_sarif_fingerprint_survives_edits_above():
    before = json.loads(render("sarif"))["runs"][0]["results"]
    moved = json.loads(render("sarif", results(text="新增的一段。\n\n" + TEXT)))["runs"][0]["results"]
    key = lambda rs: {r["ruleId"] + r["locations"][0]["physicalLocation"]["region"]["snippet"]["text"]:
                      r["partialFingerprints"]["jiaodui/v1"] for r in rs if r["ruleId"] != "ZH991"}
    assert key(before) == key(moved)


# --- GitHub ------------------------------------------------------------------------------

def test_github_workflow_commands_and_escaping():
    lines = render("github").splitlines()
    assert len(lines) == 4  # one line per finding, even with \r\n in a message
    assert lines[0] == ("::error file=docs/a%2Cb%3Ac.md,line=1,col=1,endLine=1,endColumn=2,"
                        "title=ZH991 test-marker::docs/a,b:c.md:1:1: ZH991 多余的“■”，应删除")
    special = next(line for line in lines if "ZH992" in line)
    assert special.startswith("::notice file=docs/a%2Cb%3Ac.md,line=3,col=")
    # In the message: %, \r and \n escaped; ',' and ':' only in properties.
    assert special.endswith("ZH992 百分之百%25，逗号,冒号:%0D%0A第二行")
    assert any(line.startswith("::warning ") and "title=ZH993 test-unsafe::" in line for line in lines)


def test_github_escape_functions():
    from lint.formats.github import escape_data, escape_property

    assert escape_data("100%\r\n,:") == "100%25%0D%0A,:"
    assert escape_property("100%\r\n,:") == "100%25%0D%0A%2C%3A"
    assert escape_property("%0A") == "%250A"  # an escape-looking text is escaped, not kept


# --- rdjson ------------------------------------------------------------------------------

def test_rdjson_shape_and_utf8_byte_columns():
    data = json.loads(render("rdjson"))
    assert data["source"]["name"] == "jiaodui"
    diags = data["diagnostics"]
    assert len(diags) == 4
    for d in diags:
        assert set(d) <= {"message", "location", "severity", "source", "code", "suggestions"}
        assert d["severity"] in {"ERROR", "WARNING", "INFO"}
        assert d["location"]["path"] == "docs/a,b:c.md"
        assert set(d["location"]["range"]) == {"start", "end"}
    unsafe = next(d for d in diags if d["code"]["value"] == "ZH993")
    # "第二段" is 9 UTF-8 bytes, so 𠮷 starts at byte column 10; 𠮷野 is 4 + 3 bytes.
    assert unsafe["location"]["range"] == {"start": {"line": 3, "column": 10}, "end": {"line": 3, "column": 17}}
    assert "suggestions" not in unsafe  # reviewdog would apply it blindly: unsafe fixes are not offered
    marker = [d for d in diags if d["code"]["value"] == "ZH991"]
    # 第二段𠮷野家 = 9 + 4 + 3 + 3 bytes, § = 2, 结束 = 6: ■ (3 bytes) starts at byte column 28.
    assert marker[1]["suggestions"] == [{"range": {"start": {"line": 3, "column": 28}, "end": {"line": 3, "column": 31}},
                                         "text": ""}]
    info = next(d for d in diags if d["code"]["value"] == "ZH992")
    assert info["severity"] == "INFO"


# --- concise -----------------------------------------------------------------------------

def test_concise_one_line_per_finding():
    assert render("concise").splitlines() == [
        "docs/a,b:c.md:1:1: ZH991 [*] 多余的“■”，应删除",
        "docs/a,b:c.md:3:4: ZH993 [!] “𠮷野”可能应为“吉野”",
        "docs/a,b:c.md:3:7: ZH992 百分之百%，逗号,冒号:  第二行",
        "docs/a,b:c.md:3:10: ZH991 [*] 多余的“■”，应删除",
    ]


# --- through the CLI ---------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["sarif", "github", "rdjson", "concise", "json"])
def test_cli_formats_keep_exit_codes_and_output_file(tmp_path, monkeypatch, fmt):
    monkeypatch.chdir(tmp_path)
    Path("bad.txt").write_text("（上接第三版）会议强调，要坚持稳中求进。\n", encoding="utf-8")
    Path("good.txt").write_text("会议强调，要坚持稳中求进。\n", encoding="utf-8")
    r = CliRunner().invoke(cli, ["check", "--select", "ZH301", "--format", fmt, "bad.txt", "good.txt"])
    assert r.exit_code == 1, r.output
    assert "ZH301" in r.output
    r2 = CliRunner().invoke(cli, ["check", "--select", "ZH301", "--format", fmt, "-o", "report.out", "bad.txt"])
    assert r2.exit_code == 1
    assert r2.output == ""
    assert "ZH301" in Path("report.out").read_text(encoding="utf-8")
    clean = CliRunner().invoke(cli, ["check", "--select", "ZH301", "--format", fmt, "good.txt"])
    assert clean.exit_code == 0
    if fmt in ("sarif", "rdjson", "json"):
        json.loads(clean.output)
    else:
        assert clean.output == ""


# --- released documents: reporters read only the lines of findings and fixes --------------------

def _released_pair(path: Path):
    from lint.registry import default_registry
    from lint.runner import RunOptions, check_one, release

    linter = Linter(default_registry(), Settings(root=str(ROOT)))
    full, released = (check_one(linter, str(path), RunOptions()) for _ in range(2))
    release(released, keep_text=False)
    return full, released


@pytest.mark.parametrize("fmt", sorted(set(FORMATS) - {"html"}))
def test_reports_are_the_same_after_release(fmt):
    # release() keeps of a document's text only the lines its findings and fixes touch (the
    # seed: page markers with fixes that remove blank lines, broken paragraphs joined across
    # lines, a duplicated paragraph): every reporter must read nothing else.
    from lint import baseline
    from lint.document import SparseText
    from lint.registry import default_registry

    paths = [ROOT / "fixtures" / "seed" / "000_fb18030615153122.txt",
             *sorted(p for p in (ROOT / "fixtures" / "documents" / "defects").iterdir() if p.suffix in (".txt", ".md"))]
    pairs = [_released_pair(p) for p in paths]
    sparse = [r.document.text for _, r in pairs if isinstance(r.document.text, SparseText)]
    assert len(sparse) >= len(pairs) // 2  # the others: findings on most lines, text kept whole
    assert sum(len(t._data) for t in sparse) < sum(len(t) for t in sparse) / 2
    outputs = []
    for results in ([f for f, _ in pairs], [r for _, r in pairs]):
        out = StringIO()
        renderer(fmt)(results, default_registry(), out)
        keys = [baseline.finding_key(r.document, f, r.path) for r in results for f in r.findings]
        outputs.append((out.getvalue(), keys))
    assert outputs[0] == outputs[1]


def test_keep_lines_keeps_a_text_with_findings_on_most_lines_whole():
    from lint.document import SparseText

    doc = parse("a.txt", "第一段。\n\n第二段。\n\n第三段。\n")
    doc.keep_lines([(0, 2)])
    assert isinstance(doc.text, SparseText) and doc.text[0:4] == "第一段。"
    doc = parse("a.txt", "第一段。\n\n第二段。\n\n第三段。\n")
    doc.keep_lines([(0, 2), (6, 8), (12, 14)])
    assert isinstance(doc.text, str)


def test_merge_ranges():
    from lint.document import merge_ranges

    assert merge_ranges([(5, 7), (0, 2), (1, 3), (3, 4), (9, 9)]) == [(0, 4), (5, 7), (9, 9)]
    assert merge_ranges([]) == []


def test_sparse_text_reads_only_what_it_kept():
    from lint.document import SparseText

    text = "第一行\n第二行\r\n第三行\n"
    sparse = SparseText(text, [(4, 9), (0, 2), (6, 9)])
    assert len(sparse) == len(text)
    assert sparse[0:2] == text[0:2] and sparse[4:9] == text[4:9] and sparse[5] == text[5] and sparse[3:3] == ""
    for bad in (slice(1, 3), slice(8, 10), slice(None)):
        with pytest.raises(IndexError):
            sparse[bad]
    with pytest.raises(IndexError):
        sparse[-1]
