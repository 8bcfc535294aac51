"""What moved between two dates (spec section 8): a pure function of two lists of action states.

An action has moved when its RAG, status, assurance or revised due month as of D2 differs from
its own as of D1. Each move is then named in the board's words, one or more of: turned Red,
recovered, completed, reopened, re-planned, evidenced, embedded, challenged; and, for the moves
those leave out, withdrawn, reinstated, started, timescale began, or changed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from csip.figures.rag import ActionState
from csip.words import MOVES, Move


class Change(NamedTuple):
    """One action as of both dates, and what its move was (a named tuple: quick to define)."""

    before: ActionState
    after: ActionState
    moves: tuple[Move, ...]

    @property
    def id(self) -> str:
        return self.after.id

    @property
    def priority(self) -> int:
        return self.after.priority


def movement(before: Sequence[ActionState], after: Sequence[ActionState]) -> list[Change]:
    """Every action that moved, in ID order.

    ``before`` and ``after`` are the same actions, in the same (ID) order, as of D1 and D2
    (``rag.states`` for each date, narrowed alike).
    """
    changes = []
    for old, new in zip(before, after, strict=True):
        if _view(old) != _view(new):
            changes.append(Change(old, new, moves_of(old, new)))
    return changes


def _view(state: ActionState) -> tuple[object, ...]:
    """What a move is a change of."""
    return (state.rag, state.status, state.assurance, state.revised_due)


def moves_of(old: ActionState, new: ActionState) -> tuple[Move, ...]:
    """The names of one action's move from ``old`` to ``new``, in the order of ``MOVES``."""
    found: set[Move] = set()
    if new.rag == "red" and old.rag != "red":
        found.add("turned-red")
    if old.rag == "red" and new.rag in ("green", "amber"):
        found.add("recovered")
    if new.status == "complete" and (
        old.status != "complete" or old.completed_on != new.completed_on
    ):
        found.add("completed")
    if old.status == "complete" and new.status in ("not-started", "in-progress"):
        found.add("reopened")
    if new.revised_due is not None and new.revised_due != old.revised_due:
        found.add("re-planned")
    if new.assurance != old.assurance:
        if new.assurance == "evidenced":
            found.add("evidenced")
        elif new.assurance == "embedded":
            found.add("embedded")
        elif new.assurance == "challenged":
            found.add("challenged")
    if new.rag == "withdrawn" and old.rag != "withdrawn":
        found.add("withdrawn")
    if old.rag == "withdrawn" and new.rag != "withdrawn":
        found.add("reinstated")
    if old.status == "not-started" and new.status == "in-progress":
        found.add("started")
    if old.rag == "white" and new.rag == "amber" and old.status == new.status:
        found.add("timescale-began")
    if not found:
        found.add("changed")
    return tuple(move for move in MOVES if move in found)
