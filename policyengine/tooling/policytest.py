"""Run policy tests: evaluate each test's case under each edition and compare with what it expects.

An expectation names an obligation (its id, or a standard id for all of that standard's
obligations), optionally a trigger and a window; every result it names must show the expected
status, due date, meeting event and working days, and its explanation must cite the expected
standards.  A test that cannot run (bad test file, bad case, bad policy) is an error, never a
crash: the other tests still run.
"""
from __future__ import annotations

import datetime as dt
import difflib
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from ..cases.load import CaseError, load_case, load_case_data
from ..cases.model import Case
from ..evaluate import Evaluation, evaluate
from ..backends.results import ObligationResult
from ..language.errors import PolicyError
from .testfile import EditionCheck, Expectation, PolicyTest, discover, load_test_file

PASS, FAIL, ERROR = "pass", "fail", "error"


@dataclass
class Outcome:
    """One test under one edition (or, for a test that could not be read, under none)."""
    test: PolicyTest
    edition: str
    status: str
    details: list[str] = field(default_factory=list)    # failure diffs or error messages
    seconds: float = 0.0
    checked: int = 0                                     # expectations compared

    @property
    def label(self) -> str:
        suffix = f" [{self.edition}]" if self.edition else ""
        return f"{self.test.file}::{self.test.name}{suffix}"


Observer = Callable[[PolicyTest, Evaluation], None]


def run_paths(paths: list[str], observe: Observer | None = None) -> list[Outcome]:
    """Every test in the files and folders given, in order."""
    outcomes: list[Outcome] = []
    for path in discover(paths):
        for test in load_test_file(path):
            outcomes.extend(run_test(test, observe))
    return outcomes


def run_test(test: PolicyTest, observe: Observer | None = None) -> list[Outcome]:
    if test.problems:
        return [Outcome(test, "", ERROR, list(test.problems))]
    outcomes: list[Outcome] = []
    case: Case | CaseError | None = None
    for check in test.editions:
        alone = _standalone(test, check.edition)
        if alone is not None:   # a rule file of its own kind: its declared results
            outcomes.append(_run_results(test, alone, check))
            continue
        if case is None:
            try:
                case = _load_case(test)
            except CaseError as error:
                case = error
        if isinstance(case, CaseError):
            outcomes.append(Outcome(test, check.edition, ERROR, [f"{test.where}.case: {case}"]))
        else:
            outcomes.append(_run_edition(test, case, check, observe))
    return outcomes


def _standalone(test: PolicyTest, edition: str):
    """The program when the edition is a rule file of its own kind, else None (errors are
    reported when the edition runs)."""
    try:
        program = _program(test, edition)
    except (PolicyError, OSError):
        return None
    return program if program.stands_alone else None


def _run_results(test: PolicyTest, program, check: EditionCheck) -> Outcome:
    """Calculate the case's declared results and compare each expected one."""
    from ..calculate import calculate, row_text
    from ..cases.inputs import input_case_from_data, read_input_case
    started = time.perf_counter()
    outcome = Outcome(test, check.edition, PASS)
    try:
        if isinstance(test.case, dict):
            case = input_case_from_data(test.case, f"{test.file}:{test.where}.case", program)
        else:
            case = read_input_case(Path(test.file).parent / test.case, program)
        calculation = calculate(program, case, test.as_of)
        declared = {r.pred for r in program.results}
        for expectation in check.expect:
            outcome.checked += 1
            if not expectation.result:
                outcome.details.append(f"  {expectation.where}: {program.edition.name} has no obligations; "
                                       f"expect its results (result: NAME, values: [...])")
                continue
            if expectation.obligation not in declared:
                close = difflib.get_close_matches(expectation.obligation, sorted(declared), n=1)
                hint = f"; did you mean {close[0]!r}?" if close else f" (it declares {', '.join(sorted(declared))})"
                outcome.details.append(f"  {expectation.where}: {program.edition.name} declares no result "
                                       f"{expectation.obligation!r}{hint}")
                continue
            rows = calculation.values[expectation.obligation]
            want = expectation.fields["values"]
            wanted = "(none)" if want is None else row_text(tuple(want))
            got = " | ".join(row_text(row) for row in rows) or "(none)"
            if wanted != got:
                outcome.details.append(f"  {expectation.where}: {expectation.obligation:24} expected {wanted:12} "
                                       f"actual {got}")
        for name in check.does_not_apply:
            outcome.checked += 1
            outcome.details.append(f"  does_not_apply: {name}: a rule file of kind {program.kind} has no obligations")
        if outcome.details:
            outcome.status = FAIL
    except CaseError as error:
        outcome.status, outcome.details = ERROR, [f"{test.where}.case: {error}"]
    except Exception as error:  # an engine fault on one test must not stop the others
        outcome.status = ERROR
        outcome.details = [f"{type(error).__name__}: {error}", traceback.format_exc(limit=-3).rstrip()]
    outcome.seconds = time.perf_counter() - started
    return outcome


def _load_case(test: PolicyTest) -> Case:
    if isinstance(test.case, dict):
        return load_case_data(test.case, f"{test.file}:{test.where}.case")
    path = Path(test.file).parent / test.case
    return load_case(path)


def _program(test: PolicyTest, edition: str):
    from ..compiler.compile import editions, load_edition
    if edition not in editions() and edition.endswith(".nsr"):
        edition = str(Path(test.file).parent / edition)   # a policy beside the tests
    return load_edition(edition)


def _run_edition(test: PolicyTest, case: Case, check: EditionCheck, observe: Observer | None) -> Outcome:
    started = time.perf_counter()
    outcome = Outcome(test, check.edition, PASS)
    try:
        program = _program(test, check.edition)
        if program.edition is not None:
            outcome.edition = program.edition.name   # its label (`2015 (my2015.nsr)`), not the path typed
        evaluation = evaluate(program, case, test.as_of)
        if observe is not None:
            observe(test, evaluation)
        for expectation in check.expect:
            outcome.details += _compare(evaluation, expectation)
            outcome.checked += 1
        for name in check.does_not_apply:
            outcome.details += _must_not_apply(evaluation, name)
            outcome.checked += 1
        if outcome.details:
            outcome.status = FAIL
    except PolicyError as error:
        outcome.status, outcome.details = ERROR, [str(error)]
    except Exception as error:  # an engine fault on one test must not stop the others
        outcome.status = ERROR
        outcome.details = [f"{type(error).__name__}: {error}", traceback.format_exc(limit=-3).rstrip()]
    outcome.seconds = time.perf_counter() - started
    return outcome


# ------------------------------------------------------------------ comparing
def _date(value: dt.date | None) -> str | None:
    return None if value is None or value == dt.date.max else value.isoformat()


def actual_fields(result: ObligationResult) -> dict[str, object]:
    """The values a test can expect, as a policy writer writes them."""
    return {
        "status": result.status,
        "due": _date(result.due),
        "met_by": result.satisfied_by.id if result.satisfied_by else None,
        "working_days_late": result.working_days_late,
        "working_days_remaining": result.working_days_remaining,
        "missing": ", ".join(m.field for m in result.missing) or None,
    }


def _names(result: ObligationResult, obligation: str) -> bool:
    return obligation in (result.obligation, result.standard)


def _selects(result: ObligationResult, expectation: Expectation) -> bool:
    if not _names(result, expectation.obligation):
        return False
    if expectation.trigger is not None and (result.trigger is None or result.trigger.id != expectation.trigger):
        return False
    if expectation.window is not None and (not result.window or result.window["index"] + 1 != expectation.window):
        return False
    return True


def describe(result: ObligationResult) -> str:
    """A result in one line, in the words of the table."""
    parts = [result.obligation]
    if result.trigger:
        parts.append(f"for {result.trigger.kind} {result.trigger.id} {_date(result.trigger.date)}")
    if result.window:
        parts.append(f"window {result.window['index'] + 1} ({_date(result.window['start'])}.."
                     f"{_date(result.window['end'])}, {result.window['count']}/{result.window['need']})")
    shown = {k: v for k, v in actual_fields(result).items() if v is not None}
    parts.append(", ".join(f"{k} {v}" for k, v in shown.items()))
    return " ".join(parts)


def _expected_text(value: object) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    return "(none)" if value is None else str(value)


def _compare(evaluation: Evaluation, expectation: Expectation) -> list[str]:
    chosen = [r for r in evaluation.results if _selects(r, expectation)]
    if not chosen:
        return [_nothing_found(evaluation, expectation)]
    lines: list[str] = []
    for result in chosen:
        actual = actual_fields(result)
        diffs = []
        for key, expected in expectation.fields.items():
            want = _expected_text(expected)
            got = _expected_text(actual[key])
            if want != got:
                diffs.append(f"    {key:24} expected {want:12} actual {got}")
        if expectation.cites:
            cited = cited_standards(evaluation, result)
            missing = [c for c in expectation.cites if c not in cited]
            if missing:
                diffs.append(f"    {'cites':24} expected {', '.join(missing)} among the standards cited; "
                             f"actual {', '.join(sorted(cited)) or '(none)'}")
        if diffs:
            lines.append(f"  {expectation.where}: {describe(result)}\n" + "\n".join(diffs))
    return lines


def _nothing_found(evaluation: Evaluation, expectation: Expectation) -> str:
    program = evaluation.program
    known = set(program.obligations) | set(program.standards)
    withdrawn = _withdrawn(program, expectation.obligation)
    if withdrawn is not None:
        return (f"  {expectation.where}: expected a result for {expectation.label()}, but the layer "
                f"{withdrawn.layer} withdraws standard {withdrawn.standard} (per {withdrawn.per}): "
                "it owes nothing")
    if expectation.obligation not in known:
        close = difflib.get_close_matches(expectation.obligation, sorted(known), n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        return (f"  {expectation.where}: the {program.edition.name} edition has no obligation or standard "
                f"{expectation.obligation!r}{hint}")
    others = [r for r in evaluation.results if _names(r, expectation.obligation)]
    text = f"  {expectation.where}: expected a result for {expectation.label()}, found none"
    if others:
        text += "; the case has:\n" + "\n".join(f"    {describe(r)}" for r in others[:8])
        if len(others) > 8:
            text += f"\n    ... and {len(others) - 8} more"
    else:
        text += f" ({expectation.obligation} does not apply to this case)"
    return text


def _withdrawn(program, name: str):
    """The layer change that withdraws the standard `name` is (or whose obligation it names), if any."""
    standard = name.split("/", 1)[0]
    if standard in program.standards:
        return None
    return next((c for c in program.changes if c.action == "withdrawn" and c.standard == standard), None)


def _must_not_apply(evaluation: Evaluation, name: str) -> list[str]:
    program = evaluation.program
    if _withdrawn(program, name) is not None:
        return []   # a withdrawn standard owes nothing under the layer
    if name not in program.obligations and name not in program.standards:
        close = difflib.get_close_matches(name, sorted({*program.obligations, *program.standards}), n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        return [f"  does_not_apply: the {program.edition.name} edition has no obligation or standard {name!r}{hint}"]
    owed = [r for r in evaluation.results if _names(r, name) and r.status != "not_applicable"]
    if not owed:
        return []
    return [f"  does_not_apply: expected {name} not to apply, but the case has:\n"
            + "\n".join(f"    {describe(r)}" for r in owed)]


def cited_standards(evaluation: Evaluation, result: ObligationResult) -> set[str]:
    """The standard ids named anywhere in the explanation of one result (as `nsr why` builds it)."""
    from ..explain.derivation import explain
    graph, _ = explain(evaluation, result.obligation, result.trigger.id if result.trigger else None)
    return {data["standard"] for _, data in graph.nodes(data=True) if data.get("standard")}
