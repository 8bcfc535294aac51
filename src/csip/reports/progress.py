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

from csip import months, text
from csip.figures.period import pace
from csip.figures.rag import ActionState
from csip.figures.snapshot import PeriodFigures, PriorityFigures, Snapshot, pairs
from csip.model.domain import Plan, Priority
from csip.reports.base import Report
from csip.reports.common import (
    NAMES_INLINE,
    meta,
    pace_chart,
    pace_json,
    pace_rows,
    pace_text,
    plan_json,
    priorities_phrase,
)
from csip.words import (
    RAGS,
    join_words,
    number_word,
    percent,
    plural,
    rag_word,
    signed,
    was_were,
)


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
            "pace": pace_json(pace(self.plan.starts, figures.month, after.states)),
        }

    def context(self) -> dict[str, Any]:
        before, after = self._snapshots()
        return progress_context(self.plan, before, after, self.request.made)


REPORT = ProgressReport


def title_of(month: str) -> str:
    month_long = months.long_label(month)
    return f"Children's Services Improvement Plan Progress Summary \N{EN DASH} {month_long}"


def progress_context(
    plan: Plan,
    before: Snapshot,
    after: Snapshot,
    made: dt.datetime,
) -> dict[str, Any]:
    """Everything the progress summary's templates lay out, computed."""
    figures = after.period
    month = figures.month
    previous_month = months.month_of(before.as_of)
    scope = [row.priority for row in figures.priorities]
    changes = _changes(before, after)
    counts_before, counts_after = before.totals, after.totals
    points = pace(plan.starts, month, after.states)
    heading = meta(plan, title=title_of(month), as_of=figures.as_of, made=made, month=month)
    commentary = heading["paper"]["priorities"]
    return {
        "meta": heading,
        "commentary": [
            {
                "label": priority.label,
                "number": priority.number,
                "text": commentary[priority.number],
            }
            for priority in scope
            if priority.number in commentary
        ],
        "month": month,
        "month_long": months.long_label(month),
        "previous_long": months.long_label(previous_month),
        "previous_as_at": months.date_label(months.last_day(previous_month)),
        "as_at": months.date_label(figures.as_of),
        "summary": _summary(figures, scope),
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


def _summary(figures: PeriodFigures, scope: list[Priority]) -> list[str]:
    """The committee's paragraphs (3.2.5 to 3.2.7), each a string."""
    first_month, last_month = (
        months.long_label(figures.period_start),
        months.long_label(figures.month),
    )
    if figures.period_start == figures.month:
        opening = f"For {last_month}"
    else:
        opening = f"For the period {first_month} to the end of {last_month}"
    due = figures.due
    if due == 0:
        first = f"{opening} no action needed to be started or completed."
    elif due == 1:
        first = f"{opening} there was 1 action that needed to be started or completed."
    else:
        first = (
            f"{opening} there was a total of {due} actions that needed to be started or completed."
        )
    later = figures.due_later
    if later:
        additional = "One further action" if later == 1 else f"An additional {later} actions"
        first += (
            f" {additional} due to be progressed, but not completed until after the reporting "
            f"period, {was_were(later)} not included in the report analysis."
        )
    if figures.not_started:
        further = (
            "A further action"
            if figures.not_started == 1
            else f"A further {figures.not_started} actions"
        )
        first += (
            f" {further} {was_were(figures.not_started)} not planned to start until after "
            f"{last_month}."
        )
    if figures.withdrawn:
        withdrawn = "One action" if figures.withdrawn == 1 else f"{figures.withdrawn} actions"
        first += f" {withdrawn} had been withdrawn and {was_were(figures.withdrawn)} not counted."
    paragraphs = [first]
    red = figures.red
    if due == 0:
        return paragraphs
    if not red:
        paragraphs.append(
            {
                1: "The action due in the period had been completed within the published "
                "timescale: it was not RAG rated Red.",
                2: "Both actions due in the period had been completed within the published "
                "timescale: neither was RAG rated Red.",
            }.get(
                due,
                f"All {due} actions due in the period had been completed within the published "
                "timescale: none was RAG rated Red.",
            )
        )
        return paragraphs
    if red == due:
        second = {
            1: "The action due had not progressed within the published timescale and was RAG "
            "rated Red.",
            2: "Neither action due had progressed within the published timescale: both were "
            "RAG rated Red.",
        }.get(
            due,
            "None of the actions due had progressed within the published timescale: all were "
            "RAG rated Red.",
        )
    else:
        counted = "One action" if red == 1 else f"{red} actions"
        second = (
            f"{counted} out of the {due} ({percent(red, due)}) had not progressed within the "
            f"published timescale and {was_were(red)} RAG rated Red."
        )
    second += _leaders_sentence(figures, scope)
    paragraphs.append(second)
    third = [_when_due(figures)]
    oldest = figures.oldest
    if oldest and len(figures.red_by_due_month) > 1:
        where = priorities_phrase(
            [p for p in scope if p.number in {state.priority for state in oldest}], scope
        )
        due_label = months.long_label(oldest[0].due)
        if len(oldest) == 1:
            third.append(
                f"The oldest action ({oldest[0].id}) was from {where} and should have been "
                f"completed in {due_label}."
            )
        elif len(oldest) <= NAMES_INLINE:
            ids = join_words([state.id for state in oldest])
            third.append(
                f"The oldest actions ({ids}) were from {where} and should have been completed "
                f"in {due_label}."
            )
        else:
            third.append(
                f"The {number_word(len(oldest))} oldest actions were from {where} and should "
                f"have been completed in {due_label}."
            )
    paragraphs.append(" ".join(third))
    return paragraphs


def _leaders_sentence(figures: PeriodFigures, scope: list[Priority]) -> str:
    """Which priorities had the most outstanding actions, with a space before it; or nothing."""
    with_red = [row for row in figures.priorities if row.red]
    if len(with_red) == 1:
        label = with_red[0].priority.label
        if figures.red == 1:
            return f" The outstanding action was in {label}."
        if figures.red == 2:
            return f" Both outstanding actions were in {label}."
        return f" All the outstanding actions were in {label}."
    leaders = figures.most_red
    if leaders[0].red == 1:
        return " No priority had more than one outstanding action."
    groups: dict[int, list[PriorityFigures]] = {}
    for row in leaders:
        groups.setdefault(row.red, []).append(row)
    phrases = []
    for count, rows in groups.items():
        if len(rows) == 1:
            phrases.append(f"{rows[0].priority.label} ({plural(count, 'action')})")
        else:
            names = priorities_phrase([row.priority for row in rows], scope)
            phrases.append(f"{names} ({plural(count, 'action')} each)")
    if len(leaders) == 1:
        return f" The priority with the highest number of outstanding actions was {phrases[0]}."
    subject = "priority" if len(groups[leaders[0].red]) == 1 else "priorities"
    named = phrases[0] if len(phrases) == 1 else f"{phrases[0]}, followed by {phrases[1]}"
    verb = "was" if subject == "priority" else "were"
    return f" The {subject} with the highest number of outstanding actions {verb} {named}."


def _when_due(figures: PeriodFigures) -> str:
    """When the outstanding actions were due: in the last two months of the period when they
    hold most of them, else the span of months they were due in."""
    red = figures.red
    recent = [
        due
        for due in (months.shift(figures.month, -1), figures.month)
        if figures.red_by_due_month.get(due)
    ]
    recent_total = sum(figures.red_by_due_month[due] for due in recent)
    all_of = {1: "It was", 2: "Both were"}.get(red, "All the outstanding actions were")
    if recent_total * 2 > red:
        when = " or ".join(months.long_label(due) for due in recent)
        if recent_total == red:
            return f"{all_of} due to be completed in {when}."
        return (
            f"The majority of the outstanding actions were due to be completed in {when} "
            f"({plural(recent_total, 'action')})."
        )
    due_months = list(figures.red_by_due_month)
    if len(due_months) == 1:
        return f"{all_of} due to be completed in {months.long_label(due_months[0])}."
    return (
        f"The outstanding actions were due to be completed between "
        f"{months.long_label(due_months[0])} and {months.long_label(due_months[-1])}."
    )


def _row(state: ActionState, by_number: dict[int, Priority]) -> dict[str, Any]:
    return {
        "id": state.id,
        "priority": by_number[state.priority].label,
        "action": text.split(state.action.action),
        "due": months.label(state.due),
        "lead": ", ".join(state.action.lead),
        "note": text.split(state.note) if state.note else None,
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
    """One sentence that counts the month's changes, and says what did not happen."""
    completed = changes["completed"]
    were_red = sum(1 for row in completed if row["was_rag"] == "red")
    kinds = [
        (len(changes["newly_red"]), "became Red", "became Red", ""),
        (
            len(completed),
            "was completed",
            "were completed",
            _were_red(were_red, len(completed), previous),
        ),
        (
            len(changes["replanned"]),
            "was re-planned with a revised timeline",
            "were re-planned with a revised timeline",
            "",
        ),
    ]
    if changes["withdrawn"]:
        kinds.append((len(changes["withdrawn"]), "was withdrawn", "were withdrawn", ""))
    happened = [
        f"{plural(count, 'action')} {one if count == 1 else many}{aside}"
        for count, one, many, aside in kinds
        if count
    ]
    not_happened = [one for count, one, _, _ in kinds if not count]
    during = f"During {months.long_label(month)}"
    if not happened:
        return f"{during}, no action {join_words(not_happened, 'or')}."
    if not not_happened:
        return f"{during}, {join_words(happened)}."
    return f"{during}, {join_words(happened)}; no action {join_words(not_happened, 'or')}."


def _were_red(were_red: int, completed: int, previous: str) -> str:
    if not were_red:
        return ""
    end = f"the end of {months.long_label(previous)}"
    if completed == 1:
        return f" (it was Red at {end})"
    if were_red == completed:
        return f" ({'both' if completed == 2 else 'all of them'} Red at {end})"
    return f" ({were_red} of them Red at {end})"
