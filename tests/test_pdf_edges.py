"""PDF papers on the edges of a valid plan: text that no column is wide enough for, a Red action
with more tasks than a page holds, characters the built-in fonts lack. Each paper must render,
and hold every piece of plan text its Markdown holds."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pypdf
from conftest import TODAY, PlanWriter

from csip.model.domain import Plan
from csip.plan_folder import load_plan
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
