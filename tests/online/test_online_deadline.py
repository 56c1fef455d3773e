"""``--online`` ends by its deadline whatever the network does, name resolution included; the deadline is
a setting (golive.toml ``online_deadline``, ``GOLIVE_ONLINE_DEADLINE``, ``--online-deadline``).

The resolver that never answers is ``socket.getaddrinfo`` patched to block until the test ends. No
wall-clock assertion: the runs must end (a generous join is only a guard against a hang) and say why."""

from __future__ import annotations

import json
import socket
import threading
from dataclasses import replace

import pytest
from helpers import checks
from keyfactory import account_of, key
from typer.testing import CliRunner

from golive.cli import app
from golive.online.options import OnlineOptions
from golive.runner import check_tree
from golive.settings import ConfigError, load_settings

SK = key("sk", "live", seed="shop")
RK = key("rk", "live", seed="shop")
HANG_GUARD = 60  # seconds: far above any bound under test; reaching it means golive hung


@pytest.fixture
def silent_resolver(monkeypatch):
    """Name resolution that never answers (until the test is over), counting its callers."""
    released, calls = threading.Event(), []
    real = socket.getaddrinfo

    def black_hole(*args, **kwargs):
        calls.append(args[0])
        released.wait()
        return real(*args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", black_hole)
    yield calls
    released.set()


@pytest.fixture
def app_root(tmp_path):
    root = tmp_path / "app"
    root.mkdir()
    (root / ".env.production").write_text(f"STRIPE_SECRET_KEY={SK}\nSTRIPE_RESTRICTED_KEY={RK}\n")
    return root


def in_thread(work):
    """Run ``work`` in a thread; the result, or a failure if it did not end within the hang guard."""
    result = []
    thread = threading.Thread(target=lambda: result.append(work()), daemon=True)
    thread.start()
    thread.join(HANG_GUARD)
    assert not thread.is_alive(), "golive did not end: the deadline does not hold"
    return result[0]


def test_a_resolver_that_never_answers_ends_in_gl902_by_the_deadline(stripe, app_root, silent_resolver):
    stripe.add_key(SK, account_of(SK))
    options = OnlineOptions(
        base=stripe.url.replace("127.0.0.1", "localhost"), deadline=1.0
    )  # 10 s per attempt: the deadline ends it
    report = in_thread(lambda: check_tree(app_root, load_settings(app_root), checks(), online=options))
    assert silent_resolver and stripe.requests == []
    gl902 = {f.line: f.message for f in report.findings if f.check_id == "GL902"}
    assert set(gl902) == {1, 2}
    assert all("not finished within the 1s deadline" in said for said in gl902.values())
    assert not report.ready


def test_the_cli_writes_its_report_when_the_resolver_is_silent(stripe, app_root, silent_resolver, monkeypatch):
    from_environ = OnlineOptions.from_environ
    monkeypatch.setattr(OnlineOptions, "from_environ", lambda environ: replace(from_environ(environ), timeout=0.2, retries=1))
    out = app_root.parent / "report.sarif"
    result = in_thread(
        lambda: CliRunner().invoke(
            app,
            ["check", str(app_root), "--online", "--online-deadline", "1.5", "-f", "sarif", "-o", str(out)],
            env={"GOLIVE_STRIPE_API_BASE": stripe.url.replace("127.0.0.1", "localhost")},
        )
    )
    assert result.exit_code == 1, result.output
    sarif = json.loads(out.read_text())
    messages = [r["message"]["text"] for r in sarif["runs"][0]["results"] if r["ruleId"] == "GL902"]
    assert len(messages) == 2 and all("no answer within 0.2s, 2 attempts" in m for m in messages), messages


def test_the_deadline_follows_the_settings_precedence(tmp_path, monkeypatch):
    (tmp_path / "golive.toml").write_text("online_deadline = 120\n")
    assert load_settings(tmp_path).online_deadline == 120
    monkeypatch.setenv("GOLIVE_ONLINE_DEADLINE", "300")
    assert load_settings(tmp_path).online_deadline == 300
    assert load_settings(tmp_path, online_deadline=15.0).online_deadline == 15
    monkeypatch.delenv("GOLIVE_ONLINE_DEADLINE")
    (tmp_path / "golive.toml").unlink()
    assert load_settings(tmp_path).online_deadline == 60


@pytest.mark.parametrize("value", ["0", "-5", "nan", "3601", "soon"])
def test_a_wrong_deadline_is_a_config_error(tmp_path, monkeypatch, value):
    monkeypatch.setenv("GOLIVE_ONLINE_DEADLINE", value)
    with pytest.raises(ConfigError, match="GOLIVE_ONLINE_DEADLINE"):
        load_settings(tmp_path)
    monkeypatch.delenv("GOLIVE_ONLINE_DEADLINE")
    (tmp_path / ".env.production").write_text("STRIPE_SECRET_KEY=x\n")
    result = CliRunner().invoke(app, ["check", str(tmp_path), "--online-deadline", value])
    assert result.exit_code == 2


def test_the_flag_reaches_the_verification(stripe, app_root, monkeypatch):
    """--online-deadline is the deadline the verification runs with."""
    seen = []
    import golive.online.verify as verify_module

    real = verify_module.verify
    monkeypatch.setattr(
        verify_module, "verify", lambda inventory, env, options: seen.append(options.deadline) or real(inventory, env, options)
    )
    stripe.add_key(SK, account_of(SK))
    CliRunner().invoke(
        app, ["check", str(app_root), "--online", "--online-deadline", "7"], env={"GOLIVE_STRIPE_API_BASE": stripe.url}
    )
    assert seen == [7.0]


def test_a_loop_that_never_gives_way_still_ends_by_the_deadline(stripe, app_root, monkeypatch):
    """Even a verification stuck without yielding (a CPU-bound answer) cannot hold golive past the deadline."""
    import time

    import golive.online.verify as verify_module

    async def stuck(client, digest, key):
        time.sleep(3)  # blocks the event loop itself: no timeout inside it can fire
        raise AssertionError("never used: the deadline has passed")

    monkeypatch.setattr(verify_module, "_verify_key", stuck)
    options = OnlineOptions(base=stripe.url, deadline=0.5)
    report = in_thread(lambda: check_tree(app_root, load_settings(app_root), checks(), online=options))
    gl902 = [f.message for f in report.findings if f.check_id == "GL902"]
    assert len(gl902) == 2 and all("not finished within the 0.5s deadline" in said for said in gl902)
