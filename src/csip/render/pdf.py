"""A report as a tagged, accessible A4 PDF, typeset by Typst (the ``typst`` package on PyPI).

Typst is one self-contained wheel for Linux, macOS and Windows: nothing to install from the
system, unlike WeasyPrint, which needs Pango. Its PDFs are tagged (headings, lists, table header
cells), carry the document's language and title, and meet PDF/UA-1, which Typst checks as it
writes them.

The report's context goes to the template ``<report>.typ`` as one JSON string through
``sys.inputs``: plan text arrives as Typst strings and is set as text, never read as Typst
markup, so a plan cannot inject anything into the PDF. Only the fonts built into Typst are
used, so the same plan gives the same pages on every machine.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from csip.render.templates import BUILT_IN, TemplateFailure
from csip.text import Blocks

if TYPE_CHECKING:
    from csip.reports.base import Report

STANDARD: Literal["ua-1"] = "ua-1"
"""PDF/UA-1: Typst refuses to write a PDF that misses what the standard asks (a title, tags)."""


def render(report: Report, templates: Path | None) -> bytes:
    """The report's PDF, from the council's ``<report>.typ`` when its folder has one."""
    import typst

    name = f"{report.template}.typ"
    folder = templates if templates is not None and (templates / name).is_file() else None
    root = folder if folder is not None else Path(str(BUILT_IN))
    context = json.dumps(report.context(), default=_plain, ensure_ascii=False)
    try:
        pdf = typst.compile(
            str(root / name),
            root=str(root),
            sys_inputs={"context": context},
            format="pdf",
            ignore_system_fonts=True,
            pdf_standards=STANDARD,
            timestamp=report.request.made.replace(microsecond=0),
        )
    except typst.TypstError as error:
        raise TemplateFailure(f"{name}: {' '.join(str(error.message).split())}") from None
    except RuntimeError as error:  # a template the compiler cannot even start
        raise TemplateFailure(f"{name}: {' '.join(str(error).split())}") from None
    if not isinstance(pdf, bytes):
        raise TemplateFailure(f"{name}: Typst gave no PDF")
    return pdf


def _plain(value: object) -> Any:
    """Blocks of plan text as the list of paragraphs and lists the templates lay out."""
    if isinstance(value, Blocks):
        return value.as_data()
    raise TypeError(f"{type(value).__name__} is not part of a report's context")
