"""The inspection's recommendations as of a date (spec section 10): context, then Markdown, HTML
or JSON.

For each recommendation, in the order recommendations.yaml lists them: its text, and the
actions that answer it with their RAG, latest note and evidence — the pack a council prepares
for a monitoring visit — then the coverage: the recommendations whose every action is Green,
those with any Red, those in progress and those answered by nothing.

Every figure comes from ``csip.figures.coverage`` and every sentence that carries one is
made here; the templates only lay them out.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from csip import months
from csip.figures.coverage import (
    COVERAGES,
    Coverage,
    RecommendationFigures,
    evidence_as_of,
    recommendation_figures,
)
from csip.figures.rag import ActionState
from csip.model.domain import Plan, Priority
from csip.model.inspection import RecommendationsFile
from csip.reports.base import Report
from csip.reports.common import meta, plan_json
from csip.words import RAGS, STATUS_WORDS, capital, join_words, one_line, plural, rag_word

COVERAGE_WORDS: dict[Coverage, str] = {
    "green": "Every action Green",
    "in-progress": "In progress, none Red",
    "red": "At least one action Red",
    "unanswered": "Answered by no action",
}
"""How each coverage is written in a table."""


class RecommendationsReport(Report):
    """The recommendations and the actions answering them as of the requested day; the
    registry offers it only to a plan with a recommendations.yaml."""

    template = "recommendations"

    def _inputs(self) -> tuple[RecommendationsFile, Any, dt.date]:
        recommendations = self.plan.recommendations
        if recommendations is None:
            raise ValueError("the plan has no recommendations (recommendations.yaml)")
        day = self.request.day
        states = self.request.snapshots.at(day).states
        return recommendations, recommendation_figures(recommendations, states), day

    def figures(self) -> dict[str, Any]:
        recommendations, figures, day = self._inputs()
        return recommendations_json(self.plan, recommendations, figures, day, self.request.made)

    def context(self) -> dict[str, Any]:
        recommendations, figures, day = self._inputs()
        return recommendations_context(self.plan, recommendations, figures, day, self.request.made)


REPORT = RecommendationsReport


def title_of(as_of: dt.date) -> str:
    return (
        "Children's Services Improvement Plan: the Inspection's Recommendations "
        f"\N{EN DASH} {months.date_label(as_of)}"
    )


def _by_coverage(figures: list[RecommendationFigures]) -> dict[Coverage, list[str]]:
    grouped: dict[Coverage, list[str]] = {coverage: [] for coverage in COVERAGES}
    for item in figures:
        grouped[item.coverage].append(item.recommendation.id)
    return grouped


# ---------------------------------------------------------------- JSON


def _detail_json(state: ActionState, as_of: dt.date) -> dict[str, Any]:
    return {
        "id": state.id,
        "priority": state.priority,
        "action": state.action.action,
        "lead": list(state.action.lead),
        "rag": state.rag,
        "status": state.status,
        "due": state.due,
        "revised_due": state.revised_due,
        "completed_on": state.completed_on.isoformat() if state.completed_on else None,
        "last_update": state.last_update.isoformat() if state.last_update else None,
        "note": state.note,
        "evidence": evidence_as_of(state.action, as_of),
    }


def recommendations_json(
    plan: Plan,
    recommendations: RecommendationsFile,
    figures: list[RecommendationFigures],
    as_of: dt.date,
    made: dt.datetime,
) -> dict[str, Any]:
    """Spec section 10's figures, with each action's facts and the coverage."""
    grouped = _by_coverage(figures)
    return {
        "as_of": as_of.isoformat(),
        "plan": plan_json(plan),
        "made": made.isoformat(timespec="seconds"),
        "source": recommendations.source,
        "recommendations": [
            {
                "id": item.recommendation.id,
                "text": item.recommendation.text,
                "actions": [state.id for state in item.states],
                "rag": item.counts.as_dict(),
                "coverage": item.coverage,
                "details": [_detail_json(state, as_of) for state in item.states],
            }
            for item in figures
        ],
        "coverage": {coverage.replace("-", "_"): ids for coverage, ids in grouped.items()},
    }


# ---------------------------------------------------------------- the papers


def recommendations_context(
    plan: Plan,
    recommendations: RecommendationsFile,
    figures: list[RecommendationFigures],
    as_of: dt.date,
    made: dt.datetime,
) -> dict[str, Any]:
    """Everything the recommendations report's templates lay out, computed."""
    by_number = {priority.number: priority for priority in plan.priorities}
    grouped = _by_coverage(figures)
    return {
        "meta": meta(plan, title=title_of(as_of), as_of=as_of, made=made),
        "as_at": months.date_label(as_of),
        "source": one_line(recommendations.source),
        "summary": _summary(figures, grouped),
        "rags": [{"rag": rag, "word": rag_word(rag)} for rag in RAGS],
        "coverage": [
            {
                "coverage": coverage,
                "word": COVERAGE_WORDS[coverage],
                "count": len(grouped[coverage]),
                "ids": ", ".join(grouped[coverage]) or "None",
            }
            for coverage in COVERAGES
        ],
        "rows": [
            {
                "id": item.recommendation.id,
                "anchor": _anchor(item.recommendation.id),
                "counts": [getattr(item.counts, rag) for rag in RAGS],
                "actions": len(item.states),
                "coverage": item.coverage,
                "coverage_word": COVERAGE_WORDS[item.coverage],
            }
            for item in figures
        ],
        "recommendations": [_recommendation(item, by_number, as_of) for item in figures],
    }


def _anchor(code: str) -> str:
    """An HTML id for a recommendation, whatever characters its ID has."""
    return "recommendation-" + "".join(char if char.isalnum() else "-" for char in code)


def _named(ids: list[str]) -> str:
    """``Recommendation 7``, ``Recommendations 1, 2 and 5``."""
    return f"Recommendation{'s' if len(ids) > 1 else ''} {join_words(ids)}"


def _summary(figures: list[RecommendationFigures], grouped: dict[Coverage, list[str]]) -> list[str]:
    """The coverage in words, correct for one, none and all."""
    count = len(figures)
    sentences = [f"The plan answers {plural(count, 'recommendation')} of the inspection."]
    for coverage in COVERAGES:
        ids = grouped[coverage]
        if not ids:
            continue
        every = len(ids) == count > 1
        one = len(ids) == 1
        subject = "every recommendation" if every else _named(ids)
        if coverage == "green":
            sentences.append(f"Every action is Green for {subject}.")
        elif coverage == "in-progress":
            verb = "is" if one or every else "are"
            sentences.append(f"{capital(subject)} {verb} in progress, with no action Red.")
        elif coverage == "red":
            verb = "has" if one or every else "have"
            sentences.append(f"{capital(subject)} {verb} at least one Red action.")
        elif every:
            sentences.append("No recommendation is answered by an action still in the plan.")
        else:
            verb = "is" if one else "are"
            sentences.append(f"{subject} {verb} answered by no action still in the plan.")
    if count and not grouped["red"] and len(grouped["unanswered"]) < count:
        sentences.append("No recommendation has a Red action.")
    return sentences


def _recommendation(
    item: RecommendationFigures, by_number: dict[int, Priority], as_of: dt.date
) -> dict[str, Any]:
    counts, answering = item.counts, len(item.states)
    live = counts.active
    parts = [f"{getattr(counts, rag)} {rag_word(rag)}" for rag in RAGS if getattr(counts, rag)]
    if not answering:
        answered = "No action answers this recommendation."
    else:
        verb = "answers" if answering == 1 else "answer"
        answered = f"{plural(answering, 'action')} {verb} it: {join_words(parts)}."
        if not live:
            answered += " It is withdrawn." if answering == 1 else " All are withdrawn."
        elif live < answering:
            withdrawn = answering - live
            answered += (
                f" The withdrawn {'one is' if withdrawn == 1 else 'ones are'} left out of its "
                "coverage."
            )
    return {
        "id": item.recommendation.id,
        "anchor": _anchor(item.recommendation.id),
        "text": one_line(item.recommendation.text),
        "coverage": item.coverage,
        "coverage_word": COVERAGE_WORDS[item.coverage],
        "answered": answered,
        "actions": [_action(state, by_number, as_of) for state in item.states],
    }


def _action(state: ActionState, by_number: dict[int, Priority], as_of: dt.date) -> dict[str, Any]:
    revised = None
    if state.revised_due is not None and state.revised_due != state.due:
        revised = months.label(state.revised_due)
    evidence = [one_line(item) for item in evidence_as_of(state.action, as_of)]
    return {
        "id": state.id,
        "priority": by_number[state.priority].label,
        "action": one_line(state.action.action),
        "lead": ", ".join(state.action.lead),
        "rag": state.rag,
        "rag_word": rag_word(state.rag),
        "status": STATUS_WORDS[state.status],
        "due": months.label(state.due),
        "revised": revised,
        "completed_on": (
            months.short_date_label(state.completed_on) if state.completed_on else None
        ),
        "note": one_line(state.note) if state.note else None,
        "no_note": "No update recorded." if state.last_update is None else "No note recorded.",
        "evidence": evidence,
        "evidence_text": "; ".join(evidence) or "None recorded",
    }
