"""Render: a report to text (or, for JSON and PDF, bytes) in one format, each format one renderer.

Markdown and HTML go through the report's Jinja templates (``render.templates``); JSON prints
the report's figures; PDF typesets the report's context with its Typst template
(``render.pdf``). A report never chooses between formats itself.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from csip.model.domain import Plan
    from csip.reports.base import Report

Renderer = Callable[["Report", Path | None], str | bytes]
"""A report in one format: text, or the bytes of a file (UTF-8 JSON, a PDF)."""


def _template(extension: str) -> Renderer:
    def render(report: Report, templates: Path | None) -> str:
        from csip.render.templates import render as render_template

        return render_template(f"{report.template}.{extension}.j2", report.laid_out(), templates)

    return render


def json_bytes(data: object) -> bytes:
    """``data`` as the JSON every output prints, in UTF-8: indented by two spaces, non-ASCII
    text as it is.

    orjson writes what ``json.dumps(data, indent=2, ensure_ascii=False)`` writes, byte for byte,
    for the data csip makes: text from YAML (which refuses lone surrogates), whole numbers
    within 64 bits, shares rounded to four places, int keys written as strings. The standard
    library's encoder is pure Python once it indents, and was the slowest step of a JSON
    report on a large plan; orjson is about seven times quicker. Its bytes are printed as they
    are: decoding megabytes of JSON only for the output stream to encode them again took longer
    than writing them.
    """
    import orjson

    return orjson.dumps(data, option=orjson.OPT_INDENT_2 | orjson.OPT_NON_STR_KEYS) + b"\n"


def _json(report: Report, templates: Path | None) -> bytes:
    return json_bytes(marked_json(report.json_figures(), report.plan))


def marked_json(figures: dict[str, object], plan: Plan) -> dict[str, object]:
    """A JSON object of figures, with ``exempt_notice`` first when it is Part 2 (spec section
    11: it says at its top that it is exempt and not for publication)."""
    from csip.reports.common import exempt_notice

    notice = exempt_notice(plan)
    return figures if notice is None else {"exempt_notice": notice, **figures}


def _text(report: Report, templates: Path | None) -> str:
    """Plain text for a terminal, which no plan text can act on; a Part 2 text says so on its
    first line."""
    from csip.reports.common import exempt_notice
    from csip.words import visible_lines

    notice = exempt_notice(report.plan)
    text = report.text()
    return visible_lines(text if notice is None else f"{notice}\n\n{text}")


def _pdf(report: Report, templates: Path | None) -> bytes:
    from csip.render import pdf

    return pdf.render(report, templates)


RENDERERS: dict[str, Renderer] = {
    "md": _template("md"),
    "html": _template("html"),
    "json": _json,
    "text": _text,
    "pdf": _pdf,
}

NOT_FOR_TERMINAL = frozenset({"pdf"})
"""Formats that are refused on a terminal: their bytes are not text."""

FORMAT_NAMES = {
    "md": "Markdown",
    "html": "HTML",
    "json": "JSON",
    "csv": "CSV",
    "text": "text",
    "pdf": "PDF",
}

EXTENSIONS = {
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".json": "json",
    ".csv": "csv",
    ".pdf": "pdf",
}
"""The format a file name's extension implies, for ``--output`` without ``--format``."""


def format_of(path: Path) -> str | None:
    """The format ``path``'s extension names, or None."""
    return EXTENSIONS.get(path.suffix.lower())
