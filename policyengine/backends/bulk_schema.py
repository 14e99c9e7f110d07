"""Column types of the fact tables the bulk backend stores, taken from the case schema.

SQL needs one type per column, Datalog does not: `event_field(E, Field, Value)` holds a date for
`licence_end` and a string for `mode`.  Such a column is stored as a *variant* (one nullable
column per SQL type), and a rule literal that names the field as a constant reads the part of
that field's type, which the case schema fixes.  Every other column has a single type.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import lru_cache

from ..runtime.builtins import Schedule
from ..language.predicates import CASE_FACTS

STR, INT, BOOL, DATE, CASE_REF = "VARCHAR", "BIGINT", "BOOLEAN", "DATE", "CASE_REF"
# Exact decimals: scores such as 6.99 are compared as written, never as binary floating point.
DEC = "DECIMAL(18,6)"
DECIMAL_PLACES = 6
VARIANT = "VARIANT"
VARIANT_PARTS = {STR: "str", INT: "int", DATE: "date", BOOL: "bool"}   # column c<i>_<part>
MAX_DATE = dt.date.max
MIN_DATE = dt.date.min


class BulkUnsupported(Exception):
    """The program uses something the bulk backend cannot compile (named in the message)."""


def _sql_type(type_name: str) -> str:
    if type_name == "date":
        return DATE
    if type_name == "integer":
        return INT
    if type_name == "boolean":
        return BOOL
    return STR  # string, ref, enum:...


@lru_cache(maxsize=1)
def event_field_types() -> dict[str, str]:
    """Field name -> SQL type, across every event kind (the schema never gives one name two types)."""
    from ..cases.load import vocabulary
    types: dict[str, str] = {}
    for fields in vocabulary().values():
        for name, type_name in fields.items():
            sql = _sql_type(type_name)
            if types.setdefault(name, sql) != sql:
                raise BulkUnsupported(f"event field {name!r} has two types in case.schema.json")
    return types


@lru_cache(maxsize=1)
def requirement_param_types() -> dict[str, str]:
    from ..cases.load import _schema, _type_name
    props = _schema()["$defs"]["requirement"]["properties"]
    return {name: _sql_type(_type_name(prop)) for name, prop in props.items() if name not in ("kind", "note")}


@lru_cache(maxsize=1)
def assessment_types() -> dict[str, str]:
    from ..cases.load import _schema, _type_name
    from ..cases.model import ASSESSMENT_FIELDS
    props = _schema()["$defs"]["assessment"]["properties"]
    return {name: _sql_type(_type_name(props[name])) for name in ASSESSMENT_FIELDS}


# (predicate, variant column) -> column holding the key that decides the value's type; other
# variant columns (facts without a declared layout) take the one type their stored values have.
VARIANT_KEYS = {("event_field", 2): 1, ("requirement_param", 3): 2}


# Facts about one event, whose first argument is the event's id.  The bulk store keeps each of
# their rows with the event's kind (column `kind`) and in kind order, and a rule that names the
# event's kind (`event(E, sentence_plan, D) and event_field(E, type, initial)`) asks for that kind
# too: DuckDB then reads only the row groups of that kind, not every contact's fields.
EVENT_KEYED = ("event_field", "event_sentence")


def kind_order(pred: str) -> str:
    """The ORDER BY an insert into `raw_{pred}` ends with: events and their facts by kind, each
    batch sorted as it is stored.  A 250,000-case import's batches of about 500,000 events leave
    a kind in a few row groups a batch, and a check then takes 5 CPU s more than with one sort of
    the whole table at the end, which cost the import 47 CPU s (docs/bulk-performance.md)."""
    if pred == "event":
        return " ORDER BY c1, cid"
    return " ORDER BY kind, cid" if pred in EVENT_KEYED else ""


# Keys of the stored facts (argument positions), as the case loader guarantees them: ids are
# unique within a case, an event belongs to one sentence and has one value per field.  Other
# fact tables may hold a row twice (see keys.py).
FACT_KEYS: dict[str, tuple[frozenset[int], ...]] = {
    "event": (frozenset({0}),), "event_sentence": (frozenset({0}),), "event_field": (frozenset({0, 1}),),
    "sentence": (frozenset({0}),), "period": (frozenset({0}),), "sentence_end": (frozenset({0}),),
    "sentence_release_date": (frozenset({0}),), "sentence_length_months": (frozenset({0}),)}


def variant_type(pred: str, key: str) -> str | None:
    table = event_field_types() if pred == "event_field" else requirement_param_types()
    return table.get(key)


@lru_cache(maxsize=1)
def fact_columns() -> dict[str, tuple[str, ...]]:
    """Case-fact predicate -> SQL type of each argument."""
    date_preds = {"sentence_release_date", "sentence_end"}
    types: dict[str, tuple[str, ...]] = {
        "sentence": (STR, STR, DATE),
        "sentence_length_months": (STR, INT),
        "requirement": (STR, STR),
        "requirement_param": (STR, STR, STR, VARIANT),
        "psr": (STR, STR),
        "victim_contact_override": (STR, BOOL, STR),
        "event": (STR, STR, DATE),
        "event_field": (STR, STR, VARIANT),
        "event_sentence": (STR, STR),
        "period": (STR, STR, DATE, DATE),
        "judgement": (STR, BOOL, DATE),
        "offender_gender": (STR,),
        "case_flag": (STR,),
    }
    for pred in date_preds:
        types[pred] = (STR, DATE)
    for name, sql in assessment_types().items():
        types[f"{name}_during"] = (sql, DATE, DATE)
    for pred, args in CASE_FACTS.items():  # facts added since: typed from the stored values
        types.setdefault(pred, (VARIANT,) * len(args))
    return types


def input_types(fields) -> tuple[str, ...]:
    """The SQL type of each field of a declared input (`ir.InputField`)."""
    return tuple({"decimal": DEC, "integer": INT, "date": DATE, "boolean": BOOL}.get(f.type, STR) for f in fields)


def constant_type(value: object) -> str:
    if isinstance(value, Decimal):
        return DEC
    if isinstance(value, bool):
        return BOOL
    if isinstance(value, int):
        return INT
    if isinstance(value, dt.date):
        return DATE
    if isinstance(value, str):
        return STR
    if isinstance(value, Schedule):
        return "SCHEDULE"
    raise BulkUnsupported(f"constant {value!r} has no SQL type")


def sql_literal(value: object) -> str:
    """A constant as SQL text (values come from compiled rules, never from user SQL)."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, Decimal):
        if not value.is_finite() or value.as_tuple().exponent < -DECIMAL_PLACES:
            raise BulkUnsupported(f"decimal {value} has more than {DECIMAL_PLACES} places")
        return f"CAST('{value}' AS {DEC})"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dt.date):
        return f"DATE '{value.isoformat()}'"
    if isinstance(value, str):
        return "'" + value.replace("'", "''") + "'"
    raise BulkUnsupported(f"constant {value!r} cannot be written as SQL")
