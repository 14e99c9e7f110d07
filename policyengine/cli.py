"""The `nsr` command: check a case, explain an answer, lint a policy, validate case files."""
from __future__ import annotations

import argparse
import gc
import datetime as dt
import sys
from pathlib import Path

EXIT_OK, EXIT_FINDINGS, EXIT_INPUT = 0, 1, 2


def _date(text: str) -> dt.date:
    from .cases.load import date_range
    try:
        value = dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None
    first, last = date_range()
    if not first <= value <= last:
        raise argparse.ArgumentTypeError(f"{text} is outside the dates a case may hold ({first} to {last})")
    return value


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="nsr", description="National Standards policy engine")
    sub = parser.add_subparsers(dest="command", required=True)

    def with_case(p: argparse.ArgumentParser) -> None:
        p.add_argument("case", help="case file (YAML or JSON)")
        p.add_argument("--edition", default="2007",
                       help="an edition (2007, ...), 'auto' (each obligation under the edition in force on its "
                            "trigger date) or a path to a .nsr policy file")
        p.add_argument("--as-of", type=_date, default=None, help="the date to judge on (default: today)")
        p.add_argument("--engine", choices=["plain", "pydatalog"], default="plain",
                       help="derive the answers in plain Python (fast; the default) or in pyDatalog, the "
                            "reference engine: both give the same answers")

    check = sub.add_parser("check", help="list every obligation of a case with its status")
    with_case(check)
    check.add_argument("--format", choices=["table", "json"], default="table")
    check.add_argument("--all", action="store_true", help="also list what does not apply, and why")

    why = sub.add_parser("why", help="explain an obligation's status (or why it does not apply)")
    with_case(why)
    why.add_argument("obligation", help="standard id (2c.6) or obligation id (2c.6/first_meeting); 'tier' or "
                     "'mappa' for the tiering grid or the MAPPA criteria on the as-of date")
    why.add_argument("--trigger", help="only the obligation started by this event id")
    why.add_argument("--format", choices=["text", "json", "dot", "svg", "html"], default="text",
                     help="svg: the derivation drawn as a picture; html: a self-contained page with it")
    why.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of standard output")
    why.add_argument("--full", action="store_true",
                     help="text: after the short answer, the whole derivation (rules, facts, dates)")

    lint = sub.add_parser("lint", help="check policy files for errors")
    lint.add_argument("policies", nargs="+")
    lint.add_argument("--format", choices=["text", "json"], default="text",
                      help="json: every diagnostic with file, line and column, for editors and CI")

    validate = sub.add_parser("validate", help="check case files against the schema")
    validate.add_argument("cases", nargs="+")

    standards = sub.add_parser("standards", help="list the standards of an edition")
    standards.add_argument("edition")

    diff = sub.add_parser("diff", help="what changed between editions, topic by topic")
    diff.add_argument("editions", nargs="+", help="two editions or more, oldest first (2007 2015, or 2007 2011 2015)")
    diff.add_argument("--format", choices=["table", "markdown", "html", "json"], default="table")
    diff.add_argument("--topic", action="append", help="only this topic (repeatable)")
    diff.add_argument("--all", action="store_true", help="also show the topics whose rules did not change")

    compare = sub.add_parser("compare", help="what a case (or a folder of cases) owes under each edition")
    compare.add_argument("case", help="a case file, or a directory of case files")
    compare.add_argument("--editions", help="comma-separated editions (default: every installed edition)")
    compare.add_argument("--as-of", type=_date, default=None, help="the date to judge on (default: today)")
    compare.add_argument("--format", choices=["table", "markdown", "json"], default="table")
    compare.add_argument("--all", action="store_true", help="also the topics with only judgements")

    test = sub.add_parser("test", help="run policy tests (YAML files of cases and expected results)")
    test.add_argument("paths", nargs="*", help="test files or folders (default: tests/policies)")
    test.add_argument("--junit", metavar="FILE", help="also write the results as JUnit XML")
    test.add_argument("--coverage", action="store_true",
                      help="per edition, the standards, obligations and rules the tests exercised, and the rest")
    test.add_argument("--verbose", "-v", action="store_true", help="show every test's details")

    fmt = sub.add_parser("fmt", help="rewrite policy files in the canonical layout (comments kept)")
    fmt.add_argument("paths", nargs="+", help=".nsr files or folders")
    fmt.add_argument("--check", action="store_true", help="change nothing; exit 1 if a file is not formatted")
    fmt.add_argument("--diff", action="store_true", help="print the changes instead of writing them")

    timeline = sub.add_parser("timeline", help="draw a case's events, triggers and due dates on one date axis")
    with_case(timeline)
    timeline.add_argument("--format", choices=["svg", "html"], default="svg")
    timeline.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of standard output")
    timeline.add_argument("--all", action="store_true", help="also the obligations with no clock (judgements)")

    generate = sub.add_parser("generate", help="write a synthetic caseload (JSON Lines) for benchmarks and demos")
    generate.add_argument("--cases", type=int, required=True)
    generate.add_argument("--seed", type=int, default=1)
    generate.add_argument("-o", "--output", default="caseload.jsonl", metavar="FILE")

    caseload = sub.add_parser("caseload", help="whole caseloads: import once, check often")
    caseload_sub = caseload.add_subparsers(dest="caseload_command", required=True)
    imported = caseload_sub.add_parser("import", help="validate a caseload and store it in a DuckDB file")
    imported.add_argument("source", help="folder of case files, .jsonl file, or folder with cases/events tables")
    imported.add_argument("--db", required=True, metavar="FILE", help="the DuckDB file to create")
    imported.add_argument("--errors", metavar="FILE", help="where invalid cases are listed (default: FILE.errors.csv)")
    checked = caseload_sub.add_parser("check", help="worklist and compliance report for a whole caseload")
    checked.add_argument("source", help="a DuckDB file from 'nsr caseload import', or any caseload input")
    checked.add_argument("--as-of", type=_date, required=True)
    checked.add_argument("--edition", action="append", help="an edition (repeatable; default: every edition)")
    checked.add_argument("--within", type=int, default=5, help="due within this many working days (default 5)")
    checked.add_argument("--out", default="caseload-report", metavar="FOLDER")
    return parser


def main(argv: list[str] | None = None) -> int:
    # One short-lived run over a few thousand pyDatalog objects: cyclic-GC passes cost about a
    # quarter of a one-case `nsr check` and free nothing that matters before the process exits.
    gc.disable()
    args = _parser().parse_args(argv)
    try:
        return {"check": _check, "why": _why, "lint": _lint, "validate": _validate,
                "standards": _standards, "test": _test, "diff": _diff, "compare": _compare,
                "fmt": _fmt, "timeline": _timeline, "generate": _generate, "caseload": _caseload}[args.command](args)
    except BrokenPipeError:
        return EXIT_OK


def _load(args):
    from .cases.load import CaseError, load_case
    from .compiler.compile import editions, load_edition
    from .language.errors import PolicyError
    try:
        names = editions() if args.edition == "auto" else [args.edition]
        programs = [load_edition(name) for name in names]
    except PolicyError as error:
        print(error, file=sys.stderr)
        return None
    try:
        case = load_case(args.case)
    except CaseError as error:
        print(error, file=sys.stderr)
        return None
    from .evaluate import evaluate, evaluate_auto
    as_of = args.as_of or dt.date.today()
    engine = getattr(args, "engine", "plain")
    if args.edition == "auto":
        return evaluate_auto(programs, case, as_of, engine=engine)
    return evaluate(programs[0], case, as_of, engine=engine)


def _check(args) -> int:
    from .output import report
    evaluation = _load(args)
    if evaluation is None:
        return EXIT_INPUT
    if args.format == "json":
        print(report.dumps(report.evaluation_json(evaluation, args.all)))
    else:
        print(report.evaluation_table(evaluation, args.all))
    return EXIT_OK


def _why(args) -> int:
    from .output import report
    from .explain.derivation import UnknownObligation, explain
    evaluation = _load(args)
    if evaluation is None:
        return EXIT_INPUT
    if evaluation.parts:  # --edition auto: explain with the edition that judged the obligation
        judged = {r.edition for r in evaluation.find(args.obligation)}
        defined = [name for name, part in evaluation.parts.items()
                   if any(args.obligation in (i.id, i.standard, i.name) for i in part.program.obligations.values())]
        chosen = judged.pop() if len(judged) == 1 else (defined[0] if len(defined) == 1 else None)
        if chosen is not None:
            evaluation = evaluation.parts[chosen]
    if args.obligation in ("tier", "mappa"):  # the tiering grid / MAPPA criteria on the as-of date
        print(report.subject_text(evaluation, args.obligation, args.format))
        return EXIT_OK
    try:
        graph, roots = explain(evaluation, args.obligation, args.trigger)
    except UnknownObligation:
        known = ", ".join(sorted(evaluation.program.obligations))
        print(f"no obligation {args.obligation!r} in the {evaluation.program.edition.name} edition; "
              f"known: {known}", file=sys.stderr)
        return EXIT_INPUT
    if not roots:
        print(f"no obligation {args.obligation!r} started by {args.trigger!r} in this case", file=sys.stderr)
        return EXIT_INPUT
    from .explain.narrative import explanations, explanations_text
    if args.format == "json":
        answers = [e.data for e in explanations(evaluation, args.obligation, args.trigger)]
        print(report.dumps({**report.graph_json(graph, roots), "answers": answers}))
    elif args.format == "dot":
        print(report.graph_dot(graph))
    elif args.format in ("svg", "html"):
        from .output.pictures.commands import why_picture
        return _emit(why_picture(evaluation, args, graph, roots), args.output)
    else:
        print(explanations_text(explanations(evaluation, args.obligation, args.trigger)))
        if args.full:
            print("\n" + report.trees_text(graph, roots))
        else:
            print("\n(--full shows the whole derivation: each rule with its paragraph, the case facts and the dates)")
    return EXIT_OK


def _timeline(args) -> int:
    from .output.pictures.commands import timeline_picture
    evaluation = _load(args)
    if evaluation is None:
        return EXIT_INPUT
    return _emit(timeline_picture(evaluation, args), args.output)


def _emit(text: str, output: str | None) -> int:
    """Print, or write to -o FILE (a picture is usually wanted as a file)."""
    if not output:
        sys.stdout.write(text)
        return EXIT_OK
    try:
        Path(output).write_text(text, encoding="utf-8")
    except OSError as error:
        print(f"{output}: cannot write: {error.strerror}", file=sys.stderr)
        return EXIT_INPUT
    return EXIT_OK


def _lint(args) -> int:
    from .tooling.lint import lint
    from .language.errors import PolicyError
    if args.format == "json":
        from .tooling.commands import lint_json
        return lint_json(args.policies)
    found = 0
    for name in args.policies:
        try:
            text = Path(name).read_text(encoding="utf-8")
        except OSError as error:
            print(f"{name}: cannot read: {error.strerror}", file=sys.stderr)
            found += 1
            continue
        try:
            problems = lint(text, name)
        except PolicyError as error:  # a shared rule file (prelude, library) that every edition loads is wrong
            problems = error.diagnostics
        for problem in problems:
            print(problem.describe())
        found += len(problems)
        if not problems:
            print(f"{name}: ok")
    return EXIT_FINDINGS if found else EXIT_OK


def _validate(args) -> int:
    from .cases.load import CaseError, load_case
    bad = 0
    for name in args.cases:
        try:
            case = load_case(name)
            print(f"{name}: ok ({case.id})")
        except CaseError as error:
            print(error)
            bad += 1
    return EXIT_FINDINGS if bad else EXIT_OK


def _standards(args) -> int:
    from .compiler.compile import load_edition
    from .language.errors import PolicyError
    from .output.report import standard_order
    try:
        program = load_edition(args.edition)
    except PolicyError as error:
        print(error, file=sys.stderr)
        return EXIT_INPUT
    for standard in sorted(program.standards.values(), key=lambda s: standard_order(s.id)):
        print(f"{standard.id:8} {standard.kind:12} {standard.title}")
    return EXIT_OK


def _test(args) -> int:
    from .tooling.commands import test_command
    return test_command(args.paths, args.junit, args.coverage, args.verbose)


def _fmt(args) -> int:
    from .tooling.commands import fmt_command
    return fmt_command(args.paths, args.check, args.diff)


def _diff(args) -> int:
    from .compare.commands import run_diff
    return run_diff(args)


def _compare(args) -> int:
    from .compare.commands import run_compare
    return run_compare(args)


def _generate(args) -> int:
    from .caseload.commands import generate_command
    return generate_command(args.cases, args.seed, args.output)


def _caseload(args) -> int:
    from .caseload.commands import check_command, import_command
    if args.caseload_command == "import":
        return import_command(args.source, args.db, args.errors)
    return check_command(args.source, args.as_of, args.edition, args.within, args.out)


if __name__ == "__main__":
    sys.exit(main())
