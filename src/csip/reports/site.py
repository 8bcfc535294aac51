"""The reports site: every report for a month, the exception report of each month before it, an
index page and the status figures, as one folder for a website or a CI artifact.

The whole site is rendered in memory first, so a broken template fails before anything is
written; ``csip.output.write_site`` then puts it in place whole or not at all, and replaces only
a folder that an earlier build made and nobody changed since, so ``--out .`` cannot wipe a
checkout.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from csip import months
from csip.figures.exception_figures import exception_figures
from csip.figures.views import status_json, status_view
from csip.model.domain import Plan
from csip.output import write_site
from csip.render.templates import render
from csip.reports import exception_report, progress_report
from csip.reports.common import meta
from csip.reports.exception import Format
from csip.reports.funding import funding_report
from csip.words import percent, rag_word

INDEX = "index.html"
STATUS = "status.json"
FORMAT_NAMES = {"html": "HTML", "md": "Markdown", "json": "JSON"}


@dataclass(frozen=True, slots=True)
class Link:
    """One file of the site as the index links it."""

    path: str
    format: str

    @property
    def label(self) -> str:
        return FORMAT_NAMES[self.format]


def site_files(
    plan: Plan, month: str, *, made: dt.datetime, templates: Path | None = None
) -> dict[str, str]:
    """Every file of the site for ``month``, by its path in the folder, rendered in memory.

    Each month's reports live in a folder named for the month (``2017-01/``); the funding
    ledger has no month, so its report sits at the top beside the index and the status figures.
    """
    files: dict[str, str] = {}

    def add(path: str, text: str) -> Link:
        files[path] = text
        return Link(path, path.rsplit(".", 1)[1])

    def exception_links(report_month: str, formats: tuple[Format, ...]) -> list[Link]:
        return [
            add(
                f"{report_month}/exception-report.{fmt}",
                exception_report(plan, report_month, fmt, made=made, templates=templates),
            )
            for fmt in formats
        ]

    current_links = exception_links(month, ("html", "md", "json"))
    current: list[dict[str, Any]] = [
        {
            "title": f"Exception report, {months.long_label(month)}",
            "about": "The actions Red at the end of the month, as the board reads it.",
            "links": current_links,
        },
        {
            "title": f"Progress report, {months.long_label(month)}",
            "about": "The committee's summary of progress and what changed in the month.",
            "links": [
                add(
                    f"{month}/progress-report.{fmt}",
                    progress_report(plan, month, fmt, made=made, templates=templates),
                )
                for fmt in ("html", "md")
            ],
        },
    ]
    if plan.funding is not None:
        current.append(
            {
                "title": "Funding",
                "about": "The money agreed for the plan, by line and financial year.",
                "links": [
                    add(f"funding.{fmt}", funding_report(plan, fmt, made=made, templates=templates))
                    for fmt in ("html", "md", "json")
                ],
            }
        )
    as_of = months.last_day(month)
    view = status_view(plan, as_of)
    status_text = json.dumps(status_json(view), indent=2, ensure_ascii=False) + "\n"
    current.append(
        {
            "title": f"Status figures as at {months.date_label(as_of)}",
            "about": "RAG counts by priority and the overdue actions, for machines.",
            "links": [add(STATUS, status_text)],
        }
    )
    history = []
    for earlier in reversed(list(months.span(plan.starts, month))):
        figures = exception_figures(plan, earlier)
        links = current_links[:2] if earlier == month else exception_links(earlier, ("html", "md"))
        history.append(
            {
                "label": months.long_label(earlier),
                "due": figures.due,
                "red": figures.red,
                "share": percent(figures.red, figures.due),
                "links": links,
            }
        )
    context = {
        "meta": meta(plan, title="Improvement plan reports", as_of=as_of, made=made),
        "month_long": months.long_label(month),
        "rag": [
            {"rag": rag, "word": rag_word(rag), "count": count}
            for rag, count in view.totals.as_dict().items()
        ],
        "current": current,
        "history": history,
    }
    files[INDEX] = render("index.html.j2", context, templates)
    return files


def build_site(
    plan: Plan, month: str, out: Path, *, made: dt.datetime, templates: Path | None = None
) -> list[str]:
    """Render every file of the site, then write the folder; returns the paths written."""
    files = site_files(plan, month, made=made, templates=templates)
    write_site(out, files, plan=Path(plan.directory))
    return sorted(files)
