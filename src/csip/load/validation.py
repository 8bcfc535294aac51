"""Validate a file's data against its model in bounded memory, and say what is wrong in plain words.

pydantic keeps every error it finds until the call returns, a few hundred bytes each: a file of
150,000 ``- {}`` items would hold 600,000 of them at once. So a collection that the reader found
heavy (``Document.heavy``) is validated in slices of at most CHUNK_NODES nodes, and then the
whole model once more with the slices' results in place of the raw data (pydantic does not
validate a model instance twice, so that pass is cheap and still runs every check that looks at
the whole). Errors past a file's limit are counted, not kept.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Iterable
from typing import (
    Annotated,
    Any,
    TypeGuard,
    TypeVar,
    Union,
    get_args,
    get_origin,
)

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from csip.load.positions import HEAVY_NODES, Data, Loc
from csip.model import messages
from csip.model.plain import field_types
from csip.model.rules import Record
from csip.model.validators import adapter
from csip.problems import Finding

# The most nodes one validation call sees: its errors then take a few megabytes at most.
CHUNK_NODES = 5_000

_M = TypeVar("_M", bound=Record)

# pydantic's names for a record's errors, as the messages know them.
_ERROR_TYPES = {"unexpected_keyword_argument": "extra_forbidden", "dataclass_type": "model_type"}


class _Failed:
    """What validating a piece gives when it has errors (they went to the Errors)."""


_FAILED = _Failed()


class Errors:
    """pydantic's errors for one file: the first ``limit`` in full, the rest only counted."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.details: list[ErrorDetails] = []
        self.more = 0

    def take(
        self,
        error: ValidationError,
        prefix: Loc = (),
        *,
        offset: int = 0,
        skip: Iterable[str] = (),
    ) -> None:
        """Keep the errors of one call, their paths made whole.

        ``offset`` is added to the first part of each path (the call saw a slice of a list);
        errors at the fields in ``skip`` are dropped (their values were validated apart).
        """
        skipped = set(skip)
        if len(self.details) >= self.limit and not skipped:
            self.more += error.error_count()
            return
        for detail in error.errors(include_url=False):
            loc = tuple(detail["loc"])
            if loc and loc[0] in skipped:
                continue
            if offset and loc and isinstance(loc[0], int):
                loc = (loc[0] + offset, *loc[1:])
            if len(self.details) < self.limit:
                detail["loc"] = prefix + loc
                self.details.append(detail)
            else:
                self.more += 1


def validate(model: type[_M], data: Data, heavy: dict[int, int], errors: Errors) -> _M | None:
    """The model of ``data``, or None with what is wrong in ``errors``.

    ``heavy`` gives the node counts of the big collections in ``data`` (``Document.heavy``);
    data of at most CHUNK_NODES nodes in all is validated in one call, as any slice would be.
    """
    if _size(data, heavy) <= CHUNK_NODES:
        try:
            found: _M = adapter(model).validate_python(data)
            return found
        except ValidationError as error:
            errors.take(error)
            return None
    result = _validate(model, data, (), heavy, errors)
    return None if isinstance(result, _Failed) else result


def passing(model: type[_M], items: list[Data], heavy: dict[int, int]) -> list[tuple[int, _M]]:
    """The items that pass ``model``, validated, with their indexes (their errors are found
    elsewhere).

    Taken in runs, as ``validate`` takes a heavy list; in a run that fails, the items its
    errors point at are left out and the others validated one by one.
    """
    items_adapter = adapter(list[model])  # type: ignore[valid-type]
    item_adapter = adapter(model)
    found: list[tuple[int, _M]] = []

    def run(start: int, end: int) -> None:
        chunk = items[start:end]
        try:
            found.extend(enumerate(items_adapter.validate_python(chunk), start))
        except ValidationError as error:
            failed = {detail["loc"][0] for detail in error.errors(include_url=False)}
            found.extend(
                (start + number, item_adapter.validate_python(item))
                for number, item in enumerate(chunk)
                if number not in failed
            )

    start, nodes = 0, 0
    for index, item in enumerate(items):
        size = _size(item, heavy)
        if size > CHUNK_NODES:
            run(start, index)
            valid = validate(model, item, heavy, Errors(limit=0))
            if valid is not None:
                found.append((index, valid))
            start, nodes = index + 1, 0
            continue
        if nodes + size > CHUNK_NODES:
            run(start, index)
            start, nodes = index, 0
        nodes += size
    run(start, len(items))
    return found


def salvaged(model: type[_M], data: Data) -> tuple[_M, frozenset[str]]:
    """A record that failed its model, rebuilt from the fields that pass on their own, and the
    names of those that do not (missing, or not valid; each is then empty): what the checks of
    its readable fields still run on, so that a shape error in one field does not hide a
    problem in another (spec section 6).

    In a list of records (an action's updates) each item is salvaged in turn and keeps its
    place; its unreadable fields are named after the list's (``updates.date``). Keys the model
    does not know are left out: they are problems of their own.
    """
    item = data if isinstance(data, dict) else {}
    values: dict[str, Any] = {}
    unsound: set[str] = set()
    defaults = {
        field.name: field
        for field in dataclasses.fields(model)
        if field.default is not dataclasses.MISSING
        or field.default_factory is not dataclasses.MISSING
    }
    for name, annotation in field_types(model).items():
        if name not in item:
            if name not in defaults:
                unsound.add(name)
                values[name] = _empty(annotation)
            continue
        try:
            values[name] = adapter(annotation).validate_python(item[name])
            continue
        except ValidationError:
            pass
        target, value = _target(annotation), item[name]
        arguments = get_args(target)
        if get_origin(target) is list and _is_record(arguments[0]) and isinstance(value, list):
            records = [salvaged(arguments[0], each) for each in value]
            values[name] = [record for record, _ in records]
            within = {f"{name}.{part}" for _, parts in records for part in parts}
            if within:
                unsound.update(within)
            else:
                # Every item reads once its unknown keys are left out: the list is at fault
                # only if it fails as a list of those (it is empty, say).
                try:
                    values[name] = adapter(annotation).validate_python(values[name])
                except ValidationError:
                    unsound.add(name)
        else:
            unsound.add(name)
            values[name] = _default(defaults[name]) if name in defaults else _empty(annotation)
    return model(**values), frozenset(unsound)


def salvaged_items(
    model: type[_M], listed: Iterable[tuple[int, Data]], kept: set[int]
) -> list[tuple[int, _M, frozenset[str]]]:
    """Each mapping of ``listed`` (with its index) that is not ``kept`` as passing its model,
    salvaged (``salvaged``)."""
    return [
        (index, *salvaged(model, item))
        for index, item in listed
        if index not in kept and isinstance(item, dict)
    ]


def _default(field: dataclasses.Field[Any]) -> Any:
    if field.default_factory is not dataclasses.MISSING:
        return field.default_factory()
    return field.default


def _empty(annotation: Any) -> Any:
    """What stands for a required field that cannot be read: nothing of its type."""
    target = _target(annotation)
    if get_origin(target) is list:
        return []
    if get_origin(target) is dict:
        return {}
    if _is_record(target):
        return salvaged(target, {})[0]
    if target is dt.date:
        return dt.date.min
    if target is int:
        return 0
    return ""


def _is_heavy(value: Any, heavy: dict[int, int]) -> bool:
    return isinstance(value, dict | list) and id(value) in heavy


def _size(value: Any, heavy: dict[int, int]) -> int:
    """At least as many nodes as ``value`` holds."""
    if isinstance(value, dict | list):
        return heavy.get(id(value), HEAVY_NODES)
    return 1


def _whole(annotation: Any, value: Any, loc: Loc, errors: Errors, offset: int = 0) -> Any:
    try:
        return adapter(annotation).validate_python(value)
    except ValidationError as error:
        errors.take(error, loc, offset=offset)
        return _FAILED


def _target(annotation: Any) -> Any:
    """``Annotated[X, …]`` and ``X | None`` as X: the type whose pieces can be told apart."""
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


def _validate(annotation: Any, value: Any, loc: Loc, heavy: dict[int, int], errors: Errors) -> Any:
    """Validate ``value`` as ``annotation``, in pieces when it is heavy."""
    if not _is_heavy(value, heavy):
        return _whole(annotation, value, loc, errors)
    target = _target(annotation)
    if _is_record(target) and isinstance(value, dict):
        return _model_in_pieces(target, value, loc, heavy, errors)
    origin, arguments = get_origin(target), get_args(target)
    if origin is list and len(arguments) == 1 and isinstance(value, list):
        return _list_in_pieces(arguments[0], value, loc, heavy, errors)
    if origin is dict and len(arguments) == 2 and isinstance(value, dict):
        return _dict_in_pieces(arguments[0], arguments[1], value, loc, heavy, errors)
    return _whole(annotation, value, loc, errors)


def _model_in_pieces(
    model: type[Record], data: dict[str, Any], loc: Loc, heavy: dict[int, int], errors: Errors
) -> Any:
    """Each heavy field apart, then the model with their results in place."""
    fields = field_types(model)
    replaced: dict[str, Any] = {}
    failed: list[str] = []
    for name, value in data.items():
        annotation = fields.get(name)
        if annotation is None or not _is_heavy(value, heavy):
            continue
        result = _validate(annotation, value, (*loc, name), heavy, errors)
        if isinstance(result, _Failed):
            failed.append(name)
            replaced[name] = type(value)()  # its errors are known; nothing more to find in it
        else:
            replaced[name] = result
    try:
        whole = adapter(model).validate_python({**data, **replaced})
    except ValidationError as error:
        errors.take(error, loc, skip=failed)
        return _FAILED
    return _FAILED if failed else whole


def _list_in_pieces(
    item: Any, items: list[Any], loc: Loc, heavy: dict[int, int], errors: Errors
) -> Any:
    """Runs of items of at most CHUNK_NODES nodes, and each item bigger than that on its own."""
    results: list[Any] = []
    failed = False
    start, nodes = 0, 0

    def run(end: int) -> None:
        nonlocal failed
        if start < end:
            done = _whole(list[item], items[start:end], loc, errors, offset=start)
            if isinstance(done, _Failed):
                failed = True
            else:
                results.extend(done)

    for index, value in enumerate(items):
        size = _size(value, heavy)
        if size > CHUNK_NODES:
            run(index)
            done = _validate(item, value, (*loc, index), heavy, errors)
            if isinstance(done, _Failed):
                failed = True
            else:
                results.append(done)
            start, nodes = index + 1, 0
            continue
        if nodes + size > CHUNK_NODES:
            run(index)
            start, nodes = index, 0
        nodes += size
    run(len(items))
    return _FAILED if failed else results


def _dict_in_pieces(
    key: Any, item: Any, mapping: dict[Any, Any], loc: Loc, heavy: dict[int, int], errors: Errors
) -> Any:
    """Runs of entries of at most CHUNK_NODES nodes, and each value bigger than that on its own."""
    results: dict[Any, Any] = {}
    failed = False
    run: dict[Any, Any] = {}
    nodes = 0

    def flush() -> None:
        nonlocal failed, run, nodes
        if run:
            done = _whole(dict[key, item], run, loc, errors)
            if isinstance(done, _Failed):
                failed = True
            else:
                results.update(done)
        run, nodes = {}, 0

    for name, value in mapping.items():
        size = _size(value, heavy)
        if size > CHUNK_NODES:
            flush()
            checked = _whole(key, name, (*loc, name, "[key]"), errors)
            done = _validate(item, value, (*loc, name), heavy, errors)
            if isinstance(done, _Failed) or isinstance(checked, _Failed):
                failed = True
            else:
                results[checked] = done
            continue
        if nodes + size > CHUNK_NODES:
            flush()
        run[name] = value
        nodes += size + 1
    flush()
    return _FAILED if failed else results


# --------------------------------------------------------------------------------------------
# pydantic's errors as findings in plain words.

_QUOTED = re.compile(r"'([^']*)'")


def finding(model: type[Record], data: Data, detail: ErrorDetails) -> Finding:
    """One pydantic error as a finding (of no file yet), pointing at the key or value at fault."""
    error_type: str = _ERROR_TYPES.get(detail["type"], detail["type"])
    loc: Loc = tuple(detail["loc"])
    found = _existing_path(data, loc)
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
        parent = _model_at(model, found[:-1])
        choices = list(field_types(parent)) if parent is not None else []
    elif error_type == "literal_error":
        choices = _QUOTED.findall(str(detail.get("ctx", {}).get("expected", "")))
    code, message = messages.describe(
        error_type,
        field_name,
        detail.get("input"),
        dict(detail.get("ctx") or {}),
        choices,
        withheld=field_name in EXEMPT_TEXT and _under_exempt(data, found),
    )
    if loc and isinstance(loc[-1], int) and found == loc and message.startswith(f"'{field_name}'"):
        message = f"an item of {message}"  # the list is right; one of its items is not
    return Finding("", loc, code, message, anchor=anchor)


EXEMPT_TEXT = frozenset({"action", "note", "evidence", "tasks", "task", "comment", "text"})
"""The fields whose text ``exempt: N`` makes exempt (spec section 11), in any of the records
that may carry it: an action's text, notes and evidence, a review's tasks, a funding line's
comment, a narrative item's text; the ones ``figures.audience.public_plan`` replaces."""


def _under_exempt(data: Data, path: Loc) -> bool:
    """Whether a mapping on the way to ``path`` says ``exempt``: a message about a value there
    must not repeat it, since validate's output is as public as any (spec section 11)."""
    node: Any = data
    for part in path:
        if isinstance(node, dict) and node.get("exempt") is not None:
            return True
        node = node[part]
    return False


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


def _model_at(root: type[Record], loc: Loc) -> type[Record] | None:
    """The record class that describes the mapping at ``loc``, for "did you mean" suggestions."""
    current: Any = root
    for part in loc:
        current = _target(current)
        if _is_record(current) and isinstance(part, str):
            annotation = field_types(current).get(part)
            if annotation is None:
                return None
            current = annotation
        elif get_origin(current) is list and isinstance(part, int):
            current = get_args(current)[0]
        elif get_origin(current) is dict and isinstance(part, str):
            current = get_args(current)[1]
        else:
            return None
    current = _target(current)
    return current if _is_record(current) else None


def _is_record(annotation: Any) -> TypeGuard[type[Record]]:
    return isinstance(annotation, type) and issubclass(annotation, Record)
