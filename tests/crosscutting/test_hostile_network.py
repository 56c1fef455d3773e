"""``golive check --online`` when the network or the server misbehaves: every way an answer can fail
ends in GL902 for the keys it hit, says what happened in words, ends on its own before the configured
deadline, exits 1, and never shows a key."""

from __future__ import annotations

import json
import socket
from dataclasses import replace

import pytest
from keyfactory import account_of, key
from stripe_double import Fault
from typer.testing import CliRunner

from golive.cli import app
from golive.keys import redact
from golive.online.options import OnlineOptions

SK = key("sk", "live", seed="shop")  # line 1: answered normally unless the whole network fails
RK = key("rk", "live", seed="shop")  # line 2: the key the double's faults hit
ACCOUNT = account_of(SK)
ENV = f"STRIPE_SECRET_KEY={SK}\nSTRIPE_RESTRICTED_KEY={RK}\n"
SCOPE = '[restricted_keys.STRIPE_RESTRICTED_KEY]\npermissions = { charges = "read" }\n'
# Short per-attempt limit, few quick retries, pacing lifted; the deadline is far above what any fault needs.
LIMITS = {
    "timeout": 0.3,
    "deadline": 10.0,
    "retries": 2,
    "backoff": 0.01,
    "max_backoff": 0.02,
    "sandbox_rate": 1000.0,
    "live_rate": 1000.0,
}
REFUSED, TLS = "connection refused", "TLS to a plain-HTTP port"  # faults of the whole network, not of one key

CASES = [
    pytest.param(Fault("slow", seconds=1.0), "no answer within 0.3s, 3 attempts", id="timeout"),
    pytest.param(Fault("trickle", seconds=0.05), "no answer within 0.3s, 3 attempts", id="trickled-answer"),
    pytest.param(REFUSED, "connection refused, 3 attempts", id="connection-refused"),
    pytest.param(Fault("drop"), "the server closed the connection without a complete answer, 3 attempts", id="dropped"),
    pytest.param(Fault("reset"), "connection reset by the server, 3 attempts", id="reset-mid-body"),
    pytest.param(TLS, "TLS handshake failed (", id="tls-failure"),  # then OpenSSL's reason, which varies by version
    pytest.param(Fault("429"), "rate limited (429), 3 attempts", id="429-storm"),
    pytest.param(Fault("500"), "Stripe answered 500, 3 attempts", id="500"),
    pytest.param(Fault("502"), "Stripe answered 502, 3 attempts", id="502"),
    pytest.param(Fault("503"), "Stripe answered 503, 3 attempts", id="503"),
    pytest.param(Fault("malformed"), "answered 200 with a body that is not JSON, not a Stripe API answer", id="malformed-json"),
    pytest.param(
        Fault("nested"), "answered 200 with JSON nested too deep to read, not a Stripe API answer", id="deeply-nested-json"
    ),
    pytest.param(Fault("html"), "answered 502 with an HTML page, not a Stripe API answer, 3 attempts", id="html-502"),
    pytest.param(Fault("html", status=200), "answered 200 with an HTML page, not a Stripe API answer", id="html-200"),
    pytest.param(
        Fault("redirect"),
        "answered 302, a redirect to https://elsewhere.example; golive never follows redirects",
        id="redirect-to-another-host",
    ),
    pytest.param(Fault("huge"), "answer larger than 1 MiB (status 200); golive stopped reading", id="100-mb-body"),
    pytest.param(
        Fault("gzip-bomb"), "answered with a gzip-encoded body golive did not ask for, not a Stripe API answer", id="gzip-bomb"
    ),
]


@pytest.fixture(autouse=True)
def short_limits(monkeypatch):
    """The CLI takes its limits from OnlineOptions.from_environ; shorten them so each fault resolves in tenths of a second."""
    from_environ = OnlineOptions.from_environ
    monkeypatch.setattr(OnlineOptions, "from_environ", lambda environ: replace(from_environ(environ), **LIMITS))


@pytest.fixture
def app_root(tmp_path):
    root = tmp_path / "app"
    root.mkdir()
    (root / ".env.production").write_text(ENV)
    (root / "golive.toml").write_text(SCOPE)
    return root


@pytest.fixture
def unlistened_port():
    """A port bound but never listened on: connecting to it is refused, and nothing else can take it meanwhile."""
    with socket.socket() as bound:
        bound.bind(("127.0.0.1", 0))
        yield bound.getsockname()[1]


def check_online(root, base):
    report = root.parent / "report.json"
    result = CliRunner().invoke(
        app, ["check", str(root), "--online", "-f", "json", "-o", str(report), "-f", "text"], env={"GOLIVE_STRIPE_API_BASE": base}
    )
    return result, report.read_text() if report.exists() else ""


def test_the_tree_is_ready_when_stripe_answers(stripe, app_root):
    """The baseline for every case below: only the fault can make this tree not ready."""
    stripe.add_key(SK, ACCOUNT)
    stripe.add_key(RK, ACCOUNT, {"rak_charge_read"})
    result, _ = check_online(app_root, stripe.url)
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(("fault", "words"), CASES)
def test_every_network_fault_ends_in_gl902(stripe, app_root, unlistened_port, fault, words):
    one_key = isinstance(fault, Fault)
    stripe.add_key(SK, ACCOUNT)
    stripe.add_key(RK, ACCOUNT, {"rak_charge_read"}, fault=fault if one_key else None)
    if one_key:
        base, affected = stripe.url, {2: RK}
    else:
        base = f"http://127.0.0.1:{unlistened_port}" if fault == REFUSED else stripe.url.replace("http://", "https://")
        affected = {1: SK, 2: RK}

    result, report_text = check_online(app_root, base)

    assert result.exit_code == 1, result.output
    report = json.loads(report_text)
    assert (report["ready"], report["exit_code"]) == (False, 1)
    gl902 = {(f["path"], f["line"]): f["message"] for f in report["findings"] if f["check_id"] == "GL902"}
    assert set(gl902) == {(".env.production", line) for line in affected}
    for line, value in affected.items():
        message = gl902[(".env.production", line)]
        # The fault's own words, not the deadline's: this key's verification ended on its own, before the deadline.
        assert message.startswith(f"{value[:7]} key {redact(value)} could not be verified: GET /v1/account: {words}")
        assert "deadline" not in message and message in result.stdout
    for output in (result.stdout, result.stderr, report_text):
        for value in (SK, RK):
            assert value not in output and value[-6:] not in output


def test_a_long_error_message_is_cut_short(stripe, app_root):
    stripe.add_key(SK, ACCOUNT)
    stripe.add_key(RK, ACCOUNT, {"rak_charge_read"}, fault=Fault("long-error"))

    result, report_text = check_online(app_root, stripe.url)

    assert result.exit_code == 1, result.output
    (rejected,) = [f for f in json.loads(report_text)["findings"] if f["check_id"] == "GL106"]
    assert (rejected["path"], rejected["line"]) == (".env.production", 2)
    assert "Invalid API Key provided." in rejected["message"] and "… (cut)" in rejected["message"]
    assert len(rejected["message"]) < 1000 and len(result.stdout) < 20_000
