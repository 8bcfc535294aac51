"""`csip --help` and `csip --version` answer at once: no jinja2, no openpyxl, no plan model."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import PRIORITY_6, PlanWriter

PROBE = """
import sys
from csip.cli import main
sys.argv = ["csip", *{args!r}]
try:
    main()
except SystemExit:
    pass
heavy_modules = ("jinja2", "openpyxl", "csip.model.files", "csip.plan_folder")
heavy = sorted(name for name in heavy_modules if name in sys.modules)
print("HEAVY:", ",".join(heavy))
"""


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["--version"],
        ["validate", "--help"],
        ["exception-report", "--help"],
        ["import", "--help"],
    ],
)
def test_startup_imports_neither_jinja2_nor_the_model(args: list[str]) -> None:
    result = subprocess.run(
        [sys.executable, "-c", PROBE.format(args=args)],
        capture_output=True,
        text=True,
        check=True,
    )
    heavy = result.stdout.strip().splitlines()[-1]
    assert heavy.startswith("HEAVY:")
    assert heavy == "HEAVY:"


@pytest.mark.parametrize(
    ("args", "built"),
    [
        (["validate", "--plan", "plan"], ["validate"]),
        (["--no-cache", "status", "--month", "2017-01"], ["status"]),
        (["exception-report", "--help"], ["exception-report"]),
    ],
)
def test_a_run_builds_the_options_of_the_command_it_names_only(
    args: list[str], built: list[str]
) -> None:
    from csip.cli import _command_line

    assert sorted(_command_line(args).commands) == sorted([*built, "cache"])


@pytest.mark.parametrize("args", [[], ["--help"], ["valdate"], ["cache", "clear"], ["--", "x"]])
def test_without_a_command_name_the_whole_command_line_is_built(args: list[str]) -> None:
    """For the help, which lists every command, and a misspelling, which is offered the nearest."""
    from csip.cli import _command_line, app

    assert len(_command_line(args).commands) == len(app.registered_commands) + 1  # and ``cache``


MODELS_PROBE = """
import sys
from csip.cli import main
sys.argv = ["csip", *{args!r}]
try:
    main()
except SystemExit:
    pass
models = ("csip.model.meetings", "csip.model.papers", "csip.model.inspection")
print("MODELS:", ",".join(name for name in models if name in sys.modules))
"""


@pytest.mark.parametrize("command", [["validate"], ["status", "--month", "2017-01"]])
def test_a_plan_without_meetings_papers_or_recommendations_loads_none_of_their_models(
    write_plan: PlanWriter, command: list[str]
) -> None:
    """A kind's model is imported when a file of that kind is read, not before."""
    directory = write_plan({"06-care-leavers.yaml": PRIORITY_6})
    for _ in range(2):  # filling the cache, then from it
        result = subprocess.run(
            [sys.executable, "-c", MODELS_PROBE.format(args=[*command, "--plan", str(directory)])],
            capture_output=True,
            text=True,
            check=True,
        )
        assert result.stdout.strip().splitlines()[-1] == "MODELS:"
