"""One snapshot per scope: every action's state for a date, priorities and audience, once.

A scope is what a report is about: the as-of date D, the reporting period (first and last
month), the priorities it covers (all by default) and its audience (the public, or readers of
exempt information). A snapshot holds every action's state in that scope and the tallies every
output prints; reports, JSON, the terminal views and the site all read figures from snapshots,
so a figure is computed once and means the same everywhere. ``Snapshots`` keeps one snapshot per
distinct scope, so that ``csip build`` never works an action's state out twice for one date.

Pure: no file, no clock. The caller names D.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from functools import cached_property
from operator import attrgetter
from typing import Literal, NamedTuple

from csip import months
from csip.figures import assurance, rag
from csip.figures.audience import public_plan
from csip.figures.rag import ActionState, PriorityCounts, RagCounts
from csip.model.domain import Plan, Priority
from csip.words import Assurance, Rag

Audience = Literal["public", "exempt"]

_KIND = attrgetter("priority", "rag", "is_due", "assurance")
"""What an action's state adds to ``Snapshot``'s RAG and assurance tallies."""


class Scope(NamedTuple):
    """What a snapshot covers. ``priorities`` empty means every priority.

    A named tuple, as are the figures below: immutable, and quick to define at start-up."""

    as_of: dt.date
    first_month: str
    last_month: str
    priorities: tuple[int, ...] = ()
    audience: Audience = "public"

    def covers(self, priority: int) -> bool:
        return not self.priorities or priority in self.priorities


class PriorityFigures(NamedTuple):
    """One priority's line of the exception report's Table 1."""

    priority: Priority
    due: int
    red: int

    @property
    def red_share(self) -> float:
        """Red as a share of due (0 when nothing was due)."""
        return self.red / self.due if self.due else 0.0


class PeriodFigures(NamedTuple):
    """The period's figures as spec section 3 defines them (the exception report's analysis).

    Over the actions not withdrawn as of D: *due* are those whose published due month is in the
    period, *red* the due ones not complete, *due later* those started by the last month but due
    after it, *not started* those whose start month is after it.
    """

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
    withdrawn_actions: Sequence[ActionState] = ()

    @property
    def red_share(self) -> float:
        return self.red / self.due if self.due else 0.0

    def totals(self) -> dict[str, int]:
        """The counts every JSON output of the period gives, as spec section 4 names them."""
        return {
            "due": self.due,
            "red": self.red,
            "due_later": self.due_later,
            "not_started": self.not_started,
            "withdrawn": self.withdrawn,
        }

    @property
    def slowest(self) -> list[PriorityFigures]:
        """The priorities with the highest share of due actions Red (the two highest shares)."""
        return _leaders(self.priorities, lambda figures: figures.red_share)

    @property
    def most_red(self) -> list[PriorityFigures]:
        """The priorities with the most Red actions (the two highest counts)."""
        return _leaders(self.priorities, lambda figures: float(figures.red))

    @property
    def oldest(self) -> list[ActionState]:
        """The Red actions with the earliest due month."""
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


class Snapshot:
    """Every action of one scope as of its date, with the tallies every output prints."""

    def __init__(self, plan: Plan, scope: Scope, states: tuple[ActionState, ...]) -> None:
        self.plan = plan
        self.scope = scope
        self.states = (
            tuple(state for state in states if scope.covers(state.priority))
            if scope.priorities
            else states
        )
        """Every action in the scope, withdrawn ones included, in ID order."""

    @property
    def as_of(self) -> dt.date:
        return self.scope.as_of

    def where(self, keep: Callable[[ActionState], bool]) -> Snapshot:
        """The same scope narrowed to the actions ``keep`` accepts (``csip status --lead``)."""
        return Snapshot(self.plan, self.scope, tuple(s for s in self.states if keep(s)))

    @cached_property
    def by_id(self) -> dict[str, ActionState]:
        return {state.id: state for state in self.states}

    @cached_property
    def priorities(self) -> tuple[Priority, ...]:
        """The priorities in the scope, in number order."""
        return tuple(p for p in self.plan.priorities if self.scope.covers(p.number))

    @cached_property
    def _kinds(self) -> Counter[tuple[int, Rag, bool, Assurance | None]]:
        """How many actions share each priority, RAG, due-or-not and assurance: the one pass over
        the states that the RAG and assurance tallies are read from (a pass for each tally, and
        for each priority, was most of the time ``csip status`` took on a large plan)."""
        return Counter(map(_KIND, self.states))

    @cached_property
    def totals(self) -> RagCounts:
        counts = RagCounts()
        for (_, rating, is_due, _), count in self._kinds.items():
            counts.add(rating, is_due, count)
        return counts

    @cached_property
    def by_priority(self) -> list[PriorityCounts]:
        """RAG counts for each priority in the scope, in order, zeros included."""
        grouped = {priority.number: RagCounts() for priority in self.priorities}
        for (priority, rating, is_due, _), count in self._kinds.items():
            grouped[priority].add(rating, is_due, count)
        return [PriorityCounts(priority, grouped[priority.number]) for priority in self.priorities]

    @cached_property
    def assurance(self) -> dict[Assurance, int]:
        """How far a board has assured the complete actions (spec section 7)."""
        return assurance.counts((value, count) for (*_, value), count in self._kinds.items())

    @cached_property
    def assurance_by_priority(self) -> dict[int, dict[Assurance, int]]:
        grouped: dict[int, list[tuple[Assurance | None, int]]] = {
            priority.number: [] for priority in self.priorities
        }
        for (priority, *_, value), count in self._kinds.items():
            grouped[priority].append((value, count))
        return {priority: assurance.counts(pairs) for priority, pairs in grouped.items()}

    @cached_property
    def awaiting_assurance(self) -> int:
        """Complete actions counted Amber until a board assures them as far as Green requires."""
        return sum(1 for state in self.states if state.awaiting_assurance)

    @cached_property
    def overdue(self) -> list[ActionState]:
        """The Red actions, oldest due first, then by ID."""
        return rag.overdue(self.states)

    @cached_property
    def replanned(self) -> int:
        """Actions not withdrawn with a revised due month other than the published one."""
        return sum(1 for s in self.states if s.replanned and s.rag != "withdrawn")

    @cached_property
    def period(self) -> PeriodFigures:
        """The figures of spec section 3 over this snapshot's period."""
        first, last = self.scope.first_month, self.scope.last_month
        due: Counter[int] = Counter()
        red: Counter[int] = Counter()
        red_by_due_month: Counter[str] = Counter()
        red_actions: list[ActionState] = []
        withdrawn: list[ActionState] = []
        due_later = not_started = verified = 0
        for state in self.states:
            due_month = state.due  # a property: asked once, not three times
            if state.rag == "withdrawn":
                withdrawn.append(state)
            elif first <= due_month <= last:
                due[state.priority] += 1
                if state.status != "complete":
                    red[state.priority] += 1
                    red_by_due_month[due_month] += 1
                    red_actions.append(state)
                elif state.assurance in ("evidenced", "embedded"):
                    verified += 1
            elif state.start > last:
                not_started += 1
            elif due_month > last:
                due_later += 1
        return PeriodFigures(
            month=last,
            as_of=self.as_of,
            period_start=first,
            due=sum(due.values()),
            red=len(red_actions),
            due_later=due_later,
            not_started=not_started,
            withdrawn=len(withdrawn),
            priorities=[PriorityFigures(p, due[p.number], red[p.number]) for p in self.priorities],
            red_by_due_month=dict(sorted(red_by_due_month.items())),
            red_actions=red_actions,
            verified=verified if self.plan.meetings else None,
            withdrawn_actions=withdrawn,
        )


def pairs(before: Snapshot, after: Snapshot) -> Iterator[tuple[ActionState, ActionState]]:
    """Each action's state in two snapshots of one plan and scope, in ID order."""
    yield from zip(before.states, after.states, strict=True)


class Snapshots:
    """The snapshots of one plan for one audience and set of priorities, each made once.

    This is where exempt information leaves a public output: the plan every public snapshot
    holds has had its exempt text replaced (``figures.audience``).

    ``made`` counts the distinct snapshots taken, which is how a test shows that ``csip build``
    works out every action's state once per date.
    """

    def __init__(
        self, plan: Plan, *, priorities: tuple[int, ...] = (), audience: Audience = "public"
    ) -> None:
        self.plan = public_plan(plan) if audience == "public" else plan
        """The plan as the audience may read it: for the public, every exempt text replaced."""
        self.priorities = priorities
        self.audience = audience
        self._states: dict[dt.date, tuple[ActionState, ...]] = {}
        self._snapshots: dict[Scope, Snapshot] = {}

    @property
    def made(self) -> int:
        """How many dates have had their actions' states worked out."""
        return len(self._states)

    def at(self, as_of: dt.date, *, first_month: str | None = None) -> Snapshot:
        """The snapshot as of ``as_of``, for the period from ``first_month`` (default: the
        plan's start) to the month of ``as_of``."""
        scope = Scope(
            as_of,
            first_month or self.plan.starts,
            months.month_of(as_of),
            self.priorities,
            self.audience,
        )
        found = self._snapshots.get(scope)
        if found is None:
            states = self._states.get(as_of)
            if states is None:
                states = self._states[as_of] = tuple(rag.states(self.plan, as_of))
            found = self._snapshots[scope] = Snapshot(self.plan, scope, states)
        return found

    def month_end(self, month: str, *, first_month: str | None = None) -> Snapshot:
        """The snapshot as of the last day of ``month``."""
        return self.at(months.last_day(month), first_month=first_month)
