"""The issue-13 corpus: realistic app trees, each with the verdict a careful Stripe engineer gives it.

Every tree is a dict of files written at test time (keys only as ``@@sk_live:seed@@`` tokens that
tests/keyfactory.py expands, so no live-format literal sits in the repository). The truth of a tree
is written from Stripe's documentation and the framework's own build rules, never from what golive
answers today: where golive disagrees, the tree is a known miss (tests/test_corpus.py), not a weaker truth.

An expected finding names its line by a marker: the first line of the file that contains that text
(``at=("a", "b")``: either line is a right answer, where reasonable people would point at either).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from keyfactory import expand

#: The issue-13 classes (1-11), in its words.
CLASSES = {
    1: "templates by evidence, not by any folder name",
    2: "build variants decide the environment",
    3: "development-only surfaces are not production",
    4: "CI pipelines: artifacts carry their environment",
    5: "every client platform is a client",
    6: "a literal handed to the SDK is configuration",
    7: "keys where scanners do not look",
    8: "every config format a framework reads; comments are not code",
    9: "names nest",
    10: "joins the deploy makes",
    11: "webhook verification as the SDKs and libraries write it, per handler",
}


@dataclass(frozen=True)
class Expect:
    """One finding the truth demands: check id, file, and the line holding ``at`` (a marker, or a line number)."""

    check: str
    path: str
    at: str | int | tuple[str, ...]

    def candidates(self, files: dict[str, str]) -> set[tuple[str, str, int]]:
        markers = self.at if isinstance(self.at, tuple) else (self.at,)
        return {(self.check, self.path, _line(files, self.path, m)) for m in markers}


def _line(files: dict[str, str], path: str, at: str | int) -> int:
    if isinstance(at, int):
        return at
    text = files[path]
    index = text.find(at)
    if index < 0:
        raise ValueError(f"marker {at!r} is not in {path}")
    return text.count("\n", 0, index) + 1


@dataclass(frozen=True)
class App:
    """One app tree and its truth.

    ``fires``: issue-13 classes this tree proves by a finding that must be reported; ``holds``: classes
    it proves by a finding that must not be. ``deploy_env``: what the deploy step's environment holds
    (golive runs there with --from-env, as its docs prescribe; empty: run on the tree alone)."""

    name: str
    ecosystem: str
    deploy: str
    files: dict[str, str]
    ready: bool
    expect: tuple[Expect, ...] = ()
    warn: tuple[Expect, ...] = ()
    maybe: tuple[Expect, ...] = ()  # defensible either way: neither required nor unexpected
    fires: tuple[int, ...] = ()
    holds: tuple[int, ...] = ()
    deploy_env: dict[str, str] = field(default_factory=dict)
    why: str = ""

    def __post_init__(self):
        if self.ready and self.expect:
            raise ValueError(f"{self.name}: a ready app expects no error finding")
        if not self.ready and not self.expect:
            raise ValueError(f"{self.name}: a tree that is not ready names what blocks it")
        for expected in self.expect + self.warn + self.maybe:
            expected.candidates(self.files)  # every marker exists

    def write(self, root: Path) -> Path:
        for rel, text in self.files.items():
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(expand(text), encoding="utf-8")
        return root

    def environment(self) -> dict[str, str]:
        return {name: expand(value) for name, value in self.deploy_env.items()}


APPS: list[App] = []


def app(name: str, ecosystem: str, deploy: str, files: dict[str, str], ready: bool, **truth) -> App:
    """Register one tree; names are unique."""
    if any(a.name == name for a in APPS):
        raise ValueError(f"two corpus trees named {name}")
    tree = App(name, ecosystem, deploy, files, ready, **truth)
    APPS.append(tree)
    return tree


def E(check: str, path: str, at) -> Expect:  # noqa: N802 - reads as a table row
    return Expect(check, path, at)


def keys(seed: str) -> dict[str, str]:
    """Key tokens of one Stripe account (``seed``): live and sandbox keys that agree with each other."""
    return {f"{kind}_{mode}": f"@@{kind}_{mode}:{seed}@@" for kind in ("sk", "rk", "pk") for mode in ("live", "test")} | {
        "whsec": f"@@whsec:{seed}@@"
    }


def live_env(seed: str, webhook: bool = True, publishable: str = "STRIPE_PUBLISHABLE_KEY") -> dict[str, str]:
    """The production deploy environment of a correctly configured app."""
    k = keys(seed)
    env = {"STRIPE_SECRET_KEY": k["sk_live"]}
    if publishable:
        env[publishable] = k["pk_live"]
    if webhook:
        env["STRIPE_WEBHOOK_SECRET"] = k["whsec"]
    return env


def _load() -> None:
    """Each ecosystem module registers its trees when imported."""
    import importlib
    import pkgutil

    for module in sorted(m.name for m in pkgutil.iter_modules(__path__)):
        if module not in ("blocks", "__main__"):
            importlib.import_module(f"corpus.{module}")


_load()
