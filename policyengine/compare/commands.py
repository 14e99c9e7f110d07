"""The `nsr diff` and `nsr compare` commands (cli.py registers them, calls these and prints or
writes what they return)."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..output.exits import EXIT_FINDINGS, EXIT_OK, BadInput
from ..output.terminal import Screen


def run_diff(args, screen: Screen) -> str:
    """What changed between the editions named (oldest first), in the format asked for."""
    from ..documents import diff_json, edition_diffs
    from . import diff_report
    names = [name for given in args.editions for name in given]
    if args.format == "json":
        from ..output.report import dumps
        return dumps(diff_json(names, args.topic))
    diffs = edition_diffs(names, args.topic)
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
    from ..compiler.compile import editions
    from ..documents import compare_json, compared_editions
    from ..output.report import dumps
    from . import compare_report
    from .side_by_side import case_files, compare_case, compare_directory
    names = args.editions or editions()
    as_of = args.as_of or dt.date.today()
    policies, programs = compared_editions(names)
    target = Path(args.case)
    if args.case != "-" and target.suffix in (".duckdb", ".db") and target.is_file():
        return _impact(target, names, list(programs.values()), as_of, args.format), EXIT_OK
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
    if args.format == "json":
        return dumps(compare_json(case, names, as_of)), EXIT_OK
    comparison = compare_case(case, policies, programs, as_of)
    if args.format == "markdown":
        return compare_report.comparison_markdown(comparison, args.all), EXIT_OK
    return compare_report.comparison_table(comparison, args.all, screen), EXIT_OK


def _impact(store_path: Path, names: list[str], programs: list, as_of: dt.date, form: str) -> str:
    """`nsr compare STORE --editions PUBLISHED,DRAFT`: the verdict flips a draft would make."""
    from ..caseload.store import open_store
    from ..output.report import dumps
    from .impact import impact, impact_json, impact_text
    if len(programs) != 2:
        raise BadInput(f"nsr compare {store_path}: name two editions, the published one and the draft "
                       "(--editions 2015,draft.nsr)")
    if form == "markdown":
        raise BadInput("nsr compare STORE: --format markdown is for one case; use table or json for a store")
    store = open_store(store_path)
    try:
        found = impact(store, programs[0], programs[1], as_of)
    finally:
        store.close()
    return dumps(impact_json(found)) if form == "json" else impact_text(found)
