"""What each file gave after validation: the parts the cross-file checks look at."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from csip.model.files import Action, FundingFile, PlanFile, PriorityFile

if TYPE_CHECKING:
    from csip.model.inspection import RecommendationsFile
    from csip.model.meetings import MeetingPart
    from csip.model.papers import PaperFile


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

    def actions(self) -> Iterator[tuple[str, int, Action]]:
        """Every action that passed its model, with its file and its index in that file's list."""
        for part in self.priority_files:
            for index, action in part.actions:
                yield part.path, index, action

    paper_files: list[tuple[str, str | None]] = field(default_factory=list)
    """Every paper file, read or not, with the month its name gives (None: no month)."""
    papers: list[tuple[str, str, PaperFile]] = field(default_factory=list)
    """Each paper file that passed its model: its path, the month it is named for, the model."""
