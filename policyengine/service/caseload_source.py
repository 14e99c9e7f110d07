"""The caseload `nsr serve` serves, behind one small interface.

Two kinds of source: a folder of case files or a JSON Lines file (read with the caseload
package's `read_caseload`, each case kept in memory), and a store written by `nsr caseload
import` (a DuckDB file, read only). Everything the service knows about a store goes through
this module, so the store's format can change here without touching the rest of the service.

The worklist is derived in bulk (the SQL backend, as `nsr caseload check` does) once per as-of
date and edition, and kept: a page then only filters and counts. On a national caseload that
first derivation takes a minute or more, so a page asks for it without waiting (`prepared`): it
runs in a background thread and the page says it is being prepared until it is kept.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import difflib
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

from ..backends.bulk import BulkStore, CaseMeta
from ..caseload.report import WorkItem, worklist
from ..caseload.sources import Problem, from_tables, is_tables, read_caseload, tables_source_parts
from ..cases.load import CaseError, load_case, load_case_data
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
        self._deriving = threading.Lock()   # one DuckDB connection: one bulk evaluation at a time
        self._guard = threading.Lock()      # the kept worklists and the preparations: held only briefly
        self._worklists: OrderedDict[tuple[dt.date, str], list[WorkItem]] = OrderedDict()
        self._preparing: dict[tuple[dt.date, str], Preparation] = {}   # derivations in background threads

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
        kept = self._kept_worklist(key)
        if kept is not None:
            return kept
        with self._deriving:
            kept = self._kept_worklist(key)   # derived while this call waited its turn
            if kept is not None:
                return kept
            items = self._derive(as_of, edition)
            with self._guard:
                self._worklists[key] = items
                while len(self._worklists) > KEPT_WORKLISTS:
                    self._worklists.popitem(last=False)
            return items

    def _kept_worklist(self, key: tuple[dt.date, str]) -> list[WorkItem] | None:
        with self._guard:
            if key not in self._worklists:
                return None
            self._worklists.move_to_end(key)
            return self._worklists[key]

    def prepared(self, as_of: dt.date, edition: str, wait: float | None) -> list[WorkItem] | "Preparation":
        """The worklist when it is kept or is derived within `wait` seconds (None: however long it
        takes); else the Preparation deriving it in a background thread (started by the first
        call for this date and edition), which a page shows until it is done. A failed
        derivation is raised here, then tried again by the next call."""
        key = (as_of, edition)
        kept = self._kept_worklist(key)
        if kept is not None:
            return kept
        with self._guard:
            preparation = self._preparing.get(key)
            if preparation is None:
                preparation = self._preparing[key] = Preparation(as_of, edition, len(self._entries))
                threading.Thread(target=self._prepare, args=(preparation,), name=f"worklist {as_of} {edition}",
                                 daemon=True).start()
        if not preparation.done.wait(wait):
            return preparation
        with self._guard:
            if self._preparing.get(key) is preparation:
                del self._preparing[key]
        if preparation.error is not None:
            raise preparation.error
        return preparation.items

    def stop(self) -> None:
        """The server is stopping: interrupt the worklists still being derived, so that none is
        left running inside DuckDB when the process exits."""
        with self._guard:
            running = [p for p in self._preparing.values() if not p.done.is_set()]
        deadline = time.monotonic() + 10
        while running and time.monotonic() < deadline:   # an interrupt between two statements is lost
            with contextlib.suppress(Exception):
                self._store.con.interrupt()
            running = [p for p in running if not p.done.wait(0.1)]

    def _prepare(self, preparation: "Preparation") -> None:
        try:
            preparation.items = self.work_items(preparation.as_of, preparation.edition)
        except BaseException as error:   # raised to the page that asks next (a bug or an unreadable store)
            preparation.error = error
        else:   # kept now: the next page finds it there
            with self._guard:
                if self._preparing.get((preparation.as_of, preparation.edition)) is preparation:
                    del self._preparing[(preparation.as_of, preparation.edition)]
        finally:
            preparation.done.set()

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


@dataclass
class Preparation:
    """A worklist being derived in the background, for the page that says so meanwhile."""
    as_of: dt.date
    edition: str
    cases: int
    started: float = field(default_factory=time.monotonic)
    done: threading.Event = field(default_factory=threading.Event)
    items: list[WorkItem] | None = None
    error: Exception | None = None

    def seconds(self) -> int:
        return int(time.monotonic() - self.started)


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
    file: a case's own page and check read the case again from where it was imported, when that
    is still there: its case file (a folder import), or its line of the JSON Lines file (the
    store records each import's file, and each case's line as `NAME:LINE`)."""

    def __init__(self, path: Path):
        from ..caseload.store import imports, open_store, stored_problems
        store = open_store(path)   # BadInput (one line) for a file that is not a finished import
        rows = store.con.execute("SELECT case_id, source, manager, team FROM bulk_cases ORDER BY case_id").fetchall()
        entries = [CaseEntry(case_id, team or "", manager or "", source or "") for case_id, source, manager, team in rows]
        problems = stored_problems(store)
        self._folder = path.resolve().parent
        self._imported = [Path(i["source"]) for i in reversed(imports(store)) if i.get("source")]   # latest first
        self._lines = JsonLinesIndex()
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
        tables = tables_source_parts(entry.source)
        if tables:   # a case built from the cases/events tables: built again from them
            for folder in [p for p in self._imported if p.name == tables[0]] + [self._folder / tables[0]]:
                if is_tables(folder):
                    problems: list[Problem] = []
                    for data, source, _, _ in from_tables(folder, problems, {}, case_id):
                        try:
                            return load_case_data(data, source)
                        except CaseError as error:
                            raise BadInput(str(error).splitlines()[0]) from None
        name, _, line = entry.source.rpartition(":")
        if name and line.isdigit():
            for file in [p for p in self._imported if p.name == name] + [self._folder / name]:
                case = self._lines.case(file, int(line), entry.source)
                if case is not None and case.id == case_id:
                    return case
        raise NotFound(f"case {case_id!r} is in {self.name}, but where it was imported from ({entry.source}) is "
                       "no longer there to read it again; serve that file or folder to see the case itself")


class JsonLinesIndex:
    """Where each line of a JSON Lines file starts, found once per file (and again when the file
    changes), so a case is read from its line without reading the lines before it."""

    def __init__(self):
        self._starts: dict[Path, tuple[tuple[int, int], list[int]]] = {}
        self._guard = threading.Lock()

    def case(self, file: Path, line: int, source: str) -> Case | None:
        """The case on line `line` (1 is the first), read as the import read it; None when the
        file or the line is not there. BadInput when the line no longer holds a valid case."""
        from ..cases.load import MAX_CASE_BYTES, parse_json
        try:
            stat = file.stat()
            with self._guard:
                known = self._starts.get(file)
                if known is None or known[0] != (stat.st_size, stat.st_mtime_ns):
                    known = self._starts[file] = ((stat.st_size, stat.st_mtime_ns), _line_starts(file))
            starts = known[1]
            if not 0 < line <= len(starts):
                return None
            with file.open("rb") as handle:
                handle.seek(starts[line - 1])
                raw = handle.readline(MAX_CASE_BYTES + 1)
        except OSError:
            return None
        try:
            return load_case_data(parse_json(raw.decode("utf-8").rstrip("\r\n"), source), source)
        except (UnicodeDecodeError, CaseError) as error:
            first = str(error).splitlines()[0] if str(error) else "not a case"
            raise BadInput(f"{source}: the line no longer holds the case imported from it ({first})") from None


def _line_starts(file: Path) -> list[int]:
    """The byte offset of each line's first byte."""
    starts, offset = [0], 0
    with file.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            at = chunk.find(b"\n")
            while at != -1:
                starts.append(offset + at + 1)
                at = chunk.find(b"\n", at + 1)
            offset += len(chunk)
    if starts[-1] == offset:   # the file ends with a newline: no line starts after it
        starts.pop()
    return starts


def open_caseload(path: str | Path) -> ServedCaseload:
    """The caseload at `path`: a store (.duckdb/.db file), a folder of case files or a .jsonl
    file. BadInput, in one line, when it cannot be served."""
    path = Path(path)
    if not path.exists():
        raise BadInput(f"{path}: no such file or folder")
    if path.is_file() and path.suffix.lower() in STORE_SUFFIXES:
        return StoreCaseload(path)
    return FolderCaseload(path)
