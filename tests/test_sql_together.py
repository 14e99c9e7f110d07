"""Predicates derived together (sql_together.py, sql.SqlCompiler._together): the prelude's statuses
in one pass over `obligation_due`, each status a boolean column, not a table joined back with a
`NOT EXISTS` per earlier status.  The statuses are worked out by hand and held to the plain
evaluator; the family's shape is found in the rules, and a family a single pass cannot hold is
derived one predicate after another.
"""
from __future__ import annotations

import datetime as dt

import networkx as nx

from policyengine.backends.bulk import BulkStore
from policyengine.backends.sql import compile_program
from policyengine.backends.sql_together import Together, find_together
from policyengine.cases.load import load_case_data
from policyengine.compiler import ir
from policyengine.compiler.compile import compile_text, load_edition
from policyengine.evaluate import evaluate
from test_sql_extremes import POLICY as FIRST_MEETING
from test_units_times import POLICY as WITHIN_24_HOURS

V, K, Lit, Cmp, Rule = ir.V, ir.K, ir.Lit, ir.Cmp, ir.Rule
AS_OF = dt.date(2008, 3, 1)
STATUSES = {"met_on_time", "met_late", "unmet", "overdue", "pending"}
POLICY = FIRST_MEETING   # 2c.6's shape: a meeting due within 5 working days of sentence
HOURS = WITHIN_24_HOURS   # a deadline in hours against recorded times
# Sentenced Fri 21 Dec 2007: due Wed 2 Jan 2008 (Tue 25 Dec Christmas Day, Wed 26 Dec Boxing Day and
# Tue 1 Jan New Year's Day skipped).  Sentenced Thu 28 Feb 2008: due Thu 6 Mar 2008 (Fri 29 Feb,
# Mon 3, Tue 4, Wed 5, Thu 6 Mar; no bank holiday), after the as-of day 1 Mar.
CASES = {   # case -> (sentence days, contact days, each sentence's status by hand)
    "on-time": (["2007-12-21"], ["2007-12-27"], ["met_on_time"]),
    "late": (["2007-12-21"], ["2008-01-04", "2008-01-10"], ["met_late"]),
    "overdue": (["2007-12-21"], ["2007-12-20"], ["overdue"]),
    "pending": (["2008-02-28"], [], ["pending"]),
    "known-after-as-of": (["2008-02-28"], ["2008-03-03"], ["pending"]),
    "two-sentences": (["2007-12-21", "2008-02-28"], ["2007-12-27"], ["met_on_time", "pending"]),
}


def _case(case_id: str, sentences: list[str], contacts: list[str]):
    events = [{"id": f"c{i}", "kind": "contact", "date": day, "mode": "face_to_face", "with": "offender_manager"}
              for i, day in enumerate(contacts)]
    return load_case_data({"id": case_id, "sentences": [
        {"id": f"s{i}", "type": "community_order", "date": day, "length_months": 12}
        for i, day in enumerate(sentences)], "events": events}, case_id)


def _family_step(sql):
    return next(step for step in sql.steps if STATUSES <= set(step.preds))


def test_the_statuses_are_derived_together_and_are_the_hand_worked_ones():
    program = compile_text(POLICY, "p.nsr")
    cases = [_case(case_id, sentences, contacts) for case_id, (sentences, contacts, _) in CASES.items()]
    store = BulkStore()
    store.add_cases(cases)
    sql = store.compiled(program)
    step = _family_step(sql)
    assert sum("bool_or(" in s for s in step.statements) == 1
    assert not any('"d_met_on_time"' in s or '"d_unmet"' in s for st in sql.steps for s in st.statements)
    bulk = store.results(program, AS_OF)
    for case in cases:
        plain = [(r.obligation, r.trigger.id, r.status, r.due) for r in evaluate(program, case, AS_OF).results]
        assert sorted((r.obligation, r.trigger.id, r.status, r.due) for r in bulk[case.id]) == sorted(plain), case.id
        assert sorted(r.status for r in bulk[case.id]) == sorted(CASES[case.id][2]), case.id


def test_the_2007_edition_derives_its_statuses_together():
    step = _family_step(compile_program(load_edition("2007")))
    (table,) = [s for s in step.statements if "bool_or(" in s]
    assert table.count('"v_obligation_excepted"') == 1   # `not excepted(O, T)`, once per trigger
    assert sum(s.startswith("CREATE OR REPLACE TEMP VIEW") for s in step.statements) >= 4


def test_a_family_one_pass_cannot_hold_is_derived_one_predicate_after_another():
    # Deadlines in hours against recorded times (as in test_units_times.py): met_on_time then reads
    # every candidate (`not late_by_clock(O, T, E)` is live), a row source of its own, so the
    # statuses are tables joined back as before.  Failure Thu 24 Mar 2016 14:30, so 24 hours end
    # Fri 25 Mar (Good Friday) 14:30: a warning at 14:31 that day is late.
    program = compile_text(HOURS, "hours.nsr")
    events = [{"id": "f1", "kind": "failure_to_comply", "date": "2016-03-24", "time": "14:30",
               "explained_in_advance": False},
              {"id": "w1", "kind": "warning", "date": "2016-03-25", "time": "14:31", "failure": "f1", "type": "first"}]
    case = load_case_data({"id": "TIMES", "sentences": [{"id": "s1", "type": "community_order", "date": "2016-01-04",
                                                         "length_months": 12}], "events": events}, "TIMES")
    store = BulkStore()
    store.add_cases([case])
    step = _family_step(store.compiled(program))
    assert not any("bool_or(" in s for s in step.statements)
    assert any(s.startswith('CREATE OR REPLACE TEMP TABLE "d_met_on_time"') for s in step.statements)
    (result,) = store.results(program, dt.date(2016, 4, 1))["TIMES"]
    assert (result.due, result.status) == (dt.date(2016, 3, 25), "met_late")


def _graph(rules):
    graph = nx.DiGraph()
    for rule in rules:
        graph.add_node(rule.head.pred)
        for lit in rule.body:
            if isinstance(lit, ir.Lit):
                graph.add_edge(lit.pred, rule.head.pred)
    return graph


def _families(rules, targets=()):
    by_head = {}
    for rule in rules:
        by_head.setdefault(rule.head.pred, []).append(rule)
    return find_together(by_head, _graph(rules), set(targets))


DRIVER = Lit("due", (V("O"), V("Day")))
FIRST = Rule(Lit("first", (V("O"),)), (DRIVER, Cmp(">", V("Day"), K(1))))
SECOND = Rule(Lit("second", (V("O"),)), (DRIVER, Lit("first", (V("O"),), negated=True)))
THIRD = Rule(Lit("third", (V("O"),)), (Lit("second", (V("O"),)), DRIVER, Cmp("<=", V("Day"), K(9))))


def test_a_family_is_found_in_the_rules_shape():
    assert _families([FIRST, SECOND, THIRD]) == [Together("due", (0,), ("first", "second", "third"))]
    # one read between two predicates saves about what grouping the driver's rows costs
    assert _families([FIRST, SECOND]) == []
    # the driver must fix the head: a rule keyed on another argument is of another shape
    other = Rule(Lit("second", (V("Day"),)), (DRIVER, Lit("first", (V("O"),), negated=True)))
    assert _families([FIRST, other, THIRD]) == []


def test_no_family_when_a_member_is_reported_or_reached_through_another_predicate():
    assert _families([FIRST, SECOND, THIRD]) == [Together("due", (0,), ("first", "second", "third"))]
    assert _families([FIRST, SECOND, THIRD], targets=("second",)) == []
    # first -> between -> second: the step for both would have to come before and after `between`
    between = Rule(Lit("between", (V("O"), V("N"))), (Lit("first", (V("O"),)), Lit("count", (V("N"),))))
    second = Rule(Lit("second", (V("O"),)), (DRIVER, Lit("first", (V("O"),), negated=True),
                                             Lit("between", (V("O"), V("Any__1")), negated=True)))
    assert _families([FIRST, second, between, THIRD]) == []
