"""The 2007 National Standards, part 2: release, contact levels, requirements, review,
enforcement and victims.

Standards covered: 2c.13, 2c.16, 2d.1.4, 2d.9.2, 2d.9.3, 2e.5, 2f.4 (with 2f.3), 2f.6, 2f.8, 4.2.

How to read these tests
-----------------------
Each case below is a small, made-up case file (the same shape as examples/*.yaml) with the
date it is checked on ("as of").  Every case is evaluated once and the tests then look at
the results for one standard at a time.

Every expected date is worked out by hand in a comment, following Interpretation Note 9:
the day of the occurrence (sentence, release, failure, ...) is day 0, and only Monday to
Friday count, leaving out England & Wales bank holidays.  The comments name each weekend
and bank holiday a count steps over.  Contact windows (2c.16) are counted in calendar days:
week 1 is days 0-6 from the sentence or release date.  "4 months" (2e.5) is 4 calendar
months, clamped to the end of a shorter month.

Bank holidays used on purpose:
  Christmas 2007: Tue 25, Wed 26 Dec 2007; New Year Tue 1 Jan 2008
  Easter 2008: Good Friday 21 Mar, Easter Monday 24 Mar; May Day Mon 5 May; Spring Mon 26 May
  Christmas 2008: Thu 25, Fri 26 Dec 2008; New Year Thu 1 Jan 2009
  Christmas 2010: Mon 27, Tue 28 Dec 2010 (substitutes); New Year Mon 3 Jan 2011 (substitute)
  2011: Royal Wedding Fri 29 Apr; May Day Mon 2 May
  2012: Spring Bank Holiday Mon 4 Jun and Diamond Jubilee Tue 5 Jun
  Christmas 2016: Boxing Day Mon 26 Dec, Christmas substitute Tue 27 Dec; New Year Mon 2 Jan 2017
  Easter 2010: Good Friday 2 Apr, Easter Monday 5 Apr
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable


from policyengine.cases.load import load_case_data
from policyengine.compiler.compile import load_edition
from policyengine.evaluate import Evaluation, evaluate
from policyengine.explain.derived import tier_used

PROGRAM = load_edition("2007")


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


# ------------------------------------------------------------------ building case files


def om_contact(id: str, date: str, mode: str = "face_to_face", with_: str = "offender_manager") -> dict:
    """A contact with the offender (face to face with the Offender Manager unless told)."""
    return {"id": id, "kind": "contact", "date": date, "mode": mode, "with": with_}


def home_visit(id: str, date: str) -> dict:
    return {"id": id, "kind": "home_visit", "date": date, "with": "offender_manager"}


def review(id: str, date: str) -> dict:
    """A Sentence Plan review: the formal review of 2e.5."""
    return {"id": id, "kind": "sentence_plan", "date": date, "type": "review"}


def failure(id: str, date: str, **fields) -> dict:
    return {"id": id, "kind": "failure_to_comply", "date": date, "explained_in_advance": False,
            "indicates": "none", **fields}


def warning(id: str, date: str, failure: str) -> dict:
    return {"id": id, "kind": "warning", "date": date, "failure": failure}


def assessed(date: str, tier: int, rosh: str, ppo: bool = False) -> dict:
    return {"date": date, "source": "oasys", "tier": tier, "rosh": rosh, "ppo": ppo}


# ------------------------------------------------------------------ evaluating (once per case)

CASES: dict[str, Callable[[], tuple[dict, dt.date]]] = {}
_EVALUATED: dict[str, Evaluation] = {}


def case(builder: Callable[[], tuple[dict, dt.date]]):
    CASES[builder.__name__] = builder
    return builder


def evaluation(name: str) -> Evaluation:
    """The case evaluated as of its date; each case is evaluated once per test run."""
    if name not in _EVALUATED:
        data, as_of = CASES[name]()
        _EVALUATED[name] = evaluate(PROGRAM, load_case_data(data, source=name), as_of)
    return _EVALUATED[name]


def result(ev: Evaluation, obligation: str, trigger: str):
    """The one result of an obligation for one trigger (an event or sentence id)."""
    found = [r for r in ev.find(obligation) if r.trigger is not None and r.trigger.id == trigger]
    assert len(found) == 1, f"{obligation} for {trigger}: {[(r.trigger, r.status) for r in ev.find(obligation)]}"
    return found[0]


def triggers(ev: Evaluation, obligation: str) -> set[str]:
    return {r.trigger.id for r in ev.find(obligation)}


def not_applicable(ev: Evaluation) -> set[str]:
    return {info.id for info in ev.missing}


def window_table(ev: Evaluation, obligation: str) -> list[tuple]:
    """The windows of a contact schedule: (start, last day, need, count, status)."""
    rows = sorted(ev.find(obligation), key=lambda r: r.window["index"])
    assert [r.window["index"] for r in rows] == list(range(len(rows))), "windows are numbered 0, 1, 2, ..."
    return [(r.window["start"], r.window["end"], r.window["need"], r.window["count"], r.status) for r in rows]


def window(ev: Evaluation, obligation: str, index: int):
    [found] = [r for r in ev.find(obligation) if r.window["index"] == index]
    return found


# ================================================================== the cases


@case
def licence_christmas_2016() -> tuple[dict, dt.date]:
    """Tier 3, high risk of serious harm, released on licence on Friday 23 December 2016."""
    return {
        "id": "T2-LIC-XMAS16",
        "sentences": [{"id": "s1", "type": "custody", "date": "2015-06-24", "length_months": 36,
                       "release_date": "2016-12-23"}],
        "assessments": [assessed("2015-06-10", tier=3, rosh="high")],
        "events": [
            {"id": "rel1", "kind": "release", "date": "2016-12-23", "on": "licence", "licence_end": "2018-06-23",
             "same_day_contact_impractical_reason": "released at 4.30 pm; the office had closed for Christmas"},
            om_contact("c1", "2016-12-28"),          # first licence appointment
            home_visit("hv1", "2016-12-29"),         # doubles as the second contact
            om_contact("c2", "2017-01-05"),
            om_contact("c3", "2017-01-12"),
            review("rv1", "2017-01-19"),             # post-release review (2e.5)
            om_contact("c4", "2017-01-26"),
        ],
    }, d("2017-01-31")


@case
def licence_easter_2008() -> tuple[dict, dt.date]:
    """Tier 2 PPO, high risk of serious harm, released on licence on Thursday 20 March 2008
    (the day before Good Friday)."""
    return {
        "id": "T2-LIC-EASTER08",
        "sentences": [{"id": "s1", "type": "custody", "date": "2007-09-20", "length_months": 12,
                       "release_date": "2008-03-20"}],
        "assessments": [assessed("2007-09-20", tier=2, rosh="high", ppo=True)],
        "events": [
            {"id": "rel1", "kind": "release", "date": "2008-03-20", "on": "licence", "licence_end": "2008-09-20"},
            om_contact("t1", "2008-03-25", mode="telephone"),   # a telephone call is not a contact
            om_contact("c1", "2008-03-26"),
            review("rv1", "2008-03-31"),
            om_contact("c2", "2008-04-01"),
        ],
    }, d("2008-04-08")


@case
def licence_high_rosh_no_tier_easter_2010() -> tuple[dict, dt.date]:
    """High risk of serious harm and no tier recorded, released on licence on Thursday 1 April
    2010, the day before Good Friday: the tiering grid indicates tier 4 (licence with a high RoSH)."""
    return {
        "id": "T2-LIC-NOTIER",
        "sentences": [{"id": "s1", "type": "custody", "date": "2009-04-01", "length_months": 24,
                       "release_date": "2010-04-01"}],
        "assessments": [{"date": "2010-03-15", "source": "oasys", "rosh": "high"}],
        "events": [
            {"id": "rel1", "kind": "release", "date": "2010-04-01", "on": "licence", "licence_end": "2011-04-01"},
            om_contact("c1", "2010-04-06"),
            om_contact("c2", "2010-04-08"),
        ],
    }, d("2010-04-16")


@case
def licence_tier1_2008() -> tuple[dict, dt.date]:
    """Tier 1, released on licence on Tuesday 1 April 2008 for three months, seen once."""
    return {
        "id": "T2-LIC-T1",
        "sentences": [{"id": "s1", "type": "custody", "date": "2007-10-01", "length_months": 12,
                       "release_date": "2008-04-01"}],
        "assessments": [assessed("2007-10-01", tier=1, rosh="low")],
        "events": [
            {"id": "rel1", "kind": "release", "date": "2008-04-01", "on": "licence", "licence_end": "2008-06-30"},
            om_contact("c1", "2008-04-01"),          # seen on the day of release
        ],
    }, d("2008-07-01")


@case
def community_tier1_reviews() -> tuple[dict, dt.date]:
    """Tier 1 community order of 18 months with supervision, sentenced Wednesday 31 October 2007;
    reviewed on 29 February 2008 and 2 July 2008, and not since."""
    return {
        "id": "T2-CO-T1",
        "sentences": [{"id": "s1", "type": "community_order", "date": "2007-10-31", "length_months": 18,
                       "requirements": [{"kind": "supervision"}]}],
        "assessments": [assessed("2007-10-31", tier=1, rosh="low")],
        "events": [
            om_contact("c1", "2007-11-05"),
            review("rv1", "2008-02-29"),
            om_contact("c2", "2008-04-09"),
            review("rv2", "2008-07-02"),
        ],
    }, d("2008-11-05")


@case
def community_tier2_custody() -> tuple[dict, dt.date]:
    """Tier 2 community order with supervision and 100 hours of unpaid work, sentenced Monday
    7 January 2008; remanded in custody for 10 days, Wednesday 20 to Friday 29 February 2008."""
    return {
        "id": "T2-CO-T2-PAUSE",
        "sentences": [{"id": "s1", "type": "community_order", "date": "2008-01-07", "length_months": 12,
                       "requirements": [{"kind": "supervision"}, {"kind": "unpaid_work", "hours": 100}]}],
        "assessments": [assessed("2008-01-07", tier=2, rosh="low")],
        "periods": [{"id": "p1", "kind": "custody", "start": "2008-02-20", "end": "2008-02-29"}],
        "events": [
            om_contact("c1", "2008-01-10"),
            om_contact("c2", "2008-01-17"),
            {"id": "ws1", "kind": "work_session", "date": "2008-01-19", "duration_minutes": 420},
            om_contact("c3", "2008-01-24"),
            # nothing between Mon 28 January and Sun 3 February
            om_contact("c4", "2008-02-07"),
            om_contact("c5", "2008-03-11"),
            om_contact("c6", "2008-03-26"),
            # nothing between Thu 27 March and Wed 9 April
            om_contact("c7", "2008-04-10"),
            om_contact("c8", "2008-05-06"),
            om_contact("c9", "2008-05-29"),
        ],
    }, d("2008-07-02")


@case
def community_tier2_custody_at_window_boundary() -> tuple[dict, dt.date]:
    """Tier 2 community order sentenced Monday 7 January 2008, not seen in its first fortnightly
    window (4-17 February); remanded in custody from Monday 18 February, the first day of the
    next window, to Wednesday 27 February (10 days)."""
    return {
        "id": "T2-CO-T2-BOUNDARY",
        "sentences": [{"id": "s1", "type": "community_order", "date": "2008-01-07", "length_months": 12,
                       "requirements": [{"kind": "supervision"}]}],
        "assessments": [assessed("2008-01-07", tier=2, rosh="low")],
        "periods": [{"id": "p1", "kind": "custody", "start": "2008-02-18", "end": "2008-02-27"}],
        "events": [
            om_contact("c1", "2008-01-10"),
            om_contact("c2", "2008-01-17"),
            om_contact("c3", "2008-01-24"),
            om_contact("c4", "2008-01-31"),
            # nothing from Mon 4 February until the custody period
            om_contact("c5", "2008-03-04"),
        ],
    }, d("2008-02-21")


@case
def community_tier3_2008() -> tuple[dict, dt.date]:
    """Tier 3 community order with supervision, sentenced Monday 7 January 2008.  Seen every
    Wednesday for 16 weeks except Easter week, then once in the first 4-week window."""
    wednesdays = [d("2008-01-09") + dt.timedelta(weeks=k) for k in range(16)]
    # 9, 16, 23, 30 Jan; 6, 13, 20, 27 Feb; 5, 12, 19 Mar; (26 Mar left out); 2, 9, 16, 23 Apr
    contacts = [om_contact(f"c{k}", day.isoformat()) for k, day in enumerate(wednesdays) if k != 11]
    return {
        "id": "T2-CO-T3",
        "sentences": [{"id": "s1", "type": "community_order", "date": "2008-01-07", "length_months": 12,
                       "requirements": [{"kind": "supervision"}]}],
        "assessments": [assessed("2008-01-07", tier=3, rosh="medium")],
        "events": [*contacts, om_contact("c16", "2008-05-21")],
    }, d("2008-06-23")


@case
def community_tier4_christmas_2007() -> tuple[dict, dt.date]:
    """Tier 4, very high risk of serious harm, community order with supervision sentenced on
    Friday 21 December 2007."""
    return {
        "id": "T2-CO-T4-XMAS07",
        "sentences": [{"id": "s1", "type": "community_order", "date": "2007-12-21", "length_months": 12,
                       "requirements": [{"kind": "supervision"}]}],
        "assessments": [assessed("2007-12-14", tier=4, rosh="very_high")],
        "events": [
            om_contact("c1", "2007-12-27"),
            om_contact("c2", "2008-01-02"),
            home_visit("hv1", "2008-01-10"),
            om_contact("t1", "2008-01-14", mode="telephone"),
            om_contact("c3", "2008-01-22"),
            om_contact("c4", "2008-01-24"),
        ],
    }, d("2008-01-31")


@case
def drr_easter_2008() -> tuple[dict, dt.date]:
    """Community order with supervision and a DRR, sentenced Thursday 20 March 2008."""
    return {
        "id": "T2-DRR-EASTER08",
        "sentences": [{"id": "s1", "type": "community_order", "date": "2008-03-20", "length_months": 12,
                       "requirements": [{"kind": "supervision"}, {"kind": "drr", "seriousness": "medium"}]}],
        "assessments": [assessed("2008-03-20", tier=3, rosh="medium")],
        "events": [
            om_contact("c1", "2008-03-25"),
            {"id": "tc1", "kind": "treatment_contact", "date": "2008-03-27"},
        ],
    }, d("2008-03-31")


@case
def drr_royal_wedding_2011() -> tuple[dict, dt.date]:
    """Community order with supervision, a DRR and 80 hours of unpaid work, sentenced on
    Thursday 28 April 2011, the day before the Royal Wedding bank holiday."""
    return {
        "id": "T2-DRR-2011",
        "sentences": [{"id": "s1", "type": "community_order", "date": "2011-04-28", "length_months": 12,
                       "requirements": [{"kind": "supervision"}, {"kind": "drr", "seriousness": "high"},
                                        {"kind": "unpaid_work", "hours": 80}]}],
        "assessments": [assessed("2011-04-28", tier=3, rosh="medium")],
        "events": [
            om_contact("t1", "2011-05-03", mode="telephone"),                   # not face to face
            om_contact("tp1", "2011-05-04", with_="treatment_provider"),        # not the Offender Manager
            {"id": "tc1", "kind": "treatment_contact", "date": "2011-05-04"},
        ],
    }, d("2011-05-18")


@case
def unpaid_work_jubilee_2012() -> tuple[dict, dt.date]:
    """Community order of 150 hours of unpaid work only, sentenced Thursday 24 May 2012."""
    return {
        "id": "T2-UPW-2012",
        "sentences": [{"id": "s1", "type": "community_order", "date": "2012-05-24", "length_months": 12,
                       "requirements": [{"kind": "unpaid_work", "hours": 150}]}],
        "assessments": [assessed("2012-05-24", tier=2, rosh="low")],
        "events": [{"id": "ws1", "kind": "work_session", "date": "2012-06-12", "duration_minutes": 420}],
    }, d("2012-06-20")


@case
def enforcement_community_2008() -> tuple[dict, dt.date]:
    """Tier 2 community order with supervision, sentenced Monday 7 January 2008, with a run of
    failures to comply, a breach and a court that lets the order continue."""
    return {
        "id": "T2-ENF-CO",
        "sentences": [{"id": "s1", "type": "community_order", "date": "2008-01-07", "length_months": 12,
                       "requirements": [{"kind": "supervision"}]}],
        "assessments": [assessed("2008-01-07", tier=2, rosh="medium")],
        "events": [
            failure("f0", "2008-02-26", explained_in_advance=True),
            failure("f1", "2008-03-17"),
            failure("f1b", "2008-03-17", description="missed a second appointment the same day"),
            warning("w1", "2008-04-02", failure="f1"),
            failure("f2", "2008-04-10"),
            {"id": "ei2", "kind": "enforcement_initiated", "date": "2008-04-28", "failure": "f2", "route": "court"},
            {"id": "bd2", "kind": "breach_documents_to_court", "date": "2008-05-09", "failure": "f2"},
            {"id": "br1", "kind": "breach_resolved", "date": "2008-05-21", "order_continues": True},
            failure("f3", "2008-06-02"),
            failure("f4", "2008-06-10", explanation_received="2008-06-11", explanation_accepted=True),
            failure("f5", "2008-06-12", indicates="public_at_greater_risk"),
        ],
    }, d("2008-06-18")


@case
def enforcement_community_christmas_2008() -> tuple[dict, dt.date]:
    """Community order of 24 months with supervision, sentenced Monday 3 December 2007: one
    warning in December 2007, then a serious refusal and a further failure in December 2008."""
    return {
        "id": "T2-ENF-CO-XMAS08",
        "sentences": [{"id": "s1", "type": "suspended_sentence_order", "date": "2007-12-03", "length_months": 24,
                       "requirements": [{"kind": "supervision"}]}],
        "assessments": [assessed("2007-12-03", tier=3, rosh="medium")],
        "events": [
            failure("fa", "2007-12-10"),
            warning("wa", "2007-12-12", failure="fa"),
            failure("fb", "2008-12-12", indicates="serious_refusal"),
            failure("fc", "2008-12-15"),
            {"id": "eib", "kind": "enforcement_initiated", "date": "2008-12-17", "failure": "fb", "route": "court"},
            warning("wc", "2008-12-29", failure="fc"),
            {"id": "bdb", "kind": "breach_documents_to_court", "date": "2009-01-16", "failure": "fb"},
        ],
    }, d("2009-01-20")


@case
def enforcement_licence_2008() -> tuple[dict, dt.date]:
    """Tier 2 licence from Tuesday 1 April 2008: two warnings, enforcement on the third failure,
    recall on Friday 30 May, re-release on Monday 14 July and a fresh failure."""
    return {
        "id": "T2-ENF-LIC",
        "sentences": [{"id": "s1", "type": "custody", "date": "2007-10-01", "length_months": 12,
                       "release_date": "2008-04-01"}],
        "assessments": [assessed("2007-10-01", tier=2, rosh="medium")],
        "periods": [{"id": "p1", "kind": "custody", "start": "2008-05-30", "end": "2008-07-13"}],
        "events": [
            {"id": "rel1", "kind": "release", "date": "2008-04-01", "on": "licence", "licence_end": "2008-10-01"},
            failure("f1", "2008-04-07"),
            warning("w1", "2008-04-15", failure="f1"),
            failure("f2", "2008-04-22"),
            warning("w2", "2008-05-08", failure="f2"),
            failure("f3", "2008-05-12"),
            {"id": "ei3", "kind": "enforcement_initiated", "date": "2008-05-29", "failure": "f3",
             "route": "post_release_section"},
            {"id": "rc1", "kind": "recall", "date": "2008-05-30"},
            review("rv1", "2008-06-19"),
            {"id": "rel2", "kind": "release", "date": "2008-07-14", "on": "licence", "licence_end": "2008-10-01"},
            failure("f5", "2008-07-17"),
            warning("w5", "2008-07-30", failure="f5"),
        ],
    }, d("2008-08-01")


@case
def same_day_failures_2008() -> tuple[dict, dt.date]:
    """Community order sentenced Monday 7 January 2008.  On Tuesday 5 February the offender
    misses two appointments: one he had explained in advance (fa), one he had not (fb)."""
    return {
        "id": "T2-ENF-SAMEDAY",
        "sentences": [{"id": "s1", "type": "community_order", "date": "2008-01-07", "length_months": 12,
                       "requirements": [{"kind": "supervision"}]}],
        "assessments": [assessed("2008-01-07", tier=2, rosh="low")],
        "events": [
            failure("fa", "2008-02-05", explained_in_advance=True),
            failure("fb", "2008-02-05"),
            warning("wb", "2008-02-18", failure="fb"),
        ],
    }, d("2008-03-03")


@case
def licence_recall_august_2008() -> tuple[dict, dt.date]:
    """Tier 2 licence from Tuesday 1 April 2008, reviewed Thursday 10 April; recalled on
    Tuesday 5 August and still in custody; the review after recall is on Wednesday 20 August."""
    return {
        "id": "T2-LIC-RECALL",
        "sentences": [{"id": "s1", "type": "custody", "date": "2007-10-01", "length_months": 24,
                       "release_date": "2008-04-01"}],
        "assessments": [assessed("2007-10-01", tier=2, rosh="medium")],
        "periods": [{"id": "p1", "kind": "custody", "start": "2008-08-05"}],
        "events": [
            {"id": "rel1", "kind": "release", "date": "2008-04-01", "on": "licence", "licence_end": "2009-10-01"},
            review("rv1", "2008-04-10"),
            {"id": "rc1", "kind": "recall", "date": "2008-08-05"},
            review("rv2", "2008-08-20"),
        ],
    }, d("2008-09-01")


@case
def licence_tier4_without_end_date() -> tuple[dict, dt.date]:
    """Tier 4 licence from Tuesday 1 April 2008 whose end date was not recorded."""
    return {
        "id": "T2-LIC-T4-NOEND",
        "sentences": [{"id": "s1", "type": "custody", "date": "2007-10-01", "length_months": 12,
                       "release_date": "2008-04-01"}],
        "assessments": [assessed("2007-10-01", tier=4, rosh="medium")],
        "events": [
            {"id": "rel1", "kind": "release", "date": "2008-04-01", "on": "licence"},
            om_contact("c1", "2008-04-02"),
            om_contact("c2", "2008-04-09"),
        ],
    }, d("2008-04-14")


def victim_case(sentence_date: str, events: list[dict]) -> dict:
    """24 months in custody for assault occasioning actual bodily harm (Schedule 15 paragraph
    20): a qualifying sentence, derived (policies/library/victims.nsr)."""
    return {
        "id": "T2-VICTIM",
        "sentences": [{"id": "s1", "type": "custody", "date": sentence_date, "length_months": 24}],
        "offences": [{"id": "o1", "statute": "Offences against the Person Act 1861", "section": "47",
                      "sentence": "s1"}],
        "events": events,
    }


@case
def victim_easter_2008() -> tuple[dict, dt.date]:
    """A qualifying custodial sentence passed on Thursday 20 March 2008."""
    return victim_case("2008-03-20", [
        {"id": "vo1", "kind": "victim_contact_offer", "date": "2008-05-20", "method": "letter"},
    ]), d("2008-06-02")


@case
def victim_christmas_2010() -> tuple[dict, dt.date]:
    """A qualifying custodial sentence passed on Wednesday 24 November 2010."""
    return victim_case("2010-11-24", [
        {"id": "vo0", "kind": "victim_contact_offer", "date": "2011-01-14", "method": "other"},
        {"id": "vo1", "kind": "victim_contact_offer", "date": "2011-01-26", "method": "letter"},
    ]), d("2011-02-01")


# ================================================================== 2c.13 first and second contacts on release


def test_2c13_release_before_christmas_2016_first_contact_due_wednesday_28_december():
    # Released Fri 23 Dec 2016 (day 0); the release records why a contact that day was
    # impractical, so the first following working day.  Sat 24, Sun 25, Mon 26 (Boxing Day)
    # and Tue 27 (substitute for Christmas Day, a Sunday) are not working days: Wed 28 Dec.
    ev = evaluation("licence_christmas_2016")
    first = result(ev, "2c.13/first_contact", "rel1")
    assert first.trigger.date == d("2016-12-23")
    assert first.due == d("2016-12-28")
    assert first.status == "met_on_time"
    assert first.satisfied_by.id == "c1"


def test_2c13_second_contact_can_be_the_home_visit():
    # Tier 3, so a second contact within 3 working days of Fri 23 Dec 2016:
    # Wed 28 (1), Thu 29 (2), Fri 30 Dec (3) -> due Fri 30 Dec 2016.
    # The home visit on Thu 29 Dec is the second contact (2c.13 guidance).
    ev = evaluation("licence_christmas_2016")
    second = result(ev, "2c.13/second_contact", "rel1")
    assert second.due == d("2016-12-30")
    assert second.status == "met_on_time"
    assert second.satisfied_by.id == "hv1"


def test_2c13_release_before_easter_2008_first_contact_late():
    # Released Thu 20 Mar 2008 (day 0), no reason recorded why a contact that day was
    # impractical: due that day.  The first face-to-face contact is Wed 26 Mar (the telephone
    # call on Tue 25 is not a contact): Good Friday 21, Sat 22, Sun 23, Easter Monday 24
    # skipped, Tue 25 (1), Wed 26 (2): 2 working days late.
    ev = evaluation("licence_easter_2008")
    first = result(ev, "2c.13/first_contact", "rel1")
    assert first.due == d("2008-03-20")
    assert first.status == "met_late"
    assert first.satisfied_by.id == "c1"
    assert first.working_days_late == 2


def test_2c13_second_contact_late_after_easter():
    # Tier 2: 3 working days from Thu 20 Mar 2008, skipping Good Friday, the weekend and
    # Easter Monday: Tue 25 (1), Wed 26 (2), Thu 27 Mar (3).  Second contact Tue 1 Apr:
    # Fri 28 Mar, (Sat 29, Sun 30), Mon 31 Mar, Tue 1 Apr = 3 working days late.
    ev = evaluation("licence_easter_2008")
    second = result(ev, "2c.13/second_contact", "rel1")
    assert second.due == d("2008-03-27")
    assert second.status == "met_late"
    assert second.satisfied_by.id == "c2"
    assert second.working_days_late == 3


def test_2c13_contact_on_the_day_of_release_and_no_second_contact_for_tier_1():
    # Released Tue 1 Apr 2008 and seen that day (day 0): due that day, and on time.
    # Tier 1: the second contact applies only to tiers 2, 3 and 4.
    ev = evaluation("licence_tier1_2008")
    first = result(ev, "2c.13/first_contact", "rel1")
    assert (first.due, first.status, first.satisfied_by.date) == (d("2008-04-01"), "met_on_time", d("2008-04-01"))
    assert "2c.13/second_contact" in not_applicable(ev)
    assert ev.find("2c.13/second_contact") == []


def test_2c13_tier_2_3_and_4_cases_mean_the_cases_tier_recorded_or_indicated():
    # "for tier 2, 3 and 4 cases" names kinds of case, not an assignment: with no tier recorded the
    # grid's indicative tier 4 places the case, so the second contact is timed (not "cannot be
    # timed"): 3 working days from Thu 1 Apr 2010: Fri 2 Good Friday; Sat 3, Sun 4; Mon 5 Easter
    # Monday; Tue 6 (1), Wed 7 (2), Thu 8 Apr (3).  Met by the second meeting, Thu 8 Apr.
    ev = evaluation("licence_high_rosh_no_tier_easter_2010")
    second = result(ev, "2c.13/second_contact", "rel1")
    assert (second.due, second.status, second.satisfied_by.id) == (d("2010-04-08"), "met_on_time", "c2")
    assert tier_used(ev, second) == {"date": "2010-04-01", "tier": 4, "source": "indicative",
                                     "reads": "allocated_or_indicative"}


def test_2c13_not_applicable_without_a_release_on_licence():
    ev = evaluation("community_tier2_custody")
    assert {"2c.13/first_contact", "2c.13/second_contact"} <= not_applicable(ev)
    assert ev.find("2c.13") == []


# ================================================================== 2c.16 home visits


def test_2c16_home_visit_after_release_at_christmas_2016_on_time():
    # High RoSH.  10 working days from Fri 23 Dec 2016: (Sat 24, Sun 25, Mon 26 Boxing Day,
    # Tue 27 substitute Christmas) Wed 28 (1), Thu 29 (2), Fri 30 (3), (Sat 31, Sun 1 Jan,
    # Mon 2 Jan substitute New Year) Tue 3 (4), Wed 4 (5), Thu 5 (6), Fri 6 (7), Mon 9 (8),
    # Tue 10 (9), Wed 11 Jan 2017 (10).  Visited Thu 29 Dec.
    ev = evaluation("licence_christmas_2016")
    visit = result(ev, "2c.16/home_visit", "rel1")
    assert visit.due == d("2017-01-11")
    assert visit.status == "met_on_time"
    assert visit.satisfied_by.id == "hv1"


def test_2c16_home_visit_very_high_risk_community_order_late_over_christmas_2007():
    # Very high RoSH counts as high.  Sentenced Fri 21 Dec 2007: Mon 24 (1), (Tue 25, Wed 26
    # Christmas/Boxing Day) Thu 27 (2), Fri 28 (3), Mon 31 (4), (Tue 1 Jan New Year) Wed 2 (5),
    # Thu 3 (6), Fri 4 (7), Mon 7 (8), Tue 8 (9), Wed 9 Jan 2008 (10).
    # Visited Thu 10 Jan: 1 working day late.
    ev = evaluation("community_tier4_christmas_2007")
    visit = result(ev, "2c.16/home_visit", "s1")
    assert visit.due == d("2008-01-09")
    assert visit.status == "met_late"
    assert visit.working_days_late == 1


def test_2c16_home_visit_overdue_after_easter_2008_release():
    # High RoSH.  Released Thu 20 Mar 2008: (Good Friday 21, weekend, Easter Monday 24)
    # Tue 25 (1), Wed 26 (2), Thu 27 (3), Fri 28 (4), Mon 31 (5), Tue 1 Apr (6), Wed 2 (7),
    # Thu 3 (8), Fri 4 (9), Mon 7 Apr (10).  No visit by Tue 8 Apr: 1 working day overdue.
    ev = evaluation("licence_easter_2008")
    visit = result(ev, "2c.16/home_visit", "rel1")
    assert visit.due == d("2008-04-07")
    assert visit.status == "overdue"
    assert visit.working_days_late == 1


def test_2c16_home_visit_not_applicable_below_high_risk():
    ev = evaluation("community_tier2_custody")       # RoSH low
    assert "2c.16/home_visit" in not_applicable(ev)


def test_2c16_no_contact_schedule_without_a_supervision_requirement():
    # An order of unpaid work only has no supervision requirement: 2c.16 does not apply.
    ev = evaluation("unpaid_work_jubilee_2012")
    assert ev.find("2c.16") == []
    assert {"2c.16/home_visit", "2c.16/tier4_weekly", "2c.16/tier3", "2c.16/tier2", "2c.16/tier1"} <= not_applicable(ev)


# ================================================================== 2c.16 tier 4: weekly


def test_2c16_tier4_weekly_windows_over_christmas_2007():
    # Weeks run Friday to Thursday from Fri 21 Dec 2007 (bank holidays make no difference to
    # a week).  Contacts: Thu 27 Dec; Wed 2 Jan; home visit Thu 10 Jan (a home visit is a
    # contact); week 4 only a telephone call (Mon 14 Jan), which does not count; Tue 22 and
    # Thu 24 Jan.  As of Thu 31 Jan the sixth week ends that day, so it is still pending.
    ev = evaluation("community_tier4_christmas_2007")
    assert window_table(ev, "2c.16/tier4_weekly") == [
        (d("2007-12-21"), d("2007-12-27"), 1, 1, "met"),
        (d("2007-12-28"), d("2008-01-03"), 1, 1, "met"),
        (d("2008-01-04"), d("2008-01-10"), 1, 1, "met"),
        (d("2008-01-11"), d("2008-01-17"), 1, 0, "missed"),
        (d("2008-01-18"), d("2008-01-24"), 1, 2, "met"),
        (d("2008-01-25"), d("2008-01-31"), 1, 0, "pending"),
    ]
    assert window(ev, "2c.16/tier4_weekly", 2).window["events"] == ["hv1"]
    assert window(ev, "2c.16/tier4_weekly", 4).window["events"] == ["c3", "c4"]
    assert {"2c.16/tier3", "2c.16/tier2", "2c.16/tier1"} <= not_applicable(ev)


def test_2c16_tier4_case_means_the_cases_tier_recorded_or_indicated():
    # "for a tier 4 case, there is at least one contact per week": the case's tier, and with none
    # recorded the grid's indicative tier 4 (licence, high RoSH).  Weeks from Thu 1 Apr 2010
    # (calendar days): 1-7 Apr (c1 Tue 6), 8-14 Apr (c2 Thu 8), 15-21 Apr open as of Fri 16 Apr.
    ev = evaluation("licence_high_rosh_no_tier_easter_2010")
    assert window_table(ev, "2c.16/tier4_weekly") == [
        (d("2010-04-01"), d("2010-04-07"), 1, 1, "met"),
        (d("2010-04-08"), d("2010-04-14"), 1, 1, "met"),
        (d("2010-04-15"), d("2010-04-21"), 1, 0, "pending"),
    ]
    assert {"2c.16/tier3", "2c.16/tier2", "2c.16/tier1"} <= not_applicable(ev)


def test_2c16_tier4_schedule_not_applicable_to_a_tier_2_case():
    ev = evaluation("community_tier2_custody")
    assert "2c.16/tier4_weekly" in not_applicable(ev)
    assert ev.find("2c.16/tier4_weekly") == []


# ================================================================== 2c.16 tier 3: weekly for 16 weeks, then 4-weekly


def test_2c16_tier3_weekly_for_16_weeks_then_every_4_weeks():
    # Sentenced Mon 7 Jan 2008: weeks run Monday to Sunday.  Week 12 (24-30 Mar, Easter
    # Monday week) has no contact.  Week 16 is 21-27 Apr; the first 4-week window is
    # Mon 28 Apr - Sun 25 May (contact Wed 21 May); the second, 26 May - 22 Jun, has none and
    # is missed as of Mon 23 Jun; the third starts that day and is pending.
    ev = evaluation("community_tier3_2008")
    weekly = [(d("2008-01-07") + dt.timedelta(weeks=k), d("2008-01-13") + dt.timedelta(weeks=k),
               1, 0 if k == 11 else 1, "missed" if k == 11 else "met") for k in range(16)]
    assert weekly[0][:2] == (d("2008-01-07"), d("2008-01-13"))
    assert weekly[11][:2] == (d("2008-03-24"), d("2008-03-30"))
    assert weekly[15][:2] == (d("2008-04-21"), d("2008-04-27"))
    assert window_table(ev, "2c.16/tier3") == weekly + [
        (d("2008-04-28"), d("2008-05-25"), 1, 1, "met"),
        (d("2008-05-26"), d("2008-06-22"), 1, 0, "missed"),
        (d("2008-06-23"), d("2008-07-20"), 1, 0, "pending"),
    ]


def test_2c16_tier3_on_licence_weeks_start_on_the_day_of_release():
    # Released Fri 23 Dec 2016: weeks run Friday to Thursday.  Week 1: Wed 28 Dec and the home
    # visit Thu 29 Dec; week 2 (30 Dec - 5 Jan): Thu 5 Jan; week 3 (6-12 Jan): Thu 12 Jan;
    # week 4 (13-19 Jan): only the review, which is not a contact, so missed; week 5: Thu 26
    # Jan; week 6 (27 Jan - 2 Feb) is open as of Tue 31 Jan.
    ev = evaluation("licence_christmas_2016")
    assert window_table(ev, "2c.16/tier3") == [
        (d("2016-12-23"), d("2016-12-29"), 1, 2, "met"),
        (d("2016-12-30"), d("2017-01-05"), 1, 1, "met"),
        (d("2017-01-06"), d("2017-01-12"), 1, 1, "met"),
        (d("2017-01-13"), d("2017-01-19"), 1, 0, "missed"),
        (d("2017-01-20"), d("2017-01-26"), 1, 1, "met"),
        (d("2017-01-27"), d("2017-02-02"), 1, 0, "pending"),
    ]


def test_2c16_tier3_schedule_not_applicable_to_a_tier_4_case():
    ev = evaluation("community_tier4_christmas_2007")
    assert "2c.16/tier3" in not_applicable(ev)


# ================================================================== 2c.16 tier 2, with a period in custody


def test_2c16_tier2_schedule_pauses_in_custody_and_resumes_where_it_stopped():
    # Sentenced Mon 7 Jan 2008.  Weekly for 4 weeks (7 Jan - 3 Feb), then fortnightly for 12
    # weeks, then every 4 weeks.  Custody Wed 20 - Fri 29 Feb 2008 (10 days; 2008 is a leap
    # year) falls in the second fortnight, which had run 2 days (Mon 18, Tue 19 Feb); it
    # resumes on Sat 1 Mar with 12 days to go, so it ends Wed 12 Mar (Sun 2 Mar + 10 days).
    # Every later window moves 10 days later than it would have been:
    #   fortnight 3  13-26 Mar   (3-16 Mar without custody)
    #   fortnight 4  27 Mar - 9 Apr  (17-30 Mar)
    #   fortnight 5  10-23 Apr   (31 Mar - 13 Apr)
    #   fortnight 6  24 Apr - 7 May  (14-27 Apr)
    #   4-weekly 1   8 May - 4 Jun   (28 Apr - 25 May)
    #   4-weekly 2   5 Jun - 2 Jul   (26 May - 22 Jun)
    # Week 4 (28 Jan - 3 Feb) and fortnight 4 (27 Mar - 9 Apr) have no contact.  The contact
    # on Wed 26 Mar counts for fortnight 3 only because of the shift.  As of Wed 2 Jul, the
    # last day of the second 4-week window, that window is still pending.
    ev = evaluation("community_tier2_custody")
    assert window_table(ev, "2c.16/tier2") == [
        (d("2008-01-07"), d("2008-01-13"), 1, 1, "met"),
        (d("2008-01-14"), d("2008-01-20"), 1, 1, "met"),
        (d("2008-01-21"), d("2008-01-27"), 1, 1, "met"),
        (d("2008-01-28"), d("2008-02-03"), 1, 0, "missed"),
        (d("2008-02-04"), d("2008-02-17"), 1, 1, "met"),
        (d("2008-02-18"), d("2008-03-12"), 1, 1, "met"),
        (d("2008-03-13"), d("2008-03-26"), 1, 1, "met"),
        (d("2008-03-27"), d("2008-04-09"), 1, 0, "missed"),
        (d("2008-04-10"), d("2008-04-23"), 1, 1, "met"),
        (d("2008-04-24"), d("2008-05-07"), 1, 1, "met"),
        (d("2008-05-08"), d("2008-06-04"), 1, 1, "met"),
        (d("2008-06-05"), d("2008-07-02"), 1, 0, "pending"),
    ]
    assert window(ev, "2c.16/tier2", 5).window["events"] == ["c5"]
    assert window(ev, "2c.16/tier2", 6).window["events"] == ["c6"]
    assert window(ev, "2c.16/tier2", 8).window["events"] == ["c7"]


def test_2c16_tier2_no_window_starts_during_custody():
    # Custody Mon 18 - Wed 27 Feb 2008 starts exactly where the second fortnight would start,
    # so that fortnight only starts when the clock restarts, Thu 28 Feb.  Only windows that
    # have started by the date checked (Thu 21 Feb) are reported: the second fortnight is not
    # among them.
    ev = evaluation("community_tier2_custody_at_window_boundary")
    starts = [row[0] for row in window_table(ev, "2c.16/tier2")]
    assert starts == [d("2008-01-07"), d("2008-01-14"), d("2008-01-21"), d("2008-01-28"), d("2008-02-04")]


def test_2c16_tier2_window_ending_the_day_before_custody_is_missed_during_custody():
    # The first fortnight runs Mon 4 - Sun 17 Feb 2008 with no contact.  Custody starts
    # Mon 18 Feb, after the fortnight is over: the schedule is suspended from there, which
    # does not reopen a fortnight that has already ended.  As of Thu 21 Feb it is missed.
    ev = evaluation("community_tier2_custody_at_window_boundary")
    fortnight = window(ev, "2c.16/tier2", 4)
    assert (fortnight.window["start"], fortnight.window["end"]) == (d("2008-02-04"), d("2008-02-17"))
    assert fortnight.status == "missed"


def test_2c16_tier4_licence_without_a_recorded_end_still_needs_weekly_contact():
    # Released Tue 1 Apr 2008 (licence_end not recorded).  Weeks run Tuesday to Monday:
    # 1-7 Apr (Wed 2 Apr), 8-14 Apr (Wed 9 Apr).  "At least one contact per week throughout
    # the licence" does not depend on knowing when the licence ends.
    ev = evaluation("licence_tier4_without_end_date")
    assert "2c.16/tier4_weekly" not in not_applicable(ev)
    assert window_table(ev, "2c.16/tier4_weekly")[:2] == [
        (d("2008-04-01"), d("2008-04-07"), 1, 1, "met"),
        (d("2008-04-08"), d("2008-04-14"), 1, 1, "met"),
    ]


def test_2c16_tier2_on_licence_weekly_from_the_day_of_release():
    # Released Thu 20 Mar 2008: weeks run Thursday to Wednesday.  Wed 26 Mar is in week 1
    # (the telephone call on Tue 25 does not count); Tue 1 Apr in week 2; week 3 (3-9 Apr)
    # is open as of Tue 8 Apr.
    ev = evaluation("licence_easter_2008")
    assert window_table(ev, "2c.16/tier2") == [
        (d("2008-03-20"), d("2008-03-26"), 1, 1, "met"),
        (d("2008-03-27"), d("2008-04-02"), 1, 1, "met"),
        (d("2008-04-03"), d("2008-04-09"), 1, 0, "pending"),
    ]


def test_2c16_tier2_schedule_not_applicable_to_a_tier_3_case():
    ev = evaluation("community_tier3_2008")
    assert "2c.16/tier2" in not_applicable(ev)


# ================================================================== 2c.16 tier 1: at least 2 throughout


def test_2c16_tier1_two_contacts_meet_the_whole_order():
    # One window for the whole order: Wed 31 Oct 2007 to the day before the order ends
    # (31 Oct 2007 + 18 months = 30 Apr 2009, April having 30 days), i.e. Wed 29 Apr 2009.
    # Two contacts (Mon 5 Nov 2007, Wed 9 Apr 2008): met even though the order runs on.
    ev = evaluation("community_tier1_reviews")
    assert window_table(ev, "2c.16/tier1") == [(d("2007-10-31"), d("2009-04-29"), 2, 2, "met")]


def test_2c16_tier1_licence_with_one_contact_missed_at_the_end():
    # Licence Tue 1 Apr 2008 to Mon 30 Jun 2008 (its last day): one window 1 Apr - Mon 30 Jun.  Only one
    # contact, so as of 1 Jul the licence period is over and the level was missed.
    ev = evaluation("licence_tier1_2008")
    assert window_table(ev, "2c.16/tier1") == [(d("2008-04-01"), d("2008-06-30"), 2, 1, "missed")]


def test_2c16_tier1_schedule_not_applicable_to_a_tier_2_case():
    ev = evaluation("licence_easter_2008")
    assert {"2c.16/tier1", "2c.16/tier3", "2c.16/tier4_weekly"} <= not_applicable(ev)


# ================================================================== 2d.1.4 first unpaid work session


def test_2d14_first_work_session_on_time():
    # Sentenced Mon 7 Jan 2008: Tue 8 (1) ... Fri 11 (4), Mon 14 - Fri 18 (5-9), Mon 21 Jan
    # (10).  First session Sat 19 Jan.
    ev = evaluation("community_tier2_custody")
    session = result(ev, "2d.1.4/first_session", "s1")
    assert (session.due, session.status, session.satisfied_by.id) == (d("2008-01-21"), "met_on_time", "ws1")


def test_2d14_first_work_session_late_after_the_jubilee_2012():
    # Sentenced Thu 24 May 2012: Fri 25 (1), Mon 28 (2), Tue 29 (3), Wed 30 (4), Thu 31 (5),
    # Fri 1 Jun (6), (Mon 4 Jun Spring Bank Holiday, Tue 5 Jun Diamond Jubilee) Wed 6 (7),
    # Thu 7 (8), Fri 8 (9), Mon 11 Jun (10).  First session Tue 12 Jun: 1 working day late.
    ev = evaluation("unpaid_work_jubilee_2012")
    session = result(ev, "2d.1.4/first_session", "s1")
    assert session.due == d("2012-06-11")
    assert session.status == "met_late"
    assert session.working_days_late == 1


def test_2d14_first_work_session_overdue_after_the_royal_wedding_2011():
    # Sentenced Thu 28 Apr 2011: (Fri 29 Apr Royal Wedding, weekend, Mon 2 May May Day)
    # Tue 3 (1), Wed 4 (2), Thu 5 (3), Fri 6 (4), Mon 9 - Fri 13 (5-9), Mon 16 May (10).
    # No session by Wed 18 May: Tue 17, Wed 18 = 2 working days overdue.
    ev = evaluation("drr_royal_wedding_2011")
    session = result(ev, "2d.1.4/first_session", "s1")
    assert (session.due, session.status, session.working_days_late) == (d("2011-05-16"), "overdue", 2)


def test_2d14_not_applicable_without_unpaid_work():
    ev = evaluation("drr_easter_2008")
    assert "2d.1.4/first_session" in not_applicable(ev)


# ================================================================== 2d.9.2 and 2d.9.3 DRR first contacts


def test_2d92_drr_offender_manager_contact_on_time_after_easter():
    # Sentenced Thu 20 Mar 2008: (Good Friday 21, weekend, Easter Monday 24) Tue 25 Mar is
    # working day 1.  Seen face to face by the Offender Manager that day.
    ev = evaluation("drr_easter_2008")
    first = result(ev, "2d.9.2/first_contact", "s1")
    assert (first.due, first.status, first.satisfied_by.id) == (d("2008-03-25"), "met_on_time", "c1")


def test_2d92_drr_offender_manager_contact_overdue_after_the_royal_wedding():
    # Sentenced Thu 28 Apr 2011: (Fri 29 Apr Royal Wedding, weekend, Mon 2 May May Day)
    # working day 1 is Tue 3 May.  A telephone call (Tue 3 May) and a meeting with the
    # treatment provider (Wed 4 May) are not face-to-face contacts with the Offender Manager.
    # As of Wed 18 May: Wed 4 - Fri 6 (3), Mon 9 - Fri 13 (5), Mon 16 - Wed 18 (3) = 11
    # working days overdue.
    ev = evaluation("drr_royal_wedding_2011")
    first = result(ev, "2d.9.2/first_contact", "s1")
    assert first.due == d("2011-05-03")
    assert first.status == "overdue"
    assert first.satisfied_by is None
    assert first.working_days_late == 11


def test_2d93_drr_treatment_provider_contact_late_after_easter():
    # Sentenced Thu 20 Mar 2008: Tue 25 (1), Wed 26 Mar (2).  First treatment contact
    # Thu 27 Mar: 1 working day late.
    ev = evaluation("drr_easter_2008")
    treatment = result(ev, "2d.9.3/treatment", "s1")
    assert treatment.due == d("2008-03-26")
    assert treatment.status == "met_late"
    assert treatment.working_days_late == 1


def test_2d93_drr_treatment_provider_contact_on_time_after_the_royal_wedding():
    # Sentenced Thu 28 Apr 2011: Tue 3 May (1), Wed 4 May (2).  Treatment contact Wed 4 May.
    ev = evaluation("drr_royal_wedding_2011")
    treatment = result(ev, "2d.9.3/treatment", "s1")
    assert (treatment.due, treatment.status, treatment.satisfied_by.id) == (d("2011-05-04"), "met_on_time", "tc1")


def test_2d92_2d93_not_applicable_without_a_drr():
    ev = evaluation("community_tier2_custody")
    assert {"2d.9.2/first_contact", "2d.9.3/treatment"} <= not_applicable(ev)


# ================================================================== 2e.5 formal review


def test_2e5_review_after_release_15_working_days_late_over_christmas_2016():
    # Tier 3, not a PPO: 15 working days from Fri 23 Dec 2016.  Working day 10 is Wed 11 Jan
    # 2017 (see the home visit test: Christmas, Boxing Day and New Year substitutes skipped);
    # Thu 12 (11), Fri 13 (12), Mon 16 (13), Tue 17 (14), Wed 18 Jan (15).  Reviewed Thu 19
    # Jan: 1 working day late.
    ev = evaluation("licence_christmas_2016")
    after = result(ev, "2e.5/after_release", "rel1")
    assert after.due == d("2017-01-18")
    assert after.status == "met_late"
    assert after.working_days_late == 1


def test_2e5_review_after_release_5_working_days_for_a_ppo_over_easter_2008():
    # PPO: 5 working days from Thu 20 Mar 2008: (Good Friday, weekend, Easter Monday)
    # Tue 25 (1), Wed 26 (2), Thu 27 (3), Fri 28 (4), Mon 31 Mar (5).  Reviewed Mon 31 Mar.
    ev = evaluation("licence_easter_2008")
    after = result(ev, "2e.5/after_release", "rel1")
    assert (after.due, after.status, after.satisfied_by.id) == (d("2008-03-31"), "met_on_time", "rv1")


def test_2e5_tier4_offender_means_the_cases_tier_recorded_or_indicated():
    # "within 5 days of release for a tier 4 offender or PPO": the case's tier; none recorded, the
    # grid indicates tier 4.  From Thu 1 Apr 2010: Fri 2 Good Friday; Mon 5 Easter Monday; Tue 6
    # (1), Wed 7 (2), Thu 8 (3), Fri 9 (4), Mon 12 Apr (5).  No review by Fri 16 Apr: overdue by
    # Tue 13, Wed 14, Thu 15, Fri 16 = 4 working days.
    ev = evaluation("licence_high_rosh_no_tier_easter_2010")
    after = result(ev, "2e.5/after_release", "rel1")
    assert (after.deadline, after.due, after.status, after.working_days_late) == \
        ("5 working days", d("2010-04-12"), "overdue", 4)


def test_2e5_review_after_recall_within_14_working_days():
    # Recalled Fri 30 May 2008: Mon 2 - Fri 6 Jun (1-5), Mon 9 - Fri 13 (6-10), Mon 16 (11),
    # Tue 17 (12), Wed 18 (13), Thu 19 Jun (14).  Reviewed Thu 19 Jun, the last day.
    ev = evaluation("enforcement_licence_2008")
    after = result(ev, "2e.5/after_recall", "rc1")
    assert (after.due, after.status, after.satisfied_by.id) == (d("2008-06-19"), "met_on_time", "rv1")


def test_2e5_after_release_and_recall_not_applicable_to_a_community_order():
    ev = evaluation("community_tier1_reviews")
    assert {"2e.5/after_release", "2e.5/after_recall"} <= not_applicable(ev)


def test_2e5_four_monthly_reviews_in_the_community():
    # Sentenced Wed 31 Oct 2007: 4 months on is "31 Feb", so Fri 29 Feb 2008 (leap year).
    # Reviewed Fri 29 Feb: on time.  From that review, 4 months is Sun 29 Jun 2008; the next
    # review, Wed 2 Jul, is late by Mon 30 Jun, Tue 1 Jul, Wed 2 Jul = 3 working days.
    # From Wed 2 Jul, 4 months is Sun 2 Nov 2008; no review by Wed 5 Nov: Mon 3, Tue 4,
    # Wed 5 = 3 working days overdue.
    ev = evaluation("community_tier1_reviews")
    from_sentence = result(ev, "2e.5/four_monthly", "s1")
    assert (from_sentence.due, from_sentence.status, from_sentence.satisfied_by.id) == (
        d("2008-02-29"), "met_on_time", "rv1")
    from_first = result(ev, "2e.5/four_monthly", "rv1")
    assert (from_first.due, from_first.status, from_first.satisfied_by.id) == (d("2008-06-29"), "met_late", "rv2")
    assert from_first.working_days_late == 3
    from_second = result(ev, "2e.5/four_monthly", "rv2")
    assert (from_second.due, from_second.status, from_second.working_days_late) == (d("2008-11-02"), "overdue", 3)


def test_2e5_four_monthly_review_from_release_and_from_the_last_review():
    # Released Fri 23 Dec 2016: due Sun 23 Apr 2017, met by the review on Thu 19 Jan.  That
    # review restarts the clock: next due Fri 19 May 2017, pending on Tue 31 Jan.
    ev = evaluation("licence_christmas_2016")
    from_release = result(ev, "2e.5/four_monthly", "rel1")
    assert (from_release.due, from_release.status) == (d("2017-04-23"), "met_on_time")
    from_review = result(ev, "2e.5/four_monthly", "rv1")
    assert (from_review.due, from_review.status) == (d("2017-05-19"), "pending")


def test_2e5_four_monthly_not_applicable_in_custody_or_when_a_release_restarts_the_clock():
    # The review after recall (Thu 19 Jun 2008) is held in custody (30 May - 13 Jul): the
    # community 4-month limit does not run from it.  The clock started by the release of
    # Tue 1 Apr 2008 is replaced by the re-release of Mon 14 Jul, within 4 months
    # ("whichever is the later").
    ev = evaluation("enforcement_licence_2008")
    in_custody = result(ev, "2e.5/four_monthly", "rv1")
    assert (in_custody.status, in_custody.exception) == ("not_applicable", "2e.5")
    restarted = result(ev, "2e.5/four_monthly", "rel1")
    assert (restarted.status, restarted.exception) == ("not_applicable", "2e.5")
    from_rerelease = result(ev, "2e.5/four_monthly", "rel2")
    assert (from_rerelease.due, from_rerelease.status) == (d("2008-11-14"), "pending")


def test_2e5_four_monthly_limit_does_not_run_out_while_recalled_to_custody():
    # Reviewed Thu 10 Apr 2008 in the community: the next review is due by Sun 10 Aug 2008
    # only while "the offender is in the community".  He was recalled on Tue 5 Aug and has
    # been in custody since, so on 10 Aug the community limit no longer applied (in custody
    # the limit is 12 months from the last review).  The review after recall is on time:
    # 14 working days from Tue 5 Aug are Wed 6 (1), Thu 7 (2), Fri 8 (3), Mon 11 - Fri 15
    # (4-8), Mon 18 (9), Tue 19 (10), Wed 20 (11), Thu 21 (12), Fri 22 (13), (weekend, Mon 25
    # Aug Summer Bank Holiday) Tue 26 Aug (14); reviewed Wed 20 Aug.
    ev = evaluation("licence_recall_august_2008")
    after_recall = result(ev, "2e.5/after_recall", "rc1")
    assert (after_recall.due, after_recall.status) == (d("2008-08-26"), "met_on_time")
    in_custody = result(ev, "2e.5/four_monthly", "rv1")
    assert in_custody.status in ("not_applicable", "met_on_time"), in_custody.status


# ================================================================== 2f.8 written warnings


def test_2f8_warning_within_10_working_days_across_easter_2008():
    # Failure Mon 17 Mar 2008: Tue 18 (1), Wed 19 (2), Thu 20 (3), (Good Friday 21, weekend,
    # Easter Monday 24) Tue 25 (4), Wed 26 (5), Thu 27 (6), Fri 28 (7), Mon 31 (8),
    # Tue 1 Apr (9), Wed 2 Apr (10).  Warning issued Wed 2 Apr, the last day.
    ev = evaluation("enforcement_community_2008")
    first = result(ev, "2f.8/warning", "f1")
    assert (first.due, first.status, first.satisfied_by.id) == (d("2008-04-02"), "met_on_time", "w1")


def test_2f8_second_failure_on_the_same_day_is_not_counted_again():
    ev = evaluation("enforcement_community_2008")
    same_day = result(ev, "2f.8/warning", "f1b")
    assert (same_day.status, same_day.exception) == ("not_applicable", "2f.4")
    assert "f1b" not in triggers(ev, "2f.4/enforcement")


def test_2f8_warning_overdue_after_the_earlier_warning_was_spent():
    # The court let the order continue on Wed 21 May 2008, so warning w1 (2 Apr) is spent:
    # the failure of Mon 2 Jun 2008 calls for a warning, not enforcement.  Due: Tue 3 (1),
    # Wed 4 (2), Thu 5 (3), Fri 6 (4), Mon 9 - Fri 13 (5-9), Mon 16 Jun (10).  No warning by
    # Wed 18 Jun: Tue 17, Wed 18 = 2 working days overdue.
    ev = evaluation("enforcement_community_2008")
    after_breach = result(ev, "2f.8/warning", "f3")
    assert (after_breach.due, after_breach.status, after_breach.working_days_late) == (
        d("2008-06-16"), "overdue", 2)
    assert "f3" not in triggers(ev, "2f.4/enforcement")


def test_2f8_same_day_rule_ignores_an_appointment_explained_in_advance():
    # Tue 5 Feb 2008: appointment fa was explained in advance, so the only failure to comply
    # that day is fb.  Its warning is due by Wed 6 (1), Thu 7 (2), Fri 8 (3), Mon 11 - Fri 15
    # (4-8), Mon 18 (9), Tue 19 Feb (10); issued Mon 18 Feb.
    ev = evaluation("same_day_failures_2008")
    assert "fa" not in triggers(ev, "2f.8/warning")
    unexplained = result(ev, "2f.8/warning", "fb")
    assert (unexplained.due, unexplained.status, unexplained.exception) == (d("2008-02-19"), "met_on_time", None)


def test_2f8_excepted_when_an_explanation_is_accepted():
    ev = evaluation("enforcement_community_2008")
    explained = result(ev, "2f.8/warning", "f4")
    assert (explained.status, explained.exception) == ("not_applicable", "2f.8")


def test_2f8_excepted_when_the_public_is_at_greater_risk():
    # 2f.3 applies instead (urgent enforcement).
    ev = evaluation("enforcement_community_2008")
    urgent = result(ev, "2f.8/warning", "f5")
    assert (urgent.status, urgent.exception) == ("not_applicable", "2f.3")


def test_2f8_not_applicable_when_explained_in_advance():
    ev = evaluation("enforcement_community_2008")
    assert "f0" not in triggers(ev, "2f.8/warning")
    assert "f0" not in triggers(ev, "2f.4/enforcement")


def test_2f8_warning_on_licence_late_over_may_day_2008():
    # Licence: one earlier warning (w1, 15 Apr) is not enough for enforcement, so the failure
    # of Tue 22 Apr 2008 calls for a second warning.  Wed 23 (1), Thu 24 (2), Fri 25 (3),
    # Mon 28 (4), Tue 29 (5), Wed 30 (6), Thu 1 May (7), Fri 2 May (8), (Mon 5 May May Day)
    # Tue 6 (9), Wed 7 May (10).  Warning Thu 8 May: 1 working day late.
    ev = evaluation("enforcement_licence_2008")
    first = result(ev, "2f.8/warning", "f1")
    assert (first.due, first.status) == (d("2008-04-21"), "met_on_time")
    second = result(ev, "2f.8/warning", "f2")
    assert (second.due, second.status, second.working_days_late) == (d("2008-05-07"), "met_late", 1)
    assert "f2" not in triggers(ev, "2f.4/enforcement")


def test_2f8_warnings_spent_by_recall_and_re_release():
    # Recalled Fri 30 May and re-released Mon 14 Jul 2008: w1 and w2 are spent, so the
    # failure of Thu 17 Jul is met with a warning, not enforcement.  Fri 18 (1), Mon 21 -
    # Fri 25 (2-6), Mon 28 (7), Tue 29 (8), Wed 30 (9), Thu 31 Jul (10).
    ev = evaluation("enforcement_licence_2008")
    fresh = result(ev, "2f.8/warning", "f5")
    assert (fresh.due, fresh.status, fresh.satisfied_by.id) == (d("2008-07-31"), "met_on_time", "w5")
    assert "f5" not in triggers(ev, "2f.4/enforcement")


def test_2f8_warning_more_than_12_months_old_does_not_count_christmas_2008():
    # The only earlier warning (Wed 12 Dec 2007) is more than 12 months before the failure of
    # Mon 15 Dec 2008, so a warning is due, not enforcement.  Tue 16 (1), Wed 17 (2),
    # Thu 18 (3), Fri 19 (4), Mon 22 (5), Tue 23 (6), Wed 24 (7), (Thu 25 Christmas, Fri 26
    # Boxing Day, weekend) Mon 29 (8), Tue 30 (9), Wed 31 Dec 2008 (10).
    ev = evaluation("enforcement_community_christmas_2008")
    late_failure = result(ev, "2f.8/warning", "fc")
    assert (late_failure.due, late_failure.status, late_failure.satisfied_by.id) == (
        d("2008-12-31"), "met_on_time", "wc")
    assert "fc" not in triggers(ev, "2f.4/enforcement")


# ================================================================== 2f.4 enforcement


def test_2f4_second_failure_within_12_months_of_a_warning_on_a_community_order():
    # Warned Wed 2 Apr 2008; failed again Thu 10 Apr.  Enforcement within 10 working days:
    # Fri 11 (1), Mon 14 - Fri 18 (2-6), Mon 21 (7), Tue 22 (8), Wed 23 (9), Thu 24 Apr (10).
    # Initiated Mon 28 Apr: Fri 25, Mon 28 = 2 working days late.  No warning is due.
    ev = evaluation("enforcement_community_2008")
    breach = result(ev, "2f.4/enforcement", "f2")
    assert breach.due == d("2008-04-24")
    assert breach.status == "met_late"
    assert breach.satisfied_by.id == "ei2"
    assert breach.working_days_late == 2
    assert "f2" not in triggers(ev, "2f.8/warning")
    assert "f1" not in triggers(ev, "2f.4/enforcement")      # a first failure gets a warning


def test_2f4_serious_refusal_needs_enforcement_without_any_warning_christmas_2008():
    # A serious refusal on Fri 12 Dec 2008 (no warning in the preceding 12 months): Mon 15
    # (1), Tue 16 (2), Wed 17 (3), Thu 18 (4), Fri 19 (5), Mon 22 (6), Tue 23 (7), Wed 24 (8),
    # (Christmas, Boxing Day, weekend) Mon 29 (9), Tue 30 Dec 2008 (10).  Initiated Wed 17 Dec.
    # A suspended sentence order is treated as a community order (Interpretation Note 8).
    ev = evaluation("enforcement_community_christmas_2008")
    refusal = result(ev, "2f.4/enforcement", "fb")
    assert (refusal.due, refusal.status, refusal.satisfied_by.id) == (d("2008-12-30"), "met_on_time", "eib")
    assert "fb" not in triggers(ev, "2f.8/warning")


def test_2f4_licence_needs_two_prior_warnings():
    # Warned Tue 15 Apr and Thu 8 May 2008; third failure Mon 12 May.  Tue 13 (1), Wed 14
    # (2), Thu 15 (3), Fri 16 (4), Mon 19 (5), Tue 20 (6), Wed 21 (7), Thu 22 (8), Fri 23 (9),
    # (weekend, Mon 26 May Spring Bank Holiday) Tue 27 May (10).  Initiated Thu 29 May:
    # Wed 28, Thu 29 = 2 working days late.
    ev = evaluation("enforcement_licence_2008")
    third = result(ev, "2f.4/enforcement", "f3")
    assert (third.due, third.status, third.working_days_late) == (d("2008-05-27"), "met_late", 2)
    assert "f3" not in triggers(ev, "2f.8/warning")
    assert triggers(ev, "2f.4/enforcement") == {"f3"}


def test_2f4_not_applicable_without_failures():
    ev = evaluation("community_tier2_custody")
    assert {"2f.4/enforcement", "2f.8/warning", "2f.6/documents"} <= not_applicable(ev)


# ================================================================== 2f.6 breach documentation


def test_2f6_breach_documents_on_the_20th_working_day_over_may_day_2008():
    # Failure Thu 10 Apr 2008; 20 working days: Thu 24 Apr is day 10, Fri 25 (11), Mon 28
    # (12), Tue 29 (13), Wed 30 (14), Thu 1 May (15), Fri 2 May (16), (weekend, Mon 5 May
    # May Day) Tue 6 (17), Wed 7 (18), Thu 8 (19), Fri 9 May (20).  Papers on Fri 9 May.
    ev = evaluation("enforcement_community_2008")
    papers = result(ev, "2f.6/documents", "f2")
    assert (papers.due, papers.status, papers.satisfied_by.id) == (d("2008-05-09"), "met_on_time", "bd2")


def test_2f6_breach_documents_late_over_christmas_2008():
    # Failure Fri 12 Dec 2008; working day 10 is Tue 30 Dec (see the 2f.4 test); Wed 31 (11),
    # (Thu 1 Jan 2009 New Year) Fri 2 Jan (12), Mon 5 - Fri 9 (13-17), Mon 12 (18),
    # Tue 13 (19), Wed 14 Jan 2009 (20).  Papers Fri 16 Jan: Thu 15, Fri 16 = 2 days late.
    ev = evaluation("enforcement_community_christmas_2008")
    papers = result(ev, "2f.6/documents", "fb")
    assert (papers.due, papers.status, papers.working_days_late) == (d("2009-01-14"), "met_late", 2)


def test_2f6_not_applicable_to_a_licence():
    # Enforcement on a licence goes to the Post Release Section, not a court: 2f.6 is for
    # breaches of community orders only.
    ev = evaluation("enforcement_licence_2008")
    assert "2f.6/documents" in not_applicable(ev)


# ================================================================== 4.2 victim contact offer

def test_4_2_victim_offer_on_the_40th_working_day_after_easter_2008():
    # Sentenced Thu 20 Mar 2008: (Good Friday 21, weekend, Easter Monday 24) Tue 25 (1),
    # Wed 26 (2), Thu 27 (3), Fri 28 (4), Mon 31 Mar - Fri 4 Apr (5-9), 7-11 Apr (10-14),
    # 14-18 Apr (15-19), 21-25 Apr (20-24), Mon 28 Apr - Fri 2 May (25-29), (Mon 5 May May
    # Day) Tue 6 - Fri 9 May (30-33), 12-16 May (34-38), Mon 19 (39), Tue 20 May (40).
    ev = evaluation("victim_easter_2008")
    offer = result(ev, "4.2/offer", "s1")
    assert (offer.due, offer.status, offer.satisfied_by.id) == (d("2008-05-20"), "met_on_time", "vo1")


def test_4_2_victim_offer_late_over_christmas_2010():
    # Sentenced Wed 24 Nov 2010: Thu 25 (1), Fri 26 (2), 29 Nov - 3 Dec (3-7), 6-10 Dec
    # (8-12), 13-17 Dec (13-17), 20-24 Dec (18-22), (weekend, Mon 27 and Tue 28 Dec the
    # Christmas and Boxing Day substitutes) Wed 29 (23), Thu 30 (24), Fri 31 (25),
    # (weekend, Mon 3 Jan 2011 New Year substitute) Tue 4 (26), Wed 5 (27), Thu 6 (28),
    # Fri 7 (29), 10-14 Jan (30-34), 17-21 Jan (35-39), Mon 24 Jan 2011 (40).
    # The offer of Fri 14 Jan was not in writing; the letter of Wed 26 Jan is 2 days late.
    ev = evaluation("victim_christmas_2010")
    offer = result(ev, "4.2/offer", "s1")
    assert offer.due == d("2011-01-24")
    assert offer.status == "met_late"
    assert offer.satisfied_by.id == "vo1"
    assert offer.working_days_late == 2


def test_4_2_not_applicable_when_the_sentence_does_not_qualify():
    ev = evaluation("licence_christmas_2016")       # custodial sentence, no offence recorded
    assert "4.2/offer" in not_applicable(ev)
    assert ev.find("4.2") == []
