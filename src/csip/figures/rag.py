"""Where every action stands as of a date: status, completion, RAG, revised timeline, tallies.

Pure functions of the plan and a date D. Nothing here reads a file, prints or looks at the
clock: the caller passes D, so the same plan and date always give the same figures.

RAG as of D, first rule that applies (spec section 2): withdrawn leaves every tally; complete is
Green; a published ``due`` month that ended on or before D is Red; a ``start`` month that begins
after D is White; anything else is Amber. A revised due month is shown, never used for RAG.

A plan may ask more of Green (``green_requires`` in plan.yaml, spec section 7): then a complete
action is Green only once a board has assured it that far, and Amber ("awaiting assurance")
until then, whatever its due month. The default, ``complete``, leaves every figure as above.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from operator import attrgetter
from typing import NamedTuple, TypeVar

from csip import months
from csip.figures.assurance import assurance_of, meets
from csip.model.domain import MeetingReview, Plan, Priority, effective_start
from csip.model.files import Action, GreenRequires, Status, id_key
from csip.words import RAGS, Assurance, Rag

_Key = TypeVar("_Key", bound=Hashable)


_new_state = tuple.__new__
"""How ``_states`` makes an ``ActionState`` from its fields in order: what the named tuple's own
``__new__`` does, without a Python call for each of a snapshot's actions."""


class ActionState(NamedTuple):
    """One action as of a date.

    A named tuple, not a frozen dataclass: as immutable, and made three times as fast, which a
    snapshot of 100,000 actions notices (a frozen dataclass sets each field through
    ``object.__setattr__``).
    """

    action: Action
    id: str
    """The action's ID and its published due month, kept beside it because every figure asks
    for them, and a field is read faster than a property."""
    due: str
    priority: int
    start: str
    status: Status
    completed_on: dt.date | None
    rag: Rag
    revised_due: str | None
    note: str | None
    months_overdue: int
    last_update: dt.date | None
    is_due: bool
    """Its published due month has ended on or before the date (whatever its status)."""
    assurance: Assurance | None
    """How far a board has assured it; None unless it is complete."""
    replanned: bool
    """A revised due month other than the published one has been agreed by the date."""

    @property
    def awaiting_assurance(self) -> bool:
        """Complete, but Amber: not yet assured as far as the plan's Green requires."""
        return self.status == "complete" and self.rag == "amber"


def state_of(
    action: Action,
    plan_start: str,
    as_of: dt.date,
    reviews: Iterable[MeetingReview] = (),
    green_requires: GreenRequires = "complete",
) -> ActionState:
    """Where one action stands at the end of day ``as_of``.

    ``reviews`` are the action's board reviews in meeting order (``Plan.reviews_of``).
    """
    priority = id_key(action.id)[0]
    reviews_by_action = {action.id: tuple(reviews)}
    return _states([(priority, (action,))], plan_start, as_of, reviews_by_action, green_requires)[0]


def states(plan: Plan, as_of: dt.date) -> list[ActionState]:
    """Every action of the plan as of ``as_of``, in ID order."""
    actions = [(priority.number, priority.actions) for priority in plan.priorities]
    return _states(actions, plan.starts, as_of, plan.reviews_by_action, plan.green_requires)


def _states(
    priorities: Iterable[tuple[int, Iterable[Action]]],
    plan_start: str,
    as_of: dt.date,
    reviews: Mapping[str, tuple[MeetingReview, ...]],
    green_requires: GreenRequires,
) -> list[ActionState]:
    """The actions of each priority, given with its number, at the end of day ``as_of``.

    One loop for every action rather than a call for each: on a plan of 100,000 actions the
    calls took a fifth of the time. An action no board has reviewed has the assurance of no
    review, worked out once.
    """
    month = months.month_of(as_of)
    month_ends = as_of == months.last_day(month)
    unreviewed = assurance_of((), as_of, as_of)
    result: list[ActionState] = []
    add = result.append
    for priority, actions in priorities:
        for action in actions:
            status: Status = "not-started"
            completed_on: dt.date | None = None
            revised_due: str | None = None
            note: str | None = None
            last_update: dt.date | None = None
            for update in action.updates:
                if update.date > as_of:
                    break
                status = update.status
                last_update = update.date
                if status == "complete":
                    if completed_on is None:
                        completed_on = update.date
                else:
                    completed_on = None
                if update.due is not None:
                    revised_due = update.due
                if update.note is not None:
                    note = update.note
            start = effective_start(action.start, plan_start)
            assurance = None
            if completed_on is not None:
                reviewed = reviews.get(action.id)
                assurance = (
                    unreviewed if reviewed is None else assurance_of(reviewed, completed_on, as_of)
                )
            rag: Rag
            overdue = 0
            due = action.due
            is_due = due < month or (due == month and month_ends)  # its month has ended by the day
            if status == "withdrawn":
                rag = "withdrawn"
            elif assurance is not None:
                rag = "green" if meets(assurance, green_requires) else "amber"
            elif is_due:
                rag = "red"
                overdue = months.between(due, month)
            elif start > month:  # it starts in a month that begins after the day
                rag = "white"
            else:
                rag = "amber"
            add(
                _new_state(
                    ActionState,
                    (
                        action,
                        action.id,
                        due,
                        priority,
                        start,
                        status,
                        completed_on,
                        rag,
                        revised_due,
                        note,
                        overdue,
                        last_update,
                        is_due,
                        assurance,
                        revised_due is not None and revised_due != due,
                    ),
                )
            )
    return result


@dataclass(slots=True)
class RagCounts:
    """How many actions are at each RAG rating, and how many of those due are done."""

    green: int = 0
    amber: int = 0
    red: int = 0
    white: int = 0
    withdrawn: int = 0
    due: int = 0
    """Not withdrawn, and the published due month has ended by the date."""
    done: int = 0
    """Due, and complete."""

    def add(self, rag: Rag, is_due: bool, number: int = 1) -> None:
        """Add ``number`` actions at one RAG rating, due by the date or not (a withdrawn action
        is never counted as due, nor as done)."""
        setattr(self, rag, getattr(self, rag) + number)
        if is_due and rag != "withdrawn":
            self.due += number
            if rag == "green":
                self.done += number

    def count(self, state: ActionState) -> None:
        """Add one action."""
        self.add(state.rag, state.is_due)

    @property
    def active(self) -> int:
        """Every action still in the plan (withdrawn ones leave every tally)."""
        return self.green + self.amber + self.red + self.white

    def as_dict(self) -> dict[Rag, int]:
        """The five RAG counts, as the JSON outputs give them."""
        return {rag: getattr(self, rag) for rag in RAGS}


def tally(
    items: Iterable[ActionState], keys: Callable[[ActionState], Iterable[_Key]]
) -> dict[_Key, RagCounts]:
    """RAG counts grouped by key; an action with several keys (two leads) counts under each.

    A key given twice for one action (``lead: [DCS, DCS]``) counts the action once.
    """
    result: dict[_Key, RagCounts] = {}
    for state in items:
        for key in dict.fromkeys(keys(state)):
            counts = result.get(key)
            if counts is None:
                counts = result[key] = RagCounts()
            counts.count(state)
    return result


def total(items: Iterable[ActionState]) -> RagCounts:
    counts = RagCounts()
    for state in items:
        counts.count(state)
    return counts


@dataclass(frozen=True, slots=True)
class PriorityCounts:
    priority: Priority
    counts: RagCounts = field(default_factory=RagCounts)


def by_priority(plan: Plan, items: Iterable[ActionState]) -> list[PriorityCounts]:
    """Counts for every priority, in priority order, zeros included."""
    grouped = tally(items, lambda state: (state.priority,))
    return [
        PriorityCounts(priority, grouped.get(priority.number, RagCounts()))
        for priority in plan.priorities
    ]


def by_lead(items: Iterable[ActionState]) -> dict[str, RagCounts]:
    return dict(sorted(tally(items, lambda state: state.action.lead).items()))


def by_agency(items: Iterable[ActionState]) -> dict[str, RagCounts]:
    return dict(sorted(tally(items, lambda state: state.action.agencies).items()))


def by_due_month(items: Iterable[ActionState]) -> dict[str, RagCounts]:
    return dict(sorted(tally(items, lambda state: (state.due,)).items()))


def overdue(items: Iterable[ActionState]) -> list[ActionState]:
    """The Red actions of ``items`` (in ID order), oldest due first, then by ID: a stable sort
    by due month keeps the ID order, with no need to compare IDs."""
    red = [state for state in items if state.rag == "red"]
    return sorted(red, key=attrgetter("due"))
