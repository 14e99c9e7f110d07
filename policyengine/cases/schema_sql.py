"""The case schema as one SQL condition over a JSON value, for checking a caseload in bulk.

`surely_valid(schema)` turns a node of `case.schema.json` into a DuckDB boolean expression over a
JSON column.  It is meant to *screen* records, not to explain them: when it is true the record
passes the schema as `cases.load` validates it; when it is false (or for anything it cannot be
sure about: a big or fractional number, text outside ASCII under a `pattern`) the record goes
through `load_case_data`, which decides and gives the messages.  So the condition may be
stricter than the schema, never more lenient, and inside `not` and `if` (where stricter would
turn into more lenient) only keywords it translates exactly are accepted.

DuckDB's JSON reader is more lenient than Python's in a few ways (trailing commas, NaN); the
caller screens such lines out before they reach this condition (see `caseload.bulk_import`).
"""
from __future__ import annotations

import itertools
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from .load import _resolve, _schema

_NUMERIC_BOUNDS = ("minimum", "maximum")
_ANNOTATIONS = {"description", "title", "x-message", "x-expected", "x-refers-to", "$schema", "$id", "$defs",
                "x-discriminator"}
# JSON type -> DuckDB's json_type names (a non-negative integer is UBIGINT; a fraction is DOUBLE,
# which Python may still accept as an integer: such records are left to Python)
_JSON_TYPES = {"string": ("VARCHAR",), "integer": ("BIGINT", "UBIGINT"), "boolean": ("BOOLEAN",),
               "object": ("OBJECT",), "array": ("ARRAY",)}


class SchemaNotTranslated(Exception):
    """A schema keyword this module cannot turn into SQL (the schema grew): extend `_Compiler`."""


def text(value: str) -> str:
    """A SQL string literal."""
    return "'" + value.replace("'", "''") + "'"


def _key(name: str) -> str:
    return text('$."' + name.replace('"', '\\"') + '"')


@dataclass(frozen=True)
class Value:
    """A JSON value read once: as JSON, its json_type and its text (all NULL when absent), and for
    an array staged as a list of its entries, that list's length (read instead of parsing the
    array again)."""
    json: str
    type: str
    str: str
    length: str | None = None


@dataclass(frozen=True)
class Row:
    """An object already taken apart in a staging table: each property's JSON value as a column
    (NULL when absent), and the object's keys.  Its arrays in `apart` are checked in their own
    table (only their length is checked here)."""
    fields: Mapping[str, Value]
    keys: str
    apart: frozenset[str] = frozenset()


class _Compiler:
    def __init__(self, part: str | None = None, names: Iterator[int] | None = None) -> None:
        self._names = names or itertools.count()   # shared with the compiler that made this one
        self.part = part   # None: the whole condition; "keys" or "rest": one side of `split_by_keys`
        self._field_of: dict[str, str] = {}   # a staged row's property check -> its property

    def valid(self, schema: Mapping[str, Any], x: str, exact: bool = False, row: Row | None = None,
              value: Value | None = None) -> str:
        """SQL that is true only if the JSON value `x` (present, possibly JSON null) is valid.
        `exact`: the result must also be false whenever the value is invalid (under `not`/`if`).
        `row`: `x` is an object whose properties are columns (see `Row`)."""
        return _all(self.conjuncts(schema, x, exact, row, value))

    def conjuncts(self, schema: Mapping[str, Any], x: str, exact: bool = False, row: Row | None = None,
                  value: Value | None = None) -> list[str]:
        """`valid` as the conditions it is the conjunction of (a staged row's property checks apart)."""
        if "$ref" in schema:
            siblings = {k: v for k, v in schema.items() if k != "$ref"}
            return self.conjuncts({**_resolve(schema), **siblings}, x, exact, row, value)
        parts: list[str] = []
        for keyword, setting in schema.items():
            if keyword in _ANNOTATIONS or keyword in ("then", "else") or (row and keyword == "type"):
                continue   # a staged row's type is checked as it is staged
            part = self._keyword(keyword, setting, schema, x, exact, row, value)
            parts += [p for p in ([part] if isinstance(part, str) else part) if p != "TRUE" and p not in parts]
        return parts

    def _field(self, x: str, name: str, row: Row | None) -> str:
        return row.fields[name].json if row else f"json_extract({x}, {_key(name)})"

    @staticmethod
    def _not_object(x: str, row: Row | None) -> str:
        """A staged row is an object (the staging table holds only objects)."""
        return "FALSE" if row else f"(json_type({x}) <> 'OBJECT')"

    def _keyword(self, keyword: str, value: Any, schema: Mapping[str, Any], x: str, exact: bool,
                 row: Row | None, read: Value | None = None) -> str | list[str]:
        if row and self.part and keyword not in ("oneOf", "allOf"):
            if keyword in ("if", "not"):
                raise SchemaNotTranslated(f"{keyword} on a staged row: its keys cannot be judged apart")
            if (keyword in ("additionalProperties", "required")) != (self.part == "keys"):
                return "TRUE"
            if keyword == "required":   # a property is present exactly when its key is
                return f"list_has_all({row.keys}, [{', '.join(map(text, value))}])" if value else "TRUE"
        s = read.str if read else f"json_extract_string({x}, '$')"
        jt = read.type if read else f"json_type({x})"
        if keyword == "type":
            types = value if isinstance(value, list) else [value]
            if exact and "integer" in types or not set(types) <= set(_JSON_TYPES):
                raise SchemaNotTranslated(f"type {value} (under not/if, or one DuckDB's types do not tell)")
            return f"{jt} IN ({', '.join(text(n) for t in types for n in _JSON_TYPES[t])})"
        if keyword in ("enum", "const"):
            values = value if keyword == "enum" else [value]
            if not all(isinstance(v, str) for v in values):
                raise SchemaNotTranslated(f"{keyword} of non-text values")
            return f"{jt} = 'VARCHAR' AND {s} IN ({', '.join(text(v) for v in values)})"
        if keyword == "not":
            return f"NOT ({self.valid(value, x, True, None, read)})" if value else "FALSE"
        if keyword == "minLength":
            if value != 1:
                raise SchemaNotTranslated("minLength other than 1")
            return f"{jt} <> 'VARCHAR' OR {s} <> ''"
        if keyword == "pattern":
            if exact:
                raise SchemaNotTranslated("pattern under not/if")
            # RE2 and Python agree on these patterns for ASCII text; other text is left to Python
            return (f"{jt} <> 'VARCHAR' OR (regexp_full_match({s}, '[\\x20-\\x7e]*') "
                    f"AND regexp_matches({s}, {text(value)}))")
        if keyword == "format":
            if value != "date" or exact:
                raise SchemaNotTranslated(f"format {value}")
            return (f"{jt} <> 'VARCHAR' OR (regexp_full_match({s}, '[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}') "
                    f"AND TRY_CAST({s} AS DATE) IS NOT NULL)")
        if keyword == "x-range":
            return f"{jt} <> 'VARCHAR' OR TRY_CAST({s} AS DATE) IS NULL OR {s} BETWEEN {text(value[0])} AND {text(value[1])}"
        if keyword in _NUMERIC_BOUNDS:
            if exact:
                raise SchemaNotTranslated(f"{keyword} under not/if")
            op = ">=" if keyword == "minimum" else "<="
            return f"{jt} IN ('BIGINT', 'UBIGINT') AND TRY_CAST({s} AS BIGINT) {op} {int(value)}"
        if keyword in ("maxItems", "minItems"):
            op = "<=" if keyword == "maxItems" else ">="
            length = read.length if read and read.length else f"json_array_length({x})"
            return f"{jt} <> 'ARRAY' OR {length} {op} {int(value)}"
        if keyword == "uniqueItems":
            if read and read.length:
                raise SchemaNotTranslated("uniqueItems on an array staged as the list of its entries")
            if exact:
                raise SchemaNotTranslated("uniqueItems under not/if")
            v = f"v{next(self._names)}"
            items = f"list_transform(json_extract({x}, '$[*]'), lambda {v}: json_extract_string({v}, '$'))"
            return f"{jt} <> 'ARRAY' OR len(list_distinct({items})) = json_array_length({x})"
        if keyword == "items":
            v = f"v{next(self._names)}"
            items = f"json_extract({x}, '$[*]')"
            staged = self._staged_items(value, v, exact)
            if staged:   # each item read once, then checked
                read, w, each = staged
                return (f"{jt} <> 'ARRAY' OR coalesce(list_bool_and(list_transform(list_transform({items}, "
                        f"lambda {v}: {read}), lambda {w}: {each})), TRUE)")
            each = self.valid(value, v, exact)
            return f"{jt} <> 'ARRAY' OR coalesce(list_bool_and(list_transform({items}, lambda {v}: {each})), TRUE)"
        if keyword == "required":
            return " AND ".join(f"{self._field(x, name, row)} IS NOT NULL" for name in value) or "TRUE"
        if keyword == "properties":
            checks = []
            for name, sub in value.items():
                field = self._field(x, name, row)
                read = row.fields[name] if row else None
                if row and name in row.apart:
                    sub = {k: v for k, v in _resolve(sub).items() if k != "items"} if "$ref" in sub else \
                        {k: v for k, v in sub.items() if k != "items"}
                checks.append(f"{field} IS NULL OR ({self.valid(sub, field, exact, None, read)})")
                if row:
                    self._field_of[checks[-1]] = name
            return checks if row else f"{self._not_object(x, row)} OR ({_all(checks)})"
        if keyword == "additionalProperties":
            if value is not False or exact:
                raise SchemaNotTranslated("additionalProperties other than false")
            known = ", ".join(text(name) for name in schema.get("properties", {}))
            keys = row.keys if row else f"json_keys({x})"
            # a key given twice is an error for Python's reader (cases.load.parse_json): here too
            return (f"{self._not_object(x, row)} OR (len(list_distinct({keys})) = len({keys}) AND "
                    f"list_has_all([{known}], {keys}))")
        if keyword == "allOf":
            return [c for sub in value for c in self.conjuncts(sub, x, exact, row)]
        if keyword == "if":
            condition = self.valid(value, x, True, row)
            then = self.valid(schema.get("then", {}), x, exact, row)
            otherwise = self.valid(schema.get("else", {}), x, exact, row)
            return f"CASE WHEN {condition} THEN {then} ELSE {otherwise} END"
        if keyword == "oneOf":
            field = schema.get("x-discriminator")
            if not field:
                raise SchemaNotTranslated("oneOf without x-discriminator")
            branches = [(_resolve(b)["properties"][field]["const"], self.conjuncts(b, x, exact, row)) for b in value]
            tag = row.fields[field] if row else Value(f"json_extract({x}, {_key(field)})", "", "")
            tag_type = tag.type or f"json_type({tag.json})"
            tag_text = tag.str or f"json_extract_string({tag.json}, '$')"
            if row and self.part == "rest":
                return self._rest_of_branches(value, field, branches, tag_text)
            # a check every branch makes is made once, outside the CASE (a staged row's common fields)
            common = [c for c in branches[0][1] if all(c in b for _, b in branches[1:])] if row else []
            cases = " ".join(f"WHEN {text(const)} THEN ({_all([c for c in b if c not in common])})"
                             for const, b in branches)
            return [f"NOT {self._not_object(x, row)} AND {tag_type} = 'VARCHAR' AND "
                    f"CASE {tag_text} {cases} ELSE FALSE END", *common]
        raise SchemaNotTranslated(f"keyword {keyword!r}: {json.dumps(value)[:80]}")

    def _staged_items(self, schema: Mapping[str, Any], v: str, exact: bool) -> tuple[str, str, str] | None:
        """Items that must be objects of scalar properties, read as a staged row is: each item `v`
        parsed once each for its type, its keys, its properties' types and their texts (a STRUCT
        `w`), where checking each property on the item's JSON parses the item again for every read
        (three a property).  Returns that read, `w`'s name and the check of `w`; None for other items."""
        item = {**_resolve(schema), **{k: s for k, s in schema.items() if k != "$ref"}}
        names = list(item.get("properties", {}))   # every property a part of its schema names, its own
        if (item.get("type") != "object" or not names or not set(_object_property_names(item)) <= set(names)
                or any(can_nest(item, n) for n in names)):
            return None
        w = f"w{next(self._names)}"
        paths = ", ".join(_key(n) for n in names)
        texts = text(json.dumps(dict.fromkeys(names, "VARCHAR")))
        read = (f"{{'o': json_type({v}), 'k': json_keys({v}), 't': json_type({v}, [{paths}]), "
                f"'s': json_transform({v}, {texts})}}")
        fields = {n: Value(f"{w}['t'][{i}]", f"{w}['t'][{i}]", f"{w}['s'][{text(n)}]")
                  for i, n in enumerate(names, start=1)}
        checks = _Compiler(names=self._names)   # the whole item's schema, whichever part of a row this is
        condition = checks.valid(item, w, exact, Row(fields, f"{w}['k']"))
        return read, w, f"{w}['o'] = 'OBJECT' AND ({condition})"

    def _rest_of_branches(self, schemas: list[Mapping[str, Any]], tag: str, branches: list[tuple[str, list[str]]],
                          tag_text: str) -> list[str]:
        """A staged row's discriminated oneOf once `keys` has judged its kind (a branch's), its
        keys (known to that branch) and its required properties.  A property check that every
        branch knowing the property makes alike is made on every row (a branch that does not know
        it has no such key, and the check passes an absent property); the discriminator's own
        `const` is what chose the branch; what is left is checked by kind, others passing."""
        known = [set(_resolve(b).get("properties", {})) if _resolve(b).get("additionalProperties") is False else None
                 for b in schemas]
        def alike(check: str) -> bool:
            name = self._field_of.get(check)
            return all(check in conds or (names is not None and name is not None and name not in names)
                       for (_, conds), names in zip(branches, known))
        common = list(dict.fromkeys(c for _, conds in branches for c in conds if alike(c)))
        cases = []
        for (const, conds), b in zip(branches, schemas):
            chosen = set(_resolve(b)["properties"][tag]) - _ANNOTATIONS == {"const"}
            left = [c for c in conds if c not in common and not (chosen and self._field_of.get(c) == tag)]
            if left:
                cases.append(f"WHEN {text(const)} THEN ({_all(left)})")
        return [f"CASE {tag_text} {' '.join(cases)} ELSE TRUE END", *common] if cases else common


def _object_property_names(schema: Mapping[str, Any]) -> list[str]:
    """The properties an object's schema names, in its own `properties` and in those of the
    schemas combined with it (allOf, anyOf, oneOf, if, then, else)."""
    schema = _resolve(schema)
    names = list(schema.get("properties", {}))
    parts = [*schema.get("allOf", ()), *schema.get("anyOf", ()), *schema.get("oneOf", ()),
             *(schema[k] for k in ("if", "then", "else") if k in schema)]
    for part in parts:
        names += [n for n in _object_property_names(part) if n not in names]
    return names


def can_nest(schema: Mapping[str, Any], name: str) -> bool:
    """Whether property `name` (in any oneOf branch) may be an array or object under `schema`."""
    schema = _resolve(schema)
    for node in (schema, *map(_resolve, schema.get("oneOf", ()))):
        prop = node.get("properties", {}).get(name)
        if prop is None:
            continue
        prop = {**_resolve(prop), **prop}
        kinds = prop.get("type", [])
        kinds = kinds if isinstance(kinds, list) else [kinds]
        scalar_values = all(isinstance(v, str) for v in prop.get("enum", [prop.get("const", "")]))
        if {"array", "object"} & set(kinds) or {"items", "properties"} & set(prop) or not (kinds or scalar_values):
            return True
    return False


def _all(conditions: list[str]) -> str:
    return " AND ".join(f"({c})" for c in conditions) if conditions else "TRUE"


def surely_valid(schema: Mapping[str, Any], x: str, row: Row | None = None) -> str:
    """SQL true only when the JSON value `x` is valid under `schema` (see the module docstring)."""
    return _Compiler().valid(schema, x, row=row)


def split_by_keys(schema: Mapping[str, Any], x: str, row: Row, keys_row: Row) -> tuple[str, str]:
    """`surely_valid(schema, x, row)` as two conditions whose conjunction it is: the checks on the
    row's key list (no key twice, none unknown, the required ones there), which read only
    `keys_row` (its keys and the discriminator), so they can be judged once per distinct key
    list; and the rest, over `row`.
    A row whose checks depend on one another (`if`, `not`) is judged whole: ("TRUE", the whole)."""
    try:
        return _Compiler("keys").valid(schema, x, row=keys_row), _Compiler("rest").valid(schema, x, row=row)
    except SchemaNotTranslated:
        return "TRUE", surely_valid(schema, x, row)


def discriminator(schema: Mapping[str, Any]) -> str | None:
    """The property whose value chooses an object's oneOf branch, if any."""
    return _resolve(schema).get("x-discriminator")


def property_names(schema: Mapping[str, Any]) -> list[str]:
    """Every property an object of `schema` may have (across a discriminated oneOf's branches)."""
    schema = _resolve(schema)
    names = list(schema.get("properties", {}))
    for branch in schema.get("oneOf", ()):
        names += [n for n in _resolve(branch).get("properties", {}) if n not in names]
    return names


def case_schema() -> Mapping[str, Any]:
    return _schema()
