"""A layer: a policy file that extends an edition (`edition "north-west-2015" extends "2015"`).

A region's local rules sit on top of a published edition without copying it.  The layer adds
standards of its own, replaces named ones of its base (`override standard "2015.7.1"`) and removes
others (`withdraw standard "2015.8.2"`), each change citing the local document (`per`) and giving
its reason (`because`).  Resolving a layer gives one ordinary policy (the base's standards with the
changes made, the base's rules and the layer's) that the checker and the lowering treat like any
edition, plus which layer each standard comes from and the list of changes, for the outputs that
show them.  A base may itself be a layer; a chain that comes back to a file is refused.
"""
from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from ..language import ast
from ..language.errors import Diagnostic, PolicyError, did_you_mean
from ..resources import names, read_text

ADDED, OVERRIDDEN, WITHDRAWN = "added", "overridden", "withdrawn"


def _installed() -> list[str]:
    return [name[: -len(".nsr")] for name in names("policies", ".nsr") if name != "prelude.nsr"]


def _is_path(base: str) -> bool:
    return base.endswith(".nsr") or "/" in base or "\\" in base


def base_source(base: str, file: str, span: ast.Span) -> tuple[str, str]:
    """(text, file name) of the base a layer in `file` names: an installed edition, or a path from
    the layer file's folder.  PolicyError at the `extends` string when there is none."""
    if not _is_path(base):
        text = read_text("policies", f"{base}.nsr") if base != "prelude" else None
        if text is None:
            known = _installed()
            raise PolicyError([Diagnostic(span, f"unknown base edition {base!r}", base,
                                          f"one of {', '.join(known)}, or a path to a .nsr file from this file's folder",
                                          did_you_mean(base, known))])
        return text, f"policies/{base}.nsr"
    path = Path(file).parent / base
    try:
        data = path.read_bytes()
    except OSError as error:
        raise PolicyError([Diagnostic(span, f"cannot read the base file {base!r} ({error.strerror or error})", base,
                                      "an installed edition's name, or a path from this file's folder")]) from None
    from ..language.parse import decode_policy
    return decode_policy(data, str(path)), str(path)


def _where(file: str) -> str:
    """A file's identity for finding cycles: its resolved path, or the installed edition's name."""
    if file.startswith("policies/"):
        return file
    try:
        return str(Path(file).resolve())
    except OSError:
        return file


_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|#[^\n]*|[A-Za-z_][A-Za-z0-9_]*|\S')


def declared_base(text: str) -> str | None:
    """The base an `edition "..." extends "..."` header names, read without parsing (for the cache key)."""
    tokens = [t for t in _TOKENS.findall(text.removeprefix("\ufeff")[:20_000]) if not t.startswith("#")]
    for i, token in enumerate(tokens[:-3]):
        if token == "edition" and tokens[i + 1].startswith('"'):
            if tokens[i + 2] == "extends" and tokens[i + 3].startswith('"'):
                return tokens[i + 3][1:-1].replace('\\"', '"').replace("\\\\", "\\")
            return None
    return None


def base_texts(text: str, file: str) -> list[str]:
    """The texts of every base under a policy text, nearest first (part of its cache key); a base that
    cannot be read, or a cycle, ends the list (compiling reports it)."""
    found: list[str] = []
    seen = {_where(file)}
    base = declared_base(text)
    while base is not None:
        try:
            text, file = base_source(base, file, ast.NOWHERE)
        except PolicyError:
            break
        if _where(file) in seen:
            break
        seen.add(_where(file))
        found += [file, text]
        base = declared_base(text)
    return found


def resolve(policy: ast.Policy, chain: tuple[str, ...] = ()) -> ast.Policy:
    """The policy with its base's standards merged in (see the module's docstring); a policy that
    extends nothing is returned as it is."""
    from ..language.parse import parse_policy
    edition = policy.edition
    if edition is None or edition.extends is None:
        return policy
    chain = (*chain, _where(policy.file))
    text, file = base_source(edition.extends, policy.file, edition.extends_span)
    if _where(file) in chain:
        raise PolicyError([Diagnostic(edition.extends_span, f"edition {edition.name!r} extends {edition.extends!r}, "
                                      "which leads back to this file: a cycle of extends", edition.extends,
                                      "a chain of bases that ends at an installed edition")])
    base = resolve(parse_policy(text, file), chain)
    if base.kind != ast.NATIONAL_STANDARDS:
        raise PolicyError([Diagnostic(edition.extends_span, f"{edition.extends!r} is a file of kind "
                                      f"{base.kind!r}: a layer extends an edition of the National Standards",
                                      edition.extends, "an edition such as 2015, or a layer on one")])
    return _merge(policy, base)


def _merge(layer: ast.Policy, base: ast.Policy) -> ast.Policy:
    base_name = base.edition.name if base.edition else base.file
    name = layer.edition.name
    standards = {s.id: s for s in base.standards}
    problems: list[Diagnostic] = []

    def unknown(action: str, ident: str, span: ast.Span) -> None:
        from .compile import library_giving   # (compile imports this module)
        library = library_giving(ident, base)
        if library is not None:
            problems.append(Diagnostic(span, f"{action} standard {ident!r}: it comes from the library {library!r}, "
                                       f"which {base_name!r} imports; a layer can {action} only the standards "
                                       f"written in its base", ident, f"a standard id of {base_name}"))
            return
        problems.append(Diagnostic(span, f"{action} standard {ident!r}: the base {base_name!r} has no such standard",
                                   ident, f"a standard id of {base_name}", did_you_mean(ident, standards)))

    changes: list[ast.LayerChange] = []
    withdrawn: dict[str, ast.Withdrawal] = {}
    for mark in layer.withdrawals:
        if mark.id in withdrawn:
            problems.append(Diagnostic(mark.span, f"standard {mark.id!r} is withdrawn twice "
                                       f"(first at {withdrawn[mark.id].span})"))
        elif mark.id not in standards:
            unknown("withdraw", mark.id, mark.span)
        withdrawn.setdefault(mark.id, mark)
        changes.append(ast.LayerChange(WITHDRAWN, mark.id, name, mark.per or "", mark.because or "", mark.span))
    replaced: dict[str, ast.Standard] = {}
    added: list[ast.Standard] = []
    for standard in layer.standards:
        if standard.overrides:
            if standard.id not in standards:
                unknown("override", standard.id, standard.span)
            elif standard.id in withdrawn:
                problems.append(Diagnostic(standard.span, f"standard {standard.id!r} is both overridden and "
                                           f"withdrawn (at {withdrawn[standard.id].span})",
                                           expected="one of the two"))
            replaced.setdefault(standard.id, replace(standard, layer=name))
            changes.append(ast.LayerChange(OVERRIDDEN, standard.id, name, standard.per or "", standard.because or "",
                                           standard.span))
        elif standard.id in standards:
            problems.append(Diagnostic(standard.span, f"standard {standard.id!r} is already in the base {base_name!r}",
                                       standard.id, "a new id for an added standard",
                                       f"to replace {base_name}'s standard write 'override standard "
                                       f"\"{standard.id}\"' with per \"...\" and because \"...\""))
        else:
            added.append(replace(standard, layer=name))
            changes.append(ast.LayerChange(ADDED, standard.id, name, span=standard.span))
    if problems:
        raise PolicyError(problems)
    changes.sort(key=lambda c: (c.span.line, c.span.column))   # in the order the layer file makes them
    merged = [replaced.get(s.id, s if s.layer else replace(s, layer=base_name))
              for s in base.standards if s.id not in withdrawn] + added
    kept = {s.id: s for s in merged}
    removed = {s.id: (withdrawn[s.id].span if s.id in withdrawn else replaced[s.id].span, s)
               for s in base.standards if s.id in withdrawn or s.id in replaced}
    kept_rules = [*base.rules, *layer.rules, *(r for s in merged for r in s.rules)]
    gone = _rules_gone(removed, kept_rules)
    _refuse_uses_of(gone, kept_rules, base_name)
    templates = tuple(t for t in base.templates if (t.atom.predicate, t.atom.arity) not in gone)
    return replace(
        layer, edition=replace(layer.edition, kind=base.kind), standards=tuple(merged),
        rules=(*base.rules, *layer.rules), topics=(*_kept_topics(base.topics, kept), *layer.topics),
        dropped=(*base.dropped, *layer.dropped), templates=(*templates, *layer.templates),
        changeables=(*base.changeables, *layer.changeables), results=(*base.results, *layer.results),
        inputs=(*base.inputs, *layer.inputs), layers=(*(base.layers or (base_name,)), name),
        changes=(*base.changes, *changes), imports=(*base.imports, *layer.imports))


def _rules_gone(removed: dict[str, tuple[ast.Span, ast.Standard]],
               remaining: list[ast.Rule]) -> dict[tuple[str, int], tuple[str, ast.Span]]:
    """Predicates that only the withdrawn or overridden standards' own rules defined: each with the
    standard and where the layer changes it.  Their `explain` templates go with them."""
    still = {(r.head.predicate, r.head.arity) for r in remaining}
    return {(r.head.predicate, r.head.arity): (ident, span) for ident, (span, standard) in removed.items()
            for r in standard.rules if (r.head.predicate, r.head.arity) not in still}


def _refuse_uses_of(gone: dict[tuple[str, int], tuple[str, ast.Span]], rules: list[ast.Rule], base: str) -> None:
    """A rule the layer keeps that reads a predicate a withdrawn or overridden standard defined is
    refused at the change, naming the rule that still needs it (not at the base file's line)."""
    problems = []
    for rule in rules:
        for literal in rule.body:
            key = (literal.atom.predicate, literal.atom.arity) if isinstance(literal, (ast.Positive, ast.Negative)) else None
            if key in gone:
                ident, span = gone[key]
                also = f"withdraw or override standard {rule.standard!r} too, or " if rule.standard else ""
                problems.append(Diagnostic(span, f"standard {ident!r} defines {key[0]}/{key[1]}, which {base}'s rule "
                                           f"{rule.head.predicate} at {rule.span} still reads; {also}restate the "
                                           f"definition of {key[0]} in the layer"))
    if problems:
        raise PolicyError(problems)


def _kept_topics(topics: tuple[ast.Topic, ...], standards: dict[str, ast.Standard]) -> list[ast.Topic]:
    """The base's topics without the members a layer withdrew (or an override no longer has);
    a topic left with none is dropped."""
    kept = []
    for topic in topics:
        members = []
        for member in topic.members:
            standard = standards.get(member.standard)
            if standard is None:
                continue
            blocks = {b.name for b in (*standard.obligations, *standard.recurrings)}
            if member.obligation is None or member.obligation in blocks:
                members.append(member)
        if members:
            kept.append(replace(topic, members=tuple(members)))
    return kept
