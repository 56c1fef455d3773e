"""The Stripe API version each component's SDK pins, as written in its code.

Signals (GL406 holds the live webhook endpoints' ``api_version`` against them, GL407 the components'
pins against each other):

- ``stripe_api_version``: an explicit pin (``detail``: the version, ``names``: the SDK): Node
  ``new Stripe(key, {apiVersion: "…"})``, Python ``stripe.api_version = "…"`` and ``StripeClient(…,
  stripe_version="…")``, Ruby ``Stripe.api_version = "…"`` and ``stripe_version: "…"``, PHP
  ``Stripe::setApiVersion("…")`` and ``'stripe_version' => '…'``, .NET ``StripeConfiguration.ApiVersion = "…"``,
  Java ``Stripe.apiVersion = "…"``. Go cannot pin: ``stripe.APIVersion`` is a constant of the stripe-go
  release, and the version a release pins is not read from go.mod (minor releases change it too).
- ``stripe_api_version_mismatch_allowed``: the code turns off the SDK's refusal of events in another
  version (Go ``IgnoreAPIVersionMismatch: true``, .NET ``throwOnApiVersionMismatch: false``).

Only versions in Stripe's format count (``2024-06-20``, ``2024-09-30.acacia``): an ``apiVersion: "v1"`` of
Kubernetes or another client is not Stripe's.
"""

from __future__ import annotations

import re
from posixpath import splitext

from golive.sources import Lines, Signal, compiled_on_use

_COMMENT_STARTS = ("//", "#", "*", "/*", '"""', "'''")


def _pins(*befores: str) -> re.Pattern[str]:
    """Any of ``befores`` followed by a quoted version in Stripe's format; the version is group ``v0``, ``v1``…"""
    return compiled_on_use(
        "|".join(
            rf"{before}(?P<q{n}>[\"'`])(?P<v{n}>\d{{4}}-\d{{2}}-\d{{2}}(?:\.[a-z]+)?)(?P=q{n})"
            for n, before in enumerate(befores)
        )
    )


#: The pins each SDK's documentation shows.
PINS = {
    "node": _pins(r"\bapiVersion\s*:\s*", r"\bsetApiVersion\s*\(\s*"),
    "python": _pins(r"\bstripe\.api_version\s*=\s*", r"\bstripe_version\s*=\s*"),
    "ruby": _pins(r"\bStripe\.api_version\s*=\s*", r"\bstripe_version:\s*"),
    "php": _pins(r"\bStripe::setApiVersion\s*\(\s*", r"[\"']stripe_version[\"']\s*=>\s*"),
    "dotnet": _pins(r"\bStripeConfiguration\.ApiVersion\s*=\s*"),
    "java": _pins(r"\bStripe\.apiVersion\s*=\s*"),
}
SDK_OF = {
    ".js": "node",
    ".mjs": "node",
    ".cjs": "node",
    ".ts": "node",
    ".mts": "node",
    ".cts": "node",
    ".py": "python",
    ".rb": "ruby",
    ".php": "php",
    ".cs": "dotnet",
    ".java": "java",
    ".kt": "java",
    ".go": "go",
}
#: SDKs whose webhook helpers refuse an event of another API version by default, so every delivery fails.
REFUSING_SDKS = frozenset({"go", "dotnet"})
#: A Node file pins Stripe's version only if it uses the SDK: ``apiVersion`` alone is Kubernetes', Azure's, anyone's.
NODE_SDK = compiled_on_use(
    r"""\bnew\s+Stripe\s*\(|\brequire\(\s*["']stripe["']\s*\)|\bfrom\s+["']stripe["']|\bimport\s*\(\s*["']stripe["']"""
)
MISMATCH_ALLOWED = compiled_on_use(r"\bIgnoreAPIVersionMismatch\s*:\s*true\b|\bthrowOnApiVersionMismatch\s*:\s*false\b")
_HINTS = ("piVersion", "pi_version", "stripe_version", "ApiVersionMismatch", "APIVersionMismatch")


def read(path: str, content: str) -> list[Signal]:
    sdk = SDK_OF.get(splitext(path)[1].lower())
    if sdk is None or "tripe" not in content or not any(hint in content for hint in _HINTS):
        return []
    if sdk == "node" and not NODE_SDK.search(content):
        return []
    lines = Lines(content)
    signals = []
    for pattern, kind in ((PINS.get(sdk), "stripe_api_version"), (MISMATCH_ALLOWED, "stripe_api_version_mismatch_allowed")):
        for match in pattern.finditer(content) if pattern else ():
            line = lines.at(match.start())
            if content[content.rfind("\n", 0, match.start()) + 1 : match.end()].lstrip().startswith(_COMMENT_STARTS):
                continue  # a commented-out pin pins nothing
            found = next((value for name, value in match.groupdict().items() if name.startswith("v") and value), match.group())
            signals.append(Signal(path, line, kind, found, names=(sdk,)))
    return signals
