"""The ``golive`` command. Exit codes: 0 ready, 1 not ready, 2 usage or config error, 3 golive failed."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from golive import __version__
from golive.exitcode import ExitCode

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,  # tracebacks with locals could print a key
    rich_markup_mode=None,  # plain help: rendering it with rich costs more than a whole small check
    help="Is this Stripe integration safe to go live? Reads config and environment, reports pass/fail.",
)
FORMATS = ("text", "json", "sarif", "junit", "github", "markdown", "html")


def fail(code: ExitCode, message: str) -> typer.Exit:
    """One ``golive:`` line per problem in ``message``."""
    typer.echo("\n".join(f"golive: {line}" for line in _printable(message).splitlines()), err=True)
    return typer.Exit(int(code))


def _printable(message: str) -> str:
    """No key, and no escape sequence from a name or error text, reaches the terminal."""
    from golive.keys import scrub
    from golive.reporters.parts import visible

    return visible(scrub(message), keep="\n")


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"golive {__version__}")
        raise typer.Exit()


@app.callback()
def _options(
    version: Annotated[bool, typer.Option("--version", callback=_show_version, is_eager=True, help="Show the version and exit.")] = False,
) -> None:
    """Is this Stripe integration safe to go live? Reads config and environment, reports pass/fail."""


def _load_plugins(optional: list[str]):
    """``optional``: plugins that may fail to load, from the checked tree's config; none without a tree."""
    from golive.plugins import PluginError, load_plugins

    try:
        return load_plugins(optional)
    except PluginError as error:
        raise fail(ExitCode.INTERNAL_ERROR, str(error)) from None


def _destinations(fmts: list[str], outputs: list[Path]) -> list[tuple[str, Path | None]]:
    """Pair formats with outputs by order; formats left over go to stdout, which only one may use."""
    unknown = [fmt for fmt in fmts if fmt not in FORMATS]
    if unknown:
        raise fail(ExitCode.USAGE_ERROR, f"unknown format {unknown[0]!r}; choose from {', '.join(FORMATS)}")
    if len(outputs) > len(fmts):
        raise fail(ExitCode.USAGE_ERROR, f"{len(outputs)} --output for {len(fmts)} --format; give one format per output")
    if len(fmts) - len(outputs) > 1:
        raise fail(ExitCode.USAGE_ERROR, "only one --format may go to stdout; give the others an --output each")
    if len(set(outputs)) < len(outputs):
        raise fail(ExitCode.USAGE_ERROR, "two formats would overwrite the same --output file")
    return [(fmt, outputs[i] if i < len(outputs) else None) for i, fmt in enumerate(fmts)]


def _online_options():
    from golive.online.options import OnlineOptions

    return OnlineOptions.from_environ(os.environ)


@app.command()
def check(
    path: Annotated[Path, typer.Argument(help="Root of the app to check.")] = Path("."),
    env: Annotated[Optional[str], typer.Option(help="Environment being deployed; files with no marker count as this (env GOLIVE_ENV, default production).")] = None,
    fmts: Annotated[Optional[list[str]], typer.Option("--format", "-f", help=f"Report format, repeatable: {', '.join(FORMATS)}; text when not given.")] = None,
    outputs: Annotated[Optional[list[Path]], typer.Option("--output", "-o", help="Write the report to this file instead of stdout; repeatable, paired with --format by order.")] = None,
    from_env: Annotated[Optional[bool], typer.Option("--from-env/--no-from-env", help="Also judge this process's environment variables, as the deploy step sees them.")] = None,
    fail_on: Annotated[Optional[str], typer.Option(help="Lowest severity that blocks: error or warning (default error).")] = None,
    config: Annotated[Optional[Path], typer.Option(help="golive config file (default PATH/golive.toml, then the tool.golive table of PATH/pyproject.toml).")] = None,
    baseline: Annotated[Optional[Path], typer.Option(help="A previous JSON report: its findings are accepted, only new ones fail the gate.")] = None,
    online: Annotated[bool, typer.Option("--online", help="Also ask the Stripe API (read-only GETs) what each secret and restricted key is and can do; keys go only to https://api.stripe.com.")] = False,
) -> None:
    """Check a tree and report whether it is ready to go live."""
    destinations = _destinations(fmts or ["text"], outputs or [])
    if not path.is_dir():
        raise fail(ExitCode.USAGE_ERROR, f"{path} is not a directory")
    from golive.reporters import render
    from golive.runner import check_tree
    from golive.settings import ConfigError, load_settings
    from golive.suppress import load_baseline

    try:
        settings = load_settings(path, config, env=env, from_env=from_env, fail_on=fail_on)
        accepted = load_baseline(baseline) if baseline else frozenset()
        options = _online_options() if online else None
    except ConfigError as error:
        raise fail(ExitCode.USAGE_ERROR, str(error)) from None
    plugins = _load_plugins(settings.optional_plugins)
    report = check_tree(path.resolve(), settings, plugins.checks, accepted, online=options, plugin_notices=plugins.notices)
    if report.files_scanned == 0 and not report.skipped and not settings.from_env:
        raise fail(ExitCode.USAGE_ERROR, f"nothing to check: {path} holds no readable text file (wrong folder, or all excluded?)")
    for fmt, output in destinations:
        color = output is None and sys.stdout.isatty() and "NO_COLOR" not in os.environ
        rendered = render(report, fmt, **({"color": color} if fmt == "text" else {}))
        if output is None:
            typer.echo(rendered, nl=False)
            continue
        try:
            output.write_text(rendered, encoding="utf-8")
        except OSError as error:
            raise fail(ExitCode.USAGE_ERROR, f"cannot write {output}: {error.strerror}") from None
    if any(output is not None for _, output in destinations):
        typer.echo(report.verdict, err=True)
    for crashed in report.crashed:
        typer.echo(f"golive: check {crashed.check.id} crashed: {_printable(crashed.error)}", err=True)
    raise typer.Exit(int(report.exit_code))


@app.command()
def init(
    path: Annotated[Path, typer.Argument(help="Root of the app to set up.")] = Path("."),
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing golive.toml.")] = False,
) -> None:
    """Write a commented golive.toml from what the tree holds: variable names, environments, scopes to declare."""
    from datetime import date

    from golive.init import ConfigExists, write_config

    if not path.is_dir():
        raise fail(ExitCode.USAGE_ERROR, f"{path} is not a directory")
    try:
        target, inventory = write_config(path, force, date.today())
    except ConfigExists as error:
        raise fail(ExitCode.USAGE_ERROR, str(error)) from None
    names = {item.variable for item in inventory.values if item.variable}
    typer.echo(f"wrote {target}: {len(names)} Stripe variables found (names only); review it, then run `golive check {path}`")


@app.command("checks")
def list_checks() -> None:
    """List every check: id, name, severity, what it catches."""
    specs = _load_plugins([]).checks
    width = max(len(spec.name) for spec in specs)
    for spec in specs:
        typer.echo(f"{spec.id}  {spec.name:<{width}}  {spec.severity.value:<7}  {spec.summary}")


@app.command()
def explain(check_id: Annotated[str, typer.Argument(help="A check id (GL201) or name (secret-exposed-to-client).")]) -> None:
    """Explain a check: why it matters, what triggers it, how to fix it."""
    from golive.docs import explain_text

    specs = {s.id: s for s in _load_plugins([]).checks}
    spec = specs.get(check_id.upper()) or next((s for s in specs.values() if s.name == check_id.lower()), None)
    if spec is None:
        raise fail(ExitCode.USAGE_ERROR, f"no check {check_id!r}; `golive checks` lists them")
    typer.echo(explain_text(spec), nl=False)


def main() -> None:
    """Run the command, then leave without tearing the interpreter down: on a large tree the collector
    and module teardown spend 70 ms on objects nothing reads again. What golive wrote is flushed first."""
    try:
        app()
    except SystemExit as done:
        code = done.code
    except Exception as error:  # noqa: BLE001 - last resort: name the failure, never leak a value
        typer.echo(f"golive: internal error: {_printable(f'{type(error).__name__}: {error}')}", err=True)
        code = int(ExitCode.INTERNAL_ERROR)
    else:
        code = 0
    if not isinstance(code, int | None):
        sys.exit(code)  # a message to print: Python's own exit does that
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except OSError:  # a closed pipe: the report did not reach its reader
        code = code or int(ExitCode.INTERNAL_ERROR)
    os._exit(code or 0)
