"""The ``csip`` command line: options in, library calls, output out. No figures are made here.

``app`` holds the shared options; each module of ``COMMAND_MODULES`` registers its family of
commands on it, in the order ``csip --help`` lists them.
"""

from __future__ import annotations

import importlib
import sys

from csip.cli.app import app

COMMAND_MODULES = ("plan_commands", "view_commands", "report_commands", "build_commands")

for _module in COMMAND_MODULES:
    importlib.import_module(f"csip.cli.{_module}")

__all__ = ["app", "main"]


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
