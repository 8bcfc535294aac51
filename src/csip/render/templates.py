"""Templates to text: the built-in templates, or a council's own in their place.

Templates only lay out what the report's context already holds; every figure is computed in
Python before a template sees it. An undefined variable is an error, so a misspelt name in a
template fails loudly instead of printing nothing. HTML is autoescaped and every value a
Markdown template prints is escaped for Markdown (``render.markdown``): no text from a plan can
put markup or script into a report.

A council's templates are someone else's code, so every template runs in Jinja's sandbox, with
bounded time and output; whatever goes wrong in one is a ``TemplateFailure``, one clean line.
"""

from __future__ import annotations

import functools
import signal
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from csip.render import html, markdown
from csip.text import Blocks
from csip.words import plural

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
    env = _BoundedSandbox(
        loader=jinja2.ChoiceLoader(loaders),
        undefined=jinja2.StrictUndefined,
        autoescape=jinja2.select_autoescape(enabled_extensions=("html", "html.j2")),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=_finalize,
    )
    env.globals.update(cell=markdown.escape, code=markdown.code)
    env.filters["blocks"] = _blocks
    env.filters["css_string"] = html.css_string
    return env


class _BoundedSandbox(SandboxedEnvironment):
    """Jinja's sandbox, with ``*`` and ``**`` held to what a report can use: ``"x" * 10**9``
    or ``9 ** 9 ** 9`` would take gigabytes or minutes in one step, before the limits on a
    template's output and time could stop it."""

    intercepted_binops = frozenset({"*", "**"})

    def call_binop(
        self, context: jinja2.runtime.Context, operator: str, left: Any, right: Any
    ) -> Any:
        if operator == "*":
            for sequence, count in ((left, right), (right, left)):
                if isinstance(count, int) and _text_in(sequence) * count > MAX_OUTPUT:
                    raise TemplateFailure(
                        f"{context.name}: a '*' that would make over {MAX_OUTPUT // 2**20} "
                        "MB of text"
                    )
        elif (
            operator == "**"
            and isinstance(left, int)
            and isinstance(right, int)
            and right > 0
            and max(left.bit_length(), 1) * right > _MAX_POWER_BITS
        ):
            raise TemplateFailure(f"{context.name}: a '**' that makes too large a number")
        return super().call_binop(context, operator, left, right)


def _text_in(value: Any) -> int:
    """How much text repeating ``value`` once makes: its characters, or for a list or tuple
    its items' (each at least one), which a join would make into one text."""
    if isinstance(value, str | bytes):
        return len(value)
    if isinstance(value, list | tuple):
        return sum(len(item) if isinstance(item, str | bytes) else 1 for item in value)
    return 0


_MAX_POWER_BITS = 1_000_000
"""The largest number, in bits, that ``**`` in a template may make (a million bits is 300,000
digits, far beyond any figure)."""


def _is_markdown(context: jinja2.runtime.Context) -> bool:
    return (context.name or "").endswith((".md.j2", ".md"))


@jinja2.pass_context
def _finalize(context: jinja2.runtime.Context, value: Any) -> Any:
    """Every value a Markdown template prints is escaped; HTML templates autoescape."""
    if _is_markdown(context) and not isinstance(value, (int, Markup)):
        return markdown.escape(value)
    return value


@jinja2.pass_context
def _blocks(
    context: jinja2.runtime.Context, value: Blocks | str, indent: int = 0, cell: bool = False
) -> Markup:
    """``{{ text | blocks }}``: plan text's paragraphs and lists, laid out for the template's
    format from escaped pieces."""
    if _is_markdown(context):
        return markdown.blocks(value, indent=indent, cell=cell)
    return html.blocks(value, cell=cell)


class TemplateFailure(Exception):
    """A template could not be rendered: its own error, a loop, or too much output."""


MAX_SECONDS = 30
"""Far longer than any built-in report takes; a council template that loops is stopped."""
MAX_OUTPUT = 50 * 2**20
"""Characters one report may have: a hundred times the largest the reference plan makes."""


def render(name: str, context: Mapping[str, Any], templates: Path | None = None) -> str:
    """Render the template ``name`` (such as ``exception-report.md.j2``) with ``context``."""
    try:
        # Compiled within the limits too: Jinja works out constant expressions as it compiles.
        with _time_limit(name), _memory_limit(templates):
            template = environment(templates).get_template(name)
            return _bounded(name, template.generate(context))
    except TemplateFailure:
        raise
    except MemoryError:
        raise TemplateFailure(
            f"{name}: the template needs over {MAX_MORE_MEMORY // 2**30} GB of memory"
        ) from None
    except jinja2.TemplateSyntaxError as error:
        where = f"{error.filename or error.name or name}:{error.lineno}"
        raise TemplateFailure(f"{where}: {error.message}") from None
    except jinja2.TemplateNotFound as error:
        raise TemplateFailure(f"{name}: no template '{error.name}'") from None
    except RecursionError:
        raise TemplateFailure(f"{name}: the template calls itself without end") from None
    except Exception as error:  # a council's template may fail in any way: one line for all
        message = getattr(error, "message", None) or str(error) or type(error).__name__
        raise TemplateFailure(f"{name}: {' '.join(str(message).split())}") from None


def _bounded(name: str, chunks: Iterator[str]) -> str:
    """The template's output, stopped once it is over ``MAX_OUTPUT`` or ``MAX_SECONDS``."""
    started = time.monotonic()
    parts: list[str] = []
    size = 0
    for chunk in chunks:
        size += len(chunk)
        if size > MAX_OUTPUT:
            raise TemplateFailure(f"{name}: the output is over {MAX_OUTPUT // 2**20} MB")
        if time.monotonic() - started > MAX_SECONDS:
            raise TemplateFailure(f"{name}: the template ran for over {seconds_allowed()}")
        parts.append(chunk)
    return "".join(parts)


MAX_MORE_MEMORY = 2**30
"""What a council's templates may take beyond what the run already holds (a limit on top of it,
where a PDF typeset apart has ``pdf.MAX_MEMORY`` in all): far more than any
report needs, far less than a step such as ``"x"|center(10**10)`` would."""


@contextmanager
def _memory_limit(templates: Path | None) -> Iterator[None]:
    """Hold a council's templates to MAX_MORE_MEMORY more address space, where the platform can:
    one step of a template (a padding, a join, a repeat) can ask for gigabytes before the
    limits on output and time see it, and is then a MemoryError, one line. csip's own
    templates are not limited."""
    in_use = _address_space() if templates is not None else None
    if in_use is None:
        yield
        return
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = in_use + MAX_MORE_MEMORY
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    if soft != resource.RLIM_INFINITY and soft <= limit:
        yield  # already held closer
        return
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def _address_space() -> int | None:
    """The process's address space in bytes (Linux), or None where it cannot be read."""
    try:
        pages = int(Path("/proc/self/statm").read_text(encoding="ascii").split()[0])
        import resource

        return pages * resource.getpagesize()
    except (OSError, ValueError, IndexError, ImportError):
        return None


def seconds_allowed() -> str:
    """``MAX_SECONDS`` in words, for the line that says a template ran too long."""
    return plural(MAX_SECONDS, "second")


@contextmanager
def _time_limit(name: str) -> Iterator[None]:
    """Stop a template that loops without printing, where the platform has interval timers.

    Output-free loops never reach ``_bounded``'s check; on POSIX a timer interrupts them. It
    is set only in the main thread and only when no other timer is running.
    """
    usable = (
        hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
        and signal.getitimer(signal.ITIMER_REAL)[0] == 0
    )
    if not usable:
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise TemplateFailure(f"{name}: the template ran for over {seconds_allowed()}")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, MAX_SECONDS)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
