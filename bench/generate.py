"""Write a synthetic Children's Services Improvement Plan for benchmarking csip.

The plan follows section 1 of the spec (plan.yaml, one file per priority, funding.yaml) and has
no errors under section 6, so `csip validate` must exit 0 on it. Output depends only on the
number of actions, the seed and the style: the same arguments always give byte-identical files,
so timings taken on different days or machines are comparable.

The styles are the ways the spec lets a council write the same plan, so that no one way of
writing can flatter the figures:

- ``flow``: lists of codes and of evidence written inline, ``[ADCSC, "HOS C&R"]``, evidence
  mixing unquoted links (``https://intranet.example/...``) and quoted titles;
- ``block``: every list written as a block sequence, one ``- item`` a line;
- ``folded``: every note, however short, written as folded ``>-`` text;
- ``single``: one lead and at most one agency, each written as a bare code (``lead: DCS``);
- ``warnings``: like ``flow``, but a third of the actions have no update and a third of the
  completions no evidence, so that `csip validate` prints a warning for each (capped per file).

The YAML is written as text, not through a YAML emitter: it is the only way to get the layout a
council officer would type (2-space indent, `>-` folded prose, flow lists of codes) and it is
several times faster than `yaml.dump`, which matters at 100,000 actions.

    python bench/generate.py --actions 10000 --out /tmp/plan-10k --seed 7 --style block
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import random
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path

#: No priority file holds more actions than this; bigger plans get more priorities.
MAX_ACTIONS_PER_FILE = 2500
#: Small plans have the ten priorities of the reference plan.
MIN_PRIORITIES = 10
#: Months of the plan: starts/dues fall in [FIRST_MONTH, LAST_MONTH].
FIRST_MONTH = (2016, 5)
LAST_MONTH = (2019, 12)
#: No progress update is dated after this day.
LAST_UPDATE = dt.date(2020, 6, 30)
#: Folded prose is wrapped so that no line (indent included) is longer than this.
WRAP_COLUMNS = 90
#: Notes at most this long are written as plain one-line scalars, like `note: IRO appointed.`
PLAIN_NOTE_MAX = 48
#: The ways of writing a plan that the benchmark times (see the module docstring).
STYLES = ("flow", "block", "folded", "single", "warnings")

ROLES: dict[str, str] = {
    "DCS": "Director of Children's Services",
    "ADCSC": "Assistant Director, Children's Social Care",
    "ADEH": "Assistant Director, Early Help",
    "HOS C&R": "Head of Service, Care and Resources",
    "HOS SG&CP": "Head of Service, Safeguarding and Child Protection",
    "HOS QI": "Head of Service, Quality Improvement",
    "HOS LS": "Head of Legal Services",
    "HOS S&CP": "Head of Service, Strategy and Commissioning Performance",
    "HOS EIFS": "Head of Early Intervention and Family Support",
    "HOS YOS": "Head of Youth Offending and Youth Services",
    "PSW": "Principal Social Worker",
    "BSCB Chair": "Independent Chair, Bromley Safeguarding Children Board",
    "BSCB BM": "Business Manager, Bromley Safeguarding Children Board",
    "Court Manager": "Court Team Manager",
    "Dir HR": "Director of Human Resources",
}

#: A `None` description is written as an empty value, which the spec allows.
AGENCIES: dict[str, str | None] = {
    "Health": "Bromley CCG and health providers",
    "Police": None,
    "Schools": "Head teachers and school safeguarding leads",
    "YOS": "Youth Offending Service",
    "Probation": "National Probation Service and CRC",
    "LBB L&D": "Council learning and development team",
    "LBB HR": "Council human resources",
    "Housing": "Council housing and registered providers",
    "BSCB Members": "Partner members of the Safeguarding Children Board",
    "Task & Finish Group": None,
}

#: (title, short title) of the reference plan's ten priorities, then themes for bigger plans.
PRIORITY_THEMES: list[tuple[str, str]] = [
    ("Leadership and Governance", "Leadership"),
    ("Management Oversight and Quality Assurance", "Management Oversight"),
    ("Bromley Safeguarding Children Board", "BSCB"),
    ("Safeguarding", "Safeguarding"),
    ("Supporting Children Looked After", "Children Looked After"),
    ("Supporting Care Leavers", "Care Leavers"),
    ("Adoption", "Adoption"),
    ("Child Sexual Exploitation, Children Missing and Gangs", "CSE, Missing and Gangs"),
    ("Strategic Commissioning", "Commissioning"),
    ("Legal", "Legal"),
    ("Workforce Development", "Workforce"),
    ("Early Intervention and Family Support", "Early Help"),
    ("The Front Door and the MASH", "Front Door"),
    ("Children with Disabilities", "Disabled Children"),
    ("Education of Children Looked After", "Virtual School"),
    ("Youth Offending", "Youth Offending"),
    ("Placement Sufficiency", "Sufficiency"),
    ("Private Fostering", "Private Fostering"),
    ("Performance Management", "Performance"),
    ("Voice of the Child", "Voice of the Child"),
]

VERBS = [
    "Develop",
    "Review and revise",
    "Implement",
    "Embed",
    "Audit",
    "Commission",
    "Deliver",
    "Establish",
    "Agree",
    "Produce",
    "Refresh",
    "Strengthen",
    "Introduce",
    "Publish",
    "Write and consult on",
    "Monitor the use of",
    "Relaunch",
    "Evaluate",
]
OBJECTS = [
    "a multi-agency performance data set on CSE, missing and gangs",
    "a Caseload Management Policy with a financial business case",
    "the Signs of Safety model of case conferencing",
    "a short life-story and direct work policy",
    "the Pathway Plan template for care leavers",
    "the matching report template",
    "a foster carer academy with accredited courses",
    "the IRO improvement action plan",
    "the quality assurance framework for case files",
    "supervision arrangements for all front line social workers",
    "the Early Intervention and Family Support offer",
    "the return home interview process",
    "the Legal Planning Meeting protocol",
    "a Public Law Outline tracker",
    "the MASH threshold document",
    "the workforce development strategy",
    "the sufficiency strategy for placements",
    "the Local Offer for care leavers",
    "terms of reference for the Corporate Parenting Board",
    "a monthly thematic case audit programme",
    "a fostering support service for evenings and weekends",
    "the 'Moving on' preparation course",
    "a recruitment and retention package for social workers",
    "the practice standards handbook",
    "a protocol for twin tracking and early permanence",
]
QUALIFIERS = [
    "for children looked after",
    "for care leavers aged 18 to 25",
    "for children in need",
    "for children subject to a child protection plan",
    "across the Referral and Assessment service",
    "with partner agencies through the Safeguarding Children Board",
    "in the Court team",
    "for disabled children and their families",
    "for young people at risk of sexual exploitation",
    "in every locality team",
]
PURPOSES = [
    "to ensure that social workers' caseloads are manageable",
    "so that children's views are used to inform service improvement",
    "to improve the timeliness and quality of assessments",
    "to track the timeliness and application of procedures",
    "so that the Improvement Board has clear oversight of progress",
    "to reduce drift and delay in permanence planning",
    "so that managers can identify where services are not meeting standards",
    "to make sure that plans are specific, measurable and reviewed on time",
    "so that every child has an allocated and qualified social worker",
    "to give Members assurance about the quality of frontline practice",
    "so that thresholds are understood and applied consistently by partners",
    "to reduce the reliance on agency staff",
]
EXTRAS = [
    "The Improvement Board will receive a quarterly report of progress.",
    "Findings to be reported to the Senior Management Team with an action plan.",
    "This to include a requirement for direct work with all children looked after.",
    "Managers to dip sample one case in ten each month and record the outcome on the case file.",
    "Training to be delivered jointly with the police and health colleagues.",
    "Learning to be shared through practice briefings and the staff newsletter.",
    "Progress to be scrutinised by the Care Services PDS Committee.",
    "Clear timescales to be agreed, quality assured and signed off by the Head of Service.",
    "Commencing with the teams carrying the highest caseloads.",
]
GUARD_SENTENCE = "Progress to be reviewed monthly by the Head of Service."
NOTES_STARTED = [
    "Work has started and a project lead has been identified.",
    "Initial scoping meeting held with the Head of Service and partners.",
    "Draft circulated to the Senior Management Team for comment.",
    "Task and finish group established and meeting fortnightly.",
    "Consultation with staff and partners under way.",
    "Business case being prepared for the Executive.",
    "Recruitment campaign launched with an agency partner.",
    "Audit tool agreed and the first round of audits booked.",
]
NOTES_PROGRESS = [
    "{n} staff have attended the training so far and further sessions are booked.",
    "{n} cases audited this month and the findings shared with team managers.",
    "The draft has been revised following feedback from the Improvement Board.",
    "Delayed by vacancies in the team, and interim cover is now in place.",
    "Health colleagues have agreed to contribute and a joint meeting is set for next month.",
    "Performance report presented to the Improvement Board, which asked for more detail.",
    "{n} of the {m} posts have been filled and the remaining posts are out to advert.",
    "The protocol is in use in two teams and is being rolled out across the service.",
]
NOTES_DONE = [
    "Complete.",
    "Policy signed off and published on the intranet.",
    "Completed and embedded in practice.",
    "Signed off by the Improvement Board.",
    "All staff trained and the new process is live.",
    "Post appointed.",
    "Report agreed by the Senior Management Team and actions assigned.",
]
NOTES_WITHDRAWN = [
    "Withdrawn, as the action is superseded by the new practice model.",
    "Withdrawn by the Improvement Board and merged with another action.",
]
NOTES_REOPENED = [
    "Reopened after the audit found the change is not yet embedded in all teams.",
]
EVIDENCE = [
    "Improvement Board minutes",
    "Senior Management Team minutes",
    "Policy document",
    "Training attendance register",
    "Audit report",
    "Job description",
    "Appointment letter",
    "Performance report",
    "Practice guidance",
    "Committee report",
    "Staff briefing",
]
FUNDING_LINES = [
    ("Phase One", "Additional staffing as agreed by the Executive. Recruited."),
    ("Phase Two", "Further social work posts and agency cover."),
    ("Phase Three", "Quality assurance and training capacity."),
    ("Legal Capacity", "Two additional lawyers for the court team."),
    ("Care Leavers", "Personal advisers and the Local Offer."),
    ("Workforce", "Recruitment and retention package for social workers."),
]
MONTH_NAMES = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


@dataclass(frozen=True)
class PlanInfo:
    """What was written, so callers can report it without re-reading the files."""

    actions: int
    priorities: int
    files: list[Path]
    bytes: int


def month_index(year: int, month: int) -> int:
    """Months as one integer, so that adding and comparing months is arithmetic."""
    return year * 12 + month - 1


def month_text(index: int) -> str:
    """Format a month index as the spec's `YYYY-MM`."""
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def month_first_day(index: int) -> dt.date:
    """First day of a month index."""
    return dt.date(index // 12, index % 12 + 1, 1)


def month_last_day(index: int) -> dt.date:
    """Last day of a month index: the day before the next month starts."""
    return month_first_day(index + 1) - dt.timedelta(days=1)


#: Plain words YAML 1.1 reads as booleans or null: a code spelled like this must be quoted.
YAML_KEYWORDS = frozenset({"y", "n", "yes", "no", "on", "off", "true", "false", "null"})


def quote_code(code: str) -> str:
    """Quote a code where YAML, or the house style, needs it (`&` would start an anchor)."""
    plain = re.fullmatch(r"[A-Za-z][A-Za-z0-9 /]*", code) and code.lower() not in YAML_KEYWORDS
    if "&" in code or not plain:
        return json.dumps(code, ensure_ascii=False)
    return code


def flow_list(codes: list[str]) -> str:
    """A YAML flow sequence of codes, e.g. `[ADCSC, "HOS C&R"]`."""
    return "[" + ", ".join(quote_code(c) for c in codes) + "]"


def folded(key: str, text: str, indent: int) -> str:
    """`key: >-` followed by `text` wrapped at WRAP_COLUMNS, content indented two more.

    Written by hand because textwrap is five times slower and would double the time to write
    100,000 actions; the words of our vocabulary never contain whitespace, so a greedy fill
    is exact.
    """
    pad = " " * (indent + 2)
    width = WRAP_COLUMNS - indent - 2
    lines: list[str] = []
    current: list[str] = []
    length = -1
    for word in text.split(" "):
        if current and length + 1 + len(word) > width:
            lines.append(pad + " ".join(current))
            current, length = [], -1
        current.append(word)
        length += 1 + len(word)
    lines.append(pad + " ".join(current))
    return " " * indent + key + ": >-\n" + "\n".join(lines) + "\n"


def note_field(text: str, indent: int, *, always_folded: bool = False) -> str:
    """A short note as a plain scalar, a longer one folded; plain only when it is safe."""
    plain = len(text) <= PLAIN_NOTE_MAX and ": " not in text and " #" not in text
    if plain and text[0].isalnum() and not always_folded:
        return " " * indent + "note: " + text + "\n"
    return folded("note", text, indent)


def block_item(text: str) -> str:
    """An item of a block list: plain where YAML reads it back as the same text, else quoted."""
    plain = re.fullmatch(r"[A-Za-z0-9][^:#\n]*[^ ]", text) and text.lower() not in YAML_KEYWORDS
    return text if plain else json.dumps(text, ensure_ascii=False)


def block_list(key: str, items: list[str], indent: int) -> str:
    """`key:` and one `- item` a line below it; `key: []` when there are none."""
    if not items:
        return " " * indent + key + ": []\n"
    pad = " " * (indent + 2)
    return " " * indent + key + ":\n" + "".join(f"{pad}- {block_item(i)}\n" for i in items)


class Writer:
    """Holds the random stream and the plan's shape while the files are written."""

    def __init__(self, seed: int, style: str = "flow") -> None:
        """Seed the one random stream every choice comes from, so output is reproducible."""
        if style not in STYLES:
            raise ValueError(f"unknown style {style!r}: one of {', '.join(STYLES)}")
        self.rng = random.Random(seed)
        self.style = style
        self.roles = list(ROLES)
        self.agencies = list(AGENCIES)
        self.first = month_index(*FIRST_MONTH)
        self.last = month_index(*LAST_MONTH)

    def action_text(self) -> str:
        """A key action of 20-60 words built from children's-services phrases."""
        rng = self.rng
        target = rng.randint(20, 60)
        words = " ".join(
            (rng.choice(VERBS), rng.choice(OBJECTS), rng.choice(QUALIFIERS), rng.choice(PURPOSES))
        ).split(" ")
        words[-1] += "."
        pool = EXTRAS
        while len(words) < target:
            extra = rng.choice(pool).split(" ")
            if len(words) + len(extra) > 60:
                break
            words.extend(extra)
        if len(words) < 20:  # cannot happen with the phrase lists above, kept as a guard
            words.extend(GUARD_SENTENCE.split(" "))
        return " ".join(words)

    def note(self, status: str, reopened: bool) -> str:
        """A progress note that reads like the status it accompanies."""
        rng = self.rng
        if reopened:
            return rng.choice(NOTES_REOPENED)
        if status == "complete":
            return rng.choice(NOTES_DONE)
        if status == "withdrawn":
            return rng.choice(NOTES_WITHDRAWN)
        if status == "not-started":
            return "Not started; waiting on the outcome of the restructure."
        if rng.random() < 0.4:
            return rng.choice(NOTES_STARTED)
        n = rng.randint(3, 60)
        return rng.choice(NOTES_PROGRESS).format(n=n, m=n + rng.randint(1, 12))

    def statuses(self, count: int) -> list[str]:
        """A believable status history: mostly in-progress ending complete, a few otherwise."""
        rng = self.rng
        out = ["in-progress"] * count
        roll = rng.random()
        if roll < 0.62:
            out[-1] = "complete"
            if count >= 3 and rng.random() < 0.04:  # completed, reopened, completed again
                out[-3] = "complete"
        elif roll < 0.65:
            out[-1] = "withdrawn"
        if count >= 2 and rng.random() < 0.08:
            out[0] = "not-started"
        return out

    def evidence(self, day: dt.date) -> str:
        """The evidence of a completion, in the style's way: one or two documents or links."""
        rng = self.rng
        when = f"{MONTH_NAMES[day.month - 1]} {day.year}"
        items = [f"{doc}, {when}" for doc in rng.sample(EVIDENCE, rng.randint(1, 2))]
        if self.style == "block":
            return block_list("evidence", items, 8)
        if self.style in ("flow", "warnings") and rng.random() < 0.5:
            link = f"https://intranet.example/csip/{day.year}/{day.month:02d}/{rng.randint(1, 999)}"
            written = [link] + [json.dumps(i, ensure_ascii=False) for i in items[:1]]
        else:
            written = [json.dumps(i, ensure_ascii=False) for i in items]
        return "        evidence: [" + ", ".join(written) + "]\n"

    def codes(self, key: str, codes: list[str]) -> str:
        """Lead or agency codes: a flow list, a block list, or a bare code."""
        if self.style == "block":
            return block_list(key, codes, 4)
        if self.style == "single":
            return f"    {key}: {quote_code(codes[0])}\n" if codes else ""
        return f"    {key}: " + flow_list(codes) + "\n"

    def action(self, action_id: str, out: list[str]) -> None:
        """Append one action, with its updates, to `out`."""
        rng = self.rng
        # Front-loaded like a real plan: about half the actions start in its first year.
        start = min(int(rng.triangular(self.first, self.last + 1, self.first)), self.last)
        due = min(start + rng.choice((0, 1, 2, 3, 3, 4, 5, 6, 9, 12)), self.last)
        out.append(f'  - id: "{action_id}"\n')
        out.append(folded("action", self.action_text(), 4))
        single = self.style == "single"
        leads = rng.sample(self.roles, 1 if single else rng.choice((1, 1, 1, 2)))
        out.append(self.codes("lead", leads))
        count = rng.choice((0, 1) if single else (0, 0, 1, 1, 2, 3))
        out.append(self.codes("agencies", rng.sample(self.agencies, count)))
        if start != self.first or rng.random() < 0.5:
            out.append(f"    start: {month_text(start)}\n")
        out.append(f"    due: {month_text(due)}\n")
        warnings = self.style == "warnings"
        if warnings and rng.random() < 0.33:
            return  # started long ago, and no update: a warning

        out.append("    updates:\n")
        low = month_first_day(start).toordinal()
        high = min(month_last_day(due) + dt.timedelta(days=200), LAST_UPDATE).toordinal()
        count = rng.choice((1, 2, 2, 3, 3, 4))
        days = sorted(rng.sample(range(low, high + 1), count))
        statuses = self.statuses(count)
        for i, (ordinal, status) in enumerate(zip(days, statuses, strict=True)):
            day = dt.date.fromordinal(ordinal)
            reopened = i > 0 and statuses[i - 1] == "complete" and status != "complete"
            out.append(f"      - date: {day.isoformat()}\n")
            out.append(f"        status: {status}\n")
            note = self.note(status, reopened)
            out.append(note_field(note, 8, always_folded=self.style == "folded"))
            if status == "in-progress" and rng.random() < 0.12:
                revised = month_index(day.year, day.month) + rng.randint(1, 4)
                out.append(f"        due: {month_text(min(max(revised, start), self.last))}\n")
            if status == "complete" and not (warnings and rng.random() < 0.33):
                out.append(self.evidence(day))

    def priority_sizes(self, actions: int) -> list[int]:
        """Split the actions over priorities: uneven like the reference plan, none over the cap."""
        priorities = max(MIN_PRIORITIES, math.ceil(actions / MAX_ACTIONS_PER_FILE))
        average = actions / priorities
        spread = min(0.6 * average, MAX_ACTIONS_PER_FILE - average)
        weights = [average + self.rng.uniform(-spread, spread) for _ in range(priorities)]
        scale = actions / sum(weights)
        sizes = [max(1, min(MAX_ACTIONS_PER_FILE, int(w * scale))) for w in weights]
        # Hand out (or take back) the rounding remainder one action at a time.
        i = 0
        while sum(sizes) != actions:
            step = 1 if sum(sizes) < actions else -1
            j = i % priorities
            if 1 <= sizes[j] + step <= MAX_ACTIONS_PER_FILE:
                sizes[j] += step
            i += 1
        return sizes

    def priority_file(self, number: int, size: int, ids: list[str]) -> tuple[str, str]:
        """Return (file name, text) of one priority file; its action IDs go into `ids`."""
        rng = self.rng
        theme, short = PRIORITY_THEMES[(number - 1) % len(PRIORITY_THEMES)]
        stage = (number - 1) // len(PRIORITY_THEMES)
        title = theme if stage == 0 else f"{theme} (Stage {stage + 1})"
        short = short if stage == 0 else f"{short} {stage + 1}"
        slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
        out = [f"priority: {number}\n", f"title: {title}\n"]
        if rng.random() < 0.8:
            out.append(f"short_title: {short}\n")
        out.append("actions:\n")
        section, item, section_size = 1, 0, rng.randint(2, 9)
        for _ in range(size):
            item += 1
            if item > section_size:
                section, item, section_size = section + 1, 1, rng.randint(2, 9)
            action_id = f"{number}.{section}.{item}"
            ids.append(action_id)
            self.action(action_id, out)
        return f"{number:02d}-{slug}.yaml", "".join(out)

    def plan_file(self) -> str:
        """plan.yaml: title, organisation, start month, roles and agencies."""
        out = [
            "title: Children's Services Improvement Plan (synthetic benchmark)\n",
            "organisation: London Borough of Examplebury\n",
            f"starts: {month_text(self.first)}\n",
            "roles:\n",
        ]
        out.extend(f"  {quote_code(code)}: {name}\n" for code, name in ROLES.items())
        out.append("agencies:\n")
        for code, description in AGENCIES.items():
            out.append(f"  {quote_code(code)}:" + (f" {description}\n" if description else "\n"))
        return "".join(out)

    def funding_file(self, ids: list[str]) -> str:
        """funding.yaml: a few lines, each serving one to three existing actions."""
        rng = self.rng
        out = ['units: "£\'000"\n', "lines:\n"]
        for name, comment in FUNDING_LINES:
            served = rng.sample(ids, min(len(ids), rng.randint(1, 3)))
            out.append(f"  - name: {name}\n")
            out.append(f"    actions: [{', '.join(json.dumps(i) for i in served)}]\n")
            out.append("    years:\n")
            budget = rng.randint(50, 1200)
            spend = budget - rng.randint(0, 40)
            out.append(f"      2016/17: {{budget: {budget}, spend: {spend}}}\n")
            later = rng.randint(50, 1500)
            out.append(f"      2017/18: {{budget: {later}, committed: {later}}}\n")
            out.append(f"    comment: {comment}\n")
        return "".join(out)


def write_plan(out_dir: Path, actions: int, seed: int = 1, style: str = "flow") -> PlanInfo:
    """Write a plan of `actions` actions into `out_dir` (created; existing .yaml files removed)."""
    if actions < 1:
        raise ValueError("a plan needs at least one action")
    out_dir.mkdir(parents=True, exist_ok=True)
    for old in list(out_dir.glob("*.yaml")) + list(out_dir.glob("*.yml")):
        old.unlink()
    writer = Writer(seed, style)
    files: list[Path] = []
    total = 0

    def emit(name: str, text: str) -> None:
        nonlocal total
        path = out_dir / name
        data = text.encode("utf-8")
        path.write_bytes(data)
        files.append(path)
        total += len(data)

    emit("plan.yaml", writer.plan_file())
    ids: list[str] = []
    sizes = writer.priority_sizes(actions)
    for number, size in enumerate(sizes, start=1):
        emit(*writer.priority_file(number, size, ids))
    emit("funding.yaml", writer.funding_file(ids))
    return PlanInfo(actions=actions, priorities=len(sizes), files=files, bytes=total)


def main(argv: list[str] | None = None) -> int:
    """Command line: generate one plan and say how big it is and how long it took."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--actions", type=int, required=True, help="number of actions")
    parser.add_argument("--out", type=Path, required=True, help="plan directory to write")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--style", choices=STYLES, default="flow", help="how the plan is written")
    args = parser.parse_args(argv)
    if args.actions < 1:
        parser.error("--actions must be at least 1")
    started = time.perf_counter()
    info = write_plan(args.out, args.actions, args.seed, args.style)
    elapsed = time.perf_counter() - started
    print(
        f"{args.out}: {info.actions} actions in {info.priorities} priority files, "
        f"{info.bytes / 1e6:.1f} MB, {elapsed:.2f} s",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
