"""The workbook and exempt information (spec sections 11 and 13).

A Part 1 workbook (export or return) holds no exempt text in any cell, only its placeholder; a
Part 2 one (``--exempt``) holds every exempt text and says on every sheet and printed page that
it is not for publication. Each action and update row carries its ``Exempt`` paragraph. Import
reads a placeholder in a row the plan holds as "unchanged", so importing either export changes
nothing; a placeholder in a new row, a paragraph that is not 1 to 7, and an Exempt cell that
contradicts the plan are each an error at its cell.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from conftest import PlanWriter
from typer.testing import CliRunner, Result

from csip.cli import app
from csip.figures.audience import placeholder

MARKERS = (
    "MARKER-ACTION-TEXT",
    "MARKER-ACTION-NOTE",
    "MARKER-ACTION-EVIDENCE",
    "MARKER-UPDATE-NOTE",
    "MARKER-UPDATE-EVIDENCE",
)

SAFEGUARDING = """\
priority: 1
title: Safeguarding
actions:
  - id: "1.1"
    action: MARKER-ACTION-TEXT about a named child's case audit.
    exempt: 2
    lead: DCS
    due: 2016-09
    updates:
      - date: 2016-09-30
        status: in-progress
        note: MARKER-ACTION-NOTE on the child's plan.
        evidence: [MARKER-ACTION-EVIDENCE]
  - id: "1.2"
    action: Recruit a permanent Head of Service.
    lead: "HOS C&R"
    due: 2016-12
    updates:
      - date: 2016-10-31
        status: in-progress
        note: The post is advertised.
      - date: 2016-12-15
        status: in-progress
        exempt: 1
        note: MARKER-UPDATE-NOTE on a candidate's circumstances.
        evidence: [MARKER-UPDATE-EVIDENCE]
  - id: "1.3"
    action: Publish the improvement plan.
    lead: DCS
    due: 2017-03
"""
FILE = "01-safeguarding.yaml"
PART_2 = "PART 2 \N{EN DASH} EXEMPT: NOT FOR PUBLICATION"
NEVER_CHANGES = "import adds to the plan, it never changes what the plan holds"
JAN = dt.datetime(2017, 1, 20)


@pytest.fixture
def plan_dir(write_plan: PlanWriter) -> Path:
    return write_plan({FILE: SAFEGUARDING})


def run(runner: CliRunner, *args: str) -> Result:
    return runner.invoke(app, list(args), catch_exceptions=False)


def contents(directory: Path) -> dict[str, bytes]:
    return {str(path): path.read_bytes() for path in sorted(directory.rglob("*")) if path.is_file()}


def exported(runner: CliRunner, *args: str) -> Path:
    result = run(runner, "export", "--output", "plan.xlsx", "--month", "2017-01", *args)
    assert result.exit_code == 0, result.stderr
    return Path("plan.xlsx")


def texts(path: Path) -> Iterator[str]:
    """Every cell of every sheet, and every sheet's printed header and footer, as text."""
    workbook = openpyxl.load_workbook(path)
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows(values_only=True):
            yield from (str(value) for value in row if value is not None)
        for part in (sheet.oddHeader, sheet.oddFooter):
            assert part is not None
            yield from (section.text or "" for section in (part.left, part.center, part.right))


def archive_text(path: Path) -> str:
    """Every part of the XLSX archive (shared strings, properties, …) as text."""
    with zipfile.ZipFile(path) as archive:
        return "".join(archive.read(name).decode("utf-8") for name in archive.namelist())


def rows(path: Path, sheet: str) -> list[list[Any]]:
    worksheet = openpyxl.load_workbook(path)[sheet]
    return [list(row) for row in worksheet.iter_rows(min_row=3, values_only=True)]


def change(path: Path, edit: Callable[[openpyxl.Workbook], None]) -> None:
    workbook = openpyxl.load_workbook(path)
    edit(workbook)
    workbook.save(path)


def _set(sheet: str, cell: str, value: Any) -> Callable[[openpyxl.Workbook], None]:
    def edit(workbook: openpyxl.Workbook) -> None:
        workbook[sheet][cell] = value

    return edit


def _append(sheet: str, row: list[Any]) -> Callable[[openpyxl.Workbook], None]:
    def edit(workbook: openpyxl.Workbook) -> None:
        workbook[sheet].append(row)

    return edit


# --- export ----------------------------------------------------------------------------------


def test_a_part_1_export_holds_the_placeholders_and_no_exempt_text(
    runner: CliRunner, plan_dir: Path
) -> None:
    path = exported(runner)
    cells = list(texts(path))
    assert [marker for marker in MARKERS if any(marker in text for text in cells)] == []
    assert [marker for marker in MARKERS if marker in archive_text(path)] == []
    assert not any("PART 2" in text.upper() or "PUBLICATION" in text.upper() for text in cells)
    assert [row[:8] + row[11:] for row in rows(path, "Actions")] == [
        ["Priority", "ID", "Action", "Lead", "Agencies", "Start", "Due", "Exempt", "Latest note"],
        [1, "1.1", placeholder(2), "DCS", None, "2016-05", "2016-09", 2, placeholder(2)],
        [1, "1.2", "Recruit a permanent Head of Service.", "HOS C&R", None, "2016-05", "2016-12",
         None, placeholder(1)],
        [1, "1.3", "Publish the improvement plan.", "DCS", None, "2016-05", "2017-03", None, None],
    ]  # fmt: skip
    assert rows(path, "Updates") == [
        ["ID", "Date", "Status", "Note", "Revised due", "Evidence", "Exempt"],
        ["1.1", dt.datetime(2016, 9, 30), "in-progress", placeholder(2), None, placeholder(2),
         None],
        ["1.2", dt.datetime(2016, 10, 31), "in-progress", "The post is advertised.", None, None,
         None],
        ["1.2", dt.datetime(2016, 12, 15), "in-progress", placeholder(1), None, placeholder(1),
         1],
    ]  # fmt: skip


def test_a_part_2_export_holds_every_exempt_text_and_says_so(
    runner: CliRunner, plan_dir: Path
) -> None:
    result = run(runner, "export", "--output", "plan.xlsx", "--month", "2017-01", "--exempt")
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == (
        "Wrote plan.xlsx (Part 2, not for publication): 3 actions as at 31 January 2017\n"
    )
    cells = list(texts(Path("plan.xlsx")))
    assert [marker for marker in MARKERS if not any(marker in text for text in cells)] == []
    workbook = openpyxl.load_workbook("plan.xlsx")
    titles = {sheet.title: sheet["A1"].value for sheet in workbook.worksheets}
    assert titles == {
        "Actions": f"{PART_2}. Test plan: actions as at 31 January 2017",
        "Updates": f"{PART_2}. Test plan: progress updates",
        "Priorities": f"{PART_2}. Test plan: priorities as at 31 January 2017",
    }
    for sheet in workbook.worksheets:
        assert sheet.oddHeader is not None
        assert sheet.oddHeader.center.text == f"{titles[sheet.title]}".replace("&", "&&")
    assert workbook["Actions"]["C4"].value == (
        "MARKER-ACTION-TEXT about a named child's case audit."
    )


@pytest.mark.parametrize("part", [[], ["--exempt"]], ids=["part-1", "part-2"])
def test_importing_either_export_changes_nothing(
    runner: CliRunner, plan_dir: Path, part: list[str]
) -> None:
    before = contents(plan_dir)
    result = run(runner, "import", str(exported(runner, *part)))
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == "Nothing to add: the plan already holds everything in plan.xlsx.\n"
    assert contents(plan_dir) == before


# --- returns ---------------------------------------------------------------------------------


def test_a_part_1_return_holds_no_exempt_text(runner: CliRunner, plan_dir: Path) -> None:
    result = run(runner, "returns", "--month", "2017-01", "--out", "returns")
    assert result.stdout == (
        "Wrote returns/return-2017-01-DCS.xlsx: 2 open actions (DCS)\n"
        "Wrote returns/return-2017-01-HOS-C-R.xlsx: 1 open action (HOS C&R)\n"
    )
    for path in sorted(Path("returns").iterdir()):
        assert [marker for marker in MARKERS if any(marker in t for t in texts(path))] == []
        assert [marker for marker in MARKERS if marker in archive_text(path)] == []
    sheet = openpyxl.load_workbook("returns/return-2017-01-DCS.xlsx")["Return"]
    assert sheet["A1"].value == "Test plan: monthly return for January 2017"
    assert [row[:6] for row in sheet.iter_rows(min_row=6, values_only=True)] == [
        ("1.1", placeholder(2), "2016-09", None, "Red", placeholder(2)),
        ("1.3", "Publish the improvement plan.", "2017-03", None, "Amber", None),
    ]


def test_a_part_2_return_holds_the_exempt_text_and_says_so(
    runner: CliRunner, plan_dir: Path
) -> None:
    result = run(runner, "returns", "--month", "2017-01", "--out", "returns", "--exempt")
    assert result.stdout.splitlines()[0] == (
        "Wrote returns/return-2017-01-DCS.xlsx (Part 2, not for publication): 2 open actions (DCS)"
    )
    sheet = openpyxl.load_workbook("returns/return-2017-01-DCS.xlsx")["Return"]
    assert sheet["A1"].value == f"{PART_2}. Test plan: monthly return for January 2017"
    assert sheet.oddHeader is not None
    assert sheet.oddHeader.center.text == (
        f"{PART_2}. Return for DCS: actions open at 31 January 2017"
    )
    assert (sheet["B6"].value, sheet["F6"].value) == (
        "MARKER-ACTION-TEXT about a named child's case audit.",
        "MARKER-ACTION-NOTE on the child's plan.",
    )


# --- import: the Exempt column ----------------------------------------------------------------


def test_a_new_update_with_an_exempt_paragraph_gets_it_in_the_plan(
    runner: CliRunner, plan_dir: Path
) -> None:
    path = exported(runner)
    new = ["1.2", JAN, "in-progress", "Shortlist of two.", None, None, 3]
    change(path, _append("Updates", new))
    result = run(runner, "import", str(path))
    assert (result.exit_code, result.stderr) == (0, "")
    assert (plan_dir / FILE).read_text() == SAFEGUARDING.replace(
        "        evidence: [MARKER-UPDATE-EVIDENCE]\n",
        "        evidence: [MARKER-UPDATE-EVIDENCE]\n"
        "      - date: 2017-01-20\n"
        "        status: in-progress\n"
        "        exempt: 3\n"
        "        note: Shortlist of two.\n",
    )


def test_a_new_action_with_an_exempt_paragraph_gets_it_in_the_plan(
    runner: CliRunner, plan_dir: Path
) -> None:
    path = exported(runner)
    new = [1, "1.4", "Audit a provider's costs.", "DCS", None, "2017-06", "2017-09", 3]
    change(path, _append("Actions", new))
    result = run(runner, "import", str(path))
    assert (result.exit_code, result.stderr) == (
        0,
        "plan.xlsx:Actions!B7: warning: action '1.4' was due to start in 2017-06 and has no "
        "update yet\n",
    )
    assert (plan_dir / FILE).read_text() == SAFEGUARDING + (
        '  - id: "1.4"\n'
        "    action: Audit a provider's costs.\n"
        "    exempt: 3\n"
        "    lead: DCS\n"
        "    agencies: []\n"
        "    start: 2017-06\n"
        "    due: 2017-09\n"
    )


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (
            _append("Updates", ["1.2", JAN, "in-progress", placeholder(1), None, None, 1]),
            f"plan.xlsx:Updates!D7: error: '{placeholder(1)}' is the placeholder of exempt "
            "text, but this update is new to the plan: write the text itself, and its paragraph "
            "under 'Exempt'",
        ),
        (
            _append("Updates", ["1.2", JAN, "in-progress", "Agreed.", None, placeholder(1), 1]),
            f"plan.xlsx:Updates!F7: error: '{placeholder(1)}' is the placeholder of exempt "
            "text, but this update is new to the plan: write the text itself, and its paragraph "
            "under 'Exempt'",
        ),
        (
            _append("Actions", [1, "1.4", placeholder(2), "DCS", None, None, "2017-09", 2]),
            f"plan.xlsx:Actions!C7: error: '{placeholder(2)}' is the placeholder of exempt "
            "text, but this action is new to the plan: write the text itself, and its paragraph "
            "under 'Exempt'",
        ),
        (
            _append("Updates", ["1.2", JAN, "in-progress", "Shortlist of two.", None, None, 9]),
            "plan.xlsx:Updates!G7: error: 'Exempt' must be 7 or less, not 9",
        ),
        (
            _append("Updates", ["1.2", JAN, "in-progress", "Shortlist of two.", None, None, "a"]),
            "plan.xlsx:Updates!G7: error: 'Exempt' must be a whole number, not 'a'",
        ),
        (
            _set("Actions", "H4", 3),
            "plan.xlsx:Actions!H4: error: action '1.1' has another exempt paragraph in "
            f"plan/{FILE} ('2'): {NEVER_CHANGES}",
        ),
        (
            _set("Actions", "H5", 1),
            "plan.xlsx:Actions!H5: error: action '1.2' has another exempt paragraph in "
            f"plan/{FILE} ('none'): {NEVER_CHANGES}",
        ),
        (
            _set("Actions", "H4", None),
            "plan.xlsx:Actions!H4: error: action '1.1' has another exempt paragraph in "
            f"plan/{FILE} ('2'): {NEVER_CHANGES}",
        ),
        (
            _set("Updates", "G6", 4),
            "plan.xlsx:Updates!G6: error: action '1.2' already has an update dated 2016-12-15 in "
            f"plan/{FILE}, with another exempt paragraph: {NEVER_CHANGES}",
        ),
        (
            _set("Actions", "C4", placeholder(3)),
            "plan.xlsx:Actions!C4: error: action '1.1' has another action text in "
            f"plan/{FILE} ('{placeholder(2)}'): {NEVER_CHANGES}",
        ),
        (
            _set("Updates", "D6", placeholder(2)),
            "plan.xlsx:Updates!D6: error: action '1.2' already has an update dated 2016-12-15 in "
            f"plan/{FILE}, with another note: {NEVER_CHANGES}",
        ),
    ],
)
def test_a_bad_exempt_cell_is_an_error_at_its_cell_and_nothing_is_written(
    runner: CliRunner,
    plan_dir: Path,
    edit: Callable[[openpyxl.Workbook], None],
    message: str,
) -> None:
    path = exported(runner)
    change(path, edit)
    before = contents(plan_dir)
    result = run(runner, "import", str(path))
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == f"{message}\ncsip: nothing was written: 1 error in plan.xlsx\n"
    assert contents(plan_dir) == before
