"""Webhook evidence in application code: signature verification, conditional verification, event handling.

Signals, not values: GL401 and GL402 judge them. ``project_root`` marks the folders that are one app
(a manifest such as ``package.json`` or ``go.mod``).

Speed: every code file that says "stripe" or reads a ``type`` comes here. Nothing is parsed into a
syntax tree; the patterns run only around the literals they must contain, with bounded repetition.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator
from posixpath import basename

from golive.sources import Signal, text

GUARD_REACH = 300  # characters of a line read for the `if` around a verification
#: Files whose presence makes a folder one app: webhook verification and handling are compared per app.
PROJECT_MARKERS = frozenset(
    {
        "package.json", "pyproject.toml", "setup.py", "requirements.txt", "manage.py", "Gemfile",
        "composer.json", "go.mod", "pom.xml", "build.gradle", "build.gradle.kts", "Cargo.toml", "mix.exs",
    }
)

#: Signature verification in the official SDKs. Node: stripe.webhooks.constructEvent(Async),
#: stripe.webhooks.signature.verifyHeader. Python and Ruby: stripe.Webhook.construct_event,
#: Stripe::Webhook.construct_event, client.construct_event, WebhookSignature.verify_header,
#: Stripe::Webhook::Signature.verify_header. PHP: \Stripe\Webhook::constructEvent,
#: \Stripe\WebhookSignature::verifyHeader. Go: webhook.ConstructEvent/ValidatePayload (WithTolerance,
#: IgnoringTolerance, WithOptions). Java: Webhook.constructEvent, Webhook.Signature.verifyHeader,
#: client.constructEvent. .NET: EventUtility.ConstructEvent/ValidateSignature (not ParseEvent, which
#: does not verify). Every SDK: parse(_)thin(_)event / event notifications, which verify as well.
WEBHOOK_VERIFY = re.compile(
    r"(?:(?:\.|->|::)constructEvent(?:Async)?|construct_event|"
    r"(?:Webhook(?:::|\.)Signature|WebhookSignature|webhooks\.signature)(?:::|\.)verify_?[hH]eader|"
    r"webhook\.(?:ConstructEvent|ValidatePayload)(?:WithTolerance|IgnoringTolerance|WithOptions)?|"
    r"EventUtility\.(?:ConstructEvent|ValidateSignature)|"
    r"(?i:parse_?thin_?event|parse_?event_?notification))\s*\("
)
_VERIFY_HINTS = ("onstruct", "erify", "alidatePayload", "alidateSignature", "hinEvent", "hin_event", "ventNotification", "vent_notification")
_REACH_BEFORE, _REACH_AFTER = 40, 160  # from a literal to where its pattern starts, and on to where it ends

#: Webhook events an app acts on: quoted Stripe event types, which end in what happened
#: (``invoice.paid``, ``customer.subscription.trial_will_end``), unlike i18n keys such as "invoice.total".
EVENT_TYPE = re.compile(
    r"[\"'`](?P<type>(?:checkout\.session|payment_intent|invoice|customer\.subscription|charge(?:\.dispute)?|"
    r"setup_intent|payment_method|subscription_schedule|customer|payout|refund|account)\."
    r"[a-z_]*(?:ed|paid|_end|upcoming|requires_action|processing))[\"'`]"
)
#: Component and page files run in browsers: they never receive a webhook.
BROWSER_SUFFIXES = (".jsx", ".tsx", ".vue", ".svelte", ".astro", ".html", ".htm")
#: The event's type being read: ``event.type``, ``event["type"]``, ``$event->type``, ``event.Type``, ``getType()``.
TYPE_DISPATCH = re.compile(r"""(?:\.|->)[tT]ype\b|\[\s*["']type["']\s*\]|\.getType\(\)|\.get\(\s*["']type["']\s*\)""")
_GUARD = re.compile(r"^(?:\}\s*)?(?:if|elif|elsif|unless|else\s+if)\b(?P<condition>.*)$")
_ELSE = re.compile(r"^(?:\}\s*)?else\s*(?::|\{)?\s*$")
_SECRETISH = re.compile(r"[\w$.\[\]\"'>-]{0,60}(?:secret|Secret|SECRET|whsec|signing|Signing|SIGNING)[\w$.\[\]\"']{0,60}")
_TERNARY_BEFORE = re.compile(rf"({_SECRETISH.pattern})\s*\?\s*[\w$.]*$")  # secret ? verify(...) : parse(...)
_TERNARY_AFTER = re.compile(rf"\bif\s+(?:not\s+)?({_SECRETISH.pattern})\s+else\b")  # verify(...) if secret else ...


def read(path: str, content: str) -> list[Signal]:
    """The webhook signals of one code file."""
    if len(content) > text.MAX_SOURCE_CHARS:
        return []
    lines = _Lines(content)
    signals = [
        Signal(path, lines.at(match.start()), "webhook_handler", _qualified_call(content, match))
        for match in _near(WEBHOOK_VERIFY, content, _VERIFY_HINTS)
    ]
    if signals:
        signals.extend(_conditional_verifications(path, content, signals))
    handling = _event_handling(path, content, lines) if may_handle_events(path, len(content)) else None
    if handling:
        signals.append(handling)
    return signals


def may_handle_events(path: str, size: int) -> bool:
    """Server code of a size people write by hand: where a webhook handler can be."""
    return size <= text.MAX_SOURCE_CHARS and not path.endswith(BROWSER_SUFFIXES)


def project_root(rel: str) -> Signal | None:
    """A folder that is one app, marked by its manifest (``package.json``, ``go.mod``, ``manage.py``)."""
    name = basename(rel)
    if name in PROJECT_MARKERS or name.endswith(".csproj"):
        return Signal(rel, 0, "project_root", name)
    return None


class _Lines:
    """1-based line of any offset, in any order."""

    def __init__(self, content: str) -> None:
        self.breaks = [match.start() for match in re.finditer("\n", content)]

    def at(self, offset: int) -> int:
        return bisect.bisect_left(self.breaks, offset) + 1


def _near(pattern: re.Pattern[str], content: str, literals: Iterable[str]) -> Iterator[re.Match[str]]:
    """``pattern``'s matches, searched only around the literals it contains: a pattern that starts with
    an alternation is tried at every character, a literal search runs at GB/s."""
    anchors = sorted(at for literal in literals for at in _occurrences(content, literal))
    spans: list[list[int]] = []
    for at in anchors:
        low, high = max(at - _REACH_BEFORE, 0), min(at + _REACH_AFTER, len(content))
        if spans and low <= spans[-1][1]:
            spans[-1][1] = high
        else:
            spans.append([low, high])
    for low, high in spans:
        yield from pattern.finditer(content, low, high)


def _occurrences(content: str, literal: str) -> list[int]:
    found, at = [], content.find(literal)
    while at >= 0:
        found.append(at)
        at = content.find(literal, at + 1)
    return found


def _qualified_call(content: str, match: re.Match[str]) -> str:
    """The call as written, with its receiver: ``stripe.webhooks.constructEvent``, ``Stripe\\Webhook::constructEvent``."""
    start = match.start()
    while start > 0 and (content[start - 1].isalnum() or content[start - 1] in "_$.:\\->"):
        start -= 1
    return content[start : match.end()].rstrip("( ").lstrip(".:\\->$")


def _event_handling(path: str, content: str, lines: _Lines) -> Signal | None:
    """A file that acts on Stripe event types it reads from an event: a webhook handler's body."""
    event = EVENT_TYPE.search(content)
    if event is None or TYPE_DISPATCH.search(content) is None:
        return None
    return Signal(path, lines.at(event.start()), "webhook_event_handling", f"handles {event.group('type')}")


def _conditional_verifications(path: str, content: str, signals: list[Signal]) -> Iterator[Signal]:
    """Verification that runs only when the signing secret is set: the Stripe samples' ``if (endpointSecret)``."""
    source_lines = content.split("\n")
    for signal in list(signals):
        secret = _guarding_secret(source_lines, signal.line - 1, signal.detail)
        if secret:
            yield Signal(path, signal.line, "webhook_verify_conditional", f"{signal.detail} runs only when {secret} is set")


def _guarding_secret(source_lines: list[str], index: int, call: str) -> str | None:
    """The secret an enclosing ``if``/``else`` (or a ternary on the same line) makes the call depend on."""
    here = source_lines[index]
    before, _, after = here.partition(call)
    before, after = before[-GUARD_REACH:], after[:GUARD_REACH]
    ternary = _TERNARY_BEFORE.search(before) or _TERNARY_AFTER.search(after)
    if ternary:
        return ternary.group(1)
    indent = _indent(here)
    for back in range(index - 1, max(-1, index - 60), -1):
        stripped = source_lines[back].strip()[:GUARD_REACH]
        if not stripped or stripped.startswith(("#", "//", "*", "/*")) or _indent(source_lines[back]) >= indent:
            continue
        indent = _indent(source_lines[back])
        if _ELSE.match(stripped):
            indent += 1  # the `if` that this `else` belongs to sits at the same indentation
            continue
        guard = _GUARD.match(stripped)
        if guard:
            secret = _SECRETISH.search(guard.group("condition"))
            if secret:
                return secret.group(0).strip("\"'")
        if indent == 0:
            return None
    return None


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())
