"""`nsr generate`, `nsr caseload import` and `nsr caseload check`: the command logic."""
from __future__ import annotations

import datetime as dt
import sys
import time
from collections.abc import Callable
from pathlib import Path

from ..backends import bulk_report
from ..backends.bulk import BulkStore
from ..compiler import ir
from ..compiler.compile import editions, load_edition
from ..compiler.identity import same_names
from ..evaluate import edition_in_force
from ..language.errors import PolicyError
from ..explain.narrative import plural
from ..output.exits import fail_on_exit
from .generate import write_jsonl
from .report import StandardCompliance, TeamCompliance
from .sources import Problem, count_records
from .store import import_caseload, load, open_store, stored_problems
from .write import problem_rows, write_all, write_csv

DB_SUFFIXES = (".duckdb", ".db")


class Progress:
    """A one-line progress bar on a terminal's stderr, with the time left once a total is known;
    silent when stderr is not a terminal (piped, redirected, in CI)."""

    def __init__(self, label: str, total: int | None = None, stream=None):
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty()
        self.label, self.total, self.done, self.shown = label, total, 0, 0.0
        self.started = time.monotonic()

    def __call__(self, step: int = 1) -> None:
        self.done += step
        now = time.monotonic()
        if self.enabled and now - self.shown > 0.1:
            self.shown = now
            self.stream.write("\r" + self.line(now))
            self.stream.flush()

    def line(self, now: float) -> str:
        """What the bar says `now` (a monotonic time)."""
        if not self.total:
            return f"{self.label} {self.done:,}"
        done = min(self.done, self.total)
        filled = int(30 * done / self.total)
        text = f"{self.label} [{'#' * filled}{'.' * (30 - filled)}] {done:,}/{self.total:,}"
        elapsed = now - self.started
        if done and elapsed >= 1:
            text += f", about {_duration(elapsed * (self.total - done) / done)} left"
        return text

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\r" + " " * 79 + "\r")
            self.stream.flush()


def _duration(seconds: float) -> str:
    """'45 s', '3 min 20 s', '1 h 05 min': a time left, rounded as a person reads it."""
    seconds = int(round(seconds))
    if seconds < 60:
        return f"{seconds} s"
    if seconds < 3600:
        return f"{seconds // 60} min {seconds % 60:02d} s"
    return f"{seconds // 3600} h {seconds % 3600 // 60:02d} min"


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


def _reading(source: str) -> Progress:
    """Progress for reading a caseload: the number of records is counted first, on a terminal only."""
    progress = Progress("reading cases")
    if progress.enabled:
        progress.total = count_records(source)
    return progress


def _load(source: str, store: BulkStore) -> list[Problem]:
    """A caseload read into a store made for one check (not kept)."""
    progress = _reading(source)
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
    progress = _reading(source) if source is not None else Progress("withdrawing")
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


def judging_editions(chosen: list[str] | str | None, as_of: dt.date) -> tuple[list[ir.Program], Callable]:
    """The editions to evaluate and, for a result, the edition that judges it.  `auto` (or None):
    each obligation under the edition in force on its trigger date (`evaluate.edition_in_force`),
    so only editions in force on or before the as-of date are evaluated, and a result with no
    trigger is judged by none; named editions each judge every obligation."""
    if chosen is None or chosen == "auto":
        every = sorted((load_edition(name) for name in editions()),
                       key=lambda p: p.edition.in_force_from or dt.date.min)
        candidates = [p for p in every if p is every[0] or (p.edition.in_force_from or dt.date.min) <= as_of]
        return candidates, lambda r: edition_in_force(every, r.trigger.date) if r.trigger else None
    programs = [load_edition(name) for name in chosen]
    by_name = {p.edition.name: p for p in programs}
    return programs, lambda r: by_name.get(r.edition)


def check_command(source: str, as_of: dt.date, chosen: list[str] | str | None, within: int, out: str,
                  fail_on: list[list[str]] | None = None) -> int:
    """Evaluate every case (under `judging_editions`); write the worklist, compliance report and
    errors.  With `fail_on` (--fail-on groups), exit 1 when any case has a status in them."""
    if _missing(source):
        return 2
    if source.endswith(DB_SUFFIXES) and Path(source).is_file():
        store = open_store(source)
        problems = stored_problems(store)
    else:
        store = BulkStore()
        problems = _load(source, store)
    cases = store.case_count()
    try:
        programs, _ = judging_editions(chosen, as_of)
    except PolicyError as error:
        print(error, file=sys.stderr)
        return 2
    if isinstance(chosen, list):
        clash = same_names(chosen, [program.edition.name for program in programs])
        if clash:
            print(f"nsr caseload check: {clash}", file=sys.stderr)
            return 2
    # every edition's results stay in DuckDB (backends/bulk_report.py); the report reads them as rows
    every = [load_edition(name) for name in editions()] if chosen is None or chosen == "auto" else None
    bulk_report.reset(store)
    progress = Progress("evaluating editions", len(programs))
    for program in programs:
        bulk_report.shape(store, program, as_of, judged=bulk_report.judged_span(every, program) if every else None)
        progress()
    progress.close()
    items = bulk_report.worklist_items(store, within)   # streamed to the files, never held whole
    report = [StandardCompliance(**row) for row in bulk_report.compliance_counts(store)]
    by_manager = [TeamCompliance(row.pop("team"), row.pop("manager"), StandardCompliance(**row))
                  for row in bulk_report.compliance_counts(store, by=("team", "manager"))]
    try:
        written, totals = write_all(Path(out), items, report, problems, as_of, cases, within, by_manager)
    except OSError as error:
        print(f"{out}: cannot write the report: {error.strerror or error}", file=sys.stderr)
        return 2
    overdue, untimed = totals.overdue, totals.untimed
    print(f"{plural(cases, 'case')} as of {as_of.isoformat()}: {overdue} overdue, {untimed} cannot be timed, "
          f"{totals.count - overdue - untimed} due within {within} working days; "
          f"{plural(len({p.case for p in problems}), 'invalid case')}")
    print("written: " + ", ".join(str(p) for p in written))
    return fail_on_exit(bulk_report.status_counts(store), fail_on)

