"""PDF papers: A4, tagged and accessible, the paper's title and date on every page, page numbers,
and plan text set as text, never as Typst markup."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import pypdf
import pytest
from conftest import REPO, PlanWriter
from typer.testing import CliRunner, Result

from csip.cli import app
from csip.model.domain import Plan
from csip.plan_folder import load_plan
from csip.render import pdf, templates
from csip.reports import render_report

MADE = dt.datetime(2026, 11, 25, tzinfo=dt.UTC)
TITLE = "Children's Services Improvement Plan Exception Report \N{EN DASH} January 2017"
A4 = (595.28, 841.89)


@pytest.fixture(scope="module")
def reference() -> Plan:
    loaded = load_plan(REPO / "plan", dt.date(2026, 11, 25))
    assert loaded.plan is not None
    return loaded.plan


@pytest.fixture(scope="module")
def exception_pdf(reference: Plan) -> pypdf.PdfReader:
    pdf = render_report("exception-report", reference, "pdf", month="2017-01", made=MADE)
    assert pdf.startswith(b"%PDF-")
    return pypdf.PdfReader(io.BytesIO(pdf))


def structure_types(reader: pypdf.PdfReader) -> set[str]:
    """Every structure element type in the PDF's tag tree."""
    found: set[str] = set()

    def walk(node: Any) -> None:
        node = node.get_object()
        if isinstance(node, pypdf.generic.ArrayObject):
            for child in node:
                walk(child)
        elif isinstance(node, pypdf.generic.DictionaryObject):
            if "/S" in node:
                found.add(str(node["/S"]))
            if "/K" in node:
                walk(node["/K"])

    walk(reader.root_object["/StructTreeRoot"])
    return found


def test_the_january_paper_has_nine_a4_pages(exception_pdf: pypdf.PdfReader) -> None:
    assert len(exception_pdf.pages) == 9
    for page in exception_pdf.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert (round(width, 1), round(height, 1)) == (round(A4[0], 1), round(A4[1], 1))


def test_every_page_has_the_title_date_and_its_number(exception_pdf: pypdf.PdfReader) -> None:
    pages = len(exception_pdf.pages)
    for number, page in enumerate(exception_pdf.pages, start=1):
        text = page.extract_text()
        assert TITLE in text
        assert "3 February 2017" in text
        assert f"Page {number} of {pages}" in text


def test_the_text_holds_the_paper_and_its_narrative(exception_pdf: pypdf.PdfReader) -> None:
    text = " ".join(" ".join(page.extract_text().split()) for page in exception_pdf.pages)
    assert "Lead officer Ade Adetosoye, Deputy Chief Executive & Executive Director of ECHS" in text
    assert "Reference CS17130, Appendix 1" in text
    assert "None of the actions RAG rated Red poses any immediate safeguarding risk" in text
    assert "capacity issues in BSCB" in text
    assert "• Six staff engagement sessions held during December 2016" in text
    assert "200 actions" in text and "20 actions (10%)" in text


def test_it_is_tagged_with_its_language_and_title(exception_pdf: pypdf.PdfReader) -> None:
    catalog = exception_pdf.root_object
    assert "/StructTreeRoot" in catalog
    mark_info = catalog["/MarkInfo"].get_object()
    assert isinstance(mark_info, pypdf.generic.DictionaryObject)
    assert bool(mark_info["/Marked"])
    assert str(catalog["/Lang"]) == "en-GB"
    assert exception_pdf.metadata is not None and exception_pdf.metadata.title == TITLE
    # Real headings, lists and tables with header cells.
    assert {"/H1", "/H2", "/H3", "/L", "/LI", "/Table", "/TH", "/TD"} <= structure_types(
        exception_pdf
    )


def test_the_same_plan_gives_the_same_pdf(reference: Plan) -> None:
    first = render_report("exception-report", reference, "pdf", month="2017-01", made=MADE)
    again = render_report("exception-report", reference, "pdf", month="2017-01", made=MADE)
    assert first == again


@pytest.mark.parametrize("report", ["progress-report", "funding", "recommendations"])
def test_the_other_papers_are_pdfs_too(reference: Plan, report: str) -> None:
    month = None if report == "funding" else "2017-01"
    pdf = pypdf.PdfReader(
        io.BytesIO(render_report(report, reference, "pdf", month=month, made=MADE))
    )
    text = pdf.pages[0].extract_text()
    assert f"Page 1 of {len(pdf.pages)}" in text
    assert "/StructTreeRoot" in pdf.root_object


@pytest.fixture(scope="module")
def quarter_pdf_text(reference: Plan) -> list[str]:
    """The text of each page of the monitoring report of October to December 2016."""
    pdf = render_report(
        "monitoring-report", reference, "pdf", month="2016-12", first_month="2016-10", made=MADE
    )
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert "/StructTreeRoot" in reader.root_object
    return [" ".join(page.extract_text().split()) for page in reader.pages]


def test_the_board_pack_is_a_pdf_for_the_meeting(reference: Plan) -> None:
    pdf = render_report(
        "board-pack", reference, "pdf", as_of=dt.date(2017, 2, 7), made=MADE,
        options={"priorities": (7, 9)},
    )  # fmt: skip
    pages = [
        " ".join(page.extract_text().split()) for page in pypdf.PdfReader(io.BytesIO(pdf)).pages
    ]
    text = " ".join(pages)
    for number, page in enumerate(pages, start=1):
        assert "Board pack \N{EN DASH} Priorities 7 and 9 \N{EN DASH} 7 February 2017" in page
        assert f"Page {number} of {len(pages)}" in page
    assert "Board Improvement Team Board Date 7 February 2017" in text
    assert "Total 5 4 4 10 5 0 3" in text
    assert (
        "Draft the adoption protocol for sign-off (HOS C&R, due 28 Feb 2017; agreed 7 Feb 2017)"
        in text
    )


def test_the_recommendations_pdf_gives_the_coverage_and_each_recommendations_actions(
    reference: Plan,
) -> None:
    pdf = render_report("recommendations", reference, "pdf", month="2017-01", made=MADE)
    text = " ".join(
        " ".join(page.extract_text().split()) for page in pypdf.PdfReader(io.BytesIO(pdf)).pages
    )
    assert "The plan answers 10 recommendations of the inspection." in text
    assert "At least one action Red 9 1, 2, 4, 5, 6, 7, 8, 9, 10" in text
    assert "Recommendation 10 " in text
    assert "1.2.2 Appoint an independent chair of the Improvement Governance Board" in text


def test_the_progress_summary_pdf_has_the_sections_of_its_markdown(reference: Plan) -> None:
    pdf = render_report("progress-report", reference, "pdf", month="2017-01", made=MADE)
    text = " ".join(
        " ".join(page.extract_text().split()) for page in pypdf.PdfReader(io.BytesIO(pdf)).pages
    )
    markdown = render_report("progress-report", reference, "md", month="2017-01", made=MADE)
    assert isinstance(markdown, str)
    sections = [line[3:] for line in markdown.splitlines() if line.startswith("## ")]
    assert "The pace of the plan" in sections
    found = [text.find(section) for section in sections]
    assert -1 not in found and found == sorted(found)
    assert "completions are 20 actions behind the planned pace" in text


def test_the_monitoring_report_pdf_heads_every_page_with_its_title(
    quarter_pdf_text: list[str],
) -> None:
    title = (
        "Children's Services Improvement Plan Quarter Three 2016/17 Monitoring Report "
        "\N{EN DASH} October to December 2016"
    )
    for number, text in enumerate(quarter_pdf_text, start=1):
        assert title in text
        assert f"Page {number} of {len(quarter_pdf_text)}" in text


def test_the_monitoring_report_pdf_holds_its_ten_sections_and_their_figures(
    quarter_pdf_text: list[str],
) -> None:
    text = " ".join(quarter_pdf_text)
    sections = [
        "1. Summary",
        "2. Progress by priority",
        "3. The pace of the plan",
        "4. Completed in the period",
        "5. Fell due and missed",
        "6. Recovered",
        "7. Re-planned",
        "8. Red at the end of the period",
        "9. Movement since the previous period",
        "10. Forward look: January to March 2017",
    ]
    assert [text.find(section) for section in sections] == sorted(
        text.find(section) for section in sections
    )
    assert -1 not in [text.find(section) for section in sections]
    assert "116 actions fell due in the period: 60 (52%) were complete" in text
    assert "Total 116 56 95 6 14 28 193 165" in text
    assert "Total (not withdrawn) 227 227 0" in text


PRIORITY = """\
priority: 1
title: "Leadership #set page(fill: red) $x$"
actions:
  - id: "1.1.1"
    action: "Agree the plan #pagebreak() *not bold* <label> @ref `raw` \\\\ ]"
    lead: DCS
    due: 2016-06
    updates:
      - date: 2016-06-01
        status: in-progress
        note: "#{ panic(\\"injected\\") } and \\")"
"""


@pytest.mark.parametrize(
    "command",
    [
        ["exception-report", "-m", "2016-07"],
        ["monitoring-report", "--from", "2016-06", "--to", "2016-08"],
        ["board-pack", "--priorities", "1", "--date", "2016-07-01"],
    ],
)
def test_plan_text_is_never_typst_markup(
    runner: CliRunner, write_plan: PlanWriter, tmp_path: Path, command: list[str]
) -> None:
    write_plan({"01-leadership.yaml": PRIORITY})
    target = tmp_path / "report.pdf"
    result = runner.invoke(app, [*command, "-o", str(target)])
    assert result.exit_code == 0, result.stderr
    reader = pypdf.PdfReader(target)
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert "Agree the plan #pagebreak() *not bold* <label> @ref `raw` \\ ]" in text
    assert '#{ panic("injected") } and ")' in text
    assert "Leadership #set page(fill: red) $x$" in text


def test_the_cli_writes_a_pdf_by_its_extension(
    runner: CliRunner, write_plan: PlanWriter, tmp_path: Path
) -> None:
    write_plan({"01-leadership.yaml": PRIORITY})
    target = tmp_path / "out" / "progress.pdf"
    result = runner.invoke(app, ["progress-report", "-m", "2016-07", "-o", str(target)])
    assert result.exit_code == 0, result.stderr
    assert target.read_bytes().startswith(b"%PDF-")
    result = runner.invoke(app, ["progress-report", "-m", "2016-07", "--format", "pdf"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout_bytes.startswith(b"%PDF-")


def test_a_broken_council_typst_template_is_one_line(
    runner: CliRunner, write_plan: PlanWriter, tmp_path: Path
) -> None:
    write_plan({"01-leadership.yaml": PRIORITY})
    own = tmp_path / "own"
    own.mkdir()
    (own / "exception-report.typ").write_text("#let x = (\n", encoding="utf-8")
    target = tmp_path / "report.pdf"
    args = ["exception-report", "-m", "2016-07", "--templates", str(own), "-o", str(target)]
    result = runner.invoke(app, args)
    assert result.exit_code == 1
    assert result.stderr.startswith("csip: error: template exception-report.typ: ")
    assert result.stderr.count("\n") == 1
    assert not target.exists()


def _with_council_template(
    runner: CliRunner, write_plan: PlanWriter, tmp_path: Path, source: str
) -> tuple[Result, Path]:
    write_plan({"01-leadership.yaml": PRIORITY})
    own = tmp_path / "own"
    own.mkdir()
    (own / "exception-report.typ").write_text(source, encoding="utf-8")
    target = tmp_path / "report.pdf"
    args = ["exception-report", "-m", "2016-07", "--templates", str(own), "-o", str(target)]
    return runner.invoke(app, args), target


def test_a_council_typst_template_that_runs_too_long_is_stopped(
    runner: CliRunner, write_plan: PlanWriter, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Typst bounds a ``while`` loop, not a ``for`` over a long range: 10^10 steps here."""
    monkeypatch.setattr(templates, "MAX_SECONDS", 1)
    loop = "#for i in range(100000) { for j in range(100000) { } }\n"
    result, target = _with_council_template(runner, write_plan, tmp_path, loop)
    assert result.exit_code == 1
    assert result.stderr == (
        "csip: error: template exception-report.typ: the template ran for over 1 second\n"
    )
    assert not target.exists()


def test_a_council_typst_template_that_takes_too_much_memory_is_stopped(
    runner: CliRunner, write_plan: PlanWriter, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pdf, "MAX_MEMORY", 2**30)
    greedy = "#let all = range(200000000)\n#all.len()\n"  # 3 GB
    result, target = _with_council_template(runner, write_plan, tmp_path, greedy)
    assert result.exit_code == 1
    assert result.stderr == (
        "csip: error: template exception-report.typ: Typst stopped without a PDF: it may need "
        "over 1 GB\n"
    )
    assert not target.exists()


def test_a_council_typst_template_makes_the_same_pdf_as_the_built_in_one(
    reference: Plan, tmp_path: Path
) -> None:
    """Typeset in a process of its own, a copy of the built-in template gives the same bytes."""
    for name in ("_paper.typ", "funding.typ"):
        (tmp_path / name).write_bytes((REPO / "templates" / name).read_bytes())
    own = render_report("funding", reference, "pdf", made=MADE, templates=tmp_path)
    assert own == render_report("funding", reference, "pdf", made=MADE)


def test_the_typesetting_process_imports_nothing_from_the_folder_csip_runs_in(
    reference: Plan, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("_paper.typ", "funding.typ"):
        (tmp_path / name).write_bytes((REPO / "templates" / name).read_bytes())
    (tmp_path / "json.py").write_text("raise SystemExit('a stranger ran here')\n", "utf-8")
    monkeypatch.chdir(tmp_path)
    assert render_report("funding", reference, "pdf", made=MADE, templates=tmp_path).startswith(
        b"%PDF-"
    )


def test_printed_html_has_the_title_date_and_page_numbers_on_every_page(reference: Plan) -> None:
    html = render_report("exception-report", reference, "html", month="2017-01", made=MADE)
    page = html.split("@page {", 1)[1].split("@media print", 1)[0]
    assert f'@top-left {{ content: "{TITLE}";' in page
    assert '@top-right { content: "3 February 2017";' in page
    assert '@bottom-right { content: "Page " counter(page) " of " counter(pages);' in page


def test_text_in_the_running_head_cannot_end_its_string_or_the_style() -> None:
    from csip.render.html import css_string

    assert css_string('Council "A" </style><script>\\') == (
        '"Council \\22 A\\22  \\3c /style\\3e \\3c script\\3e \\5c "'
    )
