"""The `nsr test`, `nsr fmt` and `nsr lint --format json` commands (cli.py only dispatches here)."""
from __future__ import annotations

import json
import sys
from pathlib import Path

EXIT_OK, EXIT_FINDINGS, EXIT_INPUT = 0, 1, 2
DEFAULT_TESTS = "tests/policies"


def test_command(paths: list[str], junit: str | None, coverage: bool, verbose: bool) -> int:
    from .policytest import PASS, run_paths
    from .testreport import text_report, write_junit
    paths = paths or [DEFAULT_TESTS]
    missing = [p for p in paths if not Path(p).exists()]
    if missing:
        print(f"no such test file or folder: {', '.join(missing)}", file=sys.stderr)
        return EXIT_INPUT
    tracker = None
    if coverage:
        from .coverage import CoverageTracker
        tracker = CoverageTracker()
    outcomes = run_paths(paths, tracker.observe if tracker else None)
    if not outcomes:
        print(f"no tests found in {', '.join(paths)} (*.yaml files with a 'tests:' list)", file=sys.stderr)
        return EXIT_INPUT
    print(text_report(outcomes, verbose))
    if tracker is not None:
        print()
        print(tracker.report())
    if junit:
        write_junit(outcomes, junit)
    return EXIT_OK if all(o.status == PASS for o in outcomes) else EXIT_FINDINGS


def fmt_command(paths: list[str], check: bool, diff: bool) -> int:
    """Rewrite each file in the canonical layout; with --check only say which are not."""
    import difflib
    from ..language.errors import PolicyError
    from ..language.parse import read_policy
    from .fmt import FormatError, changed_lines, format_text
    files: list[Path] = []
    for name in paths:
        path = Path(name)
        files += sorted(path.rglob("*.nsr")) if path.is_dir() else [path]
    status = EXIT_OK
    for path in files:
        try:
            before = read_policy(path)
            after = format_text(before)
        except PolicyError as error:   # cannot be read, or not UTF-8
            print(error, file=sys.stderr)
            status = EXIT_INPUT
            continue
        except FormatError as error:
            print(f"{path}: not formatted: {error}", file=sys.stderr)
            status = EXIT_INPUT
            continue
        if after == before:
            continue
        if diff:
            sys.stdout.writelines(difflib.unified_diff(before.splitlines(True), after.splitlines(True),
                                                       str(path), f"{path} (formatted)"))
        if check:
            print(f"{path}: not formatted ({changed_lines(before, after)} lines would change)")
            status = max(status, EXIT_FINDINGS)
        elif not diff:
            path.write_text(after, encoding="utf-8")
            print(f"{path}: formatted ({changed_lines(before, after)} lines changed)")
    return status


def lint_json(paths: list[str]) -> int:
    """`nsr lint --format json`: every diagnostic with file, line, column, for editors and CI."""
    from .lint import lint_file
    files, found = [], 0
    for name in paths:
        diagnostics = [diagnostic_json(d) for d in lint_file(name)]
        files.append({"file": name, "ok": not diagnostics, "diagnostics": diagnostics})
        found += len(diagnostics)
    print(json.dumps({"format": 1, "files": files}, indent=2))
    return EXIT_FINDINGS if found else EXIT_OK


def diagnostic_json(diagnostic) -> dict:
    span = diagnostic.span
    severity = "warning" if diagnostic.message.startswith("warning:") else "error"
    return {"file": span.file, "line": span.line or None, "column": span.column or None, "severity": severity,
            "message": diagnostic.message, "found": diagnostic.found, "expected": diagnostic.expected,
            "hint": diagnostic.hint, "text": diagnostic.describe()}
