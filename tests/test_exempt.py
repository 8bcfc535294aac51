"""Exempt information (spec section 11) never reaches a Part 1 output, and every Part 2 holds it.

One plan holds a unique marker in every field that can be exempt. Every report of the registry
runs in every format it offers, and so do the terminal views and ``csip build``: no marker may
appear in any Part 1 output (files, stdout, stderr), and every marker must appear in Part 2. A
report or format added later is covered by the same loop over the registry.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from conftest import PlanWriter
from pypdf import PdfReader
from typer.testing import CliRunner

from csip.cli import app
from csip.figures.audience import is_placeholder, placeholder
from csip.reports.registry import REPORTS

MARKERS = {
    "action": "SECRET-ACTION-TEXT",
    "action-note": "SECRET-ACTION-NOTE",
    "action-evidence": "SECRET-ACTION-EVIDENCE",
    "update-note": "SECRET-UPDATE-NOTE",
    "update-evidence": "SECRET-UPDATE-EVIDENCE",
    "funding-comment": "SECRET-FUNDING-COMMENT",
    "review-note": "SECRET-REVIEW-NOTE",
    "review-evidence": "SECRET-REVIEW-EVIDENCE",
    "review-task": "SECRET-REVIEW-TASK",
    "exempt-action-review-note": "SECRET-EXEMPT-ACTION-REVIEW-NOTE",
    "exempt-action-review-evidence": "SECRET-EXEMPT-ACTION-REVIEW-EVIDENCE",
    "exempt-action-review-task": "SECRET-EXEMPT-ACTION-REVIEW-TASK",
    "narrative": "SECRET-NARRATIVE",
}

PRIORITY = f"""\
priority: 1
title: Leadership and Governance
actions:
  - id: "1.1.1"
    action: {MARKERS["action"]} about a named child's case audit.
    exempt: 2
    lead: DCS
    due: 2016-06
    updates:
      - date: 2016-06-10
        status: in-progress
        note: {MARKERS["action-note"]}
        evidence: [{MARKERS["action-evidence"]}]
  - id: "1.1.2"
    action: Recruit a permanent Director of Children's Services.
    lead: DCS
    due: 2016-07
    updates:
      - date: 2016-06-10
        status: in-progress
        note: The shortlist is agreed.
      - date: 2016-07-20
        status: in-progress
        exempt: 1
        note: {MARKERS["update-note"]} on a candidate's circumstances.
        evidence: [{MARKERS["update-evidence"]}]
"""
FUNDING = f"""\
lines:
  - name: Interim staffing
    actions: ["1.1.2"]
    years:
      2016/17: {{budget: 100, spend: 80}}
    comment: {MARKERS["funding-comment"]} about a contractor's rates.
    exempt: 3
"""

MONTH = "2016-07"
SCOPES = {
    "month": ["--month", MONTH],
    "plan": [],
    "date": ["--month", MONTH],
    "period": ["--from", "2016-05", "--to", MONTH],
    "meeting": ["--priorities", "1", "--date", "2016-07-31"],
    "since": ["--since", "2016-05-31", "--month", MONTH],
}
"""What each scope of report is asked for: every report covers the plan's exempt entries."""


MEETING = f"""\
board: Improvement Team Board
date: 2016-07-26
priorities: [1]
reviews:
  - action: "1.1.2"
    outcome: remedial
    exempt: 1
    note: {MARKERS["review-note"]} about a candidate.
    evidence: [{MARKERS["review-evidence"]}]
    tasks:
      - task: {MARKERS["review-task"]} with the candidate
        owner: DCS
        due: 2016-08-15
  - action: "1.1.1"
    outcome: remedial
    note: {MARKERS["exempt-action-review-note"]}, a review of an exempt action.
    evidence: [{MARKERS["exempt-action-review-evidence"]}]
    tasks:
      - task: {MARKERS["exempt-action-review-task"]} for the case audit
        owner: DCS
        due: 2016-08-15
"""

PAPER = f"""\
date: 2016-08-05
summary: Progress is steady.
assurance:
  text: {MARKERS["narrative"]} about a named member of staff.
  exempt: 4
"""

RECOMMENDATIONS = """\
source: Ofsted inspection, 2016
recommendations:
  - id: "1"
    text: Ensure that leaders know the quality of frontline practice.
"""


@pytest.fixture
def plan(write_plan: PlanWriter) -> Path:
    return write_plan(
        {
            "01-leadership.yaml": PRIORITY.replace(
                "    lead: DCS\n", '    lead: DCS\n    recommendations: ["1"]\n'
            ),
            "funding.yaml": FUNDING,
            "recommendations.yaml": RECOMMENDATIONS,
            "meetings/2016-07-26.yaml": MEETING,
            "papers/2016-07.yaml": PAPER,
        }
    )


def runs() -> list[tuple[str, list[str]]]:
    """Every command that shows plan text, in every format it offers."""
    found: list[tuple[str, list[str]]] = []
    for kind in REPORTS:
        if not kind.command:
            continue
        for fmt in kind.formats:
            found.append((f"{kind.name}-{fmt}", [kind.name, *SCOPES[kind.scope], "--format", fmt]))
    for fmt in ("table", "json"):
        found.append((f"status-{fmt}", ["status", "--month", MONTH, "--format", fmt]))
    for fmt in ("table", "json", "csv"):
        found.append((f"actions-{fmt}", ["actions", "--month", MONTH, "--format", fmt]))
    for action_id in ("1.1.1", "1.1.2"):
        found.append((f"show-{action_id}", ["show", action_id, "--month", MONTH]))
    return found


def readable(data: bytes) -> str:
    """What a reader sees of an output: a PDF's text, anything else as UTF-8 text."""
    if data.startswith(b"%PDF"):
        return "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return data.decode("utf-8")


def output_of(runner: CliRunner, args: list[str], tmp_path: Path) -> str:
    # Wide enough that no table wraps a marker across two lines, where a search would miss it.
    result = runner.invoke(app, args, catch_exceptions=False, env={"COLUMNS": "2000"})
    assert result.exit_code == 0, result.stderr
    return readable(result.stdout_bytes) + result.stderr


@pytest.mark.parametrize(("name", "args"), runs(), ids=[name for name, _ in runs()])
def test_no_exempt_text_in_part_1(
    plan: Path, runner: CliRunner, tmp_path: Path, name: str, args: list[str]
) -> None:
    text = output_of(runner, args, tmp_path)
    assert [marker for marker in MARKERS.values() if marker in text] == []


def test_every_exempt_text_is_in_part_2(plan: Path, runner: CliRunner, tmp_path: Path) -> None:
    shown = "".join(output_of(runner, [*args, "--exempt"], tmp_path) for _, args in runs())
    assert [marker for marker in MARKERS.values() if marker not in shown] == []


def test_part_1_shows_where_text_is_exempt_and_under_which_paragraph(
    plan: Path, runner: CliRunner, tmp_path: Path
) -> None:
    text = output_of(runner, ["show", "1.1.2", "--month", MONTH], tmp_path)
    assert placeholder(1) in text
    assert "The shortlist is agreed." in text
    funding = output_of(runner, ["funding", "--format", "md"], tmp_path)
    assert placeholder(3) in funding


def test_figures_count_exempt_actions(plan: Path, runner: CliRunner, tmp_path: Path) -> None:
    public = output_of(runner, ["exception-report", "-m", MONTH, "-f", "json"], tmp_path)
    part_2 = output_of(
        runner, ["exception-report", "-m", MONTH, "-f", "json", "--exempt"], tmp_path
    )
    assert '"due": 2' in public and '"red": 2' in public
    assert public.replace(placeholder(2), "").count('"due": 2') == part_2.count('"due": 2')


def test_build_writes_part_1_and_part_2_into_separate_folders(
    plan: Path, runner: CliRunner, tmp_path: Path
) -> None:
    public, exempt = tmp_path / "site", tmp_path / "part2"
    args = ["build", "--month", MONTH, "--out", str(public), "--exempt-out", str(exempt)]
    result = runner.invoke(app, args, catch_exceptions=False)
    assert result.exit_code == 0, result.stderr

    def text_of(folder: Path) -> str:
        return "".join(
            readable(path.read_bytes()) for path in sorted(folder.rglob("*")) if path.is_file()
        )

    assert [marker for marker in MARKERS.values() if marker in text_of(public)] == []
    assert "not for publication" not in text_of(public).lower()
    assert "not for publication" in (exempt / "index.html").read_text(encoding="utf-8").lower()
    # Part 2 of the site holds every marker that the reports it holds, made one by one, hold.
    reports = "".join(
        output_of(runner, [*args, "--exempt"], tmp_path)
        for name, args in runs()
        if args[0] in {kind.name for kind in REPORTS if kind.site != "none"}
    )
    expected = [marker for marker in MARKERS.values() if marker in reports]
    assert expected and [marker for marker in expected if marker not in text_of(exempt)] == []


def test_part_2_may_not_sit_inside_the_public_folder(plan: Path, runner: CliRunner) -> None:
    args = ["build", "--month", MONTH, "--out", "site", "--exempt-out", "site/part2"]
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert not Path("site").exists()


def test_a_placeholder_is_recognised() -> None:
    assert is_placeholder(placeholder(7))
    assert not is_placeholder("Exempt")


def test_a_paragraph_outside_schedule_12a_is_an_error(
    write_plan: PlanWriter, runner: CliRunner
) -> None:
    write_plan({"01-leadership.yaml": PRIORITY.replace("exempt: 2", "exempt: 8")})
    result = runner.invoke(app, ["validate"])
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0].startswith("plan/01-leadership.yaml:6:13: error: ")


NOTICE = "contains exempt information under paragraphs 1, 2, 3 and 4 of Schedule 12A"


@pytest.mark.parametrize("fmt", ["md", "html", "pdf"])
def test_part_2_says_so_at_its_top_and_on_every_page_and_part_1_does_not(
    plan: Path, runner: CliRunner, tmp_path: Path, fmt: str
) -> None:
    args = ["exception-report", "--month", MONTH, "--format", fmt]
    part_2 = output_of(runner, [*args, "--exempt"], tmp_path)
    part_1 = output_of(runner, args, tmp_path)
    assert NOTICE in " ".join(part_2.split())
    assert "NOT FOR PUBLICATION" in part_2
    assert "NOT FOR PUBLICATION" not in part_1 and NOTICE not in " ".join(part_1.split())
    if fmt == "pdf":
        result = runner.invoke(app, [*args, "--exempt"], catch_exceptions=False)
        pages = PdfReader(io.BytesIO(result.stdout_bytes)).pages
        assert all("NOT FOR PUBLICATION" in page.extract_text() for page in pages)
    if fmt == "html":
        assert "@top-center" in part_2 and "@top-center" not in part_1


PART_2_LINE = (
    "Part 2 \N{EN DASH} Exempt: not for publication. This paper "
    + NOTICE
    + " to the Local Government Act 1972 and is not for publication."
)


def _with_a_page(name: str) -> bool:
    """Markdown, HTML and PDF say it on their pages (above); a JSON array has no top."""
    return name.endswith(("-md", "-html", "-pdf")) or name == "actions-json"


@pytest.mark.parametrize(
    ("name", "args"),
    [run for run in runs() if not _with_a_page(run[0])],
    ids=[name for name, _ in runs() if not _with_a_page(name)],
)
def test_part_2_without_pages_says_so_first_and_part_1_does_not(
    plan: Path, runner: CliRunner, tmp_path: Path, name: str, args: list[str]
) -> None:
    part_2 = output_of(runner, [*args, "--exempt"], tmp_path)
    part_1 = output_of(runner, args, tmp_path)
    first = " ".join(part_2.split("\n\n")[0].split())
    if name.endswith("-json"):
        first = json.loads(part_2)["exempt_notice"]
        assert next(iter(json.loads(part_2))) == "exempt_notice"
    elif name.endswith("-csv"):
        first = next(csv.reader(io.StringIO(part_2)))[0]
    assert first == PART_2_LINE
    assert "not for publication" not in part_1


@pytest.mark.parametrize("fmt", ["text", "json", "github"])
def test_a_problem_with_exempt_text_does_not_repeat_it(
    write_plan: PlanWriter, runner: CliRunner, fmt: str
) -> None:
    broken = PRIORITY.replace(
        f"evidence: [{MARKERS['update-evidence']}]", f"evidence: {MARKERS['update-evidence']}"
    )
    write_plan({"01-leadership.yaml": broken})
    result = runner.invoke(app, ["validate", "--format", fmt], catch_exceptions=False)
    assert result.exit_code == 1
    assert MARKERS["update-evidence"] not in result.stdout
    assert "'evidence' must be a list, not exempt text" in result.stdout


def test_a_problem_with_public_text_repeats_it(write_plan: PlanWriter, runner: CliRunner) -> None:
    broken = PRIORITY.replace(
        "note: The shortlist is agreed.",
        "note: The shortlist is agreed.\n        evidence: public minutes",
    )
    write_plan({"01-leadership.yaml": broken})
    result = runner.invoke(app, ["validate"], catch_exceptions=False)
    assert "'evidence' must be a list, not 'public minutes'" in result.stdout


def test_a_part_2_of_a_plan_with_nothing_exempt_is_part_1(
    write_plan: PlanWriter, runner: CliRunner, tmp_path: Path
) -> None:
    write_plan(
        {
            "01-leadership.yaml": PRIORITY.replace("    exempt: 2\n", "").replace(
                "        exempt: 1\n", ""
            )
        }
    )
    args = ["status", "--month", MONTH, "--format", "json"]
    assert output_of(runner, [*args, "--exempt"], tmp_path) == output_of(runner, args, tmp_path)


@pytest.mark.parametrize(
    ("files", "where"),
    [
        (
            {"01-leadership.yaml": PRIORITY.replace("exempt: 2", "exempt:")},
            "01-leadership.yaml:6:12",
        ),
        ({"funding.yaml": FUNDING.replace("exempt: 3", "exempt:")}, "funding.yaml:7:12"),
        (
            {"papers/2016-07.yaml": PAPER.replace("exempt: 4", "exempt:")},
            "papers/2016-07.yaml:4:3",
        ),
    ],
)
def test_an_empty_exempt_is_an_error_not_public_text(
    write_plan: PlanWriter, runner: CliRunner, files: dict[str, str], where: str
) -> None:
    write_plan({"01-leadership.yaml": PRIORITY, **files})
    result = runner.invoke(app, ["validate"])
    assert result.exit_code == 1
    assert f"plan/{where}: error: 'exempt' is empty" in result.stdout
