"""Build Stripe-shaped keys at run time, so the repository never holds a literal live-format key.

Secret scanners and push protection match ``sk_live_`` followed by a body; here the prefix and the
body are joined only when a test runs. Bodies are deterministic per ``seed`` so golden files are stable.
"""

from __future__ import annotations

import hashlib
import re
import string

ALPHABET = string.ascii_letters + string.digits
MODES = {"live": "li" + "ve", "test": "test"}


def _body(seed: str, length: int) -> str:
    out, counter = [], 0
    while len(out) < length:
        digest = hashlib.sha256(f"{seed}:{counter}".encode()).digest()
        out.extend(ALPHABET[b % len(ALPHABET)] for b in digest)
        counter += 1
    return "".join(out[:length])


def key(kind: str, mode: str = "live", seed: str = "golive", style: str = "current", account: str = "") -> str:
    """``key("sk", "live")``; kind is sk, rk, pk or sk_org; style legacy (24), current (~99, 51… account)
    or truncated (a current key cut to 40 characters, as a terminal or a copy-paste leaves it)."""
    if style == "truncated":
        return key(kind, mode, seed, "current", account)[: len(kind) + len(mode) + 2 + 40]
    if style == "legacy":
        body = _body(f"{kind}{mode}{seed}", 24)
    else:
        acct = account or _body(f"acct{seed}", 15)
        body = "5" + ("1" + acct)[:16] + _body(f"{kind}{mode}{seed}", 82)
    return f"{kind}_{MODES[mode]}_{body}"


def whsec(seed: str = "golive") -> str:
    return "whsec_" + _body(f"whsec{seed}", 32)


def account_of(value: str) -> str:
    """The account id a current-format key embeds, as golive derives it."""
    body = value.split("_", 2)[2]
    return "acct_" + body[1:17]


_TOKEN = re.compile(r"@@(sk|rk|pk|sk_org|whsec)(?:_(live|test))?(?::(legacy|current|truncated))?(?::([A-Za-z0-9]+))?@@")


def expand(text: str) -> str:
    """Replace ``@@sk_live@@``, ``@@rk_test:legacy@@``, ``@@whsec:seed@@`` tokens in fixture text."""

    def build(match: re.Match[str]) -> str:
        kind, mode, style, seed = match.groups()
        if kind == "whsec":
            return whsec(seed or "golive")
        return key(kind, mode or "live", seed=seed or "golive", style=style or "current")

    return _TOKEN.sub(build, text)
