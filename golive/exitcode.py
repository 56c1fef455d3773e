"""Exit codes, a public contract: release pipelines branch on them."""

from enum import IntEnum


class ExitCode(IntEnum):
    READY = 0
    NOT_READY = 1
    USAGE_ERROR = 2
    INTERNAL_ERROR = 3  # golive itself failed: a crashed check, a broken plugin; never a pass
