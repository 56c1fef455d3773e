"""The architecture as a test: layers point down, nothing imports in a cycle, and checks use only
golive's public names. Read from the source with ast, so it sees every import a run can execute
(a function's lazy import too), except those under ``if TYPE_CHECKING``. The source is parsed in a
fresh interpreter (this file run as a script): CPython 3.11's parser can fail with a SystemError
after other tests have hit the recursion limit."""

from __future__ import annotations

import ast
import functools
import json
import subprocess
import sys
from pathlib import Path

import golive

ROOT = Path(__file__).resolve().parents[2]
#: Lowest first. A module may import modules of its own layer or below, never above.
LAYERS = (
    ("golive.api", "golive.exitcode", "golive.config_files"),  # the plugin contract, and plain names
    ("golive.keys", "golive.permissions", "golive.environments", "golive.progress"),  # vocabulary, and the shared file counter
    ("golive.sources",),  # readers: files and the environment -> located values
    ("golive.inventory",),
    ("golive.scopes", "golive.plugins", "golive.settings"),
    ("golive.online",),  # --online: facts about each key
    ("golive.report",),
    ("golive.suppress", "golive.runner"),
    ("checks",),  # the built-in checks: golive's public names only (the last test)
    ("golive.reporters", "golive.docs", "golive.init", "golive.github_action"),
    ("golive.cli",),
    ("golive.console", "golive.__main__"),  # the console script: starts reading, then runs the CLI
)


def _layer(module: str) -> int:
    for rank, names in enumerate(LAYERS):
        if any(module == name or module.startswith(name + ".") for name in names):
            return rank
    raise AssertionError(f"{module} has no layer: add it to LAYERS")


def _module(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """The golive modules a file imports at run time (``from golive.x import y`` counts y when it is a module)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only = {
        id(node)
        for guard in ast.walk(tree)
        if isinstance(guard, ast.If) and "TYPE_CHECKING" in ast.unparse(guard.test)
        for node in ast.walk(guard)
    }
    found = set()
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if (
            isinstance(node, ast.ImportFrom)
            and node.level == 0
            and node.module
            and node.module.split(".")[0] in ("golive", "checks")
        ):
            found.add(node.module)
            found.update(
                f"{node.module}.{a.name}"
                for a in node.names
                if (ROOT / f"{node.module}.{a.name}".replace(".", "/")).with_suffix(".py").exists()
            )
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.split(".")[0] in ("golive", "checks"))
    return found


def _graph() -> dict[str, set[str]]:
    return {module: set(targets) for module, targets in _parsed()["graph"].items()}


@functools.cache
def _parsed() -> dict:
    return json.loads(subprocess.check_output([sys.executable, __file__], text=True))


def _parse_all() -> dict:
    checks = {
        path.name: [
            (node.module, [a.name for a in node.names])
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("golive")
        ]
        for path in (ROOT / "checks").glob("*.py")
    }
    graph = {_module(path): sorted(_imports(path) - {_module(path)}) for path in (ROOT / "golive").rglob("*.py")}
    return {"graph": graph, "checks": checks}


def test_no_module_imports_from_a_higher_layer():
    upward = [
        f"{module} ({_layer(module)}) imports {target} ({_layer(target)})"
        for module, targets in _graph().items()
        if module != "golive"
        for target in targets
        if target != "golive" and _layer(target) > _layer(module)
    ]
    assert not upward, "\n".join(upward)


def test_no_import_cycle_at_module_level():
    graph = {module: {t for t in targets if t in _graph()} for module, targets in _graph().items()}
    seen, stack, cycles = set(), [], []

    def visit(module: str) -> None:
        if module in stack:
            cycles.append(" -> ".join([*stack[stack.index(module) :], module]))
            return
        if module in seen:
            return
        seen.add(module)
        stack.append(module)
        for target in sorted(graph.get(module, ())):
            if target != "golive":
                visit(target)
        stack.pop()

    for module in sorted(graph):
        visit(module)
    assert not cycles, "\n".join(cycles)


def test_checks_import_only_golive_public_names():
    for name, imports in _parsed()["checks"].items():
        for module, names in imports:
            assert module == "golive", f"{name} imports {module}"
            assert set(names) <= set(golive.__all__), f"{name}: {names}"


if __name__ == "__main__":
    print(json.dumps(_parse_all()))
