"""Write worklists and compliance reports as CSV, JSON and one self-contained HTML page."""
from __future__ import annotations

import csv
import datetime as dt
import html
import json
from dataclasses import asdict, fields
from pathlib import Path

from ..explain.narrative import plural
from .report import StandardCompliance, WorkItem
from .sources import Problem


def _plain(value):
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def write_csv(path: Path, rows: list[dict]) -> None:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        if not rows:
            return
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        for row in rows:
            writer.writerow({k: _plain(v) for k, v in row.items()})


def worklist_rows(items: list[WorkItem]) -> list[dict]:
    return [{f.name: _plain(getattr(i, f.name)) for f in fields(WorkItem)} for i in items]


def compliance_rows(rows: list[StandardCompliance]) -> list[dict]:
    return [r.as_dict() for r in rows]


def problem_rows(problems: list[Problem]) -> list[dict]:
    return [asdict(p) for p in problems]


def write_all(folder: Path, items: list[WorkItem], report: list[StandardCompliance], problems: list[Problem],
              as_of: dt.date, cases: int, within: int) -> list[Path]:
    """worklist.csv/json, compliance.csv/json, errors.csv (when any case was invalid), report.html."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, rows in (("worklist", worklist_rows(items)), ("compliance", compliance_rows(report))):
        write_csv(folder / f"{name}.csv", rows)
        (folder / f"{name}.json").write_text(json.dumps(rows, indent=1, default=_plain), encoding="utf-8")
        written += [folder / f"{name}.csv", folder / f"{name}.json"]
    errors = folder / "errors.csv"
    if problems:
        write_csv(errors, problem_rows(problems))
        written.append(errors)
    elif errors.exists():
        errors.unlink()
    page = folder / "report.html"
    page.write_text(html_report(items, report, problems, as_of, cases, within), encoding="utf-8")
    written.append(page)
    return written


def _chart(report: list[StandardCompliance]) -> str:
    """A horizontal bar per standard: on time, late, overdue as shares of decided obligations."""
    rows = [r for r in report if r.decided]
    bar_height, width, label = 18, 420, 150
    height = bar_height * len(rows) + 30
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{label + width + 80}" height="{height}" role="img" '
             'aria-label="compliance per standard">']
    for index, r in enumerate(rows):
        y = index * bar_height + 20
        x = label
        parts.append(f'<text x="0" y="{y + 13}" font-size="12">{html.escape(r.edition)} {html.escape(r.standard)}</text>')
        for count, colour, what in ((r.met_on_time, "#2e7d32", "on time"), (r.late, "#f9a825", "late"),
                                    (r.overdue, "#c62828", "overdue")):
            share = width * count / r.decided
            if share:
                parts.append(f'<rect x="{x:.1f}" y="{y}" width="{share:.1f}" height="{bar_height - 4}" fill="{colour}">'
                             f'<title>{what}: {count}</title></rect>')
            x += share
        parts.append(f'<text x="{label + width + 6}" y="{y + 13}" font-size="12">{r.on_time_rate:.0%}</text>')
    parts.append(f'<text x="{label}" y="12" font-size="12">on time (green), late (amber), overdue (red)</text></svg>')
    return "".join(parts)


def _table(rows: list[dict]) -> str:
    if not rows:
        return "<p>None.</p>"
    head = "".join(f"<th>{html.escape(str(k))}</th>" for k in rows[0])
    body = "".join("<tr>" + "".join(f"<td>{html.escape('' if v is None else str(_plain(v)))}</td>" for v in row.values())
                   + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def html_report(items: list[WorkItem], report: list[StandardCompliance], problems: list[Problem],
                as_of: dt.date, cases: int, within: int, worklist_limit: int = 500) -> str:
    shown = worklist_rows(items[:worklist_limit])
    more = f"<p>{len(items) - worklist_limit} more in worklist.csv.</p>" if len(items) > worklist_limit else ""
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Caseload compliance as of {as_of.isoformat()}</title>
<style>body{{font-family:sans-serif;margin:2em}}table{{border-collapse:collapse;font-size:13px}}
td,th{{border:1px solid #ccc;padding:2px 6px;text-align:left}}</style></head><body>
<h1>Caseload compliance as of {as_of.isoformat()}</h1>
<p>{plural(cases, 'case')} evaluated; {plural(len(problems), 'problem')} in invalid cases; {plural(len(items), 'worklist item')}
(overdue, due within {within} working days, or cannot be timed until the case file records a fact).</p>
<h2>Compliance per standard</h2>
{_chart(report)}
{_table(compliance_rows(report))}
<h2>Worklist</h2>
{_table(shown)}{more}
<h2>Invalid cases</h2>
{_table(problem_rows(problems))}
</body></html>
"""
