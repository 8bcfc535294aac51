"""What each plan file may hold: pydantic models for plan.yaml, a priority file and funding.yaml.

Unknown keys are errors (``extra="forbid"``), so a typo such as ``deu:`` never passes silently.
Months stay as their ``YYYY-MM`` text, which sorts in time order; dates become ``datetime.date``
after a check that they are written ``YYYY-MM-DD`` and exist. Both lie in the calendar of
``csip.months`` (1900 to 2199). Every scalar arrives as text, so whole numbers and action IDs are
read from it here, strictly and without ever converting a number too long to be one. The wording
of every error is rewritten in ``messages``; the error types raised here are named there.
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

from csip import months

MONTH_PATTERN = r"^[0-9]{4}-(0[1-9]|1[0-2])$"
ACTION_ID_PATTERN = r"^[1-9][0-9]{0,3}(\.(0|[1-9][0-9]{0,3}))+$"
FINANCIAL_YEAR_PATTERN = r"^[0-9]{4}/[0-9]{2}$"
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# What the JSON Schemas say: the same rules, the calendar's years included.
_YEAR = r"(19[0-9]{2}|2[01][0-9]{2})"
_SCHEMA_MONTH = rf"^{_YEAR}-(0[1-9]|1[0-2])$"
_SCHEMA_DATE = rf"^{_YEAR}-[0-9]{{2}}-[0-9]{{2}}$"
# Dotted numbers of up to four digits a part, the first not zero, leading zeros allowed: what can
# be read as an ID's numbers (1.01 is 1.1 written another way) without ever handing int() a long
# run of digits.
ID_PART_DIGITS = 4
_ID_NUMBERS = re.compile(rf"(?!0+\.)[0-9]{{1,{ID_PART_DIGITS}}}(\.[0-9]{{1,{ID_PART_DIGITS}}})+")
_DOTTED = re.compile(r"[0-9]+(\.[0-9]+)+")
# A whole number as a person writes one: digits, no leading zero, a minus sign at most (so that a
# negative amount is reported as negative). No "+1", "1_000", "010" or "1.0".
_WHOLE = re.compile(r"0|-?[1-9][0-9]*")
MAX_PRIORITY = 10**ID_PART_DIGITS - 1
MAX_AMOUNT = 10**9
"""The largest amount a funding line may give: a trillion pounds in £'000, so that no total of a
plan's lines comes near the size where whole numbers stop printing."""

STATUSES = ("not-started", "in-progress", "complete", "withdrawn")
Status = Literal["not-started", "in-progress", "complete", "withdrawn"]
GreenRequires = Literal["complete", "evidenced", "embedded"]


def _parse_date(value: Any) -> Any:
    """Accept only ``YYYY-MM-DD`` text naming a real day; pydantic's own parser is laxer."""
    if not isinstance(value, str):
        return value
    if not _DATE.fullmatch(value):
        raise PydanticCustomError("not_a_date", "not a date", {"input": value})
    if not months.in_calendar(int(value[:4])):
        raise PydanticCustomError("date_out_of_range", "out of range", {"input": value})
    try:
        return dt.date.fromisoformat(value)
    except ValueError as error:
        raise PydanticCustomError(
            "not_a_real_date", "not a real date", {"input": value, "reason": str(error)}
        ) from None


def _month_in_calendar(value: str) -> str:
    if not months.in_calendar(int(value[:4])):
        raise PydanticCustomError("month_out_of_range", "out of range", {"input": value})
    return value


def _action_id(value: str) -> str:
    """An action ID, or the reason it is not one: leading zeros and long parts named as such."""
    if re.fullmatch(ACTION_ID_PATTERN, value):
        return value
    parts = value.split(".")
    if _DOTTED.fullmatch(value) and parts[0].strip("0"):
        if any(len(part) > ID_PART_DIGITS for part in parts):
            raise PydanticCustomError("id_part_too_long", "part too long", {"input": value})
        raise PydanticCustomError("id_leading_zero", "leading zero", {"input": value})
    raise PydanticCustomError("not_an_action_id", "not an action ID", {"input": value})


def _whole_number(minimum: int, maximum: int) -> Any:
    """A parser of whole numbers from ``minimum`` (0 or more) to ``maximum``, as a plan writes
    them.

    Scalars reach the model as text, and int() would take "+1", "1_000" and "010"; the length
    is checked first, so a number thousands of digits long is never converted.
    """

    def parse(value: Any) -> Any:
        if not isinstance(value, str):
            return value
        if not _WHOLE.fullmatch(value):
            kind = "not_plain_digits" if _looks_numeric(value) else "not_a_whole_number"
            raise PydanticCustomError(kind, "not a whole number", {"input": value})
        negative = value.startswith("-")
        if len(value) > len(str(maximum)) + negative:
            number = -maximum - 1 if negative else maximum + 1
        else:
            number = int(value)
        if number < minimum:
            raise PydanticCustomError("greater_than_equal", "too small", {"ge": minimum})
        if number > maximum:
            raise PydanticCustomError("less_than_equal", "too large", {"le": maximum})
        return number

    return parse


def _looks_numeric(value: str) -> bool:
    """Written as a number, but not plainly: a sign, underscores, a decimal point of zeros."""
    return re.fullmatch(r"[+-]?[0-9][0-9_]*(\.0*)?", value) is not None


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
    if not (months.in_calendar(first) and months.in_calendar(first + 1)):
        raise PydanticCustomError("financial_year_out_of_range", "out of range", {"input": value})
    return value


Text = Annotated[str, StringConstraints(min_length=1)]
Month = Annotated[
    str,
    StringConstraints(pattern=MONTH_PATTERN),
    AfterValidator(_month_in_calendar),
    WithJsonSchema({"type": "string", "pattern": _SCHEMA_MONTH}),
]
Date = Annotated[
    dt.date,
    BeforeValidator(_parse_date),
    WithJsonSchema({"type": "string", "format": "date", "pattern": _SCHEMA_DATE}),
]
ActionId = Annotated[
    str,
    AfterValidator(_action_id),
    WithJsonSchema({"type": "string", "pattern": ACTION_ID_PATTERN}),
]
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
PriorityNumber = Annotated[
    int,
    BeforeValidator(_whole_number(1, MAX_PRIORITY)),
    Field(strict=True),
    WithJsonSchema({"type": "integer", "minimum": 1, "maximum": MAX_PRIORITY}),
]
Amount = Annotated[
    int,
    BeforeValidator(_whole_number(0, MAX_AMOUNT)),
    Field(strict=True),
    WithJsonSchema({"type": "integer", "minimum": 0, "maximum": MAX_AMOUNT}),
]


def _exempt_given(value: Any) -> Any:
    """``exempt:`` left empty would publish the text it was meant to hold back: an error."""
    if value is None:
        raise PydanticCustomError("exempt_empty", "an empty exempt", {})
    return value


ExemptParagraph = Annotated[
    int,
    BeforeValidator(_whole_number(1, 7)),
    Field(strict=True),
    WithJsonSchema(
        {
            "type": "integer",
            "minimum": 1,
            "maximum": 7,
            "description": "The paragraph of Schedule 12A to the Local Government Act 1972 "
            "under which this text is exempt from publication.",
        }
    ),
]
Exempt = Annotated[ExemptParagraph | None, BeforeValidator(_exempt_given)]
"""An entry's ``exempt:`` key: absent for public text, else the paragraph; never empty."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Update(_Strict):
    """One entry in an action's progress log."""

    date: Date
    status: Status
    note: Text | None = None
    due: Month | None = Field(None, description="A revised timeline agreed at this update.")
    evidence: TextList = Field(default_factory=list)
    exempt: Exempt = Field(None, description="Its note and evidence are exempt.")


class Action(_Strict):
    """One action of the plan, with its published timescale and its progress log."""

    id: ActionId
    action: Text
    lead: Lead
    agencies: Codes = Field(default_factory=list)
    start: Month | None = Field(None, description="Omitted: the plan's start month.")
    due: Month
    updates: Annotated[list[Update], BeforeValidator(_none_as_empty)] = Field(default_factory=list)
    recommendations: Codes = Field(
        default_factory=list,
        description="IDs of the inspection recommendations it answers (recommendations.yaml).",
    )
    exempt: Exempt = Field(None, description="Its action text, notes and evidence are exempt.")


class PriorityFile(_Strict):
    """A priority file: one of the plan's priorities and its actions."""

    priority: PriorityNumber
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
    green_requires: GreenRequires = Field(
        "complete",
        description=(
            "What Green means: complete (the default), or complete with the evidence verified "
            "(evidenced) or the work tested as embedded (embedded) at a board meeting."
        ),
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
    exempt: Exempt = Field(None, description="Its comment is exempt.")


class FundingFile(_Strict):
    """funding.yaml: the money agreed for the plan."""

    units: Text = "£'000"
    lines: list[FundingLine]


def is_action_id(value: object) -> TypeGuard[str]:
    """Whether ``value`` can be read as an action ID's numbers, whatever else its action gets
    wrong; leading zeros are allowed here, so that 1.01 is found to be 1.1 written again."""
    return isinstance(value, str) and _ID_NUMBERS.fullmatch(value) is not None


def id_key(action_id: str) -> tuple[int, ...]:
    """Sort key for action IDs: part by part, as numbers (2.9.1 < 2.10.1). Two IDs with one key
    are one ID written twice."""
    return tuple(int(part) for part in action_id.split("."))
