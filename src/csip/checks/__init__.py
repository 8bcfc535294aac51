"""Cross-file checks: each rule a function from the validated parts to findings."""

from csip.checks.rules import run_checks

__all__ = ["run_checks"]
