"""A third-party check, shipped as its own distribution and written against golive's public API
only, installs beside golive and runs like a built-in one."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest
from helpers import write_tree

import golive

PLUGIN = Path(__file__).parents[1] / "fixtures" / "plugin_dist"


@pytest.fixture(scope="module")
def python(tmp_path_factory) -> Path:
    """A fresh virtualenv with golive (and its dependencies) from this one, and the plugin's wheel."""
    root = tmp_path_factory.mktemp("plugin")
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(root / "dist"), str(PLUGIN)],
        check=True,
        capture_output=True,
    )
    venv.create(root / "venv", with_pip=False)
    python = root / "venv" / "bin" / "python"
    site = Path(
        subprocess.check_output(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], text=True
        ).strip()
    )
    # addsitedir, not a bare path: the parent's own .pth files (an editable golive) are read too
    site.joinpath("golive_from_parent.pth").write_text(f"import site; site.addsitedir({sysconfig.get_paths()['purelib']!r})\n")
    (wheel,) = (root / "dist").glob("acme_golive-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)
    return python


def test_the_plugin_imports_only_golive_public_names():
    for module in (PLUGIN / "acme_golive").glob("*.py"):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("golive"):
                assert node.module == "golive", f"{module.name} imports {node.module}"
                assert {alias.name for alias in node.names} <= set(golive.__all__)


def test_installed_plugin_is_listed_and_explained(python, tmp_path):
    listing = subprocess.run([str(python), "-m", "golive", "checks"], cwd=tmp_path, capture_output=True, text=True, check=True)
    assert "ACME101  eu-key-in-us-deploy" in listing.stdout
    assert "GL101" in listing.stdout
    explained = subprocess.run(
        [str(python), "-m", "golive", "explain", "ACME101"], cwd=tmp_path, capture_output=True, text=True, check=True
    )
    assert "Provided by: acme-golive[ACME]" in explained.stdout


def test_installed_plugin_finds_its_problem_at_its_line(python, tmp_path):
    write_tree(
        tmp_path, {".env.production": "STRIPE_SECRET_KEY=${STRIPE_SECRET_KEY}\nSTRIPE_EU_KEY=sk_test_" + "a1B2" * 6 + "\n"}
    )
    result = subprocess.run([str(python), "-m", "golive", "check", str(tmp_path), "-f", "json"], capture_output=True, text=True)
    assert result.returncode == 1
    found = [(f["check_id"], f["path"], f["line"]) for f in json.loads(result.stdout)["findings"]]
    assert ("ACME101", ".env.production", 2) in found
