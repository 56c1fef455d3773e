"""Which registered webhook endpoints belong to the app: those at the URLs golive's config declares."""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from golive.api import NotRun
from golive.environments import Env
from golive.inventory import StripeValue
from golive.keys import Kind
from golive.online.facts import KeyStatus, WebhookEndpoint, verified_items

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


def require_listing(ctx: Context) -> None:
    """NotRun when the app's endpoints cannot be told: production verifies webhooks but golive's config
    declares no endpoint URL, or no production key could list the account's endpoints."""
    declared = ctx.settings.webhooks.endpoints
    if not declared:
        signing = sorted({i.variable or i.where for i in ctx.inventory.where(Env.PRODUCTION) if i.kind is Kind.WEBHOOK_SECRET})
        if signing:
            raise NotRun(
                f"production verifies webhooks ({', '.join(signing[:3])}), but golive's config declares no "
                "[webhooks] endpoints: golive cannot tell the app's endpoints from the account's others"
            )
        return
    listed = [
        facts
        for item, facts in verified_items(ctx)
        if item.environment is Env.PRODUCTION
        and facts is not None
        and facts.status is KeyStatus.VALID
        and facts.webhook_endpoints is not None
    ]
    if not listed:
        raise NotRun(
            f"no production key could list webhook endpoints (a restricted key needs rak_webhook_read; "
            f"a listing that went unanswered is in GL902), so {', '.join(declared)} went unchecked"
        )


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
