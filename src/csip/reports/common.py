"""What every report shares: the words that say which plan, as at when and made when, the
paper's details and narrative, and the small formatting helpers the reports' context builders use.

Every figure and every label is made here, in Python; templates only lay out what they are given.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import TYPE_CHECKING, Any

from csip import months, text
from csip.model.domain import Plan, Priority
from csip.text import Blocks
from csip.words import join_words, number_word, plural

STALE_AFTER_MONTHS = 2
"""A plan whose latest update is more than this many months before the as-at date is flagged."""

if TYPE_CHECKING:
    from csip.figures.period import PaceMonth
    from csip.model.papers import Narrative, Paper


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


def meta(
    plan: Plan,
    *,
    title: str,
    as_of: dt.date | None,
    made: dt.datetime,
    month: str | None = None,
    paper: Paper | None = None,
) -> dict[str, Any]:
    """What every report states: its title, the paper's details, the plan, the as-at date, a
    warning when the plan's updates stop long before that date, and (in its footer) when made.

    ``month`` is the month the report covers, whose paper it prints; without one, the plan's
    ``paper:`` defaults; ``paper``, a paper the report makes for itself (a board's pack).
    """
    from csip.model.papers import Paper  # a report's figures alone (JSON) print no paper

    if paper is None:
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
        "paper": paper_context(paper),
        "part": part_context(plan),
        "warning": stale_warning(plan, as_of) if as_of is not None else None,
    }


def part_context(plan: Plan) -> dict[str, Any]:
    """Part 1 (public) or Part 2 (exempt): what the paper says of itself at its top and on
    every printed page."""
    if plan.redacted or not plan.exempt_paragraphs:
        return {"exempt": False, "label": "Part 1 \N{EN DASH} Public", "notice": None}
    paragraphs = join_words([str(number) for number in plan.exempt_paragraphs])
    which = "paragraph" if len(plan.exempt_paragraphs) == 1 else "paragraphs"
    return {
        "exempt": True,
        "label": "Part 2 \N{EN DASH} Exempt: not for publication",
        "notice": (
            "This paper contains exempt information under "
            f"{which} {paragraphs} of Schedule 12A to the Local Government Act 1972 and is not "
            "for publication."
        ),
    }


def exempt_notice(plan: Plan) -> str | None:
    """What a Part 2 output that has no page (JSON, CSV, a terminal's text) says at its top, in
    one line; None for Part 1."""
    part = part_context(plan)
    return f"{part['label']}. {part['notice']}" if part["exempt"] else None


def paper_context(paper: Paper) -> dict[str, Any]:
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
        "summary": narrative(paper.summary),
        "assurance": narrative(paper.assurance),
        "priorities": {number: narrative(item) for number, item in paper.priorities.items()},
    }


def narrative(item: Narrative | None) -> Blocks | None:
    """A narrative item as blocks (in a public plan, an exempt one holds its placeholder)."""
    if item is None:
        return None
    return text.split(item.text)


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


_PACE_HEIGHT = 300
_PACE_LEFT = 48
_PACE_RIGHT = 132
"""Room right of the last month for the two end labels (``77 due``, ``70 completed``)."""
_PACE_TOP = 44
"""Room above the plot for the key."""
_PACE_BOTTOM = 36
_KEY_Y = 16
_LABEL_GAP = 52
"""The least distance between two month labels on the x axis."""
_PACE_SERIES = (
    ("planned", "Planned: actions due, to date", "cumulative_due"),
    ("actual", "Actual: actions completed, to date", "cumulative_completed"),
)


def _ticks(largest: int) -> list[int]:
    """Round values for the y axis (steps of 1, 2, 5, 10, 20, …), 0 to at least ``largest``."""
    step = 1
    while largest > step * 6:
        digits = len(str(step)) - 1
        step = {1: 2, 2: 5, 5: 10}[step // 10**digits] * 10**digits
    top = max(step, -(-largest // step) * step)
    return list(range(0, top + 1, step))


def pace_chart(
    points: list[PaceMonth], *, key: str, title: str, period: tuple[str, str] | None = None
) -> dict[str, Any]:
    """A line chart of planned (cumulative due) against actual (cumulative completed) actions.

    Each point is a month's end. Every coordinate is computed here; the template only draws.
    ``period`` shades the months reported on (from half way to the month before) when they are
    not the whole chart. ``desc`` is the text alternative: the totals
    at the end, then every month's figures, as the table beside the chart has them.
    """
    width, height = CHART_WIDTH, _PACE_HEIGHT
    left, right = _PACE_LEFT, width - _PACE_RIGHT
    top, bottom = _PACE_TOP, height - _PACE_BOTTOM
    largest = max((max(p.cumulative_due, p.cumulative_completed) for p in points), default=0)
    ticks = _ticks(largest)
    count = len(points)
    step = (right - left) / (count - 1) if count > 1 else 0.0

    def x(index: int) -> float:
        return round(left + index * step if count > 1 else (left + right) / 2, 1)

    def y(value: int) -> float:
        return round(bottom - value * (bottom - top) / ticks[-1], 1)

    every = math.ceil(_LABEL_GAP / step) if 0 < step < _LABEL_GAP else 1
    labels = [
        {"x": x(index), "text": months.label(point.month)}
        for index, point in enumerate(points)
        if (count - 1 - index) % every == 0
    ]
    series = []
    key_x = left
    for name, label, attribute in _PACE_SERIES:
        coordinates = [(x(i), y(getattr(point, attribute))) for i, point in enumerate(points)]
        series.append(
            {
                "name": name,
                "label": label,
                "points": " ".join(f"{cx},{cy}" for cx, cy in coordinates),
                "markers": [
                    {"x": cx, "y": cy, "corner_x": round(cx - 4, 1), "corner_y": round(cy - 4, 1)}
                    for cx, cy in coordinates
                ],
                "key": {
                    "x1": key_x,
                    "x2": key_x + 34,
                    "mark": key_x + 17,
                    "corner_x": key_x + 13,
                    "corner_y": _KEY_Y - 4,
                    "text": key_x + 42,
                    "text_y": _KEY_Y + 5,
                },
            }
        )
        key_x += 42 + int(len(label) * _CHAR) + 32
    ends: list[dict[str, Any]] = []
    band = None
    desc = "No data."
    if points:
        last = points[-1]
        due_y, done_y = y(last.cumulative_due), y(last.cumulative_completed)
        if abs(due_y - done_y) < 16:  # keep the end labels apart when the lines end together
            middle = (due_y + done_y) / 2
            ahead = last.cumulative_due >= last.cumulative_completed
            due_y, done_y = (middle - 8, middle + 8) if ahead else (middle + 8, middle - 8)
        # Both above the axis, clear of the month labels below it.
        below = max(due_y, done_y) - (bottom - 6)
        if below > 0:
            due_y, done_y = due_y - below, done_y - below
        end_x = x(count - 1) + 10
        ends = [
            {"x": end_x, "y": round(due_y + 5, 1), "text": f"{last.cumulative_due} due"},
            {
                "x": end_x,
                "y": round(done_y + 5, 1),
                "text": f"{last.cumulative_completed} completed",
            },
        ]
        shown = [point.month for point in points]
        if period is not None and period[0] in shown[1:]:
            start = round(x(shown.index(period[0])) - step / 2, 1)
            band = {
                "x": start,
                "width": round(x(count - 1) - start, 1),
                "y": top,
                "height": bottom - top,
                "label_x": round(start + 6, 1),
                "label_y": bottom - 8,  # low in the band, where cumulative lines seldom are
            }
        detail = "; ".join(
            f"{months.long_label(point.month)}: {point.cumulative_due} due, "
            f"{point.cumulative_completed} completed"
            for point in points
        )
        desc = (
            f"By the end of {months.long_label(last.month)}, "
            f"{plural(last.cumulative_due, 'action')} had fallen due and "
            f"{last.cumulative_completed} had been completed. Month by month, to date: {detail}."
        )
    return {
        "id": key,
        "title": title,
        "desc": desc,
        "width": width,
        "height": height,
        "left": left,
        "right": right,
        "top": top,
        "bottom": bottom,
        "key_y": _KEY_Y,
        "tick_x": left - 8,
        "grid": [{"y": y(tick), "text_y": round(y(tick) + 5, 1), "value": tick} for tick in ticks],
        "labels": labels,
        "label_y": bottom + 22,
        "series": series,
        "ends": ends,
        "band": band,
    }


def pace_json(points: list[PaceMonth]) -> list[dict[str, Any]]:
    """The pace as spec section 9 gives it in JSON: one entry a month from the plan's start."""
    return [
        {
            "month": point.month,
            "due": point.due,
            "completed": point.completed,
            "cumulative_due": point.cumulative_due,
            "cumulative_completed": point.cumulative_completed,
        }
        for point in points
    ]


def pace_rows(points: list[PaceMonth]) -> list[dict[str, Any]]:
    """The pace chart's figures as the table beside it lays them out, a row a month: the JSON's
    entries, each with its month in words."""
    return [{**row, "label": months.long_label(row["month"])} for row in pace_json(points)]


def pace_text(plan_start: str, points: list[PaceMonth]) -> str:
    """Planned against actual completions at the last month, in words."""
    last = points[-1]
    due, done = last.cumulative_due, last.cumulative_completed
    since = (
        f"Since the plan started in {months.long_label(plan_start)}, "
        f"{plural(due, 'action')} {'has' if due == 1 else 'have'} fallen due by the end of "
        f"{months.long_label(last.month)} and {done} {'has' if done == 1 else 'have'} been "
        "completed"
    )
    if done < due:
        return f"{since}: completions are {plural(due - done, 'action')} behind the planned pace."
    if done > due:
        return f"{since}: completions are {plural(done - due, 'action')} ahead of the planned pace."
    return f"{since}: completions are keeping to the planned pace."
