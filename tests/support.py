"""Helpers shared by the per-edition standard tests: evaluate a case dict, pick out results."""
from __future__ import annotations

import datetime as dt
import functools

from policyengine.cases.load import load_case_data
from policyengine.compiler.compile import load_edition
from policyengine.evaluate import Evaluation, evaluate
from policyengine.backends.results import ObligationResult
from policyengine.explain.narrative import not_applicable as reasons_not_applicable


@functools.cache
def program(edition: str):
    return load_edition(edition)


def run(edition: str, case: dict, as_of: dt.date) -> Evaluation:
    return evaluate(program(edition), load_case_data(case, source=f"test:{case['id']}"), as_of)


def results(ev: Evaluation, obligation: str) -> list[ObligationResult]:
    return [r for r in ev.results if r.obligation == obligation]


def result(ev: Evaluation, obligation: str, trigger: str | None = None) -> ObligationResult:
    """The one result for `obligation` (optionally for one trigger id)."""
    found = [r for r in results(ev, obligation) if trigger is None or r.trigger.id == trigger]
    assert len(found) == 1, f"expected one result for {obligation} ({trigger}), got {found}"
    return found[0]


def not_applicable(ev: Evaluation) -> dict[str, str]:
    """Obligations with no applying trigger at all, with the engine's reason."""
    return {na.obligation: na.condition for na in reasons_not_applicable(ev)}
