"""The ``csip`` program: ``python -m csip`` and the console script start here.

A command runs once and exits, so the cyclic garbage collector is off for the whole run, from
before the first import: it would walk the millions of small objects a large plan is read into
(and the classes and functions of every module imported), again and again as more appear, and
find no cycles among them. The program decides that, not the library, which is why it is done
here and not in ``csip.cli``.

And it ends without freeing what the run made, as mypy does: the operating system takes the
memory back at once, where freeing a large plan object by object takes longer than reading it
from the cache did. The plan a command reads, and the snapshots and output it makes, are kept
to the end (``KEPT_TO_EXIT``), so that they are not freed as the command returns either.
Everything csip writes is written whole and closed before the command returns; standard output
and standard error are flushed here.

SIGTERM (a CI job's time-out, ``kill``) ends a run as Ctrl-C does, by an exception, so that what
is half done is put back or cleared on the way out: a plan edit's renames are rolled back, a
staged folder or file is removed. Left to Python's default, the process would stop where it was.
The exception can land anywhere, so the run remembers the signal: it then ends with status 143
and no traceback, even where the exception was swallowed (in a finaliser) or wrapped in another,
and a second SIGTERM does not interrupt the clean-up of the first.

The program also leaves pydantic's plugins out, unless the environment says
otherwise: they let monitoring tools watch validation in services, and looking for them reads
the metadata of every installed package, a fifth of a cold run on a council-sized plan.
"""

import gc
import os
import signal
import sys
from typing import NoReturn


def main() -> NoReturn:
    """Run the command line (``csip.cli.main``) with the garbage collector off, then exit."""
    gc.disable()
    signal.signal(signal.SIGTERM, terminated)
    sys.unraisablehook = _unraisable
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    from csip.cli import main as run
    from csip.cli import shared

    shared.KEPT_TO_EXIT = []

    try:
        run()
        status = 0
    except SystemExit as done:
        status = _status(done.code)
    except BaseException:
        if not TERMINATED:
            raise
        status = 0  # the signal's exception, wrapped in another on its way out
    if TERMINATED:
        status = 128 + TERMINATED[0]
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:
                stream.flush()
        except (OSError, ValueError):
            pass  # a closed or broken stream: csip.cli has already said what it could
    os._exit(status)


TERMINATED: list[int] = []
"""The signal that ended the run, once one has."""


def terminated(signal_number: int, frame: object) -> None:
    """End the run on SIGTERM through its clean-up, with the status a shell gives (128 + 15);
    a signal after the first lets that clean-up finish."""
    if not TERMINATED:
        TERMINATED.append(signal_number)
        raise SystemExit(128 + signal_number)


def _unraisable(unraisable: "sys.UnraisableHookArgs") -> None:
    """Once the run is ending on a signal, what its finalisers fail with is no news."""
    if not TERMINATED:
        sys.__unraisablehook__(unraisable)


def _status(code: object) -> int:
    """The exit status ``sys.exit(code)`` would give: a message is printed and means 1."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)
    return 1


if __name__ == "__main__":
    main()
