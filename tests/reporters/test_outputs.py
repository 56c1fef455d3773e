"""Reports to files: each -o gets the -f written just before it, or the format its name says; what could be
read two ways is refused with exit 2."""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from helpers import write_tree
from typer.testing import CliRunner

from golive.cli import app, destinations_of

runner = CliRunner()
APP = {".env.production": "STRIPE_SECRET_KEY=@@sk_test@@\n", ".env.staging": "STRIPE_SECRET_KEY=sk_test_abc\n"}


def kind_of(path: Path) -> str:
    """What a report file really holds, judged from its content."""
    text = path.read_text(encoding="utf-8")
    if text.startswith("<!DOCTYPE html>"):
        return "html"
    if text.startswith("<?xml"):
        assert ET.fromstring(text.split("?>", 1)[1]).tag == "testsuites"
        return "junit"
    if text.startswith("{"):
        return "sarif" if "$schema" in json.loads(text) else "json"
    if text.startswith("#"):
        return "markdown"
    if text.startswith("::") or "\n::" in text:
        return "github"
    return "text"


def occurrences(*args: str) -> list[tuple[str, str]]:
    pairs = zip(args[::2], args[1::2], strict=True)
    return [("format" if flag == "-f" else "output", value) for flag, value in pairs]


def test_the_readme_example_puts_each_format_in_its_own_file(tree, tmp_path):
    root = tree(APP)
    out = tmp_path / "out"
    out.mkdir()
    args = [
        "-f",
        "text",
        "-f",
        "sarif",
        "-o",
        "golive.sarif",
        "-f",
        "junit",
        "-o",
        "golive.junit.xml",
        "-f",
        "html",
        "-o",
        "golive.html",
    ]
    result = subprocess.run(
        [sys.executable, "-c", "from golive.cli import main; main()", "check", str(root), *args],
        cwd=out,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1, result.stderr
    assert {name: kind_of(out / name) for name in ("golive.sarif", "golive.junit.xml", "golive.html")} == {
        "golive.sarif": "sarif",
        "golive.junit.xml": "junit",
        "golive.html": "html",
    }
    assert "GL101 test-key-in-production" in result.stdout  # text, the format without -o, on stdout
    assert "NOT READY for production" in result.stderr  # the verdict, since reports went to files


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("-o", "golive.json"), {"golive.json": "json"}),  # the format from the name
        (
            ("-o", "r.sarif", "-o", "r.xml", "-o", "r.html", "-o", "r.md", "-o", "r.txt"),
            {"r.sarif": "sarif", "r.xml": "junit", "r.html": "html", "r.md": "markdown", "r.txt": "text"},
        ),
        (("-f", "sarif", "-o", "results.json"), {"results.json": "sarif"}),  # SARIF is JSON: the -f decides
        (
            ("-f", "github", "-o", "annotations.log", "-f", "json", "-o", "report"),
            {"annotations.log": "github", "report": "json"},
        ),
        (("-f", "markdown", "-o", "summary.md", "-o", "golive.json"), {"summary.md": "markdown", "golive.json": "json"}),
    ],
)
def test_each_output_gets_the_format_meant(tree, tmp_path, args, expected):
    root = tree(APP)
    paths = [str(tmp_path / arg) if i and args[i - 1] == "-o" else arg for i, arg in enumerate(args)]
    result = runner.invoke(app, ["check", str(root), *paths], env={})
    assert result.exit_code == 1, result.output
    assert {name: kind_of(tmp_path / name) for name in expected} == expected
    assert result.stdout == ""  # every format went to a file


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("-f", "sarif", "-f", "junit", "-o", "a.sarif", "-o", "b.xml"), "-o a.sarif follows -f junit"),  # positional thinking
        (("-o", "golive.json", "-f", "json"), "write -f json -o golive.json"),  # -o before its -f
        (("-f", "sarif", "-f", "junit", "-o", "b.xml", "-o", "a.sarif"), "write -f sarif -o"),
        (("-f", "json", "-f", "html"), "only one format may go to stdout"),
        (("-o", "report"), "Its name does not say"),
        (("-f", "json", "-o", "x.json", "-f", "sarif", "-o", "x.json"), "overwrite the same"),
        (
            (
                "-f",
                "yaml",
            ),
            "unknown format 'yaml'",
        ),
        (("-f", "html", "-o", "golive.json"), "its name says json"),
    ],
)
def test_ambiguous_combinations_exit_2_with_a_clear_message(tree, tmp_path, args, message):
    root = tree(APP)
    result = runner.invoke(app, ["check", str(root), *args], env={})
    assert result.exit_code == 2
    assert message in result.stderr
    assert not list(tmp_path.glob("*.*"))  # nothing written before the refusal


def test_pairing_rules():
    assert destinations_of([]) == [("text", None)]
    assert destinations_of(occurrences("-f", "json")) == [("json", None)]
    pairs = destinations_of(occurrences("-f", "text", "-f", "sarif", "-o", "g.sarif", "-o", "g.html"))
    assert pairs == [("text", None), ("sarif", Path("g.sarif")), ("html", Path("g.html"))]
    assert destinations_of(occurrences("-f", "sarif", "-o", "out.sarif.json")) == [("sarif", Path("out.sarif.json"))]
    assert destinations_of(occurrences("-o", "out.sarif.json")) == [("sarif", Path("out.sarif.json"))]
    assert destinations_of(occurrences("-o", "out.JUNIT.XML")) == [("junit", Path("out.JUNIT.XML"))]


def test_equals_and_long_spellings_pair_alike(tree, tmp_path):
    root = tree(APP)
    result = runner.invoke(
        app,
        [
            "check",
            str(root),
            "--format=sarif",
            f"--output={tmp_path / 'a.sarif'}",
            "-fjunit",
            "-o",
            str(tmp_path / "b"),
            "--format",
            "text",
        ],
        env={},
    )
    assert result.exit_code == 1, result.output
    assert (kind_of(tmp_path / "a.sarif"), kind_of(tmp_path / "b")) == ("sarif", "junit")
    assert "GL101" in result.stdout


def test_quiet_prints_the_blocking_findings_and_the_verdict_only(tree, tmp_path):
    root = tree(APP)
    result = runner.invoke(app, ["check", str(root), "--quiet"], env={})
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[-1].startswith("NOT READY for production")
    assert lines[:-1] == [
        line for line in lines[:-1] if line.startswith("ERROR .env.production:1 GL101 test-key-in-production: ")
    ]
    assert lines[:-1] and "staging" not in result.stdout  # the staging warning does not block
    quiet_ready = runner.invoke(app, ["check", str(write_tree(tmp_path / "ready", {"a.txt": "hello\n"})), "-q"], env={})
    assert quiet_ready.exit_code == 0 and quiet_ready.stdout.splitlines() == [quiet_ready.stdout.strip()]
    assert quiet_ready.stdout.startswith("READY")
