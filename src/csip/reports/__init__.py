"""The board's and committee's reports: one module each, all listed in ``reports.registry``.

``render_report`` is the one way in, for the command line, ``csip build`` and tests alike: it
makes the report from the plan's snapshots and renders it with the format's renderer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, overload

if TYPE_CHECKING:
    from csip.figures.snapshot import Snapshots
    from csip.model.domain import Plan

__all__ = ["render_report"]


@overload
def render_report(
    name: str,
    plan: Plan | Snapshots,
    fmt: Literal["json", "pdf"],
    *,
    made: dt.datetime,
    month: str | None = None,
    first_month: str | None = None,
    as_of: dt.date | None = None,
    since: dt.date | None = None,
    templates: Path | None = None,
    options: Mapping[str, Any] | None = None,
) -> bytes: ...


@overload
def render_report(
    name: str,
    plan: Plan | Snapshots,
    fmt: Literal["md", "html", "text"],
    *,
    made: dt.datetime,
    month: str | None = None,
    first_month: str | None = None,
    as_of: dt.date | None = None,
    since: dt.date | None = None,
    templates: Path | None = None,
    options: Mapping[str, Any] | None = None,
) -> str: ...


@overload
def render_report(
    name: str,
    plan: Plan | Snapshots,
    fmt: str,
    *,
    made: dt.datetime,
    month: str | None = None,
    first_month: str | None = None,
    as_of: dt.date | None = None,
    since: dt.date | None = None,
    templates: Path | None = None,
    options: Mapping[str, Any] | None = None,
) -> str | bytes: ...


def render_report(
    name: str,
    plan: Plan | Snapshots,
    fmt: str,
    *,
    made: dt.datetime,
    month: str | None = None,
    first_month: str | None = None,
    as_of: dt.date | None = None,
    since: dt.date | None = None,
    templates: Path | None = None,
    options: Mapping[str, Any] | None = None,
) -> str | bytes:
    """The report ``name`` (an entry of the registry) in format ``fmt``: text, or for JSON (UTF-8)
    and PDF bytes.

    Give the plan's ``Snapshots`` to share its snapshots between reports, as ``csip build``
    does; given a plan, the report takes its own (public, every priority).
    """
    from csip.figures.snapshot import Snapshots
    from csip.render import RENDERERS
    from csip.reports.base import Request
    from csip.reports.registry import BY_NAME

    kind = BY_NAME[name]
    if fmt not in kind.formats:
        raise ValueError(f"{name} has no {fmt} format")
    snapshots = plan if isinstance(plan, Snapshots) else Snapshots(plan)
    request = Request(snapshots, made, month, first_month, as_of, since, options or {})
    report = kind.make(request)
    return RENDERERS[fmt](report, templates)
