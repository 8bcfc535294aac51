"""Each inspection recommendation as of a date: the actions that answer it, their RAG, and the
evidence recorded for them (spec section 10) — the pack a council prepares for a monitoring visit.

Pure functions of the recommendations file and the actions' states as of D. A recommendation's
coverage is the first that applies: *unanswered* when no action that answers it is still in the
plan (withdrawn ones leave every count); *red* when any of them is Red; *green* when every one
is Green; otherwise *in progress*.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Literal, NamedTuple

from csip.figures.rag import ActionState, RagCounts, total
from csip.model.files import Action
from csip.model.inspection import Recommendation, RecommendationsFile

Coverage = Literal["green", "red", "in-progress", "unanswered"]
COVERAGES: tuple[Coverage, ...] = ("green", "in-progress", "red", "unanswered")


class RecommendationFigures(NamedTuple):
    recommendation: Recommendation
    states: list[ActionState]
    """Every action that names it, withdrawn ones too, in ID order."""
    counts: RagCounts
    coverage: Coverage


def evidence_as_of(action: Action, as_of: dt.date) -> list[str]:
    """Every piece of evidence recorded in the action's updates dated on or before ``as_of``,
    oldest first, each once."""
    found: dict[str, None] = {}
    for update in action.updates:
        if update.date <= as_of:
            found.update(dict.fromkeys(update.evidence))
    return list(found)


def coverage_of(counts: RagCounts) -> Coverage:
    if not counts.active:
        return "unanswered"
    if counts.red:
        return "red"
    if counts.green == counts.active:
        return "green"
    return "in-progress"


def recommendation_figures(
    recommendations: RecommendationsFile, at: Iterable[ActionState]
) -> list[RecommendationFigures]:
    """Every recommendation in file order, with the states (as of D) of the actions naming it."""
    answering: dict[str, list[ActionState]] = {}
    for state in at:
        for code in dict.fromkeys(state.action.recommendations):
            answering.setdefault(code, []).append(state)
    result = []
    for recommendation in recommendations.recommendations:
        items = answering.get(recommendation.id, [])
        counts = total(items)
        result.append(RecommendationFigures(recommendation, items, counts, coverage_of(counts)))
    return result
