"""Plans and command lines from strangers (issue 12): out-of-range months and dates, suggestions
in bounded time, one-line problems that no plan text can break or turn into CI commands, output
that cannot be written, and funding figures of any size the model admits."""

from __future__ import annotations

import difflib
import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import LEADERSHIP, PLAN_YAML, SOURCE_DATE_EPOCH, TODAY, PlanWriter
from typer.testing import CliRunner

from csip.cli import app
from csip.model import messages
from csip.model.messages import Suggestions
from csip.model.rules import MAX_AMOUNT
from csip.plan_folder import load_plan
from csip.problems import Problem, as_json

CSIP = Path(sys.executable).parent / "csip"


@pytest.fixture
def plan(write_plan: PlanWriter) -> Path:
    return write_plan({"01-leadership.yaml": LEADERSHIP})


def run(runner: CliRunner, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


# --- months and dates on the command line ------------------------------------------------------

MONTH_OUT_OF_RANGE = "is out of range: a month must be between 1900-01 and 2199-12"
DATE_OUT_OF_RANGE = "is out of range: a date must be between 1900-01-01 and 2199-12-31"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["status", "--month", "9999-12"], f"'9999-12' {MONTH_OUT_OF_RANGE}"),
        (["status", "--month", "0001-01"], f"'0001-01' {MONTH_OUT_OF_RANGE}"),
        (["status", "--month", "1899-12"], f"'1899-12' {MONTH_OUT_OF_RANGE}"),
        (["actions", "--due-by", "2200-01"], f"'2200-01' {MONTH_OUT_OF_RANGE}"),
        (["exception-report", "--month", "9999-12"], f"'9999-12' {MONTH_OUT_OF_RANGE}"),
        (["progress-report", "--month", "0001-01"], f"'0001-01' {MONTH_OUT_OF_RANGE}"),
        (["build", "--month", "9999-12", "--out", "site"], f"'9999-12' {MONTH_OUT_OF_RANGE}"),
        (["build", "--month", "0001-01", "--out", "site"], f"'0001-01' {MONTH_OUT_OF_RANGE}"),
        (["status", "--as-of", "0001-01-01"], f"'0001-01-01' {DATE_OUT_OF_RANGE}"),
        (["show", "1.1.1", "--as-of", "9999-12-31"], f"'9999-12-31' {DATE_OUT_OF_RANGE}"),
        (
            ["status", "--month", "10000-01"],
            "'10000-01' is not a month: write it as YYYY-MM, such as 2017-01",
        ),
    ],
)
def test_a_month_or_date_outside_the_calendar_is_a_usage_error(
    runner: CliRunner, plan: Path, args: list[str], message: str
) -> None:
    assert run(runner, *args) == (2, "", f"csip: error: {message}\n")
    assert not Path("site").exists()


def test_the_first_and_last_months_of_the_calendar_work(runner: CliRunner, plan: Path) -> None:
    assert run(runner, "status", "--month", "2199-12", "--format", "json")[0] == 0
    assert run(runner, "status", "--as-of", "1900-01-01", "--format", "json")[0] == 0


def test_a_clock_outside_the_calendar_is_a_usage_error(
    runner: CliRunner, plan: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "7258118400")  # 2200-01-01

    assert run(runner, "validate") == (
        2,
        "",
        "csip: error: SOURCE_DATE_EPOCH gives a time in 2200: it must be in the years 1900 to "
        "2199\n",
    )


def test_the_progress_report_for_a_plans_first_month(
    runner: CliRunner, write_plan: PlanWriter
) -> None:
    """Its month before is before the plan, and (in 1900) before the calendar too."""
    write_plan(
        {
            "plan.yaml": PLAN_YAML.replace("starts: 2016-05", "starts: 1900-01"),
            "01-leadership.yaml": LEADERSHIP.replace("2016-06", "1900-01"),
        }
    )

    code, stdout, stderr = run(runner, "progress-report", "--month", "1900-01")

    assert (code, stderr) == (0, "")
    assert "| RAG | 31 December 1899 | 31 January 1900 | Change |" in stdout


# --- suggestions ---------------------------------------------------------------------------

MANY_CODES = [f"ROLE{number:04d}" for number in range(6000)] + ["HOS C&R", "Virtual School Head"]


@pytest.mark.parametrize(
    ("word", "nearest"),
    [
        ("HOS CR", "HOS C&R"),
        ("Vitual School Head", "Virtual School Head"),
        ("ROLF1234", "ROLE1234"),
        ("ROLE1234X", "ROLE1234"),
        ("XOLE0042", "ROLE0042"),
    ],
)
def test_the_nearest_of_thousands_of_codes_is_found(word: str, nearest: str) -> None:
    assert Suggestions(MANY_CODES).hint(word) == f" (did you mean '{nearest}'?)"


@pytest.mark.parametrize(
    ("word", "nearest"),
    [("dcs", "DCS"), ("hos c&r", "HOS C&R"), ("Dcx", "DCS"), ("police", "Police")],
)
def test_a_code_written_in_another_case_is_offered_as_declared(word: str, nearest: str) -> None:
    assert Suggestions(["DCS", "HOS", "HOS C&R", "Police"]).hint(word) == (
        f" (did you mean '{nearest}'?)"
    )


def test_case_is_ignored_among_thousands_of_codes_too() -> None:
    assert Suggestions(MANY_CODES).hint("role0042") == " (did you mean 'ROLE0042'?)"


def test_a_word_nothing_is_near_gets_no_suggestion() -> None:
    assert Suggestions(MANY_CODES).hint("Mayor") == ""


@pytest.fixture
def compared(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many choices each comparison of a word was given."""
    sizes: list[int] = []
    real: Callable[..., list[str]] = difflib.get_close_matches

    def counting(word: str, possibilities: list[str], *args: Any, **kwargs: Any) -> list[str]:
        sizes.append(len(possibilities))
        return real(word, possibilities, *args, **kwargs)

    monkeypatch.setattr(difflib, "get_close_matches", counting)
    return sizes


def test_a_word_is_compared_with_a_bounded_number_of_choices(compared: list[int]) -> None:
    suggestions = Suggestions(MANY_CODES)

    for number in range(6000):
        suggestions.hint(f"ROLF{number:04d}")

    assert len(compared) == 6000
    assert max(compared) <= messages.MAX_COMPARED


def test_a_word_asked_about_again_is_not_compared_again(compared: list[int]) -> None:
    suggestions = Suggestions(MANY_CODES)

    hints = [suggestions.hint("ROLF0001") for _ in range(100)]

    assert (len(compared), set(hints)) == (1, {" (did you mean 'ROLE0001'?)"})


def test_a_few_choices_are_all_compared(compared: list[int]) -> None:
    assert Suggestions(["DCS", "ADCSC", "HOS C&R"]).hint("HOS CR") == " (did you mean 'HOS C&R'?)"
    assert compared == [3]


def test_a_very_long_word_is_not_compared(compared: list[int]) -> None:
    assert Suggestions(MANY_CODES).hint("ROLE" * 1000) == ""
    assert compared == []


def test_thousands_of_unknown_codes_each_get_their_suggestion(write_plan: PlanWriter) -> None:
    roles = "".join(f"  ROLE{number:04d}: Role {number}\n" for number in range(3000))
    actions = "".join(
        f'  - id: "1.1.{number + 1}"\n    action: Act.\n    lead: ROLF{number:04d}\n'
        "    due: 2016-06\n    updates:\n      - date: 2016-06-20\n        status: in-progress\n"
        for number in range(3000)
    )
    directory = write_plan(
        {
            "plan.yaml": PLAN_YAML.split("roles:")[0] + "roles:\n" + roles,
            "01-leadership.yaml": f"priority: 1\ntitle: L\nactions:\n{actions}",
        }
    )
    problems = load_plan(directory, TODAY).problems

    # Every one is found, each with its suggestion; a file shows its first 100 and counts the rest.
    assert len(problems) == 101
    assert problems[50].message == (
        "unknown role 'ROLF0050': plan/plan.yaml does not declare it (did you mean 'ROLE0050'?)"
    )
    assert "2900 more" in problems[-1].message


def test_show_with_an_id_part_thousands_of_digits_long(runner: CliRunner, plan: Path) -> None:
    typed = "1.1." + "1" * 5000

    assert run(runner, "show", typed) == (
        2,
        "",
        f"csip: error: the plan has no action '1.1.{'1' * 55}…' (did you mean '1.1.1'?)\n",
    )


def test_show_suggests_only_within_the_priority(runner: CliRunner, plan: Path) -> None:
    assert run(runner, "show", "2.1.1") == (2, "", "csip: error: the plan has no action '2.1.1'\n")


# --- one problem, one line ---------------------------------------------------------------------

HOSTILE = Problem(
    "plan/06-x\n::error file=a::injected.yaml",
    3,
    5,
    "error",
    "unknown-role",
    "unknown role 'A\r\n::error::B \x1b]0;title\x07 \u2028C \x85D \u202eE ##[error]F'",
)


def test_text_makes_every_control_character_visible() -> None:
    assert HOSTILE.text() == (
        "plan/06-x\\n::error file=a::injected.yaml:3:5: error: unknown role "
        "'A\\r\\n::error::B \\x1b]0;title\\x07 \\u2028C \\x85D \\u202eE #\\x23[error]F'"
    )


def test_github_is_one_workflow_command_whatever_the_text() -> None:
    assert HOSTILE.github() == (
        "::error file=plan/06-x\\n%3A%3Aerror file=a%3A%3Ainjected.yaml,line=3,col=5,"
        "title=csip unknown-role::unknown role "
        "'A\\r\\n::error::B \\x1b]0;title\\x07 \\u2028C \\x85D \\u202eE #\\x23[error]F'"
    )


def test_github_escapes_percent_signs() -> None:
    problem = Problem("plan/100%.yaml", 1, 1, "warning", "no-update", "50% done, %0A")
    assert problem.github() == (
        "::warning file=plan/100%25.yaml,line=1,col=1,title=csip no-update::50%25 done, %250A"
    )


def test_json_keeps_the_values_and_writes_no_control_character() -> None:
    text = as_json([HOSTILE])

    assert all(char.isprintable() or char == "\n" for char in text)
    assert "##[" not in text
    assert json.loads(text)[0]["file"] == HOSTILE.file
    assert json.loads(text)[0]["message"] == HOSTILE.message


def test_a_file_name_starting_with_colons_is_not_a_command_in_text() -> None:
    problem = Problem("::error::x.yaml", 1, 1, "error", "missing-key", "missing required key 'a'")
    assert problem.text() == "./::error::x.yaml:1:1: error: missing required key 'a'"


PROBLEM_LINE = re.compile(r"[^\n]+:[0-9]+:[0-9]+: (error|warning): [^\n]+")


@pytest.fixture
def hostile_plan(write_plan: PlanWriter) -> Path:
    """A plan whose YAML tag, duplicate key, file name and codes try to start CI commands."""
    return write_plan(
        {
            "02-tag.yaml": "priority: !<tag:x%0A::error::tag> 2\ntitle: T\n",
            "03-key.yaml": '"k\\n::error::key": 1\n"k\\n::error::key": 2\n',
            "04-name\n::error::name.yaml": "priority: 4\n",
            "05-code.yaml": (
                'priority: 5\ntitle: T\nactions:\n  - id: "5.1"\n    action: A.\n'
                '    lead: "##[error]code\\e[2J\\e]0;title\\a"\n    due: 2016-06\n'
                "    updates:\n      - date: 2016-06-20\n        status: in-progress\n"
            ),
        }
    )


@pytest.mark.parametrize("output_format", ["text", "github"])
def test_no_plan_text_starts_a_line_of_its_own(
    runner: CliRunner, hostile_plan: Path, output_format: str
) -> None:
    code, stdout, _ = run(runner, "validate", "--format", output_format)

    lines = stdout.splitlines()
    assert code == 1
    assert lines[-1] == "plan: 5 files, 4 priorities, 1 action: 7 errors, 0 warnings"
    body = lines[1:-2] if output_format == "github" else lines[:-1]
    assert len(body) == 7
    for line in body:
        assert all(char.isprintable() for char in line)
        assert "##[" not in line
        if output_format == "text":
            assert PROBLEM_LINE.fullmatch(line), line
        else:
            assert line.startswith("::error file=plan/"), line


def test_the_text_lines_of_a_hostile_plan(runner: CliRunner, hostile_plan: Path) -> None:
    assert run(runner, "validate")[1].splitlines() == [
        "plan/02-tag.yaml:1:11: error: YAML tags such as 'tag:x\\n::error::tag' are not used in "
        "plan files",
        "plan/03-key.yaml:1:1: error: missing required key 'priority'",
        "plan/03-key.yaml:1:1: error: missing required key 'title'",
        "plan/03-key.yaml:1:1: error: unknown key 'k\\n::error::key'",
        "plan/03-key.yaml:2:1: error: duplicate key 'k\\n::error::key' (first at line 1); YAML "
        "would silently keep only one",
        "plan/04-name\\n::error::name.yaml:1:1: error: missing required key 'title'",
        "plan/05-code.yaml:6:11: error: unknown role '#\\x23[error]code\\x1b[2J\\x1b]0;title\\x07':"
        " plan/plan.yaml does not declare it",
        "plan: 5 files, 4 priorities, 1 action: 7 errors, 0 warnings",
    ]


def test_usage_errors_are_one_visible_line(runner: CliRunner, write_plan: PlanWriter) -> None:
    header = PLAN_YAML.replace("roles:\n", 'roles:\n  "D\\e[2JCS": Director\n')
    write_plan({"plan.yaml": header, "01-l.yaml": LEADERSHIP})

    assert run(runner, "status", "--lead", "DCSS") == (
        2,
        "",
        "csip: error: unknown lead 'DCSS': plan.yaml does not declare it under roles (did you "
        "mean 'DCS'?)\n",
    )
    assert run(runner, "status", "--lead", "d\x1b[2jcs")[2] == (
        "csip: error: unknown lead 'd\\x1b[2jcs': plan.yaml does not declare it under roles "
        "(did you mean 'D\\x1b[2JCS'?)\n"
    )


# --- output that cannot be written -------------------------------------------------------------

needs_csip = pytest.mark.skipif(not CSIP.exists(), reason=f"csip is not installed at {CSIP}")


def _csip(cwd: Path, *args: str, **kwargs: Any) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH}
    return subprocess.run(
        [str(CSIP), *args], cwd=cwd, env=env, text=True, timeout=60, check=False, **kwargs
    )


@needs_csip
@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full on this system")
def test_a_full_disk_is_one_line_and_exit_1(plan: Path) -> None:
    with Path("/dev/full").open("w") as full:
        result = _csip(plan.parent, "validate", stdout=full, stderr=subprocess.PIPE)

    assert (result.returncode, result.stderr) == (
        1,
        "csip: error: cannot write to standard output: No space left on device\n",
    )


@needs_csip
def test_closed_standard_output_is_one_line_and_exit_1(plan: Path) -> None:
    result = _csip(
        plan.parent,
        "validate",
        stderr=subprocess.PIPE,
        preexec_fn=lambda: os.close(1),
    )

    assert (result.returncode, result.stderr) == (
        1,
        "csip: error: cannot write to standard output: Bad file descriptor\n",
    )


# --- funding figures -------------------------------------------------------------------------


def test_totals_of_the_largest_amounts_print_in_full(
    runner: CliRunner, write_plan: PlanWriter
) -> None:
    lines = "".join(
        f'  - name: Line {number}\n    actions: ["1.1.1"]\n'
        f"    years:\n      2016/17: {{budget: {MAX_AMOUNT}}}\n"
        for number in range(3)
    )
    write_plan({"01-leadership.yaml": LEADERSHIP, "funding.yaml": f"lines:\n{lines}"})

    code, stdout, stderr = run(runner, "funding", "--format", "json")

    assert (code, stderr) == (0, "")
    assert json.loads(stdout)["totals"]["2016/17"]["budget"] == 3 * MAX_AMOUNT
    markdown = run(runner, "funding")[1]
    assert "3,000,000,000" in markdown
