"""Import a JSON Lines caseload at DuckDB's speed: parse, screen and turn into facts in SQL.

Lines are read in chunks.  DuckDB parses each chunk; the case schema, turned into SQL by
`cases.schema_sql`, and the checks a schema cannot express (`cases.load._semantic_problems`)
run as set operations over staging tables; the facts of every case that passes are derived in
SQL (`cases.facts_sql`) straight into the store's fact tables.  Every other line (bad JSON, a
problem, or a case using parts of the format the SQL does not derive: offences, orders,
interventions, judgements, victim contact overrides, tier departure reasons) goes through the
per-record path (`sources.read_line`), which gives exactly `nsr validate`'s messages, or a
valid case whose facts come from `cases.facts`.  A test checks that both paths give the same
fact tables and the same problems.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..backends.bulk import BulkStore, CaseMeta
from ..cases.facts_sql import FactsSql
from ..cases.load import MAX_CASE_BYTES
from ..cases.model import Case
from .sources import Problem, numbered_lines, read_line

CHUNK_LINES = 5_000   # staged at a time: about 0.3 GB of DuckDB's memory at 3 KB a case

# Python's JSON reader rejects what DuckDB's accepts: NaN and Infinity, trailing commas, control
# characters in text, a byte-order mark.  Such lines (and lines where these merely look present,
# in a note) take the per-record path.
_LENIENT = re.compile(rb"[\x00-\x1f]|NaN|Infinity|,\s*[\]}]|^\xef\xbb\xbf")


@dataclass
class BulkLoaded:
    """What a bulk read stored and met: cases stored, problems, and every readable id's sources."""
    added: int = 0
    problems: list[Problem] = field(default_factory=list)
    ids: dict[str, list[str]] = field(default_factory=dict)


def is_json_lines(path: str | Path) -> bool:
    """A caseload that is not a folder is JSON Lines (a file, or a pipe)."""
    return not Path(path).is_dir()


def import_json_lines(store: BulkStore, path: str | Path, progress: Callable[[int], None] | None = None,
                      chunk_lines: int = CHUNK_LINES) -> BulkLoaded:
    """Read the JSON Lines file `path` into `store` (facts and `bulk_cases`), leaving the store's
    final ordering to the caller (`BulkStore.finish_loading`)."""
    path = Path(path)
    facts = FactsSql(store.con)
    loaded = BulkLoaded()
    with path.open("rb") as handle:
        for chunk in _chunks(numbered_lines(handle, MAX_CASE_BYTES), chunk_lines):
            _import_chunk(store, facts, path.name, chunk, loaded)
            progress and progress(len(chunk))
    return loaded


def _chunks(lines: Iterator[tuple[int, bytes | None]], size: int) -> Iterator[list[tuple[int, bytes | None]]]:
    chunk: list[tuple[int, bytes | None]] = []
    for item in lines:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _import_chunk(store: BulkStore, facts: FactsSql, name: str, chunk: list[tuple[int, bytes | None]],
                  loaded: BulkLoaded) -> None:
    screened: dict[int, str] = {}
    for number, raw in chunk:
        if raw is None or not raw.strip():
            continue
        body = raw.rstrip(b"\r\n")
        if _LENIENT.search(body):
            continue
        try:
            screened[number] = body.decode("utf-8")
        except UnicodeDecodeError:
            continue
    good = facts.stage(list(screened), list(screened.values()))   # line -> case id, for lines whose facts SQL derives
    first = store.next_cid()
    cids = {line: first + i for i, line in enumerate(sorted(good))}
    facts.store(cids, name)
    ids: list[tuple[int, str, str]] = [(line, case_id, f"{name}:{line}") for line, case_id in good.items()]
    slow: list[tuple[Case, CaseMeta]] = []
    for number, raw in chunk:
        if number in good:
            continue
        found: dict[str, list[str]] = {}
        problems: list[Problem] = []
        slow.extend(read_line(raw, number, name, problems, found))
        loaded.problems.extend(problems)
        ids.extend((number, case_id, source) for case_id, sources in found.items() for source in sources)
    for _, case_id, source in sorted(ids):
        loaded.ids.setdefault(case_id, []).append(source)
    loaded.added += len(good) + (store.add_cases(slow, finish=False) if slow else 0)
