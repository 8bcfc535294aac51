"""The board's cycle: the board pack (spec section 7), what moved between two dates (section 8),
and assurance in ``status``, ``actions`` and ``show``.

The small plan below is made so that every figure can be worked out by hand; the comments beside
it say where each action stands on 7 February 2017. The reference plan's pack is pinned by
golden files (``make golden`` rewrites them; review the diff by eye) and loaded in Chromium.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, Literal

import pytest
from conftest import REFERENCE_PLAN, REPO, TODAY, PlanWriter
from reference import RED_IDS as REFERENCE_RED
from report_calls import board_pack_report, changes_report
from test_html_browser import browser, console_messages, run
from test_reports import check_golden
from typer.testing import CliRunner

from csip.cli import app
from csip.figures.board import board_pack, changes_from
from csip.figures.rag import states
from csip.model.domain import Plan
from csip.plan_folder import load_plan

MADE = dt.datetime(2026, 11, 25, tzinfo=dt.UTC)
MEETING_DAY = dt.date(2017, 2, 7)

PRIORITY_5 = """\
priority: 5
title: Children Looked After
actions:
  - id: "5.1.1"                                   # Red; reviewed, but not in the pack's priorities
    action: Review every Section 20 case.
    lead: DCS
    due: 2016-12
    updates:
      - {date: 2016-12-01, status: in-progress}
"""

PRIORITY_7 = """\
priority: 7
title: Adoption
actions:
  - id: "7.1.1"                                   # complete, never reviewed: to verify
    action: Review the timeliness of every child with an adoption plan.
    lead: DCS
    due: 2016-09
    updates:
      - {date: 2016-09-20, status: complete, evidence: [Adoption timeliness review]}
  - id: "7.1.2"                                   # Red, with two open tasks
    action: Develop a short adoption protocol | with a pipe.
    lead: "HOS C&R"
    due: 2016-12
    updates:
      - {date: 2016-11-01, status: in-progress, note: Protocol outline drafted.}
  - id: "7.1.3"                                   # complete, evidence challenged: to verify
    action: Update the panels' terms of reference.
    lead: DCS
    due: 2017-01
    updates:
      - {date: 2016-12-01, status: in-progress}
      - {date: 2017-01-20, status: complete, evidence: ["Panel minutes, 12 January 2017"]}
  - id: "7.2.1"                                   # due March 2017: due soon; re-planned 1 Feb
    action: Agree an adopter recruitment strategy.
    lead: DCS
    start: 2016-11
    due: 2017-03
    updates:
      - {date: 2016-12-01, status: in-progress}
      - {date: 2017-02-01, status: in-progress, due: 2017-04, note: Strategy slips to April.}
  - id: "7.2.2"                                   # White
    action: Train adoption staff.
    lead: DCS
    start: 2017-06
    due: 2017-08
    updates:
      - {date: 2016-12-01, status: not-started}
"""

PRIORITY_9 = """\
priority: 9
title: Strategic Commissioning
short_title: Commissioning
actions:
  - id: "9.1.1"                                   # verified on 24 January: to test
    action: Complete a placement needs analysis.
    lead: DCS
    due: 2016-10
    updates:
      - {date: 2016-10-15, status: complete, evidence: [Placement needs analysis]}
  - id: "9.1.2"                                   # withdrawn; due February, but not due soon
    action: Publish a placements newsletter.
    lead: DCS
    due: 2017-02
    updates:
      - {date: 2017-01-10, status: withdrawn, note: Merged into 9.1.1.}
  - id: "9.1.3"                                   # verified in December, then reopened: Red
    action: Publish a sufficiency strategy.
    lead: DCS
    due: 2016-12
    updates:
      - {date: 2016-12-10, status: complete, evidence: [Sufficiency strategy]}
      - {date: 2017-01-05, status: in-progress, note: Reopened after audit.}
  - id: "9.1.4"                                   # Red until completed on 3 February: to verify
    action: Re-commission the advocacy service.
    lead: DCS
    due: 2017-01
    updates:
      - {date: 2016-12-01, status: in-progress}
      - {date: 2017-02-03, status: complete, evidence: [Contract award report]}
"""

DECEMBER_BOARD = """\
board: Improvement Team Board
date: 2016-12-20
priorities: [9, 5]
attendees: [DCS]
reviews:
  - action: "9.1.3"
    outcome: verified
  - action: "5.1.1"
    outcome: remedial
    tasks:
      - {task: Review the Section 20 cases, owner: DCS, due: 2016-12-31, done: 2016-12-30}
"""

JANUARY_BOARD = """\
board: Improvement Team Board
date: 2017-01-24
priorities: [7, 9]
attendees: [DCS, "HOS C&R"]
reviews:
  - action: "7.1.2"
    outcome: remedial
    note: Lack of pace discussed.
    tasks:
      - {task: Draft the protocol, owner: "HOS C&R", due: 2017-01-31}
      - {task: Book the panel training, owner: DCS, due: 2017-02-28}
  - action: "7.1.3"
    outcome: not-verified
    note: The minutes do not show the panel's agreement.
  - action: "9.1.1"
    outcome: verified
    evidence: [Placement needs analysis]
  - action: "9.1.3"
    outcome: remedial
    tasks:
      - {task: Re-audit the strategy, owner: DCS, due: 2017-02-03, done: 2017-02-01}
"""

SMALL_PLAN = {
    "05-children-looked-after.yaml": PRIORITY_5,
    "07-adoption.yaml": PRIORITY_7,
    "09-commissioning.yaml": PRIORITY_9,
    "meetings/2016-12-20.yaml": DECEMBER_BOARD,
    "meetings/2017-01-24.yaml": JANUARY_BOARD,
}


@pytest.fixture
def small_plan(write_plan: PlanWriter) -> Plan:
    loaded = load_plan(write_plan(SMALL_PLAN), TODAY)
    assert loaded.plan is not None, [problem.text() for problem in loaded.problems]
    return loaded.plan


def pack_json(plan: Plan, priorities: tuple[int, ...], day: dt.date) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(board_pack_report(plan, priorities, day, "json", made=MADE))
    return data


def side(rag: str, status: str, assurance: str | None = None, revised: str | None = None) -> Any:
    return {"rag": rag, "status": status, "assurance": assurance, "revised_due": revised}


# ------------------------------------------------------------------ the board pack's figures


def test_pack_json_on_the_small_plan(small_plan: Plan) -> None:
    data = pack_json(small_plan, (7, 9), MEETING_DAY)
    assert data == {
        "date": "2017-02-07",
        "priorities": [7, 9],
        "since": "2017-01-24",
        "changes_from": "2017-01-24",
        "plan": {
            "title": "Test plan",
            "organisation": "Test Council",
            "directory": "plan",
        },
        "made": "2026-11-25T00:00:00+00:00",
        "to_verify": ["7.1.1", "7.1.3", "9.1.4"],
        "to_test": ["9.1.1"],
        "red": ["7.1.2", "9.1.3"],
        "due_soon": ["7.2.1"],
        "tasks": [
            {
                "meeting": "2017-01-24",
                "board": "Improvement Team Board",
                "action": "7.1.2",
                "task": "Draft the protocol",
                "owner": "HOS C&R",
                "due": "2017-01-31",
                "overdue": True,
            },
            {
                "meeting": "2017-01-24",
                "board": "Improvement Team Board",
                "action": "7.1.2",
                "task": "Book the panel training",
                "owner": "DCS",
                "due": "2017-02-28",
                "overdue": False,
            },
        ],
        "changes": [
            {
                "id": "7.2.1",
                "priority": 7,
                "before": side("amber", "in-progress"),
                "after": side("amber", "in-progress", revised="2017-04"),
                "moves": ["re-planned"],
            },
            {
                "id": "9.1.4",
                "priority": 9,
                "before": side("amber", "in-progress"),
                "after": side("green", "complete", "unverified"),
                "moves": ["completed"],
            },
        ],
    }


def test_pack_before_any_meeting_counts_changes_from_the_plan_start(small_plan: Plan) -> None:
    """On 10 January no board has met on priority 7: since is null, changes from 30 April 2016."""
    data = pack_json(small_plan, (7,), dt.date(2017, 1, 10))
    assert (data["since"], data["changes_from"]) == (None, "2016-04-30")
    assert data["to_verify"] == ["7.1.1"]
    assert data["to_test"] == []
    assert data["red"] == ["7.1.2"]
    # 7.1.3 is due in January, the date's own month, and not yet Red.
    assert data["due_soon"] == ["7.1.3"]
    assert data["tasks"] == []
    assert [(change["id"], change["moves"]) for change in data["changes"]] == [
        ("7.1.1", ["completed"]),
        ("7.1.2", ["turned-red", "started"]),
        ("7.1.3", ["started"]),
        ("7.2.1", ["started"]),
    ]


def test_a_task_done_after_the_date_is_still_open_then(small_plan: Plan) -> None:
    """9.1.3's re-audit was done on 1 February: open on 31 January, and overdue on 4 February
    only if it had not been done."""
    before_done = pack_json(small_plan, (9,), dt.date(2017, 1, 31))
    assert [(task["task"], task["overdue"]) for task in before_done["tasks"]] == [
        ("Re-audit the strategy", False)
    ]
    assert pack_json(small_plan, (9,), dt.date(2017, 2, 4))["tasks"] == []


def test_a_meeting_on_the_date_counts_but_is_not_since(small_plan: Plan) -> None:
    """The pack for 24 January itself: that meeting's reviews and tasks count as of the date,
    and since is the last meeting before it (20 December, which reviewed priority 9)."""
    data = pack_json(small_plan, (7, 9), dt.date(2017, 1, 24))
    assert data["since"] == "2016-12-20"
    assert data["to_test"] == ["9.1.1"]
    assert [task["task"] for task in data["tasks"]] == [
        "Draft the protocol",
        "Book the panel training",
        "Re-audit the strategy",
    ]


def test_pack_figures_take_each_dates_states_once(small_plan: Plan) -> None:
    start = changes_from(small_plan, (7, 9), MEETING_DAY)
    assert start == dt.date(2017, 1, 24)
    pack = board_pack(
        small_plan, (9, 7), MEETING_DAY, states(small_plan, MEETING_DAY), states(small_plan, start)
    )
    assert [priority.number for priority in pack.priorities] == [7, 9]
    assert [task.task.task for task in pack.tasks] == [
        "Draft the protocol",
        "Book the panel training",
        "Re-audit the strategy",
    ]
    assert [task.task.task for task in pack.open_tasks] == [
        "Draft the protocol",
        "Book the panel training",
    ]


# ------------------------------------------------------------------ the pack as a paper


def test_pack_markdown_on_the_small_plan(small_plan: Plan) -> None:
    text = board_pack_report(small_plan, (7, 9), MEETING_DAY, "md", made=MADE)
    lines = text.splitlines()
    assert lines[0] == "# Board pack \N{EN DASH} Priorities 7 and 9 \N{EN DASH} 7 February 2017"
    assert (
        "These priorities were last reviewed at the Improvement Team Board of 24 January 2017; "
        "what moved is counted from that date."
    ) in lines
    assert (
        "As at 7 February 2017 these priorities have 2 Red actions, 1 action due in February "
        "and March 2017, 3 completed actions awaiting verification, 1 evidenced action awaiting "
        "the test of embedding and 2 open tasks (1 overdue); 2 actions moved since 24 January "
        "2017."
    ) in lines
    assert "| Priority 7 \N{EN DASH} Adoption | 1 | 1 | 2 | 0 | 2 | 1 | 1 |" in lines
    assert "| **Total** | **2** | **1** | **3** | **1** | **2** | **1** | **2** |" in lines
    # Plan text goes through the Markdown cell escape: a pipe cannot break a table or line.
    assert "- **7.1.2** Develop a short adoption protocol \\| with a pipe.  " in lines
    assert (
        "  Due Dec-16, 2 months overdue; in progress; no revised timeline; lead HOS C&R.  " in lines
    )
    assert "  Current note: Protocol outline drafted.  " in lines
    assert (
        "  At the board of 24 Jan 2017 (remedial activity agreed): Lack of pace discussed." in lines
    )
    assert (
        "    - Draft the protocol (HOS C&R, due 31 Jan 2017; agreed 24 Jan 2017): Overdue."
    ) in lines
    assert (
        "| 7.1.3 | Update the panels' terms of reference. | DCS | 20 Jan 2017 | Panel minutes, 12 "
        "January 2017. **Not verified on 24 Jan 2017: The minutes do not show the panel's "
        "agreement.** |"
    ) in lines
    assert (
        "| 9.1.4 | Re-commission the advocacy service. | DCS | 3 Feb 2017 (new) | Contract award "
        "report. |"
    ) in lines
    assert (
        "| 9.1.1 | Complete a placement needs analysis. | DCS | 15 Oct 2016 | Verified 24 Jan "
        "2017 |"
    ) in lines
    # Open tasks, overdue first.
    tasks = [line for line in lines if line.startswith(("| Draft the", "| Book the"))]
    assert tasks == [
        "| Draft the protocol | 7.1.2 | HOS C&R | 31 Jan 2017 | 24 Jan 2017 | **Overdue** |",
        "| Book the panel training | 7.1.2 | DCS | 28 Feb 2017 | 24 Jan 2017 | Open |",
    ]
    assert (
        "| 9.1.4 | Re-commission the advocacy service. | Amber, in progress | Green, complete, "
        "unverified | completed |"
    ) in lines


def test_pack_repeats_a_shared_note_once(write_plan: PlanWriter) -> None:
    shared = PRIORITY_7.replace("note: Protocol outline drafted.", "note: Vacancies.").replace(
        "      - {date: 2016-12-01, status: in-progress}\n      - {date: 2017-01-20, status: "
        'complete, evidence: ["Panel minutes, 12 January 2017"]}',
        "      - {date: 2016-12-01, status: in-progress, note: Vacancies.}",
    )
    loaded = load_plan(write_plan({"07-adoption.yaml": shared}), TODAY)
    assert loaded.plan is not None, [problem.text() for problem in loaded.problems]
    text = board_pack_report(loaded.plan, (7,), MEETING_DAY, "md", made=MADE)
    assert "  Current note: Vacancies." in text.splitlines()
    assert "  Current note: As for 7.1.2." in text.splitlines()


def test_pack_html_is_one_page_that_escapes_plan_text(write_plan: PlanWriter) -> None:
    hostile = PRIORITY_7.replace(
        "note: Protocol outline drafted.", 'note: "<script>alert(1)</script> & more"'
    )
    files = {**SMALL_PLAN, "07-adoption.yaml": hostile}
    loaded = load_plan(write_plan(files), TODAY)
    assert loaded.plan is not None
    html = board_pack_report(loaded.plan, (7, 9), MEETING_DAY, "html", made=MADE)
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in html
    tags = TagCollector()
    tags.feed(html)
    assert "link" not in tags.seen and "img" not in tags.seen
    assert tags.seen.count("h1") == 1


class TagCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.seen: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.seen.append(tag)


def test_pack_key_follows_green_requires(write_plan: PlanWriter) -> None:
    from conftest import PLAN_YAML

    files = {**SMALL_PLAN, "plan.yaml": PLAN_YAML + "green_requires: evidenced\n"}
    loaded = load_plan(write_plan(files), TODAY)
    assert loaded.plan is not None
    text = board_pack_report(loaded.plan, (7, 9), MEETING_DAY, "md", made=MADE)
    assert "| Green | The action is complete and a board has verified its evidence. |" in text
    data = pack_json(loaded.plan, (7, 9), MEETING_DAY)
    # 7.1.1 (unverified) and 7.1.3 (challenged) are Amber now, awaiting assurance; not due soon.
    assert data["due_soon"] == ["7.2.1"]
    assert data["changes"][1]["after"] == side("amber", "complete", "unverified")


def test_the_exception_report_key_follows_green_requires(write_plan: PlanWriter) -> None:
    from conftest import PLAN_YAML

    from csip.reports import render_report

    files = {**SMALL_PLAN, "plan.yaml": PLAN_YAML + "green_requires: evidenced\n"}
    loaded = load_plan(write_plan(files), TODAY)
    assert loaded.plan is not None
    text = render_report("exception-report", loaded.plan, "md", month="2017-01", made=MADE)
    assert "| Green | The action is complete and a board has verified its evidence. |" in text
    assert (
        "| Amber | The action is in progress within its published timescale, or complete and "
        "awaiting assurance. |"
    ) in text


# ------------------------------------------------------------------ what moved


def test_changes_json_on_the_small_plan(small_plan: Plan) -> None:
    text = changes_report(
        small_plan, dt.date(2016, 12, 31), dt.date(2017, 1, 31), "json", made=MADE
    )
    data = json.loads(text)
    assert (data["since"], data["as_of"], data["priorities"]) == ("2016-12-31", "2017-01-31", [])
    assert data["changes"] == [
        {
            "id": "7.1.3",
            "priority": 7,
            "before": side("amber", "in-progress"),
            "after": side("green", "complete", "challenged"),
            "moves": ["completed", "challenged"],
        },
        {
            "id": "9.1.1",
            "priority": 9,
            "before": side("green", "complete", "unverified"),
            "after": side("green", "complete", "evidenced"),
            "moves": ["evidenced"],
        },
        {
            "id": "9.1.2",
            "priority": 9,
            "before": side("amber", "not-started"),
            "after": side("withdrawn", "withdrawn"),
            "moves": ["withdrawn"],
        },
        {
            "id": "9.1.3",
            "priority": 9,
            "before": side("green", "complete", "evidenced"),
            "after": side("red", "in-progress"),
            "moves": ["turned-red", "reopened"],
        },
        {
            "id": "9.1.4",
            "priority": 9,
            "before": side("amber", "in-progress"),
            "after": side("red", "in-progress"),
            "moves": ["turned-red"],
        },
    ]


def test_changes_between_one_date_and_itself_is_nothing(small_plan: Plan) -> None:
    day = dt.date(2017, 1, 31)
    assert json.loads(changes_report(small_plan, day, day, "json", made=MADE))["changes"] == []


CHANGES_TEXT = """\
Test plan
Test Council: what moved from 31 December 2016 to 31 January 2017
Priorities: Priority 9 \N{EN DASH} Commissioning

4 actions moved from 31 December 2016 to 31 January 2017.
  turned Red            2
  reopened              1
  evidence verified     1
  withdrawn             1

Priority 9 \N{EN DASH} Commissioning
  9.1.1  Green, complete, unverified \N{RIGHTWARDS ARROW} Green, complete, evidenced
         Evidence verified.
         Complete a placement needs analysis.
  9.1.2  Amber, not started \N{RIGHTWARDS ARROW} Withdrawn
         Withdrawn.
         Publish a placements newsletter.
  9.1.3  Green, complete, evidenced \N{RIGHTWARDS ARROW} Red, in progress
         Turned Red and reopened.
         Publish a sufficiency strategy.
  9.1.4  Amber, in progress \N{RIGHTWARDS ARROW} Red, in progress
         Turned Red.
         Re-commission the advocacy service.
"""


def test_changes_command_prints_text_by_default(write_plan: PlanWriter, runner: CliRunner) -> None:
    write_plan(SMALL_PLAN)
    args = ["changes", "--since", "2016-12-31", "--month", "2017-01", "--priority", "9"]
    result = runner.invoke(app, args, catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout == CHANGES_TEXT
    assert max(len(line) for line in result.stdout.splitlines()) <= 80


def test_changes_markdown(write_plan: PlanWriter, runner: CliRunner) -> None:
    write_plan(SMALL_PLAN)
    args = ["changes", "--since", "2016-12-31", "--as-of", "2017-01-31", "--format", "md"]
    result = runner.invoke(app, args, catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "# What moved: 31 December 2016 to 31 January 2017"
    assert "5 actions moved from 31 December 2016 to 31 January 2017." in lines
    assert "| turned Red | 2 |" in lines
    assert "## Priority 7 \N{EN DASH} Adoption" in lines
    assert (
        "| 7.1.3 | Update the panels' terms of reference. | Amber, in progress | Green, "
        "complete, challenged | completed and evidence challenged |"
    ) in lines
    assert (
        "An action can move in more than one way (completed and recovered from Red, say), so "
        "the counts add up to more than the actions that moved."
    ) in lines


def test_changes_with_nothing_moved(write_plan: PlanWriter, runner: CliRunner) -> None:
    write_plan(SMALL_PLAN)
    args = ["changes", "--since", "2017-01-31", "--as-of", "2017-01-31", "--priority", "5"]
    result = runner.invoke(app, args, catch_exceptions=False)
    assert result.exit_code == 0
    assert result.stdout.splitlines()[-1] == (
        "No action moved from 31 January 2017 to 31 January 2017."
    )


# ------------------------------------------------------------------ the command line


def test_board_pack_command_json_and_output_file(
    write_plan: PlanWriter, runner: CliRunner, small_plan: Plan, tmp_path: Path
) -> None:
    args = ["board-pack", "--priorities", "9, 7", "--date", "2017-02-07", "--format", "json"]
    result = runner.invoke(app, args, catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == pack_json(small_plan, (7, 9), MEETING_DAY)
    out = tmp_path / "out" / "pack.md"
    result = runner.invoke(
        app, ["board-pack", "--priorities", "7", "--date", "2017-02-07", "-o", str(out)]
    )
    assert result.exit_code == 0
    assert result.stderr == f"Wrote {out}\n"
    assert out.read_text(encoding="utf-8").startswith("# Board pack \N{EN DASH} Priority 7 ")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["board-pack", "--priorities", "7,12"],
            "the plan has no priority 12 (its priorities: 5, 7, 9)",
        ),
        (
            ["board-pack", "--priorities", "seven"],
            "'seven' is not a list of priority numbers: write them as 7,9",
        ),
        (
            ["board-pack", "--priorities", "7,0"],
            "'7,0' is not a list of priority numbers: write them as 7,9",
        ),
        (
            ["board-pack", "--priorities", "7", "--date", "2017-02-30"],
            "'2017-02-30' is not a real date (day is out of range for month)",
        ),
        (
            ["changes", "--since", "2017-02-01", "--as-of", "2017-01-31"],
            "--since 2017-02-01 is after the as-at date 2017-01-31: give an earlier date",
        ),
        (
            ["changes", "--since", "1 Jan 2017"],
            "'1 Jan 2017' is not a date: write it as YYYY-MM-DD, such as 2017-01-31",
        ),
        (
            ["changes", "--since", "2017-01-01", "--month", "2017-13"],
            "'2017-13' is not a month: write it as YYYY-MM, such as 2017-01",
        ),
        (
            ["changes", "--since", "2017-01-01", "--priority", "4"],
            "the plan has no priority 4 (its priorities: 5, 7, 9)",
        ),
    ],
)
def test_usage_errors_are_one_line_and_exit_2(
    write_plan: PlanWriter, runner: CliRunner, args: list[str], message: str
) -> None:
    write_plan(SMALL_PLAN)
    result = runner.invoke(app, args, catch_exceptions=False)
    assert result.exit_code == 2
    assert result.stderr == f"csip: error: {message}\n"
    assert result.stdout == ""


# ------------------------------------------------------------------ assurance where people look


def test_status_json_gives_assurance_in_total_and_per_priority(
    write_plan: PlanWriter, runner: CliRunner
) -> None:
    write_plan(SMALL_PLAN)
    result = runner.invoke(app, ["status", "--as-of", "2017-02-07", "-f", "json"])
    data = json.loads(result.stdout)
    assert data["assurance"] == {"unverified": 2, "evidenced": 1, "embedded": 0, "challenged": 1}
    assert [(item["priority"], item["assurance"]) for item in data["priorities"]] == [
        (5, {"unverified": 0, "evidenced": 0, "embedded": 0, "challenged": 0}),
        (7, {"unverified": 1, "evidenced": 0, "embedded": 0, "challenged": 1}),
        (9, {"unverified": 1, "evidenced": 1, "embedded": 0, "challenged": 0}),
    ]


def test_status_table_has_an_assurance_line(write_plan: PlanWriter, runner: CliRunner) -> None:
    write_plan(SMALL_PLAN)
    result = runner.invoke(app, ["status", "--as-of", "2017-02-07"], catch_exceptions=False)
    assert (
        "Assurance: 0 embedded, 1 evidenced, 1 challenged, 2 unverified (4 complete)."
    ) in result.stdout.splitlines()


def test_status_says_what_green_requires(write_plan: PlanWriter, runner: CliRunner) -> None:
    from conftest import PLAN_YAML

    write_plan({**SMALL_PLAN, "plan.yaml": PLAN_YAML + "green_requires: evidenced\n"})
    result = runner.invoke(app, ["status", "--as-of", "2017-02-07"], catch_exceptions=False)
    assert (
        "Green requires evidence verified: 3 complete actions await assurance (Amber)."
    ) in result.stdout.splitlines()
    assert (
        "Done: the share of the actions due by 7 Feb 2017 that are Green."
    ) in result.stdout.splitlines()


def test_actions_filtered_by_assurance(write_plan: PlanWriter, runner: CliRunner) -> None:
    write_plan(SMALL_PLAN)
    args = ["actions", "--as-of", "2017-02-07", "--assurance", "unverified", "-f", "json"]
    data = json.loads(runner.invoke(app, args, catch_exceptions=False).stdout)
    assert [(item["id"], item["assurance"]) for item in data] == [
        ("7.1.1", "unverified"),
        ("9.1.4", "unverified"),
    ]
    table = runner.invoke(app, ["actions", "--as-of", "2017-02-07", "--assurance", "challenged"])
    assert "Filtered to assurance challenged" in table.stdout.splitlines()


def test_show_lists_each_review_with_its_board_and_outcome(
    write_plan: PlanWriter, runner: CliRunner
) -> None:
    write_plan(SMALL_PLAN)
    result = runner.invoke(app, ["show", "9.1.3", "--as-of", "2017-01-10"], catch_exceptions=False)
    lines = [line.rstrip() for line in result.stdout.splitlines()]
    at = lines.index("Board reviews")
    assert lines[at + 1 :] == [
        "Date           Review",
        "\N{BOX DRAWINGS LIGHT HORIZONTAL}" * 80,
        "20 Dec 2016    Improvement Team Board: evidence verified",
        "24 Jan 2017 *  Improvement Team Board: remedial activity agreed",
        "               Task: Re-audit the strategy (DCS, due 3 Feb 2017; done 1 Feb",
        "               2017)",
        "* After the as-at date: shown, but not counted above.",
    ]


def test_show_gives_the_assurance_of_a_complete_action(
    write_plan: PlanWriter, runner: CliRunner
) -> None:
    write_plan(SMALL_PLAN)
    result = runner.invoke(app, ["show", "7.1.3", "--as-of", "2017-02-07"], catch_exceptions=False)
    assert "Assurance  challenged" in result.stdout.splitlines()


# ------------------------------------------------------------------ the reference plan

REFERENCE_PACK = ((8, 9), dt.date(2017, 2, 14))
"""The Commissioning board's next meeting (seed 004: "for the next meeting (14 February 2017)"),
with priority 8 beside it."""


def reference_plan(monkeypatch: pytest.MonkeyPatch) -> Plan:
    if not (REFERENCE_PLAN / "meetings").is_dir():
        pytest.skip("the reference plan's meetings are not in this checkout")
    monkeypatch.chdir(REPO)
    loaded = load_plan(Path("plan"), TODAY)
    assert loaded.plan is not None, [problem.text() for problem in loaded.problems][:3]
    return loaded.plan


@pytest.mark.parametrize("fmt", ["md", "json"])
def test_reference_board_pack_golden(
    monkeypatch: pytest.MonkeyPatch, update_golden: bool, fmt: Literal["md", "json"]
) -> None:
    plan = reference_plan(monkeypatch)
    priorities, day = REFERENCE_PACK
    text = board_pack_report(plan, priorities, day, fmt, made=MADE)
    check_golden(f"board-pack-2017-02-14.{fmt}", text, update_golden)


class _Facts(HTMLParser):
    """The label and value of each of a report's header facts (its ``report-facts`` list)."""

    def __init__(self) -> None:
        super().__init__()
        self.facts: list[list[str]] = []
        self._inside = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "dl" and ("class", "report-facts") in attrs:
            self._inside = True
        elif self._inside and tag == "dt":
            self.facts.append([])

    def handle_endtag(self, tag: str) -> None:
        if tag == "dl":
            self._inside = False

    def handle_data(self, data: str) -> None:
        if self._inside and self.facts and data.strip():
            self.facts[-1].append(data.strip())


def header_facts(html: str) -> list[tuple[str, str]]:
    parser = _Facts()
    parser.feed(html)
    return [(label, " ".join(value)) for label, *value in parser.facts]


@pytest.mark.parametrize(
    ("priorities", "day"), [((7, 9), dt.date(2017, 2, 7)), ((7, 9), dt.date(2017, 2, 8))]
)
def test_a_pack_names_the_board_that_reviews_its_priorities(
    monkeypatch: pytest.MonkeyPatch, priorities: tuple[int, ...], day: dt.date
) -> None:
    """The board meeting that day, else the last to review them: not the board of the plan's
    other papers (plan.yaml's ``paper: board``, the governance board)."""
    html = board_pack_report(reference_plan(monkeypatch), priorities, day, "html", made=MADE)
    board, date = header_facts(html)[:2]
    assert board == ("Board", "Improvement Team Board")
    assert date == ("Date", f"{day.day} February 2017")


def test_a_pack_for_priorities_no_board_has_reviewed_names_no_board(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    html = board_pack_report(
        reference_plan(monkeypatch), (7,), dt.date(2016, 6, 1), "html", made=MADE
    )
    assert [label for label, _ in header_facts(html)] == [
        "Date",
        "Lead officer",
        "Contact officer",
        "Plan",
        "As at",
    ]


def test_reference_boards_follow_the_seed(monkeypatch: pytest.MonkeyPatch) -> None:
    """Weekly from December 2016 to March 2017, two priorities each; the first Adoption board
    on 7 February 2017, another at the end of February and two in March; the Commissioning
    board's next meeting on 14 February 2017; the Care Leavers board before the January report
    assigned tasks for 6.3.4, 6.4.4 and 6.4.5."""
    plan = reference_plan(monkeypatch)
    dates = [meeting.date for meeting in plan.meetings]
    assert dates[0] == dt.date(2016, 12, 6) and dates[-1] == dt.date(2017, 3, 28)
    assert all(len(meeting.priorities) == 2 for meeting in plan.meetings)
    adoption = [str(m.date) for m in plan.meetings if 7 in m.priorities]
    assert adoption == ["2017-02-07", "2017-02-28", "2017-03-14", "2017-03-28"]
    commissioning = [str(m.date) for m in plan.meetings if 9 in m.priorities]
    assert "2017-02-14" in commissioning
    assert max(day for day in commissioning if day < "2017-02-03") < "2017-02-14"
    care_leavers = [m for m in plan.meetings if 6 in m.priorities and str(m.date) < "2017-01-31"]
    with_tasks = {r.action for r in care_leavers[-1].reviews if r.tasks}
    assert {"6.3.4", "6.4.4", "6.4.5"} <= with_tasks
    # Every Red action of the January report was discussed before it (3 February 2017), but for
    # those of priority 7, whose first board was on 7 February.
    discussed = {r.action for m in plan.meetings if str(m.date) < "2017-02-03" for r in m.reviews}
    assert [a for a in REFERENCE_RED if a not in discussed] == ["7.2.1", "7.2.3", "7.2.4"]


def test_reference_january_figures_do_not_move(monkeypatch: pytest.MonkeyPatch) -> None:
    from csip.figures.snapshot import Snapshots

    figures = Snapshots(reference_plan(monkeypatch)).month_end("2017-01").period
    assert (figures.due, figures.red, figures.due_later) == (200, 20, 27)


@pytest.mark.browser
def test_reference_board_pack_html_in_chromium(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    binary = browser()
    plan = reference_plan(monkeypatch)
    priorities, day = REFERENCE_PACK
    page = tmp_path / "pack.html"
    page.write_text(board_pack_report(plan, priorities, day, "html", made=MADE), encoding="utf-8")
    result = run(binary, tmp_path / "profile", "--dump-dom", page.as_uri())
    assert result.returncode == 0, result.stderr
    assert console_messages(result.stderr) == []
    dom = result.stdout
    assert "<main>" in dom
    assert 'id="priority-8"' in dom and 'id="priority-9"' in dom
    pdf = tmp_path / "pack.pdf"
    printed = run(
        binary,
        tmp_path / "profile",
        "--no-pdf-header-footer",
        f"--print-to-pdf={pdf}",
        page.as_uri(),
    )
    assert printed.returncode == 0, printed.stderr
    assert pdf.read_bytes().startswith(b"%PDF")
    pdfinfo = shutil.which("pdfinfo")
    if pdfinfo is not None:
        info = subprocess.run([pdfinfo, str(pdf)], capture_output=True, text=True, check=True)
        assert "(A4)" in info.stdout


@pytest.mark.browser
def test_board_pack_html_shows_plan_text_as_text_in_chromium(
    write_plan: PlanWriter, tmp_path: Path
) -> None:
    binary = browser()
    hostile = PRIORITY_7.replace(
        "note: Protocol outline drafted.", 'note: "<img src=x onerror=alert(2)> & more"'
    ).replace("action: Develop a short", "action: <script>alert(1)</script> Develop a short")
    loaded = load_plan(write_plan({**SMALL_PLAN, "07-adoption.yaml": hostile}), TODAY)
    assert loaded.plan is not None, [problem.text() for problem in loaded.problems]
    page = tmp_path / "pack.html"
    text = board_pack_report(loaded.plan, (7, 9), MEETING_DAY, "html", made=MADE)
    page.write_text(text, encoding="utf-8")
    result = run(binary, tmp_path / "profile", "--dump-dom", page.as_uri())
    assert result.returncode == 0, result.stderr
    assert console_messages(result.stderr) == []
    dom = result.stdout
    assert "<script" not in dom.lower() and "<img" not in dom.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Develop a short" in dom
    assert "&lt;img src=x onerror=alert(2)&gt; &amp; more" in dom
