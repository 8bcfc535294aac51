"""The figures of the monthly exception report (spec section 3), computed once for every format.

The reporting period runs from the plan's start month to month M; D is M's last day. Over the
actions not withdrawn as of D: *due* are those whose published due month is in the period,
*red* the due ones not complete as of D, *due later* those started by M but due after it (left
out of the analysis, as the published report leaves them out), *not started* those whose start
month is after M.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from csip import months
from csip.figures.rag import ActionState, states
from csip.model.domain import Plan, Priority
from csip.model.files import id_key


@dataclass(frozen=True, slots=True)
class PriorityFigures:
    priority: Priority
    due: int
    red: int

    @property
    def red_share(self) -> float:
        """Red as a share of due (0 when nothing was due)."""
        return self.red / self.due if self.due else 0.0


@dataclass(frozen=True)
class ExceptionFigures:
    month: str
    as_of: dt.date
    period_start: str
    due: int
    red: int
    due_later: int
    not_started: int
    withdrawn: int
    priorities: list[PriorityFigures]
    red_by_due_month: dict[str, int]
    red_actions: list[ActionState]
    """In ID order."""
    verified: int | None
    """Of the due actions that are complete, those whose evidence a board has verified (evidenced
    or embedded); None when the plan records no board meeting."""

    @property
    def red_share(self) -> float:
        return self.red / self.due if self.due else 0.0

    @property
    def slowest(self) -> list[PriorityFigures]:
        """The priorities with the highest share of due actions red (the two highest shares)."""
        return _leaders(self.priorities, lambda figures: figures.red_share)

    @property
    def most_red(self) -> list[PriorityFigures]:
        """The priorities with the most red actions (the two highest counts)."""
        return _leaders(self.priorities, lambda figures: float(figures.red))

    @property
    def oldest(self) -> list[ActionState]:
        """The red actions with the earliest due month."""
        if not self.red_actions:
            return []
        earliest = min(state.due for state in self.red_actions)
        return [state for state in self.red_actions if state.due == earliest]


def _leaders(
    priorities: list[PriorityFigures], measure: Callable[[PriorityFigures], float]
) -> list[PriorityFigures]:
    """Priorities whose measure is one of the two highest non-zero values, highest first."""
    values = sorted(
        {measure(figures) for figures in priorities if measure(figures) > 0}, reverse=True
    )
    top = set(values[:2])
    chosen = [figures for figures in priorities if measure(figures) in top]
    return sorted(chosen, key=lambda figures: (-measure(figures), figures.priority.number))


def exception_figures(plan: Plan, month: str) -> ExceptionFigures:
    """The exception report's figures for ``month`` (``YYYY-MM``)."""
    as_of = months.last_day(month)
    start = plan.starts
    due_by_priority: Counter[int] = Counter()
    red_by_priority: Counter[int] = Counter()
    red_by_due_month: Counter[str] = Counter()
    red_actions: list[ActionState] = []
    due_later = not_started = withdrawn = verified = 0
    for state in states(plan, as_of):
        if state.rag == "withdrawn":
            withdrawn += 1
        elif start <= state.due <= month:
            due_by_priority[state.priority] += 1
            if state.status != "complete":
                red_by_priority[state.priority] += 1
                red_by_due_month[state.due] += 1
                red_actions.append(state)
            elif state.assurance in ("evidenced", "embedded"):
                verified += 1
        elif state.start > month:
            not_started += 1
        elif state.due > month:
            due_later += 1
    priorities = [
        PriorityFigures(
            priority, due_by_priority[priority.number], red_by_priority[priority.number]
        )
        for priority in plan.priorities
    ]
    return ExceptionFigures(
        month=month,
        as_of=as_of,
        period_start=start,
        due=sum(due_by_priority.values()),
        red=len(red_actions),
        due_later=due_later,
        not_started=not_started,
        withdrawn=withdrawn,
        priorities=priorities,
        red_by_due_month=dict(sorted(red_by_due_month.items())),
        red_actions=sorted(red_actions, key=lambda state: id_key(state.id)),
        verified=verified if plan.meetings else None,
    )
