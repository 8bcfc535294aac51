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

from csip import months, text
from csip.figures.rag import ActionState
from csip.figures.snapshot import PeriodFigures, PriorityFigures
from csip.model.domain import Plan, Priority
from csip.model.files import Update
from csip.reports.base import Report
from csip.reports.common import NAMES_INLINE, bar_chart, meta, plan_json, priorities_phrase
from csip.text import Blocks
from csip.words import (
    STATUS_WORDS,
    capitalised,
    has_have,
    join_words,
    number_word,
    one_line,
    percent,
    plural,
    rag_meanings,
    rag_word,
    was_were,
)


class ExceptionReport(Report):
    """The exception report for the requested month, over the period from the plan's start."""

    template = "exception-report"

    def figures(self) -> dict[str, Any]:
        return exception_json(self.plan, self.request.month_end().period, self.request.made)

    def context(self) -> dict[str, Any]:
        return exception_context(
            self.plan,
            self.request.month_end().period,
            self.request.made,
        )


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
    scope = [row.priority for row in figures.priorities]
    one_month = start == month
    period = (
        months.long_label(month)
        if one_month
        else (f"{months.long_label(start)} to {months.long_label(month)}")
    )
    between = (
        f"in {months.long_label(month)}"
        if one_month
        else f"between {months.long_label(start)} and {months.long_label(month)}"
    )
    period_short = months.range_label(start, month)
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
    heading = meta(plan, title=title_of(month), as_of=figures.as_of, made=made, month=month)
    return {
        "meta": heading,
        "month": month,
        "month_long": months.long_label(month),
        "as_at": months.date_label(figures.as_of),
        "period": period,
        "period_short": period_short,
        "between": between,
        "rag_definitions": [
            {"rag": rag, "word": rag_word(rag), "meaning": meaning}
            for rag, meaning in rag_meanings(plan.green_requires).items()
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
        "slowest": _slowest(figures, scope),
        "most_red": _most_red(figures, scope),
        "by_month_text": _by_month_text(figures, scope),
        "oldest_text": _oldest_text(figures, scope),
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
        "withdrawn": _withdrawn(figures),
        "withdrawn_text": _withdrawn_text(figures),
        "status_groups": _status_groups(plan, figures, heading["paper"]["priorities"]),
        "appendix": _appendix(plan, figures),
        "key": _key(plan, figures),
    }


def _for_period(period: str, one_month: bool) -> str:
    return f"For {period}" if one_month else f"For the period {period}"


def _analysis(figures: PeriodFigures, period: str) -> list[str]:
    """The analysis paragraph, sentence by sentence."""
    opening = _for_period(period, figures.period_start == figures.month)
    due = figures.due
    if due == 0:
        first = f"{opening} no action needed to be started or completed."
    elif due == 1:
        first = f"{opening} there has been 1 action that needed to be started or completed."
    else:
        first = (
            f"{opening} there have been a total of {due} actions that needed to be started or "
            "completed."
        )
    sentences = [first]
    later = figures.due_later
    if later == 1:
        sentences.append(
            "One further action is due to be progressed, but not due to be completed until "
            "after the reporting period; it has not been included in this analysis."
        )
    elif later:
        sentences.append(
            f"An additional {later} actions are due to be progressed, but not due to be "
            "completed until after the reporting period; these have not been included in this "
            "analysis."
        )
    if figures.not_started:
        further = (
            "A further action is"
            if figures.not_started == 1
            else (f"A further {figures.not_started} actions are")
        )
        sentences.append(
            f"{further} not planned to start until after {months.long_label(figures.month)}."
        )
    if figures.withdrawn == 1:
        sentences.append("One action has been withdrawn and is not counted.")
    elif figures.withdrawn:
        sentences.append(f"{figures.withdrawn} actions have been withdrawn and are not counted.")
    red = figures.red
    if due == 0:
        return sentences
    if red == 0:
        sentences.append(
            {
                1: "The action due in the period has been completed within its published "
                "timescale.",
                2: "Both actions due in the period have been completed within their published "
                "timescales.",
            }.get(
                due,
                "Every action due in the period has been completed within its published timescale.",
            )
        )
    elif red == due:
        sentences.append(
            {
                1: "The action due has not progressed within the published timescale.",
                2: "Neither action due has progressed within the published timescale.",
            }.get(due, "None of the actions due has progressed within the published timescale.")
        )
    elif red == 1:
        sentences.append(
            f"There is 1 action ({percent(red, due)}) that has not progressed within the "
            "published timescale."
        )
    else:
        sentences.append(
            f"There are a total of {red} actions ({percent(red, due)}) that have not progressed "
            "within the published timescale."
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
    not_completed = "been completed within the published timescale"
    if row.red == row.due:
        if row.due == 1:
            return f"the one action due has not {not_completed}"
        if row.due == 2:
            return f"neither of the 2 actions due has {not_completed}"
        return f"none of the {row.due} actions due has {not_completed}"
    return (
        f"{row.red} of {row.due} actions due ({percent(row.red, row.due)}) {has_have(row.red)} "
        f"not {not_completed}"
    )


def _groups(rows: list[PriorityFigures], measure: str) -> list[list[PriorityFigures]]:
    """Rows of equal ``measure`` (``red`` or ``red_share``) together, in the order given."""
    groups: dict[float, list[PriorityFigures]] = {}
    for row in rows:
        groups.setdefault(float(getattr(row, measure)), []).append(row)
    return list(groups.values())


def _slowest(figures: PeriodFigures, scope: list[Priority]) -> str:
    """Which priorities progressed slowest: the highest shares of their due actions Red."""
    if not figures.red:
        return "No priority has an action that has not progressed within its timescale."
    groups = _groups(figures.slowest, "red_share")
    if len(groups) == 1 and len(groups[0]) >= 2 and len(groups[0]) == len(scope):
        rate = groups[0][0]
        if rate.red == rate.due:
            return (
                "No priority has completed any of its actions due within the published timescale."
            )
        everyone = priorities_phrase([row.priority for row in groups[0]], scope)
        return (
            f"Progress has been even: in {everyone}, "
            f"{percent(rate.red, rate.due)} of the actions due have not been completed within "
            "the published timescale."
        )
    parts = []
    for group in groups:
        if len(group) == 1:
            parts.append(f"{group[0].priority.label}, where {_of_due(group[0])}")
            continue
        names = priorities_phrase([row.priority for row in group], scope)
        rate = group[0]
        if rate.red == rate.due:
            parts.append(
                f"{names}, where none of the actions due has been completed within the "
                "published timescale"
            )
        else:
            parts.append(
                f"{names}, where {percent(rate.red, rate.due)} of the actions due in each have "
                "not been completed within the published timescale"
            )
    if len(figures.slowest) == 1:
        return f"The priority which has shown the slowest progress is {parts[0]}."
    ranked = parts[0] if len(parts) == 1 else f"{parts[0]}, followed by {parts[1]}"
    return f"The priorities which have shown the slowest progress are {ranked}."


def _most_red(figures: PeriodFigures, scope: list[Priority]) -> str:
    """Which priorities have the most Red actions: the two highest counts."""
    leaders = figures.most_red
    if not leaders:
        return ""
    groups = _groups(leaders, "red")
    first = groups[0]
    top = first[0].red
    names = priorities_phrase([row.priority for row in first], scope)
    with_red = [row for row in figures.priorities if row.red]
    if len(with_red) == 1:
        return "It is the only priority with actions not completed within the published timescale."
    if top == 1:
        if len(first) == 1:
            return f"{names} has one outstanding action."
        return f"{capitalised(names)} have one outstanding action each."
    if len(first) == 1:
        text = f"{names} has the most outstanding actions ({plural(top, 'action')})"
    else:
        text = f"{capitalised(names)} have the most outstanding actions ({top} actions each)"
    if len(groups) > 1:
        rest = groups[1]
        count = plural(rest[0].red, "action")
        if len(rest) == 1:
            text += f", followed by {rest[0].priority.label} ({count})"
        else:
            text += (
                f", followed by {priorities_phrase([row.priority for row in rest], scope)} "
                f"({count} each)"
            )
    return text + "."


def _where(states: list[ActionState], scope: list[Priority]) -> str:
    """The priorities of some actions, as a short phrase."""
    numbers = {state.priority for state in states}
    return priorities_phrase([p for p in scope if p.number in numbers], scope)


def _all_of(red: int) -> str:
    """The subject of a sentence about every Red action: ``All 5 actions that have not ...``."""
    tail = "not been completed within the published timescale"
    if red == 1:
        return f"The one action that has {tail}"
    if red == 2:
        return f"Both actions that have {tail}"
    return f"All {red} actions that have {tail}"


def _by_month_text(figures: PeriodFigures, scope: list[Priority]) -> str:
    """Where the Red actions' due months fall: the last two months of the period (when they
    hold most of them), then earlier; or month by month, newest first."""
    red = figures.red
    if not red:
        return ""
    newest_first = sorted(figures.red_by_due_month.items(), reverse=True)

    def where(due: str) -> str:
        return _where([state for state in figures.red_actions if state.due == due], scope)

    recent_months = (months.shift(figures.month, -1), figures.month)
    if len(newest_first) == 1:
        due = newest_first[0][0]
        named = "" if due in recent_months else f" ({where(due)})"
        return (
            f"{_all_of(red)} {was_were(red)} due to be completed in "
            f"{months.long_label(due)}{named}."
        )
    recent = sorted((due, n) for due, n in newest_first if due in recent_months)
    earlier = [(due, n) for due, n in newest_first if due not in recent_months]
    recent_total = sum(n for _, n in recent)
    of_the = f"Of the {red} actions that have not been completed within the published timescale"
    if recent_total * 2 <= red:
        listed = [
            f"{n} {was_were(n) + ' due to be completed ' if index == 0 else ''}in "
            f"{months.long_label(due)} ({where(due)})"
            for index, (due, n) in enumerate(newest_first)
        ]
        return f"{of_the}, {join_words(listed)}."
    counts = len(recent) > 1
    listed_recent = " or ".join(
        f"{months.long_label(due)}" + (f" ({plural(n, 'action')})" if counts else "")
        for due, n in recent
    )
    if recent_total == red:
        return f"{_all_of(red)} were due to be completed in {listed_recent}."
    sentences = [
        f"{of_the}, the majority, {recent_total} ({percent(recent_total, red)}), "
        f"{was_were(recent_total)} due to be completed in {listed_recent}."
    ]
    if red - recent_total == 1:
        due = earlier[0][0]
        sentences.append(f"The other was due in {months.long_label(due)} ({where(due)}).")
    else:
        phrases = [
            f"{plural(n, 'action')} in {months.long_label(due)} ({where(due)})"
            for due, n in earlier
        ]
        sentences.append(f"The others were due earlier: {join_words(phrases)}.")
    return " ".join(sentences)


def _oldest_text(figures: PeriodFigures, scope: list[Priority]) -> str:
    """The oldest Red actions, when they are not all due in the same month (which the sentence
    before has said already)."""
    oldest = figures.oldest
    if not oldest or len(figures.red_by_due_month) == 1:
        return ""
    due = months.long_label(oldest[0].due)
    overdue = plural(oldest[0].months_overdue, "month")
    by_number = {priority.number: priority for priority in scope}
    if len(oldest) == 1:
        named = f"{oldest[0].id} ({by_number[oldest[0].priority].label})"
        return (
            f"The oldest Red action is {named}, which should have been completed in {due}: "
            f"{overdue} past its published timescale."
        )
    if len(oldest) <= NAMES_INLINE:
        named = join_words([f"{s.id} ({by_number[s.priority].label})" for s in oldest])
        return (
            f"The oldest Red actions are {named}, which should have been completed in {due}: "
            f"{overdue} past their published timescale."
        )
    return (
        f"The {number_word(len(oldest))} oldest Red actions, from {_where(oldest, scope)}, should "
        f"have been completed in {due}: {overdue} past their published timescale."
    )


def _withdrawn(figures: PeriodFigures) -> list[dict[str, Any]]:
    """The actions withdrawn as of D, each with the update that withdrew it."""
    labels = {row.priority.number: row.priority.label for row in figures.priorities}
    rows = []
    for state in figures.withdrawn_actions:
        on, note = withdrawal(state, figures.as_of)
        rows.append(
            {
                "id": state.id,
                "priority": labels[state.priority],
                "action": text.split(state.action.action),
                "on": months.date_label(on),
                "note": text.split(note) if note else None,
            }
        )
    return rows


def _withdrawn_text(figures: PeriodFigures) -> str:
    """What the list of withdrawn actions is, without counting them again."""
    if not figures.withdrawn:
        return ""
    return (
        "A withdrawn action leaves every count in this report. Each is listed with the date and "
        "the note of the update that withdrew it."
    )


def withdrawal(state: ActionState, as_of: dt.date) -> tuple[dt.date, str | None]:
    """When an action withdrawn as of ``as_of`` was withdrawn, and why: the first update of the
    run of ``withdrawn`` updates that ends there, and the first note in that run."""
    run: list[Update] = []
    for update in state.action.updates:
        if update.date > as_of:
            break
        run = [*run, update] if update.status == "withdrawn" else []
    return run[0].date, next((update.note for update in run if update.note), None)


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
    return capitalised("; ".join(parts))


def _status_groups(
    plan: Plan, figures: PeriodFigures, commentary: dict[int, Blocks | None]
) -> list[dict[str, Any]]:
    """Section 5: each Red action's current status, by priority, beside the paper's commentary
    on that priority.

    Actions of a priority that share the same latest note are written once under all their IDs
    ("6.3.4, 6.4.4 and 6.4.5"), as the published report does; each keeps its own facts line.
    """
    groups = []
    for row in figures.priorities:
        priority = row.priority
        items = [state for state in figures.red_actions if state.priority == priority.number]
        comment = commentary.get(priority.number)
        if not items and comment is None:
            continue
        entries: list[dict[str, Any]] = []
        by_note: dict[str, dict[str, Any]] = {}
        for state in items:
            fact = {"id": state.id, "facts": _status_line(state)}
            key = one_line(state.note) if state.note is not None else None
            if key is not None and key in by_note:
                by_note[key]["actions"].append(fact)
                continue
            entry: dict[str, Any] = {
                "note": text.split(state.note if state.note is not None else _no_note(state)),
                "has_note": state.note is not None,
                "actions": [fact],
            }
            entries.append(entry)
            if key is not None:
                by_note[key] = entry
        for entry in entries:
            entry["ids"] = join_words([fact["id"] for fact in entry["actions"]])
        groups.append(
            {
                "label": priority.label,
                "number": priority.number,
                "commentary": comment,
                "entries": entries,
            }
        )
    return groups


def _no_note(state: ActionState) -> str:
    return "No update recorded." if state.last_update is None else "No note recorded."


def _appendix(plan: Plan, figures: PeriodFigures) -> list[dict[str, Any]]:
    """Appendix 1: the Red actions by priority, in ID order."""
    groups = []
    for row in figures.priorities:
        priority = row.priority
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
                        "action": text.split(state.action.action),
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


def _key(plan: Plan, figures: PeriodFigures) -> dict[str, list[dict[str, str]]]:
    """What the lead and agency codes of Appendix 1 stand for, as plan.yaml describes them."""
    leads = sorted({code for state in figures.red_actions for code in state.action.lead})
    agencies = sorted({code for state in figures.red_actions for code in state.action.agencies})
    return {
        "leads": [
            {"code": code, "title": plan.role_title(code)}
            for code in leads
            if plan.role_title(code) != code
        ],
        "agencies": [
            {"code": code, "title": plan.agency_title(code)}
            for code in agencies
            if plan.agency_title(code) != code
        ],
    }


def _share_json(red: int, due: int) -> float | None:
    """Red as a share of due, to four places; null when nothing was due (the tables show a
    dash there): a share of nothing is not 0."""
    return round(red / due, 4) if due else None


def exception_json(plan: Plan, figures: PeriodFigures, made: dt.datetime) -> dict[str, Any]:
    """The figures as spec section 4 gives them, with the red shares and the plan named."""
    return {
        "month": figures.month,
        "as_of": figures.as_of.isoformat(),
        "plan": plan_json(plan),
        "made": made.isoformat(timespec="seconds"),
        "period": {"start": figures.period_start, "end": figures.month},
        "totals": {**figures.totals(), "red_share": _share_json(figures.red, figures.due)},
        "priorities": [
            {
                "priority": row.priority.number,
                "title": row.priority.title,
                "label": row.priority.label,
                "due": row.due,
                "red": row.red,
                "red_share": _share_json(row.red, row.due),
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
