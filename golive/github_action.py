"""The GitHub Action's run step (action.yml): ``python -m golive.github_action``, with the Action's
inputs in ``INPUT_*`` variables.

It runs ``golive check`` once for every report the job needs: the text report to the log, SARIF for
code scanning, JSON for the outputs, Markdown for the job summary and annotations for when the SARIF
upload cannot happen. The user's ``args`` are split like a shell would (quotes kept, nothing expanded
or run). When the checked path is a folder of the repository (``path: apps/web``), locations in the
SARIF and the annotations are made relative to the repository root, where GitHub looks for them.
It always exits 0: golive's exit code is an output, and the Action's last step fails the job with it
after the upload ran.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shlex
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path, PurePosixPath
from urllib.parse import quote

from golive.exitcode import ExitCode
from golive.reporters.github import escape_property

VERDICT = re.compile(r"^(?:READY|NOT READY)\b.*$", re.M)
FAILURES = {
    int(ExitCode.USAGE_ERROR): "golive could not run: usage or configuration error (exit 2); see the log",
    int(ExitCode.INTERNAL_ERROR): "golive itself failed (exit 3): this run proves nothing; see the log",
}


def repository_prefix(path: str, workspace: Path) -> str:
    """The checked folder relative to the repository root (``apps/web``), or ``""`` for the root itself or
    a folder outside it (whose findings GitHub could not place anyway)."""
    try:
        relative = Path(os.path.abspath(workspace / path)).relative_to(os.path.abspath(workspace))
    except ValueError:
        return ""
    return "" if str(relative) == "." else PurePosixPath(relative).as_posix()


def rebase_sarif(log: dict, prefix: str) -> dict:
    """Locations relative to the repository root: code scanning resolves ``%SRCROOT%`` there."""
    if not prefix:
        return log
    for run in log.get("runs", []):
        for result in run.get("results", []):
            for location in result.get("locations", []):
                artifact = location.get("physicalLocation", {}).get("artifactLocation", {})
                if "uri" in artifact:
                    artifact["uri"] = f"{quote(prefix)}/{artifact['uri']}"
    return log


_ANNOTATION_FILE = re.compile(r"^(::(?:error|warning|notice) (?:[^:\n]*,)?file=)", re.M)


def rebase_annotations(text: str, prefix: str) -> str:
    """``file=`` of every workflow command relative to the repository root; properties are escaped, so
    the first ``file=`` before ``::`` is the property."""
    if not prefix:
        return text
    return _ANNOTATION_FILE.sub(lambda match: match.group(1) + escape_property(prefix + "/"), text)


def set_outputs(file: str, outputs: Mapping[str, str]) -> None:
    """Each value in the multi-line form, under a delimiter no value holds."""
    delimiter = f"golive_{secrets.token_hex(8)}"
    with open(file, "a", encoding="utf-8") as stream:
        for name, value in outputs.items():
            stream.write(f"{name}<<{delimiter}\n{value}\n{delimiter}\n")


def main(environ: Mapping[str, str] = os.environ) -> int:
    workspace = Path(environ.get("GITHUB_WORKSPACE") or ".")
    temp = Path(environ.get("RUNNER_TEMP") or workspace)
    path = environ.get("INPUT_PATH") or "."
    sarif = environ.get("INPUT_SARIF_FILE") or "golive.sarif"
    json_file, markdown, annotations = temp / "golive.json", temp / "golive-summary.md", temp / "golive-annotations.txt"
    outputs = {
        "exit-code": str(int(ExitCode.USAGE_ERROR)),
        "verdict": "",
        "ready": "false",
        "sarif-file": "",
        "json-file": "",
        "markdown-file": "",
        "annotations-file": "",
    }
    try:
        extra = shlex.split(environ.get("INPUT_ARGS") or "")
    except ValueError as error:
        outputs["verdict"] = f"golive could not run: the args input does not parse ({error}); quote it as a shell would"
        print(f"::error title=golive::{outputs['verdict']}")
        _finish(environ, outputs, markdown=None)
        return 0
    for stale in (workspace / sarif, json_file, markdown, annotations):
        stale.unlink(missing_ok=True)
    command = [
        sys.executable,
        "-m",
        "golive",
        "check",
        path,
        "--env",
        environ.get("INPUT_ENV") or "production",
        "-f",
        "text",
        "-f",
        "sarif",
        "-o",
        sarif,
        "-f",
        "json",
        "-o",
        str(json_file),
        "-f",
        "markdown",
        "-o",
        str(markdown),
        "-f",
        "github",
        "-o",
        str(annotations),
        *extra,
    ]
    print(f"golive check {shlex.join(command[4:])}", file=sys.stderr, flush=True)
    done = subprocess.run(command, cwd=workspace, stderr=subprocess.PIPE, text=True, check=False)
    sys.stderr.write(done.stderr)
    outputs["exit-code"] = str(done.returncode)
    prefix = repository_prefix(path, workspace)
    if (workspace / sarif).is_file():
        rebased = rebase_sarif(json.loads((workspace / sarif).read_text(encoding="utf-8")), prefix)
        (workspace / sarif).write_text(json.dumps(rebased, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        outputs["sarif-file"] = sarif
    if annotations.is_file():
        annotations.write_text(rebase_annotations(annotations.read_text(encoding="utf-8"), prefix), encoding="utf-8")
        outputs["annotations-file"] = str(annotations)
    if json_file.is_file():
        outputs["json-file"] = str(json_file)
        outputs["ready"] = "true" if json.loads(json_file.read_text(encoding="utf-8")).get("ready") else "false"
    verdicts = VERDICT.findall(done.stderr)
    outputs["verdict"] = (
        verdicts[-1] if verdicts else FAILURES.get(done.returncode, f"golive ended with exit code {done.returncode}")
    )
    _finish(environ, outputs, markdown if markdown.is_file() else None, prefix)
    return 0


def _finish(environ: Mapping[str, str], outputs: dict[str, str], markdown: Path | None, prefix: str = "") -> None:
    """Outputs for later steps, and the job summary: the Markdown report, or why there is none."""
    if markdown is not None:
        outputs["markdown-file"] = str(markdown)
    if environ.get("GITHUB_OUTPUT"):
        set_outputs(environ["GITHUB_OUTPUT"], outputs)
    if environ.get("GITHUB_STEP_SUMMARY"):
        where = f"Checked `{prefix}` (paths below are relative to it).\n\n" if prefix else ""
        body = markdown.read_text(encoding="utf-8") if markdown is not None else f"**golive:** {outputs['verdict']}\n"
        with open(environ["GITHUB_STEP_SUMMARY"], "a", encoding="utf-8") as summary:
            summary.write(where + body)


if __name__ == "__main__":
    sys.exit(main())
