"""The reports' prose reads right for every plan and month: one, none, all and both; no count
said twice; the recent months only when they hold most Red actions; long lists summarised.

The rules are pinned one by one on small plans, then a property test writes the analysis for
every month of the reference plan and of seeded random plans and looks for the slips.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO

from csip import months
from csip.figures.snapshot import Snapshots
from csip.model.domain import Plan, Priority
from csip.model.files import Action, PlanFile
from csip.model.validators import parse
from csip.plan_folder import load_plan
from csip.reports.common import NAMES_INLINE, priorities_phrase
from csip.reports.exception import exception_context
from csip.reports.progress import progress_context

MADE = dt.datetime(2026, 11, 25, tzinfo=dt.UTC)
STARTS = "2016-05"


def make_plan(
    priorities: dict[int, list[dict[str, Any]]], titles: dict[int, str] | None = None
) -> Plan:
    """A valid plan built in memory: priority number -> its actions, as the YAML would give."""
    header = parse(
        PlanFile, {"title": "T", "organisation": "O", "starts": STARTS, "roles": {"DCS": None}}
    )
    built = []
    for number, actions in sorted(priorities.items()):
        models = tuple(
            parse(Action, {"lead": "DCS", "action": "Do it.", **action}) for action in actions
        )
        title = (titles or {}).get(number, f"Title {number}")
        built.append(Priority(number, title, title, f"{number:02d}.yaml", models))
    by_id = {action.id: action for priority in built for action in priority.actions}
    return Plan("plan", header, tuple(built), None, by_id)


def red(action_id: str, due: str, **more: Any) -> dict[str, Any]:
    """An action due in ``due`` and still in progress: Red once its month has ended."""
    return {
        "id": action_id,
        "due": due,
        "updates": [{"date": f"{due}-01", "status": "in-progress"}],
        **more,
    }


def done(action_id: str, due: str) -> dict[str, Any]:
    return {"id": action_id, "due": due, "updates": [{"date": f"{due}-01", "status": "complete"}]}


def exception_prose(plan: Plan, month: str) -> dict[str, Any]:
    return exception_context(plan, Snapshots(plan).month_end(month).period, MADE)


def exception_sentences(plan: Plan, month: str) -> list[str]:
    context = exception_prose(plan, month)
    texts = [
        *context["analysis"],
        context["slowest"],
        context["most_red"],
        context["by_month_text"],
        context["oldest_text"],
    ]
    return [sentence for text in texts for sentence in split_sentences(text)]


def progress_sentences(plan: Plan, month: str) -> list[str]:
    snapshots = Snapshots(plan)
    before = snapshots.month_end(months.shift(month, -1))
    context = progress_context(plan, before, snapshots.month_end(month), MADE)
    texts = [*context["summary"], context["changes_text"]]
    return [sentence for text in texts for sentence in split_sentences(text)]


def split_sentences(text: str) -> list[str]:
    return [part for part in re.split(r"(?<=[.:;])\s+(?=[A-Z])", text) if part]


# ------------------------------------------------------------------ one, none, all, both


def test_one_action_due_and_red() -> None:
    plan = make_plan({1: [red("1.1", "2016-06")]})
    assert exception_prose(plan, "2016-07")["analysis"] == [
        "For the period May 2016 to July 2016 there has been 1 action that needed to be started "
        "or completed.",
        "The action due has not progressed within the published timescale.",
    ]
    assert exception_prose(plan, "2016-07")["slowest"] == (
        "The priority which has shown the slowest progress is Priority 1 \N{EN DASH} Title 1, "
        "where the one action due has not been completed within the published timescale."
    )
    assert exception_prose(plan, "2016-07")["most_red"] == (
        "It is the only priority with actions not completed within the published timescale."
    )
    assert exception_prose(plan, "2016-07")["by_month_text"] == (
        "The one action that has not been completed within the published timescale was due to "
        "be completed in June 2016."
    )
    assert exception_prose(plan, "2016-07")["oldest_text"] == ""


def test_nothing_due_in_the_first_month() -> None:
    plan = make_plan({1: [done("1.1", "2016-09")]})
    analysis = exception_prose(plan, "2016-05")["analysis"]
    assert analysis[0] == "For May 2016 no action needed to be started or completed."
    assert exception_prose(plan, "2016-05")["between"] == "in May 2016"
    summary = " ".join(progress_sentences(plan, "2016-05"))
    assert "For May 2016 no action needed to be started or completed." in summary
    assert "0 actions" not in summary and "All 0" not in summary
    assert "During May 2016, no action became Red, was completed or was re-planned" in summary


def test_both_actions_complete_and_both_red() -> None:
    plan = make_plan({1: [done("1.1", "2016-06"), done("1.2", "2016-06")]})
    assert exception_prose(plan, "2016-06")["analysis"][-1] == (
        "Both actions due in the period have been completed within their published timescales."
    )
    assert progress_sentences(plan, "2016-06")[1] == (
        "Both actions due in the period had been completed within the published timescale: "
        "neither was RAG rated Red."
    )
    plan = make_plan({1: [red("1.1", "2016-06"), red("1.2", "2016-07")]})
    context = exception_prose(plan, "2016-07")
    assert (
        context["analysis"][-1]
        == "Neither action due has progressed within the published timescale."
    )
    assert "neither of the 2 actions due has been completed" in context["slowest"]
    assert context["by_month_text"] == (
        "Both actions that have not been completed within the published timescale were due to "
        "be completed in June 2016 (1 action) or July 2016 (1 action)."
    )


def test_all_red_in_one_month_is_said_once() -> None:
    plan = make_plan({1: [red("1.1", "2016-09"), red("1.2", "2016-09"), red("1.3", "2016-09")]})
    context = exception_prose(plan, "2016-12")
    assert context["analysis"][-1] == (
        "None of the actions due has progressed within the published timescale."
    )
    assert context["by_month_text"] == (
        "All 3 actions that have not been completed within the published timescale were due to "
        "be completed in September 2016 (Priority 1 \N{EN DASH} Title 1)."
    )
    assert context["oldest_text"] == ""


# ------------------------------------------------------------------ counts said once


def test_the_majority_is_not_counted_twice() -> None:
    plan = make_plan({1: [red("1.1", "2016-09"), red("1.2", "2016-12"), red("1.3", "2016-12")]})
    assert exception_prose(plan, "2016-12")["by_month_text"] == (
        "Of the 3 actions that have not been completed within the published timescale, the "
        "majority, 2 (67%), were due to be completed in December 2016. The other was due in "
        "September 2016 (Priority 1 \N{EN DASH} Title 1)."
    )


def test_recent_months_only_when_they_hold_most_red_actions() -> None:
    plan = make_plan(
        {
            1: [
                red("1.1", "2016-06"),
                red("1.2", "2016-07"),
                red("1.3", "2016-10"),
                red("1.4", "2016-10"),
            ]
        }
    )
    text = exception_prose(plan, "2016-10")["by_month_text"]
    assert "majority" not in text
    assert text == (
        "Of the 4 actions that have not been completed within the published timescale, 2 were "
        "due to be completed in October 2016 (Priority 1 \N{EN DASH} Title 1), 1 in July 2016 "
        "(Priority 1 \N{EN DASH} Title 1) and 1 in June 2016 (Priority 1 \N{EN DASH} Title 1)."
    )
    third = progress_sentences(plan, "2016-10")
    assert (
        "The outstanding actions were due to be completed between June 2016 and October 2016."
        in third
    )


def test_no_recent_red_actions_is_not_there_are() -> None:
    plan = make_plan({1: [red("1.1", "2016-06"), red("1.2", "2016-07")]})
    text = exception_prose(plan, "2016-12")["by_month_text"]
    assert "there are" not in text
    assert text.startswith("Of the 2 actions that have not been completed within the published")


def test_one_outstanding_action_each() -> None:
    plan = make_plan(
        {1: [red("1.1", "2016-06")], 2: [red("2.1", "2016-06")], 3: [done("3.1", "2016-06")]}
    )
    assert exception_prose(plan, "2016-07")["most_red"] == (
        "Priority 1 \N{EN DASH} Title 1 and Priority 2 \N{EN DASH} Title 2 have one outstanding "
        "action each."
    )
    assert "No priority had more than one outstanding action." in progress_sentences(
        plan, "2016-07"
    )


# ------------------------------------------------------------------ long lists summarised


def test_every_priority_sharing_a_rate_is_summarised() -> None:
    plan = make_plan({number: [red(f"{number}.1", "2016-06")] for number in range(1, 11)})
    context = exception_prose(plan, "2016-07")
    assert context["slowest"] == (
        "No priority has completed any of its actions due within the published timescale."
    )
    assert context["most_red"] == "All ten priorities have one outstanding action each."
    plan = make_plan(
        {
            number: [red(f"{number}.1", "2016-06"), done(f"{number}.2", "2016-06")]
            for number in range(1, 11)
        }
    )
    assert exception_prose(plan, "2016-07")["slowest"] == (
        "Progress has been even: in all ten priorities, 50% of the actions due have not been "
        "completed within the published timescale."
    )


def test_priorities_phrase() -> None:
    scope = [Priority(number, f"T{number}", f"T{number}", "", ()) for number in range(1, 9)]
    label = "Priority {} \N{EN DASH} T{}".format
    assert priorities_phrase(scope[:1], scope) == label(1, 1)
    assert priorities_phrase(scope[:3], scope) == f"{label(1, 1)}, {label(2, 2)} and {label(3, 3)}"
    assert priorities_phrase(scope, scope) == "all eight priorities"
    assert priorities_phrase(scope[:2], scope[:2]) == "both priorities"
    assert priorities_phrase(scope[:7], scope) == f"every priority except {label(8, 8)}"
    assert priorities_phrase(scope[:4], scope) == "Priorities 1, 2, 3 and 4"


# ------------------------------------------------------------------ the property test


SLIPS = {
    "a plural after one": re.compile(r"\b1 (actions|months|priorities)\b"),
    "zero as a count": re.compile(r"\b(0 actions?|All 0|total of 0|total of 1\b)"),
    "there are one": re.compile(r"\b[Tt]here (are|were) 1\b|\b[Tt]here (is|was) (?!1\b)\d"),
    "of the whole, there are": re.compile(r"^Of the \d+ .*, there (is|are)\b"),
    "all as a share": re.compile(r"\b(\d+) of \1\b"),
    "a count that opens a sentence as a digit one": re.compile(r"^1 "),
    "an additional one": re.compile(r"\b(additional|further) 1\b"),
    "a period of one month named twice": re.compile(r"\b(\w+ \d{4}) (to|and) (the end of )?\1\b"),
}
COUNTS = re.compile(r"(?:Of the|All|total of|,) (\d+)\b")


def slips(sentence: str, labels: list[str]) -> list[str]:
    found = [name for name, pattern in SLIPS.items() if pattern.search(sentence)]
    counted = re.sub(r"Priorit(?:y|ies) \d+(?:(?:, | and )\d+)*", "", sentence)
    said = set(COUNTS.findall(counted))
    for number in re.findall(r"\((\d+) actions?(?: each)?\)", counted):
        if number in said:
            found.append(f"count {number} said twice")
    marked = sentence
    for label in sorted(labels, key=len, reverse=True):
        marked = marked.replace(label, "\N{SECTION SIGN}")
    for run in re.findall(r"\N{SECTION SIGN}(?:(?:, | and )\N{SECTION SIGN})*", marked):
        if run.count("\N{SECTION SIGN}") > NAMES_INLINE:
            found.append(f"{run.count(chr(167))} priorities named in one list")
    return found


def all_slips(plan: Plan, last: str) -> Iterator[str]:
    labels = [priority.label for priority in plan.priorities]
    for month in months.span(plan.starts, last):
        for report, sentences in (
            ("exception", exception_sentences(plan, month)),
            ("progress", progress_sentences(plan, month)),
        ):
            for sentence in sentences:
                for slip in slips(sentence, labels):
                    yield f"{report} {month}: {slip}: {sentence}"


def test_the_slip_finder_finds_the_slips_of_issue_14() -> None:
    labels = ["Priority 1 \N{EN DASH} A", "Priority 2 \N{EN DASH} B"]
    for sentence in (
        "Of the 36 actions that have not been completed, 18 of 36 (50%), were due to be "
        "completed in March 2017 (18 actions).",
        "Of the 38 actions, there are 2 actions in April 2017.",
        "There are 1 action.",
        "The majority, 2 of 2 (100%).",
        "For the period May 2016 to the end of May 2016 there was a total of 0 actions.",
        "All 0 actions due in the period had been completed.",
        "1 action has been withdrawn.",
    ):
        assert slips(sentence, labels), sentence
    many = ", ".join(f"Priority {n} \N{EN DASH} X{n}" for n in range(1, 5))
    assert slips(
        f"Due in March 2017 ({many}).", [f"Priority {n} \N{EN DASH} X{n}" for n in range(1, 5)]
    )


def test_no_slips_in_any_month_of_the_reference_plan(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    plan = load_plan(Path("plan"), dt.date(2026, 11, 25)).plan
    assert plan is not None
    assert list(all_slips(plan, "2017-12")) == []


def random_plan(seed: int) -> Plan:
    """A plan of random shape: few or many priorities, actions and due months, any status."""
    chooser = random.Random(seed)
    span = list(months.span(STARTS, "2017-06"))
    priorities: dict[int, list[dict[str, Any]]] = {}
    for number in range(1, chooser.randint(1, 11) + 1):
        actions = []
        for index in range(chooser.choice([0, 1, 1, 2, 3, 5])):
            due_at = chooser.randrange(len(span))
            due = span[due_at]
            start = span[chooser.randint(0, due_at)]
            updates = []
            status = chooser.choice(["complete", "in-progress", "not-started", "withdrawn", None])
            if status is not None:
                when = months.first_day(span[chooser.randint(0, len(span) - 1)])
                update: dict[str, Any] = {"date": when.isoformat(), "status": status}
                if chooser.random() < 0.2:
                    update["due"] = span[min(due_at + 2, len(span) - 1)]
                updates.append(update)
            actions.append(
                {"id": f"{number}.{index + 1}", "start": start, "due": due, "updates": updates}
            )
        priorities[number] = actions
    return make_plan(priorities)


@pytest.mark.parametrize("seed", range(40))
def test_no_slips_in_any_month_of_a_random_plan(seed: int) -> None:
    assert list(all_slips(random_plan(seed), "2017-08")) == []
