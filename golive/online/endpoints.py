"""Which registered webhook endpoints belong to the app: those at the URLs golive's config declares."""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from golive.inventory import Env, StripeValue
from golive.online.facts import WebhookEndpoint, verified_items

if TYPE_CHECKING:
    from golive.api import Context


def live_app_endpoints(ctx: Context) -> list[tuple[StripeValue, WebhookEndpoint]]:
    """Live endpoints at a declared URL, each once, with the production key whose account lists it.

    The scheme is ignored on purpose: ``http://shop.example/hook`` registered for a declared
    ``https://shop.example/hook`` is the app's endpoint, and exactly what GL403 must see.
    """
    declared = [_place(url) for url in ctx.settings.webhooks.endpoints]
    found: dict[str, tuple[StripeValue, WebhookEndpoint]] = {}
    for item, facts in verified_items(ctx):
        if item.environment is not Env.PRODUCTION or facts is None or facts.webhook_endpoints is None:
            continue
        for endpoint in facts.webhook_endpoints:
            if endpoint.livemode and endpoint.id not in found and _declared(endpoint.url, declared):
                found[endpoint.id] = (item, endpoint)
    return sorted(found.values(), key=lambda pair: (pair[1].url, pair[1].id))


def _place(url: str) -> tuple[str, str]:
    """(host, path) of a URL; a declared entry may omit the scheme, or be a bare path (any host)."""
    text = url.strip()
    if not text.startswith("/") and "://" not in text:
        text = "//" + text
    parts = urlsplit(text)
    return (parts.hostname or "").lower(), parts.path.rstrip("/") or "/"


def _declared(url: str, declared: list[tuple[str, str]]) -> bool:
    host, path = _place(url)
    return any(path == want_path and want_host in ("", host) for want_host, want_path in declared)
