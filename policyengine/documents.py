"""The JSON documents `nsr check|why|compare|standards|diff --format json` print, built in one place.

The command line and the HTTP service (`nsr serve`) both call these functions, so a program gets
the same document from either; a test holds the two equal. Each raises BadInput (NotFound for an
unknown edition, obligation or topic) with the one-line message the command line prints.
"""
from __future__ import annotations

import datetime as dt
import difflib
import functools
import re
from typing import Any, Callable

from .cases.model import Case
from .evaluate import Evaluation
from .output.exits import BadInput, NotFound


def installed() -> list[str]:
    from .compiler.compile import editions
    return editions()


def calculated_json(text: str, source: str, edition: str, as_of: dt.date | None) -> dict:
    """`nsr check --edition FAMILY/FILE --format json` for a case of that rule file's own kind, sent
    as JSON text: its inputs checked against the file's vocabulary (CaseError, with field paths),
    then its declared results on `as_of` (default the case's own as_of, else today)."""
    from .calculate import calculate
    from .cases.inputs import input_case_from_data
    from .cases.load import parse_json
    from .compiler.compile import load_edition
    from .output.results import results_json
    rules = load_edition(edition)
    case = input_case_from_data(parse_json(text, source), source, rules)
    return results_json(calculate(rules, case, as_of or case.as_of or dt.date.today()))


def unknown_edition(name: str) -> str:
    """'unknown edition '2008'; did you mean '2007'? ...' for a name that is not installed."""
    known = installed()
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.5)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    return f"unknown edition {name!r}{hint} (installed: {', '.join(known)}; or a path to a .nsr file)"


def program(name: str):
    """The compiled edition (installed name or .nsr path); BadInput with the policy's own message."""
    from .compiler.compile import load_edition
    from .language.errors import PolicyError
    try:
        return load_edition(name)
    except PolicyError as error:
        raise BadInput(str(error)) from None


def evaluation_for(case: Case, edition: str, as_of: dt.date, engine: str = "plain",
                   load: Callable[[str], Any] = program) -> Evaluation:
    """`case` judged under one edition, or with edition 'auto' each obligation under the edition in
    force on its trigger date (what `nsr check --edition E --as-of D` computes). `load` gives an
    edition's program (a server passes one that keeps them: see service/api.py)."""
    from .evaluate import evaluate, evaluate_auto
    names = installed() if edition == "auto" else [edition]
    programs = [load(name) for name in names]
    if edition == "auto":
        return evaluate_auto(programs, case, as_of, engine=engine)
    return evaluate(programs[0], case, as_of, engine=engine)


def check_json(evaluation: Evaluation, include_not_applicable: bool = False) -> dict:
    """`nsr check --format json`."""
    from .output.report import evaluation_json
    return evaluation_json(evaluation, include_not_applicable)


def unknown_obligation(query: str, program) -> str:
    """A short answer for an obligation the edition does not have: the closest ids, and where the list is."""
    names = {*program.obligations, *(i.standard for i in program.obligations.values())}
    close = difflib.get_close_matches(query, sorted(names), n=3, cutoff=0.6)
    edition = program.edition.name
    if query in program.standards:
        return (f"standard {query} of the {edition} edition has no obligation to explain "
                f"(it is {program.standards[query].kind}); `nsr standards {edition}` lists it")
    hint = f"; did you mean {' or '.join(close)}?" if close else ""
    return f"no obligation {query!r} in the {edition} edition{hint} (`nsr standards {edition}` lists them)"


def judging_part(evaluation: Evaluation, obligation: str) -> Evaluation:
    """With --edition auto, the one edition's evaluation that judged (or defines) the obligation."""
    if not evaluation.parts:
        return evaluation
    judged = {r.edition for r in evaluation.find(obligation)}
    defined = [name for name, part in evaluation.parts.items()
               if any(obligation in (i.id, i.standard, i.name) for i in part.program.obligations.values())]
    chosen = judged.pop() if len(judged) == 1 else (defined[0] if len(defined) == 1 else None)
    return evaluation.parts[chosen] if chosen is not None else evaluation


def why_graph(evaluation: Evaluation, obligation: str, trigger: str | None):
    """The derivation graph and its roots for an obligation; NotFound names the close ids, or the
    triggers the obligation does have."""
    from .explain.derivation import UnknownObligation, explain
    try:
        graph, roots = explain(evaluation, obligation, trigger)
    except UnknownObligation:
        raise NotFound(unknown_obligation(obligation, evaluation.program)) from None
    if not roots:
        triggers = sorted({r.trigger.id for r in evaluation.find(obligation) if r.trigger})
        raise NotFound(f"no obligation {obligation!r} started by {trigger!r} in this case"
                       + (f"; its triggers: {', '.join(triggers)}" if triggers else ""))
    return graph, roots


def why_json(evaluation: Evaluation, obligation: str, trigger: str | None = None) -> dict:
    """`nsr why --format json`: the derivation graph and the plain-English answers ('tier' and
    'mappa': the grid or criteria on the as-of date)."""
    from .explain import derived
    from .explain.narrative import explanations
    from .output.report import graph_json
    evaluation = judging_part(evaluation, obligation)
    if obligation in derived.SUBJECTS:
        if (unloaded := derived.subject_unloaded(evaluation.program, obligation)) is not None:
            raise NotFound(unloaded)
        return graph_json(*derived.explain_subject(evaluation, obligation))
    graph, roots = why_graph(evaluation, obligation, trigger)
    answers = [e.data for e in explanations(evaluation, obligation, trigger)]
    data = graph_json(graph, roots)
    layer = layer_of(evaluation.program, obligation)
    return {"format": data.pop("format"), "edition": evaluation.program.edition.name,
            **({"layer": layer} if layer else {}), **data, "answers": answers}


def layer_of(program, obligation: str) -> dict | None:
    """In a layered policy, the layer an obligation (or standard) comes from and the change that put it
    there (None for an edition that is no layer, or an id it does not have)."""
    if not program.layered:
        return None
    info = program.obligations.get(obligation) or program.standards.get(obligation.split("/", 1)[0])
    if info is None:
        return None
    standard = getattr(info, "standard", None) or info.id
    change = next((c for c in reversed(program.changes) if c.standard == standard and c.layer == info.layer), None)
    return {"layer": info.layer, "change": change.action if change else None,
            "per": change.per or None if change else None, "because": change.because or None if change else None}


def layer_sentence(program, obligation: str) -> str | None:
    """`nsr why`'s line naming the layer: 'From the layer nw-2015, which overrides 2015.7.1 per ...'."""
    found = layer_of(program, obligation)
    if found is None:
        return None
    if found["change"] is None:
        return f"From {found['layer']}, the base of the layer {program.edition.name}."
    text = f"From the layer {found['layer']}, which {'adds' if found['change'] == 'added' else 'overrides'} " \
           f"{obligation.split('/', 1)[0]}"
    if found["per"]:
        text += f" per {found['per']}"
    return text + (f": {found['because']}." if found["because"] else ".")


def compared_editions(names: list[str], load: Callable[[str], Any] = program):
    """Policies (syntax trees, oldest first) and compiled programs for editions named; BadInput if one is not there."""
    from .compare.correspondence import installed_policy, ordered
    from .language.errors import PolicyError
    from .compiler.identity import same_names
    try:
        given = [installed_policy(n) for n in names]
    except PolicyError as error:
        raise BadInput(str(error)) from None
    clash = same_names(names, [_edition_name(p) for p in given])
    if clash:   # two files both calling themselves "draft": no column could say which is which
        raise BadInput(f"nsr compare: {clash}")
    return ordered(given), {_edition_name(policy): load(name) for name, policy in zip(names, given)}


def _edition_name(policy) -> str:
    """The name a policy is shown and keyed under: its edition's label (identity.py), or its file."""
    return policy.edition.name if policy.edition else policy.file


def compare_json(case: Case, names: list[str], as_of: dt.date, load: Callable[[str], Any] = program) -> dict:
    """`nsr compare CASE --format json`: one case under each edition named."""
    from .compare.compare_report import comparison_json
    from .compare.side_by_side import compare_case
    policies, programs = compared_editions(names, load)
    return comparison_json(compare_case(case, policies, programs, as_of))


def diff_json(names: list[str], topics: list[str] | None = None) -> dict:
    """`nsr diff A B [--topic T] --format json`."""
    from .compare.diff_report import diff_json as shaped
    return shaped(edition_diffs(names, topics))


def edition_diffs(names: list[str], topics: list[str] | None = None):
    """What changed between editions named (oldest first), optionally only some topics."""
    from .compare.diff import diff_editions
    from .language.errors import PolicyError
    if len(names) < 2:
        raise BadInput("nsr diff needs two editions or more (e.g. nsr diff 2007 2015)")
    from .compare.correspondence import installed_policy
    from .compiler.identity import same_names
    try:
        clash = same_names(names, [_edition_name(installed_policy(name)) for name in names])
    except PolicyError as error:
        raise BadInput(str(error)) from None
    if clash:
        raise BadInput(f"nsr diff: {clash}")
    try:
        diffs = diff_editions(names)
    except PolicyError as error:
        raise BadInput(str(error)) from None
    if topics:
        known = {t.name for diff in diffs for t in diff.topics}
        unknown = [t for t in topics if t not in known]
        if unknown:
            close = difflib.get_close_matches(unknown[0], sorted(known), n=1)
            raise NotFound(f"no topic {unknown[0]!r} in {' or '.join(names)}"
                           + (f"; did you mean {close[0]!r}?" if close else "")
                           + " (`nsr diff` without --topic lists them)")
        for diff in diffs:
            diff.topics = [t for t in diff.topics if t.name in topics]
    return diffs


def standards_json(program) -> dict:
    """`nsr standards EDITION --format json`: each standard by section, with its quotes, the
    readings taken, its obligations and the rule as written in the policy file."""
    from .output.report import FORMAT_VERSION, standard_order
    edition = program.edition
    standards = sorted(program.standards.values(), key=lambda s: standard_order(s.id))

    def obligation(info) -> dict:
        return {"id": info.id, "title": info.title, "kind": info.kind, "trigger": info.trigger,
                "deadlines": [" ".join(part for part in (d.text, d.condition) if part) for d in info.deadlines],
                "met_by": list(info.met_by)}

    layered = {"base": program.base, "changes": [
        {"change": c.action, "standard": c.standard, "layer": c.layer, "per": c.per or None,
         "because": c.because or None, "at": str(c.span)} for c in program.changes]} if program.layered else {}
    return {
        "format": FORMAT_VERSION, **layered,
        "edition": {"name": edition.name, "title": edition.title,
                    "in_force_from": edition.in_force_from.isoformat() if edition.in_force_from else None,
                    "in_force_to": edition.in_force_to.isoformat() if edition.in_force_to else None},
        "standards": [{"id": s.id, **({"layer": s.layer} if program.layered else {}), "title": s.title,
                       "section": s.section, "kind": s.kind,
                       "quotes": list(s.quotes), "readings": list(s.readings),
                       "obligations": [obligation(program.obligations[o]) for o in s.obligations
                                       if o in program.obligations],
                       "at": str(s.span) if s.span.line else None,
                       "rule": _block(_policy_lines(s.span.file), s.span.line)}
                      for s in standards],
    }


@functools.lru_cache(maxsize=16)
def _policy_lines(file: str) -> list[str]:
    """The lines of an installed rule file named as spans name it ('policies/2007.nsr',
    'library/mappa.nsr'); none for any other file."""
    from .resources import read_text
    folder, _, name = file.rpartition("/")
    if folder not in ("policies", "library") or not name.endswith(".nsr"):
        return []
    return (read_text("policies/library" if folder == "library" else "policies", name) or "").splitlines()


_STRING = re.compile(r'"(?:[^"\\\n]|\\.)*"')


def _block(lines: list[str], line: int) -> str | None:
    """The `standard "..." { ... }` block starting on `line` (1-based), as written: up to the line
    whose braces close it."""
    if not 0 < line <= len(lines):
        return None
    depth, taken = 0, []
    for text in lines[line - 1:]:
        taken.append(text)
        code = _STRING.sub("", text).split("#", 1)[0]   # braces in quotes and comments do not count
        depth += code.count("{") - code.count("}")
        if depth <= 0:
            break
    return "\n".join(taken)
