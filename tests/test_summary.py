"""A priority file's summary lets the cross-file checks pass over files that cannot hold what
they find, and lists what some of them find. It must never make a check miss anything: with
it, every check finds exactly what it finds when it visits every action."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import replace

import pytest
from conftest import REFERENCE_PLAN, TODAY

from csip.checks import CHECKS
from csip.model.files import Action, Update
from csip.model.parts import ActionsSummary, Parts, PriorityPart
from csip.plan_folder import load_plan


def _visiting_every_action(summary: ActionsSummary) -> ActionsSummary:
    """The summary made to say that the file may hold everything, so that every check that asks
    it whether to visit the file's actions visits them all; what it lists is kept."""
    return summary._replace(
        leads=frozenset({"\0undeclared"}),
        agencies=frozenset({"\0undeclared"}),
        recommendations=frozenset({"\0unlisted"}),
        earliest_due="",
        latest_due="9999-12",
        starts_after_due=True,
        latest_update="9999-12-31",
        updates_in_order=False,
    )


def test_the_summary_of_a_file_says_what_its_actions_hold() -> None:
    actions = [
        Action(
            "7.1.1",
            "Write the protocol",
            ["DCS"],
            "2017-03",
            ["POLICE"],
            updates=[
                Update(dt.date(2016, 12, 1), "in-progress"),
                Update(dt.date(2016, 11, 1), "complete"),
            ],
            recommendations=["4"],
        ),
        Action("7.1.2", "Train the staff", ["HOS C&R", "DCS"], "2017-01", start="2017-02"),
    ]
    assert ActionsSummary.of(list(enumerate(actions))) == ActionsSummary(
        leads=frozenset({"DCS", "HOS C&R"}),
        agencies=frozenset({"POLICE"}),
        recommendations=frozenset({"4"}),
        answered=frozenset({"4"}),
        withdrawn_answers=(),
        earliest_due="2017-01",
        latest_due="2017-03",
        starts_after_due=True,
        latest_update="2016-12-01",
        updates_in_order=False,
        without_evidence=((0, 1, "7.1.1", "2016-11-01"),),
        unupdated=((1, "7.1.2", "2017-02"),),
    )


def test_the_summary_lists_the_recommendations_of_withdrawn_actions_apart() -> None:
    withdrawn = Update(dt.date(2016, 9, 1), "withdrawn")
    actions = [
        Action("7.1.1", "Dropped", ["DCS"], "2017-03", recommendations=["4", "5"]),
        Action("7.1.2", "Dropped", ["DCS"], "2017-03", updates=[withdrawn], recommendations=["5"]),
    ]
    summary = ActionsSummary.of(list(enumerate(actions)))
    assert (summary.answered, summary.withdrawn_answers) == (
        frozenset({"4", "5"}),
        (("5", "7.1.2"),),
    )


def test_a_file_without_actions_has_nothing_for_a_check_to_visit() -> None:
    assert ActionsSummary.of([]) == ActionsSummary(
        frozenset(),
        frozenset(),
        frozenset(),
        frozenset(),
        (),
        None,
        None,
        False,
        None,
        True,
        (),
        (),
    )


def _random_action(chance: random.Random, number: int, index: int) -> Action:
    def month() -> str:
        return f"{chance.choice([2016, 2017])}-{chance.randint(1, 12):02d}"

    def day() -> dt.date:
        return dt.date(2016, 5, 1) + dt.timedelta(days=chance.randint(0, 600))

    # Mostly declared codes, so that some files hold no unknown code and some do.
    leads = ["DCS", "ADCSC", "HOS C&R"] * 8 + ["NHS", "dcs"]
    agencies = ["Health", "Police", "Schools"] * 8 + ["POLICE"]
    updates = [
        Update(
            day(),
            chance.choice(["not-started", "in-progress", "complete", "withdrawn"]),
            evidence=chance.choice([[], ["minutes"], ["minutes"]]),
        )
        for _ in range(chance.choice([0, 0, 1, 2, 3]))
    ]
    if chance.random() < 0.9:
        updates.sort(key=lambda update: update.date)
    return Action(
        f"{number}.1.{chance.choice([index + 1, index + 1, index + 1, 1])}",  # some taken twice
        "An action",
        chance.sample(leads, chance.randint(1, 2)),
        month(),
        chance.sample(agencies, chance.randint(0, 2)),
        start=chance.choice([None, None, None, month()]),
        updates=updates,
        recommendations=chance.sample(["1", "2", "3"] * 5 + ["99"], chance.randint(0, 2)),
    )


@pytest.mark.parametrize("seed", range(40))
def test_with_the_summary_every_check_finds_what_it_finds_visiting_every_action(
    seed: int,
) -> None:
    chance = random.Random(seed)
    reference = load_plan(REFERENCE_PLAN, TODAY).parts
    files: list[tuple[str, int, list[tuple[int, Action]]]] = []
    for number in range(1, chance.randint(3, 6)):
        actions = [_random_action(chance, number, index) for index in range(chance.randint(0, 4))]
        files.append((f"{number:02d}.yaml", number, list(enumerate(actions))))

    def parts_with(visit_every_action: bool) -> Parts:
        priority_files = []
        for path, number, actions in files:
            ids = [(i, a.id) for i, a in actions]
            part = PriorityPart(path, number, ids, len(actions), (actions, None), passed=True)
            if visit_every_action:
                part.summary = _visiting_every_action(part.summary)
            priority_files.append(part)
        return replace(reference, priority_files=priority_files)

    today = dt.date(2016, 6, 1) + dt.timedelta(days=chance.randint(0, 700))
    for check in CHECKS:
        summarised = list(check(parts_with(False), today))
        visited = list(check(parts_with(True), today))
        assert summarised == visited, check.__name__


@pytest.mark.parametrize("seed", range(40))
def test_what_the_summary_lists_is_what_the_actions_hold(seed: int) -> None:
    """The checks that find their candidates in the summary's lists, and visit no action."""
    chance = random.Random(seed)
    actions = list(enumerate(_random_action(chance, 3, index) for index in range(8)))
    summary = ActionsSummary.of(actions)
    assert summary.without_evidence == tuple(
        (index, number, action.id, update.date.isoformat())
        for index, action in actions
        for number, update in enumerate(action.updates)
        if update.status == "complete" and not update.evidence
    )
    assert summary.unupdated == tuple(
        (index, action.id, action.start) for index, action in actions if not action.updates
    )
    live = [
        action
        for _, action in actions
        if not action.updates or action.updates[-1].status != "withdrawn"
    ]
    assert summary.answered == {code for action in live for code in action.recommendations}
    assert summary.withdrawn_answers == tuple(
        (code, action.id)
        for _, action in actions
        if action not in live
        for code in action.recommendations
    )
