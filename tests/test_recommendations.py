"""Inspection recommendations (spec section 10): the file, the checks, the report and the CLI.

Plans are written as text; each check case gives the exact lines ``csip validate`` prints.
"Today" is 2026-11-25.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from conftest import REFERENCE_PLAN, REPO, TODAY, PlanWriter
from report_calls import recommendations_report
from test_reports import check_golden
from typer.testing import CliRunner

from csip.cli import app
from csip.model.domain import Plan
from csip.plan_folder import load_plan

MADE = dt.datetime(2026, 11, 25, tzinfo=dt.UTC)

RECOMMENDATIONS = """\
source: Ofsted inspection (published 2016-06-27)
recommendations:
  - id: "1"
    text: Give leaders a clear line of sight to practice.
  - id: "7"
    text: Work with the police on children missing, CSE and gangs.
"""

# 1.1.1 answers 1 and is Green; 1.1.2 answers 1 and 7 and is Red; 1.1.3 answers 7 and is
# Amber as of January 2017.
PRIORITY_1 = """\
priority: 1
title: Leadership and Governance
actions:
  - id: "1.1.1"
    action: Agree the plan.
    lead: DCS
    due: 2016-06
    recommendations: ["1"]
    updates:
      - {date: 2016-06-20, status: complete, note: Agreed., evidence: [minutes, "plan | v1"]}
  - id: "1.1.2"
    action: "Set up the task group | with the police."
    lead: DCS
    due: 2016-09
    recommendations: ["1", "7"]
    updates:
      - {date: 2016-08-01, status: in-progress, note: Terms of reference drafted.}
      - {date: 2016-10-01, status: in-progress, due: 2017-03}
  - id: "1.1.3"
    action: Map gang activity.
    lead: DCS
    due: 2017-06
    recommendations: "7"
    updates:
      - {date: 2016-12-01, status: in-progress, evidence: [gang map draft]}
"""

FILE = "plan/01-leadership.yaml"
RECS = "plan/recommendations.yaml"


def _problems(directory: Path) -> list[str]:
    return [
        problem.text()
        for problem in load_plan(directory, TODAY).problems
        if problem.level == "error"
    ]


def _priority_1(old: str, new: str) -> str:
    assert old in PRIORITY_1
    return PRIORITY_1.replace(old, new, 1)


def _recommendations(old: str, new: str) -> str:
    assert old in RECOMMENDATIONS
    return RECOMMENDATIONS.replace(old, new, 1)


CASES: dict[str, tuple[dict[str, str], list[str]]] = {
    "clean": ({"01-leadership.yaml": PRIORITY_1, "recommendations.yaml": RECOMMENDATIONS}, []),
    "no-recommendations-field-and-no-file": (
        {"01-leadership.yaml": PRIORITY_1.replace("    recommendations:", "    # ")},
        [],
    ),
    "unknown-recommendation": (
        {
            "01-leadership.yaml": _priority_1(
                'recommendations: ["1", "7"]', 'recommendations: ["1", "77"]'
            ),
            "recommendations.yaml": RECOMMENDATIONS,
        },
        [
            f"{FILE}:15:28: error: unknown recommendation '77': {RECS} does not list it "
            "(did you mean '7'?)"
        ],
    ),
    # A bad month elsewhere in the action does not hide it (spec section 6).
    "unknown-recommendation-beside-a-bad-month": (
        {
            "01-leadership.yaml": _priority_1(
                'recommendations: ["1", "7"]', 'recommendations: ["1", "77"]'
            ).replace("due: 2016-09", "due: 2016-19"),
            "recommendations.yaml": RECOMMENDATIONS,
        },
        [
            f"{FILE}:14:10: error: '2016-19' is not a month: write it as YYYY-MM, such as 2017-01",
            f"{FILE}:15:28: error: unknown recommendation '77': {RECS} does not list it "
            "(did you mean '7'?)",
        ],
    ),
    "unknown-recommendation-far-from-any": (
        {
            "01-leadership.yaml": _priority_1(
                'recommendations: ["1", "7"]', 'recommendations: ["1", "Q"]'
            ),
            "recommendations.yaml": RECOMMENDATIONS,
        },
        [f"{FILE}:15:28: error: unknown recommendation 'Q': {RECS} does not list it"],
    ),
    "no-recommendations-file": (
        {"01-leadership.yaml": PRIORITY_1},
        [
            f"{FILE}:8:23: error: unknown recommendation '1': the plan has no "
            "recommendations.yaml to list it",
            f"{FILE}:15:23: error: unknown recommendation '1': the plan has no "
            "recommendations.yaml to list it",
            f"{FILE}:15:28: error: unknown recommendation '7': the plan has no "
            "recommendations.yaml to list it",
            f"{FILE}:23:22: error: unknown recommendation '7': the plan has no "
            "recommendations.yaml to list it",
        ],
    ),
    "duplicate-id": (
        {
            "01-leadership.yaml": PRIORITY_1,
            "recommendations.yaml": RECOMMENDATIONS
            + '  - id: "1"\n    text: The same number twice.\n',
        },
        [
            f"{RECS}:3:9: error: recommendation ID '1' is used again at {RECS}:7:9",
            f"{RECS}:7:9: error: recommendation ID '1' is already used at {RECS}:3:9",
        ],
    ),
    # A typo in one entry leaves the IDs readable: every check still runs (spec section 6).
    "duplicate-id-beside-a-typo": (
        {
            "01-leadership.yaml": PRIORITY_1,
            "recommendations.yaml": RECOMMENDATIONS
            + '  - id: "1"\n    txt: The same number twice.\n',
        },
        [
            f"{RECS}:3:9: error: recommendation ID '1' is used again at {RECS}:7:9",
            f"{RECS}:7:5: error: missing required key 'text'",
            f"{RECS}:7:9: error: recommendation ID '1' is already used at {RECS}:3:9",
            f"{RECS}:8:5: error: unknown key 'txt' (did you mean 'text'?)",
        ],
    ),
    # An ID that cannot be read leaves the list unknown: the checks that need it wait.
    "unreadable-id": (
        {
            "01-leadership.yaml": PRIORITY_1,
            "recommendations.yaml": _recommendations('id: "7"', "id: [7]"),
        },
        [f"{RECS}:5:9: error: 'id' must be text, not a list"],
    ),
    "unanswered": (
        {
            "01-leadership.yaml": PRIORITY_1,
            "recommendations.yaml": RECOMMENDATIONS
            + '  - id: "8"\n    text: Give the BSCB the data it needs.\n',
        },
        [
            f"{RECS}:7:9: error: recommendation '8' is answered by no action: name it in the "
            "'recommendations' of at least one action that is not withdrawn"
        ],
    ),
    "answered-only-by-withdrawn-actions": (
        {
            "01-leadership.yaml": _priority_1(
                "      - {date: 2016-12-01, status: in-progress, evidence: [gang map draft]}",
                "      - {date: 2016-12-01, status: in-progress, evidence: [gang map draft]}\n"
                "      - {date: 2017-01-10, status: withdrawn, note: Done by the police.}",
            ).replace('recommendations: ["1", "7"]', 'recommendations: ["1"]'),
            "recommendations.yaml": RECOMMENDATIONS,
        },
        [
            f"{RECS}:5:9: error: recommendation '7' is answered only by withdrawn actions "
            "(1.1.3): name it in the 'recommendations' of at least one action that is not "
            "withdrawn"
        ],
    ),
    # Withdrawn, then taken up again: its latest update is not withdrawn, so it answers.
    "withdrawn-then-reopened-still-answers": (
        {
            "01-leadership.yaml": _priority_1(
                "      - {date: 2016-12-01, status: in-progress, evidence: [gang map draft]}",
                "      - {date: 2016-10-01, status: withdrawn}\n"
                "      - {date: 2016-12-01, status: in-progress, evidence: [gang map draft]}",
            ).replace('recommendations: ["1", "7"]', 'recommendations: ["1"]'),
            "recommendations.yaml": RECOMMENDATIONS,
        },
        [],
    ),
    # The file's own problems are reported, not a cascade of unknown recommendations.
    "file-that-fails-its-model": (
        {
            "01-leadership.yaml": PRIORITY_1,
            "recommendations.yaml": _recommendations("    text: Give", "    txt: Give"),
        },
        [
            f"{RECS}:3:5: error: missing required key 'text'",
            f"{RECS}:4:5: error: unknown key 'txt' (did you mean 'text'?)",
        ],
    ),
    "file-that-is-not-yaml": (
        {
            "01-leadership.yaml": PRIORITY_1,
            "recommendations.yaml": "source: x\nrecommendations: [\n",
        },
        [
            f"{RECS}:3:1: error: not valid YAML: did not find expected node content (while "
            "parsing a flow node)"
        ],
    ),
    "missing-source-and-empty-list": (
        {"01-leadership.yaml": PRIORITY_1, "recommendations.yaml": "recommendations: []\n"},
        [
            f"{RECS}:1:1: error: missing required key 'source'",
            f"{RECS}:1:18: error: 'recommendations' must not be empty",
        ],
    ),
    "file-that-is-a-list": (
        {"01-leadership.yaml": PRIORITY_1, "recommendations.yaml": "- one\n- two\n"},
        [f"{RECS}:1:1: error: expected a mapping of keys to values, found a list"],
    ),
    "recommendations-that-are-not-a-list": (
        {
            "01-leadership.yaml": PRIORITY_1,
            "recommendations.yaml": "source: x\nrecommendations: seven\n",
        },
        [f"{RECS}:2:18: error: 'recommendations' must be a list, not 'seven'"],
    ),
    "action-recommendations-that-are-a-mapping": (
        {
            "01-leadership.yaml": _priority_1('recommendations: ["1"]', "recommendations: {a: 1}"),
            "recommendations.yaml": RECOMMENDATIONS,
        },
        [f"{FILE}:8:22: error: 'recommendations' must be a list, not a mapping"],
    ),
    "unanswered-waits-for-an-unreadable-file": (
        {
            "01-leadership.yaml": PRIORITY_1,
            "02-broken.yaml": "priority: [2\n",
            "recommendations.yaml": RECOMMENDATIONS
            + '  - id: "8"\n    text: Answered, perhaps, in the broken file.\n',
        },
        [
            "plan/02-broken.yaml:1:11: error: not valid YAML: did not find expected ',' or ']' "
            "(while parsing a flow sequence)"
        ],
    ),
    # While an action cannot be read, no recommendation is called unanswered on its account.
    "unanswered-waits-for-unreadable-actions": (
        {
            "01-leadership.yaml": _priority_1("    due: 2017-06", "    deu: 2017-06"),
            "recommendations.yaml": RECOMMENDATIONS,
        },
        [
            f"{FILE}:19:5: error: missing required key 'due'",
            f"{FILE}:22:5: error: unknown key 'deu' (did you mean 'due'?)",
        ],
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_check(write_plan: PlanWriter, name: str) -> None:
    files, expected = CASES[name]
    assert _problems(write_plan(files)) == expected


def test_the_recommendations_field_takes_one_id_or_a_list(write_plan: PlanWriter) -> None:
    directory = write_plan(
        {"01-leadership.yaml": PRIORITY_1, "recommendations.yaml": RECOMMENDATIONS}
    )
    plan = load_plan(directory, TODAY).plan
    assert plan is not None
    assert [action.recommendations for action in plan.actions()] == [["1"], ["1", "7"], ["7"]]
    assert plan.recommendations is not None
    assert [item.id for item in plan.recommendations.recommendations] == ["1", "7"]


def test_validate_prints_the_problem_and_exits_1(write_plan: PlanWriter, runner: CliRunner) -> None:
    write_plan({"01-leadership.yaml": PRIORITY_1})
    result = runner.invoke(app, ["validate"], catch_exceptions=False)
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == (
        f"{FILE}:8:23: error: unknown recommendation '1': the plan has no "
        "recommendations.yaml to list it"
    )


# ---------------------------------------------------------------- the report


@pytest.fixture
def small_plan(write_plan: PlanWriter) -> Plan:
    directory = write_plan(
        {"01-leadership.yaml": PRIORITY_1, "recommendations.yaml": RECOMMENDATIONS}
    )
    plan = load_plan(directory, TODAY).plan
    assert plan is not None
    return plan


def test_json_gives_each_recommendation_in_file_order(small_plan: Plan) -> None:
    data = json.loads(recommendations_report(small_plan, dt.date(2017, 1, 31), "json", made=MADE))
    assert data["as_of"] == "2017-01-31"
    assert data["source"] == "Ofsted inspection (published 2016-06-27)"
    assert [
        {key: item[key] for key in ("id", "text", "actions", "rag", "coverage")}
        for item in data["recommendations"]
    ] == [
        {
            "id": "1",
            "text": "Give leaders a clear line of sight to practice.",
            "actions": ["1.1.1", "1.1.2"],
            "rag": {"green": 1, "amber": 0, "red": 1, "white": 0, "withdrawn": 0},
            "coverage": "red",
        },
        {
            "id": "7",
            "text": "Work with the police on children missing, CSE and gangs.",
            "actions": ["1.1.2", "1.1.3"],
            "rag": {"green": 0, "amber": 1, "red": 1, "white": 0, "withdrawn": 0},
            "coverage": "red",
        },
    ]
    assert data["coverage"] == {"green": [], "in_progress": [], "red": ["1", "7"], "unanswered": []}
    first = data["recommendations"][0]["details"][0]
    assert first == {
        "id": "1.1.1",
        "priority": 1,
        "action": "Agree the plan.",
        "lead": ["DCS"],
        "rag": "green",
        "status": "complete",
        "due": "2016-06",
        "revised_due": None,
        "completed_on": "2016-06-20",
        "last_update": "2016-06-20",
        "note": "Agreed.",
        "evidence": ["minutes", "plan | v1"],
    }
    second = data["recommendations"][0]["details"][1]
    assert (second["rag"], second["revised_due"], second["note"]) == (
        "red",
        "2017-03",
        "Terms of reference drafted.",
    )


def test_json_as_of_an_earlier_date(small_plan: Plan) -> None:
    data = json.loads(recommendations_report(small_plan, dt.date(2016, 7, 31), "json", made=MADE))
    rags = [item["rag"] for item in data["recommendations"]]
    assert rags == [
        {"green": 1, "amber": 1, "red": 0, "white": 0, "withdrawn": 0},
        {"green": 0, "amber": 2, "red": 0, "white": 0, "withdrawn": 0},
    ]
    assert data["coverage"] == {"green": [], "in_progress": ["1", "7"], "red": [], "unanswered": []}
    # Evidence recorded after the date is not in the pack yet.
    assert data["recommendations"][1]["details"][1]["evidence"] == []


def test_coverage_in_words(small_plan: Plan) -> None:
    text = recommendations_report(small_plan, dt.date(2017, 1, 31), "md", made=MADE)
    assert (
        "The plan answers 2 recommendations of the inspection. Every recommendation has at "
        "least one Red action." in text
    )
    text = recommendations_report(small_plan, dt.date(2016, 7, 31), "md", made=MADE)
    assert (
        "The plan answers 2 recommendations of the inspection. Every recommendation is in "
        "progress, with no action Red. No recommendation has a Red action." in text
    )


def test_markdown_lists_each_recommendation_with_its_actions(small_plan: Plan) -> None:
    text = recommendations_report(small_plan, dt.date(2017, 1, 31), "md", made=MADE)
    assert (
        "## Recommendation 7\n\n> Work with the police on children missing, CSE and gangs.\n"
        in (text)
    )
    assert "**Coverage:** At least one action Red. 2 actions answer it: 1 Amber and 1 Red." in text
    # Pipes from the plan are escaped; evidence is listed as of the date.
    assert (
        "| 1.1.1 | Agree the plan. | DCS | Green, completed 20 Jun 2016 | Jun-16 | Agreed. | "
        "minutes; "
        "plan \\| v1 |" in text
    )
    assert (
        "| 1.1.2 | Set up the task group \\| with the police. | DCS | Red | Sep-16 (revised to "
        "Mar-17) | Terms of reference drafted. | None recorded |" in text
    )
    assert "| 1 | 2 | 1 | 0 | 1 | 0 | 0 | At least one action Red |" in text


def test_html_is_escaped_and_links_each_recommendation(small_plan: Plan) -> None:
    html = recommendations_report(small_plan, dt.date(2017, 1, 31), "html", made=MADE)
    assert html.startswith('<!doctype html>\n<html lang="en-GB">')
    assert '<a href="#recommendation-7">7</a>' in html
    assert '<h2 id="recommendation-7">Recommendation 7</h2>' in html
    assert '<span class="rag rag-red">Red</span>' in html
    assert "<li>plan | v1</li>" in html


def test_a_withdrawn_action_is_listed_but_leaves_the_coverage(write_plan: PlanWriter) -> None:
    withdrawn = _priority_1(
        "      - {date: 2016-10-01, status: in-progress, due: 2017-03}",
        "      - {date: 2016-10-01, status: withdrawn}",
    )
    directory = write_plan(
        {"01-leadership.yaml": withdrawn, "recommendations.yaml": RECOMMENDATIONS}
    )
    plan = load_plan(directory, TODAY).plan
    assert plan is not None
    data = json.loads(recommendations_report(plan, dt.date(2017, 1, 31), "json", made=MADE))
    assert data["recommendations"][0]["actions"] == ["1.1.1", "1.1.2"]
    assert data["recommendations"][0]["rag"]["withdrawn"] == 1
    assert data["coverage"] == {"green": ["1"], "in_progress": ["7"], "red": [], "unanswered": []}
    text = recommendations_report(plan, dt.date(2017, 1, 31), "md", made=MADE)
    assert (
        "Every action is Green for Recommendation 1. Recommendation 7 is in progress, with no "
        "action Red. No recommendation has a Red action." in text
    )
    assert (
        "**Coverage:** Every action Green. 2 actions answer it: 1 Green and 1 Withdrawn. The "
        "withdrawn one is left out of its coverage." in text
    )


# ---------------------------------------------------------------- the command


def test_command_writes_json(write_plan: PlanWriter, runner: CliRunner) -> None:
    write_plan({"01-leadership.yaml": PRIORITY_1, "recommendations.yaml": RECOMMENDATIONS})
    result = runner.invoke(
        app,
        ["recommendations", "--as-of", "2017-01-31", "--format", "json"],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["as_of"] == "2017-01-31"


def test_command_without_a_recommendations_file(write_plan: PlanWriter, runner: CliRunner) -> None:
    write_plan({"01-leadership.yaml": PRIORITY_1.replace("    recommendations:", "    # ")})
    result = runner.invoke(app, ["recommendations", "--month", "2017-01"], catch_exceptions=False)
    assert result.exit_code == 1
    assert result.stderr == (
        "csip: the plan in 'plan' has no recommendations.yaml, so there are no recommendations "
        "to report\n"
    )


def test_command_month_and_as_of_together_is_a_usage_error(
    write_plan: PlanWriter, runner: CliRunner
) -> None:
    write_plan({"01-leadership.yaml": PRIORITY_1, "recommendations.yaml": RECOMMENDATIONS})
    result = runner.invoke(
        app,
        ["recommendations", "--month", "2017-01", "--as-of", "2017-01-31"],
        catch_exceptions=False,
    )
    assert result.exit_code == 2
    assert result.stderr == "csip: error: give --month or --as-of, not both\n"


def test_schema_of_recommendations_refuses_unknown_keys(runner: CliRunner) -> None:
    import jsonschema

    result = runner.invoke(app, ["schema", "recommendations"], catch_exceptions=False)
    assert result.exit_code == 0
    validator = jsonschema.Draft202012Validator(json.loads(result.stdout))
    document = {"source": "x", "recommendations": [{"id": "1", "txt": "y"}]}
    messages = [error.message for error in validator.iter_errors(document)]
    assert "Additional properties are not allowed ('txt' was unexpected)" in messages
    assert "'text' is a required property" in messages


# ---------------------------------------------------------------- the reference plan


def reference_plan(monkeypatch: pytest.MonkeyPatch) -> Plan:
    if not (REFERENCE_PLAN / "plan.yaml").is_file():
        pytest.skip("the reference plan is not in this checkout")
    monkeypatch.chdir(REPO)
    plan = load_plan(Path("plan"), TODAY).plan
    assert plan is not None
    return plan


def test_every_reference_action_answers_a_recommendation(monkeypatch: pytest.MonkeyPatch) -> None:
    plan = reference_plan(monkeypatch)
    assert plan.recommendations is not None
    listed = {item.id for item in plan.recommendations.recommendations}
    assert len(listed) == 10
    assert all(action.recommendations for action in plan.actions())
    answered = {code for action in plan.actions() for code in action.recommendations}
    assert answered == listed
    # Recommendation 7 is the seeds' (Executive minutes, 14 September 2016): gangs, the police.
    seven = next(item for item in plan.recommendations.recommendations if item.id == "7")
    assert "police" in seven.text and "gangs" in seven.text


def test_reference_recommendations_markdown_golden(
    monkeypatch: pytest.MonkeyPatch, update_golden: bool
) -> None:
    plan = reference_plan(monkeypatch)
    text = recommendations_report(plan, dt.date(2017, 1, 31), "md", made=MADE)
    check_golden("recommendations-2017-01.md", text, update_golden)


def test_a_recommendation_whose_only_action_is_withdrawn_for_a_while(
    write_plan: PlanWriter,
) -> None:
    files, problems = CASES["withdrawn-then-reopened-still-answers"]
    assert problems == []
    plan = load_plan(write_plan(files), TODAY).plan
    assert plan is not None
    data = json.loads(recommendations_report(plan, dt.date(2016, 11, 30), "json", made=MADE))
    assert data["coverage"] == {"green": [], "in_progress": [], "red": ["1"], "unanswered": ["7"]}
    text = recommendations_report(plan, dt.date(2016, 11, 30), "md", made=MADE)
    assert (
        "Recommendation 1 has at least one Red action. Recommendation 7 is answered by no "
        "action still in the plan." in text
    )
    assert (
        "**Coverage:** Answered by no action. 1 action answers it: 1 Withdrawn. It is withdrawn."
        in text
    )
