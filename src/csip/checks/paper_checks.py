"""Checks on the papers and on the span of months the plan reports: each a function to findings.

A paper is written for one month of the plan: its month falls within the plan's span, it is not
dated before that month began, and it comments only on priorities the plan has. A plan that
names its last month (``ends:``) ends no earlier than it starts, and an action due after that
month would never be reported due.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

from csip import months
from csip.checks.check import Check
from csip.model.messages import shown
from csip.model.parts import Parts, readable
from csip.problems import Finding


def paper_names(parts: Parts, today: dt.date) -> Iterator[Finding]:
    """A paper file is named for the month it reports on."""
    for path, month in parts.paper_files:
        if month is None:
            stem = Path(path).stem
            yield Finding(
                path,
                (),
                "bad-paper-name",
                f"'{shown(stem)}' is not a month: a paper file is named for the month it "
                "reports on, such as papers/2017-01.yaml",
            )


def paper_months(parts: Parts, today: dt.date) -> Iterator[Finding]:
    """One paper file per month, and only for a month the plan reports on (while plan.yaml's
    start and end can be read)."""
    span = readable(parts.plan_readable, ("starts", "ends"))
    first: dict[str, str] = {}
    for path, month, paper in parts.readable_papers:
        if month in first:
            for here, there in ((path, first[month]), (first[month], path)):
                yield Finding(
                    here,
                    (),
                    "duplicate-paper",
                    f"{months.long_label(month)} has another paper file: {{related}}",
                    related=(there, ()),
                )
        else:
            first[month] = path
        if span is not None and month < span.record.starts:
            yield Finding(
                path,
                (),
                "paper-before-plan",
                f"this paper is for {months.long_label(month)}, before the plan starts "
                f"({months.long_label(span.record.starts)}): no report covers that month",
            )
        elif span is not None and span.record.ends is not None and month > span.record.ends:
            yield Finding(
                path,
                (),
                "paper-after-plan",
                f"this paper is for {months.long_label(month)}, after the plan ends "
                f"({months.long_label(span.record.ends)}): no report covers that month",
            )
        dated = readable(paper, ("date",))
        day = dated.record.date if dated is not None else None
        if day is not None and day < months.first_day(month):
            yield Finding(
                path,
                ("date",),
                "paper-dated-early",
                f"the paper for {months.long_label(month)} is dated {day}, before the month it "
                "reports on began",
            )


def paper_priorities(parts: Parts, today: dt.date) -> Iterator[Finding]:
    """A commentary stands beside a priority the plan has."""
    numbers = sorted({part.number for part in parts.priority_files if part.number is not None})
    have = ", ".join(str(number) for number in numbers) or "none"
    for path, _, paper in parts.readable_papers:
        commented = readable(paper, ("priorities",))
        for key in commented.record.priorities if commented is not None else ():
            if int(key) not in numbers:
                yield Finding(
                    path,
                    ("priorities", key),
                    "unknown-priority",
                    f"commentary on priority {key}, which the plan does not have (its "
                    f"priorities: {have})",
                    anchor="key",
                )


def plan_span(parts: Parts, today: dt.date) -> Iterator[Finding]:
    """The plan ends no earlier than it starts, and no action is due after it ends."""
    span = readable(parts.plan_readable, ("starts", "ends"))
    if span is None:
        return
    plan_path, header = span.path, span.record
    ends = header.ends
    if ends is None:
        return
    if ends < header.starts:
        yield Finding(
            plan_path,
            ("ends",),
            "ends-before-start",
            f"the plan ends ({ends}) before it starts ({header.starts})",
        )
        return
    for path, index, action in parts.actions(
        lambda summary: summary.latest_due is not None and summary.latest_due > ends,
        reading=frozenset({"id", "due"}),
    ):
        if action.due > ends:
            yield Finding(
                path,
                ("actions", index, "due"),
                "due-after-end",
                f"action '{action.id}' is due ({action.due}) after the plan ends ({ends}, in "
                f"{plan_path}): no report will show it due",
                level="warning",
            )


CHECKS: tuple[Check, ...] = (paper_names, paper_months, paper_priorities, plan_span)
