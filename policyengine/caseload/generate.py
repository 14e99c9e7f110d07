"""A synthetic caseload with plausible shapes, for benchmarks, tests and demos (no real data).

Distributions (per case unless said; all drawn from one seeded `random.Random`):

* sentence: community order 45%, suspended sentence order 20%, custody 35%; passed on a day
  uniform in [start, end) (default 2008-01-01 to 2010-07-01, inside the 2007 edition);
  community length 6-36 months, custody 6-48 months with release at the half-way point.
* pre-sentence report: standard delivery 40%, fast delivery 35%, oral 15%, none 10%.
* requirements (community and suspended): supervision 90%, unpaid work 35% (40-300 hours),
  drug rehabilitation 8% (seriousness low/medium/high), curfew 15%, programme 10%.  From
  1 February 2015 (Offender Rehabilitation Act 2014) the supervision requirement is a
  rehabilitation activity requirement of at most 10, 15, 20 or 30 days (with the default dates
  no case is that late, so the default caseload is unchanged).
* tier 1/2/3/4: 20/30/30/20%; RoSH low/medium/high/very high 45/40/13/2%; PPO 5%; an OASys
  review may move the tier one step (15%).
* contacts: first meeting 0-7 working days after sentence or release (85% within 2), then at
  the tier's rhythm (tier 4 weekly, tier 3 fortnightly, tiers 1-2 four-weekly) to the end of
  supervision or the generation horizon; each planned contact is missed 8% of the time and
  1-4 days late 12% of the time.
* failures to comply: 6% of planned contacts; 75% get a first warning within 0-14 days, a
  second failure in the year gets a final warning or (40%) enforcement within 0-15 days.
* custody periods on community orders: 4% have a remand of 2-8 weeks (a pause of the clock).
* offender managers: 40 names in 8 teams; a case's manager is its latest assignment event.

Every case validates against case.schema.json (the tests load each one through `load_case_data`).
"""
from __future__ import annotations

import datetime as dt
import json
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..runtime import calendar
from ..cases.model import ORA_COMMENCEMENT
from ..files import open_atomically

TEAMS = [f"Team {name}" for name in ("North", "South", "East", "West", "Central", "Valley", "Coast", "City")]
MANAGERS = [f"{first} {last}" for first, last in zip(
    ["Aisha", "Ben", "Chloe", "Dev", "Ellen", "Farid", "Grace", "Hugh", "Ines", "Jack"] * 4,
    ["Adams", "Baker", "Clark", "Dixon", "Evans", "Fisher", "Green", "Hughes", "Irwin", "Jones",
     "Khan", "Lewis", "Moore", "Noble", "Owen", "Patel", "Quinn", "Reid", "Shaw", "Turner",
     "Usman", "Vance", "Walsh", "Young", "Zhou", "Ali", "Brown", "Cole", "Dunn", "Ellis",
     "Ford", "Gill", "Hart", "Ince", "Jeffs", "Kerr", "Lamb", "Mann", "Nash", "Oakes"])]
RHYTHM_DAYS = {4: 7, 3: 14, 2: 28, 1: 28}


@dataclass(frozen=True)
class Settings:
    start: dt.date = dt.date(2008, 1, 1)      # earliest sentence date
    end: dt.date = dt.date(2010, 7, 1)        # latest sentence date (exclusive)
    horizon: dt.date = dt.date(2011, 3, 31)   # no event is generated after this day


def _pick(rng: random.Random, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def team_of(manager: str) -> str:
    return TEAMS[MANAGERS.index(manager) % len(TEAMS)] if manager in MANAGERS else ""


class _CaseBuilder:
    def __init__(self, rng: random.Random, number: int, settings: Settings):
        self.rng, self.settings = rng, settings
        self.number = number
        self.events: list[dict] = []

    def event(self, kind: str, date: dt.date, **fields) -> str | None:
        if date > self.settings.horizon:
            return None
        eid = f"e{len(self.events) + 1}"
        self.events.append({"id": eid, "kind": kind, "date": date.isoformat(), **fields})
        return eid

    def build(self) -> dict:
        rng, settings = self.rng, self.settings
        span = (settings.end - settings.start).days
        date = settings.start + dt.timedelta(days=rng.randrange(max(span, 1)))
        kind = _pick(rng, {"community_order": 45, "suspended_sentence_order": 20, "custody": 35})
        sentence: dict = {"id": "s1", "type": kind, "date": date.isoformat(),
                          "psr": _pick(rng, {"standard_delivery": 40, "fast_delivery": 35, "oral": 15, "none": 10})}
        tier = _pick(rng, {1: 20, 2: 30, 3: 30, 4: 20})
        assessments = [{"date": date.isoformat(), "source": "tiering", "tier": tier,
                        "rosh": _pick(rng, {"low": 45, "medium": 40, "high": 13, "very_high": 2}),
                        "ppo": rng.random() < 0.05}]
        periods: list[dict] = []
        manager = rng.choice(MANAGERS)
        self.event("offender_manager_assigned", date, name=manager)
        if kind == "custody":
            months = rng.randint(6, 48)
            sentence["length_months"] = months
            release = calendar.add_months(date, months) - dt.timedelta(days=(calendar.add_months(date, months) - date).days // 2)
            sentence["release_date"] = release.isoformat()
            self.event("prison_reception", date, establishment="HMP Example")
            end = calendar.add_months(date, months)
            if release <= settings.horizon:
                self.event("release", release, on="licence", licence_end=(end - dt.timedelta(days=1)).isoformat())
                self.supervise(release, end, tier)
        else:
            months = rng.randint(6, 36)
            sentence["length_months"] = months
            requirements = []
            if rng.random() < 0.9:
                if date >= ORA_COMMENCEMENT:
                    requirements.append({"kind": "rehabilitation_activity", "max_days": rng.choice([10, 15, 20, 30])})
                else:
                    requirements.append({"kind": "supervision", "months": months})
            if rng.random() < 0.35:
                requirements.append({"kind": "unpaid_work", "hours": rng.randrange(40, 301, 10)})
            if rng.random() < 0.08:
                requirements.append({"kind": "drr", "seriousness": rng.choice(["low", "medium", "high"])})
            if rng.random() < 0.15:
                requirements.append({"kind": "curfew", "months": min(months, 6)})
            if rng.random() < 0.10:
                requirements.append({"kind": "programme"})
            if requirements:
                sentence["requirements"] = requirements
            end = calendar.add_months(date, months)
            self.supervise(date, end, tier)
            if rng.random() < 0.04:
                start = date + dt.timedelta(days=rng.randint(30, 200))
                until = start + dt.timedelta(weeks=rng.randint(2, 8))
                if until <= settings.horizon:
                    periods.append({"id": "p1", "kind": "custody", "start": start.isoformat(), "end": until.isoformat()})
        if rng.random() < 0.15:
            review = date + dt.timedelta(days=rng.randint(90, 200))
            if review <= settings.horizon:
                assessments.append({"date": review.isoformat(), "source": "oasys",
                                    "tier": max(1, min(4, tier + rng.choice([-1, 1])))})
        case = {"id": f"GEN-{self.number:07d}", "offender": {"gender": _pick(rng, {"male": 85, "female": 15})},
                "sentences": [sentence], "assessments": assessments, "events": self.events}
        if periods:
            case["periods"] = periods
        return case

    def supervise(self, start: dt.date, end: dt.date, tier: int) -> None:
        rng = self.rng
        first = calendar.add_working_days(start, rng.randint(0, 2) if rng.random() < 0.85 else rng.randint(3, 7))
        self.event("contact", first, mode="face_to_face", **{"with": "offender_manager"})
        self.event("oasys_assessment", calendar.add_working_days(start, rng.randint(1, 12)), type="initial")
        self.event("sentence_plan", calendar.add_working_days(start, rng.randint(2, 15)), type="initial")
        day, failures = first, []
        rhythm = RHYTHM_DAYS[tier]
        stop = min(end, self.settings.horizon)
        while True:
            day += dt.timedelta(days=rhythm)
            if day >= stop:
                break
            roll = rng.random()
            if roll < 0.08:
                continue  # missed
            when = day + dt.timedelta(days=rng.randint(1, 4)) if roll < 0.20 else day
            if rng.random() < 0.06:
                failure = self.event("failure_to_comply", when, description="did not attend")
                if failure:
                    failures.append((failure, when))
                    self.respond(failures)
                continue
            self.event("contact", when, mode=_pick(rng, {"face_to_face": 85, "telephone": 15}),
                       **{"with": "offender_manager"})

    def respond(self, failures: list[tuple[str, dt.date]]) -> None:
        rng = self.rng
        failure, when = failures[-1]
        recent = [f for f in failures[:-1] if (when - f[1]).days <= 365]
        if not recent:
            if rng.random() < 0.75:
                self.event("warning", when + dt.timedelta(days=rng.randint(0, 14)), failure=failure, type="first")
        elif rng.random() < 0.4:
            self.event("enforcement_initiated", when + dt.timedelta(days=rng.randint(0, 15)), failure=failure,
                       route="court")
        else:
            self.event("warning", when + dt.timedelta(days=rng.randint(0, 14)), failure=failure, type="final")


def generate(count: int, seed: int, settings: Settings = Settings()) -> Iterator[dict]:
    """`count` case dicts (JSON-ready), the same for the same seed."""
    rng = random.Random(seed)
    for number in range(1, count + 1):
        yield _CaseBuilder(rng, number, settings).build()


def manager_of(case: dict) -> str | None:
    names = [e["name"] for e in case.get("events", []) if e["kind"] == "offender_manager_assigned"]
    return names[-1] if names else None


def write_jsonl(path: Path, count: int, seed: int, settings: Settings = Settings(), progress=None) -> int:
    with open_atomically(path) as out:   # an interrupted run leaves no half-written caseload
        for index, case in enumerate(generate(count, seed, settings), start=1):
            out.write(json.dumps(case, separators=(",", ":")) + "\n")
            if progress:
                progress(index)
    return count
