"""Small case files for issue 18's first contacts, home visits and arrivals: 2007 2c.13 (and the
2011 rule of HMI C.2.1.3, and 2015.5.2) on the day of release, 2d.1.4 from release on licence,
2a.5's mandatory home visit, and 2d.12.6's residence plan after a bailee's arrival.

Shared by test_standards_contacts_visits_arrivals.py (which checks the hand-counted due dates)
and the backend comparisons (test_plain_engine.py, test_bulk_backend.py), which hold pyDatalog,
the plain evaluator and the SQL backend to the same results for them.
"""
from __future__ import annotations

import datetime as dt

from policyengine.cases.load import load_case_data
from policyengine.cases.model import Case

REASON = "released at 4.30 pm, after the probation office had closed"
# After every date below: the as-of date of the backend comparisons.
AS_OF_ALL = dt.date(2017, 6, 30)


def om_contact(id: str, date: str) -> dict:
    return {"id": id, "kind": "contact", "date": date, "mode": "face_to_face", "with": "offender_manager"}


def home_visit(id: str, date: str) -> dict:
    return {"id": id, "kind": "home_visit", "date": date, "with": "offender_manager"}


def release(date: str, on: str = "licence", reason: str | None = None) -> dict:
    event = {"id": "rel1", "kind": "release", "date": date, "on": on}
    if reason is not None:
        event["same_day_contact_impractical_reason"] = reason
    return event


def licence_release(id: str, date: str, *, reason: str | None = None, contacts: tuple[str, ...] = (),
                    sentence_date: str = "2007-09-20", tier: int = 3, rosh: str = "medium") -> dict:
    """Custody of 12 months, released on licence on `date` (with or without the recorded reason
    a same-day contact was impractical), seen face to face on each of `contacts`."""
    return {"id": id,
            "sentences": [{"id": "s1", "type": "custody", "date": sentence_date, "length_months": 12}],
            "assessments": [{"date": sentence_date, "source": "oasys", "tier": tier, "rosh": rosh}],
            "events": [release(date, reason=reason),
                       *(om_contact(f"c{n}", day) for n, day in enumerate(contacts, start=1))]}


# ---------------------------------------------------------------- 2c.13 (2007), C.2.1.3 (2011), 2015.5.2

def easter_2008_no_reason_seen_after_easter() -> dict:
    """Released Thu 20 Mar 2008, the day before Good Friday; no reason recorded; seen Tue 25 Mar."""
    return licence_release("C18-EASTER-NOREASON", "2008-03-20", contacts=("2008-03-25",))


def easter_2008_reason_seen_after_easter() -> dict:
    """The same release, recording why a contact that day was impractical; seen Tue 25 Mar."""
    return licence_release("C18-EASTER-REASON", "2008-03-20", reason=REASON, contacts=("2008-03-25",))


def easter_2008_no_reason_never_seen() -> dict:
    return licence_release("C18-EASTER-NOTHING", "2008-03-20")


def easter_2008_reason_never_seen() -> dict:
    return licence_release("C18-EASTER-REASON-NOTHING", "2008-03-20", reason=REASON)


def saturday_release_christmas_2007(reason: str | None) -> dict:
    """Released on Saturday 22 December 2007 (a release on a day that is not a working day)."""
    return licence_release("C18-SAT-REASON" if reason else "C18-SAT-NOREASON", "2007-12-22", reason=reason,
                           contacts=("2007-12-24",))


def christmas_2011_no_reason() -> dict:
    """Released Fri 23 Dec 2011, no reason recorded, seen Wed 28 Dec (for the 2011 edition)."""
    return licence_release("C18-XMAS11", "2011-12-23", sentence_date="2011-06-23", contacts=("2011-12-28",))


def christmas_2016_no_reason() -> dict:
    """Released Fri 23 Dec 2016, no reason recorded, seen Wed 28 Dec (2007 against 2015)."""
    return licence_release("C18-XMAS16", "2016-12-23", sentence_date="2016-06-23", contacts=("2016-12-28",))


# ---------------------------------------------------------------- 2d.1.4 unpaid work from release on licence

def licence_with_unpaid_work_easter_2010(*, on: str = "licence", sessions: tuple[str, ...] = ("2010-04-20",)) -> dict:
    """Custody passed Thu 1 Oct 2009 whose licence carries 100 hours of unpaid work; released on
    Thu 1 Apr 2010, the day before Good Friday; high RoSH, so 2c.16 times the home visit."""
    return {"id": f"C18-UPW-{on}-{len(sessions)}",
            "sentences": [{"id": "s1", "type": "custody", "date": "2009-10-01", "length_months": 12,
                           "requirements": [{"kind": "unpaid_work", "hours": 100}]}],
            "assessments": [{"date": "2009-10-01", "source": "oasys", "tier": 3, "rosh": "high"}],
            "events": [release("2010-04-01", on=on, reason=REASON),
                       *({"id": f"ws{n}", "kind": "work_session", "date": day, "duration_minutes": 420}
                         for n, day in enumerate(sessions, start=1))]}


def licence_case_with_unpaid_work_2008() -> dict:
    """A case that begins with its licence on Mon 7 Jan 2008, carrying unpaid work; very high
    RoSH.  No work session and no home visit."""
    return {"id": "C18-LICENCE-UPW",
            "sentences": [{"id": "s1", "type": "licence", "date": "2008-01-07", "length_months": 6,
                           "requirements": [{"kind": "unpaid_work", "hours": 60}]}],
            "assessments": [{"date": "2008-01-07", "source": "oasys", "tier": 4, "rosh": "very_high"}]}


# ---------------------------------------------------------------- 2a.5 the mandatory home visit

def unpaid_work_only_high_rosh_christmas_2007() -> dict:
    """A community order of 120 hours of unpaid work and no supervision requirement, high RoSH,
    sentenced Thu 20 Dec 2007; home visit Wed 9 Jan 2008."""
    return {"id": "C18-UPW-ONLY-HIGH",
            "sentences": [{"id": "s1", "type": "community_order", "date": "2007-12-20", "length_months": 12,
                           "requirements": [{"kind": "unpaid_work", "hours": 120}]}],
            "assessments": [{"date": "2007-12-20", "source": "psr", "tier": 3, "rosh": "high"}],
            "events": [home_visit("hv1", "2008-01-09")]}


def supervision_high_rosh_christmas_2007() -> dict:
    """The same day and risk, with a supervision requirement: 2c.16 times the home visit."""
    return {"id": "C18-SUP-HIGH",
            "sentences": [{"id": "s1", "type": "community_order", "date": "2007-12-20", "length_months": 12,
                           "requirements": [{"kind": "supervision"}]}],
            "assessments": [{"date": "2007-12-20", "source": "psr", "tier": 3, "rosh": "high"}],
            "events": [home_visit("hv1", "2008-01-09")]}


def post_sentence_supervision_release_easter_2010() -> dict:
    """Custody released on post sentence supervision on Thu 1 Apr 2010, very high RoSH, no home
    visit."""
    return {"id": "C18-PSS-VHIGH",
            "sentences": [{"id": "s1", "type": "custody", "date": "2009-10-01", "length_months": 12}],
            "assessments": [{"date": "2009-10-01", "source": "oasys", "tier": 4, "rosh": "very_high"}],
            "events": [release("2010-04-01", on="post_sentence_supervision")]}


def custody_high_rosh_unconditional_release_2008() -> dict:
    """Custody passed Mon 7 Jan 2008, high RoSH, released unconditionally Mon 7 Jul 2008."""
    return {"id": "C18-CUSTODY-UNCOND",
            "sentences": [{"id": "s1", "type": "custody", "date": "2008-01-07", "length_months": 12}],
            "assessments": [{"date": "2008-01-07", "source": "oasys", "tier": 3, "rosh": "high"}],
            "events": [release("2008-07-07", on="unconditional")]}


# ---------------------------------------------------------------- 2d.12.6 a bailee's residence plan

def bailee_arrival_christmas_2009(*, bailee: bool | None = True, plan: str | None = "2010-01-04",
                                  flag: bool = False) -> dict:
    """A community order passed Mon 1 Jun 2009; on bail for a new charge, the offender arrives at
    Approved Premises on Wed 23 Dec 2009 (as a bailee, or not); a residence plan on `plan`."""
    arrival: dict = {"id": "ap1", "kind": "approved_premises_arrival", "date": "2009-12-23"}
    if bailee is not None:
        arrival["bailee"] = bailee
    events = [arrival]
    if plan is not None:
        events.append({"id": "rp1", "kind": "residence_plan", "date": plan})
    case = {"id": f"C18-AP-{bailee}-{plan}-{flag}",
            "sentences": [{"id": "s1", "type": "community_order", "date": "2009-06-01", "length_months": 12,
                           "requirements": [{"kind": "supervision"}]}],
            "assessments": [{"date": "2009-06-01", "source": "psr", "tier": 2, "rosh": "medium"}],
            "events": events}
    if flag:
        case["flags"] = ["bailee_in_approved_premises"]
    return case


def bailee_flag_without_arrival() -> dict:
    case = bailee_arrival_christmas_2009(plan=None, flag=True)
    case["events"] = []
    case["id"] = "C18-AP-FLAG-ONLY"
    return case


def equivalence_cases() -> list[Case]:
    """One of each shape above, for the backend comparisons."""
    cases = [easter_2008_no_reason_seen_after_easter(), easter_2008_reason_seen_after_easter(),
             saturday_release_christmas_2007(REASON), christmas_2016_no_reason(),
             licence_with_unpaid_work_easter_2010(), licence_with_unpaid_work_easter_2010(on="unconditional"),
             licence_case_with_unpaid_work_2008(), unpaid_work_only_high_rosh_christmas_2007(),
             post_sentence_supervision_release_easter_2010(), custody_high_rosh_unconditional_release_2008(),
             bailee_arrival_christmas_2009(), bailee_arrival_christmas_2009(plan=None, flag=True),
             bailee_flag_without_arrival()]
    return [load_case_data(data, source=f"test:{data['id']}") for data in cases]
