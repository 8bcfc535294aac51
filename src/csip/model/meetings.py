"""A board meeting's file (``meetings/*.yaml``, spec section 7): what the board reviewed and agreed.

The weekly Improvement Team Boards each review a couple of priorities: they verify the evidence
of completed actions, test that the work is embedded in practice, and agree remedial tasks for
actions slow to progress. One file records one meeting. The types of the plan files are reused,
so a date, a code or a piece of text is written and checked the same way everywhere.

A meeting file that fails its model still gives the checks what it can (``meeting_part``): a
mistake in one review must not hide an unknown action in another.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Annotated

from csip.model.rules import (
    NONE_AS_EMPTY,
    ActionId,
    Code,
    Codes,
    Date,
    Doc,
    Exempt,
    Outcome,
    Priorities,
    Record,
    Text,
    TextList,
    empty_list,
)


@dataclass(slots=True)
class Task(Record):
    """A remedial task the board agreed: who does what by when, and when it was done."""

    task: Text
    owner: Annotated[Code, Doc("A role code from plan.yaml.")]
    due: Date
    done: Annotated[Date | None, Doc("The date it was done; not before the meeting.")] = None


@dataclass(slots=True)
class Review(Record):
    """What the board concluded about one action."""

    action: ActionId
    outcome: Outcome
    note: Text | None = None
    evidence: TextList = field(default_factory=empty_list)
    tasks: Annotated[list[Task], NONE_AS_EMPTY] = field(default_factory=empty_list)
    exempt: Annotated[Exempt, Doc("Its note, evidence and tasks are exempt.")] = None


@dataclass(slots=True)
class MeetingFile(Record):
    """meetings/*.yaml: one board meeting."""

    board: Annotated[Text, Doc("Which board met (free text).")]
    date: Date
    priorities: Annotated[Priorities, Doc("The priorities it reviewed (usually two).")]
    attendees: Annotated[Codes, Doc("Role codes from plan.yaml.")] = field(
        default_factory=empty_list
    )
    reviews: Annotated[list[Review], NONE_AS_EMPTY] = field(default_factory=empty_list)


@dataclass
class MeetingPart:
    """What a meeting file gave: its model if it passed, else each part that did.

    ``date`` and ``priorities`` are None when they failed; ``reviews`` and ``attendees`` keep
    their index in the file, so findings point at the right item.
    """

    path: str
    date: dt.date | None
    priorities: tuple[int, ...] | None
    attendees: list[tuple[int, str]]
    reviews: list[tuple[int, Review]]
    model: MeetingFile | None
    salvaged: list[tuple[int, Review, frozenset[str]]] = field(default_factory=list)
    """Each review that failed its model, with its index, rebuilt from the fields that passed
    on their own, and the names of those that did not (``validation.salvaged``)."""

    def reviews_reading(self, reading: frozenset[str]) -> list[tuple[int, Review]]:
        """The reviews that passed, and those that failed but not in the fields ``reading``
        names: what a check that reads only those fields can check."""
        return self.reviews + [  # as ``parts.readable_items``, which names this module's types
            (index, review)
            for index, review, unsound in self.salvaged
            if unsound.isdisjoint(reading)
        ]


def meeting_part(path: str, model: MeetingFile) -> MeetingPart:
    """The parts of a meeting file that passed its model, for the cross-file checks."""
    return MeetingPart(
        path,
        model.date,
        tuple(model.priorities),
        list(enumerate(model.attendees)),
        list(enumerate(model.reviews)),
        model,
    )
