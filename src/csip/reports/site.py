"""The reports site: every report for a month, the exception report of each month before it, an
index page and the status figures, as one folder for a website or a CI artifact.

The whole site is rendered in memory first, so a broken template fails before anything is
written; ``csip.output.write_site`` then puts it in place whole or not at all, and replaces only
a folder that an earlier build made and nobody changed since, so ``--out .`` cannot wipe a
checkout.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, NamedTuple

from csip import months
from csip.figures.period import complete_quarters
from csip.figures.snapshot import Audience, Snapshots
from csip.model.domain import Plan
from csip.output import write_site
from csip.render import FORMAT_NAMES
from csip.render.templates import render
from csip.reports import render_report
from csip.reports.common import bar_chart, meta
from csip.reports.registry import REPORTS, ReportKind
from csip.words import percent, rag_word

INDEX = "index.html"


class Link(NamedTuple):
    """One file of the site as the index links it (a named tuple: quick to define at start-up)."""

    path: str
    format: str

    @property
    def label(self) -> str:
        return FORMAT_NAMES[self.format]


def site_files(
    plan: Plan,
    month: str,
    *,
    made: dt.datetime,
    templates: Path | None = None,
    audience: Audience = "public",
) -> dict[str, str | bytes]:
    """Every file of the site for ``month``, by its path in the folder, rendered in memory.

    Every report of the registry is written in each format it offers: those of a month into a
    folder named for it (``2017-01/``), those of the whole plan (funding) at the top beside the
    index. A report written for every month also gets a copy for each earlier month, linked
    from the history table. One ``Snapshots`` serves them all, so each date is worked out once.
    """
    snapshots = Snapshots(plan, audience=audience)
    files: dict[str, str | bytes] = {}

    def add(
        kind: ReportKind, fmt: str, report_month: str | None, first_month: str | None = None
    ) -> Link:
        folder = f"{report_month}/" if report_month is not None and kind.site != "latest" else ""
        path = f"{folder}{_file_name(kind, fmt)}"
        files[path] = render_report(
            kind.name,
            snapshots,
            fmt,
            made=made,
            month=report_month,
            first_month=first_month,
            templates=templates,
        )
        return Link(path, fmt)

    current: list[dict[str, Any]] = []
    quarterly: list[dict[str, Any]] = []
    history_kinds: list[ReportKind] = []
    for kind in REPORTS:
        if kind.site == "none" or kind.why_not(plan) is not None:
            continue
        if kind.site == "quarters":
            for quarter in reversed(complete_quarters(plan.starts, month)):
                quarterly.append(
                    {
                        "title": f"{kind.title}, {quarter.label}",
                        "about": months.long_range_label(quarter.first, quarter.last),
                        "links": [
                            add(kind, fmt, quarter.last, quarter.first) for fmt in kind.formats
                        ],
                    }
                )
            continue
        report_month = None if kind.scope == "plan" else month
        title = kind.title if kind.scope == "plan" else f"{kind.title}, {months.long_label(month)}"
        current.append(
            {
                "title": title,
                "about": kind.about,
                "links": [add(kind, fmt, report_month) for fmt in kind.formats],
            }
        )
        if kind.site == "every-month":
            history_kinds.append(kind)
    history: list[dict[str, Any]] = []
    for earlier in reversed(list(months.span(plan.starts, month))):
        figures = snapshots.month_end(earlier).period
        links = [
            Link(f"{earlier}/{_file_name(kind, fmt)}", fmt)
            if earlier == month
            else add(kind, fmt, earlier)
            for kind in history_kinds
            for fmt in kind.history_formats
        ]
        history.append(
            {
                "label": months.long_label(earlier),
                "due": figures.due,
                "red": figures.red,
                "share": percent(figures.red, figures.due),
                "links": links,
            }
        )
    trend = bar_chart(
        [(row["label"], row["red"]) for row in reversed(history)],
        key="chart-red-trend",
        title="Red actions at the end of each month",
        unit="Red action",
    )
    latest = snapshots.month_end(month)
    context = {
        "meta": meta(
            snapshots.plan, title="Improvement plan reports", as_of=latest.as_of, made=made
        ),
        "month_long": months.long_label(month),
        "rag": [
            {"rag": rag, "word": rag_word(rag), "count": count}
            for rag, count in latest.totals.as_dict().items()
        ],
        "current": current,
        "quarterly": quarterly,
        "history": history,
        "trend": trend,
    }
    files[INDEX] = render("index.html.j2", context, templates)
    return files


def _file_name(kind: ReportKind, fmt: str) -> str:
    return f"{kind.name}.{fmt}"


def build_site(
    plan: Plan,
    month: str,
    folders: list[tuple[Path, Audience]],
    *,
    made: dt.datetime,
    templates: Path | None = None,
) -> list[str]:
    """Render every file of each folder's site (Part 1 or Part 2), then write the folders.

    Everything is rendered before anything is written, so a broken template leaves every
    folder as it was. Returns the paths written in the first folder.
    """
    sites = [
        (out, site_files(plan, month, made=made, templates=templates, audience=audience))
        for out, audience in folders
    ]
    for out, files in sites:
        write_site(out, files, plan=Path(plan.directory))
    return sorted(sites[0][1])
