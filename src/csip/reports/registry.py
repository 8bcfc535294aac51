"""Every report csip makes, in one list: the CLI's report commands and ``csip build`` loop over it.

Adding a report is one module (a ``Report`` subclass named ``REPORT``) and one entry here. An
entry names its module as text, so that listing the reports (``csip --help``) imports neither
the model nor jinja2.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Literal, NamedTuple

if TYPE_CHECKING:
    from csip.model.domain import Plan
    from csip.reports.base import Report, Request

Scope = Literal["month", "plan", "date", "period", "meeting", "since"]
"""What a report's command asks for (``cli/scopes.py`` has the options): a month, D its last
day; nothing but the plan; a day (--month or --as-of); a run of months (--from and --to, or
--quarter); a board meeting (its priorities and date); or two days to compare (--since)."""
Site = Literal["every-month", "month", "latest", "plan", "quarters", "none"]
"""Which copies ``csip build`` writes: one for each month since the plan started (the month's
own formats, and ``history_formats`` for the earlier ones); the month's only, in its folder;
the month's only, beside the index (the figures machines fetch); one for the plan, beside the
index; one for each complete quarter of the financial year, in the folder of its last
month; or none."""


class ReportKind(NamedTuple):
    """One report of the registry. A named tuple: immutable, and quick to define at start-up."""

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


def _no_recommendations(plan: Plan) -> str | None:
    if "recommendations" in plan.blocked:
        return plan.blocked["recommendations"]
    if plan.recommendations is None:
        directory = plan.directory
        return (
            f"the plan in '{directory}' has no recommendations.yaml, so there are no "
            "recommendations to report"
        )
    return None


def _no_funding(plan: Plan) -> str | None:
    if "funding" in plan.blocked:
        return plan.blocked["funding"]
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
        name="monitoring-report",
        module="csip.reports.monitoring",
        title="Monitoring report",
        about="The quarter: completed, missed, recovered, re-planned and Red at its end.",
        help=(
            "The monitoring report for a run of months: what was completed, what fell due and "
            "was missed, what recovered, what was re-planned and what is Red at the end, by "
            "priority; the pace of the plan from its start; the movement since the period "
            "before; and a forward look."
        ),
        example="csip monitoring-report --quarter 2016-Q3 --output q3-2016-17.pdf",
        formats=("md", "html", "json", "pdf"),
        scope="period",
        site="quarters",
    ),
    ReportKind(
        name="recommendations",
        module="csip.reports.recommendations",
        title="Inspection recommendations",
        about="Each recommendation with the actions that answer it, their RAG and evidence.",
        help=(
            "The inspection's recommendations (recommendations.yaml): for each, the actions "
            "that answer it with their RAG, latest note and evidence, and the coverage (every "
            "action Green, any Red, answered by nothing). As at today unless --month or "
            "--as-of says otherwise."
        ),
        example="csip recommendations --month 2017-01 --format html --output recs.html",
        formats=("md", "html", "json", "pdf"),
        scope="date",
        site="month",
        unavailable=_no_recommendations,
    ),
    ReportKind(
        name="board-pack",
        module="csip.reports.board_pack",
        title="Board pack",
        about="What the chair of a weekly board reads before it.",
        help=(
            "The pack the chair reads before a board meeting, as at the meeting's date: per "
            "priority, the Red actions with their note, revised timeline and agreed tasks; "
            "what is due this month and next; what is complete and awaits verification, or is "
            "evidenced and awaits the test of embedding; the open tasks, overdue first; and "
            "what moved since the last review."
        ),
        example="csip board-pack --priorities 7,9 --date 2017-02-07 --output pack.html",
        formats=("md", "html", "json", "pdf"),
        scope="meeting",
        site="none",
    ),
    ReportKind(
        name="changes",
        module="csip.reports.changes",
        title="Changes",
        about="Every action whose RAG, status, assurance or revised due month moved.",
        help=(
            "What moved between two dates: every action whose RAG, status, assurance or "
            "revised due month differs, and how (turned Red, recovered, completed, reopened, "
            "re-planned, evidence verified, tested as embedded, evidence challenged). The "
            "second date is --as-of, the last day of --month, or today."
        ),
        example="csip changes --since 2016-12-31 --month 2017-01",
        formats=("text", "md", "json"),
        scope="since",
        site="none",
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
