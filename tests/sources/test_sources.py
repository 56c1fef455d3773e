"""Readers keep line numbers and variable names; the inventory explains environment and exposure."""

from __future__ import annotations

from helpers import run

from golive.environments import Env, Exposure
from golive.inventory import environment_of


def values(report):
    return {(v.path, v.line, v.variable) for v in report.inventory.values}


def test_dotenv_json_yaml_toml_lines(tree):
    root = tree(
        {
            ".env.production.local": "# comment\nexport STRIPE_SECRET_KEY=@@sk_live@@\nOTHER=1\n",
            "config/app.json": '{\n  "name": "shop",\n  "payments": {\n    "stripeKey": "@@pk_live@@"\n  }\n}\n',
            "config/app.yaml": "a: 1\n---\nstripe:\n  webhookSecret: '@@whsec@@'\n",
            "config/app.toml": 'title = "x"\n[stripe]\nsecret_key = "@@rk_live@@"\n',
        }
    )
    assert values(run(root)) >= {
        (".env.production.local", 2, "STRIPE_SECRET_KEY"),
        ("config/app.json", 4, "stripeKey"),
        ("config/app.yaml", 4, "stripe.webhookSecret"),
        ("config/app.toml", 3, "stripe.secret_key"),
    }


def test_text_scan_finds_keys_with_lines_and_assigned_names(tree):
    root = tree({"src/lib/pay.js": "// setup\n\nconst STRIPE_KEY = '@@sk_live@@';\n"})
    assert values(run(root)) == {("src/lib/pay.js", 3, "STRIPE_KEY")}


def test_skipped_dirs_and_binaries(tree):
    root = tree(
        {
            "node_modules/stripe/.env.production": "STRIPE_SECRET_KEY=@@sk_test@@\n",
            ".git/config": "token = @@sk_test@@\n",
            ".venv/lib/site.py": "KEY = '@@sk_test@@'\n",
            "app/.env": "STRIPE_SECRET_KEY=@@sk_test@@\n",
        }
    )
    (root / ".venv" / "pyvenv.cfg").write_text("home = /usr\n")
    (root / "logo.bin").write_bytes(b"\0\1" + b"sk_test_" + b"a1B2c3D4e5F6g7H8i9J0k1L2")
    report = run(root)
    assert {v.path for v in report.inventory.values} == {"app/.env"}
    assert report.files_scanned == 1


def test_exclude_never_hides_env_files(tree):
    root = tree(
        {
            ".env.production": "STRIPE_SECRET_KEY=@@sk_test@@\n",
            "generated/keys.js": "x='@@sk_test@@'\n",
            "golive.toml": 'exclude = [".env*", "generated/"]\n',
        }
    )
    assert {v.path for v in run(root).inventory.values} == {".env.production"}


def test_from_env_reads_the_process_environment(tree, monkeypatch):
    root = tree({"README.md": "hello\n"})
    monkeypatch.setenv("STRIPE_SECRET_KEY", "@@sk_test@@".replace("@@sk_test@@", _sk_test()))
    report = run(root, from_env=True)
    (value,) = report.inventory.values
    assert (value.path, value.environment, value.exposure) == ("environment", Env.PRODUCTION, Exposure.SERVER)
    assert [f.check_id for f in report.findings] == ["GL101"]


def _sk_test():
    from keyfactory import key

    return key("sk", "test")


import pytest  # noqa: E402


@pytest.mark.parametrize(
    ("path", "env"),
    [
        (".env.production", Env.PRODUCTION),
        (".env.prod", Env.PRODUCTION),
        (".env.production.local", Env.PRODUCTION),
        (".env.local", Env.DEVELOPMENT),
        (".env.staging", Env.STAGING),
        (".env.test", Env.TEST),
        ("config/app.production.json", Env.PRODUCTION),
        ("helm/values-production.yaml", Env.PRODUCTION),
        ("config/production.rb", Env.PRODUCTION),
        ("settings/production.py", Env.PRODUCTION),
        ("deploy/prod/app.yaml", Env.PRODUCTION),
        ("k8s/overlays/production/secret.yaml", Env.PRODUCTION),
        ("k8s/overlays/staging/secret.yaml", Env.STAGING),
        (".env.example", Env.TEMPLATE),
        (".env.sample", Env.TEMPLATE),
        (".env.template", Env.TEMPLATE),
        ("config/app.yml.dist", Env.TEMPLATE),
        ("config.example", Env.TEMPLATE),
        ("docs/setup.md", Env.TEMPLATE),
        ("examples/prod/.env", Env.TEMPLATE),
        ("tests/fixtures/app.json", Env.TEST),
        (".env", Env.STAGING),  # no marker: --env decides
    ],
)
def test_environment_inference(path, env):
    found, reason = environment_of(path, Env.STAGING, {})
    assert found is env
    assert reason.startswith(env.value)


def test_config_overrides_environment(tree):
    root = tree({"deploy/app.env": "STRIPE_SECRET_KEY=@@sk_test@@\n", "golive.toml": '[environments]\n"deploy/*" = "staging"\n'})
    (value,) = run(root).inventory.values
    assert value.environment is Env.STAGING
    assert "golive config" in value.environment_reason


@pytest.mark.parametrize(
    ("files", "exposure", "why"),
    [
        ({".env": "NEXT_PUBLIC_STRIPE_KEY=@@sk_test@@\n"}, Exposure.CLIENT, "NEXT_PUBLIC_"),
        ({".env": "VITE_STRIPE_KEY=@@sk_test@@\n"}, Exposure.CLIENT, "Vite"),
        ({".env": "EXPO_PUBLIC_STRIPE_KEY=@@sk_test@@\n"}, Exposure.CLIENT, "Expo"),
        ({"dist/assets/index-4f1.js": "a='@@sk_test@@'\n"}, Exposure.CLIENT, "bundle"),
        ({"src/components/Pay.jsx": "a='@@sk_test@@'\n"}, Exposure.CLIENT, ".jsx"),
        ({".env": "STRIPE_SECRET_KEY=@@sk_test@@\n"}, Exposure.SERVER, "without a public prefix"),
        ({"app/payments.py": "A='@@sk_test@@'\n"}, Exposure.SERVER, ".py"),
    ],
)
def test_exposure_inference(tree, files, exposure, why):
    (value,) = run(tree(files)).inventory.values
    assert value.exposure is exposure
    assert why in value.exposure_reason


def test_templates_full_of_placeholders_are_quiet(tree):
    template = (
        "STRIPE_SECRET_KEY=sk_live_...\nSTRIPE_PUBLISHABLE_KEY=pk_live_xxxxxxxxxxxxxxxxxxxxxxxx\n"
        "NEXT_PUBLIC_STRIPE_SECRET_KEY=sk_test_YOUR_SECRET_KEY\nSTRIPE_WEBHOOK_SECRET=whsec_...\n"
        "STRIPE_RESTRICTED_KEY=rk_live_REPLACE_ME\nSTRIPE_KEY=sk_test_4eC39HqLyjWDarjtT1zdp7dc\n"
    )
    root = tree(
        {
            ".env.example": template,
            ".env.sample": template,
            ".env.template": template,
            "config.yml.dist": "stripe:\n  key: sk_live_...\n",
        }
    )
    report = run(root)
    assert not [f for f in report.findings if f.check_id in {"GL101", "GL102", "GL201"}]


def test_near_misses_in_code_produce_no_key_findings(tree):
    code = (
        'if (name.startsWith("sk_live_")) {}\nconst run_task_test_aB3dE9fG2hJ4kL = 1;\n'
        "disk_live_backupVolume42 = True\nmask_live_video()\nconst x = 'sk-live-aB3dE9fG2hJ4kL5mN6pQ7rS8';\n"
        "const STRIPE_SK_LIVE_PAYMENT = 'pk_live_publishableKeyPrefix';\n"
    )
    report = run(tree({"src/util.ts": code, "app.py": code}))
    assert report.inventory.values == ()
    assert report.ready
