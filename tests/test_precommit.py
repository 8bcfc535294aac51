"""The csip-validate pre-commit hook: its manifest, this repository's own config, and the hook run
for real by pre-commit against a council's plan repository.

The slow test builds the hook's environment as pre-commit does for a council (a virtualenv with
this checkout pip-installed from PyPI's packages), so it needs the network and takes a while.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import LEADERSHIP, PLAN_YAML, REPO

MANIFEST = REPO / ".pre-commit-hooks.yaml"
CONFIG = REPO / ".pre-commit-config.yaml"


def manifest_hook() -> dict[str, Any]:
    hooks = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    assert isinstance(hooks, list)
    return next(hook for hook in hooks if hook["id"] == "csip-validate")


def config_repos() -> list[dict[str, Any]]:
    config = yaml.safe_load(CONFIG.read_text(encoding="utf-8"))
    assert isinstance(config, dict)
    repos: list[dict[str, Any]] = config["repos"]
    return repos


def pre_commit(*args: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_hook_checks_the_whole_plan_with_csip_validate() -> None:
    hook = manifest_hook()

    assert hook["language"] == "python"
    assert hook["entry"] == "csip validate"
    assert hook["pass_filenames"] is False
    assert hook["args"] == ["--plan", "plan"]


@pytest.mark.parametrize(
    ("path", "runs"),
    [
        ("plan/plan.yaml", True),
        ("plan/06-care-leavers.yaml", True),
        ("plan/funding.yml", True),
        ("plan/README.md", False),
        ("docs/plan.yaml", False),
        ("plans/plan.yaml", False),
        ("src/plan/plan.yaml", False),
    ],
)
def test_the_hook_runs_when_a_plan_file_changes(path: str, runs: bool) -> None:
    # pre-commit matches `files` with re.search against the path from the repository root.
    assert bool(re.search(manifest_hook()["files"], path)) is runs


def test_this_repository_runs_the_same_hook_on_its_reference_plan() -> None:
    hook = manifest_hook()
    local = next(repo for repo in config_repos() if repo["repo"] == "local")
    mirror = next(item for item in local["hooks"] if item["id"] == hook["id"])

    for key in ("name", "files", "args", "pass_filenames"):
        assert mirror[key] == hook[key], key
    assert mirror["entry"].endswith(hook["entry"])


def test_ruff_is_pinned_to_a_release() -> None:
    ruff = next(repo for repo in config_repos() if "ruff-pre-commit" in repo["repo"])

    assert ruff["repo"] == "https://github.com/astral-sh/ruff-pre-commit"
    assert re.fullmatch(r"v[0-9]+\.[0-9]+\.[0-9]+", ruff["rev"])
    assert {hook["id"] for hook in ruff["hooks"]} == {"ruff-check", "ruff-format"}


def test_pre_commit_accepts_the_manifest_and_the_config(tmp_path: Path) -> None:
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit")}

    for command, path in (("validate-manifest", MANIFEST), ("validate-config", CONFIG)):
        result = pre_commit(command, str(path), cwd=REPO, env=env)
        assert result.returncode == 0, result.stdout + result.stderr


def git(repository: Path, *args: str) -> str:
    result = subprocess.run(
        ["git", "-C", str(repository), *args],
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


def snapshot(checkout: Path, target: Path) -> Path:
    """A repository whose one commit holds this checkout's files as they are now.

    try-repo takes a repository's commits and its changes to tracked files, never files not yet
    added; the snapshot lets it install the checkout as it stands, new files included.
    """
    listed = git(checkout, "ls-files", "-z", "--cached", "--others", "--exclude-standard")
    for name in filter(None, listed.split("\0")):
        source = checkout / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    commit_all(target, "Snapshot of the csip checkout")
    return target


def commit_all(repository: Path, message: str) -> None:
    if not (repository / ".git").exists():
        git(repository, "init", "--quiet")
        git(repository, "config", "user.name", "csip tests")
        git(repository, "config", "user.email", "csip-tests@example.invalid")
        git(repository, "config", "commit.gpgsign", "false")
    git(repository, "add", "--all")
    git(repository, "commit", "--quiet", "--message", message)


@pytest.mark.slow
def test_try_repo_fails_on_a_broken_plan_and_passes_once_fixed(tmp_path: Path) -> None:
    if shutil.which("git") is None or not (REPO / ".git").exists():
        pytest.skip("needs git and a git checkout of csip")
    hook_repository = snapshot(REPO, tmp_path / "csip")
    council = tmp_path / "council"
    plan = council / "plan"
    plan.mkdir(parents=True)
    (plan / "plan.yaml").write_text(PLAN_YAML, encoding="utf-8")
    (plan / "01-leadership.yaml").write_text(LEADERSHIP, encoding="utf-8")
    commit_all(council, "The plan")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home")}

    def try_repo() -> subprocess.CompletedProcess[str]:
        return pre_commit(
            "try-repo",
            str(hook_repository),
            "csip-validate",
            "--all-files",
            "--color",
            "never",
            cwd=council,
            env=env,
        )

    broken = LEADERSHIP.replace("    due: 2016-06\n", "    deu: 2016-06\n")
    (plan / "01-leadership.yaml").write_text(broken, encoding="utf-8")
    commit_all(council, "A typo")
    line = broken.splitlines().index("    deu: 2016-06") + 1

    failed = try_repo()

    output = failed.stdout + failed.stderr
    assert failed.returncode == 1, output
    assert re.search(rf"^plan/01-leadership\.yaml:{line}:5: error: .*deu", output, re.MULTILINE)

    (plan / "01-leadership.yaml").write_text(LEADERSHIP, encoding="utf-8")
    commit_all(council, "Fix the typo")

    fixed = try_repo()

    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    assert re.search(r"^csip validate\.+Passed$", fixed.stdout, re.MULTILINE)
