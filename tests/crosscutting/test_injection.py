"""Terminal and report injection: names and values from a hostile tree reach every report as text.

A file, folder or variable name, a value, an ignore reason or an exception's reason may hold ANSI and
OSC escape sequences, carriage returns, backspaces, C1 controls, bidirectional overrides, HTML,
Markdown or a GitHub workflow command. The text and github formats must show them, not act on them;
Markdown and HTML must escape them; JSON, SARIF and JUnit must stay valid and parseable.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
from helpers import checks
from keyfactory import key
from markdown_it import MarkdownIt
from sarif import assert_valid_sarif
from typer.testing import CliRunner

from golive.cli import app
from golive.reporters import RENDERERS, render
from golive.reporters.parts import visible
from golive.reporters.text import RESET, STYLES
from golive.runner import check_tree
from golive.settings import load_settings

TODAY = date(2025, 1, 1)
SK = key("sk", "live", seed="injection")
HOSTILE = {
    "ANSI colour": "\x1b[31mred\x1b[0m",
    "OSC 8 link": "\x1b]8;;http://evil\x07click\x1b]8;;\x07",
    "clear screen": "\x1b[2J\x1b[H",
    "carriage return": "ok\rREADY for production",
    "backspace": "abc\b\b\bxyz",
    "every C0 control": "".join(map(chr, range(1, 32))),
    "DEL and C1 controls": "\x7f\x85\x9b31m\x9d8;;http://evil\x9c",
    "bidi override": "\u202egnp.exe\u2066",
    "line separator": "a\u2028b\u2029c",
    "HTML": "<script>alert(1)</script><img src=x onerror=alert(1)>",
    "Markdown": "| a | `b` [x](http://evil) ![i](http://evil/i.png) **bold** <img src=x> www.evil.com",
    "workflow command": "\n::error::forged\n::add-mask::x",
    "percent-encoded command": "%0A::error::forged%25",
}
#: What a terminal, a log viewer or a parser acts on (defined here, apart from the reporters' own set).
ACTING = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]")
runner = CliRunner()


def name_safe(text: str) -> str:
    """``text`` as one file or folder name: no slash, and within the 255 bytes file systems allow."""
    return text.replace("/", "∕")[:60]


def hostile_tree(root: Path, text: str) -> Path:
    """``text`` in every place a report quotes from the tree."""
    single = text.replace("'", "")
    double = text.replace("\\", "\\\\").replace('"', '\\"')
    files = {
        f"web/{name_safe(text)}.env.production": f"NEXT_PUBLIC_STRIPE_SECRET_KEY={SK}\n",  # a file name
        f"{name_safe(text)}/config/production.yaml": "stripe_secret_key: [unclosed\n",  # a folder, in a skip reason
        ".env.production": (
            f"# golive: ignore[GL104] {' '.join(text.split())}\nSTRIPE_RESTRICTED_KEY=\n"  # an accepted finding's reason
            f"'STRIPE_{single}_SECRET_KEY'={SK}\n"  # a variable name
            f'STRIPE_SECRET_KEY="abcdefghijkl{double}"\n'  # a value, whose last four characters the report shows
        ),
        "config/production.yaml": f"stripe:\n  {json.dumps(text)}: {json.dumps('x' + text)}\n",  # a config key
        "golive.toml": (  # exceptions whose reason a notice quotes
            f'[[exceptions]]\ncheck = "GL201"\npath = {json.dumps(text)}\nreason = {json.dumps(text)}\nexpires = 2001-01-01\n'
        ),
    }
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    return root


@pytest.fixture(params=sorted(HOSTILE), ids=sorted(HOSTILE))
def hostile(request, tmp_path):
    """(hostile text, its tree's report, every format rendered)."""
    text = HOSTILE[request.param]
    root = hostile_tree(tmp_path / "app", text)
    report = check_tree(root, load_settings(root), checks(), today=TODAY)
    return text, report, {fmt: render(report, fmt) for fmt in RENDERERS}


def acting(output: str) -> list[str]:
    return sorted(set(ACTING.findall(output)))


def test_the_tree_carries_the_text_into_the_report(hostile):
    text, report, _ = hostile
    assert f"web/{name_safe(text)}.env.production" in {f.path for f in report.findings}
    as_read = text.replace("\r\n", "\n").replace("\r", "\n")  # golive reads a lone CR as a line break, as editors do
    assert any(as_read in (f.variable or "") for f in report.findings)
    assert any(name_safe(text) in s.path for s in report.skipped)
    assert any(" ".join(text.split()) in f.suppression.reason for f in report.suppressed)
    assert any(text.strip() in notice for notice in report.notices)


def test_text_report_shows_control_characters_instead_of_acting_on_them(hostile):
    _, report, outputs = hostile
    assert acting(outputs["text"]) == []
    coloured = render(report, "text", color=True)
    for sequence in [*STYLES.values(), RESET]:
        coloured = coloured.replace(sequence, "")
    assert acting(coloured) == []
    verdicts = [line for line in outputs["text"].splitlines() if line.startswith(("READY", "NOT READY"))]
    assert verdicts == [report.verdict]  # no name starts a line that passes for golive's verdict


def test_github_commands_cannot_be_forged_or_coloured(hostile):
    _, report, outputs = hostile
    lines = outputs["github"].splitlines()
    assert acting(outputs["github"]) == []
    assert len(lines) == len(report.findings) + len(report.crashed) + len(report.not_run) + len(report.notices) + 1
    assert all(line.startswith(("::error ", "::warning ", "::notice ")) for line in lines[:-1])
    assert lines[-1] == report.verdict


class Tags(HTMLParser):
    """Every start tag and attribute name in a page."""

    def __init__(self, page: str) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.attributes: set[str] = set()
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        self.attributes.update(name for name, _ in attrs)


MARKDOWN_TAGS = {"h2", "h3", "p", "strong", "code", "ul", "li", "blockquote", "table", "thead", "tbody", "tr", "th", "td", "br"}


def test_markdown_escapes_html_links_and_table_syntax(hostile):
    _, _, outputs = hostile
    comment = outputs["markdown"]
    assert acting(comment) == []
    markdown = MarkdownIt("commonmark").enable("table").disable("text_join")  # keep escapes as tokens of their own
    page = markdown.render(comment)
    assert Tags(page).tags <= MARKDOWN_TAGS  # no <a>, <img>, <script>, no emphasis from a name
    for table in re.findall(r"<table>.*?</table>", page, re.S):
        widths = {len(re.findall(r"<t[hd]\b", row)) for row in re.findall(r"<tr>.*?</tr>", table, re.S)}
        assert len(widths) == 1, "a pipe in a name split a table cell"
    runs = [
        child.content
        for token in markdown.parse(comment)
        if token.type == "inline"
        for child in token.children or ()
        if child.type == "text"
    ]
    assert not [run for run in runs if re.search(r"://|\bwww\.", run)]  # GitHub links a bare URL in one run of text


HTML_TAGS = {
    "html",
    "head",
    "meta",
    "title",
    "style",
    "body",
    "header",
    "h1",
    "h2",
    "h3",
    "p",
    "table",
    "tr",
    "th",
    "td",
    "code",
    "br",
    "span",
    "ul",
    "li",
    "div",
    "strong",
    "section",
    "dl",
    "dt",
    "dd",
    "a",
    "wbr",
    "thead",
    "tbody",
}


def test_html_escapes_everything(hostile):
    _, _, outputs = hostile
    page = outputs["html"]
    assert acting(page) == []
    tags = Tags(page)
    assert tags.tags <= HTML_TAGS
    assert tags.attributes <= {"lang", "charset", "http-equiv", "content", "name", "class", "id", "href", "data-label"}
    assert all(href.startswith("#") for href in re.findall(r'href="([^"]*)"', page))  # links stay on the page


def test_machine_formats_stay_valid_and_faithful(hostile):
    text, report, outputs = hostile
    for fmt in ("json", "sarif", "junit"):
        assert acting(outputs[fmt]) == [], fmt
    paths = {f["path"] for f in json.loads(outputs["json"])["findings"]}
    assert f"web/{name_safe(text)}.env.production" in paths  # JSON escapes, it does not rewrite
    assert_valid_sarif(outputs["sarif"])
    suites = ET.fromstring(outputs["junit"].encode("utf-8"))  # XML 1.0 rejects most control characters
    assert len(suites.findall(".//testcase")) >= len(report.findings)


@pytest.mark.parametrize("label", sorted(HOSTILE))
def test_cli_output_and_the_deploy_environment(tmp_path, label):
    """Through the CLI, with the hostile text also in a variable of the deploy step's environment."""
    text = HOSTILE[label]
    root = hostile_tree(tmp_path / "app", text)
    environment = {f"NEXT_PUBLIC_STRIPE_{text.replace('=', '')}": SK, "STRIPE_SECRET_KEY": "abcdefghijkl" + text}
    result = runner.invoke(
        app, ["check", str(root), "--from-env", "-f", "json", "-o", str(tmp_path / "r.json"), "-f", "text"], env=environment
    )
    assert result.exit_code == 1, result.output
    assert acting(result.stdout) == [] and acting(result.stderr) == []
    assert "environment" in {f["path"] for f in json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["findings"]}


def test_visible_spells_characters_out_as_python_writes_them():
    assert visible("\x1b[31m\r\n\t\x9b\u202e") == r"\x1b[31m\r\n\t\x9b\u202e"
    assert visible("a\nb", keep="\n") == "a\nb"
    assert visible("web\udcff/.env") == r"web\xff/.env"  # a byte of a name that is not UTF-8
    assert visible("ключ <b> é …") == "ключ <b> é …"
