"""The ``golive`` command. Exit codes: 0 ready, 1 not ready, 2 usage or config error, 3 golive failed."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperCommand

from golive import __version__
from golive.exitcode import ExitCode

if TYPE_CHECKING:
    from typer._click import Context as ClickContext

    from golive.report import Report
    from golive.sources.scan import Scan

app = typer.Typer(
    context_settings={"help_option_names": ["-h", "--help"]},
    no_args_is_help=True,
    pretty_exceptions_enable=False,  # tracebacks with locals could print a key
    rich_markup_mode=None,  # plain help: rendering it with rich costs more than a whole small check
    help="Is this Stripe integration safe to go live? Reads config and environment, reports pass/fail.",
)
FORMATS = ("text", "json", "sarif", "junit", "github", "markdown", "html")
REPORT_ORDER = "golive.report_order"


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
    version: Annotated[
        bool, typer.Option("--version", callback=_show_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Is this Stripe integration safe to go live? Reads config and environment, reports pass/fail."""


def _load_plugins(optional: list[str]):
    """``optional``: plugins that may fail to load, from the checked tree's config; none without a tree."""
    from golive.plugins import PluginError, load_plugins

    try:
        return load_plugins(optional)
    except PluginError as error:
        raise fail(ExitCode.INTERNAL_ERROR, str(error)) from None


#: What a report file's name says about its format, compound suffixes first: the formats such a file can
#: hold, the first of which is inferred when ``-o`` comes without its own ``-f``.
EXTENSIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (".sarif.json", ("sarif",)),
    (".sarif", ("sarif",)),
    (".xml", ("junit",)),
    (".json", ("json", "sarif")),
    (".html", ("html",)),
    (".htm", ("html",)),
    (".md", ("markdown",)),
    (".markdown", ("markdown",)),
    (".txt", ("text", "github")),
    (".log", ("text", "github")),
)


def formats_for(output: Path) -> tuple[str, ...]:
    """The formats a file of this name can hold; empty when the name says nothing (``report``, ``.out``)."""
    name = output.name.lower()
    return next((formats for suffix, formats in EXTENSIONS if name.endswith(suffix)), ())


def destinations_of(occurrences: list[tuple[str, str]]) -> list[tuple[str, Path | None]]:
    """Each ``--output`` gets the ``--format`` written just before it, an output with none the format its
    name says, and a format with no output after it goes to stdout, which only one may use.
    ``occurrences``: ``("format", value)`` and ``("output", value)`` in command-line order. What a reader
    could take two ways is refused (exit 2), never guessed: a file would silently hold the wrong report."""
    chosen: list[tuple[str, Path | None]] = []
    bare: list[Path] = []  # outputs with no format right before them
    pending = False  # the last entry is a format still waiting for its output
    for kind, value in occurrences:
        if kind == "format":
            if value not in FORMATS:
                raise fail(ExitCode.USAGE_ERROR, f"unknown format {value!r}; choose from {', '.join(FORMATS)}")
            chosen.append((value, None))
            pending = True
            continue
        output = Path(value)
        allowed = formats_for(output)
        if pending:
            fmt = chosen[-1][0]
            if allowed and fmt not in allowed:
                raise fail(
                    ExitCode.USAGE_ERROR,
                    f"-o {value} follows -f {fmt}, but its name says {allowed[0]}: "
                    "write each -f right before its own -o (they pair by adjacency, not by position)",
                )
            chosen[-1] = (fmt, output)
        elif allowed:
            chosen.append((allowed[0], output))
            bare.append(output)
        else:
            raise fail(
                ExitCode.USAGE_ERROR,
                f"which format goes to {value}? Its name does not say: write -f FORMAT right before -o {value}",
            )
        pending = False
    to_stdout = [fmt for fmt, output in chosen if output is None]
    for fmt in to_stdout:
        meant = next((output for output in bare if fmt in formats_for(output)), None)
        if meant is not None:
            raise fail(
                ExitCode.USAGE_ERROR,
                f"-f {fmt} has no -o right after it and -o {meant} no -f right before it: "
                f"write -f {fmt} -o {meant} to put {fmt} in that file",
            )
    if len(to_stdout) > 1:
        raise fail(
            ExitCode.USAGE_ERROR,
            f"only one format may go to stdout, not {', '.join(to_stdout)}: write -o FILE right after the others' -f",
        )
    files = [os.path.abspath(output) for _, output in chosen if output is not None]
    if len(set(files)) < len(files):
        raise fail(ExitCode.USAGE_ERROR, "two formats would overwrite the same --output file")
    return chosen or [("text", None)]


class _CheckCommand(TyperCommand):
    """``golive check``, which keeps the order of ``-f`` and ``-o`` on its command line: click gathers each
    repeated option into a list of its own, and the pairing of the two is in their interleaving."""

    def parse_args(self, ctx: ClickContext, args: list[str]) -> list[str]:
        _, _, order = self.make_parser(ctx).parse_args(args=list(args))
        names = [param.name for param in order if param.name in ("fmts", "outputs")]
        ctx.meta[REPORT_ORDER] = names
        return super().parse_args(ctx, args)


def _occurrences(context: typer.Context, fmts: list[str], outputs: list[Path]) -> list[tuple[str, str]]:
    """``-f`` and ``-o`` values in command-line order (as given, without the order: formats first)."""
    values = {"fmts": iter(fmts), "outputs": iter(map(str, outputs))}
    order = context.meta.get(REPORT_ORDER) or ["fmts"] * len(fmts) + ["outputs"] * len(outputs)
    return [("format" if name == "fmts" else "output", next(values[name])) for name in order]


def _online_options(deadline: float):
    from dataclasses import replace

    from golive.online.options import OnlineOptions

    return replace(OnlineOptions.from_environ(os.environ), deadline=deadline)


@app.command(cls=_CheckCommand)
def check(
    context: typer.Context,
    path: Annotated[Path, typer.Argument(help="Root of the app to check.", metavar="PATH")] = Path("."),
    env: Annotated[
        str | None,
        typer.Option(
            metavar="ENV",
            help="Environment being deployed; files with no marker count as this (env GOLIVE_ENV, default production).",
        ),
    ] = None,
    fmts: Annotated[
        list[str] | None,
        typer.Option(
            "--format", "-f", metavar="FORMAT", help=f"Report format, repeatable: {', '.join(FORMATS)}; text when not given."
        ),
    ] = None,
    outputs: Annotated[
        list[Path] | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help=(
                "Write the report of the -f just before it to FILE (its format inferred from the name, .sarif .json .xml "
                ".html .md .txt, when no -f comes just before); repeatable. A -f with no -o after it goes to stdout."
            ),
        ),
    ] = None,
    from_env: Annotated[
        bool | None,
        typer.Option(
            "--from-env/--no-from-env", help="Also judge this process's environment variables, as the deploy step sees them."
        ),
    ] = None,
    fail_on: Annotated[
        str | None, typer.Option(metavar="SEVERITY", help="Lowest severity that blocks: error or warning (default error).")
    ] = None,
    config: Annotated[
        Path | None,
        typer.Option(
            metavar="FILE",
            help="golive config file (default PATH/golive.toml, then the tool.golive table of PATH/pyproject.toml).",
        ),
    ] = None,
    baseline: Annotated[
        Path | None,
        typer.Option(metavar="FILE", help="A previous JSON report: its findings are accepted, only new ones fail the gate."),
    ] = None,
    online: Annotated[
        bool,
        typer.Option(
            "--online",
            help="Also ask the Stripe API (read-only GETs) what each secret and restricted key is and can do; keys go only to https://api.stripe.com.",
        ),
    ] = False,
    quiet: Annotated[
        bool,
        typer.Option(
            "--quiet", "-q", help="On stdout, only the blocking findings and the verdict line instead of the text report."
        ),
    ] = False,
    baseline_reason: Annotated[
        str | None,
        typer.Option(
            metavar="TEXT",
            help="Why the --baseline findings are accepted (else [baseline] reason in golive.toml); required with --baseline.",
        ),
    ] = None,
    require_online: Annotated[
        bool | None,
        typer.Option(
            "--require-online/--no-require-online",
            help="An online check that did not run fails the gate (env GOLIVE_REQUIRE_ONLINE).",
        ),
    ] = None,
    stage: Annotated[
        str | None,
        typer.Option(
            metavar="STAGE",
            help="deploy (default) or commit: at commit, checks of values injected at deploy report not run (env GOLIVE_STAGE).",
        ),
    ] = None,
    online_deadline: Annotated[
        float | None,
        typer.Option(
            "--online-deadline",
            metavar="SECONDS",
            help="Seconds --online may take in all, name resolution included (env GOLIVE_ONLINE_DEADLINE, default 60).",
        ),
    ] = None,
) -> None:
    """Check a tree and report whether it is ready to go live."""
    destinations = destinations_of(_occurrences(context, fmts or [], outputs or []))
    if not path.is_dir():
        raise fail(ExitCode.USAGE_ERROR, f"{path} is not a directory")
    from golive.reporters import render, renderer

    for fmt, _ in destinations:
        renderer(fmt)  # imported now, while the workers golive.console started read the tree
    report = _report(
        path,
        config,
        baseline,
        baseline_reason,
        online,
        quiet,
        context.obj,
        env=env,
        from_env=from_env,
        fail_on=fail_on,
        require_online=require_online,
        stage=stage,
        online_deadline=online_deadline,
    )
    for fmt, output in destinations:
        color = output is None and sys.stdout.isatty() and "NO_COLOR" not in os.environ
        if quiet and output is None and fmt == "text":
            typer.echo(_quiet(report), nl=False)
            continue
        options = {"color": color} if fmt == "text" else {"run": _run_facts(path, config, baseline)} if fmt == "html" else {}
        rendered = render(report, fmt, **options)
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


def _report(
    path: Path,
    config: Path | None,
    baseline: Path | None,
    baseline_reason: str | None,
    online: bool,
    quiet: bool,
    started: Scan | None,
    **flags: Any,
) -> Report:
    """The check of ``path`` under the validated settings. ``started``: the tree's reading, begun by
    golive.console before typer was imported; the runner uses it only if the settings agree."""
    from golive.progress import Progress

    with Progress(active=not quiet):
        try:
            from golive.runner import check_tree
            from golive.settings import ConfigError, load_settings
            from golive.suppress import load_baseline

            try:
                settings = load_settings(path, config, **flags)
                accepted = load_baseline(baseline, settings.baseline, baseline_reason) if baseline else None
                options = _online_options(settings.online_deadline) if online else None
            except ConfigError as error:
                raise fail(ExitCode.USAGE_ERROR, str(error)) from None
            plugins = _load_plugins(settings.optional_plugins)
            try:
                report = check_tree(
                    path.resolve(),
                    settings,
                    plugins.checks,
                    accepted,
                    online=options,
                    plugin_notices=plugins.notices,
                    started=started,
                )
            except ConfigError as error:  # an exception naming no loaded check
                raise fail(ExitCode.USAGE_ERROR, str(error)) from None
        finally:
            if started is not None:
                started.stop()  # a reading the settings did not want, or one cut short by an error: its workers end
    if report.files_scanned == 0 and not report.skipped and not settings.from_env:
        raise fail(ExitCode.USAGE_ERROR, f"nothing to check: {path} holds no readable text file (wrong folder, or all excluded?)")
    return report


def _run_facts(path: Path, config: Path | None, baseline: Path | None) -> dict[str, str]:
    """When and where the check ran, for the reviewer who signs the HTML report: the commit (when git
    knows the tree), and which settings applied."""
    from datetime import UTC, datetime

    from golive.config_files import CONFIG_FILE, ENV_PREFIX, PYPROJECT_FILE

    commit = _git(path, "rev-parse", "HEAD")
    if commit and _git(path, "status", "--porcelain", "--untracked-files=no", "--", "."):
        commit += " with uncommitted changes"
    if config is not None:
        settings = str(config)
    elif (path / CONFIG_FILE).is_file():
        settings = CONFIG_FILE
    elif "[tool.golive" in _read_or_empty(path / PYPROJECT_FILE):
        settings = f"{PYPROJECT_FILE} [tool.golive]"
    else:
        settings = "none (defaults)"
    variables = sorted(name for name in os.environ if name.startswith(ENV_PREFIX))
    settings += f"; {', '.join(variables)} from the environment" if variables else ""
    settings += f"; baseline {baseline}" if baseline else ""
    return {
        "ran_at": datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S UTC"),
        "path": str(path.resolve()),
        "commit": commit or "",
        "config": settings,
    }


def _git(path: Path, *args: str) -> str | None:
    """git's answer about the checked tree, or None: no git, not a repository, or no answer in time."""
    import subprocess

    try:
        done = subprocess.run(["git", "-C", str(path), *args], capture_output=True, text=True, timeout=10, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() if done.returncode == 0 else None


def _read_or_empty(file: Path) -> str:
    try:
        return file.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def _quiet(report: Report) -> str:
    """``--quiet``: what blocks, one line each, then the verdict; nothing a passing gate needs to say."""
    lines = [f"{f.level.value.upper()} {f.where} {f.check_id} {f.check_name}: {f.message}" for f in report.blocking()]
    return "".join(f"{_printable(line)}\n" for line in [*lines, report.verdict])


@app.command()
def init(
    path: Annotated[Path, typer.Argument(help="Root of the app to set up.", metavar="PATH")] = Path("."),
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


@app.command()
def scope(
    path: Annotated[Path, typer.Argument(help="Root of the app.")] = Path("."),
    fmt: Annotated[str, typer.Option("--format", "-f", metavar="text|json", help="Output format.")] = "text",
    config: Annotated[Path | None, typer.Option(metavar="FILE", help="golive config file (default PATH/golive.toml).")] = None,
) -> None:
    """Print the minimal restricted-key scope each component's code needs, with the Stripe calls as evidence."""
    from golive.reporters import scope as scope_report
    from golive.runner import read_tree
    from golive.scopes import component_scopes
    from golive.settings import ConfigError, load_settings

    if fmt not in ("text", "json"):
        raise fail(ExitCode.USAGE_ERROR, f"unknown format {fmt!r}; choose text or json")
    if not path.is_dir():
        raise fail(ExitCode.USAGE_ERROR, f"{path} is not a directory")
    try:
        settings = load_settings(path, config)
    except ConfigError as error:
        raise fail(ExitCode.USAGE_ERROR, str(error)) from None
    scopes = component_scopes(read_tree(path.resolve(), settings)[1])
    typer.echo((scope_report.json_text if fmt == "json" else scope_report.text)(scopes), nl=False)


@app.command("checks")
def list_checks(
    fmt: Annotated[
        str, typer.Option("--format", "-f", metavar="FORMAT", help="text, or json: a list of the checks' metadata.")
    ] = "text",
) -> None:
    """List every check: id, name, severity, what it catches."""
    if fmt not in ("text", "json"):
        raise fail(ExitCode.USAGE_ERROR, f"unknown format {fmt!r} for `golive checks`; choose text or json")
    specs = _load_plugins([]).checks
    if fmt == "json":
        import json

        fields = ("id", "name", "severity", "summary", "rationale", "remediation", "plugin", "online")
        listed = [
            {name: getattr(spec, name).value if name == "severity" else getattr(spec, name) for name in fields} for spec in specs
        ]
        typer.echo(_printable(json.dumps(listed, indent=2, ensure_ascii=False)))
        return
    width = max(len(spec.name) for spec in specs)
    for spec in specs:
        typer.echo(f"{spec.id}  {spec.name:<{width}}  {spec.severity.value:<7}  {spec.summary}")


@app.command()
def explain(
    check_id: Annotated[str, typer.Argument(help="A check id (GL201) or name (secret-exposed-to-client).", metavar="CHECK")],
) -> None:
    """Explain a check: why it matters, what triggers it, how to fix it."""
    from golive.docs import explain_text

    specs = {s.id: s for s in _load_plugins([]).checks}
    spec = specs.get(check_id.upper()) or next((s for s in specs.values() if s.name == check_id.lower()), None)
    if spec is None:
        raise fail(ExitCode.USAGE_ERROR, f"no check {check_id!r}; `golive checks` lists them")
    typer.echo(explain_text(spec), nl=False)


def main(started: Scan | None = None) -> None:
    """Run the command, then leave without tearing the interpreter down: on a large tree the collector
    and module teardown spend 70 ms on objects nothing reads again. What golive wrote is flushed first.
    ``started``: the tree's reading that golive.console began, handed to ``check`` in click's context."""
    try:
        app(obj=started)
    except SystemExit as done:
        code = done.code
    except Exception as error:  # noqa: BLE001 - last resort: name the failure, never leak a value
        typer.echo(f"golive: internal error: {_printable(f'{type(error).__name__}: {error}')}", err=True)
        code = int(ExitCode.INTERNAL_ERROR)
    else:
        code = 0
    if started is not None:
        started.stop()  # unused (typer refused the line, the settings failed): its workers end with golive
    if not isinstance(code, int | None):
        sys.exit(code)  # a message to print: Python's own exit does that
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except OSError:  # a closed pipe: the report did not reach its reader
        code = code or int(ExitCode.INTERNAL_ERROR)
    os._exit(code or 0)
