"""The funding report (spec section 5): each line of the ledger and the totals per financial year.

Laid out as the council's table "Additional funding for children's social care" is: one row a
line, and for each financial year a column for each measure the ledger records in that year
(2016/17 budget and spend, 2017/18 budget and committed), then the comment. A measure no line
records in a year gets no column, so the table has the seed's shape rather than a grid of blanks.

The figures are plain sums made here once, in whole units of the ledger (``£'000``); the
templates only print them, with thousands separators as the council's papers do (1,171).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal, NamedTuple

from csip.model.domain import Plan
from csip.model.files import FundingFile, id_key
from csip.reports.base import Report
from csip.reports.common import meta, plan_json
from csip.words import join_words, one_line

Measure = Literal["budget", "spend", "committed"]
MEASURES: tuple[Measure, ...] = ("budget", "spend", "committed")
TITLE = "Funding for the improvement plan"
NO_FIGURE = "\N{EN DASH}"
SUMMARY_LENGTH = 90
"""How many characters of an action's text name it beside a funding line."""


class Amounts(NamedTuple):
    """One financial year's money, in the ledger's units; None where nothing is recorded.

    A named tuple, as is every figure here: immutable, and quick to define at start-up."""

    budget: int | None = None
    spend: int | None = None
    committed: int | None = None

    def get(self, measure: Measure) -> int | None:
        value: int | None = getattr(self, measure)
        return value

    def as_dict(self) -> dict[str, int | None]:
        return {measure: self.get(measure) for measure in MEASURES}


class Column(NamedTuple):
    """One column of figures: a measure in a financial year."""

    year: str
    measure: Measure


class LineFigures(NamedTuple):
    name: str
    actions: tuple[str, ...]
    years: dict[str, Amounts]
    comment: str | None

    def amount(self, column: Column) -> int | None:
        amounts = self.years.get(column.year)
        return amounts.get(column.measure) if amounts is not None else None


class FundingFigures(NamedTuple):
    units: str
    years: tuple[str, ...]
    """Every financial year any line records, in time order."""
    columns: tuple[Column, ...]
    """The (year, measure) pairs some line records, year by year, in MEASURES order."""
    lines: tuple[LineFigures, ...]
    totals: dict[str, Amounts]
    """Per year: the sum of each measure over the lines that record it (None if none does)."""

    def total(self, column: Column) -> int | None:
        return self.totals[column.year].get(column.measure)


def funding_figures(funding: FundingFile) -> FundingFigures:
    """The ledger's lines and its totals per financial year; no plan or date is needed."""
    lines = tuple(
        LineFigures(
            name=line.name,
            actions=tuple(sorted(dict.fromkeys(line.actions), key=id_key)),
            years={
                year: Amounts(amounts.budget, amounts.spend, amounts.committed)
                for year, amounts in sorted(line.years.items())
            },
            comment=one_line(line.comment) if line.comment else None,
        )
        for line in funding.lines
    )
    # "2016/17" sorts in time order as text, as months do.
    years = tuple(sorted({year for line in lines for year in line.years}))
    totals: dict[str, Amounts] = {}
    columns: list[Column] = []
    for year in years:
        sums: dict[Measure, int | None] = {}
        for measure in MEASURES:
            column = Column(year, measure)
            values = [value for line in lines if (value := line.amount(column)) is not None]
            sums[measure] = sum(values) if values else None
            if values:
                columns.append(column)
        totals[year] = Amounts(sums["budget"], sums["spend"], sums["committed"])
    return FundingFigures(funding.units, years, tuple(columns), lines, totals)


class FundingReport(Report):
    """The plan's funding ledger; the registry offers it only to a plan that has one."""

    template = "funding"

    def _figures(self) -> FundingFigures:
        if self.plan.funding is None:
            raise ValueError("the plan has no funding ledger (funding.yaml)")
        return funding_figures(self.plan.funding)

    def figures(self) -> dict[str, Any]:
        return funding_json(self.plan, self._figures(), self.request.made)

    def context(self) -> dict[str, Any]:
        return funding_context(self.plan, self._figures(), self.request.made)


REPORT = FundingReport


def amount(value: int | None) -> str:
    """``1,171`` with the thousands separator the council's tables use; a dash for no figure."""
    return NO_FIGURE if value is None else f"{value:,}"


def summary(text: str) -> str:
    """The start of an action's text, cut at a word, to name it beside a funding line."""
    flat = one_line(text)
    if len(flat) <= SUMMARY_LENGTH:
        return flat
    cut = flat[: SUMMARY_LENGTH + 1].rsplit(" ", 1)[0]
    return cut.rstrip(f" ,;:.-({NO_FIGURE}") + "\N{HORIZONTAL ELLIPSIS}"


def _served(plan: Plan, figures: FundingFigures) -> list[dict[str, Any]]:
    """Each action some line serves, in ID order: its priority, its text and the lines paying."""
    by_number = {priority.number: priority for priority in plan.priorities}
    paying: dict[str, list[str]] = {}
    for line in figures.lines:
        for action_id in line.actions:
            paying.setdefault(action_id, []).append(line.name)
    served = []
    for action_id in sorted(paying, key=id_key):
        priority = by_number[id_key(action_id)[0]]
        served.append(
            {
                "id": action_id,
                "priority": priority.number,
                "priority_label": priority.label,
                "action": one_line(plan.actions_by_id[action_id].action),
                "lines": paying[action_id],
            }
        )
    return served


def funding_context(plan: Plan, figures: FundingFigures, made: dt.datetime) -> dict[str, Any]:
    """Everything the funding templates lay out, each figure already formatted."""
    served = _served(plan, figures)
    labels = {item["id"]: item["priority_label"] for item in served}
    headings = {"budget": "Budget", "spend": "Spend", "committed": "Committed"}
    years = [
        {
            "year": year,
            "columns": [
                {"measure": column.measure, "heading": headings[column.measure]}
                for column in figures.columns
                if column.year == year
            ],
        }
        for year in figures.years
    ]
    return {
        "meta": meta(plan, title=TITLE, as_of=None, made=made),
        "units": figures.units,
        "years": [year for year in years if year["columns"]],
        "columns": [f"{column.year} {column.measure}" for column in figures.columns],
        "lines": [
            {
                "name": line.name,
                "cells": [amount(line.amount(column)) for column in figures.columns],
                "actions": [
                    {"id": action_id, "priority_label": labels[action_id]}
                    for action_id in line.actions
                ],
                "comment": line.comment or "",
            }
            for line in figures.lines
        ],
        "totals": [amount(figures.total(column)) for column in figures.columns],
        "served": [
            {**item, "summary": summary(item["action"]), "paid_by": join_words(item["lines"])}
            for item in served
        ],
        "unserved": join_words([line.name for line in figures.lines if not line.actions]),
    }


def funding_json(plan: Plan, figures: FundingFigures, made: dt.datetime) -> dict[str, Any]:
    """The ledger's figures for machines: raw whole numbers, null where none is recorded."""
    return {
        "plan": plan_json(plan),
        "made": made.isoformat(timespec="seconds"),
        "units": figures.units,
        "years": list(figures.years),
        "columns": [{"year": column.year, "measure": column.measure} for column in figures.columns],
        "lines": [
            {
                "name": line.name,
                "actions": list(line.actions),
                "years": {year: amounts.as_dict() for year, amounts in line.years.items()},
                "comment": line.comment,
            }
            for line in figures.lines
        ],
        "totals": {year: amounts.as_dict() for year, amounts in figures.totals.items()},
        "actions": [
            {key: item[key] for key in ("id", "priority", "action", "lines")}
            for item in _served(plan, figures)
        ],
    }
