"""The HTML report a reviewer signs: what did not run is not green, warnings that do not block are not a
red fail, accepted findings look accepted, the check table links to its findings, and the page says when,
where (path, commit) and with which golive and config it ran."""

from __future__ import annotations

import re
import subprocess

from helpers import run, write_tree
from typer.testing import CliRunner

from golive import __version__
from golive.cli import app
from golive.reporters import render

runner = CliRunner()
TREE = {
    ".env.production": "STRIPE_SECRET_KEY=@@sk_live@@\nNEXT_PUBLIC_STRIPE_SECRET_KEY=@@sk_live@@\n",
    ".env.staging": "STRIPE_SECRET_KEY=@@sk_live:staging@@  # golive: ignore[GL102] staging bills the live account until PAY-9\n"
    "STRIPE_WEBHOOK_SECRET=@@whsec@@\nSTRIPE_OTHER_KEY=@@sk_live:other@@  # golive: ignore[GL102] the nightly export, PAY-10\n",
}


def row(page: str, check_id: str) -> str:
    return re.search(rf'<tr id="check-{check_id}">(.*?)</tr>', page, re.S).group(1)


def test_not_run_checks_are_grey_with_their_reason(tmp_path):
    page = render(run(write_tree(tmp_path / "app", TREE)), "html")
    gl106 = row(page, "GL106")
    assert 'class="st st-not-run">not run</span>' in gl106 and "--online was not given" in gl106
    assert "st-pass" not in gl106
    assert 'href="#check-GL106"' in page.split('id="run"')[0]  # listed on the first screen as not verified


def test_warnings_that_do_not_block_are_not_a_red_fail(tmp_path):
    root = write_tree(
        tmp_path / "app", {".env.development": "STRIPE_SECRET_KEY=@@sk_test@@\n", ".env.production": "STRIPE_SECRET_KEY=${SK}\n"}
    )
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    subprocess.run(["git", "-C", str(root), "add", "-A"], check=True)
    report = run(root)
    assert {f.severity.value for f in report.findings if f.check_id == "GL501"} == {"warning"}
    gl501 = row(render(report, "html"), "GL501")
    assert 'st-warn">warning</span>' in gl501 and "st-fail" not in gl501
    blocking = row(render(run(root, fail_on="warning"), "html"), "GL501")
    assert 'st-fail">fail</span>' in blocking


def test_accepted_findings_are_styled_as_accepted_and_links_land(tmp_path):
    page = render(run(write_tree(tmp_path / "app", TREE)), "html")
    gl102 = row(page, "GL102")
    assert 'st-accepted">accepted</span>' in gl102 and '<a href="#GL102">GL102</a>' in gl102
    section = page.split('<section id="GL102">')[1].split("</section>")[0]
    assert section.count('class="finding accepted-finding"') == 2 and "staging bills the live account until PAY-9" in section
    ids = set(re.findall(r'\bid="([^"]+)"', page))
    assert {href for href in re.findall(r'href="#([^"]+)"', page)} <= ids
    assert "<script" not in page and not re.search(r'(?:src|href)="(?!#)', page)


def test_the_page_says_when_where_and_with_what_it_ran(tmp_path):
    root = write_tree(tmp_path / "app", {**TREE, "golive.toml": "env = 'production'\n"})
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    subprocess.run(["git", "-C", str(root), "add", "-A"], check=True)
    subprocess.run(["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "x"], check=True)
    commit = subprocess.run(
        ["git", "-C", str(root), "rev-parse", "HEAD"], capture_output=True, text=True, check=True
    ).stdout.strip()
    out = tmp_path / "golive.html"
    result = runner.invoke(app, ["check", str(root), "-f", "html", "-o", str(out)], env={"GOLIVE_FAIL_ON": "error"})
    assert result.exit_code == 1, result.output
    page = out.read_text(encoding="utf-8")
    facts = dict(re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", page))
    plain = {name: re.sub(r"<[^>]+>", "", value) for name, value in facts.items()}
    assert plain["Commit"] == commit and plain["Checked"] == str(root.resolve())
    assert plain["golive"] == __version__ and plain["Config"] == "golive.toml; GOLIVE_FAIL_ON from the environment"
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC", plain["Ran at"])
    (root / ".env.production").write_text("STRIPE_SECRET_KEY=${SK}\n")
    runner.invoke(app, ["check", str(root), "-f", "html", "-o", str(out)], env={})
    assert f"{commit} with uncommitted changes" in re.sub(r"<[^>]+>", "", out.read_text(encoding="utf-8"))


def test_the_first_screen_says_what_blocks(tmp_path):
    page = render(run(write_tree(tmp_path / "app", TREE)), "html")
    first = page.split('<section class="first" id="blocks">')[1].split("</section>")[0]
    assert "What blocks the go-live" in first and '<a href="#GL102">' not in first  # accepted: not a blocker
    ready = render(run(write_tree(tmp_path / "ready", {".env.production": "STRIPE_PUBLISHABLE_KEY=${PK}\n"})), "html")
    assert "Nothing blocks the go-live" in ready and "Not verified by this run" in ready
