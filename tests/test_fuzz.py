"""A seeded fuzz test: thousands of mutated reference-plan files, and for every one of them
``csip validate`` ends, with no traceback, printing only one-line problems and its summary.

The mutations are what a careless or hostile contributor could commit: bytes changed (into
anything, invalid UTF-8 included), lines deleted or repeated, values swapped between keys, the
file cut short, and tokens that mean something to YAML or to csip inserted anywhere. Each chunk
has its own seed, so a failure names the chunk and case that reproduce it. Most cases are checked
through the library, the way ``validate`` prints them; one in eight runs the command itself, in
turn as text, GitHub annotations and JSON.

``CSIP_FUZZ_CASES`` sets the number of cases per chunk (default 250, eight chunks).
"""

from __future__ import annotations

import json
import os
import random
import re
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType

import pytest
from conftest import REFERENCE_PLAN, TODAY
from typer.testing import CliRunner

from csip.cli import app
from csip.cli.plan_commands import _summary as validate_summary
from csip.plan_folder import Loaded, load_plan
from csip.problems import count

pytestmark = [
    pytest.mark.fuzz,
    pytest.mark.skipif(
        not (REFERENCE_PLAN / "plan.yaml").is_file(), reason="no reference plan in this checkout"
    ),
]

CHUNKS = 8
CASES = int(os.environ.get("CSIP_FUZZ_CASES", "250"))
SECONDS_PER_CASE = 20
"""Far more than any case takes (milliseconds): a case that runs this long has hung."""

# The small files most often: time grows with the size of the file mutated.
FILES = {
    "plan.yaml": 3,
    "funding.yaml": 3,
    "07-adoption.yaml": 3,
    "10-legal.yaml": 2,
    "09-strategic-commissioning.yaml": 2,
    "04-safeguarding.yaml": 1,
    "06-care-leavers.yaml": 1,
    "01-leadership-and-governance.yaml": 1,
}
COMPANION = "07-adoption.yaml"
"""The priority file beside a mutated plan.yaml or funding.yaml, so that checks have actions."""

BYTES = b":-[]{}!&*#'\"|>?,%@`\t\r\n\x00\x1b\x85 0123456789"
TOKENS = [
    "- {}",
    "*a",
    "&a ",
    "!!str ",
    "!<tag:x%0A::error::x> ",
    "? ",
    "<<: ",
    "\u2028",
    "\x1b[2J",
    "##[error]",
    "\n::error::x\n",
    "0001-01",
    "9999-12",
    "0000-00-00",
    "+1",
    "1_0",
    "01",
    "1.01",
    "6." + "9" * 5000,
    "9" * 5000,
    "~",
    "null",
    "'",
    '"',
    "\\",
    "  " * 200,
    "[" * 300,
]

PROBLEM_LINE = re.compile(r"[^\n]+:[0-9]+:[0-9]+: (error|warning): [^\n]+")
SUMMARY_LINE = re.compile(
    r"plan: [0-9]+ files?, [0-9]+ priorit(y|ies), [0-9]+ actions?: "
    r"(no problems|[0-9]+ errors?, [0-9]+ warnings?)"
)


def mutate(data: bytes, chooser: random.Random) -> tuple[bytes, list[str]]:
    """One to three mutations of ``data``, and their names, for the failure message."""
    done = []
    for _ in range(chooser.randint(1, 3)):
        kind = chooser.choice(["byte", "delete", "repeat", "swap", "cut", "token"])
        lines = data.splitlines(keepends=True)
        if kind == "byte" and data:
            at = chooser.randrange(len(data))
            new = chooser.choice([chooser.randrange(256), chooser.choice(BYTES)])
            data = data[:at] + bytes([new]) + data[at + 1 :]
        elif kind == "delete" and lines:
            del lines[chooser.randrange(len(lines))]
            data = b"".join(lines)
        elif kind == "repeat" and lines:
            at = chooser.randrange(len(lines))
            lines.insert(at, lines[at])
            data = b"".join(lines)
        elif kind == "swap":
            keyed = [index for index, line in enumerate(lines) if b": " in line]
            if len(keyed) >= 2:
                one, other = chooser.sample(keyed, 2)
                key_one, value_one = lines[one].split(b": ", 1)
                key_other, value_other = lines[other].split(b": ", 1)
                lines[one] = key_one + b": " + value_other
                lines[other] = key_other + b": " + value_one
                data = b"".join(lines)
        elif kind == "cut":
            data = data[: chooser.randrange(len(data) + 1)]
        elif kind == "token":
            at = chooser.randrange(len(data) + 1)
            data = data[:at] + chooser.choice(TOKENS).encode("utf-8") + data[at:]
        done.append(kind)
    return data, done


class Hung(Exception):
    pass


@contextmanager
def time_limit(seconds: int) -> Iterator[None]:
    def stop(signum: int, frame: FrameType | None) -> None:
        raise Hung(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def check_text(lines: list[str]) -> None:
    """Every line a one-line problem, then the summary line."""
    assert lines, "no output"
    assert SUMMARY_LINE.fullmatch(lines[-1]), lines[-1]
    for line in lines[:-1]:
        assert line.isprintable(), line
        assert PROBLEM_LINE.fullmatch(line), line


def check_command(runner: CliRunner, plan: Path, output_format: str) -> None:
    result = runner.invoke(app, ["validate", "--plan", str(plan), "--format", output_format])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code in (0, 1), result.exit_code
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    if output_format == "json":
        problems = json.loads(result.stdout)
        assert all(set(problem) >= {"file", "line", "column", "message"} for problem in problems)
        assert all(line.isprintable() for line in lines)
    elif output_format == "github":
        assert (lines[0], lines[-2]) == ("::group::csip validate", "::endgroup::")
        assert SUMMARY_LINE.fullmatch(lines[-1]), lines[-1]
        for line in lines[1:-2]:
            assert line.isprintable(), line
            assert line.startswith(("::error file=plan/", "::warning file=plan/")), line
    else:
        check_text(lines)


@pytest.mark.parametrize("chunk", range(CHUNKS))
def test_validate_survives_mutated_reference_files(
    chunk: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    chooser = random.Random(f"csip-fuzz-{chunk}")
    runner = CliRunner()
    plan = Path("plan")
    plan.mkdir()
    originals = {name: (REFERENCE_PLAN / name).read_bytes() for name in [*FILES, COMPANION]}
    names, weights = list(FILES), list(FILES.values())
    for case in range(CASES):
        name = chooser.choices(names, weights)[0]
        data, kinds = mutate(originals[name], chooser)
        for old in plan.iterdir():
            old.unlink()
        (plan / name).write_bytes(data)
        for companion in ("plan.yaml", COMPANION):
            if companion != name:
                (plan / companion).write_bytes(originals[companion])
        where = f"chunk {chunk}, case {case}: {name} after {', '.join(kinds)}"
        try:
            with time_limit(SECONDS_PER_CASE):
                if case % 8 == 0:
                    check_command(runner, plan, ("text", "github", "json")[case // 8 % 3])
                else:
                    loaded = load_plan(plan, TODAY)
                    lines = [problem.text() for problem in loaded.problems]
                    check_text([*lines, _summary(loaded)])
        except Exception as error:
            pytest.fail(f"{where}: {type(error).__name__}: {error}\n{data[:2000]!r}")


def _summary(loaded: Loaded) -> str:
    """The summary line as ``validate`` prints it, from what the library gives."""
    errors, warnings = count(loaded.problems, "error"), count(loaded.problems, "warning")
    return validate_summary(loaded, Path("plan"), errors, warnings)
