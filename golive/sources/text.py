"""Any other text file: source code, minified bundles, docs. A key-pattern scan with line numbers.

Only real keys count here: a placeholder in a code comment is noise. The variable is whatever name
the key is assigned to on its line (``STRIPE_KEY = "sk_…"``, ``process.env.X ?? "sk_…"``), so that
public prefixes still tell exposure.
"""

from __future__ import annotations

import re

from golive.keys import KEY_IN_TEXT, classify
from golive.sources import Located, Reading, Signal

_ASSIGNED_TO = re.compile(r"([A-Za-z_$][A-Za-z0-9_$]*)[\"'`\]]?\s*(?:=|:|=>|\?\?|\|\||,|\()\s*[\"'`]?$")
PUBLIC_SECRET_NAME = re.compile(
    r"\b(?:NEXT_PUBLIC|VITE|REACT_APP|EXPO_PUBLIC|GATSBY|VUE_APP|NUXT_PUBLIC|PUBLIC)_[A-Z0-9_]*STRIPE[A-Z0-9_]*"
    r"(?:SECRET|RESTRICTED|WEBHOOK|_SK|_RK)[A-Z0-9_]*\b"
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


class LineCounter:
    """Line numbers for increasing offsets without rescanning the text."""

    def __init__(self, text: str) -> None:
        self.text, self.offset, self.line = text, 0, 1

    def at(self, offset: int) -> int:
        if offset < self.offset:
            self.offset, self.line = 0, 1
        self.line += self.text.count("\n", self.offset, offset)
        self.offset = offset
        return self.line


def read(path: str, text: str) -> Reading:
    reading = Reading()
    lines = LineCounter(text)
    for match in KEY_IN_TEXT.finditer(text) if ("_live_" in text or "_test_" in text or "whsec_" in text or "sk_org_" in text) else ():
        key = match.group(0)
        if not classify(key).is_real:
            continue
        line_start = text.rfind("\n", 0, match.start()) + 1
        before = text[max(line_start, match.start() - 200) : match.start()]
        name = _ASSIGNED_TO.search(before)
        reading.values.append(Located(path, lines.at(match.start()), name.group(1) if name else None, key, "text"))
    lines = LineCounter(text)
    for match in PUBLIC_SECRET_NAME.finditer(text) if "STRIPE" in text else ():
        reading.values.append(Located(path, lines.at(match.start()), match.group(0), None, "text"))
    lines = LineCounter(text)
    for match in WEBHOOK_VERIFY.finditer(text) if any(hint in text for hint in _VERIFY_HINTS) else ():
        reading.signals.append(Signal(path, lines.at(match.start()), "webhook_handler", _qualified_call(text, match)))
    return reading


def _qualified_call(text: str, match: re.Match[str]) -> str:
    """The call as written, with its receiver: ``stripe.webhooks.constructEvent``, ``Stripe\\Webhook::constructEvent``."""
    start = match.start()
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] in "_$.:\\->"):
        start -= 1
    return text[start : match.end()].rstrip("( ").lstrip(".:\\->$")
