"""Read policy test files (YAML) into plain dataclasses, reporting every mistake by its place.

A test file is data written by a policy writer: it is parsed with the case-file YAML loader
(dates stay strings, duplicate keys are errors) and never evaluated.  Layout (docs/rule-language.md,
"Policy tests"):

    tests:
      - name: tier 4 community order, first weeks
        case: ../../examples/tier4-community-order.yaml   # or an inline mapping
        as_of: 2008-01-15
        edition: "2007"                                   # or editions: {"2007": {expect: ...}, ...}
        expect:
          - obligation: 2c.6/first_meeting                # obligation id, or a standard id
            trigger: s1
            due: 2007-12-27
            status: met_on_time
            met_by: c1
            cites: ["2c.6"]
          - obligation: 2a.4/custody                      # missing_data: the fields the case file lacks
            status: missing_data
            missing: [sentences[0].release_date]
        does_not_apply: [2a.4/custody]
"""
from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..cases.load import CaseError, _parse_yaml, date_range

STATUSES = ("met_on_time", "met_late", "overdue", "pending", "needs_judgement", "judged_met", "judged_not_met",
            "not_applicable", "met", "missed", "missing_data")
_TEST_KEYS = ("name", "case", "as_of", "edition", "editions", "expect", "does_not_apply")
_EDITION_KEYS = ("expect", "does_not_apply")
_EXPECT_KEYS = ("obligation", "trigger", "window", "status", "due", "met_by", "working_days_late",
                "working_days_remaining", "missing", "cites")
_RESULT_KEYS = ("result", "values")   # a declared result of a rule file of its own kind
UNSET = object()   # a field the test does not mention (None means "expected to be empty")


@dataclass(frozen=True)
class Expectation:
    """One expected result: which obligation (and trigger / window), and what it must show."""
    obligation: str
    trigger: str | None = None
    window: int | None = None            # 1-based, as `nsr why` numbers windows
    fields: dict[str, Any] = field(default_factory=dict)   # status, due, met_by, working_days_*, missing
    cites: tuple[str, ...] = ()
    where: str = ""                      # tests[0].expect[2], for messages
    result: bool = False                 # names a declared result; fields["values"]: its one row, or None for none

    def label(self) -> str:
        text = self.obligation
        if self.trigger:
            text += f" for {self.trigger}"
        if self.window:
            text += f" window {self.window}"
        return text


@dataclass(frozen=True)
class EditionCheck:
    """What one test expects under one edition."""
    edition: str
    expect: tuple[Expectation, ...]
    does_not_apply: tuple[str, ...] = ()


@dataclass
class PolicyTest:
    file: str
    index: int
    name: str
    case: str | dict | None = None       # a path (resolved against the test file) or inline data
    as_of: dt.date | None = None
    editions: tuple[EditionCheck, ...] = ()
    problems: list[str] = field(default_factory=list)   # mistakes in the test itself

    @property
    def where(self) -> str:
        return f"tests[{self.index}]"


class _Reader:
    """Collects problems while reading one test, each prefixed with its place in the file."""

    def __init__(self, test: PolicyTest):
        self.test = test

    def problem(self, where: str, message: str) -> None:
        self.test.problems.append(f"{where}: {message}")

    def keys(self, data: dict, allowed: tuple[str, ...], where: str) -> None:
        for key in data:
            if key not in allowed:
                close = difflib.get_close_matches(str(key), allowed, n=1)
                hint = f"; did you mean {close[0]!r}?" if close else f"; expected one of {', '.join(allowed)}"
                self.problem(f"{where}.{key}", f"unknown key{hint}")

    def date(self, value: Any, where: str) -> dt.date | None:
        if not isinstance(value, dt.date):
            try:
                value = dt.date.fromisoformat(str(value))
            except ValueError:
                self.problem(where, f"{value!r} is not a date (YYYY-MM-DD)")
                return None
        first, last = date_range()
        if not first <= value <= last:
            self.problem(where, f"{value} is outside the dates a case may hold ({first} to {last})")
            return None
        return value

    def text(self, value: Any, where: str) -> str | None:
        if isinstance(value, (str, int, float)) and not isinstance(value, bool):
            return str(value)
        self.problem(where, f"expected a name, got {value!r}")
        return None


def load_test_file(path: str | Path) -> list[PolicyTest]:
    """Every test in a file; a file that cannot be read becomes one test that reports why."""
    path = Path(path)
    broken = PolicyTest(str(path), 0, path.name)
    try:
        data = _parse_yaml(path.read_text(encoding="utf-8"), str(path))
    except CaseError as error:
        broken.problems.append(str(error))
        return [broken]
    except OSError as error:
        broken.problems.append(f"cannot read the file: {error.strerror}")
        return [broken]
    if not isinstance(data, dict) or not isinstance(data.get("tests"), list) or not data["tests"]:
        broken.problems.append("expected a mapping with 'tests:', a list of tests")
        return [broken]
    for key in data:
        if key != "tests":
            broken.problems.append(f"{key}: unknown top-level key; expected 'tests'")
    tests = [_read_test(str(path), index, item) for index, item in enumerate(data["tests"])]
    if broken.problems:
        tests.insert(0, broken)
    return tests


def _read_test(file: str, index: int, data: Any) -> PolicyTest:
    test = PolicyTest(file, index, f"test {index + 1}")
    reader = _Reader(test)
    where = test.where
    if not isinstance(data, dict):
        reader.problem(where, "expected a mapping (name, case, as_of, edition, expect)")
        return test
    reader.keys(data, _TEST_KEYS, where)
    test.name = str(data.get("name") or test.name)
    case = data.get("case")
    if isinstance(case, (str, dict)) and case:
        test.case = case
    else:
        reader.problem(f"{where}.case", "expected a case file path or an inline case mapping")
    if "as_of" in data:
        test.as_of = reader.date(data["as_of"], f"{where}.as_of")
    else:
        reader.problem(f"{where}.as_of", "missing: the date to judge the case on")
    if ("edition" in data) == ("editions" in data):
        reader.problem(where, "give either 'edition' (with 'expect') or 'editions' (each with its own 'expect')")
        return test
    if "edition" in data:
        name = reader.text(data["edition"], f"{where}.edition")
        if name:
            test.editions = (_read_edition(reader, name, data, where),)
        return test
    if "expect" in data or "does_not_apply" in data:
        reader.problem(where, "with 'editions', put 'expect' and 'does_not_apply' under each edition")
    editions = data["editions"]
    if not isinstance(editions, dict) or not editions:
        reader.problem(f"{where}.editions", "expected a mapping of edition name to its expectations")
        return test
    checks = []
    for name, body in editions.items():
        place = f"{where}.editions.{name}"
        if not isinstance(body, dict):
            reader.problem(place, "expected a mapping with 'expect' and/or 'does_not_apply'")
            continue
        reader.keys(body, _EDITION_KEYS, place)
        checks.append(_read_edition(reader, str(name), body, place))
    test.editions = tuple(checks)
    return test


def _read_edition(reader: _Reader, edition: str, data: dict, where: str) -> EditionCheck:
    expect = data.get("expect", [])
    if not isinstance(expect, list):
        reader.problem(f"{where}.expect", "expected a list of expected results")
        expect = []
    absent = data.get("does_not_apply", [])
    if not isinstance(absent, list):
        reader.problem(f"{where}.does_not_apply", "expected a list of obligation or standard ids")
        absent = []
    if not expect and not absent:
        reader.problem(where, "nothing to check: add 'expect' or 'does_not_apply'")
    items = [_read_expectation(reader, item, f"{where}.expect[{i}]") for i, item in enumerate(expect)]
    names = [reader.text(item, f"{where}.does_not_apply[{i}]") for i, item in enumerate(absent)]
    return EditionCheck(edition, tuple(e for e in items if e), tuple(n for n in names if n))


def _read_expectation(reader: _Reader, data: Any, where: str) -> Expectation | None:
    if not isinstance(data, dict):
        reader.problem(where, "expected a mapping (obligation, trigger, due, status, ...)")
        return None
    if "result" in data:
        reader.keys(data, _RESULT_KEYS, where)
        name = reader.text(data["result"], f"{where}.result")
        if "values" not in data:
            reader.problem(f"{where}.values", "missing: the result's values (a list), or null for no value")
            return None
        values = data["values"]
        if values is not None and not isinstance(values, list):
            reader.problem(f"{where}.values", f"expected a list of values (or null for no value), got {values!r}")
            return None
        return Expectation(name, fields={"values": values}, where=where, result=True) if name else None
    reader.keys(data, _EXPECT_KEYS, where)
    obligation = reader.text(data.get("obligation"), f"{where}.obligation") if "obligation" in data else None
    if obligation is None:
        if "obligation" not in data:
            reader.problem(f"{where}.obligation", "missing: an obligation id (2c.6/first_meeting) or standard id")
        return None
    fields: dict[str, Any] = {}
    if "status" in data:
        status = data["status"]
        if status in STATUSES:
            fields["status"] = status
        else:
            close = difflib.get_close_matches(str(status), STATUSES, n=1)
            hint = f"did you mean {close[0]!r}?" if close else f"expected one of {', '.join(STATUSES)}"
            reader.problem(f"{where}.status", f"unknown status {status!r}; {hint}")
    if "due" in data:
        fields["due"] = None if data["due"] is None else reader.date(data["due"], f"{where}.due")
    if "met_by" in data:
        fields["met_by"] = None if data["met_by"] is None else reader.text(data["met_by"], f"{where}.met_by")
    for key in ("working_days_late", "working_days_remaining"):
        if key in data:
            value = data[key]
            if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
                reader.problem(f"{where}.{key}", f"expected a whole number, got {value!r}")
            fields[key] = value
    if "missing" in data:
        places = data["missing"]
        if not isinstance(places, list) or not all(isinstance(p, str) for p in places):
            reader.problem(f"{where}.missing", f"expected a list of case-file fields, got {places!r}")
        else:
            fields["missing"] = ", ".join(places) or None
    window = data.get("window")
    if window is not None and (isinstance(window, bool) or not isinstance(window, int) or window < 1):
        reader.problem(f"{where}.window", f"expected a window number (1, 2, ...), got {window!r}")
        window = None
    cites = data.get("cites", [])
    if not isinstance(cites, list):
        reader.problem(f"{where}.cites", "expected a list of standard ids")
        cites = []
    trigger = reader.text(data["trigger"], f"{where}.trigger") if data.get("trigger") is not None else None
    return Expectation(obligation, trigger, window, fields, tuple(str(c) for c in cites), where)


def discover(paths: list[str]) -> list[Path]:
    """Test files under the given files and folders (*.yaml, *.yml), in a stable order."""
    found: list[Path] = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            found += sorted(p for p in path.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())
        else:
            found.append(path)
    return list(dict.fromkeys(found))
