"""What every report shares: the words that say which plan, as at when and made when, the
paper's details and narrative, and the small formatting helpers the reports' context builders use.

Every figure and every label is made here, in Python; templates only lay out what they are given.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from csip import months, text
from csip.figures.snapshot import Audience
from csip.model.domain import Plan, Priority
from csip.model.papers import Narrative, Paper
from csip.text import Blocks
from csip.words import join_words, number_word, plural

STALE_AFTER_MONTHS = 2
"""A plan whose latest update is more than this many months before the as-at date is flagged."""


def made_label(made: dt.datetime) -> str:
    """``25 November 2026 at 00:00 UTC``: when a report was made, with its time zone."""
    zone = made.tzname() or ""
    if made.utcoffset() == dt.timedelta(0):
        zone = "UTC"
    when = f"{months.date_label(made.date())} at {made:%H:%M}"
    return f"{when} {zone}".rstrip()


def meta(
    plan: Plan,
    *,
    title: str,
    as_of: dt.date | None,
    made: dt.datetime,
    month: str | None = None,
    audience: Audience = "public",
) -> dict[str, Any]:
    """What every report states: its title, the paper's details, the plan, the as-at date, a
    warning when the plan's updates stop long before that date, and (in its footer) when made.

    ``month`` is the month the report covers, whose paper it prints; without one, the plan's
    ``paper:`` defaults.
    """
    paper = plan.paper(month) if month is not None else Paper.of(None, plan.header.paper, None)
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
        "paper": paper_context(paper, audience),
        "warning": stale_warning(plan, as_of) if as_of is not None else None,
    }


def paper_context(paper: Paper, audience: Audience) -> dict[str, Any]:
    """The paper's header as a council paper has it, and its narrative as blocks."""
    facts = [
        ("Board", paper.board),
        ("Date", months.date_label(paper.date) if paper.date is not None else None),
        ("Lead officer", paper.lead_officer),
        ("Contact officer", paper.contact_officer),
        ("Reference", paper.reference),
    ]
    return {
        "board": paper.board,
        "date": months.date_label(paper.date) if paper.date is not None else None,
        "date_iso": paper.date.isoformat() if paper.date is not None else None,
        "facts": [{"label": label, "value": value} for label, value in facts if value],
        "summary": narrative(paper.summary, audience),
        "assurance": narrative(paper.assurance, audience),
        "priorities": {
            number: narrative(item, audience) for number, item in paper.priorities.items()
        },
    }


def narrative(item: Narrative | None, audience: Audience) -> Blocks | None:
    """A narrative item as blocks; exempt text only for the exempt (Part 2) audience."""
    if item is None:
        return None
    if item.exempt is not None and audience != "exempt":
        return text.split(exempt_placeholder(item.exempt))
    return text.split(item.text)


def exempt_placeholder(paragraph: int) -> str:
    """What a public paper prints in place of exempt text."""
    return (
        f"Exempt information under paragraph {paragraph} of Schedule 12A to the Local "
        "Government Act 1972: not for publication."
    )


def latest_update(plan: Plan, as_of: dt.date) -> dt.date | None:
    """The date of the plan's latest update on or before ``as_of``."""
    dates = [
        update.date
        for action in plan.actions()
        for update in action.updates
        if update.date <= as_of
    ]
    return max(dates, default=None)


def stale_warning(plan: Plan, as_of: dt.date) -> str | None:
    """A warning when the plan's latest update is over two months before the as-at date.

    With no update at all, the plan's first month counts as its latest news: a plan that has
    only just started is not out of date.
    """
    latest = latest_update(plan, as_of)
    since = months.month_of(latest) if latest is not None else plan.starts
    gap = months.between(since, months.month_of(as_of))
    if gap <= STALE_AFTER_MONTHS:
        return None
    over = f"more than {STALE_AFTER_MONTHS} months before this report's as-at date"
    if latest is None:
        return (
            f"No update has been recorded since the plan started in "
            f"{months.long_label(plan.starts)}, {over} ({months.date_label(as_of)}): its "
            "figures show the actions as planned, not as progressed."
        )
    return (
        f"The plan's latest update is dated {months.date_label(latest)}, {over} "
        f"({months.date_label(as_of)}): progress since then is not recorded, so these figures "
        "may be out of date."
    )


NAMES_INLINE = 3
"""The most priorities a sentence names in full; a longer list is summarised."""


def priorities_phrase(chosen: list[Priority], scope: list[Priority]) -> str:
    """Some of the report's priorities in words, named in full only while the list is short.

    ``Priority 6 \N{EN DASH} Care Leavers and Priority 7 \N{EN DASH} Adoption``; ``all ten
    priorities``; ``every priority except Priority 4 \N{EN DASH} Safeguarding``; or by number
    alone, ``Priorities 1, 3, 5 and 8``. ``scope`` is every priority the report covers.
    """
    numbers = sorted({priority.number for priority in chosen})
    everyone = [priority.number for priority in scope]
    labels = {priority.number: priority.label for priority in [*scope, *chosen]}
    if len(numbers) >= 2 and set(numbers) == set(everyone):
        return (
            "both priorities"
            if len(numbers) == 2
            else f"all {number_word(len(numbers))} priorities"
        )
    if len(numbers) <= NAMES_INLINE:
        return join_words([labels[number] for number in numbers])
    left_out = [number for number in everyone if number not in numbers]
    if len(left_out) <= 2:
        return f"every priority except {join_words([labels[number] for number in left_out])}"
    return "Priorities " + join_words([str(number) for number in numbers])


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
