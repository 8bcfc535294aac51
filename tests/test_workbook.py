"""The workbook: export, import and the leads' monthly returns (spec section 13).

Export then import changes nothing; import adds exactly the new rows as new lines; every row that
contradicts the plan and every bad cell is an error at its cell, and then nothing is written.
The LibreOffice test (skipped where LibreOffice is not installed: Debian's
``libreoffice-calc-nogui``) opens an exported workbook and converts it to CSV.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
import subprocess
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from conftest import PLAN_YAML, REFERENCE_PLAN, PlanWriter
from openpyxl.worksheet.worksheet import Worksheet
from typer.testing import CliRunner, Result

from csip.cli import app
from csip.figures.snapshot import Snapshots
from csip.plan_folder import load_plan
from csip.words import RAG_COLOURS
from csip.workbook.returns import lead_returns

MADE = dt.datetime(2026, 11, 25, tzinfo=dt.UTC)

LEADERSHIP = """\
priority: 1
title: Leadership and Governance
short_title: Leadership
actions:
  - id: "1.1"
    action: Appoint a permanent Director of Children's Services.
    lead: DCS
    due: 2016-09
    updates:
      - date: 2016-09-30
        status: complete
        note: Appointed.
        evidence: [Appointment letter, Council minutes]
  - id: "1.2"
    action: >-
      Report quarterly to the Improvement Board on progress against the plan.
    lead: [DCS, "HOS C&R"]
    agencies: [Health]
    start: 2016-06
    due: 2016-09
    updates:
      - date: 2016-11-30
        status: in-progress
        note: First report drafted.
        due: 2017-04
  - id: "1.3"
    action: "=HYPERLINK(\\"http://example.com\\") Review the governance."
    lead: "HOS C&R"
    start: 2017-03
    due: 2017-06
"""
CARE_LEAVERS = """\
# Care leavers: kept by the leaving care team.
priority: 2
title: Supporting Care Leavers
actions:
  - id: "2.1"
    action: Review every pathway plan.
    lead: "HOS C&R"
    agencies: [Police]
    due: 2016-12
    updates:
      - date: 2016-12-15
        status: in-progress
        note: Draft policy out for consultation.

  - id: "2.2"
    action: Set up a separate audit panel.
    lead: DCS
    due: 2016-10
    updates:
      - date: 2016-10-31
        status: withdrawn
        note: Merged into 2.1.
"""
FILES = {"01-leadership.yaml": LEADERSHIP, "02-care-leavers.yaml": CARE_LEAVERS}


@pytest.fixture
def plan_dir(write_plan: PlanWriter) -> Path:
    return write_plan(FILES)


def run(runner: CliRunner, *args: str) -> Result:
    return runner.invoke(app, list(args), catch_exceptions=False)


def contents(directory: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(directory)): path.read_bytes()
        for path in sorted(directory.rglob("*"))
        if path.is_file()
    }


def exported(runner: CliRunner) -> Path:
    """The fixture plan exported as at the end of January 2017, as ``plan.xlsx``."""
    result = run(
        runner, "export", "--format", "xlsx", "--output", "plan.xlsx", "--month", "2017-01"
    )
    assert result.exit_code == 0, result.stderr
    return Path("plan.xlsx")


def values(worksheet: Worksheet, first: int = 1) -> list[list[Any]]:
    return [list(row) for row in worksheet.iter_rows(min_row=first, values_only=True)]


def change(path: Path, edit: Callable[[openpyxl.Workbook], None]) -> None:
    workbook = openpyxl.load_workbook(path)
    edit(workbook)
    workbook.save(path)


def imported(runner: CliRunner, path: Path, *args: str) -> Result:
    return run(runner, "import", str(path), *args)


# --- export ----------------------------------------------------------------------------------


def test_the_actions_sheet(runner: CliRunner, plan_dir: Path) -> None:
    result = run(runner, "export", "--output", "plan.xlsx", "--month", "2017-01")
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == "Wrote plan.xlsx: 5 actions as at 31 January 2017\n"
    sheet = openpyxl.load_workbook("plan.xlsx")["Actions"]
    assert sheet["A1"].value == "Test plan: actions as at 31 January 2017"
    assert values(sheet, 3) == [
        ["Priority", "ID", "Action", "Lead", "Agencies", "Start", "Due", "Exempt", "Status",
         "RAG", "Revised due", "Latest note"],
        [1, "1.1", "Appoint a permanent Director of Children's Services.", "DCS", None,
         "2016-05", "2016-09", None, "complete", "Green", None, "Appointed."],
        [1, "1.2", "Report quarterly to the Improvement Board on progress against the plan.",
         "DCS\nHOS C&R", "Health", "2016-06", "2016-09", None, "in-progress", "Red", "2017-04",
         "First report drafted."],
        [1, "1.3", '=HYPERLINK("http://example.com") Review the governance.', "HOS C&R", None,
         "2017-03", "2017-06", None, "not-started", "White", None, None],
        [2, "2.1", "Review every pathway plan.", "HOS C&R", "Police", "2016-05", "2016-12",
         None, "in-progress", "Red", None, "Draft policy out for consultation."],
        [2, "2.2", "Set up a separate audit panel.", "DCS", None, "2016-05", "2016-10", None,
         "withdrawn", "Withdrawn", None, "Merged into 2.1."],
    ]  # fmt: skip
    assert sheet["C6"].data_type == "s"  # plan text is never a formula
    assert sheet["G4"].data_type == "s"  # months are text
    assert sheet.freeze_panes == "C4"
    assert sheet.auto_filter.ref == "A3:L8"
    assert sheet.print_title_rows == "$3:$3"
    assert sheet.oddHeader is not None
    assert sheet.oddHeader.center.text == "Test plan: actions as at 31 January 2017"
    assert [sheet.column_dimensions[letter].width for letter in "ABCDHL"] == [9, 9, 60, 20, 8, 60]


def test_rag_cells_carry_the_word_on_its_colour(runner: CliRunner, plan_dir: Path) -> None:
    sheet = openpyxl.load_workbook(exported(runner))["Actions"]
    cells = {sheet[f"J{row}"].value: sheet[f"J{row}"] for row in range(4, 9)}
    assert sorted(cells) == ["Green", "Red", "White", "Withdrawn"]
    for word, cell in cells.items():
        assert cell.fill.fgColor.rgb == "00" + RAG_COLOURS[word.casefold()].lstrip("#").upper()
    assert cells["Green"].font.color.rgb == "00FFFFFF"
    assert cells["White"].font.color.rgb == "00000000"


def test_the_updates_sheet(runner: CliRunner, plan_dir: Path) -> None:
    workbook = openpyxl.load_workbook(exported(runner))
    sheet = workbook["Updates"]
    assert sheet["A1"].value == "Test plan: progress updates"
    assert values(sheet, 3) == [
        ["ID", "Date", "Status", "Note", "Revised due", "Evidence", "Exempt"],
        ["1.1", dt.datetime(2016, 9, 30), "complete", "Appointed.", None,
         "Appointment letter\nCouncil minutes", None],
        ["1.2", dt.datetime(2016, 11, 30), "in-progress", "First report drafted.", "2017-04", None,
         None],
        ["2.1", dt.datetime(2016, 12, 15), "in-progress", "Draft policy out for consultation.",
         None, None, None],
        ["2.2", dt.datetime(2016, 10, 31), "withdrawn", "Merged into 2.1.", None, None, None],
    ]  # fmt: skip
    assert sheet["B4"].number_format == "yyyy-mm-dd"
    assert sheet.freeze_panes == "C4"
    choices = sheet.data_validations.dataValidation
    assert [(v.type, v.formula1, str(v.sqref)) for v in choices] == [
        ("list", '"not-started,in-progress,complete,withdrawn"', "C4:C1048576")
    ]
    assert values(workbook["Priorities"], 3) == [
        ["Priority", "Title", "Short title"],
        [1, "Leadership and Governance", "Leadership"],
        [2, "Supporting Care Leavers", "Supporting Care Leavers"],
    ]
    assert workbook.sheetnames == ["Actions", "Updates", "Priorities"]


def test_an_export_as_of_a_date_holds_every_update_and_its_status_then(
    runner: CliRunner, plan_dir: Path
) -> None:
    """The Updates sheet is the whole plan's log (spec section 13); only the grey columns of
    Actions are as of the date."""
    whole = openpyxl.load_workbook(exported(runner))
    result = run(runner, "export", "--output", "october.xlsx", "--as-of", "2016-10-31")
    assert result.exit_code == 0
    workbook = openpyxl.load_workbook("october.xlsx")
    assert values(workbook["Updates"], 4) == values(whole["Updates"], 4)
    assert [row[0] for row in values(workbook["Updates"], 4)] == ["1.1", "1.2", "2.1", "2.2"]
    assert workbook["Actions"]["I5"].value == "not-started"


def test_long_text_stays_within_what_excel_opens_without_repair(
    runner: CliRunner, write_plan: PlanWriter
) -> None:
    long_title = "Children's Services Improvement Plan & " * 10
    write_plan(
        {
            "plan.yaml": PLAN_YAML.replace("title: Test plan", f"title: {long_title.strip()}"),
            "01-leadership.yaml": LEADERSHIP.replace("note: Appointed.", "note: " + "word " * 3000),
        },
        header=False,
    )
    workbook = openpyxl.load_workbook(exported(runner))
    sheet = workbook["Actions"]
    assert sheet.row_dimensions[4].height == 409  # Excel's tallest row
    assert sheet.oddHeader is not None
    header = sheet.oddHeader.center.text or ""
    assert len(header) <= 255
    assert header.endswith("\N{HORIZONTAL ELLIPSIS}")


def test_export_needs_an_output_file(runner: CliRunner, plan_dir: Path) -> None:
    result = run(runner, "export")
    assert result.exit_code == 2
    assert result.stderr == (
        "csip: error: missing option '--output' / '-o' (see 'csip export --help')\n"
    )


# --- import: what is already there -----------------------------------------------------------


def test_importing_an_export_changes_nothing(runner: CliRunner, plan_dir: Path) -> None:
    before = contents(plan_dir)
    result = imported(runner, exported(runner))
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == "Nothing to add: the plan already holds everything in plan.xlsx.\n"
    assert contents(plan_dir) == before


def test_text_xml_cannot_hold_is_exported_as_the_replacement_character(
    runner: CliRunner, write_plan: PlanWriter
) -> None:
    """U+FFFF in an action's text: the export is still a workbook, which imports unchanged."""
    odd = CARE_LEAVERS.replace("Review every pathway plan.", '"Review every \\uFFFF plan."')
    plan_dir = write_plan({**FILES, "02-care-leavers.yaml": odd})
    before = contents(plan_dir)
    path = exported(runner)
    cells = values(openpyxl.load_workbook(path)["Actions"])
    assert ["Review every \N{REPLACEMENT CHARACTER} plan." in row for row in cells].count(True) == 1
    result = imported(runner, path)
    assert (result.exit_code, result.stderr) == (0, "")
    assert contents(plan_dir) == before


@pytest.mark.parametrize(
    "evidence",
    ['["Appointment letter ", Council minutes]', '[Appointment letter, "  Council minutes"]'],
)
def test_importing_an_export_changes_nothing_when_evidence_has_blank_edges(
    runner: CliRunner, write_plan: PlanWriter, evidence: str
) -> None:
    padded = LEADERSHIP.replace("[Appointment letter, Council minutes]", evidence)
    plan_dir = write_plan({**FILES, "01-leadership.yaml": padded})
    before = contents(plan_dir)
    result = imported(runner, exported(runner))
    assert (result.exit_code, result.stderr) == (0, "")
    assert contents(plan_dir) == before


def test_importing_an_export_of_the_reference_plan_changes_nothing(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    shutil.copytree(REFERENCE_PLAN, "plan")
    before = contents(Path("plan"))
    for args in (["--month", "2017-01"], []):
        result = run(runner, "export", "--output", "plan.xlsx", *args)
        assert result.exit_code == 0
        result = imported(runner, Path("plan.xlsx"))
        assert (result.exit_code, result.stderr) == (0, "")
    assert contents(Path("plan")) == before


# --- import: what is new ----------------------------------------------------------------------


def test_a_new_update_and_a_new_action_become_exactly_their_lines(
    runner: CliRunner, plan_dir: Path
) -> None:
    path = exported(runner)

    def add(workbook: openpyxl.Workbook) -> None:
        workbook["Actions"].append(
            [2, "2.3", "Set up a care leavers' forum: it meets monthly.", "HOS C&R\nDCS",
             "Health", "2017-02", "2017-06"]
        )  # fmt: skip
        workbook["Updates"].append(
            ["2.1", dt.datetime(2017, 1, 31), "in-progress", "Consultation closed.", "2017-03",
             "Consultation report\nResponses"]
        )  # fmt: skip

    change(path, add)
    result = imported(runner, path)
    assert (result.exit_code, result.stderr) == (
        0,
        "plan.xlsx:Actions!B9: warning: action '2.3' was due to start in 2017-02 and has no "
        "update yet\n",
    )
    assert result.stdout == (
        "plan/02-care-leavers.yaml: added 1 action (2.3) and 1 update\n"
        "plan.xlsx: added 1 action and 1 update.\n"
    )
    assert (plan_dir / "01-leadership.yaml").read_text() == LEADERSHIP
    assert (plan_dir / "02-care-leavers.yaml").read_text() == CARE_LEAVERS.replace(
        "        note: Draft policy out for consultation.\n",
        """\
        note: Draft policy out for consultation.
      - date: 2017-01-31
        status: in-progress
        note: Consultation closed.
        due: 2017-03
        evidence:
          - Consultation report
          - Responses
""",
    ).replace(
        "        note: Merged into 2.1.\n",
        """\
        note: Merged into 2.1.

  - id: "2.3"
    action: "Set up a care leavers' forum: it meets monthly."
    lead: [HOS C&R, DCS]
    agencies: [Health]
    start: 2017-02
    due: 2017-06
""",
    )
    again = imported(runner, path)
    assert again.stdout == "Nothing to add: the plan already holds everything in plan.xlsx.\n"


def test_a_new_priority_alone_is_said_as_such(runner: CliRunner, plan_dir: Path) -> None:
    path = exported(runner)
    change(path, lambda workbook: workbook["Priorities"].append([3, "Early Help", None]))
    result = imported(runner, path)
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == (
        "plan/03-early-help.yaml (a new file): added the priority\nplan.xlsx: added 1 priority.\n"
    )


def test_a_new_priority_gets_its_own_file(runner: CliRunner, plan_dir: Path) -> None:
    path = exported(runner)

    def add(workbook: openpyxl.Workbook) -> None:
        workbook["Priorities"].append([3, "Early Help and Family Support", "Early Help"])
        workbook["Actions"].append(
            [3, "3.1", "Agree an early help strategy.", "DCS", None, None, "2017-09"]
        )
        workbook["Updates"].append(["3.1", dt.datetime(2017, 1, 10), "in-progress", "Drafted."])

    change(path, add)
    result = imported(runner, path)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        "plan/03-early-help.yaml (a new file): added 1 action (3.1) and 1 update\n"
        "plan.xlsx: added 1 action and 1 update.\n"
    )
    assert (plan_dir / "03-early-help.yaml").read_text() == (
        "priority: 3\n"
        "title: Early Help and Family Support\n"
        "short_title: Early Help\n"
        "actions:\n"
        '  - id: "3.1"\n'
        "    action: Agree an early help strategy.\n"
        "    lead: DCS\n"
        "    agencies: []\n"
        "    due: 2017-09\n"
        "    updates:\n"
        "      - date: 2017-01-10\n"
        "        status: in-progress\n"
        "        note: Drafted.\n"
    )
    assert load_plan(plan_dir, dt.date(2026, 11, 25)).plan is not None


def test_a_dry_run_says_what_it_would_add_and_writes_nothing(
    runner: CliRunner, plan_dir: Path
) -> None:
    path = exported(runner)
    change(path, lambda w: w["Updates"].append(["1.3", dt.datetime(2017, 1, 5), "not-started"]))
    before = contents(plan_dir)
    result = imported(runner, path, "--dry-run")
    assert result.stdout == (
        "plan/01-leadership.yaml: would add 1 update\n"
        "plan.xlsx: would add 1 update (nothing written)\n"
    )
    assert contents(plan_dir) == before


def test_a_warning_for_an_addition_is_shown_at_its_cell(runner: CliRunner, plan_dir: Path) -> None:
    path = exported(runner)
    change(path, lambda w: w["Updates"].append(["1.3", dt.datetime(2017, 1, 5), "complete"]))
    result = imported(runner, path)
    assert result.exit_code == 0
    assert result.stderr == (
        "plan.xlsx:Updates!C8: warning: action '1.3' is marked complete on 2017-01-05 without "
        "evidence\n"
    )


# --- import: contradictions and bad cells -----------------------------------------------------


def _set(sheet: str, cell: str, value: Any) -> Callable[[openpyxl.Workbook], None]:
    def edit(workbook: openpyxl.Workbook) -> None:
        workbook[sheet][cell] = value

    return edit


def _append(sheet: str, *rows: list[Any]) -> Callable[[openpyxl.Workbook], None]:
    def edit(workbook: openpyxl.Workbook) -> None:
        for row in rows:
            workbook[sheet].append(row)

    return edit


NEVER_CHANGES = "import adds to the plan, it never changes what the plan holds"
JAN = dt.datetime(2017, 1, 20)


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (
            _set("Actions", "C4", "Appoint a Director."),
            "plan.xlsx:Actions!C4: error: action '1.1' has another action text in "
            f"plan/01-leadership.yaml ('Appoint a permanent Director of Children's Services.'): "
            f"{NEVER_CHANGES}",
        ),
        (
            _set("Actions", "G5", "2016-10"),
            "plan.xlsx:Actions!G5: error: action '1.2' has another due month in "
            f"plan/01-leadership.yaml ('2016-09'): {NEVER_CHANGES}",
        ),
        (
            _set("Actions", "D7", "DCS"),
            "plan.xlsx:Actions!D7: error: action '2.1' has another lead in "
            f"plan/02-care-leavers.yaml ('HOS C&R'): {NEVER_CHANGES}",
        ),
        (
            _set("Priorities", "B4", "Leadership"),
            "plan.xlsx:Priorities!B4: error: priority 1 has another title in "
            f"plan/01-leadership.yaml ('Leadership and Governance'): {NEVER_CHANGES}",
        ),
        (
            _set("Updates", "D5", "Report drafted."),
            "plan.xlsx:Updates!D5: error: action '1.2' already has an update dated 2016-11-30 in "
            f"plan/01-leadership.yaml, with another note: {NEVER_CHANGES}",
        ),
        (
            _set("Updates", "C4", "in-progress"),
            "plan.xlsx:Updates!C4: error: action '1.1' already has an update dated 2016-09-30 in "
            f"plan/01-leadership.yaml, with another status: {NEVER_CHANGES}",
        ),
        (
            _append(
                "Updates", ["2.1", JAN, "in-progress", "One."], ["2.1", JAN, "in-progress", "Two."]
            ),
            "plan.xlsx:Updates!D9: error: action '2.1' has another update dated 2017-01-20 at "
            "Updates!A8: one update a day, or make the two the same",
        ),
        (
            _append(
                "Actions",
                [2, "2.3", "New.", "DCS", None, None, "2017-06"],
                [2, "2.3", "Newer.", "DCS", None, None, "2017-06"],
            ),
            "plan.xlsx:Actions!C10: error: action '2.3' is also at Actions!B9, with another "
            "action text",
        ),
        (
            _append("Updates", ["2.1", JAN, "done"]),
            "plan.xlsx:Updates!C8: error: 'Status' must be one of not-started, in-progress, "
            "complete, withdrawn, not 'done'",
        ),
        (
            _append("Updates", ["2.1", "2017-02-30", "in-progress"]),
            "plan.xlsx:Updates!B8: error: '2017-02-30' is not a real date (day is out of range for "
            "month)",
        ),
        (
            _append("Updates", ["2.1", dt.datetime(2026, 11, 26), "in-progress"]),
            "plan.xlsx:Updates!B8: error: update dated 2026-11-26 is after today (2026-11-25)",
        ),
        (
            _append("Updates", ["2.1", dt.datetime(2016, 12, 1), "in-progress"]),
            "plan.xlsx:Updates!B8: error: update dated 2016-12-01 is before the action's last "
            "update, dated 2016-12-15: a new update goes at the end of the log",
        ),
        (
            _append("Updates", ["2.9", JAN, "in-progress"]),
            "plan.xlsx:Updates!A8: error: the plan has no action '2.9' (did you mean '2.2'?)",
        ),
        (
            _append("Updates", ["2.1", JAN, "in-progress", None, "2017-3"]),
            "plan.xlsx:Updates!E8: error: '2017-3' is not a month: write it as YYYY-MM, such as "
            "2017-01",
        ),
        (
            _append("Updates", ["2.1", None, "in-progress"]),
            "plan.xlsx:Updates!B8: error: 'Date' must not be empty",
        ),
        (
            _append("Actions", [2, 2.3, "New.", "DCS", None, None, "2017-06"]),
            "plan.xlsx:Actions!B9: error: the ID 2.3 is a number here, and a number loses an ID's "
            "trailing zeros (1.10 becomes 1.1): format the column as text and type the ID again",
        ),
        (
            _append("Actions", [2, "2.3", "=1+2", "DCS", None, None, "2017-06"]),
            "plan.xlsx:Actions!C9: error: the cell holds a formula (=1+2): csip reads values, so "
            "type the value itself",
        ),
        (
            _append("Actions", [2, "2.3", "New.", "HOS CR", "Police", None, "2017-06"]),
            "plan.xlsx:Actions!D9: error: unknown role 'HOS CR': plan/plan.yaml does not declare "
            "it (did you mean 'HOS C&R'?)",
        ),
        (
            _append("Actions", [2, "2.3", "New.", "DCS", None, None, dt.datetime(2017, 6, 15)]),
            "plan.xlsx:Actions!G9: error: 2017-06-15 is a date, not a month: write the month as "
            "YYYY-MM in a cell formatted as text",
        ),
        (
            _append("Actions", [2, "2.3", "New.", "DCS", None, "2017-08", "2017-06"]),
            "plan.xlsx:Actions!F9: error: action '2.3' starts (2017-08) after it is due (2017-06)",
        ),
        (
            _append("Actions", [2, "2.3", None, "DCS", None, None, "2017-06"]),
            "plan.xlsx:Actions!C9: error: 'Action' must not be empty",
        ),
        (
            _append("Actions", [1, "2.3", "New.", "DCS", None, None, "2017-06"]),
            "plan.xlsx:Actions!A9: error: action '2.3' is in priority 2, as its ID's first part "
            "says, not 1",
        ),
        (
            _append("Actions", [None, "4.1", "New.", "DCS", None, None, "2017-06"]),
            "plan.xlsx:Actions!B9: error: the plan has no priority 4: to add it, give its number "
            "and title on the Priorities sheet",
        ),
    ],
)
def test_a_contradiction_or_a_bad_cell_is_an_error_at_its_cell_and_nothing_is_written(
    runner: CliRunner,
    plan_dir: Path,
    edit: Callable[[openpyxl.Workbook], None],
    message: str,
) -> None:
    path = exported(runner)
    change(path, edit)
    before = contents(plan_dir)
    result = imported(runner, path)
    assert (result.exit_code, result.stdout) == (1, "")
    assert errors(result) == [message, "csip: nothing was written: 1 error in plan.xlsx"]
    assert contents(plan_dir) == before


def errors(result: Result) -> list[str]:
    """The lines of stderr less the warnings (a new action with no update yet gets one)."""
    return [line for line in result.stderr.splitlines() if ": warning: " not in line]


@pytest.mark.parametrize(
    "bad", [["Exempt", 9], ["Action", None]], ids=["a cell that cannot be read", "a failing row"]
)
def test_a_bad_cell_of_a_new_row_hides_no_unknown_code_in_it(
    runner: CliRunner, plan_dir: Path, bad: list[Any]
) -> None:
    row: list[Any] = [2, "2.3", "New.", "HOS CR", "Polise", None, "2017-06", None]
    if bad[0] == "Exempt":
        row[7] = bad[1]
    else:
        row[2] = bad[1]
    path = exported(runner)
    change(path, _append("Actions", row))
    result = imported(runner, path)
    found = errors(result)
    assert [line for line in found if "unknown" in line] == [
        "plan.xlsx:Actions!D9: error: unknown role 'HOS CR': plan/plan.yaml does not declare it "
        "(did you mean 'HOS C&R'?)",
        "plan.xlsx:Actions!E9: error: unknown agency 'Polise': plan/plan.yaml does not declare "
        "it (did you mean 'Police'?)",
    ]
    assert found[-1] == "csip: nothing was written: 3 errors in plan.xlsx"


def test_a_status_typed_over_the_drop_down_is_read_whatever_its_case(
    runner: CliRunner, plan_dir: Path
) -> None:
    path = exported(runner)
    change(path, _append("Updates", ["2.1", JAN, "In-Progress", "Typed by hand."]))
    result = imported(runner, path)
    assert result.exit_code == 0, result.stderr
    assert (
        "status: in-progress\n        note: Typed by hand."
        in (plan_dir / "02-care-leavers.yaml").read_text()
    )


def test_every_error_is_reported_in_one_run(runner: CliRunner, plan_dir: Path) -> None:
    path = exported(runner)
    change(path, _append("Updates", ["2.1", JAN, "done"], ["2.9", JAN, "in-progress"]))
    result = imported(runner, path)
    assert result.stderr.splitlines() == [
        "plan.xlsx:Updates!C8: error: 'Status' must be one of not-started, in-progress, "
        "complete, withdrawn, not 'done'",
        "plan.xlsx:Updates!A9: error: the plan has no action '2.9' (did you mean '2.2'?)",
        "csip: nothing was written: 2 errors in plan.xlsx",
    ]


def test_an_unknown_column_is_left_out_with_a_warning(runner: CliRunner, plan_dir: Path) -> None:
    path = exported(runner)
    change(path, _set("Updates", "G3", "Comments"))
    result = imported(runner, path)
    assert result.exit_code == 0
    assert result.stderr == (
        "plan.xlsx:Updates!G3: warning: csip reads no column headed 'Comments': it is left out\n"
    )


def test_an_updates_sheet_without_a_note_column_says_nothing_of_notes(
    runner: CliRunner, plan_dir: Path
) -> None:
    """A column left out is not an empty one: the plan's notes stand, and nothing contradicts."""
    path = exported(runner)
    change(path, _set("Updates", "D3", "Notes"))
    before = contents(plan_dir)
    result = imported(runner, path)
    assert (result.exit_code, result.stderr) == (
        0,
        "plan.xlsx:Updates!D3: warning: csip reads no column headed 'Notes' (did you mean "
        "'Note'?): it is left out\n",
    )
    assert contents(plan_dir) == before


def test_a_sheet_without_a_needed_column(runner: CliRunner, plan_dir: Path) -> None:
    path = exported(runner)
    change(path, _set("Updates", "C3", "State"))
    result = imported(runner, path)
    assert result.stderr.splitlines()[:2] == [
        "plan.xlsx:Updates!A3: error: the Updates sheet has no column headed 'Status'",
        "plan.xlsx:Updates!C3: warning: csip reads no column headed 'State' (did you mean "
        "'Status'?): it is left out",
    ]


def test_a_file_that_is_not_a_workbook(runner: CliRunner, plan_dir: Path) -> None:
    Path("plan.xlsx").write_text("id,date\n")
    result = imported(runner, Path("plan.xlsx"))
    assert (result.exit_code, result.stderr) == (
        1,
        "plan.xlsx: error: not an XLSX workbook (save it from the spreadsheet as Excel Workbook, "
        ".xlsx)\ncsip: nothing was written: 1 error in plan.xlsx\n",
    )


def test_a_workbook_without_a_sheet_csip_reads(runner: CliRunner, plan_dir: Path) -> None:
    openpyxl.Workbook().save("other.xlsx")
    result = imported(runner, Path("other.xlsx"))
    assert result.stderr.splitlines()[0] == (
        "other.xlsx: error: the workbook has none of the sheets csip reads (Actions, Updates, "
        "Priorities, Return): start from one that csip export or csip returns wrote"
    )


def test_a_missing_workbook_is_a_usage_error(runner: CliRunner, plan_dir: Path) -> None:
    result = imported(runner, Path("nowhere.xlsx"))
    assert (result.exit_code, result.stderr) == (2, "csip: error: no workbook at 'nowhere.xlsx'\n")


def test_an_export_at_one_source_date_epoch_is_the_same_bytes_whenever_it_is_made(
    runner: CliRunner, plan_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The workbook's properties and every part of its zip take the time it was made, which
    SOURCE_DATE_EPOCH fixes, not the clock."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    first = exported(runner).read_bytes()
    later = time.time() + 3600
    monkeypatch.setattr(time, "time", lambda: later)
    assert exported(runner).read_bytes() == first
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert {part.date_time for part in archive.infolist()} == {(2023, 11, 14, 22, 13, 20)}
        core = archive.read("docProps/core.xml").decode()
    assert "2023-11-14T22:13:20Z</dcterms:created>" in core
    assert "2023-11-14T22:13:20Z</dcterms:modified>" in core


# --- returns ---------------------------------------------------------------------------------


def test_a_return_per_lead_holds_exactly_that_lead_s_open_actions(plan_dir: Path) -> None:
    loaded = load_plan(plan_dir, dt.date(2026, 11, 25)).plan
    assert loaded is not None
    made = lead_returns(Snapshots(loaded), "2017-01", MADE)
    ids = {
        made_return.name: [row[0] for row in values(made_return.workbook["Return"], 6)]
        for made_return in made
    }
    # DCS: 1.1 is complete and 2.2 withdrawn; HOS C&R: 1.3 has not started, so it is open.
    assert ids == {
        "return-2017-01-DCS.xlsx": ["1.2"],
        "return-2017-01-HOS-C-R.xlsx": ["1.2", "1.3", "2.1"],
    }


def test_a_workbook_made_after_the_last_year_a_zip_can_date_gets_that_year(
    runner: CliRunner, plan_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A zip dates its parts up to 2107; csip's calendar runs to 2199."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "5000000000")  # 2128
    with zipfile.ZipFile(exported(runner)) as archive:
        assert {part.date_time for part in archive.infolist()} == {(2107, 12, 31, 23, 59, 58)}


def test_returns_at_one_source_date_epoch_are_the_same_bytes_whenever_they_are_made(
    runner: CliRunner, plan_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert run(runner, "returns", "--month", "2017-01", "--out", "first").exit_code == 0
    later = time.time() + 3600
    monkeypatch.setattr(time, "time", lambda: later)
    assert run(runner, "returns", "--month", "2017-01", "--out", "later").exit_code == 0
    assert contents(Path("later")) == contents(Path("first")) != {}


def test_the_return_sheet(runner: CliRunner, plan_dir: Path) -> None:
    result = run(runner, "returns", "--month", "2017-01", "--out", "returns")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == (
        "Wrote returns/return-2017-01-DCS.xlsx: 1 open action (DCS)\n"
        "Wrote returns/return-2017-01-HOS-C-R.xlsx: 3 open actions (HOS C&R)\n"
    )
    sheet = openpyxl.load_workbook("returns/return-2017-01-HOS-C-R.xlsx")["Return"]
    assert values(sheet)[:5] == [
        ["Test plan: monthly return for January 2017", *[None] * 10],
        ["Lead", "HOS C&R", "Head of Service, Care and Resources", *[None] * 8],
        ["Month", "2017-01", "Actions open (not complete) at 31 January 2017", *[None] * 8],
        [
            "Give each action's update in columns G to K: its date, its status (from the list), a "
            "note, any revised due month (YYYY-MM) and the evidence, one item per line. Leave a "
            "row empty when there is no update.",
            *[None] * 10,
        ],
        ["ID", "Action", "Due", "Revised to", "RAG", "Latest note", "Date", "Status", "Note",
         "Revised due", "Evidence"],
    ]  # fmt: skip
    assert values(sheet, 6) == [
        ["1.2", "Report quarterly to the Improvement Board on progress against the plan.",
         "2016-09", "2017-04", "Red", "First report drafted.", *[None] * 5],
        ["1.3", '=HYPERLINK("http://example.com") Review the governance.', "2017-06", None,
         "White", None, *[None] * 5],
        ["2.1", "Review every pathway plan.", "2016-12", None, "Red",
         "Draft policy out for consultation.", *[None] * 5],
    ]  # fmt: skip
    checks = {v.type: (v.formula1, str(v.sqref)) for v in sheet.data_validations.dataValidation}
    assert checks == {
        "list": ('"not-started,in-progress,complete,withdrawn"', "H6:H1048576"),
        "date": ("DATE(2016,5,1)", "G6:G1048576"),
    }
    assert sheet.column_dimensions["G"].number_format == "yyyy-mm-dd"
    assert sheet.column_dimensions["J"].number_format == "@"
    assert sheet.freeze_panes == "B6"


def fill(path: Path, rows: dict[str, list[Any]]) -> None:
    """Fill in a return: the update columns (G to K) of each action's row."""

    def edit(workbook: openpyxl.Workbook) -> None:
        sheet = workbook["Return"]
        by_id = {sheet.cell(row, 1).value: row for row in range(6, sheet.max_row + 1)}
        for action_id, cells in rows.items():
            for column, value in enumerate(cells, start=7):
                sheet.cell(by_id[action_id], column, value)

    change(path, edit)


def test_a_filled_in_return_adds_its_updates(runner: CliRunner, plan_dir: Path) -> None:
    run(runner, "returns", "--month", "2017-01", "--out", "returns")
    path = Path("returns/return-2017-01-HOS-C-R.xlsx")
    fill(path, {"2.1": [dt.datetime(2017, 2, 3), "complete", "All reviewed.", None, "Audit"]})
    result = imported(runner, path)
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == (
        "plan/02-care-leavers.yaml: added 1 update\n"
        "returns/return-2017-01-HOS-C-R.xlsx: added 1 update.\n"
    )
    assert (plan_dir / "02-care-leavers.yaml").read_text() == CARE_LEAVERS.replace(
        "        note: Draft policy out for consultation.\n",
        "        note: Draft policy out for consultation.\n"
        "      - date: 2017-02-03\n"
        "        status: complete\n"
        "        note: All reviewed.\n"
        "        evidence:\n"
        "          - Audit\n",
    )


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (
            {"2.1": [JAN, "finished"]},
            "Return!H8: error: 'Status' must be one of not-started, in-progress, complete, "
            "withdrawn, not 'finished'",
        ),
        (
            {"2.1": [dt.datetime(2027, 1, 1), "complete", None, None, "Audit"]},
            "Return!G8: error: update dated 2027-01-01 is after today (2026-11-25)",
        ),
        (
            {"2.1": [dt.datetime(2016, 12, 14), "in-progress"]},
            "Return!G8: error: update dated 2016-12-14 is before the action's last update, dated "
            "2016-12-15: a new update goes at the end of the log",
        ),
        (
            {"2.1": [None, "in-progress", "No date."]},
            "Return!G8: error: 'Date' must not be empty",
        ),
    ],
)
def test_a_return_filled_in_wrongly_gets_an_error_at_its_cell(
    runner: CliRunner, plan_dir: Path, rows: dict[str, list[Any]], message: str
) -> None:
    run(runner, "returns", "--month", "2017-01", "--out", "returns")
    path = Path("returns/return-2017-01-HOS-C-R.xlsx")
    fill(path, rows)
    before = contents(plan_dir)
    result = imported(runner, path)
    assert result.exit_code == 1
    assert result.stderr == (f"{path}:{message}\ncsip: nothing was written: 1 error in {path}\n")
    assert contents(plan_dir) == before


def test_a_row_for_an_action_the_lead_does_not_lead(runner: CliRunner, plan_dir: Path) -> None:
    run(runner, "returns", "--month", "2017-01", "--out", "returns")
    path = Path("returns/return-2017-01-HOS-C-R.xlsx")
    fill(path, {"2.1": [JAN, "in-progress"]})
    change(path, _set("Return", "A8", "2.2"))
    result = imported(runner, path)
    assert result.stderr.splitlines()[0] == (
        f"{path}:Return!A8: error: action '2.2' is not led by HOS C&R, whose return this is: its "
        "lead is DCS"
    )


def test_a_return_row_with_other_action_text_is_a_contradiction(
    runner: CliRunner, plan_dir: Path
) -> None:
    run(runner, "returns", "--month", "2017-01", "--out", "returns")
    path = Path("returns/return-2017-01-HOS-C-R.xlsx")
    fill(path, {"2.1": [JAN, "in-progress"]})
    change(path, _set("Return", "B8", "Another action altogether."))
    before = contents(plan_dir)
    result = imported(runner, path)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0].startswith(
        f"{path}:Return!B8: error: action '2.1' has another action text in "
        "plan/02-care-leavers.yaml ("
    )
    assert result.stderr.splitlines()[0].endswith(
        "import adds to the plan, it never changes what the plan holds"
    )
    assert contents(plan_dir) == before


def test_a_return_for_a_lead_the_plan_does_not_have(runner: CliRunner, plan_dir: Path) -> None:
    run(runner, "returns", "--month", "2017-01", "--out", "returns")
    path = Path("returns/return-2017-01-DCS.xlsx")
    change(path, _set("Return", "B2", "DSC"))
    result = imported(runner, path)
    assert result.stderr.splitlines()[0] == (
        f"{path}:Return!B2: error: unknown role 'DSC': plan.yaml does not declare it (did you "
        "mean 'DCS'?)"
    )


def test_an_empty_return_adds_nothing(runner: CliRunner, plan_dir: Path) -> None:
    run(runner, "returns", "--month", "2017-01", "--out", "returns")
    result = imported(runner, Path("returns/return-2017-01-DCS.xlsx"))
    assert result.stdout == (
        "Nothing to add: the plan already holds everything in returns/return-2017-01-DCS.xlsx.\n"
    )


# --- csip actions --output --------------------------------------------------------------------


def test_a_csv_file_starts_with_a_byte_order_mark(runner: CliRunner, plan_dir: Path) -> None:
    result = run(runner, "actions", "--month", "2017-01", "--format", "csv", "--output", "a.csv")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "Wrote a.csv\n")
    written = Path("a.csv").read_bytes()
    assert written.startswith(b"\xef\xbb\xbfid,priority,")
    piped = run(runner, "actions", "--month", "2017-01", "--format", "csv").stdout_bytes
    assert written == b"\xef\xbb\xbf" + piped


# --- every command's help has an example -------------------------------------------------------


@pytest.mark.parametrize("command", ["export", "import", "returns", "update"])
def test_help_ends_with_an_example(runner: CliRunner, command: str) -> None:
    result = run(runner, command, "--help")
    assert result.exit_code == 0
    assert f"Example: csip {command} " in result.stdout


# --- LibreOffice ------------------------------------------------------------------------------


def soffice() -> str:
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    pytest.skip("LibreOffice is not installed: neither soffice nor libreoffice is on PATH")


def convert(binary: str, source: Path, to: str, out: Path, profile: Path) -> None:
    subprocess.run(
        [binary, "--headless", "--norestore", f"-env:UserInstallation={profile.as_uri()}",
         "--convert-to", to, "--outdir", str(out), str(source)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip


# Comma-separated, UTF-8, every sheet to its own file, cells as they are shown.
CSV_FILTER = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1"


@pytest.mark.office
def test_libreoffice_opens_an_export_and_converts_it_to_csv(
    runner: CliRunner, plan_dir: Path, tmp_path: Path
) -> None:
    binary = soffice()
    path = exported(runner)
    out = tmp_path / "csv"
    convert(binary, path, CSV_FILTER, out, tmp_path / "profile")
    with (out / "plan-Actions.csv").open(encoding="utf-8", newline="") as stream:
        actions = list(csv.reader(stream))
    assert actions[0][0] == "Test plan: actions as at 31 January 2017"
    assert [row[:10] for row in actions[2:]] == [
        ["Priority", "ID", "Action", "Lead", "Agencies", "Start", "Due", "Exempt", "Status",
         "RAG"],
        ["1", "1.1", "Appoint a permanent Director of Children's Services.", "DCS", "", "2016-05",
         "2016-09", "", "complete", "Green"],
        ["1", "1.2", "Report quarterly to the Improvement Board on progress against the plan.",
         "DCS\nHOS C&R", "Health", "2016-06", "2016-09", "", "in-progress", "Red"],
        ["1", "1.3", '=HYPERLINK("http://example.com") Review the governance.', "HOS C&R", "",
         "2017-03", "2017-06", "", "not-started", "White"],
        ["2", "2.1", "Review every pathway plan.", "HOS C&R", "Police", "2016-05", "2016-12", "",
         "in-progress", "Red"],
        ["2", "2.2", "Set up a separate audit panel.", "DCS", "", "2016-05", "2016-10", "",
         "withdrawn", "Withdrawn"],
    ]  # fmt: skip
    with (out / "plan-Updates.csv").open(encoding="utf-8", newline="") as stream:
        updates = list(csv.reader(stream))
    assert updates[3:] == [
        ["1.1", "2016-09-30", "complete", "Appointed.", "", "Appointment letter\nCouncil minutes",
         ""],
        ["1.2", "2016-11-30", "in-progress", "First report drafted.", "2017-04", "", ""],
        ["2.1", "2016-12-15", "in-progress", "Draft policy out for consultation.", "", "", ""],
        ["2.2", "2016-10-31", "withdrawn", "Merged into 2.1.", "", "", ""],
    ]  # fmt: skip


@pytest.mark.office
def test_a_workbook_saved_again_by_libreoffice_still_imports_as_no_change(
    runner: CliRunner, plan_dir: Path, tmp_path: Path
) -> None:
    binary = soffice()
    path = exported(runner)
    out = tmp_path / "saved"
    convert(binary, path, "xlsx:Calc MS Excel 2007 XML", out, tmp_path / "profile")
    before = contents(plan_dir)
    result = imported(runner, out / "plan.xlsx")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.startswith("Nothing to add")
    assert contents(plan_dir) == before


def test_a_sheet_csip_does_not_read_is_named_in_a_warning(
    runner: CliRunner, plan_dir: Path
) -> None:
    from openpyxl import load_workbook

    book = exported(runner)
    workbook = load_workbook(book)
    workbook["Updates"].title = "Updatez"
    workbook.save(book)
    result = run(runner, "import", str(book))
    assert f"{book.name}:Updatez!A1: warning: this sheet is not read" in result.output


def test_export_refuses_a_file_name_that_is_not_a_workbook(
    runner: CliRunner, plan_dir: Path
) -> None:
    result = runner.invoke(app, ["export", "--output", "plan.csv"])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "csip: error: --output 'plan.csv' must name an .xlsx file: csip export writes a workbook\n"
    )
    assert not Path("plan.csv").exists()


def test_an_import_that_cannot_write_one_file_writes_none(
    runner: CliRunner, plan_dir: Path
) -> None:
    """Updates for two files, one of them a link csip does not write through: both left as they
    were, and the error says why."""
    path = exported(runner)
    linked = plan_dir / "02-care-leavers.yaml"
    (plan_dir / "kept").mkdir()
    linked.rename(plan_dir / "kept" / linked.name)
    linked.symlink_to(Path("kept") / linked.name)
    before = contents(plan_dir)

    def add(workbook: openpyxl.Workbook) -> None:
        workbook["Updates"].append(["1.1", dt.datetime(2017, 1, 20), "in-progress", "One."])
        workbook["Updates"].append(["2.1", dt.datetime(2017, 1, 20), "in-progress", "Two."])

    change(path, add)
    result = imported(runner, path)
    assert result.exit_code == 1
    assert result.stderr == (
        "plan.xlsx: error: 'plan/02-care-leavers.yaml' is a symbolic link: csip does not write "
        "through links, so it cannot add to it; put the file itself in the plan folder; nothing "
        "written\n"
        "csip: nothing was written: 1 error in plan.xlsx\n"
    )
    assert contents(plan_dir) == before


def test_a_sheet_reaching_far_below_the_plan_is_refused_at_once(
    runner: CliRunner, plan_dir: Path
) -> None:
    """One far cell makes no millions of empty ones: the sheet is refused, naming its last row."""
    path = exported(runner)
    change(path, _set("Updates", "XFD1048576", "x"))
    result = imported(runner, path)
    assert (result.exit_code, result.stderr) == (
        1,
        "plan.xlsx:Updates!A1048576: error: the sheet reaches row 1,048,576, and csip reads at "
        "most 100,000 rows a sheet: delete the rows below the plan's\n"
        "csip: nothing was written: 1 error in plan.xlsx\n",
    )


def test_a_far_column_beside_the_headings_is_not_read(runner: CliRunner, plan_dir: Path) -> None:
    path = exported(runner)
    change(path, _set("Updates", "XFD5", "x"))
    result = imported(runner, path)
    assert (result.exit_code, result.stdout) == (
        0,
        "Nothing to add: the plan already holds everything in plan.xlsx.\n",
    )


def test_a_workbook_that_unpacks_to_more_than_any_plan_is_refused_unread(
    runner: CliRunner, plan_dir: Path
) -> None:
    with zipfile.ZipFile("plan.xlsx", "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"<c/>" * (17 * 2**20))
    result = imported(runner, Path("plan.xlsx"))
    assert (result.exit_code, result.stderr) == (
        1,
        "plan.xlsx: error: the workbook unpacks to over 64 MB\n"
        "csip: nothing was written: 1 error in plan.xlsx\n",
    )


def test_returns_are_written_all_or_none(runner: CliRunner, plan_dir: Path) -> None:
    """A folder in the place of the second return: not even the first is written."""
    Path("returns/return-2017-01-HOS-C-R.xlsx").mkdir(parents=True)
    result = run(runner, "returns", "--month", "2017-01", "--out", "returns")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "csip: error: 'returns/return-2017-01-HOS-C-R.xlsx' is a folder: give a file to write "
        "the report to; no return written\n"
    )
    assert sorted(path.name for path in Path("returns").iterdir()) == [
        "return-2017-01-HOS-C-R.xlsx"
    ]


def test_returns_into_a_file_are_refused(runner: CliRunner, plan_dir: Path) -> None:
    Path("returns").write_text("not a folder\n")
    result = run(runner, "returns", "--month", "2017-01", "--out", "returns")
    assert (result.exit_code, result.stderr) == (
        2,
        "csip: error: 'returns' is a file: give a folder to write the files into; no return "
        "written\n",
    )
