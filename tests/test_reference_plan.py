"""The reference plan in ``plan/`` against the published paper (seed 004, report CS17130).

Every expected number below is typed from the seed: Table 1 and Appendix 1 of the January 2017
exception report, and the table "Additional funding for children's social care". None was
taken from running csip: these tests check the code and the plan files against the paper.
"""

from __future__ import annotations

import pytest
from conftest import REFERENCE_PLAN, TODAY
from reference import (
    APPENDIX_1,
    DUE,
    DUE_LATER,
    FUNDING_COLUMNS,
    FUNDING_TABLE,
    FUNDING_TOTALS,
    MONTH,
    PERIOD_START,
    RED,
    RED_BY_DUE_MONTH,
    TABLE_1,
)
from typer.testing import CliRunner

from csip.cli import app
from csip.figures.snapshot import Snapshots
from csip.model.domain import Plan
from csip.plan_folder import load_plan
from csip.reports.funding import funding_figures

MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


@pytest.fixture(scope="module")
def plan() -> Plan:
    loaded = load_plan(REFERENCE_PLAN, TODAY)
    assert loaded.plan is not None, [problem.text() for problem in loaded.problems]
    return loaded.plan


def test_validate_strict_passes_with_no_warning(runner: CliRunner) -> None:
    result = runner.invoke(
        app, ["validate", "--plan", str(REFERENCE_PLAN), "--strict"], catch_exceptions=False
    )

    assert result.exit_code == 0, result.stdout
    assert "warning" not in result.stdout
    assert result.stdout.strip().endswith("no problems")


def test_january_2017_totals(plan: Plan) -> None:
    figures = Snapshots(plan).month_end(MONTH).period

    assert figures.period_start == PERIOD_START
    assert (figures.due, figures.red) == (DUE, RED)
    assert (figures.due_later, figures.not_started, figures.withdrawn) == (DUE_LATER, 0, 0)
    assert sum(due for due, _ in TABLE_1.values()) == DUE
    assert sum(red for _, red in TABLE_1.values()) == RED


def test_january_2017_table_1_by_priority(plan: Plan) -> None:
    figures = Snapshots(plan).month_end(MONTH).period

    table = {row.priority.number: (row.due, row.red) for row in figures.priorities}
    assert table == TABLE_1


def due_month(timescale: str) -> str:
    """The month a timescale of the appendix ends in: "Oct - Dec 16" and "Dec-16" are 2016-12."""
    name, year = timescale.split(" - ")[-1].replace("-", " ").split()
    return f"20{year}-{MONTHS.index(name) + 1:02d}"


def test_january_2017_red_actions_are_appendix_1(plan: Plan) -> None:
    figures = Snapshots(plan).month_end(MONTH).period

    assert [state.id for state in figures.red_actions] == list(APPENDIX_1)
    # The published due month is where each appendix timescale ends.
    assert {state.id: state.due for state in figures.red_actions} == {
        action_id: due_month(timescale) for action_id, timescale in APPENDIX_1.items()
    }
    # By due month, as the appendix has them (its prose says 11 in December; the appendix has 12).
    assert figures.red_by_due_month == RED_BY_DUE_MONTH


def test_funding_reproduces_the_seed_table(plan: Plan) -> None:
    assert plan.funding is not None
    figures = funding_figures(plan.funding)

    assert figures.units == "£'000"
    assert figures.columns == FUNDING_COLUMNS
    lines = {
        line.name.upper(): tuple(line.amount(column) for column in FUNDING_COLUMNS)
        for line in figures.lines
    }
    assert lines == FUNDING_TABLE
    assert tuple(figures.total(column) for column in FUNDING_COLUMNS) == FUNDING_TOTALS
    assert tuple(map(sum, zip(*FUNDING_TABLE.values(), strict=True))) == FUNDING_TOTALS
