"""Reports called as the tests call them: each through the registry's one way in."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Literal

from csip.figures.period import MonitoringFigures
from csip.figures.period import monitoring_figures as figures_of_period
from csip.figures.snapshot import Snapshots
from csip.model.domain import Plan
from csip.reports import render_report

Format = Literal["md", "html", "json", "text"]


def board_pack_report(
    plan: Plan, priorities: Sequence[int], day: dt.date, fmt: Format, *, made: dt.datetime
) -> str:
    options = {"priorities": tuple(priorities)}
    return _text(render_report("board-pack", plan, fmt, as_of=day, made=made, options=options))


def changes_report(
    plan: Plan,
    since: dt.date,
    as_of: dt.date,
    fmt: Format,
    *,
    priorities: Sequence[int] = (),
    made: dt.datetime,
) -> str:
    snapshots = Snapshots(plan, priorities=tuple(priorities))
    return _text(render_report("changes", snapshots, fmt, as_of=as_of, since=since, made=made))


def monitoring_report(plan: Plan, first: str, last: str, fmt: Format, *, made: dt.datetime) -> str:
    return _text(
        render_report("monitoring-report", plan, fmt, month=last, first_month=first, made=made)
    )


def monitoring_figures(plan: Plan, first: str, last: str) -> MonitoringFigures:
    return figures_of_period(Snapshots(plan), first, last)


def recommendations_report(plan: Plan, as_of: dt.date, fmt: Format, *, made: dt.datetime) -> str:
    return _text(render_report("recommendations", plan, fmt, as_of=as_of, made=made))


def _text(rendered: str | bytes) -> str:
    """A report as text: JSON is rendered as its UTF-8 bytes."""
    return rendered.decode("utf-8") if isinstance(rendered, bytes) else rendered
