"""JSON Schemas of the plan files, for editors (yaml-language-server) and other checkers."""

from __future__ import annotations

import json

from csip.model.files import FundingFile, PlanFile, PriorityFile
from csip.model.inspection import RecommendationsFile
from csip.model.meetings import MeetingFile
from csip.model.papers import PaperFile
from csip.model.rules import Record
from csip.model.validators import adapter

KINDS: dict[str, type[Record]] = {
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
        **adapter(KINDS[kind]).json_schema(),
    }
    return json.dumps(schema, indent=2, ensure_ascii=False)
