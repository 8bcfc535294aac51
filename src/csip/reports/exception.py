"""The monthly exception report (spec section 3): its context, then Markdown, HTML or JSON.

Laid out as the council's published exception report is: purpose; recommendations; background
and the RAG definitions; the analysis with Table 1 by priority, the priorities with the slowest
progress and the most Red actions, the Red actions by the month they were due and the oldest;
the current status of each Red action; and Appendix 1, every Red action by priority.

Every figure and every sentence that carries one is made here from the snapshot's period; the
templates only lay them out. The published prose has slips ("two thirds" for 3 of 5): nothing
here copies prose, every number comes from the plan.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from csip import months
from csip.figures.rag import ActionState
from csip.figures.snapshot import PeriodFigures, PriorityFigures
from csip.model.domain import Plan, Priority
from csip.reports.base import Report
from csip.reports.common import bar_chart, meta, plan_json
from csip.words import (
    RAG_DEFINITIONS,
    STATUS_WORDS,
    join_words,
    one_line,
    percent,
    plural,
    rag_word,
    share,
)


class ExceptionReport(Report):
    """The exception report for the requested month, over the period from the plan's start."""

    template = "exception-report"

    def figures(self) -> dict[str, Any]:
        return exception_json(self.plan, self.request.month_end().period, self.request.made)

    def context(self) -> dict[str, Any]:
        return exception_context(self.plan, self.request.month_end().period, self.request.made)


REPORT = ExceptionReport


def title_of(month: str) -> str:
    month_long = months.long_label(month)
    return f"Children's Services Improvement Plan Exception Report \N{EN DASH} {month_long}"


def full_label(priority: Priority) -> str:
    """``Priority 6 \N{EN DASH} Supporting Care Leavers``: the appendix names a priority in full."""
    return f"Priority {priority.number} \N{EN DASH} {priority.title}"


def exception_context(plan: Plan, figures: PeriodFigures, made: dt.datetime) -> dict[str, Any]:
    """Everything the exception report's templates lay out, computed."""
    month = figures.month
    start = figures.period_start
    by_number = {priority.number: priority for priority in plan.priorities}
    period = f"{months.long_label(start)} to {months.long_label(month)}"
    between = f"{months.long_label(start)} and {months.long_label(month)}"
    period_short = f"{months.label(start)} \N{EN DASH} {months.label(month)}"
    rows = [
        {
            "label": figures_row.priority.label,
            "number": figures_row.priority.number,
            "due": figures_row.due,
            "red": figures_row.red,
            "share": percent(figures_row.red, figures_row.due),
        }
        for figures_row in figures.priorities
    ]
    by_month = [
        {"month": due, "label": months.label(due), "long": months.long_label(due), "red": count}
        for due, count in figures.red_by_due_month.items()
    ]
    return {
        "meta": meta(plan, title=title_of(month), as_of=figures.as_of, made=made),
        "month": month,
        "month_long": months.long_label(month),
        "as_at": months.date_label(figures.as_of),
        "period": period,
        "period_short": period_short,
        "between": between,
        "rag_definitions": [
            {"rag": rag, "word": rag_word(rag), "meaning": meaning}
            for rag, meaning in RAG_DEFINITIONS.items()
        ],
        "totals": {
            "due": figures.due,
            "red": figures.red,
            "due_later": figures.due_later,
            "not_started": figures.not_started,
            "withdrawn": figures.withdrawn,
            "share": percent(figures.red, figures.due),
        },
        "analysis": _analysis(figures, period),
        "priorities": rows,
        "slowest": _slowest(figures),
        "most_red": _most_red(figures),
        "by_month_text": _by_month_text(figures, by_number),
        "oldest_text": _oldest_text(figures, by_number),
        "red_by_due_month": by_month,
        "charts": {
            "priority": bar_chart(
                [(row.priority.label, row.red) for row in figures.priorities],
                key="chart-priority",
                title=f"Red actions by priority, {period_short}",
                unit="Red action",
            ),
            "month": bar_chart(
                [
                    (months.long_label(due), count)
                    for due, count in figures.red_by_due_month.items()
                ],
                key="chart-month",
                title="Red actions by the month they were due",
                unit="Red action",
            ),
        },
        "status_groups": _status_groups(plan, figures),
        "appendix": _appendix(plan, figures),
    }


def _analysis(figures: PeriodFigures, period: str) -> list[str]:
    """The analysis paragraph, sentence by sentence."""
    sentences = [
        f"For the period {period} there have been a total of "
        f"{plural(figures.due, 'action')} that needed to be started or completed."
    ]
    if figures.due_later:
        were = "is" if figures.due_later == 1 else "are"
        sentences.append(
            f"An additional {plural(figures.due_later, 'action')} {were} due to be progressed, "
            f"but not due to be completed until after the reporting period; "
            f"{'it has' if figures.due_later == 1 else 'these have'} not been included in this "
            "analysis."
        )
    if figures.not_started:
        sentences.append(
            f"A further {plural(figures.not_started, 'action')} "
            f"{'is' if figures.not_started == 1 else 'are'} not planned to start until after "
            f"{months.long_label(figures.month)}."
        )
    if figures.withdrawn:
        sentences.append(
            f"{plural(figures.withdrawn, 'action')} "
            f"{'has' if figures.withdrawn == 1 else 'have'} been withdrawn and "
            f"{'is' if figures.withdrawn == 1 else 'are'} not counted."
        )
    if figures.red:
        sentences.append(
            f"There {'is' if figures.red == 1 else 'are'} a total of "
            f"{plural(figures.red, 'action')} ({percent(figures.red, figures.due)}) that "
            f"{'has' if figures.red == 1 else 'have'} not progressed within the published "
            "timescale."
        )
    elif figures.due:
        sentences.append(
            "Every action due in the period has been completed within its published timescale."
        )
    completed = figures.due - figures.red
    if figures.verified is not None and completed:
        sentences.append(
            f"A board has verified the evidence of {figures.verified} of the "
            f"{plural(completed, 'completed action')} ({percent(figures.verified, completed)})."
        )
    return sentences


def _of_due(row: PriorityFigures) -> str:
    """``3 of 5 actions due (60%) have``: never the prose's "two thirds"."""
    verb = "has" if row.red == 1 else "have"
    return (
        f"{row.red} of {plural(row.due, 'action')} due ({percent(row.red, row.due)}) {verb} "
        "not been completed within the published timescale"
    )


def _slowest(figures: PeriodFigures) -> str:
    """Which priorities progressed slowest: the highest shares of their due actions Red."""
    if not figures.red:
        return "No priority has an action that has not progressed within its timescale."
    parts = [f"{row.priority.label}, where {_of_due(row)}" for row in figures.slowest]
    if len(parts) == 1:
        return f"The priority which has shown the slowest progress is {parts[0]}."
    return f"The priorities which have shown the slowest progress are {join_words(parts)}."


def _counted(row: PriorityFigures) -> str:
    return f"{row.priority.label} ({plural(row.red, 'action')})"


def _most_red(figures: PeriodFigures) -> str:
    """Which priorities have the most Red actions: the two highest counts."""
    leaders = figures.most_red
    if not leaders:
        return ""
    top = leaders[0].red
    first = [row for row in leaders if row.red == top]
    rest = [row for row in leaders if row.red != top]
    if len(first) == 1:
        text = (
            f"{first[0].priority.label} has the most outstanding actions ({plural(top, 'action')})"
        )
    else:
        names = join_words([row.priority.label for row in first])
        text = f"{names} have the most outstanding actions ({plural(top, 'action')} each)"
    if rest:
        text += f", followed by {join_words([_counted(row) for row in rest])}"
    return text + "."


def _priority_names(states: list[ActionState], by_number: dict[int, Priority]) -> str:
    numbers = sorted({state.priority for state in states})
    return join_words([by_number[number].label for number in numbers])


def _by_month_text(figures: PeriodFigures, by_number: dict[int, Priority]) -> str:
    """Where the Red actions' due months fall: the last two months of the period, then earlier."""
    if not figures.red:
        return ""
    recent_months = [months.shift(figures.month, -1), figures.month]
    recent = [
        (due, figures.red_by_due_month[due])
        for due in recent_months
        if figures.red_by_due_month.get(due)
    ]
    recent_total = sum(count for _, count in recent)
    sentences = []
    subject = (
        f"Of the {plural(figures.red, 'action')} that "
        f"{'has' if figures.red == 1 else 'have'} not been completed within the published "
        "timescale"
    )
    if recent:
        majority = "the majority, " if recent_total * 2 > figures.red else ""
        listed = " or ".join(
            f"{months.long_label(due)} ({plural(count, 'action')})" for due, count in recent
        )
        sentences.append(
            f"{subject}, {majority}{share(recent_total, figures.red)}, "
            f"{'was' if recent_total == 1 else 'were'} due to be completed in {listed}."
        )
    earlier = [
        (due, count)
        for due, count in sorted(figures.red_by_due_month.items(), reverse=True)
        if due not in recent_months
    ]
    if earlier:
        phrases = []
        for due, count in earlier:
            due_states = [state for state in figures.red_actions if state.due == due]
            phrases.append(
                f"{plural(count, 'action')} in {months.long_label(due)} "
                f"({_priority_names(due_states, by_number)})"
            )
        if recent:
            others = len(figures.red_actions) - recent_total
            verb = "was" if others == 1 else "were"
            lead_in = f"The {'other' if others == 1 else 'others'} {verb} due earlier:"
        else:
            lead_in = f"{subject}, there {'is' if figures.red == 1 else 'are'}"
        sentences.append(f"{lead_in} {join_words(phrases)}.")
    return " ".join(sentences)


def _oldest_text(figures: PeriodFigures, by_number: dict[int, Priority]) -> str:
    oldest = figures.oldest
    if not oldest:
        return ""
    due = oldest[0].due
    overdue = plural(oldest[0].months_overdue, "month")
    named = join_words([f"{state.id} ({by_number[state.priority].label})" for state in oldest])
    if len(oldest) == 1:
        return (
            f"The oldest Red action is {named}, which should have been completed in "
            f"{months.long_label(due)}: {overdue} past its published timescale."
        )
    return (
        f"The oldest Red actions are {named}, which should have been completed in "
        f"{months.long_label(due)}: {overdue} past their published timescale."
    )


def _codes(codes: list[str]) -> str:
    return ", ".join(codes)


def _status_line(state: ActionState) -> str:
    """``Due Oct-16, 3 months overdue; in progress; revised timeline Apr-17``."""
    parts = [f"due {months.label(state.due)}"]
    if state.months_overdue:
        parts[0] += f", {plural(state.months_overdue, 'month')} overdue"
    parts.append(STATUS_WORDS[state.status])
    if state.revised_due is not None:
        parts.append(f"revised timeline {months.label(state.revised_due)}")
    if state.last_update is not None:
        parts.append(f"last update {months.date_label(state.last_update)}")
    else:
        parts.append("no update recorded")
    text = "; ".join(parts)
    return text[0].upper() + text[1:]


def _status_groups(plan: Plan, figures: PeriodFigures) -> list[dict[str, Any]]:
    """Section 5: each Red action's current status, by priority.

    Actions of a priority that share the same latest note are written once under all their IDs
    ("6.3.4, 6.4.4 and 6.4.5"), as the published report does; each keeps its own facts line.
    """
    groups = []
    for priority in plan.priorities:
        items = [state for state in figures.red_actions if state.priority == priority.number]
        if not items:
            continue
        entries: list[dict[str, Any]] = []
        by_note: dict[str, dict[str, Any]] = {}
        for state in items:
            fact = {"id": state.id, "facts": _status_line(state)}
            note = one_line(state.note) if state.note is not None else None
            if note is not None and note in by_note:
                by_note[note]["actions"].append(fact)
                continue
            entry: dict[str, Any] = {
                "note": note if note is not None else _no_note(state),
                "has_note": note is not None,
                "actions": [fact],
            }
            entries.append(entry)
            if note is not None:
                by_note[note] = entry
        for entry in entries:
            entry["ids"] = join_words([fact["id"] for fact in entry["actions"]])
        groups.append({"label": priority.label, "number": priority.number, "entries": entries})
    return groups


def _no_note(state: ActionState) -> str:
    return "No update recorded." if state.last_update is None else "No note recorded."


def _appendix(plan: Plan, figures: PeriodFigures) -> list[dict[str, Any]]:
    """Appendix 1: the Red actions by priority, in ID order."""
    groups = []
    for priority in plan.priorities:
        items = [state for state in figures.red_actions if state.priority == priority.number]
        if not items:
            continue
        groups.append(
            {
                "label": full_label(priority),
                "number": priority.number,
                "rows": [
                    {
                        "timescale": months.range_label(state.start, state.due),
                        "id": state.id,
                        "action": one_line(state.action.action),
                        "lead": _codes(state.action.lead),
                        "lead_titles": [
                            {"code": code, "title": plan.role_title(code)}
                            for code in state.action.lead
                        ],
                        "agencies": _codes(state.action.agencies) or "N/A",
                        "revised": (months.label(state.revised_due) if state.revised_due else None),
                    }
                    for state in items
                ],
            }
        )
    return groups


def exception_json(plan: Plan, figures: PeriodFigures, made: dt.datetime) -> dict[str, Any]:
    """The figures as spec section 4 gives them, with the red shares and the plan named."""
    return {
        "month": figures.month,
        "as_of": figures.as_of.isoformat(),
        "plan": plan_json(plan),
        "made": made.isoformat(timespec="seconds"),
        "period": {"start": figures.period_start, "end": figures.month},
        "totals": {**figures.totals(), "red_share": round(figures.red_share, 4)},
        "priorities": [
            {
                "priority": row.priority.number,
                "title": row.priority.title,
                "label": row.priority.label,
                "due": row.due,
                "red": row.red,
                "red_share": round(row.red_share, 4),
            }
            for row in figures.priorities
        ],
        "slowest": [row.priority.number for row in figures.slowest],
        "most_red": [row.priority.number for row in figures.most_red],
        "red_by_due_month": figures.red_by_due_month,
        "oldest": [state.id for state in figures.oldest],
        "red_actions": [
            {
                "id": state.id,
                "priority": state.priority,
                "start": state.start,
                "due": state.due,
                "revised_due": state.revised_due,
                "lead": list(state.action.lead),
                "agencies": list(state.action.agencies),
                "action": state.action.action,
                "status": state.status,
                "months_overdue": state.months_overdue,
                "last_update": state.last_update.isoformat() if state.last_update else None,
                "note": state.note,
            }
            for state in figures.red_actions
        ],
    }
