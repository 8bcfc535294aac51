"""The figures of a report for any run of months M1..M2 (spec section 9), and financial quarters.

D is the last day of M2 and D0 the last day before M1. Over the actions not withdrawn as of D:

- *completed*: their completion date as of D falls within the period;
- *missed*: their published due month is within the period and they were not complete on the
  last day of that month (so an action finished late is both missed and completed);
- *red at end*: Red as of D; *recovered*: Red as of D0 and Green as of D;
- *re-planned*: an update dated within the period gives a ``due`` other than the published one;
- *pace*: for every month from the plan's start to M2, the actions due (published) that month
  and those whose completion date as of D falls in it, with running totals.

Pure functions of states already computed. "Missed" needs every action's state at the end of
each month of the period, so the caller computes one list of states per month end
(``month_end_states``), once, and every function here reads from that mapping: the figures of
the period before and the forward look come from the same lists.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import NamedTuple

from csip import months
from csip.figures.rag import ActionState, RagCounts, total
from csip.figures.snapshot import Snapshots
from csip.model.domain import Plan, Priority

MonthEnds = Mapping[str, Sequence[ActionState]]
"""Every action's state at the end of each month, by month (``YYYY-MM``), each in ID order."""

QUARTER_NAMES = ("One", "Two", "Three", "Four")


def month_end_states(snapshots: Snapshots, first: str, last: str) -> dict[str, list[ActionState]]:
    """Every action's state at the last day of each month from ``first`` to ``last``."""
    return {month: list(snapshots.month_end(month).states) for month in months.span(first, last)}


def length(first: str, last: str) -> int:
    """How many months the period ``first``..``last`` has, both included."""
    return months.between(first, last) + 1


def day_before(month: str) -> dt.date:
    """D0: the last day before ``month`` begins."""
    return months.first_day(month) - dt.timedelta(days=1)


class PaceMonth(NamedTuple):
    """One month of the plan's pace: due (published) and completed, and the running totals.

    A named tuple, as is every figure here: immutable, and quick to define at start-up."""

    month: str
    due: int
    completed: int
    cumulative_due: int
    cumulative_completed: int


class MonitoringPeriod(NamedTuple):
    """What happened in the months ``first``..``last``; every list in ID order."""

    first: str
    last: str
    as_of: dt.date
    """D, the last day of the period."""
    before: dt.date
    """D0, the last day before the period."""
    due: list[ActionState]
    """Published due month within the period (their states as of D)."""
    completed: list[ActionState]
    missed: list[ActionState]
    red_at_end: list[ActionState]
    recovered: list[ActionState]
    replanned: list[ActionState]
    withdrawn: list[ActionState]
    """Withdrawn as of D: left out of every other figure."""

    @property
    def months(self) -> int:
        return length(self.first, self.last)


def period_figures(first: str, last: str, ends: MonthEnds) -> MonitoringPeriod:
    """The figures of the period ``first``..``last`` from the states at each month's end.

    ``ends`` must hold the month before ``first`` (for D0) and every month to ``last``.
    """
    before_month = months.shift(first, -1)
    as_of, before = months.last_day(last), months.last_day(before_month)
    at_end = ends[last]
    red_before = {state.id for state in ends[before_month] if state.rag == "red"}
    live = [state for state in at_end if state.rag != "withdrawn"]
    period_start = months.first_day(first)
    due = [state for state in live if first <= state.due <= last]
    return MonitoringPeriod(
        first=first,
        last=last,
        as_of=as_of,
        before=before,
        due=due,
        completed=[
            state
            for state in live
            if state.completed_on is not None and period_start <= state.completed_on <= as_of
        ],
        missed=_missed(due, ends),
        red_at_end=[state for state in live if state.rag == "red"],
        recovered=[state for state in live if state.rag == "green" and state.id in red_before],
        replanned=[
            state
            for state in live
            if any(
                period_start <= update.date <= as_of
                and update.due is not None
                and update.due != state.due
                for update in state.action.updates
            )
        ],
        withdrawn=[state for state in at_end if state.rag == "withdrawn"],
    )


def _missed(due: list[ActionState], ends: MonthEnds) -> list[ActionState]:
    """The due actions not complete on the last day of their own due month."""
    complete_at: dict[str, set[str]] = {}
    for month in sorted({state.due for state in due}):
        complete_at[month] = {state.id for state in ends[month] if state.status == "complete"}
    return [state for state in due if state.id not in complete_at[state.due]]


def pace(plan_start: str, last: str, at_end: Iterable[ActionState]) -> list[PaceMonth]:
    """One entry per month from ``plan_start`` to ``last``, from the states as of D.

    Actions withdrawn as of D are left out; an action completed, reopened and not complete
    again by D has no completion date, so it counts as due but not completed. A completion
    dated before the plan's start month falls in none of its months.
    """
    due: dict[str, int] = dict.fromkeys(months.span(plan_start, last), 0)
    completed = dict(due)
    for state in at_end:
        if state.rag == "withdrawn":
            continue
        if state.due in due:
            due[state.due] += 1
        if state.completed_on is not None:
            done = months.month_of(state.completed_on)
            if done in completed:
                completed[done] += 1
    result: list[PaceMonth] = []
    total_due = total_completed = 0
    for month in due:
        total_due += due[month]
        total_completed += completed[month]
        result.append(PaceMonth(month, due[month], completed[month], total_due, total_completed))
    return result


class ForwardLook(NamedTuple):
    """What falls due in the next period of the same length, as things stand at D."""

    first: str
    last: str
    due: list[ActionState]
    """Published due month in the next period, not withdrawn (states as of D), in ID order."""
    revised_into: list[ActionState]
    """Not complete, due earlier, with a revised due month in the next period, in ID order."""


def forward_look(first: str, last: str, at_end: Iterable[ActionState]) -> ForwardLook:
    """The next period of the same length as ``first``..``last``, from the states as of D."""
    count = length(first, last)
    next_first, next_last = months.shift(last, 1), months.shift(last, count)
    due: list[ActionState] = []
    revised_into: list[ActionState] = []
    for state in at_end:
        if state.rag == "withdrawn":
            continue
        if next_first <= state.due <= next_last:
            due.append(state)
        elif (
            state.due < next_first
            and state.status != "complete"
            and state.revised_due is not None
            and next_first <= state.revised_due <= next_last
        ):
            revised_into.append(state)
    return ForwardLook(next_first, next_last, due, revised_into)


def previous_period(first: str, last: str, plan_start: str) -> tuple[str, str] | None:
    """The period of the same length just before ``first``..``last``, from the plan's start at
    the earliest (nothing was due before it); None when it ends before the plan starts."""
    count = length(first, last)
    previous_first, previous_last = months.shift(first, -count), months.shift(first, -1)
    if previous_last < plan_start:
        return None
    return max(previous_first, plan_start), previous_last


class PriorityPeriod(NamedTuple):
    """One priority's share of a period's figures, and its own pace."""

    priority: Priority
    due: int
    completed: int
    missed: int
    red_at_end: int
    recovered: int
    replanned: int
    pace: list[PaceMonth]


def by_priority(
    plan: Plan, figures: MonitoringPeriod, at_end: Sequence[ActionState]
) -> list[PriorityPeriod]:
    """Every priority's counts, in priority order, zeros included."""

    def count(items: list[ActionState], number: int) -> int:
        return sum(1 for state in items if state.priority == number)

    rows = []
    for priority in plan.priorities:
        number = priority.number
        own = [state for state in at_end if state.priority == number]
        rows.append(
            PriorityPeriod(
                priority=priority,
                due=count(figures.due, number),
                completed=count(figures.completed, number),
                missed=count(figures.missed, number),
                red_at_end=count(figures.red_at_end, number),
                recovered=count(figures.recovered, number),
                replanned=count(figures.replanned, number),
                pace=pace(plan.starts, figures.last, own),
            )
        )
    return rows


# ---------------------------------------------------------------- financial quarters


class Quarter(NamedTuple):
    """A quarter of the financial year (April to June is Q1) as a plan reports it.

    ``first`` is the quarter's first month, or the plan's start month when the plan starts
    part-way through the quarter.
    """

    year: int
    """The financial year it belongs to, by its first calendar year (2016 for 2016/17)."""
    number: int
    first: str
    last: str

    @property
    def name(self) -> str:
        """``2016-Q2``: as ``--quarter`` takes it."""
        return f"{self.year:04d}-Q{self.number}"

    @property
    def label(self) -> str:
        """``Quarter Two 2016/17``: as the council's papers name it."""
        return f"Quarter {QUARTER_NAMES[self.number - 1]} {self.year}/{(self.year + 1) % 100:02d}"


def quarter(year: int, number: int, plan_start: str) -> Quarter | None:
    """Quarter ``number`` (1 to 4) of financial year ``year``; None if it ends before the plan."""
    first = months.shift(f"{year:04d}-04", 3 * (number - 1))
    last = months.shift(first, 2)
    if last < plan_start:
        return None
    return Quarter(year, number, max(first, plan_start), last)


def quarter_of(month: str) -> tuple[int, int]:
    """The financial year and quarter number ``month`` falls in (2017-01: 2016, 4)."""
    year, number = months.parts(month)
    index = (number - 4) % 12
    return (year if number >= 4 else year - 1), index // 3 + 1


def complete_quarters(plan_start: str, month: str) -> list[Quarter]:
    """Every financial quarter of the plan that has ended by the end of ``month``, oldest first.

    The quarter the plan starts in is reported from the plan's start month.
    """
    result: list[Quarter] = []
    year, number = quarter_of(plan_start)
    while True:
        found = quarter(year, number, plan_start)
        if found is None or found.last > month:
            return result
        result.append(found)
        year, number = (year, number + 1) if number < 4 else (year + 1, 1)


def named_quarter(first: str, last: str, plan_start: str) -> Quarter | None:
    """The quarter that the period ``first``..``last`` is exactly, as a plan reports it, or None."""
    year, number = quarter_of(last)
    found = quarter(year, number, plan_start)
    return found if found is not None and (found.first, found.last) == (first, last) else None


# ---------------------------------------------------------------- the monitoring report


class MonitoringFigures(NamedTuple):
    """Everything the monitoring report of ``first``..``last`` shows, computed once."""

    current: MonitoringPeriod
    previous: MonitoringPeriod | None
    """The period of the same length just before; None when it ends before the plan starts."""
    priorities: list[PriorityPeriod]
    pace: list[PaceMonth]
    rag_before: RagCounts
    """Every action's RAG as of D0."""
    rag_after: RagCounts
    """Every action's RAG as of D."""
    next: ForwardLook
    quarter: Quarter | None
    """The financial quarter the period is exactly, if it is one."""


def monitoring_figures(snapshots: Snapshots, first: str, last: str) -> MonitoringFigures:
    """The figures of the period ``first``..``last``, each month's snapshot taken once."""
    plan = snapshots.plan
    earlier = previous_period(first, last, plan.starts)
    ends = month_end_states(snapshots, months.shift(earlier[0] if earlier else first, -1), last)
    current = period_figures(first, last, ends)
    at_end = ends[last]
    return MonitoringFigures(
        current=current,
        previous=period_figures(*earlier, ends) if earlier else None,
        priorities=by_priority(plan, current, at_end),
        pace=pace(plan.starts, last, at_end),
        rag_before=total(ends[months.shift(first, -1)]),
        rag_after=total(at_end),
        next=forward_look(first, last, at_end),
        quarter=named_quarter(first, last, plan.starts),
    )
