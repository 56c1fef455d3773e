"""Benchmark ``golive check --online``: verify 200 distinct secret keys against the Stripe double
with 50 ms added to every answer, and compare the wall time with the sequential sum (the time the
double spent answering, one request after another).

    python bench/online.py [--keys 200] [--latency 0.05]

Three runs: sandbox keys with golive's default limits (8 requests in flight, 10 requests/s of
Stripe's 25), live keys with the default limits (40 requests/s of Stripe's 100), and sandbox keys with
the pacing lifted, which shows what the concurrency alone buys.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from keyfactory import account_of, key  # noqa: E402
from stripe_double import StripeDouble  # noqa: E402

from golive.keys import classify  # noqa: E402
from golive.online.facts import KeyStatus  # noqa: E402
from golive.online.options import OnlineOptions  # noqa: E402
from golive.online.verify import verify  # noqa: E402
from golive.plugins import load_checks  # noqa: E402
from golive.runner import check_tree  # noqa: E402
from golive.settings import load_settings  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keys", type=int, default=200)
    parser.add_argument("--latency", type=float, default=0.05, help="seconds added to every answer")
    args = parser.parse_args()

    default = OnlineOptions(deadline=600.0)
    runs = (("sandbox keys, default limits (8 in flight, 10 req/s)", "test", default),
            ("live keys, default limits (8 in flight, 40 req/s)", "live", default),
            ("sandbox keys, pacing lifted (8 in flight)", "test", replace(default, sandbox_rate=1e6)))
    for label, mode, options in runs:
        run(label, mode, options, args)


def run(label: str, mode: str, options: OnlineOptions, args: argparse.Namespace) -> None:
    candidates = (key("sk", mode, seed=f"bench{i}") for i in range(10 * args.keys))
    keys = [value for value in candidates if classify(value).is_real][: args.keys]
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / ".env.production").write_text("".join(f"STRIPE_SECRET_KEY_{i}={v}\n" for i, v in enumerate(keys)))
        settings = load_settings(root)
        inventory = check_tree(root, settings, load_checks()).inventory
        with StripeDouble(latency=args.latency) as double:
            for value in keys:
                double.add_key(value, account_of(value))
            started = time.perf_counter()
            facts = verify(inventory, settings.env, replace(options, base=double.url))
            wall = time.perf_counter() - started
        valid = sum(f.status is KeyStatus.VALID and f.complete for f in facts.keys.values())
        print(f"{label}: {len(facts.keys)} keys ({valid} verified), {len(double.requests)} requests, "
              f"wall {wall:.2f}s vs sequential sum {double.served_seconds:.2f}s: "
              f"{double.served_seconds / wall:.1f}x")


if __name__ == "__main__":
    main()
