"""The plan as an audience may read it: exempt text is removed here, and only here.

Committee papers are public (Part 1) unless they hold information exempt under Schedule 12A to
the Local Government Act 1972. ``public_plan`` returns the plan with every exempt text replaced
by a placeholder that names its paragraph; ``Snapshots`` for the public audience are made from
it, so that no report, format or command can reach the exempt text. Every figure is unchanged:
only words are replaced, never actions, dates or statuses.
"""

from __future__ import annotations

import re
from dataclasses import replace
from itertools import chain, repeat
from operator import attrgetter, is_, is_not
from typing import TYPE_CHECKING

from csip.model.domain import Meeting, Plan, Priority, reviews_by_action
from csip.model.files import Action, FundingFile, FundingLine, Update

if TYPE_CHECKING:
    from csip.model.meetings import Review
    from csip.model.papers import Narrative, PaperFile

SCHEDULE = "Schedule 12A"
_EXEMPT = attrgetter("exempt")
_UPDATES = attrgetter("updates")
_PLACEHOLDER = re.compile(r"Exempt information \(paragraph ([1-7]) of Schedule 12A\)")


def placeholder(paragraph: int) -> str:
    """What a Part 1 reader sees in place of exempt text."""
    return f"Exempt information (paragraph {paragraph} of {SCHEDULE})"


def is_placeholder(text: str) -> bool:
    """Whether ``text`` is a placeholder that ``placeholder`` wrote (a workbook cell, say)."""
    return _PLACEHOLDER.fullmatch(text.strip()) is not None


def public_plan(plan: Plan) -> Plan:
    """The plan with every exempt text replaced by its placeholder."""
    priorities = tuple(_public_priority(priority) for priority in plan.priorities)
    unchanged = all(map(is_, priorities, plan.priorities))
    meetings = tuple(_public_meeting(meeting, plan.actions_by_id) for meeting in plan.meetings)
    return replace(
        plan,
        priorities=priorities,
        funding=_public_funding(plan.funding),
        actions_by_id=(
            plan.actions_by_id
            if unchanged
            else {action.id: action for p in priorities for action in p.actions}
        ),
        meetings=meetings,
        reviews_by_action=reviews_by_action(meetings),
        papers={month: _public_paper(paper) for month, paper in plan.papers.items()},
        redacted=True,
    )


def _public_priority(priority: Priority) -> Priority:
    """The priority itself when none of its actions or updates is exempt, as most are: that is
    asked of every action by every public output, so it is asked in C, by ``map``."""
    actions = priority.actions
    exempt = chain(map(_EXEMPT, actions), map(_EXEMPT, chain.from_iterable(map(_UPDATES, actions))))
    if not any(map(is_not, exempt, repeat(None))):
        return priority
    return priority._replace(actions=tuple(_public_action(action) for action in actions))


def _public_action(action: Action) -> Action:
    if action.exempt is None and all(update.exempt is None for update in action.updates):
        return action
    updates = [_public_update(update, action.exempt or update.exempt) for update in action.updates]
    text = placeholder(action.exempt) if action.exempt is not None else action.action
    return replace(action, action=text, updates=updates)


def _public_update(update: Update, paragraph: int | None) -> Update:
    if paragraph is None:
        return update
    hidden = placeholder(paragraph)
    return replace(
        update,
        note=hidden if update.note is not None else None,
        evidence=[hidden] if update.evidence else [],
    )


def _public_meeting(meeting: Meeting, actions: dict[str, Action]) -> Meeting:
    """The meeting with the note, evidence and tasks of each exempt review replaced: a review
    is exempt under its own paragraph, or under its action's when the action is exempt (the
    board's words about an exempt action, and the evidence it saw, are that action's)."""
    paragraphs = [_review_paragraph(review, actions) for review in meeting.reviews]
    if all(paragraph is None for paragraph in paragraphs):
        return meeting
    return meeting._replace(
        reviews=tuple(map(_public_review, meeting.reviews, paragraphs)),
    )


def _review_paragraph(review: Review, actions: dict[str, Action]) -> int | None:
    """The paragraph a review is exempt under: its action's, as an update's is, else its own."""
    action = actions.get(review.action)
    if action is not None and action.exempt is not None:
        return action.exempt
    return review.exempt


def _public_review(review: Review, paragraph: int | None) -> Review:
    if paragraph is None:
        return review
    hidden = placeholder(paragraph)
    return replace(
        review,
        note=hidden if review.note is not None else None,
        evidence=[hidden] if review.evidence else [],
        tasks=[replace(task, task=hidden) for task in review.tasks],
    )


def _public_paper(paper: PaperFile) -> PaperFile:
    def public(item: Narrative) -> Narrative:
        if item.exempt is None:
            return item
        return replace(item, text=placeholder(item.exempt))

    return replace(
        paper,
        summary=public(paper.summary) if paper.summary is not None else None,
        assurance=public(paper.assurance) if paper.assurance is not None else None,
        priorities={number: public(item) for number, item in paper.priorities.items()},
    )


def _public_funding(funding: FundingFile | None) -> FundingFile | None:
    if funding is None or all(line.exempt is None for line in funding.lines):
        return funding
    return replace(funding, lines=[_public_line(line) for line in funding.lines])


def _public_line(line: FundingLine) -> FundingLine:
    if line.exempt is None or line.comment is None:
        return line
    return replace(line, comment=placeholder(line.exempt))
