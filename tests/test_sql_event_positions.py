"""Which places of derived predicates hold only known events (sql._event_positions).

A rule that reads an event's fields or sentence through such a place reads the stored facts, not
the as-of views (the event is known, so its facts are); a place that could hold anything else
(a sentence id from the `sentence` fact, a field's value) must keep the views.
"""
from __future__ import annotations

from policyengine.backends.bulk import BulkStore
from policyengine.backends.sql import _event_positions
from policyengine.compiler import ir
from policyengine.compiler.compile import load_edition

V, K, Lit = ir.V, ir.K, ir.Lit


def rule(head, *body):
    return ir.Rule(head, tuple(body))


def _positions(*rules):
    by_head: dict[str, list] = {}
    for r in rules:
        by_head.setdefault(r.pred if isinstance(r, ir.CountRule) else r.head.pred, []).append(r)
    return _event_positions(by_head)


def test_places_bound_by_an_event_or_by_such_a_place():
    clock = rule(Lit("clock", (V("T"), V("D"))), Lit("event", (V("T"), K("sentence"), V("D"))))
    trigger = rule(Lit("trigger", (V("T"), V("S"))), Lit("clock", (V("T"), V("D"))),
                   Lit("event_sentence", (V("T"), V("S"))))
    found = _positions(clock, trigger)
    assert found["clock"] == {0} and found["trigger"] == {0}     # S is a sentence id, D a date


def test_one_rule_binding_the_place_otherwise_strikes_it_out_for_every_reader():
    from_event = rule(Lit("start", (V("S"), V("D"))), Lit("event", (V("S"), K("sentence"), V("D"))))
    from_sentence = rule(Lit("start", (V("S"), V("D"))), Lit("sentence", (V("S"), V("Type"), V("D"))))
    reader = rule(Lit("reads", (V("S"),)), Lit("start", (V("S"), V("D"))))
    negated = rule(Lit("alone", (V("E"),)), Lit("event_field", (V("E"), K("with"), V("W"))),
                   Lit("clock", (V("E"), V("D")), negated=True))
    clock = rule(Lit("clock", (V("T"), V("D"))), Lit("event", (V("T"), K("sentence"), V("D"))))
    found = _positions(from_event, from_sentence, reader, negated, clock)
    assert "start" not in found and "reads" not in found and "alone" not in found


def test_recursion_and_counts():
    base = rule(Lit("chain", (V("T"),)), Lit("event", (V("T"), K("contact"), V("D"))))
    step = rule(Lit("chain", (V("T"),)), Lit("chain", (V("U"),)), Lit("next", (V("U"), V("T"))))
    again = rule(Lit("again", (V("T"),)), Lit("chain", (V("T"),)))
    count = ir.CountRule("contacts", (V("T"),), V("E"), (Lit("again", (V("T"),)),
                                                          Lit("event", (V("E"), K("contact"), V("X")))))
    found = _positions(base, step, again, count)
    assert "chain" not in found           # `next` (no rule, not an event) binds T in the second rule
    assert "again" not in found and "contacts" not in found
    found = _positions(base, rule(Lit("chain", (V("T"),)), Lit("chain", (V("T"),))), again, count)
    assert found["chain"] == found["again"] == found["contacts"] == {0}


def test_the_2007_triggers_read_the_stored_sentence_of_a_known_event():
    """2c.7's trigger: a sentence event's sentence, through a derived clock of known events."""
    store = BulkStore()
    sql = store.compiled(load_edition("2007"))
    statements = [s for step in sql.steps for s in step.statements]
    assert any('"r_event_sentence"' in s and '"s_' in s.split(" AS ")[0] for s in statements)
    # home visits also start from the `sentence` fact (a sentence id, not an event): the view stays
    assert any('"f_event_sentence"' in s for s in statements)
