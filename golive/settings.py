"""golive's own settings: CLI flags > ``GOLIVE_*`` variables > ``golive.toml`` > ``[tool.golive]`` > defaults.

The app's ``.env`` is what golive judges, never its configuration: the dotenv source of
pydantic-settings is left out on purpose.
"""

from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator, model_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    PyprojectTomlConfigSettingsSource,
    SettingsConfigDict,
    SettingsError,
    TomlConfigSettingsSource,
)

from golive.api import Severity
from golive.inventory import ENV_ALIASES, Env
from golive.keys import redact_tokens

CONFIG_FILE = "golive.toml"
Access = Literal["none", "read", "write"]


class ConfigError(Exception):
    """golive's configuration is wrong: exit 2."""


class RestrictedKeyScope(BaseModel):
    """What one component's restricted key needs: Stripe resources and the access level for each."""

    model_config = ConfigDict(extra="forbid")
    component: str = ""
    permissions: dict[str, Access]

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


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="GOLIVE_", extra="forbid", pyproject_toml_table_header=("tool", "golive"))

    env: Env = Env.PRODUCTION
    fail_on: Severity = Severity.ERROR
    from_env: bool = False
    exclude: list[str] = []
    environments: dict[str, Env] = {}  # path glob -> environment, for trees whose names do not tell
    restricted_keys: dict[str, RestrictedKeyScope] = {}  # variable name -> declared scope
    webhooks: Webhooks = Webhooks()
    exceptions: list[AcceptedRisk] = []  # [[exceptions]]: accepted risks, each with a reason

    @field_validator("env", mode="before")
    @classmethod
    def _alias(cls, value: Any) -> Any:
        if isinstance(value, str) and value.lower() in ENV_ALIASES:
            return ENV_ALIASES[value.lower()]
        return value

    @field_validator("env")
    @classmethod
    def _deployable(cls, value: Env) -> Env:
        if value in (Env.TEMPLATE, Env.UNKNOWN):
            raise ValueError("must be production, staging, development or test")
        return value


def load_settings(root: Path, config_file: Path | None = None, **overrides: Any) -> Settings:
    """Settings for a check of ``root``; ``overrides`` are the CLI flags the user actually set."""
    toml_file = config_file or root / CONFIG_FILE
    if config_file is not None and not config_file.is_file():
        raise ConfigError(f"config file {config_file} does not exist")
    pyproject = root / "pyproject.toml"

    class BoundSettings(Settings):
        @classmethod
        def settings_customise_sources(
            cls,
            settings_cls: type[BaseSettings],
            init_settings: PydanticBaseSettingsSource,
            env_settings: PydanticBaseSettingsSource,
            dotenv_settings: PydanticBaseSettingsSource,  # noqa: ARG003 - the app's .env is not our config
            file_secret_settings: PydanticBaseSettingsSource,  # noqa: ARG003
        ) -> tuple[PydanticBaseSettingsSource, ...]:
            return (
                init_settings,
                env_settings,
                TomlConfigSettingsSource(settings_cls, toml_file=toml_file),
                PyprojectTomlConfigSettingsSource(settings_cls, toml_file=pyproject),
            )

    try:
        return BoundSettings(**{k: v for k, v in overrides.items() if v is not None})
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"cannot parse golive config: {error}") from error
    except SettingsError as error:  # a GOLIVE_* variable that is not the JSON its field needs
        raise ConfigError(f"invalid golive settings: {error}") from error
    except ValidationError as error:
        # A location names what the user wrote (an unknown key, a variable, a glob): it may be a pasted secret.
        problems = "; ".join(f"{redact_tokens('.'.join(map(str, e['loc']))) or 'config'}: {e['msg']}" for e in error.errors())
        raise ConfigError(f"invalid golive settings: {problems}") from error
