"""The plan as every figure is computed from: its priorities and actions, assembled once valid."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from csip.model.files import Action, FundingFile, PlanFile, id_key
from csip.model.papers import Paper, PaperFile
from csip.model.parts import Parts


@dataclass(frozen=True, slots=True)
class Priority:
    """One priority of the plan and its actions, in ID order."""

    number: int
    title: str
    short_title: str
    file: str
    actions: tuple[Action, ...]

    @property
    def label(self) -> str:
        """How reports name it: "Priority 6", an en dash, then its short title."""
        return f"Priority {self.number} \N{EN DASH} {self.short_title}"


@dataclass(frozen=True)
class Plan:
    """A whole plan that passed validation: what every report is computed from."""

    directory: str
    header: PlanFile
    priorities: tuple[Priority, ...]
    funding: FundingFile | None
    actions_by_id: dict[str, Action] = field(repr=False)
    papers: dict[str, PaperFile] = field(default_factory=dict, repr=False)
    """What officers wrote for each month's papers, by month."""

    @property
    def title(self) -> str:
        return self.header.title

    @property
    def starts(self) -> str:
        return self.header.starts

    def actions(self) -> Iterator[Action]:
        """Every action in ID order."""
        for priority in self.priorities:
            yield from priority.actions

    def start_of(self, action: Action) -> str:
        return effective_start(action.start, self.header.starts)

    @property
    def ends(self) -> str | None:
        """The plan's last month, after which no report is made; None when it runs on."""
        return self.header.ends

    def role_title(self, code: str) -> str:
        """What a lead code stands for, or the code itself when plan.yaml gives no description."""
        return self.header.roles.get(code) or code

    def agency_title(self, code: str) -> str:
        """What an agency code stands for, or the code itself when plan.yaml gives none."""
        return self.header.agencies.get(code) or code

    def paper(self, month: str) -> Paper:
        """Month ``month``'s paper details and narrative, plan.yaml's defaults filled in."""
        return Paper.of(month, self.header.paper, self.papers.get(month))


def effective_start(start: str | None, plan_starts: str) -> str:
    """The month an action's timescale runs from: the one rule RAG, checks and reports share.

    An action without ``start`` starts with the plan; one that names a month before the plan
    started is counted from the plan's start too, since no reporting period runs earlier.
    """
    if start is None or start < plan_starts:
        return plan_starts
    return start


def assemble(directory: str, parts: Parts) -> Plan:
    """The valid plan from the parts that passed their models, priorities in number order."""
    assert parts.plan_file is not None
    priorities = []
    files = [(part.path, part.model) for part in parts.priority_files if part.model is not None]
    for path, priority_file in sorted(files, key=lambda item: item[1].priority):
        priorities.append(
            Priority(
                number=priority_file.priority,
                title=priority_file.title,
                short_title=priority_file.short_title or priority_file.title,
                file=path,
                actions=tuple(sorted(priority_file.actions, key=lambda action: id_key(action.id))),
            )
        )
    actions_by_id = {action.id: action for priority in priorities for action in priority.actions}
    funding = parts.funding_file[1] if parts.funding_file else None
    papers = {month: paper for _, month, paper in parts.papers}
    return Plan(directory, parts.plan_file[1], tuple(priorities), funding, actions_by_id, papers)
