"""golive: is this Stripe integration safe to go live?

The public API for check plugins is re-exported here; everything else is internal. The names load on
first use, so that ``golive --version`` and ``--help`` do not pay for the whole pipeline.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_EXPORTS = {
    "CheckSpec": "golive.api",
    "Context": "golive.api",
    "Finding": "golive.api",
    "Severity": "golive.api",
    "finding": "golive.api",
    "NotRun": "golive.api",
    "Env": "golive.environments",
    "Exposure": "golive.environments",
    "Inventory": "golive.inventory",
    "StripeValue": "golive.inventory",
    "Kind": "golive.keys",
    "Status": "golive.keys",
    "StripeKey": "golive.keys",
    "classify": "golive.keys",
    "redact": "golive.keys",
    "Signal": "golive.sources",
    "ComponentScope": "golive.scopes",
    "declared_scope": "golive.scopes",
    "grants": "golive.scopes",
    "permission_name": "golive.permissions",
    "named_mode": "golive.keys",
    "named_kind": "golive.keys",
    "live_app_endpoints": "golive.online.endpoints",
    "require_listing": "golive.online.endpoints",
    "require_answers": "golive.online.facts",
    "KeyStatus": "golive.online.facts",
    "compare_accounts": "golive.online.accounts",
    "mentions_stripe": "golive.sources",
    "probed_keys": "golive.online.scopes",
    "require_sent": "golive.online.facts",
    "unneeded_reads": "golive.online.code_scope",
    "unprobed_keys": "golive.online.scopes",
    "verified_items": "golive.online.facts",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'golive' has no attribute {name!r}")
    return getattr(importlib.import_module(_EXPORTS[name]), name)
