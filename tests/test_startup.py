"""`csip --help` and `csip --version` answer at once: no jinja2, no openpyxl, no plan model."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

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
print("LOADED:", ",".join(name for name in {modules!r} if name in sys.modules))
"""


def loaded_by(args: list[str], modules: tuple[str, ...]) -> str:
    """Which of ``modules`` a run of ``csip ARGS`` in a fresh process has imported."""
    result = subprocess.run(
        [sys.executable, "-c", PROBE.format(args=args, modules=modules)],
        capture_output=True,
        text=True,
        check=True,
    )
    last = result.stdout.strip().splitlines()[-1]
    assert last.startswith("LOADED:")
    return last.removeprefix("LOADED:").strip()


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
    heavy = ("jinja2", "openpyxl", "csip.model.files", "csip.plan_folder")
    assert loaded_by(args, heavy) == ""


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

    assert sorted(_command_line(args).commands) == built


@pytest.mark.parametrize(
    ("args", "imported"),
    [
        (["validate", "--help"], "csip.cli.plan_commands"),
        (["status", "--help"], "csip.cli.plan_commands,csip.cli.view_commands"),
    ],
)
def test_a_run_imports_the_command_modules_up_to_the_one_it_names(
    args: list[str], imported: str
) -> None:
    """The modules are tried in ``csip --help`` order; those after the one named stay out."""
    from csip.cli import COMMAND_MODULES

    assert loaded_by(args, tuple(f"csip.cli.{name}" for name in COMMAND_MODULES)) == imported


@pytest.mark.parametrize("args", [[], ["--help"], ["valdate"], ["cache", "clear"], ["--", "x"]])
def test_without_a_command_name_the_whole_command_line_is_built(args: list[str]) -> None:
    """For the help, which lists every command, and a misspelling, which is offered the nearest."""
    from csip.cli import _command_line, app

    assert len(_command_line(args).commands) == len(app.registered_commands) + 1  # and ``cache``


@pytest.mark.parametrize("command", [["validate"], ["status", "--month", "2017-01"]])
def test_a_plan_without_meetings_papers_or_recommendations_loads_none_of_their_models(
    write_plan: PlanWriter, command: list[str]
) -> None:
    """A kind's model is imported when a file of that kind is read, not before."""
    directory = write_plan({"06-care-leavers.yaml": PRIORITY_6})
    models = ("csip.model.meetings", "csip.model.papers", "csip.model.inspection")
    for _ in range(2):  # filling the cache, then from it
        assert loaded_by([*command, "--plan", str(directory)], models) == ""


def test_the_program_keeps_each_plan_it_reads_to_the_end(monkeypatch: pytest.MonkeyPatch) -> None:
    """``csip.__main__`` ends with ``os._exit``: freeing a plan as its command returns is lost
    time."""
    from conftest import REFERENCE_PLAN

    from csip.cli import shared

    assert shared.KEPT_TO_EXIT is None  # in a library or a test, plans are freed as usual
    monkeypatch.setattr(shared, "KEPT_TO_EXIT", [])
    loaded = shared.read_plan(REFERENCE_PLAN)
    kept = shared.KEPT_TO_EXIT
    assert kept == [loaded]


def test_the_console_script_asks_for_its_plans_to_be_kept() -> None:
    probe = (
        "import os, sys\n"
        "from csip.cli import shared\n"
        "os._exit = lambda code: (print(type(shared.KEPT_TO_EXIT).__name__), sys.exit(code))\n"
        "sys.argv = ['csip', '--version']\n"
        "from csip.__main__ import main\n"
        "main()\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert result.stdout.splitlines()[-1] == "list"


def test_sigterm_ends_the_program_through_its_clean_up(tmp_path: Path) -> None:
    """A CI time-out's SIGTERM unwinds the run as Ctrl-C does: its ``finally`` blocks (a plan
    edit's roll-back, a staged folder's removal) run, and the status is 128 + 15."""
    marker = tmp_path / "cleaned"
    probe = (
        "import sys, time, pathlib\n"
        "import csip.cli\n"
        "def command():\n"
        "    try:\n"
        "        print('ready', flush=True)\n"
        "        time.sleep(60)\n"
        "    finally:\n"
        "        pathlib.Path(sys.argv[1]).write_text('cleaned')\n"
        "csip.cli.main = command\n"
        "from csip.__main__ import main\n"
        "main()\n"
    )
    child = subprocess.Popen(
        [sys.executable, "-c", probe, str(marker)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    assert child.stdout.readline() == "ready\n"
    child.terminate()
    _, errors = child.communicate(timeout=30)
    assert (child.returncode, errors, marker.read_text()) == (143, "", "cleaned")


def test_a_sigterm_a_finaliser_swallows_still_ends_the_run_quietly_with_143() -> None:
    """Python cannot raise out of a ``__del__``: the signal's exception is swallowed there, the
    run goes on, and ends with the signal's status and no "Exception ignored" message."""
    probe = (
        "import os, signal\n"
        "import csip.cli\n"
        "class Finalised:\n"
        "    def __del__(self):\n"
        "        os.kill(os.getpid(), signal.SIGTERM)\n"
        "def command():\n"
        "    thing = Finalised()\n"
        "    del thing\n"
        "    print('went on')\n"
        "csip.cli.main = command\n"
        "from csip.__main__ import main\n"
        "main()\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert (result.returncode, result.stdout, result.stderr) == (143, "went on\n", "")
