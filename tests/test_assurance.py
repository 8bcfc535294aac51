"""Assurance as of a date (spec section 7), rule by rule, and what ``green_requires`` does to RAG.

The assurance of an action complete as of D, with completion date C, comes from the last review
in a meeting dated C to D whose outcome judges done work: verified and not-embedded make it
evidenced, embedded embedded, not-verified challenged; with none it is unverified.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

import pytest
from conftest import TODAY, PlanWriter

from csip.figures.assurance import assurance_of, counts, deciding_review, meets
from csip.figures.rag import ActionState, state_of, states
from csip.model.domain import Meeting, MeetingReview
from csip.model.files import Action, GreenRequires
from csip.model.meetings import Review
from csip.model.validators import parse
from csip.plan_folder import load_plan
from csip.words import Assurance

PLAN_START = "2016-05"


def action(*updates: tuple[str, str], due: str = "2016-12") -> Action:
    """Action 7.1.1 with these (date, status) updates; completions carry evidence."""
    return parse(
        Action,
        {
            "id": "7.1.1",
            "action": "Review adoption timeliness.",
            "lead": "DCS",
            "due": due,
            "updates": [
                {"date": date, "status": status, "evidence": ["report"]}
                if status == "complete"
                else {"date": date, "status": status}
                for date, status in updates
            ],
        },
    )


def reviews(*items: tuple[str, str]) -> list[MeetingReview]:
    """Reviews of 7.1.1 at meetings on these dates, with these outcomes, in this order."""
    made = []
    for number, (date, outcome) in enumerate(items):
        review = parse(Review, {"action": "7.1.1", "outcome": outcome})
        meeting = Meeting(
            f"plan/meetings/{number:02d}.yaml",
            "Improvement Team Board",
            dt.date.fromisoformat(date),
            (7,),
            (),
            (review,),
        )
        made.append(MeetingReview(meeting, review))
    return made


COMPLETE = action(("2016-11-01", "in-progress"), ("2016-12-05", "complete"))
"""Complete from 5 December 2016 (C)."""


def state(
    item: Action,
    as_of: str,
    *given: tuple[str, str],
    green_requires: GreenRequires = "complete",
) -> ActionState:
    return state_of(item, PLAN_START, dt.date.fromisoformat(as_of), reviews(*given), green_requires)


# ------------------------------------------------------------------ the rule, case by case

CASES: dict[str, tuple[tuple[tuple[str, str], ...], Assurance]] = {
    "no-review": ((), "unverified"),
    "verified": ((("2016-12-13", "verified"),), "evidenced"),
    "not-verified": ((("2016-12-13", "not-verified"),), "challenged"),
    "embedded": ((("2016-12-13", "embedded"),), "embedded"),
    "not-embedded-is-still-evidenced": ((("2016-12-13", "not-embedded"),), "evidenced"),
    "remedial-and-noted-give-nothing": (
        (("2016-12-13", "remedial"), ("2016-12-20", "noted")),
        "unverified",
    ),
    "a-review-on-the-completion-date": ((("2016-12-05", "verified"),), "evidenced"),
    "a-review-on-the-as-at-date": ((("2017-01-31", "verified"),), "evidenced"),
    "a-review-after-the-as-at-date": ((("2017-02-01", "verified"),), "unverified"),
    "verified-then-challenged": (
        (("2016-12-13", "verified"), ("2017-01-10", "not-verified")),
        "challenged",
    ),
    "challenged-then-verified": (
        (("2016-12-13", "not-verified"), ("2017-01-10", "verified")),
        "evidenced",
    ),
    "embedded-then-not-embedded": (
        (("2016-12-13", "embedded"), ("2017-01-10", "not-embedded")),
        "evidenced",
    ),
    "the-last-judgement-wins-over-a-later-remedial": (
        (("2016-12-13", "embedded"), ("2017-01-10", "remedial")),
        "embedded",
    ),
}


@pytest.mark.parametrize(("given", "expected"), CASES.values(), ids=CASES.keys())
def test_assurance_as_of_31_january(
    given: tuple[tuple[str, str], ...], expected: Assurance
) -> None:
    assert state(COMPLETE, "2017-01-31", *given).assurance == expected


def test_reviews_of_one_date_count_in_the_order_given() -> None:
    """Meetings of one date come in file-name order, reviews as written: the last one counts."""
    same_day = (("2016-12-13", "verified"), ("2016-12-13", "not-verified"))
    assert state(COMPLETE, "2017-01-31", *same_day).assurance == "challenged"
    assert state(COMPLETE, "2017-01-31", *reversed(same_day)).assurance == "evidenced"


def test_an_action_not_complete_has_no_assurance() -> None:
    in_progress = action(("2016-11-01", "in-progress"))
    assert state(in_progress, "2017-01-31").assurance is None
    assert state(COMPLETE, "2016-12-04").assurance is None


def test_a_reopened_action_starts_again_from_its_next_completion() -> None:
    reopened = action(
        ("2016-12-05", "complete"), ("2017-01-05", "in-progress"), ("2017-01-20", "complete")
    )
    verified_first_time = ("2016-12-13", "verified")
    # Complete and verified; then reopened: no assurance while it is not complete.
    assert state(reopened, "2016-12-31", verified_first_time).assurance == "evidenced"
    assert state(reopened, "2017-01-10", verified_first_time).assurance is None
    # Complete again from 20 January: the December verification no longer counts.
    assert state(reopened, "2017-01-31", verified_first_time).assurance == "unverified"
    again = ("2017-01-24", "verified")
    assert state(reopened, "2017-01-31", verified_first_time, again).assurance == "evidenced"


def test_the_deciding_review_is_the_last_judgement_from_completion_to_the_date() -> None:
    given = reviews(("2016-11-20", "verified"), ("2016-12-13", "embedded"), ("2017-02-07", "noted"))
    completed = dt.date(2016, 12, 5)
    assert deciding_review(given, completed, dt.date(2017, 1, 31)) is given[1]
    assert deciding_review(given, completed, dt.date(2016, 12, 12)) is None
    assert assurance_of(given, completed, dt.date(2017, 1, 31)) == "embedded"


# ------------------------------------------------------------------ green_requires


def test_by_default_green_means_complete() -> None:
    assert state(COMPLETE, "2017-01-31").rag == "green"
    assert state(COMPLETE, "2017-01-31", ("2016-12-13", "not-verified")).rag == "green"


def test_green_requires_evidenced_turns_an_unverified_complete_action_amber() -> None:
    """Past its due month (December 2016), complete and unverified: Amber, never Red."""
    unverified = state(COMPLETE, "2017-01-31", green_requires="evidenced")
    assert (unverified.rag, unverified.status, unverified.assurance) == (
        "amber",
        "complete",
        "unverified",
    )
    assert unverified.awaiting_assurance
    assert unverified.months_overdue == 0
    evidenced = state(
        COMPLETE, "2017-01-31", ("2016-12-13", "verified"), green_requires="evidenced"
    )
    assert (evidenced.rag, evidenced.awaiting_assurance) == ("green", False)


@pytest.mark.parametrize(
    ("green_requires", "outcome", "rag"),
    [
        ("evidenced", "verified", "green"),
        ("evidenced", "not-embedded", "green"),
        ("evidenced", "embedded", "green"),
        ("evidenced", "not-verified", "amber"),
        ("embedded", "verified", "amber"),
        ("embedded", "not-embedded", "amber"),
        ("embedded", "embedded", "green"),
        ("embedded", "not-verified", "amber"),
    ],
)
def test_green_requires_a_stage(green_requires: GreenRequires, outcome: str, rag: str) -> None:
    assert (
        state(COMPLETE, "2017-01-31", ("2016-12-13", outcome), green_requires=green_requires).rag
        == rag
    )


def test_green_requires_changes_nothing_for_actions_not_complete() -> None:
    overdue = action(("2016-11-01", "in-progress"))
    bars: tuple[GreenRequires, ...] = ("complete", "evidenced", "embedded")
    for bar in bars:
        assert state(overdue, "2017-01-31", green_requires=bar).rag == "red"


def test_meets_orders_the_stages() -> None:
    table = {
        (assurance, bar): meets(assurance, bar)
        for assurance in ("unverified", "evidenced", "embedded", "challenged")
        for bar in ("complete", "evidenced", "embedded")
    }
    assert [key for key, value in table.items() if value] == [
        ("unverified", "complete"),
        ("evidenced", "complete"),
        ("evidenced", "evidenced"),
        ("embedded", "complete"),
        ("embedded", "evidenced"),
        ("embedded", "embedded"),
        ("challenged", "complete"),
    ]


def test_counts_leave_out_actions_not_complete() -> None:
    values: list[Any] = ["unverified", None, "embedded", "unverified", None, "challenged"]
    assert counts(Counter(values).items()) == {
        "unverified": 2,
        "evidenced": 0,
        "embedded": 1,
        "challenged": 1,
    }


# ------------------------------------------------------------------ through plan.yaml

PRIORITY_7 = """\
priority: 7
title: Adoption
actions:
  - id: "7.1.1"
    action: Review adoption timeliness.
    lead: DCS
    due: 2016-09
    updates:
      - {date: 2016-09-20, status: complete, evidence: [review]}
  - id: "7.1.2"
    action: Update the panels' terms of reference.
    lead: DCS
    due: 2016-11
    updates:
      - {date: 2016-11-25, status: complete, evidence: [terms of reference]}
"""

VERIFIED_7_1_2 = """\
board: Improvement Team Board
date: 2016-12-13
priorities: [7]
reviews:
  - {action: "7.1.2", outcome: verified}
"""


def rags(write_plan: PlanWriter, header_extra: str) -> dict[str, str]:
    from conftest import PLAN_YAML

    directory = write_plan(
        {
            "plan.yaml": PLAN_YAML + header_extra,
            "07-adoption.yaml": PRIORITY_7,
            "meetings/2016-12-13.yaml": VERIFIED_7_1_2,
        }
    )
    loaded = load_plan(directory, TODAY)
    assert loaded.plan is not None, [problem.text() for problem in loaded.problems]
    return {s.id: s.rag for s in states(loaded.plan, dt.date(2017, 1, 31))}


def test_plan_yaml_green_requires_evidenced(write_plan: PlanWriter) -> None:
    assert rags(write_plan, "green_requires: evidenced\n") == {"7.1.1": "amber", "7.1.2": "green"}


def test_plan_yaml_green_requires_defaults_to_complete(write_plan: PlanWriter) -> None:
    assert rags(write_plan, "") == {"7.1.1": "green", "7.1.2": "green"}


def test_plan_yaml_green_requires_refuses_other_words(write_plan: PlanWriter) -> None:
    from conftest import PLAN_YAML

    directory = write_plan({"plan.yaml": PLAN_YAML + "green_requires: verified\n"})
    assert [problem.text() for problem in load_plan(directory, TODAY).problems] == [
        "plan/plan.yaml:10:17: error: 'green_requires' must be one of complete, evidenced, "
        "embedded, not 'verified'"
    ]
