"""A plan directory, read whole: every file parsed, validated and checked, problems collected.

The flow is one way: discover the files → read each one (from the cache when its bytes are
unchanged) → validate it against its model → run the cross-file checks → place every problem
at its line. What a file gives on its own (its records, its own problems, its position table,
which is read from the cache only when a problem found across files is placed in it) depends
only on its bytes, so it is cached (``csip.load.cache``), and what validating its data
gives is cached by the data too; the cross-file checks and everything that depends on the date
run every time. A file that comes from the cache costs neither a YAML parser nor pydantic.
``load_plan`` returns the plan only when no error was found; every other command reports from
that plan and nothing else.

What kinds of file a plan holds is one table, ``KINDS``: adding a kind is adding an entry.
"""

from __future__ import annotations

import datetime as dt
import errno
import importlib
import marshal
import os
import stat
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, field, replace
from functools import cached_property, partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

from csip.checks import CHECKS, WARN_ONLY
from csip.load.cache import READ_FLAGS, Cache
from csip.load.positions import Loc, Positions
from csip.model import messages, plain
from csip.model.domain import Plan, assemble
from csip.model.files import ID_KEYS, Action, PriorityFile, id_key, is_action_id
from csip.model.parts import ActionsSummary, Parts, PriorityPart, Readable, Records
from csip.model.rules import Codes, Date, Priorities, Record
from csip.months import parse_month
from csip.problems import MORE_PROBLEMS, Finding, Level, Problem
from csip.words import plural

if TYPE_CHECKING:
    from csip.load.reader import Document
    from csip.load.validation import Errors
    from csip.model.meetings import MeetingPart

PLAN_FILE = "plan.yaml"
FUNDING_FILES = ("funding.yaml", "funding.yml")
RECOMMENDATIONS_FILES = ("recommendations.yaml", "recommendations.yml")
MEETINGS_FOLDER = "meetings"
"""One file per board meeting (spec section 7)."""
PAPERS_FOLDER = "papers"
"""Where the officers' narrative for each month's papers lives: ``papers/YYYY-MM.yaml``."""
YAML_SUFFIXES = (".yaml", ".yml")
# A priority file of 2,500 actions is about 2 MB; a file four times that is refused unread, so a
# huge file costs no time (reading 10 MB of YAML takes seconds even for libyaml).
MAX_FILE_BYTES = 8 * 1024 * 1024
# The most problems shown for one file; the rest are counted in a last line, so that output
# and memory stay small whatever a file holds.
MAX_PROBLEMS_PER_FILE = 100


class PlanNotFound(Exception):
    """The plan directory does not exist: a wrong command line, not a problem in the plan."""


class FileChanged(Exception):
    """A plan file changed while it was being read: what the checks found of it no longer
    holds of what it gives, so nothing may be made from it (run the command again)."""

    def __init__(self, file: str) -> None:
        super().__init__(file)
        self.file = file


@dataclass
class Loaded:
    """What reading a plan directory gives: the plan (when it has no errors) and every problem."""

    problems: list[Problem]
    files: int
    priorities: int
    actions: int
    directory: str = ""
    parts: Parts = field(default_factory=Parts, repr=False)
    unshown: dict[Level, int] = field(default_factory=lambda: {"error": 0, "warning": 0})
    """How many problems of each level were found but not shown, past each file's first
    ``MAX_PROBLEMS_PER_FILE`` (each file's line saying so stands for them)."""

    @cached_property
    def plan(self) -> Plan | None:
        """The valid plan, assembled when first asked for (``csip validate`` never asks).

        An error blocks only what depends on it: errors confined to the funding ledger or the
        recommendations file leave the plan without that file (and its report blocked, with the
        reason), and every other report is made; an error anywhere else blocks the plan.
        """
        if self.parts.plan_file is None:
            return None
        erring = {problem.file for problem in self.problems if problem.level == "error"}
        blocked: dict[str, str] = {}
        parts = self.parts
        for kind, names in (("funding", FUNDING_FILES), ("recommendations", RECOMMENDATIONS_FILES)):
            files = erring & {str(Path(self.directory) / name) for name in names}
            if files:
                erring -= files
                blocked[kind] = (
                    f"{', '.join(sorted(files))} has errors; fix them first (csip validate)"
                )
                if kind == "funding":
                    parts = replace(parts, funding_file=None)
                else:
                    parts = replace(parts, recommendations_file=None)
        if erring:
            return None
        return replace(assemble(self.directory, parts), blocked=blocked)


# --------------------------------------------------------------------------------------------
# The kinds of plan file.

# What a kind derives from a file on its own (None when nothing: the file failed its model), and
# that value as plain data for the cache and back (``csip.model.plain``).
Derive = Callable[["Document", "Errors"], Any]
ToPlain = Callable[[Any], Any]
Apart = Callable[[Any], Any]
"""The part of a kind's value that the cache stores in an entry of its own, read only when
first asked for: a priority file's records, most of what it holds, which the checks of a run
from the cache answer from its summary, but for a board's judgement of an action's work."""
Stored = Callable[[], Any]
"""The part stored apart, read from the cache; None when there is none (gone, or damaged)."""
Again = Callable[[], Any]
"""What a file gives, derived afresh: for a value from the cache that rebuilds a part of itself
only when first asked for (a priority file's records), should that part prove unusable. It
reads the file again, which must still hold the bytes the run checked (``FileChanged``)."""
FromPlain = Callable[[Any, Stored, Again], Any]
Attach = Callable[[Parts, str, Any], None]


class Kind(NamedTuple):
    """One kind of plan file: which files are of it, its model, and where its result goes.

    ``names`` are the file names it takes (a plan has at most one of them); None takes every
    other YAML file in ``folder`` (the plan folder itself when empty).
    """

    name: str
    names: tuple[str, ...] | None
    model: str
    """Its record class, ``module:Class``: imported when a file of the kind is read, so that a
    plan without meetings, papers or recommendations never loads their models."""
    derive: Derive
    to_plain: ToPlain
    from_plain: FromPlain
    attach: Attach
    folder: str = ""
    apart: Apart | None = None


def record_class(model: str) -> type[Record]:
    """The record class a kind names (``Kind.model``)."""
    module, name = model.split(":")
    found: type[Record] = getattr(importlib.import_module(module), name)
    return found


class Partial(NamedTuple):
    """What a file of one record gives when it fails its model: the record rebuilt from the
    fields that pass on their own, and the names of those that do not
    (``validation.salvaged``)."""

    record: Any
    unsound: frozenset[str]


def _record_kind(
    name: str,
    names: tuple[str, ...] | None,
    model: str,
    attach: Attach,
    folder: str = "",
    *,
    salvage: bool = False,
) -> Kind:
    """A kind whose file is one record; when it fails its model, nothing, or with ``salvage``
    what can be read of it (``Partial``)."""

    def derive(document: Document, errors: Errors) -> Any:
        from csip.load.validation import salvaged, validate

        value = validate(record_class(model), document.data, document.heavy, errors)
        if value is None and salvage and not errors.more:
            return Partial(*salvaged(record_class(model), document.data))
        return value

    def to_plain(value: Any) -> Any:
        if isinstance(value, Partial):
            return ("partial", plain.to_plain(value.record), sorted(value.unsound))
        return ("whole", plain.to_plain(value))

    def from_plain(content: Any, stored: Stored, again: Again) -> Any:
        record = plain.from_plain(record_class(model), content[1])
        if content[0] == "partial":
            return Partial(record, frozenset(map(str, content[2])))
        return record

    return Kind(name, names, model, derive, to_plain, from_plain, attach, folder)


def _attach_to(part: str) -> Attach:
    """Keep a file that passes as ``(path, record)`` in the field ``part`` of Parts (such as
    ``plan_file``), and what can be read of it, passing or not, in its ``…_readable`` field
    (``plan_readable``): a typo in one key must not hide from the checks what the rest says."""
    readable = part.removesuffix("_file") + "_readable"

    def attach(parts: Parts, path: str, value: Any) -> None:
        if isinstance(value, Partial):
            setattr(parts, readable, Readable(path, value.record, value.unsound))
        elif value is not None:
            setattr(parts, part, (path, value))
            setattr(parts, readable, Readable(path, value))

    return attach


def _attach_recommendations(parts: Parts, path: str, value: Any) -> None:
    """Kept even when the file fails (model ``None``): its recommendations are then neither
    known nor unknown to the checks that need the whole list, which wait until it is mended;
    what can be read of it is kept too (``recommendations_readable``)."""
    if isinstance(value, Partial):
        parts.recommendations_file = (path, None)
        parts.recommendations_readable = Readable(path, value.record, value.unsound)
    else:
        parts.recommendations_file = (path, value)
        if value is not None:
            parts.recommendations_readable = Readable(path, value)


def _attach_paper(parts: Parts, path: str, value: Any) -> None:
    """A paper is for the month its file is named for; a name that is no month is reported
    by the checks (``paper_checks``). What can be read of one that fails is checked too."""
    month = parse_month(Path(path).stem)
    parts.paper_files.append((path, month))
    if value is None or month is None:
        return
    if isinstance(value, Partial):
        parts.readable_papers.append((path, month, Readable(path, value.record, value.unsound)))
    else:
        parts.papers.append((path, month, value))
        parts.readable_papers.append((path, month, Readable(path, value)))


def _derive_meeting(document: Document, errors: Errors) -> MeetingPart:
    """A meeting file; when it fails its model, the parts that pass are still checked."""
    from csip.load.validation import validate
    from csip.model.meetings import MeetingFile, meeting_part

    model = validate(MeetingFile, document.data, document.heavy, errors)
    if model is not None:
        return meeting_part("", model)
    return _recovered_meeting(document.data)


def _recovered_meeting(data: Any) -> MeetingPart:
    """What a meeting file that fails its model still gives: each field and review that passes."""
    from pydantic import ValidationError

    from csip.load.validation import salvaged_items
    from csip.model.meetings import MeetingPart, Review
    from csip.model.validators import parse

    fields = data if isinstance(data, dict) else {}

    def passed(annotation: Any, value: Any) -> Any:
        try:
            return parse(annotation, value)
        except ValidationError:
            return None

    priorities = passed(Priorities, fields.get("priorities"))
    items = fields.get("reviews")
    listed = list(enumerate(items if isinstance(items, list) else []))
    reviews = [
        (index, review) for index, item in listed if (review := passed(Review, item)) is not None
    ]
    partly = salvaged_items(Review, listed, {index for index, _ in reviews})
    return MeetingPart(
        "",
        passed(Date, fields.get("date")),
        tuple(priorities) if priorities is not None else None,
        list(enumerate(passed(Codes, fields.get("attendees")) or [])),
        reviews,
        None,
        partly,
    )


def _meeting_to_plain(part: MeetingPart) -> Any:
    if part.model is not None:
        return ("whole", plain.to_plain(part.model))
    reviews = [(index, plain.to_plain(review)) for index, review in part.reviews]
    partly = _partly_to_plain(part.salvaged)
    date = part.date.isoformat() if part.date is not None else None
    return ("parts", date, part.priorities, part.attendees, reviews, partly)


def _meeting_from_plain(content: Any, stored: Stored, again: Again) -> MeetingPart:
    from csip.model.meetings import MeetingFile, MeetingPart, Review, meeting_part

    if content[0] == "whole":
        return meeting_part("", plain.from_plain(MeetingFile, content[1]))
    _, date, priorities, attendees, reviews, partly = content
    return MeetingPart(
        "",
        dt.date.fromisoformat(date) if date is not None else None,
        tuple(priorities) if priorities is not None else None,
        [(index, code) for index, code in attendees],
        [(index, plain.from_plain(Review, review)) for index, review in reviews],
        None,
        _partly_from_plain(Review, partly),
    )


_Rec = TypeVar("_Rec", bound=Record)


def _partly_to_plain(salvaged: list[tuple[int, Any, frozenset[str]]]) -> list[Any]:
    """Salvaged records (``validation.salvaged``) as plain data: index, record, failed fields."""
    return [(index, plain.to_plain(record), sorted(unsound)) for index, record, unsound in salvaged]


def _partly_from_plain(record: type[_Rec], stored: Any) -> list[tuple[int, _Rec, frozenset[str]]]:
    """Salvaged records back from ``_partly_to_plain``."""
    return [
        (index, plain.from_plain(record, value), frozenset(map(str, unsound)))
        for index, value, unsound in stored
    ]


def _attach_meeting(parts: Parts, path: str, part: MeetingPart | None) -> None:
    if part is not None:
        part.path = path
        parts.meetings.append(part)


def _derive_priority(document: Document, errors: Errors) -> PriorityPart:
    """A priority file; when it fails its model, its number, each action that passes, and what
    can be read of each that does not."""
    from pydantic import ValidationError

    from csip.load.validation import passing, salvaged_items, validate
    from csip.model.validators import parse

    data = document.data
    assert isinstance(data, dict)
    model = validate(PriorityFile, data, document.heavy, errors)
    if model is not None:
        return _whole_part(model)
    number = None
    with suppress(ValidationError):
        number = parse(PriorityFile, {"priority": data.get("priority"), "title": "-"}).priority
    items = data.get("actions")
    listed = items if isinstance(items, list) else []
    ids = [
        (index, action_id)
        for index, item in enumerate(listed)
        if isinstance(item, dict) and is_action_id(action_id := item.get("id"))
    ]
    # Past the problems a file shows, its actions are not checked further: what they would
    # add is only counted, and finding it would cost time in proportion to the damage.
    recovered = passing(Action, listed, document.heavy) if not errors.more else []
    kept = {index for index, _ in recovered}
    loose = [
        (index, key, position, code)
        for index, item in enumerate(listed)
        if index not in kept and isinstance(item, dict)
        for key in ("lead", "agencies")
        for position, code in enumerate(_codes_written(item.get(key)))
        if isinstance(code, str) and code
    ]
    partly = salvaged_items(Action, enumerate(listed), kept) if not errors.more else []
    return PriorityPart(
        "",
        number,
        ids,
        len(listed),
        (recovered, None),
        passed=False,
        loose_codes=loose,
        salvaged=partly,
    )


def _codes_written(value: Any) -> list[Any]:
    """The codes an action's ``lead`` or ``agencies`` names, as written (one, or a list)."""
    if isinstance(value, str):
        return [value]
    return value if isinstance(value, list) else []


def _whole_part(model: PriorityFile) -> PriorityPart:
    actions = list(enumerate(model.actions))
    ids = [(index, action.id) for index, action in actions]
    return PriorityPart("", model.priority, ids, len(actions), (actions, model), passed=True)


def _priority_to_plain(part: PriorityPart) -> Any:
    """The part as plain data, but for its records (``_priority_records``): what the checks
    ask, its number, IDs with their sort keys (``ID_KEYS``), summary, loose codes and what can
    be read of the actions that failed their model."""
    keys = [id_key(action_id) for _, action_id in part.ids]
    summary = tuple(part.summary)  # marshal stores a tuple, not a named tuple
    partly = _partly_to_plain(part.salvaged)
    return (
        part.number,
        part.written,
        part.passed,
        part.ids,
        keys,
        part.loose_codes,
        partly,
        summary,
    )


def _priority_records(part: PriorityPart) -> Any:
    """The part's records as plain data, stored apart from the rest (``Apart``)."""
    if part.model is not None:
        return ("whole", plain.to_plain(part.model))
    return ("parts", [(index, plain.to_plain(action)) for index, action in part.actions])


def _priority_from_plain(content: Any, stored: Stored, again: Again) -> PriorityPart:
    number, written, passed, ids, keys, loose, partly, summary = content
    action_ids = [action_id for _, action_id in ids]
    if not (
        isinstance(written, int)
        and len(keys) == len(ids)
        and set(map(type, action_ids)) <= {str}
        and set(map(type, keys)) <= {tuple}
    ):
        raise ValueError("not a cache entry")

    def rebuilt() -> Records:
        with suppress(ValueError, TypeError, KeyError, IndexError, AttributeError):
            records = stored()
            if records is not None:
                return _records_from_plain(records)
        fresh: PriorityPart | None = again()  # gone, or not what this csip writes: read the file
        return ([], None) if fresh is None else (fresh.actions, fresh.model)

    part = PriorityPart(
        "",
        number,
        ids,
        written,
        rebuilt,
        passed=bool(passed),
        loose_codes=[(index, key, position, code) for index, key, position, code in loose],
        salvaged=_partly_from_plain(Action, partly),
        summary=ActionsSummary(*summary),
    )
    ID_KEYS.update(zip(action_ids, keys, strict=True))
    return part


def _records_from_plain(records: Any) -> Records:
    form, value = records
    if form == "whole":
        model = plain.from_plain(PriorityFile, value)
        return list(enumerate(model.actions)), model
    return [(index, plain.from_plain(Action, action)) for index, action in value], None


def _attach_priority(parts: Parts, path: str, part: PriorityPart | None) -> None:
    if part is not None:
        part.path = path
        parts.priority_files.append(part)


KINDS: tuple[Kind, ...] = (
    _record_kind(
        "plan", (PLAN_FILE,), "csip.model.files:PlanFile", _attach_to("plan_file"), salvage=True
    ),
    _record_kind(
        "funding",
        FUNDING_FILES,
        "csip.model.files:FundingFile",
        _attach_to("funding_file"),
        salvage=True,
    ),
    _record_kind(
        "recommendations",
        RECOMMENDATIONS_FILES,
        "csip.model.inspection:RecommendationsFile",
        _attach_recommendations,
        salvage=True,
    ),
    Kind(
        "priority",
        None,
        "csip.model.files:PriorityFile",
        _derive_priority,
        _priority_to_plain,
        _priority_from_plain,
        _attach_priority,
        apart=_priority_records,
    ),
    Kind(
        "meeting",
        None,
        "csip.model.meetings:MeetingFile",
        _derive_meeting,
        _meeting_to_plain,
        _meeting_from_plain,
        _attach_meeting,
        MEETINGS_FOLDER,
    ),
    _record_kind(
        "paper", None, "csip.model.papers:PaperFile", _attach_paper, PAPERS_FOLDER, salvage=True
    ),
)


def _kind_of(folder: str, name: str) -> Kind | None:
    named = [kind for kind in KINDS if kind.folder == folder and kind.names and name in kind.names]
    if named:
        return named[0]
    return next((kind for kind in KINDS if kind.folder == folder and kind.names is None), None)


# --------------------------------------------------------------------------------------------
# Discovery: which entries are plan files, and what is wrong with those that cannot be.

_SPECIAL = {
    stat.S_IFIFO: "a FIFO",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFSOCK: "a socket",
}


class _Entry(NamedTuple):
    """A file of the plan, to be read: how it is shown, what kind it is, and what to open
    (the entry itself, or for a link the file in the plan folder it leads to)."""

    shown: str
    kind: Kind
    target: str


def discover(directory: Path) -> tuple[list[_Entry], list[Problem]]:
    """The plan's files in name order, and a problem for each entry that looks like a plan
    file but cannot be read as one. Hidden files and folders are not part of the plan."""
    if not directory.is_dir():
        raise PlanNotFound(f"no plan directory at '{directory}'")
    entries: list[_Entry] = []
    problems: list[Problem] = []
    folders = sorted({kind.folder for kind in KINDS})
    for folder in folders:
        where = directory / folder if folder else directory
        try:
            if folder and where.is_symlink():
                if not where.exists():
                    problems.append(_folder_problem(where, "broken-link", _TO_NOTHING))
                    continue
                if not _inside(directory, where):
                    problems.append(_folder_problem(where, "link-outside", _OUTSIDE))
                    continue
            found = {entry.name: entry for entry in os.scandir(where)}
        except FileNotFoundError:
            if not folder:
                raise PlanNotFound(f"no plan directory at '{directory}'") from None
            continue  # a kind's folder the plan does not have
        except OSError as error:
            if not folder:
                raise PlanNotFound(
                    f"cannot read the plan directory '{directory}': {error.strerror}"
                ) from None
            problems.append(_unreadable_folder(where, folder, error))
            continue
        names = sorted(found)
        read = _read_folders(directory, folders) if not folder else set()
        problems.extend(_unread_folders(where, found, read))
        taken: dict[str, str] = {}  # kind name → the file of it already taken, for one-file kinds
        stems: dict[str, str] = {}  # a meeting file's name without its extension → the file
        for name in names:
            if name.startswith(".") or not name.lower().endswith(YAML_SUFFIXES):
                continue
            path = where / name
            shown = str(path)

            def refuse(code: str, message: str, shown: str = shown) -> None:
                problems.append(Problem(shown, 1, 1, "error", code, message))

            if folder == MEETINGS_FOLDER:
                stem = name[: name.rfind(".")]
                if stem in stems:
                    refuse(
                        "second-copy",
                        f"the meeting of {stems[stem]} again, under another extension: keep one "
                        "of the two, or its reviews count twice",
                    )
                    continue
                stems[stem] = shown

            if not name.endswith(YAML_SUFFIXES):
                suffix = name[name.rfind(".") :]
                refuse(
                    "extension-case",
                    f"the extension '{messages.shown(suffix)}' is not read: give plan files a "
                    "lower-case .yaml or .yml",
                )
                continue
            kind = _kind_of(folder, name)
            if kind is None:
                continue
            if kind.names is not None and kind.name in taken:
                refuse(
                    "second-file",
                    f"a second {kind.name} file: {taken[kind.name]} is the plan's {kind.name} "
                    "file; keep one of the two",
                )
                continue
            trouble = _not_a_plan_file(directory, path)
            if trouble is not None:
                refuse(*trouble)
                continue
            if kind.names is not None:
                taken[kind.name] = shown
            target = os.path.realpath(path) if path.is_symlink() else str(path)
            entries.append(_Entry(shown, kind, target))
    return entries, problems


_OUTSIDE = "a link to something outside the plan folder: csip reads only the files in it"
_TO_NOTHING = "a link to nothing: a plan file must be a file in the plan folder"


def _folder_problem(where: Path, code: str, message: str, level: Level = "error") -> Problem:
    return Problem(str(where), 1, 1, level, code, message)


def _unreadable_folder(where: Path, folder: str, error: OSError) -> Problem:
    """A plan's folder of meetings or papers that cannot be read: an error, since every figure
    that depends on its files would otherwise be worked out as if it had none."""
    if error.errno == errno.ENOTDIR:
        return _folder_problem(
            where,
            "not-a-folder",
            f"not a folder: the plan's {folder} files go in a folder of that name",
        )
    return _folder_problem(where, "unreadable", f"cannot read the folder: {error.strerror}")


def _read_folders(directory: Path, folders: list[str]) -> set[str]:
    """The real paths of the folders of the plan that csip reads (through any link)."""
    return {os.path.realpath(directory / folder) for folder in folders}


def _unread_folders(
    where: Path, found: dict[str, os.DirEntry[str]], read: set[str]
) -> list[Problem]:
    """A warning for each folder in ``where`` that holds YAML files csip does not read (a
    plan's meetings filed by year, say), other than the folders ``read`` (real paths)."""
    problems = []
    for name in sorted(found):
        if name.startswith("."):
            continue
        with suppress(OSError):
            if not found[name].is_dir(follow_symlinks=False):
                continue
            if os.path.realpath(found[name].path) in read:
                continue
            held = [entry.name for entry in os.scandir(found[name].path)]
            if any(n.lower().endswith(YAML_SUFFIXES) and not n.startswith(".") for n in held):
                problems.append(
                    _folder_problem(
                        where / name,
                        "folder-not-read",
                        "a folder of YAML files, which csip does not read: plan files go in the "
                        "plan folder itself, meetings in meetings/ and papers in papers/",
                        "warning",
                    )
                )
    return problems


def _not_a_plan_file(directory: Path, path: Path) -> tuple[str, str] | None:
    """Why the entry cannot be read as a plan file (a code and a message), or None.

    Never says where a link points: the target may be something the plan's author must not see.
    """
    try:
        mode = os.lstat(path).st_mode
    except OSError as error:
        return "unreadable", f"cannot read the file: {error.strerror}"
    if stat.S_ISLNK(mode):
        try:
            mode = path.stat().st_mode
        except OSError:
            return "broken-link", _TO_NOTHING
        if not _inside(directory, path):
            return "link-outside", _OUTSIDE
    if stat.S_ISDIR(mode):
        return "not-a-file", "a folder, not a file: a name ending .yaml or .yml is a plan file"
    if not stat.S_ISREG(mode):
        what = _SPECIAL.get(stat.S_IFMT(mode), "not a regular file")
        return "not-a-file", f"{what}, not a file: a name ending .yaml or .yml is a plan file"
    return None


def _inside(directory: Path, path: Path) -> bool:
    """Whether ``path``, links followed, is in the plan folder (links followed too)."""
    folder = os.path.realpath(directory)
    target = os.path.realpath(path)
    return target != folder and os.path.commonpath([folder, target]) == folder


def _read_bytes(entry: _Entry) -> bytes | tuple[str, str]:
    """The file's bytes, or why they cannot be had (a code and a message).

    The file is opened without blocking, without following a link, and its type checked on
    the open file, so an entry that turned into a link, a FIFO or a device since it was listed
    is refused, not followed or waited on.
    """
    try:
        descriptor = os.open(entry.target, READ_FLAGS)
    except OSError as error:
        return "unreadable", f"cannot read the file: {error.strerror}"
    with os.fdopen(descriptor, "rb") as handle:
        try:
            status = os.fstat(descriptor)
            if not stat.S_ISREG(status.st_mode):
                return (
                    "not-a-file",
                    "not a regular file: a name ending .yaml or .yml is a plan file",
                )
            if status.st_size > MAX_FILE_BYTES:
                return "too-large", _too_large()
            # As many bytes as the file has (a buffer of the most a file may hold costs a large
            # plan milliseconds), then the rest if it has grown since.
            raw = handle.read(status.st_size + 1)
            if len(raw) > status.st_size:
                raw += handle.read(MAX_FILE_BYTES + 1 - len(raw))
        except OSError as error:
            return "unreadable", f"cannot read the file: {error.strerror}"
    if len(raw) > MAX_FILE_BYTES:
        return "too-large", _too_large()
    return raw


def _too_large() -> str:
    return f"the file is over {MAX_FILE_BYTES // 2**20} MB, far larger than any plan file"


# --------------------------------------------------------------------------------------------
# What one file derives on its own: the unit the cache stores.

# A problem of one file, placed: line, column, level, code, message.
Placed = tuple[int, int, str, str, str]


@dataclass
class Derived:
    """What one file gave on its own, in plain data (``to_plain`` is what the cache stores).

    The position table is stored apart (``_positions_key``): only a file with a problem found
    across files needs it, and on a large plan it is half of what the cache holds. So is the
    part of the value its kind keeps apart (``Kind.apart``), under the key ``apart``.
    """

    problems: list[Placed]
    more_errors: int
    more_warnings: int
    positions: Positions | None
    """None when the result came from the cache: the table is read when first needed."""
    content: Any
    apart: str | None = None

    def to_plain(self) -> tuple[Any, ...]:
        return (self.problems, self.more_errors, self.more_warnings, self.content, self.apart)

    @classmethod
    def from_plain(cls, plain: Any) -> Derived:
        """Back from ``to_plain``; ValueError or TypeError when it is not what that gives."""
        problems, more_errors, more_warnings, content, apart = plain
        if not (isinstance(problems, list) and isinstance(more_errors + more_warnings, int)):
            raise ValueError("not a cache entry")
        for line, column, level, code, message in problems:
            if not (isinstance(line + column, int) and isinstance(level + code + message, str)):
                raise ValueError("not a cache entry")
        return cls(problems, more_errors, more_warnings, None, content, _apart_key(apart))


def _apart_key(value: object) -> str | None:
    """The key of a part stored apart, as an entry names it; ValueError when it is no key."""
    if value is None or (isinstance(value, str) and Cache.is_key(value)):
        return value
    raise ValueError("not a cache entry")


def _stored(cache: Cache, key: str | None) -> Stored:
    """What is stored apart under ``key``, read when asked for; used now, with the entry that
    names it, so that a plan only ever validated does not lose its records when unused
    entries are pruned."""
    if key is None:
        return lambda: None
    cache.touch(key)
    return partial(cache.load, key)


def _positions_key(cache: Cache, key: str) -> str:
    """The key of the position table of the file whose result is stored under ``key``."""
    return cache.key("positions", key.encode())


def _stored_positions(cache: Cache, key: str, entry: _Entry) -> Positions:
    """The position table of a file whose result came from the cache.

    When its entry is gone (pruned, cleared or damaged since) the file is read again for it, if
    it still holds what the result came from; a file changed while the plan was being read has
    nothing left to place problems in, and they point at its first line.
    """
    with suppress(ValueError, TypeError):
        stored = cache.load(_positions_key(cache, key))
        if stored is not None:
            return Positions.from_plain(stored)
    raw = _read_bytes(entry)
    if isinstance(raw, tuple) or cache.key(entry.kind.name, raw) != key:
        return Positions()
    from csip.load.reader import YamlError, read

    try:
        positions = read(raw).positions
    except (YamlError, UnicodeDecodeError):
        positions = Positions()  # a file that is not YAML has no problem found across files
    cache.store(_positions_key(cache, key), positions.to_plain())
    return positions


def _derived_again(entry: _Entry, cache: Cache, key: str) -> Any:
    """The file's value for the checks, read and validated again rather than taken from the
    cache; the file must still hold the bytes whose key its result was stored under, or it
    changed while the run read it (FileChanged)."""
    raw = _read_bytes(entry)
    if isinstance(raw, tuple) or cache.key(entry.kind.name, raw) != key:
        raise FileChanged(entry.shown)
    return derive(entry.kind, raw)[1]


def derive(kind: Kind, raw: bytes, cache: Cache | None = None) -> tuple[Derived, Any]:
    """Read and validate one file: what it gives on its own, and its value for the checks.

    The YAML reader is imported here, only when a file has to be read, and pydantic only when
    its data has to be validated (``_validated``).
    """
    from csip.load.reader import YamlError, read

    derived = Derived([], 0, 0, Positions(), None)

    def refuse(line: int, column: int, code: str, message: str) -> tuple[Derived, Any]:
        derived.problems.append((line, column, "error", code, message))
        return derived, None

    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        line_start = raw.rfind(b"\n", 0, error.start) + 1
        column = len(raw[line_start : error.start].decode("utf-8", "replace")) + 1
        return refuse(line, column, "not-text", "not UTF-8 text: plan files are UTF-8 YAML")
    try:
        document = read(raw)
    except YamlError as error:
        where = error.problem.position
        return refuse(where.line, where.column, error.problem.code, error.problem.message)
    derived.positions = document.positions
    for refused in document.problems:
        where = refused.position
        _add(derived, (where.line, where.column, "error", refused.code, refused.message))
    data = document.data
    if data is None:
        return refuse(
            1, 1, "empty-file", "the file is empty: a plan file is a mapping of keys to values"
        )
    if not isinstance(data, dict):
        return refuse(
            1,
            1,
            "not-a-mapping",
            f"expected a mapping of keys to values, found {messages.kind_of(data)}",
        )
    limit = MAX_PROBLEMS_PER_FILE - len(derived.problems)
    validated = _validated(kind, document, raw, limit, cache, lambda: derive(kind, raw)[1])
    for loc, anchor, level, code, message in validated.findings:
        line, column = _place(document.positions, loc, anchor)
        _add(derived, (line, column, level, code, message))
    derived.more_errors += validated.more
    derived.content = validated.content
    derived.apart = validated.apart
    return derived, validated.value


# A model's finding in a file, not yet placed at a line: where in the data, whether at the key
# or the value, level, code, message.
Unplaced = tuple[Loc, str, str, str, str]


class Validated(NamedTuple):
    """What validating a file's data gives: findings at their places in the data, how many more
    there are, and the value (and its plain form) for the checks."""

    findings: list[Unplaced]
    more: int
    content: Any
    apart: str | None
    """Where the part of the value stored apart is (``Kind.apart``): None when nowhere."""
    value: Any


def data_key_source(document: Document, raw: bytes) -> tuple[str, bytes]:
    """What a file's data is cached by: its data as marshal writes it, every value in full, so
    that a file whose layout alone changed keeps its key; or, for a file whose aliases name
    data again, its bytes, since in full a few kilobytes of aliases can be gigabytes."""
    if document.aliased:
        return "bytes", raw
    return "data", marshal.dumps(document.data, 2)


def _validated(
    kind: Kind, document: Document, raw: bytes, limit: int, cache: Cache | None, again: Again
) -> Validated:
    """The file's data validated against its kind's model, at most ``limit`` findings kept.

    What validation gives depends on the data alone, not on how the file lays it out, so it is
    cached by the data too: a file whose comments, quoting or layout changed is read again,
    but its data is not validated again (and pydantic not even imported). ``again`` derives
    the file afresh, for a stored value whose records prove unusable when first rebuilt.
    """
    key = ""
    if cache is not None:
        source, keyed = data_key_source(document, raw)
        key = cache.key(f"{kind.name} {source} {limit}", keyed)
        stored = _validated_from_cache(cache, key, kind, again)
        if stored is not None:
            return stored
    from csip.load.validation import Errors, finding

    errors = Errors(limit)
    value = kind.derive(document, errors)
    findings: list[Unplaced] = []
    for detail in errors.details:
        found = finding(record_class(kind.model), document.data, detail)
        findings.append((found.loc, found.anchor, found.level, found.code, found.message))
    content = None if value is None else kind.to_plain(value)
    apart = None
    if cache is not None:
        if value is not None and kind.apart is not None:
            apart = cache.key("apart", key.encode())
            cache.store(apart, kind.apart(value))
        cache.store(key, (findings, errors.more, content, apart))
    return Validated(findings, errors.more, content, apart, value)


def _validated_from_cache(cache: Cache, key: str, kind: Kind, again: Again) -> Validated | None:
    plain = cache.load(key)
    if plain is None:
        return None
    try:
        findings, more, content, apart = plain
        checked: list[Unplaced] = []
        for loc, anchor, level, code, message in findings:
            if not (isinstance(loc, tuple) and isinstance(anchor + level + code + message, str)):
                raise ValueError("not a cache entry")
            checked.append((loc, anchor, level, code, message))
        apart = _apart_key(apart)
        value = None if content is None else kind.from_plain(content, _stored(cache, apart), again)
        return Validated(checked, int(more), content, apart, value)
    except (ValueError, TypeError, KeyError, IndexError, AttributeError):
        return None  # not an entry this csip wrote: validate instead


def _add(derived: Derived, problem: Placed) -> None:
    if len(derived.problems) < MAX_PROBLEMS_PER_FILE:
        derived.problems.append(problem)
    elif problem[2] == "error":
        derived.more_errors += 1
    else:
        derived.more_warnings += 1


def _level(text: str) -> Level:
    return "warning" if text == "warning" else "error"


def _place(positions: Positions, loc: Loc, anchor: str) -> tuple[int, int]:
    """The line and column a finding points at: its key's or its value's."""
    found, placed = positions.find(loc)
    position = placed.key if anchor == "key" and found == loc else placed.value
    if anchor == "key" and found != loc and loc[-1:] == ("[key]",):
        position = placed.key
    return position.line, position.column


def _from_cache(cache: Cache, key: str, kind: Kind, again: Again) -> tuple[Derived, Any] | None:
    """The file's result from the cache, or None when there is none that can be used."""
    plain = cache.load(key)
    if plain is None:
        return None
    try:
        derived = Derived.from_plain(plain)
        content = derived.content
        if content is None:
            return derived, None
        return derived, kind.from_plain(content, _stored(cache, derived.apart), again)
    except (ValueError, TypeError, KeyError, IndexError, AttributeError):
        return None  # not an entry this csip wrote: read the file instead


# --------------------------------------------------------------------------------------------
# The plan folder, whole.


@dataclass
class _File:
    """One file as the run knows it: its positions, and the problems it shows so far."""

    shown: str
    table: Positions | None = None
    """Its positions; None until first needed, for a file whose result came from ``cache``."""
    cache: Cache | None = None
    key: str = ""
    entry: _Entry | None = None
    problems: list[Problem] = field(default_factory=list)
    more_errors: int = 0
    more_warnings: int = 0

    def positions(self) -> Positions:
        if self.table is None:
            if self.cache is None or self.entry is None:
                return Positions()
            self.table = _stored_positions(self.cache, self.key, self.entry)
        return self.table

    def has_room(self) -> bool:
        return len(self.problems) < MAX_PROBLEMS_PER_FILE

    def count(self, level: Level) -> None:
        """One more problem that is not shown, only counted."""
        if level == "error":
            self.more_errors += 1
        else:
            self.more_warnings += 1


def load_plan(
    directory: Path, today: dt.date, cache: Cache | None = None, *, warnings: bool = True
) -> Loaded:
    """Read, validate and check every file of the plan in ``directory``.

    With a ``cache``, what each unchanged file gives on its own comes from it; the result is the
    same either way. Without ``warnings`` only errors are found (a report needs a valid plan and
    says nothing of warnings): the checks that only warn are not run.
    """
    return _load_plan(directory, today, cache, warnings)


def _load_plan(directory: Path, today: dt.date, cache: Cache | None, warnings: bool) -> Loaded:
    entries, problems = discover(directory)
    files: dict[str, _File] = {}
    parts = Parts()
    for entry in entries:
        file = _File(entry.shown, Positions())
        files[entry.shown] = file
        raw = _read_bytes(entry)
        if isinstance(raw, tuple):
            file.problems.append(Problem(entry.shown, 1, 1, "error", *raw))
            parts.unread.append(entry.shown)
            entry.kind.attach(parts, entry.shown, None)
            continue
        result = None
        key = ""
        if cache is not None:
            key = cache.key(entry.kind.name, raw)
            result = _from_cache(cache, key, entry.kind, partial(_derived_again, entry, cache, key))
        if result is None:
            result = derive(entry.kind, raw, cache)
            if cache is not None:
                cache.store(key, result[0].to_plain())
                positions = result[0].positions or Positions()
                cache.store(_positions_key(cache, key), positions.to_plain())
        derived, value = result
        del raw, result
        file.table, file.cache, file.key, file.entry = derived.positions, cache, key, entry
        file.problems = [
            Problem(entry.shown, line, column, _level(level), code, message)
            for line, column, level, code, message in derived.problems
            if warnings or level == "error"
        ]
        file.more_errors = derived.more_errors
        file.more_warnings = derived.more_warnings if warnings else 0
        if derived.content is None:  # not YAML, empty, not a mapping, or no model to give
            parts.unread.append(entry.shown)
        entry.kind.attach(parts, entry.shown, value)
    plan_file = str(directory / PLAN_FILE)
    refused = any(problem.file == plan_file for problem in problems)
    if not refused and not any(entry.kind.name == "plan" for entry in entries):
        problems.append(
            Problem(
                plan_file,
                1,
                1,
                "error",
                "missing-file",
                "the plan has no plan.yaml: it gives the plan's title, start month, roles and "
                "agencies",
            )
        )
    for check in CHECKS if warnings else [check for check in CHECKS if check not in WARN_ONLY]:
        for found in check(parts, today):
            if not (warnings or found.level == "error"):
                continue
            named = files.get(found.file)
            if named is None:
                problems.append(_locate(found, files))
            elif named.has_room():
                named.problems.append(_locate(found, files))
            else:
                named.count(found.level)
    problems.extend(problem for file in files.values() for problem in file.problems)
    problems.sort()
    problems = _with_more_lines(problems, files)
    action_count = sum(part.written for part in parts.priority_files)
    unshown: dict[Level, int] = {
        "error": sum(file.more_errors for file in files.values()),
        "warning": sum(file.more_warnings for file in files.values()),
    }
    return Loaded(
        problems,
        len(entries),
        len(parts.priority_files),
        action_count,
        str(directory),
        parts,
        unshown,
    )


def _locate(found: Finding, files: dict[str, _File]) -> Problem:
    """A cross-file finding at its line and column, the place it relates to filled in."""

    def place(file: str, loc: Loc) -> tuple[int, int]:
        known = files.get(file)
        return (1, 1) if known is None else _place(known.positions(), loc, found.anchor)

    line, column = place(found.file, found.loc)
    message = found.message
    if found.related is not None:
        other_file, other_loc = found.related
        other_line, other_column = place(other_file, other_loc)
        message = message.replace("{related}", f"{other_file}:{other_line}:{other_column}")
    return Problem(found.file, line, column, found.level, found.code, message)


def _with_more_lines(problems: list[Problem], files: dict[str, _File]) -> list[Problem]:
    """After each file's last problem, a line saying how many more it has, when it has more."""
    result: list[Problem] = []
    for index, problem in enumerate(problems):
        result.append(problem)
        last_of_file = index + 1 == len(problems) or problems[index + 1].file != problem.file
        file = files.get(problem.file)
        if last_of_file and file is not None and file.more_errors + file.more_warnings:
            more = file.more_errors + file.more_warnings
            result.append(
                Problem(
                    problem.file,
                    problem.line,
                    problem.column,
                    "error" if file.more_errors else "warning",
                    MORE_PROBLEMS,
                    f"and {plural(more, 'more problem')} in this file",
                )
            )
    return result
