"""recommendations.yaml: the inspectorate's recommendations that the plan answers (spec section 10).

Each recommendation has an ID (text, such as "7", as the inspection report numbers it) and its
wording. Actions name the recommendations they answer in their own ``recommendations`` field;
the checks that tie the two together are in ``csip.checks.recommendation_checks``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from csip.model.rules import AT_LEAST_ONE, Code, Doc, Record, Text


@dataclass(slots=True)
class Recommendation(Record):
    """One recommendation of the inspection report, as the report numbers and words it."""

    id: Annotated[Code, Doc('As the inspection report numbers it, such as "7".')]
    text: Text


@dataclass(slots=True)
class RecommendationsFile(Record):
    """recommendations.yaml: where the recommendations come from, and each of them."""

    source: Annotated[Text, Doc("The inspection report, with its date of publication.")]
    recommendations: Annotated[list[Recommendation], AT_LEAST_ONE]
