"""Small case files for the 2011 edition's timescales from the HMI guide: contact at least monthly
in community orders (D.2.2.8), the plan reviewed at least annually (C.2.1.19), the risk management
plan within 15 working days (B.4.1.11) and the prison's notice of a return to custody within two
days (D.2.2.19).  Shared by test_standards_2011_timescales.py (which checks the hand-counted dates)
and the backend comparisons (test_plain_engine.py, test_bulk_backend.py), which hold pyDatalog, the
plain evaluator and the SQL backend to the same results on monthly windows, month ends, the leap
day of 2012 and pauses.
"""
from __future__ import annotations

import datetime as dt

from policyengine.cases.load import load_case_data
from policyengine.cases.model import Case

AS_OF = dt.date(2014, 3, 4)   # after every event below: every window and deadline has passed


def contact(id: str, date: str, with_: str = "offender_manager") -> dict:
    return {"id": id, "kind": "contact", "date": date, "mode": "face_to_face", "with": with_}


def community(id: str, date: str, *, months: int | None = 24, end_date: str | None = None,
              rosh: str = "medium", events: tuple = (), periods: tuple = ()) -> dict:
    """A community order with a supervision requirement, the RoSH recorded on the day of sentence."""
    sentence: dict = {"id": "s1", "type": "community_order", "date": date,
                      "requirements": [{"kind": "supervision"}]}
    if months is not None:
        sentence["length_months"] = months
    if end_date is not None:
        sentence["end_date"] = end_date
    return {"id": id, "sentences": [sentence],
            "assessments": [{"date": date, "source": "oasys", "tier": 2, "rosh": rosh}],
            "periods": list(periods), "events": list(events)}


def licence(id: str, *, release: str, licence_end: str | None, rosh: str = "high", events: tuple = ()) -> dict:
    """A custodial sentence passed Wed 1 Jun 2011, released on licence on `release`."""
    out = {"id": "rel1", "kind": "release", "date": release, "on": "licence"}
    if licence_end is not None:
        out["licence_end"] = licence_end
    return {"id": id,
            "sentences": [{"id": "s1", "type": "custody", "date": "2011-06-01"}],
            "assessments": [{"date": "2011-06-01", "source": "oasys", "tier": 3, "rosh": rosh}],
            "events": [{"id": "pr0", "kind": "prison_reception", "date": "2011-06-01"}, out, *events]}


# ---------------------------------------------------------------- D.2.2.8: at least monthly

def monthly_leap() -> dict:
    """Sentenced Tue 31 Jan 2012 (a leap year): months 31 Jan - 28 Feb, 29 Feb - 30 Mar,
    31 Mar - 29 Apr, 30 Apr - 30 May, 31 May - 29 Jun."""
    return community("M-LEAP", "2012-01-31", events=(
        contact("c1", "2012-02-28"), contact("c2", "2012-03-30", "key_worker"), contact("c3", "2012-04-30")))


def monthly_2013() -> dict:
    """Sentenced Thu 31 Jan 2013, the order's last day Sat 20 Jul 2013: months 31 Jan - 27 Feb,
    28 Feb - 30 Mar, 31 Mar - 29 Apr, 30 Apr - 30 May, 31 May - 29 Jun; 30 Jun - 30 Jul is cut
    short by the end of the order."""
    return community("M-2013", "2013-01-31", months=None, end_date="2013-07-20", events=(
        contact("c1", "2013-02-27"), contact("c2", "2013-02-28"), contact("c3", "2013-04-30"),
        contact("c4", "2013-06-24")))


def monthly_paused() -> dict:
    """Sentenced Tue 15 May 2012, in custody Fri 1 - Sun 10 Jun 2012 (10 days), in hospital
    Mon 1 - Fri 5 Oct 2012 (5 days)."""
    return community("M-PAUSED", "2012-05-15", months=12, periods=(
        {"id": "p1", "kind": "custody", "start": "2012-06-01", "end": "2012-06-10"},
        {"id": "p2", "kind": "hospital", "start": "2012-10-01", "end": "2012-10-05"}),
        events=(contact("c1", "2012-05-24"), contact("c2", "2012-06-22"), contact("c3", "2012-07-24"),
                contact("c4", "2012-10-29")))


def monthly_high_rosh_sso() -> dict:
    """A high RoSH suspended sentence order from Wed 29 Feb 2012, owed weekly and monthly contact;
    certified sickness Mon 2 - Sun 15 Apr 2012."""
    case = community("M-SSO", "2012-02-29", months=6, rosh="high", periods=(
        {"id": "p1", "kind": "certified_sickness", "start": "2012-04-02", "end": "2012-04-15"},),
        events=(contact("c1", "2012-03-07"), contact("c2", "2012-03-28"), contact("c3", "2012-05-09")))
    case["sentences"][0]["type"] = "suspended_sentence_order"
    return case


# ---------------------------------------------------------------- C.2.1.19: reviewed at least annually

def review_leap() -> dict:
    """Sentenced Mon 13 Feb 2012 for 36 months; initial plan Wed 29 Feb 2012, reviewed Fri
    1 Mar 2013, then not again."""
    return community("C-LEAP", "2012-02-13", months=36, events=(
        {"id": "sp1", "kind": "sentence_plan", "date": "2012-02-29", "type": "initial"},
        {"id": "sp2", "kind": "sentence_plan", "date": "2013-03-01", "type": "review"}))


def review_on_time() -> dict:
    """As C-LEAP, the review on Thu 28 Feb 2013."""
    return community("C-ONTIME", "2012-02-13", months=36, events=(
        {"id": "sp1", "kind": "sentence_plan", "date": "2012-02-29", "type": "initial"},
        {"id": "sp2", "kind": "sentence_plan", "date": "2013-02-28", "type": "review"}))


def review_order_ends() -> dict:
    """A 12-month order from Mon 13 Feb 2012 (last day Tue 12 Feb 2013); plan Wed 29 Feb 2012."""
    return community("C-ENDS", "2012-02-13", months=12, events=(
        {"id": "sp1", "kind": "sentence_plan", "date": "2012-02-29", "type": "initial"},))


def review_licence_ends() -> dict:
    """Released on licence Mon 2 Jul 2012 to Tue 1 Jan 2013; plan Thu 5 Jul 2012."""
    return licence("C-LICENCE", release="2012-07-02", licence_end="2013-01-01", rosh="medium", events=(
        {"id": "sp1", "kind": "sentence_plan", "date": "2012-07-05", "type": "initial"},))


# ---------------------------------------------------------------- B.4.1.11: risk management plan

def rmp_community(id: str, plan: str | None, rosh: str = "high") -> dict:
    """A community order passed Thu 20 Dec 2012, with a risk management plan on `plan`."""
    events = ({"id": "rmp1", "kind": "risk_management_plan", "date": plan},) if plan else ()
    return community(id, "2012-12-20", rosh=rosh, events=events)


def rmp_licence(id: str, plan: str) -> dict:
    """Very high RoSH, released on licence Mon 5 Nov 2012, a risk management plan on `plan`."""
    return licence(id, release="2012-11-05", licence_end="2013-11-04", rosh="very_high", events=(
        {"id": "rmp1", "kind": "risk_management_plan", "date": plan},))


# ---------------------------------------------------------------- D.2.2.19: return to custody

def returned(id: str, notices: tuple = ()) -> dict:
    """On licence from Thu 1 Mar 2012, recalled Wed 4 Jul 2012, received into prison Fri 6 Jul."""
    return licence(id, release="2012-03-01", licence_end="2013-02-28", events=(
        {"id": "rc1", "kind": "recall", "date": "2012-07-04"},
        {"id": "pr1", "kind": "prison_reception", "date": "2012-07-06"}, *notices))


def notice(id: str, date: str, reception: str = "pr1") -> dict:
    return {"id": id, "kind": "custody_return_notified", "date": date, "reception": reception}


def recalled_not_returned() -> dict:
    """Recalled Wed 4 Jul 2012; no reception recorded."""
    return licence("K-ATLARGE", release="2012-03-01", licence_end="2013-02-28", events=(
        {"id": "rc1", "kind": "recall", "date": "2012-07-04"},))


def all_cases() -> list[dict]:
    return [monthly_leap(), monthly_2013(), monthly_paused(), monthly_high_rosh_sso(),
            review_leap(), review_on_time(), review_order_ends(), review_licence_ends(),
            rmp_community("R-ONTIME", "2013-01-15"), rmp_community("R-LATE", "2013-01-16"),
            rmp_community("R-NONE", None), rmp_community("R-MEDIUM", None, rosh="medium"),
            rmp_licence("R-LICENCE", "2012-10-15"), rmp_licence("R-EARLY", "2012-09-03"),
            returned("K-LATE", (notice("n1", "2012-07-09"),)), returned("K-ONTIME", (notice("n1", "2012-07-07"),)),
            returned("K-OTHER", (notice("n1", "2012-07-07", "pr0"),)), recalled_not_returned()]


def equivalence_cases() -> list[Case]:
    return [load_case_data(data, f"test:{data['id']}") for data in all_cases()]
