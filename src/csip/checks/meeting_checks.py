"""The rules for board meetings (spec section 7): each a function from the plan's parts to findings.

A meeting may only review actions that exist and belong to the priorities it met about; it
names role codes that plan.yaml declares; it is not dated after today, nor is a task done before
the meeting that agreed it. A board can only verify or test work that is done: an outcome that
judges done work needs the action complete on the meeting's date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from csip.checks.check import Check
from csip.figures.rag import state_of
from csip.model.files import Action, id_key
from csip.model.messages import Suggestions, did_you_mean, unknown_code
from csip.model.parts import Parts, readable
from csip.model.rules import ASSURANCE_OUTCOMES
from csip.problems import Finding
from csip.words import STATUS_WORDS, join_words


def _known_ids(parts: Parts) -> set[str]:
    """Every well-written action ID, also of actions that failed their model."""
    return {action_id for part in parts.priority_files for _, action_id in part.ids}


_ACTION = frozenset({"action"})
"""What the checks of the action a review names read of it."""


def reviewed_actions_exist(parts: Parts, today: dt.date) -> Iterator[Finding]:
    if not parts.meetings:
        return
    known = _known_ids(parts)
    for meeting in parts.meetings:
        for index, review in meeting.reviews_reading(_ACTION):
            if review.action not in known:
                yield Finding(
                    meeting.path,
                    ("reviews", index, "action"),
                    "unknown-action",
                    f"the review names action '{review.action}', which the plan does not have"
                    f"{did_you_mean(review.action, known)}",
                )


def reviews_within_priorities(parts: Parts, today: dt.date) -> Iterator[Finding]:
    if not parts.meetings:
        return
    known = _known_ids(parts)
    for meeting in parts.meetings:
        if meeting.priorities is None:
            continue
        for index, review in meeting.reviews_reading(_ACTION):
            number = id_key(review.action)[0]
            if review.action in known and number not in meeting.priorities:
                yield Finding(
                    meeting.path,
                    ("reviews", index, "action"),
                    "review-outside-priorities",
                    f"action '{review.action}' is in priority {number}, which this meeting did "
                    f"not review (it reviewed {_priorities(meeting.priorities)})",
                )


def _priorities(numbers: tuple[int, ...]) -> str:
    words = join_words([str(number) for number in numbers])
    return f"priority {words}" if len(numbers) == 1 else f"priorities {words}"


def meeting_priorities_exist(parts: Parts, today: dt.date) -> Iterator[Finding]:
    numbers = [part.number for part in parts.priority_files]
    if None in numbers:
        return  # a priority file without a readable number: its error says so already
    for meeting in parts.meetings:
        for position, number in enumerate(meeting.priorities or ()):
            if number not in numbers:
                yield Finding(
                    meeting.path,
                    ("priorities", position),
                    "unknown-priority",
                    f"the plan has no priority {number}",
                )


def meeting_codes(parts: Parts, today: dt.date) -> Iterator[Finding]:
    header = readable(parts.plan_readable, ("roles",))
    if header is None:
        return
    plan_path, roles = header.path, header.record.roles
    suggestions = Suggestions(roles)
    for meeting in parts.meetings:
        for position, code in meeting.attendees:
            if code not in roles:
                yield Finding(
                    meeting.path,
                    ("attendees", position),
                    "unknown-role",
                    unknown_code("role", code, plan_path, suggestions),
                )
        for index, review in meeting.reviews_reading(frozenset({"tasks", "tasks.owner"})):
            for number, task in enumerate(review.tasks):
                if task.owner not in roles:
                    yield Finding(
                        meeting.path,
                        ("reviews", index, "tasks", number, "owner"),
                        "unknown-role",
                        unknown_code("role", task.owner, plan_path, suggestions),
                    )


def meeting_dates(parts: Parts, today: dt.date) -> Iterator[Finding]:
    for meeting in parts.meetings:
        if meeting.date is not None and meeting.date > today:
            yield Finding(
                meeting.path,
                ("date",),
                "meeting-in-future",
                f"meeting dated {meeting.date} is after today ({today})",
            )


def task_dates(parts: Parts, today: dt.date) -> Iterator[Finding]:
    for meeting in parts.meetings:
        for index, review in meeting.reviews_reading(frozenset({"tasks", "tasks.done"})):
            for number, task in enumerate(review.tasks):
                if task.done is None:
                    continue
                where = ("reviews", index, "tasks", number, "done")
                if meeting.date is not None and task.done < meeting.date:
                    yield Finding(
                        meeting.path,
                        where,
                        "done-before-meeting",
                        f"task marked done on {task.done}, before the meeting of {meeting.date} "
                        "that agreed it",
                    )
                elif task.done > today:
                    yield Finding(
                        meeting.path,
                        where,
                        "done-in-future",
                        f"task marked done on {task.done}, after today ({today})",
                    )


def judged_work_is_done(parts: Parts, today: dt.date) -> Iterator[Finding]:
    """Verified, not verified, embedded and not embedded judge done work: it must be complete."""
    header = readable(parts.plan_readable, ("starts",))
    if header is None or not parts.meetings:
        return
    starts = header.record.starts
    judged = {
        review.action
        for meeting in parts.meetings
        if meeting.date is not None
        for _, review in meeting.reviews_reading(frozenset({"action", "outcome"}))
        if review.outcome in ASSURANCE_OUTCOMES
    }
    # Only the files that hold a judged action are visited (their records rebuilt).
    actions: dict[str, Action] = {
        action.id: action
        for part in parts.priority_files
        if any(action_id in judged for _, action_id in part.ids)
        for _, action in part.actions
    }
    for meeting in parts.meetings:
        if meeting.date is None:
            continue
        for index, review in meeting.reviews_reading(frozenset({"action", "outcome"})):
            action = actions.get(review.action)
            if action is None or review.outcome not in ASSURANCE_OUTCOMES:
                continue
            status = state_of(action, starts, meeting.date).status
            if status != "complete":
                yield Finding(
                    meeting.path,
                    ("reviews", index, "outcome"),
                    "review-of-unfinished-work",
                    f"action '{action.id}' is {STATUS_WORDS[status]} on {meeting.date}, not "
                    f"complete: a board cannot give '{review.outcome}' to work that is not done",
                )


CHECKS: tuple[Check, ...] = (
    reviewed_actions_exist,
    reviews_within_priorities,
    meeting_priorities_exist,
    meeting_codes,
    meeting_dates,
    task_dates,
    judged_work_is_done,
)
