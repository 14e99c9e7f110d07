"""Case files for a rule file of its own kind: the facts it declares with `input`, checked against
those declarations.

A National Standards case holds sentences and events (docs/case-files.md); a case for another
kind (the MoJ tier calculation, say) holds only what that kind's rule file declares it reads:

    id: rsr-band-edge
    kind: hmpps_tier
    as_of: 2026-08-17          # optional: the date to calculate on
    inputs:
      rsr: 6.99                # input rsr(score: decimal)
      rosh: high               # input rosh(level: [very_high, high, medium, low])
      registered: [stalking, iom_nominal]            # a list: one fact each
      arp: {score: 12.5, type: dynamic}              # input arp(score: decimal, type: [...])
      need: [{section: alcohol, severity: severe}]   # a list of them

Every problem is reported with its field path (`inputs.arp.score`), all at once, in the same
`CaseError` as the National Standards case files.  Decimals are exact (`Decimal`), never floats.
"""
from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from ..compiler import ir
from .load import (MAX_CASE_BYTES, TOO_DEEP, TOO_LARGE, CaseError, CaseProblem, _parse_yaml, _plain, _TooLarge, date_range,
                   parse_json)

_TOP_KEYS = ("id", "kind", "as_of", "inputs", "note", "source")
MAX_DECIMAL_PLACES = 6   # as the bulk backend stores them (DECIMAL(18,6))
MAX_DECIMAL = Decimal(10) ** 12


@dataclass(frozen=True)
class InputCase:
    """One case of a stand-alone kind: its id and the input facts, as (predicate, args)."""
    id: str
    kind: str
    source: str
    facts: tuple[tuple[str, tuple], ...]
    as_of: dt.date | None = None
    note: str | None = None
    data: dict | None = None      # the inputs as written, for what-if questions


def read_input_case(name: str | Path, program: ir.Program) -> InputCase:
    """The case file at `name` (YAML or JSON), checked against the program's inputs."""
    source, data = read_input_data(name)
    return input_case_from_data(data, source, program)


def validate_input_case(name: str | Path, kind: str, programs: dict[str, ir.Program]) -> tuple[InputCase, str]:
    """`nsr validate` for a case of a kind of its own: checked against the input vocabulary of each
    rule file of that kind (`programs`, by name), it is valid when one accepts it; (the case, that
    file's name).  Otherwise the CaseError of the file it is closest to (fewest problems), with a
    first problem that names that file, since the vocabularies of two versions can differ."""
    source, data = read_input_data(name)
    errors: list[tuple[CaseError, str]] = []
    for label, program in programs.items():
        try:
            return input_case_from_data(data, source, program), label
        except CaseError as error:
            errors.append((error, label))
    error, label = min(errors, key=lambda found: len(found[0].problems))
    others = f" (the closest of the {len(programs)} rule files of kind {kind}; name another with --edition)" \
        if len(programs) > 1 else ""
    raise CaseError(source, [CaseProblem("", f"checked against the inputs of {label}{others}"), *error.problems])


def read_input_data(name: str | Path) -> tuple[str, Any]:
    """(the name to report, the parsed YAML or JSON) of a case file, or CaseError."""
    from ..files import STDIN, STDIN_NAME, read_stdin
    source = STDIN_NAME if str(name) == STDIN else str(name)
    try:
        if str(name) == STDIN:
            text = read_stdin()
        else:
            with open(name, "rb") as handle:
                raw = handle.read(MAX_CASE_BYTES + 1)
            if len(raw) > MAX_CASE_BYTES:
                raise CaseError(source, [CaseProblem("", TOO_LARGE)])
            text = raw.decode("utf-8")
    except OSError as error:
        raise CaseError(source, [CaseProblem("", f"cannot read the file: {error.strerror or error}")]) from None
    except UnicodeDecodeError:
        raise CaseError(source, [CaseProblem("", "the file is not UTF-8 text")]) from None
    is_json = source.lower().endswith(".json") or text.lstrip().startswith("{")
    return source, parse_json(text, source) if is_json else _parse_yaml(text, source)


def declared_kind(name: str) -> str | None:
    """The `kind` a case file names at its top level, or None (unreadable, or no kind): for a
    helpful message when a case of another kind is given to a National Standards edition."""
    from ..files import STDIN
    if str(name) == STDIN:
        return None
    try:
        with open(name, "rb") as handle:
            text = handle.read(MAX_CASE_BYTES).decode("utf-8")
        data = parse_json(text, str(name)) if text.lstrip().startswith("{") else _parse_yaml(text, str(name))
    except (OSError, UnicodeDecodeError, CaseError):
        return None
    kind = data.get("kind") if isinstance(data, dict) else None
    return kind if isinstance(kind, str) else None


def input_case_from_data(data: Any, source: str, program: ir.Program) -> InputCase:
    """Validate parsed case data against the program's declared inputs (CaseError lists every problem)."""
    if not isinstance(data, dict):
        raise CaseError(source, [CaseProblem("", f"expected a mapping (id, kind, inputs) at the top level, "
                                                 f"got {type(data).__name__}")])
    try:
        data = _plain(data)
    except _TooLarge:
        raise CaseError(source, [CaseProblem("", TOO_DEEP)]) from None
    problems: list[CaseProblem] = []
    for key in data:
        if key not in _TOP_KEYS:
            problems.append(CaseProblem(key, f"unknown field{_hint(key, _TOP_KEYS)}"))
    case_id = data.get("id")
    if not isinstance(case_id, str) or not case_id:
        problems.append(CaseProblem("id", "missing: a case id (text)" if case_id is None else
                                    f"expected text, got {case_id!r}"))
    kind = data.get("kind")
    if kind != program.kind:
        problems.append(CaseProblem("kind", f"expected {program.kind!r} (the kind of {program.edition.name}), "
                                            f"got {kind!r}" if kind is not None else
                                    f"missing: this rule file reads cases of kind {program.kind!r}"))
    as_of = None
    if "as_of" in data:
        as_of = _date(data["as_of"], "as_of", problems)
    inputs = data.get("inputs", {})
    facts: list[tuple[str, tuple]] = []
    if not isinstance(inputs, dict):
        problems.append(CaseProblem("inputs", f"expected a mapping of input name to value, got {_describe(inputs)}"))
        inputs = {}
    declared = {i.name: i for i in program.inputs}
    for name, value in inputs.items():
        where = f"inputs.{name}"
        if name not in declared:
            hint = _hint(name, list(declared)) or f" (this kind reads {', '.join(declared)})"
            problems.append(CaseProblem(where, f"unknown input{hint}"))
            continue
        items = value if isinstance(value, list) else [value]
        for index, item in enumerate(items):
            place = f"{where}[{index}]" if isinstance(value, list) else where
            args = _fact(declared[name], item, place, problems)
            if args is not None:
                facts.append((name, args))
    if problems:
        raise CaseError(source, problems)
    return InputCase(case_id, kind, source, tuple(dict.fromkeys(facts)), as_of, data.get("note"), inputs)


def _fact(declared: ir.InputInfo, item: Any, where: str, problems: list[CaseProblem]) -> tuple | None:
    fields = declared.fields
    if len(fields) == 1 and not isinstance(item, dict):
        value = _value(fields[0], item, where, problems)
        return None if value is _BAD else (value,)
    if not isinstance(item, dict):
        problems.append(CaseProblem(where, f"expected a mapping with {', '.join(f.name for f in fields)}, "
                                           f"got {_describe(item)}"))
        return None
    names = [f.name for f in fields]
    bad = False
    for key in item:
        if key not in names:
            problems.append(CaseProblem(f"{where}.{key}", f"unknown field{_hint(key, names)}"))
            bad = True
    args = []
    for spec in fields:
        if spec.name not in item:
            problems.append(CaseProblem(f"{where}.{spec.name}", f"missing: {_expected(spec)}"))
            bad = True
            continue
        value = _value(spec, item[spec.name], f"{where}.{spec.name}", problems)
        bad |= value is _BAD
        args.append(value)
    return None if bad else tuple(args)


_BAD = object()


def _value(spec: ir.InputField, value: Any, where: str, problems: list[CaseProblem]) -> object:
    def wrong() -> object:
        problems.append(CaseProblem(where, f"expected {_expected(spec)}, got {_describe(value)}"))
        return _BAD
    if spec.choices:   # one of the values the declaration lists
        if isinstance(value, bool) or value not in spec.choices:
            problems.append(CaseProblem(where, f"{_describe(value)} is not allowed; expected {_expected(spec)}"
                                               + (_hint(str(value), [str(c) for c in spec.choices]))))
            return _BAD
        return value
    if spec.type == "decimal":
        if isinstance(value, bool) or not isinstance(value, (int, float, str)):
            return wrong()
        try:
            number = Decimal(repr(value) if isinstance(value, float) else str(value).strip())
        except InvalidOperation:
            return wrong()
        if not number.is_finite() or abs(number) >= MAX_DECIMAL:
            return wrong()
        if number.as_tuple().exponent < -MAX_DECIMAL_PLACES:
            problems.append(CaseProblem(where, f"{value} has more than {MAX_DECIMAL_PLACES} decimal places"))
            return _BAD
        return number
    if spec.type == "integer":
        return value if isinstance(value, int) and not isinstance(value, bool) and abs(value) < MAX_DECIMAL else wrong()
    if spec.type == "boolean":
        return value if isinstance(value, bool) else wrong()
    if spec.type == "date":
        problems_before = len(problems)
        day = _date(value, where, problems)
        return _BAD if len(problems) > problems_before else day
    if spec.type == "string":
        return value if isinstance(value, str) else wrong()
    return value if isinstance(value, str) and value.isidentifier() and value.islower() else wrong()


def _date(value: Any, where: str, problems: list[CaseProblem]) -> dt.date | None:
    try:
        day = dt.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        day = None
    if day is None:
        problems.append(CaseProblem(where, f"expected a date (YYYY-MM-DD), got {_describe(value)}"))
        return None
    first, last = date_range()
    if not first <= day <= last:
        problems.append(CaseProblem(where, f"{day} is outside the dates a case may hold ({first} to {last})"))
        return None
    return day


def _expected(spec: ir.InputField) -> str:
    if spec.choices:
        return "one of " + ", ".join(str(c) for c in spec.choices)
    return {"decimal": "a decimal number", "integer": "a whole number", "boolean": "true or false",
            "date": "a date (YYYY-MM-DD)", "string": "text", "name": "a lower_case name"}[spec.type]


def _describe(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return "a mapping" if isinstance(value, dict) else "a list"
    return repr(value) if isinstance(value, str) else str(value)


def _hint(name: str, known) -> str:
    close = difflib.get_close_matches(str(name), [str(k) for k in known], n=1)
    return f"; did you mean {close[0]!r}?" if close else ""
