"""No input, however broken, gives a traceback or a hang: one clean message and exit status 1.

Each case runs ``csip validate`` in-process on a plan whose priority file is broken, and checks
the exit status, stdout and stderr separately. Time is bounded by structure, not measured: files
over the size limit are refused unread, aliases stop at an expansion limit, nesting at a depth
limit; the tests at the end pin those limits.
"""

from __future__ import annotations

import errno
import os
import socket
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import PlanWriter
from typer.testing import CliRunner

from csip import plan_folder as plan
from csip.cli import app
from csip.load import reader as load
from csip.load.positions import Position

FILE = "plan/06-care-leavers.yaml"
# What the summary says when the priority file could not be read at all.
UNREAD = "plan: 2 files, 0 priorities, 0 actions: 1 error, 0 warnings\n"


def _billion_laughs() -> str:
    """Nine levels of nine aliases each: 9**9 strings once expanded."""
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]")
    return "\n".join(lines) + "\n"


# (what the priority file holds, the one problem csip reports)
BROKEN: dict[str, tuple[str | bytes, str]] = {
    "not-yaml": (
        "priority: [6\ntitle: Supporting Care Leavers\n",
        f"{FILE}:2:6: error: not valid YAML: did not find expected ',' or ']' "
        "(while parsing a flow sequence)",
    ),
    "empty": (
        "",
        f"{FILE}:1:1: error: the file is empty: a plan file is a mapping of keys to values",
    ),
    "only-spaces-and-line-breaks": (
        "  \n\n   \n",
        f"{FILE}:1:1: error: the file is empty: a plan file is a mapping of keys to values",
    ),
    "binary-png": (
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10",
        f"{FILE}:1:1: error: not UTF-8 text: plan files are UTF-8 YAML",
    ),
    "binary-control-characters": (
        bytes(range(32)),
        f"{FILE}:1:1: error: not valid YAML: the character U+0000 is not allowed in YAML",
    ),
    "ten-megabytes": (
        "priority: 6\ntitle: T\n"
        + "# padding to make the file far larger than any plan\n" * 200_000,
        f"{FILE}:1:1: error: the file is over 8 MB, far larger than any plan file",
    ),
    "nested-10000-deep-block": (
        "- " * 10_000 + "x\n",
        f"{FILE}:1:401: error: nested more than 200 levels deep: a plan file needs a few",
    ),
    # 10,000 levels of block mappings need 50 MB of indentation, which the size limit refuses.
    "nested-3000-deep-block-mappings": (
        "".join(" " * depth + "a:\n" for depth in range(3_000)),
        f"{FILE}:201:201: error: nested more than 200 levels deep: a plan file needs a few",
    ),
    "nested-10000-deep-flow-lists": (
        "[" * 10_000 + "]" * 10_000 + "\n",
        f"{FILE}:1:1001: error: not valid YAML: exceeded maximum nesting depth "
        "(while increasing flow level)",
    ),
    "nested-10000-deep-flow-mappings": (
        "{a: " * 10_000 + "}" * 10_000 + "\n",
        f"{FILE}:1:801: error: nested more than 200 levels deep: a plan file needs a few",
    ),
    "billion-laughs": (
        _billion_laughs(),
        f"{FILE}:7:8: error: YAML aliases expand this file beyond any plan's size",
    ),
    # 100 kB of text named 1,000 times: few nodes, but 100 MB to print.
    "aliases-of-a-long-text": (
        "note: &long " + "x" * 100_000 + "\nmore: [" + ", ".join(["*long"] * 1_000) + "]\n",
        f"{FILE}:2:4705: error: YAML aliases expand this file beyond any plan's size",
    ),
    "a-list": (
        "- priority: 6\n- title: Supporting Care Leavers\n",
        f"{FILE}:1:1: error: expected a mapping of keys to values, found a list",
    ),
    "nul-byte": (
        b"priority: 6\ntitle: Supporting\x00 Care Leavers\n",
        f"{FILE}:2:18: error: not valid YAML: the character U+0000 is not allowed in YAML",
    ),
    "invalid-utf-8": (
        "priority: 6\ntitle: Children\u2019s services caf\u00e9\n".encode("cp1252"),
        f"{FILE}:2:16: error: not UTF-8 text: plan files are UTF-8 YAML",
    ),
    "multiple-documents": (
        "priority: 6\ntitle: T\n---\npriority: 7\ntitle: U\n",
        f"{FILE}:3:1: error: a plan file holds one YAML document, not several",
    ),
}

# (what the priority file holds, what csip reports): refused, but the rest of the file is read
READ_PAST: dict[str, tuple[str, list[str]]] = {
    "python-object-tag": (
        'priority: !!python/object/apply:os.system ["echo owned"]\ntitle: T\n',
        [
            f"{FILE}:1:11: error: 'priority' must be a whole number, not a list",
            f"{FILE}:1:11: error: YAML tags such as '!!python/object/apply:os.system' are not "
            "used in plan files",
        ],
    ),
    "python-object-tag-on-the-file": (
        "!!python/object:csip.plan.Plan\npriority: 6\n",
        [
            f"{FILE}:1:1: error: missing required key 'title'",
            f"{FILE}:1:1: error: YAML tags such as '!!python/object:csip.plan.Plan' are not "
            "used in plan files",
        ],
    ),
    "key-that-is-a-list": (
        "priority: 6\ntitle: T\n[a, b]: c\nshort_titel: S\n",
        [
            f"{FILE}:3:1: error: a key must be plain text",
            f"{FILE}:4:1: error: unknown key 'short_titel' (did you mean 'short_title'?)",
        ],
    ),
    "key-that-is-a-mapping": (
        "priority: 6\ntitle: T\n? {a: b}\n: c\n",
        [f"{FILE}:3:3: error: a key must be plain text"],
    ),
}


def _validate(runner: CliRunner, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["validate", *args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize(("content", "problem"), BROKEN.values(), ids=BROKEN.keys())
def test_broken_file_gives_one_clean_message(
    write_plan: PlanWriter, runner: CliRunner, content: str | bytes, problem: str
) -> None:
    write_plan({"06-care-leavers.yaml": content})
    assert _validate(runner) == (1, f"{problem}\n{UNREAD}", "")


@pytest.mark.parametrize(("content", "problems"), READ_PAST.values(), ids=READ_PAST.keys())
def test_a_tag_or_a_key_that_is_not_text_hides_nothing_else(
    write_plan: PlanWriter, runner: CliRunner, content: str, problems: list[str]
) -> None:
    write_plan({"06-care-leavers.yaml": content})
    code, stdout, _ = _validate(runner)
    assert (code, stdout.splitlines()[:-1]) == (1, problems)
    assert stdout.splitlines()[-1].startswith("plan: 2 files, 1 priority, 0 actions: ")


ONE_PRIORITY = """\
priority: 1
title: Leadership
actions:
  - id: "1.1.1"
    action: Agree the plan.
    lead: DCS
    due: 2016-12
    updates:
      - date: 2016-07-01
        status: in-progress
"""

TYPO_HIDES_NOTHING = {
    "update": (
        {
            "01-one.yaml": ONE_PRIORITY + "      - date: 2016-06-01\n"
            "        status: in-progress\n"
            "        evidnce: [Minutes]\n"
            "      - date: 2099-06-01\n"
            "        status: in-progress\n"
            "        nte: Later.\n"
        },
        [
            "plan/01-one.yaml:11:15: error: update dated 2016-06-01 comes after one dated "
            "2016-07-01: keep the progress log oldest first",
            "plan/01-one.yaml:13:9: error: unknown key 'evidnce' (did you mean 'evidence'?)",
            "plan/01-one.yaml:14:15: error: update dated 2099-06-01 is after today (2026-11-25)",
            "plan/01-one.yaml:16:9: error: unknown key 'nte' (did you mean 'note'?)",
        ],
    ),
    "funding line": (
        {
            "funding.yaml": """\
            lines:
              - name: A
                actions: ["1.1.1"]
                years: {2016/17: {budget: 5}}
                commment: typo
              - name: B
                actions: ["9.9.9"]
                years: {2016/17: {budget: 5}}
            """
        },
        [
            "plan/funding.yaml:5:5: error: unknown key 'commment' (did you mean 'comment'?)",
            "plan/funding.yaml:7:15: error: funding line 'B' names action '9.9.9', which the "
            "plan does not have",
        ],
    ),
    "meeting task": (
        {
            "meetings/2016-12-01.yaml": """\
            board: Improvement Team Board
            date: 2016-12-01
            priorities: [1]
            reviews:
              - action: "1.1.1"
                outcome: remedial
                tasks:
                  - {task: Redo it, owner: NOPE, due: 2016-12-31, done: 2016-11-01, note: x}
            """
        },
        [
            "plan/meetings/2016-12-01.yaml:8:32: error: unknown role 'NOPE': plan/plan.yaml "
            "does not declare it",
            "plan/meetings/2016-12-01.yaml:8:61: error: task marked done on 2016-11-01, before "
            "the meeting of 2016-12-01 that agreed it",
            "plan/meetings/2016-12-01.yaml:8:73: error: unknown key 'note'",
        ],
    ),
    "paper": (
        {
            "papers/2017-01.yaml": """\
            date: 2016-12-01
            priorities: {99: A commentary.}
            sumary: A typo.
            """
        },
        [
            "plan/papers/2017-01.yaml:1:7: error: the paper for January 2017 is dated "
            "2016-12-01, before the month it reports on began",
            "plan/papers/2017-01.yaml:2:14: error: commentary on priority 99, which the plan "
            "does not have (its priorities: 1)",
            "plan/papers/2017-01.yaml:3:1: error: unknown key 'sumary' (did you mean 'summary'?)",
        ],
    ),
}
"""A key the format does not know, in each kind of record, beside problems of its neighbours."""


@pytest.mark.parametrize(
    ("files", "problems"), TYPO_HIDES_NOTHING.values(), ids=TYPO_HIDES_NOTHING.keys()
)
def test_an_unknown_key_hides_nothing_else(
    write_plan: PlanWriter, runner: CliRunner, files: dict[str, str], problems: list[str]
) -> None:
    write_plan({"01-one.yaml": ONE_PRIORITY, **files})  # a priority of its own, or this one
    code, stdout, _ = _validate(runner)
    assert (code, stdout.splitlines()[:-1]) == (1, problems)


def test_date_that_does_not_exist(write_plan: PlanWriter, runner: CliRunner) -> None:
    write_plan(
        {
            "06-care-leavers.yaml": """\
            priority: 6
            title: Supporting Care Leavers
            actions:
              - id: "6.1.1"
                action: Recruit an Independent Reviewing Officer.
                lead: DCS
                due: 2016-10
                updates:
                  - date: 2017-02-30
                    status: in-progress
            """
        }
    )
    assert _validate(runner) == (
        1,
        f"{FILE}:9:15: error: '2017-02-30' is not a real date (day is out of range for month)\n"
        "plan: 2 files, 1 priority, 1 action: 1 error, 0 warnings\n",
        "",
    )


def test_plan_directory_without_plan_yaml(write_plan: PlanWriter, runner: CliRunner) -> None:
    write_plan(
        {"06-care-leavers.yaml": "priority: 6\ntitle: Supporting Care Leavers\n"}, header=False
    )
    assert _validate(runner) == (
        1,
        "plan/plan.yaml:1:1: error: the plan has no plan.yaml: it gives the plan's title, start "
        "month, roles and agencies\nplan: 1 file, 1 priority, 0 actions: 1 error, 0 warnings\n",
        "",
    )


def test_empty_plan_directory(write_plan: PlanWriter, runner: CliRunner) -> None:
    write_plan(header=False)
    assert _validate(runner) == (
        1,
        "plan/plan.yaml:1:1: error: the plan has no plan.yaml: it gives the plan's title, start "
        "month, roles and agencies\nplan: 0 files, 0 priorities, 0 actions: 1 error, 0 warnings\n",
        "",
    )


def test_missing_plan_directory_is_a_usage_error(write_plan: PlanWriter, runner: CliRunner) -> None:
    write_plan()
    assert _validate(runner, "--plan", "nowhere") == (
        2,
        "",
        "csip: error: no plan directory at 'nowhere' (give the plan directory with --plan)\n",
    )


def test_plan_that_is_a_file_is_a_usage_error(write_plan: PlanWriter, runner: CliRunner) -> None:
    write_plan()
    assert _validate(runner, "--plan", "plan/plan.yaml") == (
        2,
        "",
        "csip: error: no plan directory at 'plan/plan.yaml' (give the plan directory with "
        "--plan)\n",
    )


def test_every_broken_file_is_reported_in_one_run(
    write_plan: PlanWriter, runner: CliRunner
) -> None:
    write_plan(
        {
            f"{number:02d}-broken.yaml": content
            for number, (content, _) in enumerate(
                [BROKEN["empty"], BROKEN["a-list"], BROKEN["nul-byte"], BROKEN["billion-laughs"]], 1
            )
        }
    )
    code, stdout, stderr = _validate(runner)
    assert (code, stderr) == (1, "")
    assert [line.split(": error: ")[0] for line in stdout.splitlines()] == [
        "plan/01-broken.yaml:1:1",
        "plan/02-broken.yaml:1:1",
        "plan/03-broken.yaml:2:18",
        "plan/04-broken.yaml:7:8",
        "plan: 5 files, 0 priorities, 0 actions: 4 errors, 0 warnings",
    ]


# --------------------------------------------------------------------------------------------
# The limits that keep every case above quick, whatever the input.


def test_size_limit_refuses_a_ten_megabyte_file_unread() -> None:
    assert plan.MAX_FILE_BYTES < 10 * 2**20


def test_alias_limit_counts_expanded_nodes_not_aliases(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(load, "MAX_EXPANDED_NODES", 100)
    ten = "a: &a [x, x, x, x, x, x, x, x, x]\n"  # the list and its nine items
    assert load.read(ten + "b: [" + ", ".join(["*a"] * 10) + "]\n").data is not None
    with pytest.raises(load.YamlError) as raised:
        load.read(ten + "b: [" + ", ".join(["*a"] * 11) + "]\n")
    assert raised.value.problem == load.YamlProblem(
        Position(2, 45), "YAML aliases expand this file beyond any plan's size"
    )


def test_alias_limit_counts_the_text_aliases_expand_to(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each alias adds the characters its anchor holds, keys included."""
    monkeypatch.setattr(load, "MAX_EXPANDED_TEXT", 100)
    ten = "a: &a {k: xxxx, l: xxxx}\n"  # ten characters: two keys and their texts
    assert load.read(ten + "b: [" + ", ".join(["*a"] * 10) + "]\n").data is not None
    with pytest.raises(load.YamlError) as raised:
        load.read(ten + "b: [" + ", ".join(["*a"] * 11) + "]\n")
    assert raised.value.problem == load.YamlProblem(
        Position(2, 45), "YAML aliases expand this file beyond any plan's size"
    )


def test_nesting_limit_is_exact() -> None:
    deepest = "- " * load.MAX_NESTING + "x\n"
    assert load.read(deepest).data is not None
    with pytest.raises(load.YamlError, match="nested more than 200 levels deep"):
        load.read("- " + deepest)


# --------------------------------------------------------------------------------------------
# Only regular files inside the plan folder are read. Anything else that looks like a plan file
# is a problem naming the entry, never what a link points at, and nothing is waited on.

HEADER_ONLY = "plan: 1 file, 0 priorities, 0 actions: 1 error, 0 warnings\n"


def _one_entry_problem(runner: CliRunner, name: str, message: str) -> None:
    assert _validate(runner) == (1, f"plan/{name}:1:1: error: {message}\n{HEADER_ONLY}", "")


OUTSIDE = "a link to something outside the plan folder: csip reads only the files in it"


def test_a_link_leaving_the_plan_folder_is_not_followed(
    write_plan: PlanWriter, runner: CliRunner, tmp_path: Path
) -> None:
    secret = tmp_path / ".env"
    secret.write_text("TOKEN=ghp_secret\n")
    directory = write_plan()
    (directory / "leak.yaml").symlink_to(secret)
    _one_entry_problem(runner, "leak.yaml", OUTSIDE)
    github = runner.invoke(app, ["validate", "--format", "github"], catch_exceptions=False)
    assert "secret" not in github.stdout
    assert ".env" not in github.stdout


def test_a_link_to_a_kernel_file_that_would_block_is_not_opened(
    write_plan: PlanWriter, runner: CliRunner
) -> None:
    (write_plan() / "kmsg.yaml").symlink_to("/proc/kmsg")
    _one_entry_problem(runner, "kmsg.yaml", OUTSIDE)


def test_a_link_back_out_through_the_parent_is_outside(
    write_plan: PlanWriter, runner: CliRunner
) -> None:
    directory = write_plan()
    (directory / "up.yaml").symlink_to("../plan-copy.yaml")
    (directory.parent / "plan-copy.yaml").write_text("priority: 1\n")
    _one_entry_problem(runner, "up.yaml", OUTSIDE)


def test_a_dangling_link(write_plan: PlanWriter, runner: CliRunner) -> None:
    (write_plan() / "gone.yaml").symlink_to("/nowhere/secret-name.yaml")
    _one_entry_problem(
        runner, "gone.yaml", "a link to nothing: a plan file must be a file in the plan folder"
    )


def test_a_link_that_loops(write_plan: PlanWriter, runner: CliRunner) -> None:
    directory = write_plan()
    (directory / "loop.yaml").symlink_to("loop.yaml")
    _one_entry_problem(
        runner, "loop.yaml", "a link to nothing: a plan file must be a file in the plan folder"
    )


def test_a_folder_named_like_a_plan_file(write_plan: PlanWriter, runner: CliRunner) -> None:
    (write_plan() / "x.yaml").mkdir()
    _one_entry_problem(
        runner, "x.yaml", "a folder, not a file: a name ending .yaml or .yml is a plan file"
    )


def test_a_meetings_folder_linked_from_outside_the_plan_is_not_read(
    write_plan: PlanWriter, runner: CliRunner, tmp_path: Path
) -> None:
    (tmp_path / "elsewhere").mkdir()
    (write_plan() / "meetings").symlink_to(tmp_path / "elsewhere")
    _one_entry_problem(runner, "meetings", OUTSIDE)


def test_a_meetings_link_to_nothing_is_an_error(write_plan: PlanWriter, runner: CliRunner) -> None:
    (write_plan() / "meetings").symlink_to("gone")
    _one_entry_problem(
        runner, "meetings", "a link to nothing: a plan file must be a file in the plan folder"
    )


def test_a_meetings_link_to_a_folder_in_the_plan_is_read(
    write_plan: PlanWriter, runner: CliRunner
) -> None:
    directory = write_plan({"kept/2017-02-07.yaml": "board: ITB\n"})
    (directory / "meetings").symlink_to("kept")
    _, out, _ = _validate(runner)
    assert "folder-not-read" not in out and "does not read" not in out
    assert "plan/meetings/2017-02-07.yaml" in out


def test_a_meetings_entry_that_is_a_file_is_an_error(
    write_plan: PlanWriter, runner: CliRunner
) -> None:
    (write_plan() / "meetings").write_text("2017-02-07\n")
    _one_entry_problem(
        runner, "meetings", "not a folder: the plan's meetings files go in a folder of that name"
    )


def test_a_folder_of_meetings_that_cannot_be_read_is_an_error(
    write_plan: PlanWriter, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Not a plan without meetings: every assurance figure would be worked out as if it were."""
    (write_plan() / "papers").mkdir()
    scandir = os.scandir

    def refused(path: Any) -> Any:
        if Path(path).name == "papers":
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return scandir(path)

    monkeypatch.setattr(os, "scandir", refused)
    _one_entry_problem(runner, "papers", "cannot read the folder: Permission denied")


def test_a_folder_of_yaml_files_csip_does_not_read_is_a_warning(
    write_plan: PlanWriter, runner: CliRunner
) -> None:
    write_plan({"meetings/2017/2017-02-07.yaml": "board: ITB\n", "archive/old.yml": "x: 1\n"})
    assert _validate(runner) == (
        0,
        "plan/archive:1:1: warning: a folder of YAML files, which csip does not read: plan files "
        "go in the plan folder itself, meetings in meetings/ and papers in papers/\n"
        "plan/meetings/2017:1:1: warning: a folder of YAML files, which csip does not read: plan "
        "files go in the plan folder itself, meetings in meetings/ and papers in papers/\n"
        "plan: 1 file, 0 priorities, 0 actions: 0 errors, 2 warnings\n",
        "",
    )


def test_a_fifo_is_refused_unopened(write_plan: PlanWriter, runner: CliRunner) -> None:
    os.mkfifo(write_plan() / "queue.yaml")
    _one_entry_problem(
        runner, "queue.yaml", "a FIFO, not a file: a name ending .yaml or .yml is a plan file"
    )


def test_a_link_inside_the_folder_to_a_fifo_is_refused_unopened(
    write_plan: PlanWriter, runner: CliRunner
) -> None:
    directory = write_plan()
    os.mkfifo(directory / "queue")
    (directory / "queue.yaml").symlink_to("queue")
    _one_entry_problem(
        runner, "queue.yaml", "a FIFO, not a file: a name ending .yaml or .yml is a plan file"
    )


def test_a_socket(write_plan: PlanWriter, runner: CliRunner) -> None:
    directory = write_plan()
    with socket.socket(socket.AF_UNIX) as listening:
        listening.bind(str(directory / "s.yaml"))
        _one_entry_problem(
            runner, "s.yaml", "a socket, not a file: a name ending .yaml or .yml is a plan file"
        )


@pytest.mark.skipif(os.geteuid() != 0, reason="only root can make a device node")
def test_a_device(write_plan: PlanWriter, runner: CliRunner) -> None:
    os.mknod(write_plan() / "zero.yaml", stat.S_IFCHR | 0o600, os.makedev(1, 5))
    _one_entry_problem(
        runner,
        "zero.yaml",
        "a character device, not a file: a name ending .yaml or .yml is a plan file",
    )


@pytest.mark.parametrize("name", ["06-care-leavers.YAML", "06-care-leavers.YML", "notes.Yaml"])
def test_an_upper_case_extension(write_plan: PlanWriter, runner: CliRunner, name: str) -> None:
    write_plan({name: "priority: 6\ntitle: Supporting Care Leavers\n"})
    suffix = name[name.rfind(".") :]
    _one_entry_problem(
        runner,
        name,
        f"the extension '{suffix}' is not read: give plan files a lower-case .yaml or .yml",
    )


def test_a_second_funding_file(write_plan: PlanWriter, runner: CliRunner) -> None:
    ledger = "lines:\n  - name: Phase One\n    years:\n      2016/17: {budget: 1}\n"
    write_plan({"funding.yaml": ledger, "funding.yml": ledger})
    assert _validate(runner) == (
        1,
        "plan/funding.yml:1:1: error: a second funding file: plan/funding.yaml is the plan's "
        "funding file; keep one of the two\n"
        "plan: 2 files, 0 priorities, 0 actions: 1 error, 0 warnings\n",
        "",
    )


def test_a_link_to_a_file_inside_the_folder_is_read(
    write_plan: PlanWriter, runner: CliRunner
) -> None:
    directory = write_plan()
    (directory / "shared").mkdir()
    (directory / "shared" / "care-leavers.txt").write_text("priority: 6\ntitle: T\n")
    (directory / "06-care-leavers.yaml").symlink_to("shared/care-leavers.txt")
    assert _validate(runner) == (0, "plan: 2 files, 1 priority, 0 actions: no problems\n", "")


def test_hidden_entries_and_other_files_are_not_part_of_the_plan(
    write_plan: PlanWriter, runner: CliRunner
) -> None:
    directory = write_plan({".draft.yaml": "not: [yaml", "README.md": "# notes\n"})
    (directory / ".hidden.yaml").mkdir()
    assert _validate(runner) == (0, "plan: 1 file, 0 priorities, 0 actions: no problems\n", "")


# --------------------------------------------------------------------------------------------
# Line numbers are the ones git and GitHub show, whatever line separators a file holds.


@pytest.mark.parametrize(
    "separator", ["\u2028", "\u2029", "\x85", "\r"], ids=["LS", "PS", "NEL", "lone-CR"]
)
def test_line_numbers_match_git_after_a_line_separator(
    write_plan: PlanWriter, runner: CliRunner, separator: str
) -> None:
    text = (
        f'priority: 6\ntitle: "Supporting{separator}Care Leavers"\n'
        "actions:\n"
        '  - id: "6.1.1"\n'
        f"    action: Recruit an Independent Reviewing Officer.{separator}\n"
        "    lead: DCS\n"
        "    deu: 2016-10\n"
    )
    write_plan({"06-care-leavers.yaml": text.encode("utf-8")})
    assert _validate(runner) == (
        1,
        f"{FILE}:4:5: error: missing required key 'due'\n"
        # What can be read of the action is still checked: it has no update.
        f"{FILE}:4:9: warning: action '6.1.1' was due to start in 2016-05 and has no update yet\n"
        f"{FILE}:7:5: error: unknown key 'deu' (did you mean 'due'?)\n"
        "plan: 2 files, 1 priority, 1 action: 2 errors, 1 warning\n",
        "",
    )


def test_a_lone_cr_inside_a_line_keeps_the_column_git_shows(
    write_plan: PlanWriter, runner: CliRunner
) -> None:
    write_plan({"06-care-leavers.yaml": b"priority: 6\ntitle: T\rdeu: x\n"})
    assert _validate(runner) == (
        1,
        f"{FILE}:2:10: error: unknown key 'deu'\n"
        "plan: 2 files, 1 priority, 0 actions: 1 error, 0 warnings\n",
        "",
    )


def test_windows_line_breaks_count_once(write_plan: PlanWriter, runner: CliRunner) -> None:
    write_plan({"06-care-leavers.yaml": b"priority: 6\r\ntitle: T\r\ndeu: x\r\n"})
    assert _validate(runner)[1].startswith(f"{FILE}:3:1: error: unknown key 'deu'")


# --------------------------------------------------------------------------------------------
# Problems are capped per file, so output and memory stay small whatever a file holds.


def _empty_actions(count: int) -> str:
    return "priority: 6\ntitle: Supporting Care Leavers\nactions:\n" + "- {}\n" * count


def _missing_keys(line: int) -> list[str]:
    return [
        f"{FILE}:{line}:3: error: missing required key '{key}'"
        for key in ("action", "due", "id", "lead")
    ]


def test_problems_past_a_hundred_are_counted_in_one_line_and_in_the_summary(
    write_plan: PlanWriter, runner: CliRunner
) -> None:
    write_plan({"06-care-leavers.yaml": _empty_actions(150)})
    shown = [line for number in range(4, 29) for line in _missing_keys(number)]
    assert _validate(runner) == (
        1,
        "\n".join([*shown, f"{FILE}:28:3: error: and 500 more problems in this file"])
        + "\nplan: 2 files, 1 priority, 150 actions: 600 errors, 0 warnings\n",
        "",
    )


def test_warnings_past_the_cap_are_counted_as_warnings(
    write_plan: PlanWriter, runner: CliRunner
) -> None:
    action = '  - {{id: "6.1.{0}", action: A, lead: DCS, due: 2016-10}}\n'
    items = "".join(action.format(number) for number in range(1, 103))
    write_plan({"06-care-leavers.yaml": "priority: 6\ntitle: T\nactions:\n" + items})
    code, stdout, _ = _validate(runner)
    lines = stdout.splitlines()
    assert (code, len(lines)) == (0, 102)
    assert lines[-2] == f"{FILE}:103:10: warning: and 2 more problems in this file"
    assert lines[-1] == "plan: 2 files, 1 priority, 102 actions: 0 errors, 102 warnings"


def test_warnings_past_the_cap_are_errors_under_strict(
    write_plan: PlanWriter, runner: CliRunner
) -> None:
    action = '  - {{id: "6.1.{0}", action: A, lead: DCS, due: 2016-10}}\n'
    items = "".join(action.format(number) for number in range(1, 103))
    write_plan({"06-care-leavers.yaml": "priority: 6\ntitle: T\nactions:\n" + items})
    code, stdout, _ = _validate(runner, "--strict")
    lines = stdout.splitlines()
    assert (code, lines[-1]) == (
        1,
        "plan: 2 files, 1 priority, 102 actions: 102 errors, 0 warnings",
    )


def test_alias_multiplied_errors_are_capped(write_plan: PlanWriter, runner: CliRunner) -> None:
    items = ", ".join(["{}"] * 1000)
    actions = "".join(
        f'  - {{id: "6.1.{number}", action: A, lead: DCS, due: 2016-10, updates: *empty}}\n'
        for number in range(1, 501)
    )
    text = f"priority: 6\ntitle: T\nx-empty: &empty [{items}]\nactions:\n{actions}"
    write_plan({"06-care-leavers.yaml": text})
    code, stdout, _ = _validate(runner)
    lines = stdout.splitlines()
    assert (code, len(lines)) == (1, 102)
    # 500 actions of 1,000 updates that lack a date and a status, and the unknown key.
    assert lines[0] == f"{FILE}:5:64: error: missing required key 'date'"
    assert lines[-2] == f"{FILE}:5:64: error: and 999901 more problems in this file"
    assert lines[-1].endswith("500 actions: 1000001 errors, 0 warnings")


_LOAD = """\
import datetime as dt, sys
from pathlib import Path
from csip.plan_folder import load_plan
print(len(load_plan(Path(sys.argv[1]), dt.date(2026, 11, 25)).problems))
"""
# The load runs in a child of a small launcher and its peak is read from the launcher's
# children: a process started straight from pytest begins with pytest's own peak (Linux carries
# the peak across exec), and pytest may have grown large in earlier tests.
_PEAK_MEMORY = """\
import resource, subprocess, sys
subprocess.run([sys.executable, "-c", sys.argv[1], sys.argv[2]], check=True)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024)
"""


def test_150000_empty_actions_stay_small(write_plan: PlanWriter) -> None:
    """They gave 600,000 errors and 760 MB; now 101 lines, in memory far below that."""
    directory = write_plan({"06-care-leavers.yaml": _empty_actions(150_000)})
    done = subprocess.run(
        [sys.executable, "-c", _PEAK_MEMORY, _LOAD, str(directory)],
        capture_output=True,
        text=True,
        check=True,
    )
    problems, peak_mb = map(int, done.stdout.split())
    assert problems == 101
    assert peak_mb < 150


def test_a_megabyte_of_spaces_is_read_in_one_pass(
    write_plan: PlanWriter, runner: CliRunner
) -> None:
    write_plan({"06-care-leavers.yaml": "priority: 6\ntitle: T" + " " * 1_000_000 + "\ndeu: x\n"})
    assert _validate(runner)[1].startswith(f"{FILE}:3:1: error: unknown key 'deu'")


def test_a_plan_yaml_that_is_a_folder_is_one_problem(
    write_plan: PlanWriter, runner: CliRunner
) -> None:
    (write_plan(header=False) / "plan.yaml").mkdir()
    assert _validate(runner) == (
        1,
        "plan/plan.yaml:1:1: error: a folder, not a file: a name ending .yaml or .yml is a plan "
        "file\nplan: 0 files, 0 priorities, 0 actions: 1 error, 0 warnings\n",
        "",
    )


def test_a_plan_directory_that_cannot_be_read_is_a_usage_error(
    write_plan: PlanWriter, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_plan()
    scandir = os.scandir

    def refused(path: Any) -> Any:
        if str(path) == "plan":
            raise PermissionError(13, "Permission denied")
        return scandir(path)

    monkeypatch.setattr(os, "scandir", refused)  # as chmod 0 would, for any user but root
    assert _validate(runner) == (
        2,
        "",
        "csip: error: cannot read the plan directory 'plan': Permission denied (give the "
        "plan directory with --plan)\n",
    )


def test_a_file_swapped_for_a_link_after_it_was_listed_is_not_followed(
    write_plan: PlanWriter, tmp_path: Path
) -> None:
    directory = write_plan({"06-care-leavers.yaml": "priority: 6\n"})
    entries, _ = plan.discover(directory)
    secret = tmp_path / "secret.txt"
    secret.write_text("TOKEN=ghp_secret\n")
    (directory / "06-care-leavers.yaml").unlink()
    (directory / "06-care-leavers.yaml").symlink_to(secret)
    entry = next(entry for entry in entries if entry.shown == FILE)
    assert plan._read_bytes(entry) == (
        "unreadable",
        "cannot read the file: Too many levels of symbolic links",
    )


def test_a_kind_in_a_folder_of_its_own_is_discovered_there(
    write_plan: PlanWriter, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Adding a kind of file is one entry in KINDS, in the plan folder or a folder of its own."""
    meeting = plan.KINDS[-1]._replace(name="meeting", folder="meetings")
    monkeypatch.setattr(plan, "KINDS", (*plan.KINDS, meeting))
    directory = write_plan()
    (directory / "meetings").mkdir()
    (directory / "meetings" / "2017-01.yaml").write_text("date: 2017-01-31\n")
    (directory / "meetings" / "notes.YAML").write_text("")
    entries, problems = plan.discover(directory)
    assert [(entry.shown, entry.kind.name) for entry in entries] == [
        ("plan/plan.yaml", "plan"),
        ("plan/meetings/2017-01.yaml", "meeting"),
    ]
    assert [problem.text() for problem in problems] == [
        "plan/meetings/notes.YAML:1:1: error: the extension '.YAML' is not read: give plan "
        "files a lower-case .yaml or .yml"
    ]
