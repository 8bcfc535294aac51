"""A plan directory, read whole: every file parsed, validated and checked, problems collected.

The flow is one way: discover the files → read the YAML → validate each file against its model
→ run the cross-file checks → place every problem at its line. ``load_plan`` returns the plan
only when no error was found; every other command reports from that plan and nothing else.
"""

from __future__ import annotations

import datetime as dt
import gc
import re
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from csip.checks import run_checks
from csip.load.reader import Data, Loc, PositionIndex, YamlError, read, read_with_positions
from csip.model import messages
from csip.model.domain import Plan, assemble
from csip.model.files import Action, FundingFile, PlanFile, PriorityFile, is_action_id
from csip.model.inspection import RecommendationsFile
from csip.model.meetings import MeetingFile, meeting_part
from csip.model.papers import PaperFile
from csip.model.parts import Parts, PriorityPart
from csip.months import parse_month
from csip.problems import Finding, Problem

PLAN_FILE = "plan.yaml"
FUNDING_FILES = ("funding.yaml", "funding.yml")
MEETINGS_FOLDER = "meetings"
RECOMMENDATIONS_FILES = ("recommendations.yaml", "recommendations.yml")
PAPERS_FOLDER = "papers"
"""Where the officers' narrative for each month's papers lives: ``papers/YYYY-MM.yaml``."""
# A priority file of 2,500 actions is about 2 MB; a file four times that is refused unread, so a
# huge file costs no time (reading 10 MB of YAML takes seconds even for libyaml).
MAX_FILE_BYTES = 8 * 1024 * 1024

_M = TypeVar("_M", bound=BaseModel)


class PlanNotFound(Exception):
    """The plan directory does not exist: a wrong command line, not a problem in the plan."""


@dataclass
class SourceFile:
    """One file of the plan as read: its data, and its positions once a problem needs them.

    The text is not kept: a clean plan never needs positions, and for a file with problems
    they are read again from the file (the careful reader, that file only).
    """

    path: str
    file: Path
    data: Data
    index: PositionIndex | None

    def positions(self) -> PositionIndex:
        if self.index is None:
            try:
                text = self.file.read_bytes().decode("utf-8")
                self.index = read_with_positions(text)[1]
            except (OSError, UnicodeDecodeError, YamlError):
                self.index = PositionIndex()  # changed under us: problems point at 1:1
        return self.index


@dataclass
class Loaded:
    """What reading a plan directory gives: the plan (when it has no errors) and every problem."""

    plan: Plan | None
    problems: list[Problem]
    files: int
    priorities: int
    actions: int


def discover(directory: Path) -> list[Path]:
    """A folder's YAML files, in name order; hidden files are not part of the plan."""
    if not directory.is_dir():
        raise PlanNotFound(f"no plan directory at '{directory}'")
    return sorted(
        path
        for path in directory.iterdir()
        if path.suffix in (".yaml", ".yml") and not path.name.startswith(".") and path.is_file()
    )


def load_plan(directory: Path, today: dt.date) -> Loaded:
    """Read, validate and check every file of the plan in ``directory``."""
    with _collector_paused():
        loaded = _load_plan(directory, today)
    # What was loaded lives as long as the command: later collections need not walk it again.
    gc.freeze()
    return loaded


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while the plan is built.

    Reading makes millions of small objects and no reference cycles; the collector would walk
    all of them again each time a few thousand more appear, so time would grow faster than the
    plan does.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _load_plan(directory: Path, today: dt.date) -> Loaded:
    paths = discover(directory)
    meetings = directory / MEETINGS_FOLDER
    meeting_paths = discover(meetings) if meetings.is_dir() else []
    papers = directory / PAPERS_FOLDER
    paper_paths = discover(papers) if papers.is_dir() else []
    problems: list[Problem] = []
    findings: list[Finding] = []
    sources: dict[str, SourceFile] = {}
    parts = Parts()
    for path in [*paths, *meeting_paths, *paper_paths]:
        shown = str(path)
        if path.name in RECOMMENDATIONS_FILES:
            parts.recommendations_file = (shown, None)  # there, even if it cannot be read
        source = _read_file(path, shown, problems)
        if source is None:
            parts.unread.append(shown)
            continue
        sources[shown] = source
        if path.parent == meetings:
            meeting = _validate(MeetingFile, source, findings)
            parts.meetings.append(meeting_part(shown, source.data, meeting))
        elif path.parent == papers:
            _paper_part(path, source, parts, findings, problems)
        elif path.name in FUNDING_FILES:
            funding = _validate(FundingFile, source, findings)
            if funding is not None:
                parts.funding_file = (shown, funding)
        elif path.name in RECOMMENDATIONS_FILES:
            parts.recommendations_file = (shown, _validate(RecommendationsFile, source, findings))
        elif path.name == PLAN_FILE:
            header = _validate(PlanFile, source, findings)
            if header is not None:
                parts.plan_file = (shown, header)
        else:
            parts.priority_files.append(_priority_part(source, findings))
        # The models hold what the reports need; positions are re-read from the text if asked.
        source.data = None
    if not any(path.name == PLAN_FILE and path.parent == directory for path in paths):
        problems.append(
            Problem(
                str(directory / PLAN_FILE),
                1,
                1,
                "error",
                "missing-file",
                "the plan has no plan.yaml: it gives the plan's title, start month, roles and "
                "agencies",
            )
        )
    findings.extend(run_checks(parts, today))
    problems.extend(locate(findings, sources))
    problems.sort()
    action_count = sum(part.written for part in parts.priority_files)
    plan = None
    if parts.plan_file is not None and not any(p.level == "error" for p in problems):
        plan = assemble(str(directory), parts)
    files = len(paths) + len(meeting_paths) + len(paper_paths)
    return Loaded(plan, problems, files, len(parts.priority_files), action_count)


def _read_file(path: Path, shown: str, problems: list[Problem]) -> SourceFile | None:
    """The file's text and data, or None with the reason added to ``problems``."""

    def refuse(line: int, column: int, code: str, message: str) -> None:
        problems.append(Problem(shown, line, column, "error", code, message))

    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            size = f"{MAX_FILE_BYTES // 2**20} MB"
            refuse(1, 1, "too-large", f"the file is over {size}, far larger than any plan file")
            return None
        raw = path.read_bytes()
    except OSError as error:
        refuse(1, 1, "unreadable", f"cannot read the file: {error.strerror}")
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        line_start = raw.rfind(b"\n", 0, error.start) + 1
        column = len(raw[line_start : error.start].decode("utf-8", "replace")) + 1
        refuse(line, column, "not-text", "not UTF-8 text: plan files are UTF-8 YAML")
        return None
    try:
        data, index, duplicates = read(text)
    except YamlError as error:
        where = error.problem.position
        refuse(where.line, where.column, error.problem.code, error.problem.message)
        return None
    for duplicate in duplicates:
        where = duplicate.position
        refuse(where.line, where.column, duplicate.code, duplicate.message)
    if data is None:
        refuse(1, 1, "empty-file", "the file is empty: a plan file is a mapping of keys to values")
        return None
    if not isinstance(data, dict):
        refuse(
            1,
            1,
            "not-a-mapping",
            f"expected a mapping of keys to values, found {messages.kind_of(data)}",
        )
        return None
    return SourceFile(shown, path, data, index)


def _priority_part(source: SourceFile, findings: list[Finding]) -> PriorityPart:
    """Validate a priority file; when it fails, keep its number and each action that passes."""
    assert isinstance(source.data, dict)
    items = source.data.get("actions")
    written = len(items) if isinstance(items, list) else 0
    model = _validate(PriorityFile, source, findings)
    if model is not None:
        actions = list(enumerate(model.actions))
        ids = [(index, action.id) for index, action in actions]
        return PriorityPart(source.path, model.priority, actions, ids, written, model)
    number = None
    with suppress(ValidationError):
        heading = {"priority": source.data.get("priority"), "title": "-"}
        number = PriorityFile.model_validate(heading).priority
    actions, ids = [], []
    for index, item in enumerate(items if isinstance(items, list) else []):
        action_id = item.get("id") if isinstance(item, dict) else None
        if is_action_id(action_id):
            ids.append((index, action_id))
        with suppress(ValidationError):
            actions.append((index, Action.model_validate(item)))
    return PriorityPart(source.path, number, actions, ids, written, None)


def _paper_part(
    path: Path, source: SourceFile, parts: Parts, findings: list[Finding], problems: list[Problem]
) -> None:
    """Validate a paper file, which must be named for the month it reports on."""
    paper = _validate(PaperFile, source, findings)
    month = parse_month(path.stem)
    if month is None:
        problems.append(
            Problem(
                source.path,
                1,
                1,
                "error",
                "bad-paper-name",
                f"'{path.stem}' is not a month: a paper file is named for the month it reports "
                f"on, such as {PAPERS_FOLDER}/2017-01.yaml",
            )
        )
    elif paper is not None:
        parts.papers.append((source.path, month, paper))


def _validate(kind: type[_M], source: SourceFile, findings: list[Finding]) -> _M | None:
    try:
        return kind.model_validate(source.data)
    except ValidationError as error:
        for detail in error.errors(include_url=False):
            findings.append(_finding(kind, source, detail))
        return None


_QUOTED = re.compile(r"'([^']*)'")


def _finding(kind: type[BaseModel], source: SourceFile, detail: Any) -> Finding:
    """One pydantic error as a finding in plain words, pointing at the key or value at fault."""
    error_type: str = detail["type"]
    loc: Loc = tuple(detail["loc"])
    found = _existing_path(source.data, loc)
    anchor: Any = "value"
    if error_type in ("missing", "extra_forbidden"):
        field_name = str(loc[-1])
        anchor = "key"
    else:
        field_name = next((str(part) for part in reversed(found) if isinstance(part, str)), "")
        if loc and loc[-1] == "[key]":
            anchor = "key"
    choices: list[str] = []
    if error_type == "extra_forbidden":
        parent = _model_at(kind, found[:-1])
        choices = list(parent.model_fields) if parent is not None else []
    elif error_type == "literal_error":
        choices = _QUOTED.findall(str(detail.get("ctx", {}).get("expected", "")))
    code, message = messages.describe(
        error_type, field_name, detail.get("input"), dict(detail.get("ctx") or {}), choices
    )
    return Finding(source.path, loc, code, message, anchor=anchor)


def _existing_path(data: Data, loc: Loc) -> Loc:
    """The longest start of ``loc`` that names a node in ``data``."""
    node: Any = data
    path: list[str | int] = []
    for part in loc:
        in_mapping = isinstance(node, dict) and isinstance(part, str) and part in node
        in_list = isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        if not (in_mapping or in_list):
            break
        node = node[part]
        path.append(part)
    return tuple(path)


def _model_at(root: type[BaseModel], loc: Loc) -> type[BaseModel] | None:
    """The model class that describes the mapping at ``loc``, for "did you mean" suggestions."""
    from typing import get_args, get_origin

    current: Any = root
    for part in loc:
        current = _unwrap(current)
        if isinstance(current, type) and issubclass(current, BaseModel) and isinstance(part, str):
            field_info = current.model_fields.get(part)
            if field_info is None:
                return None
            current = field_info.annotation
        elif get_origin(current) is list and isinstance(part, int):
            current = get_args(current)[0]
        elif get_origin(current) is dict and isinstance(part, str):
            current = get_args(current)[1]
        else:
            return None
    current = _unwrap(current)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _unwrap(annotation: Any) -> Any:
    """``Annotated[X, …]`` and ``X | None`` as X."""
    from typing import Annotated, Union, get_args, get_origin

    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation = get_args(annotation)[0]
        elif origin is Union or str(origin) == "<class 'types.UnionType'>":
            members = [arg for arg in get_args(annotation) if arg is not type(None)]
            if len(members) != 1:
                return annotation
            annotation = members[0]
        else:
            return annotation


def locate(findings: list[Finding], sources: dict[str, SourceFile]) -> list[Problem]:
    """Give every finding its line and column, reading positions only for the files concerned."""

    def place(file: str, loc: Loc, anchor: str) -> tuple[int, int]:
        source = sources.get(file)
        if source is None:
            return 1, 1
        found, placed = source.positions().find(loc)
        position = placed.key if anchor == "key" and found == loc else placed.value
        if anchor == "key" and found != loc and loc[-1:] == ("[key]",):
            position = placed.key
        return position.line, position.column

    problems = []
    for finding in findings:
        line, column = place(finding.file, finding.loc, finding.anchor)
        message = finding.message
        if finding.related is not None:
            other_file, other_loc = finding.related
            other_line, other_column = place(other_file, other_loc, finding.anchor)
            message = message.replace("{related}", f"{other_file}:{other_line}:{other_column}")
        problems.append(Problem(finding.file, line, column, finding.level, finding.code, message))
    return problems
