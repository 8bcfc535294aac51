"""The reports site: every report for a month, the exception report of each month before it, an
index page and the status figures, as one folder for a website or a CI artifact.

The whole site is rendered in memory first, so a broken template fails before anything is
written. It is then written into a new folder beside the output folder and moved into place with
renames: a failure at any point leaves the output folder as it was. Only a folder that csip
build made (it holds the marker file) is ever replaced, so ``--out .`` cannot wipe a checkout.
"""

from __future__ import annotations

import datetime as dt
import secrets
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from csip import months
from csip.figures.snapshot import Snapshots
from csip.model.domain import Plan
from csip.render import FORMAT_NAMES
from csip.render.templates import render
from csip.reports import render_report
from csip.reports.common import meta
from csip.reports.registry import REPORTS, ReportKind
from csip.words import percent, rag_word

MARKER = ".csip-build"
MARKER_TEXT = (
    "This folder was made by 'csip build', which replaces it whole on every run.\n"
    "Do not keep other files here.\n"
)
INDEX = "index.html"


class BuildError(Exception):
    """The output folder cannot be replaced safely; nothing was written."""


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
) -> dict[str, str | bytes]:
    """Every file of the site for ``month``, by its path in the folder, rendered in memory.

    Every report of the registry is written in each format it offers: those of a month into a
    folder named for it (``2017-01/``), those of the whole plan (funding) at the top beside the
    index. A report written for every month also gets a copy for each earlier month, linked
    from the history table. One ``Snapshots`` serves them all, so each date is worked out once.
    """
    snapshots = Snapshots(plan)
    files: dict[str, str | bytes] = {}

    def add(kind: ReportKind, fmt: str, report_month: str | None) -> Link:
        folder = f"{report_month}/" if report_month is not None and kind.site != "latest" else ""
        path = f"{folder}{_file_name(kind, fmt)}"
        files[path] = render_report(
            kind.name, snapshots, fmt, made=made, month=report_month, templates=templates
        )
        return Link(path, fmt)

    current: list[dict[str, Any]] = []
    history_kinds: list[ReportKind] = []
    for kind in REPORTS:
        if kind.site == "none" or kind.why_not(plan) is not None:
            continue
        report_month = month if kind.scope == "month" else None
        title = kind.title
        if kind.scope == "month":
            title = f"{kind.title}, {months.long_label(month)}"
        current.append(
            {
                "title": title,
                "about": kind.about,
                "links": [add(kind, fmt, report_month) for fmt in kind.formats],
            }
        )
        if kind.site == "every-month":
            history_kinds.append(kind)
    history = []
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
    latest = snapshots.month_end(month)
    context = {
        "meta": meta(plan, title="Improvement plan reports", as_of=latest.as_of, made=made),
        "month_long": months.long_label(month),
        "rag": [
            {"rag": rag, "word": rag_word(rag), "count": count}
            for rag, count in latest.totals.as_dict().items()
        ],
        "current": current,
        "history": history,
    }
    files[INDEX] = render("index.html.j2", context, templates)
    files[MARKER] = MARKER_TEXT
    return files


def _file_name(kind: ReportKind, fmt: str) -> str:
    return f"{kind.name}.{fmt}"


def write_site(out: Path, files: dict[str, str | bytes]) -> None:
    """Put ``files`` in place as the folder ``out``, whole or not at all."""
    if out.exists() and not out.is_dir():
        raise BuildError(f"'{out}' is a file, not a folder")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).is_file():
        raise BuildError(
            f"'{out}' is a folder that csip build did not make; it would be replaced whole, so "
            "give an empty or new folder with --out"
        )
    # The real folder, so that "." and "build/.." have a name and a symlinked one stays linked.
    place = out.resolve()
    place.parent.mkdir(parents=True, exist_ok=True)
    token = secrets.token_hex(4)
    staging = place.with_name(f".{place.name}.{token}.new")
    staging.mkdir()
    try:
        for name, text in files.items():
            path = staging / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(text, bytes):
                path.write_bytes(text)
            else:
                path.write_text(text, encoding="utf-8", newline="\n")
        _swap(staging, place, place.with_name(f".{place.name}.{token}.old"))
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _swap(staging: Path, out: Path, old: Path) -> None:
    """Move ``staging`` to ``out``; an existing ``out`` is set aside first and put back on error."""
    if not out.exists():
        staging.rename(out)
        return
    out.rename(old)
    try:
        staging.rename(out)
    except BaseException:
        old.rename(out)
        raise
    shutil.rmtree(old, ignore_errors=True)


def build_site(
    plan: Plan, month: str, out: Path, *, made: dt.datetime, templates: Path | None = None
) -> list[str]:
    """Render every file of the site, then write the folder; returns the paths written."""
    files = site_files(plan, month, made=made, templates=templates)
    write_site(out, files)
    return sorted(name for name in files if name != MARKER)
