"""A Stripe API double that speaks real HTTP on 127.0.0.1, for golive's online tests and bench/.

It answers the GET endpoints ``golive check --online`` calls with the JSON bodies and statuses
Stripe documents: 200 objects with ``livemode``, 401 ``Invalid API Key provided: sk_test_****1234``,
403 permission errors naming the ``rak_…`` permission and the account, 429 with
``Stripe-Should-Retry``, 500s. Faults a network can produce are injectable per key: slow or trickling
answers, dropped or reset connections, 5xx, malformed or too deeply nested JSON, a proxy's HTML error
page, a redirect to another host, a 100 MB body; and answers that look like Stripe's but are not: a
gateway's ``{"error": "Forbidden"}``, Stripe's permission error for a secret key or naming another
key, a 200 that is no Stripe object, and a server that echoes the key back in a disguise. Keys are
registered at run time (tests build them with keyfactory); a restricted key carries its permission
set (a ``_write`` permission grants the ``_read`` one too, as in the Dashboard), so scope probes meet
a real permission check. Every request is recorded, so tests can prove golive only reads.
"""

from __future__ import annotations

import base64
import functools
import gzip
import json
import socket
import struct
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

# What a restricted key needs to list each resource, as Stripe's permission errors name it.
READ_PERMISSIONS = {
    "/v1/balance": "rak_balance_read",
    "/v1/charges": "rak_charge_read",
    "/v1/checkout/sessions": "rak_checkout_session_read",
    "/v1/customers": "rak_customer_read",
    "/v1/disputes": "rak_dispute_read",
    "/v1/invoices": "rak_invoice_read",
    "/v1/payment_intents": "rak_payment_intent_read",
    "/v1/payouts": "rak_payout_read",
    "/v1/products": "rak_product_read",
    "/v1/refunds": "rak_refund_read",
    "/v1/subscriptions": "rak_subscription_read",
    "/v1/webhook_endpoints": "rak_webhook_read",
}
FAULTS = (
    "slow",
    "trickle",
    "drop",
    "reset",
    "malformed",
    "nested",
    "html",
    "redirect",
    "huge",
    "gzip-bomb",
    "long-error",
    "429",
    "500",
    "502",
    "503",
    "forbidden",
    "permission-error",
    "other-key-permission-error",
    "not-an-object",
    "echo",
)
HUGE_BYTES = 100 * 1024 * 1024  # what "huge" would send, were it read to the end
HTML_PAGE = b"<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1><hr>nginx</body></html>\n"


@dataclass
class Fault:
    """``kind`` from FAULTS; on ``path`` only (None: every path); the first ``times`` requests (None: all)."""

    kind: str
    path: str | None = None
    times: int | None = None
    seconds: float = 2.0  # how slow "slow" is; "trickle" waits this long between bytes
    status: int = 502  # the status "html" sends its page with, and the status of "echo"'s answer
    text: str = ""  # what "echo" puts in its answer: the key in a disguise

    def __post_init__(self) -> None:
        if self.kind not in FAULTS:
            raise ValueError(f"unknown fault {self.kind!r}")
        if self.kind == "gzip-bomb":
            _gzip_bomb()  # built now, not while golive's request waits for it

    def fires(self, path: str) -> bool:
        if self.path not in (None, path) or self.times == 0:
            return False
        if self.times is not None:
            self.times -= 1
        return True


@dataclass
class DoubleKey:
    value: str
    account: str
    permissions: frozenset[str] | None = None  # restricted keys: the rak_… read permissions granted
    fault: Fault | None = None

    @property
    def livemode(self) -> bool:
        return self.value.split("_")[1] == "live"

    def may(self, permission: str) -> bool:
        """Restricted keys only: Stripe's write permission includes the read one."""
        granted = self.permissions or frozenset()
        return permission in granted or permission.removesuffix("_read") + "_write" in granted


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    user_agent: str
    body_length: int


@dataclass
class StripeDouble:
    latency: float = 0.0  # seconds added to every answer
    keys: dict[str, DoubleKey] = field(default_factory=dict)
    endpoints: dict[str, list[dict]] = field(default_factory=dict)  # account -> webhook endpoint objects
    requests: list[Request] = field(default_factory=list)
    served_seconds: float = 0.0  # sum of the time spent answering: the sequential cost of the run
    max_in_flight: int = 0  # most requests answered at once

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._in_flight = 0
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def __enter__(self) -> StripeDouble:
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def add_key(self, value: str, account: str, permissions: set[str] | None = None, fault: Fault | None = None) -> str:
        self.keys[value] = DoubleKey(value, account, frozenset(permissions) if permissions is not None else None, fault)
        return value

    def add_endpoint(
        self,
        account: str,
        url: str,
        status: str = "enabled",
        livemode: bool = True,
        enabled_events: Iterable[str] = ("*",),
        api_version: str | None = None,
    ) -> dict:
        endpoints = self.endpoints.setdefault(account, [])
        endpoint = {
            "id": f"we_{account[5:13]}{len(endpoints):08d}",
            "object": "webhook_endpoint",
            "api_version": api_version,
            "application": None,
            "created": 1700000000,
            "description": None,
            "enabled_events": list(enabled_events),
            "livemode": livemode,
            "metadata": {},
            "status": status,
            "url": url,
        }
        endpoints.append(endpoint)
        return endpoint

    # --- answering ---

    def answer(self, handler: BaseHTTPRequestHandler) -> None:
        started = time.perf_counter()
        with self._lock:
            self._in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self._in_flight)
        try:
            self._answer(handler)
        finally:
            with self._lock:
                self._in_flight -= 1
                self.served_seconds += time.perf_counter() - started

    def _answer(self, handler: BaseHTTPRequestHandler) -> None:
        path = urlsplit(handler.path).path
        length = int(handler.headers.get("Content-Length") or 0)
        with self._lock:
            self.requests.append(Request(handler.command, handler.path, handler.headers.get("User-Agent", ""), length))
        if self.latency:
            time.sleep(self.latency)
        if handler.command != "GET":
            return _send(handler, 405, _error("invalid_request_error", f"The double only answers GET, not {handler.command}"))
        token = _token(handler.headers.get("Authorization", ""))
        key = self.keys.get(token)
        if key is not None and key.fault is not None and key.fault.fires(path) and self._fault(handler, key, path):
            return
        if key is None:
            return _send(handler, 401, _error("invalid_request_error", f"Invalid API Key provided: {_echo(token, 4)}"))
        if path == "/v1/account":
            if key.permissions is not None:
                return _send(
                    handler,
                    403,
                    _error(
                        "invalid_request_error",
                        (
                            f"The provided key '{_echo(key.value, 6)}' does not have the required permissions for this endpoint "
                            f"on account '{key.account}'. This is a restricted API key, but the required permissions are not "
                            "available for use by restricted keys."
                        ),
                    ),
                )
            return _send(handler, 200, _account(key.account))
        needed = READ_PERMISSIONS.get(path)
        if needed is None:
            return _send(handler, 404, _error("invalid_request_error", f"Unrecognized request URL (GET: {path})."))
        if key.permissions is not None and not key.may(needed):
            return _send(
                handler,
                403,
                _error(
                    "invalid_request_error",
                    (
                        f"The provided key '{_echo(key.value, 6)}' does not have the required permissions for this endpoint "
                        f"on account '{key.account}'. Having the '{needed}' permission would allow this request to continue."
                    ),
                ),
            )
        if path == "/v1/balance":
            return _send(
                handler,
                200,
                {
                    "object": "balance",
                    "available": [{"amount": 0, "currency": "usd", "source_types": {"card": 0}}],
                    "livemode": key.livemode,
                    "pending": [{"amount": 0, "currency": "usd", "source_types": {"card": 0}}],
                },
            )
        data = self.endpoints.get(key.account, []) if path == "/v1/webhook_endpoints" else []
        return _send(
            handler,
            200,
            {"object": "list", "data": [e for e in data if e["livemode"] == key.livemode], "has_more": False, "url": path},
        )

    def _fault(self, handler: BaseHTTPRequestHandler, key: DoubleKey, path: str) -> bool:
        """Act out the key's fault; False when the request should then be answered normally (a slow answer)."""
        fault = key.fault
        if fault.kind == "slow":
            time.sleep(fault.seconds)
            return False
        if fault.kind == "drop":
            handler.close_connection = True
            handler.connection.shutdown(socket.SHUT_RDWR)
        elif fault.kind == "trickle":
            body = json.dumps(_account(key.account)).encode()
            _stream(handler, 200, _slowly(body, fault.seconds), length=len(body))
        elif fault.kind == "reset":
            _reset_mid_body(handler)
        elif fault.kind == "malformed":
            _send(handler, 200, b'{"object": "account", "id": "acct_')
        elif fault.kind == "nested":
            _send(handler, 200, b"[" * 100_000 + b"]" * 100_000)
        elif fault.kind == "html":
            _send(handler, fault.status, HTML_PAGE, content_type="text/html; charset=utf-8")
        elif fault.kind == "redirect":
            _send(handler, 302, b"", {"Location": f"https://elsewhere.example{path}"})
        elif fault.kind == "huge":
            _stream(handler, 200, _flood(HUGE_BYTES), length=None)
        elif fault.kind == "gzip-bomb":  # 100 KB on the wire, 100 MB once inflated
            _send(handler, 200, _gzip_bomb(), {"Content-Encoding": "gzip"})
        elif fault.kind == "long-error":  # a 401 whose message is 200 KB long, under the size cap
            _send(handler, 401, _error("invalid_request_error", "Invalid API Key provided. " + "x" * 200_000))
        elif fault.kind == "forbidden":  # a gateway or WAF in front of the API
            _send(handler, 403, {"error": "Forbidden"})
        elif fault.kind in ("permission-error", "other-key-permission-error"):
            shown = key.value if fault.kind == "permission-error" else key.value[:-6] + "zzzzzz"
            _send(
                handler,
                403,
                _error(
                    "invalid_request_error",
                    (
                        f"The provided key '{_echo(shown, 6)}' does not have the required permissions for this endpoint on "
                        f"account '{key.account}'. Having the '{READ_PERMISSIONS.get(path, 'rak_account_read')}' permission "
                        "would allow this request to continue."
                    ),
                ),
            )
        elif fault.kind == "not-an-object":
            _send(handler, 200, {"ok": True})
        elif fault.kind == "echo":
            _send(handler, *_echoed(fault, path))
        elif fault.kind == "429":
            _send(
                handler,
                429,
                _error(
                    "invalid_request_error",
                    "Too many requests hit the API too quickly. We recommend an exponential backoff of your requests.",
                    code="rate_limit",
                ),
                {"Stripe-Should-Retry": "true"},
            )
        else:
            _send(handler, int(fault.kind), _error("api_error", "An unknown error occurred"))
        return True


def _echoed(fault: Fault, path: str) -> tuple[int, dict | bytes, dict[str, str]]:
    """An answer that repeats ``fault.text`` (the key, disguised) where the status puts text: a 401's message,
    a gateway's 403, a redirect's Location, a 500's message, a 200's webhook endpoint URL."""
    if fault.status == 401:
        return 401, _error("invalid_request_error", f"Invalid API Key provided: {fault.text}"), {}
    if fault.status == 302:
        return 302, b"", {"Location": f"https://{fault.text}.collector.example{path}"}
    if fault.status == 200:
        endpoint = {
            "id": "we_echo",
            "object": "webhook_endpoint",
            "livemode": True,
            "status": "disabled",
            "url": f"https://shop.example/api/stripe/webhook?token={fault.text}",
        }
        return 200, {"object": "list", "data": [endpoint], "has_more": False, "url": path}, {}
    if fault.status == 403:
        return 403, {"error": f"Forbidden: {fault.text}"}, {}
    return fault.status, _error("api_error", f"An unknown error occurred for {fault.text}"), {}


def _handler_for(double: StripeDouble) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as api.stripe.com

        def do_GET(self) -> None:  # noqa: N802 - http.server's naming
            double.answer(self)

        do_POST = do_DELETE = do_GET  # answered 405, and recorded: tests prove golive never sends them

        def log_message(self, *args: object) -> None:
            """Quiet: the test output is golive's, not the double's."""

    return Handler


@functools.cache
def _gzip_bomb() -> bytes:
    return gzip.compress(b" " * HUGE_BYTES, compresslevel=9)


def _send(
    handler: BaseHTTPRequestHandler,
    status: int,
    body: dict | bytes,
    headers: dict[str, str] | None = None,
    content_type: str = "application/json",
) -> None:
    payload = body if isinstance(body, bytes) else json.dumps(body).encode()
    handler.send_response(status)
    handler.send_header("Content-Type", content_type)
    handler.send_header("Content-Length", str(len(payload)))
    handler.send_header("Request-Id", "req_double")
    for name, value in (headers or {}).items():
        handler.send_header(name, value)
    handler.end_headers()
    handler.wfile.write(payload)


def _stream(handler: BaseHTTPRequestHandler, status: int, pieces: Iterable[bytes], length: int | None) -> None:
    """Send a body piece by piece as it is made, chunked when ``length`` is None; stop when golive hangs up."""
    chunked = length is None
    handler.send_response(status)
    handler.send_header("Content-Type", "application/json")
    handler.send_header(*(("Transfer-Encoding", "chunked") if chunked else ("Content-Length", str(length))))
    handler.end_headers()
    try:
        for piece in pieces:
            handler.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece) if chunked else piece)
        if chunked:
            handler.wfile.write(b"0\r\n\r\n")
    except ConnectionError:  # golive stopped reading, as it should
        handler.close_connection = True


def _slowly(body: bytes, pause: float) -> Iterator[bytes]:
    """One byte at a time: every read gets something soon, the whole answer takes long."""
    for index in range(len(body)):
        time.sleep(pause)
        yield body[index : index + 1]


def _flood(size: int) -> Iterator[bytes]:
    """One JSON object of ``size`` bytes, made 64 KiB at a time so the double never holds it."""
    piece = b"x" * 65536
    yield b'{"object": "list", "data": "'
    for _ in range(size // len(piece)):
        yield piece
    yield b'"}'


def _reset_mid_body(handler: BaseHTTPRequestHandler) -> None:
    """Headers and part of the body, then a TCP reset (SO_LINGER 0), as a crashing proxy leaves it."""
    handler.send_response(200)
    handler.send_header("Content-Type", "application/json")
    handler.send_header("Content-Length", "4096")
    handler.end_headers()
    handler.wfile.write(b'{"object": "account", "id": "acct_')
    handler.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    handler.connection.close()
    handler.close_connection = True


def _error(kind: str, message: str, code: str | None = None) -> dict:
    error = {"type": kind, "message": message}
    if code:
        error["code"] = code
    return {"error": error}


def _account(account: str) -> dict:
    return {
        "id": account,
        "object": "account",
        "business_profile": {"name": "Double Shop", "url": "https://shop.example"},
        "business_type": "company",
        "charges_enabled": True,
        "country": "US",
        "default_currency": "usd",
        "details_submitted": True,
        "email": "owner@shop.example",
        "payouts_enabled": True,
        "type": "standard",
    }


def _token(authorization: str) -> str:
    scheme, _, credential = authorization.partition(" ")
    if scheme.lower() == "basic":
        return base64.b64decode(credential).decode().partition(":")[0]
    return credential if scheme.lower() == "bearer" else ""


def _echo(key: str, visible: int) -> str:
    """How Stripe echoes a key in an error: prefix, stars, and the last characters."""
    prefix = "_".join(key.split("_")[:2]) + "_" if key.count("_") >= 2 else ""
    body = key[len(prefix) :]
    return f"{prefix}{'*' * max(len(body) - visible, 4)}{body[-visible:]}"
