"""The plain-Python evaluator against the pyDatalog reference: the same results, the same
conditional standards, the same obligations missing, and the same tier and MAPPA answers
(which ask `given` predicates for chosen days), for the examples and generated cases under
every edition."""
from __future__ import annotations

import datetime as dt

import pytest

from policyengine.explain import derived
from policyengine.backends.plain import PlainCase, PlainUnsupported, planned
from policyengine.caseload.generate import generate
from policyengine.cases.load import load_case_data
from policyengine.compiler.compile import editions, load_edition
from policyengine.evaluate import evaluate
from test_bulk_backend import MISSING_AS_OF, _examples, _normalised
import contact_cases
import hmi_2011_cases
import missing_cases
import owed_cases
import tier_cases

SAMPLE = 15


def _assert_same(program, cases, as_of):
    for case in cases:
        plain = evaluate(program, case, as_of)
        reference = evaluate(program, case, as_of, engine="pydatalog")
        assert _normalised(plain.results) == _normalised(reference.results), case.id
        assert plain.conditional == reference.conditional, case.id
        assert [m.id for m in plain.missing] == [m.id for m in reference.missing], case.id
        assert derived.summary_json(plain) == derived.summary_json(reference), case.id
        assert _tiers_used(plain) == _tiers_used(reference), case.id
        assert plain.kb._reference is None, "the answers needed no pyDatalog knowledge base"


def _tiers_used(evaluation):
    """The tier (and allocated or indicative) each result was judged on, as `nsr check` prints
    it: asked after evaluation, for days the rules asked `tier_at` about but not `tier_source_at`."""
    return sorted((r.obligation, r.trigger.id if r.trigger else "", str(r.window), str(derived.tier_used(evaluation, r)))
                  for r in evaluation.results)


def test_a_given_predicate_is_answered_from_the_case_or_a_seeded_copy():
    """tier_source_at on days tier_at was asked about comes from the case's own tables; on a day
    no rule asked about, from a copy seeded with it: both as the reference answers."""
    program = load_edition("2007")
    case = [load_case_data(data, data["id"]) for data in generate(3, seed=11)][0]
    plain = evaluate(program, case, dt.date(2010, 9, 1))
    reference = evaluate(program, case, dt.date(2010, 9, 1), engine="pydatalog")
    asked = sorted(day for (day,) in plain.kb.case.tables["demand_tier_at"])
    own = plain.kb.case._from_own_tables("tier_source_at", {(day,) for day in asked})
    assert own is not None and own, "the days tier_at was asked about need nothing new"
    unasked = dt.date(2003, 2, 3)
    assert (unasked,) not in plain.kb.case.tables["demand_tier_at"]
    assert plain.kb.case._from_own_tables("tier_source_at", {(unasked,)}) is None
    for day in (*asked, unasked):
        assert sorted(plain.kb.query("tier_source_at", day, None)) == \
            sorted(reference.kb.query("tier_source_at", day, None)), day


@pytest.mark.parametrize("edition", editions())
def test_examples_match_the_reference(edition):
    _assert_same(load_edition(edition), _examples(), dt.date(2016, 6, 1))


@pytest.mark.parametrize("edition", editions())
def test_generated_cases_match_the_reference(edition):
    cases = [load_case_data(data, data["id"]) for data in generate(SAMPLE, seed=11)]
    _assert_same(load_edition(edition), cases, dt.date(2010, 9, 1))


@pytest.mark.parametrize("edition", editions())
def test_missing_data_cases_match_the_reference(edition):
    """Cases lacking a release date, a length, a tier or a DRR band: the same missing_data results."""
    cases = missing_cases.equivalence_cases()
    _assert_same(load_edition(edition), cases, MISSING_AS_OF)
    assert any(r.status == "missing_data" for case in cases
               for r in evaluate(load_edition(edition), case, MISSING_AS_OF).results)


def test_tier_cases_match_the_reference_2007():
    """No tier recorded while the grid indicates one: the same results, and the same tier reported
    used and read for each (tier_used), as the reference."""
    _assert_same(load_edition("2007"), tier_cases.equivalence_cases(), tier_cases.AS_OF)


@pytest.mark.parametrize("edition", editions())
def test_owed_action_cases_match_the_reference(edition):
    """Actions never taken or taken late, the emergency recall decision and the 12-month boundary
    (tests/owed_cases.py): the same results, each group under its edition at its own as-of date."""
    for group_edition, cases, as_of in owed_cases.equivalence_groups():
        if group_edition == edition:
            _assert_same(load_edition(edition), cases, as_of)


def test_examples_mid_supervision_2007():
    _assert_same(load_edition("2007"), _examples(), dt.date(2008, 4, 1))


@pytest.mark.parametrize("as_of", [dt.date(2012, 8, 27), hmi_2011_cases.AS_OF])
def test_hmi_2011_cases_match_the_reference(as_of):
    """Monthly windows (month ends, the leap day of 2012, custody, hospital and sickness pauses),
    the annual review, the risk management plan and the return to custody under 2011."""
    _assert_same(load_edition("2011"), hmi_2011_cases.equivalence_cases(), as_of)


def test_month_phases_match_the_reference():
    """Weeks then months then fortnights, months of one run, months then "throughout", and
    months then weeks, over pauses (test_bulk_backend.MONTH_PHASES)."""
    from policyengine.compiler.compile import compile_text
    from test_bulk_backend import MONTH_PHASES
    program = compile_text(MONTH_PHASES, "month-phases.nsr")
    for as_of in (dt.date(2012, 4, 2), hmi_2011_cases.AS_OF):
        _assert_same(program, hmi_2011_cases.equivalence_cases()[:4], as_of)


def test_a_given_predicate_answers_only_for_given_values():
    program = load_edition("2007")
    case = PlainCase(planned(program), [("as_of", (dt.date(2010, 1, 4),))])
    with pytest.raises(PlainUnsupported):
        case.query("tier_at", None, None)


def test_explanations_fall_back_to_the_reference():
    """`solve` re-runs rule bodies in pyDatalog, built from the same facts on first use."""
    program = load_edition("2007")
    case = _examples()[0]
    evaluation = evaluate(program, case, dt.date(2016, 6, 1))
    assert evaluation.kb.solve([]) == [{}]
    assert evaluation.kb._reference is not None
    assert sorted(evaluation.kb.query("event", None, None, None)) == \
        sorted(evaluation.kb.reference.query("event", None, None, None))


@pytest.mark.parametrize("case, as_of", [("enforcement.yaml", "2008-06-30"), ("custody-period.yaml", "2008-12-01")])
def test_check_prints_the_same_with_either_engine(capsys, case, as_of):
    from pathlib import Path
    from policyengine.cli import main
    path = str(Path(__file__).resolve().parent.parent / "examples" / case)
    outputs = []
    for engine in ("plain", "pydatalog"):
        assert main(["check", path, "--as-of", as_of, "--engine", engine, "--format", "json"]) in (0, 1)
        outputs.append(capsys.readouterr().out)
    assert outputs[0] == outputs[1]
    assert '"status"' in outputs[0]


@pytest.mark.parametrize("low, high", [(">=", "<"), (">", "<="), (">=", "<="), (">", "<")])
def test_range_lookups_keep_every_row_between_the_bounds(low, high):
    """A lookup narrowed by the comparisons after it (a sorted slice) gives the rows the
    comparisons alone would: days on the bounds themselves included or not as the operators say."""
    import random
    from types import SimpleNamespace
    from policyengine.backends.plain import PlainProgram
    from policyengine.compiler import ir
    E, P, F, U, D = (ir.V(n) for n in ("E", "P", "F", "U", "D"))
    rule = ir.Rule(ir.Lit("hit", (E, P)), (
        ir.Lit("period", (P, ir.K("custody"), F, U)), ir.Lit("event", (E, ir.K("contact"), D)),
        ir.Cmp(low, D, F), ir.Cmp(high, D, U)))
    compiled = PlainProgram(SimpleNamespace(rules=[rule]))
    assert any(step.ranged is not None for step in compiled.rules["hit"][0].steps)
    rng = random.Random(3)
    start = dt.date(2010, 1, 1)
    for _ in range(20):
        days = [start + dt.timedelta(days=rng.randrange(30)) for _ in range(12)]
        periods = [(f"p{i}", "custody", a, b) for i in range(4)
                   for a, b in [sorted(rng.sample(days, 2))]]
        events = [(f"e{i}", "contact", day) for i, day in enumerate(days)]
        case = PlainCase(compiled, [("period", p) for p in periods] + [("event", e) for e in events])
        case.derive(("hit",))
        ops = {">=": lambda a, b: a >= b, ">": lambda a, b: a > b, "<": lambda a, b: a < b, "<=": lambda a, b: a <= b}
        expected = {(e, p) for e, _, d in events for p, _, f, u in periods if ops[low](d, f) and ops[high](d, u)}
        assert case.tables["hit"] == expected


@pytest.mark.parametrize("edition", editions())
def test_first_contact_home_visit_and_arrival_cases_match_the_reference(edition):
    """Issue 18's cases (tests/contact_cases.py): a release's recorded reason, unpaid work from
    release, 2a.5's home visit and a bailee's arrival give the same results in both engines."""
    _assert_same(load_edition(edition), contact_cases.equivalence_cases(), contact_cases.AS_OF_ALL)
