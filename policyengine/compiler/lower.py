"""Lower the checked syntax tree to the intermediate Datalog form (`ir`).

Obligations become rules over generated predicates (obligation_trigger, obligation_due, ...);
the statuses built on those (met_on_time, overdue, ...) are ordinary rules in the prelude, so
that every answer, including a status, is explained by the same machinery.
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from ..runtime.builtins import UNIT_FUNCTIONS, PhaseSpec, Schedule
from ..language import ast
from ..language.render import phase_words
from . import ir
from ..language.predicates import CONTEXT_NAMES

T, TD, TS = V_T, V_TD, V_TS = ir.V(CONTEXT_NAMES["trigger"]), ir.V(CONTEXT_NAMES["trigger_date"]), ir.V(CONTEXT_NAMES["trigger_sentence"])
WS, WE = ir.V(CONTEXT_NAMES["window_start"]), ir.V(CONTEXT_NAMES["window_end"])
_UNIT_DAYS = {"days": 1, "weeks": 7}


@dataclass
class _Lowering:
    rules: list[ir.AnyRule] = field(default_factory=list)
    fresh: itertools.count = field(default_factory=lambda: itertools.count(1))
    counts: itertools.count = field(default_factory=lambda: itertools.count(1))

    # ------------------------------------------------------------- terms
    def term(self, expr: ast.Expr, context: bool) -> ir.Term:
        if isinstance(expr, ast.Var):
            return ir.V(expr.name)
        if isinstance(expr, ast.Const):
            if context and isinstance(expr.value, str) and expr.value in CONTEXT_NAMES:
                return ir.V(CONTEXT_NAMES[expr.value])
            return ir.K(expr.value)
        if isinstance(expr, ast.Arith):
            op = "//" if expr.op == "/" else expr.op
            return ir.Op(op, self.term(expr.left, context), self.term(expr.right, context))
        if isinstance(expr, ast.Shift):
            amount = expr.duration.amount
            amount_term = ir.V(amount.name) if isinstance(amount, ast.Var) else ir.K(amount)
            forward, backward = UNIT_FUNCTIONS[expr.duration.unit]
            return ir.Fn(forward if expr.sign > 0 else backward, (self.term(expr.base, context), amount_term))
        raise TypeError(f"cannot lower {expr!r}")  # Count is handled in `body`

    def var(self) -> ir.V:
        return ir.V(f"X{next(self.fresh)}__")

    # ------------------------------------------------------------- bodies
    def body(self, literals, context: bool, origin: ir.Origin, prefix: tuple[ir.Literal, ...] = (),
             bound: set[str] | None = None) -> list[ir.Literal]:
        """Lower literals after `prefix` (already lowered), tracking which variables are bound."""
        out: list[ir.Literal] = list(prefix)
        bound = set(bound or ()) | {v for lit in prefix for v in ir.literal_vars(lit)}
        for literal in literals:
            if isinstance(literal, (ast.Positive, ast.Negative)):
                args = []
                for arg in literal.atom.args:
                    if isinstance(arg, (ast.Var, ast.Const)):
                        args.append(self.term(arg, context))
                    else:
                        tmp = self.var()
                        out.append(ir.Cmp("==", tmp, self.expr_term(arg, context, origin, out, bound)))
                        args.append(tmp)
                        bound.add(tmp.name)
                lit = ir.Lit(literal.atom.predicate, tuple(args), isinstance(literal, ast.Negative))
                out.append(lit)
                if not lit.negated:
                    bound.update(ir.literal_vars(lit))
            elif isinstance(literal, ast.Compare):
                left = self.expr_term(literal.left, context, origin, out, bound)
                right = self.expr_term(literal.right, context, origin, out, bound)
                op = "==" if literal.op == "=" else literal.op
                if op == "==" and isinstance(right, ir.V) and right.name not in bound and not (
                        isinstance(left, ir.V) and left.name not in bound):
                    left, right = right, left
                out.append(ir.Cmp(op, left, right))
                bound.update(ir.term_vars(left))
            elif isinstance(literal, ast.Member):
                out.append(ir.In(self.expr_term(literal.expr, context, origin, out, bound),
                                 tuple(v.value for v in literal.values)))
        return out

    def expr_term(self, expr: ast.Expr, context: bool, origin: ir.Origin, out: list[ir.Literal],
                  bound: set[str]) -> ir.Term:
        """Like `term`, but a count(...) inside becomes a variable bound by its generated rules."""
        if isinstance(expr, ast.Count):
            return self.count(expr, context, origin, out, bound)
        if isinstance(expr, ast.Arith):
            left = self.expr_term(expr.left, context, origin, out, bound)
            right = self.expr_term(expr.right, context, origin, out, bound)
            if expr.op == "/" and not isinstance(right, ir.K):
                # A quotient exists only for a divisor that is not 0: the condition fails there, in
                # every engine, instead of the division raising (a literal 0 is refused by the checker).
                out.append(ir.Cmp("!=", right, ir.K(0)))
            return ir.Op("//" if expr.op == "/" else expr.op, left, right)
        if isinstance(expr, ast.Shift):
            base = self.expr_term(expr.base, context, origin, out, bound)
            shifted = self.term(ast.Shift(ast.Const(0), expr.sign, expr.duration), context)
            return ir.Fn(shifted.name, (base, shifted.args[1]))
        return self.term(expr, context)

    def count(self, expr: ast.Count, context: bool, origin: ir.Origin, out: list[ir.Literal], bound: set[str]) -> ir.V:
        """count(W where sub) -> N, with N = 0 when nothing matches (likewise sum(M for each W where sub)).

        Generates  count_k(G.., N)       from the aggregate over prefix & sub,
                   count_k_any(G..)      if prefix & sub,
                   count_k_total(G.., N) from count_k, or 0 when prefix holds and not count_k_any."""
        prefix = tuple(out)
        sub = self.body(expr.body, context, origin, prefix, bound)
        sub_vars = {v for lit in sub[len(prefix):] for v in ir.literal_vars(lit)}
        group = tuple(ir.V(name) for name in dict.fromkeys(
            v for lit in prefix for v in ir.literal_vars(lit)) if name in sub_vars and name in bound)
        if not group:  # a count over the whole case: one group under a constant key
            group = (ir.K("all"),)
        name = f"count_{next(self.counts)}"
        counted = ir.V(expr.var.name)
        result = self.var()
        summed = ir.V(expr.summed.name) if expr.summed else None
        aggregate = expr.aggregate
        self.rules.append(ir.CountRule(name, group, counted, tuple(sub), origin, summed, aggregate))
        if aggregate in ("min", "max"):   # no least or greatest of nothing: the condition fails
            out.append(ir.Lit(name, (*group, result)))
            bound.add(result.name)
            return result
        self.rules.append(ir.Rule(ir.Lit(f"{name}_any", group), tuple(sub), origin))
        self.rules.append(ir.Rule(ir.Lit(f"{name}_total", (*group, result)), (ir.Lit(name, (*group, result)),), origin))
        self.rules.append(ir.Rule(ir.Lit(f"{name}_total", (*group, ir.K(0))),
                                  (*prefix, ir.Lit(f"{name}_any", group, negated=True)), origin))
        out.append(ir.Lit(f"{name}_total", (*group, result)))
        bound.add(result.name)
        return result

    def rule(self, head: ast.Atom, literals, origin: ir.Origin, context: bool = False) -> None:
        body = self.body(literals, context, origin)
        self.rules.append(ir.Rule(ir.Lit(head.predicate, tuple(self.term(a, context) for a in head.args)),
                                  tuple(body), origin))

    # ------------------------------------------------------------- events
    def pattern(self, event: ir.V, date: ir.V, pattern: ast.EventPattern) -> list[ir.Literal]:
        literals: list[ir.Literal] = [ir.Lit("event", (event, ir.K(pattern.kind), date))]
        for flt in pattern.filters:
            values = [self.term(v, True) for v in flt.values]
            if flt.op == "=" and len(values) == 1:
                literals.append(ir.Lit("event_field", (event, ir.K(flt.field), values[0])))
                continue
            value = self.var()
            literals.append(ir.Lit("event_field", (event, ir.K(flt.field), value)))
            if flt.op == "in":
                literals.append(ir.In(value, tuple(v.value for v in values)))
            else:
                literals.append(ir.Cmp(flt.op, value, values[0]))
        return literals

    def trigger(self, pattern: ast.EventPattern, vocabulary: dict) -> list[ir.Literal]:
        if pattern.kind in vocabulary:
            literals = self.pattern(T, TD, pattern)
        else:  # a derived trigger: pred(Trigger, Date)
            literals = [ir.Lit(pattern.kind, (T, TD))]
        return [literals[0], ir.Lit("event_sentence", (T, TS)), *literals[1:]]


def describe_pattern(pattern: ast.EventPattern) -> str:
    parts = []
    for flt in pattern.filters:
        shown = ", ".join(str(v.value) for v in flt.values)
        parts.append(f"{flt.field} in [{shown}]" if flt.op == "in" else f"{flt.field} {flt.op} {shown}")
    text = pattern.kind + (f" where {' and '.join(parts)}" if parts else "")
    return text + (" (including earlier)" if pattern.earlier else "")


def describe_body(literals) -> str:
    from ..language.render import render_literal
    return " and ".join(render_literal(lit) for lit in literals)


def lower(policies: list[ast.Policy], vocabulary: dict) -> tuple[list[ir.AnyRule], dict[str, ir.ObligationInfo], dict[str, ir.StandardInfo]]:
    """All rules of the given files (prelude first), plus the obligations and standards as data."""
    low = _Lowering()
    obligations: dict[str, ir.ObligationInfo] = {}
    standards: dict[str, ir.StandardInfo] = {}
    for policy in policies:
        for rule in policy.rules:
            low.rule(rule.head, rule.body, ir.Origin(None, "rule", rule.span))
        for standard in policy.standards:
            for rule in standard.rules:
                low.rule(rule.head, rule.body, ir.Origin(standard.id, "rule", rule.span))
            ids = []
            for obligation in standard.obligations:
                info = _lower_obligation(low, standard, obligation, vocabulary)
                obligations[info.id] = info
                ids.append(info.id)
            for recurring in standard.recurrings:
                info = _lower_recurring(low, standard, recurring, vocabulary)
                obligations[info.id] = info
                ids.append(info.id)
            standards[standard.id] = ir.StandardInfo(
                standard.id, standard.title or "", standard.section or "", standard.quotes, standard.readings,
                standard.kind, tuple(ids), standard.span)
    return low.rules, obligations, standards


def declarations(policy: ast.Policy) -> tuple[tuple[ir.ResultInfo, ...], tuple[ir.InputInfo, ...]]:
    """A file's declared results and inputs, as data."""
    results = tuple(ir.ResultInfo(r.atom.predicate, tuple(a.name for a in r.atom.args if isinstance(a, ast.Var)),
                                  r.title, r.span) for r in policy.results)
    inputs = tuple(ir.InputInfo(i.name, tuple(ir.InputField(f.name, f.type, f.choices) for f in i.fields),
                                i.what, i.span) for i in policy.inputs)
    return results, inputs


def plain_english(policies: list[ast.Policy]) -> tuple[tuple[ir.Template, ...], tuple[ir.Action, ...]]:
    """The templates and changeable actions of the given files (prelude first), as data."""
    def term(expr: ast.Expr) -> ir.Term:
        return ir.V(expr.name) if isinstance(expr, ast.Var) else ir.K(expr.value)
    templates = tuple(ir.Template(t.atom.predicate, tuple(term(a) for a in t.atom.args), t.text, t.span)
                      for policy in policies for t in policy.templates)
    actions = []
    for policy in policies:
        for action in policy.changeables:
            fixed = tuple((f.field, f.values[0].value) for f in action.pattern.filters
                          if f.op in ("=", "in") and isinstance(f.values[0], ast.Const))
            actions.append(ir.Action(action.pattern.kind, fixed, action.phrase, action.span))
    return templates, tuple(actions)


def hours_as_days(hours: int) -> int:
    """A deadline of N hours read against dates (a trigger or event without its time): due on the
    day the hours end when they start with the trigger's day, N // 24 calendar days on (2 hours:
    the same day; 24 hours: the next day; 36 hours: the next day), whatever the calendar says
    (hours run through weekends and bank holidays)."""
    return hours // 24


def _duration_text(deadline: ast.Deadline) -> str:
    if deadline.rule == "within":
        return deadline.duration.text
    return "same day" if deadline.rule == "same_day" else "same or next working day"


def _lower_hours(low: _Lowering, oid: ir.K, index: int, hours: int, body: list[ir.Literal], o: ir.Origin) -> None:
    """`due within N hours`: against the trigger's time where the case file records it (the
    prelude's clock_end: the minute the hours end, and whether past midnight), else by dates
    alone (hours_as_days).  obligation_hours gives the prelude the minutes beyond whole days."""
    days, due = hours_as_days(hours), ir.V("Due__")
    add_days = UNIT_FUNCTIONS["days"][0]
    low.rules.append(ir.Rule(ir.Lit("obligation_hours", (oid, ir.K(index), ir.K(60 * (hours % 24)))), (), o))
    head = ir.Lit("obligation_due", (oid, T, ir.K(index), due))
    low.rules.append(ir.Rule(head, (*body, ir.Lit("clock_trigger_known", (oid, T), negated=True),
                                    ir.Cmp("==", due, ir.Fn(add_days, (TD, ir.K(days))))), o))
    for over in (0, 1):
        end = ir.Lit("clock_end", (oid, T, ir.K(index), ir.V("Minute__"), ir.K(over)))
        low.rules.append(ir.Rule(head, (*body, end, ir.Cmp("==", due, ir.Fn(add_days, (TD, ir.K(days + over))))), o))


def _lower_obligation(low: _Lowering, standard: ast.Standard, ob: ast.Obligation, vocabulary: dict) -> ir.ObligationInfo:
    oid = ir.K(f"{standard.id}/{ob.name}")
    def origin(clause: str, span: ast.Span) -> ir.Origin:
        return ir.Origin(standard.id, clause, span, oid.value)
    ctx = (oid, T, TD, TS)
    low.rules.append(ir.Rule(ir.Lit("obligation_standard", (oid, ir.K(standard.id))), (), origin("obligation", ob.span)))
    low.rules.append(ir.Rule(ir.Lit("obligation_trigger", ctx), tuple(low.trigger(ob.trigger, vocabulary)),
                             origin("trigger", ob.trigger.span)))
    applies = ir.Lit("obligation_applies", ctx)
    trigger_lit = ir.Lit("obligation_trigger", ctx)
    low.rules.append(ir.Rule(applies, tuple(low.body(ob.when, True, origin("when", ob.span), (trigger_lit,))),
                             origin("when", ob.when[0].span if ob.when else ob.span)))
    known = _lower_needs(low, ob.needs, oid, trigger_lit, applies, origin)
    for exception in ob.exceptions:
        o = origin(f"exception per {exception.paragraph}", exception.span)
        low.rules.append(ir.Rule(ir.Lit("obligation_excepted", (oid, T, ir.K(exception.paragraph))),
                                 tuple(low.body(exception.body, True, o, (applies,))), o))
    deadlines = []
    conditional: list[int] = []
    for index, deadline in enumerate(ob.deadlines, start=1):
        condition_text = "otherwise" if deadline.otherwise else (
            f"if {describe_body(deadline.condition)}" if deadline.condition else "")
        o = origin(f"deadline {index}: {_duration_text(deadline)} {condition_text}".rstrip(), deadline.span)
        body: list[ir.Literal] = [applies, *known]
        if deadline.condition:
            low.rules.append(ir.Rule(ir.Lit("deadline_condition", (oid, T, ir.K(index))),
                                     tuple(low.body(deadline.condition, True, o, (applies,))), o))
            body.append(ir.Lit("deadline_condition", (oid, T, ir.K(index))))
        body += [ir.Lit("deadline_condition", (oid, T, ir.K(j)), negated=True) for j in conditional]
        if deadline.rule == "within" and deadline.duration.unit == "hours":
            _lower_hours(low, oid, index, deadline.duration.amount, body, o)
            if deadline.condition:
                conditional.append(index)
            deadlines.append(ir.DeadlineInfo(index, _duration_text(deadline), condition_text))
            continue
        elif deadline.rule == "within":
            forward, _ = UNIT_FUNCTIONS[deadline.duration.unit]
            due = ir.Fn(forward, (TD, ir.K(deadline.duration.amount)))
        elif deadline.rule == "same_day":
            due = TD
        else:
            due = ir.Fn("same_or_next_working_day", (TD,))
        body.append(ir.Cmp("==", ir.V("Due__"), due))
        low.rules.append(ir.Rule(ir.Lit("obligation_due", (oid, T, ir.K(index), ir.V("Due__"))), tuple(body), o))
        if deadline.condition:
            conditional.append(index)
        deadlines.append(ir.DeadlineInfo(index, _duration_text(deadline), condition_text))
    for pattern in ob.met_by:
        event, date = ir.V("Event__"), ir.V("EventDate__")
        if pattern.kind not in vocabulary:  # a derived predicate: pred(Trigger, Event, Date)
            body = [applies, ir.Lit(pattern.kind, (T, event, date)), ir.Lit("as_of", (ir.V("AsOf__"),)),
                    ir.Cmp("<=", date, ir.V("AsOf__"))]
            low.rules.append(ir.Rule(ir.Lit("obligation_candidate", (oid, T, event, date)), tuple(body),
                                     origin("met by", pattern.span)))
            continue
        literals = low.pattern(event, date, pattern)
        since = [] if pattern.earlier else [ir.Cmp(">=", date, TD)]
        body = [applies, literals[0], *since, ir.Lit("as_of", (ir.V("AsOf__"),)),
                ir.Cmp("<=", date, ir.V("AsOf__")), *literals[1:]]
        low.rules.append(ir.Rule(ir.Lit("obligation_candidate", (oid, T, event, date)), tuple(body),
                                 origin("met by", pattern.span)))
    if ob.judgement:
        low.rules.append(ir.Rule(ir.Lit("judgement_required", (oid,)), (), origin("judgement", ob.span)))
    return ir.ObligationInfo(
        id=oid.value, standard=standard.id, name=ob.name, title=ob.title or standard.title or ob.name,
        kind="judgement" if ob.judgement and not ob.deadlines else "once",
        trigger=describe_pattern(ob.trigger), met_by=tuple(describe_pattern(p) for p in ob.met_by),
        deadlines=tuple(deadlines), exceptions=tuple(e.paragraph for e in ob.exceptions),
        readings=ob.readings, span=ob.span, needs=_need_infos(ob.needs))


def _lower_needs(low: _Lowering, needs: tuple[ast.Need, ...], oid: ir.K, trigger: ir.Lit, applies: ir.Lit,
                 origin) -> list[ir.Lit]:
    """`needs ATOM ... at PLACE`, the i-th of the block:
           obligation_need_known(O, T, i)   if trigger and ATOM
           obligation_need_missing(O, T, i) if applies and not obligation_need_known(O, T, i)
    and the literals the block's due dates (or the schedule's windows) must then also satisfy.
    ATOM is checked on every trigger, not only those the `when` lets through: a `given` predicate
    it reads (tier_at(trigger_date, T)) is then asked about the days the triggers ask about, and
    never about days that depend on it."""
    known = []
    for index, need in enumerate(needs, start=1):
        o = origin(f"needs {need.what}", need.span)
        held = ir.Lit("obligation_need_known", (oid, T, ir.K(index)))
        body = low.body((ast.Positive(need.atom, need.span),), True, o, (trigger,))
        low.rules.append(ir.Rule(held, tuple(body), o))
        low.rules.append(ir.Rule(ir.Lit("obligation_need_missing", (oid, T, ir.K(index))),
                                 (applies, ir.Lit(held.pred, held.args, negated=True)), o))
        known.append(held)
    return known


def _need_infos(needs: tuple[ast.Need, ...]) -> tuple[ir.NeedInfo, ...]:
    return tuple(ir.NeedInfo(index, need.what, need.place) for index, need in enumerate(needs, start=1))


def _phase_spec(phase: ast.Phase) -> PhaseSpec:
    """A phase in calendar days (weeks are 7) or calendar months; the checker has made sure that
    `every` and `for` are counted alike."""
    if phase.every is None:
        return PhaseSpec(phase.count, None, None)
    if phase.every.unit == "months":
        return PhaseSpec(phase.count, phase.every.amount, phase.length.amount if phase.length else None, "months")
    length = None if phase.length is None else phase.length.amount * _UNIT_DAYS[phase.length.unit]
    return PhaseSpec(phase.count, phase.every.amount * _UNIT_DAYS[phase.every.unit], length)


def _lower_recurring(low: _Lowering, standard: ast.Standard, rec: ast.Recurring, vocabulary: dict) -> ir.ObligationInfo:
    oid = ir.K(f"{standard.id}/{rec.name}")
    def origin(clause: str, span: ast.Span) -> ir.Origin:
        return ir.Origin(standard.id, clause, span, oid.value)
    ctx = (oid, T, TD, TS)
    schedule = Schedule(oid.value, tuple(_phase_spec(p) for p in rec.phases),
                        frozenset(rec.paused_during))
    low.rules.append(ir.Rule(ir.Lit("obligation_standard", (oid, ir.K(standard.id))), (), origin("recurring", rec.span)))
    measure = rec.phases[0].measure if rec.phases else "events"
    if measure == "hours":
        low.rules.append(ir.Rule(ir.Lit("schedule_in_hours", (oid,)), (), origin("recurring", rec.span)))
    low.rules.append(ir.Rule(ir.Lit("schedule_trigger", ctx), tuple(low.trigger(rec.trigger, vocabulary)),
                             origin("trigger", rec.trigger.span)))
    applies = ir.Lit("schedule_applies", ctx)
    low.rules.append(ir.Rule(applies, tuple(low.body(rec.when, True, origin("when", rec.span),
                                                     (ir.Lit("schedule_trigger", ctx),))),
                             origin("when", rec.when[0].span if rec.when else rec.span)))
    known = _lower_needs(low, rec.needs, oid, ir.Lit("schedule_trigger", ctx), applies, origin)
    end = ir.V("End__")
    low.rules.append(ir.Rule(ir.Lit("schedule_end", (oid, T, end)), (applies, ir.Lit(rec.ends_by, (T, end))),
                             origin(f"ends by {rec.ends_by}", rec.span)))
    k, need, pauses, as_of = ir.V("K__"), ir.V("Need__"), ir.V("Pauses__"), ir.V("AsOf__")
    sched = ir.K(schedule)
    window = (oid, T, k, WS, WE, need)
    limit = ir.V("Limit__")
    low.rules.append(ir.Rule(ir.Lit("schedule_window", window), (
        applies, ir.Lit("schedule_end", (oid, T, end)), ir.Lit("pauses", (pauses,)), ir.Lit("as_of", (as_of,)),
        ir.Cmp("==", limit, ir.Fn("window_limit", (TD, as_of, sched))),
        ir.Lit("window_index", (k,)), ir.Cmp("<=", k, limit),
        ir.Cmp("==", WS, ir.Fn("window_start", (TD, k, sched, pauses))), ir.Cmp("<", WS, end),
        ir.Cmp("<=", WS, as_of),
        ir.Cmp("==", WE, ir.Fn("window_end", (TD, k, sched, pauses, end))), ir.Cmp("<=", WE, end),
        ir.Cmp("==", need, ir.Fn("window_need", (k, sched))),
    ), origin("schedule", rec.span)))
    window_origin = origin("each window", rec.window_when[0].span if rec.window_when else rec.span)
    # A need missing for the trigger leaves it no window.  (Checked here rather than in
    # schedule_window: a need that reads a `given` predicate, tier_at(trigger_date, T), would
    # otherwise make the windows' own demand for it (tier_at(window_start, ...)) recursive.)
    low.rules.append(ir.Rule(ir.Lit("schedule_window_applies", window), tuple(low.body(
        rec.window_when, True, window_origin, (ir.Lit("schedule_window", window), applies, *known))), window_origin))
    event, date = ir.V("Event__"), ir.V("EventDate__")
    if rec.counted_by.kind in vocabulary:
        literals = low.pattern(event, date, rec.counted_by)
    else:  # a derived predicate: pred(Event, Date)
        literals = [ir.Lit(rec.counted_by.kind, (event, date))]
    low.rules.append(ir.Rule(ir.Lit("schedule_hit", (oid, T, k, event)), (
        ir.Lit("schedule_window_applies", window), literals[0], ir.Cmp(">=", date, WS), ir.Cmp("<", date, WE),
        ir.Lit("as_of", (as_of,)), ir.Cmp("<=", date, as_of), *literals[1:]), origin("counting", rec.counted_by.span)))
    phases = [ir.DeadlineInfo(index, phase_words(phase), "", spec.windows())
              for index, (phase, spec) in enumerate(zip(rec.phases, schedule.phases), start=1)]
    return ir.ObligationInfo(
        id=oid.value, standard=standard.id, name=rec.name, title=rec.title or standard.title or rec.name,
        kind="recurring", trigger=describe_pattern(rec.trigger), met_by=(describe_pattern(rec.counted_by),),
        deadlines=tuple(phases), exceptions=(), readings=rec.readings, span=rec.span, measure=measure,
        needs=_need_infos(rec.needs))
