"""Every built-in check against fixtures that must fire and fixtures that must not.

Fixture trees live in tests/fixtures/checks/<ID>/<case>/; live-looking keys are written as
``@@sk_live@@`` tokens and built at run time (tests/keyfactory.py). Each expectation names the check,
the file and the line.
"""

from __future__ import annotations

import pytest
from helpers import hits, run

EXPECTED = {
    ("GL101", "fail"): {(".env.production", 2), (".env.production", 3), ("config/production.yaml", 3)},
    ("GL101", "pass"): set(),
    ("GL102", "fail"): {(".env.staging", 1), (".env.example", 2), ("tests/conftest.py", 3)},
    ("GL102", "pass"): set(),
    ("GL103", "fail"): {(".env.production", 2), ("api/.env.production", 2)},
    ("GL103", "pass"): set(),
    ("GL104", "fail"): {(".env.production", n) for n in range(1, 8)}
    | {("config/production.json", 3), ("config/production.json", 4)},
    ("GL104", "pass"): set(),
    ("GL201", "fail"): {
        (".env.production", 1),
        (".env.development", 1),
        (".next/static/chunks/pages/checkout-3f2a.js", 1),
        ("src/components/Checkout.tsx", 3),
    },
    ("GL201", "pass"): set(),
    ("GL301", "fail"): {(".env.production", 1), (".env.production", 2)},
    ("GL301", "pass"): set(),
    ("GL302", "fail"): {(".env.production", 2)},
    ("GL302", "pass"): set(),
    ("GL401", "fail"): {(".env.production", 2)},
    ("GL401", "pass"): set(),
    ("GL401", "pass2"): set(),
    ("GL901", "fail"): {("config/broken.yaml", 0)},
    ("GL901", "pass"): set(),
}


@pytest.mark.parametrize(("check_id", "case"), sorted(EXPECTED), ids=lambda v: v)
def test_check_fixture(fixture_tree, check_id, case):
    report = run(fixture_tree(f"checks/{check_id}/{case}"))
    assert not report.crashed
    assert hits(report, check_id) == EXPECTED[check_id, case]


def test_every_builtin_check_has_a_failing_and_a_passing_fixture():
    from helpers import checks

    ids = {spec.id for spec in checks() if spec.plugin.endswith("[GL]")}
    offline = {check_id for check_id, case in EXPECTED}
    missing = {i for i in ids if (i, "fail") not in EXPECTED or (i, "pass") not in EXPECTED}
    assert not missing - _covered_elsewhere(), f"checks without pass/fail fixtures here or in their own test module: {missing}"
    assert offline <= ids


def _covered_elsewhere() -> set[str]:
    """Checks whose fixtures live beside their source's tests (deployment, code, online)."""
    import pathlib
    import re

    text = "".join(
        p.read_text(encoding="utf-8") for p in pathlib.Path(__file__).parents[1].rglob("test_*.py") if p.name != "test_checks.py"
    )
    return set(re.findall(r"GL\d{3}", text))


def test_webhook_secret_error_names_the_handler(fixture_tree):
    report = run(fixture_tree("checks/GL401/fail"))
    (found,) = [f for f in report.findings if f.check_id == "GL401"]
    assert "construct_event at api/webhooks.py:5" in found.message


def test_unreadable_file_is_an_error_not_a_pass(tree):
    root = tree({".env.production": "STRIPE_SECRET_KEY=@@rk_live@@\n"})
    (root / "config").mkdir()
    (root / "config" / "secrets.env").symlink_to(root / "nowhere")
    report = run(root)
    (found,) = [f for f in report.findings if f.check_id == "GL901"]
    assert (found.path, found.severity.value) == ("config/secrets.env", "error")
    assert not report.ready


def test_broken_yaml_is_still_scanned_for_keys(fixture_tree):
    report = run(fixture_tree("checks/GL901/fail"))
    assert ("config/broken.yaml", 2) in hits(report, "GL302")


def test_unlistable_folder_is_an_error_not_a_pass(tree, monkeypatch):
    import os

    root = tree({"config/.env.production": "STRIPE_SECRET_KEY=@@rk_live@@\n", "app.py": "x = 1\n"})
    real_scandir = os.scandir

    def denied(path="."):
        if str(path).endswith("config"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", denied)
    report = run(root)
    (found,) = [f for f in report.findings if f.check_id == "GL901"]
    assert (found.path, found.severity.value) == ("config", "error")
    assert not report.ready
