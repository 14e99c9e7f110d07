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
    from ..compiler.identity import same_names
    from .correspondence import installed_policy
    try:
        clash = same_names(names, [_edition(installed_policy(name)) for name in names])
    except PolicyError as error:
        raise BadInput(str(error)) from None
    if clash:
        raise BadInput(f"nsr diff: {clash}")
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


def run_compare(args, screen: Screen) -> tuple[str, int]:
    """A case (or every case in a folder) judged under each edition: the text, and the exit code
    (1 when a case in a folder could not be compared)."""
    from ..cases.load import CaseError
    from ..cases.source import read_case
    from ..compiler.compile import editions, load_edition
    from ..language.errors import PolicyError
    from ..output.report import dumps
    from . import compare_report
    from ..compiler.identity import same_names
    from .correspondence import installed_policy, ordered
    from .side_by_side import case_files, compare_case, compare_directory
    names = args.editions or editions()
    as_of = args.as_of or dt.date.today()
    try:
        given = [installed_policy(n) for n in names]
        clash = same_names(names, [_edition(p) for p in given])
        if clash:
            raise BadInput(f"nsr compare: {clash}")
        policies = ordered(given)
        programs = {_edition(policy): load_edition(name) for name, policy in zip(names, given)}
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


def _edition(policy) -> str:
    """The name a policy is shown and keyed under (its file when it has no edition header)."""
    return policy.edition.name if policy.edition else policy.file
