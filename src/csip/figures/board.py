"""The figures of the board pack (spec section 7): what a board meeting on D reviewing some
priorities needs to see, as of D. Pure functions of the plan and lists of action states.

``since`` is the date of the last meeting before D that reviewed any of these priorities; what
moved is measured from it (or, with none, from the last day before the plan's start month) to D.
The states of each date are computed once by the caller (``rag.states``) and passed in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import NamedTuple

from csip import months
from csip.figures.movement import Change, movement
from csip.figures.rag import ActionState
from csip.model.domain import Meeting, Plan, Priority
from csip.model.files import id_key
from csip.model.meetings import Task


class AgreedTask(NamedTuple):
    """A task a board agreed for an action, and where it stands as of the pack's date.

    A named tuple, as is the pack: immutable, and quick to define at start-up."""

    meeting: Meeting
    action: str
    task: Task
    open: bool
    """Not done by the date (the meeting was on or before it)."""
    overdue: bool
    """Open, and due before the date."""


class BoardPack(NamedTuple):
    """The pack for a meeting on ``date`` reviewing ``priorities``, as of that date."""

    date: dt.date
    priorities: tuple[Priority, ...]
    last: Meeting | None
    """The last meeting before the date that reviewed any of these priorities."""
    on_the_day: tuple[Meeting, ...]
    """Meetings on the date itself that reviewed any of these priorities: already recorded,
    so their reviews and tasks count as of the date."""
    changes_from: dt.date
    """``since``, or with none the last day before the plan's start month."""
    states: list[ActionState]
    """Every action of these priorities as of the date, in ID order."""
    to_verify: list[ActionState]
    """Complete, and the evidence unverified or challenged."""
    to_test: list[ActionState]
    """Complete with the evidence verified: awaiting the test of embedding."""
    red: list[ActionState]
    due_soon: list[ActionState]
    """Not complete nor withdrawn, not Red, and due in the date's month or the next."""
    tasks: list[AgreedTask]
    """Every task agreed for these priorities by the date, open or done: oldest meeting first."""
    changes: list[Change]

    @property
    def since(self) -> dt.date | None:
        return self.last.date if self.last is not None else None

    @property
    def open_tasks(self) -> list[AgreedTask]:
        """The tasks open as of the date, oldest meeting first, then as written."""
        return [task for task in self.tasks if task.open]


def last_meeting(plan: Plan, priorities: Sequence[int], before: dt.date) -> Meeting | None:
    """The last meeting dated before ``before`` that reviewed any of ``priorities``."""
    found = None
    for meeting in plan.meetings:
        if meeting.date >= before:
            break
        if any(number in priorities for number in meeting.priorities):
            found = meeting
    return found


def changes_from(plan: Plan, priorities: Sequence[int], day: dt.date) -> dt.date:
    """The date the pack's changes are measured from: the last meeting of these priorities
    before ``day``, or the last day before the plan's start month."""
    meeting = last_meeting(plan, priorities, day)
    if meeting is not None:
        return meeting.date
    return months.first_day(plan.starts) - dt.timedelta(days=1)


def agreed_tasks(plan: Plan, priorities: Sequence[int], as_of: dt.date) -> list[AgreedTask]:
    """Every task agreed by ``as_of`` on actions of ``priorities``: oldest meeting first, then
    in the order written."""
    tasks = []
    for meeting in plan.meetings:
        if meeting.date > as_of:
            break
        for review in meeting.reviews:
            if id_key(review.action)[0] not in priorities:
                continue
            for task in review.tasks:
                is_open = task.done is None or task.done > as_of
                tasks.append(
                    AgreedTask(meeting, review.action, task, is_open, is_open and task.due < as_of)
                )
    return tasks


def board_pack(
    plan: Plan,
    priorities: Sequence[int],
    day: dt.date,
    now: Sequence[ActionState],
    before: Sequence[ActionState],
) -> BoardPack:
    """The board pack for a meeting on ``day`` reviewing ``priorities``.

    ``now`` are the plan's action states as of ``day`` and ``before`` as of
    ``changes_from(plan, priorities, day)``, both as ``rag.states`` gives them.
    """
    chosen = tuple(sorted(set(priorities)))
    current = [state for state in now if state.priority in chosen]
    earlier = [state for state in before if state.priority in chosen]
    soon = (months.month_of(day), months.shift(months.month_of(day), 1))
    return BoardPack(
        date=day,
        priorities=tuple(p for p in plan.priorities if p.number in chosen),
        last=last_meeting(plan, chosen, day),
        on_the_day=tuple(
            meeting
            for meeting in plan.meetings
            if meeting.date == day and any(number in chosen for number in meeting.priorities)
        ),
        changes_from=changes_from(plan, chosen, day),
        states=current,
        to_verify=[s for s in current if s.assurance in ("unverified", "challenged")],
        to_test=[s for s in current if s.assurance == "evidenced"],
        red=[s for s in current if s.rag == "red"],
        due_soon=[
            s
            for s in current
            if s.status not in ("complete", "withdrawn") and s.rag != "red" and s.due in soon
        ],
        tasks=agreed_tasks(plan, chosen, day),
        changes=movement(earlier, current),
    )


def evidence_offered(state: ActionState, as_of: dt.date) -> list[str]:
    """The evidence given with the updates of the action's current completion, up to ``as_of``."""
    if state.completed_on is None:
        return []
    return [
        item
        for update in state.action.updates
        if state.completed_on <= update.date <= as_of
        for item in update.evidence
    ]
