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


def run_checks(parts: Parts, today: dt.date) -> list[Finding]:
    return [finding for check in CHECKS for finding in check(parts, today)]


__all__ = ["CHECKS", "run_checks"]
