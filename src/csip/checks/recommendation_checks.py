"""The checks that tie actions to the inspection's recommendations (spec section 10).

An action may only name a recommendation that recommendations.yaml lists; each recommendation
is listed once; and every recommendation is answered by at least one live action, since a plan
must answer all of them. An action is live unless the latest update of its progress log
withdraws it: the check judges the plan as it now stands (an update dated after today is
already an error), so an action withdrawn and later taken up again counts, and one withdrawn
at its latest update does not.

While recommendations.yaml cannot be read, or its list or an ID in it fails its model, the
recommendations are not known and these checks wait: its own problems are reported instead (a
typo in one entry's text leaves every ID known, and the checks run). While a file
cannot be read, or a priority file fails its model, some actions are unknown, so the check for
unanswered recommendations waits too, rather than blame a recommendation that one of them
answers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import TYPE_CHECKING, NamedTuple

from csip.checks.check import Check
from csip.model.files import id_key
from csip.model.messages import did_you_mean, shown
from csip.model.parts import Parts, readable
from csip.problems import Finding
from csip.words import join_words

if TYPE_CHECKING:
    from csip.model.inspection import RecommendationsFile


class _Listed(NamedTuple):
    """recommendations.yaml as it passed its model, and where each ID is first listed."""

    path: str
    model: RecommendationsFile
    first: dict[str, int]


def _listed(parts: Parts) -> _Listed | None:
    """The recommendations file while its list and every ID in it can be read (whatever else
    is wrong there), else None."""
    found = readable(parts.recommendations_readable, ("recommendations", "recommendations.id"))
    if found is None:
        return None
    path, model = found.path, found.record
    first: dict[str, int] = {}
    for index, recommendation in enumerate(model.recommendations):
        first.setdefault(recommendation.id, index)
    return _Listed(path, model, first)


def known_recommendations(parts: Parts, today: dt.date) -> Iterator[Finding]:
    """Every recommendation an action names is one that recommendations.yaml lists."""
    listed = _listed(parts)
    if parts.recommendations_file is not None and listed is None:
        return
    known = listed.first.keys() if listed is not None else frozenset[str]()
    for path, index, action in parts.actions(
        lambda summary: not summary.recommendations <= known,
        reading=frozenset({"recommendations"}),
    ):
        for position, code in enumerate(action.recommendations):
            if listed is None:
                why = "the plan has no recommendations.yaml to list it"
            elif code not in listed.first:
                why = f"{listed.path} does not list it{did_you_mean(code, listed.first)}"
            else:
                continue
            yield Finding(
                path,
                ("actions", index, "recommendations", position),
                "unknown-recommendation",
                f"unknown recommendation '{shown(code)}': {why}",
            )


def unique_recommendations(parts: Parts, today: dt.date) -> Iterator[Finding]:
    """No recommendation ID is listed twice; both places are named, as for action IDs."""
    listed = _listed(parts)
    if listed is None:
        return
    reported: set[str] = set()
    for index, recommendation in enumerate(listed.model.recommendations):
        code = recommendation.id
        if listed.first[code] == index:
            continue
        here = ("recommendations", index, "id")
        there = ("recommendations", listed.first[code], "id")
        if code not in reported:
            reported.add(code)
            yield Finding(
                listed.path,
                there,
                "duplicate-recommendation",
                f"recommendation ID '{shown(code)}' is used again at {{related}}",
                related=(listed.path, here),
            )
        yield Finding(
            listed.path,
            here,
            "duplicate-recommendation",
            f"recommendation ID '{shown(code)}' is already used at {{related}}",
            related=(listed.path, there),
        )


def answered_recommendations(parts: Parts, today: dt.date) -> Iterator[Finding]:
    """Every recommendation is answered by at least one action that is not withdrawn."""
    listed = _listed(parts)
    unreadable = parts.unread or not all(part.passed for part in parts.priority_files)
    if listed is None or unreadable:
        return
    live: set[str] = set()
    withdrawn: dict[str, list[str]] = {}
    for part in parts.priority_files:
        live.update(part.summary.answered)
        for code, action_id in part.summary.withdrawn_answers:
            withdrawn.setdefault(code, []).append(action_id)
    for code, index in listed.first.items():
        if code in live:
            continue
        only = sorted(dict.fromkeys(withdrawn.get(code, [])), key=id_key)
        by = f"only by withdrawn actions ({join_words(only)})" if only else "by no action"
        yield Finding(
            listed.path,
            ("recommendations", index, "id"),
            "unanswered-recommendation",
            f"recommendation '{shown(code)}' is answered {by}: name it in the 'recommendations' "
            "of at least one action that is not withdrawn",
        )


CHECKS: tuple[Check, ...] = (
    known_recommendations,
    unique_recommendations,
    answered_recommendations,
)
