"""Every `golive ...` command in the README's and the CI and reports pages' code blocks, run as written
against the bundled Next.js sample: it must judge (exit 0 or 1), never refuse its own documentation
(2) or fail (3). `--online` goes to the Stripe API double on 127.0.0.1, `--from-env` reads a deploy
environment of sandbox keys."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from keyfactory import account_of, key, whsec

ROOT = Path(__file__).resolve().parents[2]
DOCUMENTS = ["README.md", "docs/ci.md", "docs/reports.md"]
FENCE = re.compile(r"^```(?:sh|bash|shell|console|yaml)\n(.*?)^```", re.M | re.S)
SAMPLE = ROOT / "sample-configs" / "nextjs-shop-not-ready"
SCRIPT = Path(sys.executable).with_name("golive")


def documented_commands() -> list[tuple[str, str]]:
    """``(document, command)`` for each golive command in a code block: shell lines and YAML list items,
    each `&&`, `||` or `;` part on its own, comments dropped."""
    found = []
    for document in DOCUMENTS:
        for block in FENCE.findall((ROOT / document).read_text(encoding="utf-8")):
            for line in block.splitlines():
                lexer = shlex.shlex(re.sub(r"^\s*(?:-\s+|\$\s+)?", "", line), posix=True, punctuation_chars=True)
                lexer.whitespace_split = True
                parts: list[list[str]] = [[]]
                for word in lexer:
                    if word in ("&&", "||", ";", "|"):
                        parts.append([])
                    else:
                        parts[-1].append(word)
                found += [(document, shlex.join(part)) for part in parts if part[:1] == ["golive"] and len(part) > 1]
    return found


COMMANDS = documented_commands()


def test_the_documents_hold_commands():
    assert len(COMMANDS) >= 10
    assert any("-f sarif -o golive.sarif -f junit" in command for _, command in COMMANDS)


@pytest.mark.parametrize(("document", "command"), COMMANDS, ids=[f"{d}: {c}" for d, c in COMMANDS])
def test_documented_command_runs(document, command, tmp_path, stripe):
    work = tmp_path / "work"
    shutil.copytree(SAMPLE, work)  # `.` is the sample app
    shutil.copytree(ROOT / "sample-configs", work / "sample-configs")
    secret = key("sk", "test", seed="docs")
    stripe.add_key(secret, account_of(secret))
    environment = {
        "PATH": str(Path(sys.executable).parent),
        "HOME": str(tmp_path),
        "GOLIVE_STRIPE_API_BASE": stripe.url,
        "STRIPE_SECRET_KEY": secret,
        "STRIPE_WEBHOOK_SECRET": whsec("docs"),
    }
    program = [str(SCRIPT)] if SCRIPT.is_file() else [sys.executable, "-m", "golive"]
    done = subprocess.run(
        [*program, *shlex.split(command)[1:]], cwd=work, env=environment, capture_output=True, text=True, timeout=120
    )
    assert done.returncode in (0, 1), f"{document}: `{command}` exited {done.returncode}\n{done.stderr}"
