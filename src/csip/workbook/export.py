"""``csip export --format xlsx``: the whole plan as one workbook, as of a date.

Sheets ``Actions`` (one row per action, with its status, RAG, revised due month and latest note
as of D), ``Updates`` (one row per update dated on or before D) and ``Priorities`` (the number
and titles of each, so that a new priority can be added in the workbook too). What ``csip
import`` reads back is exactly what the plan holds, so importing this workbook changes nothing.

Every text and every state comes from one snapshot for the workbook's audience: for the public
(Part 1), exempt text is already its placeholder there, and import reads a placeholder back as
"unchanged". Each action and update row carries its ``Exempt`` paragraph.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from openpyxl import Workbook

from csip import months
from csip.figures.snapshot import Snapshots
from csip.workbook.layout import ACTIONS, PRIORITIES, UPDATES, Sheet
from csip.workbook.sheets import (
    add_sheet,
    finish_sheet,
    fit_row,
    new_workbook,
    part_notice,
    put,
)


def plan_workbook(snapshots: Snapshots, as_of: dt.date, made: dt.datetime) -> Workbook:
    """The workbook of the plan as it stood at the end of ``as_of``, for the audience of
    ``snapshots``."""
    plan = snapshots.plan
    snapshot = snapshots.at(as_of)
    notice = part_notice(plan)
    workbook = new_workbook(plan.title, made)
    as_at = months.date_label(as_of)

    rows: list[dict[str, Any]] = []
    for now in snapshot.states:
        action = now.action
        rows.append(
            {
                "priority": now.priority,
                "id": action.id,
                "action": action.action,
                "lead": action.lead,
                "agencies": action.agencies,
                "start": now.start,
                "due": action.due,
                "exempt": action.exempt,
                "status": now.status,
                "rag": now.rag,
                "revised_due": now.revised_due,
                "note": now.note,
            }
        )
    _fill(
        workbook,
        ACTIONS,
        rows,
        [
            f"{plan.title}: actions as at {as_at}",
            f"{plan.header.organisation}. Grey columns (status, RAG, revised due, latest note) "
            f"are as at {as_at}, worked out from the Updates sheet; csip import reads the others.",
        ],
        f"{plan.title}: actions as at {as_at}",
        made,
        notice,
    )

    updates = [
        {
            "id": now.id,
            "date": update.date,
            "status": update.status,
            "note": update.note,
            "due": update.due,
            "evidence": update.evidence,
            "exempt": update.exempt,
        }
        for now in snapshot.states
        for update in now.action.updates
    ]
    _fill(
        workbook,
        UPDATES,
        updates,
        [
            f"{plan.title}: progress updates",
            "One row per update of the plan, oldest first for each action; those dated after "
            f"{as_at} do not count in the grey columns of Actions. Add a row to add an update; "
            "csip import never changes or removes what the plan already holds.",
        ],
        f"{plan.title}: progress updates",
        made,
        notice,
    )

    priorities = [
        {"priority": p.number, "title": p.title, "short_title": p.short_title}
        for p in snapshot.priorities
    ]
    _fill(
        workbook,
        PRIORITIES,
        priorities,
        [
            f"{plan.title}: priorities as at {as_at}",
            "To add a priority, give its number and title here and its actions on the "
            "Actions sheet.",
        ],
        f"{plan.title}: priorities as at {as_at}",
        made,
        notice,
    )
    return workbook


def _fill(
    workbook: Workbook,
    sheet: Sheet,
    rows: list[dict[str, Any]],
    lines: list[str],
    running_head: str,
    made: dt.datetime,
    notice: str | None,
) -> None:
    worksheet = add_sheet(workbook, sheet, lines, running_head, made, notice)
    row = sheet.header_row
    for row, values in enumerate(rows, start=sheet.header_row + 1):
        for index, column in enumerate(sheet.columns, start=1):
            put(worksheet, row, index, column, values.get(column.field))
        fit_row(worksheet, row, sheet.columns)
    finish_sheet(worksheet, sheet, row)
