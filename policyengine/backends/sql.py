"""Compile an `ir.Program` to SQL over a whole caseload (DuckDB dialect).

Every predicate becomes a table with a case key `cid` first (no rule relates two cases), or a
table without one when nothing in it depends on a case (`obligation_standard`, `as_of`).  Rules
become `SELECT` over their positive literals (`DISTINCT` only where keys.py cannot show that no
row repeats), `NOT EXISTS` for negated ones and `GROUP BY` for counts; predicates are built in
dependency order (programs are stratified and non-recursive).  A predicate that only copies
another is that table; unions of disjoint parts and rules sharing one body are views.  The date functions of `builtins` become SQL macros over a working-day calendar
table (`bulk_calendar`); a schedule's windows are unrolled from its constant phases.

A rule that joins an event, or a derived predicate's place that holds only known events
(`_event_positions`), and reads that event's fields, sentence or time reads them from the stored
tables (`known_table`): the as-of filter is the event's own.  A literal that only has to
hold for some value below (or above) a bound, "met by the earliest matching event", is read from
its least (greatest) value per group (`SqlCompiler._extremes`).  A family of predicates that read
each other over one key from the same rows (the statuses: met on time, late, unmet, overdue,
pending) is derived in one pass, a boolean column each (sql_together.py).  After compiling, statements
that nothing reads are left out and a table that one statement reads once becomes a view
(sql_fuse.py).

Nothing here is written per policy: the SQL comes from the rules, so a changed rule file
changes the SQL.
"""
from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field, replace

import networkx as nx

from ..runtime.builtins import Schedule, Span
from ..compiler import ir
from .keys import ENGINE_KEYS, rows_unique, rules_apart, rule_keys, union_keys
from .demand import demand_rules, demanded_positions, drop_implied_demand, partition_by_constant
from .lifetimes import plan_drops
from .sql_fuse import fuse_read_once, skip_unread
from .sql_guards import emptied, needed_only_with
from .sql_together import Together, contract, driver_of, find_together, head_key
from .bulk_schema import (DATE, DEC, EVENT_KEYED, FACT_KEYS, INT, STR, VARIANT, VARIANT_KEYS, VARIANT_PARTS,
                          BulkUnsupported, constant_type, fact_columns, input_types, sql_literal, variant_type)

# The rows `evaluate` reads (through the prelude's `report`), asked for directly.
REPORTED = ("obligation_applies", "obligation_excepted", "obligation_due", "obligation_candidate",
            "obligation_need_missing", "obligation_status", "schedule_applies", "schedule_window_applies",
            "window_status", "schedule_hit", "obligation_due_clock", "clock_candidate")

PAUSES, SCHEDULE = "PAUSES", "SCHEDULE"
ENGINE_GENERATORS = ("window_index", "pauses")
_FN_TYPES = {"add_working_days": DATE, "sub_working_days": DATE, "add_days": DATE, "sub_days": DATE,
             "add_weeks": DATE, "sub_weeks": DATE, "add_months": DATE, "sub_months": DATE,
             "same_or_next_working_day": DATE, "working_days_between": INT, "window_start": DATE,
             "window_end": DATE, "window_need": INT, "window_limit": INT}
_UNIT_SHIFTS = {"days": "bulk_add_days", "months": "bulk_add_months"}   # builtins.shift
_WINDOW_SHIFTS = ("bulk_shift_active_days", "bulk_shift_unpaused")   # bulk_calendar's: over pauses, without
_SHIFTS = {"add_working_days": ("bulk_add_working_days", 1), "sub_working_days": ("bulk_add_working_days", -1),
           "add_days": ("bulk_add_days", 1), "sub_days": ("bulk_add_days", -1),
           "add_weeks": ("bulk_add_weeks", 1), "sub_weeks": ("bulk_add_weeks", -1),
           "add_months": ("bulk_add_months", 1), "sub_months": ("bulk_add_months", -1)}


def table_name(pred: str) -> str:
    return f'"d_{pred}"'


# Facts about one event (first argument: its id), known with the event itself (bulk.BulkStore._known).
EVENT_FACTS = (*EVENT_KEYED, "event_time")


def known_table(pred: str) -> str:
    """The stored facts of an event-fact predicate, unfiltered by the as-of date, for rules that
    join them to a known event (bulk.BulkStore._known makes it)."""
    return f'"r_{pred}"'


def view_name(pred: str) -> str:
    """Views have names of their own: a store evaluates one edition after another, and a
    predicate that is a table in one may be a view in the next (DuckDB will not replace one
    kind of object by the other)."""
    return f'"v_{pred}"'


@dataclass
class PredInfo:
    name: str
    table: str
    types: list[str | None]
    per_case: bool
    base: bool = False
    keys: tuple[frozenset[int], ...] = ()           # see keys.py
    # a view over a shared table (SqlCompiler._shared): that table, and for each argument either
    # ("constant", value) or ("column", index in the shared table); rules read the table itself
    through: tuple[str, tuple[tuple[str, object], ...]] | None = None
    distinct: bool = True                           # no row twice (every derived table)


@dataclass
class Step:
    """Statements deriving some predicates; `repeat` holds (table, query) pairs re-derived until
    a round changes no table."""
    preds: list[str]
    statements: list[str]
    repeat: list[tuple[str, str]] = field(default_factory=list)
    drops: list[str] = field(default_factory=list)   # tables no later step reads (lifetimes.py)
    # sql_guards.py: demand tables any of which, found empty, leaves this step's predicates needed
    # by nothing (the step then runs `unneeded`, its tables made empty); and the demand tables
    # this step makes that a later step is guarded by (checked once made).
    guards: list[str] = field(default_factory=list)
    unneeded: list[str] = field(default_factory=list)
    checks: list[str] = field(default_factory=list)


@dataclass
class SqlProgram:
    """The steps that derive every reported predicate, in order, plus what they need."""
    steps: list[Step]
    preds: dict[str, PredInfo]
    pause_kinds: dict[frozenset, str]          # paused period kinds -> column of bulk_pauses
    reported: tuple[str, ...] = REPORTED

    def reads(self, table: str) -> bool:
        """Whether any statement names `table` (an engine table such as bulk_window_count)."""
        return self.readers(table) > 0

    def readers(self, table: str) -> int:
        """How many statements name `table`."""
        return sum(table in text for step in self.steps
                   for text in (*step.statements, *(query for _, query in step.repeat)))


def _pause_column(kinds: frozenset) -> str:
    return "pl_" + ("_".join(sorted(kinds)) or "none")


class _NeverMatches(Exception):
    """A literal over a column that can hold no value: the rule (or the negation) is decided."""


class _Misfit(Exception):
    """A rule of a family that one pass over its driver cannot derive (SqlCompiler._together)."""


@dataclass
class _Var:
    sql: str
    type: str | None


@dataclass
class _RuleSql:
    """One rule body as FROM items and WHERE conditions, with where each variable is bound."""
    compiler: "SqlCompiler"
    per_case: bool
    froms: list[str] = field(default_factory=list)
    where: list[str] = field(default_factory=list)
    vars: dict[str, _Var] = field(default_factory=dict)
    key: str | None = None                         # SQL of the case key
    n: int = 0
    paused: bool | None = None                     # see SqlCompiler._rule
    pause_columns: list[str] = field(default_factory=list)
    event_kinds: dict[str, str] = field(default_factory=dict)  # event variable -> its kind, if named
    events: set[str] = field(default_factory=set)  # event variables a positive `event` literal binds
    ranged: list[ir.Cmp] = field(default_factory=list)  # bounds window_index already generates within
    shifted: set[str] = field(default_factory=set)  # variables bound to a window's shifted day
    late: list[ir.Cmp] = field(default_factory=list)  # comparisons of those: see SqlCompiler._rule_once

    def name_event_kinds(self, body: tuple[ir.Literal, ...]) -> None:
        for lit in body:
            if isinstance(lit, ir.Lit) and lit.pred == "event" and not lit.negated and isinstance(lit.args[0], ir.V):
                self.events.add(lit.args[0].name)
                if isinstance(lit.args[1], ir.K):
                    self.event_kinds[lit.args[0].name] = lit.args[1].value
            elif isinstance(lit, ir.Lit) and not lit.negated:   # a derived row's known event
                for index in self.compiler.event_positions.get(lit.pred, ()):
                    if isinstance(lit.args[index], ir.V):
                        self.events.add(lit.args[index].name)

    def fact_table(self, lit: ir.Lit, info: PredInfo) -> str:
        """A fact about an event the rule's own `event` literal joins (same case, same id), or a
        derived literal holds where only known events can be (`SqlCompiler.event_positions`), is
        read from the stored table itself (`known_table`): that event is already known on the
        as-of date, so its facts are, and the per-fact date filter of its view would be paid again
        for nothing (2c.6's om_contact at 20,000 cases: 0.77 s through the views, 0.36 s so)."""
        event = lit.args[0] if lit.pred in EVENT_FACTS and lit.args else None
        if isinstance(event, ir.V) and event.name in self.events and info.base \
                and not self.compiler.program.stands_alone:
            return known_table(lit.pred)
        return info.table

    def alias(self, prefix: str = "t") -> str:
        self.n += 1
        return f"{prefix}{self.n}"

    def _join_case(self, alias: str) -> None:
        if self.key is None:
            self.key = f"{alias}.cid"
        else:
            self.where.append(f"{alias}.cid = {self.key}")

    # ------------------------------------------------------------- literals
    def literal(self, lit: ir.Literal, rest: tuple[ir.Literal, ...]) -> None:
        if isinstance(lit, ir.Lit):
            if lit.negated:
                try:
                    self.where.append(self.negation(lit))
                except _NeverMatches:
                    pass  # not <something that never holds>: always true
            elif lit.pred == "window_index":
                self.window_index(lit, rest)
            elif lit.pred == "pauses":
                self.pauses(lit)
            else:
                self.positive(lit)
        elif isinstance(lit, ir.Cmp):
            if not any(lit is bound for bound in self.ranged):
                self.compare(lit)
        elif isinstance(lit, ir.In):
            sql, _ = self.term(lit.term)
            self.where.append(f"{sql} IN ({', '.join(sql_literal(v) for v in lit.values)})")
        else:
            raise BulkUnsupported(f"literal {lit!r}")

    def positive(self, lit: ir.Lit) -> None:
        info = self.compiler.pred(lit.pred)
        if info.through is not None:
            return self.through(lit, info)
        alias = self.alias()
        self.froms.append(f"{self.fact_table(lit, info)} {alias}")
        if info.per_case:
            self._join_case(alias)
        event = lit.args[0] if lit.pred in EVENT_KEYED else None
        if isinstance(event, ir.V) and event.name in self.event_kinds:
            self.where.append(f"{alias}.kind = {sql_literal(self.event_kinds[event.name])}")
        for index, arg in enumerate(lit.args):
            self.bind_or_match(arg, *self.column(info, lit, index, alias))

    def extreme(self, lit: ir.Lit, var: str, side: str) -> None:
        """A literal that only needs to hold for some value of `var` on the right side of bounds
        (see SqlCompiler._extremes): read from its table's least and greatest `var` per group."""
        group = list(dict.fromkeys(a.name for a in lit.args if isinstance(a, ir.V) and a.name in self.vars))
        table, value_type = self.compiler.extreme_table(lit, var, group)
        alias = self.alias("x")
        self.froms.append(f"{table} {alias}")
        if self.compiler.pred(lit.pred).per_case:
            self._join_case(alias)
        for index, name in enumerate(group):
            self.bind_or_match(ir.V(name), f"{alias}.c{index}", None)
        self.vars[var] = _Var(f"{alias}.{side}", value_type)

    def bind_or_match(self, arg: ir.Term, sql: str, sql_type: str | None) -> None:
        """A literal's argument read from `sql`: a new variable is bound to it, anything else
        must equal it."""
        if isinstance(arg, ir.V) and arg.name not in self.vars:
            self.vars[arg.name] = _Var(sql, sql_type)
        else:
            self.where.append(f"{sql} = {self.term(arg)[0]}")

    def through(self, lit: ir.Lit, info: PredInfo) -> None:
        """A literal of a view that adds constants to a shared table, read from the table: its
        constants are known here, so rules written alike for several obligations stay alike."""
        table, layout = info.through
        alias = self.alias()
        self.froms.append(f"{table} {alias}")
        self._join_case(alias)
        for index, (arg, (kind, value)) in enumerate(zip(lit.args, layout)):
            if kind == "constant":
                sql, sql_type = sql_literal(value), info.types[index]
                if isinstance(arg, ir.K):
                    if arg.value != value or type(arg.value) is not type(value):
                        raise _NeverMatches()
                    continue
            else:
                sql, sql_type = f"{alias}.c{value}", info.types[index]
                if sql_type is None:
                    raise _NeverMatches()
            self.bind_or_match(arg, sql, sql_type)

    def column(self, info: PredInfo, lit: ir.Lit, index: int, alias: str) -> tuple[str, str | None]:
        col_type = info.types[index]
        if col_type is None:  # only literals that never match give a column no type: it is empty
            raise _NeverMatches()
        if col_type != VARIANT:
            return f"{alias}.c{index}", col_type
        if (info.name, index) not in VARIANT_KEYS:
            stored = self.compiler.stored_types.get((info.name, index))
            if stored is None:  # no stored value at all: the literal can never match
                raise _NeverMatches()
            return f"{alias}.c{index}_{VARIANT_PARTS[stored]}", stored
        key = lit.args[VARIANT_KEYS[(info.name, index)]]
        if not isinstance(key, ir.K):
            raise BulkUnsupported(f"{info.name} with a variable field name cannot be typed for SQL")
        value_type = variant_type(info.name, key.value)
        if value_type is None:  # a field no event has: it can never match
            raise _NeverMatches()
        return f"{alias}.c{index}_{VARIANT_PARTS[value_type]}", value_type

    def negation(self, lit: ir.Lit) -> str:
        if lit.pred in ("window_index", "pauses", "as_of"):
            raise BulkUnsupported(f"negated {lit.pred}")
        return "NOT " + self.exists(lit)

    def exists(self, lit: ir.Lit) -> str:
        """`EXISTS (...)` of a literal whose variables are all bound (wildcards aside); raises
        _NeverMatches when it can hold nowhere."""
        return _exists(*self._matching(lit))

    def member(self, lit: ir.Lit) -> str:
        """`exists` as a value for every row of a query (a flag in its select list): whether the
        row's terms are among the literal's rows, `IN` over its columns.  DuckDB runs a correlated
        EXISTS there by first making the distinct outer rows (at 100,000 cases, 1.8 million keys
        checked against 42,000 exceptions: 0.62 s, against 0.46 s as a plain mark join).  A NULL
        term matches nothing either way, so NULL counts as false, as EXISTS gives it."""
        source, pairs = self._matching(lit)
        outer = [(column, term) for column, term, constant in pairs if not constant]
        if not outer:
            return _exists(source, pairs)
        fixed = " AND ".join(f"{column} = {term}" for column, term, constant in pairs if constant) or "TRUE"
        return (f"coalesce(({', '.join(t for _, t in outer)}) IN "
                f"(SELECT {', '.join(c for c, _ in outer)} FROM {source} WHERE {fixed}), FALSE)")

    def _matching(self, lit: ir.Lit) -> tuple[str, list[tuple[str, str, bool]]]:
        """A bound literal's table with its alias, and (column, term, whether a constant) for
        each argument the literal fixes; raises _NeverMatches when it can hold nowhere."""
        info = self.compiler.pred(lit.pred)
        if self.compiler.never_holds(lit.pred):
            raise _NeverMatches()
        alias = self.alias("n")
        pairs = [(f"{alias}.cid", self.require_key(), False)] if info.per_case else []
        for index, arg in enumerate(lit.args):
            if ir.is_wildcard(arg):
                continue
            if isinstance(arg, ir.V) and arg.name not in self.vars:
                raise BulkUnsupported(f"variable {arg.name} is unbound in '{lit}'")
            column, _ = self.column(info, lit, index, alias)
            pairs.append((column, self.term(arg)[0], isinstance(arg, ir.K)))
        return f"{self.fact_table(lit, info)} {alias}", pairs

    def require_key(self) -> str:
        if self.key is None:  # a case-wide rule with no case literal yet: range over the cases
            alias = self.alias("c")
            self.froms.append(f"bulk_case_scope {alias}")
            self.key = f"{alias}.cid"
        return self.key

    def pauses(self, lit: ir.Lit) -> None:
        alias = self.alias("p")
        self.froms.append(f"bulk_pauses {alias}")
        self._join_case(alias)
        arg = lit.args[0]
        if not isinstance(arg, ir.V) or arg.name in self.vars:
            raise BulkUnsupported("pauses(...) must bind a fresh variable")
        self.vars[arg.name] = _Var(alias, PAUSES)

    def window_index(self, lit: ir.Lit, rest: tuple[ir.Literal, ...]) -> None:
        """window_index(K): 0 <= K < the case's window count; generated, bounded by a later K <= X."""
        counts = self.alias("w")
        self.froms.append(f"bulk_window_count {counts}")
        self._join_case(counts)
        arg = lit.args[0]
        if isinstance(arg, ir.V) and arg.name not in self.vars:
            bound = f"{counts}.n"
            for other in rest:  # a bound the body states later, on variables already bound
                if (isinstance(other, ir.Cmp) and other.op in ("<=", "<") and other.left == arg
                        and all(v in self.vars for v in ir.term_vars(other.right))):
                    limit = self.term(other.right)[0]
                    bound = f"LEAST({bound}, {limit} + 1)" if other.op == "<=" else f"LEAST({bound}, {limit})"
                    self.ranged.append(other)  # holds for every generated K: no need to test it
                    break
            alias = self.alias("k")
            self.froms.append(f"LATERAL (SELECT unnest(range(0, GREATEST({bound}, 0))) AS k) {alias}")
            self.vars[arg.name] = _Var(f"{alias}.k", INT)
        else:
            sql = self.term(arg)[0]
            self.where.append(f"{sql} >= 0 AND {sql} < {counts}.n")

    def compare(self, cmp: ir.Cmp) -> None:
        if cmp.op == "==" and isinstance(cmp.left, ir.V) and cmp.left.name not in self.vars:
            sql, sql_type = self.term(cmp.right)
            self.vars[cmp.left.name] = _Var(f"({sql})", sql_type)
            if any(shift in sql for shift in _WINDOW_SHIFTS):
                self.shifted.add(cmp.left.name)
            return
        if self.shifted & set(ir.literal_vars(cmp)):
            self.late.append(cmp)
            return
        self.where.append(self.comparison(cmp))

    def comparison(self, cmp: ir.Cmp) -> str:
        left, _ = self.term(cmp.left)
        right, _ = self.term(cmp.right)
        return f"{left} {({'==': '=', '!=': '<>'}.get(cmp.op, cmp.op))} {right}"

    # ------------------------------------------------------------- terms
    def term(self, term: ir.Term) -> tuple[str, str | None]:
        if isinstance(term, ir.V):
            if term.name not in self.vars:
                raise BulkUnsupported(f"variable {term.name} is used before it is bound")
            var = self.vars[term.name]
            return var.sql, var.type
        if isinstance(term, ir.K):
            return sql_literal(term.value), constant_type(term.value)
        if isinstance(term, ir.Op):
            (left, left_type), (right, right_type) = self.term(term.left), self.term(term.right)
            exact = DEC in (left_type, right_type)   # a decimal anywhere: exact decimal arithmetic
            if term.op == "//":
                if exact:   # as Python's Decimal: the quotient truncated toward zero
                    return f"CAST(trunc(({left}) / ({right})) AS {DEC})", DEC
                return f"CAST(floor(({left}) / ({right})) AS BIGINT)", INT
            if exact:
                return f"CAST((({left}) {term.op} ({right})) AS {DEC})", DEC
            return f"(({left}) {term.op} ({right}))", INT
        if isinstance(term, ir.Fn):
            return self.function(term), _FN_TYPES[term.name]
        raise BulkUnsupported(f"term {term!r}")

    def function(self, fn: ir.Fn) -> str:
        if fn.name in _SHIFTS:
            macro, sign = _SHIFTS[fn.name]
            date, amount = (self.term(a)[0] for a in fn.args)
            return f"{macro}({date}, {'-' if sign < 0 else ''}({amount}))"
        if fn.name == "same_or_next_working_day":
            return f"bulk_same_or_next_working_day({self.term(fn.args[0])[0]})"
        if fn.name == "working_days_between":
            return f"bulk_working_days_between({self.term(fn.args[0])[0]}, {self.term(fn.args[1])[0]})"
        schedule = next((a.value for a in fn.args if isinstance(a, ir.K) and isinstance(a.value, Schedule)), None)
        if schedule is None:
            raise BulkUnsupported(f"{fn.name} needs a constant schedule")
        if fn.name == "window_limit":
            return _window_limit(schedule, self.term(fn.args[0])[0], self.term(fn.args[1])[0])
        k = self.term(fn.args[1] if fn.name != "window_need" else fn.args[0])[0]
        if fn.name == "window_need":
            return _window_case(schedule, k, "need", "0", "NULL")
        start = self.term(fn.args[0])[0]
        pauses = self.term(fn.args[3])[0] + "." + self.compiler.pause_column(schedule.paused_kinds)
        self.pause_columns.append(pauses)
        shift = _WINDOW_SHIFTS[0] if self.paused is not False else _WINDOW_SHIFTS[1]
        if fn.name == "window_start":
            offset = _window_case(schedule, k, "start", "NULL", start)
            if _window_total(schedule):
                return f"{shift}({start}, {offset}, {pauses})"
            return (f"(CASE WHEN ({offset}) IS NULL THEN DATE '9999-12-31' "
                    f"ELSE {shift}({start}, {offset}, {pauses}) END)")
        end = self.term(fn.args[4])[0]
        last = _window_case(schedule, k, "last", "NULL", start)
        if _window_total(schedule):
            return f"bulk_day_after({shift}({start}, {last}, {pauses}))"
        opened = _window_open(schedule, k)
        return (f"(CASE WHEN {opened} THEN {end} WHEN ({last}) IS NULL THEN DATE '9999-12-31' "
                f"ELSE bulk_day_after({shift}({start}, {last}, {pauses})) END)")


def _exists(source: str, pairs: list[tuple[str, str, bool]]) -> str:
    """`EXISTS` over a literal's table (`_RuleSql._matching`: its source and column pairs)."""
    conds = " AND ".join(f"{column} = {term}" for column, term, _ in pairs) or "TRUE"
    return f"EXISTS (SELECT 1 FROM {source} WHERE {conds})"


# What a family's rule needs of the key as a whole: ("member", (predicate, negated)) or ("exists",
# (a flag over g.c0..., `_RuleSql.member`, negated)), the flag then as its index among the
# family's (SqlCompiler._row_flags).
_Needs = list[tuple[str, object]]
_KeyedRule = tuple[int, _Needs]   # a rule of a family member: (its flag's index, what it needs of the key)


@dataclass
class _LeftJoins:
    """What a family's rules left-join to the driver row, each table on the same columns once."""
    aliases: dict[tuple[str, tuple[str, ...]], str] = field(default_factory=dict)
    sql: list[str] = field(default_factory=list)

    def add(self, item: str, on: list[str], state: _RuleSql) -> str:
        """Left-join `item` ("table alias") on `on`, or reuse the same join made for an earlier rule
        (its alias then read in `state`'s variables): the column that says a row matched."""
        table, alias = item.rsplit(" ", 1)
        shape = (table, tuple(re.sub(rf"\b{alias}\.", "@.", c) for c in on))
        if shape in self.aliases:
            for var in state.vars.values():
                var.sql = re.sub(rf"\b{alias}\.", f"{self.aliases[shape]}.", var.sql)
            alias = self.aliases[shape]
        else:
            self.aliases[shape] = alias
            self.sql.append(f"LEFT JOIN (SELECT *, TRUE AS hit__ FROM {table}) {alias} "
                            f"ON {' AND '.join(on) or 'TRUE'}")
        return f"{alias}.hit__"


def _per_key(canon: _RuleSql, key: list[_Var], flags: list[str], joins: _LeftJoins) -> str:
    """The driver's rows grouped by key (cid, c0...), with r<i>: whether some row of the key meets
    rule flag i."""
    names = [f"c{i}" for i in range(len(key))]
    rows = (f"SELECT {canon.key} AS cid, {', '.join(f'{k.sql} AS {n}' for k, n in zip(key, names))}"
            f"{''.join(f', {flag} AS f{i}' for i, flag in enumerate(flags))} "
            f"FROM {canon.froms[0]} {' '.join(joins.sql)} WHERE {' AND '.join(canon.where) or 'TRUE'}")
    return (f"SELECT cid, {', '.join(names)}"
            f"{''.join(f', COALESCE(bool_or(f{i}), FALSE) AS r{i}' for i in range(len(flags)))} "
            f"FROM ({rows}) GROUP BY cid, {', '.join(names)}")


def _member_conditions(members: tuple[str, ...], member_rules: dict[str, list[_KeyedRule]]) -> list[str]:
    """Each member (in dependency order) as a condition on a key's r<i> and e<i> columns: the OR over
    its rules of the AND of the rule's flag and what it needs of the key, earlier members inlined."""
    exprs: dict[str, str] = {}
    for pred in members:
        terms = []
        for flag, needs in member_rules[pred]:
            parts = [f"r{flag}"]
            for kind, what in needs:
                if kind == "exists":
                    index, negated = what
                    parts.append(f"NOT e{index}" if negated else f"e{index}")
                else:
                    other, negated = what
                    parts.append(f"NOT ({exprs[other]})" if negated else f"({exprs[other]})")
            terms.append(" AND ".join(parts))
        exprs[pred] = " OR ".join(f"({t})" for t in terms) or "FALSE"
    return list(exprs.values())


def _anchor(span: Span, start: str) -> str:
    """The first day of the span's run (builtins.Span.anchor) as SQL."""
    for unit, amount in span.steps:
        start = f"{_UNIT_SHIFTS[unit]}({start}, {amount})"
    return start


def _plain_days(span: Span) -> bool:
    """Whether the span counts days from the trigger date itself (no month before it), so that its
    windows are constant offsets: the form every 2007 schedule takes."""
    return span.unit == "days" and not span.steps


def _offset(span: Span, k: str, start: str, extra: int, less: int = 0) -> str:
    """Days from `start` to the first day of window k of the span plus `extra` windows, unpaused,
    less `less`: builtins.Span.boundary(start, k - first + extra) - start - less, for k in the span."""
    every = span.phase.every or 0
    if _plain_days(span):
        constant = span.offset + (extra - span.first) * every - less
        return f"{k} * {every} + {constant}" if every else str(constant)
    units = f"{k} * {every} + {span.offset + (extra - span.first) * every}" if every else str(span.offset)
    return f"(({_UNIT_SHIFTS[span.unit]}({_anchor(span, start)}, {units})) - ({start}) - {less})"


def _window_case(schedule: Schedule, k: str, part: str, otherwise: str, start: str) -> str:
    """One part of builtins.unpaused_window(start, k, schedule) unrolled into a CASE on k (the
    schedule is a constant): "start" (days from `start` to the window's first day), "last" (to its
    last day; NULL for the window that runs to the schedule's end, see `_window_open`) or "need".
    A schedule whose last phase repeats covers every k: its last branch is the ELSE, and a
    one-phase schedule needs no CASE at all (these run for every window of every case)."""
    parts = []
    for span in schedule.spans():
        if span.phase.every is None:
            value = {"start": _offset(span, k, start, 0), "last": "NULL", "need": str(span.phase.need)}[part]
            parts.append((f"{k} = {span.first}", value))
            break
        value = {"start": _offset(span, k, start, 0), "last": _offset(span, k, start, 1, less=1),
                 "need": str(span.phase.need)}[part]
        parts.append(("TRUE" if span.windows is None else f"{k} < {span.first + span.windows}", value))
    if not parts:
        return otherwise
    if _window_total(schedule):
        *branches, (_, final) = parts
        if not branches:
            return f"({final})"
        return f"(CASE {' '.join(f'WHEN {c} THEN {v}' for c, v in branches)} ELSE {final} END)"
    return f"(CASE {' '.join(f'WHEN {c} THEN {v}' for c, v in parts)} ELSE {otherwise} END)"


def _window_total(schedule: Schedule) -> bool:
    """Whether every window index has a start and a last day (the schedule ends repeating, not
    with a "throughout" window)."""
    spans = list(schedule.spans())
    return bool(spans) and spans[-1].phase.every is not None


def _window_open(schedule: Schedule, k: str) -> str:
    """Whether window k is a "throughout" window, which ends with the schedule itself."""
    return next((f"({k} = {span.first})" for span in schedule.spans() if span.phase.every is None), "FALSE")


def _window_limit(schedule: Schedule, start: str, as_of: str) -> str:
    """builtins.window_limit unrolled over the schedule's phases: the last window whose unpaused
    first day is on or before `as_of` (or the trigger date `start`, if later)."""
    days = f"GREATEST(0, ({as_of}) - ({start}))"
    day = f"GREATEST({start}, {as_of})"
    parts, end = [], 0
    for span in schedule.spans():
        every = span.phase.every
        if _plain_days(span):
            parts.append(f"WHEN {days} < {span.offset} THEN {max(end - 1, 0)}")
            elapsed = days
        else:
            anchor = _anchor(span, start)
            parts.append(f"WHEN {day} < {_UNIT_SHIFTS[span.unit]}({anchor}, {span.offset}) THEN {max(end - 1, 0)}")
            elapsed = (f"bulk_whole_months_between({anchor}, {day})" if span.unit == "months"
                       else f"(({day}) - ({anchor}))")
        if every is None:
            parts.append(f"WHEN TRUE THEN {span.first}")
            break
        reached = f"{span.first} + ({elapsed} - {span.offset}) // {every}"
        if span.windows is None:
            parts.append(f"WHEN TRUE THEN {reached}")
            break
        ends = (f"{days} < {span.offset + span.windows * every}" if _plain_days(span)
                else f"{reached} < {span.first + span.windows}")
        parts.append(f"WHEN {ends} THEN {reached}")
        end = span.first + span.windows
    else:
        parts.append(f"WHEN TRUE THEN {max(end - 1, 0)}")
    return f"(CASE {' '.join(parts)} END)"


def _round_order(graph: nx.DiGraph) -> list[str]:
    """An order for re-deriving mutually dependent predicates that settles in few rounds: callers
    before the demand they raise is read, i.e. dependency order once the edges into demand
    predicates (the ones that close the cycles) are left out."""
    cut = nx.DiGraph((a, b) for a, b in graph.edges if not b.startswith("demand_"))
    cut.add_nodes_from(graph.nodes)
    try:
        return list(nx.lexicographical_topological_sort(cut))
    except nx.NetworkXUnfeasible:
        return sorted(graph.nodes)


class SqlCompiler:
    def __init__(self, program: ir.Program, targets: tuple[str, ...] = REPORTED,
                 stored_types: dict[tuple[str, int], str] | None = None):
        self.program = program
        self.stored_types = stored_types or {}
        self.arity: dict[str, int] = {}
        self.targets = targets
        self.preds: dict[str, PredInfo] = {}
        self.pause_kinds: dict[frozenset, str] = {}
        if program.stands_alone:   # its declared inputs are its only facts
            for declared in program.inputs:
                self.preds[declared.name] = PredInfo(declared.name, f'"f_{declared.name}"',
                                                     list(input_types(declared.fields)), True, base=True,
                                                     distinct=False)
        else:
            for pred, types in fact_columns().items():
                self.preds[pred] = PredInfo(pred, f'"f_{pred}"', list(types), True, base=True,
                                            keys=FACT_KEYS.get(pred, ()), distinct=pred in FACT_KEYS)
        self.preds["as_of"] = PredInfo("as_of", "bulk_as_of", [DATE], False, base=True)
        self.shared: dict[tuple[str, bool], str] = {}   # a rule body's SQL -> the table holding it
        self.extremes: dict[str, str] = {}   # an extreme_table's query -> the table holding it
        self.pending: list[str] = []         # statements a rule needs run before its predicate's
        self.folding = True                  # whether _extremes applies (not in a fixpoint)
        self.event_positions: dict[str, frozenset[int]] = {}   # see _event_positions
        self.together: list[str] = []        # the tables of families derived together (_together)
        self.guards: dict[str, frozenset[str]] = {}   # sql_guards.needed_only_with, once compiled

    def pause_column(self, kinds: frozenset) -> str:
        return self.pause_kinds.setdefault(kinds, _pause_column(kinds))

    def never_holds(self, name: str) -> bool:
        """Whether a derived predicate is known to hold nowhere: none of its rules can match (its
        columns got no type; every derived table with a row has typed columns)."""
        info = self.preds.get(name)
        return (info is not None and not info.base and bool(info.types)
                and all(t is None for t in info.types))

    def _extremes(self, rule: ir.AnyRule) -> dict[int, tuple[str, str]]:
        """"Met by the earliest matching event": a positive literal over a derived predicate
        whose new variables the rule reads only in one of them, and only in bounds on the same side
        (`obligation_candidate(O, T, E, D) and D <= Due`), holds for some row exactly when the
        least D (for upper bounds; the greatest for lower ones) of its rows for the values bound
        so far does.  Such a literal is read from that minimum or maximum per group
        (`extreme_table`), so the rule pairs each trigger with one row, not with every match.
        {body index: (the variable, "lo" or "hi")}."""
        if not self.folding or not isinstance(rule, ir.Rule):
            return {}
        body = rule.body
        head = {v for a in rule.head.args for v in ir.term_vars(a)}
        found: dict[int, tuple[str, str]] = {}
        bound: set[str] = set()
        for index, lit in enumerate(body):
            if isinstance(lit, ir.Lit) and not lit.negated and lit.pred not in ENGINE_GENERATORS:
                plan = self._extreme_plan(lit, body[index + 1:], bound, head)
                if plan is not None:
                    found[index] = plan
            if isinstance(lit, ir.Lit) and not lit.negated:
                bound.update(ir.literal_vars(lit))
            elif isinstance(lit, ir.Cmp) and lit.op == "==" and isinstance(lit.left, ir.V):
                bound.add(lit.left.name)
        return found

    def _extreme_plan(self, lit: ir.Lit, rest: tuple[ir.Literal, ...], bound: set[str],
                      head: set[str]) -> tuple[str, str] | None:
        info = self.preds.get(lit.pred)
        if info is None or info.base or not all(isinstance(a, (ir.V, ir.K)) for a in lit.args):
            return None
        fresh = [a.name for a in lit.args if isinstance(a, ir.V) and a.name not in bound]
        if len(fresh) < 2 or len(fresh) != len(set(fresh)) or head & set(fresh):
            return None
        if not info.per_case and not any(isinstance(a, ir.V) and a.name in bound for a in lit.args):
            return None   # no group at all: min() of nothing would still give a row
        used, sides = set(), set()
        for other in rest:
            names = set(ir.literal_vars(other)) & set(fresh)
            if not names:
                continue
            if isinstance(other, ir.Lit) and other.negated and self.never_holds(other.pred):
                continue   # compiled away (always true)
            if not (isinstance(other, ir.Cmp) and other.op in ("<", "<=", ">", ">=") and len(names) == 1):
                return None
            (name,) = names
            if other.left == ir.V(name) and name not in ir.term_vars(other.right):
                upper = other.op in ("<", "<=")
            elif other.right == ir.V(name) and name not in ir.term_vars(other.left):
                upper = other.op in (">", ">=")
            else:
                return None
            used.add(name)
            sides.add("lo" if upper else "hi")
        if len(used) != 1 or len(sides) != 1:
            return None
        # Worth it only where the rule would pair each group with many rows, several for one
        # value of the variable (the matching events of a trigger): so not for a literal with no
        # other new variable, nor where a key of the predicate lies within the group and that
        # variable (obligation_due: one row per trigger and due day, and a min() over the whole
        # table cost more than the join, 0.3 s at 100,000 cases).
        var = next(iter(used))
        grouped = frozenset(i for i, a in enumerate(lit.args)
                            if not (isinstance(a, ir.V) and a.name in fresh) or a.name == var)
        if any(key <= grouped for key in info.keys):
            return None
        return var, sides.pop()

    def extreme_table(self, lit: ir.Lit, var: str, group: list[str]) -> tuple[str, str | None]:
        """The table of `lit`'s least (`lo`) and greatest (`hi`) `var` per value of its
        variables bound before it (`group`, columns c0...), made once per program and read by
        every rule that needs it: (table, var's type)."""
        info = self.pred(lit.pred)
        sub = ir.Rule(ir.Lit("extreme__", (*(ir.V(g) for g in group), ir.V(var))), (lit,))
        sql, types = self._rule_once(sub, info.per_case)
        if sql is None:
            raise _NeverMatches()
        keys = (["cid"] if info.per_case else []) + [f"c{i}" for i in range(len(group))]
        query = (f"SELECT {', '.join(keys)}, min(c{len(group)}) AS lo, max(c{len(group)}) AS hi "
                 f"FROM ({sql}) GROUP BY {', '.join(keys)}")
        if query not in self.extremes:
            table = self.extremes[query] = f'"s_x{len(self.extremes)}"'
            self.pending.append(f"CREATE OR REPLACE TEMP TABLE {table} AS {query}")
        return self.extremes[query], types[len(group)]

    def pred(self, name: str) -> PredInfo:
        if name not in self.preds:
            raise BulkUnsupported(f"predicate {name} is used before it is derived")
        return self.preds[name]

    def compile(self) -> SqlProgram:
        rules_by_head: dict[str, list[ir.AnyRule]] = {}
        # Only the rules the targets read: a rule that feeds nothing asked for would still add its
        # calls to the demand of the predicates it reads (the 2a.4 rules alone asked the MAPPA
        # level on every MAPPA assessment date, for rules that are never run).
        base = partition_by_constant(self.program.rules)
        by_head: dict[str, list[ir.AnyRule]] = {}
        for rule in base:
            by_head.setdefault(rule.head.pred, []).append(rule)
            for lit in (rule.head, *rule.body):   # a target no rule derives is still an empty table of its arity
                if isinstance(lit, ir.Lit):
                    self.arity.setdefault(lit.pred, len(lit.args))
        read = self._needed(by_head)
        base = [rule for rule in base if rule.head.pred in read]
        demanded = demand_rules(base, demanded_positions(base, set(self.targets)))
        for rule in _inline_negated_projections(_any_from_counts(drop_implied_demand(demanded)), set(self.targets)):
            rules_by_head.setdefault(rule.head.pred, []).append(rule)
            for lit in (rule.head, *rule.body):
                if isinstance(lit, ir.Lit):
                    self.arity.setdefault(lit.pred, len(lit.args))
        self.rules_by_head = rules_by_head
        self.parts = _partitions(rules_by_head)
        self.event_positions = {} if self.program.stands_alone else _event_positions(rules_by_head)
        needed = self._needed(rules_by_head)
        graph = nx.DiGraph()
        for pred in needed:
            graph.add_node(pred)
            for rule in rules_by_head.get(pred, []):
                for lit in rule.body:
                    if isinstance(lit, ir.Lit) and lit.pred in needed:
                        graph.add_edge(lit.pred, pred)
        families = {f.node: f for f in find_together(rules_by_head, graph, set(self.targets))}
        condensed = nx.condensation(contract(graph, list(families.values())))
        self.guards = needed_only_with(rules_by_head, set(self.targets))
        _guards_first(condensed, self.guards)
        steps: list[Step] = []
        for component in nx.lexicographical_topological_sort(
                condensed, key=lambda c: min(condensed.nodes[c]["members"])):
            family = next((families[n] for n in condensed.nodes[component]["members"] if n in families), None)
            if family is not None:
                statements = self._family(family)
                if statements:
                    steps.append(Step(list(family.members), statements))
                continue
            preds = sorted(p for p in condensed.nodes[component]["members"]
                           if not (p in self.preds and self.preds[p].base) and p not in ENGINE_GENERATORS)
            if not preds:
                continue
            cyclic = len(preds) > 1 or graph.has_edge(preds[0], preds[0])
            if not cyclic:
                self.pending = []
                statements = self._predicate(preds[0], rules_by_head.get(preds[0], []))
                statements = [*self.pending, *statements] if statements else []
                if statements:
                    steps.append(Step(preds, statements))
            else:
                steps.append(self._fixpoint(_round_order(graph.subgraph(preds)), rules_by_head))
        return SqlProgram(steps, self.preds, dict(self.pause_kinds), self.targets)

    def _family(self, family: Together) -> list[str]:
        """The statements deriving a family of predicates (sql_together.py): together in one
        pass over their driver where every rule fits it, else one predicate after another."""
        saved = (dict(self.extremes), len(self.together))
        self.pending = []
        try:
            together = self._together(family)
        except (_Misfit, _NeverMatches, BulkUnsupported):
            together = None
        if together is not None:
            return [*self.pending, *together]
        self.extremes, self.together = saved[0], self.together[:saved[1]]
        statements = []
        for pred in family.members:
            self.pending = []
            made = self._predicate(pred, self.rules_by_head.get(pred, []))
            statements += [*self.pending, *made] if made else []
        return statements

    def _together(self, family: Together) -> list[str]:
        """One table of the family's key (the driver's columns at `positions`) with a boolean
        column per member, and each member a view of the keys where it holds.

        For each rule, its own conditions on one driver row (comparisons, negations, and what it
        reads from tables with at most one row per row: a least or greatest value per group,
        `as_of`, left-joined) are one flag per row, and `bool_or` gives whether some row of the
        key meets them.  What the rule reads over its head alone (`not excepted(O, T)`, another
        member) holds for the key as a whole; a member is then the OR over its rules of the AND
        of those, the other members inlined in dependency order.  A rule with another row source
        does not fit (_Misfit)."""
        canon, key = self._driver_row(family)
        joins = _LeftJoins()
        flags, member_rules, keyed = self._row_flags(family, canon, key, joins)
        names = [f"c{i}" for i in range(len(key))]
        conditions = _member_conditions(family.members, member_rules)
        table = f'"s_t{len(self.together)}"'
        self.together.append(table)
        statements = [f"CREATE OR REPLACE TEMP TABLE {table} AS SELECT cid, {', '.join(names)}"
                      f"{''.join(f', {expr} AS m{i}' for i, expr in enumerate(conditions))} "
                      f"FROM (SELECT *{''.join(f', {e} AS e{i}' for i, e in enumerate(keyed))} "
                      f"FROM ({_per_key(canon, key, flags, joins)}) g)"]
        return statements + self._member_views(family, table, [k.type for k in key], member_rules)

    def _driver_row(self, family: Together) -> tuple[_RuleSql, list[_Var]]:
        """One row of the family's driver, which every rule reads as its own: (its state, the
        key's columns in it).  Only a derived per-case driver is one (_Misfit)."""
        driver = self.preds.get(family.driver)
        if driver is None or driver.base or not driver.per_case:
            raise _Misfit()
        canon = _RuleSql(self, True)
        row = [ir.V(f"Row__{i}") for i in range(len(driver.types))]
        canon.positive(ir.Lit(family.driver, tuple(row)))   # _NeverMatches: an empty driver
        columns = [canon.vars[v.name] for v in row]
        return canon, [columns[p] for p in family.positions]

    def _row_flags(self, family: Together, canon: _RuleSql, key: list[_Var],
                   joins: _LeftJoins) -> tuple[list[str], dict[str, list[_KeyedRule]], list[str]]:
        """Every rule's flag on a driver row, and each member's rules (_KeyedRule), a rule that
        can match nothing left out: (flags, rules per member, the per-key flags, each once)."""
        count = canon.n
        flags: list[str] = []
        keyed: list[str] = []
        member_rules: dict[str, list[_KeyedRule]] = {}
        for pred in family.members:
            member_rules[pred] = []
            for rule in self.rules_by_head.get(pred, []):
                try:
                    flag, needs, count = self._together_rule(rule, family, canon, key, count, joins)
                except _NeverMatches:
                    continue
                needs = [(kind, (self._keyed_once(keyed, what[0]), what[1]) if kind == "exists" else what)
                         for kind, what in needs]
                member_rules[pred].append((len(flags), needs))
                flags.append(flag)
        return flags, member_rules, keyed

    def _member_views(self, family: Together, table: str, types: list[str | None],
                      member_rules: dict[str, list[_KeyedRule]]) -> list[str]:
        """Each member a view of the keys of `table` where it holds (its column m<i>), or, where
        none of its rules can match, an empty table like a predicate with no rows."""
        names = [f"c{i}" for i in range(len(types))]
        statements = []
        for index, pred in enumerate(family.members):
            if not member_rules[pred]:
                self.preds[pred] = PredInfo(pred, table_name(pred), [None] * len(types), True)
                statements.append(f"CREATE OR REPLACE TEMP TABLE {table_name(pred)} "
                                  f"(cid INTEGER, {', '.join(f'{n} {t or STR}' for n, t in zip(names, types))})")
                continue
            self.preds[pred] = PredInfo(pred, view_name(pred), list(types), True)
            statements.append(f"CREATE OR REPLACE TEMP VIEW {view_name(pred)} AS SELECT cid, {', '.join(names)} "
                              f"FROM {table} WHERE m{index}")
        return statements

    @staticmethod
    def _keyed_once(keyed: list[str], text: str) -> int:
        if text not in keyed:
            keyed.append(text)
        return keyed.index(text)

    def _together_rule(self, rule: ir.Rule, family: Together, canon: _RuleSql, key: list[_Var], count: int,
                       joins: _LeftJoins) -> tuple[str, _Needs, int]:
        """One rule of a family: (its flag on a driver row, what it needs of the key as a whole
        (_Needs, a per-key flag as its text), the alias count)."""
        head = head_key(rule)
        index = self._driver_index(rule, head, family)
        state = _RuleSql(self, True, n=count)
        state.key = canon.key
        state.name_event_kinds(rule.body)
        for arg, column in zip(rule.body[index].args, canon.vars.values()):
            state.bind_or_match(arg, column.sql, column.type)
        extremes = self._extremes(rule)
        needs: _Needs = []
        hits: list[str] = []
        for at, lit in enumerate(rule.body):
            if at == index:
                continue
            if isinstance(lit, ir.Lit) and lit.args == rule.head.args and lit.pred in family.members:
                needs.append(("member", (lit.pred, lit.negated)))
            elif isinstance(lit, ir.Lit) and lit.pred not in ENGINE_GENERATORS \
                    and {v for v in ir.literal_vars(lit) if not v.startswith(ir.WILDCARD)} <= set(head):
                exists = self._key_exists(lit, head, key)
                if exists is not None:
                    needs.append(("exists", (exists, lit.negated)))
            elif isinstance(lit, ir.Lit) and not lit.negated:
                hits.append(self._row_join(lit, extremes.get(at), state, joins))
            else:
                state.literal(lit, rule.body[at + 1:])
        if state.late or state.froms:
            raise _Misfit()
        return " AND ".join([*hits, *state.where]) or "TRUE", needs, state.n

    def _driver_index(self, rule: ir.Rule, head: tuple[str, ...], family: Together) -> int:
        """The body index of the rule's driver literal.  A rule driven by another literal adds
        nothing where it can match nothing (_NeverMatches), else one pass cannot derive it (_Misfit)."""
        driver = driver_of(rule, head)
        if driver is None or (rule.body[driver[0]].pred, driver[1]) != (family.driver, family.positions):
            if self._rule_once(rule, True)[0] is None:
                raise _NeverMatches()
            raise _Misfit()
        return driver[0]

    def _key_exists(self, lit: ir.Lit, head: tuple[str, ...], key: list[_Var]) -> str | None:
        """A literal over the head's variables alone as a flag over the key's columns (g.c0...,
        `_RuleSql.member`), the same for every driver row of the key; None for `not` of something
        that never holds (always true)."""
        scope = _RuleSql(self, True, key="g.cid",
                         vars={name: _Var(f"g.c{i}", key[i].type) for i, name in enumerate(head)})
        try:
            return scope.member(lit)
        except _NeverMatches:
            if not lit.negated:
                raise
            return None

    def _row_join(self, lit: ir.Lit, extreme: tuple[str, str] | None, state: _RuleSql, joins: _LeftJoins) -> str:
        """A positive literal with at most one row per driver row (its least or greatest value per
        group, `extreme`, or a key all bound: `as_of(A)`), left-joined to the row: the column that
        says it matched.  Any other row source would multiply the rows (_Misfit)."""
        if extreme is None and not self._one_row(lit, state):
            raise _Misfit()
        froms, where = len(state.froms), len(state.where)
        if extreme is not None:
            state.extreme(lit, *extreme)
        else:
            state.positive(lit)
        (item,), on = state.froms[froms:], state.where[where:]
        del state.froms[froms:], state.where[where:]
        return joins.add(item, on, state)

    def _one_row(self, lit: ir.Lit, state: _RuleSql) -> bool:
        """Whether a positive literal holds at most one row for what `state` has bound (a key
        of its predicate all bound: `as_of(A)`), so that it can be left-joined to a row."""
        if lit.pred in ENGINE_GENERATORS or lit.pred not in self.preds:
            return False
        bound = {i for i, a in enumerate(lit.args) if isinstance(a, ir.K)
                 or (isinstance(a, ir.V) and a.name in state.vars)}
        keys = ENGINE_KEYS.get(lit.pred) or self.preds[lit.pred].keys
        return any(k <= bound for k in keys)

    def _fixpoint(self, preds: list[str], rules_by_head: dict[str, list[ir.AnyRule]]) -> "Step":
        """Predicates that depend on each other at the predicate level (demand rules join every
        caller of a `given` predicate): created empty, then all re-derived in full, round after
        round, until a round changes nothing.  Re-deriving in full (not only adding rows) keeps
        `not` and counts right: when no single row depends on itself, as in any stratified
        program, every row is settled after as many rounds as the longest chain below it."""
        self.folding = False   # an extreme_table made inside the loop would be read stale
        for pred in preds:  # types first: start untyped and repeat until nothing changes
            arity = len(rules_by_head[pred][0].head.args)
            self.preds[pred] = PredInfo(pred, table_name(pred), [None] * arity, True)
        for _ in range(len(preds) + 2):
            before = {p: list(self.preds[p].types) for p in preds}
            for pred in preds:
                _, types = self._selects(pred, rules_by_head[pred], True, lenient=True)
                self.preds[pred].types = [t or b for t, b in zip(types, before[pred])]
            if before == {p: self.preds[p].types for p in preds}:
                break
        creates, inserts = [], []
        for pred in preds:
            info = self.preds[pred]
            columns = ["cid INTEGER"] + [f"c{i} {t or STR}" for i, t in enumerate(info.types)]
            creates.append(f"CREATE OR REPLACE TEMP TABLE {info.table} ({', '.join(columns)})")
        for pred in preds:
            info = self.preds[pred]
            selects, _ = self._selects(pred, rules_by_head[pred], True)
            body = _union(selects) if selects else f"SELECT * FROM {info.table} WHERE FALSE"
            cast = ", ".join(["cid::INTEGER AS cid"] + [f"c{i}::{t or STR} AS c{i}" for i, t in enumerate(info.types)])
            inserts.append((info.table, f"SELECT {cast} FROM ({body})"))
        self.folding = True
        return Step(preds, creates, inserts)

    def _needed(self, rules_by_head: dict[str, list[ir.AnyRule]]) -> set[str]:
        needed, todo = set(), list(self.targets)
        while todo:
            pred = todo.pop()
            if pred in needed:
                continue
            needed.add(pred)
            for rule in rules_by_head.get(pred, []):
                todo.extend(l.pred for l in rule.body if isinstance(l, ir.Lit))
        return needed

    def _is_per_case(self, rule: ir.AnyRule) -> bool:
        for lit in rule.body:
            if isinstance(lit, ir.Lit):
                if lit.pred in ("window_index", "pauses"):
                    return True
                info = self.preds.get(lit.pred)
                if info is not None and info.per_case:
                    return True
        return False

    def _selects(self, pred: str, rules: list[ir.AnyRule], per_case: bool,
                 lenient: bool = False) -> tuple[list[tuple[str, bool]], list[str | None]]:
        arity = len(rules[0].head.args) if rules else self.arity.get(pred, 0)
        selects, types = [], [None] * arity
        for rule in rules:
            try:
                sql, rule_types = self._rule(rule, per_case)
                unique = rows_unique(rule, self.keys_of, self.distinct)
            except BulkUnsupported:
                if lenient:  # a type not known yet inside a fixpoint: the next round has it
                    continue
                raise
            if sql is None:
                continue
            selects.append((sql, unique))
            for i, t in enumerate(rule_types):
                if t is None:
                    continue
                if {types[i], t} == {INT, DEC}:   # a whole number among decimals (a sum's 0): a decimal
                    types[i] = DEC
                    continue
                if types[i] is not None and types[i] != t:
                    raise BulkUnsupported(f"{pred}: argument {i + 1} holds both {types[i]} and {t}")
                types[i] = t
        return selects, types

    def _predicate(self, pred: str, rules: list[ir.AnyRule]) -> list[str]:
        """The statements deriving `pred`: none when it is another table under a new name."""
        arity = len(rules[0].head.args) if rules else self.arity.get(pred, 0)
        per_case = any(self._is_per_case(r) for r in rules)
        sources = self._copied_from(rules)
        if len(sources) == 1:  # `p(X, Y) :- q(X, Y)` and nothing else: p is q's table
            source = self.preds[sources[0]]
            self.preds[pred] = PredInfo(pred, source.table, list(source.types), source.per_case, keys=source.keys)
            return []
        split = [branch for rule in rules for branch in self._by_part(rule)]
        selects, found = self._selects(pred, split, per_case)
        types = [t or STR for t in found]
        info = PredInfo(pred, table_name(pred), found, per_case, keys=self._keys(rules, sources))
        self.preds[pred] = info
        columns = (["cid INTEGER"] if per_case else []) + [f"c{i} {t}" for i, t in enumerate(types)]
        if not selects:
            return [f"CREATE OR REPLACE TEMP TABLE {info.table} ({', '.join(columns)})"]
        names = (["cid"] if per_case else []) + [f"c{i}" for i in range(arity)]
        cast = ", ".join((["cid::INTEGER AS cid"] if per_case else []) +
                         [f"c{i}::{t} AS c{i}" for i, t in enumerate(types)])
        if sources and self._disjoint(sources):
            # The union of an obligation's partitions (demand.partition_by_constant): they hold
            # different obligations, so a view adds them up without copying or de-duplicating.
            info.table = view_name(pred)
            body = " UNION ALL ".join(f"SELECT * FROM {self.preds[s].table}" for s in sources)
            return [f"CREATE OR REPLACE TEMP VIEW {info.table} AS SELECT {cast} FROM ({body}) AS u({', '.join(names)})"]
        shared = self._shared(rules, per_case, types)
        if shared is not None:
            statements, view, info.through = shared
            info.table = view_name(pred)
            return [*statements, f"CREATE OR REPLACE TEMP VIEW {info.table} AS {view}"]
        apart = rules_apart(split, self.keys_of, self.rules_of)
        return [f"CREATE OR REPLACE TEMP TABLE {info.table} AS SELECT {cast} FROM ({_union(selects, apart)}) "
                f"AS u({', '.join(names)})"]

    def _shared(self, rules: list[ir.AnyRule], per_case: bool,
                types: list[str]) -> tuple[list[str], str, tuple[str, tuple]] | None:
        """One rule whose head names constants (`obligation_trigger('2c.7/on_sentence', T, D, S) if
        event(T, sentence, D) and event_sentence(T, S)`): a dozen obligations start from the same
        body.  That body is derived once, into a table shared by every rule written alike, and
        each predicate is a view adding its constants.  (statements to run first, the view's
        SELECT, PredInfo.through), or None for other rules."""
        if not (per_case and len(rules) == 1 and isinstance(rules[0], ir.Rule)):
            return None
        head = rules[0].head.args
        if not any(isinstance(a, ir.K) for a in head) or all(isinstance(a, ir.K) for a in head):
            return None
        kept = [a for a in head if not isinstance(a, ir.K)]
        body = ir.Rule(ir.Lit("shared__", tuple(kept)), rules[0].body)
        sql, _ = self._rule(body, per_case)
        if sql is None:
            return None
        unique = rows_unique(rules[0], self.keys_of, self.distinct)
        statements = []
        if (sql, unique) not in self.shared:
            table = self.shared[(sql, unique)] = f'"s_{len(self.shared)}"'
            statements.append(f"CREATE OR REPLACE TEMP TABLE {table} AS {_union([(sql, unique)])}")
        table = self.shared[(sql, unique)]
        columns, layout, kept_index = ["cid::INTEGER AS cid"], [], 0
        for i, (arg, sql_type) in enumerate(zip(head, types)):
            if isinstance(arg, ir.K):
                columns.append(f"{sql_literal(arg.value)}::{sql_type} AS c{i}")
                layout.append(("constant", arg.value))
            else:
                columns.append(f"c{kept_index}::{sql_type} AS c{i}")
                layout.append(("column", kept_index))
                kept_index += 1
        return statements, f"SELECT {', '.join(columns)} FROM {table}", (table, tuple(layout))

    def _by_part(self, rule: ir.AnyRule) -> list[ir.AnyRule]:
        """A rule reading a small union of partitions (`window_met(O, T, K) if
        schedule_window_applies(O, T, K, ...) and ... count_1_total(O, T, K, N)`) as one rule per
        partition, its constant put for O throughout: each joins its own partition's rows without
        comparing names, keeps that partition's keys (a 2c.16 schedule's windows are unique by
        trigger and index, a DRR's only with their end), and the rules are apart by the constant."""
        lit = next((l for l in rule.body if isinstance(l, ir.Lit) and not l.negated and l.args
                    and isinstance(l.args[0], ir.V) and len(self.parts.get(l.pred, ())) <= MAX_PARTS
                    and l.pred in self.parts), None)
        # An aggregate splits by partition only when the partition's variable is one of its groups:
        # otherwise each branch would add up (or count) a share of a group, and the union hold
        # several totals for it.
        if lit is None or (isinstance(rule, ir.CountRule) and lit.args[0] not in rule.group):
            return [rule]
        branches = []
        for value in self.parts[lit.pred]:
            values = {lit.args[0].name: ir.K(value)}
            body: list[ir.Literal] | None = []
            for literal in (ir.substitute_literal(l, values) for l in rule.body):
                if isinstance(literal, ir.Lit) and literal.pred in self.parts and literal.args \
                        and isinstance(literal.args[0], ir.K):
                    part = self.parts[literal.pred].get(literal.args[0].value)
                    if part is None and literal.negated:
                        continue      # not <a partition with no rules>: always true
                    if part is None:  # a partition with no rules: no rows
                        body = None
                        break
                    literal = replace(literal, pred=part)
                body.append(literal)
            if body is None:
                continue
            if isinstance(rule, ir.CountRule):
                branches.append(replace(rule, group=tuple(ir.substitute(g, values) for g in rule.group),
                                        body=tuple(body)))
            else:
                branches.append(ir.Rule(ir.substitute_literal(rule.head, values), tuple(body), rule.origin))
        return branches

    def keys_of(self, pred: str) -> tuple[frozenset[int], ...]:
        info = self.preds.get(pred)
        return info.keys if info is not None else ()

    def distinct(self, pred: str) -> bool:
        info = self.preds.get(pred)
        return info is not None and info.distinct

    def _keys(self, rules: list[ir.AnyRule], sources: list[str]) -> tuple[frozenset[int], ...]:
        if len(rules) == 1:
            return rule_keys(rules[0], self.keys_of)
        if sources and self._disjoint(sources):  # a key of every part, with the part's constant
            parts = [self.preds[s].keys for s in sources]
            common = [key for key in sorted({k for keys in parts for k in keys}, key=len)
                      if all(any(k <= key for k in keys) for keys in parts)]
            common = [key for i, key in enumerate(common) if not any(k < key for k in common[:i])]
            return tuple(key | {0} for key in common)
        return union_keys(rules, self.keys_of, self.rules_of)

    def rules_of(self, pred: str) -> list[ir.AnyRule]:
        return self.rules_by_head.get(pred, [])

    def _copied_from(self, rules: list[ir.AnyRule]) -> list[str]:
        """The derived predicates `rules` only copy whole (`p(X, Y) :- q(X, Y)`), when that is all
        they do and every one of them is alike in being per case or not; else []."""
        sources = []
        for rule in rules:
            body = rule.body
            if not (isinstance(rule, ir.Rule) and len(body) == 1 and isinstance(body[0], ir.Lit)
                    and not body[0].negated and body[0].args == rule.head.args
                    and all(isinstance(a, ir.V) for a in body[0].args)
                    and len({a.name for a in body[0].args}) == len(body[0].args)):
                return []
            info = self.preds.get(body[0].pred)
            if info is None or info.base or body[0].pred in ENGINE_GENERATORS:
                return []
            if self.rules_by_head.get(body[0].pred):  # no rules: an empty table adds nothing
                sources.append(body[0].pred)
        if not sources:
            return []
        infos = [self.preds[s] for s in sources]
        if len({i.per_case for i in infos}) != 1:
            return []
        by_table = {self.preds[s].table: s for s in sources}  # two names for one table: one copy
        return list(by_table.values())

    def _disjoint(self, preds: list[str]) -> bool:
        """Whether no two of `preds` can hold the same row: each one's rules all name one
        constant first argument, and no two name the same."""
        seen = set()
        for pred in preds:
            rules = self.rules_by_head.get(pred, [])
            value = _one_constant(rules)
            if not rules or value is None or value in seen:
                return False
            seen.add(value)
        return True

    def _rule(self, rule: ir.AnyRule, per_case: bool) -> tuple[str | None, list[str | None]]:
        """A rule that counts active days (`pauses`) is compiled twice: for the cases with no
        pause of the kinds it uses, as plain date arithmetic, and for the others with the shift
        over their pauses (bulk_calendar._shift_paused), which then runs only for their rows; the
        two halves hold different cases, so together they are the rule."""
        if not (isinstance(rule, ir.Rule) and any(isinstance(l, ir.Lit) and l.pred == "pauses" for l in rule.body)):
            return self._rule_once(rule, per_case)
        plain, plain_types = self._rule_once(rule, per_case, paused=False)
        paused, paused_types = self._rule_once(rule, per_case, paused=True)
        types = [a or b for a, b in zip(plain_types, paused_types)]
        if plain is None or paused is None:
            return plain or paused, types
        return f"{plain} UNION ALL {paused}", types

    def _rule_once(self, rule: ir.AnyRule, per_case: bool,
                   paused: bool | None = None) -> tuple[str | None, list[str | None]]:
        state = _RuleSql(self, per_case, paused=paused)
        body = rule.body
        state.name_event_kinds(body)
        extremes = self._extremes(rule)
        try:
            for index, lit in enumerate(body):
                if index in extremes:
                    state.extreme(lit, *extremes[index])
                    continue
                state.literal(lit, body[index + 1:])
        except _NeverMatches:
            return None, [None] * (len(rule.group) + 1 if isinstance(rule, ir.CountRule) else len(rule.head.args))
        if per_case:
            state.require_key()
        if paused is False:
            state.where.extend(f"{column} IS NULL" for column in state.pause_columns)
        elif paused and state.pause_columns:
            state.where.append(f"NOT ({' AND '.join(f'{c} IS NULL' for c in state.pause_columns)})")
        froms = ", ".join(state.froms) if state.froms else None
        where = " AND ".join(state.where) if state.where else "TRUE"
        key = [f"{state.key} AS cid"] if per_case else []
        if isinstance(rule, ir.CountRule):
            group = [state.term(g) for g in rule.group]
            counted = state.term(rule.counted)[0]
            group_sql = [g[0] for g in group]
            keys = ([state.key] if per_case else []) + group_sql
            # each (group, counted value) once already: no de-duplicating (see keys.py)
            once = rows_unique(ir.Rule(ir.Lit("counted__", (*rule.group, rule.counted)), rule.body),
                               self.keys_of, self.distinct)
            if rule.summed is None:
                inner = (f"SELECT {', '.join(key + [f'{g} AS g{i}' for i, g in enumerate(group_sql)])}, "
                         f"{'COUNT(*)' if once else f'COUNT(DISTINCT {counted})'} AS n FROM {froms} WHERE {where} "
                         f"GROUP BY {', '.join(keys)}")
            else:
                summed, summed_type = state.term(rule.summed)
                pairs = (f"SELECT {'' if once else 'DISTINCT '}{', '.join(key + [f'{g} AS g{i}' for i, g in enumerate(group_sql)])}, "
                         f"{counted} AS e, {summed} AS s FROM {froms} WHERE {where}")
                outer = (["cid"] if per_case else []) + [f"g{i}" for i in range(len(group_sql))]
                function = {"sum": "SUM", "min": "MIN", "max": "MAX"}[rule.aggregate]
                total = f"CAST({function}(s) AS {DEC})" if summed_type == DEC else f"{function}(s)"
                inner = f"SELECT {', '.join(outer)}, {total} AS n FROM ({pairs}) GROUP BY {', '.join(outer)}"
                return inner, [g[1] for g in group] + [summed_type if rule.aggregate != "sum" else
                                                       (DEC if summed_type == DEC else INT)]
            return inner, [g[1] for g in group] + [INT]
        if state.late:
            return self._shifted_once(rule, state, froms, where)
        head = [state.term(a) for a in rule.head.args]
        select = ", ".join(key + [f"{sql} AS c{i}" for i, (sql, _) in enumerate(head)]) or "1"
        sql = f"SELECT {select}" + (f" FROM {froms}" if froms else "") + f" WHERE {where}"
        return sql, [t for _, t in head]

    @staticmethod
    def _shifted_once(rule: ir.Rule, state: _RuleSql, froms: str | None,
                      where: str) -> tuple[str, list[str | None]]:
        """A schedule's windows: each window's shifted first and last day is computed once per
        row in a materialised step, and the comparisons on them are made after.  Inline, DuckDB
        computes the shift again for every comparison naming it, which for the cases with pauses
        is a Python function (50,000 cases: the tier 4 weekly windows' 0.43 s -> 0.16 s for the
        cases with pauses, 0.45 s -> 0.25 s for the others)."""
        names = list(dict.fromkeys([*(v for a in rule.head.args for v in ir.term_vars(a)),
                                    *(v for c in state.late for v in ir.literal_vars(c))]))
        inner = ([f"{state.key} AS cid"] if state.per_case else []) + \
            [f"{state.vars[n].sql} AS v{i}" for i, n in enumerate(names)]
        state.vars = {n: _Var(f"v{i}", state.vars[n].type) for i, n in enumerate(names)}
        head = [state.term(a) for a in rule.head.args]
        select = ", ".join((["cid"] if state.per_case else []) + [f"{sql} AS c{i}" for i, (sql, _) in enumerate(head)])
        sql = (f"SELECT * FROM (WITH shifted AS MATERIALIZED (SELECT {', '.join(inner)}"
               + (f" FROM {froms}" if froms else "") + f" WHERE {where}) SELECT {select} FROM shifted "
               f"WHERE {' AND '.join(state.comparison(c) for c in state.late)})")
        return sql, [t for _, t in head]


def _any_from_counts(rules: list[ir.AnyRule]) -> list[ir.AnyRule]:
    """`count_k_any(G)` (lower.Lowering.count) has the body of the count `count_k(G, N)`, whose
    rows are exactly the groups with a match: read from the count, it is not derived twice (and
    keys.py sees that `count_k_total`'s two rules never give the same group)."""
    counts = {(r.body, r.group): r.pred for r in rules if isinstance(r, ir.CountRule)}
    out = []
    for rule in rules:
        count = counts.get((rule.body, rule.head.args)) if isinstance(rule, ir.Rule) else None
        if count is not None and all(isinstance(a, ir.V) for a in rule.head.args):
            rule = ir.Rule(rule.head, (ir.Lit(count, (*rule.head.args, ir.V("Count__"))),), rule.origin)
        out.append(rule)
    return out


def _event_positions(rules_by_head: dict[str, list[ir.AnyRule]]) -> dict[str, frozenset[int]]:
    """predicate -> the argument positions that only ever hold the id of a known event: in every
    rule, the head's variable there is bound by a positive `event(E, ...)` (E first) or by a
    positive literal of such a position.  Found from the top down (every position of every derived
    predicate assumed, then the ones a rule does not bind so struck out until none is): a row is
    derived from rows derived before it, so by induction on how it was derived each such position
    holds an event the as-of views know."""
    found: dict[str, set[int]] = {}
    for pred, rules in rules_by_head.items():
        arity = len(rules[0].group) if isinstance(rules[0], ir.CountRule) else len(rules[0].head.args)
        found[pred] = set(range(arity))   # a count's N (the last head place) is never an id
    changed = True
    while changed:
        changed = False
        for pred, rules in rules_by_head.items():
            for rule in rules:
                head = rule.group if isinstance(rule, ir.CountRule) else rule.head.args
                events = {lit.args[0].name for lit in rule.body if isinstance(lit, ir.Lit) and not lit.negated
                          and lit.pred == "event" and lit.args and isinstance(lit.args[0], ir.V)}
                events |= {lit.args[i].name for lit in rule.body if isinstance(lit, ir.Lit) and not lit.negated
                           for i in found.get(lit.pred, ()) if isinstance(lit.args[i], ir.V)}
                for index in list(found[pred]):
                    if not (isinstance(head[index], ir.V) and head[index].name in events):
                        found[pred].discard(index)
                        changed = True
    return {pred: frozenset(positions) for pred, positions in found.items() if positions}


def _one_constant(rules: list[ir.AnyRule]) -> object | None:
    """The constant first argument every one of the rules names, or None (no such constant)."""
    firsts = {r.head.args[0] if isinstance(r, ir.Rule) and r.head.args else None for r in rules}
    if len(firsts) != 1:
        return None
    (first,) = firsts
    return first.value if isinstance(first, ir.K) else None


MAX_PARTS = 16   # rules are split over the partitions of a schedule, not of every obligation


def _partitions(rules_by_head: dict[str, list[ir.AnyRule]]) -> dict[str, dict[object, str]]:
    """The unions demand.partition_by_constant made: predicate -> {constant: partition}, for the
    partitions that have rules (the others hold nothing)."""
    found: dict[str, dict[object, str]] = {}
    for pred, rules in rules_by_head.items():
        parts: dict[object, str] = {}
        for rule in rules:
            body = rule.body
            if not (isinstance(rule, ir.Rule) and len(body) == 1 and isinstance(body[0], ir.Lit)
                    and not body[0].negated and body[0].args == rule.head.args
                    and body[0].pred.startswith(f"{pred}__")):
                break
            defining = rules_by_head.get(body[0].pred, [])
            if not defining:
                continue
            value = _one_constant(defining)
            if value is None:
                break
            parts[value] = body[0].pred
        else:
            if parts:
                found[pred] = parts
    return found


def _inline_negated_projections(rules: list[ir.AnyRule], targets: set[str]) -> list[ir.AnyRule]:
    """`not has_allocated_tier_at(D)`, where `has_allocated_tier_at(D) :- allocated_tier_at(D, T)`
    is its one rule, becomes `not allocated_tier_at(D, Any__)`: the same test, without deriving
    (and de-duplicating) the projection, which is then not derived at all if nothing else reads it.
    Positive readers keep the projection: joining the wider table could repeat their rows."""
    by_head: dict[str, list[ir.AnyRule]] = {}
    for rule in rules:
        by_head.setdefault(rule.head.pred, []).append(rule)
    inline: dict[str, ir.Rule] = {}
    for pred, defining in by_head.items():
        if pred in targets or len(defining) != 1 or not isinstance(defining[0], ir.Rule) \
                or len(defining[0].body) != 1:
            continue
        rule = defining[0]
        (inner,) = rule.body
        if not isinstance(inner, ir.Lit) or inner.negated or inner.pred in (pred, *ENGINE_GENERATORS):
            continue
        names = [a.name for a in inner.args if isinstance(a, ir.V)]
        heads = [a.name for a in rule.head.args if isinstance(a, ir.V)]
        if len(names) == len(set(names)) == len(inner.args) and len(heads) == len(set(heads)) \
                == len(rule.head.args) and set(heads) <= set(names):
            inline[pred] = rule
    if not inline:
        return rules
    fresh = itertools.count()

    def replaced(lit: ir.Literal) -> ir.Literal:
        if not (isinstance(lit, ir.Lit) and lit.negated and lit.pred in inline):
            return lit
        rule = inline[lit.pred]
        given = {a.name: value for a, value in zip(rule.head.args, lit.args)}
        args = tuple(given[a.name] if a.name in given else ir.V(f"{ir.WILDCARD}{next(fresh)}") for a in rule.body[0].args)
        return ir.Lit(rule.body[0].pred, args, negated=True)

    return [replace(rule, body=tuple(replaced(l) for l in rule.body)) for rule in rules]


def _union(selects: list[tuple[str, bool]], apart: bool = False) -> str:
    """One predicate's rules together, each row once: (SQL, whether its rows are unique already;
    see keys.py), and whether no two rules can give the same row.  The same SELECT twice (two
    rules alike once renamed) runs once."""
    selects = list(dict.fromkeys(selects))
    if len(selects) == 1:
        sql, unique = selects[0]
        return sql if unique else f"SELECT DISTINCT * FROM ({sql})"
    if apart:  # each rule's own rows once; no row in two rules
        return " UNION ALL ".join(f"SELECT {'' if unique else 'DISTINCT '}* FROM ({sql})" for sql, unique in selects)
    return " UNION ".join(f"SELECT * FROM ({sql})" for sql, _ in selects)


def compile_program(program: ir.Program, stored_types: dict[tuple[str, int], str] | None = None,
                    targets: tuple[str, ...] = REPORTED) -> SqlProgram:
    """`stored_types`: the SQL type of each untyped fact column, as the stored caseload holds it;
    `targets`: the predicates asked for (a stand-alone file's results)."""
    compiler = SqlCompiler(program, targets, stored_types=stored_types)
    sql = compiler.compile()
    sql.reported = targets
    kept = {sql.preds[p].table for p in sql.reported}
    sql.steps = skip_unread(sql.steps, kept)
    fused = fuse_read_once(sql.steps, kept)
    for info in sql.preds.values():
        info.table = fused.get(info.table, info.table)
    plan_drops(sql.steps, kept)
    _guard(sql, compiler.guards)
    return sql


def _guards_first(condensed: nx.DiGraph, guards: dict[str, frozenset[str]]) -> None:
    """Order each step after the demands that guard it, where it does not feed them itself: a
    step can only be skipped once its guard has been made and found empty."""
    component = {m: c for c in condensed for m in condensed.nodes[c]["members"]}
    added, ancestors = [], {}
    for node in condensed:
        members = condensed.nodes[node]["members"]
        for guard in frozenset.intersection(*(guards.get(m, frozenset()) for m in members)):
            made = component.get(guard)
            if made is None or made == node:
                continue
            if made not in ancestors:
                ancestors[made] = nx.ancestors(condensed, made)
            if node not in ancestors[made]:
                added.append((made, node))
    condensed.add_edges_from(added)
    if not nx.is_directed_acyclic_graph(condensed):   # two guards each fed by what the other guards
        condensed.remove_edges_from(added)


def _guard(sql: SqlProgram, guards: dict[str, frozenset[str]]) -> None:
    """Each plain step's guards (sql_guards.needed_only_with, of all its predicates): the tables
    of those demands made by an earlier plain step (a fixpoint's may still change); the statements
    it runs when one is found empty; and the checks that find it so."""
    made: dict[str, int] = {}   # tables only: finding a view empty would run its query once more
    for index, step in enumerate(sql.steps):
        if not step.repeat:
            made.update((sql.preds[p].table, index) for p in step.preds
                        if p in sql.preds and sql.preds[p].table.startswith('"d_'))
    for index, step in enumerate(sql.steps):
        if step.repeat:
            continue
        demands = frozenset.intersection(*(guards.get(p, frozenset()) for p in step.preds))
        step.guards = sorted({table for d in demands if d in sql.preds
                              and made.get(table := sql.preds[d].table, index) < index})
        if step.guards:
            own = {sql.preds[p].table for p in step.preds if p in sql.preds}
            step.unneeded = [emptied(text, own) for text in step.statements]
            for table in step.guards:
                if table not in sql.steps[made[table]].checks:
                    sql.steps[made[table]].checks.append(table)
