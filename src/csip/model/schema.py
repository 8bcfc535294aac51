"""JSON Schemas of the plan files, for editors (yaml-language-server) and other checkers."""

from __future__ import annotations

import json

from pydantic import BaseModel

from csip.model.files import FundingFile, PlanFile, PriorityFile
from csip.model.inspection import RecommendationsFile
from csip.model.meetings import MeetingFile
from csip.model.papers import PaperFile

KINDS: dict[str, type[BaseModel]] = {
    "plan": PlanFile,
    "priority": PriorityFile,
    "funding": FundingFile,
    "meeting": MeetingFile,
    "recommendations": RecommendationsFile,
    "paper": PaperFile,
}


def json_schema(kind: str) -> str:
    """The schema of one kind of plan file, as indented JSON."""
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **KINDS[kind].model_json_schema(),
    }
    return json.dumps(schema, indent=2, ensure_ascii=False)
