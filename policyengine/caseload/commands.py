"""`nsr generate`, `nsr caseload import` and `nsr caseload check`: the command logic."""
from __future__ import annotations

import datetime as dt
import sys
import time
from pathlib import Path

from ..backends import bulk_report
from ..backends.bulk import BulkStore
from ..compiler.compile import editions, load_edition
from ..explain.narrative import plural
from ..output.exits import fail_on_exit
from .generate import write_jsonl
from .report import StandardCompliance
from .sources import Problem
from .store import import_caseload, load, open_store, stored_problems
from .write import problem_rows, write_all, write_csv

DB_SUFFIXES = (".duckdb", ".db")


class Progress:
    """A one-line progress bar on a terminal's stderr; silent when stderr is not a terminal."""

    def __init__(self, label: str, total: int | None = None, stream=None):
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty()
        self.label, self.total, self.done, self.shown = label, total, 0, 0.0

    def __call__(self, step: int = 1) -> None:
        self.done += step
        now = time.monotonic()
        if self.enabled and now - self.shown > 0.1:
            self.shown = now
            if self.total:
                filled = int(30 * self.done / self.total)
                self.stream.write(f"\r{self.label} [{'#' * filled}{'.' * (30 - filled)}] {self.done}/{self.total}")
            else:
                self.stream.write(f"\r{self.label} {self.done}")
            self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\r" + " " * 60 + "\r")
            self.stream.flush()


def generate_command(count: int, seed: int, output: str) -> int:
    progress = Progress("generating", count)
    try:
        write_jsonl(Path(output), count, seed, progress=progress)
    except OSError as error:
        progress.close()
        print(f"{output}: cannot write: {error.strerror or error}", file=sys.stderr)
        return 2
    progress.close()
    print(f"{count} cases written to {output} (seed {seed})")
    return 0


def _load(source: str, store: BulkStore) -> list[Problem]:
    """A caseload read into a store made for one check (not kept)."""
    progress = Progress("reading cases")
    _, _, problems = load(store, source, progress)
    progress.close()
    return problems


def _missing(source: str) -> bool:
    """Whether the caseload named on the command line is not there (said on stderr if so)."""
    if Path(source).exists():
        return False
    print(f"{source}: no such file or folder", file=sys.stderr)
    return True


def import_command(source: str | None, db: str, errors: str | None, update: bool = False,
                   remove: list[str] | None = None) -> int:
    """Import a caseload into a new store, or with --update/--remove change one (in one step)."""
    if source is None and not remove:
        print("name a caseload to import, or cases to withdraw with --remove", file=sys.stderr)
        return 2
    if source is not None and _missing(source):
        return 2
    progress = Progress("reading cases")
    try:
        summary = import_caseload(source, db, update, remove or [], progress)
    finally:
        progress.close()
    errors_path = Path(errors or f"{db}.errors.csv")
    problems = summary.problems
    if problems:
        write_csv(errors_path, problem_rows(problems))
    parts = [f"{plural(summary.imported, 'case')} imported into {db}" if source is not None else f"{db} updated"]
    if summary.replaced:
        parts.append(f"{plural(summary.replaced, 'stored case')} replaced")
    if remove:
        parts.append(f"{plural(summary.removed, 'case')} withdrawn")
    if summary.not_found:
        shown = ", ".join(summary.not_found[:5]) + (", ..." if len(summary.not_found) > 5 else "")
        parts.append(f"{plural(len(summary.not_found), 'id')} to withdraw not in the store ({shown})")
    if problems:
        parts.append(f"{plural(summary.invalid, 'invalid case')} skipped, problems in {errors_path}")
    print("; ".join(parts) + f"; {plural(summary.cases, 'case')} in the store")
    return 0


def check_command(source: str, as_of: dt.date, chosen: list[str] | None, within: int, out: str,
                  fail_on: list[list[str]] | None = None) -> int:
    """Evaluate every case under each edition; write the worklist, compliance report and errors.
    With `fail_on` (--fail-on groups), exit 1 when any case has a status in them."""
    if _missing(source):
        return 2
    if source.endswith(DB_SUFFIXES) and Path(source).is_file():
        store = open_store(source)
        problems = stored_problems(store)
    else:
        store = BulkStore()
        problems = _load(source, store)
    cases = store.case_count()
    bulk_report.reset(store)   # every edition's results stay in DuckDB; the report reads them as rows
    progress = Progress("evaluating editions", len(chosen or editions()))
    for name in chosen or editions():
        bulk_report.shape(store, load_edition(name), as_of)
        progress()
    progress.close()
    items = list(bulk_report.worklist_items(store, within))
    report = [StandardCompliance(**row) for row in bulk_report.compliance_counts(store)]
    try:
        written = write_all(Path(out), items, report, problems, as_of, cases, within)
    except OSError as error:
        print(f"{out}: cannot write the report: {error.strerror or error}", file=sys.stderr)
        return 2
    overdue = sum(1 for i in items if i.status == "overdue")
    untimed = sum(1 for i in items if i.status == "missing_data")
    print(f"{plural(cases, 'case')} as of {as_of.isoformat()}: {overdue} overdue, {untimed} cannot be timed, "
          f"{len(items) - overdue - untimed} due within {within} working days; "
          f"{plural(len({p.case for p in problems}), 'invalid case')}")
    print("written: " + ", ".join(str(p) for p in written))
    counts = bulk_report.status_counts(store)
    return fail_on_exit((status for status, n in counts.items() for _ in range(n)), fail_on)

