"""One case evaluated bottom-up in plain Python, from the same IR as pyDatalog and SQL.

pyDatalog is the reference, and `nsr why` keeps using it (its explanations re-run rule bodies
through it); but building its knowledge base and resolving every standard top-down took about
a second a case.  This evaluator derives the same tables as the SQL backend (`sql.py`), in the
same order, over one case's facts held as sets of tuples: `given` rules run on demand rules
(`demand.py`), predicates that depend on each other are re-derived until a round changes
nothing, `not` needs every argument bound, and counts count distinct values per group.

Rules are planned once per program (which variables each literal binds, and on which argument
positions it looks rows up); each case then costs a few joins per rule on small indexes.  A
lookup followed by comparisons on the variable it binds (`EventDate >= WindowStart and
EventDate < WindowEnd`) reads only the slice of its rows, sorted on that variable, between the
bounds.
"""
from __future__ import annotations

import operator
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import compress, repeat

import networkx as nx

from ..runtime.builtins import BUILTINS
from ..compiler import ir
from .demand import demand_rules, demanded_positions, given_positions, partition_by_constant
from .sql import REPORTED

# A binding is a tuple: the values of a rule's variables in the order its plan binds them, so a
# join extends it by concatenation and a variable is read by a C-level itemgetter (dicts copied
# per row cost about half of each case's evaluation).
Env = tuple
Getter = Callable[[Env], object]
Slots = dict[str, int]     # variable -> its place in the binding

_OPS = {"+": operator.add, "-": operator.sub, "*": operator.mul, "//": operator.floordiv}
_CMP = {"==": operator.eq, "!=": operator.ne, "<": operator.lt, "<=": operator.le,
        ">": operator.gt, ">=": operator.ge}


# What evaluate asks for with no argument bound; any other predicate may be derived only for the
# values its callers bind (demand.demanded_positions).
TARGETS = {*REPORTED, "report", "conditional_applies"}


class PlainUnsupported(Exception):
    """A rule this evaluator cannot run as written (e.g. `not` over an unbound variable)."""


def _constant(value: object) -> Getter:
    return lambda env: value


def _getter(term: ir.Term, slots: Slots) -> Getter:
    if isinstance(term, ir.V):
        if term.name not in slots:
            raise PlainUnsupported(f"variable {term.name} is used before it is bound")
        return operator.itemgetter(slots[term.name])
    if isinstance(term, ir.K):
        return _constant(term.value)
    if isinstance(term, ir.Op):
        left, right, op = _getter(term.left, slots), _getter(term.right, slots), _OPS[term.op]
        return lambda env: op(left(env), right(env))
    if isinstance(term, ir.Fn):
        function = BUILTINS[term.name][0]
        args = [_getter(a, slots) for a in term.args]
        if len(args) == 2:
            a, b = args
            return lambda env: function(a(env), b(env))
        if len(args) == 3:
            a, b, c = args
            return lambda env: function(a(env), b(env), c(env))
        if len(args) == 4:
            a, b, c, d = args
            return lambda env: function(a(env), b(env), c(env), d(env))
        return lambda env: function(*[a(env) for a in args])
    raise PlainUnsupported(f"term {term!r}")


def _tuple_of(terms: Iterable[ir.Term], slots: Slots) -> Callable[[Env], tuple]:
    """Binding -> the tuple of the terms' values (a lookup key, a head row, a group): an
    itemgetter when every term is a variable, constants in front added to it."""
    terms = tuple(terms)
    if all(isinstance(t, ir.K) for t in terms):
        values = tuple(t.value for t in terms)
        return lambda env: values
    lead = 0
    while isinstance(terms[lead], ir.K):
        lead += 1
    prefix, rest = tuple(t.value for t in terms[:lead]), terms[lead:]
    if all(isinstance(t, ir.V) and t.name in slots for t in rest):
        places = [slots[t.name] for t in rest]
        if len(places) == 1:
            (place,) = places
            return (lambda env: prefix + (env[place],)) if prefix else (lambda env: (env[place],))
        get = operator.itemgetter(*places)
        return (lambda env: prefix + get(env)) if prefix else get
    getters = [_getter(t, slots) for t in terms]
    return lambda env: tuple([g(env) for g in getters])


def _values(term: ir.Term, slots: Slots) -> Callable[[list[Env]], Iterable]:
    """Bindings -> the term's value in each, as an iterator (C-level for a variable or a constant)."""
    if isinstance(term, ir.K):
        value = term.value
        return lambda envs: repeat(value, len(envs))
    get = _getter(term, slots)
    return lambda envs: map(get, envs)


class _Step:
    """One body literal, planned: how it narrows or extends the bindings."""
    __slots__ = ("kind", "pred", "positions", "key", "extend", "first", "width", "repeats", "value",
                 "filter", "ranged", "lows", "highs")

    def __init__(self, kind: str, pred: str = ""):
        self.kind = kind                            # "join", "absent", "bind", "test"
        self.pred = pred
        self.positions: tuple[int, ...] = ()        # argument positions looked up (join)
        self.key: Callable[[Env], object] = lambda env: ()   # the lookup key (a value when one position)
        self.extend: Callable[[tuple], tuple] | None = None  # join: a row -> the new variables' values
        self.first = 0                              # join: the position of its one new variable
        self.width = 0                              # join: how many new variables
        self.repeats: list[tuple[int, int]] = []    # same new variable twice
        self.value: Getter | None = None            # bind
        self.filter: Callable[[list[Env]], list[Env]] | None = None   # test
        # join: the output position that following comparisons bound, with (value, inclusive) getters
        self.ranged: int | None = None
        self.lows: list[tuple[Getter, bool]] = []
        self.highs: list[tuple[Getter, bool]] = []


def _ready(lit: ir.Literal, bound: set[str]) -> bool:
    """Whether a literal can run now: a test once its variables are bound, `X == e` once e's are."""
    if isinstance(lit, ir.Lit):
        if lit.negated:
            return all(v in bound for a in lit.args for v in ir.term_vars(a))
        return all(v in bound for a in lit.args if not isinstance(a, ir.V) for v in ir.term_vars(a))
    if isinstance(lit, ir.Cmp) and lit.op == "==" and isinstance(lit.left, ir.V) and lit.left.name not in bound:
        return all(v in bound for v in ir.term_vars(lit.right))
    return all(v in bound for v in ir.literal_vars(lit))


def _order(body: tuple[ir.Literal, ...]) -> list[ir.Literal]:
    """A join order: every test as soon as it can run, else the lookup with the most arguments
    already known (earliest first on a tie).  Positive literals commute, and a test waits for
    its variables, so the answers are those of the written order; only the work changes (a
    rule written `event(T, K, TD) and event(E, contact, D) and ...` no longer starts from
    every pair of events)."""
    remaining, ordered, bound = list(body), [], set()
    while remaining:
        ready = [l for l in remaining if _ready(l, bound)]
        if not ready:
            raise PlainUnsupported(f"no literal of {', '.join(map(str, remaining))} can run")
        tests = [l for l in ready if not (isinstance(l, ir.Lit) and not l.negated)]
        if tests:
            chosen = tests[0]
        else:
            def known(lit: ir.Lit) -> int:
                return sum(1 for a in lit.args if not isinstance(a, ir.V) or a.name in bound)
            chosen = max(ready, key=known)   # max keeps the first of equals
        remaining.remove(chosen)
        ordered.append(chosen)
        if isinstance(chosen, ir.Lit) and not chosen.negated:
            bound.update(a.name for a in chosen.args if isinstance(a, ir.V))
        elif isinstance(chosen, ir.Cmp) and chosen.op == "==" and isinstance(chosen.left, ir.V):
            bound.add(chosen.left.name)
    return ordered


_LOWER = {">": False, ">=": True}
_UPPER = {"<": False, "<=": True}
_FLIP = {"<": ">", "<=": ">=", ">": "<", ">=": "<="}


def _range_bound(steps: list[_Step], lit: ir.Cmp, outputs: dict[str, int], before: Slots) -> None:
    """A comparison right after a join, between a variable the join binds and a value known
    before it (`EventDate >= WindowStart`), also narrows that join to a slice of its rows
    sorted on that variable.  The comparison still runs: the slice only saves work.
    `outputs`: the variables the last join bound -> their argument positions."""
    join = next((s for s in reversed(steps) if s.kind != "test"), None)
    if join is None or join.kind != "join":
        return
    for var, other, op in ((lit.left, lit.right, lit.op), (lit.right, lit.left, _FLIP.get(lit.op, lit.op))):
        if isinstance(var, ir.V) and var.name in outputs and set(ir.term_vars(other)) <= set(before) \
                and op in {**_LOWER, **_UPPER} and join.ranged in (None, outputs[var.name]):
            join.ranged = outputs[var.name]
            bounds = join.lows if op in _LOWER else join.highs
            bounds.append((_getter(other, before), {**_LOWER, **_UPPER}[op]))
            return


def _test(lit: ir.Cmp | ir.In, slots: Slots) -> Callable[[list[Env]], list[Env]]:
    """Bindings -> those that pass a comparison or an `in` (compress over maps: no Python call per
    binding when the sides are variables or constants)."""
    if isinstance(lit, ir.In):
        term, values = _values(lit.term, slots), frozenset(lit.values)
        return lambda envs: list(compress(envs, map(values.__contains__, term(envs))))
    left, right, op = _values(lit.left, slots), _values(lit.right, slots), _CMP[lit.op]
    return lambda envs: list(compress(envs, map(op, left(envs), right(envs))))


def _plan(body: tuple[ir.Literal, ...]) -> tuple[list[_Step], Slots]:
    steps: list[_Step] = []
    slots: Slots = {}
    before_join: Slots = {}             # what was bound before the last join
    last_outputs: dict[str, int] = {}   # what the last join bound: variable -> argument position
    for lit in _order(body):
        if isinstance(lit, ir.Lit):
            step = _Step("absent" if lit.negated else "join", lit.pred)
            if lit.negated:
                if any(v not in slots for a in lit.args for v in ir.term_vars(a)):
                    raise PlainUnsupported(f"variable unbound in 'not {lit}'")
                step.key = _tuple_of(lit.args, slots)   # a whole row of the table
                steps.append(step)
                continue
            positions, new = [], {}
            for index, arg in enumerate(lit.args):
                if isinstance(arg, ir.V) and arg.name not in slots:
                    if arg.name in new:
                        step.repeats.append((new[arg.name], index))
                    else:
                        new[arg.name] = index
                else:
                    positions.append(index)
            step.positions = tuple(positions)
            keys = [lit.args[i] for i in positions]
            step.key = _getter(keys[0], slots) if len(keys) == 1 else _tuple_of(keys, slots)
            step.width = len(new)
            if len(new) >= 2:
                step.extend = operator.itemgetter(*new.values())
            elif new:
                (step.first,) = new.values()
            before_join, last_outputs = dict(slots), dict(new)
            for name in new:
                slots[name] = len(slots)
            steps.append(step)
        elif isinstance(lit, ir.Cmp) and lit.op == "==" and isinstance(lit.left, ir.V) and lit.left.name not in slots:
            step = _Step("bind")
            step.value = _getter(lit.right, slots)
            slots[lit.left.name] = len(slots)
            steps.append(step)
        elif isinstance(lit, (ir.Cmp, ir.In)):
            step = _Step("test")
            step.filter = _test(lit, slots)
            if isinstance(lit, ir.Cmp):
                _range_bound(steps, lit, last_outputs, before_join)
            steps.append(step)
        else:
            raise PlainUnsupported(f"literal {lit!r}")
    return steps, slots


# What an aggregate makes of one group's distinct (counted, value) pairs (or counted values).
_AGGREGATES: dict[str, Callable[[set], object]] = {
    "count": len,
    "sum": lambda pairs: sum(value for _, value in pairs),
    "min": lambda pairs: min(value for _, value in pairs),
    "max": lambda pairs: max(value for _, value in pairs),
}


@dataclass
class _PlannedRule:
    head: str
    steps: list[_Step]
    group: Callable[[Env], tuple] | None = None              # count rules
    counted: Getter | None = None
    summed: Getter | None = None
    is_count: bool = False
    aggregate: str = "count"
    row: Callable[[Env], tuple] | None = None                  # the head row of a binding

    def __post_init__(self) -> None:
        # the tables it joins: when one is empty the rule derives nothing, whatever the order
        self.joins = tuple(dict.fromkeys(s.pred for s in self.steps if s.kind == "join"))


def _planned(rule: ir.AnyRule) -> _PlannedRule:
    steps, slots = _plan(rule.body)
    if isinstance(rule, ir.CountRule):
        return _PlannedRule(rule.pred, steps, group=_tuple_of(rule.group, slots),
                            counted=_getter(rule.counted, slots),
                            summed=_getter(rule.summed, slots) if rule.summed is not None else None,
                            is_count=True, aggregate=rule.aggregate)
    return _PlannedRule(rule.head.pred, steps, row=_tuple_of(rule.head.args, slots))


class PlainProgram:
    """A program's rules planned once: the demand form the SQL backend also runs, in order."""

    def __init__(self, program: ir.Program):
        self.program = program
        base = partition_by_constant(program.rules)
        given = given_positions(base)
        # A stand-alone file's every predicate may be asked for (results and their breakdowns).
        alone = getattr(program, "stands_alone", False)   # tests plan bare rule lists too
        targets = {r.head.pred for r in base} if alone else TARGETS
        demanded = demanded_positions(base, targets, given)
        rules = demand_rules(base, demanded, given)
        self.given = {**given, **demanded}   # what a query must bind
        self.rules: dict[str, list[_PlannedRule]] = {}
        graph = nx.DiGraph()
        for rule in rules:
            head = rule.head.pred
            self.rules.setdefault(head, []).append(_planned(rule))
            graph.add_node(head)
            for lit in rule.body:
                if isinstance(lit, ir.Lit):
                    graph.add_edge(lit.pred, head)
        self.graph = graph
        condensed = nx.condensation(graph)
        self.order: list[tuple[list[str], bool]] = []   # components, dependencies first; cyclic?
        self.component: dict[str, int] = {}
        for node in nx.lexicographical_topological_sort(condensed, key=lambda c: min(condensed.nodes[c]["members"])):
            members = sorted(p for p in condensed.nodes[node]["members"] if p in self.rules)
            if members:
                for pred in members:
                    self.component[pred] = len(self.order)
                self.order.append((members, len(members) > 1 or graph.has_edge(members[0], members[0])))
        self._needed: dict[tuple[str, ...], list[int]] = {}
        self._query_needed: dict[str, list[int]] = {}
        # Two properties that flow along the rules, worked out component by component: whether
        # a case fact reaches a predicate (if not, it is the same for every case: derived once
        # here), and whether a demand does (what a query's own demand can change).
        from ..language.predicates import CASE_FACTS, ENGINE_FACTS
        inputs = set(CASE_FACTS) | set(ENGINE_FACTS) | {declared.name for declared in getattr(program, "inputs", ())}
        from_input: set[str] = set()
        self.on_demand: set[str] = set()
        for node in nx.topological_sort(condensed):
            members = condensed.nodes[node]["members"]
            before = {p for m in members for p in graph.predecessors(m)} | set(members)
            if any(p in inputs or p in from_input for p in before):
                from_input |= members
            if any(p.startswith("demand_") or p in self.on_demand for p in before):
                self.on_demand |= members
        self.on_demand_components = {self.component[p] for p in self.on_demand if p in self.component}
        self.static_components = {index for index, (members, _) in enumerate(self.order)
                                  if not any(m in from_input for m in members)}
        self.static_tables: dict[str, set[tuple]] = {}
        self.static_indexes: dict[str, dict] = {}
        shared = PlainCase(self, ())
        shared._done = set()
        for index in sorted(self.static_components):
            shared._component(index)
        self.static_tables = {p: shared.tables[p] for i in self.static_components for p in self.order[i][0]}
        self.static_indexes = shared._indexes   # lookups on static tables, shared by every case

    def needed_for_query(self, pred: str) -> list[int]:
        """The components a query of a `given` predicate needs: its demand is the query's own,
        so what its callers would demand (every obligation's prefix) is left out."""
        found = self._query_needed.get(pred)
        if found is None:
            demand = f"demand_{pred}"
            cut = nx.restricted_view(self.graph, [], list(self.graph.in_edges(demand)) if demand in self.graph else [])
            found = self._query_needed[pred] = sorted(
                {self.component[p] for p in nx.ancestors(cut, pred) | {pred} if p in self.component})
        return found

    def needed(self, targets: tuple[str, ...]) -> list[int]:
        """The components (in order) that the targets depend on."""
        found = self._needed.get(targets)
        if found is None:
            wanted: set[int] = set()
            for target in targets:
                if target in self.graph:
                    wanted.update(self.component[p] for p in nx.ancestors(self.graph, target) | {target}
                                  if p in self.component)
            found = self._needed[targets] = sorted(wanted)
        return found


class PlainCase:
    """One case's facts and what the rules derive from them, table by table, on request."""

    def __init__(self, compiled: PlainProgram, facts: Iterable[tuple[str, tuple]],
                 seeds: dict[str, set[tuple]] | None = None, seeds_only: set[str] = frozenset()):
        self.compiled = compiled
        self.seeds = seeds or {}        # rows a predicate holds besides what its rules derive
        self.seeds_only = seeds_only    # predicates that hold their seeds and nothing else
        self.tables: dict[str, set[tuple]] = dict(compiled.static_tables)
        for pred, args in facts:
            self.tables.setdefault(pred, set()).add(tuple(args))
        for pred, rows in self.seeds.items():
            self.tables[pred] = self.tables.get(pred, set()) | rows
        self._indexes: dict[str, dict[tuple[int, ...], dict[tuple, list[tuple]]]] = {}
        self._done: set[int] = set(compiled.static_components)

    # ------------------------------------------------------------- deriving
    def derive(self, targets: tuple[str, ...]) -> None:
        """Derive every table the targets depend on.  Most components are one predicate that
        does not depend on itself, and most of those derive nothing for a given case (a table
        they join is empty): that case is done here, without a call per component."""
        compiled, done, tables, seeds = self.compiled, self._done, self.tables, self.seeds
        order, rules = compiled.order, compiled.rules
        for index in compiled.needed(tuple(targets)):
            if index in done:
                continue
            members, cyclic = order[index]
            pred = members[0]
            if cyclic or pred in seeds:
                self._component(index)
                continue
            rows: set[tuple] = set()
            for rule in rules[pred]:
                for joined in rule.joins:
                    if not tables.get(joined):
                        break
                else:
                    self._add_rows(rule, rows)
            tables[pred] = rows
            self._indexes.pop(pred, None)
            done.add(index)

    def _component(self, index: int) -> None:
        members, cyclic = self.compiled.order[index]
        if cyclic:
            self._fixpoint(members)
        else:
            self._set(members[0], self._rules_of(members[0]))
        self._done.add(index)

    def _fixpoint(self, members: list[str]) -> None:
        """Re-derive every member in full until a round changes none (as sql._fixpoint)."""
        for pred in members:
            self._set(pred, set())
        for _ in range(200):
            changed = False
            for pred in members:
                rows = self._rules_of(pred)
                if rows != self.tables[pred]:
                    self._set(pred, rows)
                    changed = True
            if not changed:
                return
        raise RuntimeError(f"{', '.join(members)}: no fixpoint after 200 rounds")

    def _set(self, pred: str, rows: set[tuple]) -> None:
        self.tables[pred] = rows
        self._indexes.pop(pred, None)

    def _rules_of(self, pred: str) -> set[tuple]:
        rows: set[tuple] = set(self.seeds.get(pred, ()))
        tables = self.tables
        for rule in () if pred in self.seeds_only else self.compiled.rules.get(pred, []):
            for joined in rule.joins:
                if not tables.get(joined):
                    break
            else:
                self._add_rows(rule, rows)
        return rows

    def _add_rows(self, rule: _PlannedRule, rows: set[tuple]) -> None:
        """What one rule derives, added to rows."""
        envs = self._solve(rule.steps)
        if rule.is_count:
            groups: dict[tuple, set] = {}
            group, counted, summed = rule.group, rule.counted, rule.summed
            for env in envs:
                groups.setdefault(group(env), set()).add((counted(env), summed(env)) if summed else counted(env))
            for key, values in groups.items():
                rows.add((*key, _AGGREGATES[rule.aggregate](values)))
        else:
            rows.update(map(rule.row, envs))

    def _index(self, pred: str, positions: tuple[int, ...]) -> dict[object, list[tuple]]:
        """The table's rows by their values at positions (the value itself for one position)."""
        by_positions = self._indexes.get(pred)
        if by_positions is None:   # a static table's lookups are the program's, shared by every case
            compiled = self.compiled
            if pred in compiled.static_tables and self.tables.get(pred) is compiled.static_tables[pred]:
                by_positions = compiled.static_indexes.setdefault(pred, {})
            else:
                by_positions = {}
            self._indexes[pred] = by_positions
        found = by_positions.get(positions)
        if found is None:
            found = by_positions[positions] = {}
            rows = self.tables.get(pred, ())
            if not positions:
                if rows:
                    found[()] = list(rows)
            else:
                get = operator.itemgetter(*positions)
                for row in rows:
                    key = get(row)
                    entry = found.get(key)
                    if entry is None:
                        found[key] = [row]
                    else:
                        entry.append(row)
        return found

    def _sorted(self, pred: str, positions: tuple[int, ...], on: int) -> dict | None:
        """The lookup on positions, each entry's rows sorted on argument `on` (None when the
        values there do not sort: then the plain lookup is used)."""
        key = (positions, on)
        by_positions = self._indexes.setdefault(pred, {})
        if key not in by_positions:
            at = operator.itemgetter(on)
            try:
                by_positions[key] = {k: (list(map(at, rows)), rows) for k, rows in (
                    (k, sorted(rows, key=at)) for k, rows in self._index(pred, positions).items())}
            except TypeError:
                by_positions[key] = None
        return by_positions[key]

    def _solve(self, steps: list[_Step]) -> list[Env]:
        envs: list[Env] = [()]
        for step in steps:
            kind = step.kind
            if kind == "join":
                index = self._index(step.pred, step.positions)
                key, width, extend, repeats = step.key, step.width, step.extend, step.repeats
                ranges = self._sorted(step.pred, step.positions, step.ranged) if step.ranged is not None else None
                out: list[Env] = []
                if width == 0:      # nothing new bound: a binding passes once if any row matches
                    envs = [env for env in envs if key(env) in index]
                    if not envs:
                        break
                    continue
                first = step.first
                for env in envs:
                    if ranges is not None:
                        rows = _slice(ranges.get(key(env)), step, env)
                    else:
                        rows = index.get(key(env))
                        if rows is None:
                            continue
                    if repeats:
                        rows = [row for row in rows if all(row[a] == row[b] for a, b in repeats)]
                    if extend is None:
                        out.extend([env + (row[first],) for row in rows])
                    else:
                        out.extend([env + extend(row) for row in rows])
                envs = out
            elif kind == "absent":
                table = self.tables.get(step.pred)
                if table:
                    key = step.key
                    envs = [env for env in envs if key(env) not in table]
            elif kind == "bind":
                value = step.value
                envs = [env + (value(env),) for env in envs]
            else:
                envs = step.filter(envs)
            if not envs:
                break
        return envs

    # ------------------------------------------------------------- asking
    def query(self, pred: str, *args) -> list[tuple]:
        """Rows of pred matching args (None = any value).  A `given` predicate answers for the
        values asked at its given positions, as if a caller had raised that demand."""
        return self.query_each([(pred, args)])[0]

    def query_each(self, asks: list[tuple[str, tuple]]) -> list[list[tuple]]:
        """The answers to several queries, worked out together: the demand of every `given`
        predicate asked holds all the values asked of it at once (`nsr check` asks the tier
        for the first day of each schedule window, and five MAPPA questions of one day)."""
        seeds: dict[str, set[tuple]] = {}
        for pred, args in asks:
            asked = self.compiled.given.get(pred)
            if asked:
                if any(args[i] is None for i in asked):
                    raise PlainUnsupported(f"{pred} answers only for given values of positions {asked}")
                seeds.setdefault(pred, set()).add(tuple(args[i] for i in asked))
        # Values the rules already asked for have their answers in this case's tables.
        missing = {pred: values for pred, values in seeds.items()
                   if pred not in self.tables or not values <= self.tables.get(f"demand_{pred}", set())}
        own = {pred: rows for pred, values in missing.items()
               if (rows := self._from_own_tables(pred, values)) is not None}
        missing = {pred: values for pred, values in missing.items() if pred not in own}
        case = self._seeded(missing) if missing else self
        self.derive(tuple(pred for pred, _ in asks if pred not in seeds))
        answers = []
        by_given: dict[str, dict[tuple, list[tuple]]] = {}  # one pass over each table, not one per ask
        for pred, args in asks:
            rows = own[pred] if pred in own else (case if pred in missing else self).tables.get(pred, ())
            asked = self.compiled.given.get(pred)
            if asked:
                if pred not in by_given:
                    by_given[pred] = {}
                    for row in rows:
                        by_given[pred].setdefault(tuple(row[i] for i in asked), []).append(row)
                rows = by_given[pred].get(tuple(args[i] for i in asked), ())
            bound = [(i, a) for i, a in enumerate(args) if a is not None and not (asked and i in asked)]
            answers.append([row for row in rows if all(row[i] == a for i, a in bound if i < len(row))]
                           if bound else list(rows))
        return answers

    def _from_own_tables(self, pred: str, values: set[tuple]) -> set[tuple] | None:
        """A given predicate's answers for values no rule asked, from this case's tables, when its
        rules ask nothing new of what they read (`tier_source_at` on the days `tier_at` was asked
        about reads `has_allocated_tier_at` and `grid_tier_at` on those same days): then only its
        own rules run.  None when they would ask more (a seeded copy then works it out)."""
        compiled, demand = self.compiled, f"demand_{pred}"
        index = compiled.component.get(pred)
        if index is None or compiled.order[index][1]:
            return None
        used = {step.pred for rule in compiled.rules.get(pred, []) for step in rule.steps if step.pred} - {demand}
        for other in used:
            home = compiled.component.get(other)
            if home is not None and home not in self._done:
                return None
            if other in compiled.on_demand and f"demand_{other}" not in compiled.rules:
                return None  # narrowed by demand, but not by a value it is given: cannot tell
        saved = self.tables.get(demand)
        self._set(demand, set(values))
        try:
            for other in used:
                if other not in compiled.on_demand:
                    continue
                asks = [rule for rule in compiled.rules.get(f"demand_{other}", []) if demand in rule.joins]
                if not asks:
                    return None
                asked = {rule.row(env) for rule in asks for env in self._solve(rule.steps)}
                if not asked <= self.tables.get(f"demand_{other}", set()):
                    return None
            return self._rules_of(pred)
        finally:
            if saved is None:
                self.tables.pop(demand, None)
                self._indexes.pop(demand, None)
            else:
                self._set(demand, saved)

    def _seeded(self, seeds: dict[str, set[tuple]]) -> "PlainCase":
        """A copy of this case that derives the given predicates for the seeded values alone
        (what depends on no demand is shared, not derived again)."""
        demands = {f"demand_{pred}": values for pred, values in seeds.items()}
        compiled = self.compiled
        case = PlainCase(compiled, (), demands, seeds_only=set(demands))
        # This case's tables but those a demand reaches (those the static ones, or none), and their
        # lookups: the copy only reads them.  (Copying the tables whole and dropping the few
        # hundred a demand reaches costs a tenth of choosing the others one by one.)
        tables = dict(self.tables)
        for pred in compiled.on_demand:
            tables.pop(pred, None)
        for pred in compiled.on_demand:
            if pred in case.tables:
                tables[pred] = case.tables[pred]
        for pred in demands:
            tables.setdefault(pred, case.tables[pred])
        case.tables = tables
        case._indexes = {pred: found for pred, found in self._indexes.items() if pred not in compiled.on_demand}
        case._done = self._done - compiled.on_demand_components
        needed = sorted({i for pred in seeds for i in self.compiled.needed_for_query(pred)})
        for index in needed:
            if index not in case._done:
                case._component(index)
        return case


def _slice(entry: tuple[list, list] | None, step: _Step, env: Env) -> list[tuple]:
    """The rows of one sorted lookup entry between the step's bounds."""
    if entry is None:
        return []
    values, rows = entry
    low, high = 0, len(values)
    try:
        for bound, inclusive in step.lows:
            low = max(low, (bisect_left if inclusive else bisect_right)(values, bound(env)))
        for bound, inclusive in step.highs:
            high = min(high, (bisect_right if inclusive else bisect_left)(values, bound(env)))
    except TypeError:   # a bound of another type: let the comparisons decide, row by row
        return rows
    return rows[low:high]


_PROGRAMS: dict[int, tuple[ir.Program, PlainProgram]] = {}


def planned(program: ir.Program) -> PlainProgram:
    """The program planned for this evaluator, once per process."""
    found = _PROGRAMS.get(id(program))
    if found is None or found[0] is not program:
        found = _PROGRAMS[id(program)] = (program, PlainProgram(program))
    return found[1]


class PlainKnowledgeBase:
    """One case for `evaluate`: queries answered by this evaluator; `solve` (the explanations'
    re-running of rule bodies) and anything else by a pyDatalog knowledge base built from the
    same facts the first time it is needed."""

    def __init__(self, program: ir.Program, facts: list[tuple[str, tuple]],
                 reference: Callable[[], object]):
        self.program = program
        self.case = PlainCase(planned(program), facts)
        self._reference_factory = reference
        self._reference = None

    @property
    def reference(self):
        if self._reference is None:
            self._reference = self._reference_factory()
        return self._reference

    def query(self, pred: str, *args) -> list[tuple]:
        try:
            return self.case.query(pred, *args)
        except PlainUnsupported:
            return self.reference.query(pred, *args)

    def query_each(self, asks: list[tuple[str, tuple]]) -> list[list[tuple]]:
        try:
            return self.case.query_each(asks)
        except PlainUnsupported:
            return self.reference.query_each(asks)

    def solve(self, literals):
        return self.reference.solve(literals)

    def __getattr__(self, name: str):
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self.reference, name)
