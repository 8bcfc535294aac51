"""The plan as every figure is computed from: its priorities and actions, assembled once valid."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from itertools import islice
from operator import attrgetter, itemgetter, le
from typing import TYPE_CHECKING, NamedTuple

from csip.model.files import Action, FundingFile, GreenRequires, PlanFile, id_key
from csip.model.parts import Parts

if TYPE_CHECKING:
    from csip.model.inspection import RecommendationsFile
    from csip.model.meetings import Review
    from csip.model.papers import Paper, PaperFile


class Priority(NamedTuple):
    """One priority of the plan and its actions, in ID order.

    A named tuple, as are a meeting and its reviews: immutable, and quick to define at
    start-up. ``Plan`` stays a dataclass, for its ``cached_property``."""

    number: int
    title: str
    short_title: str
    file: str
    actions: tuple[Action, ...]

    @property
    def label(self) -> str:
        """How reports name it: "Priority 6", an en dash, then its short title."""
        return f"Priority {self.number} \N{EN DASH} {self.short_title}"


class Meeting(NamedTuple):
    """One board meeting, from its file in the plan's ``meetings/`` folder."""

    file: str
    board: str
    date: dt.date
    priorities: tuple[int, ...]
    attendees: tuple[str, ...]
    reviews: tuple[Review, ...]


class MeetingReview(NamedTuple):
    """One review of an action, with the meeting that made it."""

    meeting: Meeting
    review: Review

    @property
    def date(self) -> dt.date:
        return self.meeting.date


@dataclass(frozen=True)
class Plan:
    """A whole plan that passed validation: what every report is computed from."""

    directory: str
    header: PlanFile
    priorities: tuple[Priority, ...]
    funding: FundingFile | None
    actions_by_id: dict[str, Action] = field(repr=False)
    recommendations: RecommendationsFile | None = None
    """recommendations.yaml, when the plan has one."""
    meetings: tuple[Meeting, ...] = ()
    """In date order; meetings of one date in file-name order."""
    reviews_by_action: dict[str, tuple[MeetingReview, ...]] = field(
        default_factory=dict, repr=False
    )
    papers: dict[str, PaperFile] = field(default_factory=dict, repr=False)
    """What officers wrote for each month's papers, by month."""
    blocked: dict[str, str] = field(default_factory=dict, repr=False)
    """The parts left out because their files have errors (``funding``, ``recommendations``),
    each with the reason, so that their reports say why they cannot be made."""
    redacted: bool = False
    """Its exempt text has been replaced by placeholders: the plan as the public may read it
    (``figures.audience``). A plan as read from its files holds everything: Part 2."""

    @property
    def title(self) -> str:
        return self.header.title

    @property
    def starts(self) -> str:
        return self.header.starts

    @property
    def green_requires(self) -> GreenRequires:
        return self.header.green_requires

    @cached_property
    def exempt_paragraphs(self) -> tuple[int, ...]:
        """Every paragraph of Schedule 12A that some text of the plan is exempt under, in order."""
        found: set[int] = set()
        for priority in self.priorities:
            for action in priority.actions:
                if action.exempt is not None:
                    found.add(action.exempt)
                found.update(
                    update.exempt for update in action.updates if update.exempt is not None
                )
        if self.funding is not None:
            found.update(line.exempt for line in self.funding.lines if line.exempt is not None)
        for meeting in self.meetings:
            found.update(review.exempt for review in meeting.reviews if review.exempt is not None)
        for paper in self.papers.values():
            items = [paper.summary, paper.assurance, *paper.priorities.values()]
            found.update(
                item.exempt for item in items if item is not None and item.exempt is not None
            )
        return tuple(sorted(found))

    def reviews_of(self, action_id: str) -> tuple[MeetingReview, ...]:
        """Every review of the action, in meeting order, then as written."""
        return self.reviews_by_action.get(action_id, ())

    def actions(self) -> Iterator[Action]:
        """Every action in ID order."""
        for priority in self.priorities:
            yield from priority.actions

    def start_of(self, action: Action) -> str:
        return effective_start(action.start, self.header.starts)

    @property
    def ends(self) -> str | None:
        """The plan's last month, after which no report is made; None when it runs on."""
        return self.header.ends

    def role_title(self, code: str) -> str:
        """What a lead code stands for, or the code itself when plan.yaml gives no description."""
        return self.header.roles.get(code) or code

    def agency_title(self, code: str) -> str:
        """What an agency code stands for, or the code itself when plan.yaml gives none."""
        return self.header.agencies.get(code) or code

    def paper(self, month: str) -> Paper:
        """Month ``month``'s paper details and narrative, plan.yaml's defaults filled in."""
        from csip.model.papers import Paper  # only the papers need it

        return Paper.of(month, self.header.paper, self.papers.get(month))


def effective_start(start: str | None, plan_starts: str) -> str:
    """The month an action's timescale runs from: the one rule RAG, checks and reports share.

    An action without ``start`` starts with the plan (spec section 1); one that names its start
    month starts then, even a month before the plan's own start.
    """
    return plan_starts if start is None else start


def assemble(directory: str, parts: Parts) -> Plan:
    """The valid plan from the parts that passed their models, priorities in number order."""
    assert parts.plan_file is not None
    priorities = []
    files = [(part.path, part.model) for part in parts.priority_files if part.model is not None]
    for path, priority_file in sorted(files, key=lambda item: item[1].priority):
        priorities.append(
            Priority(
                number=priority_file.priority,
                title=priority_file.title,
                short_title=priority_file.short_title or priority_file.title,
                file=path,
                actions=in_id_order(priority_file.actions),
            )
        )
    actions_by_id = {action.id: action for priority in priorities for action in priority.actions}
    funding = parts.funding_file[1] if parts.funding_file else None
    meetings = tuple(
        Meeting(
            part.path,
            part.model.board,
            part.model.date,
            tuple(part.model.priorities),
            tuple(part.model.attendees),
            tuple(part.model.reviews),
        )
        for part in sorted(parts.meetings, key=lambda part: (part.date or dt.date.min, part.path))
        if part.model is not None
    )
    recommendations = parts.recommendations_file[1] if parts.recommendations_file else None
    papers = {month: paper for _, month, paper in parts.papers}
    return Plan(
        directory,
        parts.plan_file[1],
        tuple(priorities),
        funding,
        actions_by_id,
        recommendations,
        meetings,
        reviews_by_action(meetings),
        papers,
    )


def in_id_order(actions: list[Action]) -> tuple[Action, ...]:
    """The actions in ID order. A file is almost always written in that order, so that is
    checked first, with the keys compared in C, before any sorting is done."""
    keys = list(map(id_key, map(_ID, actions)))
    if all(map(le, keys, islice(keys, 1, None))):
        return tuple(actions)
    return tuple(action for _, action in sorted(zip(keys, actions, strict=True), key=itemgetter(0)))


_ID = attrgetter("id")


def reviews_by_action(meetings: tuple[Meeting, ...]) -> dict[str, tuple[MeetingReview, ...]]:
    """Each action's reviews, in meeting order, then as written."""
    reviews: dict[str, list[MeetingReview]] = {}
    for meeting in meetings:
        for review in meeting.reviews:
            reviews.setdefault(review.action, []).append(MeetingReview(meeting, review))
    return {action_id: tuple(items) for action_id, items in reviews.items()}
