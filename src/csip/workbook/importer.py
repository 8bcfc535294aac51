"""``csip import``: add what a workbook holds and the plan does not, without changing the rest.

The workbook is read whole and checked as a whole before anything is written: each cell against
the plan's file format (the same models and the same cross-file checks as ``csip validate``),
each row against the plan. A row the plan already holds is skipped; a row that contradicts it
(the same ID with other text, another update of an action on a date it has one) is an error,
for import only ever adds. Every problem names its cell, ``plan.xlsx:Updates!C14: error: …``;
with any error, nothing is written. What is new goes into the plan's files through
``csip.plan_edit``, which keeps every existing line as it was.

A workbook may hold the sheets of ``csip export`` (Actions, Updates, Priorities, any of them)
or a lead's monthly return (``csip returns``). Columns are found by their headings, in any order;
the columns worked out as of a date (status, RAG, …) are not read.

A Part 1 workbook shows exempt text as its placeholder (``figures.audience``): in a row the plan
holds, the placeholder that the plan's Part 1 shows there reads as "unchanged"; in a new row it
is an error, for it stands for text the plan does not hold. Messages quote the plan as Part 1
shows it, so that no exempt text reaches the terminal.
"""

from __future__ import annotations

import datetime as dt
import re
import warnings
import zipfile
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from csip.checks import run_checks
from csip.figures.audience import is_placeholder, public_plan
from csip.figures.views import unknown_action
from csip.model import messages
from csip.model.domain import Plan
from csip.model.files import STATUSES, Action, ExemptParagraph, Update, id_key
from csip.model.parts import Parts, PriorityPart, Readable
from csip.model.validators import parse
from csip.plan_edit import (
    EditError,
    before_last_update,
    edit_priority_file,
    file_name,
    new_priority_file,
    problems_after,
    write_changes,
)
from csip.problems import Finding, Level
from csip.workbook.layout import (
    ACTIONS,
    EXEMPT,
    PRIORITIES,
    RETURN,
    RETURN_LEAD,
    SHEETS,
    UPDATE_FIELDS,
    UPDATES,
    Column,
    Kind,
    Sheet,
)

# An export of 10,000 actions is about 2 MB, unpacking to 20 MB, which openpyxl holds in about
# 240 MB. A workbook that would unpack to over 64 MB (some 30,000 actions, a hundred times a
# council's plan) is refused unread, so that no workbook takes more than about 800 MB to read,
# and so is a sheet that reaches further down than any plan fills: openpyxl makes every cell of
# the rows and columns read, so one far cell would otherwise make millions.
MAX_WORKBOOK_BYTES = 64 * 2**20
MAX_UNPACKED_BYTES = 64 * 2**20
MAX_SHEET_ROWS = 100_000
_HEADING_COLUMNS = 100
"""How far along its heading row a sheet's headings are looked for."""
_READING_ORDER = (PRIORITIES.name, ACTIONS.name, UPDATES.name, RETURN.name)
# How many rows at the top of a sheet may come before its headings.
_HEADING_ROWS = 20


@dataclass(frozen=True, order=True)
class WorkbookProblem:
    """A problem in a workbook, at its cell: ``plan.xlsx:Updates!C14: error: MESSAGE``.

    Problems sort by sheet (in the workbook's order), row and column; those with the workbook
    as a whole come first.
    """

    order: tuple[int, int, int]
    file: str
    sheet: str | None = field(compare=False)
    cell: str | None = field(compare=False)
    level: Level
    message: str

    def text(self) -> str:
        where = self.file if self.sheet is None else f"{self.file}:{self.sheet}!{self.cell}"
        return f"{where}: {self.level}: {self.message}"


@dataclass
class Added:
    """What import adds to one plan file."""

    file: Path
    new_file: bool
    actions: list[str] = field(default_factory=list)
    updates: int = 0


@dataclass
class Outcome:
    problems: list[WorkbookProblem]
    added: list[Added]
    """What was added (or, without writing, would be), file by file."""

    @property
    def failed(self) -> bool:
        return any(problem.level == "error" for problem in self.problems)


class _CellError(Exception):
    """A cell whose value cannot be what its column holds."""


@dataclass(frozen=True)
class _Row:
    """One row of a sheet: each field's cell, as the column headings placed them."""

    sheet: str
    number: int
    cells: dict[str, tuple[int, Any]]
    """Field → (column number, openpyxl cell)."""

    def column_of(self, field_name: str) -> int:
        found = self.cells.get(field_name) or self.cells.get("id")
        return found[0] if found else 1


@dataclass
class _Reading:
    """Everything gathered from a workbook before the plan's files are touched."""

    shown: str
    plan: Plan
    public: Plan
    """The plan as a Part 1 workbook shows it: exempt text replaced by its placeholder."""
    problems: list[WorkbookProblem] = field(default_factory=list)
    sheet_order: dict[str, int] = field(default_factory=dict)
    priorities: dict[int, tuple[str, str | None, _Row]] = field(default_factory=dict)
    actions: dict[str, tuple[Action, _Row]] = field(default_factory=dict)
    updates: dict[str, list[tuple[Update, _Row]]] = field(default_factory=dict)

    def problem(
        self, sheet: str, row: int, column: int, message: str, level: Level = "error"
    ) -> None:
        """A problem at a cell of ``sheet``."""
        from openpyxl.utils import get_column_letter

        self.problems.append(
            WorkbookProblem(
                (self.sheet_order.get(sheet, 0), row, column),
                self.shown,
                sheet,
                f"{get_column_letter(column)}{row}",
                level,
                message,
            )
        )

    def at(self, row: _Row, field_name: str, message: str, level: Level = "error") -> None:
        """A problem at the cell of ``field_name`` in ``row`` (its ID cell if it has none)."""
        self.problem(row.sheet, row.number, row.column_of(field_name), message, level)

    def whole(self, message: str, file: str | None = None) -> None:
        """A problem with the workbook (or a plan file) as a whole."""
        self.problems.append(
            WorkbookProblem((0, 0, 0), file or self.shown, None, None, "error", message)
        )

    @property
    def failed(self) -> bool:
        return any(problem.level == "error" for problem in self.problems)


def import_workbook(path: Path, plan: Plan, today: dt.date, *, write: bool = True) -> Outcome:
    """Read the workbook at ``path`` and add what is new to ``plan``'s files (unless not
    ``write``); nothing is written when any problem is an error."""
    reading = _Reading(str(path), plan, public_plan(plan))
    workbook = _open(path, reading)
    if workbook is None:
        return Outcome(reading.problems, [])
    sheets = _sheets(workbook, reading)
    for _, worksheet in sheets:
        reading.sheet_order[worksheet.title] = len(reading.sheet_order) + 1
    # Priorities before the actions in them, actions before their updates.
    for sheet, worksheet in sorted(sheets, key=lambda item: _READING_ORDER.index(item[0].name)):
        rows = _rows(worksheet, sheet, reading)
        if sheet is PRIORITIES:
            _read_priorities(rows, reading)
        elif sheet is ACTIONS:
            _read_actions(rows, reading)
        elif sheet is UPDATES:
            _read_updates(rows, reading, lead=None)
        else:
            lead = _return_lead(worksheet, reading)
            if lead is not None:
                _read_updates(rows, reading, lead=lead)
    _check_together(reading, today)
    added = [] if reading.failed else _write(reading, today, write=write)
    return Outcome(sorted(reading.problems), added)


# --- opening ---------------------------------------------------------------------------------


def _open(path: Path, reading: _Reading) -> Any:
    from openpyxl import load_workbook

    refuse = reading.whole
    try:
        size = path.stat().st_size
        if size > MAX_WORKBOOK_BYTES:
            refuse(f"the file is over {MAX_WORKBOOK_BYTES // 2**20} MB, larger than any plan")
            return None
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
        if unpacked > MAX_UNPACKED_BYTES:
            refuse(f"the workbook unpacks to over {MAX_UNPACKED_BYTES // 2**20} MB")
            return None
        with warnings.catch_warnings():
            # openpyxl warns of the parts of a workbook it does not keep (a spreadsheet's own
            # extensions to data validation, say); csip reads only values.
            warnings.simplefilter("ignore")
            return load_workbook(path, data_only=False)
    except OSError as error:
        refuse(f"cannot read the file: {error.strerror or error}")
    except zipfile.BadZipFile:
        refuse("not an XLSX workbook (save it from the spreadsheet as Excel Workbook, .xlsx)")
    except Exception as error:  # openpyxl raises many kinds for a damaged workbook
        refuse(f"not an XLSX workbook csip can read ({type(error).__name__}: {error})")
    return None


def _sheets(workbook: Any, reading: _Reading) -> list[tuple[Sheet, Any]]:
    """The workbook's sheets that csip reads, by name (in any case), in the workbook's order."""
    known = {sheet.name.casefold(): sheet for sheet in SHEETS}
    found = [
        (known[worksheet.title.strip().casefold()], worksheet)
        for worksheet in workbook.worksheets
        if worksheet.title.strip().casefold() in known
    ]
    names = ", ".join(sheet.name for sheet in SHEETS)
    if not found:
        reading.whole(
            f"the workbook has none of the sheets csip reads ({names}): start from one that "
            "csip export or csip returns wrote"
        )
    for worksheet in workbook.worksheets:
        if worksheet.title.strip().casefold() not in known and worksheet.max_row > 1:
            reading.problem(
                worksheet.title,
                1,
                1,
                f"this sheet is not read (csip reads {names}): none of its rows is imported",
                "warning",
            )
    return found


def _rows(worksheet: Any, sheet: Sheet, reading: _Reading) -> list[_Row]:
    """The rows under the sheet's headings, each cell placed by its column's heading."""
    from openpyxl.utils import get_column_letter

    key = sheet.column(sheet.required[0]).header.casefold()
    header_row = None
    for row in worksheet.iter_rows(min_row=1, max_row=_HEADING_ROWS, max_col=_HEADING_COLUMNS):
        if any(_heading(cell.value) == key for cell in row):
            header_row = row
            break
    if header_row is None:
        heading = sheet.column(sheet.required[0]).header
        reading.problem(
            worksheet.title,
            1,
            1,
            f"no row of headings: the sheet needs a column headed '{heading}', with the other "
            f"headings beside it, in one of its first {_HEADING_ROWS} rows",
        )
        return []
    by_heading = {column.header.casefold(): column for column in sheet.columns}
    placed: dict[str, tuple[int, Column]] = {}
    heading_number = header_row[0].row

    def refuse(column: int, message: str, level: Level = "error") -> None:
        reading.problem(worksheet.title, heading_number, column, message, level)

    for cell in header_row:
        heading = _heading(cell.value)
        if not heading:
            continue
        column = by_heading.get(heading)
        if column is None:
            written = str(cell.value).strip()
            hint = messages.did_you_mean(written, [c.header for c in sheet.columns])
            refuse(
                cell.column,
                f"csip reads no column headed '{messages.shown(written)}'{hint}: it is left out",
                "warning",
            )
        elif column.field in placed and column.imported:
            first = get_column_letter(placed[column.field][0])
            refuse(cell.column, f"a second column headed '{column.header}' (the first is {first})")
        elif column.imported:
            placed[column.field] = (cell.column, column)
    missing = [field_name for field_name in sheet.required if field_name not in placed]
    for field_name in missing:
        refuse(
            1, f"the {sheet.name} sheet has no column headed '{sheet.column(field_name).header}'"
        )
    if missing:
        return []
    if worksheet.max_row > MAX_SHEET_ROWS:
        reading.problem(
            worksheet.title,
            worksheet.max_row,
            1,
            f"the sheet reaches row {worksheet.max_row:,}, and csip reads at most "
            f"{MAX_SHEET_ROWS:,} rows a sheet: delete the rows below the plan's",
        )
        return []
    last_column = max(number for number, _ in placed.values())
    rows = []
    for cells in worksheet.iter_rows(min_row=heading_number + 1, max_col=last_column):
        row = _Row(
            worksheet.title,
            cells[0].row if cells else 0,
            {
                field_name: (number, cells[number - 1])
                for field_name, (number, _) in placed.items()
                if number <= len(cells)
            },
        )
        if not all(_blank(cell) for _, cell in row.cells.values()):
            rows.append(row)
    return rows


def _heading(value: Any) -> str:
    return " ".join(str(value).split()).casefold() if value is not None else ""


def _blank(cell: Any) -> bool:
    return cell.value is None or (isinstance(cell.value, str) and not cell.value.strip())


# --- cells -----------------------------------------------------------------------------------


def _value(row: _Row, field_name: str, kind: Kind) -> Any:
    """The cell's value as the plan files write it: text, a list of lines, a month, a date.

    None for an empty cell (or a column the sheet does not have); _CellError when the cell
    holds what its column cannot.
    """
    found = row.cells.get(field_name)
    if found is None or _blank(found[1]):
        return None
    cell = found[1]
    value = cell.value
    if cell.data_type == "f":
        raise _CellError(
            f"the cell holds a formula ({messages.shown(str(value))}): csip reads values, so "
            "type the value itself"
        )
    if isinstance(value, bool):
        raise _CellError(f"the cell holds {value}, which is not {_KIND_WORDS[kind]}")
    if kind == "paragraph":
        return _paragraph(_text(value))
    if kind == "date":
        if isinstance(value, dt.datetime | dt.date):
            return value.isoformat()[:10]
        if isinstance(value, int | float):
            raise _CellError(f"{value} is not a date: write it as YYYY-MM-DD, such as 2017-01-31")
        return str(value).strip()
    if kind == "month":
        if isinstance(value, dt.datetime | dt.date):
            if value.day != 1:
                raise _CellError(
                    f"{value.isoformat()[:10]} is a date, not a month: write the month as "
                    "YYYY-MM in a cell formatted as text"
                )
            return f"{value.year:04d}-{value.month:02d}"
        return _text(value)
    if kind == "id" and isinstance(value, float):
        raise _CellError(
            f"the ID {value} is a number here, and a number loses an ID's trailing zeros (1.10 "
            "becomes 1.1): format the column as text and type the ID again"
        )
    if kind == "number":
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, int) or (isinstance(value, str) and _NUMBER.fullmatch(value.strip())):
            return int(value)
        raise _CellError(f"'{messages.shown(_text(value))}' is not a priority number")
    text = _text(value)
    if kind == "lines":
        return _lines(text)
    if kind == "status" and text.lower() in STATUSES:
        return text.lower()  # "Complete", typed over the drop-down: a status whatever its case
    return text


def _lines(text: str) -> list[str]:
    """The items of a cell that holds one a line: each without blank edges, empty lines left
    out."""
    return [line.strip() for line in text.split("\n") if line.strip()]


_KIND_WORDS: dict[Kind, str] = {
    "date": "a date",
    "month": "a month",
    "id": "an action ID",
    "number": "a number",
    "text": "text",
    "lines": "text",
    "status": "a status",
    "rag": "a RAG rating",
    "paragraph": "a paragraph number",
}
_NUMBER = re.compile("[0-9]+")


def _paragraph(text: str) -> int:
    """The paragraph of Schedule 12A an Exempt cell gives, checked as a plan file's is."""
    try:
        return parse(ExemptParagraph, text)
    except ValidationError as error:
        detail = error.errors(include_url=False)[0]
        _, message = messages.describe(
            detail["type"], EXEMPT.header, detail.get("input"), dict(detail.get("ctx") or {}), ()
        )
        raise _CellError(message) from None


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()[:10]
    return _normal(str(value))


def _normal(text: str) -> str:
    """Text as compared and written: line breaks as ``\\n``, no blank edges."""
    from csip.workbook.sheets import clean

    return clean(text.replace("\r\n", "\n").replace("\r", "\n")).strip()


def _values(row: _Row, sheet: Sheet, fields: tuple[str, ...], reading: _Reading) -> dict[str, Any]:
    """The row's values for ``fields``, each read as its column says; a cell that cannot be
    read is a problem, and its value ``_UNREADABLE``."""
    values: dict[str, Any] = {}
    for field_name in fields:
        try:
            value = _value(row, field_name, sheet.column(field_name).kind)
        except _CellError as error:
            reading.at(row, field_name, str(error))
            values[field_name] = _UNREADABLE
            continue
        if value is not None:
            values[field_name] = value
    return values


_UNREADABLE = object()


def _validate(
    model: type[Action] | type[Update],
    data: dict[str, Any],
    row: _Row,
    sheet: Sheet,
    reading: _Reading,
) -> Any:
    """The model of the row's values, or None with each failure reported at its cell."""
    if any(value is _UNREADABLE for value in data.values()):
        return None
    try:
        return parse(model, data)
    except ValidationError as error:
        for detail in error.errors(include_url=False):
            loc = detail["loc"]
            name = str(loc[0]) if loc else "id"
            heading = _header(sheet, name)
            kind = "string_too_short" if detail["type"] == "missing" else detail["type"]
            choices = STATUSES if kind == "literal_error" else ()
            _, message = messages.describe(
                kind, heading, detail.get("input"), dict(detail.get("ctx") or {}), choices
            )
            reading.at(row, name, message)
        return None


def _header(sheet: Sheet, field_name: str) -> str:
    return next(
        (c.header for c in sheet.columns if c.field == field_name and c.imported), field_name
    )


# --- priorities ------------------------------------------------------------------------------


def _read_priorities(rows: list[_Row], reading: _Reading) -> None:
    existing = {priority.number: priority for priority in reading.plan.priorities}
    for row in rows:
        values = _values(row, PRIORITIES, ("priority", "title", "short_title"), reading)
        number, title = values.get("priority"), values.get("title")
        short_title = values.get("short_title")
        if _UNREADABLE in values.values():
            continue
        if number is None or number < 1:
            reading.at(row, "priority", "'Priority' must be a priority number, 1 or more")
            continue
        if number in existing:
            priority = existing[number]
            for name, have, given in (
                ("title", priority.title, title),
                ("short title", priority.short_title, short_title),
            ):
                if given is not None and _normal(have) != given:
                    reading.at(
                        row,
                        "title" if name == "title" else "short_title",
                        f"priority {number} has another {name} in {priority.file} "
                        f"('{messages.shown(have)}'): {_ONLY_ADDS}",
                    )
            continue
        if title is None:
            reading.at(row, "title", f"priority {number} is new: give its title")
            continue
        seen = reading.priorities.get(number)
        if seen is not None and (seen[0], seen[1]) != (title, short_title):
            reading.at(
                row, "title", f"priority {number} is also at {_ref(seen[2])} with another title"
            )
            continue
        reading.priorities.setdefault(number, (title, short_title, row))


_ONLY_ADDS = "import adds to the plan, it never changes what the plan holds"


def _ref(row: _Row, field_name: str = "id") -> str:
    from openpyxl.utils import get_column_letter

    return f"{row.sheet}!{get_column_letter(row.column_of(field_name))}{row.number}"


# --- actions ---------------------------------------------------------------------------------

_ACTION_FIELDS = ("priority", "id", "action", "lead", "agencies", "start", "due", "exempt")


def _read_actions(rows: list[_Row], reading: _Reading) -> None:
    plan = reading.plan
    numbers = {priority.number for priority in plan.priorities}
    for row in rows:
        values = _values(row, ACTIONS, _ACTION_FIELDS, reading)
        if _UNREADABLE in values.values():
            if values.get("id") not in plan.actions_by_id:
                _unknown_codes(values, row, reading)
            continue
        action_id = values.get("id")
        existing = plan.actions_by_id.get(action_id) if isinstance(action_id, str) else None
        if existing is not None:
            _compare_action(existing, values, row, reading)
            continue
        number = values.pop("priority", None)
        header = reading.plan.header
        values["lead"] = _codes(values.get("lead", []), header.roles)
        values["agencies"] = _codes(values.get("agencies", []), header.agencies)
        action = _validate(Action, values, row, ACTIONS, reading)
        if action is None:
            _unknown_codes(values, row, reading)
            continue
        if _placeholders(row, "action", {"action": [action.action]}, reading):
            continue
        first = id_key(action.id)[0]
        if number is not None and number != first:
            reading.at(
                row,
                "priority",
                f"action '{action.id}' is in priority {first}, as its ID's first part says, "
                f"not {number}",
            )
            continue
        if first not in numbers and first not in reading.priorities:
            reading.at(
                row,
                "id",
                f"the plan has no priority {first}: to add it, give its number and title on the "
                "Priorities sheet",
            )
            continue
        seen = reading.actions.get(action.id)
        if seen is not None:
            if seen[0] != action:
                what = _first_difference(seen[0], action)
                reading.at(
                    row,
                    what,
                    f"action '{action.id}' is also at {_ref(seen[1])}, with another "
                    f"{_ACTION_WORDS[what]}",
                )
            continue
        reading.actions[action.id] = (action, row)


_ACTION_WORDS = {
    "priority": "priority",
    "action": "action text",
    "lead": "lead",
    "agencies": "agencies",
    "start": "start month",
    "due": "due month",
    "exempt": "exempt paragraph",
    "id": "ID",
}
_UPDATE_WORDS = {
    "date": "date",
    "status": "status",
    "note": "note",
    "due": "revised due month",
    "evidence": "evidence",
    "exempt": "exempt paragraph",
}


def _placeholders(row: _Row, what: str, texts: dict[str, list[str]], reading: _Reading) -> bool:
    """Whether a text of a new row is a placeholder: each such cell is an error, for the row's
    exempt text is not in the plan for the placeholder to stand for."""
    found = False
    for name, items in texts.items():
        text = next((item for item in items if is_placeholder(item)), None)
        if text is not None:
            reading.at(
                row,
                name,
                f"'{messages.shown(text)}' is the placeholder of exempt text, but this {what} is "
                f"new to the plan: write the text itself, and its paragraph under "
                f"'{EXEMPT.header}'",
            )
            found = True
    return found


def _unknown_codes(values: dict[str, Any], row: _Row, reading: _Reading) -> None:
    """The lead and agency codes plan.yaml does not declare, in a new row that fails in another
    cell: checked here, since the plan's checks see only rows that pass, so that one mistake in
    a row hides no other."""
    header = reading.plan.header
    plan_path = str(Path(reading.plan.directory) / "plan.yaml")
    for name, what, declared in (
        ("lead", "role", header.roles),
        ("agencies", "agency", header.agencies),
    ):
        lines = values.get(name)
        codes = _codes(lines, declared) if isinstance(lines, list) else []
        unknown = [code for code in codes if isinstance(code, str) and code not in declared]
        if unknown:
            suggestions = messages.Suggestions(declared)
            for code in unknown:
                reading.at(row, name, messages.unknown_code(what, code, plan_path, suggestions))


def _codes(lines: list[str], declared: Any) -> list[str]:
    """Codes one per line; a line of declared codes joined by commas is taken apart."""
    codes: list[str] = []
    for line in lines:
        parts = [part.strip() for part in line.split(",")]
        if line not in declared and len(parts) > 1 and all(part in declared for part in parts):
            codes += parts
        else:
            codes.append(line)
    return codes


def _first_difference(first: Action, second: Action) -> str:
    for name in ("action", "lead", "agencies", "start", "due", "exempt"):
        if getattr(first, name) != getattr(second, name):
            return name
    return "id"


def _compare_action(action: Action, values: dict[str, Any], row: _Row, reading: _Reading) -> None:
    """A row for an action the plan holds: every cell given must say what the plan says.

    Its text may instead be the placeholder that Part 1 shows for it. Its Exempt cell, where
    the sheet has the column, is compared even when empty: an empty cell says "not exempt".
    """
    plan = reading.plan
    header = plan.header
    public = reading.public.actions_by_id[action.id]
    have: dict[str, Any] = {
        "priority": id_key(action.id)[0],
        "action": _normal(action.action),
        "lead": [_normal(code) for code in action.lead],
        "agencies": [_normal(code) for code in action.agencies],
        "start": plan.start_of(action),
        "due": action.due,
        "exempt": action.exempt,
    }
    given = dict(values)
    if "lead" in given:
        given["lead"] = _codes(given["lead"], header.roles)
    if "agencies" in given:
        given["agencies"] = _codes(given["agencies"], header.agencies)
    if "exempt" in row.cells:
        given.setdefault("exempt", None)
    if given.get("action") == _normal(public.action):
        given["action"] = have["action"]
    for name, value in have.items():
        if name in given and given[name] != value:
            if name == "action":
                value = _normal(public.action)
            shown = "; ".join(value) if isinstance(value, list) else str(value or "")
            reading.at(
                row,
                name,
                f"action '{action.id}' has another {_ACTION_WORDS[name]} in "
                f"{_priority_file(plan, action.id)} "
                f"('{messages.shown(shown) or 'none'}'): {_ONLY_ADDS}",
            )


# --- updates ---------------------------------------------------------------------------------


def _return_lead(worksheet: Any, reading: _Reading) -> str | None:
    """The lead role a return is for, from its Lead row; None (with a problem) if it has none."""
    row_number, label = RETURN_LEAD
    name_cell = worksheet.cell(row=row_number, column=1).value
    code_cell = worksheet.cell(row=row_number, column=2).value
    if _heading(name_cell) != label.casefold():
        reading.problem(
            worksheet.title,
            row_number,
            1,
            f"a return names its lead in row {row_number}: '{label}' here, its code beside it",
        )
        return None
    code = _text(code_cell) if code_cell is not None else ""
    roles = reading.plan.header.roles
    if code not in roles:
        reading.problem(
            worksheet.title,
            row_number,
            2,
            f"unknown role '{messages.shown(code)}': plan.yaml does not declare it"
            f"{messages.did_you_mean(code, roles)}",
        )
        return None
    return code


def _read_updates(rows: list[_Row], reading: _Reading, lead: str | None) -> None:
    plan = reading.plan
    sheet = RETURN if lead is not None else UPDATES
    for row in rows:
        if lead is not None and all(
            name not in row.cells or _blank(row.cells[name][1]) for name in UPDATE_FIELDS
        ):
            continue
        try:
            action_id = _value(row, "id", "id")
        except _CellError as error:
            reading.at(row, "id", str(error))
            continue
        if action_id is None:
            reading.at(row, "id", "'ID' must not be empty: give the ID of the action this updates")
            continue
        existing = plan.actions_by_id.get(action_id)
        if existing is None and (lead is not None or action_id not in reading.actions):
            reading.at(row, "id", unknown_action(plan, action_id))
            continue
        if lead is not None and existing is not None and lead not in existing.lead:
            reading.at(
                row,
                "id",
                f"action '{action_id}' is not led by {lead}, whose return this is: its lead is "
                f"{', '.join(existing.lead)}",
            )
            continue
        written = row.cells.get("action")
        if lead is not None and existing is not None and written and not _blank(written[1]):
            # The action's text is there to read by; other text there is a contradiction too.
            _compare_action(existing, _values(row, sheet, ("action",), reading), row, reading)
        fields = tuple(name for name in UPDATE_FIELDS if sheet.has(name))
        values = _values(row, sheet, fields, reading)
        update = _validate(Update, values, row, sheet, reading)
        if update is None:
            continue
        held: list[tuple[Update, Update]] = []
        if existing is not None:
            public = reading.public.actions_by_id[action_id]
            held = list(zip(existing.updates, public.updates, strict=True))
        if _already(action_id, update, row, held, reading):
            continue
        texts = {"note": [update.note] if update.note else [], "evidence": update.evidence}
        if _placeholders(row, "update", texts, reading):
            continue
        reading.updates.setdefault(action_id, []).append((update, row))


def _already(
    action_id: str,
    update: Update,
    row: _Row,
    held: list[tuple[Update, Update]],
    reading: _Reading,
) -> bool:
    """Whether the plan or the workbook already has this update; a different one of the same
    action on the same date is a contradiction, reported at the first cell that differs.

    ``held``: the action's updates in the plan, each with the update as Part 1 shows it.
    """
    same_day = [(other, public) for other, public in held if other.date == update.date]
    if any(not _update_difference(other, update, row, public) for other, public in same_day):
        return True
    if same_day:
        other, public = same_day[0]
        where = _priority_file(reading.plan, action_id)
        what = _update_difference(other, update, row, public)
        reading.at(
            row,
            what,
            f"action '{action_id}' already has an update dated {update.date} in {where}, with "
            f"another {_UPDATE_WORDS[what]}: {_ONLY_ADDS}",
        )
        return True
    for other, other_row in reading.updates.get(action_id, []):
        if other.date != update.date:
            continue
        what = _update_difference(other, update, row)
        if not what:
            return True
        reading.at(
            row,
            what,
            f"action '{action_id}' has another update dated {update.date} at {_ref(other_row)}: "
            "one update a day, or make the two the same",
        )
        return True
    return False


def _update_difference(held: Update, given: Update, row: _Row, public: Update | None = None) -> str:
    """The first field in which the row's update differs from ``held``, as the workbook writes
    them, or ''. A field that says what ``public`` (``held`` as Part 1 shows it) says is the
    same: its placeholder stands for the held text. A field is compared only where the row's
    sheet has its column: a column left out (a return has no Exempt) says nothing of it."""
    for name in UPDATE_FIELDS:
        if name not in row.cells:
            continue
        cell = _as_written(given, name)
        if cell != _as_written(held, name) and (
            public is None or cell != _as_written(public, name)
        ):
            return name
    return ""


def _as_written(update: Update, name: str) -> Any:
    """One field of an update as the workbook writes it."""
    value = getattr(update, name)
    if name == "evidence":
        return _lines(_normal("\n".join(value)))  # the items as a cell of them reads back
    if name == "note":
        return _normal(value or "")
    return value


def _priority_file(plan: Plan, action_id: str) -> str:
    number = id_key(action_id)[0]
    return next((p.file for p in plan.priorities if p.number == number), "the plan")


# --- the plan's own checks, on the plan with the additions -------------------------------------


def _check_together(reading: _Reading, today: dt.date) -> None:
    """Run ``csip validate``'s cross-file checks over the plan with the additions, and report
    what they find in an addition at its cell."""
    plan = reading.plan
    places: dict[tuple[str, int, int | None], _Row] = {}
    header = (str(Path(plan.directory) / "plan.yaml"), plan.header)
    parts = Parts(plan_file=header, plan_readable=Readable(*header))
    files = {priority.number: priority.file for priority in plan.priorities}
    for number, (title, short_title, _) in reading.priorities.items():
        files[number] = str(_new_file(plan, number, title, short_title))
    by_file: dict[str, list[Action]] = {path: [] for path in files.values()}
    for priority in plan.priorities:
        by_file[priority.file] = list(priority.actions)
    new = sorted(reading.actions.values(), key=lambda item: id_key(item[0].id))
    for action, row in new:
        path = files[id_key(action.id)[0]]
        places[(path, len(by_file[path]), None)] = row
        by_file[path].append(action)
    last_before: dict[tuple[str, int], dt.date] = {}
    for path, actions in by_file.items():
        for index, action in enumerate(actions):
            updates = sorted(reading.updates.get(action.id, []), key=lambda item: item[0].date)
            if not updates:
                continue
            merged = [*action.updates, *(update for update, _ in updates)]
            for offset, (_, row) in enumerate(updates, start=len(action.updates)):
                places[(path, index, offset)] = row
                if offset:
                    last_before[(row.sheet, row.number)] = max(u.date for u in merged[:offset])
            actions[index] = replace(action, updates=merged)
    numbers = {path: number for number, path in files.items()}
    for path, actions in by_file.items():
        enumerated = list(enumerate(actions))
        ids = [(index, action.id) for index, action in enumerated]
        parts.priority_files.append(
            PriorityPart(path, numbers[path], ids, len(actions), (enumerated, None), passed=False)
        )
    for finding in run_checks(parts, today):
        found, name = _place(finding, places)
        if found is None:
            continue
        message = finding.message
        if finding.related is not None:
            message = message.replace("{related}", finding.related[0])
        before = last_before.get((found.sheet, found.number))
        if finding.code == "updates-out-of-order" and before is not None:
            # The check's words are for a log in a file; here the update is new, and goes last.
            message = before_last_update(
                dt.date.fromisoformat(_value(found, "date", "date")), before
            )
        reading.at(found, name, message, finding.level)


def _place(
    finding: Finding, places: dict[tuple[str, int, int | None], _Row]
) -> tuple[_Row | None, str]:
    """The row and field of a finding about something the workbook adds, or (None, '')."""
    loc = finding.loc
    if len(loc) < 2 or loc[0] != "actions" or not isinstance(loc[1], int):
        return None, ""
    if len(loc) >= 4 and loc[2] == "updates" and isinstance(loc[3], int):
        row = places.get((finding.file, loc[1], loc[3]))
        if row is not None:
            return row, str(loc[4]) if len(loc) > 4 else "date"
    row = places.get((finding.file, loc[1], None))
    if row is None:
        return None, ""
    name = str(loc[2]) if len(loc) > 2 else "id"
    return row, name if name != "updates" else "id"


# --- writing ---------------------------------------------------------------------------------


def _write(reading: _Reading, today: dt.date, *, write: bool) -> list[Added]:
    """The additions as new lines in the plan's files: checked whole, then written whole."""
    plan = reading.plan
    directory = Path(plan.directory)
    changes: dict[Path, str] = {}
    read: dict[Path, bytes | None] = {}
    added: list[Added] = []
    new_actions: dict[int, list[Action]] = {}
    for action, _ in reading.actions.values():
        log = sorted((update for update, _ in reading.updates.get(action.id, [])), key=_date)
        new_actions.setdefault(id_key(action.id)[0], []).append(replace(action, updates=log))
    for priority in plan.priorities:
        actions = new_actions.get(priority.number, [])
        updates = {
            action.id: sorted((u for u, _ in reading.updates[action.id]), key=_date)
            for action in priority.actions
            if action.id in reading.updates
        }
        if not actions and not updates:
            continue
        path = Path(priority.file)
        try:
            raw = read[path] = path.read_bytes()
            changes[path] = edit_priority_file(raw.decode("utf-8"), actions, updates)
        except (OSError, UnicodeDecodeError, EditError) as error:
            reading.whole(_reason(error), file=str(path))
            continue
        count = sum(len(items) for items in updates.values())
        added.append(Added(path, False, [a.id for a in actions], count + _updates_of(actions)))
    for number, (title, short_title, _) in sorted(reading.priorities.items()):
        actions = new_actions.get(number, [])
        path = _new_file(plan, number, title, short_title)
        changes[path] = new_priority_file(number, title, short_title, actions)
        read[path] = None
        added.append(Added(path, True, [a.id for a in actions], _updates_of(actions)))
    if reading.failed:
        return []
    problems = [p for p in problems_after(directory, changes, today) if p.level == "error"]
    for problem in problems:
        reading.whole(f"the plan would not be valid with what the workbook adds: {problem.text()}")
    if problems:
        return []
    if write:
        refused = write_changes(directory, changes, read)
        if refused is not None:
            reading.whole(refused)
            return []
    return sorted(added, key=lambda item: str(item.file))


def _new_file(plan: Plan, number: int, title: str, short_title: str | None) -> Path:
    """Where a new priority's file goes: named like the others, never over an existing file."""
    name = file_name(number, short_title or title)
    path = Path(plan.directory) / name
    copy = 2
    while path.exists():
        path = path.with_name(f"{Path(name).stem}-{copy}.yaml")
        copy += 1
    return path


def _date(update: Update) -> dt.date:
    return update.date


def _updates_of(actions: list[Action]) -> int:
    return sum(len(action.updates) for action in actions)


def _reason(error: Exception) -> str:
    if isinstance(error, OSError):
        return f"cannot read the file: {error.strerror or error}"
    if isinstance(error, UnicodeDecodeError):
        return "not UTF-8 text"
    return f"cannot add to the file: {error}"
