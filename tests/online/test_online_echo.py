"""Never a key echoed back: a server or proxy that repeats the key golive sent, in any disguise (its body
without the prefix, any case, separators between its characters, URL-, double-URL-, HTML- or
JSON-escaped, full-width, a slice of it), through the Stripe double over real HTTP, in a 401's
message, a gateway's 403, a 500, a 200's webhook endpoint or a redirect's Location: no 8 consecutive
characters of the key's body survive in any report format.

The first 17 characters of a current-format key's body are ``5`` and the account id Stripe names in its
answers: they are public, and the runs that count are those of the secret characters after them."""

from __future__ import annotations

import html
import re
import tempfile
import unicodedata
from pathlib import Path
from urllib.parse import unquote

import pytest
from helpers import checks
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from keyfactory import account_of, key
from stripe_double import Fault, StripeDouble

from golive.online.echoes import KeyEcho, public_length
from golive.online.options import OnlineOptions
from golive.reporters import RENDERERS, render
from golive.runner import check_tree
from golive.settings import load_settings

FAST = {
    "timeout": 1.0,
    "deadline": 20.0,
    "retries": 1,
    "backoff": 0.01,
    "max_backoff": 0.02,
    "sandbox_rate": 1000.0,
    "live_rate": 1000.0,
}
WEBHOOKS = '[webhooks]\nendpoints = ["https://shop.example/api/stripe/webhook"]\n'
SEPARATORS = ["", " ", "-", ".", "_", "*", "/", ":", " - ", "%20", "\t", "\n", "\u200b", "·", "\\"]
ASCII_SEPARATORS = ["", "-", ".", "_", "*", ":", "%20", "%2D"]


@pytest.fixture(scope="module")
def double():
    with StripeDouble() as running:
        yield running


def secret_runs(value: str) -> set[str]:
    """Every run of 8 consecutive body characters past the public account id, case folded."""
    body = value.split("_", 2)[2].casefold()
    public = public_length(value)
    return {body[i : i + 8] for i in range(public, len(body) - 7)}


def spelled(text: str) -> str:
    """What a text spells once every encoding is undone and every separator dropped: a reader's best effort."""
    text = unicodedata.normalize("NFKC", text)
    for _ in range(3):
        text = unquote(html.unescape(text))
        text = re.sub(r"\\u([0-9A-Fa-f]{4})|\\x([0-9A-Fa-f]{2})", lambda m: chr(int(m.group(1) or m.group(2), 16)), text)
    return re.sub(r"[^0-9a-z]+", "", unicodedata.normalize("NFKD", text).casefold())


@st.composite
def disguises(draw, value: str, ascii_only: bool = False) -> str:
    body = value.split("_", 2)[2]
    public = public_length(value)
    part = draw(st.sampled_from(["key", "body", "slice"]))
    if part == "key":
        text = value
    elif part == "body":
        text = body
    else:
        start = draw(st.integers(max(0, public - 7), len(body) - 8))
        text = body[start : draw(st.integers(max(start, public) + 8, len(body)))]
    text = draw(st.sampled_from([str, str.upper, str.lower, str.swapcase]))(text)
    separator = draw(st.sampled_from(ASCII_SEPARATORS if ascii_only else SEPARATORS))
    if separator:
        text = separator.join(text)
    encodings = ["none", "url", "url-lower", "url-twice", "url-some", "html", "html-hex"]
    if not ascii_only:
        encodings += ["json-u", "fullwidth"]
    encoding = draw(st.sampled_from(encodings))
    if encoding == "url":
        text = "".join(f"%{ord(c):02X}" if c.isalnum() else c for c in text)
    elif encoding == "url-lower":
        text = "".join(f"%{ord(c):02x}" if c.isalnum() else c for c in text)
    elif encoding == "url-twice":
        text = "".join(f"%25{ord(c):02X}" if c.isalnum() else c for c in text)
    elif encoding == "url-some":
        chosen = draw(st.lists(st.booleans(), min_size=len(text), max_size=len(text)))
        text = "".join(f"%{ord(c):02X}" if pick and c.isalnum() else c for c, pick in zip(text, chosen, strict=True))
    elif encoding == "html":
        text = "".join(f"&#{ord(c)};" if c.isalnum() else c for c in text)
    elif encoding == "html-hex":
        text = "".join(f"&#x{ord(c):x};" if c.isalnum() else c for c in text)
    elif encoding == "json-u":
        text = "".join(f"\\u{ord(c):04x}" if c.isalnum() else c for c in text)
    elif encoding == "fullwidth":
        text = "".join(chr(ord(c) + 0xFEE0) if c.isascii() and c.isalnum() else c for c in text)
    return text


@st.composite
def echoes(draw):
    value = key(
        draw(st.sampled_from(["sk", "rk"])),
        draw(st.sampled_from(["live", "test"])),
        seed=draw(st.text("abcdefghij0123456789", min_size=1, max_size=8)),
        style=draw(st.sampled_from(["current", "legacy"])),
    )
    status = draw(st.sampled_from([401, 403, 500, 200, 302]))
    return value, status, draw(disguises(value, ascii_only=status == 302))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(echo=echoes())
def test_no_run_of_a_key_survives_an_echo_in_any_format(double, echo):
    value, status, text = echo
    runs = secret_runs(value)
    assert any(run in spelled(text) for run in runs), "the disguise must hold the key, or the test proves nothing"
    double.add_key(
        value,
        account_of(value),
        {"rak_charge_read"} if value.startswith("rk_") else None,
        fault=Fault("echo", status=status, text=text),
    )
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / ".env.production").write_text(f"STRIPE_KEY_UNDER_TEST={value}\n")
        (root / "golive.toml").write_text(WEBHOOKS)
        report = check_tree(root, load_settings(root), checks(), online=OnlineOptions(base=double.url, **FAST))
    assert any(f.check_id == "GL902" for f in report.findings)
    for fmt in RENDERERS:
        output = render(report, fmt)
        for reading in (output.casefold(), spelled(output)):
            survivors = [run for run in runs if run in reading]
            assert not survivors, (fmt, status, text[:80], survivors)


def test_the_remover_takes_out_a_disguised_key_and_keeps_the_rest():
    value = key("sk", "live", seed="echo")
    body = value.split("_", 2)[2]
    echo = KeyEcho(value)
    said = echo.remove(f"Invalid API Key provided: {' '.join(body.upper())}; see https://stripe.com/docs")
    assert said == f"Invalid API Key provided: …{body[-4:]}; see https://stripe.com/docs"
    assert (
        echo.remove(f"The provided key 'sk_live_****{body[-6:]}' on account '{account_of(value)}'")
        == f"The provided key 'sk_live_****{body[-6:]}' on account '{account_of(value)}'"
    )  # Stripe's own echo and the account stay
    assert echo.remove("line\nbreak") == "line break"
