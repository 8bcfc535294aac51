"""`csip schema`: the JSON Schemas that editors use to check plan files while they are typed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from conftest import REFERENCE_PLAN
from typer.testing import CliRunner

from csip.cli import app


class EditorLoader(yaml.SafeLoader):
    """YAML as an editor's language server reads it: numbers are numbers, dates stay text."""


EditorLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def schema_of(runner: CliRunner, kind: str) -> dict[str, Any]:
    result = runner.invoke(app, ["schema", kind], catch_exceptions=False)
    assert result.exit_code == 0
    schema: dict[str, Any] = json.loads(result.stdout)
    return schema


def kind_of(path: Path) -> str:
    if path.parent.name == "meetings":
        return "meeting"
    if path.name in ("plan.yaml", "funding.yaml", "recommendations.yaml"):
        return path.stem
    return "priority"


@pytest.mark.parametrize(
    "kind", ["plan", "priority", "funding", "meeting", "recommendations", "paper"]
)
def test_each_schema_is_a_valid_draft_2020_12_schema(runner: CliRunner, kind: str) -> None:
    schema = schema_of(runner, kind)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


def test_the_priority_schema_refuses_unknown_keys(runner: CliRunner) -> None:
    validator = jsonschema.Draft202012Validator(schema_of(runner, "priority"))
    action = {"id": "6.1.4", "action": "Recruit an IRO.", "lead": "DCS", "deu": "2016-12"}
    errors = [
        error.message
        for error in validator.iter_errors({"priority": 6, "title": "Care", "actions": [action]})
    ]
    assert "Additional properties are not allowed ('deu' was unexpected)" in errors
    assert "'due' is a required property" in errors


def test_every_reference_plan_file_meets_its_schema(runner: CliRunner) -> None:
    if not (REFERENCE_PLAN / "plan.yaml").is_file():
        pytest.skip("the reference plan is not in this checkout")
    kinds = ("plan", "priority", "funding", "meeting", "recommendations")
    schemas = {kind: schema_of(runner, kind) for kind in kinds}
    paths = sorted(REFERENCE_PLAN.glob("*.yaml")) + sorted(REFERENCE_PLAN.glob("meetings/*.yaml"))
    for path in paths:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=EditorLoader)
        validator = jsonschema.Draft202012Validator(schemas[kind_of(path)])
        assert [error.message for error in validator.iter_errors(data)] == [], path.name


def test_an_unknown_kind_is_a_usage_error(runner: CliRunner) -> None:
    result = runner.invoke(app, ["schema", "plans"], catch_exceptions=False)
    assert result.exit_code == 2
    assert "'plans' is not one of 'plan', 'priority', 'funding', 'meeting'" in result.stderr


def test_the_meeting_schema_refuses_an_unknown_outcome(runner: CliRunner) -> None:
    validator = jsonschema.Draft202012Validator(schema_of(runner, "meeting"))
    meeting = {
        "board": "Improvement Team Board",
        "date": "2017-02-07",
        "priorities": [7],
        "reviews": [{"action": "7.2.1", "outcome": "verifed"}],
    }
    errors = [error.message for error in validator.iter_errors(meeting)]
    assert len(errors) == 1 and errors[0].startswith("'verifed' is not one of ['verified'")
