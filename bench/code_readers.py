"""What the code and frontend readers cost over the plain key scan, on the shared synthetic monorepo.

    python bench/code_readers.py [--corpus /tmp/golive-corpus/repo]

Build the corpus first with ``python bench/scan.py`` (20,000 files). Times, best of three, every file
the code and frontend readers own, read once with the plain text reader (keys only) and once with
its own reader (keys, Stripe-named literals and fallbacks, frontend configs, webhook signals).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from golive.sources import files, frontend, text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=Path("/tmp/golive-corpus/repo"))
    args = parser.parse_args()
    owned = []
    for path in files.walk(args.corpus, []):
        rel = path.relative_to(args.corpus).as_posix()
        reader = frontend.reader_for(rel)
        raw = path.read_bytes() if reader else b""
        if reader and not files.looks_binary(raw):
            owned.append((rel, raw.decode("utf-8", errors="replace"), frontend.READERS[reader]))
    megabytes = sum(len(content) for _, content, _ in owned) / 1e6
    print(f"{len(owned)} code and frontend files, {megabytes:.0f} MB")
    for name, read in (("text reader (keys only)", lambda rel, content, own: text.read(rel, content)),
                       ("code and frontend readers", lambda rel, content, own: own(rel, content))):
        best = min(_timed(read, owned) for _ in range(3))
        print(f"{name}: {best:.2f} s ({len(owned) / best:.0f} files/s)")


def _timed(read, owned) -> float:
    started = time.perf_counter()
    for rel, content, own in owned:
        read(rel, content, own)
    return time.perf_counter() - started


if __name__ == "__main__":
    main()
