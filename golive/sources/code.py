"""Settings modules and application code: Stripe-named literals and env fallbacks (webhook evidence: webhooks.py).

``os.getenv("STRIPE_SECRET_KEY", "sk_test_…")`` is what production runs with when the variable is
missing, so a fallback literal is recorded under the variable's name whatever it holds: a placeholder
or an empty string there is a finding, not noise. Plain assignments (``STRIPE_SECRET_KEY = "…"`` in
``settings/production.py``) count too, except empty initialisers. Every code file is also read as
text, so real keys in any variable are still found.

Speed: a 20,000-file monorepo goes through here. Nothing is parsed into a syntax tree; the value
patterns run only around the places a file says "stripe" or a key prefix, with bounded repetition, so
a minified or generated file cannot make them backtrack for long.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

from golive.keys import classify
from golive.sources import Located, Reading, mentions_stripe, text, webhooks
from golive.sources.structured import variable_name

SUFFIXES = frozenset(
    ".py .js .mjs .cjs .ts .mts .cts .jsx .tsx .vue .svelte .astro .rb .rake .php .go .java .kt .cs "
    ".html .htm".split()
)
WINDOW_REACH = 400

_KEYISH = re.compile(r"key|secret|token|whsec|signing|(?:^|[._])[spr]k(?:$|[._])", re.I)
_QUOTED = r"(?P<q>[\"'`])(?P<literal>[^\"'`\n]*)(?P=q)"
_DOTTED = r"\$?[A-Za-z_][\w$]{0,80}(?:(?:\.|::|->)\$?[A-Za-z_][\w$]{0,80}){0,8}"  # bounded: no backtracking blow-up
#: ``NAME = "…"``, ``name: str = "…"``, ``stripeKey: '…'``, ``'secret' => '…'``, ``key := "…"``.
ASSIGNMENT = re.compile(
    rf"(?P<name>{_DOTTED})[\"'\]]?(?:\s*:\s*[A-Za-z_][\w.\[\], |]{0,60}?)?\s*(?::=|\|\|=|\?\?=|=>|=|:)\s*{_QUOTED}"
)
_NOT_IN_NAME = re.compile(r"[^\w$.:>-]")
#: ``os.getenv("X", "…")``, ``env("X", default="…")``, ``ENV.fetch("X", "…")``, ``ENV.fetch("X") { "…" }``.
CALL_DEFAULT = re.compile(
    rf"\b(?:getenv|get|env|fetch|config|str)\(\s*[\"'](?P<var>[A-Za-z_]\w*)[\"']\s*"
    rf"(?:,\s*(?:default\s*=\s*)?|\)\s*\{{\s*){_QUOTED}"
)
_ENV_REFERENCE = (
    r"(?:process\.env|import\.meta\.env)\.(?P<a>[A-Za-z_]\w*)"
    r"|(?:process\.env|import\.meta\.env|ENV|\$_ENV|\$_SERVER|os\.environ)\[\s*[\"'](?P<b>[A-Za-z_]\w*)[\"']\s*\]"
    r"|(?:getenv|os\.environ\.get|ENV\.fetch|env)\(\s*[\"'](?P<c>[A-Za-z_]\w*)[\"']\s*\)"
)
#: ``process.env.X ?? "…"``, ``process.env.X || "…"``, ``getenv('X') ?: '…'``, ``ENV["X"] || "…"``, ``… or "…"``.
OR_DEFAULT = re.compile(rf"(?:{_ENV_REFERENCE})\s*(?:\?\?|\|\||\?:|\bor\b)\s*{_QUOTED}")
#: Stripe.js started with a secret: ``loadStripe("sk_…")`` always runs in a browser; ``Stripe("sk_…")``
#: does when the file loads Stripe.js (the Node SDK is called the same way on a server).
CLIENT_INIT = re.compile(r"\b(?P<call>loadStripe|Stripe)\(\s*(?P<q>[\"'`])(?P<literal>(?:sk|rk)_[^\"'`\n]*)(?P=q)")
_BROWSER_STRIPE = ("js.stripe.com", "@stripe/stripe-js", "@stripe/react-stripe-js")


def read(path: str, content: str) -> Reading:
    reading = text.read(path, content)
    if len(content) > text.MAX_SOURCE_CHARS:
        return reading
    found = list(_literals(path, content))
    claimed = {(item.line, item.value) for item in found}
    reading.values = found + [item for item in reading.values if (item.line, item.value) not in claimed]
    reading.signals.extend(webhooks.read(path, content))
    return reading


class Lines:
    """1-based line of any offset, in any order."""

    def __init__(self, content: str) -> None:
        self.breaks = [match.start() for match in re.finditer("\n", content)]

    def at(self, offset: int) -> int:
        return bisect.bisect_left(self.breaks, offset) + 1


def keyish(variable: str | None) -> bool:
    """A Stripe-named variable that can hold a key (``STRIPE_SECRET_KEY``), not ``STRIPE_PRICE_ID``."""
    return mentions_stripe(variable) and bool(_KEYISH.search(variable or ""))


# Where a placeholder assigned to a Stripe name is configuration (Django settings, config/, Angular
# environments); elsewhere only a real key in a plain assignment counts, the rest are identifiers.
_SETTINGS_PATH = re.compile(r"(?:^|/)(?:settings|config|conf|configuration|environments?|secrets)(?:/|\.|_|$)")


def _literals(path: str, content: str) -> Iterator[Located]:
    """Stripe-named literals and fallbacks, and Stripe.js started with a secret.

    Every match holds "stripe" or a key prefix, so the regexes run only around those (the line before
    to the line after, for calls split over lines), never over a whole file.
    """
    lowered = content.lower()
    windows = _windows(content, lowered)
    if not windows:
        return
    lines = Lines(content)
    seen: set[tuple[int, str]] = set()
    browser = any(marker in content for marker in _BROWSER_STRIPE)

    def emit(offset: int, variable: str, value: str, hint: tuple[str, str] | None = None, fallback: bool = False) -> Iterator[Located]:
        line = lines.at(offset)
        if (line, value) not in seen and "${" not in value and "#{" not in value:
            seen.add((line, value))
            yield Located(path, line, variable, value, "code", exposure_hint=hint, fallback=fallback)

    for start, end in windows:
        for pattern in (CALL_DEFAULT, OR_DEFAULT):
            for match in pattern.finditer(content, start, end):
                variable = match.groupdict().get("var") or _reference(match)
                value = match.group("literal")
                if keyish(variable) or classify(value).kind is not None:
                    yield from emit(match.start("literal"), variable, value, fallback=True)
        for match in CLIENT_INIT.finditer(content, start, end):
            if match.group("call") == "loadStripe":
                hint = ("client", "client: loadStripe() starts Stripe.js in the browser with it")
            elif browser:
                hint = ("client", "client: Stripe() starts Stripe.js in browser code (the file loads Stripe.js) with it")
            else:
                continue
            yield from emit(match.start("literal"), f"{match.group('call')}()", match.group("literal"), hint)
    settings_module = bool(_SETTINGS_PATH.search(path.lower()))
    for match in _assignments(content, lowered):
        variable = variable_name(tuple(re.split(r"\.|::|->", match.group("name").lstrip("$"))))
        literal = match.group("literal")
        if literal and keyish(variable) and (settings_module or classify(literal).is_real):
            yield from emit(match.start("literal"), variable, literal)


def _assignments(content: str, lowered: str) -> Iterator[re.Match[str]]:
    """``ASSIGNMENT`` tried once per "stripe", from the start of the name it sits in: a pattern that
    starts with any identifier would otherwise be tried at every character of the file."""
    at = lowered.find("stripe")
    while at >= 0:
        before = content[max(at - 120, 0) : at][::-1]
        outside = _NOT_IN_NAME.search(before)
        start = at - (outside.start() if outside else len(before))
        while content[start] in ".:>-":
            start += 1
        match = ASSIGNMENT.match(content, start, min(len(content), at + WINDOW_REACH))
        if match:
            yield match
        at = lowered.find("stripe", at + 6)


def _windows(content: str, lowered: str) -> list[tuple[int, int]]:
    """Merged spans from the line before to the line after each "stripe" or key prefix, at most
    ``WINDOW_REACH`` characters either way (minified lines are long)."""
    anchors = []
    for needle, haystack in (("stripe", lowered), ("sk_", content), ("rk_", content), ("pk_", content), ("whsec_", content)):
        at = haystack.find(needle)
        while at >= 0:
            anchors.append(at)
            at = haystack.find(needle, at + len(needle))
    spans: list[tuple[int, int]] = []
    for at in sorted(anchors):
        if spans and at < spans[-1][1]:
            continue
        start = max(_line_start(content, _line_start(content, at) - 1), at - WINDOW_REACH)
        end = min(_line_end(content, _line_end(content, at) + 1), at + WINDOW_REACH)
        if spans and start <= spans[-1][1]:
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
    return spans


def _line_start(content: str, offset: int) -> int:
    return content.rfind("\n", 0, max(offset, 0)) + 1


def _line_end(content: str, offset: int) -> int:
    end = content.find("\n", min(offset, len(content)))
    return len(content) if end < 0 else end


def _reference(match: re.Match[str]) -> str:
    return match.group("a") or match.group("b") or match.group("c")

