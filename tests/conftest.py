"""Shared fixtures: materialise fixture trees (expanding run-time keys) and run golive on them."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from helpers import write_tree  # noqa: E402
from keyfactory import expand  # noqa: E402

FIXTURES = Path(__file__).parent / "fixtures"


def materialise(source: Path, destination: Path) -> Path:
    """Copy a fixture tree, expanding ``@@sk_live@@``-style tokens into keys built at run time."""
    for path in sorted(source.rglob("*")):
        target = destination / path.relative_to(source)
        if path.is_dir():
            target.mkdir(parents=True, exist_ok=True)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            target.write_text(expand(path.read_text(encoding="utf-8")), encoding="utf-8")
        except UnicodeDecodeError:
            shutil.copyfile(path, target)
    return destination


@pytest.fixture
def tree(tmp_path):
    """``tree({".env.production": "STRIPE_SECRET_KEY=@@sk_test@@"})`` -> a root path."""
    return lambda files: write_tree(tmp_path / "app", files)


@pytest.fixture
def fixture_tree(tmp_path):
    """``fixture_tree("checks/GL101/fail")`` -> a materialised copy of tests/fixtures/<name>."""
    return lambda name: materialise(FIXTURES / name, tmp_path / name.replace("/", "_"))


@pytest.fixture
def stripe():
    """The Stripe API double, serving on 127.0.0.1 for one test."""
    from stripe_double import StripeDouble

    with StripeDouble() as double:
        yield double
