"""The HTML proof report: escaping, self-containment, highlights, and behaviour in a real
headless browser (Debian's chromium driven over the DevTools protocol)."""
from __future__ import annotations

import html.parser
import io
import json
import os
import re
import shutil
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

from harness import FIXTURES, linter_for
from lint.engine import LintResult
from lint.formats import renderer
from lint.readers import parse, read_path
from lint.registry import default_registry

SEED = FIXTURES / "seed" / "000_fb18030615153122.txt"
CHROMIUM = os.environ.get("JIAODUI_CHROMIUM", "/usr/bin/chromium")


def report(docs: list[tuple[str, str]] | None = None, paths: list[Path] | None = None, rules=None) -> tuple[str, int]:
    """The HTML report (and the number of findings) for in-memory documents or files."""
    linter = linter_for(rules)
    results = []
    for name, text in docs or []:
        doc = parse(name, text)
        results.append(LintResult(name, doc, linter.lint(doc)))
    for p in paths or []:
        doc = read_path(str(p))
        results.append(LintResult(str(p), doc, linter.lint(doc)))
    out = io.StringIO()
    renderer("html")(results, default_registry(), out)
    return out.getvalue(), sum(len(r.findings) for r in results)


class _Parse(html.parser.HTMLParser):
    """Collects the tags, attributes and script elements of a report."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.scripts: list[tuple[dict, str]] = []
        self._in_script: dict | None = None
        self.text_by_class: dict[str, list[str]] = {}
        self._stack: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append((tag, a))
        if tag == "script":
            self._in_script = a
            self.scripts.append((a, ""))

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = None

    def handle_data(self, data):
        if self._in_script is not None:
            a, s = self.scripts[-1]
            self.scripts[-1] = (a, s + data)


def parsed(text: str) -> _Parse:
    p = _Parse()
    p.feed(text)
    p.close()
    return p


def marks(p: _Parse) -> list[dict]:
    return [a for tag, a in p.tags if tag == "mark"]


def highlighted_keys(p: _Parse) -> set[str]:
    return {k for a in marks(p) for k in a.get("data-first", "").split()}


# -- static checks ------------------------------------------------------------------------

HOSTILE = ("（上接第三版）<script>alert(1)</script>和<img src=x onerror=alert(2)>都是正文。\n\n"
           "<b>粗体</b>&amp; “引号” </script><!-- 注释 -->（下转第十一版）\n")


def test_document_text_is_escaped_never_markup():
    text, n = report([("hostile.txt", HOSTILE)], rules=["page-marker"])
    assert n == 2
    p = parsed(text)
    # The only script elements are the report's own: its data island and its code.
    assert [a.get("type") for a, _ in p.scripts] == ["application/json", None]
    assert not [a for tag, a in p.tags if tag in ("img", "b")]
    assert not any(k.startswith("on") for _, a in p.tags for k in a)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "&lt;img src=x onerror=alert(2)&gt;" in text
    assert "&amp;amp;" in text  # the document's literal "&amp;" is shown as typed
    # The data island parses back to the same messages (nothing in it can end the element).
    data = json.loads(p.scripts[0][1])
    assert [f["code"] for f in data["docs"][0]["findings"]] == ["ZH301", "ZH301"]


def test_hostile_message_and_path_are_escaped():
    name = '<img src=x onerror=alert(3)>".txt'
    text, _ = report([(name, "（上接第三版）正文。\n")], rules=["page-marker"])
    p = parsed(text)
    assert not [a for tag, a in p.tags if tag == "img"]
    assert "&lt;img src=x onerror=alert(3)&gt;&quot;.txt" in text


def test_self_contained_no_network_references():
    text, n = report(paths=[SEED])
    assert n > 0
    p = parsed(text)
    for tag, a in p.tags:
        for attr in ("src", "href", "action", "data", "poster"):
            v = a.get(attr)
            if v is not None:
                assert not re.match(r"\s*(https?:)?//", v), (tag, attr, v)
    assert not [1 for tag, a in p.tags if tag == "script" and "src" in a]
    assert not [1 for tag, a in p.tags if tag == "link" and a.get("rel") == "stylesheet"]
    assert "@import" not in text and "url(" not in text
    csp = next(a["content"] for tag, a in p.tags if tag == "meta" and a.get("http-equiv") == "Content-Security-Policy")
    assert "default-src 'none'" in csp


def test_every_finding_is_highlighted_once_with_a_sidebar_entry():
    text, n = report(paths=[SEED])
    p = parsed(text)
    keys = highlighted_keys(p)
    assert len(keys) == n > 0
    entries = [a for tag, a in p.tags if tag == "a" and "entry" in a.get("class", "")]
    assert len(entries) == n
    ids = {a["id"] for _, a in p.tags if "id" in a}
    assert all(e["data-target"] in ids and e["href"] == "#" + e["data-target"] for e in entries)
    # Sidebar groups count their entries; the chart is inline SVG.
    counts = re.findall(r'<section class="rule-group" data-rule="(ZH\d+)">.*?<span class="count">(\d+)</span>', text)
    assert sum(int(c) for _, c in counts) == n
    assert "<svg" in text


def test_overlapping_findings_do_not_nest_marks():
    # Two page markers inside one sentence plus a third rule's finding would overlap; build the
    # overlap directly: the same document reported by one rule twice over different spans.
    from lint.model import Finding

    registry = default_registry()
    rule = registry.get("page-marker")
    doc = parse("x.txt", "甲乙丙丁戊己庚\n")
    fs = [Finding(0, 4, "一", rule=rule, severity=rule.severity),
          Finding(2, 6, "二", rule=rule, severity=rule.severity),
          Finding(3, 3, "三", rule=rule, severity=rule.severity)]
    out = io.StringIO()
    renderer("html")([LintResult("x.txt", doc, fs)], registry, out)
    text = out.getvalue()
    body = re.search(r'<div class="text">(.*?)</div>', text, re.S).group(1)
    assert re.sub(r"<[^>]+>", "", body) == "甲乙丙丁戊己庚\n"  # text intact, in order
    depth = 0
    for m in re.finditer(r"<(/?)mark\b", body):
        depth += -1 if m.group(1) else 1
        assert depth in (0, 1)
    p = parsed(text)
    assert highlighted_keys(p) == {"0-0", "0-1", "0-2"}
    pieces = [(a["data-f"], a.get("class")) for a in marks(p)]
    assert ("0-0 0-1", "hl error multi") in pieces
    assert any("zero" in c for _, c in pieces)


def test_no_findings_report_is_valid():
    text, n = report([("clean.txt", "一切正常。\n")], rules=["page-marker"])
    assert n == 0 and "没有发现问题" in text and "<mark" not in text


def test_cli_writes_html(tmp_path):
    from click.testing import CliRunner

    from lint.cli import cli

    out = tmp_path / "r.html"
    res = CliRunner().invoke(cli, ["check", str(SEED), "--format", "html", "--output", str(out)])
    assert res.exit_code == 1, res.output
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


# -- a real browser ------------------------------------------------------------------------

class Browser:
    """A minimal DevTools-protocol client for one headless chromium page."""

    def __init__(self, ws_url: str) -> None:
        import websocket

        self.ws = websocket.create_connection(ws_url, timeout=30, suppress_origin=True)
        self.next_id = 0
        self.events: list[dict] = []

    def call(self, method: str, **params):
        self.next_id += 1
        msg_id = self.next_id
        self.ws.send(json.dumps({"id": msg_id, "method": method, "params": params}))
        while True:
            msg = json.loads(self.ws.recv())
            if msg.get("id") == msg_id:
                if "error" in msg:
                    raise RuntimeError(f"{method}: {msg['error']}")
                return msg.get("result", {})
            self.events.append(msg)

    def wait_event(self, method: str, timeout: float = 30) -> dict:
        deadline = time.monotonic() + timeout
        for ev in self.events:
            if ev.get("method") == method:
                return ev
        while time.monotonic() < deadline:
            msg = json.loads(self.ws.recv())
            self.events.append(msg)
            if msg.get("method") == method:
                return msg
        raise TimeoutError(method)

    def eval(self, expr: str):
        r = self.call("Runtime.evaluate", expression=expr, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in r:
            raise RuntimeError(f"{expr}: {r['exceptionDetails']}")
        return r["result"].get("value")

    def drain(self, seconds: float) -> None:
        self.ws.settimeout(seconds)
        try:
            while True:
                self.events.append(json.loads(self.ws.recv()))
        except Exception:  # websocket timeout: nothing more arrived
            pass
        finally:
            self.ws.settimeout(30)

    def errors(self) -> list[str]:
        out = []
        for ev in self.events:
            m, p = ev.get("method"), ev.get("params", {})
            if m == "Runtime.exceptionThrown":
                out.append(json.dumps(p["exceptionDetails"], ensure_ascii=False)[:300])
            elif m == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert", "warning"):
                out.append(json.dumps(p.get("args"), ensure_ascii=False)[:300])
            elif m == "Log.entryAdded" and p["entry"].get("level") in ("error", "warning"):
                out.append(p["entry"].get("text", "")[:300])
        return out


@pytest.fixture(scope="module")
def browser():
    if not (os.path.exists(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        pytest.skip(f"no headless browser: {CHROMIUM} is not installed (apt-get install chromium)")
    pytest.importorskip("websocket", reason="the browser test needs websocket-client (the test extra)")
    profile = tempfile.mkdtemp(prefix="jiaodui-chromium-")
    proc = subprocess.Popen(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-extensions",
         "--remote-debugging-port=0", f"--user-data-dir={profile}", "--window-size=1200,800", "about:blank"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        port_file = Path(profile) / "DevToolsActivePort"
        deadline = time.monotonic() + 30
        while not (port_file.exists() and port_file.read_text().strip()):
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail("chromium did not start its DevTools endpoint")
            time.sleep(0.05)
        port = int(port_file.read_text().split()[0])
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10) as resp:
            pages = [t for t in json.load(resp) if t.get("type") == "page"]
        b = Browser(pages[0]["webSocketDebuggerUrl"])
        b.call("Emulation.setDeviceMetricsOverride", width=1200, height=800, deviceScaleFactor=1, mobile=False)
        yield b
        b.ws.close()
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
        shutil.rmtree(profile, ignore_errors=True)


def open_report(browser: Browser, path: Path) -> None:
    browser.events.clear()
    for domain in ("Page", "Runtime", "Log", "Network"):
        browser.call(f"{domain}.enable")
    browser.events.clear()
    browser.call("Page.navigate", url=path.as_uri())
    browser.wait_event("Page.loadEventFired")
    browser.drain(0.3)


def click(browser: Browser, x: float, y: float) -> None:
    for kind in ("mouseMoved", "mousePressed", "mouseReleased"):
        browser.call("Input.dispatchMouseEvent", type=kind, x=x, y=y, button="left", clickCount=1)


def test_browser_seed_report(browser, tmp_path):
    text, n = report(paths=[SEED])
    assert n > 0
    path = tmp_path / "seed.html"
    path.write_text(text, encoding="utf-8")
    open_report(browser, path)
    assert browser.errors() == []
    requested = [ev["params"]["request"]["url"] for ev in browser.events
                 if ev.get("method") == "Network.requestWillBeSent"]
    assert requested and all(u == path.as_uri() or u.startswith("data:") for u in requested), requested
    # The script ran (it is admitted by the CSP) and every finding is highlighted.
    assert browser.eval("document.querySelectorAll('mark.hl').length") >= n
    assert browser.eval("new Set([].concat(...[...document.querySelectorAll('mark[data-first]')]"
                        ".map(m => m.dataset.first.split(' ')))).size") == n
    assert browser.eval("window.scrollY") == 0
    # Click the last sidebar entry (its highlight is far down the page, out of view).
    entry = browser.eval("""(() => { const es = document.querySelectorAll('#sidebar .entry');
        const e = es[es.length - 1]; e.scrollIntoView({block: 'center'});
        const r = e.getBoundingClientRect();
        const t = document.getElementById(e.dataset.target).getBoundingClientRect();
        return {x: r.left + Math.min(40, r.width / 2), y: r.top + r.height / 2, target: e.dataset.target,
                key: e.dataset.key, before: t.top}; })()""")
    assert entry["before"] > 800, "the seed's last finding should start out of view"
    click(browser, entry["x"], entry["y"])
    browser.drain(0.3)
    after = browser.eval(f"""(() => {{ const r = document.getElementById({json.dumps(entry['target'])})
        .getBoundingClientRect(); return {{top: r.top, bottom: r.bottom, h: window.innerHeight,
        flash: document.getElementById({json.dumps(entry['target'])}).classList.contains('flash'),
        popup: document.getElementById('popup').hidden ? null : document.getElementById('popup').textContent}}; }})()""")
    if after["bottom"] - after["top"] <= after["h"]:
        assert 0 <= after["top"] and after["bottom"] <= after["h"], after
    else:  # a highlight taller than the window (a whole paragraph): centred on it
        assert after["top"] <= after["h"] / 2 <= after["bottom"], after
    assert after["flash"]
    data = json.loads(parsed(text).scripts[0][1])
    d, i = map(int, entry["key"].split("-"))
    assert data["docs"][d]["findings"][i]["message"] in after["popup"]
    # Filtering a rule out removes its highlights' colour and its sidebar entries.
    code = browser.eval("document.querySelector('.rule-filter').value")
    browser.eval("(() => { const cb = document.querySelector('.rule-filter'); cb.click(); })()")
    off = browser.eval(f"[...document.querySelectorAll('mark.hl')].filter(m => m.dataset.rules === "
                       f"{json.dumps(code)}).every(m => m.classList.contains('off'))")
    assert off
    assert browser.errors() == []


def test_browser_hostile_document_runs_no_script(browser, tmp_path):
    text, n = report([("hostile.txt", HOSTILE)], rules=["page-marker"])
    path = tmp_path / "hostile.html"
    path.write_text(text, encoding="utf-8")
    open_report(browser, path)
    assert browser.errors() == []
    assert browser.eval("document.querySelectorAll('main img, main b, main script').length") == 0
    shown = browser.eval("document.querySelector('main .text').textContent")
    assert "<script>alert(1)</script>" in shown and "<img src=x onerror=alert(2)>" in shown
    assert browser.eval("document.querySelectorAll('mark[data-first]').length") == n == 2


def test_crlf_text_shows_one_break_per_line_break():
    from lint.model import Finding

    registry = default_registry()
    rule = registry.get("page-marker")
    doc = parse("crlf.txt", "甲乙\r\n\r\n丙丁\r\n")
    # A finding ending between \r and \n must not turn one break into two.
    fs = [Finding(1, 3, "x", rule=rule, severity=rule.severity)]
    out = io.StringIO()
    renderer("html")([LintResult("crlf.txt", doc, fs)], registry, out)
    body = re.search(r'<div class="text">(.*?)</div>', out.getvalue(), re.S).group(1)
    assert re.sub(r"<[^>]+>", "", body) == "甲乙\n\n丙丁\n"
