"""What every report is: figures (the only source of its JSON and its words) and a context.

A report is made for one request: the plan's snapshots for the audience and priorities asked
for, the month or other options it takes, and the time it is made. ``figures`` returns plain
JSON-ready data; ``context`` returns what its templates lay out. Renderers (``csip.render``)
turn either into text by format, so a report never chooses between formats itself.
"""

from __future__ import annotations

import datetime as dt
from abc import ABC, abstractmethod
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, ClassVar, NamedTuple

from csip.figures.snapshot import Snapshot, Snapshots
from csip.model.domain import Plan


class Request(NamedTuple):
    """One report asked for: from which snapshots, for which month, with which options.

    A named tuple: immutable, and quick to define at start-up."""

    snapshots: Snapshots
    made: dt.datetime
    month: str | None = None
    """The month reported on, for the reports that cover one (D is its last day); the last
    month of the period, for those that cover several."""
    first_month: str | None = None
    """The first month of the period, for the reports that cover several months."""
    as_of: dt.date | None = None
    """The as-at date D, for the reports that take a day rather than a month."""
    since: dt.date | None = None
    """The earlier date that movement is measured from."""
    options: Mapping[str, Any] = MappingProxyType({})
    """Options particular to one report (the board pack's priorities, say); read only."""

    @property
    def plan(self) -> Plan:
        return self.snapshots.plan

    def month_end(self) -> Snapshot:
        """The snapshot at the end of the requested month, over the period from the plan's start."""
        if self.month is None:
            raise ValueError("this report needs a month")
        return self.snapshots.month_end(self.month)

    @property
    def day(self) -> dt.date:
        """The as-at date: the one given, else the last day of the month."""
        if self.as_of is not None:
            return self.as_of
        return self.month_end().as_of


class Report(ABC):
    """One report for one request."""

    template: ClassVar[str]
    """The stem of its templates: ``exception-report`` for ``exception-report.md.j2``."""

    def __init__(self, request: Request) -> None:
        self.request = request

    @property
    def plan(self) -> Plan:
        return self.request.plan

    @abstractmethod
    def figures(self) -> dict[str, Any]:
        """Every figure of the report as plain data: what ``--format json`` prints."""

    @abstractmethod
    def context(self) -> dict[str, Any]:
        """What the report's templates lay out: figures already in words, nothing to compute."""

    def laid_out(self) -> dict[str, Any]:
        """The context, whose paper says which priorities it covers when the request names
        some (``--priority``): a paper for two priorities must not read as the whole plan's."""
        context = self.context()
        covered = self.request.snapshots.priorities
        heading = context.get("meta")
        chosen = [p for p in self.plan.priorities if p.number in covered]
        if covered and len(chosen) < len(self.plan.priorities) and isinstance(heading, dict):
            from csip.reports.common import priorities_phrase

            covers = f"{priorities_phrase(chosen, list(self.plan.priorities))} only"
            paper = heading["paper"]
            facts = [*paper["facts"], {"label": "Covers", "value": covers}]
            context["meta"] = {**heading, "paper": {**paper, "facts": facts}}
        return context

    def json_figures(self) -> dict[str, Any]:
        """The figures, saying which priorities they cover when the request names some, as
        ``csip status`` says it (``filters``)."""
        figures = self.figures()
        covered = self.request.snapshots.priorities
        if covered and "filters" not in figures:
            figures = {**figures, "filters": {"priorities": list(covered)}}
        return figures

    def text(self) -> str:
        """The report as plain text for a terminal, for the reports that offer one."""
        raise NotImplementedError(f"{type(self).__name__} has no text format")
