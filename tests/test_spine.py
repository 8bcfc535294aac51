"""The spine: one snapshot per scope, one registry of reports, layers that import one way."""

from __future__ import annotations

import ast
import datetime as dt
import json
from pathlib import Path

import pytest
from conftest import REFERENCE_PLAN, REPO, TODAY, PlanWriter
from typer.testing import CliRunner

from csip import months
from csip.cli import app
from csip.figures import rag
from csip.plan_folder import load_plan
from csip.reports.registry import REPORTS
from csip.reports.site import site_files

SOURCE = REPO / "src" / "csip"
FIGURE_LAYERS = ("csip.load", "csip.model", "csip.checks", "csip.figures")
PRESENTATION = ("csip.reports", "csip.render", "csip.cli")

PRIORITY = """\
priority: 1
title: Leadership and Governance
actions:
  - id: "1.1.1"
    action: Agree the improvement plan with the board.
    lead: DCS
    due: 2016-06
    updates:
      - date: 2016-06-20
        status: complete
        evidence: [Board minutes]
  - id: "1.1.2"
    action: Appoint a permanent Director.
    lead: DCS
    due: 2016-07
    updates:
      - date: 2016-06-01
        status: in-progress
"""
PRIORITY_2 = """\
priority: 2
title: Safeguarding
actions:
  - id: "2.1.1"
    action: Audit the front door.
    lead: DCS
    due: 2016-08
    updates:
      - date: 2016-06-01
        status: in-progress
"""
HEADER = """\
title: Test plan
organisation: Test Council
starts: 2016-05
roles:
  DCS: Director of Children's Services
  Lead Member:
"""


def module_name(path: Path) -> str:
    parts = path.relative_to(SOURCE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> set[str]:
    """Every csip module ``path`` imports, at any depth of the file, TYPE_CHECKING included."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("csip"):
            for alias in node.names:
                candidate = f"{node.module}.{alias.name}"
                is_module = (SOURCE.parent / candidate.replace(".", "/")).with_suffix(".py")
                found.add(candidate if is_module.is_file() else node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.startswith("csip"))
    return found


def import_graph() -> dict[str, set[str]]:
    return {module_name(path): imports_of(path) for path in sorted(SOURCE.rglob("*.py"))}


def test_src_has_no_import_cycle() -> None:
    graph = import_graph()
    done: set[str] = set()

    def visit(module: str, trail: list[str]) -> None:
        if module in trail:
            cycle = [*trail[trail.index(module) :], module]
            pytest.fail(f"import cycle: {' -> '.join(cycle)}")
        if module in done:
            return
        for imported in sorted(graph.get(module, ())):
            visit(imported, [*trail, module])
        done.add(module)

    for module in graph:
        visit(module, [])


def test_the_figure_layer_imports_no_report_renderer_or_cli() -> None:
    wrong = sorted(
        f"{module} imports {imported}"
        for module, imported_modules in import_graph().items()
        if module.startswith(FIGURE_LAYERS)
        for imported in imported_modules
        if imported.startswith(PRESENTATION)
    )
    assert wrong == []


def test_no_two_modules_share_a_name() -> None:
    names: dict[str, list[str]] = {}
    for path in SOURCE.rglob("*.py"):
        if path.name != "__init__.py":
            names.setdefault(path.stem, []).append(module_name(path))
    assert {name: found for name, found in names.items() if len(found) > 1} == {}


def test_build_works_out_each_date_once(monkeypatch: pytest.MonkeyPatch) -> None:
    loaded = load_plan(REFERENCE_PLAN, TODAY)
    assert loaded.plan is not None
    dates: list[dt.date] = []
    states = rag.states

    def counted(plan: object, as_of: dt.date) -> list[rag.ActionState]:
        dates.append(as_of)
        return states(loaded.plan, as_of)  # type: ignore[arg-type]

    monkeypatch.setattr(rag, "states", counted)
    made = dt.datetime(2017, 2, 3, 9, 0, tzinfo=dt.UTC)
    files = site_files(loaded.plan, "2017-01", made=made)

    assert "index.html" in files
    # Each date worked out once, though every month's exception report, the progress report,
    # the quarterly monitoring reports and the status figures use the ends of the months.
    assert len(dates) == len(set(dates))
    month_ends = [months.last_day(month) for month in months.span("2016-05", "2017-01")]
    assert set(month_ends) <= set(dates)


def test_every_report_command_comes_from_the_registry(runner: CliRunner) -> None:
    result = runner.invoke(app, ["--help"], catch_exceptions=False)
    listed = {line.split()[0] for line in result.stdout.splitlines() if line.startswith("  ")}
    assert {kind.name for kind in REPORTS if kind.command} <= listed


def test_format_follows_the_output_extension(write_plan: PlanWriter, runner: CliRunner) -> None:
    write_plan({"01-leadership.yaml": PRIORITY}, header=False)
    Path("plan/plan.yaml").write_text(HEADER, encoding="utf-8")
    result = runner.invoke(app, ["exception-report", "--month", "2016-08", "--output", "out.JSON"])
    assert result.exit_code == 0, result.stderr
    assert json.loads(Path("out.JSON").read_text(encoding="utf-8"))["totals"]["red"] == 1


def test_a_format_that_contradicts_the_output_is_a_usage_error(
    write_plan: PlanWriter, runner: CliRunner
) -> None:
    write_plan({"01-leadership.yaml": PRIORITY})
    result = runner.invoke(
        app, ["exception-report", "--month", "2016-08", "--format", "md", "--output", "x.html"]
    )
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "csip: error: --format md contradicts --output 'x.html', which names a HTML file\n"
    )
    assert not Path("x.html").exists()


def test_an_output_named_as_a_word_file_is_a_usage_error(
    write_plan: PlanWriter, runner: CliRunner
) -> None:
    """Markdown saved as ``x.docx`` would open as a damaged Word file."""
    write_plan({"01-leadership.yaml": PRIORITY})
    result = runner.invoke(app, ["exception-report", "--month", "2016-08", "--output", "x.docx"])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "csip: error: --output 'x.docx' names a Word file, which this report is not written as: "
        "give a file ending .htm, .html, .json, .markdown, .md, .pdf\n"
    )
    assert not Path("x.docx").exists()
    given = runner.invoke(
        app, ["exception-report", "--month", "2016-08", "--format", "html", "--output", "x.docx"]
    )
    assert (given.exit_code, given.stderr) == (2, result.stderr)


def test_an_output_with_another_ending_is_the_first_format(
    write_plan: PlanWriter, runner: CliRunner
) -> None:
    write_plan({"01-leadership.yaml": PRIORITY})
    result = runner.invoke(app, ["exception-report", "--month", "2016-08", "--output", "x.2016"])
    assert result.exit_code == 0, result.stderr
    assert Path("x.2016").read_text(encoding="utf-8").startswith("# ")


def test_option_values_are_read_whatever_their_case(
    write_plan: PlanWriter, runner: CliRunner
) -> None:
    write_plan({"01-leadership.yaml": PRIORITY})
    result = runner.invoke(app, ["actions", "--as-of", "2016-08-31", "--rag", "Red", "-f", "JSON"])
    assert result.exit_code == 0, result.stderr
    assert [row["id"] for row in json.loads(result.stdout)] == ["1.1.2"]
    result = runner.invoke(app, ["exception-report", "--month", "2016-08", "-f", "Json"])
    assert result.exit_code == 0, result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["status", "--priority", "x"],
            "csip: error: --priority takes a priority number, such as 6, not 'x'\n",
        ),
        (
            ["status", "--priority", "\N{ARABIC-INDIC DIGIT ONE}"],
            "csip: error: --priority takes a priority number, such as 6, not "
            "'\N{ARABIC-INDIC DIGIT ONE}'\n",
        ),
        (
            ["exception-report", "--month", "2016-08", "--format", "pdfx"],
            "csip: error: --format takes one of md, html, json, pdf, not 'pdfx'\n",
        ),
        (
            ["exception-report", "--month", "2016-08", "--priority", "9"],
            "csip: error: the plan has no priority 9 (its priorities: 1, 2)\n",
        ),
    ],
)
def test_usage_errors_use_plain_words(
    write_plan: PlanWriter, runner: CliRunner, args: list[str], message: str
) -> None:
    write_plan({"01-leadership.yaml": PRIORITY, "02-safeguarding.yaml": PRIORITY_2})
    result = runner.invoke(app, args)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", message)


def test_no_usage_error_shows_a_library_s_wording(
    write_plan: PlanWriter, runner: CliRunner
) -> None:
    write_plan({"01-leadership.yaml": PRIORITY})
    for args in (["actions", "--rag", "purple"], ["status", "--format", "pie"], ["show"]):
        result = runner.invoke(app, args)
        assert result.exit_code == 2
        assert result.stderr.startswith("csip: error: ")
        assert result.stderr.count("\n") == 1
        for wording in ("Value error", "Input should be", "Traceback"):
            assert wording not in result.stderr


def test_exception_report_for_chosen_priorities(write_plan: PlanWriter, runner: CliRunner) -> None:
    write_plan({"01-leadership.yaml": PRIORITY, "02-safeguarding.yaml": PRIORITY_2})
    result = runner.invoke(
        app, ["exception-report", "--month", "2016-08", "-f", "json", "--priority", "2"]
    )
    data = json.loads(result.stdout)
    assert [row["priority"] for row in data["priorities"]] == [2]
    assert (data["totals"]["due"], data["totals"]["red"]) == (1, 1)
    assert [row["id"] for row in data["red_actions"]] == ["2.1.1"]


def test_a_role_may_have_no_description(write_plan: PlanWriter, runner: CliRunner) -> None:
    led = PRIORITY.replace("lead: DCS\n    due: 2016-07", "lead: Lead Member\n    due: 2016-07")
    write_plan({"01-leadership.yaml": led}, header=False)
    Path("plan/plan.yaml").write_text(HEADER, encoding="utf-8")
    result = runner.invoke(app, ["validate"])
    assert result.stdout.endswith("plan: 2 files, 1 priority, 2 actions: no problems\n")


def test_an_action_due_before_the_plan_starts_is_an_error(
    write_plan: PlanWriter, runner: CliRunner
) -> None:
    early = PRIORITY_2.replace("due: 2016-08", "due: 2016-03")
    write_plan({"02-safeguarding.yaml": early})
    result = runner.invoke(app, ["validate"])
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == (
        "plan/02-safeguarding.yaml:7:10: error: action '2.1.1' is due (2016-03) before the plan "
        "starts (2016-05, in plan/plan.yaml)"
    )


@pytest.mark.parametrize(("day", "rag"), [("2016-05-31", "amber"), ("2016-02-29", "amber")])
def test_a_start_before_the_plan_is_the_start_as_written(
    write_plan: PlanWriter, runner: CliRunner, day: str, rag: str
) -> None:
    """Only an omitted start is the plan's start month (spec section 1): one written earlier
    is shown as written and counts from then, so the action is not White once it has begun."""
    early = PRIORITY_2.replace("    due: 2016-08", "    start: 2016-01\n    due: 2016-08")
    write_plan({"02-safeguarding.yaml": early})
    result = runner.invoke(app, ["actions", "--as-of", day, "-f", "json"])
    assert [(row["start"], row["rag"]) for row in json.loads(result.stdout)] == [("2016-01", rag)]


def test_a_start_before_the_plan_may_have_a_due_month_before_it_too(
    write_plan: PlanWriter, runner: CliRunner
) -> None:
    """Only an omitted start makes a due month before the plan's start an error (spec
    section 6): an action that names its earlier start is due within its own timescale."""
    early = PRIORITY_2.replace("    due: 2016-08", "    start: 2016-01\n    due: 2016-03")
    write_plan({"02-safeguarding.yaml": early})
    result = runner.invoke(app, ["validate"])
    assert result.exit_code == 0, result.stdout


def test_a_funding_error_blocks_only_the_funding_report(
    write_plan: PlanWriter, runner: CliRunner
) -> None:
    write_plan(
        {
            "01-leadership.yaml": PRIORITY,
            "funding.yaml": "lines:\n  - name: Phase One\n    actions: ['9.9.9']\n    years: {}\n",
        }
    )
    result = runner.invoke(app, ["exception-report", "--month", "2016-08", "-f", "json"])
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["totals"]["red"] == 1
    assert runner.invoke(app, ["show", "1.1.1", "--month", "2016-08"]).exit_code == 0
    result = runner.invoke(app, ["funding"])
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == ("csip: plan/funding.yaml has errors; fix them first (csip validate)\n")
    assert runner.invoke(app, ["validate"]).exit_code == 1


def test_an_error_in_a_priority_file_blocks_every_report(
    write_plan: PlanWriter, runner: CliRunner
) -> None:
    write_plan({"01-leadership.yaml": PRIORITY.replace("due: 2016-06", "due: 2016-13")})
    result = runner.invoke(app, ["exception-report", "--month", "2016-08"])
    assert result.exit_code == 1
    assert result.stderr.endswith("has errors; fix them first (csip validate).\n")


def test_a_shape_error_does_not_hide_an_unknown_code_in_the_same_action(
    write_plan: PlanWriter, runner: CliRunner
) -> None:
    broken = PRIORITY.replace("    lead: DCS\n    due: 2016-06", "    lead: DSC\n    due: 2016-13")
    broken = broken.replace("    lead: DCS\n    due: 2016-07", "    lead: [DCS, HOS]\n    deu: x")
    write_plan({"01-leadership.yaml": broken})
    lines = runner.invoke(app, ["validate"]).stdout.splitlines()
    assert [line for line in lines if "unknown role" in line] == [
        "plan/01-leadership.yaml:6:11: error: unknown role 'DSC': plan/plan.yaml does not "
        "declare it (did you mean 'DCS'?)",
        "plan/01-leadership.yaml:14:17: error: unknown role 'HOS': plan/plan.yaml does not "
        "declare it (did you mean 'HOS C&R'?)",
    ]


def test_output_dash_is_standard_output(write_plan: PlanWriter, runner: CliRunner) -> None:
    write_plan({"01-leadership.yaml": PRIORITY})
    result = runner.invoke(app, ["exception-report", "-m", "2016-08", "-f", "json", "-o", "-"])
    assert json.loads(result.stdout)["totals"]["red"] == 1
    assert not Path("-").exists()
