"""The `nsr` command: check a case, explain an answer, lint a policy, validate case files.

Exit codes (output/exits.py): 0 done; 1 findings (including a status chosen with --fail-on);
2 bad input, said in one line on standard error; 3 a bug in nsr.
"""
from __future__ import annotations

import argparse
import errno
import gc
import datetime as dt
import os
import sys
from pathlib import Path

from .files import STDIN, STDIN_NAME
from .output.exits import EXIT_BUG, EXIT_FINDINGS, EXIT_INPUT, EXIT_OK, BadInput, fail_on_exit, fail_on_groups

CASE_SUFFIXES = (".yaml", ".yml", ".json")


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


# ------------------------------------------------------------------ option values
def _count(text: str) -> int:
    """A count of things to make: a whole number, 1 or more."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, not {value}")
    return value


def _days(text: str) -> int:
    """A number of working days: 0 or more."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, not {value}")
    return value


def _family_files() -> list[str]:
    from .compiler.compile import family_files
    return family_files()


def _workers(text: str) -> int:
    """A number of server processes, 1 to 32."""
    if not text.isdigit() or not 0 < int(text) <= 32:
        raise argparse.ArgumentTypeError(f"must be a whole number from 1 to 32, not {text!r}")
    return int(text)


def _port(text: str) -> int:
    """A TCP port, 1 to 65535."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if not 0 < value < 65536:
        raise argparse.ArgumentTypeError(f"must be 1 to 65535, not {value}")
    return value


def _installed() -> list[str]:
    from .compiler.compile import editions
    return editions()


def unknown_edition(name: str) -> str:
    from .documents import unknown_edition as message
    return message(name)


def _edition_name(text: str) -> str:
    """An installed edition (or rule file of another kind, 'hmpps-tier/v3'), or a path to a .nsr policy file."""
    from .compiler.compile import family_files
    name = text.strip()
    if name in _installed() or name in family_files() or name.endswith(".nsr") or Path(name).is_file():
        return name
    raise argparse.ArgumentTypeError(unknown_edition(name))


def _edition_or_auto(text: str) -> str:
    return "auto" if text.strip() == "auto" else _edition_name(text)


def _id_list(text: str) -> list[str]:
    """'A,B' or 'A B': case ids."""
    ids = text.replace(",", " ").split()
    if not ids:
        raise argparse.ArgumentTypeError("name a case id or more")
    return ids


def _editions_or_auto(text: str) -> str | list[str]:
    return "auto" if text.strip() == "auto" else _edition_list(text)


def _edition_list(text: str) -> list[str]:
    """'2007,2015', '2007, 2015' or '2007 2015': each edition once."""
    names = [_edition_name(name) for name in text.replace(",", " ").split()]
    if not names:
        raise argparse.ArgumentTypeError(f"name one edition or more ({', '.join(_installed())})")
    twice = next((name for index, name in enumerate(names) if name in names[:index]), None)
    if twice:
        raise argparse.ArgumentTypeError(f"edition {twice!r} is named twice")
    return names


class _Once(argparse.Action):
    """An option that may be given once: a second value is an error, never silently the winner."""

    def __call__(self, parser, namespace, values, option_string=None):
        seen = f"_given_{self.dest}"
        if getattr(namespace, seen, False):
            raise argparse.ArgumentError(self, "given more than once; give it once")
        setattr(namespace, seen, True)
        setattr(namespace, self.dest, values)


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version
    try:
        return f"nsr (policyengine) {version('policyengine')}"
    except PackageNotFoundError:  # run from a source tree that was never installed
        return "nsr (policyengine, not installed)"


# ------------------------------------------------------------------ the parser
class _Parser(argparse.ArgumentParser):
    """A usage error is one line on standard error, and exit code 2."""

    def error(self, message: str):
        self.exit(EXIT_INPUT, f"{self.prog}: {message} (`{self.prog} --help` lists the options)\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="nsr", description="National Standards policy engine",
        epilog="Exit codes: 0 done; 1 findings (lint problems, invalid case files, failed policy tests, "
               "statuses chosen with --fail-on); 2 bad input; 3 a bug in nsr. A FILE argument of - reads "
               "standard input.")
    parser.add_argument("--version", action="version", version=_version())
    sub = parser.add_subparsers(dest="command", required=True)

    def output(p: argparse.ArgumentParser) -> None:
        p.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of standard output")

    def with_case(p: argparse.ArgumentParser) -> None:
        p.add_argument("case", help="case file (YAML or JSON); - reads it from standard input")
        p.add_argument("--edition", type=_edition_or_auto, default="2007", action=_Once,
                       help="an edition (2007, ...), 'auto' (each obligation under the edition in force on its "
                            "trigger date) or a path to a .nsr policy file")
        p.add_argument("--as-of", type=_date, default=None, action=_Once,
                       help="the date to judge on (default: today)")
        p.add_argument("--engine", choices=["plain", "pydatalog"], default="plain",
                       help="derive the answers in plain Python (fast; the default) or in pyDatalog, the "
                            "reference engine: both give the same answers")

    check = sub.add_parser("check", help="list every obligation of a case with its status")
    with_case(check)
    check.add_argument("--format", choices=["table", "json"], default="table")
    check.add_argument("--all", action="store_true", help="also list what does not apply, and why")
    check.add_argument("--windows", action="store_true",
                       help="every window of a contact schedule in its own row (default: one row per schedule)")
    check.add_argument("--fail-on", type=fail_on_groups, action="append", metavar="GROUP[,GROUP]",
                       help="exit 1 when an obligation has a status in a group: overdue, missed, judgement, missing "
                            "(repeatable or comma-separated; for CI)")
    output(check)

    why = sub.add_parser("why", help="explain an obligation's status (or why it does not apply)")
    with_case(why)
    why.add_argument("obligation", help="standard id (2c.6) or obligation id (2c.6/first_meeting); 'tier' or "
                     "'mappa' for the tiering grid or the MAPPA criteria on the as-of date")
    why.add_argument("--trigger", help="only the obligation started by this event id")
    why.add_argument("--format", choices=["text", "json", "dot", "svg", "html"], default="text",
                     help="svg: the derivation drawn as a picture; html: a self-contained page with it")
    output(why)
    why.add_argument("--full", action="store_true",
                     help="text: after the short answer, the whole derivation (rules, facts, dates)")

    lint = sub.add_parser("lint", help="check policy files for errors")
    lint.add_argument("policies", nargs="+", help=".nsr files or folders (every .nsr file under them); - reads "
                      "standard input")
    lint.add_argument("--strict", action="store_true", help="exit 1 on warnings too (plain lint exits 0 on warnings)")
    lint.add_argument("--format", choices=["text", "json"], default="text",
                      help="json: every diagnostic with file, line and column, for editors and CI")

    validate = sub.add_parser("validate", help="check case files against the schema")
    validate.add_argument("cases", nargs="+", help="case files or folders (every .yaml, .yml and .json file under "
                          "them); - reads standard input")
    validate.add_argument("--edition", type=_edition_name, default=None,
                          help="for a case of another kind (kind: hmpps_tier): the rule file whose inputs it must "
                               "give (default: any installed rule file of that kind)")

    standards = sub.add_parser("standards", help="list the standards of an edition")
    standards.add_argument("edition", type=_edition_name)
    standards.add_argument("--format", choices=["table", "json"], default="table",
                           help="json: each standard with its quotes, readings, obligations and the rule as written")

    diff = sub.add_parser("diff", help="what changed between editions, topic by topic")
    diff.add_argument("editions", nargs="+", type=_edition_list,
                      help="two editions or more, oldest first (2007 2015, or 2007 2011 2015)")
    diff.add_argument("--format", choices=["table", "markdown", "html", "json"], default="table")
    diff.add_argument("--topic", action="append", help="only this topic (repeatable)")
    diff.add_argument("--all", action="store_true", help="also show the topics whose rules did not change")
    diff.add_argument("--cases", action="append", metavar="PATH",
                      help="two versions of a rule file of its own kind: calculate these cases (case files, or "
                           "policy test files) under both and list those whose results change, and why (repeatable)")
    diff.add_argument("--as-of", type=_date, default=None, action=_Once,
                      help="with --cases: the date to calculate on (default: each case's own, else today)")
    output(diff)

    compare = sub.add_parser("compare", help="what a case (or a folder of cases) owes under each edition")
    compare.add_argument("case", help="a case file, a directory of case files, a caseload store (.duckdb: with "
                         "--editions PUBLISHED,DRAFT, the verdicts the draft would flip), or - for standard input")
    compare.add_argument("--editions", type=_edition_list, action=_Once,
                         help="editions, comma-separated (default: every installed edition)")
    compare.add_argument("--as-of", type=_date, default=None, action=_Once,
                         help="the date to judge on (default: today)")
    compare.add_argument("--format", choices=["table", "markdown", "json"], default="table")
    compare.add_argument("--all", action="store_true", help="also the topics with only judgements")
    output(compare)

    test = sub.add_parser("test", help="run policy tests (YAML files of cases and expected results)")
    test.add_argument("paths", nargs="*", help="test files or folders (default: tests/policies)")
    test.add_argument("--junit", metavar="FILE", help="also write the results as JUnit XML")
    test.add_argument("--coverage", action="store_true",
                      help="per edition, the standards, obligations and rules the tests exercised, and the rest")
    test.add_argument("--verbose", "-v", action="store_true", help="show every test's details")

    fmt = sub.add_parser("fmt", help="rewrite policy files in the canonical layout (comments kept)")
    fmt.add_argument("paths", nargs="+", help=".nsr files or folders; - formats standard input to standard output")
    fmt.add_argument("--check", action="store_true", help="change nothing; exit 1 if a file is not formatted")
    fmt.add_argument("--diff", action="store_true", help="print the changes instead of writing them")

    timeline = sub.add_parser("timeline", help="draw a case's events, triggers and due dates on one date axis")
    with_case(timeline)
    timeline.add_argument("--format", choices=["svg", "html"], default="svg")
    output(timeline)
    timeline.add_argument("--all", action="store_true", help="also the obligations with no clock (judgements)")

    generate = sub.add_parser("generate", help="write a synthetic caseload (JSON Lines) for benchmarks and demos")
    generate.add_argument("--cases", type=_count, required=True, help="how many cases (1 or more)")
    generate.add_argument("--seed", type=int, default=1)
    generate.add_argument("-o", "--output", default="caseload.jsonl", metavar="FILE")

    caseload = sub.add_parser("caseload", help="whole caseloads: import once, check often")
    caseload_sub = caseload.add_subparsers(dest="caseload_command", required=True)
    imported = caseload_sub.add_parser("import", help="validate a caseload and store it in a DuckDB file")
    imported.add_argument("source", nargs="?", help="folder of case files, .jsonl file, or folder with cases/events tables")
    imported.add_argument("--db", required=True, metavar="FILE", help="the DuckDB file to create (or, with "
                          "--update/--remove, to change)")
    imported.add_argument("--update", action="store_true", help="change an existing store: replace the cases "
                          "whose ids the caseload brings, keep the others")
    imported.add_argument("--remove", type=_id_list, action="append", metavar="IDS",
                          help="withdraw these case ids from the store (comma-separated; repeatable)")
    imported.add_argument("--errors", metavar="FILE", help="where invalid cases are listed (default: FILE.errors.csv)")
    checked = caseload_sub.add_parser("check", help="worklist and compliance report for a whole caseload")
    checked.add_argument("source", help="a DuckDB file from 'nsr caseload import', or any caseload input")
    checked.add_argument("--as-of", type=_date, required=True, action=_Once)
    checked.add_argument("--edition", type=_editions_or_auto, default="auto", action=_Once,
                         help="'auto' (the default: each obligation under the edition in force on its trigger "
                              "date), or editions, comma-separated, each judging every obligation")
    checked.add_argument("--within", type=_days, default=5, help="due within this many working days (default 5)")
    checked.add_argument("--out", default="caseload-report", metavar="FOLDER")
    checked.add_argument("--fail-on", type=fail_on_groups, action="append", metavar="GROUP[,GROUP]",
                         help="exit 1 when any case has an obligation with a status in a group: overdue, missed, "
                              "judgement, missing (repeatable or comma-separated)")

    serve = sub.add_parser("serve", help="serve a caseload over HTTP: a JSON API under /v1 and web pages")
    serve.add_argument("source", nargs="?", help="a folder of case files, a .jsonl file or a store from "
                       "`nsr caseload import` (default: the example cases installed with nsr)")
    serve.add_argument("--host", default="127.0.0.1", help="the address to listen on (default 127.0.0.1; any "
                       "other needs --token-file)")
    serve.add_argument("--port", type=_port, default=8000)
    serve.add_argument("--token-file", metavar="FILE", help="a file holding the token every request must send "
                       "('Authorization: Bearer TOKEN')")
    serve.add_argument("--no-auth", action="store_true", help="allow an address other than loopback without a "
                       "token (a warning is printed)")
    serve.add_argument("--workers", type=_workers, default=1, help="server processes answering requests (default "
                       "1; each holds the caseload: see the README's Serve section)")
    return parser


# ------------------------------------------------------------------ running
def main(argv: list[str] | None = None) -> int:
    # One short-lived run over a few thousand pyDatalog objects: cyclic-GC passes cost about a
    # quarter of a one-case `nsr check` and free nothing that matters before the process exits.
    gc.disable()
    from .output.terminal import use_ascii_fallbacks
    use_ascii_fallbacks()  # LANG=C or PYTHONIOENCODING=ascii: '→' is written '->', never a traceback
    args = _parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except BadInput as error:
        print(error, file=sys.stderr)
        return EXIT_INPUT
    except BrokenPipeError:  # `nsr ... | head`: the reader has all it wanted
        _silence_stdout()
        return EXIT_OK
    except KeyboardInterrupt:
        return 130
    except Exception as error:  # noqa: BLE001 - the last resort: one line, never a traceback
        if os.environ.get("NSR_DEBUG"):
            raise
        print(f"nsr: internal error ({type(error).__name__}: {error}). This is a bug in nsr; please report it "
              "with the command that caused it (NSR_DEBUG=1 shows where it happened).", file=sys.stderr)
        return EXIT_BUG


def _silence_stdout() -> None:
    """After a broken pipe, point standard output at /dev/null so the flush at exit says nothing."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # not a real file (a test's capture): nothing to flush
        pass


def _screen(args):
    """What the output will be shown on: the terminal, or with -o a file (fixed width, no colour)."""
    from .output.terminal import file_screen, screen_for
    return file_screen() if getattr(args, "output", None) else screen_for(sys.stdout)


def _emit(text: str, output: str | None) -> int:
    """Print, or write to -o FILE in one step (a half-written file is never left behind)."""
    if not text.endswith("\n"):
        text += "\n"
    if not output:
        sys.stdout.write(text)
        return EXIT_OK
    from .files import write_atomically
    try:
        write_atomically(output, text)
    except OSError as error:
        print(f"{output}: cannot write: {error.strerror or error}", file=sys.stderr)
        return EXIT_INPUT
    return EXIT_OK


def read_case(name: str):
    """The case file named, or with '-' the case on standard input; BadInput with every problem if it is not valid."""
    from .cases.load import CaseError
    from .cases.source import read_case as read
    try:
        return read(name)
    except CaseError as error:
        raise BadInput(str(error)) from None


def _program(name: str):
    from .documents import program
    return program(name)


def _calculate(args, program):
    """A case of a stand-alone kind: its inputs checked against the rule file, its results calculated."""
    from .calculate import calculate
    from .cases.inputs import read_input_case
    from .cases.load import CaseError
    try:
        case = read_input_case(args.case, program)
    except CaseError as error:
        raise BadInput(str(error)) from None
    return calculate(program, case, args.as_of or case.as_of or dt.date.today(), getattr(args, "engine", "plain"))


def _load(args):
    from .documents import evaluation_for, installed, program
    for name in installed() if args.edition == "auto" else [args.edition]:
        program(name)   # a policy error is reported before the case is read
    if args.edition != "auto" and program(args.edition).stands_alone:
        return _calculate(args, program(args.edition))
    try:
        case = read_case(args.case)
    except BadInput as error:
        from .cases.inputs import declared_kind
        kind = declared_kind(args.case)
        if kind and kind != "national_standards":
            raise BadInput(f"{args.case}: a case of kind {kind}: name a rule file of that kind with --edition "
                           f"(installed: {', '.join(_family_files()) or 'none'})") from None
        raise error
    return evaluation_for(case, args.edition, args.as_of or dt.date.today(), getattr(args, "engine", "plain"))


def _check(args) -> int:
    from .documents import check_json
    from .output import report
    evaluation = _load(args)
    from .calculate import Calculation
    if isinstance(evaluation, Calculation):   # a rule file of its own kind: its declared results
        from .output.results import results_json, results_table
        text = (report.dumps(results_json(evaluation)) if args.format == "json"
                else results_table(evaluation, _screen(args)))
        return _emit(text, args.output)
    if args.format == "json":
        text = report.dumps(check_json(evaluation, args.all))
    else:
        text = report.evaluation_table(evaluation, args.all, _screen(args), windows=args.windows)
    return _emit(text, args.output) or fail_on_exit((r.status for r in evaluation.results), args.fail_on)


def unknown_obligation(query: str, program) -> str:
    from .documents import unknown_obligation as message
    return message(query, program)


def _why(args) -> int:
    from .documents import judging_part, why_graph, why_json
    from .output import report
    from .output.terminal import prose
    evaluation = _load(args)
    from .calculate import Calculation
    if isinstance(evaluation, Calculation):   # a rule file of its own kind: explain a declared result
        return _why_result(args, evaluation)
    evaluation = judging_part(evaluation, args.obligation)  # --edition auto: the edition that judged it
    if args.format == "json":
        return _emit(report.dumps(why_json(evaluation, args.obligation, args.trigger)), args.output)
    if args.obligation in ("tier", "mappa"):  # the tiering grid / MAPPA criteria on the as-of date
        from .explain.derived import subject_unloaded
        if (unloaded := subject_unloaded(evaluation.program, args.obligation)) is not None:
            raise BadInput(unloaded)
        if args.format in ("svg", "html"):
            from .output.pictures.commands import subject_picture
            return _emit(subject_picture(evaluation, args.obligation, args.format), args.output)
        text = report.subject_text(evaluation, args.obligation, args.format)
        return _emit(prose(text, _screen(args)) if args.format == "text" else text, args.output)
    graph, roots = why_graph(evaluation, args.obligation, args.trigger)
    from .explain.narrative import explanations, explanations_text
    if args.format == "dot":
        text = report.graph_dot(graph)
    elif args.format in ("svg", "html"):
        from .output.pictures.commands import why_picture
        text = why_picture(evaluation, args, graph, roots)
    else:
        text = explanations_text(explanations(evaluation, args.obligation, args.trigger))
        from .documents import layer_sentence
        layer = layer_sentence(evaluation.program, args.obligation)
        if layer:   # a layered policy: which layer the obligation comes from, and why it is there
            text = f"{layer}\n\n{text}"
        if args.full:
            text += "\n\n" + report.trees_text(graph, roots)
        else:
            text += "\n\n(--full shows the whole derivation: each rule with its paragraph, the case facts and the dates)"
        text = prose(text, _screen(args))   # wrapped to the screen, each line under where it started
    return _emit(text, args.output)


def _why_result(args, calculation) -> int:
    from .output import report
    from .output.results import UnknownResult, why_lines, why_text
    from .output.terminal import prose
    name = args.obligation
    try:
        if args.format == "json":
            from .explain.changes import changes
            from .output.results import results_json
            data = results_json(calculation)
            data["results"] = [r for r in data["results"] if r["result"] == name]
            why_lines(calculation, name)   # an unknown result is refused before anything is written
            data["why"] = why_lines(calculation, name)
            data["changes"] = [{"change": what, "values": [list(map(str, row)) for row in after]}
                               for what, after in changes(calculation, name)]
            return _emit(report.dumps(data), args.output)
        if args.format != "text":
            raise BadInput(f"nsr why for a result of {calculation.program.edition.name} is text or json, "
                           f"not {args.format}")
        text = why_text(calculation, name)
        if args.full:   # the whole derivation: every rule with its standard and place, every input
            from .explain.derivation import Explainer
            explainer = Explainer(calculation.kb, calculation.program, {})
            roots = [explainer.why(name, row) for row in calculation.values[name]]
            text += "\n\n" + report.trees_text(explainer.graph, roots)
    except UnknownResult:
        import difflib
        declared = [r.pred for r in calculation.program.results]
        close = difflib.get_close_matches(name, declared, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise BadInput(f"no result {name!r} in {calculation.program.edition.name}{hint} "
                       f"(it declares {', '.join(declared)})") from None
    return _emit(prose(text, _screen(args)), args.output)


def _timeline(args) -> int:
    from .output.pictures.commands import timeline_picture
    evaluation = _load(args)
    return _emit(timeline_picture(evaluation, args), args.output)


def _lint(args) -> int:
    from .tooling.commands import lint_command
    return lint_command(args.policies, args.format, args.strict)


def _validate(args) -> int:
    """Every case file named (or under a folder named) against the schema: 1 if one is invalid,
    2 if one cannot be read at all."""
    from .cases.inputs import declared_kind, validate_input_case
    from .cases.load import CaseError
    from .cases.source import read_case
    from .files import files_under
    names = files_under(args.cases, CASE_SUFFIXES)
    if names.count(STDIN) > 1:
        raise BadInput("standard input (-) can be read once")
    if not names:
        raise BadInput(f"no case files (.yaml, .yml, .json) under {', '.join(args.cases)}")
    status = EXIT_OK
    for name in names:
        if name != STDIN and not Path(name).is_file():
            reason = "not a file" if Path(name).exists() else os.strerror(errno.ENOENT)
            print(f"{name}: cannot read the file: {reason}", file=sys.stderr)
            status = EXIT_INPUT
            continue
        try:
            kind = declared_kind(name)
            if kind and kind != "national_standards":   # a case of a rule file of its own kind
                files = _rule_files_of_kind(kind, args.edition)
                if not files:
                    raise _unknown_kind(name, kind)
                case, against = validate_input_case(name, kind, files)
                print(f"{STDIN_NAME if name == STDIN else name}: ok ({case.id}; the inputs of {against})")
                continue
            case = read_case(name)
            print(f"{STDIN_NAME if name == STDIN else name}: ok ({case.id})")
        except CaseError as error:
            print(error)
            status = max(status, EXIT_FINDINGS)
    return status


def _rule_files_of_kind(kind: str, edition: str | None) -> dict:
    """The rule files a case of `kind` is validated against: the one --edition names, or every
    installed one of that kind."""
    from .documents import program
    if edition:
        chosen = program(edition)
        if chosen.edition.kind != kind:
            raise BadInput(f"--edition {edition} is a rule file of kind {chosen.edition.kind}, not {kind}")
        return {edition: chosen}
    found = {name: program(name) for name in reversed(_family_files())}   # the newest first
    return {name: p for name, p in found.items() if p.edition.kind == kind}


def _unknown_kind(name: str, kind: str) -> "CaseError":
    """A case whose `kind` no installed rule file has: that file's problem, at its field."""
    from .cases.load import CaseError, CaseProblem
    from .documents import program
    from .language.errors import did_you_mean
    kinds = sorted({"national_standards", *(program(f).edition.kind for f in _family_files())})
    hint = did_you_mean(kind, kinds)
    return CaseError(STDIN_NAME if name == STDIN else name, [CaseProblem(
        "kind", f"{kind!r} is not the kind of any installed rule file; expected one of {', '.join(kinds)}"
        + (f"; {hint}" if hint else ""))])


def _standards(args) -> int:
    from .output.report import standards_table
    program = _program(args.edition)
    if args.format == "json":
        from .documents import standards_json
        from .output.report import dumps
        return _emit(dumps(standards_json(program)), None)
    return _emit(standards_table(program, _screen(args)), None)


def _test(args) -> int:
    from .tooling.commands import test_command
    return test_command(args.paths, args.junit, args.coverage, args.verbose, _screen(args))


def _fmt(args) -> int:
    from .tooling.commands import fmt_command
    return fmt_command(args.paths, args.check, args.diff)


def _diff(args) -> int:
    from .compare.commands import run_diff
    return _emit(run_diff(args, _screen(args)), args.output)


def _compare(args) -> int:
    from .compare.commands import run_compare
    text, code = run_compare(args, _screen(args))
    return _emit(text, args.output) or code


def _generate(args) -> int:
    from .caseload.commands import generate_command
    return generate_command(args.cases, args.seed, args.output)


def _caseload(args) -> int:
    from .caseload.commands import check_command, import_command
    if args.caseload_command == "import":
        return import_command(args.source, args.db, args.errors, args.update,
                              [case for ids in args.remove or [] for case in ids])
    return check_command(args.source, args.as_of, args.edition, args.within, args.out, args.fail_on)


def _serve(args) -> int:
    from .service.serve import serve_command
    return serve_command(args.source, args.host, args.port, args.token_file, args.no_auth, args.workers)


COMMANDS = {"serve": _serve, "check": _check, "why": _why, "lint": _lint, "validate": _validate, "standards": _standards,
            "test": _test, "diff": _diff, "compare": _compare, "fmt": _fmt, "timeline": _timeline,
            "generate": _generate, "caseload": _caseload}


if __name__ == "__main__":
    sys.exit(main())
