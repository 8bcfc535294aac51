"""The plan as every figure is computed from: its priorities and actions, assembled once valid."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from csip.model.files import Action, FundingFile, PlanFile, id_key
from csip.model.parts import Parts
from csip.model.recommendations import RecommendationsFile


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
    recommendations: RecommendationsFile | None = None
    """recommendations.yaml, when the plan has one."""

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
        """An action's start month: its own, or the plan's when it gives none."""
        return action.start or self.header.starts


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
    recommendations = parts.recommendations_file[1] if parts.recommendations_file else None
    return Plan(
        directory, parts.plan_file[1], tuple(priorities), funding, actions_by_id, recommendations
    )
