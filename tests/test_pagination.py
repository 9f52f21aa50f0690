"""Print-layout rules (page-marker, broken-paragraph): docstring examples, the seed repair golden,
--fix / --diff on the command line, and the joins that must never happen."""
from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner

from harness import FIXTURES, lint_file, linter_for
from lint.cli import cli
from lint.docs import examples
from lint.fixer import fix_document
from lint.readers import parse
from lint.registry import default_registry

SEED = FIXTURES / "seed" / "000_fb18030615153122.txt"
SEED_FIXED = FIXTURES / "seed" / "000_fb18030615153122.fixed.txt"
RULES = ["page-marker", "broken-paragraph"]


def run(*args):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def findings(text: str, rule: str, path: str = "doc.txt"):
    doc = parse(path, text)
    return doc, linter_for([rule]).lint(doc)


@pytest.mark.parametrize("name", RULES)
def test_docstring_examples(name):
    rule = default_registry().get(name)
    bad, good = examples(rule, "反例"), examples(rule, "正例")
    assert bad and good
    for text in bad:
        assert findings(text, name)[1], f"反例 not reported: {text!r}"
    for text in good:
        assert findings(text, name)[1] == [], f"正例 reported: {text!r}"


# ----------------------------------------------------------------------------- the seed

def test_seed_broken_paragraphs_exact():
    doc, found = lint_file(SEED, linter_for(["broken-paragraph"]))
    got = [(doc.lines.position(f.start)[0], doc.text[f.start:f.end], f.fix.applicability.value) for f in found]
    assert got == [
        (35, "推动农业农村大数据应用，", "unsafe"),
        (71, "各族人民好的时代主旋律在互", "safe"),
        (114, "持续推进", "unsafe"),
        (116, "坚决打击恐怖组织利用网", "safe"),
    ]
    assert "第 37 行" in found[0].message
    assert "“互联网”" in found[1].message and "第 73 行" in found[1].message
    assert "第 116 行" in found[2].message
    assert "“网络”" in found[3].message and "第 118 行" in found[3].message
    # Each fix removes exactly the blank line between the two fragments.
    for f in found:
        (edit,) = f.fix.edits
        assert doc.text[edit.start:edit.end] == "\n\n" and edit.replacement == ""


def test_seed_headings_are_never_joined():
    doc, found = lint_file(SEED, linter_for(["broken-paragraph"]))
    lines = {doc.lines.position(f.start)[0] for f in found}
    # （三）… L7, 专栏1 L51, 专栏2 L107 (glued to its body on L108), 1.… L128, lead-in ending in ：L9
    assert lines.isdisjoint({7, 9, 51, 107, 108, 128, 140, 151})


def test_seed_fix_golden(tmp_path, monkeypatch, update_goldens):
    """`check --fix --unsafe-fixes` on a copy of the seed gives the golden, byte for byte."""
    monkeypatch.chdir(tmp_path)
    copy = tmp_path / SEED.name
    shutil.copyfile(SEED, copy)
    r = run("check", "--select", "pagination", "--fix", "--unsafe-fixes", "--no-color", copy.name)
    assert r.exit_code == 0, r.output  # everything fixed, nothing left to report
    got = copy.read_bytes()
    if update_goldens:
        SEED_FIXED.write_bytes(got)
    assert got == SEED_FIXED.read_bytes()


def test_seed_fix_golden_content():
    """What the golden must say, independently of how it was produced."""
    before = SEED.read_text(encoding="utf-8")
    after = SEED_FIXED.read_text(encoding="utf-8")
    assert "上接第" not in after and "下转第" not in after
    assert "时代主旋律在互联网上高亢响亮" in after
    assert "坚决打击恐怖组织利用网络策划、实施恐怖活动" in after
    assert "推动农业农村大数据应用，建立农业全产业链信息服务体系。" in after
    assert "持续推进专项治理，依法严厉打击" in after
    # Every other byte unchanged: undoing the six edits gives the original back.
    restored = (after.replace("大数据应用，建立", "大数据应用，\n\n建立")
                .replace("在互联网上高亢", "在互\n\n联网上高亢")
                .replace("持续推进专项治理", "持续推进\n\n专项治理")
                .replace("利用网络策划", "利用网\n\n络策划"))
    assert before.replace("（上接第三版）", "", 1).replace("\n\n（下转第十一版）", "") == restored


def test_safe_fix_joins_only_split_words(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    copy = tmp_path / "seed.txt"
    shutil.copyfile(SEED, copy)
    run("check", "--select", "pagination", "--fix", copy.name)
    text = copy.read_text(encoding="utf-8")
    assert "在互联网上高亢响亮" in text and "利用网络策划" in text
    assert "大数据应用，\n\n建立" in text and "持续推进\n\n专项治理" in text
    assert "上接第三版" not in text


def test_diff_prints_and_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    copy = tmp_path / SEED.name
    shutil.copyfile(SEED, copy)
    r = run("check", "--select", "pagination", "--diff", "--unsafe-fixes", copy.name)
    assert copy.read_bytes() == SEED.read_bytes()
    assert r.exit_code == 1
    out = r.output
    assert out.startswith(f"--- a/{copy.name}\n+++ b/{copy.name}\n@@ ")
    assert "-（上接第三版）构建责任共同体" in out and "+构建责任共同体" in out
    assert "+网络正能量道劲充沛。" in out and "在互联网上高亢响亮" in out
    assert "-（下转第十一版）" in out


# ----------------------------------------------------------------------------- behaviour

def fixed(text: str, path: str = "doc.txt", unsafe: bool = True) -> str:
    linter = linter_for(RULES)
    doc, _, _ = fix_document(parse(path, text), linter.lint, unsafe=unsafe)
    return doc.text


def test_join_keeps_crlf_elsewhere():
    text = "第一段写完了。\r\n\r\n各地要统筹安排资金，严格项目管理，加快推进基础设\r\n\r\n施建设，确保按期完工。\r\n"
    assert fixed(text) == "第一段写完了。\r\n\r\n各地要统筹安排资金，严格项目管理，加快推进基础设施建设，确保按期完工。\r\n"


def test_join_across_page_number_and_running_head():
    text = ("各地要统筹安排资金，严格项目管理，同时要加强对\n\n— 3 —\n\n工程质量的监督，确保按期完工。\n\n"
            "会议要求，各地区各部门要坚持稳中求进工作总基调，完整、准确、全面贯彻新发展理念，加快构建新发展格局，推动\n\n人民日报 2023年3月6日 星期一 第2版 要闻\n\n高质量发展取得新成效。\n")
    assert fixed(text) == ("各地要统筹安排资金，严格项目管理，同时要加强对工程质量的监督，确保按期完工。\n\n"
                           "会议要求，各地区各部门要坚持稳中求进工作总基调，完整、准确、全面贯彻新发展理念，加快构建新发展格局，推动高质量发展取得新成效。\n")
    # Safe fixes only: the furniture goes, the join waits for --unsafe-fixes.
    assert fixed(text, unsafe=False) == ("各地要统筹安排资金，严格项目管理，同时要加强对\n\n工程质量的监督，确保按期完工。\n\n"
                                         "会议要求，各地区各部门要坚持稳中求进工作总基调，完整、准确、全面贯彻新发展理念，加快构建新发展格局，推动\n\n高质量发展取得新成效。\n")


@pytest.mark.parametrize("text", [
    # Markdown headings never join, whatever follows.
    "## 加快推进基础设施建设\n\n各地要统筹安排资金，严格项目管理。\n",
    "# 在互\n\n联网上高亢响亮的时代主旋律充盈网络空间。\n",
    # List items and block quotes are not paragraphs to join.
    "- 各地要统筹安排资金，严格项目管理，加快推进基础设施\n\n建设，确保按期完工，各地要统筹安排资金。\n",
    "> 各地要统筹安排资金，严格项目管理，加快推进基础设施\n\n建设，确保按期完工，各地要统筹安排资金。\n",
    # A paragraph ending in inline code.
    "使用下面的命令安装依赖，然后在项目根目录运行 `npm run dev`\n\n启动开发服务器之后，在浏览器里打开页面。\n",
])
def test_markdown_never_joins(text):
    assert findings(text, "broken-paragraph", "doc.md")[1] == []


def test_markdown_broken_paragraph_is_found():
    text = "## 一、总体要求\n\n基层治理是国家治理的基石，统筹推进乡镇和城乡社区治理，是实现国家治理现代化的基础工\n\n程。各地要抓好落实。\n"
    doc, found = findings(text, "broken-paragraph", "doc.md")
    assert len(found) == 1 and "“工程”" in found[0].message
    assert fixed(text, "doc.md") == ("## 一、总体要求\n\n基层治理是国家治理的基石，统筹推进乡镇和城乡社区治理，"
                                     "是实现国家治理现代化的基础工程。各地要抓好落实。\n")


def test_threshold_option_is_honoured(tmp_path):
    text = ("打击网络犯罪和网络恐怖主义。依法严厉打击网络违法犯罪行为，切断网络犯罪利益链条。持续开展打击网络犯罪专项行动，持续推进"
            "\n\n专项治理，依法严厉打击黑客攻击。\n")
    assert findings(text, "broken-paragraph")[1]
    config = tmp_path / "jiaodui.toml"
    config.write_text('[rules.broken-paragraph]\nthreshold = 9\n', encoding="utf-8")
    assert linter_for(["broken-paragraph"], config).lint(parse("doc.txt", text)) == []


@pytest.mark.parametrize("gap", ["\n\n\f", "\n\f\n", "\n\n\f\n\n"])
def test_form_feed_page_break_is_joined_and_removed(gap):
    text = f"各地要统筹安排资金，严格项目管理，完善工作机制，形成工作合力。同时要加快推进城市基础设{gap}施建设，确保按期完工。\n"
    assert fixed(text) == "各地要统筹安排资金，严格项目管理，完善工作机制，形成工作合力。同时要加快推进城市基础设施建设，确保按期完工。\n"


def test_stranded_forward_jump_has_no_fix():
    """Deleting "（下转第四版）" after an unfinished sentence would let the next article's text be
    joined to it; the marker is reported, without a fix, and nothing gets joined."""
    text = ("记者了解到，沿黄各地统筹推进山水林田湖草沙综合治理、系统治理、源头治理，持续推进（下转A4版）\n\n"
            "（上接第一版）沿黄九省区坚持“节水优先、空间均衡、系统治理、两手发力”的治水思路。\n")
    doc, found = findings(text, "page-marker")
    assert [(doc.text[f.start:f.end], f.fix is None) for f in found] == [("（下转A4版）", True), ("（上接第一版）", False)]
    assert fixed(text) == text.replace("（上接第一版）", "")


def test_running_text_about_pages_is_not_furniture():
    text = ("本书共 30 页。\n\n第 3 页\n\n"  # a lone 第N页 line is a page number even so
            "相关数据见第12页。\n\n2023年3月6日 星期一\n\n今天天气晴朗。\n\n要闻\n\n经济日报\n")
    doc, found = findings(text, "page-marker")
    assert [doc.text[f.start:f.end] for f in found] == ["第 3 页"]
