""""Met by the earliest matching event" read from a least or greatest value (sql.SqlCompiler._extremes).

`met_on_time(O, T) if obligation_due(O, T, I, Due) and obligation_candidate(O, T, E, D) and D <= Due`
holds when some candidate is on or before the due day, which is when the earliest one is: the bulk
SQL joins each trigger to its earliest and latest candidate day, not to every candidate.  The
statuses below are worked out by hand and held to the plain evaluator.
"""
from __future__ import annotations

import datetime as dt

from policyengine.backends.bulk import BulkStore
from policyengine.backends.sql import PredInfo, SqlCompiler
from policyengine.cases.load import load_case_data
from policyengine.compiler import ir
from policyengine.compiler.compile import compile_text, load_edition
from policyengine.evaluate import evaluate

V, K, Lit, Cmp = ir.V, ir.K, ir.Lit, ir.Cmp
AS_OF = dt.date(2008, 3, 1)
# Sentenced Fri 21 Dec 2007: 5 working days on is Wed 2 Jan 2008 (Tue 25 Dec Christmas Day, Wed 26 Dec
# Boxing Day and Tue 1 Jan New Year's Day skipped).
POLICY = '''edition "test" {
  title "T"
  in force from 2007-01-01
}
standard "9.1" {
  title "First meeting"
  quote "The first meeting is arranged within 5 working days of sentence"
  obligation first_meeting {
    after sentence
    due within 5 working days
    met by contact where mode = face_to_face
  }
}
'''
CONTACTS = {   # case -> contact days, and the status worked out by hand
    "on-time-and-late": (["2008-01-10", "2007-12-27"], "met_on_time"),
    "late-twice": (["2008-01-10", "2008-01-04"], "met_late"),
    "before-sentence-only": (["2007-12-20"], "overdue"),
    "on-the-due-day": (["2008-01-02", "2008-02-01"], "met_on_time"),
    "none": ([], "overdue"),
}


def _case(case_id: str, days: list[str]):
    events = [{"id": f"c{i}", "kind": "contact", "date": day, "mode": "face_to_face", "with": "offender_manager"}
              for i, day in enumerate(days)]
    return load_case_data({"id": case_id, "sentences": [{"id": "s1", "type": "community_order",
                                                         "date": "2007-12-21", "length_months": 12}],
                           "events": events}, case_id)


def test_statuses_from_the_earliest_candidate_are_the_hand_worked_ones():
    program = compile_text(POLICY, "p.nsr")
    cases = [_case(case_id, days) for case_id, (days, _) in CONTACTS.items()]
    store = BulkStore()
    store.add_cases(cases)
    sql = store.compiled(program)
    # the statuses are derived together (sql_together.py), met_on_time from the least candidate day
    met_on_time = next(s for step in sql.steps if "met_on_time" in step.preds for s in step.statements
                       if ".lo <= " in s)
    assert '"s_x' in met_on_time
    bulk = store.results(program, AS_OF)
    for case in cases:
        expected = CONTACTS[case.id][1]
        plain = [(r.obligation, r.status, r.due, r.satisfied_by) for r in evaluate(program, case, AS_OF).results]
        assert [(r.obligation, r.status, r.due, r.satisfied_by) for r in bulk[case.id]] == plain, case.id
        assert [r.status for r in bulk[case.id]] == [expected], case.id
        assert bulk[case.id][0].due == dt.date(2008, 1, 2)


def _plan(rule: ir.Rule) -> dict:
    compiler = SqlCompiler(load_edition("2007"))
    compiler.preds["trigger"] = PredInfo("trigger", '"d_trigger"', ["VARCHAR", "DATE"], True, keys=(frozenset({0}),))
    compiler.preds["match"] = PredInfo("match", '"d_match"', ["VARCHAR", "VARCHAR", "DATE"], True)
    compiler.preds["keyed"] = PredInfo("keyed", '"d_keyed"', ["VARCHAR", "VARCHAR", "DATE"], True,
                                       keys=(frozenset({0, 2}),))
    return compiler._extremes(rule)


def test_which_literals_are_read_from_their_least_or_greatest_value():
    head = Lit("met", (V("T"),))
    trigger = Lit("trigger", (V("T"), V("Due")))
    match = Lit("match", (V("T"), V("E"), V("D")))
    assert _plan(ir.Rule(head, (trigger, match, Cmp("<=", V("D"), V("Due"))))) == {1: ("D", "lo")}
    assert _plan(ir.Rule(head, (trigger, match, Cmp(">", V("D"), V("Due"))))) == {1: ("D", "hi")}
    assert _plan(ir.Rule(head, (trigger, match, Cmp("<", V("Due"), V("D"))))) == {1: ("D", "hi")}
    # bounds on both sides need one value between them: no least or greatest decides that
    assert _plan(ir.Rule(head, (trigger, match, Cmp("<=", V("D"), V("Due")), Cmp(">", V("D"), V("Due"))))) == {}
    # the event is read again, or named in the head: every match counts
    assert _plan(ir.Rule(head, (trigger, match, Cmp("<=", V("D"), V("Due")),
                                Lit("event", (V("E"), K("contact"), V("D")))))) == {}
    assert _plan(ir.Rule(Lit("met", (V("T"), V("E"))), (trigger, match, Cmp("<=", V("D"), V("Due"))))) == {}
    assert _plan(ir.Rule(head, (trigger, match, Cmp("==", V("D"), V("Due"))))) == {}
    # one row per trigger and day already (a key within the group and the day): nothing to gain
    keyed = Lit("keyed", (V("T"), V("E"), V("D")))
    assert _plan(ir.Rule(head, (trigger, keyed, Cmp("<=", V("D"), V("Due"))))) == {}
