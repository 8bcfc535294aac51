"""Cross-file checks: each rule a function from the validated parts to findings.

A new check is a function in the module for what it checks, listed in that module's tuple;
``CHECKS`` runs every module's, in order.
"""

from __future__ import annotations

import datetime as dt

from csip.checks import meeting_checks, paper_checks, plan_checks, recommendation_checks
from csip.checks.check import Check
from csip.model.parts import Parts
from csip.problems import Finding

CHECKS: tuple[Check, ...] = (
    *plan_checks.CHECKS,
    *meeting_checks.CHECKS,
    *recommendation_checks.CHECKS,
    *paper_checks.CHECKS,
)


WARN_ONLY: frozenset[Check] = plan_checks.WARN_ONLY
"""The checks that never find an error, which a run that wants only errors leaves out."""


def run_checks(parts: Parts, today: dt.date) -> list[Finding]:
    return [finding for check in CHECKS for finding in check(parts, today)]


__all__ = ["CHECKS", "WARN_ONLY", "run_checks"]
