"""The `nsr diff` and `nsr compare` commands (cli.py registers them and calls these)."""
from __future__ import annotations

import datetime as dt
import shutil
import sys
from pathlib import Path

EXIT_OK, EXIT_FINDINGS, EXIT_INPUT = 0, 1, 2


def _width() -> int:
    return max(100, shutil.get_terminal_size((160, 40)).columns)


def run_diff(args) -> int:
    from ..language.errors import PolicyError
    from .diff import diff_editions
    from . import diff_report
    names = [n for part in args.editions for n in part.split(",") if n]
    if len(names) < 2:
        print("nsr diff needs two editions or more (e.g. nsr diff 2007 2015)", file=sys.stderr)
        return EXIT_INPUT
    try:
        diffs = diff_editions(names)
    except PolicyError as error:
        print(error, file=sys.stderr)
        return EXIT_INPUT
    if args.topic:
        for diff in diffs:
            diff.topics = [t for t in diff.topics if t.name in args.topic]
    if args.format == "json":
        from ..output.report import dumps
        print(dumps(diff_report.diff_json(diffs)))
    elif args.format == "markdown":
        print(diff_report.diff_markdown(diffs, args.all), end="")
    elif args.format == "html":
        print(diff_report.diff_html(diffs, args.all), end="")
    else:
        print(diff_report.diff_text(diffs, args.all, _width()), end="")
    return EXIT_OK


def run_compare(args) -> int:
    from ..cases.load import CaseError, load_case
    from ..compiler.compile import editions, load_edition
    from ..language.errors import PolicyError
    from ..output.report import dumps
    from . import compare_report
    from .correspondence import installed_policy
    from .side_by_side import case_files, compare_case, compare_directory, resolve_editions
    names = [n for n in (args.editions or ",".join(editions())).split(",") if n]
    as_of = args.as_of or dt.date.today()
    try:
        policies = resolve_editions(names)
        programs = {policy.edition.name: load_edition(name)
                    for name, policy in zip(names, (installed_policy(n) for n in names))}
    except PolicyError as error:
        print(error, file=sys.stderr)
        return EXIT_INPUT
    target = Path(args.case)
    if target.is_dir():
        result = compare_directory(case_files(target), policies, programs, as_of)
        if args.format == "json":
            print(dumps(compare_report.directory_json(result)))
        else:
            print(compare_report.directory_table(result, _width()), end="")
        return EXIT_FINDINGS if result.errors else EXIT_OK
    try:
        case = load_case(target)
    except CaseError as error:
        print(error, file=sys.stderr)
        return EXIT_INPUT
    comparison = compare_case(case, policies, programs, as_of)
    if args.format == "json":
        print(dumps(compare_report.comparison_json(comparison)))
    elif args.format == "markdown":
        print(compare_report.comparison_markdown(comparison, args.all), end="")
    else:
        print(compare_report.comparison_table(comparison, args.all, _width()), end="")
    return EXIT_OK
