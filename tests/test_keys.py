"""Keys of derived predicates (backends/keys.py): where the bulk SQL may leave out DISTINCT.

Each case is small enough to check by hand; a wrong "unique" would let the bulk backend report a
row twice, a missed one only costs time.
"""
from __future__ import annotations

from policyengine.backends.keys import rows_unique, rule_keys, rules_apart, union_keys
from policyengine.compiler import ir

V, K, Lit, Cmp, Fn = ir.V, ir.K, ir.Lit, ir.Cmp, ir.Fn
EVENT_KEYS = {"event": (frozenset({0}),), "event_field": (frozenset({0, 1}),)}


def keys_from(table):
    return lambda pred: table.get(pred, ())


def all_distinct(pred):
    return True


def rule(head, *body):
    return ir.Rule(head, tuple(body))


def test_projecting_away_an_undetermined_variable_repeats_rows():
    has_tier = rule(Lit("has_tier", (V("D"),)), Lit("tier_at", (V("D"), V("T"))))
    assert not rows_unique(has_tier, keys_from({}), all_distinct)
    # once a day has one tier, the day fixes it and no row can repeat
    assert rows_unique(has_tier, keys_from({"tier_at": (frozenset({0}),)}), all_distinct)


def test_a_table_that_may_hold_a_row_twice_passes_it_on():
    copy = rule(Lit("p", (V("S"), V("R"))), Lit("requirement", (V("S"), V("R"))))
    assert rows_unique(copy, keys_from({}), all_distinct)
    assert not rows_unique(copy, keys_from({}), lambda pred: pred != "requirement")


def test_computed_values_are_fixed_by_what_they_are_computed_from():
    window = rule(Lit("window", (V("T"), V("K"), V("S"))),
                  Lit("applies", (V("T"), V("TD"))), Lit("window_index", (V("K"),)),
                  Cmp("==", V("S"), Fn("add_days", (V("TD"), V("K")))))
    keyed = keys_from({"applies": (frozenset({0}),)})
    assert rows_unique(window, keyed, all_distinct)
    assert rule_keys(window, keyed) == (frozenset({0, 1}),)
    # without a key on applies, one trigger may have two dates: T and K no longer fix S
    assert not rows_unique(window, keys_from({}), all_distinct)
    assert rule_keys(window, keys_from({})) == (frozenset({0, 1, 2}),)


def test_rules_on_events_of_different_kinds_keep_the_event_as_key():
    from_sentence = rule(Lit("start", (V("S"), V("D"))), Lit("event", (V("S"), K("sentence"), V("D"))))
    from_release = rule(Lit("start", (V("R"), V("D"))), Lit("event", (V("R"), K("release"), V("D"))),
                        Lit("event_field", (V("R"), K("on"), K("licence"))))
    assert union_keys([from_sentence, from_release], keys_from(EVENT_KEYS), lambda p: []) == (frozenset({0}),)
    also_sentence = rule(Lit("start", (V("S"), V("D"))), Lit("event", (V("S"), K("sentence"), V("X"))),
                         Lit("event_field", (V("S"), K("first"), V("D"))))
    assert union_keys([from_sentence, also_sentence], keys_from(EVENT_KEYS), lambda p: []) == ()
    # rows of the first two can never coincide, so SQL may add them up without de-duplicating
    assert rules_apart([from_sentence, from_release], keys_from(EVENT_KEYS), lambda p: [])
    assert not rules_apart([from_sentence, also_sentence], keys_from(EVENT_KEYS), lambda p: [])


def test_a_rule_for_what_another_rule_lacks_keeps_the_key():
    ends = {"event": (frozenset({0}),), "sentence_end": (frozenset({0}),)}
    recorded = rule(Lit("end", (V("S"), V("E"))), Lit("event", (V("S"), K("sentence"), V("D"))),
                    Lit("sentence_end", (V("S"), V("E"))))
    open_ended = rule(Lit("end", (V("S"), K("9999"))), Lit("event", (V("S"), K("sentence"), V("D"))),
                      Lit("has_end", (V("S"),), negated=True))
    has_end = [rule(Lit("has_end", (V("X"),)), Lit("sentence_end", (V("X"), V("Y"))))]
    rules_of = {"has_end": has_end}.get
    assert union_keys([recorded, open_ended], keys_from(ends), lambda p: rules_of(p) or []) == (frozenset({0}),)
    # a negation of something else proves nothing
    unrelated = rule(Lit("end", (V("S"), K("9999"))), Lit("event", (V("S"), K("sentence"), V("D"))),
                     Lit("has_other", (V("S"),), negated=True))
    assert union_keys([recorded, unrelated], keys_from(ends), lambda p: rules_of(p) or []) == ()


def test_the_demand_of_a_negated_given_predicate_is_the_callers_own():
    """tier_at from the allocated tier, or from the grid when none is allocated: `has_allocated`
    is derived for the days tier_at asks about, so its demand literal decides nothing here."""
    allocated = rule(Lit("tier_at", (V("D"), V("T"))), Lit("demand_tier_at", (V("D"),)),
                     Lit("allocated_tier_at", (V("D"), V("T"))))
    from_grid = rule(Lit("tier_at", (V("D"), V("T"))), Lit("demand_tier_at", (V("D"),)),
                     Lit("has_allocated", (V("D"),), negated=True), Lit("grid_tier_at", (V("D"), V("T"))))
    has_allocated = [rule(Lit("has_allocated", (V("X"),)), Lit("demand_has_allocated", (V("X"),)),
                          Lit("allocated_tier_at", (V("X"), V("Y"))))]
    rules_of = {"has_allocated": has_allocated}.get
    assert rules_apart([allocated, from_grid], keys_from({}), lambda p: rules_of(p) or [])
    # another predicate's demand is not the caller's: it proves nothing
    other = [rule(Lit("has_allocated", (V("X"),)), Lit("demand_other", (V("X"),)),
                  Lit("allocated_tier_at", (V("X"), V("Y"))))]
    assert not rules_apart([allocated, from_grid], keys_from({}), lambda p: other if p == "has_allocated" else [])



def test_tables_are_dropped_after_their_last_reader():
    """lifetimes.plan_drops: a table goes after the last step naming it, directly or through a
    view; the tables behind reported predicates stay."""
    from policyengine.backends.lifetimes import plan_drops
    from policyengine.backends.sql import Step
    steps = [
        Step(["a"], ['CREATE OR REPLACE TEMP TABLE "d_a" AS SELECT 1']),
        Step(["b"], ['CREATE OR REPLACE TEMP TABLE "s_0" AS SELECT * FROM "d_a"',
                     'CREATE OR REPLACE TEMP VIEW "v_b" AS SELECT * FROM "s_0"']),
        Step(["c"], ['CREATE OR REPLACE TEMP TABLE "d_c" AS SELECT * FROM "v_b"']),
        Step(["d"], ['CREATE OR REPLACE TEMP TABLE "d_d" AS SELECT * FROM "d_c"']),
    ]
    plan_drops(steps, {'"d_d"'})
    assert [s.drops for s in steps] == [[], ['"d_a"'], ['"s_0"'], ['"d_c"']]


def test_demand_is_narrowed_by_the_callers_negation_unless_that_closes_a_cycle():
    """demand.demand_rules: the grid is asked only about days without an allocated tier, since
    `tier_at` reads it only after `not has_allocated(D)`; a negation of something that itself
    depends on the demand is left out (it would make the program unstratifiable)."""
    from policyengine.backends.demand import demand_rules
    given_d = lambda *body: ir.Rule(Lit("tier_at", (V("D"), V("T"))), tuple(body))
    tier_at = [
        given_d(Lit("allocated", (V("D"), V("T")))),
        given_d(Lit("has_allocated", (V("D"),), negated=True), Lit("grid", (V("D"), V("T")))),
    ]
    allocated = rule(Lit("allocated", (V("D"), V("T"))), Lit("tier_during", (V("T"), V("F"), V("U"))),
                     Cmp("<=", V("F"), V("D")), Cmp("<", V("D"), V("U")))
    has_allocated = rule(Lit("has_allocated", (V("D"),)), Lit("allocated", (V("D"), V("T"))))
    grid = rule(Lit("grid", (V("D"), V("T"))), Lit("grid_day", (V("D"), V("T"))))
    caller = rule(Lit("weekly", (V("S"),)), Lit("window", (V("S"), V("D"))), Lit("tier_at", (V("D"), K(4))))
    out = demand_rules([*tier_at, allocated, has_allocated, grid, caller], given={"tier_at": (0,), "grid": (0,)})
    grid_demand = [r for r in out if r.head.pred == "demand_grid"]
    assert [[str(l.pred) + ("!" if l.negated else "") for l in r.body] for r in grid_demand] == \
        [["demand_tier_at", "has_allocated!"]]
    # has_allocated now read through the demand itself: adding the negation would close a cycle
    looped = rule(Lit("has_allocated", (V("D"),)), Lit("demand_grid", (V("D"),)), Lit("allocated", (V("D"), V("T"))))
    out = demand_rules([*tier_at, allocated, looped, grid, caller], given={"tier_at": (0,), "grid": (0,)})
    assert [[l.pred for l in r.body] for r in out if r.head.pred == "demand_grid"] == [["demand_tier_at"]]


def test_a_negated_projection_is_read_from_the_table_it_projects():
    """sql._inline_negated_projections: `not has_allocated(D)` becomes `not allocated(D, Any__)`,
    and keys.py still sees that tier_at's two rules never give the same day (one needs an
    allocated tier that day, the other its absence)."""
    from policyengine.backends.sql import _inline_negated_projections
    has_allocated = rule(Lit("has_allocated", (V("X"),)), Lit("allocated", (V("X"), V("Y"))))
    allocated = rule(Lit("tier_at", (V("D"), V("T"))), Lit("allocated", (V("D"), V("T"))))
    from_grid = rule(Lit("tier_at", (V("D"), V("T"))), Lit("demand_tier_at", (V("D"),)),
                     Lit("has_allocated", (V("D"),), negated=True), Lit("grid", (V("D"), V("T"))))
    source = rule(Lit("source", (V("D"),)), Lit("demand_source", (V("D"),)), Lit("has_allocated", (V("D"),)))
    out = _inline_negated_projections([has_allocated, allocated, from_grid, source], targets=set())
    negated = out[2].body[1]
    assert negated.pred == "allocated" and negated.negated and negated.args[0] == V("D") \
        and ir.is_wildcard(negated.args[1])
    assert out[3] == source     # a positive reader keeps the projection
    assert rules_apart([out[1], out[2]], keys_from({}), lambda p: [])
    # a wildcard where the other rule's value differs proves nothing about the key
    other = rule(Lit("tier_at", (V("D"), V("T"))), Lit("grid", (V("D"), V("T"))),
                 Lit("allocated", (V("E"), V("Any__9")), negated=True), Lit("next", (V("D"), V("E"))))
    assert not rules_apart([out[1], other], keys_from({}), lambda p: [])


def test_a_rule_over_a_small_union_of_partitions_is_split_by_partition():
    """sql.SqlCompiler._by_part: `met(O, T) :- window(O, T, K), not in_hours(O)` over
    window = window__0 ('a') + window__1 ('b') becomes one rule per constant, each reading its own
    partition; a negated partitioned predicate with no partition for the constant is dropped."""
    from policyengine.backends.sql import SqlCompiler, _partitions
    window = [rule(Lit("window", (V("A0__"), V("A1__"), V("A2__"))), Lit(f"window__{i}", (V("A0__"), V("A1__"), V("A2__"))))
              for i in (0, 1)]
    parts = [rule(Lit("window__0", (K("a"), V("T"), V("K"))), Lit("event", (V("T"), K("x"), V("K")))),
             rule(Lit("window__1", (K("b"), V("T"), V("K"))), Lit("event", (V("T"), K("y"), V("K"))))]
    in_hours = [rule(Lit("in_hours", (V("A0__"),)), Lit("in_hours__0", (V("A0__"),))),
                rule(Lit("in_hours__0", (K("b"),)))]
    met = rule(Lit("met", (V("O"), V("T"))), Lit("window", (V("O"), V("T"), V("K"))),
               Lit("in_hours", (V("O"),), negated=True))
    by_head = {}
    for r in [*window, *parts, *in_hours, met]:
        by_head.setdefault(r.head.pred, []).append(r)
    compiler = SqlCompiler.__new__(SqlCompiler)
    compiler.parts = _partitions(by_head)
    assert compiler.parts == {"window": {"a": "window__0", "b": "window__1"}, "in_hours": {"b": "in_hours__0"}}
    split = compiler._by_part(met)
    assert [str(r) for r in split] == [
        "met(a, T) if window__0(a, T, K).",
        "met(b, T) if window__1(b, T, K) and not in_hours__0(b).",
    ]
    assert rules_apart(split, keys_from({}), lambda p: [])


def test_rules_are_apart_where_the_other_has_a_constant_and_this_one_negates_it():
    """keys._apart: `total(O, T, N) :- count(O, T, N)` and `total(a, T, 0) :- window__0(a, T),
    not count(a, T, Any__)` never give the same row (compared at O = 'a')."""
    copied = rule(Lit("total", (V("O"), V("T"), V("N"))), Lit("count", (V("O"), V("T"), V("N"))))
    zero = rule(Lit("total", (K("a"), V("T"), K(0))), Lit("window__0", (K("a"), V("T"))),
                Lit("count", (K("a"), V("T"), V("Any__1")), negated=True))
    assert rules_apart([copied, zero], keys_from({}), lambda p: [])
    other = rule(Lit("total", (K("a"), V("T"), K(0))), Lit("window__0", (K("a"), V("T"))),
                 Lit("count", (K("b"), V("T"), V("Any__1")), negated=True))
    assert not rules_apart([copied, other], keys_from({}), lambda p: [])
