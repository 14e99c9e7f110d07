"""The `nsr` command: check a case, explain an answer, lint a policy, validate case files."""
from __future__ import annotations

import argparse
import gc
import datetime as dt
import sys
from pathlib import Path

EXIT_OK, EXIT_FINDINGS, EXIT_INPUT = 0, 1, 2


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="nsr", description="National Standards policy engine")
    sub = parser.add_subparsers(dest="command", required=True)

    def with_case(p: argparse.ArgumentParser) -> None:
        p.add_argument("case", help="case file (YAML or JSON)")
        p.add_argument("--edition", default="2007",
                       help="an edition (2007, ...), 'auto' (each obligation under the edition in force on its "
                            "trigger date) or a path to a .nsr policy file")
        p.add_argument("--as-of", type=_date, default=None, help="the date to judge on (default: today)")

    check = sub.add_parser("check", help="list every obligation of a case with its status")
    with_case(check)
    check.add_argument("--format", choices=["table", "json"], default="table")
    check.add_argument("--all", action="store_true", help="also list what does not apply, and why")

    why = sub.add_parser("why", help="explain an obligation's status (or why it does not apply)")
    with_case(why)
    why.add_argument("obligation", help="standard id (2c.6) or obligation id (2c.6/first_meeting)")
    why.add_argument("--trigger", help="only the obligation started by this event id")
    why.add_argument("--format", choices=["text", "json", "dot"], default="text")

    lint = sub.add_parser("lint", help="check policy files for errors")
    lint.add_argument("policies", nargs="+")

    validate = sub.add_parser("validate", help="check case files against the schema")
    validate.add_argument("cases", nargs="+")

    standards = sub.add_parser("standards", help="list the standards of an edition")
    standards.add_argument("edition")
    return parser


def main(argv: list[str] | None = None) -> int:
    # One short-lived run over a few thousand pyDatalog objects: cyclic-GC passes cost about a
    # quarter of a one-case `nsr check` and free nothing that matters before the process exits.
    gc.disable()
    args = _parser().parse_args(argv)
    try:
        return {"check": _check, "why": _why, "lint": _lint, "validate": _validate,
                "standards": _standards}[args.command](args)
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
    if args.edition == "auto":
        return evaluate_auto(programs, case, as_of)
    return evaluate(programs[0], case, as_of)


def _check(args) -> int:
    from . import report
    evaluation = _load(args)
    if evaluation is None:
        return EXIT_INPUT
    if args.format == "json":
        print(report.dumps(report.evaluation_json(evaluation, args.all)))
    else:
        print(report.evaluation_table(evaluation, args.all))
    return EXIT_OK


def _why(args) -> int:
    from . import report
    from .explain import UnknownObligation, explain
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
    if args.format == "json":
        print(report.dumps(report.graph_json(graph, roots)))
    elif args.format == "dot":
        print(report.graph_dot(graph))
    else:
        print(report.trees_text(graph, roots))
    return EXIT_OK


def _lint(args) -> int:
    from .compiler.compile import lint
    found = 0
    for name in args.policies:
        try:
            text = Path(name).read_text(encoding="utf-8")
        except OSError as error:
            print(f"{name}: cannot read: {error.strerror}", file=sys.stderr)
            found += 1
            continue
        problems = lint(text, name)
        for problem in problems:
            print(problem)
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
    from .report import standard_order
    try:
        program = load_edition(args.edition)
    except PolicyError as error:
        print(error, file=sys.stderr)
        return EXIT_INPUT
    for standard in sorted(program.standards.values(), key=lambda s: standard_order(s.id)):
        print(f"{standard.id:8} {standard.kind:12} {standard.title}")
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
