"""No input, however broken, gives a traceback or a hang: one clean message and exit status 1.

Each case runs ``csip validate`` in-process on a plan whose priority file is broken, and checks
the exit status, stdout and stderr separately. Time is bounded by structure, not measured: files
over the size limit are refused unread, aliases stop at an expansion limit, nesting at a depth
limit; the tests at the end pin those limits.
"""

from __future__ import annotations

import pytest
from conftest import PlanWriter
from typer.testing import CliRunner

from csip import plan_folder as plan
from csip.cli.app import app
from csip.load import reader as load

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
    "python-object-tag": (
        'priority: !!python/object/apply:os.system ["echo owned"]\ntitle: T\n',
        f"{FILE}:1:11: error: YAML tags such as '!!python/object/apply:os.system' are not used "
        "in plan files",
    ),
    "python-object-tag-on-the-file": (
        "!!python/object:csip.plan.Plan\npriority: 6\n",
        f"{FILE}:1:1: error: YAML tags such as '!!python/object:csip.plan.Plan' are not used "
        "in plan files",
    ),
    "multiple-documents": (
        "priority: 6\ntitle: T\n---\npriority: 7\ntitle: U\n",
        f"{FILE}:3:1: error: a plan file holds one YAML document, not several",
    ),
    "key-that-is-a-list": (
        "priority: 6\ntitle: T\n[a, b]: c\n",
        f"{FILE}:3:1: error: a key must be plain text",
    ),
    "key-that-is-a-mapping": (
        "priority: 6\ntitle: T\n? {a: b}\n: c\n",
        f"{FILE}:3:3: error: a key must be plain text",
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
        load.Position(2, 45), "YAML aliases expand this file beyond any plan's size"
    )


def test_nesting_limit_is_exact() -> None:
    deepest = "- " * load.MAX_NESTING + "x\n"
    assert load.read(deepest).data is not None
    with pytest.raises(load.YamlError, match="nested more than 200 levels deep"):
        load.read("- " + deepest)
