"""``golive check --online``: ask the Stripe API what each key really is and can do.

Only :mod:`golive.online.client` and :mod:`golive.online.verify` import httpx, and only the runner
imports them, only when ``--online`` is given. Checks read the :mod:`golive.online.facts` they
produce and stay pure.
"""
