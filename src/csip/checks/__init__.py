"""Cross-file checks: each rule a function from the validated parts to findings."""

from __future__ import annotations

import datetime as dt

from csip.checks import paper_rules, rules
from csip.model.parts import Parts
from csip.problems import Finding

CHECKS: tuple[rules.Check, ...] = (*rules.CHECKS, *paper_rules.CHECKS)


def run_checks(parts: Parts, today: dt.date) -> list[Finding]:
    return [finding for check in CHECKS for finding in check(parts, today)]


__all__ = ["CHECKS", "run_checks"]
