"""The committee's progress summary for month M, as Markdown or HTML.

It writes the exception report's figures as the committee report's paragraphs do (the seed's
3.2.5 to 3.2.7), then shows what changed during M by comparing every action's state at the end
of the month before with its state at the end of M: the actions newly Red, those completed, those
re-planned (a revised due month recorded during M) and those withdrawn; and the pace of the plan
from its start, planned against actual completions. Every figure and every sentence that
carries one is made here; the templates only lay them out.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from csip import months
from csip.figures.period import pace
from csip.figures.rag import ActionState
from csip.figures.snapshot import PeriodFigures, Snapshot, pairs
from csip.model.domain import Plan, Priority
from csip.reports.base import Report
from csip.reports.common import meta, pace_chart, pace_rows, pace_text, plan_json
from csip.words import RAGS, join_words, one_line, percent, plural, rag_word, signed


class ProgressReport(Report):
    """The progress summary for the requested month, with what changed since the month before."""

    template = "progress-report"

    def _snapshots(self) -> tuple[Snapshot, Snapshot]:
        month = self.request.month
        assert month is not None
        return self.request.snapshots.month_end(months.shift(month, -1)), self.request.month_end()

    def figures(self) -> dict[str, Any]:
        before, after = self._snapshots()
        figures = after.period
        changes = _changes(before, after)
        return {
            "month": figures.month,
            "as_of": figures.as_of.isoformat(),
            "previous_as_of": before.as_of.isoformat(),
            "plan": plan_json(self.plan),
            "made": self.request.made.isoformat(timespec="seconds"),
            "period": {"start": figures.period_start, "end": figures.month},
            "totals": figures.totals(),
            "rag": {"before": before.totals.as_dict(), "after": after.totals.as_dict()},
            "changes": {key: [row["id"] for row in rows] for key, rows in changes.items()},
        }

    def context(self) -> dict[str, Any]:
        before, after = self._snapshots()
        return progress_context(self.plan, before, after, self.request.made)


REPORT = ProgressReport


def title_of(month: str) -> str:
    month_long = months.long_label(month)
    return f"Children's Services Improvement Plan Progress Summary \N{EN DASH} {month_long}"


def progress_context(
    plan: Plan, before: Snapshot, after: Snapshot, made: dt.datetime
) -> dict[str, Any]:
    """Everything the progress summary's templates lay out, computed."""
    figures = after.period
    month = figures.month
    previous_month = months.month_of(before.as_of)
    by_number = {priority.number: priority for priority in plan.priorities}
    changes = _changes(before, after)
    counts_before, counts_after = before.totals, after.totals
    points = pace(plan.starts, month, after.states)
    return {
        "meta": meta(plan, title=title_of(month), as_of=figures.as_of, made=made),
        "month": month,
        "month_long": months.long_label(month),
        "previous_long": months.long_label(previous_month),
        "previous_as_at": months.date_label(months.last_day(previous_month)),
        "as_at": months.date_label(figures.as_of),
        "summary": _summary(figures, by_number),
        "rag_rows": [
            {
                "rag": rag,
                "word": rag_word(rag),
                "before": getattr(counts_before, rag),
                "after": getattr(counts_after, rag),
                "change": signed(getattr(counts_after, rag) - getattr(counts_before, rag)),
            }
            for rag in RAGS
        ],
        "rag_total": {
            "before": counts_before.active,
            "after": counts_after.active,
            "change": signed(counts_after.active - counts_before.active),
        },
        "changes_text": _changes_text(changes, month, previous_month),
        "pace_text": pace_text(plan.starts, points),
        "pace": pace_rows(points),
        "pace_chart": pace_chart(
            points,
            key="chart-pace",
            title=(
                "The pace of the plan: actions due and completed to date, "
                f"{months.range_label(plan.starts, month)}"
            ),
        ),
        "changes": changes,
    }


def _summary(figures: PeriodFigures, by_number: dict[int, Priority]) -> list[str]:
    """The committee's paragraphs (3.2.5 to 3.2.7), each a string."""
    first_month, last_month = (
        months.long_label(figures.period_start),
        months.long_label(figures.month),
    )
    period = f"{first_month} to the end of {last_month}"
    first = (
        f"For the period {period} there was a total of {plural(figures.due, 'action')} that "
        "needed to be started or completed."
    )
    if figures.due_later:
        first += (
            f" An additional {plural(figures.due_later, 'action')} due to be progressed, but "
            f"not completed until after the reporting period, "
            f"{'was' if figures.due_later == 1 else 'were'} not included in the report analysis."
        )
    if figures.not_started:
        first += (
            f" A further {plural(figures.not_started, 'action')} "
            f"{'was' if figures.not_started == 1 else 'were'} not planned to start until after "
            f"{months.long_label(figures.month)}."
        )
    if figures.withdrawn:
        first += (
            f" {plural(figures.withdrawn, 'action')} "
            "had been withdrawn and "
            f"{'was' if figures.withdrawn == 1 else 'were'} not counted."
        )
    paragraphs = [first]
    if not figures.red:
        paragraphs.append(
            f"All {plural(figures.due, 'action')} due in the period had been completed within "
            "the published timescale: none was RAG rated Red."
        )
        return paragraphs
    second = (
        f"{figures.red} {'action' if figures.red == 1 else 'actions'} out of the {figures.due} "
        f"({percent(figures.red, figures.due)}) had not progressed within the published "
        f"timescale and {'was' if figures.red == 1 else 'were'} RAG rated Red."
    )
    leaders = figures.most_red
    if leaders:
        named = join_words(
            [f"{row.priority.label} ({plural(row.red, 'action')})" for row in leaders]
        )
        if len(leaders) == 1:
            second += f" The priority with the highest number of outstanding actions was {named}."
        else:
            second += (
                f" The priorities with the highest number of outstanding actions were {named}."
            )
    paragraphs.append(second)
    third = []
    recent = [months.shift(figures.month, -1), figures.month]
    recent_months = [due for due in recent if figures.red_by_due_month.get(due)]
    recent_total = sum(figures.red_by_due_month.get(due, 0) for due in recent)
    if recent_months:
        when = " or ".join(months.long_label(due) for due in recent_months)
        if recent_total * 2 > figures.red:
            third.append(
                f"The majority of the outstanding actions were due to be completed in {when} "
                f"({plural(recent_total, 'action')})."
            )
        else:
            third.append(
                f"{plural(recent_total, 'outstanding action')} "
                f"{'was' if recent_total == 1 else 'were'} due to be completed in {when}."
            )
    oldest = figures.oldest
    if oldest:
        numbers = sorted({state.priority for state in oldest})
        where = join_words([by_number[number].label for number in numbers])
        ids = join_words([state.id for state in oldest])
        if len(oldest) == 1:
            third.append(
                f"The oldest action ({ids}) was from {where} and should have been completed "
                f"in {months.long_label(oldest[0].due)}."
            )
        else:
            third.append(
                f"The oldest actions ({ids}) were from {where} and should have been "
                f"completed in {months.long_label(oldest[0].due)}."
            )
    if third:
        paragraphs.append(" ".join(third))
    return paragraphs


def _row(state: ActionState, by_number: dict[int, Priority]) -> dict[str, Any]:
    return {
        "id": state.id,
        "priority": by_number[state.priority].label,
        "action": one_line(state.action.action),
        "due": months.label(state.due),
        "lead": ", ".join(state.action.lead),
        "note": one_line(state.note) if state.note else "",
    }


def _changes(before: Snapshot, after: Snapshot) -> dict[str, list[dict[str, Any]]]:
    """What changed during the month, action by action, in ID order."""
    by_number = {priority.number: priority for priority in after.plan.priorities}
    newly_red = []
    completed = []
    replanned = []
    withdrawn = []
    for old, new in pairs(before, after):
        if new.rag == "red" and old.rag != "red":
            row = _row(new, by_number)
            row["why"] = (
                "reopened" if old.rag == "green" else f"due {months.label(new.due)}, not complete"
            )
            row["status"] = new.status.replace("-", " ")
            newly_red.append(row)
        if new.rag == "green" and old.rag != "green":
            row = _row(new, by_number)
            assert new.completed_on is not None
            on_time = new.completed_on <= months.last_day(new.due)
            row["completed_on"] = months.date_label(new.completed_on)
            row["timeliness"] = "within timescale" if on_time else "late"
            row["was"] = rag_word(old.rag)
            row["was_rag"] = old.rag
            completed.append(row)
        if (
            new.rag != "withdrawn"
            and new.revised_due is not None
            and new.revised_due != old.revised_due
        ):
            row = _row(new, by_number)
            row["previous"] = months.label(old.revised_due) if old.revised_due else "none"
            row["revised"] = months.label(new.revised_due)
            row["rag"] = new.rag
            row["rag_word"] = rag_word(new.rag)
            replanned.append(row)
        if new.rag == "withdrawn" and old.rag != "withdrawn":
            row = _row(new, by_number)
            row["was"] = rag_word(old.rag)
            row["was_rag"] = old.rag
            withdrawn.append(row)
    return {
        "newly_red": newly_red,
        "completed": completed,
        "replanned": replanned,
        "withdrawn": withdrawn,
    }


def _changes_text(changes: dict[str, list[dict[str, Any]]], month: str, previous: str) -> str:
    """One sentence that counts the month's changes."""
    completed = changes["completed"]
    were_red = sum(1 for row in completed if row["was_rag"] == "red")
    parts = [
        f"{plural(len(changes['newly_red']), 'action')} became Red",
        f"{plural(len(completed), 'action')} "
        + (f"{'was' if len(completed) == 1 else 'were'} completed")
        + _were_red(were_red, len(completed), previous),
        f"{plural(len(changes['replanned']), 'action')} "
        f"{'was' if len(changes['replanned']) == 1 else 'were'} re-planned "
        "with a revised timeline",
    ]
    if changes["withdrawn"]:
        parts.append(
            f"{plural(len(changes['withdrawn']), 'action')} "
            f"{'was' if len(changes['withdrawn']) == 1 else 'were'} withdrawn"
        )
    return f"During {months.long_label(month)}, {join_words(parts)}."


def _were_red(were_red: int, completed: int, previous: str) -> str:
    if not were_red:
        return ""
    if completed == 1:
        return f" (it was Red at the end of {months.long_label(previous)})"
    return f" ({were_red} of them Red at the end of {months.long_label(previous)})"
