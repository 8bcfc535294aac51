"""Templates to text: the built-in templates, or a council's own in their place.

Templates only lay out what the report's context already holds; every figure is computed in
Python before a template sees it. An undefined variable is an error, so a misspelt name in a
template fails loudly instead of printing nothing. HTML is autoescaped: no text from a plan
can put markup or script into a report. Markdown is not escaped.
"""

from __future__ import annotations

import functools
import os
import tempfile
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2

BUILT_IN = resources.files("csip") / "templates"


@functools.lru_cache(maxsize=8)
def environment(templates: Path | None = None) -> jinja2.Environment:
    """Templates from ``templates`` first (a council's own), then the built-in ones.

    Kept per folder: ``csip build`` renders dozens of reports, and compiling the templates
    again for each would cost most of its time.
    """
    loaders: list[jinja2.BaseLoader] = []
    if templates is not None:
        loaders.append(jinja2.FileSystemLoader(templates))
    loaders.append(jinja2.FileSystemLoader(str(BUILT_IN)))
    return jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        undefined=jinja2.StrictUndefined,
        autoescape=jinja2.select_autoescape(enabled_extensions=("html", "html.j2")),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render(name: str, context: Mapping[str, Any], templates: Path | None = None) -> str:
    """Render the template ``name`` (such as ``exception-report.md.j2``) with ``context``."""
    return environment(templates).get_template(name).render(context)


def write_whole(path: Path, text: str | bytes) -> None:
    """Write ``text`` (or bytes, such as a workbook) to ``path`` whole or not at all: a
    temporary file, then one rename.

    The file keeps the permissions it had; a new one gets the usual ones (the temporary file
    alone would be readable by its owner only).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        mode = path.stat().st_mode & 0o7777
    else:
        umask = os.umask(0o022)
        os.umask(umask)
        mode = 0o666 & ~umask
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        Path(temporary).chmod(mode)
        with os.fdopen(handle, "wb") as stream:
            stream.write(text if isinstance(text, bytes) else text.encode("utf-8"))
        Path(temporary).replace(path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
