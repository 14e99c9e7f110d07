"""The working-day calendar and the date functions of `builtins` as DuckDB macros.

`bulk_calendar` has one row per day from 1990 to 2060 (the years `calendar` caches), built from
`calendar.is_working_day` and `calendar.bank_holiday`, i.e. from the same `holidays` data as the
reference backend.  The working-day functions are vectorised DuckDB functions (Arrow batches)
indexing arrays made from that table (day -> working-day ordinal, ordinal -> day).  Lists inside
SQL macros were tried first: DuckDB copies a 26,000-element list constant into each expression
using it, and planning one rule took seconds.  A day outside the table's range is passed to the
Python function itself, so the answer is the same everywhere.
"""
from __future__ import annotations

import datetime as dt

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from .. import calendar
from ..builtins import BUILTINS

FIRST, LAST = dt.date(1990, 1, 1), dt.date(2060, 12, 31)
MAX = "DATE '9999-12-31'"
MIN = "DATE '0001-01-01'"


def _calendar_rows() -> tuple[list, list, list, list]:
    days, working, ordinals, names = [], [], [], []
    ordinal = 0
    day = FIRST
    while day <= LAST:
        is_working = calendar.is_working_day(day)
        ordinal += is_working
        days.append(day)
        working.append(is_working)
        ordinals.append(ordinal)
        names.append(calendar.bank_holiday(day))
        day += dt.timedelta(days=1)
    return days, working, ordinals, names


_EPOCH = dt.date(1970, 1, 1)


def _day(number: int) -> dt.date:
    return _EPOCH + dt.timedelta(days=int(number))


def _number(day: dt.date) -> int:
    return (day - _EPOCH).days


class _Lookups:
    """The calendar table as arrays indexed by day: ordinals, working flags, working days."""

    def __init__(self, working: list[bool], ordinals: list[int]):
        self.first = _number(FIRST)
        self.ords = np.array(ordinals, dtype=np.int64)
        self.iswd = np.array(working, dtype=bool)
        self.wdays = np.flatnonzero(self.iswd).astype(np.int64) + self.first  # ordinal k at [k - 1]

    def _index(self, days: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        index = days - self.first
        inside = (index >= 0) & (index < len(self.ords))
        return np.where(inside, index, 0), inside

    def add_working_days(self, days: np.ndarray, n: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        index, inside = self._index(days)
        ordinal = self.ords[index]
        target = np.where(n > 0, ordinal + n, ordinal - self.iswd[index] + n + 1)
        ok = inside & (target >= 1) & (target <= len(self.wdays))
        result = np.where(n == 0, days, self.wdays[np.clip(target - 1, 0, len(self.wdays) - 1)])
        return result, ok | (n == 0)

    def same_or_next_working_day(self, days: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        index, inside = self._index(days)
        ordinal = self.ords[index]
        working = self.iswd[index]
        ok = inside & (working | (ordinal < len(self.wdays)))
        result = np.where(working, days, self.wdays[np.clip(ordinal, 0, len(self.wdays) - 1)])
        return result, ok

    def working_days_between(self, start: np.ndarray, end: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        first, inside_first = self._index(start)
        last, inside_last = self._index(end)
        return self.ords[last] - self.ords[first], inside_first & inside_last


def _vectorised(lookups: _Lookups, name: str):
    """An Arrow function: the table's arrays for days inside it, the Python function elsewhere."""
    reference, _ = BUILTINS[name]
    method = getattr(lookups, name)
    returns_date = name != "working_days_between"

    def run(*columns):
        nulls = np.zeros(len(columns[0]), dtype=bool)
        arrays, is_date = [], []
        for column in columns:
            is_date.append(pa.types.is_date32(column.type))
            if is_date[-1]:
                column = column.cast(pa.int32())
            nulls |= column.is_null().to_numpy(zero_copy_only=False)
            arrays.append(pc.fill_null(column, 0).to_numpy(zero_copy_only=False).astype(np.int64))
        result, ok = method(*arrays)
        result = result.astype(np.int64)
        for i in np.flatnonzero(~ok & ~nulls):
            value = reference(*[_day(a[i]) if d else int(a[i]) for a, d in zip(arrays, is_date)])
            result[i] = _number(value) if returns_date else value
        if returns_date:
            return pa.array(result.astype(np.int32), mask=nulls).cast(pa.date32())
        return pa.array(result, mask=nulls)
    if BUILTINS[name][1] == 1:  # DuckDB reads the arity from the signature
        return lambda a: run(a)
    return lambda a, b: run(a, b)


def install(con: duckdb.DuckDBPyConnection) -> None:
    """Create the calendar table, the working-day functions and the date macros (idempotent)."""
    days, working, ordinals, names = _calendar_rows()
    con.execute("CREATE OR REPLACE TEMP TABLE bulk_calendar AS SELECT unnest($d::DATE[]) AS day, "
                "unnest($w::BOOLEAN[]) AS working_day, unnest($o::INTEGER[]) AS working_day_ordinal, "
                "unnest($n::VARCHAR[]) AS bank_holiday", {"d": days, "w": working, "o": ordinals, "n": names})
    types = duckdb.sqltypes if hasattr(duckdb, "sqltypes") else duckdb.typing
    lookups = _Lookups(working, ordinals)
    for name, params in (("add_working_days", [types.DATE, types.BIGINT]),
                         ("same_or_next_working_day", [types.DATE]),
                         ("working_days_between", [types.DATE, types.DATE])):
        sql_name = f"bulk_{name}"
        try:
            con.remove_function(sql_name)
        except Exception:  # not registered yet
            pass
        result = types.BIGINT if name == "working_days_between" else types.DATE
        con.create_function(sql_name, _vectorised(lookups, name), params, result, type="arrow",
                            side_effects=False)
    macros = [
        f"bulk_clamp(x) AS CASE WHEN x > {MAX} THEN {MAX} WHEN x < {MIN} THEN {MIN} ELSE CAST(x AS DATE) END",
        "bulk_add_days(d, n) AS bulk_clamp(d + CAST(n AS INTEGER))",
        "bulk_add_weeks(d, n) AS bulk_clamp(d + CAST(7 * n AS INTEGER))",
        f"bulk_add_months(d, n) AS CASE WHEN (year(d) * 12 + month(d) - 1 + n) >= 120000 THEN {MAX} "
        f"WHEN (year(d) * 12 + month(d) - 1 + n) < 12 THEN {MIN} "
        "ELSE CAST(d + to_months(CAST(n AS INTEGER)) AS DATE) END",
        f"bulk_day_after(x) AS CASE WHEN x >= {MAX} THEN {MAX} ELSE CAST(x + 1 AS DATE) END",
        # calendar.shift_active_days over merged pauses L (f, len, af = f in active-day terms,
        # ongoing): the day x with active_days(s, x) = n is t + (paused days before x), where
        # t = active coordinate of s + n, and a pause lies before x exactly when af <= t.
        "bulk_active_coordinate(s, L) AS s - CAST(coalesce(list_sum(list_transform(L, "
        "lambda p: LEAST(GREATEST(s - p.f, 0), p.len))), 0) AS INTEGER)",
        f"bulk_shift_to(t, L) AS CASE WHEN coalesce(list_bool_or(list_transform(L, lambda p: p.ongoing AND p.af <= t)), "
        f"FALSE) THEN {MAX} ELSE bulk_clamp(t + CAST(coalesce(list_sum(list_transform(L, "
        "lambda p: CASE WHEN p.af <= t THEN p.len ELSE 0 END)), 0) AS INTEGER)) END",
        "bulk_shift_paused(s, n, L) AS CASE WHEN len(L) = 0 THEN bulk_add_days(s, GREATEST(n, 0)) "
        "ELSE bulk_shift_to(bulk_active_coordinate(s, L) + CAST(GREATEST(n, 0) AS INTEGER), L) END",
        "bulk_shift_unpaused(s, n, L) AS bulk_add_days(s, GREATEST(n, 0))",
        # Most rows have no pauses: the list functions run only for the rows of cases with some.
        "bulk_shift_active_days(s, n, L) AS CASE WHEN L IS NULL THEN bulk_add_days(s, GREATEST(n, 0)) "
        "ELSE bulk_shift_paused(s, n, L) END",
    ]
    for macro in macros:
        con.execute(f"CREATE OR REPLACE TEMP MACRO {macro}")
