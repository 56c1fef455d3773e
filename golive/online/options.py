"""Where ``--online`` sends keys and how hard it may push: the API base and the request limits.

The base comes only from the ``GOLIVE_STRIPE_API_BASE`` environment variable, never from golive.toml:
the tree being checked must not be able to send the deploy's keys somewhere else.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from golive.settings import ConfigError

STRIPE_API_BASE = "https://api.stripe.com"
BASE_VARIABLE = "GOLIVE_STRIPE_API_BASE"


@dataclass(frozen=True)
class OnlineOptions:
    """Defaults stay well under Stripe's rate limits (25 requests/s in a sandbox, 100 in live mode)."""

    base: str = STRIPE_API_BASE
    concurrency: int = 8  # requests in flight at once
    # Requests started per second, at most, per mode: Stripe limits each mode of an account separately.
    sandbox_rate: float = 10.0  # of 25/s
    live_rate: float = 40.0  # of 100/s
    timeout: float = 10.0  # seconds per request
    deadline: float = 60.0  # seconds for the whole verification
    retries: int = 3  # further attempts after a 429, a 5xx or a network error
    backoff: float = 0.5  # seconds before the first retry; doubles each time, with jitter
    max_backoff: float = 8.0

    @classmethod
    def from_environ(cls, environ: Mapping[str, str]) -> OnlineOptions:
        return cls(base=checked_base(environ.get(BASE_VARIABLE) or STRIPE_API_BASE))


def checked_base(url: str) -> str:
    """The base URL, if keys may go there: https anywhere, plain http only to this machine."""
    parts = urlsplit(url.strip())
    where = f"{BASE_VARIABLE}={url!r}"
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise ConfigError(f"{where} is not an http(s) URL")
    if parts.username or parts.password or parts.query or parts.fragment or parts.path not in ("", "/"):
        raise ConfigError(f"{where} must be a bare scheme://host[:port], like {STRIPE_API_BASE}")
    if parts.scheme == "http" and not _loopback_host(parts.hostname):
        raise ConfigError(f"{where} would send keys over plain http; only a loopback address may use http")
    return f"{parts.scheme}://{parts.netloc}"


def is_loopback(url: str) -> bool:
    return _loopback_host(urlsplit(url).hostname or "")


def _loopback_host(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
