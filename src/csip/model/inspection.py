"""recommendations.yaml: the inspectorate's recommendations that the plan answers (spec section 10).

Each recommendation has an ID (text, such as "7", as the inspection report numbers it) and its
wording. Actions name the recommendations they answer in their own ``recommendations`` field;
the checks that tie the two together are in ``csip.checks.recommendation_checks``.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from csip.model.files import Code, Text


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Recommendation(_Strict):
    """One recommendation of the inspection report, as the report numbers and words it."""

    id: Code = Field(description='As the inspection report numbers it, such as "7".')
    text: Text


class RecommendationsFile(_Strict):
    """recommendations.yaml: where the recommendations come from, and each of them."""

    source: Text = Field(description="The inspection report, with its date of publication.")
    recommendations: Annotated[list[Recommendation], Field(min_length=1)]
