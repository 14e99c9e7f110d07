"""Load an `ir.Program` and one case's facts into a private pyDatalog knowledge base.

pyDatalog keeps its state per thread; each `KnowledgeBase` owns a `Logic` of its own and
switches to it on every call, so two editions (or two cases) never see each other's rules
or facts (see ../shared/notes/pydatalog.md).  Rules are built from `ir` objects through
pyDatalog's term API: no text is ever passed to a Python parser.
"""
from __future__ import annotations

import itertools
import threading
from typing import Iterable, Sequence

from pyDatalog import pyDatalog, pyEngine, pyParser

from ..runtime.builtins import BUILTINS
from ..compiler import ir

_Term = pyParser.Term
_LOCK = threading.RLock()   # pyDatalog's current-logic switch is per thread; keep calls whole
_ACTIVE = threading.local()  # which KnowledgeBase's logic this thread has switched to


def _assert(pred: str, args: tuple) -> object:
    """Add a fact through pyDatalog's engine directly (pyDatalog.assert_fact is several times slower)."""
    clause = pyEngine.Clause(pyEngine.Literal(pred, [pyEngine.Term_of(a) for a in args]), [])
    pyEngine.assert_(clause)
    return clause


def _key(literal: ir.Lit) -> str:
    """What a positive literal needs to exist: its predicate, or for event(_, kind, _) that kind."""
    if literal.pred == "event" and isinstance(literal.args[1], ir.K):
        return f"event:{literal.args[1].value}"
    return literal.pred


def live_rules(rules: list[ir.AnyRule], facts: list[tuple[str, tuple]]) -> list[ir.AnyRule]:
    """The rules that can derive anything from these facts.

    A rule with a positive literal over a predicate (or event kind) that can never hold is
    dead: dropping it changes no answer and saves building it.  Most cases have no failures,
    releases or transfers, so this halves the knowledge base for a typical case."""
    possible = {pred for pred, _ in facts} | {f"event:{args[1]}" for pred, args in facts if pred == "event"}
    def alive(rule: ir.AnyRule) -> bool:
        return all(_key(l) in possible for l in rule.body if isinstance(l, ir.Lit) and not l.negated)
    changed = True
    while changed:
        changed = False
        for rule in rules:
            if rule.head.pred not in possible and alive(rule):
                possible.add(rule.head.pred)
                changed = True
    return [rule for rule in rules if alive(rule)]



def _one_operation_each(literals: Sequence[ir.Literal]) -> list[ir.Literal]:
    """The literals with each operation nested in another first given a variable of its own
    (`X = A + B + C` becomes `Op__0 = A + B and X = Op__0 + C`): pyDatalog fails on a query with a
    nested operation, and takes time exponential in the depth over nested date functions."""
    flat: list[ir.Literal] = []
    names = itertools.count()

    def inner(term: ir.Term) -> ir.Term:
        if isinstance(term, (ir.Op, ir.Fn)):
            name = ir.V(f"Op__{next(names)}")
            flat.append(ir.Cmp("==", name, outer(term)))
            return name
        return term

    def outer(term: ir.Term) -> ir.Term:
        if isinstance(term, ir.Fn):
            return ir.Fn(term.name, tuple(inner(a) for a in term.args))
        if isinstance(term, ir.Op):
            return ir.Op(term.op, inner(term.left), inner(term.right))
        return term

    for literal in literals:
        if isinstance(literal, ir.Cmp):
            literal = ir.Cmp(literal.op, outer(literal.left), outer(literal.right))
        elif isinstance(literal, ir.Lit):
            literal = ir.Lit(literal.pred, tuple(outer(a) for a in literal.args), literal.negated)
        else:
            literal = ir.In(outer(literal.term), literal.values)
        flat.append(literal)
    return flat

class KnowledgeBase:
    """The live rules of a program and one case's facts, in a pyDatalog logic of their own."""

    def __init__(self, program: ir.Program, facts: Iterable[tuple[str, tuple]]):
        self.program = program
        self.count_preds = {r.pred for r in program.rules if isinstance(r, ir.CountRule)}
        facts = list(facts)
        self.rules = live_rules(program.rules, facts)
        self._vars: dict[str, object] = {}
        with _LOCK:
            _ACTIVE.kb = None  # from here the thread's logic is this new one, even if building fails
            pyDatalog.Logic()  # a fresh, empty logic for this thread
            self._define(program, facts)
            self._logic = pyDatalog.Logic(True)
            _ACTIVE.kb = self

    # ------------------------------------------------------------- building
    def _define(self, program: ir.Program, facts: Iterable[tuple[str, tuple]]) -> None:
        asserted: set[str] = set()
        for pred, args in facts:
            _assert(pred, args)
            asserted.add(pred)
        with_rules: set[str] = set()
        for rule in self.rules:
            body = self._body(rule.body) if rule.body else True
            if body is None:
                continue  # a constant comparison in the body is false: the rule can never fire
            if body is True and rule.body and not isinstance(rule, ir.CountRule):
                _assert(rule.head.pred, tuple(self._term(a) for a in rule.head.args))
                asserted.add(rule.head.pred)
            elif isinstance(rule, ir.CountRule):
                head = _Term(rule.pred)[tuple(self._term(g) for g in rule.group) if len(rule.group) > 1
                                        else self._term(rule.group[0])]
                if rule.summed is None:
                    (head == _Term("len_")(self._term(rule.counted))) <= body
                elif rule.aggregate in ("min", "max"):
                    value = self._term(rule.summed)
                    (head == _Term(f"{rule.aggregate}_")(value, order_by=value)) <= body
                else:
                    (head == _Term("sum_")(self._term(rule.summed), for_each=self._term(rule.counted))) <= body
                with_rules.add(rule.pred)
            elif not rule.body:
                _assert(rule.head.pred, tuple(self._term(a) for a in rule.head.args))
                asserted.add(rule.head.pred)
            else:
                # pyParser.add_clause directly: `head <= body` rebuilds the body literal by literal.
                pyParser.Thread_storage.variables = set()
                pyParser.add_clause(self._literal(rule.head), body)
                with_rules.add(rule.head.pred)
        # Every predicate a rule mentions must exist, or pyDatalog raises when it is queried.
        from ..language.predicates import CASE_FACTS, ENGINE_FACTS, GENERATED
        mentioned = {l.pred: len(l.args) for r in program.rules for l in r.body if isinstance(l, ir.Lit)}
        mentioned.update({r.head.pred: len(r.head.args) for r in program.rules if not isinstance(r, ir.CountRule)})
        for table in (CASE_FACTS, ENGINE_FACTS, GENERATED):
            mentioned.update({name: len(args) for name, args in table.items()})
        for pred, arity in mentioned.items():
            if pred not in asserted and pred not in with_rules and pred not in self.count_preds:
                placeholder = tuple(f"__none__{i}" for i in range(arity))
                pyEngine.retract(_assert(pred, placeholder))

    def _term(self, term: ir.Term):
        if isinstance(term, ir.V):
            if term.name not in self._vars:  # one Term per name, as pyDatalog programs share them
                self._vars[term.name] = _Term(term.name)
            return self._vars[term.name]
        if isinstance(term, ir.K):
            return term.value
        if isinstance(term, ir.Fn):
            function, _ = BUILTINS[term.name]
            return pyParser.Operation(function, "(", [self._term(a) for a in term.args])
        if isinstance(term, ir.Op):
            left, right = self._term(term.left), self._term(term.right)
            return {"+": lambda: left + right, "-": lambda: left - right, "*": lambda: left * right,
                    "//": lambda: left // right}[term.op]()
        raise TypeError(term)

    def _literal(self, literal: ir.Literal):
        if isinstance(literal, ir.Lit):
            args = [self._term(a) for a in literal.args]
            if literal.pred in self.count_preds:
                *group, total = args
                key = tuple(group) if len(group) > 1 else group[0]
                query = _Term(literal.pred)[key] == total
            elif all(isinstance(a, (ir.V, ir.K)) for a in literal.args):
                # Nothing to compute first: build the query directly, skipping the empty
                # pre-calculation bodies pyParser would make (most of a knowledge base's build time).
                query = pyParser.Query(literal.pred, args, {})
            else:
                query = _Term(literal.pred)(*args)
            return ~query if literal.negated else query
        if isinstance(literal, ir.Cmp):
            left, right = self._term(literal.left), self._term(literal.right)
            if not isinstance(left, pyParser.Expression):
                left, right = right, left
                flipped = {"<": ">", "<=": ">=", ">": "<", ">=": "<="}
                op = flipped.get(literal.op, literal.op)
            else:
                op = literal.op
            return {"==": lambda: left == right, "!=": lambda: left != right, "<": lambda: left < right,
                    "<=": lambda: left <= right, ">": lambda: left > right, ">=": lambda: left >= right}[op]()
        if isinstance(literal, ir.In):
            return self._term(literal.term).in_(list(literal.values))
        raise TypeError(literal)

    def _body(self, literals: Sequence[ir.Literal]):
        """A pyDatalog body; None when a comparison of two constants is false (nothing can match)."""
        parts = []
        for literal in _one_operation_each(literals):
            built = self._literal(literal)
            if isinstance(built, bool):  # both sides were constants: decided here, not by pyDatalog
                if not built:
                    return None
                continue
            parts.append(built)
        if not parts:
            return True
        return parts[0] if len(parts) == 1 else pyParser.Body(*parts)  # one Body: `&` chains copy

    # ------------------------------------------------------------- querying
    def query(self, pred: str, *args) -> list[tuple]:
        """Rows of pred matching args (None = any value), as full tuples."""
        terms = [ir.V(f"Q{i}__") if a is None else ir.K(a) for i, a in enumerate(args)]
        rows = self.solve([ir.Lit(pred, tuple(terms))])
        return [tuple(row.get(t.name) if isinstance(t, ir.V) else t.value for t in terms) for row in rows]

    def query_each(self, asks: list[tuple[str, tuple]]) -> list[list[tuple]]:
        """The answers to several queries (each answered top-down on its own)."""
        return [self.query(pred, *args) for pred, args in asks]

    def solve(self, literals: Sequence[ir.Literal]) -> list[dict[str, object]]:
        """Every solution of a conjunction, as variable -> value (empty dict: true once)."""
        with _LOCK:
            if getattr(_ACTIVE, "kb", None) is not self:  # switching copies the logic: only when needed
                pyDatalog.Logic(self._logic)
                _ACTIVE.kb = self
            body = self._body(literals) if literals else True
            if body is None:
                return []
            if body is True:
                return [{}]
            data = body.data if hasattr(body, "data") else body
            names = list(body._variables().keys()) if hasattr(body, "_variables") else []
            if data is True:
                return [{}]
            if not data:
                return []
            return [dict(zip(names, row)) for row in data]
