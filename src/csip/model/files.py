"""What each plan file holds once valid: records for plan.yaml, a priority file and funding.yaml.

Records are plain dataclasses; what pydantic checks of each field is named by its type
(``csip.model.rules``) and realised in ``csip.model.validators``, imported only when a file is
validated, so that a plan read from the cache never imports pydantic. Unknown keys are errors,
so a typo such as ``deu:`` never passes silently. Months stay as their ``YYYY-MM`` text, which
sorts in time order; dates are ``datetime.date``.

The annotations are evaluated as the classes are made (no ``from __future__ import
annotations``): a plan read from the cache rebuilds its records by their field types, and
type hints already evaluated cost nothing to read, where text annotations are compiled afresh
on every run.
"""

import re
from dataclasses import dataclass, field
from typing import Annotated, TypeGuard

from csip.model.rules import (
    ID_PART_DIGITS,
    NONE_AS_EMPTY,
    STATUSES,
    ActionId,
    Amount,
    Code,
    Codes,
    Date,
    Doc,
    Exempt,
    ExemptParagraph,
    FinancialYear,
    GreenRequires,
    Lead,
    Month,
    PriorityNumber,
    Record,
    RoleTable,
    Status,
    Text,
    TextList,
    empty_dict,
    empty_list,
)

# Dotted numbers of up to four digits a part, the first not zero, leading zeros allowed: what can
# be read as an ID's numbers (1.01 is 1.1 written another way) without ever handing int() a long
# run of digits.
_ID_NUMBERS = re.compile(rf"(?!0+\.)[0-9]{{1,{ID_PART_DIGITS}}}(\.[0-9]{{1,{ID_PART_DIGITS}}})+")

__all__ = [
    "STATUSES",
    "Code",
    "ExemptParagraph",
    "GreenRequires",
    "Status",
]


@dataclass(slots=True)
class Update(Record):
    """One entry in an action's progress log."""

    date: Date
    status: Status
    note: Text | None = None
    due: Annotated[Month | None, Doc("A revised timeline agreed at this update.")] = None
    evidence: TextList = field(default_factory=empty_list)
    exempt: Annotated[Exempt, Doc("Its note and evidence are exempt.")] = None

    @property
    def completed_without_evidence(self) -> bool:
        """It marks the action complete and names no evidence (a warning, spec section 6)."""
        return self.status == "complete" and not self.evidence


@dataclass(slots=True)
class Action(Record):
    """One action of the plan, with its published timescale and its progress log."""

    id: ActionId
    action: Text
    lead: Lead
    due: Month
    agencies: Codes = field(default_factory=empty_list)
    start: Annotated[Month | None, Doc("Omitted: the plan's start month.")] = None
    updates: Annotated[list[Update], NONE_AS_EMPTY] = field(default_factory=empty_list)
    recommendations: Annotated[
        Codes, Doc("IDs of the inspection recommendations it answers (recommendations.yaml).")
    ] = field(default_factory=empty_list)
    exempt: Annotated[Exempt, Doc("Its action text, notes and evidence are exempt.")] = None

    @property
    def withdrawn(self) -> bool:
        """Withdrawn at the latest update of its progress log, whatever the date."""
        return bool(self.updates) and self.updates[-1].status == "withdrawn"


@dataclass(slots=True)
class PriorityFile(Record):
    """A priority file: one of the plan's priorities and its actions."""

    priority: PriorityNumber
    title: Text
    short_title: Text | None = None
    actions: Annotated[list[Action], NONE_AS_EMPTY] = field(default_factory=empty_list)


@dataclass(slots=True)
class PaperDefaults(Record):
    """Who every paper of the plan is for and from, unless a month's paper says otherwise."""

    board: Annotated[Text | None, Doc("The board or committee the papers go to.")] = None
    lead_officer: Text | None = None
    contact_officer: Text | None = None


@dataclass(slots=True)
class PlanFile(Record):
    """plan.yaml: the plan itself, and every lead and agency code an action may name."""

    title: Text
    organisation: Text
    starts: Month
    roles: RoleTable
    ends: Annotated[Month | None, Doc("The plan's last month: no report goes beyond it.")] = None
    agencies: RoleTable = field(default_factory=empty_dict)
    green_requires: Annotated[
        GreenRequires,
        Doc(
            "What Green means: complete (the default), or complete with the evidence verified "
            "(evidenced) or the work tested as embedded (embedded) at a board meeting."
        ),
    ] = "complete"
    paper: Annotated[PaperDefaults, NONE_AS_EMPTY] = field(default_factory=PaperDefaults)


@dataclass(slots=True)
class FundingYear(Record):
    """The money of one line in one financial year, in the ledger's units."""

    budget: Amount | None = None
    spend: Amount | None = None
    committed: Amount | None = None


@dataclass(slots=True)
class FundingLine(Record):
    """One line of the funding ledger: what it pays for, and its money by financial year."""

    name: Text
    years: dict[FinancialYear, FundingYear]
    actions: Annotated[list[ActionId], NONE_AS_EMPTY] = field(default_factory=empty_list)
    comment: Text | None = None
    exempt: Annotated[Exempt, Doc("Its comment is exempt.")] = None


@dataclass(slots=True)
class FundingFile(Record):
    """funding.yaml: the money agreed for the plan."""

    lines: list[FundingLine]
    units: Text = "£'000"


def is_action_id(value: object) -> TypeGuard[str]:
    """Whether ``value`` can be read as an action ID's numbers, whatever else its action gets
    wrong; leading zeros are allowed here, so that 1.01 is found to be 1.1 written again."""
    return isinstance(value, str) and _ID_NUMBERS.fullmatch(value) is not None


class _IdKeys(dict[str, tuple[int, ...]]):
    """Each action ID's sort key, worked out the first time it is asked for."""

    __slots__ = ()

    def __missing__(self, action_id: str) -> tuple[int, ...]:
        key = self[action_id] = tuple(map(int, action_id.split(".")))
        return key


ID_KEYS = _IdKeys()
"""The sort keys of the action IDs seen so far. A priority file read from the cache brings the
keys of its IDs with it, so a run from the cache does not work out ten thousand of them again."""

id_key = ID_KEYS.__getitem__
"""Sort key for action IDs: part by part, as numbers (2.9.1 < 2.10.1). Two IDs with one key
are one ID written twice. Remembered (``ID_KEYS``): checks, figures and reports sort by it many
times. ValueError for text that is not an action ID's numbers."""
