"""The installed ``csip`` command, run as a user runs it: a separate process, real exit status."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import PLAN_YAML, SOURCE_DATE_EPOCH

CSIP = Path(sys.executable).parent / "csip"

CARE_LEAVERS = """\
priority: 6
title: Supporting Care Leavers
actions:
  - id: "6.1.1"
    action: Recruit an Independent Reviewing Officer for care leavers.
    lead: [DCS, "HOS C&R"]
    due: 2016-10
    updates:
      - date: 2016-11-30
        status: complete
        evidence: [IRO job description]
"""

pytestmark = pytest.mark.skipif(not CSIP.exists(), reason=f"csip is not installed at {CSIP}")


def _csip(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH}
    env.pop("NO_COLOR", None)
    return subprocess.run(
        [str(CSIP), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=60
    )


def _plan(tmp_path: Path, care_leavers: str) -> None:
    directory = tmp_path / "plan"
    directory.mkdir()
    (directory / "plan.yaml").write_text(PLAN_YAML, encoding="utf-8")
    (directory / "06-care-leavers.yaml").write_text(care_leavers, encoding="utf-8")


def test_clean_plan(tmp_path: Path) -> None:
    _plan(tmp_path, CARE_LEAVERS)
    result = _csip(tmp_path, "validate")
    assert (result.returncode, result.stdout, result.stderr) == (
        0,
        "plan: 2 files, 1 priority, 1 action: no problems\n",
        "",
    )


def test_bad_plan(tmp_path: Path) -> None:
    _plan(
        tmp_path,
        CARE_LEAVERS.replace("due:", "deu:").replace("date: 2016-11-30", "date: 2017-02-30"),
    )
    result = _csip(tmp_path, "validate", "--plan", "plan")
    assert (result.returncode, result.stdout, result.stderr) == (
        1,
        "plan/06-care-leavers.yaml:4:5: error: missing required key 'due'\n"
        "plan/06-care-leavers.yaml:7:5: error: unknown key 'deu' (did you mean 'due'?)\n"
        "plan/06-care-leavers.yaml:9:15: error: '2017-02-30' is not a real date "
        "(day is out of range for month)\n"
        "plan: 2 files, 1 priority, 1 action: 3 errors, 0 warnings\n",
        "",
    )


def test_missing_plan_directory(tmp_path: Path) -> None:
    result = _csip(tmp_path, "validate", "--plan", "nowhere")
    assert (result.returncode, result.stdout, result.stderr) == (
        2,
        "",
        "csip: error: no plan directory at 'nowhere' (give the plan directory with --plan)\n",
    )


def test_binary_file_gives_no_traceback(tmp_path: Path) -> None:
    _plan(tmp_path, CARE_LEAVERS)
    (tmp_path / "plan" / "06-care-leavers.yaml").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\r")
    result = _csip(tmp_path, "validate")
    assert (result.returncode, result.stdout, result.stderr) == (
        1,
        "plan/06-care-leavers.yaml:1:1: error: not UTF-8 text: plan files are UTF-8 YAML\n"
        "plan: 2 files, 0 priorities, 0 actions: 1 error, 0 warnings\n",
        "",
    )


def test_python_dash_m_csip_runs_the_program_and_writes_its_output_whole(tmp_path: Path) -> None:
    """``python -m csip`` ends without freeing the run's objects: its output is flushed first,
    and its exit status is the command's."""
    _plan(tmp_path, CARE_LEAVERS)
    environment = {**os.environ, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH}
    command = [sys.executable, "-m", "csip", "status", "--plan", "plan", "--format", "json"]

    def run(month: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*command, "--month", month],
            cwd=tmp_path,
            env=environment,
            capture_output=True,
            text=True,
            timeout=60,
        )

    done = run("2017-01")
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.startswith('{\n  "as_of": "2017-01-31",') and done.stdout.endswith("}\n")
    failed = run("2017-13")
    assert failed.returncode == 2 and failed.stderr.startswith("csip: error:")


def test_a_pdf_asked_for_on_a_terminal_is_refused_before_it_is_typeset(tmp_path: Path) -> None:
    import pty

    _plan(tmp_path, CARE_LEAVERS)
    leader, follower = pty.openpty()
    try:
        done = subprocess.run(
            [str(CSIP), "exception-report", "--month", "2017-01", "--format", "pdf"],
            cwd=tmp_path,
            env={**os.environ, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH},
            stdout=follower,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
        )
    finally:
        os.close(follower)
        os.close(leader)
    assert (done.returncode, done.stderr) == (
        2,
        "csip: error: a PDF is not for the terminal: give --output FILE.pdf or redirect it\n",
    )


def test_a_json_report_printed_is_its_utf8_text_whole(tmp_path: Path) -> None:
    named = "care leavers \N{EN DASH} Bromley\N{RIGHT SINGLE QUOTATION MARK}s"
    overdue = CARE_LEAVERS.replace("status: complete", "status: in-progress")
    _plan(tmp_path, overdue.replace("for care leavers", f"for {named}"))
    done = _csip(tmp_path, "exception-report", "--month", "2017-01", "--format", "json")
    assert (done.returncode, done.stderr) == (0, "")
    assert f'"action": "Recruit an Independent Reviewing Officer for {named}."' in done.stdout
    assert json.loads(done.stdout)["totals"]["red"] == 1 and done.stdout.endswith("}\n")


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
def test_a_stream_that_cannot_spell_every_character_gets_a_question_mark(
    tmp_path: Path, encoding: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PYTHONIOENCODING", encoding)
    _plan(tmp_path, CARE_LEAVERS)
    result = _csip(tmp_path, "show", "6.1.1", "--as-of", "2016-12-31")
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.splitlines()[0] == "6.1.1  Priority 6 ? Supporting Care Leavers"


def test_columns_of_zero_is_as_if_unset(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _plan(tmp_path, CARE_LEAVERS)
    monkeypatch.setenv("COLUMNS", "0")
    zero = _csip(tmp_path, "status", "--as-of", "2016-12-31")
    monkeypatch.delenv("COLUMNS")
    unset = _csip(tmp_path, "status", "--as-of", "2016-12-31")
    assert (zero.returncode, zero.stderr) == (0, "")
    assert zero.stdout == unset.stdout != ""


def test_a_huge_columns_is_laid_out_at_the_widest_csip_allows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """rich pads every line of a table to the width: COLUMNS=99999999999 took gigabytes."""
    from csip.terminal import MAX_WIDTH

    _plan(tmp_path, CARE_LEAVERS)
    monkeypatch.setenv("COLUMNS", "99999999999")
    huge = _csip(tmp_path, "actions", "--as-of", "2016-12-31")
    monkeypatch.setenv("COLUMNS", str(MAX_WIDTH))
    widest = _csip(tmp_path, "actions", "--as-of", "2016-12-31")
    assert (huge.returncode, huge.stderr) == (0, "")
    assert huge.stdout == widest.stdout != ""
