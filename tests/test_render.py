"""Renderers: plan text is inert in Markdown, and a council's template cannot escape or hang."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import PlanWriter
from typer.testing import CliRunner

from csip.cli import app
from csip.render import templates
from csip.render.markdown import code, escape

PRIORITY = """\
priority: 1
title: Leadership and Governance
short_title: "P\\n\\n<!--"
actions:
  - id: "1.1.1"
    action: "Agree the plan <img src=x onerror=alert(1)> [link](javascript:alert(1))"
    lead: DCS
    due: 2016-06
    updates:
      - date: 2016-06-01
        status: in-progress
        note: "# Not a heading\\n\\n- not a list\\n`unclosed code"
"""


@pytest.mark.parametrize(
    ("text", "markdown"),
    [
        ("plain words, 10.2.5 and HOS C&R", "plain words, 10.2.5 and HOS C&R"),
        ("<!-- hidden", "&lt;!-- hidden"),
        ("a *b* _c_ `d` [e](f) | g ~h~", "a \\*b\\* \\_c\\_ \\`d\\` \\[e\\](f) \\| g \\~h\\~"),
        ("&amp; and &#60; stay as written", "&amp;amp; and &amp;#60; stay as written"),
        ("# heading", "\\# heading"),
        ("- item", "\\- item"),
        ("1. item", "1\\. item"),
        ("> quote", "\\> quote"),
        ("two\n\nparagraphs\r\nand a\x1b[2J bell", "two paragraphs and a \\[2J bell"),
    ],
)
def test_plain_text_is_escaped_for_markdown(text: str, markdown: str) -> None:
    assert escape(text) == markdown


def test_a_code_span_is_fenced_longer_than_any_backtick_run_inside() -> None:
    assert code("plan") == "`plan`"
    assert code("my `odd` plan") == "``my `odd` plan``"
    assert code("`x") == "`` `x ``"


def test_a_short_title_cannot_hide_the_rest_of_the_report(
    write_plan: PlanWriter, runner: CliRunner
) -> None:
    write_plan({"01-leadership.yaml": PRIORITY})
    result = runner.invoke(app, ["exception-report", "--month", "2016-06"])
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    assert "<!--" not in text and "<img" not in text
    assert "\n# Not a heading" not in text and "**1.1.1** \N{EN DASH} \\# Not a heading" in text
    # A line that begins "- " is a list item (spec section 12), its text escaped.
    assert "\n- not a list \\`unclosed code\n" in text
    assert "Priority 1 \N{EN DASH} P &lt;!--" in text
    assert "## Appendix 1" in text.split("&lt;!--", 1)[1]
    assert "\\[link\\](javascript:alert(1))" in text


def council_template(tmp_path: Path, text: str) -> Path:
    folder = tmp_path / "council"
    folder.mkdir()
    (folder / "exception-report.md.j2").write_text(text, encoding="utf-8")
    return folder


def run_with(runner: CliRunner, folder: Path, output: Path) -> tuple[int, str, str]:
    args = ["exception-report", "--month", "2016-06", "--templates", str(folder)]
    result = runner.invoke(app, [*args, "--output", str(output)])
    return result.exit_code, result.stdout, result.stderr


LINUX_ONLY = pytest.mark.skipif(
    not Path("/proc/self/statm").exists(), reason="the memory limit needs /proc (Linux)"
)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
            "csip: error: template exception-report.md.j2: access to attribute '__init__' of "
            "'type' object is unsafe.\n",
        ),
        (
            "{% macro again() %}{{ again() }}{% endmacro %}{{ again() }}",
            "csip: error: template exception-report.md.j2: the template calls itself without end\n",
        ),
        (
            "{{ 1 // 0 }}",
            "csip: error: template exception-report.md.j2: integer division or modulo by zero\n",
        ),
        ("{{ totals.reds }}", None),
        (
            "{{ 'x' * 1000000000 }}",
            "csip: error: template exception-report.md.j2: a '*' that would make over 50 MB of "
            "text\n",
        ),
        (
            "{{ (['x' * 50000000] * 40) | join | length }}",
            "csip: error: template exception-report.md.j2: a '*' that would make over 50 MB of "
            "text\n",
        ),
        pytest.param(
            "{{ 'x' | center(3000000000) | length }}",
            "csip: error: template exception-report.md.j2: the template needs over 1 GB of "
            "memory\n",
            marks=LINUX_ONLY,
        ),
        pytest.param(
            "{{ ('%03000000000d' % 1) | length }}",
            "csip: error: template exception-report.md.j2: the template needs over 1 GB of "
            "memory\n",
            marks=LINUX_ONLY,
        ),
        (
            "{% set n = 99999999 %}{{ 9 ** n }}",
            "csip: error: template exception-report.md.j2: a '**' that makes too large a number\n",
        ),
    ],
)
def test_a_failing_council_template_is_one_line_and_writes_nothing(
    write_plan: PlanWriter, runner: CliRunner, tmp_path: Path, text: str, message: str | None
) -> None:
    write_plan({"01-leadership.yaml": PRIORITY})
    output = tmp_path / "report.md"
    code_, stdout, stderr = run_with(runner, council_template(tmp_path, text), output)
    assert (code_, stdout) == (1, "")
    assert stderr.count("\n") == 1 and stderr.startswith("csip: error: template ")
    if message is not None:
        assert stderr == message
    assert not output.exists()
    assert list(tmp_path.glob(".report.md*")) == []


def test_a_template_that_loops_without_printing_is_stopped(
    write_plan: PlanWriter, runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(templates, "MAX_SECONDS", 1)
    write_plan({"01-leadership.yaml": PRIORITY})
    loop = "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"
    code_, _, stderr = run_with(runner, council_template(tmp_path, loop), tmp_path / "r.md")
    assert (code_, stderr) == (
        1,
        "csip: error: template exception-report.md.j2: the template ran for over 1 second\n",
    )


def test_a_template_that_writes_without_end_is_stopped(
    write_plan: PlanWriter, runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(templates, "MAX_OUTPUT", 2**20)
    write_plan({"01-leadership.yaml": PRIORITY})
    flood = "{% for i in range(100000) %}{{ 'x' * 1000 }}{% endfor %}"
    code_, _, stderr = run_with(runner, council_template(tmp_path, flood), tmp_path / "r.md")
    assert (code_, stderr) == (
        1,
        "csip: error: template exception-report.md.j2: the output is over 1 MB\n",
    )


HOSTILE_TERMINAL = """\
priority: 1
title: "Leadership\\x1b]0;pwned\\x07"
short_title: "Lead\\x1b[2J"
actions:
  - id: "1.1.1"
    action: "Agree\\x1b[31m the plan\\u202e"
    lead: DCS
    due: 2016-06
    updates:
      - date: 2016-06-01
        status: in-progress
        note: "Line one\\nline two\\x1b[H"
        evidence: ["minutes\\x1b[K"]
"""


@pytest.mark.parametrize(
    "args",
    [
        ["status", "--month", "2016-06"],
        ["actions", "--month", "2016-06"],
        ["show", "1.1.1", "--month", "2016-06"],
        ["changes", "--since", "2016-05-01", "--month", "2016-06"],
    ],
)
def test_plan_text_never_reaches_the_terminal_as_control_characters(
    write_plan: PlanWriter, runner: CliRunner, args: list[str]
) -> None:
    write_plan({"01-leadership.yaml": HOSTILE_TERMINAL})
    result = runner.invoke(app, args, env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.stderr
    assert "\x1b" not in result.stdout and "\u202e" not in result.stdout
    assert "\\x1b" in result.stdout


def test_a_note_reads_as_its_paragraph_in_show(write_plan: PlanWriter, runner: CliRunner) -> None:
    """A line break within a paragraph is a space (spec section 12), as every report has it;
    the control character stays visible, never acted on."""
    write_plan({"01-leadership.yaml": HOSTILE_TERMINAL})
    result = runner.invoke(app, ["show", "1.1.1", "--month", "2016-06"], env={"COLUMNS": "200"})
    assert "Line one line two\\x1b[H" in result.stdout


def test_a_pdf_made_at_any_moment_renders(write_plan: PlanWriter, runner: CliRunner) -> None:
    """The clock has microseconds; a PDF's timestamp may not, and that is csip's to handle."""
    import datetime as dt

    from csip.plan_folder import load_plan
    from csip.reports import render_report

    directory = write_plan({"01-leadership.yaml": PRIORITY})
    loaded = load_plan(directory, dt.date(2026, 11, 25))
    assert loaded.plan is not None
    made = dt.datetime(2026, 11, 25, 9, 30, 15, 123456, tzinfo=dt.UTC)
    pdf = render_report("exception-report", loaded.plan, "pdf", month="2016-06", made=made)
    assert pdf.startswith(b"%PDF")
