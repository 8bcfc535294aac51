"""docs/cli.md is made from the commands' own --help, and is never stale."""

from __future__ import annotations

from conftest import REPO

from csip.cli.reference import cli_reference


def test_the_cli_reference_matches_every_command_s_help() -> None:
    written = (REPO / "docs" / "cli.md").read_text(encoding="utf-8")
    assert written == cli_reference(), "docs/cli.md is stale: run make docs"


def test_the_cli_reference_has_a_section_and_an_example_per_command() -> None:
    text = cli_reference()
    sections = text.split("\n## csip ")[1:]
    assert [section.split("\n", 1)[0] for section in sections][:3] == [
        "validate",
        "schema",
        "status",
    ]
    for section in sections:
        assert "Example: csip " in section, section.split("\n", 1)[0]
