"""What each file gave after validation: the parts the cross-file checks look at."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

from csip.model.files import Action, FundingFile, PlanFile, PriorityFile, Update

_R = TypeVar("_R")

if TYPE_CHECKING:
    from csip.model.inspection import RecommendationsFile
    from csip.model.meetings import MeetingPart
    from csip.model.papers import PaperFile


def dated_log(updates: Sequence[Update]) -> Iterator[tuple[int, Update, dt.date | None]]:
    """Each update of a progress log with its place and the latest date before it (None for
    the first): one dated earlier than that is out of order, since a log runs oldest first."""
    latest: dt.date | None = None
    for number, update in enumerate(updates):
        yield number, update, latest
        if latest is None or update.date > latest:
            latest = update.date


class ActionsSummary(NamedTuple):
    """What a priority file's actions hold that the cross-file checks look for, worked out once
    when the file is read (and stored with it in the cache).

    A check asks it first whether the file can hold what the check finds, and visits the
    file's actions only if it can; the checks of what an action is or has done in its file
    alone, whatever the date, find their candidates listed here. On a plan with nothing wrong no
    check visits ten thousand actions to find nothing, and ``csip validate`` on a plan read from
    the cache rebuilds only the actions of files that hold one a board judged. Every field is of
    the file alone, with no date and no other file in it, so it is as true of a cached file as
    of one just read.
    """

    leads: frozenset[str]
    """Every lead code its actions name."""
    agencies: frozenset[str]
    recommendations: frozenset[str]
    """Every recommendation its actions name."""
    answered: frozenset[str]
    """The recommendations named by its live actions: those not withdrawn at their latest
    update."""
    withdrawn_answers: tuple[tuple[str, str], ...]
    """Each recommendation a withdrawn action names, with that action's ID."""
    earliest_due: str | None
    """The earliest due month of its actions (None: no actions)."""
    latest_due: str | None
    """The latest due month of its actions (None: no actions)."""
    starts_after_due: bool
    """An action names a start month after its due month."""
    latest_update: str | None
    """The date of its latest update, as ISO text, which sorts as dates do (None: no updates)."""
    updates_in_order: bool
    """Each action's progress log is in date order."""
    without_evidence: tuple[tuple[int, int, str, str], ...]
    """Each update that marks an action complete without evidence: the action's index, the
    update's place in its log, the action's ID and the update's date (ISO text)."""
    unupdated: tuple[tuple[int, str, str | None], ...]
    """Each action with no update: its index, its ID and its start month (None: it names
    none, and starts with the plan)."""

    @classmethod
    def of(cls, actions: list[tuple[int, Action]]) -> ActionsSummary:
        leads: set[str] = set()
        agencies: set[str] = set()
        recommendations: set[str] = set()
        answered: set[str] = set()
        withdrawn_answers: list[tuple[str, str]] = []
        dues: list[str] = []
        without_evidence: list[tuple[int, int, str, str]] = []
        unupdated: list[tuple[int, str, str | None]] = []
        latest: dt.date | None = None
        starts_after_due = False
        in_order = True
        for index, action in actions:
            leads.update(action.lead)
            agencies.update(action.agencies)
            recommendations.update(action.recommendations)
            if action.withdrawn:
                withdrawn_answers.extend((code, action.id) for code in action.recommendations)
            else:
                answered.update(action.recommendations)
            dues.append(action.due)
            if action.start is not None and action.start > action.due:
                starts_after_due = True
            if not action.updates:
                unupdated.append((index, action.id, action.start))
            for number, update, before in dated_log(action.updates):
                if before is not None and update.date < before:
                    in_order = False
                if update.completed_without_evidence:
                    without_evidence.append((index, number, action.id, update.date.isoformat()))
                if latest is None or update.date > latest:
                    latest = update.date
        return cls(
            frozenset(leads),
            frozenset(agencies),
            frozenset(recommendations),
            frozenset(answered),
            tuple(withdrawn_answers),
            min(dues, default=None),
            max(dues, default=None),
            starts_after_due,
            None if latest is None else latest.isoformat(),
            in_order,
            tuple(without_evidence),
            tuple(unupdated),
        )


Records = tuple[list[tuple[int, Action]], PriorityFile | None]
"""A priority file's actions that passed their model, each with its index, and the file's
model if the whole file passed."""


class PriorityPart:
    """What a priority file gave: its model if it passed, else the parts that did.

    ``actions`` keeps each action's index in the file, so findings point at the right item even
    when others in the same file failed their model. ``ids`` holds every well-written ID, also
    of actions that failed: a typo elsewhere in an action must not hide that its ID is taken,
    nor make the funding ledger's reference to it look wrong.

    ``records`` are the actions and the model, or for a file read from the cache the function
    that rebuilds them from its entry, called the first time they are asked for: the checks
    that its summary answers never ask.
    """

    def __init__(
        self,
        path: str,
        number: int | None,
        ids: list[tuple[int, str]],
        written: int,
        records: Records | Callable[[], Records],
        *,
        passed: bool,
        loose_codes: list[tuple[int, str, int, str]] | None = None,
        salvaged: list[tuple[int, Action, frozenset[str]]] | None = None,
        summary: ActionsSummary | None = None,
    ) -> None:
        self.path = path
        self.number = number
        self.ids = ids
        self.written = written
        """How many actions the file lists, passing or not."""
        self._records = records
        self.passed = passed
        """The whole file passed its model (``model`` is not None)."""
        self.loose_codes = loose_codes or []
        """The lead and agency codes of the actions that failed their model, each with the
        action's index, its key and its place in the list: a bad month elsewhere in an action
        must not hide that its lead is undeclared."""
        self.salvaged = salvaged or []
        """Each action that failed its model, with its index, rebuilt from the fields that
        passed on their own, and the names of those that did not (``validation.salvaged``)."""
        self.summary = summary or ActionsSummary.of(self.actions)

    def readable(self, reading: frozenset[str]) -> list[tuple[int, Action]]:
        """The actions that failed their model in whose fields ``reading`` nothing failed."""
        return readable_items(self.salvaged, reading)

    @property
    def actions(self) -> list[tuple[int, Action]]:
        return self._rebuilt()[0]

    @property
    def model(self) -> PriorityFile | None:
        return self._rebuilt()[1]

    def __eq__(self, other: object) -> bool:
        """Equal when every field is: the records are rebuilt to compare them."""
        if not isinstance(other, PriorityPart):
            return NotImplemented
        return self._compared() == other._compared()

    __hash__ = None  # type: ignore[assignment]  # changing, as a dataclass's

    def __repr__(self) -> str:
        return f"PriorityPart({self.path!r}, priority {self.number}, {self.written} actions)"

    def _compared(self) -> tuple[object, ...]:
        return (
            self.path,
            self.number,
            self.ids,
            self.written,
            self._rebuilt(),
            self.passed,
            self.loose_codes,
            self.salvaged,
            self.summary,
        )

    def _rebuilt(self) -> Records:
        if callable(self._records):
            self._records = self._records()
        return self._records


class Readable(NamedTuple):
    """A file of one record as far as it can be read: its path, the record, and the fields
    that failed their model, each then empty (none when the whole file passed)."""

    path: str
    record: Any
    unsound: frozenset[str] = frozenset()


def readable_items(
    salvaged: Iterable[tuple[int, _R, frozenset[str]]], reading: Iterable[str]
) -> list[tuple[int, _R]]:
    """Of records that failed their model (``validation.salvaged``), those in none of whose
    fields named by ``reading`` anything failed, each with its index: what a check that reads
    only those fields can check."""
    return [(index, record) for index, record, unsound in salvaged if unsound.isdisjoint(reading)]


def readable(found: Readable | None, reading: Iterable[str]) -> Readable | None:
    """``found``, when none of the fields that ``reading`` names failed its model."""
    return found if found is not None and found.unsound.isdisjoint(reading) else None


@dataclass
class Parts:
    """What passed its model, and what can be read of what did not, for the checks that look
    across files."""

    plan_file: tuple[str, PlanFile] | None = None
    priority_files: list[PriorityPart] = field(default_factory=list)
    funding_file: tuple[str, FundingFile] | None = None
    meetings: list[MeetingPart] = field(default_factory=list)
    unread: list[str] = field(default_factory=list)
    """The files that could not be read at all: what they hold is unknown to every check."""
    recommendations_file: tuple[str, RecommendationsFile | None] | None = None
    """None when the plan has no recommendations.yaml; the model is None when the file failed
    to read or to pass its model, so that its recommendations are neither known nor unknown."""
    plan_readable: Readable | None = None
    """plan.yaml as far as it can be read, passing or not: a typo in one key must not hide
    which roles it declares (``readable``)."""
    funding_readable: Readable | None = None
    recommendations_readable: Readable | None = None

    def actions(
        self,
        may_hold: Callable[[ActionsSummary], bool] | None = None,
        reading: frozenset[str] | None = None,
    ) -> Iterator[tuple[str, int, Action]]:
        """Every action that passed its model, with its file and its index in that file's list;
        with ``may_hold``, only those of the files whose summary it says may hold what a check
        finds. With ``reading``, the fields a check reads, also each action that failed its
        model but not in those fields (``PriorityPart.readable``)."""
        for part in self.priority_files:
            if may_hold is None or may_hold(part.summary):
                for index, action in part.actions:
                    yield part.path, index, action
            if reading is not None:
                for index, action in part.readable(reading):
                    yield part.path, index, action

    paper_files: list[tuple[str, str | None]] = field(default_factory=list)
    """Every paper file, read or not, with the month its name gives (None: no month)."""
    papers: list[tuple[str, str, PaperFile]] = field(default_factory=list)
    """Each paper file that passed its model: its path, the month it is named for, the model."""
    readable_papers: list[tuple[str, str, Readable]] = field(default_factory=list)
    """Each paper file named for a month, passing or not, as far as it can be read: what the
    checks of papers read, so that a typo in one key hides nothing else."""
