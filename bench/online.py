"""Benchmark ``golive check --online``: verify 200 distinct secret keys against the Stripe double
with 50 ms added to every answer, and compare the wall time with the sequential sum (the time the
double spent answering, one request after another).

    python bench/online.py [--keys 200] [--latency 0.05] [--deadline 600]
    python bench/online.py --black-hole [--keys 50] [--deadline 60]

Three runs: sandbox keys with golive's default limits (8 requests in flight, 10 requests/s of
Stripe's 25), live keys with the default limits (40 requests/s of Stripe's 100), and sandbox keys with
the pacing lifted, which shows what the concurrency alone buys. Each line states the deadline it ran
with (600 s by default here, so that the pace, not the deadline, ends the sandbox run).

``--black-hole`` measures the worst case instead: ``golive check --online`` as a process, its name
resolution patched to never answer (nothing reaches the network), run through the console script
(which leaves with ``os._exit``) and through ``app()`` with a plain interpreter exit (which would wait
for any resolver thread it had to join). It reports when the SARIF file was written and when the
process ended, against the ``--online-deadline`` given.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
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
    parser.add_argument("--deadline", type=float, default=None, help="the online deadline (600 s, or 60 s with --black-hole)")
    parser.add_argument("--black-hole", action="store_true", help="measure --online with a resolver that never answers")
    args = parser.parse_args()
    if args.black_hole:
        black_hole(args.keys, args.deadline or 60.0)
        return

    default = OnlineOptions(deadline=args.deadline or 600.0)
    runs = (
        ("sandbox keys, default limits (8 in flight, 10 req/s)", "test", default),
        ("live keys, default limits (8 in flight, 40 req/s)", "live", default),
        ("sandbox keys, pacing lifted (8 in flight)", "test", replace(default, sandbox_rate=1e6)),
    )
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
        print(
            f"{label}, deadline {options.deadline:g}s: {len(facts.keys)} keys ({valid} verified), "
            f"{len(double.requests)} requests, wall {wall:.2f}s vs sequential sum {double.served_seconds:.2f}s: "
            f"{double.served_seconds / wall:.1f}x"
        )


# Resolution that never answers, installed before golive is imported; then golive runs as it would.
SILENT_RESOLVER = """
import socket, sys, threading
socket.getaddrinfo = lambda *args, **kwargs: threading.Event().wait() or None
sys.argv = ["golive", *sys.argv[1:]]
from golive import cli
"""
ENTRIES = {
    "console script (os._exit)": SILENT_RESOLVER + "cli.main()\n",
    "app() and a plain interpreter exit": SILENT_RESOLVER + "code = cli.app(standalone_mode=False)\nsys.exit(code)\n",
}


def black_hole(count: int, deadline: float) -> None:
    kinds = [("sk", "live"), ("rk", "live"), ("sk", "test")]
    keys = [key(*kinds[i % len(kinds)], seed=f"hole{i}") for i in range(count)]
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "app"
        root.mkdir()
        (root / ".env.production").write_text("".join(f"STRIPE_SECRET_KEY_{i}={v}\n" for i, v in enumerate(keys)))
        environ = {k: v for k, v in os.environ.items() if k != "GOLIVE_STRIPE_API_BASE"}  # the default, api.stripe.com
        for label, program in ENTRIES.items():
            report = Path(folder) / "report.sarif"
            report.unlink(missing_ok=True)
            started = time.monotonic()
            process = subprocess.Popen(
                [
                    sys.executable,
                    "-c",
                    program,
                    "check",
                    str(root),
                    "--online",
                    "--online-deadline",
                    f"{deadline:g}",
                    "-f",
                    "sarif",
                    "-o",
                    str(report),
                ],
                env=environ,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            written = None
            while process.poll() is None:
                if written is None and report.exists():
                    written = time.monotonic() - started
                time.sleep(0.01)
            ended = time.monotonic() - started
            written = written if written is not None else ended if report.exists() else float("nan")
            results = json.loads(report.read_text())["runs"][0]["results"] if report.exists() else []
            gl902 = sum(r["ruleId"] == "GL902" for r in results)
            print(
                f"black-holed resolver, {label}, deadline {deadline:g}s, {len(keys)} keys: report written at {written:.2f}s, "
                f"process ended at {ended:.2f}s, exit {process.returncode}, {gl902} GL902 findings"
            )


if __name__ == "__main__":
    main()
