"""The monitoring report for any run of months M1..M2 (spec section 9): context, then Markdown,
HTML or JSON.

The council's quarterly paper ("Quarter Two Monitoring report (May to September 2016)"): what
was completed in the period, what fell due and was missed, what recovered, what was re-planned
and what is Red at its end, by priority; the pace of the plan from its start (planned against
actual completions, cumulative); the movement since the period of the same length before; and
a forward look at what falls due in the next one.

Every figure comes from ``csip.figures.period`` and every sentence that carries one is made
here; the templates only lay them out.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from csip import months
from csip.figures.period import (
    MonitoringFigures,
    MonitoringPeriod,
    PriorityPeriod,
    monitoring_figures,
)
from csip.figures.rag import ActionState, RagCounts
from csip.model.domain import Plan, Priority
from csip.reports.base import Report
from csip.reports.common import meta, pace_chart, pace_json, pace_rows, pace_text, plan_json
from csip.words import (
    RAGS,
    STATUS_WORDS,
    capital,
    is_are,
    one_line,
    overdue_for,
    percent,
    plural,
    rag_word,
    signed,
    was_were,
)


class MonitoringReport(Report):
    """The monitoring report of the requested period, ``first_month`` to ``month``."""

    template = "monitoring-report"

    def _figures(self) -> MonitoringFigures:
        first, last = self.request.first_month, self.request.month
        assert first is not None and last is not None
        return monitoring_figures(self.request.snapshots, first, last)

    def figures(self) -> dict[str, Any]:
        return monitoring_json(self.plan, self._figures(), self.request.made)

    def context(self) -> dict[str, Any]:
        return monitoring_context(self.plan, self._figures(), self.request.made)


REPORT = MonitoringReport


def title_of(figures: MonitoringFigures) -> str:
    """The title, naming the financial quarter when the period is exactly one."""
    current = figures.current
    name = f"{figures.quarter.label} " if figures.quarter is not None else ""
    period = months.long_range_label(current.first, current.last)
    return f"Children's Services Improvement Plan {name}Monitoring Report \N{EN DASH} {period}"


# ---------------------------------------------------------------- JSON


def _ids(items: list[ActionState]) -> list[str]:
    return [state.id for state in items]


def _period_json(figures: MonitoringPeriod) -> dict[str, Any]:
    return {
        "period": {"start": figures.first, "end": figures.last, "months": figures.months},
        "as_of": figures.as_of.isoformat(),
        "before": figures.before.isoformat(),
        "due": _ids(figures.due),
        "completed": _ids(figures.completed),
        "missed": _ids(figures.missed),
        "red_at_end": _ids(figures.red_at_end),
        "recovered": _ids(figures.recovered),
        "replanned": _ids(figures.replanned),
        "withdrawn": _ids(figures.withdrawn),
    }


def monitoring_json(plan: Plan, figures: MonitoringFigures, made: dt.datetime) -> dict[str, Any]:
    """Spec section 9's figures, by priority too, with the period before and the one after."""
    current = figures.current
    return {
        **_period_json(current),
        "quarter": figures.quarter.name if figures.quarter is not None else None,
        "plan": {**plan_json(plan), "starts": plan.starts},
        "made": made.isoformat(timespec="seconds"),
        "pace": pace_json(figures.pace),
        "priorities": [
            {
                "priority": row.priority.number,
                "title": row.priority.title,
                "label": row.priority.label,
                "due": row.due,
                "completed": row.completed,
                "missed": row.missed,
                "red_at_end": row.red_at_end,
                "recovered": row.recovered,
                "replanned": row.replanned,
                "pace": pace_json(row.pace),
            }
            for row in figures.priorities
        ],
        "rag": {"before": figures.rag_before.as_dict(), "end": figures.rag_after.as_dict()},
        "previous": _period_json(figures.previous) if figures.previous is not None else None,
        "next": {
            "period": {"start": figures.next.first, "end": figures.next.last},
            "due": _ids(figures.next.due),
            "revised_into": _ids(figures.next.revised_into),
        },
    }


# ---------------------------------------------------------------- the papers


def monitoring_context(plan: Plan, figures: MonitoringFigures, made: dt.datetime) -> dict[str, Any]:
    """Everything the monitoring report's templates lay out, computed."""
    current = figures.current
    by_number = {priority.number: priority for priority in plan.priorities}
    period = months.long_range_label(current.first, current.last)
    short = months.range_label(current.first, current.last)
    return {
        "meta": meta(plan, title=title_of(figures), as_of=current.as_of, made=made),
        "period": period,
        "period_short": short,
        "as_at": months.date_label(current.as_of),
        "before_as_at": months.date_label(current.before),
        "end_long": months.long_label(current.last),
        "introduction": _introduction(plan, figures),
        "summary": _summary(current),
        "priorities": [_priority_row(row) for row in figures.priorities],
        "priority_total": _priority_total(figures),
        "pace_text": pace_text(plan.starts, figures.pace),
        "pace": pace_rows(figures.pace),
        "pace_chart": pace_chart(
            figures.pace,
            key="chart-pace",
            title=(
                f"The pace of the plan: actions due and completed to date, "
                f"{months.range_label(plan.starts, current.last)}"
            ),
            period=(current.first, current.last),
        ),
        "completed": [_completed_row(state, by_number) for state in current.completed],
        "missed": [_missed_row(state, by_number) for state in current.missed],
        "recovered": [_row(state, by_number) for state in current.recovered],
        "replanned": [_replanned_row(state, by_number) for state in current.replanned],
        "red_at_end": [_red_row(state, by_number) for state in current.red_at_end],
        "withdrawn": [_row(state, by_number) for state in current.withdrawn],
        "lists_text": _lists_text(current),
        "rag_rows": _rag_rows(figures.rag_before, figures.rag_after),
        "rag_total": {
            "before": figures.rag_before.active,
            "after": figures.rag_after.active,
            "change": signed(figures.rag_after.active - figures.rag_before.active),
        },
        "previous": _previous(plan, figures),
        "next": _next(plan, figures, by_number),
    }


def _introduction(plan: Plan, figures: MonitoringFigures) -> str:
    current = figures.current
    length = plural(current.months, "month")
    period = months.long_range_label(current.first, current.last)
    text = (
        f"This report covers {period} ({length}), as at {months.date_label(current.as_of)}. "
        f"The plan started in {months.long_label(plan.starts)}; every action is measured "
        "against its published due month, and a revised timeline never turns a Red action Amber."
    )
    if current.withdrawn:
        count = len(current.withdrawn)
        text += (
            f" {plural(count, 'action')} withdrawn by the end of the period "
            f"{is_are(count)} left out of every figure."
        )
    return text


def _summary(current: MonitoringPeriod) -> list[str]:
    """The period in a few sentences: due and missed, completed, Red, recovered, re-planned."""
    due, missed = len(current.due), len(current.missed)
    sentences = []
    fell = f"{plural(due, 'action')} fell due in the period"
    if not due:
        sentences.append("No action fell due in the period.")
    elif not missed:
        every = "it was" if due == 1 else "every one was"
        sentences.append(f"{fell} and {every} complete by the end of its due month.")
    elif missed == due:
        missed_all = "it was missed" if due == 1 else f"all {due} were missed"
        none = "it was not" if due == 1 else "none was"
        sentences.append(f"{fell} and {none} complete by the end of its due month: {missed_all}.")
    else:
        on_time = due - missed
        sentences.append(
            f"{fell}: {on_time} ({percent(on_time, due)}) {was_were(on_time)} complete by the "
            f"end of the month {'it was' if on_time == 1 else 'they were'} due, and {missed} "
            f"({percent(missed, due)}) {was_were(missed)} missed."
        )
    completed = len(current.completed)
    sentences.append(
        f"{plural(completed, 'action')} {was_were(completed)} completed during the period."
        if completed
        else "No action was completed during the period."
    )
    red = len(current.red_at_end)
    sentences.append(
        f"{plural(red, 'action')} {is_are(red)} Red at the end of the period."
        if red
        else "No action is Red at the end of the period."
    )
    recovered = len(current.recovered)
    if recovered:
        sentences.append(
            f"{plural(recovered, 'action')} that {was_were(recovered)} Red at its start "
            f"{'has' if recovered == 1 else 'have'} since been completed."
        )
    replanned = len(current.replanned)
    if replanned:
        sentences.append(
            f"{plural(replanned, 'action')} {was_were(replanned)} given a revised timeline "
            "during the period."
        )
    return sentences


def _lists_text(current: MonitoringPeriod) -> dict[str, str]:
    """What each list's section says when it is empty."""
    return {
        "completed": "No action was completed during the period.",
        "missed": (
            "No action fell due in the period."
            if not current.due
            else "Every action due in the period was complete by the end of its due month."
        ),
        "recovered": "No action that was Red at the start of the period has since been completed.",
        "replanned": "No revised timeline was recorded during the period.",
        "red_at_end": "No action is Red at the end of the period.",
    }


def _priority_row(row: PriorityPeriod) -> dict[str, Any]:
    pace_end = row.pace[-1]
    return {
        "label": row.priority.label,
        "number": row.priority.number,
        "due": row.due,
        "missed": row.missed,
        "completed": row.completed,
        "recovered": row.recovered,
        "replanned": row.replanned,
        "red_at_end": row.red_at_end,
        "due_to_date": pace_end.cumulative_due,
        "completed_to_date": pace_end.cumulative_completed,
    }


def _priority_total(figures: MonitoringFigures) -> dict[str, Any]:
    current = figures.current
    return {
        "due": len(current.due),
        "missed": len(current.missed),
        "completed": len(current.completed),
        "recovered": len(current.recovered),
        "replanned": len(current.replanned),
        "red_at_end": len(current.red_at_end),
        "due_to_date": figures.pace[-1].cumulative_due,
        "completed_to_date": figures.pace[-1].cumulative_completed,
    }


def _the_months(count: int, which: str = "") -> str:
    """``the month``, ``the 5 months``, ``the next month``, ``the next 5 months``."""
    words = ["the", which, "month" if count == 1 else f"{count} months"]
    return " ".join(word for word in words if word)


def per_month(count: int, length: int) -> str:
    """``an average of 26 a month``: ``count`` over ``length`` months, to the nearest whole
    (halves up); below ten, to the nearest tenth (``of 0.7 a month``), since whole numbers
    would show two different paces, 0.2 and 0.4 a month, as the same 0."""
    tenths = (count * 20 + length) // (length * 2)
    if tenths < 100 and tenths % 10:
        return f"an average of {tenths // 10}.{tenths % 10} a month"
    return f"an average of {(count * 2 + length) // (length * 2)} a month"


def _rag_rows(before: RagCounts, after: RagCounts) -> list[dict[str, Any]]:
    return [
        {
            "rag": rag,
            "word": rag_word(rag),
            "before": getattr(before, rag),
            "after": getattr(after, rag),
            "change": signed(getattr(after, rag) - getattr(before, rag)),
        }
        for rag in RAGS
    ]


_MEASURES = (
    ("due", "Actions due"),
    ("missed", "Missed (not complete at the end of the due month)"),
    ("completed", "Completed"),
    ("recovered", "Recovered (Red at the start, Green at the end)"),
    ("replanned", "Re-planned (a revised timeline recorded)"),
    ("red_at_end", "Red at the end of the period"),
)


def _previous(plan: Plan, figures: MonitoringFigures) -> dict[str, Any]:
    """The movement since the period of the same length before this one."""
    current, previous = figures.current, figures.previous
    count = current.months
    if previous is None:
        before_first = months.shift(current.first, -count)
        before_last = months.shift(current.first, -1)
        return {
            "exists": False,
            "text": (
                f"{capital(_the_months(count))} before this period "
                f"({months.long_range_label(before_first, before_last)}) "
                f"{'ends' if count == 1 else 'end'} before the plan started in "
                f"{months.long_label(plan.starts)}: there is no earlier period to compare with."
            ),
        }
    label = months.long_range_label(previous.first, previous.last)
    rows = []
    for attribute, name in _MEASURES:
        then, now = len(getattr(previous, attribute)), len(getattr(current, attribute))
        rows.append({"name": name, "previous": then, "current": now, "change": signed(now - then)})
    red_then, red_now = len(previous.red_at_end), len(current.red_at_end)
    if red_now < red_then:
        red = f"fewer actions are Red ({red_now}, against {red_then})"
    elif red_now > red_then:
        red = f"more actions are Red ({red_now}, against {red_then})"
    else:
        red = f"as many actions are Red ({red_now})"
    done_then, done_now = len(previous.completed), len(current.completed)
    return {
        "exists": True,
        "label": label,
        "short": months.range_label(previous.first, previous.last),
        "text": (
            f"Against {_the_months(previous.months)} before, {label}: "
            f"{plural(done_now, 'action')} {was_were(done_now)} completed, against {done_then}, "
            f"and at the end of the period {red}."
        ),
        "rows": rows,
    }


def _next(plan: Plan, figures: MonitoringFigures, by_number: dict[int, Priority]) -> dict[str, Any]:
    """The forward look: what falls due in the next period of the same length."""
    look, current = figures.next, figures.current
    label = months.long_range_label(look.first, look.last)
    count, length = len(look.due), current.months
    if not count:
        sentences = [f"No action falls due in {_the_months(length, 'next')}, {label}."]
    else:
        sentences = [
            f"In {_the_months(length, 'next')}, {label}, {plural(count, 'action')} "
            f"{'falls' if count == 1 else 'fall'} due, against {len(current.due)} in this period."
        ]
        if length > 1:
            sentences.append(
                f"That is {per_month(count, length)} due, against "
                f"{per_month(len(current.completed), length)} completed in this period."
            )
        done = sum(1 for state in look.due if state.rag == "green")
        if done:
            sentences.append(
                f"{done} of them {is_are(done)} already complete."
                if done < count
                else "Every one of them is already complete."
            )
    revised = len(look.revised_into)
    if revised:
        sentences.append(
            f"{'One more action' if revised == 1 else f'{revised} more actions'}, due earlier "
            f"and not complete, {'has' if revised == 1 else 'have'} a revised timeline in the "
            f"next period; {'it stays' if revised == 1 else 'they stay'} Red until complete."
        )
    counts = {priority.number: 0 for priority in plan.priorities}
    for state in look.due:
        counts[state.priority] += 1
    return {
        "label": label,
        "short": months.range_label(look.first, look.last),
        "text": " ".join(sentences),
        "priorities": [
            {"label": priority.label, "due": counts[priority.number]}
            for priority in plan.priorities
        ],
        "due": [_next_row(state, by_number) for state in look.due],
        "revised_into": [_replanned_row(state, by_number) for state in look.revised_into],
    }


# ---------------------------------------------------------------- rows of the action tables


def _row(state: ActionState, by_number: dict[int, Priority]) -> dict[str, Any]:
    return {
        "id": state.id,
        "priority": by_number[state.priority].label,
        "action": one_line(state.action.action),
        "due": months.label(state.due),
        "lead": ", ".join(state.action.lead),
        "rag": state.rag,
        "rag_word": rag_word(state.rag),
    }


def _completed_row(state: ActionState, by_number: dict[int, Priority]) -> dict[str, Any]:
    row = _row(state, by_number)
    assert state.completed_on is not None
    row["completed_on"] = months.date_label(state.completed_on)
    row["timeliness"] = (
        "within timescale" if state.completed_on <= months.last_day(state.due) else "late"
    )
    return row


def _missed_row(state: ActionState, by_number: dict[int, Priority]) -> dict[str, Any]:
    row = _row(state, by_number)
    if state.completed_on is not None:
        row["now"] = f"completed late, {months.date_label(state.completed_on)}"
    else:
        row["now"] = f"not complete ({_status(state)})"
    return row


def _replanned_row(state: ActionState, by_number: dict[int, Priority]) -> dict[str, Any]:
    row = _row(state, by_number)
    row["revised"] = months.label(state.revised_due) if state.revised_due else "none"
    return row


def _red_row(state: ActionState, by_number: dict[int, Priority]) -> dict[str, Any]:
    row = _row(state, by_number)
    row["overdue"] = overdue_for(state.months_overdue)
    row["revised"] = months.label(state.revised_due) if state.revised_due else None
    row["note"] = one_line(state.note) if state.note else "No note recorded."
    row["has_note"] = state.note is not None
    return row


def _next_row(state: ActionState, by_number: dict[int, Priority]) -> dict[str, Any]:
    row = _row(state, by_number)
    row["status"] = _status(state)
    return row


def _status(state: ActionState) -> str:
    return STATUS_WORDS[state.status]
