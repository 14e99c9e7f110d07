"""Read, validate and type a case file; expose the event vocabulary.

Case files are written by hand by practitioners, so this module's job is to
turn *any* input into either a fully trusted ``Case`` or a ``CaseError``
listing every problem in plain English with the place it occurs
(``events[3].date: '2008-02-30' is not a valid date``) — never a traceback.

Validation has two passes over the parsed data:

1. the JSON Schema ``case.schema.json`` (shape, types, enums, date format),
   with jsonschema's messages rewritten for people;
2. checks a schema cannot express: unique ids, references that resolve to
   the right kind of entry, and dates that must not precede others.

The schema is also the single source of truth for the event vocabulary, which
``vocabulary()`` derives for the rule-language checker.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from importlib import resources
from os import PathLike, fspath
from pathlib import Path
from types import MappingProxyType
from typing import Any

import jsonschema
import yaml

from .model import (
    ASSESSMENT_FIELDS,
    ORA_COMMENCEMENT,
    Assessment,
    Case,
    Event,
    Intervention,
    Judgement,
    Offence,
    Offender,
    Order,
    Period,
    Requirement,
    Scalar,
    Sentence,
    VictimContactOverride,
)

__all__ = ["CaseError", "CaseProblem", "date_range", "load_case", "load_case_data", "parse_json", "vocabulary"]

PathParts = tuple[str | int, ...]
_Problem = tuple[PathParts, str]

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
MAX_CASE_BYTES = 5_000_000   # a case file, or one line of a caseload: 5,000 events take about 0.5 MB
TOO_LARGE = f"the case is larger than {MAX_CASE_BYTES // 1_000_000} MB, the most a case file may hold"
# Fields every event has; they become event/event_sentence facts (or, for
# note, nothing), never event_field facts.
_COMMON_EVENT_FIELDS = ("id", "kind", "date", "time", "sentence", "note")


# ---------------------------------------------------------------- errors


@dataclass(frozen=True)
class CaseProblem:
    """One thing wrong with a case file.

    ``path`` is the place in the file in ``events[3].date`` form, or ``""``
    when the problem concerns the whole file (unreadable, bad syntax).
    """

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class CaseError(Exception):
    """A case file could not be loaded; ``problems`` lists every reason."""

    def __init__(self, source: str, problems: Iterable[CaseProblem]) -> None:
        self.source = source
        self.problems: list[CaseProblem] = list(problems)
        super().__init__(str(self))

    def __str__(self) -> str:
        return "\n".join(f"{self.source}: {problem}" for problem in self.problems)


def _format_path(parts: PathParts) -> str:
    text = ""
    for part in parts:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


# ---------------------------------------------------------------- entry points


def load_case(path: str | PathLike[str]) -> Case:
    """Load and validate the case file at ``path`` (``.json`` or YAML).

    The path as given prefixes every problem message and becomes
    ``Case.source``.
    """
    return load_case_data(read_case_data(path), fspath(path))


def read_case_data(path: str | PathLike[str]) -> Any:
    """The case file at ``path`` parsed (JSON or YAML) but not yet validated; CaseError when it
    cannot be read or parsed."""
    source = fspath(path)
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_CASE_BYTES + 1)
    except OSError as exc:
        reason = exc.strerror or exc.__class__.__name__
        raise _whole_file_error(source, f"cannot read the file: {reason}") from None
    if len(data) > MAX_CASE_BYTES:
        raise _whole_file_error(source, TOO_LARGE)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise _whole_file_error(source, f"the file is not UTF-8 text (byte 0x{data[exc.start]:02x} on line {line})") \
            from None
    if source.lower().endswith(".json"):
        return parse_json(text, source)
    return _parse_yaml(text, source)


def load_case_text(text: str, source: str, is_json: bool = False) -> Case:
    """Load and validate a case file's text read from elsewhere (standard input); ``source``
    names it in every problem message."""
    if len(text) > MAX_CASE_BYTES or len(text.encode("utf-8", "surrogatepass")) > MAX_CASE_BYTES:
        raise _whole_file_error(source, TOO_LARGE)
    return load_case_data(parse_json(text, source) if is_json else _parse_yaml(text, source), source)


def load_case_data(data: Any, source: str) -> Case:
    """Validate already-parsed case data and build the ``Case``.

    Dates may be ISO strings or ``datetime.date`` objects.  ``source`` names
    the origin in messages and in ``Case.source``.
    """
    if data is None:
        raise _whole_file_error(source, "the file is empty; expected a case with id and sentences")
    if not isinstance(data, Mapping):
        raise _whole_file_error(
            source, f"expected a mapping (id, sentences, events, ...) at the top level, got {_describe(data)}"
        )
    try:
        plain = _plain(data)
    except _TooLarge:
        raise _whole_file_error(source, TOO_DEEP) from None
    unreadable = list(_not_text(plain, ()))
    if unreadable:   # reported alone: every later message would have to print the broken text
        raise CaseError(source, [CaseProblem(_format_path(path), message) for path, message in unreadable])
    problems = _schema_problems(plain) + _semantic_problems(plain)
    if problems:
        ordered = sorted(dict.fromkeys(problems), key=lambda p: _document_order(plain, p[0]))
        raise CaseError(source, [CaseProblem(_format_path(path), message) for path, message in ordered])
    return _build_case(plain, source)


def _whole_file_error(source: str, message: str) -> CaseError:
    return CaseError(source, [CaseProblem("", message)])


# ---------------------------------------------------------------- parsing


class _CaseYamlLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml's parser when installed
    """SafeLoader tuned for hand-written case files.

    * dates stay strings, so an impossible date such as ``2008-02-30`` is
      reported by validation instead of crashing the YAML parser;
    * only true/false are booleans (YAML 1.2), so a key like ``on:`` or a
      value like ``no`` keeps its spelling;
    * ``14:30`` is text, not YAML 1.1's base-60 number 870 (YAML 1.2 has
      none), so an unquoted event ``time`` reads as written;
    * a key repeated in one mapping is an error rather than silently lost.
    """

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        # Explicit tags (``!!int abc``, ``!!timestamp x``) can make PyYAML's
        # constructors raise plain exceptions; give them a line number.
        try:
            return super().construct_object(node, deep=deep)
        except yaml.YAMLError:
            raise
        except Exception as exc:  # noqa: BLE001 - any constructor failure is bad input
            raise yaml.constructor.ConstructorError(
                None, None, f"cannot read this value ({exc})", node.start_mark
            ) from None

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue
            key = self.construct_object(key_node, deep=deep)
            if not isinstance(key, (str, int, float)):
                continue  # unhashable keys are reported by SafeLoader itself
            if key in seen:
                raise yaml.constructor.ConstructorError(None, None, f"duplicate key {key!r}", key_node.start_mark)
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


_BASE_60 = re.compile(r"^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$")


def _not_base_60(tag: str, regexp: re.Pattern) -> re.Pattern:
    """PyYAML's int and float patterns without their base-60 forms (14:30 -> 870)."""
    if tag not in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float"):
        return regexp
    return re.compile(rf"(?!{_BASE_60.pattern})(?:{regexp.pattern})", regexp.flags)


_CaseYamlLoader.yaml_implicit_resolvers = {
    first: [
        (tag, _not_base_60(tag, regexp))
        for tag, regexp in resolvers
        if tag not in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool")
    ]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_CaseYamlLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def _parse_yaml(text: str, source: str) -> Any:
    try:
        return yaml.load(text, Loader=_CaseYamlLoader)  # noqa: S506 - SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        what = exc.problem or exc.context or "unreadable YAML"
        kind = "YAML error" if isinstance(exc, yaml.constructor.ConstructorError) else "YAML syntax error"
        raise _whole_file_error(source, f"{kind}{where}: {what}") from None
    except yaml.YAMLError as exc:
        raise _whole_file_error(source, f"YAML syntax error: {exc}") from None
    except RecursionError:
        raise _whole_file_error(source, TOO_DEEP) from None


def parse_json(text: str, source: str) -> Any:
    """A case's JSON text as data (a duplicate key is an error); CaseError when it is not JSON."""
    def no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key, value in pairs:
            if key in result:
                raise ValueError(f"duplicate key {key!r}")
            result[key] = value
        return result

    try:
        return json.loads(text, object_pairs_hook=no_duplicates)
    except json.JSONDecodeError as exc:
        raise _whole_file_error(
            source, f"JSON syntax error at line {exc.lineno}, column {exc.colno}: {exc.msg}"
        ) from None
    except ValueError as exc:
        raise _whole_file_error(source, f"JSON error: {exc}") from None
    except RecursionError:
        raise _whole_file_error(source, TOO_DEEP) from None


_MAX_NODES = 1_000_000
TOO_DEEP = "the data is too large, nested too deeply or refers to itself"


class _TooLarge(Exception):
    """Raised by ``_plain`` for self-referencing or alias-bomb data."""


def as_plain_data(data: Any) -> Any | None:
    """Parsed case data as plain JSON values (dates as ISO text, keys as text), as validation sees
    it; None when it is too large, nested too deeply or refers to itself."""
    try:
        return _plain(data)
    except _TooLarge:
        return None


def _plain(value: Any, budget: list[int] | None = None, depth: int = 0) -> Any:
    """JSON-like copy of parsed data: dates as ISO strings, keys as strings.

    YAML aliases can make data refer to itself or expand enormously; a node
    budget and a depth limit turn both into ``_TooLarge``.
    """
    budget = budget if budget is not None else [_MAX_NODES]
    budget[0] -= 1
    if budget[0] < 0 or depth > 100:
        raise _TooLarge
    if isinstance(value, Mapping):
        return {str(key): _plain(item, budget, depth + 1) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(item, budget, depth + 1) for item in value]
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")  # a time of day is not a date: rejected later
    if isinstance(value, date):
        return value.isoformat()
    return value


def _not_text(value: Any, path: PathParts) -> Iterator[_Problem]:
    """Strings that cannot be written out: JSON's "\\ud800" escapes (and YAML's) decode to lone
    surrogates, which are not characters and would fail every output."""
    if isinstance(value, str) and not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as exc:
            yield path, f"{value[exc.start]!a} is not a character (a lone surrogate); write the text as UTF-8"
    elif isinstance(value, Mapping):
        for key, item in value.items():
            where = path + (key.encode("utf-8", "backslashreplace").decode("utf-8"),)
            yield from _not_text(key, where)
            yield from _not_text(item, where)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _not_text(item, path + (index,))


# ---------------------------------------------------------------- schema


@lru_cache(maxsize=1)
def _schema() -> dict[str, Any]:
    text = resources.files("policyengine.cases").joinpath("case.schema.json").read_text(encoding="utf-8")
    return json.loads(text)


def _is_date_text(value: object) -> bool:
    if not isinstance(value, str):
        return True  # the "type" keyword reports non-strings
    if not _ISO_DATE.fullmatch(value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _discriminated_one_of(validator, one_of, instance, schema):
    """`oneOf` that checks only the branch an entry's discriminator names (an event's `kind`).

    Plain `oneOf` validates every event against all two dozen kinds, most of a case's load
    time; the errors of the named branch are the ones reported either way (see
    `_explain_discriminated`).  Anything else falls back to the standard keyword."""
    field = schema.get("x-discriminator")
    if field and isinstance(instance, Mapping) and isinstance(instance.get(field), str):
        index = schema["x-branch-index"].get(instance[field])
        if index is not None:
            yield from validator.descend(instance, one_of[index], schema_path=index)
            return
    yield from jsonschema.Draft202012Validator.VALIDATORS["oneOf"](validator, one_of, instance, schema)


def _in_range(validator, bounds, instance, schema):
    """`x-range`: a date from the first bound to the last (a text that is no date is the format's to report)."""
    if isinstance(instance, str) and _is_date_text(instance) and not bounds[0] <= instance <= bounds[1]:
        yield jsonschema.ValidationError(f"{instance!r} is outside {bounds[0]}..{bounds[1]}")


def date_range() -> tuple[date, date]:
    """The first and the last date a case may hold (the schema's ``x-range``); ``--as-of`` too.

    Bank holidays are known and the working-day arithmetic stays fast over this span; the bulk
    backend's calendar table covers 1990-2060 and asks the same Python function outside it."""
    first, last = _schema()["$defs"]["date"]["x-range"]
    return date.fromisoformat(first), date.fromisoformat(last)


@lru_cache(maxsize=1)
def _validator() -> jsonschema.protocols.Validator:
    checker = jsonschema.FormatChecker(formats=())
    checker.checks("date")(_is_date_text)
    validator_class = jsonschema.validators.extend(jsonschema.Draft202012Validator,
                                                   {"oneOf": _discriminated_one_of, "x-range": _in_range})
    return validator_class(_inlined(_schema()), format_checker=checker)


def _inlined(node: Any) -> Any:
    """The schema with each local ``$ref`` replaced by its definition, and each discriminated
    ``oneOf`` given its branches' index (``x-branch-index``).

    jsonschema otherwise looks every reference up as it validates, and the discriminator's
    branches were found again for every event: together about two thirds of a case's validation.
    The case schema has no recursive definitions, so inlining ends; a reference's sibling
    keywords are annotations (``description``, ``x-refers-to``) and are kept."""
    if isinstance(node, list):
        return [_inlined(item) for item in node]
    if not isinstance(node, Mapping):
        return node
    if "$ref" in node:
        siblings = {key: value for key, value in node.items() if key != "$ref"}
        return {**_inlined(_resolve(node)), **siblings}
    out = {key: _inlined(value) for key, value in node.items() if key != "$defs"}
    if "x-discriminator" in out:
        out["x-branch-index"] = {value: index for index, value in enumerate(_branch_values(node))}
    return out


def _resolve(schema: Mapping[str, Any]) -> Mapping[str, Any]:
    """Follow local ``$ref`` chains (``#/$defs/name``) to the definition."""
    while "$ref" in schema:
        name = schema["$ref"].removeprefix("#/$defs/")
        schema = _schema()["$defs"][name]
    return schema


def _branch_values(schema: Mapping[str, Any]) -> list[Any]:
    """Discriminator value of each ``oneOf`` branch, in branch order."""
    field = schema["x-discriminator"]
    return [_resolve(branch)["properties"][field]["const"] for branch in schema["oneOf"]]


def _schema_problems(data: Any) -> list[_Problem]:
    problems: list[_Problem] = []
    for error in _validator().iter_errors(data):
        problems.extend(_explain(error))
    return problems


def _explain(error: jsonschema.ValidationError) -> list[_Problem]:
    """Turn one jsonschema error into plain-English problems."""
    path: PathParts = tuple(error.absolute_path)
    keyword, expected, instance, schema = error.validator, error.validator_value, error.instance, error.schema
    if keyword == "oneOf" and "x-discriminator" in schema:
        return _explain_discriminated(error)
    if keyword == "required":
        return [(path + (name,), "required field is missing") for name in expected if name not in instance]
    if keyword == "additionalProperties":
        known = list(schema.get("properties", {}))
        return [(path + (key,), _unknown_field(key, known)) for key in instance if key not in known]
    if keyword == "type":
        return [(path, f"expected {_type_words(expected)}, got {_describe(instance)}")]
    if keyword == "enum":
        return [(path, f"{instance!r} is not one of: {', '.join(map(str, expected))}")]
    if keyword == "const":
        return [(path, f"must be {expected!r}")]
    if keyword == "format" and expected == "date":
        looks_right = isinstance(instance, str) and _ISO_DATE.fullmatch(instance)
        hint = "" if looks_right else " (write dates as YYYY-MM-DD)"
        return [(path, f"{instance!r} is not a valid date{hint}")]
    if keyword == "x-range":
        return [(path, f"{instance!r} is outside the dates a case may hold ({expected[0]} to {expected[1]})")]
    if keyword == "maxItems":
        return [(path, f"has {len(instance):,} entries; a case may hold at most {expected:,}")]
    if keyword in ("minimum", "maximum"):
        if "minimum" in schema and "maximum" in schema:
            return [(path, f"must be between {schema['minimum']} and {schema['maximum']}, not {instance!r}")]
        bound = "at least" if keyword == "minimum" else "at most"
        return [(path, f"must be {bound} {expected}, not {instance!r}")]
    if keyword == "minItems":
        return [(path, f"must have at least {expected} {'entry' if expected == 1 else 'entries'}")]
    if keyword == "minLength":
        return [(path, "must not be empty")]
    if keyword == "pattern":
        return [(path, f"{instance!r} is not {schema.get('x-expected', 'in the expected form')}")]
    if keyword == "not":
        return [(path, schema.get("x-message", "is not allowed here"))]
    return [(path, error.message)]


def _explain_discriminated(error: jsonschema.ValidationError) -> list[_Problem]:
    """Report only the errors of the branch the discriminator selects.

    jsonschema reports every ``oneOf`` branch's failures; for an event of kind
    ``contact`` only the ``event_contact`` branch is of interest.
    """
    path: PathParts = tuple(error.absolute_path)
    schema, instance = error.schema, error.instance
    field = schema["x-discriminator"]
    if not isinstance(instance, Mapping):
        return [(path, f"expected a mapping, got {_describe(instance)}")]
    if field not in instance:
        return [(path + (field,), "required field is missing")]
    values = _branch_values(schema)
    value = instance[field]
    if not isinstance(value, str) or value not in values:
        noun = f"{schema.get('title', 'entry')} {field}"
        return [(path + (field,), _unknown(value, values, noun))]
    branch = values.index(value)
    problems: list[_Problem] = []
    for sub in error.context or ():
        if sub.relative_schema_path and sub.relative_schema_path[0] == branch:
            problems.extend(_explain(sub))
    return problems


def _unknown(value: Any, known: list[str], noun: str) -> str:
    close = difflib.get_close_matches(value, known, n=1) if isinstance(value, str) else []
    if close:
        return f"unknown {noun} {value!r} (did you mean {close[0]!r}?)"
    if len(known) <= 60:
        return f"unknown {noun} {value!r} (expected one of: {', '.join(known)})"
    return f"unknown {noun} {value!r}"


def _unknown_field(name: str, known: list[str]) -> str:
    close = difflib.get_close_matches(name, known, n=1)
    if close:
        return f"unknown field (did you mean {close[0]!r}?)"
    return f"unknown field (expected one of: {', '.join(known)})"


_TYPE_WORDS = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "object": "a mapping",
    "array": "a list",
    "null": "nothing",
}


def _type_words(expected: str | list[str]) -> str:
    names = [expected] if isinstance(expected, str) else list(expected)
    return " or ".join(_TYPE_WORDS.get(name, name) for name in names)


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return repr(value)


def _document_order(data: Any, path: PathParts) -> tuple[int, ...]:
    """Sort key placing a path where it occurs in the file."""
    key: list[int] = []
    node = data
    for part in path:
        if isinstance(node, Mapping) and isinstance(part, str):
            names = list(node)
            key.append(names.index(part) if part in names else len(names))
            node = node.get(part)
        elif isinstance(node, list) and isinstance(part, int):
            key.append(part)
            node = node[part] if 0 <= part < len(node) else None
        else:
            key.append(0)
            node = None
    return tuple(key)


# ---------------------------------------------------------------- vocabulary


def vocabulary() -> dict[str, dict[str, str]]:
    """Event kind -> {field name -> type name}, read from the schema.

    Type names: ``date``, ``string``, ``integer``, ``boolean``, ``ref`` (the
    id of another entry) or ``enum:a|b|c``.  The fields listed are exactly
    those that reach the rules as ``event_field(E, Field, Value)`` facts:
    every field except ``id``, ``kind``, ``date`` and ``sentence`` (which
    become ``event`` and ``event_sentence`` facts) and the free-text
    ``note``.  The pseudo-kind ``sentence`` describes the event each
    sentence contributes.
    """
    return {kind: dict(fields) for kind, fields in _vocabulary().items()}


@lru_cache(maxsize=1)
def _event_definitions() -> dict[str, Mapping[str, Any]]:
    """Event kind -> its ``$defs/event_<kind>`` schema, in schema order."""
    branches = _schema()["$defs"]["event"]["oneOf"]
    return {_resolve(b)["properties"]["kind"]["const"]: _resolve(b) for b in branches}


@lru_cache(maxsize=1)
def _vocabulary() -> dict[str, dict[str, str]]:
    result: dict[str, dict[str, str]] = {}
    for kind, definition in _event_definitions().items():
        result[kind] = {
            name: _type_name(prop)
            for name, prop in definition["properties"].items()
            if name not in _COMMON_EVENT_FIELDS
        }
    if "sentence" in result:
        raise RuntimeError("case.schema.json: 'sentence' is reserved for the sentence pseudo-event")
    sentence_props = _schema()["$defs"]["sentence"]["properties"]
    result["sentence"] = {name: _type_name(sentence_props[name]) for name in ("type", "length_months")}
    return result


def _type_name(prop: Mapping[str, Any]) -> str:
    while True:
        if "x-refers-to" in prop:
            return "ref"
        if prop.get("format") == "date":
            return "date"
        if "enum" in prop:
            return "enum:" + "|".join(map(str, prop["enum"]))
        if "$ref" not in prop:
            break
        prop = _schema()["$defs"][prop["$ref"].removeprefix("#/$defs/")]
    kind = prop.get("type")
    if kind in ("string", "integer", "boolean"):
        return kind
    raise RuntimeError(f"case.schema.json: no vocabulary type for {prop!r}")


# ---------------------------------------------------------------- semantic checks


def _entries(data: Mapping[str, Any], key: str) -> Iterator[tuple[PathParts, Mapping[str, Any]]]:
    """(path, entry) for each mapping in the list ``data[key]``."""
    items = data.get(key)
    if isinstance(items, list):
        for index, item in enumerate(items):
            if isinstance(item, Mapping):
                yield (key, index), item


def _as_date(value: Any) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) and _is_date_text(value) else None


def _semantic_problems(data: Mapping[str, Any]) -> list[_Problem]:
    return [
        *_duplicate_ids(data),
        *_bad_references(data),
        *_dates_out_of_order(data),
        *_assessment_problems(data),
        *_requirement_problems(data),
    ]


def _duplicate_ids(data: Mapping[str, Any]) -> Iterator[_Problem]:
    first_seen: dict[str, PathParts] = {}
    for key in ("sentences", "periods", "events", "offences", "orders", "interventions"):
        for path, entry in _entries(data, key):
            ident = entry.get("id")
            if not isinstance(ident, str):
                continue
            if ident in first_seen:
                yield path + ("id",), f"duplicate id {ident!r} (already used at {_format_path(first_seen[ident])})"
            else:
                first_seen[ident] = path


def _bad_references(data: Mapping[str, Any]) -> Iterator[_Problem]:
    """Each ``x-refers-to`` field names an existing entry of the right kind, not dated later."""
    targets: dict[str, tuple[str | None, date | None]] = {}
    for key in ("sentences", "periods", "events"):
        for _, entry in _entries(data, key):
            ident = entry.get("id")
            if isinstance(ident, str) and ident not in targets:
                kind = {"events": entry.get("kind"), "periods": "period", "sentences": "sentence"}[key]
                targets[ident] = (kind if isinstance(kind, str) else None, _as_date(entry.get("date")))
    for path, offence in _entries(data, "offences"):
        value = offence.get("sentence")
        if isinstance(value, str) and targets.get(value, ("",))[0] != "sentence":
            yield path + ("sentence",), f"refers to {value!r}, but there is no sentence with that id"
    for path, judgement in _entries(data, "judgements"):
        value = judgement.get("trigger")
        if isinstance(value, str) and targets.get(value, ("period",))[0] == "period":
            yield path + ("trigger",), f"refers to {value!r}, but there is no event or sentence with that id"
    for path, event in _entries(data, "events"):
        kind = event.get("kind")
        definition = _event_definitions().get(kind) if isinstance(kind, str) else None
        if definition is None:
            continue
        for name, prop in definition["properties"].items():
            wanted, value = prop.get("x-refers-to"), event.get(name)
            if wanted is None or not isinstance(value, str):
                continue
            if value not in targets:
                yield path + (name,), f"refers to {value!r}, but there is no {wanted} with that id"
                continue
            kind, when = targets[value]
            if kind is None:
                continue  # the entry's own kind is missing or not text, and is reported at its path
            if kind != wanted:
                yield path + (name,), f"refers to {value!r}, which is {_a(kind)}, not {_a(wanted)}"
            elif wanted != "sentence" and when and (mine := _as_date(event.get("date"))) and when > mine:
                yield path + (name,), f"refers to {value!r}, which is dated later ({when.isoformat()})"


def _a(noun: str) -> str:
    return f"an {noun}" if noun[:1] in "aeiou" else f"a {noun}"


def _dates_out_of_order(data: Mapping[str, Any]) -> Iterator[_Problem]:
    def check(path: PathParts, entry: Mapping[str, Any], later: str, earlier: str, what: str) -> Iterator[_Problem]:
        late, early = _as_date(entry.get(later)), _as_date(entry.get(earlier))
        if late and early and late < early:
            yield path + (later,), f"{late.isoformat()} is before {what} {early.isoformat()}"

    for path, sentence in _entries(data, "sentences"):
        yield from check(path, sentence, "end_date", "date", "the sentence date")
        yield from check(path, sentence, "release_date", "date", "the sentence date")
    for path, period in _entries(data, "periods"):
        yield from check(path, period, "end", "start", "the start")
    for path, event in _entries(data, "events"):
        if event.get("kind") == "release":
            yield from check(path, event, "licence_end", "date", "the release date")
    for path, order in _entries(data, "orders"):
        yield from check(path, order, "end", "start", "the start")
    for path, intervention in _entries(data, "interventions"):
        yield from check(path, intervention, "completed", "start", "the start")


def _assessment_problems(data: Mapping[str, Any]) -> Iterator[_Problem]:
    """Every record sets something; no field is set twice on one day."""
    setters: dict[tuple[str, date], PathParts] = {}
    for path, record in _entries(data, "assessments"):
        present = [name for name in ASSESSMENT_FIELDS if name in record]
        if not present:
            yield path, f"sets none of {', '.join(ASSESSMENT_FIELDS)}"
        if "tier_departure_reason" in record and "tier" not in record:
            yield path + ("tier_departure_reason",), "only applies to a record that sets tier"
        when = _as_date(record.get("date"))
        if when is None:
            continue
        for name in present:
            if (name, when) in setters:
                other = _format_path(setters[name, when])
                yield path + (name,), f"{other} also sets {name} on {when.isoformat()}"
            else:
                setters[name, when] = path


def _requirement_problems(data: Mapping[str, Any]) -> Iterator[_Problem]:
    """No rehabilitation activity requirement before the Act that made it: a date before it is a
    typing error, not a case to judge."""
    for path, sentence in _entries(data, "sentences"):
        when = _as_date(sentence.get("date"))
        if when is None or when >= ORA_COMMENCEMENT:
            continue
        for sub, requirement in _entries(sentence, "requirements"):
            if requirement.get("kind") == "rehabilitation_activity":
                yield (path + sub + ("kind",), "a rehabilitation activity requirement can be ordered only from"
                       f" 1 February 2015 (Offender Rehabilitation Act 2014), and the sentence is dated {when.isoformat()}")


# ---------------------------------------------------------------- building


def _opt_date(value: Any) -> date | None:
    return None if value is None else date.fromisoformat(value)


def minutes_of_day(text: str) -> int:
    """"14:30" (checked against the schema's HH:MM pattern) as minutes after midnight, 870."""
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


def _typed(value: Any, type_name: str) -> Scalar:
    if type_name == "date":
        return date.fromisoformat(value)
    if type_name == "integer":
        return int(value)
    return value


def _build_case(data: Mapping[str, Any], source: str) -> Case:
    offender = data.get("offender")
    hint = data.get("edition_hint")
    return Case(
        id=data["id"],
        sentences=tuple(_build_sentence(entry, path) for path, entry in _entries(data, "sentences")),
        assessments=tuple(_build_assessment(entry, path) for path, entry in _entries(data, "assessments")),
        periods=tuple(_build_period(entry, path) for path, entry in _entries(data, "periods")),
        judgements=tuple(_build_judgement(entry, path) for path, entry in _entries(data, "judgements")),
        events=tuple(_build_event(entry, path) for path, entry in _entries(data, "events")),
        offender=None
        if offender is None
        else Offender(offender.get("name"), offender.get("gender"), _opt_date(offender.get("date_of_birth"))),
        edition_hint=None if hint is None else str(hint),
        flags=tuple(data.get("flags") or ()),
        offences=tuple(_build_offence(entry, path) for path, entry in _entries(data, "offences")),
        orders=tuple(_build_order(entry, path) for path, entry in _entries(data, "orders")),
        interventions=tuple(_build_intervention(entry, path) for path, entry in _entries(data, "interventions")),
        source=source,
    )


def _build_offence(entry: Mapping[str, Any], path: PathParts) -> Offence:
    return Offence(
        statute=entry["statute"],
        section=entry["section"],
        id=entry.get("id"),
        detail=entry.get("detail"),
        form=entry.get("form", "committed"),
        outcome=entry.get("outcome", "convicted"),
        date=_opt_date(entry.get("date")),
        sentence=entry.get("sentence"),
        description=entry.get("description"),
        path=_format_path(path),
    )


def _build_order(entry: Mapping[str, Any], path: PathParts) -> Order:
    return Order(entry["id"], entry["kind"], date.fromisoformat(entry["start"]), _opt_date(entry.get("end")),
                 entry.get("note"), _format_path(path))


def _build_intervention(entry: Mapping[str, Any], path: PathParts) -> Intervention:
    return Intervention(entry["id"], entry["kind"], date.fromisoformat(entry["start"]),
                        _opt_date(entry.get("completed")), entry.get("intensity"), entry.get("note"),
                        _format_path(path))


def _build_requirement(entry: Mapping[str, Any], path: PathParts) -> Requirement:
    types = {name: _type_name(prop) for name, prop in _schema()["$defs"]["requirement"]["properties"].items()}
    params = {name: _typed(value, types[name]) for name, value in entry.items() if name not in ("kind", "note")}
    return Requirement(entry["kind"], MappingProxyType(params), entry.get("note"), _format_path(path))


def _build_sentence(entry: Mapping[str, Any], path: PathParts) -> Sentence:
    requirements = tuple(
        _build_requirement(requirement, path + sub) for sub, requirement in _entries(entry, "requirements")
    )
    length = entry.get("length_months")
    return Sentence(
        id=entry["id"],
        type=entry["type"],
        date=date.fromisoformat(entry["date"]),
        length_months=None if length is None else int(length),
        end_date=_opt_date(entry.get("end_date")),
        release_date=_opt_date(entry.get("release_date")),
        psr=entry.get("psr", "none"),
        victim_contact_override=_build_victim_contact_override(entry.get("victim_contact_override")),
        court=entry.get("court"),
        requirements=requirements,
        note=entry.get("note"),
        path=_format_path(path),
    )


def _build_victim_contact_override(entry: Mapping[str, Any] | None) -> VictimContactOverride | None:
    return None if entry is None else VictimContactOverride(entry["qualifies"], entry["reason"])


def _build_assessment(entry: Mapping[str, Any], path: PathParts) -> Assessment:
    types = {name: _type_name(prop) for name, prop in _schema()["$defs"]["assessment"]["properties"].items()}
    values = {name: _typed(entry[name], types[name]) for name in ASSESSMENT_FIELDS if name in entry}
    return Assessment(
        date=date.fromisoformat(entry["date"]),
        source=entry.get("source"),
        tier_departure_reason=entry.get("tier_departure_reason"),
        note=entry.get("note"),
        path=_format_path(path),
        **values,  # type: ignore[arg-type]
    )


def _build_period(entry: Mapping[str, Any], path: PathParts) -> Period:
    return Period(
        id=entry["id"],
        kind=entry["kind"],
        start=date.fromisoformat(entry["start"]),
        end=_opt_date(entry.get("end")),
        note=entry.get("note"),
        path=_format_path(path),
    )


def _build_judgement(entry: Mapping[str, Any], path: PathParts) -> Judgement:
    return Judgement(
        standard=entry["standard"],
        date=date.fromisoformat(entry["date"]),
        met=entry["met"],
        by=entry.get("by"),
        reason=entry.get("reason"),
        path=_format_path(path),
        trigger=entry.get("trigger"),
    )


def _build_event(entry: Mapping[str, Any], path: PathParts) -> Event:
    types = _vocabulary()[entry["kind"]]
    return Event(
        id=entry["id"],
        kind=entry["kind"],
        date=date.fromisoformat(entry["date"]),
        time=minutes_of_day(entry["time"]) if "time" in entry else None,
        sentence=entry.get("sentence"),
        fields=MappingProxyType(
            {name: _typed(value, types[name]) for name, value in entry.items() if name not in _COMMON_EVENT_FIELDS}
        ),
        note=entry.get("note"),
        path=_format_path(path),
    )
