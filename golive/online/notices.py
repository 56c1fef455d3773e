"""What the online checks could not see, for every report to show beside their outcomes.

A pass of GL303 or GL107 says less than it seems: read probes cannot see write access, and a key
whose account cannot be told is not compared. Said here, once per key, when Stripe answered for any
key at all (otherwise the checks are not run, and their reasons say why).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from golive.online.accounts import compare_accounts
from golive.online.code_scope import request_counts, unheld
from golive.online.facts import KeyStatus
from golive.online.scopes import unjudged

if TYPE_CHECKING:
    from golive.api import Context


def online_notices(ctx: Context) -> tuple[str, ...]:
    if ctx.online is None or all(facts.status is KeyStatus.UNVERIFIED for facts in ctx.online.keys.values()):
        return ()
    comparison = compare_accounts(ctx)
    untold = [f"GL107 could not tell the account of {said}" for said in comparison.untold] if comparison.compared else []
    counted = request_counts(ctx)
    return (*unjudged(ctx), *unheld(ctx), *untold, *([counted] if counted else []))
