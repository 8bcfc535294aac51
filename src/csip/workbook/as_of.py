"""Where each action stands as of a date, for the workbook's derived columns.

The one place the workbook asks for an action's state: status, RAG, revised due month and latest
note as of D all come from here.
"""

from __future__ import annotations

import datetime as dt

from csip.figures.rag import ActionState, states
from csip.model.domain import Plan


def states_as_of(plan: Plan, day: dt.date) -> dict[str, ActionState]:
    """Every action's state at the end of ``day``, by action ID, in ID order."""
    return {state.id: state for state in states(plan, day)}
