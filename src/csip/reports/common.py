"""What every report shares: the words that say which plan, as at when and made when, and the
small formatting helpers the reports' context builders use.

Every figure and every label is made here, in Python; templates only lay out what they are given.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from csip import months
from csip.model.domain import Plan
from csip.words import plural


def made_label(made: dt.datetime) -> str:
    """``25 November 2026 at 00:00 UTC``: when a report was made, with its time zone."""
    zone = made.tzname() or ""
    if made.utcoffset() == dt.timedelta(0):
        zone = "UTC"
    when = f"{months.date_label(made.date())} at {made:%H:%M}"
    return f"{when} {zone}".rstrip()


def plan_json(plan: Plan) -> dict[str, str]:
    """Which plan a JSON output came from."""
    return {
        "title": plan.title,
        "organisation": plan.header.organisation,
        "directory": plan.directory,
    }


def meta(plan: Plan, *, title: str, as_of: dt.date | None, made: dt.datetime) -> dict[str, Any]:
    """What every report states at its head: its title, the plan, the as-at date, when made."""
    return {
        "title": title,
        "plan_title": plan.title,
        "organisation": plan.header.organisation,
        "plan_directory": plan.directory,
        "plan_starts": months.long_label(plan.starts),
        "as_at": months.date_label(as_of) if as_of is not None else None,
        "as_at_iso": as_of.isoformat() if as_of is not None else None,
        "made": made_label(made),
        "made_iso": made.isoformat(timespec="seconds"),
    }


CHART_WIDTH = 760
_ROW = 28
_BAR = 20
_PAD = 6
_CHAR = 7.4
"""Rough width of one character of the charts' 14px sans-serif labels."""


def bar_chart(items: list[tuple[str, int]], *, key: str, title: str, unit: str) -> dict[str, Any]:
    """A horizontal bar chart's geometry, for a template to draw as inline SVG.

    Every size is computed here; the template only writes the rectangles and labels. ``desc``
    is the chart's text alternative: every label with its number, as the table beside it has.
    """
    label_width = min(int(max((len(label) for label, _ in items), default=0) * _CHAR) + 12, 400)
    value_room = 48
    area = CHART_WIDTH - label_width - value_room
    largest = max((value for _, value in items), default=0)
    bars = []
    for index, (label, value) in enumerate(items):
        y = _PAD + index * _ROW
        width = round(area * value / largest, 1) if largest else 0.0
        bars.append(
            {
                "label": label,
                "value": value,
                "y": y,
                "height": _BAR,
                "x": label_width,
                "width": width,
                "text_y": y + _BAR / 2 + 5,
                "label_x": label_width - 8,
                "value_x": round(label_width + width + 6, 1),
            }
        )
    height = _PAD * 2 + len(items) * _ROW
    desc = "; ".join(f"{label}: {plural(value, unit)}" for label, value in items) + "."
    return {
        "id": key,
        "title": title,
        "desc": desc if items else "No data.",
        "width": CHART_WIDTH,
        "height": height,
        "axis_x": label_width,
        "axis_top": _PAD - 2,
        "axis_bottom": height - _PAD + 2,
        "bars": bars,
    }
