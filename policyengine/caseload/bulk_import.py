"""Import a caseload at DuckDB's speed: parse, screen and turn into facts in SQL.

Every layout is read as one compact JSON text a case: a JSON Lines file line by line; a folder
of case files, each parsed (JSON or YAML) as `nsr validate` parses it; the cases/events tables,
each case built from its rows as `sources.from_tables` builds it.  The texts are staged in
chunks.  DuckDB parses each chunk; the case schema, turned into SQL by `cases.schema_sql`, and
the checks a schema cannot express (`cases.load._semantic_problems`) run as set operations over
staging tables; the facts of every case that passes are derived in SQL (`cases.facts_sql`)
straight into the store's fact tables.  Every other record (bad JSON, a problem, or a case using
parts of the format the SQL does not derive: offences, orders, interventions, judgements, victim
contact overrides, tier departure reasons) goes through its layout's per-record path
(`sources.read_line`, `read_case_file`, or validation of the table-built case), which gives
exactly `nsr validate`'s messages, or a valid case whose facts come from `cases.facts`.  Tests
check that both paths give the same fact tables and the same problems, for each layout.
"""
from __future__ import annotations

import collections
import functools
import json
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from ..backends.bulk import BulkStore, CaseMeta
from ..cases.facts_sql import FactsSql
from ..cases.load import MAX_CASE_BYTES, CaseError, as_plain_data, read_case_data
from ..cases.model import Case
from .sources import (Problem, validated_case, case_files, from_tables, is_tables, numbered_lines, read_case_file,
                      read_line)

CHUNK_LINES = 10_000   # staged at a time: against 5,000, 8% less CPU and a 0.1 GB higher peak (20,000 cases)
IN_HAND = 3            # chunks staged or being stored at once (`_import`)

@dataclass
class BulkLoaded:
    """What a bulk read stored and met: cases stored, problems, and every readable id's sources."""
    added: int = 0
    problems: list[Problem] = field(default_factory=list)
    ids: dict[str, list[str]] = field(default_factory=dict)


SlowPath = Callable[[list[Problem], dict[str, list[str]]], Iterable[tuple[Case, CaseMeta]]]


@dataclass
class Record:
    """One case as the bulk import meets it."""
    number: int             # its place in the caseload (a line's number)
    text: str | None        # its JSON for the SQL screen; None sends it straight to `slow`
    slow: SlowPath          # its layout's per-record path: the case, or its problems
    given: str              # where it was given, as problems and duplicate ids name it
    source: str             # what the store keeps as its source (the per-record path's Case.source)
    meta: CaseMeta | None = None   # manager and team given beside the case (tables), else from its events


def is_json_lines(path: str | Path) -> bool:
    """A caseload that is not a folder is JSON Lines (a file, or a pipe)."""
    return not Path(path).is_dir()


def import_into(store: BulkStore, path: str | Path, progress: Callable[[int], None] | None = None,
                    chunk_lines: int = CHUNK_LINES) -> BulkLoaded:
    """Read the caseload at `path` (JSON Lines, a folder of case files, or cases/events tables) into
    `store` (facts and `bulk_cases`), leaving the store's final ordering to the caller
    (`BulkStore.finish_loading`)."""
    path = Path(path)
    loaded = BulkLoaded()
    if is_json_lines(path):
        with path.open("rb") as handle:
            _import(store, _line_records(handle, path.name), path.name, loaded, progress, chunk_lines)
    elif is_tables(path):
        _import(store, _table_records(path, loaded), path.name, loaded, progress, chunk_lines)
    else:
        _import(store, _file_records(path), path.name, loaded, progress, chunk_lines)
    return loaded


def import_json_lines(store: BulkStore, path: str | Path, progress: Callable[[int], None] | None = None,
                      chunk_lines: int = CHUNK_LINES) -> BulkLoaded:
    """Read the JSON Lines file `path` into `store` (see `import_into`)."""
    return import_into(store, path, progress, chunk_lines)


def _line_records(handle, name: str) -> Iterator[Record]:
    for number, raw in numbered_lines(handle, MAX_CASE_BYTES):
        if raw is not None and not raw.strip():
            continue
        text = None
        if raw is not None:
            try:
                text = raw.rstrip(b"\r\n").decode("utf-8")
            except UnicodeDecodeError:
                pass
        where = f"{name}:{number}"
        yield Record(number, text, functools.partial(_read_line, raw, number, name), where, where)


def _read_line(raw: bytes | None, number: int, name: str, problems: list[Problem],
               ids: dict[str, list[str]]) -> Iterable[tuple[Case, CaseMeta]]:
    return read_line(raw, number, name, problems, ids)   # looked up when called (tests count the calls)


def _file_records(folder: Path) -> Iterator[Record]:
    for number, file in enumerate(case_files(folder), start=1):
        try:
            data = read_case_data(file)
        except CaseError:
            data = None   # the per-record path reports it
        yield Record(number, _compact(data), functools.partial(read_case_file, file, folder),
                     str(file.relative_to(folder)), str(file))


def _table_records(folder: Path, loaded: BulkLoaded) -> Iterator[Record]:
    built = from_tables(folder, loaded.problems, loaded.ids)
    for number, (data, source, team, manager) in enumerate(built, start=1):
        yield Record(number, _compact(data), functools.partial(validated_case, data, source, team=team, manager=manager),
                     source, source, CaseMeta(manager, team))


def _compact(data: object) -> str | None:
    """A parsed case as one line of JSON for the SQL screen; None when only the per-record path
    can judge it (not a mapping, too large or deep, or values JSON cannot hold)."""
    if not isinstance(data, dict):
        return None
    plain = as_plain_data(data)
    if plain is None:
        return None
    try:
        text = json.dumps(plain, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
        text.encode("utf-8")
    except (TypeError, ValueError, RecursionError, UnicodeEncodeError):
        return None
    return text if len(text) <= MAX_CASE_BYTES else None


def _import(store: BulkStore, records: Iterable[Record], name: str, loaded: BulkLoaded,
            progress: Callable[[int], None] | None, chunk_lines: int) -> None:
    """Two worker threads each stage a chunk (parse, screen) and store its facts, on one of three
    connections to the store, while this thread reads the caseload, takes the records the SQL
    leaves through the per-record path, and keeps the account (ids, problems) in the caseload's
    order.  Each record's case number is its place in the caseload (`first` + place), so chunks
    need not wait for each other; a number whose record is not stored is never used.  Most
    staging statements read a chunk's few rows, which DuckDB runs on one core: one chunk at a
    time left the other core idle (60,000 cases: 23.8 s that way, 15.9 s this way).  Each chunk in
    hand adds about 0.5 GB to the peak."""
    sides = [FactsSql(store.cursor()) for _ in range(IN_HAND)]
    in_hand: collections.deque[tuple[list[Record], int, Future]] = collections.deque()
    worker = ThreadPoolExecutor(max_workers=IN_HAND - 1)
    first = store.next_cid()
    try:
        for number, chunk in enumerate(_chunks(records, chunk_lines)):
            if len(in_hand) == len(sides):   # the connection this chunk takes is free once its last is done
                _account(store, *in_hand.popleft(), loaded, progress)
            facts = sides[number % len(sides)]
            in_hand.append((chunk, first, worker.submit(_stage_and_store, facts, chunk, first, name)))
            first += len(chunk)
        while in_hand:
            _account(store, *in_hand.popleft(), loaded, progress)
    except BaseException:   # failed or interrupted: the work under way is stopped, not waited for
        worker.shutdown(wait=False, cancel_futures=True)
        for facts in sides:
            facts.con.interrupt()
        raise
    finally:
        worker.shutdown()


def _chunks(records: Iterable[Record], size: int) -> Iterator[list[Record]]:
    chunk: list[Record] = []
    for record in records:
        chunk.append(record)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _stage_and_store(facts: FactsSql, chunk: list[Record], first: int, name: str) -> dict[int, str]:
    """Stage a chunk and store the facts SQL derives (the i-th record's case as number first + i);
    returns number -> case id for the records stored."""
    screened = {r.number: r.text for r in chunk if r.text is not None}
    try:
        good = facts.stage(list(screened), list(screened.values()))
    except duckdb.Error:   # a record that breaks the screen itself: the chunk takes the per-record path
        return {}
    cids = {r.number: first + i for i, r in enumerate(chunk) if r.number in good}
    facts.store(cids, name)   # each case's source is `name:number`, its manager and team from its events
    given = [(cids[r.number], r.source, *_meta_columns(r.meta)) for r in chunk
             if r.number in cids and (r.source != f"{name}:{r.number}" or r.meta is not None)]
    if given:   # the source the per-record path would keep, and the manager and team given beside the case
        facts.con.execute("CREATE OR REPLACE TEMP TABLE ing_given AS SELECT unnest($c::INTEGER[]) AS cid, "
                          "unnest($s::VARCHAR[]) AS source, unnest($m::VARCHAR[]) AS manager, "
                          "unnest($t::VARCHAR[]) AS team",
                          {"c": [g[0] for g in given], "s": [g[1] for g in given],
                           "m": [g[2] for g in given], "t": [g[3] for g in given]})
        facts.con.execute("UPDATE bulk_cases SET source = g.source, manager = coalesce(g.manager, bulk_cases.manager), "
                          "team = coalesce(g.team, bulk_cases.team) FROM ing_given g WHERE bulk_cases.cid = g.cid")
    return good


def _account(store: BulkStore, chunk: list[Record], first: int, stored: Future, loaded: BulkLoaded,
             progress: Callable[[int], None] | None) -> None:
    """A chunk's records once its SQL part is stored: the others through the per-record path (each
    its own case number), and every readable id with where it was given, in the caseload's order."""
    good: dict[int, str] = stored.result()
    ids: list[tuple[int, str, str]] = [(r.number, good[r.number], r.given) for r in chunk if r.number in good]
    slow: list[tuple[Case, CaseMeta]] = []
    numbers: list[int] = []
    for place, record in enumerate(chunk):
        if record.number in good:
            continue
        found: dict[str, list[str]] = {}
        problems: list[Problem] = []
        for case in record.slow(problems, found):
            slow.append(case)
            numbers.append(first + place)
        loaded.problems.extend(problems)
        ids.extend((record.number, case_id, source) for case_id, sources in found.items() for source in sources)
    for _, case_id, source in sorted(ids):
        loaded.ids.setdefault(case_id, []).append(source)
    loaded.added += len(good) + (store.add_cases(slow, finish=False, cids=numbers) if slow else 0)
    progress and progress(len(chunk))


def _meta_columns(meta: CaseMeta | None) -> tuple[str | None, str | None]:
    return (None, None) if meta is None else (meta.manager, meta.team)
