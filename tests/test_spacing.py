"""spacing (ZH801): documented examples, §6.7 exemptions, the cjk_latin option, CRLF."""
from __future__ import annotations

import pytest

from harness import fixed_text, lint_text
from harness import spans as _spans
from lint.errors import ConfigError
from lint.registry import default_registry

RULE = default_registry().get("spacing")


def lint(text: str, path: str = "t.txt", config=None):
    return lint_text("spacing", text, path, config)


def spans(text: str, path: str = "t.txt", config=None) -> list[str]:
    return _spans("spacing", text, path, config)


@pytest.mark.parametrize("text", [
    "第一章 总则",
    "第十二条之一 经营者应当依法经营，不得损害消费者的合法权益，违者依法处理。",
    "2018年3月11日 第十三届全国人民代表大会第一次会议通过",
    "活动现场（记者 王毅 摄）气氛热烈，群众纷纷点赞，大家一致表示今后还要积极参加。",
    "根据《食品安全国家标准 食品添加剂使用标准》的规定，该产品中不得添加相关物质。",
    "　　各地要加强领导，压实责任，确保各项工作落到实处。",
    "王　毅",
    "专栏3 “丝路电商”云上大讲堂",  # a box label before its title (the seed, line 148)
])
def test_exemptions(text):
    assert spans(text) == []


def test_markdown_hard_break_and_code_are_silent():
    md = "第一行末尾有两个空格  \n第二行。\n\n```\n代码 里的 空格   \n```\n"
    assert spans(md, "t.md") == []


def test_single_trailing_space_in_markdown_is_reported():
    assert spans("这一行末尾有一个空格。 \n", "t.md") == [" "]


def test_crlf_is_a_line_break_not_a_trailing_space():
    text = "完成了。\r\n下一步。  \r\n"
    doc, findings, linter = lint(text)
    assert [(f.start, f.end) for f in findings] == [(10, 12)]
    assert fixed_text(doc, linter) == "完成了。\r\n下一步。\r\n"


def test_emoji_zwj_is_legit_but_zwsp_is_not():
    assert spans("一家人 👨\u200d👩\u200d👧 很可爱。") == []
    assert spans("互联网\u200b发展") == ["\u200b"]


def test_nbsp_between_latin_words_becomes_a_space():
    doc, _, linter = lint("使用 Visual\u00a0Studio 打开。")
    assert fixed_text(doc, linter) == "使用 Visual Studio 打开。"


def _config(tmp_path, mode: str):
    cfg = tmp_path / "jiaodui.toml"
    cfg.write_text(f'[rules.spacing]\ncjk_latin = "{mode}"\n', encoding="utf-8")
    return cfg


def test_cjk_latin_is_off_by_default():
    assert spans("在GitHub上提交3个PR，在 GitHub 上提交 3 个 PR。") == []


def test_cjk_latin_space(tmp_path):
    doc, findings, linter = lint("在GitHub上提交3个PR。", config=_config(tmp_path, "space"))
    assert len(findings) == 5
    assert fixed_text(doc, linter) == "在 GitHub 上提交 3 个 PR。"


def test_cjk_latin_nospace(tmp_path):
    doc, findings, linter = lint("在 GitHub 上提交 3 个 PR。", config=_config(tmp_path, "nospace"))
    assert len(findings) == 5
    assert fixed_text(doc, linter) == "在GitHub上提交3个PR。"


def test_cjk_latin_consistent_reports_the_minority(tmp_path):
    text = "在 GitHub 上提交 3 个 PR，用 Vue 写页面，共有5个项目。"
    assert spans(text, config=_config(tmp_path, "consistent")) == ["", ""]


def test_cjk_latin_rejects_unknown_values(tmp_path):
    with pytest.raises(ConfigError):
        spans("在GitHub上", config=_config(tmp_path, "one"))


def test_spaces_outside_quotes_are_a_style_only_when_symmetric():
    assert spans("翻译工作追求的无外乎 “信、达、雅” 三个字，因此我们总结了以下原则。") == []
    assert spans("如果你的组件拥有 “someAttr” 属性而非 “someattr”，这段代码将不会工作。") == []
    assert spans("各地积极探索 “党支部+合作社+农户”模式，带动农民增收致富。") == [" "]
