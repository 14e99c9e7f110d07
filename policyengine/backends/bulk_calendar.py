"""The working-day calendar and the date functions of `builtins` as DuckDB macros.

`bulk_calendar` has one row per day from 1990 to 2060 (the years `calendar` caches), built from
`calendar.is_working_day` and `calendar.bank_holiday`, i.e. from the same `holidays` data as the
reference backend.  The working-day functions are macros doing ordinal arithmetic on that table
(day -> working-day ordinal in `bulk_calendar`, ordinal -> day in `bulk_working_days`): a scalar
subquery, which DuckDB runs once per distinct argument and joins back.  At 100,000 rows that took
13 ms where a vectorised Python function (Arrow batches) took 50 ms, and lists inside SQL macros
were worse still (DuckDB copies a 26,000-element list constant into each expression using it, and
planning one rule took seconds).  A day outside the table's range, or an answer past its end, is
passed to the vectorised function (`bulk_py_*`, indexing arrays made from the same table, and the
Python function itself beyond them), so the answer is the same everywhere.  Shifting by active
days over a case's pauses is a vectorised function too (`_shift_paused`).
"""
from __future__ import annotations

import datetime as dt

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ..runtime import calendar
from ..runtime.builtins import BUILTINS

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


_MAX_DAY, _MIN_DAY = _number(dt.date(9999, 12, 31)), _number(dt.date(1, 1, 1))


def _shift_paused(start: pa.Array, n: pa.Array, pauses: pa.Array) -> pa.Array:
    """calendar.shift_active_days over a case's merged pauses (bulk._merged_pauses: each with its
    first day f, its length, af = f in active-day terms, and whether it is ongoing): the day with
    n active days since `start` is t + (days of the pauses before it), t = start's active-day
    coordinate + n, and a pause lies before it exactly when af <= t.  Vectorised over the rows:
    DuckDB's list lambdas took microseconds a row."""
    start, n, pauses = (c.combine_chunks() if isinstance(c, pa.ChunkedArray) else c for c in (start, n, pauses))
    rows = len(start)
    nulls = (start.is_null().to_numpy(zero_copy_only=False) | n.is_null().to_numpy(zero_copy_only=False)
             | pauses.is_null().to_numpy(zero_copy_only=False))
    s = pc.fill_null(start.cast(pa.int32()), 0).to_numpy(zero_copy_only=False).astype(np.int64)
    steps = np.maximum(pc.fill_null(n, 0).to_numpy(zero_copy_only=False).astype(np.int64), 0)
    offsets = pauses.offsets.to_numpy(zero_copy_only=False)
    items = pauses.values.slice(offsets[0], offsets[-1] - offsets[0])
    owner = np.repeat(np.arange(rows), np.diff(offsets))

    def field(name: str, to_int: bool = True) -> np.ndarray:
        column = items.field(name)
        if to_int:
            column = column.cast(pa.int32()) if pa.types.is_date32(column.type) else column
            return column.to_numpy(zero_copy_only=False).astype(np.int64)
        return column.to_numpy(zero_copy_only=False).astype(bool)
    first, length, active_first, ongoing = field("f"), field("len"), field("af"), field("ongoing", False)
    before_start = np.clip(s[owner] - first, 0, length)
    t = s - np.bincount(owner, weights=before_start, minlength=rows).astype(np.int64) + steps
    passed = active_first <= t[owner]
    never = np.bincount(owner, weights=ongoing & passed, minlength=rows) > 0
    day = t + np.bincount(owner, weights=np.where(passed, length, 0), minlength=rows).astype(np.int64)
    day = np.where(never, _MAX_DAY, np.clip(day, _MIN_DAY, _MAX_DAY))
    return pa.array(day.astype(np.int32), mask=nulls).cast(pa.date32())


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


def _register(con: duckdb.DuckDBPyConnection, name: str, function, params: list, result) -> None:
    """An Arrow (vectorised) function, replacing one of the same name (install runs once per store)."""
    try:
        con.remove_function(name)
    except Exception:  # not registered yet
        pass
    con.create_function(name, function, params, result, type="arrow", side_effects=False)


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
        result = types.BIGINT if name == "working_days_between" else types.DATE
        _register(con, f"bulk_py_{name}", _vectorised(lookups, name), params, result)
    con.execute("CREATE OR REPLACE TEMP TABLE bulk_working_days AS "
                "SELECT working_day_ordinal AS ordinal, day FROM bulk_calendar WHERE working_day")
    pause = duckdb.struct_type({"f": types.DATE, "len": types.INTEGER, "af": types.DATE, "ongoing": types.BOOLEAN})
    _register(con, "bulk_shift_paused", _shift_paused, [types.DATE, types.BIGINT, duckdb.list_type(pause)], types.DATE)
    macros = [
        # The working-day functions (see the module's docstring): NULL from the table means a day
        # outside it, and only those rows reach the vectorised function.  n = 0 is the day itself,
        # as in calendar.add_working_days; back from a day that is not a working day, the first
        # step is to the working day before it, which has that day's ordinal.  n is clamped to a
        # million working days, past either end of the table, so that no n overflows the sum.
        "bulk_add_working_days(d, n) AS CASE WHEN n = 0 THEN d ELSE coalesce((SELECT w.day "
        "FROM bulk_calendar c JOIN bulk_working_days w ON w.ordinal = c.working_day_ordinal + CASE WHEN n > 0 "
        "THEN least(n, 1000000) ELSE greatest(n, -1000000) + 1 - CAST(c.working_day AS INTEGER) END "
        "WHERE c.day = d), bulk_py_add_working_days(d, n)) END",
        "bulk_same_or_next_working_day(d) AS coalesce((SELECT CASE WHEN c.working_day THEN c.day ELSE w.day END "
        "FROM bulk_calendar c LEFT JOIN bulk_working_days w ON w.ordinal = c.working_day_ordinal + 1 "
        "WHERE c.day = d AND (c.working_day OR w.day IS NOT NULL)), bulk_py_same_or_next_working_day(d))",
        "bulk_working_days_between(a, b) AS coalesce((SELECT y.working_day_ordinal - x.working_day_ordinal "
        "FROM bulk_calendar x, bulk_calendar y WHERE x.day = a AND y.day = b), bulk_py_working_days_between(a, b))",
        # Python's date range, as calendar.py keeps it.  The shift is clamped, not the date, so
        # each argument appears once in the expansion (the windows filter on these for every
        # row) and a NULL date or count still gives NULL (`0 * n`; least and greatest skip NULLs).
        f"bulk_add_days(d, n) AS d + CAST(least(greatest(n, {MIN} - d), {MAX} - d) + 0 * n AS INTEGER)",
        "bulk_add_weeks(d, n) AS bulk_add_days(d, 7 * n)",
        f"bulk_add_months(d, n) AS CASE WHEN (year(d) * 12 + month(d) - 1 + n) >= 120000 THEN {MAX} "
        f"WHEN (year(d) * 12 + month(d) - 1 + n) < 12 THEN {MIN} "
        "ELSE CAST(d + to_months(CAST(n AS INTEGER)) AS DATE) END",
        # calendar.whole_months_between: the months from a to b, less one if the day of a's month
        # (clamped) is still to come in b's month.
        "bulk_whole_months_between(a, b) AS (year(b) - year(a)) * 12 + month(b) - month(a) - CASE WHEN "
        "bulk_add_months(a, (year(b) - year(a)) * 12 + month(b) - month(a)) > b THEN 1 ELSE 0 END",
        f"bulk_day_after(x) AS x + CAST(least(1, {MAX} - x) AS INTEGER)",
        "bulk_shift_unpaused(s, n, L) AS bulk_add_days(s, GREATEST(n, 0))",
        # Most rows have no pauses: the paused shift runs only for the rows of cases with some.
        "bulk_shift_active_days(s, n, L) AS CASE WHEN L IS NULL THEN bulk_add_days(s, GREATEST(n, 0)) "
        "ELSE bulk_shift_paused(s, n, L) END",
    ]
    for macro in macros:
        con.execute(f"CREATE OR REPLACE TEMP MACRO {macro}")
