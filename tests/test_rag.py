"""Status, completion date and RAG as of a date (spec section 2), and the tallies built on them."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from conftest import TODAY, PlanWriter

from csip.figures import rag
from csip.figures.rag import ActionState, RagCounts, state_of
from csip.model.files import Action
from csip.model.validators import parse
from csip.plan_folder import load_plan
from csip.words import RAGS, rag_word

PLAN_START = "2016-05"
D = dt.date


def action(
    updates: list[dict[str, Any]] | None = None,
    *,
    id: str = "1.1",
    due: str = "2016-12",
    start: str | None = "2016-06",
    lead: list[str] | None = None,
    agencies: list[str] | None = None,
) -> Action:
    return parse(
        Action,
        {
            "id": id,
            "action": "Do the thing.",
            "lead": lead or ["DCS"],
            "agencies": agencies or [],
            "start": start,
            "due": due,
            "updates": updates or [],
        },
    )


def update(date: str, status: str, **more: Any) -> dict[str, Any]:
    return {"date": date, "status": status, **more}


def at(item: Action, as_of: dt.date) -> ActionState:
    return state_of(item, PLAN_START, as_of)


# --- the RAG table, one rule at a time, first rule that applies ---------------------------------


def test_withdrawn_comes_first_even_when_overdue() -> None:
    item = action([update("2016-08-31", "withdrawn", note="No longer needed.")], due="2016-09")
    state = at(item, D(2017, 1, 31))
    assert (state.status, state.rag, state.months_overdue) == ("withdrawn", "withdrawn", 0)
    assert state.is_due


def test_complete_is_green_even_after_its_due_month() -> None:
    item = action([update("2017-01-10", "complete", evidence=["Minutes"])], due="2016-09")
    state = at(item, D(2017, 1, 31))
    assert (state.rag, state.completed_on, state.months_overdue) == ("green", D(2017, 1, 10), 0)


def test_complete_before_its_start_month_is_green() -> None:
    item = action([update("2016-05-20", "complete")], start="2016-08", due="2016-12")
    assert at(item, D(2016, 5, 31)).rag == "green"


@pytest.mark.parametrize("status", ["not-started", "in-progress"])
def test_not_complete_by_the_last_day_of_the_due_month_is_red(status: str) -> None:
    item = action([update("2016-10-15", status)], due="2016-12")
    assert at(item, D(2016, 12, 30)).rag == "amber"
    state = at(item, D(2016, 12, 31))
    assert (state.rag, state.months_overdue) == ("red", 0)


def test_no_update_at_all_is_not_started_and_red_once_due() -> None:
    state = at(action(due="2016-12"), D(2017, 1, 31))
    assert (state.status, state.rag, state.last_update, state.note) == (
        "not-started",
        "red",
        None,
        None,
    )


def test_start_month_after_the_date_is_white() -> None:
    item = action(start="2017-02", due="2017-04")
    assert at(item, D(2017, 1, 31)).rag == "white"
    assert at(item, D(2017, 2, 1)).rag == "amber"


def test_in_progress_within_its_timescale_is_amber() -> None:
    item = action([update("2016-07-01", "in-progress")], start="2016-06", due="2016-12")
    state = at(item, D(2016, 9, 15))
    assert (state.status, state.rag, state.is_due) == ("in-progress", "amber", False)


def test_started_month_but_no_update_is_amber() -> None:
    assert at(action(start="2016-06", due="2016-12"), D(2016, 6, 1)).rag == "amber"


def test_start_omitted_is_the_plans_start_month() -> None:
    item = action(start=None, due="2016-12")
    before = at(item, D(2016, 4, 30))
    assert (before.start, before.rag) == ("2016-05", "white")
    assert at(item, D(2016, 5, 1)).rag == "amber"


# --- which updates count as of D ----------------------------------------------------------------


def test_an_update_on_the_last_day_of_the_month_counts_for_that_month() -> None:
    item = action(
        [update("2016-12-31", "complete"), update("2017-01-01", "in-progress", note="Reopened.")],
        due="2016-12",
    )
    december = at(item, D(2016, 12, 31))
    assert (december.status, december.rag, december.completed_on) == (
        "complete",
        "green",
        D(2016, 12, 31),
    )
    assert december.last_update == D(2016, 12, 31)
    # The update of 1 January belongs to January: it reopens the action there, not before.
    january = at(item, D(2017, 1, 31))
    assert (january.status, january.rag, january.completed_on) == ("in-progress", "red", None)
    assert january.note == "Reopened."


def test_an_update_on_the_first_of_the_next_month_does_not_count() -> None:
    item = action([update("2017-01-01", "complete")], due="2016-12")
    state = at(item, D(2016, 12, 31))
    assert (state.status, state.rag, state.last_update) == ("not-started", "red", None)


def test_as_of_a_day_in_the_middle_of_a_month() -> None:
    item = action(
        [update("2017-01-10", "in-progress", note="Under way."), update("2017-01-20", "complete")],
        start="2016-11",
        due="2017-01",
    )
    mid = at(item, D(2017, 1, 15))
    # The due month has not ended by the 15th, and the completion of the 20th is still ahead.
    assert (mid.status, mid.rag, mid.is_due, mid.note) == (
        "in-progress",
        "amber",
        False,
        "Under way.",
    )
    assert at(item, D(2017, 1, 20)).rag == "green"


def test_completion_reopened_and_completed_again() -> None:
    item = action(
        [
            update("2016-09-30", "complete", evidence=["Policy"]),
            update("2016-10-31", "complete", evidence=["Audit"]),
            update("2016-11-15", "in-progress", note="Audit found gaps."),
            update("2016-12-05", "complete", evidence=["Re-audit"]),
            update("2016-12-20", "complete", evidence=["Sign-off"]),
        ],
        due="2016-12",
    )
    first = at(item, D(2016, 10, 31))
    assert (first.rag, first.completed_on) == ("green", D(2016, 9, 30))
    reopened = at(item, D(2016, 11, 30))
    assert (reopened.status, reopened.rag, reopened.completed_on) == ("in-progress", "amber", None)
    # The completion date is the first of the unbroken run of complete updates that ends at D.
    again = at(item, D(2016, 12, 31))
    assert (again.rag, again.completed_on) == ("green", D(2016, 12, 5))


def test_withdrawn_then_reinstated() -> None:
    item = action(
        [update("2016-08-01", "withdrawn"), update("2016-10-01", "in-progress")], due="2016-12"
    )
    assert at(item, D(2016, 9, 1)).rag == "withdrawn"
    assert at(item, D(2016, 10, 1)).rag == "amber"
    assert at(item, D(2017, 1, 31)).rag == "red"


def test_completion_then_withdrawal_is_withdrawn_not_green() -> None:
    item = action([update("2016-08-01", "complete"), update("2016-09-01", "withdrawn")])
    state = at(item, D(2016, 9, 30))
    assert (state.rag, state.completed_on) == ("withdrawn", None)


# --- revised due month, notes, months overdue ---------------------------------------------------


def test_a_revised_due_month_stays_red() -> None:
    item = action(
        [
            update("2016-10-31", "in-progress", note="Delayed by the restructure."),
            update("2016-11-30", "in-progress", note="Agreed a new date.", due="2017-04"),
            update("2017-01-31", "in-progress"),
        ],
        start="2016-07",
        due="2016-10",
    )
    state = at(item, D(2017, 1, 31))
    assert (state.rag, state.revised_due, state.months_overdue, state.replanned) == (
        "red",
        "2017-04",
        3,
        True,
    )
    # The latest note is the latest update's that has one.
    assert state.note == "Agreed a new date."
    # Before the update that revised it, there is no revised due month.
    before = at(item, D(2016, 11, 29))
    assert (before.rag, before.revised_due, before.replanned) == ("red", None, False)


def test_a_later_revision_replaces_an_earlier_one_and_the_published_due_is_not_replanned() -> None:
    item = action(
        [
            update("2016-08-31", "in-progress", due="2017-02"),
            update("2016-09-30", "in-progress", due="2016-12"),
        ],
        due="2016-12",
    )
    state = at(item, D(2016, 9, 30))
    assert (state.revised_due, state.replanned) == ("2016-12", False)


def test_a_revised_due_month_never_turns_amber_into_red_either() -> None:
    # Revised to a month already past: RAG still follows the published due month.
    item = action([update("2016-08-31", "in-progress", due="2016-07")], due="2016-12")
    assert at(item, D(2016, 9, 30)).rag == "amber"


@pytest.mark.parametrize(
    ("due", "as_of", "expected"),
    [
        ("2016-09", D(2017, 1, 31), 4),
        ("2016-09", D(2017, 1, 1), 4),
        ("2016-09", D(2016, 9, 30), 0),
        ("2016-12", D(2017, 1, 31), 1),
        ("2015-11", D(2017, 1, 15), 14),
    ],
)
def test_months_overdue(due: str, as_of: dt.date, expected: int) -> None:
    state = at(action(start="2015-05", due=due), as_of)
    assert (state.rag, state.months_overdue) == ("red", expected)


# --- tallies -------------------------------------------------------------------------------------

PRIORITY_1 = """\
priority: 1
title: Leadership and Governance
actions:
  - id: "1.2"
    action: Report quarterly to the Improvement Board.
    lead: [DCS, "HOS C&R"]
    agencies: [Health]
    due: 2016-09
    updates:
      - {date: 2016-11-30, status: in-progress, due: 2017-04}
  - id: "1.1"
    action: Appoint a permanent Director.
    lead: DCS
    due: 2016-09
    updates:
      - {date: 2016-09-30, status: complete, evidence: [Letter]}
  - id: "1.10"
    action: Review governance.
    lead: DCS
    agencies: [Health, Police]
    start: 2017-03
    due: 2017-06
"""
PRIORITY_2 = """\
priority: 2
title: Management Oversight
actions:
  - id: "2.10"
    action: Caseload policy.
    lead: "HOS C&R"
    due: 2016-09
    updates:
      - {date: 2016-09-01, status: in-progress}
  - id: "2.9"
    action: Supervision audit.
    lead: "HOS C&R"
    agencies: [Police]
    due: 2016-09
    updates:
      - {date: 2016-09-01, status: in-progress}
  - id: "2.1"
    action: Dropped.
    lead: DCS
    due: 2016-12
    updates:
      - {date: 2016-10-31, status: withdrawn, note: Merged into 2.9.}
  - id: "2.2"
    action: Data set.
    lead: DCS
    start: 2016-12
    due: 2017-03
    updates:
      - {date: 2016-12-01, status: in-progress}
"""
PRIORITY_3 = """\
priority: 3
title: Legal
actions: []
"""


@pytest.fixture
def states(write_plan: PlanWriter) -> tuple[Any, list[ActionState]]:
    directory = write_plan({"01.yaml": PRIORITY_1, "02.yaml": PRIORITY_2, "03.yaml": PRIORITY_3})
    loaded = load_plan(directory, TODAY)
    assert loaded.plan is not None, loaded.problems
    return loaded.plan, rag.states(loaded.plan, D(2017, 1, 31))


def counts(**given: int) -> RagCounts:
    return RagCounts(**given)


def test_states_are_in_id_order(states: tuple[Any, list[ActionState]]) -> None:
    _, items = states
    assert [state.id for state in items] == ["1.1", "1.2", "1.10", "2.1", "2.2", "2.9", "2.10"]
    assert [state.rag for state in items] == [
        "green",
        "red",
        "white",
        "withdrawn",
        "amber",
        "red",
        "red",
    ]


def test_total_counts_due_and_done(states: tuple[Any, list[ActionState]]) -> None:
    _, items = states
    total = rag.total(items)
    assert total == counts(green=1, amber=1, red=3, white=1, withdrawn=1, due=4, done=1)
    assert total.active == 6
    assert total.as_dict() == {"green": 1, "amber": 1, "red": 3, "white": 1, "withdrawn": 1}


def test_by_priority_lists_every_priority_zeros_included(
    states: tuple[Any, list[ActionState]],
) -> None:
    plan, items = states
    rows = rag.by_priority(plan, items)
    assert [(row.priority.number, row.counts) for row in rows] == [
        (1, counts(green=1, red=1, white=1, due=2, done=1)),
        (2, counts(amber=1, red=2, withdrawn=1, due=2)),
        (3, counts()),
    ]


def test_by_lead_counts_an_action_under_each_of_its_leads(
    states: tuple[Any, list[ActionState]],
) -> None:
    _, items = states
    assert rag.by_lead(items) == {
        "DCS": counts(green=1, amber=1, red=1, white=1, withdrawn=1, due=2, done=1),
        "HOS C&R": counts(red=3, due=3),
    }


def test_by_agency(states: tuple[Any, list[ActionState]]) -> None:
    _, items = states
    assert rag.by_agency(items) == {
        "Health": counts(red=1, white=1, due=1),
        "Police": counts(red=1, white=1, due=1),
    }


def test_by_due_month(states: tuple[Any, list[ActionState]]) -> None:
    _, items = states
    assert rag.by_due_month(items) == {
        "2016-09": counts(green=1, red=3, due=4, done=1),
        "2016-12": counts(withdrawn=1, due=0),
        "2017-03": counts(amber=1),
        "2017-06": counts(white=1),
    }


def test_a_code_given_twice_counts_once() -> None:
    state = at(action(lead=["DCS", "DCS"], due="2016-12"), D(2017, 1, 31))
    assert rag.by_lead([state]) == {"DCS": counts(red=1, due=1)}


def test_overdue_oldest_due_first_then_by_id_as_numbers(
    states: tuple[Any, list[ActionState]],
) -> None:
    _, items = states
    overdue = rag.overdue(items)
    assert [(state.id, state.due, state.months_overdue) for state in overdue] == [
        ("1.2", "2016-09", 4),
        ("2.9", "2016-09", 4),
        ("2.10", "2016-09", 4),
    ]
    assert overdue[0].revised_due == "2017-04"


def test_overdue_puts_the_older_due_month_first() -> None:
    late = at(action(id="1.1", due="2016-12"), D(2017, 1, 31))
    older = at(action(id="9.5.5", start="2016-05", due="2016-09"), D(2017, 1, 31))
    newest = at(action(id="10.2.5", start="2016-05", due="2016-09"), D(2017, 1, 31))
    done = at(action([update("2016-09-01", "complete")], id="1.0"), D(2017, 1, 31))
    assert [state.id for state in rag.overdue([done, late, older, newest])] == [
        "9.5.5",
        "10.2.5",
        "1.1",
    ]


def test_word() -> None:
    assert [rag_word(value) for value in RAGS] == [
        "Green",
        "Amber",
        "Red",
        "White",
        "Withdrawn",
    ]
