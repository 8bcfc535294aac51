"""How far a board has assured a completed action as of a date (spec section 7): a pure function.

Typing ``status: complete`` makes an action Green; it does not show that anyone checked. The
boards do that: they verify the evidence, then test that the work is embedded in practice. The
assurance of an action complete as of D, with completion date C, is given by the last review in
a meeting dated C to D (meetings in date order, then file-name order; reviews as written) whose
outcome judges done work: ``verified`` and ``not-embedded`` make it evidenced, ``embedded``
embedded, ``not-verified`` challenged; with none it is unverified. A reopened action has a new
completion date, so the reviews of its earlier completion no longer count.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from csip.model.domain import MeetingReview
from csip.model.files import GreenRequires
from csip.model.rules import ASSURANCE_OUTCOMES, Outcome
from csip.words import ASSURANCES, Assurance

# What each of the ASSURANCE_OUTCOMES gives.
_GIVES: dict[Outcome, Assurance] = {
    "verified": "evidenced",
    "not-embedded": "evidenced",
    "embedded": "embedded",
    "not-verified": "challenged",
}

_STAGE: dict[Assurance, int] = {"unverified": 0, "evidenced": 1, "embedded": 2}
"""The stages in order; ``challenged`` is on none of them."""


def deciding_review(
    reviews: Iterable[MeetingReview], completed_on: dt.date, as_of: dt.date
) -> MeetingReview | None:
    """The review that gives the assurance of an action complete from ``completed_on`` to ``as_of``.

    ``reviews`` are the action's reviews in meeting order (``Plan.reviews_of``): the last one
    dated from ``completed_on`` to ``as_of`` whose outcome judges done work, or None.
    """
    deciding = None
    for item in reviews:
        if item.date > as_of:
            break
        if item.date >= completed_on and item.review.outcome in ASSURANCE_OUTCOMES:
            deciding = item
    return deciding


def assurance_of(
    reviews: Iterable[MeetingReview], completed_on: dt.date, as_of: dt.date
) -> Assurance:
    """The assurance of an action complete from ``completed_on`` to ``as_of``."""
    deciding = deciding_review(reviews, completed_on, as_of)
    return "unverified" if deciding is None else _GIVES[deciding.review.outcome]


def meets(assurance: Assurance, green_requires: GreenRequires) -> bool:
    """Whether a complete action with this assurance is Green under ``green_requires``."""
    if green_requires == "complete":
        return True
    if assurance == "challenged":
        return False
    return _STAGE[assurance] >= _STAGE[green_requires]


def counts(tallies: Iterable[tuple[Assurance | None, int]]) -> dict[Assurance, int]:
    """How many complete actions are at each assurance, from (assurance, how many) pairs (None,
    not complete, is not counted)."""
    result = dict.fromkeys(ASSURANCES, 0)
    for value, number in tallies:
        if value is not None:
            result[value] += number
    return result
