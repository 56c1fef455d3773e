"""Sources turn files and the process environment into located values.

A reader gets a file's text and returns a :class:`Reading`: the (variable, value) pairs it holds with
their line numbers, and code signals such as webhook handlers. The inventory decides environment and
exposure, from the location and from what the file itself says (a Kubernetes namespace, a workflow
job's environment), which readers pass on as hints with the reason in words.
"""

from __future__ import annotations

import bisect
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from golive.keys import KEY_IN_TEXT, classify, occurrences


@dataclass(frozen=True)
class Located:
    """A value as a source read it: where, under which name, exactly as written."""

    path: str  # posix path relative to the checked root, or "environment"
    line: int  # 1-based; 0 for the process environment
    variable: str | None  # STRIPE_SECRET_KEY, stripe.secretKey; None for a bare key in text
    value: str | None  # None when only the name was seen (process.env.NEXT_PUBLIC_STRIPE_SECRET)
    source: str  # the reader: dotenv, json, yaml, toml, text, environment
    # What the file itself says, where one file holds several environments (a Kubernetes namespace,
    # a workflow job's `environment:`): (environment name, reason). The inventory prefers it over the
    # path, except that templates stay templates.
    environment_hint: tuple[str, str] | None = None
    exposure_hint: tuple[str, str] | None = None  # (exposure name, reason): "Dockerfile ENV is baked into the image"
    # A default in code (`os.getenv("X", "…")`): what runs only where nothing else in the same
    # environment sets X, so the inventory drops it where something does.
    fallback: bool = False


@dataclass(frozen=True)
class Signal:
    """Code evidence that is not a value, e.g. a webhook handler that verifies signatures."""

    path: str
    line: int
    # Webhook kinds are listed in golive.sources.webhooks; "project_root": a manifest (package.json,
    # go.mod) that makes its folder one app.
    kind: str
    detail: str
    environment: str = ""  # filled in by the inventory
    names: tuple[str, ...] = ()  # functions a webhook handler calls, or the name of one that verifies


@dataclass(frozen=True)
class StripeCall:
    """A call to the Stripe API in application code: what a restricted key for its component must allow."""

    path: str
    line: int
    call: str  # as written, shortened: stripe.checkout.sessions.create
    resource: str | None  # golive's resource name (checkout_sessions); None: golive cannot tell
    access: str | None  # "read" or "write"; None: golive cannot tell
    why_unresolved: str = ""  # for a call golive cannot judge: a dynamic resource, an unknown method
    environment: str = ""  # filled in by the inventory


@dataclass(frozen=True)
class PublicEnv:
    """Tree-level knowledge from a build config: the env variables it makes public under its folder.

    Vite's ``envPrefix: "APP_"`` exposes APP_ variables to client code; react-native-config ships
    every variable of the app's ``.env`` files. Recorded by the reader that sees the config, applied
    by the inventory to the env files it covers.
    """

    folder: str  # posix folder relative to the root; "" for the root
    prefix: str  # "" means every variable
    reason: str  # "client: vite.config.ts envPrefix 'APP_' exposes APP_ variables to client code"


@dataclass(frozen=True)
class Variant:
    """Tree-level knowledge from a build config: the environment of files that another file decides.

    angular.json's production build replaces ``environment.ts`` with ``environment.prod.ts``; a Flutter
    release build reads ``--dart-define-from-file=config/prod.json``; an Android module's ``src/debug/``
    source set goes only into debug builds. Recorded by the reader that sees the build config, applied
    by the inventory where the file itself says nothing.
    """

    path: str  # posix path relative to the root: one file, or a folder ending in "/"
    environment: str
    reason: str  # "development: angular.json's production build replaces it with environment.prod.ts"
    # The build passes this one file of a folder of alternatives (a Flutter define file): the files of
    # its kind beside it, which no build of this environment passes, are other builds'.
    alone: bool = False


@dataclass(frozen=True)
class ClientApp:
    """Tree-level knowledge from a build config: a folder (or one file) whose code ships to users.

    ``pubspec.yaml`` with the Flutter SDK compiles ``lib/`` into the app; a Vite ``index.html`` pulls
    its entry's folder into the browser bundle; a browser extension's ``manifest.json`` packages its
    whole folder. Applied by the inventory to the values found there.
    """

    path: str  # posix: one file, or a folder ending in "/" ("" for the root: an app at the top of the tree)
    reason: str  # "client: Flutter app (app/pubspec.yaml depends on the flutter SDK) compiles lib/ into the app"
    whole: bool = False  # every file ships (an extension folder, a Flutter asset); else only code, and not server/ below it
    # Server languages this platform compiles into the app (Android's .kt and .java, Tauri's .rs); any
    # other .py, .rb, .go … there is tooling (fastlane, build scripts), not shipped code.
    compiles: tuple[str, ...] = ()


@dataclass(frozen=True)
class XcodeFact:
    """What one Xcode file says about build configurations, joined across the tree by golive.sources.xcode.

    ``kind``: "configuration" (``subject``, an .xcconfig file name, is the base of configuration
    ``name``: project.pbxproj), "include" (the .xcconfig at ``subject`` includes the one named ``name``),
    "archive" / "run" (a scheme archives, or runs and tests, with configuration ``name``).
    """

    kind: str
    subject: str
    name: str
    where: str  # the file that says it


BuildFact = Variant | ClientApp | XcodeFact


@dataclass(frozen=True)
class Load:
    """A deploy file loading values kept elsewhere: a Kubernetes workload's ``envFrom`` loads Secret
    ``stripe``; a compose ``env_file``, a Dockerfile ``COPY .env`` or a deploy step loads a file. What is
    loaded runs where the loader runs. Recorded by the reader that sees the loading, joined by the inventory."""

    what: str  # "Secret", "ConfigMap", or "file"
    name: str  # the object's name, or the file's posix path relative to the root
    namespace: str | None  # a Kubernetes loader's namespace, when it says
    by: str  # the loader in words: "Deployment shop-api (k8s/api.yaml, envFrom)"
    environment: tuple[str, str] | None  # the loader's (environment, reason), when it says


@dataclass(frozen=True)
class Store:
    """A Kubernetes Secret or ConfigMap (or a kustomize generator): the lines of its file that hold its
    values, so that they can be joined to the workloads that load it."""

    path: str
    first_line: int
    last_line: int
    what: str  # "Secret" or "ConfigMap"
    name: str
    namespace: str | None


@dataclass(frozen=True)
class IgnoreComment:
    """``# golive: ignore[GL102] reason`` as written: the suppression itself is decided in golive.suppress."""

    path: str
    line: int
    checks: tuple[str, ...]  # ids or names, as written
    reason: str  # empty: the comment is reported and suppresses nothing


@dataclass(frozen=True)
class Skipped:
    """A file that could not be judged in full, and why."""

    path: str
    reason: str
    unread: bool  # True: nothing in it was judged; False: read as plain text instead


@dataclass
class Reading:
    values: list[Located] = field(default_factory=list)
    signals: list[Signal] = field(default_factory=list)
    public_env: list[PublicEnv] = field(default_factory=list)
    build: list[BuildFact] = field(default_factory=list)
    loads: list[Load] = field(default_factory=list)
    stores: list[Store] = field(default_factory=list)
    calls: list[StripeCall] = field(default_factory=list)
    problem: str = ""  # set when a structured parse failed and the file was read as text


@dataclass
class Collected:
    """Everything the sources found in one run."""

    values: list[Located] = field(default_factory=list)
    signals: list[Signal] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    ignores: list[IgnoreComment] = field(default_factory=list)
    public_env: list[PublicEnv] = field(default_factory=list)
    build: list[BuildFact] = field(default_factory=list)
    loads: list[Load] = field(default_factory=list)
    stores: list[Store] = field(default_factory=list)
    calls: list[StripeCall] = field(default_factory=list)
    files_scanned: int = 0
    tracked: frozenset[str] | None = None  # paths git tracks; None when the root is not a git work tree
    ignored: frozenset[str] = frozenset()  # untracked `.env` files git ignores (outside a work tree: the tree's .gitignore files)

    def add(self, reading: Reading) -> None:
        self.values.extend(reading.values)
        self.signals.extend(reading.signals)
        self.public_env.extend(reading.public_env)
        self.build.extend(reading.build)
        self.loads.extend(reading.loads)
        self.stores.extend(reading.stores)
        self.calls.extend(reading.calls)

    def merge(self, other: Collected) -> None:
        """What a worker process read from its part of the tree."""
        self.values.extend(other.values)
        self.signals.extend(other.signals)
        self.public_env.extend(other.public_env)
        self.build.extend(other.build)
        self.loads.extend(other.loads)
        self.stores.extend(other.stores)
        self.calls.extend(other.calls)
        self.skipped.extend(other.skipped)
        self.ignores.extend(other.ignores)
        self.files_scanned += other.files_scanned


@dataclass(frozen=True)
class Workspace:
    """What a reader may need beyond one file: sibling files (compose env_file) and the --from-env values."""

    root: Path
    environ: Mapping[str, str] | None = None


def mentions_stripe(variable: str | None) -> bool:
    return bool(variable and "stripe" in variable.lower())


def located(path: str, line: int, variable: str | None, value: str | None, source: str) -> list[Located]:
    """The Stripe-relevant values in one (variable, value) pair.

    A Stripe-named variable is kept whatever its value (an empty production key is a finding);
    any other variable only for the real keys inside its value (a key in a DATABASE_URL still counts).
    A real key inside a longer value is a value of its own either way: a Stripe-named variable that
    holds more than the key (``STRIPE="key=sk_live_… mode=live"``, ``https://sk_live_…:@api.stripe.com``).
    """
    whole = [Located(path, line, variable, value, source)] if mentions_stripe(variable) else []
    if not value or "_" not in value:
        return whole
    if classify(value).is_real:
        return whole or [Located(path, line, variable, value, source)]
    return whole + [
        Located(path, line + value.count("\n", 0, match.start()), variable, match.group(0), source)
        for match in KEY_IN_TEXT.finditer(value)
        if classify(match.group(0)).is_real
    ]


def name_matcher(patterns: Sequence[tuple[str, str]]) -> Callable[[str], str | None]:
    """The reader of the first pattern (without capturing groups) that a file name fully matches, in
    one regex call: every file of a tree goes through here."""
    combined = re.compile("|".join(f"({pattern})" for pattern, _ in patterns))
    readers = [reader for _, reader in patterns]

    def reader_of(name: str) -> str | None:
        match = combined.fullmatch(name)
        return readers[match.lastindex - 1] if match and match.lastindex else None

    return reader_of


class Lines:
    """The line of any offset, asked in any order. Each answer counts line breaks from the nearest offset
    asked before it, in C: a file asked about a few offsets costs a few short counts, one asked in
    order costs one pass, and one nothing is found in costs nothing."""

    def __init__(self, content: str, first_line: int = 1) -> None:
        self.content = content
        self.offsets, self.lines = [0], [first_line]  # offsets asked so far, in order, with their lines

    def at(self, offset: int) -> int:
        index = bisect.bisect_right(self.offsets, offset) - 1
        line = self.lines[index] + self.content.count("\n", self.offsets[index], offset)
        if offset != self.offsets[index]:
            self.offsets.insert(index + 1, offset)
            self.lines.insert(index + 1, line)
        return line


# Speed: many patterns start with a lookbehind or an alternation, which re tries at every character of
# a file (about 100 MB/s), while a literal search runs at GB/s. So they run only where a literal they
# must contain occurs: a multi-megabyte bundle costs a few literal searches.
def compiled_on_use(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)``, compiled when first used. Reader modules are imported before the
    workers fork, so a pattern compiled at import delays every reading process; compiled on use, a
    pattern a tree never needs (a webhook handler's, .NET's) costs nothing, and one it needs is compiled
    by each reading process in parallel."""
    return cast("re.Pattern[str]", _PatternOnUse(pattern, flags))


class _PatternOnUse:
    def __init__(self, pattern: str, flags: int) -> None:
        self.pattern, self.flags = pattern, flags

    def __getattr__(self, name: str) -> Any:
        """Compile, and keep the compiled pattern's methods: later calls go straight to them."""
        compiled = re.compile(self.pattern, self.flags)
        for method in ("search", "match", "fullmatch", "finditer", "findall", "sub", "split"):
            setattr(self, method, getattr(compiled, method))
        return getattr(compiled, name)


REACH_BEFORE, REACH_AFTER = 40, 160  # from a literal to where its pattern starts, and on to where it ends


def near(
    pattern: re.Pattern[str], text: str, literals: Iterable[str], start: int = 0, end: int | None = None
) -> Iterator[re.Match[str]]:
    """``pattern``'s matches that start between ``start`` and ``end``, searched only around the
    literals it contains (within REACH_BEFORE before one to REACH_AFTER after it)."""
    end = len(text) if end is None else end
    anchors = sorted(at for literal in literals for at in occurrences(text, literal, start, min(end + REACH_BEFORE, len(text))))
    spans: list[list[int]] = []
    for at in anchors:
        low, high = max(at - REACH_BEFORE, start), min(at + REACH_AFTER, len(text))
        if spans and low <= spans[-1][1]:
            spans[-1][1] = high
        else:
            spans.append([low, high])
    for low, high in spans:
        for match in pattern.finditer(text, low, high):
            if match.start() >= end:
                return
            yield match


SMALL_SEARCH = 16_384  # characters times literals: below it, `in` is done before Hyperscan's call is
ENCODED_PIECE = 1 << 16  # characters of a text encoded at once for Hyperscan


class Literals:
    """Which of a fixed set of literals a text holds: a reader's cheap test before its patterns run.

    One `in` per literal, unless a large scan has loaded Hyperscan (golive.sources.prefilter does, before
    forking its workers): then one pass of its compiled matcher finds them all. The answers are the same;
    a small tree never pays Hyperscan's import.
    """

    def __init__(self, literals: Iterable[str]) -> None:
        self.literals = tuple(dict.fromkeys(literals))
        self._scan: Callable[[bytes], set[int]] | None = None

    def found(self, text: str) -> frozenset[str]:
        hyperscan = sys.modules.get("hyperscan")
        if hyperscan is None or len(text) * len(self.literals) < SMALL_SEARCH:
            return frozenset(literal for literal in self.literals if literal in text)
        if self._scan is None:
            self._scan = _hyperscan_scanner(hyperscan, self.literals)
        # Encoded a piece at a time, each piece overlapping the next by a literal's length: a bundle of
        # megabytes encoded whole took fresh memory pages for every copy (12,000 page faults, 40 ms of
        # CPU on the corpus in bench/), where pieces of this size reuse the same few.
        overlap, found = max(map(len, self.literals)) - 1, set()
        for at in range(0, len(text), ENCODED_PIECE):
            found |= self._scan(text[at : at + ENCODED_PIECE + overlap].encode("utf-8", "surrogatepass"))
        return frozenset(self.literals[index] for index in found)


def _hyperscan_scanner(hyperscan: Any, literals: tuple[str, ...]) -> Callable[[bytes], set[int]]:
    database = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
    database.compile(
        expressions=[re.escape(literal).encode() for literal in literals],
        ids=list(range(len(literals))),
        flags=[hyperscan.HS_FLAG_SINGLEMATCH] * len(literals),
    )

    def scan(raw: bytes) -> set[int]:
        found: set[int] = set()
        database.scan(raw, match_event_handler=lambda index, start, end, flags, context: found.add(index))
        return found

    return scan
