"""The ``csip`` command line: options in, library calls, output out. No figures are made here.

``app`` holds the shared options; each module registers its own family of commands on it.
"""

from __future__ import annotations

import sys

from csip.cli import (
    build_commands,
    cache_commands,
    plan_commands,
    report_commands,
    view_commands,
)
from csip.cli.app import app

__all__ = [
    "app",
    "build_commands",
    "cache_commands",
    "main",
    "plan_commands",
    "report_commands",
    "view_commands",
]


def main() -> None:
    """The ``csip`` console script."""
    try:
        app()
    except BrokenPipeError:
        # The reader went away (``csip actions | head``): that is not an error.
        sys.stderr.close()
        sys.exit(0)
    except KeyboardInterrupt:
        sys.exit(130)
