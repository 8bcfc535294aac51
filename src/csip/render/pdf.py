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

import datetime as dt
import json
import os
import re
import unicodedata
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from csip.render.templates import BUILT_IN, TemplateFailure
from csip.text import Blocks

if TYPE_CHECKING:
    from csip.reports.base import Report

STANDARD: Literal["ua-1"] = "ua-1"
"""PDF/UA-1: Typst refuses to write a PDF that misses what the standard asks (a title, tags)."""


def render(report: Report, templates: Path | None) -> bytes:
    """The report's PDF, from the council's ``<report>.typ`` when its folder has one.

    A council's template is typeset in a process of its own, stopped after ``MAX_SECONDS`` and
    held to ``MAX_MEMORY``: Typst has no limit of its own on a loop over a long range, and a
    template in a plan repository is anyone's to edit. The built-in templates are typeset here,
    unless the report is long (``IN_PROCESS_CHARACTERS``).
    """
    name = f"{report.template}.typ"
    folder = templates if templates is not None and (templates / name).is_file() else None
    root = folder or Path(str(BUILT_IN))
    context = json.dumps(_printable(report.laid_out()), ensure_ascii=False)
    if len(context) > MAX_CONTEXT_CHARACTERS:
        raise TemplateFailure(
            f"{name}: the report holds over {MAX_CONTEXT_CHARACTERS:,} characters of text, "
            "more than a PDF can be typeset from in bounded memory: make it as HTML"
        )
    job = {
        "input": str(root / name),
        "root": str(root),
        "context": context,
        "timestamp": report.request.made.replace(microsecond=0).isoformat(),
    }
    apart = folder is not None or len(context) > IN_PROCESS_CHARACTERS
    typeset = partial(_typeset_apart, name) if apart else _typeset
    failure = ""
    for _ in range(MAX_RETRIES + 1):
        outcome = typeset(job)
        if isinstance(outcome, bytes):
            return outcome
        failure = outcome
        found = _NO_FONT.search(failure)
        shown = job["context"] if found is None else _unshown_replaced(job["context"], found[1])
        if shown == job["context"]:
            break  # not the plan's text that no font has: the template's own error
        job["context"] = shown
    raise TemplateFailure(f"{name}: {' '.join(failure.split())}")


NO_GLYPH = "\N{REPLACEMENT CHARACTER}"
"""What a PDF shows in place of a character that none of its fonts has (an emoji, or a script
such as Chinese or Bengali). The fonts are those built into Typst, so that the same plan gives
the same pages on every machine; PDF/UA refuses a character it cannot show."""
_UNPRINTABLE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\ufdd0-\ufdef"
    + "".join(chr(plane << 16 | low) for plane in range(17) for low in (0xFFFE, 0xFFFF))
    + "]"
)
"""What no font shows and PDF/UA refuses: control characters (a tab and a line break are
kept) and Unicode's non-characters. Each becomes ``NO_GLYPH``."""
MAX_RETRIES = 24
"""Typesettings after the first, each with more such characters replaced, before giving up."""
_NO_FONT = re.compile(r'the text `"([^"\\`]+)"` could not be displayed with font')


def _unshown_replaced(context: str, unshown: str) -> str:
    """The context with ``NO_GLYPH`` for each character of ``unshown``, wherever it is, and for
    every letter of the same script (one typesetting for a paragraph of Chinese, not one for
    each of its characters)."""
    scripts = {_script(char) for char in unshown} - {None}
    replaced = {
        ord(char): NO_GLYPH
        for char in set(context)
        if char in unshown or (char > "~" and _script(char) in scripts)
    }
    return context.translate(replaced)


def _script(char: str) -> str | None:
    """The script of a letter, by the first word of its Unicode name (``BENGALI`` LETTER KA,
    ``CJK`` UNIFIED IDEOGRAPH-513F); None for anything else (a symbol, an emoji, a digit), and
    for the scripts the fonts have nearly whole, whose rare letters are replaced one by one."""
    name = unicodedata.name(char, "")
    if not any(word in name for word in ("LETTER", "SYLLABLE", "IDEOGRAPH", "VOWEL SIGN")):
        return None
    script = name.split(" ", 1)[0]
    return None if script in _COVERED_SCRIPTS else script


_COVERED_SCRIPTS = frozenset({"LATIN", "GREEK", "CYRILLIC"})


IN_PROCESS_CHARACTERS = 250_000
"""The most text a built-in template is typeset from in csip's own process. Typst keeps what
it worked out for every PDF it has made in a process, so a build of a large plan's papers,
one after another, would hold them all: beyond this, as for a council's template, each PDF is
typeset in a process of its own, which gives its memory back when done and is held to
``MAX_MEMORY``. A council-sized plan's papers (the reference plan's largest holds under a fifth
of this) keep the speed of one process."""
MAX_CONTEXT_CHARACTERS = 2 * 10**6
"""The most text a PDF is typeset from: Typst takes about 500 bytes of memory for each, so a
report of a plan of ten thousand actions (a million) needs some 500 MB, and a plan that names
one long text again and again by alias could otherwise take more memory than the machine has."""
MAX_MEMORY = 2 * 2**30
"""Bytes of memory a PDF typeset in a process of its own may take (where the platform can
limit them): twenty times what any paper of the reference plan needs (under 100 MB)."""


def _typeset(job: dict[str, str]) -> bytes | str:
    """The PDF Typst makes of ``job`` (see ``render``), or what went wrong, in one line."""
    import typst

    try:
        pdf = typst.compile(
            job["input"],
            root=job["root"],
            sys_inputs={"context": job["context"]},
            format="pdf",
            ignore_system_fonts=True,
            pdf_standards=STANDARD,
            timestamp=dt.datetime.fromisoformat(job["timestamp"]),
        )
    except typst.TypstError as error:
        return str(error.message)
    except RuntimeError as error:  # a template the compiler cannot even start
        return str(error)
    except BaseException as error:  # Typst's own fault: pyo3 raises a Rust panic as this
        if type(error).__name__ != "PanicException":
            raise
        return f"Typst failed ({' '.join(str(error).split())[:200]})"
    return pdf if isinstance(pdf, bytes) else "Typst gave no PDF"


_CHILD = """
import json, sys
from csip.render.pdf import _typeset
outcome = _typeset(json.loads(sys.stdin.buffer.read()))
if isinstance(outcome, str):
    sys.stderr.write(outcome)
    sys.exit(3)
sys.stdout.buffer.write(outcome)
"""


def _typeset_apart(name: str, job: dict[str, str]) -> bytes | str:
    """``_typeset`` in a child process, within ``MAX_SECONDS`` and ``MAX_MEMORY``.

    The child finds csip where this process did (``-P``: not in the folder csip was started
    in, which may be a plan repository's, where a module of a stranger's could wait)."""
    import subprocess
    import sys

    from csip.render.templates import MAX_SECONDS, seconds_allowed

    try:
        done = subprocess.run(
            [sys.executable, "-P", "-c", _CHILD],
            input=json.dumps(job).encode(),
            capture_output=True,
            timeout=MAX_SECONDS,
            preexec_fn=_limit_memory if os.name == "posix" else None,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return f"the template ran for over {seconds_allowed()}"
    except OSError as error:
        return f"Typst could not be started ({error.strerror or error})"
    if done.returncode == 0:
        return done.stdout
    said = done.stderr.decode("utf-8", "replace").strip()
    if done.returncode == 3 and said:
        return said
    return f"Typst stopped without a PDF: it may need over {MAX_MEMORY // 2**30} GB"


def _limit_memory() -> None:
    """In the child, before it starts: at most ``MAX_MEMORY`` of address space."""
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MAX_MEMORY, MAX_MEMORY))


def _printable(value: object) -> Any:
    """The context as plain data for JSON, every text in it printable (``_UNPRINTABLE``), and
    blocks of plan text the list of paragraphs and lists the templates lay out."""
    if isinstance(value, str):
        return _UNPRINTABLE.sub(NO_GLYPH, value)
    if isinstance(value, Blocks):
        return _printable(value.as_data())
    if isinstance(value, dict):
        return {key: _printable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_printable(item) for item in value]
    return value
