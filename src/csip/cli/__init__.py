"""The ``csip`` command line: options in, library calls, output out. No figures are made here.

``csip.cli.shared`` holds the app and the shared options; each module of ``COMMAND_MODULES``
registers its family of commands on it, in the order ``csip --help`` lists them. A run imports
those modules only as far as the one that holds the command it names; ``app``, asked for here,
has them all.
"""

from __future__ import annotations

import codecs
import contextlib
import copy
import errno
import importlib
import io
import os
import sys
from collections.abc import Sequence
from typing import Any

import typer
import typer.main

from csip.cli import shared

COMMAND_MODULES = (
    "plan_commands",
    "view_commands",
    "report_commands",
    "workbook_commands",
    "cache_commands",
    "build_commands",
)

__all__ = ["app", "main"]


def __getattr__(name: str) -> Any:
    """``app``, with every command registered (what a test or ``csip --help`` runs)."""
    if name == "app":
        return _registered(until=None)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _registered(until: str | None) -> typer.Typer:
    """The app, its command modules imported in order until one registers the command named
    ``until`` (all of them for None, or when none does)."""
    for module in COMMAND_MODULES:
        if until is not None and _named(until):
            break
        importlib.import_module(f"csip.cli.{module}")
    return shared.app


def _named(word: str) -> list[typer.models.CommandInfo]:
    """The registered commands that ``word`` names."""
    return [
        command
        for command in shared.app.registered_commands
        if command.callback is not None
        and word == (command.name or typer.main.get_command_name(command.callback.__name__))
    ]


def main() -> None:
    """The ``csip`` console script.

    Output that cannot be written (a full disk, ``> /dev/full``, standard output closed) is one
    line on stderr and exit status 1, not a traceback or a warning at exit.
    """
    if sys.stdout is None:
        sys.stdout = io.TextIOWrapper(io.BufferedWriter(_ClosedOutput()), encoding="utf-8")
    _replace_what_cannot_be_encoded()
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


def _replace_what_cannot_be_encoded() -> None:
    """On a stream whose encoding cannot spell every character (``PYTHONIOENCODING=ascii``, a
    Latin-1 terminal), each one it cannot is written as ``?`` rather than failing the run."""
    for stream in (sys.stdout, sys.stderr):
        if not isinstance(stream, io.TextIOWrapper):
            continue
        try:
            utf = codecs.lookup(stream.encoding).name.startswith("utf")
        except LookupError:
            utf = False
        if not utf and stream.errors == "strict":
            with contextlib.suppress(ValueError, io.UnsupportedOperation):
                stream.reconfigure(errors="replace")


def _command_line(args: Sequence[str]) -> Any:
    """What typer makes of the app for these arguments: only the command they name, if they
    name one.

    Typer turns the signature of every registered command into click options before it parses
    a word, a tenth of a run on a large plan from the cache; a run needs one, and only the
    modules up to the one that registers it. Without a command name (``csip --help``) or with a
    word that is not one (a misspelling, which gets suggestions, or a group such as ``cache``)
    the whole app is built, so what is printed is the same either way.
    """
    word = next((arg for arg in args if not arg.startswith("-")), None)
    app = _registered(until=word)
    named = _named(word) if word is not None else []
    if not named:
        return typer.main.get_command(_registered(until=None))
    only = copy.copy(app)
    only.registered_commands = named
    only.registered_groups = []
    return typer.main.get_command(only)


class _ClosedOutput(io.RawIOBase):
    """Standard output when csip was started without one: writing to it is an error."""

    def writable(self) -> bool:
        return True

    def write(self, data: object) -> int:
        raise OSError(errno.EBADF, os.strerror(errno.EBADF))
