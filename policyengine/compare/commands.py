"""The `nsr diff` and `nsr compare` commands (cli.py registers them, calls these and prints or
writes what they return)."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..output.exits import EXIT_FINDINGS, EXIT_OK, BadInput
from ..output.terminal import Screen


def run_diff(args, screen: Screen) -> str:
    """What changed between the editions named (oldest first), in the format asked for."""
    from ..language.errors import PolicyError
    from .diff import diff_editions
    from . import diff_report
    names = [name for given in args.editions for name in given]
    if len(names) < 2:
        raise BadInput("nsr diff needs two editions or more (e.g. nsr diff 2007 2015)")
    twice = next((name for index, name in enumerate(names) if name in names[:index]), None)
    if twice:
        raise BadInput(f"nsr diff: edition {twice!r} is named twice")
    standalone = _standalone_pair(names)
    if standalone is not None:
        return _result_diff(args, *standalone)
    if getattr(args, "cases", None):
        raise BadInput("nsr diff --cases compares two versions of a rule file of its own kind "
                       "(hmpps-tier/v3-2026-06-08 hmpps-tier/v3-2026-06-18); `nsr compare` judges cases under editions")
    try:
        diffs = diff_editions(names)
    except PolicyError as error:
        raise BadInput(str(error)) from None
    if args.topic:
        known = {t.name for diff in diffs for t in diff.topics}
        unknown = [t for t in args.topic if t not in known]
        if unknown:
            import difflib
            close = difflib.get_close_matches(unknown[0], sorted(known), n=1)
            raise BadInput(f"no topic {unknown[0]!r} in {' or '.join(names)}"
                           + (f"; did you mean {close[0]!r}?" if close else "")
                           + " (`nsr diff` without --topic lists them)")
        for diff in diffs:
            diff.topics = [t for t in diff.topics if t.name in args.topic]
    if args.format == "json":
        from ..output.report import dumps
        return dumps(diff_report.diff_json(diffs))
    if args.format == "markdown":
        return diff_report.diff_markdown(diffs, args.all)
    if args.format == "html":
        return diff_report.diff_html(diffs, args.all)
    return diff_report.diff_text(diffs, args.all, screen)


def _standalone_pair(names: list[str]):
    """The two programs when the names are rule files of their own kind (None for editions)."""
    from ..compiler.compile import load_edition
    from ..language.errors import PolicyError
    try:
        programs = [load_edition(name) for name in names]
    except PolicyError as error:
        raise BadInput(str(error)) from None
    alone = [p.stands_alone for p in programs]
    if not any(alone):
        return None
    if not all(alone) or len(programs) != 2:
        raise BadInput("nsr diff compares two versions of one rule file of its own kind, or National Standards editions")
    if programs[0].kind != programs[1].kind:
        raise BadInput(f"nsr diff: {names[0]} is of kind {programs[0].kind}, {names[1]} of kind {programs[1].kind}")
    return programs


def _result_diff(args, old, new) -> str:
    from . import result_diff
    from ..output.report import dumps
    changes, count, problems = None, 0, []
    if getattr(args, "cases", None):
        missing = [p for p in args.cases if not Path(p).exists()]
        if missing:
            raise BadInput(f"{missing[0]}: no such file or folder")
        cases, problems = result_diff.gather_cases(args.cases, new, old)
        if not cases:
            raise BadInput(f"no cases of kind {new.kind} for {new.edition.name} under {', '.join(args.cases)}")
        count = len(cases)
        changes = result_diff.case_changes(old, new, cases, getattr(args, "as_of", None))
    if args.format == "json":
        return dumps(result_diff.diff_json(old, new, changes, count))
    return result_diff.diff_text(old, new, changes, count, problems)


def run_compare(args, screen: Screen) -> tuple[str, int]:
    """A case (or every case in a folder) judged under each edition: the text, and the exit code
    (1 when a case in a folder could not be compared)."""
    from ..cases.load import CaseError
    from ..cases.source import read_case
    from ..compiler.compile import editions, load_edition
    from ..language.errors import PolicyError
    from ..output.report import dumps
    from . import compare_report
    from .correspondence import installed_policy
    from .side_by_side import case_files, compare_case, compare_directory, resolve_editions
    names = args.editions or editions()
    as_of = args.as_of or dt.date.today()
    try:
        policies = resolve_editions(names)
        programs = {policy.edition.name: load_edition(name)
                    for name, policy in zip(names, (installed_policy(n) for n in names))}
    except PolicyError as error:
        raise BadInput(str(error)) from None
    target = Path(args.case)
    if args.case != "-" and target.is_dir():
        result = compare_directory(case_files(target), policies, programs, as_of)
        if args.format == "json":
            text = dumps(compare_report.directory_json(result))
        elif args.format == "markdown":
            raise BadInput("nsr compare DIR: --format markdown is for one case; use table or json for a folder")
        else:
            text = compare_report.directory_table(result, screen)
        return text, EXIT_FINDINGS if result.errors else EXIT_OK
    try:
        case = read_case(args.case)
    except CaseError as error:
        raise BadInput(str(error)) from None
    comparison = compare_case(case, policies, programs, as_of)
    if args.format == "json":
        return dumps(compare_report.comparison_json(comparison)), EXIT_OK
    if args.format == "markdown":
        return compare_report.comparison_markdown(comparison, args.all), EXIT_OK
    return compare_report.comparison_table(comparison, args.all, screen), EXIT_OK
