"""Every report csip makes, in one list: the CLI's report commands and ``csip build`` loop over it.

Adding a report is one module (a ``Report`` subclass named ``REPORT``) and one entry here. An
entry names its module as text, so that listing the reports (``csip --help``) imports neither
the model nor jinja2.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from csip.model.domain import Plan
    from csip.reports.base import Report, Request

Scope = Literal["month", "plan"]
"""What a report's command asks for: a month (D is its last day), or nothing but the plan."""
Site = Literal["every-month", "month", "latest", "plan", "none"]
"""Which copies ``csip build`` writes: one for each month since the plan started (the month's
own formats, and ``history_formats`` for the earlier ones); the month's only, in its folder;
the month's only, beside the index (the figures machines fetch); one for the plan, beside the
index; or none."""


@dataclass(frozen=True)
class ReportKind:
    name: str
    """The command and the file stem: ``exception-report``."""
    module: str
    title: str
    """How the index page names it."""
    about: str
    """One sentence for the index page."""
    help: str
    example: str
    formats: tuple[str, ...]
    scope: Scope
    site: Site
    history_formats: tuple[str, ...] = ()
    command: bool = True
    """False where a hand-written command presents it (``csip status`` has its terminal table)."""
    unavailable: Callable[[Plan], str | None] | None = None
    """Why the plan cannot have this report (no funding ledger), or None."""

    def make(self, request: Request) -> Report:
        report_class: type[Report] = importlib.import_module(self.module).REPORT
        return report_class(request)

    def why_not(self, plan: Plan) -> str | None:
        return self.unavailable(plan) if self.unavailable is not None else None


def _no_funding(plan: Plan) -> str | None:
    if plan.funding is None:
        directory = plan.directory
        return f"the plan in '{directory}' has no funding.yaml, so there is no funding to report"
    return None


REPORTS: tuple[ReportKind, ...] = (
    ReportKind(
        name="exception-report",
        module="csip.reports.exception",
        title="Exception report",
        about="The actions Red at the end of the month, as the board reads it.",
        help=(
            "The monthly exception report: the actions Red as at the end of the month, as the "
            "board reads it (purpose, RAG definitions, analysis by priority and due month, "
            "current status of each Red action, and the appendix listing them)."
        ),
        example="csip exception-report --month 2017-01 --output exception-2017-01.pdf",
        formats=("md", "html", "json", "pdf"),
        scope="month",
        site="every-month",
        history_formats=("html", "md"),
    ),
    ReportKind(
        name="progress-report",
        module="csip.reports.progress",
        title="Progress report",
        about="The committee's summary of progress and what changed in the month.",
        help=(
            "The committee's progress summary for the month: the figures in words, and what "
            "changed since the month before (newly Red, completed, re-planned)."
        ),
        example="csip progress-report --month 2017-01 --output progress-2017-01.md",
        formats=("md", "html", "json", "pdf"),
        scope="month",
        site="month",
    ),
    ReportKind(
        name="funding",
        module="csip.reports.funding",
        title="Funding",
        about="The money agreed for the plan, by line and financial year.",
        help=(
            "The money agreed for the plan (funding.yaml): each line with the actions it "
            "serves, and the totals per financial year, in the ledger's units (£'000)."
        ),
        example="csip funding --format html --output funding.html",
        formats=("md", "html", "json", "pdf"),
        scope="plan",
        site="plan",
        unavailable=_no_funding,
    ),
    ReportKind(
        name="status",
        module="csip.reports.status",
        title="Status figures",
        about="RAG counts by priority and the overdue actions, for machines.",
        help="RAG counts by priority and the overdue actions.",
        example="csip status --month 2017-01 --format json",
        formats=("json",),
        scope="month",
        site="latest",
        command=False,
    ),
)

BY_NAME = {kind.name: kind for kind in REPORTS}
