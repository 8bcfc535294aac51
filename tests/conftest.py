"""Shared fixtures: plans written into temporary directories, and the CLI runner."""

from __future__ import annotations

import datetime as dt
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

TODAY = dt.date(2026, 11, 25)
# 2026-11-25 00:00:00 UTC: fixes "today" and every report's "made on" date in the tests.
SOURCE_DATE_EPOCH = "1795564800"
REPO = Path(__file__).resolve().parent.parent
REFERENCE_PLAN = REPO / "plan"

PLAN_YAML = """\
title: Test plan
organisation: Test Council
starts: 2016-05
roles:
  DCS: Director of Children's Services
  "HOS C&R": Head of Service, Care and Resources
agencies:
  Health: Health partners
  Police:
"""

PlanWriter = Callable[..., Path]


LEADERSHIP = """\
priority: 1
title: Leadership and Governance
actions:
  - id: "1.1.1"
    action: Agree the improvement plan with the board.
    lead: DCS
    due: 2016-06
    updates:
      - date: 2016-06-20
        status: complete
        evidence: [Board minutes, 20 June 2016]
"""
"""One priority file of one complete, evidenced action: the smallest valid plan's priority."""


PRIORITY_6 = """\
priority: 6
title: Supporting Care Leavers
actions:
  - id: "6.1.1"
    action: Recruit an Independent Reviewing Officer for care leavers.
    lead: DCS
    due: 2016-10
    updates:
      - date: 2016-11-30
        status: in-progress
"""
"""One valid action (lines 4-10) of priority 6, so that a case changes only what it is about."""


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)


@pytest.fixture(autouse=True)
def own_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test starts with an empty cache of its own, never the user's."""
    directory = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("CSIP_CACHE_DIR", str(directory))
    return directory


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def write_plan(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> PlanWriter:
    """Write ``plan/`` under a temporary working directory: file name → YAML text (dedented).

    plan.yaml gets a standard header unless given; a name may hold a folder
    (``meetings/2017-02-07.yaml``). Returns the plan directory; the working directory is its
    parent, so problems print as ``plan/NAME:LINE:COL``.
    """

    def write(files: dict[str, str | bytes] | None = None, *, header: bool = True) -> Path:
        monkeypatch.chdir(tmp_path)
        directory = Path("plan")
        directory.mkdir(exist_ok=True)
        contents: dict[str, str | bytes] = {"plan.yaml": PLAN_YAML} if header else {}
        contents.update(files or {})
        for name, text in contents.items():
            target = directory / name
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(text, bytes):
                target.write_bytes(text)
            else:
                target.write_text(textwrap.dedent(text), encoding="utf-8")
        return directory

    return write


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="Rewrite the golden report files from the current output (review the diff by eye).",
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))
