"""The compiled `ir.Program` as JSON and back, for the compiled-policy cache.

A cache file is data, never code.  Decoding builds only the dataclasses reachable from the type
hints of `ir.Program` (the whitelist), checks every value against its field's type, including the
`Annotated` limits on the names and operators the backends write into SQL, and raises
`Undecodable` at the first value that does not fit.  Both directions are derived from the
dataclass fields: a new node type is handled without code here, and a field typed too loosely to
check (`object`, `Any`) makes building the codec fail (tests/test_caches.py builds it).

The layout is compact for speed: a dataclass is `["ClassName", field, ...]` in field order, a
date `["date", "YYYY-MM-DD"]`, tuples, lists and frozensets are arrays, dicts objects with string
keys; str, int, bool and None are themselves.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import gc
import json
import re
import types
import typing
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from operator import call

from . import ir

Decoder = Callable[[object], object]


class Undecodable(Exception):
    """The data is not a Program this codec wrote."""


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:39] + "…"


def encode(program: ir.Program) -> bytes:
    """The Program as compact JSON (every value is checked on the way back in, not here)."""
    return json.dumps(_encode(program), ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _encode(value: object) -> object:
    if value is None or type(value) in (str, int, bool):
        return value
    if dataclasses.is_dataclass(value):
        return [type(value).__name__, *(_encode(getattr(value, f.name)) for f in dataclasses.fields(value))]
    if type(value) is dt.date:
        return ["date", value.isoformat()]
    if type(value) is Decimal:
        return ["decimal", str(value)]
    if isinstance(value, (tuple, list)):
        return [_encode(item) for item in value]
    if isinstance(value, frozenset):
        return [_encode(item) for item in sorted(value)]
    if isinstance(value, dict):
        return {key: _encode(item) for key, item in value.items()}
    raise TypeError(f"the compiled-policy cache cannot store {type(value).__name__} {_short(value)}")


def decode(data: bytes) -> ir.Program:
    """The Program in `data`, or Undecodable saying what did not fit."""
    # Tens of thousands of new objects and no cycles among them: the cyclic garbage collector's
    # passes over them would take a third of the time (20 of 50 ms for the 2007 edition).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _decoders().root(json.loads(data))
    except RecursionError:
        raise Undecodable("nested too deeply") from None
    except ValueError as error:   # JSONDecodeError, UnicodeDecodeError
        raise Undecodable(f"not JSON ({error})") from None
    finally:
        if collecting:
            gc.enable()


class _Codec:
    """Decoders built once from the type hints, one per type, shared by every field of that type."""

    def __init__(self, root: type) -> None:
        self.classes: dict[str, type] = {}
        self.built: dict[object, Decoder] = {}
        self.root = self.decoder(root)

    def decoder(self, hint: object) -> Decoder:
        if hint not in self.built:
            self.built[hint] = self._build(hint)
        return self.built[hint]

    def _build(self, hint: object) -> Decoder:
        origin, args = typing.get_origin(hint), typing.get_args(hint)
        if hint in (str, int, bool):
            return _exactly(hint)
        if hint is type(None):
            return _exactly(type(None))
        if hint is dt.date:
            return _date
        if hint is Decimal:
            return _decimal
        if dataclasses.is_dataclass(hint):
            return self._dataclass(hint)
        if origin is typing.Annotated:
            return _limited(self.decoder(args[0]), args[1:])
        if origin is typing.Literal:
            return _one_of(frozenset(args))
        if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
            return _sequence(self.decoder(args[0]), tuple)
        if origin is tuple:
            return _fixed(tuple(self.decoder(arg) for arg in args))
        if origin is list:
            return _sequence(self.decoder(args[0]), list)
        if origin is frozenset:
            return _sequence(self.decoder(args[0]), frozenset)
        if origin is dict:   # JSON keys are strings: a dict keyed otherwise fails to decode
            return _mapping(self.decoder(args[0]), self.decoder(args[1]))
        if origin in (typing.Union, types.UnionType):
            return self._union(args)
        raise TypeError(f"the compiled-policy cache cannot check values of type {hint!r}")

    def _dataclass(self, cls: type) -> Decoder:
        name = cls.__name__
        if self.classes.setdefault(name, cls) is not cls:
            raise TypeError(f"two classes named {name} in the compiled-policy cache")
        fields = dataclasses.fields(cls)
        if any(not f.init for f in fields):
            raise TypeError(f"{name} has a field its constructor does not take")
        decoders: list[Decoder] = []
        width = len(fields) + 1

        def decode_instance(value: object) -> object:
            if type(value) is not list or len(value) != width or value[0] != name:
                raise Undecodable(f"expected {name}, found {_short(value)}")
            return cls(*map(call, decoders, value[1:]))

        self.built[cls] = decode_instance   # before the fields: the types are recursive
        annotations = typing.get_type_hints(cls, include_extras=True)
        hints = [annotations[f.name] for f in fields]
        decoders.extend(self.decoder(hint) for hint in hints)
        if not all(_text(hint) for hint in hints):
            return decode_instance
        # A node of strings only (a variable) recurs thousands of times: decode each once.  Frozen
        # instances can be shared.
        seen: dict[tuple, object] = {}

        def decode_shared(value: object) -> object:
            if type(value) is list:
                try:
                    return seen[tuple(value)]
                except (KeyError, TypeError):   # not seen yet, or a list inside: not a node of strings
                    pass
            instance = seen[tuple(value)] = decode_instance(value)
            return instance
        self.built[cls] = decode_shared
        return decode_shared

    def _union(self, members: tuple) -> Decoder:
        """A union is decided by the JSON type of the value, and a tagged value by its tag."""
        by_json_type: dict[type, Decoder] = {}
        by_tag: dict[str, Decoder] = {}
        for member in members:
            base = typing.get_args(member)[0] if typing.get_origin(member) is typing.Annotated else member
            if base is dt.date:
                by_tag["date"] = self.decoder(member)
            elif base is Decimal:
                by_tag["decimal"] = self.decoder(member)
            elif dataclasses.is_dataclass(base):
                by_tag[base.__name__] = self.decoder(member)
            elif base in (str, int, bool, type(None)):
                if base in by_json_type:
                    raise TypeError(f"a union with two kinds of {base.__name__} cannot be decoded")
                by_json_type[base] = self.decoder(member)
            else:
                raise TypeError(f"the compiled-policy cache cannot decide a union member {member!r}")

        def decode_union(value: object) -> object:
            if type(value) is list and value and type(value[0]) is str and value[0] in by_tag:
                return by_tag[value[0]](value)
            decoder = by_json_type.get(type(value))
            if decoder is None:
                raise Undecodable(f"unexpected {_short(value)}")
            return decoder(value)
        return decode_union


def _text(hint: object) -> bool:
    """A type whose values are JSON strings (str, or a limited str): only a string equals a string,
    so a node of these alone can be looked up by its fields (1 == True == 1.0 would let a bool or
    a float stand for an int unchecked)."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin is typing.Annotated:
        return _text(args[0])
    if origin is typing.Literal:
        return all(type(arg) is str for arg in args)
    return hint is str


def _exactly(kind: type) -> Decoder:
    def decode_exactly(value: object) -> object:
        if type(value) is not kind:   # exact: a bool is not an int here
            raise Undecodable(f"expected {kind.__name__}, found {_short(value)}")
        return value
    return decode_exactly


def _date(value: object) -> dt.date:
    if type(value) is not list or len(value) != 2 or value[0] != "date" or type(value[1]) is not str:
        raise Undecodable(f"expected a date, found {_short(value)}")
    try:
        return dt.date.fromisoformat(value[1])
    except ValueError:
        raise Undecodable(f"expected a date, found {_short(value[1])}") from None


def _decimal(value: object) -> Decimal:
    if type(value) is not list or len(value) != 2 or value[0] != "decimal" or type(value[1]) is not str:
        raise Undecodable(f"expected a decimal, found {_short(value)}")
    try:
        number = Decimal(value[1])
    except InvalidOperation:
        raise Undecodable(f"expected a decimal, found {_short(value[1])}") from None
    if not number.is_finite():
        raise Undecodable(f"expected a decimal, found {_short(value[1])}")
    return number


def _limited(decode_base: Decoder, limits: tuple) -> Decoder:
    """`Annotated[T, limit]`: a regular expression the value must match whole, or a collection
    (a frozenset, a range) it must be in."""
    for limit in limits:
        if not isinstance(limit, (re.Pattern, frozenset, range)):
            raise TypeError(f"the compiled-policy cache cannot check the limit {limit!r}")

    def decode_limited(value: object) -> object:
        value = decode_base(value)
        for limit in limits:
            if not (limit.fullmatch(value) if isinstance(limit, re.Pattern) else value in limit):
                raise Undecodable(f"{_short(value)} is not allowed there")
        return value
    return decode_limited


def _one_of(allowed: frozenset) -> Decoder:
    def decode_one_of(value: object) -> object:
        if type(value) is not str or value not in allowed:
            raise Undecodable(f"{_short(value)} is not one of {', '.join(sorted(map(str, allowed)))}")
        return value
    return decode_one_of


def _sequence(decode_item: Decoder, build: type) -> Decoder:
    def decode_sequence(value: object) -> object:
        if type(value) is not list:
            raise Undecodable(f"expected a list, found {_short(value)}")
        return build([decode_item(item) for item in value])
    return decode_sequence


def _fixed(decoders: tuple[Decoder, ...]) -> Decoder:
    def decode_fixed(value: object) -> tuple:
        if type(value) is not list or len(value) != len(decoders):
            raise Undecodable(f"expected a list of {len(decoders)}, found {_short(value)}")
        return tuple(d(v) for d, v in zip(decoders, value))
    return decode_fixed


def _mapping(decode_key: Decoder, decode_item: Decoder) -> Decoder:
    def decode_mapping(value: object) -> dict:
        if type(value) is not dict:
            raise Undecodable(f"expected an object, found {_short(value)}")
        return {decode_key(k): decode_item(v) for k, v in value.items()}
    return decode_mapping


@lru_cache(maxsize=1)
def _decoders() -> _Codec:
    return _Codec(ir.Program)
