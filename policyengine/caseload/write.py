"""Write worklists and compliance reports as CSV, JSON and one self-contained HTML page."""
from __future__ import annotations

import csv
import datetime as dt
import json
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field, fields
from itertools import groupby
from pathlib import Path

from ..explain.narrative import plural
from ..files import open_atomically, write_atomically
from .report import StandardCompliance, TeamCompliance, WorkItem, team_totals
from .sources import Problem


def _plain(value):
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


# A spreadsheet reads a cell starting with one of these as a formula (or, for tab and carriage
# return, may drop them and read what follows as one). Case ids, names and messages come from case
# files, so such a cell is written with a leading apostrophe and read as text.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value):
    """A value as a CSV cell that a spreadsheet shows as text, never runs (numbers stay numbers)."""
    value = _plain(value)
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def write_csv(path: Path, rows: Iterable[dict]) -> None:
    """The rows as CSV, written in one step; every text cell neutralised (csv_cell).  No rows, an
    empty file."""
    with open_atomically(path) as handle:
        writer, names = None, []
        for row in rows:
            if writer is None:
                writer = csv.writer(handle)   # csv.DictWriter's text, without its per-row key checks
                names = list(row)
                writer.writerow(names)
            writer.writerow([csv_cell(row.get(name, "")) for name in names])


_encode_text = json.encoder.encode_basestring_ascii   # json.dumps' own escaping of a string (C)


def _json_scalar(value) -> str | None:
    """`value` as json.dumps(value, default=_plain) spells it, for the scalars a report row holds;
    None for anything else (a float, a list: left to json.dumps)."""
    if value is None:
        return "null"
    if value is True or value is False:
        return "true" if value else "false"
    kind = type(value)
    if kind is str:
        return _encode_text(value)
    if kind is int:
        return int.__repr__(value)
    if kind is dt.date:
        return '"' + value.isoformat() + '"'
    return None


def _json_row(row: dict) -> str:
    """One row of a JSON array written with json.dumps(rows, indent=1): the same text, spelt
    directly for a flat row of scalars (a tenth of json.dumps' time, which a national worklist's
    hundred thousand rows would feel)."""
    parts = []
    for key, value in row.items():
        spelt = _json_scalar(value)
        if spelt is None or type(key) is not str:
            text = json.dumps(row, indent=1, default=_plain)
            return "\n".join(" " + line for line in text.splitlines())
        parts.append("  " + _encode_text(key) + ": " + spelt)
    return " {\n" + ",\n".join(parts) + "\n }" if parts else " {}"


def _through_json(handle, rows: Iterable[dict]) -> Iterator[dict]:
    """Pass the rows on, writing them to `handle` as one JSON array as they go (the text that
    json.dumps(rows, indent=1) gives), so a caseload's worklist need not be held whole."""
    handle.write("[")
    first = True
    for row in rows:
        handle.write(("\n" if first else ",\n") + _json_row(row))
        first = False
        yield row
    handle.write("]" if first else "\n]")


@dataclass
class WorklistTotals:
    """What the report page and the summary line need of a worklist streamed to its files: the
    counts, the editions seen and the first `keep` items (the page shows no more)."""
    keep: int = 500
    count: int = 0
    overdue: int = 0
    untimed: int = 0
    editions: set = field(default_factory=set)
    head: list[WorkItem] = field(default_factory=list)

    def counted(self, items: Iterable[WorkItem]) -> Iterator[WorkItem]:
        for item in items:
            self.count += 1
            self.overdue += item.status == "overdue"
            self.untimed += item.status == "missing_data"
            self.editions.add(item.edition)
            if len(self.head) < self.keep:
                self.head.append(item)
            yield item


def worklist_rows(items: Iterable[WorkItem]) -> Iterator[dict]:
    return ({f.name: _plain(getattr(i, f.name)) for f in fields(WorkItem)} for i in items)


def compliance_rows(rows: list[StandardCompliance]) -> list[dict]:
    return [r.as_dict() for r in rows]


def problem_rows(problems: list[Problem]) -> list[dict]:
    return [asdict(p) for p in problems]


def write_all(folder: Path, items: Iterable[WorkItem], report: list[StandardCompliance], problems: list[Problem],
              as_of: dt.date, cases: int, within: int,
              by_manager: list[TeamCompliance] | None = None) -> tuple[list[Path], WorklistTotals]:
    """worklist.csv/json, compliance.csv/json, compliance_by_manager.csv/json (with `by_manager`),
    errors.csv (when any case was invalid), report.html; each written whole or not at all.  The
    worklist is read once, as it comes, and never held whole."""
    folder.mkdir(parents=True, exist_ok=True)
    totals = WorklistTotals()
    worklist_csv, worklist_json = folder / "worklist.csv", folder / "worklist.json"
    with open_atomically(worklist_json) as handle:   # the JSON file is written as the CSV's rows pass
        write_csv(worklist_csv, _through_json(handle, worklist_rows(totals.counted(items))))
    written = [worklist_csv, worklist_json]
    tables = [("compliance", compliance_rows(report))]
    if by_manager is not None:
        tables.append(("compliance_by_manager", [row.as_dict() for row in by_manager]))
    for name, rows in tables:
        write_csv(folder / f"{name}.csv", rows)
        write_atomically(folder / f"{name}.json", json.dumps(rows, indent=1, default=_plain))
        written += [folder / f"{name}.csv", folder / f"{name}.json"]
    errors = folder / "errors.csv"
    if problems:
        write_csv(errors, problem_rows(problems))
        written.append(errors)
    elif errors.exists():
        errors.unlink()
    page = folder / "report.html"
    write_atomically(page, html_report(totals.head, report, problems, as_of, cases, within, by_manager=by_manager,
                                       totals=totals))
    written.append(page)
    return written, totals


def _shares(row: StandardCompliance, longest: int) -> list[tuple[str, float]]:
    """On time, late and overdue as percentages of the longest bar's count (the row with the most
    decided obligations), so that bar lengths follow the counts."""
    if not row.decided or not longest:
        return []
    return [(tone, round(100 * count / longest, 2)) for tone, count in
            (("ok", row.met_on_time), ("late", row.late), ("bad", row.overdue)) if count]


def _with_bars(rows: list[StandardCompliance]) -> list[dict]:
    longest = max((r.decided for r in rows), default=0)
    return [{**asdict(r), "rate": "" if r.on_time_rate is None else f"{r.on_time_rate:.0%}",
             "shares": _shares(r, longest)} for r in rows]


def html_report(items: list[WorkItem], report: list[StandardCompliance], problems: list[Problem],
                as_of: dt.date, cases: int, within: int, worklist_limit: int = 500,
                by_manager: list[TeamCompliance] | None = None, totals: WorklistTotals | None = None) -> str:
    """report.html: key figures, compliance per standard with a bar each, the worklist (the first
    `worklist_limit` items) and the invalid cases (template `output/templates/caseload.html`).
    `totals`, for a worklist streamed to its files: `items` is then only its head."""
    from ..output.dates import day
    from ..output.html import STATUS_TONES, render
    from ..output.pictures.page import status_words
    compliance = _with_bars(report)
    by_team = team_totals(by_manager or [])
    teams = [{**row, "team": t.team or "No team recorded", "manager": t.manager or "No manager recorded"}
             for t, row in zip(by_team, _with_bars([t.figures for t in by_team]))]
    rows = [{**asdict(i), "code": i.status, "tone": STATUS_TONES.get(i.status, "muted"),
             "status": "due soon" if i.status == "pending" else status_words(i.status),
             "days": "" if i.status == "missing_data" else f"{i.working_days} {'late' if i.status == 'overdue' else 'left'}"}
            for i in items[:worklist_limit]]
    worklist = []   # the items come sorted by team and manager: one table each
    for (team, manager), group in groupby(rows, key=lambda row: (row["team"], row["manager"])):
        group = list(group)
        who = " \u00b7 ".join(part for part in (team, manager) if part) or "No team or manager recorded"
        counts = Counter(i["code"] for i in group)
        worklist.append({"who": who, "rows": group, "overdue": counts["overdue"], "untimed": counts["missing_data"]})
    if totals is None:
        totals = WorklistTotals(keep=0)
        for _ in totals.counted(items):
            pass
    overdue, untimed, count = totals.overdue, totals.untimed, totals.count
    editions = len({r.edition for r in report} | totals.editions)
    return render("caseload.html", title=f"Caseload compliance as of {day(as_of)}", heading="Caseload compliance",
                  meta=f"as of {day(as_of)} \u00b7 {plural(cases, 'case')}", cases=cases, overdue=overdue,
                  due_soon=count - overdue - untimed, untimed=untimed, within=within, problems=problems, compliance=compliance,
                  worklist=worklist, shown=len(rows), more=max(0, count - worklist_limit),
                  editions=editions, teams=teams)
