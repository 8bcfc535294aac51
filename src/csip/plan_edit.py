"""Add to a plan's files without rewriting them: new updates and actions go in as new lines.

A council's plan files carry comments, blank lines and each author's layout; a YAML dumper would
lose all of that. Here a file is composed once with PyYAML's C loader, whose node marks say where
each action and its log end, and the new entries are inserted there as text, indented like the
entries around them. Nothing else changes, with one exception: an empty flow list
(``updates: []``) loses its ``[]`` so that the block list the first entry needs can follow.

Every edited file is read back and compared with what it held plus what was added, and the
whole plan is validated from a temporary copy, before anything is written; then each file is
written whole or not at all.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import stat
import tempfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from csip.load.reader import YamlError, read
from csip.model.files import Action, PriorityFile, Update, id_key
from csip.model.validators import parse
from csip.problems import Problem

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_BOM = "\ufeff"
# What a plan file's folded text is wrapped to when the file gives no example of its own.
_WIDTH = 100
_SIMPLE_FLOW_ITEM = re.compile(r"[A-Za-z0-9][A-Za-z0-9 ._()/&'-]*")


class EditError(Exception):
    """The file cannot take the addition as new lines (a flow list with items, say)."""


@dataclass(frozen=True)
class _Layout:
    """How a file writes a block list under a key, learnt from the file itself."""

    offset: int = 2
    """Columns from the key to the list's dash (``actions:`` at 0, ``  - id:``: 2)."""
    gap: int = 2
    """Columns from the dash to the item's first key (``- id``: 2)."""


@dataclass
class _Style:
    """What the new lines copy from the file: list layouts, text width, item spacing."""

    actions: _Layout | None = None
    updates: _Layout | None = None
    evidence: _Layout | None = None
    block_indent: int | None = None
    """Columns from a key to the lines of its folded or literal text."""
    width: int = _WIDTH
    separated: bool = False
    """Actions are kept apart by a blank line."""

    def for_updates(self) -> _Layout:
        return self.updates or self.actions or _Layout()

    def for_evidence(self) -> _Layout:
        return self.evidence or self.for_updates()


@dataclass
class _Insertion:
    at: int
    order: int
    text: str


@dataclass
class _Edits:
    """Insertions and the few removals (an empty flow list), applied in one pass."""

    newline: str
    insertions: list[_Insertion] = field(default_factory=list)
    removals: list[tuple[int, int]] = field(default_factory=list)

    def insert(self, at: int, lines: Sequence[str], order: int) -> None:
        self.insertions.append(
            _Insertion(at, order, "".join(line + self.newline for line in lines))
        )

    def apply(self, text: str) -> str:
        pieces: list[tuple[int, int, int, str]] = [
            (start, 0, end, "") for start, end in self.removals
        ]
        pieces += [(item.at, 1 + item.order, item.at, item.text) for item in self.insertions]
        pieces.sort(key=lambda piece: (piece[0], piece[1]))
        out, cursor = [], 0
        unended = bool(text) and not text.endswith("\n")
        for start, _, end, replacement in pieces:
            out.append(text[cursor:start])
            if replacement and start == len(text) and unended:
                out.append(self.newline)  # the last line gets its break before the addition
                unended = False
            out.append(replacement)
            cursor = max(cursor, end)
        out.append(text[cursor:])
        return "".join(out)


def edit_priority_file(
    text: str,
    actions: Sequence[Action] = (),
    updates: Mapping[str, Sequence[Update]] | None = None,
) -> str:
    """``text`` with ``updates`` appended to their actions' logs and ``actions`` added.

    New actions go after the last action whose ID sorts before theirs. Raises EditError when the
    file cannot take them as new lines, or when the result would read differently from the
    file with the additions (a safety net: what the file held must come back unchanged).
    """
    updates = updates or {}
    bom = _BOM if text.startswith(_BOM) else ""
    body = text[len(bom) :]
    try:
        root = yaml.compose(body, Loader=_Loader)
    except yaml.YAMLError as error:
        raise EditError(f"cannot read the file as YAML: {error}") from None
    if not isinstance(root, yaml.MappingNode):
        raise EditError("the file is not a mapping of keys to values")
    style = _learn(body, root)
    edits = _Edits("\r\n" if "\r\n" in body else "\n")
    actions_key, actions_node = _entry(root, "actions")
    items = _items(actions_node)
    by_id = {_id_of(item): item for item in items}
    for action_id, new in updates.items():
        item = by_id.get(action_id)
        if item is None:
            raise EditError(f"the file has no action '{action_id}'")
        if new:
            _append_updates(body, item, new, style, edits)
    if actions:
        _insert_actions(body, root, actions_key, actions_node, actions, style, edits)
    result = edits.apply(body)
    _check_result(body, result, actions, updates)
    return bom + result


def append_update(text: str, action_id: str, update: Update) -> str:
    """``text`` with one update appended to the log of action ``action_id``."""
    return edit_priority_file(text, updates={action_id: [update]})


def new_priority_file(
    number: int, title: str, short_title: str | None, actions: Sequence[Action]
) -> str:
    """The text of a new priority file holding ``actions``, in the reference plan's layout."""
    lines = [f"priority: {number}", *_value_lines("title:", title, 2, _WIDTH)]
    if short_title is not None and short_title != title:
        lines += _value_lines("short_title:", short_title, 2, _WIDTH)
    lines.append("actions:")
    style = _Style()
    for action in sorted(actions, key=lambda action: id_key(action.id)):
        lines += _action_lines(action, 2, style)
    text = "".join(line + "\n" for line in lines)
    _check_new(text, number, title, short_title, actions)
    return text


def file_name(number: int, title: str) -> str:
    """``11-early-help.yaml``: the name a new priority file gets, like the reference plan's."""
    words = re.sub(r"[^a-z0-9]+", "-", title.casefold()).strip("-")
    return f"{number:02d}-{words or 'priority'}.yaml"


# --- finding places --------------------------------------------------------------------------


def _entry(mapping: yaml.MappingNode, key: str) -> tuple[yaml.Node | None, yaml.Node | None]:
    for key_node, value_node in mapping.value:
        if isinstance(key_node, yaml.ScalarNode) and key_node.value == key:
            return key_node, value_node
    return None, None


def _items(node: yaml.Node | None) -> list[yaml.MappingNode]:
    if isinstance(node, yaml.SequenceNode):
        return [item for item in node.value if isinstance(item, yaml.MappingNode)]
    return []


def _id_of(item: yaml.MappingNode) -> str | None:
    _, value = _entry(item, "id")
    return value.value if isinstance(value, yaml.ScalarNode) else None


def _line_start(text: str, index: int) -> int:
    return text.rfind("\n", 0, index) + 1


def _line_end(text: str, index: int) -> int:
    """The index just past the line break of the line holding ``index`` (or the text's end)."""
    found = text.find("\n", index)
    return len(text) if found < 0 else found + 1


def _column(text: str, index: int) -> int:
    return index - _line_start(text, index)


def _after(text: str, node: yaml.Node) -> int:
    """Where a line added after ``node`` goes: the start of the line after its last character.

    Trailing blank lines and comments stay where they are, below the addition; a block scalar
    that keeps its trailing line breaks (``|+``) keeps them, the addition going after them.
    """
    last = node
    while True:
        if isinstance(last, yaml.MappingNode) and last.value and not last.flow_style:
            key, value = last.value[-1]
            if _is_empty(value):
                return _line_end(text, text.index(":", key.end_mark.index))
            last = value
        elif isinstance(last, yaml.SequenceNode) and last.value and not last.flow_style:
            last = last.value[-1]
        else:
            break
    end = last.end_mark.index
    if isinstance(last, yaml.ScalarNode) and last.style in ("|", ">"):
        header = text[last.start_mark.index : _line_end(text, last.start_mark.index)]
        if "+" in header.split("#")[0]:
            return end if _column(text, end) == 0 else _line_end(text, end)
    while end > 0 and text[end - 1] in " \t\r\n":
        end -= 1
    return _line_end(text, max(end - 1, 0))


def _is_empty(node: yaml.Node) -> bool:
    """A value written as nothing at all (``agencies:``)."""
    return (
        isinstance(node, yaml.ScalarNode)
        and node.tag == "tag:yaml.org,2002:null"
        and node.start_mark.index == node.end_mark.index
    )


def _nothing_yet(node: yaml.Node | None) -> bool:
    """An empty flow list (``updates: []``) or no value at all (``updates:``).

    A null written out (``~``) is not: replacing it would change a line, and the one change
    an addition may make is the ``[]`` that the first entry's block list takes the place of.
    """
    if isinstance(node, yaml.SequenceNode):
        return not node.value and bool(node.flow_style)
    return node is not None and _is_empty(node)


# --- learning the file's layout --------------------------------------------------------------


def _learn(text: str, root: yaml.MappingNode) -> _Style:
    style = _Style()
    actions_key, actions_node = _entry(root, "actions")
    items = _items(actions_node)
    if actions_key is not None and isinstance(actions_node, yaml.SequenceNode):
        style.actions = _layout_of(text, actions_key, actions_node)
    if len(items) > 1:
        before_second = _line_start(text, items[1].start_mark.index) - 1
        previous_line = text[_line_start(text, before_second) : before_second].strip()
        style.separated = previous_line == ""
    widths: list[int] = []
    for item in items:
        updates_key, updates_node = _entry(item, "updates")
        if style.updates is None and updates_key is not None:
            style.updates = _layout_of(text, updates_key, updates_node)
        for update in _items(updates_node):
            evidence_key, evidence_node = _entry(update, "evidence")
            if style.evidence is None and evidence_key is not None:
                style.evidence = _layout_of(text, evidence_key, evidence_node)
            _learn_block(text, _entry(update, "note")[1], style, widths)
        _learn_block(text, _entry(item, "action")[1], style, widths)
    if widths:
        style.width = max(60, min(120, max(widths)))
    return style


def _layout_of(text: str, key: yaml.Node, node: yaml.Node | None) -> _Layout | None:
    """The layout of a block list: where its dash stands from its key, and its item's content."""
    if not isinstance(node, yaml.SequenceNode) or node.flow_style or not node.value:
        return None
    first = node.value[0]
    content = first.start_mark.index
    dash = text.rfind("-", _line_start(text, content), content)
    if dash < 0:
        return None
    return _Layout(offset=_column(text, dash) - key.start_mark.column, gap=content - dash)


def _learn_block(text: str, node: yaml.Node | None, style: _Style, widths: list[int]) -> None:
    """From an existing folded text: how far its lines are indented and how wide they run."""
    if not isinstance(node, yaml.ScalarNode) or node.style not in ("|", ">"):
        return
    first_line = _line_end(text, node.start_mark.index)
    lines = text[first_line : node.end_mark.index].split("\n")
    indents = [len(line) - len(line.lstrip(" ")) for line in lines if line.strip()]
    if not indents:
        return
    if style.block_indent is None:
        # The key's column: the value's own line, less what stands before the key on it.
        line = text[_line_start(text, node.start_mark.index) : node.start_mark.index]
        key_column = len(line) - len(line.lstrip(" -"))
        style.block_indent = max(1, min(indents) - key_column)
    if node.style == ">":
        widths.append(max(len(line.rstrip()) for line in lines))


# --- inserting -------------------------------------------------------------------------------


def _append_updates(
    text: str,
    item: yaml.MappingNode,
    updates: Sequence[Update],
    style: _Style,
    edits: _Edits,
) -> None:
    if item.flow_style:
        raise EditError(
            f"action '{_id_of(item)}' is written in flow style, between braces (line "
            f"{item.start_mark.line + 1}): write it one key per line to add to its updates"
        )
    key, node = _entry(item, "updates")
    item_column = item.start_mark.column
    if key is None:
        layout = style.for_updates()
        lines = [" " * item_column + "updates:"]
        dash = item_column + layout.offset
        for update in updates:
            lines += _update_lines(update, dash, layout, style)
        edits.insert(_after(text, item), lines, order=0)
        return
    if isinstance(node, yaml.SequenceNode) and node.value and not node.flow_style:
        first = node.value[0]
        dash = text.rfind("-", _line_start(text, first.start_mark.index), first.start_mark.index)
        layout = _Layout(offset=0, gap=first.start_mark.index - dash)
        lines = []
        for update in updates:
            lines += _update_lines(update, _column(text, dash), layout, style)
        edits.insert(_after(text, node), lines, order=0)
        return
    if not _nothing_yet(node):
        raise EditError(
            f"the updates of action '{_id_of(item)}' are not written as a block list "
            f"(line {key.start_mark.line + 1}): write them one per '- date:' line to add to them"
        )
    assert node is not None
    layout = style.for_updates()
    dash = key.start_mark.column + layout.offset
    lines = []
    for update in updates:
        lines += _update_lines(update, dash, layout, style)
    edits.insert(_clear_value(text, key, node, edits), lines, order=0)


def _clear_value(text: str, key: yaml.Node, node: yaml.Node, edits: _Edits) -> int:
    """Remove the ``[]`` after ``key:`` (with the blanks before it); where the list goes."""
    colon = text.index(":", key.end_mark.index)
    if isinstance(node, yaml.SequenceNode):
        edits.removals.append((colon + 1, node.end_mark.index))
    return _line_end(text, colon)


def _insert_actions(
    text: str,
    root: yaml.MappingNode,
    key: yaml.Node | None,
    node: yaml.Node | None,
    actions: Sequence[Action],
    style: _Style,
    edits: _Edits,
) -> None:
    items = _items(node)
    ordered = sorted(actions, key=lambda action: id_key(action.id))
    if items and isinstance(node, yaml.SequenceNode) and node.flow_style:
        items = []  # written between brackets: nothing can go after an item
    if items:
        assert key is not None
        layout = style.actions or _Layout()
        dash = key.start_mark.column + layout.offset
        written = [(id_key(_id_of(item) or "0.0"), item) for item in items]
        for number, action in enumerate(ordered):
            before = [item for item_key, item in written if item_key < id_key(action.id)]
            lines = _action_lines(action, dash, style, layout)
            if before:
                at = _after(text, before[-1])
                if style.separated:
                    lines = ["", *lines]
            else:
                at = _line_start(text, items[0].start_mark.index)
                if style.separated:
                    lines = [*lines, ""]
            edits.insert(at, lines, order=1 + number)
        return
    if key is None:
        layout = _Layout()
        lines = ["actions:"]
        for action in ordered:
            lines += _action_lines(action, layout.offset, style, layout)
        edits.insert(_after(text, root), lines, order=1)
        return
    if not _nothing_yet(node):
        raise EditError(
            f"the actions are not written as a block list (line {key.start_mark.line + 1}): "
            "write them one per '- id:' line to add to them"
        )
    assert node is not None
    layout = style.actions or _Layout()
    at = _clear_value(text, key, node, edits)
    lines = []
    for action in ordered:
        lines += _action_lines(action, key.start_mark.column + layout.offset, style, layout)
    edits.insert(at, lines, order=1)


# --- writing entries -------------------------------------------------------------------------


def _item_lines(dash: int, layout: _Layout, entries: Iterable[list[str]]) -> list[str]:
    """The lines of one list item: the first entry after its dash, the rest under it."""
    lines: list[str] = []
    for entry in entries:
        if not lines:
            first, *rest = entry
            lines.append(" " * dash + "-" + " " * (layout.gap - 1) + first.lstrip(" "))
            lines += rest
        else:
            lines += entry
    return lines


def _update_lines(update: Update, dash: int, layout: _Layout, style: _Style) -> list[str]:
    column = dash + layout.gap
    width, indent = style.width, style.block_indent or 2
    pad = " " * column
    entries = [
        [f"{pad}date: {update.date.isoformat()}"],
        [f"{pad}status: {update.status}"],
    ]
    if update.exempt is not None:
        entries.append([f"{pad}exempt: {update.exempt}"])
    if update.note is not None:
        entries.append(_value_lines(pad + "note:", update.note, indent, width))
    if update.due is not None:
        entries.append([f"{pad}due: {update.due}"])
    if update.evidence:
        entries.append(_list_lines(pad, "evidence", update.evidence, style))
    return _item_lines(dash, layout, entries)


def _action_lines(
    action: Action, dash: int, style: _Style, layout: _Layout | None = None
) -> list[str]:
    layout = layout or style.actions or _Layout()
    column = dash + layout.gap
    width, indent = style.width, style.block_indent or 2
    pad = " " * column
    entries = [
        [f"{pad}id: {json.dumps(action.id)}"],
        _value_lines(pad + "action:", action.action, indent, width),
    ]
    if action.exempt is not None:
        entries.append([f"{pad}exempt: {action.exempt}"])
    entries += [
        _codes_line(pad + "lead:", action.lead),
        [f"{pad}agencies: [{', '.join(_flow_item(code) for code in action.agencies)}]"],
    ]
    if action.start is not None:
        entries.append([f"{pad}start: {action.start}"])
    entries.append([f"{pad}due: {action.due}"])
    if action.updates:
        updates = [f"{pad}updates:"]
        updates_layout = style.for_updates()
        for update in action.updates:
            updates += _update_lines(update, column + updates_layout.offset, updates_layout, style)
        entries.append(updates)
    return _item_lines(dash, layout, entries)


def _list_lines(pad: str, key: str, items: Sequence[str], style: _Style) -> list[str]:
    layout = style.for_evidence()
    dash = len(pad) + layout.offset
    lines = [f"{pad}{key}:"]
    head = " " * dash + "-"
    for item in items:
        lines += _value_lines(head, item, (style.block_indent or 2) + layout.gap - 1, style.width)
    return lines


def _codes_line(head: str, codes: Sequence[str]) -> list[str]:
    """``lead: DCS`` for one code, ``lead: [ADCSC, "HOS C&R"]`` for several."""
    if len(codes) == 1:
        return _value_lines(head, codes[0], 2, 10**6)
    return [f"{head} [{', '.join(_flow_item(code) for code in codes)}]"]


def _flow_item(text: str) -> str:
    if _SIMPLE_FLOW_ITEM.fullmatch(text) and _reads_as(f"[{text}]", [text]):
        return text
    return _quoted(text, "[{}]", lambda value: [value])


def _value_lines(head: str, text: str, indent: int, width: int) -> list[str]:
    """``head`` (``    note:`` or ``      -``) followed by ``text`` written so it reads back as is.

    One line when it fits (plain, else quoted); long text folded (``>-``) at the file's width;
    text with line breaks literal (``|-``); anything those cannot carry double-quoted.
    """
    column = len(head) - len(head.lstrip(" ")) + indent

    def reads(lines: list[str]) -> bool:
        return _reads_as("\n".join(lines) + "\n", _wrapped(head, text))

    if "\n" not in text and len(head) + 1 + len(text) <= width:
        candidate = [f"{head} {text}"]
        if reads(candidate):
            return candidate
    elif "\n" in text:
        candidate = [
            f"{head} |-",
            *[(" " * column + line) if line else "" for line in text.split("\n")],
        ]
        if reads(candidate):
            return candidate
    elif "  " not in text and "\t" not in text and text == text.strip():
        candidate = [f"{head} >-", *_wrap(text, " " * column, width)]
        if reads(candidate):
            return candidate
    return [f"{head} {_quoted(text, _template(head), lambda value: _wrapped(head, value))}"]


def _template(head: str) -> str:
    return head.replace("{", "{{").replace("}", "}}") + " {}"


def _wrapped(head: str, value: Any) -> Any:
    """What a one-entry document made of ``head`` and a value reads as."""
    return [value] if head.rstrip().endswith("-") else {head.strip()[:-1]: value}


def _quoted(text: str, template: str, expected: Any) -> str:
    """``text`` double-quoted; every character escaped that YAML might read otherwise.

    JSON's quoting reads best and is YAML too, but for characters outside the Basic
    Multilingual Plane it writes surrogate pairs, which YAML refuses: then YAML's own emitter
    quotes it, escaping what it must.
    """
    candidates = [json.dumps(text, ensure_ascii=False), json.dumps(text, ensure_ascii=True)]
    for allow_unicode in (True, False):
        emitted = yaml.dump(
            text,
            Dumper=yaml.SafeDumper,
            default_style='"',
            allow_unicode=allow_unicode,
            width=2**30,
        )
        candidates.append(emitted.removesuffix("\n"))
    for quoted in candidates:
        if _reads_as(template.format(quoted) + "\n", expected(text)):
            return quoted
    raise EditError(f"the text {json.dumps(text[:40])}… cannot be written into a plan file")


def _wrap(text: str, pad: str, width: int) -> Iterator[str]:
    line = ""
    for word in text.split(" "):
        if line and len(pad) + len(line) + 1 + len(word) > width:
            yield pad + line
            line = word
        else:
            line = f"{line} {word}" if line else word
    yield pad + line


def _reads_as(snippet: str, expected: Any) -> bool:
    try:
        return bool(yaml.load(snippet, Loader=_Loader) == expected)
    except yaml.YAMLError:
        return False


# --- checking the result ---------------------------------------------------------------------


def _model(text: str) -> PriorityFile:
    try:
        data = read(text).data
        return parse(PriorityFile, data)
    except (YamlError, ValidationError) as error:
        raise EditError(f"the edited file would not be valid: {error}") from None


def _check_result(
    before: str,
    after: str,
    actions: Sequence[Action],
    updates: Mapping[str, Sequence[Update]],
) -> None:
    """The edited file must read as the old one plus exactly what was added."""
    old, new = _model(before), _model(after)
    expected_actions = [
        replace(action, updates=[*action.updates, *updates.get(action.id, ())])
        for action in old.actions
    ]
    expected = replace(old, actions=[*expected_actions, *actions])
    ordered = sorted(new.actions, key=lambda action: id_key(action.id))
    wanted = sorted(expected.actions, key=lambda action: id_key(action.id))
    same_heading = replace(new, actions=[]) == replace(expected, actions=[])
    if not same_heading or ordered != wanted:
        raise EditError("the additions could not be written without changing what the file holds")


def _check_new(
    text: str, number: int, title: str, short_title: str | None, actions: Sequence[Action]
) -> None:
    model = _model(text)
    expected = PriorityFile(
        priority=number,
        title=title,
        short_title=short_title if short_title != title else None,
        actions=sorted(actions, key=lambda action: id_key(action.id)),
    )
    if model != expected:
        raise EditError(f"a new file for priority {number} could not be written")


# --- validating and writing ------------------------------------------------------------------


def problems_after(directory: Path, changes: Mapping[Path, str], today: dt.date) -> list[Problem]:
    """The problems the plan in ``directory`` would have with ``changes`` made to its files.

    The plan folder is copied whole (its meetings and papers too, links kept as links) into a
    temporary folder, the changed files written there, and the copy loaded as ``csip validate``
    loads a plan; the problems name the real files.
    """
    from csip.plan_folder import load_plan

    with tempfile.TemporaryDirectory(prefix="csip-") as temporary:
        copy = Path(temporary) / "plan"
        try:
            shutil.copytree(directory, copy, symlinks=True, ignore=_not_read)
        except (shutil.Error, OSError) as error:
            return [_uncopied(directory, error)]
        for folder, _, _ in os.walk(copy):  # a read-only plan folder gives a read-only copy
            Path(folder).chmod(0o700)
        for path, text in changes.items():
            target = copy / path.relative_to(directory)
            target.unlink(missing_ok=True)  # a link in the copy may point at the real plan
            target.write_bytes(text.encode("utf-8"))
        loaded = load_plan(copy, today, cache=None)
    prefix = str(copy)
    return [
        Problem(
            str(directory) + problem.file[len(prefix) :]
            if problem.file.startswith(prefix)
            else problem.file,
            problem.line,
            problem.column,
            problem.level,
            problem.code,
            problem.message.replace(str(copy), str(directory)),
        )
        for problem in loaded.problems
    ]


def _uncopied(directory: Path, error: shutil.Error | OSError) -> Problem:
    """Why the plan could not be copied to check the edit in, as the one problem it has."""
    if isinstance(error, shutil.Error) and error.args and error.args[0]:
        source, _, why = error.args[0][0]
        reason = f"cannot read '{source}': {why}"
    else:
        reason = str(error)
    return Problem(str(directory), 1, 1, "error", "unreadable", f"cannot check the edit: {reason}")


def _not_read(folder: str, names: list[str]) -> set[str]:
    """What the copy of a plan leaves out: all that loading it would not read (hidden names,
    files other than YAML, FIFOs and devices), so that nothing the plan does not use can stop
    the copy."""
    from csip.plan_folder import YAML_SUFFIXES

    left_out = set()
    for name in names:
        if name.startswith("."):
            left_out.add(name)
            continue
        try:
            mode = (Path(folder) / name).lstat().st_mode
        except OSError:
            left_out.add(name)
            continue
        if stat.S_ISDIR(mode) or stat.S_ISLNK(mode):
            continue
        if not (stat.S_ISREG(mode) and name.lower().endswith(YAML_SUFFIXES)):
            left_out.add(name)
    return left_out


def write_changes(
    directory: Path, changes: Mapping[Path, str], read: Mapping[Path, bytes | None]
) -> str | None:
    """Write every changed file, or none, keeping its line breaks as they are: None when they
    are written, else why nothing was, in words.

    ``read`` gives each file's bytes as the edit read them (None for a new file), so that a
    file changed meanwhile is refused (``csip.output.edit_plan_files``).
    """
    from csip.output import OutputRefused, PlanChanged, edit_plan_files, unwritable

    try:
        edit_plan_files(
            directory, {path: text.encode("utf-8") for path, text in changes.items()}, read
        )
    except PlanChanged as error:
        return f"{error}: run the command again; nothing written"
    except OutputRefused as error:
        return f"{error}; nothing written"
    except OSError as error:
        return f"{unwritable(error, 'the plan')}; nothing written"
    return None


def before_last_update(date: dt.date, last: dt.date) -> str:
    """Why a new update cannot be dated ``date``: the log already reaches ``last``."""
    return (
        f"update dated {date} is before the action's last update, dated {last}: a new update "
        "goes at the end of the log"
    )


def changed_lines(before: str, after: str) -> range:
    """The lines (1-based) of ``after`` that an insertion into ``before`` added or changed."""
    old, new = before.split("\n"), after.split("\n")
    start = 0
    while start < min(len(old), len(new)) and old[start] == new[start]:
        start += 1
    end = 0
    while end < min(len(old), len(new)) - start and old[-1 - end] == new[-1 - end]:
        end += 1
    return range(start + 1, len(new) - end + 1)
