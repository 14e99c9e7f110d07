"""The `nsr test`, `nsr fmt` and `nsr lint` commands (cli.py only dispatches here)."""
from __future__ import annotations

import json
import sys
from pathlib import Path

from ..files import STDIN, STDIN_NAME, files_under, read_stdin_bytes, write_atomically
from ..output.exits import EXIT_FINDINGS, EXIT_INPUT, EXIT_OK, BadInput
from ..output.terminal import Screen

DEFAULT_TESTS = "tests/policies"


def test_command(paths: list[str], junit: str | None, coverage: bool, verbose: bool, screen: Screen = Screen()) -> int:
    from .policytest import PASS, run_paths
    from .testreport import text_report, write_junit
    paths = paths or [DEFAULT_TESTS]
    missing = [p for p in paths if not Path(p).exists()]
    if missing:
        raise BadInput(f"no such test file or folder: {', '.join(missing)}")
    tracker = None
    if coverage:
        from .coverage import CoverageTracker
        tracker = CoverageTracker()
    outcomes = run_paths(paths, tracker.observe if tracker else None)
    if not outcomes:
        raise BadInput(f"no tests found in {', '.join(paths)} (*.yaml files with a 'tests:' list)")
    sys.stdout.write(text_report(outcomes, verbose, screen))
    if tracker is not None:
        sys.stdout.write("\n" + tracker.report(screen))
    if junit:
        try:
            write_junit(outcomes, junit)
        except OSError as error:
            raise BadInput(f"{junit}: cannot write: {error.strerror or error}") from None
    return EXIT_OK if all(o.status == PASS for o in outcomes) else EXIT_FINDINGS


def policy_files(paths: list[str]) -> list[str]:
    """The policy files named, with every .nsr file under each folder named; '-' is standard input."""
    names = files_under(paths, (".nsr",))
    if names.count(STDIN) > 1:
        raise BadInput("standard input (-) can be read once")
    if not names:
        raise BadInput(f"no .nsr files under {', '.join(paths)}")
    return names


def read_policy(name: str) -> tuple[str, str]:
    """(the name to report it by, its text); PolicyError when it cannot be read, or is not UTF-8
    (at the line and column of the first byte that is not)."""
    from ..language.parse import decode_policy, read_policy as read_policy_file
    if name == STDIN:
        return STDIN_NAME, decode_policy(read_stdin_bytes(), STDIN_NAME)
    return name, read_policy_file(name)


def fmt_command(paths: list[str], check: bool, diff: bool) -> int:
    """Rewrite each file in the canonical layout; with --check only say which are not. '-' formats
    standard input to standard output."""
    import difflib
    from ..language.errors import PolicyError
    from .fmt import FormatError, changed_lines, format_text
    status = EXIT_OK
    for path in policy_files(paths):
        try:
            shown, before = read_policy(path)
            after = format_text(before)
        except PolicyError as error:   # cannot be read, or not UTF-8
            print(error, file=sys.stderr)
            status = EXIT_INPUT
            continue
        except FormatError as error:
            print(f"{STDIN_NAME if path == STDIN else path}: not formatted: {error}", file=sys.stderr)
            status = EXIT_INPUT
            continue
        if path == STDIN and not check and not diff:
            sys.stdout.write(after)   # a filter: the formatted text, changed or not
            continue
        if after == before:
            continue
        if diff:
            sys.stdout.writelines(difflib.unified_diff(before.splitlines(True), after.splitlines(True),
                                                       shown, f"{shown} (formatted)"))
        if check:
            print(f"{shown}: not formatted ({changed_lines(before, after)} lines would change)")
            status = max(status, EXIT_FINDINGS)
        elif not diff:
            try:
                write_atomically(path, after)
            except OSError as error:
                print(f"{path}: cannot write: {error.strerror or error}", file=sys.stderr)
                status = EXIT_INPUT
                continue
            print(f"{path}: formatted ({changed_lines(before, after)} lines changed)")
    return status


def lint_command(paths: list[str], form: str = "text", strict: bool = False) -> int:
    """`nsr lint`: every problem with file:line:column, or with --format json every diagnostic
    as data for editors and CI. A file that cannot be read is a problem of its own.  Exit 1 for
    an error; warnings alone (a standard in no topic, a condition with no plain English) are
    shown and exit 0, unless `strict` (CI for the installed editions) makes them fail too."""
    from ..language.errors import PolicyError
    from .lint import lint
    files, found, unreadable = [], 0, 0
    for name in policy_files(paths):
        try:
            shown, text = read_policy(name)
        except PolicyError as error:   # cannot be read, or not UTF-8
            if form == "json":
                files.append({"file": name, "ok": False,
                              "diagnostics": [diagnostic_json(d) for d in error.diagnostics]})
            else:
                print(error, file=sys.stderr)
            unreadable += 1
            continue
        try:
            problems = lint(text, shown)
        except PolicyError as error:  # a shared rule file (prelude, library) that every edition loads is wrong
            problems = error.diagnostics
        found += sum(1 for p in problems if strict or not is_warning(p))
        if form == "json":
            diagnostics = [diagnostic_json(d) for d in problems]
            files.append({"file": shown, "ok": not diagnostics, "diagnostics": diagnostics})
            continue
        for problem in problems:
            print(problem.describe())
        if not problems:
            print(f"{shown}: ok")
    if form == "json":
        print(json.dumps({"format": 1, "files": files}, indent=2, ensure_ascii=False))
    return EXIT_INPUT if unreadable else EXIT_FINDINGS if found else EXIT_OK


def is_warning(diagnostic) -> bool:
    """A warning does not stop `nsr check`; plain `nsr lint` shows it and still exits 0."""
    return diagnostic.message.startswith("warning:")


def diagnostic_json(diagnostic) -> dict:
    span = diagnostic.span
    severity = "warning" if is_warning(diagnostic) else "error"
    return {"file": span.file, "line": span.line or None, "column": span.column or None, "severity": severity,
            "message": diagnostic.message, "found": diagnostic.found, "expected": diagnostic.expected,
            "hint": diagnostic.hint, "text": diagnostic.describe()}
