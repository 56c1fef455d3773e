"""Sources turn files and the process environment into located values.

A reader gets a file's text and returns a :class:`Reading`: the (variable, value) pairs it holds with
their line numbers, and code signals such as webhook handlers. Readers never decide environment or
exposure; the inventory does that from the location.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Located:
    """A value as a source read it: where, under which name, exactly as written."""

    path: str  # posix path relative to the checked root, or "environment"
    line: int  # 1-based; 0 for the process environment
    variable: str | None  # STRIPE_SECRET_KEY, stripe.secretKey; None for a bare key in text
    value: str | None  # None when only the name was seen (process.env.NEXT_PUBLIC_STRIPE_SECRET)
    source: str  # the reader: dotenv, json, yaml, toml, text, environment


@dataclass(frozen=True)
class Signal:
    """Code evidence that is not a value, e.g. a webhook handler that verifies signatures."""

    path: str
    line: int
    kind: str  # "webhook_handler"
    detail: str
    environment: str = ""  # filled in by the inventory


@dataclass(frozen=True)
class Skipped:
    """A file that could not be judged in full, and why."""

    path: str
    reason: str
    unread: bool  # True: nothing in it was judged; False: read as plain text instead


@dataclass
class Reading:
    values: list[Located] = field(default_factory=list)
    signals: list[Signal] = field(default_factory=list)
    problem: str = ""  # set when a structured parse failed and the file was read as text


@dataclass
class Collected:
    """Everything the sources found in one run."""

    values: list[Located] = field(default_factory=list)
    signals: list[Signal] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    files_scanned: int = 0

    def add(self, reading: Reading) -> None:
        self.values.extend(reading.values)
        self.signals.extend(reading.signals)


def mentions_stripe(variable: str | None) -> bool:
    return bool(variable) and "stripe" in variable.lower()


def located(path: str, line: int, variable: str | None, value: str | None, source: str) -> list[Located]:
    """The Stripe-relevant values in one (variable, value) pair.

    A Stripe-named variable is kept whatever its value (an empty production key is a finding);
    any other variable only for the real keys inside its value (a key in a DATABASE_URL still counts).
    """
    from golive.keys import KEY_IN_TEXT, classify

    if mentions_stripe(variable):
        return [Located(path, line, variable, value, source)]
    if not value or "_" not in value:
        return []
    if classify(value).kind is not None:
        return [Located(path, line, variable, value, source)] if classify(value).is_real else []
    return [
        Located(path, line + value.count("\n", 0, match.start()), variable, match.group(0), source)
        for match in KEY_IN_TEXT.finditer(value)
        if classify(match.group(0)).is_real
    ]
