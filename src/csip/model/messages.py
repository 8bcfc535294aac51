"""Plain words for every error the model can raise: the one place where its wording lives.

pydantic says "Input should be a valid integer, unable to parse string as an integer"; an
improvement officer needs "'priority' must be a whole number, not 'six'". Each entry maps a
pydantic error type to a template; the fields it may use are listed in ``describe``.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import Any

from csip.model import files as model
from csip.model import papers

# {field}: the key the problem is in; {input}: the value as written; {found}: what kind of value
# it is; {hint}: a "did you mean" suggestion, with its leading space, or nothing.
TEMPLATES: dict[str, str] = {
    "missing": "missing required key '{field}'",
    "extra_forbidden": "unknown key '{field}'{hint}",
    "string_type": "'{field}' must be text, not {found}",
    "string_too_short": "'{field}' must not be empty",
    "too_short": "'{field}' must not be empty",
    "list_type": "'{field}' must be a list, not {found}",
    "dict_type": "'{field}' must be a mapping of keys to values, not {found}",
    "model_type": "'{field}' must be a mapping of keys to values, not {found}",
    "model_attributes_type": "'{field}' must be a mapping of keys to values, not {found}",
    "int_type": "'{field}' must be a whole number, not {found}",
    "int_parsing": "'{field}' must be a whole number, not '{input}'",
    "int_from_float": "'{field}' must be a whole number, not '{input}'",
    "greater_than_equal": "'{field}' must be {ge} or more, not {input}",
    "less_than_equal": "'{field}' must be {le} or less, not {input}",
    "narrative_type": "'{field}' must be text, or a mapping of 'text' and 'exempt', not {found}",
    "literal_error": "'{field}' must be one of {expected}, not '{input}'{hint}",
    "not_a_date": "'{input}' is not a date: write it as YYYY-MM-DD, such as 2017-01-31",
    "not_a_real_date": "'{input}' is not a real date ({reason})",
    "not_a_financial_year": "'{input}' is not a financial year: write it as 2016/17",
    "month_pattern": "'{input}' is not a month: write it as YYYY-MM, such as 2017-01",
    "action_id_pattern": (
        "'{input}' is not an action ID: write dotted numbers whose first part is the priority, "
        "such as 6.1.4"
    ),
    "financial_year_pattern": "'{input}' is not a financial year: write it as 2016/17",
    "priority_key_pattern": "'{input}' is not a priority number: write it as a number, such as 3",
}

# Which template a pattern mismatch gets, by the pattern that failed.
PATTERNS: dict[str, str] = {
    model.MONTH_PATTERN: "month_pattern",
    model.ACTION_ID_PATTERN: "action_id_pattern",
    model.FINANCIAL_YEAR_PATTERN: "financial_year_pattern",
    papers.PRIORITY_KEY_PATTERN: "priority_key_pattern",
}

# Short codes for machine-readable output, by template.
CODES: dict[str, str] = {
    "missing": "missing-key",
    "extra_forbidden": "unknown-key",
    "greater_than_equal": "out-of-range",
    "less_than_equal": "out-of-range",
    "literal_error": "unknown-value",
    "not_a_date": "bad-date",
    "not_a_real_date": "bad-date",
    "not_a_financial_year": "bad-financial-year",
    "month_pattern": "bad-month",
    "action_id_pattern": "bad-id",
    "financial_year_pattern": "bad-financial-year",
    "priority_key_pattern": "bad-priority",
    "narrative_type": "wrong-type",
    "string_too_short": "empty-value",
    "too_short": "empty-value",
}


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` for the nearest choice, or nothing when none is near."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{shown(close[0])}'?)" if close else ""


# How much of a value a message repeats: enough to find it, never a whole file on one line.
SHOWN_LENGTH = 60


def shown(text: str) -> str:
    """Text from the plan as a message repeats it: on one line, and cut short when long."""
    one_line = "".join(char if char.isprintable() else repr(char)[1:-1] for char in text)
    if len(one_line) > SHOWN_LENGTH:
        return one_line[: SHOWN_LENGTH - 1] + "…"
    return one_line


def kind_of(value: Any) -> str:
    """What a value is, in the words a person would use."""
    if value is None:
        return "an empty value"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return f"'{shown(str(value))}'"


def describe(
    error_type: str, field: str, value: Any, context: dict[str, Any], choices: Iterable[str]
) -> tuple[str, str]:
    """The code and plain message for one pydantic error.

    ``choices`` are the keys or values that would have been accepted, for the suggestion.
    """
    key = error_type
    if error_type == "string_pattern_mismatch":
        key = PATTERNS.get(str(context.get("pattern")), "month_pattern")
    template = TEMPLATES.get(key)
    if template is None:
        return "invalid-value", f"'{shown(field)}' is not valid here: {context.get('message', key)}"
    written = shown(value) if isinstance(value, str) else kind_of(value)
    hint = ""
    if error_type == "extra_forbidden":
        hint = did_you_mean(field, choices)
    elif error_type == "literal_error" and isinstance(value, str):
        hint = did_you_mean(value, choices)
    fields: dict[str, Any] = {
        "field": shown(field),
        "input": written,
        "found": kind_of(value),
        "hint": hint,
        **{name: context[name] for name in ("ge", "le", "reason") if name in context},
        "expected": ", ".join(choices),
    }
    return CODES.get(key, "wrong-type"), template.format(**fields)
