"""Adding to a plan file as new lines: updates and actions go in, every other byte stays."""

from __future__ import annotations

import datetime as dt
import errno
import fcntl
import os
import stat
from pathlib import Path

import pytest
from conftest import TODAY, PlanWriter
from typer.testing import CliRunner, Result

from csip.cli import app
from csip.load.reader import read
from csip.model.files import Action, PriorityFile, Update
from csip.model.validators import parse
from csip.output import plan_edit_lock
from csip.plan_edit import (
    EditError,
    append_update,
    changed_lines,
    edit_priority_file,
    file_name,
    new_priority_file,
    problems_after,
    write_changes,
)

# Comments, a dash at the key's column, four-space items, a literal note kept with a blank line
# and a comment after it, a flow list with a comment, and an action with no log at all.
ODD = """\
# Priority 6, kept by the care leavers team.
priority: 6
title: Supporting Care Leavers
actions:
    # First action: the pathway plans.
    -   id: "6.1.1"
        action: Review every pathway plan.
        lead: "HOS C&R"
        due: 2016-08
        updates:
        - date: 2016-06-30
          status: in-progress
          note: |
            Plans reviewed for
            16 and 17 year olds.

        # more to come

    -   id: "6.1.2"   # the template
        action: Co-produce a template.
        lead: DCS
        due: 2016-10
        updates: []   # none yet

    -   id: "6.1.3"
        action: Audit plans.
        lead: DCS
        due: 2016-11
"""

# The reference plan's layout.
USUAL = """\
priority: 1
title: Leadership and Governance
actions:
  - id: "1.1"
    action: >-
      Appoint a permanent Director of Children's Services whose focus is entirely on
      children's services.
    lead: DCS
    agencies: []
    due: 2016-09
    updates:
      - date: 2016-07-29
        status: in-progress
        note: Search under way.
        evidence: ["Job advert"]
  - id: "1.3"
    action: Review the governance of the plan.
    lead: [DCS, "HOS C&R"]
    agencies: [Health]
    start: 2016-06
    due: 2017-06
"""


def update(**fields: object) -> Update:
    return parse(Update, {"date": "2017-01-31", "status": "in-progress", **fields})


def action(**fields: object) -> Action:
    return parse(Action, {"lead": "DCS", "due": "2017-06", "action": "A.", **fields})


def inserted(before: str, after: str) -> list[str]:
    """The lines of ``after`` that ``before`` did not have, checking nothing else moved."""
    lines = after.splitlines()
    added = changed_lines(before, after)
    kept = lines[: added.start - 1] + lines[added.stop - 1 :]
    assert "\n".join(kept) == before.rstrip("\n")
    return lines[added.start - 1 : added.stop - 1]


# --- updates ---------------------------------------------------------------------------------


def test_an_update_goes_at_the_end_of_the_log_indented_like_the_others() -> None:
    after = append_update(USUAL, "1.1", update(note="Appointed.", due="2016-12"))
    assert inserted(USUAL, after) == [
        "      - date: 2017-01-31",
        "        status: in-progress",
        "        note: Appointed.",
        "        due: 2016-12",
    ]
    assert after.index("note: Appointed.") < after.index('- id: "1.3"')


def test_the_first_update_of_an_action_starts_its_log_in_the_file_s_layout() -> None:
    after = append_update(USUAL, "1.3", update(evidence=["Board minutes", "Report: #2"]))
    assert inserted(USUAL, after) == [
        "    updates:",
        "      - date: 2017-01-31",
        "        status: in-progress",
        "        evidence:",
        "          - Board minutes",
        '          - "Report: #2"',
    ]


def test_comments_odd_indentation_and_an_empty_flow_list() -> None:
    after = edit_priority_file(
        ODD,
        updates={
            "6.1.1": [update(date="2016-08-19", status="complete", evidence=["Review report"])],
            "6.1.2": [update(date="2016-10-31", note="Workshops held.")],
            "6.1.3": [update(date="2016-11-25")],
        },
    )
    assert after == ODD.replace(
        """\
            16 and 17 year olds.
""",
        """\
            16 and 17 year olds.
        - date: 2016-08-19
          status: complete
          evidence:
          - Review report
""",
    ).replace(
        """\
        updates: []   # none yet
""",
        """\
        updates:   # none yet
        - date: 2016-10-31
          status: in-progress
          note: Workshops held.
""",
    ).replace(
        """\
        due: 2016-11
""",
        """\
        due: 2016-11
        updates:
        - date: 2016-11-25
          status: in-progress
""",
    )


def test_the_literal_note_before_the_insertion_keeps_its_text() -> None:
    after = append_update(ODD, "6.1.1", update(date="2016-08-19"))
    model = parse(PriorityFile, read(after).data)
    assert model.actions[0].updates[0].note == "Plans reviewed for\n16 and 17 year olds.\n"


def test_text_that_keeps_its_trailing_line_breaks_keeps_them() -> None:
    text = USUAL.replace("note: Search under way.", "note: |+\n          Search under way.\n")
    after = append_update(text, "1.1", update())
    model = parse(PriorityFile, read(after).data)
    assert model.actions[0].updates[0].note == "Search under way.\n\n"
    assert model.actions[0].updates[1] == update()


def test_windows_line_breaks_stay_windows_line_breaks() -> None:
    text = USUAL.replace("\n", "\r\n")
    after = append_update(text, "1.3", update())
    assert after.startswith(text[: text.index('  - id: "1.3"')])
    assert "\n" not in after.replace("\r\n", "")
    assert after.endswith("    due: 2017-06\r\n    updates:\r\n      - date: 2017-01-31\r\n"
                          "        status: in-progress\r\n")  # fmt: skip


def test_a_file_without_a_last_line_break_gets_one_before_the_addition() -> None:
    after = edit_priority_file(USUAL.rstrip("\n"), [action(id="1.4")], {"1.3": [update()]})
    assert after == USUAL + (
        "    updates:\n      - date: 2017-01-31\n        status: in-progress\n"
        '  - id: "1.4"\n    action: A.\n    lead: DCS\n    agencies: []\n    due: 2017-06\n'
    )


@pytest.mark.parametrize(
    "note",
    [
        "Review: done",
        "# not a comment",
        "- not a list",
        "yes",
        "123",
        "2017-01-31",
        "'quoted' and \"double\"",
        "A line\nand another\n\n- a list item",
        "  leading spaces",
        "trailing space ",
        "Tab\there",
        "{not: a mapping}",
        "é, £ and \N{EN DASH} stay as they are",
        "Line\u2028separator",
        ("word " * 60).strip(),
    ],
)
def test_any_note_reads_back_exactly(note: str) -> None:
    after = append_update(USUAL, "1.3", update(note=note))
    model = parse(PriorityFile, read(after).data)
    assert model.actions[1].updates[0].note == note


def test_long_text_is_folded_at_the_file_s_width() -> None:
    note = "The Chief Executive and the senior management team are reviewing the structure " * 2
    after = append_update(USUAL, "1.3", update(note=note.strip()))
    assert inserted(USUAL, after)[3:] == [
        "        note: >-",
        "          The Chief Executive and the senior management team are reviewing the",
        "          structure The Chief Executive and the senior management team are reviewing",
        "          the structure",
    ]


def test_an_update_list_in_flow_style_cannot_take_a_new_line() -> None:
    text = USUAL.replace(
        "    due: 2017-06\n",
        "    due: 2017-06\n    updates: [{date: 2016-07-01, status: in-progress}]\n",
    )
    with pytest.raises(
        EditError, match=r"the updates of action '1\.3' are not written as a block list"
    ):
        append_update(text, "1.3", update())


def test_an_action_in_flow_style_cannot_take_an_update() -> None:
    text = 'priority: 1\ntitle: T\nactions: [{id: "1.3", action: A., lead: DCS, due: 2017-06}]\n'
    with pytest.raises(
        EditError,
        match=r"action '1\.3' is written in flow style, between braces \(line 3\): write it one "
        r"key per line to add to its updates",
    ):
        append_update(text, "1.3", update())


# --- actions ---------------------------------------------------------------------------------


def test_a_new_action_goes_after_the_last_one_whose_id_sorts_before_it() -> None:
    after = edit_priority_file(
        USUAL, [action(id="1.2", lead=["DCS", "HOS C&R"], agencies=["LBB (CSC, Education)"])]
    )
    assert inserted(USUAL, after) == [
        '  - id: "1.2"',
        "    action: A.",
        "    lead: [DCS, HOS C&R]",
        '    agencies: ["LBB (CSC, Education)"]',
        "    due: 2017-06",
    ]
    assert after.index('id: "1.2"') < after.index('id: "1.3"')


def test_a_new_first_action_goes_before_the_first_and_keeps_the_blank_lines_between() -> None:
    after = edit_priority_file(ODD, [action(id="6.0.1", updates=[update()])])
    assert inserted(ODD, after) == [
        '    -   id: "6.0.1"',
        "        action: A.",
        "        lead: DCS",
        "        agencies: []",
        "        due: 2017-06",
        "        updates:",
        "        - date: 2017-01-31",
        "          status: in-progress",
        "",
    ]


def test_actions_into_an_empty_flow_list() -> None:
    text = "priority: 3\ntitle: Legal\nactions: []\n"
    after = edit_priority_file(text, [action(id="3.2"), action(id="3.1")])
    assert after == (
        "priority: 3\ntitle: Legal\nactions:\n"
        '  - id: "3.1"\n    action: A.\n    lead: DCS\n    agencies: []\n    due: 2017-06\n'
        '  - id: "3.2"\n    action: A.\n    lead: DCS\n    agencies: []\n    due: 2017-06\n'
    )


def test_actions_in_a_flow_list_cannot_take_another() -> None:
    text = (
        'priority: 3\ntitle: Legal\nactions: [{id: "3.1", action: A., lead: DCS, due: 2017-06}]\n'
    )
    with pytest.raises(EditError, match=r"the actions are not written as a block list \(line 3\)"):
        edit_priority_file(text, [action(id="3.2")])


def test_a_new_priority_file() -> None:
    text = new_priority_file(11, "Early Help", "Early help", [action(id="11.1", start="2017-02")])
    assert text == (
        "priority: 11\n"
        "title: Early Help\n"
        "short_title: Early help\n"
        "actions:\n"
        '  - id: "11.1"\n'
        "    action: A.\n"
        "    lead: DCS\n"
        "    agencies: []\n"
        "    start: 2017-02\n"
        "    due: 2017-06\n"
    )
    assert file_name(11, "Early help & family support") == "11-early-help-family-support.yaml"


# --- the whole plan, then the file ---------------------------------------------------------


def test_problems_after_name_the_real_files(write_plan: PlanWriter) -> None:
    plan = write_plan({"01.yaml": USUAL})
    after = append_update(USUAL, "1.1", update(date="2027-01-01"))
    problems = problems_after(plan, {plan / "01.yaml": after}, TODAY)
    assert [p.text() for p in problems if p.level == "error"] == [
        "plan/01.yaml:16:15: error: update dated 2027-01-01 is after today (2026-11-25)"
    ]
    assert (plan / "01.yaml").read_text() == USUAL


def run(runner: CliRunner, *args: str) -> Result:
    return runner.invoke(app, list(args), catch_exceptions=False)


def test_csip_update_appends_to_a_file_with_comments_and_odd_indentation(
    runner: CliRunner, write_plan: PlanWriter
) -> None:
    plan = write_plan({"06.yaml": ODD})
    (plan / "06.yaml").chmod(0o640)
    result = run(
        runner, "update", "6.1.2", "--status", "in-progress", "--note", "Workshops held.",
        "--date", "2016-10-31", "--due", "2016-12", "--evidence", "Notes", "--evidence", "Slides",
    )  # fmt: skip
    assert (result.exit_code, result.stderr) == (0, "")
    assert (
        result.stdout == "plan/06.yaml: added the update of 6.1.2 dated 2016-10-31 (in progress)\n"
    )
    assert (plan / "06.yaml").read_text() == ODD.replace(
        "        updates: []   # none yet\n",
        """\
        updates:   # none yet
        - date: 2016-10-31
          status: in-progress
          note: Workshops held.
          due: 2016-12
          evidence:
          - Notes
          - Slides
""",
    )
    assert stat.S_IMODE((plan / "06.yaml").stat().st_mode) == 0o640


def test_csip_update_dates_the_update_today_by_default(
    runner: CliRunner, write_plan: PlanWriter
) -> None:
    plan = write_plan({"06.yaml": ODD})
    result = run(runner, "update", "6.1.3", "--status", "complete", "--evidence", "Audit report")
    assert result.exit_code == 0
    assert (
        (plan / "06.yaml")
        .read_text()
        .endswith(
            f"        updates:\n        - date: {TODAY}\n          status: complete\n"
            "          evidence:\n          - Audit report\n"
        )
    )


def test_csip_update_reads_the_status_whatever_its_case(
    runner: CliRunner, write_plan: PlanWriter
) -> None:
    plan = write_plan({"06.yaml": ODD})
    result = run(runner, "update", "6.1.3", "--status", "In-Progress", "--date", "2016-11-25")
    assert (result.exit_code, result.stderr) == (0, "")
    assert (
        (plan / "06.yaml")
        .read_text()
        .endswith("        - date: 2016-11-25\n          status: in-progress\n")
    )


def test_csip_update_shows_the_warning_of_what_it_added(
    runner: CliRunner, write_plan: PlanWriter
) -> None:
    write_plan({"06.yaml": ODD})
    result = run(runner, "update", "6.1.3", "--status", "complete", "--date", "2016-11-25")
    assert result.exit_code == 0
    assert result.stderr == (
        "plan/06.yaml:31:19: warning: action '6.1.3' is marked complete on 2016-11-25 without "
        "evidence\n"
    )


@pytest.mark.parametrize(
    ("args", "status", "message"),
    [
        (
            ["6.1.1", "--status", "complete", "--date", "2016-06-01"],
            1,
            "csip: error: update dated 2016-06-01 is before the action's last update, dated "
            "2016-06-30: a new update goes at the end of the log; nothing written",
        ),
        (
            ["6.1.1", "--status", "complete", "--date", "2026-11-26"],
            1,
            "csip: error: update dated 2026-11-26 is after today (2026-11-25); nothing written",
        ),
        (
            ["6.1.9", "--status", "complete"],
            2,
            "csip: error: the plan has no action '6.1.9' (did you mean '6.1.3'?)",
        ),
        (
            ["6.1.1", "--status", "complete", "--note", ""],
            2,
            "csip: error: '--note' must not be empty",
        ),
        (
            ["6.1.1", "--status", "complete", "--note", "b\udcffd"],  # argv's byte 0xff
            2,
            "csip: error: '--note' holds bytes that are not UTF-8 text",
        ),
        (
            ["6.1.1", "--status", "complete", "--date", "2017-02-30"],
            2,
            "csip: error: '2017-02-30' is not a real date (day is out of range for month)",
        ),
        (
            ["6.1.1", "--status", "complete", "--due", "2017-13"],
            2,
            "csip: error: '2017-13' is not a month: write it as YYYY-MM, such as 2017-01",
        ),
    ],
)
def test_csip_update_refuses_what_validation_would_refuse(
    runner: CliRunner, write_plan: PlanWriter, args: list[str], status: int, message: str
) -> None:
    plan = write_plan({"06.yaml": ODD})
    result = run(runner, "update", *args)
    assert (result.exit_code, result.stdout, result.stderr) == (status, "", message + "\n")
    assert (plan / "06.yaml").read_text() == ODD


def test_csip_update_refuses_a_log_it_cannot_add_to(
    runner: CliRunner, write_plan: PlanWriter
) -> None:
    flow = USUAL.replace(
        "    due: 2017-06\n",
        "    due: 2017-06\n    updates: [{date: 2016-07-01, status: in-progress}]\n",
    )
    plan = write_plan({"01.yaml": flow})
    result = run(runner, "update", "1.3", "--status", "complete", "--date", "2016-08-01")
    assert result.exit_code == 1
    assert result.stderr == (
        "csip: error: cannot add to plan/01.yaml: the updates of action '1.3' are not written as "
        "a block list (line 22): write them one per '- date:' line to add to them\n"
    )
    assert (plan / "01.yaml").read_text() == flow


def test_changed_lines() -> None:
    assert changed_lines("a\nb\nc\n", "a\nb\nx\ny\nc\n") == range(3, 5)
    assert changed_lines("a\n", "a\n") == range(2, 2)


def test_dates_are_written_as_the_plan_writes_them() -> None:
    after = append_update(USUAL, "1.3", update(date=dt.date(2017, 3, 1).isoformat()))
    assert "      - date: 2017-03-01\n" in after


def test_an_empty_log_key_takes_the_list_and_a_written_null_is_left_alone() -> None:
    empty = USUAL.replace("    due: 2017-06\n", "    due: 2017-06\n    updates:\n")
    assert append_update(empty, "1.3", update()) == empty + (
        "      - date: 2017-01-31\n        status: in-progress\n"
    )
    null = USUAL.replace("    due: 2017-06\n", "    due: 2017-06\n    updates: ~\n")
    with pytest.raises(EditError, match=r"not written as a block list \(line 22\)"):
        append_update(null, "1.3", update())


def test_a_note_with_a_line_separator_and_an_emoji_is_written_so_it_reads_back() -> None:
    from csip.load.reader import read
    from csip.model.files import Update
    from csip.plan_edit import append_update

    text = (
        'priority: 1\ntitle: L\nactions:\n  - id: "1.1"\n    action: A\n    lead: DCS\n'
        "    due: 2016-06\n"
    )
    note = "Agreed\u2028with the board \U0001f600"
    fields = {"date": "2016-06-01", "status": "in-progress", "note": note}
    update = parse(Update, fields)
    after = append_update(text, "1.1", update)
    model = parse(PriorityFile, read(after).data)
    assert model.actions[0].updates[0].note == note


# --- writing the plan whole or not at all ------------------------------------------------------


def test_csip_update_refuses_a_linked_plan_file_and_leaves_its_file_alone(
    runner: CliRunner, write_plan: PlanWriter
) -> None:
    """A priority file linked from inside the plan (even by an absolute link) is read, but never
    written through: not when the edit is checked, not when it would be written."""
    plan = write_plan({"files/01.yaml": USUAL})
    (plan / "01.yaml").symlink_to((plan / "files" / "01.yaml").resolve())
    result = run(runner, "update", "1.3", "--status", "complete", "--date", "2016-08-01")
    assert result.exit_code == 1
    assert result.stderr == (
        "csip: error: 'plan/01.yaml' is a symbolic link: csip does not write through links, so "
        "it cannot add to it; put the file itself in the plan folder; nothing written\n"
    )
    assert (plan / "files" / "01.yaml").read_text() == USUAL


def test_a_file_changed_since_it_was_read_is_not_written(write_plan: PlanWriter) -> None:
    plan = write_plan({"01.yaml": USUAL})
    path = plan / "01.yaml"
    read = path.read_bytes()
    path.write_text(USUAL + "# edited meanwhile\n")
    refused = write_changes(plan, {path: USUAL + "# csip's edit\n"}, {path: read})
    assert refused == (
        "'plan/01.yaml' changed while csip was editing the plan: run the command again; "
        "nothing written"
    )
    assert path.read_text() == USUAL + "# edited meanwhile\n"


def test_a_new_file_that_appeared_meanwhile_is_not_written(write_plan: PlanWriter) -> None:
    plan = write_plan({"01.yaml": USUAL})
    (plan / "02.yaml").write_text("# someone else's\n")
    refused = write_changes(plan, {plan / "02.yaml": "priority: 2\n"}, {plan / "02.yaml": None})
    assert refused is not None and refused.startswith("'plan/02.yaml' changed")
    assert (plan / "02.yaml").read_text() == "# someone else's\n"


def test_when_one_file_cannot_be_replaced_none_is_changed(
    write_plan: PlanWriter, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = write_plan({"01.yaml": USUAL, "02.yaml": "priority: 2\ntitle: Two\n"})
    first, second = plan / "01.yaml", plan / "02.yaml"
    changes = {first: USUAL + "# one\n", second: "priority: 2\ntitle: Two\n# two\n"}
    read = {first: first.read_bytes(), second: second.read_bytes()}
    replace = Path.replace

    def failing(self: Path, target: Path) -> Path:
        if Path(target) == second:
            raise OSError(errno.ENOSPC, "No space left on device", str(target))
        return replace(self, target)

    monkeypatch.setattr(Path, "replace", failing)
    refused = write_changes(plan, changes, read)
    assert refused == "cannot write 'plan/02.yaml': No space left on device; nothing written"
    assert (first.read_bytes(), second.read_bytes()) == (read[first], read[second])
    assert sorted(p.name for p in plan.iterdir()) == ["01.yaml", "02.yaml", "plan.yaml"]


def test_changed_files_are_all_written(write_plan: PlanWriter) -> None:
    plan = write_plan({"01.yaml": USUAL})
    first, new = plan / "01.yaml", plan / "02.yaml"
    refused = write_changes(
        plan,
        {first: USUAL + "# one\n", new: "priority: 2\n"},
        {first: first.read_bytes(), new: None},
    )
    assert refused is None
    assert (first.read_text(), new.read_text()) == (USUAL + "# one\n", "priority: 2\n")
    assert sorted(p.name for p in plan.iterdir()) == ["01.yaml", "02.yaml", "plan.yaml"]


def test_an_edit_holds_the_plan_folder_s_lock(write_plan: PlanWriter) -> None:
    """Two edits take turns from reading the plan to writing it."""
    plan = write_plan({"01.yaml": USUAL})
    with plan_edit_lock(plan):
        other = os.open(plan, os.O_RDONLY)
        try:
            with pytest.raises(BlockingIOError):
                fcntl.flock(other, fcntl.LOCK_EX | fcntl.LOCK_NB)
        finally:
            os.close(other)


def test_what_the_plan_does_not_read_does_not_stop_an_update(
    runner: CliRunner, write_plan: PlanWriter
) -> None:
    plan = write_plan({"01.yaml": USUAL})
    os.mkfifo(plan / "queue")
    (plan / "notes.txt").write_text("minutes\n")
    result = run(runner, "update", "1.3", "--status", "in-progress", "--date", "2016-08-01")
    assert (result.exit_code, result.stderr) == (0, "")


def test_leftovers_of_a_killed_edit_are_cleared_but_a_replaced_file_s_backup_is_kept(
    write_plan: PlanWriter,
) -> None:
    plan = write_plan({"01.yaml": USUAL, "02.yaml": "priority: 2\ntitle: Two\n"})
    first, second = plan / "01.yaml", plan / "02.yaml"
    os.link(first, plan / ".01.yaml.csip-0000.old")  # killed before 01.yaml was replaced
    (plan / ".02.yaml.csip-1111.old").write_text("priority: 2\ntitle: Before\n")  # after
    stale = plan / ".01.yaml.csip-2222.tmp"
    stale.write_text("half")
    os.utime(stale, (0, 0))
    changes = {first: USUAL + "# one\n", second: "priority: 2\ntitle: Two\n# two\n"}
    assert (
        write_changes(plan, changes, {first: first.read_bytes(), second: second.read_bytes()})
        is None
    )
    assert sorted(p.name for p in plan.iterdir()) == [
        ".02.yaml.csip-1111.old",
        "01.yaml",
        "02.yaml",
        "plan.yaml",
    ]
