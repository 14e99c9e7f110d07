"""Why (and why not): derivation trees over the compiled rules, built as networkx graphs.

A derived fact is explained by re-solving the body of a rule whose head matches it, with the
head's values bound, and explaining each body literal in turn.  A missing fact is explained
by the first literal of each matching rule that cannot be satisfied.  Every rule node names
its standard, clause and quoted text; every case fact names where it came from in the case
file; every computed date names the non-working days it skipped.
"""
from __future__ import annotations

import datetime as dt
import itertools
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..runtime import calendar
from ..backends.pydatalog import KnowledgeBase
from ..runtime.builtins import BUILTINS
from ..compiler import ir
from ..language.predicates import CASE_FACTS, CONTEXT_NAMES, ENGINE_FACTS

if TYPE_CHECKING:
    import networkx as nx

_READABLE_VARS = {v: k for k, v in CONTEXT_NAMES.items()} | {"Due__": "due", "Event__": "event",
                                                             "EventDate__": "event_date", "AsOf__": "as_of"}
MAX_DEPTH = 12


def _show(value) -> str:
    if isinstance(value, dt.date):
        return "never" if value == dt.date.max else f"{value:%a} {value.isoformat()}"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def show_fact(pred: str, values: tuple) -> str:
    """A ground fact as the derivation shows it: `offence(o1, Theft Act 1968, 1)`."""
    return f"{pred}({', '.join(_show(v) for v in values)})"


# The end of the label of a negation that fails because what it denies holds.
BLOCKED = " fails because it holds:"


def show_term(term: ir.Term, binding: dict) -> str:
    if isinstance(term, ir.V):
        return _show(binding[term.name]) if term.name in binding else _READABLE_VARS.get(term.name, term.name)
    if isinstance(term, ir.K):
        return _show(term.value)
    if isinstance(term, ir.Fn):
        return f"{term.name}({', '.join(show_term(a, binding) for a in term.args)})"
    return f"{show_term(term.left, binding)} {term.op} {show_term(term.right, binding)}"


def show_literal(literal: ir.Literal, binding: dict) -> str:
    if isinstance(literal, ir.Lit):
        text = f"{literal.pred}({', '.join(show_term(a, binding) for a in literal.args)})"
        return f"not {text}" if literal.negated else text
    if isinstance(literal, ir.Cmp):
        op = "=" if literal.op == "==" else literal.op
        return f"{show_term(literal.left, binding)} {op} {show_term(literal.right, binding)}"
    return f"{show_term(literal.term, binding)} in [{', '.join(_show(v) for v in literal.values)}]"


def evaluate_term(term: ir.Term, binding: dict):
    if isinstance(term, ir.V):
        return binding.get(term.name)
    if isinstance(term, ir.K):
        return term.value
    if isinstance(term, ir.Fn):
        return BUILTINS[term.name][0](*(evaluate_term(a, binding) for a in term.args))
    left, right = evaluate_term(term.left, binding), evaluate_term(term.right, binding)
    return {"+": lambda: left + right, "-": lambda: left - right, "*": lambda: left * right,
            "//": lambda: left // right}[term.op]()


def _paused(args: list, result) -> str:
    """The periods that stopped a schedule's clock before this window boundary."""
    start, _, schedule, pauses = args[:4]
    stopped = [(kind, since, until) for kind, since, until in pauses.periods
               if kind in schedule.paused_kinds and since < result and until > start]
    return "; ".join(
        f"clock stopped for {kind.replace('_', ' ')} {since:%d %b %Y} to "
        f"{'now' if until == dt.date.max else f'{until - dt.timedelta(days=1):%d %b %Y}'}"
        for kind, since, until in stopped)


def _skipped(function: str, args: list) -> str:
    """Which non-working days a working-day computation stepped over, by name."""
    if function in ("window_start", "window_end") and len(args) >= 4:
        return _paused(args, evaluate_term(ir.Fn(function, tuple(ir.K(a) for a in args)), {}))
    if function not in ("add_working_days", "same_or_next_working_day") or not args or not isinstance(args[0], dt.date):
        return ""
    start = args[0]
    end = evaluate_term(ir.Fn(function, tuple(ir.K(a) for a in args)), {})
    skipped = calendar.non_working_days_between(start, end)
    holidays = [f"{d:%a %d %b %Y} ({name})" for d, name in skipped if d.weekday() < 5]
    weekends = sum(1 for d, _ in skipped if d.weekday() >= 5)   # a bank holiday on a weekend skipped nothing more
    parts = []
    if holidays:
        parts.append("bank holidays skipped: " + ", ".join(holidays))
    if weekends:
        parts.append(f"{weekends} weekend day(s) skipped")
    return "; ".join(parts)


@dataclass
class Explainer:
    kb: KnowledgeBase
    program: ir.Program
    sources: dict[tuple[str, tuple], str]

    def __post_init__(self) -> None:
        import networkx as nx  # only explanations need it; keep `nsr check` light
        self.graph = nx.DiGraph()
        self._ids = itertools.count()
        self._rules: dict[str, list[ir.AnyRule]] = {}
        for rule in self.program.rules:
            self._rules.setdefault(rule.head.pred, []).append(rule)

    # ------------------------------------------------------------- graph helpers
    def _node(self, kind: str, label: str, parent: int | None = None, **data) -> int:
        node = next(self._ids)
        self.graph.add_node(node, kind=kind, label=label, **{k: v for k, v in data.items() if v is not None})
        if parent is not None:
            self.graph.add_edge(parent, node)
        return node

    def _rule_data(self, rule: ir.AnyRule) -> dict:
        origin = rule.origin
        data = {"clause": origin.clause, "at": str(origin.span) if origin.span.line else None}
        if origin.standard and origin.standard in self.program.standards:
            standard = self.program.standards[origin.standard]
            data.update(standard=standard.id, title=standard.title, quote=" ".join(standard.quotes))
            if standard.readings:
                data["reading"] = " ".join(standard.readings)
        if origin.obligation and origin.obligation in self.program.obligations:
            readings = self.program.obligations[origin.obligation].readings
            if readings:
                data["reading"] = " ".join(readings)
        return data

    @staticmethod
    def _unify(head: ir.Lit, values: tuple) -> dict | None:
        return ir.bind(head.args, values, none_matches=True)

    @staticmethod
    def _ground(literal: ir.Literal, binding: dict) -> ir.Literal:
        def sub(term: ir.Term) -> ir.Term:
            if isinstance(term, ir.V) and term.name in binding:
                return ir.K(binding[term.name])
            if isinstance(term, ir.Fn):
                return ir.Fn(term.name, tuple(sub(a) for a in term.args))
            if isinstance(term, ir.Op):
                return ir.Op(term.op, sub(term.left), sub(term.right))
            return term
        if isinstance(literal, ir.Lit):
            return ir.Lit(literal.pred, tuple(sub(a) for a in literal.args), literal.negated)
        if isinstance(literal, ir.Cmp):
            return ir.Cmp(literal.op, sub(literal.left), sub(literal.right))
        return ir.In(sub(literal.term), literal.values)

    # ------------------------------------------------------------- why
    def why(self, pred: str, values: tuple, parent: int | None = None, depth: int = 0) -> int:
        """Explain a fact that holds; values may be None for 'any'."""
        text = f"{pred}({', '.join('_' if v is None else _show(v) for v in values)})"
        if pred in CASE_FACTS or pred in ENGINE_FACTS or pred not in self._rules:
            return self._fact(pred, values, text, parent)
        if depth > MAX_DEPTH:
            return self._node("elided", text, parent)
        if re.fullmatch(r"count_\d+_total", pred):  # the compiler's helper: show the count as written
            rule = self._rules[pred[: -len("_total")]][0]
            what = f"{rule.aggregate} of {rule.summed} for each {rule.counted}" if rule.summed else f"count of {rule.counted}"
            return self._count(rule, self._unify(rule.head, values[:-1] + (None,)) or {},
                               f"{what} = {_show(values[-1])}", parent)
        for rule in self._rules[pred]:
            binding = self._unify(rule.head, values)
            if binding is None:
                continue
            if isinstance(rule, ir.CountRule):
                return self._count(rule, binding, text, parent)
            body = [self._ground(l, binding) for l in rule.body]
            solutions = self.kb.solve(body) if body else [{}]
            if not solutions:
                continue
            full = {**binding, **solutions[0]}
            node = self._node("derived", show_literal(self._ground(rule.head, full), {}), parent, **self._rule_data(rule))
            for literal in rule.body:
                self._explain_literal(literal, full, node, depth)
            return node
        return self._node("not_derived", f"{text} does not hold", parent)

    def _fact(self, pred: str, values: tuple, text: str, parent: int | None) -> int:
        rows = self.kb.query(pred, *values) if None in values else [values]
        sources = sorted({self.sources.get((pred, row), "") for row in rows} - {""})
        label = text if rows and None not in values else (
            show_fact(pred, rows[0]) if rows else f"no {text} in the case")
        if pred in ENGINE_FACTS:
            return self._node("engine_fact", label, parent, source="--as-of" if pred == "as_of" else "engine")
        return self._node("case_fact" if rows else "missing_fact", label, parent,
                          source=", ".join(sources) if sources else None)

    def _count(self, rule: ir.CountRule, binding: dict, text: str, parent: int | None) -> int:
        body = [self._ground(l, binding) for l in rule.body]
        solutions = self.kb.solve(body)
        if rule.summed:  # each counted value with what it adds: "c1 (60)"
            counted = sorted({f"{_show(s.get(rule.counted.name))} ({_show(s.get(rule.summed.name))})" for s in solutions})
        else:
            counted = sorted({_show(s.get(rule.counted.name)) for s in solutions})
        return self._node("count", f"{text} ({', '.join(counted) or 'none counted'})", parent,
                          **self._rule_data(rule))

    def _explain_literal(self, literal: ir.Literal, binding: dict, parent: int, depth: int) -> None:
        if isinstance(literal, ir.Lit) and not literal.negated:
            ground = self._ground(literal, binding)
            self.why(ground.pred, tuple(a.value if isinstance(a, ir.K) else None for a in ground.args), parent, depth + 1)
        elif isinstance(literal, ir.Lit):
            self._node("absent", f"{show_literal(literal, binding)}: no such fact", parent)
        elif isinstance(literal, ir.Cmp) and literal.op == "==" and isinstance(literal.right, ir.Fn):
            args = [evaluate_term(a, binding) for a in literal.right.args]
            label = f"{show_term(literal.left, binding)} = {show_term(literal.right, binding)}"
            self._node("computed", label, parent, note=_skipped(literal.right.name, args) or None)
        elif isinstance(literal, ir.Cmp) and literal.op == "==" and isinstance(literal.left, ir.V) \
                and isinstance(literal.right, ir.V) and (literal.left.name.endswith("__")
                                                         or literal.right.name.endswith("__")):
            # a value handed from one name to another: say which name, not "1 = 1"
            self._node("computed", f"{_READABLE_VARS.get(literal.left.name, literal.left.name)} = "
                       f"{show_term(literal.right, binding)}", parent)
        else:
            self._node("condition", show_literal(literal, binding), parent)

    # ------------------------------------------------------------- why not
    def why_not(self, pred: str, values: tuple, parent: int | None = None, depth: int = 0) -> int:
        """Explain why no fact pred(values) holds: the first failing condition of each rule."""
        text = f"{pred}({', '.join('_' if v is None else _show(v) for v in values)})"
        if pred in CASE_FACTS or pred in ENGINE_FACTS or pred not in self._rules:
            return self._node("missing_fact", f"no {text} in the case", parent)
        node = self._node("not_derived", f"{text} does not hold", parent)
        if depth > MAX_DEPTH:
            return node
        for rule in self._rules[pred]:
            binding = self._unify(rule.head, values)
            if binding is None or isinstance(rule, ir.CountRule):
                continue
            body = [self._ground(l, binding) for l in rule.body]
            rule_node = self._node("failed_rule", f"rule {show_literal(rule.head, binding)}", node, **self._rule_data(rule))
            self._first_failure(body, rule_node, depth)
        return node

    def _first_failure(self, body: list[ir.Literal], parent: int, depth: int) -> None:
        found = first_failure(self.kb, body)
        if found is None:
            self._node("held", "all conditions hold", parent)
            return
        index, context = found  # the failing literal, with what held before it
        failing = self._ground(body[index], context)
        if index:
            held = ", ".join(show_literal(self._ground(l, context), {}) for l in body[:index]
                             if isinstance(l, ir.Lit) and not l.negated)
            self._node("held", f"holds: {held}" if held else "earlier conditions hold", parent)
        if isinstance(failing, ir.Lit) and not failing.negated:
            self.why_not(failing.pred, tuple(a.value if isinstance(a, ir.K) else None for a in failing.args),
                         parent, depth + 1)
        elif isinstance(failing, ir.Lit):
            positive = ir.Lit(failing.pred, failing.args)
            blocker = self._node("failed", f"{show_literal(failing, {})}{BLOCKED}", parent)
            self.why(positive.pred, tuple(a.value if isinstance(a, ir.K) else None for a in positive.args),
                     blocker, depth + 1)
        else:
            self._node("failed", f"condition fails: {show_literal(failing, context)}", parent,
                       values=_values_note(failing, context))


def _values_note(literal: ir.Literal, binding: dict) -> str | None:
    if isinstance(literal, ir.Cmp):
        try:
            return f"{_show(evaluate_term(literal.left, binding))} {literal.op} {_show(evaluate_term(literal.right, binding))}"
        except Exception:  # a term with unbound variables: nothing more to show
            return None
    return None


def explainer_for(evaluation) -> Explainer:
    sources = {(f.predicate, f.args): f.source for f in evaluation.facts}
    return Explainer(evaluation.kb, evaluation.program, sources)


def not_applicable_reason(kb: KnowledgeBase, program: ir.Program, info: ir.ObligationInfo) -> str:
    """One line saying why an obligation has no trigger that applies in this case."""
    prefix = "schedule" if info.kind == "recurring" else "obligation"
    if not kb.query(f"{prefix}_trigger", info.id, None, None, None):
        return f"no trigger: the case has no {info.trigger}"
    explainer = Explainer  # only its static helpers: no graph needed for a one-line reason
    if info.kind == "recurring" and kb.query("schedule_applies", info.id, None, None, None):
        prefix = "schedule_window"
    for rule in program.rules_for(f"{prefix}_applies"):
        binding = explainer._unify(rule.head, (info.id,) + (None,) * (len(rule.head.args) - 1))
        if binding is None:
            continue
        body = [explainer._ground(l, binding) for l in rule.body]
        found = first_failure(kb, body)
        if found is None:
            continue
        index, context = found
        if prefix == "schedule_window":  # judged window by window: name the condition, not one window
            if rule.body[index] == ir.Lit("schedule_window", rule.head.args):
                return "no window of the schedule has started by the as-of date"
            return f"no window where {show_literal(rule.body[index], {})}"
        return f"condition not met: {show_literal(explainer._ground(body[index], context), {})}"
    return "its conditions do not hold"


def first_failure(kb: KnowledgeBase, body: list[ir.Literal]) -> tuple[int, dict] | None:
    """The first literal of a body that cannot be satisfied after the ones before it, with a
    solution of those earlier literals; None when the whole body holds. Of several solutions the
    least (by values, as text) is taken: the engine returns them in no fixed order, and the same
    question must get the same answer in every run."""
    context: dict = {}
    for index in range(len(body)):
        solutions = kb.solve(body[: index + 1])
        if not solutions:
            return index, context
        context = min(solutions, key=lambda found: sorted((str(k), str(v)) for k, v in found.items()))
    return None


_STATUS_GOALS = {
    "met_on_time": "met_on_time", "met_late": "met_late", "overdue": "overdue", "pending": "pending",
    "needs_judgement": "needs_judgement", "judged_met": "judged_met", "judged_not_met": "judged_not_met",
    "met": "window_met", "missed": "window_missed", "missing_data": "missing_data",
}


class UnknownObligation(LookupError):
    pass


def explain(evaluation, query: str, trigger: str | None = None) -> tuple[nx.DiGraph, list[int]]:
    """Derivation trees for every result matching `query` (obligation id, name or standard id).

    For an obligation that holds no result in this case, the tree says why it does not apply."""
    explainer = explainer_for(evaluation)
    results = [r for r in evaluation.find(query) if trigger is None or (r.trigger and r.trigger.id == trigger)]
    roots: list[int] = []
    for result in results:
        # Windows are counted from 1 wherever they are shown; the rules below count k from 0.
        tag = (f" window {result.window['index'] + 1} (k = {result.window['index']} in the rules)"
               if result.window else "")
        root = explainer._node("obligation", f"{result.obligation} for {result.trigger.kind} {result.trigger.id}"
                               f"{tag}: {result.status.replace('_', ' ')}", None,
                               **explainer._rule_data(_first_rule(evaluation.program, result.obligation)))
        roots.append(root)
        values = (result.obligation, result.trigger.id)
        if result.window:
            values += (result.window["index"],)
        goal = _STATUS_GOALS.get(result.status)
        if result.status == "not_applicable" and result.exception:
            explainer.why("obligation_excepted", (*values, None), root)
        elif result.status == "pending" and result.window:
            explainer.why("window_open", values, root)
        elif goal:
            explainer.why(goal, values, root)
        if result.status in ("overdue", "pending", "met_late") and not result.window:
            why_not = explainer._node("why_not", "why it was not met on time", root)
            explainer.why_not("met_on_time", values, why_not)
    infos = [i for i in evaluation.program.obligations.values() if query in (i.id, i.standard, i.name)]
    if not infos:
        raise UnknownObligation(query)
    if trigger is None:  # the obligations asked about that hold nothing for this case: why not
        owed = {r.obligation for r in results}
        for info in infos:
            if info.id in owed:
                continue
            root = explainer._node("obligation", f"{info.id}: not applicable", None,
                                   **explainer._rule_data(_first_rule(evaluation.program, info.id)))
            roots.append(root)
            prefix = "schedule" if info.kind == "recurring" else "obligation"
            if info.kind == "recurring" and evaluation.kb.query("schedule_applies", info.id, None, None, None):
                explainer.why_not("schedule_window_applies", (info.id, None, None, None, None, None), root)
            else:
                explainer.why_not(f"{prefix}_applies", (info.id, None, None, None), root)
    return explainer.graph, roots


def _first_rule(program: ir.Program, obligation: str) -> ir.AnyRule:
    for rule in program.rules:
        if rule.origin.obligation == obligation:
            return rule
    return ir.Rule(ir.Lit("none", ()), ())
