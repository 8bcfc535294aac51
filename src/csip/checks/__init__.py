"""Cross-file checks: each rule a function from the validated parts to findings."""

from csip.checks.plan_checks import run_checks

__all__ = ["run_checks"]
