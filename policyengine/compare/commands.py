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
    if len(names) < 2:
        raise BadInput("nsr diff needs two editions or more (e.g. nsr diff 2007 2015)")
    standalone = _standalone_pair(names)
    if standalone is not None:
        return _result_diff(args, *standalone)
    if getattr(args, "cases", None):
        raise BadInput("nsr diff --cases compares two versions of a rule file of its own kind "
                       "(hmpps-tier/v3-2026-06-08 hmpps-tier/v3-2026-06-18); `nsr compare` judges cases under editions")
    if args.format == "json":
        from ..output.report import dumps
        return dumps(diff_json(names, args.topic))
    diffs = edition_diffs(names, args.topic)
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
