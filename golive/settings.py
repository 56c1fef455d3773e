"""golive's own settings: CLI flags > ``GOLIVE_*`` variables > ``golive.toml`` > ``[tool.golive]`` > defaults.

The app's ``.env`` is what golive judges, never its configuration: the dotenv source of
pydantic-settings is left out on purpose. A wrong setting is a :class:`ConfigError` (exit 2) that
names the file, flag or variable, the key, and what was expected, one line per problem.
"""

from __future__ import annotations

import difflib
import json
import re
import tomllib
from collections.abc import Callable
from datetime import date
from enum import Enum
from pathlib import Path
from types import UnionType
from typing import Any, Literal, NamedTuple, Union, get_args, get_origin

from pydantic import (
    BaseModel,
    ConfigDict,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic.fields import FieldInfo
from pydantic_core import ErrorDetails
from pydantic_settings import (
    BaseSettings,
    EnvSettingsSource,
    PydanticBaseSettingsSource,
    PyprojectTomlConfigSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from golive.api import BUILTIN, PREFIX, Severity
from golive.config_files import CONFIG_FILE, ENV_PREFIX, LAYERS, PYPROJECT_FILE, PYPROJECT_TABLE
from golive.environments import ENV_ALIASES, Env
from golive.keys import redact_tokens
from golive.permissions import Access, table

Stage = Literal["commit", "deploy"]
DEPLOYABLE = frozenset(ENV_ALIASES.values())
BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")  # a TOML key that needs no quotes
MAX_SHOWN = 60  # characters of a wrong value quoted back: enough to recognise it
Loc = tuple[str | int, ...]
MAX_ONLINE_DEADLINE = 3600.0  # an hour: a release job with thousands of keys, and still a bound


class ConfigError(Exception):
    """golive's configuration is wrong: exit 2."""


#: Stripe API resources a restricted key's permissions name, in plural snake case: those of golive's
#: permissions table (golive/data/stripe_permissions.toml) and the rest of the Dashboard's restricted-key editor. A name
#: outside it is a typo (``chargez``) that would leave a scope silently undeclared.
STRIPE_RESOURCES = frozenset(
    """
    balance balance_transactions charges checkout_sessions customers disputes invoices payment_intents payouts
    products refunds subscriptions webhook_endpoints
    account_links accounts application_fees apple_pay_domains billing_meters billing_portal billing_portal_configurations
    billing_portal_sessions capabilities climate_orders confirmation_tokens country_specs coupons credit_grants
    credit_notes customer_balance_transactions customer_sessions discounts early_fraud_warnings entitlements ephemeral_keys
    events external_accounts file_links files financial_connections_accounts financial_connections_sessions
    forwarding_requests identity_verification_reports identity_verification_sessions invoice_items invoiceitems
    issuing_authorizations issuing_cardholders issuing_cards issuing_disputes issuing_transactions login_links mandates
    orders payment_links payment_method_configurations payment_method_domains payment_methods persons plans prices
    promotion_codes quotes radar report_runs report_types reviews scheduled_query_runs secrets setup_attempts
    setup_intents shipping_rates sigma sources subscription_items subscription_schedules tax_calculations tax_codes
    tax_ids tax_rates tax_registrations tax_settings tax_transactions terminal_configurations terminal_connection_tokens
    terminal_locations terminal_readers test_clocks tokens topups transfer_reversals transfers treasury_financial_accounts
    treasury_inbound_transfers treasury_outbound_payments treasury_outbound_transfers treasury_received_credits
    treasury_received_debits treasury_transactions usage_records value_list_items value_lists
    """.split()
) | {resource.name for resource in table().resources}
#: Singular names a scope may use, as Stripe's permissions spell them (rak_customer_read: customer).
PERMISSION_STEMS = frozenset(resource.permission for resource in table().resources)


def known_resource(name: str) -> bool:
    """``charges``, ``charge`` (singular, as GL303 reads it too), ``Checkout Sessions``; never ``chargez``."""
    name = resource_name(name)
    return name in STRIPE_RESOURCES or f"{name}s" in STRIPE_RESOURCES or name in PERMISSION_STEMS


def resource_name(name: str) -> str:
    """A permission's resource as the checks compare it: ``Checkout Sessions`` and ``checkout-sessions`` are
    ``checkout_sessions``."""
    return name.strip().lower().replace("-", "_").replace(" ", "_")


class RestrictedKeyScope(BaseModel):
    """What one component's restricted key needs: Stripe resources and the access level for each."""

    model_config = ConfigDict(extra="forbid")
    component: str = ""
    permissions: dict[str, Access]

    @field_validator("permissions")
    @classmethod
    def _known_resources(cls, permissions: dict[str, Access]) -> dict[str, Access]:
        unknown = [name for name in permissions if name != "*" and not known_resource(name)]
        if unknown:
            hints = []
            for name in unknown:
                close = difflib.get_close_matches(resource_name(name), STRIPE_RESOURCES, n=1, cutoff=0.8)
                hints.append(f"{name!r}" + (f" (did you mean {close[0]!r}?)" if close else ""))
            raise ValueError(
                f"unknown Stripe resource {', '.join(hints)}; expected names like charges, customers, "
                'payment_intents, checkout_sessions (plural snake case), or "*"'
            )
        return permissions

    @property
    def writes_everything(self) -> bool:
        return self.permissions.get("*") == "write"


class Webhooks(BaseModel):
    model_config = ConfigDict(extra="forbid")
    endpoints: list[str] = []


class AcceptedRisk(BaseModel):
    """An ``[[exceptions]]`` entry: a finding the team accepts, where, why, and until when."""

    model_config = ConfigDict(extra="forbid")
    check: str  # id (GL102) or name (live-key-outside-production)
    path: str = ""  # glob over the path relative to the checked root
    variable: str = ""  # glob over the variable name
    reason: str
    expires: date | None = None  # last day the exception holds

    @field_validator("check")
    @classmethod
    def _names_a_check(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must name a check id or name")
        return value.strip()

    @field_validator("reason")
    @classmethod
    def _says_why(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must not be empty: say why the risk is accepted")
        return value.strip()

    @model_validator(mode="after")
    def _scoped(self) -> AcceptedRisk:
        if not (self.path or self.variable):
            raise ValueError("needs a path glob or a variable: an exception never waives a check everywhere")
        return self

    @property
    def label(self) -> str:
        where = " ".join(f"{k} {v!r}" for k, v in (("path", self.path), ("variable", self.variable)) if v)
        return f"exception for {self.check} at {where}"


class BaselinePolicy(BaseModel):
    """``[baseline]``: why the findings of ``--baseline FILE`` are accepted, and until when. A baseline
    accepts findings like an exception does, so it needs what an exception needs: a reason."""

    model_config = ConfigDict(extra="forbid")
    reason: str = ""
    expires: date | None = None  # last day the baseline holds; after it, its findings count again

    @field_validator("reason")
    @classmethod
    def _stripped(cls, value: str) -> str:
        return value.strip()


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, extra="forbid", pyproject_toml_table_header=PYPROJECT_TABLE)

    env: Env = Env.PRODUCTION
    fail_on: Severity = Severity.ERROR
    from_env: bool = False
    exclude: list[str] = []
    environments: dict[str, Env] = {}  # path glob -> environment, for trees whose names do not tell
    restricted_keys: dict[str, RestrictedKeyScope] = {}  # variable name -> declared scope
    webhooks: Webhooks = Webhooks()
    exceptions: list[AcceptedRisk] = []  # [[exceptions]]: accepted risks, each with a reason
    optional_plugins: list[str] = []  # entry-point names whose failure to load is a notice, not exit 3
    require_online: bool = False  # an online check that did not run (no --online, no key reached golive) fails the gate
    stage: Stage = "deploy"  # "commit": a pre-commit hook, where values injected at deploy do not exist yet
    baseline: BaselinePolicy = BaselinePolicy()
    online_deadline: float = 60.0  # seconds --online may take in all, whatever the network does

    @field_validator("online_deadline")
    @classmethod
    def _seconds(cls, value: float) -> float:
        if not 0 < value <= MAX_ONLINE_DEADLINE:  # NaN fails too
            raise ValueError(f"expected seconds, more than 0 and at most {MAX_ONLINE_DEADLINE:g}")
        return value

    @field_validator("env", mode="before")
    @classmethod
    def _deployable(cls, value: Any) -> Any:
        """Aliases (prod, stage, dev) count; template and unknown describe files, never a deploy."""
        env = ENV_ALIASES.get(value.lower()) if isinstance(value, str) else value
        if not (isinstance(env, Env) and env in DEPLOYABLE):
            raise ValueError("expected production, staging, development or test")
        return env

    @field_validator("optional_plugins")
    @classmethod
    def _plugin_names(cls, names: list[str]) -> list[str]:
        if any(not PREFIX.match(name) for name in names):
            raise ValueError("expected entry-point names, which are id prefixes like ACME")
        if BUILTIN in names:
            raise ValueError(f"{BUILTIN} is golive's own checks and can never be optional")
        return names


class _Layer(NamedTuple):
    """One source of settings: what it holds, and how an error in it is named for the user."""

    data: dict[str, Any]
    where: Callable[[Loc], str]


class _Environment(EnvSettingsSource):
    def decode_complex_value(self, field_name: str, field: FieldInfo, value: Any) -> Any:
        """A ``GOLIVE_*`` variable for a list or table must be JSON: say so, naming the variable."""
        try:
            return super().decode_complex_value(field_name, field, value)
        except ValueError:  # ConfigError is no ValueError: pydantic-settings lets it through unwrapped
            raise ConfigError(
                f"GOLIVE_{field_name.upper()}: expected {_expected(field.annotation)} as JSON, got {_shown(value)}"
            ) from None


def load_settings(root: Path, config_file: Path | None = None, **overrides: Any) -> Settings:
    """Settings for a check of ``root``; ``overrides`` are the CLI flags the user actually set."""
    toml_file = config_file or root / CONFIG_FILE
    if config_file is not None and not config_file.is_file():
        raise ConfigError(f"config file {config_file} does not exist")
    pyproject_file = root / PYPROJECT_FILE
    flags = {k: v for k, v in overrides.items() if v is not None}
    environment = _Environment(Settings)
    toml = _read(toml_file, lambda: TomlConfigSettingsSource(Settings, toml_file=toml_file))
    pyproject = _read(pyproject_file, lambda: PyprojectTomlConfigSettingsSource(Settings, toml_file=pyproject_file))

    class BoundSettings(Settings):
        @classmethod
        def settings_customise_sources(
            cls,
            settings_cls: type[BaseSettings],
            init_settings: PydanticBaseSettingsSource,
            env_settings: PydanticBaseSettingsSource,  # noqa: ARG003 - ours names the variable in errors
            dotenv_settings: PydanticBaseSettingsSource,  # noqa: ARG003 - the app's .env is not our config
            file_secret_settings: PydanticBaseSettingsSource,  # noqa: ARG003
        ) -> tuple[PydanticBaseSettingsSource, ...]:
            by_layer = {"flags": init_settings, "environment": environment, "config file": toml, "pyproject": pyproject}
            return tuple(by_layer[layer] for layer in LAYERS)

    try:
        return BoundSettings(**flags)
    except ValidationError as error:
        named = {
            "flags": _Layer(flags, lambda loc: _within(f"--{str(loc[0]).replace('_', '-')}", loc[1:])),
            "environment": _Layer(environment(), lambda loc: _within(f"GOLIVE_{str(loc[0]).upper()}", loc[1:])),
            "config file": _Layer(toml.toml_data, lambda loc: _within(str(toml_file), loc)),
            "pyproject": _Layer(pyproject.toml_data, lambda loc: _within(str(pyproject_file), (*PYPROJECT_TABLE, *loc))),
        }
        layers = tuple(named[layer] for layer in LAYERS)
        raise ConfigError("\n".join(_problem(e, layers) for e in error.errors())) from None


def _read(file: Path, source: Callable[[], TomlConfigSettingsSource]) -> TomlConfigSettingsSource:
    try:
        return source()
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ConfigError(f"{file}: not valid TOML: {error}") from None
    except OSError as error:
        raise ConfigError(f"{file}: cannot read: {error.strerror}") from None


def _problem(error: ErrorDetails, layers: tuple[_Layer, ...]) -> str:
    """``golive.toml: webhooks.endpoints: expected a list of strings, got 5``: where, which key, what was expected."""
    loc = error["loc"]
    source = next((layer for depth in range(len(loc), 0, -1) for layer in layers if _holds(layer.data, loc[:depth])), None)
    where = source.where(loc) if source else _within("golive settings", loc)
    kind, given = error["type"], error.get("input")
    if kind == "extra_forbidden":
        return f"{where}: unknown key; expected one of {', '.join(_fields_at(loc[:-1]))}"
    if kind == "value_error":
        said = str(error.get("ctx", {}).get("error", error["msg"]))
        return f"{where}: {said}" + ("" if isinstance(given, dict) else f", got {_shown(given)}")
    annotation = _annotation_at(loc)
    expected = _expected(annotation) if annotation is not None else error["msg"].replace("Input should be", "").strip()
    if kind == "missing":
        return f"{where}: missing; expected {expected}"
    return f"{where}: expected {expected}, got {_shown(given)}"


def _holds(data: Any, path: Loc) -> bool:
    """Whether a source wrote ``path``: the first source, highest first, that did is the one to blame."""
    for part in path:
        if isinstance(data, dict) and part in data:  # noqa: SIM114  two arms, so mypy narrows part to int for the list
            data = data[part]
        elif isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data):
            data = data[part]
        else:
            return False
    return True


def _within(where: str, loc: Loc) -> str:
    """``where: key.path`` as TOML writes it: ``exceptions[0].reason``, ``environments."deploy/*"``.
    A key is what the user wrote, a pasted secret perhaps: long tokens are redacted."""
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            key = part if BARE_KEY.match(part) else json.dumps(part, ensure_ascii=False)
            path += f".{key}" if path else key
    return f"{where}: {redact_tokens(path)}" if path else where


def _shown(value: Any) -> str:
    if isinstance(value, dict):
        return "a table"
    text = json.dumps(value, ensure_ascii=False, default=str)
    return redact_tokens(text if len(text) <= MAX_SHOWN else text[: MAX_SHOWN - 1] + "…")


def _annotation_at(loc: Loc) -> Any:
    """The declared type at ``loc``, walking models, lists and tables; None where the walk gets lost."""
    annotation: Any = Settings
    for part in loc:
        annotation = _without_none(annotation)
        if _is_model(annotation) and part in annotation.model_fields:
            annotation = annotation.model_fields[part].annotation
        elif get_origin(annotation) in (list, dict):
            annotation = get_args(annotation)[-1]
        else:
            return None
    return annotation


def _fields_at(loc: Loc) -> list[str]:
    model = _without_none(_annotation_at(loc))
    return list(model.model_fields) if _is_model(model) else []


def _expected(annotation: Any) -> str:
    """A declared type in the words of a TOML file."""
    annotation = _without_none(annotation)
    origin, args = get_origin(annotation), get_args(annotation)
    if origin is list:
        return f"a list of {_items(args[0])}"
    if origin is dict:
        return f"a table mapping each key to {_expected(args[1])}"
    if origin is Literal:
        return "one of " + ", ".join(json.dumps(arg) for arg in args)
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return "one of " + ", ".join(json.dumps(member.value) for member in annotation)
    if _is_model(annotation):
        return "a table"
    return {str: "a string", bool: "true or false", date: "a date like 2025-12-31"}.get(annotation, str(annotation))


def _items(annotation: Any) -> str:
    if annotation is str:
        return "strings"
    return "tables" if _is_model(annotation) else f"values that are each {_expected(annotation)}"


def _without_none(annotation: Any) -> Any:
    """``date | None`` is a date: TOML has no null."""
    if get_origin(annotation) in (Union, UnionType):
        (annotation,) = [arg for arg in get_args(annotation) if arg is not type(None)]
    return annotation


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)
