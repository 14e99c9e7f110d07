"""Render syntax-tree conditions back to rule-language text, for messages and explanations."""
from __future__ import annotations

import datetime as dt

from . import ast


def render_expr(expr: ast.Expr) -> str:
    if isinstance(expr, ast.Var):
        return expr.name
    if isinstance(expr, ast.Const):
        value = expr.value
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, dt.date):
            return value.isoformat()
        if isinstance(value, str) and not (value.isidentifier() and value.islower()):
            return f'"{value}"'
        return str(value)
    if isinstance(expr, ast.Arith):
        return f"{render_expr(expr.left)} {expr.op} {render_expr(expr.right)}"
    if isinstance(expr, ast.Shift):
        return f"{render_expr(expr.base)} {'+' if expr.sign > 0 else '-'} {expr.duration.text}"
    if isinstance(expr, ast.Count):
        body = " and ".join(render_literal(l) for l in expr.body)
        if expr.summed:
            return f"{expr.aggregate}({expr.summed.name} for each {expr.var.name} where {body})"
        return f"count({expr.var.name} where {body})"
    return str(expr)


def render_atom(atom: ast.Atom) -> str:
    return f"{atom.predicate}({', '.join(render_expr(a) for a in atom.args)})"


def render_literal(literal: ast.Literal) -> str:
    if isinstance(literal, ast.Positive):
        return render_atom(literal.atom)
    if isinstance(literal, ast.Negative):
        return f"not {render_atom(literal.atom)}"
    if isinstance(literal, ast.Compare):
        return f"{render_expr(literal.left)} {literal.op} {render_expr(literal.right)}"
    if isinstance(literal, ast.Member):
        return f"{render_expr(literal.expr)} in [{', '.join(render_expr(v) for v in literal.values)}]"
    return str(literal)


UNIT_WORDS = {"days": ("day", "days"), "weeks": ("week", "weeks"), "months": ("month", "months"),
               "working_days": ("working day", "working days"), "hours": ("hour", "hours")}


def duration_words(duration: ast.Duration) -> str:
    """'1 week', '16 weeks', '1 month': a duration as a person reads it."""
    if isinstance(duration.amount, int) and duration.unit in UNIT_WORDS:
        one, many = UNIT_WORDS[duration.unit]
        return f"{duration.amount} {one if duration.amount == 1 else many}"
    return duration.text


def phase_words(phase: ast.Phase) -> str:
    """A schedule's phase in words: 'at least 1 a week', 'at least 1 a month', 'at least 1 every
    2 weeks for 12 weeks', 'at least 15 hours a week for 16 weeks', 'at least 2 throughout'."""
    need = f"at least {phase.count}{' hours' if phase.measure == 'hours' else ''}"
    if phase.every is None:
        return f"{need} throughout"
    every = phase.every
    if every.amount == 1 and every.unit in UNIT_WORDS:
        text = f"{need} a {UNIT_WORDS[every.unit][0]}"
    else:
        text = f"{need} every {duration_words(every)}"
    return text + (f" for {duration_words(phase.length)}" if phase.length else "")
