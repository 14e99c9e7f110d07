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
* an action owed within N working days (an Offender Supervisor, details exchanged, the PSR to
  the prison, a plan's copy, a home visit, a first work session, a warning, enforcement, breach
  papers, a recall decision): on time (0-N working days) 82%, 1-5 working days late 10%, never 8%.
  Actions owed before a day (licence conditions 4 weeks and arrangements 10 working days before
  release): in the 3 weeks before it 82%, after it (before release) 10%, never 8%.
* contacts: first meeting 0-7 working days after sentence (85% within 2); on release on licence
  the same day (85%, else 1-3 working days later) and again within 3 working days; then at
  2007's 2c.16 rhythm (tier 4 weekly; tier 3 weekly for 16 weeks, then every 4 weeks; tier 2
  weekly for 4 weeks, fortnightly to week 16, then every 4 weeks; tier 1 every 4 weeks) to the
  end of supervision or the generation horizon; each planned contact is missed 8% of the time
  and 1-4 days late 12% of the time.  A high or very high RoSH case gets a home visit.
* custody: an Offender Supervisor, details exchanged, the PSR sent and the supervisor's first
  contact (within 2, 5, 5 and 10 working days of reception), an initial plan, a plan review each
  year in custody, and for 24 months or more a pre-release review in the 8 weeks before release.
* plans and reviews: an initial OASys 1-12 and plan 2-15 working days after sentence (review
  2-12 working days after release); a review every 4 months, up to 20 days early, and 15% of
  the time 3-6 weeks late; each plan copied to those implementing it; a termination OASys in the
  8 weeks before the end 85% of the time.
* requirements: unpaid work sessions of 6 hours weekly (fortnightly 15%) to the hours ordered;
  a DRR's treatment contacts and drug tests (two a week, and 15 or 7 hours of contact for high
  or medium seriousness, for 16 weeks, then one of each a week; a week kept in full 90%); a
  programme's first core session within 6 weeks 82%, 1-4 weeks later 10%, never 8%.
* failures to comply: 6% of planned contacts; the first in 12 months (on licence the first
  two) gets a written warning, a later one enforcement (and breach papers on an order, a recall
  decision on licence), each as an action owed above.
* With these, 2007's standards are mostly met on time as of 2010-09-01 (seed 1, 400 cases): the
  actions owed above 75-90%, the contact rhythm's windows (2c.16) about 70%, DRR windows about 90%.
* custody periods on community orders: 4% have a remand of 2-8 weeks (a pause of the clock).
* offender managers: 40 names in 8 teams; a case's manager and team are its latest assignment event's.
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
def rhythm_days(tier: int, weeks: int) -> int:
    """Days between planned contacts `weeks` into supervision, as 2007's 2c.16 asks: tier 4
    weekly; tier 3 weekly for 16 weeks, then every 4 weeks; tier 2 weekly for 4 weeks,
    fortnightly to week 16, then every 4 weeks; tier 1 every 4 weeks."""
    if tier == 4 or (tier == 3 and weeks < 16) or (tier == 2 and weeks < 4):
        return 7
    if tier == 2 and weeks < 16:
        return 14
    return 28


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
        self.high_risk = False

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
        self.high_risk = assessments[0]["rosh"] in ("high", "very_high")
        periods: list[dict] = []
        manager = rng.choice(MANAGERS)
        self.event("offender_manager_assigned", date, name=manager, team=team_of(manager))
        if kind == "custody":
            months = rng.randint(6, 48)
            sentence["length_months"] = months
            release = calendar.add_months(date, months) - dt.timedelta(days=(calendar.add_months(date, months) - date).days // 2)
            sentence["release_date"] = release.isoformat()
            self.event("prison_reception", date, establishment="HMP Example")
            self.custody(date, release, months, sentence["psr"])
            end = calendar.add_months(date, months)
            if release <= settings.horizon:
                self.event("release", release, on="licence", licence_end=(end - dt.timedelta(days=1)).isoformat())
                self.supervise(release, end, tier, released=True)
                self.evaluate(end)
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
            self.requirements(date, end, requirements)
            self.evaluate(end)
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

    def respond(self, kind: str, start: dt.date, within: int, **fields) -> str | None:
        """An event owed within `within` working days of `start`: on time 82%, 1-5 working days
        late 10%, never 8% (see the module's docstring)."""
        roll = self.rng.random()
        if roll < 0.08:
            return None
        days = self.rng.randint(0, within) if roll < 0.90 else within + self.rng.randint(1, 5)
        return self.event(kind, calendar.add_working_days(start, days), **fields)

    def before(self, kind: str, deadline: dt.date, latest: dt.date) -> None:
        """An event owed by `deadline` (and useless from `latest`): in the 3 weeks before it 82%,
        after it but before `latest` 10%, never 8%."""
        roll = self.rng.random()
        if roll < 0.08:
            return
        if roll < 0.90:
            day = deadline - dt.timedelta(days=self.rng.randint(0, 21))
        else:
            day = deadline + dt.timedelta(days=self.rng.randint(1, max(1, (latest - deadline).days - 1)))
        self.event(kind, min(day, latest - dt.timedelta(days=1)))

    def plan(self, day: dt.date, kind: str) -> None:
        """A Sentence Plan (initial, review or pre-release) and its copy to those implementing it (2 working days)."""
        if self.event("sentence_plan", day, type=kind):
            self.respond("sentence_plan_copy_sent", day, 2, to="interventions")

    def custody(self, date: dt.date, release: dt.date, months: int, psr: str) -> None:
        """Custody: an Offender Supervisor within 2 working days of reception, details exchanged
        within 5, the PSR to the prison within 5, the supervisor's first contact within 10, a plan
        each year in custody and a pre-release review, and the release arrangements in time."""
        rng = self.rng
        self.respond("offender_supervisor_assigned", date, 2, name=rng.choice(MANAGERS), establishment="HMP Example")
        self.respond("contact_details_exchanged", date, 5)
        if psr != "none":
            self.respond("psr_sent_to_prison", date, 5)
        self.respond("contact", date, 10, mode="face_to_face", **{"with": "offender_supervisor"})
        self.event("oasys_assessment", calendar.add_working_days(date, rng.randint(1, 12)), type="initial")
        self.plan(calendar.add_working_days(date, rng.randint(2, 15)), "initial")
        review = calendar.add_months(date, 12) - dt.timedelta(days=rng.randint(0, 30))
        while review < release - dt.timedelta(weeks=8):
            self.plan(review, "review")
            review = calendar.add_months(review, 12) - dt.timedelta(days=rng.randint(0, 30))
        if months >= 24:   # custody of 12 months or more served: a review in the 8 weeks before release
            self.plan(release - dt.timedelta(days=rng.randint(7, 50)), "pre_release")
        self.before("licence_conditions_proposed", release - dt.timedelta(weeks=4), release)
        self.before("release_arrangements_sent", calendar.add_working_days(release, -10), release)

    def requirements(self, date: dt.date, end: dt.date, requirements: list[dict]) -> None:
        """Unpaid work (a first session within 10 working days, then a 6-hour session a week to
        the hours ordered), a DRR (treatment within 2 working days, then for 16 weeks two drug
        tests and the weekly hours its seriousness asks, then one of each a week, each week kept
        90% of the time) and a programme (the first core session within 6 weeks)."""
        rng = self.rng
        stop = min(end, self.settings.horizon)
        for requirement in requirements:
            if requirement["kind"] == "unpaid_work":
                first = self.respond("work_session", date, 10, duration_minutes=360)
                day, done = self.events[-1]["date"] if first else None, 6
                day = dt.date.fromisoformat(day) if day else calendar.add_working_days(date, 10)
                while done < requirement["hours"] and day < stop:
                    day += dt.timedelta(days=7 if rng.random() < 0.85 else 14)
                    if self.event("work_session", day, duration_minutes=360):
                        done += 6
            elif requirement["kind"] == "drr":
                self.respond("treatment_contact", date, 2, duration_minutes=60)
                hours = {"high": 15, "medium": 7, "low": 1}[requirement["seriousness"]]
                week = calendar.add_working_days(date, 1)
                number = 0
                while week < stop:
                    intensive = number < 16
                    if rng.random() < 0.9:   # a week kept in full 90% of the time
                        for session in range(max(1, -(-hours // 5)) if intensive else 1):
                            self.event("treatment_contact", week + dt.timedelta(days=session),
                                       duration_minutes=300 if intensive and hours > 1 else 60)
                        for test in range(2 if intensive else 1):
                            self.event("drug_test", week + dt.timedelta(days=2 * test + 1), declaration=False)
                    week += dt.timedelta(weeks=1)
                    number += 1
            elif requirement["kind"] == "programme":   # 2d.8.1: the first core session within 6 weeks
                roll = rng.random()
                if roll < 0.92:
                    start = date + dt.timedelta(days=rng.randint(7, 41) if roll < 0.82 else rng.randint(43, 70))
                    self.event("programme_session", start, core=True, duration_minutes=120)

    def evaluate(self, end: dt.date) -> None:
        """2e.8: the termination assessment in the 8 weeks before the sentence ends."""
        if self.rng.random() < 0.85:
            self.event("oasys_assessment", end - dt.timedelta(days=self.rng.randint(2, 50)), type="termination")

    def supervise(self, start: dt.date, end: dt.date, tier: int, released: bool = False) -> None:
        rng = self.rng
        if released:   # on licence: met on the day of release (2c.13), and again within 3 working days
            first = calendar.add_working_days(start, 0 if rng.random() < 0.85 else rng.randint(1, 3))
            self.event("contact", first, mode="face_to_face", **{"with": "offender_manager"})
            self.respond("contact", first + dt.timedelta(days=1), 2, mode="face_to_face", **{"with": "offender_manager"})
            self.plan(calendar.add_working_days(start, rng.randint(1, 5) if rng.random() < 0.85 else rng.randint(6, 12)),
                      "review")
        else:
            first = calendar.add_working_days(start, rng.randint(0, 2) if rng.random() < 0.85 else rng.randint(3, 7))
            self.event("contact", first, mode="face_to_face", **{"with": "offender_manager"})
            self.event("oasys_assessment", calendar.add_working_days(start, rng.randint(1, 12)), type="initial")
            self.plan(calendar.add_working_days(start, rng.randint(2, 15)), "initial")
        if self.high_risk:   # 2c.16: a home visit within 10 working days
            self.respond("home_visit", start, 10, **{"with": "offender_manager"})
        review = start
        while True:   # 2e.5: a review every 4 months (late by up to 3 weeks 15% of the time)
            review = calendar.add_months(review, 4) - dt.timedelta(days=rng.randint(0, 20))
            if rng.random() < 0.15:
                review += dt.timedelta(days=rng.randint(22, 42))
            if review >= min(end, self.settings.horizon):
                break
            self.plan(review, "review")
        day, failures = first, []
        stop = min(end, self.settings.horizon)
        while True:
            day += dt.timedelta(days=rhythm_days(tier, (day - start).days // 7))
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
                    self.answer(failures, released)
                continue
            self.event("contact", when, mode=_pick(rng, {"face_to_face": 85, "telephone": 15}),
                       **{"with": "offender_manager"})

    def answer(self, failures: list[tuple[str, dt.date]], released: bool) -> None:
        """A failure to comply: the first in 12 months (on licence, the first two) gets a written
        warning within 10 working days (2f.8); a later one enforcement within 10 (2f.4), on licence a recall decision within
        9, on an order breach papers at court within 20 (2f.6); each on time 82%, late 10%, never 8%."""
        failure, when = failures[-1]
        recent = [f for f in failures[:-1] if (when - f[1]).days <= 365]
        if len(recent) < (2 if released else 1):   # enforcement after one warning on an order, two on licence
            self.respond("warning", when, 10, failure=failure, type="final" if recent else "first")
            return
        self.respond("enforcement_initiated", when, 10, failure=failure,
                     route="post_release_section" if released else "court")
        if released:
            self.respond("recall_decision", when, 9, failure=failure)
        else:
            self.respond("breach_documents_to_court", when, 20, failure=failure)


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
