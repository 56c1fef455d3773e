"""The inventory: every Stripe value with its environment and exposure, and the reason for each.

This is golive's reason to exist. A key-pattern scanner sees ``sk_live_…``; the inventory knows it
sits in ``.env.example`` (a template), or in ``NEXT_PUBLIC_STRIPE_SECRET_KEY`` (inlined into the
browser bundle by Next.js). Checks read only this; they never open files.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from dataclasses import dataclass
from fnmatch import fnmatch
from typing import TypeVar

from golive.environments import Env, Exposure, env_named, is_surface, path_marker, path_parts, stem_and_suffix
from golive.keys import (
    NAME_TOKENS,
    SECRET_KINDS,
    Kind,
    Status,
    StripeKey,
    classify,
    named_kind,
    redact_tokens,
)
from golive.sources import (
    ClientApp,
    Collected,
    Load,
    Located,
    PublicEnv,
    Signal,
    Skipped,
    Store,
    StripeCall,
    Variant,
    XcodeFact,
)
from golive.sources.environ import PATH as ENVIRONMENT_PATH

PUBLIC_PREFIXES = {
    "NEXT_PUBLIC_": "Next.js inlines NEXT_PUBLIC_ variables into the browser bundle",
    "VITE_": "Vite exposes VITE_ variables to client code through import.meta.env",
    "REACT_APP_": "Create React App embeds REACT_APP_ variables into the browser build",
    "EXPO_PUBLIC_": "Expo inlines EXPO_PUBLIC_ variables into the mobile app bundle",
    "GATSBY_": "Gatsby embeds GATSBY_ variables into the browser bundle",
    "VUE_APP_": "Vue CLI embeds VUE_APP_ variables into the browser bundle",
    "NUXT_PUBLIC_": "Nuxt exposes NUXT_PUBLIC_ runtime config to the browser",
    "PUBLIC_": "SvelteKit and Astro expose PUBLIC_ variables to the browser",
}
BUNDLE_DIRS = (".next/static/", "build/static/", "out/", "dist/", "public/", "static/js/")
WEB_ASSET_SUFFIXES = frozenset({".js", ".mjs", ".cjs", ".css", ".html", ".htm", ".map", ".json"})
CLIENT_SOURCE_SUFFIXES = frozenset({".jsx", ".tsx", ".vue", ".svelte", ".astro"})
CLIENT_DIRS = frozenset({"client", "frontend", "components", "android", "ios", "mobile", "web", "webapp", "browser"})
SERVER_DIRS = frozenset({"api", "server", "backend", "functions", "lambda", "workers", "worker"})
SERVER_SUFFIXES = frozenset({".py", ".rb", ".go", ".java", ".kt", ".cs", ".php", ".rs", ".ex", ".exs", ".scala"})
CONFIG_SOURCES = frozenset({"dotenv", "json", "yaml", "toml"})
#: Readers whose files are, by their content, what a deploy tool reads (SAM, CloudFormation, CDK output).
DESCRIPTOR_SOURCES = frozenset({"cloudformation"})

Evidence = TypeVar("Evidence", Signal, StripeCall)


@dataclass(frozen=True)
class StripeValue:
    """One Stripe value (or Stripe variable) with where it lives, what it is, and who sees it."""

    path: str
    line: int
    variable: str | None
    source: str
    key: StripeKey
    named_kind: Kind | None  # what the variable's name says it holds
    environment: Env
    environment_reason: str
    exposure: Exposure
    exposure_reason: str
    target: str  # one deployable unit: the folder and environment, or "environment"
    name_only: bool = False  # only the name was seen (a reference in code)
    tracked: bool | None = None  # the file is committed to git; None: not a git work tree, or not a file

    @property
    def kind(self) -> Kind | None:
        return self.key.kind or self.named_kind

    @property
    def is_secret_kind(self) -> bool:
        return self.kind in SECRET_KINDS

    @property
    def redacted(self) -> str:
        if self.name_only:
            return "(name only)"
        return redact_tokens(self.key.value) if self.key.status is Status.REFERENCE else self.key.redacted

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path


@dataclass(frozen=True)
class Inventory:
    values: tuple[StripeValue, ...]
    signals: tuple[Signal, ...]
    skipped: tuple[Skipped, ...]
    files_scanned: int
    calls: tuple[StripeCall, ...] = ()  # Stripe API calls in the code: what restricted keys must allow

    def where(self, environment: Env) -> list[StripeValue]:
        return [value for value in self.values if value.environment is environment]

    def signals_of(self, kind: str) -> list[Signal]:
        return [signal for signal in self.signals if signal.kind == kind]

    @functools.cached_property
    def _component_roots(self) -> list[str]:
        return sorted(
            {s.path.rpartition("/")[0] for s in self.signals_of("project_root")},
            key=len,
            reverse=True,
        )

    def component_of(self, path: str) -> str:
        """The app a file belongs to: the deepest folder above it with a project manifest (package.json,
        go.mod, pom.xml, ...); "" for the repository root."""
        folder = path.rpartition("/")[0]
        return next((root for root in self._component_roots if root == "" or folder == root or folder.startswith(root + "/")), "")


def environment_of(
    path: str,
    target_env: Env,
    overrides: dict[str, str],
    hint: tuple[str, str] | None = None,
    app_roots: frozenset[str] = frozenset(),
    descriptor: bool = False,
) -> tuple[Env, str]:
    """Environment of a value, from golive's config, then template markers, then what the file says
    (``hint``: a Kubernetes namespace, a workflow job's environment), then names, then ``--env``.

    ``app_roots``: folders with a project manifest, where an ``examples/`` or ``docs/`` tree is the
    project's own. ``descriptor``: the file's content showed it is what a deploy tool reads (a SAM
    ``template.yaml``, a CDK ``*.template.json``), so the word "template" in its name marks no template."""
    if path == ENVIRONMENT_PATH:
        return target_env, f"{target_env.value}: the deploy step's own environment (--from-env)"
    for pattern, env in overrides.items():
        if fnmatch(path, pattern):
            return Env(env), f"{env}: golive config maps {pattern!r} to {env}"
    marker = path_marker(path, app_roots, descriptor)
    if marker and marker[0] is Env.TEMPLATE:
        return marker
    if hint:
        return Env(hint[0]), hint[1]
    return marker or (target_env, f"{target_env.value}: no environment marker in the path; --env {target_env.value}")


def exposure_of(located: Located, apps: ClientApps | None = None) -> tuple[Exposure, str]:
    """Who can read the value: a public prefix, a client app's folder or a client path means every visitor."""
    last = (located.variable or "").rsplit(".", 1)[-1].upper()
    for prefix, why in PUBLIC_PREFIXES.items():
        if last.startswith(prefix):
            return Exposure.CLIENT, f"client: {prefix} prefix: {why}"
    if located.path == ENVIRONMENT_PATH:
        return Exposure.SERVER, "server: deploy environment variable without a public prefix"
    if located.exposure_hint:
        return Exposure(located.exposure_hint[0]), located.exposure_hint[1]
    parts = path_parts(located.path)
    suffix = stem_and_suffix(parts[-1])[1] if parts else ""
    slashed = "/" + "/".join(parts)
    for folder in BUNDLE_DIRS:
        if f"/{folder}" in slashed and (suffix.lower() in WEB_ASSET_SUFFIXES or folder == ".next/static/"):
            return Exposure.CLIENT, f"client: built bundle under {folder} is served to browsers"
    app = apps.shipping(located) if apps else None
    if app:
        return Exposure.CLIENT, app.reason
    if located.source in CONFIG_SOURCES:
        return Exposure.SERVER, "server: configuration without a public prefix"
    folders = {part.lower() for part in parts[:-1]}
    if suffix.lower() in SERVER_SUFFIXES:
        return Exposure.SERVER, f"server: {suffix} source runs on the server"
    if folders & SERVER_DIRS:
        return Exposure.SERVER, f"server: inside {sorted(folders & SERVER_DIRS)[0]}/"
    if suffix.lower() in CLIENT_SOURCE_SUFFIXES:
        return Exposure.CLIENT, f"client: {suffix} component source is bundled for the browser"
    if folders & CLIENT_DIRS:
        return Exposure.CLIENT, f"client: frontend source inside {sorted(folders & CLIENT_DIRS)[0]}/"
    return Exposure.UNKNOWN, "unknown: source file not known to run on a server or a client"


#: Folders of server code inside a client app's source folder (a Vite SSR entry, a bundled backend).
SERVER_INSIDE_CLIENT_DIRS = frozenset({"server", "backend"})
TEST_DIR_TOKENS = frozenset(
    {"test", "tests", "spec", "specs", "e2e", "androidtest", "testdebug", "testrelease", "__tests__", "integration_test"}
)
CODE_SOURCES = frozenset({"code", "text"})


class ClientApps:
    """The folders and files that build configs say ship to users (:class:`ClientApp`), applied to values.

    A rule for a folder covers its code, except test folders below it, folders of another project (a
    manifest of their own: a server package in the same monorepo), and server folders inside it (a
    package's ``api/`` functions; ``server/`` inside an entry folder). A ``whole`` rule covers every
    file there (an extension's folder, a Flutter asset, a define file).
    """

    def __init__(self, rules: list[ClientApp], project_roots: frozenset[str]) -> None:
        self.rules = sorted(rules, key=lambda rule: -len(rule.path))  # the most specific first
        self.roots = project_roots

    def shipping(self, located: Located) -> ClientApp | None:
        path = located.path
        for rule in self.rules:
            if rule.path == path:
                if rule.whole or located.source in CODE_SOURCES:
                    return rule
                continue
            if not rule.path.endswith("/") and rule.path:
                continue
            if not path.startswith(rule.path) or not (rule.whole or located.source in CODE_SOURCES):
                continue
            if self._covers(rule, path):
                return rule
        return None

    def _covers(self, rule: ClientApp, path: str) -> bool:
        below = path[len(rule.path) :].split("/")[:-1]
        package_root = rule.path.rstrip("/") in self.roots
        folder = rule.path.rstrip("/")
        for name in below:
            folder = f"{folder}/{name}" if folder else name
            lowered = name.lower()
            if (
                folder in self.roots
                or lowered in TEST_DIR_TOKENS
                or any(token in TEST_DIR_TOKENS for token in NAME_TOKENS.split(lowered))
            ):
                return False
            if not rule.whole and (lowered in SERVER_INSIDE_CLIENT_DIRS or (package_root and lowered in SERVER_DIRS)):
                return False
        name = path.rsplit("/", 1)[-1]
        if "+api." in name:  # an Expo Router API route runs on a server
            return False
        if not rule.whole and "server" in NAME_TOKENS.split(name.lower()):  # server.ts, entry-server.tsx, db.server.ts
            return False
        suffix = stem_and_suffix(name)[1].lower()
        return rule.whole or suffix not in SERVER_SUFFIXES or suffix in rule.compiles


def variant_rules(collected: Collected) -> tuple[dict[str, list[Variant]], list[ClientApp]]:
    """The build variants recorded in the tree, Xcode's joined across its files, by path; and the
    define files found beside a release build's, which ship in other builds of the app."""
    from golive.sources import xcode

    found = [fact for fact in collected.build if isinstance(fact, Variant)]
    found += xcode.variants([fact for fact in collected.build if isinstance(fact, XcodeFact)])
    rules: dict[str, list[Variant]] = {}
    for rule in found:
        rules.setdefault(rule.path, []).append(rule)
    apps = []
    for sibling, beside in _other_builds_files(rules, {value.path for value in collected.values}):
        rules.setdefault(sibling.path, []).append(sibling)
        apps.append(
            ClientApp(sibling.path, f"client: a define file like {beside}, compiled into the builds that pass it", whole=True)
        )
    return rules, apps


def _other_builds_files(rules: dict[str, list[Variant]], paths: set[str]) -> list[tuple[Variant, str]]:
    """``env/debug.json`` beside ``env/release.json``, the one file the release build passes: a file
    of the same kind in the same folder that no build passes is another build's, never production's
    (an editor's debug launch, a developer's own)."""
    passed = [rule for rules_at in rules.values() for rule in rules_at if rule.alone and rule.environment == Env.PRODUCTION.value]
    found = []
    for rule in passed:
        folder, _, name = rule.path.rpartition("/")
        suffix = stem_and_suffix(name)[1]
        for path in paths:
            other_folder, _, other = path.rpartition("/")
            other_stem, other_suffix = stem_and_suffix(other)
            if other_folder == folder and other != name and other_suffix == suffix and path not in rules:
                named = env_named(other_stem)
                environment = named.value if named and named is not Env.PRODUCTION else Env.DEVELOPMENT.value
                reason = (
                    f"{environment}: no release build passes it; it sits beside {name}, which one does "
                    f"({rule.reason.removeprefix('production: ')})"
                )
                found.append((Variant(path, environment, reason), name))
    return found


_STRICTEST = (Env.PRODUCTION, Env.STAGING, Env.DEVELOPMENT, Env.TEST)


def variant_of(path: str, rules: dict[str, list[Variant]]) -> tuple[str, str] | None:
    """The environment a build config gives a file (as an environment hint): its own rule, else the
    closest folder's; where several builds use it, the strictest."""
    candidates = rules.get(path)
    folder = path
    while not candidates and "/" in folder:
        folder = folder.rsplit("/", 1)[0]
        candidates = rules.get(folder + "/")
    if not candidates:
        return None
    chosen = min(
        candidates, key=lambda rule: _STRICTEST.index(Env(rule.environment)) if rule.environment in Env._value2member_map_ else 9
    )
    return chosen.environment, chosen.reason


def xcode_settings_shipped(values: list[Located]) -> dict[str, str]:
    """Build settings an ``Info.plist`` reads (``$(STRIPE_KEY)``): their ``.xcconfig`` values ship in the app."""
    return {
        item.variable: (
            f"client: {item.path} reads build setting {item.variable} ($({item.variable})), so its value ships in the app"
        )
        for item in values
        if item.value is None and item.variable and item.path.lower().endswith("info.plist")
    }


def public_by_rule(located: Located, rules: list[PublicEnv]) -> PublicEnv | None:
    """The build config that makes an env-file variable public under its folder (Vite ``envPrefix``,
    react-native-config), if any."""
    if located.source != "dotenv" or not located.variable:
        return None
    for rule in rules:
        inside = not rule.folder or located.path.startswith(rule.folder + "/")
        if inside and located.variable.startswith(rule.prefix):
            return rule
    return None


def _unshadowed(values: list[StripeValue], fallbacks: set[int]) -> list[StripeValue]:
    """Defaults (in code, and the env file ``.env``), except where the same environment sets the
    variable elsewhere (the deploy environment, a production env file, a manifest): there the default
    never runs, since Symfony's, Laravel's, Rails', Node's and Python's dotenv loaders, Next.js and Vite
    all let a variable that is set win over ``.env``. A real key stays either way: written down, it leaks
    whether or not it runs. Names compare as the frameworks bind
    them: the variable STRIPE_API_KEY sets Spring's stripe.api.key, Stripe__SecretKey .NET's Stripe:SecretKey."""
    provided = {(v.environment, _bound(v.variable)) for i, v in enumerate(values) if i not in fallbacks and not v.name_only}
    return [
        v
        for i, v in enumerate(values)
        if i not in fallbacks or v.key.is_real or (v.environment, _bound(v.variable)) not in provided
    ]


def _bound(variable: str | None) -> str:
    return re.sub(r"[^A-Z0-9]", "", (variable or "").upper())


STRICTNESS = (Env.PRODUCTION, Env.STAGING, Env.DEVELOPMENT, Env.TEST)
LOCAL_ENV_FILE = "development: .env is git-ignored and no deploy file loads it; frameworks load it on developer machines"


class Joins:
    """What deploy files load, joined to what holds it: a Secret's values run where the workloads that
    load it run, a file's where the compose service, image, deploy step or process that loads it runs.
    The loader decides only what the values' own file leaves undecided (no namespace, no marker in the
    path); a loader whose environment differs from the values' own is another deployment's."""

    def __init__(self, collected: Collected) -> None:
        self.collected = collected
        self.stores: dict[str, list[Store]] = {}
        for store in collected.stores:
            self.stores.setdefault(store.path, []).append(store)
        self.objects: dict[tuple[str, str], list[Load]] = {}
        self.files: dict[str, list[Load]] = {}
        self.prefixes: list[Load] = []  # `db/seeds/`, `prisma/seed.`: every file that starts so
        for load in collected.loads:
            if load.what == "file" and load.name.endswith(("/", ".")):
                self.prefixes.append(load)
            elif load.what == "file":
                self.files.setdefault(load.name, []).append(load)
            else:
                self.objects.setdefault((load.what, load.name), []).append(load)

    def store_of(self, located: Located) -> Store | None:
        return next((s for s in self.stores.get(located.path, ()) if s.first_line <= located.line <= s.last_line), None)

    def decide(
        self,
        located: Located,
        decided: tuple[Env, str],
        hint: tuple[str, str] | None,
        store: Store | None,
        target_env: Env,
        overrides: dict[str, str],
        app_roots: frozenset[str],
        descriptor: bool,
    ) -> tuple[Env, str, tuple[str, str] | None]:
        """(environment, reason, exposure hint naming the loader or None) after the joins; ``hint`` is
        what the file itself (or a build variant) says."""
        env, reason = decided
        if env is Env.TEMPLATE or located.path == ENVIRONMENT_PATH or any(fnmatch(located.path, p) for p in overrides):
            return env, reason, None
        marker = path_marker(located.path, app_roots, descriptor)
        own = Env(hint[0]) if hint else (marker[0] if marker else None)
        if store:
            return self._stored(store, env, reason, own)
        loading = [*self.files.get(located.path, ()), *(load for load in self.prefixes if located.path.startswith(load.name))]
        if loading and not hint and is_surface(marker):
            own = None
        loads = [load for load in loading if _compatible(load, own)]
        if loads:
            return self._loaded(located.path, loads, env, reason, own, target_env)
        if (
            own is None
            and located.path.rpartition("/")[2] == ".env"
            and located.source == "dotenv"
            and located.path in self.collected.ignored
        ):
            return Env.DEVELOPMENT, LOCAL_ENV_FILE.replace(".env", located.path, 1), None
        return env, reason, None

    def _stored(self, store: Store, env: Env, reason: str, own: Env | None) -> tuple[Env, str, tuple[str, str] | None]:
        named = [
            load
            for load in self.objects.get((store.what, store.name), ())
            if not (load.namespace and store.namespace and load.namespace != store.namespace)
        ]
        if not named:
            return env, f"{reason}; no workload in the checked tree loads {store.what} {store.name}", None
        loads = [load for load in named if _compatible(load, own)]
        if not loads:
            return env, reason, None
        load = _strictest(loads)
        exposure = ("server", f"server: Kubernetes {store.what} {store.name}, loaded by {load.by} in the cluster")
        if own is None and load.environment and _decides(loads):
            loaded_env = Env(load.environment[0])
            return loaded_env, f"{loaded_env.value}: {store.what} {store.name} is loaded by {load.by}: {_why(load)}", exposure
        return env, f"{reason}; loaded by {load.by}", exposure

    def _loaded(
        self, path: str, loads: list[Load], env: Env, reason: str, own: Env | None, target_env: Env
    ) -> tuple[Env, str, None]:
        load = _strictest(loads)
        if own is not None:
            return env, reason, None
        if load.environment and _decides(loads):
            loaded_env = Env(load.environment[0])
            return loaded_env, f"{loaded_env.value}: {path} is loaded by {load.by}: {_why(load)}", None
        return target_env, f"{target_env.value}: {path} is loaded by {load.by}; --env {target_env.value}", None


def _compatible(load: Load, own: Env | None) -> bool:
    return own is None or load.environment is None or Env(load.environment[0]) is own


def _strictest(loads: list[Load]) -> Load:
    """The loader whose environment is strictest: production first, undecided ones after it."""
    return min(loads, key=lambda load: STRICTNESS.index(Env(load.environment[0])) if load.environment else 0.5)


def _decides(loads: list[Load]) -> bool:
    """The loaders decide when one runs in production, or when every one names its environment."""
    return any(load.environment and load.environment[0] == "production" for load in loads) or all(
        load.environment for load in loads
    )


def _why(load: Load) -> str:
    return load.environment[1].split(": ", 1)[-1] if load.environment else ""


def build(collected: Collected, target_env: Env, overrides: dict[str, str] | None = None) -> Inventory:
    env_overrides: dict[str, str] = overrides or {}
    app_roots = frozenset(signal.path.rpartition("/")[0] for signal in collected.signals if signal.kind == "project_root")
    cache: dict[tuple[str, tuple[str, str] | None, bool, Store | None], tuple[Env, str, tuple[str, str] | None]] = {}
    joins = Joins(collected)
    values: list[StripeValue] = []
    seen: set[tuple[object, ...]] = set()
    fallbacks: set[int] = set()
    variants, define_files = variant_rules(collected) if collected.build else ({}, [])
    apps = ClientApps([fact for fact in collected.build if isinstance(fact, ClientApp)] + define_files, app_roots)
    shipped_settings = xcode_settings_shipped(collected.values) if any(v.source == "xcconfig" for v in collected.values) else {}
    # A file read twice (on its own, and through a compose env_file): keep the reading that knows more.
    for located in sorted(collected.values, key=lambda value: value.exposure_hint is None):
        descriptor = located.source in DESCRIPTOR_SOURCES
        hint = located.environment_hint or (variant_of(located.path, variants) if variants else None)
        store = joins.store_of(located)
        where = (located.path, hint, descriptor, store)
        if where not in cache:
            decided = environment_of(located.path, target_env, env_overrides, hint, app_roots, descriptor)
            cache[where] = joins.decide(located, decided, hint, store, target_env, env_overrides, app_roots, descriptor)
        env, env_reason, loaded_by = cache[where]
        once = (located.path, located.line, located.variable, located.value, env)
        if once in seen:
            continue
        seen.add(once)
        exposure, exposure_reason = exposure_of(
            dataclasses.replace(located, exposure_hint=loaded_by) if loaded_by else located, apps
        )
        rule = public_by_rule(located, collected.public_env) if exposure is not Exposure.CLIENT else None
        if rule:
            exposure, exposure_reason = Exposure.CLIENT, rule.reason
        elif exposure is not Exposure.CLIENT and located.source == "xcconfig" and located.variable in shipped_settings:
            exposure, exposure_reason = Exposure.CLIENT, shipped_settings[located.variable]
        folder = located.path.rpartition("/")[0] or "."
        target = "environment" if located.path == ENVIRONMENT_PATH else f"{folder} ({env.value})"
        if located.fallback or (located.source == "dotenv" and located.path.rsplit("/", 1)[-1] == ".env"):
            fallbacks.add(len(values))  # a default: the env file `.env` too, which every loader lets a set variable win over
        values.append(
            StripeValue(
                path=located.path,
                line=located.line,
                variable=located.variable,
                source=located.source,
                key=classify(located.value),
                named_kind=named_kind(located.variable),
                environment=env,
                environment_reason=env_reason,
                exposure=exposure,
                exposure_reason=exposure_reason,
                target=target,
                name_only=located.value is None,
                tracked=None
                if collected.tracked is None or located.path == ENVIRONMENT_PATH
                else located.path in collected.tracked,
            )
        )
    values = _unshadowed(values, fallbacks)
    values.sort(key=lambda v: (v.path, v.line, v.variable or ""))
    evidence_cache: dict[str, tuple[Env, str]] = {}

    def placed(evidence: list[Evidence]) -> tuple[Evidence, ...]:
        """Code evidence with the environment of its file."""
        for item in evidence:
            if item.path not in evidence_cache:
                evidence_cache[item.path] = environment_of(item.path, target_env, env_overrides, None, app_roots)
        return tuple(dataclasses.replace(item, environment=evidence_cache[item.path][0].value) for item in evidence)

    return Inventory(
        tuple(values), placed(collected.signals), tuple(collected.skipped), collected.files_scanned, placed(collected.calls)
    )
