"""Write one corpus tree to a folder, and print the golive command its truth is judged by.

cd tests && python -m corpus TREE /tmp/x
"""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

from corpus import APPS


def main(name: str, folder: str) -> None:
    tree = next((a for a in APPS if a.name == name), None)
    if tree is None:
        sys.exit(f"no corpus tree named {name}")
    root = tree.write(Path(folder) / name)
    environment = " ".join(f"{k}={shlex.quote(v)}" for k, v in tree.environment().items())
    flags = " --from-env" if environment else ""
    print(f"{'env ' + environment + ' ' if environment else ''}golive check {root}{flags}")
    print(f"truth: {'ready' if tree.ready else 'not ready'}: {tree.why}")


if __name__ == "__main__":
    main(*sys.argv[1:3])
