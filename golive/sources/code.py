"""Settings modules and application code: Stripe-named literals and env fallbacks (webhook evidence: webhooks.py).

``os.getenv("STRIPE_SECRET_KEY", "sk_test_…")`` is what production runs with when the variable is
missing, so a fallback literal is recorded under the variable's name whatever it holds: a placeholder
or an empty string there is a finding, not noise. Plain assignments (``STRIPE_SECRET_KEY = "…"`` in
``settings/production.py``) count too, except empty initialisers. So does a literal handed to a Stripe
SDK (``require('stripe')('sk_test_…')``, ``stripe.api_key = '…'``, ``loadStripe('…')``): production runs
with it, so it is named for the key the SDK takes there. A literal in a comment configures nothing,
and one that is only part of a string is no value; adjacent literals that together spell a real key
are that key. Every code file is also read as text, so real keys in any variable are still found.

Speed: a 20,000-file monorepo goes through here. Nothing is parsed into a syntax tree; the value
patterns run only around the places a file says "stripe" or a key prefix, with bounded repetition, so
a minified or generated file cannot make them backtrack for long.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from golive.keys import KEY_IN_TEXT, Kind, classify, named_kind
from golive.sources import Lines, Located, Reading, api_versions, mentions_stripe, stripe_calls, text, webhooks
from golive.sources.structured import variable_name

SUFFIXES = frozenset(
    ".py .js .mjs .cjs .ts .mts .cts .jsx .tsx .vue .svelte .astro .rb .rake .php .go .java .kt .cs .html .htm".split()
)
WINDOW_REACH = 400

_KEYISH = re.compile(r"key|secret|token|whsec|signing|(?:^|[._])[spr]k(?:$|[._])", re.I)
_QUOTED = r"(?P<q>[\"'`])(?P<literal>[^\"'`\n]*)(?P=q)"
_DOTTED = r"\$?[A-Za-z_][\w$]{0,80}(?:(?:\.|::|->)\$?[A-Za-z_][\w$]{0,80}){0,8}"  # bounded: no backtracking blow-up
#: ``NAME = "…"``, ``name: str = "…"``, ``stripeKey: '…'``, ``'secret' => '…'``, ``key := "…"``.
ASSIGNMENT = re.compile(
    rf"(?P<name>{_DOTTED})[\"'\]]?(?:\s*:\s*[A-Za-z_][\w.\[\], |]{0, 60}?)?\s*(?::=|\|\|=|\?\?=|=>|=|:)\s*{_QUOTED}"
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
#: A literal handed to a Stripe SDK is what production runs with, whatever it holds: (pattern up to the
#: literal's opening quote, the name a report shows, the kind of key the SDK takes there). ``Stripe(…)``
#: is Stripe.js in a browser and the Node SDK on a server: its kind is decided per file (``_BARE``).
_SDK_CALLS = (
    (r"require\(\s*[\"']stripe[\"']\s*\)\s*\(\s*", "require('stripe')()", Kind.SECRET),
    (r"\bnew\s+Stripe\s*\(\s*", "new Stripe()", None),
    (r"(?<![\w$.\\])Stripe\s*\(\s*", "Stripe()", None),
    (r"\b(?:new\s+)?(?:\\?Stripe\\)?StripeClient\s*\(\s*(?:\[\s*[\"']api_key[\"']\s*=>\s*)?", "StripeClient()", Kind.SECRET),
    (r"\bStripe::StripeClient\.new\s*\(?\s*", "Stripe::StripeClient.new()", Kind.SECRET),
    (r"\bstripe\.NewClient\(\s*", "stripe.NewClient()", Kind.SECRET),
    (r"(?:\\?Stripe\\)?\bStripe::setApiKey\(\s*", "Stripe::setApiKey()", Kind.SECRET),
    (r"\bStripeConfiguration\.SetApiKey\(\s*", "StripeConfiguration.SetApiKey()", Kind.SECRET),
    (r"\bloadStripe\(\s*", "loadStripe()", Kind.PUBLISHABLE),
    (r"<StripeProvider\b[^>]{0,300}?\bpublishableKey=\{?\s*", "<StripeProvider publishableKey>", Kind.PUBLISHABLE),
    (r"\binitStripe\(\s*\{[^}]{0,300}?\bpublishableKey\s*:\s*", "initStripe({publishableKey})", Kind.PUBLISHABLE),
    (r"\bPaymentConfiguration\.init\(\s*[\w.]{1,60}(?:\(\))?\s*,\s*", "Stripe PaymentConfiguration.init()", Kind.PUBLISHABLE),
    (r"\bsetDefaultPublishableKey\(\s*", "Stripe.setDefaultPublishableKey()", Kind.PUBLISHABLE),
)
#: The SDK handed a literal, or a constant (``require('stripe')(STRIPE_KEY)``), whose literal is read where it is defined.
SDK_CALL = re.compile(
    "(?:" + "|".join(f"(?P<c{index}>{pattern})" for index, (pattern, _, _) in enumerate(_SDK_CALLS)) + ")"
    rf"(?:{_QUOTED}|(?P<constant>\$?[A-Za-z_][\w$]{{0,60}})\s*[,)}}])"
)
DEFINITION_REACH = 20_000  # characters searched back from a call for its constant's definition
#: The SDKs' own settings assigned a literal: ``stripe.api_key``, ``Stripe.apiKey``, ``StripeConfiguration.ApiKey``,
#: ``stripe.Key`` (Go), ``Stripe.publishableKey`` (Flutter), ``StripeAPI.defaultPublishableKey`` (iOS).
SDK_SETTING = re.compile(
    r"(?:\\?Stripe\\)?(?:stripe|Stripe|StripeConfiguration|StripeAPI)\."
    r"(?:(?P<secret>api_?[kK]ey|ApiKey|Key)|(?P<publishable>publishable_?[kK]ey|defaultPublishableKey|PublishableKey))"
)
KIND_WORDS = {
    Kind.SECRET: "secret key",
    Kind.PUBLISHABLE: "publishable key",
    Kind.RESTRICTED: "restricted key",
    Kind.WEBHOOK_SECRET: "webhook secret",
    Kind.ORGANIZATION: "organization key",
}
_BROWSER_STRIPE = ("js.stripe.com", "@stripe/stripe-js", "@stripe/react-stripe-js")
_SERVER_STRIPE = re.compile(r"""require\(\s*["']stripe["']\s*\)|from\s+["']stripe["']|import\s+Stripe\s+from\s+["']stripe["']""")
#: What follows a literal that is only part of a string: ``"sk_live_" + rest``, ``'a' . $b``, ``'sk_li' 've_…'``.
_CONCATENATED = re.compile(r"""[ \t]*(?:\+(?!\+)|\.(?=\s*[$"'`])|\.\.|&(?!&)|["'`]|\\?\n\s*["'`])""")
_LITERAL = re.compile(r"""(["'`])([^"'`\n\\]{0,300})\1""")
_JOINING = re.compile(r"""\s{0,40}(?:(?:\+|\.\.?|&)\s{0,40})?(?:\\\n\s{0,40})?""")


def read(path: str, content: str) -> Reading:
    reading = text.read(path, content)
    if len(content) > text.MAX_SOURCE_CHARS:
        return reading
    found = list(_literals(path, content))
    claimed = {(item.line, item.value) for item in found}
    reading.values = found + [item for item in reading.values if (item.line, item.value) not in claimed]
    reading.signals.extend(webhooks.read(path, content))
    reading.calls.extend(stripe_calls.read(path, content))
    reading.signals.extend(stripe_calls.key_reads(path, content))
    reading.signals.extend(api_versions.read(path, content))
    return reading


def keyish(variable: str | None) -> bool:
    """A Stripe-named variable that can hold a key (``STRIPE_SECRET_KEY``), not ``STRIPE_PRICE_ID``."""
    return mentions_stripe(variable) and bool(_KEYISH.search(variable or ""))


# Where a placeholder assigned to a Stripe name is configuration (Django settings, config/, Angular
# environments); elsewhere only a real key in a plain assignment counts, the rest are identifiers.
_SETTINGS_PATH = re.compile(r"(?:^|/)(?:settings|config|conf|configuration|environments?|secrets)(?:/|\.|_|$)")


def _literals(path: str, content: str) -> Iterator[Located]:
    """Stripe-named literals and fallbacks, literals handed to the SDKs, and keys written in parts.

    Every match holds "stripe" or a key prefix, so the regexes run only around those (the line before
    to the line after, for calls split over lines), never over a whole file. A literal inside a
    comment configures nothing, and one that is only part of a string (``"sk_live_" + rest``) is no
    value: neither is reported (a real key in a comment is still found by the key scan).
    """
    lowered = content.lower()
    windows = _windows(content, lowered)
    if not windows:
        return
    lines = Lines(content)
    seen: set[tuple[int, str]] = set()
    sides: dict[str, str | None] = {}

    def emit(
        match: re.Match[str], variable: str, hint: tuple[str, str] | None = None, fallback: bool = False
    ) -> Iterator[Located]:
        value, offset = match.group("literal"), match.start("literal")
        line = lines.at(offset)
        if (line, value) in seen or "${" in value or "#{" in value or _CONCATENATED.match(content, match.end()):
            return
        if text.commented(path, content, offset):
            return
        seen.add((line, value))
        yield Located(path, line, variable, value, "code", exposure_hint=hint, fallback=fallback)

    for start, end in windows:
        for pattern in (CALL_DEFAULT, OR_DEFAULT):
            for match in pattern.finditer(content, start, end):
                variable = match.groupdict().get("var") or _reference(match)
                if keyish(variable) or classify(match.group("literal")).kind is not None:
                    yield from emit(match, variable, fallback=True)
        for call in SDK_CALL.finditer(content, start, end):
            _, label, kind = next(sdk for index, sdk in enumerate(_SDK_CALLS) if call.group(f"c{index}") is not None)
            site = _definition(content, call) if call.group("constant") else call
            if site is None:
                continue
            hint = _CLIENT_HINTS.get(label)
            if kind is None:  # Stripe() or new Stripe(): Stripe.js in a browser, the Node SDK on a server
                own = classify(site.group("literal")).kind
                if _side(path, content, sides) == "browser":
                    kind = own or Kind.PUBLISHABLE
                    hint = ("client", f"client: {label} starts Stripe.js in browser code (the file loads Stripe.js) with it")
                elif _side(path, content, sides) == "server" or label == "new Stripe()":
                    kind = Kind.SECRET
                elif own:
                    kind = own
                else:
                    continue
            name = f"{label} {KIND_WORDS[kind]}"
            yield from emit(site, f"{call.group('constant')} ({name})" if call.group("constant") else name, hint)
        for chain_start, key in _joined_keys(content, start, end):
            line = lines.at(chain_start)
            if (line, key) not in seen and not text.commented(path, content, chain_start):
                seen.add((line, key))
                before = content[max(0, chain_start - 200) : chain_start].rstrip(" \t\n(")
                assigned = text.ASSIGNED_TO.search(before + "=")
                yield Located(path, line, assigned.group(1) if assigned else None, key, "code")
    settings_module = bool(_SETTINGS_PATH.search(path.lower()))
    for match in _assignments(content, lowered):
        name = match.group("name").lstrip("$")
        setting = SDK_SETTING.fullmatch(name)
        if setting:
            kind = Kind.SECRET if setting.group("secret") else Kind.PUBLISHABLE
            yield from emit(match, name if named_kind(name) is kind else f"{name} ({KIND_WORDS[kind]})")
            continue
        variable = variable_name(tuple(re.split(r"\.|::|->", name)))
        literal = match.group("literal")
        if literal and keyish(variable) and (settings_module or classify(literal).is_real):
            yield from emit(match, variable)


_CLIENT_HINTS = {
    "loadStripe()": ("client", "client: loadStripe() starts Stripe.js in the browser with it"),
    "<StripeProvider publishableKey>": (
        "client",
        "client: <StripeProvider publishableKey> starts the Stripe React Native SDK in the app",
    ),
    "initStripe({publishableKey})": ("client", "client: initStripe() starts the Stripe React Native SDK in the app"),
    "Stripe PaymentConfiguration.init()": (
        "client",
        "client: PaymentConfiguration.init() starts the Stripe Android SDK in the app",
    ),
}


def _definition(content: str, call: re.Match[str]) -> re.Match[str] | None:
    """The literal a constant handed to the SDK holds: its one definition before the call
    (``const STRIPE_KEY = "…"``, ``$key = '…'``, ``key := "…"``, ``val key: String = "…"``). None when the
    name is assigned anything else too, or is not defined here: then the call says nothing."""
    constant = re.escape(call.group("constant"))
    assigned = re.compile(rf"(?<![\w$.]){constant}\s*(?::\s*[\w.<>\[\]|?]{{1,40}}\s*)?(?::=|=)(?![=>])\s*(?:{_QUOTED})?")
    found = list(assigned.finditer(content, max(0, call.start() - DEFINITION_REACH), call.start()))
    if len(found) != 1 or found[0].group("literal") is None or not found[0].group("literal"):
        return None
    return found[0]


def _side(path: str, content: str, known: dict[str, str | None]) -> str | None:
    """Where ``Stripe(…)`` runs in this file: "browser" (it loads Stripe.js, or is a page), "server"
    (it imports the Node SDK), or None. Searched once per file, and only when a call needs it."""
    if "side" not in known:
        if any(marker in content for marker in _BROWSER_STRIPE) or path.endswith((".html", ".htm")):
            known["side"] = "browser"
        elif _SERVER_STRIPE.search(content):
            known["side"] = "server"
        else:
            known["side"] = None
    return known["side"]


def _joined_keys(content: str, start: int, end: int) -> Iterator[tuple[int, str]]:
    """Real keys that only the concatenation of adjacent literals spells (``"sk_live_" + "51Ab…"``,
    ``'sk_li' 've_…'``, PHP's ``.``): where the first literal starts, and the key."""
    chain: list[re.Match[str]] = []
    for match in _LITERAL.finditer(content, start, end):
        if chain and _JOINING.fullmatch(content, chain[-1].end(), match.start()):
            chain.append(match)
            continue
        yield from _key_in_chain(chain)
        chain = [match]
    yield from _key_in_chain(chain)


def _key_in_chain(chain: list[re.Match[str]]) -> Iterator[tuple[int, str]]:
    if len(chain) < 2:
        return
    parts = [match.group(2) for match in chain]
    for key in KEY_IN_TEXT.finditer("".join(parts)):
        if classify(key.group(0)).is_real and not any(key.group(0) in part for part in parts):
            yield chain[0].start(), key.group(0)


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
        end = _reach_end(content, at)
        if spans and at < spans[-1][1]:  # a key split over lines goes on past the first anchor's line
            spans[-1] = (spans[-1][0], max(spans[-1][1], end))
            continue
        start = max(_line_start(content, _line_start(content, at) - 1), at - WINDOW_REACH)
        if spans and start <= spans[-1][1]:
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
    return spans


def _reach_end(content: str, at: int) -> int:
    """The end of the line after ``at``'s, at most ``WINDOW_REACH`` on: searched no further, so that the
    anchors of a long minified line cost a bounded search each."""
    limit = min(len(content), at + WINDOW_REACH)
    first = content.find("\n", at, limit)
    second = content.find("\n", first + 1, limit) if first >= 0 else -1
    return limit if second < 0 else second


def _line_start(content: str, offset: int) -> int:
    return content.rfind("\n", 0, max(offset, 0)) + 1


def _reference(match: re.Match[str]) -> str:
    return match.group("a") or match.group("b") or match.group("c")
