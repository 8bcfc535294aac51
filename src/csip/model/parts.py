"""What each file gave after validation: the parts the cross-file checks look at."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from dataclasses import InitVar, dataclass, field
from typing import TYPE_CHECKING, NamedTuple

from csip.model.files import Action, FundingFile, PlanFile, PriorityFile, Update

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
    file's actions only if it can: on a plan with nothing wrong, no check visits ten thousand
    actions to find nothing. Every field is of the file alone, with no date and no other file
    in it, so it is as true of a cached file as of one just read.
    """

    leads: frozenset[str]
    """Every lead code its actions name."""
    agencies: frozenset[str]
    recommendations: frozenset[str]
    """Every recommendation its actions name."""
    earliest_due: str | None
    """The earliest due month of its actions (None: no actions)."""
    starts_after_due: bool
    """An action names a start month after its due month."""
    latest_update: str | None
    """The date of its latest update, as ISO text, which sorts as dates do (None: no updates)."""
    updates_in_order: bool
    """Each action's progress log is in date order."""
    completed_without_evidence: bool
    """An update marks an action complete without evidence."""
    earliest_unupdated_start: str | None
    """The earliest start month of an action with no update, '' for one that names none (it
    starts with the plan); None when every action has an update."""

    @classmethod
    def of(cls, actions: list[tuple[int, Action]]) -> ActionsSummary:
        leads: set[str] = set()
        agencies: set[str] = set()
        recommendations: set[str] = set()
        dues: list[str] = []
        unupdated_starts: list[str] = []
        latest: dt.date | None = None
        starts_after_due = completed_without_evidence = False
        in_order = True
        for _, action in actions:
            leads.update(action.lead)
            agencies.update(action.agencies)
            recommendations.update(action.recommendations)
            dues.append(action.due)
            if action.start is not None and action.start > action.due:
                starts_after_due = True
            if not action.updates:
                unupdated_starts.append(action.start or "")
            for _, update, before in dated_log(action.updates):
                if before is not None and update.date < before:
                    in_order = False
                if update.completed_without_evidence:
                    completed_without_evidence = True
                if latest is None or update.date > latest:
                    latest = update.date
        return cls(
            frozenset(leads),
            frozenset(agencies),
            frozenset(recommendations),
            min(dues, default=None),
            starts_after_due,
            None if latest is None else latest.isoformat(),
            in_order,
            completed_without_evidence,
            min(unupdated_starts, default=None),
        )


@dataclass
class PriorityPart:
    """What a priority file gave: its model if it passed, else the parts that did.

    ``actions`` keeps each action's index in the file, so findings point at the right item even
    when others in the same file failed their model. ``ids`` holds every well-written ID, also
    of actions that failed: a typo elsewhere in an action must not hide that its ID is taken,
    nor make the funding ledger's reference to it look wrong.
    """

    path: str
    number: int | None
    actions: list[tuple[int, Action]]
    ids: list[tuple[int, str]]
    written: int
    model: PriorityFile | None
    loose_codes: list[tuple[int, str, int, str]] = field(default_factory=list)
    """The lead and agency codes of the actions that failed their model, each with the
    action's index, its key and its place in the list: a bad month elsewhere in an action must
    not hide that its lead is undeclared."""
    stored_summary: InitVar[ActionsSummary | None] = None
    """The summary of ``actions`` as the cache holds it; without it, it is worked out."""
    summary: ActionsSummary = field(init=False)

    def __post_init__(self, stored_summary: ActionsSummary | None) -> None:
        self.summary = stored_summary or ActionsSummary.of(self.actions)


@dataclass
class Parts:
    """What passed its model, for the checks that look across files."""

    plan_file: tuple[str, PlanFile] | None = None
    priority_files: list[PriorityPart] = field(default_factory=list)
    funding_file: tuple[str, FundingFile] | None = None
    meetings: list[MeetingPart] = field(default_factory=list)
    unread: list[str] = field(default_factory=list)
    """The files that could not be read at all: what they hold is unknown to every check."""
    recommendations_file: tuple[str, RecommendationsFile | None] | None = None
    """None when the plan has no recommendations.yaml; the model is None when the file failed
    to read or to pass its model, so that its recommendations are neither known nor unknown."""

    def actions(
        self, may_hold: Callable[[ActionsSummary], bool] | None = None
    ) -> Iterator[tuple[str, int, Action]]:
        """Every action that passed its model, with its file and its index in that file's list;
        with ``may_hold``, only those of the files whose summary it says may hold what a check
        finds."""
        for part in self.priority_files:
            if may_hold is None or may_hold(part.summary):
                for index, action in part.actions:
                    yield part.path, index, action

    paper_files: list[tuple[str, str | None]] = field(default_factory=list)
    """Every paper file, read or not, with the month its name gives (None: no month)."""
    papers: list[tuple[str, str, PaperFile]] = field(default_factory=list)
    """Each paper file that passed its model: its path, the month it is named for, the model."""
