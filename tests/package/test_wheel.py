"""The built wheel, installed in a fresh virtualenv, runs every built-in check.

The built-in checks are the package ``checks`` in a checkout, an editable install and the wheel
alike: the wheel ships checks/ beside golive/, and its entry point names that package. Dependencies
come from the running interpreter's site-packages (a .pth file), so the test needs no network and
still proves the wheel's own contents.
"""

from __future__ import annotations

import re
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (built,) = out.glob("golive-*.whl")
    return built


def test_wheel_ships_checks_beside_golive(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    assert "checks/__init__.py" in names
    assert "checks/gl101_test_key_in_production.py" in names
    assert not [n for n in names if n.startswith("golive/checks")]


def test_checkout_and_editable_install_import_the_same_package():
    """The checkout's own folder, by the same name as in the wheel: no module is mounted by hand."""
    import checks
    import golive

    # beside golive wherever golive comes from: the checkout (editable) or site-packages (`pip install .`)
    assert Path(checks.__file__).resolve().parent.parent == Path(golive.__file__).resolve().parent.parent
    plain = subprocess.run(
        [sys.executable, "-I", "-c", "import sys; sys.path.insert(0, '.'); import checks; print(checks.__file__)"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert Path(plain.stdout.strip()).resolve() == ROOT / "checks" / "__init__.py"


def test_installed_wheel_runs_every_builtin_check(wheel, tmp_path):
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=False)
    python = env_dir / "bin" / "python"
    site = Path(
        subprocess.check_output(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], text=True
        ).strip()
    )
    site.joinpath("golive_test_deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)
    entry_points = next(site.glob("golive-*.dist-info")) / "entry_points.txt"
    assert "GL = checks:BUILTIN" in entry_points.read_text()
    listing = subprocess.run([str(python), "-m", "golive", "checks"], cwd=tmp_path, capture_output=True, text=True, check=True)
    source_ids = sorted(
        re.findall(r"^ID = \"(GL\d{3})\"", "".join(p.read_text() for p in (ROOT / "checks").glob("gl*.py")), re.M)
    )
    assert re.findall(r"^(GL\d{3})", listing.stdout, re.M) == source_ids
    located = subprocess.run(
        [str(python), "-c", "import checks; print(checks.__file__)"], cwd=tmp_path, capture_output=True, text=True, check=True
    )
    assert str(site) in located.stdout
    sample = ROOT / "sample-configs" / "nextjs-shop-not-ready"
    result = subprocess.run([str(python), "-m", "golive", "check", str(sample)], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 1
    assert "GL201" in result.stdout
