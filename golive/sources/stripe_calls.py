"""Calls to the Stripe API in application code, through the official SDKs or raw HTTP.

Each call found becomes a :class:`StripeCall` with the resource and access it needs (from the
permissions table in ``golive/permissions.py``); the scope a component's restricted key needs is
the union of its calls. A call whose resource or method golive cannot tell (``stripe[name].list``, a
method it does not know) is kept with the reason, so that nothing is assumed covered.

One pattern family per SDK, each a bounded regex over the file (no syntax trees, as in code.py):

- Node/TypeScript, PHP, and the newer client objects of every SDK: ``stripe.checkout.sessions.create(``,
  ``$stripe->paymentIntents->retrieve(``, ``client.v1.customers.retrieve(``, ``sc.V1Customers.Retrieve(``.
- Python and Ruby class methods: ``stripe.Customer.retrieve(``, ``Stripe::Refund.create``.
- PHP static calls: ``\\Stripe\\Customer::create(``.
- Go packages by their import path: ``session.New(params)`` where ``session`` is ``stripe-go/…/checkout/session``.
- Java model classes by their import: ``Session.create(params)`` with ``com.stripe.model.checkout.Session``.
- .NET services: ``new CustomerService().Get(…)``, ``var service = new SessionService(); service.Create(…)``.
- Raw HTTP: ``https://api.stripe.com/v1/refunds`` with the request's verb.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from posixpath import splitext

from golive.permissions import http_access, method_access, resource_at, resource_named
from golive.sources import Lines, Signal, StripeCall, compiled_on_use, occurrences

JS = frozenset({".js", ".mjs", ".cjs", ".ts", ".mts", ".cts", ".jsx", ".tsx", ".vue", ".svelte"})
LANGUAGES = {
    **dict.fromkeys(JS, "js"),
    ".py": "python",
    ".rb": "ruby",
    ".rake": "ruby",
    ".php": "php",
    ".go": "go",
    ".java": "java",
    ".kt": "java",
    ".cs": "dotnet",
}
#: Parts of an SDK that are not API resources: verifying webhooks, errors, configuration.
NOT_RESOURCES = frozenset(
    {
        "webhooks",
        "webhook",
        "errors",
        "error",
        "oauth",
        "util",
        "stripeclient",
        "http",
        "apirequestor",
        "elements",
        "paymentrequest",
    }  # the last two: Stripe.js in the browser, which holds no secret
)

#: A method call: where every SDK call ends (``.create(``, ``->retrieve(``, ``.Get(``). The receiver
#: chain before it is read backwards from there: the scan runs at the speed of a literal search.
METHOD_CALL = compiled_on_use(r"(?:\.|->)(?P<method>[A-Za-z_]\w{0,40})\s*\(")
#: The receiver chain that ends where a method call starts: ``stripe.checkout.sessions``,
#: ``$stripe->paymentIntents``, ``client.v1.customers``, ``stripeClient.checkout().sessions()``, ``stripe[kind]``.
RECEIVER = compiled_on_use(
    r"(?<![\w.$>])(?P<client>(?:\$?this(?:->|\.))?\$?(?:\w*[sS]tripe\w*|client|sc))"
    r"(?:(?P<dynamic>\[[^\]\n]{1,60}\])|(?P<path>(?:(?:\.|->)[A-Za-z_]\w{0,40}(?:\(\))?){1,3}))$"
)
RECEIVER_REACH = 200  # characters before its method call where a receiver may start
_CALL_START = re.compile(r"(?:\.|->)(?=[A-Za-z_])")  # where METHOD_CALL can match
#: One of them is in every receiver: a name holding "tripe", or ``client`` or ``sc`` followed by its chain.
RECEIVER_LITERALS = ("tripe", "client.", "client-", "client[", "sc.", "sc-", "sc[")
#: Python and Ruby: ``stripe.checkout.Session.create(``, ``Stripe::Checkout::Session.create``. Tried only
#: where its literal start occurs, after a non-word character (a search would try it at every character).
CLASS_METHOD_STARTS = ("stripe.", "Stripe::")
CLASS_METHOD = compiled_on_use(
    r"(?:stripe\.|Stripe::)(?P<path>(?:[a-z_]{1,30}\.|[A-Z]\w{0,30}::)?[A-Z]\w{0,40})\.(?P<method>[a-z_]\w{0,40})\b"
)
#: PHP: ``\Stripe\Customer::create(``, ``Stripe\Checkout\Session::retrieve(``.
PHP_STATIC = compiled_on_use(r"\\?Stripe\\(?P<path>(?:\w{1,30}\\)?\w{1,40})::(?P<method>\w{1,40})\s*\(")
GO_IMPORT = compiled_on_use(
    r"(?m)^\s*(?:import\s+)?(?P<alias>[A-Za-z_]\w*\s+)?\"github\.com/stripe/stripe-go(?:/v\d+)?/(?P<path>[a-z/]+)\""
)
JAVA_IMPORT = compiled_on_use(r"(?m)^\s*import\s+com\.stripe\.model\.(?P<path>(?:[a-z]+\.)?(?P<cls>[A-Z]\w+))\s*;?")
DOTNET_SERVICE = compiled_on_use(r"new\s+(?:Stripe\.)?(?P<ns>(?:Checkout|BillingPortal)\.)?(?P<service>\w{1,40}Service)\s*\(")
DOTNET_VARIABLE = compiled_on_use(
    r"(?:var|[A-Z]\w*Service)\s+(?P<var>\w+)\s*=\s*new\s+(?:Stripe\.)?(?P<ns>(?:Checkout|BillingPortal)\.)?(?P<service>\w{1,40}Service)\s*\("
)
HTTP = compiled_on_use(r"https://api\.stripe\.com(?P<path>/v1/[A-Za-z0-9_/{}$.-]{1,120})")
_VERB = compiled_on_use(
    r"""(?:method\s*[:=]>?\s*["'`]|\b(?:requests|httpx|axios|session|client|http|Net::HTTP)\.|\bcurl\s+-X\s*|-X\s+|Http)(?P<verb>get|post|delete|put|patch|Get|Post|Delete|GET|POST|DELETE|PUT|PATCH)\b"""
)


#: How code reads an environment variable, up to the variable's name: ``process.env.X``,
#: ``os.environ["X"]``, ``os.getenv("X")``, ``ENV.fetch("X")``, ``System.getenv("X")``, ``os.Getenv("X")``,
#: ``Environment.GetEnvironmentVariable("X")``. Matched backwards from each ``STRIPE`` in the file.
ENV_READ = compiled_on_use(
    r"""(?:(?:process\.env|import\.meta\.env)\."""
    r"""|(?:process\.env|import\.meta\.env|environ|ENV|\$_ENV|\$_SERVER)\[\s*["']"""
    r"""|(?:getenv|Getenv|environ\.get|ENV\.fetch|\benv|GetEnvironmentVariable|LookupEnv)\(\s*["'])\w*$"""
)
_NAME_END = compiled_on_use(r"\W|$")


def key_reads(path: str, content: str) -> list[Signal]:
    """The Stripe key variables a code file reads: they link its component to the keys configured for it."""
    if LANGUAGES.get(splitext(path)[1].lower()) is None:
        return []
    lines, found, at = Lines(content), [], content.find("STRIPE")
    while at >= 0:
        reader = ENV_READ.search(content, max(0, at - 60), at)
        name_end = _NAME_END.search(content, at)
        assert name_end is not None  # r"\W|$" matches at the end of the content at the latest
        end = name_end.start()
        if reader is not None:
            found.append(Signal(path, lines.at(at), "stripe_key_read", content[_name_start(content, at) : end]))
        at = content.find("STRIPE", end)
    return found


def _name_start(content: str, at: int) -> int:
    while at > 0 and (content[at - 1].isalnum() or content[at - 1] == "_"):
        at -= 1
    return at


def read(path: str, content: str) -> list[StripeCall]:
    language = LANGUAGES.get(splitext(path)[1].lower())
    if language is None or ("tripe" not in content and "TRIPE" not in content):
        return []  # code that calls Stripe names it: an import, a client, the API's host
    lines = Lines(content)
    found = [*_chained(path, content, lines), *_http(path, content, lines)]
    if language in ("python", "ruby"):
        found += _class_methods(path, content, lines)
    elif language == "php":
        found += _php_static(path, content, lines)
    elif language == "go":
        found += _go(path, content, lines)
    elif language == "java":
        found += _java(path, content, lines)
    elif language == "dotnet":
        found += _dotnet(path, content, lines)
    unique = {(call.line, call.call): call for call in found}
    return sorted(unique.values(), key=lambda call: (call.line, call.call))


def _call(path: str, line: int, written: str, resource_name: str | None, method: str) -> StripeCall | None:
    """A call as the SDK spells it, judged: None when it is no API call (a webhook helper, an error class)."""
    parts = [part for part in re.split(r"\.|->|::|\\|\(\)", resource_name or "") if part and part.lower() != "v1"]
    if any(part.lower() in NOT_RESOURCES for part in parts):
        return None
    for index, part in enumerate(parts):  # stripe.customers.list().autoPagingEach(): the call is list
        if method_access(part) is not None:
            parts, method, written = parts[:index], part, written[: written.find(part) + len(part)]
            break
    access = method_access(method)
    if access is None:
        return None  # not a method that talks to the API (a helper, a property): nothing to judge
    if resource_name is None:
        return StripeCall(path, line, written, None, access, "the resource is chosen at run time")
    resource = resource_named(".".join(parts))
    if resource is None:
        return StripeCall(path, line, written, None, access, f"golive does not know the resource {'.'.join(parts)!r}")
    return StripeCall(path, line, written, resource.name, access)


def _chained(path: str, content: str, lines: Lines) -> Iterator[StripeCall]:
    for match in _method_calls(content):
        if method_access(match.group("method")) is None:
            continue
        line_start = content.rfind("\n", max(0, match.start() - RECEIVER_REACH), match.start()) + 1
        receiver = RECEIVER.search(content, max(line_start, match.start() - RECEIVER_REACH), match.start())
        if receiver is None:
            continue
        written = content[receiver.start() : match.end()].rstrip("( ")
        call = _call(path, lines.at(match.start()), written, receiver.group("path"), match.group("method"))
        if call is not None:
            yield call


def _method_calls(content: str) -> Iterator[re.Match[str]]:
    """METHOD_CALL's matches that a receiver can precede: those starting at most RECEIVER_REACH characters
    after a literal that every receiver holds. A file's other method calls, most of them, are never
    tried. No match starts inside another, so these are exactly the matches of a whole-file finditer
    there; and each stretch of the file is searched once, however many literals it holds."""
    spans: list[list[int]] = []
    for at in sorted(
        at for literal in RECEIVER_LITERALS for at in occurrences(content, literal) if _may_be_client(content, at, literal)
    ):
        if spans and at <= spans[-1][1]:
            spans[-1][1] = at + RECEIVER_REACH
        else:
            spans.append([at, at + RECEIVER_REACH])
    done = 0
    for low, high in spans:
        # `->` and the letter after it: a start at ``high`` is still seen whole.
        for start in _CALL_START.finditer(content, max(low, done), min(len(content), high + len("->x"))):
            if start.start() > high:
                continue
            match = METHOD_CALL.match(content, start.start())
            if match:
                done = match.end()
                yield match


def _may_be_client(content: str, at: int, literal: str) -> bool:
    """``client`` and ``sc`` are receivers only as words of their own (``sc.V1…``, not ``desc.``); any
    name holding ``tripe`` may be one."""
    return literal == "tripe" or at == 0 or not (content[at - 1].isalnum() or content[at - 1] == "_")


def _class_methods(path: str, content: str, lines: Lines) -> Iterator[StripeCall]:
    for start in sorted(at for literal in CLASS_METHOD_STARTS for at in occurrences(content, literal)):
        match = CLASS_METHOD.match(content, start)
        if match is None or (start > 0 and (content[start - 1].isalnum() or content[start - 1] == "_")):
            continue
        call = _call(path, lines.at(match.start()), match.group(0), match.group("path"), match.group("method"))
        if call is not None:
            yield call


def _php_static(path: str, content: str, lines: Lines) -> Iterator[StripeCall]:
    for match in PHP_STATIC.finditer(content):
        call = _call(path, lines.at(match.start()), match.group(0).rstrip("( "), match.group("path"), match.group("method"))
        if call is not None:
            yield call


def _go(path: str, content: str, lines: Lines) -> Iterator[StripeCall]:
    packages = {}
    for match in GO_IMPORT.finditer(content):
        alias = (match.group("alias") or "").strip() or match.group("path").rsplit("/", 1)[-1]
        packages[alias] = match.group("path")
    if not packages:
        return
    calls = re.compile(rf"\b(?P<alias>{'|'.join(map(re.escape, packages))})\.(?P<method>[A-Z]\w{{0,40}})\s*\(")
    for match in calls.finditer(content):
        call = _call(
            path, lines.at(match.start()), match.group(0).rstrip("( "), packages[match.group("alias")], match.group("method")
        )
        if call is not None:
            yield call


def _java(path: str, content: str, lines: Lines) -> Iterator[StripeCall]:
    classes = {match.group("cls"): match.group("path") for match in JAVA_IMPORT.finditer(content)}
    if not classes:
        return
    calls = re.compile(rf"(?<![\w.])(?P<cls>{'|'.join(map(re.escape, classes))})\.(?P<method>[a-z]\w{{0,40}})\s*\(")
    for match in calls.finditer(content):
        call = _call(
            path, lines.at(match.start()), match.group(0).rstrip("( "), classes[match.group("cls")], match.group("method")
        )
        if call is not None:
            yield call


def _dotnet(path: str, content: str, lines: Lines) -> Iterator[StripeCall]:
    namespaces = {ns for ns in ("Checkout", "BillingPortal") if f"Stripe.{ns}" in content}

    def resource(ns: str | None, service: str) -> str | None:
        if service == "SessionService" and not ns:
            return f"{namespaces.pop()}.Session" if len(namespaces) == 1 else None  # ambiguous without its namespace
        return f"{ns or ''}{service}"

    for match in re.finditer(rf"{DOTNET_SERVICE.pattern}\)\s*\.(?P<method>[A-Z]\w{{0,40}})\s*\(", content):
        call = _call(
            path,
            lines.at(match.start()),
            match.group(0).rstrip("( "),
            resource(match.group("ns"), match.group("service")),
            match.group("method"),
        )
        if call is not None:
            yield call
    for match in DOTNET_VARIABLE.finditer(content):
        name = resource(match.group("ns"), match.group("service"))
        for use in re.finditer(rf"\b{re.escape(match.group('var'))}\.(?P<method>[A-Z]\w{{0,40}})\s*\(", content[match.end() :]):
            offset = match.end() + use.start()
            call = _call(path, lines.at(offset), f"{match.group('service')}.{use.group('method')}", name, use.group("method"))
            if call is not None:
                yield call


def _http(path: str, content: str, lines: Lines) -> Iterator[StripeCall]:
    for match in HTTP.finditer(content):
        api_path = re.sub(r"[{$].*", "", match.group("path")).rstrip("/.")
        verb = _verb(content, match.start(), match.end())
        line, resource, written = lines.at(match.start()), resource_at(api_path), f"{verb} {match.group('path')}"
        if resource is None:
            yield StripeCall(path, line, written, None, http_access(verb), f"golive does not know the API path {api_path}")
        else:
            yield StripeCall(path, line, written, resource.name, http_access(verb))


def _verb(content: str, start: int, end: int) -> str:
    """The request's verb: the last one named on the URL's line before it (``requests.post(url``), else
    the first within the call's options after it (``fetch(url, {method: "POST"})``), else GET."""
    before = list(_VERB.finditer(content, content.rfind("\n", 0, start) + 1, start))
    if before:
        return before[-1].group("verb").upper()
    after = _VERB.search(content, end, min(len(content), end + 300))
    return after.group("verb").upper() if after else "GET"
