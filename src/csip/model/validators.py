"""What each field type of a plan file means to pydantic: the rules of ``csip.model.rules``.

Imported only when a file has to be validated (it is new or changed since the cache saw it), so
that a plan read from the cache never imports pydantic. Every scalar arrives as text, so whole
numbers and action IDs are read from it here, strictly and without ever converting a number too
long to be one. Dates are checked to be written ``YYYY-MM-DD`` and to exist; months and dates
lie in the calendar of ``csip.months`` (1900 to 2199). The wording of every error is rewritten
in ``messages``; the error types raised here are named there.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Annotated, Any, TypeVar

from pydantic import (
    AfterValidator,
    BeforeValidator,
    Field,
    StringConstraints,
    TypeAdapter,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError

from csip import months
from csip.model.plain import per_type
from csip.model.rules import (
    ACTION_ID_PATTERN,
    FINANCIAL_YEAR_PATTERN,
    ID_PART_DIGITS,
    MAX_AMOUNT,
    MAX_PRIORITY,
    MONTH_PATTERN,
    PRIORITY_KEY_PATTERN,
    REALISED,
)

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_ACTION_ID = re.compile(ACTION_ID_PATTERN)
# What the JSON Schemas say: the same rules, the calendar's years included.
_YEAR = r"(19[0-9]{2}|2[01][0-9]{2})"
_SCHEMA_MONTH = rf"^{_YEAR}-(0[1-9]|1[0-2])$"
_SCHEMA_DATE = rf"^{_YEAR}-[0-9]{{2}}-[0-9]{{2}}$"
_DOTTED = re.compile(r"[0-9]+(\.[0-9]+)+")
# A whole number as a person writes one: digits, no leading zero, a minus sign at most (so that a
# negative amount is reported as negative). No "+1", "1_000", "010" or "1.0".
_WHOLE = re.compile(r"0|-?[1-9][0-9]*")

_T = TypeVar("_T")


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
    if _ACTION_ID.fullmatch(value):
        return value
    parts = value.split(".")
    if _DOTTED.fullmatch(value) and parts[0].strip("0"):
        if any(len(part) > ID_PART_DIGITS for part in parts):
            raise PydanticCustomError("id_part_too_long", "part too long", {"input": value})
        raise PydanticCustomError("id_leading_zero", "leading zero", {"input": value})
    raise PydanticCustomError("not_an_action_id", "not an action ID", {"input": value})


def _whole_number(minimum: int, maximum: int) -> Callable[[Any], Any]:
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


def _exempt_given(value: Any) -> Any:
    """``exempt:`` left empty would publish the text it was meant to hold back: an error."""
    if value is None:
        raise PydanticCustomError("exempt_empty", "an empty exempt", {})
    return value


def _text_as_item(value: Any) -> Any:
    """Plain text is a public narrative item; a mapping is read as ``{text, exempt}``; nothing
    else is one."""
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


def _not_blank(value: str) -> str:
    """Text of blanks alone (``action: "   "``) is as empty as ``""``."""
    if not value.strip():
        raise PydanticCustomError("string_too_short", "blank", {"min_length": 1})
    return value


_TEXT = Annotated[
    str,
    StringConstraints(min_length=1),
    AfterValidator(_not_blank),
    WithJsonSchema({"type": "string", "minLength": 1, "pattern": "\\S"}),
]
_CODES_SCHEMA = {"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]}
_LEAD_SCHEMA = {
    "anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}, "minItems": 1}]
}


def _whole(minimum: int, maximum: int, **schema: str) -> Any:
    """A whole number from ``minimum`` to ``maximum``, read strictly from its text."""
    return Annotated[
        int,
        BeforeValidator(_whole_number(minimum, maximum)),
        Field(strict=True),
        WithJsonSchema({"type": "integer", "minimum": minimum, "maximum": maximum, **schema}),
    ]


_EXEMPT_PARAGRAPH = _whole(
    1,
    7,
    description="The paragraph of Schedule 12A to the Local Government Act 1972 under which "
    "this text is exempt from publication.",
)


def _fixed(annotation: Any) -> Callable[[Any], Any]:
    """A rule whose pydantic type does not depend on the field's Python type."""
    return lambda _source: annotation


def _none_as_empty_of(source: Any) -> Any:
    is_list = getattr(source, "__origin__", None) is list
    empty = _none_as_empty if is_list else _none_as_empty_mapping
    return Annotated[source, BeforeValidator(empty)]


REALISED.update(
    {
        "text": _fixed(_TEXT),
        "code": _fixed(_TEXT),
        "month": _fixed(
            Annotated[
                str,
                StringConstraints(pattern=MONTH_PATTERN),
                AfterValidator(_month_in_calendar),
                WithJsonSchema({"type": "string", "pattern": _SCHEMA_MONTH}),
            ]
        ),
        "date": _fixed(
            Annotated[
                dt.date,
                BeforeValidator(_parse_date),
                WithJsonSchema({"type": "string", "format": "date", "pattern": _SCHEMA_DATE}),
            ]
        ),
        "action_id": _fixed(
            Annotated[
                str,
                AfterValidator(_action_id),
                WithJsonSchema({"type": "string", "pattern": ACTION_ID_PATTERN}),
            ]
        ),
        "codes": _fixed(
            Annotated[
                list[_TEXT],
                BeforeValidator(_one_or_many),
                BeforeValidator(_none_as_empty),
                WithJsonSchema(_CODES_SCHEMA),
            ]
        ),
        "lead": _fixed(
            Annotated[
                list[_TEXT],
                Field(min_length=1),
                BeforeValidator(_one_or_many),
                BeforeValidator(_none_as_empty),
                WithJsonSchema(_LEAD_SCHEMA),
            ]
        ),
        "text_list": _fixed(Annotated[list[_TEXT], BeforeValidator(_none_as_empty)]),
        "financial_year": _fixed(
            Annotated[
                str,
                StringConstraints(pattern=FINANCIAL_YEAR_PATTERN),
                AfterValidator(_consecutive_years),
            ]
        ),
        "priority_number": _fixed(_whole(1, MAX_PRIORITY)),
        "amount": _fixed(_whole(0, MAX_AMOUNT)),
        "exempt_paragraph": _fixed(_EXEMPT_PARAGRAPH),
        "exempt": _fixed(Annotated[_EXEMPT_PARAGRAPH | None, BeforeValidator(_exempt_given)]),
        "role_table": _fixed(
            Annotated[dict[_TEXT, str | None], BeforeValidator(_none_as_empty_mapping)]
        ),
        "priorities": _fixed(Annotated[list[Annotated[int, Field(ge=1)]], Field(min_length=1)]),
        "priority_key": _fixed(Annotated[str, StringConstraints(pattern=PRIORITY_KEY_PATTERN)]),
        "narrative": lambda source: Annotated[
            source, BeforeValidator(_text_as_item), WithJsonSchema(_NARRATIVE_SCHEMA)
        ],
        "none_as_empty": _none_as_empty_of,
        "at_least_one": lambda source: Annotated[source, Field(min_length=1)],
    }
)


@per_type
def adapter(annotation: Any) -> TypeAdapter[Any]:
    """The validator of a record class (or any type of them), built once."""
    return TypeAdapter(annotation)


def parse(record: type[_T], data: object) -> _T:
    """``data`` as a ``record``; pydantic's ValidationError when it is not one."""
    value: _T = adapter(record).validate_python(data)
    return value
