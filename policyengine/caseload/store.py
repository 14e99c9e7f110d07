"""A caseload store (a DuckDB file) that is whole or absent: imports, updates and withdrawals.

Every change is made to a copy beside the store (a new file for a first import) and moved into
place with one rename once it is complete, so a killed or failed import leaves the store as it
was.  The last thing written before the rename is a row in `bulk_imports` (when, from which file,
how many cases); a store without one never finished an import, and `open_store` refuses it.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import glob
import os
import secrets
import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import duckdb

from ..backends.bulk import BulkStore
from ..backends.bulk_schema import fact_columns
from ..output.exits import BadInput
from .bulk_import import import_into
from .sources import Problem

IMPORTS = "bulk_imports"
PROBLEMS = "bulk_problems"


@dataclass(frozen=True)
class ImportSummary:
    """What one import did to the store."""
    imported: int                 # valid cases stored by this import
    replaced: int                 # stored cases whose id the import brought again (--update)
    removed: int                  # stored cases withdrawn (--remove)
    not_found: tuple[str, ...]    # ids given to --remove that the store does not hold
    problems: list[Problem]       # every invalid record of this import
    cases: int                    # cases in the store afterwards

    @property
    def invalid(self) -> int:
        return len({p.case for p in self.problems})


def _has_table(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    return bool(con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = ? "
                            "AND table_catalog = current_database()", [name]).fetchone()[0])


def is_complete(store: BulkStore) -> bool:
    """Whether the store records a finished import (see the module's docstring)."""
    return _has_table(store.con, IMPORTS) and store.con.execute(f"SELECT count(*) FROM {IMPORTS}").fetchone()[0] > 0


def _incomplete(path: Path) -> BadInput:
    return BadInput(f"{path}: not a complete caseload store (an import that did not finish, or one made by an "
                    "older nsr); import the caseload again")


def _connect(path: Path, read_only: bool) -> BulkStore:
    try:
        return BulkStore(path, read_only=read_only)
    except duckdb.Error as error:
        reason = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise BadInput(f"{path}: cannot be opened as a caseload store ({reason})") from None


def open_store(path: str | Path) -> BulkStore:
    """A store written by `nsr caseload import`, read-only; BadInput (one line) for anything else."""
    path = Path(path)
    store = _connect(path, read_only=True)
    if not is_complete(store):
        store.close()
        raise _incomplete(path)
    return store


def stored_problems(store: BulkStore) -> list[Problem]:
    """The invalid records the store's imports met (those not since replaced or withdrawn)."""
    if not _has_table(store.con, PROBLEMS):
        return []
    return [Problem(*row) for row in store.con.execute(
        f"SELECT case_id, source, path, message FROM {PROBLEMS}").fetchall()]


def imports(store: BulkStore) -> list[dict]:
    """The store's imports, oldest first."""
    cursor = store.con.execute(f"SELECT * FROM {IMPORTS} ORDER BY number")
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def _create_tables(store: BulkStore) -> None:
    store.con.execute(f"CREATE TABLE IF NOT EXISTS {PROBLEMS} (case_id VARCHAR, source VARCHAR, path VARCHAR, "
                      "message VARCHAR)")
    store.con.execute(f"CREATE TABLE IF NOT EXISTS {IMPORTS} (number INTEGER, started TIMESTAMP, "
                      "finished TIMESTAMP, source VARCHAR, mode VARCHAR, imported INTEGER, replaced INTEGER, "
                      "removed INTEGER, invalid INTEGER, cases INTEGER)")


def _case_table(store: BulkStore, ids: Iterable[str]) -> None:
    store.con.execute("CREATE OR REPLACE TEMP TABLE bulk_ids AS SELECT DISTINCT unnest($ids::VARCHAR[]) AS case_id",
                      {"ids": sorted(set(ids))})


def _delete(store: BulkStore, cids: Iterable[int]) -> int:
    """Delete these stored cases' facts and their rows in bulk_cases; how many cases went."""
    store.con.execute("CREATE OR REPLACE TEMP TABLE bulk_gone AS SELECT DISTINCT unnest($c::INTEGER[]) AS cid",
                      {"c": list(cids)})
    gone = store.con.execute("SELECT count(*) FROM bulk_cases WHERE cid IN (SELECT cid FROM bulk_gone)").fetchone()[0]
    if gone:
        for pred in fact_columns():
            store.con.execute(f'DELETE FROM "raw_{pred}" WHERE cid IN (SELECT cid FROM bulk_gone)')
        store.con.execute("DELETE FROM bulk_cases WHERE cid IN (SELECT cid FROM bulk_gone)")
    return gone


def withdraw(store: BulkStore, ids: Iterable[str]) -> int:
    """Withdraw the stored cases with these ids (facts, case rows and earlier problems); returns
    how many cases were stored under them."""
    _case_table(store, ids)
    cids = [cid for cid, in store.con.execute(
        "SELECT cid FROM bulk_cases WHERE case_id IN (SELECT case_id FROM bulk_ids)").fetchall()]
    if _has_table(store.con, PROBLEMS):
        store.con.execute(f"DELETE FROM {PROBLEMS} WHERE case_id IN (SELECT case_id FROM bulk_ids)")
    return _delete(store, cids)


def _duplicate_problems(seen: dict[str, list[str]]) -> tuple[set[str], list[Problem]]:
    """Ids given more than once in one import: none of their records is stored, each is a problem."""
    twice = {case: sources for case, sources in seen.items() if len(sources) > 1}
    problems = [Problem(case, source, "id", f"case id {case!r} is given {len(sources)} times in this import "
                        f"({', '.join(sources[:3])}{', ...' if len(sources) > 3 else ''}); none of them is imported")
                for case, sources in twice.items() for source in sources]
    return set(twice), problems


def load(store: BulkStore, source: str | Path, progress: Callable[[int], None] | None = None,
         replace: bool = False) -> tuple[int, int, list[Problem]]:
    """Read a caseload into `store`: valid cases stored, every invalid record a problem.  With
    `replace`, stored cases whose ids the caseload brings (valid or not) are deleted first.
    Returns (cases stored, stored cases replaced, problems)."""
    first_cid = store.next_cid()
    loaded = import_into(store, source, progress)
    added = loaded.added
    if added:
        store.finish_loading()
    duplicates, twice = _duplicate_problems(loaded.ids)
    problems = [p for p in loaded.problems if p.case not in duplicates] + twice
    if duplicates:   # their first records were stored as they came: take them out again
        _case_table(store, duplicates)
        new = [cid for cid, in store.con.execute(
            "SELECT cid FROM bulk_cases WHERE cid >= ? AND case_id IN (SELECT case_id FROM bulk_ids)",
            [first_cid]).fetchall()]
        added -= _delete(store, new)
    replaced = 0
    if replace:
        _case_table(store, loaded.ids)
        old = [cid for cid, in store.con.execute(
            "SELECT cid FROM bulk_cases WHERE cid < ? AND case_id IN (SELECT case_id FROM bulk_ids)",
            [first_cid]).fetchall()]
        replaced = _delete(store, old)
        if _has_table(store.con, PROBLEMS):
            store.con.execute(f"DELETE FROM {PROBLEMS} WHERE case_id IN (SELECT case_id FROM bulk_ids)")
    _create_tables(store)
    if problems:
        store.con.executemany(f"INSERT INTO {PROBLEMS} VALUES (?, ?, ?, ?)",
                              [(p.case, p.source, p.path, p.message) for p in problems])
    return added, replaced, problems


def _scratch(db: Path) -> Path:
    """A new file beside the store, named so no other import picks the same one."""
    return db.with_name(f".{db.name}.{os.getpid()}-{secrets.token_hex(4)}.importing")


def _stale_scratch(db: Path) -> None:
    """Delete what killed imports into `db` left behind (their process is gone)."""
    for leftover in db.parent.glob(f".{glob.escape(db.name)}.*.importing*"):
        pid = leftover.name[len(db.name) + 2:].split("-", 1)[0]
        if pid.isdigit() and not _running(int(pid)):
            _discard(leftover)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:   # another user's process
        return True
    return True


def _discard(path: Path) -> None:
    for leftover in (path, path.with_name(path.name + ".wal")):
        with contextlib.suppress(OSError):
            leftover.unlink()


def import_caseload(source: str | None, db: str | Path, update: bool = False, remove: Iterable[str] = (),
                    progress: Callable[[int], None] | None = None) -> ImportSummary:
    """Import a caseload into a new store, or (`update`, `remove`) change an existing one.  The
    store is replaced in one rename when everything is written; until then it is untouched."""
    db = Path(db)
    remove = list(dict.fromkeys(remove))
    exists = db.exists()
    if exists and not (update or remove):
        raise BadInput(f"{db}: already exists; use --update to replace the cases the caseload brings, "
                       "or choose a new file")
    if not exists and remove and source is None:
        raise BadInput(f"{db}: no such store to withdraw cases from")
    _stale_scratch(db)
    scratch = _scratch(db)
    started = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
    try:
        if exists:
            shutil.copyfile(db, scratch)
        store = _connect(scratch, read_only=False)
        try:
            if exists and not is_complete(store):
                raise _incomplete(db)
            _create_tables(store)
            held = {case for case, in store.con.execute("SELECT case_id FROM bulk_cases").fetchall()} if remove else set()
            not_found = tuple(case for case in remove if case not in held)
            removed = withdraw(store, remove) if remove else 0
            added, replaced, problems = (load(store, source, progress, replace=exists) if source is not None
                                         else (0, 0, []))
            number = store.con.execute(f"SELECT coalesce(max(number), 0) + 1 FROM {IMPORTS}").fetchone()[0]
            cases = store.case_count()
            mode = "new" if not exists else ("update" if source is not None else "remove")
            store.con.execute(f"INSERT INTO {IMPORTS} VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                              [number, started, dt.datetime.now(dt.timezone.utc).replace(tzinfo=None),
                               None if source is None else str(Path(source).resolve()), mode, added, replaced,
                               removed, len({p.case for p in problems}), cases])
            store.con.execute("CHECKPOINT")
        finally:
            store.close()
        os.replace(scratch, db)
    except BaseException:
        _discard(scratch)
        raise
    return ImportSummary(added, replaced, removed, not_found, problems, cases)
