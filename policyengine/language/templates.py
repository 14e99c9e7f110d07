"""Which conditions an explanation reads out, and which of them lack a plain-English template.

`nsr why` reads out an obligation's trigger, its conditions (`when`, `due ... if`, `unless`) and
what meets it.  Each predicate (or event kind) it may read out should have an `explain` template,
so the answer is in English rather than in rule syntax; `nsr lint` warns about the ones without.
"""
from __future__ import annotations

from . import ast
from .errors import Diagnostic

# Predicates whose meaning the engine supplies, never read out as conditions.
_ENGINE = {"as_of", "pauses", "window_index", "event_sentence"}


def explained_atoms(policy: ast.Policy, vocabulary: dict) -> dict[tuple[str, str | None], ast.Span]:
    """(predicate, event kind or None) -> where it is first read out by an explanation."""
    found: dict[tuple[str, str | None], ast.Span] = {}

    def pattern(p: ast.EventPattern | None) -> None:
        if p is None:
            return
        key = ("event", p.kind) if p.kind in vocabulary else (p.kind, None)
        found.setdefault(key, p.span)

    def body(literals) -> None:
        for literal in literals:
            if isinstance(literal, (ast.Positive, ast.Negative)):
                atom = literal.atom
                if atom.predicate in _ENGINE:
                    continue
                kind = (str(atom.args[1].value) if atom.predicate == "event" and len(atom.args) == 3
                        and isinstance(atom.args[1], ast.Const) else None)
                found.setdefault((atom.predicate, kind), atom.span)

    for standard in policy.standards:
        for block in (*standard.obligations, *standard.recurrings):
            pattern(block.trigger)
            body(block.when)
        for obligation in standard.obligations:
            for deadline in obligation.deadlines:
                body(deadline.condition or ())
            for exception in obligation.exceptions:
                body(exception.body)
            for met in obligation.met_by:
                pattern(met)
        for recurring in standard.recurrings:
            body(recurring.window_when)
            pattern(recurring.counted_by)
    return found


def _covers(template: ast.Template, pred: str, kind: str | None) -> bool:
    if template.atom.predicate != pred:
        return False
    if kind is None:
        return True
    arg = template.atom.args[1] if len(template.atom.args) == 3 else None
    return isinstance(arg, ast.Var) or (isinstance(arg, ast.Const) and arg.value == kind)


def missing_templates(policy: ast.Policy, library: list[ast.Policy], vocabulary: dict) -> list[Diagnostic]:
    """A warning for each predicate or event kind an explanation of `policy` reads out with no template."""
    templates = [t for source in (*library, policy) for t in source.templates]
    warnings = []
    for (pred, kind), span in sorted(explained_atoms(policy, vocabulary).items(), key=lambda item: (item[1].line, item[1].column)):
        if any(_covers(t, pred, kind) for t in templates):
            continue
        what = f"event kind {kind!r}" if kind else f"predicate {pred!r}"
        example = (f'explain event(E, {kind}, D) "a ..."' if kind else f'explain {pred}(...) "..."')
        warnings.append(Diagnostic(span, f"warning: {what} is read out by explanations but has no plain-English "
                                         "template", expected=example))
    return warnings
