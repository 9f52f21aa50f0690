"""``--format html``: one self-contained proof report for editors.

Each checked document is shown with every finding highlighted in place (colour by rule
category, underline style by severity); hovering shows the message, clicking opens it with
the suggested replacement.  A sidebar lists the findings grouped by rule with counts and a
filter per rule; clicking an entry scrolls to its highlight.  An inline SVG chart counts the
findings per category.

Self-contained and inert by construction: no external resources (a Content-Security-Policy
forbids any network access and admits only this module's own script, by hash), and every
piece of document text is HTML-escaped, so a document containing ``<script>`` shows it as
text.  Overlapping findings never nest: the text is cut at every finding boundary and each
piece is one ``<mark>`` listing all the findings that cover it.
"""
from __future__ import annotations

import base64
import hashlib
import html
import json
import typing as t
from collections import Counter

from lint.engine import display_path
from lint.formats.common import fix_replacement

# Highlight colours per category, assigned in the registry's sorted category order so a
# category keeps its colour from one report to the next.
PALETTE = ("#f4a3a3", "#f7c873", "#a8d8a0", "#9ec9f0", "#d4b0ee", "#f2b1d4",
           "#9fe0d8", "#e2d58b", "#c6c6c6", "#f0b990", "#b5c4f5", "#c9e59a")
SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}

CSS = """
:root{--side:22rem}
*{box-sizing:border-box}
body{margin:0;font:15px/1.6 system-ui,-apple-system,"Segoe UI","Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif;color:#222;background:#fafafa}
header{padding:.8rem 1.2rem;background:#fff;border-bottom:1px solid #ddd}
header h1{margin:0 0 .3rem;font-size:1.25rem}
.summary{margin:.2rem 0;color:#555}
.chart{display:block;margin:.4rem 0 0}
#layout{display:flex;align-items:flex-start}
#sidebar{position:sticky;top:0;width:var(--side);flex:none;height:100vh;overflow:auto;padding:.6rem .8rem;background:#fff;border-right:1px solid #ddd;font-size:13px}
#sidebar h2{font-size:.95rem;margin:.2rem 0 .4rem}
.filters button{font:inherit;margin:0 .3rem .5rem 0;padding:.1rem .5rem}
.rule-group{margin:0 0 .6rem}
.rule-group>label{display:flex;gap:.35rem;align-items:center;font-weight:600;cursor:pointer}
.rule-group .count{margin-left:auto;font-weight:400;background:#eee;border-radius:.6rem;padding:0 .45rem}
.rule-group ol{margin:.2rem 0 0;padding-left:1.6rem}
.rule-group.off ol{display:none}
.rule-group.off>label{opacity:.5}
.entry{display:block;color:#234;text-decoration:none;padding:.1rem .2rem;border-radius:3px;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.entry:hover,.entry:focus{background:#eef3ff}
.entry .where{color:#777;margin-right:.3rem}
.swatch{display:inline-block;width:.8rem;height:.8rem;border-radius:2px;flex:none}
main{flex:1;min-width:0;padding:1rem 1.4rem 50vh}
.doc{background:#fff;border:1px solid #ddd;border-radius:6px;margin:0 0 1.2rem;padding:.6rem 1rem}
.doc h2{font-size:1rem;margin:.2rem 0 .6rem;word-break:break-all}
.doc h2 .count{font-weight:400;color:#666;margin-left:.5rem}
.text{white-space:pre-wrap;word-break:break-word;font-family:"Noto Serif CJK SC","Source Han Serif SC","Songti SC",SimSun,serif;font-size:16px;line-height:1.9}
mark.hl{background:var(--c);color:inherit;border-bottom:2px solid #0006;cursor:pointer;border-radius:2px}
mark.hl.warning{border-bottom-style:dashed}
mark.hl.info{border-bottom-style:dotted}
mark.hl.multi{box-shadow:inset 0 -5px 0 #0003}
mark.hl.zero::before{content:"\\2038";color:#c00;font-weight:700}
mark.hl.off{background:none;border-bottom:none;box-shadow:none;cursor:auto}
mark.hl.off.zero::before{content:none}
mark.hl.flash{outline:3px solid #e33;outline-offset:1px}
#popup{position:absolute;z-index:10;max-width:28rem;background:#fff;border:1px solid #888;border-radius:5px;box-shadow:0 3px 12px #0003;padding:.4rem .6rem;font-size:14px}
#popup .pf+.pf{border-top:1px solid #ddd;margin-top:.3rem;padding-top:.3rem}
#popup .ph{color:#555;font-size:12px}
#popup .ps{color:#065;margin-top:.15rem}
.clean,.errors{color:#555}
.errors li{color:#a00}
"""

JS = """(function(){
"use strict";
var data=JSON.parse(document.getElementById("jiaodui-data").textContent);
var popup=document.getElementById("popup");
var hidden={};
function finding(key){var p=key.split("-");return data.docs[+p[0]].findings[+p[1]];}
function keys(el){return (el.getAttribute("data-f")||"").split(" ").filter(Boolean);}
function hidePopup(){popup.hidden=true;}
function showPopup(el,ks){
  popup.textContent="";
  ks.forEach(function(k){
    var f=finding(k);if(hidden[f.code])return;
    var d=document.createElement("div");d.className="pf";
    var h=document.createElement("div");h.className="ph";
    h.textContent=f.code+" "+f.rule+" \\u00b7 "+f.severity+" \\u00b7 "+f.where;
    var m=document.createElement("div");m.textContent=f.message;
    d.appendChild(h);d.appendChild(m);
    if(f.suggestion){var s=document.createElement("div");s.className="ps";s.textContent=f.suggestion;d.appendChild(s);}
    popup.appendChild(d);
  });
  if(!popup.firstChild){hidePopup();return;}
  popup.hidden=false;
  var r=el.getBoundingClientRect();
  var left=Math.max(4,Math.min(r.left,document.documentElement.clientWidth-popup.offsetWidth-8));
  popup.style.left=(left+window.scrollX)+"px";
  popup.style.top=(r.bottom+window.scrollY+6)+"px";
}
function flash(el){
  document.querySelectorAll("mark.flash").forEach(function(m){m.classList.remove("flash");});
  el.classList.add("flash");
}
document.addEventListener("click",function(ev){
  var entry=ev.target.closest(".entry");
  if(entry){
    ev.preventDefault();
    var el=document.getElementById(entry.getAttribute("data-target"));
    if(!el)return;
    el.scrollIntoView({block:"center"});
    flash(el);showPopup(el,[entry.getAttribute("data-key")]);
    return;
  }
  var mark=ev.target.closest("mark.hl");
  if(mark&&!mark.classList.contains("off")){flash(mark);showPopup(mark,keys(mark));return;}
  if(!ev.target.closest("#popup"))hidePopup();
});
document.addEventListener("keydown",function(ev){if(ev.key==="Escape")hidePopup();});
function applyFilters(){
  document.querySelectorAll("mark.hl").forEach(function(m){
    var rules=(m.getAttribute("data-rules")||"").split(" ");
    m.classList.toggle("off",rules.every(function(r){return hidden[r];}));
  });
  document.querySelectorAll(".rule-group").forEach(function(g){
    g.classList.toggle("off",!!hidden[g.getAttribute("data-rule")]);
  });
  hidePopup();
}
document.querySelectorAll(".rule-filter").forEach(function(cb){
  cb.addEventListener("change",function(){hidden[cb.value]=!cb.checked;applyFilters();});
});
function setAll(on){
  document.querySelectorAll(".rule-filter").forEach(function(cb){cb.checked=on;hidden[cb.value]=!on;});
  applyFilters();
}
var all=document.getElementById("show-all"),none=document.getElementById("show-none");
if(all)all.addEventListener("click",function(){setAll(true);});
if(none)none.addEventListener("click",function(){setAll(false);});
})();
"""

_SCRIPT_HASH = base64.b64encode(hashlib.sha256(JS.encode("utf-8")).digest()).decode("ascii")
# No network, no plugins, no frames; the only script allowed to run is JS above.
CSP = (f"default-src 'none'; script-src 'sha256-{_SCRIPT_HASH}'; style-src 'unsafe-inline'; "
       "img-src data:; base-uri 'none'; form-action 'none'")


def esc(s: str) -> str:
    return html.escape(s, quote=True)


def _json_for_script(obj: t.Any) -> str:
    """JSON safe inside <script type="application/json">: no '<', '>' or '&' can end the element."""
    s = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    return s.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def _where(doc, offset: int) -> str:
    if doc.format == "docx":
        from lint.readers.docx import location

        return "第{}段第{}字".format(*location(doc, offset))
    line, col = doc.lines.position(offset)
    return f"第{line}行第{col}列"


def _suggestion(doc, f) -> str:
    if f.fix is None:
        return ""
    safe = "安全修复" if f.fix.applicability.value == "safe" else "建议（需人工确认）"
    rep = fix_replacement(doc, f)
    if rep is None:
        parts = []
        for e in f.fix.edits:
            old = doc.text[e.start:e.end].strip()  # blank lines around a removed block are not news
            if e.start == e.end:
                parts.append(f"插入“{e.replacement}”")
            elif e.replacement == "":
                parts.append(f"删除“{old}”" if old else "删除多余的空白")
            else:
                parts.append(f"“{old or doc.text[e.start:e.end]}”改为“{e.replacement}”")
        return f"{safe}：" + "；".join(parts)
    return f"{safe}：删除" if rep == "" else f"{safe}：改为“{rep}”"


def _display(text: str, a: int, b: int) -> str:
    """Escaped text[a:b] with line breaks normalised to \\n (a \\r\\n cut in two stays one break)."""
    seg = text[a:b]
    if "\r" in seg:
        seg = seg.replace("\r\n", "\n")
        if seg.endswith("\r") and b < len(text) and text[b] == "\n":
            seg = seg[:-1]
        seg = seg.replace("\r", "\n")
    return esc(seg)


def _document_html(d: int, doc, findings, cat_index: dict[str, int]) -> tuple[str, dict[int, str]]:
    """The document's text with every finding highlighted, and the id of the element each
    finding starts in (what its sidebar entry scrolls to).  The text is cut at every finding
    boundary, so pieces never overlap and marks never nest."""
    text = doc.text
    n = len(text)
    spans = [(min(max(f.start, 0), n), min(max(f.end, f.start, 0), n)) for f in findings]
    cuts = sorted({0, n, *(s for s, _ in spans), *(e for _, e in spans)})
    starts: dict[int, list[int]] = {}
    ends: dict[int, list[int]] = {}
    zero_at: dict[int, list[int]] = {}
    for i, (s, e) in enumerate(spans):
        if s == e:
            zero_at.setdefault(s, []).append(i)
        else:
            starts.setdefault(s, []).append(i)
            ends.setdefault(e, []).append(i)
    anchors: dict[int, str] = {}
    out: list[str] = []

    def mark(ids: list[int], body: str, zero: bool) -> str:
        fs = [findings[i] for i in ids]
        lead = max(fs, key=lambda f: f.severity.rank)
        firsts = [i for i in ids if i not in anchors]
        cls = ["hl", lead.severity.value]
        if len(ids) > 1:
            cls.append("multi")
        if zero:
            cls.append("zero")
        title = "\n".join(f"{f.rule.code} {f.rule.name}：{f.message}" +
                          (f"\n  {s}" if (s := _suggestion(doc, f)) else "") for f in fs)
        attrs = [f'class="{" ".join(cls)}"',
                 f'style="--c:{PALETTE[cat_index.get(lead.rule.category, 0) % len(PALETTE)]}"',
                 f'data-f="{" ".join(f"{d}-{i}" for i in ids)}"',
                 f'data-rules="{esc(" ".join(dict.fromkeys(f.rule.code for f in fs)))}"',
                 f'title="{esc(title)}"']
        if firsts:
            anchor = f"f{d}-{firsts[0]}"
            for i in firsts:
                anchors[i] = anchor
            attrs.insert(0, f'id="{anchor}"')
            attrs.append(f'data-first="{" ".join(f"{d}-{i}" for i in firsts)}"')
        return f"<mark {' '.join(attrs)}>{body}</mark>"

    active: set[int] = set()
    for k, a in enumerate(cuts):
        active.difference_update(ends.get(a, ()))
        active.update(starts.get(a, ()))
        if a in zero_at:  # an insertion point: an empty mark (CSS draws a caret)
            out.append(mark(zero_at[a], "", True))
        if k + 1 < len(cuts):
            body = _display(text, a, cuts[k + 1])
            out.append(mark(sorted(active), body, False) if active else body)
    return "".join(out), anchors


def _chart(counts: Counter, cat_index: dict[str, int]) -> str:
    """Horizontal bars of findings per category, as inline SVG."""
    if not counts:
        return ""
    rows = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    label_w, bar_w, row_h = 130, 260, 22
    top = max(counts.values())
    height = row_h * len(rows) + 4
    parts = [f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" width="{label_w + bar_w + 50}" '
             f'height="{height}" role="img" aria-label="各类别问题数 findings per category">']
    for i, (cat, n) in enumerate(rows):
        y = i * row_h + 2
        w = max(2, round(bar_w * n / top))
        colour = PALETTE[cat_index.get(cat, 0) % len(PALETTE)]
        parts.append(f'<text x="{label_w - 6}" y="{y + 15}" text-anchor="end" font-size="12">{esc(cat)}</text>'
                     f'<rect x="{label_w}" y="{y + 2}" width="{w}" height="{row_h - 6}" fill="{colour}" '
                     f'stroke="#0004"><title>{esc(cat)}: {n}</title></rect>'
                     f'<text x="{label_w + w + 5}" y="{y + 15}" font-size="12">{n}</text>')
    parts.append("</svg>")
    return "".join(parts)


def render(results, registry, out: t.TextIO, **_: t.Any) -> None:
    categories = sorted({r.category for r in registry} | {f.rule.category for r in results for f in r.findings})
    cat_index = {c: i for i, c in enumerate(categories)}
    docs = [r for r in results if r.document is not None]
    failed = [r for r in results if r.document is None]
    total = sum(len(r.findings) for r in docs)
    by_cat: Counter[str] = Counter(f.rule.category for r in docs for f in r.findings)
    by_sev: Counter[str] = Counter(f.severity.value for r in docs for f in r.findings)

    data_docs = []
    sections = []
    groups: dict[str, list[str]] = {}
    rule_of: dict[str, t.Any] = {}
    clean = []
    for d, r in enumerate(docs):
        doc, findings = r.document, r.findings
        path = display_path(r.path)
        data_docs.append({"path": path, "findings": [
            {"code": f.rule.code, "rule": f.rule.name, "category": f.rule.category,
             "severity": SEVERITY_ZH.get(f.severity.value, f.severity.value), "message": f.message,
             "where": _where(doc, f.start), "suggestion": _suggestion(doc, f)} for f in findings]})
        if not findings:
            clean.append(path)
            continue
        body, anchors = _document_html(d, doc, findings, cat_index)
        sections.append(f'<section class="doc" id="doc-{d}"><h2>{esc(path)}<span class="count">'
                        f'{len(findings)} 处</span></h2><div class="text">{body}</div></section>')
        for i, f in enumerate(findings):
            rule_of.setdefault(f.rule.code, f.rule)
            where = _where(doc, f.start)
            loc = f"{path} {where}" if len(docs) > 1 else where
            groups.setdefault(f.rule.code, []).append(
                f'<li><a class="entry" href="#{anchors[i]}" data-target="{anchors[i]}" data-key="{d}-{i}" '
                f'title="{esc(f.message)}"><span class="where">{esc(loc)}</span>{esc(f.message)}</a></li>')

    side = ['<nav id="sidebar" aria-label="问题列表"><h2>按规则 by rule</h2>',
            '<div class="filters"><button type="button" id="show-all">全部显示</button>'
            '<button type="button" id="show-none">全部隐藏</button></div>']
    for code in sorted(groups, key=lambda c: (-len(groups[c]), c)):
        rule = rule_of[code]
        colour = PALETTE[cat_index.get(rule.category, 0) % len(PALETTE)]
        side.append(f'<section class="rule-group" data-rule="{esc(code)}"><label>'
                    f'<input type="checkbox" class="rule-filter" value="{esc(code)}" checked>'
                    f'<svg class="swatch" width="12" height="12" aria-hidden="true"><rect width="12" height="12" '
                    f'fill="{colour}"/></svg>{esc(code)} {esc(rule.name)}'
                    f'<span class="count">{len(groups[code])}</span></label>'
                    f'<ol>{"".join(groups[code])}</ol></section>')
    if not groups:
        side.append('<p class="clean">没有发现问题。</p>')
    side.append("</nav>")

    sev = "，".join(f"{SEVERITY_ZH[s]} {by_sev[s]}" for s in ("error", "warning", "info") if by_sev[s])
    summary = f"检查了 {len(docs)} 个文件，发现 {total} 个问题" + (f"（{sev}）" if sev else "")
    extra = []
    if clean:
        extra.append(f'<section class="doc clean"><h2>没有问题的文件 <span class="count">{len(clean)}</span></h2>'
                     f'<ul>{"".join(f"<li>{esc(p)}</li>" for p in clean)}</ul></section>')
    if failed:
        extra.append('<section class="doc errors"><h2>未检查的文件</h2><ul>' +
                     "".join(f"<li>{esc(r.error or '；'.join(r.notes) or r.path)}</li>" for r in failed) + "</ul></section>")

    out.write(
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<link rel="icon" href="data:,">\n'
        f"<title>校对报告 jiaodui report</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
        f'<header><h1>校对报告</h1><p class="summary" id="summary" data-total="{total}">{esc(summary)}</p>'
        f"{_chart(by_cat, cat_index)}</header>\n"
        f'<div id="layout">{"".join(side)}\n<main>{"".join(sections)}{"".join(extra)}</main></div>\n'
        '<div id="popup" role="dialog" hidden></div>\n'
        f'<script type="application/json" id="jiaodui-data">{_json_for_script({"docs": data_docs})}</script>\n'
        f"<script>{JS}</script>\n</body>\n</html>\n")
