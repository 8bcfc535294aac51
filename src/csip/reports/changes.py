"""What moved between two dates (spec section 8), as plain text, Markdown or JSON.

Every action whose RAG, status, assurance or revised due month as of D2 differs from its own as
of D1, in ID order and grouped by priority, each with what it was, what it is and the names of
its move (turned Red, completed, evidence verified ...). Every figure and sentence is made here;
the Markdown template only lays them out, and the plain text for a terminal is laid out here.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from collections import Counter
from collections.abc import Sequence
from typing import Any

from csip import months
from csip.figures.movement import Change, movement
from csip.figures.rag import ActionState
from csip.model.domain import Plan
from csip.reports.base import Report
from csip.reports.common import meta, plan_json
from csip.words import MOVE_WORDS, MOVES, STATUS_WORDS, clipped, join_words, plural, rag_word

TEXT_WIDTH = 80
ACTION_WIDTH = 120
"""How much of an action's text a row repeats: enough to recognise it."""


class ChangesReport(Report):
    """What moved from ``since`` to the requested day, over the requested priorities."""

    template = "changes"

    def _inputs(self) -> tuple[dt.date, dt.date, list[Change], tuple[int, ...]]:
        since, day = self.request.since, self.request.day
        assert since is not None
        snapshots = self.request.snapshots
        changes = movement(list(snapshots.at(since).states), list(snapshots.at(day).states))
        return since, day, changes, snapshots.priorities

    def figures(self) -> dict[str, Any]:
        since, day, changes, priorities = self._inputs()
        return changes_json(self.plan, since, day, changes, priorities, self.request.made)

    def context(self) -> dict[str, Any]:
        since, day, changes, priorities = self._inputs()
        return changes_context(self.plan, since, day, changes, priorities, self.request.made)

    def text(self) -> str:
        return changes_text(self.context())


REPORT = ChangesReport


def state_record(state: ActionState) -> dict[str, Any]:
    """One side of a change as spec section 8 gives it."""
    return {
        "rag": state.rag,
        "status": state.status,
        "assurance": state.assurance,
        "revised_due": state.revised_due,
    }


def change_record(change: Change) -> dict[str, Any]:
    """One change as spec section 8 gives it, with the names of its move."""
    return {
        "id": change.id,
        "priority": change.priority,
        "before": state_record(change.before),
        "after": state_record(change.after),
        "moves": list(change.moves),
    }


def changes_json(
    plan: Plan,
    since: dt.date,
    as_of: dt.date,
    changes: list[Change],
    priorities: Sequence[int],
    made: dt.datetime,
) -> dict[str, Any]:
    """The changes as spec section 8 gives them, with the plan and the priorities named."""
    return {
        "since": since.isoformat(),
        "as_of": as_of.isoformat(),
        "plan": plan_json(plan),
        "made": made.isoformat(timespec="seconds"),
        "priorities": sorted(priorities),
        "changes": [change_record(change) for change in changes],
    }


def state_words(state: ActionState) -> str:
    """``Red, in progress, revised to Apr-17`` or ``Green, complete, evidenced``.

    A revised timeline is history once the action is complete, so it is shown only before.
    """
    if state.rag == "withdrawn":
        return "Withdrawn"
    words = [rag_word(state.rag), STATUS_WORDS[state.status]]
    if state.assurance is not None:
        words.append(state.assurance)
    if state.replanned and state.revised_due is not None and state.status != "complete":
        words.append(f"revised to {months.label(state.revised_due)}")
    return ", ".join(words)


def moves_words(change: Change) -> str:
    """``turned Red and re-planned``."""
    return join_words([MOVE_WORDS[move] for move in change.moves])


def change_row(change: Change) -> dict[str, Any]:
    """One change as a report's row: every word made here."""
    return {
        "id": change.id,
        "action": clipped(change.after.action.action, ACTION_WIDTH),
        "action_text": change.after.action.action,
        "before": state_words(change.before),
        "after": state_words(change.after),
        "before_rag": change.before.rag,
        "after_rag": change.after.rag,
        "moves": moves_words(change),
        "moves_sentence": _sentence(moves_words(change)),
    }


def _sentence(text: str) -> str:
    """Text with its first letter made a capital and a full stop at the end."""
    return text[:1].upper() + text[1:] + "."


def move_counts(changes: list[Change]) -> list[dict[str, Any]]:
    """How many actions made each kind of move, in the order of ``MOVES``, none left out."""
    counted = Counter(move for change in changes for move in change.moves)
    return [
        {"move": move, "words": MOVE_WORDS[move], "count": counted[move]}
        for move in MOVES
        if counted[move]
    ]


def period_words(since: dt.date, as_of: dt.date) -> str:
    return f"{months.date_label(since)} to {months.date_label(as_of)}"


def changes_context(
    plan: Plan,
    since: dt.date,
    as_of: dt.date,
    changes: list[Change],
    priorities: Sequence[int],
    made: dt.datetime,
) -> dict[str, Any]:
    """Everything the changes templates (and the plain text) lay out, computed."""
    period = period_words(since, as_of)
    chosen = [p for p in plan.priorities if not priorities or p.number in priorities]
    groups = []
    for priority in chosen:
        rows = [change_row(change) for change in changes if change.priority == priority.number]
        if rows:
            groups.append({"label": priority.label, "number": priority.number, "rows": rows})
    scope = ""
    if priorities:
        scope = join_words([p.label for p in chosen])
    if changes:
        summary = f"{plural(len(changes), 'action')} moved from {period}."
    else:
        summary = f"No action moved from {period}."
    counts = move_counts(changes)
    several = sum(item["count"] for item in counts) > len(changes)
    return {
        "meta": meta(plan, title=f"What moved: {period}", as_of=as_of, made=made),
        "since": months.date_label(since),
        "as_at": months.date_label(as_of),
        "period": period,
        "scope": scope,
        "summary": summary,
        "counts": counts,
        "counts_note": (
            "An action can move in more than one way (completed and recovered from Red, say), "
            "so the counts add up to more than the actions that moved."
            if several
            else ""
        ),
        "groups": groups,
    }


def changes_text(context: dict[str, Any]) -> str:
    """The changes as plain text for a terminal, 80 columns wide."""
    meta_ = context["meta"]
    lines = [meta_["plan_title"], f"{meta_['organisation']}: what moved from {context['period']}"]
    if context["scope"]:
        lines += textwrap.wrap(f"Priorities: {context['scope']}", TEXT_WIDTH)
    lines += ["", context["summary"]]
    if context["counts"]:
        width = max(len(item["words"]) for item in context["counts"])
        lines += [f"  {item['words']:<{width}}  {item['count']:>4}" for item in context["counts"]]
    for group in context["groups"]:
        lines += ["", group["label"]]
        id_width = max(len(row["id"]) for row in group["rows"])
        indent = " " * (id_width + 4)
        for row in group["rows"]:
            first = f"  {row['id']:<{id_width}}  "
            lines += textwrap.wrap(
                f"{row['before']} \N{RIGHTWARDS ARROW} {row['after']}",
                TEXT_WIDTH,
                initial_indent=first,
                subsequent_indent=indent,
            )
            lines += textwrap.wrap(
                row["moves_sentence"], TEXT_WIDTH, initial_indent=indent, subsequent_indent=indent
            )
            lines.append(indent + clipped(row["action_text"], TEXT_WIDTH - len(indent)))
    return "\n".join(lines) + "\n"
