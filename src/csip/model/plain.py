"""Records as plain data and back, for the cache: tuples, lists, dicts, text and numbers only.

A record becomes the tuple of its fields in order (nested records likewise) and a date its ISO
text; everything else a record holds is plain already. Each record class gets its two
converters worked out once from its type hints, and a field that needs no conversion is passed
through untouched, so that rebuilding a plan of ten thousand actions takes milliseconds.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import types
import typing
from collections.abc import Callable
from typing import Any, TypeVar

from csip.model.rules import Record

_R = TypeVar("_R", bound=Record)
_T = TypeVar("_T")
Convert = Callable[[Any], Any]


def per_type(make: Callable[[Any], _T]) -> Callable[[Any], _T]:
    """``functools.cache`` for a function of a class or type, made once for each.

    (mypy refuses a ``type[X]`` as the argument of a ``functools.cache`` wrapper, taking
    classes to be unhashable.)
    """
    made: dict[Any, _T] = {}

    def get(kind: Any) -> _T:
        try:
            return made[kind]
        except KeyError:
            found = made[kind] = make(kind)
            return found

    return get


def to_plain(record: Record) -> tuple[Any, ...]:
    """The record as plain data that marshal stores."""
    plain: tuple[Any, ...] = _encoder(type(record))(record)
    return plain


def from_plain(record: type[_R], plain: Any) -> _R:
    """The record back from ``to_plain``; TypeError or ValueError when it is not one."""
    value: _R = _decoder(record)(plain)
    return value


@per_type
def field_types(record: type[Record]) -> dict[str, Any]:
    """Each field of a record class and its type, in order."""
    hints = typing.get_type_hints(record, include_extras=True)
    return {field.name: hints[field.name] for field in dataclasses.fields(record)}


def _bare(annotation: Any) -> Any:
    """The type under ``Annotated``."""
    while typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    return annotation


def _is_record(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, Record)


def _value_converter(
    annotation: Any, record: Callable[[Any], Convert], date: Convert
) -> Convert | None:
    """How to convert a value of this type one way (``record`` gives a record class's
    converter, ``date`` converts a date), or None when it is plain as it is."""
    annotation = _bare(annotation)
    if _is_record(annotation):
        return record(annotation)
    if annotation is dt.date:
        return date
    origin = typing.get_origin(annotation)
    arguments = typing.get_args(annotation)
    if origin in (typing.Union, types.UnionType):
        members = [member for member in arguments if member is not type(None)]
        if len(members) != 1:
            return None  # a union of plain types (or of a record and text) is not stored
        inner = _value_converter(members[0], record, date)
        if inner is None:
            return None
        return lambda value: None if value is None else inner(value)
    if origin is list:
        item = _value_converter(arguments[0], record, date)
        if item is None:
            return None
        return lambda values: [item(value) for value in values]
    if origin is dict:
        entry = _value_converter(arguments[1], record, date)
        if entry is None:
            return None
        return lambda mapping: {key: entry(value) for key, value in mapping.items()}
    return None


@functools.cache
def _date_to_plain(value: dt.date) -> str:
    """A date's ISO text, the same object for the same date (so the cache stores it once)."""
    return value.isoformat()


@per_type
def _encoder(record: type[Record]) -> Convert:
    """The converter of a record class's values to plain data."""
    names_and_converters = [
        (name, _value_converter(annotation, _encoder, _date_to_plain))
        for name, annotation in field_types(record).items()
    ]

    def encode(value: Any) -> tuple[Any, ...]:
        return tuple(
            getattr(value, name) if convert is None else convert(getattr(value, name))
            for name, convert in names_and_converters
        )

    return encode


@per_type
def _decoder(record: type[Record]) -> Convert:
    """The converter of plain data back to a record class's values.

    It is written as Python source and compiled once for each class, as ``dataclasses`` writes
    a class's ``__init__``: a list of records becomes one comprehension that unpacks each tuple
    straight into the class, with no call for each field. Unpacking refuses a tuple of another
    length (ValueError), and a value of another shape fails as TypeError.
    """
    source = _DecoderSource()
    fields = [source.variable() for _ in field_types(record)]
    text = (
        "def decode(plain):\n"
        f"    ({', '.join(fields)},) = plain\n"
        f"    return {source.record(record, fields)}\n"
    )
    exec(text, source.namespace)  # written above from the class's own field types
    decode: Convert = source.namespace["decode"]
    return decode


class _DecoderSource:
    """The names a decoder's source uses, and the expressions that rebuild each type."""

    def __init__(self) -> None:
        self.namespace: dict[str, Any] = {"date": dt.date.fromisoformat}
        self._count = 0

    def variable(self) -> str:
        self._count += 1
        return f"v{self._count}"

    def _constant(self, value: Any) -> str:
        name = f"c{len(self.namespace)}"
        self.namespace[name] = value
        return name

    def record(self, record: type[Record], fields: list[str]) -> str:
        """The record built from variables that hold its fields' plain values, in order."""
        values = [
            self.value(annotation, name)
            for name, annotation in zip(fields, field_types(record).values(), strict=True)
        ]
        return f"{self._constant(record)}({', '.join(values)})"

    def value(self, annotation: Any, variable: str) -> str:
        """The expression that gives the value of this type from its plain form in
        ``variable``: the variable itself when the plain form is the value."""
        annotation = _bare(annotation)
        if _is_record(annotation):
            return f"{self._constant(_decoder(annotation))}({variable})"
        if annotation is dt.date:
            return f"date({variable})"
        origin = typing.get_origin(annotation)
        arguments = typing.get_args(annotation)
        if origin in (typing.Union, types.UnionType):
            members = [member for member in arguments if member is not type(None)]
            if len(members) != 1:
                return variable  # a union of plain types (or of a record and text) is plain
            inner = self.value(members[0], variable)
            return variable if inner == variable else f"(None if {variable} is None else {inner})"
        if origin is list:
            item = _bare(arguments[0])
            if _is_record(item):
                fields = [self.variable() for _ in field_types(item)]
                unpacked = f"({', '.join(fields)},)"
                return f"[{self.record(item, fields)} for {unpacked} in {variable}]"
            each = self.variable()
            inner = self.value(item, each)
            return variable if inner == each else f"[{inner} for {each} in {variable}]"
        if origin is dict:
            key, each = self.variable(), self.variable()
            inner = self.value(arguments[1], each)
            if inner == each:
                return variable
            return f"{{{key}: {inner} for {key}, {each} in {variable}.items()}}"
        return variable
