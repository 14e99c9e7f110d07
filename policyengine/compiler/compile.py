"""Policy files -> checked -> lowered -> stratified `ir.Program`, cached per file contents."""
from __future__ import annotations

import hashlib
from functools import lru_cache
from importlib import resources
from pathlib import Path

from ..cases.load import vocabulary
from ..language import ast
from ..language.check import check_policy
from ..language.errors import Diagnostic, PolicyError
from ..language.parse import parse_policy
from . import ir
from .lower import lower
from .stratify import stratification_problems

EDITION_FILES = {"2007": "2007.nsr", "2011": "2011.nsr", "2015": "2015.nsr"}


def _package_policy(name: str) -> tuple[str, str]:
    resource = resources.files("policyengine.policies").joinpath(name)
    if not resource.is_file():
        raise PolicyError([Diagnostic(ast.Span(name, 0, 0), f"no policy file {name!r} is installed")])
    return resource.read_text(encoding="utf-8"), str(resource)


@lru_cache(maxsize=1)
def prelude() -> ast.Policy:
    text, file = _package_policy("prelude.nsr")
    policy = parse_policy(text, "prelude.nsr")
    problems = check_policy(policy, vocabulary())
    if problems:
        raise PolicyError(problems)
    return policy


def lint(text: str, file: str) -> list[Diagnostic]:
    """Every problem in a policy file: syntax, static checks, stratification."""
    try:
        policy = parse_policy(text, file)
    except PolicyError as error:
        return error.diagnostics
    problems = check_policy(policy, vocabulary(), [prelude()])
    if problems:
        return problems
    rules, _, _ = lower([prelude(), policy], vocabulary())
    return stratification_problems(rules)


def compile_text(text: str, file: str) -> ir.Program:
    return _compile_cached(hashlib.sha256(text.encode()).hexdigest(), text, file)


@lru_cache(maxsize=16)
def _compile_cached(digest: str, text: str, file: str) -> ir.Program:
    policy = parse_policy(text, file)
    problems = check_policy(policy, vocabulary(), [prelude()])
    if problems:
        raise PolicyError(problems)
    rules, obligations, standards = lower([prelude(), policy], vocabulary())
    problems = stratification_problems(rules)
    if problems:
        raise PolicyError(problems)
    arities: dict[str, int] = {}
    for rule in rules:
        arities.setdefault(rule.head.pred, len(rule.head.args))
    edition = policy.edition
    info = ir.EditionInfo(edition.name, edition.title, edition.publisher, edition.in_force_from,
                          edition.in_force_to, edition.source)
    return ir.Program(info, rules, standards, obligations, arities)


def compile_file(path: str | Path) -> ir.Program:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise PolicyError([Diagnostic(ast.Span(str(path), 0, 0), f"cannot read policy file: {error.strerror}")]) from None
    return compile_text(text, str(path))


def load_edition(edition: str) -> ir.Program:
    """The installed policy of an edition ('2007'), or a path to a .nsr file."""
    if edition in EDITION_FILES:
        text, _ = _package_policy(EDITION_FILES[edition])
        return compile_text(text, f"policies/{EDITION_FILES[edition]}")
    return compile_file(edition)
