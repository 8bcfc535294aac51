"""What each plan file may hold: pydantic models for plan.yaml, a priority file and funding.yaml.

Unknown keys are errors (``extra="forbid"``), so a typo such as ``deu:`` never passes silently.
Months stay as their ``YYYY-MM`` text, which sorts in time order; dates become ``datetime.date``
after a check that they are written ``YYYY-MM-DD`` and exist. The wording of every error is
rewritten in ``messages``; the error types raised here are named there.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal, TypeGuard

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError

MONTH_PATTERN = r"^([1-9][0-9]{3}|0[1-9][0-9]{2}|00[1-9][0-9]|000[1-9])-(0[1-9]|1[0-2])$"
ACTION_ID_PATTERN = r"^[1-9][0-9]*(\.[0-9]+)+$"
FINANCIAL_YEAR_PATTERN = r"^[0-9]{4}/[0-9]{2}$"
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")

STATUSES = ("not-started", "in-progress", "complete", "withdrawn")
Status = Literal["not-started", "in-progress", "complete", "withdrawn"]


def _parse_date(value: Any) -> Any:
    """Accept only ``YYYY-MM-DD`` text naming a real day; pydantic's own parser is laxer."""
    if not isinstance(value, str):
        return value
    if not _DATE.fullmatch(value):
        raise PydanticCustomError("not_a_date", "not a date", {"input": value})
    try:
        return dt.date.fromisoformat(value)
    except ValueError as error:
        raise PydanticCustomError(
            "not_a_real_date", "not a real date", {"input": value, "reason": str(error)}
        ) from None


def _one_or_many(value: Any) -> Any:
    """A single code may be written on its own instead of as a one-item list."""
    return [value] if isinstance(value, str) else value


def _none_as_empty(value: Any) -> Any:
    """An empty value (``agencies:``) means an empty list."""
    return [] if value is None else value


def _none_as_empty_mapping(value: Any) -> Any:
    """An empty ``agencies:`` means the plan names no partner agency."""
    return {} if value is None else value


def _consecutive_years(value: str) -> str:
    first, second = int(value[:4]), int(value[5:])
    if (first + 1) % 100 != second:
        raise PydanticCustomError("not_a_financial_year", "not a financial year", {"input": value})
    return value


Text = Annotated[str, StringConstraints(min_length=1)]
Month = Annotated[str, StringConstraints(pattern=MONTH_PATTERN)]
Date = Annotated[
    dt.date,
    BeforeValidator(_parse_date),
    WithJsonSchema({"type": "string", "format": "date", "pattern": _DATE.pattern}),
]
ActionId = Annotated[str, StringConstraints(pattern=ACTION_ID_PATTERN)]
Code = Annotated[str, StringConstraints(min_length=1)]
Codes = Annotated[
    list[Code],
    BeforeValidator(_one_or_many),
    BeforeValidator(_none_as_empty),
    WithJsonSchema({"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]}),
]
# Every action has a lead: ``lead:`` left empty is an error, not an action nobody leads.
Lead = Annotated[
    list[Code],
    Field(min_length=1),
    BeforeValidator(_one_or_many),
    BeforeValidator(_none_as_empty),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string"},
                {"type": "array", "items": {"type": "string"}, "minItems": 1},
            ]
        }
    ),
]
TextList = Annotated[list[Text], BeforeValidator(_none_as_empty)]
FinancialYear = Annotated[
    str, StringConstraints(pattern=FINANCIAL_YEAR_PATTERN), AfterValidator(_consecutive_years)
]
Amount = Annotated[int, Field(ge=0)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Update(_Strict):
    """One entry in an action's progress log."""

    date: Date
    status: Status
    note: Text | None = None
    due: Month | None = Field(None, description="A revised timeline agreed at this update.")
    evidence: TextList = Field(default_factory=list)


class Action(_Strict):
    """One action of the plan, with its published timescale and its progress log."""

    id: ActionId
    action: Text
    lead: Lead
    agencies: Codes = Field(default_factory=list)
    start: Month | None = Field(None, description="Omitted: the plan's start month.")
    due: Month
    updates: Annotated[list[Update], BeforeValidator(_none_as_empty)] = Field(default_factory=list)


class PriorityFile(_Strict):
    """A priority file: one of the plan's priorities and its actions."""

    priority: Annotated[int, Field(ge=1)]
    title: Text
    short_title: Text | None = None
    actions: Annotated[list[Action], BeforeValidator(_none_as_empty)] = Field(default_factory=list)


class PaperDefaults(_Strict):
    """Who every paper of the plan is for and from, unless a month's paper says otherwise."""

    board: Text | None = Field(None, description="The board or committee the papers go to.")
    lead_officer: Text | None = None
    contact_officer: Text | None = None


class PlanFile(_Strict):
    """plan.yaml: the plan itself, and every lead and agency code an action may name."""

    title: Text
    organisation: Text
    starts: Month
    ends: Month | None = Field(None, description="The plan's last month: no report goes beyond it.")
    roles: Annotated[dict[Code, str | None], BeforeValidator(_none_as_empty_mapping)]
    agencies: Annotated[dict[Code, str | None], BeforeValidator(_none_as_empty_mapping)] = Field(
        default_factory=dict
    )
    paper: Annotated[PaperDefaults, BeforeValidator(_none_as_empty_mapping)] = Field(
        default_factory=PaperDefaults
    )


class FundingYear(_Strict):
    """The money of one line in one financial year, in the ledger's units."""

    budget: Amount | None = None
    spend: Amount | None = None
    committed: Amount | None = None


class FundingLine(_Strict):
    name: Text
    actions: Annotated[list[ActionId], BeforeValidator(_none_as_empty)] = Field(
        default_factory=list
    )
    years: dict[FinancialYear, FundingYear]
    comment: Text | None = None


class FundingFile(_Strict):
    """funding.yaml: the money agreed for the plan."""

    units: Text = "£'000"
    lines: list[FundingLine]


def is_action_id(value: object) -> TypeGuard[str]:
    """Whether ``value`` is written as an action ID, whatever else its action gets wrong."""
    return isinstance(value, str) and re.fullmatch(ACTION_ID_PATTERN, value) is not None


def id_key(action_id: str) -> tuple[int, ...]:
    """Sort key for action IDs: part by part, as numbers (2.9.1 < 2.10.1)."""
    return tuple(int(part) for part in action_id.split("."))
