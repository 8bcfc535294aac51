"""Output files: whole or not at all, with the umask's permissions, never over a device, through a
link or into the plan; leftovers of killed runs cleared; a build replaces only what it wrote."""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import stat
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import LEADERSHIP, PlanWriter
from typer.testing import CliRunner

from csip import output
from csip.cli import app
from csip.output import FolderRefused, OutputRefused, write_site, write_whole


@pytest.fixture
def plan(write_plan: PlanWriter) -> Path:
    return write_plan({"01-leadership.yaml": LEADERSHIP})


@pytest.fixture
def umask() -> Iterator[None]:
    """Run the test under umask 027 (group may read, others nothing), then restore the old."""
    old = os.umask(0o027)
    yield
    os.umask(old)


def report(runner: CliRunner, plan: Path, *extra: str) -> tuple[int, str, str]:
    result = runner.invoke(
        app,
        ["exception-report", "--plan", str(plan), "--month", "2016-07", *extra],
        catch_exceptions=False,
    )
    return result.exit_code, result.stdout, result.stderr


def build(runner: CliRunner, plan: Path, out: Path, month: str = "2016-07") -> tuple[int, str]:
    result = runner.invoke(
        app,
        ["build", "--plan", str(plan), "--month", month, "--out", str(out)],
        catch_exceptions=False,
    )
    return result.exit_code, result.stderr


def files_in(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def names(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir())


# --- one file ----------------------------------------------------------------------------------


def test_a_report_gets_the_permissions_the_umask_gives(tmp_path: Path, umask: None) -> None:
    target = tmp_path / "report.md"

    write_whole(target, "text\n")

    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_a_failed_write_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "report.md"
    target.write_text("old\n", encoding="utf-8")

    def full(handle: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(OSError, match="No space left"):
        write_whole(target, "new\n")

    assert target.read_text(encoding="utf-8") == "old\n"
    assert names(tmp_path) == ["report.md"]


def test_temporaries_of_killed_runs_are_cleared_by_the_next_write(tmp_path: Path) -> None:
    target = tmp_path / "report.md"
    long_ago = time.time() - 3600
    stale = tmp_path / ".report.md.csip-0badcafe.tmp"
    stale.write_text("half a rep", encoding="utf-8")
    os.utime(stale, (long_ago, long_ago))
    # Kept: one being written now, one an older but live run still holds, and another file's.
    fresh = tmp_path / ".report.md.csip-1badcafe.tmp"
    fresh.write_text("", encoding="utf-8")
    held = tmp_path / ".report.md.csip-2badcafe.tmp"
    held.write_text("", encoding="utf-8")
    os.utime(held, (long_ago, long_ago))
    other = tmp_path / ".other.md.csip-3badcafe.tmp"
    other.write_text("", encoding="utf-8")
    os.utime(other, (long_ago, long_ago))

    with held.open("rb") as holder:
        fcntl.flock(holder, fcntl.LOCK_EX)
        write_whole(target, "text\n")

    assert names(tmp_path) == [other.name, fresh.name, held.name, "report.md"]


def test_a_device_is_written_to_and_stays_a_device() -> None:
    write_whole(Path("/dev/null"), "text\n")

    assert stat.S_ISCHR(Path("/dev/null").stat().st_mode)


def test_a_named_pipe_is_written_to_and_stays_a_pipe(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_bytes()))
    reader.start()

    write_whole(pipe, "text\n")
    reader.join()

    assert received == [b"text\n"]
    assert stat.S_ISFIFO(pipe.lstat().st_mode)


def test_a_link_to_a_device_writes_to_the_device(tmp_path: Path) -> None:
    link = tmp_path / "discard"
    link.symlink_to("/dev/null")

    write_whole(link, "text\n")

    assert link.is_symlink()


def test_a_symbolic_link_is_never_written_through(
    runner: CliRunner, plan: Path, tmp_path: Path
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("keep\n", encoding="utf-8")
    Path("latest.md").symlink_to(secret)

    assert report(runner, plan, "--output", "latest.md") == (
        2,
        "",
        "csip: error: 'latest.md' is a symbolic link: csip does not write through links; "
        "remove it or give another file\n",
    )
    assert secret.read_text(encoding="utf-8") == "keep\n"
    assert Path("latest.md").is_symlink()


def test_a_plan_file_is_never_overwritten(runner: CliRunner, plan: Path) -> None:
    before = (plan / "01-leadership.yaml").read_bytes()

    assert report(runner, plan, "--output", "plan/01-leadership.yaml") == (
        2,
        "",
        "csip: error: 'plan/01-leadership.yaml' is in the plan folder 'plan': write reports "
        "outside the plan\n",
    )
    assert (plan / "01-leadership.yaml").read_bytes() == before


def test_no_new_file_is_written_into_the_plan(runner: CliRunner, plan: Path) -> None:
    assert report(runner, plan, "--output", "plan/report.yaml")[0] == 2
    assert names(plan) == ["01-leadership.yaml", "plan.yaml"]


def test_the_plan_folder_itself_is_refused(runner: CliRunner, plan: Path) -> None:
    assert report(runner, plan, "--output", "plan") == (
        2,
        "",
        "csip: error: 'plan' is the plan folder: write reports outside the plan\n",
    )


def test_a_folder_is_not_a_file_to_write(runner: CliRunner, plan: Path) -> None:
    Path("reports").mkdir()

    assert report(runner, plan, "--output", "reports") == (
        2,
        "",
        "csip: error: 'reports' is a folder: give a file to write the report to\n",
    )


# --- the site folder ---------------------------------------------------------------------------


def test_a_build_records_every_file_it_wrote_with_its_hash(
    runner: CliRunner, plan: Path, tmp_path: Path
) -> None:
    out = tmp_path / "site"
    assert build(runner, plan, out)[0] == 0

    marker = json.loads((out / ".csip-build").read_text(encoding="utf-8"))

    written = files_in(out)
    del written[".csip-build"]
    assert sorted(marker["files"]) == sorted(written)
    assert marker["files"]["index.html"] == hashlib.sha256(written["index.html"]).hexdigest()


def test_an_empty_planted_marker_licenses_nothing(
    runner: CliRunner, plan: Path, tmp_path: Path
) -> None:
    out = tmp_path / "documents"
    out.mkdir()
    (out / "minutes.docx").write_bytes(b"keep me")
    (out / ".csip-build").write_bytes(b"")

    assert build(runner, plan, out) == (
        1,
        f"csip: error: '{out}' is a folder that csip build did not make; it would be replaced "
        "whole, so give an empty or new folder with --out\n",
    )
    assert files_in(out) == {".csip-build": b"", "minutes.docx": b"keep me"}


def test_a_file_added_to_a_built_folder_stops_the_next_build(
    runner: CliRunner, plan: Path, tmp_path: Path
) -> None:
    out = tmp_path / "site"
    assert build(runner, plan, out)[0] == 0
    (out / "notes.txt").write_text("mine\n", encoding="utf-8")
    before = files_in(out)

    assert build(runner, plan, out) == (
        1,
        f"csip: error: '{out}' holds files that csip build did not write or that were changed "
        "since ('notes.txt'); it would be replaced whole, so move them or give another folder "
        "with --out\n",
    )
    assert files_in(out) == before


def test_a_file_changed_in_a_built_folder_stops_the_next_build(
    runner: CliRunner, plan: Path, tmp_path: Path
) -> None:
    out = tmp_path / "site"
    assert build(runner, plan, out)[0] == 0
    with (out / "index.html").open("a", encoding="utf-8") as page:
        page.write("<!-- edited by hand -->\n")

    code, stderr = build(runner, plan, out)

    assert code == 1
    assert "('index.html')" in stderr


def test_a_file_deleted_from_a_built_folder_loses_nothing(
    runner: CliRunner, plan: Path, tmp_path: Path
) -> None:
    out = tmp_path / "site"
    assert build(runner, plan, out)[0] == 0
    (out / "status.json").unlink()

    assert build(runner, plan, out)[0] == 0
    assert (out / "status.json").is_file()


def test_a_build_killed_between_its_renames_is_put_back_by_the_next(
    runner: CliRunner, plan: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "site"
    assert build(runner, plan, out)[0] == 0
    before = files_in(out)
    # Killed after setting the old folder aside, before moving the new one in.
    out.rename(tmp_path / ".site.csip-old")

    def full(path: Path, *args: object, **kwargs: object) -> int:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Path, "write_text", full)
    code, stderr = build(runner, plan, out, "2016-06")

    assert code == 1
    assert "No space left on device" in stderr
    assert files_in(out) == before
    assert names(tmp_path) == ["plan", "site"]


def test_staging_left_by_a_killed_build_is_cleared(
    runner: CliRunner, plan: Path, tmp_path: Path
) -> None:
    staging = tmp_path / ".site.csip-new"
    staging.mkdir()
    (staging / "index.html").write_text("half", encoding="utf-8")

    assert build(runner, plan, tmp_path / "site")[0] == 0
    assert names(tmp_path) == ["plan", "site"]


def test_a_build_holds_the_lock_beside_the_folder_while_it_writes(
    plan: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "site"
    lock = tmp_path / ".site.csip-lock"
    probed: list[bool] = []
    check = output._check_replaceable

    def probe(named: Path, place: Path) -> None:
        with lock.open("rb") as other:
            try:
                fcntl.flock(other, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                probed.append(True)
            else:
                probed.append(False)
        check(named, place)

    monkeypatch.setattr(output, "_check_replaceable", probe)
    write_site(out, {"index.html": "<p>x</p>\n"})

    assert probed == [True]
    assert not lock.exists()


def test_a_symbolic_link_is_not_a_folder_to_build_into(
    runner: CliRunner, plan: Path, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tmp_path / "site").symlink_to(elsewhere)

    assert build(runner, plan, tmp_path / "site") == (
        2,
        f"csip: error: '{tmp_path / 'site'}' is a symbolic link: give the folder itself with "
        "--out\n",
    )
    assert names(elsewhere) == []


def test_a_build_never_replaces_the_folder_that_holds_the_plan(
    runner: CliRunner, plan: Path
) -> None:
    assert build(runner, plan, Path()) == (
        2,
        "csip: error: '.' holds the plan folder 'plan': give a folder outside it\n",
    )


def test_a_build_into_the_plan_is_refused(runner: CliRunner, plan: Path) -> None:
    assert build(runner, plan, Path("plan/site"))[0] == 2
    assert names(plan) == ["01-leadership.yaml", "plan.yaml"]


def test_a_build_onto_a_file_is_a_usage_error(runner: CliRunner, plan: Path) -> None:
    Path("site").write_text("mine\n", encoding="utf-8")
    assert build(runner, plan, Path("site")) == (
        2,
        "csip: error: 'site' is a file: give a folder to write the files into\n",
    )
    assert Path("site").read_text(encoding="utf-8") == "mine\n"


def test_built_files_get_the_permissions_the_umask_gives(tmp_path: Path, umask: None) -> None:
    out = tmp_path / "site"

    write_site(out, {"2016-07/report.md": "text\n"})

    assert stat.S_IMODE((out / "2016-07" / "report.md").stat().st_mode) == 0o640
    assert stat.S_IMODE(out.stat().st_mode) == 0o750


def test_a_library_caller_gets_the_refusal_as_an_exception(tmp_path: Path) -> None:
    out = tmp_path / "site"
    out.mkdir()
    (out / "keep.txt").write_text("mine\n", encoding="utf-8")

    with pytest.raises(FolderRefused):
        write_site(out, {"index.html": "<p>x</p>\n"})
    with pytest.raises(OutputRefused):
        write_whole(out, "text\n")


@pytest.mark.parametrize(
    ("stopped_after", "index"),
    [(1, "<p>old</p>\n"), (2, "<p>new</p>\n")],
    ids=["the old folder set aside", "the new one in place"],
)
def test_a_build_stopped_between_its_renames_leaves_one_whole_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, stopped_after: int, index: str
) -> None:
    """Ctrl-C or SIGTERM lands as a rename returns: the old folder goes back unless the new
    one is in place, and nothing of csip's is left beside it."""
    out = tmp_path / "site"
    write_site(out, {"index.html": "<p>old</p>\n"})
    rename = Path.rename
    calls: list[Path] = []

    def stopped(self: Path, target: Path) -> Path:
        moved = rename(self, target)
        calls.append(self)
        if len(calls) == stopped_after:
            raise KeyboardInterrupt
        return moved

    monkeypatch.setattr(Path, "rename", stopped)
    with pytest.raises(KeyboardInterrupt):
        write_site(out, {"index.html": "<p>new</p>\n"})
    monkeypatch.undo()
    assert (out / "index.html").read_text(encoding="utf-8") == index
    assert sorted(path.name for path in tmp_path.iterdir()) == ["site"]
