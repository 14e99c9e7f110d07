"""Read a caseload: a folder of case files, a JSON Lines file, or cases/events tables.

Every case is validated by `cases.load` (the same checks as one case file); an invalid case is
reported with its id and field path and skipped, and the rest are still read.

Table layout (CSV with a header row, or Parquet; the folder holds `cases.csv`/`cases.parquet`
and `events.csv`/`events.parquet`):

* cases: one row per sentence.  `case_id`, `sentence_id`, `sentence_type`, `sentence_date`,
  and optionally `length_months`, `end_date`, `release_date`, `psr`, `gender`, `team`,
  `manager`, and JSON text columns `requirements` (of that sentence), `assessments`,
  `periods`, `judgements`, `flags` (of the case; give them on any one of its rows).
* events: one row per event.  `case_id`, `id`, `kind`, `date`, optionally `sentence`, and
  either a JSON text column `fields` or one column per field (empty = absent).
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from ..backends.bulk import CaseMeta
from ..cases.load import (MAX_CASE_BYTES, TOO_DEEP, TOO_LARGE, CaseError, load_case, load_case_data, parse_json,
                          vocabulary)
from ..cases.model import Case

CASE_FILE_SUFFIXES = (".yaml", ".yml", ".json")


@dataclass(frozen=True)
class Problem:
    """One invalid case: its id (or where it was when it has none), the field path, the message."""
    case: str
    source: str
    path: str
    message: str


@dataclass
class Loaded:
    """A caseload as it is read: `cases` yields each valid case once, as it is read, so that a
    national caseload need not fit in memory as `Case` objects (about 28 KB a case); `problems`
    fills as the cases are read, and is complete once `cases` is exhausted."""
    cases: Iterator[tuple[Case, CaseMeta]]
    problems: list[Problem] = field(default_factory=list)
    ids: dict[str, list[str]] = field(default_factory=dict)   # each readable case id -> where it was given


def _meta(case: Case, team: str | None = None, manager: str | None = None) -> CaseMeta:
    """The case's offender manager and team: as given (tables), else the latest assignment
    event's `name` and `team`."""
    assigned = [e for e in case.events if e.kind == "offender_manager_assigned"]
    latest = max(assigned, key=lambda e: e.date) if assigned else None
    if manager is None and latest is not None and latest.fields.get("name"):
        manager = str(latest.fields["name"])
    if team is None and latest is not None and latest.fields.get("team"):
        team = str(latest.fields["team"])
    return CaseMeta(manager, team)


def _problems(error: CaseError, case_id: str) -> list[Problem]:
    return [Problem(case_id, error.source, p.path, p.message) for p in error.problems]


def _readable_id(data: object) -> str:
    """The record's id as text that can be written out (a lone surrogate is spelt as an escape)."""
    value = data.get("id") if isinstance(data, dict) else None
    if not isinstance(value, (str, int)) or isinstance(value, bool):
        return ""
    return str(value).encode("utf-8", "backslashreplace").decode("utf-8")


def validated_case(data: object, source: str, problems: list[Problem], ids: dict[str, list[str]],
                   team: str | None = None, manager: str | None = None) -> Iterator[tuple[Case, CaseMeta]]:
    case_id = _readable_id(data)
    if case_id:
        ids.setdefault(case_id, []).append(source)
    try:
        case = load_case_data(data, source)
    except CaseError as error:
        problems.extend(_problems(error, case_id or source))
        return
    yield case, _meta(case, team, manager)


def read_caseload(path: str | Path, progress=None) -> Loaded:
    """Whatever `path` is (folder of case files, .jsonl, or a folder with cases/events tables)."""
    loaded = Loaded(iter(()))
    loaded.cases = _cases(Path(path), loaded, progress)
    return loaded


def is_tables(path: Path) -> bool:
    return path.is_dir() and any((path / f"cases.{ext}").exists() for ext in ("csv", "parquet"))


def case_files(path: Path) -> list[Path]:
    return sorted(p for p in path.rglob("*") if p.suffix.lower() in CASE_FILE_SUFFIXES)


def count_records(path: str | Path) -> int | None:
    """How many records a caseload holds (lines, case files, or cases in the tables), for a
    progress bar's total; None when it cannot be told cheaply."""
    path = Path(path)
    try:
        if is_tables(path):
            import duckdb
            for ext, reader in (("parquet", "read_parquet"), ("csv", "read_csv")):
                if (path / f"cases.{ext}").exists():
                    options = ", all_varchar = true, header = true" if ext == "csv" else ""
                    with duckdb.connect() as con:
                        return con.execute(f"SELECT count(DISTINCT case_id) FROM {reader}(?{options})",
                                           [str(path / f"cases.{ext}")]).fetchone()[0]
        if path.is_dir():
            return len(case_files(path))
        lines, last = 0, b"\n"
        with path.open("rb") as handle:
            while block := handle.read(1 << 20):
                lines += block.count(b"\n")
                last = block[-1:]
        return lines + (last != b"\n")
    except Exception:   # noqa: BLE001 - only a progress bar's total: reading reports the real problem
        return None


def _cases(path: Path, loaded: Loaded, progress) -> Iterator[tuple[Case, CaseMeta]]:
    problems = loaded.problems
    if is_tables(path):
        for data, source, team, manager in from_tables(path, loaded.problems, loaded.ids):
            yield from validated_case(data, source, loaded.problems, loaded.ids, team, manager)
            progress and progress(1)
    elif path.is_dir():
        for file in case_files(path):
            yield from read_case_file(file, path, problems, loaded.ids)
            progress and progress(1)
    else:
        with path.open("rb") as lines:   # decoded line by line: one line that is not UTF-8 is one problem
            for number, raw in numbered_lines(lines, MAX_CASE_BYTES):
                progress and progress(1)
                yield from read_line(raw, number, path.name, problems, loaded.ids)


def read_case_file(file: Path, folder: Path, problems: list[Problem],
                   ids: dict[str, list[str]]) -> Iterator[tuple[Case, CaseMeta]]:
    """One case file of a folder caseload, as `nsr validate` reads it: its case if valid, else its
    problems; `ids` learns where its id (or, when invalid, its file's stem) was given."""
    given = str(file.relative_to(folder))
    try:
        case = load_case(file)
    except CaseError as error:
        problems.extend(_problems(error, file.stem))
        ids.setdefault(file.stem, []).append(given)
        return
    ids.setdefault(case.id, []).append(given)
    yield case, _meta(case)


def read_line(raw: bytes | None, number: int, name: str, problems: list[Problem],
              ids: dict[str, list[str]]) -> Iterator[tuple[Case, CaseMeta]]:
    """One line of a JSON Lines caseload, as `nsr validate` reads a .json case file: its case if
    valid, else its problems (and its id, when readable, in `ids`)."""
    source = f"{name}:{number}"
    if raw is None:
        problems.append(Problem(source, source, "", TOO_LARGE))
        return
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        problems.append(Problem(source, source, "", f"not UTF-8 text: byte {error.start + 1} of the line"))
        return
    if not line.strip():
        return
    try:
        data = parse_json(line.rstrip("\r\n"), source)   # as `nsr validate` reads a .json case file
    except CaseError as error:
        problems.extend(_problems(error, source))
        return
    yield from validated_case(data, source, problems, ids)


def numbered_lines(handle: BinaryIO, limit: int) -> Iterator[tuple[int, bytes | None]]:
    """Each line with its number; None for a line longer than `limit` bytes, which is skipped
    without ever being held whole."""
    number = 0
    while line := handle.readline(limit + 1):
        number += 1
        if len(line.rstrip(b"\r\n")) <= limit:
            yield number, line
            continue
        while line and not line.endswith(b"\n"):   # the rest of the long line
            line = handle.readline(1 << 20)
        yield number, None


def _table(folder: Path, name: str, case_id: str | None = None) -> list[tuple[int, dict]]:
    """The table's rows, each with its row number as a spreadsheet shows it (the header is row 1);
    with `case_id`, only that case's rows."""
    import duckdb
    for ext, reader in (("parquet", "read_parquet"), ("csv", "read_csv")):
        file = folder / f"{name}.{ext}"
        if file.exists():
            options = ", all_varchar = true, header = true" if ext == "csv" else ""
            con = duckdb.connect()
            query = f"SELECT row_number() OVER () + 1 AS __row, * FROM {reader}(?{options})"
            if case_id is not None:
                query = f"SELECT * FROM ({query}) WHERE CAST(case_id AS VARCHAR) = ? ORDER BY __row"
            relation = con.execute(query, [str(file)] + ([case_id] if case_id is not None else []))
            columns = [d[0] for d in relation.description]
            rows = [(row[0], dict(zip(columns[1:], row[1:]))) for row in relation.fetchall()]
            con.close()
            return rows
    return []


class _BadCell(Exception):
    """A table cell that cannot be read (JSON text that is not JSON)."""


def _json_column(row: dict, name: str, default):
    value = row.get(name)
    if value in (None, ""):
        return default
    if not isinstance(value, str):
        return value
    try:
        return json.loads(value)
    except json.JSONDecodeError as error:
        raise _BadCell(name, f"not valid JSON: {error.msg} at column {error.colno}") from None
    except RecursionError:
        raise _BadCell(name, TOO_DEEP) from None


def _text(value) -> str | None:
    if value in (None, ""):
        return None
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def _typed_text(value: str, type_name: str):
    """A table cell as the case schema wants it (tables hold text); bad text is left for validation
    to report where the case file would have it."""
    if type_name == "integer" and value.strip().lstrip("-").isdigit():
        return int(value)
    if type_name == "boolean" and value.lower() in ("true", "false"):
        return value.lower() == "true"
    return value


def tables_source(folder: Path, case_id: str) -> str:
    """Where a case built from the cases/events tables in `folder` was given, as its problems and
    the store name it: `FOLDER/cases[ID]` (read back by `tables_source_parts`)."""
    return f"{folder.name}/cases[{case_id}]"


def tables_source_parts(source: str) -> tuple[str, str] | None:
    """The folder's name and the case id of a `tables_source`; None for any other source."""
    folder, bracket, rest = source.partition("/cases[")
    if not bracket or not folder or not rest.endswith("]"):
        return None
    return folder, rest[:-1]


def from_tables(folder: Path, problems: list[Problem], ids: dict[str, list[str]],
                case_id: str | None = None) -> Iterator[tuple[dict, str, str | None, str | None]]:
    """Cases built from the table rows: (data, source, team, manager) each.  A row with a cell that
    cannot be read is one problem (table, row, column), and its case is not built; the other
    cases still are.  With `case_id`, that case alone (its rows found by DuckDB)."""
    cases: dict[str, dict] = {}
    extra: dict[str, tuple[str | None, str | None]] = {}
    broken: set[str] = set()

    def bad(cid: str, table: str, number: int, cell: _BadCell) -> None:
        column, message = cell.args
        where = f"{folder.name}/{table} row {number}"
        problems.append(Problem(cid, where, column, message))
        ids.setdefault(cid, []).append(where)
        broken.add(cid)

    for number, row in _table(folder, "cases", case_id):
        cid = _text(row.get("case_id")) or f"cases row {number}"
        case = cases.setdefault(cid, {"id": cid, "sentences": []})
        sentence = {"id": _text(row.get("sentence_id")), "type": _text(row.get("sentence_type")),
                    "date": _text(row.get("sentence_date"))}
        for column in ("end_date", "release_date", "psr"):
            if _text(row.get(column)):
                sentence[column] = _text(row.get(column))
        if _text(row.get("length_months")):
            sentence["length_months"] = _typed_text(_text(row["length_months"]), "integer")
        try:
            requirements = _json_column(row, "requirements", None)
            if requirements:
                sentence["requirements"] = requirements
            for column in ("assessments", "periods", "judgements", "flags"):
                value = _json_column(row, column, None)
                if value:
                    case[column] = value
        except _BadCell as cell:
            bad(cid, "cases", number, cell)
        case["sentences"].append(sentence)
        if _text(row.get("gender")):
            case["offender"] = {"gender": _text(row["gender"])}
        extra[cid] = (_text(row.get("team")) or extra.get(cid, (None, None))[0],
                      _text(row.get("manager")) or extra.get(cid, (None, None))[1])
    for number, row in _table(folder, "events", case_id):
        cid = _text(row.get("case_id")) or f"events row {number}"
        if cid not in cases:
            cases[cid] = {"id": cid, "sentences": []}  # reported by validation: no sentence
        event = {"id": _text(row.get("id")), "kind": _text(row.get("kind")), "date": _text(row.get("date"))}
        if _text(row.get("sentence")):
            event["sentence"] = _text(row["sentence"])
        try:
            fields = _json_column(row, "fields", {})
        except _BadCell as cell:
            bad(cid, "events", number, cell)
            continue
        if not isinstance(fields, dict):
            bad(cid, "events", number, _BadCell("fields", "expected a JSON object of the event's fields"))
            continue
        types = vocabulary().get(event["kind"] or "", {})
        for column, value in row.items():
            if column not in ("case_id", "id", "kind", "date", "sentence", "fields") and _text(value) is not None:
                fields[column] = _typed_text(_text(value), types.get(column, "string"))
        event.update(fields)
        cases[cid].setdefault("events", []).append(event)
    for cid, case in cases.items():
        if cid in broken:
            continue
        team, manager = extra.get(cid, (None, None))
        yield case, tables_source(folder, cid), team, manager
