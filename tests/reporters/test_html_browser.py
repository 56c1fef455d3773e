"""The HTML report in a real browser, at desktop (1280 px) and phone (390 px) widths: no horizontal
scroll, no script, no request leaves the page, names and paths never broken inside a word, and every
link lands on something. Playwright from PyPI drives Debian's chromium (its own browser download
cannot reach the network); where neither is installed the test skips and says which is missing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from helpers import write_tree
from typer.testing import CliRunner

from golive.cli import app

CHROMIUM = next(
    (
        p
        for p in ("/usr/bin/chromium", shutil.which("chromium") or "", shutil.which("chromium-browser") or "")
        if p and Path(p).is_file()
    ),
    None,
)
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install '.[test]')")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="no chromium browser: apt-get install chromium (Debian), as .ci/run does"
)

WIDTHS = {"desktop": (1280, 900), "phone": (390, 844)}
# A monorepo: long paths and long names, an accepted finding, warnings that do not block, checks not run.
TREE = {
    "apps/storefront-web/config/environments/production/.env.production": (
        "NEXT_PUBLIC_STRIPE_SECRET_KEY=@@sk_test@@\nSTRIPE_RESTRICTED_KEY_FOR_THE_FULFILMENT_WORKER=@@rk_live@@\n"
    ),
    "apps/storefront-web/config/environments/staging/.env.staging": "STRIPE_SECRET_KEY=@@sk_live@@\n",
    "services/billing-reconciliation-worker/deploy/kubernetes/overlays/production/.env.production": (
        "STRIPE_SECRET_KEY=@@sk_live:billing@@  # golive: ignore[GL302] the reconciliation job reads every resource (PAY-1234)\n"
    ),
}
STRESS = {f"apps/x/{'very-long-folder-name-without-any-break/' * 3}.env.production": "STRIPE_PUBLISHABLE_KEY=@@pk_test@@\n"}


#: Every place a ``code`` element wraps, as the text either side of the break, when the break is not
#: right after a separator (``/ _ . - : = , @``) or a space: a name broken inside a word.
MID_WORD_BREAKS = r"""(() => {
  const found = [];
  for (const code of document.querySelectorAll('code')) {
    const walker = document.createTreeWalker(code, NodeFilter.SHOW_TEXT);
    let previous = null, top = null;
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (let i = 0; i < node.length; i++) {
        const range = document.createRange();
        range.setStart(node, i); range.setEnd(node, i + 1);
        const rect = range.getClientRects()[0];
        if (!rect) continue;
        if (top !== null && rect.top > top + 2 && !/[\/_.\-:=,@\s]/.test(previous)) {
          found.push(code.textContent.slice(0, 80) + ' | after ' + previous);
        }
        top = rect.top; previous = node.data[i];
      }
    }
  }
  return found;
})()"""


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield launched
        launched.close()


def html_report(root: Path, out: Path) -> Path:
    result = CliRunner().invoke(app, ["check", str(root), "-f", "html", "-o", str(out)], env={})
    assert result.exit_code == 1 and out.is_file(), result.output
    return out


def open_page(browser, report: Path, width: str, requests: list[str]):
    viewport_width, height = WIDTHS[width]
    page = browser.new_page(viewport={"width": viewport_width, "height": height})

    def route(route):
        if route.request.url != report.as_uri():
            requests.append(route.request.url)
            return route.abort()
        return route.continue_()

    page.route("**/*", route)
    page.goto(report.as_uri())
    return page


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("tree_files", [TREE, {**TREE, **STRESS}], ids=["monorepo", "unbreakable-path"])
def test_fits_the_screen_runs_nothing_and_loads_nothing(browser, tmp_path, width, tree_files):
    report = html_report(write_tree(tmp_path / "app", tree_files), tmp_path / "golive.html")
    requests: list[str] = []
    page = open_page(browser, report, width, requests)
    page.screenshot(path=str(tmp_path / f"{width}.png"), full_page=True)
    scroll, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert scroll <= inner, f"horizontal scroll at {width}: the page is {scroll}px wide in a {inner}px window"
    sticking_out = page.evaluate("""[...document.querySelectorAll('body *')]
        .filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5)
        .map(e => e.tagName + ' ' + e.textContent.slice(0, 60))""")
    assert sticking_out == []
    assert page.evaluate("document.scripts.length") == 0
    assert requests == []
    page.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_names_break_only_between_words_and_links_land(browser, tmp_path, width):
    report = html_report(write_tree(tmp_path / "app", TREE), tmp_path / "golive.html")
    page = open_page(browser, report, width, [])
    broken = page.evaluate("""[...document.querySelectorAll('.nw')]
        .filter(e => e.getClientRects().length > 1).map(e => e.textContent)""")
    assert broken == [], f"short names wrapped at {width}"
    assert page.evaluate(MID_WORD_BREAKS) == [], f"a path or name broke inside a word at {width}"
    dangling = page.evaluate("""[...document.querySelectorAll('a')]
        .filter(a => !a.getAttribute('href').startsWith('#') || !document.getElementById(a.getAttribute('href').slice(1)))
        .map(a => a.getAttribute('href'))""")
    assert dangling == []
    page.click("#check-GL201 a")  # the check table links to the check's findings
    assert page.evaluate("location.hash") == "#GL201"
    assert page.evaluate("document.getElementById('GL201').getBoundingClientRect().top") < 5
    first_screen = page.evaluate("document.getElementById('blocks').getBoundingClientRect().top")
    assert first_screen < 0  # scrolled away: the page starts with what blocks, above the fold
    page.goto(report.as_uri())
    assert page.evaluate("document.getElementById('blocks').getBoundingClientRect().top") < WIDTHS[width][1] / 2
    page.close()
