"""What ``csip status``, ``csip actions`` and ``csip show`` present, computed once for every format.

Each view is a plain value built from the plan and a date D by the pure functions of ``rag``:
the CLI lays it out as a table, CSV or JSON and computes nothing itself. Filters narrow the
actions first; every figure is then over the actions that remain.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any, NamedTuple

from csip import months
from csip.figures.rag import ActionState, PriorityCounts, RagCounts
from csip.figures.snapshot import Snapshot
from csip.model.domain import MeetingReview, Plan, Priority
from csip.model.files import GreenRequires, Update
from csip.model.messages import did_you_mean, shown
from csip.model.rules import ID_PART_DIGITS
from csip.words import Assurance, Rag, percent, rag_word


class Filters(NamedTuple):
    """Which actions a view covers; an empty filter keeps every action.

    A named tuple, as is every view here: immutable, and quick to define at start-up."""

    priorities: tuple[int, ...] = ()
    lead: str | None = None
    agency: str | None = None
    rag: Rag | None = None
    due_by: str | None = None
    """A month: only actions whose published due month is this one or earlier."""
    assurance: Assurance | None = None
    """Only complete actions a board has assured this far."""

    def keeps(self, state: ActionState) -> bool:
        action = state.action
        return (
            (not self.priorities or state.priority in self.priorities)
            and (self.lead is None or self.lead in action.lead)
            and (self.agency is None or self.agency in action.agencies)
            and (self.rag is None or state.rag == self.rag)
            and (self.due_by is None or action.due <= self.due_by)
            and (self.assurance is None or state.assurance == self.assurance)
        )

    def describe(self) -> str:
        """The filters in words ("priorities 5 and 6; lead DCS"), or nothing when there are none."""
        words = []
        if self.priorities:
            numbers = [str(number) for number in self.priorities]
            listed = ", ".join(numbers[:-1]) + " and " + numbers[-1] if len(numbers) > 1 else ""
            words.append(f"priorities {listed}" if listed else f"priority {numbers[0]}")
        if self.lead is not None:
            words.append(f"lead {self.lead}")
        if self.agency is not None:
            words.append(f"agency {self.agency}")
        if self.rag is not None:
            words.append(f"RAG {rag_word(self.rag)}")
        if self.due_by is not None:
            words.append(f"due by {months.label(self.due_by)}")
        if self.assurance is not None:
            words.append(f"assurance {self.assurance}")
        return "; ".join(words)


NO_FILTERS = Filters()
"""Every action: the view a command gives when no option narrows it."""


def nearest(word: str, choices: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` for the nearest choice, or nothing; "dcs" finds "DCS"."""
    by_folded = {choice.casefold(): choice for choice in choices}
    same = by_folded.get(word.casefold())
    if same is not None:
        return f" (did you mean '{same}'?)"
    return did_you_mean(word, by_folded.values())


def filter_problem(plan: Plan, filters: Filters) -> str | None:
    """Why the lead or agency filter cannot apply to this plan (a code it lacks), or None."""
    codes = (
        ("lead", filters.lead, plan.header.roles, "roles"),
        ("agency", filters.agency, plan.header.agencies, "agencies"),
    )
    for what, code, declared, section in codes:
        if code is not None and code not in declared:
            return (
                f"unknown {what} '{code}': plan.yaml does not declare it under {section}"
                f"{nearest(code, declared)}"
            )
    return None


def unknown_action(plan: Plan, action_id: str) -> str:
    """The message for an action ID the plan does not have, with the nearest one it has.

    Nearest means sharing the most leading parts, then closest in the first part that differs:
    for 6.1.9, 6.1.8 before 6.2.9. An ID that shares not even its priority gets no suggestion,
    so only the actions of that priority are compared.
    """
    message = f"the plan has no action '{shown(action_id)}'"
    parts = action_id.split(".")
    priority = next((p for p in plan.priorities if str(p.number) == parts[0]), None)
    if priority is None:
        return message

    def closeness(candidate: str) -> tuple[int, int]:
        other = candidate.split(".")
        shared = 0
        while shared < min(len(parts), len(other)) and parts[shared] == other[shared]:
            shared += 1
        if shared < min(len(parts), len(other)) and _a_part(parts[shared]):
            return shared, -abs(int(parts[shared]) - int(other[shared]))
        return shared, -(10**9)

    best = max((action.id for action in priority.actions), key=closeness, default=None)
    if best is None:
        return message
    return f"{message} (did you mean '{best}'?)"


def _a_part(text: str) -> bool:
    """Whether text typed as one part of an ID can be read as its number (never a long one)."""
    return text.isascii() and text.isdigit() and len(text) <= ID_PART_DIGITS


def selected(snapshot: Snapshot, filters: Filters) -> Snapshot:
    """The snapshot narrowed to the actions the filters keep, in ID order: without filters, the
    snapshot itself, whose figures other outputs share."""
    return snapshot if filters == NO_FILTERS else snapshot.where(filters.keeps)


class StatusView(NamedTuple):
    """``csip status``: RAG counts by priority and in total, and the overdue actions."""

    title: str
    organisation: str
    as_of: dt.date
    filters: Filters
    rows: list[PriorityCounts]
    """Every priority in order, zeros included; only the chosen ones under --priority."""
    totals: RagCounts
    overdue: list[ActionState]
    """The Red actions, oldest due first, then by ID."""
    replanned: int
    """Actions not withdrawn that have a revised due month agreed by the date."""
    done: str
    """The share of the actions due by the date that are complete."""
    row_done: list[str]
    """The same share for each row."""
    assurance: dict[Assurance, int]
    """How far a board has assured the complete actions."""
    assurance_by_priority: dict[int, dict[Assurance, int]]
    """The same, for each priority of ``rows``."""
    has_meetings: bool
    """The plan records board meetings (without them, assurance is not worth a line)."""
    green_requires: GreenRequires
    awaiting_assurance: int
    """Complete actions counted Amber until a board assures them as far as Green requires."""


def status_view(snapshot: Snapshot, filters: Filters = NO_FILTERS) -> StatusView:
    items = selected(snapshot, filters)
    return StatusView(
        title=snapshot.plan.title,
        organisation=snapshot.plan.header.organisation,
        as_of=snapshot.as_of,
        filters=filters,
        rows=items.by_priority,
        totals=items.totals,
        overdue=items.overdue,
        replanned=items.replanned,
        done=percent(items.totals.done, items.totals.due),
        row_done=[percent(row.counts.done, row.counts.due) for row in items.by_priority],
        assurance=items.assurance,
        assurance_by_priority=items.assurance_by_priority,
        has_meetings=bool(snapshot.plan.meetings),
        green_requires=snapshot.plan.green_requires,
        awaiting_assurance=items.awaiting_assurance,
    )


def status_json(view: StatusView) -> dict[str, Any]:
    """The status figures as spec section 4 gives them, with the filters applied."""
    return {
        "as_of": view.as_of.isoformat(),
        "filters": {
            "priorities": list(view.filters.priorities),
            "lead": view.filters.lead,
            "agency": view.filters.agency,
        },
        "rag": view.totals.as_dict(),
        "assurance": view.assurance,
        "priorities": [
            {
                "priority": row.priority.number,
                "title": row.priority.title,
                **row.counts.as_dict(),
                "assurance": view.assurance_by_priority[row.priority.number],
            }
            for row in view.rows
        ],
        "overdue": [
            {
                "id": state.id,
                "priority": state.priority,
                "due": state.due,
                "revised_due": state.revised_due,
                "months_overdue": state.months_overdue,
                "lead": list(state.action.lead),
            }
            for state in view.overdue
        ],
    }


def timescale(state: ActionState) -> str:
    """``Dec 16 - Mar 17``: from the action's start month to its published due month."""
    return months.range_label(state.start, state.due)


ACTION_FIELDS = (
    "id", "priority", "start", "due", "timescale", "revised_due", "rag", "status",
    "completed_on", "assurance", "months_overdue", "lead", "agencies", "action", "note",
)  # fmt: skip
"""The fields of ``action_record``, in order: the CSV header."""


def action_record(state: ActionState) -> dict[str, Any]:
    """One action as ``csip actions`` gives it in JSON and CSV: every field, text in full."""
    return {
        "id": state.id,
        "priority": state.priority,
        "start": state.start,
        "due": state.due,
        "timescale": timescale(state),
        "revised_due": state.revised_due,
        "rag": state.rag,
        "status": state.status,
        "completed_on": state.completed_on.isoformat() if state.completed_on else None,
        "assurance": state.assurance,
        "months_overdue": state.months_overdue,
        "lead": list(state.action.lead),
        "agencies": list(state.action.agencies),
        "action": state.action.action,
        "note": state.note,
    }


class LogEntry(NamedTuple):
    update: Update
    after_as_of: bool
    """Dated after the as-at date: shown, but not counted in the action's status."""


class ReviewEntry(NamedTuple):
    review: MeetingReview
    after_as_of: bool
    """At a meeting after the as-at date: shown, but not counted in the action's assurance."""


class ActionView(NamedTuple):
    """``csip show``: one action as of a date, with its whole progress log."""

    state: ActionState
    priority: Priority
    as_of: dt.date
    lead: list[tuple[str, str]]
    """Each lead code with what it stands for in plan.yaml."""
    agencies: list[tuple[str, str | None]]
    log: list[LogEntry]
    """Every update, oldest first, each marked if it is dated after the as-at date."""
    reviews: list[ReviewEntry]
    """Every board review of the action, in meeting order, each marked if after the date."""


def action_view(snapshot: Snapshot, action_id: str) -> ActionView | None:
    """The action with this ID as of the snapshot's date, or None when the plan has none."""
    plan, as_of = snapshot.plan, snapshot.as_of
    state = snapshot.by_id.get(action_id)
    if state is None:
        return None
    action = state.action
    reviews = plan.reviews_of(action_id)
    priority = next(p for p in plan.priorities if p.number == state.priority)
    roles, agencies = plan.header.roles, plan.header.agencies
    return ActionView(
        state=state,
        priority=priority,
        as_of=as_of,
        lead=[(code, roles.get(code) or "") for code in action.lead],
        agencies=[(code, agencies.get(code)) for code in action.agencies],
        log=[LogEntry(update, update.date > as_of) for update in action.updates],
        reviews=[ReviewEntry(review, review.date > as_of) for review in reviews],
    )
