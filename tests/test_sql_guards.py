"""Steps skipped when a demand is empty (sql_guards.py): which predicates each demand guards, that
the tiering grid's chain is skipped for a caseload that records every tier it is asked about, and
that the results are the plain evaluator's either way."""
from __future__ import annotations

import datetime as dt
import re
import sys
from pathlib import Path

from policyengine.backends.bulk import BulkStore
from policyengine.backends.sql import compile_program
from policyengine.backends.sql_guards import emptied, needed_only_with
from policyengine.cases.load import load_case_data
from policyengine.compiler import ir
from policyengine.evaluate import evaluate

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
import handwritten  # noqa: E402

V, Lit, Rule = ir.V, ir.Lit, ir.Rule
X, Y = V("X"), V("Y")
AS_OF = dt.date(2010, 1, 5)


def _rules(*rules: Rule) -> dict[str, list[Rule]]:
    by_head: dict[str, list[Rule]] = {}
    for rule in rules:
        by_head.setdefault(rule.head.pred, []).append(rule)
    return by_head


def test_a_demand_guards_what_only_its_rules_use():
    """`target` reads `p` only through `not`; `p` starts from its demand; `q` feeds only `p`, and
    also itself (recursion keeps the guard of its outside reader)."""
    rules = _rules(
        Rule(Lit("target", (X,)), (Lit("base", (X,)), Lit("p", (X,), negated=True))),
        Rule(Lit("p", (X,)), (Lit("demand_p", (X,)), Lit("q", (X,)))),
        Rule(Lit("q", (X,)), (Lit("base", (X,)),)),
        Rule(Lit("q", (X,)), (Lit("q", (Y,)), Lit("edge", (Y, X)))),
        Rule(Lit("demand_p", (X,)), (Lit("base", (X,)), Lit("r", (X,)))),
        Rule(Lit("r", (X,)), (Lit("base", (X,)),)),
    )
    guards = needed_only_with(rules, {"target"})
    assert guards["p"] == guards["q"] == guards["edge"] == {"demand_p"}
    assert "target" not in guards and "base" not in guards   # `target` reads `base` itself
    # True of `r` as well, but `r` is made before the demand it feeds: the compiled program keeps
    # only the guards made by an earlier step (sql._guard).
    assert guards["r"] == {"demand_p"}


def test_a_predicate_another_target_reads_is_not_guarded():
    rules = _rules(
        Rule(Lit("target", (X,)), (Lit("demand_p", (X,)), Lit("q", (X,)))),
        Rule(Lit("other", (X,)), (Lit("q", (X,)),)),
        Rule(Lit("q", (X,)), (Lit("base", (X,)),)),
        Rule(Lit("demand_p", (X,)), (Lit("base", (X,)),)),
    )
    assert "q" not in needed_only_with(rules, {"target", "other"})


def test_an_emptied_table_keeps_its_columns_and_only_the_own_tables_are_emptied():
    made = 'CREATE OR REPLACE TEMP TABLE "d_p" AS SELECT 1::INTEGER AS cid, DATE \'2010-01-01\' AS c0'
    assert emptied(made, {'"d_p"'}).endswith("WHERE false")   # no casts to declare the columns by
    assert emptied(made, {'"d_q"'}) == made
    view = 'CREATE OR REPLACE TEMP VIEW "v_p" AS SELECT 1 AS cid'
    assert emptied(view, {'"v_p"'}) == view
    store = BulkStore()
    store.con.execute(emptied(made, {'"d_p"'}))
    assert store.con.execute('SELECT count(*) FROM "d_p"').fetchone()[0] == 0
    assert [c[1] for c in store.con.execute('DESCRIBE "d_p"').fetchall()] == ["INTEGER", "DATE"]


def test_an_emptied_table_declares_the_columns_its_query_makes():
    """Every table an edition may empty, declared from its statement's casts, has the names and
    types the statement itself gives (each step run in full on one case, guards ignored)."""
    from policyengine.compiler.compile import load_edition
    declared = {"TABLE": 0, "VIEW": 0}
    for edition in ("2007", "2011", "2015"):
        store = BulkStore()
        store.add_cases([load_case_data(_assessment_case("T3", 3), "T3")])
        sql = store.compiled(load_edition(edition))
        store._known(AS_OF, None, sql)
        store._engine_facts(AS_OF, sql)
        for step in sql.steps:
            for statement in step.statements:
                store.con.execute(statement)
            for original, empty in zip(step.statements, step.unneeded):
                if empty == original:
                    continue
                kind, table = re.match(r"CREATE OR REPLACE TEMP (TABLE|VIEW) (\S+)", empty).groups()
                made = store.con.execute(f"DESCRIBE {table}").fetchall()
                store.con.execute(empty.replace(table, f'"bulk_declared_{kind}"', 1))
                assert store.con.execute(f'DESCRIBE "bulk_declared_{kind}"').fetchall() == made, table
                assert not store.con.execute(f'SELECT count(*) FROM "bulk_declared_{kind}"').fetchone()[0]
                declared[kind] += 1
    assert declared == {"TABLE": 46 + 4 + 6, "VIEW": 42}   # no table falls back on `WHERE false`


def test_the_grid_chain_waits_for_its_demand():
    sql = compile_program(handwritten.obligation_program("2a.4/community"))
    index = {pred: i for i, step in enumerate(sql.steps) for pred in step.preds}
    grid = sql.steps[index["grid_change"]]
    assert '"d_demand_grid_tier_at"' in grid.guards
    assert index["demand_grid_tier_at"] < index["grid_change"]
    assert '"d_demand_grid_tier_at"' in sql.steps[index["demand_grid_tier_at"]].checks
    assert not sql.steps[index["obligation_status"]].guards


class _Recorded:
    """A connection that keeps the statements run through it."""

    def __init__(self, con):
        self.con, self.statements = con, []

    def execute(self, statement, *args):
        self.statements.append(statement)
        return self.con.execute(statement, *args)

    def __getattr__(self, name):
        return getattr(self.con, name)


def _assessment_case(case_id: str, tier: int | None) -> dict:
    """A community order of Mon 5 Oct 2009 with supervision, assessed (OASys) on Tue 27 Oct."""
    assessment = {"date": "2009-10-05", "source": "tiering", "rosh": "medium", "ppo": False}
    if tier is not None:
        assessment["tier"] = tier
    return {"id": case_id, "offender": {"name": "Test", "gender": "male", "date_of_birth": "1980-01-01"},
            "sentences": [{"id": "s1", "type": "community_order", "date": "2009-10-05", "length_months": 12,
                           "psr": "standard_delivery", "requirements": [{"kind": "supervision", "months": 12}]}],
            "assessments": [assessment],
            "events": [{"id": "o1", "kind": "oasys_assessment", "date": "2009-10-27", "type": "initial"}]}


def _run(cases: list) -> tuple[list[str], dict]:
    program = handwritten.obligation_program("2a.4/community")
    store = BulkStore()
    store.add_cases(cases)
    recorded = _Recorded(store.con)
    store.con = recorded
    bulk = store.results(program, AS_OF)
    for case in cases:
        plain = sorted((r.obligation, r.trigger.id, r.status, r.due) for r in evaluate(program, case, AS_OF).results)
        assert sorted((r.obligation, r.trigger.id, r.status, r.due) for r in bulk.get(case.id, [])) == plain, case.id
    return recorded.statements, bulk


def _grid_change(statements: list[str]) -> str:
    return next(s for s in statements if s.startswith('CREATE OR REPLACE TEMP TABLE "d_grid_change"'))


def test_every_tier_recorded_skips_the_grid_and_gives_the_same_results():
    """Tier 3 recorded on the day of sentence: 15 working days from Mon 5 Oct 2009 is Mon 26 Oct
    (no bank holiday), so the assessment of Tue 27 Oct is late."""
    cases = [load_case_data(_assessment_case("T3", 3), "T3")]
    statements, bulk = _run(cases)
    assert _grid_change(statements) == 'CREATE OR REPLACE TEMP TABLE "d_grid_change" (cid INTEGER, c0 DATE)'
    assert [(r.status, r.due) for r in bulk["T3"]] == [("met_late", dt.date(2009, 10, 26))]


def test_a_tier_not_recorded_runs_the_grid():
    """The same order with no tier recorded: the tiering grid gives the tier, so the chain runs."""
    cases = [load_case_data(_assessment_case("T3", 3), "T3"), load_case_data(_assessment_case("NONE", None), "NONE")]
    statements, bulk = _run(cases)
    assert " AS SELECT " in _grid_change(statements)
    assert bulk["NONE"]
