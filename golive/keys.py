"""What a string is, as far as Stripe is concerned: kind, mode, format, account, and whether it is real.

One parser for every check and every source, so that a placeholder is a placeholder everywhere and
no check re-invents prefix matching. Nothing here depends on fixed key lengths: Stripe has grown
keys before (24-character legacy bodies, ~99-character current bodies) and may again.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum


class Kind(StrEnum):
    SECRET = "secret"
    RESTRICTED = "restricted"
    PUBLISHABLE = "publishable"
    WEBHOOK_SECRET = "webhook_secret"
    ORGANIZATION = "organization"


class Status(StrEnum):
    REAL = "real"  # looks like a key Stripe issued
    PLACEHOLDER = "placeholder"  # sk_test_..., your_key_here, Stripe's documentation samples
    REDACTED = "redacted"  # an echo such as sk_live_aa****1234
    MALFORMED = "malformed"  # right prefix, wrong body: truncated, bad characters, whitespace, quotes
    EMPTY = "empty"
    REFERENCE = "reference"  # ${STRIPE_KEY}: filled in elsewhere, not a value
    FOREIGN = "foreign"  # a value in a Stripe variable that carries no Stripe prefix


PREFIXES: dict[str, Kind] = {
    "sk_org": Kind.ORGANIZATION,
    "sk": Kind.SECRET,
    "rk": Kind.RESTRICTED,
    "pk": Kind.PUBLISHABLE,
    "whsec": Kind.WEBHOOK_SECRET,
}

#: Kinds whose value must never be shown or reach a client.
SECRET_KINDS = frozenset({Kind.SECRET, Kind.RESTRICTED, Kind.WEBHOOK_SECRET, Kind.ORGANIZATION})

MIN_BODY, MAX_BODY = 10, 247
LEGACY_BODY = 24
CURRENT_BODY_MIN = 90  # current-format bodies are ~99 characters; shorter ones starting "5x" are cut
WEBHOOK_BODY_MIN = 32  # Dashboard signing secrets have 32 base64 characters, the Stripe CLI's 64 hex

# A key somewhere in free text: the prefix must not be the tail of a longer word (task_test_, disk_live_),
# and the body must end where its characters end, or a 300-character run would pass for its first 247.
KEY_IN_TEXT = re.compile(
    r"(?<![A-Za-z0-9_])"
    r"(?:(?:(?:sk_org|sk|rk|pk)_(?:live|test)_|sk_org_)[A-Za-z0-9]{10,247}(?![A-Za-z0-9])|whsec_[A-Za-z0-9+/=]{10,247}(?![A-Za-z0-9+/=]))"
)
# What scrub redacts: wider than KEY_IN_TEXT on purpose, since over-redacting a message costs nothing.
# No left boundary (a key glued to a name: ``STRIPE_sk_live_…``, ``deploy_rk_live_…``), no length cap,
# URL-encoded underscores, and a body that goes on after a break of up to three other characters
# (a space, a quote, a backslash continuation, ``%20``, a comma): a key pasted with a space inside is
# still the key. The ellipsis is never a break, so a redacted key is left alone.
# A body ends where another key's prefix begins: two keys pasted end to end are two keys, and the
# second one's body must not be left behind, cut from its prefix.
_SCRUB_BREAK = r"(?:%[0-9A-Fa-f]{2}|[^A-Za-z0-9…]){1,3}"
_SCRUB_UNDERSCORE = r"(?:_|%5[Ff])"
_SCRUB_KEY_PREFIX = (
    rf"(?:sk{_SCRUB_UNDERSCORE}org|sk|rk|pk){_SCRUB_UNDERSCORE}(?:live|test){_SCRUB_UNDERSCORE}"
    rf"|sk{_SCRUB_UNDERSCORE}org{_SCRUB_UNDERSCORE}"
)
_SCRUB_WEBHOOK_PREFIX = rf"whsec{_SCRUB_UNDERSCORE}"
_SCRUB_LONGEST_PREFIX = len("sk%5Forg%5Flive%5F")
# Only p, r, s and w can begin a prefix: other characters need not look ahead (half scrub's time).
_SCRUB_BODY = rf"(?:[0-9A-Za-oqt-vx-z]|(?!{_SCRUB_KEY_PREFIX}|{_SCRUB_WEBHOOK_PREFIX})[prsw])"
_SCRUB_WEBHOOK_BODY = rf"(?:[0-9A-Za-oqt-vx-z+/=]|(?!{_SCRUB_KEY_PREFIX}|{_SCRUB_WEBHOOK_PREFIX})[prsw])"
SECRET_IN_TEXT = re.compile(
    rf"(?:{_SCRUB_KEY_PREFIX}){_SCRUB_BODY}{{6,}}(?:{_SCRUB_BREAK}{_SCRUB_BODY}{{5,}})*"
    rf"|{_SCRUB_WEBHOOK_PREFIX}(?:(?:live|test){_SCRUB_UNDERSCORE})?{_SCRUB_WEBHOOK_BODY}{{6,}}(?:{_SCRUB_BREAK}{_SCRUB_WEBHOOK_BODY}{{5,}})*"
)
_SCRUB_PREFIX = re.compile(rf"{_SCRUB_KEY_PREFIX}|{_SCRUB_WEBHOOK_PREFIX}(?:(?:live|test){_SCRUB_UNDERSCORE})?")
# No mode for webhook secrets: Stripe writes none, so ``whsec_test_…`` is a secret whose body holds an underscore.
_SHAPE = re.compile(r"^(sk_org|sk|rk|pk|whsec)_(?:(?<!whsec_)(live|test)_)?(.*)$", re.S)
# $VAR, ${VAR:-x}, ${ssm:/path} (Serverless), ${{ secrets.X }} (GitHub Actions), {{ .Values.x }} (Helm),
# %(x)s, <%= %>, @stripe-secret (Vercel secret reference), ${ssm:/app/${sls:stage}/key} (nested once),
# op://vault/item/field (1Password), ENC[AES256_GCM,...] (SOPS ciphertext), AWS Secrets Manager and SSM ARNs.
_REFERENCE = re.compile(
    r"^\s*(\$[A-Za-z_][A-Za-z0-9_]*|\$\{(?:[^{}]|\{[^{}]*\})*\}|\$?\{\{.*\}\}|%\(?[A-Za-z_]+\)?s?|<%.*%>|@[a-z0-9][a-z0-9_-]*"
    r"|op://\S+|ENC\[[A-Z0-9_]+,.*\]|arn:aws:(?:secretsmanager|ssm):\S+)\s*$"
)
_URL_UNDERSCORE = re.compile(r"%5[Ff]")
# A secret-looking token inside a reference: 16+ key characters with a digit, or 24+ alphanumerics.
# Names between their separators (STRIPE, secretKey, /prod/stripe/secret_key) are neither.
_LONG_TOKEN = re.compile(r"(?=[A-Za-z+/=]*[0-9])[A-Za-z0-9+/=]{16,}|[A-Za-z0-9]{24,}")


class _AnyCase:
    """A pattern of lowercase words searched for in any case. An ASCII text is lowered and searched
    case-sensitively, several times faster than re.I (every value read is classified); any other text with re.I."""

    def __init__(self, pattern: str) -> None:
        self._lowered = re.compile(pattern)

    def search(self, text: str) -> bool:
        return (self._lowered.search(text.lower()) if text.isascii() else self._any_case.search(text)) is not None

    @functools.cached_property
    def _any_case(self) -> re.Pattern[str]:  # compiled when first needed: a tree of ASCII never does
        return re.compile(self._lowered.pattern, re.I)


_REDACTION = _AnyCase(r"[*•]{2,}|…|\[redacted\]|<redacted>")
# Markers long or odd enough that a random key body never holds them by chance (< 1e-6 per key).
_PLACEHOLDER_MARKERS = _AnyCase(
    r"\.\.\.|<|>|\{|\}|\$|xxxxxx|replace|example|sample|placeholder|changeme|change_me|redact|insert|"
    r"secretkey|secret_key|apikey|api_key|publishable|00000000|11111111"
)
# Short words a 99-character random body contains about once in a thousand keys (case-insensitive):
# they only mark a placeholder in a body that is not shaped like a key anyway.
_PLACEHOLDER_WORDS = _AnyCase(r"xxx|your|here|dummy|fake|todo|fixme|test|secret|key")
# A webhook body shaped like an issued secret: base64 mixing digits and both cases, as 99.6% of random ones do.
_WEBHOOK_SHAPED = re.compile(rf"(?=.*[0-9])(?=.*[A-Z])(?=.*[a-z])[A-Za-z0-9+/=]{{{WEBHOOK_BODY_MIN},}}")
_IDENTIFIER = re.compile(r"^(?:[a-z]+(?:[A-Z][a-z]+)+|(?:[A-Z][a-z]+){2,}|[a-z]+(?:_[a-z]+)+|[A-Z]+(?:_[A-Z]+)+)$")
_SEQUENCES = ("0123456789", "123456789", "abcdefghij", "ABCDEFGHIJ", "9876543210")

#: Keys Stripe publishes in its own documentation and samples: shared with the world, never real.
STRIPE_DOCUMENTATION_KEYS = frozenset(
    {
        "sk_test_4eC39HqLyjWDarjtT1zdp7dc",
        "pk_test_TYooMQauvdEDq54NiTphI7jx",
        "sk_test_BQokikJOvBiI2HlWgH4olfQ2",
        "pk_test_6pRNASCoBOKtIshFeQd4XMUh",
        "sk_test_26PHem9AhJZvU623DfE1x4sd",
        "sk_test_tR3PYbcVNZZ796tH88S4VQ2u",
        "pk_test_51H7xUzF4eC39HqLyjWDarjtT1zdp7dc",
    }
)


@dataclass(frozen=True)
class StripeKey:
    """A classified value. ``kind`` is None when the value carries no Stripe prefix."""

    value: str
    kind: Kind | None
    mode: str | None  # "live", "test" or None when the value does not say
    status: Status
    format: str | None = None  # "legacy", "current", "other"
    account: str | None = None  # acct_… embedded in current-format keys; None means cannot tell
    problem: str = ""  # why a value is not REAL, in words for a report

    @property
    def is_real(self) -> bool:
        return self.status is Status.REAL

    @property
    def is_secret(self) -> bool:
        return self.kind in SECRET_KINDS

    @property
    def prefix(self) -> str:
        if self.kind is None:
            return ""
        shape = _SHAPE.match(self.value.strip())
        if not shape:
            return ""
        name, mode, _ = shape.groups()
        return f"{name}_{mode}_" if mode else f"{name}_"

    @property
    def label(self) -> str:
        """``sk_live``, ``whsec``, or ``unknown``: the short name reports use."""
        return self.prefix.rstrip("_") or "unknown"

    @property
    def redacted(self) -> str:
        return redact(self.value)


def redact(value: str) -> str:
    """The prefix and the last four characters, never more: ``sk_live_…a1B2``.

    Short bodies lose their tail too, so that a short secret is never shown whole.
    """
    text = value.strip().strip("'\"`").strip()
    if not text:
        return "(empty)"
    shape = _SHAPE.match(text)
    if shape:
        name, mode, body = shape.groups()
        prefix = f"{name}_{mode}_" if mode else f"{name}_"
    else:
        prefix, body = "", text
    if len(body) >= 12:
        return f"{prefix}…{body[-4:]}"
    return f"{prefix}…" if prefix else "…"


def scrub(text: str) -> str:
    """Redact every key-shaped string in ``text``: the last line of defence for messages and errors."""
    if len(text) < SCRUB_ANCHORED:
        return SECRET_IN_TEXT.sub(_redacted, text)
    # A whole report: SECRET_IN_TEXT is tried only where a match can start, one letter before a prefix's
    # "k_" (sk_, rk_, pk_, plain or URL-encoded) or at "whsec". A search tries it at every character:
    # 7 ms on a 300 kB report, against a few finds.
    starts = sorted({at - back for anchor, back in _SCRUB_ANCHORS for at in occurrences(text, anchor, back)})
    pieces, done = [], 0
    for start in starts:
        match = SECRET_IN_TEXT.match(text, start) if start >= done else None
        if match:
            pieces += [text[done:start], _redacted(match)]
            done = match.end()
    return "".join([*pieces, text[done:]]) if pieces else text


#: Where every match of SECRET_IN_TEXT starts: (a literal it holds, how far before that literal it starts).
_SCRUB_ANCHORS = (("k_", 1), ("k%5", 1), ("whsec", 0))
SCRUB_ANCHORED = 4096  # characters: below, one search costs less than the finds


def _redacted(match: re.Match[str]) -> str:
    return redact(_URL_UNDERSCORE.sub("_", match.group(0)))


def occurrences(text: str, literal: str, start: int = 0, end: int | None = None) -> list[int]:
    """Every offset of ``literal`` in ``text`` between ``start`` and ``end``."""
    end = len(text) if end is None else end
    found, at = [], text.find(literal, start, end)
    while at >= 0:
        found.append(at)
        at = text.find(literal, at + 1, end)
    return found


def redact_tokens(text: str) -> str:
    """A name or reference as written (``${STRIPE_SECRET_KEY}``, a config key) with keys and any
    secret-looking token redacted: a default (``${KEY:-sk_live_…}``) is a value, and a webhook secret
    pasted without its prefix carries no pattern."""
    return _LONG_TOKEN.sub(lambda match: "…" + match.group(0)[-4:], scrub(text.strip()))


def scrubber(known: Iterable[str]) -> Callable[[str], str]:
    """:func:`scrub`, and also every value in ``known`` (secrets golive read) wherever it appears, even
    one with no Stripe prefix (a webhook secret pasted without ``whsec_``) or a shape no pattern foresees."""
    values = sorted({value for value in known if not _scrubbed_whole(value)}, key=len, reverse=True)
    # Cached: a report repeats the same remediation, path and reason hundreds of times.
    if not values:
        return functools.cache(scrub)
    pattern = re.compile("|".join(map(re.escape, values)))
    # Patterns first: a known key that is only the start of a longer broken one must not cut it short.
    return functools.cache(lambda text: pattern.sub(lambda match: redact(match.group(0)), scrub(text)))


def _scrubbed_whole(value: str) -> bool:
    """Whether scrub can never leave ``value`` whole, so the scrubber need not look for it again (on a
    large tree that is nearly every key, and compiling a pattern of them all cost 25 ms): a match of
    SECRET_IN_TEXT starts at its first character, because no match before can run into a key's
    prefix, and the first six characters of the body decide it, each looking ahead for a prefix of
    at most 18 characters, all inside a value this long."""
    prefix = _SCRUB_PREFIX.match(value)
    return (
        prefix is not None and len(value) >= prefix.end() + 6 + _SCRUB_LONGEST_PREFIX and SECRET_IN_TEXT.match(value) is not None
    )


_MODE_WITHOUT_UNDERSCORE = re.compile(r"(?:live|test)[A-Za-z0-9]")
_NOT_IN_KEY = re.compile(r"[^A-Za-z0-9]")
_NOT_IN_WEBHOOK_SECRET = re.compile(r"[^A-Za-z0-9+/=]")
_CURRENT_FORMAT_START = re.compile(r"5\d")


@functools.lru_cache(maxsize=4096)  # the same placeholder is written in file after file, and read again by the inventory
def classify(raw: str | None) -> StripeKey:
    """Classify ``raw`` exactly as written (quotes and whitespace included, so they can be reported)."""
    value = "" if raw is None else raw
    text = value.strip()
    if not text:
        return StripeKey(value, None, None, Status.EMPTY, problem="empty")
    if _REFERENCE.match(text):
        return StripeKey(value, None, None, Status.REFERENCE, problem="a reference, filled in at deploy time")
    unquoted = text.strip("'\"`")
    shape = _SHAPE.match(unquoted)
    if not shape:
        return StripeKey(value, None, None, Status.FOREIGN, problem="no Stripe key prefix")
    name, mode, body = shape.groups()
    if name == "sk" and body.startswith("org_"):  # sk_org written without a mode
        name, body = "sk_org", body[4:]
    kind = PREFIXES[name]
    fmt, account = _format_of(kind, body)

    def verdict(status: Status, problem: str = "") -> StripeKey:
        return StripeKey(value, kind, mode, status, fmt, account if status is Status.REAL else None, problem)

    if unquoted in STRIPE_DOCUMENTATION_KEYS:
        return verdict(Status.PLACEHOLDER, "Stripe's published documentation key")
    if _REDACTION.search(body):
        return verdict(Status.REDACTED, "a redacted echo, not a usable key")
    if kind is not Kind.WEBHOOK_SECRET and kind is not Kind.ORGANIZATION and mode is None:
        return verdict(Status.PLACEHOLDER if _looks_placeholder(body, kind) else Status.MALFORMED, "no live_/test_ mode")
    if mode is None and kind in (Kind.ORGANIZATION, Kind.WEBHOOK_SECRET) and _MODE_WITHOUT_UNDERSCORE.match(body):
        return verdict(Status.MALFORMED, f"no underscore after the mode ({name}_{body[:4]}…)")
    if _looks_placeholder(body, kind):
        return verdict(Status.PLACEHOLDER, "a placeholder")
    if text != unquoted:
        return verdict(Status.MALFORMED, "wrapped in stray quotes")
    if value != text:
        return verdict(Status.MALFORMED, "surrounded by whitespace")
    bad = (_NOT_IN_WEBHOOK_SECRET if kind is Kind.WEBHOOK_SECRET else _NOT_IN_KEY).search(body)
    if bad:
        what = "whitespace" if bad.group(0).isspace() else f"the character {bad.group(0)!r}"
        return verdict(Status.MALFORMED, f"contains {what}")
    if len(body) < MIN_BODY or len(body) > MAX_BODY:
        return verdict(Status.MALFORMED, f"a {len(body)}-character body (expected {MIN_BODY} to {MAX_BODY})")
    if kind is not Kind.WEBHOOK_SECRET and LEGACY_BODY < len(body) < CURRENT_BODY_MIN and _CURRENT_FORMAT_START.match(body):
        return verdict(Status.MALFORMED, f"truncated: a current-format key with a {len(body)}-character body")
    if kind is not Kind.WEBHOOK_SECRET and len(body) < LEGACY_BODY:
        return verdict(Status.MALFORMED, f"truncated: a {len(body)}-character body")
    return verdict(Status.REAL)


def _format_of(kind: Kind, body: str) -> tuple[str | None, str | None]:
    if kind is Kind.WEBHOOK_SECRET:
        return None, None
    if len(body) == LEGACY_BODY:
        return "legacy", None
    if len(body) >= CURRENT_BODY_MIN and body.startswith("5") and len(body) > 17:
        return "current", "acct_" + body[1:17]
    return "other", None


def _looks_placeholder(body: str, kind: Kind) -> bool:
    """Bodies people type into templates: words, runs of one character, counting sequences.

    A body shaped like an issued key (alphanumeric, 24 or 90+ characters; for a webhook secret, 32+
    mixed base64 characters) needs strong evidence, so that a real key which happens to contain "xxx"
    or "key" (one in a few hundred webhook secrets does) is never waved through as a placeholder.
    """
    if not body or _PLACEHOLDER_MARKERS.search(body):
        return True
    if kind is Kind.WEBHOOK_SECRET:
        key_shaped = bool(_WEBHOOK_SHAPED.fullmatch(body))
    else:
        key_shaped = body.isalnum() and (len(body) == LEGACY_BODY or len(body) >= CURRENT_BODY_MIN)
    if not key_shaped and _PLACEHOLDER_WORDS.search(body):
        return True
    if len(body) < LEGACY_BODY and (body.isalpha() or body.isdigit()):
        return True
    if len(set(body.lower())) <= 3:
        return True
    if any(seq in body for seq in _SEQUENCES):
        return True
    return bool(_IDENTIFIER.match(body))


#: Words of a name: ``stripe.secretKey`` and ``STRIPE_SECRET_KEY`` split alike once lowered.
NAME_TOKENS = re.compile(r"[^a-z0-9]+")
CAMEL_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


def named_kind(variable: str | None) -> Kind | None:
    """What a variable's name promises: ``STRIPE_WEBHOOK_SECRET`` holds a webhook secret."""
    if not variable:
        return None
    # The last three names of a nested one: stripe.webhook.secret and Stripe:WebhookSecret are webhook secrets.
    names = [CAMEL_BOUNDARY.sub("_", part).upper() for part in re.split(r"[.:]+", variable) if part][-3:] or [""]
    if _NAMES_A_PLACE.search(names[-1]):  # STRIPE_SECRET_KEY_FILE, stripe.existingSecret: where the secret lives
        return None
    name = "_".join(names)
    hooked = any(word in name for word in ("WEBHOOK", "ENDPOINT", "SIGNING"))
    if "WHSEC" in name or (hooked and any(word in name for word in ("SECRET", "SIGNING", "KEY"))):
        return Kind.WEBHOOK_SECRET
    if "RESTRICTED" in name or re.search(r"(^|_)RK($|_)", name):
        return Kind.RESTRICTED
    if "PUBLISHABLE" in name or "PUBLIC_KEY" in name or re.search(r"(^|_)PK($|_)", name):
        return Kind.PUBLISHABLE
    if "SECRET" in name or re.search(r"(^|_)SK($|_)", name) or "API_KEY" in name:
        return Kind.SECRET
    return None


# Names of where a secret is kept (a file, a Kubernetes Secret, an ARN), not of the secret itself.
_NAMES_A_PLACE = re.compile(r"(?:^|_)(?:REF|NAME|FILE|PATH|ARN|URL|URI|ID|VERSION)$|^EXISTING_")


def named_mode(variable: str | None) -> str | None:
    """The mode a variable's name reserves it for: ``STRIPE_TEST_SECRET_KEY`` is the sandbox slot of a
    config that holds both keys and picks one by a live-mode switch (dj-stripe, WooCommerce)."""
    tokens = set(NAME_TOKENS.split(CAMEL_BOUNDARY.sub("_", variable or "").lower()))
    if tokens & {"test", "sandbox"}:
        return "test"
    return "live" if "live" in tokens else None
