"""Worklists and compliance reports over a caseload's results (any backend's ObligationResults).

Statuses are grouped for reporting as follows (a status not listed is not applicable):

| group        | statuses                                   |
|--------------|--------------------------------------------|
| met on time  | met_on_time, met (a window), judged_met     |
| late         | met_late                                   |
| overdue      | overdue, missed (a window), judged_not_met |
| pending      | pending (incl. open windows), needs_judgement |
| missing data | missing_data (cannot be timed: the case file lacks a fact) |

The on-time rate of a standard is met on time / (met on time + late + overdue): obligations still
pending, and those that cannot be timed, are not yet decided either way.  The worklist lists what
is overdue, what is due within N working days, and what cannot be timed (with the field to record).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass

from ..backends.bulk import CaseMeta
from ..backends.results import ObligationResult
from ..output.dates import day
from ..output.report import standard_order

GROUPS = {"met_on_time": "met_on_time", "met": "met_on_time", "judged_met": "met_on_time",
          "met_late": "late", "overdue": "overdue", "missed": "overdue", "judged_not_met": "overdue",
          "pending": "pending", "needs_judgement": "pending", "missing_data": "missing_data"}


@dataclass
class WorkItem:
    team: str
    manager: str
    case: str
    edition: str
    obligation: str
    status: str
    due: dt.date | None
    working_days: int          # late (overdue) or remaining (due soon)
    explanation: str


@dataclass
class StandardCompliance:
    edition: str
    standard: str
    title: str
    applicable: int = 0
    met_on_time: int = 0
    late: int = 0
    overdue: int = 0
    pending: int = 0
    missing_data: int = 0

    @property
    def decided(self) -> int:
        return self.met_on_time + self.late + self.overdue

    @property
    def on_time_rate(self) -> float | None:
        return self.met_on_time / self.decided if self.decided else None

    def as_dict(self) -> dict:
        data = asdict(self)
        data["on_time_rate"] = None if self.on_time_rate is None else round(self.on_time_rate, 4)
        return data


def _explain(r: ObligationResult) -> str:
    """One line a practitioner can act on; dates as on every page (`output.dates.day`)."""
    trigger = f"{r.trigger.kind} {r.trigger.id} on {day(r.trigger.date)}" if r.trigger else "its trigger"
    if r.window:
        window = r.window
        end = "open-ended" if window["end"] == dt.date.max else day(window["end"])
        return (f"{r.title}: window {day(window['start'])} to {end} needs {window['need']}, "
                f"{window['count']} so far (after {trigger})")
    if r.status == "missing_data":
        return (f"{r.title}: cannot be timed after {trigger}; record "
                + ", ".join(f"{m.field} ({m.what})" for m in r.missing))
    rule = f" ({r.deadline})" if r.deadline else ""
    if r.status == "overdue":
        return f"{r.title}: due {day(r.due)}{rule} after {trigger}; {r.working_days_late} working days overdue"
    return f"{r.title}: due {day(r.due)}{rule} after {trigger}; {r.working_days_remaining} working days left"


def worklist(results: dict[str, list[ObligationResult]], meta: dict[str, CaseMeta], within: int) -> list[WorkItem]:
    """Overdue obligations, those due within `within` working days and those that cannot be timed,
    most urgent first per team and manager (overdue by days late, then due soonest, then what to
    record)."""
    items = []
    for case, found in results.items():
        who = meta.get(case, CaseMeta())
        for r in found:
            overdue = r.status == "overdue"
            soon = r.status == "pending" and r.working_days_remaining is not None and r.working_days_remaining <= within
            if not (overdue or soon or r.status == "missing_data"):
                continue
            days = r.working_days_late if overdue else r.working_days_remaining
            items.append(WorkItem(who.team or "", who.manager or "", case, r.edition, r.obligation, r.status,
                                  r.due, days or 0, _explain(r)))
    urgency = {"overdue": 0, "pending": 1, "missing_data": 2}
    items.sort(key=lambda i: (i.team, i.manager, urgency[i.status],
                              -i.working_days if i.status == "overdue" else i.working_days,
                              i.due or dt.date.max, i.case, i.obligation))
    return items


@dataclass
class TeamCompliance:
    """One standard's figures for the cases one offender manager (of one team) holds."""
    team: str
    manager: str
    figures: StandardCompliance

    def as_dict(self) -> dict:
        return {"team": self.team, "manager": self.manager, **self.figures.as_dict()}


def _count(row: StandardCompliance, status: str) -> None:
    group = GROUPS[status]
    row.applicable += 1
    setattr(row, group, getattr(row, group) + 1)


def compliance(results: dict[str, list[ObligationResult]], titles: dict[tuple[str, str], str]) -> list[StandardCompliance]:
    """Per edition and standard: counts in each group and the on-time rate."""
    table: dict[tuple[str, str], StandardCompliance] = {}
    for found in results.values():
        for r in found:
            if r.status in GROUPS:
                key = (r.edition, r.standard)
                _count(table.setdefault(key, StandardCompliance(r.edition, r.standard, titles.get(key, r.title))),
                       r.status)
    return [table[k] for k in sorted(table, key=lambda k: (k[0], standard_order(k[1])))]


def compliance_by_manager(results: dict[str, list[ObligationResult]], meta: dict[str, CaseMeta],
                          titles: dict[tuple[str, str], str]) -> list[TeamCompliance]:
    """Per team, offender manager, edition and standard: the counts of `compliance`, so that a
    team leader sees whose cases fall behind on which standard."""
    table: dict[tuple[str, str, str, str], TeamCompliance] = {}
    for case, found in results.items():
        who = meta.get(case, CaseMeta())
        team, manager = who.team or "", who.manager or ""
        for r in found:
            if r.status in GROUPS:
                key = (team, manager, r.edition, r.standard)
                if key not in table:
                    title = titles.get((r.edition, r.standard), r.title)
                    table[key] = TeamCompliance(team, manager, StandardCompliance(r.edition, r.standard, title))
                _count(table[key].figures, r.status)
    return [table[k] for k in sorted(table, key=lambda k: (k[0], k[1], k[2], standard_order(k[3])))]


def team_totals(rows: list[TeamCompliance]) -> list[TeamCompliance]:
    """`compliance_by_manager` summed over the standards: one row per team and manager."""
    totals: dict[tuple[str, str], TeamCompliance] = {}
    for row in rows:
        total = totals.setdefault((row.team, row.manager),
                                  TeamCompliance(row.team, row.manager, StandardCompliance("", "", "all standards")))
        for name in ("applicable", "met_on_time", "late", "overdue", "pending", "missing_data"):
            setattr(total.figures, name, getattr(total.figures, name) + getattr(row.figures, name))
    return list(totals.values())

