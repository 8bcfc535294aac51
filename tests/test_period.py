"""Reports for any period (spec section 9): each figure on a small plan worked out by hand, the
monitoring report around them, financial quarters, the command line and the reference plan.

The small plan starts in May 2016. What each action does is in its text; the figures expected
below follow from those texts and the rules of spec sections 2 and 9, not from running csip.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import re
from pathlib import Path

import pytest
from conftest import REFERENCE_PLAN, REPO, TODAY, PlanWriter
from report_calls import monitoring_figures, monitoring_report
from test_reports import check_golden, outline
from typer.testing import CliRunner

from csip.cli import app
from csip.figures.period import (
    MonitoringFigures,
    Quarter,
    complete_quarters,
    quarter_of,
)
from csip.model.domain import Plan
from csip.plan_folder import load_plan
from csip.reports.common import pace_chart
from csip.reports.monitoring import per_month

MADE = dt.datetime(2026, 11, 25, tzinfo=dt.UTC)

PRIORITY_1 = """\
priority: 1
title: Leadership and Governance
actions:
  - id: "1.1.1"
    action: Done on time in June.
    lead: DCS
    due: 2016-06
    updates:
      - {date: 2016-06-20, status: complete, evidence: [minutes]}
  - id: "1.1.2"
    action: Due in July, done late in August.
    lead: DCS
    due: 2016-07
    updates:
      - {date: 2016-08-10, status: complete, evidence: [report]}
  - id: "1.1.3"
    action: Due in August, still in progress; re-planned in October.
    lead: DCS
    due: 2016-08
    updates:
      - {date: 2016-07-01, status: in-progress, note: Started.}
      - {date: 2016-10-10, status: in-progress, due: 2017-01, note: "Revised | to January."}
  - id: "1.1.4"
    action: Done in June, reopened in August, done again in September.
    lead: DCS
    due: 2016-06
    updates:
      - {date: 2016-06-15, status: complete, evidence: [audit]}
      - {date: 2016-08-05, status: in-progress, note: Reopened after audit.}
      - {date: 2016-09-12, status: complete, evidence: [second audit]}
  - id: "1.2.1"
    action: Due in September, re-planned in August, done in November.
    lead: DCS
    due: 2016-09
    updates:
      - {date: 2016-08-20, status: in-progress, due: 2016-11, note: Needs partners' sign-off.}
      - {date: 2016-11-15, status: complete, evidence: [sign-off]}
"""

PRIORITY_2 = """\
priority: 2
title: Supporting Care Leavers
short_title: Care Leavers
actions:
  - id: "2.1.1"
    action: Due in July, withdrawn in July.
    lead: DCS
    due: 2016-07
    updates:
      - {date: 2016-07-20, status: withdrawn}
  - id: "2.1.2"
    action: Due in October, done early in August.
    lead: DCS
    start: 2016-08
    due: 2016-10
    updates:
      - {date: 2016-08-25, status: complete, evidence: [policy]}
  - id: "2.1.3"
    action: Due in June, done in July.
    lead: DCS
    due: 2016-06
    updates:
      - {date: 2016-06-01, status: in-progress}
      - {date: 2016-07-05, status: complete, evidence: [plan]}
  - id: "2.1.4"
    action: Starts in October, due in November, never started.
    lead: DCS
    start: 2016-10
    due: 2016-11
  - id: "2.2.1"
    action: Due in February 2017.
    lead: DCS
    start: 2016-12
    due: 2017-02
"""


@pytest.fixture
def plan(write_plan: PlanWriter) -> Plan:
    directory = write_plan({"01-leadership.yaml": PRIORITY_1, "02-care-leavers.yaml": PRIORITY_2})
    loaded = load_plan(directory, TODAY)
    assert loaded.plan is not None, [problem.text() for problem in loaded.problems]
    return loaded.plan


def ids(states: list) -> list[str]:  # type: ignore[type-arg]
    return [state.id for state in states]


def lists(figures: MonitoringFigures) -> dict[str, list[str]]:
    current = figures.current
    return {
        "due": ids(current.due),
        "completed": ids(current.completed),
        "missed": ids(current.missed),
        "red_at_end": ids(current.red_at_end),
        "recovered": ids(current.recovered),
        "replanned": ids(current.replanned),
        "withdrawn": ids(current.withdrawn),
    }


# ---------------------------------------------------------------- each figure, by hand


def test_a_quarter(plan: Plan) -> None:
    """July to September 2016: D is 30 September, D0 30 June."""
    figures = monitoring_figures(plan, "2016-07", "2016-09")
    assert (figures.current.as_of, figures.current.before) == (
        dt.date(2016, 9, 30),
        dt.date(2016, 6, 30),
    )
    assert lists(figures) == {
        # 2.1.1 was due in July too, but it is withdrawn as of D and leaves every figure.
        "due": ["1.1.2", "1.1.3", "1.2.1"],
        # 1.1.4's completion date is 12 September, the start of its latest run of complete.
        "completed": ["1.1.2", "1.1.4", "2.1.2", "2.1.3"],
        # 1.1.2 was done, but in August, after its due month: missed and completed both.
        "missed": ["1.1.2", "1.1.3", "1.2.1"],
        "red_at_end": ["1.1.3", "1.2.1"],
        # 2.1.3 was Red on 30 June (due June, in progress) and Green on 30 September.
        "recovered": ["2.1.3"],
        # 1.2.1's update of 20 August gives a due month other than its published one.
        "replanned": ["1.2.1"],
        "withdrawn": ["2.1.1"],
    }
    assert figures.quarter is not None and figures.quarter.name == "2016-Q2"


def test_pace_runs_from_the_plans_start(plan: Plan) -> None:
    figures = monitoring_figures(plan, "2016-07", "2016-09")
    assert [
        (p.month, p.due, p.completed, p.cumulative_due, p.cumulative_completed)
        for p in figures.pace
    ] == [
        ("2016-05", 0, 0, 0, 0),
        ("2016-06", 3, 1, 3, 1),  # due 1.1.1, 1.1.4, 2.1.3; completed 1.1.1
        ("2016-07", 1, 1, 4, 2),  # due 1.1.2 (2.1.1 is withdrawn); completed 2.1.3
        ("2016-08", 1, 2, 5, 4),  # due 1.1.3; completed 1.1.2 and 2.1.2 (early)
        ("2016-09", 1, 1, 6, 5),  # due 1.2.1; completed 1.1.4, again
    ]


def test_by_priority(plan: Plan) -> None:
    figures = monitoring_figures(plan, "2016-07", "2016-09")
    rows = [
        (
            row.priority.number,
            row.due,
            row.completed,
            row.missed,
            row.red_at_end,
            row.recovered,
            row.replanned,
        )
        for row in figures.priorities
    ]
    assert rows == [(1, 3, 2, 3, 2, 0, 1), (2, 0, 2, 0, 0, 1, 0)]
    first, second = figures.priorities
    assert [(p.cumulative_due, p.cumulative_completed) for p in first.pace] == [
        (0, 0),
        (2, 1),
        (3, 1),
        (4, 2),
        (5, 3),
    ]
    assert [(p.cumulative_due, p.cumulative_completed) for p in second.pace] == [
        (0, 0),
        (1, 0),
        (1, 1),
        (1, 2),
        (1, 2),
    ]


def test_the_previous_period_of_the_same_length(plan: Plan) -> None:
    """Three months before July 2016 would begin in April, before the plan: the previous period
    is May to June 2016, as the plan's first quarter is."""
    previous = monitoring_figures(plan, "2016-07", "2016-09").previous
    assert previous is not None
    assert (previous.first, previous.last) == ("2016-05", "2016-06")
    assert ids(previous.due) == ["1.1.1", "1.1.4", "2.1.3"]
    assert ids(previous.completed) == ["1.1.1", "1.1.4"]  # as of 30 June: 1.1.4 not reopened yet
    assert ids(previous.missed) == ["2.1.3"]
    assert ids(previous.red_at_end) == ["2.1.3"]
    assert (previous.recovered, previous.replanned, previous.withdrawn) == ([], [], [])


def test_the_forward_look(plan: Plan) -> None:
    look = monitoring_figures(plan, "2016-07", "2016-09").next
    assert (look.first, look.last) == ("2016-10", "2016-12")
    assert ids(look.due) == ["2.1.2", "2.1.4"]
    # Due in September, not complete on 30 September, revised (on 20 August) to November.
    assert ids(look.revised_into) == ["1.2.1"]


def test_rag_at_the_start_and_end_of_the_period(plan: Plan) -> None:
    figures = monitoring_figures(plan, "2016-07", "2016-09")
    assert figures.rag_before.as_dict() == {
        "green": 2,
        "amber": 4,
        "red": 1,
        "white": 3,
        "withdrawn": 0,
    }
    assert figures.rag_after.as_dict() == {
        "green": 5,
        "amber": 0,
        "red": 2,
        "white": 2,
        "withdrawn": 1,
    }


def test_a_period_of_one_month_with_a_reopened_action(plan: Plan) -> None:
    """August 2016: 1.1.4, complete since June, was reopened on 5 August."""
    figures = monitoring_figures(plan, "2016-08", "2016-08")
    assert lists(figures) == {
        "due": ["1.1.3"],
        "completed": ["1.1.2", "2.1.2"],  # 1.1.4 has no completion date as of 31 August
        "missed": ["1.1.3"],
        "red_at_end": ["1.1.3", "1.1.4"],  # reopened after its due month: Red
        "recovered": ["1.1.2"],
        "replanned": ["1.2.1"],
        "withdrawn": ["2.1.1"],
    }
    assert [(p.month, p.completed, p.cumulative_completed) for p in figures.pace] == [
        ("2016-05", 0, 0),
        ("2016-06", 1, 1),  # 1.1.1; 1.1.4's June completion no longer counts
        ("2016-07", 1, 2),
        ("2016-08", 2, 4),
    ]
    previous = figures.previous
    assert previous is not None and (previous.first, previous.last) == ("2016-07", "2016-07")
    assert ids(previous.due) == ["1.1.2"]
    assert ids(previous.recovered) == ["2.1.3"]
    assert ids(figures.next.due) == ["1.2.1"]
    assert figures.next.revised_into == []
    assert figures.quarter is None


def test_the_reopened_action_recovers_when_done_again(plan: Plan) -> None:
    figures = monitoring_figures(plan, "2016-09", "2016-09")
    assert ids(figures.current.completed) == ["1.1.4"]
    assert ids(figures.current.recovered) == ["1.1.4"]


def test_a_period_ending_in_a_month_with_nothing_due(plan: Plan) -> None:
    """October to December 2016: nothing is due in December."""
    figures = monitoring_figures(plan, "2016-10", "2016-12")
    assert lists(figures) == {
        "due": ["2.1.2", "2.1.4"],
        "completed": ["1.2.1"],
        # 2.1.2 was complete long before the end of October; 2.1.4 was never started.
        "missed": ["2.1.4"],
        "red_at_end": ["1.1.3", "2.1.4"],
        "recovered": ["1.2.1"],
        "replanned": ["1.1.3"],
        "withdrawn": ["2.1.1"],
    }
    assert figures.pace[-1].month == "2016-12"
    assert (figures.pace[-1].due, figures.pace[-1].completed) == (0, 0)
    assert ids(figures.next.due) == ["2.2.1"]
    assert ids(figures.next.revised_into) == ["1.1.3"]


def test_the_plans_first_period_has_no_previous_one(plan: Plan) -> None:
    figures = monitoring_figures(plan, "2016-05", "2016-06")
    assert figures.previous is None
    assert lists(figures)["due"] == ["1.1.1", "1.1.4", "2.1.3"]
    assert lists(figures)["recovered"] == []
    # The plan's first quarter, April to June, runs from its start month.
    assert figures.quarter is not None and figures.quarter.label == "Quarter One 2016/17"


# ---------------------------------------------------------------- financial quarters


@pytest.mark.parametrize(
    ("month", "expected"),
    [
        ("2016-04", (2016, 1)),
        ("2016-09", (2016, 2)),
        ("2016-12", (2016, 3)),
        ("2017-01", (2016, 4)),
    ],
)
def test_quarter_of(month: str, expected: tuple[int, int]) -> None:
    assert quarter_of(month) == expected


def test_complete_quarters_up_to_a_month() -> None:
    assert complete_quarters("2016-05", "2017-01") == [
        Quarter(2016, 1, "2016-05", "2016-06"),
        Quarter(2016, 2, "2016-07", "2016-09"),
        Quarter(2016, 3, "2016-10", "2016-12"),
    ]
    assert complete_quarters("2016-05", "2017-03")[-1] == Quarter(2016, 4, "2017-01", "2017-03")
    assert complete_quarters("2016-05", "2016-06") == [Quarter(2016, 1, "2016-05", "2016-06")]
    assert complete_quarters("2016-05", "2016-05") == []
    assert complete_quarters("2016-04", "2016-06") == [Quarter(2016, 1, "2016-04", "2016-06")]
    assert complete_quarters("2017-03", "2017-06") == [
        Quarter(2016, 4, "2017-03", "2017-03"),
        Quarter(2017, 1, "2017-04", "2017-06"),
    ]
    assert [q.name for q in complete_quarters("2016-05", "2017-01")] == [
        "2016-Q1",
        "2016-Q2",
        "2016-Q3",
    ]


# ---------------------------------------------------------------- the report


def test_the_progress_summary_gives_the_pace_the_monitoring_report_gives(plan: Plan) -> None:
    from csip.reports import render_report

    progress = json.loads(
        render_report("progress-report", plan, "json", month="2016-09", made=MADE)
    )
    monitoring = json.loads(monitoring_report(plan, "2016-07", "2016-09", "json", made=MADE))
    assert progress["pace"] == monitoring["pace"] != []


def test_json_gives_the_spec_fields(plan: Plan) -> None:
    data = json.loads(monitoring_report(plan, "2016-07", "2016-09", "json", made=MADE))
    assert data["period"] == {"start": "2016-07", "end": "2016-09", "months": 3}
    assert (data["as_of"], data["before"], data["quarter"]) == (
        "2016-09-30",
        "2016-06-30",
        "2016-Q2",
    )
    assert data["completed"] == ["1.1.2", "1.1.4", "2.1.2", "2.1.3"]
    assert data["missed"] == ["1.1.2", "1.1.3", "1.2.1"]
    assert data["red_at_end"] == ["1.1.3", "1.2.1"]
    assert data["recovered"] == ["2.1.3"]
    assert data["replanned"] == ["1.2.1"]
    assert data["pace"][1] == {
        "month": "2016-06",
        "due": 3,
        "completed": 1,
        "cumulative_due": 3,
        "cumulative_completed": 1,
    }
    assert len(data["pace"]) == 5
    assert data["priorities"][1] | {"pace": []} == {
        "priority": 2,
        "title": "Supporting Care Leavers",
        "label": "Priority 2 \N{EN DASH} Care Leavers",
        "due": 0,
        "completed": 2,
        "missed": 0,
        "red_at_end": 0,
        "recovered": 1,
        "replanned": 0,
        "pace": [],
    }
    assert data["previous"]["period"] == {"start": "2016-05", "end": "2016-06", "months": 2}
    assert data["previous"]["missed"] == ["2.1.3"]
    assert data["next"] == {
        "period": {"start": "2016-10", "end": "2016-12"},
        "due": ["2.1.2", "2.1.4"],
        "revised_into": ["1.2.1"],
    }
    assert data["rag"]["end"] == {"green": 5, "amber": 0, "red": 2, "white": 2, "withdrawn": 1}


def test_markdown_says_what_happened(plan: Plan) -> None:
    text = monitoring_report(plan, "2016-07", "2016-09", "md", made=MADE)
    assert text.startswith(
        "# Children's Services Improvement Plan Quarter Two 2016/17 Monitoring Report "
        "\N{EN DASH} July to September 2016\n"
    )
    assert (
        "3 actions fell due in the period and none was complete by the end of its due month: "
        "all 3 were missed. 4 actions were completed during the period. 2 actions are Red at "
        "the end of the period. 1 action that was Red at its start has since been completed. "
        "1 action was given a revised timeline during the period." in text
    )
    assert "1 action withdrawn by the end of the period is left out of every figure." in text
    assert (
        "Since the plan started in May 2016, 6 actions have fallen due by the end of September "
        "2016 and 5 have been completed: completions are 1 action behind the planned pace." in text
    )
    assert "| Priority 2 \N{EN DASH} Care Leavers | 0 | 0 | 2 | 1 | 0 | 0 | 1 | 2 |" in text
    assert "| **Total** | **3** | **3** | **4** | **1** | **1** | **2** | **6** | **5** |" in text
    assert (
        "| 1.1.2 | Priority 1 \N{EN DASH} Leadership and Governance | Due in July, done late in "
        "August. | Jul-16 | DCS | Green: completed late, 10 August 2016 |" in text
    )
    assert (
        "Against the 2 months before, May to June 2016: 4 actions were completed, against 2, "
        "and at the end of the period more actions are Red (2, against 1)." in text
    )
    assert "| Red at the end of the period | 1 | 2 | +1 |" in text
    assert (
        "In the next 3 months, October to December 2016, 2 actions fall due, against 3 in this "
        "period. That is an average of 0.7 a month due, against an average of 1.3 a month "
        "completed "
        "in this period. 1 of them is already complete. One more action, due earlier and "
        "not complete, has a revised timeline in the next period; it stays Red until complete."
        in text
    )
    assert "## Withdrawn" in text


def test_markdown_escapes_the_plans_text(plan: Plan) -> None:
    text = monitoring_report(plan, "2016-10", "2016-12", "md", made=MADE)
    assert "| Revised \\| to January. |" in text


def test_prose_for_one_month_and_nothing(plan: Plan) -> None:
    text = monitoring_report(plan, "2016-05", "2016-05", "md", made=MADE)
    assert "This report covers May 2016 (1 month), as at 31 May 2016." in text
    assert (
        "No action fell due in the period. No action was completed during the period. No action "
        "is Red at the end of the period." in text
    )
    assert (
        "The month before this period (April 2016) ends before the plan started in May 2016: "
        "there is no earlier period to compare with." in text
    )
    assert "In the next month, June 2016, 3 actions fall due, against 0 in this period." in text
    assert "completions are keeping to the planned pace." in text
    assert text.count("No action") >= 5
    text = monitoring_report(plan, "2016-08", "2016-08", "md", made=MADE)
    assert (
        "1 action fell due in the period and it was not complete by the end of its due month: "
        "it was missed." in text
    )
    assert "Against the month before, July 2016:" in text
    text = monitoring_report(plan, "2016-06", "2016-06", "md", made=MADE)
    assert (
        "3 actions fell due in the period: 2 (67%) were complete by the end of the month they "
        "were due, and 1 (33%) was missed." in text
    )


def test_html_is_self_contained_with_an_accessible_pace_chart(plan: Plan) -> None:
    html = monitoring_report(plan, "2016-07", "2016-09", "html", made=MADE)
    page = outline(html)
    tags = [tag for tag, _ in page.tags]
    assert "script" not in tags and "link" not in tags and "img" not in tags
    assert tags.count("table") == tags.count("caption")
    assert all(attributes.get("scope") for tag, attributes in page.tags if tag == "th")
    for before, after in zip(page.headings, page.headings[1:], strict=False):
        assert after <= before + 1
    (svg,) = [attributes for tag, attributes in page.tags if tag == "svg"]
    assert svg["role"] == "img"
    for part in (svg["aria-labelledby"] or "").split():
        assert f'id="{part}"' in html
    assert (
        "By the end of September 2016, 6 actions had fallen due and 5 had been completed. Month "
        "by month, to date: May 2016: 0 due, 0 completed; June 2016: 3 due, 1 completed;" in html
    )
    # The period reported on is shaded when the chart starts before it.
    assert "Period reported on" in html
    assert (
        '<th scope="row">June 2016</th><td class="number">3</td><td class="number">1</td>' in html
    )


def test_pace_chart_geometry() -> None:
    from csip.figures.period import PaceMonth

    points = [
        PaceMonth("2016-05", 0, 0, 0, 0),
        PaceMonth("2016-06", 8, 8, 8, 8),
        PaceMonth("2016-07", 13, 13, 21, 21),
    ]
    chart = pace_chart(points, key="k", title="T")
    assert [line["value"] for line in chart["grid"]] == [0, 5, 10, 15, 20, 25]
    planned = chart["series"][0]
    assert (planned["markers"][0]["x"], planned["markers"][0]["y"]) == (
        chart["left"],
        chart["bottom"],
    )
    assert planned["markers"][-1]["x"] == chart["right"]
    assert [label["text"] for label in chart["labels"]] == ["May-16", "Jun-16", "Jul-16"]
    # The two end labels are kept apart when the lines end at the same place.
    due, done = chart["ends"]
    assert (due["text"], done["text"]) == ("21 due", "21 completed")
    assert done["y"] - due["y"] >= 16
    assert chart["band"] is None
    assert pace_chart([], key="k", title="T")["desc"] == "No data."
    many = [PaceMonth(f"{2016 + i // 12}-{i % 12 + 1:02d}", 1, 1, i, i) for i in range(36)]
    labels = pace_chart(many, key="k", title="T")["labels"]
    assert labels[-1]["text"] == "Dec-18" and len(labels) < 36
    assert all(b["x"] - a["x"] >= 52 for a, b in itertools.pairwise(labels))


def test_the_progress_report_shows_the_pace_too(plan: Plan) -> None:
    from csip.reports import render_report

    html = render_report("progress-report", plan, "html", month="2016-09", made=MADE)
    assert 'id="chart-pace-title"' in html
    text = render_report("progress-report", plan, "md", month="2016-09", made=MADE)
    assert "## The pace of the plan" in text
    assert "| September 2016 | 1 | 1 | 6 | 5 |" in text


# ---------------------------------------------------------------- the command


def invoke(runner: CliRunner, *arguments: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, ["monitoring-report", *arguments], catch_exceptions=False)


@pytest.fixture
def plan_folder(plan: Plan) -> str:
    return plan.directory


def test_the_quarter_shorthand(runner: CliRunner, plan_folder: str) -> None:
    by_quarter = invoke(runner, "--quarter", "2016-Q2", "--format", "json")
    by_months = invoke(runner, "--from", "2016-07", "--to", "2016-09", "--format", "json")
    assert by_quarter.exit_code == 0, by_quarter.stderr
    assert by_quarter.stdout == by_months.stdout
    first = invoke(runner, "--quarter", "2016-Q1", "--format", "json")
    assert json.loads(first.stdout)["period"] == {"start": "2016-05", "end": "2016-06", "months": 2}
    last = invoke(runner, "--quarter", "2016-Q4", "--format", "json")
    assert json.loads(last.stdout)["period"] == {"start": "2017-01", "end": "2017-03", "months": 3}


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (
            ["--from", "2016-01", "--to", "2016-03"],
            "the plan starts in May 2016: give --from 2016-05 or later, not 2016-01",
        ),
        (
            ["--quarter", "2015-Q4"],
            "the plan starts in May 2016: 2015-Q4 (January to March 2016) ends before it",
        ),
        (
            ["--from", "2016-09", "--to", "2016-07"],
            "the period ends before it starts: --from 2016-09 is after --to 2016-07",
        ),
        (
            ["--quarter", "2016-Q5"],
            "'2016-Q5' is not a quarter: write it as YYYY-Qn, such as 2016-Q2 (July to September "
            "2016; financial years start in April)",
        ),
        (
            ["--from", "2016-07"],
            "give the period: --from YYYY-MM and --to YYYY-MM, or --quarter YYYY-Qn",
        ),
        ([], "give the period: --from YYYY-MM and --to YYYY-MM, or --quarter YYYY-Qn"),
        (
            ["--quarter", "2016-Q2", "--from", "2016-07"],
            "give --quarter or --from and --to, not both",
        ),
        (
            ["--from", "2016-7", "--to", "2016-09"],
            "'2016-7' is not a month: write it as YYYY-MM, such as 2017-01",
        ),
    ],
)
def test_a_wrong_period_is_a_usage_error(
    runner: CliRunner, plan_folder: str, arguments: list[str], message: str
) -> None:
    result = invoke(runner, *arguments)
    assert result.exit_code == 2
    assert result.stderr == f"csip: error: {message}\n"
    assert result.stdout == ""


def test_the_report_is_written_whole_to_a_file(
    runner: CliRunner, plan_folder: str, tmp_path: Path
) -> None:
    target = tmp_path / "out" / "q2.html"
    result = invoke(runner, "--quarter", "2016-Q2", "--format", "html", "--output", str(target))
    assert result.exit_code == 0
    assert result.stderr == f"Wrote {target}\n"
    assert target.read_text(encoding="utf-8").startswith("<!doctype html>")


# ---------------------------------------------------------------- the reference plan


def reference_plan(monkeypatch: pytest.MonkeyPatch) -> Plan:
    if not (REFERENCE_PLAN / "plan.yaml").is_file():
        pytest.skip("the reference plan is not in this checkout")
    monkeypatch.chdir(REPO)
    plan = load_plan(Path("plan"), TODAY).plan
    assert plan is not None
    return plan


def test_reference_quarter_two_tells_the_seeds_story(monkeypatch: pytest.MonkeyPatch) -> None:
    """May to September 2016: the BSCB's capacity, and a pace that must nearly double."""
    plan = reference_plan(monkeypatch)
    figures = monitoring_figures(plan, "2016-05", "2016-09")
    current = figures.current
    assert (len(current.due), len(current.completed), len(current.missed)) == (77, 70, 8)
    assert figures.pace[-1].cumulative_due - figures.pace[-1].cumulative_completed == 7
    assert len(figures.next.due) == 129
    bscb = next(state for state in current.red_at_end if state.id == "3.2.1")
    assert bscb.note is not None and "capacity" in bscb.note
    # The January 2017 figures are untouched: 200 due, 180 completed, 20 Red.
    january = monitoring_figures(plan, "2016-05", "2017-01")
    assert (january.pace[-1].cumulative_due, january.pace[-1].cumulative_completed) == (200, 180)
    assert len(january.current.red_at_end) == 20


@pytest.mark.parametrize("fmt", ["md", "json"])
def test_reference_quarter_two_golden(
    monkeypatch: pytest.MonkeyPatch, update_golden: bool, fmt: str
) -> None:
    plan = reference_plan(monkeypatch)
    text = monitoring_report(plan, "2016-05", "2016-09", fmt, made=MADE)  # type: ignore[arg-type]
    check_golden(f"monitoring-report-2016-05-2016-09.{fmt}", text, update_golden)


def test_reference_quarter_two_html_has_one_chart(monkeypatch: pytest.MonkeyPatch) -> None:
    plan = reference_plan(monkeypatch)
    html = monitoring_report(plan, "2016-05", "2016-09", "html", made=MADE)
    assert len(re.findall(r"<svg ", html)) == 1
    assert "Period reported on" not in html  # the period is the whole chart


def test_the_pace_chart_of_a_very_long_plan_labels_months_without_crashing() -> None:
    from csip.figures.period import PaceMonth

    many = [PaceMonth(f"{1900 + i // 12}-{i % 12 + 1:02d}", 1, 1, i, i) for i in range(1200)]
    labels = pace_chart(many, key="k", title="T")["labels"]
    assert labels[-1]["text"] == "Dec-99" and 1 < len(labels) < 100


@pytest.mark.parametrize(
    ("count", "length", "words"),
    [
        (129, 5, "an average of 26 a month"),
        (70, 5, "an average of 14 a month"),
        (1, 5, "an average of 0.2 a month"),
        (2, 5, "an average of 0.4 a month"),
        (2, 3, "an average of 0.7 a month"),
        (4, 3, "an average of 1.3 a month"),
        (6, 3, "an average of 2 a month"),
        (0, 3, "an average of 0 a month"),
        (199, 20, "an average of 10 a month"),
        (197, 20, "an average of 9.9 a month"),
    ],
)
def test_a_pace_is_given_to_a_tenth_below_ten_a_month(count: int, length: int, words: str) -> None:
    assert per_month(count, length) == words
