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
from contextlib import suppress
from dataclasses import dataclass
from typing import Annotated, Literal, TypeVar

from pydantic import BeforeValidator, Field, TypeAdapter, ValidationError

from csip.model.files import (
    ActionId,
    Code,
    Codes,
    Date,
    Exempt,
    Text,
    TextList,
    _none_as_empty,
    _Strict,
)

Outcome = Literal["verified", "not-verified", "embedded", "not-embedded", "remedial", "noted"]
OUTCOMES: tuple[Outcome, ...] = (
    "verified", "not-verified", "embedded", "not-embedded", "remedial", "noted",
)  # fmt: skip

ASSURANCE_OUTCOMES: frozenset[Outcome] = frozenset(
    {"verified", "not-verified", "embedded", "not-embedded"}
)
"""The outcomes that judge done work (and so give assurance): only a complete action gets one."""


Priorities = Annotated[list[Annotated[int, Field(ge=1)]], Field(min_length=1)]


class Task(_Strict):
    """A remedial task the board agreed: who does what by when, and when it was done."""

    task: Text
    owner: Code = Field(description="A role code from plan.yaml.")
    due: Date
    done: Date | None = Field(None, description="The date it was done; not before the meeting.")


class Review(_Strict):
    """What the board concluded about one action."""

    action: ActionId
    outcome: Outcome
    note: Text | None = None
    evidence: TextList = Field(default_factory=list)
    tasks: Annotated[list[Task], BeforeValidator(_none_as_empty)] = Field(default_factory=list)
    exempt: Exempt = Field(None, description="Its note, evidence and tasks are exempt.")


class MeetingFile(_Strict):
    """meetings/*.yaml: one board meeting."""

    board: Text = Field(description="Which board met (free text).")
    date: Date
    priorities: Priorities = Field(description="The priorities it reviewed (usually two).")
    attendees: Codes = Field(default_factory=list, description="Role codes from plan.yaml.")
    reviews: Annotated[list[Review], BeforeValidator(_none_as_empty)] = Field(default_factory=list)


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


def meeting_part(path: str, data: object, model: MeetingFile | None) -> MeetingPart:
    """The parts of one meeting file for the cross-file checks."""
    if model is not None:
        return MeetingPart(
            path,
            model.date,
            tuple(model.priorities),
            list(enumerate(model.attendees)),
            list(enumerate(model.reviews)),
            model,
        )
    fields = data if isinstance(data, dict) else {}
    date = _field(_DATE, fields.get("date"))
    priorities = _field(_PRIORITIES, fields.get("priorities"))
    attendees = _field(_CODES, fields.get("attendees"))
    reviews = []
    items = fields.get("reviews")
    for index, item in enumerate(items if isinstance(items, list) else []):
        with suppress(ValidationError):
            reviews.append((index, Review.model_validate(item)))
    return MeetingPart(
        path,
        date,
        tuple(priorities) if priorities is not None else None,
        list(enumerate(attendees or [])),
        reviews,
        None,
    )


_DATE: TypeAdapter[dt.date] = TypeAdapter(Date)
_PRIORITIES: TypeAdapter[list[int]] = TypeAdapter(Priorities)
_CODES: TypeAdapter[list[str]] = TypeAdapter(Codes)
_T = TypeVar("_T")


def _field(adapter: TypeAdapter[_T], value: object) -> _T | None:
    """One field of a meeting read as ``MeetingFile`` reads it, or None when it fails."""
    try:
        return adapter.validate_python(value)
    except ValidationError:
        return None
