"""The caseload `nsr serve` serves, behind one small interface.

Two kinds of source: a folder of case files or a JSON Lines file (read with the caseload
package's `read_caseload`, each case kept in memory), and a store written by `nsr caseload
import` (a DuckDB file, read only). Everything the service knows about a store goes through
this module, so the store's format can change here without touching the rest of the service.

The worklist is derived in bulk (the SQL backend, as `nsr caseload check` does) once per as-of
date and edition, and kept: a page then only filters and counts.
"""
from __future__ import annotations

import datetime as dt
import difflib
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

from ..backends.bulk import BulkStore, CaseMeta
from ..caseload.report import WorkItem, worklist
from ..caseload.sources import Problem, read_caseload
from ..cases.load import CaseError, load_case
from ..cases.model import Case
from ..output.exits import BadInput, NotFound

STORE_SUFFIXES = (".duckdb", ".db")
ALL_DUE = 10 ** 6   # working days: every pending obligation with a due date is kept; a request narrows it
KEPT_WORKLISTS = 4  # as-of dates (per edition choice) whose worklists are kept


@dataclass(frozen=True)
class CaseEntry:
    """One served case: its id, who holds it, and where it was read from."""
    id: str
    team: str
    manager: str
    source: str
    name: str = ""   # the offender's, when the case file is at hand


class ServedCaseload:
    """Cases, their holders and their worklist; subclasses say where the cases come from."""

    def __init__(self, name: str, store: BulkStore, entries: list[CaseEntry], problems: list[Problem]):
        self.name = name
        self._store = store
        self._entries = {entry.id: entry for entry in entries}
        self.problems = problems
        self._lock = threading.Lock()   # one DuckDB connection: one bulk evaluation at a time
        self._worklists: OrderedDict[tuple[dt.date, str], list[WorkItem]] = OrderedDict()

    # ---------------------------------------------------------------- cases
    def entries(self) -> list[CaseEntry]:
        return list(self._entries.values())

    def entry(self, case_id: str) -> CaseEntry:
        """The case with this id; NotFound with the closest ids when there is none."""
        found = self._entries.get(case_id)
        if found is None:
            close = difflib.get_close_matches(case_id, list(self._entries), n=3, cutoff=0.6)
            hint = f"; did you mean {' or '.join(close)}?" if close else ""
            raise NotFound(f"no case {case_id!r} in {self.name}{hint}")
        return found

    def case(self, case_id: str) -> Case:
        raise NotImplementedError

    # ---------------------------------------------------------------- worklist
    def work_items(self, as_of: dt.date, edition: str) -> list[WorkItem]:
        """Every overdue, pending (with a due date) and cannot-be-timed obligation on `as_of`, most
        urgent first per team and manager. `edition` 'auto': each obligation under the edition in
        force on its trigger date (as `nsr check --edition auto`); else that edition's."""
        key = (as_of, edition)
        with self._lock:
            if key not in self._worklists:
                self._worklists[key] = self._derive(as_of, edition)
                while len(self._worklists) > KEPT_WORKLISTS:
                    self._worklists.popitem(last=False)
            self._worklists.move_to_end(key)
            return self._worklists[key]

    def _derive(self, as_of: dt.date, edition: str) -> list[WorkItem]:
        from ..caseload.commands import judging_editions
        programs, judged_by = judging_editions("auto" if edition == "auto" else [edition], as_of)
        meta = {e.id: CaseMeta(e.manager, e.team) for e in self._entries.values()}
        items: list[WorkItem] = []
        for program in programs:
            name = program.edition.name
            results = {case: [r for r in found if (judge := judged_by(r)) is not None and judge.edition.name == name]
                       for case, found in self._store.results(program, as_of).items()}
            items += worklist(results, meta, ALL_DUE)
        urgency = {"overdue": 0, "pending": 1, "missing_data": 2}
        items.sort(key=lambda i: (urgency[i.status], -i.working_days if i.status == "overdue" else i.working_days,
                                  i.due or dt.date.max, i.case, i.obligation))
        return items


class FolderCaseload(ServedCaseload):
    """A folder of case files, or a JSON Lines file: every valid case in memory."""

    def __init__(self, path: Path):
        loaded = read_caseload(path)
        cases = list(loaded.cases)
        self._cases = {case.id: case for case, _ in cases}
        store = BulkStore()
        store.add_cases(cases)
        entries = [CaseEntry(case.id, meta.team or "", meta.manager or "", case.source,
                             (case.offender.name if case.offender else None) or "") for case, meta in cases]
        super().__init__(str(path), store, entries, loaded.problems)

    def case(self, case_id: str) -> Case:
        self.entry(case_id)
        return self._cases[case_id]


class StoreCaseload(ServedCaseload):
    """A store from `nsr caseload import`, opened read only. It holds each case's facts, not its
    file: a case's own page and check read the case file again from the place it was imported
    from, when that is still there."""

    def __init__(self, path: Path):
        from ..caseload.store import open_store, stored_problems
        store = open_store(path)   # BadInput (one line) for a file that is not a finished import
        rows = store.con.execute("SELECT case_id, source, manager, team FROM bulk_cases ORDER BY case_id").fetchall()
        entries = [CaseEntry(case_id, team or "", manager or "", source or "") for case_id, source, manager, team in rows]
        problems = stored_problems(store)
        self._folder = path.resolve().parent
        super().__init__(str(path), store, entries, problems)

    def case(self, case_id: str) -> Case:
        entry = self.entry(case_id)
        for place in (Path(entry.source), self._folder / entry.source):
            if place.is_file():
                try:
                    case = load_case(place)
                except CaseError as error:
                    raise BadInput(str(error).splitlines()[0]) from None
                if case.id == case_id:
                    return case
        raise NotFound(f"case {case_id!r} is in {self.name}, but its case file ({entry.source}) is not there to "
                       "read again; serve the folder of case files to see the case itself")


def open_caseload(path: str | Path) -> ServedCaseload:
    """The caseload at `path`: a store (.duckdb/.db file), a folder of case files or a .jsonl
    file. BadInput, in one line, when it cannot be served."""
    path = Path(path)
    if not path.exists():
        raise BadInput(f"{path}: no such file or folder")
    if path.is_file() and path.suffix.lower() in STORE_SUFFIXES:
        return StoreCaseload(path)
    return FolderCaseload(path)
