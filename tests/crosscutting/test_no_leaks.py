"""Adversarial: no secret leaves golive, however it is hidden in the tree, the config or an error.

Each test puts a key where a report, an error or ``golive init`` quotes text from the tree (a file or
folder name, a variable name, a namespace, a job name, an ignore comment, a config key) and in the
shapes that slip past a key pattern (glued to a name, a space or quote inside, URL-encoded, no prefix).
A leak is any ten characters of a key's body before its last four, in any output.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import urllib.parse
from datetime import date
from pathlib import Path

import pytest
from helpers import checks, hits, made_up_check, write_tree
from keyfactory import account_of, key, whsec
from typer.testing import CliRunner

from golive.api import CheckSpec, Finding, finding
from golive.cli import app
from golive.init import config_text, inspect
from golive.keys import redact, scrub
from golive.online.options import OnlineOptions
from golive.reporters import RENDERERS, render
from golive.runner import check_tree
from golive.settings import load_settings

TODAY = date(2025, 1, 1)
SK = key("sk", "live", seed="leak-sk")
RK = key("rk", "live", seed="leak-rk")
ORG = key("sk_org", "live", seed="leak-org")
WHSEC_SYMBOLS = whsec("leak-wh")[:26] + "+/" + whsec("leak-wh2")[6:] + "=="  # base64 body with + / =
WHSEC_HEX = "whsec_" + hashlib.sha256(b"leak-cli").hexdigest()  # the Stripe CLI's 64-hex secret
SECRETS = {"sk": SK, "rk": RK, "sk_org": ORG, "whsec+/=": WHSEC_SYMBOLS, "whsec-hex": WHSEC_HEX}

runner = CliRunner()


def body(secret: str) -> str:
    return secret.split("_", 2)[2] if secret.count("_") >= 2 and not secret.startswith("whsec_") else secret.split("_", 1)[1]


def leaked(secret: str, *outputs: str) -> list[str]:
    """Ten-character windows of the secret's body found in ``outputs``. The last four may show, and so
    may the account id a current-format key embeds (``5`` + 16 characters): GL103 and GL107 compare it."""
    whole = body(secret)
    shown_body = whole[17:-4] if re.match(r"5[0-9A-Za-z]{89}", whole) else whole[:-4]
    windows = {shown_body[i : i + 10] for i in range(len(shown_body) - 9)}
    return sorted({w for w in windows for out in outputs if w in out})


def disguises(secret: str) -> dict[str, str]:
    """The shapes a key takes when pasted, wrapped or encoded badly."""
    head, rest = secret[: len(secret) - len(body(secret))], body(secret)
    return {
        "as is": secret,
        "glued to a name": f"deploy_{secret}",
        "glued to letters": f"ab{secret}",
        "space inside": f"{head}{rest[:30]} {rest[30:]}",
        "quote inside": f"{head}{rest[:30]}'{rest[30:]}",
        "comma inside": f"{head}{rest[:30]},{rest[30:]}",
        "backslash continuation": f"{head}{rest[:30]}\\\n{rest[30:]}",
        "url-encoded": urllib.parse.quote(secret, safe="").replace("_", "%5F"),
        "longer than 247": secret + "Q" * 250,
    }


CASES = [(kind, shape, text) for kind, secret in SECRETS.items() for shape, text in disguises(secret).items()]
CASE_IDS = [f"{kind}-{shape}" for kind, shape, _ in CASES]


def everything(root: Path) -> dict[str, str]:
    """Every report format (text with colours too) and the golive.toml that ``golive init`` would write."""
    report = check_tree(root, load_settings(root), checks(), today=TODAY)
    outputs = {fmt: render(report, fmt) for fmt in RENDERERS}
    outputs["text (colour)"] = render(report, "text", color=True)
    outputs["golive init"] = config_text(inspect(root), TODAY)
    return outputs


def assert_no_leak(secret: str, outputs: dict[str, str]) -> None:
    found = {name: leaked(secret, text) for name, text in outputs.items()}
    assert not any(found.values()), {name: windows[:2] for name, windows in found.items() if windows}


def folder_safe(text: str) -> str:
    """``text`` as folder names: slashes replaced, cut into names that fit the file system's 255 bytes."""
    flat = text.replace("/", "_")
    return "/".join(flat[i : i + 200] for i in range(0, len(flat), 200))


# Places a report quotes text from the tree. Each builds files holding ``text`` (json.dumps quotes it for YAML).
CARRIERS = {
    "file name": lambda s: {f"config/{folder_safe(s)}.env.production": "STRIPE_SECRET_KEY=\n"},
    "folder name": lambda s: {f"{folder_safe(s)}/.env.production": "STRIPE_SECRET_KEY=\n"},
    "YAML key under stripe": lambda s: {"config/production.yaml": f"stripe:\n  {json.dumps(s)}: ''\n"},
    "JSON key": lambda s: {"config/production.json": json.dumps({"STRIPE_SECRET_KEY": "", "stripe": {s: ""}})},
    "dotenv value": lambda s: {".env.production": f"STRIPE_SECRET_KEY={json.dumps(s)}\n"},
    "reference default": lambda s: {".env.production": f"STRIPE_SECRET_KEY=${{STRIPE_KEY:-{s}}}\n"},
    "Kubernetes name and namespace": lambda s: {
        "k8s/deploy.yaml": (
            f"apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {json.dumps(s)}\n  namespace: {json.dumps('prod-' + s)}\n"
            "spec:\n  template:\n    spec:\n      containers:\n      - name: web\n        env:\n"
            "        - name: STRIPE_SECRET_KEY\n          value: ''\n"
        )
    },
    "Kubernetes Secret data key": lambda s: {
        "k8s/prod/secret.yaml": (
            f"apiVersion: v1\nkind: Secret\nmetadata:\n  name: {json.dumps(s)}\ndata:\n  {json.dumps(s)}: '!!'\n"
        )
    },
    "compose service and env_file": lambda s: {
        "docker-compose.prod.yml": (
            f"services:\n  {json.dumps(s)}:\n    environment:\n      STRIPE_SECRET_KEY: ''\n"
            f"    env_file: {json.dumps(s + '.env')}\n"
        )
    },
    "workflow job and environment": lambda s: {
        ".github/workflows/deploy.yml": (
            f"on: push\njobs:\n  {json.dumps(s)}:\n    environment: {json.dumps('production ' + s)}\n    runs-on: ubuntu-latest\n"
            "    env:\n      STRIPE_SECRET_KEY: ''\n    steps: []\n"
        )
    },
    "broken YAML alias": lambda s: {"config/production.yaml": f"stripe_secret_key: *x_{s.split()[0]}\n"},
    "inline ignore": lambda s: {
        ".env.production": f"# golive: ignore[GL104] {s}\nSTRIPE_SECRET_KEY=\n# golive: ignore[{s}] why\n"
    },
    "Dockerfile": lambda s: {"Dockerfile": f'FROM node:20\nENV STRIPE_SECRET_KEY {json.dumps(s)}\nENV BROKEN="{s}\n'},
    "settings fallback": lambda s: {
        "settings/production.py": f"STRIPE_SECRET_KEY = os.getenv('STRIPE_SECRET_KEY', {json.dumps(s)})\n"
    },
    "golive.toml exception": lambda s: {
        ".env.production": "STRIPE_SECRET_KEY=\n",
        "golive.toml": (
            f'[[exceptions]]\ncheck = "GL102"\npath = {json.dumps(s)}\nreason = {json.dumps(s)}\n'
            f'expires = 2001-01-01\n[[exceptions]]\ncheck = "GL104"\nvariable = {json.dumps(s)}\nreason = {json.dumps(s)}\n'
        ),
    },
}


@pytest.mark.parametrize("carrier", sorted(CARRIERS))
@pytest.mark.parametrize(("kind", "shape", "text"), CASES, ids=CASE_IDS)
def test_no_secret_in_any_output_wherever_the_tree_hides_it(tmp_path, carrier, kind, shape, text):
    root = write_tree(tmp_path / "app", CARRIERS[carrier](text))
    assert_no_leak(SECRETS[kind], everything(root))


@pytest.mark.parametrize(("kind", "shape", "text"), CASES, ids=CASE_IDS)
def test_no_secret_in_the_config_error_of_an_exception_naming_no_check(tmp_path, kind, shape, text):
    """A key pasted as an exception's check id is a configuration error (exit 2) that quotes it redacted."""
    root = write_tree(
        tmp_path / "app",
        {
            ".env.production": "STRIPE_SECRET_KEY=\n",
            "golive.toml": (
                f'[[exceptions]]\ncheck = {json.dumps(text)}\npath = ".env.production"\nreason = "pasted by mistake"\n'
            ),
        },
    )
    result = CliRunner().invoke(app, ["check", str(root)])
    assert result.exit_code == 2 and "no check is called" in result.stderr
    assert_no_leak(SECRETS[kind], {"stderr": result.stderr, "stdout": result.stdout})


# --- The pieces that make it so, one by one ------------------------------------------------------


@pytest.mark.parametrize(("kind", "shape", "text"), CASES, ids=CASE_IDS)
def test_scrub_redacts_every_disguise(kind, shape, text):
    scrubbed = scrub(f"error near {text}: see above")
    assert not leaked(SECRETS[kind], scrubbed), scrubbed
    assert scrubbed.startswith("error near ") and scrubbed.endswith("see above")


def test_scrub_leaves_redacted_keys_and_prose_alone():
    text = f"{redact(SK)} in .env.production reaches the client; {redact(WHSEC_SYMBOLS)} too"
    assert scrub(text) == text


def test_a_key_in_a_file_name_still_fires_and_is_shown_redacted(tmp_path):
    root = write_tree(tmp_path / "app", {f"config_{SK}/.env.production": "STRIPE_SECRET_KEY=\n"})
    report = check_tree(root, load_settings(root), checks(), today=TODAY)
    assert hits(report, "GL104") == {(f"config_{redact(SK)}/.env.production", 1)}


def test_a_reference_with_a_default_shows_the_reference_not_the_default(tmp_path):
    secret = f"{SK[:40]} {SK[40:]}"
    root = write_tree(tmp_path / "app", {".env.production": f"STRIPE_SECRET_KEY=${{STRIPE_KEY:-{secret}}}\n"})
    report = check_tree(root, load_settings(root), checks(), today=TODAY)
    (value,) = report.inventory.values
    assert value.redacted.startswith("${STRIPE_KEY:-sk_live_…")
    assert not leaked(SK, value.redacted, render(report, "html"))


def test_golive_init_writes_names_never_secrets(tmp_path):
    root = write_tree(
        tmp_path / "app",
        {
            ".env.production": f"STRIPE_RESTRICTED_KEY_{RK}={RK}\nSTRIPE_WEBHOOK_SECRET={WHSEC_HEX}\n",
            f"k8s/{SK}/secret.yaml": (
                f"apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\n  namespace: prod_{ORG}\nstringData:\n  STRIPE_KEY: {SK}\n"
            ),
        },
    )
    result = runner.invoke(app, ["init", str(root)])
    assert result.exit_code == 0, result.output
    written = (root / "golive.toml").read_text(encoding="utf-8")
    assert "STRIPE_RESTRICTED_KEY_rk_live_…" in written  # the variable is listed, its key part redacted
    for secret in SECRETS.values():
        assert not leaked(secret, written, result.output)


# --- Checks that quote what they should not -----------------------------------------------------

WEBHOOK_BODY = body(whsec("no-prefix"))  # a webhook secret pasted without whsec_: no pattern can see it


def _spec(run) -> CheckSpec:
    return made_up_check("ZZ901", "careless-plugin", run)


def _careless_tree(tmp_path: Path) -> Path:
    return write_tree(
        tmp_path / "app",
        {
            ".env.production": (
                f'STRIPE_SECRET_KEY="{SK[:40]} {SK[40:]}"\nSTRIPE_WEBHOOK_SECRET={WEBHOOK_BODY}\nSTRIPE_RESTRICTED_KEY={RK}\n'
            )
        },
    )


def test_a_crashing_plugin_cannot_print_a_value_no_pattern_recognises(tmp_path):
    def run(ctx):
        raise RuntimeError("; ".join(repr(v.key) for v in ctx.inventory.values))

    root = _careless_tree(tmp_path)
    report = check_tree(root, load_settings(root), [*checks(), _spec(run)], today=TODAY)
    assert [o.check.id for o in report.crashed] == ["ZZ901"]
    outputs = [report.crashed[0].error, *(render(report, fmt) for fmt in RENDERERS)]
    for secret in (SK, RK, "whsec_" + WEBHOOK_BODY):
        assert not leaked(secret, *outputs)


def test_a_plugin_finding_that_quotes_values_is_scrubbed(tmp_path):
    def run(ctx):
        for item in ctx.inventory.values:
            found = finding(item, f"saw {item.key.value!r}")
            yield Finding(
                found.message,
                f"{found.path}/{item.key.value}",
                found.line,
                variable=item.key.value,
                value=item.key.value,
                evidence=(item.key.value,),
            )

    root = _careless_tree(tmp_path)
    report = check_tree(root, load_settings(root), [_spec(run)], today=TODAY)
    assert hits(report, "ZZ901") and len(report.findings) == 3
    for secret in (SK, RK, "whsec_" + WEBHOOK_BODY):
        assert not leaked(secret, *(render(report, fmt) for fmt in RENDERERS))


# --- Configuration and command-line errors ------------------------------------------------------

SPACED = f"{SK[:30]} {SK[30:]}"


@pytest.mark.parametrize(
    ("files", "env"),
    [
        ({"golive.toml": f'STRIPE_SECRET_KEY = "{SPACED}"\n"deploy_{SK}" = 1\n"{SPACED}" = 2\n'}, {}),
        (
            {
                "golive.toml": (
                    f'[environments]\n"x_{SK}" = "{SPACED}"\n[restricted_keys."{SPACED}"]\n'
                    f'permissions = {{ "{SPACED}" = "all" }}\n'
                )
            },
            {},
        ),
        ({"golive.toml": f'env = "{SPACED}"\nfail_on = "{SK}"\n[webhooks]\nendpoints = "{SPACED}"\n'}, {}),
        ({"golive.toml": f'[[exceptions]]\ncheck = "{SPACED}"\nreason = "{SPACED}"\nexpires = "{SPACED}"\n'}, {}),
        ({"golive.toml": f'env = "production"\nkey = {SK}\n'}, {}),
        ({"pyproject.toml": f'[tool.golive]\nenv = "{SPACED}"\n"{SPACED}" = 1\n'}, {}),
        ({}, {"GOLIVE_ENV": SPACED, "GOLIVE_FAIL_ON": SK}),
        ({}, {"GOLIVE_EXCLUDE": SPACED}),  # not JSON: pydantic-settings raises before validation
        ({}, {"GOLIVE_ENVIRONMENTS": json.dumps({f"x_{SK}": SPACED})}),
    ],
    ids=[
        "unknown keys",
        "nested keys",
        "wrong types",
        "exception fields",
        "TOML syntax",
        "pyproject",
        "env vars",
        "env var not JSON",
        "env var dict",
    ],
)
def test_config_errors_exit_2_without_echoing_a_secret(tmp_path, files, env):
    root = write_tree(tmp_path / "app", {".env.production": "STRIPE_SECRET_KEY=\n", **files})
    result = runner.invoke(app, ["check", str(root)], env=env)
    assert result.exit_code == 2, result.output
    assert "golive:" in result.output
    assert not leaked(SK, result.output)


@pytest.mark.parametrize(
    "args",
    [
        ["--format", SPACED],
        ["--config", "{root}/.env.production"],
        ["--baseline", "{root}/.env.production"],
        ["--env", SPACED],
        ["--output", f"/nonexistent/{SPACED}/r.json", "--format", "json"],
    ],
    ids=["format", "config is a dotenv file", "baseline is a dotenv file", "env", "output folder"],
)
def test_command_line_errors_do_not_echo_a_secret(tmp_path, args):
    root = write_tree(tmp_path / "app", {".env.production": f'STRIPE_SECRET_KEY="{SPACED}"\nSTRIPE_RK={RK}\n'})
    result = runner.invoke(app, ["check", str(root), *(a.replace("{root}", str(root)) for a in args)])
    assert result.exit_code in (1, 2), result.output
    assert not leaked(SK, result.output) and not leaked(RK, result.output)


def test_a_missing_folder_named_like_a_key_is_not_echoed(tmp_path):
    result = runner.invoke(app, ["check", str(tmp_path / SPACED)])
    assert result.exit_code == 2
    assert not leaked(SK, result.output)


@pytest.mark.parametrize("base", [f"https://user:{SPACED}@api.stripe.com", f"ftp://{SPACED}"])
def test_a_bad_api_base_holding_a_key_is_not_echoed(tmp_path, base):
    root = write_tree(tmp_path / "app", {".env.production": "STRIPE_SECRET_KEY=\n"})
    result = runner.invoke(app, ["check", str(root), "--online"], env={"GOLIVE_STRIPE_API_BASE": base})
    assert result.exit_code == 2
    assert not leaked(SK, result.output)


# --- --online: Stripe's own words and httpx's logging -------------------------------------------


def test_online_full_key_echo_and_debug_logging_never_leak(tmp_path, monkeypatch, caplog):
    import stripe_double
    from stripe_double import StripeDouble

    monkeypatch.setattr(stripe_double, "_echo", lambda value, visible: value)  # a Stripe that echoes keys whole
    rejected = key("sk", "live", seed="leak-rejected")
    root = write_tree(
        tmp_path / "app",
        {
            ".env.production": f"STRIPE_SECRET_KEY={SK}\nSTRIPE_RESTRICTED_KEY={RK}\nSTRIPE_OTHER_SECRET_KEY={rejected}\n",
            "golive.toml": '[restricted_keys.STRIPE_RESTRICTED_KEY]\npermissions = { charges = "read" }\n',
        },
    )
    caplog.set_level(logging.DEBUG)
    with StripeDouble() as stripe:
        stripe.add_key(SK, account_of(SK))
        stripe.add_key(RK, account_of(SK), {"rak_charge_read"})
        options = OnlineOptions(
            base=stripe.url, timeout=0.5, retries=1, backoff=0.01, max_backoff=0.02, sandbox_rate=1000.0, live_rate=1000.0
        )
        report = check_tree(root, load_settings(root), checks(), today=TODAY, online=options)
    # Stripe never repeats a key whole: such answers are no Stripe answer (GL902), and their words are shown without the key
    assert hits(report, "GL902") == {(".env.production", 2), (".env.production", 3)} and hits(report, "GL106") == set()
    outputs = [*(render(report, fmt) for fmt in RENDERERS), caplog.text]
    for secret in (SK, RK, rejected):
        assert not leaked(secret, *outputs)


@pytest.mark.parametrize(("kind", "shape", "text"), CASES, ids=CASE_IDS)
def test_no_secret_in_what_did_not_run_or_was_left_unread(tmp_path, kind, shape, text):
    """The new parts of every report: a not-run reason quoting a key the tree holds, a symlinked folder
    named by it, a baseline accepted for a reason that quotes it, and the commit stage's deferrals."""
    from golive.api import NotRun
    from golive.suppress import Baseline

    root = write_tree(
        tmp_path / "app",
        {
            ".env.production": f"STRIPE_SECRET_KEY={json.dumps(text)}\nSTRIPE_WEBHOOK_SECRET=${{HOOK}}\n",
            f"{folder_safe(text)}/config.yaml": "a: 1\n",
        },
    )
    (root / "linked").symlink_to(root / folder_safe(text).split("/")[0], target_is_directory=True)

    def cannot_judge(ctx):
        raise NotRun(f"could not verify {text}")

    spec = made_up_check("GL997", "quotes-a-key", cannot_judge, online=False)
    first = check_tree(root, load_settings(root), [*checks(), spec], today=TODAY)
    baseline = Baseline("b.json", frozenset(f.fingerprint for f in first.findings), f"accepted: {text}")
    for stage in ("deploy", "commit"):
        report = check_tree(root, load_settings(root, stage=stage, require_online=True), [*checks(), spec], baseline, today=TODAY)
        assert any(o.check.id == "GL997" for o in report.not_run) and any(s.path == "linked" for s in report.skipped)
        outputs = {fmt: render(report, fmt) for fmt in RENDERERS}
        outputs["text (colour)"] = render(report, "text", color=True)
        assert_no_leak(SECRETS[kind], outputs)
