"""Every check of a board meeting's file (spec section 7), each at its file, line and column.

Cases are tables as in ``test_validate``: the files of a plan as text, and the exact lines
``csip validate`` prints. Each case changes one thing in a valid meeting. plan.yaml is the
standard header of ``tests/conftest.py`` (roles DCS and HOS C&R); "today" is 2026-11-25.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import TODAY, PlanWriter
from typer.testing import CliRunner

from csip.cli import app
from csip.plan_folder import load_plan

PRIORITY_7 = """\
priority: 7
title: Adoption
actions:
  - id: "7.2.1"
    action: Develop a short adoption protocol.
    lead: "HOS C&R"
    due: 2016-12
    updates:
      - {date: 2016-12-30, status: in-progress}
  - id: "7.1.2"
    action: Review the timeliness of every child with an adoption plan.
    lead: "HOS C&R"
    due: 2016-12
    updates:
      - {date: 2016-12-01, status: in-progress}
      - {date: 2017-01-12, status: complete, evidence: [Adoption panel minutes]}
"""

PRIORITY_9 = """\
priority: 9
title: Strategic Commissioning
actions:
  - id: "9.5.1"
    action: Develop a foster carer academy.
    lead: "HOS C&R"
    due: 2016-12
    updates:
      - {date: 2016-12-30, status: in-progress}
"""

# A valid meeting: the spec's example. Line numbers are given beside it.
MEETING = """\
board: Improvement Team Board
date: 2017-02-07
priorities: [7]
attendees: ["HOS C&R", DCS]
reviews:
  - action: "7.2.1"
    outcome: remedial
    note: Lack of pace discussed; the protocol is to be drafted by the end of February.
    tasks:
      - task: Draft the adoption protocol for sign-off
        owner: "HOS C&R"
        due: 2017-02-28
        done: 2017-02-27
  - action: "7.1.2"
    outcome: verified
    evidence: [Adoption panel minutes, 12 January 2017]
"""
#   1 board   2 date   3 priorities   4 attendees   5 reviews   6 "7.2.1"   7 remedial   8 note
#   9 tasks   10 task   11 owner   12 due   13 done   14 "7.1.2"   15 verified   16 evidence

FILE = "plan/meetings/2017-02-07.yaml"


def _meeting(*changes: tuple[str, str]) -> str:
    """The valid meeting with each ``old`` text replaced by ``new``, once."""
    text = MEETING
    for old, new in changes:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


def _problems(
    write_plan: PlanWriter, meeting: str | None, name: str = "2017-02-07.yaml"
) -> list[str]:
    files = {"07-adoption.yaml": PRIORITY_7, "09-commissioning.yaml": PRIORITY_9}
    if meeting is not None:
        files[f"meetings/{name}"] = meeting
    return [problem.text() for problem in load_plan(write_plan(files), TODAY).problems]


CASES: dict[str, tuple[str, list[str]]] = {
    "clean": (MEETING, []),
    # what can be read of a review that fails its model is still checked (spec section 6)
    "unknown-action-beside-a-bad-outcome": (
        _meeting(
            ('action: "7.1.2"\n    outcome: verified', 'action: "7.1.9"\n    outcome: verfied')
        ),
        [
            f"{FILE}:14:13: error: the review names action '7.1.9', which the plan does not "
            "have (did you mean '7.1.2'?)",
            f"{FILE}:15:14: error: 'outcome' must be one of verified, not-verified, embedded, "
            "not-embedded, remedial, noted, not 'verfied' (did you mean 'verified'?)",
        ],
    ),
    "unknown-owner-beside-a-bad-task-date": (
        _meeting(
            ('owner: "HOS C&R"\n        due: 2017-02-28', "owner: ZZ\n        due: 2017-02-30")
        ),
        [
            f"{FILE}:11:16: error: unknown role 'ZZ': plan/plan.yaml does not declare it",
            f"{FILE}:12:14: error: '2017-02-30' is not a real date (day is out of range for month)",
        ],
    ),
    # each review names an action that exists ...
    "unknown-action": (
        _meeting(('action: "7.1.2"', 'action: "7.1.9"')),
        [
            f"{FILE}:14:13: error: the review names action '7.1.9', which the plan does not "
            "have (did you mean '7.1.2'?)"
        ],
    ),
    # ... and belongs to one of the meeting's priorities
    "action-of-another-priority": (
        _meeting(('action: "7.1.2"', 'action: "9.5.1"'), ("outcome: verified", "outcome: noted")),
        [
            f"{FILE}:14:13: error: action '9.5.1' is in priority 9, which this meeting did not "
            "review (it reviewed priority 7)"
        ],
    ),
    "action-of-the-second-priority": (
        _meeting(
            ("priorities: [7]", "priorities: [7, 9]"),
            ('action: "7.1.2"', 'action: "9.5.1"'),
            ("outcome: verified", "outcome: remedial"),
        ),
        [],
    ),
    "unknown-priority": (
        _meeting(("priorities: [7]", "priorities: [7, 12]")),
        [f"{FILE}:3:17: error: the plan has no priority 12"],
    ),
    # codes are declared, with the nearest declared code
    "unknown-attendee": (
        _meeting(('attendees: ["HOS C&R", DCS]', 'attendees: ["HOS CR", DCS]')),
        [
            f"{FILE}:4:13: error: unknown role 'HOS CR': plan/plan.yaml does not declare it "
            "(did you mean 'HOS C&R'?)"
        ],
    ),
    "unknown-owner": (
        _meeting(('owner: "HOS C&R"', "owner: DSC")),
        [
            f"{FILE}:11:16: error: unknown role 'DSC': plan/plan.yaml does not declare it "
            "(did you mean 'DCS'?)"
        ],
    ),
    # a task's done is not before the meeting (nor after today)
    "task-done-before-the-meeting": (
        _meeting(("done: 2017-02-27", "done: 2017-02-06")),
        [
            f"{FILE}:13:15: error: task marked done on 2017-02-06, before the meeting of "
            "2017-02-07 that agreed it"
        ],
    ),
    "task-done-on-the-meeting-date": (_meeting(("done: 2017-02-27", "done: 2017-02-07")), []),
    "task-done-after-today": (
        _meeting(("done: 2017-02-27", "done: 2027-02-27")),
        [f"{FILE}:13:15: error: task marked done on 2027-02-27, after today (2026-11-25)"],
    ),
    # the meeting is not dated after today
    "meeting-after-today": (
        _meeting(("date: 2017-02-07", "date: 2027-02-07"), ("        done: 2017-02-27\n", "")),
        [f"{FILE}:2:7: error: meeting dated 2027-02-07 is after today (2026-11-25)"],
    ),
    # the model: plain words for what is missing, unknown or mistyped
    "unknown-outcome": (
        _meeting(("outcome: verified", "outcome: verifed")),
        [
            f"{FILE}:15:14: error: 'outcome' must be one of verified, not-verified, embedded, "
            "not-embedded, remedial, noted, not 'verifed' (did you mean 'verified'?)"
        ],
    ),
    "unknown-key": (
        _meeting(("    evidence: [Adoption", "    evidnce: [Adoption")),
        [f"{FILE}:16:5: error: unknown key 'evidnce' (did you mean 'evidence'?)"],
    ),
    "missing-board": (
        _meeting(("board: Improvement Team Board\n", "")),
        [f"{FILE}:1:1: error: missing required key 'board'"],
    ),
    "task-without-owner": (
        _meeting(('        owner: "HOS C&R"\n', "")),
        [f"{FILE}:10:9: error: missing required key 'owner'"],
    ),
    "not-a-real-date": (
        _meeting(("due: 2017-02-28", "due: 2017-02-30")),
        [f"{FILE}:12:14: error: '2017-02-30' is not a real date (day is out of range for month)"],
    ),
    "no-priorities": (
        _meeting(("priorities: [7]", "priorities: []")),
        [f"{FILE}:3:13: error: 'priorities' must not be empty"],
    ),
    "priority-not-a-number": (
        _meeting(("priorities: [7]", "priorities: [Adoption]")),
        [f"{FILE}:3:14: error: an item of 'priorities' must be a whole number, not 'Adoption'"],
    ),
    "malformed-action-id": (
        _meeting(('action: "7.1.2"', 'action: "seven"')),
        [
            f"{FILE}:14:13: error: 'seven' is not an action ID: write dotted numbers whose "
            "first part is the priority, such as 6.1.4"
        ],
    ),
    "empty-file": (
        "",
        [f"{FILE}:1:1: error: the file is empty: a plan file is a mapping of keys to values"],
    ),
}


@pytest.mark.parametrize(("meeting", "expected"), CASES.values(), ids=CASES.keys())
def test_rule(write_plan: PlanWriter, meeting: str, expected: list[str]) -> None:
    assert _problems(write_plan, meeting) == expected


@pytest.mark.parametrize("outcome", ["verified", "not-verified", "embedded", "not-embedded"])
def test_work_judged_must_be_complete_on_the_meeting_date(
    write_plan: PlanWriter, outcome: str
) -> None:
    meeting = _meeting(("outcome: remedial", f"outcome: {outcome}"))
    assert _problems(write_plan, meeting) == [
        f"{FILE}:7:14: error: action '7.2.1' is in progress on 2017-02-07, not complete: a board "
        f"cannot give '{outcome}' to work that is not done"
    ]


def test_work_done_only_after_the_meeting_cannot_be_verified(write_plan: PlanWriter) -> None:
    """7.1.2 is complete on 12 January 2017: a meeting on the 11th cannot verify it."""
    meeting = _meeting(
        ("date: 2017-02-07", "date: 2017-01-11"), ("done: 2017-02-27", "done: 2017-01-20")
    )
    assert _problems(write_plan, meeting, "2017-01-11.yaml") == [
        "plan/meetings/2017-01-11.yaml:15:14: error: action '7.1.2' is in progress on "
        "2017-01-11, not complete: a board cannot give 'verified' to work that is not done"
    ]


def test_work_not_started_cannot_be_verified(write_plan: PlanWriter) -> None:
    meeting = _meeting(
        ("date: 2017-02-07", "date: 2016-11-30"), ("done: 2017-02-27", "done: 2016-12-01")
    )
    problems = _problems(write_plan, meeting, "2016-11-30.yaml")
    assert problems == [
        "plan/meetings/2016-11-30.yaml:15:14: error: action '7.1.2' is not started on "
        "2016-11-30, not complete: a board cannot give 'verified' to work that is not done"
    ]


def test_remedial_and_noted_need_no_completion(write_plan: PlanWriter) -> None:
    meeting = _meeting(("outcome: verified", "outcome: noted"))
    meeting = meeting.replace('action: "7.1.2"', 'action: "7.2.1"')
    assert _problems(write_plan, meeting) == []


def test_a_shape_error_in_one_review_does_not_hide_the_others(write_plan: PlanWriter) -> None:
    """A mistyped outcome in one review; an unknown action, owner and attendee elsewhere."""
    meeting = _meeting(
        ('attendees: ["HOS C&R", DCS]', 'attendees: ["HOS C&R", DSC]'),
        ("outcome: remedial", "outcome: remedal"),
        ('action: "7.1.2"', 'action: "7.1.9"'),
        ("outcome: verified", "outcome: noted"),
    )
    assert _problems(write_plan, meeting) == [
        f"{FILE}:4:24: error: unknown role 'DSC': plan/plan.yaml does not declare it (did you "
        "mean 'DCS'?)",
        f"{FILE}:7:14: error: 'outcome' must be one of verified, not-verified, embedded, "
        "not-embedded, remedial, noted, not 'remedal' (did you mean 'remedial'?)",
        f"{FILE}:14:13: error: the review names action '7.1.9', which the plan does not have "
        "(did you mean '7.1.2'?)",
    ]


def test_a_bad_date_keeps_the_checks_that_need_no_date(write_plan: PlanWriter) -> None:
    meeting = _meeting(
        ("date: 2017-02-07", "date: 2017-02-30"), ('action: "7.1.2"', 'action: "9.5.1"')
    )
    assert _problems(write_plan, meeting) == [
        f"{FILE}:2:7: error: '2017-02-30' is not a real date (day is out of range for month)",
        f"{FILE}:14:13: error: action '9.5.1' is in priority 9, which this meeting did not "
        "review (it reviewed priority 7)",
    ]


def test_the_meetings_folder_is_optional(write_plan: PlanWriter) -> None:
    assert _problems(write_plan, None) == []


def test_only_yaml_files_in_the_meetings_folder_are_read(write_plan: PlanWriter) -> None:
    files = {
        "07-adoption.yaml": PRIORITY_7,
        "09-commissioning.yaml": PRIORITY_9,
        "meetings/README.md": "# not a meeting\n",
        "meetings/.draft.yaml": "board: [\n",
        "meetings/2017-02-07.yml": MEETING,
    }
    loaded = load_plan(write_plan(files), TODAY)
    assert [problem.text() for problem in loaded.problems] == []
    assert loaded.plan is not None
    assert [meeting.file for meeting in loaded.plan.meetings] == ["plan/meetings/2017-02-07.yml"]
    assert loaded.files == 4


def test_one_meeting_saved_under_both_extensions_is_an_error(write_plan: PlanWriter) -> None:
    files = {
        "07-adoption.yaml": PRIORITY_7,
        "09-commissioning.yaml": PRIORITY_9,
        "meetings/2017-02-07.yaml": MEETING,
        "meetings/2017-02-07.yml": MEETING,
    }
    loaded = load_plan(write_plan(files), TODAY)
    assert [problem.text() for problem in loaded.problems] == [
        "plan/meetings/2017-02-07.yml:1:1: error: the meeting of plan/meetings/2017-02-07.yaml "
        "again, under another extension: keep one of the two, or its reviews count twice"
    ]


def test_meetings_are_in_date_then_file_name_order(write_plan: PlanWriter) -> None:
    later = _meeting(
        ("date: 2017-02-07", "date: 2017-02-14"), ("done: 2017-02-27", "done: 2017-02-20")
    )
    files = {
        "07-adoption.yaml": PRIORITY_7,
        "meetings/a-second.yaml": later,
        "meetings/b-first.yaml": MEETING,
        "meetings/c-first-too.yaml": MEETING,
    }
    loaded = load_plan(write_plan(files), TODAY)
    assert loaded.plan is not None, [problem.text() for problem in loaded.problems]
    assert [(str(m.date), Path(m.file).name) for m in loaded.plan.meetings] == [
        ("2017-02-07", "b-first.yaml"),
        ("2017-02-07", "c-first-too.yaml"),
        ("2017-02-14", "a-second.yaml"),
    ]
    reviews = loaded.plan.reviews_of("7.1.2")
    assert [Path(item.meeting.file).name for item in reviews] == [
        "b-first.yaml",
        "c-first-too.yaml",
        "a-second.yaml",
    ]


def test_validate_counts_the_meeting_files(write_plan: PlanWriter, runner: CliRunner) -> None:
    write_plan({"07-adoption.yaml": PRIORITY_7, "meetings/2017-02-07.yaml": MEETING})
    result = runner.invoke(app, ["validate"], catch_exceptions=False)
    assert result.exit_code == 0
    assert result.stdout == "plan: 3 files, 1 priority, 2 actions: no problems\n"


def test_validate_reports_a_meeting_problem_and_exits_1(
    write_plan: PlanWriter, runner: CliRunner
) -> None:
    meeting = _meeting(("done: 2017-02-27", "done: 2017-02-06"))
    write_plan({"07-adoption.yaml": PRIORITY_7, "meetings/2017-02-07.yaml": meeting})
    result = runner.invoke(app, ["validate"], catch_exceptions=False)
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"{FILE}:13:15: error: task marked done on 2017-02-06, before the meeting of "
        "2017-02-07 that agreed it",
        "plan: 3 files, 1 priority, 2 actions: 1 error, 0 warnings",
    ]
