"""Small case files for obligations a practitioner's own action starts (issue 18, item 2), for the
emergency recall decision (item 4) and for the 12-month boundary (item 10).

Each audited obligation has a case where the earlier action never happened and one where it was
done late.  Shared by test_standards_owed_actions.py (statuses and hand-counted dates) and the
backend comparisons (test_plain_engine.py, test_bulk_backend.py), which hold pyDatalog, the plain
evaluator and the SQL backend to the same results for them.
"""
from __future__ import annotations

import datetime as dt

from policyengine.cases.load import load_case_data
from policyengine.cases.model import Case

D = dt.date


def case(id: str, sentence: dict, events=(), *, assessments=(), flags=()) -> dict:
    data: dict = {"id": id, "sentences": [{"id": "s1", **sentence}], "events": list(events)}
    if assessments:
        data["assessments"] = list(assessments)
    if flags:
        data["flags"] = list(flags)
    return data


def community_2008(id: str, events=(), *, requirements=("supervision",), rosh: str = "low") -> dict:
    """A 12-month community order passed Mon 7 Jan 2008, tier 3 recorded that day."""
    return case(id, {"type": "community_order", "date": "2008-01-07", "length_months": 12,
                     "requirements": [{"kind": k} for k in requirements]}, events,
                assessments=[{"date": "2008-01-07", "source": "psr", "tier": 3, "rosh": rosh}])


def failure(id: str, date: str, **fields) -> dict:
    return {"id": id, "kind": "failure_to_comply", "date": date, **fields}


def warning(id: str, date: str, failure: str) -> dict:
    return {"id": id, "kind": "warning", "date": date, "failure": failure}


def enforcement(id: str, date: str, failure: str, route: str = "court") -> dict:
    return {"id": id, "kind": "enforcement_initiated", "date": date, "failure": failure, "route": route}


def papers(id: str, date: str, failure: str) -> dict:
    return {"id": id, "kind": "breach_documents_to_court", "date": date, "failure": failure}


def plan(id: str, date: str, type: str = "initial") -> dict:
    return {"id": id, "kind": "sentence_plan", "date": date, "type": type}


# ---------------------------------------------------------------- 2007 2f: breach (2f.4, 2f.5, 2f.6)

# Warned Tue 5 Feb 2008 for a failure of Mon 4 Feb; failed again Mon 3 Mar: enforcement required.
WARNED_THEN_FAILED = (failure("f1", "2008-02-04"), warning("w1", "2008-02-05", "f1"), failure("f2", "2008-03-03"))


def breach_never() -> dict:
    return community_2008("OW-2F6-NEVER", WARNED_THEN_FAILED)


def breach_late() -> dict:
    """Enforcement Wed 19 Mar 2008, papers at court Thu 3 Apr."""
    return community_2008("OW-2F6-LATE", [*WARNED_THEN_FAILED, enforcement("ei2", "2008-03-19", "f2"),
                                          papers("bd2", "2008-04-03", "f2")])


def breach_for_a_later_failure() -> dict:
    """Nothing for f2; a further failure Mon 7 Apr 2008 is breached Tue 8 Apr, papers Wed 9 Apr."""
    return community_2008("OW-2F6-LATER", [*WARNED_THEN_FAILED, failure("f3", "2008-04-07"),
                                           enforcement("ei3", "2008-04-08", "f3"), papers("bd3", "2008-04-09", "f3")])


def breach_urgent_never() -> dict:
    """A failure Mon 3 Mar 2008 putting the public at substantially greater risk; nothing done."""
    return community_2008("OW-2F6-URGENT", [failure("fu", "2008-03-03", indicates="public_at_greater_risk")])


def breach_excused() -> dict:
    """The second failure's explanation was accepted: no enforcement, no papers."""
    return community_2008("OW-2F6-EXCUSED", [*WARNED_THEN_FAILED[:2],
                                             failure("f2", "2008-03-03", explanation_accepted=True)])


def warning_never_given() -> dict:
    """A failure Mon 4 Feb 2008 never warned; another Mon 3 Mar."""
    return community_2008("OW-2F4-UNWARNED", [failure("f1", "2008-02-04"), failure("f2", "2008-03-03")])


def warning_given_late() -> dict:
    """A failure Mon 4 Feb 2008 warned late, Wed 20 Feb; another Mon 3 Mar."""
    return community_2008("OW-2F4-LATE-WARNING", [failure("f1", "2008-02-04"), warning("w1", "2008-02-20", "f1"),
                                                  failure("f2", "2008-03-03")])


def warning_not_yet_owed() -> dict:
    """A failure Mon 4 Feb 2008 not yet warned when the next came, Fri 15 Feb."""
    return community_2008("OW-2F4-NOT-YET", [failure("f1", "2008-02-04"), failure("f2", "2008-02-15")])


def warning_never_given_2011() -> dict:
    """2011: a failure Mon 16 Jan 2012 never warned; another Mon 13 Feb."""
    return case("OW-2011-UNWARNED", {"type": "community_order", "date": "2012-01-09", "length_months": 12,
                                     "requirements": [{"kind": "supervision"}]},
                [failure("f1", "2012-01-16"), failure("f2", "2012-02-13")])


BREACH_AS_OF = D(2008, 4, 14)


# ---------------------------------------------------------------- 2007 licence enforcement (2f.4 recall, A4.3)

def licence_2008(id: str, events=()) -> dict:
    """Released on licence Mon 7 Jan 2008 from 12 months' custody; warned for failures of Mon 14
    and Mon 28 Jan; a third failure Mon 11 Feb 2008 needs enforcement (two warnings)."""
    return case(id, {"type": "custody", "date": "2007-07-02", "length_months": 12, "release_date": "2008-01-07"}, [
        {"id": "r1", "kind": "release", "date": "2008-01-07", "on": "licence", "licence_end": "2008-07-01"},
        failure("f1", "2008-01-14"), warning("w1", "2008-01-15", "f1"),
        failure("f2", "2008-01-28"), warning("w2", "2008-01-29", "f2"),
        failure("f3", "2008-02-11"), *events],
        assessments=[{"date": "2008-01-07", "source": "oasys", "tier": 3, "rosh": "medium"}])


def recall_never() -> dict:
    return licence_2008("OW-RECALL-NEVER")


def recall_late() -> dict:
    """Recall decided Tue 26 Feb 2008; report and enforcement Wed 27 Feb."""
    return licence_2008("OW-RECALL-LATE", [
        {"id": "d3", "kind": "recall_decision", "date": "2008-02-26", "failure": "f3"},
        {"id": "p3", "kind": "recall_report", "date": "2008-02-27", "decision": "d3"},
        enforcement("ei3", "2008-02-27", "f3", route="post_release_section")])


RECALL_AS_OF = D(2008, 3, 3)


# ---------------------------------------------------------------- 2007 the plan chain (2a.4, 2b.3 and what follows)

def plan_never() -> dict:
    return community_2008("OW-PLAN-NEVER")


def plan_late() -> dict:
    """OASys and plan Wed 30 Jan 2008 (2 working days late); no copy of the plan sent."""
    return community_2008("OW-PLAN-LATE", [
        {"id": "oa1", "kind": "oasys_assessment", "date": "2008-01-30", "type": "initial"},
        plan("sp1", "2008-01-30")])


PLAN_AS_OF = D(2008, 2, 15)


def review_never() -> dict:
    """Plan on time (Mon 28 Jan 2008); never reviewed."""
    return community_2008("OW-REVIEW-NEVER", [plan("sp1", "2008-01-28")])


def review_late() -> dict:
    """Plan on time; reviewed Fri 16 May 2008, after the 4 months ran out on Wed 7 May."""
    return community_2008("OW-REVIEW-LATE", [plan("sp1", "2008-01-28"), plan("sp2", "2008-05-16", "review")])


REVIEW_AS_OF = D(2008, 6, 2)


def release_2008(id: str, events=()) -> dict:
    """Released on licence Mon 7 Jan 2008, tier 3."""
    return case(id, {"type": "custody", "date": "2007-07-02", "length_months": 12, "release_date": "2008-01-07"}, [
        {"id": "r1", "kind": "release", "date": "2008-01-07", "on": "licence", "licence_end": "2008-07-01"},
        *events], assessments=[{"date": "2008-01-07", "source": "oasys", "tier": 3, "rosh": "medium"}])


def release_review_never() -> dict:
    return release_2008("OW-RELREV-NEVER")


def release_review_late() -> dict:
    """The review after release on Wed 30 Jan 2008."""
    return release_2008("OW-RELREV-LATE", [plan("sp1", "2008-01-30", "review")])


# ---------------------------------------------------------------- 2007 custody: Offender Supervisor, HDC, MAPPA

def custody_2008(id: str, events=(), **sentence) -> dict:
    """Custody passed Mon 7 Jan 2008 (24 months, release Wed 7 Jan 2009), received that day."""
    return case(id, {"type": "custody", "date": "2008-01-07", "length_months": 24, "release_date": "2009-01-07",
                     **sentence},
                [{"id": "rc1", "kind": "prison_reception", "date": "2008-01-07"}, *events])


def supervisor_never() -> dict:
    return custody_2008("OW-OS-NEVER")


def supervisor_late() -> dict:
    """Offender Supervisor assigned Fri 11 Jan 2008."""
    return custody_2008("OW-OS-LATE", [{"id": "os1", "kind": "offender_supervisor_assigned", "date": "2008-01-11"}])


def hdc_never() -> dict:
    """The prison asked for an HDC assessment Mon 7 Jan 2008; none returned."""
    return custody_2008("OW-HDC-NEVER", [{"id": "rq1", "kind": "hdc_assessment_requested", "date": "2008-01-07"}])


def hdc_late() -> dict:
    """Form HDC3 returned Wed 23 Jan 2008."""
    return custody_2008("OW-HDC-LATE", [
        {"id": "rq1", "kind": "hdc_assessment_requested", "date": "2008-01-07"},
        {"id": "hr1", "kind": "hdc_assessment_returned", "date": "2008-01-23", "request": "rq1"}])


CUSTODY_AS_OF = D(2008, 1, 25)


def short_mappa(id: str, events=(), levels=()) -> dict:
    """8 months' custody passed Mon 7 Jan 2008, release Fri 2 May 2008 (under 6 months to serve),
    MAPPA category 2 recorded at sentence; levels as given."""
    return case(id, {"type": "custody", "date": "2008-01-07", "length_months": 8, "release_date": "2008-05-02"},
                events, assessments=[{"date": "2008-01-07", "source": "psr", "mappa_category": 2},
                                     *({"date": d, "source": "oasys", "mappa_level": 1} for d in levels)])


def mappa_no_plan() -> dict:
    return short_mappa("OW-MAPPA-NOPLAN")


def mappa_no_plan_level_by_release() -> dict:
    return short_mappa("OW-MAPPA-LEVEL", levels=["2008-04-30"])


def mappa_plan_late_level() -> dict:
    """First plan Mon 4 Feb 2008; MAPPA level recorded Wed 6 Feb."""
    return short_mappa("OW-MAPPA-PLAN", [plan("sp1", "2008-02-04")], levels=["2008-02-06"])


MAPPA_AS_OF = D(2008, 5, 9)


# ---------------------------------------------------------------- 2007 2d.7.2 the Activity's first 4 weeks

def activity_never_started() -> dict:
    """Instructed Mon 14 Jan 2008 to commence the Activity; no Activity contact."""
    return community_2008("OW-ACT-NEVER", [{"id": "ai1", "kind": "activity_instruction", "date": "2008-01-14"}],
                          requirements=("supervision", "activity"))


def activity_started_late() -> dict:
    """Instructed Mon 14 Jan 2008; the Activity starts Mon 25 Feb, with contacts Mon 3 and 10 Mar."""
    return community_2008("OW-ACT-LATE", [
        {"id": "ai1", "kind": "activity_instruction", "date": "2008-01-14"},
        *({"id": f"ac{i}", "kind": "activity_contact", "date": d}
          for i, d in enumerate(["2008-02-25", "2008-03-03", "2008-03-10"], 1))],
        requirements=("supervision", "activity"))


ACTIVITY_AS_OF = D(2008, 3, 24)


# ---------------------------------------------------------------- 2011: the plan, its review, Approved Premises

def community_2011(id: str, events=()) -> dict:
    """A 12-month community order with supervision passed Mon 4 Jul 2011, high RoSH, suitable for
    Approved Premises."""
    return case(id, {"type": "community_order", "date": "2011-07-04", "length_months": 12,
                     "requirements": [{"kind": "supervision"}]}, events,
                assessments=[{"date": "2011-07-04", "source": "oasys", "rosh": "high"}],
                flags=["approved_premises_suitable"])


def plan_2011_never() -> dict:
    return community_2011("OW-2011-NEVER")


def plan_2011_late() -> dict:
    """Plan Wed 27 Jul 2011, reviewed Mon 1 Aug; Approved Premises referral Tue 2 Aug."""
    return community_2011("OW-2011-LATE", [plan("sp1", "2011-07-27"), plan("sp2", "2011-08-01", "review"),
                                           {"id": "ap1", "kind": "approved_premises_referral", "date": "2011-08-02"}])


PLAN_2011_AS_OF = D(2011, 8, 5)


def two_year_order_2011(id: str, events=()) -> dict:
    """A 24-month community order with supervision passed Mon 4 Jul 2011, medium RoSH (no plan
    deadline under 2011c.2.1.8)."""
    return case(id, {"type": "community_order", "date": "2011-07-04", "length_months": 24,
                     "requirements": [{"kind": "supervision"}]}, events,
                assessments=[{"date": "2011-07-04", "source": "oasys", "rosh": "medium"}])


def annual_review_never() -> dict:
    return two_year_order_2011("OW-2011-ANNUAL-NEVER")


def annual_review_late_plan() -> dict:
    """The first plan Mon 5 Dec 2011."""
    return two_year_order_2011("OW-2011-ANNUAL-LATE", [plan("sp1", "2011-12-05")])


ANNUAL_AS_OF = D(2012, 7, 9)


# ---------------------------------------------------------------- 2015: allocation, the plan, Approved Premises, recall

def community_2015(id: str, events=()) -> dict:
    """A 12-month community order with supervision and 100 hours' unpaid work, passed Tue 1 Mar 2016."""
    return case(id, {"type": "community_order", "date": "2016-03-01", "length_months": 12,
                     "requirements": [{"kind": "supervision"}, {"kind": "unpaid_work", "hours": 100}]}, events)


def allocation_never() -> dict:
    return community_2015("OW-2015-UNALLOCATED")


def allocation_late() -> dict:
    """Allocated Mon 14 Mar 2016; no appointment or work session since."""
    return community_2015("OW-2015-ALLOCATED", [{"id": "om1", "kind": "offender_manager_assigned", "date": "2016-03-14"}])


def plan_2015_later() -> dict:
    """A plan Mon 14 Mar 2016."""
    return community_2015("OW-2015-PLAN", [plan("sp1", "2016-03-14")])


ALLOCATION_AS_OF = D(2016, 4, 1)


def ap_2015(id: str, events=()) -> dict:
    """Custody passed Tue 1 Sep 2015, release Wed 31 Aug 2016, suitable for Approved Premises."""
    return case(id, {"type": "custody", "date": "2015-09-01", "length_months": 24, "release_date": "2016-08-31"},
                events, flags=["approved_premises_suitable"])


def ap_never() -> dict:
    return ap_2015("OW-2015-AP-NEVER")


def ap_late() -> dict:
    """Referred to Approved Premises Wed 1 Jun 2016."""
    return ap_2015("OW-2015-AP-LATE", [{"id": "ap1", "kind": "approved_premises_referral", "date": "2016-06-01"}])


AP_AS_OF = D(2016, 6, 1)


def licence_2016(id: str, events=()) -> dict:
    """Released on licence Tue 1 Dec 2015; a failure Mon 4 Jan 2016."""
    return case(id, {"type": "custody", "date": "2015-06-01", "length_months": 12}, [
        {"id": "r1", "kind": "release", "date": "2015-12-01", "on": "licence", "licence_end": "2016-05-31"},
        failure("f1", "2016-01-04"), *events])


def recall_2015_never() -> dict:
    return licence_2016("OW-2015-RECALL-NEVER")


def recall_2015_late() -> dict:
    """Recall decided Tue 19 Jan 2016 (not an emergency); report Wed 20 Jan."""
    return licence_2016("OW-2015-RECALL-LATE", [
        {"id": "d1", "kind": "recall_decision", "date": "2016-01-19", "failure": "f1"},
        {"id": "p1", "kind": "recall_report", "date": "2016-01-20", "decision": "d1"}])


def recall_2015_emergency_no_report() -> dict:
    """An emergency recall decided Tue 19 Jan 2016; no report yet."""
    return licence_2016("OW-2015-EMERGENCY", [
        {"id": "d1", "kind": "recall_decision", "date": "2016-01-19", "failure": "f1", "emergency": True}])


def recall_2015_no_report() -> dict:
    """A recall decided Tue 19 Jan 2016, not an emergency; no report yet."""
    return licence_2016("OW-2015-NO-REPORT", [
        {"id": "d1", "kind": "recall_decision", "date": "2016-01-19", "failure": "f1"}])


RECALL_2015_AS_OF = D(2016, 1, 20)


# ---------------------------------------------------------------- "within 12 months": the boundary day

def warned_2007(id: str, second_failure: str) -> dict:
    """A 24-month community order passed Mon 7 Jan 2008; warned Tue 15 Jan 2008 for a failure of
    Mon 14 Jan; a second failure on the day given."""
    return case(id, {"type": "community_order", "date": "2008-01-07", "length_months": 24,
                     "requirements": [{"kind": "supervision"}]},
                [failure("f1", "2008-01-14"), warning("w1", "2008-01-15", "f1"), failure("f2", second_failure)])


def warned_2011(id: str, second_failure: str) -> dict:
    """A 24-month community order passed Mon 9 Jan 2012; warned Tue 17 Jan 2012 for a failure of
    Mon 16 Jan; a second failure on the day given."""
    return case(id, {"type": "community_order", "date": "2012-01-09", "length_months": 24,
                     "requirements": [{"kind": "supervision"}]},
                [failure("f1", "2012-01-16"), warning("w1", "2012-01-17", "f1"), failure("f2", second_failure)])


def failed_2015(id: str, second_failure: str) -> dict:
    """A 24-month community order passed Mon 4 Jan 2016; an unacceptable failure Tue 12 Jan 2016
    (warned Wed 13 Jan); a second failure on the day given."""
    return case(id, {"type": "community_order", "date": "2016-01-04", "length_months": 24,
                     "requirements": [{"kind": "supervision"}]},
                [failure("f1", "2016-01-12"), warning("w1", "2016-01-13", "f1"), failure("f2", second_failure)])


TWELVE_MONTHS_AS_OF = {"2007": D(2009, 2, 2), "2011": D(2013, 2, 4), "2015": D(2017, 1, 24)}


# ---------------------------------------------------------------- for the backend comparisons

def equivalence_groups() -> list[tuple[str, list[Case], dt.date]]:
    """Every case above with the edition and as-of date its tests use (the backends compare each
    group under that edition)."""
    groups = [
        ("2007", [breach_never(), breach_late(), breach_for_a_later_failure(), breach_urgent_never(),
                  breach_excused(), warning_never_given(), warning_given_late(), warning_not_yet_owed()],
         BREACH_AS_OF),
        ("2011", [warning_never_given_2011()], D(2012, 3, 5)),
        ("2007", [recall_never(), recall_late()], RECALL_AS_OF),
        ("2007", [plan_never(), plan_late(), release_review_never(), release_review_late()], PLAN_AS_OF),
        ("2007", [review_never(), review_late()], REVIEW_AS_OF),
        ("2007", [supervisor_never(), supervisor_late(), hdc_never(), hdc_late()], CUSTODY_AS_OF),
        ("2007", [mappa_no_plan(), mappa_no_plan_level_by_release(), mappa_plan_late_level()], MAPPA_AS_OF),
        ("2007", [activity_never_started(), activity_started_late()], ACTIVITY_AS_OF),
        ("2011", [plan_2011_never(), plan_2011_late()], PLAN_2011_AS_OF),
        ("2011", [annual_review_never(), annual_review_late_plan()], ANNUAL_AS_OF),
        ("2015", [allocation_never(), allocation_late(), plan_2015_later()], ALLOCATION_AS_OF),
        ("2015", [ap_never(), ap_late()], AP_AS_OF),
        ("2015", [recall_2015_never(), recall_2015_late(), recall_2015_emergency_no_report(),
                  recall_2015_no_report()], RECALL_2015_AS_OF),
        ("2007", [warned_2007("OW-12M-2007-ON", "2009-01-15"), warned_2007("OW-12M-2007-AFTER", "2009-01-16")],
         TWELVE_MONTHS_AS_OF["2007"]),
        ("2011", [warned_2011("OW-12M-2011-ON", "2013-01-17"), warned_2011("OW-12M-2011-AFTER", "2013-01-18")],
         TWELVE_MONTHS_AS_OF["2011"]),
        ("2015", [failed_2015("OW-12M-2015-ON", "2017-01-12"), failed_2015("OW-12M-2015-AFTER", "2017-01-13")],
         TWELVE_MONTHS_AS_OF["2015"]),
    ]
    return [(edition, [load_case_data(data, data["id"]) for data in cases], as_of)
            for edition, cases, as_of in groups]
