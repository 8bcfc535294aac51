"""The CLI reference (``docs/cli.md``), made from every command's own ``--help``.

``make docs`` writes it and a test fails when the file is stale, so the reference never drifts
from what ``csip COMMAND --help`` prints.
"""

from __future__ import annotations

import typer.main

from csip.cli import app

WIDTH = 100


def cli_reference() -> str:
    """Markdown: the top-level help, then each command's help, in ``csip --help`` order."""
    group = typer.main.get_command(app)
    root = group.make_context("csip", [], resilient_parsing=True, terminal_width=WIDTH)
    sections = [
        "# csip command reference",
        "",
        "Made from `csip --help` and each command's `--help` by `make docs`; do not edit by hand.",
        "",
        "```text",
        group.get_help(root).rstrip(),
        "```",
    ]
    commands = getattr(group, "commands", {})
    for name in group.list_commands(root):  # type: ignore[attr-defined]
        command = commands[name]
        context = command.make_context(
            name, [], parent=root, resilient_parsing=True, terminal_width=WIDTH
        )
        sections += [
            "",
            f"## csip {name}",
            "",
            "```text",
            command.get_help(context).rstrip(),
            "```",
        ]
    return "\n".join(sections) + "\n"


if __name__ == "__main__":
    import sys

    sys.stdout.write(cli_reference())
