"""Word documents: reading paragraphs and table cells, locating findings by paragraph and
character, and --annotate (comments read back from the written copy)."""
from __future__ import annotations

import sys

import pytest

docx = pytest.importorskip("docx", reason="python-docx (the docx extra) is not installed")

from click.testing import CliRunner  # noqa: E402

from harness import linter_for  # noqa: E402
from lint.annotate import annotate  # noqa: E402
from lint.cli import cli  # noqa: E402
from lint.errors import InputError  # noqa: E402
from lint.model import Finding  # noqa: E402
from lint.readers import read_bytes, read_path  # noqa: E402
from lint.readers.docx import W, child_text, location  # noqa: E402
from lint.registry import default_registry  # noqa: E402


def make_docx(path) -> str:
    """A small Word file: a heading, formatted runs, an empty paragraph, a table, a link-free body."""
    d = docx.Document()
    d.add_heading("一、总体要求", level=1)
    p = d.add_paragraph("（上接第三版）构建责任")
    p.add_run("共同体（转3版）就是").bold = True
    p.add_run("坚持多边参与。")
    d.add_paragraph("")
    t = d.add_table(rows=1, cols=2)
    t.cell(0, 0).text = "各地区各部门要坚持稳中求进(转3版)"
    t.cell(0, 1).text = "正常的单元格。"
    p = d.add_paragraph("推动高质量发展\t取得新成效。")
    p.add_run("（下转第十一版）").italic = True
    d.save(str(path))
    return str(path)


def comments_with_anchors(path) -> list[tuple[str, str, str]]:
    """(author, comment text, the document text its range covers) for every comment."""
    d = docx.Document(str(path))
    texts = {c.comment_id: (c.author, c.text) for c in d.comments}
    covered: dict[int, list[str]] = {}
    open_ids: list[int] = []
    new_paragraph: set[int] = set()
    for el in d.element.body.iter():
        if el.tag == W + "commentRangeStart":
            i = int(el.get(W + "id"))
            open_ids.append(i)
            covered[i] = []
        elif el.tag == W + "commentRangeEnd":
            open_ids.remove(int(el.get(W + "id")))
        elif el.tag == W + "p":
            new_paragraph.update(open_ids)
        elif el.getparent() is not None and el.getparent().tag == W + "r" and child_text(el):
            for i in open_ids:
                if i in new_paragraph and covered[i]:  # paragraphs joined as the reader joins them
                    covered[i].append("\n\n")
                new_paragraph.discard(i)
                covered[i].append(child_text(el))
    return [(*texts[i], "".join(covered[i])) for i in sorted(covered)]


@pytest.fixture
def sample(tmp_path):
    return make_docx(tmp_path / "稿件.docx")


def test_reader_blocks_and_locations(sample):
    doc = read_path(sample)
    assert doc.format == "docx"
    assert doc.text == ("一、总体要求\n\n（上接第三版）构建责任共同体（转3版）就是坚持多边参与。\n\n"
                        "各地区各部门要坚持稳中求进(转3版)\n\n正常的单元格。\n\n推动高质量发展\t取得新成效。（下转第十一版）")
    assert [(b.kind, b.meta["paragraph"], b.meta["table"]) for b in doc.blocks] == [
        ("heading", 1, False), ("paragraph", 2, False), ("table_cell", 3, True), ("table_cell", 4, True),
        ("paragraph", 5, False)]
    assert doc.blocks[0].level == 1  # from the Heading 1 style
    for b in doc.blocks:
        assert len(b.prose) == b.end - b.start
    i = doc.text.index("(转3版)")
    assert location(doc, i) == (3, 14)
    assert location(doc, doc.text.index("构建")) == (2, 8)
    assert location(doc, 0) == (1, 1)


def test_same_model_from_bytes(sample):
    with open(sample, "rb") as fh:
        data = fh.read()
    assert read_bytes("x.docx", data).text == read_path(sample).text


def test_findings_located_by_paragraph_in_text_output(sample):
    res = CliRunner().invoke(cli, ["check", sample, "--select", "page-marker", "-q"])
    assert res.exit_code == 1, res.output
    lines = res.output.splitlines()
    assert lines == [
        f"{sample}:第2段第1字: ZH301 [page-marker] error: 转版标记“（上接第三版）”不属于正文，应删除",
        f"{sample}:第2段第15字: ZH301 [page-marker] error: 转版标记“（转3版）”不属于正文，应删除",
        f"{sample}:第3段第14字: ZH301 [page-marker] error: 转版标记“(转3版)”不属于正文，应删除",
        f"{sample}:第5段第15字: ZH301 [page-marker] error: 转版标记“（下转第十一版）”不属于正文，应删除",
    ]


def test_annotate_comments_read_back(sample, tmp_path):
    with open(sample, "rb") as fh:
        before = fh.read()
    doc = read_path(sample)
    findings = linter_for(["page-marker"]).lint(doc)
    out = tmp_path / "批注.docx"
    assert annotate(sample, str(out), doc, findings) == len(findings) == 4
    with open(sample, "rb") as fh:
        assert fh.read() == before  # the original is untouched
    got = comments_with_anchors(out)
    assert [a for a, _, _ in got] == ["jiaodui"] * 4
    assert [anchor for _, _, anchor in got] == [doc.text[f.start:f.end] for f in findings]
    assert [text.splitlines()[0] for _, text, _ in got] == [f"ZH301 page-marker：{f.message}" for f in findings]
    assert all("建议：删除" in text for _, text, _ in got)
    # Splitting runs kept the text and the formatting.
    again = read_path(str(out))
    assert again.text == doc.text
    d = docx.Document(str(out))
    body = d.paragraphs[1]
    assert "".join(r.text for r in body.runs if r.bold) == "共同体（转3版）就是"
    assert "".join(r.text for r in d.paragraphs[3].runs if r.italic) == "（下转第十一版）"


def test_annotate_overlapping_zero_width_and_cross_paragraph(sample, tmp_path):
    doc = read_path(sample)
    rule = default_registry().get("page-marker")
    t = doc.text
    a = t.index("构建责任")
    fs = [Finding(a, a + 6, "甲", rule=rule, severity=rule.severity),          # crosses a run boundary
          Finding(a + 2, a + 4, "乙", rule=rule, severity=rule.severity),      # inside the first
          Finding(a + 3, a + 3, "丙", rule=rule, severity=rule.severity),      # insertion point
          Finding(t.index("参与。"), t.index("各地区") + 3, "丁", rule=rule, severity=rule.severity)]
    out = tmp_path / "o.docx"
    assert annotate(sample, str(out), doc, fs) == 4
    anchors = [anchor for _, _, anchor in comments_with_anchors(out)]
    assert anchors == ["构建责任共同", "责任", "责", "参与。\n\n各地区"]
    assert read_path(str(out)).text == doc.text


def test_annotate_refuses_to_overwrite_the_original(sample):
    doc = read_path(sample)
    with pytest.raises(InputError):
        annotate(sample, sample, doc, [])


def test_cli_annotate(sample, tmp_path):
    out = tmp_path / "out.docx"
    res = CliRunner().invoke(cli, ["check", sample, "--select", "page-marker", "--annotate", str(out), "-q"])
    assert res.exit_code == 1, res.output
    assert len(comments_with_anchors(out)) == 4


def test_cli_annotate_needs_one_docx(tmp_path):
    txt = tmp_path / "a.txt"
    txt.write_text("正文。\n", encoding="utf-8")
    res = CliRunner().invoke(cli, ["check", str(txt), "--annotate", str(tmp_path / "o.docx")])
    assert res.exit_code == 2
    assert "--annotate" in res.output
    assert not (tmp_path / "o.docx").exists()


def test_fix_never_writes_text_into_a_docx(sample):
    with open(sample, "rb") as fh:
        before = fh.read()
    res = CliRunner().invoke(cli, ["check", sample, "--select", "page-marker", "--fix", "-q"])
    assert res.exit_code == 1
    with open(sample, "rb") as fh:
        assert fh.read() == before
    assert "--annotate" in res.output


def test_not_a_docx(tmp_path):
    bad = tmp_path / "bad.docx"
    bad.write_bytes("这不是 Word 文件".encode())
    with pytest.raises(InputError, match="not a valid .docx"):
        read_path(str(bad))


def test_missing_python_docx_is_a_clear_error(sample, monkeypatch):
    monkeypatch.setitem(sys.modules, "docx", None)  # import docx now raises ImportError
    with pytest.raises(InputError, match=r"jiaodui\[docx\]"):
        read_path(sample)


def test_tracked_changes_and_hyperlinks(tmp_path):
    """Deleted text is not read; inserted and linked text is, and comments can anchor in it."""
    from docx.oxml import parse_xml

    d = docx.Document()
    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    d.element.body.insert(0, parse_xml(
        f'<w:p {ns}><w:r><w:t>详见</w:t></w:r>'
        f'<w:del w:id="1" w:author="a"><w:r><w:delText>已删除（转3版）</w:delText></w:r></w:del>'
        f'<w:ins w:id="2" w:author="a"><w:r><w:t>新增的</w:t></w:r></w:ins>'
        f'<w:hyperlink><w:r><w:t xml:space="preserve">链接文字（转3版）</w:t></w:r></w:hyperlink>'
        f'<w:r><w:t>。</w:t></w:r></w:p>'))
    src = tmp_path / "t.docx"
    d.save(str(src))
    doc = read_path(str(src))
    assert doc.text == "详见新增的链接文字（转3版）。"
    findings = linter_for(["page-marker"]).lint(doc)
    assert [doc.text[f.start:f.end] for f in findings] == ["（转3版）"]
    out = tmp_path / "o.docx"
    assert annotate(str(src), str(out), doc, findings) == 1
    assert [a for _, _, a in comments_with_anchors(out)] == ["（转3版）"]
    assert read_path(str(out)).text == doc.text
