"""Stripe's restricted-key permissions table (``golive/data/stripe_permissions.toml``) and how an SDK
call or an API request maps onto it: which resource, and whether it reads or writes."""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

Access = Literal["none", "read", "write"]
LEVEL = {"none": 0, "read": 1, "write": 2}

#: SDK methods that only read, in every SDK's spelling once lowercased without underscores and
#: ``Async``: ``retrieve``, ``Get``, ``list``, ``auto_paging_iter``, ``listLineItems``.
READ_METHODS = frozenset(
    "retrieve get list all search autopagingiter autopagingeach autopagingtoarray listlineitems "
    "listcomputeddetails retrieveupcoming upcoming upcominglines listbalancetransactions listsources".split()
)
#: SDK methods that create, change, delete or act on an object.
WRITE_METHODS = frozenset(
    "create new update modify del delete cancel capture confirm expire pay void voidinvoice finalize "
    "finalizeinvoice send sendinvoice markuncollectible attach detach close resume reject approve "
    "incrementauthorization applycustomerbalance verifymicrodeposits release reverse".split()
)


@dataclass(frozen=True)
class Resource:
    name: str  # as golive.toml scopes write it: checkout_sessions
    permission: str  # Stripe's stem: rak_checkout_session_read / _write
    dashboard: str  # the Dashboard's label
    api: str  # /v1/checkout/sessions
    sdk: str  # checkout.session

    def permission_for(self, access: Access) -> str:
        return f"rak_{self.permission}_{access}"


@dataclass(frozen=True)
class Table:
    source: str
    read_on: str
    resources: tuple[Resource, ...]


@functools.cache
def table() -> Table:
    # beside this module in a checkout, an editable install and a wheel alike (importlib.resources would
    # cost every run 13 ms of imports for the same answer)
    data = tomllib.loads((Path(__file__).parent / "data" / "stripe_permissions.toml").read_text(encoding="utf-8"))
    resources = tuple(Resource(name=name, **entry) for name, entry in sorted(data["resources"].items()))
    return Table(data["source"], data["read_on"], resources)


def squashed(name: str) -> str:
    """A resource as any SDK spells it, compared: ``checkout.sessions``, ``Checkout::Session``,
    ``checkout->sessions``, ``V1CheckoutSessions`` and ``checkout_session`` are all ``checkoutsession``."""
    word = re.sub(r"[^a-z0-9]", "", name.lower())
    word = word.removeprefix("v1").removesuffix("service")
    return word[:-1] if word.endswith("s") and word[:-1] in _by_sdk_name() else word


@functools.cache
def _by_sdk_name() -> dict[str, Resource]:
    return {re.sub(r"[^a-z0-9]", "", resource.sdk): resource for resource in table().resources}


def resource_named(name: str) -> Resource | None:
    """The resource an SDK's spelling names, or None (a name golive does not know)."""
    return _by_sdk_name().get(squashed(name))


def resource_at(path: str) -> Resource | None:
    """The resource of an API path: ``/v1/checkout/sessions/cs_123/expire`` is checkout_sessions."""
    path = "/" + path.strip("/")
    matches = [r for r in table().resources if path == r.api or path.startswith(r.api + "/")]
    return max(matches, key=lambda r: len(r.api), default=None)


def permission_name(resource: str, access: Access) -> str:
    """Stripe's name for a permission, as its 403 answers and the Dashboard give it: rak_refund_write."""
    found = next((r for r in table().resources if r.name == resource), None)
    return found.permission_for(access) if found else f"{resource} {access}"


@functools.lru_cache(maxsize=4096)
def method_access(method: str) -> Access | None:
    """Read or write for an SDK method, or None when golive does not know the method. Cached: a code
    scan asks it of every method call in a file, and method names repeat."""
    word = re.sub(r"[^a-z]", "", method.lower()).removesuffix("async")
    if word in READ_METHODS:
        return "read"
    if word in WRITE_METHODS:
        return "write"
    return None


def http_access(verb: str) -> Access:
    return "read" if verb.upper() in ("GET", "HEAD") else "write"
