"""golive's enums are StrEnums: a member reads as its value wherever it is printed, formatted or compared."""

from __future__ import annotations

import pytest

from golive.api import Severity
from golive.environments import Env, Exposure
from golive.keys import Kind, Status
from golive.online.facts import KeyStatus
from golive.report import CheckResult, Outcome


@pytest.mark.parametrize("enum", [Severity, Env, Exposure, Kind, Status, KeyStatus, Outcome, CheckResult])
def test_a_member_reads_as_its_value(enum):
    for member in enum:
        assert member == member.value and str(member) == member.value and f"{member}" == member.value
        assert format(member, ">12") == format(member.value, ">12")
