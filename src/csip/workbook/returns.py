"""``csip returns``: the monthly return each lead officer fills in, one workbook per lead role.

A return lists the lead's actions still open at the month's end (not complete, not withdrawn):
their text, published due month, revised due month, RAG and latest note as they stand, and
beside them empty cells for the new update: its date, status (a drop-down), note, revised due
month and evidence. ``csip import`` reads the filled-in return back; the lead and month it is
for are in its rows 2 and 3. The actions and their states come from the month-end snapshot for
the returns' audience, so that a Part 1 return shows exempt text only as its placeholder.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from csip import months
from csip.figures.rag import ActionState
from csip.figures.snapshot import Snapshot, Snapshots
from csip.model.domain import Plan
from csip.workbook.layout import RETURN, RETURN_LEAD, RETURN_MONTH
from csip.workbook.sheets import (
    TEXT_FORMAT,
    add_sheet,
    clean,
    date_check,
    finish_sheet,
    fit_row,
    new_workbook,
    part_notice,
    put,
)


@dataclass(frozen=True)
class Return:
    """One lead's return: the file name it is saved as and the workbook."""

    lead: str
    name: str
    actions: int
    workbook: Workbook


def open_actions(snapshot: Snapshot, lead: str) -> list[ActionState]:
    """The lead's actions that are neither complete nor withdrawn as of the snapshot's date."""
    return [
        state
        for state in snapshot.states
        if lead in state.action.lead and state.status not in ("complete", "withdrawn")
    ]


def lead_returns(snapshots: Snapshots, month: str, made: dt.datetime) -> list[Return]:
    """A return for every lead role with an open action at the end of ``month``, in the order
    plan.yaml declares the roles, for the audience of ``snapshots``."""
    plan = snapshots.plan
    snapshot = snapshots.month_end(month)
    names: set[str] = set()
    made_returns = []
    for lead, meaning in plan.header.roles.items():
        states = open_actions(snapshot, lead)
        if not states:
            continue
        name = _file_name(month, lead, names)
        names.add(name)
        workbook = _return_workbook(plan, lead, meaning or lead, month, states, made)
        made_returns.append(Return(lead, name, len(states), workbook))
    return made_returns


def _file_name(month: str, lead: str, taken: set[str]) -> str:
    """``return-2017-01-HOS-C-R.xlsx``; a code that reads the same as another gets a number."""
    words = re.sub(r"[^A-Za-z0-9]+", "-", lead).strip("-") or "lead"
    name = f"return-{month}-{words}.xlsx"
    copy = 2
    while name.casefold() in {taken_name.casefold() for taken_name in taken}:
        name = f"return-{month}-{words}-{copy}.xlsx"
        copy += 1
    return name


def _return_workbook(
    plan: Plan,
    lead: str,
    meaning: str,
    month: str,
    states: list[ActionState],
    made: dt.datetime,
) -> Workbook:
    as_of = months.last_day(month)
    as_at = months.date_label(as_of)
    workbook = new_workbook(f"{plan.title}: return for {lead}, {months.long_label(month)}", made)
    first_input = _column_number("date")
    input_letters = f"{get_column_letter(first_input)} to {get_column_letter(len(RETURN.columns))}"
    worksheet = add_sheet(
        workbook,
        RETURN,
        [f"{plan.title}: monthly return for {months.long_label(month)}"],
        f"Return for {lead}: actions open at {as_at}",
        made,
        part_notice(plan),
    )
    (lead_row, lead_label), (month_row, month_label) = RETURN_LEAD, RETURN_MONTH
    _label(worksheet, lead_row, lead_label, lead, meaning)
    _label(worksheet, month_row, month_label, month, f"Actions open (not complete) at {as_at}")
    instructions = worksheet.cell(
        row=month_row + 1,
        column=1,
        value=(
            f"Give each action's update in columns {input_letters}: its date, its status (from "
            "the list), a note, any revised due month (YYYY-MM) and the evidence, one item per "
            "line. Leave a row empty when there is no update."
        ),
    )
    instructions.font = Font(name="Calibri", italic=True)
    row = RETURN.header_row
    for row, state in enumerate(states, start=RETURN.header_row + 1):
        values: dict[str, Any] = {
            "id": state.id,
            "action": state.action.action,
            "due_month": state.due,
            "revised_due": state.revised_due,
            "rag": state.rag,
            "latest_note": state.note,
        }
        for index, column in enumerate(RETURN.columns, start=1):
            put(worksheet, row, index, column, values.get(column.field), boxed=index >= first_input)
        fit_row(worksheet, row, RETURN.columns)
    finish_sheet(worksheet, RETURN, row)
    date_check(
        worksheet,
        get_column_letter(first_input),
        RETURN.header_row + 1,
        months.first_day(plan.starts),
    )
    worksheet.freeze_panes = f"B{RETURN.header_row + 1}"
    return workbook


def _column_number(field_name: str) -> int:
    return next(i for i, c in enumerate(RETURN.columns, start=1) if c.field == field_name)


def _label(worksheet: Any, row: int, label: str, value: str, words: str) -> None:
    """A row naming what the return is for: the label, the value csip reads, and in words."""
    worksheet.cell(row=row, column=1, value=label).font = Font(name="Calibri", bold=True)
    cell = worksheet.cell(row=row, column=2, value=clean(value))
    cell.data_type = "s"
    cell.number_format = TEXT_FORMAT
    cell.font = Font(name="Calibri", bold=True)
    worksheet.cell(row=row, column=3, value=clean(words)).data_type = "s"
