"""The bulk backend for a stand-alone rule file (a kind other than the National Standards): its
declared results for many cases at once, by the same SQL compiler as the editions use.

Each declared input becomes a fact table `f_NAME(cid, c0, ...)` typed from its declaration
(decimals as exact `DECIMAL`, never floating point); the compiled statements derive the results'
tables, read back per case.  A whole caseload is loaded column by column (`unnest` of Python
lists), so 100,000 cases need no per-row round trip.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import duckdb

from ..compiler import ir
from . import bulk_calendar
from .bulk import run_steps
from .bulk_schema import input_types
from .sql import SqlProgram, compile_program

class ResultStore:
    """Input facts of many cases in an in-memory DuckDB; `results` derives a program's results."""

    def __init__(self, program: ir.Program):
        if not program.stands_alone:
            raise ValueError("ResultStore is for rule files of their own kind; editions use BulkStore")
        self.program = program
        self.con = duckdb.connect(":memory:")
        self.con.execute("SET enable_progress_bar = false")
        bulk_calendar.install(self.con)
        self.types = {declared.name: input_types(declared.fields) for declared in program.inputs}
        for name, types in self.types.items():
            columns = ", ".join(["cid INTEGER", *(f"c{i} {t}" for i, t in enumerate(types))])
            self.con.execute(f'CREATE TABLE "f_{name}" ({columns})')
        self.case_ids: list[str] = []
        self.sql: SqlProgram = compile_program(program, targets=tuple(r.pred for r in program.results))

    def add_cases(self, cases: Iterable[tuple[str, list[tuple[str, tuple]]]]) -> None:
        """(case id, [(input name, args), ...]) for each case."""
        columns = {name: [[] for _ in range(len(types) + 1)] for name, types in self.types.items()}
        for case_id, facts in cases:
            cid = len(self.case_ids)
            self.case_ids.append(case_id)
            for name, args in facts:
                if name not in columns:
                    continue   # as_of and anything else the engine adds
                table = columns[name]
                table[0].append(cid)
                for index, value in enumerate(args):
                    table[index + 1].append(value)
        for name, table in columns.items():
            if not table[0]:
                continue
            types = ("INTEGER", *self.types[name])
            select = ", ".join(f"unnest($p{i}::{t}[])" for i, t in enumerate(types))
            self.con.execute(f'INSERT INTO "f_{name}" SELECT {select}', {f"p{i}": values for i, values in enumerate(table)})

    def results(self, as_of: dt.date) -> dict[str, dict[str, list[tuple]]]:
        """case id -> result name -> rows."""
        self.con.execute(f"CREATE OR REPLACE TEMP TABLE bulk_as_of AS SELECT DATE '{as_of.isoformat()}' AS c0")
        # every case, for rules that hold for a case with no facts of some kind (0 when nothing is counted)
        self.con.execute("CREATE OR REPLACE TEMP TABLE bulk_case_scope AS "
                         f"SELECT range::INTEGER AS cid FROM range({len(self.case_ids)})")
        run_steps(self.con, self.sql)
        out: dict[str, dict[str, list[tuple]]] = {case_id: {} for case_id in self.case_ids}
        for result in self.program.results:
            info = self.sql.preds[result.pred]
            rows = self.con.execute(f"SELECT * FROM {info.table}").fetchall()
            for cid, *row in rows if info.per_case else ((cid, *row) for cid in range(len(self.case_ids)) for row in rows):
                out[self.case_ids[cid]].setdefault(result.pred, []).append(tuple(row))
        return out

    def close(self) -> None:
        self.con.close()
