"""The read probes golive runs with a restricted key, and how it reads Stripe's permission errors.

Each probe is one side-effect-free ``GET`` list request. A 200 means the key holds the read
permission; a 403 permission error means it does not, names the missing permission
(``Having the 'rak_charge_read' permission would allow this request to continue``) and the account
(``on account 'acct_…'``), and proves the key itself is valid.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_PERMISSION = re.compile(r"Having the ['‘’\"](rak_[a-z0-9_]+)['‘’\"] permission")
_ACCOUNT = re.compile(r"on account ['‘’\"](acct_[A-Za-z0-9]+)['‘’\"]")
_KEY = re.compile(r"The provided key ['‘’\"]([^'‘’\"\s]{1,300})['‘’\"] does not have the required permissions")


@dataclass(frozen=True)
class Probe:
    resource: str  # the name a scope in golive.toml uses
    path: str
    permission: str  # Stripe's name for the read permission the request needs


WEBHOOK_ENDPOINTS = "/v1/webhook_endpoints?limit=100"  # Stripe allows at most 16 endpoints per account
PROBES = (
    Probe("balance", "/v1/balance", "rak_balance_read"),
    Probe("charges", "/v1/charges?limit=1", "rak_charge_read"),
    Probe("checkout_sessions", "/v1/checkout/sessions?limit=1", "rak_checkout_session_read"),
    Probe("customers", "/v1/customers?limit=1", "rak_customer_read"),
    Probe("disputes", "/v1/disputes?limit=1", "rak_dispute_read"),
    Probe("invoices", "/v1/invoices?limit=1", "rak_invoice_read"),
    Probe("payment_intents", "/v1/payment_intents?limit=1", "rak_payment_intent_read"),
    Probe("payouts", "/v1/payouts?limit=1", "rak_payout_read"),
    Probe("products", "/v1/products?limit=1", "rak_product_read"),
    Probe("refunds", "/v1/refunds?limit=1", "rak_refund_read"),
    Probe("subscriptions", "/v1/subscriptions?limit=1", "rak_subscription_read"),
    Probe("webhook_endpoints", WEBHOOK_ENDPOINTS, "rak_webhook_read"),
)


def missing_permission(message: str) -> str | None:
    found = _PERMISSION.search(message)
    return found.group(1) if found else None


def named_key(message: str) -> str | None:
    """The key a permission error names, as Stripe shows it: ``rk_live_****…qs8Kgd``."""
    found = _KEY.search(message)
    return found.group(1) if found else None


def account_in(message: str) -> str | None:
    found = _ACCOUNT.search(message)
    return found.group(1) if found else None
