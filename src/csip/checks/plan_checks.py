"""The rules that look beyond one file's model: each a function from the plan's parts to findings.

Every check has the same signature and returns its findings; none stops the run, so one
``csip validate`` reports every problem in the plan.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from csip.checks.check import Check
from csip.model.domain import effective_start
from csip.model.files import id_key
from csip.model.messages import Suggestions, shown, unknown_code
from csip.model.parts import ActionsSummary, Parts, dated_log, readable
from csip.problems import Finding


def unique_priorities(parts: Parts, today: dt.date) -> Iterator[Finding]:
    first: dict[int, str] = {}
    for part in parts.priority_files:
        path, number = part.path, part.number
        if number is None:
            continue
        if number in first:
            for here, there in ((path, first[number]), (first[number], path)):
                yield Finding(
                    here,
                    ("priority",),
                    "duplicate-priority",
                    f"priority {number} is also the priority of {{related}}",
                    related=(there, ("priority",)),
                )
        else:
            first[number] = path


def _ids(parts: Parts) -> Iterator[tuple[str, int, str]]:
    """Every well-written action ID with its file and index, also of actions that failed."""
    for part in parts.priority_files:
        for index, action_id in part.ids:
            yield part.path, index, action_id


def unique_ids(parts: Parts, today: dt.date) -> Iterator[Finding]:
    """Each action ID once in the whole plan; IDs equal as numbers (1.1, 1.01) are one ID."""
    keys = [id_key(action_id) for part in parts.priority_files for _, action_id in part.ids]
    if len(set(keys)) == len(keys):
        return  # none taken twice: nothing to look for
    seen: dict[tuple[int, ...], tuple[str, int, str]] = {}
    reported: set[tuple[int, ...]] = set()
    for path, index, action_id in _ids(parts):
        key = id_key(action_id)
        entry = (path, index, action_id)
        first = seen.setdefault(key, entry)
        if first is entry:
            continue
        first_path, first_index, first_id = first
        here = (path, ("actions", index, "id"))
        there = (first_path, ("actions", first_index, "id"))
        if key not in reported:
            reported.add(key)
            yield Finding(
                there[0],
                there[1],
                "duplicate-id",
                f"action ID '{shown(first_id)}' is used again{_as(action_id, first_id)} at "
                "{related}",
                related=here,
            )
        yield Finding(
            here[0],
            here[1],
            "duplicate-id",
            f"action ID '{shown(action_id)}' is already used{_as(first_id, action_id)} at "
            "{related}",
            related=there,
        )


def _as(other: str, action_id: str) -> str:
    """`` (as '1.1')`` when the other copy of an ID is written differently (1.01)."""
    return f" (as '{shown(other)}')" if other != action_id else ""


def ids_match_priority(parts: Parts, today: dt.date) -> Iterator[Finding]:
    for part in parts.priority_files:
        number = part.number
        for index, action_id in part.ids:
            if number is not None and id_key(action_id)[0] != number:
                yield Finding(
                    part.path,
                    ("actions", index, "id"),
                    "id-not-in-priority",
                    f"action '{shown(action_id)}' is in the priority {number} file: its ID must "
                    f"start with {number}",
                )


def declared_codes(parts: Parts, today: dt.date) -> Iterator[Finding]:
    """Every lead is a role plan.yaml declares, and every agency one of its agencies: each
    kind checked while plan.yaml's list of it can be read, whatever else is wrong there."""
    header = parts.plan_readable
    if header is None:
        return
    kinds: dict[str, tuple[str, dict[str, str | None], Suggestions]] = {}
    for key, what, listed in (("lead", "role", "roles"), ("agencies", "agency", "agencies")):
        if listed not in header.unsound:
            codes = getattr(header.record, listed)
            kinds[key] = (what, codes, Suggestions(codes))

    def unknown(path: str, index: int, key: str, position: int, code: str) -> Finding:
        what, _, suggestions = kinds[key]
        return Finding(
            path,
            ("actions", index, key, position),
            f"unknown-{what}",
            unknown_code(what, code, header.path, suggestions),
        )

    def undeclared(key: str, used: frozenset[str]) -> bool:
        return key in kinds and not used <= kinds[key][1].keys()

    for path, index, action in parts.actions(
        lambda summary: (
            undeclared("lead", summary.leads) or undeclared("agencies", summary.agencies)
        ),
    ):
        for key, codes in (("lead", action.lead), ("agencies", action.agencies)):
            if key in kinds:
                for position, code in enumerate(codes):
                    if code not in kinds[key][1]:
                        yield unknown(path, index, key, position, code)
    for part in parts.priority_files:
        for index, key, position, code in part.loose_codes:
            if key in kinds and code not in kinds[key][1]:
                yield unknown(part.path, index, key, position, code)


def timescales(parts: Parts, today: dt.date) -> Iterator[Finding]:
    """Due no earlier than it starts, counting an omitted start as the plan's start month."""
    header = readable(parts.plan_readable, ("starts",))
    plan_path, plan_starts = ("", "") if header is None else (header.path, header.record.starts)
    for path, index, action in parts.actions(
        lambda summary: (
            summary.starts_after_due
            or (summary.earliest_due is not None and plan_starts > summary.earliest_due)
        ),
        reading=frozenset({"id", "start", "due"}),
    ):
        if effective_start(action.start, plan_starts) <= action.due:
            continue
        if action.start is not None and action.start > action.due:
            yield Finding(
                path,
                ("actions", index, "start"),
                "start-after-due",
                f"action '{action.id}' starts ({action.start}) after it is due ({action.due})",
            )
        else:
            yield Finding(
                path,
                ("actions", index, "due"),
                "due-before-plan",
                f"action '{action.id}' is due ({action.due}) before the plan starts "
                f"({plan_starts}, in {plan_path})",
            )


def progress_logs(parts: Parts, today: dt.date) -> Iterator[Finding]:
    day = today.isoformat()
    for path, index, action in parts.actions(
        lambda summary: (
            not summary.updates_in_order
            or (summary.latest_update is not None and summary.latest_update > day)
        ),
        reading=frozenset({"updates", "updates.date"}),
    ):
        for number, update, before in dated_log(action.updates):
            if before is not None and update.date < before:
                yield Finding(
                    path,
                    ("actions", index, "updates", number, "date"),
                    "updates-out-of-order",
                    f"update dated {update.date} comes after one dated {before}: keep the "
                    "progress log oldest first",
                )
            if update.date > today:
                yield Finding(
                    path,
                    ("actions", index, "updates", number, "date"),
                    "update-in-future",
                    f"update dated {update.date} is after today ({today})",
                )


def evidence_for_completion(parts: Parts, today: dt.date) -> Iterator[Finding]:
    reading = frozenset({"id", "updates", "updates.date", "updates.status", "updates.evidence"})
    for part in parts.priority_files:
        partly = ActionsSummary.of(part.readable(reading))
        for index, number, action_id, date in (
            *part.summary.without_evidence,
            *partly.without_evidence,
        ):
            yield Finding(
                part.path,
                ("actions", index, "updates", number, "status"),
                "no-evidence",
                f"action '{action_id}' is marked complete on {date} without evidence",
                level="warning",
            )


def started_without_update(parts: Parts, today: dt.date) -> Iterator[Finding]:
    header = readable(parts.plan_readable, ("starts",))
    if header is None:
        return
    starts = header.record.starts
    this_month = f"{today.year:04d}-{today.month:02d}"
    if starts >= this_month:
        return  # no action can have started before this month
    reading = frozenset({"id", "start", "updates"})
    for part in parts.priority_files:
        partly = ActionsSummary.of(part.readable(reading))
        for index, action_id, start in (*part.summary.unupdated, *partly.unupdated):
            begins = effective_start(start, starts)
            if begins < this_month:
                yield Finding(
                    part.path,
                    ("actions", index, "id"),
                    "no-update",
                    f"action '{action_id}' was due to start in {begins} and has no update yet",
                    level="warning",
                )


def funded_actions_exist(parts: Parts, today: dt.date) -> Iterator[Finding]:
    """Every action a funding line names exists, checked while the lines' names and actions
    can be read, whatever else is wrong in the ledger."""
    ledger = readable(parts.funding_readable, ("lines", "lines.name", "lines.actions"))
    if ledger is None:
        return
    known = {action_id for part in parts.priority_files for _, action_id in part.ids}
    suggestions = Suggestions(known)
    path = ledger.path
    for line_number, line in enumerate(ledger.record.lines):
        for position, action_id in enumerate(line.actions):
            if action_id not in known:
                yield Finding(
                    path,
                    ("lines", line_number, "actions", position),
                    "unknown-action",
                    f"funding line '{shown(line.name)}' names action '{action_id}', which the plan "
                    f"does not have{suggestions.hint(action_id)}",
                )


CHECKS: tuple[Check, ...] = (
    unique_priorities,
    unique_ids,
    ids_match_priority,
    declared_codes,
    timescales,
    progress_logs,
    evidence_for_completion,
    started_without_update,
    funded_actions_exist,
)

WARN_ONLY: frozenset[Check] = frozenset({evidence_for_completion, started_without_update})
"""The checks of this module that only ever warn."""
