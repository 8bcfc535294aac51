"""The types of a plan file's fields, named once, without pydantic.

The plan's records (``csip.model.files`` and its neighbours) are plain dataclasses, so that a
plan read from the cache is built without importing pydantic at all. Each field type carries a
``Rule``: the name of what pydantic checks when a file is validated, realised in
``csip.model.validators`` and looked up only then. The Python type beside it is what the field
holds once valid, and what mypy sees.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Annotated, Any, ClassVar, Literal

MONTH_PATTERN = r"^[0-9]{4}-(0[1-9]|1[0-2])$"
ACTION_ID_PATTERN = r"^[1-9][0-9]{0,3}(\.(0|[1-9][0-9]{0,3}))+$"
FINANCIAL_YEAR_PATTERN = r"^[0-9]{4}/[0-9]{2}$"
ID_PART_DIGITS = 4
"""Each part of an action ID has at most this many digits."""
MAX_PRIORITY = 10**ID_PART_DIGITS - 1
MAX_AMOUNT = 10**9
"""The largest amount a funding line may give: a trillion pounds in £'000, so that no total of a
plan's lines comes near the size where whole numbers stop printing."""
PRIORITY_KEY_PATTERN = r"^[1-9][0-9]*$"


REALISED: dict[str, Callable[[Any], Any]] = {}
"""Each rule's pydantic type, given the field's Python type: filled in by
``csip.model.validators`` when it is imported, which every validation does first."""


class Rule:
    """What pydantic checks for a field of this type (``REALISED``)."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return f"Rule({self.name!r})"

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        return handler.generate_schema(REALISED[self.name](source))


class Doc:
    """What a field holds, in words, for its JSON Schema (pydantic asks only when it writes one)."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return f"Doc({self.text!r})"

    def __get_pydantic_json_schema__(self, core_schema: Any, handler: Any) -> Any:
        schema = handler(core_schema)
        schema["description"] = self.text
        return schema


def empty_list() -> list[Any]:
    """A field's empty list, made afresh for each record.

    The records' default factories are these functions, not ``list`` and ``dict``: pydantic
    asks every default factory for its signature, and a built-in's is parsed from its text,
    which costs every run that validates a file a few milliseconds.
    """
    return []


def empty_dict() -> dict[Any, Any]:
    """A field's empty mapping, made afresh for each record (see ``empty_list``)."""
    return {}


class Record:
    """A record of a plan file: unknown keys are errors. Records are never changed once read;
    ``dataclasses.replace`` makes an altered copy."""

    __slots__ = ()
    __dataclass_fields__: ClassVar[dict[str, Any]]
    __pydantic_config__: ClassVar[dict[str, Any]] = {"extra": "forbid"}


Text = Annotated[str, Rule("text")]
"""Text that is not empty."""
Month = Annotated[str, Rule("month")]
"""A month written YYYY-MM in the calendar: kept as text, which sorts in time order."""
Date = Annotated[dt.date, Rule("date")]
"""A real day written YYYY-MM-DD in the calendar."""
ActionId = Annotated[str, Rule("action_id")]
Code = Annotated[str, Rule("code")]
Codes = Annotated[list[str], Rule("codes")]
"""Codes, one written alone or a list; empty means none."""
Lead = Annotated[list[str], Rule("lead")]
"""Like ``Codes``, but at least one: every action has a lead."""
TextList = Annotated[list[str], Rule("text_list")]
FinancialYear = Annotated[str, Rule("financial_year")]
PriorityNumber = Annotated[int, Rule("priority_number")]
Amount = Annotated[int, Rule("amount")]
ExemptParagraph = Annotated[int, Rule("exempt_paragraph")]
"""A paragraph of Schedule 12A, 1 to 7."""
Exempt = Annotated[int | None, Rule("exempt")]
"""An entry's ``exempt:`` key: absent for public text, else the paragraph; never empty."""
RoleTable = Annotated[dict[str, str | None], Rule("role_table")]
"""Codes and what they stand for; an empty table means none."""
Priorities = Annotated[list[int], Rule("priorities")]
"""The priority numbers a meeting reviewed: at least one."""
PriorityKey = Annotated[str, Rule("priority_key")]
"""A priority number as the file writes it; kept as text so that a check can point at it."""

NONE_AS_EMPTY = Rule("none_as_empty")
"""On a list or mapping of records: an empty value (``actions:``) means none."""
AT_LEAST_ONE = Rule("at_least_one")
"""On a list of records: it may not be empty."""

Status = Literal["not-started", "in-progress", "complete", "withdrawn"]
STATUSES: tuple[Status, ...] = ("not-started", "in-progress", "complete", "withdrawn")
GreenRequires = Literal["complete", "evidenced", "embedded"]

Outcome = Literal["verified", "not-verified", "embedded", "not-embedded", "remedial", "noted"]
ASSURANCE_OUTCOMES: frozenset[Outcome] = frozenset(
    {"verified", "not-verified", "embedded", "not-embedded"}
)
"""The outcomes that judge done work (and so give assurance): only a complete action gets one."""
