"""2007 National Standards, part 1: standards 1.1, 1.3, 2a.4, 2b.3, 2c.3, 2c.4 and 2c.6.

Each scenario below is one small case file (as a dict), named for what it shows and
evaluated once.  The tests then check what the Standards say should happen to it.

Every expected due date was worked out by hand with a paper calendar, following
Interpretation Note 9: the sentence (or other occurrence) is day 0, working days are
Monday to Friday, and England & Wales bank holidays are skipped.  The comment beside each
date names the weekends and bank holidays in range.  "Weeks" (2a.4, 2b.3 custody) are
calendar weeks from the date of sentence, so bank holidays do not move them.

"N working days late" counts the working days after the due date up to and including the
day the thing was done (met_late) or the as-of date (overdue); "N remaining" counts the
working days after the as-of date up to and including the due date (pending).

Bank holidays used on purpose:
  2007-08  Tue 25 Dec (Christmas), Wed 26 Dec (Boxing Day), Tue 1 Jan 2008 (New Year)
  2008     Fri 21 Mar (Good Friday), Mon 24 Mar (Easter Monday), Mon 5 May (early May),
           Mon 26 May (spring)
  2011     Fri 29 Apr (royal wedding), Mon 2 May (early May)
  2012     Mon 4 Jun (spring, moved), Tue 5 Jun (Diamond Jubilee)
  2009-10  Fri 25 Dec (Christmas), Mon 28 Dec (Boxing Day, Sat 26, observed), Fri 1 Jan 2010 (New Year)
"""
from __future__ import annotations

import datetime as dt
import functools


from policyengine.evaluate import Evaluation
from support import not_applicable, result, run

D = dt.date


# ---------------------------------------------------------------- helpers


def _run(case: dict, as_of: dt.date) -> Evaluation:
    return run("2007", case, as_of)


def om_assigned(id: str, date: str) -> dict:
    return {"id": id, "kind": "offender_manager_assigned", "date": date}


def os_assigned(id: str, date: str) -> dict:
    return {"id": id, "kind": "offender_supervisor_assigned", "date": date}


def om_meeting(id: str, date: str) -> dict:
    return {"id": id, "kind": "contact", "date": date, "mode": "face_to_face", "with": "offender_manager"}


# ---------------------------------------------------------------- scenarios


@functools.cache
def tier4_christmas() -> Evaluation:
    """Tier 4 community order sentenced Friday 21 December 2007 (the required calendar check)."""
    return _run({
        "id": "T-TIER4-XMAS",
        "sentences": [{
            "id": "s1", "type": "community_order", "date": "2007-12-21", "length_months": 12,
            "psr": "standard_delivery", "requirements": [{"kind": "supervision"}],
        }],
        "assessments": [{"date": "2007-12-14", "source": "psr", "tier": 4, "ppo": False}],
        "events": [
            om_assigned("om1", "2007-12-21"),
            om_meeting("c1", "2007-12-27"),
            {"id": "oa1", "kind": "oasys_assessment", "date": "2008-01-02", "type": "pre_sentence_update"},
            {"id": "sp1", "kind": "sentence_plan", "date": "2008-01-04", "type": "initial"},
            {"id": "spc1", "kind": "sentence_plan_copy_sent", "date": "2008-01-08"},
        ],
    }, as_of=D(2008, 1, 31))


@functools.cache
def ppo_tier3_easter() -> Evaluation:
    """Tier 3 PPO community order sentenced Thursday 20 March 2008, the day before Good Friday."""
    return _run({
        "id": "T-PPO-EASTER",
        "sentences": [{
            "id": "s1", "type": "community_order", "date": "2008-03-20", "length_months": 12,
            "psr": "fast_delivery", "requirements": [{"kind": "supervision"}],
        }],
        "assessments": [{"date": "2008-03-13", "source": "psr", "tier": 3, "ppo": True}],
        "events": [
            om_assigned("om1", "2008-03-26"),
            om_meeting("c1", "2008-03-31"),
            {"id": "sp1", "kind": "sentence_plan", "date": "2008-03-31", "type": "initial"},
            # no OASys assessment and no copy of the plan sent by the as-of date
        ],
    }, as_of=D(2008, 4, 4))


@functools.cache
def drr_tier2_may_day() -> Evaluation:
    """Tier 2 community order with supervision and a DRR, sentenced Friday 2 May 2008.

    The Offender Manager was assigned for the PSR and kept the case (1.1 reading)."""
    return _run({
        "id": "T-DRR-MAY",
        "sentences": [{
            "id": "s1", "type": "community_order", "date": "2008-05-02", "length_months": 12,
            "psr": "standard_delivery",
            "requirements": [{"kind": "supervision"}, {"kind": "drr", "seriousness": "medium", "months": 6}],
        }],
        "assessments": [{"date": "2008-04-25", "source": "psr", "tier": 2, "ppo": False}],
        "events": [
            om_assigned("om_psr", "2008-04-22"),
            om_meeting("c1", "2008-05-06"),
        ],
    }, as_of=D(2008, 5, 21))


@functools.cache
def tier1_jubilee() -> Evaluation:
    """Tier 1 community order sentenced Friday 1 June 2012, before the Diamond Jubilee weekend."""
    return _run({
        "id": "T-TIER1-JUBILEE",
        "sentences": [{
            "id": "s1", "type": "community_order", "date": "2012-06-01", "length_months": 12,
            "psr": "fast_delivery", "requirements": [{"kind": "supervision"}],
        }],
        "assessments": [{"date": "2012-05-25", "source": "psr", "tier": 1, "ppo": False}],
        "events": [
            om_assigned("om1", "2012-06-07"),
            om_meeting("c1", "2012-06-13"),
            {"id": "sp1", "kind": "sentence_plan", "date": "2012-06-27", "type": "initial"},
        ],
    }, as_of=D(2012, 6, 29))


@functools.cache
def tier2_standalone_upw_royal_wedding() -> Evaluation:
    """Tier 2 order of unpaid work only, sentenced Thursday 28 April 2011, eve of the royal wedding.

    The only contact with the Offender Manager is a phone call, which is not a meeting."""
    return _run({
        "id": "T-UPW-WEDDING",
        "sentences": [{
            "id": "s1", "type": "community_order", "date": "2011-04-28", "length_months": 12,
            "psr": "fast_delivery", "requirements": [{"kind": "unpaid_work", "hours": 120}],
        }],
        "assessments": [{"date": "2011-04-28", "source": "psr", "tier": 2, "ppo": False}],
        "events": [
            om_assigned("om1", "2011-05-03"),
            {"id": "tel1", "kind": "contact", "date": "2011-05-04", "mode": "telephone", "with": "offender_manager"},
        ],
    }, as_of=D(2011, 5, 12))


@functools.cache
def sso_without_psr_transferred_in() -> Evaluation:
    """Suspended sentence order passed without a PSR on Friday 21 December 2007, so no tier at
    sentence; transferred in from another area on Thursday 27 December; tier 4 only recorded
    afterwards, on Wednesday 2 January 2008."""
    return _run({
        "id": "T-SSO-NOPSR",
        "sentences": [{
            "id": "s1", "type": "suspended_sentence_order", "date": "2007-12-21", "length_months": 12,
            "psr": "none", "requirements": [{"kind": "supervision"}],
        }],
        "assessments": [{"date": "2008-01-02", "source": "oasys", "tier": 4, "ppo": False}],
        "events": [
            om_assigned("om1", "2007-12-21"),
            {"id": "ti1", "kind": "transfer_in", "date": "2007-12-27", "from_area": "Lancashire"},
            om_meeting("c1", "2008-01-02"),
            om_assigned("om2", "2008-01-03"),
        ],
    }, as_of=D(2008, 1, 4))


@functools.cache
def tier4_transfer_in_jubilee() -> Evaluation:
    """Tier 4 community order, transferred in on Friday 1 June 2012, before the jubilee weekend.

    The Offender Manager assigned by the sentencing area (14 May) does not count for the
    transfer: a new one must be assigned after it."""
    return _run({
        "id": "T-TIER4-TRANSFER",
        "sentences": [{
            "id": "s1", "type": "community_order", "date": "2012-05-14", "length_months": 12,
            "psr": "standard_delivery", "requirements": [{"kind": "supervision"}],
        }],
        "assessments": [{"date": "2012-05-10", "source": "psr", "tier": 4, "ppo": False}],
        "events": [
            om_assigned("om1", "2012-05-14"),
            {"id": "ti1", "kind": "transfer_in", "date": "2012-06-01", "from_area": "Durham"},
            om_assigned("om2", "2012-06-07"),
        ],
    }, as_of=D(2012, 6, 8))


@functools.cache
def custody_under_2_years_easter() -> Evaluation:
    """24 months' custody passed Thursday 20 March 2008, 12 months to serve (release date
    20 March 2009): under 2 years to serve, so 8 weeks for OASys and the plan.  Tier 3.
    Received into HMP Leeds on the day; transferred to HMP Wakefield on Friday 2 May 2008."""
    return _run({
        "id": "T-CUSTODY-8WK",
        "sentences": [{
            "id": "s1", "type": "custody", "date": "2008-03-20", "length_months": 24,
            "release_date": "2009-03-20", "psr": "standard_delivery",
        }],
        "assessments": [{"date": "2008-03-06", "source": "psr", "tier": 3, "ppo": False}],
        "events": [
            {"id": "pr1", "kind": "prison_reception", "date": "2008-03-20", "establishment": "HMP Leeds"},
            os_assigned("os1", "2008-03-26"),
            om_assigned("om1", "2008-03-28"),
            {"id": "cd1", "kind": "contact_details_exchanged", "date": "2008-03-31"},
            {"id": "pt1", "kind": "prison_transfer", "date": "2008-05-02", "establishment": "HMP Wakefield"},
            os_assigned("os2", "2008-05-08"),
            {"id": "oa1", "kind": "oasys_assessment", "date": "2008-05-15", "type": "initial"},
            {"id": "sp1", "kind": "sentence_plan", "date": "2008-05-16", "type": "initial"},
            {"id": "spc1", "kind": "sentence_plan_copy_sent", "date": "2008-05-21"},
            # no exchange of contact details after the transfer
        ],
    }, as_of=D(2008, 6, 2))


@functools.cache
def custody_over_2_years_christmas() -> Evaluation:
    """5 years' custody passed Friday 21 December 2007, release date 21 June 2010 (2 1/2 years
    to serve): 16 weeks for OASys and the plan.  Tier 3."""
    return _run({
        "id": "T-CUSTODY-16WK",
        "sentences": [{
            "id": "s1", "type": "custody", "date": "2007-12-21", "length_months": 60,
            "release_date": "2010-06-21", "psr": "standard_delivery",
        }],
        "assessments": [{"date": "2007-12-07", "source": "psr", "tier": 3, "ppo": False}],
        "events": [
            om_assigned("om1", "2007-12-24"),
            {"id": "cd1", "kind": "contact_details_exchanged", "date": "2008-01-03"},
            {"id": "sp1", "kind": "sentence_plan", "date": "2008-04-11", "type": "initial"},
            # no OASys assessment by the as-of date
        ],
    }, as_of=D(2008, 4, 16))


@functools.cache
def custody_exactly_2_years_to_serve() -> Evaluation:
    """4 years' custody passed Friday 1 June 2012 with exactly 2 years to serve (release date
    1 June 2014).  The 2a.4 reading gives this the 16-week limit (2b.3: '2 years or more')."""
    return _run({
        "id": "T-CUSTODY-2YRS",
        "sentences": [{
            "id": "s1", "type": "custody", "date": "2012-06-01", "length_months": 48,
            "release_date": "2014-06-01", "psr": "standard_delivery",
        }],
        "assessments": [{"date": "2012-05-18", "source": "psr", "tier": 2, "ppo": False}],
        "events": [
            {"id": "oa1", "kind": "oasys_assessment", "date": "2012-09-21", "type": "initial"},
            # no sentence plan by the as-of date
        ],
    }, as_of=D(2012, 9, 24))


@functools.cache
def custody_6_months() -> Evaluation:
    """6 months' custody passed Monday 7 January 2008: under 12 months, so neither 2a.4 nor
    2b.3 sets a post-sentence deadline."""
    return _run({
        "id": "T-CUSTODY-6M",
        "sentences": [{
            "id": "s1", "type": "custody", "date": "2008-01-07", "length_months": 6,
            "release_date": "2008-04-07",
        }],
        "assessments": [{"date": "2008-01-07", "source": "psr", "tier": 2}],
        "events": [],
    }, as_of=D(2008, 3, 31))


@functools.cache
def custody_without_release_date() -> Evaluation:
    """2 years' custody passed Monday 7 January 2008 with no release or tariff date recorded:
    the 2a.4 reading says it cannot be timed, and it is reported as missing data."""
    return _run({
        "id": "T-CUSTODY-NODATE",
        "sentences": [{"id": "s1", "type": "custody", "date": "2008-01-07", "length_months": 24}],
        "assessments": [{"date": "2008-01-07", "source": "psr", "tier": 3}],
        "events": [],
    }, as_of=D(2008, 6, 30))


@functools.cache
def licence_recall_royal_wedding() -> Evaluation:
    """Custodial sentence, released on licence 4 January 2011, recalled and received back into
    prison on Tuesday 26 April 2011, the day after Easter Monday and three days before the
    royal wedding.  A sentence plan review follows on Thursday 28 April."""
    return _run({
        "id": "T-RECALL-WEDDING",
        "sentences": [{
            "id": "s1", "type": "custody", "date": "2010-10-04", "length_months": 18,
            "release_date": "2011-01-04",
        }],
        "assessments": [{"date": "2010-09-20", "source": "psr", "tier": 3, "ppo": False}],
        "events": [
            {"id": "rel1", "kind": "release", "date": "2011-01-04", "on": "licence", "licence_end": "2012-04-04"},
            {"id": "rc1", "kind": "recall", "date": "2011-04-26"},
            {"id": "pr1", "kind": "prison_reception", "date": "2011-04-26", "establishment": "HMP Leeds"},
            {"id": "sp1", "kind": "sentence_plan", "date": "2011-04-28", "type": "review"},
            os_assigned("os1", "2011-05-03"),
            {"id": "spc1", "kind": "sentence_plan_copy_sent", "date": "2011-05-04"},
            {"id": "cd1", "kind": "contact_details_exchanged", "date": "2011-05-06"},
        ],
    }, as_of=D(2011, 5, 13))


@functools.cache
def custody_exactly_12_months() -> Evaluation:
    """12 months' custody passed Monday 7 January 2008, 6 months to serve: '12 months or more'
    includes 12 months exactly."""
    return _run({
        "id": "T-CUSTODY-12M",
        "sentences": [{
            "id": "s1", "type": "custody", "date": "2008-01-07", "length_months": 12,
            "release_date": "2008-07-07",
        }],
        "assessments": [{"date": "2008-01-07", "source": "psr", "tier": 2}],
        "events": [],
    }, as_of=D(2008, 2, 1))


@functools.cache
def custody_length_given_by_end_date() -> Evaluation:
    """A 2-year custodial sentence passed Monday 7 January 2008, its length recorded as an
    end date (7 January 2010) rather than length_months; 12 months to serve."""
    return _run({
        "id": "T-CUSTODY-ENDDATE",
        "sentences": [{
            "id": "s1", "type": "custody", "date": "2008-01-07", "end_date": "2010-01-07",
            "release_date": "2009-01-07",
        }],
        "assessments": [{"date": "2008-01-07", "source": "psr", "tier": 2}],
        "events": [],
    }, as_of=D(2008, 2, 1))


@functools.cache
def two_concurrent_custodial_sentences() -> Evaluation:
    """Two concurrent custodial sentences passed Monday 7 January 2008 (Interpretation Note 7:
    'sentence' covers any combination of concurrent sentences).  The prison transfer on
    Thursday 20 March 2008 concerns the offender, so it names no sentence."""
    return _run({
        "id": "T-TWO-SENTENCES",
        "sentences": [
            {"id": "s1", "type": "custody", "date": "2008-01-07", "length_months": 24, "release_date": "2009-01-07"},
            {"id": "s2", "type": "custody", "date": "2008-01-07", "length_months": 12, "release_date": "2008-07-07"},
        ],
        "assessments": [{"date": "2008-01-07", "source": "psr", "tier": 3}],
        "events": [
            {"id": "pt1", "kind": "prison_transfer", "date": "2008-03-20", "establishment": "HMP Wakefield"},
            os_assigned("os1", "2008-03-26"),
        ],
    }, as_of=D(2008, 3, 31))


@functools.cache
def tier2_upw_with_supervision_easter() -> Evaluation:
    """Tier 2 order of unpaid work plus supervision, sentenced Thursday 20 March 2008: not a
    standalone unpaid work order, so 2a.4 applies."""
    return _run({
        "id": "T-UPW-SUPERVISION",
        "sentences": [{
            "id": "s1", "type": "community_order", "date": "2008-03-20", "length_months": 12,
            "psr": "fast_delivery",
            "requirements": [{"kind": "supervision"}, {"kind": "unpaid_work", "hours": 80}],
        }],
        "assessments": [{"date": "2008-03-20", "source": "psr", "tier": 2, "ppo": False}],
        "events": [
            {"id": "oa1", "kind": "oasys_assessment", "date": "2008-04-11", "type": "initial"},
        ],
    }, as_of=D(2008, 4, 30))


@functools.cache
def high_rosh_christmas_2009(*, tier: int | None, psr: str) -> Evaluation:
    """A community order with a supervision requirement passed Wednesday 23 December 2009 on an
    offender assessed at high RoSH a week earlier (the tiering grid's "High or Very High Risk of
    Serious Harm" row ticks T4), with a tier recorded before sentence or none, and a PSR or none.
    Nothing has been done by Tuesday 5 January 2010."""
    return _run({
        "id": f"T-HIGH-ROSH-{tier}-{psr}",
        "sentences": [{"id": "s1", "type": "community_order", "date": "2009-12-23", "length_months": 12,
                       "psr": psr, "requirements": [{"kind": "supervision"}]}],
        "assessments": [{"date": "2009-12-16", "source": "oasys", "rosh": "high", **({"tier": tier} if tier else {})}],
        "events": [],
    }, as_of=D(2010, 1, 5))


def deadline_branch(ev: Evaluation, obligation: str) -> str:
    """The condition of the deadline line that applied ("if ...", "otherwise"), from the rule file."""
    [(_, _, index, _)] = ev.kb.query("obligation_due", obligation, "s1", None, None)
    return next(d.condition for d in ev.program.obligations[obligation].deadlines if d.index == index)


# ================================================================ 1.1 Offender Manager assigned


def test_1_1_tier4_assigned_on_day_of_sentence_is_on_time():
    r = result(tier4_christmas(), "1.1/after_sentence")
    assert r.deadline == "1 working day"
    assert r.due == D(2007, 12, 24)  # Fri 21 Dec 2007 = day 0; Sat 22, Sun 23 weekend; Mon 24 = 1
    assert r.status == "met_on_time"
    assert r.satisfied_by.id == "om1"


def test_1_1_ppo_gets_1_working_day_and_easter_does_not_count():
    r = result(ppo_tier3_easter(), "1.1/after_sentence")
    assert r.deadline == "1 working day"  # tier 3, but a PPO
    # Thu 20 Mar 2008 = day 0; Fri 21 Good Friday; Sat 22, Sun 23 weekend; Mon 24 Easter Monday;
    # Tue 25 = 1
    assert r.due == D(2008, 3, 25)
    assert r.status == "met_late"
    assert r.satisfied_by.id == "om1"
    assert r.working_days_late == 1  # assigned Wed 26 Mar


def test_1_1_drr_needs_allocation_within_1_working_day_and_psr_stage_assignment_counts():
    r = result(drr_tier2_may_day(), "1.1/after_sentence")
    assert r.deadline == "1 working day"  # tier 2, not a PPO, but the order has a DRR (2d.9.2)
    # Fri 2 May 2008 = day 0; Sat 3, Sun 4 weekend; Mon 5 May early May bank holiday; Tue 6 = 1
    assert r.due == D(2008, 5, 6)
    assert r.status == "met_on_time"
    assert r.satisfied_by.id == "om_psr"  # assigned Tue 22 Apr for the PSR, before sentence


def test_1_1_other_cases_get_3_working_days_across_the_jubilee():
    r = result(tier1_jubilee(), "1.1/after_sentence")
    assert r.deadline == "3 working days"
    # Fri 1 Jun 2012 = day 0; Sat 2, Sun 3 weekend; Mon 4 spring bank holiday; Tue 5 Diamond
    # Jubilee; Wed 6 = 1; Thu 7 = 2; Fri 8 = 3
    assert r.due == D(2012, 6, 8)
    assert r.status == "met_on_time"


def test_1_1_other_cases_3_working_days_across_the_royal_wedding():
    r = result(tier2_standalone_upw_royal_wedding(), "1.1/after_sentence")
    # Thu 28 Apr 2011 = day 0; Fri 29 royal wedding; Sat 30, Sun 1 May weekend; Mon 2 May early
    # May bank holiday; Tue 3 = 1; Wed 4 = 2; Thu 5 = 3
    assert r.due == D(2011, 5, 5)
    assert r.deadline == "3 working days"
    assert r.status == "met_on_time"


def test_1_1_custody_late_by_one_working_day():
    r = result(custody_under_2_years_easter(), "1.1/after_sentence")
    assert r.deadline == "3 working days"
    # Thu 20 Mar 2008 = day 0; Fri 21 Good Friday; Sat 22, Sun 23; Mon 24 Easter Monday;
    # Tue 25 = 1; Wed 26 = 2; Thu 27 = 3
    assert r.due == D(2008, 3, 27)
    assert r.status == "met_late"
    assert r.working_days_late == 1  # assigned Fri 28 Mar


def test_1_1_custody_over_christmas_on_time():
    r = result(custody_over_2_years_christmas(), "1.1/after_sentence")
    # Fri 21 Dec 2007 = day 0; Sat 22, Sun 23; Mon 24 = 1; Tue 25 Christmas, Wed 26 Boxing Day;
    # Thu 27 = 2; Fri 28 = 3
    assert r.due == D(2007, 12, 28)
    assert r.status == "met_on_time"  # assigned Mon 24 Dec


def test_1_1_no_psr_and_no_tier_at_sentence_takes_3_working_days():
    r = result(sso_without_psr_transferred_in(), "1.1/after_sentence")
    assert r.deadline == "3 working days"
    # Fri 21 Dec 2007 = day 0; Mon 24 = 1; Tue 25 Christmas, Wed 26 Boxing Day; Thu 27 = 2;
    # Fri 28 = 3
    assert r.due == D(2007, 12, 28)
    assert r.status == "met_on_time"


def test_1_1_transfer_in_other_case_3_working_days_over_new_year_met_late():
    r = result(sso_without_psr_transferred_in(), "1.1/after_transfer_in")
    assert r.trigger.id == "ti1"
    # tier 4 was recorded only on 2 Jan 2008, after the transfer, so 3 working days apply.
    assert r.deadline == "3 working days"
    # Thu 27 Dec 2007 = day 0; Fri 28 = 1; Sat 29, Sun 30; Mon 31 = 2; Tue 1 Jan New Year's Day;
    # Wed 2 Jan = 3
    assert r.due == D(2008, 1, 2)
    assert r.status == "met_late"
    assert r.satisfied_by.id == "om2"
    assert r.working_days_late == 1  # assigned Thu 3 Jan


def test_1_1_transfer_in_tier4_1_working_day_across_the_jubilee_and_earlier_om_does_not_count():
    r = result(tier4_transfer_in_jubilee(), "1.1/after_transfer_in")
    assert r.deadline == "1 working day"
    # Fri 1 Jun 2012 = day 0; Sat 2, Sun 3; Mon 4 spring bank holiday; Tue 5 Diamond Jubilee;
    # Wed 6 = 1
    assert r.due == D(2012, 6, 6)
    assert r.status == "met_late"
    assert r.satisfied_by.id == "om2"  # not om1, assigned by the sentencing area on 14 May
    assert r.working_days_late == 1  # assigned Thu 7 Jun


def test_1_1_tier4_means_a_recorded_tier():
    # "1 working day for an offender already assigned to tier 4": an assignment, so the grid's
    # indicative tier 4 (high RoSH, no tier recorded) does not count: 3 working days.
    # Wed 23 Dec 2009 = day 0; Thu 24 = 1; Fri 25 Christmas Day; Sat 26, Sun 27; Mon 28 Boxing Day
    # (observed); Tue 29 = 2; Wed 30 = 3.
    unassigned = result(high_rosh_christmas_2009(tier=None, psr="standard_delivery"), "1.1/after_sentence")
    assert (unassigned.deadline, unassigned.due) == ("3 working days", D(2009, 12, 30))
    assert unassigned.status == "overdue"
    # Tier 4 recorded on Wed 16 Dec, before sentence: 1 working day, Thu 24 Dec 2009.
    assigned = result(high_rosh_christmas_2009(tier=4, psr="standard_delivery"), "1.1/after_sentence")
    assert (assigned.deadline, assigned.due) == ("1 working day", D(2009, 12, 24))


def test_1_1_transfer_in_not_applicable_without_a_transfer():
    na = not_applicable(tier4_christmas())
    assert "1.1/after_transfer_in" in na
    assert "transfer_in" in na["1.1/after_transfer_in"]


# ================================================================ 1.3 Offender Supervisor assigned


def test_1_3_reception_over_easter_on_time():
    r = result(custody_under_2_years_easter(), "1.3/on_reception")
    assert r.deadline == "2 working days"
    # Thu 20 Mar 2008 = day 0; Fri 21 Good Friday; Sat 22, Sun 23; Mon 24 Easter Monday;
    # Tue 25 = 1; Wed 26 = 2
    assert r.due == D(2008, 3, 26)
    assert r.status == "met_on_time"
    assert r.satisfied_by.id == "os1"


def test_1_3_transfer_between_prisons_restarts_the_clock_met_late():
    r = result(custody_under_2_years_easter(), "1.3/on_transfer")
    assert r.trigger.id == "pt1"
    # Fri 2 May 2008 = day 0; Sat 3, Sun 4; Mon 5 early May bank holiday; Tue 6 = 1; Wed 7 = 2
    assert r.due == D(2008, 5, 7)
    assert r.status == "met_late"
    assert r.satisfied_by.id == "os2"  # os1 was assigned in the previous prison
    assert r.working_days_late == 1  # assigned Thu 8 May


def test_1_3_reception_on_recall_late_by_one_working_day_over_the_royal_wedding():
    r = result(licence_recall_royal_wedding(), "1.3/on_reception")
    assert r.trigger.id == "pr1"
    # Tue 26 Apr 2011 = day 0; Wed 27 = 1; Thu 28 = 2
    assert r.due == D(2011, 4, 28)
    assert r.status == "met_late"
    # assigned Tue 3 May: Fri 29 Apr royal wedding, Sat 30, Sun 1 May, Mon 2 May bank holiday,
    # so Tue 3 May is only the first working day after the due date
    assert r.working_days_late == 1


def test_1_3_prison_transfer_counts_when_the_case_has_two_concurrent_sentences():
    ev = two_concurrent_custodial_sentences()
    assert "1.3/on_transfer" not in not_applicable(ev)
    r = result(ev, "1.3/on_transfer")
    # Thu 20 Mar 2008 = day 0; Fri 21 Good Friday; Sat 22, Sun 23; Mon 24 Easter Monday;
    # Tue 25 = 1; Wed 26 = 2
    assert r.due == D(2008, 3, 26)
    assert r.status == "met_on_time"


def test_1_3_not_applicable_to_a_community_order_with_no_prison_arrival():
    na = not_applicable(tier4_christmas())
    assert "1.3/on_reception" in na
    assert "1.3/on_transfer" in na


# ================================================================ 2a.4 OASys after sentence


def test_2a4_tier4_community_order_5_working_days_over_christmas_and_new_year():
    r = result(tier4_christmas(), "2a.4/community")
    assert r.deadline == "5 working days"
    # Fri 21 Dec 2007 = day 0; Mon 24 = 1; Tue 25 Christmas, Wed 26 Boxing Day; Thu 27 = 2;
    # Fri 28 = 3; Sat 29, Sun 30; Mon 31 = 4; Tue 1 Jan New Year's Day; Wed 2 Jan = 5
    assert r.due == D(2008, 1, 2)
    assert r.status == "met_on_time"
    assert r.satisfied_by.id == "oa1"  # pre-sentence assessment updated


def test_2a4_ppo_community_order_5_working_days_overdue():
    r = result(ppo_tier3_easter(), "2a.4/community")
    assert r.deadline == "5 working days"  # tier 3, but a PPO
    # Thu 20 Mar 2008 = day 0; Fri 21 Good Friday; Sat 22, Sun 23; Mon 24 Easter Monday;
    # Tue 25 = 1; Wed 26 = 2; Thu 27 = 3; Fri 28 = 4; Sat 29, Sun 30; Mon 31 = 5
    assert r.due == D(2008, 3, 31)
    assert r.status == "overdue"
    assert r.satisfied_by is None
    assert r.working_days_late == 4  # as of Fri 4 Apr: Tue 1, Wed 2, Thu 3, Fri 4


def test_2a4_other_community_order_15_working_days_pending():
    r = result(drr_tier2_may_day(), "2a.4/community")
    assert r.deadline == "15 working days"  # tier 2 with supervision and DRR: not standalone UPW
    # Fri 2 May 2008 = day 0; Mon 5 early May bank holiday; Tue 6 = 1; Wed 7 = 2; Thu 8 = 3;
    # Fri 9 = 4; Mon 12 = 5 ... Fri 16 = 9; Mon 19 = 10 ... Fri 23 = 14; Mon 26 spring bank
    # holiday; Tue 27 = 15
    assert r.due == D(2008, 5, 27)
    assert r.status == "pending"
    assert r.working_days_remaining == 3  # as of Wed 21 May: Thu 22, Fri 23, (Mon 26 bh), Tue 27


def test_2a4_tier_is_taken_on_the_day_of_sentence_so_no_tier_means_15_working_days():
    r = result(sso_without_psr_transferred_in(), "2a.4/community")
    assert r.deadline == "15 working days"  # tier 4 recorded 2 Jan, after sentence
    # Fri 21 Dec 2007 = day 0; Mon 24 = 1; Tue 25, Wed 26 bank holidays; Thu 27 = 2; Fri 28 = 3;
    # Mon 31 = 4; Tue 1 Jan bank holiday; Wed 2 = 5; Thu 3 = 6; Fri 4 = 7; Mon 7 = 8; Tue 8 = 9;
    # Wed 9 = 10; Thu 10 = 11; Fri 11 = 12; Mon 14 = 13; Tue 15 = 14; Wed 16 = 15
    assert r.due == D(2008, 1, 16)
    assert r.status == "pending"
    assert r.working_days_remaining == 8  # as of Fri 4 Jan: Mon 7 ... Fri 11 (5), Mon 14 ... Wed 16 (3)


def test_2a4_tier4_case_means_the_cases_tier_recorded_or_indicated():
    # "5 working days of sentence for a community order on a tier 4 case" names a kind of case, not
    # an assignment: with no tier recorded, the grid's indicative tier 4 (high RoSH) holds.
    # Wed 23 Dec 2009 = day 0; Thu 24 = 1; Fri 25 Christmas Day; Mon 28 Boxing Day (observed);
    # Tue 29 = 2; Wed 30 = 3; Thu 31 = 4; Fri 1 Jan New Year's Day; Mon 4 Jan 2010 = 5.
    r = result(high_rosh_christmas_2009(tier=None, psr="standard_delivery"), "2a.4/community")
    assert (r.deadline, r.due, r.status) == ("5 working days", D(2010, 1, 4), "overdue")
    # A recorded tier wins over the grid: tier 2 recorded gives 15 working days, Mon 18 Jan 2010
    # (Mon 4 Jan = 5 as above; Tue 5 ... Fri 8 = 6-9; Mon 11 ... Fri 15 = 10-14; Mon 18 = 15).
    r = result(high_rosh_christmas_2009(tier=2, psr="standard_delivery"), "2a.4/community")
    assert (r.deadline, r.due) == ("15 working days", D(2010, 1, 18))


def test_2a4_tier2_unpaid_work_with_supervision_is_not_excepted():
    r = result(tier2_upw_with_supervision_easter(), "2a.4/community")
    assert r.exception is None
    assert r.deadline == "15 working days"
    # Thu 20 Mar 2008 = day 0; Fri 21 Good Friday; Sat 22, Sun 23; Mon 24 Easter Monday;
    # Tue 25 = 1; Wed 26 = 2; Thu 27 = 3; Fri 28 = 4; Mon 31 = 5; Tue 1 Apr = 6 ... Fri 4 = 9;
    # Mon 7 = 10 ... Fri 11 = 14; Mon 14 = 15
    assert r.due == D(2008, 4, 14)
    assert r.status == "met_on_time"  # OASys Fri 11 Apr


def test_2a4_community_excepted_for_a_tier1_order():
    r = result(tier1_jubilee(), "2a.4/community")
    assert r.status == "not_applicable"
    assert r.exception == "2a.4"


def test_2a4_community_excepted_for_tier2_standalone_unpaid_work():
    r = result(tier2_standalone_upw_royal_wedding(), "2a.4/community")
    assert r.status == "not_applicable"
    assert r.exception == "2a.4"


def test_2a4_custody_under_2_years_to_serve_8_calendar_weeks():
    r = result(custody_under_2_years_easter(), "2a.4/custody")
    assert r.deadline == "8 weeks"
    # Thu 20 Mar 2008 + 56 days: to Mon 31 Mar is 11, to Wed 30 Apr is 41, to Thu 15 May is 56.
    # Calendar weeks: Good Friday, Easter Monday and 5 May do not move it.
    assert r.due == D(2008, 5, 15)
    assert r.status == "met_on_time"  # OASys on the due day itself


def test_2a4_custody_over_2_years_to_serve_16_calendar_weeks_overdue():
    r = result(custody_over_2_years_christmas(), "2a.4/custody")
    assert r.deadline == "16 weeks"
    # Fri 21 Dec 2007 + 112 days: to 31 Dec is 10, 31 Jan is 41, Fri 29 Feb (leap year) is 70,
    # 31 Mar is 101, Fri 11 Apr 2008 is 112
    assert r.due == D(2008, 4, 11)
    assert r.status == "overdue"
    assert r.working_days_late == 3  # as of Wed 16 Apr: Mon 14, Tue 15, Wed 16


def test_2a4_custody_exactly_2_years_to_serve_takes_16_weeks():
    r = result(custody_exactly_2_years_to_serve(), "2a.4/custody")
    assert r.deadline == "16 weeks"  # not 8 weeks (which would have been Fri 27 Jul 2012)
    # Fri 1 Jun 2012 + 112 days: to 30 Jun is 29, 31 Jul is 60, 31 Aug is 91, Fri 21 Sep is 112
    assert r.due == D(2012, 9, 21)
    assert r.status == "met_on_time"


def test_2a4_and_2b3_custody_of_exactly_12_months_is_included():
    ev = custody_exactly_12_months()
    for obligation in ("2a.4/custody", "2b.3/custody"):
        r = result(ev, obligation)
        assert r.deadline == "8 weeks"  # 6 months to serve
        # Mon 7 Jan 2008 + 56 days: to 31 Jan is 24, Fri 29 Feb (leap year) is 53, Mon 3 Mar is 56
        assert r.due == D(2008, 3, 3)
        assert r.status == "pending"
        # as of Fri 1 Feb: Mon 4 - Fri 8 (5), 11-15 (10), 18-22 (15), 25-29 Feb (20), Mon 3 Mar (21)
        assert r.working_days_remaining == 21


def test_2a4_and_2b3_custody_length_recorded_as_end_date():
    ev = custody_length_given_by_end_date()
    for obligation in ("2a.4/custody", "2b.3/custody"):
        r = result(ev, obligation)
        assert r.deadline == "8 weeks"  # 2-year sentence, 12 months to serve
        assert r.due == D(2008, 3, 3)  # Mon 7 Jan 2008 + 56 days (29 Feb in range)


def test_2a4_not_applicable_to_custody_under_12_months():
    na = not_applicable(custody_6_months())
    assert "2a.4/custody" in na
    assert "custody_under_12_months" in na["2a.4/custody"]
    assert "2a.4/community" in na  # not a community sentence either


def test_2a4_custody_without_release_date_cannot_be_timed():
    r = result(custody_without_release_date(), "2a.4/custody")
    assert (r.status, r.due, r.trigger.id) == ("missing_data", None, "s1")
    assert [m.field for m in r.missing] == ["sentences[0].release_date"]


def test_2a4_custody_not_applicable_to_a_community_order():
    na = not_applicable(tier4_christmas())
    assert "2a.4/custody" in na


# ================================================================ 2b.3 Sentence Plan


def test_2b3_tier4_community_order_5_working_days_met_late():
    r = result(tier4_christmas(), "2b.3/community")
    assert r.deadline == "5 working days"
    # Fri 21 Dec 2007 = day 0; Mon 24 = 1; Tue 25 Christmas, Wed 26 Boxing Day; Thu 27 = 2;
    # Fri 28 = 3; Mon 31 = 4; Tue 1 Jan New Year's Day; Wed 2 Jan = 5
    assert r.due == D(2008, 1, 2)
    assert r.status == "met_late"
    assert r.satisfied_by.id == "sp1"
    assert r.working_days_late == 2  # plan Fri 4 Jan: Thu 3, Fri 4


def test_2b3_ppo_community_order_5_working_days_on_time():
    r = result(ppo_tier3_easter(), "2b.3/community")
    assert r.deadline == "5 working days"
    # Thu 20 Mar 2008 = day 0; Fri 21 Good Friday; Mon 24 Easter Monday; Tue 25 = 1; Wed 26 = 2;
    # Thu 27 = 3; Fri 28 = 4; Mon 31 = 5
    assert r.due == D(2008, 3, 31)
    assert r.status == "met_on_time"


def test_2b3_other_community_order_15_working_days_pending():
    r = result(drr_tier2_may_day(), "2b.3/community")
    assert r.deadline == "15 working days"
    # as for 2a.4: Fri 2 May 2008 = day 0; Mon 5 and Mon 26 May bank holidays; Tue 27 May = 15
    assert r.due == D(2008, 5, 27)
    assert r.status == "pending"
    assert r.working_days_remaining == 3  # as of Wed 21 May: Thu 22, Fri 23, Tue 27


def test_2b3_tier4_case_means_the_cases_tier_recorded_or_indicated():
    # "5 working days for a tier 4 case or PPO sentenced to a community order": the case's tier,
    # recorded or (none recorded) indicated by the grid: high RoSH ticks T4.
    # Wed 23 Dec 2009 = day 0; Thu 24 = 1; Fri 25, Mon 28 bank holidays; Tue 29 = 2; Wed 30 = 3;
    # Thu 31 = 4; Fri 1 Jan bank holiday; Mon 4 Jan 2010 = 5.
    r = result(high_rosh_christmas_2009(tier=None, psr="none"), "2b.3/community")
    assert (r.deadline, r.due, r.status) == ("5 working days", D(2010, 1, 4), "overdue")


def test_2b3_tier1_order_is_still_timed_15_working_days_met_late():
    # The 2b.3 reading: no prescribed format for tier 1, but the duty to plan remains.
    r = result(tier1_jubilee(), "2b.3/community")
    assert r.deadline == "15 working days"
    # Fri 1 Jun 2012 = day 0; Mon 4 spring bank holiday, Tue 5 Diamond Jubilee; Wed 6 = 1;
    # Thu 7 = 2; Fri 8 = 3; Mon 11 = 4 ... Fri 15 = 8; Mon 18 = 9 ... Fri 22 = 13; Mon 25 = 14;
    # Tue 26 = 15
    assert r.due == D(2012, 6, 26)
    assert r.status == "met_late"
    assert r.working_days_late == 1  # plan Wed 27 Jun


def test_2b3_tier2_standalone_upw_timed_15_working_days_over_royal_wedding():
    r = result(tier2_standalone_upw_royal_wedding(), "2b.3/community")
    assert r.deadline == "15 working days"
    # Thu 28 Apr 2011 = day 0; Fri 29 royal wedding; Mon 2 May bank holiday; Tue 3 = 1; Wed 4 = 2;
    # Thu 5 = 3; Fri 6 = 4; Mon 9 = 5 ... Fri 13 = 9; Mon 16 = 10 ... Fri 20 = 14; Mon 23 = 15
    assert r.due == D(2011, 5, 23)
    assert r.status == "pending"
    assert r.working_days_remaining == 7  # as of Thu 12 May: Fri 13, Mon 16 ... Fri 20, Mon 23


def test_2b3_custody_under_2_years_8_weeks_met_late():
    r = result(custody_under_2_years_easter(), "2b.3/custody")
    assert r.deadline == "8 weeks"
    assert r.due == D(2008, 5, 15)  # Thu 20 Mar 2008 + 56 days (see 2a.4)
    assert r.status == "met_late"
    assert r.working_days_late == 1  # plan Fri 16 May


def test_2b3_custody_over_2_years_16_weeks_on_time():
    r = result(custody_over_2_years_christmas(), "2b.3/custody")
    assert r.deadline == "16 weeks"
    assert r.due == D(2008, 4, 11)  # Fri 21 Dec 2007 + 112 days, across 29 Feb 2008 (see 2a.4)
    assert r.status == "met_on_time"


def test_2b3_custody_exactly_2_years_to_serve_16_weeks_overdue():
    r = result(custody_exactly_2_years_to_serve(), "2b.3/custody")
    assert r.deadline == "16 weeks"  # "2 years or more"
    assert r.due == D(2012, 9, 21)  # Fri 1 Jun 2012 + 112 days (see 2a.4)
    assert r.status == "overdue"
    assert r.working_days_late == 1  # as of Mon 24 Sep


def test_2b3_not_applicable_to_custody_under_12_months():
    na = not_applicable(custody_6_months())
    assert "2b.3/custody" in na
    assert "2b.3/community" in na
    assert "custody_under_12_months" in na["2b.3/custody"]


def test_2b3_custody_not_applicable_to_a_community_order_and_community_not_to_custody():
    assert "2b.3/custody" in not_applicable(tier1_jubilee())
    assert "2b.3/community" in not_applicable(custody_under_2_years_easter())


# ================================================================ 2c.3 OM and OS exchange details


def test_2c3_after_custodial_sentence_over_easter_on_time():
    r = result(custody_under_2_years_easter(), "2c.3/after_sentence")
    assert r.deadline == "5 working days"
    # Thu 20 Mar 2008 = day 0; Fri 21 Good Friday; Sat 22, Sun 23; Mon 24 Easter Monday;
    # Tue 25 = 1; Wed 26 = 2; Thu 27 = 3; Fri 28 = 4; Mon 31 = 5
    assert r.due == D(2008, 3, 31)
    assert r.status == "met_on_time"
    assert r.satisfied_by.id == "cd1"


def test_2c3_after_custodial_sentence_over_christmas_met_late():
    r = result(custody_over_2_years_christmas(), "2c.3/after_sentence")
    # Fri 21 Dec 2007 = day 0; Mon 24 = 1; Tue 25, Wed 26 bank holidays; Thu 27 = 2; Fri 28 = 3;
    # Mon 31 = 4; Tue 1 Jan bank holiday; Wed 2 Jan = 5
    assert r.due == D(2008, 1, 2)
    assert r.status == "met_late"
    assert r.working_days_late == 1  # exchanged Thu 3 Jan


def test_2c3_after_prison_transfer_overdue():
    r = result(custody_under_2_years_easter(), "2c.3/after_transfer")
    assert r.trigger.id == "pt1"
    # Fri 2 May 2008 = day 0; Mon 5 early May bank holiday; Tue 6 = 1; Wed 7 = 2; Thu 8 = 3;
    # Fri 9 = 4; Mon 12 = 5
    assert r.due == D(2008, 5, 12)
    assert r.status == "overdue"  # cd1 (31 Mar) was before the transfer
    # as of Mon 2 Jun: Tue 13 - Fri 16 (4), Mon 19 - Fri 23 (9), Mon 26 spring bank holiday,
    # Tue 27 - Fri 30 (13), Mon 2 Jun (14)
    assert r.working_days_late == 14


def test_2c3_after_recall_over_royal_wedding_met_late():
    r = result(licence_recall_royal_wedding(), "2c.3/after_recall")
    assert r.trigger.id == "rc1"
    # Tue 26 Apr 2011 = day 0; Wed 27 = 1; Thu 28 = 2; Fri 29 royal wedding; Sat 30, Sun 1 May;
    # Mon 2 May bank holiday; Tue 3 = 3; Wed 4 = 4; Thu 5 = 5
    assert r.due == D(2011, 5, 5)
    assert r.status == "met_late"
    assert r.working_days_late == 1  # exchanged Fri 6 May


def test_2c3_not_applicable_to_a_community_order():
    na = not_applicable(tier4_christmas())
    for obligation in ("2c.3/after_sentence", "2c.3/after_transfer", "2c.3/after_recall"):
        assert obligation in na


def test_2c3_recall_not_applicable_without_a_recall():
    assert "2c.3/after_recall" in not_applicable(custody_under_2_years_easter())


# ================================================================ 2c.4 Copy of the Sentence Plan


def test_2c4_copy_within_2_working_days_on_time():
    r = result(tier4_christmas(), "2c.4/copy")
    assert r.trigger.id == "sp1"
    assert r.deadline == "2 working days"
    # plan Fri 4 Jan 2008 = day 0; Sat 5, Sun 6; Mon 7 = 1; Tue 8 = 2
    assert r.due == D(2008, 1, 8)
    assert r.status == "met_on_time"
    assert r.satisfied_by.id == "spc1"


def test_2c4_copy_of_plan_review_over_royal_wedding_on_time():
    r = result(licence_recall_royal_wedding(), "2c.4/copy")
    assert r.trigger.id == "sp1"  # a review starts the clock too (2c.4 reading)
    # plan Thu 28 Apr 2011 = day 0; Fri 29 royal wedding; Sat 30, Sun 1 May; Mon 2 May bank
    # holiday; Tue 3 = 1; Wed 4 = 2
    assert r.due == D(2011, 5, 4)
    assert r.status == "met_on_time"


def test_2c4_copy_not_sent_overdue():
    r = result(ppo_tier3_easter(), "2c.4/copy")
    # plan Mon 31 Mar 2008 = day 0; Tue 1 Apr = 1; Wed 2 = 2
    assert r.due == D(2008, 4, 2)
    assert r.status == "overdue"
    assert r.working_days_late == 2  # as of Fri 4 Apr: Thu 3, Fri 4


def test_2c4_copy_sent_late():
    r = result(custody_under_2_years_easter(), "2c.4/copy")
    # plan Fri 16 May 2008 = day 0; Sat 17, Sun 18; Mon 19 = 1; Tue 20 = 2
    assert r.due == D(2008, 5, 20)
    assert r.status == "met_late"
    assert r.working_days_late == 1  # copy Wed 21 May


def test_2c4_copy_due_today_is_pending():
    r = result(tier1_jubilee(), "2c.4/copy")
    # plan Wed 27 Jun 2012 = day 0; Thu 28 = 1; Fri 29 = 2 (the as-of date)
    assert r.due == D(2012, 6, 29)
    assert r.status == "pending"
    assert r.working_days_remaining == 0


def test_2c4_not_applicable_without_a_sentence_plan():
    na = not_applicable(tier2_standalone_upw_royal_wedding())
    assert "2c.4/copy" in na
    assert "sentence_plan" in na["2c.4/copy"]


# ================================================================ 2c.6 First meeting with the OM


def test_2c6_required_calendar_check_tier4_sentenced_fri_21_dec_2007_due_thu_27_dec():
    r = result(tier4_christmas(), "2c.6/first_meeting")
    assert r.deadline == "2 working days"
    # Fri 21 Dec 2007 = day 0; Sat 22, Sun 23 weekend; Mon 24 = 1; Tue 25 Christmas,
    # Wed 26 Boxing Day; Thu 27 = 2
    assert r.due == D(2007, 12, 27)
    assert r.status == "met_on_time"
    assert r.satisfied_by.id == "c1"


def test_2c6_ppo_on_tier3_still_gets_5_working_days():
    r = result(ppo_tier3_easter(), "2c.6/first_meeting")
    assert r.deadline == "5 working days"  # 2c.6 singles out tier 4 only, not PPOs
    # Thu 20 Mar 2008 = day 0; Fri 21 Good Friday; Mon 24 Easter Monday; Tue 25 = 1; Wed 26 = 2;
    # Thu 27 = 3; Fri 28 = 4; Mon 31 = 5
    assert r.due == D(2008, 3, 31)
    assert r.status == "met_on_time"


def test_2c6_sentenced_without_psr_5_working_days_even_if_tier4_recorded_later():
    r = result(sso_without_psr_transferred_in(), "2c.6/first_meeting")  # an SSO (Interpretation Note 8)
    assert r.deadline == "5 working days"
    # Fri 21 Dec 2007 = day 0; Mon 24 = 1; Tue 25, Wed 26 bank holidays; Thu 27 = 2; Fri 28 = 3;
    # Mon 31 = 4; Tue 1 Jan bank holiday; Wed 2 Jan = 5
    assert r.due == D(2008, 1, 2)
    assert r.status == "met_on_time"


def test_2c6_tier4_means_a_recorded_tier():
    # "2 working days of sentence for an offender who has already been assigned to tier 4": only a
    # tier recorded by the day of sentence counts.  High RoSH, a PSR, no tier recorded: the grid
    # indicates tier 4, but no tier was assigned, so 5 working days.
    # Wed 23 Dec 2009 = day 0; Thu 24 = 1; Fri 25 Christmas Day; Sat 26, Sun 27; Mon 28 Boxing Day
    # (observed); Tue 29 = 2; Wed 30 = 3; Thu 31 = 4; Fri 1 Jan New Year's Day; Mon 4 Jan 2010 = 5.
    ev = high_rosh_christmas_2009(tier=None, psr="standard_delivery")
    r = result(ev, "2c.6/first_meeting")
    assert (r.deadline, r.due, r.status) == ("5 working days", D(2010, 1, 4), "overdue")
    assert deadline_branch(ev, "2c.6/first_meeting") == "otherwise"
    # Tier 4 recorded on Wed 16 Dec: 2 working days, Thu 24 (1), Tue 29 Dec 2009 (2).
    r = result(high_rosh_christmas_2009(tier=4, psr="standard_delivery"), "2c.6/first_meeting")
    assert (r.deadline, r.due) == ("2 working days", D(2009, 12, 29))


def test_2c6_sentenced_without_a_psr_takes_5_working_days():
    # "5 working days of sentence for an offender already assigned to tiers 1 - 3, or sentenced
    # without a PSR": no PSR and no tier recorded, high RoSH (indicative tier 4): 5 working days,
    # by the PSR clause.  Due Mon 4 Jan 2010 (counted as in the test above).
    ev = high_rosh_christmas_2009(tier=None, psr="none")
    r = result(ev, "2c.6/first_meeting")
    assert (r.deadline, r.due) == ("5 working days", D(2010, 1, 4))
    assert deadline_branch(ev, "2c.6/first_meeting") == "if not has_psr(trigger_sentence)"


def test_2c6_already_assigned_to_tier_4_keeps_2_working_days_without_a_psr():
    # The reading: an offender "already been assigned to tier 4" is named by the first bullet; the
    # PSR clause covers offenders with no pre-sentence assessment to assign a tier from.  Tier 4
    # recorded Wed 16 Dec, no PSR: 2 working days, Thu 24 (1), [Fri 25, Mon 28 bank holidays],
    # Tue 29 Dec 2009 (2).
    ev = high_rosh_christmas_2009(tier=4, psr="none")
    r = result(ev, "2c.6/first_meeting")
    assert (r.deadline, r.due) == ("2 working days", D(2009, 12, 29))
    assert deadline_branch(ev, "2c.6/first_meeting") == "if recorded_tier_at(trigger_date, 4)"


def test_2c6_tier1_across_the_jubilee_met_late():
    r = result(tier1_jubilee(), "2c.6/first_meeting")
    assert r.deadline == "5 working days"
    # Fri 1 Jun 2012 = day 0; Mon 4 spring bank holiday, Tue 5 Diamond Jubilee; Wed 6 = 1;
    # Thu 7 = 2; Fri 8 = 3; Mon 11 = 4; Tue 12 = 5
    assert r.due == D(2012, 6, 12)
    assert r.status == "met_late"
    assert r.working_days_late == 1  # met Wed 13 Jun


def test_2c6_telephone_contact_is_not_a_meeting_overdue_after_royal_wedding():
    r = result(tier2_standalone_upw_royal_wedding(), "2c.6/first_meeting")
    assert r.deadline == "5 working days"
    # Thu 28 Apr 2011 = day 0; Fri 29 royal wedding; Sat 30, Sun 1 May; Mon 2 May bank holiday;
    # Tue 3 = 1; Wed 4 = 2; Thu 5 = 3; Fri 6 = 4; Mon 9 = 5
    assert r.due == D(2011, 5, 9)
    assert r.status == "overdue"
    assert r.satisfied_by is None  # the phone call on Wed 4 May does not count
    assert r.working_days_late == 3  # as of Thu 12 May: Tue 10, Wed 11, Thu 12


def test_2c6_drr_order_is_excepted_per_2d9_2():
    r = result(drr_tier2_may_day(), "2c.6/first_meeting")
    assert r.status == "not_applicable"
    assert r.exception == "2d.9.2"


def test_2c6_not_applicable_to_custody():
    na = not_applicable(custody_under_2_years_easter())
    assert "2c.6/first_meeting" in na
