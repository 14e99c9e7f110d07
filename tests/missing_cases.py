"""Small case files for missing data: each standard the audit found timed by a fact a case file may
lack, once with the fact recorded and once without.  Shared by test_missing_data.py (which checks
the statuses and the hand-counted due dates) and the backend comparisons (test_plain_engine.py,
test_bulk_backend.py), which hold pyDatalog, the plain evaluator and the SQL backend to the same
missing_data results.  Beside them, cases with case-file fields no example reaches (the victim
contact override, the requirements of the Offender Rehabilitation Act 2014 period).
"""
from __future__ import annotations

from policyengine.cases.load import load_case_data
from policyengine.cases.model import Case

MAPPA_2 = {"mappa_category": 2, "mappa_level": 2}


def custody_2007(id: str, *, release_date: str | None = "2010-04-08", length_months: int | None = 36) -> dict:
    """Custody passed Mon 7 Jan 2008, a MAPPA category 2 level 2 case, with (by default) 36 months'
    length and a release date of Thu 8 Apr 2010, just after Easter 2010."""
    sentence: dict = {"id": "s1", "type": "custody", "date": "2008-01-07"}
    if length_months is not None:
        sentence["length_months"] = length_months
    if release_date is not None:
        sentence["release_date"] = release_date
    return {"id": id, "sentences": [sentence],
            "assessments": [{"date": "2008-01-07", "source": "psr", "tier": 3, "rosh": "medium", **MAPPA_2}]}


def release_2007(id: str, *, tier: int | None) -> dict:
    """Released on licence on Thu 1 Apr 2010, the day before Good Friday; a tier recorded or none
    (and nothing the tiering grid could go on)."""
    assessments = [{"date": "2010-03-01", "source": "oasys", "tier": tier}] if tier else []
    return {"id": id,
            "sentences": [{"id": "s1", "type": "custody", "date": "2009-10-01", "length_months": 12,
                           "release_date": "2010-04-01"}],
            "assessments": assessments,
            "events": [{"id": "rel1", "kind": "release", "date": "2010-04-01", "on": "licence",
                        "licence_end": "2010-10-01"}]}


def supervision_2007(id: str, *, tier: int | None) -> dict:
    """A 12-month community order with a supervision requirement passed Mon 3 Mar 2008; a tier
    recorded on the day or none (no RoSH, likelihood score or PPO status for the grid either)."""
    assessments = [{"date": "2008-03-03", "source": "psr", "tier": tier}] if tier else []
    return {"id": id,
            "sentences": [{"id": "s1", "type": "community_order", "date": "2008-03-03", "length_months": 12,
                           "requirements": [{"kind": "supervision"}]}],
            "assessments": assessments}


def drr_2007(id: str, *, seriousness: str | None) -> dict:
    """A community order with a 6-month DRR passed Mon 2 Jun 2008, tier 3; the DRR's seriousness
    recorded or not."""
    drr: dict = {"kind": "drr", "months": 6}
    if seriousness:
        drr["seriousness"] = seriousness
    return {"id": id,
            "sentences": [{"id": "s1", "type": "community_order", "date": "2008-06-02", "length_months": 12,
                           "requirements": [{"kind": "supervision"}, drr]}],
            "assessments": [{"date": "2008-06-02", "source": "psr", "tier": 3}]}


def custody_2015(id: str, *, release_date: str | None = "2016-05-31", length_months: int | None = 12) -> dict:
    """Custody passed Tue 1 Sep 2015, assessed as suitable for Approved Premises, with (by default)
    12 months' length and an expected release on Tue 31 May 2016."""
    sentence: dict = {"id": "s1", "type": "custody", "date": "2015-09-01"}
    if length_months is not None:
        sentence["length_months"] = length_months
    if release_date is not None:
        sentence["release_date"] = release_date
    return {"id": id, "sentences": [sentence], "flags": ["approved_premises_suitable"],
            "assessments": [{"date": "2015-09-01", "source": "oasys", "tier": 2}]}


def victims_2008(id: str, *, length_months: int | None = 18) -> dict:
    """Custody for malicious wounding (Schedule 15) passed Thu 11 Dec 2008, with (by default) 18
    months' length, so qualifying for victim contact, or with none; beside it two sentences the
    override decides: 60 months for possession of a firearm with intent (a Schedule 15 offence,
    excluded: no victim) and 30 months for causing death by careless driving (not in Schedule 15,
    qualifying)."""
    s1: dict = {"id": "s1", "type": "custody", "date": "2008-12-11"}
    if length_months is not None:
        s1["length_months"] = length_months
    return {"id": id,
            "sentences": [
                s1,
                {"id": "s2", "type": "custody", "date": "2008-12-11", "length_months": 60,
                 "victim_contact_override": {"qualifies": False, "reason": "no identifiable victim"}},
                {"id": "s3", "type": "custody", "date": "2008-12-11", "length_months": 30,
                 "victim_contact_override": {"qualifies": True, "reason": "a violent offence outside Schedule 15"}}],
            "offences": [
                {"id": "o1", "statute": "Offences against the Person Act 1861", "section": "20", "sentence": "s1"},
                {"id": "o2", "statute": "Firearms Act 1968", "section": "16", "sentence": "s2"},
                {"id": "o3", "statute": "Road Traffic Act 1988", "section": "2B", "sentence": "s3"}],
            "events": [{"id": "vo1", "kind": "victim_contact_offer", "date": "2009-02-10", "method": "letter",
                        "sentence": "s1"}]}


def ora_2016(id: str) -> dict:
    """A community order passed Thu 22 Dec 2016 with a RAR (at most 20 days), alcohol abstinence
    and monitoring (90 days), a foreign travel prohibition and electronic monitoring, allocated the
    next day; and custody passed Tue 1 Mar 2016 with drug testing and drug appointment licence
    conditions, released on licence Thu 1 Sep 2016."""
    return {"id": id,
            "sentences": [
                {"id": "s1", "type": "community_order", "date": "2016-12-22", "length_months": 12,
                 "requirements": [{"kind": "rehabilitation_activity", "max_days": 20},
                                  {"kind": "alcohol_abstinence_monitoring", "days": 90},
                                  {"kind": "foreign_travel_prohibition", "months": 6},
                                  {"kind": "electronic_monitoring"}]},
                {"id": "s2", "type": "custody", "date": "2016-03-01", "length_months": 12,
                 "release_date": "2016-09-01", "requirements": [{"kind": "drug_testing"}, {"kind": "drug_appointment"}]}],
            "assessments": [{"date": "2016-12-22", "tier": 3, "rosh": "high"}],
            "events": [{"id": "r1", "kind": "release", "date": "2016-09-01", "on": "licence", "sentence": "s2"},
                       {"id": "om1", "kind": "offender_manager_assigned", "date": "2016-12-23", "sentence": "s1"}]}


def all_cases() -> list[Case]:
    """Every case above, with and without its facts, for the backend comparisons."""
    data = [
        custody_2007("MD-CUSTODY"), custody_2007("MD-CUSTODY-NO-RELEASE", release_date=None),
        custody_2007("MD-CUSTODY-NO-LENGTH", length_months=None),
        custody_2007("MD-CUSTODY-NEITHER", release_date=None, length_months=None),
        release_2007("MD-RELEASE-TIER2", tier=2), release_2007("MD-RELEASE-NO-TIER", tier=None),
        supervision_2007("MD-SUPERVISION-TIER1", tier=1), supervision_2007("MD-SUPERVISION-NO-TIER", tier=None),
        drr_2007("MD-DRR-HIGH", seriousness="high"), drr_2007("MD-DRR-NO-BAND", seriousness=None),
        custody_2015("MD-2015"), custody_2015("MD-2015-NO-RELEASE", release_date=None),
        custody_2015("MD-2015-NO-LENGTH", length_months=None),
        victims_2008("MD-VICTIMS"), victims_2008("MD-VICTIMS-NO-LENGTH", length_months=None),
        ora_2016("MD-ORA-2016"),
    ]
    return [load_case_data(case, source=f"test:{case['id']}") for case in data]


def equivalence_cases() -> list[Case]:
    """For the backend comparisons (each case costs about 0.5 s in pyDatalog per edition): every
    case lacking a fact, the custody, DRR, 2015 and victim cases with every fact recorded, and the
    Offender Rehabilitation Act requirements."""
    complete = {"MD-CUSTODY", "MD-DRR-HIGH", "MD-2015", "MD-VICTIMS", "MD-ORA-2016"}
    return [case for case in all_cases() if case.id in complete or "-NO-" in case.id or case.id.endswith("NEITHER")]
