"""The workbook's sheets and columns, defined once for export, returns and import.

Each column names the field it carries and how its cells are written and read: months as
``YYYY-MM`` text, dates as real dates, codes and evidence one item per line. A column that is
not ``imported`` is worked out as of the workbook's date (status, RAG, …): import skips it.
Adding a column is one entry in a tuple here. ``Exempt`` carries the paragraph of Schedule 12A
under which a row's text is exempt (spec section 11).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Kind = Literal["number", "id", "text", "lines", "month", "date", "status", "rag", "paragraph"]


@dataclass(frozen=True)
class Column:
    header: str
    field: str
    kind: Kind
    width: float
    imported: bool = True
    """Read back by ``csip import``; False for what is worked out as of the date."""


@dataclass(frozen=True)
class Sheet:
    name: str
    columns: tuple[Column, ...]
    required: tuple[str, ...]
    """The fields a workbook's sheet must have a column for."""
    header_row: int
    """Where export writes the headings; import looks for them in the first rows."""

    def has(self, field: str) -> bool:
        return any(column.field == field for column in self.columns)

    def column(self, field: str) -> Column:
        """The column that carries ``field``: the one import reads, if there are two."""
        columns = [column for column in self.columns if column.field == field]
        return next((column for column in columns if column.imported), columns[0])


_ID = Column("ID", "id", "id", 9)
_NOTE = Column("Note", "note", "text", 60)
_REVISED = Column("Revised due", "due", "month", 11)
_EVIDENCE = Column("Evidence", "evidence", "lines", 36)
EXEMPT = Column("Exempt", "exempt", "paragraph", 8)

ACTIONS = Sheet(
    "Actions",
    (
        Column("Priority", "priority", "number", 9),
        _ID,
        Column("Action", "action", "text", 60),
        Column("Lead", "lead", "lines", 20),
        Column("Agencies", "agencies", "lines", 24),
        Column("Start", "start", "month", 9),
        Column("Due", "due", "month", 9),
        EXEMPT,
        Column("Status", "status", "status", 12, imported=False),
        Column("RAG", "rag", "rag", 10, imported=False),
        Column("Revised due", "revised_due", "month", 11, imported=False),
        Column("Latest note", "note", "text", 60, imported=False),
    ),
    required=("id", "action", "lead", "due"),
    header_row=3,
)

UPDATES = Sheet(
    "Updates",
    (
        _ID,
        Column("Date", "date", "date", 12),
        Column("Status", "status", "status", 13),
        _NOTE,
        _REVISED,
        _EVIDENCE,
        EXEMPT,
    ),
    required=("id", "date", "status"),
    header_row=3,
)

PRIORITIES = Sheet(
    "Priorities",
    (
        Column("Priority", "priority", "number", 9),
        Column("Title", "title", "text", 50),
        Column("Short title", "short_title", "text", 30),
    ),
    required=("priority", "title"),
    header_row=3,
)

RETURN = Sheet(
    "Return",
    (
        _ID,
        Column("Action", "action", "text", 45),
        Column("Due", "due_month", "month", 9, imported=False),
        Column("Revised to", "revised_due", "month", 10, imported=False),
        Column("RAG", "rag", "rag", 10, imported=False),
        Column("Latest note", "latest_note", "text", 40, imported=False),
        Column("Date", "date", "date", 12),
        Column("Status", "status", "status", 13),
        Column("Note", "note", "text", 45),
        _REVISED,
        Column("Evidence", "evidence", "lines", 30),
    ),
    required=("id", "date", "status"),
    header_row=5,
)
"""A lead's monthly return: the actions as they stand, then the columns of the new update."""

RETURN_LEAD = (2, "Lead")
RETURN_MONTH = (3, "Month")
"""The rows of a return that name its lead and month: label in column A, value in B."""

SHEETS = (ACTIONS, UPDATES, PRIORITIES, RETURN)
UPDATE_FIELDS = ("date", "status", "note", "due", "evidence", "exempt")
"""An update's fields, as far as a sheet has columns for them (a return has no ``Exempt``)."""
