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
    fmt: Literal["pdf"],
    *,
    made: dt.datetime,
    month: str | None = None,
    templates: Path | None = None,
    options: Mapping[str, Any] | None = None,
) -> bytes: ...


@overload
def render_report(
    name: str,
    plan: Plan | Snapshots,
    fmt: Literal["md", "html", "json"],
    *,
    made: dt.datetime,
    month: str | None = None,
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
    templates: Path | None = None,
    options: Mapping[str, Any] | None = None,
) -> str | bytes:
    """The report ``name`` (an entry of the registry) in format ``fmt``: text, or for PDF bytes.

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
    report = kind.make(Request(snapshots, made, month, options or {}))
    return RENDERERS[fmt](report, templates)
