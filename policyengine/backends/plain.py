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
from dataclasses import dataclass, field

import networkx as nx

from ..runtime.builtins import BUILTINS
from ..compiler import ir
from .demand import demand_rules, demanded_positions, given_positions, partition_by_constant
from .sql import REPORTED

Env = dict[str, object]
Getter = Callable[[Env], object]

_OPS = {"+": operator.add, "-": operator.sub, "*": operator.mul, "//": operator.floordiv}
_CMP = {"==": operator.eq, "!=": operator.ne, "<": operator.lt, "<=": operator.le,
        ">": operator.gt, ">=": operator.ge}


# What evaluate asks for with no argument bound; any other predicate may be derived only for the
# values its callers bind (demand.demanded_positions).
TARGETS = {*REPORTED, "report", "conditional_applies"}


class PlainUnsupported(Exception):
    """A rule this evaluator cannot run as written (e.g. `not` over an unbound variable)."""


def _getter(term: ir.Term, bound: set[str]) -> Getter:
    if isinstance(term, ir.V):
        if term.name not in bound:
            raise PlainUnsupported(f"variable {term.name} is used before it is bound")
        name = term.name
        return lambda env: env[name]
    if isinstance(term, ir.K):
        value = term.value
        return lambda env: value
    if isinstance(term, ir.Op):
        left, right, op = _getter(term.left, bound), _getter(term.right, bound), _OPS[term.op]
        return lambda env: op(left(env), right(env))
    if isinstance(term, ir.Fn):
        function = BUILTINS[term.name][0]
        args = [_getter(a, bound) for a in term.args]
        return lambda env: function(*[a(env) for a in args])
    raise PlainUnsupported(f"term {term!r}")


@dataclass
class _Step:
    """One body literal, planned: how it narrows or extends each binding."""
    kind: str                                   # "join", "absent", "bind", "test", "in"
    pred: str = ""
    positions: tuple[int, ...] = ()             # argument positions looked up (join / absent)
    keys: list[Getter] = field(default_factory=list)
    outputs: list[tuple[int, str]] = field(default_factory=list)   # (position, new variable)
    repeats: list[tuple[int, int]] = field(default_factory=list)   # same new variable twice
    name: str = ""
    value: Getter | None = None
    test: Callable[[Env], bool] | None = None
    # join: the output position that following comparisons bound, with (value, inclusive) getters
    ranged: int | None = None
    lows: list[tuple[Getter, bool]] = field(default_factory=list)
    highs: list[tuple[Getter, bool]] = field(default_factory=list)

    def __post_init__(self) -> None:
        keys = self.keys
        self.key: Callable[[Env], tuple] = lambda env: tuple(k(env) for k in keys)  # the lookup key


def _key_of(names: list[str]) -> Callable[[Env], tuple]:
    if len(names) == 1:
        name = names[0]
        return lambda env: (env[name],)
    return operator.itemgetter(*names) if names else (lambda env: ())


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


def _range_bound(steps: list[_Step], lit: ir.Cmp, before: set[str]) -> None:
    """A comparison right after a join, between a variable the join binds and a value known
    before it (`EventDate >= WindowStart`), also narrows that join to a slice of its rows
    sorted on that variable.  The comparison still runs: the slice only saves work."""
    join = next((s for s in reversed(steps) if s.kind != "test"), None)
    if join is None or join.kind != "join":
        return
    outputs = dict((name, position) for position, name in join.outputs)
    for var, other, op in ((lit.left, lit.right, lit.op), (lit.right, lit.left, _FLIP.get(lit.op, lit.op))):
        if isinstance(var, ir.V) and var.name in outputs and set(ir.term_vars(other)) <= before \
                and op in {**_LOWER, **_UPPER} and join.ranged in (None, outputs[var.name]):
            join.ranged = outputs[var.name]
            bounds = join.lows if op in _LOWER else join.highs
            bounds.append((_getter(other, before), {**_LOWER, **_UPPER}[op]))
            return


def _plan(body: tuple[ir.Literal, ...]) -> tuple[list[_Step], set[str]]:
    steps, bound = [], set()
    before_join: set[str] = set()   # what was bound before the last join
    for lit in _order(body):
        if isinstance(lit, ir.Lit):
            if lit.negated:
                if any(v not in bound for a in lit.args for v in ir.term_vars(a)):
                    raise PlainUnsupported(f"variable unbound in 'not {lit}'")
                steps.append(_Step("absent", lit.pred, tuple(range(len(lit.args))),
                                   [_getter(a, bound) for a in lit.args]))
                continue
            positions, keys, outputs, repeats, new = [], [], [], [], {}
            for index, arg in enumerate(lit.args):
                if isinstance(arg, ir.V) and arg.name not in bound:
                    if arg.name in new:
                        repeats.append((new[arg.name], index))
                    else:
                        new[arg.name] = index
                        outputs.append((index, arg.name))
                else:
                    positions.append(index)
                    keys.append(_getter(arg, bound))
            before_join = set(bound)
            bound |= set(new)
            steps.append(_Step("join", lit.pred, tuple(positions), keys, outputs, repeats))
            if all(isinstance(lit.args[i], ir.V) for i in positions):  # the usual case, made cheap
                steps[-1].key = _key_of([lit.args[i].name for i in positions])
        elif isinstance(lit, ir.Cmp):
            if lit.op == "==" and isinstance(lit.left, ir.V) and lit.left.name not in bound:
                steps.append(_Step("bind", name=lit.left.name, value=_getter(lit.right, bound)))
                bound.add(lit.left.name)
            else:
                left, right, op = _getter(lit.left, bound), _getter(lit.right, bound), _CMP[lit.op]
                _range_bound(steps, lit, before_join)
                steps.append(_Step("test", test=lambda env, l=left, r=right, o=op: o(l(env), r(env))))
        elif isinstance(lit, ir.In):
            term, values = _getter(lit.term, bound), frozenset(lit.values)
            steps.append(_Step("in", test=lambda env, t=term, v=values: t(env) in v))
        else:
            raise PlainUnsupported(f"literal {lit!r}")
    return steps, bound


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
    group: list[Getter] = field(default_factory=list)       # count rules
    counted: Getter | None = None
    summed: Getter | None = None
    is_count: bool = False
    aggregate: str = "count"
    row: Callable[[Env], tuple] | None = None                  # the head row of a binding

    def __post_init__(self) -> None:
        # the tables it joins: when one is empty the rule derives nothing, whatever the order
        self.joins = tuple(dict.fromkeys(s.pred for s in self.steps if s.kind == "join"))


def _planned(rule: ir.AnyRule) -> _PlannedRule:
    steps, bound = _plan(rule.body)
    if isinstance(rule, ir.CountRule):
        return _PlannedRule(rule.pred, steps, group=[_getter(g, bound) for g in rule.group],
                            counted=_getter(rule.counted, bound),
                            summed=_getter(rule.summed, bound) if rule.summed is not None else None,
                            is_count=True, aggregate=rule.aggregate)
    head_args = [_getter(a, bound) for a in rule.head.args]
    if all(isinstance(a, ir.V) for a in rule.head.args):
        row = _key_of([a.name for a in rule.head.args])
    else:
        row = lambda env: tuple(a(env) for a in head_args)  # noqa: E731
    return _PlannedRule(rule.head.pred, steps, row=row)


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
        for index in self.compiled.needed(tuple(targets)):
            if index not in self._done:
                self._component(index)

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
            if not all(tables.get(p) for p in rule.joins):
                continue
            envs = self._solve(rule.steps)
            if rule.is_count:
                groups: dict[tuple, set] = {}
                for env in envs:
                    key = tuple(g(env) for g in rule.group)
                    counted = rule.counted(env)
                    groups.setdefault(key, set()).add((counted, rule.summed(env)) if rule.summed else counted)
                for key, values in groups.items():
                    rows.add((*key, _AGGREGATES[rule.aggregate](values)))
            else:
                rows.update(map(rule.row, envs))
        return rows

    def _index(self, pred: str, positions: tuple[int, ...]) -> dict[tuple, list[tuple]]:
        if pred in self.compiled.static_tables and self.tables.get(pred) is self.compiled.static_tables[pred]:
            by_positions = self.compiled.static_indexes.setdefault(pred, {})
        else:
            by_positions = self._indexes.setdefault(pred, {})
        found = by_positions.get(positions)
        if found is None:
            found = by_positions[positions] = {}
            if len(positions) == 1:
                (position,) = positions
                for row in self.tables.get(pred, ()):
                    found.setdefault((row[position],), []).append(row)
            else:
                get = operator.itemgetter(*positions) if positions else (lambda row: ())
                for row in self.tables.get(pred, ()):
                    found.setdefault(get(row), []).append(row)
        return found

    def _sorted(self, pred: str, positions: tuple[int, ...], on: int) -> dict | None:
        """The lookup on positions, each entry's rows sorted on argument `on` (None when the
        values there do not sort: then the plain lookup is used)."""
        key = (positions, on)
        by_positions = self._indexes.setdefault(pred, {})
        if key not in by_positions:
            try:
                by_positions[key] = {k: ([row[on] for row in rows], rows) for k, rows in (
                    (k, sorted(rows, key=lambda row: row[on])) for k, rows in self._index(pred, positions).items())}
            except TypeError:
                by_positions[key] = None
        return by_positions[key]

    def _solve(self, steps: list[_Step]) -> list[Env]:
        envs: list[Env] = [{}]
        for step in steps:
            if step.kind == "join":
                index = self._index(step.pred, step.positions)
                ranges = self._sorted(step.pred, step.positions, step.ranged) if step.ranged is not None else None
                out = []
                for env in envs:
                    key = step.key(env)
                    if ranges is not None:
                        rows = _slice(ranges.get(key), step, env)
                    else:
                        rows = index.get(key, ())
                    for row in rows:
                        if step.repeats and any(row[a] != row[b] for a, b in step.repeats):
                            continue
                        new = dict(env)
                        for position, name in step.outputs:
                            new[name] = row[position]
                        out.append(new)
                envs = out
            elif step.kind == "absent":
                table = self.tables.get(step.pred, set())
                envs = [env for env in envs if step.key(env) not in table]
            elif step.kind == "bind":
                for env in envs:
                    env[step.name] = step.value(env)
            else:
                envs = [env for env in envs if step.test(env)]
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
            answers.append([row for row in rows if all(a is None or a == v for a, v in zip(args, row))])
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
        case = PlainCase(self.compiled, (), demands, seeds_only=set(demands))
        case.tables.update({p: rows for p, rows in self.tables.items() if p not in self.compiled.on_demand})
        case._done = {i for i in self._done if i not in self.compiled.on_demand_components}
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
