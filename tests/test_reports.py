"""The exception report and the progress summary: golden files, figures, layout and the CLI.

Golden files live in ``tests/golden/``. A changed report fails its test; rewrite the files with
``pytest --update-golden`` and review the diff by eye before committing it.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import REPO, PlanWriter
from reference import DUE, DUE_LATER, RED, RED_BY_DUE_MONTH, RED_IDS, TABLE_1
from typer.testing import CliRunner

from csip.cli import app
from csip.model.domain import Plan
from csip.plan_folder import load_plan
from csip.reports import render_report
from csip.reports.common import bar_chart, made_label, meta
from csip.words import percent, share

GOLDEN = Path(__file__).resolve().parent / "golden"
MADE = dt.datetime(2026, 11, 25, tzinfo=dt.UTC)

PRIORITY_1 = """\
priority: 1
title: Leadership and Governance
actions:
  - id: "1.1.1"
    action: Agree the plan.
    lead: DCS
    due: 2016-06
    updates:
      - {date: 2016-06-20, status: complete, evidence: [minutes]}
  - id: "1.1.2"
    action: "Undertake a staff survey | pipes and <script>alert(1)</script>"
    lead: [DCS, "HOS C&R"]
    agencies: [Health]
    start: 2016-11
    due: 2017-01
    updates:
      - {date: 2016-12-10, status: in-progress, note: Survey being scheduled.}
      - {date: 2017-01-20, status: in-progress, due: 2017-04, note: "Survey moved <b>to</b> April."}
  - id: "1.2.1"
    action: Due after the period.
    lead: DCS
    due: 2017-03
    updates:
      - {date: 2016-06-01, status: in-progress}
"""

PRIORITY_2 = """\
priority: 2
title: Supporting Care Leavers
short_title: Care Leavers
actions:
  - id: "2.9.1"
    action: Review the 'Moving on' course.
    lead: "HOS C&R"
    due: 2016-09
    updates:
      - {date: 2016-10-01, status: in-progress, note: Started late.}
  - id: "2.10.1"
    action: >-
      Recruit an Independent Reviewing Officer
      for post 18 care leavers.
    lead: DCS
    agencies: [Health, Police]
    start: 2016-07
    due: 2016-12
    updates:
      - {date: 2016-08-01, status: not-started}
  - id: "2.10.2"
    action: Finish in January.
    lead: DCS
    due: 2017-01
    updates:
      - {date: 2017-01-15, status: complete, evidence: [report]}
  - id: "2.10.3"
    action: Withdrawn in January.
    lead: DCS
    due: 2016-12
    updates:
      - {date: 2017-01-05, status: withdrawn, note: No longer needed.}
  - id: "2.10.4"
    action: Completed in December, reopened in January.
    lead: DCS
    due: 2016-12
    updates:
      - {date: 2016-12-20, status: complete, evidence: [report]}
      - {date: 2017-01-10, status: in-progress, note: Reopened after audit.}
  - id: "2.11.1"
    action: Not planned to start yet.
    lead: DCS
    start: 2017-03
    due: 2017-06
"""

PRIORITY_3 = """\
priority: 3
title: Legal
actions: []
"""

SMALL_PLAN = {
    "01-leadership.yaml": PRIORITY_1,
    "02-care-leavers.yaml": PRIORITY_2,
    "03-legal.yaml": PRIORITY_3,
}


@pytest.fixture
def small_plan(write_plan: PlanWriter) -> Plan:
    directory = write_plan(SMALL_PLAN)
    loaded = load_plan(directory, dt.date(2026, 11, 25))
    assert loaded.plan is not None, [problem.text() for problem in loaded.problems]
    return loaded.plan


def reference_plan(monkeypatch: pytest.MonkeyPatch) -> Plan:
    """The reference plan as ``plan`` from the repository root; it must be valid."""
    monkeypatch.chdir(REPO)
    loaded = load_plan(Path("plan"), dt.date(2026, 11, 25))
    assert loaded.plan is not None, [p.text() for p in loaded.problems if p.level == "error"]
    return loaded.plan


def check_golden(name: str, rendered: str | bytes, update: bool) -> None:
    actual = rendered.decode("utf-8") if isinstance(rendered, bytes) else rendered
    path = GOLDEN / name
    if update:
        path.write_text(actual, encoding="utf-8", newline="\n")
        return
    assert path.is_file(), f"no golden file {path}: run pytest --update-golden and review it"
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, f"{name} differs from its golden file (pytest --update-golden)"


# ---------------------------------------------------------------- the small plan, pinned


def test_small_exception_markdown_golden(small_plan: Plan, update_golden: bool) -> None:
    text = render_report("exception-report", small_plan, "md", month="2017-01", made=MADE)
    check_golden("small-exception-report-2017-01.md", text, update_golden)


def test_small_exception_json_golden(small_plan: Plan, update_golden: bool) -> None:
    text = render_report("exception-report", small_plan, "json", month="2017-01", made=MADE)
    check_golden("small-exception-report-2017-01.json", text, update_golden)


def test_small_progress_markdown_golden(small_plan: Plan, update_golden: bool) -> None:
    text = render_report("progress-report", small_plan, "md", month="2017-01", made=MADE)
    check_golden("small-progress-report-2017-01.md", text, update_golden)


def test_small_exception_json_figures(small_plan: Plan) -> None:
    data = json.loads(
        render_report("exception-report", small_plan, "json", month="2017-01", made=MADE)
    )
    assert data["month"] == "2017-01"
    assert data["as_of"] == "2017-01-31"
    assert data["period"] == {"start": "2016-05", "end": "2017-01"}
    assert data["plan"]["title"] == "Test plan"
    assert data["totals"] == {
        "due": 6,
        "red": 4,
        "due_later": 1,
        "not_started": 1,
        "withdrawn": 1,
        "red_share": 0.6667,
    }
    assert [(row["priority"], row["due"], row["red"]) for row in data["priorities"]] == [
        (1, 2, 1),
        (2, 4, 3),
        (3, 0, 0),
    ]
    assert data["priorities"][1]["title"] == "Supporting Care Leavers"
    assert data["red_by_due_month"] == {"2016-09": 1, "2016-12": 2, "2017-01": 1}
    assert [row["id"] for row in data["red_actions"]] == ["1.1.2", "2.9.1", "2.10.1", "2.10.4"]
    first = data["red_actions"][0]
    assert first["revised_due"] == "2017-04"
    assert first["lead"] == ["DCS", "HOS C&R"]
    assert first["note"] == "Survey moved <b>to</b> April."
    assert data["oldest"] == ["2.9.1"]


def test_exception_json_share_of_nothing_due_is_null(small_plan: Plan) -> None:
    data = json.loads(
        render_report("exception-report", small_plan, "json", month="2017-01", made=MADE)
    )
    assert [(row["due"], row["red_share"]) for row in data["priorities"]] == [
        (2, 0.5),
        (4, 0.75),
        (0, None),
    ]


def test_small_exception_markdown_reads_like_the_seed(small_plan: Plan) -> None:
    text = render_report("exception-report", small_plan, "md", month="2017-01", made=MADE)
    headings = [line for line in text.splitlines() if line.startswith("#")]
    assert headings[:6] == [
        "# Children's Services Improvement Plan Exception Report \N{EN DASH} January 2017",
        "## 1. Purpose of the report",
        "## 2. Recommendations",
        "## 3. Background",
        "## 4. Analysis",
        "### Priorities with the slowest progress",
    ]
    assert "## 5. Current status on Red actions (see Appendix 1)" in headings
    assert headings[-4:] == [
        "## Appendix 1: actions not progressed between May 2016 and January 2017",
        "### Priority 1 \N{EN DASH} Leadership and Governance",
        "### Priority 2 \N{EN DASH} Supporting Care Leavers",
        "### Key to the codes",
    ]
    assert "**As at:** 31 January 2017" in text
    assert text.endswith(
        "\n---\n\nMade by csip from the plan in `plan` on 25 November 2026 at 00:00 UTC; "
        "figures as at 31 January 2017.\n"
    )
    assert "**Plan:** Test plan (Test Council)" in text
    # Shares come from the data, never from prose: 3 of 4, not "three quarters".
    assert "3 of 4 actions due (75%) have not been completed" in text
    assert "| Priority 3 \N{EN DASH} Legal | 0 | 0 | \N{EN DASH} |" in text
    # A pipe in a cell is escaped, and so is markup: a Markdown viewer shows it as text.
    assert "Undertake a staff survey \\| pipes and &lt;script>alert(1)&lt;/script>" in text
    # Folded YAML text is one line in its cell.
    assert "| Jul - Dec 16 | 2.10.1 | Recruit an Independent Reviewing Officer for post 18" in text
    assert "revised timeline Apr-17" in text


def test_small_progress_changes(small_plan: Plan) -> None:
    text = render_report("progress-report", small_plan, "md", month="2017-01", made=MADE)
    assert text.startswith(
        "# Children's Services Improvement Plan Progress Summary \N{EN DASH} January 2017\n"
    )
    assert (
        "For the period May 2016 to the end of January 2017 there was a total of 6 actions "
        "that needed to be started or completed." in text
    )
    assert "4 actions out of the 6 (67%) had not progressed" in text
    newly_red = section(text, "### Newly Red")
    assert "| 1.1.2 |" in newly_red
    assert "| 2.10.4 |" in newly_red and "(reopened)" in newly_red
    assert "2.9.1" not in newly_red  # red already at the end of December
    completed = section(text, "### Completed")
    assert "| 2.10.2 |" in completed and "15 January 2017 (within timescale)" in completed
    replanned = section(text, "### Re-planned")
    assert "| 1.1.2 |" in replanned and "| none | Apr-17 | Red |" in replanned
    withdrawn = section(text, "### Withdrawn")
    assert "| 2.10.3 |" in withdrawn
    assert (
        "During January 2017, 2 actions became Red, 1 action was completed, 1 action was "
        "re-planned with a revised timeline and 1 action was withdrawn." in text
    )
    assert "| Red | 3 | 4 | +1 |" in text


def section(text: str, heading: str) -> str:
    """From the heading that starts with ``heading`` to the next heading at its level or above."""
    level = len(heading) - len(heading.lstrip("#"))
    start = text.index("\n" + heading) + 1
    found = re.search(rf"^#{{1,{level}}} ", text[start + len(heading) :], re.M)
    return text[start : start + len(heading) + found.start()] if found else text[start:]


def test_progress_in_the_first_month_has_nothing_before(small_plan: Plan) -> None:
    text = render_report("progress-report", small_plan, "md", month="2016-05", made=MADE)
    assert "For May 2016 no action needed to be started or completed." in text
    assert "RAG rated Red" not in text
    assert "No action became Red during May 2016." in text


def test_exception_with_nothing_red(small_plan: Plan) -> None:
    text = render_report("exception-report", small_plan, "md", month="2016-06", made=MADE)
    assert "The action due in the period has been completed within its published timescale." in text
    assert text.count("No action is RAG rated Red.") == 2
    html = render_report("exception-report", small_plan, "html", month="2016-06", made=MADE)
    assert "No action is RAG rated Red." in html


# ---------------------------------------------------------------- the reference plan


def test_reference_exception_markdown_golden(
    monkeypatch: pytest.MonkeyPatch, update_golden: bool
) -> None:
    plan = reference_plan(monkeypatch)
    text = render_report("exception-report", plan, "md", month="2017-01", made=MADE)
    check_golden("exception-report-2017-01.md", text, update_golden)


def test_reference_exception_json_golden(
    monkeypatch: pytest.MonkeyPatch, update_golden: bool
) -> None:
    plan = reference_plan(monkeypatch)
    text = render_report("exception-report", plan, "json", month="2017-01", made=MADE)
    check_golden("exception-report-2017-01.json", text, update_golden)


def test_reference_progress_markdown_golden(
    monkeypatch: pytest.MonkeyPatch, update_golden: bool
) -> None:
    plan = reference_plan(monkeypatch)
    text = render_report("progress-report", plan, "md", month="2017-01", made=MADE)
    check_golden("progress-report-2017-01.md", text, update_golden)


def test_reference_january_2017_figures(monkeypatch: pytest.MonkeyPatch) -> None:
    plan = reference_plan(monkeypatch)
    data = json.loads(render_report("exception-report", plan, "json", month="2017-01", made=MADE))
    totals = data["totals"]
    assert (totals["due"], totals["red"], totals["due_later"]) == (DUE, RED, DUE_LATER)
    assert {row["priority"]: (row["due"], row["red"]) for row in data["priorities"]} == TABLE_1
    assert [row["id"] for row in data["red_actions"]] == RED_IDS
    assert data["red_by_due_month"] == RED_BY_DUE_MONTH
    text = render_report("exception-report", plan, "md", month="2017-01", made=MADE)
    assert "| **Total** | **200** | **20** | **10%** |" in text
    assert "3 of 5 actions due (60%)" in text
    assert "two thirds" not in text
    rows = re.findall(r"^\| [^|]+ \| (\d+(?:\.\d+)+) \|", section(text, "## Appendix 1"), re.M)
    assert rows == RED_IDS


# ---------------------------------------------------------------- HTML


class Outline(HTMLParser):
    """What the accessibility checks need from a page: headings, tags, attributes, text."""

    def __init__(self) -> None:
        super().__init__()
        self.headings: list[int] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.rag_cells: list[tuple[str, str]] = []
        self._rag: str | None = None
        self._rag_text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        classes = (attributes.get("class") or "").split()
        rag = next((name for name in classes if name.startswith("rag-")), None)
        if rag is not None:
            self._rag, self._rag_text = rag, ""

    def handle_data(self, data: str) -> None:
        if self._rag is not None:
            self._rag_text += data

    def handle_endtag(self, tag: str) -> None:
        if self._rag is not None and tag in ("td", "th", "span"):
            self.rag_cells.append((self._rag, self._rag_text.strip()))
            self._rag = None


def outline(html: str) -> Outline:
    parser = Outline()
    parser.feed(html)
    return parser


@pytest.mark.parametrize("report", ["exception", "progress"])
def test_html_is_self_contained_and_accessible(small_plan: Plan, report: str) -> None:
    html = render_report(f"{report}-report", small_plan, "html", month="2017-01", made=MADE)
    assert html.startswith('<!doctype html>\n<html lang="en-GB">')
    page = outline(html)
    tags = [tag for tag, _ in page.tags]
    # Self-contained: no script, no stylesheet link, nothing fetched.
    assert "script" not in tags and "link" not in tags and "img" not in tags
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)
    assert "@import" not in html and "url(" not in html
    # Headings in order, none skipped.
    assert page.headings[0] == 1 and page.headings.count(1) == 1
    for before, after in zip(page.headings, page.headings[1:], strict=False):
        assert after <= before + 1
    # Every table has a caption and every header cell a scope.
    assert tags.count("table") == tags.count("caption")
    assert all(attributes.get("scope") for tag, attributes in page.tags if tag == "th")
    # RAG is always a word as well as a colour.
    words = {"rag-red": "Red", "rag-amber": "Amber", "rag-green": "Green", "rag-white": "White"}
    words["rag-withdrawn"] = "Withdrawn"
    assert page.rag_cells
    for rag, text in page.rag_cells:
        assert text == words[rag]
    # States the plan, the as-at date and when it was made.
    assert "<title>Children&#39;s Services Improvement Plan" in html
    assert "Test plan" in html and "31 January 2017" in html
    assert "25 November 2026 at 00:00 UTC" in html
    # Text from the plan is escaped.
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<b>to</b>" not in html


def test_exception_html_charts_have_text_alternatives(small_plan: Plan) -> None:
    html = render_report("exception-report", small_plan, "html", month="2017-01", made=MADE)
    page = outline(html)
    charts = [attributes for tag, attributes in page.tags if tag == "svg"]
    assert len(charts) == 2
    for attributes in charts:
        assert attributes["role"] == "img"
        for part in (attributes["aria-labelledby"] or "").split():
            assert f'id="{part}"' in html
    assert (
        "Priority 1 \N{EN DASH} Leadership and Governance: 1 Red action; "
        "Priority 2 \N{EN DASH} Care Leavers: 3 Red actions; "
        "Priority 3 \N{EN DASH} Legal: 0 Red actions." in html
    )
    assert '<th scope="row">September 2016</th><td class="number">1</td>' in html


def test_bar_chart_sizes_are_computed() -> None:
    chart = bar_chart([("a", 1), ("bb", 4), ("c", 0)], key="k", title="T", unit="thing")
    widths = [bar["width"] for bar in chart["bars"]]
    assert widths[1] == max(widths) and widths[2] == 0.0
    assert widths[0] == pytest.approx(widths[1] / 4, abs=0.1)
    assert chart["desc"] == "a: 1 thing; bb: 4 things; c: 0 things."
    assert chart["height"] > 3 * chart["bars"][0]["height"]
    empty = bar_chart([], key="k", title="T", unit="thing")
    assert empty["bars"] == [] and empty["desc"] == "No data."


def luminance(colour: str) -> float:
    channels = [int(colour[index : index + 2], 16) / 255 for index in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first: str, second: str) -> float:
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_layout_colours_have_enough_contrast() -> None:
    css = (REPO / "templates" / "_layout.html.j2").read_text(encoding="utf-8")
    pairs = re.findall(
        r"\.(rag-\w+|note|report-footer)[^{]*\{[^}]*?(?:background: (#[0-9a-f]{6}); )?"
        r"color: (#[0-9a-f]{6})",
        css,
    )
    found = {name for name, _, _ in pairs}
    assert {"rag-red", "rag-amber", "rag-green", "rag-white", "rag-withdrawn"} <= found
    for name, background, colour in pairs:
        ratio = contrast(background or "#ffffff", colour)
        assert ratio >= 4.5, f".{name}: {ratio:.2f}:1"
    # Group rows and table heads print dark text on light grey.
    assert contrast("#e8e8e8", "#1b1b1b") >= 4.5
    # Chart bars against the page (non-text contrast, 3:1).
    assert contrast("#b3261e", "#ffffff") >= 3


def test_layout_prints_on_a4() -> None:
    css = (REPO / "templates" / "_layout.html.j2").read_text(encoding="utf-8")
    assert "@page {\n    size: A4;" in css
    assert "@media print" in css and "break-inside: avoid" in css


# ---------------------------------------------------------------- shared helpers


def test_meta_and_helpers(small_plan: Plan) -> None:
    made = dt.datetime(2017, 2, 3, 9, 5, tzinfo=dt.timezone(dt.timedelta(hours=1), "BST"))
    data = meta(small_plan, title="T", as_of=dt.date(2017, 1, 31), made=made)
    assert data["title"] == "T"
    assert data["plan_title"] == "Test plan"
    assert data["organisation"] == "Test Council"
    assert data["plan_directory"] == "plan"
    assert data["as_at"] == "31 January 2017"
    assert data["made"] == "3 February 2017 at 09:05 BST"
    assert meta(small_plan, title="T", as_of=None, made=MADE)["as_at"] is None
    assert made_label(MADE) == "25 November 2026 at 00:00 UTC"
    assert percent(3, 5) == "60%" and percent(1, 8) == "13%" and percent(0, 0) == "\N{EN DASH}"
    assert percent(199, 200) == "99%" and percent(1, 300) == "1%" and percent(2, 3) == "67%"
    assert share(3, 5) == "3 of 5 (60%)"


# ---------------------------------------------------------------- the command line


def test_cli_exception_markdown_to_stdout(runner: CliRunner, write_plan: PlanWriter) -> None:
    write_plan(SMALL_PLAN)
    result = runner.invoke(app, ["exception-report", "--month", "2017-01"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(
        "# Children's Services Improvement Plan Exception Report \N{EN DASH} January 2017\n"
    )


def test_cli_json_and_output_file(
    runner: CliRunner, write_plan: PlanWriter, tmp_path: Path
) -> None:
    write_plan(SMALL_PLAN)
    target = tmp_path / "out" / "report.json"
    result = runner.invoke(
        app, ["exception-report", "-m", "2017-01", "-f", "json", "--output", str(target)]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert json.loads(target.read_text(encoding="utf-8"))["totals"]["red"] == 4
    result = runner.invoke(
        app, ["progress-report", "-m", "2017-01", "-f", "html", "-o", str(tmp_path / "p.html")]
    )
    assert result.exit_code == 0, result.output
    assert (tmp_path / "p.html").read_text(encoding="utf-8").startswith("<!doctype html>")


def test_cli_default_month_is_the_last_complete_one(
    runner: CliRunner, write_plan: PlanWriter
) -> None:
    write_plan(SMALL_PLAN)
    result = runner.invoke(app, ["exception-report", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["month"] == "2026-10"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["exception-report", "--month", "2017-13"], "'2017-13' is not a month"),
        (["exception-report", "--month", "2016-04"], "the plan starts in May 2016"),
        (["progress-report", "--month", "2016-04"], "the plan starts in May 2016"),
        (["exception-report", "--templates", "nowhere"], "no templates directory"),
    ],
)
def test_cli_usage_errors(
    runner: CliRunner, write_plan: PlanWriter, args: list[str], message: str
) -> None:
    write_plan(SMALL_PLAN)
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert message in result.stderr


def test_cli_refuses_a_plan_with_errors(
    runner: CliRunner, write_plan: PlanWriter, tmp_path: Path
) -> None:
    write_plan({"01-leadership.yaml": PRIORITY_1.replace("due: 2016-06", "deu: 2016-06")})
    target = tmp_path / "report.md"
    result = runner.invoke(app, ["exception-report", "-m", "2017-01", "-o", str(target)])
    assert result.exit_code == 1
    assert "unknown key 'deu'" in result.stderr
    assert not target.exists()


def test_cli_council_templates(runner: CliRunner, write_plan: PlanWriter, tmp_path: Path) -> None:
    write_plan(SMALL_PLAN)
    own = tmp_path / "own"
    own.mkdir()
    (own / "exception-report.md.j2").write_text(
        "{{ meta.organisation }}: {{ totals.red }} of {{ totals.due }} Red\n", encoding="utf-8"
    )
    result = runner.invoke(app, ["exception-report", "-m", "2017-01", "--templates", str(own)])
    assert result.exit_code == 0, result.output
    assert result.stdout == "Test Council: 4 of 6 Red\n"
    # The other templates still come built in.
    result = runner.invoke(app, ["progress-report", "-m", "2017-01", "--templates", str(own)])
    assert result.exit_code == 0 and result.stdout.startswith("# Children's Services")


def test_cli_undefined_variable_fails_and_leaves_no_file(
    runner: CliRunner, write_plan: PlanWriter, tmp_path: Path
) -> None:
    write_plan(SMALL_PLAN)
    own = tmp_path / "own"
    own.mkdir()
    (own / "exception-report.md.j2").write_text("{{ totals.reds }}\n", encoding="utf-8")
    (own / "progress-report.md.j2").write_text("{% if %}\n", encoding="utf-8")
    target = tmp_path / "report.md"
    args = ["-m", "2017-01", "--templates", str(own), "-o", str(target)]
    result = runner.invoke(app, ["exception-report", *args])
    assert result.exit_code == 1
    assert "template" in result.stderr and "reds" in result.stderr
    result = runner.invoke(app, ["progress-report", *args])
    assert result.exit_code == 1
    assert "progress-report.md.j2:1:" in result.stderr
    assert not target.exists()
    assert list(tmp_path.glob(".report.md.*")) == []
