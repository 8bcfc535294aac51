"""csip build: every report for a month as one folder, and the workflow that builds it in CI.

The site must stand alone (every link in every page resolves to a file in the folder) and be
written whole or not at all: a failure leaves an existing folder exactly as it was.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml
from conftest import PLAN_YAML, REFERENCE_PLAN, REPO, PlanWriter
from typer.testing import CliRunner

from csip.cli import app

WORKFLOW = REPO / ".github" / "workflows" / "reports.yml"
REAL_ACTIONS = {"actions/checkout@v4", "actions/setup-python@v5", "actions/upload-artifact@v4"}

PRIORITY = """\
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
        note: Agreed.
        evidence: [Board minutes, 20 June 2016]
  - id: "1.1.2"
    action: Appoint a permanent Director of Children's Services.
    lead: DCS
    start: 2016-06
    due: 2016-07
    updates:
      - date: 2016-06-30
        status: in-progress
        note: Interviews in July.
"""

FUNDING = """\
lines:
  - name: Phase One
    actions: ["1.1.2"]
    years:
      2016/17: {budget: 731, spend: 731}
"""


class Links(HTMLParser):
    """The links (href, src) and the element ids of one HTML page."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src") and value is not None:
                self.links.append(value)
            elif name == "id" and value is not None:
                self.ids.add(value)


def page_links(page: Path) -> Links:
    parser = Links()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def files_in(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def build(runner: CliRunner, plan: Path, out: Path, *extra: str) -> tuple[int, str, str]:
    result = runner.invoke(
        app,
        ["build", "--plan", str(plan), "--month", "2016-07", "--out", str(out), *extra],
        catch_exceptions=False,
    )
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def small_plan(write_plan: PlanWriter) -> Path:
    return write_plan({"01-leadership.yaml": PRIORITY, "funding.yaml": FUNDING})


@pytest.mark.parametrize("which", ["reference", "small"])
def test_every_link_of_every_page_resolves_in_the_folder(
    runner: CliRunner, small_plan: Path, tmp_path: Path, which: str
) -> None:
    plan, month = (REFERENCE_PLAN, "2017-01") if which == "reference" else (small_plan, "2016-07")
    out = tmp_path / "site"

    result = runner.invoke(
        app,
        ["build", "--plan", str(plan), "--month", month, "--out", str(out)],
        catch_exceptions=False,
    )

    assert result.exit_code == 0, result.stderr
    written = set(files_in(out))
    pages = sorted(out.rglob("*.html"))
    assert out / "index.html" in pages
    for page in pages:
        parsed = page_links(page)
        for link in parsed.links:
            parts = urlsplit(link)
            assert not parts.scheme and not parts.netloc, f"{page.name}: {link} leaves the folder"
            if not parts.path:
                assert parts.fragment in parsed.ids, f"{page.name}: no #{parts.fragment}"
                continue
            target = (page.parent / unquote(parts.path)).resolve()
            assert target.is_file(), f"{page.relative_to(out)}: {link} is not in the folder"
            assert target.is_relative_to(out.resolve())
    # The index links every file of the folder but itself and the marker.
    linked = {unquote(link) for link in page_links(out / "index.html").links}
    assert linked == written - {"index.html", ".csip-build"}
    # One folder a month, from the plan's start to the month built.
    folders = {path.split("/")[0] for path in written if "/" in path}
    assert (min(folders), max(folders)) == ("2016-05", month)
    assert {f"{month}/exception-report.json", f"{month}/progress-report.html"} <= written
    assert {"funding.html", "funding.md", "funding.json", "status.json"} <= written


def test_status_json_is_what_csip_status_gives(
    runner: CliRunner, small_plan: Path, tmp_path: Path
) -> None:
    out = tmp_path / "site"
    assert build(runner, small_plan, out)[0] == 0

    status = runner.invoke(
        app,
        ["status", "--plan", str(small_plan), "--month", "2016-07", "--format", "json"],
        catch_exceptions=False,
    )

    assert status.exit_code == 0, status.stderr
    built = json.loads((out / "status.json").read_text(encoding="utf-8"))
    assert built == json.loads(status.stdout)
    assert built["as_of"] == "2016-07-31"
    assert built["rag"]["red"] == 1
    assert built["overdue"][0]["id"] == "1.1.2"


def test_a_plan_without_funding_has_no_funding_report(
    runner: CliRunner, write_plan: PlanWriter, tmp_path: Path
) -> None:
    plan = write_plan({"01-leadership.yaml": PRIORITY})
    out = tmp_path / "site"

    assert build(runner, plan, out)[0] == 0

    assert not list(out.glob("funding.*"))
    assert "funding" not in (out / "index.html").read_text(encoding="utf-8").lower()


def test_a_broken_council_template_leaves_the_folder_as_it_was(
    runner: CliRunner, small_plan: Path, tmp_path: Path
) -> None:
    out = tmp_path / "site"
    assert build(runner, small_plan, out)[0] == 0
    before = files_in(out)
    templates = tmp_path / "council-templates"
    templates.mkdir()
    # Rendered after the exception reports: the build fails part of the way through.
    (templates / "progress-report.html.j2").write_text("{% if %}", encoding="utf-8")

    code, stdout, stderr = build(runner, small_plan, out, "--templates", str(templates))

    assert code == 1
    assert "progress-report.html.j2:1" in stderr
    assert "Traceback" not in stderr + stdout
    assert files_in(out) == before
    assert sorted(path.name for path in tmp_path.iterdir()) == ["council-templates", "plan", "site"]


def test_a_failure_while_writing_leaves_the_folder_as_it_was(
    runner: CliRunner, small_plan: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "site"
    assert build(runner, small_plan, out)[0] == 0
    before = files_in(out)
    real_write = Path.write_bytes
    written: list[Path] = []

    def fail_on_the_fifth(path: Path, data: bytes) -> int:
        written.append(path)
        if len(written) == 5:
            raise OSError(28, "No space left on device")
        return real_write(path, data)

    monkeypatch.setattr(Path, "write_bytes", fail_on_the_fifth)
    code, _, stderr = build(runner, small_plan, out)

    assert code == 1
    assert "No space left on device" in stderr
    assert files_in(out) == before
    assert sorted(path.name for path in tmp_path.iterdir()) == ["plan", "site"]


def test_a_rebuild_replaces_the_folder_whole(
    runner: CliRunner, small_plan: Path, tmp_path: Path
) -> None:
    out = tmp_path / "site"
    assert build(runner, small_plan, out)[0] == 0
    assert (out / "2016-07").is_dir()

    result = runner.invoke(
        app,
        ["build", "--plan", str(small_plan), "--month", "2016-06", "--out", str(out)],
        catch_exceptions=False,
    )

    assert result.exit_code == 0, result.stderr
    assert not (out / "2016-07").exists()
    assert (out / "2016-06" / "exception-report.html").is_file()


def test_a_folder_csip_did_not_make_is_never_replaced(
    runner: CliRunner, small_plan: Path, tmp_path: Path
) -> None:
    out = tmp_path / "documents"
    out.mkdir()
    (out / "minutes.docx").write_bytes(b"keep me")

    code, _, stderr = build(runner, small_plan, out)

    assert code == 1
    assert "did not make" in stderr
    assert files_in(out) == {"minutes.docx": b"keep me"}


def test_a_month_before_the_plan_starts_is_a_usage_error(
    runner: CliRunner, small_plan: Path, tmp_path: Path
) -> None:
    result = runner.invoke(
        app,
        ["build", "--plan", str(small_plan), "--month", "2016-01", "--out", str(tmp_path / "s")],
        catch_exceptions=False,
    )

    assert result.exit_code == 2
    assert not (tmp_path / "s").exists()


def test_a_month_that_has_not_begun_is_a_usage_error(
    runner: CliRunner, small_plan: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A site holds every month up to the one asked for: one decades ahead was thousands of
    reports of nothing, minutes and gigabytes."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1485907200")  # 1 February 2017
    args = ["build", "--plan", str(small_plan), "--out", str(tmp_path / "s")]
    result = runner.invoke(app, [*args, "--month", "2017-03"], catch_exceptions=False)
    assert (result.exit_code, result.stderr) == (
        2,
        "csip: error: --month 2017-03 is after this month (2017-02): a build reports the "
        "months that have begun\n",
    )
    assert not (tmp_path / "s").exists()
    assert runner.invoke(app, [*args, "--month", "2017-02"]).exit_code == 0


def test_help_ends_with_an_example(runner: CliRunner) -> None:
    result = runner.invoke(app, ["build", "--help"], catch_exceptions=False)

    assert "Example: csip build" in result.stdout


# --- the CI workflow --------------------------------------------------------------------------


def workflow_steps() -> list[dict[str, object]]:
    document = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    assert isinstance(document, dict)
    # YAML 1.1 reads the key "on" as true.
    triggers = document.get("on", document.get(True))
    assert isinstance(triggers, dict)
    assert "push" in triggers
    steps: list[dict[str, object]] = []
    for job in document["jobs"].values():
        steps.extend(job["steps"])
    return steps


def csip_commands(runner: CliRunner) -> set[str]:
    """The commands ``csip --help`` lists."""
    text = runner.invoke(app, ["--help"], catch_exceptions=False).stdout
    listing = text.split("Commands:", 1)[1]
    return set(re.findall(r"^  ([a-z][a-z-]*)\s", listing, flags=re.MULTILINE))


def test_the_workflow_uses_real_actions_and_csip_commands_that_exist(runner: CliRunner) -> None:
    steps = workflow_steps()
    commands = csip_commands(runner)
    assert {"validate", "build", "funding"} <= commands

    uses = {str(step["uses"]) for step in steps if "uses" in step}
    assert uses <= REAL_ACTIONS
    named = []
    for step in steps:
        for line in str(step.get("run", "")).splitlines():
            words = shlex.split(line)
            for index, word in enumerate(words[:-1]):
                if word == "csip":
                    named.append(words[index + 1])
    assert named == ["validate", "build"]
    assert set(named) <= commands


def test_the_workflow_is_valid_for_github_actions() -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "check_jsonschema",
            "--builtin-schema",
            "vendor.github-workflows",
            str(WORKFLOW),
        ],
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0, result.stdout + result.stderr


def test_the_workflow_validates_with_annotations_and_uploads_what_it_builds() -> None:
    steps = workflow_steps()
    runs = [str(step["run"]) for step in steps if "run" in step]
    assert any("csip validate" in run and "--format github" in run for run in runs)
    build_run = next(run for run in runs if "csip build" in run)
    out = shlex.split(build_run)[shlex.split(build_run).index("--out") + 1]
    upload = next(step for step in steps if str(step.get("uses", "")).startswith("actions/upload"))
    assert isinstance(upload["with"], dict)
    assert upload["with"]["path"] == out


def test_the_workflow_commands_run_on_a_plan(tmp_path: Path) -> None:
    """Run the workflow's csip steps as CI would, with its env, through the installed script."""
    script = Path(sys.executable).parent / "csip"
    if not script.is_file():
        pytest.skip("the csip script is not installed next to this Python")
    document = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    plan = tmp_path / document["env"]["CSIP_PLAN"]
    plan.mkdir()
    files = {"plan.yaml": PLAN_YAML, "01-leadership.yaml": PRIORITY, "funding.yaml": FUNDING}
    for name, text in files.items():
        (plan / name).write_text(text, encoding="utf-8")
    environment = {
        **os.environ,
        **document["env"],
        "PATH": f"{script.parent}{os.pathsep}{os.environ['PATH']}",
        "GITHUB_ACTIONS": "true",
    }
    for step in workflow_steps():
        run = str(step.get("run", ""))
        if not run.startswith("csip "):
            continue
        result = subprocess.run(
            ["bash", "-e", "-c", run],
            cwd=tmp_path,
            env=environment,
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, f"{run}\n{result.stdout}\n{result.stderr}"
    # No --month in CI: the last complete month before today (the tests' today is 25 Nov 2026).
    reports = tmp_path / "build" / "reports"
    assert (reports / "index.html").is_file()
    assert (reports / "2026-10" / "exception-report.html").is_file()
    assert not (reports / "2026-11").exists()
