"""``csip status``, ``csip actions`` and ``csip show``: the views' figures and their layout."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import REFERENCE_PLAN, TODAY, PlanWriter
from typer.testing import CliRunner, Result

from csip.cli import app
from csip.cli.shared import chosen_priorities
from csip.figures.snapshot import Snapshot, Snapshots
from csip.figures.views import (
    Filters,
    action_record,
    action_view,
    filter_problem,
    selected,
    status_json,
    status_view,
    unknown_action,
)
from csip.load.cache import Cache
from csip.model.domain import Plan
from csip.plan_folder import load_plan
from csip.words import percent

DASH = "\N{EN DASH}"
JANUARY = dt.date(2017, 1, 31)

PRIORITY_1 = """\
priority: 1
title: Leadership and Governance
short_title: Leadership
actions:
  - id: "1.1"
    action: Appoint a permanent Director of Children's Services.
    lead: DCS
    due: 2016-09
    updates:
      - date: 2016-09-30
        status: complete
        note: Appointed.
        evidence: [Appointment letter]
  - id: "1.2"
    action: >-
      Report quarterly to the Improvement Board on progress against the plan, with the
      performance data set and the findings of case audits.
    lead: [DCS, "HOS C&R"]
    agencies: [Health]
    start: 2016-06
    due: 2016-09
    updates:
      - date: 2016-11-30
        status: in-progress
        note: First report drafted.
        due: 2017-04
      - date: 2017-02-28
        status: complete
        note: Report presented to the Board.
        evidence: [Board minutes, Report to the Board]
  - id: "1.10"
    action: Review the governance of the plan.
    lead: DCS
    start: 2017-03
    due: 2017-06
"""
PRIORITY_2 = """\
priority: 2
title: Management Oversight and Quality Assurance
short_title: Management Oversight
actions:
  - id: "2.1"
    action: "=HYPERLINK(\\"http://example.com\\") Agree a supervision policy for every team."
    lead: "HOS C&R"
    agencies: [Police]
    start: 2016-12
    due: 2017-03
    updates:
      - date: 2016-12-15
        status: in-progress
        note: Draft policy out for consultation.
  - id: "2.2"
    action: Publish a monthly performance data set.
    lead: DCS
    due: 2016-12
  - id: "2.3"
    action: Set up a separate audit panel.
    lead: DCS
    due: 2016-10
    updates:
      - date: 2016-10-31
        status: withdrawn
        note: Merged into 2.1.
"""
PRIORITY_3 = """\
priority: 3
title: Legal
actions: []
"""


@pytest.fixture
def plan_dir(write_plan: PlanWriter) -> Path:
    return write_plan({"01.yaml": PRIORITY_1, "02.yaml": PRIORITY_2, "03.yaml": PRIORITY_3})


@pytest.fixture
def plan(plan_dir: Path) -> Plan:
    loaded = load_plan(plan_dir, TODAY)
    assert loaded.plan is not None, loaded.problems
    return loaded.plan


OUT_OF_ORDER = """\
priority: 2
title: Early Help
actions:
  - {id: "2.10.1", action: Tenth., lead: DCS, due: 2016-09}
  - {id: "2.9.2", action: Ninth again., lead: DCS, due: 2016-09}
  - {id: "2.9.1", action: Ninth., lead: DCS, due: 2016-09}
  - {id: "2.1.1", action: First., lead: DCS, due: 2016-09}
"""


@pytest.mark.parametrize("reading", ["from the file", "from the cache"])
def test_actions_written_out_of_order_are_in_id_order(
    write_plan: PlanWriter, reading: str, tmp_path: Path
) -> None:
    directory = write_plan({"02.yaml": OUT_OF_ORDER})
    cache = Cache(tmp_path / "cache")
    load_plan(directory, TODAY, cache)
    loaded = load_plan(directory, TODAY, cache if reading == "from the cache" else None)
    assert loaded.plan is not None, loaded.problems
    ids = [action.id for action in loaded.plan.actions()]
    assert ids == ["2.1.1", "2.9.1", "2.9.2", "2.10.1"]


# What would make rich colour a pipe: left out unless a test sets it.
FORCING = ("FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE")


def run(runner: CliRunner, *args: str, **env: str | None) -> Result:
    """The command as a pipe would run it: 80 columns, no forced colour."""
    environment: dict[str, str | None] = {"COLUMNS": "80", **dict.fromkeys(FORCING)}
    environment.update(env)
    return runner.invoke(app, list(args), env=environment, catch_exceptions=False)


def usage_error(result: Result) -> str:
    """The one line of a wrong command line, after checking it is one."""
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


# --- the figures -------------------------------------------------------------------------------


def at(plan: Plan, day: dt.date, filters: Filters | None = None) -> Snapshot:
    """The snapshot a view is made from, as the commands take it."""
    priorities = filters.priorities if filters is not None else ()
    return Snapshots(plan, priorities=priorities).at(day)


def test_status_view(plan: Plan) -> None:
    view = status_view(at(plan, JANUARY))
    assert [(row.priority.number, row.counts.as_dict()) for row in view.rows] == [
        (1, {"green": 1, "amber": 0, "red": 1, "white": 1, "withdrawn": 0}),
        (2, {"green": 0, "amber": 1, "red": 1, "white": 0, "withdrawn": 1}),
        (3, {"green": 0, "amber": 0, "red": 0, "white": 0, "withdrawn": 0}),
    ]
    assert [(row.counts.due, row.counts.done) for row in view.rows] == [(2, 1), (1, 0), (0, 0)]
    assert (view.totals.due, view.totals.done, view.totals.withdrawn) == (3, 1, 1)
    assert [(s.id, s.months_overdue, s.revised_due) for s in view.overdue] == [
        ("1.2", 4, "2017-04"),
        ("2.2", 1, None),
    ]
    assert view.replanned == 1


def test_status_as_of_a_later_date_counts_later_updates(plan: Plan) -> None:
    view = status_view(at(plan, dt.date(2017, 2, 28)))
    assert view.totals.as_dict() == {"green": 2, "amber": 1, "red": 1, "white": 1, "withdrawn": 1}
    assert [state.id for state in view.overdue] == ["2.2"]


def test_status_json_has_every_key_of_the_spec(plan: Plan) -> None:
    assert status_json(status_view(at(plan, JANUARY))) == {
        "as_of": "2017-01-31",
        "filters": {"priorities": [], "lead": None, "agency": None},
        "rag": {"green": 1, "amber": 1, "red": 2, "white": 1, "withdrawn": 1},
        "assurance": {"unverified": 1, "evidenced": 0, "embedded": 0, "challenged": 0},
        "priorities": [
            {
                "priority": 1,
                "title": "Leadership and Governance",
                **{"green": 1, "amber": 0, "red": 1, "white": 1, "withdrawn": 0},
                "assurance": {"unverified": 1, "evidenced": 0, "embedded": 0, "challenged": 0},
            },
            {
                "priority": 2,
                "title": "Management Oversight and Quality Assurance",
                **{"green": 0, "amber": 1, "red": 1, "white": 0, "withdrawn": 1},
                "assurance": {"unverified": 0, "evidenced": 0, "embedded": 0, "challenged": 0},
            },
            {
                "priority": 3,
                "title": "Legal",
                **{"green": 0, "amber": 0, "red": 0, "white": 0, "withdrawn": 0},
                "assurance": {"unverified": 0, "evidenced": 0, "embedded": 0, "challenged": 0},
            },
        ],
        "overdue": [
            {
                "id": "1.2",
                "priority": 1,
                "due": "2016-09",
                "revised_due": "2017-04",
                "months_overdue": 4,
                "lead": ["DCS", "HOS C&R"],
            },
            {
                "id": "2.2",
                "priority": 2,
                "due": "2016-12",
                "revised_due": None,
                "months_overdue": 1,
                "lead": ["DCS"],
            },
        ],
    }


def test_filters_narrow_every_figure(plan: Plan) -> None:
    by_lead = status_view(at(plan, JANUARY, Filters(lead="HOS C&R")), Filters(lead="HOS C&R"))
    assert by_lead.totals.as_dict() == {
        "green": 0,
        "amber": 1,
        "red": 1,
        "white": 0,
        "withdrawn": 0,
    }
    # Every priority is still listed, zeros included.
    assert [row.priority.number for row in by_lead.rows] == [1, 2, 3]
    assert [row.counts.red for row in by_lead.rows] == [1, 0, 0]

    by_agency = status_view(at(plan, JANUARY, Filters(agency="Police")), Filters(agency="Police"))
    assert by_agency.totals.as_dict() == {
        "green": 0,
        "amber": 1,
        "red": 0,
        "white": 0,
        "withdrawn": 0,
    }
    assert by_agency.overdue == []

    only_two = Filters(priorities=(2,))
    by_priority = status_view(at(plan, JANUARY, only_two), only_two)
    # Under --priority only the chosen priorities are rows.
    assert [row.priority.number for row in by_priority.rows] == [2]
    assert [state.id for state in by_priority.overdue] == ["2.2"]


def test_filters_for_the_list(plan: Plan) -> None:
    def ids(filters: Filters) -> list[str]:
        return [state.id for state in selected(at(plan, JANUARY), filters).states]

    assert ids(Filters()) == ["1.1", "1.2", "1.10", "2.1", "2.2", "2.3"]
    assert ids(Filters(rag="red")) == ["1.2", "2.2"]
    assert ids(Filters(rag="withdrawn")) == ["2.3"]
    assert ids(Filters(due_by="2016-10")) == ["1.1", "1.2", "2.3"]
    assert ids(Filters(priorities=(1,), rag="white")) == ["1.10"]


def test_filters_describe_themselves() -> None:
    assert Filters().describe() == ""
    assert Filters(priorities=(5,)).describe() == "priority 5"
    assert Filters(priorities=(5, 6, 7)).describe() == "priorities 5, 6 and 7"
    described = Filters((1,), "DCS", "Health", "red", "2016-12").describe()
    assert described == "priority 1; lead DCS; agency Health; RAG Red; due by Dec-16"


def test_filter_problems_name_what_the_plan_has(plan: Plan) -> None:
    assert chosen_priorities(plan, ["3", "1", "3"]) == (1, 3)
    assert filter_problem(plan, Filters(lead="DCS")) is None
    assert filter_problem(plan, Filters(lead="dcs")) == (
        "unknown lead 'dcs': plan.yaml does not declare it under roles (did you mean 'DCS'?)"
    )
    assert filter_problem(plan, Filters(lead="HOS CR")) == (
        "unknown lead 'HOS CR': plan.yaml does not declare it under roles (did you mean 'HOS C&R'?)"
    )
    assert filter_problem(plan, Filters(agency="Schools")) == (
        "unknown agency 'Schools': plan.yaml does not declare it under agencies"
    )
    assert unknown_action(plan, "1.3") == "the plan has no action '1.3' (did you mean '1.2'?)"


def test_action_record_gives_every_field(plan: Plan) -> None:
    state = next(s for s in selected(at(plan, JANUARY), Filters()).states if s.id == "1.2")
    assert action_record(state) == {
        "id": "1.2",
        "priority": 1,
        "start": "2016-06",
        "due": "2016-09",
        "timescale": "Jun - Sep 16",
        "revised_due": "2017-04",
        "rag": "red",
        "status": "in-progress",
        "completed_on": None,
        "assurance": None,
        "months_overdue": 4,
        "lead": ["DCS", "HOS C&R"],
        "agencies": ["Health"],
        "action": (
            "Report quarterly to the Improvement Board on progress against the plan, with the "
            "performance data set and the findings of case audits."
        ),
        "note": "First report drafted.",
    }


def test_action_view_marks_updates_after_the_date(plan: Plan) -> None:
    view = action_view(at(plan, JANUARY), "1.2")
    assert view is not None
    assert view.priority.number == 1
    assert view.lead == [
        ("DCS", "Director of Children's Services"),
        ("HOS C&R", "Head of Service, Care and Resources"),
    ]
    assert view.agencies == [("Health", "Health partners")]
    assert [(entry.update.date, entry.after_as_of) for entry in view.log] == [
        (dt.date(2016, 11, 30), False),
        (dt.date(2017, 2, 28), True),
    ]
    assert action_view(at(plan, JANUARY), "9.9") is None


# --- csip status ----------------------------------------------------------------------------------

STATUS_TABLE = f"""\
Test plan
Test Council: RAG status as at 31 January 2017

   Priority              Green  Amber  Red  White  Done
───────────────────────────────────────────────────────────────────
1  Leadership                1      0    1      1   50%  █████░░░░░
2  Management Oversight      0      1    1      0    0%  ░░░░░░░░░░
3  Legal                     0      0    0      0     {DASH}
───────────────────────────────────────────────────────────────────
   Total                     1      1    2      1   33%  ███░░░░░░░

Done: the share of the actions due by 31 Jan 2017 that are complete.
Re-planned: 1 action; RAG still counts from the published due month.
Withdrawn: 1 action, left out of the counts.

Overdue (Red): 2 actions, oldest first
ID   Due      Overdue  Revised  Lead          Action
────────────────────────────────────────────────────────────────────────────────
1.2  Sep-16  4 months  Apr-17   DCS, HOS C&R  Report quarterly to the Improveme…
2.2  Dec-16   1 month           DCS           Publish a monthly performance dat…
"""


def test_status_table_at_80_columns(plan_dir: Path, runner: CliRunner) -> None:
    result = run(runner, "status", "--month", "2017-01")
    assert result.exit_code == 0
    assert result.stderr == ""
    assert result.stdout == STATUS_TABLE
    assert max(len(line) for line in result.stdout.splitlines()) <= 80


def test_status_table_with_filters_names_them(plan_dir: Path, runner: CliRunner) -> None:
    result = run(runner, "status", "--as-of", "2017-01-15", "--priority", "2", "--lead", "DCS")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[:3] == [
        "Test plan",
        "Test Council: RAG status as at 15 January 2017",
        "Filtered to priority 2; lead DCS",
    ]
    assert lines[6].split() == ["2", "Management", "Oversight", "0", "0", "1", "0", "0%", "░" * 10]
    assert "Overdue (Red): 1 action, oldest first" in lines


def test_status_with_nothing_overdue(plan_dir: Path, runner: CliRunner) -> None:
    result = run(runner, "status", "--month", "2016-08")
    assert result.exit_code == 0
    assert result.stdout.endswith("\nOverdue (Red): none.\n")


def test_status_table_lists_the_oldest_50_overdue(
    write_plan: PlanWriter, runner: CliRunner
) -> None:
    items = "".join(
        f'  - {{id: "1.{n}", action: Act {n}., lead: DCS, due: 2016-{6 + n % 3:02d}}}\n'
        for n in range(1, 53)
    )
    write_plan({"01.yaml": f"priority: 1\ntitle: One\nactions:\n{items}"})
    result = run(runner, "status", "--month", "2017-01")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    listed = [line.split()[0] for line in lines if line.startswith("1.")]
    # Oldest due first (June: 3, 6, 9, ...), then by ID; the two newest are left out.
    assert listed[:3] == ["1.3", "1.6", "1.9"]
    assert len(listed) == 50
    assert "1.50" not in listed and "1.47" not in listed
    assert lines[-1] == "… and 2 more, not shown here: csip actions --rag red lists them all."
    data = json.loads(run(runner, "status", "--month", "2017-01", "-f", "json").stdout)
    assert len(data["overdue"]) == 52


def test_status_json(plan: Plan, plan_dir: Path, runner: CliRunner) -> None:
    result = run(runner, "status", "--month", "2017-01", "--format", "json")
    assert result.exit_code == 0
    assert result.stderr == ""
    assert json.loads(result.stdout) == status_json(status_view(at(plan, JANUARY)))


def test_status_json_with_filters(plan_dir: Path, runner: CliRunner) -> None:
    args = ["status", "--month", "2017-01", "-f", "json", "--priority", "2", "--priority", "1"]
    data = json.loads(run(runner, *args, "--agency", "Health").stdout)
    assert data["filters"] == {"priorities": [1, 2], "lead": None, "agency": "Health"}
    assert data["rag"] == {"green": 0, "amber": 0, "red": 1, "white": 0, "withdrawn": 0}
    assert [item["priority"] for item in data["priorities"]] == [1, 2]
    assert [item["id"] for item in data["overdue"]] == ["1.2"]


def test_status_defaults_to_today(plan_dir: Path, runner: CliRunner) -> None:
    # The fixed clock says 2026-11-25: by then 1.2 is complete and the rest long overdue.
    data = json.loads(run(runner, "status", "-f", "json").stdout)
    assert data["as_of"] == "2026-11-25"
    assert [(item["id"], item["months_overdue"]) for item in data["overdue"]] == [
        ("2.2", 119),
        ("2.1", 116),
        ("1.10", 113),
    ]


SGR = re.compile(r"\x1b\[([0-9;]*)m")


def colour_codes(text: str) -> list[str]:
    """The colour parameters of every escape sequence (bold and dim are not colours)."""
    found = []
    for params in SGR.findall(text):
        for param in params.split(";"):
            if param and (30 <= int(param) <= 49 or 90 <= int(param) <= 107):
                found.append(param)
    return found


def test_status_colours_on_a_terminal(plan_dir: Path, runner: CliRunner) -> None:
    result = run(runner, "status", "--month", "2017-01", FORCE_COLOR="1")
    assert result.exit_code == 0
    assert colour_codes(result.stdout)
    # Colour backs the words up; it never replaces them.
    plain = SGR.sub("", result.stdout)
    assert "Green" in plain and "Amber" in plain and "Red" in plain and "White" in plain


def test_status_honours_no_color(plan_dir: Path, runner: CliRunner) -> None:
    result = run(runner, "status", "--month", "2017-01", FORCE_COLOR="1", NO_COLOR="1")
    assert result.exit_code == 0
    assert colour_codes(result.stdout) == []
    # Bold stays (NO_COLOR is about colour); the text is the same as without a terminal.
    plain = [line.rstrip() for line in SGR.sub("", result.stdout).splitlines()]
    assert plain == STATUS_TABLE.splitlines()


def test_status_piped_into_a_file_has_no_escape_codes(plan_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "status.txt"
    with out.open("w", encoding="utf-8") as file:
        subprocess.run(
            [sys.executable, "-m", "csip", "status", "--month", "2017-01"],
            stdout=file,
            check=True,
            env={**_environment(), "COLUMNS": "80"},
        )
    assert out.read_text(encoding="utf-8") == STATUS_TABLE


def _environment() -> dict[str, str]:
    import os

    return {k: v for k, v in os.environ.items() if k not in (*FORCING, "NO_COLOR")}


# --- csip actions ---------------------------------------------------------------------------------

ACTIONS_TABLE = f"""\
Test plan
Test Council: 6 actions as at 31 January 2017

ID    Timescale        Due              RAG        Lead          Agencies
────────────────────────────────────────────────────────────────────────────────
1.1   May - Sep 16     Sep-16           Green      DCS           {DASH}
      Appoint a permanent Director of Children's Services.
1.2   Jun - Sep 16     Sep-16 → Apr-17  Red        DCS, HOS C&R  Health
      Report quarterly to the Improvement Board on progress against the plan, w…
1.10  Mar - Jun 17     Jun-17           White      DCS           {DASH}
      Review the governance of the plan.
2.1   Dec 16 - Mar 17  Mar-17           Amber      HOS C&R       Police
      =HYPERLINK("http://example.com") Agree a supervision policy for every tea…
2.2   May - Dec 16     Dec-16           Red        DCS           {DASH}
      Publish a monthly performance data set.
2.3   May - Oct 16     Oct-16           Withdrawn  DCS           {DASH}
      Set up a separate audit panel.
"""


def test_actions_table_at_80_columns(plan_dir: Path, runner: CliRunner) -> None:
    result = run(runner, "actions", "--month", "2017-01")
    assert result.exit_code == 0
    assert result.stderr == ""
    assert result.stdout == ACTIONS_TABLE


def test_actions_filtered(plan_dir: Path, runner: CliRunner) -> None:
    result = run(runner, "actions", "--month", "2017-01", "--rag", "red", "--due-by", "2016-10")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[1:3] == [
        "Test Council: 1 action as at 31 January 2017",
        "Filtered to RAG Red; due by Oct-16",
    ]
    assert [line.split()[0] for line in lines[6:] if line[:1].isdigit()] == ["1.2"]


def test_actions_none_match(plan_dir: Path, runner: CliRunner) -> None:
    result = run(runner, "actions", "--month", "2017-01", "--rag", "white", "--priority", "2")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[1:] == [
        "Test Council: 0 actions as at 31 January 2017",
        "Filtered to priority 2; RAG White",
    ]


def test_actions_csv_for_a_spreadsheet(plan_dir: Path, runner: CliRunner) -> None:
    result = run(runner, "actions", "--month", "2017-01", "--format", "csv")
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout, newline="")))
    assert [row["id"] for row in rows] == ["1.1", "1.2", "1.10", "2.1", "2.2", "2.3"]
    assert rows[1] == {
        "id": "1.2",
        "priority": "1",
        "start": "2016-06",
        "due": "2016-09",
        "timescale": "Jun - Sep 16",
        "revised_due": "2017-04",
        "rag": "red",
        "status": "in-progress",
        "completed_on": "",
        "assurance": "",
        "months_overdue": "4",
        "lead": "DCS; HOS C&R",
        "agencies": "Health",
        "action": (
            "Report quarterly to the Improvement Board on progress against the plan, with the "
            "performance data set and the findings of case audits."
        ),
        "note": "First report drafted.",
    }
    assert rows[0]["completed_on"] == "2016-09-30"
    # Text a spreadsheet would run as a formula is quoted so that it stays text.
    assert rows[3]["action"].startswith("'=HYPERLINK(")


def test_actions_csv_with_no_rows_still_has_its_header(plan_dir: Path, runner: CliRunner) -> None:
    result = run(runner, "actions", "--as-of", "2016-01-01", "--rag", "red", "-f", "csv")
    assert result.exit_code == 0
    assert result.stdout.startswith("id,priority,start,due,timescale,revised_due,rag,")
    assert len(result.stdout.splitlines()) == 1


def test_actions_json(plan: Plan, plan_dir: Path, runner: CliRunner) -> None:
    result = run(runner, "actions", "--month", "2017-01", "--lead", "HOS C&R", "-f", "json")
    assert result.exit_code == 0
    data: list[dict[str, Any]] = json.loads(result.stdout)
    assert [item["id"] for item in data] == ["1.2", "2.1"]
    state = next(s for s in selected(at(plan, JANUARY), Filters()).states if s.id == "1.2")
    assert data[0] == action_record(state)


# --- csip show ------------------------------------------------------------------------------------

SHOW_12 = f"""\
1.2  Priority 1 {DASH} Leadership
Report quarterly to the Improvement Board on progress against the plan, with the
performance data set and the findings of case audits.

Lead         DCS (Director of Children's Services)
             HOS C&R (Head of Service, Care and Resources)
Agencies     Health (Health partners)
Timescale    Jun - Sep 16 (due Sep-16, revised to Apr-17)
RAG          Red as at 31 January 2017 (4 months overdue)
Status       in progress
Latest note  First report drafted.

Progress log
Date           Status       Note
────────────────────────────────────────────────────────────────────────
30 Nov 2016    in progress  First report drafted.
                            Revised due month: Apr-17
28 Feb 2017 *  complete     Report presented to the Board.
                            Evidence: Board minutes; Report to the Board
* After the as-at date: shown, but not counted above.
"""


def test_show_an_action(plan_dir: Path, runner: CliRunner) -> None:
    result = run(runner, "show", "1.2", "--month", "2017-01")
    assert result.exit_code == 0
    assert result.stderr == ""
    assert result.stdout == SHOW_12


def test_show_a_completed_action(plan_dir: Path, runner: CliRunner) -> None:
    result = run(runner, "show", "1.2", "--as-of", "2017-02-28")
    lines = result.stdout.splitlines()
    assert "RAG          Green as at 28 February 2017" in lines
    assert "Completed    28 Feb 2017" in lines
    assert "Latest note  Report presented to the Board." in lines
    assert not any("*" in line for line in lines)


def test_show_an_action_without_updates(plan_dir: Path, runner: CliRunner) -> None:
    result = run(runner, "show", "1.10", "--month", "2017-01")
    lines = [line.split() for line in result.stdout.splitlines()]
    assert ["Agencies", "none"] in lines
    assert ["RAG", "White", "as", "at", "31", "January", "2017"] in lines
    assert ["Status", "not", "started"] in lines
    assert lines[-1] == ["Progress", "log:", "no", "updates", "yet."]


def test_plan_text_is_never_read_as_markup(write_plan: PlanWriter, runner: CliRunner) -> None:
    write_plan(
        {
            "01.yaml": """\
                priority: 1
                title: "[bold]Leadership[/bold]"
                actions:
                  - id: "1.1"
                    action: "[red]Appoint[/red] a Director :smile:"
                    lead: DCS
                    due: 2016-09
                    updates:
                      - {date: 2016-09-01, status: in-progress, note: "[link=http://x]x[/link]"}
                """
        }
    )
    shown = run(runner, "show", "1.1", "--month", "2017-01").stdout
    assert "[red]Appoint[/red] a Director :smile:" in shown
    assert "Latest note  [link=http://x]x[/link]" in shown
    listed = run(runner, "status", "--month", "2017-01", FORCE_COLOR="1").stdout
    assert "[bold]Leadership[/bold]" in SGR.sub("", listed)


# --- a wrong command line -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["status", "--priority", "7"], "the plan has no priority 7 (its priorities: 1, 2, 3)"),
        (
            ["status", "--lead", "DSC"],
            "unknown lead 'DSC': plan.yaml does not declare it under roles (did you mean 'DCS'?)",
        ),
        (
            ["actions", "--agency", "police"],
            "unknown agency 'police': plan.yaml does not declare it under agencies "
            "(did you mean 'Police'?)",
        ),
        (
            ["status", "--month", "2017-13"],
            "'2017-13' is not a month: write it as YYYY-MM, such as 2017-01",
        ),
        (
            ["actions", "--due-by", "Jan-17"],
            "'Jan-17' is not a month: write it as YYYY-MM, such as 2017-01",
        ),
        (
            ["show", "1.2", "--as-of", "2017-02-30"],
            "'2017-02-30' is not a real date (day is out of range for month)",
        ),
        (
            ["status", "--as-of", "2017-W05-2"],
            "'2017-W05-2' is not a date: write it as YYYY-MM-DD, such as 2017-01-31",
        ),
        (["show", "1.3"], "the plan has no action '1.3' (did you mean '1.2'?)"),
        (["show", "banana"], "the plan has no action 'banana'"),
        (
            ["status", "--month", "2017-01", "--as-of", "2017-01-31"],
            "give --month or --as-of, not both",
        ),
    ],
)
def test_wrong_command_lines(
    plan_dir: Path, runner: CliRunner, args: list[str], message: str
) -> None:
    assert usage_error(run(runner, *args)) == f"csip: error: {message}"


def test_a_plan_with_errors_exits_1(write_plan: PlanWriter, runner: CliRunner) -> None:
    write_plan({"01.yaml": "priority: 1\ntitle: X\nactions:\n  - id: '1.1'\n    deu: 2017-01\n"})
    result = run(runner, "status")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "error" in result.stderr


@pytest.mark.parametrize("command", ["status", "actions", "show"])
def test_help_ends_with_an_example(runner: CliRunner, command: str) -> None:
    result = run(runner, command, "--help")
    assert result.exit_code == 0
    assert re.search(r"Example: csip " + command + r" \S", result.stdout)


# --- the reference plan ---------------------------------------------------------------------------


@pytest.fixture
def reference() -> Path:
    if not (REFERENCE_PLAN / "plan.yaml").is_file():
        pytest.skip("the reference plan (plan/) is not in this checkout")
    if load_plan(REFERENCE_PLAN, TODAY).plan is None:
        pytest.skip("the reference plan (plan/) has errors: csip validate --plan plan")
    return REFERENCE_PLAN


# Red by priority in the January 2017 exception report (seed 004, Table 1).
RED_BY_PRIORITY = {1: 1, 2: 1, 3: 2, 4: 1, 5: 3, 6: 4, 7: 3, 8: 2, 9: 2, 10: 1}


def test_reference_plan_january_2017_has_20_red(reference: Path, runner: CliRunner) -> None:
    result = run(runner, "status", "--plan", str(reference), "--month", "2017-01", "-f", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert set(data) >= {"as_of", "rag", "priorities", "overdue"}
    assert data["as_of"] == "2017-01-31"
    assert set(data["rag"]) == {"green", "amber", "red", "white", "withdrawn"}
    assert data["rag"]["red"] == 20
    assert {item["priority"]: item["red"] for item in data["priorities"]} == RED_BY_PRIORITY
    for item in data["priorities"]:
        assert set(item) >= {"priority", "title", "green", "amber", "red", "white", "withdrawn"}
    assert len(data["overdue"]) == 20
    assert all(set(item) >= {"id", "due", "months_overdue"} for item in data["overdue"])
    # The oldest is 5.3.3, due September 2016: four months overdue in January 2017.
    assert data["overdue"][0] | {"lead": None} == {
        "id": "5.3.3",
        "priority": 5,
        "due": "2016-09",
        "revised_due": None,
        "months_overdue": 4,
        "lead": None,
    }
    dues = [(item["due"], item["id"]) for item in data["overdue"]]
    assert [due for due, _ in dues] == sorted(due for due, _ in dues)


def test_reference_plan_table_shows_20_red(reference: Path, runner: CliRunner) -> None:
    result = run(runner, "status", "--plan", str(reference), "--month", "2017-01")
    assert result.exit_code == 0
    total = next(line for line in result.stdout.splitlines() if line.split()[:1] == ["Total"])
    assert total.split()[3] == "20"
    assert "Overdue (Red): 20 actions, oldest first" in result.stdout
    assert "\x1b" not in result.stdout


@pytest.mark.parametrize(
    ("due", "done", "shown"),
    [(0, 0, DASH), (3, 2, "67%"), (200, 199, "99%"), (200, 200, "100%"), (7, 0, "0%")],
)
def test_done_share_follows_the_one_percentage_rule(due: int, done: int, shown: str) -> None:
    # 100% only when every due action is done: one Red action in 200 still shows.
    assert percent(done, due) == shown
