"""Every rule of spec section 6: plan files in, problems out, each at its file, line and column.

The cases are tables in yamllint's manner: the files of a plan as text, and the exact lines
``csip validate`` prints for them. Each case checks one rule. plan.yaml is the standard header
of ``tests/conftest.py`` unless a case gives its own; "today" is 2026-11-25.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import PLAN_YAML, PRIORITY_6, TODAY, PlanWriter
from typer.testing import CliRunner

from csip.cli import app
from csip.plan_folder import load_plan

FILE = "plan/06-care-leavers.yaml"

# A funding ledger of one line whose amounts a case gives (its line 5).
_FUNDING = """\
lines:
  - name: Phase One
    actions: ["6.1.1"]
    years:
      2016/17: {amounts}
"""


def _problems(directory: Path) -> list[str]:
    return [problem.text() for problem in load_plan(directory, TODAY).problems]


def _priority_6(old: str, new: str) -> str:
    """The valid priority 6 file with one change."""
    assert old in PRIORITY_6
    return PRIORITY_6.replace(old, new, 1)


# The example: an unknown key on line 41, in the sixth action of the file.
CARE_LEAVERS_WITH_TYPO = PRIORITY_6 + "".join(
    f"""\
  - id: "6.1.{number}"
    action: Audit pathway plans.
    {"deu" if number == 6 else "due"}: 2016-11
    lead: "HOS C&R"
    updates:
      - date: 2016-11-30
        status: in-progress
"""
    for number in range(2, 7)
)

# (files, expected output lines): one rule each.
SINGLE_FILE_CASES: dict[str, tuple[dict[str, str], list[str]]] = {
    "clean": ({"06-care-leavers.yaml": PRIORITY_6}, []),
    # YAML that does not parse
    "not-yaml": (
        {"06-care-leavers.yaml": "priority: 6\ntitle: Supporting Care Leavers\n short: x\n"},
        [f"{FILE}:3:7: error: not valid YAML: mapping values are not allowed in this context"],
    ),
    "unclosed-flow-list": (
        {"06-care-leavers.yaml": _priority_6("lead: DCS", "lead: [DCS, HOS C&R")},
        [
            f"{FILE}:7:8: error: not valid YAML: did not find expected ',' or ']' "
            "(while parsing a flow sequence)"
        ],
    ),
    "tab-indent": (
        {"06-care-leavers.yaml": _priority_6('  - id: "6.1.1"', '\t- id: "6.1.1"')},
        [f"{FILE}:4:1: error: not valid YAML: a tab here; indent YAML with spaces"],
    ),
    # an empty file; a file that is not a mapping
    "empty-file": (
        {"06-care-leavers.yaml": ""},
        [f"{FILE}:1:1: error: the file is empty: a plan file is a mapping of keys to values"],
    ),
    "only-comments": (
        {"06-care-leavers.yaml": "# Priority 6, to be written\n\n# nothing yet\n"},
        [f"{FILE}:1:1: error: the file is empty: a plan file is a mapping of keys to values"],
    ),
    "a-list": (
        {"06-care-leavers.yaml": "- priority: 6\n- title: Supporting Care Leavers\n"},
        [f"{FILE}:1:1: error: expected a mapping of keys to values, found a list"],
    ),
    "a-scalar": (
        {"06-care-leavers.yaml": "Supporting Care Leavers\n"},
        [
            f"{FILE}:1:1: error: expected a mapping of keys to values, found "
            "'Supporting Care Leavers'"
        ],
    ),
    # a missing required key: at the start of the mapping that lacks it
    "missing-key-of-file": (
        {"06-care-leavers.yaml": _priority_6("title: Supporting Care Leavers\n", "")},
        [f"{FILE}:1:1: error: missing required key 'title'"],
    ),
    "missing-key-of-action": (
        {"06-care-leavers.yaml": _priority_6("    due: 2016-10\n", "")},
        [f"{FILE}:4:5: error: missing required key 'due'"],
    ),
    "missing-key-of-update": (
        {"06-care-leavers.yaml": _priority_6("        status: in-progress\n", "")},
        [f"{FILE}:9:9: error: missing required key 'status'"],
    ),
    "missing-key-of-plan": (
        {"plan.yaml": "title: T\norganisation: O\nstarts: 2016-05\n"},
        ["plan/plan.yaml:1:1: error: missing required key 'roles'"],
    ),
    # an unknown key: at the key, with the nearest known key
    "unknown-key-the-issue": (
        {"06-care-leavers.yaml": CARE_LEAVERS_WITH_TYPO},
        [
            f"{FILE}:39:5: error: missing required key 'due'",
            f"{FILE}:41:5: error: unknown key 'deu' (did you mean 'due'?)",
        ],
    ),
    "unknown-key-of-file": (
        {"06-care-leavers.yaml": _priority_6("title:", "short_titel: Care Leavers\ntitle:")},
        [f"{FILE}:2:1: error: unknown key 'short_titel' (did you mean 'short_title'?)"],
    ),
    "unknown-key-of-update": (
        {
            "06-care-leavers.yaml": _priority_6(
                "status: in-progress", "status: in-progress\n        notes: x"
            )
        },
        [f"{FILE}:11:9: error: unknown key 'notes' (did you mean 'note'?)"],
    ),
    "merge-key": (
        {
            "06-care-leavers.yaml": _priority_6(
                "      - date: 2016-11-30\n        status: in-progress",
                "      - &first\n        date: 2016-11-30\n        status: in-progress\n"
                "      - <<: *first\n        date: 2016-12-01",
            )
        },
        [
            f"{FILE}:12:9: error: YAML merge keys ('<<: *name') are not used in plan files: "
            "write each key out, or repeat the whole mapping with '*name'",
            f"{FILE}:12:9: error: missing required key 'status'",
        ],
    ),
    "unknown-key-nothing-near": (
        {"06-care-leavers.yaml": PRIORITY_6 + "colour: red\n"},
        [f"{FILE}:11:1: error: unknown key 'colour'"],
    ),
    "unknown-key-in-funding-year": (
        {
            "funding.yaml": """\
            lines:
              - name: Phase One
                actions: ["6.1.1"]
                years:
                  2016/17: {budget: 731, spent: 731}
            """,
            "06-care-leavers.yaml": PRIORITY_6,
        },
        ["plan/funding.yaml:5:30: error: unknown key 'spent' (did you mean 'spend'?)"],
    ),
    # a value of the wrong type: at the value
    "priority-not-a-number": (
        {"06-care-leavers.yaml": _priority_6("priority: 6", "priority: six")},
        [f"{FILE}:1:11: error: 'priority' must be a whole number, not 'six'"],
    ),
    "priority-below-one": (
        {"06-care-leavers.yaml": _priority_6("priority: 6", "priority: 0")},
        [f"{FILE}:1:11: error: 'priority' must be 1 or more, not 0"],
    ),
    "title-a-list": (
        {"06-care-leavers.yaml": _priority_6("title: Supporting Care Leavers", "title: [a, b]")},
        [f"{FILE}:2:8: error: 'title' must be text, not a list"],
    ),
    "updates-not-a-list": (
        {
            "06-care-leavers.yaml": _priority_6(
                "updates:\n      - date: 2016-11-30\n        status: in-progress",
                "updates: in progress",
            )
        },
        [f"{FILE}:8:14: error: 'updates' must be a list, not 'in progress'"],
    ),
    "evidence-not-a-list": (
        {
            "06-care-leavers.yaml": _priority_6(
                "status: in-progress", "status: in-progress\n        evidence: minutes.pdf"
            )
        },
        [f"{FILE}:11:19: error: 'evidence' must be a list, not 'minutes.pdf'"],
    ),
    "lead-empty": (
        {"06-care-leavers.yaml": _priority_6("lead: DCS", "lead: []")},
        [f"{FILE}:6:11: error: 'lead' must not be empty"],
    ),
    "an-item-not-a-mapping": (
        {
            "06-care-leavers.yaml": (
                "priority: 6\ntitle: Supporting Care Leavers\nactions:\n  - [1, 2]\n"
            )
        },
        [
            f"{FILE}:4:5: error: an item of 'actions' must be a mapping of keys to values, "
            "not a list"
        ],
    ),
    "text-of-blanks": (
        {
            "06-care-leavers.yaml": _priority_6(
                "action: Recruit an Independent Reviewing Officer for care leavers.",
                'action: "   "',
            )
        },
        [f"{FILE}:5:13: error: 'action' must not be empty"],
    ),
    "status-unknown": (
        {"06-care-leavers.yaml": _priority_6("status: in-progress", "status: in progress")},
        [
            f"{FILE}:10:17: error: 'status' must be one of not-started, in-progress, complete, "
            "withdrawn, not 'in progress' (did you mean 'in-progress'?)"
        ],
    ),
    "status-a-list": (
        {"06-care-leavers.yaml": _priority_6("status: in-progress", "status: [in-progress]")},
        [
            f"{FILE}:10:17: error: 'status' must be one of not-started, in-progress, complete, "
            "withdrawn, not a list"
        ],
    ),
    "date-a-list": (
        {"06-care-leavers.yaml": _priority_6("date: 2016-11-30", "date: [2016-11-30]")},
        [f"{FILE}:9:15: error: 'date' must be a date written YYYY-MM-DD, not a list"],
    ),
    "amount-not-whole": (
        {
            "funding.yaml": """\
            lines:
              - name: Phase One
                actions: ["6.1.1"]
                years:
                  2016/17: {budget: 731.5}
            """,
            "06-care-leavers.yaml": PRIORITY_6,
        },
        ["plan/funding.yaml:5:25: error: 'budget' must be a whole number, not '731.5'"],
    ),
    # a month or date that does not exist
    "date-that-does-not-exist": (
        {"06-care-leavers.yaml": _priority_6("date: 2016-11-30", "date: 2017-02-30")},
        [f"{FILE}:9:15: error: '2017-02-30' is not a real date (day is out of range for month)"],
    ),
    "date-in-month-13": (
        {"06-care-leavers.yaml": _priority_6("date: 2016-11-30", "date: 2016-13-01")},
        [f"{FILE}:9:15: error: '2016-13-01' is not a real date (month must be in 1..12)"],
    ),
    "date-written-another-way": (
        {"06-care-leavers.yaml": _priority_6("date: 2016-11-30", "date: 30/11/2016")},
        [
            f"{FILE}:9:15: error: '30/11/2016' is not a date: write it as YYYY-MM-DD, "
            "such as 2017-01-31"
        ],
    ),
    "month-that-does-not-exist": (
        {"06-care-leavers.yaml": _priority_6("due: 2016-10", "due: 2017-13")},
        [f"{FILE}:7:10: error: '2017-13' is not a month: write it as YYYY-MM, such as 2017-01"],
    ),
    "month-in-year-zero": (
        {"06-care-leavers.yaml": _priority_6("due: 2016-10", "due: 0000-05")},
        [
            f"{FILE}:7:10: error: '0000-05' is out of range: a month must be between 1900-01 "
            "and 2199-12"
        ],
    ),
    "month-written-as-a-date": (
        {
            "06-care-leavers.yaml": _priority_6(
                "due: 2016-10", "start: 2016-02-30\n    due: 2016-10"
            )
        },
        [f"{FILE}:7:12: error: '2016-02-30' is not a month: write it as YYYY-MM, such as 2017-01"],
    ),
    "plan-start-month": (
        {"plan.yaml": "title: T\norganisation: O\nstarts: 2016-5\nroles:\n  DCS: D\n"},
        [
            "plan/plan.yaml:3:9: error: '2016-5' is not a month: write it as YYYY-MM, "
            "such as 2017-01"
        ],
    ),
    "financial-year": (
        {
            "funding.yaml": """\
            lines:
              - name: Phase One
                actions: ["6.1.1"]
                years:
                  2016/18: {budget: 731}
            """,
            "06-care-leavers.yaml": PRIORITY_6,
        },
        ["plan/funding.yaml:5:7: error: '2016/18' is not a financial year: write it as 2016/17"],
    ),
    # action IDs
    "id-malformed": (
        {"06-care-leavers.yaml": _priority_6('id: "6.1.1"', 'id: "6.1."')},
        [
            f"{FILE}:4:9: error: '6.1.' is not an action ID: write dotted numbers whose first "
            "part is the priority, such as 6.1.4"
        ],
    ),
    "id-of-another-priority": (
        {"06-care-leavers.yaml": _priority_6('id: "6.1.1"', 'id: "7.1.1"')},
        [f"{FILE}:4:9: error: action '7.1.1' is in the priority 6 file: its ID must start with 6"],
    ),
    "id-duplicated-in-a-file": (
        {"06-care-leavers.yaml": PRIORITY_6 + PRIORITY_6[PRIORITY_6.index("  - id") :]},
        [
            f"{FILE}:4:9: error: action ID '6.1.1' is used again at {FILE}:11:9",
            f"{FILE}:11:9: error: action ID '6.1.1' is already used at {FILE}:4:9",
        ],
    ),
    "id-duplicated-by-an-action-with-another-error": (
        {
            "06-care-leavers.yaml": _priority_6("due: 2016-10", "due: 2016-13")
            + PRIORITY_6[PRIORITY_6.index("  - id") :]
        },
        [
            f"{FILE}:4:9: error: action ID '6.1.1' is used again at {FILE}:11:9",
            f"{FILE}:7:10: error: '2016-13' is not a month: write it as YYYY-MM, such as 2017-01",
            f"{FILE}:11:9: error: action ID '6.1.1' is already used at {FILE}:4:9",
        ],
    ),
    "id-of-another-priority-in-an-action-with-another-error": (
        {"06-care-leavers.yaml": _priority_6('id: "6.1.1"', 'id: "7.1.1"\n    colour: red')},
        [
            f"{FILE}:4:9: error: action '7.1.1' is in the priority 6 file: its ID must start "
            "with 6",
            f"{FILE}:5:5: error: unknown key 'colour'",
        ],
    ),
    # codes that plan.yaml does not declare
    "lead-undeclared-near": (
        {"06-care-leavers.yaml": _priority_6("lead: DCS", "lead: [DCS, HOS CR]")},
        [
            f"{FILE}:6:17: error: unknown role 'HOS CR': plan/plan.yaml does not declare it "
            "(did you mean 'HOS C&R'?)"
        ],
    ),
    "lead-undeclared-nothing-near": (
        {"06-care-leavers.yaml": _priority_6("lead: DCS", "lead: Mayor")},
        [f"{FILE}:6:11: error: unknown role 'Mayor': plan/plan.yaml does not declare it"],
    ),
    "agency-undeclared": (
        {"06-care-leavers.yaml": _priority_6("lead: DCS", "lead: DCS\n    agencies: [Helth]")},
        [
            f"{FILE}:7:16: error: unknown agency 'Helth': plan/plan.yaml does not declare it "
            "(did you mean 'Health'?)"
        ],
    ),
    # timescales and the progress log
    "start-after-due": (
        {"06-care-leavers.yaml": _priority_6("due: 2016-10", "start: 2016-11\n    due: 2016-10")},
        [f"{FILE}:7:12: error: action '6.1.1' starts (2016-11) after it is due (2016-10)"],
    ),
    "updates-out-of-order": (
        {
            "06-care-leavers.yaml": PRIORITY_6
            + "      - date: 2016-10-31\n        status: in-progress\n"
        },
        [
            f"{FILE}:11:15: error: update dated 2016-10-31 comes after one dated 2016-11-30: "
            "keep the progress log oldest first"
        ],
    ),
    "update-after-today": (
        {
            "06-care-leavers.yaml": PRIORITY_6
            + "      - date: 2026-11-26\n        status: in-progress\n"
        },
        [f"{FILE}:11:15: error: update dated 2026-11-26 is after today (2026-11-25)"],
    ),
    # what can be read of an action that fails its model is still checked (spec section 6)
    "start-after-due-beside-a-shape-error": (
        {
            "06-care-leavers.yaml": _priority_6(
                "    action: Recruit an Independent Reviewing Officer for care leavers.\n"
                "    lead: DCS\n    due: 2016-10",
                "    action: [Recruit, Appoint]\n    lead: DCS\n"
                "    start: 2016-11\n    due: 2016-10",
            )
        },
        [
            f"{FILE}:5:13: error: 'action' must be text, not a list",
            f"{FILE}:7:12: error: action '6.1.1' starts (2016-11) after it is due (2016-10)",
        ],
    ),
    "updates-out-of-order-beside-a-bad-status": (
        {
            "06-care-leavers.yaml": PRIORITY_6
            + "      - date: 2016-10-31\n        status: done\n"
            + "      - date: 2026-11-26\n        status: in-progress\n"
        },
        [
            f"{FILE}:11:15: error: update dated 2016-10-31 comes after one dated 2016-11-30: "
            "keep the progress log oldest first",
            f"{FILE}:12:17: error: 'status' must be one of not-started, in-progress, complete, "
            "withdrawn, not 'done'",
            f"{FILE}:13:15: error: update dated 2026-11-26 is after today (2026-11-25)",
        ],
    ),
    "no-update-beside-a-bad-month": (
        {
            "06-care-leavers.yaml": _priority_6(
                "    due: 2016-10\n    updates:\n      - date: 2016-11-30\n"
                "        status: in-progress\n",
                "    due: 2016-13\n",
            )
        },
        [
            f"{FILE}:4:9: warning: action '6.1.1' was due to start in 2016-05 and has no "
            "update yet",
            f"{FILE}:7:10: error: '2016-13' is not a month: write it as YYYY-MM, such as 2017-01",
        ],
    ),
    "no-timescale-check-on-an-unreadable-month": (
        {"06-care-leavers.yaml": _priority_6("due: 2016-10", "start: 2016-11\n    due: 2016-1")},
        [f"{FILE}:8:10: error: '2016-1' is not a month: write it as YYYY-MM, such as 2017-01"],
    ),
    "update-dated-today": (
        {
            "06-care-leavers.yaml": PRIORITY_6
            + "      - date: 2026-11-25\n        status: in-progress\n"
        },
        [],
    ),
    # funding
    "funding-names-no-action": (
        {
            "funding.yaml": """\
            lines:
              - name: Phase One
                actions: ["6.1.1", "6.1.2"]
                years:
                  2016/17: {budget: 731, spend: 731}
            """,
            "06-care-leavers.yaml": PRIORITY_6,
        },
        [
            "plan/funding.yaml:3:24: error: funding line 'Phase One' names action '6.1.2', "
            "which the plan does not have (did you mean '6.1.1'?)"
        ],
    ),
    "funding-names-an-action-with-another-error": (
        {
            "funding.yaml": """\
            lines:
              - name: Phase One
                actions: ["6.1.1"]
                years:
                  2016/17: {budget: 731, spend: 731}
            """,
            "06-care-leavers.yaml": _priority_6("due: 2016-10", "due: 2016-13"),
        },
        [f"{FILE}:7:10: error: '2016-13' is not a month: write it as YYYY-MM, such as 2017-01"],
    ),
    "funding-negative-amount": (
        {
            "funding.yaml": """\
            lines:
              - name: Phase One
                actions: ["6.1.1"]
                years:
                  2016/17: {budget: 731, spend: -5}
            """,
            "06-care-leavers.yaml": PRIORITY_6,
        },
        ["plan/funding.yaml:5:37: error: 'spend' must be 0 or more, not -5"],
    ),
    # whole numbers as a person writes them: no sign, underscore, leading zero or decimal point
    **{
        f"priority-written-{name}": (
            {"06-care-leavers.yaml": _priority_6("priority: 6", f"priority: {written}")},
            [
                f"{FILE}:1:11: error: 'priority' must be a whole number in plain digits (no "
                f"sign, underscore, leading zero or decimal point), not '{written}'"
            ],
        )
        for name, written in (
            ("with-a-sign", "+6"),
            ("with-an-underscore", "0_6"),
            ("with-a-leading-zero", "06"),
            ("with-a-decimal-point", "6.0"),
            ("minus-zero", "-0"),
        )
    },
    "priority-above-four-digits": (
        {"06-care-leavers.yaml": _priority_6("priority: 6", "priority: 10000")},
        [f"{FILE}:1:11: error: 'priority' must be 9999 or less, not 10000"],
    ),
    "priority-of-five-thousand-digits": (
        {"06-care-leavers.yaml": _priority_6("priority: 6", f"priority: {'9' * 5000}")},
        [f"{FILE}:1:11: error: 'priority' must be 9999 or less, not {'9' * 59}…"],
    ),
    "priority-negative-and-long": (
        {"06-care-leavers.yaml": _priority_6("priority: 6", f"priority: -{'9' * 5000}")},
        [f"{FILE}:1:11: error: 'priority' must be 1 or more, not -{'9' * 58}…"],
    ),
    "amount-with-an-underscore": (
        {
            "funding.yaml": _FUNDING.format(amounts="{budget: 1_000}"),
            "06-care-leavers.yaml": PRIORITY_6,
        },
        [
            "plan/funding.yaml:5:25: error: 'budget' must be a whole number in plain digits (no "
            "sign, underscore, leading zero or decimal point), not '1_000'"
        ],
    ),
    "amount-of-a-billion-is-the-most": (
        {
            "funding.yaml": _FUNDING.format(amounts="{budget: 1000000000, spend: 1000000001}"),
            "06-care-leavers.yaml": PRIORITY_6,
        },
        ["plan/funding.yaml:5:44: error: 'spend' must be 1000000000 or less, not 1000000001"],
    ),
    # the calendar: years 1900 to 2199
    "month-in-year-9999": (
        {"06-care-leavers.yaml": _priority_6("due: 2016-10", "due: 9999-12")},
        [
            f"{FILE}:7:10: error: '9999-12' is out of range: a month must be between 1900-01 "
            "and 2199-12"
        ],
    ),
    # what can be read of plan.yaml and funding.yaml is still checked against (spec section 6)
    "unknown-role-beside-a-plan-yaml-typo": (
        {
            "plan.yaml": PLAN_YAML + "colour: red\n",
            "06-care-leavers.yaml": _priority_6("lead: DCS", "lead: Mayor"),
        },
        [
            f"{FILE}:6:11: error: unknown role 'Mayor': plan/plan.yaml does not declare it",
            "plan/plan.yaml:10:1: error: unknown key 'colour'",
        ],
    ),
    "due-before-the-plan-beside-unreadable-roles": (
        {
            "plan.yaml": PLAN_YAML.replace(
                "agencies:\n  Health: Health partners\n  Police:\n", "agencies: [Health, Police]\n"
            ),
            "06-care-leavers.yaml": _priority_6("due: 2016-10", "due: 2016-04"),
        },
        [
            f"{FILE}:7:10: error: action '6.1.1' is due (2016-04) before the plan starts "
            "(2016-05, in plan/plan.yaml)",
            "plan/plan.yaml:7:11: error: 'agencies' must be a mapping of keys to values, not a "
            "list",
        ],
    ),
    "funding-names-no-action-beside-a-negative-amount": (
        {
            "funding.yaml": """\
            lines:
              - name: Phase One
                actions: ["6.1.2"]
                years:
                  2016/17: {budget: 731, spend: -5}
            """,
            "06-care-leavers.yaml": PRIORITY_6,
        },
        [
            "plan/funding.yaml:3:15: error: funding line 'Phase One' names action '6.1.2', "
            "which the plan does not have (did you mean '6.1.1'?)",
            "plan/funding.yaml:5:37: error: 'spend' must be 0 or more, not -5",
        ],
    ),
    "plan-starting-in-year-1": (
        {"plan.yaml": PLAN_YAML.replace("starts: 2016-05", "starts: 0001-01")},
        [
            "plan/plan.yaml:3:9: error: '0001-01' is out of range: a month must be between "
            "1900-01 and 2199-12"
        ],
    ),
    "date-in-year-1": (
        {"06-care-leavers.yaml": _priority_6("date: 2016-11-30", "date: 0001-01-01")},
        [
            f"{FILE}:9:15: error: '0001-01-01' is out of range: a date must be between "
            "1900-01-01 and 2199-12-31"
        ],
    ),
    "date-in-year-1899": (
        {"06-care-leavers.yaml": _priority_6("date: 2016-11-30", "date: 1899-12-31")},
        [
            f"{FILE}:9:15: error: '1899-12-31' is out of range: a date must be between "
            "1900-01-01 and 2199-12-31"
        ],
    ),
    "financial-year-out-of-range": (
        {
            "funding.yaml": _FUNDING.format(amounts="{budget: 731}").replace("2016/17", "1850/51"),
            "06-care-leavers.yaml": PRIORITY_6,
        },
        [
            "plan/funding.yaml:5:7: error: '1850/51' is out of range: a financial year must be "
            "between 1900/01 and 2198/99"
        ],
    ),
    # action IDs: no leading zeros, at most four digits a part
    "id-with-a-leading-zero": (
        {"06-care-leavers.yaml": _priority_6('id: "6.1.1"', 'id: "6.01.1"')},
        [
            f"{FILE}:4:9: error: '6.01.1' is not an action ID: write each part without leading "
            "zeros, such as 6.1.4"
        ],
    ),
    "id-part-of-five-digits": (
        {"06-care-leavers.yaml": _priority_6('id: "6.1.1"', 'id: "6.1.10000"')},
        [f"{FILE}:4:9: error: '6.1.10000' is not an action ID: each part has at most 4 digits"],
    ),
    "id-part-of-4301-digits": (
        {"06-care-leavers.yaml": _priority_6('id: "6.1.1"', f'id: "6.1.{"1" * 4301}"')},
        [
            f"{FILE}:4:9: error: '6.1.{'1' * 55}…' is not an action ID: each part has at most "
            "4 digits"
        ],
    ),
    "id-first-part-zero": (
        {"06-care-leavers.yaml": _priority_6('id: "6.1.1"', 'id: "0.6.1"')},
        [
            f"{FILE}:4:9: error: '0.6.1' is not an action ID: write dotted numbers whose first "
            "part is the priority, such as 6.1.4"
        ],
    ),
    "id-equal-as-numbers-is-one-id-written-twice": (
        {
            "06-care-leavers.yaml": PRIORITY_6
            + PRIORITY_6[PRIORITY_6.index("  - id") :].replace('"6.1.1"', '"6.1.01"')
        },
        [
            f"{FILE}:4:9: error: action ID '6.1.1' is used again (as '6.1.01') at {FILE}:11:9",
            f"{FILE}:11:9: error: '6.1.01' is not an action ID: write each part without leading "
            "zeros, such as 6.1.4",
            f"{FILE}:11:9: error: action ID '6.1.01' is already used (as '6.1.1') at {FILE}:4:9",
        ],
    ),
    # warnings
    "complete-without-evidence": (
        {"06-care-leavers.yaml": _priority_6("status: in-progress", "status: complete")},
        [
            f"{FILE}:10:17: warning: action '6.1.1' is marked complete on 2016-11-30 "
            "without evidence"
        ],
    ),
    "complete-with-empty-evidence": (
        {
            "06-care-leavers.yaml": _priority_6(
                "status: in-progress", "status: complete\n        evidence: []"
            )
        },
        [
            f"{FILE}:10:17: warning: action '6.1.1' is marked complete on 2016-11-30 "
            "without evidence"
        ],
    ),
    "complete-with-evidence": (
        {
            "06-care-leavers.yaml": _priority_6(
                "status: in-progress", "status: complete\n        evidence: [IRO job description]"
            )
        },
        [],
    ),
    "started-without-update": (
        {
            "06-care-leavers.yaml": _priority_6(
                "    updates:\n      - date: 2016-11-30\n        status: in-progress\n", ""
            )
        },
        [f"{FILE}:4:9: warning: action '6.1.1' was due to start in 2016-05 and has no update yet"],
    ),
    "not-started-yet-without-update": (
        {
            "06-care-leavers.yaml": _priority_6(
                "    due: 2016-10\n    updates:\n      - date: 2016-11-30\n"
                "        status: in-progress\n",
                "    start: 2026-11\n    due: 2027-03\n",
            )
        },
        [],
    ),
    # duplicate mapping keys: at the second
    "duplicate-key": (
        {
            "06-care-leavers.yaml": _priority_6(
                "    due: 2016-10\n", "    due: 2016-10\n    due: 2016-12\n"
            )
        },
        [
            f"{FILE}:8:5: error: duplicate key 'due' (first at line 7); YAML would silently "
            "keep only one"
        ],
    ),
    "duplicate-key-in-plan": (
        {"plan.yaml": "title: T\norganisation: O\nstarts: 2016-05\nroles:\n  DCS: D\n  DCS: E\n"},
        [
            "plan/plan.yaml:6:3: error: duplicate key 'DCS' (first at line 5); YAML would "
            "silently keep only one"
        ],
    ),
}


@pytest.mark.parametrize(
    ("files", "expected"), SINGLE_FILE_CASES.values(), ids=SINGLE_FILE_CASES.keys()
)
def test_rule(write_plan: PlanWriter, files: dict[str, str], expected: list[str]) -> None:
    assert _problems(write_plan(files)) == expected


def test_duplicate_id_in_another_file_names_both_places(write_plan: PlanWriter) -> None:
    other = _priority_6("priority: 6", "priority: 7").replace("title: Supporting", "title: Not")
    directory = write_plan({"06-care-leavers.yaml": PRIORITY_6, "07-adoption.yaml": other})
    assert _problems(directory) == [
        f"{FILE}:4:9: error: action ID '6.1.1' is used again at plan/07-adoption.yaml:4:9",
        f"plan/07-adoption.yaml:4:9: error: action ID '6.1.1' is already used at {FILE}:4:9",
        "plan/07-adoption.yaml:4:9: error: action '6.1.1' is in the priority 7 file: its ID "
        "must start with 7",
    ]


def test_two_files_with_one_priority_name_each_other(write_plan: PlanWriter) -> None:
    other = _priority_6('id: "6.1.1"', 'id: "6.2.1"')
    directory = write_plan({"06-care-leavers.yaml": PRIORITY_6, "06-leaving-care.yaml": other})
    assert _problems(directory) == [
        f"{FILE}:1:11: error: priority 6 is also the priority of plan/06-leaving-care.yaml:1:11",
        f"plan/06-leaving-care.yaml:1:11: error: priority 6 is also the priority of {FILE}:1:11",
    ]


def test_plan_without_plan_yaml(write_plan: PlanWriter) -> None:
    directory = write_plan({"06-care-leavers.yaml": PRIORITY_6}, header=False)
    assert _problems(directory) == [
        "plan/plan.yaml:1:1: error: the plan has no plan.yaml: it gives the plan's title, "
        "start month, roles and agencies"
    ]


def test_every_problem_of_a_run_sorted_by_file_and_line(write_plan: PlanWriter) -> None:
    directory = write_plan(
        {
            "plan.yaml": "title: T\norganisation: O\nstarts: 2016-05\nroles:\n  DCS: D\nroles: x\n",
            "06-care-leavers.yaml": _priority_6("due: 2016-10", "due: 2016-13").replace(
                "status: in-progress", "status: started"
            ),
            "01-leadership.yaml": "priority: 1\ntitle: Leadership\ncolour: red\nactions: []\n",
        }
    )
    assert _problems(directory) == [
        "plan/01-leadership.yaml:3:1: error: unknown key 'colour'",
        f"{FILE}:7:10: error: '2016-13' is not a month: write it as YYYY-MM, such as 2017-01",
        f"{FILE}:10:17: error: 'status' must be one of not-started, in-progress, complete, "
        "withdrawn, not 'started' (did you mean 'not-started'?)",
        "plan/plan.yaml:6:1: error: duplicate key 'roles' (first at line 4); YAML would silently "
        "keep only one",
    ]


def test_long_values_are_cut_short_on_one_line(write_plan: PlanWriter) -> None:
    title = "x" * 200
    directory = write_plan({"06-care-leavers.yaml": f"priority: |\n  {title}\n  six\ntitle: T\n"})
    assert _problems(directory) == [
        f"{FILE}:1:11: error: 'priority' must be a whole number, not '{'x' * 59}…'"
    ]


# --------------------------------------------------------------------------------------------
# The command: exit status, formats, --strict and the summary line.

WARNING_ONLY = _priority_6("status: in-progress", "status: complete")
ERRORS = _priority_6("due: 2016-10", "deu: 2016-10")


def _validate(runner: CliRunner, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["validate", *args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_clean_plan_prints_one_summary_line(write_plan: PlanWriter, runner: CliRunner) -> None:
    write_plan({"06-care-leavers.yaml": PRIORITY_6})
    assert _validate(runner) == (0, "plan: 2 files, 1 priority, 1 action: no problems\n", "")


def test_errors_exit_1(write_plan: PlanWriter, runner: CliRunner) -> None:
    write_plan({"06-care-leavers.yaml": ERRORS})
    assert _validate(runner) == (
        1,
        f"{FILE}:4:5: error: missing required key 'due'\n"
        f"{FILE}:7:5: error: unknown key 'deu' (did you mean 'due'?)\n"
        "plan: 2 files, 1 priority, 1 action: 2 errors, 0 warnings\n",
        "",
    )


def test_warnings_alone_exit_0(write_plan: PlanWriter, runner: CliRunner) -> None:
    write_plan({"06-care-leavers.yaml": WARNING_ONLY})
    assert _validate(runner) == (
        0,
        f"{FILE}:10:17: warning: action '6.1.1' is marked complete on 2016-11-30 without "
        "evidence\nplan: 2 files, 1 priority, 1 action: 0 errors, 1 warning\n",
        "",
    )


def test_strict_turns_warnings_into_errors(write_plan: PlanWriter, runner: CliRunner) -> None:
    write_plan({"06-care-leavers.yaml": WARNING_ONLY})
    assert _validate(runner, "--strict") == (
        1,
        f"{FILE}:10:17: error: action '6.1.1' is marked complete on 2016-11-30 without "
        "evidence\nplan: 2 files, 1 priority, 1 action: 1 error, 0 warnings\n",
        "",
    )


def test_json_lists_each_problem_as_an_object(write_plan: PlanWriter, runner: CliRunner) -> None:
    write_plan({"06-care-leavers.yaml": ERRORS})
    code, stdout, stderr = _validate(runner, "--format", "json")
    assert (code, stderr) == (1, "")
    fields = ["file", "line", "column", "level", "code", "message"]
    assert [list(problem) for problem in json.loads(stdout)] == [fields, fields]
    assert json.loads(stdout) == [
        {
            "file": FILE,
            "line": 4,
            "column": 5,
            "level": "error",
            "code": "missing-key",
            "message": "missing required key 'due'",
        },
        {
            "file": FILE,
            "line": 7,
            "column": 5,
            "level": "error",
            "code": "unknown-key",
            "message": "unknown key 'deu' (did you mean 'due'?)",
        },
    ]


def test_json_of_a_clean_plan_is_an_empty_list(write_plan: PlanWriter, runner: CliRunner) -> None:
    write_plan({"06-care-leavers.yaml": PRIORITY_6})
    assert _validate(runner, "--format", "json") == (0, "[]\n", "")


def test_json_with_strict_gives_warnings_as_errors(
    write_plan: PlanWriter, runner: CliRunner
) -> None:
    write_plan({"06-care-leavers.yaml": WARNING_ONLY})
    code, stdout, _ = _validate(runner, "--format", "json", "--strict")
    assert (code, [problem["level"] for problem in json.loads(stdout)]) == (1, ["error"])


def test_github_prints_workflow_annotations(write_plan: PlanWriter, runner: CliRunner) -> None:
    write_plan({"06-care-leavers.yaml": ERRORS})
    assert _validate(runner, "--format", "github") == (
        1,
        "::group::csip validate\n"
        f"::error file={FILE},line=4,col=5,title=csip missing-key::missing required key 'due'\n"
        f"::error file={FILE},line=7,col=5,title=csip unknown-key::unknown key 'deu' "
        "(did you mean 'due'?)\n"
        "::endgroup::\n"
        "plan: 2 files, 1 priority, 1 action: 2 errors, 0 warnings\n",
        "",
    )


def test_github_warning(write_plan: PlanWriter, runner: CliRunner) -> None:
    write_plan({"06-care-leavers.yaml": WARNING_ONLY})
    code, stdout, _ = _validate(runner, "--format", "github")
    assert (code, stdout.splitlines()[1]) == (
        0,
        f"::warning file={FILE},line=10,col=17,title=csip no-evidence::action '6.1.1' is "
        "marked complete on 2016-11-30 without evidence",
    )


def test_plan_option_names_the_directory(write_plan: PlanWriter, runner: CliRunner) -> None:
    directory = write_plan({"06-care-leavers.yaml": PRIORITY_6})
    moved = directory.rename("council-plan")
    assert _validate(runner, "--plan", str(moved)) == (
        0,
        "council-plan: 2 files, 1 priority, 1 action: no problems\n",
        "",
    )


def test_unknown_format_is_a_usage_error(write_plan: PlanWriter, runner: CliRunner) -> None:
    write_plan({"06-care-leavers.yaml": PRIORITY_6})
    code, stdout, stderr = _validate(runner, "--format", "xml")
    assert (code, stdout) == (2, "")
    assert stderr == (
        "csip: error: invalid value for '--format' / '-f': 'xml' is not one of 'text', 'json', "
        "'github' (see 'csip validate --help')\n"
    )
