"""Where golive's settings are written: shared by the settings loader and ``golive init``, which
must agree on the names without ``init`` loading pydantic-settings."""

CONFIG_FILE = "golive.toml"
PYPROJECT_FILE = "pyproject.toml"
PYPROJECT_TABLE = ("tool", "golive")
ENV_PREFIX = "GOLIVE_"
