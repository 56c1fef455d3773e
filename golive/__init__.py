"""golive: is this Stripe integration safe to go live?

The public API for check plugins is re-exported here; everything else is internal.
"""

__version__ = "0.1.0"

from golive.api import CheckSpec, Context, Finding, Severity, finding  # noqa: E402
from golive.inventory import Env, Exposure, Inventory, StripeValue  # noqa: E402
from golive.keys import Kind, Status, StripeKey, classify, redact  # noqa: E402

__all__ = [
    "CheckSpec", "Context", "Env", "Exposure", "Finding", "Inventory", "Kind", "Severity", "Status",
    "StripeKey", "StripeValue", "classify", "finding", "redact",
]
