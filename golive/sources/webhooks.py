"""Webhook evidence in application code, judged per handler: who verifies Stripe's signature, and who acts
on events without it.

A handler is a function, method, route block or closure (found by braces, or by indentation in Python
and Ruby) that acts on Stripe event types or builds the event from the request. It is verified when the
verification runs in it, in a function enclosing it, in a function of the same file it calls, or in a
middleware named on its route; a verified handler elsewhere in the app does not cover it. Comments
are blanked first: a commented-out ``constructEvent`` verifies nothing.

Signals (GL401 and GL402 judge them):

- ``webhook_handler``: an SDK call that verifies a signature, or a library that verifies for the app
  with the signing secret from the environment (``stripe_event``, Laravel Cashier, the ``pay`` gem).
- ``webhook_verifier``: verification that needs no secret from the environment (the event fetched again
  from Stripe; dj-stripe's endpoints, which keep their secret in the database), or a function that
  verifies, named so that handlers in other files that call it count as verified.
- ``webhook_verify_conditional``: a verification that runs only when the secret is set.
- ``webhook_verify_flawed``: a verification that does not protect its handler (the detail says why).
- ``webhook_unverified``: a handler that builds the event from the request and never verifies it
  (``names``: the functions it calls, for verifiers in other files).
- ``webhook_body_parsed``: ``app.use(express.json())`` ahead of routers from other files (``names``: the
  functions mounted after it, and ``file:`` their modules): GL402 when one of them verifies.
- ``webhook_event_handling``: a function acting on events it gets from elsewhere (a dispatcher called
  with the event), without verification: judged per app.
- ``webhook_event_type``: one event type the code matches against an event, verified or not (``detail``: the
  type as Stripe names it, SDK constants spelled out): GL405 holds the live endpoints' subscriptions against them.
- ``project_root``: a manifest (``package.json``, ``go.mod``) that makes its folder one app.

Speed: every code file that says "stripe" or reads a ``type`` comes here. Nothing is parsed into a
syntax tree; files without a verification call, an event type or a library marker stop after a few
literal searches, and the patterns have bounded repetition.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from golive.sources import Lines, Literals, Signal, compiled_on_use, near, occurrences, text

GUARD_REACH = 300  # characters of a line read for the `if` around a verification
#: Files whose presence makes a folder one app: handlers that get their event from elsewhere are judged per app.
PROJECT_MARKERS = frozenset(
    {
        "package.json",
        "pyproject.toml",
        "setup.py",
        "requirements.txt",
        "manage.py",
        "Gemfile",
        "composer.json",
        "go.mod",
        "pom.xml",
        "build.gradle",
        "build.gradle.kts",
        "Cargo.toml",
        "mix.exs",
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
WEBHOOK_VERIFY = compiled_on_use(
    r"(?:(?:\.|->|::)constructEvent(?:Async)?|construct_event|"
    r"(?:Webhook(?:::|\.)Signature|WebhookSignature|webhooks\.signature)(?:::|\.)verify_?[hH]eader|"
    r"webhook\.(?:ConstructEvent|ValidatePayload)(?:WithTolerance|IgnoringTolerance|WithOptions)?|"
    r"EventUtility\.(?:ConstructEvent|ValidateSignature)|"
    r"(?i:parse_?thin_?event|parse_?event_?notification))\s*\("
)
_VERIFY_HINTS = (
    "onstruct",
    "erify",
    "alidatePayload",
    "alidateSignature",
    "hinEvent",
    "hin_event",
    "ventNotification",
    "vent_notification",
)
#: The event fetched again from Stripe by its id: as good as a signature, and needs no signing secret.
REFETCH = compiled_on_use(
    r"(?:\bEvent(?:\.|::)retrieve|\bevents(?:\.|->)retrieve|\bEventService\(\)\.Get(?:Async)?|\b[eE]ventService\.Get(?:Async)?)\s*\("
)

_RESOURCES = (
    r"checkout\.session|payment_intent|invoice|customer\.subscription|charge(?:\.dispute|\.refund)?|setup_intent|"
    r"payment_method|subscription_schedule|customer|payout|refund|account|radar\.early_fraud_warning|"
    r"identity\.verification_session|credit_note|application_fee|topup|mandate|billing_portal\.session"
)
#: Webhook events an app acts on: quoted Stripe event types, which end in what happened
#: (``invoice.paid``, ``customer.subscription.trial_will_end``), unlike i18n keys such as "invoice.total".
EVENT_TYPE = compiled_on_use(
    rf"[\"'`](?P<type>(?:{_RESOURCES})\.[a-z_]*(?:ed|paid|_end|upcoming|requires_action|processing))[\"'`]"
)
_CONSTANT_RESOURCES = (
    "CheckoutSession|PaymentIntent|Invoice|CustomerSubscription|Charge|SetupIntent|PaymentMethod|"
    "SubscriptionSchedule|Customer|Payout|Refund|Account"
)
#: Event types as SDK constants: Go ``stripe.EventTypeCheckoutSessionCompleted``, .NET
#: ``EventTypes.PaymentIntentSucceeded`` and ``Events.CheckoutSessionCompleted``, PHP
#: ``\Stripe\Event::CHECKOUT_SESSION_COMPLETED``.
EVENT_CONSTANT = compiled_on_use(
    rf"\b(?P<type>stripe\.EventType[A-Z]\w{{2,80}}|(?:EventTypes|Events)\.(?:{_CONSTANT_RESOURCES})[A-Z]\w{{2,60}}|"
    r"Event::(?:CHECKOUT_SESSION|PAYMENT_INTENT|INVOICE|CUSTOMER_SUBSCRIPTION|CHARGE|SETUP_INTENT|PAYMENT_METHOD|"
    r"SUBSCRIPTION_SCHEDULE|CUSTOMER|PAYOUT|REFUND|ACCOUNT)_[A-Z_]{2,60})\b"
)
#: Component and page files run in browsers: they never receive a webhook, except route modules.
BROWSER_SUFFIXES = (".jsx", ".tsx", ".vue", ".svelte", ".astro", ".html", ".htm")
#: Route modules whose server functions receive requests: Remix and React Router's ``app/routes/``
#: (an ``action`` runs on the server), Next.js's ``pages/api/``.
_SERVER_ROUTES = compiled_on_use(r"(?:^|/)(?:app/routes|pages/api)/.+\.[jt]sx$")
#: The event's type being read: ``event.type``, ``event["type"]``, ``$event->type``, ``event.Type``, ``getType()``.
TYPE_DISPATCH = compiled_on_use(r"""(?:\.|->)[tT]ype\b|\[\s*["']type["']\s*\]|\.getType\(\)|\.get\(\s*["']type["']\s*\)""")
#: An event built without verification: the SDKs' parse-only helpers, or JSON decoded into a Stripe Event.
PARSE_ONLY = compiled_on_use(
    r"\bEventUtility\.ParseEvent\s*\(|\bEvent\.construct_from\s*\(|\bEvent::constructFrom\s*\(|"
    r"\b(?:Event|ApiResource|StripeObject)\.GSON\.fromJson\s*\(|\bfromJson\([^()\n]{0,120}\bEvent(?:\.class|::class\.java)\)|"
    r"\bJsonConvert\.DeserializeObject<(?:Stripe\.)?Event>|\bJsonSerializer\.Deserialize<(?:Stripe\.)?Event>|"
    r"@RequestBody\s+(?:com\.stripe\.model\.)?Event\b|\[FromBody\]\s*(?:Stripe\.)?Event\b|@Body\(\)\s*\w+\s*:\s*Stripe\.Event\b"
)
#: The handler reads the request itself: it is a route, not a dispatcher handed a verified event.
REQUEST_READ = compiled_on_use(
    r"(?:\breq|\brequest|\bctx\.request|\bc\.req|\bc\.Request|\bHttpContext\.Request|\bRequest)\."
    r"(?:body|rawBody|raw_body|data|get_data|get_json|json|text|raw_post|stream|Body|payload)\b"
    r"|\b(?:r|event)\.(?:Body|body)\b|\$request->(?:getContent|all|input|json|getPayload|toArray)\(|php://input|\$_POST\b"
    r"|@RequestBody\b|@Body\(|\[FromBody\]|\bgetInputStream\(\)|\bGetRawData\(\)|\bbuffer\(\s*req\b|\bgetRawBody\("
)
_JSON_PARSE = compiled_on_use(r"JSON\.parse|json\.loads|json_decode|JsonConvert\.DeserializeObject")
#: ``event = json.loads(request.body)``, ``const event = req.body``, ``$event = json_decode($payload)``,
#: ``json.Unmarshal(payload, &event)``: the event taken from the body as it came.
BODY_EVENT = compiled_on_use(
    r"(?P<var>\$?\b\w{0,40}[eE]vent\w{0,20})\s*(?::\s*[\w.<>|\[\]]{1,60}\s*)?(?<![=!<>])=(?![=>])\s*(?P<rhs>[^\n;]{0,200})"
    r"|json\.(?:Unmarshal|NewDecoder\([^()\n]{0,80}\)\.Decode)\([^()\n]{0,160}&\w{0,40}[eE]vent\w{0,20}\s*\)"
)
_GUARD = compiled_on_use(r"^(?:\}\s*)?(?:if|elif|elsif|unless|else\s+if)\b(?P<condition>.*)$")
_ELSE = compiled_on_use(r"^(?:\}\s*)?else\s*(?::|\{)?\s*$")
_SECRETISH = compiled_on_use(r"[\w$.\[\]\"'>-]{0,60}(?:secret|Secret|SECRET|whsec|signing|Signing|SIGNING)[\w$.\[\]\"']{0,60}")
_TERNARY_BEFORE = compiled_on_use(rf"({_SECRETISH.pattern})\s*\?\s*[\w$.]*$")  # secret ? verify(...) : parse(...)
_TERNARY_AFTER = compiled_on_use(rf"\bif\s+(?:not\s+)?({_SECRETISH.pattern})\s+else\b")  # verify(...) if secret else ...

#: Libraries that verify for the app: (pattern, what it is, whether it needs the secret from the environment).
LIBRARIES = (
    (
        compiled_on_use(r"\bmount\s+StripeEvent::Engine\b|\bStripeEvent\.(?:signing_secrets?|configure|subscribe)\b"),
        "the stripe_event gem",
        True,
    ),
    (
        compiled_on_use(r"Laravel\\Cashier\\Http\\(?:Controllers\\WebhookController|Middleware\\VerifyWebhookSignature)\b"),
        "Laravel Cashier's webhook route",
        True,
    ),
    (compiled_on_use(r"\bRoute::stripeWebhooks\s*\(|\bSpatie\\StripeWebhooks\\"), "spatie/laravel-stripe-webhooks", True),
    (
        compiled_on_use(r"\bPay::Webhooks\b|\bmount\s+Pay::Engine\b|\bPay\.setup\b(?=[\s\S]{0,2000}:stripe\b)"),
        "the pay gem's webhook route",
        True,
    ),
    (
        compiled_on_use(r"\bStripeModule\.forRoot(?:Async)?\s*\([\s\S]{0,600}?\bwebhookConfig\b"),
        "@golevelup/nestjs-stripe's webhook route",
        True,
    ),
    (compiled_on_use(r"\bDJSTRIPE_WEBHOOK_SECRET\b"), "dj-stripe's webhook view (DJSTRIPE_WEBHOOK_SECRET)", True),
    (
        compiled_on_use(r"[\"']djstripe(?:\.urls)?[\"']"),
        "dj-stripe's webhook endpoints (their secret is kept in the database)",
        False,
    ),
)
#: Laravel Cashier's published config: its webhook route is live whenever Cashier is installed.
_CASHIER_CONFIG = compiled_on_use(r"(?:^|/)config/cashier\.php$")
_LIBRARY_HINTS = (
    "StripeEvent",
    "Cashier",
    "StripeWebhooks",
    "stripeWebhooks",
    "Pay::",
    "Pay.setup",
    "webhookConfig",
    "djstripe",
    "DJSTRIPE",
)
#: Literals each pattern's match contains: the patterns run only around them.
_EVENT_CONSTANT_HINTS = ("EventType", "Events.", "Event::")
_PARSE_ONLY_HINTS = (
    "ParseEvent",
    "construct_from",
    "constructFrom",
    "GSON",
    "fromJson",
    "Deserialize",
    "RequestBody",
    "FromBody",
    "@Body",
)
_REFETCH_HINTS = ("etrieve", "ventService")
#: A quoted event type holds its resource and a dot (``"invoice.paid"``): EVENT_TYPE runs only around these.
_EVENT_TYPE_HINTS = tuple(f"{name}." for name in re.sub(r"\(\?:[^)]*\)\??", "", _RESOURCES).replace("\\.", ".").split("|"))
#: Every literal a test of ``_worth_reading`` needs.
_GATE = Literals(
    (*_VERIFY_HINTS, *_LIBRARY_HINTS, *_EVENT_TYPE_HINTS, *_EVENT_CONSTANT_HINTS, *_PARSE_ONLY_HINTS, "vent", ".json(")
)


def read(path: str, content: str) -> list[Signal]:
    """The webhook signals of one code file, judged per handler."""
    if len(content) > text.MAX_SOURCE_CHARS or not _worth_reading(path, content):
        return []
    family = _family(path)
    code, skeleton = _mask(content, family)
    lines = Lines(code)
    verifications = list(near(WEBHOOK_VERIFY, code, _VERIFY_HINTS))
    signals = [Signal(path, lines.at(match.start()), "webhook_handler", _qualified_call(code, match)) for match in verifications]
    signals.extend(_conditional_verifications(path, code, signals))
    signals.extend(_libraries(path, code, lines))
    if not may_handle_events(path, len(content)):
        return signals
    units = _units(code, skeleton, family)
    if not verifications:
        signals.extend(_json_before_routes(path, code, lines))
    signals.extend(_flaws(path, family, code, skeleton, lines, verifications, units))
    signals.extend(_handlers(path, code, lines, units, verifications))
    signals.extend(_handled_types(path, code, lines, units))
    return signals


def may_handle_events(path: str, size: int) -> bool:
    """Server code of a size people write by hand: where a webhook handler can be. A component file is
    server code too where the framework's routing makes it one (``app/routes/`` of Remix and React
    Router, whose ``action`` runs on the server; Next.js's ``pages/api/``)."""
    return size <= text.MAX_SOURCE_CHARS and (not path.endswith(BROWSER_SUFFIXES) or _SERVER_ROUTES.search(path) is not None)


def project_root(rel: str) -> Signal | None:
    """A folder that is one app, marked by its manifest (``package.json``, ``go.mod``, ``manage.py``)."""
    name = rel[rel.rfind("/") + 1 :]  # every file of a tree comes here: no posixpath.basename call
    if name in PROJECT_MARKERS or name.endswith(".csproj"):
        return Signal(rel, 0, "project_root", name)
    return None


def _worth_reading(path: str, content: str) -> bool:
    """One literal pass first (``_GATE``): most code files that reach here only read some other
    ``type``, and each test below runs only around the literals it needs."""
    found = _GATE.found(content)

    def present(hints: tuple[str, ...]) -> list[str]:
        return [hint for hint in hints if hint in found]

    return (
        bool(_CASHIER_CONFIG.search(path))
        or bool(present(_LIBRARY_HINTS))
        or next(near(WEBHOOK_VERIFY, content, present(_VERIFY_HINTS)), None) is not None
        or next(near(EVENT_TYPE, content, present(_EVENT_TYPE_HINTS)), None) is not None
        or next(near(EVENT_CONSTANT, content, present(_EVENT_CONSTANT_HINTS)), None) is not None
        or next(near(PARSE_ONLY, content, present(_PARSE_ONLY_HINTS)), None) is not None
        or ("vent" in found and "stripe" in content.lower() and any(_body_events(content)))
        or (".json(" in found and _JSON_FIRST.search(content) is not None)
    )


# --- Comments and strings -------------------------------------------------------------------------

_C_STRINGS = r'"""[\s\S]*?"""|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|`(?:[^`\\]|\\.)*`'
_MASKS = {
    "c": compiled_on_use(rf"(?P<s>{_C_STRINGS})|(?P<c>//[^\n]*|/\*[\s\S]*?\*/)"),
    "php": compiled_on_use(rf"(?P<s>{_C_STRINGS})|(?P<c>//[^\n]*|#(?!\[)[^\n]*|/\*[\s\S]*?\*/)"),
    "python": compiled_on_use(
        r'(?P<s>"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\')|(?P<c>#[^\n]*)'
    ),
    "ruby": compiled_on_use(r'(?P<s>"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\')|(?P<c>^=begin\b[\s\S]*?^=end\b[^\n]*|#[^\n]*)', re.M),
}
_NOT_NEWLINE = compiled_on_use(r"[^\n]")


def _family(path: str) -> str:
    if path.endswith(".py"):
        return "python"
    if path.endswith((".rb", ".rake")):
        return "ruby"
    return "php" if path.endswith(".php") else "c"


def _mask(content: str, family: str) -> tuple[str, str]:
    """(code, skeleton): comments blanked in both, string contents blanked in the skeleton too, so that
    braces and parentheses can be counted. Offsets and line breaks are kept."""
    code, skeleton, at = [], [], 0
    for match in _MASKS[family].finditer(content):
        between = content[at : match.start()]
        code.append(between)
        skeleton.append(between)
        found = match.group()
        if match.group("c") is not None:
            blank = _NOT_NEWLINE.sub(" ", found)
            code.append(blank)
            skeleton.append(blank)
        else:
            code.append(found)
            skeleton.append(found[0] + _NOT_NEWLINE.sub(" ", found[1:-1]) + found[-1] if len(found) > 1 else found)
        at = match.end()
    code.append(content[at:])
    skeleton.append(content[at:])
    return "".join(code), "".join(skeleton)


# --- Handlers: functions, methods, route blocks and closures ---------------------------------------


@dataclass
class _Unit:
    start: int  # where its name or parameters are: the line a finding names
    end: int  # the end of its body
    name: str  # "" for anonymous functions and the module
    header: str  # decorators, the route call and the parameters: request parameters are named here
    prefix: str = ""  # the header before the parameters, strings blanked: middleware and guards are named here
    parent: _Unit | None = None
    children: list[_Unit] = field(default_factory=list)


_CONTROL = frozenset(
    "if for foreach while switch catch using lock fixed synchronized with when elseif match try do else return "
    "typeof sizeof await yield in of".split()
)
_RETURN_TYPE = compiled_on_use(
    r"\)\s*(?::\s*[\w<>\[\]?,.|& \\]{1,120}|throws\s+[\w.,\s]{1,120}|[\w.*\[\]<>]{1,60}|\([^()]{0,120}\))?$"
)
_NOT_A_FUNCTION = compiled_on_use(r"\b(?:class|interface|record|struct|enum|new|object|trait)\s*$")
_ASSIGNED_NAME = compiled_on_use(r"([\w$]+)\s*[:=]\s*(?:async\s*)?(?:function\b[^(]*)?$")
_PY_DEF = compiled_on_use(r"^([ \t]*)(?:async[ \t]+)?def[ \t]+(\w+)", re.M)
_RUBY_DEF = compiled_on_use(r"^([ \t]*)(?:def[ \t]+(?:self\.)?([\w?!]+)|(?:post|put|patch|get|match)\b[^\n]*\bdo\b)", re.M)
_LINE_START = compiled_on_use(r"\n([ \t]*)(?=\S)")


def _units(code: str, skeleton: str, family: str) -> list[_Unit]:
    """Every function-like block, nested, under one module unit (top-level code, as in a plain PHP script)."""
    if family == "python":
        found = list(_indented_units(code, skeleton, _PY_DEF, ruby=False))
    elif family == "ruby":
        found = list(_indented_units(code, skeleton, _RUBY_DEF, ruby=True))
    else:
        found = list(_brace_units(code, skeleton))
    module = _Unit(0, len(code), "", "", "")
    for unit in sorted(found, key=lambda u: (u.start, -u.end)):
        parent = module
        while True:
            inner = next(
                (child for child in reversed(parent.children) if child.start <= unit.start and unit.end <= child.end), None
            )
            if inner is None:
                break
            parent = inner
        unit.parent = parent
        parent.children.append(unit)
    return [module, *found]


def _brace_units(code: str, skeleton: str) -> Iterator[_Unit]:
    stack: list[int] = []
    for brace in re.finditer(r"[{}]", skeleton):
        if brace.group() == "{":
            stack.append(brace.start())
            continue
        if not stack:
            continue
        opening = stack.pop()
        before = skeleton[max(0, opening - 400) : opening].rstrip()
        offset = opening - 400 if opening > 400 else 0
        if before.endswith(("=>", "->")):
            params = _parameters_start(before[:-2].rstrip())
            start = offset + params
            named = _ASSIGNED_NAME.search(before[:params].rstrip(" (async"))
            name = named.group(1) if named else ""
        else:
            returned = _RETURN_TYPE.search(before)
            if returned is None:
                continue
            opened = _matching_open(before, returned.start())
            if opened is None:
                continue
            word = re.search(r"([\w$]+)\s*$", before[:opened])
            if word is None or word.group(1) in _CONTROL or _NOT_A_FUNCTION.search(before[: word.start()]):
                continue
            start = offset + word.start()
            name = word.group(1)
            if name in ("function", "func", "use", "fun"):
                named = _ASSIGNED_NAME.search(before[: word.start()].rstrip())
                name = named.group(1) if named else ""
        yield _Unit(start, brace.start(), name, *_header(code, skeleton, start, opening))


def _parameters_start(before: str) -> int:
    """Where an arrow function's parameters start: ``(req, res)`` or a bare ``req``."""
    if before.endswith(")"):
        opened = _matching_open(before, len(before) - 1)
        return opened if opened is not None else len(before)
    word = re.search(r"[\w$]+$", before)
    return word.start() if word else len(before)


def _matching_open(text_: str, closing: int) -> int | None:
    depth = 0
    for index in range(closing, max(-1, closing - 2000), -1):
        char = text_[index]
        if char == ")":
            depth += 1
        elif char == "(":
            depth -= 1
            if depth == 0:
                return index
    return None


def _header(code: str, skeleton: str, start: int, body: int) -> tuple[str, str]:
    """The unit's parameters, the route call it is passed to and the decorators or attributes above it."""
    first = code.rfind("\n", 0, start) + 1
    for _ in range(8):
        previous = code.rfind("\n", 0, max(first - 1, 0)) + 1
        line = code[previous:first].strip()
        if first == 0 or not line or not (line.startswith(("@", "[", ".")) or line.endswith((",", "(", "=>"))):
            break
        first = previous
    return code[first:body], skeleton[first:start]


def _indented_units(code: str, skeleton: str, pattern: re.Pattern[str], ruby: bool) -> Iterator[_Unit]:
    for match in pattern.finditer(code):
        indent = len(match.group(1).expandtabs())
        body = _signature_end(skeleton, match.end()) if not ruby else code.find("\n", match.end())
        body = len(code) if body < 0 else body
        end = len(code)
        for line in _LINE_START.finditer(code, body):
            depth = len(line.group(1).expandtabs())
            if depth > indent:
                continue
            rest = code[line.end() : line.end() + 8]
            if ruby and depth == indent and re.match(r"(?:rescue|ensure|else|elsif|when)\b", rest):
                continue
            end = code.find("\n", line.end()) if ruby and rest.startswith("end") else line.start()
            break
        name = (match.group(2) or "") if match.lastindex and match.lastindex >= 2 else ""
        start = match.start() + len(match.group(1))
        yield _Unit(start, len(code) if end < 0 else end, name, *_header(code, skeleton, start, body))


def _signature_end(skeleton: str, at: int) -> int:
    """The end of a Python ``def`` line, past parameters that span lines."""
    depth = 0
    for index in range(at, min(len(skeleton), at + 4000)):
        char = skeleton[index]
        if char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
        elif char == ":" and depth == 0:
            return index
    return at


def _innermost(units: list[_Unit], offset: int) -> _Unit:
    found = units[0]
    while True:
        inner = next((child for child in found.children if child.start <= offset < child.end), None)
        if inner is None:
            return found
        found = inner


def _chain(unit: _Unit) -> list[_Unit]:
    chain = [unit]
    while chain[-1].parent is not None:
        chain.append(chain[-1].parent)
    return chain


def _own(unit: _Unit, offset: int) -> bool:
    """``offset`` lies in the unit's own code, not in a function nested in it."""
    return unit.start <= offset < unit.end and not any(child.start <= offset < child.end for child in unit.children)


def _inside(unit: _Unit, offset: int) -> bool:
    return unit.start <= offset < unit.end


# --- Judging each handler ----------------------------------------------------------------------------

_NOT_CALLS = _CONTROL | {"function", "func", "fun", "def"}
_CALL = compiled_on_use(r"(?<![\w$])([A-Za-z_]\w{1,80})\s*\(")
#: A middleware or guard whose name says it checks Stripe's signature: ``verifyStripeSignature``, ``StripeSignatureGuard``.
_MIDDLEWARE = compiled_on_use(
    r"(?i)^(?=.*(?:stripe|webhook|signature|signed))(?=.*(?:verif|validat|signature|signed|guard|check)).*$"
)
_BEFORE_ACTION = compiled_on_use(r"(?<![\w])before_action\s+:(\w+)")
_MAPPED = compiled_on_use(r"\s*(?::|=>)\s*[\w$]")  # "invoice.paid": handle_invoice, a dispatch table


def _handlers(path: str, code: str, lines: Lines, units: list[_Unit], verifications: list[re.Match[str]]) -> Iterator[Signal]:
    """Each handler that acts on events or builds the event without a verification that covers it."""
    verifying = [match.start() for match in verifications] + [match.start() for match in near(REFETCH, code, _REFETCH_HINTS)]
    verifier_names = {unit.name for unit in units[1:] if unit.name and any(_inside(unit, at) for at in verifying)}
    for unit in units[1:]:
        if unit.name in verifier_names:
            yield Signal(
                path, lines.at(unit.start), "webhook_verifier", f"{unit.name}() verifies Stripe events", names=(unit.name,)
            )
    evidence = list(_evidence(code, units))
    if not evidence:
        return
    types = _types(code)
    middleware = set(_BEFORE_ACTION.findall(code))
    reported: dict[int, tuple[_Unit, str, bool, int]] = {}
    for offset, doing, kind in evidence:
        unit = _innermost(units, offset)
        chain = _chain(unit)
        if kind == "type" and not any(_inside(unit, at) or any(_own(up, at) for up in chain) for at in types):
            continue  # an event type listed (enabled_events, a subscription list) but never matched against an event
        if kind == "body" and not _says_stripe(code, chain) and not _route_says_webhook(chain):
            continue  # an "event" from a request body in a handler that never says stripe: somebody else's events
        if _verified(unit, chain, code, verifying, verifier_names, middleware):
            continue
        strict = kind != "type" or _reads_request(chain, code)
        known = reported.get(id(unit))
        if known is None:
            reported[id(unit)] = (unit, doing, strict, offset)
        elif kind == "type" and not known[1].startswith("handles"):  # named by the first event it acts on
            reported[id(unit)] = (unit, doing, strict or known[2], offset)
        elif strict and not known[2]:
            reported[id(unit)] = (unit, known[1], strict, known[3])
    for unit, doing, strict, offset in reported.values():
        if any(id(up) in reported for up in _chain(unit)[1:]):
            continue  # the handler enclosing it is reported
        where = "the file's top-level code" if unit.parent is None else f"{unit.name}()" if unit.name else "the handler"
        line = lines.at(offset)
        called = _called(code, unit) | {name for up in _chain(unit)[1:] for name in _called(code, up, own=True)}
        yield Signal(
            path,
            line,
            "webhook_unverified" if strict else "webhook_event_handling",
            f"{where} (line {lines.at(unit.start)}) {doing}" if unit.parent is not None else f"{where} {doing}",
            names=tuple(sorted(called))[:80],
        )


def _handled_types(path: str, code: str, lines: Lines, units: list[_Unit]) -> Iterator[Signal]:
    """Each event type matched against an event (by the function that reads the type, or a dispatch table
    beside it), once per line; a type only listed (``enabled_events``) is no handler."""
    types, seen = _types(code), set()
    for match in _events(code):
        unit = _innermost(units, match.start())
        chain = _chain(unit)
        matched = any((unit is not units[0] and _inside(unit, at)) or any(_own(up, at) for up in chain) for at in types)
        if not matched and not (unit is units[0] and types and _MAPPED.match(code, match.end())):
            continue
        event_type, line = event_type_of(match.group("type")), lines.at(match.start())
        if event_type and (event_type, line) not in seen:
            seen.add((event_type, line))
            yield Signal(path, line, "webhook_event_type", event_type)


#: Objects whose event types hold a dot (``checkout.session.completed``), as SDK constants spell them; longest first.
_DOTTED_OBJECTS = {
    "customer_subscription": "customer.subscription",
    "checkout_session": "checkout.session",
    "charge_dispute": "charge.dispute",
    "charge_refund": "charge.refund",
    "billing_portal_session": "billing_portal.session",
    "radar_early_fraud_warning": "radar.early_fraud_warning",
    "identity_verification_session": "identity.verification_session",
}
_OBJECTS = (
    "subscription_schedule",
    "payment_intent",
    "payment_method",
    "setup_intent",
    "credit_note",
    "application_fee",
    "invoiceitem",
    "invoice",
    "customer",
    "charge",
    "payout",
    "refund",
    "account",
    "topup",
    "mandate",
)


def event_type_of(found: str) -> str:
    """The event type as Stripe names it: a quoted type as written; an SDK constant spelled out
    (``stripe.EventTypeCheckoutSessionCompleted``, ``EventTypes.InvoicePaid``, ``Event::CUSTOMER_SUBSCRIPTION_DELETED``);
    empty when the constant's object is not one golive knows."""
    if found == found.lower():
        return found
    name = found.rpartition("::")[2].rpartition(".")[2].removeprefix("EventType")
    snake = name.lower() if name.isupper() else re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()
    for obj, dotted in _DOTTED_OBJECTS.items():
        if snake.startswith(obj + "_"):
            return f"{dotted}.{snake[len(obj) + 1 :]}"
    known = next((obj for obj in _OBJECTS if snake.startswith(obj + "_")), None)
    return f"{known}.{snake[len(known) + 1 :]}" if known else ""


def _evidence(code: str, units: list[_Unit]) -> Iterator[tuple[int, str, str]]:
    """(offset, what the code does, kind): event types matched ("type"), an event built by a parse-only
    helper ("parse"), an event taken from the request body ("body")."""
    for match in _events(code):
        yield match.start(), f"handles {match.group('type')}", "type"
        if _innermost(units, match.start()) is units[0] and _MAPPED.match(code, match.end()):
            # a module-level dispatch table: the functions that read the type act on these events
            yield from ((at, f"handles {match.group('type')}", "type") for at in _types(code))
    for match in _parse_only(code):
        yield match.start(), f"builds the event with {match.group().rstrip('( ')} without verifying it", "parse"
    for match in _body_events(code):
        yield match.start(), "takes the event from the request body without verifying it", "body"


def _body_events(code: str) -> Iterator[re.Match[str]]:
    """``BODY_EVENT``'s matches whose right-hand side reads the request or decodes JSON. The pattern is
    tried once where each name holding "vent" starts and at each ``json.``, not at every character."""
    starts = set(occurrences(code, "json."))
    for at in occurrences(code, "vent"):
        start = at - 1  # the name's "e" or "E"
        while start > max(0, at - 42) and (code[start - 1].isalnum() or code[start - 1] == "_"):
            start -= 1
        starts.add(start - 1 if start > 0 and code[start - 1] == "$" else start)
    taken = 0  # matches do not overlap, as a search's would not
    for start in sorted(starts):
        match = BODY_EVENT.match(code, start) if start >= taken else None
        if match is None:
            continue
        taken = match.end()
        rhs = match.group("rhs")
        if match.group("var") is None or REQUEST_READ.search(rhs) or _JSON_PARSE.search(rhs):
            yield match


def _types(code: str) -> list[int]:
    return [match.start() for match in near(TYPE_DISPATCH, code, ("ype",))]


def _events(code: str) -> Iterator[re.Match[str]]:
    yield from EVENT_TYPE.finditer(code)  # starts with a quote: tried only at quotes
    if any(hint in code for hint in _EVENT_CONSTANT_HINTS):
        yield from near(EVENT_CONSTANT, code, _EVENT_CONSTANT_HINTS)


def _parse_only(code: str) -> Iterator[re.Match[str]]:
    return near(PARSE_ONLY, code, _PARSE_ONLY_HINTS) if any(hint in code for hint in _PARSE_ONLY_HINTS) else iter(())


def _reads_request(chain: list[_Unit], code: str) -> bool:
    """The handler or a function enclosing it reads the request (a route), rather than being handed an event."""
    return bool(REQUEST_READ.search(code, chain[0].start, chain[0].end)) or any(
        REQUEST_READ.search(up.header) or _own_search(REQUEST_READ, code, up) for up in chain
    )


def _own_search(pattern: re.Pattern[str], code: str, unit: _Unit) -> bool:
    return any(_own(unit, match.start()) for match in pattern.finditer(code, unit.start, unit.end))


def _says_stripe(code: str, chain: list[_Unit]) -> bool:
    """The handler (or a function enclosing it) names Stripe: ``Stripe.Event``, ``stripe-signature``."""
    return any(
        "stripe" in code[up.start : up.end].lower() or "stripe" in up.header.lower() for up in chain if up.parent is not None
    ) or (chain[0].parent is None and "stripe" in code.lower())


def _route_says_webhook(chain: list[_Unit]) -> bool:
    return any(re.search(r"(?i)[\"'`][^\"'`\n]{0,80}(?:stripe|webhook)", up.header) for up in chain)


def _called(code: str, unit: _Unit, own: bool = False) -> set[str]:
    """The functions a unit calls (in its own code only, for the functions enclosing a handler)."""
    if unit.parent is None and not own:
        own = True
    return {
        match.group(1)
        for match in _CALL.finditer(code, unit.start, unit.end)
        if match.group(1) not in _NOT_CALLS and match.group(1) != unit.name and (not own or _own(unit, match.start()))
    }


def _verified(
    unit: _Unit, chain: list[_Unit], code: str, verifying: list[int], verifier_names: set[str], middleware: set[str]
) -> bool:
    """A verification in the handler, in a function enclosing it, in a same-file function they call, or a
    middleware on its route whose name says it checks the signature."""
    if any(_inside(unit, at) or any(_own(up, at) for up in chain) for at in verifying):
        return True
    called = _called(code, unit) | {name for up in chain[1:] for name in _called(code, up, own=True)}
    if called & verifier_names:
        return True
    on_route = {name for up in chain for name in re.findall(r"[A-Za-z_]\w{2,80}", up.prefix)} | middleware
    return bool(on_route & verifier_names) or any(_MIDDLEWARE.match(name) for name in on_route)


# --- Libraries that verify for the app ----------------------------------------------------------------


def _libraries(path: str, code: str, lines: Lines) -> Iterator[Signal]:
    if _CASHIER_CONFIG.search(path):
        secret = re.search(r"[\"']webhook[\"']\s*=>\s*\[[^\]]{0,400}?[\"']secret[\"']", code)
        line = lines.at(secret.end()) if secret else 1
        yield Signal(path, line, "webhook_handler", "Laravel Cashier's webhook route (config/cashier.php)")
        return
    if not any(hint in code for hint in _LIBRARY_HINTS):
        return
    for pattern, library, needs_secret in LIBRARIES:
        match = pattern.search(code)
        if match:
            yield Signal(path, lines.at(match.start()), "webhook_handler" if needs_secret else "webhook_verifier", library)


# --- Verifications that do not protect -----------------------------------------------------------------

_TOLERANCE_OFF = compiled_on_use(
    r"\b(?:tolerance|Tolerance)\s*(?::|=)\s*(?:0|None|nil|null)\b|IgnoringTolerance|IgnoreTolerance\s*:\s*true"
)
_RESERIALISED = compiled_on_use(
    r"JSON\.stringify\(|json\.dumps\(|json_encode\(|\.to_json\b|JsonConvert\.SerializeObject\(|JsonSerializer\.Serialize\(|"
    r"json\.Marshal\(|request\.get_json\(|\brequest\.json\b(?!\(\))|\$request->all\(\)|\bparams\.(?:to_json|to_unsafe_h)\b"
)
_JSON_FIRST = compiled_on_use(r"\.use\(\s*(?:express|bodyParser)\.json\((?P<options>[^()\n]{0,200})\)")
_TERMINATES = compiled_on_use(
    r"\b(?:return|throw|raise|exit|die|abort|halt|rethrow|panic)\b|\bsys\.exit\b|\bos\.Exit\b|\band\s+return\b"
)
_NULLISH = compiled_on_use(r"\s*(?:null|None|nil|undefined|new\s+\w+\(\s*\))?\s*(?:;|$)")


def _flaws(
    path: str, family: str, code: str, skeleton: str, lines: Lines, verifications: list[re.Match[str]], units: list[_Unit]
) -> Iterator[Signal]:
    json_first = _JSON_FIRST.search(code)
    pages_api = re.search(r"(?:^|/)pages/api/", path) and not re.search(r"bodyParser\s*:\s*false", code)
    for match in verifications:
        call = _qualified_call(code, match)
        arguments = _arguments(code, skeleton, match.end() - 1)
        line = lines.at(match.start())
        why = None
        if _TOLERANCE_OFF.search(code, match.start(), match.end() + len(",".join(arguments)) + 2) or _zero_tolerance(
            call, arguments
        ):
            why = f"{call} runs without a timestamp tolerance, so a captured event can be replayed forever"
        elif arguments and _RESERIALISED.search(arguments[0]):
            why = (
                f"{call} is given the body parsed and serialised again ({arguments[0].strip()[:60]}), never the bytes Stripe "
                "signed: every event fails, and the usual fix is to drop the check"
            )
        elif (
            json_first
            and json_first.start() < _registered(code, units, match.start())
            and "verify" not in json_first.group("options")
            and "rawBody" not in (arguments[0] if arguments else "")
        ):
            why = (
                f"{json_first.group().strip()} at line {lines.at(json_first.start())} parses the body before this route, so "
                f"{call} never sees the raw bytes (body-parser skips express.raw once the body is parsed)"
            )
        elif pages_api and arguments and re.search(r"\breq\.body\b", arguments[0]):
            why = (
                f"{call} is given req.body, which Next.js has already parsed: export const config = "
                "{ api: { bodyParser: false } } and read the raw body"
            )
        elif (continued := _catch_continues(code, skeleton, match, units, family in ("python", "ruby"))) is not None:
            why = f"{call} fails into a handler that {continued} and goes on with the unverified event"
        if why:
            yield Signal(path, line, "webhook_verify_flawed", why)


_MOUNTED = compiled_on_use(r"\.(?:use|post|all|route)\(([^\n]{0,300})")
_IMPORTED = compiled_on_use(
    r"(?:const|let|var)\s+\{?\s*([\w$,\s]{1,200}?)\s*\}?\s*=\s*require\(\s*[\"'](\.{1,2}/[^\"']{1,200})[\"']\s*\)"
    r"|import\s+\{?\s*([\w$,\s]{1,200}?)\s*\}?\s+from\s+[\"'](\.{1,2}/[^\"']{1,200})[\"']"
)


def _json_before_routes(path: str, code: str, lines: Lines) -> Iterator[Signal]:
    """``app.use(express.json())`` ahead of routers from other files: GL402 when one of them verifies (the
    parsed body never matches the signature). ``names``: the functions mounted after it, and ``file:`` the
    modules they come from."""
    json_first = _JSON_FIRST.search(code)
    if json_first is None or "verify" in json_first.group("options"):
        return
    imported = {}
    for match in _IMPORTED.finditer(code):
        names, module = (match.group(1), match.group(2)) if match.group(2) else (match.group(3), match.group(4))
        target = posixpath.normpath(posixpath.join(posixpath.dirname(path), module))
        for name in re.findall(r"[\w$]+", names or ""):
            imported[name] = target
    mounted = {
        name for match in _MOUNTED.finditer(code, json_first.end()) for name in re.findall(r"[A-Za-z_$][\w$]*", match.group(1))
    }
    names = {name for name in mounted if name in imported} | {f"file:{imported[name]}" for name in mounted if name in imported}
    if names:
        yield Signal(
            path, lines.at(json_first.start()), "webhook_body_parsed", json_first.group().strip(), names=tuple(sorted(names))
        )


def _registered(code: str, units: list[_Unit], offset: int) -> int:
    """Where the route around ``offset`` is registered: a named handler (``function handle(req, res)``,
    hoisted) where it is first passed to ``.post(``/``.use(``, an inline one where it is written."""
    for unit in reversed(_chain(_innermost(units, offset))):
        if unit.name:
            passed = re.search(rf"\.(?:post|use|all|put)\([^\n]{{0,300}}(?<![\w$]){re.escape(unit.name)}\b(?!\s*\()", code)
            if passed:
                return passed.start()
    return _innermost(units, offset).start


def _arguments(code: str, skeleton: str, opening: int) -> list[str]:
    """The call's arguments as written, split at top-level commas."""
    depth, start, found = 0, opening + 1, []
    for index in range(opening, min(len(skeleton), opening + 2000)):
        char = skeleton[index]
        if char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
            if depth == 0:
                found.append(code[start:index])
                return [argument for argument in found if argument.strip()]
        elif char == "," and depth == 1:
            found.append(code[start:index])
            start = index + 1
    return []


def _zero_tolerance(call: str, arguments: list[str]) -> bool:
    """Tolerance as a positional argument: the fourth of Node's, PHP's and Java's constructEvent, Python's
    construct_event, Go's ...WithTolerance."""
    if len(arguments) < 4:
        return False
    fourth = arguments[3].strip()
    return fourth in ("0", "0L", "null", "None", "nil", "0.0") or fourth.endswith("= 0") and "olerance" in fourth


def _catch_continues(code: str, skeleton: str, match: re.Match[str], units: list[_Unit], indented: bool) -> str | None:
    """A verification in ``try`` whose ``catch`` neither returns nor throws, while the event it was to
    replace already holds the parsed body (or the catch assigns it): the unverified event goes on."""
    line_start = code.rfind("\n", 0, match.start()) + 1
    target = re.search(
        r"(\$?\b[A-Za-z_]\w*)\s*(?::\s*[\w.<>]+\s*)?(?::=|=)\s*(?:await\s+)?[\w$.:\\>-]*$", code[line_start : match.start()]
    )
    if target is None:
        return None
    variable = target.group(1)
    unit = _innermost(units, match.start())
    handlers = _catch_blocks(code, skeleton, match.start(), unit, indented)
    if handlers is None:
        return None
    try_start, blocks = handlers
    assigned = re.compile(rf"(?<![\w$]){re.escape(variable)}\s*(?::\s*[\w.<>|]+\s*)?(?<![=!<>])=(?![=>])(?P<rhs>[^\n]*)")
    before = [m for m in assigned.finditer(code, unit.start, try_start) if not _NULLISH.fullmatch(m.group("rhs"))]
    for block_start, block_end in blocks:
        block = code[block_start:block_end]
        if _TERMINATES.search(block):
            continue
        if before or assigned.search(block):
            return "only logs the failure" if re.search(r"(?i)log|print|warn|console", block) else "does not stop"
    return None


def _catch_blocks(code: str, skeleton: str, offset: int, unit: _Unit, indented: bool) -> tuple[int, list[tuple[int, int]]] | None:
    """Where the ``try`` around ``offset`` (inside its handler) starts, and the spans of its catch/except/rescue blocks."""
    line_start = code.rfind("\n", 0, offset) + 1
    if indented:
        return _indented_try(code, line_start, len(code[line_start:offset]) - len(code[line_start:offset].lstrip()))
    opening = _enclosing_brace(skeleton, offset)
    while opening is not None and opening > unit.start:
        if re.search(r"\btry\s*(?:\([^()]*\))?\s*$", skeleton[max(0, opening - 200) : opening]):
            closing = _matching_brace(skeleton, opening)
            if closing is None:
                return None
            blocks, at = [], closing + 1
            while (follow := re.match(r"\s*catch\b\s*(?:\([^()]*\))?\s*\{", skeleton[at : at + 300])) is not None:
                block_open = at + follow.end() - 1
                block_close = _matching_brace(skeleton, block_open)
                if block_close is None:
                    break
                blocks.append((block_open, block_close))
                at = block_close + 1
            return (opening, blocks) if blocks else None
        opening = _enclosing_brace(skeleton, opening - 1)
    return None


def _enclosing_brace(skeleton: str, offset: int) -> int | None:
    depth = 0
    for index in range(offset, max(-1, offset - 20000), -1):
        char = skeleton[index]
        if char == "}":
            depth += 1
        elif char == "{":
            if depth == 0:
                return index
            depth -= 1
    return None


def _matching_brace(skeleton: str, opening: int) -> int | None:
    depth = 0
    for index in range(opening, min(len(skeleton), opening + 20000)):
        char = skeleton[index]
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                return index
    return None


_TRY_LINE = compiled_on_use(r"(?m)^([ \t]*)(?:try\s*:|begin)[ \t]*$")


def _indented_try(code: str, line_start: int, indent: int) -> tuple[int, list[tuple[int, int]]] | None:
    """Python's ``try:``/``except``, Ruby's ``begin``/``rescue``/``end`` around the line at ``line_start``."""
    head = None
    for found in _TRY_LINE.finditer(code, max(0, line_start - 3000), line_start):
        if len(found.group(1)) < indent:
            head = found
    if head is None:
        return None
    level = len(head.group(1))
    between = code[head.end() : line_start]
    if re.search(rf"(?m)^[ \t]{{0,{level}}}\S", between):
        return None  # the try ended before the verification
    blocks = []
    for clause in re.compile(rf"(?m)^[ \t]{{{level}}}(?:except\b|rescue\b)[^\n]*\n").finditer(code, line_start):
        body_end = re.compile(rf"(?m)^[ \t]{{0,{level}}}\S").search(code, clause.end())
        blocks.append((clause.end(), body_end.start() if body_end else len(code)))
        following = code[body_end.start() : body_end.start() + 10] if body_end else ""
        if not following.lstrip().startswith(("except", "rescue")):
            break
    return (head.start(), blocks) if blocks else None


def _qualified_call(content: str, match: re.Match[str]) -> str:
    """The call as written, with its receiver: ``stripe.webhooks.constructEvent``, ``Stripe\\Webhook::constructEvent``."""
    start = match.start()
    while start > 0 and (content[start - 1].isalnum() or content[start - 1] in "_$.:\\->"):
        start -= 1
    return content[start : match.end()].rstrip("( ").lstrip(".:\\->$")


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
