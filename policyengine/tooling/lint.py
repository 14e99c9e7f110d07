"""`nsr lint`: every problem in a policy file, each at file:line:column.

Beyond compiling (syntax, static checks, stratification) lint warns about what still runs but is
probably a mistake: topics that line up with nothing in the neighbouring editions, predicates
with no `explain` template.
"""
from __future__ import annotations

from pathlib import Path

from ..cases.load import vocabulary
from ..compare.correspondence import correspondence_warnings
from ..compiler.compile import loaded_with, not_imported, shared
from ..compiler.layers import resolve
from ..compiler.lower import lower
from ..compiler.stratify import stratification_problems, unbounded_recursion_problems
from ..language.check import check_policy
from ..language.errors import Diagnostic, PolicyError
from ..language.ast import NATIONAL_STANDARDS
from ..language.parse import parse_policy
from ..language.templates import missing_templates


def lint(text: str, file: str) -> list[Diagnostic]:
    """Every problem in a policy file: syntax, static checks, stratification."""
    try:
        policy = parse_policy(text, file)
        shared()
        path = Path(file)
        is_library = path.parent.name == "library" and path.suffix == ".nsr"   # a shared rule file, not an edition
        layer = policy.edition is not None and policy.edition.extends is not None
        if layer:   # a layer is checked as the policy it makes with its base (compiler.layers)
            policy = resolve(policy)
        loaded = loaded_with([policy]) if policy.kind == NATIONAL_STANDARDS or is_library else []
    except PolicyError as error:  # the file itself, an unknown import, or a broken shared file (reported by name)
        return error.diagnostics
    if is_library:
        loaded = [p for p in loaded if p.file != f"library/{path.name}"]
    problems = check_policy(policy, vocabulary(), loaded, shared=is_library, elsewhere=not_imported([policy, *loaded]))
    if problems:
        return problems
    rules, _, _ = lower([*loaded, policy], vocabulary())
    found = [*stratification_problems(rules), *unbounded_recursion_problems(rules)]
    if not is_library:
        found += [*([] if layer else correspondence_warnings(policy)), *missing_templates(policy, loaded, vocabulary())]
    return sorted(found, key=lambda d: (d.span.file, d.span.line, d.span.column))
