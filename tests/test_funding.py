"""The funding report: each line and the totals per financial year, laid out like the seed's table.

The figures come from ``funding_figures`` (pure: a ledger in, sums out); the command lays them
out as Markdown, HTML or JSON. The reference plan's report is pinned by golden files, which
``--update-golden`` rewrites for review by eye.
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
import yaml
from conftest import REPO, PlanWriter
from typer.testing import CliRunner

from csip.cli import app
from csip.model.files import FundingFile
from csip.model.validators import parse
from csip.reports.funding import Column, funding_figures, summary

GOLDEN = Path(__file__).parent / "golden"

PRIORITY = """\
priority: 2
title: Management Oversight and Quality Assurance
short_title: Management Oversight
actions:
  - id: "2.10.1"
    action: Develop a Caseload Management Policy, with a financial business case.
    lead: DCS
    due: 2016-12
  - id: "2.9.1"
    action: Recruit permanent team managers.
    lead: DCS
    due: 2016-10
"""

FUNDING = """\
units: "£'000"
lines:
  - name: Phase One
    actions: ["2.10.1", "2.9.1"]
    years:
      2016/17: {budget: 731, spend: 731}
      2017/18: {budget: 1171, committed: 1171}
    comment: Additional staffing. Recruited.
  - name: Pressures
    years:
      2017/18: {budget: 2093, committed: 2093}
"""


def ledger(text: str) -> FundingFile:
    return parse(FundingFile, yaml.safe_load(textwrap.dedent(text)))


def test_figures_have_a_column_for_each_measure_a_year_records() -> None:
    figures = funding_figures(ledger(FUNDING))

    assert figures.years == ("2016/17", "2017/18")
    assert figures.columns == (
        Column("2016/17", "budget"),
        Column("2016/17", "spend"),
        Column("2017/18", "budget"),
        Column("2017/18", "committed"),
    )
    assert figures.totals["2016/17"].as_dict() == {"budget": 731, "spend": 731, "committed": None}
    assert figures.totals["2017/18"].as_dict() == {
        "budget": 3264,
        "spend": None,
        "committed": 3264,
    }
    pressures = figures.lines[1]
    assert pressures.amount(Column("2016/17", "budget")) is None
    assert figures.lines[0].actions == ("2.9.1", "2.10.1")


def test_a_zero_is_a_figure_and_a_missing_measure_is_not() -> None:
    figures = funding_figures(
        ledger(
            """\
            lines:
              - name: A
                years: {2016/17: {budget: 0}}
              - name: B
                years: {2016/17: {budget: 5, spend: 0}}
            """
        )
    )

    assert figures.totals["2016/17"].as_dict() == {"budget": 5, "spend": 0, "committed": None}
    assert [column.measure for column in figures.columns] == ["budget", "spend"]


def test_summary_cuts_long_action_text_at_a_word() -> None:
    text = "Develop a policy " + "with many more words " * 10
    short = summary(text)

    assert short.endswith("\N{HORIZONTAL ELLIPSIS}")
    assert len(short) <= 91
    assert text.startswith(short[:-1])
    assert summary("Short\n  text.") == "Short text."


@pytest.fixture
def funded_plan(write_plan: PlanWriter) -> Path:
    return write_plan({"02-oversight.yaml": PRIORITY, "funding.yaml": FUNDING})


def test_markdown_lays_out_the_lines_and_totals_with_separators(
    runner: CliRunner, funded_plan: Path
) -> None:
    result = runner.invoke(app, ["funding", "--plan", str(funded_plan)], catch_exceptions=False)

    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    header = next(line for line in lines if line.startswith("| Line |"))
    assert "2016/17 budget (£'000) | 2016/17 spend (£'000) | 2017/18 budget (£'000)" in header
    assert "| Phase One | 731 | 731 | 1,171 | 1,171 | 2.9.1, 2.10.1 |" in result.stdout
    assert "| Pressures | \N{EN DASH} | \N{EN DASH} | 2,093 | 2,093 | None named |" in result.stdout
    assert "| **Total** | **731** | **731** | **3,264** | **3,264** |" in result.stdout
    assert "**2.10.1** (Priority 2 \N{EN DASH} Management Oversight): Develop" in result.stdout
    assert "Not tied to a plan action: Pressures." in result.stdout
    assert "25 November 2026" in result.stdout


def test_json_gives_raw_figures_lines_and_totals(runner: CliRunner, funded_plan: Path) -> None:
    result = runner.invoke(
        app, ["funding", "--plan", str(funded_plan), "--format", "json"], catch_exceptions=False
    )

    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["units"] == "£'000"
    assert data["lines"][0]["years"]["2017/18"] == {
        "budget": 1171,
        "spend": None,
        "committed": 1171,
    }
    assert data["lines"][1]["actions"] == []
    assert data["totals"]["2017/18"]["budget"] == 3264
    assert [item["id"] for item in data["actions"]] == ["2.9.1", "2.10.1"]
    assert data["actions"][1]["lines"] == ["Phase One"]


def test_html_is_one_page_with_the_plan_text_escaped(
    runner: CliRunner, write_plan: PlanWriter
) -> None:
    hostile = FUNDING.replace("Pressures", '"<script>alert(1)</script>"')
    plan = write_plan({"02-oversight.yaml": PRIORITY, "funding.yaml": hostile})

    result = runner.invoke(
        app, ["funding", "--plan", str(plan), "--format", "html"], catch_exceptions=False
    )

    assert result.exit_code == 0, result.stderr
    assert "<script>" not in result.stdout
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in result.stdout
    assert '<th scope="colgroup" colspan="2">2016/17</th>' in result.stdout
    assert '<td class="number">3,264</td>' in result.stdout


def test_output_file_is_written_whole(runner: CliRunner, funded_plan: Path) -> None:
    target = funded_plan.parent / "out" / "funding.md"

    result = runner.invoke(
        app,
        ["funding", "--plan", str(funded_plan), "--output", str(target)],
        catch_exceptions=False,
    )

    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert "| **Total** |" in target.read_text(encoding="utf-8")
    assert [path.name for path in target.parent.iterdir()] == ["funding.md"]


def test_a_plan_without_funding_is_one_line_and_exit_status_1(
    runner: CliRunner, write_plan: PlanWriter
) -> None:
    plan = write_plan({"02-oversight.yaml": PRIORITY})

    result = runner.invoke(app, ["funding", "--plan", str(plan)], catch_exceptions=False)

    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert "no funding.yaml" in result.stderr


def test_help_ends_with_an_example(runner: CliRunner) -> None:
    result = runner.invoke(app, ["funding", "--help"], catch_exceptions=False)

    assert "Example: csip funding" in result.stdout


@pytest.mark.parametrize("fmt", ["md", "json"])
def test_reference_plan_matches_its_golden_file(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, update_golden: bool, fmt: str
) -> None:
    monkeypatch.chdir(REPO)
    golden = GOLDEN / f"funding.{fmt}"

    result = runner.invoke(
        app, ["funding", "--plan", "plan", "--format", fmt], catch_exceptions=False
    )

    assert result.exit_code == 0, result.stderr
    if update_golden:
        golden.write_text(result.stdout, encoding="utf-8", newline="\n")
    assert result.stdout == golden.read_text(encoding="utf-8")
