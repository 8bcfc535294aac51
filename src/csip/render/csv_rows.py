"""CSV of the actions, for a spreadsheet: every field, text in full, nothing a spreadsheet runs."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from csip.figures.rag import ActionState
from csip.figures.views import ACTION_FIELDS, action_record


def actions_csv(items: Iterable[ActionState], notice: str | None = None) -> str:
    """The header row, then one row per action, as ``csip actions --format csv`` writes it;
    a Part 2 list starts with a row that says so (``notice``)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    if notice is not None:
        writer.writerow([notice])
    writer.writerow(ACTION_FIELDS)
    for state in items:
        writer.writerow(_cell(value) for value in action_record(state).values())
    return buffer.getvalue()


def _cell(value: object) -> str:
    """A CSV cell: lists joined, nothing as empty, and no text a spreadsheet would run."""
    if value is None:
        return ""
    if isinstance(value, list):
        value = "; ".join(str(item) for item in value)
    text = str(value)
    # A cell that starts with = + - @ is a formula to Excel and LibreOffice: plan text must not
    # become one. Numbers (months overdue) never start so.
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
