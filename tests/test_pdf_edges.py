"""PDF papers on the edges of a valid plan: text that no column is wide enough for, a Red action
with more tasks than a page holds, characters the built-in fonts lack. Each paper must render,
and hold every piece of plan text its Markdown holds."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import pypdf
import pytest
from conftest import REPO, TODAY, PlanWriter

from csip.model.domain import Plan
from csip.plan_folder import load_plan
from csip.render.templates import TemplateFailure
from csip.reports import render_report

MADE = dt.datetime(2026, 11, 25, tzinfo=dt.UTC)

LINK = (
    "CSIP_Evidence_Pack_Priority_1_Leadership_and_Governance_Board_Minutes"
    "_with_the_Appendices_and_the_Action_Tracker_Final_v12.docx"
)
"""A file name with no space in it, far wider than any column of a table (a link is broken after
its slashes, but nothing in this name allows a line break)."""

PRIORITY = f"""\
priority: 1
title: Leadership and Governance
actions:
  - id: "1.1.1"
    action: Audit the supervision records at {LINK} for every team.
    lead: DCS
    due: 2016-06
    recommendations: ["1"]
    updates:
      - date: 2016-06-20
        status: complete
        evidence: ["{LINK}"]
  - id: "1.1.2"
    action: Recruit a permanent Director of Children's Services.
    lead: DCS
    due: 2016-07
    updates:
      - {{date: 2016-07-01, status: in-progress, note: "The shortlist is at {LINK}"}}
"""

RECOMMENDATIONS = """\
source: Ofsted inspection, 2016
recommendations:
  - id: "1"
    text: Ensure that leaders know the quality of frontline practice.
"""


def plan_of(write_plan: PlanWriter, files: dict[str, str]) -> Plan:
    loaded = load_plan(write_plan(files), TODAY)
    assert loaded.plan is not None, loaded.problems
    return loaded.plan


def pages_of(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages]


def on_the_page(pdf: bytes) -> str:
    """The text set within the pages' bounds (text past a page's foot is in the file but
    nobody sees it), one line per line of the page."""
    lines: list[str] = []
    for page in pypdf.PdfReader(io.BytesIO(pdf)).pages:
        height = float(page.mediabox.height)

        def keep(text: str, cm: Any, tm: Any, font: Any, size: Any, height: float = height) -> None:
            y = tm[5] * cm[3] + cm[5]
            if 0 <= y <= height:
                lines.append(text)

        page.extract_text(visitor_text=keep)
    return " ".join("".join(lines).split())


def squeezed(pages: list[str]) -> str:
    """The paper's text with every space and line break taken out."""
    return "".join("".join(page.split()) for page in pages)


REPORTS: list[tuple[str, dict[str, Any]]] = [
    ("monitoring-report", {"month": "2016-07", "first_month": "2016-05"}),
    ("recommendations", {"month": "2016-07"}),
    ("board-pack", {"as_of": dt.date(2016, 7, 1), "options": {"priorities": (1,)}}),
    ("exception-report", {"month": "2016-07"}),
]


def test_a_long_file_name_wraps_in_its_column(write_plan: PlanWriter) -> None:
    """Before: a word wider than its column ran over the next columns (and off the page)."""
    plan = plan_of(
        write_plan, {"01-leadership.yaml": PRIORITY, "recommendations.yaml": RECOMMENDATIONS}
    )
    for name, request in REPORTS:
        pages = pages_of(render_report(name, plan, "pdf", made=MADE, **request))
        assert LINK in squeezed(pages), name
        # Set on more than one line: it is never whole on a line of the text.
        assert all(LINK not in page for page in pages), name


TASKS = 60
MEETING = "board: Improvement Team Board\ndate: 2016-07-26\npriorities: [1]\nreviews:\n" + (
    '  - action: "1.1.2"\n    outcome: remedial\n    tasks:\n'
    + "".join(
        f"      - {{task: Remedial task {number} for the shortlist, owner: DCS, due: 2016-08-15}}\n"
        for number in range(1, TASKS + 1)
    )
)


def test_a_red_action_with_more_tasks_than_a_page_holds_loses_none(
    write_plan: PlanWriter,
) -> None:
    """Before: the Red action's block could not break, so what did not fit on its page was lost
    below the page's foot."""
    plan = plan_of(
        write_plan,
        {
            "01-leadership.yaml": PRIORITY,
            "recommendations.yaml": RECOMMENDATIONS,
            "meetings/2016-07-26.yaml": MEETING,
        },
    )
    pdf = render_report(
        "board-pack", plan, "pdf", as_of=dt.date(2016, 8, 1), made=MADE,
        options={"priorities": (1,)},
    )  # fmt: skip
    text = on_the_page(pdf)
    for number in range(1, TASKS + 1):
        # Once under the Red action, once in the open tasks.
        assert text.count(f"Remedial task {number} for the shortlist") == 2, number


WORLD = """\
priority: 1
title: Leadership and Governance
actions:
  - id: "1.1.1"
    action: "Agree the plan with families 👍 ✅, in Bengali ভালো and Chinese 计划书; café, ☺ and €"
    lead: DCS
    due: 2016-06
    updates:
      - {date: 2016-06-20, status: in-progress, note: "Translated: 计划书已经准备好了"}
"""


def test_characters_no_built_in_font_has_are_shown_as_the_replacement_character(
    write_plan: PlanWriter,
) -> None:
    """Before: PDF/UA refused the paper ("could not be displayed with font"), for one emoji."""
    plan = plan_of(write_plan, {"01-leadership.yaml": WORLD})
    for name, request in REPORTS:
        if name == "recommendations":
            continue
        text = " ".join(" ".join(page.split()) for page in pages_of(
            render_report(name, plan, "pdf", made=MADE, **request)
        ))  # fmt: skip
        assert "with families \N{REPLACEMENT CHARACTER} \N{REPLACEMENT CHARACTER}," in text, name
        assert "café, ☺ and €" in text, name
        assert "👍" not in text and "计" not in text and "ভ" not in text, name


def test_a_council_template_that_writes_what_no_font_has_is_one_line(
    write_plan: PlanWriter, tmp_path: Path
) -> None:
    """Only the plan's text is replaced: the template's own text is the council's to fix."""
    plan = plan_of(write_plan, {"01-leadership.yaml": WORLD})
    (tmp_path / "_paper.typ").write_bytes((REPO / "templates" / "_paper.typ").read_bytes())
    (tmp_path / "exception-report.typ").write_text(
        '#import "_paper.typ": *\n#show: paper\nThumbs up: 👍\n', encoding="utf-8"
    )
    with pytest.raises(TemplateFailure, match=r"^exception-report.typ: .*could not be displayed"):
        render_report(
            "exception-report", plan, "pdf", month="2016-07", made=MADE, templates=tmp_path
        )


CONTROLS = """\
priority: 1
title: "Lead\\x01ership and\\x7f Governance"
actions:
  - id: "1.1.1"
    action: "Agree the plan\\e with the board\\uFFFF."
    lead: DCS
    due: 2016-06
    updates:
      - {date: 2016-06-20, status: in-progress, note: "Draft\\x00 agreed\\x9f."}
"""


def test_control_and_non_characters_in_plan_text_are_shown_as_the_replacement_character(
    write_plan: PlanWriter,
) -> None:
    """Before: PDF/UA refused every paper of a plan with one control character in a title."""
    plan = plan_of(write_plan, {"01-leadership.yaml": CONTROLS})
    pdf = render_report("exception-report", plan, "pdf", month="2016-07", made=MADE)
    text = " ".join(" ".join(page.split()) for page in pages_of(pdf))
    assert (
        "Agree the plan\N{REPLACEMENT CHARACTER} with the board\N{REPLACEMENT CHARACTER}." in text
    )
    assert "Lead\N{REPLACEMENT CHARACTER}ership" in text


def test_a_report_of_more_text_than_a_pdf_is_typeset_from_is_refused_at_once(
    write_plan: PlanWriter, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = plan_of(write_plan, {"01-leadership.yaml": CONTROLS})
    monkeypatch.setattr("csip.render.pdf.MAX_CONTEXT_CHARACTERS", 1000)
    with pytest.raises(TemplateFailure) as refused:
        render_report("exception-report", plan, "pdf", month="2016-07", made=MADE)
    assert str(refused.value) == (
        "exception-report.typ: the report holds over 1,000 characters of text, more than a PDF "
        "can be typeset from in bounded memory: make it as HTML"
    )


def test_a_long_report_is_typeset_in_a_process_of_its_own(
    write_plan: PlanWriter, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Typst keeps what it made of every PDF in its process: a long one's memory goes back."""
    plan = plan_of(write_plan, {"01-leadership.yaml": CONTROLS})
    monkeypatch.setattr("csip.render.pdf.IN_PROCESS_CHARACTERS", 0)
    monkeypatch.setattr("csip.render.pdf._typeset", None)  # used here, it would fail
    pdf = render_report("exception-report", plan, "pdf", month="2016-07", made=MADE)
    assert "Agree the plan" in " ".join(pages_of(pdf))
