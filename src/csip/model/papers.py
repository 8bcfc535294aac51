"""What officers write for one month's papers (spec section 12), and the details a paper prints.

``papers/YYYY-MM.yaml`` holds the paper's date and reference, any of the plan's ``paper:``
defaults (board, lead and contact officers) to override for that month, and the narrative: the
officer's summary, the assurance statement and a commentary on any priority. A narrative item is
text, or ``{text: ..., exempt: N}`` when it is exempt information under paragraph N of
Schedule 12A (spec section 11).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Annotated, NamedTuple

from csip.model.files import PaperDefaults
from csip.model.rules import (
    NONE_AS_EMPTY,
    Date,
    Doc,
    ExemptParagraph,
    PriorityKey,
    Record,
    Rule,
    Text,
    empty_dict,
)


@dataclass(slots=True)
class Narrative(Record):
    """One item of a paper's narrative: its text, and the paragraph that makes it exempt.

    Written as plain text (public) or as ``{text: ..., exempt: N}``; in the mapping form
    ``exempt`` is required, so that ``{text: ...}`` alone is not taken as public.
    """

    text: Text
    exempt: ExemptParagraph | None


NarrativeItem = Annotated[Narrative, Rule("narrative")]


@dataclass(slots=True)
class PaperFile(PaperDefaults):
    """papers/YYYY-MM.yaml: what officers write for that month's papers."""

    date: Annotated[Date | None, Doc("The date the paper is issued.")] = None
    reference: Text | None = None
    summary: Annotated[NarrativeItem | None, Doc("The officer's commentary.")] = None
    assurance: Annotated[
        NarrativeItem | None, Doc("Such as: no Red action poses an immediate safeguarding risk.")
    ] = None
    priorities: Annotated[
        dict[PriorityKey, NarrativeItem],
        NONE_AS_EMPTY,
        Doc("Commentary on a priority, by its number."),
    ] = field(default_factory=empty_dict)


class Paper(NamedTuple):
    """The details and narrative of one month's papers, the plan's defaults filled in.

    A named tuple: immutable, and quick to define at start-up."""

    month: str | None
    """None for the plan's defaults alone, as a report on the whole plan prints them."""
    board: str | None = None
    lead_officer: str | None = None
    contact_officer: str | None = None
    date: dt.date | None = None
    reference: str | None = None
    summary: Narrative | None = None
    assurance: Narrative | None = None
    priorities: Mapping[int, Narrative] = MappingProxyType({})
    """Read only: a paper without commentary shares one empty mapping."""

    @classmethod
    def of(cls, month: str | None, defaults: PaperDefaults, written: PaperFile | None) -> Paper:
        """Month ``month``'s paper: what its file says, else what plan.yaml's ``paper:`` says."""
        if written is None:
            return cls(month, defaults.board, defaults.lead_officer, defaults.contact_officer)
        return cls(
            month,
            written.board or defaults.board,
            written.lead_officer or defaults.lead_officer,
            written.contact_officer or defaults.contact_officer,
            written.date,
            written.reference,
            written.summary,
            written.assurance,
            {int(number): item for number, item in written.priorities.items()},
        )
