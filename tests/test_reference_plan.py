"""The reference plan in ``plan/`` against the published paper (seed 004, report CS17130).

Every expected number below is typed from the seed: Table 1 and Appendix 1 of the January 2017
exception report, and the table "Additional funding for children's social care". None was
taken from running csip: these tests check the code and the plan files against the paper.
"""

from __future__ import annotations

import pytest
from conftest import REFERENCE_PLAN, TODAY
from typer.testing import CliRunner

from csip.cli.app import app
from csip.figures.exception_figures import exception_figures
from csip.model.domain import Plan
from csip.plan_folder import load_plan
from csip.reports.funding import Column, funding_figures

pytestmark = pytest.mark.skipif(
    not (REFERENCE_PLAN / "plan.yaml").is_file(),
    reason="the reference plan (plan/) is not in this checkout",
)

# Table 1: actions due May 2016 - Jan 2017, and actions not progressed, by priority.
TABLE_1 = {
    1: (11, 1),
    2: (27, 1),
    3: (20, 2),
    4: (16, 1),
    5: (41, 3),
    6: (20, 4),
    7: (5, 3),
    8: (32, 2),
    9: (14, 2),
    10: (14, 1),
}

# Appendix 1: every action not progressed, with its timescale as the appendix prints it.
APPENDIX_1 = {
    "1.7.2": "Jan-17",
    "2.10.1": "Oct - Dec 16",
    "3.1.2": "Nov-16",
    "3.3.1": "Jan-17",
    "4.3.3": "Dec-16",
    "5.3.3": "Sep-16",
    "5.8.2": "Nov-16",
    "5.8.3": "Dec-16",
    "6.1.4": "Oct-16",
    "6.3.4": "Dec-16",
    "6.4.4": "Jan-17",
    "6.4.5": "Jan-17",
    "7.2.1": "Dec-16",
    "7.2.3": "Dec-16",
    "7.2.4": "Dec-16",
    "8.3.4": "Dec-16",
    "8.3.5": "Dec-16",
    "9.5.1": "Dec-16",
    "9.5.5": "Dec-16",
    "10.2.5": "Dec-16",
}

MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

# The funding table: 2016/17 budget, 2016/17 spend, 2017/18 budget, 2017/18 committed (£'000).
FUNDING_TABLE = {
    "PHASE ONE": (731, 731, 1171, 1171),
    "PHASE TWO": (218, 218, 348, 348),
    "PHASE THREE": (141, 141, 795, 795),
    "FULL YEAR EFFECT OF 2016/17 PRESSURES": (0, 0, 2093, 2093),
    "ADDITIONAL FUNDING FOR SOCIAL WORKERS AND CASELOADS": (0, 0, 750, 0),
}
FUNDING_TOTALS = (1090, 1090, 5157, 4407)
FUNDING_COLUMNS = (
    Column("2016/17", "budget"),
    Column("2016/17", "spend"),
    Column("2017/18", "budget"),
    Column("2017/18", "committed"),
)


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
    figures = exception_figures(plan, "2017-01")

    assert figures.period_start == "2016-05"
    assert (figures.due, figures.red) == (200, 20)
    assert (figures.due_later, figures.not_started, figures.withdrawn) == (27, 0, 0)
    assert sum(due for due, _ in TABLE_1.values()) == 200
    assert sum(red for _, red in TABLE_1.values()) == 20


def test_january_2017_table_1_by_priority(plan: Plan) -> None:
    figures = exception_figures(plan, "2017-01")

    table = {row.priority.number: (row.due, row.red) for row in figures.priorities}
    assert table == TABLE_1


def due_month(timescale: str) -> str:
    """The month a timescale of the appendix ends in: "Oct - Dec 16" and "Dec-16" are 2016-12."""
    name, year = timescale.split(" - ")[-1].replace("-", " ").split()
    return f"20{year}-{MONTHS.index(name) + 1:02d}"


def test_january_2017_red_actions_are_appendix_1(plan: Plan) -> None:
    figures = exception_figures(plan, "2017-01")

    assert [state.id for state in figures.red_actions] == list(APPENDIX_1)
    # The published due month is where each appendix timescale ends.
    assert {state.id: state.due for state in figures.red_actions} == {
        action_id: due_month(timescale) for action_id, timescale in APPENDIX_1.items()
    }
    # By due month, as the appendix has them (its prose says 11 in December; the appendix has 12).
    assert figures.red_by_due_month == {
        "2016-09": 1,
        "2016-10": 1,
        "2016-11": 2,
        "2016-12": 12,
        "2017-01": 4,
    }


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
