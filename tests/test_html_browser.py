"""The HTML reports in a real browser: headless Chromium loads them with no console error, shows
text from the plan as text (never as markup or script), and prints them on A4.

Skipped, with the reason, where Chromium is not installed (Debian: ``apt-get install chromium``).
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import pypdf
import pytest
from conftest import PlanWriter
from report_calls import monitoring_report, recommendations_report

from csip.plan_folder import load_plan
from csip.reports import render_report

pytestmark = pytest.mark.browser

MADE = dt.datetime(2026, 11, 25, tzinfo=dt.UTC)
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")

HOSTILE = """\
priority: 1
title: Leadership <em>and</em> Governance
actions:
  - id: "1.1.1"
    action: <script>alert(1)</script>
    lead: DCS
    agencies: [Health]
    due: 2016-12
    recommendations: ["1"]
    updates:
      - date: 2017-01-10
        status: in-progress
        note: <img src=x onerror="alert(2)"> still waiting & "quoted"
        due: 2017-03
  - id: "1.1.2"
    action: Done on time.
    lead: DCS
    due: 2017-01
    recommendations: ["1"]
    updates:
      - {date: 2017-01-20, status: complete, evidence: [minutes]}
"""

RECOMMENDATIONS = """\
source: An <em>inspection</em>
recommendations:
  - {id: "1", text: "<script>alert(3)</script> Improve practice."}
"""


def browser() -> str:
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    pytest.skip(f"chromium not installed: none of {', '.join(BROWSERS)} is on PATH")


def run(binary: str, profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Chromium, headless, offline and quiet apart from the page's console messages."""
    command = [
        binary,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
        "--host-resolver-rules=MAP * ~NOTFOUND",
        f"--user-data-dir={profile}",
        "--enable-logging=stderr",
        "--v=0",
        *args,
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=180, check=False)


def console_messages(stderr: str) -> list[str]:
    """The page's console messages (errors and warnings among them) that Chromium logged."""
    return [line for line in stderr.splitlines() if ":CONSOLE" in line]


@pytest.fixture
def pages(write_plan: PlanWriter, tmp_path: Path) -> dict[str, Path]:
    directory = write_plan({"01-leadership.yaml": HOSTILE, "recommendations.yaml": RECOMMENDATIONS})
    loaded = load_plan(directory, dt.date(2026, 11, 25))
    assert loaded.plan is not None, [problem.text() for problem in loaded.problems]
    plan = loaded.plan
    texts = {
        "exception": render_report("exception-report", plan, "html", month="2017-01", made=MADE),
        "progress": render_report("progress-report", plan, "html", month="2017-01", made=MADE),
        "monitoring": monitoring_report(plan, "2016-12", "2017-01", "html", made=MADE),
        "recommendations": recommendations_report(plan, dt.date(2017, 1, 31), "html", made=MADE),
    }
    written = {}
    for name, text in texts.items():
        path = tmp_path / f"{name}.html"
        path.write_text(text, encoding="utf-8")
        written[name] = path
    return written


def test_the_console_check_sees_errors(tmp_path: Path) -> None:
    """The check below would notice a console error: a page that logs one is caught."""
    binary = browser()
    page = tmp_path / "noisy.html"
    page.write_text(
        '<!doctype html><html lang="en"><title>t</title><script>console.error("csip-probe")'
        "</script></html>",
        encoding="utf-8",
    )
    result = run(binary, tmp_path / "profile", "--dump-dom", page.as_uri())
    assert result.returncode == 0, result.stderr
    assert any("csip-probe" in line for line in console_messages(result.stderr))


@pytest.mark.parametrize("report", ["exception", "progress", "monitoring", "recommendations"])
def test_report_loads_without_console_errors_and_escapes_text(
    pages: dict[str, Path], tmp_path: Path, report: str
) -> None:
    binary = browser()
    result = run(binary, tmp_path / "profile", "--dump-dom", pages[report].as_uri())
    assert result.returncode == 0, result.stderr
    assert console_messages(result.stderr) == []
    dom = result.stdout
    assert "<main>" in dom
    # The plan's text is shown as text: escaped in the DOM, and no element was made from it.
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in dom
    assert "<script" not in dom.lower()
    assert "<em>" not in dom
    if report != "recommendations":
        assert "&lt;em&gt;and&lt;/em&gt;" in dom
    if report in ("exception", "monitoring", "recommendations"):
        assert "<img" not in dom.lower()
        assert '&lt;img src=x onerror="alert(2)"&gt; still waiting &amp; "quoted"' in dom
    if report == "recommendations":
        assert "&lt;script&gt;alert(3)&lt;/script&gt; Improve practice." in dom
        assert "An &lt;em&gt;inspection&lt;/em&gt;" in dom
    if report in ("progress", "monitoring"):
        assert dom.count('role="img"') == 1  # the pace chart
    if report == "exception":
        assert "<img" not in dom.lower()
        assert '&lt;img src=x onerror="alert(2)"&gt; still waiting &amp; "quoted"' in dom
        assert dom.count('role="img"') == 2


def test_exception_report_screenshot_and_a4_print(pages: dict[str, Path], tmp_path: Path) -> None:
    binary = browser()
    shot = tmp_path / "report.png"
    result = run(
        binary,
        tmp_path / "profile",
        "--window-size=1200,3000",
        f"--screenshot={shot}",
        pages["exception"].as_uri(),
    )
    assert result.returncode == 0, result.stderr
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    pdf = tmp_path / "report.pdf"
    result = run(
        binary,
        tmp_path / "profile",
        "--no-pdf-header-footer",
        f"--print-to-pdf={pdf}",
        pages["exception"].as_uri(),
    )
    assert result.returncode == 0, result.stderr
    assert pdf.read_bytes()[:5] == b"%PDF-"
    pdfinfo = shutil.which("pdfinfo")
    if pdfinfo is not None:
        info = subprocess.run([pdfinfo, str(pdf)], capture_output=True, text=True, check=True)
        assert "(A4)" in info.stdout
    # The paper's title and "Page N of M" on every printed page (CSS page margin boxes).
    reader = pypdf.PdfReader(pdf)
    for number, printed in enumerate(reader.pages, start=1):
        text = printed.extract_text()
        assert "Children's Services Improvement Plan Exception Report" in text
        assert f"Page {number} of {len(reader.pages)}" in text
