"""Plain words for every error the model can raise: the one place where its wording lives.

pydantic says "Input should be a valid integer, unable to parse string as an integer"; an
improvement officer needs "'priority' must be a whole number, not 'six'". Each entry maps a
pydantic error type to a template; the fields it may use are listed in ``describe``.
"""

from __future__ import annotations

import bisect
import difflib
from collections.abc import Iterable
from typing import Any

from csip import months
from csip.model import rules
from csip.words import visible

# {field}: the key the problem is in; {input}: the value as written; {found}: what kind of value
# it is; {hint}: a "did you mean" suggestion, with its leading space, or nothing.
TEMPLATES: dict[str, str] = {
    "missing": "missing required key '{field}'",
    "extra_forbidden": "unknown key '{field}'{hint}",
    "merge_key": (
        "YAML merge keys ('<<: *name') are not used in plan files: write each key out, "
        "or repeat the whole mapping with '*name'"
    ),
    "string_type": "'{field}' must be text, not {found}",
    "string_unicode": "'{field}' holds bytes that are not UTF-8 text",
    "string_too_short": "'{field}' must not be empty",
    "too_short": "'{field}' must not be empty",
    "list_type": "'{field}' must be a list, not {found}",
    "dict_type": "'{field}' must be a mapping of keys to values, not {found}",
    "model_type": "'{field}' must be a mapping of keys to values, not {found}",
    "model_attributes_type": "'{field}' must be a mapping of keys to values, not {found}",
    "int_type": "'{field}' must be a whole number, not {found}",
    "int_parsing": "'{field}' must be a whole number, not '{input}'",
    "int_from_float": "'{field}' must be a whole number, not '{input}'",
    "not_a_whole_number": "'{field}' must be a whole number, not '{input}'",
    "not_plain_digits": (
        "'{field}' must be a whole number in plain digits (no sign, underscore, leading zero or "
        "decimal point), not '{input}'"
    ),
    "greater_than_equal": "'{field}' must be {ge} or more, not {input}",
    "less_than_equal": "'{field}' must be {le} or less, not {input}",
    "narrative_type": "'{field}' must be text, or a mapping of 'text' and 'exempt', not {found}",
    "exempt_empty": (
        "'exempt' is empty: give the paragraph of Schedule 12A (1 to 7) that makes the text "
        "exempt, or remove the key if the text is public"
    ),
    "literal_error": "'{field}' must be one of {expected}, not {found}{hint}",
    "date_type": "'{field}' must be a date written YYYY-MM-DD, not {found}",
    "not_a_date": "'{input}' is not a date: write it as YYYY-MM-DD, such as 2017-01-31",
    "not_a_real_date": "'{input}' is not a real date ({reason})",
    "date_out_of_range": f"'{{input}}' is out of range: {months.DATE_RANGE}",
    "not_a_financial_year": "'{input}' is not a financial year: write it as 2016/17",
    "financial_year_out_of_range": f"'{{input}}' is out of range: {months.FINANCIAL_YEAR_RANGE}",
    "month_pattern": "'{input}' is not a month: write it as YYYY-MM, such as 2017-01",
    "month_out_of_range": f"'{{input}}' is out of range: {months.MONTH_RANGE}",
    "not_an_action_id": (
        "'{input}' is not an action ID: write dotted numbers whose first part is the priority, "
        "such as 6.1.4"
    ),
    "id_leading_zero": (
        "'{input}' is not an action ID: write each part without leading zeros, such as 6.1.4"
    ),
    "id_part_too_long": (
        f"'{{input}}' is not an action ID: each part has at most {rules.ID_PART_DIGITS} digits"
    ),
    "financial_year_pattern": "'{input}' is not a financial year: write it as 2016/17",
    "priority_key_pattern": "'{input}' is not a priority number: write it as a number, such as 3",
}

# Which template a pattern mismatch gets, by the pattern that failed.
PATTERNS: dict[str, str] = {
    rules.MONTH_PATTERN: "month_pattern",
    rules.FINANCIAL_YEAR_PATTERN: "financial_year_pattern",
    rules.PRIORITY_KEY_PATTERN: "priority_key_pattern",
}

# Short codes for machine-readable output, by template.
CODES: dict[str, str] = {
    "missing": "missing-key",
    "extra_forbidden": "unknown-key",
    "greater_than_equal": "out-of-range",
    "less_than_equal": "out-of-range",
    "literal_error": "unknown-value",
    "merge_key": "merge-key",
    "string_unicode": "not-text",
    "not_a_date": "bad-date",
    "not_a_real_date": "bad-date",
    "date_out_of_range": "bad-date",
    "not_a_financial_year": "bad-financial-year",
    "financial_year_out_of_range": "bad-financial-year",
    "month_pattern": "bad-month",
    "month_out_of_range": "bad-month",
    "not_an_action_id": "bad-id",
    "id_leading_zero": "bad-id",
    "id_part_too_long": "bad-id",
    "financial_year_pattern": "bad-financial-year",
    "priority_key_pattern": "bad-priority",
    "narrative_type": "wrong-type",
    "exempt_empty": "empty-exempt",
    "string_too_short": "empty-value",
    "too_short": "empty-value",
}


# A suggestion compares a word with every choice when there are at most MAX_COMPARED; with more,
# only with the few that share the longest start or the longest end with it, found by bisection
# in the choices sorted by their starts and by their ends (a slip leaves one of the two intact).
# So 6,000 unknown codes against 6,000 declared ones cost a fraction of a second, not the minutes
# that comparing every pair would.
MAX_COMPARED = 24
_LOOKED_AT = 4
"""How many choices either side of the word's place in each sorted order are looked at."""
_KEPT = 2
"""How many of those, sharing the longest start (or end), are compared with it in each order."""
# Longer words get no suggestion: no code or key is that long, and comparing costs its length.
MAX_SUGGESTED_LENGTH = 100


class Suggestions:
    """The nearest of a set of choices to each word asked about, in bounded time, remembered.

    Built once for a set of choices and asked about every unknown word: the same word asked
    twice (one unknown code in many actions) is compared once. The choices are ordered only
    when a first word is asked about, so a plan with nothing unknown never pays for it. Words
    are compared without regard to case, so ``dcs`` is offered ``DCS``.
    """

    def __init__(self, choices: Iterable[str]) -> None:
        self._given = choices
        self._by_folded: dict[str, str] | None = None
        """Each choice under its case-folded form (the first, when two differ only in case)."""
        self._starts: list[str] = []
        self._ends: list[str] = []
        self._hints: dict[str, str] = {}

    def _folded(self) -> dict[str, str]:
        if self._by_folded is None:
            self._by_folded = {}
            for choice in self._given:
                self._by_folded.setdefault(choice.casefold(), choice)
            if len(self._by_folded) > MAX_COMPARED:
                self._starts = sorted(self._by_folded)
                self._ends = sorted(folded[::-1] for folded in self._by_folded)
        return self._by_folded

    def hint(self, word: str) -> str:
        """`` (did you mean 'x'?)`` for the nearest choice, or nothing when none is near."""
        hint = self._hints.get(word)
        if hint is None:
            hint = ""
            if len(word) <= MAX_SUGGESTED_LENGTH:
                folded = word.casefold()
                close = [folded] if folded in self._folded() else []
                if not close:
                    close = difflib.get_close_matches(
                        folded, self._candidates(folded), n=1, cutoff=0.6
                    )
                if close:
                    hint = f" (did you mean '{shown(self._folded()[close[0]])}'?)"
            self._hints[word] = hint
        return hint

    def _candidates(self, folded: str) -> list[str]:
        choices = list(self._folded())
        if not self._starts:
            return choices
        ends = _sharing_most(self._ends, folded[::-1])
        return _sharing_most(self._starts, folded) + [end[::-1] for end in ends]


def _sharing_most(ordered: list[str], word: str) -> list[str]:
    """The items of a sorted list near ``word``'s place in it that share the longest start with
    it, nearest first: at most _KEPT of the _LOOKED_AT either side."""
    at = bisect.bisect_left(ordered, word)
    near = range(max(at - _LOOKED_AT, 0), min(at + _LOOKED_AT, len(ordered)))
    ranked = sorted(near, key=lambda index: (-_shared_start(word, ordered[index]), abs(index - at)))
    return [ordered[index] for index in ranked[:_KEPT]]


def _shared_start(one: str, other: str) -> int:
    """How many characters two words share from their start."""
    shared = 0
    for mine, theirs in zip(one, other, strict=False):
        if mine != theirs:
            break
        shared += 1
    return shared


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` for the nearest choice, or nothing when none is near.

    For one word; to ask about many against one set of choices, build ``Suggestions`` once.
    """
    return Suggestions(choices).hint(word)


def unknown_code(what: str, code: str, plan_path: str, declared: Suggestions) -> str:
    """``unknown role 'X': plan.yaml does not declare it``, with the nearest declared code."""
    return f"unknown {what} '{shown(code)}': {plan_path} does not declare it{declared.hint(code)}"


# How much of a value a message repeats: enough to find it, never a whole file on one line.
SHOWN_LENGTH = 60


def shown(text: str) -> str:
    """Text from the plan as a message repeats it: on one line, and cut short when long."""
    one_line = visible(text)
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
    error_type: str,
    field: str,
    value: Any,
    context: dict[str, Any],
    choices: Iterable[str],
    *,
    withheld: bool = False,
) -> tuple[str, str]:
    """The code and plain message for one pydantic error.

    ``choices`` are the keys or values that would have been accepted, for the suggestion.
    ``withheld``: the value is exempt text, which the message describes but never repeats.
    """
    key = error_type
    if error_type == "extra_forbidden" and field == "<<":
        key = "merge_key"
    if error_type == "string_pattern_mismatch":
        key = PATTERNS.get(str(context.get("pattern")), "month_pattern")
    template = TEMPLATES.get(key)
    if template is None:
        return "invalid-value", f"'{shown(field)}' is not valid here: {context.get('message', key)}"
    written = shown(value) if isinstance(value, str) else kind_of(value)
    found = kind_of(value)
    if withheld:
        written = found = "exempt text" if isinstance(value, str) else found
    hint = ""
    if error_type == "extra_forbidden":
        hint = did_you_mean(field, choices)
    elif error_type == "literal_error" and isinstance(value, str) and not withheld:
        hint = did_you_mean(value, choices)
    fields: dict[str, Any] = {
        "field": shown(field),
        "input": written,
        "found": found,
        "hint": hint,
        **{name: context[name] for name in ("ge", "le", "reason") if name in context},
        "expected": ", ".join(choices),
    }
    return CODES.get(key, "wrong-type"), template.format(**fields)
