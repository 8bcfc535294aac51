"""The board pack (spec section 7): what the chair of a board meeting reads before it, as
Markdown, HTML or JSON.

For a meeting on D reviewing some priorities, as of D, per priority: the Red actions with their
current note, revised timeline and the tasks agreed for them; what is due this month and next;
what is complete and awaits verification, with the evidence offered; what is evidenced and
awaits the test of embedding; every open task with its owner and due date, overdue ones first;
and what moved since the board last reviewed these priorities. It is short enough to print and
read in ten minutes: action texts are cut to a line, notes and evidence are given in full.

Every figure and sentence is made here from ``figures.board``; templates only lay them out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from csip import months
from csip.figures.assurance import deciding_review
from csip.figures.board import AgreedTask, BoardPack, board_pack, changes_from, evidence_offered
from csip.figures.board import last_meeting as last_meeting_of
from csip.figures.rag import ActionState
from csip.model.domain import Meeting, MeetingReview, Plan, Priority
from csip.model.files import id_key
from csip.model.papers import Paper
from csip.reports.base import Report
from csip.reports.changes import change_record, change_row
from csip.reports.common import meta, plan_json
from csip.words import (
    ASSURANCE_DEFINITIONS,
    OUTCOME_WORDS,
    STATUS_WORDS,
    clipped,
    join_words,
    one_line,
    plural,
    rag_meanings,
    rag_word,
)

ACTION_WIDTH = 110
"""How much of an action's text the pack repeats: the board knows its actions by a line."""


class BoardPackReport(Report):
    """The pack for a board meeting on the requested day reviewing ``options["priorities"]``."""

    template = "board-pack"

    def _pack(self) -> BoardPack:
        priorities: Sequence[int] = self.request.options["priorities"]
        day = self.request.day
        start = changes_from(self.plan, priorities, day)
        snapshots = self.request.snapshots
        return board_pack(
            self.plan,
            priorities,
            day,
            list(snapshots.at(day).states),
            list(snapshots.at(start).states),
        )

    def figures(self) -> dict[str, Any]:
        return board_pack_json(self.plan, self._pack(), self.request.made)

    def context(self) -> dict[str, Any]:
        return board_pack_context(self.plan, self._pack(), self.request.made)


REPORT = BoardPackReport


def board_pack_json(plan: Plan, pack: BoardPack, made: dt.datetime) -> dict[str, Any]:
    """The pack's figures as spec section 7 gives them, with the plan named."""
    return {
        "date": pack.date.isoformat(),
        "priorities": [priority.number for priority in pack.priorities],
        "since": pack.since.isoformat() if pack.since is not None else None,
        "changes_from": pack.changes_from.isoformat(),
        "plan": plan_json(plan),
        "made": made.isoformat(timespec="seconds"),
        "to_verify": [state.id for state in pack.to_verify],
        "to_test": [state.id for state in pack.to_test],
        "red": [state.id for state in pack.red],
        "due_soon": [state.id for state in pack.due_soon],
        "tasks": [
            {
                "meeting": task.meeting.date.isoformat(),
                "board": task.meeting.board,
                "action": task.action,
                "task": task.task.task,
                "owner": task.task.owner,
                "due": task.task.due.isoformat(),
                "overdue": task.overdue,
            }
            for task in pack.open_tasks
        ],
        "changes": [change_record(change) for change in pack.changes],
    }


def title_of(pack: BoardPack) -> str:
    """``Board pack \N{EN DASH} Priorities 7 and 9 \N{EN DASH} 7 February 2017``."""
    numbers = [str(priority.number) for priority in pack.priorities]
    which = f"Priorit{'y' if len(numbers) == 1 else 'ies'} {join_words(numbers)}"
    return f"Board pack \N{EN DASH} {which} \N{EN DASH} {months.date_label(pack.date)}"


def _priorities_words(priorities: Sequence[Priority]) -> str:
    return join_words([priority.label for priority in priorities])


def _meeting_words(meeting: Meeting) -> str:
    """``the Adoption Improvement Team Board of 7 February 2017``."""
    return f"the {meeting.board} of {months.date_label(meeting.date)}"


def _paper(plan: Plan, pack: BoardPack) -> Paper:
    """The pack's paper: for the meeting's date and the board that meets, the plan's officers.

    The board is the one the plan records meeting that day on these priorities, else the one
    that last reviewed them; never the board the plan's other papers go to, which does not
    hold this meeting. Unknown (no meeting of these priorities yet), it is left out."""
    meeting = pack.on_the_day[0] if pack.on_the_day else pack.last
    defaults = Paper.of(None, plan.header.paper, None)
    board = meeting.board if meeting is not None else None
    return defaults._replace(board=board, date=pack.date)


def board_pack_context(plan: Plan, pack: BoardPack, made: dt.datetime) -> dict[str, Any]:
    """Everything the board pack's templates lay out, computed."""
    groups = [_group(plan, pack, priority) for priority in pack.priorities]
    if pack.last is not None:
        last = (
            f"These priorities were last reviewed at {_meeting_words(pack.last)}; "
            f"what moved is counted from that date."
        )
    else:
        last = (
            "No board has reviewed these priorities before; what moved is counted from the "
            f"start of the plan ({months.date_label(months.first_day(plan.starts))})."
        )
    if pack.on_the_day:
        recorded = join_words([_meeting_words(meeting) for meeting in pack.on_the_day])
        last += f" The plan already records {recorded}: its reviews and tasks are counted here."
    open_tasks = pack.open_tasks
    overdue = sum(1 for task in open_tasks if task.overdue)
    return {
        "meta": meta(
            plan, title=title_of(pack), as_of=pack.date, made=made, paper=_paper(plan, pack)
        ),
        "date": months.date_label(pack.date),
        "reviewing": _priorities_words(pack.priorities),
        "last": last,
        "summary": _summary(pack, len(open_tasks), overdue),
        "rows": [group["counts"] for group in groups],
        "totals": {
            "red": len(pack.red),
            "due_soon": len(pack.due_soon),
            "to_verify": len(pack.to_verify),
            "to_test": len(pack.to_test),
            "tasks": len(open_tasks),
            "overdue": overdue,
            "moved": len(pack.changes),
        },
        "soon": _soon_words(pack.date),
        "soon_short": _soon_short(pack.date),
        "since_label": months.date_label(pack.changes_from),
        "new_since": (
            f"the last review on {months.date_label(pack.since)}"
            if pack.since is not None
            else "the start of the plan"
        ),
        "groups": groups,
        "rag_definitions": [
            {"rag": rag, "word": rag_word(rag), "meaning": meaning}
            for rag, meaning in rag_meanings(plan.green_requires).items()
            if rag != "withdrawn"
        ],
        "assurance_definitions": [
            {"assurance": assurance, "meaning": meaning}
            for assurance, meaning in ASSURANCE_DEFINITIONS.items()
        ],
    }


def _soon_short(day: dt.date) -> str:
    """``Feb - Mar 17``: the date's month and the next, as a table heads them."""
    return months.range_label(months.month_of(day), months.shift(months.month_of(day), 1))


def _soon_words(day: dt.date) -> str:
    """``February and March 2017``: the date's month and the next."""
    this, following = months.month_of(day), months.shift(months.month_of(day), 1)
    if this[:4] == following[:4]:
        return f"{months.long_label(this).split()[0]} and {months.long_label(following)}"
    return f"{months.long_label(this)} and {months.long_label(following)}"


def _summary(pack: BoardPack, tasks: int, overdue: int) -> str:
    """The pack in one sentence."""
    parts = [
        f"{plural(len(pack.red), 'Red action')}",
        f"{plural(len(pack.due_soon), 'action')} due in {_soon_words(pack.date)}",
        f"{plural(len(pack.to_verify), 'completed action')} awaiting verification",
        f"{plural(len(pack.to_test), 'evidenced action')} awaiting the test of embedding",
        f"{plural(tasks, 'open task')}" + (f" ({overdue} overdue)" if overdue else ""),
    ]
    moved = plural(len(pack.changes), "action")
    since = months.date_label(pack.changes_from)
    return (
        f"As at {months.date_label(pack.date)} these priorities have {join_words(parts)}; "
        f"{moved} moved since {since}."
    )


def _group(plan: Plan, pack: BoardPack, priority: Priority) -> dict[str, Any]:
    """One priority's part of the pack."""
    number = priority.number

    def mine(items: list[ActionState]) -> list[ActionState]:
        return [state for state in items if state.priority == number]

    red, soon = mine(pack.red), mine(pack.due_soon)
    to_verify, to_test = mine(pack.to_verify), mine(pack.to_test)
    tasks = [task for task in pack.tasks if id_key(task.action)[0] == number]
    open_tasks = [task for task in tasks if task.open]
    # Overdue first; within each, oldest meeting first, then as written.
    open_tasks.sort(key=lambda task: not task.overdue)
    changes = [change for change in pack.changes if change.priority == number]
    last = last_meeting_of(plan, (number,), pack.date)
    verify_rows = [_verify_row(plan, pack, state) for state in to_verify]
    return {
        "label": priority.label,
        "number": number,
        "last": (
            f"Last reviewed at {_meeting_words(last)}."
            if last is not None
            else "Not reviewed at a board before."
        ),
        "counts": {
            "label": priority.label,
            "number": number,
            "red": len(red),
            "due_soon": len(soon),
            "to_verify": len(to_verify),
            "to_test": len(to_test),
            "tasks": len(open_tasks),
            "overdue": sum(1 for task in open_tasks if task.overdue),
            "moved": len(changes),
        },
        "red": _red_rows(plan, pack.date, red, tasks),
        "due_soon": [_soon_row(state) for state in soon],
        "to_verify": verify_rows,
        "any_new": any(row["new"] for row in verify_rows),
        "to_test": [_test_row(plan, pack, state) for state in to_test],
        "tasks": [_task_row(task) for task in open_tasks],
        "changes": [change_row(change) for change in changes],
    }


def _lead(state: ActionState) -> str:
    return ", ".join(state.action.lead)


def _red_rows(
    plan: Plan, day: dt.date, states: list[ActionState], tasks: list[AgreedTask]
) -> list[dict[str, Any]]:
    """The Red actions with their facts, note, the board's last word and the tasks agreed; a
    note already given is not repeated."""
    rows = []
    first_with: dict[str, str] = {}
    for state in states:
        due = f"Due {months.label(state.due)}"
        if state.months_overdue:
            due += f", {plural(state.months_overdue, 'month')} overdue"
        revised = "no revised timeline"
        if state.replanned and state.revised_due is not None:
            revised = f"revised timeline {months.label(state.revised_due)}"
        note = one_line(state.note) if state.note is not None else None
        if note is None:
            shown = "No note recorded."
        elif note in first_with:
            shown = f"As for {first_with[note]}."
        else:
            shown = note
            first_with[note] = state.id
        rows.append(
            {
                "id": state.id,
                "action": clipped(state.action.action, ACTION_WIDTH),
                "facts": f"{due}; {STATUS_WORDS[state.status]}; {revised}; lead {_lead(state)}.",
                "note": shown,
                "has_note": note is not None,
                "reviewed": _last_review_words(plan, state.id, day),
                "tasks": [_task_row(task) for task in tasks if task.action == state.id],
            }
        )
    return rows


def _last_review_words(plan: Plan, action_id: str, day: dt.date) -> str | None:
    """``At the board of 14 Feb 2017 (remedial activity agreed): its note``, or None if never."""
    reviewed = [item for item in plan.reviews_of(action_id) if item.date <= day]
    if not reviewed:
        return None
    last = reviewed[-1]
    said = f": {one_line(last.review.note)}" if last.review.note else ""
    when = months.short_date_label(last.date)
    return _sentence(f"At the board of {when} ({OUTCOME_WORDS[last.review.outcome]}){said}")


def _soon_row(state: ActionState) -> dict[str, Any]:
    return {
        "id": state.id,
        "action": clipped(state.action.action, ACTION_WIDTH),
        "due": months.label(state.due),
        "rag": state.rag,
        "rag_word": rag_word(state.rag),
        "status": STATUS_WORDS[state.status],
        "lead": _lead(state),
    }


def _deciding(plan: Plan, pack: BoardPack, state: ActionState) -> MeetingReview:
    """The review that gave a complete action its assurance (there is one unless unverified)."""
    assert state.completed_on is not None
    deciding = deciding_review(plan.reviews_of(state.id), state.completed_on, pack.date)
    assert deciding is not None
    return deciding


def _verify_row(plan: Plan, pack: BoardPack, state: ActionState) -> dict[str, Any]:
    """A completed action awaiting verification, with the evidence offered."""
    assert state.completed_on is not None
    evidence = evidence_offered(state, pack.date)
    challenge = None
    if state.assurance == "challenged":
        deciding = _deciding(plan, pack, state)
        when = months.short_date_label(deciding.date)
        said = f": {one_line(deciding.review.note)}" if deciding.review.note else ""
        challenge = _sentence(f"Not verified on {when}{said}")
    return {
        "id": state.id,
        "action": clipped(state.action.action, ACTION_WIDTH),
        "completed": months.short_date_label(state.completed_on),
        "new": pack.since is None or state.completed_on > pack.since,
        "lead": _lead(state),
        "evidence": _sentence("; ".join(evidence)) if evidence else "None recorded.",
        "has_evidence": bool(evidence),
        "challenge": challenge,
    }


def _test_row(plan: Plan, pack: BoardPack, state: ActionState) -> dict[str, Any]:
    """An evidenced action awaiting the test of embedding: when its evidence was verified."""
    assert state.completed_on is not None
    deciding = _deciding(plan, pack, state)
    review = deciding.review
    when = months.short_date_label(deciding.date)
    verified = f"Verified {when}"
    if review.outcome == "not-embedded":
        said = f": {one_line(review.note)}" if review.note else ""
        verified = _sentence(f"Tested {when}, not yet embedded{said}")
    return {
        "id": state.id,
        "action": clipped(state.action.action, ACTION_WIDTH),
        "completed": months.short_date_label(state.completed_on),
        "lead": _lead(state),
        "verified": verified,
    }


def _sentence(text: str) -> str:
    """Text ending in exactly one full stop (or the question or exclamation mark it has)."""
    return text if text.endswith((".", "?", "!")) else text + "."


def _task_row(task: AgreedTask) -> dict[str, Any]:
    done = task.task.done
    if task.overdue:
        state = "Overdue"
    elif task.open:
        state = "Open"
    else:
        assert done is not None
        state = f"Done {months.short_date_label(done)}"
    return {
        "action": task.action,
        "task": task.task.task,
        "owner": task.task.owner,
        "due": months.short_date_label(task.task.due),
        "agreed": months.short_date_label(task.meeting.date),
        "board": task.meeting.board,
        "state": state,
        "overdue": task.overdue,
    }
