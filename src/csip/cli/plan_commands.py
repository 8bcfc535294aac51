"""Commands about the plan's files themselves: validate them, and print their JSON Schemas."""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from csip.cli.shared import PlanOption, app, read_plan
from csip.words import visible

if TYPE_CHECKING:
    from csip.plan_folder import Loaded


class ProblemFormat(StrEnum):
    text = "text"
    json = "json"
    github = "github"


@app.command()
def validate(
    plan: PlanOption = Path("plan"),
    strict: Annotated[bool, typer.Option("--strict", help="Treat warnings as errors.")] = False,
    output_format: Annotated[
        ProblemFormat,
        typer.Option(
            "--format",
            "-f",
            case_sensitive=False,
            help="text, json, or github (workflow annotations).",
        ),
    ] = ProblemFormat.text,
) -> None:
    """Check every file of the plan and report every problem, each at its file, line and column.

    Exit status: 0 no errors, 1 errors (or warnings with --strict), 2 a wrong command line.

    Example: csip validate --plan plan --strict
    """
    from csip.problems import as_json, count

    loaded = read_plan(plan)
    problems = loaded.problems
    if strict:
        problems = [problem._replace(level="error") for problem in problems]
    # Every problem found is counted, those past a file's first hundred too.
    errors = count(problems, "error") + loaded.unshown["error"]
    warnings = count(problems, "warning") + loaded.unshown["warning"]
    if strict:
        errors, warnings = errors + warnings, 0
    summary = _summary(loaded, plan, errors, warnings)
    if output_format is ProblemFormat.json:
        lines = [as_json(problems)]
    elif output_format is ProblemFormat.github:
        lines = [
            "::group::csip validate",
            *(problem.github() for problem in problems),
            "::endgroup::",
            summary,
        ]
    else:
        mark = _coloured if _colour_wanted() else str
        lines = [*(problem.text(mark) for problem in problems), summary]
    sys.stdout.write("".join(f"{line}\n" for line in lines))  # one write, however many lines
    raise typer.Exit(1 if errors else 0)


def _summary(loaded: Loaded, directory: Path, errors: int, warnings: int) -> str:
    found = "no problems"
    if errors or warnings:
        found = f"{_plural(errors, 'error')}, {_plural(warnings, 'warning')}"
    return (
        f"{visible(str(directory))}: {_plural(loaded.files, 'file')}, "
        f"{_plural(loaded.priorities, 'priority')}, {_plural(loaded.actions, 'action')}: {found}"
    )


def _plural(number: int, word: str) -> str:
    if number == 1:
        return f"1 {word}"
    return f"{number} {word[:-1] + 'ies' if word.endswith('y') else word + 's'}"


def _colour_wanted() -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org)."""
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def _coloured(level: str) -> str:
    colour = "31" if level == "error" else "33"
    return f"\x1b[1;{colour}m{level}\x1b[0m"


class SchemaKind(StrEnum):
    plan = "plan"
    priority = "priority"
    funding = "funding"
    meeting = "meeting"
    recommendations = "recommendations"
    paper = "paper"


@app.command()
def schema(
    kind: Annotated[
        SchemaKind,
        typer.Argument(
            case_sensitive=False,
            metavar="KIND",
            help="plan, priority, funding, meeting, recommendations or paper.",
        ),
    ],
) -> None:
    """Print the JSON Schema of a plan file, for editors that check YAML as you type.

    Example: csip schema priority > priority.schema.json
    """
    from csip.model.schema import json_schema

    typer.echo(json_schema(kind.value))
