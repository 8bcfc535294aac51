"""What officers write for one month's papers (spec section 12), and the details a paper prints.

``papers/YYYY-MM.yaml`` holds the paper's date and reference, any of the plan's ``paper:``
defaults (board, lead and contact officers) to override for that month, and the narrative: the
officer's summary, the assurance statement and a commentary on any priority. A narrative item is
text, or ``{text: ..., exempt: N}`` when it is exempt information under paragraph N of
Schedule 12A (spec section 11).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Annotated, Any

from pydantic import BeforeValidator, Field, StringConstraints, WithJsonSchema
from pydantic_core import PydanticCustomError

from csip.model.files import (
    Date,
    ExemptParagraph,
    PaperDefaults,
    Text,
    _none_as_empty_mapping,
    _Strict,
)

PRIORITY_KEY_PATTERN = r"^[1-9][0-9]*$"


class Narrative(_Strict):
    """One item of a paper's narrative: its text, and the paragraph that makes it exempt."""

    text: Text
    exempt: ExemptParagraph | None
    """Required in the mapping form, so that ``{text: ...}`` alone is not taken as public."""


def _text_as_item(value: Any) -> Any:
    """Plain text is a public item; a mapping is read as ``{text, exempt}``; nothing else is."""
    if isinstance(value, str):
        return {"text": value, "exempt": None}
    if isinstance(value, dict):
        if "exempt" in value and value["exempt"] is None:
            raise PydanticCustomError("exempt_empty", "an empty exempt", {})
        return value
    raise PydanticCustomError("narrative_type", "not a narrative item", {"input": value})


_NARRATIVE_SCHEMA = {
    "anyOf": [
        {"type": "string", "minLength": 1},
        {
            "type": "object",
            "properties": {
                "text": {"type": "string", "minLength": 1},
                "exempt": {"type": "integer", "minimum": 1, "maximum": 7},
            },
            "required": ["text", "exempt"],
            "additionalProperties": False,
        },
    ]
}

NarrativeItem = Annotated[
    Narrative, BeforeValidator(_text_as_item), WithJsonSchema(_NARRATIVE_SCHEMA)
]
PriorityKey = Annotated[str, StringConstraints(pattern=PRIORITY_KEY_PATTERN)]
"""A priority number as the file writes it; kept as text so that a check can point at it."""


class PaperFile(PaperDefaults):
    """papers/YYYY-MM.yaml: what officers write for that month's papers."""

    date: Date | None = Field(None, description="The date the paper is issued.")
    reference: Text | None = None
    summary: NarrativeItem | None = Field(None, description="The officer's commentary.")
    assurance: NarrativeItem | None = Field(
        None, description="Such as: no Red action poses an immediate safeguarding risk."
    )
    priorities: Annotated[
        dict[PriorityKey, NarrativeItem], BeforeValidator(_none_as_empty_mapping)
    ] = Field(default_factory=dict, description="Commentary on a priority, by its number.")


@dataclass(frozen=True)
class Paper:
    """The details and narrative of one month's papers, the plan's defaults filled in."""

    month: str | None
    """None for the plan's defaults alone, as a report on the whole plan prints them."""
    board: str | None = None
    lead_officer: str | None = None
    contact_officer: str | None = None
    date: dt.date | None = None
    reference: str | None = None
    summary: Narrative | None = None
    assurance: Narrative | None = None
    priorities: dict[int, Narrative] = field(default_factory=dict)

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
