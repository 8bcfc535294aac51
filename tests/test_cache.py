"""The cache of what each plan file derives: used when a file is unchanged, never trusted.

A hit gives exactly what reading the file gives; a change to anything the result depends on is
a miss; a corrupt, truncated or foreign entry is a miss; concurrent runs never see half an
entry; and what depends on other files or on the date is worked out again on every run.
"""

from __future__ import annotations

import datetime as dt
import importlib
import importlib.machinery
import marshal
import multiprocessing
import os
import shutil
import subprocess
import sys
import threading
import time
import zlib
from pathlib import Path
from typing import Any

import pytest
from conftest import PRIORITY_6, REFERENCE_PLAN, TODAY, PlanWriter
from typer.testing import CliRunner

from csip import plan_folder
from csip.cli import app
from csip.load import cache as cache_module
from csip.load.cache import Cache, code_fingerprint
from csip.load.positions import Positions
from csip.load.reader import read
from csip.model import files
from csip.model.parts import ActionsSummary
from csip.plan_folder import load_plan


class Reads:
    """Counts the files csip reads for itself (that is, does not take from the cache)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.names: list[str] = []
        derive = plan_folder.derive

        def counting(kind: plan_folder.Kind, raw: bytes, *rest: Any) -> Any:
            self.names.append(kind.name)
            return derive(kind, raw, *rest)

        monkeypatch.setattr(plan_folder, "derive", counting)

    def take(self) -> list[str]:
        names, self.names = self.names, []
        return names


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> Reads:
    return Reads(monkeypatch)


def _texts(directory: Path, cache: Cache | None, today: dt.date = TODAY) -> list[str]:
    return [problem.text() for problem in load_plan(directory, today, cache).problems]


def _calls(monkeypatch: pytest.MonkeyPatch, owner: object, name: str) -> list[object]:
    """The first argument of each call of ``owner``'s function ``name`` from now on."""
    calls: list[object] = []
    real = getattr(owner, name)

    def counting(first: object, *rest: object) -> Any:
        calls.append(first)
        return real(first, *rest)

    monkeypatch.setattr(owner, name, counting)
    return calls


def _entries(directory: Path) -> list[Path]:
    return sorted(path for path in directory.rglob("*") if path.is_file() and len(path.name) > 20)


def _entries_of(plan: Path) -> int:
    """How many entries reading a plan stores: three a file, for what its bytes give, its
    positions and what validating its data gives, and a fourth for a priority file's records."""
    files = list(plan.rglob("*.yaml"))
    priority_files = [path for path in files if path.parent == plan and path.name[0].isdigit()]
    return 3 * len(files) + len(priority_files)


def test_an_unchanged_plan_comes_from_the_cache(
    write_plan: PlanWriter, own_cache: Path, reads: Reads
) -> None:
    directory = write_plan({"06-care-leavers.yaml": PRIORITY_6})
    first = _texts(directory, Cache(own_cache))
    assert reads.take() == ["priority", "plan"]
    assert _texts(directory, Cache(own_cache)) == first
    assert reads.take() == []


def test_a_changed_file_is_read_again_and_only_that_one(
    write_plan: PlanWriter, own_cache: Path, reads: Reads
) -> None:
    directory = write_plan({"06-care-leavers.yaml": PRIORITY_6})
    _texts(directory, Cache(own_cache))
    reads.take()
    (directory / "06-care-leavers.yaml").write_text(PRIORITY_6.replace("due:", "deu:"))
    assert _texts(directory, Cache(own_cache)) == [
        "plan/06-care-leavers.yaml:4:5: error: missing required key 'due'",
        "plan/06-care-leavers.yaml:7:5: error: unknown key 'deu' (did you mean 'due'?)",
    ]
    assert reads.take() == ["priority"]


def test_a_priority_file_from_the_cache_brings_the_sort_keys_of_its_ids(
    write_plan: PlanWriter, own_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A run from the cache does not work out again the sort key of every action ID."""
    directory = write_plan({"06-care-leavers.yaml": PRIORITY_6})
    _texts(directory, Cache(own_cache))
    known = dict(files.ID_KEYS)
    files.ID_KEYS.clear()
    worked_out: list[str] = []
    monkeypatch.setattr(files._IdKeys, "__missing__", lambda self, key: worked_out.append(key))
    try:
        _texts(directory, Cache(own_cache))
        brought = dict(files.ID_KEYS)
    finally:
        files.ID_KEYS.update(known)
    assert brought == {"6.1.1": (6, 1, 1)}
    assert worked_out == []


@pytest.fixture
def validations(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The kinds of file whose data csip validates for itself (not from the cache)."""
    seen: list[str] = []

    def counted(kind: plan_folder.Kind) -> plan_folder.Kind:
        def derive(document: Any, errors: Any) -> Any:
            seen.append(kind.name)
            return kind.derive(document, errors)

        return kind._replace(derive=derive)

    monkeypatch.setattr(plan_folder, "KINDS", tuple(counted(kind) for kind in plan_folder.KINDS))
    return seen


def test_a_file_whose_data_is_unchanged_is_read_again_but_not_validated_again(
    write_plan: PlanWriter, own_cache: Path, reads: Reads, validations: list[str]
) -> None:
    broken = PRIORITY_6.replace("due:", "deu:")
    directory = write_plan({"06-care-leavers.yaml": broken})
    _texts(directory, Cache(own_cache))
    reads.take()
    validations.clear()
    relaid = "# Priority 6, as agreed at the board.\n\n" + broken.replace(
        "status: in-progress", "status: 'in-progress'  # as reported"
    )
    (directory / "06-care-leavers.yaml").write_text(relaid)
    assert _texts(directory, Cache(own_cache)) == [
        "plan/06-care-leavers.yaml:6:5: error: missing required key 'due'",
        "plan/06-care-leavers.yaml:9:5: error: unknown key 'deu' (did you mean 'due'?)",
    ]
    assert (reads.take(), validations) == (["priority"], [])
    assert _texts(directory, Cache(own_cache)) == _texts(directory, None)


def test_a_file_whose_data_changed_is_validated_again(
    write_plan: PlanWriter, own_cache: Path, validations: list[str]
) -> None:
    directory = write_plan({"06-care-leavers.yaml": PRIORITY_6})
    _texts(directory, Cache(own_cache))
    validations.clear()
    (directory / "06-care-leavers.yaml").write_text(PRIORITY_6.replace("2016-10", "2016-11"))
    assert _texts(directory, Cache(own_cache)) == []
    assert validations == ["priority"]


def test_a_run_from_the_cache_imports_neither_pydantic_nor_a_yaml_parser(tmp_path: Path) -> None:
    """A warm run builds the plan from plain data: the validator and parser stay unloaded."""
    environment = dict(os.environ, CSIP_CACHE_DIR=str(tmp_path / "cache"))
    script = (
        "import sys\n"
        "from csip.cli import main\n"
        f"sys.argv = ['csip', 'status', '--plan', {str(REFERENCE_PLAN)!r}, '--month', '2017-01',"
        " '--format', 'json']\n"
        "try:\n"
        "    main()\n"
        "except SystemExit:\n"
        "    pass\n"
        "loaded = {name.split('.')[0] for name in sys.modules}\n"
        "heavy = ('pydantic', 'pydantic_core', 'yaml', 'jinja2')\n"
        "print([name for name in heavy if name in loaded], file=sys.stderr)\n"
    )
    runs = [
        subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, env=environment
        )
        for _ in range(2)
    ]
    assert runs[0].stdout == runs[1].stdout
    assert runs[0].stderr.splitlines()[-1] == "['pydantic', 'pydantic_core', 'yaml']"
    assert runs[1].stderr.splitlines()[-1] == "[]"


def test_the_records_from_the_cache_equal_those_from_the_files(own_cache: Path) -> None:
    """Every record of the reference plan (actions, meetings, papers, funding, recommendations)
    comes back from its plain form field for field, of the same types."""
    read = load_plan(REFERENCE_PLAN, TODAY, None).plan
    filled = load_plan(REFERENCE_PLAN, TODAY, Cache(own_cache)).plan
    cached = load_plan(REFERENCE_PLAN, TODAY, Cache(own_cache)).plan
    assert read is not None and read.meetings and read.papers and read.funding
    assert read.recommendations is not None
    assert read == filled == cached
    assert repr(read) == repr(cached)  # the same types too: a date is a date, a list a list


def test_the_summaries_of_priority_files_from_the_cache_equal_those_of_the_files(
    own_cache: Path,
) -> None:
    """What the checks ask of each file first (``ActionsSummary``) is stored with it."""
    read = load_plan(REFERENCE_PLAN, TODAY, None).parts.priority_files
    load_plan(REFERENCE_PLAN, TODAY, Cache(own_cache))
    cached = load_plan(REFERENCE_PLAN, TODAY, Cache(own_cache)).parts.priority_files
    assert len(read) == 10
    assert [part.summary for part in read] == [part.summary for part in cached]
    assert all(type(part.summary) is ActionsSummary for part in cached)


def test_the_parts_of_files_that_fail_come_back_from_the_cache_the_same(
    write_plan: PlanWriter, own_cache: Path
) -> None:
    """A priority and a meeting file that fail their models still give the checks what passed."""
    directory = write_plan(
        {
            "06-care-leavers.yaml": PRIORITY_6.replace("due:", "deu:")
            + '  - id: "6.1.2"\n    action: Publish the offer.\n'
            + "    lead: [DCS]\n    due: 2017-01\n",
            "meetings/2016-12-06.yaml": (
                "board: Improvement Team Board\ndate: 2016-12-06\npriorities: [6]\n"
                "attendees: [DCS]\nreviews:\n  - {action: '6.1.2', outcome: noted}\n"
                "  - {action: '6.1.1', outcome: sideways}\n"
            ),
        }
    )
    read = load_plan(directory, TODAY, None)
    load_plan(directory, TODAY, Cache(own_cache))
    cached = load_plan(directory, TODAY, Cache(own_cache))
    assert [part.model for part in read.parts.priority_files] == [None]
    assert [part.model for part in read.parts.meetings] == [None]
    assert read.parts == cached.parts
    assert repr(read.parts) == repr(cached.parts)
    assert read.problems == cached.problems


def test_a_file_with_problems_gives_the_same_problems_from_the_cache(
    write_plan: PlanWriter, own_cache: Path, reads: Reads
) -> None:
    broken = PRIORITY_6.replace("lead: DCS", "lead: DSC\n    lead: DCS").replace("6.1.1", "7.1")
    directory = write_plan({"06-care-leavers.yaml": broken, "07-broken.yaml": "a: [b\n"})
    uncached = _texts(directory, None)
    assert len(uncached) == 4
    assert _texts(directory, Cache(own_cache)) == uncached
    reads.take()
    assert _texts(directory, Cache(own_cache)) == uncached
    assert reads.take() == []


def test_what_is_read_of_a_failed_action_is_checked_from_the_cache_too(
    write_plan: PlanWriter, own_cache: Path, reads: Reads
) -> None:
    broken = PRIORITY_6.replace("due: 2016-10", "start: 2016-11\n    due: 2016-10").replace(
        "lead: DCS", "lead: DCS\n    agencies: {Police: yes}"
    )
    directory = write_plan({"06-care-leavers.yaml": broken})
    uncached = _texts(directory, None)
    assert [text.split(": error: ")[1][:20] for text in uncached] == [
        "'agencies' must be a",
        "action '6.1.1' start",
    ]
    assert _texts(directory, Cache(own_cache)) == uncached
    reads.take()
    assert _texts(directory, Cache(own_cache)) == uncached
    assert reads.take() == []


def test_the_reference_plan_gives_the_same_output_with_and_without_the_cache(
    runner: CliRunner, own_cache: Path
) -> None:
    commands = [
        ["validate", "--plan", str(REFERENCE_PLAN), "--format", "json"],
        ["status", "--plan", str(REFERENCE_PLAN), "--month", "2017-01", "--format", "json"],
        ["exception-report", "--plan", str(REFERENCE_PLAN), "--month", "2017-01"],
    ]
    for command in commands:
        outputs = [
            runner.invoke(app, [*first, *command], catch_exceptions=False).stdout
            for first in ([], [], ["--no-cache"])  # filled, then from the cache, then without
        ]
        assert outputs[0] == outputs[1] == outputs[2], command
    assert len(_entries(own_cache)) == _entries_of(REFERENCE_PLAN) == 3 * 29 + 10


def test_no_cache_neither_reads_nor_writes_it(
    write_plan: PlanWriter, runner: CliRunner, own_cache: Path
) -> None:
    write_plan({"06-care-leavers.yaml": PRIORITY_6})
    result = runner.invoke(app, ["--no-cache", "validate"], catch_exceptions=False)
    assert result.exit_code == 0
    assert _entries(own_cache) == []


def test_checks_that_depend_on_the_date_run_on_every_hit(
    write_plan: PlanWriter, own_cache: Path
) -> None:
    directory = write_plan({"06-care-leavers.yaml": PRIORITY_6})
    assert _texts(directory, Cache(own_cache)) == []
    before_the_update = dt.date(2016, 11, 29)
    expected = _texts(directory, None, before_the_update)
    assert expected == [
        "plan/06-care-leavers.yaml:9:15: error: update dated 2016-11-30 is after today (2016-11-29)"
    ]
    assert _texts(directory, Cache(own_cache), before_the_update) == expected


def test_checks_across_files_run_on_every_hit(write_plan: PlanWriter, own_cache: Path) -> None:
    directory = write_plan({"06-care-leavers.yaml": PRIORITY_6})
    assert _texts(directory, Cache(own_cache)) == []
    header = (directory / "plan.yaml").read_text().replace("  DCS: Director", "  DXS: Director")
    (directory / "plan.yaml").write_text(header)
    assert _texts(directory, Cache(own_cache)) == [
        "plan/06-care-leavers.yaml:6:11: error: unknown role 'DCS': plan/plan.yaml does not "
        "declare it (did you mean 'DXS'?)"
    ]


def test_a_clean_plan_from_the_cache_reads_no_position_table(
    write_plan: PlanWriter, own_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Positions only place problems found across files; a plan without any never reads them."""
    directory = write_plan({"06-care-leavers.yaml": PRIORITY_6})
    _texts(directory, Cache(own_cache))
    tables = _calls(monkeypatch, Positions, "from_plain")
    assert _texts(directory, Cache(own_cache)) == []
    assert tables == []


def test_a_position_table_gone_from_the_cache_is_read_from_the_file_again(
    write_plan: PlanWriter, own_cache: Path
) -> None:
    directory = write_plan({"06-care-leavers.yaml": PRIORITY_6})
    header = (directory / "plan.yaml").read_text().replace("  DCS: Director", "  DXS: Director")
    (directory / "plan.yaml").write_text(header)
    expected = _texts(directory, None)
    assert _texts(directory, Cache(own_cache)) == expected
    cache = Cache(own_cache)
    priority_key = cache.key("priority", (directory / "06-care-leavers.yaml").read_bytes())
    stored_table = cache._path(plan_folder._positions_key(cache, priority_key))
    stored_table.unlink()
    assert _texts(directory, Cache(own_cache)) == expected
    assert stored_table.exists()  # and stored again


def test_a_file_changed_while_the_plan_is_read_places_nothing_it_cannot_find(
    write_plan: PlanWriter, own_cache: Path
) -> None:
    directory = write_plan({"06-care-leavers.yaml": PRIORITY_6})
    path = directory / "06-care-leavers.yaml"
    cache = Cache(own_cache)
    _texts(directory, cache)
    [entry] = [entry for entry in plan_folder.discover(directory)[0] if entry.shown == str(path)]
    key = cache.key("priority", path.read_bytes())
    cache._path(plan_folder._positions_key(cache, key)).unlink()
    path.write_text(PRIORITY_6 + "# changed since\n")
    assert len(plan_folder._stored_positions(cache, key, entry)) == 0


# --------------------------------------------------------------------------------------------
# Entries that cannot be used are misses.


def _spoil(entries: list[Path], how: str) -> None:
    for path in entries:
        stored = path.read_bytes()
        if how == "flipped":
            spoiled = stored[:-1] + bytes([stored[-1] ^ 1])
        elif how == "truncated":
            spoiled = stored[: len(stored) // 2]
        elif how == "empty":
            spoiled = b""
        else:  # foreign: a well-formed entry of something else
            payload = b"\xe9\x00\x00\x00\x00"  # marshal of an empty dict, not an entry
            spoiled = stored[:16] + zlib.crc32(payload).to_bytes(4, "big") + payload
        path.write_bytes(spoiled)


@pytest.mark.parametrize("how", ["flipped", "truncated", "empty", "foreign"])
def test_an_entry_that_cannot_be_used_is_a_miss(
    write_plan: PlanWriter, own_cache: Path, reads: Reads, how: str
) -> None:
    directory = write_plan({"06-care-leavers.yaml": PRIORITY_6.replace("due:", "deu:")})
    expected = _texts(directory, Cache(own_cache))
    reads.take()
    _spoil(_entries(own_cache), how)
    assert _texts(directory, Cache(own_cache)) == expected
    assert reads.take() == ["priority", "plan"]
    assert _texts(directory, Cache(own_cache)) == expected  # and the entries were written again
    assert reads.take() == []


def test_an_entry_whose_content_is_not_a_plan_file_is_a_miss(
    write_plan: PlanWriter, own_cache: Path, reads: Reads
) -> None:
    directory = write_plan({"06-care-leavers.yaml": PRIORITY_6})
    cache = Cache(own_cache)
    expected = _texts(directory, cache)
    key = cache.key("priority", (directory / "06-care-leavers.yaml").read_bytes())
    stored = cache.load(key)
    cache.store(key, (*stored[:3], ("whole", {"priority": "six"}, [])))
    reads.take()
    assert _texts(directory, Cache(own_cache)) == expected
    assert reads.take() == ["priority"]


def test_validate_from_the_cache_does_not_rebuild_the_actions(
    write_plan: PlanWriter, own_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The checks find what they look for in each file's summary: ``csip validate`` on an
    unchanged plan never rebuilds its records, even to warn of them, and a report does."""
    warned = PRIORITY_6.replace("status: in-progress", "status: complete") + (
        '  - id: "6.1.2"\n    action: Train the staff.\n    lead: DCS\n    due: 2016-12\n'
    )
    directory = write_plan({"06-care-leavers.yaml": warned})
    expected = _texts(directory, Cache(own_cache))
    assert [text.split(": ")[-1] for text in expected] == [
        "action '6.1.1' is marked complete on 2016-11-30 without evidence",
        "action '6.1.2' was due to start in 2016-05 and has no update yet",
    ]
    rebuilt = _calls(monkeypatch, plan_folder, "_records_from_plain")
    loaded = load_plan(directory, TODAY, Cache(own_cache))
    assert [problem.text() for problem in loaded.problems] == expected and rebuilt == []
    assert loaded.plan is not None and len(rebuilt) == 1


def _records_entries(cache: Cache) -> list[str]:
    """The keys of the entries that hold a priority file's records (stored apart)."""
    keys = [path.parent.name + path.name for path in _entries(cache.directory)]
    return [key for key in keys if (cache.load(key) or ("",))[0] in ("whole", "parts")]


@pytest.mark.parametrize("layout", ["unchanged", "changed"])
@pytest.mark.parametrize("damage", ["foreign", "gone"])
def test_records_that_cannot_be_rebuilt_are_read_from_the_file_again(
    write_plan: PlanWriter, own_cache: Path, reads: Reads, layout: str, damage: str
) -> None:
    """A priority file's records are stored apart and rebuilt only when first asked for; when
    their entry is not a plan file's records, or is gone, that is found then, and the file is
    read again. So it is from the entry of the file's data, taken when only its layout changed."""
    directory = write_plan({"06-care-leavers.yaml": PRIORITY_6})
    cache = Cache(own_cache)
    expected = load_plan(directory, TODAY, cache).plan
    (records,) = _records_entries(cache)
    if damage == "foreign":
        cache.store(records, ("whole", {"priority": "six"}))
    else:
        cache._path(records).unlink()
    if layout == "changed":
        (directory / "06-care-leavers.yaml").write_text("# Priority 6\n" + PRIORITY_6)
    reads.take()
    loaded = load_plan(directory, TODAY, Cache(own_cache))
    assert reads.take() == ([] if layout == "unchanged" else ["priority"])
    assert loaded.plan == expected and expected is not None
    assert reads.take() == ["priority"]


def test_a_file_changed_since_it_was_checked_gives_no_records(
    write_plan: PlanWriter, own_cache: Path
) -> None:
    """Records read from the file again (their entry gone) come only from the bytes the run
    checked: a file changed since then is refused, not reported from what no check has seen."""
    directory = write_plan({"06-care-leavers.yaml": PRIORITY_6})
    cache = Cache(own_cache)
    load_plan(directory, TODAY, cache)
    (records,) = _records_entries(cache)
    cache._path(records).unlink()
    loaded = load_plan(directory, TODAY, Cache(own_cache))
    (directory / "06-care-leavers.yaml").write_text(PRIORITY_6 + "# edited\n")
    with pytest.raises(plan_folder.FileChanged) as raised:
        _ = loaded.plan
    assert raised.value.file == str(directory / "06-care-leavers.yaml")


def test_a_report_on_a_file_changed_while_csip_read_it_is_one_line(
    write_plan: PlanWriter, own_cache: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    directory = write_plan({"06-care-leavers.yaml": PRIORITY_6})
    load_plan(directory, TODAY, Cache(own_cache))
    (records,) = _records_entries(Cache(own_cache))
    Cache(own_cache)._path(records).unlink()
    read = plan_folder._read_bytes
    seen: list[str] = []

    def edited_after_first_read(entry: Any) -> Any:
        raw = read(entry)
        seen.append(entry.shown)
        if isinstance(raw, bytes) and seen.count(entry.shown) > 1:
            return raw + b"# edited\n"
        return raw

    monkeypatch.setattr(plan_folder, "_read_bytes", edited_after_first_read)
    result = runner.invoke(app, ["status", "--month", "2017-01"], catch_exceptions=False)
    assert (result.exit_code, result.stdout, result.stderr) == (
        1,
        "",
        "csip: error: 'plan/06-care-leavers.yaml' changed while csip was reading it; "
        "run the command again\n",
    )


def test_an_entry_naming_no_key_for_its_records_is_a_miss(
    write_plan: PlanWriter, own_cache: Path, reads: Reads
) -> None:
    """An entry names the key of its records; one that names something else (a path out of the
    cache folder) is not used: the file is read again."""
    directory = write_plan({"06-care-leavers.yaml": PRIORITY_6})
    cache = Cache(own_cache)
    expected = _texts(directory, cache)
    key = cache.key("priority", (directory / "06-care-leavers.yaml").read_bytes())
    cache.store(key, (*cache.load(key)[:4], "../../elsewhere"))
    reads.take()
    assert _texts(directory, Cache(own_cache)) == expected
    assert reads.take() == ["priority"]


def test_an_entry_moved_under_another_key_is_a_miss(
    write_plan: PlanWriter, own_cache: Path, reads: Reads
) -> None:
    """Each entry holds its key: one copied over another's, CRC and all, is not taken for it."""
    other = PRIORITY_6.replace("priority: 6", "priority: 7").replace('"6.', '"7.')
    directory = write_plan({"06-care-leavers.yaml": PRIORITY_6, "07-adoption.yaml": other})
    cache = Cache(own_cache)
    expected = _texts(directory, cache)
    reads.take()
    six, seven = (
        cache._path(cache.key("priority", (directory / name).read_bytes()))
        for name in ("06-care-leavers.yaml", "07-adoption.yaml")
    )
    six_entry, seven_entry = six.read_bytes(), seven.read_bytes()
    six.write_bytes(seven_entry)
    seven.write_bytes(six_entry)
    assert _texts(directory, Cache(own_cache)) == expected
    assert reads.take() == ["priority", "priority"]


def test_a_cache_that_cannot_be_written_only_costs_speed(
    write_plan: PlanWriter, tmp_path: Path
) -> None:
    directory = write_plan({"06-care-leavers.yaml": PRIORITY_6})
    not_a_folder = tmp_path / "cache-file"
    not_a_folder.write_text("")
    assert _texts(directory, Cache(not_a_folder)) == []
    assert not_a_folder.read_text() == ""


# --------------------------------------------------------------------------------------------
# The key: everything the result depends on.


def test_the_same_bytes_of_another_kind_have_another_key(own_cache: Path) -> None:
    cache = Cache(own_cache)
    assert cache.key("priority", b"a: b\n") != cache.key("funding", b"a: b\n")
    assert cache.key("priority", b"a: b\n") != cache.key("priority", b"a: c\n")
    assert cache.key("priority", b"a: b\n") == cache.key("priority", b"a: b\n")


@pytest.mark.parametrize(("module", "name"), [("csip", "__version__"), ("sys", "version")])
def test_a_change_of_version_changes_every_key(
    monkeypatch: pytest.MonkeyPatch, own_cache: Path, module: str, name: str
) -> None:
    cache = Cache(own_cache)
    before = cache.key("priority", b"a: b\n")
    monkeypatch.setattr(sys.modules[module], name, "0.0.0-other")
    code_fingerprint.cache_clear()
    try:
        assert cache.key("priority", b"a: b\n") != before
    finally:
        monkeypatch.undo()
        code_fingerprint.cache_clear()
    assert cache.key("priority", b"a: b\n") == before


@pytest.mark.parametrize("library", ["pydantic", "pydantic_core", "yaml"])
def test_another_copy_of_a_library_or_a_change_to_it_changes_every_key(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, own_cache: Path, library: str
) -> None:
    cache = Cache(own_cache)
    before = cache.key("priority", b"a: b\n")
    copy = tmp_path / library
    copy.mkdir()
    (copy / "__init__.py").write_text("VERSION = '1'\n")
    spec = importlib.machinery.ModuleSpec(library, None, is_package=True)
    spec.submodule_search_locations = [str(copy)]
    monkeypatch.setattr(importlib.import_module(library), "__spec__", spec)
    code_fingerprint.cache_clear()
    try:
        other_copy = cache.key("priority", b"a: b\n")
        (copy / "__init__.py").write_text("VERSION = '1.1'\n")
        code_fingerprint.cache_clear()
        changed = cache.key("priority", b"a: b\n")
    finally:
        monkeypatch.undo()
        code_fingerprint.cache_clear()
    assert len({before, other_copy, changed}) == 3
    assert cache.key("priority", b"a: b\n") == before


def test_a_change_to_csips_own_code_changes_every_key(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, own_cache: Path
) -> None:
    import csip

    package = tmp_path / "csip"
    shutil.copytree(Path(csip.__file__).parent, package)
    monkeypatch.setattr(csip, "__file__", str(package / "__init__.py"))
    code_fingerprint.cache_clear()
    cache = Cache(own_cache)
    try:
        before = cache.key("priority", b"a: b\n")
        rules = package / "checks" / "plan_checks.py"
        rules.write_text(rules.read_text() + "\n# changed\n")
        code_fingerprint.cache_clear()
        assert cache.key("priority", b"a: b\n") != before
    finally:
        monkeypatch.undo()
        code_fingerprint.cache_clear()


# --------------------------------------------------------------------------------------------
# Writers at the same time.


def _load_in_a_process(directory: str, cache_directory: str, results: Any) -> None:
    loaded = load_plan(Path(directory), TODAY, Cache(Path(cache_directory)))
    results.put([problem.text() for problem in loaded.problems])


def test_concurrent_runs_fill_the_cache_whole(write_plan: PlanWriter, own_cache: Path) -> None:
    files = {f"{number:02d}-p.yaml": PRIORITY_6.replace("6", str(number)) for number in range(1, 9)}
    directory = write_plan(files).resolve()
    expected = _texts(directory, None)
    context = multiprocessing.get_context("spawn")
    results = context.Queue()
    runs = [
        context.Process(target=_load_in_a_process, args=(str(directory), str(own_cache), results))
        for _ in range(4)
    ]
    for run in runs:
        run.start()
    outputs = [results.get(timeout=120) for _ in runs]
    for run in runs:
        run.join(timeout=120)
    assert all(output == expected for output in outputs)
    assert [run.exitcode for run in runs] == [0, 0, 0, 0]
    assert not list(own_cache.rglob(".tmp-*"))
    cache = Cache(own_cache)
    for path in directory.iterdir():
        kind = "plan" if path.name == "plan.yaml" else "priority"
        assert cache.load(cache.key(kind, path.read_bytes())) is not None


def test_writers_of_one_entry_never_leave_half_of_it(own_cache: Path) -> None:
    cache = Cache(own_cache)
    key = cache.key("priority", b"x")
    value = (list(range(50_000)), "y" * 100_000)
    start = threading.Barrier(8)
    seen: list[bool] = []

    def write_and_read() -> None:
        start.wait()
        for _ in range(20):
            cache.store(key, value)
            seen.append(cache.load(key) == value)

    threads = [threading.Thread(target=write_and_read) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(seen) == 160 and all(seen)
    assert not list(own_cache.rglob(".tmp-*"))


# --------------------------------------------------------------------------------------------
# Where it lives, and clearing it.


def test_the_cache_lives_in_the_users_cache_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CSIP_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", "/somewhere/cache")
    assert cache_module.default_directory() == Path("/somewhere/cache/csip")
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/cache")  # the XDG spec: ignore it
    assert cache_module.default_directory() == Path.home() / ".cache" / "csip"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert cache_module.default_directory() == Path.home() / ".cache" / "csip"
    monkeypatch.setenv("CSIP_CACHE_DIR", "/chosen")
    monkeypatch.setenv("XDG_CACHE_HOME", "/somewhere/cache")
    assert cache_module.default_directory() == Path("/chosen")


def test_a_cache_chosen_inside_the_plan_folder_is_not_used(
    write_plan: PlanWriter, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    directory = write_plan({"06-care-leavers.yaml": PRIORITY_6})
    monkeypatch.setenv("CSIP_CACHE_DIR", str(directory / "cache"))
    assert Cache.open(directory) is None
    assert runner.invoke(app, ["validate"], catch_exceptions=False).exit_code == 0
    assert not (directory / "cache").exists()


def test_cache_clear_removes_every_entry(
    write_plan: PlanWriter, runner: CliRunner, own_cache: Path
) -> None:
    write_plan({"06-care-leavers.yaml": PRIORITY_6})
    runner.invoke(app, ["validate"], catch_exceptions=False)
    left_by_a_killed_run = own_cache / "ab" / ".tmp-123"
    left_by_a_killed_run.parent.mkdir(exist_ok=True)
    left_by_a_killed_run.write_bytes(b"csip-c")
    result = runner.invoke(app, ["cache", "clear"], catch_exceptions=False)
    # Two files, each with an entry for its bytes, one for its positions and one for its data,
    # and the priority file's records.
    assert (result.exit_code, result.stdout) == (0, f"{own_cache}: removed 7 cache entries\n")
    assert list(own_cache.rglob("*")) == []
    result = runner.invoke(app, ["cache", "clear"], catch_exceptions=False)
    assert result.stdout == f"{own_cache}: removed 0 cache entries\n"


def test_a_folder_in_the_place_of_an_entry_only_costs_speed_and_is_cleared(
    write_plan: PlanWriter, runner: CliRunner, own_cache: Path
) -> None:
    write_plan({"06-care-leavers.yaml": PRIORITY_6})
    runner.invoke(app, ["validate"], catch_exceptions=False)
    entry = next(path for path in own_cache.glob("??/*") if path.is_file())
    entry.unlink()
    entry.mkdir()
    result = runner.invoke(app, ["validate"], catch_exceptions=False)
    assert (result.exit_code, result.stderr) == (0, "")
    runner.invoke(app, ["cache", "clear"], catch_exceptions=False)
    assert not entry.exists()


def test_clearing_a_folder_of_other_files_removes_none_of_them(
    runner: CliRunner, own_cache: Path
) -> None:
    """CSIP_CACHE_DIR set by mistake to a folder of one's own: clear leaves its files alone."""
    mine = [own_cache / "ab" / ("c" * 62), own_cache / "ab" / ".tmp-notes", own_cache / "notes"]
    mine[0].parent.mkdir()
    for path in mine:
        path.write_text("my own file\n")
    result = runner.invoke(app, ["cache", "clear"], catch_exceptions=False)
    assert result.stdout == f"{own_cache}: removed 0 cache entries\n"
    assert all(path.read_text() == "my own file\n" for path in mine)


def test_entries_unused_for_a_month_are_pruned_once_a_day(own_cache: Path) -> None:
    cache = Cache(own_cache)
    old, used, fresh = (cache.key("priority", name) for name in (b"old", b"used", b"fresh"))
    for key in (old, used):
        cache.store(key, "value")
    month_ago = time.time() - 31 * 24 * 3600
    for key in (old, used):
        os.utime(cache._path(key), (month_ago, month_ago))
    assert cache.load(used) == "value"  # a hit marks it used
    os.utime(own_cache / "last-pruned", (month_ago, month_ago))
    Cache(own_cache).store(fresh, "value")
    assert [cache.load(key) for key in (old, used, fresh)] == [None, "value", "value"]


def test_records_read_only_when_asked_for_are_kept_while_their_file_is_used(
    write_plan: PlanWriter, own_cache: Path, reads: Reads
) -> None:
    """``csip validate`` never reads a priority file's records from the cache; they are used
    with the file's entry all the same, and a month of validating does not prune them."""
    directory = write_plan({"06-care-leavers.yaml": PRIORITY_6})
    cache = Cache(own_cache)
    expected = load_plan(directory, TODAY, cache).plan
    month_ago = time.time() - 31 * 24 * 3600
    for path in [*_entries(own_cache), own_cache / "last-pruned"]:
        os.utime(path, (month_ago, month_ago))
    _texts(directory, Cache(own_cache))  # validate: the records are not read
    Cache(own_cache).store(cache.key("priority", b"another file"), "value")  # prunes
    reads.take()
    assert load_plan(directory, TODAY, Cache(own_cache)).plan == expected
    assert reads.take() == []


def test_the_data_of_a_file_with_aliases_is_keyed_by_its_bytes() -> None:
    """Written out in full for its key, a hundred aliases of a 100 kB text would be 10 MB, and
    a small file can name far more: such a file's data is keyed by its bytes."""
    raw = (
        "priority: 6\ntitle: T\nnote: &long " + "x" * 100_000 + "\n"
        "more: [" + ", ".join(["*long"] * 100) + "]\n"
    ).encode()
    assert plan_folder.data_key_source(read(raw), raw) == ("bytes", raw)
    plain = b"priority: 6\ntitle: T\n"
    assert plan_folder.data_key_source(read(plain), plain) == (
        "data",
        marshal.dumps({"priority": "6", "title": "T"}, 2),
    )


@pytest.mark.parametrize("kind", ["fifo", "link", "large", "folder"])
def test_an_entry_that_is_no_file_csip_wrote_is_a_miss_at_once(
    own_cache: Path, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    """A FIFO is not waited on, a link is not followed (not even to a good entry), and a file
    larger than any entry is not read."""
    cache = Cache(own_cache)
    key, other = cache.key("priority", b"this"), cache.key("priority", b"other")
    cache.store(other, "value")
    path = cache._path(key)
    path.parent.mkdir(parents=True, exist_ok=True)
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "folder":
        path.mkdir()
    elif kind == "link":
        cache.store(key, "value")
        moved = path.with_name("moved")
        path.rename(moved)
        path.symlink_to(moved)
    else:
        cache.store(key, "value")
        monkeypatch.setattr(cache_module, "MAX_ENTRY_BYTES", path.stat().st_size - 1)
    found: list[Any] = []
    reader = threading.Thread(target=lambda: found.append(cache.load(key)), daemon=True)
    reader.start()
    reader.join(timeout=10)
    assert found == [None]


def test_the_cache_folder_is_made_readable_by_the_user_alone(tmp_path: Path) -> None:
    cache = Cache(tmp_path / "new" / "csip")
    cache.store(cache.key("priority", b"a file"), "value")
    modes = [path.stat().st_mode & 0o777 for path in (cache.directory, *cache.directory.rglob("*"))]
    assert set(modes) <= {0o700, 0o600} and len(modes) == 4  # folder, stamp, folder, entry


def test_validate_rebuilds_only_the_files_whose_actions_a_board_judged(
    write_plan: PlanWriter, own_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A review that judges done work is checked against the action's progress log: only the
    files holding such an action are rebuilt from the cache."""
    done = PRIORITY_6.replace("status: in-progress", "status: complete\n        evidence: [R]")
    other = PRIORITY_6.replace("priority: 6", "priority: 7").replace('"6.', '"7.')
    directory = write_plan(
        {
            "06-care-leavers.yaml": done,
            "07-adoption.yaml": other,
            "meetings/2016-12-06.yaml": (
                "board: Improvement Team Board\ndate: 2016-12-06\npriorities: [6, 7]\n"
                "attendees: [DCS]\nreviews:\n  - {action: '6.1.1', outcome: verified}\n"
                "  - {action: '7.1.1', outcome: noted}\n"
            ),
        }
    )
    expected = _texts(directory, Cache(own_cache))
    rebuilt = _calls(monkeypatch, plan_folder, "_records_from_plain")
    assert _texts(directory, Cache(own_cache)) == expected
    assert len(rebuilt) == 1


def test_csip_runs_from_the_cache_as_a_process(tmp_path: Path) -> None:
    """The installed csip fills its cache in CSIP_CACHE_DIR and prints the same from it."""
    csip = Path(sys.executable).parent / "csip"
    environment = dict(os.environ, CSIP_CACHE_DIR=str(tmp_path / "cache"))
    command = [str(csip), "validate", "--plan", str(REFERENCE_PLAN), "--strict"]
    outputs = [
        subprocess.run(command, capture_output=True, text=True, env=environment, check=True)
        for _ in range(2)
    ]
    assert outputs[0].stdout == outputs[1].stdout
    assert outputs[0].stdout.endswith("227 actions: no problems\n")
    assert len(_entries(tmp_path / "cache")) == _entries_of(REFERENCE_PLAN)


def test_a_run_that_wants_only_errors_finds_the_same_errors(
    write_plan: PlanWriter, own_cache: Path
) -> None:
    """Reports need a valid plan and show no warnings: they skip the checks that only warn."""
    warned = PRIORITY_6.replace("status: in-progress", "status: complete").replace(
        "lead: DCS", "lead: DXS"
    ) + ('  - id: "6.1.2"\n    action: Publish the local offer.\n    lead: DCS\n    due: 2016-12\n')
    directory = write_plan({"06-care-leavers.yaml": warned})
    for cache in (None, Cache(own_cache), Cache(own_cache)):
        every = load_plan(directory, TODAY, cache).problems
        errors = load_plan(directory, TODAY, cache, warnings=False).problems
        assert [problem.text() for problem in every] == [
            "plan/06-care-leavers.yaml:6:11: error: unknown role 'DXS': plan/plan.yaml does not "
            "declare it (did you mean 'DCS'?)",
            "plan/06-care-leavers.yaml:10:17: warning: action '6.1.1' is marked complete on "
            "2016-11-30 without evidence",
            "plan/06-care-leavers.yaml:11:9: warning: action '6.1.2' was due to start in 2016-05 "
            "and has no update yet",
        ]
        assert errors == [problem for problem in every if problem.level == "error"]
