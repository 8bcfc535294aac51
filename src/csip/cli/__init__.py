"""The ``csip`` command line: options in, library calls, output out. No figures are made here.

``app`` holds the shared options; each module of ``COMMAND_MODULES`` registers its family of
commands on it, in the order ``csip --help`` lists them.
"""

from __future__ import annotations

import copy
import errno
import importlib
import io
import os
import sys
from collections.abc import Sequence
from typing import Any

import typer.main

from csip.cli.app import app

COMMAND_MODULES = (
    "plan_commands",
    "view_commands",
    "report_commands",
    "workbook_commands",
    "cache_commands",
    "build_commands",
)

for _module in COMMAND_MODULES:
    importlib.import_module(f"csip.cli.{_module}")

__all__ = ["app", "main"]


def main() -> None:
    """The ``csip`` console script.

    Output that cannot be written (a full disk, ``> /dev/full``, standard output closed) is one
    line on stderr and exit status 1, not a traceback or a warning at exit.
    """
    if sys.stdout is None:
        sys.stdout = io.TextIOWrapper(io.BufferedWriter(_ClosedOutput()), encoding="utf-8")
    try:
        try:
            _command_line(sys.argv[1:])()
        finally:
            # Written out now, so that a failure shows here and not as a warning at exit.
            sys.stdout.flush()
    except BrokenPipeError:
        sys.stderr.close()
        sys.exit(0)
    except KeyboardInterrupt:
        sys.exit(130)
    except OSError as error:
        # What could not be written is lost; nothing more is tried at exit.
        sys.stdout = None
        reason = error.strerror or str(error)
        where = "standard output" if error.filename is None else f"'{error.filename}'"
        print(f"csip: error: cannot write to {where}: {reason}", file=sys.stderr)
        sys.exit(1)


def _command_line(args: Sequence[str]) -> Any:
    """What typer makes of ``app`` for these arguments: only the command they name, if they
    name one.

    Typer turns the signature of every registered command into click options before it parses
    a word, a tenth of a run on a large plan from the cache; a run needs one. Without a command
    name (``csip --help``) or with a word that is not one (a misspelling, which gets
    suggestions, or a group such as ``cache``) the whole app is built, so what is printed is
    the same either way.
    """
    word = next((arg for arg in args if not arg.startswith("-")), None)
    named = [
        command
        for command in app.registered_commands
        if command.callback is not None
        and word == (command.name or typer.main.get_command_name(command.callback.__name__))
    ]
    if not named:
        return typer.main.get_command(app)
    only = copy.copy(app)
    only.registered_commands = named
    return typer.main.get_command(only)


class _ClosedOutput(io.RawIOBase):
    """Standard output when csip was started without one: writing to it is an error."""

    def writable(self) -> bool:
        return True

    def write(self, data: object) -> int:
        raise OSError(errno.EBADF, os.strerror(errno.EBADF))
