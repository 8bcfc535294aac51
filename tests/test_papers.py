"""Paper details and narrative (spec section 12), paragraphs and lists, and what the papers print
beyond the figures: the head a council paper has, withdrawn actions, the key to the codes, a
warning when the plan's updates stop, and the month the plan ends."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import jsonschema
import pytest
import yaml
from conftest import REPO, PlanWriter
from test_schema import EditorLoader, schema_of
from typer.testing import CliRunner

from csip.cli import app
from csip.model.domain import Plan
from csip.plan_folder import load_plan
from csip.render.html import blocks as html_blocks
from csip.render.markdown import blocks as markdown_blocks
from csip.reports import render_report
from csip.reports.registry import REPORTS, ReportKind
from csip.text import Block, split

MADE = dt.datetime(2026, 11, 25, tzinfo=dt.UTC)
TODAY = dt.date(2026, 11, 25)

PRIORITY = """\
priority: 1
title: Leadership and Governance
short_title: Leadership
actions:
  - id: "1.1.1"
    action: |-
      Agree the plan with
      the board.

      - first step
      - second step
        continued
    lead: DCS
    agencies: [Health]
    due: 2016-06
    updates:
      - date: 2016-07-01
        status: in-progress
        due: 2016-09
        note: |-
          Delayed:
          - the <b>board</b> moved
          - *minutes* pending
  - id: "1.1.2"
    action: Withdrawn later.
    lead: DCS
    due: 2016-06
    updates:
      - {date: 2016-06-10, status: withdrawn, note: No longer needed.}
      - {date: 2016-06-20, status: withdrawn}
"""

PRIORITY_2 = """\
priority: 2
title: Care Leavers
actions:
  - id: "2.1.1"
    action: Recruit.
    lead: DCS
    due: 2016-12
    updates:
      - {date: 2016-07-01, status: in-progress}
"""

PAPER = """\
date: 2016-08-03
reference: CS1
lead_officer: A Person, Director
summary: |-
  First paragraph.

  Second paragraph.
assurance: No Red action poses an immediate safeguarding risk.
priorities:
  2: Capacity is short.
"""

HEADER = """\
title: Test plan
organisation: Test Council
starts: 2016-05
paper:
  board: Improvement Board
  lead_officer: Default Lead
  contact_officer: C Officer
roles:
  DCS: Director of Children's Services
agencies:
  Health: Health partners
"""


def written(write_plan: PlanWriter, **files: str) -> Plan:
    directory = write_plan(
        {"plan.yaml": HEADER, "01.yaml": PRIORITY, "02.yaml": PRIORITY_2, **files}
    )
    loaded = load_plan(directory, TODAY)
    assert loaded.plan is not None, [problem.text() for problem in loaded.problems]
    return loaded.plan


# ------------------------------------------------------------------ blocks


def test_text_splits_into_paragraphs_and_lists() -> None:
    assert split("One\nline.\n\n- a\n- b\n  more\n\nEnd.").blocks == (
        Block("paragraph", text="One line."),
        Block("list", items=("a", "b more")),
        Block("paragraph", text="End."),
    )
    assert split("Lead-in:\n- item").blocks == (
        Block("paragraph", text="Lead-in:"),
        Block("list", items=("item",)),
    )
    assert split("folded text with no breaks").single
    assert str(split("A.\n\n- b\n- c")) == "A. b c"


def test_markdown_blocks_escape_every_piece() -> None:
    text = split("# Not a heading *x*\n\n- <script>\n- | pipe")
    assert markdown_blocks(text) == "\\# Not a heading \\*x\\*\n\n- &lt;script>\n- \\| pipe"
    assert markdown_blocks(text, indent=2) == (
        "\\# Not a heading \\*x\\*\n\n  - &lt;script>\n  - \\| pipe"
    )
    assert markdown_blocks(text, cell=True) == (
        "\\# Not a heading \\*x\\*<br>\N{BULLET} &lt;script><br>\N{BULLET} \\| pipe"
    )


def test_html_blocks_escape_every_piece() -> None:
    text = split("A & B\n\n- <script>\n- two")
    assert html_blocks(text) == "<p>A &amp; B</p>\n<ul><li>&lt;script&gt;</li><li>two</li></ul>"
    assert html_blocks(split("One <b>line</b>"), cell=True) == "One &lt;b&gt;line&lt;/b&gt;"


def test_show_lays_out_paragraphs_and_lists_not_the_file_s_lines(
    write_plan: PlanWriter, runner: CliRunner
) -> None:
    written(write_plan)
    result = runner.invoke(app, ["show", "1.1.1", "--month", "2016-07"], env={"COLUMNS": "100"})
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[1:6] == [
        "Agree the plan with the board.",
        "",
        "- first step",
        "- second step continued",
        "",
    ]
    assert "Latest note  Delayed:" in result.stdout


# ------------------------------------------------------------------ the paper's details


def test_the_paper_takes_the_plans_defaults_and_its_own_file(write_plan: PlanWriter) -> None:
    plan = written(write_plan, **{"papers/2016-07.yaml": PAPER})
    paper = plan.paper("2016-07")
    assert (paper.board, paper.lead_officer, paper.contact_officer) == (
        "Improvement Board",
        "A Person, Director",
        "C Officer",
    )
    assert paper.date == dt.date(2016, 8, 3) and paper.reference == "CS1"
    assert paper.priorities[2].text == "Capacity is short."
    other = plan.paper("2016-08")
    assert other.lead_officer == "Default Lead" and other.summary is None and other.date is None


def test_the_exception_report_prints_the_paper_in_its_place(write_plan: PlanWriter) -> None:
    plan = written(write_plan, **{"papers/2016-07.yaml": PAPER})
    text = render_report("exception-report", plan, "md", month="2016-07", made=MADE)
    assert text.startswith(
        "# Children's Services Improvement Plan Exception Report \N{EN DASH} July 2016\n\n"
        "**Board:** Improvement Board  \n"
        "**Date:** 3 August 2016  \n"
        "**Lead officer:** A Person, Director  \n"
        "**Contact officer:** C Officer  \n"
        "**Reference:** CS1  \n"
        "**Plan:** Test plan (Test Council)  \n"
        "**As at:** 31 July 2016\n\n## 1. Purpose of the report\n"
    )
    background = text.split("## 3. Background", 1)[1].split("## 4.", 1)[0]
    assert background.endswith(
        "No Red action poses an immediate safeguarding risk.\n\n"
        "First paragraph.\n\nSecond paragraph.\n\n"
    )
    status = text.split("## 5.", 1)[1].split("## Appendix", 1)[0]
    assert "### Priority 2 \N{EN DASH} Care Leavers\n\nCapacity is short.\n\n" in status
    assert "No action of this priority is RAG rated Red." in status
    assert text.endswith(
        "Made by csip from the plan in `plan` on 25 November 2026 at 00:00 UTC; "
        "figures as at 31 July 2016.\n"
    )
    assert "Made on" not in text.split("## 1.", 1)[0]


REFERENCE_SCOPES = {
    "month": ["--month", "2017-01"],
    "plan": [],
    "date": ["--month", "2017-01"],
    "period": ["--from", "2016-10", "--to", "2016-12"],
    "meeting": ["--priorities", "7,4", "--date", "2017-02-07"],
    "since": ["--since", "2016-12-31", "--month", "2017-01"],
}
"""What each scope of report is asked of the reference plan. A paper is a report that has
Markdown and HTML (and so a printed page); a working list such as ``csip changes`` is not."""


PAPERS = [kind for kind in REPORTS if kind.command and {"md", "html"} <= set(kind.formats)]


def paper_head(runner: CliRunner, kind: ReportKind, scope: list[str], *more: str) -> str:
    """The head of a paper of the reference plan in Markdown: all before its first section."""
    args = [kind.name, "--plan", str(REPO / "plan"), *scope, "--format", "md", *more]
    result = runner.invoke(app, args, catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    return result.stdout.split("\n## ", 1)[0]


@pytest.mark.parametrize("kind", PAPERS, ids=[kind.name for kind in PAPERS])
def test_every_markdown_paper_heads_with_the_plans_officers(
    runner: CliRunner, kind: ReportKind
) -> None:
    head = paper_head(runner, kind, REFERENCE_SCOPES[kind.scope])
    assert (
        "**Lead officer:** Ade Adetosoye, Deputy Chief Executive & Executive Director of ECHS  \n"
        in head
    )
    assert (
        "**Contact officer:** Angela Buchanan, Head of Service for Planning and Development  \n"
        in head
    )


@pytest.mark.parametrize("kind", PAPERS, ids=[kind.name for kind in PAPERS])
def test_a_paper_for_some_priorities_says_so_in_its_head(
    runner: CliRunner, kind: ReportKind
) -> None:
    if (
        kind.scope == "meeting"
        or "--priority" not in runner.invoke(app, [kind.name, "--help"]).stdout
    ):
        pytest.skip("no --priority: the report covers what it names itself")
    head = paper_head(
        runner, kind, REFERENCE_SCOPES[kind.scope], "--priority", "7", "--priority", "6"
    )
    assert (
        "**Covers:** Priority 6 \N{EN DASH} Care Leavers and Priority 7 \N{EN DASH} Adoption only"
        in head
    )


def test_the_json_of_a_report_for_some_priorities_names_them(runner: CliRunner) -> None:
    args = ["exception-report", "--plan", str(REPO / "plan"), "--month", "2017-01", "-f", "json"]
    data = json.loads(runner.invoke(app, [*args, "--priority", "7"]).stdout)
    assert (data["filters"], data["totals"]["due"]) == ({"priorities": [7]}, 5)
    assert "filters" not in json.loads(runner.invoke(app, args).stdout)


LATE_SCOPES = {
    "month": ["--month", "2017-06"],
    "date": ["--month", "2017-06"],
    "period": ["--from", "2017-04", "--to", "2017-06"],
    "meeting": ["--priorities", "7", "--date", "2017-06-30"],
}
"""Dates at which the reference plan's updates (the last on 24 March 2017) have stopped; the
funding ledger has no as-at date to be late for."""
LATE_PAPERS = [kind for kind in PAPERS if kind.scope in LATE_SCOPES]


@pytest.mark.parametrize("kind", LATE_PAPERS, ids=[kind.name for kind in LATE_PAPERS])
def test_every_markdown_paper_warns_at_its_top_when_the_updates_stop(
    runner: CliRunner, kind: ReportKind
) -> None:
    head = paper_head(runner, kind, LATE_SCOPES[kind.scope])
    assert (
        "> **Warning:** The plan's latest update is dated 24 March 2017, more than 2 months "
        in (head)
    )


def test_the_html_and_progress_papers_print_it_too(write_plan: PlanWriter) -> None:
    plan = written(write_plan, **{"papers/2016-07.yaml": PAPER})
    html = render_report("exception-report", plan, "html", month="2016-07", made=MADE)
    assert '<dt>Date</dt><dd><time datetime="2016-08-03">3 August 2016</time></dd>' in html
    assert "<p>First paragraph.</p>\n<p>Second paragraph.</p>" in html
    assert '<div class="narrative commentary">\n<p>Capacity is short.</p>' in html
    progress = render_report("progress-report", plan, "md", month="2016-07", made=MADE)
    assert "**Reference:** CS1" in progress
    assert "#### Priority 2 \N{EN DASH} Care Leavers\n\nCapacity is short." in progress


def test_an_exempt_narrative_item_is_not_printed_in_a_public_paper(write_plan: PlanWriter) -> None:
    paper = PAPER.replace(
        "assurance: No Red action poses an immediate safeguarding risk.",
        "assurance: {text: The name of the child at risk, exempt: 2}",
    )
    plan = written(write_plan, **{"papers/2016-07.yaml": paper})
    assert plan.paper("2016-07").assurance is not None
    for fmt in ("md", "html"):
        text = render_report("exception-report", plan, fmt, month="2016-07", made=MADE)
        assert "child at risk" not in text
        assert "Exempt information (paragraph 2 of Schedule 12A)" in text


def test_plan_text_keeps_its_paragraphs_and_lists(write_plan: PlanWriter) -> None:
    plan = written(write_plan)
    text = render_report("exception-report", plan, "md", month="2016-07", made=MADE)
    assert (
        "**1.1.1** \N{EN DASH} Delayed:\n\n"
        "- the &lt;b>board&lt;/b> moved\n- \\*minutes\\* pending\n" in text
    )
    assert (
        "| May - Jun 16 (revised to Sep-16) | 1.1.1 | Agree the plan with the board.<br>"
        "\N{BULLET} first step<br>\N{BULLET} second step continued | DCS | Health |"
    ) in text
    html = render_report("exception-report", plan, "html", month="2016-07", made=MADE)
    assert "<li>the &lt;b&gt;board&lt;/b&gt; moved</li>" in html


# ------------------------------------------------------------------ what the report leaves out


def test_withdrawn_actions_are_listed_with_the_note_that_withdrew_them(
    write_plan: PlanWriter,
) -> None:
    plan = written(write_plan)
    text = render_report("exception-report", plan, "md", month="2016-07", made=MADE)
    assert "### Withdrawn actions" in text
    assert (
        "| 1.1.2 | Priority 1 \N{EN DASH} Leadership | Withdrawn later. | 10 June 2016 | "
        "No longer needed. |"
    ) in text
    data = json.loads(render_report("exception-report", plan, "json", month="2016-07", made=MADE))
    assert data["totals"]["withdrawn"] == 1
    before = render_report("exception-report", plan, "md", month="2016-05", made=MADE)
    assert "Withdrawn actions" not in before


def test_the_key_explains_the_codes_the_appendix_uses(write_plan: PlanWriter) -> None:
    plan = written(write_plan)
    text = render_report("exception-report", plan, "md", month="2016-07", made=MADE)
    key = text.split("### Key to the codes", 1)[1]
    assert "| DCS | Director of Children's Services |" in key
    assert "| Health | Health partners |" in key


def test_a_plan_whose_updates_stopped_long_ago_is_flagged(write_plan: PlanWriter) -> None:
    plan = written(write_plan)
    fresh = render_report("exception-report", plan, "md", month="2016-09", made=MADE)
    assert "Warning" not in fresh
    stale = render_report("exception-report", plan, "md", month="2016-10", made=MADE)
    assert (
        "> **Warning:** The plan's latest update is dated 1 July 2016, more than 2 months before "
        "this report's as-at date (31 October 2016): progress since then is not recorded, so "
        "these figures may be out of date.\n"
    ) in stale
    html = render_report("progress-report", plan, "html", month="2016-10", made=MADE)
    assert '<p class="warning" role="note"><strong>Warning:</strong> The plan' in html


def test_a_report_after_the_plan_ends_is_a_usage_error(
    write_plan: PlanWriter, runner: CliRunner, tmp_path: Path
) -> None:
    write_plan(
        {
            "plan.yaml": HEADER.replace("starts: 2016-05", "starts: 2016-05\nends: 2016-12"),
            "01.yaml": PRIORITY,
            "02.yaml": PRIORITY_2,
        }
    )
    result = runner.invoke(app, ["exception-report", "--month", "2017-01"])
    assert (result.exit_code, result.stderr) == (
        2,
        "csip: error: the plan ends in December 2016: give a month up to 2016-12, not 2017-01\n",
    )
    result = runner.invoke(app, ["exception-report", "--format", "json"])
    assert result.exit_code == 0 and json.loads(result.stdout)["month"] == "2016-12"
    result = runner.invoke(app, ["build", "--month", "2017-01", "--out", str(tmp_path / "site")])
    assert result.exit_code == 2 and not (tmp_path / "site").exists()
    result = runner.invoke(app, ["build", "--out", str(tmp_path / "site")])
    assert result.exit_code == 0, result.stderr
    assert (
        sorted(path.name for path in (tmp_path / "site").iterdir() if path.is_dir())[-1]
        == "2016-12"
    )


# ------------------------------------------------------------------ bad input


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        (
            {"papers/2017-13.yaml": "summary: x\n"},
            "plan/papers/2017-13.yaml:1:1: error: '2017-13' is not a month: a paper file is "
            "named for the month it reports on, such as papers/2017-01.yaml",
        ),
        (
            {"papers/2016-07.yaml": "summry: x\n"},
            "plan/papers/2016-07.yaml:1:1: error: unknown key 'summry' (did you mean 'summary'?)",
        ),
        (
            {"papers/2016-07.yaml": "summary: [a]\n"},
            "plan/papers/2016-07.yaml:1:10: error: 'summary' must be text, or a mapping of 'text' "
            "and 'exempt', not a list",
        ),
        (
            {"papers/2016-07.yaml": "assurance: {text: x}\n"},
            "plan/papers/2016-07.yaml:1:12: error: missing required key 'exempt'",
        ),
        (
            {"papers/2016-07.yaml": "assurance: {text: x, exempt: 8}\n"},
            "plan/papers/2016-07.yaml:1:30: error: 'exempt' must be 7 or less, not 8",
        ),
        (
            {"papers/2016-07.yaml": "priorities:\n  two: x\n"},
            "plan/papers/2016-07.yaml:2:3: error: 'two' is not a priority number: write it as a "
            "number, such as 3",
        ),
        (
            {"papers/2016-07.yaml": "priorities:\n  9: x\n"},
            "plan/papers/2016-07.yaml:2:3: error: commentary on priority 9, which the plan does "
            "not have (its priorities: 1, 2)",
        ),
        (
            {"papers/2016-04.yaml": "summary: x\n"},
            "plan/papers/2016-04.yaml:1:1: error: this paper is for April 2016, before the plan "
            "starts (May 2016): no report covers that month",
        ),
        (
            {"papers/2016-07.yaml": "date: 2016-06-30\n"},
            "plan/papers/2016-07.yaml:1:7: error: the paper for July 2016 is dated 2016-06-30, "
            "before the month it reports on began",
        ),
        (
            {"papers/2016-07.yaml": "summary: x\n", "papers/2016-07.yml": "summary: y\n"},
            "plan/papers/2016-07.yaml:1:1: error: July 2016 has another paper file: "
            "plan/papers/2016-07.yml:1:1",
        ),
        (
            {"plan.yaml": HEADER.replace("paper:\n", "paper:\n  bord: x\n")},
            "plan/plan.yaml:5:3: error: unknown key 'bord' (did you mean 'board'?)",
        ),
        (
            {"plan.yaml": HEADER.replace("starts: 2016-05", "starts: 2016-05\nends: 2016-04")},
            "plan/plan.yaml:4:7: error: the plan ends (2016-04) before it starts (2016-05)",
        ),
        (
            {"plan.yaml": HEADER.replace("starts: 2016-05", "starts: 2016-05\nends: 2016-11")},
            "plan/02.yaml:7:10: warning: action '2.1.1' is due (2016-12) after the plan ends "
            "(2016-11, in plan/plan.yaml): no report will show it due",
        ),
    ],
)
def test_problems_in_papers_point_at_their_line(
    write_plan: PlanWriter, runner: CliRunner, files: dict[str, str], expected: str
) -> None:
    write_plan({"plan.yaml": HEADER, "01.yaml": PRIORITY, "02.yaml": PRIORITY_2, **files})
    result = runner.invoke(app, ["validate"])
    assert expected in result.stdout.splitlines(), result.stdout


def test_the_paper_schema_accepts_the_reference_paper_and_refuses_typos(runner: CliRunner) -> None:
    validator = jsonschema.Draft202012Validator(schema_of(runner, "paper"))
    jsonschema.Draft202012Validator.check_schema(validator.schema)
    for path in sorted((REPO / "plan" / "papers").glob("*.yaml")):
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=EditorLoader)
        # An editor checks the JSON form of the document, whose keys are all text.
        data = json.loads(json.dumps(data))
        assert [error.message for error in validator.iter_errors(data)] == [], path.name
    errors = [error.message for error in validator.iter_errors({"summry": "x"})]
    assert "Additional properties are not allowed ('summry' was unexpected)" in errors
    assert not validator.is_valid({"summary": {"text": "x"}})
    assert validator.is_valid({"summary": {"text": "x", "exempt": 3}})


def test_the_reference_paper_is_the_published_one(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    loaded = load_plan(Path("plan"), TODAY)
    assert loaded.plan is not None
    paper = loaded.plan.paper("2017-01")
    assert paper.date == dt.date(2017, 2, 3)
    assert paper.lead_officer is not None and paper.lead_officer.startswith("Ade Adetosoye")
    assert paper.contact_officer is not None and paper.contact_officer.startswith("Angela Buchanan")
    assert paper.assurance is not None and "immediate safeguarding risk" in paper.assurance.text
    assert "capacity issues in BSCB" in paper.priorities[3].text
