"""The board's and committee's reports, each as Markdown, HTML or JSON text.

Each report's figures are computed in Python (``csip.figures`` and the context builders
here); templates only lay them out. The modules that render are imported only when a report is
asked for, so ``csip --help`` never imports jinja2.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from csip.model.domain import Plan

__all__ = ["exception_report", "funding_report", "progress_report"]


def exception_report(
    plan: Plan,
    month: str,
    fmt: Literal["md", "html", "json"] = "md",
    *,
    made: dt.datetime,
    templates: Path | None = None,
) -> str:
    """The monthly exception report for ``month`` (``YYYY-MM``) as Markdown, HTML or JSON."""
    from csip.reports.exception import exception_report as build

    return build(plan, month, fmt, made=made, templates=templates)


def progress_report(
    plan: Plan,
    month: str,
    fmt: Literal["md", "html"] = "md",
    *,
    made: dt.datetime,
    templates: Path | None = None,
) -> str:
    """The committee's progress summary for ``month`` (``YYYY-MM``) as Markdown or HTML."""
    from csip.reports.progress import progress_report as build

    return build(plan, month, fmt, made=made, templates=templates)


def funding_report(
    plan: Plan,
    fmt: Literal["md", "html", "json"] = "md",
    *,
    made: dt.datetime,
    templates: Path | None = None,
) -> str:
    """The funding agreed for the plan, line by line and per financial year."""
    from csip.reports.funding import funding_report as build

    return build(plan, fmt, made=made, templates=templates)
