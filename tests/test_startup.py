"""`csip --help` and `csip --version` answer at once: no jinja2, no openpyxl, no plan model."""

from __future__ import annotations

import subprocess
import sys

import pytest

PROBE = """
import sys
from csip.cli import main
sys.argv = ["csip", *{args!r}]
try:
    main()
except SystemExit:
    pass
heavy_modules = ("jinja2", "openpyxl", "csip.model.files", "csip.plan_folder")
heavy = sorted(name for name in heavy_modules if name in sys.modules)
print("HEAVY:", ",".join(heavy))
"""


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["--version"],
        ["validate", "--help"],
        ["exception-report", "--help"],
        ["import", "--help"],
    ],
)
def test_startup_imports_neither_jinja2_nor_the_model(args: list[str]) -> None:
    result = subprocess.run(
        [sys.executable, "-c", PROBE.format(args=args)],
        capture_output=True,
        text=True,
        check=True,
    )
    heavy = result.stdout.strip().splitlines()[-1]
    assert heavy.startswith("HEAVY:")
    assert heavy == "HEAVY:"
