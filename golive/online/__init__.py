"""``golive check --online``: ask the Stripe API what each key really is and can do.

Only :mod:`golive.online.client` imports httpx, and only through :mod:`golive.online.verify`, which
only the runner imports, only when ``--online`` is given. Checks read the :mod:`golive.online.facts` they
produce and stay pure.
"""
