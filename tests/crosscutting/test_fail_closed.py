"""Fail closed: every way golive could finish without having judged something ends in a finding,
a notice, or an exit code other than 0."""

from __future__ import annotations

import codecs
import os
import subprocess

import pytest
from helpers import checks, hits, run
from keyfactory import key
from typer.testing import CliRunner

from golive import Finding
from golive.api import CheckSpec, Severity
from golive.cli import app
from golive.report import ExitCode
from golive.runner import check_tree
from golive.settings import load_settings
from golive.sources import git, scan


def test_a_reader_crash_is_an_unread_file_naming_the_reader(tree, monkeypatch):
    def crash(path, content):
        raise KeyError("spec")

    monkeypatch.setitem(scan.READERS, "json", crash)
    root = tree({"config/stripe.json": '{"key": "@@sk_live@@"}\n', ".env.production": "STRIPE_SECRET_KEY=@@rk_live@@\n"})
    report = run(root)
    (skipped,) = report.skipped
    assert (skipped.path, skipped.unread) == ("config/stripe.json", True)
    assert "json reader failed (KeyError" in skipped.reason
    assert hits(report, "GL901") == {("config/stripe.json", 0)}
    assert hits(report, "GL102") == set() and hits(report, "GL302") == {("config/stripe.json", 1)}  # still scanned for keys
    assert report.exit_code is ExitCode.NOT_READY


def _spec(run_check):
    return CheckSpec("XX001", "broken", Severity.ERROR, "s", "r", "m", run=run_check, plugin="test")


@pytest.mark.parametrize(
    "broken",
    [
        lambda ctx: None,  # run() returned None instead of an iterable
        lambda ctx: ["not a finding"],
        lambda ctx: [Finding("m", path=None, line=1)],
        lambda ctx: [Finding("m", path="a", line=None)],
        lambda ctx: [Finding("m", path="a", line=1, severity="fatal")],
    ],
)
def test_a_broken_check_is_a_crash_never_a_pass(tree, broken):
    root = tree({"app.py": "print('hello')\n"})
    report = check_tree(root, load_settings(root), [*checks(), _spec(broken)])
    assert [outcome.check.id for outcome in report.crashed] == ["XX001"]
    assert report.exit_code is ExitCode.INTERNAL_ERROR


def test_empty_folder_is_a_usage_error(tmp_path):
    result = CliRunner().invoke(app, ["check", str(tmp_path)])
    assert result.exit_code == ExitCode.USAGE_ERROR
    assert "nothing to check" in result.output


def test_a_file_is_not_a_tree(tmp_path):
    target = tmp_path / ".env.production"
    target.write_text("STRIPE_SECRET_KEY=sk_test_...\n")
    assert CliRunner().invoke(app, ["check", str(target)]).exit_code == ExitCode.USAGE_ERROR


def test_from_env_without_stripe_variables_says_so(tree, monkeypatch):
    for name in [n for n in os.environ if "STRIPE" in n.upper()]:
        monkeypatch.delenv(name)
    report = run(tree({"app.py": "print('hello')\n"}), from_env=True)
    assert any("--from-env" in notice for notice in report.notices)


def test_git_that_fails_in_a_work_tree_is_reported(tree, monkeypatch):
    root = tree({".git/HEAD": "ref: refs/heads/main\n", ".env.production": "STRIPE_SECRET_KEY=@@sk_test@@\n"})

    def hang(*args, **kwargs):
        raise subprocess.TimeoutExpired(args[0], git.TIMEOUT_SECONDS)

    monkeypatch.setattr(git.subprocess, "run", hang)
    report = run(root)
    assert hits(report, "GL901") == {(".git", 0)}
    assert report.exit_code is ExitCode.NOT_READY


def test_outside_a_work_tree_git_is_not_asked(tmp_path):
    assert git.tracked_files(tmp_path) == (None, "")


def test_utf16_env_file_is_read(tree):
    """PowerShell's `>` writes UTF-16 with a byte-order mark; its NUL bytes must not pass for binary."""
    root = tree({"app.py": "print('hello')\n"})
    text = f"NEXT_PUBLIC_STRIPE_SECRET_KEY={key('sk', 'live')}\n"
    (root / ".env.production").write_bytes(codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
    (root / ".env.staging").write_bytes(codecs.BOM_UTF8 + text.encode())
    report = run(root)
    assert hits(report, "GL201") == {(".env.production", 1), (".env.staging", 1)}


def test_non_utf8_env_file_is_still_read(tree):
    root = tree({"app.py": "print('hello')\n"})
    (root / ".env.production").write_bytes(b"# caf\xe9\nSTRIPE_SECRET_KEY=" + key("sk", "test").encode() + b"\n")
    assert hits(run(root), "GL101") == {(".env.production", 2)}


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_is_reported_not_read(tree):
    root = tree({"app.py": "print('hello')\n"})
    os.mkfifo(root / ".env.production")
    report = run(root)
    assert hits(report, "GL901") == {(".env.production", 0)}
    assert report.exit_code is ExitCode.NOT_READY


def test_symlink_loop_does_not_hang_and_a_dangling_link_is_reported(tree):
    root = tree({"app.py": "print('hello')\n"})
    (root / "loop").symlink_to(root, target_is_directory=True)
    (root / ".env.production").symlink_to(root / "missing.env")
    report = run(root)
    assert hits(report, "GL901") == {(".env.production", 0), ("loop", 0)}  # the loop not followed, and said so
    assert {s.path: s.reason for s in report.skipped}["loop"] == "symlink to the checked root itself: not followed"
